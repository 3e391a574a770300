//! The operations on compiled worlds ([`crate::compiled::World`]): an [`Engine`] keeps the
//! worlds its caller opened, by number, between requests.
//!
//! | `op` | fields | success fields |
//! | --- | --- | --- |
//! | `open` | `scenario`; `file`? | `world`, `report` (steps without traces), `stats` |
//! | `update` | `world`; `scenario` | `world`, `report`, `stats` |
//! | `edit` | `world`; `path` (a JSON path, as diagnostics write them); `document`: object or text | `world`, `report`, `stats` |
//! | `report` | `world` | `world`, `report`, `stats` |
//! | `trace` | `world`; `step` (0-based) | `world`, `step` (the step's report with its full trace) |
//! | `decide` | `world`; `queries`: array of queries (each an array of steps, or `{steps}`); `explain`?; `trace`? | `world`, `outcomes`: per query `{decision, error?, notEvaluated?, decisive?, step?}` or `{invalid: true, code, message, diagnostics}` |
//! | `close` | `world` | `world`, `closed` |
//!
//! `whoCan` and `reach` take `world` in place of `scenario`, to ask an open world.
//! `stats` says how many policy documents the last load parsed and how many it reused.

use super::*;
use crate::compiled::World;
use std::collections::BTreeMap;

/// The most worlds one engine keeps open at once.
pub const MAX_WORLDS: usize = 64;

/// The most queries one `decide` request may carry.
pub const MAX_QUERIES: usize = 100_000;

/// Serves the API's requests, keeping the worlds opened with `open` until `close`.
#[derive(Default)]
pub struct Engine {
    worlds: BTreeMap<u64, World>,
    next: u64,
}

impl Engine {
    /// An engine with no world open.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves one request document (JSON text) and returns the answer document (JSON text):
    /// every operation of [`super::call`], and those on worlds.
    pub fn call(&mut self, request_json: &str) -> String {
        let request: Value = match serde_json::from_str(request_json) {
            Ok(v) => v,
            Err(_) => return super::call(request_json),
        };
        to_json(&self.answer_value(&request))
    }

    /// Serves one request that is already a JSON value.
    pub fn answer_value(&mut self, request: &Value) -> Value {
        let Some(obj) = request.as_object() else {
            return answer_value(request);
        };
        let op = obj.get("op").and_then(Value::as_str).unwrap_or_default();
        let on_world = matches!(op, "whoCan" | "reach") && obj.contains_key("world");
        if !WORLD_OPERATIONS.contains(&op) && !on_world {
            return answer_value(request);
        }
        match self.world_op(op, obj) {
            Ok(v) => v,
            Err(e) => failure(e),
        }
    }

    /// The world numbered `id`, if open.
    pub fn world(&mut self, id: u64) -> Option<&mut World> {
        self.worlds.get_mut(&id)
    }

    /// Opens a world and returns its number; `None` when [`MAX_WORLDS`] are open.
    pub fn open(&mut self, file: &str, text: &str) -> Option<u64> {
        if self.worlds.len() >= MAX_WORLDS {
            return None;
        }
        self.next += 1;
        self.worlds.insert(self.next, World::open(file, text));
        Some(self.next)
    }

    /// Closes world `id`; whether it was open.
    pub fn close(&mut self, id: u64) -> bool {
        self.worlds.remove(&id).is_some()
    }

