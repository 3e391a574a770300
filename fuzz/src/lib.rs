//! How each fuzz target reads its input and which entry points it drives. The targets in
//! `fuzz_targets/` are one line each; the regression tests (`tests/fuzz_regressions.rs`)
//! include this file, so a saved finding replays through exactly the same path.
//!
//! Inputs are bytes; text is read with `String::from_utf8_lossy` (the engine takes `&str`).
//! Several targets split the text into records at NUL (`\0`) characters. Besides "no panic",
//! every target checks what a caller relies on: an API answer is a JSON object tagged
//! `success` or `failure`, and a located diagnostic lies inside the text it points into.

use iam_playground::api::{self, Engine, OPERATIONS, WORLD_OPERATIONS};
use iam_playground::diag::LocatedDiagnostic;
use iam_playground::import::{self, ImportFile};
use iam_playground::scenario;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::sync::Once;

/// The AWS action catalogue the site ships: installed once per process, so that policy
/// validation runs its catalogue checks too.
const CATALOGUE: &str = include_str!("../../data/iam-catalogue.txt");

/// The policy kinds a leading selector byte picks from.
pub const KINDS: [&str; 7] = [
    "identity",
    "resource",
    "trust",
    "boundary",
    "session",
    "serviceControl",
    "resourceControl",
];

/// The scenario a world operation runs on when its request carries none.
const SMALL_SCENARIO: &str = r#"{"format":"iam-playground/scenario@1","accounts":[{"id":"111111111111","users":[{"name":"alice","policies":[{"name":"p","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}]}]}],"steps":[{"as":"arn:aws:iam::111111111111:user/alice"},{"call":"s3:GetObject","resource":"arn:aws:s3:::b/k"}]}"#;

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

fn install_catalogue() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let answer = api::install_catalogue(CATALOGUE);
        assert!(
            answer.contains("\"success\""),
            "the shipped catalogue does not install: {answer}"
        );
    });
}

/// Checks that `answer` is a JSON object tagged `success` or `failure`; returns it.
pub fn check_answer(answer: &str) -> Value {
    let v: Value = match serde_json::from_str(answer) {
        Ok(v) => v,
        Err(e) => {
            let head: String = answer.chars().take(300).collect();
            unreachable!("the answer is not JSON ({e}): {head}")
        }
    };
    check_value(&v);
    v
}

fn check_value(v: &Value) {
    let tag = v.get("type").and_then(Value::as_str);
    assert!(
        matches!(tag, Some("success" | "failure")),
        "an answer without a success/failure tag: {:?}",
        tag
    );
}

/// Checks that every diagnostic located in `file` lies inside `text`, that file's text.
pub fn check_located(file: &str, text: &str, diagnostics: &[LocatedDiagnostic]) {
    let len = text.len();
    let lines = text.split('\n').count();
    for d in diagnostics.iter().filter(|d| d.file == file) {
        if let (Some(s), Some(e)) = (&d.start, &d.end) {
            assert!(s.offset <= e.offset, "a span ends before it starts: {d:?}");
            assert!(
                (e.offset as usize) <= len,
                "a span past the end of the text: {d:?}"
            );
            assert!(
                s.line >= 1 && (s.line as usize) <= lines && s.column >= 1,
                "a position outside the text: {d:?}"
            );
        }
    }
}

