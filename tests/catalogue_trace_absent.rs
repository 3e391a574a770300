//! Without an installed AWS catalogue (this test binary never installs one), traces and
//! scenario reports are exactly what they were before the catalogue existed: no `actionInfo`,
//! no wildcard `covers`, no resource-type `note`, the action as written, and no warning on a
//! `call` of an action nobody has heard of. `tests/catalogue_trace.rs` checks what the
//! catalogue adds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "corpus_support/mod.rs"]
mod corpus_support;

use serde_json::Value;

/// Every place in `v` (a report's JSON) where a field only the catalogue adds appears.
fn catalogue_fields(v: &Value, path: &str, found: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.contains_key("actionInfo") {
                found.push(format!("{path}.actionInfo"));
            }
            // A pattern of an element's trace: `covers`.
            if m.contains_key("pattern") && m.contains_key("covers") {
                found.push(format!("{path}.covers"));
            }
            // An element's trace (`Action`, `Resource`…): `note`.
            if m.contains_key("patternsTried") && m.contains_key("note") {
                found.push(format!("{path}.note"));
            }
            for (k, x) in m {
                catalogue_fields(x, &format!("{path}.{k}"), found);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                catalogue_fields(x, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_corpus_traces_have_no_catalogue_fields() {
    assert!(iam_playground::catalogue::installed().is_none());
    let files = corpus_support::scenario_files();
    assert!(files.len() >= 5, "the corpus is missing: {files:?}");
    let mut found = Vec::new();
    let mut authorizations = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let report = iam_playground::scenario::simulate(&f.display().to_string(), &text);
        let v = serde_json::to_value(&report).unwrap();
        authorizations += v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["trace"].as_array().unwrap().iter())
            .filter(|e| e["phase"] == "authorization")
            .count();
        catalogue_fields(&v, &f.display().to_string(), &mut found);
    }
    assert!(authorizations > 50, "the corpus traces too little");
    assert!(found.is_empty(), "{found:#?}");
}

const SCENARIO: &str = r#"{
  "format": "iam-playground/scenario@1",
  "accounts": [{"id": "111111111111", "users": [{"name": "alice", "inlinePolicies": [{"name": "p",
    "document": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::data/*"},
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data"}]}}]}]}],
  "steps": [
    {"as": "arn:aws:iam::111111111111:user/alice"},
    {"call": "s3:getobject", "resource": "arn:aws:s3:::data/a", "expect": "allowed"},
    {"call": "s3:GetObjects", "resource": "arn:aws:s3:::other/a", "expect": "implicitDeny"}
  ]
}"#;

#[test]
fn without_a_catalogue_actions_are_shown_as_written_and_unknown_ones_pass_silently() {
    assert!(iam_playground::catalogue::installed().is_none());
    let r = iam_playground::scenario::simulate("s.json", SCENARIO);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.expectations.failed, 0);
    let v = serde_json::to_value(&r).unwrap();
    let auth = |i: usize| -> Value {
        v["steps"][i]["trace"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["phase"] == "authorization")
            .cloned()
            .unwrap()
    };
    let a = auth(1);
    assert_eq!(a["action"], "s3:getobject");
    assert_eq!(a["evaluation"]["request"]["action"], "s3:getobject");
    assert!(a["reason"]
        .as_str()
        .unwrap()
        .contains("perform: s3:getobject on"));
    let a = auth(2);
    assert_eq!(
        a["reason"],
        "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObjects on resource: arn:aws:s3:::other/a because no identity-based policy allows the s3:GetObjects action"
    );
    let mut found = Vec::new();
    catalogue_fields(&v, "$", &mut found);
    assert!(found.is_empty(), "{found:#?}");
}
