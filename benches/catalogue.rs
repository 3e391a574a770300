//! The AWS action catalogue's cost (issue 9, item 5): what it costs to read, and what it adds
//! to validating a large policy.
//!
//! - reading `data/iam-catalogue.txt` (what the CLI does at start and the browser's worker
//!   does once the asset has arrived);
//! - parsing and validating the AWS managed policy `ReadOnlyAccess` as an identity policy,
//!   first without a catalogue, then with it installed (goal: under 10 ms natively with it);
//! - a one-statement policy with the classic mistakes, without and with;
//! - expanding `s3:Get*` and `*` over the catalogue.
//!
//! Run: `cargo bench --bench catalogue -- --warm-up-time 1 --measurement-time 2`.
//! The two halves run in one process (a catalogue, once installed, stays): compare figures
//! measured in one run; the machine is shared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iam_playground::catalogue::{self, Catalogue};
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse_text;
use std::time::Instant;

const CATALOGUE: &str = include_str!("../data/iam-catalogue.txt");
const READ_ONLY: &str = include_str!("../src/managed/documents/ReadOnlyAccess.json");
const MISTAKES: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
  "Action":["s3:GetObjects","s3:ListBucket","ec2:DescribeInstance"],
  "Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*",
  "Condition":{"StringEquals":{"aws:PrincipalTagg/team":"blue"},"NumericLessThan":{"aws:PrincipalArn":"5"}}}]}"#;

fn validate(c: &mut Criterion, label: &str) {
    let mut group = c.benchmark_group(format!("validate ({label})"));
    group.bench_function("ReadOnlyAccess", |b| {
        b.iter(|| parse_text(black_box(READ_ONLY), PolicyKind::Identity))
    });
    group.bench_function("one statement with mistakes", |b| {
        b.iter(|| parse_text(black_box(MISTAKES), PolicyKind::Identity))
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    println!(
        "catalogue: {} bytes of text ({} lines)",
        CATALOGUE.len(),
        CATALOGUE.lines().count()
    );
    let started = Instant::now();
    let parsed = Catalogue::parse(CATALOGUE).expect("the shipped catalogue parses");
    println!(
        "catalogue: read once in {:.2} ms: {} services, {} actions",
        started.elapsed().as_secs_f64() * 1e3,
        parsed.services.len(),
        parsed
            .services
            .iter()
            .map(|s| s.actions.len())
            .sum::<usize>()
    );
    c.bench_function("catalogue: read data/iam-catalogue.txt", |b| {
        b.iter(|| Catalogue::parse(black_box(CATALOGUE)).expect("parses"))
    });

    validate(c, "without the catalogue");
    let installed = catalogue::install(parsed).expect("first install");
    let findings = parse_text(MISTAKES, PolicyKind::Identity).diagnostics.len();
    println!("catalogue: the policy with mistakes has {findings} findings with the catalogue");
    validate(c, "with the catalogue");

    let mut group = c.benchmark_group("expand");
    group.bench_function("s3:Get*", |b| {
        b.iter(|| installed.matching_actions(black_box("s3:Get*")).count())
    });
    group.bench_function("*", |b| {
        b.iter(|| installed.matching_actions(black_box("*")).count())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
