//! Questions asked of a whole world rather than of one scenario's steps.
//!
//! - [`who_can`]: which principals (users, root users, roles, and every session reachable
//!   through `sts:AssumeRole` chains) can perform an action on a resource, and by which path;
//! - [`reach`]: the reverse, everything one principal can reach: the roles it can assume,
//!   transitively, and what it and those roles can do on the world's resources.
//!
//! Every answer is a path the engine decided hop by hop: it is run once more with full traces
//! to name each hop's decisive statements, and carries the scenario steps that reproduce it,
//! so the playground can open it and explain it. Conditions a caller controls (MFA,
//! ExternalId, source identity, session tags, source address, request keys) are never assumed
//! true or false: an answer that needs one lists it as "if …", and a principal blocked only by
//! conditions the query could not satisfy is listed as `unsettled`.

pub mod diff;
pub mod graph;
pub mod knobs;
pub mod path;
pub mod probe;
pub mod text;

use crate::eval::request::ContextValue;
use crate::scenario::model::Scenario;
use crate::scenario::world::{Ownership, ResourceInfo};
use graph::{node_arn, node_of, Graph, Node};
use knobs::Candidate;
use path::{Call, Condition, Hop, Path, Start};
use probe::{Prober, Verdict};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The longest chain of roles a query follows by default.
pub const DEFAULT_MAX_HOPS: usize = 4;

/// How many answers a query details by default (the rest are counted).
pub const DEFAULT_LIMIT: usize = 500;

/// A who-can question.
#[derive(Debug, Clone)]
pub struct WhoCanQuery {
    /// The action (`s3:GetObject`).
    pub action: String,
    /// The resource ARN (or `*`).
    pub resource: String,
    /// The longest chain of roles to follow.
    pub max_hops: usize,
    /// Context keys fixed for the final call (`None` removes a key).
    pub context: Vec<(String, Option<ContextValue>)>,
    /// How many answers to detail.
    pub limit: usize,
}

impl Default for WhoCanQuery {
    fn default() -> Self {
        WhoCanQuery {
            action: String::new(),
            resource: "*".into(),
            max_hops: DEFAULT_MAX_HOPS,
            context: Vec::new(),
            limit: DEFAULT_LIMIT,
        }
    }
}

/// One principal that can, and how.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The principal: a user, an account root, or a role (whose sessions can).
    pub principal: String,
    /// `user`, `root` or `role`.
    pub principal_kind: String,
    /// The services that can use the role, when it is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
    /// The final decision when the path was run (`allowed`).
    pub decision: String,
    /// How many roles the path assumes.
    pub depth: usize,
    /// What the caller must do, step by step ("if …"); empty when nothing.
    pub conditions: Vec<Condition>,
    /// The path, hop by hop, with each hop's decisive statements.
    pub hops: Vec<Hop>,
    /// The path as scenario steps (`as`, `assumeRole`…, `call`), each expected `allowed`;
    /// empty for a role no principal of the world can be shown assuming.
    pub steps: Vec<serde_json::Value>,
    /// Why `steps` is empty, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A principal that might, if it met conditions the query could not settle.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unsettled {
    /// The principal.
    pub principal: String,
    /// The role it would assume, or the resource it would call.
    pub target: String,
    /// The decision without meeting them.
    pub decision: String,
    /// The conditions in the policies involved that the caller controls.
    pub conditions: Vec<String>,
    /// The decision when the caller meets all of them (still not `allowed`).
    pub with_conditions: String,
}

/// A principal outside the world that a role's trust policy names.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct External {
    /// The principal (an ARN, or an account's root ARN for "any principal of the account").
    pub principal: String,
    /// The role it is trusted by.
    pub role: String,
    /// In words.
    pub text: String,
}

/// Counts.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Principals in the world (users, root users, roles).
    pub principals: usize,
    /// Evaluations the engine ran.
    pub evaluations: usize,
    /// Principals that can.
    pub answers: usize,
    /// Answers detailed (at most the query's limit).
    pub listed: usize,
    /// Answers that need a condition met (all answers, listed or not).
    pub conditional: usize,
    /// Principals listed under `unsettled`, and those left out past the limit.
    pub unsettled: usize,
    /// Assume-role edges that lead back into a chain already found (cycles, followed once).
    pub cycles: usize,
    /// Whether longer chains than `maxHops` may exist.
    pub depth_limited: bool,
}

