//! Validation and diagnostic positions (issue 12, item 3): how their cost grows.
//!
//! - parsing and validating generated identity policies of 10, 100, 1,000 and 10,000
//!   statements, with duplicate Sids, redundant and covered actions and resources, and
//!   conditions, so that every check (suggestions included) runs; a table of the cost per
//!   statement is printed first, so that linear growth shows as a flat column;
//! - loading and validating the AWS managed policy `ReadOnlyAccess` as an identity policy
//!   (goal: at most 2 ms natively);
//! - the positions (line, column, UTF-16 units) of 500 findings spread through 1 MB and 5 MB
//!   texts, multi-line and on one line, index built included (goal: about 33 ms and 0.18 s at
//!   most, against 570 ms and 13 s when every position counted from the start of the text);
//! - checking a 1 MB scenario with about 500 findings in its policies, end to end;
//! - last (installing it is for the whole process), validating `ReadOnlyAccess` again with
//!   AWS's action catalogue installed (goal: well under 10 ms natively), and a policy with a
//!   finding of each kind the catalogue adds, printed.
//!
//! Run: `cargo bench --bench validate -- --warm-up-time 1 --measurement-time 2`.
//! The machine is shared: compare figures measured in one run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse_text;
use iam_playground::source::LineIndex;
use std::time::{Duration, Instant};

/// Statement `i` of a generated identity policy: every Sid is written twice, actions and
/// resources list covered and repeated patterns, every fourth statement has conditions.
fn statement(i: usize) -> String {
    let svc = format!("svc{}", i % 37);
    let effect = if i % 2 == 0 { "Allow" } else { "Deny" };
    let condition = if i % 4 == 0 {
        format!(
            r#","Condition":{{"StringEquals":{{"aws:PrincipalTag/team":"t{i}"}},"ForAllValues:StringLike":{{"aws:TagKeys":["a*","b*"]}},"Null":{{"aws:TagKeys":"false"}}}}"#
        )
    } else {
        String::new()
    };
    format!(
        r#"{{"Sid":"S{}","Effect":"{effect}","Action":["{svc}:Get*","{svc}:GetObject{i}","{svc}:List*","{svc}:Get*","{svc}:Describe{i}"],"Resource":["arn:aws:s3:::bucket{i}/*","arn:aws:s3:::bucket{i}/key","arn:aws:s3:::bucket{i}/${{aws:username}}/*"]{condition}}}"#,
        i / 2
    )
}

fn policy(n: usize) -> String {
    let body: Vec<String> = (0..n).map(|i| format!("    {}", statement(i))).collect();
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}\n",
        body.join(",\n")
    )
}

/// The mean time of `f` over at least `min` and about `budget` of runs.
fn mean_time(budget: Duration, min: u32, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut runs = 0u32;
    while runs < min || start.elapsed() < budget {
        f();
        runs += 1;
    }
    start.elapsed() / runs
}

/// A JSON text of about `size` bytes, lines of policy-like text with non-ASCII characters
/// (é takes one UTF-16 unit and two bytes, 😀 two units and four bytes); `one_line` writes it
/// without line breaks, as a minified file is.
fn scenario_like_text(size: usize, one_line: bool) -> String {
    let mut out = String::from("{\"policies\":[");
    let sep = if one_line { "" } else { "\n  " };
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!(
            "{sep}{{\"Sid\":\"S{i}\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::café-😀-{i}/*\"}},"
        ));
        i += 1;
    }
    out.push_str(&format!("{sep}{{}}]}}"));
    out
}

/// `n` finding spans spread evenly through `text`, on character boundaries.
fn spread_spans(text: &str, n: usize) -> Vec<(u32, u32)> {
    (0..n)
        .map(|k| {
            let boundary = |mut at: usize| {
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at as u32
            };
            let at = text.len() * (2 * k + 1) / (2 * n);
            (boundary(at), boundary((at + 10).min(text.len())))
        })
        .collect()
}

/// What every locating path does: index the text once, then place every finding's span.
fn locate_all(text: &str, spans: &[(u32, u32)]) -> u64 {
    let index = LineIndex::new(text);
    let mut sum = 0u64;
    for &(s, e) in spans {
        for at in [s, e] {
            let p = index.position(text, at);
            sum += u64::from(p.line) + u64::from(p.column_utf16) + u64::from(p.offset_utf16);
        }
    }
    sum
}

/// The old way, for the record: every position counted from the start of the text.
fn locate_all_from_start(text: &str, spans: &[(u32, u32)]) -> u64 {
    let mut sum = 0u64;
    for &(s, e) in spans {
        for at in [s as usize, e as usize] {
            let head = &text[..at];
            let line_start = head.rfind('\n').map_or(0, |i| i + 1);
            let line = head.matches('\n').count() + 1;
            let col16 = text[line_start..at].encode_utf16().count() + 1;
            let off16 = head.encode_utf16().count();
            sum += (line + col16 + off16) as u64;
        }
    }
    sum
}

/// A scenario of about `size` bytes whose account has customer managed policies, each with
/// one redundant action (a suggestion) and one `*` in `StringEquals` (a warning): about
/// `findings` findings in all, the rest of the size in long descriptions.
fn big_scenario(size: usize, findings: usize) -> String {
    let policies = findings / 2;
    let pad = "x".repeat(size / policies.max(1));
    let list: Vec<String> = (0..policies)
        .map(|i| {
            format!(
                r#"{{"name":"P{i}","path":"/","description":"{pad}","document":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:Get*","s3:GetObject"],"Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalTag/team":"a*"}}}}}}]}}}}"#
            )
        })
        .collect();
    format!(
        "{{\n\"format\": \"iam-playground/scenario@1\",\n\"title\": \"big\",\n\"accounts\": [{{\"id\": \"111111111111\", \"name\": \"A\", \"managedPolicies\": [\n{}\n]}}],\n\"steps\": []\n}}\n",
        list.join(",\n")
    )
}

