//! Property test of the compiled world against the one-shot simulation, on generated worlds:
//! two accounts (one perhaps in an organization with an SCP), users with generated identity
//! policies and MFA, a cross-account role with a generated trust policy (MFA, ExternalId
//! conditions), a bucket with a generated bucket policy, and generated steps (as, assumeRole,
//! call, exitRole). The untraced report must equal the traced one without its traces, every
//! step's trace on demand (a generated empty policy is an error, and the steps that depend
//! on it are not evaluated: the partial runs must agree too) must equal the traced step, and every `call` asked again as a
//! prepared query must get the step's decision, twice (the second from the prepared request).

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]

use iam_playground::compiled::World;
use iam_playground::scenario::simulate;
use proptest::prelude::*;
use serde_json::{json, Value};

const A: &str = "111111111111";
const B: &str = "222222222222";
const ACTIONS: [&str; 5] = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "sqs:SendMessage",
    "iam:ListRoles",
];
const ACTION_PATTERNS: [&str; 6] = ["s3:*", "s3:Get*", "*", "sqs:*", "s3:*Object", "iam:List*"];
const RESOURCES: [&str; 4] = [
    "arn:aws:s3:::shared/key",
    "arn:aws:s3:::shared",
    "*",
    "arn:aws:sqs:us-east-1:222222222222:q",
];
const RESOURCE_PATTERNS: [&str; 4] = [
    "*",
    "arn:aws:s3:::shared/*",
    "arn:aws:s3:::*",
    "arn:aws:sqs:*:*:q",
];
const CONDITIONS: [&str; 4] = ["none", "mfa", "orgid", "tag"];

fn condition(c: &str) -> Option<Value> {
    match c {
        "mfa" => Some(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})),
        "orgid" => Some(json!({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})),
        "tag" => Some(json!({"StringEquals": {"aws:PrincipalTag/team": "red"}})),
        _ => None,
    }
}

fn statement(
    effect: bool,
    action: &str,
    resource: &str,
    cond: &str,
    principal: Option<Value>,
) -> Value {
    let mut s = json!({
        "Effect": if effect { "Allow" } else { "Deny" },
        "Action": action,
        "Resource": resource,
    });
    if let Some(c) = condition(cond) {
        s["Condition"] = c;
    }
    if let Some(p) = principal {
        s["Principal"] = p;
    }
    s
}

type St = (bool, usize, usize, usize);

fn st() -> impl Strategy<Value = St> {
    (
        prop::bool::weighted(0.8),
        0..ACTION_PATTERNS.len(),
        0..RESOURCE_PATTERNS.len(),
        0..CONDITIONS.len(),
    )
}

fn policy(sts: &[St], principal: Option<Value>) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": sts.iter().map(|(e, a, r, c)| statement(*e, ACTION_PATTERNS[*a], RESOURCE_PATTERNS[*r], CONDITIONS[*c], principal.clone())).collect::<Vec<_>>(),
    })
}

#[derive(Debug, Clone)]
enum Step {
    As(usize, bool),
    Assume(bool),
    Call(usize, usize),
    Exit,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize, any::<bool>()).prop_map(|(u, m)| Step::As(u, m)),
        any::<bool>().prop_map(Step::Assume),
        (0..ACTIONS.len(), 0..RESOURCES.len()).prop_map(|(a, r)| Step::Call(a, r)),
        Just(Step::Exit),
    ]
}

