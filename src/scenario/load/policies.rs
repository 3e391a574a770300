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
        self.documents.push(path.clone());
        let id = path.to_string();
        let slice = node.span.slice(self.text);
        let pasted = matches!(node.value, JsonValue::String(_));
        let file = self.file.clone();
        if let Some(hit) = self
            .cache
            .as_deref_mut()
            .and_then(|c| c.get(&id, kind, (node.span.start, slice), &file, pasted))
        {
            self.diags.extend(hit.diagnostics);
            return self.attached(node, path, kind, origin, hit.policy, hit.size);
        }
        let first_diag = self.diags.len();
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
        let policy = parsed.map(Arc::new);
        if let Some(c) = self.cache.as_deref_mut() {
            let diags = self.diags.get(first_diag..).unwrap_or_default().to_vec();
            c.put(
                &id,
                kind,
                node.span.start,
                slice,
                (policy.clone(), diags, size),
            );
        }
        self.attached(node, path, kind, origin, policy, size)
    }

    /// The document as the scenario holds it; trust and resource-based policies are queued
    /// for the check of the principals they name.
    fn attached(
        &mut self,
        node: &JsonNode,
        path: &JsonPath,
        kind: PolicyKind,
        origin: PolicyOrigin,
        policy: Option<Arc<crate::policy::model::Policy>>,
        size: usize,
    ) -> (Attached, usize) {
        if let (Some(p), PolicyKind::Trust | PolicyKind::Resource) = (&policy, kind) {
            let pasted = matches!(node.value, JsonValue::String(_)).then_some(node.span);
            self.principal_checks
                .push((path.clone(), pasted, p.clone()));
        }
        (Attached { origin, policy }, size)
    }

    /// IAM refuses a resource-based or trust policy naming a user or role that does not
    /// exist ("Invalid principal in policy"): checked for the scenario's own accounts.
    pub fn check_principals(&mut self, accounts: &[crate::scenario::model::Account]) {
        use crate::policy::model::PrincipalType;
        use crate::scenario::arn::{parse_iam, IamArn};
        let checks = std::mem::take(&mut self.principal_checks);
        let known = crate::scenario::world::identity_arns(accounts);
        let ix = crate::scenario::world::Index::build(accounts);
        for (path, pasted, policy) in checks {
            for st in &policy.statements {
                let Some(pe) = &st.principal else { continue };
                for v in pe.values.iter().filter(|v| v.kind == PrincipalType::Aws) {
                    let arn = v.value.value.as_str();
                    let (account, exists) = match parse_iam(arn) {
                        Some(IamArn::User { account, .. }) => {
                            let e = ix.user(arn).is_some();
                            (account, e)
                        }
                        Some(IamArn::Role { account, .. }) => {
                            let e = ix.role(arn).is_some();
                            (account, e)
                        }
                        _ => continue,
                    };
                    if exists || ix.account(&account).is_none() {
                        continue;
                    }
                    let span = match pasted {
                        Some(string_span) => Span::new(
                            map_string_offset(self.text, string_span, v.value.span.start as usize),
                            map_string_offset(self.text, string_span, v.value.span.end as usize),
                        ),
                        None => v.value.span,
                    };
                    let help = crate::diag::did_you_mean(arn, known.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| Some(format!("declare it in account {account}, or name the account (`arn:aws:iam::{account}:root`)")));
                    self.error_help(
                        "invalid-principal",
                        format!("`{arn}` does not exist in account {account}: IAM refuses the policy (\"Invalid principal in policy\")"),
                        help,
                        &path.key("Statement").index(st.index).key("Principal"),
                        span,
                    );
                }
            }
        }
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
