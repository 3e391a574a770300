//! The API's operations on the AWS action catalogue ([`crate::catalogue`]): installing it
//! (`installCatalogue`), asking whether one is installed (`catalogue`), completing what an
//! editor's user is typing (`complete`) and describing an action, a wildcard action pattern
//! or a condition key (`describe`).
//!
//! | `op` | fields | success fields |
//! | --- | --- | --- |
//! | `installCatalogue` | `text`: the catalogue's text | `installed`, `alreadyInstalled`, `dataset`, `updated`, `services`, `actions`, `globalKeys` |
//! | `catalogue` | | `installed`; when installed `dataset`, `updated`, `services`, `actions`, `globalKeys` |
//! | `complete` | `text`; `context`: `action`, `conditionKey` or `service`; `limit`? (100) | `candidates` (`{label, detail}`), `more` |
//! | `describe` | `action` (a name or a wildcard pattern) or `conditionKey`; `limit`? (100) | `kind` (`action`, `pattern` or `conditionKey`) and its fields |
//!
//! `complete` and `describe` answer `catalogue-not-loaded` until a catalogue is installed.

use super::{failure, optional_count, required_string, ApiError};
use crate::catalogue::{self, Catalogue, ConditionKey, Service};
use serde_json::{json, Map, Value};

/// How many candidates or covered actions an answer lists unless the request says.
pub const DEFAULT_LIMIT: usize = 100;

const MAX_LIMIT: usize = 100_000;

/// AWS's page of global condition keys.
const GLOBAL_KEYS_PAGE: (&str, &str) = (
    "AWS global condition context keys",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
);

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
                    format!("the AWS action catalogue, line {}: {}", e.line, e.message),
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
    let mut answer = counts(installed);
    answer.insert("alreadyInstalled".into(), Value::Bool(already));
    if already && given != installed.dataset {
        answer.insert(
            "note".into(),
            Value::String(format!(
                "{} is installed already and stays for this engine's lifetime; {given} was not installed",
                installed.dataset
            )),
        );
    }
    Value::Object(answer)
}

pub(super) fn status_request() -> Value {
    match catalogue::installed() {
        Some(c) => Value::Object(counts(c)),
        None => json!({"type": "success", "installed": false}),
    }
}

fn counts(c: &Catalogue) -> Map<String, Value> {
    let actions: usize = c.services.iter().map(|s| s.actions.len()).sum();
    let mut m = Map::new();
    m.insert("type".into(), Value::String("success".into()));
    m.insert("installed".into(), Value::Bool(true));
    m.insert("dataset".into(), Value::String(c.dataset.clone()));
    m.insert("updated".into(), Value::String(c.updated.clone()));
    m.insert("services".into(), c.services.len().into());
    m.insert("actions".into(), actions.into());
    m.insert("globalKeys".into(), c.global_keys.len().into());
    m
}

fn not_loaded() -> ApiError {
    ApiError::new(
        "catalogue-not-loaded",
        "the AWS action catalogue is not loaded in this engine",
    )
    .help(r#"install it first with {"op": "installCatalogue", "text": …} (the page loads it after the first decision)"#)
}

fn loaded() -> Result<&'static Catalogue, ApiError> {
    catalogue::installed().ok_or_else(not_loaded)
}

/// Candidates collected up to a limit, counting the rest.
struct Candidates {
    limit: usize,
    list: Vec<Value>,
    more: usize,
}

impl Candidates {
    fn push(&mut self, label: String, detail: &str) {
        if self.list.len() < self.limit {
            self.list.push(json!({"label": label, "detail": detail}));
        } else {
            self.more += 1;
        }
    }
}

/// Whether `name` starts with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(name: &str, prefix: &str) -> bool {
    name.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

