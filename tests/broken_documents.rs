//! One broken policy document blanks only the steps that depend on it: the other steps keep
//! their decisions, each step that is not evaluated names the document it depends on (its JSON
//! path and its name), and a step whose identity came from a not-evaluated `assumeRole` says
//! so, naming that step's document rather than its own. Whether the document is written as an
//! object, pasted as a string that is not JSON, or has a duplicate key, the scenario still runs;
//! a compiled world reports the same.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_range_loop
)]

use iam_playground::compiled::World;
use iam_playground::scenario::simulate;
use serde_json::{json, Value};

/// Dev developers read Prod through a role (two roles, fourteen steps).
fn dev_prod() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/conformance/01-dev-prod-readonly-mfa.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const ROLE0: &str = "$.accounts[1].roles[0].trustPolicy";
const ROLE1: &str = "$.accounts[1].roles[1].trustPolicy";
const ROLE0_ARN: &str = "arn:aws:iam::123456789012:role/DevReadOnly-CrossAccount";

fn run(text: &str) -> Value {
    serde_json::to_value(simulate("s.json", text)).unwrap()
}

fn run_value(sc: &Value) -> Value {
    run(&serde_json::to_string_pretty(sc).unwrap())
}

fn steps(r: &Value) -> &Vec<Value> {
    r["steps"].as_array().unwrap()
}

