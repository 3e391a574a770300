//! Scenarios (`iam-playground/scenario@1`): a small AWS world and steps simulated in order.
//!
//! Entry point: [`simulate`], which loads a scenario from text and runs it. Its [`Report`]
//! serializes to exactly the JSON document `iam-playground simulate --format json` prints.

use crate::diag::LocatedDiagnostic;
use serde::Serialize;

/// The result of loading and running one scenario.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The scenario's title.
    pub title: String,
    /// One entry per step, in order (see `scenario-format.md`).
    pub steps: Vec<serde_json::Value>,
    /// How many expectations were met and failed.
    pub expectations: Expectations,
    /// Every diagnostic found while loading (errors and warnings), placed in the file.
    pub diagnostics: Vec<LocatedDiagnostic>,
    /// Whether the scenario is invalid (any error diagnostic): CLI exit status 2.
    pub invalid: bool,
    /// The engine version that produced this report.
    pub engine: String,
}

/// Counts of met and failed expectations.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Expectations {
    /// Steps whose `expect` was met.
    pub met: usize,
    /// Steps whose `expect` was not met.
    pub failed: usize,
}

/// Loads the scenario in `text` (named `file` in diagnostics) and runs its steps.
pub fn simulate(file: &str, text: &str) -> Report {
    let parsed = crate::json::parse(text);
    let index = crate::source::LineIndex::new(text);
    let mut diagnostics: Vec<LocatedDiagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|d| LocatedDiagnostic::locate(file, text, &index, d))
        .collect();
    if parsed.node.is_some() {
        diagnostics.push(LocatedDiagnostic::locate(
            file,
            text,
            &index,
            crate::diag::Diagnostic::error("not-yet-supported", "scenario loading is being built"),
        ));
    }
    Report {
        title: String::new(),
        steps: Vec::new(),
        expectations: Expectations::default(),
        invalid: true,
        diagnostics,
        engine: crate::ENGINE_VERSION.to_string(),
    }
}
