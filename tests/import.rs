//! The importer (`iam_playground::import`, the `import` API op and CLI subcommand) on files
//! written exactly as the AWS CLI prints each export (`tests/import/`): every shape, URL-encoded
//! documents, pagination and truncation, unknown shapes, broken JSON, a policy that does not
//! parse, AWS managed policies shipped / carried by the export / missing, the Organizations
//! allow-list case, resource ARNs and owners, AWS config profiles (the seed's, `mfa_serial`,
//! chains, untied credentials), `--into` merging, determinism, the API op and the CLI's exit
//! codes. Every imported scenario is loaded with `scenario::simulate`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_playground::diag::{LocatedDiagnostic, Severity};
use iam_playground::import::{import, ImportFile, ImportOutcome};
use iam_playground::scenario::{self, Report};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The files under `tests/import/<rel>`, named by their path from `tests/import/`.
fn files(rels: &[&str]) -> Vec<ImportFile> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<ImportFile>) {
        if dir.is_file() {
            let name = dir.strip_prefix(base).unwrap().display().to_string();
            out.push(ImportFile {
                name,
                text: std::fs::read_to_string(dir).unwrap(),
            });
            return;
        }
        for e in std::fs::read_dir(dir).unwrap() {
            walk(&e.unwrap().path(), base, out);
        }
    }
    let base = repo("tests/import");
    let mut out = Vec::new();
    for r in rels {
        walk(&base.join(r), &base, &mut out);
    }
    out
}

fn simulate(scenario: &Value) -> Report {
    scenario::simulate(
        "imported.json",
        &serde_json::to_string_pretty(scenario).unwrap(),
    )
}

/// Imports and checks that the scenario loads without errors.
fn import_ok(rels: &[&str]) -> (ImportOutcome, Report) {
    let out = import(&files(rels), None);
    let report = simulate(&out.scenario);
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "the import does not load: {errors:#?}");
    assert!(!report.invalid);
    (out, report)
}

fn diags<'a>(out: &'a ImportOutcome, code: &str) -> Vec<&'a LocatedDiagnostic> {
    out.diagnostics
        .iter()
        .filter(|d| d.diagnostic.code == code)
        .collect()
}

fn one<'a>(out: &'a ImportOutcome, code: &str) -> &'a LocatedDiagnostic {
    let found = diags(out, code);
    assert_eq!(found.len(), 1, "{code}: {:#?}", out.diagnostics);
    found[0]
}

fn account<'a>(scenario: &'a Value, id: &str) -> &'a Value {
    scenario["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no account {id}"))
}

fn entry<'a>(account: &'a Value, list: &str, name: &str) -> &'a Value {
    account[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name || e["arn"] == name)
        .unwrap_or_else(|| panic!("no {list} entry {name}"))
}

/// The line of the first occurrence of `needle` in a fixture.
fn line_of(rel: &str, needle: &str) -> u32 {
    let text = std::fs::read_to_string(repo("tests/import").join(rel)).unwrap();
    let at = text.find(needle).unwrap();
    u32::try_from(text[..at].matches('\n').count() + 1).unwrap()
}

#[test]
fn a_whole_export_folder_imports_every_shape_and_loads() {
    let (out, report) = import_ok(&["export"]);
    let s = &out.summary;
    assert_eq!(
        (s.accounts, s.users, s.groups, s.roles, s.managed_policies),
        (3, 3, 2, 3, 3)
    );
    assert_eq!((s.resources, s.units, s.scps, s.rcps), (6, 2, 1, 1));
    assert_eq!((s.profiles, s.steps), (2, 3));
    assert_eq!((s.files_recognised, s.files_unrecognised), (27, 0));
    assert_eq!(s.aws_managed_policies, 2);
    // Only warnings: the one AWS managed policy neither shipped nor exported.
    assert!(out
        .diagnostics
        .iter()
        .all(|d| d.diagnostic.severity != Severity::Error));
    let keys: Vec<&str> = out
        .scenario
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "format",
            "title",
            "description",
            "organization",
            "awsManagedPolicies",
            "accounts",
            "steps"
        ]
    );
    // The profile's steps run: alice (Developers) assumes ProdRead across accounts.
    let decisions: Vec<Option<&str>> = report.steps.iter().map(|s| s.decision.as_deref()).collect();
    assert_eq!(decisions, [None, Some("allowed"), Some("allowed")]);
}

