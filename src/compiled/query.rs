//! Queries of a compiled world: a few steps in the scenario format (an `as`, perhaps
//! `assumeRole` hops, then the `call` whose decision is wanted), prepared once and decided as
//! often as asked.
//!
//! Preparing runs the steps once, keeping the last `call`'s request and the policies that
//! apply to it ([`crate::scenario::run::Captured`]); deciding is then the evaluator's work
//! alone. A query whose last step is not a `call` that reached the evaluator (an
//! `assumeRole`, a call refused before any policy is read) is run whole each time. Prepared
//! requests are dropped when the world changes and made again when next asked.

use super::World;
use crate::diag::LocatedDiagnostic;
use crate::json::{JsonPath, JsonValue};
use crate::scenario::authz::Decision;
use crate::scenario::model::{Step, StepKind};
use crate::scenario::report::StepError;
use crate::scenario::run::{Captured, RunOptions, Runner, CANNOT_EVALUATE};
use std::collections::HashMap;

/// A prepared query's number in its world.
pub type QueryId = usize;

/// The outcome of one query: the decision (`allowed`, `implicitDeny`, `explicitDeny`,
/// `error`, `notEvaluated`) and the error when there is one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// AWS's word for the decision.
    pub decision: &'static str,
    /// The error (`decision` is `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<StepError>,
    /// Why it was not evaluated (it depends on a policy document with errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_evaluated: Option<String>,
    /// The statements that decided (asked for with [`World::decide_explained`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisive: Vec<crate::eval::decisive::StatementId>,
}

/// Why a query could not be prepared.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryError {
    /// A stable code: `bad-query` (its own findings follow), `invalid-world`.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// The query's findings, placed in its text.
    pub diagnostics: Vec<LocatedDiagnostic>,
}

struct Query {
    steps: Vec<Step>,
    /// `None` until prepared; then the captured request, or `None` inside when the query is
    /// run whole.
    prepared: Option<Option<Captured>>,
}

/// The queries of a world.
#[derive(Default)]
pub(super) struct Queries {
    list: Vec<Query>,
    by_text: HashMap<String, QueryId>,
}

impl Queries {
    /// The world changed: every query is prepared again when next decided.
    pub(super) fn forget_prepared(&mut self) {
        for q in &mut self.list {
            q.prepared = None;
        }
    }
}

fn fail(code: &str, message: String, diagnostics: Vec<LocatedDiagnostic>) -> QueryError {
    QueryError {
        code: code.into(),
        message,
        diagnostics,
    }
}

impl World {
    /// Reads a query: JSON text holding an array of steps, or an object whose `steps` is one.
    /// The same text prepared twice is the same query.
    pub fn prepare(&mut self, text: &str) -> Result<QueryId, QueryError> {
        if let Some(id) = self.queries.by_text.get(text) {
            return Ok(*id);
        }
        let file = "query.json";
        let Some(l) = self.runnable_world() else {
            return Err(fail(
                "invalid-world",
                "the scenario has errors outside its policy documents, so it cannot answer queries: fix the findings it reports".into(),
                Vec::new(),
            ));
        };
        let parsed = crate::json::parse(text);
        let mut diags = parsed.diagnostics;
        let mut steps = Vec::new();
        if let Some(root) = &parsed.node {
            let (nodes, path) = match &root.value {
                JsonValue::Array(items) => (Some(items), JsonPath::root()),
                JsonValue::Object(_) => match root.get("steps").map(|n| &n.value) {
                    Some(JsonValue::Array(items)) => (Some(items), JsonPath::root().key("steps")),
                    _ => (None, JsonPath::root()),
                },
                _ => (None, JsonPath::root()),
            };
            match nodes {
                Some(nodes) => {
                    let (s, d) = crate::scenario::load::load_steps(
                        text,
                        nodes,
                        &path,
                        &l.scenario.accounts,
                    );
                    steps = s;
                    diags.extend(d);
                }
                None => {
                    return Err(fail(
                        "bad-query",
                        "a query is an array of steps (`[{\"as\": ARN}, {\"call\": ACTION, \"resource\": ARN}]`) or an object whose `steps` is one".into(),
                        Vec::new(),
                    ))
                }
            }
        }
        if crate::diag::has_errors(&diags) || parsed.node.is_none() {
            return Err(fail(
                "bad-query",
                "the query has errors".into(),
                crate::scenario::located(file, text, diags),
            ));
        }
        if steps.is_empty() {
            return Err(fail(
                "bad-query",
                "the query has no steps: end it with the `call` to decide".into(),
                Vec::new(),
            ));
        }
        let id = self.queries.list.len();
        self.queries.list.push(Query {
            steps,
            prepared: None,
        });
        self.queries.by_text.insert(text.to_string(), id);
        Ok(id)
    }

