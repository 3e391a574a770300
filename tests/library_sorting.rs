//! The library sorts through `iam_playground::sorting` (one compiled copy of the algorithm):
//! each use of the standard library's slice sorts adds several kilobytes to the browser's
//! engine, whose size has a budget. This test finds any that come back.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "bin") {
                continue; // the CLI is native only
            }
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_library_uses_no_standard_slice_sort() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20);
    let calls = [
        ".sort()",
        ".sort_by(",
        ".sort_by_key(",
        ".sort_unstable()",
        ".sort_unstable_by(",
        ".sort_unstable_by_key(",
        ".sort_by_cached_key(",
    ];
    let mut found = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("sorting.rs")) {
        let text = std::fs::read_to_string(f).unwrap();
        // unit tests inside a module may compare with the standard sorts
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            if !line.trim_start().starts_with("//") && calls.iter().any(|c| line.contains(c)) {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "use crate::sorting instead:\n{}",
        found.join("\n")
    );
}
