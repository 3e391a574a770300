//! Writes a generated AWS account export (an organization of accounts, as the AWS CLI prints
//! each command's output) into a folder, for benchmarks and for trying the importer at size.
//!
//! ```sh
//! cargo run --release --example gen-export -- OUT_DIR [--scale 1.0]
//!     [--accounts N] [--roles N] [--users N] [--groups N] [--policies N] [--seed N]
//! ```
//!
//! `--scale 1.0` (the default) is the full size: 5,000 roles, 2,000 users, 300 groups, 3,000
//! customer managed policies in 20 accounts; explicit counts override the scaled ones. The
//! summary (counts, files, bytes, and the resources the benchmarks query) is printed as JSON.

// Shared with the what-if benchmark and the generator test; each uses part of it.
#[allow(dead_code)]
#[path = "../benches/support/gen_export.rs"]
mod gen_export;

use gen_export::Sizes;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen-export OUT_DIR [--scale F] [--accounts N] [--roles N] \
[--users N] [--groups N] [--policies N] [--seed N]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-export: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut scale = 1.0f64;
    let mut seed = gen_export::SEED;
    let mut counts: Vec<(String, usize)> = Vec::new();
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--scale" => {
                let v = value("--scale")?;
                scale = v
                    .parse()
                    .ok()
                    .filter(|f: &f64| f.is_finite() && *f > 0.0)
                    .ok_or_else(|| {
                        format!("--scale {v}: expected a positive number such as 0.1")
                    })?;
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed {v}: expected a whole number"))?;
            }
            "--accounts" | "--roles" | "--users" | "--groups" | "--policies" => {
                let v = value(&a)?;
                let n = v
                    .parse()
                    .map_err(|_| format!("{a} {v}: expected a whole number"))?;
                counts.push((a.clone(), n));
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s => {
                if out.is_some() {
                    return Err(format!("one output folder only (got a second: {s})"));
                }
                out = Some(PathBuf::from(s));
            }
        }
    }
    let out = out.ok_or("missing OUT_DIR")?;
    let mut sizes = Sizes::scaled(scale);
    for (name, n) in counts {
        match name.as_str() {
            "--accounts" => sizes.accounts = n,
            "--roles" => sizes.roles = n,
            "--users" => sizes.users = n,
            "--groups" => sizes.groups = n,
            _ => sizes.policies = n,
        }
    }
    let started = std::time::Instant::now();
    let export = gen_export::generate(&sizes, seed);
    export
        .write(&out)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let summary = serde_json::json!({
        "out": out.display().to_string(),
        "files": export.files.len(),
        "bytes": export.bytes(),
        "millis": started.elapsed().as_millis() as u64,
        "summary": export.summary,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?
    );
    Ok(())
}
