//! The lesson presets in `tests/lessons/` (issue 5 item 4): each is an `iam-playground/scenario@1`
//! document that uses only the format's fields, teaches one rule, cites its sources, and carries an
//! expectation on every `assumeRole` and `call` step. The format itself is checked by the
//! scenario engine's own loader (`scenario::simulate`), so a typo in a field name is caught here
//! as the error the playground would show; this file adds what a lesson must be beyond valid.

// The helpers below are test code too: they fail the test by panicking.
#![allow(clippy::panic, clippy::indexing_slicing)]

use iam_playground::scenario::simulate;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Preset ids (file names without `.json`) the playground offers as lessons.
const LESSONS: &[&str] = &[
    "lesson-explicit-deny-wins",
    "lesson-cross-account-both-sides",
    "lesson-external-id",
    "lesson-mfa-in-trust-policy",
    "lesson-permissions-boundary",
    "lesson-session-policy",
    "lesson-scp",
    "lesson-revoke-sessions",
    "lesson-role-chaining",
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("lessons")
}

fn load(id: &str) -> Map<String, Value> {
    let path = dir().join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{id}: {e}"));
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => map,
        other => panic!("{id}: not a JSON object: {other:?}"),
    }
}

fn array<'a>(v: Option<&'a Value>, at: &str) -> &'a [Value] {
    match v {
        None => &[],
        Some(Value::Array(a)) => a,
        Some(other) => panic!("{at}: expected an array, found {other}"),
    }
}

#[test]
fn every_lesson_preset_exists_and_nothing_else() {
    let mut found: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut want: Vec<String> = LESSONS.iter().map(|id| format!("{id}.json")).collect();
    want.sort();
    assert_eq!(found, want);
}

/// The scenario engine itself holds each lesson to the format (unknown fields, step kinds,
/// references, organization, policy documents): loading and running it finds no error and no
/// warning, every expectation is met, and no step is left unevaluated.
#[test]
fn every_lesson_follows_the_scenario_format() {
    use iam_playground::diag::Severity;
    for id in LESSONS {
        let file = format!("tests/lessons/{id}.json");
        let text = std::fs::read_to_string(dir().join(format!("{id}.json"))).unwrap();
        assert_eq!(
            load(id).get("format").and_then(Value::as_str),
            Some("iam-playground/scenario@1"),
            "{id}"
        );
        assert!(
            !array(load(id).get("accounts"), id).is_empty(),
            "{id}: no accounts"
        );
        let report = simulate(&file, &text);
        // Lessons teach good practice: no errors and no warnings (suggestions are fine).
        let findings: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.diagnostic.severity != Severity::Suggestion)
            .collect();
        assert!(findings.is_empty(), "{id}: {findings:#?}");
        assert!(!report.invalid, "{id}: invalid");
        assert!(!report.steps.is_empty(), "{id}: no steps ran");
        assert_eq!(
            report.steps.first().map(|s| s.kind.as_str()),
            Some("as"),
            "{id}: the first step must be `as`"
        );
        for s in &report.steps {
            if matches!(s.kind.as_str(), "assumeRole" | "call") {
                assert!(
                    s.expect.is_some(),
                    "{id}: steps[{}]: every {} step needs an expect",
                    s.index,
                    s.kind
                );
            } else {
                assert!(
                    s.expect.is_none(),
                    "{id}: steps[{}]: only requests carry an expect",
                    s.index
                );
            }
            assert!(
                s.not_evaluated.is_none(),
                "{id}: steps[{}] not evaluated",
                s.index
            );
        }
        let expected = report.steps.iter().filter(|s| s.expect.is_some()).count();
        assert_eq!(
            report.expectations.met, expected,
            "{id}: {:#?}",
            report.steps
        );
        assert_eq!(report.expectations.failed, 0, "{id}");
        assert_eq!(report.expectations.cannot_evaluate, 0, "{id}");
        assert_eq!(report.exit_code(), 0, "{id}");
    }
}

#[test]
fn every_lesson_explains_itself_and_cites_its_sources() {
    for id in LESSONS {
        let doc = load(id);
        let title = doc.get("title").and_then(Value::as_str).unwrap_or_default();
        assert!(title.starts_with("Lesson: "), "{id}: title {title:?}");
        let description = doc
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        assert!(description.contains("**The rule.**"), "{id}: says its rule");
        assert!(
            description.contains("https://docs.aws.amazon.com/"),
            "{id}: names its AWS documentation source"
        );
    }
}

/// Each lesson shows its rule both ways: at least one request is allowed and at least one is
/// denied, so a learner sees the rule flip the outcome.
#[test]
fn every_lesson_shows_an_allowed_and_a_denied_request() {
    for id in LESSONS {
        let doc = load(id);
        let expects: Vec<&str> = array(doc.get("steps"), id)
            .iter()
            .filter_map(|s| s.get("expect").and_then(Value::as_str))
            .collect();
        assert!(expects.contains(&"allowed"), "{id}");
        assert!(
            expects
                .iter()
                .any(|e| matches!(*e, "explicitDeny" | "implicitDeny")),
            "{id}"
        );
    }
}

