//! The texts the engine writes into a report (trace summaries, reasons, explanations, notes,
//! assumption texts, error messages) cite AWS's documentation or say nothing: they never name
//! the project's internal fact numbers (`F12`), spec sections or "the project's IAM spec".
//! Checked on every conformance scenario, scenario test and lesson. Assumption ids (`F69-…`)
//! are stable ids in the JSON and are not text; texts the scenario author wrote (titles,
//! descriptions, step notes) are the author's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::PathBuf;

/// Keys whose strings are not the engine's prose: ids, the author's own texts, and the
/// policy documents and ARNs the report echoes back.
const NOT_PROSE: &[&str] = &[
    "id",
    "name",
    "title",
    "description",
    "sid",
    "document",
    "text_source",
];

/// Does `s` contain an internal fact number (`F` and digits as a whole word)?
fn internal_reference(s: &str) -> Option<String> {
    let b = s.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        let [f, d] = w else { continue };
        if *f != b'F' || !d.is_ascii_digit() {
            continue;
        }
        let before_ok = i == 0 || !b.get(i - 1).is_some_and(|c| c.is_ascii_alphanumeric());
        let end = (i + 1..b.len())
            .find(|&j| !b.get(j).is_some_and(|c| c.is_ascii_digit()))
            .unwrap_or(b.len());
        let after_ok = !b
            .get(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-');
        if before_ok && after_ok {
            return Some(s.get(i..end).unwrap_or_default().to_string());
        }
    }
    if s.contains("IAM spec") {
        return Some("IAM spec".into());
    }
    None
}

fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if let Some(r) = internal_reference(s) {
                out.push(format!("{path}: {r} in {s:?}"));
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                // a step's own `note` is the author's; every other `note` is the engine's
                let authors_note = k == "note" && m.contains_key("kind") && m.contains_key("index");
                if NOT_PROSE.contains(&k.as_str()) || authors_note {
                    continue;
                }
                walk(x, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

fn scenario_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    for dir in ["conformance", "scenarios", "lessons"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_detector_finds_fact_numbers_and_leaves_ids_and_arns_alone() {
    assert_eq!(
        internal_reference("(no organization, F12)").as_deref(),
        Some("F12")
    );
    assert_eq!(
        internal_reference("never matches (F69)").as_deref(),
        Some("F69")
    );
    assert_eq!(
        internal_reference("the project's IAM spec").as_deref(),
        Some("IAM spec")
    );
    assert_eq!(
        internal_reference("F69-non-boolean-bool-value-never-matches"),
        None
    );
    assert_eq!(internal_reference("arn:aws:s3:::bucketF12x"), None);
    assert_eq!(
        internal_reference("no service control policies apply"),
        None
    );
}

#[test]
fn no_engine_text_in_any_scenario_report_names_an_internal_reference() {
    let files = scenario_files();
    assert!(files.len() > 10, "{files:?}");
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let r = iam_playground::scenario::simulate(&name, &text);
        let v = serde_json::to_value(&r).unwrap();
        walk(&v, &name, &mut found);
    }
    assert!(
        found.is_empty(),
        "{} texts:\n{}",
        found.len(),
        found.join("\n")
    );
}
