//! Combining policy types into one decision (A.1-A.3).
//!
//! 1. Explicit deny: a Deny that applies in any applicable policy → `explicitDeny` (F2, F8,
//!    F9, F22, F24).
//! 2. RCPs (resource account path) and SCPs (principal account path): every level must have an
//!    applicable Allow (F10, F11, F14-F17).
//! 3. Same account: a resource-policy Allow naming the caller directly (user, session or
//!    federated-user ARN, service, `*`) grants regardless of identity, boundary and session
//!    policies (F4, F19, F21, F23, F27); one naming the caller's role ARN grants without an
//!    identity Allow but within the boundary and session policy (F20, F26, assumption V3); one
//!    naming the account only delegates (F5). An Allow with `NotPrincipal` is read as AWS
//!    documents it, a grant to every principal not excluded: it counts as `"*"` does
//!    (assumption `notprincipal-allow-grants-everyone-else`). Otherwise identity ∧ boundary ∧ session (F3, F18,
//!    F25). Role trust and KMS key policies must allow, identity alone never suffices (F82).
//! 4. Cross account: the principal side (identity ∧ boundary ∧ session) and the resource
//!    policy must both allow (F6, F7).
//! 5. Anonymous callers: only the resource policy and RCPs (F17); service principals: only the
//!    resource policy and RCPs (F37). The account root user has every permission in its own
//!    account, subject to SCPs (F13). A federated-user session without a session policy has
//!    no permissions beyond direct grants (F28).
//!
//! Statements the engine cannot evaluate are three-valued: the decision is computed with them
//! taken the least and the most permissive way; if the two differ, it is `cannotEvaluate`.

use super::arn::RequestResource;
use super::inputs::{AuthzInputs, NamedPolicy, PolicyOrigin, ResourcePolicyKind};
use super::request::{PrincipalKind, Request};
use super::statement::{self, Env, Flags};
use super::trace::{
    Decision, LevelTrace, PolicyTrace, PrincipalLevel, Problem, StatementRef, StatementTrace, Tri,
};
use crate::policy::model::{Effect, PolicyKind};

/// The aggregated result of one policy.
#[derive(Debug, Clone)]
pub struct PolicyEval {
    /// An Allow applies.
    pub allow: Tri,
    /// A Deny applies.
    pub deny: Tri,
    /// Best principal level among Allow statements that definitely apply.
    pub level_true: PrincipalLevel,
    /// Best principal level among Allow statements that may apply.
    pub level_unknown: PrincipalLevel,
    /// [`Self::level_true`] counting only Allow statements with `Principal` (not `NotPrincipal`).
    pub named_level_true: PrincipalLevel,
    /// [`Self::level_unknown`] counting only Allow statements with `Principal`.
    pub named_level_unknown: PrincipalLevel,
    /// Assumptions used by statements that apply (traced evaluation only).
    pub flags: Flags,
    /// Statement traces (detail mode).
    pub statements: Vec<StatementTrace>,
    /// What could not be evaluated (detail mode).
    pub problems: Vec<Problem>,
}

/// Evaluates every statement of one policy.
pub fn eval_policy(np: &NamedPolicy<'_>, req: &Request, env: Env<'_>, detail: bool) -> PolicyEval {
    if detail {
        eval_policy_as::<true>(np, req, env)
    } else {
        eval_policy_as::<false>(np, req, env)
    }
}

