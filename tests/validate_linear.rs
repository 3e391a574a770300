//! Validation and diagnostic positions keep their findings while their cost grows linearly.
//!
//! The documents are generated (deterministically) with many findings of every kind: duplicate
//! and invalid Sids, redundant and covered actions and resources, duplicate condition keys,
//! `ForAllValues` with and without a `Null` guard, unknown elements and operators ("did you
//! mean"), duplicate keys, type mismatches, variables where IAM does not substitute them…
//!
//! The golden files in `tests/validate_golden/` hold the findings (with their line and column
//! positions) that the validator reported for these documents *before* it was made linear, so
//! these tests prove the linear algorithms report exactly the same findings, in the same order.
//! For the 2,000-statement documents the golden file holds a digest of the findings and their
//! count per code (the findings themselves would be megabytes).
//!
//! Timings are not asserted here (the machine is shared); `benches/validate.rs` prints them.
//!
//! To write the golden files again (only when a finding is meant to change), run
//! `IAM_WRITE_GOLDEN=1 cargo test --test validate_linear` and review the diff.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iam_playground::diag::{Diagnostic, LocatedDiagnostic};
use iam_playground::json;
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse::parse_node;
use iam_playground::policy::parse_text;
use iam_playground::source::LineIndex;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Statement `i` of the generated identity policy (16 shapes, each with findings).
fn identity_statement(i: usize) -> String {
    match i % 16 {
        0 => format!(
            r#"{{"Sid":"S{i}","Effect":"Allow","Action":["s3:GetObject","s3:Get*","s3:GetObject","S3:getobject"],"Resource":"arn:aws:s3:::bucket{i}/*"}}"#
        ),
        1 => format!(
            r#"{{"Sid":"Dup","Effect":"Allow","Action":"ec2:Describe*","Resource":["arn:aws:ec2:*:*:instance/*","arn:aws:ec2:*:*:instance/i-{i}","*"]}}"#
        ),
        2 => format!(
            r#"{{"Sid":"Bad-{i}é","Effect":"Deny","Action":"*:Get*","Resource":"arn:aws:s3:::b/${{aws:username}}"}}"#
        ),
        3 => r#"{"Effect":"Allow","Action":["iam:*","iam:PassRole","iam:Pass?ole","iam:Pass*"],"Resource":"arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}/*","Condition":{"StringEquals":{"aws:username":"a*","AWS:Username":"b"},"ForAllValues:StringLike":{"aws:TagKeys":["t*"]}}}"#.to_string(),
        4 => format!(
            r#"{{"Sid":"S{i}","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":["false","true"]}}}}}}"#
        ),
        5 => r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bkt","Condition":{"NumericLessThan":{"s3:max-keys":"ten"},"DateGreaterThan":{"aws:CurrentTime":"yesterday"},"IpAddress":{"aws:SourceIp":"300.1.1.1"},"StringEquals":{"aws:TagKeys":"x"},"ForAnyValue:StringEquals":{"aws:username":"u"},"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"Null":{"aws:TagKeys":"false"}}}"#.to_string(),
        6 => format!(
            r#"{{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-{i}","Condition":{{"StringEqualz":{{"aws:username":"x"}}}}}}"#
        ),
        7 => r#"{"Effect":"Allow","Acton":"s3:GetObject","Action":"s3:PutObject","Resource":"arn:aws:s3:::x/*"}"#.to_string(),
        8 => r#"{"Effect":"Allow","Action":"s3:GetObject","Action":"s3:PutObject","Resource":"arn:aws:s3:::x/*"}"#.to_string(),
        9 => r#"{"Effect":"allow","Action":"s3GetObject","Resource":"bucket"}"#.to_string(),
        10 => format!(
            r#"{{"Effect":"Allow","Action":["kms:Decrypt","kms:Decrypt","kms:*","kms:Encrypt{i}"],"NotResource":["arn:aws:kms:*:*:key/*","arn:aws:kms:*:*:key/*"]}}"#
        ),
        11 => r#"{"Sid":"","Effect":"Allow","Action":"s3:Get${aws:username}","Resource":"arn:aws:s3:::😀/\u2013"}"#.to_string(),
        12 => r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username","Condition":{"ArnLike":{"aws:SourceArn":"notarn"},"BinaryEquals":{"aws:x":"!!"},"Null":{"aws:TokenIssueTime":"maybe"}}}"#.to_string(),
        13 => r#"{"Effect":"Allow","Action":["s3:Get*","s3:*","s3:Get*"],"Resource":["arn:aws:s3:::b/a/*","arn:aws:s3:::b/*","arn:aws:s3:::B/*"]}"#.to_string(),
        14 => r#"{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringLike":{"aws:userid":"AIDA*:${aws:username}"},"StringNotEquals":{"aws:userid":"a?b${*}"}}}"#.to_string(),
        _ => format!(
            r#"{{"Sid":"Dup","Effect":"Allow","Action":["ec2:*","ec2:RunInstances","ec2:Run{i}"],"Resource":"*"}}"#
        ),
    }
}

