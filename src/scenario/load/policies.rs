//! Policy documents inside a scenario: written as JSON objects or pasted as strings, parsed
//! with the policy parser, their diagnostics placed in the file (paths prefixed with the
//! document's path; positions inside a pasted string mapped back to the file's bytes).

use super::Loader;
use crate::eval::inputs::PolicyOrigin;
use crate::json::{map_string_offset, JsonNode, JsonPath, JsonValue};
use crate::policy::model::PolicyKind;
use crate::scenario::model::Attached;
use crate::source::Span;
use std::sync::Arc;

impl Loader<'_> {
    /// Parses the policy document at `node` as `kind`. Returns it with its size as IAM counts
    /// it (non-whitespace characters), for the aggregate limits.
    pub fn policy(
        &mut self,
        node: &JsonNode,
        path: &JsonPath,
        kind: PolicyKind,
        origin: PolicyOrigin,
    ) -> (Attached, usize) {
        let (parsed, size) = match &node.value {
            JsonValue::String(pasted) => {
                let parsed = crate::policy::parse::parse_text(pasted, kind);
                let size = crate::policy::limits::iam_size(pasted);
                let text = self.text;
                let diags = parsed.diagnostics.iter().map(|d| {
                    let mut d = d.clone();
                    d.path = path.join(&d.path);
                    d.span = Some(match d.span {
                        Some(s) => Span::new(
                            map_string_offset(text, node.span, s.start as usize),
                            map_string_offset(text, node.span, s.end as usize),
                        ),
                        None => node.span,
                    });
                    d
                });
                self.diags.extend(diags);
                (parsed.policy, size)
            }
            JsonValue::Object(_) => {
                let parsed = crate::policy::parse::parse_node(node, self.file.clone(), kind);
                let size = crate::policy::limits::iam_size(node.span.slice(self.text));
                for mut d in parsed.diagnostics {
                    d.path = path.join(&d.path);
                    if d.span.is_none() {
                        d.span = Some(node.span);
                    }
                    self.diags.push(d);
                }
                (parsed.policy, size)
            }
            other => {
                self.error_help(
                    "wrong-type",
                    format!(
                        "a policy document must be a JSON object or a string holding one, found {}",
                        other.type_name()
                    ),
                    Some(
                        "write the policy as `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`"
                            .into(),
                    ),
                    path,
                    node.span,
                );
                (None, 0)
            }
        };
        (
            Attached {
                origin,
                policy: parsed.map(Arc::new),
            },
            size,
        )
    }
}

/// An origin for a policy written in the scenario at `path`.
pub fn origin(
    path: &JsonPath,
    name: String,
    arn: Option<String>,
    attached_to: Option<String>,
) -> PolicyOrigin {
    PolicyOrigin {
        id: path.to_string(),
        name,
        arn,
        attached_to,
    }
}
