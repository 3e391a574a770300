//! The scenario corpus every corpus test runs: `tests/conformance/`, `tests/scenarios/`,
//! `tests/lessons/` and, when it exists, `../shared/conformance/`.

use std::path::{Path, PathBuf};

/// Every scenario file of the corpus, in path order.
pub fn scenario_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in [
        "tests/conformance",
        "tests/scenarios",
        "tests/lessons",
        "../shared/conformance",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(d)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}
