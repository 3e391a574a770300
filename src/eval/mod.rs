//! Deciding one request exactly as AWS does, across every policy type, with a trace.
//!
//! # API
//!
//! ```text
//! authorize(&Request, &AuthzInputs) -> Evaluation   // decision, AWS-worded reason, full trace, assumptions
//! decide(&Request, &AuthzInputs) -> Decision        // the same decision, no trace (fast path)
//! Trace::render_text(&self) -> String               // readable trace for the CLI
//! ```
//!
//! [`Decision`] serializes as `"allowed"`, `"explicitDeny"`, `"implicitDeny"` or
//! `"cannotEvaluate"` (something the decision depends on cannot be evaluated: an unparsable
//! typed condition value, an invalid operator; never a silent non-match). The trace's shape
//! is documented in `docs/trace.md`.
//!
//! Policies are used as parsed ([`crate::policy::model::Policy`]); no separate compile step
//! is needed: matching works on the written text (variables substituted on demand). The
//! request's action and resource are read once per request ([`pattern::RequestAction`],
//! [`arn::RequestResource`]). `decide` and `authorize` are one engine: the statement, policy
//! and combination code is compiled twice, with and without trace details (a `DETAIL` const
//! parameter), and the combination reads the same [`combine::Summary`] in both. Without
//! details nothing is allocated for a pattern without a variable, and evaluation stops at
//! the first definite mismatch or explicit deny.
//!
//! Modules: [`pattern`] (wildcards), [`arn`] (ARN segments), [`variables`] (A.6),
//! [`values`] (typed condition values), [`condition`] (A.5), [`principal`] (Principal
//! forms), [`statement`] (A.4), [`combine`] (A.1-A.3), [`trace`] (the trace and its text),
//! [`assumptions`] (the named assumptions).

pub mod arn;
pub mod assumptions;
pub mod catalogued;
pub mod combine;
pub mod condition;
pub mod decisive;
pub mod inputs;
pub mod pattern;
pub mod principal;
pub mod request;
pub mod statement;
pub mod trace;
pub mod values;
pub mod variables;

pub use assumptions::{
    F69_BOOL_NEVER_MATCHES, F79_VARIABLE_LITERAL, NOTPRINCIPAL_ACCOUNT, NOTPRINCIPAL_ALLOW, V12,
    V2, V3, V4, V5,
};
use combine::{
    applying_refs, first_denying, gather, level_traces, policy_trace, policy_trace_as, Gathered,
    Verdict, Why,
};
use inputs::AuthzInputs;
use request::{PrincipalKind, Request};
use serde::Serialize;
pub use trace::{Assumption, Decision, Trace};
use trace::{
    ContextEntry, Phase, PhaseKind, PhaseOutcome, PolicyTrace, RequestSummary, StatementRef, Tri,
};

use crate::policy::model::{Effect, PolicyKind};

/// The result of [`authorize`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// One line, in AWS's access-denied wording (B.5).
    pub reason: String,
    /// The full trace.
    pub trace: Trace,
    /// Named assumptions the decision depended on (also in the trace).
    pub assumptions: Vec<Assumption>,
}

fn is_action(req: &Request, name: &str) -> bool {
    req.action.eq_ignore_ascii_case(name)
}

/// A special rule that decides before any policy (A.1 step 0), if one applies.
fn special(req: &Request) -> Option<&'static str> {
    let k = &req.principal.kind;
    if matches!(k, PrincipalKind::Anonymous) {
        return None;
    }
    if is_action(req, "sts:GetCallerIdentity") {
        return Some(
            "sts:GetCallerIdentity is allowed for every authenticated caller and cannot be denied",
        );
    }
    if is_action(req, "sts:GetSessionToken")
        && matches!(k, PrincipalKind::User { .. } | PrincipalKind::Root)
    {
        return Some("sts:GetSessionToken needs no permission; policies that mention it have no effect (GST)");
    }
    None
}

fn verdicts(g: &Gathered<'_, '_>, req: &Request) -> (Decision, Verdict) {
    verdicts_as(g, req, false)
}

/// [`verdicts`]; with `named_only`, resource-policy Allow statements with `NotPrincipal` are
/// left out.
fn verdicts_as(g: &Gathered<'_, '_>, req: &Request, named_only: bool) -> (Decision, Verdict) {
    let pess = g.combine_as(req, false, named_only);
    if !g.has_unknown() || (pess.decision == Decision::ExplicitDeny && g.deny() == Tri::True) {
        return (pess.decision, pess);
    }
    let opt = g.combine_as(req, true, named_only);
    if pess.decision == opt.decision {
        (pess.decision, pess)
    } else {
        (Decision::CannotEvaluate, pess)
    }
}

