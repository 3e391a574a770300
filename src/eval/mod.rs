//! Deciding one request exactly as AWS does, across every policy type, with a trace.

pub mod inputs;
pub mod request;