/// The question, echoed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEcho {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The longest chain followed.
    pub max_hops: usize,
}

/// The answer to a who-can question.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCanAnswer {
    /// The question.
    pub query: QueryEcho,
    /// Who can, users first, then roots, then roles; shortest paths first.
    pub answers: Vec<Answer>,
    /// Who might, under conditions the query could not settle.
    pub unsettled: Vec<Unsettled>,
    /// Principals outside the world that trust policies on the way let in.
    pub external: Vec<External>,
    /// What the world does not say and the answer would need.
    pub missing: Vec<String>,
    /// Counts.
    pub summary: Summary,
}

#[derive(Debug, Clone)]
struct Link {
    next: Option<(usize, usize)>,
    knobs: Vec<Candidate>,
    depth: usize,
}

fn all_nodes(sc: &Scenario) -> Vec<Node> {
    let mut out = Vec::new();
    for (ai, a) in sc.accounts.iter().enumerate() {
        out.extend((0..a.users.len()).map(|ui| Node::User(ai, ui)));
        out.push(Node::Root(ai));
        out.extend((0..a.roles.len()).map(|ri| Node::Role(ai, ri)));
    }
    out
}

fn kind_word(n: Node) -> &'static str {
    match n {
        Node::User(..) => "user",
        Node::Root(_) => "root",
        Node::Role(..) => "role",
    }
}

fn kind_rank(n: Node) -> u8 {
    match n {
        Node::User(..) => 0,
        Node::Root(_) => 1,
        Node::Role(..) => 2,
    }
}

/// What the world lacks to settle a request on `resource`.
fn resource_gaps(info: &ResourceInfo<'_>, resource: &str, missing: &mut Vec<String>) {
    if info.entry.is_some() || info.ownership == Ownership::Entity || resource == "*" {
        return;
    }
    let service = crate::scenario::arn::parse(resource)
        .map(|a| a.service.to_string())
        .unwrap_or_default();
    if matches!(
        service.as_str(),
        "s3" | "kms" | "sqs" | "sns" | "lambda" | "secretsmanager"
    ) {
        missing.push(format!(
            "{resource} is not declared in the world: if it has a resource-based policy, the answer does not include it (export it and import it again to settle this)"
        ));
    }
}

fn unsettled_entry(sc: &Scenario, n: Node, target: &str, v: &Verdict) -> Option<Unsettled> {
    match v {
        Verdict::Denied {
            decision,
            blocked,
            with_knobs,
        } if !blocked.is_empty() => Some(Unsettled {
            principal: node_arn(sc, n).unwrap_or_default(),
            target: target.to_string(),
            decision: decision.clone(),
            conditions: blocked.iter().map(|c| c.condition.clone()).collect(),
            with_conditions: with_knobs.clone(),
        }),
        _ => None,
    }
}

/// Whether following `next` links from `from` reaches `to` (an edge `to → from` closes a
/// cycle).
fn leads_to(link: &HashMap<Node, Link>, from: (usize, usize), to: Node) -> bool {
    let mut cur = Some(from);
    let mut guard = 0;
    while let Some(r) = cur {
        if Node::Role(r.0, r.1) == to {
            return true;
        }
        guard += 1;
        if guard > link.len() + 1 {
            return false;
        }
        cur = link.get(&Node::Role(r.0, r.1)).and_then(|l| l.next);
    }
    false
}

