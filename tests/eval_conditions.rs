//! Conditions (iam-semantics A.5, facts F51-F73) evaluated through whole requests.

mod eval_support;
use eval_support::*;
use iam_playground::eval::request::Request;
use iam_playground::eval::Decision::{self, *};
use iam_playground::policy::model::PolicyKind;

const OBJ: &str = "arn:aws:s3:::bucket/key";

fn r() -> Request {
    req(user(A, "alice"), "s3:GetObject", OBJ, A)
}

/// Identity Allow of s3:GetObject under `condition` (a JSON object body).
fn allow_if(condition: &str) -> Case {
    case().identity(&doc(&format!(
        r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}"#
    )))
}

/// Identity Allow of everything plus a Deny under `condition`.
fn deny_if(condition: &str) -> Case {
    case().identity(&doc(&format!(
        r#"{{"Effect":"Allow","Action":"*","Resource":"*"}},{{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}"#
    )))
}

fn d(c: &Case, r: &Request) -> Decision {
    c.decision(r)
}

#[test]
fn f51_positive_operator_on_absent_key_is_false() {
    let c = allow_if(r#"{"StringEquals":{"aws:PrincipalTag/team":"x"}}"#);
    assert_eq!(d(&c, &r()), ImplicitDeny);
    assert_eq!(d(&c, &r().ctx("aws:PrincipalTag/team", "x")), Allowed);
}

#[test]
fn f52_string_not_equals_on_absent_key_is_true() {
    let c = deny_if(r#"{"StringNotEquals":{"aws:PrincipalTag/team":"x"}}"#);
    assert_eq!(d(&c, &r()), ExplicitDeny);
    assert_eq!(d(&c, &r().ctx("aws:PrincipalTag/team", "x")), Allowed);
    assert_eq!(d(&c, &r().ctx("aws:PrincipalTag/team", "y")), ExplicitDeny);
}

#[test]
fn f53_every_negated_operator_is_true_on_absent_key() {
    for cond in [
        r#"{"StringNotLike":{"k:x":"a*"}}"#,
        r#"{"StringNotEqualsIgnoreCase":{"k:x":"a"}}"#,
        r#"{"ArnNotLike":{"k:x":"arn:aws:iam::*:role/a"}}"#,
        r#"{"ArnNotEquals":{"k:x":"arn:aws:iam::1:role/a"}}"#,
        r#"{"NotIpAddress":{"k:x":"10.0.0.0/8"}}"#,
        r#"{"NumericNotEquals":{"k:x":"5"}}"#,
        r#"{"DateNotEquals":{"k:x":"2024-01-01T00:00:00Z"}}"#,
    ] {
        assert_eq!(d(&deny_if(cond), &r()), ExplicitDeny, "{cond}");
    }
}

#[test]
fn f54_if_exists() {
    let c = allow_if(r#"{"StringEqualsIfExists":{"aws:PrincipalTag/team":"x"}}"#);
    assert_eq!(d(&c, &r()), Allowed);
    assert_eq!(d(&c, &r().ctx("aws:PrincipalTag/team", "x")), Allowed);
    assert_eq!(d(&c, &r().ctx("aws:PrincipalTag/team", "y")), ImplicitDeny);
}

#[test]
fn f55_null() {
    let absent = allow_if(r#"{"Null":{"aws:TokenIssueTime":"true"}}"#);
    assert_eq!(d(&absent, &r()), Allowed);
    assert_eq!(
        d(
            &absent,
            &r().ctx("aws:TokenIssueTime", "2024-01-01T00:00:00Z")
        ),
        ImplicitDeny
    );
    let present = allow_if(r#"{"Null":{"aws:TokenIssueTime":"false"}}"#);
    assert_eq!(d(&present, &r()), ImplicitDeny);
    assert_eq!(
        d(
            &present,
            &r().ctx("aws:TokenIssueTime", "2024-01-01T00:00:00Z")
        ),
        Allowed
    );
}

#[test]
fn f56_negated_operator_values_are_nor() {
    let c =
        deny_if(r#"{"StringNotEquals":{"aws:PrincipalAccount":["111111111111","222222222222"]}}"#);
    assert_eq!(
        d(&c, &r().ctx("aws:PrincipalAccount", "111111111111")),
        Allowed
    );
    assert_eq!(
        d(&c, &r().ctx("aws:PrincipalAccount", "222222222222")),
        Allowed
    );
    assert_eq!(
        d(&c, &r().ctx("aws:PrincipalAccount", "333333333333")),
        ExplicitDeny
    );
}

#[test]
fn f57_keys_and_operators_are_and_values_are_or() {
    let c = allow_if(r#"{"StringEquals":{"k:a":["1","2"],"k:b":"x"},"Bool":{"k:c":"true"}}"#);
    let full = r().ctx("k:a", "2").ctx("k:b", "x").ctx("k:c", "true");
    assert_eq!(d(&c, &full), Allowed);
    assert_eq!(d(&c, &full.clone().ctx("k:a", "3")), ImplicitDeny);
    assert_eq!(d(&c, &full.clone().ctx("k:b", "y")), ImplicitDeny);
    assert_eq!(d(&c, &full.ctx("k:c", "false")), ImplicitDeny);
}

#[test]
fn f58_for_all_values_is_true_on_absent_or_empty_key() {
    let c = allow_if(r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#);
    assert_eq!(d(&c, &r()), Allowed);
    assert_eq!(d(&c, &r().ctx_multi("aws:TagKeys", &[])), Allowed);
    assert_eq!(d(&c, &r().ctx_multi("aws:TagKeys", &["a", "b"])), Allowed);
    assert_eq!(
        d(&c, &r().ctx_multi("aws:TagKeys", &["a", "c"])),
        ImplicitDeny
    );
}

#[test]
fn f59_for_any_value_is_false_on_absent_or_empty_key() {
    let c = allow_if(r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#);
    assert_eq!(d(&c, &r()), ImplicitDeny);
    assert_eq!(d(&c, &r().ctx_multi("aws:TagKeys", &[])), ImplicitDeny);
    assert_eq!(d(&c, &r().ctx_multi("aws:TagKeys", &["c", "b"])), Allowed);
    assert_eq!(
        d(&c, &r().ctx_multi("aws:TagKeys", &["c", "d"])),
        ImplicitDeny
    );
}

#[test]
fn f60_set_operator_on_a_single_value_is_a_one_element_set() {
    let c = allow_if(r#"{"ForAllValues:StringEquals":{"aws:PrincipalTag/team":["a","b"]}}"#);
    assert_eq!(d(&c, &r().ctx("aws:PrincipalTag/team", "a")), Allowed);
    assert_eq!(d(&c, &r().ctx("aws:PrincipalTag/team", "z")), ImplicitDeny);
}

#[test]
fn f61_plain_operator_on_a_multivalued_key_is_false_v4() {
    let c = allow_if(r#"{"StringEquals":{"aws:TagKeys":"a"}}"#);
    let e = c.eval(&r().ctx_multi("aws:TagKeys", &["a"]));
    assert_eq!(e.decision, ImplicitDeny);
    assert!(
        e.assumptions.iter().any(|a| a.id.starts_with("V4")),
        "{:?}",
        e.assumptions
    );
}

#[test]
fn f62_negated_set_operators() {
    let any_ne = allow_if(r#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a","b"]}}"#);
    assert_eq!(
        d(&any_ne, &r().ctx_multi("aws:TagKeys", &["a", "c"])),
        Allowed
    );
    assert_eq!(
        d(&any_ne, &r().ctx_multi("aws:TagKeys", &["a", "b"])),
        ImplicitDeny
    );
    let all_nl = allow_if(r#"{"ForAllValues:StringNotLike":{"aws:TagKeys":["sec*","adm?n"]}}"#);
    assert_eq!(
        d(&all_nl, &r().ctx_multi("aws:TagKeys", &["team", "env"])),
        Allowed
    );
    assert_eq!(
        d(&all_nl, &r().ctx_multi("aws:TagKeys", &["team", "admin"])),
        ImplicitDeny
    );
}

#[test]
fn f63_condition_key_names_are_case_insensitive() {
    let c = allow_if(r#"{"IpAddress":{"AWS:SourceIP":"203.0.113.0/24"}}"#);
    assert_eq!(d(&c, &r().ctx("aws:SourceIp", "203.0.113.7")), Allowed);
    let c = allow_if(r#"{"StringEquals":{"aws:ResourceTag/Env":"prod"}}"#);
    assert_eq!(d(&c, &r().ctx("aws:resourcetag/env", "prod")), Allowed);
}

#[test]
fn f64_string_like_is_case_sensitive_and_equals_has_no_wildcards() {
    let like = allow_if(r#"{"StringLike":{"k:x":"Pro*"}}"#);
    assert_eq!(d(&like, &r().ctx("k:x", "Production")), Allowed);
    assert_eq!(d(&like, &r().ctx("k:x", "production")), ImplicitDeny);
    let eq = allow_if(r#"{"StringEquals":{"k:x":"Pro*"}}"#);
    assert_eq!(d(&eq, &r().ctx("k:x", "Production")), ImplicitDeny);
    assert_eq!(d(&eq, &r().ctx("k:x", "Pro*")), Allowed);
    let ic = allow_if(r#"{"StringEqualsIgnoreCase":{"k:x":"PROD"}}"#);
    assert_eq!(d(&ic, &r().ctx("k:x", "prod")), Allowed);
}

#[test]
fn f65_arn_like_is_segment_wise_string_like_is_not() {
    let v = "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/doc";
    let arn = allow_if(r#"{"ArnLike":{"aws:SourceArn":"arn:aws:svc:*:111122223333:finance/*"}}"#);
    assert_eq!(d(&arn, &r().ctx("aws:SourceArn", v)), ImplicitDeny);
    let s = allow_if(r#"{"StringLike":{"aws:SourceArn":"arn:aws:svc:*:111122223333:finance/*"}}"#);
    assert_eq!(d(&s, &r().ctx("aws:SourceArn", v)), Allowed);
}

#[test]
fn f66_arn_equals_and_arn_like_behave_the_same() {
    for op in ["ArnEquals", "ArnLike"] {
        let c = allow_if(&format!(
            r#"{{"{op}":{{"aws:SourceArn":"arn:aws:s3:::bucket-*"}}}}"#
        ));
        assert_eq!(
            d(&c, &r().ctx("aws:SourceArn", "arn:aws:s3:::bucket-1")),
            Allowed,
            "{op}"
        );
        assert_eq!(
            d(&c, &r().ctx("aws:SourceArn", "arn:aws:s3:::other")),
            ImplicitDeny,
            "{op}"
        );
    }
}

#[test]
fn f67_ip_addresses_and_cidrs() {
    let c = allow_if(r#"{"IpAddress":{"aws:SourceIp":["203.0.113.5","2001:db8::/32"]}}"#);
    assert_eq!(d(&c, &r().ctx("aws:SourceIp", "203.0.113.5")), Allowed);
    assert_eq!(d(&c, &r().ctx("aws:SourceIp", "203.0.113.6")), ImplicitDeny);
    assert_eq!(d(&c, &r().ctx("aws:SourceIp", "2001:db8:a::1")), Allowed);
    // No aws:SourceIp (through a VPC endpoint): IpAddress is false, NotIpAddress true.
    assert_eq!(d(&c, &r()), ImplicitDeny);
    assert_eq!(
        d(
            &deny_if(r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#),
            &r()
        ),
        ExplicitDeny
    );
}

#[test]
fn f68_dates_iso_and_epoch_seconds() {
    let c = allow_if(r#"{"DateLessThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}"#);
    assert_eq!(
        d(&c, &r().ctx("aws:CurrentTime", "2023-12-31T23:59:59Z")),
        Allowed
    );
    assert_eq!(
        d(&c, &r().ctx("aws:CurrentTime", "2024-01-01T00:00:00Z")),
        ImplicitDeny
    );
    // aws:EpochTime is seconds, compared with an ISO policy value.
    let c = allow_if(r#"{"DateGreaterThanEquals":{"aws:EpochTime":"2024-01-01T00:00:00Z"}}"#);
    assert_eq!(d(&c, &r().ctx("aws:EpochTime", "1704067200")), Allowed);
    assert_eq!(d(&c, &r().ctx("aws:EpochTime", "1704067199")), ImplicitDeny);
    let c = allow_if(r#"{"DateEquals":{"k:d":"1704067200"}}"#);
    assert_eq!(d(&c, &r().ctx("k:d", "2024-01-01T00:00:00Z")), Allowed);
}

#[test]
fn f69_bool_is_case_insensitive() {
    let c = allow_if(r#"{"Bool":{"aws:SecureTransport":"TRUE"}}"#);
    assert_eq!(d(&c, &r().ctx("aws:SecureTransport", "true")), Allowed);
    assert_eq!(
        d(&c, &r().ctx("aws:SecureTransport", "False")),
        ImplicitDeny
    );
}

#[test]
fn f70_binary_equals_compares_decoded_bytes() {
    let c = allow_if(r#"{"BinaryEquals":{"k:bin":"aGVsbG8="}}"#);
    assert_eq!(d(&c, &r().ctx("k:bin", "aGVsbG8")), Allowed);
    assert_eq!(d(&c, &r().ctx("k:bin", "aGVsbG8h")), ImplicitDeny);
}

#[test]
fn f71_f98_revocation_deny_does_not_hit_long_term_keys() {
    let revoke = r#"{"DateLessThan":{"aws:TokenIssueTime":"2024-06-01T12:00:00Z"}}"#;
    let c = deny_if(revoke);
    assert_eq!(
        d(&c, &r()),
        Allowed,
        "long-term keys have no aws:TokenIssueTime"
    );
    let s =
        |t: &str| req(session(A, "R", "s"), "s3:GetObject", OBJ, A).ctx("aws:TokenIssueTime", t);
    assert_eq!(d(&c, &s("2024-06-01T11:59:59Z")), ExplicitDeny);
    // Strict: a session issued at the same instant survives.
    assert_eq!(d(&c, &s("2024-06-01T12:00:00Z")), Allowed);
    assert_eq!(d(&c, &s("2024-06-01T12:00:01Z")), Allowed);
}

#[test]
fn f72_bool_if_exists_denies_long_term_keys_bool_does_not() {
    let c = deny_if(r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#);
    assert_eq!(d(&c, &r()), ExplicitDeny);
    assert_eq!(
        d(&c, &r().ctx("aws:MultiFactorAuthPresent", "true")),
        Allowed
    );
    let c = deny_if(r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#);
    assert_eq!(d(&c, &r()), Allowed);
    assert_eq!(
        d(&c, &r().ctx("aws:MultiFactorAuthPresent", "false")),
        ExplicitDeny
    );
}

#[test]
fn f73_unevaluable_values_make_the_decision_cannot_evaluate() {
    // A Date operator whose policy value is not a date: a Deny that might apply.
    let c = deny_if(r#"{"DateGreaterThan":{"aws:CurrentTime":"next tuesday"}}"#);
    let e = c.eval(&r().ctx("aws:CurrentTime", "2024-01-01T00:00:00Z"));
    assert_eq!(e.decision, CannotEvaluate);
    assert!(!e.trace.problems.is_empty());
    assert!(e.reason.contains("next tuesday"), "{}", e.reason);
    // Even with the key absent, the broken value is reported, not skipped.
    assert_eq!(d(&c, &r()), CannotEvaluate);
    // A numeric operator with a non-number request value.
    let c = allow_if(r#"{"NumericLessThan":{"s3:max-keys":"10"}}"#);
    assert_eq!(d(&c, &r().ctx("s3:max-keys", "ten")), CannotEvaluate);
    assert_eq!(d(&c, &r().ctx("s3:max-keys", "9")), Allowed);
}

#[test]
fn unevaluable_statement_does_not_matter_when_the_decision_is_certain() {
    // A definite explicit deny elsewhere decides regardless.
    let c = case().identity(&doc(
        r#"{"Effect":"Deny","Action":"*","Resource":"*"},
           {"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"k:n":"x"}}}"#,
    ));
    assert_eq!(d(&c, &r().ctx("k:n", "1")), ExplicitDeny);
    // An unevaluable Allow when an SCP allows nothing: implicit deny either way.
    let c = allow_if(r#"{"NumericLessThan":{"k:n":"x"}}"#).scp_level(
        "root",
        &[&doc(
            r#"{"Effect":"Allow","Action":"ec2:*","Resource":"*"}"#,
        )],
    );
    assert_eq!(d(&c, &r().ctx("k:n", "1")), ImplicitDeny);
    // An unevaluable Allow that would decide: cannot evaluate.
    let c = allow_if(r#"{"NumericLessThan":{"k:n":"x"}}"#);
    assert_eq!(d(&c, &r().ctx("k:n", "1")), CannotEvaluate);
}

#[test]
fn null_with_if_exists_reaching_the_engine_cannot_be_evaluated() {
    // IAM refuses NullIfExists (F112), so build it by editing a parsed policy.
    let mut p = parse(
        PolicyKind::Identity,
        &doc(
            r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"k:x":"true"}}}"#,
        ),
    );
    p.statements[0].conditions[0].operator.value.if_exists = true;
    let mut c = case().identity(ALLOW_ALL);
    c.identity.push((c.identity[0].0.clone(), p));
    assert_eq!(d(&c, &r()), CannotEvaluate);
}
