//! Checking a `call` step's action against AWS's catalogue of actions, once one is installed:
//! an action or service prefix the catalogue does not list is a warning on the step's `call`
//! string, with a "did you mean". Never an error: AWS matches an action it does not know as
//! plain text, and the step is evaluated the same way.

use super::fields::Located;
use super::Loader;
use crate::diag::Diagnostic;
use crate::eval::catalogued::lookup;

/// What the help adds after the "did you mean": why the step still runs.
const PLAIN_TEXT: &str = "the step is still evaluated: AWS matches an action it does not know as plain text, so only a policy pattern that matches this text (such as `*`) applies to it";

impl Loader<'_> {
    /// Warns when the installed catalogue does not list `action` (a `call` step's action,
    /// already known to be `service:Name`).
    pub fn catalogued_action(&mut self, action: &Located) {
        let Some(cat) = crate::catalogue::installed() else {
            return;
        };
        let Some(found) = lookup(cat, &action.value) else {
            return;
        };
        let (code, message) = match (found.service, found.action) {
            (_, Some(_)) => return,
            (Some(service), None) => (
                "unknown-action",
                format!(
                    "`{}` is not an action of {} in AWS's Service Authorization Reference (as listed by {})",
                    action.value, service.name, cat.dataset
                ),
            ),
            (None, None) => (
                "unknown-service",
                format!(
                    "`{}` is not a service prefix in AWS's Service Authorization Reference (as listed by {})",
                    found.prefix, cat.dataset
                ),
            ),
        };
        let help = match found.suggestion {
            Some(s) => format!("did you mean `{s}`? {PLAIN_TEXT}"),
            None => PLAIN_TEXT.to_string(),
        };
        self.diags.push(
            Diagnostic::warning(code, message)
                .with_help(help)
                .at(action.path.clone(), action.span),
        );
    }
}
