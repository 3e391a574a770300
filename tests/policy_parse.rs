//! Parsing policies into the model: accepted forms, spans, grammar errors (all at once),
//! duplicate keys, positions in pasted text with CRLF and non-ASCII characters.

mod policy_support;

use iam_playground::diag::Severity;
use iam_playground::json;
use iam_playground::policy::model::*;
use iam_playground::policy::{parse_node, parse_text};
use iam_playground::source::LineIndex;
use policy_support::*;
use std::sync::Arc;

const IDENTITY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadBuckets",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:List*"],
      "Resource": "arn:aws:s3:::prod/*",
      "Condition": {
        "Bool": {"aws:MultiFactorAuthPresent": true},
        "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
        "StringEquals": {"aws:PrincipalTag/team": ["blue", "red"], "aws:RequestedRegion": "eu-west-1"}
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "iam:*",
      "NotResource": ["arn:aws:iam::*:role/x"]
    }
  ]
}"#;

#[test]
fn parses_an_identity_policy_with_spans() {
    let p = clean(IDENTITY, PolicyKind::Identity);
    assert_eq!(p.version, PolicyVersion::V2012_10_17);
    assert_eq!(p.kind, PolicyKind::Identity);
    assert_eq!(p.statements.len(), 2);
    let s0 = &p.statements[0];
    assert_eq!(s0.index, 0);
    assert_eq!(s0.label(), "ReadBuckets");
    assert_eq!(
        s0.sid.as_ref().unwrap().span.slice(IDENTITY),
        "\"ReadBuckets\""
    );
    assert_eq!(s0.effect.value, Effect::Allow);
    assert_eq!(s0.effect.span.slice(IDENTITY), "\"Allow\"");
    assert!(!s0.action.negated);
    let acts: Vec<&str> = s0
        .action
        .patterns
        .iter()
        .map(|a| a.value.as_str())
        .collect();
    assert_eq!(acts, ["s3:GetObject", "s3:List*"]);
    assert_eq!(s0.action.patterns[1].span.slice(IDENTITY), "\"s3:List*\"");
    assert_eq!(
        s0.action.span.slice(IDENTITY),
        r#"["s3:GetObject", "s3:List*"]"#
    );
    let r = s0.resource.as_ref().unwrap();
    assert_eq!(r.patterns[0].value, "arn:aws:s3:::prod/*");
    assert!(s0.principal.is_none());
    assert!(s0.span.slice(IDENTITY).starts_with("{\n      \"Sid\""));

    // Condition flattened to one entry per (operator, key), in document order; JSON booleans
    // and numbers keep their string forms.
    let c = &s0.conditions;
    assert_eq!(c.len(), 4);
    assert_eq!(c[0].operator.value.base, BaseOperator::Bool);
    assert_eq!(c[0].operator.span.slice(IDENTITY), "\"Bool\"");
    assert_eq!(c[0].operator_text, "Bool");
    assert_eq!(c[0].key.value, "aws:MultiFactorAuthPresent");
    assert_eq!(
        c[0].key.span.slice(IDENTITY),
        "\"aws:MultiFactorAuthPresent\""
    );
    assert_eq!(c[0].values[0].value, "true");
    assert_eq!(c[0].values[0].span.slice(IDENTITY), "true");
    assert_eq!(c[1].values[0].value, "3600");
    assert_eq!(c[2].key.value, "aws:PrincipalTag/team");
    assert_eq!(c[2].values.len(), 2);
    assert_eq!(c[3].key.value, "aws:RequestedRegion");

    let s1 = &p.statements[1];
    assert_eq!(s1.label(), "#1");
    assert_eq!(s1.effect.value, Effect::Deny);
    assert!(s1.action.negated);
    assert_eq!(s1.action.patterns[0].value, "iam:*");
    assert!(s1.resource.as_ref().unwrap().negated);
}

#[test]
fn statement_may_be_a_single_object_and_principal_star() {
    let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#;
    let p = clean(text, PolicyKind::Resource);
    assert_eq!(p.statements.len(), 1);
    let pr = p.statements[0].principal.as_ref().unwrap();
    assert!(!pr.negated);
    assert_eq!(pr.values.len(), 1);
    assert_eq!(pr.values[0].kind, PrincipalType::Any);
    assert_eq!(pr.values[0].value.value, "*");
    assert_eq!(pr.span.slice(text), "\"*\"");
}

