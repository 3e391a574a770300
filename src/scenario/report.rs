//! The report of a run: one entry per step (`scenario-format.md`'s JSON document) with a
//! structured trace, and its human-readable rendering for the CLI. The trace entries this
//! layer adds are documented in `docs/scenario-trace.md`.

use serde::Serialize;
use std::collections::BTreeMap;

/// An error outcome: a request AWS rejects before (or instead of) policy evaluation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StepError {
    /// AWS's error code (`ValidationError`, `ExpiredToken`, `AccessDenied`, `CannotEvaluate`…).
    pub code: String,
    /// AWS-style message.
    pub message: String,
}

/// One parameter check of `sts:AssumeRole`.
#[derive(Debug, Clone, Serialize)]
pub struct ParamCheck {
    /// The STS parameter (`RoleSessionName`…).
    pub parameter: String,
    /// The value checked.
    pub value: String,
    /// The rule (`2–64 characters of [\w+=,.@-]`).
    pub rule: String,
    /// Whether it passed.
    pub ok: bool,
}

/// One entry of a step's trace (tagged by `phase`).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "phase", rename_all = "camelCase")]
pub enum TraceEntry {
    /// Who acts now, and how they signed in.
    #[serde(rename_all = "camelCase")]
    Identity {
        /// The caller ARN.
        arn: String,
        /// The caller account's alias (`name` in the scenario), when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        account_name: Option<String>,
        /// How the credentials were obtained.
        credentials: String,
    },
    /// A named assumption the result depends on (where AWS is ambiguous).
    #[serde(rename_all = "camelCase")]
    Assumption {
        /// A stable name (`mfa-carry`).
        name: String,
        /// What was assumed.
        text: String,
    },
    /// The parameter checks STS makes before evaluating policies.
    #[serde(rename_all = "camelCase")]
    Parameters {
        /// Every check, in order.
        checks: Vec<ParamCheck>,
    },
    /// Who owns the requested resource and how that was decided.
    #[serde(rename_all = "camelCase")]
    Resource {
        /// The resource ARN.
        arn: String,
        /// The owning account.
        #[serde(skip_serializing_if = "Option::is_none")]
        account: Option<String>,
        /// The owning account's alias, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        account_name: Option<String>,
        /// How the owner was found.
        ownership: String,
        /// The resource-based policy that applies, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        policy: Option<String>,
    },
    /// The request context one authorization was evaluated with.
    #[serde(rename_all = "camelCase")]
    Context {
        /// The action.
        action: String,
        /// Key → value (string or array), keys as AWS spells them.
        keys: BTreeMap<String, serde_json::Value>,
    },
    /// Which policies applied to one authorization.
    #[serde(rename_all = "camelCase")]
    Policies {
        /// The action.
        action: String,
        /// Policy type → names (`identity`, `permissionsBoundary`, `session`, `scp`, `rcp`, `resource`).
        applied: BTreeMap<String, Vec<String>>,
        /// Where the AWS managed documents come from.
        #[serde(skip_serializing_if = "Option::is_none")]
        managed_dataset: Option<String>,
    },
    /// The evaluator's verdict on one request, with its own trace.
    #[serde(rename_all = "camelCase")]
    Authorization {
        /// The action.
        action: String,
        /// The resource.
        resource: String,
        /// The decision word.
        decision: String,
        /// Why.
        reason: String,
        /// The evaluator's assumptions.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        assumptions: Vec<String>,
        /// The evaluator's structured trace (`docs/trace.md`).
        evaluation: Box<crate::eval::Trace>,
    },
    /// The role session `AssumeRole` (or a service) created.
    #[serde(rename_all = "camelCase")]
    Session {
        /// Session ARN.
        arn: String,
        /// `aws:PrincipalArn` of its requests (the role ARN with its path).
        principal_arn: String,
        /// `aws:userid`.
        userid: String,
        /// `aws:TokenIssueTime`.
        token_issue_time: String,
        /// When it expires (absent: does not expire in the simulation).
        #[serde(skip_serializing_if = "Option::is_none")]
        expiration: Option<String>,
        /// `aws:MultiFactorAuthPresent`.
        mfa_present: bool,
        /// `aws:PrincipalTag/*`.
        tags: BTreeMap<String, String>,
        /// Keys that pass on to the next hop.
        transitive_tag_keys: Vec<String>,
        /// `aws:SourceIdentity`.
        #[serde(skip_serializing_if = "Option::is_none")]
        source_identity: Option<String>,
        /// Session policies in force.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        session_policies: Vec<String>,
        /// Whether it was made by role chaining.
        chained: bool,
    },
    /// The clock or identity stack changed.
    #[serde(rename_all = "camelCase")]
    Note {
        /// What happened.
        text: String,
    },
}

/// A policy document with errors that a step depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenDocument {
    /// Its JSON path in the scenario, as diagnostics name it.
    pub path: String,
    /// Its name, as traces name it (`trust policy of role Admin`, an inline policy's name…).
    pub name: String,
}

/// One step of the report.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// 0-based step index.
    pub index: usize,
    /// `as`, `assumeRole`, `call`, `revokeSessions`, `advanceTime`, `setTime`, `exitRole`.
    pub kind: String,
    /// The identity that made the request (for `as`: the identity taken on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The action requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The resource requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The simulated time of the step.
    pub time: String,
    /// The decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// The expected decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
    /// The expected error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect_error: Option<String>,
    /// Whether the expectation was met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// The error, when the decision is `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<StepError>,
    /// Why the step was not evaluated (it depends on a policy document with errors, or on an
    /// identity such a step would have produced); then it has no decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_evaluated: Option<String>,
    /// The policy documents with errors that kept the step from being evaluated (directly,
    /// or through the not-evaluated step its identity comes from).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub broken_documents: Vec<BrokenDocument>,
    /// Whether the step could not be evaluated (`CannotEvaluate`) and no
    /// `"expect": "error", "expectError": "CannotEvaluate"` expected it: the run fails.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unexpected_cannot_evaluate: bool,
    /// The step's `note`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The statements that decided the step's authorizations (the trace's `decisive` lists,
    /// in order), present with or without the trace.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisive: Vec<crate::eval::decisive::StatementId>,
    /// The trace.
    pub trace: Vec<TraceEntry>,
}
