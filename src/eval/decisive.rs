//! The decisive statements of a decision made without a trace: the same list, in the same
//! order, that [`super::authorize`] puts in its trace (`decisive`), found by evaluating the
//! statements of the policies that decided, without building any statement or phase trace.
//!
//! An explicit deny is decided by every Deny statement that applies, in every policy type the
//! request is evaluated against; an allow by the Allow statements that apply in the policy
//! types that made it (the resource-based policy alone for a grant naming the caller, the
//! principal's side otherwise, both across accounts), as the traced evaluation reports them.

use super::arn::RequestResource;
use super::combine::{applicability, gather, Why};
use super::inputs::{AuthzInputs, NamedPolicy};
use super::request::Request;
use super::statement::{evaluate_as, Env};
use super::trace::Tri;
use super::Decision;
use crate::policy::model::Effect;
use serde::Serialize;

/// One statement of one policy: the policy's id (its origin) and the statement's index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementId {
    /// The policy's origin id (a JSON path of the scenario, or an AWS managed policy's).
    pub policy_id: String,
    /// The statement's index in the policy.
    pub statement_index: usize,
}

fn applying(
    np: &NamedPolicy<'_>,
    req: &Request,
    env: Env<'_>,
    effect: Effect,
    out: &mut Vec<StatementId>,
) {
    for st in np
        .policy
        .statements
        .iter()
        .filter(|s| s.effect.value == effect)
    {
        if evaluate_as::<false>(st, np.policy, req, env, None).applies == Tri::True {
            out.push(StatementId {
                policy_id: np.origin.id.clone(),
                statement_index: st.index,
            });
        }
    }
}

/// Decides `req` as [`super::decide`] does and names the decisive statements.
pub fn decide_explained(req: &Request, inputs: &AuthzInputs<'_>) -> (Decision, Vec<StatementId>) {
    if super::special(req).is_some() {
        return (Decision::Allowed, Vec::new());
    }
    let g = gather(req, inputs, false);
    let (decision, why) = if g.definite_deny {
        (Decision::ExplicitDeny, Why::ExplicitDeny)
    } else {
        let (d, v) = super::verdicts(&g, req);
        (d, v.why)
    };
    let app = applicability(req);
    let resource = RequestResource::new(&req.resource);
    let env = Env::of(req, inputs, &resource);
    let mut out = Vec::new();
    let principal_side = |out: &mut Vec<StatementId>, effect: Effect| {
        for np in &inputs.identity {
            applying(np, req, env, effect, out);
        }
        if let Some(np) = &inputs.boundary {
            applying(np, req, env, effect, out);
        }
        for np in inputs.session.iter().flatten() {
            applying(np, req, env, effect, out);
        }
    };
    match decision {
        Decision::ExplicitDeny => {
            let levels = inputs.rcp_levels.iter().flatten().chain(
                inputs
                    .scp_levels
                    .iter()
                    .flatten()
                    .filter(|_| app.principal_side),
            );
            for lv in levels {
                for np in &lv.policies {
                    applying(np, req, env, Effect::Deny, &mut out);
                }
            }
            if let Some(np) = &inputs.resource_policy {
                applying(np, req, env, Effect::Deny, &mut out);
            }
            if app.principal_side {
                principal_side(&mut out, Effect::Deny);
            }
        }
        Decision::Allowed => {
            let resource_side = matches!(
                why,
                Why::AllowedDirect | Why::AllowedSessionRole | Why::AllowedBothSides
            );
            if let (true, Some(np)) = (resource_side, &inputs.resource_policy) {
                applying(np, req, env, Effect::Allow, &mut out);
            }
            if app.principal_side {
                match why {
                    Why::AllowedDirect => {}
                    Why::AllowedSessionRole => {
                        if let Some(np) = &inputs.boundary {
                            applying(np, req, env, Effect::Allow, &mut out);
                        }
                        for np in inputs.session.iter().flatten() {
                            applying(np, req, env, Effect::Allow, &mut out);
                        }
                    }
                    _ => principal_side(&mut out, Effect::Allow),
                }
            }
        }
        _ => {}
    }
    (decision, out)
}
