//! The library's JSON API compiled to wasm32 and run in headless Chromium
//! (wasm-bindgen-test; `scripts/test.sh` runs it with Debian's chromium and chromedriver).
//! It checks that the engine behaves in the browser exactly as natively: tagged answers,
//! structured failures, diagnostics with UTF-16 columns, and no panic on bad input.
#![cfg(target_arch = "wasm32")]
// Test helpers may unwrap and index: a failure there is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iam_playground::api;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn call(request: &Value) -> Value {
    serde_json::from_str(&api::call(&request.to_string())).unwrap()
}

#[wasm_bindgen_test]
fn version_answers_in_the_browser() {
    let answer = call(&json!({"op": "version"}));
    assert_eq!(answer["type"], "success");
    assert_eq!(answer["engine"], env!("CARGO_PKG_VERSION"));
    assert_eq!(answer["scenarioFormat"], "iam-playground/scenario@1");
}

#[wasm_bindgen_test]
fn malformed_requests_are_structured_failures() {
    let answer: Value = serde_json::from_str(&api::call("not json")).unwrap();
    assert_eq!(answer["type"], "failure");
    assert_eq!(answer["errors"][0]["code"], "invalid-request-json");
    let answer = call(&json!({"op": "simulate", "scenario": 7}));
    assert_eq!(answer["errors"][0]["code"], "wrong-type");
    assert_eq!(answer["errors"][0]["path"], "$.scenario");
    let answer = call(&json!({"op": "nope"}));
    assert_eq!(answer["errors"][0]["code"], "unknown-op");
}

#[wasm_bindgen_test]
fn policy_diagnostics_carry_utf16_columns() {
    // The emoji is one character but two UTF-16 units: browser editors count the latter.
    let text = "{\"Sid\": \"😀\", ]";
    let answer = call(&json!({"op": "validatePolicy", "text": text, "kind": "identity"}));
    assert_eq!(answer["type"], "success");
    assert_eq!(answer["valid"], false);
    let start = &answer["diagnostics"][0]["start"];
    assert_eq!(start["line"], 1);
    assert_eq!(start["column"], 14);
    assert_eq!(start["columnUtf16"], 15);
}

#[wasm_bindgen_test]
fn scenarios_are_answered_never_thrown() {
    for text in [
        "",
        "{",
        "[]",
        "{\"format\": 1}",
        "{\"steps\": [{\"call\": 5}]}",
    ] {
        let answer = call(&json!({"op": "simulate", "scenario": text}));
        assert_eq!(answer["type"], "success", "{text}");
        assert_eq!(answer["report"]["invalid"], true, "{text}");
        assert!(
            !answer["report"]["diagnostics"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{text}"
        );
    }
}

/// The engine compiled to wasm decides the conformance walk-throughs exactly as natively:
/// every expectation met, in the browser.
#[wasm_bindgen_test]
fn conformance_scenarios_pass_in_the_browser() {
    for (file, text) in [
        (
            "01",
            include_str!("conformance/01-dev-prod-readonly-mfa.json"),
        ),
        (
            "02",
            include_str!("conformance/02-crossaccount-access-role-external-id.json"),
        ),
        (
            "03",
            include_str!("conformance/03-security-readonly-role-usera-only.json"),
        ),
        (
            "04",
            include_str!("conformance/04-s3-production-access-role-revoke.json"),
        ),
        (
            "05",
            include_str!("conformance/05-lambda-role-cross-account-s3.json"),
        ),
    ] {
        let answer = call(&json!({"op": "simulate", "file": file, "scenario": text}));
        assert_eq!(answer["type"], "success", "{file}");
        let report = &answer["report"];
        assert_eq!(report["invalid"], false, "{file}");
        assert_eq!(report["expectations"]["failed"], 0, "{file}");
        assert!(
            report["expectations"]["met"].as_u64().unwrap() > 0,
            "{file}"
        );
    }
}