/// `api_call`: the first byte picks an operation of [`OPERATIONS`] (or, one past the last,
/// sends the rest as a whole request). The rest is the request: a JSON object (its `op` is
/// replaced) or, when it is not one, the text of the operation's main field. World
/// operations other than `open` first open a world from the request's `scenario` (or a small
/// one) and then run on it, through an [`Engine`] as the browser and `iam-playground api` do.
pub fn api_call(data: &[u8]) {
    install_catalogue();
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let body = text(rest);
    let mut engine = Engine::new();
    let Some(&op) = OPERATIONS.get(usize::from(selector) % (OPERATIONS.len() + 1)) else {
        check_answer(&engine.call(&body));
        check_answer(&api::call(&body));
        return;
    };
    let mut req = match serde_json::from_str::<Value>(&body) {
        Ok(Value::Object(m)) => m,
        _ => main_field(op, &body),
    };
    req.insert("op".into(), Value::String(op.into()));
    if WORLD_OPERATIONS.contains(&op) && op != "open" && !req.contains_key("world") {
        let scenario = req
            .get("scenario")
            .cloned()
            .unwrap_or_else(|| Value::String(SMALL_SCENARIO.into()));
        let mut open = Map::new();
        open.insert("op".into(), "open".into());
        open.insert("scenario".into(), scenario);
        let opened = engine.answer_value(&Value::Object(open));
        check_value(&opened);
        if let Some(id) = opened.get("world") {
            req.insert("world".into(), id.clone());
        }
    }
    let answer = engine.answer_value(&Value::Object(req));
    check_value(&answer);
    // What the answer is sent as must be JSON again.
    if let Ok(s) = serde_json::to_string(&answer) {
        check_answer(&s);
    }
}

/// The request for `op` whose main field is `body`.
fn main_field(op: &str, body: &str) -> Map<String, Value> {
    let s = Value::String(body.into());
    let mut m = Map::new();
    match op {
        "validatePolicy" | "installCatalogue" | "complete" => {
            m.insert("text".into(), s);
            m.insert("context".into(), "action".into());
        }
        "import" => {
            let mut f = Map::new();
            f.insert("name".into(), "authorization-details.json".into());
            f.insert("text".into(), s);
            m.insert("files".into(), Value::Array(vec![Value::Object(f)]));
        }
        "diff" => {
            m.insert("before".into(), s.clone());
            m.insert("after".into(), s);
        }
        "describe" => {
            m.insert("action".into(), s);
        }
        "edit" => {
            m.insert("path".into(), "$.accounts[0]".into());
            m.insert("document".into(), s);
        }
        "whoCan" | "reach" => {
            m.insert("scenario".into(), s);
            m.insert("action".into(), "s3:GetObject".into());
            m.insert(
                "principal".into(),
                "arn:aws:iam::111111111111:user/alice".into(),
            );
        }
        _ => {
            m.insert("scenario".into(), s);
        }
    }
    m
}

/// `policy`: the first byte picks a kind of [`KINDS`]; the rest is a policy document,
/// parsed and validated as the `validatePolicy` operation does.
pub fn policy(data: &[u8]) {
    install_catalogue();
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let kind = KINDS
        .get(usize::from(selector) % KINDS.len())
        .copied()
        .unwrap_or("identity");
    let body = text(rest);
    match api::validate_policy("policy.json", &body, kind) {
        api::Answer::Success(ok) => {
            check_located("policy.json", &body, &ok.diagnostics);
            if let Ok(s) = serde_json::to_string(&api::Answer::Success(ok)) {
                check_answer(&s);
            }
        }
        api::Answer::Failure { errors } => unreachable!("a known kind failed: {errors:?}"),
    }
}

/// `scenario`: the input is a scenario's text, loaded and run (`simulate`), its report
/// written as JSON; the query-side loader (`load_world`) reads it too.
pub fn scenario(data: &[u8]) {
    install_catalogue();
    let body = text(data);
    let report = scenario::simulate("scenario.json", &body);
    check_located("scenario.json", &body, &report.diagnostics);
    let _ = serde_json::to_string(&report);
    if let Err(diagnostics) = scenario::load_world("scenario.json", &body) {
        check_located("scenario.json", &body, &diagnostics);
    }
}