#[test]
fn authorization_details_bring_users_groups_roles_and_default_versions() {
    let (out, _) = import_ok(&["export"]);
    let dev = account(&out.scenario, "111111111111");
    let alice = entry(dev, "users", "alice");
    assert_eq!(alice["groups"], json!(["Developers"]));
    assert_eq!(
        alice["permissionsBoundary"],
        "arn:aws:iam::111111111111:policy/DevBoundary"
    );
    assert_eq!(alice["tags"], json!({"team": "web"}));
    // The URL-encoded inline document (the raw IAM API form) arrives decoded.
    assert_eq!(
        alice["inlinePolicies"][0]["document"]["Statement"][0]["Resource"],
        "arn:aws:iam::111111111111:user/${aws:username}"
    );
    assert_eq!(entry(dev, "users", "bob")["path"], "/contractors/");
    // The default version (v2), not the older v1.
    let s3 = entry(dev, "managedPolicies", "DevS3Access");
    assert_eq!(s3["path"], "/teams/");
    assert_eq!(s3["document"]["Statement"][0]["Action"], "s3:GetObject");
    let web = entry(dev, "roles", "web-server");
    assert_eq!(web["path"], "/app/");
    assert_eq!(
        web["instanceProfiles"],
        json!(["arn:aws:iam::111111111111:instance-profile/web-server"])
    );
    let prod = account(&out.scenario, "222222222222");
    let read = entry(prod, "roles", "ProdRead");
    // A URL-encoded trust policy, and a customer managed policy from the other page.
    assert_eq!(
        read["trustPolicy"]["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::111111111111:root"
    );
    assert_eq!(
        read["managedPolicies"],
        json!([
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "arn:aws:iam::222222222222:policy/ProdDeny"
        ])
    );
    assert_eq!(read["tags"], json!({"env": "prod"}));
    // carol (page 2) is in Auditors (page 1): the pages merged.
    assert_eq!(entry(prod, "users", "carol")["groups"], json!(["Auditors"]));
    assert!(diags(&out, "truncated-export").is_empty());
}

#[test]
fn aws_managed_policies_are_referenced_embedded_or_reported_missing() {
    let (out, _) = import_ok(&["export"]);
    let embedded: Vec<&str> = out.scenario["awsManagedPolicies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["arn"].as_str().unwrap())
        .collect();
    // Athena is not shipped but the export carries it; IAMUserChangePassword is shipped but the
    // export's default version differs; AmazonS3ReadOnlyAccess is the shipped document.
    assert_eq!(
        embedded,
        [
            "arn:aws:iam::aws:policy/AmazonAthenaFullAccess",
            "arn:aws:iam::aws:policy/IAMUserChangePassword"
        ]
    );
    let d = one(&out, "aws-managed-policy-missing");
    assert_eq!(d.file, "export/222222222222/authorization-details-1.json");
    assert_eq!(d.diagnostic.severity, Severity::Warning);
    assert_eq!(
        d.diagnostic.path.to_string(),
        "$.RoleDetailList[1].AttachedManagedPolicies[0].PolicyArn"
    );
    assert_eq!(
        d.start.unwrap().line,
        line_of(
            "export/222222222222/authorization-details-1.json",
            "\"arn:aws:iam::aws:policy/AWSBackupFullAccess\""
        )
    );
    assert!(out
        .summary
        .missing
        .iter()
        .any(|m| m.contains("AWSBackupFullAccess")));
    assert!(out.scenario["description"]
        .as_str()
        .unwrap()
        .contains("AWSBackupFullAccess"));
    let backup = entry(
        account(&out.scenario, "222222222222"),
        "roles",
        "ProdBackup",
    );
    assert!(backup.get("managedPolicies").is_none());
    // The embedded document decides: carol's group has Athena from the export.
    let mut sc = out.scenario.clone();
    sc["steps"] = json!([
        {"as": "arn:aws:iam::222222222222:user/carol"},
        {"call": "athena:StartQueryExecution", "expect": "allowed"},
        {"as": "arn:aws:iam::111111111111:user/alice"},
        {"call": "iam:GetLoginProfile", "resource": "arn:aws:iam::111111111111:user/alice", "expect": "implicitDeny"}
    ]);
    let r = simulate(&sc);
    // alice's boundary (DevBoundary) does not allow iam:GetLoginProfile, which only the
    // export's version of IAMUserChangePassword grants.
    assert_eq!(
        (r.expectations.met, r.expectations.failed),
        (2, 0),
        "{:#?}",
        r.steps
    );
}

#[test]
fn every_resource_policy_shape_finds_its_resource() {
    let (out, _) = import_ok(&["export"]);
    let prod = account(&out.scenario, "222222222222");
    let arns: Vec<&str> = prod["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["arn"].as_str().unwrap())
        .collect();
    assert_eq!(
        arns,
        [
            "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:lambda:us-east-1:222222222222:function:process",
            "arn:aws:s3:::prod-data",
            "arn:aws:secretsmanager:us-east-1:222222222222:secret:db-password-AbCdEf",
            "arn:aws:sns:us-east-1:222222222222:alerts",
            "arn:aws:sqs:us-east-1:222222222222:orders",
        ]
    );
    // Policies given as JSON strings arrive as documents.
    let bucket = entry(prod, "resources", "arn:aws:s3:::prod-data");
    assert_eq!(bucket["policy"]["Statement"][0]["Action"], "s3:GetObject");
    let key = entry(
        prod,
        "resources",
        "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    assert_eq!(key["policy"]["Id"], "key-default-1");
    // The queue's policy lets Dev send: a Dev user with no identity policy for it is still
    // denied (cross-account needs both sides), and the secret's Deny applies to outsiders.
    let mut sc = out.scenario.clone();
    sc["steps"] = json!([
        {"as": "arn:aws:iam::111111111111:user/contractors/bob"},
        {"call": "sqs:SendMessage", "resource": "arn:aws:sqs:us-east-1:222222222222:orders", "expect": "implicitDeny"},
        {"call": "secretsmanager:GetSecretValue", "resource": "arn:aws:secretsmanager:us-east-1:222222222222:secret:db-password-AbCdEf", "expect": "explicitDeny"}
    ]);
    let r = simulate(&sc);
    assert_eq!(
        (r.expectations.met, r.expectations.failed),
        (2, 0),
        "{:#?}",
        r.steps
    );
}

#[test]
fn the_organization_arrives_with_units_accounts_scps_and_rcps() {
    let (out, _) = import_ok(&["export"]);
    let org = &out.scenario["organization"];
    assert_eq!(org["id"], "o-a1b2c3d4e5");
    assert_eq!(org["managementAccount"], "100000000000");
    assert_eq!(
        org["units"],
        json!([
            {"id": "ou-ab12-prod0001", "name": "Prod", "parent": "root", "accounts": ["222222222222"]},
            {"id": "ou-ab12-dev00001", "name": "Dev", "parent": "root", "accounts": ["111111111111"]}
        ])
    );
    assert_eq!(org["serviceControlPolicies"][0]["name"], "DenyLeaveOrg");
    assert_eq!(org["serviceControlPolicies"][0]["targets"], json!(["root"]));
    assert_eq!(org["serviceControlPolicies"].as_array().unwrap().len(), 1);
    assert_eq!(org["resourceControlPolicies"][0]["name"], "DenyExternalS3");
    assert_eq!(
        org["resourceControlPolicies"][0]["targets"],
        json!(["ou-ab12-prod0001"])
    );
    // FullAWSAccess is attached everywhere: the format's default, not written.
    assert!(org.get("defaultFullAWSAccess").is_none());
    assert_eq!(account(&out.scenario, "100000000000")["name"], "Management");
    assert_eq!(account(&out.scenario, "111111111111")["name"], "Dev");
}

#[test]
fn full_aws_access_detached_somewhere_is_an_allow_list() {
    let (out, _) = import_ok(&["cases/allowlist"]);
    let org = &out.scenario["organization"];
    assert_eq!(org["defaultFullAWSAccess"], false);
    let scps = org["serviceControlPolicies"].as_array().unwrap();
    let full = scps.iter().find(|p| p["name"] == "FullAWSAccess").unwrap();
    assert_eq!(
        full["targets"],
        json!(["root", "ou-zz99-sandbox1", "600000000000"])
    );
    let allow = scps.iter().find(|p| p["name"] == "AllowS3AndEC2").unwrap();
    assert_eq!(allow["targets"], json!(["600000000001"]));
    // The account's own level allows only s3 and ec2: an administrator is held to them.
    let mut sc = out.scenario.clone();
    sc["steps"] = json!([
        {"as": "arn:aws:iam::600000000001:user/erin"},
        {"call": "s3:ListAllMyBuckets", "expect": "allowed"},
        {"call": "iam:ListUsers", "expect": "implicitDeny"}
    ]);
    let r = simulate(&sc);
    assert_eq!(
        (r.expectations.met, r.expectations.failed),
        (2, 0),
        "{:#?}",
        r.steps
    );
}

#[test]
fn a_truncated_export_warns_and_imports_what_is_there() {
    let (out, _) = import_ok(&["cases/truncated"]);
    let d = one(&out, "truncated-export");
    assert_eq!(
        d.file,
        "cases/truncated/444444444444/authorization-details.json"
    );
    assert_eq!(d.diagnostic.path.to_string(), "$.IsTruncated");
    assert!(d.diagnostic.message.starts_with("truncated export"));
    assert!(d
        .diagnostic
        .help
        .as_deref()
        .unwrap()
        .contains("include every page"));
    assert_eq!(
        d.start.unwrap().line,
        line_of(
            "cases/truncated/444444444444/authorization-details.json",
            "\"IsTruncated\""
        )
    );
    // dave arrives, without the group and the policy that were on the missing page.
    let dave = entry(account(&out.scenario, "444444444444"), "users", "dave");
    assert!(dave.get("groups").is_none() && dave.get("managedPolicies").is_none());
    assert_eq!(
        one(&out, "group-not-in-export").diagnostic.path.to_string(),
        "$.UserDetailList[0].GroupList[0]"
    );
    one(&out, "managed-policy-not-in-export");
    assert_eq!(out.summary.missing.len(), 3, "{:#?}", out.summary.missing);
}

#[test]
fn broken_json_is_located_and_unknown_shapes_are_named() {
    let out = import(&files(&["cases/broken"]), None);
    let broken: Vec<&LocatedDiagnostic> = out
        .diagnostics
        .iter()
        .filter(|d| d.file == "cases/broken/not-json.json")
        .collect();
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0].diagnostic.severity, Severity::Error);
    assert!(broken[0]
        .diagnostic
        .message
        .starts_with("the file is not JSON"));
    let p = broken[0].start.unwrap();
    assert_eq!((p.line, p.column), (7, 5));
    let unknown = one(&out, "unknown-export");
    assert_eq!(unknown.file, "cases/broken/list-buckets.json");
    assert_eq!(unknown.diagnostic.severity, Severity::Warning);
    assert!(unknown
        .diagnostic
        .message
        .contains("`cases/broken/list-buckets.json` is not an export this importer knows"));
    assert!(unknown
        .diagnostic
        .message
        .contains("expected one of aws iam get-account-authorization-details"));
    assert!(!out.imported());
    assert_eq!(
        (out.summary.files_recognised, out.summary.files_unrecognised),
        (0, 2)
    );
}

#[test]
fn a_policy_that_does_not_parse_is_located_and_the_rest_imports() {
    let out = import(&files(&["cases/bad-policy"]), None);
    let file = "cases/bad-policy/333333333333/authorization-details.json";
    let errors: Vec<&LocatedDiagnostic> = out
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors.iter().all(|d| d.file == file));
    let garbled = errors
        .iter()
        .find(|d| {
            d.diagnostic
                .path
                .to_string()
                .starts_with("$.UserDetailList[1].UserPolicyList[0].PolicyDocument")
        })
        .unwrap();
    assert!(
        garbled
            .diagnostic
            .message
            .contains("of the URL-decoded document"),
        "{garbled}"
    );
    assert_eq!(garbled.start.unwrap().line, line_of(file, "\"%7B"));
    let no_effect = errors
        .iter()
        .find(|d| {
            d.diagnostic
                .path
                .to_string()
                .starts_with("$.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0]")
        })
        .unwrap();
    assert_eq!(
        no_effect.start.unwrap().line,
        line_of(file, "\"Action\": \"s3:GetObject\"") - 1
    );
    assert!(out.has_errors() && out.imported());
    // The broken documents are kept, so the scenario shows them too; everything else runs.
    let mut sc = out.scenario.clone();
    sc["steps"] = json!([
        {"as": "arn:aws:iam::333333333333:user/good"},
        {"call": "s3:ListAllMyBuckets", "expect": "allowed"}
    ]);
    let r = simulate(&sc);
    assert!(r.invalid);
    assert!(r
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == Severity::Error)
        .all(|d| d
            .diagnostic
            .path
            .to_string()
            .contains(".inlinePolicies[0].document")));
    assert_eq!(
        (r.expectations.met, r.expectations.failed),
        (1, 0),
        "{:#?}",
        r.steps
    );
}

