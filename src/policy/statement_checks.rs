//! Checks on a statement's `Action`, `Resource` and `Principal` values, on policy variables in
//! them (A.6, F79), and on the per-kind rules for principals (A.4, A.9, F32, F39) and RCPs.

use super::glob::action_pattern_matches;
use super::model::{Effect, PolicyKind, PolicyVersion, PrincipalElement, PrincipalType, Statement};
use super::redundancy::check_redundant;
use super::validate::Ctx;
use super::variables::{find_variables, VariableProblem};
use crate::diag::Severity;
use crate::json::StringOffsets;
use crate::source::{Span, Spanned};

/// Runs the statement checks.
pub(crate) fn check(cx: &mut Ctx<'_>, st: &Statement) {
    for a in &st.action.patterns {
        check_action(cx, a);
        if cx.policy.kind == PolicyKind::Trust && !st.action.negated {
            check_trust_action(cx, a);
        }
    }
    if cx.suggestions {
        check_redundant(cx, &st.action.patterns, st.action.span, "action", true);
    }
    if let Some(r) = &st.resource {
        for p in &r.patterns {
            check_resource(cx, p);
        }
        if cx.suggestions {
            check_redundant(cx, &r.patterns, r.span, "resource", false);
        }
    }
    if let Some(p) = &st.principal {
        check_principal(cx, st, p);
    }
    if cx.policy.kind == PolicyKind::ResourceControl {
        check_rcp_statement(cx, st);
    }
}

/// Whether the statement's `Effect` was written and is `effect` (a missing or invalid one is
/// an error already, and leaves an empty span).
pub(crate) fn effect_is(st: &Statement, effect: Effect) -> bool {
    st.effect.value == effect && st.effect.span.start < st.effect.span.end
}

