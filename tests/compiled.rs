//! A compiled world (`iam_playground::compiled::World`) against the one-shot simulation: over
//! the whole corpus its untraced report is the traced report without traces, each step's
//! trace on demand is the traced report's step, and its queries decide as the steps do; after
//! an edit, only the changed document is parsed again and the results are those of the
//! edited scenario simulated from scratch.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_playground::compiled::World;
use iam_playground::scenario::simulate;
use serde_json::{json, Value};
#[path = "corpus_support/mod.rs"]
mod corpus_support;
use std::path::PathBuf;

fn corpus() -> Vec<PathBuf> {
    let files = corpus_support::scenario_files();
    assert!(files.len() >= 20, "the corpus is missing: {files:?}");
    files
}

fn untraced(mut v: Value) -> Value {
    for s in v["steps"].as_array_mut().unwrap() {
        s["trace"] = json!([]);
        // the reason of a step the engine cannot evaluate comes from its traced evaluation
    }
    v
}

#[test]
fn the_untraced_report_is_the_traced_report_without_traces_and_each_trace_comes_on_demand() {
    for f in corpus() {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let full = serde_json::to_value(simulate(&name, &text)).unwrap();
        let w = World::open(&name, &text);
        let compact = serde_json::to_value(w.report()).unwrap();
        assert_eq!(compact, untraced(full.clone()), "{name}");
        let steps = full["steps"].as_array().unwrap();
        assert!(!steps.is_empty(), "{name}");
        for (i, s) in steps.iter().enumerate() {
            let t = serde_json::to_value(w.trace(i).unwrap()).unwrap();
            assert_eq!(&t, s, "{name} step {i}");
        }
        assert!(w.trace(steps.len()).is_none());
        // the decisive statements come without the trace, as the trace names them
        let decided = compact["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["decision"] == "allowed" || s["decision"] == "explicitDeny")
            // rules that decide before any policy name no statement
            .filter(|s| {
                !["sts:GetCallerIdentity", "sts:GetSessionToken"]
                    .contains(&s["action"].as_str().unwrap_or_default())
            });
        for s in decided {
            assert!(
                s["decisive"].as_array().is_some_and(|d| !d.is_empty()),
                "{name}: {s}"
            );
        }
        // a step without its trace is small
        for s in compact["steps"].as_array().unwrap() {
            let n = s.to_string().len();
            assert!(
                n <= 1024,
                "{name}: a step without its trace takes {n} bytes: {s}"
            );
        }
    }
}

#[test]
fn every_call_step_decided_again_as_a_query_gives_the_steps_decision() {
    let mut checked = 0;
    for f in corpus() {
        let text = std::fs::read_to_string(&f).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let mut w = World::open("s.json", &text);
        let report = serde_json::to_value(w.report()).unwrap();
        let steps = doc["steps"].as_array().unwrap();
        for (i, s) in steps.iter().enumerate() {
            if s.get("call").is_none() {
                continue;
            }
            // the query: every step up to this one (expectations dropped)
            let q: Vec<Value> = steps[..=i]
                .iter()
                .map(|s| {
                    let mut s = s.clone();
                    let o = s.as_object_mut().unwrap();
                    o.remove("expect");
                    o.remove("expectError");
                    s
                })
                .collect();
            let id = w.prepare(&serde_json::to_string(&q).unwrap()).unwrap();
            let want = report["steps"][i]["decision"]
                .as_str()
                .unwrap_or("notEvaluated");
            for _ in 0..3 {
                let got = w.decide(id).unwrap();
                assert_eq!(got.decision, want, "{}: step {i}", f.display());
            }
            // asked to explain, the query names the step's decisive statements (a session
            // policy written in the query is at the query's own path, `$[1]…`)
            let explained = serde_json::to_string(&w.decide_explained(id).unwrap())
                .unwrap()
                .replace("\"policyId\":\"$[", "\"policyId\":\"$.steps[");
            let explained: Value = serde_json::from_str(&explained).unwrap();
            assert_eq!(explained["decision"], want);
            assert_eq!(
                explained.get("decisive"),
                report["steps"][i].get("decisive"),
                "{}: step {i}",
                f.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} call steps in the corpus");
}

const SMALL: &str = r#"{
  "format": "iam-playground/scenario@1",
  "title": "edit me",
  "accounts": [{
    "id": "111111111111",
    "users": [{
      "name": "alice",
      "inlinePolicies": [
        {"name": "Read", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}},
        {"name": "Other", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}}
      ]
    }]
  }],
  "steps": [
    {"as": "arn:aws:iam::111111111111:user/alice"},
    {"call": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"},
    {"call": "sqs:SendMessage", "resource": "arn:aws:sqs:us-east-1:111111111111:q", "expect": "allowed"}
  ]
}"#;

const READ: &str = "$.accounts[0].users[0].inlinePolicies[0].document";
const OTHER: &str = "$.accounts[0].users[0].inlinePolicies[1].document";

#[test]
fn loading_again_parses_only_the_documents_that_changed() {
    let mut w = World::open("s.json", SMALL);
    assert_eq!(w.load_stats().documents_parsed, 2);
    w.update(SMALL);
    let s = w.load_stats();
    assert_eq!((s.documents_reused, s.documents_parsed), (2, 0));
    // the second document changes (same length): the first is reused
    w.edit(OTHER, &serde_json::to_string(&json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sqs:SendMessage", "Resource": "*"}]})).unwrap()).unwrap();
    let s = w.load_stats();
    assert_eq!((s.documents_reused, s.documents_parsed), (1, 1));
    let r = serde_json::to_value(w.report()).unwrap();
    assert_eq!(r["steps"][1]["decision"], "allowed");
    assert_eq!(r["steps"][2]["decision"], "explicitDeny");
    assert_eq!(r["expectations"]["failed"], 1);
    // what the world holds is the scenario with the document replaced, and it reports what
    // simulating that text from scratch reports
    let again = serde_json::to_value(simulate("s.json", w.text())).unwrap();
    assert_eq!(r, untraced(again));
}

#[test]
fn an_edit_that_breaks_a_document_marks_the_steps_that_depend_on_it() {
    let mut w = World::open("s.json", SMALL);
    w.edit(READ, r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}"#).unwrap();
    assert!(w.invalid());
    let r = serde_json::to_value(w.report()).unwrap();
    // both of alice's requests are decided with all her policies, the broken one included
    for i in [1, 2] {
        assert!(
            r["steps"][i]["notEvaluated"]
                .as_str()
                .unwrap()
                .contains(READ),
            "{r}"
        );
    }
    assert_eq!(
        r["steps"][0]["principal"],
        "arn:aws:iam::111111111111:user/alice"
    );
    assert!(
        r["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == "error" && d["path"].as_str().unwrap().starts_with(READ)),
        "{r}"
    );
}

#[test]
fn edits_that_cannot_be_made_say_why_and_change_nothing() {
    let mut w = World::open("s.json", SMALL);
    for (path, code) in [
        ("accounts[0]", "bad-path"),
        ("$.accounts[7].users", "no-such-path"),
        ("$.accounts[0][\"id\"].x", "no-such-path"),
    ] {
        let e = w.edit(path, "{}").unwrap_err();
        assert_eq!(e.code, code, "{path}: {}", e.message);
    }
    assert_eq!(w.text(), SMALL);
    let mut broken = World::open("s.json", "{ not json");
    assert_eq!(broken.edit(READ, "{}").unwrap_err().code, "not-loaded");
    assert!(broken.report().invalid);
}

#[test]
fn a_query_is_decided_against_the_world_as_it_is_after_an_edit() {
    let mut w = World::open("s.json", SMALL);
    let q = r#"[{"as": "arn:aws:iam::111111111111:user/alice"}, {"call": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]"#;
    let id = w.prepare(q).unwrap();
    assert_eq!(w.prepare(q).unwrap(), id, "the same text is the same query");
    assert_eq!(w.decide(id).unwrap().decision, "allowed");
    assert_eq!(w.decide(id).unwrap().decision, "allowed");
    w.edit(READ, r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#).unwrap();
    assert_eq!(w.decide(id).unwrap().decision, "explicitDeny");
    let t = serde_json::to_value(w.trace_query(id).unwrap()).unwrap();
    assert_eq!(t["decision"], "explicitDeny");
    assert!(!t["trace"].as_array().unwrap().is_empty());
    // an assumeRole as the last step is run whole, and still decided
    let q2 = r#"{"steps": [{"as": "arn:aws:iam::111111111111:user/alice"}, {"assumeRole": "arn:aws:iam::111111111111:role/Nope"}]}"#;
    assert!(
        w.prepare(q2).is_err(),
        "an undeclared role is a finding of the query"
    );
}

#[test]
fn a_bad_query_gets_located_findings() {
    let mut w = World::open("s.json", SMALL);
    let e = w
        .prepare(r#"[{"as": "arn:aws:iam::111111111111:user/bob"}, {"call": "s3:GetObject"}]"#)
        .unwrap_err();
    assert_eq!(e.code, "bad-query");
    assert!(!e.diagnostics.is_empty());
    assert!(
        e.diagnostics
            .iter()
            .all(|d| d.file == "query.json" && d.start.is_some()),
        "{:?}",
        e.diagnostics
    );
    for bad in ["7", "{\"steps\": 3}", "[", "[]"] {
        assert_eq!(w.prepare(bad).unwrap_err().code, "bad-query", "{bad}");
    }
    let mut invalid = World::open("s.json", "{\"format\": 3}");
    assert_eq!(invalid.prepare("[]").unwrap_err().code, "invalid-world");
}

#[test]
fn documents_moved_by_an_edit_before_them_are_reused_with_their_positions_shifted() {
    let mut moved = 0;
    for f in corpus() {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        // widen the first policy document by a few spaces: every later one moves
        let Some(at) = text.find("\"Statement\"") else {
            continue;
        };
        let edited = format!("{}   {}", &text[..at], &text[at..]);
        let mut w = World::open(&name, &text);
        w.update(&edited);
        let stats = w.load_stats();
        assert!(stats.documents_parsed >= 1, "{name}: {stats:?}");
        moved += stats.documents_reused;
        let full = serde_json::to_value(simulate(&name, &edited)).unwrap();
        assert_eq!(
            serde_json::to_value(w.report()).unwrap(),
            untraced(full.clone()),
            "{name}"
        );
        // traces point at statements by their spans: the moved documents' spans are right
        for (i, s) in full["steps"].as_array().unwrap().iter().enumerate() {
            assert_eq!(
                &serde_json::to_value(w.trace(i).unwrap()).unwrap(),
                s,
                "{name} step {i}"
            );
        }
    }
    assert!(
        moved >= 20,
        "only {moved} documents were reused after moving"
    );
}