#[test]
fn resource_arns_come_from_the_document_or_a_warning_says_how_to_name_the_file() {
    let out = import(&files(&["cases/inferred", "cases/no-owner"]), None);
    let acct = account(&out.scenario, "555555555555");
    assert_eq!(acct["resources"][0]["arn"], "arn:aws:s3:::logs-bucket");
    let unknown = one(&out, "resource-arn-unknown");
    assert_eq!(
        unknown.file,
        "cases/inferred/555555555555/resource-policies/kms/key.json"
    );
    assert!(unknown
        .diagnostic
        .help
        .as_deref()
        .unwrap()
        .contains("percent-encoded"));
    let owner = one(&out, "resource-owner-unknown");
    assert!(owner
        .diagnostic
        .message
        .contains("arn:aws:s3:::orphan-bucket"));
    assert!(owner
        .diagnostic
        .help
        .as_deref()
        .unwrap()
        .contains("12-digit account id"));
    assert_eq!(out.summary.missing.len(), 2);
    assert!(simulate(&out.scenario)
        .diagnostics
        .iter()
        .all(|d| d.diagnostic.severity != Severity::Error));
}

fn conformance_01() -> (String, String) {
    let name = "tests/conformance/01-dev-prod-readonly-mfa.json".to_string();
    let text = std::fs::read_to_string(repo(&name)).unwrap();
    (name, text)
}

