//! The policies that apply to one request, grouped by policy type, as the scenario layer
//! collects them for the evaluator.

use crate::policy::model::Policy;
use serde::Serialize;

/// Where a policy came from, for traces and access-denied messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyOrigin {
    /// A stable id the UI can use to find the policy's editor, e.g. the JSON path of the
    /// document in the scenario (`$.accounts[0].users[1].inlinePolicies[0].document`).
    pub id: String,
    /// How AWS names it: a managed policy's ARN, or `user/John` inline policy `Name`…
    pub name: String,
    /// The ARN when the policy has one (managed policies, SCPs), for AWS-style messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// What it is attached to, e.g. `arn:aws:iam::111111111111:group/Developers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<String>,
}

/// A policy document with its origin.
#[derive(Debug, Clone, Copy)]
pub struct NamedPolicy<'a> {
    /// Where it came from.
    pub origin: &'a PolicyOrigin,
    /// The parsed document.
    pub policy: &'a Policy,
}

/// The policies attached at one level of an organization path (root, an OU, the account).
#[derive(Debug, Clone)]
pub struct OrgLevel<'a> {
    /// `root`, a unit id, or an account id.
    pub target: String,
    /// The policies attached there (the default full-access policy included).
    pub policies: Vec<NamedPolicy<'a>>,
}

/// What kind of resource-based policy the resource has: trust and KMS key policies must
/// allow explicitly, even within one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ResourcePolicyKind {
    /// A bucket policy, queue policy…: identity policies alone suffice in the same account.
    Ordinary,
    /// A role's trust policy (`sts:AssumeRole`, `sts:TagSession`, `sts:SetSourceIdentity`).
    RoleTrust,
    /// A KMS key policy.
    KmsKey,
}

/// Every policy that applies to one request.
#[derive(Debug, Clone)]
pub struct AuthzInputs<'a> {
    /// Identity-based policies of the principal (a user's own and its groups', or the role's).
    pub identity: Vec<NamedPolicy<'a>>,
    /// The permissions boundary of the user or role, if any.
    pub boundary: Option<NamedPolicy<'a>>,
    /// Session policies (inline and managed ARNs) of a role session; `None` when the session
    /// was made without any (then no session-policy gate applies).
    pub session: Option<Vec<NamedPolicy<'a>>>,
    /// SCPs per level of the principal's account path, root first; `None` when SCPs do not
    /// apply (no organization, management account, service-linked role, service principal).
    pub scp_levels: Option<Vec<OrgLevel<'a>>>,
    /// RCPs per level of the resource account's path, root first; `None` when RCPs do not
    /// apply (no organization, management account's resource, unsupported service).
    pub rcp_levels: Option<Vec<OrgLevel<'a>>>,
    /// The resource's resource-based policy, if it has one.
    pub resource_policy: Option<NamedPolicy<'a>>,
    /// What kind of resource-based policy applies (decides the explicit-trust rule).
    pub resource_policy_kind: ResourcePolicyKind,
}
