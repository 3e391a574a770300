//! How the compiled world's costs grow (issue 12): generated worlds of 10, 100, 1,000 and
//! 10,000 principals (users and roles, each with an inline policy and a customer managed
//! policy; roles with a trust policy; a bucket policy per account; an organization with an SCP)
//! and 1, 10, 100 and 1,000 call steps. For each: `World::open` (parse, load, validate),
//! `World::report` (every step, without traces), `World::trace` of the first and of the last
//! call step, and a prepared `World::decide`. Prints a table with the cost per unit of what each
//! operation reads (per principal, per KB of scenario, per step), so linear growth shows as a
//! flat column. Each figure is the fastest of at least three runs (the least disturbed on a
//! shared machine). Numbers are printed, not asserted.
//!
//! Run: `cargo bench --bench growth`
//! Env: GROWTH_PRINCIPALS (default `10,100,1000,10000`), GROWTH_STEPS (default
//! `1,10,100,1000`), GROWTH_MS (least time spent timing each figure, default 150).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iam_playground::compiled::World;
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Principals per account (half users, half roles), under IAM's default quota of 1,000 roles.
const PER_ACCOUNT: usize = 500;
/// Customer managed policies per account (each principal has one of them attached).
const MANAGED_PER_ACCOUNT: usize = 20;
const SERVICE: &str = "ec2.amazonaws.com";

fn account_id(a: usize) -> String {
    format!("{}", 200_000_000_000usize + a)
}

fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Account `a` holding principals `from..to` of the world (users first, then roles).
fn account(a: usize, accounts: usize, users: usize, roles: usize) -> Value {
    let id = account_id(a);
    let next = account_id((a + 1) % accounts);
    let managed: Vec<Value> = (0..MANAGED_PER_ACCOUNT)
        .map(|m| {
            json!({"name": format!("team-{m}"), "document": doc(json!([
                {"Sid": "Data", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                 "Resource": [format!("arn:aws:s3:::data-{id}"), format!("arn:aws:s3:::data-{id}/team-{m}/*")]},
                {"Sid": "Table", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                 "Resource": format!("arn:aws:dynamodb:us-east-1:{id}:table/team-{m}-*")},
                {"Sid": "Shared", "Effect": "Allow", "Action": "s3:GetObject",
                 "Resource": format!("arn:aws:s3:::shared-{next}/*")},
                {"Sid": "NoIam", "Effect": "Deny", "Action": ["iam:Create*", "iam:Delete*"], "Resource": "*"}
            ]))})
        })
        .collect();
    let user_list: Vec<Value> = (0..users)
        .map(|i| {
            json!({
                "name": format!("u{i}"),
                "inlinePolicies": [{"name": "own", "document": doc(json!([
                    {"Sid": "Home", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                     "Resource": format!("arn:aws:s3:::data-{id}/home/${{aws:username}}/*")},
                    {"Sid": "Keys", "Effect": "Allow", "Action": ["iam:ListAccessKeys", "iam:CreateAccessKey"],
                     "Resource": format!("arn:aws:iam::{id}:user/${{aws:username}}")}
                ]))}],
                "managedPolicies": [format!("team-{}", i % MANAGED_PER_ACCOUNT)],
                "tags": {"team": format!("team-{}", i % MANAGED_PER_ACCOUNT)}
            })
        })
        .collect();
    let role_list: Vec<Value> = (0..roles)
        .map(|i| {
            json!({
                "name": format!("r{i}"),
                "trustPolicy": doc(json!([
                    {"Effect": "Allow", "Principal": {"Service": SERVICE}, "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{next}:root")},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
                ])),
                "inlinePolicies": [{"name": "queue", "document": doc(json!([
                    {"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
                     "Resource": format!("arn:aws:sqs:us-east-1:{id}:jobs-{i}")}
                ]))}],
                "managedPolicies": [format!("team-{}", i % MANAGED_PER_ACCOUNT)]
            })
        })
        .collect();
    json!({
        "id": id,
        "name": format!("acct-{a}"),
        "managedPolicies": managed,
        "users": user_list,
        "roles": role_list,
        "resources": [
            {"arn": format!("arn:aws:s3:::data-{id}")},
            {"arn": format!("arn:aws:s3:::shared-{id}"), "policy": doc(json!([
                {"Sid": "Neighbour", "Effect": "Allow",
                 "Principal": {"AWS": format!("arn:aws:iam::{}:root", account_id((a + accounts - 1) % accounts))},
                 "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::shared-{id}/*")},
                {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": format!("arn:aws:s3:::shared-{id}/*"),
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
            ]))}
        ]
    })
}

/// Principal number `p` of a world of `principals`: its `as` step.
fn as_step(principals: usize, p: usize) -> Value {
    let users = principals.div_ceil(2);
    let (kind, i) = if p < users {
        ("user", p)
    } else {
        ("role", p - users)
    };
    let a = i / (PER_ACCOUNT / 2);
    let arn = format!(
        "arn:aws:iam::{}:{kind}/{}{}",
        account_id(a),
        &kind[..1],
        i % (PER_ACCOUNT / 2)
    );
    if kind == "user" {
        json!({"as": arn})
    } else {
        json!({"as": arn, "via": SERVICE})
    }
}

/// The `k`th call of a principal in account `id`: allowed, denied and cross-account requests.
fn call_step(k: usize, id: &str, next: &str) -> Value {
    match k % 5 {
        0 => {
            json!({"call": "s3:GetObject", "resource": format!("arn:aws:s3:::data-{id}/team-{}/report.csv", k % MANAGED_PER_ACCOUNT)})
        }
        1 => {
            json!({"call": "s3:GetObject", "resource": format!("arn:aws:s3:::shared-{next}/releases/app.zip")})
        }
        2 => {
            json!({"call": "dynamodb:Query", "resource": format!("arn:aws:dynamodb:us-east-1:{id}:table/team-3-orders")})
        }
        3 => json!({"call": "iam:CreateUser", "resource": format!("arn:aws:iam::{id}:user/new")}),
        _ => {
            json!({"call": "s3:PutObject", "resource": format!("arn:aws:s3:::data-{id}/home/u1/notes.txt")})
        }
    }
}

/// A world of `principals` principals and `calls` call steps (a different principal every ten
/// calls), deterministic.
fn world_text(principals: usize, calls: usize) -> String {
    let users = principals.div_ceil(2);
    let roles = principals / 2;
    let accounts = users.div_ceil(PER_ACCOUNT / 2).max(1);
    let per = PER_ACCOUNT / 2;
    let list: Vec<Value> = (0..accounts)
        .map(|a| {
            let u = users.saturating_sub(a * per).min(per);
            let r = roles.saturating_sub(a * per).min(per);
            account(a, accounts, u, r)
        })
        .collect();
    let mut steps = Vec::new();
    for k in 0..calls {
        if k % 10 == 0 {
            let p = (k / 10).wrapping_mul(7919) % principals;
            steps.push(as_step(principals, p));
        }
        let who = steps
            .iter()
            .rev()
            .find_map(|s| s["as"].as_str())
            .unwrap()
            .to_string();
        let id = who.split(':').nth(4).unwrap().to_string();
        let a = id.parse::<usize>().unwrap() - 200_000_000_000;
        steps.push(call_step(k, &id, &account_id((a + 1) % accounts)));
    }
    let sc = json!({
        "format": "iam-playground/scenario@1",
        "title": format!("{principals} principals, {calls} calls"),
        "organization": {
            "id": "o-growth0001",
            "managementAccount": "123456789012",
            "serviceControlPolicies": [{"name": "Regions", "targets": ["root"], "document": doc(json!([
                {"Sid": "OnlyUsEast", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
                 "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}
            ]))}]
        },
        "accounts": list,
        "steps": steps,
    });
    serde_json::to_string_pretty(&sc).unwrap()
}

fn env_list(name: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(name) {
        Ok(v) => v
            .split(',')
            .map(|s| {
                s.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}: `{s}` is not a number"))
            })
            .collect(),
        Err(_) => default.to_vec(),
    }
}

/// The fastest run of `f` (the one least disturbed by other processes on a shared machine),
/// run until `min` has been spent (at least 3 times).
/// What `f` returns is dropped after its time is taken.
fn fastest<T>(min: Duration, mut f: impl FnMut() -> T) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 3 || start.elapsed() < min {
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed());
        drop(black_box(out));
        if times.len() >= 100_000 {
            break;
        }
    }
    times.into_iter().min().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

struct Row {
    principals: usize,
    calls: usize,
    kb: f64,
    findings: usize,
    open: Duration,
    report: Duration,
    trace_first: Duration,
    trace_last: Duration,
    decide: Duration,
}

fn measure(principals: usize, calls: usize, min: Duration) -> Row {
    let text = world_text(principals, calls);
    let mut w = World::open("growth.json", &text);
    assert!(
        !w.invalid(),
        "the generated world has errors: {:?}",
        w.diagnostics().iter().take(3).collect::<Vec<_>>()
    );
    let findings = w.diagnostics().len();
    let report = w.report();
    let call_steps: Vec<usize> = report
        .steps
        .iter()
        .filter(|s| s.kind == "call")
        .map(|s| s.index)
        .collect();
    assert_eq!(call_steps.len(), calls);
    assert!(report
        .steps
        .iter()
        .all(|s| s.error.is_none() && s.not_evaluated.is_none() && s.trace.is_empty()));
    let allowed = report
        .steps
        .iter()
        .filter(|s| s.decision.as_deref() == Some("allowed"))
        .count();
    assert!(
        allowed > 0 || calls < 5,
        "no call of the generated world is allowed"
    );

    let open = fastest(min, || World::open("growth.json", &text));
    // a report is made once per load: each timed one is a freshly opened world's
    let report_once = {
        let fresh = World::open("growth.json", &text);
        let t = Instant::now();
        black_box(fresh.report());
        t.elapsed()
    };
    let worlds = ((min.as_secs_f64() / report_once.as_secs_f64().max(1e-9)) as usize)
        .clamp(3, 200)
        .min(((1.0 / open.as_secs_f64().max(1e-9)) as usize).max(3));
    let mut fresh: Vec<World> = (0..worlds)
        .map(|_| World::open("growth.json", &text))
        .collect();
    let times: Vec<Duration> = fresh
        .iter_mut()
        .map(|w| {
            let t = Instant::now();
            let report = w.report();
            let e = t.elapsed();
            drop(black_box(report));
            e
        })
        .collect();
    drop(fresh);
    let report_time = times.into_iter().min().unwrap_or_default();

    let first = call_steps[0];
    let last = *call_steps.last().unwrap();
    let traced = w.trace(last).unwrap();
    assert!(!traced.trace.is_empty());
    let trace_first = fastest(min, || w.trace(first));
    let trace_last = fastest(min, || w.trace(last));

    let who = report.steps[last].principal.clone().unwrap();
    let step = &report.steps[last];
    let query = json!([
        if who.contains(":assumed-role/") {
            let role = who.replace(":sts::", ":iam::").replace(":assumed-role/", ":role/");
            let role = role.rsplit_once('/').unwrap().0.to_string();
            json!({"as": role, "via": SERVICE})
        } else {
            json!({"as": who})
        },
        {"call": step.action, "resource": step.resource}
    ])
    .to_string();
    let q = w
        .prepare(&query)
        .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(
        w.decide(q).unwrap().decision,
        step.decision.as_deref().unwrap()
    );
    let batch = 1000;
    let decide = fastest(min, || {
        for _ in 0..batch {
            black_box(w.decide(black_box(q)));
        }
    }) / batch;

    Row {
        principals,
        calls,
        kb: text.len() as f64 / 1024.0,
        findings,
        open,
        report: report_time,
        trace_first,
        trace_last,
        decide,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not used by this table.
    let principals = env_list("GROWTH_PRINCIPALS", &[10, 100, 1000, 10_000]);
    let steps = env_list("GROWTH_STEPS", &[1, 10, 100, 1000]);
    let min = Duration::from_millis(env_list("GROWTH_MS", &[150])[0] as u64);
    println!("World growth: open (parse, load, validate), report (all steps, no traces), trace (one step), prepared decide.");
    println!(
        "Per-unit columns stay flat when a cost grows linearly. Fastest of at least 3 runs (GROWTH_MS={} ms per figure).\n",
        min.as_millis()
    );
    println!(
        "| principals | calls | scenario KB | findings | open ms | open µs/principal | open µs/KB | report ms | report µs/call | trace first ms | trace last ms | trace last µs/call | decide µs |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let started = Instant::now();
    for &p in &principals {
        for &s in &steps {
            let r = measure(p, s, min);
            println!(
                "| {} | {} | {:.0} | {} | {:.2} | {:.2} | {:.2} | {:.3} | {:.2} | {:.3} | {:.3} | {:.2} | {:.3} |",
                r.principals,
                r.calls,
                r.kb,
                r.findings,
                ms(r.open),
                us(r.open) / r.principals as f64,
                us(r.open) / r.kb,
                ms(r.report),
                us(r.report) / r.calls as f64,
                ms(r.trace_first),
                ms(r.trace_last),
                us(r.trace_last) / r.calls as f64,
                us(r.decide),
            );
        }
    }
    println!("\ntotal {:.1} s", started.elapsed().as_secs_f64());
}