/// Decides `req` against `inputs` without building a trace. Same decision as
/// [`authorize`]`(req, inputs).decision`.
pub fn decide(req: &Request, inputs: &AuthzInputs<'_>) -> Decision {
    if special(req).is_some() {
        return Decision::Allowed;
    }
    let g = gather(req, inputs, false);
    if g.definite_deny {
        return Decision::ExplicitDeny;
    }
    verdicts(&g, req).0
}

fn principal_type(k: &PrincipalKind) -> &'static str {
    match k {
        PrincipalKind::User { .. } => "User",
        PrincipalKind::Root => "Account",
        PrincipalKind::AssumedRole { .. } => "AssumedRole",
        PrincipalKind::FederatedUser { .. } => "FederatedUser",
        PrincipalKind::Service { .. } => "Service",
        PrincipalKind::Anonymous => "Anonymous",
    }
}

fn summary(req: &Request) -> RequestSummary {
    RequestSummary {
        principal: combine::caller(req).to_string(),
        principal_type: principal_type(&req.principal.kind),
        principal_account: req.principal.account.clone(),
        action: req.action.clone(),
        resource: req.resource.clone(),
        resource_account: req.resource_account.clone(),
        same_account: combine::same_account(req),
        context: req
            .context
            .iter()
            .map(|(k, v)| ContextEntry {
                key: k.to_string(),
                value: v.clone(),
            })
            .collect(),
        action_info: None,
    }
}

fn phase(kind: PhaseKind, outcome: PhaseOutcome, summary: impl Into<String>) -> Phase {
    Phase {
        phase: kind,
        outcome,
        summary: summary.into(),
        matched: Vec::new(),
        policies: Vec::new(),
        levels: Vec::new(),
    }
}

fn allow_outcome(t: Tri) -> PhaseOutcome {
    match t {
        Tri::True => PhaseOutcome::Allows,
        Tri::False => PhaseOutcome::NoAllow,
        Tri::Unknown => PhaseOutcome::Unknown,
    }
}

fn level_word(l: trace::PrincipalLevel) -> &'static str {
    match l {
        trace::PrincipalLevel::Match => "names the caller directly",
        trace::PrincipalLevel::Wildcard => "allows everyone (\"*\")",
        trace::PrincipalLevel::SessionRoleMatch => "names the session's role",
        trace::PrincipalLevel::AccountLevelMatch => "names the caller's account",
        trace::PrincipalLevel::NoMatch => "does not allow the caller",
    }
}