/// [`eval_policy`], compiled once per mode (`DETAIL`: with statement traces and problems).
#[inline(never)]
fn eval_policy_as<const DETAIL: bool>(
    np: &NamedPolicy<'_>,
    req: &Request,
    env: Env<'_>,
) -> PolicyEval {
    let detail = DETAIL;
    let mut pe = PolicyEval {
        allow: Tri::False,
        deny: Tri::False,
        level_true: PrincipalLevel::NoMatch,
        level_unknown: PrincipalLevel::NoMatch,
        named_level_true: PrincipalLevel::NoMatch,
        named_level_unknown: PrincipalLevel::NoMatch,
        flags: Flags::default(),
        statements: if detail {
            Vec::with_capacity(np.policy.statements.len())
        } else {
            Vec::new()
        },
        problems: Vec::new(),
    };
    let resource_type = np.policy.kind.has_principal();
    for st in &np.policy.statements {
        let effect = st.effect.value;
        // Fast path: once an Allow is certain at the best level, other Allows add nothing.
        if !detail
            && effect == Effect::Allow
            && pe.allow == Tri::True
            && (!resource_type || pe.level_true == PrincipalLevel::Match)
        {
            continue;
        }
        let sink = if detail {
            Some(&mut pe.statements)
        } else {
            None
        };
        let o = statement::evaluate_as::<DETAIL>(st, np.policy, req, env, sink);
        if let (Some((span, msg)), true) = (&o.problem, detail) {
            pe.problems.push(Problem {
                policy_id: np.origin.id.clone(),
                statement_index: st.index,
                span: *span,
                message: msg.clone(),
            });
        }
        if detail && (o.applies == Tri::True || o.flags != Flags::default()) {
            pe.flags.merge(&Flags {
                np_account: o.flags.np_account && effect == Effect::Deny,
                ..o.flags
            });
        }
        match effect {
            Effect::Deny => {
                pe.deny = pe.deny.or(o.applies);
                if pe.deny == Tri::True && !detail {
                    return pe;
                }
            }
            Effect::Allow => {
                pe.allow = pe.allow.or(o.applies);
                let named = !st.principal.as_ref().is_some_and(|p| p.negated);
                match o.applies {
                    Tri::True => {
                        pe.level_true = pe.level_true.max(o.level);
                        if named {
                            pe.named_level_true = pe.named_level_true.max(o.level);
                        }
                    }
                    Tri::Unknown => {
                        pe.level_unknown = pe.level_unknown.max(o.level);
                        if named {
                            pe.named_level_unknown = pe.named_level_unknown.max(o.level);
                        }
                    }
                    Tri::False => {}
                }
            }
        }
    }
    pe
}

/// What the decision needs from the policies, summarised as they are evaluated (the same in
/// both modes: [`Gathered::combine_as`] reads only this and the resource-based policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Whether a Deny applies anywhere.
    pub deny: Tri,
    /// Whether some policy's Allow or Deny cannot be evaluated.
    pub unknown: bool,
    /// Whether every level of the resource account's path has an applicable Allow (`None`:
    /// RCPs do not apply).
    pub rcp_gate: Option<Tri>,
    /// Whether every level of the principal account's path has an applicable Allow (`None`:
    /// SCPs do not apply).
    pub scp_gate: Option<Tri>,
    /// Whether an identity-based policy allows.
    pub identity_allow: Tri,
    /// Whether the permissions boundary allows (`None`: no boundary).
    pub boundary_allow: Option<Tri>,
    /// Whether a session policy allows (`None`: the session has none).
    pub session_allow: Option<Tri>,
}

impl Summary {
    fn new() -> Self {
        Summary {
            deny: Tri::False,
            unknown: false,
            rcp_gate: None,
            scp_gate: None,
            identity_allow: Tri::False,
            boundary_allow: None,
            session_allow: None,
        }
    }

    /// Counts one policy's Deny and unknowns.
    fn note(&mut self, pe: &PolicyEval) {
        self.deny = self.deny.or(pe.deny);
        self.unknown |= pe.allow == Tri::Unknown || pe.deny == Tri::Unknown;
    }
}

/// Everything the decision needs, gathered from the inputs.
pub struct Gathered<'i, 'a> {
    /// The inputs.
    pub inputs: &'i AuthzInputs<'a>,
    /// What the decision reads.
    pub summary: Summary,
    /// The resource-based policy.
    pub resource: Option<PolicyEval>,
    /// RCP levels, per-policy results (traced evaluation only, like the fields below; the
    /// decision-only path keeps just the [`Summary`]).
    pub rcp: Option<Vec<Vec<PolicyEval>>>,
    /// SCP levels.
    pub scp: Option<Vec<Vec<PolicyEval>>>,
    /// Identity-based policies.
    pub identity: Vec<PolicyEval>,
    /// The permissions boundary.
    pub boundary: Option<PolicyEval>,
    /// Session policies.
    pub session: Option<Vec<PolicyEval>>,
    /// Whether a definite explicit deny was found (the decision-only path stops there).
    pub definite_deny: bool,
}

