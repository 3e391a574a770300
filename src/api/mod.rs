//! The JSON-in/JSON-out API that the CLI and the browser glue call; tested natively.
//!
//! One entry point, [`call`], takes a request document and returns an answer document, both
//! JSON text. Every answer is tagged:
//!
//! - `{"type": "success", ...}` with the operation's fields, or
//! - `{"type": "failure", "errors": [{"code", "message", "help"?, "path"?}]}` when the
//!   *request* cannot be served (not JSON, unknown `op`, a missing or mistyped field).
//!
//! Problems *inside* a document the request carries (a policy with no `Effect`, a scenario
//! with a broken reference) are not failures: they are diagnostics in a success answer, with
//! lines and columns, exactly as the CLI reports them. Nothing here panics on any input.
//!
//! Operations (`op`):
//!
//! | `op` | fields | success fields |
//! | --- | --- | --- |
//! | `simulate` | `scenario`: object or text; `file`?: name used in diagnostics | `report` (the CLI's `--format json` document) |
//! | `validatePolicy` | `text`: object or text; `kind`?: policy kind (default `identity`); `file`? | `valid`, `diagnostics` |
//! | `import` | `files`: `[{name, text}]`; `into`?: scenario object or text; `intoFile`?: its name | `scenario`, `diagnostics`, `summary` (see [`crate::import`]) |
//! | `version` | | `engine`, `apiVersion`, `scenarioFormat`, `operations` |
//! | `whoCan` | `scenario`; `action`; `resource`? (default `*`); `maxHops`?; `limit`?; `context`? | `query`, `answers`, `unsettled`, `external`, `missing`, `summary` (see [`crate::query::WhoCanAnswer`]); `invalid`, `diagnostics` |
//! | `reach` | `scenario`; `principal`; `via`?; `actions`?; `resources`?; `maxHops`?; `limit`? | `principal`, `roles`, `access`, `unsettled`, `missing`, `summary`; `invalid`, `diagnostics` |
//! | `diff` | `before`, `after`: scenarios | `changed`, `steps`, `assume`, `access`, `notes`, `truncated`; `invalid`, `diagnostics` |
//! | `installCatalogue`, `catalogue`, `complete`, `describe` | see [`catalogue`] (the AWS action catalogue) | |
//!
//! A query on a scenario with errors answers `"invalid": true` with its diagnostics and no
//! answers (a success: the request was served).
//!
//! The typed functions [`simulate`], [`validate_policy`] and [`version`] are what [`call`]
//! dispatches to; the browser glue calls them directly to skip one JSON round trip.

pub mod catalogue;
mod worlds;
pub use catalogue::install_catalogue;
pub use worlds::{Engine, MAX_QUERIES, MAX_WORLDS, WORLD_OPERATIONS};

use crate::diag::LocatedDiagnostic;
use crate::policy::model::PolicyKind;
use crate::scenario::Report;
use serde::Serialize;
use serde_json::{Map, Value};

/// The version of this request/answer interface. It changes only when a field changes meaning
/// or disappears; added fields and operations keep it.
pub const API_VERSION: u32 = 1;

/// The scenario format this engine reads.
pub const SCENARIO_FORMAT: &str = "iam-playground/scenario@1";

/// The operations [`call`] understands.
pub const OPERATIONS: [&str; 18] = [
    "simulate",
    "validatePolicy",
    "import",
    "version",
    "whoCan",
    "reach",
    "diff",
    "open",
    "update",
    "edit",
    "report",
    "trace",
    "decide",
    "close",
    "installCatalogue",
    "catalogue",
    "complete",
    "describe",
];

/// The file name used in diagnostics when a request names none.
pub const DEFAULT_SCENARIO_FILE: &str = "scenario.json";

/// The file name used in a policy's diagnostics when a request names none.
pub const DEFAULT_POLICY_FILE: &str = "policy.json";