/// Who can perform `q.action` on `q.resource`, directly or through chains of roles.
pub fn who_can(sc: &Scenario, q: &WhoCanQuery) -> WhoCanAnswer {
    let mut g = Graph::build(sc);
    let mut pr = Prober::new(sc);
    let nodes = all_nodes(sc);
    let mut link: HashMap<Node, Link> = HashMap::new();
    let mut unsettled: Vec<Unsettled> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut external: Vec<External> = Vec::new();
    let mut summary = Summary {
        principals: nodes.len(),
        ..Summary::default()
    };
    let info = crate::scenario::world::resource(sc, &q.resource, None);
    resource_gaps(&info, &q.resource, &mut missing);
    // A root user's access to its own account's resources is certain only when the world
    // says who owns the resource; an undeclared S3 ARN's owner would be a guess.
    let owner_known = info.account.is_some();
    if !owner_known && q.resource != "*" {
        missing.push(format!(
            "the owner of {} is not known (declare the resource under its account): root users are not listed",
            q.resource
        ));
    }
    let mut grants = Grants::new(sc, &q.action, &q.resource, &info);
    for &n in &nodes {
        if matches!(n, Node::Root(_)) && !owner_known {
            continue;
        }
        if !grants.could_allow(sc, n) {
            continue;
        }
        let v = pr.call(n, None, &q.action, &q.resource, &q.context);
        match v {
            Verdict::Allowed(knobs) => {
                link.insert(
                    n,
                    Link {
                        next: None,
                        knobs,
                        depth: 0,
                    },
                );
            }
            ref denied => unsettled.extend(unsettled_entry(sc, n, &q.resource, denied)),
        }
    }
    let mut frontier: Vec<(usize, usize)> = nodes
        .iter()
        .filter_map(|n| match n {
            Node::Role(a, r) if link.contains_key(n) => Some((*a, *r)),
            _ => None,
        })
        .collect();
    let mut federated_seen: HashSet<(usize, usize)> = HashSet::new();
    for depth in 1..=q.max_hops {
        let mut next = Vec::new();
        for &role in &frontier {
            let callers = g.callers(sc, role);
            let role_arn = node_arn(sc, Node::Role(role.0, role.1)).unwrap_or_default();
            for x in &callers.external {
                external.push(External {
                    principal: x.clone(),
                    role: role_arn.clone(),
                    text: format!("{role_arn} trusts {x}, which is not in this world: its principals can assume the role when their own account's policies allow it, and then act as the role"),
                });
            }
            if !callers.federated.is_empty() && federated_seen.insert(role) {
                missing.push(format!(
                    "{role_arn} trusts federated principals ({}): web identity and SAML sessions are not simulated, so users arriving through them are not listed",
                    callers.federated.join(", ")
                ));
            }
            for c in callers.nodes {
                if link.contains_key(&c) {
                    if leads_to(&link, role, c) {
                        summary.cycles += 1;
                    }
                    continue;
                }
                let v = pr.hop(c, None, role);
                match v {
                    Verdict::Allowed(knobs) => {
                        link.insert(
                            c,
                            Link {
                                next: Some(role),
                                knobs,
                                depth,
                            },
                        );
                        if let Node::Role(a, r) = c {
                            next.push((a, r));
                        }
                    }
                    ref denied => unsettled.extend(unsettled_entry(sc, c, &role_arn, denied)),
                }
            }
        }
        frontier = next;
        if frontier.is_empty() {
            break;
        }
    }
    summary.depth_limited = !frontier.is_empty();
    let call = Call {
        action: q.action.clone(),
        resource: q.resource.clone(),
        knobs: Vec::new(),
        context: q.context.clone(),
    };
    let mut found: Vec<(Node, usize)> = link.iter().map(|(n, l)| (*n, l.depth)).collect();
    crate::sorting::sort_by_key(&mut found, |(n, d)| (kind_rank(*n), *d, *n));
    summary.answers = found.len();
    let mut entries = entry_paths(&link);
    let mut answers = Vec::new();
    for (n, depth) in found.into_iter().take(q.limit) {
        let (hops, call_knobs) = chain(&link, n);
        let mut p = Path {
            start: Start::Principal(n),
            hops,
            call: Some(Call {
                knobs: call_knobs,
                ..call.clone()
            }),
        };
        let mut used_by = Vec::new();
        let mut note = None;
        if let Node::Role(a, r) = n {
            used_by = g
                .trusts
                .get(&(a, r))
                .map(|t| t.services.clone())
                .unwrap_or_default();
            if used_by.is_empty() && !entries.contains_key(&(a, r)) {
                // No user's shortest path passes through this role: find a user who can
                // assume it directly.
                let callers = g.callers(sc, (a, r));
                for c in callers.nodes {
                    if let (Node::User(..), Verdict::Allowed(k)) = (c, pr.hop(c, None, (a, r))) {
                        entries.insert((a, r), (c, vec![((a, r), k)]));
                        break;
                    }
                }
            }
            p.start = match (used_by.first(), entries.get(&(a, r))) {
                (Some(s), _) => Start::Service(n, s.clone()),
                (None, Some((src, prefix))) => {
                    let mut hops = prefix.clone();
                    hops.extend(p.hops);
                    p.hops = hops;
                    Start::Principal(*src)
                }
                (None, None) => {
                    note = Some("no principal of this world can be shown assuming this role (see its trust policy); the path starts from a session of the role".to_string());
                    Start::Session(n)
                }
            };
        }
        let checked = p.check(sc);
        if checked.decision != "allowed" {
            unsettled.push(Unsettled {
                principal: node_arn(sc, n).unwrap_or_default(),
                target: q.resource.clone(),
                decision: checked.decision.clone(),
                conditions: vec![
                    "the path found for a session of the role does not hold when run from this start (session tags, source identity or MFA differ along the chain): open its steps to see the trace".into(),
                ],
                with_conditions: checked.decision.clone(),
            });
            continue;
        }
        answers.push(Answer {
            principal: node_arn(sc, n).unwrap_or_default(),
            principal_kind: kind_word(n).into(),
            used_by,
            decision: checked.decision,
            depth,
            conditions: checked.conditions,
            hops: checked.hops,
            steps: checked.steps,
            note,
        });
    }
    summary.listed = answers.len();
    // Conditional: the path needs a condition, counting for a role the way shown to take it
    // on (a service uses it, or a user's path), as the listed answers do.
    summary.conditional = link
        .keys()
        .filter(|n| {
            let (hops, call) = chain(&link, **n);
            let entry = match n {
                Node::Role(a, r)
                    if g.trusts
                        .get(&(*a, *r))
                        .is_none_or(|t| t.services.is_empty()) =>
                {
                    entries
                        .get(&(*a, *r))
                        .is_some_and(|(_, p)| p.iter().any(|(_, k)| !k.is_empty()))
                }
                _ => false,
            };
            entry || !call.is_empty() || hops.iter().any(|(_, k)| !k.is_empty())
        })
        .count();
    summary.unsettled = unsettled.len();
    unsettled.truncate(q.limit);
    summary.evaluations = pr.evaluations;
    external.dedup_by(|a, b| a.principal == b.principal && a.role == b.role);
    WhoCanAnswer {
        query: QueryEcho {
            action: q.action.clone(),
            resource: q.resource.clone(),
            max_hops: q.max_hops,
        },
        answers,
        unsettled,
        external,
        missing,
        summary,
    }
}

