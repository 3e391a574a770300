//! The benchmark's export generator (`benches/support/gen_export.rs`): what it writes has the
//! shapes the AWS CLI prints, the counts asked for, consistent references, and the same bytes
//! for the same seed. Generated at a small scale so the test stays fast.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[allow(dead_code)]
#[path = "../benches/support/gen_export.rs"]
mod gen_export;

use gen_export::{generate, Sizes, SEED};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

const SMALL: Sizes = Sizes {
    accounts: 9,
    roles: 180,
    users: 60,
    groups: 14,
    policies: 90,
};

fn parsed(export: &gen_export::Export) -> BTreeMap<String, Value> {
    export
        .files
        .iter()
        .map(|f| {
            let v: Value = serde_json::from_str(&f.text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", f.path));
            (f.path.clone(), v)
        })
        .collect()
}

/// A policy document as exported: an object, or a URL-encoded string of one.
fn document(v: &Value) -> Value {
    match v {
        Value::String(s) => serde_json::from_str(&pct_decode(s)).expect("URL-encoded JSON"),
        other => other.clone(),
    }
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn scaled_sizes_reach_the_full_size_of_the_issue() {
    assert_eq!(Sizes::scaled(1.0), Sizes::FULL);
    assert_eq!(Sizes::FULL.principals(), 7000);
    let tiny = Sizes::scaled(0.0015);
    assert_eq!((tiny.accounts, tiny.roles, tiny.users), (4, 8, 3));
    assert!(Sizes::scaled(0.15).principals() > 1000);
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let a = generate(&SMALL, SEED);
    let b = generate(&SMALL, SEED);
    let c = generate(&SMALL, SEED + 1);
    let text = |e: &gen_export::Export| {
        e.files
            .iter()
            .map(|f| format!("{}\n{}", f.path, f.text))
            .collect::<String>()
    };
    assert_eq!(text(&a), text(&b));
    assert_ne!(text(&a), text(&c));
}

#[test]
fn authorization_details_have_the_cli_shape_and_the_counts_asked_for() {
    let export = generate(&SMALL, SEED);
    let files = parsed(&export);
    let s = &export.summary;
    assert_eq!(s.accounts.len(), SMALL.accounts);
    let (mut roles, mut users, mut groups, mut customer) = (0, 0, 0, 0);
    let mut encoded = 0;
    for account in &s.accounts {
        let path = format!("{account}/authorization-details.json");
        let text = &export.files.iter().find(|f| f.path == path).unwrap().text;
        assert!(
            text.starts_with("{\n    \"UserDetailList\": ["),
            "4-space CLI indent"
        );
        let d = &files[&path];
        assert_eq!(
            keys(d),
            BTreeSet::from([
                "UserDetailList",
                "GroupDetailList",
                "RoleDetailList",
                "Policies",
                "IsTruncated"
            ])
        );
        // Every policy in the account, by ARN, and how often it is attached.
        let policies: BTreeMap<&str, &Value> = d["Policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["Arn"].as_str().unwrap(), p))
            .collect();
        let mut attached: BTreeMap<String, u64> = BTreeMap::new();
        let mut boundaries: BTreeMap<String, u64> = BTreeMap::new();
        let group_names: BTreeSet<&str> = d["GroupDetailList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["GroupName"].as_str().unwrap())
            .collect();
        let mut count = |list: &Value, entity: &Value| {
            for a in list.as_array().unwrap() {
                *attached
                    .entry(a["PolicyArn"].as_str().unwrap().to_string())
                    .or_default() += 1;
            }
            if let Some(b) = entity.get("PermissionsBoundary") {
                assert_eq!(b["PermissionsBoundaryType"], "Policy");
                *boundaries
                    .entry(b["PermissionsBoundaryArn"].as_str().unwrap().to_string())
                    .or_default() += 1;
            }
        };
        for u in d["UserDetailList"].as_array().unwrap() {
            users += 1;
            assert!(u["Arn"]
                .as_str()
                .unwrap()
                .starts_with(&format!("arn:aws:iam::{account}:user/")));
            for g in u["GroupList"].as_array().unwrap() {
                assert!(group_names.contains(g.as_str().unwrap()), "{g} exists");
            }
            for p in u
                .get("UserPolicyList")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                encoded += usize::from(p["PolicyDocument"].is_string());
                assert_eq!(document(&p["PolicyDocument"])["Version"], "2012-10-17");
            }
            count(&u["AttachedManagedPolicies"], u);
        }
        for g in d["GroupDetailList"].as_array().unwrap() {
            groups += 1;
            for p in g["GroupPolicyList"].as_array().unwrap() {
                encoded += usize::from(p["PolicyDocument"].is_string());
                assert!(document(&p["PolicyDocument"])["Statement"].is_array());
            }
            count(&g["AttachedManagedPolicies"], g);
        }
        for r in d["RoleDetailList"].as_array().unwrap() {
            roles += 1;
            let arn = r["Arn"].as_str().unwrap();
            assert_eq!(
                arn,
                format!(
                    "arn:aws:iam::{account}:role{}{}",
                    r["Path"].as_str().unwrap(),
                    r["RoleName"].as_str().unwrap()
                )
            );
            assert!(r["RoleId"].as_str().unwrap().starts_with("AROA"));
            encoded += usize::from(r["AssumeRolePolicyDocument"].is_string());
            let trust = document(&r["AssumeRolePolicyDocument"]);
            let st = &trust["Statement"][0];
            assert!(
                st["Principal"].is_object(),
                "{arn}: a trust policy names a principal"
            );
            assert!(st["Action"].as_str().unwrap().starts_with("sts:AssumeRole"));
            for p in r["RolePolicyList"].as_array().unwrap() {
                encoded += usize::from(p["PolicyDocument"].is_string());
                assert!(document(&p["PolicyDocument"])["Statement"].is_array());
            }
            for ip in r["InstanceProfileList"].as_array().unwrap() {
                assert_eq!(ip["Roles"][0]["Arn"], arn);
            }
            count(&r["AttachedManagedPolicies"], r);
        }
        for (arn, p) in &policies {
            let versions = p["PolicyVersionList"].as_array().unwrap();
            let defaults: Vec<&Value> = versions
                .iter()
                .filter(|v| v["IsDefaultVersion"] == true)
                .collect();
            assert_eq!(defaults.len(), 1, "{arn}: one default version");
            assert_eq!(defaults[0]["VersionId"], p["DefaultVersionId"]);
            for v in versions {
                encoded += usize::from(v["Document"].is_string());
                assert!(document(&v["Document"])["Statement"].is_array());
            }
            assert_eq!(
                p["AttachmentCount"].as_u64().unwrap(),
                attached.get(*arn).copied().unwrap_or(0),
                "{arn}: AttachmentCount counts the attachments"
            );
            assert_eq!(
                p["PermissionsBoundaryUsageCount"].as_u64().unwrap(),
                boundaries.get(*arn).copied().unwrap_or(0),
                "{arn}: PermissionsBoundaryUsageCount counts the boundaries"
            );
            if let Some(name) = arn.strip_prefix("arn:aws:iam::aws:policy/") {
                let shipped = iam_playground::managed::find(arn).expect("a shipped AWS policy");
                assert!(name.ends_with(shipped.name));
            } else {
                assert!(arn.starts_with(&format!("arn:aws:iam::{account}:policy/")));
                customer += 1;
            }
        }
        for arn in attached.keys().chain(boundaries.keys()) {
            assert!(policies.contains_key(arn.as_str()), "{arn} is in Policies");
        }
    }
    assert_eq!(
        (roles, users, groups, customer),
        (SMALL.roles, SMALL.users, SMALL.groups, SMALL.policies)
    );
    assert_eq!(
        (s.roles, s.users, s.groups, s.customer_policies),
        (roles, users, groups, customer)
    );
    assert_eq!(encoded, s.url_encoded_documents);
    assert!(
        encoded > 0,
        "some documents are URL-encoded, as the raw IAM API returns them"
    );
    assert!(s.aws_managed_attachments > 0 && s.aws_managed_policies >= 4);
}

#[test]
fn the_shapes_that_make_who_can_realistic_are_all_there() {
    let export = generate(&SMALL, SEED);
    let files = parsed(&export);
    let mut trusts: Vec<Value> = Vec::new();
    let mut role_arns = BTreeSet::new();
    let mut grants_assume = false;
    for account in &export.summary.accounts {
        let d = &files[&format!("{account}/authorization-details.json")];
        for r in d["RoleDetailList"].as_array().unwrap() {
            role_arns.insert(r["Arn"].as_str().unwrap().to_string());
            trusts.push(document(&r["AssumeRolePolicyDocument"]));
        }
        grants_assume |= d.to_string().contains("sts:AssumeRole\"")
            && d["GroupDetailList"].to_string().contains("sts:AssumeRole");
    }
    let text: Vec<String> = trusts.iter().map(Value::to_string).collect();
    let has = |needle: &str| text.iter().filter(|t| t.contains(needle)).count();
    let services = has("\"Service\"");
    assert!(
        services * 2 > trusts.len(),
        "most roles are trusted by services"
    );
    for svc in [
        "lambda.amazonaws.com",
        "ecs-tasks.amazonaws.com",
        "ec2.amazonaws.com",
    ] {
        assert!(has(svc) > 0, "a role trusted by {svc}");
    }
    let identity = &export.summary.identity_account;
    assert!(has(&format!("arn:aws:iam::{identity}:root")) > 0);
    assert!(
        has(&format!("arn:aws:iam::{identity}:user/")) > 0,
        "trusted named users"
    );
    assert!(has("aws:MultiFactorAuthPresent") > 0);
    assert!(has("sts:ExternalId") > 0);
    assert!(
        grants_assume,
        "groups grant sts:AssumeRole on role ARN patterns"
    );
    assert!(role_arns.contains(&export.summary.probe_role));
    // The probe bucket has a bucket policy, file-named by its percent-encoded ARN.
    let bucket = &export.summary.probe_bucket;
    let name = format!(
        "/resource-policies/s3/{}.json",
        gen_export::pct_encode(bucket)
    );
    let file = export
        .files
        .iter()
        .find(|f| f.path.ends_with(&name))
        .unwrap();
    let policy: Value = serde_json::from_str(&file.text).unwrap();
    assert_eq!(keys(&policy), BTreeSet::from(["Policy"]));
    let doc: Value = serde_json::from_str(policy["Policy"].as_str().unwrap()).unwrap();
    assert!(doc.to_string().contains(&format!("{bucket}/releases/*")));
    assert!(export
        .summary
        .probe_object
        .starts_with(&format!("{bucket}/releases/")));
    // Every resource policy file decodes to the ARN of its service, with the CLI's shape.
    for f in export
        .files
        .iter()
        .filter(|f| f.path.contains("/resource-policies/"))
    {
        let parts: Vec<&str> = f.path.split('/').collect();
        let (account, service, file) = (parts[0], parts[2], parts[3]);
        let arn = pct_decode(file.strip_suffix(".json").unwrap());
        assert!(arn.starts_with(&format!("arn:aws:{service}:")), "{arn}");
        if service != "s3" {
            assert!(arn.contains(account));
        }
        let v: Value = serde_json::from_str(&f.text).unwrap();
        let text = match service {
            "s3" => v["Policy"].as_str(),
            "kms" => v["Policy"].as_str(),
            _ => v["Attributes"]["Policy"].as_str(),
        };
        let doc: Value = serde_json::from_str(text.unwrap()).unwrap();
        assert_eq!(doc["Version"], "2012-10-17");
    }
}

#[test]
fn the_organization_files_describe_one_tree_with_scps_attached() {
    let export = generate(&SMALL, SEED);
    let files = parsed(&export);
    let org = &files["organization/describe-organization.json"]["Organization"];
    assert_eq!(
        org["MasterAccountId"],
        export.summary.management_account.as_str()
    );
    assert_eq!(org["FeatureSet"], "ALL");
    let root = files["organization/list-roots.json"]["Roots"][0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    // Walk the tree from the root as the export script does.
    let mut seen_accounts = Vec::new();
    let mut queue = vec![root.clone()];
    let mut parents = Vec::new();
    while let Some(p) = queue.pop() {
        parents.push(p.clone());
        for ou in files[&format!("organization/ous-for-parent/{p}.json")]["OrganizationalUnits"]
            .as_array()
            .unwrap()
        {
            queue.push(ou["Id"].as_str().unwrap().to_string());
        }
        for a in files[&format!("organization/accounts-for-parent/{p}.json")]["Accounts"]
            .as_array()
            .unwrap()
        {
            assert_eq!(a["Status"], "ACTIVE");
            seen_accounts.push(a["Id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(
        parents.len(),
        6,
        "the root and five OUs (Workloads holds Prod and Dev)"
    );
    seen_accounts.sort();
    let mut expected = export.summary.accounts.clone();
    expected.sort();
    assert_eq!(
        seen_accounts, expected,
        "every account sits under exactly one parent"
    );
    let listed = files["organization/list-policies.SERVICE_CONTROL_POLICY.json"]["Policies"]
        .as_array()
        .unwrap();
    assert_eq!(listed.len(), export.summary.scps);
    for p in listed {
        let id = p["Id"].as_str().unwrap();
        let described = &files[&format!("organization/policy/{id}.json")]["Policy"];
        assert_eq!(&described["PolicySummary"], p);
        let content: Value = serde_json::from_str(described["Content"].as_str().unwrap()).unwrap();
        assert_eq!(content["Version"], "2012-10-17");
        let targets = files[&format!("organization/targets-for-policy/{id}.json")]["Targets"]
            .as_array()
            .unwrap();
        assert!(!targets.is_empty(), "{id} is attached somewhere");
        for t in targets {
            let tid = t["TargetId"].as_str().unwrap();
            let ok = match t["Type"].as_str().unwrap() {
                "ROOT" => tid == root,
                "ORGANIZATIONAL_UNIT" => parents.iter().any(|p| p == tid),
                "ACCOUNT" => expected.iter().any(|a| a == tid),
                other => panic!("target type {other}"),
            };
            assert!(ok, "{id} targets {tid}, which exists");
        }
    }
    let full = files["organization/targets-for-policy/p-FullAWSAccess.json"]["Targets"]
        .as_array()
        .unwrap();
    assert_eq!(
        full.len(),
        parents.len() + expected.len(),
        "FullAWSAccess is everywhere"
    );
}

#[test]
fn writing_then_reading_the_folder_gives_the_same_files() {
    let export = generate(&Sizes::scaled(0.003), SEED);
    let dir = std::env::temp_dir().join(format!("iamp-gen-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    export.write(&dir).unwrap();
    let back = gen_export::read_folder(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let want: Vec<(String, String)> = export
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    assert_eq!(back, want);
    assert_eq!(
        back.iter().map(|(_, t)| t.len() as u64).sum::<u64>(),
        export.bytes()
    );
}

/// Every policy document of the export (identity, trust, resource, SCP), decoded.
fn all_documents(files: &BTreeMap<String, Value>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (path, v) in files {
        if path.ends_with("authorization-details.json") {
            for r in v["RoleDetailList"].as_array().unwrap() {
                out.push((path.clone(), document(&r["AssumeRolePolicyDocument"])));
                for p in r["RolePolicyList"].as_array().unwrap() {
                    out.push((path.clone(), document(&p["PolicyDocument"])));
                }
            }
            for g in v["GroupDetailList"].as_array().unwrap() {
                for p in g["GroupPolicyList"].as_array().unwrap() {
                    out.push((path.clone(), document(&p["PolicyDocument"])));
                }
            }
            for u in v["UserDetailList"].as_array().unwrap() {
                for p in u
                    .get("UserPolicyList")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    out.push((path.clone(), document(&p["PolicyDocument"])));
                }
            }
            for p in v["Policies"].as_array().unwrap() {
                if p["Arn"].as_str().unwrap().starts_with("arn:aws:iam::aws:") {
                    continue;
                }
                for ver in p["PolicyVersionList"].as_array().unwrap() {
                    out.push((path.clone(), document(&ver["Document"])));
                }
            }
        } else if path.contains("/resource-policies/") {
            let text = v["Policy"].as_str().or(v["Attributes"]["Policy"].as_str());
            out.push((path.clone(), serde_json::from_str(text.unwrap()).unwrap()));
        } else if path.starts_with("organization/policy/") {
            let text = v["Policy"]["Content"].as_str().unwrap();
            out.push((path.clone(), serde_json::from_str(text).unwrap()));
        }
    }
    out
}

fn strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => vec![],
    }
}

#[test]
fn documents_are_valid_iam_and_name_only_principals_that_exist_at_every_size() {
    for sizes in [SMALL, Sizes::scaled(0.0015), Sizes::scaled(0.015)] {
        let export = generate(&sizes, SEED);
        let files = parsed(&export);
        let accounts: BTreeSet<&str> = export.summary.accounts.iter().map(String::as_str).collect();
        let mut principals: BTreeSet<String> = BTreeSet::new();
        for a in &accounts {
            let d = &files[&format!("{a}/authorization-details.json")];
            for list in ["RoleDetailList", "UserDetailList"] {
                for e in d[list].as_array().unwrap() {
                    principals.insert(e["Arn"].as_str().unwrap().to_string());
                }
            }
        }
        for (path, doc) in all_documents(&files) {
            for st in doc["Statement"].as_array().unwrap() {
                let sid = st.get("Sid").and_then(Value::as_str).unwrap_or("");
                assert!(
                    sid.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{path}: IAM accepts only letters and digits in a Sid: {sid:?}"
                );
                for key in ["Action", "NotAction", "Resource"] {
                    if let Some(Value::Array(xs)) = st.get(key) {
                        assert!(!xs.is_empty(), "{path}: an empty {key} list in {st}");
                    }
                }
                let Some(p) = st.get("Principal") else {
                    continue;
                };
                for arn in strings(&p["AWS"]) {
                    let Some(rest) = arn.strip_prefix("arn:aws:iam::") else {
                        continue;
                    };
                    let account = &rest[..12];
                    if arn.ends_with(":root") || !accounts.contains(account) {
                        continue;
                    }
                    assert!(
                        principals.contains(arn),
                        "{path}: {arn} is named as a principal but does not exist ({sizes:?})"
                    );
                }
            }
        }
    }
}
