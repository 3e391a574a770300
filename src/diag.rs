//! Diagnostics: what is wrong (or worth a look) in a document, where, and how to fix it.
//!
//! Codes are stable, kebab-case, and in the spirit of IAM Access Analyzer's policy-check issue
//! codes. Messages follow one style: a single lowercase sentence without a final period, user
//! input in backticks, AWS spellings (`NotAction`, `Sid`).

use crate::json::JsonPath;
use crate::source::Span;
use serde::Serialize;
use std::fmt;

/// How serious a finding is. `Error` means IAM refuses to store the document (it is not
/// evaluated); the others are findings IAM accepts, as IAM Access Analyzer reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// IAM would reject the document; it is not evaluated.
    Error,
    /// Access Analyzer "ERROR"-free but flagged: the document still works as AWS evaluates it.
    Warning,
    /// Access Analyzer "SECURITY_WARNING": overly permissive or surprising access.
    SecurityWarning,
    /// Access Analyzer "SUGGESTION": redundant or ineffective elements.
    Suggestion,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::SecurityWarning => "security warning",
            Severity::Suggestion => "suggestion",
        })
    }
}

/// One finding in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code such as `missing-effect`.
    pub code: String,
    /// One lowercase sentence saying what is wrong.
    pub message: String,
    /// What would fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where it is, as a JSON path inside its document.
    pub path: JsonPath,
    /// The bytes it is about, inside its document's text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A diagnostic with no location yet.
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            help: None,
            path: JsonPath::root(),
            span: None,
        }
    }

    /// An error (IAM would refuse the document).
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning (IAM accepts the document).
    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Adds the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets where it is.
    pub fn at(mut self, path: JsonPath, span: Span) -> Self {
        self.path = path;
        self.span = Some(span);
        self
    }

    /// Whether this makes the document unusable.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A diagnostic placed in a file: its span turned into 1-based line and column positions.
/// This is what the CLI prints (`FILE:LINE:COLUMN: message`) and what the browser receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocatedDiagnostic {
    /// The file (or editor) name the positions refer to.
    pub file: String,
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// Where the span starts, when the diagnostic has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<crate::source::Position>,
    /// Where the span ends, when the diagnostic has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<crate::source::Position>,
}

impl LocatedDiagnostic {
    /// Places `diagnostic`, whose span points into `text`, in `file`.
    pub fn locate(
        file: &str,
        text: &str,
        index: &crate::source::LineIndex,
        diagnostic: Diagnostic,
    ) -> Self {
        let start = diagnostic.span.map(|s| index.position(text, s.start));
        let end = diagnostic.span.map(|s| index.position(text, s.end));
        LocatedDiagnostic {
            file: file.to_string(),
            diagnostic,
            start,
            end,
        }
    }
}

impl fmt::Display for LocatedDiagnostic {
    /// `FILE:LINE:COLUMN: severity[code]: message (path)`, then the help on its own line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, col) = self.start.map(|p| (p.line, p.column)).unwrap_or((1, 1));
        write!(
            f,
            "{}:{}:{}: {}[{}]: {} (at {})",
            self.file,
            line,
            col,
            self.diagnostic.severity,
            self.diagnostic.code,
            self.diagnostic.message,
            self.diagnostic.path
        )?;
        if let Some(help) = &self.diagnostic.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Whether any of `diags` is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Words longer than this (in characters) get no "did you mean": an edit distance costs the
/// product of the two lengths, and a megabyte name pasted by mistake must not cost minutes.
/// The names suggested are far shorter: the longest condition operator spelling has 46
/// characters, IAM names at most 64, and the ARNs of shipped managed policies under 100.
pub const MAX_SUGGESTION_WORD: usize = 256;

/// The known word closest to `word` (case-insensitive edit distance ≤ 2, or ≤ a third of the
/// word's length), for "did you mean" help. `None` for a word longer than
/// [`MAX_SUGGESTION_WORD`]; candidates whose length alone puts them too far are not compared.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = word.chars().count();
    if len > MAX_SUGGESTION_WORD {
        return None;
    }
    let w = word.to_ascii_lowercase();
    let limit = (len / 3).max(2);
    candidates
        .into_iter()
        // The distance is at least the difference of the lengths.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(&w, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = Vec::with_capacity(b.len() + 1);
    for (i, ca) in a.chars().enumerate() {
        cur.clear();
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != *cb);
            let del = prev
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            cur.push(sub.min(del).min(ins));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_names() {
        assert_eq!(
            did_you_mean("Developer", ["Developers", "Testers"]),
            Some("Developers")
        );
        assert_eq!(
            did_you_mean("stringequals", ["StringEquals"]),
            Some("StringEquals")
        );
        assert_eq!(did_you_mean("Admins", ["Developers", "Testers"]), None);
    }

    #[test]
    fn did_you_mean_skips_candidates_too_far_by_length_alone() {
        // Within the limit by length (3 of 9 characters), found by distance…
        assert_eq!(
            did_you_mean("Developer", ["Developers1"]),
            Some("Developers1")
        );
        // …and too far by length alone (the distance would be 4 > 3).
        assert_eq!(did_you_mean("Developer", ["Developers123"]), None);
        // Lengths count characters, not bytes.
        assert_eq!(did_you_mean("éé", ["ééé"]), Some("ééé"));
    }

    #[test]
    fn very_long_words_get_no_suggestion() {
        let at_limit = "a".repeat(MAX_SUGGESTION_WORD);
        let close = format!("{at_limit}b");
        assert_eq!(
            did_you_mean(&at_limit, [close.as_str()]),
            Some(close.as_str())
        );
        let over = "a".repeat(MAX_SUGGESTION_WORD + 1);
        assert_eq!(did_you_mean(&over, [close.as_str()]), None);
        // A megabyte name returns at once.
        let huge = "StringEqualz".repeat(100_000);
        assert_eq!(did_you_mean(&huge, ["StringEquals"]), None);
    }
}
