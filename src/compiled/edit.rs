//! One policy document of a world replaced by new text: the document is found by its JSON
//! path (as diagnostics and traces name it, `$.accounts[0].roles[1].trustPolicy`), its text
//! is spliced into the scenario's, and the world is loaded again, reusing every other
//! document's parse.

use super::World;
use crate::json::{JsonNode, JsonValue};

/// Why an edit could not be made; the world is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditError {
    /// A stable code: `bad-path`, `no-such-path`, `not-loaded`.
    pub code: String,
    /// What is wrong and what would fix it.
    pub message: String,
}

fn error(code: &str, message: String) -> EditError {
    EditError {
        code: code.into(),
        message,
    }
}

enum Seg {
    Key(String),
    Index(usize),
}

/// `$.a.b[2]["odd key"]` as segments.
fn segments(path: &str) -> Option<Vec<Seg>> {
    let mut rest = path.strip_prefix('$')?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let (key, after) = r.split_at(end);
            if key.is_empty() {
                return None;
            }
            out.push(Seg::Key(key.to_string()));
            rest = after;
        } else if let Some(r) = rest.strip_prefix("[\"") {
            // a quoted key: the JSON string up to its closing quote
            let mut de = serde_json::Deserializer::from_str(rest.get(1..)?).into_iter::<String>();
            let key = de.next()?.ok()?;
            let used = de.byte_offset();
            let after = r.get(used.checked_sub(1)?..)?.strip_prefix(']')?;
            out.push(Seg::Key(key));
            rest = after;
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let (n, after) = r.split_at(end);
            out.push(Seg::Index(n.parse().ok()?));
            rest = after.get(1..)?;
        } else {
            return None;
        }
    }
    Some(out)
}

fn find<'a>(root: &'a JsonNode, segs: &[Seg]) -> Option<&'a JsonNode> {
    let mut node = root;
    for seg in segs {
        node = match (seg, &node.value) {
            (Seg::Key(k), JsonValue::Object(_)) => node.get(k)?,
            (Seg::Index(i), JsonValue::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

impl World {
    /// Replaces the JSON value at `path` (a policy document, or any other value) with
    /// `replacement`, JSON text written as it should appear in the scenario, and loads the
    /// world again. Documents other than the replaced one are not parsed again unless the
    /// edit moved them in the file.
    pub fn edit(&mut self, path: &str, replacement: &str) -> Result<(), EditError> {
        let segs = segments(path.trim()).ok_or_else(|| {
            error(
                "bad-path",
                format!("`{path}` is not a JSON path: write it as diagnostics do, like `$.accounts[0].roles[1].trustPolicy`"),
            )
        })?;
        let root = self.root.as_ref().ok_or_else(|| {
            error(
                "not-loaded",
                "the scenario is not valid JSON, so no value in it can be found by path: fix its syntax (or send the whole text) first".into(),
            )
        })?;
        let node = find(root, &segs).ok_or_else(|| {
            error(
                "no-such-path",
                format!("the scenario has no value at `{path}`"),
            )
        })?;
        let (start, end) = (node.span.start as usize, node.span.end as usize);
        let (Some(before), Some(after)) = (self.text.get(..start), self.text.get(end..)) else {
            return Err(error(
                "no-such-path",
                format!("the value at `{path}` is outside the scenario's text"),
            ));
        };
        let text = format!("{before}{replacement}{after}");
        self.update(&text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_as_diagnostics_write_them() {
        let s = segments("$.accounts[0][\"odd key\"].x").unwrap_or_default();
        assert_eq!(s.len(), 4);
        assert!(matches!(s.get(1), Some(Seg::Index(0))));
        assert!(matches!(s.get(2), Some(Seg::Key(k)) if k == "odd key"));
        assert!(segments("accounts").is_none());
        assert!(segments("$.a[").is_none());
        assert!(segments("$..a").is_none());
    }
}