#[test]
fn the_seeds_profile_merged_into_conformance_01_runs_as_its_steps_do() {
    let (name, text) = conformance_01();
    let before = scenario::simulate(&name, &text);
    let out = import(&files(&["cases/profiles/seed"]), Some((&name, &text)));
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let steps = out.scenario["steps"].as_array().unwrap();
    let old = before.steps.len();
    assert_eq!(steps.len(), old + 3);
    assert_eq!(steps[old]["as"], "arn:aws:iam::444444444440:user/Tyler-Dev");
    assert!(steps[old]["note"]
        .as_str()
        .unwrap()
        .starts_with("profile prod-read-only: what `aws --profile prod-read-only` does"));
    assert_eq!(
        steps[old + 1],
        json!({
            "assumeRole": "arn:aws:iam::123456789012:role/DevReadOnly-CrossAccount",
            "sessionName": "botocore-session-1767225600",
            "note": "`role_arn` of profile prod-read-only"
        })
    );
    assert_eq!(steps[old + 2]["call"], "sts:GetCallerIdentity");
    let r = simulate(&out.scenario);
    assert!(!r.invalid, "{:#?}", r.diagnostics);
    // The conformance steps keep their results, and the profile's AssumeRole decides as the
    // conformance scenario's own AssumeRole of the same role by the same user does.
    assert_eq!(r.expectations.failed, 0);
    assert_eq!(r.expectations.met, before.expectations.met);
    assert_eq!(r.steps[old + 1].decision, before.steps[1].decision);
    assert_eq!(r.steps[old + 1].decision.as_deref(), Some("allowed"));
    assert_eq!(r.steps[old + 2].principal.as_deref(), Some("arn:aws:sts::123456789012:assumed-role/DevReadOnly-CrossAccount/botocore-session-1767225600"));
}

