//! The JSON-in/JSON-out API (`iam_playground::api`): request handling, tagged answers and
//! structured failures, tested natively (the browser glue only converts these values).

// Test helpers may unwrap and index: a failure there is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iam_playground::api;
use proptest::prelude::*;
use serde_json::{json, Value};

fn call(request: &Value) -> Value {
    let text = api::call(&request.to_string());
    serde_json::from_str(&text).expect("answers are JSON")
}

fn errors(answer: &Value) -> &Vec<Value> {
    assert_eq!(answer["type"], "failure", "expected a failure: {answer}");
    answer["errors"].as_array().expect("failures list errors")
}

fn only_error(answer: &Value) -> &Value {
    let errors = errors(answer);
    assert_eq!(errors.len(), 1, "{answer}");
    &errors[0]
}

#[test]
fn version_names_engine_api_and_format() {
    let answer = call(&json!({"op": "version"}));
    assert_eq!(answer["type"], "success");
    assert_eq!(answer["engine"], env!("CARGO_PKG_VERSION"));
    assert_eq!(answer["apiVersion"], 1);
    assert_eq!(answer["scenarioFormat"], "iam-playground/scenario@1");
    assert_eq!(
        answer["operations"],
        json!([
            "simulate",
            "validatePolicy",
            "import",
            "version",
            "whoCan",
            "reach",
            "diff",
            "open",
            "update",
            "edit",
            "report",
            "trace",
            "decide",
            "close",
            "installCatalogue",
            "catalogue",
            "complete",
            "describe"
        ])
    );
}

/// This test binary never installs the AWS action catalogue.
#[test]
fn catalogue_operations_say_when_no_catalogue_is_loaded() {
    let status = call(&json!({"op": "catalogue"}));
    assert_eq!(status["type"], "success");
    assert_eq!(status["installed"], false);
    assert!(status.get("dataset").is_none(), "{status}");
    for request in [
        json!({"op": "complete", "text": "s3:Get", "context": "action"}),
        json!({"op": "describe", "action": "s3:GetObject"}),
        json!({"op": "describe", "conditionKey": "aws:SourceIp"}),
    ] {
        let err = only_error(&call(&request)).clone();
        assert_eq!(err["code"], "catalogue-not-loaded", "{request}");
        assert!(err["help"].as_str().unwrap().contains("installCatalogue"));
    }
}

#[test]
fn text_that_is_not_json_is_a_structured_failure() {
    let answer: Value = serde_json::from_str(&api::call("{\"op\": ")).unwrap();
    let err = only_error(&answer);
    assert_eq!(err["code"], "invalid-request-json");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with("the request is not JSON"),
        "{err}"
    );
    assert_eq!(
        err["help"],
        r#"send one JSON object such as {"op":"version"}"#
    );
}

#[test]
fn a_request_that_is_not_an_object_is_refused() {
    let err = only_error(&call(&json!(["simulate"]))).clone();
    assert_eq!(err["code"], "invalid-request");
    assert_eq!(
        err["message"],
        "the request must be a JSON object, not an array"
    );
    assert_eq!(err["path"], "$");
}

#[test]
fn missing_op_is_named() {
    let err = only_error(&call(&json!({"scenario": {}}))).clone();
    assert_eq!(err["code"], "missing-field");
    assert_eq!(err["message"], "the request has no `op`");
    assert_eq!(
        err["help"],
        "`op` is one of: simulate, validatePolicy, import, version, whoCan, reach, diff, open, update, edit, report, trace, decide, close, installCatalogue, catalogue, complete, describe"
    );
}

#[test]
fn op_of_the_wrong_type_is_named() {
    let err = only_error(&call(&json!({"op": 3}))).clone();
    assert_eq!(err["code"], "wrong-type");
    assert_eq!(err["message"], "`$.op` must be a string, not a number");
    assert_eq!(err["path"], "$.op");
}

#[test]
fn unknown_op_suggests_the_closest() {
    let err = only_error(&call(&json!({"op": "simulat"}))).clone();
    assert_eq!(err["code"], "unknown-op");
    assert_eq!(err["message"], "unknown operation `simulat`");
    assert_eq!(err["help"], "did you mean `simulate`?");
    assert_eq!(err["path"], "$.op");
}

#[test]
fn simulate_without_scenario_is_a_failure() {
    let err = only_error(&call(&json!({"op": "simulate"}))).clone();
    assert_eq!(err["code"], "missing-field");
    assert_eq!(err["message"], "the request has no `scenario`");
}

#[test]
fn simulate_with_a_scenario_of_the_wrong_type_is_a_failure() {
    let err = only_error(&call(&json!({"op": "simulate", "scenario": 42}))).clone();
    assert_eq!(err["code"], "wrong-type");
    assert_eq!(
        err["message"],
        "`$.scenario` must be a JSON object or its text, not a number"
    );
    let err = only_error(&call(
        &json!({"op": "simulate", "scenario": "{}", "file": ["a"]}),
    ))
    .clone();
    assert_eq!(err["message"], "`$.file` must be a string, not an array");
}

