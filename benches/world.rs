//! The compiled world natively (issue 12): the four requests of `benches/data/requests.json`
//! written as scenarios, opened as worlds, queried with a prepared query and decided through
//! the world alone; re-evaluation of conformance scenario 04 after one edit, with and without
//! 200 more statements in its world; and a run without traces (`World::report`) beside the
//! traced `scenario::simulate` of the same scenario; and reading (parsing and validating) the
//! AWS managed policy `ReadOnlyAccess`, the largest document a scenario commonly holds.
//!
//! Every decision is checked against the request's before it is timed.
//!
//! Run: `cargo bench --bench world -- --warm-up-time 1 --measurement-time 3`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use iam_playground::compiled::World;
use serde_json::{json, Map, Value};
use std::path::Path;

const REQUESTS: &str = include_str!("data/requests.json");

/// Statements per customer managed policy when a large identity policy is split (IAM refuses
/// a user's inline policies over 2,048 characters and a managed policy over 6,144).
const MANAGED_SPLIT: usize = 40;
const ROLE_SERVICE: &str = "ec2.amazonaws.com";

fn word(expect: &str) -> &'static str {
    match expect {
        "Allowed" => "allowed",
        "ExplicitlyDenied" => "explicitDeny",
        "ImplicitlyDenied" => "implicitDeny",
        other => panic!("requests.json: unknown decision {other}"),
    }
}

fn statements(doc: &Value) -> Vec<Value> {
    match &doc["Statement"] {
        Value::Array(a) => a.clone(),
        one => vec![one.clone()],
    }
}

/// The request's identity policies: inline, and customer managed ones for a policy of more
/// than [`MANAGED_SPLIT`] statements (split in order).
fn identity(req: &Value) -> (Vec<Value>, Vec<Value>) {
    let mut inline = Vec::new();
    let mut managed = Vec::new();
    for p in req["identityPolicies"].as_array().into_iter().flatten() {
        let st = statements(&p["policy"]);
        if st.len() <= MANAGED_SPLIT {
            inline.push(json!({"name": p["name"], "document": p["policy"]}));
            continue;
        }
        for (i, part) in st.chunks(MANAGED_SPLIT).enumerate() {
            managed.push(json!({
                "name": format!("{}-part{}", p["name"].as_str().unwrap(), i + 1),
                "document": {"Version": p["policy"]["Version"], "Statement": part},
            }));
        }
    }
    (inline, managed)
}

fn is_full_aws_access(doc: &Value) -> bool {
    let st = statements(doc);
    st.len() == 1
        && st[0]["Effect"] == "Allow"
        && st[0]["Action"] == "*"
        && st[0]["Resource"] == "*"
        && st[0].get("Condition").is_none()
}

/// The step that becomes the request's principal: a user, or a role used by a service.
fn as_step(req: &Value) -> Value {
    let principal = req["principal"].as_str().unwrap();
    if principal.contains(":role/") {
        json!({"as": principal, "via": ROLE_SERVICE})
    } else {
        json!({"as": principal})
    }
}

fn call_step(req: &Value, expect: bool) -> Value {
    let mut step = Map::new();
    step.insert("call".into(), req["action"].clone());
    step.insert("resource".into(), req["resource"].clone());
    if req["context"].as_object().is_some_and(|c| !c.is_empty()) {
        step.insert("context".into(), req["context"].clone());
    }
    if expect {
        step.insert(
            "expect".into(),
            word(req["expect"].as_str().unwrap()).into(),
        );
    }
    Value::Object(step)
}

