//! Conditions a caller controls. A request's context is partly the world's (who the caller
//! is, the resource's tags, the organization, the clock) and partly the caller's choice: MFA,
//! `ExternalId`, `SourceIdentity`, the session name and tags of an `AssumeRole` call, the
//! address a request comes from, and service-specific request keys. This module finds, in a
//! policy's conditions, the caller-controlled keys and a value that would satisfy each
//! ([`Knob`]s), and words each as the "if …" a who-can answer lists. Queries try a request
//! without knobs first, then with the knobs the relevant policies suggest, keeping only the
//! ones the decision needs; the engine decides every try, so no knob is assumed to work.

use crate::policy::model::{BaseOperator, Effect, OperatorFamily, Policy};

/// One thing a caller can choose about a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Knob {
    /// Authenticate with MFA (an `AssumeRole` call passing `SerialNumber` and `TokenCode`, or
    /// a user signed in with MFA).
    Mfa,
    /// `ExternalId` on `AssumeRole`.
    ExternalId(String),
    /// `SourceIdentity` on `AssumeRole`.
    SourceIdentity(String),
    /// `RoleSessionName` on `AssumeRole`.
    SessionName(String),
    /// A session tag passed on `AssumeRole` (key, value).
    Tag(String, String),
    /// The address requests come from (`aws:SourceIp`).
    SourceIp(String),
    /// Any other request context key (key, value), set on a call.
    Context(String, String),
}

impl Knob {
    /// Whether an `AssumeRole` step can carry this knob.
    pub fn fits_assume_role(&self) -> bool {
        !matches!(self, Knob::Context(..))
    }

    /// Whether a call step (or the identity making it) can carry this knob.
    pub fn fits_call(&self) -> bool {
        matches!(self, Knob::Mfa | Knob::SourceIp(_) | Knob::Context(..))
    }
}

/// The address a set of knobs has requests come from, if it names one.
pub fn source_ip(knobs: &[Knob]) -> Option<&str> {
    knobs.iter().find_map(|k| match k {
        Knob::SourceIp(ip) => Some(ip.as_str()),
        _ => None,
    })
}

/// A knob and the condition it satisfies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What the caller would do.
    pub knob: Knob,
    /// The condition as written, e.g. `StringEquals sts:ExternalId "Example-123"`.
    pub condition: String,
}

/// Condition keys whose values come from the world (the principal, the resource, the
/// organization, the clock, the service), never from the caller's choice.
fn world_key(key: &str) -> bool {
    const EXACT: [&str; 22] = [
        "aws:principalarn",
        "aws:principalaccount",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principaltype",
        "aws:principalisawsservice",
        "aws:principalservicename",
        "aws:principalservicenameslist",
        "aws:userid",
        "aws:username",
        "aws:resourceaccount",
        "aws:resourceorgid",
        "aws:resourceorgpaths",
        "aws:currenttime",
        "aws:epochtime",
        "aws:tokenissuetime",
        "aws:viaawsservice",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:securetransport",
    ];
    const PREFIXES: [&str; 4] = [
        "aws:principaltag/",
        "aws:resourcetag/",
        "iam:resourcetag/",
        "aws:calledvia",
    ];
    EXACT.contains(&key) || PREFIXES.iter().any(|p| key.starts_with(p))
}

/// A value that makes the condition come out as the statement needs (true for `Allow`,
/// false for `Deny`), when one of the listed values does that; `None` when the default
/// request already does (nothing to choose) or no single value can be read off.
fn satisfying(op: BaseOperator, values: &[String], deny: bool) -> Option<String> {
    let first = values.iter().find(|v| !v.contains("${"))?;
    match op.family() {
        OperatorFamily::Bool => {
            let v = first.to_ascii_lowercase();
            match (deny, v.as_str()) {
                (false, _) => Some(v),
                (true, "true") => Some("false".into()),
                (true, "false") => Some("true".into()),
                _ => None,
            }
        }
        OperatorFamily::Null => {
            // `Null: true` holds when the key is absent. The caller can make a key present.
            let wants_absent = first.eq_ignore_ascii_case("true");
            (wants_absent == deny).then(|| "true".to_string())
        }
        OperatorFamily::Date | OperatorFamily::Binary => None,
        _ => {
            // A listed value satisfies a positive operator in an Allow and falsifies a
            // negated one in a Deny.
            if op.is_negated() != deny {
                return None;
            }
            Some(match op.family() {
                OperatorFamily::Ip => first.split('/').next().unwrap_or(first).to_string(),
                OperatorFamily::Numeric => numeric(op, first)?,
                _ => first.replace('*', "").replace('?', "x"),
            })
        }
    }
}

fn numeric(op: BaseOperator, v: &str) -> Option<String> {
    let n: i64 = v.trim().parse().ok()?;
    Some(
        match op {
            BaseOperator::NumericLessThan => n.saturating_sub(1).max(0),
            BaseOperator::NumericGreaterThan => n.saturating_add(1),
            _ => n,
        }
        .to_string(),
    )
}

