//! Installs the shipped AWS action catalogue (`data/iam-catalogue.txt`) for a test binary, as
//! the CLI and the browser do: once per process.

use iam_playground::catalogue::{self, Catalogue};

/// The shipped catalogue, installed for this process.
#[allow(clippy::expect_used)]
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
