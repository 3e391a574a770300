//! Reading typed fields out of spanned JSON objects, reporting every problem with its JSON
//! path: wrong types, missing fields, and unknown fields (with a "did you mean").

use super::Loader;
use crate::diag::{did_you_mean, Diagnostic};
use crate::json::{JsonKey, JsonNode, JsonPath, JsonValue};
use crate::source::Span;

/// A string value with where it was written.
#[derive(Debug, Clone)]
pub struct Located {
    /// The value.
    pub value: String,
    /// The span of the JSON value.
    pub span: Span,
    /// Its JSON path.
    pub path: JsonPath,
}

/// An object being read: its members and its path.
pub struct Obj<'a> {
    /// The members in document order.
    pub members: &'a [(JsonKey, JsonNode)],
    /// The object's path.
    pub path: JsonPath,
    /// The object's span.
    pub span: Span,
}

impl<'a> Obj<'a> {
    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<&'a JsonNode> {
        self.members
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    /// The path of member `key`.
    pub fn at(&self, key: &str) -> JsonPath {
        self.path.key(key)
    }
}

impl Loader<'_> {
    /// Records an error at `path`/`span`.
    pub fn error(&mut self, code: &str, message: String, path: &JsonPath, span: Span) {
        self.diags
            .push(Diagnostic::error(code, message).at(path.clone(), span));
    }

    /// Records an error with a help text.
    pub fn error_help(
        &mut self,
        code: &str,
        message: String,
        help: Option<String>,
        path: &JsonPath,
        span: Span,
    ) {
        let mut d = Diagnostic::error(code, message).at(path.clone(), span);
        d.help = help;
        self.diags.push(d);
    }

    /// Records that the value at `path` (`what` names it) is not the JSON type `expected`.
    pub fn wrong_type(&mut self, what: &str, expected: &str, node: &JsonNode, path: &JsonPath) {
        let found = node.value.type_name();
        self.error(
            "wrong-type",
            format!("{what} must be {expected}, found {found}"),
            path,
            node.span,
        );
    }

    /// Records a warning at `path`/`span`.
    pub fn warning(&mut self, code: &str, message: String, path: &JsonPath, span: Span) {
        self.diags
            .push(Diagnostic::warning(code, message).at(path.clone(), span));
    }

    /// Reads `node` as an object whose keys must be among `allowed` (`what` names it in
    /// messages, e.g. "a user").
    pub fn object<'n>(
        &mut self,
        node: &'n JsonNode,
        path: &JsonPath,
        allowed: &[&str],
        what: &str,
    ) -> Option<Obj<'n>> {
        let Some(members) = node.as_object() else {
            self.wrong_type(what, "a JSON object", node, path);
            return None;
        };
        for (key, _) in members {
            if !allowed.contains(&key.name.as_str()) {
                let help = match did_you_mean(&key.name, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the fields of {what} are: {}", allowed.join(", ")),
                };
                self.error_help(
                    "unknown-field",
                    format!("unknown field `{}` in {what}", key.name),
                    Some(help),
                    &path.key(&key.name),
                    key.span,
                );
            }
        }
        Some(Obj {
            members,
            path: path.clone(),
            span: node.span,
        })
    }

    /// A string value.
    pub fn string(&mut self, node: &JsonNode, path: &JsonPath, what: &str) -> Option<Located> {
        match &node.value {
            JsonValue::String(s) => Some(Located {
                value: s.clone(),
                span: node.span,
                path: path.clone(),
            }),
            _ => {
                self.wrong_type(what, "a string", node, path);
                None
            }
        }
    }

    /// An optional string member (`null` counts as absent).
    pub fn opt_string(&mut self, obj: &Obj<'_>, key: &str) -> Option<Located> {
        let node = obj.get(key)?;
        if matches!(node.value, JsonValue::Null) {
            return None;
        }
        self.string(node, &obj.at(key), &format!("`{key}`"))
    }

    /// A required string member.
    pub fn req_string(&mut self, obj: &Obj<'_>, key: &str, what: &str) -> Option<Located> {
        if obj.get(key).is_none() {
            self.error(
                "missing-field",
                format!("{what} needs a `{key}`"),
                &obj.path,
                obj.span,
            );
            return None;
        }
        self.opt_string(obj, key)
    }

    /// An optional boolean member.
    pub fn opt_bool(&mut self, obj: &Obj<'_>, key: &str) -> Option<bool> {
        let node = obj.get(key)?;
        match node.value {
            JsonValue::Bool(b) => Some(b),
            JsonValue::Null => None,
            _ => {
                self.wrong_type(&format!("`{key}`"), "true or false", node, &obj.at(key));
                None
            }
        }
    }

    /// An optional whole-number member.
    pub fn opt_int(&mut self, obj: &Obj<'_>, key: &str) -> Option<(i64, Span)> {
        let node = obj.get(key)?;
        match &node.value {
            JsonValue::Number(n) => match n.parse::<i64>() {
                Ok(v) => Some((v, node.span)),
                Err(_) => {
                    self.error(
                        "wrong-type",
                        format!("`{key}` must be a whole number, found `{n}`"),
                        &obj.at(key),
                        node.span,
                    );
                    None
                }
            },
            JsonValue::Null => None,
            _ => {
                self.wrong_type(&format!("`{key}`"), "a number", node, &obj.at(key));
                None
            }
        }
    }

    /// The elements of an optional array member.
    pub fn opt_array<'n>(&mut self, obj: &Obj<'n>, key: &str) -> &'n [JsonNode] {
        let Some(node) = obj.get(key) else {
            return &[];
        };
        match &node.value {
            JsonValue::Array(a) => a,
            JsonValue::Null => &[],
            _ => {
                self.wrong_type(&format!("`{key}`"), "an array", node, &obj.at(key));
                &[]
            }
        }
    }

    /// An optional array of strings.
    pub fn string_array(&mut self, obj: &Obj<'_>, key: &str) -> Vec<Located> {
        let path = obj.at(key);
        let items = self.opt_array(obj, key);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.string(n, &path.index(i), &format!("each entry of `{key}`")))
            .collect()
    }

    /// The entries of an optional `{ "key": "value" }` member, each with the key, the value
    /// and the value's path; a member that is not an object and values that are not strings
    /// are reported and left out.
    fn tag_entries<'n>(
        &mut self,
        obj: &Obj<'n>,
        key: &str,
    ) -> Vec<(&'n JsonKey, String, JsonPath, Span)> {
        let Some(node) = obj.get(key) else {
            return Vec::new();
        };
        let path = obj.at(key);
        let members = match &node.value {
            JsonValue::Object(m) => m,
            JsonValue::Null => return Vec::new(),
            _ => {
                self.wrong_type(
                    &format!("`{key}`"),
                    "an object of tag keys and values",
                    node,
                    &path,
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(members.len());
        for (k, v) in members {
            let vpath = path.key(&k.name);
            match v.as_str() {
                Some(value) => out.push((k, value.to_string(), vpath, v.span)),
                None => self.wrong_type(
                    &format!("the value of tag `{}`", k.name),
                    "a string",
                    v,
                    &vpath,
                ),
            }
        }
        out
    }

    /// Session tags of an `assumeRole` step: string values only; their limits are STS's to
    /// check when the step runs (a `ValidationError`, not an invalid scenario).
    pub fn session_tags(&mut self, obj: &Obj<'_>, key: &str) -> crate::scenario::model::Tags {
        let mut tags = crate::scenario::model::Tags::default();
        for (k, value, _, _) in self.tag_entries(obj, key) {
            tags.0.push((k.name.clone(), value));
        }
        tags
    }

    /// An optional `{ "key": "value" }` tag map: keys 1–128 characters, values 0–256, no two
    /// keys differing only in case, at most 50.
    pub fn tags(&mut self, obj: &Obj<'_>, key: &str) -> crate::scenario::model::Tags {
        let mut tags = crate::scenario::model::Tags::default();
        for (k, value, vpath, vspan) in self.tag_entries(obj, key) {
            let klen = k.name.chars().count();
            if klen == 0 || klen > 128 {
                self.error(
                    "tag-key-length",
                    format!("tag key `{}` must be 1 to 128 characters long", k.name),
                    &vpath,
                    k.span,
                );
            } else if value.chars().count() > 256 {
                self.error(
                    "tag-value-length",
                    format!(
                        "the value of tag `{}` is longer than 256 characters",
                        k.name
                    ),
                    &vpath,
                    vspan,
                );
            } else if tags.get(&k.name).is_some() {
                self.error(
                    "duplicate-tag",
                    format!(
                        "tag key `{}` is given twice (tag keys compare case-insensitively)",
                        k.name
                    ),
                    &vpath,
                    k.span,
                );
            }
            tags.0.push((k.name.clone(), value));
        }
        if let (true, Some(node)) = (tags.0.len() > 50, obj.get(key)) {
            self.error(
                "too-many-tags",
                format!("{} tags given; AWS allows at most 50", tags.0.len()),
                &obj.at(key),
                node.span,
            );
        }
        tags
    }
}
