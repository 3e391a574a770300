//! Importing what AWS exports into a scenario's world: the outputs of the AWS CLI's read-only
//! commands (`aws iam get-account-authorization-details`, the Organizations listings, resource
//! policies, `aws sts get-caller-identity`) and `~/.aws/config` profiles, recognised by their
//! content, merged into one `iam-playground/scenario@1` document.
//!
//! Entry point: [`import`]. Every problem is a diagnostic located in the file it came from
//! (line, column, JSON path); everything else still arrives. What the export does not settle is
//! listed in [`ImportSummary::missing`] and in the scenario's description, never guessed.
//!
//! - [`detect`]: which export a file is, from its keys; [`files`]: what file names carry;
//! - [`docs`]: policy documents (objects, URL-encoded or JSON strings), checked;
//! - [`iam`], [`org`], [`resources`], [`profiles`]: one kind of export each, into [`world`];
//! - [`output`]: the world as scenario JSON; [`merge`]: `--into` an existing scenario.

pub mod detect;
pub mod docs;
pub mod files;
pub mod iam;
pub mod merge;
pub mod org;
pub mod output;
pub mod profiles;
pub mod resources;
pub mod world;

use crate::diag::{Diagnostic, LocatedDiagnostic, Severity};
use crate::json::{JsonNode, JsonPath};
use crate::source::{LineIndex, Span};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// One file to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    /// The path as given (in the browser, the relative path inside a dropped folder). Used in
    /// diagnostics, and where AWS's output carries no identity (a parent id, a policy id, a
    /// resource ARN, an account directory, a profile name).
    pub name: String,
    /// The file's text (a UTF-8 byte order mark is accepted).
    pub text: String,
}

/// What an import produced.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// An `iam-playground/scenario@1` document, loadable by [`crate::scenario::simulate`].
    pub scenario: Value,
    /// Every problem, located in the file it came from.
    pub diagnostics: Vec<LocatedDiagnostic>,
    /// What arrived, and what the export did not settle.
    pub summary: ImportSummary,
}

/// Counts of what arrived, and what the export did not settle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Accounts in the imported world (merged by id).
    pub accounts: usize,
    /// IAM users imported.
    pub users: usize,
    /// IAM groups imported.
    pub groups: usize,
    /// IAM roles imported.
    pub roles: usize,
    /// Customer managed policies imported.
    pub managed_policies: usize,
    /// AWS managed policies whose documents the scenario carries (`awsManagedPolicies`).
    pub aws_managed_policies: usize,
    /// Resources with their resource-based policies.
    pub resources: usize,
    /// Organizational units.
    pub units: usize,
    /// Service control policies (besides `FullAWSAccess`, see `docs/import.md`).
    pub scps: usize,
    /// Resource control policies (besides `RCPFullAWSAccess`).
    pub rcps: usize,
    /// Profiles read from AWS config files.
    pub profiles: usize,
    /// Steps written for profiles.
    pub steps: usize,
    /// Files recognised as one of the exports this importer knows.
    pub files_recognised: usize,
    /// Files that were not (each has a diagnostic).
    pub files_unrecognised: usize,
    /// What the export did not settle, one sentence each.
    pub missing: Vec<String>,
}

impl ImportOutcome {
    /// Whether any diagnostic is an error (a file that is not JSON, a policy that does not
    /// parse, an `into` scenario that cannot be read).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.diagnostic.severity == Severity::Error)
    }

    /// Whether anything was imported: a recognised file.
    pub fn imported(&self) -> bool {
        self.summary.files_recognised > 0
    }
}

/// Imports `files` (sorted by name first, so the result never depends on the order given),
/// merged into the scenario `into` = (file name, text) when given.
pub fn import(files: &[ImportFile], into: Option<(&str, &str)>) -> ImportOutcome {
    let mut sorted: Vec<&ImportFile> = files.iter().collect();
    crate::sorting::sort_by(&mut sorted, &mut |a, b| a.name.cmp(&b.name));
    let mut imp = Importer::default();
    for f in &sorted {
        imp.file(&f.name, &f.text);
    }
    let into_doc = into.and_then(|(name, text)| merge::read_into(&mut imp, name, text));
    let existing = merge::Existing::of(into_doc.as_ref());
    let built = output::build(&mut imp, &existing);
    let steps = profiles::steps(&mut imp, &built.known);
    let (scenario, mut summary) = merge::assemble(&mut imp, built, into_doc, steps);
    summary.files_recognised = imp.recognised;
    summary.files_unrecognised = imp.unrecognised;
    summary.profiles = imp.world.profiles.iter().map(|p| p.profiles.len()).sum();
    let diagnostics = imp.located();
    ImportOutcome {
        scenario,
        diagnostics,
        summary,
    }
}

/// One file being imported: its name, its text without a byte order mark, and its line index.
pub struct Src {
    /// The name as given.
    pub name: String,
    /// The text (shared with the policies parsed from it).
    pub text: Arc<str>,
    index: LineIndex,
}

/// Where something was written: file, JSON path, bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    /// Index of the file in [`Importer::srcs`].
    pub src: usize,
    /// The JSON path inside that file.
    pub path: JsonPath,
    /// The bytes.
    pub span: Span,
}

