//! The words a learner reads in the presets the site ships (the walk-throughs in
//! `tests/conformance/` and the lessons in `tests/lessons/`): each has a one-line `summary` for
//! menus and a title short enough for a menu, and no title, summary, description or step note
//! carries an internal reference (a source file name, a fact number of the project's notes, its
//! specification, or remarks about the scenario format's limits). Sources are AWS pages, by title
//! and link; a lesson's "Try it" names the steps that flip.

// Test code: it fails the test by panicking.
#![allow(clippy::panic, clippy::indexing_slicing)]

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Longest summary (characters), so that it fits a menu line or a gallery card.
const SUMMARY_MAX: usize = 110;
/// Longest title (characters), so that it fits the preset menu.
const TITLE_MAX: usize = 60;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every preset file: (directory, path), sorted so that failures read in a stable order.
fn presets() -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    for dir in ["conformance", "lessons"] {
        let entries = std::fs::read_dir(root().join("tests").join(dir))
            .unwrap_or_else(|e| panic!("tests/{dir}: {e}"));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("tests/{dir}: {e}")).path();
            if path.extension().is_some_and(|x| x == "json") {
                out.push((dir, path));
            }
        }
    }
    out.sort();
    assert_eq!(
        out.iter().filter(|(d, _)| *d == "conformance").count(),
        5,
        "the five walk-throughs"
    );
    assert_eq!(
        out.iter().filter(|(d, _)| *d == "lessons").count(),
        9,
        "the nine lessons"
    );
    out
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn text<'a>(doc: &'a Value, field: &str, at: &str) -> &'a str {
    doc.get(field)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{at}: no string `{field}`"))
}

/// Every text a user reads, with where it is: title, summary, description and each step's note.
fn readable(doc: &Value, at: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for field in ["title", "summary", "description"] {
        if let Some(s) = doc.get(field).and_then(Value::as_str) {
            out.push((format!("{at}: {field}"), s.to_string()));
        }
    }
    let steps = doc.get("steps").and_then(Value::as_array).cloned();
    for (i, step) in steps.unwrap_or_default().iter().enumerate() {
        if let Some(s) = step.get("note").and_then(Value::as_str) {
            out.push((format!("{at}: steps[{i}].note"), s.to_string()));
        }
    }
    out
}

/// The words of `s`: maximal runs of ASCII letters and digits.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// What in `s` is an internal reference a learner should not read, if anything.
fn internal_reference(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    for needle in ["seed", ".txt", "scenario format"] {
        if lower.contains(needle) {
            return Some(format!("contains {needle:?}"));
        }
    }
    for w in words(s) {
        // A fact number of the project's semantics notes: `F` and digits, a whole word.
        let fact = w.len() > 1
            && w.starts_with('F')
            && w.get(1..)
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
        if fact {
            return Some(format!("cites the fact number {w}"));
        }
        if w.eq_ignore_ascii_case("spec") || w.eq_ignore_ascii_case("specs") {
            return Some(format!("mentions a spec ({w:?})"));
        }
    }
    None
}

/// A preset's path as the messages name it: relative to the repository.
fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_preset_has_a_short_title_and_a_one_line_summary() {
    for (_, path) in presets() {
        let at = rel(&path);
        let doc = load(&path);
        let title = text(&doc, "title", &at);
        assert!(
            title.chars().count() < TITLE_MAX,
            "{at}: title has {} characters (under {TITLE_MAX} fits a menu): {title:?}",
            title.chars().count()
        );
        let summary = text(&doc, "summary", &at);
        assert!(
            summary.chars().count() < SUMMARY_MAX,
            "{at}: summary has {} characters (under {SUMMARY_MAX}): {summary:?}",
            summary.chars().count()
        );
        assert!(
            !summary.contains('\n') && summary.ends_with('.'),
            "{at}: the summary is one sentence on one line: {summary:?}"
        );
        assert_ne!(summary, title, "{at}: the summary says more than the title");
    }
}

#[test]
fn no_text_a_learner_reads_carries_an_internal_reference() {
    let mut found = Vec::new();
    for (_, path) in presets() {
        let at = rel(&path);
        for (where_, s) in readable(&load(&path), &at) {
            if let Some(why) = internal_reference(&s) {
                found.push(format!("{where_}: {why}"));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The checker itself: it catches each kind of internal reference and lets plain words through
/// ("specific", "Fargate", an ARN with `F` in it).
#[test]
fn the_internal_reference_check_catches_what_it_should() {
    for bad in [
        "Seed `000_51afd0c4bcaf3a02.txt` (cross account access).",
        "the seed's boto3 script",
        "an explicit deny wins (F2).",
        "fact F18",
        "section A.1 of the project's IAM spec",
        "The scenario format cannot edit a trust policy mid-run.",
        "see notes.txt",
    ] {
        assert!(internal_reference(bad).is_some(), "{bad:?} passed");
    }
    for good in [
        "however specific that Allow is",
        "Lambda on Fargate, F-sharp, arn:aws:s3:::bucket/F/key",
        "the role's trust policy names account A",
    ] {
        assert_eq!(internal_reference(good), None, "{good:?}");
    }
}

#[test]
fn sources_split_only_outside_parentheses() {
    assert_eq!(
        split_sources("A, *One* (https://a) (x; y); B, *Two* (https://b)"),
        vec!["A, *One* (https://a) (x; y)", "B, *Two* (https://b)"]
    );
}

/// The sources of a "Sources: " paragraph: split at "; " outside parentheses (a remark in
/// parentheses after a source may itself contain "; ").
fn split_sources(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth == 0 && s[i..].starts_with("; ") => {
                out.push(&s[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

#[test]
fn every_description_cites_aws_documentation_by_title_and_link() {
    for (_, path) in presets() {
        let at = rel(&path);
        let doc = load(&path);
        let description = text(&doc, "description", &at);
        let sources = description
            .split_once("Sources: ")
            .map(|(_, s)| s)
            .unwrap_or_else(|| panic!("{at}: no \"Sources: \" paragraph"));
        // Each source is "Guide, *Page title* (https://docs.aws.amazon.com/...)".
        for source in split_sources(sources) {
            assert!(
                source.contains('*') && source.contains("(https://docs.aws.amazon.com/"),
                "{at}: a source without its page title and link: {source:?}"
            );
        }
    }
}

/// A lesson's "Try it" says which steps flip: it names at least one step by its number, and
/// every step it names exists.
#[test]
fn every_lesson_try_it_names_the_steps_that_flip() {
    for (dir, path) in presets() {
        if dir != "lessons" {
            continue;
        }
        let at = rel(&path);
        let doc = load(&path);
        let description = text(&doc, "description", &at);
        let steps = doc
            .get("steps")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let try_it = description
            .split("**Try it.**")
            .nth(1)
            .and_then(|s| s.split("\n\n").next())
            .unwrap_or_else(|| panic!("{at}: no **Try it.** paragraph"));
        let ws: Vec<&str> = words(try_it).collect();
        let named: Vec<usize> = ws
            .windows(2)
            .filter(|w| w[0].eq_ignore_ascii_case("step") || w[0].eq_ignore_ascii_case("steps"))
            .filter_map(|w| w[1].parse().ok())
            .collect();
        assert!(!named.is_empty(), "{at}: Try it names no step: {try_it:?}");
        for n in named {
            assert!(
                (1..=steps).contains(&n),
                "{at}: Try it names step {n}, the lesson has {steps}"
            );
        }
    }
}
