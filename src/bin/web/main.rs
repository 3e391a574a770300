//! The browser entry built by Trunk: a thin wasm-bindgen layer over `iam_playground::api`.
//!
//! Everything here converts between JavaScript and the pure API; no engine logic lives here.
//! Trunk loads this binary and exposes the exports below on `window.wasmBindings`; the page's
//! script (`www/src/main.js`) wraps them as `window.iamPlayground` (see `docs/web-api.md`).
//! Answers are plain JSON-compatible objects (`{type: "success", ...}` or
//! `{type: "failure", errors: [...]}`), never exceptions.

// The package's `[lints]` (Cargo.toml) deny unwrap, expect, panic and indexing here as in the
// library; the glue also denies arithmetic that can overflow and lossy casts of JavaScript
// numbers (a world's number arrives as an f64: see `world_id`).
#![deny(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::string_slice,
    clippy::unreachable
)]

use iam_playground::api;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated. Nothing to set up: the library never panics on
/// input, and the site's build aborts at once if it ever did (`scripts/env.sh`), which the
/// worker reports as "the engine stopped".
fn main() {}

/// Runs a scenario given as JSON text; returns the `simulate` answer as an object.
#[wasm_bindgen]
pub fn simulate(text: &str) -> JsValue {
    to_js(&api::simulate(api::DEFAULT_SCENARIO_FILE, text))
}

/// Like [`simulate`], naming the document `file` in diagnostics.
#[wasm_bindgen(js_name = simulateFile)]
pub fn simulate_file(file: &str, text: &str) -> JsValue {
    to_js(&api::simulate(file, text))
}

/// Validates one policy document given as JSON text, used as a policy of `kind`
/// (`identity`, `resource`, `trust`, `boundary`, `session`, `serviceControl`,
/// `resourceControl`); returns the `validatePolicy` answer as an object.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(text: &str, kind: &str) -> JsValue {
    to_js(&api::validate_policy(api::DEFAULT_POLICY_FILE, text, kind))
}

thread_local! {
    /// The worlds the page opened (`open` … `close`), kept between calls.
    static ENGINE: RefCell<api::Engine> = RefCell::new(api::Engine::new());
}

/// Runs `f` on the page's engine (never re-entered: wasm runs one call at a time).
fn with_engine<T>(fallback: T, f: impl FnOnce(&mut api::Engine) -> T) -> T {
    ENGINE.with(|e| match e.try_borrow_mut() {
        Ok(mut engine) => f(&mut engine),
        Err(_) => fallback,
    })
}

const BUSY: &str = r#"{"type":"failure","errors":[{"code":"internal-error","message":"the engine is busy with another call"}]}"#;

/// The JSON-in/JSON-out API: a request document in, an answer document out (both text).
/// Worlds opened with `{"op": "open"}` stay open between calls until `close`.
#[wasm_bindgen]
pub fn api(request_json: &str) -> String {
    with_engine(BUSY.to_string(), |e| e.call(request_json))
}

/// Opens a compiled world from a scenario's text; its number, or 0 when too many are open.
#[wasm_bindgen(js_name = worldOpen)]
pub fn world_open(file: &str, text: &str) -> f64 {
    with_engine(0.0, |e| e.open(file, text).map_or(0.0, |id| id as f64))
}

/// The `report` answer of world `id` after replacing its text (JSON text, parsed once by
/// the page: one string crosses the boundary).
#[wasm_bindgen(js_name = worldUpdate)]
pub fn world_update(id: f64, text: &str) -> String {
    with_engine(BUSY.to_string(), |e| {
        if let Some(w) = e.world(world_id(id)) {
            w.update(text);
        }
        e.report_text(world_id(id))
    })
}

/// The `report` answer of world `id`: its steps without traces (JSON text).
#[wasm_bindgen(js_name = worldReport)]
pub fn world_report(id: f64) -> String {
    with_engine(BUSY.to_string(), |e| e.report_text(world_id(id)))
}