#[test]
fn principal_map_values_may_be_strings_or_lists() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],"Service":"lambda.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    let p = clean(text, PolicyKind::Resource);
    let pr = p.statements[0].principal.as_ref().unwrap();
    let kinds: Vec<PrincipalType> = pr.values.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        [
            PrincipalType::Aws,
            PrincipalType::Aws,
            PrincipalType::Service,
            PrincipalType::CanonicalUser
        ]
    );
    assert_eq!(pr.values[1].value.span.slice(text), "\"444455556666\"");
}

#[test]
fn trust_policy_has_no_resource() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}"#;
    let p = clean(text, PolicyKind::Trust);
    assert!(p.statements[0].resource.is_none());
    assert_eq!(p.statements[0].conditions[0].key.value, "sts:ExternalId");
}

#[test]
fn operators_parse_with_qualifiers_and_if_exists() {
    let text = policy_with(
        r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a*"},"ForAllValues:StringEquals":{"aws:TagKeys":["x","y"]}}}"#,
    );
    let p = clean(&text, PolicyKind::Identity);
    let c = &p.statements[0].conditions;
    assert_eq!(
        c[0].operator.value,
        ConditionOperator {
            qualifier: Some(SetQualifier::ForAnyValue),
            base: BaseOperator::StringLike,
            if_exists: true
        }
    );
    assert_eq!(c[0].operator_text, "ForAnyValue:StringLikeIfExists");
    assert_eq!(
        c[1].operator.value.qualifier,
        Some(SetQualifier::ForAllValues)
    );
}

#[test]
fn condition_keys_keep_their_written_case() {
    let text = policy_with(
        r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"AWS:RequestedRegion":"eu-west-1"}}}"#,
    );
    let p = clean(&text, PolicyKind::Identity);
    assert_eq!(
        p.statements[0].conditions[0].key.value,
        "AWS:RequestedRegion"
    );
}

#[test]
fn version_2008_and_missing_are_kept() {
    let text = r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(
        clean(text, PolicyKind::Identity).version,
        PolicyVersion::V2008_10_17
    );
    let text = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    let (p, parsed) = accepted(text, PolicyKind::Identity);
    assert_eq!(p.version, PolicyVersion::Missing);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, "missing-version");
}

// ---- grammar errors: IAM refuses the document ----

#[test]
fn malformed_json_is_an_error_with_position() {
    let text = "{\"Version\": \"2012-10-17\",\n \"Statement\": [}";
    let parsed = parse_text(text, PolicyKind::Identity);
    assert!(parsed.policy.is_none());
    assert_eq!(parsed.diagnostics.len(), 1);
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, "json-syntax");
    assert_eq!(d.span.unwrap().slice(text), "}");
}

#[test]
fn missing_effect() {
    let d = assert_diag_full(
        &policy_with(r#"{"Action":"s3:*","Resource":"*"}"#),
        PolicyKind::Identity,
        "missing-effect",
        Severity::Error,
        "the statement has no `Effect` element",
        "{",
    );
    assert_eq!(d.path.to_string(), "$.Statement[0]");
}

#[test]
fn invalid_effect_suggests_the_right_case() {
    let d = assert_diag_full(
        &policy_with(r#"{"Effect":"allow","Action":"s3:*","Resource":"*"}"#),
        PolicyKind::Identity,
        "invalid-effect",
        Severity::Error,
        "`allow` is not an effect",
        "\"allow\"",
    );
    assert!(d.help.unwrap().contains("\"Allow\""));
    assert_eq!(d.path.to_string(), "$.Statement[0].Effect");
}

#[test]
fn both_action_and_not_action() {
    assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}"#),
        PolicyKind::Identity,
        "both-action-and-not-action",
        Severity::Error,
        "a statement cannot have both `Action` and `NotAction`",
        "\"NotAction\"",
    );
}