/// An answer: the operation's result, or why the request could not be served.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Answer<T> {
    /// The request was served; `T`'s fields sit beside `"type": "success"`.
    Success(T),
    /// The request could not be served.
    Failure {
        /// Every problem found in the request, in order.
        errors: Vec<ApiError>,
    },
}

impl<T> Answer<T> {
    /// A failure with one error.
    pub fn fail(error: ApiError) -> Self {
        Answer::Failure {
            errors: vec![error],
        }
    }

    /// Whether this is a success.
    pub fn is_success(&self) -> bool {
        matches!(self, Answer::Success(_))
    }
}

/// Why a request could not be served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// A stable kebab-case code, such as `unknown-op`.
    pub code: String,
    /// One lowercase sentence saying what is wrong.
    pub message: String,
    /// What would fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where in the request, as a JSON path such as `$.scenario`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl ApiError {
    fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.to_string(),
            message: message.into(),
            help: None,
            path: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn path(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        self
    }
}

/// The success fields of `simulate`.
#[derive(Debug, Clone, Serialize)]
pub struct SimulateSuccess {
    /// The report, exactly the document `iam-playground simulate --format json` prints.
    pub report: Report,
}

/// The success fields of `validatePolicy`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateSuccess {
    /// The kind the document was validated as (`identity`, `trust`…).
    pub kind: PolicyKind,
    /// Whether IAM would store the document (no error diagnostics; warnings allowed).
    pub valid: bool,
    /// Every finding, placed in the text by line and column.
    pub diagnostics: Vec<LocatedDiagnostic>,
}

/// The success fields of `version`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionSuccess {
    /// The engine version (the crate version).
    pub engine: &'static str,
    /// [`API_VERSION`].
    pub api_version: u32,
    /// [`SCENARIO_FORMAT`].
    pub scenario_format: &'static str,
    /// [`OPERATIONS`].
    pub operations: [&'static str; 18],
}

/// Serves one request document (JSON text) and returns the answer document (JSON text).
pub fn call(request_json: &str) -> String {
    to_json(&answer(request_json))
}

