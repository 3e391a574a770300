//! Arithmetic on input values never overflows (issue 13, "no panic path left"): durations
//! (`durationSeconds`, `advanceTime`, `maxSessionDuration`), the simulated clock and epoch
//! seconds, dates past year 9999, numbers such as 1e308 in numeric and date conditions, and
//! CIDR prefixes such as /129 each get a clear answer (a decision, a located error or a
//! "cannot evaluate" error), never a panic. Run in debug builds, where overflow panics.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_playground::scenario::{self, Report};
use serde_json::{json, Value};

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";
const ROLE: &str = "arn:aws:iam::111111111111:role/R";

/// A scenario where alice may do anything that `condition` allows, and assume role R
/// (whose `maxSessionDuration` is `max`), then runs `steps`.
fn scenario(condition: Value, max: Value, steps: Value) -> String {
    json!({
        "format": "iam-playground/scenario@1",
        "accounts": [{
            "id": "111111111111",
            "users": [{"name": "alice", "inlinePolicies": [
                {"name": "p", "document": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
                    {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": condition}]}}]}],
            "roles": [{"name": "R", "maxSessionDuration": max,
                "trustPolicy": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]},
                "inlinePolicies": [{"name": "all", "document": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}]
        }],
        "steps": steps
    })
    .to_string()
}

fn run(text: &str) -> (Report, Value) {
    let r = scenario::simulate("x.json", text);
    let v = serde_json::to_value(&r).unwrap();
    (r, v)
}

/// The decision (or error code) of each step that has one, in order.
fn outcomes(v: &Value) -> Vec<String> {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| match (&s["decision"], &s["error"]) {
            (Value::String(d), Value::Object(e)) => {
                Some(format!("{d} {}", e["code"].as_str().unwrap()))
            }
            (Value::String(d), _) => Some(d.clone()),
            _ => None,
        })
        .collect()
}

/// The codes of the diagnostics.
fn codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Alice calls s3:ListBucket with `context`, under a policy whose only Allow has `condition`.
fn call(condition: Value, context: Value) -> Value {
    let text = scenario(
        condition,
        json!(3600),
        json!([{"as": ALICE}, {"call": "s3:ListBucket", "resource": "arn:aws:s3:::b", "context": context}]),
    );
    run(&text).1
}

#[test]
fn numbers_past_f64_and_exponents_are_compared_or_cannot_be_evaluated() {
    // 1e308 is not how IAM writes a number: a located warning, and "cannot evaluate"
    let v = call(
        json!({"NumericLessThan": {"s3:max-keys": "1e308"}}),
        json!({"s3:max-keys": "5"}),
    );
    assert_eq!(codes(&v), ["type-mismatch-number"]);
    assert_eq!(outcomes(&v), ["error CannotEvaluate"]);
    // 10^308 written out is a number (the largest order of magnitude f64 holds): compared
    let big = format!("1{}", "0".repeat(308));
    let v = call(
        json!({"NumericLessThan": {"s3:max-keys": big}}),
        json!({"s3:max-keys": "5"}),
    );
    assert_eq!(outcomes(&v), ["allowed"]);
    // 10^400 is out of range: not a number, located
    let huge = format!("1{}", "0".repeat(400));
    let v = call(
        json!({"NumericLessThan": {"s3:max-keys": huge}}),
        json!({"s3:max-keys": "5"}),
    );
    assert_eq!(codes(&v), ["type-mismatch-number"]);
    assert_eq!(outcomes(&v), ["error CannotEvaluate"]);
    // a request value of 1e308 (a JSON number in the step's context) cannot be evaluated
    let v = call(
        json!({"NumericLessThan": {"s3:max-keys": "10"}}),
        json!({"s3:max-keys": 1e308}),
    );
    assert_eq!(outcomes(&v), ["error CannotEvaluate"]);
    let message = v["steps"][1]["error"]["message"].as_str().unwrap();
    assert!(message.contains("is not a number"), "{message}");
    // aws:EpochTime against a number past i64
    let v = call(
        json!({"NumericGreaterThan": {"aws:EpochTime": "9223372036854775808"}}),
        json!({}),
    );
    assert_eq!(outcomes(&v), ["implicitDeny"]);
}

#[test]
fn dates_past_year_9999_and_huge_epoch_seconds_are_not_dates() {
    for not_a_date in [
        "10000-01-01T00:00:00Z".to_string(),
        "9".repeat(300),
        format!("-{}", "9".repeat(300)),
        "9".repeat(400),
        "100000000000000000000000".to_string(),
        "2026-01-01T00:00:00+24:00".to_string(),
        "2026-01-01T00:00:00-23:60".to_string(),
        "2026-01-01T24:00:01Z".to_string(),
    ] {
        let v = call(
            json!({"DateLessThan": {"aws:CurrentTime": not_a_date}}),
            json!({}),
        );
        assert_eq!(codes(&v), ["type-mismatch-date"], "{not_a_date}");
        assert_eq!(outcomes(&v), ["error CannotEvaluate"], "{not_a_date}");
    }
    // the last instants a 4-digit year and epoch seconds can name are compared
    for date in [
        "9999-12-31T23:59:60+23:59",
        "9999-12-31T24:00:00Z",
        "99999999999999999999",
    ] {
        let v = call(
            json!({"DateLessThan": {"aws:CurrentTime": date}}),
            json!({}),
        );
        assert_eq!(codes(&v), Vec::<String>::new(), "{date}");
        assert_eq!(outcomes(&v), ["allowed"], "{date}");
    }
    let v = call(
        json!({"DateGreaterThan": {"aws:CurrentTime": "-99999999999999999999"}}),
        json!({}),
    );
    assert_eq!(outcomes(&v), ["allowed"]);
}

#[test]
fn cidr_prefixes_out_of_range_are_not_addresses() {
    for cidr in [
        "::/129",
        "10.0.0.0/33",
        "10.0.0.0/4294967296",
        "10.0.0.0/-1",
        "10.0.0.0/18446744073709551617",
    ] {
        let v = call(
            json!({"IpAddress": {"aws:SourceIp": cidr}}),
            json!({"aws:SourceIp": "10.0.0.1"}),
        );
        assert_eq!(codes(&v), ["type-mismatch-ip-address"], "{cidr}");
        assert_eq!(outcomes(&v), ["error CannotEvaluate"], "{cidr}");
    }
    // the widest prefixes still match
    for (cidr, ip) in [
        ("::/0", "::1"),
        ("0.0.0.0/0", "10.0.0.1"),
        ("::1/128", "::1"),
        ("10.0.0.1/32", "10.0.0.1"),
    ] {
        let v = call(
            json!({"IpAddress": {"aws:SourceIp": cidr}}),
            json!({"aws:SourceIp": ip}),
        );
        assert_eq!(outcomes(&v), ["allowed"], "{cidr}");
    }
    // a request address with a prefix past /128 cannot be evaluated
    let v = call(
        json!({"IpAddress": {"aws:SourceIp": "::/0"}}),
        json!({"aws:SourceIp": "::1/129"}),
    );
    assert_eq!(outcomes(&v), ["error CannotEvaluate"]);
}

#[test]
fn extreme_session_durations_get_sts_errors_or_located_findings() {
    let assume = |duration: Value| {
        let steps = json!([{"as": ALICE}, {"assumeRole": ROLE, "durationSeconds": duration}]);
        run(&scenario(json!({}), json!(3600), steps)).1
    };
    let v = assume(json!(i64::MAX));
    assert_eq!(outcomes(&v), ["error ValidationError"]);
    assert!(v["steps"][1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("less than or equal to 43200"));
    let v = assume(json!(i64::MIN));
    assert_eq!(outcomes(&v), ["error ValidationError"]);
    assert!(v["steps"][1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("greater than or equal to 900"));
    for not_whole in [
        json!(1e308),
        json!(18_446_744_073_709_551_616.0_f64),
        json!(0.5),
    ] {
        let v = assume(not_whole.clone());
        assert_eq!(codes(&v), ["wrong-type"], "{not_whole}");
        assert_eq!(v["diagnostics"][0]["path"], "$.steps[1].durationSeconds");
    }
    for max in [json!(i64::MAX), json!(i64::MIN)] {
        let steps = json!([{"as": ALICE}, {"assumeRole": ROLE}]);
        let v = run(&scenario(json!({}), max.clone(), steps)).1;
        assert_eq!(codes(&v), ["bad-max-session-duration"], "{max}");
    }
}

#[test]
fn the_simulated_clock_saturates_instead_of_overflowing() {
    // from year 0 with MFA, the clock is moved past i64::MAX twice: it stops at i64::MAX
    // seconds (year 292277026596), the MFA age saturates, a session started then expires at
    // once, and a Date condition on a time past year 9999 cannot be evaluated (IAM writes
    // aws:CurrentTime with a 4-digit year), saying which value
    let steps = json!([
        {"as": ALICE, "mfa": true},
        {"setTime": "0000-01-01T00:00:00Z"},
        {"as": ALICE, "mfa": true},
        {"call": "s3:ListBucket", "resource": "arn:aws:s3:::b"},
        {"advanceTime": format!("PT{}S", i64::MAX)},
        {"advanceTime": format!("PT{}S", i64::MAX)},
        {"call": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
        {"call": "s3:ListBucket", "resource": "arn:aws:s3:::b"},
        {"assumeRole": ROLE, "durationSeconds": 43200},
        {"advanceTime": "PT1S"},
        {"call": "s3:ListBucket", "resource": "arn:aws:s3:::b"}
    ]);
    let condition = json!({"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": "0"}, "DateGreaterThanEquals": {"aws:CurrentTime": "0000-01-01T00:00:00Z"}});
    let (r, v) = run(&scenario(condition, json!(43200), steps));
    assert!(!r.invalid, "{}", v["diagnostics"]);
    assert_eq!(
        outcomes(&v),
        [
            "allowed",
            "error CannotEvaluate",
            "error CannotEvaluate",
            "allowed",
            "error ExpiredToken"
        ]
    );
    let message = v["steps"][7]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("\"292277026596-12-04T15:30:07Z\" is not a date"),
        "{message}"
    );
    // the text report prints the end of the clock without overflowing
    let text = scenario::text::render(&r, scenario::text::Style::Plain);
    assert!(text.contains("292277026596-12-04T15:30:07Z"), "{text}");
    // durations that do not fit are located errors
    let steps = json!([{"as": ALICE}, {"advanceTime": "PT99999999999999999999S"}, {"advanceTime": format!("P{}W", i64::MAX / 604_800 + 1)}]);
    let v = run(&scenario(json!({}), json!(3600), steps)).1;
    assert_eq!(codes(&v), ["bad-duration", "bad-duration"]);
    assert!(v["diagnostics"][1]["message"]
        .as_str()
        .unwrap()
        .contains("too long a duration"));
    // and a time past year 9999 is not an RFC 3339 time
    let steps = json!([{"as": ALICE}, {"setTime": "10000-01-01T00:00:00Z"}]);
    assert_eq!(
        codes(&run(&scenario(json!({}), json!(3600), steps)).1),
        ["bad-time"]
    );
}

#[test]
fn the_cli_answers_extreme_values_without_panicking() {
    // the debug binary (overflow checks on): a located error, or the report
    let dir = std::env::temp_dir().join(format!("iam-playground-overflow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let steps = json!([
        {"as": ALICE, "mfa": true},
        {"advanceTime": format!("PT{}S", i64::MAX)},
        {"call": "s3:ListBucket", "resource": "arn:aws:s3:::b", "context": {"s3:max-keys": 1e308}},
        {"assumeRole": ROLE, "durationSeconds": i64::MAX}
    ]);
    let condition = json!({"NumericLessThan": {"s3:max-keys": format!("1{}", "0".repeat(308))}, "DateLessThan": {"aws:CurrentTime": "9".repeat(300)}});
    let file = dir.join("extreme.json");
    std::fs::write(&file, scenario(condition, json!(43200), steps)).unwrap();
    for format in ["text", "json"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_iam-playground"))
            .args(["simulate", file.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{:?} {stderr}",
            out.status
        );
        assert!(
            stdout.contains("CannotEvaluate") || stdout.contains("cannot"),
            "{format}: {stdout}"
        );
        assert!(stdout.contains("ValidationError"), "{format}: {stdout}");
    }
    // a batch of query lines past any count of lines is numbered without overflow
    let queries = dir.join("queries.txt");
    std::fs::write(&queries, "{\"call\": \"s3:ListBucket\"\n\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iam-playground"))
        .args(["decide", file.to_str().unwrap(), queries.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    std::fs::remove_dir_all(&dir).ok();
}