pub(super) fn complete_request(obj: &Map<String, Value>) -> Value {
    let run = || -> Result<Value, ApiError> {
        let c = loaded()?;
        let text = match obj.get("text") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => return Err(super::wrong_type("$.text", "a string", other)),
        };
        let context = required_string(
            obj,
            "context",
            "add `context`: \"action\", \"conditionKey\" or \"service\"",
        )?;
        let limit = optional_count(obj, "limit", DEFAULT_LIMIT, MAX_LIMIT)?;
        let mut out = Candidates {
            limit,
            list: Vec::new(),
            more: 0,
        };
        match context.as_str() {
            "service" => services(c, &text, "", &mut out),
            "action" => match text.split_once(':') {
                None => services(c, &text, ":", &mut out),
                Some((prefix, name)) => actions(c, prefix, name, &mut out),
            },
            "conditionKey" => keys(c, &text, &mut out),
            other => {
                return Err(ApiError::new(
                    "unknown-context",
                    format!("unknown completion context `{other}`"),
                )
                .help("use \"action\", \"conditionKey\" or \"service\"")
                .path("$.context"))
            }
        }
        Ok(json!({"type": "success", "candidates": out.list, "more": out.more}))
    };
    run().unwrap_or_else(failure)
}

/// Service prefixes starting with `typed`, each followed by `suffix`.
fn services(c: &Catalogue, typed: &str, suffix: &str, out: &mut Candidates) {
    for s in c
        .services
        .iter()
        .filter(|s| starts_with_ignore_case(&s.prefix, typed))
    {
        out.push(format!("{}{suffix}", s.prefix), &s.name);
    }
}

/// The actions of service `prefix` whose name starts with `typed`.
fn actions(c: &Catalogue, prefix: &str, typed: &str, out: &mut Candidates) {
    let Some(s) = c.service(prefix) else {
        return;
    };
    let lower = typed.to_ascii_lowercase();
    // Actions are sorted by lowercase name: the matches are one run.
    let first = s
        .actions
        .partition_point(|a| a.name.to_ascii_lowercase() < lower);
    for a in s
        .actions
        .iter()
        .skip(first)
        .take_while(|a| starts_with_ignore_case(&a.name, typed))
    {
        out.push(format!("{}:{}", s.prefix, a.name), &a.access.label());
    }
}

/// Condition keys starting with `typed`: the global keys, then each service's own (a key a
/// service lists under another prefix, such as `aws:RequestTag/${TagKey}`, once).
fn keys(c: &Catalogue, typed: &str, out: &mut Candidates) {
    let mut seen = std::collections::BTreeSet::new();
    let mut add = |k: &ConditionKey, out: &mut Candidates| {
        if starts_with_ignore_case(&k.name, typed) && seen.insert(k.name.to_ascii_lowercase()) {
            out.push(k.name.to_string(), k.key_type.name());
        }
    };
    for k in &c.global_keys {
        add(k, out);
    }
    let only: Option<&Service> = typed
        .split_once(':')
        .filter(|(p, _)| !p.eq_ignore_ascii_case("aws"))
        .and_then(|(p, _)| c.service(p));
    let services: &[Service] = match only {
        Some(s) => std::slice::from_ref(s),
        None => &c.services,
    };
    for s in services {
        for k in &s.condition_keys {
            add(k, out);
        }
    }
}

pub(super) fn describe_request(obj: &Map<String, Value>) -> Value {
    let run = || -> Result<Value, ApiError> {
        let c = loaded()?;
        let limit = optional_count(obj, "limit", DEFAULT_LIMIT, MAX_LIMIT)?;
        let field = |name: &str| match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(super::wrong_type(&format!("$.{name}"), "a string", other)),
        };
        match (field("action")?, field("conditionKey")?) {
            (Some(a), None) if a.contains(['*', '?']) => Ok(pattern(c, a, limit)),
            (Some(a), None) => Ok(action(c, a)),
            (None, Some(k)) => Ok(condition_key(c, k)),
            _ => Err(ApiError::new(
                "missing-field",
                "`describe` needs one of `action` and `conditionKey`",
            )
            .help(r#"send {"op": "describe", "action": "s3:GetObject"} or {"op": "describe", "conditionKey": "aws:PrincipalTag/team"}"#)
            .path("$")),
        }
    };
    run().unwrap_or_else(failure)
}

