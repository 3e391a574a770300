//! Runs every scenario of the corpus: `tests/conformance/`, `tests/scenarios/`, `tests/lessons/`
//! and, when it exists, `../shared/conformance/`. Each must be valid and meet every expectation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "corpus_support/mod.rs"]
mod corpus_support;
use corpus_support::scenario_files;

#[test]
fn every_scenario_is_valid_and_meets_its_expectations() {
    let files = scenario_files();
    assert!(files.len() >= 5, "the corpus is missing: {files:?}");
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.display().to_string();
        let report = iam_playground::scenario::simulate(&name, &text);
        if report.invalid {
            let diags: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
            failures.push(format!("{name}: invalid:\n  {}", diags.join("\n  ")));
            continue;
        }
        for s in &report.steps {
            if s.met == Some(false) {
                failures.push(format!(
                    "{name}: step {} ({} {}) decided {:?} {:?}, expected {:?} {:?}",
                    s.index,
                    s.kind,
                    s.action.as_deref().unwrap_or(""),
                    s.decision,
                    s.error.as_ref().map(|e| &e.code),
                    s.expect,
                    s.expect_error
                ));
            }
        }
        for s in report.steps.iter().filter(|s| s.unexpected_cannot_evaluate) {
            failures.push(format!(
                "{name}: step {} could not be evaluated and no `expectError: CannotEvaluate` expects it",
                s.index
            ));
        }
        assert!(report.expectations.met > 0, "{name} checks nothing");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
