//! Whether one statement applies to a request (A.4): Principal (resource-type policies only)
//! ∧ Action ∧ Resource ∧ every Condition, each three-valued so that what cannot be evaluated
//! stays visible ([`Tri::Unknown`]).
//!
//! - `Action`: case-insensitive wildcards (F41, F42); `NotAction`: every action but the listed
//!   ones, still scoped by `Resource` (F45).
//! - `Resource`: see [`super::arn::match_resource`]; `NotResource` (F46). Trust policies have
//!   no `Resource`: the role is the resource.
//! - `Principal`: resource-based and trust policies need `Principal` or `NotPrincipal`; a
//!   statement with neither never matches (F40). RCP statements name `"*"`. A `Deny` with
//!   `NotPrincipal` always applies to a caller that has a permissions boundary (F24).

use super::arn::{match_resource_as, RequestResource};
use super::condition;
use super::pattern::RequestAction;
use super::principal;
use super::request::Request;
use super::trace::{
    ElementTrace, PatternTrace, PrincipalLevel, PrincipalTrace, StatementTrace, Tri,
    FULL_PATTERN_LIST_MAX,
};
use crate::policy::model::{Effect, Policy, PolicyKind, Statement};
use crate::source::Span;

/// What the evaluator needs to know besides the request, computed once per request.
#[derive(Debug, Clone, Copy)]
pub struct Env<'r> {
    /// Whether the caller has a permissions boundary (F24).
    pub has_boundary: bool,
    /// The request's resource, read once (its ARN segments, whether it is plain text).
    pub resource: &'r RequestResource<'r>,
    /// The request's action, read once.
    pub action: RequestAction<'r>,
}

impl<'r> Env<'r> {
    /// The environment of `req` evaluated against `inputs`, its resource read once into
    /// `resource` (`RequestResource::new(&req.resource)`).
    pub fn of(
        req: &'r Request,
        inputs: &super::inputs::AuthzInputs<'_>,
        resource: &'r RequestResource<'r>,
    ) -> Self {
        Env {
            has_boundary: super::combine::applicability(req).principal_side
                && inputs.boundary.is_some(),
            resource,
            action: RequestAction::new(&req.action),
        }
    }
}

/// Which named assumptions a statement's outcome used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// A plain operator on a multivalued key was false (V4).
    pub v4: bool,
    /// A variable was substituted into a `Bool` value (V5).
    pub v5: bool,
    /// A resource matched with a `*` crossing `:` (V12).
    pub v12: bool,
    /// A `NotPrincipal` listing the caller but not its account still applied.
    pub np_account: bool,
    /// A non-boolean `Bool` policy value never matched and the statement did not apply (F69).
    pub bool_literal: bool,
    /// A Resource variable before the resource part was compared as literal text and the
    /// statement did not apply (F79).
    pub var_literal: bool,
}

impl Flags {
    /// Adds the assumptions `other` used.
    pub fn merge(&mut self, other: &Flags) {
        self.v4 |= other.v4;
        self.v5 |= other.v5;
        self.v12 |= other.v12;
        self.np_account |= other.np_account;
        self.bool_literal |= other.bool_literal;
        self.var_literal |= other.var_literal;
    }
}

/// The outcome of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StmtOutcome {
    /// Whether it applies.
    pub applies: Tri,
    /// For resource-type policies: how its `Principal` names the caller.
    pub level: PrincipalLevel,
    /// Assumptions it used (traced evaluation only: the decision-only path leaves them
    /// empty, as it needs none to decide).
    pub flags: Flags,
    /// What could not be evaluated, and where (traced evaluation only).
    pub problem: Option<(Span, String)>,
}

/// Whether statements of this policy kind are matched on `Principal`.
fn uses_principal(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Resource | PolicyKind::Trust | PolicyKind::ResourceControl
    )
}

