//! The one place the scenario layer calls the evaluator: `eval::authorize`, its outcome
//! reduced to what a step needs (decision word, reason, structured and text trace).

use crate::eval::inputs::AuthzInputs;
use crate::eval::request::Request;

/// A decision as the report spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    /// `allowed`
    Allowed,
    /// `implicitDeny`
    ImplicitDeny,
    /// `explicitDeny`
    ExplicitDeny,
    /// The engine could not evaluate (reported as `error` / `CannotEvaluate`).
    CannotEvaluate,
    /// Not evaluated: a policy the request depends on has errors (invalid scenario).
    NotEvaluated,
}

impl Decision {
    /// AWS's word (`error` for cannot-evaluate).
    pub fn word(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ImplicitDeny => "implicitDeny",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::CannotEvaluate => "error",
            Decision::NotEvaluated => "notEvaluated",
        }
    }
}

/// What the evaluator said about one request.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The decision.
    pub decision: Decision,
    /// Why, in AWS's words.
    pub reason: String,
    /// The evaluator's structured trace.
    pub trace: crate::eval::Trace,
    /// Assumptions the evaluator made.
    pub assumptions: Vec<String>,
}

impl From<crate::eval::Decision> for Decision {
    fn from(d: crate::eval::Decision) -> Self {
        match d {
            crate::eval::Decision::Allowed => Decision::Allowed,
            crate::eval::Decision::ExplicitDeny => Decision::ExplicitDeny,
            crate::eval::Decision::ImplicitDeny => Decision::ImplicitDeny,
            crate::eval::Decision::CannotEvaluate => Decision::CannotEvaluate,
        }
    }
}

/// Authorizes one request.
pub fn authorize(req: &Request, inputs: &AuthzInputs<'_>) -> Outcome {
    let ev = crate::eval::authorize(req, inputs);
    Outcome {
        decision: ev.decision.into(),
        reason: ev.reason,
        trace: ev.trace,
        assumptions: ev
            .assumptions
            .iter()
            .map(|a| format!("{}: {}", a.id, a.text))
            .collect(),
    }
}
