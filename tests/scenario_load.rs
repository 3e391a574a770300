//! Loading scenarios: unknown fields with their JSON path and a "did you mean", broken
//! references, duplicates, ids, and positions inside pasted policy strings (scenario-format.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_playground::scenario::{check, Report};

fn codes(r: &Report) -> Vec<(String, String, u32, u32)> {
    r.diagnostics
        .iter()
        .map(|d| {
            let p = d.start.unwrap();
            (
                d.diagnostic.code.clone(),
                d.diagnostic.path.to_string(),
                p.line,
                p.column,
            )
        })
        .collect()
}

fn with_accounts(accounts: &str, steps: &str) -> String {
    format!(
        "{{\"format\": \"iam-playground/scenario@1\", \"title\": \"t\",\n\"accounts\": {accounts},\n\"steps\": {steps}}}"
    )
}

const USER_STEP: &str = r#"[{"as": "arn:aws:iam::111111111111:user/John"}]"#;

#[test]
fn a_valid_minimal_scenario_has_no_diagnostics() {
    let text = with_accounts(
        r#"[{"id": "111111111111", "users": [{"name": "John"}]}]"#,
        USER_STEP,
    );
    let r = check("s.json", &text);
    assert!(!r.invalid, "{:?}", r.diagnostics);
    assert!(r.diagnostics.is_empty());
}

#[test]
fn unknown_fields_are_rejected_with_path_and_suggestion() {
    let text = with_accounts(
        r#"[{"id": "111111111111", "users": [{"name": "John", "grups": ["Dev"]}]}]"#,
        USER_STEP,
    );
    let r = check("s.json", &text);
    assert!(r.invalid);
    let d = &r.diagnostics[0];
    assert_eq!(d.diagnostic.code, "unknown-field");
    assert_eq!(
        d.diagnostic.path.to_string(),
        "$.accounts[0].users[0].grups"
    );
    assert_eq!(d.diagnostic.help.as_deref(), Some("did you mean `groups`?"));
    assert_eq!(d.start.unwrap().line, 2);
}

#[test]
fn broken_references_name_the_target_and_suggest() {
    let text = with_accounts(
        r#"[{"id": "111111111111",
             "groups": [{"name": "Developers"}],
             "managedPolicies": [{"name": "S3Access", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}],
             "users": [{"name": "John", "groups": ["Developer"], "managedPolicies": ["S3Acess", "arn:aws:iam::aws:policy/ReadOnlyAcess"]}]}]"#,
        r#"[{"as": "arn:aws:iam::111111111111:user/Jon"}, {"assumeRole": "arn:aws:iam::111111111111:role/Nope"}]"#,
    );
    let r = check("s.json", &text);
    let c = codes(&r);
    let find = |code: &str| {
        r.diagnostics
            .iter()
            .filter(|d| d.diagnostic.code == code)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find("unknown-group")[0].diagnostic.help.as_deref(),
        Some("did you mean `Developers`?")
    );
    let managed = find("unknown-managed-policy");
    assert_eq!(managed.len(), 1, "{c:?}");
    assert_eq!(
        managed[0].diagnostic.help.as_deref(),
        Some("did you mean `S3Access`?")
    );
    let aws = find("unknown-aws-managed-policy");
    assert_eq!(aws.len(), 1, "{c:?}");
    assert_eq!(
        aws[0].diagnostic.help.as_deref(),
        Some("did you mean `arn:aws:iam::aws:policy/ReadOnlyAccess`?")
    );
    assert_eq!(
        aws[0].diagnostic.path.to_string(),
        "$.accounts[0].users[0].managedPolicies[1]"
    );
    assert_eq!(
        find("unknown-identity")[0].diagnostic.help.as_deref(),
        Some("did you mean `arn:aws:iam::111111111111:user/John`?")
    );
    assert_eq!(find("unknown-role").len(), 1);
}

#[test]
fn duplicates_and_account_ids() {
    let text = with_accounts(
        r#"[{"id": "11111111111", "users": [{"name": "John"}, {"name": "john"}],
             "resources": [{"arn": "arn:aws:s3:::b"}, {"arn": "arn:aws:s3:::b"}]}]"#,
        r#"[{"as": "arn:aws:iam::11111111111:root"}]"#,
    );
    let r = check("s.json", &text);
    let c: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| d.diagnostic.code.clone())
        .collect();
    assert!(c.contains(&"bad-account-id".to_string()), "{c:?}");
    assert!(c.contains(&"duplicate-name".to_string()), "{c:?}");
    assert!(c.contains(&"duplicate-resource".to_string()), "{c:?}");
}

