//! Policy documents in exports: a JSON object (what the AWS CLI prints for IAM), a
//! URL-encoded JSON string (what the raw IAM API returns: percent-decoded, then parsed), or a
//! JSON string (resource policies, SCP content). Each is checked as its policy kind; errors
//! (what IAM would refuse) are located in the export file, and the document is kept as it is,
//! so the scenario reports it too and the steps that depend on it are not evaluated.

use super::{Importer, Loc};
use crate::diag::Diagnostic;
use crate::json::{map_string_offset, JsonNode, JsonPath, JsonValue};
use crate::policy::model::PolicyKind;
use crate::source::{LineIndex, Span};
use serde_json::Value;
use std::sync::Arc;

/// Reads the policy document at `node` (`path` in file `src`) as `kind`. `None` when the value
/// cannot be a policy document at all (then a warning says so).
pub fn document(
    imp: &mut Importer,
    src: usize,
    node: &JsonNode,
    path: &JsonPath,
    kind: PolicyKind,
) -> Option<Value> {
    let file = imp.text(src);
    match &node.value {
        JsonValue::Object(_) => {
            let parsed = crate::policy::parse::parse_node_with(node, file, kind, false);
            for d in parsed.diagnostics.into_iter().filter(Diagnostic::is_error) {
                let span = d.span.unwrap_or(node.span);
                let p = path.join(&d.path);
                imp.diags.push((src, with_place(d, p, span)));
            }
            Some(node.to_serde())
        }
        JsonValue::String(s) if s.trim_start().starts_with('{') => {
            let (value, diags) = parse_text(s, kind);
            for d in diags {
                let span = match d.span {
                    Some(sp) => Span::new(
                        map_string_offset(&file, node.span, sp.start as usize),
                        map_string_offset(&file, node.span, sp.end as usize),
                    ),
                    None => node.span,
                };
                let p = path.join(&d.path);
                imp.diags.push((src, with_place(d, p, span)));
            }
            Some(value.unwrap_or_else(|| Value::String(s.clone())))
        }
        JsonValue::String(s) => {
            let loc = Loc {
                src,
                path: path.clone(),
                span: node.span,
            };
            let Some(decoded) = super::files::percent_decode(s) else {
                imp.error(
                    &loc,
                    "policy-not-decodable",
                    "the policy document is neither JSON nor URL-encoded JSON".into(),
                    Some("export the document as the AWS CLI prints it (`--output json`)".into()),
                );
                return Some(Value::String(s.clone()));
            };
            let (value, diags) = parse_text(&decoded, kind);
            let index = LineIndex::new(&decoded);
            for d in diags {
                let at = d
                    .span
                    .map(|sp| index.position(&decoded, sp.start))
                    .map(|p| {
                        format!(
                            " (line {}, column {} of the URL-decoded document)",
                            p.line, p.column
                        )
                    })
                    .unwrap_or_default();
                let inner = d.path.clone();
                let mut d = with_place(d, path.join(&inner), node.span);
                d.message = format!("{}{at}", d.message);
                imp.diags.push((src, d));
            }
            Some(value.unwrap_or(Value::String(decoded)))
        }
        other => {
            imp.warn(
                &Loc {
                    src,
                    path: path.clone(),
                    span: node.span,
                },
                "not-a-policy",
                format!(
                    "a policy document must be a JSON object or a string holding one, found {}",
                    other.type_name()
                ),
                None,
            );
            None
        }
    }
}

fn with_place(mut d: Diagnostic, path: JsonPath, span: Span) -> Diagnostic {
    d.path = path;
    d.span = Some(span);
    d
}

/// Parses policy text: the document as JSON when it is JSON, and every error.
fn parse_text(text: &str, kind: PolicyKind) -> (Option<Value>, Vec<Diagnostic>) {
    let parsed = crate::json::parse(text);
    let mut errors: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let Some(node) = parsed.node else {
        return (None, errors);
    };
    let checked = crate::policy::parse::parse_node_with(&node, Arc::from(text), kind, false);
    errors.extend(checked.diagnostics.into_iter().filter(Diagnostic::is_error));
    (Some(node.to_serde()), errors)
}