/// Which policy types apply to a principal kind.
pub struct Applicability {
    /// Identity, boundary, session and SCPs.
    pub principal_side: bool,
}

/// Which phases apply to the caller.
pub fn applicability(req: &Request) -> Applicability {
    Applicability {
        principal_side: !matches!(
            req.principal.kind,
            PrincipalKind::Anonymous | PrincipalKind::Service { .. }
        ),
    }
}

/// Evaluates the levels of an organization path: whether every level has an applicable
/// Allow, and (`DETAIL`) each policy's result. Without `DETAIL`, stops at a definite Deny
/// (`None`).
fn eval_levels<const DETAIL: bool>(
    levels: &[super::inputs::OrgLevel<'_>],
    req: &Request,
    env: Env<'_>,
    summary: &mut Summary,
) -> Option<(Tri, Vec<Vec<PolicyEval>>)> {
    let mut gate = Tri::True;
    let mut out = Vec::with_capacity(if DETAIL { levels.len() } else { 0 });
    for lv in levels {
        let mut any = Tri::False;
        let mut ps = Vec::with_capacity(if DETAIL { lv.policies.len() } else { 0 });
        for np in &lv.policies {
            let pe = eval_policy_as::<DETAIL>(np, req, env);
            summary.note(&pe);
            any = any.or(pe.allow);
            if !DETAIL && pe.deny == Tri::True {
                return None;
            }
            if DETAIL {
                ps.push(pe);
            }
        }
        gate = gate.and(any);
        if DETAIL {
            out.push(ps);
        }
    }
    Some((gate, out))
}

/// Evaluates every applicable policy (in AWS's phase order). Without `detail`, stops at the
/// first definite explicit deny and keeps only the [`Summary`] and the resource-based
/// policy's result.
pub fn gather<'i, 'a>(
    req: &Request,
    inputs: &'i AuthzInputs<'a>,
    detail: bool,
) -> Gathered<'i, 'a> {
    if detail {
        gather_as::<true>(req, inputs)
    } else {
        gather_as::<false>(req, inputs)
    }
}

fn gather_as<'i, 'a, const DETAIL: bool>(
    req: &Request,
    inputs: &'i AuthzInputs<'a>,
) -> Gathered<'i, 'a> {
    let app = applicability(req);
    let resource = RequestResource::new(&req.resource);
    let env = Env::of(req, inputs, &resource);
    let mut g = Gathered {
        inputs,
        summary: Summary::new(),
        resource: None,
        rcp: None,
        scp: None,
        identity: Vec::new(),
        boundary: None,
        session: None,
        definite_deny: false,
    };
    // Without DETAIL, a definite Deny ends the evaluation.
    let stop = |g: &mut Gathered<'i, 'a>, pe: &PolicyEval| {
        let d = !DETAIL && pe.deny == Tri::True;
        g.definite_deny |= d;
        d
    };
    if let Some(levels) = &inputs.rcp_levels {
        let Some((gate, per)) = eval_levels::<DETAIL>(levels, req, env, &mut g.summary) else {
            g.definite_deny = true;
            return g;
        };
        g.summary.rcp_gate = Some(gate);
        if DETAIL {
            g.rcp = Some(per);
        }
    }
    if app.principal_side {
        if let Some(levels) = &inputs.scp_levels {
            let Some((gate, per)) = eval_levels::<DETAIL>(levels, req, env, &mut g.summary) else {
                g.definite_deny = true;
                return g;
            };
            g.summary.scp_gate = Some(gate);
            if DETAIL {
                g.scp = Some(per);
            }
        }
    }
    if let Some(np) = &inputs.resource_policy {
        let pe = eval_policy_as::<DETAIL>(np, req, env);
        g.summary.note(&pe);
        let d = stop(&mut g, &pe);
        g.resource = Some(pe);
        if d {
            return g;
        }
    }
    if !app.principal_side {
        return g;
    }
    if DETAIL {
        g.identity.reserve_exact(inputs.identity.len());
    }
    for np in &inputs.identity {
        let pe = eval_policy_as::<DETAIL>(np, req, env);
        g.summary.note(&pe);
        g.summary.identity_allow = g.summary.identity_allow.or(pe.allow);
        if stop(&mut g, &pe) {
            return g;
        }
        if DETAIL {
            g.identity.push(pe);
        }
    }
    if let Some(np) = &inputs.boundary {
        let pe = eval_policy_as::<DETAIL>(np, req, env);
        g.summary.note(&pe);
        g.summary.boundary_allow = Some(pe.allow);
        if stop(&mut g, &pe) {
            return g;
        }
        if DETAIL {
            g.boundary = Some(pe);
        }
    }
    if let Some(list) = &inputs.session {
        let mut any = Tri::False;
        let mut v = Vec::with_capacity(if DETAIL { list.len() } else { 0 });
        for np in list {
            let pe = eval_policy_as::<DETAIL>(np, req, env);
            g.summary.note(&pe);
            any = any.or(pe.allow);
            if stop(&mut g, &pe) {
                return g;
            }
            if DETAIL {
                v.push(pe);
            }
        }
        g.summary.session_allow = Some(any);
        if DETAIL {
            g.session = Some(v);
        }
    }
    g
}

/// Why the decision is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// An explicit deny.
    ExplicitDeny,
    /// A level of the RCP path allows nothing that matches.
    RcpNoAllow,
    /// A level of the SCP path allows nothing that matches.
    ScpNoAllow,
    /// The resource-based policy does not allow (cross-account, trust or key policy,
    /// anonymous or service caller).
    ResourceNoAllow,
    /// No identity-based policy allows.
    IdentityNoAllow,
    /// The permissions boundary does not allow.
    BoundaryNoAllow,
    /// No session policy allows (or a federated-user session has none, F28).
    SessionNoAllow,
    /// Allowed by a resource-policy grant that names the caller directly.
    AllowedDirect,
    /// Allowed by a resource-policy grant naming the session's role (A.3, V3).
    AllowedSessionRole,
    /// Allowed by the principal's own policies (same account).
    AllowedIdentity,
    /// Allowed by both sides (cross account, or account delegation).
    AllowedBothSides,
}

