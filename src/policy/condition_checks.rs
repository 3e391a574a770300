//! Checks on a statement's conditions (A.5, A.9): condition key syntax, values that do not parse
//! for their operator (type mismatches, ARN operators included), policy variables by operator, wildcards without a
//! `Like` operator, several `Bool` values, set operators on single- and multivalued keys, and
//! the `Deny` + `aws:MultiFactorAuthPresent` `false` pitfall.
//!
//! Values are read with the evaluator's parsers (`eval::values`), so "does not parse" means the
//! same thing here and at evaluation time.

use super::condition_keys::{is_multivalued, is_single_valued};
use super::fold::Folded;
use super::locate::{child_covering, Child};
use super::model::{BaseOperator, Condition, Effect, OperatorFamily, SetQualifier, Statement};
use super::statement_checks::{check_variables, effect_is, VariablesAllowed};
use super::validate::Ctx;
use super::variables::find_variables;
use crate::diag::Severity;
use crate::eval::values;
use crate::source::{Span, Spanned};
use std::collections::HashSet;

/// Runs the condition checks of one statement.
pub(crate) fn check(cx: &mut Ctx<'_>, st: &Statement) {
    // Keys written under each operator (keys ignore case), and the keys a `Null` … `false`
    // condition requires: built once, so that a statement's checks cost time linear in its
    // number of conditions.
    let mut written: HashSet<(Span, Folded<'_>)> = HashSet::new();
    let null_guarded: HashSet<Folded<'_>> = st
        .conditions
        .iter()
        .filter(|o| {
            o.operator.value.base == BaseOperator::Null
                && o.values
                    .iter()
                    .all(|v| v.value.eq_ignore_ascii_case("false"))
        })
        .map(|o| Folded(&o.key.value))
        .collect();
    for c in &st.conditions {
        check_key(cx, c);
        if !written.insert((c.operator.span, Folded(&c.key.value))) {
            cx.emit(
                Severity::Warning,
                "duplicate-condition-key",
                format!(
                    "condition key `{}` is written twice under `{}` (keys ignore case)",
                    c.key.value, c.operator_text
                ),
                "merge the values into one list under one key; both entries must hold (AND)",
                c.key.span,
            );
        }
        for v in &c.values {
            check_value(cx, c, v);
        }
        check_bool_values(cx, c);
        check_set_operator(cx, st, c, &null_guarded);
        check_mfa_deny(cx, st, c);
    }
}

fn check_key(cx: &mut Ctx<'_>, c: &Condition) {
    let key = c.key.value.as_str();
    let ok = key
        .split_once(':')
        .is_some_and(|(prefix, name)| !prefix.is_empty() && !name.is_empty());
    if !ok {
        cx.emit(
            Severity::Error,
            "invalid-condition-key",
            format!("condition key `{key}` has no service prefix"),
            "condition keys are written service:name, such as aws:SourceIp or s3:prefix",
            c.key.span,
        );
    }
}

fn check_value(cx: &mut Ctx<'_>, c: &Condition, v: &Spanned<String>) {
    let op = c.operator.value.base;
    let family = op.family();
    let allowed = match family {
        OperatorFamily::String | OperatorFamily::Arn => VariablesAllowed::Anywhere,
        _ => VariablesAllowed::NotForOperator(op.name()),
    };
    if check_variables(cx, v, allowed) && !matches!(family, OperatorFamily::String) {
        return;
    }
    let text = v.value.as_str();
    let mismatch = |cx: &mut Ctx<'_>, code: &str, what: &str, help: &str| {
        // F69: a non-boolean `Bool` value is documented to never match.
        let outcome = if family == OperatorFamily::Bool {
            "IAM stores the policy, but the condition never matches (Boolean condition operators, in \"IAM JSON policy elements: Condition operators\")"
        } else {
            "IAM stores the policy, but the condition cannot be compared (this playground reports it as cannot evaluate)"
        };
        cx.emit(
            Severity::Warning,
            code,
            format!(
                "type mismatch: `{text}` is not {what} for `{}`",
                c.operator_text
            ),
            format!("{help}; {outcome}"),
            v.span,
        );
    };
    match family {
        OperatorFamily::Numeric if values::number(text).is_none() => mismatch(
            cx,
            "type-mismatch-number",
            "a number",
            "write an integer or a decimal, such as \"3600\" or \"0.5\"",
        ),
        OperatorFamily::Date if values::date(text).is_none() => mismatch(
            cx,
            "type-mismatch-date",
            "a date",
            "write an ISO 8601 date such as \"2026-01-01T00:00:00Z\", or epoch seconds",
        ),
        OperatorFamily::Ip if values::cidr(text).is_none() => mismatch(
            cx,
            "type-mismatch-ip-address",
            "an IP address or CIDR block",
            "write an IPv4 or IPv6 address or CIDR block, such as \"203.0.113.0/24\"",
        ),
        OperatorFamily::Bool | OperatorFamily::Null if values::boolean(text).is_none() => mismatch(
            cx,
            "type-mismatch-bool",
            "a boolean",
            "write \"true\" or \"false\"",
        ),
        OperatorFamily::Binary if values::base64(text).is_none() => mismatch(
            cx,
            "type-mismatch-binary",
            "base64",
            "write the binary value base64-encoded",
        ),
        OperatorFamily::Arn if !crate::eval::arn::is_arn_pattern(text) => mismatch(
            cx,
            "type-mismatch-arn",
            "an ARN",
            "write a whole ARN, arn:partition:service:region:account:resource (wildcards within segments for ArnLike), or \"*\"",
        ),
        OperatorFamily::String => check_wildcard_without_like(cx, c, v),
        _ => {}
    }
}