/// Serves one request document and returns the answer as a JSON value.
pub fn answer(request_json: &str) -> Value {
    let request: Value = match serde_json::from_str(request_json) {
        Ok(v) => v,
        Err(e) => {
            return failure(
                ApiError::new(
                    "invalid-request-json",
                    format!(
                        "the request is not JSON: {e} (line {}, column {})",
                        e.line(),
                        e.column()
                    ),
                )
                .help(r#"send one JSON object such as {"op":"version"}"#),
            )
        }
    };
    answer_value(&request)
}

/// Serves one request that is already a JSON value.
pub fn answer_value(request: &Value) -> Value {
    let Some(obj) = request.as_object() else {
        return failure(
            ApiError::new(
                "invalid-request",
                format!(
                    "the request must be a JSON object, not {}",
                    type_name(request)
                ),
            )
            .help(r#"send one JSON object such as {"op":"version"}"#)
            .path("$"),
        );
    };
    let op = match obj.get("op") {
        Some(Value::String(op)) => op.as_str(),
        Some(other) => {
            return failure(wrong_type("$.op", "a string", other).help(ops_help()));
        }
        None => {
            return failure(
                ApiError::new("missing-field", "the request has no `op`")
                    .help(ops_help())
                    .path("$"),
            )
        }
    };
    match op {
        "simulate" => simulate_request(obj),
        "validatePolicy" => validate_request(obj),
        "import" => import_request(obj),
        "version" => to_value(&Answer::Success(version())),
        "whoCan" => who_can_request(obj),
        "reach" => reach_request(obj),
        "diff" => diff_request(obj),
        "installCatalogue" => catalogue::install_request(obj),
        "catalogue" => catalogue::status_request(),
        "complete" => catalogue::complete_request(obj),
        "describe" => catalogue::describe_request(obj),
        op if WORLD_OPERATIONS.contains(&op) => failure(
            ApiError::new(
                "needs-engine",
                format!("`{op}` works on a world kept between requests, and this call keeps none"),
            )
            .path("$.op")
            .help("send it through an engine that keeps worlds (`api::Engine` in Rust, `api()` in the browser, `iam-playground api` on the command line), or use `simulate`"),
        ),
        other => {
            let mut err = ApiError::new("unknown-op", format!("unknown operation `{other}`"))
                .path("$.op")
                .help(ops_help());
            if let Some(near) = crate::diag::did_you_mean(other, OPERATIONS) {
                err = err.help(format!("did you mean `{near}`?"));
            }
            failure(err)
        }
    }
}

/// Loads and runs a scenario written as `text`, naming it `file` in diagnostics.
pub fn simulate(file: &str, text: &str) -> Answer<SimulateSuccess> {
    Answer::Success(SimulateSuccess {
        report: crate::scenario::simulate(file, text),
    })
}

/// Validates one policy document written as `text`, used as a policy of `kind`.
///
/// `kind` is one of `identity`, `resource`, `trust`, `boundary`, `session`,
/// `serviceControl` (or `scp`), `resourceControl` (or `rcp`), case-insensitive.
pub fn validate_policy(file: &str, text: &str, kind: &str) -> Answer<ValidateSuccess> {
    let Some(kind) = policy_kind(kind) else {
        return Answer::fail(unknown_kind(kind));
    };
    Answer::Success(validate_as(file, text, kind))
}

/// The engine and interface versions.
pub fn version() -> VersionSuccess {
    VersionSuccess {
        engine: crate::ENGINE_VERSION,
        api_version: API_VERSION,
        scenario_format: SCENARIO_FORMAT,
        operations: OPERATIONS,
    }
}

/// The policy kind named `name` (camelCase as serialized, or `scp`/`rcp`), case-insensitive.
pub fn policy_kind(name: &str) -> Option<PolicyKind> {
    let kind = match name.to_ascii_lowercase().as_str() {
        "identity" => PolicyKind::Identity,
        "resource" => PolicyKind::Resource,
        "trust" => PolicyKind::Trust,
        "boundary" | "permissionsboundary" => PolicyKind::Boundary,
        "session" => PolicyKind::Session,
        "servicecontrol" | "scp" => PolicyKind::ServiceControl,
        "resourcecontrol" | "rcp" => PolicyKind::ResourceControl,
        _ => return None,
    };
    Some(kind)
}

const KIND_NAMES: [&str; 7] = [
    "identity",
    "resource",
    "trust",
    "boundary",
    "session",
    "serviceControl",
    "resourceControl",
];

fn validate_as(file: &str, text: &str, kind: PolicyKind) -> ValidateSuccess {
    let index = crate::source::LineIndex::new(text);
    let parsed = crate::policy::parse::parse_text(text, kind);
    let diagnostics: Vec<LocatedDiagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|d| LocatedDiagnostic::locate(file, text, &index, d))
        .collect();
    let valid = parsed.policy.is_some() && !diagnostics.iter().any(|d| d.diagnostic.is_error());
    ValidateSuccess {
        kind,
        valid,
        diagnostics,
    }
}

fn simulate_request(obj: &Map<String, Value>) -> Value {
    let file = match optional_string(obj, "file", DEFAULT_SCENARIO_FILE) {
        Ok(f) => f,
        Err(e) => return failure(e),
    };
    let text = match document_text(obj, "scenario") {
        Ok(t) => t,
        Err(e) => return failure(e),
    };
    to_value(&simulate(&file, &text))
}

fn validate_request(obj: &Map<String, Value>) -> Value {
    let file = match optional_string(obj, "file", DEFAULT_POLICY_FILE) {
        Ok(f) => f,
        Err(e) => return failure(e),
    };
    let kind = match optional_string(obj, "kind", "identity") {
        Ok(k) => k,
        Err(e) => return failure(e),
    };
    let Some(kind) = policy_kind(&kind) else {
        return failure(unknown_kind(&kind).path("$.kind"));
    };
    let text = match document_text(obj, "text") {
        Ok(t) => t,
        Err(e) => return failure(e),
    };
    to_value(&Answer::Success(validate_as(&file, &text, kind)))
}

/// Loads the world in `field` for a query: the scenario, or the success answer that reports
/// it invalid, or the failure for a request without it.
fn world_of(
    obj: &Map<String, Value>,
    field: &str,
    file: &str,
) -> Result<crate::scenario::model::Scenario, Value> {
    let text = document_text(obj, field).map_err(failure)?;
    crate::scenario::load_world(file, &text).map_err(|diagnostics| {
        serde_json::json!({
            "type": "success",
            "invalid": true,
            "diagnostics": diagnostics,
        })
    })
}

/// `answer` as a success, marked valid.
fn query_success<T: Serialize>(answer: &T) -> Value {
    let mut v = serde_json::to_value(answer).unwrap_or_else(|e| internal_error(&e));
    if let Value::Object(m) = &mut v {
        m.insert("invalid".into(), Value::Bool(false));
        m.insert("diagnostics".into(), Value::Array(Vec::new()));
        let mut out = Map::new();
        out.insert("type".into(), Value::String("success".into()));
        out.extend(std::mem::take(m));
        return Value::Object(out);
    }
    v
}

fn required_string(obj: &Map<String, Value>, field: &str, help: &str) -> Result<String, ApiError> {
    match obj.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(ApiError::new(
            "missing-field",
            format!("the request has no `{field}`"),
        )
        .help(help)
        .path("$")),
        Some(other) => Err(wrong_type(&format!("$.{field}"), "a string", other)),
    }
}

