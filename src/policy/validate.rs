//! Validation of a parsed policy in the spirit of IAM Access Analyzer's policy checks (A.9):
//! document-level rules (character set, size, `Version`, `Sid`) and per-statement rules
//! (actions, resources, principals, conditions, policy variables).
//!
//! Severity follows what AWS does: what IAM refuses to store is an `Error` (the document is not
//! evaluated); what IAM stores but Access Analyzer flags is a `Warning`, `SecurityWarning` or
//! `Suggestion`, and the document is evaluated the way AWS evaluates it. Every code is listed
//! in `docs/diagnostics.md`.

use super::limits;
use super::model::{Policy, PolicyKind, PolicyVersion};
use super::{condition_checks, statement_checks};
use crate::diag::{Diagnostic, Severity};
use crate::json::{map_string_offset, JsonNode, JsonPath, JsonValue, PathSegment};
use crate::source::Span;
use std::collections::HashSet;

pub use super::locate::locate;

/// Checks that look at the document's text: the character set (F114) and the size limit of
/// its kind (F113). Runs even when the document did not parse into a model.
pub fn validate_text(text: &str, node: &JsonNode, kind: PolicyKind, diags: &mut Vec<Diagnostic>) {
    check_charset(text, node, &JsonPath::root(), diags);
    check_size(text, node.span, kind, diags);
}

/// Checks on the parsed model.
pub fn validate(policy: &Policy, node: &JsonNode, diags: &mut Vec<Diagnostic>) {
    validate_with(policy, node, diags, true);
}

/// Checks on the parsed model; `suggestions: false` skips the suggestion-level checks (a
/// caller that keeps only errors and warnings, such as the importer, spends nothing on them).
pub fn validate_with(
    policy: &Policy,
    node: &JsonNode,
    diags: &mut Vec<Diagnostic>,
    suggestions: bool,
) {
    let paths = Paths::of(node);
    check_version(policy, diags);
    check_sids(policy, paths, diags);
    let mut cx = Ctx {
        policy,
        root: node,
        diags,
        suggestions,
    };
    for st in &policy.statements {
        statement_checks::check(&mut cx, st);
        condition_checks::check(&mut cx, st);
    }
}

/// Whether IAM accepts the character in policy text (F114: U+0009, U+000A, U+000D, U+0020–U+00FF).
pub fn is_allowed_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}')
}

/// One step of the path to the node being checked, borrowed from the tree: the path itself
/// is built only for a finding (building it for every node made the check allocate per node).
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_of(steps: &[Step<'_>]) -> JsonPath {
    JsonPath(
        steps
            .iter()
            .map(|s| match *s {
                Step::Key(k) => PathSegment::Key(k.to_string()),
                Step::Index(i) => PathSegment::Index(i),
            })
            .collect(),
    )
}

fn check_charset(text: &str, node: &JsonNode, path: &JsonPath, diags: &mut Vec<Diagnostic>) {
    let mut steps: Vec<Step<'_>> = Vec::new();
    let mut found = Vec::new();
    charset_walk(text, node, &mut steps, &mut found);
    diags.extend(found.into_iter().map(|mut d: Diagnostic| {
        d.path = path.join(&d.path);
        d
    }));
}

fn charset_walk<'a>(
    text: &str,
    node: &'a JsonNode,
    steps: &mut Vec<Step<'a>>,
    diags: &mut Vec<Diagnostic>,
) {
    let check_str = |s: &str, span: Span, steps: &[Step<'_>], diags: &mut Vec<Diagnostic>| {
        if let Some((i, c)) = s.char_indices().find(|(_, c)| !is_allowed_char(*c)) {
            let start = map_string_offset(text, span, i);
            let raw = text.get(start..).and_then(|t| t.chars().next());
            // An escape such as \u2013 is underlined whole; a literal character by itself.
            let end = match raw {
                Some('\\') => map_string_offset(text, span, i + c.len_utf8()),
                Some(r) => start + r.len_utf8(),
                None => start,
            };
            diags.push(
                Diagnostic::error(
                    "invalid-character",
                    format!("the character U+{:04X} is not allowed in a policy", c as u32),
                    )
                .with_help(
                    "IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF; replace the character (for example a typographic quote or dash with its ASCII form)",
                )
                .at(path_of(steps), Span::new(start, end)),
            );
        }
    };
    match &node.value {
        JsonValue::String(s) => check_str(s, node.span, steps, diags),
        JsonValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(Step::Index(i));
                charset_walk(text, item, steps, diags);
                steps.pop();
            }
        }
        JsonValue::Object(members) => {
            for (k, v) in members {
                steps.push(Step::Key(&k.name));
                check_str(&k.name, k.span, steps, diags);
                charset_walk(text, v, steps, diags);
                steps.pop();
            }
        }
        JsonValue::Null | JsonValue::Bool(_) | JsonValue::Number(_) => {}
    }
}

