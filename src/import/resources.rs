//! Resource-based policies: `aws s3api get-bucket-policy`, `aws kms get-key-policy`,
//! `aws sqs get-queue-attributes --attribute-names Policy`, `aws sns get-topic-attributes`,
//! `aws lambda get-policy`, `aws secretsmanager get-resource-policy`. The resource's ARN comes
//! from the output when it carries one, else from the file name (the percent-encoded ARN),
//! else from the policy when every statement names the same resource; the owner account from
//! the ARN, or for S3 (no account in its ARNs) from the export's account directory.

use super::detect::ResourceKind;
use super::docs::document;
use super::files;
use super::iam::str_of;
use super::world::{Put, Resource};
use super::{Importer, Loc};
use crate::json::{JsonNode, JsonPath};
use crate::policy::model::PolicyKind;
use crate::scenario::arn;
use serde_json::Value;

/// Reads one resource-policy output.
pub fn read(imp: &mut Importer, src: usize, root: &JsonNode, kind: ResourceKind) {
    let name = imp.name(src);
    let here = Loc {
        src,
        path: JsonPath::root(),
        span: root.span,
    };
    let attrs = root.get("Attributes");
    let (policy_key, holder, arn_in_output, owner_hint) = match kind {
        ResourceKind::Bucket | ResourceKind::Key | ResourceKind::Function => {
            ("Policy", Some(root), None, None)
        }
        ResourceKind::Queue => (
            "Policy",
            attrs,
            attrs.and_then(|a| str_of(a, "QueueArn")),
            None,
        ),
        ResourceKind::Topic => (
            "Policy",
            attrs,
            attrs.and_then(|a| str_of(a, "TopicArn")),
            attrs.and_then(|a| str_of(a, "Owner")),
        ),
        ResourceKind::Secret => ("ResourcePolicy", Some(root), str_of(root, "ARN"), None),
    };
    let base = if attrs.is_some() && holder.is_some() && !matches!(kind, ResourceKind::Secret) {
        JsonPath::root().key("Attributes")
    } else {
        JsonPath::root()
    };
    let policy = holder
        .and_then(|h| h.get(policy_key))
        .and_then(|n| document(imp, src, n, &base.key(policy_key), PolicyKind::Resource));
    let resource_arn = arn_in_output
        .map(str::to_string)
        .or_else(|| files::arn_from_name(&name))
        .or_else(|| policy.as_ref().and_then(inferred_arn));
    let Some(resource_arn) = resource_arn else {
        imp.warn(
            &here,
            "resource-arn-unknown",
            format!("`{name}` holds a resource-based policy ({}) but nothing says which resource it belongs to: it is left out", kind_word(kind)),
            Some("name the file after the resource's ARN, percent-encoded, as the export script does: e.g. `123456789012/resource-policies/kms/arn%3Aaws%3Akms%3Aus-east-1%3A123456789012%3Akey%2F1234abcd-12ab-34cd-56ef-1234567890ab.json`".into()),
        );
        imp.miss(format!("the resource whose policy is in `{name}`"));
        return;
    };
    let Some(parsed) = arn::parse(&resource_arn) else {
        imp.warn(
            &here,
            "bad-arn",
            format!("`{resource_arn}` is not an ARN: this policy is left out"),
            None,
        );
        return;
    };
    let owner = if arn::is_account_id(parsed.account) {
        Some(parsed.account.to_string())
    } else {
        files::account_dir(&name).or_else(|| {
            owner_hint
                .filter(|o| arn::is_account_id(o))
                .map(str::to_string)
        })
    };
    let Some(owner) = owner else {
        imp.warn(
            &here,
            "resource-owner-unknown",
            format!("the account that owns `{resource_arn}` is not known (an S3 ARN has no account): the policy is left out"),
            Some("put the file in a folder named after the owner's 12-digit account id, as the export script does: `ACCOUNT_ID/resource-policies/s3/…`".into()),
        );
        imp.miss(format!("the owner of `{resource_arn}` (and so its policy)"));
        return;
    };
    let r = Resource {
        arn: resource_arn.clone(),
        policy,
        loc: here.clone(),
    };
    let new_policy = r.policy.clone();
    if let Put::Replaced(old) = imp
        .world
        .account(&owner)
        .resources
        .put(resource_arn.clone(), r)
    {
        if old.policy != new_policy {
            let first = imp.name(old.loc.src);
            imp.warn(
                &here,
                "conflicting-entry",
                format!("the policy of `{resource_arn}` is also in `{first}` and differs: this one is used"),
                None,
            );
        }
    }
}

fn kind_word(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Bucket => "get-bucket-policy or get-key-policy",
        ResourceKind::Key => "get-key-policy",
        ResourceKind::Function => "lambda get-policy",
        ResourceKind::Queue => "sqs get-queue-attributes",
        ResourceKind::Topic => "sns get-topic-attributes",
        ResourceKind::Secret => "secretsmanager get-resource-policy",
    }
}

/// The one resource every statement's `Resource` names (an S3 object ARN counts as its
/// bucket), when there is exactly one and it has no wildcard.
pub fn inferred_arn(policy: &Value) -> Option<String> {
    let statements = match policy.get("Statement")? {
        Value::Array(a) => a.iter().collect::<Vec<_>>(),
        one @ Value::Object(_) => vec![one],
        _ => return None,
    };
    let mut found: Option<String> = None;
    for st in statements {
        let resources: Vec<&str> = match st.get("Resource")? {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => return None,
        };
        for r in resources {
            let a = arn::parse(r)?;
            let one = if a.service == "s3" {
                let bucket = a.resource.split('/').next().unwrap_or("");
                format!("arn:{}:s3:::{bucket}", a.partition)
            } else {
                r.to_string()
            };
            if one.contains(['*', '?']) {
                return None;
            }
            match &found {
                Some(f) if *f != one => return None,
                Some(_) => {}
                None => found = Some(one),
            }
        }
    }
    found
}