/// A request of requests.json as a scenario: the principal in its account, the identity
/// policies attached to it, the resource's bucket policy in its owner's account, the SCPs in
/// an organization (FullAWSAccess is attached everywhere by default), one call step.
fn scenario_of(key: &str, req: &Value) -> String {
    let principal = req["principal"].as_str().unwrap();
    let account = principal.split(':').nth(4).unwrap();
    let name = principal.rsplit('/').next().unwrap();
    let (inline, managed) = identity(req);
    let mut entity = json!({"name": name, "inlinePolicies": inline});
    if !managed.is_empty() {
        entity["managedPolicies"] = managed.iter().map(|m| m["name"].clone()).collect();
    }
    let mut caller = json!({"id": account, "name": "Caller", "managedPolicies": managed});
    if principal.contains(":role/") {
        entity["trustPolicy"] = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": ROLE_SERVICE}, "Action": "sts:AssumeRole"}
        ]});
        caller["roles"] = json!([entity]);
    } else {
        caller["users"] = json!([entity]);
    }
    let mut accounts = vec![caller];
    let owner_id = req["resourceAccount"].as_str().unwrap();
    if req.get("resourcePolicy").is_some() || owner_id != account {
        let resource = req["resource"].as_str().unwrap();
        let holder = match resource.strip_prefix("arn:aws:s3:::") {
            Some(rest) => format!("arn:aws:s3:::{}", rest.split('/').next().unwrap()),
            None => resource.to_string(),
        };
        let mut entry = json!({"arn": holder});
        if let Some(p) = req.get("resourcePolicy") {
            entry["policy"] = p.clone();
        }
        if owner_id == account {
            accounts[0]["resources"] = json!([entry]);
        } else {
            accounts.push(json!({"id": owner_id, "name": "Owner", "resources": [entry]}));
        }
    }
    let mut sc = json!({
        "format": "iam-playground/scenario@1",
        "title": key,
        "accounts": accounts,
        "steps": [as_step(req), call_step(req, true)],
    });
    let levels = req["scps"].as_array().cloned().unwrap_or_default();
    if !levels.is_empty() {
        let mut scps: Vec<Value> = Vec::new();
        for level in &levels {
            let target = match level["orgIdentifier"].as_str().unwrap() {
                "r-root" => "root",
                id => id,
            };
            for p in level["policies"].as_array().unwrap() {
                if !is_full_aws_access(&p["policy"]) {
                    scps.push(
                        json!({"name": p["name"], "document": p["policy"], "targets": [target]}),
                    );
                }
            }
        }
        let org = req["context"]["aws:PrincipalOrgID"]
            .as_str()
            .unwrap_or("o-bench00001");
        sc["organization"] =
            json!({"id": org, "managementAccount": "123456789012", "serviceControlPolicies": scps});
    }
    serde_json::to_string_pretty(&sc).unwrap()
}

fn query_of(req: &Value) -> String {
    json!([as_step(req), call_step(req, false)]).to_string()
}

fn conformance_04() -> (String, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("04-"))
        .expect("tests/conformance/04-*.json");
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (file, value)
}

/// Conformance 04 as two texts that differ in one policy (version B no longer allows
/// `s3:DeleteObject`), optionally with big200's 200 statements as five customer managed
/// policies of its production role, placed after or before the edited policy; the edited
/// document's path and its two texts; the index of the `s3:DeleteObject` step that the edit
/// flips.
struct EditCase {
    file: String,
    texts: [String; 2],
    path: String,
    docs: [String; 2],
    flipped: usize,
}

#[derive(Clone, Copy)]
enum Place {
    After,
    Before,
}

fn edit_case(big: Option<(&Value, Place)>) -> EditCase {
    let (file, mut sc) = conformance_04();
    let accounts = sc["accounts"].as_array().unwrap();
    let ai = accounts
        .iter()
        .position(|a| {
            a["managedPolicies"]
                .as_array()
                .is_some_and(|m| !m.is_empty())
        })
        .unwrap();
    let mut pi = 0;
    if let Some((req, place)) = big {
        let (_, parts) = identity(req);
        let names: Vec<Value> = parts.iter().map(|p| p["name"].clone()).collect();
        let list = sc["accounts"][ai]["managedPolicies"]
            .as_array_mut()
            .unwrap();
        match place {
            Place::After => list.extend(parts),
            Place::Before => {
                pi = parts.len();
                list.splice(0..0, parts);
            }
        }
        sc["accounts"][ai]["roles"][0]["managedPolicies"]
            .as_array_mut()
            .unwrap()
            .extend(names);
    }
    let doc_a = sc["accounts"][ai]["managedPolicies"][pi]["document"].clone();
    let mut doc_b = doc_a.clone();
    for st in doc_b["Statement"].as_array_mut().unwrap() {
        if let Some(actions) = st["Action"].as_array_mut() {
            actions.retain(|a| a != "s3:DeleteObject");
        }
    }
    let text_a = serde_json::to_string_pretty(&sc).unwrap();
    sc["accounts"][ai]["managedPolicies"][pi]["document"] = doc_b.clone();
    let text_b = serde_json::to_string_pretty(&sc).unwrap();
    let flipped = sc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["call"] == "s3:DeleteObject")
        .unwrap();
    EditCase {
        file,
        texts: [text_a, text_b],
        path: format!("$.accounts[{ai}].managedPolicies[{pi}].document"),
        docs: [
            serde_json::to_string_pretty(&doc_a).unwrap(),
            serde_json::to_string_pretty(&doc_b).unwrap(),
        ],
        flipped,
    }
}

fn decision_at(w: &mut World, step: usize) -> Option<String> {
    w.report().steps[step].decision.clone()
}

