//! The API's operations on the AWS action catalogue ([`crate::catalogue`]): installing it
//! (`installCatalogue`), asking whether one is installed (`catalogue`), completing what an
//! editor's user is typing (`complete`) and describing an action, a wildcard action pattern
//! or a condition key (`describe`).
//!
//! | `op` | fields | success fields |
//! | --- | --- | --- |
//! | `installCatalogue` | `text`: the catalogue's text | `installed`, `alreadyInstalled`, `dataset`, `updated`, `services`, `actions`, `globalKeys`, `note`? |
//! | `catalogue` | | `installed`; when installed `dataset`, `updated`, `services`, `actions`, `globalKeys` |
//! | `complete` | `text`; `context`: `action`, `conditionKey` or `service`; `limit`? (100) | `candidates` (`{label, detail}`), `more` |
//! | `describe` | `action` (a name or a wildcard pattern) or `conditionKey`; `limit`? (100) | `kind` (`action`, `pattern` or `conditionKey`) and its fields, `dataset` |
//!
//! `complete` and `describe` answer `catalogue-not-loaded` until a catalogue is installed.
//!
//! The answers are written as JSON text member by member: the browser's engine carries this
//! module, and building `serde_json::Value`s or `format!`ting costs several times the wasm.

use super::{failure, optional_count, required_string, ApiError};
use crate::catalogue::{self, Action, Catalogue, Service};
use serde_json::{Map, Value};

/// How many candidates or covered actions an answer lists unless the request says.
pub const DEFAULT_LIMIT: usize = 100;

const MAX_LIMIT: usize = 100_000;

/// A success answer being written as JSON text.
struct Out(String);

