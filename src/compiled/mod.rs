//! A scenario's world compiled once and evaluated many times.
//!
//! [`World::open`] reads a scenario (its JSON, its accounts and every policy document, parsed
//! and validated) and keeps it. Then, without reading it again:
//!
//! - [`World::report`] runs its steps **without traces** (decisions, errors, expectations: the
//!   same as [`crate::scenario::simulate`] gives, with every `trace` empty);
//! - [`World::trace`] builds one step's full trace when someone opens it;
//! - [`World::prepare`] and [`World::decide`] answer queries (steps written in the scenario
//!   format, the last one a `call`) against the world: the request and the policies that
//!   apply to it are worked out once, then each decision is only the evaluator's;
//! - [`World::update`] and [`World::edit`] take a changed scenario or one changed policy
//!   document: documents that did not change are not parsed or validated again (see
//!   [`crate::scenario::load::cache`]), and the queries are prepared again when next asked.
//!
//! The decisions are the traced run's by construction: the same runner makes them, with the
//! trace switched off, and the evaluator's decision-only path is the one its traced path is
//! tested against.

mod edit;
mod query;

pub use edit::EditError;
pub use query::{Outcome, QueryError, QueryId};

use crate::diag::{Diagnostic, LocatedDiagnostic};
use crate::json::JsonNode;
use crate::scenario::load::cache::DocumentCache;
use crate::scenario::load::Loaded;
use crate::scenario::run::{RunOptions, Runner};
use crate::scenario::{Report, StepReport};

/// A loaded scenario, ready to be run, traced, queried and edited.
pub struct World {
    file: String,
    text: String,
    cache: DocumentCache,
    root: Option<JsonNode>,
    loaded: Option<Loaded>,
    /// Every finding of the last load (JSON syntax included), not yet placed in the file.
    diags: Vec<Diagnostic>,
    /// Whether the JSON parsed and every error is inside a policy document (steps can run).
    runnable: bool,
    /// The findings placed in the file, once asked for (per load).
    located: std::sync::OnceLock<Vec<LocatedDiagnostic>>,
    queries: query::Queries,
}

/// What the last load of a world read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadStats {
    /// Policy documents taken unchanged from the previous load.
    pub documents_reused: usize,
    /// Policy documents parsed and validated.
    pub documents_parsed: usize,
}

impl World {
    /// Reads the scenario in `text`, named `file` in diagnostics.
    pub fn open(file: &str, text: &str) -> World {
        let mut w = World {
            file: file.to_string(),
            text: String::new(),
            cache: DocumentCache::new(),
            root: None,
            loaded: None,
            diags: Vec::new(),
            runnable: false,
            located: std::sync::OnceLock::new(),
            queries: query::Queries::default(),
        };
        w.update(text);
        w
    }

    /// Replaces the scenario's text. Policy documents that did not change (same place, same
    /// text) are reused as they are; everything else is read again.
    pub fn update(&mut self, text: &str) {
        self.text = text.to_string();
        self.queries.forget_prepared();
        let parsed = crate::json::parse(&self.text);
        let mut diags = parsed.diagnostics;
        self.loaded = parsed.node.as_ref().map(|root| {
            let mut l = crate::scenario::load::load_cached(&self.text, root, &mut self.cache);
            // duplicate keys the file's parser found: inside a document, only it is broken
            l.absorb(&diags);
            diags.extend(l.diagnostics.iter().cloned());
            l
        });
        self.runnable = self.loaded.as_ref().is_some_and(|l| l.runnable);
        self.root = parsed.node;
        self.diags = diags;
        self.located = std::sync::OnceLock::new();
    }

    /// The scenario's text as the world holds it now.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The name diagnostics give the scenario.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// What the last load read and what it reused.
    pub fn load_stats(&self) -> LoadStats {
        let (reused, parsed) = self.cache.counts();
        LoadStats {
            documents_reused: reused,
            documents_parsed: parsed,
        }
    }

    /// Whether the scenario has errors.
    pub fn invalid(&self) -> bool {
        self.root.is_none() || crate::diag::has_errors(&self.diags)
    }

    /// Every finding, placed in the file, in file order.
    pub fn diagnostics(&self) -> Vec<LocatedDiagnostic> {
        self.located_diagnostics().to_vec()
    }

    fn located_diagnostics(&self) -> &[LocatedDiagnostic] {
        self.located
            .get_or_init(|| crate::scenario::located(&self.file, &self.text, self.diags.clone()))
    }

    /// The report of a run without traces: every step's decision, error, expectation and
    /// decisive statements, as [`crate::scenario::simulate`] reports them, with empty traces
    /// ([`World::trace`] builds one).
    pub fn report(&self) -> Report {
        let steps = self.run_untraced();
        let title = self
            .loaded
            .as_ref()
            .map(|l| l.scenario.title.clone())
            .unwrap_or_default();
        crate::scenario::report_located(
            title,
            steps,
            self.located_diagnostics().to_vec(),
            self.invalid(),
        )
    }

    fn run_untraced(&self) -> Vec<StepReport> {
        let Some(l) = self.runnable_world() else {
            return Vec::new();
        };
        let sc = &l.scenario;
        let mut r = Runner::new(sc, &l.broken_documents, RunOptions::EXPLAINED);
        let mut out = Vec::with_capacity(sc.steps.len());
        for (i, s) in sc.steps.iter().enumerate() {
            out.push(r.step(i, s));
        }
        out
    }

    /// Step `index`'s report with its full trace: the steps before it are run again without
    /// traces, then this one with. `None` when there is no such step or the scenario cannot
    /// run.
    pub fn trace(&self, index: usize) -> Option<StepReport> {
        let l = self.runnable_world()?;
        let sc = &l.scenario;
        let target = sc.steps.get(index)?;
        let mut r = Runner::new(sc, &l.broken_documents, RunOptions::DECISIONS);
        for (i, s) in sc.steps.iter().enumerate().take(index) {
            r.step(i, s);
        }
        r.set_trace(true);
        Some(r.step(index, target))
    }

    /// The loaded scenario, when the JSON parsed.
    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    /// Whether its steps and queries can run: the JSON parsed and every error is inside a
    /// policy document (the steps that depend on one are then not evaluated).
    pub fn runnable(&self) -> bool {
        self.runnable
    }

    /// The loaded scenario, when it can run.
    fn runnable_world(&self) -> Option<&Loaded> {
        self.loaded.as_ref().filter(|_| self.runnable)
    }
}
