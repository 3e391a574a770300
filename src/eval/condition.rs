//! Condition evaluation (A.5): every operator family, `…IfExists`, `ForAllValues:` /
//! `ForAnyValue:`, `Null`, case-insensitive key names (F63), policy variables in String and
//! ARN values (and in `Bool` values, assumption V5).
//!
//! Per request value, the policy's values combine as OR, or as NOR for a negated operator
//! (F56). A positive operator on an absent key is false (F51), a negated one true (F52, F53),
//! `…IfExists` true (F54). `ForAllValues` is true on an absent or empty key (F58),
//! `ForAnyValue` false (F59); a single value is a one-element set (F60). A plain operator on a
//! multivalued key is false (F61, assumption V4). A policy value that does not parse as the
//! operator's type (an ARN-operator value that is not an ARN included), or a request value
//! that does not, makes the condition [`Tri::Unknown`] ("cannot evaluate"), never a silent
//! non-match. The one documented exception: a `Bool` policy value that is not `true`/`false`
//! never matches (F69), and the outcome says so (`used_f69`, a trace note, an assumption).

use super::arn::{arn_like, is_arn_pattern, parse_arn};
use super::pattern::{glob, GlobOptions};
use super::request::{Context, ContextValue};
use super::trace::{ConditionTrace, ConditionValueTrace, Tri};
use super::values;
use super::variables::{substitute, Unresolved};
use crate::policy::model::{BaseOperator, Condition, OperatorFamily, SetQualifier};
use std::borrow::Cow;

/// What evaluating one condition found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CondOutcome {
    /// The result.
    pub result: Tri,
    /// A plain operator met a multivalued key (assumption V4).
    pub used_v4: bool,
    /// A variable was substituted in a `Bool` value (assumption V5).
    pub used_v5: bool,
    /// A `Bool` policy value that is not true/false was compared and never matched (F69).
    pub used_f69: bool,
    /// Why it could not be evaluated.
    pub problem: Option<String>,
}

/// Looks a key up case-insensitively, without allocating for keys up to 128 bytes.
pub fn lookup<'c>(ctx: &'c Context, key: &str) -> Option<&'c ContextValue> {
    if !key.bytes().any(|b| b.is_ascii_uppercase()) {
        return ctx.get_lowercase(key);
    }
    let mut buf = [0u8; 128];
    if key.len() <= buf.len() && key.is_ascii() {
        let dst = buf.get_mut(..key.len())?;
        for (d, s) in dst.iter_mut().zip(key.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        let lower = std::str::from_utf8(dst).ok()?;
        return ctx.get_lowercase(lower);
    }
    ctx.get(key)
}

/// The positive operator behind a negated one.
fn positive(op: BaseOperator) -> BaseOperator {
    use BaseOperator::*;
    match op {
        StringNotEquals => StringEquals,
        StringNotEqualsIgnoreCase => StringEqualsIgnoreCase,
        StringNotLike => StringLike,
        NumericNotEquals => NumericEquals,
        DateNotEquals => DateEquals,
        NotIpAddress => IpAddress,
        ArnNotEquals => ArnEquals,
        ArnNotLike => ArnLike,
        other => other,
    }
}

/// One (request value, policy value) comparison.
enum Pair {
    Match,
    NoMatch,
    Unresolved(Unresolved),
    Error(String),
    /// A documented never-match (F69), with a note for the trace.
    NeverMatches(String),
}

fn cmp_num(op: BaseOperator, a: f64, b: f64) -> bool {
    use BaseOperator::*;
    match op {
        NumericEquals | DateEquals => a == b,
        NumericLessThan | DateLessThan => a < b,
        NumericLessThanEquals | DateLessThanEquals => a <= b,
        NumericGreaterThan | DateGreaterThan => a > b,
        NumericGreaterThanEquals | DateGreaterThanEquals => a >= b,
        _ => false,
    }
}

fn cmp_date(op: BaseOperator, a: i128, b: i128) -> bool {
    use BaseOperator::*;
    match op {
        DateEquals => a == b,
        DateLessThan => a < b,
        DateLessThanEquals => a <= b,
        DateGreaterThan => a > b,
        DateGreaterThanEquals => a >= b,
        _ => false,
    }
}

