//! One request to authorize: who (the principal), what (action), on what (resource, its
//! account), and the request context (condition keys and their values).

use serde::Serialize;
use std::collections::BTreeMap;

/// What kind of principal makes a request (`aws:PrincipalType`, and how it is matched).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PrincipalKind {
    /// An IAM user (`arn:aws:iam::A:user/path/name`).
    #[serde(rename_all = "camelCase")]
    User {
        /// The user name.
        name: String,
        /// The user path (`/` by default).
        path: String,
    },
    /// The account root user (`arn:aws:iam::A:root`).
    Root,
    /// A role session (`arn:aws:sts::A:assumed-role/Role/session`).
    #[serde(rename_all = "camelCase")]
    AssumedRole {
        /// The role's ARN, path included (`aws:PrincipalArn`).
        role_arn: String,
        /// The role name.
        role_name: String,
        /// The session name.
        session_name: String,
    },
    /// A federated user session (`arn:aws:sts::A:federated-user/name`).
    #[serde(rename_all = "camelCase")]
    FederatedUser {
        /// The federated user name.
        name: String,
    },
    /// An AWS service principal (`lambda.amazonaws.com`).
    #[serde(rename_all = "camelCase")]
    Service {
        /// The service principal name.
        service: String,
    },
    /// An unsigned request.
    Anonymous,
}

/// The principal making a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    /// The caller's ARN as AWS reports it (the session ARN for a role session; the service
    /// name for a service principal; `*`-free).
    pub arn: String,
    /// The principal's account id (`None` for service principals and anonymous callers).
    pub account: Option<String>,
    /// What kind of principal it is.
    pub kind: PrincipalKind,
    /// Whether this is a session of a service-linked role (SCPs do not apply to those).
    pub service_linked_role: bool,
}

/// One value of a context key: a single value or a set (multivalued keys such as
/// `aws:TagKeys`). Values are kept as their string forms, as IAM compares them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// A single-valued key.
    Single(String),
    /// A multivalued key (possibly empty).
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a slice-like list (one element for a single value).
    pub fn values(&self) -> Vec<&str> {
        match self {
            ContextValue::Single(s) => vec![s.as_str()],
            ContextValue::Multi(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// The request context: condition keys (compared case-insensitively) and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Context {
    /// Lowercased key → (key as first written, value).
    #[serde(skip)]
    entries: BTreeMap<String, (String, ContextValue)>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` (replacing any entry whose name differs only in case).
    pub fn set(&mut self, key: &str, value: ContextValue) {
        self.entries
            .insert(key.to_ascii_lowercase(), (key.to_string(), value));
    }

    /// Sets a single string value.
    pub fn set_str(&mut self, key: &str, value: impl Into<String>) {
        self.set(key, ContextValue::Single(value.into()));
    }

    /// Removes `key` (any case).
    pub fn remove(&mut self, key: &str) {
        self.entries.remove(&key.to_ascii_lowercase());
    }

    /// The value of `key`, compared case-insensitively.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries.get(&key.to_ascii_lowercase()).map(|(_, v)| v)
    }

    /// The value of a key already lowercased (no allocation; for the evaluator's hot path).
    pub fn get_lowercase(&self, lower_key: &str) -> Option<&ContextValue> {
        self.entries.get(lower_key).map(|(_, v)| v)
    }

    /// Every entry as (key as written, value), ordered by lowercased key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.values().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One request to authorize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// Who makes it.
    pub principal: Principal,
    /// The action, `service:Name` (compared case-insensitively).
    pub action: String,
    /// The resource ARN, or `*`.
    pub resource: String,
    /// The account that owns the resource.
    pub resource_account: Option<String>,
    /// The request context.
    #[serde(skip)]
    pub context: Context,
}