/// `import`: records separated by NUL; each is a file name, a newline, and the file's text
/// (a record without a newline is a text named `export.json`). A record whose name starts
/// with `into:` is the scenario to merge into. The imported scenario is then loaded and run,
/// as the playground does after an import.
pub fn import(data: &[u8]) {
    install_catalogue();
    let body = text(data);
    let mut files = Vec::new();
    let mut into: Option<(String, String)> = None;
    for record in body.split('\0') {
        let (name, text) = record.split_once('\n').unwrap_or(("export.json", record));
        if let Some(file) = name.strip_prefix("into:") {
            into = Some((file.to_string(), text.to_string()));
        } else {
            files.push(ImportFile {
                name: name.to_string(),
                text: text.to_string(),
            });
        }
    }
    let outcome = import::import(&files, into.as_ref().map(|(n, t)| (n.as_str(), t.as_str())));
    let _ = serde_json::to_string(&outcome);
    if let Ok(s) = serde_json::to_string_pretty(&outcome.scenario) {
        let report = scenario::simulate("imported.json", &s);
        let _ = serde_json::to_string(&report);
    }
}

/// `query`: a first line, then a scenario's text. The first line is a JSON object of the
/// `whoCan` and `reach` fields (`action`, `resource`, `principal`, `via`, `actions`,
/// `resources`, `maxHops`, `limit`, `context`), or, when it is not one, the action and the
/// principal both. Both queries run on the scenario's text and on a world opened from it.
pub fn query(data: &[u8]) {
    install_catalogue();
    let body = text(data);
    let (head, scenario_text) = body.split_once('\n').unwrap_or((&body, ""));
    let fields = match serde_json::from_str::<Value>(head) {
        Ok(Value::Object(m)) => m,
        _ => {
            let mut m = Map::new();
            m.insert("action".into(), head.into());
            m.insert("principal".into(), head.into());
            m
        }
    };
    let mut engine = Engine::new();
    let mut open = Map::new();
    open.insert("op".into(), "open".into());
    open.insert("scenario".into(), scenario_text.into());
    let opened = engine.answer_value(&Value::Object(open));
    check_value(&opened);
    for op in ["whoCan", "reach"] {
        let mut req = fields.clone();
        req.insert("op".into(), op.into());
        req.insert("scenario".into(), scenario_text.into());
        check_value(&api::answer_value(&Value::Object(req.clone())));
        if let Some(id) = opened.get("world") {
            req.remove("scenario");
            req.insert("world".into(), id.clone());
            check_value(&engine.answer_value(&Value::Object(req)));
        }
    }
}

/// `world_edit`: records separated by NUL: a scenario's text, then pairs of a JSON path and
/// the document that replaces the value there. The world is opened, edited pair by pair
/// (each answer a report), asked for its first step's trace, and decides its own steps.
pub fn world_edit(data: &[u8]) {
    install_catalogue();
    let body = text(data);
    let mut records = body.split('\0');
    let scenario_text = records.next().unwrap_or_default();
    let mut engine = Engine::new();
    let Some(id) = engine.open("scenario.json", scenario_text) else {
        return;
    };
    let world = Value::from(id);
    let request = |fields: &[(&str, Value)]| {
        let mut m = Map::new();
        for (k, v) in fields {
            m.insert((*k).into(), v.clone());
        }
        Value::Object(m)
    };
    while let Some(path) = records.next() {
        let document = records.next().unwrap_or_default();
        let answer = engine.answer_value(&request(&[
            ("op", "edit".into()),
            ("world", world.clone()),
            ("path", path.into()),
            ("document", document.into()),
        ]));
        check_value(&answer);
    }
    check_answer(&engine.report_text(id));
    check_answer(&engine.trace_text(id, 0));
    let steps: Option<Value> = serde_json::from_str::<Value>(scenario_text)
        .ok()
        .and_then(|v| v.get("steps").cloned());
    if let Some(steps) = steps {
        let answer = engine.answer_value(&request(&[
            ("op", "decide".into()),
            ("world", world.clone()),
            ("queries", Value::Array(vec![steps])),
            ("explain", true.into()),
        ]));
        check_value(&answer);
    }
}

/// `catalogue`: the input is an AWS action catalogue's text, read as the site reads the one
/// it ships.
pub fn catalogue(data: &[u8]) {
    let body = text(data);
    let _ = iam_playground::catalogue::Catalogue::parse(&body);
}
