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
            self.error(
                "wrong-type",
                format!(
                    "{what} must be a JSON object, found {}",
                    node.value.type_name()
                ),
                path,
                node.span,
            );
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
            other => {
                self.error(
                    "wrong-type",
                    format!("{what} must be a string, found {}", other.type_name()),
                    path,
                    node.span,
                );
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
            ref other => {
                self.error(
                    "wrong-type",
                    format!("`{key}` must be true or false, found {}", other.type_name()),
                    &obj.at(key),
                    node.span,
                );
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
            other => {
                self.error(
                    "wrong-type",
                    format!("`{key}` must be a number, found {}", other.type_name()),
                    &obj.at(key),
                    node.span,
                );
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
            other => {
                self.error(
                    "wrong-type",
                    format!("`{key}` must be an array, found {}", other.type_name()),
                    &obj.at(key),
                    node.span,
                );
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

    /// Session tags of an `assumeRole` step: string values only; their limits are STS's to
    /// check when the step runs (a `ValidationError`, not an invalid scenario).
    pub fn session_tags(&mut self, obj: &Obj<'_>, key: &str) -> crate::scenario::model::Tags {
        let mut tags = crate::scenario::model::Tags::default();
        let Some(node) = obj.get(key) else {
            return tags;
        };
        let path = obj.at(key);
        match &node.value {
            JsonValue::Object(members) => {
                for (k, v) in members {
                    match v.as_str() {
                        Some(value) => tags.0.push((k.name.clone(), value.to_string())),
                        None => self.error(
                            "wrong-type",
                            format!(
                                "the value of tag `{}` must be a string, found {}",
                                k.name,
                                v.value.type_name()
                            ),
                            &path.key(&k.name),
                            v.span,
                        ),
                    }
                }
            }
            JsonValue::Null => {}
            other => self.error(
                "wrong-type",
                format!(
                    "`{key}` must be an object of tag keys and values, found {}",
                    other.type_name()
                ),
                &path,
                node.span,
            ),
        }
        tags
    }

    /// An optional `{ "key": "value" }` tag map: keys 1–128 characters, values 0–256, no two
    /// keys differing only in case, at most 50.
    pub fn tags(&mut self, obj: &Obj<'_>, key: &str) -> crate::scenario::model::Tags {
        let mut tags = crate::scenario::model::Tags::default();
        let Some(node) = obj.get(key) else {
            return tags;
        };
        let path = obj.at(key);
        let members = match &node.value {
            JsonValue::Object(m) => m,
            JsonValue::Null => return tags,
            other => {
                self.error(
                    "wrong-type",
                    format!(
                        "`{key}` must be an object of tag keys and values, found {}",
                        other.type_name()
                    ),
                    &path,
                    node.span,
                );
                return tags;
            }
        };
        for (k, v) in members {
            let vpath = path.key(&k.name);
            let Some(value) = v.as_str().map(str::to_string) else {
                self.error(
                    "wrong-type",
                    format!(
                        "the value of tag `{}` must be a string, found {}",
                        k.name,
                        v.value.type_name()
                    ),
                    &vpath,
                    v.span,
                );
                continue;
            };
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
                    v.span,
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
        if tags.0.len() > 50 {
            self.error(
                "too-many-tags",
                format!("{} tags given; AWS allows at most 50", tags.0.len()),
                &path,
                node.span,
            );
        }
        tags
    }
}