    /// Decides query `id` against the world as it is now. `None` for an unknown id.
    pub fn decide(&mut self, id: QueryId) -> Option<Outcome> {
        self.decide_as(id, false)
    }

    /// [`World::decide`], naming the statements that decided (`decisive`), at about the cost
    /// of deciding twice; still without building a trace.
    pub fn decide_explained(&mut self, id: QueryId) -> Option<Outcome> {
        self.decide_as(id, true)
    }

    fn decide_as(&mut self, id: QueryId, explain: bool) -> Option<Outcome> {
        // fields, not `runnable_world`: the queries are borrowed mutably beside the world
        let l = self.loaded.as_ref().filter(|_| self.runnable)?;
        let q = self.queries.list.get_mut(id)?;
        let opts = if explain {
            RunOptions::EXPLAINED
        } else {
            RunOptions::DECISIONS
        };
        if let Some(Some(c)) = &q.prepared {
            return Some(fast(c, explain));
        }
        if q.prepared.is_some() {
            return Some(run_whole(l, &q.steps, false, opts).0);
        }
        let (outcome, captured) = run_whole(l, &q.steps, true, opts);
        q.prepared = Some(captured);
        Some(outcome)
    }

    /// The full trace of query `id`'s last step (made again, with its trace).
    pub fn trace_query(&self, id: QueryId) -> Option<crate::scenario::StepReport> {
        let l = self.runnable_world()?;
        let q = self.queries.list.get(id)?;
        let mut r = Runner::new(&l.scenario, &l.broken_documents, RunOptions::DECISIONS);
        let last = q.steps.len().checked_sub(1)?;
        for (i, s) in q.steps.iter().enumerate() {
            if i == last {
                r.set_trace(true);
            }
            let rep = r.step(i, s);
            if i == last {
                return Some(rep);
            }
        }
        None
    }
}

/// The evaluator's decision on a captured request (naming its decisive statements when
/// `explain`).
fn fast(c: &Captured, explain: bool) -> Outcome {
    let inputs = c.inputs.inputs();
    let (d, decisive) = if explain {
        crate::eval::decisive::decide_explained(&c.request, &inputs)
    } else {
        (crate::eval::decide(&c.request, &inputs), Vec::new())
    };
    let d = Decision::from(d);
    let undecided = d == Decision::CannotEvaluate
        || (c.undeclared_kms_key && matches!(d, Decision::Allowed | Decision::ImplicitDeny));
    if undecided {
        // why, as the step's run writes it
        let message = if d == Decision::CannotEvaluate {
            crate::scenario::authz::authorize(&c.request, &inputs).reason
        } else {
            crate::scenario::run::undeclared_key_message(&c.request.action, &c.request.resource)
        };
        return Outcome {
            decision: Decision::CannotEvaluate.word(),
            error: Some(StepError {
                code: CANNOT_EVALUATE.into(),
                message,
            }),
            not_evaluated: None,
            decisive: Vec::new(),
        };
    }
    Outcome {
        decision: d.word(),
        error: None,
        not_evaluated: None,
        decisive,
    }
}

/// Runs a query's steps without traces; the outcome of the last, and its captured request
/// when `capture` and it is a `call` that reached the evaluator.
fn run_whole(
    l: &crate::scenario::load::Loaded,
    steps: &[Step],
    capture: bool,
    opts: RunOptions,
) -> (Outcome, Option<Captured>) {
    let mut r = Runner::new(&l.scenario, &l.broken_documents, opts);
    let last = steps.len().saturating_sub(1);
    let mut outcome = Outcome {
        decision: Decision::NotEvaluated.word(),
        error: None,
        not_evaluated: None,
        decisive: Vec::new(),
    };
    for (i, s) in steps.iter().enumerate() {
        if i == last && capture && matches!(s.kind, StepKind::Call { .. }) {
            r.capture_next();
        }
        let rep = r.step(i, s);
        if i == last {
            outcome = Outcome {
                decision: word(rep.decision.as_deref()),
                error: rep.error,
                not_evaluated: rep.not_evaluated,
                decisive: rep.decisive,
            };
        }
    }
    let captured = r
        .captured()
        .filter(|_| outcome.error.is_none() && outcome.not_evaluated.is_none());
    (outcome, captured)
}

fn word(d: Option<&str>) -> &'static str {
    [
        Decision::Allowed,
        Decision::ImplicitDeny,
        Decision::ExplicitDeny,
        Decision::CannotEvaluate,
    ]
    .into_iter()
    .map(Decision::word)
    .find(|w| Some(*w) == d)
    .unwrap_or(Decision::NotEvaluated.word())
}
