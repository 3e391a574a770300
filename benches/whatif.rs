//! What-if at real account sizes: generate an organization's export (see
//! `benches/support/gen_export.rs`), import it, load the world, and ask who can
//! `s3:GetObject` an object of a shared bucket and who can `sts:AssumeRole` into a production
//! admin role. Prints a table and one JSON line per scale; asserts nothing about time.
//!
//! ```sh
//! cargo bench --bench whatif                          # scales 0.0015, 0.015, 0.15, 1.0
//! WHATIF_SCALES=0.05,0.5 cargo bench --bench whatif   # other scales
//! ```
//!
//! Each scale runs in a child process of this binary (`--child DIR ...`), so the peak memory
//! (VmHWM from /proc/self/status) of one scale is its own: it covers the export's text read from
//! disk, the import, the scenario text, the loaded world and both queries. Goals (issue 8): at
//! full size, import then who-can natively under 1 s, memory under 500 MB.

// Benchmark code may unwrap and index: a failure there is a failed run, not a user error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/gen_export.rs"]
mod gen_export;

use iam_playground::import::{import, ImportFile};
use iam_playground::query::{who_can, WhoCanQuery};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const DEFAULT_SCALES: [f64; 4] = [0.0015, 0.015, 0.15, 1.0];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--child") {
        let dir = PathBuf::from(&args[1]);
        child(&dir, &args[2], &args[3]);
        return;
    }
    parent();
}

fn ms(t: Instant) -> f64 {
    (t.elapsed().as_secs_f64() * 1e4).round() / 10.0
}

/// This thread's time on a CPU so far, in ns (/proc/thread-self/schedstat): on a machine
/// shared with other builds it is steadier than wall time. The kernel updates it at scheduler
/// ticks, so a phase of a few milliseconds reads a few milliseconds off; the large scales are
/// what it is for. 0 where there is no such file.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Wall and CPU time of one phase.
struct Clock {
    wall: Instant,
    cpu: u64,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_ns(),
        }
    }
    /// (wall ms, CPU ms), to a tenth of a millisecond.
    fn stop(&self) -> (f64, f64) {
        let cpu = cpu_ns().saturating_sub(self.cpu) as f64 / 1e6;
        (ms(self.wall), (cpu * 10.0).round() / 10.0)
    }
}

/// A field of /proc/self/status in MB (`VmHWM`, `VmRSS`), 0 where there is none.
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| (kb / 102.4).round() / 10.0)
        .unwrap_or(0.0)
}

fn query(sc: &iam_playground::scenario::model::Scenario, action: &str, resource: &str) -> Value {
    let q = WhoCanQuery {
        action: action.into(),
        resource: resource.into(),
        ..Default::default()
    };
    let t = Clock::start();
    let answer = who_can(sc, &q);
    let (took, cpu) = t.stop();
    json!({
        "ms": took,
        "cpuMs": cpu,
        "answers": answer.summary.answers,
        "listed": answer.answers.len(),
        "conditional": answer.summary.conditional,
        "unsettled": answer.unsettled.len(),
        "external": answer.external.len(),
        "evaluations": answer.summary.evaluations,
        "principals": answer.summary.principals,
        "missing": answer.missing.len(),
    })
}

