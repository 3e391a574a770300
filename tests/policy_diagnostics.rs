//! One test per validation check: code, severity, message and the exact underlined text.
//! Facts (F…) refer to shared/iam-semantics.md; A.9 lists Access Analyzer's checks.

mod policy_support;

use iam_playground::diag::Severity;
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse_text;
use policy_support::*;

const ID: PolicyKind = PolicyKind::Identity;

/// An identity statement with one condition block.
fn with_condition(effect: &str, condition: &str) -> String {
    policy_with(&format!(
        r#"{{"Effect":"{effect}","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}"#
    ))
}

// ---- Version (A.9) ----

#[test]
fn missing_version_is_a_warning_at_the_document_start() {
    let text = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    let d = assert_diag_full(
        text,
        ID,
        "missing-version",
        Severity::Warning,
        "missing version",
        "{",
    );
    assert_eq!(d.path.to_string(), "$");
    assert!(parse_text(text, ID).policy.is_some());
}

// ---- Sid (F109, F110) ----

#[test]
fn sid_with_a_hyphen_is_an_error_in_iam_policies() {
    let text =
        policy_with(r#"{"Sid":"Allow-Read","Effect":"Allow","Action":"s3:*","Resource":"*"}"#);
    let d = assert_diag_full(
        &text,
        ID,
        "invalid-sid",
        Severity::Error,
        "unsupported character `-` in `Sid`",
        "\"Allow-Read\"",
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].Sid");
    for kind in [PolicyKind::Trust, PolicyKind::Boundary, PolicyKind::Session] {
        let text = match kind {
            PolicyKind::Trust => policy_with(
                r#"{"Sid":"a b","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}"#,
            ),
            _ => policy_with(r#"{"Sid":"a b","Effect":"Allow","Action":"s3:*","Resource":"*"}"#),
        };
        let d = assert_diag(&text, kind, "invalid-sid", "\"a b\"");
        assert_eq!(d.severity, Severity::Error, "{kind:?}");
    }
}

#[test]
fn sid_rules_are_warnings_in_other_resource_policies() {
    let text = policy_with(
        r#"{"Sid":"Allow-Read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
    );
    let d = assert_diag(&text, PolicyKind::Resource, "invalid-sid", "\"Allow-Read\"");
    assert_eq!(d.severity, Severity::Warning);
    assert!(parse_text(&text, PolicyKind::Resource).policy.is_some());
}

#[test]
fn duplicate_sid() {
    let text = r#"{"Version":"2012-10-17","Statement":[
 {"Sid":"One","Effect":"Allow","Action":"s3:*","Resource":"*"},
 {"Sid":"One","Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
    let d = assert_diag_full(
        text,
        ID,
        "duplicate-sid",
        Severity::Error,
        "duplicate `Sid` `One`: unique Sids required",
        "\"One\"",
    );
    assert_eq!(d.path.to_string(), "$.Statement[1].Sid");
    let bucket = text
        .replace(
            "\"Effect\":\"Allow\"",
            "\"Effect\":\"Allow\",\"Principal\":\"*\"",
        )
        .replace(
            "\"Effect\":\"Deny\"",
            "\"Effect\":\"Deny\",\"Principal\":\"*\"",
        );
    let d = assert_diag(&bucket, PolicyKind::Resource, "duplicate-sid", "\"One\"");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.message, "duplicate `Sid` `One`: unique Sids recommended");
}

// ---- Action syntax ----

#[test]
fn action_without_service_prefix() {
    assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Action":["s3:GetObject","GetObject"],"Resource":"*"}"#),
        ID,
        "invalid-action-format",
        Severity::Error,
        "action `GetObject` has no service prefix",
        "\"GetObject\"",
    );
    assert_diag(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:","Resource":"*"}"#),
        ID,
        "invalid-action-format",
        "\"s3:\"",
    );
}

#[test]
fn wildcard_in_service_prefix() {
    let d = assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Action":"s*:GetObject","Resource":"*"}"#),
        ID,
        "wildcard-in-service-prefix",
        Severity::Warning,
        "wildcard in the service prefix of action `s*:GetObject`",
        "\"s*:GetObject\"",
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].Action");
}