#[allow(clippy::too_many_arguments)]
fn scenario(
    users: &[Vec<St>],
    tagged: &[bool],
    role_policy: &[St],
    trust_mfa: bool,
    trust_external: bool,
    bucket: &[St],
    org: bool,
    scp: &[St],
    steps: &[Step],
) -> Value {
    let users: Vec<Value> = users
        .iter()
        .enumerate()
        .map(|(i, sts)| {
            let mut allow_assume = sts.clone();
            allow_assume.push((true, 2, 0, 0)); // "*" on "*": may call sts:AssumeRole
            let mut u = json!({
                "name": format!("u{i}"),
                "inlinePolicies": [{"name": "P", "document": policy(if i == 2 { sts } else { &allow_assume }, None)}],
            });
            if tagged[i] {
                u["tags"] = json!({"team": "red"});
            }
            u
        })
        .collect();
    let mut trust = json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{A}:root")}, "Action": "sts:AssumeRole"});
    let mut conds = serde_json::Map::new();
    if trust_mfa {
        conds.insert("Bool".into(), json!({"aws:MultiFactorAuthPresent": "true"}));
    }
    if trust_external {
        conds.insert("StringEquals".into(), json!({"sts:ExternalId": "secret"}));
    }
    if !conds.is_empty() {
        trust["Condition"] = Value::Object(conds);
    }
    let mut sc = json!({
        "format": "iam-playground/scenario@1",
        "title": "generated",
        "accounts": [
            {"id": A, "name": "Dev", "users": users},
            {"id": B, "name": "Prod",
             "roles": [{"name": "R", "trustPolicy": {"Version": "2012-10-17", "Statement": [trust]},
                        "inlinePolicies": [{"name": "RP", "document": policy(role_policy, None)}]}],
             "resources": [{"arn": "arn:aws:s3:::shared", "policy": policy(bucket, Some(json!({"AWS": format!("arn:aws:iam::{A}:root")})))},
                           {"arn": "arn:aws:sqs:us-east-1:222222222222:q"}]}
        ],
        "steps": [],
    });
    if org {
        sc["organization"] = json!({
            "id": "o-a1b2c3d4e5", "managementAccount": "999999999999",
            "serviceControlPolicies": [{"name": "S", "document": policy(scp, None), "targets": [A]}],
        });
    }
    let mut out = Vec::new();
    for s in steps {
        out.push(match s {
            Step::As(u, mfa) => json!({"as": format!("arn:aws:iam::{A}:user/u{u}"), "mfa": mfa}),
            Step::Assume(ext) => {
                let mut v =
                    json!({"assumeRole": format!("arn:aws:iam::{B}:role/R"), "sessionName": "s"});
                if *ext {
                    v["externalId"] = json!("secret");
                }
                v
            }
            Step::Call(a, r) => json!({"call": ACTIONS[*a], "resource": RESOURCES[*r]}),
            Step::Exit => json!({"exitRole": true}),
        });
    }
    // a scenario starts with `as`, and `exitRole` needs a role to leave: keep the others
    let mut steps = vec![json!({"as": format!("arn:aws:iam::{A}:user/u0")})];
    let mut depth = 0;
    for s in out {
        if s.get("as").is_some() {
            depth = 0;
        } else if s.get("assumeRole").is_some() {
            depth += 1;
        } else if s.get("exitRole").is_some() {
            if depth == 0 {
                continue;
            }
            depth -= 1;
        }
        steps.push(s);
    }
    sc["steps"] = Value::Array(steps);
    sc
}

fn untraced(mut v: Value) -> Value {
    for s in v["steps"].as_array_mut().unwrap() {
        s["trace"] = json!([]);
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn the_compiled_world_decides_as_the_traced_simulation(
        users in prop::collection::vec(prop::collection::vec(st(), 0..4), 3),
        tagged in prop::collection::vec(any::<bool>(), 3),
        role_policy in prop::collection::vec(st(), 0..4),
        trust_mfa in any::<bool>(),
        trust_external in any::<bool>(),
        bucket in prop::collection::vec(st(), 0..3),
        org in any::<bool>(),
        scp in prop::collection::vec(st(), 0..3),
        steps in prop::collection::vec(step(), 1..10),
    ) {
        let sc = scenario(&users, &tagged, &role_policy, trust_mfa, trust_external, &bucket, org, &scp, &steps);
        let text = serde_json::to_string_pretty(&sc).unwrap();
        let full = serde_json::to_value(simulate("g.json", &text)).unwrap();
        // an empty policy is an error: the steps that depend on it are not evaluated, in
        // both runs alike
        let mut w = World::open("g.json", &text);
        let compact = serde_json::to_value(w.report()).unwrap();
        prop_assert_eq!(&compact, &untraced(full.clone()));
        let written = sc["steps"].as_array().unwrap();
        for (i, s) in full["steps"].as_array().unwrap().iter().enumerate() {
            let t = serde_json::to_value(w.trace(i).unwrap()).unwrap();
            prop_assert_eq!(&t, s);
            if written[i].get("call").is_none() {
                continue;
            }
            let q = serde_json::to_string(&written[..=i]).unwrap();
            let id = w.prepare(&q).unwrap();
            let want = s["decision"].as_str().unwrap_or("notEvaluated");
            prop_assert_eq!(w.decide(id).unwrap().decision, want, "step {}", i);
            prop_assert_eq!(w.decide(id).unwrap().decision, want, "step {} again", i);
        }
    }
}
