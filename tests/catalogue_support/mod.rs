//! Installs the shipped AWS action catalogue (`data/iam-catalogue.txt`) for a test binary, as
//! the CLI and the browser do: once per process.

use iam_playground::catalogue::{self, Catalogue};

/// The finding codes validation adds once a catalogue is installed (docs/diagnostics.md,
/// "Findings from the AWS catalogue").
#[allow(dead_code)]
pub const CODES: [&str; 8] = [
    "unknown-service",
    "unknown-action",
    "action-wildcard-matches-nothing",
    "unknown-condition-key",
    "condition-key-not-supported",
    "condition-operator-type-mismatch",
    "resource-type-mismatch",
    "action-requires-wildcard-resource",
];

/// The shipped catalogue, installed for this process.
#[allow(clippy::expect_used, dead_code)]
pub fn install_shipped() -> &'static Catalogue {
    if let Some(c) = catalogue::installed() {
        return c;
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/iam-catalogue.txt");
    let text = std::fs::read_to_string(path).expect("data/iam-catalogue.txt is readable");
    let parsed = Catalogue::parse(&text).expect("the shipped catalogue parses");
    match catalogue::install(parsed) {
        Ok(c) => c,
        Err(_) => catalogue::installed().expect("installed by another test"),
    }
}