#[test]
fn an_mfa_serial_profile_ties_the_user_and_passes_mfa() {
    let (name, text) = conformance_01();
    let before = scenario::simulate(&name, &text);
    let out = import(&files(&["cases/profiles/seed-mfa"]), Some((&name, &text)));
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let steps = out.scenario["steps"].as_array().unwrap();
    let old = before.steps.len();
    // No caller identity: the MFA device's name says whose keys they are.
    assert_eq!(steps[old]["as"], "arn:aws:iam::444444444440:user/Tyler-Dev");
    assert!(steps[old]["note"]
        .as_str()
        .unwrap()
        .contains("the user its `mfa_serial` names"));
    assert_eq!(
        steps[old + 1]["mfa"],
        json!({"serialNumber": "arn:aws:iam::444444444440:mfa/Tyler-Dev", "tokenCode": "123456"})
    );
    assert_eq!(steps[old + 1]["sessionName"], "AssumeRoleSession");
    let r = simulate(&out.scenario);
    assert!(!r.invalid, "{:#?}", r.diagnostics);
    // As conformance step 9 (the same AssumeRole with MFA) and unlike step 8 (without).
    assert_eq!(before.steps[9].decision.as_deref(), Some("allowed"));
    assert_eq!(before.steps[8].decision.as_deref(), Some("implicitDeny"));
    assert_eq!(r.steps[old + 1].decision, before.steps[9].decision);
}