fn check_size(text: &str, span: Span, kind: PolicyKind, diags: &mut Vec<Diagnostic>) {
    let Some((limit, counting)) = limits::document_limit(kind) else {
        return;
    };
    let size = limits::policy_size(span.slice(text), counting);
    diags.extend(limits::size_diagnostic(
        kind_words(kind),
        size,
        limit,
        counting,
        span,
    ));
}

/// How messages name a policy kind.
pub fn kind_words(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "identity-based policy",
        PolicyKind::Resource => "resource-based policy",
        PolicyKind::Trust => "role trust policy",
        PolicyKind::Boundary => "permissions boundary",
        PolicyKind::Session => "session policy",
        PolicyKind::ServiceControl => "service control policy",
        PolicyKind::ResourceControl => "resource control policy",
    }
}

/// `a …` or `an …`.
pub fn with_article(words: &str) -> String {
    let vowel = words
        .chars()
        .next()
        .is_some_and(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'));
    format!("{} {words}", if vowel { "an" } else { "a" })
}

/// The one-character span of a node's opening bracket.
fn opening(span: Span) -> Span {
    Span::new(span.start as usize, span.start as usize + 1)
}

fn check_version(policy: &Policy, diags: &mut Vec<Diagnostic>) {
    if policy.version != PolicyVersion::Missing {
        return;
    }
    // A version error (bad value) is already reported by the parser; only absence here.
    if diags.iter().any(|d| d.code == "invalid-version") {
        return;
    }
    diags.push(
        Diagnostic::warning("missing-version", "missing version")
            .with_help("add \"Version\": \"2012-10-17\"; without it policy variables are literal text and newer features are unavailable")
            .at(JsonPath::root(), opening(policy.span)),
    );
}

/// Where statements sit: `$.Statement` for a single statement object, `$.Statement[i]` in a list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paths {
    single: bool,
}

impl Paths {
    fn of(node: &JsonNode) -> Self {
        Paths {
            single: node
                .get("Statement")
                .is_some_and(|s| s.as_object().is_some()),
        }
    }

    /// The path of statement `index`.
    pub(crate) fn statement(self, index: usize) -> JsonPath {
        let p = JsonPath::root().key("Statement");
        if self.single {
            p
        } else {
            p.index(index)
        }
    }

    /// The path of statement `index`'s element `name`.
    pub(crate) fn element(self, index: usize, name: &str) -> JsonPath {
        self.statement(index).key(name)
    }
}

fn check_sids(policy: &Policy, paths: Paths, diags: &mut Vec<Diagnostic>) {
    // F109/F110: IAM requires [A-Za-z0-9] and unique Sids; other services only recommend it.
    let iam = matches!(
        policy.kind,
        PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session | PolicyKind::Trust
    );
    let severity = if iam {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut seen: HashSet<&str> = HashSet::new();
    for st in &policy.statements {
        let Some(sid) = &st.sid else { continue };
        let path = paths.element(st.index, "Sid");
        if let Some(bad) = sid.value.chars().find(|c| !c.is_ascii_alphanumeric()) {
            let (code, msg) = if iam {
                (
                    "invalid-sid",
                    format!("unsupported character `{bad}` in `Sid`"),
                )
            } else {
                (
                    "invalid-sid",
                    format!("`Sid` contains `{bad}`; IAM accepts only letters and digits"),
                )
            };
            diags.push(
                Diagnostic::new(severity, code, msg)
                    .with_help(
                        "use only ASCII letters and digits in a `Sid`, such as \"AllowS3Read\"",
                    )
                    .at(path.clone(), sid.span),
            );
        }
        if !sid.value.is_empty() && !seen.insert(&sid.value) {
            let msg = if iam {
                format!("duplicate `Sid` `{}`: unique Sids required", sid.value)
            } else {
                format!("duplicate `Sid` `{}`: unique Sids recommended", sid.value)
            };
            diags.push(
                Diagnostic::new(severity, "duplicate-sid", msg)
                    .with_help("give each statement its own `Sid`")
                    .at(path, sid.span),
            );
        }
    }
}

/// What the statement and condition checks work with.
pub(crate) struct Ctx<'a> {
    /// The policy being checked.
    pub policy: &'a Policy,
    /// Its JSON tree (to turn spans into paths).
    pub root: &'a JsonNode,
    /// Where findings go.
    pub diags: &'a mut Vec<Diagnostic>,
    /// Whether suggestion-level checks run.
    pub suggestions: bool,
}

impl Ctx<'_> {
    /// The policy's text.
    pub fn text(&self) -> &str {
        &self.policy.text
    }

    /// Reports a finding at `span`, with the JSON path of the text it covers.
    pub fn emit(
        &mut self,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
        help: impl Into<String>,
        span: Span,
    ) {
        let path = locate(self.root, span);
        self.diags.push(
            Diagnostic::new(severity, code, message)
                .with_help(help)
                .at(path, span),
        );
    }

    /// The span of bytes `start..end` of the unescaped value of the string literal at `span`.
    pub fn inner_span(&self, span: Span, start: usize, end: usize) -> Span {
        let text = self.text();
        Span::new(
            map_string_offset(text, span, start),
            map_string_offset(text, span, end),
        )
    }
}