type Hops = Vec<((usize, usize), Vec<Candidate>)>;

/// Which principals some `Allow` statement could grant an action to: without one among the
/// principal's own policies or the resource's policy, a request can only be implicitly (or
/// explicitly) denied, so the engine is not asked. Root users and the actions AWS always
/// allows are always asked.
struct Grants<'a> {
    action: &'a str,
    /// Whether the action is one AWS always allows.
    always: bool,
    /// The principals named by the resource policy's (or trust policy's) `Allow`
    /// statements for the action (`PrincipalType::Aws` values; `"*"` for everyone).
    resource_principals: Vec<String>,
    /// Per policy document (by address): whether it has an `Allow` for the action.
    by_policy: HashMap<usize, bool>,
}

fn allows_action(p: &crate::policy::model::Policy, action: &str) -> bool {
    p.statements.iter().any(|st| {
        st.effect.value == crate::policy::model::Effect::Allow
            && (st.action.negated
                != st
                    .action
                    .patterns
                    .iter()
                    .any(|pat| crate::eval::pattern::action_matches(&pat.value, action)))
    })
}

impl<'a> Grants<'a> {
    fn new(sc: &Scenario, action: &'a str, resource: &str, info: &ResourceInfo<'_>) -> Self {
        let mut docs: Vec<&crate::scenario::model::Attached> = info
            .entry
            .and_then(|e| e.policy.as_ref())
            .into_iter()
            .collect();
        if let Some((_, r)) = crate::scenario::world::role_in(sc, resource) {
            docs.extend(r.trust.iter());
        }
        let mut resource_principals = Vec::new();
        for p in docs.iter().filter_map(|a| a.policy.as_deref()) {
            for st in &p.statements {
                let allows =
                    st.effect.value == crate::policy::model::Effect::Allow
                        && (st.action.negated
                            != st.action.patterns.iter().any(|pat| {
                                crate::eval::pattern::action_matches(&pat.value, action)
                            }));
                if !allows {
                    continue;
                }
                match &st.principal {
                    Some(pe) if !pe.negated => resource_principals.extend(
                        pe.values
                            .iter()
                            .filter(|v| {
                                matches!(
                                    v.kind,
                                    crate::policy::model::PrincipalType::Aws
                                        | crate::policy::model::PrincipalType::Any
                                )
                            })
                            .map(|v| v.value.value.clone()),
                    ),
                    _ => resource_principals.push("*".into()),
                }
            }
        }
        Grants {
            action,
            always: action.eq_ignore_ascii_case("sts:GetCallerIdentity"),
            resource_principals,
            by_policy: HashMap::new(),
        }
    }