/// Statement `i` of the generated resource-based policy (8 shapes).
fn resource_statement(i: usize) -> String {
    match i % 8 {
        0 => format!(
            r#"{{"Sid":"R{i}","Effect":"Allow","Principal":{{"AWS":["arn:aws:iam::111122223333:root","111122223333","arn:aws:iam::111122223333:group/g","arn:aws:iam::*:root"]}},"Action":["s3:GetObject","s3:Get*"],"Resource":"arn:aws:s3:::b/*"}}"#
        ),
        1 => format!(
            r#"{{"Sid":"R{i}","Effect":"Allow","NotPrincipal":{{"AWS":"arn:aws:iam::111122223333:user/u"}},"Action":"s3:*","Resource":"*"}}"#
        ),
        2 => r#"{"Effect":"Allow","Principal":{"Service":"lambda"},"Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:111122223333:q"}"#.to_string(),
        3 => r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-1"}}}"#.to_string(),
        4 => r#"{"Effect":"Deny","Principal":{"AWS":"${aws:username}"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}"#.to_string(),
        5 => r#"{"Effect":"Allow","Principal":{"AWS":"AIDAEXAMPLEEXAMPLE1"},"Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b/*"]}"#.to_string(),
        6 => r#"{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com","Servce":"x"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#.to_string(),
        _ => r#"{"Sid":"Dup","Effect":"Allow","Principal":"AWS","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#.to_string(),
    }
}

/// Statement `i` of the generated role trust policy (4 shapes).
fn trust_statement(i: usize) -> String {
    match i % 4 {
        0 => r#"{"Sid":"T","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["sts:AssumeRole","s3:GetObject","sts:*"]}"#.to_string(),
        1 => r#"{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}"#.to_string(),
        2 => r#"{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/p"},"Action":"sts:AssumeRole","Resource":"*"}"#.to_string(),
        _ => r#"{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}"#.to_string(),
    }
}

/// A policy document of `n` statements, one per line (so lines and columns vary).
fn document(head: &str, n: usize, statement: fn(usize) -> String) -> String {
    let body: Vec<String> = (0..n).map(|i| format!("    {}", statement(i))).collect();
    format!(
        "{{{head}\n  \"Statement\": [\n{}\n  ]\n}}\n",
        body.join(",\n")
    )
}

/// The documents checked, by name: (text, kind): an identity policy of `n` statements, a
/// resource-based policy of `n / 4` and a role trust policy of `n / 10`. Each kind has its own
/// document-level findings (`Id` where IAM refuses it, variables literal under 2008-10-17, a
/// missing `Version`, a trust policy over its size limit).
fn documents(n: usize) -> Vec<(&'static str, String, PolicyKind)> {
    vec![
        (
            "identity",
            document(
                "\"Version\":\"2012-10-17\",\"Id\":\"x\",",
                n,
                identity_statement,
            ),
            PolicyKind::Identity,
        ),
        (
            "resource",
            document("\"Version\":\"2008-10-17\",", n / 4, resource_statement),
            PolicyKind::Resource,
        ),
        (
            "trust",
            document("", n / 10, trust_statement),
            PolicyKind::Trust,
        ),
    ]
}

/// The findings of `text` placed in it, as the CLI and the page receive them.
fn located(file: &str, text: &str, diags: Vec<Diagnostic>) -> Vec<LocatedDiagnostic> {
    let index = LineIndex::new(text);
    diags
        .into_iter()
        .map(|d| LocatedDiagnostic::locate(file, text, &index, d))
        .collect()
}