/// The title and address of AWS's Service Authorization Reference page of `s`.
fn reference(s: &Service) -> Value {
    let slug: String = s
        .name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|ch| ch.to_ascii_lowercase())
        .collect();
    json!({
        "title": format!("Actions, resources, and condition keys for {}", s.name),
        "url": format!("https://docs.aws.amazon.com/service-authorization/latest/reference/list_{slug}.html"),
    })
}

fn action(c: &Catalogue, name: &str) -> Value {
    let Some((s, a)) = c.action(name) else {
        let (prefix, rest) = name.split_once(':').unwrap_or((name, ""));
        let near = match c.service(prefix) {
            Some(s) => s
                .closest_action(rest)
                .map(|a| format!("{}:{}", s.prefix, a.name)),
            None => c
                .closest_service(prefix)
                .map(|s| format!("{}:{rest}", s.prefix)),
        };
        return json!({
            "type": "success",
            "kind": "action",
            "found": false,
            "action": name,
            "serviceKnown": c.service(prefix).is_some(),
            "didYouMean": near,
            "dataset": c.dataset,
        });
    };
    let resource_types: Vec<Value> = a
        .resource_types
        .iter()
        .filter_map(|(i, required)| {
            let r = s.resource_type_at(*i)?;
            Some(json!({"name": r.name, "arns": r.arns, "required": required}))
        })
        .collect();
    let keys: Vec<Value> = a
        .condition_keys
        .iter()
        .filter_map(|i| s.key_at(*i))
        .map(|k| json!({"name": k.name, "type": k.key_type.name()}))
        .collect();
    json!({
        "type": "success",
        "kind": "action",
        "found": true,
        "action": format!("{}:{}", s.prefix, a.name),
        "service": s.name,
        "accessLevel": a.access.label(),
        "resourceTypes": resource_types,
        "conditionKeys": keys,
        "reference": reference(s),
        "dataset": c.dataset,
    })
}

fn pattern(c: &Catalogue, pattern: &str, limit: usize) -> Value {
    let mut count = 0usize;
    let mut list = Vec::new();
    for (s, a) in c.matching_actions(pattern) {
        count += 1;
        if list.len() < limit {
            list.push(json!({"action": format!("{}:{}", s.prefix, a.name), "accessLevel": a.access.label()}));
        }
    }
    let more = count - list.len();
    json!({
        "type": "success",
        "kind": "pattern",
        "pattern": pattern,
        "count": count,
        "actions": list,
        "more": more,
        "dataset": c.dataset,
    })
}

fn condition_key(c: &Catalogue, key: &str) -> Value {
    let prefix = key.split_once(':').map_or(key, |(p, _)| p);
    let service = c.service(prefix);
    let found = match c.global_key(key) {
        Some(k) => Some((k, None)),
        None => service.and_then(|s| s.key(key).map(|k| (k, Some(s)))),
    };
    let Some((k, s)) = found else {
        let names = c
            .global_keys
            .iter()
            .chain(service.map_or(&[][..], |s| &s.condition_keys))
            .map(|k| &*k.name);
        return json!({
            "type": "success",
            "kind": "conditionKey",
            "found": false,
            "key": key,
            "didYouMean": crate::diag::did_you_mean(key, names),
            "dataset": c.dataset,
        });
    };
    let reference = match s {
        Some(s) => reference(s),
        None => json!({"title": GLOBAL_KEYS_PAGE.0, "url": GLOBAL_KEYS_PAGE.1}),
    };
    json!({
        "type": "success",
        "kind": "conditionKey",
        "found": true,
        "key": key,
        "name": k.name,
        "keyType": k.key_type.name(),
        "multivalued": k.key_type.is_array(),
        "global": s.is_none(),
        "service": s.map(|s| &*s.name),
        "reference": reference,
        "dataset": c.dataset,
    })
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
    fn reference_pages_are_named_after_the_service() {
        let s = Service {
            name: "AWS Identity and Access Management (IAM)".into(),
            ..Service::default()
        };
        assert_eq!(
            reference(&s)["url"],
            "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html"
        );
    }
}