#[test]
fn simulate_reports_a_broken_scenario_as_diagnostics_not_failure() {
    // A scenario that is not even JSON is the user's document problem: a success answer whose
    // report is invalid and places the syntax error on its line and column.
    let answer = call(&json!({
        "op": "simulate",
        "file": "mine.json",
        "scenario": "{\n  \"format\": \n}",
    }));
    assert_eq!(answer["type"], "success", "{answer}");
    let report = &answer["report"];
    assert_eq!(report["invalid"], true);
    assert_eq!(report["engine"], env!("CARGO_PKG_VERSION"));
    let diag = &report["diagnostics"][0];
    assert_eq!(diag["file"], "mine.json");
    assert_eq!(diag["severity"], "error");
    assert_eq!(diag["start"]["line"], 3, "{diag}");
    assert_eq!(diag["start"]["column"], 1, "{diag}");
}

#[test]
fn simulate_accepts_the_scenario_as_object_or_text() {
    let scenario =
        json!({"format": "iam-playground/scenario@1", "title": "t", "accounts": [], "steps": []});
    let as_object = call(&json!({"op": "simulate", "scenario": scenario}));
    let as_text = call(&json!({"op": "simulate", "scenario": scenario.to_string()}));
    assert_eq!(as_object["type"], "success", "{as_object}");
    assert_eq!(as_object, as_text);
    assert_eq!(as_object["report"]["title"], "t");
    assert_eq!(as_object["report"]["invalid"], false, "{as_object}");
}

#[test]
fn simulate_names_the_file_in_diagnostics_of_an_object_scenario() {
    // An object is written out pretty-printed (keys in the order given): `bogus` is on line 4.
    let scenario =
        json!({"format": "iam-playground/scenario@1", "accounts": [], "bogus": 1, "steps": []});
    let answer = call(&json!({"op": "simulate", "scenario": scenario}));
    assert_eq!(answer["type"], "success", "{answer}");
    assert_eq!(answer["report"]["invalid"], true);
    let diag = &answer["report"]["diagnostics"][0];
    assert_eq!(diag["file"], "scenario.json");
    assert_eq!(diag["code"], "unknown-field", "{diag}");
    assert_eq!(diag["path"], "$.bogus");
    assert_eq!(diag["start"]["line"], 4, "{diag}");
}

#[test]
fn typed_simulate_matches_call() {
    let text = "{\"format\": \"iam-playground/scenario@1\", \"steps\": []}";
    let typed = serde_json::to_value(api::simulate("scenario.json", text)).unwrap();
    let via_call = call(&json!({"op": "simulate", "scenario": text}));
    assert_eq!(typed, via_call);
}

#[test]
fn validate_policy_places_syntax_errors_by_line_and_column() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}";
    let answer = call(&json!({"op": "validatePolicy", "text": text, "kind": "trust"}));
    assert_eq!(answer["type"], "success", "{answer}");
    assert_eq!(answer["kind"], "trust");
    assert_eq!(answer["valid"], false);
    let diag = &answer["diagnostics"][0];
    assert_eq!(diag["file"], "policy.json");
    assert_eq!(diag["severity"], "error");
    assert_eq!(diag["start"]["line"], 4, "{diag}");
    assert_eq!(diag["start"]["column"], 1, "{diag}");
}

#[test]
fn validate_policy_defaults_to_identity_and_accepts_objects() {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
    let answer = call(&json!({"op": "validatePolicy", "text": policy}));
    assert_eq!(answer["type"], "success", "{answer}");
    assert_eq!(answer["kind"], "identity");
    assert_eq!(answer["valid"], true, "{answer}");
}

#[test]
fn validate_policy_runs_the_policy_checks_of_its_kind() {
    // IAM refuses a statement with both Action and NotAction (an error: not stored).
    let both = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:Put*","Resource":"*"}]}"#;
    let answer = call(&json!({"op": "validatePolicy", "text": both}));
    assert_eq!(answer["valid"], false);
    let diag = &answer["diagnostics"][0];
    assert_eq!(diag["code"], "both-action-and-not-action");
    assert_eq!(diag["path"], "$.Statement[0].NotAction");
    assert_eq!(diag["start"]["line"], 1);
    assert_eq!(diag["start"]["column"], 80);

    // The same statement shape without a Principal is fine as identity policy, not as trust.
    let no_principal = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;
    let identity = call(&json!({"op": "validatePolicy", "text": no_principal, "kind": "identity"}));
    assert_eq!(identity["valid"], true, "{identity}");
    let trust = call(&json!({"op": "validatePolicy", "text": no_principal, "kind": "trust"}));
    assert_eq!(trust["valid"], false);
    assert_eq!(trust["diagnostics"][0]["code"], "missing-principal");
}