#[test]
fn action_with_impossible_characters() {
    assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:Get Object","Resource":"*"}"#),
        ID,
        "invalid-action-characters",
        Severity::Warning,
        "action name `Get Object` has characters no action has",
        "\"s3:Get Object\"",
    );
}

// ---- Resource syntax ----

#[test]
fn resource_not_an_arn() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b","my-bucket"]}"#,
        ),
        ID,
        "invalid-resource-format",
        Severity::Error,
        "resource `my-bucket` must be in ARN format or `*`",
        "\"my-bucket\"",
    );
}

#[test]
fn resource_arn_missing_field() {
    let d = assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:bucket"}"#),
        ID,
        "resource-arn-missing-field",
        Severity::Warning,
        "resource `arn:aws:s3:bucket` has 4 of the 6 ARN fields",
        "\"arn:aws:s3:bucket\"",
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].Resource");
    // A trailing `*` may stand for the remaining fields.
    assert_no_diag(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:*"}"#),
        ID,
        "resource-arn-missing-field",
    );
}

#[test]
fn wildcard_in_arn_service() {
    assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s*:::b"}"#),
        ID,
        "wildcard-in-arn-service",
        Severity::Warning,
        "wildcard in the service of resource `arn:aws:s*:::b`",
        "\"arn:aws:s*:::b\"",
    );
}

// ---- policy variables (A.6, F79) ----