fn check_wildcard_without_like(cx: &mut Ctx<'_>, c: &Condition, v: &Spanned<String>) {
    let op = c.operator.value.base;
    if matches!(op, BaseOperator::StringLike | BaseOperator::StringNotLike) {
        return;
    }
    // `*` and `?` written inside a variable (`${*}`, defaults) do not count.
    // Variables come in order and do not overlap: one pass over both.
    let vars = find_variables(&v.value);
    let mut next_var = vars.iter().peekable();
    let at = v.value.char_indices().find(|(i, ch)| {
        if !matches!(ch, '*' | '?') {
            return false;
        }
        while next_var.next_if(|r| r.end <= *i).is_some() {}
        next_var.peek().is_none_or(|r| r.start > *i)
    });
    if let Some((i, _)) = at {
        let like = if op.is_negated() {
            "StringNotLike"
        } else {
            "StringLike"
        };
        let span = cx.inner_span(v.span, i, i + 1);
        cx.emit(
            Severity::Warning,
            "wildcard-without-like-operator",
            format!(
                "wildcard without like operator: `{}` compares `*` and `?` literally",
                c.operator_text
            ),
            format!(
                "use `{like}` to match a pattern, or keep `{}` to match the character itself",
                c.operator_text
            ),
            span,
        );
    }
}

fn check_bool_values(cx: &mut Ctx<'_>, c: &Condition) {
    if c.operator.value.base != BaseOperator::Bool || c.values.len() < 2 {
        return;
    }
    let span = values_span(cx, c);
    cx.emit(
        Severity::Warning,
        "multiple-bool-values",
        format!("several values for boolean condition key `{}`", c.key.value),
        "a `Bool` condition takes one value, \"true\" or \"false\"; with both it is true whenever the key is present",
        span,
    );
}

/// The span of a condition key's values as written (the array, brackets included).
fn values_span(cx: &Ctx<'_>, c: &Condition) -> Span {
    let first = c.values.first().map(|v| v.span).unwrap_or(c.key.span);
    let mut node = cx.root;
    // Descend to the array that directly holds the first value.
    loop {
        let next = match child_covering(node, first) {
            Some(Child::Member(_, v)) => Some(v),
            Some(Child::Item(_, v)) if v.span == first => return node.span,
            Some(Child::Item(_, v)) => Some(v),
            Some(Child::Key(_)) | None => None,
        };
        match next {
            Some(n) if n.span != first => node = n,
            _ => return first,
        }
    }
}

/// `null_guarded`: the keys of the statement's `Null` conditions whose values are all `false`.
fn check_set_operator(
    cx: &mut Ctx<'_>,
    st: &Statement,
    c: &Condition,
    null_guarded: &HashSet<Folded<'_>>,
) {
    let key = c.key.value.as_str();
    let op = c.operator.value;
    match op.qualifier {
        Some(SetQualifier::ForAllValues) => {
            if is_single_valued(key) {
                cx.emit(
                    Severity::SecurityWarning,
                    "for-all-values-with-single-valued-key",
                    format!("`ForAllValues` with single-valued key `{key}`"),
                    format!("remove `ForAllValues:`; with it the condition is also true when `{key}` is absent"),
                    c.operator.span,
                );
            }
            let null_guard = null_guarded.contains(&Folded(key));
            if effect_is(st, Effect::Allow) && !null_guard {
                cx.emit(
                    Severity::SecurityWarning,
                    "for-all-values-with-allow",
                    format!("`ForAllValues` with `Allow` is true when `{key}` is absent or empty"),
                    format!("add \"Null\": {{\"{key}\": \"false\"}} so that the statement requires the key, or use `ForAnyValue:`"),
                    c.operator.span,
                );
            }
        }
        Some(SetQualifier::ForAnyValue) => {
            if is_single_valued(key) {
                cx.emit(
                    Severity::Suggestion,
                    "for-any-value-with-single-valued-key",
                    format!("`ForAnyValue` with single-valued key `{key}`"),
                    "remove `ForAnyValue:`; set operators are for multivalued keys",
                    c.operator.span,
                );
            }
        }
        None => {
            if is_multivalued(key) && op.base != BaseOperator::Null {
                cx.emit(
                    Severity::Warning,
                    "missing-set-operator-for-multivalued-key",
                    format!("multivalued key `{key}` used without `ForAllValues:` or `ForAnyValue:`"),
                    format!("write `ForAnyValue:{0}` (any value matches) or `ForAllValues:{0}` (every value matches)", c.operator_text),
                    c.operator.span,
                );
            }
        }
    }
}

fn check_mfa_deny(cx: &mut Ctx<'_>, st: &Statement, c: &Condition) {
    let op = c.operator.value;
    if effect_is(st, Effect::Deny)
        && op.base == BaseOperator::Bool
        && !op.if_exists
        && op.qualifier.is_none()
        && c.key
            .value
            .eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
        && c.values
            .iter()
            .any(|v| v.value.eq_ignore_ascii_case("false"))
    {
        cx.emit(
            Severity::SecurityWarning,
            "deny-mfa-bool-false",
            "`Deny` with `Bool` `aws:MultiFactorAuthPresent` `false` does not deny requests made without the key (long-term access keys)",
            "write `BoolIfExists` so that a request without aws:MultiFactorAuthPresent is denied too",
            c.operator.span,
        );
    }
}
