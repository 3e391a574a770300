//! The IAM policy language: the document model, parsing from text with positions, and
//! validation in the spirit of IAM Access Analyzer's policy checks.

mod catalogue_checks;
mod catalogue_lookup;
mod condition_checks;
pub mod condition_keys;
mod fold;
mod glob;
pub mod limits;
mod locate;
pub mod model;
pub mod moved;
pub mod parse;
mod redundancy;
mod statement_checks;
pub mod validate;
pub mod variables;

pub use parse::{parse_node, parse_text, ParsedPolicy};
