//! The inputs the fuzzers found (`tests/fuzz/<target>/`), replayed through the very harness
//! the fuzz targets call (`fuzz/src/lib.rs`, included here): each once panicked, broke an
//! answer's shape or ran too long, and must now be answered, quickly. Also replays one seed of
//! each target, so the harness itself stays in step with the engine's API.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;
use std::time::{Duration, Instant};

/// A debug build is 10 to 30 times slower than the fuzzers' optimised one, whose bound is 1 s.
const BOUND: Duration = Duration::from_secs(10);

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in &paths {
        let data = std::fs::read(p).unwrap();
        let t = Instant::now();
        run(&data);
        let took = t.elapsed();
        assert!(took < BOUND, "{} took {took:?}", p.display());
    }
    paths.len()
}

#[test]
fn api_call() {
    replay("api_call", harness::api_call);
    // One request per operation, through the first-byte selector.
    for op in 0..=18u8 {
        harness::api_call(&[op]);
        harness::api_call(&[&[op][..], br#"{"scenario": "{}"}"#].concat());
    }
}

#[test]
fn policy() {
    replay("policy", harness::policy);
    harness::policy(&[&[2u8][..], br#"{"Version":"2012-10-17","Statement":[]}"#].concat());
}

#[test]
fn scenario() {
    replay("scenario", harness::scenario);
    harness::scenario(b"{\"format\": \"iam-playground/scenario@1\"}");
}

#[test]
fn import() {
    replay("import", harness::import);
    harness::import(b"aws-config\n[profile a]\nrole_arn = arn:aws:iam::111111111111:role/r\n");
}

#[test]
fn query() {
    replay("query", harness::query);
    harness::query(b"sts:AssumeRole\n{}");
}

#[test]
fn world_edit() {
    replay("world_edit", harness::world_edit);
    harness::world_edit(b"{}\0$.accounts\0[]");
}

#[test]
fn catalogue() {
    replay("catalogue", harness::catalogue);
    harness::catalogue(b"iam-catalogue 1\n");
}
