//! What AWS's catalogue of actions adds to a trace: only on the traced path, and only once a
//! catalogue is installed (without one the trace is exactly what the evaluator built).
//!
//! - The request's action in AWS's casing, its service and access level(s) ([`ActionInfo`]);
//!   for an action the catalogue does not list, a sentence saying so (naming the dataset) and
//!   a "did you mean", which the reason carries too. The decision does not change: AWS matches
//!   an action it does not know as plain text, and so does the engine.
//! - How many actions each wildcard action pattern that matched covers (`s3:Get*`).
//! - For a statement whose `Resource` did not match: whether none of its patterns could name a
//!   resource of a type the request's action acts on (`s3:GetObject` on a bucket ARN).
//!
//! The catalogue's source is AWS's "Actions, resources, and condition keys for AWS services"
//! (the Service Authorization Reference).

use super::inputs::{NamedPolicy, OrgLevel};
use super::trace::{ActionInfo, ElementTrace, LevelTrace, PolicyTrace, RequestSummary};
use crate::catalogue::{self, Action, Catalogue, Service};
use crate::policy::model::Statement;
use std::fmt::Write as _;

/// What the catalogue says about one action name (`service:Name`), as a request or a `call`
/// step writes it.
pub struct Lookup<'c> {
    /// The service prefix as written.
    pub prefix: &'c str,
    /// The service, when the catalogue lists the prefix.
    pub service: Option<&'c Service>,
    /// The action, when the catalogue lists it.
    pub action: Option<&'c Action>,
    /// When it does not: the closest action it lists (`s3:GetObject` for `s3:GetObjects`, or
    /// for `s4:GetObject` the closest service's action of that name), else the closest
    /// service prefix (`s3`).
    pub suggestion: Option<String>,
}

/// Looks `action` up in `cat`; `None` when it is not `service:Name` at all.
pub fn lookup<'c>(cat: &'c Catalogue, action: &'c str) -> Option<Lookup<'c>> {
    let (prefix, name) = action.split_once(':')?;
    if prefix.is_empty() || name.is_empty() {
        return None;
    }
    let service = cat.service(prefix);
    let found = service.and_then(|s| s.action(name));
    let suggestion = match (found, service) {
        (Some(_), _) => None,
        (None, Some(s)) => s
            .closest_action(name)
            .map(|a| format!("{}:{}", s.prefix, a.name)),
        (None, None) => cat.closest_service(prefix).map(|s| match s.action(name) {
            Some(a) => format!("{}:{}", s.prefix, a.name),
            None => s.prefix.to_string(),
        }),
    };
    Some(Lookup {
        prefix,
        service,
        action: found,
        suggestion,
    })
}

impl Lookup<'_> {
    /// The action in AWS's casing (`s3:GetObject`), when the catalogue lists it.
    pub fn canonical(&self) -> Option<String> {
        let (s, a) = (self.service?, self.action?);
        Some(format!("{}:{}", s.prefix, a.name))
    }

    /// The sentence saying that `action` (this lookup's) is not in `cat` (no final period, no
    /// quotes), or `None` when it is.
    pub fn not_listed(&self, cat: &Catalogue, action: &str) -> Option<String> {
        if self.action.is_some() {
            return None;
        }
        let reference = format!(
            "AWS's Service Authorization Reference, as listed by {}",
            cat.dataset
        );
        Some(match self.service {
            Some(s) => format!("{action} is not an action of {} in {reference}", s.name),
            None => format!(
                "{action} is not an action in {reference}: it lists no service with the prefix {}",
                self.prefix
            ),
        })
    }
}

/// `action` in AWS's casing (`s3:getobject` → `s3:GetObject`) when an installed catalogue
/// lists it.
pub fn canonical(action: &str) -> Option<String> {
    let (s, a) = catalogue::installed()?.action(action)?;
    Some(format!("{}:{}", s.prefix, a.name))
}

/// The catalogue's view of one traced request.
pub struct Catalogued<'c> {
    cat: &'c Catalogue,
    /// The request's action as written.
    written: &'c str,
    /// The request's resource.
    resource: &'c str,
    found: Option<Lookup<'c>>,
}

impl<'c> Catalogued<'c> {
    /// `cat`'s view of a request for `action` on `resource`.
    pub fn with(cat: &'c Catalogue, action: &'c str, resource: &'c str) -> Self {
        Catalogued {
            cat,
            written: action,
            resource,
            found: lookup(cat, action),
        }
    }

