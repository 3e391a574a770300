//! Who is acting: an IAM user (access keys or a console session, with or without MFA), an
//! account root user, or a role session (assumed, or a role used by a service), with what
//! each carries into requests: MFA state, token issue time, expiry, principal tags,
//! transitive tags, source identity, session policies and source IP.

use super::clock::format_rfc3339;
use super::model::{Attached, Tags};
use crate::eval::request::{Context, ContextValue, Principal, PrincipalKind};

/// The documentation address used as `aws:SourceIp` when a scenario gives none.
pub const DEFAULT_SOURCE_IP: &str = "203.0.113.10";

/// What kind of identity acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// An IAM user (account index, user index).
    User(usize, usize),
    /// An account root user (account index).
    Root(usize),
    /// A role session (account index, role index).
    RoleSession(usize, usize),
}

/// The current identity and its credentials.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Who.
    pub who: Who,
    /// The principal as the evaluator sees it.
    pub principal: Principal,
    /// `aws:userid`.
    pub userid: String,
    /// `aws:username` (users only).
    pub username: Option<String>,
    /// `aws:PrincipalArn`.
    pub principal_arn: String,
    /// `aws:MultiFactorAuthPresent` (absent for long-term keys).
    pub mfa_present: Option<bool>,
    /// When MFA authentication happened (for `aws:MultiFactorAuthAge`).
    pub mfa_time: Option<i64>,
    /// `aws:TokenIssueTime` (absent for long-term keys).
    pub token_issue_time: Option<i64>,
    /// When the credentials expire (`None`: they do not, in the simulation).
    pub expires: Option<i64>,
    /// `aws:SourceIp`.
    pub source_ip: String,
    /// `aws:PrincipalTag/*`.
    pub tags: Tags,
    /// Tags that pass on to the next hop of a chain (key, value).
    pub transitive: Tags,
    /// `aws:SourceIdentity`.
    pub source_identity: Option<String>,
    /// Session policies (role sessions made with some).
    pub session_policies: Option<Vec<Attached>>,
    /// How the credentials were obtained, for the trace.
    pub credentials: String,
    /// Whether this role session was made by role chaining (or a service: chained rules).
    pub role_session: bool,
    /// For a role session, why its `aws:MultiFactorAuthPresent` is what it is (the `mfa-carry`
    /// reading), reported only on a step whose decision consulted an MFA key of this session.
    pub mfa_rule: Option<&'static str>,
}

impl Identity {
    /// The principal's account.
    pub fn account(&self) -> Option<&str> {
        self.principal.account.as_deref()
    }

    /// `aws:PrincipalType`.
    pub fn principal_type(&self) -> &'static str {
        match self.principal.kind {
            PrincipalKind::User { .. } => "User",
            PrincipalKind::Root => "Account",
            PrincipalKind::AssumedRole { .. } => "AssumedRole",
            PrincipalKind::FederatedUser { .. } => "FederatedUser",
            PrincipalKind::Service { .. } | PrincipalKind::Anonymous => "",
        }
    }

    /// The principal-side context keys of A.8 at time `now`.
    pub fn fill_context(&self, ctx: &mut Context, now: i64, org_id: Option<&str>) {
        ctx.set_str("aws:CurrentTime", format_rfc3339(now));
        ctx.set_str("aws:EpochTime", now.to_string());
        ctx.set_str("aws:PrincipalArn", self.principal_arn.clone());
        if let Some(a) = self.account() {
            ctx.set_str("aws:PrincipalAccount", a);
        }
        if let Some(o) = org_id {
            ctx.set_str("aws:PrincipalOrgID", o);
        }
        let t = self.principal_type();
        if !t.is_empty() {
            ctx.set_str("aws:PrincipalType", t);
        }
        ctx.set_str("aws:userid", self.userid.clone());
        if let Some(u) = &self.username {
            ctx.set_str("aws:username", u.clone());
        }
        for (k, v) in &self.tags.0 {
            ctx.set_str(&format!("aws:PrincipalTag/{k}"), v.clone());
        }
        if let Some(m) = self.mfa_present {
            ctx.set_str("aws:MultiFactorAuthPresent", m.to_string());
            if let (true, Some(at)) = (m, self.mfa_time) {
                ctx.set_str(
                    "aws:MultiFactorAuthAge",
                    now.saturating_sub(at).max(0).to_string(),
                );
            }
        }
        if let Some(t) = self.token_issue_time {
            ctx.set_str("aws:TokenIssueTime", format_rfc3339(t));
        }
        if let Some(s) = &self.source_identity {
            ctx.set_str("aws:SourceIdentity", s.clone());
        }
        ctx.set_str("aws:SourceIp", self.source_ip.clone());
        ctx.set_str("aws:SecureTransport", "true");
        // Keys AWS puts in every signed request: an IAM principal is not a service
        // principal, and a step's request is made directly, not by a service on its behalf.
        ctx.set_str("aws:PrincipalIsAWSService", "false");
        ctx.set_str("aws:ViaAWSService", "false");
    }
}

/// A context as a JSON map for the trace (keys as written, values as strings or arrays).
pub fn context_json(ctx: &Context) -> std::collections::BTreeMap<String, serde_json::Value> {
    ctx.iter()
        .map(|(k, v)| {
            let value = match v {
                ContextValue::Single(s) => serde_json::Value::String(s.clone()),
                ContextValue::Multi(m) => serde_json::Value::Array(
                    m.iter().cloned().map(serde_json::Value::String).collect(),
                ),
            };
            (k.to_string(), value)
        })
        .collect()
}
