//! Which export a JSON file is, recognised by its keys (never by its name), as the AWS CLI
//! prints each command's output with `--output json`.

use crate::json::{JsonNode, JsonValue};

/// The kind of a resource-policy output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// `aws s3api get-bucket-policy`: `{"Policy": "..."}` (also an older
    /// `aws kms get-key-policy`, which has the same shape).
    Bucket,
    /// `aws kms get-key-policy`: `{"Policy": "...", "PolicyName": "default"}`.
    Key,
    /// `aws lambda get-policy`: `{"Policy": "...", "RevisionId": "..."}`.
    Function,
    /// `aws sqs get-queue-attributes --attribute-names Policy`: `{"Attributes": {"Policy": "..."}}`.
    Queue,
    /// `aws sns get-topic-attributes`: `{"Attributes": {"Policy", "TopicArn", "Owner", ...}}`.
    Topic,
    /// `aws secretsmanager get-resource-policy`: `{"ARN", "Name", "ResourcePolicy"}`.
    Secret,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `aws iam get-account-authorization-details` (one page).
    AuthorizationDetails,
    /// `aws organizations describe-organization`.
    Organization,
    /// `aws organizations list-roots`.
    Roots,
    /// `aws organizations list-organizational-units-for-parent`.
    Units,
    /// `aws organizations list-accounts-for-parent`.
    Accounts,
    /// `aws organizations list-policies --filter ...`.
    PolicyList,
    /// `aws organizations describe-policy`.
    Policy,
    /// `aws organizations list-targets-for-policy`.
    Targets,
    /// A resource-based policy.
    Resource(ResourceKind),
    /// `aws sts get-caller-identity`.
    CallerIdentity,
    /// None of these.
    Unknown,
}

/// The exports this importer knows, as the messages name them.
pub const KNOWN: [&str; 16] = [
    "aws iam get-account-authorization-details",
    "aws organizations describe-organization",
    "aws organizations list-roots",
    "aws organizations list-organizational-units-for-parent",
    "aws organizations list-accounts-for-parent",
    "aws organizations list-policies",
    "aws organizations describe-policy",
    "aws organizations list-targets-for-policy",
    "aws s3api get-bucket-policy",
    "aws kms get-key-policy",
    "aws sqs get-queue-attributes --attribute-names Policy",
    "aws sns get-topic-attributes",
    "aws lambda get-policy",
    "aws secretsmanager get-resource-policy",
    "aws sts get-caller-identity",
    "an AWS config file (~/.aws/config)",
];

/// Recognises the export `root` is.
pub fn classify(root: &JsonNode) -> Shape {
    let Some(members) = root.as_object() else {
        return Shape::Unknown;
    };
    let has = |k: &str| members.iter().any(|(key, _)| key.name == k);
    let get = |k: &str| root.get(k);
    if has("UserDetailList") || has("GroupDetailList") || has("RoleDetailList") {
        return Shape::AuthorizationDetails;
    }
    if let Some(p) = get("Policies").and_then(JsonNode::as_array) {
        // IAM's `Policies` entries carry `PolicyName`/`PolicyVersionList`; Organizations'
        // carry `Id`/`Type`/`AwsManaged`.
        let iam = p
            .first()
            .is_some_and(|e| e.get("PolicyVersionList").is_some() || e.get("PolicyName").is_some());
        return if iam {
            Shape::AuthorizationDetails
        } else {
            Shape::PolicyList
        };
    }
    if get("Organization").is_some_and(|o| o.as_object().is_some()) {
        return Shape::Organization;
    }
    if has("Roots") {
        return Shape::Roots;
    }
    if has("OrganizationalUnits") {
        return Shape::Units;
    }
    if has("Accounts") {
        return Shape::Accounts;
    }
    if has("Targets") {
        return Shape::Targets;
    }
    if let Some(p) = get("Policy") {
        return match &p.value {
            JsonValue::Object(_) => Shape::Policy,
            JsonValue::String(_) if has("PolicyName") => Shape::Resource(ResourceKind::Key),
            JsonValue::String(_) if has("RevisionId") => Shape::Resource(ResourceKind::Function),
            JsonValue::String(_) => Shape::Resource(ResourceKind::Bucket),
            _ => Shape::Unknown,
        };
    }
    if let Some(attrs) = get("Attributes").filter(|a| a.as_object().is_some()) {
        if attrs.get("TopicArn").is_some() {
            return Shape::Resource(ResourceKind::Topic);
        }
        if attrs.get("Policy").is_some() || attrs.get("QueueArn").is_some() {
            return Shape::Resource(ResourceKind::Queue);
        }
        return Shape::Unknown;
    }
    if has("ResourcePolicy") || (has("ARN") && has("Name")) {
        return Shape::Resource(ResourceKind::Secret);
    }
    if has("UserId") && has("Account") && has("Arn") {
        return Shape::CallerIdentity;
    }
    Shape::Unknown
}
