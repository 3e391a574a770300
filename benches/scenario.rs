//! Simulating the largest conformance scenario end to end (JSON parse, load, every policy
//! parsed, every step run with its trace), the goal being well under 1 ms natively.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::Path;

fn largest_conformance_scenario() -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut best: Option<(String, String)> = None;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&p).unwrap();
            if best.as_ref().is_none_or(|(_, t)| text.len() > t.len()) {
                best = Some((p.file_name().unwrap().to_string_lossy().into_owned(), text));
            }
        }
    }
    best.unwrap()
}

fn bench(c: &mut Criterion) {
    let (name, text) = largest_conformance_scenario();
    // Warm the AWS managed policy cache once, as a long-running process (the browser) would.
    let report = iam_playground::scenario::simulate(&name, &text);
    assert!(!report.invalid && report.expectations.failed == 0);
    c.bench_function(
        &format!(
            "simulate {name} ({} bytes, {} steps)",
            text.len(),
            report.steps.len()
        ),
        |b| b.iter(|| iam_playground::scenario::simulate(black_box(&name), black_box(&text))),
    );
    // Every other conformance scenario, for the record.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut others: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    others.sort();
    for p in others {
        let file = p.file_name().unwrap().to_string_lossy().into_owned();
        if file == name || p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        c.bench_function(&format!("simulate {file}"), |b| {
            b.iter(|| iam_playground::scenario::simulate(black_box(&file), black_box(&text)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