/// One scale, measured in its own process; prints one JSON line prefixed `WHATIF `.
fn child(dir: &Path, object: &str, role: &str) {
    let t = Instant::now();
    let files: Vec<ImportFile> = gen_export::read_folder(dir)
        .expect("the generated folder reads")
        .into_iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    let read_ms = ms(t);
    let rss_after_read = status_mb("VmRSS");

    let t = Clock::start();
    let outcome = import(&files, None);
    let (import_ms, import_cpu) = t.stop();
    let errors = outcome
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == iam_playground::diag::Severity::Error)
        .count();
    let diagnostics = outcome.diagnostics.len();
    let first_diagnostics: Vec<String> = outcome
        .diagnostics
        .iter()
        .take(3)
        .map(|d| format!("{}: {}", d.file, d.diagnostic.message))
        .collect();

    let t = Clock::start();
    let text = serde_json::to_string(&outcome.scenario).expect("the scenario serializes");
    let (serialize_ms, serialize_cpu) = t.stop();
    let scenario_bytes = text.len();
    drop(outcome);

    let t = Clock::start();
    let world = iam_playground::scenario::load_world("import.json", &text);
    let (load_ms, load_cpu) = t.stop();
    let sc = match world {
        Ok(sc) => sc,
        Err(diags) => {
            let mut shown: std::collections::BTreeMap<String, usize> = Default::default();
            for d in &diags {
                *shown
                    .entry(format!(
                        "{} (first at {})",
                        d.diagnostic.message, d.diagnostic.path
                    ))
                    .or_insert(0) += 1;
            }
            panic!(
                "the imported scenario does not load ({} diagnostics): {shown:#?}",
                diags.len()
            );
        }
    };
    let get_object = query(&sc, "s3:GetObject", object);
    let assume = query(&sc, "sts:AssumeRole", role);
    let warm = query(&sc, "s3:GetObject", object);
    let total = import_ms + serialize_ms + load_ms + get_object["ms"].as_f64().unwrap_or(0.0);
    let total_cpu =
        import_cpu + serialize_cpu + load_cpu + get_object["cpuMs"].as_f64().unwrap_or(0.0);
    let line = json!({
        "readMs": read_ms,
        "rssAfterReadMb": rss_after_read,
        "importMs": import_ms,
        "importCpuMs": import_cpu,
        "importDiagnostics": diagnostics,
        "importErrors": errors,
        "firstDiagnostics": first_diagnostics,
        "serializeMs": serialize_ms,
        "serializeCpuMs": serialize_cpu,
        "scenarioBytes": scenario_bytes,
        "loadMs": load_ms,
        "loadCpuMs": load_cpu,
        "whoCanGetObject": get_object,
        "whoCanAssumeRole": assume,
        "whoCanGetObjectWarmMs": warm["ms"],
        "importToWhoCanMs": (total * 10.0).round() / 10.0,
        "importToWhoCanCpuMs": (total_cpu * 10.0).round() / 10.0,
        "peakMb": status_mb("VmHWM"),
    });
    println!("WHATIF {line}");
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn parent() {
    let scales: Vec<f64> = match std::env::var("WHATIF_SCALES") {
        Ok(s) => s
            .split(',')
            .map(|x| {
                x.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("WHATIF_SCALES: `{x}` is not a number"))
            })
            .collect(),
        Err(_) => DEFAULT_SCALES.to_vec(),
    };
    let exe = std::env::current_exe().expect("the bench binary's path");
    let mut rows = Vec::new();
    for scale in scales {
        let sizes = gen_export::Sizes::scaled(scale);
        let t = Instant::now();
        let export = gen_export::generate(&sizes, gen_export::SEED);
        let generate_ms = ms(t);
        let dir = target_dir().join("whatif").join(format!("scale-{scale}"));
        let _ = std::fs::remove_dir_all(&dir);
        export.write(&dir).expect("the export folder writes");
        let s = &export.summary;
        let out = Command::new(&exe)
            .arg("--child")
            .arg(&dir)
            .arg(&s.probe_object)
            .arg(&s.probe_role)
            .output()
            .expect("the child process runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("WHATIF ")) else {
            panic!(
                "scale {scale}: the child printed no figures\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let mut row: Value = serde_json::from_str(line).expect("the child's JSON line");
        let obj = row.as_object_mut().expect("an object");
        obj.insert("scale".into(), json!(scale));
        obj.insert("accounts".into(), json!(sizes.accounts));
        obj.insert("roles".into(), json!(s.roles));
        obj.insert("users".into(), json!(s.users));
        obj.insert("groups".into(), json!(s.groups));
        obj.insert("customerPolicies".into(), json!(s.customer_policies));
        obj.insert("principals".into(), json!(s.roles + s.users));
        obj.insert("files".into(), json!(export.files.len()));
        obj.insert("bytes".into(), json!(export.bytes()));
        obj.insert("generateMs".into(), json!(generate_ms));
        obj.insert("probeObject".into(), json!(s.probe_object));
        obj.insert("probeRole".into(), json!(s.probe_role));
        println!("{}", serde_json::to_string(&row).expect("JSON"));
        rows.push(row);
    }
    print_table(&rows);
}

fn print_table(rows: &[Value]) {
    let f = |v: &Value| match v {
        Value::Number(n) => n.to_string(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    println!();
    println!("CPU time of this process per phase (wall time in the JSON lines); import→who-can is");
    println!("import + scenario text + load + who-can s3:GetObject.");
    println!();
    println!(
        "| principals (roles+users) | files | MB | import ms | load ms | who-can s3:GetObject ms (answers) | who-can sts:AssumeRole ms (answers) | import→who-can ms CPU (wall) | peak MB |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        let mb = r["bytes"].as_f64().unwrap_or(0.0) / 1_048_576.0;
        println!(
            "| {} ({}+{}) | {} | {:.1} | {} | {} | {} ({}) | {} ({}) | {} ({}) | {} |",
            f(&r["principals"]),
            f(&r["roles"]),
            f(&r["users"]),
            f(&r["files"]),
            mb,
            f(&r["importCpuMs"]),
            f(&r["loadCpuMs"]),
            f(&r["whoCanGetObject"]["cpuMs"]),
            f(&r["whoCanGetObject"]["answers"]),
            f(&r["whoCanAssumeRole"]["cpuMs"]),
            f(&r["whoCanAssumeRole"]["answers"]),
            f(&r["importToWhoCanCpuMs"]),
            f(&r["importToWhoCanMs"]),
            f(&r["peakMb"]),
        );
    }
}
