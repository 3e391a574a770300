//! Who-can, reach and diff over a world whose steps prove every path
//! (`tests/whatif/chains.json`): the answers are checked against those steps, every answer is
//! replayed as a scenario, and the CLI's exit codes are the documented ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iam_playground::api;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::Command;

const WORLD: &str = "tests/whatif/chains.json";
const OBJECT: &str = "arn:aws:s3:::prod-data/report.csv";

fn world() -> Value {
    let text = std::fs::read_to_string(WORLD).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn call(req: &Value) -> Value {
    api::answer(&req.to_string())
}

fn who_can(action: &str, resource: &str) -> Value {
    let a =
        call(&json!({"op": "whoCan", "scenario": world(), "action": action, "resource": resource}));
    assert_eq!(a["type"], "success", "{a}");
    assert_eq!(a["invalid"], false, "{a}");
    a
}

fn answers_by_principal(a: &Value) -> BTreeMap<String, Value> {
    a["answers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| (x["principal"].as_str().unwrap_or("").to_string(), x.clone()))
        .collect()
}

fn condition_keys(answer: &Value) -> Vec<String> {
    answer["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["key"].as_str().unwrap_or("").to_string())
        .collect()
}

fn simulate(scenario: &Value) -> Value {
    let a = call(&json!({"op": "simulate", "scenario": scenario}));
    a["report"].clone()
}

#[test]
fn the_world_s_steps_prove_the_paths_the_queries_must_find() {
    let r = simulate(&world());
    assert_eq!(r["invalid"], false);
    assert_eq!(r["expectations"]["failed"], 0, "{}", r["expectations"]);
    assert_eq!(r["expectations"]["met"], 11);
}

#[test]
fn who_can_lists_exactly_the_principals_with_a_path_and_their_conditions() {
    let a = who_can("s3:GetObject", OBJECT);
    let by = answers_by_principal(&a);
    let expected: BTreeMap<&str, (&str, u64, Vec<&str>)> = [
        // alice → Deployer → ProdAdmin (ExternalId) → s3:* on the bucket's objects.
        (
            "arn:aws:iam::111111111111:user/alice",
            ("user", 2, vec!["sts:ExternalId"]),
        ),
        // bob → ProdRead, whose trust policy wants MFA.
        (
            "arn:aws:iam::111111111111:user/bob",
            ("user", 1, vec!["aws:MultiFactorAuthPresent"]),
        ),
        // The bucket owner's root user.
        ("arn:aws:iam::333333333333:root", ("root", 0, vec![])),
        (
            "arn:aws:iam::222222222222:role/BuildFn",
            ("role", 0, vec![]),
        ),
        (
            "arn:aws:iam::222222222222:role/Deployer",
            ("role", 1, vec!["sts:ExternalId"]),
        ),
        (
            "arn:aws:iam::333333333333:role/ProdAdmin",
            ("role", 0, vec!["sts:ExternalId"]),
        ),
        (
            "arn:aws:iam::333333333333:role/ProdRead",
            ("role", 0, vec!["aws:MultiFactorAuthPresent"]),
        ),
        (
            "arn:aws:iam::333333333333:role/ProdAudit",
            ("role", 0, vec![]),
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        by.keys().map(String::as_str).collect::<Vec<_>>(),
        expected.keys().copied().collect::<Vec<_>>(),
        "carol (no permissions), dave (blocked by his own Deny), the other roots and the loop roles cannot"
    );
    for (p, (kind, depth, keys)) in expected {
        let x = &by[p];
        assert_eq!(x["principalKind"], kind, "{p}");
        assert_eq!(x["depth"], depth, "{p}");
        assert_eq!(condition_keys(x), keys, "{p}");
        assert_eq!(x["decision"], "allowed", "{p}");
    }
    assert_eq!(
        by["arn:aws:iam::222222222222:role/BuildFn"]["usedBy"],
        json!(["lambda.amazonaws.com"])
    );
    assert_eq!(a["summary"]["answers"], 8);
    assert_eq!(a["summary"]["conditional"], 5);
}

#[test]
fn every_answer_replays_as_a_scenario_whose_requests_are_all_allowed() {
    let a = who_can("s3:GetObject", OBJECT);
    let mut replayed = 0;
    for x in a["answers"].as_array().into_iter().flatten() {
        let steps = x["steps"].as_array().cloned().unwrap_or_default();
        if steps.is_empty() {
            continue;
        }
        let mut sc = world();
        sc["steps"] = Value::Array(steps.clone());
        let r = simulate(&sc);
        let expects = steps.iter().filter(|s| s.get("expect").is_some()).count();
        assert!(expects >= 1, "{x}");
        assert_eq!(r["expectations"]["failed"], 0, "{}: {}", x["principal"], r);
        assert_eq!(r["expectations"]["met"], expects, "{}", x["principal"]);
        let last = steps.last().cloned().unwrap_or(Value::Null);
        assert_eq!(last["call"], "s3:GetObject");
        assert_eq!(last["resource"], OBJECT);
        replayed += 1;
    }
    assert_eq!(
        replayed, 7,
        "every answer but ProdAudit's has runnable steps"
    );
}

#[test]
fn each_hop_names_its_decisive_statements() {
    let a = who_can("s3:GetObject", OBJECT);
    let alice = &answers_by_principal(&a)["arn:aws:iam::111111111111:user/alice"];
    let hops = alice["hops"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = hops
        .iter()
        .map(|h| h["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["as", "assumeRole", "assumeRole", "call"]);
    let policies = |h: &Value| -> Vec<String> {
        h["decisive"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| d["policy"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        policies(&hops[1]),
        ["trust policy of role Deployer", "AssumeDeployer"],
        "cross-account: the trust policy and the caller's own policy both decide"
    );
    assert!(policies(&hops[2]).contains(&"trust policy of role ProdAdmin".to_string()));
    assert_eq!(hops[3]["decisive"][0]["sid"], "AllOnData");
    assert_eq!(
        hops[3]["principal"],
        "arn:aws:sts::333333333333:assumed-role/ProdAdmin/who-can"
    );
    let cond = &alice["conditions"][0];
    assert_eq!(
        cond["step"], 2,
        "the ExternalId goes on the second assumeRole step"
    );
    assert_eq!(
        cond["text"],
        "if the AssumeRole call passes ExternalId `deploy-7`"
    );
    assert_eq!(alice["steps"][2]["externalId"], "deploy-7");
    let bob = &answers_by_principal(&a)["arn:aws:iam::111111111111:user/bob"];
    assert_eq!(
        bob["steps"][1]["mfa"]["serialNumber"],
        "arn:aws:iam::111111111111:mfa/bob"
    );
}

#[test]
fn a_role_nobody_can_be_shown_assuming_starts_from_a_session_and_says_so() {
    let a = who_can("s3:GetObject", OBJECT);
    let audit = &answers_by_principal(&a)["arn:aws:iam::333333333333:role/ProdAudit"];
    assert_eq!(audit["steps"], json!([]));
    assert_eq!(audit["hops"][0]["kind"], "session");
    assert!(audit["note"]
        .as_str()
        .unwrap_or("")
        .contains("no principal of this world"));
}

#[test]
fn conditions_the_query_cannot_meet_are_unsettled_never_assumed() {
    let a = who_can("s3:GetObject", OBJECT);
    let unsettled = a["unsettled"].as_array().cloned().unwrap_or_default();
    assert_eq!(unsettled.len(), 1, "{unsettled:?}");
    assert_eq!(a["summary"]["unsettled"], 1);
    let u = &unsettled[0];
    assert_eq!(u["principal"], "arn:aws:iam::111111111111:user/dave");
    assert_eq!(u["target"], "arn:aws:iam::333333333333:role/ProdAudit");
    assert_eq!(u["decision"], "implicitDeny");
    assert_eq!(u["withConditions"], "explicitDeny");
    assert_eq!(
        u["conditions"],
        json!(["StringEquals sts:SourceIdentity \"admin\""])
    );
}

#[test]
fn an_assume_role_cycle_terminates_and_is_counted() {
    let a = who_can("sqs:SendMessage", "arn:aws:sqs:us-east-1:222222222222:jobs");
    let by = answers_by_principal(&a);
    assert_eq!(by["arn:aws:iam::222222222222:role/LoopB"]["depth"], 0);
    assert_eq!(by["arn:aws:iam::222222222222:role/LoopA"]["depth"], 1);
    assert!(
        a["summary"]["cycles"].as_u64().unwrap_or(0) >= 1,
        "{}",
        a["summary"]
    );
    assert_eq!(a["summary"]["depthLimited"], false);
}

#[test]
fn an_undeclared_resource_is_named_as_missing_and_roots_are_not_guessed() {
    let a = who_can("s3:GetObject", "arn:aws:s3:::elsewhere/x");
    let missing = a["missing"].to_string();
    assert!(
        missing.contains("is not declared in the world"),
        "{missing}"
    );
    assert!(answers_by_principal(&a)
        .keys()
        .all(|p| !p.ends_with(":root")));
}

#[test]
fn reach_follows_chains_and_lists_access_with_conditions() {
    let a = call(
        &json!({"op": "reach", "scenario": world(), "principal": "arn:aws:iam::111111111111:user/alice"}),
    );
    assert_eq!(a["type"], "success", "{a}");
    let roles: Vec<(String, u64)> = a["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["role"].as_str().unwrap_or("").to_string(),
                r["depth"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("arn:aws:iam::222222222222:role/Deployer".to_string(), 1),
            ("arn:aws:iam::333333333333:role/ProdAdmin".to_string(), 2)
        ]
    );
    assert_eq!(a["roles"][1]["conditions"][0]["key"], "sts:ExternalId");
    let access: Vec<(String, String, String)> = a["access"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| {
            (
                x["action"].as_str().unwrap_or("").to_string(),
                x["resource"].as_str().unwrap_or("").to_string(),
                x["as"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        access,
        [(
            "s3:GetObject".to_string(),
            "arn:aws:s3:::prod-data".to_string(),
            "arn:aws:iam::333333333333:role/ProdAdmin".to_string()
        )],
        "ProdAdmin's s3:* covers the bucket ARN itself"
    );
}

#[test]
fn query_requests_that_cannot_be_served_are_failures_naming_the_field() {
    let a = call(&json!({"op": "whoCan", "scenario": world()}));
    assert_eq!(a["type"], "failure");
    assert_eq!(a["errors"][0]["code"], "missing-field");
    let a = call(
        &json!({"op": "whoCan", "scenario": world(), "action": "s3:GetObject", "maxHops": 99}),
    );
    assert_eq!(a["errors"][0]["path"], "$.maxHops");
    let a = call(
        &json!({"op": "reach", "scenario": world(), "principal": "arn:aws:iam::111111111111:user/zed"}),
    );
    assert_eq!(a["errors"][0]["code"], "unknown-principal");
    let a = call(&json!({"op": "whoCan", "scenario": "{ not json", "action": "s3:GetObject"}));
    assert_eq!(a["type"], "success");
    assert_eq!(a["invalid"], true);
    assert_eq!(a["diagnostics"][0]["start"]["line"], 1, "{a}");
    assert_eq!(a["diagnostics"][0]["start"]["column"], 3, "{a}");
}

/// The world with ProdRead's trust policy no longer asking for MFA.
fn without_mfa() -> Value {
    let mut w = world();
    let roles = &mut w["accounts"][2]["roles"];
    assert_eq!(roles[1]["name"], "ProdRead");
    if let Some(st) = roles[1]["trustPolicy"]["Statement"][0].as_object_mut() {
        st.remove("Condition");
    }
    w
}

#[test]
fn diff_lists_the_step_and_the_trust_edge_that_flipped() {
    let a = call(&json!({"op": "diff", "before": world(), "after": without_mfa()}));
    assert_eq!(a["type"], "success", "{a}");
    assert_eq!(a["changed"], true);
    let steps = a["steps"].as_array().cloned().unwrap_or_default();
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0]["index"], 7);
    assert_eq!(steps[0]["before"], "implicitDeny");
    assert_eq!(steps[0]["after"], "allowed");
    assert!(steps[0]["afterStatements"]
        .to_string()
        .contains("trust policy of role ProdRead"));
    assert_eq!(
        steps[0]["beforeStatements"],
        json!([]),
        "an implicit deny rests on no statement"
    );
    // Step 8 now runs as the ProdRead session from step 7 (role chaining to the same role,
    // which its trust policy does not allow): it flips the other way.
    assert_eq!(steps[1]["index"], 8);
    assert_eq!(
        steps[1]["principal"],
        "arn:aws:sts::333333333333:assumed-role/ProdRead/bob"
    );
    assert_eq!(steps[1]["before"], "allowed");
    assert_eq!(steps[1]["after"], "implicitDeny");
    let assume = a["assume"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        assume,
        [json!({
            "principal": "arn:aws:iam::111111111111:user/bob",
            "role": "arn:aws:iam::333333333333:role/ProdRead",
            "before": "allowed if Bool aws:MultiFactorAuthPresent \"true\"",
            "after": "allowed"
        })]
    );
    let same = call(&json!({"op": "diff", "before": world(), "after": world()}));
    assert_eq!(same["changed"], false);
}

#[test]
fn two_worlds_without_steps_compare_who_can_assume_and_access() {
    let mut before = world();
    before["steps"] = json!([]);
    let mut after = without_mfa();
    after["steps"] = json!([]);
    // And the bucket policy no longer lets BuildFn read.
    after["accounts"][2]["resources"][0]["policy"]["Statement"][0]["Effect"] = json!("Deny");
    let a = call(&json!({"op": "diff", "before": before, "after": after}));
    assert_eq!(a["steps"], json!([]));
    assert_eq!(a["assume"].as_array().map(Vec::len), Some(1));
    let access: Vec<(String, String, String, String)> = a["access"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| {
            let f = |k: &str| x[k].as_str().unwrap_or("").to_string();
            (f("principal"), f("action"), f("resource"), f("after"))
        })
        .collect();
    assert_eq!(
        access,
        [(
            "arn:aws:iam::222222222222:role/BuildFn".to_string(),
            "s3:GetObject".to_string(),
            "arn:aws:s3:::prod-data/any-object".to_string(),
            "explicitDeny".to_string()
        )],
        "only BuildFn loses access; ProdAdmin and ProdRead keep theirs"
    );
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iam-playground"))
        .args(args)
        .output()
        .expect("the CLI runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_who_can_reach_and_diff_exit_codes() {
    let dir = std::env::temp_dir().join(format!("iamp-query-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let after = dir.join("after.json");
    std::fs::write(&after, without_mfa().to_string()).expect("write");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"format\": ").expect("write");
    let after = after.to_string_lossy().into_owned();
    let broken = broken.to_string_lossy().into_owned();

    let (code, out, _) = cli(&["who-can", "s3:GetObject", OBJECT, WORLD]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "✔ user arn:aws:iam::111111111111:user/alice: through 2 roles, if conditions are met"
        ),
        "{out}"
    );
    assert!(
        out.contains("if the AssumeRole call passes ExternalId `deploy-7`"),
        "{out}"
    );
    assert!(
        out.contains("8 of 14 principals can (5 if conditions are met)"),
        "{out}"
    );

    let (code, out, _) = cli(&["who-can", "s3:GetObject", OBJECT, WORLD, "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["summary"]["answers"], 8);

    let (code, out, _) = cli(&["reach", "arn:aws:iam::111111111111:user/bob", WORLD]);
    assert_eq!(code, 0);
    assert!(
        out.contains("✔ role arn:aws:iam::333333333333:role/ProdRead (1 hop)"),
        "{out}"
    );

    assert_eq!(cli(&["diff", WORLD, WORLD]).0, 0, "nothing flipped");
    let (code, out, _) = cli(&["diff", WORLD, &after]);
    assert_eq!(code, 1, "something flipped: {out}");
    assert!(out.contains("step 7 (assumeRole sts:AssumeRole on arn:aws:iam::333333333333:role/ProdRead): implicitDeny → allowed"), "{out}");
    assert!(
        out.contains(
            "arn:aws:iam::111111111111:user/bob may assume arn:aws:iam::333333333333:role/ProdRead"
        ),
        "{out}"
    );
    let (code, _, _) = cli(&["simulate", &after, "--baseline", WORLD]);
    assert_eq!(code, 1, "simulate --baseline exits 1 when a step flipped");
    let (code, _, err) = cli(&["diff", WORLD, &broken]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.json:1:"), "{err}");
    let (code, _, err) = cli(&["who-can", "s3:GetObject", OBJECT, &broken]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_scp_region_restriction_becomes_a_condition_the_call_must_meet() {
    let mut w = world();
    w["organization"] = json!({
        "id": "o-a1b2c3d4e5",
        "managementAccount": "999999999999",
        "serviceControlPolicies": [{
            "name": "OnlyEuWest1",
            "targets": ["root"],
            "document": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "DenyOutsideEuWest1",
                    "Effect": "Deny",
                    "NotAction": ["iam:*", "sts:*"],
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}
                }]
            }
        }]
    });
    w["steps"] = json!([]);
    let a =
        call(&json!({"op": "whoCan", "scenario": w, "action": "s3:GetObject", "resource": OBJECT}));
    let by = answers_by_principal(&a);
    let bob = &by["arn:aws:iam::111111111111:user/bob"];
    assert_eq!(
        condition_keys(bob),
        ["aws:MultiFactorAuthPresent", "aws:RequestedRegion"],
        "{bob}"
    );
    assert_eq!(
        bob["conditions"][1]["text"],
        "if the request carries aws:RequestedRegion = `eu-west-1`"
    );
    assert_eq!(
        bob["steps"][2]["context"]["aws:RequestedRegion"],
        "eu-west-1"
    );
    // The path replays as allowed with that context.
    let mut sc = w.clone();
    sc["steps"] = bob["steps"].clone();
    let r = simulate(&sc);
    assert_eq!(r["expectations"]["failed"], 0, "{r}");
    // Without it, the SCP denies explicitly.
    let mut steps = bob["steps"].clone();
    steps[2]["context"] = json!({});
    steps[2]["expect"] = json!("explicitDeny");
    sc["steps"] = steps;
    assert_eq!(simulate(&sc)["expectations"]["failed"], 0);
}
