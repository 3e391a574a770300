//! Loading `awsManagedPolicies`: documents of AWS managed policies that the scenario carries
//! itself (an import embeds the ones an account export holds), by ARN. A reference to such an
//! ARN resolves to this document, before the documents the project ships.

use super::fields::Obj;
use super::policies::origin;
use super::Loader;
use crate::json::{JsonNode, JsonPath};
use crate::policy::model::PolicyKind;

const FIELDS: [&str; 2] = ["arn", "document"];

impl Loader<'_> {
    /// Loads every `{arn, document}` entry into [`Loader::aws_documents`].
    pub fn aws_documents(&mut self, nodes: &[JsonNode], path: &JsonPath) {
        for (i, node) in nodes.iter().enumerate() {
            let p = path.index(i);
            let Some(o) = self.object(node, &p, &FIELDS, "an AWS managed policy") else {
                continue;
            };
            self.aws_document(&o);
        }
    }

    fn aws_document(&mut self, o: &Obj<'_>) {
        let Some(arn) = self.req_string(o, "arn", "an AWS managed policy") else {
            return;
        };
        let name = arn.value.rsplit('/').next().unwrap_or("").to_string();
        if !arn.value.starts_with(crate::managed::ARN_PREFIX) || name.is_empty() {
            self.error_help(
                "bad-policy-arn",
                format!("`{}` is not an AWS managed policy ARN", arn.value),
                Some(format!(
                    "AWS managed policy ARNs start with `{}`, e.g. `arn:aws:iam::aws:policy/ReadOnlyAccess`",
                    crate::managed::ARN_PREFIX
                )),
                &arn.path,
                arn.span,
            );
            return;
        }
        if self.aws_documents.contains_key(&arn.value) {
            self.error(
                "duplicate-aws-managed-policy",
                format!("AWS managed policy `{}` is listed twice", arn.value),
                &arn.path,
                arn.span,
            );
            return;
        }
        let Some(doc) = o.get("document") else {
            self.error(
                "missing-field",
                "an AWS managed policy needs a `document`".into(),
                &o.path,
                o.span,
            );
            return;
        };
        let dp = o.at("document");
        // AWS managed documents are parsed as identity policies whatever they are attached as
        // (see `crate::managed`), and are not bound by customer managed size limits.
        let (attached, _) = self.policy(
            doc,
            &dp,
            PolicyKind::Identity,
            origin(&dp, name, Some(arn.value.clone()), None),
        );
        self.aws_documents.insert(arn.value, attached);
    }
}