#[test]
fn validate_policy_keeps_warnings_on_a_valid_document() {
    // A variable in a 2008-10-17 policy is literal text: IAM stores it, Access Analyzer warns.
    let old = r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}"}]}"#;
    let answer = call(&json!({"op": "validatePolicy", "text": old}));
    assert_eq!(answer["valid"], true, "{answer}");
    assert_eq!(answer["diagnostics"][0]["severity"], "warning");
    assert_eq!(
        answer["diagnostics"][0]["code"],
        "variable-unsupported-in-version"
    );
}

#[test]
fn validate_policy_kind_names() {
    for (name, kind) in [
        ("identity", "identity"),
        ("Trust", "trust"),
        ("resource", "resource"),
        ("boundary", "boundary"),
        ("session", "session"),
        ("scp", "serviceControl"),
        ("serviceControl", "serviceControl"),
        ("rcp", "resourceControl"),
        ("resourceControl", "resourceControl"),
    ] {
        let answer = serde_json::to_value(api::validate_policy("p.json", "{}", name)).unwrap();
        assert_eq!(answer["kind"], kind, "{name}");
    }
}

#[test]
fn unknown_policy_kind_is_a_failure_with_a_suggestion() {
    let answer = call(&json!({"op": "validatePolicy", "text": "{}", "kind": "trsut"}));
    let err = only_error(&answer);
    assert_eq!(err["code"], "unknown-policy-kind");
    assert_eq!(err["message"], "unknown policy kind `trsut`");
    assert_eq!(err["help"], "did you mean `trust`?");
    assert_eq!(err["path"], "$.kind");
    let typed = serde_json::to_value(api::validate_policy("p.json", "{}", "nonsense")).unwrap();
    assert_eq!(
        typed["errors"][0]["help"],
        "use one of: identity, resource, trust, boundary, session, serviceControl, resourceControl"
    );
}

#[test]
fn validate_policy_without_text_is_a_failure() {
    let err = only_error(&call(&json!({"op": "validatePolicy", "kind": "identity"}))).clone();
    assert_eq!(err["code"], "missing-field");
    assert_eq!(err["message"], "the request has no `text`");
}

proptest! {
    /// Any text at all gets a tagged JSON answer, never a panic.
    #[test]
    fn any_request_text_gets_a_tagged_answer(text in "\\PC{0,200}") {
        let answer: Value = serde_json::from_str(&api::call(&text)).unwrap();
        let tag = answer["type"].as_str().unwrap();
        prop_assert!(tag == "success" || tag == "failure");
    }

    /// Any scenario or policy text gets a success answer (problems are diagnostics).
    #[test]
    fn any_document_text_is_answered(text in "[\\[\\]{}\":,a-z0-9 \\n]{0,120}") {
        let sim = call(&json!({"op": "simulate", "scenario": text}));
        prop_assert_eq!(&sim["type"], "success");
        let val = call(&json!({"op": "validatePolicy", "text": text}));
        prop_assert_eq!(&val["type"], "success");
    }
}

/// The conformance walk-throughs, through the API exactly as the browser sends them.
const CONFORMANCE: [(&str, &str); 5] = [
    (
        "01-dev-prod-readonly-mfa.json",
        include_str!("conformance/01-dev-prod-readonly-mfa.json"),
    ),
    (
        "02-crossaccount-access-role-external-id.json",
        include_str!("conformance/02-crossaccount-access-role-external-id.json"),
    ),
    (
        "03-security-readonly-role-usera-only.json",
        include_str!("conformance/03-security-readonly-role-usera-only.json"),
    ),
    (
        "04-s3-production-access-role-revoke.json",
        include_str!("conformance/04-s3-production-access-role-revoke.json"),
    ),
    (
        "05-lambda-role-cross-account-s3.json",
        include_str!("conformance/05-lambda-role-cross-account-s3.json"),
    ),
];

#[test]
fn conformance_scenarios_meet_every_expectation_through_the_api() {
    for (file, text) in CONFORMANCE {
        let answer = call(&json!({"op": "simulate", "file": file, "scenario": text}));
        assert_eq!(answer["type"], "success", "{file}");
        let report = &answer["report"];
        assert_eq!(
            report["invalid"], false,
            "{file}: {}",
            report["diagnostics"]
        );
        assert_eq!(report["expectations"]["failed"], 0, "{file}");
        let met = report["expectations"]["met"].as_u64().unwrap();
        let expected = report["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s.get("expect").is_some())
            .count() as u64;
        assert!(met > 0 && met == expected, "{file}: {met} of {expected}");
    }
}
