//! The `iam-playground` binary on real files: exit codes (0 met, 1 not met, 2 invalid), the
//! `--format json` document's shape, `FILE:LINE:COLUMN: message` diagnostics, `validate`, `--help`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_iam-playground"))
}

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iam-playground-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out: Output = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SMALL: &str = r#"{
  "format": "iam-playground/scenario@1",
  "title": "small",
  "accounts": [{"id": "111111111111", "users": [{"name": "u",
    "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}}]}]}],
  "steps": [
    {"as": "arn:aws:iam::111111111111:user/u"},
    {"call": "s3:ListAllMyBuckets", "expect": "EXPECT"}
  ]
}"#;

#[test]
fn simulate_json_has_the_documented_shape_and_exit_0() {
    let f = repo("tests/conformance/01-dev-prod-readonly-mfa.json");
    let (code, out, _) = run(&["simulate", &f, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["title"]
        .as_str()
        .unwrap()
        .starts_with("Dev developers read Prod"));
    assert_eq!(v["expectations"]["met"], 11);
    assert_eq!(v["expectations"]["failed"], 0);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps[0]["index"], 0);
    assert_eq!(steps[0]["kind"], "as");
    assert_eq!(
        steps[0]["principal"],
        "arn:aws:iam::444444444440:user/Tyler-Dev"
    );
    assert!(steps[0].get("decision").is_none());
    // Every assumeRole and call step has a decision; the principal is the caller.
    for s in steps {
        let kind = s["kind"].as_str().unwrap();
        if kind == "assumeRole" || kind == "call" {
            assert!(s["decision"].is_string(), "{s}");
            assert!(s["trace"].is_array());
        }
    }
    assert_eq!(steps[1]["kind"], "assumeRole");
    assert_eq!(steps[1]["decision"], "allowed");
    assert_eq!(steps[1]["met"], true);
    assert_eq!(
        steps[2]["principal"],
        "arn:aws:sts::123456789012:assumed-role/DevReadOnly-CrossAccount/ReadOnlyAccess"
    );
    assert_eq!(steps[5]["action"], "s3:CreateBucket");
    assert_eq!(steps[5]["resource"], "arn:aws:s3:::new-prod-bucket");
    assert_eq!(steps[5]["decision"], "implicitDeny");
    let phases: Vec<&str> = steps[1]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["phase"].as_str().unwrap())
        .collect();
    for p in ["parameters", "context", "authorization", "session"] {
        assert!(phases.contains(&p), "{phases:?}");
    }
}

#[test]
fn simulate_text_is_plain_when_not_a_terminal() {
    let f = repo("tests/conformance/02-crossaccount-access-role-external-id.json");
    let (code, out, _) = run(&["simulate", &f]);
    assert_eq!(code, 0);
    assert!(!out.contains('\x1b'), "no colour when stdout is a pipe");
    assert!(out.contains("sts:AssumeRole"));
    assert!(out.contains("expected allowed: met"));
    assert!(out.contains("Expectations: 9 met, 0 failed"));
}

#[test]
fn an_unmet_expectation_exits_1() {
    let f = temp("unmet.json", &SMALL.replace("EXPECT", "implicitDeny"));
    let (code, out, _) = run(&["simulate", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["expectations"]["failed"], 1);
    assert_eq!(v["steps"][1]["decision"], "allowed");
    assert_eq!(v["steps"][1]["met"], false);
    let ok = temp("met.json", &SMALL.replace("EXPECT", "allowed"));
    assert_eq!(run(&["simulate", ok.to_str().unwrap()]).0, 0);
}

#[test]
fn an_invalid_scenario_exits_2_with_every_diagnostic_placed() {
    let text = SMALL
        .replace("EXPECT", "allowed")
        .replace(
            "\"title\": \"small\",",
            "\"title\": \"small\", \"tittle\": 1,",
        )
        .replace(
            "\"Effect\": \"Allow\", \"Action\": \"s3:ListAllMyBuckets\"",
            "\"Action\": \"s3:ListAllMyBuckets\"",
        );
    let f = temp("invalid.json", &text);
    let name = f.to_str().unwrap();
    let (code, out, err) = run(&["simulate", name]);
    assert_eq!(code, 2);
    assert!(!out.contains("Expectations"));
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with(name)).collect();
    assert!(lines.len() >= 2, "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{name}:3:21: error[unknown-field]"))),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Effect") && l.starts_with(&format!("{name}:5:"))),
        "{err}"
    );
}

