//! The lesson presets in `tests/lessons/` (issue 5 item 4): each is an `iam-playground/scenario@1`
//! document that uses only the format's fields, teaches one rule, cites its sources, and carries an
//! expectation on every `assumeRole` and `call` step. The scenario engine's corpus test runs them;
//! this test holds them to the format on their own, so a typo in a field name is caught here.

// The helpers below are test code too: they fail the test by panicking.
#![allow(clippy::panic, clippy::indexing_slicing)]

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

/// Fails when `obj` has a key outside `allowed`, naming where.
fn only(obj: &Map<String, Value>, allowed: &[&str], at: &str) {
    for key in obj.keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{at}: unknown field `{key}`"
        );
    }
}

fn object<'a>(v: &'a Value, at: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{at}: expected an object, found {v}"))
}

fn array<'a>(v: Option<&'a Value>, at: &str) -> &'a [Value] {
    match v {
        None => &[],
        Some(Value::Array(a)) => a,
        Some(other) => panic!("{at}: expected an array, found {other}"),
    }
}

/// A policy is a JSON object (the document) or a string holding its text.
fn policy(v: &Value, at: &str) {
    let doc = match v {
        Value::String(text) => serde_json::from_str::<Value>(text)
            .unwrap_or_else(|e| panic!("{at}: pasted policy is not JSON: {e}")),
        other => other.clone(),
    };
    let doc = object(&doc, at);
    assert_eq!(
        doc.get("Version").and_then(Value::as_str),
        Some("2012-10-17"),
        "{at}"
    );
    assert!(doc.contains_key("Statement"), "{at}: no Statement");
}

fn named_policies(v: Option<&Value>, at: &str) {
    for (i, p) in array(v, at).iter().enumerate() {
        let at = format!("{at}[{i}]");
        let p = object(p, &at);
        only(p, &["name", "document", "path"], &at);
        assert!(p.get("name").is_some_and(Value::is_string), "{at}: name");
        policy(
            p.get("document")
                .unwrap_or_else(|| panic!("{at}: document")),
            &format!("{at}.document"),
        );
    }
}

fn strings(v: Option<&Value>, at: &str) -> Vec<String> {
    array(v, at)
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("{at}: expected strings"))
                .to_string()
        })
        .collect()
}

fn account(a: &Value, at: &str) {
    let a = object(a, at);
    only(
        a,
        &[
            "id",
            "name",
            "managedPolicies",
            "users",
            "groups",
            "roles",
            "resources",
        ],
        at,
    );
    let id = a.get("id").and_then(Value::as_str).unwrap_or_default();
    assert!(
        id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()),
        "{at}: id {id:?} is not 12 digits"
    );
    named_policies(a.get("managedPolicies"), &format!("{at}.managedPolicies"));
    for (i, u) in array(a.get("users"), at).iter().enumerate() {
        let at = format!("{at}.users[{i}]");
        let u = object(u, &at);
        only(
            u,
            &[
                "name",
                "path",
                "groups",
                "inlinePolicies",
                "managedPolicies",
                "permissionsBoundary",
                "tags",
                "mfaDevices",
            ],
            &at,
        );
        named_policies(u.get("inlinePolicies"), &format!("{at}.inlinePolicies"));
        strings(u.get("managedPolicies"), &at);
        strings(u.get("groups"), &at);
        strings(u.get("mfaDevices"), &at);
    }
    for (i, g) in array(a.get("groups"), at).iter().enumerate() {
        let at = format!("{at}.groups[{i}]");
        let g = object(g, &at);
        only(
            g,
            &["name", "path", "inlinePolicies", "managedPolicies"],
            &at,
        );
        named_policies(g.get("inlinePolicies"), &format!("{at}.inlinePolicies"));
    }
    for (i, r) in array(a.get("roles"), at).iter().enumerate() {
        let at = format!("{at}.roles[{i}]");
        let r = object(r, &at);
        only(
            r,
            &[
                "name",
                "path",
                "trustPolicy",
                "inlinePolicies",
                "managedPolicies",
                "permissionsBoundary",
                "tags",
                "maxSessionDuration",
            ],
            &at,
        );
        policy(
            r.get("trustPolicy")
                .unwrap_or_else(|| panic!("{at}: trustPolicy")),
            &format!("{at}.trustPolicy"),
        );
        named_policies(r.get("inlinePolicies"), &format!("{at}.inlinePolicies"));
        strings(r.get("managedPolicies"), &at);
    }
    for (i, r) in array(a.get("resources"), at).iter().enumerate() {
        let at = format!("{at}.resources[{i}]");
        let r = object(r, &at);
        only(r, &["arn", "policy", "tags"], &at);
        if let Some(p) = r.get("policy") {
            policy(p, &format!("{at}.policy"));
        }
    }
}