/// One combination of the gathered results, with unknowns resolved one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub why: Why,
    /// The same-account role-ARN grant bypassed a missing identity Allow (V3).
    pub used_v3: bool,
    /// A session-ARN grant bypassed the session policy (F27, V2).
    pub used_v2: bool,
}

fn resolve(t: Tri, unknown_as: bool) -> bool {
    match t {
        Tri::True => true,
        Tri::False => false,
        Tri::Unknown => unknown_as,
    }
}

fn any_allow(ps: &[PolicyEval]) -> Tri {
    ps.iter().fold(Tri::False, |a, p| a.or(p.allow))
}

/// Whether principal and resource are in the same account (no resource account: the
/// caller's, F50).
pub fn same_account(req: &Request) -> bool {
    match (&req.resource_account, &req.principal.account) {
        (None, _) => true,
        (Some(r), Some(p)) => r == p,
        (Some(_), None) => false,
    }
}

impl Gathered<'_, '_> {
    /// Whether any Deny applies anywhere (three-valued).
    pub fn deny(&self) -> Tri {
        if self.definite_deny {
            return Tri::True;
        }
        self.summary.deny
    }

    /// Whether any policy has a statement that could not be evaluated.
    pub fn has_unknown(&self) -> bool {
        self.summary.unknown
    }

    /// The RCP gate.
    pub fn rcp_gate(&self) -> Option<Tri> {
        self.summary.rcp_gate
    }

    /// The SCP gate.
    pub fn scp_gate(&self) -> Option<Tri> {
        self.summary.scp_gate
    }

    /// Identity-based allow (the root user has every permission in its account).
    pub fn identity_allow(&self, req: &Request) -> Tri {
        if req.principal.kind == PrincipalKind::Root {
            Tri::True
        } else {
            self.summary.identity_allow
        }
    }

