//! The loaded scenario: accounts, principals, policies and steps, with references resolved
//! and every policy document parsed. Built by [`super::load`], read by [`super::run`].

use crate::eval::inputs::PolicyOrigin;
use crate::eval::request::ContextValue;
use crate::policy::model::Policy;
use crate::source::Span;
use std::sync::Arc;

/// A policy document together with where it came from.
#[derive(Debug, Clone)]
pub struct Attached {
    /// Its origin (JSON path id, AWS name, ARN, what it is attached to).
    pub origin: PolicyOrigin,
    /// The parsed document (`None` only in an invalid scenario, which is never run).
    pub policy: Option<Arc<Policy>>,
}

/// Tags in the order written; keys compare case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags(pub Vec<(String, String)>);

impl Tags {
    /// The value of `key` (any case).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key`, replacing an entry whose key differs only in case (the new spelling wins).
    pub fn set(&mut self, key: &str, value: &str) {
        self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
        self.0.push((key.to_string(), value.to_string()));
    }

    /// Whether there is no tag.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A loaded scenario.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    /// `title`.
    pub title: String,
    /// `description`.
    pub description: Option<String>,
    /// The clock at the first step, epoch seconds.
    pub time: i64,
    /// The organization, if any.
    pub organization: Option<Organization>,
    /// The accounts.
    pub accounts: Vec<Account>,
    /// The steps.
    pub steps: Vec<Step>,
    /// Lookups by ARN and id, built on first use (see [`Scenario::index`]). The world must
    /// not change after that (a loaded scenario never does).
    pub lookup: std::sync::OnceLock<super::world::Index>,
}

impl Scenario {
    /// Users, roles, resources and accounts by ARN or id, built once: lookups in worlds of
    /// thousands of principals stay constant-time.
    pub fn index(&self) -> &super::world::Index {
        self.lookup
            .get_or_init(|| super::world::Index::build_for(self))
    }
}

/// An AWS Organizations organization.
#[derive(Debug, Clone, Default)]
pub struct Organization {
    /// `o-…`.
    pub id: String,
    /// The management account id.
    pub management_account: String,
    /// Organizational units.
    pub units: Vec<OrgUnit>,
    /// Service control policies with their targets.
    pub scps: Vec<OrgPolicy>,
    /// Resource control policies with their targets.
    pub rcps: Vec<OrgPolicy>,
    /// Whether `FullAWSAccess` is attached everywhere (default true).
    pub default_full_aws_access: bool,
    /// `members`, when given: only these accounts are in the organization.
    pub members: Option<Vec<String>>,
}

/// An organizational unit.
#[derive(Debug, Clone, Default)]
pub struct OrgUnit {
    /// `ou-…`.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// `root` or another unit's id.
    pub parent: String,
    /// Accounts directly in this unit.
    pub accounts: Vec<String>,
}

/// An SCP or RCP and where it is attached.
#[derive(Debug, Clone)]
pub struct OrgPolicy {
    /// The policy.
    pub attached: Attached,
    /// `root`, unit ids and account ids.
    pub targets: Vec<String>,
}

/// One account.
#[derive(Debug, Clone, Default)]
pub struct Account {
    /// 12 digits.
    pub id: String,
    /// Alias for traces.
    pub name: Option<String>,
    /// Customer managed policies.
    pub managed_policies: Vec<ManagedPolicy>,
    /// IAM users.
    pub users: Vec<User>,
    /// IAM groups.
    pub groups: Vec<Group>,
    /// IAM roles.
    pub roles: Vec<Role>,
    /// Resources this account owns.
    pub resources: Vec<Resource>,
}

/// A customer managed policy.
#[derive(Debug, Clone)]
pub struct ManagedPolicy {
    /// Its name.
    pub name: String,
    /// Its path.
    pub path: String,
    /// Its ARN.
    pub arn: String,
    /// Its document.
    pub attached: Attached,
}

/// An IAM user.
#[derive(Debug, Clone, Default)]
pub struct User {
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// ARN.
    pub arn: String,
    /// Synthetic `AIDA…` id.
    pub unique_id: String,
    /// Indexes of its groups in the account.
    pub groups: Vec<usize>,
    /// Inline and attached managed policies.
    pub policies: Vec<Attached>,
    /// Permissions boundary.
    pub boundary: Option<Attached>,
    /// Tags.
    pub tags: Tags,
    /// MFA device serial numbers.
    pub mfa_devices: Vec<String>,
}

/// An IAM group.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// Name.
    pub name: String,
    /// ARN.
    pub arn: String,
    /// Inline and attached managed policies.
    pub policies: Vec<Attached>,
}