/// The importer's state: the files, the world gathered so far, the diagnostics.
#[derive(Default)]
pub struct Importer {
    /// Every file read, in order.
    pub srcs: Vec<Src>,
    /// Diagnostics with the file they belong to.
    pub diags: Vec<(usize, Diagnostic)>,
    /// What the exports hold.
    pub world: world::World,
    /// What the export did not settle.
    pub missing: Vec<String>,
    /// Files recognised.
    pub recognised: usize,
    /// Files not recognised.
    pub unrecognised: usize,
}

impl Importer {
    /// Adds a file's text and returns its index.
    pub fn add_src(&mut self, name: &str, text: &str) -> usize {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        self.srcs.push(Src {
            name: name.to_string(),
            text: Arc::from(text),
            index: LineIndex::new(text),
        });
        self.srcs.len() - 1
    }

    /// The text of file `src`.
    pub fn text(&self, src: usize) -> Arc<str> {
        self.srcs
            .get(src)
            .map(|s| s.text.clone())
            .unwrap_or_else(|| Arc::from(""))
    }

    /// The name of file `src`.
    pub fn name(&self, src: usize) -> String {
        self.srcs
            .get(src)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }

    /// Records a diagnostic at `loc`.
    pub fn report(&mut self, loc: &Loc, d: Diagnostic) {
        self.diags.push((loc.src, d.at(loc.path.clone(), loc.span)));
    }

    /// Records a warning at `loc`.
    pub fn warn(&mut self, loc: &Loc, code: &str, message: String, help: Option<String>) {
        let mut d = Diagnostic::warning(code, message);
        d.help = help;
        self.report(loc, d);
    }

    /// Records an error at `loc`.
    pub fn error(&mut self, loc: &Loc, code: &str, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(code, message);
        d.help = help;
        self.report(loc, d);
    }

    /// Notes something the export did not settle (once).
    pub fn miss(&mut self, what: String) {
        if !self.missing.contains(&what) {
            self.missing.push(what);
        }
    }

    /// Reads one file: recognises its kind by content and imports it.
    fn file(&mut self, name: &str, text: &str) {
        let src = self.add_src(name, text);
        let text = self.text(src);
        let whole = Loc {
            src,
            path: JsonPath::root(),
            span: Span::new(0, text.len().min(1)),
        };
        let start = text.trim_start();
        if start.is_empty() {
            self.unrecognised += 1;
            self.warn(
                &whole,
                "empty-file",
                "the file is empty: nothing to import".into(),
                Some("the AWS CLI prints nothing when there is nothing to return (e.g. `aws sqs get-queue-attributes` on a queue without a policy): delete the file".into()),
            );
            return;
        }
        if !start.starts_with('{') && profiles::looks_like_config(&text) {
            self.recognised += 1;
            profiles::read(self, src);
            return;
        }
        let parsed = crate::json::parse(&text);
        let Some(root) = parsed.node else {
            self.unrecognised += 1;
            for d in parsed.diagnostics {
                let mut d = d;
                d.message = format!("the file is not JSON: {}", d.message);
                if d.help.is_none() {
                    d.help = Some(format!(
                        "import the output of an AWS CLI command as it prints it (`--output json`), or an AWS config file; this importer knows: {}",
                        detect::KNOWN.join("; ")
                    ));
                }
                self.diags.push((src, d));
            }
            return;
        };
        self.json(src, &root);
    }

    fn json(&mut self, src: usize, root: &JsonNode) {
        let shape = detect::classify(root);
        let at = Loc {
            src,
            path: JsonPath::root(),
            span: root.span,
        };
        if shape == detect::Shape::Unknown {
            self.unrecognised += 1;
            let keys = root
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, _)| format!("`{}`", k.name))
                        .take(6)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|k| !k.is_empty())
                .map(|k| format!(" (its keys: {k})"))
                .unwrap_or_else(|| format!(" (a JSON {})", root.value.type_name()));
            self.warn(
                &at,
                "unknown-export",
                format!(
                    "`{}` is not an export this importer knows{keys}: expected one of {}",
                    self.name(src),
                    detect::KNOWN.join("; ")
                ),
                Some("the importer recognises a file by its content, as the AWS CLI prints it with `--output json`; see docs/import.md".into()),
            );
            return;
        }
        self.recognised += 1;
        match shape {
            detect::Shape::AuthorizationDetails => iam::read(self, src, root),
            detect::Shape::CallerIdentity => profiles::caller_identity(self, src, root),
            detect::Shape::Resource(kind) => resources::read(self, src, root, kind),
            detect::Shape::Unknown => {}
            org_shape => org::read(self, src, root, org_shape),
        }
    }

    /// Every diagnostic placed in its file, in file order then position.
    fn located(&mut self) -> Vec<LocatedDiagnostic> {
        let diags = std::mem::take(&mut self.diags);
        let mut out: Vec<(usize, LocatedDiagnostic)> = diags
            .into_iter()
            .filter_map(|(src, d)| {
                let s = self.srcs.get(src)?;
                Some((
                    src,
                    LocatedDiagnostic::locate(&s.name, &s.text, &s.index, d),
                ))
            })
            .collect();
        crate::sorting::sort_by_key(&mut out, |(src, d)| (*src, d.start.map(|p| p.offset)));
        out.dedup_by(|a, b| a.1 == b.1);
        out.into_iter().map(|(_, d)| d).collect()
    }
}