    /// Every policy result (traced evaluation), in phase order.
    pub fn evals(&self) -> impl Iterator<Item = &PolicyEval> {
        self.rcp
            .iter()
            .chain(self.scp.iter())
            .flat_map(|ls| ls.iter().flat_map(|ps| ps.iter()))
            .chain(self.resource.iter())
            .chain(self.identity.iter())
            .chain(self.boundary.iter())
            .chain(self.session.iter().flat_map(|v| v.iter()))
    }

    /// Whether an Allow with `NotPrincipal` raises the resource policy's principal level above
    /// what its `Principal` statements give (assumption [`super::NOTPRINCIPAL_ALLOW`]).
    pub fn not_principal_allow_counts(&self) -> bool {
        self.resource.as_ref().is_some_and(|r| {
            r.level_true != r.named_level_true || r.level_unknown != r.named_level_unknown
        })
    }

    /// Combines with unknown statements taken the most (`optimistic`) or least permissive way.
    pub fn combine(&self, req: &Request, optimistic: bool) -> Verdict {
        self.combine_as(req, optimistic, false)
    }

    /// [`Self::combine`]; with `named_only`, resource-policy Allow statements with
    /// `NotPrincipal` are left out (to tell whether the decision depends on them).
    pub fn combine_as(&self, req: &Request, optimistic: bool, named_only: bool) -> Verdict {
        let allow_u = optimistic;
        let deny_u = !optimistic;
        let mut v = Verdict {
            decision: Decision::ImplicitDeny,
            why: Why::IdentityNoAllow,
            used_v3: false,
            used_v2: false,
        };
        let deny = |why| Verdict {
            decision: Decision::ImplicitDeny,
            why,
            used_v3: false,
            used_v2: false,
        };
        if resolve(self.deny(), deny_u) {
            v.decision = Decision::ExplicitDeny;
            v.why = Why::ExplicitDeny;
            return v;
        }
        if let Some(g) = self.rcp_gate() {
            if !resolve(g, allow_u) {
                return deny(Why::RcpNoAllow);
            }
        }
        if let Some(g) = self.scp_gate() {
            if !resolve(g, allow_u) {
                return deny(Why::ScpNoAllow);
            }
        }
        let level = match &self.resource {
            None => PrincipalLevel::NoMatch,
            Some(r) => {
                let (t, u) = if named_only {
                    (r.named_level_true, r.named_level_unknown)
                } else {
                    (r.level_true, r.level_unknown)
                };
                if optimistic {
                    t.max(u)
                } else {
                    t
                }
            }
        };
        let kind = &req.principal.kind;
        if matches!(
            kind,
            PrincipalKind::Anonymous | PrincipalKind::Service { .. }
        ) {
            return if level == PrincipalLevel::NoMatch {
                deny(Why::ResourceNoAllow)
            } else {
                Verdict {
                    decision: Decision::Allowed,
                    why: Why::AllowedDirect,
                    used_v3: false,
                    used_v2: false,
                }
            };
        }
        let identity = resolve(self.identity_allow(req), allow_u);
        let boundary = self
            .summary
            .boundary_allow
            .is_none_or(|b| resolve(b, allow_u));
        let session = match self.summary.session_allow {
            Some(t) => resolve(t, allow_u),
            None => !matches!(kind, PrincipalKind::FederatedUser { .. }),
        };
        let principal_side = identity && boundary && session;
        let first_failing = || {
            if !identity {
                Why::IdentityNoAllow
            } else if !boundary {
                Why::BoundaryNoAllow
            } else {
                Why::SessionNoAllow
            }
        };
        let allowed = |why, v3, v2| Verdict {
            decision: Decision::Allowed,
            why,
            used_v3: v3,
            used_v2: v2,
        };
        let must_trust = matches!(
            self.inputs.resource_policy_kind,
            ResourcePolicyKind::RoleTrust | ResourcePolicyKind::KmsKey
        );
        if same_account(req) {
            match level {
                PrincipalLevel::Match | PrincipalLevel::Wildcard => {
                    let v2 = matches!(kind, PrincipalKind::AssumedRole { .. })
                        && level == PrincipalLevel::Match
                        && !session;
                    allowed(Why::AllowedDirect, false, v2)
                }
                PrincipalLevel::SessionRoleMatch => {
                    if boundary && session {
                        allowed(Why::AllowedSessionRole, !identity, false)
                    } else if !boundary {
                        deny(Why::BoundaryNoAllow)
                    } else {
                        deny(Why::SessionNoAllow)
                    }
                }
                PrincipalLevel::AccountLevelMatch => {
                    if principal_side {
                        allowed(Why::AllowedBothSides, false, false)
                    } else {
                        deny(first_failing())
                    }
                }
                PrincipalLevel::NoMatch => {
                    if must_trust {
                        deny(Why::ResourceNoAllow)
                    } else if principal_side {
                        allowed(Why::AllowedIdentity, false, false)
                    } else {
                        deny(first_failing())
                    }
                }
            }
        } else if level == PrincipalLevel::NoMatch {
            deny(Why::ResourceNoAllow)
        } else if principal_side {
            allowed(Why::AllowedBothSides, false, false)
        } else {
            deny(first_failing())
        }
    }
}