#[test]
fn both_resource_and_not_resource() {
    assert_diag(
        &policy_with(r#"{"Effect":"Allow","Action":"s3:*","NotResource":"*","Resource":"*"}"#),
        PolicyKind::Identity,
        "both-resource-and-not-resource",
        "\"Resource\"",
    );
}

#[test]
fn missing_action_and_missing_resource() {
    let text = policy_with(r#"{"Effect":"Allow"}"#);
    assert_diag(&text, PolicyKind::Identity, "missing-action", "{");
    assert_diag(&text, PolicyKind::Identity, "missing-resource", "{");
}

#[test]
fn unknown_element_suggests_the_known_one() {
    let d = assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","action":"s3:*","Action":"s3:*","Resource":"*"}"#),
        PolicyKind::Identity,
        "unknown-element",
        Severity::Error,
        "unknown element `action` in a statement",
        "\"action\"",
    );
    assert!(d.help.unwrap().contains("`Action`"));
    let d = assert_diag(
        r#"{"Version":"2012-10-17","Statment":[]}"#,
        PolicyKind::Identity,
        "unknown-element",
        "\"Statment\"",
    );
    assert!(d.help.unwrap().contains("`Statement`"));
}

#[test]
fn missing_statement() {
    assert_diag(
        r#"{"Version":"2012-10-17"}"#,
        PolicyKind::Identity,
        "missing-statement",
        "{",
    );
}

#[test]
fn document_must_be_an_object() {
    assert_diag(
        r#"["Allow"]"#,
        PolicyKind::Identity,
        "invalid-document-type",
        r#"["Allow"]"#,
    );
}

#[test]
fn wrong_element_types() {
    let text = policy_with(r#"{"Effect":"Allow","Action":5,"Resource":["*", true]}"#);
    assert_diag(&text, PolicyKind::Identity, "invalid-element-type", "5");
    assert_diag(&text, PolicyKind::Identity, "invalid-element-type", "true");
}

#[test]
fn empty_lists_are_refused() {
    let text = policy_with(r#"{"Effect":"Allow","Action":[],"Resource":"*"}"#);
    assert_diag(&text, PolicyKind::Identity, "empty-element", "[]");
    assert_diag(
        r#"{"Version":"2012-10-17","Statement":[]}"#,
        PolicyKind::Identity,
        "empty-element",
        "[]",
    );
}

#[test]
fn bad_version_value() {
    assert_diag_full(
        r#"{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        PolicyKind::Identity,
        "invalid-version",
        Severity::Error,
        "`2012-10-18` is not a policy language version",
        "\"2012-10-18\"",
    );
}

#[test]
fn unknown_condition_operator_with_did_you_mean() {
    let d = assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"bob"}}}"#,
        ),
        PolicyKind::Identity,
        "unknown-condition-operator",
        Severity::Error,
        "unknown condition operator `StringEqual`",
        "\"StringEqual\"",
    );
    assert!(d.help.unwrap().contains("`StringEquals`"));
    assert_eq!(d.path.to_string(), "$.Statement[0].Condition.StringEqual");
}

#[test]
fn null_if_exists_is_an_error() {
    // F112
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:TokenIssueTime":"true"}}}"#,
        ),
        PolicyKind::Identity,
        "null-with-if-exists",
        Severity::Error,
        "the `Null` operator cannot take `IfExists`",
        "\"NullIfExists\"",
    );
}

#[test]
fn principal_in_identity_policy() {
    // F115
    assert_diag_full(
        &policy_with(r#"{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}"#),
        PolicyKind::Identity,
        "principal-not-allowed",
        Severity::Error,
        "`Principal` is not allowed in an identity-based policy",
        "\"Principal\"",
    );
}

#[test]
fn not_principal_in_trust_policy() {
    // F39
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}"#,
        ),
        PolicyKind::Trust,
        "not-principal-not-allowed",
        Severity::Error,
        "`NotPrincipal` is not allowed in a role trust policy",
        "\"NotPrincipal\"",
    );
}

#[test]
fn resource_in_trust_policy() {
    // F111
    assert_diag_full(
        &policy_with(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Resource":"*"}"#,
        ),
        PolicyKind::Trust,
        "resource-not-allowed",
        Severity::Error,
        "`Resource` is not allowed in a role trust policy",
        "\"Resource\"",
    );
}

#[test]
fn missing_principal_in_resource_and_trust_policies() {
    let text = policy_with(r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#);
    assert_diag(&text, PolicyKind::Resource, "missing-principal", "{");
    let text = policy_with(r#"{"Effect":"Allow","Action":"sts:AssumeRole"}"#);
    assert_diag(&text, PolicyKind::Trust, "missing-principal", "{");
}

#[test]
fn id_in_identity_policy() {
    // F115
    assert_diag(
        r#"{"Version":"2012-10-17","Id":"x","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        PolicyKind::Identity,
        "id-not-allowed",
        "\"Id\"",
    );
    let p = clean(
        r#"{"Version":"2012-10-17","Id":"x","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
        PolicyKind::Resource,
    );
    assert_eq!(p.id.unwrap().value, "x");
}

#[test]
fn bad_condition_values() {
    let text = policy_with(
        r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":1}, "aws:userid": [null]}}}"#,
    );
    assert_diag(
        &text,
        PolicyKind::Identity,
        "invalid-condition-value",
        r#"{"a":1}"#,
    );
    assert_diag(
        &text,
        PolicyKind::Identity,
        "invalid-condition-value",
        "null",
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "a-b", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*"},
    {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*",
     "Condition": {"StringEqualsX": {"k:k": "v"}, "NullIfExists": {"k:j": "true"}}},
    {"Effect": "Permit", "Resource": "*", "Extra": 1}
  ]
}"#;
    let parsed = parse_text(text, PolicyKind::Identity);
    assert!(parsed.policy.is_none());
    // Every error, in document order.
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "missing-effect",
            "invalid-sid",
            "both-action-and-not-action",
            "principal-not-allowed",
            "unknown-condition-operator",
            "null-with-if-exists",
            "missing-action",
            "invalid-effect",
            "unknown-element",
        ]
    );
}

