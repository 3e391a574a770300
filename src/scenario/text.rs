//! The readable rendering of a [`Report`]: one block per step, the decision,
//! the expectation, and the trace as indented lines. Colour is the caller's choice (the CLI
//! colours only a terminal); this module marks decisions through a [`Style`].

use super::report::{StepReport, TraceEntry};
use super::Report;
use std::fmt::Write;

/// How to decorate decision words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain text.
    Plain,
    /// ANSI colours.
    Ansi,
}

fn paint(style: Style, word: &str) -> String {
    if style == Style::Plain {
        return word.to_string();
    }
    let code = match word {
        "allowed" | "met" => "32",
        "explicitDeny" | "error" | "NOT MET" => "31",
        "implicitDeny" => "33",
        _ => "1",
    };
    format!("\x1b[{code}m{word}\x1b[0m")
}

/// Renders a report as text.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    if !report.title.is_empty() {
        let _ = writeln!(out, "Scenario: {}", report.title);
    }
    for s in &report.steps {
        render_step(&mut out, s, style);
    }
    let _ = writeln!(
        out,
        "\nExpectations: {} met, {} failed",
        report.expectations.met, report.expectations.failed
    );
    if report.expectations.cannot_evaluate > 0 {
        let _ = writeln!(
            out,
            "{} step(s) could not be evaluated and no `\"expectError\": \"CannotEvaluate\"` expected it: the run fails",
            report.expectations.cannot_evaluate
        );
    }
    out
}

/// Renders one step (its header, trace and outcome) as text.
pub fn step_text(s: &StepReport, style: Style) -> String {
    let mut out = String::new();
    render_step(&mut out, s, style);
    out
}

fn render_step(out: &mut String, s: &StepReport, style: Style) {
    let what = match (&s.action, &s.resource) {
        (Some(a), Some(r)) => format!(" {a} on {r}"),
        (None, Some(r)) => format!(" {r}"),
        (Some(a), None) => format!(" {a}"),
        _ => String::new(),
    };
    let _ = write!(out, "\n[{}] {}{what}", s.index, s.kind);
    match (&s.principal, s.kind.as_str()) {
        (Some(p), "as") => {
            let _ = write!(out, " {p}");
        }
        (Some(p), _) => {
            let _ = write!(out, "  by {p}");
        }
        _ => {}
    }
    let _ = writeln!(out, "  ({})", s.time);
    if let Some(n) = &s.note {
        let _ = writeln!(out, "    note: {n}");
    }
    for e in &s.trace {
        render_entry(out, e);
    }
    if let Some(why) = &s.not_evaluated {
        let _ = writeln!(out, "  => not evaluated: {why}");
    }
    if let Some(d) = &s.decision {
        let _ = write!(out, "  => {}", paint(style, d));
        if let Some(e) = &s.error {
            let _ = write!(out, " {}: {}", e.code, e.message);
        }
        if let Some(exp) = &s.expect {
            let verdict = if s.met == Some(true) {
                "met"
            } else {
                "NOT MET"
            };
            let _ = write!(out, "   expected {exp}: {}", paint(style, verdict));
        }
        let _ = writeln!(out);
    }
}

fn render_entry(out: &mut String, e: &TraceEntry) {
    match e {
        TraceEntry::Identity {
            arn,
            account_name,
            credentials,
        } => {
            let alias = account_name
                .as_ref()
                .map(|n| format!(" [{n}]"))
                .unwrap_or_default();
            let _ = writeln!(out, "    identity: {arn}{alias} ({credentials})");
        }
        TraceEntry::Assumption { name, text } => {
            let _ = writeln!(out, "    assumption [{name}]: {text}");
        }
        TraceEntry::Parameters { checks } => {
            for c in checks.iter().filter(|c| !c.ok) {
                let _ = writeln!(
                    out,
                    "    parameter {} = {:?}: fails \"{}\"",
                    c.parameter, c.value, c.rule
                );
            }
            let passed = checks.iter().filter(|c| c.ok).count();
            if passed > 0 {
                let _ = writeln!(out, "    parameters: {passed} checks passed");
            }
        }
        TraceEntry::Resource {
            arn,
            account,
            account_name,
            ownership,
            policy,
        } => {
            let _ = writeln!(
                out,
                "    resource {arn}: account {}{} ({ownership}){}",
                account.as_deref().unwrap_or("unknown"),
                account_name
                    .as_ref()
                    .map(|n| format!(" [{n}]"))
                    .unwrap_or_default(),
                policy
                    .as_ref()
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default()
            );
        }
        // The evaluator's text trace prints the context it evaluated with.
        TraceEntry::Context { .. } => {}
        TraceEntry::Policies {
            action,
            applied,
            managed_dataset,
        } => {
            let list: Vec<String> = applied
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k}: {}", v.join("; ")))
                .collect();
            let _ = writeln!(out, "    policies for {action}: {}", list.join(" | "));
            if let Some(d) = managed_dataset {
                let _ = writeln!(out, "      (AWS managed policies from {d})");
            }
        }
        TraceEntry::Authorization {
            action,
            decision,
            reason,
            evaluation,
            assumptions,
            ..
        } => {
            let _ = writeln!(out, "    {action}: {decision}: {reason}");
            for a in assumptions {
                let _ = writeln!(out, "      assumption: {a}");
            }
            for line in evaluation.render_text().lines() {
                let _ = writeln!(out, "      {line}");
            }
        }
        TraceEntry::Session {
            arn,
            principal_arn,
            userid,
            token_issue_time,
            expiration,
            mfa_present,
            tags,
            transitive_tag_keys,
            source_identity,
            session_policies,
            chained,
        } => {
            let _ = writeln!(out, "    session: {arn}");
            let _ = writeln!(
                out,
                "      aws:PrincipalArn={principal_arn} aws:userid={userid} aws:TokenIssueTime={token_issue_time} expires={} MFA={mfa_present}{}",
                expiration.as_deref().unwrap_or("never (simulation)"),
                if *chained { " (role chaining)" } else { "" }
            );
            if !tags.is_empty() {
                let t: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let _ = writeln!(
                    out,
                    "      tags: {} transitive: [{}]",
                    t.join(", "),
                    transitive_tag_keys.join(", ")
                );
            }
            if let Some(s) = source_identity {
                let _ = writeln!(out, "      source identity: {s}");
            }
            if !session_policies.is_empty() {
                let _ = writeln!(
                    out,
                    "      session policies: {}",
                    session_policies.join(", ")
                );
            }
        }
        TraceEntry::Note { text } => {
            let _ = writeln!(out, "    {text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_coloured_only_in_ansi_style() {
        assert_eq!(paint(Style::Plain, "allowed"), "allowed");
        assert_eq!(paint(Style::Ansi, "allowed"), "\x1b[32mallowed\x1b[0m");
        assert_eq!(
            paint(Style::Ansi, "explicitDeny"),
            "\x1b[31mexplicitDeny\x1b[0m"
        );
        assert_eq!(
            paint(Style::Ansi, "implicitDeny"),
            "\x1b[33mimplicitDeny\x1b[0m"
        );
    }
}
