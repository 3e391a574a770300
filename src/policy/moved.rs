//! A parsed policy moved within its file: the same document found at another offset (text
//! inserted or removed before it), its spans shifted instead of parsing it again.

use super::model::{Policy, Statement};
use crate::source::{Span, Spanned};
use std::sync::Arc;

fn span(s: Span, delta: i64) -> Span {
    let at = |x: u32| u32::try_from(i64::from(x).saturating_add(delta)).unwrap_or(0);
    Span {
        start: at(s.start),
        end: at(s.end),
    }
}

fn spanned<T: Clone>(s: &Spanned<T>, delta: i64) -> Spanned<T> {
    Spanned {
        value: s.value.clone(),
        span: span(s.span, delta),
    }
}

fn all(v: &[Spanned<String>], delta: i64) -> Vec<Spanned<String>> {
    v.iter().map(|s| spanned(s, delta)).collect()
}

fn statement(st: &Statement, delta: i64) -> Statement {
    let mut out = st.clone();
    out.span = span(st.span, delta);
    out.sid = st.sid.as_ref().map(|s| spanned(s, delta));
    out.effect = spanned(&st.effect, delta);
    if let Some(p) = out.principal.as_mut() {
        p.span = span(p.span, delta);
        for v in &mut p.values {
            v.value.span = span(v.value.span, delta);
        }
    }
    out.action.span = span(st.action.span, delta);
    out.action.patterns = all(&st.action.patterns, delta);
    if let Some(r) = out.resource.as_mut() {
        r.span = span(r.span, delta);
        r.patterns = r.patterns.iter().map(|s| spanned(s, delta)).collect();
    }
    for c in &mut out.conditions {
        c.operator.span = span(c.operator.span, delta);
        c.key.span = span(c.key.span, delta);
        c.values = c.values.iter().map(|s| spanned(s, delta)).collect();
    }
    out
}

/// `policy`, written `delta` bytes later (or earlier) in `text`, the file it now points into.
pub fn moved(policy: &Policy, delta: i64, text: Arc<str>) -> Policy {
    Policy {
        kind: policy.kind,
        version: policy.version,
        id: policy.id.as_ref().map(|s| spanned(s, delta)),
        statements: policy
            .statements
            .iter()
            .map(|s| statement(s, delta))
            .collect(),
        text,
        span: span(policy.span, delta),
    }
}

/// A span `delta` bytes later (or earlier).
pub fn shifted(s: Span, delta: i64) -> Span {
    span(s, delta)
}
