//! Helpers shared by the policy tests: parse and assert one diagnostic with its exact
//! underlined text (the span sliced from the source), cedar style.
#![allow(dead_code)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iam_playground::diag::{Diagnostic, Severity};
use iam_playground::policy::model::{Policy, PolicyKind};
use iam_playground::policy::{parse_text, ParsedPolicy};

/// Parses `text` and returns the diagnostic with `code`, asserting it underlines `underlined`.
pub fn assert_diag(text: &str, kind: PolicyKind, code: &str, underlined: &str) -> Diagnostic {
    let parsed = parse_text(text, kind);
    let found: Vec<&Diagnostic> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    assert!(
        !found.is_empty(),
        "expected diagnostic `{code}`, got {:#?}",
        parsed.diagnostics
    );
    let d = found
        .iter()
        .find(|d| d.span.map(|s| s.slice(text)) == Some(underlined))
        .unwrap_or_else(|| {
            panic!(
                "`{code}` should underline {underlined:?}; it underlines {:?}",
                found
                    .iter()
                    .map(|d| d.span.map(|s| s.slice(text)))
                    .collect::<Vec<_>>()
            )
        });
    let d = (*d).clone();
    if d.severity == Severity::Error {
        assert!(parsed.policy.is_none(), "an error must drop the policy");
    }
    assert!(
        d.help.as_deref().is_some_and(|h| !h.is_empty()),
        "every diagnostic says what fixes it: {d:?}"
    );
    d
}

/// Like [`assert_diag`] and also checks severity and message.
pub fn assert_diag_full(
    text: &str,
    kind: PolicyKind,
    code: &str,
    severity: Severity,
    message: &str,
    underlined: &str,
) -> Diagnostic {
    let d = assert_diag(text, kind, code, underlined);
    assert_eq!(d.severity, severity, "severity of `{code}`");
    assert_eq!(d.message, message, "message of `{code}`");
    d
}

/// Asserts no diagnostic has `code`.
pub fn assert_no_diag(text: &str, kind: PolicyKind, code: &str) {
    let parsed = parse_text(text, kind);
    assert!(
        parsed.diagnostics.iter().all(|d| d.code != code),
        "unexpected `{code}`: {:#?}",
        parsed.diagnostics
    );
}

/// Parses a policy that must be clean (no diagnostics at all).
pub fn clean(text: &str, kind: PolicyKind) -> Policy {
    let parsed = parse_text(text, kind);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    parsed.policy.unwrap()
}

/// Parses a policy that must have no errors (warnings allowed).
pub fn accepted(text: &str, kind: PolicyKind) -> (Policy, ParsedPolicy) {
    let parsed = parse_text(text, kind);
    let p = parsed
        .policy
        .clone()
        .unwrap_or_else(|| panic!("policy refused: {:#?}", parsed.diagnostics));
    (p, parsed)
}

/// Wraps one statement (JSON object text) in a 2012-10-17 policy.
pub fn policy_with(statement: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statement}]}}")
}
