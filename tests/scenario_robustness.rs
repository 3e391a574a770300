//! Never panic on input: every truncation, deletion and type swap of the conformance scenarios
//! loads (or fails to load) with diagnostics, and whatever is valid runs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    out.sort();
    out
}

fn run(text: &str) {
    let r = iam_playground::scenario::simulate("x.json", text);
    if r.invalid {
        assert!(r.diagnostics.iter().any(|d| d.diagnostic.is_error()));
    }
    for s in &r.steps {
        // A step is either decided or not evaluated, never both.
        assert!(
            !(s.decision.is_some() && s.not_evaluated.is_some()),
            "{s:?}"
        );
    }
    // The report always serializes.
    serde_json::to_string(&r).unwrap();
}

#[test]
fn every_truncation_is_diagnosed_without_panicking() {
    for text in corpus() {
        let mut i = 0;
        while i < text.len() {
            if text.is_char_boundary(i) {
                let r = iam_playground::scenario::simulate("x.json", &text[..i]);
                assert!(r.invalid, "a truncated scenario is invalid");
            }
            i += 211;
        }
    }
}

#[test]
fn swapping_values_for_other_types_is_diagnosed() {
    let swaps = [
        "null",
        "true",
        "12",
        "\"s\"",
        "[]",
        "{}",
        "[1, {\"a\": null}]",
    ];
    for text in corpus() {
        // Replace the value after each `": ` with each other type, one at a time.
        let starts: Vec<usize> = text.match_indices("\": ").map(|(i, _)| i + 3).collect();
        for (n, &s) in starts.iter().enumerate().step_by(7) {
            let rest = &text[s..];
            let end = rest
                .char_indices()
                .find(|(_, c)| *c == ',' || *c == '\n')
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            let swap = swaps[n % swaps.len()];
            let mutated = format!("{}{}{}", &text[..s], swap, &rest[end..]);
            run(&mutated);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]
    #[test]
    fn random_deletions_never_panic(file in 0usize..5, at in 0usize..10_000, len in 1usize..40) {
        let corpus = corpus();
        let text = &corpus[file % corpus.len()];
        let mut start = at % text.len();
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) { end += 1; }
        let mutated = format!("{}{}", &text[..start], &text[end..]);
        run(&mutated);
    }
}

#[test]
fn extreme_times_and_durations_do_not_overflow() {
    let text = r#"{"format": "iam-playground/scenario@1", "time": "0000-01-01T00:00:00Z",
      "accounts": [{"id": "111111111111", "users": [{"name": "user1", "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}],
        "roles": [{"name": "R", "maxSessionDuration": 43200, "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}]}],
      "steps": [{"as": "arn:aws:iam::111111111111:user/user1", "mfa": true},
        {"advanceTime": "P1000000000000W"},
        {"call": "s3:ListAllMyBuckets"},
        {"assumeRole": "arn:aws:iam::111111111111:role/R", "durationSeconds": 9223372036854775807},
        {"setTime": "9999-12-31T23:59:60Z"},
        {"assumeRole": "arn:aws:iam::111111111111:role/R", "durationSeconds": 43200, "expect": "allowed"},
        {"advanceTime": "P1000000000000W"},
        {"call": "s3:ListAllMyBuckets", "expect": "error", "expectError": "ExpiredToken"}]}"#;
    let r = iam_playground::scenario::simulate("x.json", text);
    assert!(!r.invalid, "{:?}", r.diagnostics);
    assert_eq!(r.expectations.failed, 0, "{:?}", r.steps);
    assert_eq!(r.steps[3].error.as_ref().unwrap().code, "ValidationError");
    let overflow = text.replace("P1000000000000W", "P99999999999999999W");
    assert!(iam_playground::scenario::simulate("x.json", &overflow).invalid);
}