/// The `trace` answer for step `step` of world `id`: the step with its full trace (JSON text).
#[wasm_bindgen(js_name = worldTrace)]
pub fn world_trace(id: f64, step: u32) -> String {
    with_engine(BUSY.to_string(), |e| {
        e.trace_text(world_id(id), step as usize)
    })
}

/// Prepares a query (JSON text of steps) on world `id`: its number, or -1 when the world is
/// not open or the query has errors (the `decide` operation says which).
#[wasm_bindgen(js_name = worldPrepare)]
pub fn world_prepare(id: f64, query: &str) -> i32 {
    with_engine(-1, |e| {
        e.world(world_id(id))
            .and_then(|w| w.prepare(query).ok())
            .and_then(|q| i32::try_from(q).ok())
            .unwrap_or(-1)
    })
}

/// The decision on prepared query `query` of world `id`, as a code: 0 allowed,
/// 1 implicitDeny, 2 explicitDeny, 3 error, 4 notEvaluated, 255 no such world or query.
#[wasm_bindgen(js_name = worldDecide)]
pub fn world_decide(id: f64, query: u32) -> u8 {
    with_engine(255, |e| {
        e.world(world_id(id))
            .and_then(|w| w.decide(query as usize))
            .map_or(255, |o| code(o.decision))
    })
}

/// [`world_decide`] for many prepared queries in one call: one code per query.
#[wasm_bindgen(js_name = worldDecideAll)]
pub fn world_decide_all(id: f64, queries: &[u32]) -> Vec<u8> {
    with_engine(vec![255; queries.len()], |e| match e.world(world_id(id)) {
        Some(w) => queries
            .iter()
            .map(|q| w.decide(*q as usize).map_or(255, |o| code(o.decision)))
            .collect(),
        None => vec![255; queries.len()],
    })
}

/// Closes world `id`; whether it was open.
#[wasm_bindgen(js_name = worldClose)]
pub fn world_close(id: f64) -> bool {
    with_engine(false, |e| e.close(world_id(id)))
}

/// A world's number as JavaScript passes it: only a whole number from 0 to 2^53 − 1 names a
/// world; anything else (NaN, ±Infinity, a fraction, a negative number) is 0, which names none,
/// so the call answers as for a closed world instead of reading a truncated number.
fn world_id(id: f64) -> u64 {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    if id.is_finite() && id.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&id) {
        // checked above: a whole number within u64's range
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = id as u64;
        whole
    } else {
        0
    }
}

fn code(decision: &str) -> u8 {
    match decision {
        "allowed" => 0,
        "implicitDeny" => 1,
        "explicitDeny" => 2,
        "error" => 3,
        "notEvaluated" => 4,
        _ => 255,
    }
}

/// Installs the AWS managed policy documents (the site's `managed-policies-*.json` asset: policy
/// name to document text), which this build does not compile in. Answers how many were
/// installed, or an error message; the page calls it before its first decision.
#[wasm_bindgen(js_name = managedInstall)]
pub fn managed_install(json: &str) -> Result<u32, String> {
    iam_playground::managed::install_documents(json).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// Installs the AWS action catalogue from its text (the site's asset, decompressed by the
/// page's worker): the `installCatalogue` answer as JSON text. The megabyte text crosses as
/// one string, not inside a JSON request.
#[wasm_bindgen(js_name = catalogueInstall)]
pub fn catalogue_install(text: &str) -> String {
    api::install_catalogue(text)
}

/// The engine version stamped on reports and share links.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    iam_playground::ENGINE_VERSION.to_string()
}

/// An answer as a plain object: written as JSON text once and parsed by the JavaScript
/// engine's own `JSON.parse` (one string crosses the boundary, not one per field).
fn to_js<T: Serialize>(value: &T) -> JsValue {
    let text = api::answer_text(value);
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}