/// Every finding of every generated document of `n` statements, pasted as text; with
/// `in_file`, also each document written as an object inside a larger (scenario-like) file,
/// where spans and positions point into the whole file.
fn findings(n: usize, in_file: bool) -> Vec<LocatedDiagnostic> {
    let mut out = Vec::new();
    for (name, text, kind) in documents(n) {
        let parsed = parse_text(&text, kind);
        out.extend(located(name, &text, parsed.diagnostics));
        if !in_file {
            continue;
        }
        let file = format!(
            "{{\n  \"title\": \"t\",\n  \"policies\": {{\n    \"{name}\": {text}  }}\n}}\n"
        );
        let root = json::parse(&file).node.expect("the file is JSON");
        let node = root.get("policies").and_then(|p| p.get(name)).unwrap();
        let parsed = parse_node(node, Arc::from(file.as_str()), kind);
        out.extend(located(
            &format!("{name}-in-file"),
            &file,
            parsed.diagnostics,
        ));
    }
    out
}

/// One finding on one line: where (line:column in characters, then in UTF-16 units, then byte
/// and UTF-16 offsets, start-end), severity, code, JSON path, message and help.
fn line(d: &LocatedDiagnostic) -> String {
    let pos = |p: Option<iam_playground::source::Position>| match p {
        Some(p) => format!(
            "{}:{}/{} @{}/{}",
            p.line, p.column, p.column_utf16, p.offset, p.offset_utf16
        ),
        None => "-".to_string(),
    };
    let diag = &d.diagnostic;
    format!(
        "{} {} .. {} {}[{}] {}: {} || {}",
        d.file,
        pos(d.start),
        pos(d.end),
        diag.severity,
        diag.code,
        diag.path,
        diag.message,
        diag.help.as_deref().unwrap_or("-")
    )
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/validate_golden")
        .join(name)
}

/// Compares `actual` with the golden file `name`, or writes it when `IAM_WRITE_GOLDEN` is set.
fn check_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("IAM_WRITE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// FNV-1a, 64 bits: a stable digest of a long text.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The number of findings per code.
fn counts(found: &[LocatedDiagnostic]) -> BTreeMap<String, usize> {
    let mut by_code = BTreeMap::new();
    for d in found {
        *by_code.entry(d.diagnostic.code.clone()).or_insert(0) += 1;
    }
    by_code
}

#[test]
fn findings_of_200_statements_are_unchanged() {
    let found = findings(200, false);
    // Every shape of finding the generator aims at is there (the golden is not trivially empty).
    let by_code = counts(&found);
    for code in [
        "duplicate-sid",
        "invalid-sid",
        "redundant-action",
        "redundant-resource",
        "duplicate-condition-key",
        "for-all-values-with-allow",
        "multiple-bool-values",
        "unknown-condition-operator",
        "unknown-element",
        "duplicate-key",
        "invalid-character",
        "allow-with-not-principal",
        "trust-policy-invalid-action",
        "policy-size-exceeded",
    ] {
        assert!(by_code.contains_key(code), "no `{code}` in {by_code:?}");
    }
    let text: String = found.iter().map(|d| line(d) + "\n").collect();
    check_golden("findings-200.txt", &text);
}

#[test]
fn findings_of_2000_statements_are_unchanged() {
    let found = findings(2_000, true);
    let text: String = found.iter().map(|d| line(d) + "\n").collect();
    let summary = serde_json::json!({
        "findings": found.len(),
        "fnv1a64": format!("{:016x}", fnv1a(&text)),
        "byCode": counts(&found),
    });
    let summary = serde_json::to_string_pretty(&summary).unwrap();
    check_golden("findings-2000.json", &format!("{summary}\n"));
}

// ---- Documents whose findings used to cost quadratic time ----
//
// Each of these took time growing with the square of its size before validation was made
// linear (seconds to hours in a debug build); the findings are checked against what the
// generator put in.

/// A policy of the given statements.
fn policy_of(statements: impl Iterator<Item = String>) -> String {
    format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[\n{}\n]}}",
        statements.collect::<Vec<_>>().join(",\n")
    )
}

fn with_code<'a>(diags: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    diags.iter().filter(|d| d.code == code).collect()
}