/// The AWS policy-type words with their article ("an identity-based policy").
pub fn with_article(kind: PolicyKind) -> String {
    let w = kind.aws_words();
    let article = if w.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {w}")
}

/// The caller as AWS names it in messages.
pub fn caller(req: &Request) -> &str {
    match req.principal.kind {
        PrincipalKind::Anonymous => "anonymous",
        _ => req.principal.arn.as_str(),
    }
}

/// The first policy (in phase order) with a definite Deny.
pub fn first_denying<'a>(g: &Gathered<'_, 'a>) -> Option<(PolicyKind, &'a PolicyOrigin)> {
    let inputs = g.inputs;
    let level_hit = |levels: &Option<Vec<Vec<PolicyEval>>>,
                     src: &Option<Vec<super::inputs::OrgLevel<'a>>>|
     -> Option<(PolicyKind, &'a PolicyOrigin)> {
        let (Some(ls), Some(srcs)) = (levels, src) else {
            return None;
        };
        for (ps, lv) in ls.iter().zip(srcs.iter()) {
            for (pe, np) in ps.iter().zip(lv.policies.iter()) {
                if pe.deny == Tri::True {
                    return Some((np.policy.kind, np.origin));
                }
            }
        }
        None
    };
    if let Some(x) = level_hit(&g.rcp, &inputs.rcp_levels) {
        return Some(x);
    }
    if let Some(x) = level_hit(&g.scp, &inputs.scp_levels) {
        return Some(x);
    }
    if let (Some(pe), Some(np)) = (&g.resource, &inputs.resource_policy) {
        if pe.deny == Tri::True {
            return Some((np.policy.kind, np.origin));
        }
    }
    for (pe, np) in g.identity.iter().zip(inputs.identity.iter()) {
        if pe.deny == Tri::True {
            return Some((np.policy.kind, np.origin));
        }
    }
    // The slot names the policy type, not the document (a customer managed policy attached as
    // a boundary or passed as a session policy by ARN is parsed as identity-based; B.5).
    if let (Some(pe), Some(np)) = (&g.boundary, &inputs.boundary) {
        if pe.deny == Tri::True {
            return Some((PolicyKind::Boundary, np.origin));
        }
    }
    if let (Some(ps), Some(nps)) = (&g.session, &inputs.session) {
        for (pe, np) in ps.iter().zip(nps.iter()) {
            if pe.deny == Tri::True {
                return Some((PolicyKind::Session, np.origin));
            }
        }
    }
    None
}

/// The action as AWS echoes it in messages: in AWS's casing (`s3:getobject` → `s3:GetObject`)
/// when an installed catalogue lists it; otherwise with the service prefix in lowercase, as
/// AWS's messages always write it, and the action name as the request gives it.
pub fn action_as_aws_prints(action: &str) -> String {
    if let Some(name) = super::catalogued::canonical(action) {
        return name;
    }
    match action.split_once(':') {
        Some((svc, name)) => format!("{}:{name}", svc.to_ascii_lowercase()),
        None => action.to_string(),
    }
}