/// Decides `req` against `inputs` and explains why, phase by phase.
pub fn authorize(req: &Request, inputs: &AuthzInputs<'_>) -> Evaluation {
    let mut request = summary(req);
    // What AWS's catalogue adds (traced path only; nothing without a catalogue).
    let cat = crate::catalogue::installed()
        .map(|c| catalogued::Catalogued::with(c, &req.action, &req.resource));
    if let Some(c) = &cat {
        c.request(&mut request);
    }
    if let Some(s) = special(req) {
        let reason = format!(
            "User: {} is authorized to perform: {} on resource: {} because {}",
            combine::caller(req),
            combine::action_as_aws_prints(&req.action),
            req.resource,
            s
        );
        let trace = Trace {
            request,
            special: Some(s.to_string()),
            phases: Vec::new(),
            decisive: Vec::new(),
            decision: Decision::Allowed,
            reason: reason.clone(),
            assumptions: Vec::new(),
            problems: Vec::new(),
        };
        return Evaluation {
            decision: Decision::Allowed,
            reason,
            trace,
            assumptions: Vec::new(),
        };
    }
    let mut g = gather(req, inputs, true);
    let (decision, verdict) = verdicts(&g, req);
    let used_np_allow = decision != Decision::CannotEvaluate
        && g.not_principal_allow_counts()
        && verdicts_as(&g, req, true).0 != decision;
    let why = verdict.why;
    let deny_in = first_denying(&g);
    let reason = combine::reason(req, decision, why, deny_in);
    let app = combine::applicability(req);

    // Phase traces.
    let mut phases: Vec<Phase> = Vec::with_capacity(7);
    let rcp_gate = g.rcp_gate();
    let scp_gate = g.scp_gate();
    let deny_t = g.deny();
    let id_t = g.identity_allow(req);
    let res_eval = g.resource.as_ref().map(|pe| {
        (
            pe.allow,
            pe.level_true,
            pe.level_unknown,
            pe.named_level_true,
        )
    });
    let sess_t = g.summary.session_allow;
    let mut rcp_pol: Vec<trace::LevelTrace> = match (&mut g.rcp, &inputs.rcp_levels) {
        (Some(l), Some(s)) => level_traces(l, s),
        _ => Vec::new(),
    };
    let mut scp_pol: Vec<trace::LevelTrace> = match (&mut g.scp, &inputs.scp_levels) {
        (Some(l), Some(s)) => level_traces(l, s),
        _ => Vec::new(),
    };
    let mut res_pol: Option<PolicyTrace> = match (&mut g.resource, &inputs.resource_policy) {
        (Some(pe), Some(np)) => Some(policy_trace(np, pe)),
        _ => None,
    };
    let mut id_pol: Vec<PolicyTrace> = g
        .identity
        .iter_mut()
        .zip(inputs.identity.iter())
        .map(|(pe, np)| policy_trace(np, pe))
        .collect();
    let mut pb_pol: Option<PolicyTrace> = match (&mut g.boundary, &inputs.boundary) {
        (Some(pe), Some(np)) => Some(policy_trace_as(np, pe, PolicyKind::Boundary)),
        _ => None,
    };
    let mut sess_pol: Vec<PolicyTrace> = match (&mut g.session, &inputs.session) {
        (Some(ps), Some(nps)) => ps
            .iter_mut()
            .zip(nps.iter())
            .map(|(pe, np)| policy_trace_as(np, pe, PolicyKind::Session))
            .collect(),
        _ => Vec::new(),
    };
    if let Some(c) = &cat {
        annotate(
            c,
            inputs,
            [&mut rcp_pol, &mut scp_pol],
            [&mut res_pol, &mut pb_pol],
            [&mut id_pol, &mut sess_pol],
        );
    }

    // 1. Explicit deny.
    let mut denies: Vec<StatementRef> = Vec::new();
    for lt in rcp_pol.iter().chain(scp_pol.iter()) {
        for p in &lt.policies {
            denies.extend(applying_refs(p, Effect::Deny));
        }
    }
    for p in res_pol
        .iter()
        .chain(id_pol.iter())
        .chain(pb_pol.iter())
        .chain(sess_pol.iter())
    {
        denies.extend(applying_refs(p, Effect::Deny));
    }
    let mut ph = phase(
        PhaseKind::ExplicitDeny,
        match deny_t {
            Tri::True => PhaseOutcome::Denied,
            Tri::False => PhaseOutcome::NoDeny,
            Tri::Unknown => PhaseOutcome::Unknown,
        },
        match deny_t {
            Tri::True => format!("{} Deny statement(s) apply", denies.len()),
            Tri::False => "no Deny statement applies".to_string(),
            Tri::Unknown => "a Deny statement may apply but cannot be evaluated".to_string(),
        },
    );
    ph.matched = denies.clone();
    phases.push(ph);

    // 2. RCPs.
    let mut ph = match rcp_gate {
        None => phase(
            PhaseKind::ResourceControlPolicies,
            PhaseOutcome::NotApplicable,
            "no resource control policies apply (no organization, management account's resource, or unsupported service)",
        ),
        Some(t) => phase(
            PhaseKind::ResourceControlPolicies,
            allow_outcome(t),
            match t {
                Tri::True => "every level of the resource account's path allows".to_string(),
                Tri::False => "a level of the resource account's path allows nothing that matches".to_string(),
                Tri::Unknown => "cannot evaluate whether every level allows".to_string(),
            },
        ),
    };
    for lt in &rcp_pol {
        for p in &lt.policies {
            ph.matched.extend(applying_refs(p, Effect::Allow));
        }
    }
    ph.levels = rcp_pol;
    phases.push(ph);

    // 3. SCPs.
    let mut ph = match (scp_gate, app.principal_side) {
        (Some(t), true) => phase(
            PhaseKind::ServiceControlPolicies,
            allow_outcome(t),
            match t {
                Tri::True => "every level of the principal account's path allows".to_string(),
                Tri::False => "a level of the principal account's path allows nothing that matches".to_string(),
                Tri::Unknown => "cannot evaluate whether every level allows".to_string(),
            },
        ),
        (_, false) => phase(
            PhaseKind::ServiceControlPolicies,
            PhaseOutcome::NotApplicable,
            "SCPs do not apply to anonymous callers or service principals",
        ),
        (None, true) => phase(
            PhaseKind::ServiceControlPolicies,
            PhaseOutcome::NotApplicable,
            "no service control policies apply (no organization, management account, or service-linked role)",
        ),
    };
    for lt in &scp_pol {
        for p in &lt.policies {
            ph.matched.extend(applying_refs(p, Effect::Allow));
        }
    }
    ph.levels = scp_pol;
    phases.push(ph);

    // 4. Resource-based.
    let mut ph = match (res_eval, &res_pol) {
        (Some((allow, level_true, level_unknown, named_true)), Some(_)) => {
            let lvl = if level_true != trace::PrincipalLevel::NoMatch {
                level_true
            } else {
                level_unknown
            };
            // The level comes from an Allow with NotPrincipal (always `Wildcard`).
            let by_not_principal =
                level_true != trace::PrincipalLevel::NoMatch && level_true != named_true;
            let extra = match lvl {
                trace::PrincipalLevel::AccountLevelMatch => {
                    ": delegation to the account, the identity side must also allow"
                }
                trace::PrincipalLevel::SessionRoleMatch => {
                    ": grants the role's sessions within the permissions boundary and session policy"
                }
                trace::PrincipalLevel::Match | trace::PrincipalLevel::Wildcard => {
                    if combine::same_account(req) {
                        ": a direct grant in the same account"
                    } else {
                        ": cross-account, the identity side must also allow"
                    }
                }
                trace::PrincipalLevel::NoMatch => "",
            };
            let word = if by_not_principal {
                "allows every principal its NotPrincipal does not list (as \"*\" does)"
            } else {
                level_word(lvl)
            };
            phase(
                PhaseKind::ResourceBased,
                allow_outcome(allow),
                format!("the resource-based policy {word}{extra}"),
            )
        }
        _ => phase(
            PhaseKind::ResourceBased,
            PhaseOutcome::NotApplicable,
            match inputs.resource_policy_kind {
                inputs::ResourcePolicyKind::Ordinary => "the resource has no resource-based policy",
                _ => "the trust or key policy is missing: it must allow explicitly",
            },
        ),
    };
    if let Some(p) = res_pol {
        ph.matched = applying_refs(&p, Effect::Allow);
        ph.policies.push(p);
    }
    phases.push(ph);

    // 5. Identity-based.
    let mut ph = if !app.principal_side {
        phase(
            PhaseKind::IdentityBased,
            PhaseOutcome::NotApplicable,
            "anonymous callers and service principals have no identity-based policies",
        )
    } else if req.principal.kind == PrincipalKind::Root {
        phase(
            PhaseKind::IdentityBased,
            PhaseOutcome::Allows,
            "the account root user has every permission in its own account (subject to SCPs)",
        )
    } else {
        phase(
            PhaseKind::IdentityBased,
            allow_outcome(id_t),
            match id_t {
                Tri::True => "an identity-based policy allows",
                Tri::False => "no identity-based policy allows",
                Tri::Unknown => "cannot evaluate whether an identity-based policy allows",
            },
        )
    };
    for p in &id_pol {
        ph.matched.extend(applying_refs(p, Effect::Allow));
    }
    ph.policies = id_pol;
    phases.push(ph);

    // 6. Permissions boundary.
    let mut ph = match (&pb_pol, app.principal_side) {
        (Some(p), true) => {
            let mut ph = phase(
                PhaseKind::PermissionsBoundary,
                allow_outcome(p.allows),
                match p.allows {
                    Tri::True => "the permissions boundary allows",
                    Tri::False => "the permissions boundary allows nothing that matches",
                    Tri::Unknown => "cannot evaluate whether the permissions boundary allows",
                },
            );
            ph.matched = applying_refs(p, Effect::Allow);
            ph
        }
        _ => phase(
            PhaseKind::PermissionsBoundary,
            PhaseOutcome::NotApplicable,
            "no permissions boundary",
        ),
    };
    ph.policies.extend(pb_pol);
    phases.push(ph);

    // 7. Session policies.
    let mut ph = match (sess_t, app.principal_side) {
        (Some(t), true) => phase(
            PhaseKind::SessionPolicy,
            allow_outcome(t),
            match t {
                Tri::True => "a session policy allows",
                Tri::False => "no session policy allows",
                Tri::Unknown => "cannot evaluate whether a session policy allows",
            },
        ),
        (None, true) if matches!(req.principal.kind, PrincipalKind::FederatedUser { .. }) => phase(
            PhaseKind::SessionPolicy,
            PhaseOutcome::NoAllow,
            "a federated-user session without a session policy has no permissions",
        ),
        _ => phase(
            PhaseKind::SessionPolicy,
            PhaseOutcome::NotApplicable,
            "no session policy",
        ),
    };
    for p in &sess_pol {
        ph.matched.extend(applying_refs(p, Effect::Allow));
    }
    ph.policies = sess_pol;
    phases.push(ph);

    // Decisive statements.
    let decisive: Vec<StatementRef> = match decision {
        Decision::ExplicitDeny => denies,
        Decision::Allowed => {
            let mut v = Vec::new();
            let grab = |k: PhaseKind, v: &mut Vec<StatementRef>| {
                if let Some(p) = phases.iter().find(|p| p.phase == k) {
                    v.extend(p.matched.iter().cloned());
                }
            };
            match why {
                Why::AllowedDirect => grab(PhaseKind::ResourceBased, &mut v),
                Why::AllowedSessionRole => {
                    grab(PhaseKind::ResourceBased, &mut v);
                    grab(PhaseKind::PermissionsBoundary, &mut v);
                    grab(PhaseKind::SessionPolicy, &mut v);
                }
                Why::AllowedBothSides => {
                    grab(PhaseKind::ResourceBased, &mut v);
                    grab(PhaseKind::IdentityBased, &mut v);
                    grab(PhaseKind::PermissionsBoundary, &mut v);
                    grab(PhaseKind::SessionPolicy, &mut v);
                }
                _ => {
                    grab(PhaseKind::IdentityBased, &mut v);
                    grab(PhaseKind::PermissionsBoundary, &mut v);
                    grab(PhaseKind::SessionPolicy, &mut v);
                }
            }
            v
        }
        _ => Vec::new(),
    };
    mark_decisive(&mut phases, &decisive);

    // Assumptions.
    let mut assumptions = Vec::new();
    if decision != Decision::CannotEvaluate {
        if verdict.used_v3 {
            assumptions.push(V3);
        }
        if verdict.used_v2 {
            assumptions.push(V2);
        }
        if used_np_allow {
            assumptions.push(NOTPRINCIPAL_ALLOW);
        }
    }
    let mut flags = statement::Flags::default();
    let mut problems = Vec::new();
    for pe in g.evals() {
        flags.merge(&pe.flags);
        problems.extend(pe.problems.iter().cloned());
    }
    assumptions.extend(assumptions::from_flags(&flags, decision));
    let reason = if decision == Decision::CannotEvaluate {
        match problems.first() {
            Some(p) => format!("{reason} ({})", p.message),
            None => reason,
        }
    } else {
        reason
    };
    let reason = match &cat {
        Some(c) => c.reason(reason),
        None => reason,
    };
    let trace = Trace {
        request,
        special: None,
        phases,
        decisive,
        decision,
        reason: reason.clone(),
        assumptions: assumptions.clone(),
        problems,
    };
    Evaluation {
        decision,
        reason,
        trace,
        assumptions,
    }
}