/// Every policy document of every lesson is one IAM would store: the policy parser, given the
/// document's kind (identity, trust, bucket, boundary, session, SCP), finds no error in it.
#[test]
fn every_lesson_policy_parses_without_errors() {
    use iam_playground::diag::Severity;
    use iam_playground::policy::{
        model::{PolicyKind, PolicyVersion},
        parse_text,
    };
    for id in LESSONS {
        let doc = load(id);
        let mut found: Vec<(PolicyKind, String, Value)> = Vec::new();
        let named = |v: Option<&Value>, kind, at: &str, out: &mut Vec<_>| {
            for (i, p) in array(v, at).iter().enumerate() {
                if let Some(d) = p.get("document") {
                    out.push((kind, format!("{at}[{i}]"), d.clone()));
                }
            }
        };
        let mut boundaries = Vec::new();
        for (a, account) in array(doc.get("accounts"), id).iter().enumerate() {
            let at = format!("{id}: accounts[{a}]");
            for (u, user) in array(account.get("users"), &at).iter().enumerate() {
                let at = format!("{at}.users[{u}]");
                named(
                    user.get("inlinePolicies"),
                    PolicyKind::Identity,
                    &at,
                    &mut found,
                );
                if let Some(b) = user.get("permissionsBoundary").and_then(Value::as_str) {
                    boundaries.push(b.rsplit('/').next().unwrap_or(b).to_string());
                }
            }
            for (g, group) in array(account.get("groups"), &at).iter().enumerate() {
                let at = format!("{at}.groups[{g}]");
                named(
                    group.get("inlinePolicies"),
                    PolicyKind::Identity,
                    &at,
                    &mut found,
                );
            }
            for (r, role) in array(account.get("roles"), &at).iter().enumerate() {
                let at = format!("{at}.roles[{r}]");
                named(
                    role.get("inlinePolicies"),
                    PolicyKind::Identity,
                    &at,
                    &mut found,
                );
                if let Some(t) = role.get("trustPolicy") {
                    found.push((PolicyKind::Trust, format!("{at}.trustPolicy"), t.clone()));
                }
                if let Some(b) = role.get("permissionsBoundary").and_then(Value::as_str) {
                    boundaries.push(b.rsplit('/').next().unwrap_or(b).to_string());
                }
            }
            for (r, res) in array(account.get("resources"), &at).iter().enumerate() {
                if let Some(p) = res.get("policy") {
                    let at = format!("{at}.resources[{r}].policy");
                    found.push((PolicyKind::Resource, at, p.clone()));
                }
            }
            for (m, p) in array(account.get("managedPolicies"), &at)
                .iter()
                .enumerate()
            {
                let at = format!("{at}.managedPolicies[{m}]");
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                let d = p.get("document").cloned().unwrap_or(Value::Null);
                found.push((PolicyKind::Identity, at.clone(), d.clone()));
                if boundaries.iter().any(|b| b == name) {
                    found.push((PolicyKind::Boundary, at, d));
                }
            }
        }
        if let Some(org) = doc.get("organization") {
            named(
                org.get("serviceControlPolicies"),
                PolicyKind::ServiceControl,
                &format!("{id}: organization.serviceControlPolicies"),
                &mut found,
            );
            named(
                org.get("resourceControlPolicies"),
                PolicyKind::ResourceControl,
                &format!("{id}: organization.resourceControlPolicies"),
                &mut found,
            );
        }
        for (s, step) in array(doc.get("steps"), id).iter().enumerate() {
            if let Some(p) = step.get("sessionPolicy") {
                let at = format!("{id}: steps[{s}].sessionPolicy");
                found.push((PolicyKind::Session, at, p.clone()));
            }
        }
        assert!(!found.is_empty(), "{id}: no policies");
        for (kind, at, value) in found {
            let text = match value {
                Value::String(text) => text,
                other => serde_json::to_string_pretty(&other).unwrap(),
            };
            let parsed = parse_text(&text, kind);
            let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{at} ({kind:?}): {errors:#?}\n{text}");
            assert_eq!(
                parsed.policy.map(|p| p.version),
                Some(PolicyVersion::V2012_10_17),
                "{at}: lessons write \"Version\": \"2012-10-17\""
            );
            // Lessons teach good practice: no warnings either (suggestions are fine).
            let warnings: Vec<_> = parsed
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Suggestion)
                .map(|d| &d.code)
                .collect();
            assert!(
                warnings.is_empty(),
                "{at} ({kind:?}): findings {warnings:?}\n{text}"
            );
        }
    }
}