    /// Sets the request's `actionInfo` (its service and access levels, or why the catalogue
    /// does not list it) and writes its `action` in AWS's casing.
    pub fn request(&self, summary: &mut RequestSummary) {
        let Some(l) = &self.found else {
            return;
        };
        let mut written = None;
        if let Some(name) = l.canonical().filter(|n| n != self.written) {
            written = Some(std::mem::replace(&mut summary.action, name));
        }
        summary.action_info = Some(ActionInfo {
            written,
            service: l.service.map_or(l.prefix, |s| &s.prefix).to_string(),
            service_name: l.service.map(|s| s.name.to_string()),
            access_levels: l
                .action
                .map(|a| a.access.levels().map(|x| x.name()).collect())
                .unwrap_or_default(),
            not_listed: l.not_listed(self.cat, self.written),
            did_you_mean: l.suggestion.clone(),
            dataset: self.cat.dataset.clone(),
        });
    }

    /// The reason, with what the catalogue says when it does not list the action.
    pub fn reason(&self, reason: String) -> String {
        let Some(l) = &self.found else {
            return reason;
        };
        let Some(sentence) = l.not_listed(self.cat, self.written) else {
            return reason;
        };
        let hint = match &l.suggestion {
            Some(s) => format!("; did you mean {s}?"),
            None => String::new(),
        };
        format!("{reason} ({sentence}; AWS matches an action it does not know as plain text{hint})")
    }

    /// Annotates every statement of the policy `pt` traces (`np`).
    pub fn policy(&self, np: &NamedPolicy<'_>, pt: &mut PolicyTrace) {
        let known = self
            .found
            .as_ref()
            .and_then(|l| Some((l.service?, l.action?)));
        for st in &mut pt.statements {
            count_wildcards(self.cat, &mut st.action);
            let (Some(res), true, Some((service, action))) =
                (&mut st.resource, st.action.matched, known)
            else {
                continue;
            };
            if res.matched || res.element != "Resource" {
                continue;
            }
            if let Some(stmt) = np.policy.statements.iter().find(|s| s.index == st.index) {
                res.note = mismatch(service, action, stmt, self.resource);
            }
        }
    }

    /// Annotates the policies of organization levels.
    pub fn levels(&self, src: &[OrgLevel<'_>], levels: &mut [LevelTrace]) {
        for (lt, lv) in levels.iter_mut().zip(src) {
            for (pt, np) in lt.policies.iter_mut().zip(&lv.policies) {
                self.policy(np, pt);
            }
        }
    }
}

/// Sets how many actions each matching wildcard pattern of `el` covers.
fn count_wildcards(cat: &Catalogue, el: &mut ElementTrace) {
    for p in el.patterns.iter_mut().filter(|p| p.matches) {
        if p.pattern.contains(['*', '?']) {
            p.covers = Some(covered(cat, &p.pattern));
        }
    }
}

/// How many actions of `cat` the action pattern `pattern` covers.
pub fn covered(cat: &Catalogue, pattern: &str) -> usize {
    if pattern == "*" {
        return cat.services.iter().map(|s| s.actions.len()).sum();
    }
    cat.matching_actions(pattern).count()
}

/// When no `Resource` pattern of `stmt` could name a resource of a type `action` acts on, the
/// sentence that says so, with the types it acts on. For an action that acts on no resource
/// type, requested on `"*"`, the pattern's own miss already says that only `"*"` matches.
fn mismatch(
    service: &Service,
    action: &Action,
    stmt: &Statement,
    resource: &str,
) -> Option<String> {
    let patterns = &stmt.resource.as_ref()?.patterns;
    let types: Vec<&catalogue::ResourceType> = action
        .resource_types
        .iter()
        .filter_map(|(i, _)| service.resource_type_at(*i))
        .collect();
    let could = |p: &str| types.iter().any(|t| t.could_match(p));
    if patterns.is_empty() || patterns.iter().any(|p| could(&p.value)) {
        return None;
    }
    let name = format!("{}:{}", service.prefix, action.name);
    if types.is_empty() {
        return (resource != "*").then(|| {
            format!(
                "{name} acts on no resource type: only \"Resource\": \"*\" matches its requests"
            )
        });
    }
    let mut out = format!("this statement's resources are not a resource type {name} acts on (");
    for (i, t) in types.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(out, "{sep}{}: {}", t.name, t.arns.join(" or "));
    }
    out.push(')');
    Some(out)
}
