//! Without an installed catalogue, validation says nothing about whether services, actions,
//! condition keys and resource types exist (issue 9: before the catalogue arrives, validation
//! behaves exactly as it did). This binary never installs the catalogue; the same policies
//! raise the catalogue findings in `tests/catalogue_findings.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod catalogue_support;

use catalogue_support::CODES;
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse_text;

/// One policy with a mistake of every kind the catalogue finds (`tests/catalogue_findings.rs`
/// checks that it raises each finding once the catalogue is installed).
const EVERY_MISTAKE: &str = include_str!("catalogue/every-mistake.json");

#[test]
fn without_a_catalogue_no_catalogue_finding_appears() {
    assert!(iam_playground::catalogue::installed().is_none());
    let parsed = parse_text(EVERY_MISTAKE, PolicyKind::Identity);
    assert!(parsed.policy.is_some(), "{:#?}", parsed.diagnostics);
    let found: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| CODES.contains(c))
        .collect();
    assert!(found.is_empty(), "{found:?}");
    // What validation said before the catalogue existed, and only that.
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, Vec::<&str>::new(), "{:#?}", parsed.diagnostics);
}