/// The paths of the broken documents a step names.
fn broken(step: &Value) -> Vec<&str> {
    step["brokenDocuments"]
        .as_array()
        .map(|v| v.iter().map(|d| d["path"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

/// Every step outside `dependent` has the decision (or none) it has in `valid`; every step in
/// `dependent` is not evaluated.
fn only_dependent_blanked(r: &Value, valid: &Value, dependent: &[usize]) {
    assert_eq!(steps(r).len(), steps(valid).len(), "{r}");
    for (i, (s, v)) in steps(r).iter().zip(steps(valid)).enumerate() {
        if dependent.contains(&i) {
            assert!(
                s["notEvaluated"].is_string(),
                "step {i} should not be evaluated: {s}"
            );
            assert!(s.get("decision").is_none(), "step {i}: {s}");
        } else {
            assert!(
                s.get("notEvaluated").is_none(),
                "step {i} should be evaluated: {s}"
            );
            assert_eq!(s.get("decision"), v.get("decision"), "step {i}: {s}");
            assert_eq!(s.get("met"), v.get("met"), "step {i}: {s}");
        }
    }
}

/// The steps of one run of `text` in a compiled world are the one-shot simulation's.
fn same_in_a_world(text: &str) {
    let full = run(text);
    let w = World::open("s.json", text);
    let compact = serde_json::to_value(w.report()).unwrap();
    for (i, (a, b)) in steps(&compact).iter().zip(steps(&full)).enumerate() {
        for key in ["decision", "notEvaluated", "brokenDocuments", "met"] {
            assert_eq!(a.get(key), b.get(key), "step {i} {key}");
        }
    }
    assert_eq!(steps(&compact).len(), steps(&full).len());
}

#[test]
fn a_trust_policy_with_an_unknown_effect_blanks_only_its_own_hop_and_that_session() {
    let valid = run_value(&dev_prod());
    assert_eq!(valid["invalid"], false);
    let mut sc = dev_prod();
    sc["accounts"][1]["roles"][0]["trustPolicy"]["Statement"][0]["Effect"] = json!("Alow");
    let r = run_value(&sc);
    assert_eq!(r["invalid"], true);
    // 1: the hop to the broken role; 2–5: its session's calls; 13: Jane's hop to it. After
    // the switch back (6), Tyler is Tyler again whatever step 1 decided: 7–11 keep theirs.
    only_dependent_blanked(&r, &valid, &[1, 2, 3, 4, 5, 13]);
    let s = steps(&r);
    for i in [1, 13] {
        assert_eq!(broken(&s[i]), [ROLE0], "{}", s[i]);
        let why = s[i]["notEvaluated"].as_str().unwrap();
        assert!(
            why.starts_with(&format!(
                "depends on the policy document at {ROLE0} (trust policy of role DevReadOnly-CrossAccount), which has errors"
            )),
            "{why}"
        );
    }
    for i in 2..=5 {
        assert_eq!(broken(&s[i]), [ROLE0], "{}", s[i]);
        let why = s[i]["notEvaluated"].as_str().unwrap();
        assert!(
            why.contains(&format!("the earlier sts:AssumeRole of {ROLE0_ARN}")),
            "{why}"
        );
        assert!(why.contains(ROLE0), "{why}");
    }
    // the other role's hop names nothing broken
    assert_eq!(s[8]["decision"], "implicitDeny");
    assert_eq!(s[9]["decision"], "allowed");
    assert!(broken(&s[9]).is_empty());
    // the switch back after the not-evaluated hop is Tyler again, traced as such
    assert!(s[6].get("notEvaluated").is_none(), "{}", s[6]);
    assert_eq!(
        s[7]["principal"],
        "arn:aws:iam::444444444440:user/Tyler-Dev"
    );
    same_in_a_world(&serde_json::to_string_pretty(&sc).unwrap());
}

#[test]
fn a_trust_policy_without_an_action_blanks_the_steps_after_its_hop_until_the_next_sign_in() {
    let valid = run_value(&dev_prod());
    let mut sc = dev_prod();
    let st = sc["accounts"][1]["roles"][1]["trustPolicy"]["Statement"][0]
        .as_object_mut()
        .unwrap();
    st.remove("Action");
    let r = run_value(&sc);
    assert_eq!(r["invalid"], true);
    assert!(
        r["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == "error" && d["path"].as_str().unwrap().starts_with(ROLE1)),
        "{r}"
    );
    // 8 and 9 assume the MFA role; 9 and what follows run as an identity step 8 decides
    only_dependent_blanked(&r, &valid, &[8, 9, 10, 11]);
    let s = steps(&r);
    for i in 8..=11 {
        assert_eq!(broken(&s[i]), [ROLE1], "step {i}: {}", s[i]);
    }
    // Jane's hop to the other role is decided
    assert_eq!(s[13]["decision"], "implicitDeny");
}

#[test]
fn a_pasted_trust_policy_that_is_not_json_blanks_only_the_steps_that_depend_on_it() {
    let valid = run_value(&dev_prod());
    let mut sc = dev_prod();
    // what the form's policy editor holds mid-edit: text, not JSON
    sc["accounts"][1]["roles"][0]["trustPolicy"] =
        json!("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"sts:AssumeRole\"}\n  ]\n}");
    let text = serde_json::to_string_pretty(&sc).unwrap();
    let r = run(&text);
    assert_eq!(r["invalid"], true);
    only_dependent_blanked(&r, &valid, &[1, 2, 3, 4, 5, 13]);
    assert_eq!(broken(&steps(&r)[1]), [ROLE0]);
    same_in_a_world(&text);
}

#[test]
fn a_duplicate_key_inside_a_trust_policy_breaks_that_document_not_the_scenario() {
    let valid = run_value(&dev_prod());
    let text = serde_json::to_string_pretty(&dev_prod()).unwrap();
    // the second role's statement gets `Effect` twice (the file's JSON parser finds it too)
    let at = text.find("\"AWS\": \"444444444440\"").unwrap();
    let effect = text[..at].rfind("\"Effect\": \"Allow\",").unwrap();
    let text = format!(
        "{}\"Effect\": \"Deny\",\n{}",
        &text[..effect],
        &text[effect..]
    );
    let r = run(&text);
    assert_eq!(r["invalid"], true);
    let dup = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "duplicate-key")
        .cloned()
        .unwrap_or_else(|| panic!("{r}"));
    assert!(dup["path"].as_str().unwrap().starts_with(ROLE1), "{dup}");
    only_dependent_blanked(&r, &valid, &[8, 9, 10, 11]);
    assert_eq!(broken(&steps(&r)[8]), [ROLE1]);
    same_in_a_world(&text);
}

#[test]
fn a_duplicate_key_outside_every_policy_document_still_runs_nothing() {
    let text = serde_json::to_string_pretty(&dev_prod()).unwrap();
    let text = text.replacen(
        "\"name\": \"Dev\",",
        "\"name\": \"Dev\",\n      \"name\": \"Dev\",",
        1,
    );
    let r = run(&text);
    assert_eq!(r["invalid"], true);
    assert!(steps(&r).is_empty(), "{r}");
}

/// Alice (allowed to assume any role) → role A (may assume any role, list buckets) → role B
/// (trusts the account, allowed nothing else).
fn chain() -> Value {
    let trust = |principal: &str| json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]});
    let allow = |actions: Value| json!([{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}}]);
    json!({
        "format": "iam-playground/scenario@1",
        "title": "chain",
        "accounts": [{
            "id": "111111111111",
            "users": [{"name": "alice", "inlinePolicies": allow(json!("sts:AssumeRole"))}],
            "roles": [
                {"name": "A", "trustPolicy": trust("arn:aws:iam::111111111111:user/alice"),
                 "inlinePolicies": allow(json!(["sts:AssumeRole", "s3:ListAllMyBuckets"]))},
                {"name": "B", "trustPolicy": trust("arn:aws:iam::111111111111:root")}
            ]
        }],
        "steps": [
            {"as": "arn:aws:iam::111111111111:user/alice"},
            {"assumeRole": "arn:aws:iam::111111111111:role/A"},
            {"assumeRole": "arn:aws:iam::111111111111:role/B"},
            {"call": "s3:ListAllMyBuckets"},
            {"exitRole": true},
            {"call": "s3:ListAllMyBuckets"},
            {"exitRole": true},
            {"call": "s3:ListAllMyBuckets"},
            {"as": "arn:aws:iam::111111111111:user/alice"},
            {"call": "s3:ListAllMyBuckets"}
        ]
    })
}

const A: &str = "$.accounts[0].roles[0].trustPolicy";
const B: &str = "$.accounts[0].roles[1].trustPolicy";