fn ignore_case_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Compares one request value with one policy value under the positive operator `op`.
/// A request value parsed once for all the policy values it is compared with.
#[derive(Clone, Copy)]
enum Pre {
    None,
    Ip(Option<std::net::IpAddr>),
}

fn pair(
    op: BaseOperator,
    req: &str,
    pre: Pre,
    pol: &str,
    ctx: &Context,
    subst: bool,
    v5: &mut bool,
) -> Pair {
    use BaseOperator::*;
    match op.family() {
        OperatorFamily::String => {
            let sub = match substitute(pol, ctx, subst) {
                Ok(s) => s,
                Err(u) => return Pair::Unresolved(u),
            };
            let ok = match op {
                StringLike => glob(
                    &sub.text,
                    req,
                    GlobOptions {
                        ignore_case: false,
                        escaped: sub.escaped,
                    },
                ),
                StringEqualsIgnoreCase => {
                    if sub.escaped {
                        ignore_case_eq(&sub.display(), req)
                    } else {
                        ignore_case_eq(&sub.text, req)
                    }
                }
                _ => {
                    if sub.escaped {
                        sub.display() == req
                    } else {
                        sub.text == req
                    }
                }
            };
            if ok {
                Pair::Match
            } else {
                Pair::NoMatch
            }
        }
        // A value that is one variable (`${aws:PrincipalArn}`): substitute, then compare the
        // ARN it names.
        OperatorFamily::Arn if subst && pol.starts_with("${") && parse_arn(pol).is_none() => {
            let sub = match substitute(pol, ctx, subst) {
                Ok(s) => s,
                Err(u) => return Pair::Unresolved(u),
            };
            // A variable's value is literal text (no wildcards): the six segments are equal
            // exactly when the two ARNs are.
            let text = sub.display();
            if parse_arn(&text).is_none() {
                return Pair::Error(format!(
                    "policy value {pol:?} resolves to {text:?}, which is not an ARN: the engine cannot compare it"
                ));
            }
            if parse_arn(req).is_some() && text == req {
                Pair::Match
            } else {
                Pair::NoMatch
            }
        }
        OperatorFamily::Arn if !is_arn_pattern(pol) => Pair::Error(format!(
            "policy value {pol:?} is not an ARN (arn:partition:service:region:account:resource): the engine cannot compare it"
        )),
        OperatorFamily::Arn => match arn_like(pol, req, ctx, subst) {
            Ok(true) => Pair::Match,
            Ok(false) => Pair::NoMatch,
            Err(u) => Pair::Unresolved(u),
        },
        OperatorFamily::Numeric => {
            let Some(p) = values::number(pol) else {
                return Pair::Error(format!("policy value {pol:?} is not a number"));
            };
            let Some(r) = values::number(req) else {
                return Pair::Error(format!("request value {req:?} is not a number"));
            };
            if cmp_num(op, r, p) {
                Pair::Match
            } else {
                Pair::NoMatch
            }
        }
        OperatorFamily::Date => {
            let Some(p) = values::date(pol) else {
                return Pair::Error(format!(
                    "policy value {pol:?} is not a date (ISO 8601 or epoch seconds)"
                ));
            };
            let Some(r) = values::date(req) else {
                return Pair::Error(format!(
                    "request value {req:?} is not a date (ISO 8601 or epoch seconds)"
                ));
            };
            if cmp_date(op, r, p) {
                Pair::Match
            } else {
                Pair::NoMatch
            }
        }
        OperatorFamily::Bool => {
            let sub = match substitute(pol, ctx, subst) {
                Ok(s) => s,
                Err(u) => return Pair::Unresolved(u),
            };
            if sub.escaped {
                *v5 = true;
            }
            let text: &str = &sub.text;
            let shown;
            let text = if sub.escaped {
                shown = sub.display();
                shown.as_str()
            } else {
                text
            };
            let Some(p) = values::boolean(text) else {
                return Pair::NeverMatches(format!(
                    "policy value {text:?} is not true or false: a Bool condition never matches it"
                ));
            };
            match values::boolean(req) {
                Some(r) if r == p => Pair::Match,
                Some(_) => Pair::NoMatch,
                None => Pair::Error(format!("request value {req:?} is not true or false")),
            }
        }
        OperatorFamily::Binary => {
            let Some(p) = values::base64(pol) else {
                return Pair::Error(format!("policy value {pol:?} is not base64"));
            };
            let Some(r) = values::base64(req) else {
                return Pair::Error(format!("request value {req:?} is not base64"));
            };
            if p == r {
                Pair::Match
            } else {
                Pair::NoMatch
            }
        }
        OperatorFamily::Ip => {
            let Some(p) = values::cidr(pol) else {
                return Pair::Error(format!("policy value {pol:?} is not an IP address or CIDR"));
            };
            let parsed = match pre {
                Pre::Ip(r) => r,
                Pre::None => values::ip(req),
            };
            let Some(r) = parsed else {
                return Pair::Error(format!("request value {req:?} is not an IP address"));
            };
            if values::cidr_contains(p, r) {
                Pair::Match
            } else {
                Pair::NoMatch
            }
        }
        OperatorFamily::Null => Pair::Error("Null compares no values".to_string()),
    }
}