fn requests(c: &mut Criterion) {
    let all: Value = serde_json::from_str(REQUESTS).unwrap();
    let mut g = c.benchmark_group("world");
    for (key, req) in all.as_object().unwrap() {
        let text = scenario_of(key, req);
        let query = query_of(req);
        let want = word(req["expect"].as_str().unwrap());
        let mut w = World::open(&format!("{key}.json"), &text);
        assert!(!w.invalid(), "{key}: {:?}", w.diagnostics());
        let report = w.report();
        assert_eq!(report.steps[1].decision.as_deref(), Some(want), "{key}");
        let q = w
            .prepare(&query)
            .unwrap_or_else(|e| panic!("{key}: {}", e.message));
        assert_eq!(w.decide(q).unwrap().decision, want, "{key}");

        g.bench_function(format!("{key}/decide"), |b| {
            b.iter(|| w.decide(black_box(q)))
        });
        g.bench_function(format!("{key}/open"), |b| {
            b.iter(|| World::open(black_box("scenario.json"), black_box(&text)))
        });
        g.bench_function(format!("{key}/prepare+first decide"), |b| {
            b.iter_batched(
                || World::open("scenario.json", &text),
                |mut w| {
                    let q = w.prepare(&query).unwrap();
                    w.decide(q)
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

fn edits(c: &mut Criterion) {
    let all: Value = serde_json::from_str(REQUESTS).unwrap();
    let mut g = c.benchmark_group("edit 04");
    let big = &all["big200"];
    for (label, big) in [
        ("", None),
        (" + 200 statements after", Some((big, Place::After))),
        (" + 200 statements before", Some((big, Place::Before))),
    ] {
        let case = edit_case(big);
        let mut w = World::open(&case.file, &case.texts[0]);
        assert!(!w.invalid(), "{:?}", w.diagnostics());
        assert_eq!(w.report().expectations.failed, 0);
        assert_eq!(
            decision_at(&mut w, case.flipped).as_deref(),
            Some("allowed")
        );
        w.update(&case.texts[1]);
        assert_eq!(
            decision_at(&mut w, case.flipped).as_deref(),
            Some("implicitDeny")
        );
        let mut i = 0usize;
        g.bench_function(format!("update+report{label}"), |b| {
            b.iter(|| {
                i += 1;
                w.update(&case.texts[i % 2]);
                w.report()
            })
        });
        w.update(&case.texts[0]);
        w.edit(&case.path, &case.docs[1]).unwrap();
        assert_eq!(
            decision_at(&mut w, case.flipped).as_deref(),
            Some("implicitDeny")
        );
        let mut i = 1usize;
        g.bench_function(format!("edit+report{label}"), |b| {
            b.iter(|| {
                i += 1;
                w.edit(&case.path, &case.docs[i % 2]).unwrap();
                w.report()
            })
        });
    }
    g.finish();
}

fn report_vs_simulate(c: &mut Criterion) {
    let (file, sc) = conformance_04();
    let text = serde_json::to_string_pretty(&sc).unwrap();
    let traced = iam_playground::scenario::simulate(&file, &text);
    let w = World::open(&file, &text);
    let lean = w.report();
    assert_eq!(traced.steps.len(), lean.steps.len());
    for (a, b) in traced.steps.iter().zip(&lean.steps) {
        assert_eq!(a.decision, b.decision, "step {}", a.index);
        assert!(b.trace.is_empty(), "step {} carries a trace", b.index);
    }
    let mut g = c.benchmark_group("run 04");
    g.bench_function("scenario::simulate (load, run with traces)", |b| {
        b.iter(|| iam_playground::scenario::simulate(black_box(&file), black_box(&text)))
    });
    g.bench_function("World::open + report (load, run without traces)", |b| {
        b.iter(|| World::open(black_box(&file), black_box(&text)).report())
    });
    g.bench_function("World::report (run without traces)", |b| {
        b.iter_batched(
            || World::open(&file, &text),
            |w| w.report(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("World::trace of the last call step", |b| {
        let last = lean.steps.iter().rposition(|s| s.kind == "call").unwrap();
        b.iter(|| w.trace(black_box(last)))
    });
    g.finish();
}

fn read_only_access(c: &mut Criterion) {
    use iam_playground::policy::model::PolicyKind;
    use iam_playground::policy::parse::parse_text;
    let doc = iam_playground::managed::find("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .expect("ReadOnlyAccess is shipped")
        .document()
        .expect("compiled in");
    let parsed = parse_text(doc, PolicyKind::Identity);
    assert!(parsed.policy.is_some());
    assert!(!parsed.diagnostics.iter().any(|d| d.is_error()));
    c.bench_function(
        &format!("ReadOnlyAccess ({} bytes): parse and validate", doc.len()),
        |b| b.iter(|| parse_text(black_box(doc), PolicyKind::Identity)),
    );
}

criterion_group!(
    benches,
    requests,
    edits,
    report_vs_simulate,
    read_only_access
);
criterion_main!(benches);