fn break_trust(sc: &mut Value, role: usize) {
    sc["accounts"][0]["roles"][role]["trustPolicy"]["Statement"][0]["Effect"] = json!("Permit");
}

#[test]
fn the_chain_runs_as_expected_when_valid() {
    let r = run_value(&chain());
    assert_eq!(r["invalid"], false, "{r}");
    let d: Vec<Option<&str>> = steps(&r).iter().map(|s| s["decision"].as_str()).collect();
    assert_eq!(
        d,
        [
            None,
            Some("allowed"),
            Some("allowed"),
            Some("implicitDeny"),
            None,
            Some("allowed"),
            None,
            Some("implicitDeny"),
            None,
            Some("implicitDeny")
        ]
    );
}

#[test]
fn a_hop_after_a_not_evaluated_hop_names_the_first_hop_document_not_its_own() {
    let valid = run_value(&chain());
    let mut sc = chain();
    break_trust(&mut sc, 0);
    let r = run_value(&sc);
    // the hop to A is not evaluated; whether alice is in A's session decides everything up
    // to the next sign-in (the hop to B and two switches back depend on it)
    only_dependent_blanked(&r, &valid, &[1, 2, 3, 4, 5, 6, 7]);
    let s = steps(&r);
    assert_eq!(broken(&s[1]), [A]);
    for i in [2, 3, 5, 7] {
        assert_eq!(
            broken(&s[i]),
            [A],
            "step {i}: B's trust policy is fine: {}",
            s[i]
        );
        let why = s[i]["notEvaluated"].as_str().unwrap();
        assert!(
            why.contains("the earlier sts:AssumeRole of arn:aws:iam::111111111111:role/A"),
            "{why}"
        );
        assert!(!why.contains(B), "{why}");
    }
    assert_eq!(s[9]["decision"], "implicitDeny");
}

#[test]
fn a_chained_hop_that_is_not_evaluated_blanks_its_session_and_what_a_switch_back_leads_to() {
    let valid = run_value(&chain());
    let mut sc = chain();
    break_trust(&mut sc, 1);
    let r = run_value(&sc);
    // A's session is decided; the hop to B is not. Its switch back lands on A's session if
    // the hop was allowed and on alice if not: unknown until the next sign-in.
    only_dependent_blanked(&r, &valid, &[2, 3, 4, 5, 6, 7]);
    let s = steps(&r);
    assert_eq!(s[1]["decision"], "allowed");
    assert_eq!(broken(&s[2]), [B]);
    let why = s[3]["notEvaluated"].as_str().unwrap();
    assert!(
        why.starts_with("runs as the session the earlier sts:AssumeRole of arn:aws:iam::111111111111:role/B would have made, and that step was not evaluated: it depends on the policy document at $.accounts[0].roles[1].trustPolicy (trust policy of role B), which has errors"),
        "{why}"
    );
    assert_eq!(s[9]["decision"], "implicitDeny");
}

#[test]
fn switching_back_from_a_not_evaluated_first_hop_is_the_caller_again() {
    let mut sc = chain();
    break_trust(&mut sc, 0);
    sc["steps"] = json!([
        {"as": "arn:aws:iam::111111111111:user/alice"},
        {"assumeRole": "arn:aws:iam::111111111111:role/A"},
        {"call": "s3:ListAllMyBuckets"},
        {"exitRole": true},
        {"call": "s3:ListAllMyBuckets", "expect": "implicitDeny"},
        {"assumeRole": "arn:aws:iam::111111111111:role/B", "expect": "allowed"}
    ]);
    let r = run_value(&sc);
    let s = steps(&r);
    assert!(s[1]["notEvaluated"].is_string());
    assert!(s[2]["notEvaluated"].is_string());
    assert!(s[3].get("notEvaluated").is_none(), "{}", s[3]);
    assert_eq!(s[4]["decision"], "implicitDeny");
    assert_eq!(s[4]["principal"], "arn:aws:iam::111111111111:user/alice");
    assert_eq!(s[4]["met"], true);
    // alice may assume B (same account: her policy allows it)
    assert_eq!(s[5]["decision"], "allowed");
    assert_eq!(r["expectations"]["met"], 2);
    // the switch back says why it is known
    let notes = s[3]["trace"].to_string();
    assert!(notes.contains("whatever that step decided"), "{notes}");
}

#[test]
fn a_step_naming_two_broken_documents_names_both() {
    let mut sc = chain();
    break_trust(&mut sc, 0);
    sc["accounts"][0]["users"][0]["inlinePolicies"][0]["document"]["Statement"][0]["Effect"] =
        json!("Allows");
    let r = run_value(&sc);
    let s = steps(&r);
    assert_eq!(
        broken(&s[1]),
        ["$.accounts[0].users[0].inlinePolicies[0].document", A]
    );
    let why = s[1]["notEvaluated"].as_str().unwrap();
    assert!(why.contains(" and "), "{why}");
    assert!(why.ends_with("which have errors"), "{why}");
}
