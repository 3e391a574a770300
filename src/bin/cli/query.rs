//! The `who-can`, `reach` and `diff` commands (and `simulate --baseline`): read the files,
//! ask the library, print the answer as text or JSON, exit with the command's status.

use crate::{print_diagnostics, read, Format};
use iam_playground::eval::request::ContextValue;
use iam_playground::query::{self, text};
use iam_playground::scenario::model::Scenario;
use serde::Serialize;

fn world(file: &str) -> Result<Scenario, u8> {
    let text = read(file).ok_or(2u8)?;
    iam_playground::scenario::load_world(file, &text).map_err(|diags| {
        print_diagnostics(&diags);
        eprintln!("{file}: the scenario is invalid; nothing was asked");
        2u8
    })
}

fn print<T: Serialize>(value: &T, format: Format, render: impl Fn(&T) -> String) -> bool {
    if format == Format::Json {
        match serde_json::to_string_pretty(value) {
            Ok(j) => println!("{j}"),
            Err(e) => {
                eprintln!("cannot write the answer: {e}");
                return false;
            }
        }
    } else {
        print!("{}", render(value));
    }
    true
}

/// `--context KEY=VALUE` pairs; an empty value removes the key.
fn context(pairs: &[String]) -> Result<Vec<(String, Option<ContextValue>)>, String> {
    pairs
        .iter()
        .map(|p| match p.split_once('=') {
            Some((k, "")) => Ok((k.to_string(), None)),
            Some((k, v)) => Ok((k.to_string(), Some(ContextValue::Single(v.to_string())))),
            None => Err(format!(
                "--context {p}: write KEY=VALUE, such as aws:SourceIp=10.0.0.1 (KEY= removes the key)"
            )),
        })
        .collect()
}

pub fn who_can(
    action: &str,
    resource: &str,
    file: &str,
    max_hops: usize,
    limit: usize,
    ctx: &[String],
    format: Format,
) -> u8 {
    let context = match context(ctx) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let sc = match world(file) {
        Ok(sc) => sc,
        Err(code) => return code,
    };
    let q = query::WhoCanQuery {
        action: action.to_string(),
        resource: resource.to_string(),
        max_hops,
        limit,
        context,
    };
    let a = query::who_can(&sc, &q);
    if print(&a, format, text::who_can) {
        0
    } else {
        2
    }
}

pub fn reach(
    principal: &str,
    file: &str,
    via: Option<String>,
    actions: Vec<String>,
    resources: Vec<String>,
    max_hops: usize,
    format: Format,
) -> u8 {
    let sc = match world(file) {
        Ok(sc) => sc,
        Err(code) => return code,
    };
    let q = query::ReachQuery {
        principal: principal.to_string(),
        via,
        actions,
        resources,
        max_hops,
        ..query::ReachQuery::default()
    };
    match query::reach(&sc, &q) {
        Ok(a) => {
            if print(&a, format, text::reach) {
                0
            } else {
                2
            }
        }
        Err(e) => {
            eprintln!("{file}: {e}");
            2
        }
    }
}

pub fn diff(before: &str, after: &str, format: Format) -> u8 {
    let (Some(tb), Some(ta)) = (read(before), read(after)) else {
        return 2;
    };
    match query::diff::diff_texts((before, &tb), (after, &ta)) {
        Ok(d) => {
            if !print(&d, format, text::diff) {
                return 2;
            }
            u8::from(d.changed)
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("a scenario is invalid; nothing was compared");
            2
        }
    }
}