/// Adds what AWS's catalogue says to every policy trace: organization levels (RCPs, SCPs), the
/// single policies (resource-based, boundary) and the lists (identity, session), each beside
/// the inputs it traces.
fn annotate(
    c: &catalogued::Catalogued<'_>,
    inputs: &AuthzInputs<'_>,
    levels: [&mut Vec<trace::LevelTrace>; 2],
    single: [&mut Option<PolicyTrace>; 2],
    lists: [&mut Vec<PolicyTrace>; 2],
) {
    let [rcp, scp] = levels;
    if let Some(src) = &inputs.rcp_levels {
        c.levels(src, rcp);
    }
    if let Some(src) = &inputs.scp_levels {
        c.levels(src, scp);
    }
    let [res, pb] = single;
    if let (Some(pt), Some(np)) = (res, &inputs.resource_policy) {
        c.policy(np, pt);
    }
    if let (Some(pt), Some(np)) = (pb, &inputs.boundary) {
        c.policy(np, pt);
    }
    let [id, sess] = lists;
    for (pt, np) in id.iter_mut().zip(&inputs.identity) {
        c.policy(np, pt);
    }
    for (pt, np) in sess.iter_mut().zip(inputs.session.iter().flatten()) {
        c.policy(np, pt);
    }
}

fn mark_decisive(phases: &mut [Phase], decisive: &[StatementRef]) {
    let hit = |pt: &mut PolicyTrace| {
        for s in &mut pt.statements {
            s.decisive = decisive.iter().any(|d| {
                d.policy_id == pt.origin.id && d.statement_index == s.index && d.span == s.span
            });
        }
    };
    for ph in phases.iter_mut() {
        for p in &mut ph.policies {
            hit(p);
        }
        for l in &mut ph.levels {
            for p in &mut l.policies {
                hit(p);
            }
        }
    }
}