/// Checks that every policy value parses as the operator's type (fail loud even when the key
/// is absent).
fn check_policy_values(c: &Condition) -> Option<String> {
    let fam = c.operator.value.base.family();
    for v in &c.values {
        let s = v.value.as_str();
        let ok = match fam {
            OperatorFamily::Numeric => values::number(s).is_some(),
            OperatorFamily::Date => values::date(s).is_some(),
            OperatorFamily::Binary => values::base64(s).is_some(),
            OperatorFamily::Ip => values::cidr(s).is_some(),
            // A non-boolean Bool value is documented to never match (F69): not broken.
            OperatorFamily::Bool => true,
            OperatorFamily::Null => values::boolean(s).is_some(),
            OperatorFamily::Arn => is_arn_pattern(s),
            OperatorFamily::String => true,
        };
        if !ok {
            let what = match fam {
                OperatorFamily::Numeric => "a number",
                OperatorFamily::Date => "a date (ISO 8601 or epoch seconds)",
                OperatorFamily::Binary => "base64",
                OperatorFamily::Ip => "an IP address or CIDR block",
                OperatorFamily::Arn => "an ARN (arn:partition:service:region:account:resource)",
                _ => "true or false",
            };
            return Some(format!(
                "{} value {:?} is not {what}: the engine cannot evaluate this condition",
                c.operator_text, s
            ));
        }
    }
    None
}

/// Per request value: whether it satisfies the policy's values (OR, or NOR when negated).
/// `hits` (when given) records which policy values matched.
#[allow(clippy::too_many_arguments)]
fn value_result(
    c: &Condition,
    req: &str,
    ctx: &Context,
    subst: bool,
    negated: bool,
    v5: &mut bool,
    f69: &mut bool,
    mut hits: Option<&mut Vec<ValueNote>>,
    problem: &mut Option<String>,
) -> Tri {
    let op = positive(c.operator.value.base);
    let pre = if op.family() == OperatorFamily::Ip && c.values.len() > 1 {
        Pre::Ip(values::ip(req))
    } else {
        Pre::None
    };
    let mut any_match = false;
    let mut any_error = false;
    let mut any_unresolved = false;
    for (i, v) in c.values.iter().enumerate() {
        match pair(op, req, pre, &v.value, ctx, subst, v5) {
            Pair::Match => {
                any_match = true;
                if let Some(h) = hits.as_deref_mut() {
                    if let Some(n) = h.get_mut(i) {
                        n.matched = true;
                    }
                } else if !negated {
                    return Tri::True;
                } else {
                    return Tri::False;
                }
            }
            Pair::NoMatch => {}
            Pair::NeverMatches(note) => {
                *f69 = true;
                if let Some(n) = hits.as_deref_mut().and_then(|h| h.get_mut(i)) {
                    n.error = Some(note);
                }
            }
            Pair::Unresolved(u) => {
                any_unresolved = true;
                if let Some(n) = hits.as_deref_mut().and_then(|h| h.get_mut(i)) {
                    n.error = Some(u.explain());
                }
            }
            Pair::Error(e) => {
                any_error = true;
                if let Some(n) = hits.as_deref_mut().and_then(|h| h.get_mut(i)) {
                    n.error = Some(e.clone());
                }
                if problem.is_none() {
                    *problem = Some(e);
                }
            }
        }
    }
    if any_match {
        return Tri::from_bool(!negated);
    }
    if any_error {
        return Tri::Unknown;
    }
    // A negated operator whose value list has an unresolved variable: the condition does
    // not match (A.6).
    Tri::from_bool(negated && !any_unresolved)
}

