//! What AWS's catalogue of actions adds to traces and to `call` steps, with the shipped
//! catalogue installed: a warning on a `call` of an action (or service) the catalogue does not
//! list, the reason saying so, the request's action in AWS's casing with its service and access
//! level, how many actions a matching wildcard covers, and the line of a statement whose
//! resources are not a type the action acts on. `tests/catalogue_trace_absent.rs` checks that
//! none of it appears without a catalogue.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "catalogue_support/mod.rs"]
mod catalogue_support;
#[path = "corpus_support/mod.rs"]
mod corpus_support;

use iam_playground::catalogue::Catalogue;
use iam_playground::eval::Trace;
use iam_playground::scenario::{simulate, Report, StepReport, TraceEntry};
use serde_json::Value;

const SCENARIO: &str = r#"{
  "format": "iam-playground/scenario@1",
  "title": "catalogue in traces",
  "accounts": [
    {
      "id": "111111111111",
      "users": [
        {
          "name": "alice",
          "inlinePolicies": [
            {
              "name": "reads",
              "document": {
                "Version": "2012-10-17",
                "Statement": [
                  {"Sid": "Objects", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::public/*"},
                  {"Sid": "Data", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"},
                  {"Sid": "OnBucket", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data"},
                  {"Sid": "Lists", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::data"}
                ]
              }
            }
          ]
        }
      ]
    }
  ],
  "steps": [
    {"as": "arn:aws:iam::111111111111:user/alice"},
    {"call": "s3:getobject", "resource": "arn:aws:s3:::data/report.csv", "expect": "allowed"},
    {"call": "s3:GetObjects", "resource": "arn:aws:s3:::data/report.csv", "expect": "implicitDeny"},
    {"call": "s3:GetObject", "resource": "arn:aws:s3:::other/x", "expect": "implicitDeny"},
    {"call": "s4:GetObject", "resource": "arn:aws:s3:::data/report.csv", "expect": "implicitDeny"},
    {"call": "s3:ListAllMyBuckets", "expect": "implicitDeny"},
    {"call": "s3:ListAllMyBuckets", "resource": "arn:aws:s3:::other", "expect": "implicitDeny"},
    {"call": "s3:GetObject", "resource": "arn:aws:s3:::public/readme", "expect": "allowed"}
  ]
}"#;

fn catalogue() -> &'static Catalogue {
    catalogue_support::install_shipped()
}

fn report() -> Report {
    catalogue();
    let r = simulate("catalogue.json", SCENARIO);
    assert!(!r.invalid, "{:?}", r.diagnostics);
    assert_eq!(r.expectations.failed, 0, "{:#?}", r.steps);
    r
}

/// The step's one authorization: its action, reason and evaluation.
fn authorization(s: &StepReport) -> (&str, &str, &Trace) {
    s.trace
        .iter()
        .find_map(|e| match e {
            TraceEntry::Authorization {
                action,
                reason,
                evaluation,
                ..
            } => Some((action.as_str(), reason.as_str(), &**evaluation)),
            _ => None,
        })
        .expect("an authorization entry")
}

/// The statement trace with this Sid, as JSON.
fn statement(t: &Trace, sid: &str) -> Value {
    let v = serde_json::to_value(t).unwrap();
    v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["policies"].as_array().unwrap().iter())
        .flat_map(|p| p["statements"].as_array().unwrap().iter())
        .find(|s| s["sid"] == sid)
        .cloned()
        .unwrap_or_else(|| panic!("no statement {sid}"))
}

fn dataset() -> String {
    catalogue().dataset.clone()
}

#[test]
fn a_call_of_an_action_the_catalogue_does_not_list_is_a_warning_on_the_step() {
    let r = report();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.diagnostic.code == "unknown-action")
        .expect("an unknown-action warning");
    assert_eq!(
        d.diagnostic.severity,
        iam_playground::diag::Severity::Warning
    );
    assert_eq!(
        d.diagnostic.message,
        format!(
            "`s3:GetObjects` is not an action of Amazon S3 in AWS's Service Authorization Reference (as listed by {})",
            dataset()
        )
    );
    let help = d.diagnostic.help.as_deref().unwrap();
    assert!(help.starts_with("did you mean `s3:GetObject`? "), "{help}");
    assert!(help.contains("as plain text"), "{help}");
    let span = d.diagnostic.span.unwrap();
    assert_eq!(
        &SCENARIO[span.start as usize..span.end as usize],
        "\"s3:GetObjects\""
    );
    assert_eq!(d.diagnostic.path.to_string(), "$.steps[2].call");
    // The step is still decided, as AWS decides an unknown action: as plain text.
    assert_eq!(r.steps[2].decision.as_deref(), Some("implicitDeny"));
}

#[test]
fn a_call_of_an_unknown_service_is_a_warning_suggesting_the_nearest_action() {
    let r = report();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.diagnostic.code == "unknown-service")
        .expect("an unknown-service warning");
    assert_eq!(
        d.diagnostic.message,
        format!(
            "`s4` is not a service prefix in AWS's Service Authorization Reference (as listed by {})",
            dataset()
        )
    );
    assert!(d
        .diagnostic
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `s3:GetObject`? "));
    let span = d.diagnostic.span.unwrap();
    assert_eq!(
        &SCENARIO[span.start as usize..span.end as usize],
        "\"s4:GetObject\""
    );
    // Known actions raise nothing (the policies' own findings are the validator's).
    let on_steps: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.path.to_string().starts_with("$.steps"))
        .collect();
    assert_eq!(
        on_steps.len(),
        2,
        "only the two unknown calls: {on_steps:?}"
    );
}

#[test]
fn the_reason_says_the_action_does_not_exist_and_names_the_dataset() {
    let r = report();
    let (_, reason, t) = authorization(&r.steps[2]);
    assert_eq!(
        reason,
        format!(
            "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObjects on resource: arn:aws:s3:::data/report.csv because no identity-based policy allows the s3:GetObjects action (s3:GetObjects is not an action of Amazon S3 in AWS's Service Authorization Reference, as listed by {}; AWS matches an action it does not know as plain text; did you mean s3:GetObject?)",
            dataset()
        )
    );
    assert_eq!(t.reason, reason);
    let info = t.request.action_info.as_ref().unwrap();
    assert!(info.access_levels.is_empty());
    assert_eq!(info.service_name.as_deref(), Some("Amazon S3"));
    assert_eq!(info.did_you_mean.as_deref(), Some("s3:GetObject"));
    assert!(info
        .not_listed
        .as_deref()
        .unwrap()
        .starts_with("s3:GetObjects is not an action of Amazon S3"));
    // The text rendering says it under the request.
    let text = t.render_text();
    assert!(
        text.lines().nth(1).unwrap().starts_with(
            "  action: s3:GetObjects is not an action of Amazon S3 in AWS's Service Authorization Reference"
        ),
        "{text}"
    );
    assert!(text.contains("did you mean s3:GetObject?"), "{text}");

    let (_, reason, t) = authorization(&r.steps[4]);
    assert!(
        reason.contains(&format!("(s4:GetObject is not an action in AWS's Service Authorization Reference, as listed by {}: it lists no service with the prefix s4; ", dataset())),
        "{reason}"
    );
    assert!(
        reason.ends_with("; did you mean s3:GetObject?)"),
        "{reason}"
    );
    let info = t.request.action_info.as_ref().unwrap();
    assert_eq!(info.service, "s4");
    assert_eq!(info.service_name, None);
}

#[test]
fn the_request_action_is_printed_in_aws_casing_and_what_was_written_is_kept() {
    let r = report();
    let step = &r.steps[1];
    assert_eq!(step.action.as_deref(), Some("s3:getobject"));
    let (action, reason, t) = authorization(step);
    assert_eq!(action, "s3:GetObject");
    assert_eq!(t.request.action, "s3:GetObject");
    let info = t.request.action_info.as_ref().unwrap();
    assert_eq!(info.written.as_deref(), Some("s3:getobject"));
    assert!(
        reason.starts_with("User: arn:aws:iam::111111111111:user/alice is authorized to perform: s3:GetObject on resource:"),
        "{reason}"
    );
    for e in &step.trace {
        match e {
            TraceEntry::Context { action, .. } | TraceEntry::Policies { action, .. } => {
                assert_eq!(action, "s3:GetObject")
            }
            _ => {}
        }
    }
    let text = t.render_text();
    assert!(
        text.starts_with("arn:aws:iam::111111111111:user/alice s3:GetObject on "),
        "{text}"
    );
    // Written in AWS's casing already: nothing more to keep.
    let (_, _, t) = authorization(&r.steps[3]);
    assert_eq!(t.request.action_info.as_ref().unwrap().written, None);
}

#[test]
fn the_request_shows_its_service_and_access_level() {
    let r = report();
    let (_, _, t) = authorization(&r.steps[1]);
    let v = serde_json::to_value(&t.request).unwrap();
    assert_eq!(v["actionInfo"]["service"], "s3");
    assert_eq!(v["actionInfo"]["serviceName"], "Amazon S3");
    assert_eq!(v["actionInfo"]["accessLevels"], serde_json::json!(["Read"]));
    assert_eq!(v["actionInfo"]["dataset"], dataset());
    assert_eq!(v["action"], "s3:GetObject");
    let text = t.render_text();
    assert_eq!(
        text.lines().nth(1).unwrap(),
        format!(
            "  action: Amazon S3, access level Read (as listed by {}); written s3:getobject",
            dataset()
        )
    );
    let (_, _, t) = authorization(&r.steps[5]);
    assert_eq!(
        t.request.action_info.as_ref().unwrap().access_levels,
        vec!["List"]
    );
}

/// How many S3 actions start with `Get`, counted from the catalogue's lists directly.
fn s3_gets(cat: &Catalogue) -> usize {
    cat.service("s3")
        .unwrap()
        .actions
        .iter()
        .filter(|a| a.name.to_ascii_lowercase().starts_with("get"))
        .count()
}

#[test]
fn a_matching_wildcard_action_says_how_many_actions_it_covers() {
    let r = report();
    let (_, _, t) = authorization(&r.steps[7]);
    let s = statement(t, "Objects");
    let p = &s["action"]["patterns"][0];
    assert_eq!(p["pattern"], "s3:Get*");
    let n = s3_gets(catalogue());
    assert_eq!(p["covers"], n);
    // The shipped dataset's number, as a spot check of the count itself.
    assert_eq!(n, 63);
    let text = t.render_text();
    assert!(
        text.contains(&format!(
            "Action: s3:Get* (covers {n} actions) matches s3:GetObject"
        )),
        "{text}"
    );
    // A literal action covers nothing to count.
    let s = statement(t, "Data");
    assert!(s["action"]["patterns"][0].get("covers").is_none());
    // `*` covers every action of the catalogue.
    let cat = catalogue();
    let all: usize = cat.services.iter().map(|s| s.actions.len()).sum();
    assert_eq!(iam_playground::eval::catalogued::covered(cat, "*"), all);
    assert_eq!(iam_playground::eval::catalogued::covered(cat, "s3:get*"), n);
}

#[test]
fn a_statement_whose_resources_are_not_a_type_the_action_acts_on_says_so() {
    let r = report();
    let (_, _, t) = authorization(&r.steps[3]);
    let s = statement(t, "OnBucket");
    assert_eq!(s["applies"], "false");
    assert_eq!(
        s["resource"]["note"],
        "this statement's resources are not a resource type s3:GetObject acts on (accesspointobject: arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}, object: arn:${Partition}:s3:::${BucketName}/${ObjectName})"
    );
    let text = t.render_text();
    let line = text
        .lines()
        .find(|l| l.contains("✗ Allow OnBucket"))
        .unwrap();
    assert!(
        line.ends_with("— this statement's resources are not a resource type s3:GetObject acts on (accesspointobject: arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}, object: arn:${Partition}:s3:::${BucketName}/${ObjectName})"),
        "{line}"
    );
    // `data/*` could name an object: its miss is an ordinary one.
    let s = statement(t, "Data");
    assert_eq!(s["resource"]["matched"], false);
    assert!(s["resource"].get("note").is_none());
    // Step 1 allowed through `Data`; `OnBucket` missed its object for the same reason.
    let (_, _, t) = authorization(&r.steps[1]);
    assert!(statement(t, "OnBucket")["resource"]["note"]
        .as_str()
        .unwrap()
        .starts_with("this statement's resources are not a resource type s3:GetObject"));
    // An action that takes no resource type, requested on "*": the pattern's own miss says
    // that only "*" matches.
    let (_, _, t) = authorization(&r.steps[5]);
    let lists = statement(t, "Lists");
    assert!(lists["resource"].get("note").is_none());
    assert!(lists["resource"]["patterns"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("only Resource \"*\" matches"));
    // Requested on an ARN, the note says it.
    let (_, _, t) = authorization(&r.steps[6]);
    assert_eq!(
        statement(t, "Lists")["resource"]["note"],
        "s3:ListAllMyBuckets acts on no resource type: only \"Resource\": \"*\" matches its requests"
    );
}

#[test]
fn the_step_report_json_carries_the_new_fields() {
    let r = report();
    let v = serde_json::to_value(&r).unwrap();
    let eval = v["steps"][1]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["phase"] == "authorization")
        .unwrap();
    assert_eq!(eval["action"], "s3:GetObject");
    assert_eq!(
        eval["evaluation"]["request"]["actionInfo"]["written"],
        "s3:getobject"
    );
    assert_eq!(v["steps"][1]["action"], "s3:getobject");
}

/// With the catalogue, every corpus scenario still meets its expectations (the catalogue
/// changes no decision) and calls no action the catalogue does not list.
#[test]
fn the_corpus_decides_the_same_and_calls_only_actions_the_catalogue_lists() {
    catalogue();
    let mut problems = Vec::new();
    for f in corpus_support::scenario_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.display().to_string();
        let r = simulate(&name, &text);
        for d in r
            .diagnostics
            .iter()
            .filter(|d| ["unknown-action", "unknown-service"].contains(&d.diagnostic.code.as_str()))
        {
            problems.push(format!("{d}"));
        }
        if r.expectations.failed > 0 || r.invalid {
            problems.push(format!("{name}: expectations changed"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
