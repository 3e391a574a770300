//! The IAM policy language as data: a parsed policy document, its statements and their
//! elements, each with the span it was written at.
//!
//! This is the contract between the parser (`policy::parse`, which builds it and validates it)
//! and the evaluator (`eval`, which reads it). Values keep their text as written; the
//! evaluator compiles what it needs once per policy.

use crate::source::{Span, Spanned};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// The kind of policy a document is used as. Grammar and validation depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    /// Identity-based policy (inline or managed) of a user, group or role.
    Identity,
    /// Resource-based policy (bucket policy, key policy, queue policy…).
    Resource,
    /// A role's trust policy (its resource-based policy for `sts:AssumeRole*`).
    Trust,
    /// A permissions boundary (a managed policy used as a boundary).
    Boundary,
    /// A session policy passed to `AssumeRole` (inline `Policy` or `PolicyArns`).
    Session,
    /// A service control policy of AWS Organizations.
    ServiceControl,
    /// A resource control policy of AWS Organizations.
    ResourceControl,
}

impl PolicyKind {
    /// AWS's words for this policy type, as in access-denied messages
    /// (`identity-based policy`, `service control policy`…).
    pub fn aws_words(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity-based policy",
            PolicyKind::Resource | PolicyKind::Trust => "resource-based policy",
            PolicyKind::Boundary => "permissions boundary",
            PolicyKind::Session => "session policy",
            PolicyKind::ServiceControl => "service control policy",
            PolicyKind::ResourceControl => "resource control policy",
        }
    }

    /// Whether statements of this kind name a `Principal`.
    pub fn has_principal(self) -> bool {
        matches!(self, PolicyKind::Resource | PolicyKind::Trust)
    }
}

/// The policy language version, from the `Version` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PolicyVersion {
    /// `2012-10-17`: policy variables are substituted.
    #[serde(rename = "2012-10-17")]
    V2012_10_17,
    /// `2008-10-17`: policy variables are literal text.
    #[serde(rename = "2008-10-17")]
    V2008_10_17,
    /// No `Version` element: behaves as `2008-10-17`.
    #[serde(rename = "none")]
    Missing,
}

impl PolicyVersion {
    /// Whether `${...}` policy variables are substituted in this version.
    pub fn substitutes_variables(self) -> bool {
        self == PolicyVersion::V2012_10_17
    }
}

/// A parsed policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// What the document is used as.
    pub kind: PolicyKind,
    /// The `Version` element.
    pub version: PolicyVersion,
    /// The `Id` element, if any.
    pub id: Option<Spanned<String>>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
    /// The text the spans point into (the pasted policy text, or the whole file for a policy
    /// written as a JSON object inside a scenario).
    pub text: Arc<str>,
    /// The span of the whole document inside `text`.
    pub span: Span,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Effect {
    /// `"Effect": "Allow"`
    Allow,
    /// `"Effect": "Deny"`
    Deny,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the `Statement` list (0 when `Statement` is a single object).
    pub index: usize,
    /// The `Sid`, if any.
    pub sid: Option<Spanned<String>>,
    /// The `Effect`, with its span.
    pub effect: Spanned<Effect>,
    /// `Principal` or `NotPrincipal`; `None` when neither is written.
    pub principal: Option<PrincipalElement>,
    /// `Action` or `NotAction`. A statement missing both is a parse error, so this is always set
    /// on a policy that parsed.
    pub action: ActionElement,
    /// `Resource` or `NotResource`; `None` when neither is written (trust policies).
    pub resource: Option<ResourceElement>,
    /// The `Condition` block, flattened to one entry per (operator, key), in document order.
    pub conditions: Vec<Condition>,
    /// The span of the statement object.
    pub span: Span,
}

impl Statement {
    /// A label for traces: the `Sid`, or `#<index>` when there is none.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.value.is_empty() => s.value.clone(),
            _ => format!("#{}", self.index),
        }
    }
}

/// `Principal` / `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalElement {
    /// `true` for `NotPrincipal`.
    pub negated: bool,
    /// The listed principals (OR). A bare `"*"` is one entry of kind [`PrincipalType::Any`].
    pub values: Vec<PrincipalValue>,
    /// The span of the element's value.
    pub span: Span,
}

/// The map key a principal was listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PrincipalType {
    /// `"Principal": "*"` (everyone, anonymous included).
    Any,
    /// `{"AWS": ...}`: account ids, account root ARNs, users, roles, sessions, `*`.
    #[serde(rename = "AWS")]
    Aws,
    /// `{"Service": ...}`: a service principal such as `lambda.amazonaws.com`.
    Service,
    /// `{"Federated": ...}`: a SAML or OIDC provider.
    Federated,
    /// `{"CanonicalUser": ...}`: an S3 canonical user id.
    CanonicalUser,
}

/// One listed principal.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalValue {
    /// The key it was listed under.
    pub kind: PrincipalType,
    /// The value as written (`"*"` for [`PrincipalType::Any`]).
    pub value: Spanned<String>,
}

/// `Action` / `NotAction`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionElement {
    /// `true` for `NotAction`.
    pub negated: bool,
    /// The patterns as written (`s3:Get*`, `*`).
    pub patterns: Vec<Spanned<String>>,
    /// The span of the element's value.
    pub span: Span,
}

/// `Resource` / `NotResource`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceElement {
    /// `true` for `NotResource`.
    pub negated: bool,
    /// The patterns as written (`arn:aws:s3:::bucket/*`, `*`).
    pub patterns: Vec<Spanned<String>>,
    /// The span of the element's value.
    pub span: Span,
}