impl Out {
    fn new() -> Out {
        Out(String::from(r#"{"type":"success""#))
    }

    /// Starts the member `key` (its value follows).
    fn key(&mut self, key: &str) -> &mut String {
        self.0.push_str(",\"");
        self.0.push_str(key);
        self.0.push_str("\":");
        &mut self.0
    }

    fn text(&mut self, key: &str, value: &str) {
        quote(self.key(key), value);
    }

    fn raw(&mut self, key: &str, json: &str) {
        self.key(key).push_str(json);
    }

    fn num(&mut self, key: &str, value: usize) {
        self.raw(key, &value.to_string());
    }

    fn flag(&mut self, key: &str, value: bool) {
        self.raw(key, if value { "true" } else { "false" });
    }

    fn done(mut self) -> Value {
        self.0.push('}');
        serde_json::from_str(&self.0).unwrap_or_else(|e| super::internal_error(&e))
    }
}

/// Appends `value` as a JSON string.
fn quote(out: &mut String, value: &str) {
    out.push_str(&serde_json::to_string(value).unwrap_or_default());
}

/// Appends `{"a":"x","b":"y"}` for string members.
fn object(out: &mut String, members: &[(&str, &str)]) {
    out.push('{');
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        quote(out, key);
        out.push(':');
        quote(out, value);
    }
    out.push('}');
}

/// `prefix:Name`.
fn full_name(s: &Service, a: &Action) -> String {
    [&*s.prefix, ":", &a.name].concat()
}

/// Parses `text` as the catalogue and installs it for the process: the `installCatalogue`
/// answer as JSON text (the browser's `catalogueInstall` hands the megabyte text over
/// directly instead of inside a JSON request).
pub fn install_catalogue(text: &str) -> String {
    super::to_json(&install(text))
}

pub(super) fn install_request(obj: &Map<String, Value>) -> Value {
    match obj.get("text") {
        Some(Value::String(text)) => install(text),
        Some(other) => failure(super::wrong_type("$.text", "a string", other)),
        None => failure(
            ApiError::new("missing-field", "the request has no `text`")
                .help("add `text`: the catalogue's text, as the playground ships it")
                .path("$"),
        ),
    }
}

fn install(text: &str) -> Value {
    let parsed = match Catalogue::parse(text) {
        Ok(c) => c,
        Err(e) => {
            return failure(
                ApiError::new(
                    "invalid-catalogue",
                    [
                        "the AWS action catalogue, line ",
                        &e.line.to_string(),
                        ": ",
                        &e.message,
                    ]
                    .concat(),
                )
                    .help("send the catalogue file the playground ships, unchanged (it starts with the line `iam-catalogue 1`)")
                    .path("$.text"),
            )
        }
    };
    let given = parsed.dataset.clone();
    let (installed, already) = match catalogue::install(parsed) {
        Ok(c) => (c, false),
        Err(_) => match catalogue::installed() {
            Some(c) => (c, true),
            None => return failure(not_loaded()),
        },
    };
    let mut out = counts(installed);
    out.flag("alreadyInstalled", already);
    if already && given != installed.dataset {
        let note = [
            &*installed.dataset,
            " is installed already and stays for this engine's lifetime; ",
            &given,
            " was not installed",
        ]
        .concat();
        out.text("note", &note);
    }
    out.done()
}

pub(super) fn status_request() -> Value {
    match catalogue::installed() {
        Some(c) => counts(c).done(),
        None => {
            let mut out = Out::new();
            out.flag("installed", false);
            out.done()
        }
    }
}

fn counts(c: &Catalogue) -> Out {
    let mut out = Out::new();
    out.flag("installed", true);
    out.text("dataset", &c.dataset);
    out.text("updated", &c.updated);
    out.num("services", c.services.len());
    out.num("actions", c.services.iter().map(|s| s.actions.len()).sum());
    out.num("globalKeys", c.global_keys.len());
    out
}

fn not_loaded() -> ApiError {
    ApiError::new(
        "catalogue-not-loaded",
        "the AWS action catalogue is not loaded in this engine",
    )
    .help(r#"install it first with {"op": "installCatalogue", "text": …} (the page loads it after the first decision)"#)
}

/// Items of a JSON array written up to a limit, counting the rest.
struct List {
    json: String,
    limit: usize,
    listed: usize,
    more: usize,
}

impl List {
    fn new(limit: usize) -> List {
        List {
            json: String::from("["),
            limit,
            listed: 0,
            more: 0,
        }
    }

    /// The buffer to write the next item into, or `None` (counted) past the limit.
    fn next(&mut self) -> Option<&mut String> {
        if self.listed >= self.limit {
            self.more += 1;
            return None;
        }
        if self.listed > 0 {
            self.json.push(',');
        }
        self.listed += 1;
        Some(&mut self.json)
    }

    fn candidate(&mut self, label: &[&str], detail: &str) {
        if let Some(out) = self.next() {
            object(out, &[("label", &label.concat()), ("detail", detail)]);
        }
    }

    fn end(mut self, out: &mut Out, key: &str) {
        self.json.push(']');
        out.raw(key, &self.json);
        out.num("more", self.more);
    }
}

/// Whether `name` starts with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(name: &str, prefix: &str) -> bool {
    name.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

pub(super) fn complete_request(obj: &Map<String, Value>) -> Value {
    complete(obj).unwrap_or_else(failure)
}

fn complete(obj: &Map<String, Value>) -> Result<Value, ApiError> {
    let c = catalogue::installed().ok_or_else(not_loaded)?;
    let text = match obj.get("text") {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s,
        Some(other) => return Err(super::wrong_type("$.text", "a string", other)),
    };
    let context = required_string(
        obj,
        "context",
        "add `context`: \"action\", \"conditionKey\" or \"service\"",
    )?;
    let mut list = List::new(optional_count(obj, "limit", DEFAULT_LIMIT, MAX_LIMIT)?);
    match (context.as_str(), text.split_once(':')) {
        // service prefixes; where an action goes, each with its colon
        ("service", _) | ("action", None) => {
            let colon = if context == "action" { ":" } else { "" };
            for s in &c.services {
                if starts_with_ignore_case(&s.prefix, text) {
                    list.candidate(&[&s.prefix, colon], &s.name);
                }
            }
        }
        ("action", Some((prefix, typed))) => {
            if let Some(s) = c.service(prefix) {
                // actions are sorted by lowercase name: the matches are one run
                let lower = typed.to_ascii_lowercase();
                let first = s
                    .actions
                    .partition_point(|a| a.name.to_ascii_lowercase() < lower);
                for a in s.actions.iter().skip(first) {
                    if !starts_with_ignore_case(&a.name, typed) {
                        break;
                    }
                    list.candidate(&[&s.prefix, ":", &a.name], &a.access.label());
                }
            }
        }
        ("conditionKey", _) => {
            // the global keys, then the services' keys, each name once: many services list
            // `aws:RequestTag/${TagKey}`, and some list another service's keys
            let mut seen = std::collections::BTreeSet::new();
            let keys = c
                .global_keys
                .iter()
                .chain(c.services.iter().flat_map(|s| &s.condition_keys));
            for k in keys {
                if starts_with_ignore_case(&k.name, text)
                    && seen.insert(k.name.to_ascii_lowercase())
                {
                    list.candidate(&[&k.name], k.key_type.name());
                }
            }
        }
        _ => {
            return Err(ApiError::new(
                "unknown-context",
                ["unknown completion context `", &context, "`"].concat(),
            )
            .help("use \"action\", \"conditionKey\" or \"service\"")
            .path("$.context"))
        }
    }
    let mut out = Out::new();
    list.end(&mut out, "candidates");
    Ok(out.done())
}

pub(super) fn describe_request(obj: &Map<String, Value>) -> Value {
    describe(obj).unwrap_or_else(failure)
}

fn describe(obj: &Map<String, Value>) -> Result<Value, ApiError> {
    let c = catalogue::installed().ok_or_else(not_loaded)?;
    let limit = optional_count(obj, "limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let field = |name: &str| match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(super::wrong_type(&["$.", name].concat(), "a string", other)),
    };
    let (action, key) = (field("action")?, field("conditionKey")?);
    let mut out = Out::new();
    match (action, key) {
        (Some(a), None) if a.contains(['*', '?']) => pattern(&mut out, c, a, limit),
        (Some(a), None) => describe_action(&mut out, c, a),
        (None, Some(k)) => condition_key(&mut out, c, k),
        _ => {
            return Err(ApiError::new(
                "missing-field",
                "`describe` needs one of `action` and `conditionKey`",
            )
            .help(r#"send {"op": "describe", "action": "s3:GetObject"} or {"op": "describe", "conditionKey": "aws:PrincipalTag/team"}"#)
            .path("$"))
        }
    }
    out.text("dataset", &c.dataset);
    Ok(out.done())
}

/// `reference`: AWS's Service Authorization Reference page of `s` (its address is the
/// service's name in lowercase letters and digits).
fn reference(out: &mut Out, s: &Service) {
    let mut url =
        String::from("https://docs.aws.amazon.com/service-authorization/latest/reference/list_");
    url.extend(
        s.name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|ch| ch.to_ascii_lowercase()),
    );
    url.push_str(".html");
    let title = ["Actions, resources, and condition keys for ", &s.name].concat();
    object(out.key("reference"), &[("title", &title), ("url", &url)]);
}

fn describe_action(out: &mut Out, c: &Catalogue, name: &str) {
    out.text("kind", "action");
    let Some((s, a)) = c.action(name) else {
        let (prefix, rest) = name.split_once(':').unwrap_or((name, ""));
        let service = c.service(prefix);
        let near = match service {
            Some(s) => s
                .closest_action(rest)
                .map(|a| [&*s.prefix, ":", &a.name].concat()),
            None => c
                .closest_service(prefix)
                .map(|s| [&*s.prefix, ":", rest].concat()),
        };
        out.flag("found", false);
        out.text("action", name);
        out.flag("serviceKnown", service.is_some());
        match near {
            Some(n) => out.text("didYouMean", &n),
            None => out.raw("didYouMean", "null"),
        }
        return;
    };
    out.flag("found", true);
    out.text("action", &full_name(s, a));
    out.text("service", &s.name);
    out.text("accessLevel", &a.access.label());
    let mut types = List::new(usize::MAX);
    for (i, required) in &a.resource_types {
        let (Some(r), Some(json)) = (s.resource_type_at(*i), types.next()) else {
            continue;
        };
        json.push_str(r#"{"name":"#);
        quote(json, &r.name);
        json.push_str(r#","arns":["#);
        for (j, f) in r.arns.iter().enumerate() {
            if j > 0 {
                json.push(',');
            }
            quote(json, f);
        }
        json.push_str(if *required {
            r#"],"required":true}"#
        } else {
            r#"],"required":false}"#
        });
    }
    types.json.push(']');
    out.raw("resourceTypes", &types.json);
    let mut keys = List::new(usize::MAX);
    for k in a.condition_keys.iter().filter_map(|i| s.key_at(*i)) {
        if let Some(json) = keys.next() {
            object(json, &[("name", &k.name), ("type", k.key_type.name())]);
        }
    }
    keys.json.push(']');
    out.raw("conditionKeys", &keys.json);
    reference(out, s);
}

fn pattern(out: &mut Out, c: &Catalogue, pattern: &str, limit: usize) {
    out.text("kind", "pattern");
    out.text("pattern", pattern);
    let mut list = List::new(limit);
    for (s, a) in c.matching_actions(pattern) {
        if let Some(json) = list.next() {
            object(
                json,
                &[
                    ("action", &full_name(s, a)),
                    ("accessLevel", &a.access.label()),
                ],
            );
        }
    }
    out.num("count", list.listed + list.more);
    list.end(out, "actions");
}

fn condition_key(out: &mut Out, c: &Catalogue, key: &str) {
    out.text("kind", "conditionKey");
    out.text("key", key);
    let service = key.split_once(':').and_then(|(p, _)| c.service(p));
    let found = match c.global_key(key) {
        Some(k) => Some((k, None)),
        None => service.and_then(|s| Some((s.key(key)?, Some(s)))),
    };
    let Some((k, s)) = found else {
        out.flag("found", false);
        return;
    };
    out.flag("found", true);
    out.text("name", &k.name);
    out.text("keyType", k.key_type.name());
    out.flag("global", s.is_none());
    match s {
        Some(s) => {
            out.text("service", &s.name);
            reference(out, s);
        }
        None => object(
            out.key("reference"),
            &[
                ("title", "AWS global condition context keys"),
                (
                    "url",
                    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
                ),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_compare_ignoring_case_and_never_split_a_character() {
        assert!(starts_with_ignore_case("GetObject", "getob"));
        assert!(starts_with_ignore_case("GetObject", ""));
        assert!(!starts_with_ignore_case("Get", "GetObject"));
        // a prefix ending inside a multi-byte character is simply not a match
        assert!(!starts_with_ignore_case("é", "\u{e9}x"));
        assert!(!starts_with_ignore_case("éa", "a"));
    }

    #[test]
    fn answers_are_json_with_their_text_escaped() {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} é";
        let mut out = Out::new();
        out.text("a", tricky);
        out.num("n", 3);
        out.flag("b", false);
        object(out.key("o"), &[("k", "v"), ("k2", "")]);
        let mut list = List::new(1);
        list.candidate(&["x", ":"], "y");
        list.candidate(&["left out"], "");
        list.end(&mut out, "list");
        assert_eq!(
            out.done(),
            serde_json::json!({"type": "success", "a": tricky, "n": 3, "b": false, "o": {"k": "v", "k2": ""}, "list": [{"label": "x:", "detail": "y"}], "more": 1})
        );
    }
}