#[test]
fn duplicate_keys_are_errors_in_text_and_nodes() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
    let d = assert_diag_full(
        text,
        PolicyKind::Identity,
        "duplicate-key",
        Severity::Error,
        "duplicate key `Effect` (first written on line 1)",
        "\"Effect\"",
    );
    assert_eq!(
        d.span.unwrap().start as usize,
        text.rfind("\"Effect\"").unwrap()
    );
    let parsed = parse_text(text, PolicyKind::Identity);
    // Reported once, not by both the JSON reader and the policy parser.
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == "duplicate-key")
            .count(),
        1
    );
}

#[test]
fn parse_node_points_into_the_whole_file_with_relative_paths() {
    let file = r#"{"roles": [{"name": "r", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Resource": "*"}]}}]}"#;
    let root = json::parse(file).node.unwrap();
    let node = root.get("roles").unwrap().as_array().unwrap()[0]
        .get("trustPolicy")
        .unwrap();
    let parsed = parse_node(node, Arc::from(file), PolicyKind::Trust);
    assert!(parsed.policy.is_none());
    let d = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "resource-not-allowed")
        .unwrap();
    assert_eq!(d.path.to_string(), "$.Statement[0].Resource");
    assert_eq!(d.span.unwrap().slice(file), "\"Resource\"");

    // And a clean one keeps the file as its text.
    let ok = file.replace(", \"Resource\": \"*\"", "");
    let root = json::parse(&ok).node.unwrap();
    let node = root.get("roles").unwrap().as_array().unwrap()[0]
        .get("trustPolicy")
        .unwrap();
    let parsed = parse_node(node, Arc::from(ok.as_str()), PolicyKind::Trust);
    let p = parsed.policy.unwrap();
    assert_eq!(&*p.text, ok.as_str());
    assert_eq!(p.span.slice(&p.text), node.span.slice(&ok));
}

#[test]
fn positions_in_pasted_text_with_crlf_and_non_ascii() {
    // é (U+00E9) is allowed in policy text; lines end in CRLF as pasted from Windows.
    let text = "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": [{\"Sid\": \"Caf\u{e9}\", \"Effect\": \"Alow\",\r\n  \"Action\": \"s3:*\", \"Resource\": \"*\"}]\r\n}";
    let parsed = parse_text(text, PolicyKind::Identity);
    let d = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-effect")
        .unwrap();
    let span = d.span.unwrap();
    assert_eq!(span.slice(text), "\"Alow\"");
    let idx = LineIndex::new(text);
    let pos = idx.position(text, span.start);
    assert_eq!(pos.line, 3);
    // `  "Statement": [{"Sid": "Café", "Effect": ` is 42 characters.
    assert_eq!(pos.column, 43);
    assert_eq!(pos.column_utf16, 43);
    // The Sid with é is refused by IAM's Sid rule, but é itself is a valid character.
    assert!(parsed
        .diagnostics
        .iter()
        .all(|d| d.code != "invalid-character"));
    assert!(parsed.diagnostics.iter().any(|d| d.code == "invalid-sid"));
}

#[test]
fn characters_outside_latin1_are_errors_with_utf16_columns() {
    // F114: the emoji is outside U+0020–U+00FF; the en dash escape too.
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::b/\u{1F600}x\", \"Sid\": \"A\\u2013B\"}]}";
    let parsed = parse_text(text, PolicyKind::Identity);
    assert!(parsed.policy.is_none());
    let d = assert_diag_full(
        text,
        PolicyKind::Identity,
        "invalid-character",
        Severity::Error,
        "the character U+1F600 is not allowed in a policy",
        "\u{1F600}",
    );
    assert_eq!(d.path.to_string(), "$.Statement[0].Resource");
    assert_diag(text, PolicyKind::Identity, "invalid-character", "\\u2013");
    let idx = LineIndex::new(text);
    let x = text.find('x').unwrap() as u32;
    let pos = idx.position(text, x);
    assert_eq!(
        pos.column_utf16,
        pos.column + 1,
        "the emoji is two UTF-16 units"
    );
}