fn optional_count(
    obj: &Map<String, Value>,
    field: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) => match n.as_u64().and_then(|x| usize::try_from(x).ok()) {
            Some(x) if x <= max => Ok(x),
            _ => Err(ApiError::new(
                "out-of-range",
                format!("`$.{field}` must be a whole number from 0 to {max}"),
            )
            .path(&format!("$.{field}"))),
        },
        Some(other) => Err(wrong_type(&format!("$.{field}"), "a number", other)),
    }
}

fn string_list(obj: &Map<String, Value>, field: &str) -> Result<Vec<String>, ApiError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(wrong_type(&format!("$.{field}[{i}]"), "a string", other)),
            })
            .collect(),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(other) => Err(wrong_type(
            &format!("$.{field}"),
            "an array of strings",
            other,
        )),
    }
}

/// `context`: an object of key → string, number, boolean, array of them, or null (remove).
fn context_overrides(
    obj: &Map<String, Value>,
) -> Result<Vec<(String, Option<crate::eval::request::ContextValue>)>, ApiError> {
    use crate::eval::request::ContextValue;
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match obj.get("context") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                let path = format!("$.context.{k}");
                match v {
                    Value::Null => Ok((k.clone(), None)),
                    Value::Array(items) => items
                        .iter()
                        .map(|x| {
                            scalar(x)
                                .ok_or_else(|| wrong_type(&path, "strings, numbers or booleans", x))
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(|vs| (k.clone(), Some(ContextValue::Multi(vs)))),
                    other => scalar(other)
                        .map(|x| (k.clone(), Some(ContextValue::Single(x))))
                        .ok_or_else(|| {
                            wrong_type(&path, "a string, number, boolean, array or null", other)
                        }),
                }
            })
            .collect(),
        Some(other) => Err(wrong_type("$.context", "an object", other)),
    }
}

fn who_can_request(obj: &Map<String, Value>) -> Value {
    let q = match who_can_query(obj) {
        Ok(q) => q,
        Err(e) => return failure(e),
    };
    let file = match optional_string(obj, "file", DEFAULT_SCENARIO_FILE) {
        Ok(f) => f,
        Err(e) => return failure(e),
    };
    match world_of(obj, "scenario", &file) {
        Ok(sc) => query_success(&crate::query::who_can(&sc, &q)),
        Err(v) => v,
    }
}

