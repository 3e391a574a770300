//! Batches on one loaded world: `decide` (queries, one per line, against a scenario loaded
//! once) and `api` (the JSON API's requests, one per line, answered in order by one engine
//! that keeps the worlds it opens).

use iam_playground::compiled::World;
use std::io::{BufRead, Write};

/// `iam-playground decide SCENARIO [QUERIES]`: one line out per query line in.
pub fn decide(scenario: &str, queries: Option<&str>, json: bool, trace: bool) -> u8 {
    let Some(text) = super::read(scenario) else {
        return 2;
    };
    let mut world = World::open(scenario, &text);
    if world.invalid() {
        let diags = world.diagnostics();
        super::print_diagnostics(&diags);
        if !world.runnable() {
            return 2;
        }
    }
    let input: Box<dyn BufRead> = match queries {
        None | Some("-") => Box::new(std::io::stdin().lock()),
        Some(f) => match std::fs::File::open(f) {
            Ok(file) => Box::new(std::io::BufReader::new(file)),
            Err(e) => {
                eprintln!("{f}: cannot read: {e}");
                return 2;
            }
        },
    };
    let name = queries.unwrap_or("-");
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut status = 0;
    for (i, line) in input.lines().enumerate() {
        let n = line_number(i);
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{name}:{n}: cannot read: {e}");
                return 2;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let answer = match world.prepare(&line) {
            Ok(q) => {
                let outcome = world.decide(q);
                let step = trace.then(|| world.trace_query(q)).flatten();
                if json {
                    serde_json::json!({"line": n, "outcome": outcome, "step": step}).to_string()
                } else {
                    let mut s = outcome.map_or("notEvaluated".into(), |o| match o.error {
                        Some(e) => format!(
                            "{} {}: {}",
                            o.decision,
                            e.code,
                            iam_playground::query::text::clean(&e.message)
                        ),
                        None => o.decision.to_string(),
                    });
                    if let Some(step) = step {
                        s.push_str(&iam_playground::scenario::text::step_text(
                            &step,
                            iam_playground::scenario::text::Style::Plain,
                        ));
                    }
                    s
                }
            }
            Err(e) => {
                status = 1;
                // a query is one line: its findings are placed on that line of QUERIES
                for d in &e.diagnostics {
                    let text = d.to_string();
                    let at = text.strip_prefix("query.json:1:").unwrap_or(&text);
                    eprintln!("{name}:{n}:{}", iam_playground::query::text::clean(at));
                }
                if json {
                    serde_json::json!({"line": n, "invalid": true, "error": e}).to_string()
                } else {
                    format!("invalid {}: {}", e.code, e.message)
                }
            }
        };
        if writeln!(out, "{answer}").is_err() {
            return 2;
        }
    }
    if out.flush().is_err() {
        return 2;
    }
    status
}

/// `iam-playground api`: each line of standard input a request, each line out its answer.
pub fn api() -> u8 {
    let mut engine = iam_playground::api::Engine::new();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { return 2 };
        if line.trim().is_empty() {
            continue;
        }
        if writeln!(out, "{}", engine.call(&line)).is_err() || out.flush().is_err() {
            return 2;
        }
    }
    0
}

/// The 1-based number of the line at index `i` (saturating: no overflow however many lines).
fn line_number(i: usize) -> usize {
    i.saturating_add(1)
}
