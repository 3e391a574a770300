//! The JSON API's operations on compiled worlds, through `api::Engine` as the browser's
//! `api()` and the CLI's `api` command serve them: open, update, edit, report, trace, decide,
//! close, and who-can on an open world; every malformed request a located failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_playground::api::{self, Engine};
use serde_json::{json, Value};

fn scenario() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/conformance/02-crossaccount-access-role-external-id.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

fn ask(e: &mut Engine, req: Value) -> Value {
    serde_json::from_str(&e.call(&req.to_string())).unwrap()
}

fn error_code(a: &Value) -> &str {
    assert_eq!(a["type"], "failure", "{a}");
    a["errors"][0]["code"].as_str().unwrap()
}

#[test]
fn open_reports_steps_without_traces_and_trace_builds_one() {
    let mut e = Engine::new();
    let sc = scenario();
    let a = ask(&mut e, json!({"op": "open", "scenario": sc}));
    assert_eq!(a["type"], "success", "{a}");
    let world = a["world"].as_u64().unwrap();
    let full: Value = serde_json::from_str(&api::call(
        &json!({"op": "simulate", "scenario": sc}).to_string(),
    ))
    .unwrap();
    let steps = a["report"]["steps"].as_array().unwrap();
    assert_eq!(
        steps.len(),
        full["report"]["steps"].as_array().unwrap().len()
    );
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(s["trace"], json!([]));
        assert_eq!(s["decision"], full["report"]["steps"][i]["decision"]);
        let t = ask(&mut e, json!({"op": "trace", "world": world, "step": i}));
        assert_eq!(t["step"], full["report"]["steps"][i], "step {i}");
    }
    assert_eq!(a["stats"]["documentsReused"], 0);
    assert!(a["stats"]["documentsParsed"].as_u64().unwrap() >= 3);
    let again = ask(
        &mut e,
        json!({"op": "update", "world": world, "scenario": sc}),
    );
    assert_eq!(again["stats"]["documentsParsed"], 0, "{}", again["stats"]);
    assert_eq!(again["report"], a["report"]);
    assert_eq!(
        error_code(&ask(
            &mut e,
            json!({"op": "trace", "world": world, "step": 99})
        )),
        "no-such-step"
    );
}

#[test]
fn edit_replaces_one_document_and_decide_answers_queries_against_the_edit() {
    let mut e = Engine::new();
    let sc = scenario();
    let world = ask(&mut e, json!({"op": "open", "scenario": sc}))["world"].clone();
    // find a call step that is allowed, and ask it as a query
    let report = ask(&mut e, json!({"op": "report", "world": world}))["report"].clone();
    let steps = sc["steps"].as_array().unwrap();
    let i = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["kind"] == "call" && s["decision"] == "allowed")
        .expect("an allowed call");
    let query: Vec<Value> = steps[..=i]
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.as_object_mut().unwrap().remove("expect");
            s
        })
        .collect();
    let d = ask(
        &mut e,
        json!({"op": "decide", "world": world, "queries": [query, "[7]"], "trace": true}),
    );
    assert_eq!(d["outcomes"][0]["decision"], "allowed", "{d}");
    assert_eq!(d["outcomes"][0]["step"]["decision"], "allowed");
    assert!(!d["outcomes"][0]["step"]["trace"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(d["outcomes"][1]["invalid"], true);
    assert!(
        d["outcomes"][0].get("decisive").is_none(),
        "decisive only when asked"
    );
    let explained = ask(
        &mut e,
        json!({"op": "decide", "world": world, "queries": [query], "explain": true}),
    );
    let decisive = explained["outcomes"][0]["decisive"].as_array().unwrap();
    assert!(!decisive.is_empty(), "{explained}");
    assert_eq!(
        decisive,
        d["outcomes"][0]["step"]["decisive"].as_array().unwrap()
    );
    // deny everything in every identity policy of the first account's first role
    let path = "$.accounts[1].roles[0].inlinePolicies[0].document";
    let edit = ask(
        &mut e,
        json!({"op": "edit", "world": world, "path": path,
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}}),
    );
    assert_eq!(edit["type"], "success", "{edit}");
    assert_eq!(edit["stats"]["documentsParsed"], 1, "{}", edit["stats"]);
    let d2 = ask(
        &mut e,
        json!({"op": "decide", "world": world, "queries": [query]}),
    );
    assert_eq!(d2["outcomes"][0]["decision"], "explicitDeny", "{d2}");
    // the answer is the fresh simulation's of the edited scenario
    let mut edited = sc.clone();
    edited["accounts"][1]["roles"][0]["inlinePolicies"][0]["document"] = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]});
    let fresh: Value = serde_json::from_str(&api::call(
        &json!({"op": "simulate", "scenario": edited}).to_string(),
    ))
    .unwrap();
    assert_eq!(
        d2["outcomes"][0]["decision"],
        fresh["report"]["steps"][i]["decision"]
    );
    assert_eq!(edit["report"]["steps"][i]["decision"], "explicitDeny");
    assert_eq!(
        error_code(&ask(
            &mut e,
            json!({"op": "edit", "world": world, "path": "nope", "document": {}})
        )),
        "bad-path"
    );
}