#[test]
fn every_repeated_sid_of_20000_statements_is_found() {
    // Statement 2k+1 repeats the Sid of statement 2k.
    let text = policy_of((0..20_000).map(|i| {
        format!(
            r#"{{"Sid":"S{}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
            i / 2
        )
    }));
    let parsed = parse_text(&text, PolicyKind::Identity);
    let found = with_code(&parsed.diagnostics, "duplicate-sid");
    assert_eq!(found.len(), 10_000);
    for (k, d) in found.iter().enumerate() {
        assert_eq!(
            d.path.to_string(),
            format!("$.Statement[{}].Sid", 2 * k + 1)
        );
        assert_eq!(d.span.unwrap().slice(&text), format!("\"S{k}\""));
    }
}

#[test]
fn every_repeated_condition_key_and_json_key_of_a_large_condition_is_found() {
    // One operator with 5,000 keys, each written again later in another letter case (a
    // duplicate condition key), and 1,000 of them also written again exactly (a duplicate JSON
    // key, an error naming the line of the first).
    let mut keys: Vec<String> = (0..5_000)
        .map(|i| format!("\"aws:PrincipalTag/t{i}\": \"v\""))
        .collect();
    keys.extend((0..5_000).map(|i| format!("\"AWS:PrincipalTag/t{i}\": \"v\"")));
    keys.extend((0..1_000).map(|i| format!("\"aws:PrincipalTag/t{i}\": \"w\"")));
    let text = format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":{{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\n\"Condition\":{{\"StringEquals\":{{\n{}\n}}}}}}}}",
        keys.join(",\n")
    );
    let parsed = parse_text(&text, PolicyKind::Identity);
    let dup_keys = with_code(&parsed.diagnostics, "duplicate-condition-key");
    assert_eq!(dup_keys.len(), 5_000);
    assert!(dup_keys
        .iter()
        .all(|d| d.span.unwrap().slice(&text).starts_with("\"AWS:")));
    let dup_json = with_code(&parsed.diagnostics, "duplicate-key");
    assert_eq!(dup_json.len(), 1_000);
    for (i, d) in dup_json.iter().enumerate() {
        // Key i is on line i + 3 (two lines of statement before the keys).
        assert_eq!(
            d.message,
            format!(
                "duplicate key `aws:PrincipalTag/t{i}` (first written on line {})",
                i + 3
            )
        );
    }
}

#[test]
fn every_variable_of_a_long_string_is_underlined() {
    // 20,000 variables in one resource of a 2008-10-17 policy (where they are literal text),
    // with escapes between them so that positions in the text and in the value differ.
    let resource = format!("arn:aws:s3:::b/{}", "${aws:username}\\/".repeat(20_000));
    let text = format!(
        r#"{{"Version":"2008-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"{resource}"}}]}}"#
    );
    let parsed = parse_text(&text, PolicyKind::Identity);
    let found = with_code(&parsed.diagnostics, "variable-unsupported-in-version");
    assert_eq!(found.len(), 20_000);
    let first = text.find("${").unwrap();
    for (k, d) in found.iter().enumerate() {
        let span = d.span.unwrap();
        assert_eq!(span.start as usize, first + k * "${aws:username}\\/".len());
        assert_eq!(span.slice(&text), "${aws:username}");
    }
}

#[test]
fn thousands_of_actions_in_one_statement_are_checked_for_redundancy() {
    // 3,000 services, each with a wildcard and an action it covers, in one statement, then
    // every wildcard again: 6,000 suggestions, each naming its own cover.
    let mut actions: Vec<String> = (0..3_000)
        .flat_map(|i| [format!("svc{i}:Get*"), format!("svc{i}:GetThing")])
        .collect();
    actions.extend((0..3_000).map(|i| format!("SVC{i}:get*")));
    let list: Vec<String> = actions.iter().map(|a| format!("\"{a}\"")).collect();
    let text = policy_of(std::iter::once(format!(
        r#"{{"Effect":"Allow","Action":[{}],"Resource":"*"}}"#,
        list.join(",")
    )));
    let parsed = parse_text(&text, PolicyKind::Identity);
    let found = with_code(&parsed.diagnostics, "redundant-action");
    assert_eq!(found.len(), 6_000);
    for (i, d) in found.iter().take(3_000).enumerate() {
        assert_eq!(
            d.message,
            format!("redundant action: `svc{i}:GetThing` is covered by `svc{i}:Get*`")
        );
        assert_eq!(
            d.path.to_string(),
            format!("$.Statement[0].Action[{}]", 2 * i + 1)
        );
    }
    for (i, d) in found.iter().skip(3_000).enumerate() {
        assert_eq!(
            d.message,
            format!("redundant action: `SVC{i}:get*` is covered by `svc{i}:Get*`")
        );
    }
    assert!(with_code(&parsed.diagnostics, "redundancy-check-limit").is_empty());
}