/// Where in a string policy variables are substituted.
pub(crate) enum VariablesAllowed {
    /// Nowhere (`Action`, `Principal`, numeric operators…): the text is literal.
    Never(&'static str),
    /// Not with this condition operator (only String and ARN operators substitute them).
    NotForOperator(&'static str),
    /// From this byte offset of the value on (an ARN's resource part).
    From(usize),
    /// Anywhere.
    Anywhere,
}

/// Reports malformed variables, variables where IAM does not substitute them, and variables
/// in a policy whose version makes them literal text. Returns whether the value has any `${`.
pub(crate) fn check_variables(
    cx: &mut Ctx<'_>,
    value: &Spanned<String>,
    allowed: VariablesAllowed,
) -> bool {
    let vars = find_variables(&value.value);
    let substitutes = cx.policy.version.substitutes_variables();
    // Variables come in order: their positions are mapped in one pass over the string.
    let policy = cx.policy;
    let mut offsets = StringOffsets::new(&policy.text, value.span);
    for v in &vars {
        let span = Span::new(offsets.map(v.start), offsets.map(v.end));
        let written = value.value.get(v.start..v.end).unwrap_or("");
        match v.problem {
            Some(VariableProblem::MissingBrace) => {
                cx.emit(
                    Severity::Warning,
                    "variable-missing-brace",
                    format!("missing brace in variable `{written}`"),
                    "close the variable with `}`, as in ${aws:username}; as written it is literal text",
                    span,
                );
                continue;
            }
            Some(VariableProblem::Empty) => {
                cx.emit(
                    Severity::Warning,
                    "variable-empty",
                    "empty variable `${}`",
                    "name a condition key inside the braces, as in ${aws:username}, or write ${$} for a literal `$`",
                    span,
                );
                continue;
            }
            Some(VariableProblem::MissingQuote) => {
                cx.emit(
                    Severity::Warning,
                    "variable-missing-quote",
                    format!("missing quote in the default value of variable `{written}`"),
                    "write the default in single quotes after a comma, as in ${aws:PrincipalTag/team, 'none'}",
                    span,
                );
                continue;
            }
            None => {}
        }
        match allowed {
            VariablesAllowed::Never(where_) => {
                cx.emit(
                    Severity::Warning,
                    "variable-unsupported-in-element",
                    format!("variable `{written}` is not supported in {where_}"),
                    "policy variables are substituted only in the resource part of `Resource` ARNs and in String and ARN condition values; here the text is compared literally",
                    span,
                );
                continue;
            }
            VariablesAllowed::NotForOperator(op) => {
                cx.emit(
                    Severity::Warning,
                    "variable-unsupported-for-operator",
                    format!("invalid variable for operator: `{written}` is not substituted in `{op}` values"),
                    "policy variables can only be used with String and ARN operators; here the text is compared literally",
                    span,
                );
                continue;
            }
            VariablesAllowed::From(offset) if v.start < offset => {
                cx.emit(
                    Severity::Warning,
                    "variable-unsupported-in-element",
                    format!("variable `{written}` is not supported before the resource part of an ARN"),
                    "use variables only after the fifth colon (the resource part), such as arn:aws:s3:::bucket/${aws:username}/*",
                    span,
                );
                continue;
            }
            _ => {}
        }
        if !substitutes {
            let version = match cx.policy.version {
                PolicyVersion::V2008_10_17 => "version 2008-10-17",
                _ => "a policy without `Version`",
            };
            cx.emit(
                Severity::Warning,
                "variable-unsupported-in-version",
                format!(
                    "variable unsupported in version: `{written}` is literal text in {version}"
                ),
                "add \"Version\": \"2012-10-17\" so that IAM substitutes policy variables",
                span,
            );
        }
    }
    !vars.is_empty()
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

fn check_action(cx: &mut Ctx<'_>, a: &Spanned<String>) {
    let value = a.value.as_str();
    if value == "*" {
        return;
    }
    if check_variables(cx, a, VariablesAllowed::Never("`Action`")) {
        return;
    }
    let Some((prefix, name)) = value.split_once(':') else {
        cx.emit(
            Severity::Error,
            "invalid-action-format",
            format!("action `{value}` has no service prefix"),
            "write the service prefix, a colon and the action name, such as \"s3:GetObject\"",
            a.span,
        );
        return;
    };
    if prefix.is_empty() || name.is_empty() {
        let missing = if prefix.is_empty() {
            "service prefix"
        } else {
            "action name"
        };
        cx.emit(
            Severity::Error,
            "invalid-action-format",
            format!("action `{value}` has an empty {missing}"),
            "write the service prefix, a colon and the action name, such as \"s3:GetObject\"",
            a.span,
        );
        return;
    }
    if has_wildcard(prefix) {
        cx.emit(
            Severity::Warning,
            "wildcard-in-service-prefix",
            format!("wildcard in the service prefix of action `{value}`"),
            "name the service exactly (such as \"s3:Get*\"), or use \"*\" for every action of every service",
            a.span,
        );
    } else if !prefix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        cx.emit(
            Severity::Warning,
            "invalid-action-characters",
            format!("service prefix `{prefix}` of action `{value}` has characters no service prefix has"),
            "service prefixes are letters, digits and hyphens, such as \"s3\" or \"sso-directory\"",
            a.span,
        );
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?' || b == b'-' || b == b'_')
    {
        cx.emit(
            Severity::Warning,
            "invalid-action-characters",
            format!("action name `{name}` has characters no action has"),
            "action names are letters and digits, optionally with `*` and `?` wildcards; this pattern matches no action",
            a.span,
        );
    }
}

/// Byte offset just past the fifth colon of an ARN (the start of the resource part).
fn resource_part_offset(arn: &str) -> Option<usize> {
    arn.match_indices(':').nth(4).map(|(i, _)| i + 1)
}

fn check_resource(cx: &mut Ctx<'_>, r: &Spanned<String>) {
    let value = r.value.as_str();
    if value == "*" {
        return;
    }
    let part = resource_part_offset(value).unwrap_or(value.len());
    check_variables(cx, r, VariablesAllowed::From(part));
    if !value.starts_with("arn:") {
        cx.emit(
            Severity::Error,
            "invalid-resource-format",
            format!("resource `{value}` must be in ARN format or `*`"),
            "write an ARN such as \"arn:aws:s3:::bucket/*\", or \"*\" for every resource",
            r.span,
        );
        return;
    }
    let fields: Vec<&str> = value.splitn(6, ':').collect();
    if fields.len() < 6 && !value.ends_with('*') {
        cx.emit(
            Severity::Warning,
            "resource-arn-missing-field",
            format!(
                "resource `{value}` has {} of the 6 ARN fields",
                fields.len()
            ),
            "write arn:partition:service:region:account:resource (leave region or account empty, not out); as written it matches nothing",
            r.span,
        );
    }
    if let Some(service) = fields.get(2) {
        if has_wildcard(service) {
            cx.emit(
                Severity::Warning,
                "wildcard-in-arn-service",
                format!("wildcard in the service of resource `{value}`"),
                "name the service in the ARN (such as arn:aws:s3:::…), or use \"*\" for every resource",
                r.span,
            );
        } else if service.is_empty() && fields.len() >= 3 {
            cx.emit(
                Severity::Warning,
                "resource-arn-missing-field",
                format!("resource `{value}` has an empty service field"),
                "write the service of the ARN, such as arn:aws:s3:::bucket",
                r.span,
            );
        }
    }
}

fn check_principal(cx: &mut Ctx<'_>, st: &Statement, p: &PrincipalElement) {
    let kind = cx.policy.kind;
    if p.negated && effect_is(st, Effect::Allow) {
        cx.emit(
            Severity::SecurityWarning,
            "allow-with-not-principal",
            "`Allow` with `NotPrincipal` grants access to every principal not listed, anonymous users included",
            "use `Principal` with the principals to allow, or `Deny` with `NotPrincipal`",
            p.span,
        );
    }
    let mut federated = FederatedActions::default();
    for v in &p.values {
        let value = v.value.value.as_str();
        if kind == PolicyKind::ResourceControl {
            if v.kind != PrincipalType::Any && value != "*" {
                cx.emit(
                    Severity::Error,
                    "rcp-principal-not-wildcard",
                    format!("the `Principal` of a resource control policy must be \"*\", found `{value}`"),
                    "write \"Principal\": \"*\" and narrow principals with conditions such as aws:PrincipalOrgID",
                    v.value.span,
                );
            }
            continue;
        }
        if v.kind == PrincipalType::Any {
            if kind == PolicyKind::Trust {
                cx.emit(
                    Severity::Error,
                    "trust-policy-wildcard-principal",
                    "role trust policy unsupported wildcard in principal: `\"Principal\": \"*\"`",
                    "name the accounts, roles or users allowed to assume the role; for a deliberately broad trust write {\"AWS\": \"*\"} with conditions such as aws:PrincipalOrgID",
                    v.value.span,
                );
            }
            continue;
        }
        if check_variables(cx, &v.value, VariablesAllowed::Never("`Principal`")) {
            continue;
        }
        if value == "*" {
            continue;
        }
        if has_wildcard(value) {
            // F32: no partial wildcards in principals.
            cx.emit(
                Severity::Error,
                "unsupported-wildcard-in-principal",
                format!("unsupported wildcard in principal `{value}`"),
                "a principal is \"*\" or names one principal exactly; to match many, use \"*\" with a condition such as aws:PrincipalArn with ArnLike",
                v.value.span,
            );
            continue;
        }
        match v.kind {
            PrincipalType::Aws => check_aws_principal(cx, &v.value),
            PrincipalType::Service if !value.contains('.') => {
                cx.emit(
                    Severity::Error,
                    "invalid-principal",
                    format!("invalid service principal `{value}`"),
                    format!("a service principal is the service's domain name, such as \"{value}.amazonaws.com\""),
                    v.value.span,
                );
            }
            PrincipalType::Federated if kind == PolicyKind::Trust => {
                check_federated_action(cx, st, &v.value, &mut federated);
            }
            _ => {}
        }
    }
}

/// Whether `s` is a 12-digit account id.
fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn check_aws_principal(cx: &mut Ctx<'_>, v: &Spanned<String>) {
    let value = v.value.as_str();
    if is_account_id(value) {
        return;
    }
    // Unique ids (AIDA…, AROA…) appear after a trusted principal was deleted and recreated.
    let unique_id = value.len() >= 16
        && value.starts_with('A')
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if unique_id {
        return;
    }
    let fields: Vec<&str> = value.splitn(6, ':').collect();
    let ok_arn = match fields.as_slice() {
        ["arn", _partition, service, "", account, resource] => {
            let account_ok = is_account_id(account);
            match *service {
                "iam" => {
                    if resource.starts_with("group/") {
                        cx.emit(
                            Severity::Error,
                            "group-principal",
                            format!("`{value}` is a group; groups are not principals"),
                            "name the users of the group, or attach a policy to the group instead",
                            v.span,
                        );
                        return;
                    }
                    account_ok
                        && (*resource == "root"
                            || resource.starts_with("user/")
                            || resource.starts_with("role/"))
                }
                "sts" => {
                    account_ok
                        && (resource.starts_with("assumed-role/")
                            || resource.starts_with("federated-user/"))
                }
                _ => false,
            }
        }
        _ => false,
    };
    if !ok_arn {
        cx.emit(
            Severity::Error,
            "invalid-principal",
            format!("invalid principal `{value}`"),
            "an AWS principal is an account id (111122223333), or an ARN of the account root, a user, a role, an assumed-role session or a federated user",
            v.span,
        );
    }
}

/// Whether a statement's actions include the two federated `AssumeRole` actions, each found
/// once per statement (not once per federated principal).
#[derive(Default)]
struct FederatedActions {
    saml: Option<bool>,
    web_identity: Option<bool>,
}

fn check_federated_action(
    cx: &mut Ctx<'_>,
    st: &Statement,
    v: &Spanned<String>,
    known: &mut FederatedActions,
) {
    if st.action.negated {
        return;
    }
    let value = v.value.as_str();
    let (expected, slot) = if value.contains(":saml-provider/") {
        ("sts:AssumeRoleWithSAML", &mut known.saml)
    } else {
        ("sts:AssumeRoleWithWebIdentity", &mut known.web_identity)
    };
    let matches = *slot.get_or_insert_with(|| {
        st.action
            .patterns
            .iter()
            .any(|p| action_pattern_matches(&p.value, expected))
    });
    if !matches {
        cx.emit(
            Severity::Warning,
            "mismatched-action-for-principal",
            format!("mismatched action for principal: federated principal `{value}` assumes a role with `{expected}`"),
            format!("add \"{expected}\" to the statement's `Action`; `sts:AssumeRole` is not used by federated principals"),
            v.span,
        );
    }
}

/// The actions a role trust policy may name (IAM refuses others: "AssumeRole policy may only
/// specify STS AssumeRole actions").
pub const TRUST_POLICY_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

fn check_trust_action(cx: &mut Ctx<'_>, a: &Spanned<String>) {
    let value = a.value.as_str();
    if !value.contains(':') && value != "*" {
        return; // already an `invalid-action-format` error
    }
    if TRUST_POLICY_ACTIONS
        .iter()
        .any(|allowed| action_pattern_matches(value, allowed))
    {
        return;
    }
    cx.emit(
        Severity::Error,
        "trust-policy-invalid-action",
        format!("a role trust policy may only specify STS AssumeRole actions, found `{value}`"),
        "write sts:AssumeRole (or sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity, sts:SetContext); grant other actions in the role's permissions policies",
        a.span,
    );
}

fn check_rcp_statement(cx: &mut Ctx<'_>, st: &Statement) {
    if !effect_is(st, Effect::Allow) {
        return;
    }
    let star = |v: &[Spanned<String>]| v.len() == 1 && v.iter().all(|x| x.value == "*");
    let full_access = star(&st.action.patterns)
        && !st.action.negated
        && st
            .resource
            .as_ref()
            .is_some_and(|r| !r.negated && star(&r.patterns))
        && st.conditions.is_empty();
    if !full_access {
        cx.emit(
            Severity::Error,
            "rcp-allow-not-supported",
            "a resource control policy supports `Allow` only in the RCPFullAWSAccess statement",
            "write `Deny` statements in resource control policies; `Allow` is accepted only as Principal \"*\", Action \"*\", Resource \"*\" without conditions",
            st.effect.span,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_part_starts_after_the_fifth_colon() {
        assert_eq!(resource_part_offset("arn:aws:s3:::b/x"), Some(13));
        assert_eq!(resource_part_offset("arn:aws:s3"), None);
    }
}