fn print_tables() {
    println!();
    println!("Parse and validate an identity policy (every check, suggestions included):");
    println!("| statements | bytes | findings | time | per statement |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    for n in [10, 100, 1_000, 10_000] {
        let text = policy(n);
        let found = parse_text(&text, PolicyKind::Identity).diagnostics.len();
        let t = mean_time(Duration::from_millis(700), 3, || {
            black_box(parse_text(black_box(&text), PolicyKind::Identity));
        });
        println!(
            "| {n} | {} | {found} | {:.3} ms | {:.2} µs |",
            text.len(),
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e6 / n as f64
        );
    }
    println!();
    println!("Positions of 500 findings (1,000 positions), index built included:");
    println!("| text | index + positions | counting from the start (before) |");
    println!("| --- | ---: | ---: |");
    for (mb, one_line) in [(1, false), (5, false), (1, true), (5, true)] {
        let text = scenario_like_text(mb << 20, one_line);
        let spans = spread_spans(&text, 500);
        let fast = mean_time(Duration::from_millis(500), 3, || {
            black_box(locate_all(black_box(&text), &spans));
        });
        assert_eq!(
            locate_all(&text, &spans),
            locate_all_from_start(&text, &spans)
        );
        let slow = mean_time(Duration::ZERO, 1, || {
            black_box(locate_all_from_start(black_box(&text), &spans));
        });
        println!(
            "| {mb} MB{} | {:.2} ms | {:.0} ms |",
            if one_line { ", one line" } else { "" },
            fast.as_secs_f64() * 1e3,
            slow.as_secs_f64() * 1e3
        );
    }
    println!();
}

fn bench(c: &mut Criterion) {
    print_tables();

    let mut group = c.benchmark_group("validate identity policy");
    for n in [10, 100, 1_000, 10_000] {
        let text = policy(n);
        group.throughput(Throughput::Elements(n as u64));
        if n >= 1_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| parse_text(black_box(text), PolicyKind::Identity))
        });
    }
    group.finish();

    let read_only = iam_playground::managed::find("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .expect("ReadOnlyAccess is shipped");
    let parsed = parse_text(read_only.document().unwrap(), PolicyKind::Identity);
    assert!(parsed.policy.is_some(), "{:?}", parsed.diagnostics);
    c.bench_function(
        &format!(
            "load and validate ReadOnlyAccess ({} bytes, {} findings)",
            read_only.document().unwrap().len(),
            parsed.diagnostics.len()
        ),
        |b| {
            b.iter(|| {
                parse_text(
                    black_box(read_only.document().unwrap()),
                    PolicyKind::Identity,
                )
            })
        },
    );

    let mut group = c.benchmark_group("positions of 500 findings");
    group.sample_size(10);
    for (mb, one_line) in [(1, false), (5, false), (5, true)] {
        let text = scenario_like_text(mb << 20, one_line);
        let spans = spread_spans(&text, 500);
        let name = format!("{mb} MB{}", if one_line { " one line" } else { "" });
        group.bench_function(&name, |b| b.iter(|| locate_all(black_box(&text), &spans)));
    }
    group.finish();

    let text = big_scenario(1 << 20, 510);
    let report = iam_playground::scenario::check("big.json", &text);
    let mut group = c.benchmark_group("check a scenario");
    group.sample_size(10);
    group.bench_function(
        format!(
            "{} KB, {} findings",
            text.len() >> 10,
            report.diagnostics.len()
        ),
        |b| b.iter(|| iam_playground::scenario::check("big.json", black_box(&text))),
    );
    group.finish();

    print_with_catalogue(read_only.document().expect("compiled in"));
}

/// Validation with AWS's action catalogue installed (for the rest of the process), beside the
/// same documents validated before it was installed.
fn print_with_catalogue(read_only: &str) {
    let generated = policy(1_000);
    let docs = [
        (
            "ReadOnlyAccess (goal: under 10 ms with the catalogue)",
            read_only,
        ),
        ("generated, 1,000 statements", generated.as_str()),
    ];
    let measure = |text: &str| {
        let found = parse_text(text, PolicyKind::Identity).diagnostics.len();
        let t = mean_time(Duration::from_millis(700), 3, || {
            black_box(parse_text(black_box(text), PolicyKind::Identity));
        });
        (found, t)
    };
    let without: Vec<_> = docs.iter().map(|(_, text)| measure(text)).collect();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/iam-catalogue.txt");
    let text = std::fs::read_to_string(path).expect("data/iam-catalogue.txt is readable");
    let started = Instant::now();
    let catalogue = iam_playground::catalogue::Catalogue::parse(&text).expect("it parses");
    let read = started.elapsed();
    assert!(iam_playground::catalogue::install(catalogue).is_ok());
    println!();
    println!(
        "Validation with AWS's action catalogue installed (read in {:.1} ms):",
        read.as_secs_f64() * 1e3
    );
    println!("| document | findings without | time without | findings with | time with |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for ((name, text), (found, t)) in docs.iter().zip(without) {
        let (found_with, t_with) = measure(text);
        println!(
            "| {name} | {found} | {:.3} ms | {found_with} | {:.3} ms |",
            t.as_secs_f64() * 1e3,
            t_with.as_secs_f64() * 1e3
        );
    }
    println!();
}

criterion_group!(benches, bench);
criterion_main!(benches);