/// The knobs the conditions of `policy`'s statements for `action` suggest (statements whose
/// `Action` or `NotAction` does not cover it cannot matter), in statement order, without
/// repeats.
pub fn candidates(policy: &Policy, action: &str) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for st in &policy.statements {
        let covers = st.action.negated
            != st
                .action
                .patterns
                .iter()
                .any(|p| crate::eval::pattern::action_matches(&p.value, action));
        if !covers {
            continue;
        }
        let deny = st.effect.value == Effect::Deny;
        for c in &st.conditions {
            let key = c.key.value.to_ascii_lowercase();
            if world_key(&key) {
                continue;
            }
            let values: Vec<String> = c.values.iter().map(|v| v.value.clone()).collect();
            let Some(value) = satisfying(c.operator.value.base, &values, deny) else {
                continue;
            };
            let knob = match key.as_str() {
                "aws:multifactorauthpresent" if value == "true" => Knob::Mfa,
                "aws:multifactorauthpresent" => continue,
                "aws:multifactorauthage" => Knob::Mfa,
                "sts:externalid" => Knob::ExternalId(value),
                "sts:sourceidentity" | "aws:sourceidentity" => Knob::SourceIdentity(value),
                "sts:rolesessionname" => Knob::SessionName(if value.is_empty() {
                    "session".into()
                } else {
                    value
                }),
                "aws:sourceip" => Knob::SourceIp(value),
                "aws:tagkeys" | "sts:transitivetagkeys" => continue,
                k if k.starts_with("aws:requesttag/") => {
                    let tag = c.key.value.get("aws:RequestTag/".len()..).unwrap_or("");
                    Knob::Tag(tag.to_string(), value)
                }
                _ => Knob::Context(c.key.value.clone(), value),
            };
            if out.iter().any(|o| o.knob == knob) {
                continue;
            }
            let listed: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            out.push(Candidate {
                knob,
                condition: format!(
                    "{} {} {}",
                    c.operator_text,
                    c.key.value,
                    if listed.len() == 1 {
                        listed.concat()
                    } else {
                        format!("[{}]", listed.join(", "))
                    }
                ),
            });
        }
    }
    out
}

/// Words for a knob, as an answer's "if …".
pub fn words(knob: &Knob, on_call: bool) -> String {
    match knob {
        Knob::Mfa if on_call => {
            "if the user signed in with MFA (a console sign-in or GetSessionToken with MFA)".into()
        }
        Knob::Mfa => {
            "if the AssumeRole call passes an MFA device (SerialNumber and TokenCode)".into()
        }
        Knob::ExternalId(x) => format!("if the AssumeRole call passes ExternalId `{x}`"),
        Knob::SourceIdentity(x) => format!("if the AssumeRole call sets SourceIdentity `{x}`"),
        Knob::SessionName(x) => format!("if the role session is named `{x}`"),
        Knob::Tag(k, v) => format!("if the AssumeRole call passes the session tag `{k}` = `{v}`"),
        Knob::SourceIp(ip) => format!("if the requests come from {ip}"),
        Knob::Context(k, v) => format!("if the request carries {k} = `{v}`"),
    }
}

/// The condition key a knob sets, for answers.
pub fn key(knob: &Knob) -> String {
    match knob {
        Knob::Mfa => "aws:MultiFactorAuthPresent".into(),
        Knob::ExternalId(_) => "sts:ExternalId".into(),
        Knob::SourceIdentity(_) => "sts:SourceIdentity".into(),
        Knob::SessionName(_) => "sts:RoleSessionName".into(),
        Knob::Tag(k, _) => format!("aws:RequestTag/{k}"),
        Knob::SourceIp(_) => "aws:SourceIp".into(),
        Knob::Context(k, _) => k.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::PolicyKind;

    fn cands(text: &str) -> Vec<Knob> {
        let p = crate::policy::parse::parse_text(text, PolicyKind::Identity);
        p.policy
            .map(|p| {
                candidates(&p, "sts:AssumeRole")
                    .into_iter()
                    .map(|c| c.knob)
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn allow_conditions_suggest_the_listed_value() {
        let k = cands(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*",
            "Condition":{"StringEquals":{"sts:ExternalId":"Example-123"},"Bool":{"aws:MultiFactorAuthPresent":"true"},
            "IpAddress":{"aws:SourceIp":"10.1.0.0/16"},"StringLike":{"aws:RequestTag/team":"web*"}}}]}"#,
        );
        assert_eq!(
            k,
            vec![
                Knob::ExternalId("Example-123".into()),
                Knob::Mfa,
                Knob::SourceIp("10.1.0.0".into()),
                Knob::Tag("team".into(), "web".into()),
            ]
        );
    }

    #[test]
    fn deny_conditions_suggest_what_avoids_them() {
        let k = cands(
            r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},
            {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}},
            {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"secret"}}}]}"#,
        );
        assert_eq!(
            k,
            vec![
                Knob::Mfa,
                Knob::Context("aws:RequestedRegion".into(), "eu-west-1".into())
            ]
        );
    }

    #[test]
    fn statements_for_other_actions_suggest_nothing() {
        let k = cands(
            r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*","Condition":{"StringEquals":{"ssm:resourceTag/env":"prod"}}},
            {"Effect":"Allow","NotAction":"s3:*","Resource":"*","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}"#,
        );
        assert_eq!(k, vec![Knob::ExternalId("x".into())]);
    }

    #[test]
    fn world_keys_and_variables_are_not_knobs() {
        let k = cands(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",
            "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1","aws:ResourceTag/team":"x","s3:prefix":"${aws:username}/"}}}]}"#,
        );
        assert!(k.is_empty(), "{k:?}");
    }
}
