//! Scenarios (`iam-playground/scenario@1`): a small AWS world and steps simulated in order.
//!
//! Entry point: [`simulate`], which loads a scenario from text and runs it. Its [`Report`]
//! serializes to exactly the JSON document `iam-playground simulate --format json` prints.
//!
//! - [`load`]: JSON → [`model::Scenario`], every diagnostic at once;
//! - [`run`]: the steps, the clock, identities and sessions, `sts:AssumeRole`;
//! - [`report`]: per-step results and trace entries; [`text`]: their readable rendering.

pub mod arn;
pub mod authz;
pub mod aws_managed;
pub mod clock;
pub mod identity;
pub mod load;
pub mod model;
pub mod report;
pub mod run;
pub mod sts;
pub mod text;
pub mod world;

use crate::diag::{Diagnostic, LocatedDiagnostic};
use serde::Serialize;

pub use report::{StepReport, TraceEntry};

/// The result of loading and running one scenario.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The scenario's title.
    pub title: String,
    /// One entry per step, in order (see `scenario-format.md`).
    pub steps: Vec<StepReport>,
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
    /// Steps the engine could not evaluate (`CannotEvaluate`) that no
    /// `"expectError": "CannotEvaluate"` expected; any makes the CLI exit 1.
    #[serde(rename = "cannotEvaluate")]
    pub cannot_evaluate: usize,
}

impl Report {
    /// The CLI's exit status: 2 invalid, 1 some expectation failed or some step could not be
    /// evaluated without `"expectError": "CannotEvaluate"` expecting it, 0 otherwise.
    pub fn exit_code(&self) -> i32 {
        if self.invalid {
            2
        } else if self.expectations.failed > 0 || self.expectations.cannot_evaluate > 0 {
            1
        } else {
            0
        }
    }
}

/// Loads the scenario in `text` (named `file` in diagnostics) and runs its steps. An invalid
/// scenario is run only when all its errors are inside policy documents, and then the steps
/// that depend on a broken document are not evaluated (`notEvaluated`); otherwise no step runs.
pub fn simulate(file: &str, text: &str) -> Report {
    process(file, text, true)
}

/// Loads the scenario in `text` and reports its diagnostics without running it (`validate`).
pub fn check(file: &str, text: &str) -> Report {
    process(file, text, false)
}

/// Loads the world of the scenario in `text` for queries (who-can, reach, diff): the loaded
/// scenario when it has no error, else every diagnostic (errors and warnings), located.
pub fn load_world(file: &str, text: &str) -> Result<model::Scenario, Vec<LocatedDiagnostic>> {
    let parsed = crate::json::parse(text);
    let mut diags = parsed.diagnostics;
    let loaded = parsed.node.as_ref().map(|root| load::load(text, root));
    let scenario = match loaded {
        Some(l) => {
            diags.extend(l.diagnostics);
            Some(l.scenario)
        }
        None => None,
    };
    match scenario {
        Some(sc) if !crate::diag::has_errors(&diags) => Ok(sc),
        _ => Err(locate_once(file, text, diags)),
    }
}

/// Each finding once, placed in the file, in file order.
pub fn located(file: &str, text: &str, diags: Vec<Diagnostic>) -> Vec<LocatedDiagnostic> {
    if diags.is_empty() {
        return Vec::new();
    }
    let mut diagnostics = locate_once(file, text, diags);
    crate::sorting::sort_by_key(&mut diagnostics, |d| {
        (d.start.map(|p| p.offset), d.diagnostic.severity)
    });
    diagnostics
}

/// Each finding once, placed in the file. A duplicate key inside a policy written as an object
/// is found both by the file's JSON parser and by the policy parser.
fn locate_once(file: &str, text: &str, mut diags: Vec<Diagnostic>) -> Vec<LocatedDiagnostic> {
    let index = crate::source::LineIndex::new(text);
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert((d.code.clone(), d.path.to_string(), d.span)));
    diags
        .into_iter()
        .map(|d| LocatedDiagnostic::locate(file, text, &index, d))
        .collect()
}

fn process(file: &str, text: &str, execute: bool) -> Report {
    let parsed = crate::json::parse(text);
    let mut diags = parsed.diagnostics;
    let mut title = String::new();
    let mut steps = Vec::new();
    if let Some(root) = &parsed.node {
        let mut loaded = load::load(text, root);
        // The file parsed, so its parser's errors are duplicate keys: one inside a policy
        // document (found by the policy parser too) breaks that document only.
        loaded.absorb(&diags);
        diags.append(&mut loaded.diagnostics);
        title = loaded.scenario.title.clone();
        // An invalid scenario whose errors are all inside policy documents still runs: the
        // steps that depend on a broken document are reported as not evaluated.
        if execute && loaded.runnable {
            steps = run::run(&loaded.scenario, &loaded.broken_documents);
        }
    }
    let invalid = parsed.node.is_none() || crate::diag::has_errors(&diags);
    report(file, text, title, steps, diags, invalid)
}

/// The report of a run: its steps, the expectations they met and failed, and every finding
/// placed in the file (in file order).
pub fn report(
    file: &str,
    text: &str,
    title: String,
    steps: Vec<StepReport>,
    diags: Vec<Diagnostic>,
    invalid: bool,
) -> Report {
    report_located(title, steps, located(file, text, diags), invalid)
}

/// [`report`] with findings already placed in the file.
pub fn report_located(
    title: String,
    steps: Vec<StepReport>,
    diagnostics: Vec<LocatedDiagnostic>,
    invalid: bool,
) -> Report {
    let mut expectations = Expectations::default();
    for s in &steps {
        match s.met {
            Some(true) => expectations.met += 1,
            Some(false) => expectations.failed += 1,
            None => {}
        }
        if s.unexpected_cannot_evaluate {
            expectations.cannot_evaluate += 1;
        }
    }
    Report {
        title,
        steps,
        expectations,
        invalid,
        diagnostics,
        engine: crate::ENGINE_VERSION.to_string(),
    }
}
