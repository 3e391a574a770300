//! `Principal` / `NotPrincipal` matching (A.4, F30-F40): how each listed principal relates to
//! the caller, as a [`PrincipalLevel`].
//!
//! - `"*"` and `{"AWS": "*"}`: everyone, anonymous callers included (F33) → `Wildcard`.
//! - An account id or `arn:aws:iam::A:root` (F30): the caller's account → `AccountLevelMatch`
//!   (delegation, not "only the root user").
//! - A user, federated-user or role-session ARN equal to the caller's ARN → `Match`
//!   (case-sensitive, F34; a session ARN names one session only, F100).
//! - A role ARN (path included) equal to the calling session's role → `SessionRoleMatch`
//!   (F31, F99: every session of the role; the session ARN has no path).
//! - `{"Service": name}` equal to the calling service principal → `Match`.
//! - No partial wildcards anywhere (F32): anything else is `NoMatch`. `Federated` and
//!   `CanonicalUser` principals never name the kinds of caller this engine models.
//!
//! `NotPrincipal` excludes the caller only when both its account and itself (or its role) are
//! listed (F38; see [`evaluate`]).

use super::request::{Principal, PrincipalKind};
use super::trace::{PrincipalLevel, PrincipalTrace, PrincipalValueTrace};
use crate::policy::model::{PrincipalElement, PrincipalType, PrincipalValue};

/// How one listed principal relates to the caller.
pub fn level_of(v: &PrincipalValue, p: &Principal) -> PrincipalLevel {
    let value = v.value.value.as_str();
    match v.kind {
        PrincipalType::Any => PrincipalLevel::Wildcard,
        PrincipalType::Aws => aws_level(value, p),
        PrincipalType::Service => match &p.kind {
            PrincipalKind::Service { service } if service.eq_ignore_ascii_case(value) => {
                PrincipalLevel::Match
            }
            _ => PrincipalLevel::NoMatch,
        },
        PrincipalType::Federated | PrincipalType::CanonicalUser => PrincipalLevel::NoMatch,
    }
}

fn account_of_value(value: &str) -> Option<&str> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value);
    }
    let rest = value.strip_prefix("arn:")?;
    let (_partition, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("iam::")?;
    let (acct, res) = rest.split_once(':')?;
    (res == "root").then_some(acct)
}

fn aws_level(value: &str, p: &Principal) -> PrincipalLevel {
    if value == "*" {
        return PrincipalLevel::Wildcard;
    }
    if matches!(
        p.kind,
        PrincipalKind::Anonymous | PrincipalKind::Service { .. }
    ) {
        return PrincipalLevel::NoMatch;
    }
    if let Some(acct) = account_of_value(value) {
        return if p.account.as_deref() == Some(acct) {
            PrincipalLevel::AccountLevelMatch
        } else {
            PrincipalLevel::NoMatch
        };
    }
    match &p.kind {
        PrincipalKind::User { .. } | PrincipalKind::FederatedUser { .. } if value == p.arn => {
            PrincipalLevel::Match
        }
        PrincipalKind::AssumedRole { role_arn, .. } => {
            if value == p.arn {
                PrincipalLevel::Match
            } else if value == role_arn {
                PrincipalLevel::SessionRoleMatch
            } else {
                PrincipalLevel::NoMatch
            }
        }
        _ => PrincipalLevel::NoMatch,
    }
}

/// What a `Principal`/`NotPrincipal` element says about the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrincipalOutcome {
    /// Whether the element is satisfied (the statement may apply to the caller).
    pub matched: bool,
    /// The best level among the listed principals (`NoMatch` for `NotPrincipal`).
    pub level: PrincipalLevel,
    /// `NotPrincipal` lists the caller (or its role) but not its account, so the statement
    /// still applies (assumption `notprincipal-account`).
    pub listed_without_account: bool,
}

/// Evaluates a `Principal` or `NotPrincipal` element.
///
/// For `NotPrincipal`, AWS checks the caller's account, then the caller (for a session: the
/// role, then the session) against the list, and "we strongly recommend that you explicitly
/// include the ARN for a user's account, or include both the ARN for the role and the ARN for
/// the account" (NOTPRIN, F38). The caller is excluded only when its account *and* itself (its
/// ARN, or its role's ARN) are listed; `*` excludes everyone.
pub fn evaluate(el: &PrincipalElement, p: &Principal) -> PrincipalOutcome {
    let mut best = PrincipalLevel::NoMatch;
    let mut account = false;
    let mut me = false;
    for v in &el.values {
        let l = level_of(v, p);
        best = best.max(l);
        match l {
            PrincipalLevel::AccountLevelMatch => account = true,
            PrincipalLevel::Match | PrincipalLevel::SessionRoleMatch => me = true,
            _ => {}
        }
    }
    if !el.negated {
        return PrincipalOutcome {
            matched: best != PrincipalLevel::NoMatch,
            level: best,
            listed_without_account: false,
        };
    }
    let excluded = best == PrincipalLevel::Wildcard
        || match p.kind {
            PrincipalKind::Anonymous => false,
            PrincipalKind::Service { .. } => me,
            PrincipalKind::Root => account,
            _ => account && me,
        };
    PrincipalOutcome {
        matched: !excluded,
        level: PrincipalLevel::NoMatch,
        listed_without_account: !excluded && me && !account,
    }
}

fn type_word(t: PrincipalType) -> &'static str {
    match t {
        PrincipalType::Any => "*",
        PrincipalType::Aws => "AWS",
        PrincipalType::Service => "Service",
        PrincipalType::Federated => "Federated",
        PrincipalType::CanonicalUser => "CanonicalUser",
    }
}

/// The trace entry of a `Principal`/`NotPrincipal` element.
pub fn trace(el: &PrincipalElement, p: &Principal) -> PrincipalTrace {
    let o = evaluate(el, p);
    let (matched, level) = (o.matched, o.level);
    let values: Vec<PrincipalValueTrace> = el
        .values
        .iter()
        .map(|v| PrincipalValueTrace {
            principal_type: type_word(v.kind),
            value: v.value.value.clone(),
            span: v.value.span,
            level: level_of(v, p),
        })
        .collect();
    let note = if el.negated {
        Some(if o.listed_without_account {
            "NotPrincipal lists the caller but not its account: AWS checks the account first, so the statement still applies (F38)".to_string()
        } else if matched {
            "NotPrincipal does not list the caller: the statement applies to it".to_string()
        } else {
            "NotPrincipal lists the caller and its account: the statement does not apply to it"
                .to_string()
        })
    } else if !matched {
        Some("Principal does not name the caller".to_string())
    } else {
        None
    };
    PrincipalTrace {
        element: if el.negated {
            "NotPrincipal"
        } else {
            "Principal"
        },
        span: Some(el.span),
        level,
        matched,
        values,
        note,
    }
}