#[test]
fn who_can_asks_an_open_world() {
    let mut e = Engine::new();
    let sc = scenario();
    let world = ask(&mut e, json!({"op": "open", "scenario": sc}))["world"].clone();
    let on_world = ask(
        &mut e,
        json!({"op": "whoCan", "world": world, "action": "s3:GetObject", "resource": "*"}),
    );
    let plain: Value = serde_json::from_str(&api::call(
        &json!({"op": "whoCan", "scenario": sc, "action": "s3:GetObject", "resource": "*"})
            .to_string(),
    ))
    .unwrap();
    assert_eq!(on_world["type"], "success");
    assert_eq!(on_world, plain);
}

#[test]
fn world_requests_that_cannot_be_served_say_why() {
    let mut e = Engine::new();
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "report"}))),
        "missing-field"
    );
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "report", "world": "1"}))),
        "wrong-type"
    );
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "report", "world": 5}))),
        "unknown-world"
    );
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "open"}))),
        "missing-field"
    );
    let world = ask(&mut e, json!({"op": "open", "scenario": "{ not json"}));
    assert_eq!(world["report"]["invalid"], true);
    let id = world["world"].clone();
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "decide", "world": id}))),
        "missing-field"
    );
    assert_eq!(
        error_code(&ask(
            &mut e,
            json!({"op": "decide", "world": id, "queries": 3})
        )),
        "wrong-type"
    );
    let d = ask(
        &mut e,
        json!({"op": "decide", "world": id, "queries": [[]]}),
    );
    assert_eq!(d["outcomes"][0]["code"], "invalid-world");
    assert_eq!(
        ask(&mut e, json!({"op": "close", "world": id}))["closed"],
        true
    );
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "close", "world": id}))),
        "unknown-world"
    );
    // the stateless call names the engine that keeps worlds
    let plain: Value = serde_json::from_str(&api::call(
        &json!({"op": "open", "scenario": {}}).to_string(),
    ))
    .unwrap();
    assert_eq!(error_code(&plain), "needs-engine");
    // other operations pass through
    assert_eq!(ask(&mut e, json!({"op": "version"}))["type"], "success");
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "nope"}))),
        "unknown-op"
    );
    assert_eq!(
        error_code(&serde_json::from_str(&e.call("not json")).unwrap()),
        "invalid-request-json"
    );
    // worlds are bounded
    for _ in 0..api::MAX_WORLDS {
        let _ = ask(&mut e, json!({"op": "open", "scenario": "{}"}));
    }
    assert_eq!(
        error_code(&ask(&mut e, json!({"op": "open", "scenario": "{}"}))),
        "too-many-worlds"
    );
}
