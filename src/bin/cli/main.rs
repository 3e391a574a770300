//! The `iam-playground` command line: simulate scenarios and validate policies offline.
//! A thin layer over the library: argument parsing (clap), file reading, output and exit codes.

mod import;

use clap::{Parser, Subcommand, ValueEnum};
use iam_playground::diag::{LocatedDiagnostic, Severity};
use iam_playground::policy::model::PolicyKind;
use iam_playground::scenario::{self, text::Style};
use std::io::IsTerminal;
use std::process::ExitCode;

mod batch;
mod query;

#[derive(Parser)]
#[command(
    name = "iam-playground",
    version,
    about = "Simulate AWS IAM: policies, AssumeRole chains and requests, with a step-by-step trace",
    long_about = "Simulate AWS IAM offline: run a scenario (accounts, users, roles, policies and steps such as \
sts:AssumeRole and calls) and read why each step is allowed or denied, or validate policy documents.\n\n\
Examples:\n  iam-playground simulate scenario.json\n  iam-playground simulate scenario.json --format json\n  \
iam-playground validate policy.json trust.json --kind trust\n  iam-playground validate scenario.json\n  \
iam-playground import export/ -o scenario.json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario's steps and print each decision with its trace.
    ///
    /// Exit status: 0 when every `expect` is met (or none is given), 1 when any is not or
    /// when a step could not be evaluated (CannotEvaluate) without `"expectError":
    /// "CannotEvaluate"` expecting it, 2 when the scenario is invalid (every diagnostic is
    /// printed as FILE:LINE:COLUMN: message).
    ///
    /// Example: iam-playground simulate tests/conformance/01-dev-prod-readonly-mfa.json --format json
    Simulate {
        /// The scenario file (`iam-playground/scenario@1` JSON); `-` reads standard input.
        file: String,
        /// `text`: a readable trace (coloured on a terminal unless NO_COLOR is set); `json`: the
        /// report document.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Compare with this scenario (before a change): print every step and who-can
        /// answer that flipped, and exit 1 when anything did.
        #[arg(long, value_name = "BEFORE.json")]
        baseline: Option<String>,
    },
    /// Who can perform ACTION on RESOURCE: users, root users and roles, directly or through
    /// chains of sts:AssumeRole, each with its path, the decisive statement of every hop, and
    /// the conditions the caller must meet ("if …").
    ///
    /// Exit status: 0 when answered, 2 when the scenario is invalid.
    ///
    /// Example: iam-playground who-can s3:GetObject arn:aws:s3:::prod-data/report.csv world.json
    WhoCan {
        /// The action, such as s3:GetObject.
        action: String,
        /// The resource ARN (or `*`).
        resource: String,
        /// The scenario whose world is asked (its steps are ignored).
        file: String,
        /// The longest chain of roles to follow.
        #[arg(long, default_value_t = iam_playground::query::DEFAULT_MAX_HOPS)]
        max_hops: usize,
        /// How many answers to detail (the rest are counted).
        #[arg(long, default_value_t = iam_playground::query::DEFAULT_LIMIT)]
        limit: usize,
        /// A context key of the final call, KEY=VALUE (repeatable), such as aws:SourceIp=10.0.0.1.
        #[arg(long = "context", value_name = "KEY=VALUE")]
        context: Vec<String>,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Everything PRINCIPAL can reach: the roles it can assume (transitively, with paths and
    /// conditions) and what it and those roles can do on the world's resources.
    ///
    /// Example: iam-playground reach arn:aws:iam::111111111111:user/alice world.json --resource arn:aws:s3:::prod-data
    Reach {
        /// A user, role or account root ARN of the scenario.
        principal: String,
        /// The scenario whose world is asked.
        file: String,
        /// For a role: the service that uses it (such as lambda.amazonaws.com).
        #[arg(long)]
        via: Option<String>,
        /// An action to ask about (repeatable); default: every action the world's policies name.
        #[arg(long = "action")]
        actions: Vec<String>,
        /// A resource to ask about (repeatable); default: every resource the world declares.
        #[arg(long = "resource")]
        resources: Vec<String>,
        /// The longest chain of roles to follow.
        #[arg(long, default_value_t = iam_playground::query::DEFAULT_MAX_HOPS)]
        max_hops: usize,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// What flips from BEFORE to AFTER: steps whose decision changed (with the statement that
    /// decided each side), who can assume each role, and what each user and role can do on
    /// the resources the worlds declare. Works on two worlds without steps (two imports).
    ///
    /// Exit status: 0 when nothing flipped, 1 when something did (for CI), 2 when a scenario
    /// is invalid.
    ///
    /// Example: iam-playground diff before.json after.json
    Diff {
        /// The scenario before the change.
        before: String,
        /// The scenario after the change.
        after: String,
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check policy documents (or scenario files) and print every finding.
    ///
    /// A file whose JSON has a "format" field is checked as a scenario; any other file as a
    /// policy document of the kind given by --kind. Exit status: 0 when no file has an error
    /// (warnings are printed), 2 otherwise.
    ///
    /// Example: iam-playground validate bucket-policy.json --kind resource
    Validate {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<String>,
        /// What the policy documents are used as.
        #[arg(long, value_enum, default_value_t = Kind::Identity)]
        kind: Kind,
    },
    /// Import AWS CLI exports (files or folders) into a scenario.
    ///
    /// Reads the outputs of `aws iam get-account-authorization-details`, the Organizations
    /// listings, resource policies and `aws sts get-caller-identity`, and AWS config files
    /// (profiles become steps); folders are walked recursively, files in path order
    /// (scripts/export-account.sh writes such a folder; docs/import.md). Diagnostics go to
    /// standard error as FILE:LINE:COLUMN: message. Exit status: 0 imported (warnings
    /// allowed), 1 imported but some input has errors, 2 nothing imported.
    ///
    /// Example: iam-playground import export/ -o world.json --into scenario.json
    Import {
        /// Files and folders to import.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Where to write the scenario; `-` (or none) prints it.
        #[arg(short, long)]
        output: Option<String>,
        /// An existing scenario to merge the import into (its steps and entities are kept).
        #[arg(long)]
        into: Option<String>,
    },
    /// Decide many requests against a scenario's world, loaded once: each line of QUERIES
    /// (or standard input) is a query, a JSON array of steps ending with the `call` to
    /// decide; each line printed is its decision.
    ///
    /// Exit status: 0 when every query was decided, 1 when some query has errors (printed
    /// as QUERIES:LINE: message), 2 when the scenario cannot be run.
    ///
    /// Example: iam-playground decide world.json queries.jsonl --format json
    Decide {
        /// The scenario whose world is asked (its own steps are not run).
        scenario: String,
        /// The queries, one JSON array of steps per line; `-` (or none) reads standard input.
        queries: Option<String>,
        /// `text`: one decision per line; `json`: one JSON object per line.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print each query's full trace too.
        #[arg(long)]
        trace: bool,
    },
    /// Serve the JSON API on standard input: one request per line, one answer per line.
    /// Worlds opened with {"op": "open"} stay open for the requests that follow (docs/web-api.md).
    ///
    /// Example: printf '%s\n' '{"op":"version"}' | iam-playground api
    Api,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// Identity-based policy of a user, group or role.
    Identity,
    /// Resource-based policy (bucket, queue, key policy…).
    Resource,
    /// A role's trust policy.
    Trust,
    /// A permissions boundary.
    Boundary,
    /// A session policy.
    Session,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
}

impl Kind {
    fn policy_kind(self) -> PolicyKind {
        match self {
            Kind::Identity => PolicyKind::Identity,
            Kind::Resource => PolicyKind::Resource,
            Kind::Trust => PolicyKind::Trust,
            Kind::Boundary => PolicyKind::Boundary,
            Kind::Session => PolicyKind::Session,
            Kind::Scp => PolicyKind::ServiceControl,
            Kind::Rcp => PolicyKind::ResourceControl,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Simulate {
            file,
            format,
            baseline: None,
        } => simulate(&file, format),
        Command::Simulate {
            file,
            format,
            baseline: Some(before),
        } => query::diff(&before, &file, format),
        Command::WhoCan {
            action,
            resource,
            file,
            max_hops,
            limit,
            context,
            format,
        } => query::who_can(&action, &resource, &file, max_hops, limit, &context, format),
        Command::Reach {
            principal,
            file,
            via,
            actions,
            resources,
            max_hops,
            format,
        } => query::reach(&principal, &file, via, actions, resources, max_hops, format),
        Command::Diff {
            before,
            after,
            format,
        } => query::diff(&before, &after, format),
        Command::Validate { files, kind } => validate(&files, kind),
        Command::Import {
            paths,
            output,
            into,
        } => import::run(&paths, output.as_deref(), into.as_deref()),
        Command::Decide {
            scenario,
            queries,
            format,
            trace,
        } => batch::decide(&scenario, queries.as_deref(), format == Format::Json, trace),
        Command::Api => batch::api(),
    };
    ExitCode::from(code)
}

fn read(file: &str) -> Option<String> {
    if file == "-" {
        let mut text = String::new();
        return match std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            Ok(_) => Some(text),
            Err(e) => {
                eprintln!("-: cannot read standard input: {e}");
                None
            }
        };
    }
    match std::fs::read_to_string(file) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("{file}: cannot read: {e}");
            None
        }
    }
}

fn print_diagnostics(diags: &[LocatedDiagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn simulate(file: &str, format: Format) -> u8 {
    let Some(text) = read(file) else { return 2 };
    let report = scenario::simulate(file, &text);
    match format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(j) => println!("{j}"),
            Err(e) => {
                eprintln!("cannot write the report: {e}");
                return 2;
            }
        },
        Format::Text => {
            if report.invalid && report.steps.is_empty() {
                eprintln!("{file}: the scenario is invalid; nothing was simulated");
            } else {
                if report.invalid {
                    eprintln!("{file}: the scenario is invalid; steps that depend on a policy document with errors are not evaluated");
                }
                let colour =
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                let style = if colour { Style::Ansi } else { Style::Plain };
                print!("{}", scenario::text::render(&report, style));
            }
        }
    }
    print_diagnostics(&report.diagnostics);
    u8::try_from(report.exit_code()).unwrap_or(2)
}

fn validate(files: &[String], kind: Kind) -> u8 {
    let mut worst = 0u8;
    for file in files {
        let Some(text) = read(file) else {
            worst = 2;
            continue;
        };
        let is_scenario = iam_playground::json::parse(&text)
            .node
            .is_some_and(|n| n.get("format").is_some());
        let diags: Vec<LocatedDiagnostic> = if is_scenario {
            scenario::check(file, &text).diagnostics
        } else {
            let parsed = iam_playground::policy::parse::parse_text(&text, kind.policy_kind());
            let index = iam_playground::source::LineIndex::new(&text);
            parsed
                .diagnostics
                .into_iter()
                .map(|d| LocatedDiagnostic::locate(file, &text, &index, d))
                .collect()
        };
        print_diagnostics(&diags);
        let errors = diags
            .iter()
            .filter(|d| d.diagnostic.severity == Severity::Error)
            .count();
        if errors > 0 {
            worst = 2;
        } else {
            println!(
                "{file}: ok ({} finding{})",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
        }
    }
    worst
}
