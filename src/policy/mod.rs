//! The IAM policy language: the document model, parsing from text with positions, and
//! validation in the spirit of IAM Access Analyzer's policy checks.

pub mod limits;
pub mod model;
pub mod parse;
pub mod validate;

pub use parse::{parse_node, parse_text, ParsedPolicy};