fn organization(o: &Value) {
    let at = "organization";
    let o = object(o, at);
    only(
        o,
        &[
            "id",
            "managementAccount",
            "units",
            "serviceControlPolicies",
            "resourceControlPolicies",
            "defaultFullAWSAccess",
            "members",
        ],
        at,
    );
    for (i, u) in array(o.get("units"), at).iter().enumerate() {
        only(
            object(u, at),
            &["id", "name", "parent", "accounts"],
            &format!("{at}.units[{i}]"),
        );
    }
    for key in ["serviceControlPolicies", "resourceControlPolicies"] {
        for (i, p) in array(o.get(key), at).iter().enumerate() {
            let at = format!("{at}.{key}[{i}]");
            let p = object(p, &at);
            only(p, &["name", "document", "targets"], &at);
            policy(
                p.get("document")
                    .unwrap_or_else(|| panic!("{at}: document")),
                &at,
            );
            assert!(!strings(p.get("targets"), &at).is_empty(), "{at}: targets");
        }
    }
}

/// The step kinds and the fields each may carry (besides `expect`, `expectError` and `note`).
const STEP_KINDS: &[(&str, &[&str])] = &[
    ("as", &["mfa", "sourceIp", "via", "sessionName"]),
    (
        "assumeRole",
        &[
            "sessionName",
            "externalId",
            "mfa",
            "durationSeconds",
            "sessionPolicy",
            "sessionPolicyArns",
            "tags",
            "transitiveTagKeys",
            "sourceIdentity",
        ],
    ),
    ("call", &["resource", "context"]),
    ("revokeSessions", &[]),
    ("advanceTime", &[]),
    ("setTime", &[]),
    ("exitRole", &[]),
];

fn step(s: &Value, at: &str) {
    let s = object(s, at);
    let kinds: Vec<_> = STEP_KINDS
        .iter()
        .filter(|(k, _)| s.contains_key(*k))
        .collect();
    assert_eq!(kinds.len(), 1, "{at}: a step has exactly one kind");
    let (kind, fields) = kinds[0];
    let mut allowed = vec![*kind, "expect", "expectError", "note"];
    allowed.extend_from_slice(fields);
    only(s, &allowed, at);
    let expect = s.get("expect").and_then(Value::as_str);
    if matches!(*kind, "assumeRole" | "call") {
        assert!(
            matches!(
                expect,
                Some("allowed" | "explicitDeny" | "implicitDeny" | "error")
            ),
            "{at}: every {kind} step needs an expect, found {expect:?}"
        );
    } else {
        assert!(expect.is_none(), "{at}: only requests carry an expect");
    }
    if s.contains_key("expectError") {
        assert_eq!(
            expect,
            Some("error"),
            "{at}: expectError needs expect error"
        );
    }
    if let Some(p) = s.get("sessionPolicy") {
        policy(p, &format!("{at}.sessionPolicy"));
    }
    if let Some(m) = s.get("mfa") {
        if *kind == "assumeRole" {
            let m = object(m, at);
            only(m, &["serialNumber", "tokenCode"], &format!("{at}.mfa"));
        } else {
            assert!(m.is_boolean(), "{at}: mfa on `as` is a boolean");
        }
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

#[test]
fn every_lesson_follows_the_scenario_format() {
    for id in LESSONS {
        let doc = load(id);
        only(
            &doc,
            &[
                "format",
                "title",
                "description",
                "time",
                "organization",
                "accounts",
                "steps",
            ],
            id,
        );
        assert_eq!(
            doc.get("format").and_then(Value::as_str),
            Some("iam-playground/scenario@1"),
            "{id}"
        );
        if let Some(o) = doc.get("organization") {
            organization(o);
        }
        let accounts = array(doc.get("accounts"), id);
        assert!(!accounts.is_empty(), "{id}: no accounts");
        for (i, a) in accounts.iter().enumerate() {
            account(a, &format!("{id}: accounts[{i}]"));
        }
        let steps = array(doc.get("steps"), id);
        assert!(
            steps.first().is_some_and(|s| s.get("as").is_some()),
            "{id}: the first step must be `as`"
        );
        for (i, s) in steps.iter().enumerate() {
            step(s, &format!("{id}: steps[{i}]"));
        }
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
        let cites_fact = description
            .match_indices('F')
            .any(|(i, _)| description[i + 1..].starts_with(|c: char| c.is_ascii_digit()));
        assert!(
            cites_fact,
            "{id}: cites a fact of iam-semantics.md (F-number)"
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
    use iam_playground::policy::{model::PolicyKind, parse_text};
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