/// The one-line reason in AWS's words (B.5). An explicit deny names the policy's ARN only
/// (`[: <policy-arn>]`): inline and resource-based policies have none, so nothing follows.
pub fn reason(
    req: &Request,
    decision: Decision,
    why: Why,
    deny_in: Option<(PolicyKind, &PolicyOrigin)>,
) -> String {
    let who = caller(req);
    let action = action_as_aws_prints(&req.action);
    let head = format!(
        "User: {who} is not authorized to perform: {action} on resource: {}",
        req.resource
    );
    let no = |k: PolicyKind| {
        format!(
            "{head} because no {} allows the {action} action",
            k.aws_words()
        )
    };
    match (decision, why) {
        (Decision::ExplicitDeny, _) => match deny_in {
            Some((k, o)) => match o.arn.as_deref() {
                Some(arn) => format!("{head} with an explicit deny in {}: {arn}", with_article(k)),
                None => format!("{head} with an explicit deny in {}", with_article(k)),
            },
            None => format!("{head} with an explicit deny"),
        },
        (Decision::Allowed, w) => {
            let how = match w {
                Why::AllowedDirect => "a resource-based policy grants it to the caller directly",
                Why::AllowedSessionRole => {
                    "a resource-based policy grants it to the session's role, within the permissions boundary and session policy"
                }
                Why::AllowedBothSides => {
                    "both the identity-based policies and the resource-based policy allow it"
                }
                _ => "an identity-based policy allows it",
            };
            format!(
                "User: {who} is authorized to perform: {action} on resource: {} because {how}",
                req.resource
            )
        }
        (Decision::CannotEvaluate, _) => format!(
            "cannot decide whether User: {who} may perform: {action} on resource: {}: a statement the decision depends on cannot be evaluated",
            req.resource
        ),
        (Decision::ImplicitDeny, Why::RcpNoAllow) => no(PolicyKind::ResourceControl),
        (Decision::ImplicitDeny, Why::ScpNoAllow) => no(PolicyKind::ServiceControl),
        (Decision::ImplicitDeny, Why::ResourceNoAllow) => no(PolicyKind::Resource),
        (Decision::ImplicitDeny, Why::BoundaryNoAllow) => no(PolicyKind::Boundary),
        (Decision::ImplicitDeny, Why::SessionNoAllow) => no(PolicyKind::Session),
        (Decision::ImplicitDeny, _) => no(PolicyKind::Identity),
    }
}

/// Wraps a policy's result into its trace entry (moving its statement traces out).
pub fn policy_trace(np: &NamedPolicy<'_>, pe: &mut PolicyEval) -> PolicyTrace {
    policy_trace_as(np, pe, np.policy.kind)
}

/// [`policy_trace`] for a policy used in a slot that gives it its type (a permissions
/// boundary or a session policy, whatever kind its document was parsed as; B.5).
pub fn policy_trace_as(np: &NamedPolicy<'_>, pe: &mut PolicyEval, kind: PolicyKind) -> PolicyTrace {
    PolicyTrace {
        origin: np.origin.clone(),
        policy_type: kind,
        allows: pe.allow,
        denies: pe.deny,
        statements: std::mem::take(&mut pe.statements),
    }
}

/// Trace entries of org levels.
pub fn level_traces(
    levels: &mut [Vec<PolicyEval>],
    src: &[super::inputs::OrgLevel<'_>],
) -> Vec<LevelTrace> {
    levels
        .iter_mut()
        .zip(src.iter())
        .map(|(ps, lv)| LevelTrace {
            target: lv.target.clone(),
            allows: any_allow(ps),
            policies: ps
                .iter_mut()
                .zip(lv.policies.iter())
                .map(|(pe, np)| policy_trace(np, pe))
                .collect(),
        })
        .collect()
}

/// References to the statements of `pt` that apply with `effect`.
pub fn applying_refs(pt: &PolicyTrace, effect: Effect) -> Vec<StatementRef> {
    pt.statements
        .iter()
        .filter(|s| s.effect == effect && s.applies == Tri::True)
        .map(|s| StatementRef {
            policy_id: pt.origin.id.clone(),
            policy_name: pt.origin.name.clone(),
            policy_type: pt.policy_type,
            statement_index: s.index,
            sid: s.sid.clone(),
            effect: s.effect,
            span: s.span,
        })
        .collect()
}