/// One (operator, key) entry of a `Condition` block, with its values (OR, or NOR for negated
/// operators).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator, parsed.
    pub operator: Spanned<ConditionOperator>,
    /// The operator exactly as written (`ForAnyValue:StringLike`).
    pub operator_text: String,
    /// The condition key as written (`aws:SourceIp`); compare case-insensitively.
    pub key: Spanned<String>,
    /// The values, as their string forms (`true`, `5`, text).
    ///
    /// A value need not parse for the operator's family: IAM stores `"DateLessThan":
    /// {"aws:CurrentTime": "yesterday"}`, and the validator reports it as a `type-mismatch-*`
    /// warning. The validator reads values with `eval::values` (`number`, `date`, `cidr`,
    /// `boolean`, `base64`); when a value does not parse, the evaluator must answer "cannot
    /// evaluate" for that condition, never a silent non-match.
    pub values: Vec<Spanned<String>>,
}

/// A condition operator: optional set qualifier, base operator, optional `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionOperator {
    /// `ForAllValues:` or `ForAnyValue:`.
    pub qualifier: Option<SetQualifier>,
    /// The base operator.
    pub base: BaseOperator,
    /// The `…IfExists` suffix.
    pub if_exists: bool,
}

/// A set-operator qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SetQualifier {
    /// `ForAllValues:` — every request value matches (true when the key is absent or empty).
    ForAllValues,
    /// `ForAnyValue:` — at least one request value matches (false when absent or empty).
    ForAnyValue,
}

/// The base condition operators of IAM (every family of the condition-operator reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[allow(missing_docs, reason = "the names are AWS's operator names")]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// The family an operator belongs to (decides value parsing and where variables may appear).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OperatorFamily {
    /// String operators.
    String,
    /// Numeric operators.
    Numeric,
    /// Date operators.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// ARN operators.
    Arn,
    /// `Null`.
    Null,
}

impl BaseOperator {
    /// Every base operator, in AWS's documentation order.
    pub const ALL: [BaseOperator; 27] = [
        BaseOperator::StringEquals,
        BaseOperator::StringNotEquals,
        BaseOperator::StringEqualsIgnoreCase,
        BaseOperator::StringNotEqualsIgnoreCase,
        BaseOperator::StringLike,
        BaseOperator::StringNotLike,
        BaseOperator::NumericEquals,
        BaseOperator::NumericNotEquals,
        BaseOperator::NumericLessThan,
        BaseOperator::NumericLessThanEquals,
        BaseOperator::NumericGreaterThan,
        BaseOperator::NumericGreaterThanEquals,
        BaseOperator::DateEquals,
        BaseOperator::DateNotEquals,
        BaseOperator::DateLessThan,
        BaseOperator::DateLessThanEquals,
        BaseOperator::DateGreaterThan,
        BaseOperator::DateGreaterThanEquals,
        BaseOperator::Bool,
        BaseOperator::BinaryEquals,
        BaseOperator::IpAddress,
        BaseOperator::NotIpAddress,
        BaseOperator::ArnEquals,
        BaseOperator::ArnLike,
        BaseOperator::ArnNotEquals,
        BaseOperator::ArnNotLike,
        BaseOperator::Null,
    ];

    /// The operator's name as AWS writes it.
    pub fn name(self) -> &'static str {
        match self {
            BaseOperator::StringEquals => "StringEquals",
            BaseOperator::StringNotEquals => "StringNotEquals",
            BaseOperator::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            BaseOperator::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            BaseOperator::StringLike => "StringLike",
            BaseOperator::StringNotLike => "StringNotLike",
            BaseOperator::NumericEquals => "NumericEquals",
            BaseOperator::NumericNotEquals => "NumericNotEquals",
            BaseOperator::NumericLessThan => "NumericLessThan",
            BaseOperator::NumericLessThanEquals => "NumericLessThanEquals",
            BaseOperator::NumericGreaterThan => "NumericGreaterThan",
            BaseOperator::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BaseOperator::DateEquals => "DateEquals",
            BaseOperator::DateNotEquals => "DateNotEquals",
            BaseOperator::DateLessThan => "DateLessThan",
            BaseOperator::DateLessThanEquals => "DateLessThanEquals",
            BaseOperator::DateGreaterThan => "DateGreaterThan",
            BaseOperator::DateGreaterThanEquals => "DateGreaterThanEquals",
            BaseOperator::Bool => "Bool",
            BaseOperator::BinaryEquals => "BinaryEquals",
            BaseOperator::IpAddress => "IpAddress",
            BaseOperator::NotIpAddress => "NotIpAddress",
            BaseOperator::ArnEquals => "ArnEquals",
            BaseOperator::ArnLike => "ArnLike",
            BaseOperator::ArnNotEquals => "ArnNotEquals",
            BaseOperator::ArnNotLike => "ArnNotLike",
            BaseOperator::Null => "Null",
        }
    }

    /// The operator's family.
    pub fn family(self) -> OperatorFamily {
        use BaseOperator::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => OperatorFamily::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => OperatorFamily::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => OperatorFamily::Date,
            Bool => OperatorFamily::Bool,
            BinaryEquals => OperatorFamily::Binary,
            IpAddress | NotIpAddress => OperatorFamily::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => OperatorFamily::Arn,
            Null => OperatorFamily::Null,
        }
    }

    /// Whether the operator is negated (its values combine as NOR, and it is true on an
    /// absent key).
    pub fn is_negated(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.qualifier {
            Some(SetQualifier::ForAllValues) => f.write_str("ForAllValues:")?,
            Some(SetQualifier::ForAnyValue) => f.write_str("ForAnyValue:")?,
            None => {}
        }
        f.write_str(self.base.name())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}