#[test]
fn profile_chains_and_credentials_that_cannot_be_tied() {
    let mut fs = files(&["export", "cases/profiles/chain"]);
    fs.push(ImportFile {
        name: "cases/profiles/chain/caller-identity.from-ec2.json".into(),
        text: "{\n    \"UserId\": \"AROAEXAMPLEWEB000001:i-0abc1234def567890\",\n    \"Account\": \"111111111111\",\n    \"Arn\": \"arn:aws:sts::111111111111:assumed-role/web-server/i-0abc1234def567890\"\n}\n".into(),
    });
    let out = import(&fs, None);
    let steps = out.scenario["steps"].as_array().unwrap();
    let hop2 = steps
        .iter()
        .position(|s| {
            s["note"]
                .as_str()
                .is_some_and(|n| n.starts_with("profile hop2:"))
        })
        .unwrap();
    assert_eq!(steps[hop2]["as"], "arn:aws:iam::111111111111:user/alice");
    assert_eq!(
        steps[hop2 + 1],
        json!({
            "assumeRole": "arn:aws:iam::222222222222:role/ProdRead",
            "sessionName": "botocore-session-1767225600",
            "externalId": "ext-123",
            "durationSeconds": 900,
            "note": "`role_arn` of profile hop1 (its `source_profile`, chained)"
        })
    );
    assert_eq!(
        steps[hop2 + 2]["assumeRole"],
        "arn:aws:iam::222222222222:role/ProdBackup"
    );
    assert_eq!(steps[hop2 + 3]["call"], "sts:GetCallerIdentity");
    // An EC2 instance's role: the caller identity names the session.
    let ec2 = steps
        .iter()
        .find(|s| {
            s["note"]
                .as_str()
                .is_some_and(|n| n.starts_with("profile from-ec2:"))
        })
        .unwrap();
    assert_eq!(ec2["as"], "arn:aws:iam::111111111111:role/app/web-server");
    assert_eq!(ec2["via"], "ec2.amazonaws.com");
    assert_eq!(ec2["sessionName"], "i-0abc1234def567890");
    // keys-only has no caller identity and no mfa_serial: a warning on [profile untied].
    let untied = one(&out, "credentials-unknown");
    assert_eq!(untied.file, "cases/profiles/chain/aws-config");
    assert_eq!(
        untied.start.unwrap().line,
        line_of("cases/profiles/chain/aws-config", "[profile untied]")
    );
    assert!(untied
        .diagnostic
        .help
        .as_deref()
        .unwrap()
        .contains("caller-identity.keys-only.json"));
    let lost = one(&out, "source-profile-unknown");
    assert_eq!(
        lost.diagnostic.path.to_string(),
        "$[\"profile lost\"].source_profile"
    );
    assert!(out
        .summary
        .missing
        .iter()
        .any(|m| m.contains("profile `untied`")));
    // Every profile with a role_arn but untied and lost got steps (prod-read, hop1, hop2, from-ec2).
    assert_eq!(out.summary.steps, 3 + 3 + 4 + 3);
    let r = simulate(&out.scenario);
    assert!(!r.invalid, "{:#?}", r.diagnostics);
}