#[test]
fn positions_inside_a_pasted_policy_string_map_back_to_the_file() {
    // The inline policy is pasted as a string; its statement lacks `Effect`.
    let pasted = r#""{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}""#;
    let text = with_accounts(
        &format!(
            "[{{\"id\": \"111111111111\", \"users\": [{{\"name\": \"John\",\n \"inlinePolicies\": [{{\"name\": \"P\", \"document\": {pasted}}}]}}]}}]"
        ),
        USER_STEP,
    );
    let r = check("s.json", &text);
    assert!(r.invalid);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.diagnostic.severity == iam_playground::diag::Severity::Error)
        .unwrap();
    assert!(
        d.diagnostic
            .path
            .to_string()
            .starts_with("$.accounts[0].users[0].inlinePolicies[0].document"),
        "{}",
        d.diagnostic.path
    );
    // The error points inside the string on the file's line 3 (the pasted text is one line of
    // the file), at the statement object `{` after `[`.
    let p = d.start.unwrap();
    let line3 = text.lines().nth(2).unwrap();
    assert_eq!(p.line, 3);
    let col = line3.find("[{\\\"Action").unwrap() + 2;
    assert_eq!(p.column as usize, col, "{d}");
}

#[test]
fn steps_need_one_action_and_the_first_is_as() {
    let text = with_accounts(
        r#"[{"id": "111111111111", "users": [{"name": "John"}]}]"#,
        r#"[{"call": "s3:GetObject"}, {"as": "arn:aws:iam::111111111111:user/John", "expect": "alowed"}, {"exitRole": true}, {"advanceTime": "P1M"}]"#,
    );
    let r = check("s.json", &text);
    let c: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| d.diagnostic.code.clone())
        .collect();
    assert!(c.contains(&"first-step-not-as".to_string()), "{c:?}");
    assert!(c.contains(&"bad-expect".to_string()), "{c:?}");
    assert!(c.contains(&"nothing-to-exit".to_string()), "{c:?}");
    assert!(c.contains(&"bad-duration".to_string()), "{c:?}");
}

#[test]
fn a_duplicate_key_inside_a_policy_is_reported_once() {
    let text = with_accounts(
        r#"[{"id": "111111111111", "users": [{"name": "John", "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}}]}]}]"#,
        USER_STEP,
    );
    let r = check("s.json", &text);
    let dups: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.code == "duplicate-key")
        .collect();
    assert_eq!(dups.len(), 1, "{:?}", r.diagnostics);
    assert!(r.invalid);
}

#[test]
fn session_tag_limits_are_sts_errors_not_scenario_errors() {
    // 51 session tags are refused by STS when the step runs (ValidationError), so the scenario
    // itself stays valid; 51 tags on a user are refused by IAM and make it invalid.
    let tags: Vec<String> = (0..51).map(|i| format!("\"k{i}\": \"v\"")).collect();
    let tags = tags.join(", ");
    let text = with_accounts(
        r#"[{"id": "111111111111", "users": [{"name": "John"}], "roles": [{"name": "R", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}]}]"#,
        &format!(
            r#"[{{"as": "arn:aws:iam::111111111111:user/John"}}, {{"assumeRole": "arn:aws:iam::111111111111:role/R", "tags": {{{tags}}}}}]"#
        ),
    );
    assert!(!check("s.json", &text).invalid);
    let text = with_accounts(
        &format!(
            r#"[{{"id": "111111111111", "users": [{{"name": "John", "tags": {{{tags}}}}}]}}]"#
        ),
        USER_STEP,
    );
    let r = check("s.json", &text);
    assert!(r.invalid);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.diagnostic.code == "too-many-tags"));
}

#[test]
fn inline_policies_count_against_their_owner_aggregate_limit() {
    // A.9 / IAM quotas: a user's inline policies add up to at most 2,048 characters (whitespace
    // not counted); a role's to 10,240.
    let actions: Vec<String> = (0..120)
        .map(|i| format!("\"s3:GetObjectVersionTagging{i}\""))
        .collect();
    let doc = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}"#,
        actions.join(", ")
    );
    let user = with_accounts(
        &format!(
            r#"[{{"id": "111111111111", "users": [{{"name": "John", "inlinePolicies": [{{"name": "p", "document": {doc}}}]}}]}}]"#
        ),
        USER_STEP,
    );
    let r = check("s.json", &user);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.diagnostic.code == "inline-policies-too-large"),
        "{:?}",
        r.diagnostics
    );
    assert!(r.invalid);
    let role = with_accounts(
        &format!(
            r#"[{{"id": "111111111111", "users": [{{"name": "John"}}], "roles": [{{"name": "R", "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "111111111111"}}, "Action": "sts:AssumeRole"}}]}}, "inlinePolicies": [{{"name": "p", "document": {doc}}}]}}]}}]"#
        ),
        USER_STEP,
    );
    let r = check("s.json", &role);
    assert!(!r.invalid, "{:?}", r.diagnostics);
}

