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

/// What the catalogue says about one action name, as a request or a `call` step writes it.
pub enum Lookup<'c> {
    /// The catalogue lists it.
    Known(&'c Service, &'c Action),
    /// The service is known, the action is not.
    UnknownAction {
        /// The service.
        service: &'c Service,
        /// The closest action of the service, in AWS's casing (`s3:GetObject`).
        suggestion: Option<String>,
    },
    /// The service prefix is not known.
    UnknownService {
        /// The prefix as written.
        prefix: String,
        /// The closest service's action of the same name (`s3:GetObject` for
        /// `s4:getobject`), else the closest prefix (`s3`).
        suggestion: Option<String>,
    },
    /// Not `service:Name` at all.
    NotAnAction,
}

/// Looks `action` up in `cat`.
pub fn lookup<'c>(cat: &'c Catalogue, action: &str) -> Lookup<'c> {
    let Some((prefix, name)) = action.split_once(':') else {
        return Lookup::NotAnAction;
    };
    if prefix.is_empty() || name.is_empty() {
        return Lookup::NotAnAction;
    }
    match cat.service(prefix) {
        Some(service) => match service.action(name) {
            Some(a) => Lookup::Known(service, a),
            None => Lookup::UnknownAction {
                service,
                suggestion: service
                    .closest_action(name)
                    .map(|a| format!("{}:{}", service.prefix, a.name)),
            },
        },
        None => Lookup::UnknownService {
            prefix: prefix.to_string(),
            suggestion: cat.closest_service(prefix).map(|s| match s.action(name) {
                Some(a) => format!("{}:{}", s.prefix, a.name),
                None => s.prefix.to_string(),
            }),
        },
    }
}

/// `action` in AWS's casing (`s3:getobject` → `s3:GetObject`) when an installed catalogue
/// lists it.
pub fn canonical(action: &str) -> Option<String> {
    match lookup(catalogue::installed()?, action) {
        Lookup::Known(s, a) => Some(format!("{}:{}", s.prefix, a.name)),
        _ => None,
    }
}

/// The sentence saying that `action` is not in the catalogue (no final period, no quotes), or
/// `None` when it is (or is no action at all).
pub fn not_listed(cat: &Catalogue, action: &str, found: &Lookup<'_>) -> Option<String> {
    let reference = format!(
        "AWS's Service Authorization Reference, as listed by {}",
        cat.dataset
    );
    match found {
        Lookup::UnknownAction { service, .. } => Some(format!(
            "{action} is not an action of {} in {reference}",
            service.name
        )),
        Lookup::UnknownService { prefix, .. } => Some(format!(
            "{action} is not an action in {reference}: it lists no service with the prefix {prefix}"
        )),
        _ => None,
    }
}

/// The catalogue's view of one traced request.
pub struct Catalogued<'c> {
    cat: &'c Catalogue,
    /// The request's action as written.
    written: &'c str,
    /// The request's resource.
    resource: &'c str,
    found: Lookup<'c>,
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

    /// The request's action in AWS's casing, its service and access levels (or why the
    /// catalogue does not list it), and the action in AWS's casing as the request's `action`.
    pub fn request(&self, summary: &mut RequestSummary) {
        let dataset = self.cat.dataset.clone();
        let info = match &self.found {
            Lookup::Known(s, a) => {
                let name = format!("{}:{}", s.prefix, a.name);
                let written = (name != self.written).then(|| self.written.to_string());
                summary.action = name;
                ActionInfo {
                    written,
                    service: s.prefix.to_string(),
                    service_name: Some(s.name.to_string()),
                    access_levels: a.access.levels().map(|l| l.name()).collect(),
                    not_listed: None,
                    did_you_mean: None,
                    dataset,
                }
            }
            Lookup::UnknownAction {
                service,
                suggestion,
            } => ActionInfo {
                written: None,
                service: service.prefix.to_string(),
                service_name: Some(service.name.to_string()),
                access_levels: Vec::new(),
                not_listed: not_listed(self.cat, self.written, &self.found),
                did_you_mean: suggestion.clone(),
                dataset,
            },
            Lookup::UnknownService { prefix, suggestion } => ActionInfo {
                written: None,
                service: prefix.clone(),
                service_name: None,
                access_levels: Vec::new(),
                not_listed: not_listed(self.cat, self.written, &self.found),
                did_you_mean: suggestion.clone(),
                dataset,
            },
            Lookup::NotAnAction => return,
        };
        summary.action_info = Some(info);
    }

    /// The reason, with what the catalogue says when it does not list the action.
    pub fn reason(&self, reason: String) -> String {
        let Some(sentence) = not_listed(self.cat, self.written, &self.found) else {
            return reason;
        };
        let hint = match &self.found {
            Lookup::UnknownAction {
                suggestion: Some(s),
                ..
            }
            | Lookup::UnknownService {
                suggestion: Some(s),
                ..
            } => format!("; did you mean {s}?"),
            _ => String::new(),
        };
        format!("{reason} ({sentence}; AWS matches an action it does not know as plain text{hint})")
    }

    /// Annotates every statement of the policy `pt` traces (`np`).
    pub fn policy(&self, np: &NamedPolicy<'_>, pt: &mut PolicyTrace) {
        for st in &mut pt.statements {
            count_wildcards(self.cat, &mut st.action);
            let (Some(res), true) = (&mut st.resource, st.action.matched) else {
                continue;
            };
            if res.matched || res.element != "Resource" {
                continue;
            }
            let Lookup::Known(service, action) = &self.found else {
                continue;
            };
            let Some(stmt) = statement(np, st.index) else {
                continue;
            };
            res.note = mismatch(service, action, stmt, self.resource);
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

/// The statement at `index` of `np`.
fn statement<'p>(np: &NamedPolicy<'p>, index: usize) -> Option<&'p Statement> {
    let policy = np.policy;
    policy
        .statements
        .get(index)
        .filter(|s| s.index == index)
        .or_else(|| policy.statements.iter().find(|s| s.index == index))
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
    if types.is_empty() && resource == "*" {
        return None;
    }
    if types.is_empty() {
        return Some(format!(
            "{name} acts on no resource type: only \"Resource\": \"*\" matches its requests"
        ));
    }
    let listed: Vec<String> = types
        .iter()
        .map(|t| format!("{}: {}", t.name, t.arns.join(" or ")))
        .collect();
    Some(format!(
        "this statement's resources are not a resource type {name} acts on ({})",
        listed.join(", ")
    ))
}
