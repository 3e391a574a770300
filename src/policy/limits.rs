//! IAM's size limits for policy documents, and how each kind of policy is measured.
//!
//! IAM does not count whitespace in the policies it stores (managed policies, inline policies,
//! trust policies); AWS Organizations counts every character of an SCP or RCP. Session policies
//! are limited to 2,048 characters of plaintext; this engine counts them like IAM (without
//! whitespace), the reading that never rejects a policy AWS accepts. [QUOTAS][STSAPI][RCP]

use super::model::PolicyKind;
use crate::diag::Diagnostic;
use crate::json::JsonPath;
use crate::source::Span;

/// Managed policy (and a managed policy used as a permissions boundary): non-whitespace characters. (F113)
pub const MANAGED_POLICY_MAX: usize = 6_144;
/// Role trust policy: non-whitespace characters (default quota; raisable to 4,096).
pub const TRUST_POLICY_MAX: usize = 2_048;
/// Session policy passed to `AssumeRole`: plaintext characters.
pub const SESSION_POLICY_MAX: usize = 2_048;
/// Service control policy: every character, whitespace included.
pub const SCP_MAX: usize = 5_120;
/// Resource control policy: every character, whitespace included.
pub const RCP_MAX: usize = 5_120;
/// All inline policies of one user together: non-whitespace characters.
pub const USER_INLINE_AGGREGATE_MAX: usize = 2_048;
/// All inline policies of one group together: non-whitespace characters.
pub const GROUP_INLINE_AGGREGATE_MAX: usize = 5_120;
/// All inline policies of one role together: non-whitespace characters. (F113)
pub const ROLE_INLINE_AGGREGATE_MAX: usize = 10_240;

/// How a limit counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Whitespace is not counted (IAM).
    NonWhitespace,
    /// Every character counts (AWS Organizations).
    AllCharacters,
}

/// The owner of inline policies whose sizes add up against one limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineOwner {
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// An IAM role.
    Role,
}

/// The limit on the aggregate size of an entity's inline policies (non-whitespace characters).
pub fn inline_aggregate_limit(owner: InlineOwner) -> usize {
    match owner {
        InlineOwner::User => USER_INLINE_AGGREGATE_MAX,
        InlineOwner::Group => GROUP_INLINE_AGGREGATE_MAX,
        InlineOwner::Role => ROLE_INLINE_AGGREGATE_MAX,
    }
}

/// The per-document limit of a kind and how it counts. `None` for identity policies and
/// permissions boundaries (inline policies count against their owner's aggregate, see
/// [`inline_aggregate_diagnostic`]; customer managed policies against [`MANAGED_POLICY_MAX`],
/// see [`customer_managed_diagnostic`]; AWS managed policies have no limit, `ReadOnlyAccess` is
/// far larger), and for resource-based policies (each service has its own limit).
pub fn document_limit(kind: PolicyKind) -> Option<(usize, Counting)> {
    match kind {
        PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Resource => None,
        PolicyKind::Trust => Some((TRUST_POLICY_MAX, Counting::NonWhitespace)),
        PolicyKind::Session => Some((SESSION_POLICY_MAX, Counting::NonWhitespace)),
        PolicyKind::ServiceControl => Some((SCP_MAX, Counting::AllCharacters)),
        PolicyKind::ResourceControl => Some((RCP_MAX, Counting::AllCharacters)),
    }
}

/// The size of a policy's text as a limit counts it.
pub fn policy_size(text: &str, counting: Counting) -> usize {
    match counting {
        Counting::NonWhitespace => iam_size(text),
        Counting::AllCharacters => text.chars().count(),
    }
}

/// The `policy-size-exceeded` error for a document of `size` over `limit`, at `span`.
pub fn size_diagnostic(
    what: &str,
    size: usize,
    limit: usize,
    counting: Counting,
    span: Span,
) -> Option<Diagnostic> {
    if size <= limit {
        return None;
    }
    let (unit, help) = match counting {
        Counting::NonWhitespace => (
            "characters, not counting whitespace",
            "split the policy, or shorten it with wildcards and fewer statements",
        ),
        Counting::AllCharacters => (
            "characters, whitespace included",
            "remove whitespace outside strings (it counts here), split the policy, or shorten it",
        ),
    };
    Some(
        Diagnostic::error(
            "policy-size-exceeded",
            format!("the {what} is {size} {unit}; the limit is {limit}"),
        )
        .with_help(help)
        .at(JsonPath::root(), span),
    )
}

/// The size error for a customer managed policy (F113: 6,144 non-whitespace characters), whose
/// document is at `span` in `text`. Use it for managed policies a scenario defines.
pub fn customer_managed_diagnostic(text: &str, span: Span) -> Option<Diagnostic> {
    let size = iam_size(span.slice(text));
    size_diagnostic(
        "managed policy",
        size,
        MANAGED_POLICY_MAX,
        Counting::NonWhitespace,
        span,
    )
}

/// The `inline-policy-aggregate-exceeded` error when an entity's inline policies together
/// (`total`, non-whitespace characters, see [`iam_size`]) exceed its limit (F113).
pub fn inline_aggregate_diagnostic(owner: InlineOwner, total: usize) -> Option<Diagnostic> {
    let limit = inline_aggregate_limit(owner);
    if total <= limit {
        return None;
    }
    let who = match owner {
        InlineOwner::User => "user",
        InlineOwner::Group => "group",
        InlineOwner::Role => "role",
    };
    Some(
        Diagnostic::error(
            "inline-policy-aggregate-exceeded",
            format!("the inline policies of this {who} total {total} characters, not counting whitespace; the limit is {limit}"),
        )
        .with_help("move some statements into a customer managed policy and attach it instead"),
    )
}

/// The size IAM counts: characters that are not whitespace.
pub fn iam_size(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_does_not_count_whitespace_organizations_does() {
        let t = "{ \"a\" :\n\t\"b c\" }";
        assert_eq!(iam_size(t), 10);
        assert_eq!(policy_size(t, Counting::AllCharacters), t.chars().count());
    }

    #[test]
    fn size_errors() {
        let text = format!("{{\"a\":\"{}\"}}", "x".repeat(6_200));
        let d = customer_managed_diagnostic(&text, Span::new(0, text.len())).unwrap();
        assert_eq!(d.code, "policy-size-exceeded");
        assert_eq!(
            d.message,
            "the managed policy is 6208 characters, not counting whitespace; the limit is 6144"
        );
        assert!(customer_managed_diagnostic("{ }", Span::new(0, 3)).is_none());
        let d = inline_aggregate_diagnostic(InlineOwner::Role, 10_241).unwrap();
        assert_eq!(d.code, "inline-policy-aggregate-exceeded");
        assert!(inline_aggregate_diagnostic(InlineOwner::Role, 10_240).is_none());
        assert!(inline_aggregate_diagnostic(InlineOwner::User, 2_049).is_some());
    }

    #[test]
    fn aggregate_limits_by_owner() {
        // [QUOTAS]: user 2,048, group 5,120, role 10,240 (F113).
        assert_eq!(inline_aggregate_limit(InlineOwner::User), 2_048);
        assert_eq!(inline_aggregate_limit(InlineOwner::Group), 5_120);
        assert_eq!(inline_aggregate_limit(InlineOwner::Role), 10_240);
    }
}
