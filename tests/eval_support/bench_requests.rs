//! Loads `benches/data/requests.json` (a copy of `shared/bench/requests.json`): four requests
//! with their policies and AWS's decision, used by the benchmark and checked by a test.

use super::*;
use serde_json::Value;

/// One benchmark request.
pub struct BenchCase {
    pub name: String,
    pub expect: Decision,
    pub request: Request,
    pub case: Case,
}

fn principal(arn: &str) -> Principal {
    let acct = arn.split(':').nth(4).unwrap();
    let res = arn.splitn(6, ':').nth(5).unwrap();
    if let Some(name) = res.strip_prefix("user/") {
        user(acct, name)
    } else if let Some(role) = res.strip_prefix("role/") {
        session(acct, role, "bench")
    } else {
        root(acct)
    }
}

/// Every request of the file.
pub fn load() -> Vec<BenchCase> {
    let text = include_str!("../../benches/data/requests.json");
    let v: Value = serde_json::from_str(text).unwrap();
    let mut out = Vec::new();
    for (name, r) in v.as_object().unwrap() {
        let expect = match r["expect"].as_str().unwrap() {
            "Allowed" => Decision::Allowed,
            "ExplicitlyDenied" => Decision::ExplicitDeny,
            _ => Decision::ImplicitDeny,
        };
        let mut request = req(
            principal(r["principal"].as_str().unwrap()),
            r["action"].as_str().unwrap(),
            r["resource"].as_str().unwrap(),
            r["resourceAccount"].as_str().unwrap(),
        );
        for (k, val) in r["context"].as_object().unwrap() {
            request
                .context
                .set_str(k, val.as_str().unwrap().to_string());
        }
        let mut c = case();
        for p in r["identityPolicies"].as_array().unwrap() {
            let n = p["name"].as_str().unwrap();
            c = c.identity_named(n, n, &p["policy"].to_string());
        }
        for level in r["scps"].as_array().unwrap() {
            let target = level["orgIdentifier"].as_str().unwrap();
            let docs: Vec<String> = level["policies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["policy"].to_string())
                .collect();
            let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
            c = c.scp_level(target, &refs);
        }
        if let Some(rp) = r.get("resourcePolicy") {
            c = c.resource(&rp.to_string());
        }
        out.push(BenchCase {
            name: name.clone(),
            expect,
            request,
            case: c,
        });
    }
    out
}