#[test]
fn into_keeps_the_scenario_and_replaces_same_name_entities_with_a_warning() {
    let into = r#"{
  "format": "iam-playground/scenario@1",
  "title": "mine",
  "description": "My notes.",
  "accounts": [
    {
      "id": "111111111111",
      "users": [
        {"name": "ALICE"},
        {"name": "zed"}
      ]
    }
  ],
  "steps": [
    {"as": "arn:aws:iam::111111111111:user/zed"},
    {"call": "s3:ListAllMyBuckets", "expect": "implicitDeny"}
  ]
}"#;
    let out = import(&files(&["export"]), Some(("mine.json", into)));
    let d = one(&out, "replaced-by-import");
    assert_eq!(d.file, "mine.json");
    assert_eq!(d.diagnostic.path.to_string(), "$.accounts[0].users[0]");
    assert_eq!(d.start.unwrap().line, 9);
    assert_eq!(out.scenario["title"], "mine");
    assert!(out.scenario["description"]
        .as_str()
        .unwrap()
        .starts_with("My notes.\n\nImported with"));
    let dev = account(&out.scenario, "111111111111");
    let users: Vec<&str> = dev["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["alice", "zed", "bob"]);
    let steps = out.scenario["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2 + 3);
    assert_eq!(steps[0]["as"], "arn:aws:iam::111111111111:user/zed");
    let r = simulate(&out.scenario);
    assert!(!r.invalid, "{:#?}", r.diagnostics);
    assert_eq!(r.expectations.met, 1);
}

#[test]
fn an_into_scenario_that_is_not_json_is_an_error_located_in_it() {
    let out = import(
        &files(&["cases/truncated"]),
        Some(("mine.json", "{\n  \"format\": ,\n}")),
    );
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.file == "mine.json")
        .unwrap();
    assert_eq!(d.diagnostic.severity, Severity::Error);
    assert!(d
        .diagnostic
        .message
        .starts_with("the scenario to merge into is not JSON"));
    assert_eq!(d.start.unwrap().line, 2);
}

#[test]
fn a_byte_order_mark_is_accepted_and_positions_stay_right() {
    let text = "\u{feff}{\n    \"UserDetailList\": [\n        {\n            \"UserName\": \"x\"\n        }\n    ]\n}\n";
    let out = import(
        &[ImportFile {
            name: "777777777777/authorization-details.json".into(),
            text: text.into(),
        }],
        None,
    );
    let d = one(&out, "incomplete-entry");
    assert_eq!(d.start.unwrap().line, 3);
    assert_eq!(d.start.unwrap().column, 9);
    assert!(out.imported());
}

#[test]
fn the_result_does_not_depend_on_the_order_files_are_given() {
    let mut fs = files(&["export", "cases/allowlist"]);
    let a = import(&fs, None);
    fs.reverse();
    let b = import(&fs, None);
    assert_eq!(a.scenario, b.scenario);
    assert_eq!(a.diagnostics, b.diagnostics);
}