#[test]
fn pasted_policy_positions_map_back_in_cli_output() {
    let text = SMALL.replace("EXPECT", "allowed").replace(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
        r#""{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:ListAllMyBuckets\", \"Resource\": \"*\"}]}""#,
    );
    let f = temp("pasted.json", &text);
    let name = f.to_str().unwrap();
    let (code, _, err) = run(&["simulate", name]);
    assert_eq!(code, 2);
    let line5 = text.lines().nth(4).unwrap();
    let col = line5.find("\\\"Alow").unwrap() + 1;
    assert!(
        err.contains(&format!("{name}:5:{col}: error")),
        "expected {name}:5:{col} in {err}"
    );
}

#[test]
fn validate_policies_and_scenarios() {
    let good = temp(
        "good-policy.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let (code, out, _) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("ok"));
    let trust = temp(
        "trust.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#,
    );
    let tname = trust.to_str().unwrap();
    let (code, _, err) = run(&["validate", tname, "--kind", "trust"]);
    assert_eq!(code, 2, "a trust policy has no Resource: {err}");
    assert!(err.starts_with(&format!("{tname}:1:")), "{err}");
    let (code, _, _) = run(&["validate", tname, "--kind", "resource"]);
    assert_eq!(code, 0, "as a resource policy it is fine");
    let sc = repo("tests/conformance/03-security-readonly-role-usera-only.json");
    let (code, out, _) = run(&["validate", &sc, good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let bad = temp(
        "bad-scenario.json",
        &SMALL.replace("\"steps\"", "\"stepz\""),
    );
    let (code, _, err) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `steps`?"), "{err}");
    assert_eq!(run(&["validate", "/nonexistent/file.json"]).0, 2);
}

#[test]
fn help_explains_every_command_with_an_example() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("simulate") && out.contains("validate"));
    assert!(out.contains("Examples:"));
    let (_, sim, _) = run(&["simulate", "--help"]);
    assert!(sim.contains("Example: iam-playground simulate"));
    assert!(sim.contains("--format"));
    let (_, val, _) = run(&["validate", "--help"]);
    assert!(val.contains("Example: iam-playground validate"));
    assert!(val.contains("--kind"));
}

#[test]
fn simulate_reads_standard_input_for_dash() {
    use std::io::Write;
    let mut child = bin()
        .args(["simulate", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SMALL.replace("EXPECT", "allowed").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["expectations"]["met"], 1);
}

/// A step whose `NumericLessThan` value is not a number: the engine cannot evaluate it.
const CANNOT: &str = r#"{
  "format": "iam-playground/scenario@1",
  "title": "cannot evaluate",
  "accounts": [{"id": "111111111111", "users": [{"name": "ux", "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "abc"}}}]}}]}]}],
  "steps": [
    {"as": "arn:aws:iam::111111111111:user/ux"},
    {"call": "s3:GetObject", "resource": "arn:aws:s3:::b/x", "context": {"s3:max-keys": "5"}EXPECT}
  ]
}"#;

#[test]
fn cannot_evaluate_fails_the_run_unless_expect_error_names_it() {
    // Review B4: "cannot evaluate" is not an AWS error. `"expect": "error"` alone does not
    // meet it, and a step without any expectation still makes the CLI exit 1.
    let cases = [
        ("", 1, None, 1),
        (r#", "expect": "error""#, 1, Some(false), 1),
        (
            r#", "expect": "error", "expectError": "ValidationError""#,
            1,
            Some(false),
            1,
        ),
        (
            r#", "expect": "error", "expectError": "CannotEvaluate""#,
            0,
            Some(true),
            0,
        ),
    ];
    for (i, (expect, code, met, unexpected)) in cases.into_iter().enumerate() {
        let f = temp(
            &format!("cannot-{i}.json"),
            &CANNOT.replace("EXPECT", expect),
        );
        let (got, out, _) = run(&["simulate", f.to_str().unwrap(), "--format", "json"]);
        assert_eq!(got, code, "{expect}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let step = &v["steps"][1];
        assert_eq!(step["decision"], "error", "{expect}");
        assert_eq!(step["error"]["code"], "CannotEvaluate", "{expect}");
        assert_eq!(step["met"].as_bool(), met, "{expect}");
        assert_eq!(
            step["unexpectedCannotEvaluate"].as_bool().unwrap_or(false),
            unexpected == 1
        );
        assert_eq!(v["expectations"]["cannotEvaluate"], unexpected, "{expect}");
    }
}

#[test]
fn decide_answers_one_query_per_line_against_a_world_loaded_once() {
    let world = temp("decide-world.json", &SMALL.replace("EXPECT", "allowed"));
    let queries = temp(
        "decide-queries.jsonl",
        concat!(
            r#"[{"as": "arn:aws:iam::111111111111:user/u"}, {"call": "s3:ListAllMyBuckets", "resource": "*"}]"#,
            "\n",
            "\n",
            r#"[{"as": "arn:aws:iam::111111111111:user/u"}, {"call": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]"#,
            "\n",
            r#"[{"as": "arn:aws:iam::111111111111:user/nobody"}]"#,
            "\n",
        ),
    );
    let (code, out, err) = run(&["decide", world.to_str().unwrap(), queries.to_str().unwrap()]);
    assert_eq!(code, 1, "a query with errors: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "allowed",
            "implicitDeny",
            "invalid bad-query: the query has errors"
        ]
    );
    // the finding is placed on the query's own line of the file
    let q = queries.to_str().unwrap();
    assert!(
        err.contains(&format!("{q}:4:")) && err.contains("unknown-identity"),
        "{err}"
    );
    // JSON lines, with the trace of each query's last step
    let (code, out, _) = run(&[
        "decide",
        world.to_str().unwrap(),
        q,
        "--format",
        "json",
        "--trace",
    ]);
    assert_eq!(code, 1);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["line"], 1);
    assert_eq!(first["outcome"]["decision"], "allowed");
    assert!(!first["step"]["trace"].as_array().unwrap().is_empty());
    let (code, _, err) = run(&["decide", "/nonexistent/world.json", q]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn api_serves_requests_line_by_line_and_keeps_worlds_between_them() {
    use std::io::Write;
    let mut child = bin()
        .arg("api")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let scenario = serde_json::Value::String(SMALL.replace("EXPECT", "allowed"));
    let input = format!(
        "{}\n{}\n{}\nnot json\n",
        serde_json::json!({"op": "open", "scenario": scenario}),
        r#"{"op": "decide", "world": 1, "queries": [[{"as": "arn:aws:iam::111111111111:user/u"}, {"call": "s3:ListAllMyBuckets", "resource": "*"}]]}"#,
        r#"{"op": "trace", "world": 1, "step": 1}"#,
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let answers: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 4);
    assert_eq!(answers[0]["world"], 1);
    assert_eq!(answers[0]["report"]["expectations"]["met"], 1);
    assert_eq!(answers[1]["outcomes"][0]["decision"], "allowed");
    assert_eq!(answers[2]["step"]["decision"], "allowed");
    assert_eq!(answers[3]["errors"][0]["code"], "invalid-request-json");
}
