//! Checks on a statement's `Action`, `Resource` and `Principal` values, on policy variables in
//! them (A.6, F79), and on the per-kind rules for principals (A.4, A.9, F32, F39) and RCPs.

use super::model::{Effect, PolicyKind, PolicyVersion, PrincipalElement, PrincipalType, Statement};
use super::validate::Ctx;
use super::variables::{find_variables, VariableProblem};
use crate::diag::Severity;
use crate::source::Spanned;

/// Runs the statement checks.
pub(crate) fn check(cx: &mut Ctx<'_>, st: &Statement) {
    for a in &st.action.patterns {
        check_action(cx, a);
        if cx.policy.kind == PolicyKind::Trust && !st.action.negated {
            check_trust_action(cx, a);
        }
    }
    if cx.suggestions {
        check_redundant(cx, &st.action.patterns, "action", true);
    }
    if let Some(r) = &st.resource {
        for p in &r.patterns {
            check_resource(cx, p);
        }
        if cx.suggestions {
            check_redundant(cx, &r.patterns, "resource", false);
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
    for v in &vars {
        let span = cx.inner_span(value.span, v.start, v.end);
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
                check_federated_action(cx, st, &v.value);
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

fn check_federated_action(cx: &mut Ctx<'_>, st: &Statement, v: &Spanned<String>) {
    if st.action.negated {
        return;
    }
    let value = v.value.as_str();
    let expected = if value.contains(":saml-provider/") {
        "sts:AssumeRoleWithSAML"
    } else {
        "sts:AssumeRoleWithWebIdentity"
    };
    let matches = st
        .action
        .patterns
        .iter()
        .any(|p| action_pattern_matches(&p.value, expected));
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

/// Suggests removing a pattern another pattern of the same element already covers
/// (Access Analyzer "redundant action" / "redundant resource").
fn check_redundant(cx: &mut Ctx<'_>, patterns: &[Spanned<String>], what: &str, ignore_case: bool) {
    // Patterns are compared only within a bucket (the text before the first `:` of an action,
    // the first three ARN fields of a resource), plus the few whose bucket has a wildcard:
    // AWS managed policies list over a thousand actions in one statement.
    let bucket = |p: &str| -> Option<String> {
        let end = if ignore_case {
            p.find(':')?
        } else {
            p.match_indices(':').nth(2)?.0
        };
        let head = p.get(..end)?;
        if head.contains(['*', '?']) {
            return None;
        }
        Some(if ignore_case {
            head.to_ascii_lowercase()
        } else {
            head.to_string()
        })
    };
    let mut buckets: std::collections::HashMap<String, Vec<usize>> = Default::default();
    let mut wide: Vec<usize> = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        match bucket(&p.value) {
            Some(k) => buckets.entry(k).or_default().push(i),
            None => wide.push(i),
        }
    }
    let has_wild: Vec<bool> = patterns
        .iter()
        .map(|p| p.value.bytes().any(|b| b == b'*' || b == b'?'))
        .collect();
    for (i, a) in patterns.iter().enumerate() {
        let own: &[usize] = match bucket(&a.value) {
            Some(k) => buckets.get(&k).map(Vec::as_slice).unwrap_or(&[]),
            // A pattern without a bucket can be covered only by another one without a bucket.
            None => &[],
        };
        let by = own.iter().chain(wide.iter()).copied().find_map(|j| {
            let b = patterns.get(j)?;
            // Only a pattern with a wildcard covers another one (or an equal one).
            if !has_wild.get(j).copied().unwrap_or(false) && b.value.len() != a.value.len() {
                return None;
            }
            let same = if ignore_case {
                a.value.eq_ignore_ascii_case(&b.value)
            } else {
                a.value == b.value
            };
            // Of two equal patterns the later one is the redundant one.
            let covers = if same {
                j < i
            } else {
                j != i && covers_pattern(&b.value, &a.value, ignore_case)
            };
            covers.then_some(b)
        });
        if let Some(b) = by {
            let message = if b.value == a.value {
                format!("redundant {what}: `{}` is listed twice", a.value)
            } else {
                format!(
                    "redundant {what}: `{}` is covered by `{}`",
                    a.value, b.value
                )
            };
            cx.emit(
                Severity::Suggestion,
                &format!("redundant-{what}"),
                message,
                format!(
                    "remove `{}`; the statement matches the same {what}s without it",
                    a.value
                ),
                a.span,
            );
        }
    }
}

/// Whether every string matching glob `narrow` also matches glob `wide` (a sound test: `*` in
/// `narrow` is covered only by `*` in `wide`, `?` by `?` or `*`).
pub(crate) fn covers_pattern(wide: &str, narrow: &str, ignore_case: bool) -> bool {
    let eq = |a: &str, b: &str| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    // The literal text before the wide pattern's first wildcard and after its last one must
    // be written the same in the narrow pattern; only the middle needs the full comparison.
    let is_wild = |b: &u8| *b == b'*' || *b == b'?';
    let Some(first) = wide.bytes().position(|b| is_wild(&b)) else {
        return eq(wide, narrow);
    };
    let last = wide.bytes().rposition(|b| is_wild(&b)).unwrap_or(first) + 1;
    let suffix_len = wide.len() - last;
    if narrow.len() < first + suffix_len {
        return false;
    }
    let n_mid_end = narrow.len() - suffix_len;
    let parts = (
        wide.get(..first),
        narrow.get(..first),
        wide.get(last..),
        narrow.get(n_mid_end..),
        wide.get(first..last),
        narrow.get(first..n_mid_end),
    );
    let (Some(wp), Some(np), Some(ws), Some(ns), Some(wm), Some(nm)) = parts else {
        return false;
    };
    if !eq(wp, np) || !eq(ws, ns) {
        return false;
    }
    let norm = |s: &str| -> Vec<char> {
        if ignore_case {
            s.chars().map(|c| c.to_ascii_lowercase()).collect()
        } else {
            s.chars().collect()
        }
    };
    let (w, n) = (norm(wm), norm(nm));
    // `?` covers any one character but `*`; a `*` of the narrow pattern only a `*`.
    glob_by(
        &w,
        &n,
        |wc, nc| if wc == '?' { nc != '*' } else { wc == nc },
    )
}

/// Case-insensitive glob match of an action pattern (`*`, `?`) against an action name.
pub(crate) fn action_pattern_matches(pattern: &str, action: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let a: Vec<char> = action.to_ascii_lowercase().chars().collect();
    glob(&p, &a)
}

fn glob(p: &[char], s: &[char]) -> bool {
    glob_by(p, s, |pc, sc| pc == '?' || pc == sc)
}

/// Glob matching where `*` in `p` matches any run of `s` and every other character of `p`
/// matches one character of `s` when `one(p_char, s_char)` holds (backtracking to the last
/// `*`, which is exact when every non-`*` token matches exactly one character).
fn glob_by(p: &[char], s: &[char], one: impl Fn(char, char) -> bool) -> bool {
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match (p.get(pi), s.get(si)) {
            (Some('*'), _) => {
                star = Some((pi, si));
                pi += 1;
            }
            (Some(pc), Some(sc)) if one(*pc, *sc) => {
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
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
    fn glob_matches_case_insensitively() {
        assert!(action_pattern_matches(
            "sts:AssumeRole*",
            "sts:AssumeRoleWithSAML"
        ));
        assert!(action_pattern_matches(
            "STS:assumerolewith?aml",
            "sts:AssumeRoleWithSAML"
        ));
        assert!(action_pattern_matches("*", "sts:AssumeRoleWithSAML"));
        assert!(!action_pattern_matches(
            "sts:AssumeRole",
            "sts:AssumeRoleWithSAML"
        ));
        assert!(!action_pattern_matches(
            "sts:*Web*",
            "sts:AssumeRoleWithSAML"
        ));
    }

    #[test]
    fn pattern_cover_is_sound() {
        assert!(covers_pattern("s3:*", "s3:Get*", true));
        assert!(covers_pattern("s3:Get*", "S3:GETOBJECT", true));
        assert!(covers_pattern("*", "arn:aws:s3:::b/*", false));
        assert!(!covers_pattern("s3:G?", "s3:G*", true));
        assert!(!covers_pattern("s3:Get*", "s3:*", true));
        assert!(!covers_pattern(
            "arn:aws:s3:::B/*",
            "arn:aws:s3:::b/x",
            false
        ));
        assert!(covers_pattern("a?c", "a?c", true));
        assert!(covers_pattern(
            "arn:aws:x:*::/a/*",
            "arn:aws:x:*::/a/*/b",
            false
        ));
        assert!(!covers_pattern(
            "arn:aws:x:*::/a/*/b",
            "arn:aws:x:*::/a/*",
            false
        ));
        assert!(covers_pattern("a*b*c", "a?b1c", true));
        assert!(!covers_pattern("a*bc", "abc*", true));
        assert!(!covers_pattern("ab*", "a", true));
    }

    #[test]
    fn resource_part_starts_after_the_fifth_colon() {
        assert_eq!(resource_part_offset("arn:aws:s3:::b/x"), Some(13));
        assert_eq!(resource_part_offset("arn:aws:s3"), None);
    }
}