fn who_can_query(obj: &Map<String, Value>) -> Result<crate::query::WhoCanQuery, ApiError> {
    (|| {
        Ok::<_, ApiError>(crate::query::WhoCanQuery {
            action: required_string(obj, "action", "add `action`, such as \"s3:GetObject\"")?,
            resource: optional_string(obj, "resource", "*")?,
            max_hops: optional_count(obj, "maxHops", crate::query::DEFAULT_MAX_HOPS, 10)?,
            limit: optional_count(obj, "limit", crate::query::DEFAULT_LIMIT, 100_000)?,
            context: context_overrides(obj)?,
        })
    })()
}

fn reach_request(obj: &Map<String, Value>) -> Value {
    let q = match reach_query(obj) {
        Ok(q) => q,
        Err(e) => return failure(e),
    };
    let file = match optional_string(obj, "file", DEFAULT_SCENARIO_FILE) {
        Ok(f) => f,
        Err(e) => return failure(e),
    };
    let sc = match world_of(obj, "scenario", &file) {
        Ok(sc) => sc,
        Err(v) => return v,
    };
    reach_on(&sc, &q)
}

fn reach_on(sc: &crate::scenario::model::Scenario, q: &crate::query::ReachQuery) -> Value {
    match crate::query::reach(sc, q) {
        Ok(a) => query_success(&a),
        Err(message) => failure(
            ApiError::new("unknown-principal", message)
                .path("$.principal")
                .help("name a user, role or account root ARN that the scenario declares"),
        ),
    }
}

fn reach_query(obj: &Map<String, Value>) -> Result<crate::query::ReachQuery, ApiError> {
    (|| {
        Ok::<_, ApiError>(crate::query::ReachQuery {
            principal: required_string(
                obj,
                "principal",
                "add `principal`: a user, role or account root ARN of the scenario",
            )?,
            via: match optional_string(obj, "via", "")? {
                v if v.is_empty() => None,
                v => Some(v),
            },
            actions: string_list(obj, "actions")?,
            resources: string_list(obj, "resources")?,
            max_hops: optional_count(obj, "maxHops", crate::query::DEFAULT_MAX_HOPS, 10)?,
            limit: optional_count(obj, "limit", crate::query::DEFAULT_LIMIT, 100_000)?,
        })
    })()
}

fn diff_request(obj: &Map<String, Value>) -> Value {
    let mut sides = Vec::new();
    for field in ["before", "after"] {
        let text = match document_text(obj, field) {
            Ok(t) => t,
            Err(e) => return failure(e),
        };
        sides.push((format!("{field}.json"), text));
    }
    let [(fb, tb), (fa, ta)] = match <[(String, String); 2]>::try_from(sides) {
        Ok(x) => x,
        Err(_) => {
            return failure(ApiError::new(
                "invalid-request",
                "diff needs `before` and `after`",
            ))
        }
    };
    match crate::query::diff::diff_texts((&fb, &tb), (&fa, &ta)) {
        Ok(d) => query_success(&d),
        Err(diagnostics) => serde_json::json!({
            "type": "success",
            "invalid": true,
            "diagnostics": diagnostics,
        }),
    }
}