    /// Whether the resource policy names `n` (by ARN, its role's session ARNs, its account,
    /// or everyone) in an `Allow` for the action.
    fn named_by_resource(&self, sc: &Scenario, n: Node) -> bool {
        if self.resource_principals.is_empty() {
            return false;
        }
        let arn = node_arn(sc, n).unwrap_or_default();
        let account = graph::account_of(sc, n).unwrap_or_default();
        let root = format!("arn:aws:iam::{account}:root");
        let session_prefix = match n {
            Node::Role(ai, ri) => sc
                .accounts
                .get(ai)
                .and_then(|a| a.roles.get(ri))
                .map(|r| format!("arn:aws:sts::{account}:assumed-role/{}/", r.name)),
            _ => None,
        };
        self.resource_principals.iter().any(|v| {
            v == "*"
                || *v == arn
                || *v == account
                || *v == root
                || session_prefix.as_deref().is_some_and(|p| v.starts_with(p))
        })
    }

    fn could_allow(&mut self, sc: &Scenario, n: Node) -> bool {
        if self.always || matches!(n, Node::Root(_)) || self.named_by_resource(sc, n) {
            return true;
        }
        let action = self.action;
        graph::identity_policies(sc, n)
            .into_iter()
            .filter_map(|a| a.policy.as_ref())
            .any(|p| {
                *self
                    .by_policy
                    .entry(std::sync::Arc::as_ptr(p) as usize)
                    .or_insert_with(|| allows_action(p, action))
            })
    }
}

/// The hops from `n` down its links, and the final call's knobs.
fn chain(link: &HashMap<Node, Link>, n: Node) -> (Hops, Vec<Candidate>) {
    let mut hops = Vec::new();
    let mut cur = link.get(&n);
    let mut guard = 0;
    while let Some(l) = cur {
        guard += 1;
        if guard > link.len() + 1 {
            break;
        }
        match l.next {
            Some(r) => {
                hops.push((r, l.knobs.clone()));
                cur = link.get(&Node::Role(r.0, r.1));
            }
            None => return (hops, l.knobs.clone()),
        }
    }
    (hops, Vec::new())
}

/// For each role on some user's path, the user (fewest hops first) and the hops from the
/// user to that role: how a role's answer shows someone taking it on.
fn entry_paths(link: &HashMap<Node, Link>) -> HashMap<(usize, usize), (Node, Hops)> {
    let mut users: Vec<(&Node, &Link)> = link
        .iter()
        .filter(|(n, _)| matches!(n, Node::User(..)))
        .collect();
    crate::sorting::sort_by_key(&mut users, |(n, l)| (l.depth, **n));
    let mut out: HashMap<(usize, usize), (Node, Hops)> = HashMap::new();
    for (u, _) in users {
        let (hops, _) = chain(link, *u);
        for i in 0..hops.len() {
            let Some((role, _)) = hops.get(i) else {
                continue;
            };
            let prefix: Hops = hops.iter().take(i + 1).cloned().collect();
            let longer = out.get(role).is_some_and(|(_, p)| p.len() <= prefix.len());
            if !longer {
                out.insert(*role, (*u, prefix));
            }
        }
    }
    out
}

/// A reach question: what can this principal get to.
#[derive(Debug, Clone)]
pub struct ReachQuery {
    /// The principal's ARN: a user, an account root, or a role (its sessions).
    pub principal: String,
    /// For a role: the service that uses it (`lambda.amazonaws.com`).
    pub via: Option<String>,
    /// Actions to ask about; empty: every action the world's policies name literally.
    pub actions: Vec<String>,
    /// Resources to ask about; empty: every resource the world declares.
    pub resources: Vec<String>,
    /// The longest chain of roles to follow.
    pub max_hops: usize,
    /// How many access entries to detail.
    pub limit: usize,
}

