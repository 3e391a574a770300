//! AWS managed policies and the organization's default policies, parsed once per process and
//! shared (`ReadOnlyAccess` is large: parsing it for every scenario would dominate a run).

use super::load::aws_origin as refs_origin;
use super::model::Attached;
use crate::eval::inputs::PolicyOrigin;
use crate::policy::model::{Policy, PolicyKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

type Cache = Mutex<HashMap<(String, PolicyKindKey), Arc<Policy>>>;

/// `PolicyKind` as a hash key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PolicyKindKey(u8);

fn key(kind: PolicyKind) -> PolicyKindKey {
    PolicyKindKey(match kind {
        PolicyKind::Identity => 0,
        PolicyKind::Resource => 1,
        PolicyKind::Trust => 2,
        PolicyKind::Boundary => 3,
        PolicyKind::Session => 4,
        PolicyKind::ServiceControl => 5,
        PolicyKind::ResourceControl => 6,
    })
}

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Parses `text` as `kind` once per process (keyed by `id`).
fn cached(id: &str, text: &str, kind: PolicyKind) -> Result<Arc<Policy>, String> {
    let k = (id.to_string(), key(kind));
    if let Ok(map) = cache().lock() {
        if let Some(p) = map.get(&k) {
            return Ok(p.clone());
        }
    }
    let parsed = crate::policy::parse::parse_text(text, kind);
    let Some(policy) = parsed.policy else {
        let first = parsed
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.message.clone())
            .unwrap_or_default();
        return Err(format!(
            "the shipped document of `{id}` does not parse: {first}"
        ));
    };
    let policy = Arc::new(policy);
    if let Ok(mut map) = cache().lock() {
        map.insert(k, policy.clone());
    }
    Ok(policy)
}

/// The AWS managed policy with this ARN, parsed as `kind`.
pub fn load(arn: &str, kind: PolicyKind) -> Result<Attached, String> {
    let Some(found) = crate::managed::find(arn) else {
        return Err(format!(
            "`{arn}` is not an AWS managed policy this project ships"
        ));
    };
    // A managed policy passed in `PolicyArns` is an identity-policy document: the 2,048
    // plaintext limit of session policies counts the inline `Policy` text and the ARNs as
    // passed, never the referenced document (`ReadOnlyAccess` is far larger).
    let kind = match kind {
        PolicyKind::Session => PolicyKind::Identity,
        k => k,
    };
    let Some(document) = found.document() else {
        return Err(format!(
            "the document of `{arn}` has not been loaded yet (the page loads the AWS managed \
             policies with the engine; reload the page if this stays)"
        ));
    };
    let policy = cached(found.arn, document, kind)?;
    Ok(Attached {
        origin: refs_origin(found.arn, found.name),
        policy: Some(policy),
    })
}

/// The name of the dataset AWS managed policies come from (named in traces).
pub fn dataset() -> &'static str {
    crate::managed::DATASET
}

/// `FullAWSAccess`, the SCP AWS attaches everywhere by default.
pub fn full_aws_access() -> Option<Attached> {
    builtin(
        "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
        "FullAWSAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        PolicyKind::ServiceControl,
    )
}

/// `RCPFullAWSAccess`, the RCP AWS attaches everywhere and that cannot be detached.
pub fn rcp_full_aws_access() -> Option<Attached> {
    builtin(
        "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess",
        "RCPFullAWSAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
        PolicyKind::ResourceControl,
    )
}

/// The implicit full access of an account's root user to its own account's resources, as an
/// identity policy (SCPs, RCPs and explicit denies still apply).
pub fn root_full_access(account: &str) -> Option<Attached> {
    let mut att = builtin(
        "iam-playground:root-user-implicit-access",
        "account root user: full access to its own account's resources",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"RootUserOwnAccount","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        PolicyKind::Identity,
    )?;
    att.origin.attached_to = Some(format!("arn:aws:iam::{account}:root"));
    Some(att)
}

fn builtin(arn: &str, name: &str, text: &str, kind: PolicyKind) -> Option<Attached> {
    let policy = cached(arn, text, kind).ok()?;
    Some(Attached {
        origin: PolicyOrigin {
            id: arn.to_string(),
            name: name.to_string(),
            arn: arn.starts_with("arn:").then(|| arn.to_string()),
            attached_to: None,
        },
        policy: Some(policy),
    })
}
