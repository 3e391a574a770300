//! The named assumptions (iam-semantics.md: where AWS is ambiguous, the choice is visible in
//! the trace): each a stable id and one sentence, listed only when a decision depended on it.
//! `docs/trace.md` says when each is listed.

use super::statement::Flags;
use super::trace::{Assumption, Decision};

/// Declares one `pub const` [`Assumption`] per line of the table.
macro_rules! assumptions {
    ($($(#[$doc:meta])* $name:ident = $id:literal, $text:literal;)*) => {
        $($(#[$doc])* pub const $name: Assumption = Assumption { id: $id, text: $text };)*
    };
}

assumptions! {
    /// Assumption: a same-account resource policy naming the role ARN grants a session of the
    /// role without an identity Allow.
    V3 = "V3-role-arn-direct-grant",
        "A same-account resource-based policy that names the role ARN allows the role's sessions even without an identity-based Allow (the documented table; still limited by the permissions boundary and session policy).";
    /// Assumption: a session-ARN grant is not limited by the session policy.
    V2 = "V2-session-arn-not-limited-by-session-policy",
        "A same-account resource-based policy that names the session ARN is not limited by the session policy (IAM User Guide, *Policy evaluation logic*: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).";
    /// Assumption: a plain operator on a multivalued key is false.
    V4 = "V4-plain-operator-on-multivalued-key",
        "A condition operator without ForAllValues/ForAnyValue is false on a multivalued key (IAM User Guide, *Single-valued vs. multivalued context keys*: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).";
    /// Assumption: variables are substituted in Bool values.
    V5 = "V5-variables-in-bool",
        "Policy variables are substituted in Bool condition values (the condition-operator reference says so; the variables page does not).";
    /// Assumption: a trailing `*` of a Resource segment crosses `:`.
    V12 = "V12-trailing-star-crosses-colon",
        "A `*` in a Resource ARN matches across `:` boundaries (IAM User Guide, *IAM JSON policy elements: Resource*: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).";
    /// Assumption: NotPrincipal must list the caller's account too.
    NOTPRINCIPAL_ACCOUNT = "notprincipal-needs-account",
        "A Deny with NotPrincipal applies to a caller unless it lists the caller's account and the caller; for a role session, the account, the role ARN and the session ARN (AWS may check the account, then the role, then the session; IAM User Guide, *AWS JSON policy elements: NotPrincipal*: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).";
    /// Assumption: an Allow with `NotPrincipal` is a `"*"` grant minus the principals it excludes.
    NOTPRINCIPAL_ALLOW = "notprincipal-allow-grants-everyone-else",
        "An Allow with NotPrincipal grants, as Principal \"*\" does, to every principal it does not exclude (anonymous callers included), so in the caller's own account it needs no identity-based Allow and is not limited by the permissions boundary or session policy (AWS supports NotPrincipal only with Deny and documents Allow only as granting \"to all principals except\" those listed: IAM User Guide, *AWS JSON policy elements: NotPrincipal*).";
    /// Assumption (documented, F69): a `Bool` value that is not true/false never matches.
    F69_BOOL_NEVER_MATCHES = "F69-non-boolean-bool-value-never-matches",
        "A Bool condition whose policy value is not true or false never matches (IAM User Guide, *IAM JSON policy elements: Condition operators*: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html); the validator reports the type mismatch.";
    /// Assumption: a variable before the resource part of a Resource ARN is literal text.
    F79_VARIABLE_LITERAL = "F79-variable-before-resource-part",
        "A policy variable before the fifth colon of a Resource ARN (partition, service, region, account) is not substituted: AWS allows variables only in the resource part (IAM User Guide, *IAM policy elements: Variables and tags*: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html), so it is compared as literal text.";
}

/// The assumptions that statement-level `flags` say a `decision` used: the NotPrincipal
/// account rule only matters when a Deny decided.
pub fn from_flags(flags: &Flags, decision: Decision) -> impl Iterator<Item = Assumption> {
    [
        (flags.v4, V4),
        (flags.v5, V5),
        (flags.v12, V12),
        (
            flags.np_account && decision == Decision::ExplicitDeny,
            NOTPRINCIPAL_ACCOUNT,
        ),
        (flags.bool_literal, F69_BOOL_NEVER_MATCHES),
        (flags.var_literal, F79_VARIABLE_LITERAL),
    ]
    .into_iter()
    .filter_map(|(used, a)| used.then_some(a))
}
