//! Loading a scenario document: from spanned JSON to the [`Scenario`] model, with every
//! diagnostic at once (unknown fields with a "did you mean", wrong types, broken references,
//! duplicates, IAM's own limits), placed by JSON path and byte span in the file.

mod accounts;
mod aws_docs;
pub mod cache;
mod call_action;
pub mod fields;
mod org;
mod policies;
mod refs;
pub use refs::aws_origin;
mod steps;

use super::model::Scenario;
use crate::diag::Diagnostic;
use crate::json::{JsonNode, JsonPath};
use std::sync::Arc;

/// The one format this engine reads.
pub const FORMAT: &str = "iam-playground/scenario@1";

/// The loader's state: the file text (policies written as objects point into it) and the
/// diagnostics found so far.
pub struct Loader<'t> {
    /// The whole file.
    pub text: &'t str,
    /// The whole file, shared with the parsed policies that point into it.
    pub file: Arc<str>,
    /// Every finding so far.
    pub diags: Vec<Diagnostic>,
    /// Resource-based and trust policies whose principals are checked once every account is
    /// loaded: (document path, the pasted string's span when pasted, the policy).
    pub principal_checks: Vec<(
        JsonPath,
        Option<crate::source::Span>,
        Arc<crate::policy::model::Policy>,
    )>,
    /// The path of every policy document in the scenario.
    pub documents: Vec<JsonPath>,
    /// AWS managed policies whose documents the scenario carries (`awsManagedPolicies`), by
    /// ARN: they take precedence over the shipped documents.
    pub aws_documents: std::collections::HashMap<String, crate::scenario::model::Attached>,
    /// Documents parsed by an earlier load of the same scenario (see [`cache`]).
    pub cache: Option<&'t mut cache::DocumentCache>,
}

/// What loading produced: the model, every finding, and the documents with errors.
pub struct Loaded {
    /// The scenario (usable for a partial run when [`Loaded::runnable`]).
    pub scenario: Scenario,
    /// Every finding.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids (JSON paths) of the policy documents that have an error: steps that depend on one
    /// are not evaluated.
    pub broken_documents: std::collections::HashSet<String>,
    /// Whether every error is inside a policy document, so that the steps that do not depend
    /// on a broken document can still be evaluated.
    pub runnable: bool,
    /// The path of every policy document in the scenario.
    documents: Vec<JsonPath>,
}

impl Loaded {
    /// Takes in errors found outside the loader (the file's JSON parser reports a duplicate
    /// key inside a policy written as an object): an error inside a policy document breaks
    /// that document only; any other error stops the run.
    pub fn absorb(&mut self, diags: &[Diagnostic]) {
        for d in diags.iter().filter(|d| d.is_error()) {
            match innermost(&self.documents, &d.path) {
                Some(doc) => {
                    self.broken_documents.insert(doc.to_string());
                }
                None => self.runnable = false,
            }
        }
    }
}

/// The innermost document among `documents` that contains `path`.
fn innermost<'d>(documents: &'d [JsonPath], path: &JsonPath) -> Option<&'d JsonPath> {
    documents
        .iter()
        .filter(|doc| path.0.starts_with(&doc.0))
        .max_by_key(|doc| doc.0.len())
}

const TOP_FIELDS: [&str; 9] = [
    "format",
    "title",
    "summary",
    "description",
    "time",
    "organization",
    "awsManagedPolicies",
    "accounts",
    "steps",
];

/// Loads a parsed scenario document. The scenario is usable when no diagnostic is an error.
pub fn load(text: &str, root: &JsonNode) -> Loaded {
    load_with(text, root, None)
}

/// [`load`], reusing the documents an earlier load of the same scenario parsed when they have
/// not changed (and keeping this load's documents in `cache` for the next).
pub fn load_cached(text: &str, root: &JsonNode, cache: &mut cache::DocumentCache) -> Loaded {
    cache.begin();
    let loaded = load_with(text, root, Some(&mut *cache));
    cache.finish();
    loaded
}

fn load_with<'t>(
    text: &'t str,
    root: &JsonNode,
    cache: Option<&'t mut cache::DocumentCache>,
) -> Loaded {
    let mut l = Loader::new(text, cache);
    let scenario = l.scenario(root);
    let diagnostics = std::mem::take(&mut l.diags);
    let mut loaded = Loaded {
        scenario,
        diagnostics: Vec::new(),
        broken_documents: std::collections::HashSet::new(),
        runnable: true,
        documents: l.documents,
    };
    loaded.absorb(&diagnostics);
    loaded.diagnostics = diagnostics;
    loaded
}

/// Loads steps written in the scenario format (`text` is their own document, `nodes` the
/// step objects at `path`) against the accounts of a loaded world: the steps of a query.
pub fn load_steps(
    text: &str,
    nodes: &[JsonNode],
    path: &JsonPath,
    accounts: &[super::model::Account],
) -> (Vec<super::model::Step>, Vec<Diagnostic>) {
    let mut l = Loader::new(text, None);
    let steps = l.steps(nodes, path, accounts);
    (steps, l.diags)
}

impl<'t> Loader<'t> {
    /// A loader of `text` with nothing found yet.
    fn new(text: &'t str, cache: Option<&'t mut cache::DocumentCache>) -> Self {
        Loader {
            cache,
            text,
            file: Arc::from(text),
            diags: Vec::new(),
            principal_checks: Vec::new(),
            documents: Vec::new(),
            aws_documents: std::collections::HashMap::new(),
        }
    }

    fn scenario(&mut self, root: &JsonNode) -> Scenario {
        let mut sc = Scenario {
            time: super::clock::DEFAULT_TIME,
            ..Scenario::default()
        };
        let path = JsonPath::root();
        let Some(obj) = self.object(root, &path, &TOP_FIELDS, "a scenario") else {
            return sc;
        };
        match self.req_string(&obj, "format", "a scenario") {
            Some(f) if f.value != FORMAT => self.error_help(
                "unknown-format",
                format!("unknown scenario format `{}`", f.value),
                Some(format!("this engine reads `{FORMAT}`")),
                &f.path,
                f.span,
            ),
            _ => {}
        }
        sc.title = self
            .opt_string(&obj, "title")
            .map(|t| t.value)
            .unwrap_or_default();
        sc.description = self.opt_string(&obj, "description").map(|t| t.value);
        // `summary`: one line for menus and galleries (read by the page; checked to be text).
        let _ = self.opt_string(&obj, "summary");
        if let Some(t) = self.opt_string(&obj, "time") {
            match super::clock::parse_rfc3339(&t.value) {
                Some(v) => sc.time = v,
                None => self.error_help(
                    "bad-time",
                    format!("`{}` is not an RFC 3339 time", t.value),
                    Some("write it like `2026-01-01T12:00:00Z`".into()),
                    &t.path,
                    t.span,
                ),
            }
        }
        let docs = self.opt_array(&obj, "awsManagedPolicies");
        self.aws_documents(docs, &obj.at("awsManagedPolicies"));
        let accounts = self.opt_array(&obj, "accounts");
        sc.accounts = self.accounts(accounts, &obj.at("accounts"));
        self.check_principals(&sc.accounts);
        if let Some(node) = obj.get("organization") {
            sc.organization = self.organization(node, &obj.at("organization"), &sc.accounts);
        }
        let steps = self.opt_array(&obj, "steps");
        sc.steps = self.steps(steps, &obj.at("steps"), &sc.accounts);
        sc
    }
}