/// An IAM role.
#[derive(Debug, Clone, Default)]
pub struct Role {
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// ARN (with path).
    pub arn: String,
    /// Synthetic `AROA…` id.
    pub unique_id: String,
    /// Trust policy.
    pub trust: Option<Attached>,
    /// Inline and attached managed policies.
    pub policies: Vec<Attached>,
    /// Permissions boundary.
    pub boundary: Option<Attached>,
    /// Tags.
    pub tags: Tags,
    /// Maximum session duration, seconds.
    pub max_session_duration: i64,
    /// ARNs of the instance profiles holding this role (`instanceProfiles`): EC2 instances
    /// launched with one get this role's sessions.
    pub instance_profiles: Vec<String>,
}

impl Role {
    /// Whether this is a service-linked role (path `/aws-service-role/…`): SCPs do not apply.
    pub fn service_linked(&self) -> bool {
        self.path.starts_with("/aws-service-role/")
    }
}

/// A resource an account declares.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// ARN.
    pub arn: String,
    /// Resource-based policy.
    pub policy: Option<Attached>,
    /// Tags.
    pub tags: Tags,
}

/// The decision words a step may expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// `allowed`
    Allowed,
    /// `explicitDeny`
    ExplicitDeny,
    /// `implicitDeny`
    ImplicitDeny,
    /// `error`
    Error,
}

impl Expect {
    /// AWS's word.
    pub fn word(self) -> &'static str {
        match self {
            Expect::Allowed => "allowed",
            Expect::ExplicitDeny => "explicitDeny",
            Expect::ImplicitDeny => "implicitDeny",
            Expect::Error => "error",
        }
    }
}

/// MFA passed to `AssumeRole`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaParams {
    /// `SerialNumber`.
    pub serial_number: String,
    /// `TokenCode`.
    pub token_code: String,
}

/// The parameters of an `assumeRole` step.
#[derive(Debug, Clone, Default)]
pub struct AssumeRoleStep {
    /// Role ARN.
    pub role_arn: String,
    /// `RoleSessionName` (defaulted at run time).
    pub session_name: Option<String>,
    /// `ExternalId`.
    pub external_id: Option<String>,
    /// `SerialNumber` / `TokenCode`.
    pub mfa: Option<MfaParams>,
    /// `DurationSeconds`.
    pub duration_seconds: Option<i64>,
    /// Inline session policy and its size in characters without whitespace.
    pub session_policy: Option<(Attached, usize)>,
    /// `PolicyArns`, resolved.
    pub session_policy_arns: Vec<Attached>,
    /// `Tags`.
    pub tags: Tags,
    /// Whether `tags` was written (an empty object still passes no tags).
    pub transitive_tag_keys: Vec<String>,
    /// `SourceIdentity`.
    pub source_identity: Option<String>,
}

/// What a step does.
#[derive(Debug, Clone)]
pub enum StepKind {
    /// Become an identity.
    As {
        /// The identity's ARN.
        arn: String,
        /// `mfa`: absent (access keys), true or false (console session).
        mfa: Option<bool>,
        /// `sourceIp`.
        source_ip: Option<String>,
        /// `via`: the service using the role.
        via: Option<String>,
        /// `sessionName` for a role used via a service.
        session_name: Option<String>,
    },
    /// `sts:AssumeRole`.
    AssumeRole(Box<AssumeRoleStep>),
    /// One request.
    Call {
        /// The action.
        action: String,
        /// The resource ARN or `*`.
        resource: String,
        /// Context overrides; `None` removes the key.
        context: Vec<(String, Option<ContextValue>)>,
    },
    /// Revoke active sessions of a role.
    RevokeSessions {
        /// The role ARN.
        role_arn: String,
    },
    /// Move the clock forward.
    AdvanceTime {
        /// Seconds.
        seconds: i64,
        /// As written.
        text: String,
    },
    /// Set the clock.
    SetTime {
        /// Epoch seconds.
        time: i64,
    },
    /// Switch back.
    ExitRole,
}

impl StepKind {
    /// The step's key in the format (`as`, `assumeRole`…), the report's `kind`.
    pub fn name(&self) -> &'static str {
        match self {
            StepKind::As { .. } => "as",
            StepKind::AssumeRole(_) => "assumeRole",
            StepKind::Call { .. } => "call",
            StepKind::RevokeSessions { .. } => "revokeSessions",
            StepKind::AdvanceTime { .. } => "advanceTime",
            StepKind::SetTime { .. } => "setTime",
            StepKind::ExitRole => "exitRole",
        }
    }
}

/// One step.
#[derive(Debug, Clone)]
pub struct Step {
    /// What it does.
    pub kind: StepKind,
    /// `expect`.
    pub expect: Option<Expect>,
    /// `expectError`.
    pub expect_error: Option<String>,
    /// `note`.
    pub note: Option<String>,
    /// Where the step is written.
    pub span: Span,
}
