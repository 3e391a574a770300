//! `iam-playground import`: reads files and folders (walked recursively, sorted by path, hidden
//! entries skipped), imports them with `iam_playground::import`, writes the scenario, prints
//! every diagnostic as FILE:LINE:COLUMN: message, and sets the exit status.

use iam_playground::diag::Severity;
use iam_playground::import::{import, ImportFile, ImportOutcome};
use std::path::{Path, PathBuf};

/// Runs the command; returns the exit status: 0 imported, 1 imported but some input has
/// errors, 2 nothing imported (or the `--into` scenario or the output cannot be used).
pub fn run(paths: &[String], output: Option<&str>, into: Option<&str>) -> u8 {
    let mut files = Vec::new();
    let mut unreadable = false;
    for p in paths {
        let mut found = Vec::new();
        walk(Path::new(p), true, &mut found);
        if found.is_empty() && !Path::new(p).exists() {
            eprintln!("{p}: no such file or directory");
            unreadable = true;
        }
        for f in found {
            let name = f.display().to_string();
            match std::fs::read(&f).map(String::from_utf8) {
                Ok(Ok(text)) => files.push(ImportFile { name, text }),
                Ok(Err(_)) => eprintln!("{name}: warning: not UTF-8 text, skipped"),
                Err(e) => {
                    eprintln!("{name}: cannot read: {e}");
                    unreadable = true;
                }
            }
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let into_text = match into {
        Some(f) => match std::fs::read_to_string(f) {
            Ok(t) => Some((f, t)),
            Err(e) => {
                eprintln!("{f}: cannot read: {e}");
                return 2;
            }
        },
        None => None,
    };
    let outcome = import(&files, into_text.as_ref().map(|(f, t)| (*f, t.as_str())));
    for d in &outcome.diagnostics {
        eprintln!("{d}");
    }
    let into_broken = into.is_some_and(|f| {
        outcome
            .diagnostics
            .iter()
            .any(|d| d.file == f && d.diagnostic.severity == Severity::Error)
    });
    if into_broken {
        eprintln!("nothing written: the scenario to merge into cannot be read");
        return 2;
    }
    if !outcome.imported() && into.is_none() {
        eprintln!("nothing imported: no file is an export this importer knows");
        return 2;
    }
    let text = match serde_json::to_string_pretty(&outcome.scenario) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot write the scenario: {e}");
            return 2;
        }
    };
    match output {
        None | Some("-") => println!("{text}"),
        Some(o) => {
            if let Err(e) = std::fs::write(o, format!("{text}\n")) {
                eprintln!("{o}: cannot write: {e}");
                return 2;
            }
        }
    }
    eprintln!("{}", summary_line(&outcome));
    if outcome.has_errors() || unreadable {
        1
    } else {
        0
    }
}

fn summary_line(o: &ImportOutcome) -> String {
    let s = &o.summary;
    let mut line = format!(
        "imported {} of {} files: {} accounts, {} users, {} groups, {} roles, {} customer managed policies, {} resource policies, {} SCPs, {} RCPs, {} profile steps",
        s.files_recognised,
        s.files_recognised.saturating_add(s.files_unrecognised),
        s.accounts,
        s.users,
        s.groups,
        s.roles,
        s.managed_policies,
        s.resources,
        s.scps,
        s.rcps,
        s.steps
    );
    if !s.missing.is_empty() {
        line.push_str(&format!(
            "; {} things the export did not settle (listed in the scenario's description)",
            s.missing.len()
        ));
    }
    line
}

/// Files under `path` (itself when a file), hidden entries skipped below the top.
fn walk(path: &Path, top: bool, out: &mut Vec<PathBuf>) {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    if hidden && !top {
        return;
    }
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            eprintln!("{}: cannot read the directory", path.display());
            return;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            walk(&c, false, out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}