/// Evaluates `stmt` (of `policy`) against `req`. With a `sink`, every element is evaluated
/// and the trace entry is pushed to it; without, evaluation stops at the first definite
/// mismatch.
pub fn evaluate(
    stmt: &Statement,
    policy: &Policy,
    req: &Request,
    env: Env<'_>,
    sink: Option<&mut Vec<StatementTrace>>,
) -> StmtOutcome {
    match sink {
        Some(s) => evaluate_as::<true>(stmt, policy, req, env, Some(s)),
        None => evaluate_as::<false>(stmt, policy, req, env, None),
    }
}

/// [`evaluate`], compiled once per mode: with `DETAIL` false (the decision-only path, given
/// no sink) every trace-building branch is gone at compile time, and the same code decides.
#[inline]
pub fn evaluate_as<const DETAIL: bool>(
    stmt: &Statement,
    policy: &Policy,
    req: &Request,
    env: Env<'_>,
    sink: Option<&mut Vec<StatementTrace>>,
) -> StmtOutcome {
    let detail = DETAIL;
    let mut elements_ok = true;
    let mut out = StmtOutcome {
        applies: Tri::True,
        level: PrincipalLevel::Match,
        flags: Flags::default(),
        problem: None,
    };
    let mut notes: Vec<String> = Vec::new();
    let subst = policy.version.substitutes_variables();
    let ctx = &req.context;

    // Principal.
    let mut p_trace: Option<PrincipalTrace> = None;
    if uses_principal(policy.kind) {
        match &stmt.principal {
            None if policy.kind == PolicyKind::ResourceControl => {
                out.level = PrincipalLevel::Wildcard;
            }
            None => {
                out.applies = Tri::False;
                elements_ok = false;
                out.level = PrincipalLevel::NoMatch;
                if detail {
                    p_trace = Some(PrincipalTrace {
                        element: "none",
                        span: None,
                        level: PrincipalLevel::NoMatch,
                        matched: false,
                        values: Vec::new(),
                        note: Some(
                            "a resource-based policy statement without Principal or NotPrincipal never matches"
                                .to_string(),
                        ),
                    });
                }
            }
            Some(el) => {
                let o = principal::evaluate(el, &req.principal);
                let forced = el.negated && stmt.effect.value == Effect::Deny && env.has_boundary;
                out.level = if el.negated {
                    PrincipalLevel::Wildcard
                } else {
                    o.level
                };
                if detail {
                    out.flags.np_account = o.listed_without_account;
                }
                if o.unknown && !forced {
                    out.applies = Tri::Unknown;
                    if detail {
                        out.problem =
                            Some((el.span, principal::CANONICAL_USER_PROBLEM.to_string()));
                    }
                } else if !o.matched && !forced {
                    out.applies = Tri::False;
                    elements_ok = false;
                }
                if detail {
                    let mut t = principal::trace(el, &req.principal);
                    if forced && !o.matched {
                        t.matched = true;
                        t.note = Some("a Deny with NotPrincipal always denies a caller that has a permissions boundary, whatever it lists".to_string());
                    }
                    p_trace = Some(t);
                }
            }
        }
        if out.applies == Tri::False && !detail {
            return out;
        }
    }

    // Action. The trace keeps the informative patterns only (see `FULL_PATTERN_LIST_MAX`).
    let a = &stmt.action;
    let keep_all = a.patterns.len() <= FULL_PATTERN_LIST_MAX;
    let mut action_patterns: Vec<PatternTrace> = Vec::new();
    let mut any = false;
    for p in &a.patterns {
        let m = env.action.matches(&p.value);
        any |= m;
        if detail {
            if m || keep_all {
                action_patterns.push(PatternTrace {
                    pattern: p.value.clone(),
                    span: p.span,
                    matches: m,
                    resolved: None,
                    reason: None,
                    covers: None,
                });
            }
        } else if m {
            break;
        }
    }
    let action_ok = any != a.negated;
    if !action_ok {
        out.applies = Tri::False;
        elements_ok = false;
        if !detail {
            return out;
        }
    }

    // Resource.
    let mut res_trace: Option<ElementTrace> = None;
    let mut res_literal = false;
    let mut resource_ok = true;
    let others_ok = elements_ok;
    if let Some(r) = &stmt.resource {
        let keep_all = r.patterns.len() <= FULL_PATTERN_LIST_MAX;
        let mut pats: Vec<PatternTrace> = Vec::new();
        let mut any = false;
        let mut crossed = false;
        for p in &r.patterns {
            let m = match_resource_as::<DETAIL>(&p.value, env.resource, ctx, subst);
            let ok = m.matched();
            any |= ok;
            res_literal |= m.literal_variable && !ok;
            crossed |= ok && m.crossed_colon;
            if detail {
                if ok || keep_all {
                    pats.push(PatternTrace {
                        pattern: p.value.clone(),
                        span: p.span,
                        matches: ok,
                        reason: m.miss.as_ref().map(|x| x.explain()),
                        resolved: m.resolved,
                        covers: None,
                    });
                }
            } else if ok {
                break;
            }
        }
        let ok = any != r.negated;
        if ok && !r.negated && crossed {
            out.flags.v12 = true;
        }
        if !ok {
            resource_ok = false;
            // Only a literal-variable miss that decided the element is worth naming (F79):
            // the decision-only path keeps no assumptions, so it stops here.
            res_literal &= !r.negated;
            if !detail {
                out.applies = Tri::False;
                return out;
            }
            out.applies = Tri::False;
            elements_ok = false;
        }
        if detail {
            res_trace = Some(ElementTrace {
                element: if r.negated { "NotResource" } else { "Resource" },
                span: r.span,
                matched: ok,
                patterns_tried: r.patterns.len(),
                patterns: pats,
                note: None,
            });
        }
    }

    // Conditions.
    let mut cond_traces = if detail {
        Vec::with_capacity(stmt.conditions.len())
    } else {
        Vec::new()
    };
    let mut cond = Tri::True;
    for c in &stmt.conditions {
        let (o, t) = condition::evaluate(c, ctx, subst, detail);
        if detail && o.result == Tri::False && o.used_v4 {
            out.flags.v4 = true;
        }
        if detail && o.result == Tri::False && o.used_f69 {
            out.flags.bool_literal = true;
        }
        if detail && o.used_v5 && o.result != Tri::Unknown {
            out.flags.v5 = true;
        }
        if detail && o.result == Tri::Unknown && out.problem.is_none() {
            out.problem = Some((
                c.operator.span.cover(c.key.span),
                o.problem.unwrap_or_else(|| "cannot evaluate".to_string()),
            ));
        }
        cond = cond.and(o.result);
        if let Some(t) = t {
            cond_traces.push(t);
        }
        if cond == Tri::False && !detail {
            break;
        }
    }
    out.applies = out.applies.and(cond);
    if detail && out.applies != Tri::True {
        // Flags only matter for statements whose outcome rests on them.
        let keep_v4 = out.flags.v4 && elements_ok && cond == Tri::False;
        let keep_f69 = out.flags.bool_literal && elements_ok && cond == Tri::False;
        let keep_f79 = res_literal && !resource_ok && others_ok && cond == Tri::True;
        out.flags = Flags {
            v4: keep_v4,
            bool_literal: keep_f69,
            var_literal: keep_f79,
            ..Flags::default()
        };
    }
    if detail && out.applies == Tri::Unknown {
        notes.push(if cond == Tri::Unknown {
            "the engine cannot evaluate a condition of this statement".to_string()
        } else {
            "the engine cannot evaluate the principal of this statement (CanonicalUser)".to_string()
        });
    }
    let Some(sink) = sink else {
        return out;
    };
    sink.push(StatementTrace {
        index: stmt.index,
        sid: stmt.sid.as_ref().map(|s| s.value.clone()),
        effect: stmt.effect.value,
        span: stmt.span,
        applies: out.applies,
        decisive: false,
        principal: p_trace,
        action: ElementTrace {
            element: if a.negated { "NotAction" } else { "Action" },
            span: a.span,
            matched: action_ok,
            patterns_tried: a.patterns.len(),
            patterns: action_patterns,
            note: None,
        },
        resource: res_trace,
        conditions: cond_traces,
        notes,
    });
    out
}