impl Default for ReachQuery {
    fn default() -> Self {
        ReachQuery {
            principal: String::new(),
            via: None,
            actions: Vec::new(),
            resources: Vec::new(),
            max_hops: DEFAULT_MAX_HOPS,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// A role the principal can reach.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReachedRole {
    /// The role.
    pub role: String,
    /// How many roles the path assumes (1: directly).
    pub depth: usize,
    /// What the caller must do ("if …").
    pub conditions: Vec<Condition>,
    /// The path, hop by hop.
    pub hops: Vec<Hop>,
    /// The path as scenario steps.
    pub steps: Vec<serde_json::Value>,
}

/// One thing the principal (or a role it reaches) can do.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The identity that can: the principal itself or a role it reaches.
    #[serde(rename = "as")]
    pub as_principal: String,
    /// `allowed`.
    pub decision: String,
    /// What the caller must do ("if …").
    pub conditions: Vec<Condition>,
    /// The path, hop by hop.
    pub hops: Vec<Hop>,
    /// The path as scenario steps.
    pub steps: Vec<serde_json::Value>,
}

/// The answer to a reach question.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReachAnswer {
    /// The principal.
    pub principal: String,
    /// The roles it can reach, fewest hops first.
    pub roles: Vec<ReachedRole>,
    /// What it and those roles can do on the resources asked about.
    pub access: Vec<Access>,
    /// Hops blocked only by conditions the query could not settle.
    pub unsettled: Vec<Unsettled>,
    /// What the world does not say and the answer would need.
    pub missing: Vec<String>,
    /// Counts (`answers`: access entries found).
    pub summary: Summary,
}

/// Literal action names in the world's policies (identity, trust, resource, boundary), for a
/// reach question that names none.
fn world_actions(sc: &Scenario) -> (Vec<String>, bool) {
    let mut out: Vec<String> = Vec::new();
    let mut wild = false;
    let mut seen = HashSet::new();
    let mut add = |p: &crate::policy::model::Policy, out: &mut Vec<String>, wild: &mut bool| {
        for st in &p.statements {
            if st.effect.value != crate::policy::model::Effect::Allow {
                continue;
            }
            for a in &st.action.patterns {
                if a.value.contains('*') || a.value.contains('?') || st.action.negated {
                    *wild = true;
                } else if seen.insert(a.value.to_ascii_lowercase()) {
                    out.push(a.value.clone());
                }
            }
        }
    };
    for d in graph::world_documents(sc) {
        if let Some(p) = &d.policy {
            add(p, &mut out, &mut wild);
        }
    }
    (out, wild)
}