#[test]
fn a_trust_policy_naming_a_missing_user_of_the_scenario_is_refused() {
    // IAM: "Invalid principal in policy" when a named user or role does not exist. Pasted
    // policies are placed inside their string.
    let trust = r#""{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:user/Jhon\"}, \"Action\": \"sts:AssumeRole\"}]}""#;
    let text = with_accounts(
        &format!(
            r#"[{{"id": "111111111111", "users": [{{"name": "John"}}], "roles": [{{"name": "R", "trustPolicy": {trust}}}]}}]"#
        ),
        USER_STEP,
    );
    let r = check("s.json", &text);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.diagnostic.code == "invalid-principal")
        .unwrap();
    assert_eq!(
        d.diagnostic.help.as_deref(),
        Some("did you mean `arn:aws:iam::111111111111:user/John`?")
    );
    assert_eq!(
        d.diagnostic.path.to_string(),
        "$.accounts[0].roles[0].trustPolicy.Statement[0].Principal"
    );
    let at = text.find("arn:aws:iam::111111111111:user/Jhon").unwrap();
    assert_eq!(
        d.start.unwrap().offset as usize,
        at - 2,
        "points at the quoted ARN inside the pasted string"
    );
    // Principals of accounts outside the scenario are not checked (they may exist).
    let text = text.replace("111111111111:user/Jhon", "222222222222:user/Jhon");
    assert!(!check("s.json", &text).invalid);
}

#[test]
fn every_loader_diagnostic_code_is_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/scenario-diagnostics.md")).unwrap();
    let mut missing = Vec::new();
    let mut found = 0;
    for entry in std::fs::read_dir(root.join("src/scenario/load"))
        .unwrap()
        .flatten()
    {
        let src = std::fs::read_to_string(entry.path()).unwrap();
        let mut expecting = false;
        for line in src.lines() {
            let t = line.trim();
            if t.contains("self.error(")
                || t.contains("self.error_help(")
                || t.contains("self.warning(")
            {
                expecting = true;
            }
            if expecting {
                if let Some(start) = t.find('"') {
                    let rest = &t[start + 1..];
                    let code = &rest[..rest.find('"').unwrap()];
                    if code.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                        && code.contains('-')
                    {
                        found += 1;
                        if !doc.contains(&format!("`{code}`")) {
                            missing.push(code.to_string());
                        }
                        expecting = false;
                    }
                }
            }
        }
    }
    assert!(found > 40, "the scan found only {found} codes");
    assert!(missing.is_empty(), "undocumented codes: {missing:?}");
}

#[test]
fn an_invalid_scenario_runs_the_steps_that_do_not_depend_on_a_broken_document() {
    // scenario-format.md: "the steps that depend on the broken document are not evaluated".
    let text = with_accounts(
        r#"[{"id": "111111111111",
             "users": [
               {"name": "good", "inlinePolicies": [{"name": "ok", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]},
               {"name": "bad", "inlinePolicies": [{"name": "broken", "document": {"Version": "2012-10-17", "Statement": [{"Action": "s3:*", "Resource": "*"}]}}]}],
             "roles": [{"name": "R", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}]}]"#,
        r#"[{"as": "arn:aws:iam::111111111111:user/good"},
            {"call": "s3:ListAllMyBuckets", "expect": "allowed"},
            {"as": "arn:aws:iam::111111111111:user/bad"},
            {"call": "s3:ListAllMyBuckets", "expect": "allowed"},
            {"assumeRole": "arn:aws:iam::111111111111:role/R"},
            {"call": "s3:ListAllMyBuckets"},
            {"as": "arn:aws:iam::111111111111:user/good"},
            {"assumeRole": "arn:aws:iam::111111111111:role/R", "expect": "allowed"}]"#,
    );
    let r = iam_playground::scenario::simulate("s.json", &text);
    assert!(r.invalid);
    let decisions: Vec<Option<&str>> = r.steps.iter().map(|s| s.decision.as_deref()).collect();
    assert_eq!(
        decisions,
        [
            None,
            Some("allowed"),
            None,
            None,
            None,
            None,
            None,
            Some("allowed")
        ]
    );
    for i in [3, 4, 5] {
        let why = r.steps[i].not_evaluated.as_deref().unwrap();
        assert!(
            why.contains("$.accounts[0].users[1].inlinePolicies[0].document"),
            "{why}"
        );
    }
    assert_eq!((r.expectations.met, r.expectations.failed), (2, 0));
    // An error outside policy documents runs nothing.
    let text = text.replace("\"title\": \"t\"", "\"title\": \"t\", \"extra\": 1");
    assert!(iam_playground::scenario::simulate("s.json", &text)
        .steps
        .is_empty());
}
