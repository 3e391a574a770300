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
//! - No partial wildcards anywhere (F32): anything else is `NoMatch`. `Federated` principals
//!   never name the kinds of caller this engine models.
//! - `{"CanonicalUser": id}` names an AWS account by its S3 canonical user id, which the engine
//!   cannot map to an account id: for a caller in an account it is *unknown* (the statement
//!   becomes "cannot evaluate", never a silent non-match); anonymous callers and service
//!   principals are in no account, so it never names them.
//!
//! `NotPrincipal` excludes the caller only when its account and itself are listed; for a role
//! session, the account, the role ARN *and* the session ARN (F38; see [`evaluate`]).

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

/// Whether a listed principal may name the caller but the engine cannot tell: a
/// `CanonicalUser` id (an account's S3 canonical id) against a caller that is in an account.
pub fn is_unknown_for(v: &PrincipalValue, p: &Principal) -> bool {
    v.kind == PrincipalType::CanonicalUser
        && !matches!(
            p.kind,
            PrincipalKind::Anonymous | PrincipalKind::Service { .. }
        )
}

/// The problem reported for a statement whose principal cannot be evaluated.
pub const CANONICAL_USER_PROBLEM: &str = "a CanonicalUser principal names an AWS account by its S3 canonical user id, which the engine cannot map to an account id: it cannot tell whether the statement applies to the caller";

fn account_of_value(value: &str) -> Option<&str> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value);
    }
    // arn:<partition>:iam::<account>:root
    let rest = value.strip_prefix("arn:")?;
    let partition_end = rest.bytes().position(|b| b == b':')?;
    let rest = rest.get(partition_end + 1..)?.strip_prefix("iam::")?;
    let acct = rest.strip_suffix(":root")?;
    (!acct.as_bytes().contains(&b':')).then_some(acct)
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
    /// `NotPrincipal` lists the caller (or its role or session) but not everything AWS checks
    /// (the account; for a role session also both the role ARN and the session ARN), so the
    /// statement still applies (F38, assumption `notprincipal-needs-account`).
    pub listed_without_account: bool,
    /// Whether the element's outcome depends on a principal the engine cannot map (a
    /// `CanonicalUser` id): `matched` is then the least permissive reading's, and the
    /// statement must be taken as unknown.
    pub unknown: bool,
}

/// Evaluates a `Principal` or `NotPrincipal` element.
///
/// For `NotPrincipal`, AWS checks the caller's account, then the caller; for an assumed-role
/// session, "AWS might validate the account first, then the role, and then the assumed-role
/// user" (NOTPRIN, F38). The AWS Security Blog ("How to restrict Amazon S3 bucket access to a
/// specific IAM role") says both the role ARN and the assumed-role ARN must be listed, and the
/// Knowledge Center (explicit-deny-principle-elements-s3) that the role session name of every
/// user must be listed. So the caller is excluded only when its account *and* itself are
/// listed, and a role session only when the account, the role ARN *and* the session ARN are;
/// `*` excludes everyone. A listed `CanonicalUser` may stand for the caller's account: when
/// that changes the outcome, the outcome is unknown.
pub fn evaluate(el: &PrincipalElement, p: &Principal) -> PrincipalOutcome {
    let mut best = PrincipalLevel::NoMatch;
    let mut account = false;
    let mut me = false;
    let mut role = false;
    let mut canonical = false;
    for v in &el.values {
        let l = level_of(v, p);
        best = best.max(l);
        match l {
            PrincipalLevel::AccountLevelMatch => account = true,
            PrincipalLevel::Match => me = true,
            PrincipalLevel::SessionRoleMatch => role = true,
            _ => {}
        }
        canonical |= is_unknown_for(v, p);
    }
    if !el.negated {
        // A canonical id names an account: at best an account-level match.
        let unknown = canonical && best < PrincipalLevel::AccountLevelMatch;
        return PrincipalOutcome {
            matched: best != PrincipalLevel::NoMatch,
            level: if unknown {
                PrincipalLevel::AccountLevelMatch
            } else {
                best
            },
            listed_without_account: false,
            unknown,
        };
    }
    let excluded_with = |account: bool| {
        best == PrincipalLevel::Wildcard
            || match p.kind {
                PrincipalKind::Anonymous => false,
                PrincipalKind::Service { .. } => me,
                PrincipalKind::Root => account,
                PrincipalKind::AssumedRole { .. } => account && role && me,
                _ => account && me,
            }
    };
    let excluded = excluded_with(account);
    let unknown = !excluded && canonical && excluded_with(true);
    let listed = me || role;
    PrincipalOutcome {
        matched: !excluded,
        level: PrincipalLevel::NoMatch,
        listed_without_account: !excluded && !unknown && listed,
        unknown,
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
    // An unknown principal shows what was matched for certain; the note says the rest.
    let level = if o.unknown {
        PrincipalLevel::NoMatch
    } else {
        o.level
    };
    let matched = o.matched;
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
    let is_session = matches!(p.kind, PrincipalKind::AssumedRole { .. });
    let note = if o.unknown {
        Some(format!(
            "{CANONICAL_USER_PROBLEM}; the statement cannot be evaluated"
        ))
    } else if el.negated {
        Some(if o.listed_without_account && is_session {
            "NotPrincipal does not list all of the session's account, role ARN and session ARN: AWS checks the account, then the role, then the session, so the statement still applies".to_string()
        } else if o.listed_without_account {
            "NotPrincipal lists the caller but not its account: AWS checks the account first, so the statement still applies".to_string()
        } else if matched {
            "NotPrincipal does not list the caller: the statement applies to it".to_string()
        } else if is_session {
            "NotPrincipal lists the session's account, role ARN and session ARN: the statement does not apply to it".to_string()
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

#[cfg(test)]
mod tests {
    use super::account_of_value;

    #[test]
    fn f30_an_account_is_its_id_or_its_root_arn() {
        assert_eq!(account_of_value("111111111111"), Some("111111111111"));
        assert_eq!(
            account_of_value("arn:aws:iam::111111111111:root"),
            Some("111111111111")
        );
        assert_eq!(account_of_value("arn:aws-cn:iam::1:root"), Some("1"));
        for not_an_account in [
            "11111111111",
            "11111111111a",
            "arn:aws:iam::1:user/root",
            "arn:aws:iam::1:2:root",
            "arn:aws:sts::1:root",
            "arn:aws:iam::1:rooted",
            "arn:aws",
        ] {
            assert_eq!(account_of_value(not_an_account), None, "{not_an_account}");
        }
    }
}