    fn world_op(&mut self, op: &str, obj: &Map<String, Value>) -> Result<Value, ApiError> {
        if op == "open" {
            let file = optional_string(obj, "file", DEFAULT_SCENARIO_FILE)?;
            let text = document_text(obj, "scenario")?;
            let id = self.open(&file, &text).ok_or_else(|| {
                ApiError::new(
                    "too-many-worlds",
                    format!("{MAX_WORLDS} worlds are open already"),
                )
                .help(r#"close one you no longer need: {"op": "close", "world": N}"#)
            })?;
            return self
                .worlds
                .get(&id)
                .map(|w| report_answer(id, w))
                .ok_or_else(|| unknown_world(id));
        }
        let id = world_id(obj)?;
        let w = self.worlds.get_mut(&id).ok_or_else(|| unknown_world(id))?;
        match op {
            "update" => {
                let text = document_text(obj, "scenario")?;
                w.update(&text);
                Ok(report_answer(id, w))
            }
            "edit" => {
                let path = required_string(obj, "path", "add `path`: the JSON path of the document to replace, such as \"$.accounts[0].roles[0].trustPolicy\"")?;
                let text = document_text(obj, "document")?;
                w.edit(&path, &text)
                    .map_err(|e| ApiError::new(&e.code, e.message).path("$.path"))?;
                Ok(report_answer(id, w))
            }
            "report" => Ok(report_answer(id, w)),
            "trace" => {
                let step = optional_count(obj, "step", usize::MAX, usize::MAX)?;
                trace_answer(id, w, step)
            }
            "decide" => {
                let queries = match obj.get("queries") {
                    Some(Value::Array(q)) if q.len() <= MAX_QUERIES => q,
                    Some(Value::Array(_)) => {
                        return Err(ApiError::new(
                            "out-of-range",
                            format!("at most {MAX_QUERIES} queries in one request"),
                        )
                        .path("$.queries"))
                    }
                    Some(other) => {
                        return Err(wrong_type("$.queries", "an array of queries", other))
                    }
                    None => return Err(ApiError::new(
                        "missing-field",
                        "the request has no `queries`",
                    )
                    .help(r#"add `queries`: [[{"as": ARN}, {"call": ACTION, "resource": ARN}]]"#)
                    .path("$")),
                };
                let traced = matches!(obj.get("trace"), Some(Value::Bool(true)));
                let explain = matches!(obj.get("explain"), Some(Value::Bool(true)));
                let outcomes: Vec<Value> = queries
                    .iter()
                    .map(|q| decide_one(w, q, traced, explain))
                    .collect();
                Ok(success(id, [("outcomes", Value::Array(outcomes))]))
            }
            "close" => {
                self.worlds.remove(&id);
                Ok(success(id, [("closed", Value::Bool(true))]))
            }
            "whoCan" | "reach" => Ok(ask(w, op, obj)),
            _ => Err(ApiError::new(
                "unknown-op",
                format!("unknown operation `{op}`"),
            )),
        }
    }

    /// The `report` answer of world `id` as JSON text (what `{"op": "report"}` answers).
    pub fn report_text(&self, id: u64) -> String {
        to_json(&match self.worlds.get(&id) {
            Some(w) => report_answer(id, w),
            None => failure(unknown_world(id)),
        })
    }

    /// The `trace` answer for step `step` of world `id` as JSON text (what
    /// `{"op": "trace"}` answers).
    pub fn trace_text(&self, id: u64, step: usize) -> String {
        let answer = self
            .worlds
            .get(&id)
            .ok_or_else(|| unknown_world(id))
            .and_then(|w| trace_answer(id, w, step));
        to_json(&answer.unwrap_or_else(failure))
    }
}

fn unknown_world(id: u64) -> ApiError {
    ApiError::new("unknown-world", format!("no world {id} is open"))
        .path("$.world")
        .help(r#"open one first: {"op": "open", "scenario": ...} answers its number"#)
}

/// World `id`'s report without traces, with what its last load read.
fn report_answer(id: u64, w: &World) -> Value {
    let report = to_value(&w.report());
    let stats = to_value(&w.load_stats());
    success(id, [("report", report), ("stats", stats)])
}

/// Step `step` of world `id` with its full trace.
fn trace_answer(id: u64, w: &World, step: usize) -> Result<Value, ApiError> {
    let rep = w.trace(step).ok_or_else(|| {
        ApiError::new(
            "no-such-step",
            format!("world {id} has no step {step} it can run"),
        )
        .path("$.step")
        .help("steps are numbered from 0; a scenario with errors outside its policy documents runs no step")
    })?;
    Ok(success(id, [("step", to_value(&rep))]))
}

/// The operations only an [`Engine`] serves.
pub const WORLD_OPERATIONS: [&str; 7] = [
    "open", "update", "edit", "report", "trace", "decide", "close",
];

fn world_id(obj: &Map<String, Value>) -> Result<u64, ApiError> {
    match obj.get("world") {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
            ApiError::new("wrong-type", "`$.world` must be a world's number").path("$.world")
        }),
        Some(other) => Err(wrong_type("$.world", "a world's number", other)),
        None => Err(ApiError::new("missing-field", "the request has no `world`")
            .help(r#"name the world `open` answered: {"world": 1}"#)
            .path("$")),
    }
}

fn success<const N: usize>(id: u64, fields: [(&str, Value); N]) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), Value::String("success".into()));
    m.insert("world".into(), Value::from(id));
    for (k, v) in fields {
        m.insert(k.into(), v);
    }
    Value::Object(m)
}

fn decide_one(w: &mut World, q: &Value, traced: bool, explain: bool) -> Value {
    let text = match q {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match w.prepare(&text) {
        Ok(qid) => {
            let outcome = if explain {
                w.decide_explained(qid)
            } else {
                w.decide(qid)
            };
            let mut v = to_value(&outcome);
            if let (true, Value::Object(m)) = (traced, &mut v) {
                if let Some(step) = w.trace_query(qid) {
                    m.insert("step".into(), to_value(&step));
                }
            }
            v
        }
        Err(e) => {
            let mut v = to_value(&e);
            if let Value::Object(m) = &mut v {
                m.insert("invalid".into(), Value::Bool(true));
            }
            v
        }
    }
}

/// A who-can or reach question put to an open world.
fn ask(w: &World, op: &str, obj: &Map<String, Value>) -> Value {
    let Some(sc) = w.loaded().filter(|_| !w.invalid()).map(|l| &l.scenario) else {
        return serde_json::json!({
            "type": "success",
            "invalid": true,
            "diagnostics": w.diagnostics(),
        });
    };
    if op == "whoCan" {
        match who_can_query(obj) {
            Ok(q) => query_success(&crate::query::who_can(sc, &q)),
            Err(e) => failure(e),
        }
    } else {
        match reach_query(obj) {
            Ok(q) => reach_on(sc, &q),
            Err(e) => failure(e),
        }
    }
}
