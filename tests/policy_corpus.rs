//! Real documents must pass: every AWS managed policy the project ships parses as an identity
//! policy (and as a boundary, within the 6,144-character limit) with no error, and so does every
//! policy document in the conformance scenarios.

use iam_playground::diag::Severity;
use iam_playground::json::{self, JsonNode};
use iam_playground::managed;
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::{parse_node, parse_text};
use std::sync::Arc;

#[test]
fn every_shipped_managed_policy_is_accepted() {
    assert!(!managed::all().is_empty());
    for p in managed::all() {
        for kind in [PolicyKind::Identity, PolicyKind::Boundary] {
            let parsed = parse_text(p.document().unwrap(), kind);
            let errors: Vec<_> = parsed
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{} as {kind:?}: {errors:#?}", p.arn);
            assert!(parsed.policy.is_some());
        }
    }
}

/// Finds policy documents in a scenario file: values of these members.
fn collect<'a>(node: &'a JsonNode, key: Option<&str>, out: &mut Vec<(&'a JsonNode, PolicyKind)>) {
    let kind = match key {
        Some("trustPolicy") => Some(PolicyKind::Trust),
        Some("document") => Some(PolicyKind::Identity),
        Some("sessionPolicy") => Some(PolicyKind::Session),
        Some("permissionsBoundary") => Some(PolicyKind::Boundary),
        Some("policy") => Some(PolicyKind::Resource),
        _ => None,
    };
    if let (Some(kind), Some(_)) = (kind, node.as_object()) {
        if node.get("Statement").is_some() {
            out.push((node, kind));
            return;
        }
    }
    if let Some(members) = node.as_object() {
        for (k, v) in members {
            collect(v, Some(&k.name), out);
        }
    } else if let Some(items) = node.as_array() {
        for v in items {
            collect(v, None, out);
        }
    }
}

#[test]
fn every_conformance_policy_is_accepted() {
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/conformance").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let root = json::parse(&text).node.unwrap();
        let mut docs = Vec::new();
        collect(&root, None, &mut docs);
        let arc: Arc<str> = Arc::from(text.as_str());
        for (node, kind) in docs {
            let parsed = parse_node(node, arc.clone(), kind);
            assert!(
                parsed
                    .diagnostics
                    .iter()
                    .all(|d| d.severity != Severity::Error),
                "{}: {:#?}",
                path.display(),
                parsed.diagnostics
            );
            seen += 1;
        }
    }
    assert!(seen >= 10, "found only {seen} policies");
}