#[test]
fn the_api_op_imports_and_refuses_malformed_requests() {
    let fs: Vec<Value> = files(&["cases/profiles/seed"])
        .into_iter()
        .map(|f| json!({"name": f.name, "text": f.text}))
        .collect();
    let (_, into) = conformance_01();
    let into: Value = serde_json::from_str(&into).unwrap();
    let req = json!({"op": "import", "files": fs, "into": into});
    let answer: Value = serde_json::from_str(&iam_playground::api::call(&req.to_string())).unwrap();
    assert_eq!(answer["type"], "success", "{answer}");
    assert_eq!(answer["summary"]["steps"], 3);
    assert_eq!(answer["summary"]["filesRecognised"], 2);
    assert_eq!(answer["diagnostics"], json!([]));
    assert_eq!(answer["scenario"]["title"], into["title"]);
    let typed = import(&files(&["cases/profiles/seed"]), None);
    let plain: Value = serde_json::from_str(&iam_playground::api::call(
        &json!({"op": "import", "files": req["files"]}).to_string(),
    ))
    .unwrap();
    assert_eq!(plain["scenario"], typed.scenario);

    for (bad, path, code) in [
        (json!({"op": "import"}), "$", "missing-field"),
        (
            json!({"op": "import", "files": {}}),
            "$.files",
            "wrong-type",
        ),
        (
            json!({"op": "import", "files": [{"name": "a.json"}]}),
            "$.files[0]",
            "missing-field",
        ),
        (
            json!({"op": "import", "files": [{"name": 1, "text": "{}"}]}),
            "$.files[0].name",
            "wrong-type",
        ),
        (
            json!({"op": "import", "files": [], "into": 5}),
            "$.into",
            "wrong-type",
        ),
    ] {
        let a: Value = serde_json::from_str(&iam_playground::api::call(&bad.to_string())).unwrap();
        assert_eq!(a["type"], "failure", "{bad}");
        assert_eq!(a["errors"][0]["code"], code, "{a}");
        assert_eq!(a["errors"][0]["path"], path, "{a}");
    }
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iam-playground"))
        .args(args)
        .current_dir(repo("tests/import"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_cli_writes_the_scenario_and_exits_by_what_was_imported() {
    let dir = std::env::temp_dir().join(format!("iam-playground-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let o = dir.join("world.json").display().to_string();
    // 0: imported (warnings allowed), written to -o, diagnostics as FILE:LINE:COLUMN.
    let (code, stdout, stderr) = cli(&["import", "export", "-o", &o]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("export/222222222222/authorization-details-1.json:"),
        "{stderr}"
    );
    assert!(stderr.contains("warning[aws-managed-policy-missing]"));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&o).unwrap()).unwrap();
    assert_eq!(written, import(&files(&["export"]), None).scenario);
    // No -o: the scenario on standard output.
    let (code, stdout, _) = cli(&["import", "cases/profiles/seed"]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout).unwrap()["format"],
        "iam-playground/scenario@1"
    );
    // 1: imported, but a policy does not parse.
    let (code, stdout, stderr) = cli(&["import", "cases/bad-policy", "-o", "-"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("\"good\""));
    assert!(stderr.contains("error["));
    // 2: nothing imported.
    let (code, stdout, stderr) = cli(&["import", "cases/broken"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("cases/broken/not-json.json:7:5: error["),
        "{stderr}"
    );
    // --into a file.
    let into = repo("tests/conformance/01-dev-prod-readonly-mfa.json")
        .display()
        .to_string();
    let (code, stdout, stderr) = cli(&["import", "cases/profiles/seed", "--into", &into]);
    assert_eq!(code, 0, "{stderr}");
    let merged: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(merged["steps"].as_array().unwrap().len(), 14 + 3);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_loader_checks_the_fields_imports_add() {
    let sc = json!({
        "format": "iam-playground/scenario@1",
        "awsManagedPolicies": [
            {"arn": "arn:aws:iam::aws:policy/Custom", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "athena:*", "Resource": "*"}]}},
            {"arn": "arn:aws:iam::aws:policy/Custom", "document": {"Version": "2012-10-17", "Statement": []}},
            {"arn": "arn:aws:iam::111111111111:policy/NotAws", "document": {}}
        ],
        "accounts": [{"id": "111111111111",
            "users": [{"name": "u", "managedPolicies": ["arn:aws:iam::aws:policy/Custom"]}],
            "roles": [{"name": "r", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "instanceProfiles": ["arn:aws:iam::111111111111:instance-profile/r", "arn:aws:iam::111111111111:instance-profile/r", "arn:aws:iam::222222222222:instance-profile/x"]}]}],
        "steps": [{"as": "arn:aws:iam::111111111111:user/u"}, {"call": "athena:ListWorkGroups", "expect": "allowed"}]
    });
    let r = simulate(&sc);
    let codes: Vec<(&str, String)> = r
        .diagnostics
        .iter()
        .map(|d| (d.diagnostic.code.as_str(), d.diagnostic.path.to_string()))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "duplicate-aws-managed-policy",
                "$.awsManagedPolicies[1].arn".to_string()
            ),
            ("bad-policy-arn", "$.awsManagedPolicies[2].arn".to_string()),
            (
                "duplicate-instance-profile",
                "$.accounts[0].roles[0].instanceProfiles[1]".to_string()
            ),
            (
                "bad-instance-profile",
                "$.accounts[0].roles[0].instanceProfiles[2]".to_string()
            ),
        ]
    );
    // With the errors removed, the carried document decides.
    let mut ok = sc.clone();
    ok["awsManagedPolicies"].as_array_mut().unwrap().truncate(1);
    ok["accounts"][0]["roles"][0]["instanceProfiles"]
        .as_array_mut()
        .unwrap()
        .truncate(1);
    let r = simulate(&ok);
    assert!(!r.invalid, "{:#?}", r.diagnostics);
    assert_eq!(r.expectations.met, 1);
}