fn import_request(obj: &Map<String, Value>) -> Value {
    let Some(list) = obj.get("files") else {
        return failure(
            ApiError::new("missing-field", "the request has no `files`")
                .help(r#"add `files`: [{"name": "123456789012/authorization-details.json", "text": "..."}]"#)
                .path("$"),
        );
    };
    let Some(list) = list.as_array() else {
        return failure(wrong_type("$.files", "an array of {name, text}", list));
    };
    let mut files = Vec::with_capacity(list.len());
    for (i, f) in list.iter().enumerate() {
        let at = format!("$.files[{i}]");
        let Some(f) = f.as_object() else {
            return failure(wrong_type(&at, "an object {name, text}", f));
        };
        let field = |key: &str| match f.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(wrong_type(&format!("{at}.{key}"), "a string", other)),
            None => {
                Err(ApiError::new("missing-field", format!("file {i} has no `{key}`")).path(&at))
            }
        };
        let name = match field("name") {
            Ok(n) => n,
            Err(e) => return failure(e),
        };
        let text = match field("text") {
            Ok(t) => t,
            Err(e) => return failure(e),
        };
        files.push(crate::import::ImportFile { name, text });
    }
    let into = match obj.get("into") {
        None | Some(Value::Null) => None,
        Some(_) => match document_text(obj, "into") {
            Ok(t) => Some(t),
            Err(e) => return failure(e),
        },
    };
    let into_file = match optional_string(obj, "intoFile", DEFAULT_SCENARIO_FILE) {
        Ok(f) => f,
        Err(e) => return failure(e),
    };
    let outcome = crate::import::import(&files, into.as_deref().map(|t| (into_file.as_str(), t)));
    // The scenario moves into the answer (a world of thousands of roles is not copied).
    let mut m = Map::new();
    m.insert("type".into(), Value::String("success".into()));
    m.insert("scenario".into(), outcome.scenario);
    m.insert(
        "diagnostics".into(),
        serde_json::to_value(&outcome.diagnostics).unwrap_or_else(|e| internal_error(&e)),
    );
    m.insert(
        "summary".into(),
        serde_json::to_value(&outcome.summary).unwrap_or_else(|e| internal_error(&e)),
    );
    Value::Object(m)
}

/// A document field that may be JSON text (kept exactly, so positions match what the user
/// typed) or a JSON object (written out pretty-printed, keys in the order given;
/// positions then refer to that text).
fn document_text(obj: &Map<String, Value>, field: &str) -> Result<String, ApiError> {
    match obj.get(field) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(v @ Value::Object(_)) => serde_json::to_string_pretty(v).map_err(|e| {
            ApiError::new("invalid-request", format!("cannot write `{field}`: {e}"))
                .path(&format!("$.{field}"))
        }),
        Some(other) => Err(wrong_type(
            &format!("$.{field}"),
            "a JSON object or its text",
            other,
        )),
        None => Err(
            ApiError::new("missing-field", format!("the request has no `{field}`"))
                .help(format!(
                    "add `{field}`: the document, as an object or as text"
                ))
                .path("$"),
        ),
    }
}

fn optional_string(
    obj: &Map<String, Value>,
    field: &str,
    default: &str,
) -> Result<String, ApiError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(default.to_string()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(wrong_type(&format!("$.{field}"), "a string", other)),
    }
}

fn wrong_type(path: &str, expected: &str, found: &Value) -> ApiError {
    ApiError::new(
        "wrong-type",
        format!("`{path}` must be {expected}, not {}", type_name(found)),
    )
    .path(path)
}

fn unknown_kind(kind: &str) -> ApiError {
    let mut err = ApiError::new(
        "unknown-policy-kind",
        format!("unknown policy kind `{kind}`"),
    )
    .help(format!("use one of: {}", KIND_NAMES.join(", ")));
    if let Some(near) = crate::diag::did_you_mean(kind, KIND_NAMES) {
        err = err.help(format!("did you mean `{near}`?"));
    }
    err
}

fn ops_help() -> String {
    format!("`op` is one of: {}", OPERATIONS.join(", "))
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn failure(error: ApiError) -> Value {
    to_value(&Answer::<()>::fail(error))
}

/// An answer as JSON text, written through [`serde_json::Value`] (one serializer for every
/// answer keeps the wasm build small).
pub fn answer_text<T: Serialize>(answer: &T) -> String {
    to_json(&to_value(answer))
}

fn to_value<T: Serialize>(answer: &T) -> Value {
    serde_json::to_value(answer).unwrap_or_else(|e| internal_error(&e))
}

fn to_json(answer: &Value) -> String {
    serde_json::to_string(answer).unwrap_or_else(|e| internal_error(&e).to_string())
}

/// A failure for an answer that could not be serialized (a bug, reported, never a panic).
fn internal_error(e: &serde_json::Error) -> Value {
    serde_json::json!({
        "type": "failure",
        "errors": [{
            "code": "internal-error",
            "message": format!("the engine could not write its answer: {e}"),
        }],
    })
}
