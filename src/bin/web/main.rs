//! The browser entry built by Trunk: a thin wasm-bindgen layer over `iam_playground::api`.
//!
//! Everything here converts between JavaScript and the pure API; no engine logic lives here.
//! Trunk loads this binary and exposes the exports below on `window.wasmBindings`; the page's
//! script (`www/src/main.js`) wraps them as `window.iamPlayground` (see `docs/web-api.md`).
//! Answers are plain JSON-compatible objects (`{type: "success", ...}` or
//! `{type: "failure", errors: [...]}`), never exceptions.

use iam_playground::api;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated: route Rust panics to the browser console.
fn main() {
    console_error_panic_hook::set_once();
}

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

/// The JSON-in/JSON-out API: a request document in, an answer document out (both text).
#[wasm_bindgen]
pub fn api(request_json: &str) -> String {
    api::call(request_json)
}

/// The engine version stamped on reports and share links.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    iam_playground::ENGINE_VERSION.to_string()
}

/// Serializes an answer as a plain object (objects, not `Map`s; `null`, not `undefined`).
fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match value.serialize(&serializer) {
        Ok(v) => v,
        Err(e) => {
            let failure = serde_json::json!({
                "type": "failure",
                "errors": [{
                    "code": "internal-error",
                    "message": format!("the engine could not hand its answer to the page: {e}"),
                }],
            });
            failure.serialize(&serializer).unwrap_or(JsValue::NULL)
        }
    }
}