#[derive(Clone, Default)]
struct ValueNote {
    matched: bool,
    error: Option<String>,
    resolved: Option<String>,
}

/// Evaluates one condition. `detail` also builds its trace entry.
#[inline(never)]
pub fn evaluate(
    c: &Condition,
    ctx: &Context,
    subst: bool,
    detail: bool,
) -> (CondOutcome, Option<ConditionTrace>) {
    let op = c.operator.value;
    let base = op.base;
    let negated = base.is_negated();
    let found = lookup(ctx, &c.key.value);
    // An empty multivalued key counts as absent (a key that does not apply is absent).
    let present = match found {
        Some(ContextValue::Multi(v)) if v.is_empty() => None,
        other => other,
    };
    let mut out = CondOutcome {
        result: Tri::False,
        used_v4: false,
        used_v5: false,
        used_f69: false,
        problem: None,
    };
    let mut notes: Vec<ValueNote> = if detail {
        c.values
            .iter()
            .map(|v| ValueNote {
                resolved: resolved_for_trace(base, &v.value, ctx, subst),
                ..ValueNote::default()
            })
            .collect()
    } else {
        Vec::new()
    };
    let explanation: Cow<'static, str>;
    // Policy values are checked up front only when they will not be compared (absent key,
    // multivalued key without a set qualifier, Null): a compared value that does not parse
    // reports itself, and a certain match elsewhere in an OR/NOR list decides regardless.
    let compared = base != BaseOperator::Null
        && !matches!(
            (present, op.qualifier),
            (None, _) | (Some(ContextValue::Multi(_)), None)
        );
    let broken = if c.values.is_empty() {
        Some(format!("{} {} has no values", c.operator_text, c.key.value))
    } else if compared {
        None
    } else {
        check_policy_values(c)
    };
    if let Some(p) = broken {
        out.result = Tri::Unknown;
        out.problem = Some(p.clone());
        explanation = p.into();
    } else if base == BaseOperator::Null {
        if op.if_exists || op.qualifier.is_some() {
            let p = format!(
                "{} is not a valid operator (Null takes neither IfExists nor a set qualifier): the engine cannot evaluate it",
                c.operator_text
            );
            out.result = Tri::Unknown;
            out.problem = Some(p.clone());
            explanation = p.into();
        } else {
            let absent = present.is_none();
            let mut r = false;
            for (i, v) in c.values.iter().enumerate() {
                let want_absent = values::boolean(&v.value) == Some(true);
                if want_absent == absent {
                    r = true;
                    if let Some(n) = notes.get_mut(i) {
                        n.matched = true;
                    }
                }
            }
            out.result = Tri::from_bool(r);
            explanation = if absent {
                "key absent: Null \"true\" is true, \"false\" is false".into()
            } else {
                "key present: Null \"false\" is true, \"true\" is false".into()
            };
        }
    } else {
        // One request value against the policy values (recording notes in detail mode).
        let mut one = |v: &str| {
            value_result(
                c,
                v,
                ctx,
                subst,
                negated,
                &mut out.used_v5,
                &mut out.used_f69,
                detail.then_some(&mut notes),
                &mut out.problem,
            )
        };
        match (present, op.qualifier) {
            (None, None) => {
                if op.if_exists {
                    out.result = Tri::True;
                    explanation = "key absent: …IfExists is true on an absent key".into();
                } else if negated {
                    out.result = Tri::True;
                    explanation = "key absent: a negated operator is true on an absent key".into();
                } else {
                    out.result = Tri::False;
                    explanation = "key absent: the operator is false on an absent key".into();
                }
            }
            (None, Some(SetQualifier::ForAllValues)) => {
                out.result = Tri::True;
                explanation = "key absent or empty: ForAllValues is true".into();
            }
            (None, Some(SetQualifier::ForAnyValue)) => {
                if op.if_exists {
                    out.result = Tri::True;
                    explanation = "key absent: …IfExists is true on an absent key".into();
                } else {
                    out.result = Tri::False;
                    explanation = "key absent or empty: ForAnyValue is false".into();
                }
            }
            (Some(ContextValue::Multi(_)), None) => {
                out.result = Tri::False;
                out.used_v4 = true;
                explanation = "the key is multivalued and the operator has no ForAllValues/ForAnyValue qualifier: false".into();
            }
            (Some(ContextValue::Single(v)), None) => {
                out.result = one(v);
                explanation = single_explanation(negated, out.result).into();
            }
            (Some(val), Some(q)) => {
                let mut acc = match q {
                    SetQualifier::ForAllValues => Tri::True,
                    SetQualifier::ForAnyValue => Tri::False,
                };
                let items: &[String] = match val {
                    ContextValue::Single(one) => std::slice::from_ref(one),
                    ContextValue::Multi(many) => many,
                };
                for v in items {
                    let r = one(v);
                    acc = match q {
                        SetQualifier::ForAllValues => acc.and(r),
                        SetQualifier::ForAnyValue => acc.or(r),
                    };
                    if !detail
                        && ((q == SetQualifier::ForAllValues && acc == Tri::False)
                            || (q == SetQualifier::ForAnyValue && acc == Tri::True))
                    {
                        break;
                    }
                }
                out.result = acc;
                explanation = match (q, acc) {
                    (SetQualifier::ForAllValues, Tri::True) => {
                        "every request value matches (ForAllValues)".into()
                    }
                    (SetQualifier::ForAllValues, Tri::False) => {
                        "some request value does not match (ForAllValues)".into()
                    }
                    (SetQualifier::ForAnyValue, Tri::True) => {
                        "some request value matches (ForAnyValue)".into()
                    }
                    (SetQualifier::ForAnyValue, Tri::False) => {
                        "no request value matches (ForAnyValue)".into()
                    }
                    (_, Tri::Unknown) => match &out.problem {
                        Some(p) => p.clone().into(),
                        None => "cannot evaluate".into(),
                    },
                };
            }
        }
    }
    if out.result == Tri::Unknown && out.problem.is_none() {
        out.problem = Some(format!(
            "cannot evaluate {} {}",
            c.operator_text, c.key.value
        ));
    }
    let trace = detail.then(|| ConditionTrace {
        operator: c.operator_text.clone(),
        operator_span: c.operator.span,
        key: c.key.value.clone(),
        key_span: c.key.span,
        request_values: present.map(|v| v.values().into_iter().map(str::to_string).collect()),
        multivalued: matches!(found, Some(ContextValue::Multi(_))),
        values: c
            .values
            .iter()
            .zip(notes)
            .map(|(v, n)| ConditionValueTrace {
                value: v.value.clone(),
                span: v.span,
                resolved: n.resolved,
                matched: n.matched,
                error: n.error,
            })
            .collect(),
        result: out.result,
        explanation: match (&out.problem, out.result) {
            (Some(p), Tri::Unknown) => p.clone(),
            (_, Tri::False) if out.used_f69 => format!(
                "{}; a Bool policy value that is not true or false never matches",
                explanation
            ),
            _ => explanation.into_owned(),
        },
    });
    (out, trace)
}

fn resolved_for_trace(base: BaseOperator, raw: &str, ctx: &Context, subst: bool) -> Option<String> {
    if !subst || !super::variables::has_variable(raw) {
        return None;
    }
    match base.family() {
        OperatorFamily::String | OperatorFamily::Arn | OperatorFamily::Bool => {
            match substitute(raw, ctx, subst) {
                Ok(s) => Some(s.display()),
                Err(_) => None,
            }
        }
        _ => None,
    }
}

fn single_explanation(negated: bool, r: Tri) -> &'static str {
    match (negated, r) {
        (false, Tri::True) => "the request value matches a policy value",
        (false, Tri::False) => "the request value matches none of the policy values",
        (true, Tri::True) => "the request value matches none of the policy values (negated: NOR)",
        (true, Tri::False) => "the request value matches a policy value (negated: false)",
        (_, Tri::Unknown) => "cannot evaluate",
    }
}