#[test]
fn many_wildcards_beginning_alike_stop_the_redundancy_check_and_say_so() {
    // 200 wildcard patterns beginning with `s3:` and covering nothing but themselves: each is
    // compared with 64 of the others, and the suggestion on the element says so.
    let list: Vec<String> = (0..200).map(|i| format!("\"s3:*Thing{i}x\"")).collect();
    let text = policy_of(std::iter::once(format!(
        r#"{{"Effect":"Allow","Action":[{}],"Resource":"*"}}"#,
        list.join(",")
    )));
    let parsed = parse_text(&text, PolicyKind::Identity);
    let limit = with_code(&parsed.diagnostics, "redundancy-check-limit");
    assert_eq!(limit.len(), 1, "{:#?}", parsed.diagnostics);
    let d = limit[0];
    assert_eq!(d.severity, iam_playground::diag::Severity::Suggestion);
    assert_eq!(d.path.to_string(), "$.Statement[0].Action");
    assert!(d.span.unwrap().slice(&text).starts_with("[\"s3:*Thing0x\""));
    assert_eq!(
        d.message,
        "the redundant action check stopped looking for 200 of the 200 actions: each is compared with at most 64 wildcard patterns beginning with the same text, and two patterns only when comparing them takes at most 4194304 steps"
    );
    assert!(parsed.policy.is_some(), "a suggestion keeps the policy");
}

#[test]
fn a_megabyte_operator_name_gets_the_list_of_operators_not_a_suggestion() {
    let name = "StringEqualz".repeat(90_000);
    let text = policy_of(std::iter::once(format!(
        r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"{name}":{{"aws:username":"a"}}}}}}"#
    )));
    let parsed = parse_text(&text, PolicyKind::Identity);
    let found = with_code(&parsed.diagnostics, "unknown-condition-operator");
    assert_eq!(found.len(), 1);
    let help = found[0].help.as_deref().unwrap();
    assert!(
        help.starts_with("use an IAM condition operator such as"),
        "{help}"
    );
    // A short near-miss still gets its suggestion.
    let text = policy_of(std::iter::once(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}"#.to_string(),
    ));
    let parsed = parse_text(&text, PolicyKind::Identity);
    let found = with_code(&parsed.diagnostics, "unknown-condition-operator");
    assert_eq!(
        found[0].help.as_deref(),
        Some("did you mean `StringEquals`? operator names are case-sensitive")
    );
}

#[test]
fn positions_of_findings_through_a_megabyte_line_are_those_counted_from_the_start() {
    // A one-line policy of a megabyte with multi-byte characters and findings all through it.
    let text = policy_of((0..6_000).map(|i| {
        format!(r#"{{"Sid":"S{}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::café-😀-{i}/*"}}"#, i / 2)
    }))
    .replace('\n', "");
    assert!(text.len() > 500_000);
    let parsed = parse_text(&text, PolicyKind::Identity);
    let found = located("one-line", &text, parsed.diagnostics);
    assert!(found.len() > 3_000, "{}", found.len());
    // Counted from the start of the text, in one walk (the findings are in document order).
    let (mut at, mut chars, mut units) = (0, 0, 0);
    for d in &found {
        let start = d.start.unwrap();
        let offset = start.offset as usize;
        let between = &text[at..offset];
        chars += between.chars().count();
        units += between.encode_utf16().count();
        at = offset;
        assert_eq!(start.line, 1);
        assert_eq!(start.column as usize, chars + 1);
        assert_eq!(start.column_utf16 as usize, units + 1);
        assert_eq!(start.offset_utf16 as usize, units);
    }
}