#[test]
fn variable_in_resource_part_is_fine() {
    let text = policy_with(
        r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/home/${aws:username}/*"}"#,
    );
    clean(&text, ID);
}

#[test]
fn variable_before_the_fifth_colon() {
    let d = assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3::${aws:PrincipalAccount}:b"}"#,
        ),
        ID,
        "variable-unsupported-in-element",
        Severity::Warning,
        "variable `${aws:PrincipalAccount}` is not supported before the resource part of an ARN",
        "${aws:PrincipalAccount}",
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].Resource");
}

#[test]
fn variable_in_action_and_principal() {
    assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:${aws:username}","Resource":"*"}"#),
        ID,
        "variable-unsupported-in-element",
        Severity::Warning,
        "variable `${aws:username}` is not supported in `Action`",
        "${aws:username}",
    );
    assert_diag(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/${aws:username}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        ),
        PolicyKind::Resource,
        "variable-unsupported-in-element",
        "${aws:username}",
    );
}

#[test]
fn variable_in_an_old_version_is_literal() {
    let text = r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}]}"#;
    assert_diag_full(
        text,
        ID,
        "variable-unsupported-in-version",
        Severity::Warning,
        "variable unsupported in version: `${aws:username}` is literal text in version 2008-10-17",
        "${aws:username}",
    );
    let text = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/x":"${aws:username}"}}}]}"#;
    let d = assert_diag(
        text,
        ID,
        "variable-unsupported-in-version",
        "${aws:username}",
    );
    assert!(d.message.ends_with("in a policy without `Version`"));
}

#[test]
fn malformed_variables() {
    let text = with_condition(
        "Allow",
        r#"{"StringEquals":{"aws:PrincipalTag/a":"x${aws:username"}}"#,
    );
    assert_diag_full(
        &text,
        ID,
        "variable-missing-brace",
        Severity::Warning,
        "missing brace in variable `${aws:username`",
        "${aws:username",
    );
    let text = with_condition("Allow", r#"{"StringLike":{"s3:prefix":"home/${}/"}}"#);
    assert_diag_full(
        &text,
        ID,
        "variable-empty",
        Severity::Warning,
        "empty variable `${}`",
        "${}",
    );
    let text = with_condition(
        "Allow",
        r#"{"StringLike":{"s3:prefix":"${aws:username, none}"}}"#,
    );
    assert_diag(&text, ID, "variable-missing-quote", "${aws:username, none}");
}

#[test]
fn variable_with_numeric_operator() {
    assert_diag_full(
        &with_condition("Allow", r#"{"NumericLessThan":{"s3:max-keys":"${aws:username}"}}"#),
        ID,
        "variable-unsupported-for-operator",
        Severity::Warning,
        "invalid variable for operator: `${aws:username}` is not substituted in `NumericLessThan` values",
        "${aws:username}",
    );
}

#[test]
fn variable_position_in_escaped_text() {
    // The underline maps back through JSON escapes to the written bytes.
    let text = with_condition(
        "Allow",
        r#"{"StringEquals":{"aws:PrincipalTag/a":"\u0041${aws:username"}}"#,
    );
    assert_diag(&text, ID, "variable-missing-brace", "${aws:username");
}

// ---- Principal rules by kind (A.4, A.9, F32, F39, F115) ----

#[test]
fn principal_forbidden_in_scp_boundary_session() {
    for kind in [
        PolicyKind::ServiceControl,
        PolicyKind::Boundary,
        PolicyKind::Session,
    ] {
        let d = assert_diag(
            &policy_with(r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}"#),
            kind,
            "principal-not-allowed",
            "\"Principal\"",
        );
        assert_eq!(d.severity, Severity::Error);
    }
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"#,
        ),
        ID,
        "not-principal-not-allowed",
        Severity::Error,
        "`NotPrincipal` is not allowed in an identity-based policy",
        "\"NotPrincipal\"",
    );
}

#[test]
fn partial_wildcard_in_principal() {
    // F32
    let d = assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        ),
        PolicyKind::Resource,
        "unsupported-wildcard-in-principal",
        Severity::Error,
        "unsupported wildcard in principal `arn:aws:iam::111122223333:role/*`",
        "\"arn:aws:iam::111122223333:role/*\"",
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].Principal.AWS[1]");
    assert_diag(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/r/*"},"Action":"sts:AssumeRole"}"#,
        ),
        PolicyKind::Trust,
        "unsupported-wildcard-in-principal",
        "\"arn:aws:sts::111122223333:assumed-role/r/*\"",
    );
}

#[test]
fn groups_are_not_principals() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/Developers"},"Action":"sts:AssumeRole"}"#,
        ),
        PolicyKind::Trust,
        "group-principal",
        Severity::Error,
        "`arn:aws:iam::111122223333:group/Developers` is a group; groups are not principals",
        "\"arn:aws:iam::111122223333:group/Developers\"",
    );
}

#[test]
fn malformed_aws_principal() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        ),
        PolicyKind::Resource,
        "invalid-principal",
        Severity::Error,
        "invalid principal `bob`",
        "\"bob\"",
    );
    for ok in [
        "111122223333",
        "arn:aws:iam::111122223333:root",
        "arn:aws:iam::111122223333:user/path/bob",
        "arn:aws:iam::111122223333:role/service-role/r",
        "arn:aws:sts::111122223333:assumed-role/r/s",
        "arn:aws:sts::111122223333:federated-user/f",
        "AROAEXAMPLEID1234567",
        "*",
    ] {
        let text = policy_with(&format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"{ok}"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#
        ));
        clean(&text, PolicyKind::Resource);
    }
}

#[test]
fn principal_string_other_than_star() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":"arn:aws:iam::111122223333:root","Action":"sts:AssumeRole"}"#,
        ),
        PolicyKind::Trust,
        "invalid-principal",
        Severity::Error,
        "`Principal` must be \"*\" or a map of principal types, found the string `arn:aws:iam::111122223333:root`",
        "\"arn:aws:iam::111122223333:root\"",
    );
}

#[test]
fn unknown_principal_type() {
    let d = assert_diag(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"Aws":"111122223333"},"Action":"sts:AssumeRole"}"#,
        ),
        PolicyKind::Trust,
        "unknown-element",
        "\"Aws\"",
    );
    assert!(d.help.unwrap().contains("`AWS`"));
}

#[test]
fn bare_star_in_a_trust_policy() {
    assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}"#),
        PolicyKind::Trust,
        "trust-policy-wildcard-principal",
        Severity::Error,
        "role trust policy unsupported wildcard in principal: `\"Principal\": \"*\"`",
        "\"*\"",
    );
}

#[test]
fn federated_principal_needs_the_matching_assume_action() {
    let text = policy_with(
        r#"{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"},"Action":"sts:AssumeRole"}"#,
    );
    assert_diag_full(
        &text,
        PolicyKind::Trust,
        "mismatched-action-for-principal",
        Severity::Warning,
        "mismatched action for principal: federated principal `arn:aws:iam::111122223333:saml-provider/Okta` assumes a role with `sts:AssumeRoleWithSAML`",
        "\"arn:aws:iam::111122223333:saml-provider/Okta\"",
    );
    clean(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"]}"#,
        ),
        PolicyKind::Trust,
    );
}

#[test]
fn allow_with_not_principal() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        ),
        PolicyKind::Resource,
        "allow-with-not-principal",
        Severity::SecurityWarning,
        "`Allow` with `NotPrincipal` grants access to every principal not listed, anonymous users included",
        r#"{"AWS":"111122223333"}"#,
    );
}

#[test]
fn resource_control_policy_rules() {
    let rcp = PolicyKind::ResourceControl;
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"#,
        ),
        rcp,
        "rcp-principal-not-wildcard",
        Severity::Error,
        "the `Principal` of a resource control policy must be \"*\", found `111122223333`",
        "\"111122223333\"",
    );
    assert_diag(
        &policy_with(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#),
        rcp,
        "missing-principal",
        "{",
    );
    assert_diag(
        &policy_with(r#"{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":"*"}"#),
        rcp,
        "not-action-not-allowed",
        "\"NotAction\"",
    );
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#,
        ),
        rcp,
        "rcp-allow-not-supported",
        Severity::Error,
        "a resource control policy supports `Allow` only in the RCPFullAWSAccess statement",
        "\"Allow\"",
    );
    // RCPFullAWSAccess itself.
    clean(
        &policy_with(r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#),
        rcp,
    );
}

#[test]
fn scp_with_condition_in_allow_is_valid() {
    // F116: since September 2025 SCPs accept Condition, NotResource and ARNs in Allow.
    clean(
        &policy_with(
            r#"{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}"#,
        ),
        PolicyKind::ServiceControl,
    );
}

// ---- conditions (A.5, A.9) ----

#[test]
fn condition_key_without_prefix() {
    assert_diag_full(
        &with_condition("Allow", r#"{"StringEquals":{"username":"bob"}}"#),
        ID,
        "invalid-condition-key",
        Severity::Error,
        "condition key `username` has no service prefix",
        "\"username\"",
    );
}

#[test]
fn type_mismatches() {
    let cases = [
        (
            r#"{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}"#,
            "type-mismatch-date",
            "\"yesterday\"",
            "type mismatch: `yesterday` is not a date for `DateGreaterThan`",
        ),
        (
            r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"one hour"}}"#,
            "type-mismatch-number",
            "\"one hour\"",
            "type mismatch: `one hour` is not a number for `NumericLessThan`",
        ),
        (
            r#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","10.0.0.300"]}}"#,
            "type-mismatch-ip-address",
            "\"10.0.0.300\"",
            "type mismatch: `10.0.0.300` is not an IP address or CIDR block for `IpAddress`",
        ),
        (
            r#"{"Bool":{"aws:SecureTransport":"yes"}}"#,
            "type-mismatch-bool",
            "\"yes\"",
            "type mismatch: `yes` is not a boolean for `Bool`",
        ),
        (
            r#"{"Null":{"aws:TokenIssueTime":"maybe"}}"#,
            "type-mismatch-bool",
            "\"maybe\"",
            "type mismatch: `maybe` is not a boolean for `Null`",
        ),
        (
            r#"{"BinaryEquals":{"k:bin":"not base64!"}}"#,
            "type-mismatch-binary",
            "\"not base64!\"",
            "type mismatch: `not base64!` is not base64 for `BinaryEquals`",
        ),
    ];
    for (cond, code, underlined, message) in cases {
        let text = with_condition("Allow", cond);
        assert_diag_full(&text, ID, code, Severity::Warning, message, underlined);
        // IAM stores the policy: it is kept, and evaluated (cannot evaluate at that condition).
        assert!(parse_text(&text, ID).policy.is_some(), "{code}");
    }
    // Well-typed values, JSON numbers and booleans included, are clean.
    clean(
        &with_condition(
            "Allow",
            r#"{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z","aws:EpochTime":1700000000},"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true},"IpAddress":{"aws:SourceIp":["203.0.113.7","2001:db8::/32"]}}"#,
        ),
        ID,
    );
}

#[test]
fn several_bool_values() {
    assert_diag_full(
        &with_condition(
            "Allow",
            r#"{"Bool":{"aws:SecureTransport":["true", "false"]}}"#,
        ),
        ID,
        "multiple-bool-values",
        Severity::Warning,
        "several values for boolean condition key `aws:SecureTransport`",
        r#"["true", "false"]"#,
    );
}

#[test]
fn wildcard_without_like_operator() {
    let d = assert_diag_full(
        &with_condition("Allow", r#"{"StringEquals":{"s3:prefix":"home/*"}}"#),
        ID,
        "wildcard-without-like-operator",
        Severity::Warning,
        "wildcard without like operator: `StringEquals` compares `*` and `?` literally",
        "*",
    );
    assert_eq!(
        d.path.to_string(),
        "$.Statement[0].Condition.StringEquals[\"s3:prefix\"]"
    );
    assert!(d.help.unwrap().contains("`StringLike`"));
    assert_no_diag(
        &with_condition("Allow", r#"{"StringLike":{"s3:prefix":"home/*"}}"#),
        ID,
        "wildcard-without-like-operator",
    );
    // `${*}` is the literal `*`, not a wildcard.
    assert_no_diag(
        &with_condition("Allow", r#"{"StringEquals":{"s3:prefix":"a${*}"}}"#),
        ID,
        "wildcard-without-like-operator",
    );
}

#[test]
fn for_all_values_with_single_valued_key() {
    assert_diag_full(
        &with_condition(
            "Deny",
            r#"{"ForAllValues:StringEquals":{"aws:SourceVpc":"vpc-1"}}"#,
        ),
        ID,
        "for-all-values-with-single-valued-key",
        Severity::SecurityWarning,
        "`ForAllValues` with single-valued key `aws:SourceVpc`",
        "\"ForAllValues:StringEquals\"",
    );
}

#[test]
fn for_all_values_with_allow() {
    let text = with_condition(
        "Allow",
        r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}"#,
    );
    assert_diag_full(
        &text,
        ID,
        "for-all-values-with-allow",
        Severity::SecurityWarning,
        "`ForAllValues` with `Allow` is true when `aws:TagKeys` is absent or empty",
        "\"ForAllValues:StringEquals\"",
    );
    // A Null guard on the same key answers it.
    assert_no_diag(
        &with_condition(
            "Allow",
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]},"Null":{"aws:TagKeys":"false"}}"#,
        ),
        ID,
        "for-all-values-with-allow",
    );
}

#[test]
fn for_any_value_with_single_valued_key() {
    assert_diag_full(
        &with_condition(
            "Allow",
            r#"{"ForAnyValue:StringEquals":{"aws:username":"bob"}}"#,
        ),
        ID,
        "for-any-value-with-single-valued-key",
        Severity::Suggestion,
        "`ForAnyValue` with single-valued key `aws:username`",
        "\"ForAnyValue:StringEquals\"",
    );
}

#[test]
fn multivalued_key_without_set_operator() {
    assert_diag_full(
        &with_condition("Allow", r#"{"StringEquals":{"aws:TagKeys":"env"}}"#),
        ID,
        "missing-set-operator-for-multivalued-key",
        Severity::Warning,
        "multivalued key `aws:TagKeys` used without `ForAllValues:` or `ForAnyValue:`",
        "\"StringEquals\"",
    );
}

#[test]
fn deny_with_mfa_present_false() {
    assert_diag_full(
        &with_condition("Deny", r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#),
        ID,
        "deny-mfa-bool-false",
        Severity::SecurityWarning,
        "`Deny` with `Bool` `aws:MultiFactorAuthPresent` `false` does not deny requests made without the key (long-term access keys)",
        "\"Bool\"",
    );
    assert_no_diag(
        &with_condition(
            "Deny",
            r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#,
        ),
        ID,
        "deny-mfa-bool-false",
    );
}

#[test]
fn duplicate_condition_key_ignoring_case() {
    assert_diag_full(
        &with_condition(
            "Allow",
            r#"{"StringEquals":{"aws:username":"a","AWS:UserName":"b"}}"#,
        ),
        ID,
        "duplicate-condition-key",
        Severity::Warning,
        "condition key `AWS:UserName` is written twice under `StringEquals` (keys ignore case)",
        "\"AWS:UserName\"",
    );
}

#[test]
fn null_with_set_qualifier() {
    assert_diag(
        &with_condition("Allow", r#"{"ForAnyValue:Null":{"aws:TagKeys":"true"}}"#),
        ID,
        "null-with-set-qualifier",
        "\"ForAnyValue:Null\"",
    );
}

// ---- character set and size (F113, F114) ----

#[test]
fn size_limits_by_kind() {
    // Trust: 2,048 non-whitespace characters.
    let long = "x".repeat(2_100);
    let trust = policy_with(&format!(
        r#"{{"Effect":"Allow","Principal":{{"AWS":"111122223333"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{"sts:ExternalId":"{long}"}}}}}}"#
    ));
    let d = assert_diag(&trust, PolicyKind::Trust, "policy-size-exceeded", &trust);
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.starts_with("the role trust policy is "));
    assert!(d
        .message
        .ends_with("characters, not counting whitespace; the limit is 2048"));

    // SCP: 5,120 characters, whitespace included.
    let padded = format!(
        "{{\"Version\":\"2012-10-17\",{}\"Statement\":[{{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}]}}",
        " ".repeat(5_200)
    );
    let d = assert_diag(
        &padded,
        PolicyKind::ServiceControl,
        "policy-size-exceeded",
        &padded,
    );
    assert!(d.message.contains("whitespace included; the limit is 5120"));
    // The same whitespace does not count for an identity-style session policy.
    assert_no_diag(&padded, PolicyKind::Session, "policy-size-exceeded");
}

#[test]
fn invalid_character_in_key() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/\u{2014}\":\"x\"}}}]}";
    assert_diag_full(
        text,
        ID,
        "invalid-character",
        Severity::Error,
        "the character U+2014 is not allowed in a policy",
        "\u{2014}",
    );
}

#[test]
fn both_principal_and_not_principal() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        ),
        PolicyKind::Resource,
        "both-principal-and-not-principal",
        Severity::Error,
        "a statement cannot have both `Principal` and `NotPrincipal`",
        "\"NotPrincipal\"",
    );
}

/// Every code the library can emit is documented in docs/diagnostics.md.
#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string("docs/diagnostics.md").unwrap();
    let mut codes = vec![
        "both-action-and-not-action".to_string(),
        "both-resource-and-not-resource".to_string(),
        "both-principal-and-not-principal".to_string(),
    ];
    let mut files: Vec<_> = std::fs::read_dir("src/policy")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push("src/json.rs".into());
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        for lit in src.split('"').skip(1).step_by(2) {
            let mut parts = lit.split('-');
            let kebab = lit.contains('-')
                && lit.starts_with(|c: char| c.is_ascii_lowercase())
                && parts.all(|p| {
                    !p.is_empty()
                        && p.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                });
            if kebab && !["sso-directory", "service-role"].contains(&lit) {
                codes.push(lit.to_string());
            }
        }
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() > 50, "{codes:?}");
    for code in codes {
        assert!(
            doc.contains(&format!("`{code}`")),
            "docs/diagnostics.md lacks `{code}`"
        );
    }
}

#[test]
fn trust_policy_actions_are_sts_assume_role_actions() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["sts:AssumeRole","s3:GetObject"]}"#,
        ),
        PolicyKind::Trust,
        "trust-policy-invalid-action",
        Severity::Error,
        "a role trust policy may only specify STS AssumeRole actions, found `s3:GetObject`",
        "\"s3:GetObject\"",
    );
    clean(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}"#,
        ),
        PolicyKind::Trust,
    );
    clean(
        &policy_with(r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:*"}"#),
        PolicyKind::Trust,
    );
}

#[test]
fn service_principal_is_a_domain_name() {
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"Service":"lambda"},"Action":"sts:AssumeRole"}"#,
        ),
        PolicyKind::Trust,
        "invalid-principal",
        Severity::Error,
        "invalid service principal `lambda`",
        "\"lambda\"",
    );
    clean(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","states.eu-west-1.amazonaws.com"]},"Action":"sts:AssumeRole"}"#,
        ),
        PolicyKind::Trust,
    );
}

#[test]
fn no_effect_findings_on_a_statement_without_effect() {
    let text = with_condition(
        "X",
        r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}"#,
    )
    .replace("\"Effect\":\"X\",", "");
    let parsed = parse_text(&text, ID);
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["missing-effect"]);
}

#[test]
fn paths_of_a_single_statement_object() {
    let text = r#"{"Version":"2012-10-17","Statement":{"Sid":"a-b","Effect":"Allow","Action":"s3","Resource":"*"}}"#;
    let d = assert_diag(text, ID, "invalid-sid", "\"a-b\"");
    assert_eq!(d.path.to_string(), "$.Statement.Sid");
    let d = assert_diag(text, ID, "invalid-action-format", "\"s3\"");
    assert_eq!(d.path.to_string(), "$.Statement.Action");
}

#[test]
fn redundant_action_and_resource() {
    let text = policy_with(
        r#"{"Effect":"Allow","Action":["s3:Get*","s3:GetObject","S3:GET*"],"Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b/x","arn:aws:s3:::B/x"]}"#,
    );
    assert_diag_full(
        &text,
        ID,
        "redundant-action",
        Severity::Suggestion,
        "redundant action: `s3:GetObject` is covered by `s3:Get*`",
        "\"s3:GetObject\"",
    );
    // Actions ignore case: the later of two equal patterns is the redundant one.
    assert_diag(&text, ID, "redundant-action", "\"S3:GET*\"");
    assert_diag_full(
        &text,
        ID,
        "redundant-resource",
        Severity::Suggestion,
        "redundant resource: `arn:aws:s3:::b/x` is covered by `arn:aws:s3:::b/*`",
        "\"arn:aws:s3:::b/x\"",
    );
    // Resources are case-sensitive: `B/x` is not covered.
    let parsed = parse_text(&text, ID);
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == "redundant-resource")
            .count(),
        1
    );
    // `*` covers `?`, but `?` does not cover `*`.
    let text = policy_with(r#"{"Effect":"Allow","Action":["s3:Get?","s3:Get*"],"Resource":"*"}"#);
    assert_diag(&text, ID, "redundant-action", "\"s3:Get?\"");
    let parsed = parse_text(&text, ID);
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == "redundant-action")
            .count(),
        1
    );
}
