//! The `iam-playground` command line: simulate scenarios and validate policies offline.
fn main() {}