/// Everything `q.principal` can reach: roles (transitively) and access on resources.
pub fn reach(sc: &Scenario, q: &ReachQuery) -> Result<ReachAnswer, String> {
    let Some(start) = node_of(sc, &q.principal) else {
        return Err(format!(
            "{} is not a user, role or account root of this world",
            q.principal
        ));
    };
    let g = Graph::build(sc);
    let mut pr = Prober::new(sc);
    let via = q.via.as_deref();
    let mut summary = Summary {
        principals: all_nodes(sc).len(),
        ..Summary::default()
    };
    let mut unsettled = Vec::new();
    let mut missing = Vec::new();
    // Forward breadth-first search: prev link per reached role.
    let mut prev: HashMap<(usize, usize), (Node, Vec<Candidate>, usize)> = HashMap::new();
    let mut frontier = vec![start];
    let mut depth_limited = false;
    for depth in 1..=q.max_hops.max(1) {
        let mut next = Vec::new();
        for &n in &frontier {
            if matches!(n, Node::Root(_)) {
                continue;
            }
            let hop_via = if n == start { via } else { None };
            for role in g.roles_trusting(sc, n) {
                if Node::Role(role.0, role.1) == start || prev.contains_key(&role) {
                    summary.cycles += usize::from(is_upstream(&prev, n, role));
                    continue;
                }
                let role_arn = node_arn(sc, Node::Role(role.0, role.1)).unwrap_or_default();
                match pr.hop(n, hop_via, role) {
                    Verdict::Allowed(k) => {
                        prev.insert(role, (n, k, depth));
                        next.push(Node::Role(role.0, role.1));
                    }
                    ref denied => unsettled.extend(unsettled_entry(sc, n, &role_arn, denied)),
                }
            }
        }
        frontier = next;
        if frontier.is_empty() {
            break;
        }
        if depth == q.max_hops {
            depth_limited = true;
        }
    }
    summary.depth_limited = depth_limited;
    let start_kind = match (start, via) {
        (Node::Role(..), Some(s)) => Start::Service(start, s.to_string()),
        (Node::Role(..), None) => Start::Session(start),
        _ => Start::Principal(start),
    };
    let hops_to = |role: (usize, usize)| -> Hops {
        let mut out = Vec::new();
        let mut cur = Some(role);
        let mut guard = 0;
        while let Some(r) = cur {
            guard += 1;
            if guard > prev.len() + 1 {
                break;
            }
            let Some((from, k, _)) = prev.get(&r) else {
                break;
            };
            out.push((r, k.clone()));
            cur = match from {
                Node::Role(a, b) if *from != start => Some((*a, *b)),
                _ => None,
            };
        }
        out.reverse();
        out
    };
    let mut reached: Vec<((usize, usize), usize)> =
        prev.iter().map(|(r, (_, _, d))| (*r, *d)).collect();
    crate::sorting::sort_by_key(&mut reached, |(r, d)| (*d, *r));
    let mut roles = Vec::new();
    for (r, d) in &reached {
        let p = Path {
            start: start_kind.clone(),
            hops: hops_to(*r),
            call: None,
        };
        let c = p.check(sc);
        roles.push(ReachedRole {
            role: node_arn(sc, Node::Role(r.0, r.1)).unwrap_or_default(),
            depth: *d,
            conditions: c.conditions,
            hops: c.hops,
            steps: c.steps,
        });
    }
    // Access on resources.
    let resources: Vec<String> = if q.resources.is_empty() {
        sc.accounts
            .iter()
            .flat_map(|a| a.resources.iter().map(|r| r.arn.clone()))
            .collect()
    } else {
        q.resources.clone()
    };
    let (catalogue, wild) = if q.actions.is_empty() {
        world_actions(sc)
    } else {
        (q.actions.clone(), false)
    };
    if wild {
        missing.push("actions the world's policies name with wildcards (such as s3:Get*) are not expanded without a catalogue of AWS actions: ask about one with an explicit action".into());
    }
    if resources.is_empty() {
        missing.push("the world declares no resources: name the resources to ask about".into());
    }
    let mut identities: Vec<(Node, Hops)> = vec![(start, Vec::new())];
    identities.extend(
        reached
            .iter()
            .map(|(r, _)| (Node::Role(r.0, r.1), hops_to(*r))),
    );
    let mut access = Vec::new();
    for res in &resources {
        let service = crate::scenario::arn::parse(res)
            .map(|a| a.service.to_ascii_lowercase())
            .unwrap_or_default();
        for action in &catalogue {
            let prefix = action.split(':').next().unwrap_or("").to_ascii_lowercase();
            if q.actions.is_empty() && prefix != service {
                continue;
            }
            for (who, hops) in &identities {
                let v = if *who == start {
                    pr.call(*who, via, action, res, &[])
                } else {
                    pr.call(*who, None, action, res, &[])
                };
                let Verdict::Allowed(k) = v else {
                    continue;
                };
                summary.answers += 1;
                if access.len() >= q.limit {
                    continue;
                }
                let p = Path {
                    start: start_kind.clone(),
                    hops: hops.clone(),
                    call: Some(Call {
                        action: action.clone(),
                        resource: res.clone(),
                        knobs: k,
                        context: Vec::new(),
                    }),
                };
                let c = p.check(sc);
                if c.decision != "allowed" {
                    continue;
                }
                summary.conditional += usize::from(!c.conditions.is_empty());
                access.push(Access {
                    action: action.clone(),
                    resource: res.clone(),
                    as_principal: node_arn(sc, *who).unwrap_or_default(),
                    decision: c.decision,
                    conditions: c.conditions,
                    hops: c.hops,
                    steps: c.steps,
                });
                // One identity that can is enough for this action and resource.
                break;
            }
        }
    }
    summary.listed = access.len();
    summary.evaluations = pr.evaluations;
    Ok(ReachAnswer {
        principal: q.principal.clone(),
        roles,
        access,
        unsettled,
        missing,
        summary,
    })
}

/// Whether `role` is on the chain that led to `n` (so the edge `n → role` closes a cycle).
fn is_upstream(
    prev: &HashMap<(usize, usize), (Node, Vec<Candidate>, usize)>,
    n: Node,
    role: (usize, usize),
) -> bool {
    let mut cur = n;
    let mut guard = 0;
    loop {
        if cur == Node::Role(role.0, role.1) {
            return true;
        }
        guard += 1;
        if guard > prev.len() + 1 {
            return false;
        }
        match cur {
            Node::Role(a, b) => match prev.get(&(a, b)) {
                Some((from, _, _)) => cur = *from,
                None => return false,
            },
            _ => return false,
        }
    }
}
