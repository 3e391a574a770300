//! The assume-role graph of a world: who each role's trust policy lets in (principal ARNs,
//! accounts, everyone, services, federated providers), which roles trust a given principal,
//! and whether a principal's own policies could allow `sts:AssumeRole` at all (a cheap filter
//! before the engine decides a hop).

use crate::eval::pattern::action_matches;
use crate::policy::model::{Effect, Policy, PrincipalType};
use crate::scenario::arn::{self, IamArn};
use crate::scenario::model::{Attached, Scenario};
use std::collections::HashMap;

/// A principal that can start a path or take a hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// An IAM user (account, user positions).
    User(usize, usize),
    /// An account's root user (account position).
    Root(usize),
    /// Sessions of a role (account, role positions).
    Role(usize, usize),
}

/// Whom one role's trust policy names in its `Allow` statements.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// User and role ARNs (a session ARN counts as its role).
    pub arns: Vec<String>,
    /// Account ids (an account id or its root ARN: every principal of the account whose own
    /// policies allow it).
    pub accounts: Vec<String>,
    /// `"*"` or an `Allow` with `NotPrincipal`.
    pub everyone: bool,
    /// Service principals (`lambda.amazonaws.com`…): the role is usable by those services.
    pub services: Vec<String>,
    /// Federated principals (SAML and OIDC providers), which queries do not simulate.
    pub federated: Vec<String>,
}

impl Trust {
    /// Reads the trust policy `p`.
    pub fn of(p: &Policy) -> Trust {
        let mut t = Trust::default();
        for st in p
            .statements
            .iter()
            .filter(|s| s.effect.value == Effect::Allow)
        {
            let Some(pe) = &st.principal else { continue };
            if pe.negated {
                t.everyone = true;
                continue;
            }
            for v in &pe.values {
                let value = v.value.value.as_str();
                match v.kind {
                    PrincipalType::Any => t.everyone = true,
                    PrincipalType::Aws if value == "*" => t.everyone = true,
                    PrincipalType::Aws if arn::is_account_id(value) => {
                        t.accounts.push(value.to_string())
                    }
                    PrincipalType::Aws => match arn::parse_iam(value) {
                        Some(IamArn::Root { account }) => t.accounts.push(account),
                        Some(_) => t.arns.push(value.to_string()),
                        None => t.arns.push(value.to_string()),
                    },
                    PrincipalType::Service => t.services.push(value.to_string()),
                    PrincipalType::Federated => t.federated.push(value.to_string()),
                    PrincipalType::CanonicalUser => {}
                }
            }
        }
        t
    }
}

/// Principals whose own policies allow `sts:AssumeRole` on the same resource patterns
/// (`None`: on any role): users of one group share theirs, so each set is matched once.
type Assumers = (Option<Vec<String>>, Vec<Node>);

/// The world's trust relationships, read once.
pub struct Graph {
    /// Each role's trust, by (account, role) position.
    pub trusts: HashMap<(usize, usize), Trust>,
    /// Roles whose trust names an ARN (user, role, or session mapped to its role).
    by_arn: HashMap<String, Vec<(usize, usize)>>,
    /// Roles whose trust names an account.
    by_account: HashMap<String, Vec<(usize, usize)>>,
    /// Roles that trust everyone.
    everyone: Vec<(usize, usize)>,
    /// Per account (filled on demand): its users and roles whose own policies have some
    /// `Allow` for `sts:AssumeRole`, with the resource patterns of those statements (`None`:
    /// any role). Most principals have none, and are never tried for account-level trusts.
    assumers: HashMap<usize, Vec<Assumers>>,
}

/// The role ARN a trust policy's session ARN stands for
/// (`arn:aws:sts::A:assumed-role/NAME/S` → the role named NAME in account A).
fn session_role(sc: &Scenario, value: &str) -> Option<String> {
    let a = arn::parse(value)?;
    let rest = a.resource.strip_prefix("assumed-role/")?;
    let name = rest.split('/').next()?;
    let ai = sc.index().account(a.account)?;
    let acct = sc.accounts.get(ai)?;
    acct.roles
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.arn.clone())
}

impl Graph {
    /// Reads every role's trust policy.
    pub fn build(sc: &Scenario) -> Graph {
        let mut g = Graph {
            trusts: HashMap::new(),
            by_arn: HashMap::new(),
            by_account: HashMap::new(),
            everyone: Vec::new(),
            assumers: HashMap::new(),
        };
        for (ai, a) in sc.accounts.iter().enumerate() {
            for (ri, r) in a.roles.iter().enumerate() {
                let Some(p) = r.trust.as_ref().and_then(|t| t.policy.as_deref()) else {
                    continue;
                };
                let t = Trust::of(p);
                for x in &t.arns {
                    let key = session_role(sc, x).unwrap_or_else(|| x.clone());
                    g.by_arn.entry(key).or_default().push((ai, ri));
                }
                for x in &t.accounts {
                    g.by_account.entry(x.clone()).or_default().push((ai, ri));
                }
                if t.everyone {
                    g.everyone.push((ai, ri));
                }
                g.trusts.insert((ai, ri), t);
            }
        }
        g
    }

    /// The roles whose trust policy could let `node` in (by its ARN, its account, or
    /// everyone), without repeats, in world order.
    pub fn roles_trusting(&self, sc: &Scenario, node: Node) -> Vec<(usize, usize)> {
        let Some(arn) = node_arn(sc, node) else {
            return Vec::new();
        };
        let account = account_of(sc, node).unwrap_or_default();
        let mut out: Vec<(usize, usize)> = Vec::new();
        out.extend(self.by_arn.get(&arn).into_iter().flatten());
        out.extend(self.by_account.get(&account).into_iter().flatten());
        out.extend(self.everyone.iter());
        crate::sorting::sort(&mut out);
        out.dedup();
        out
    }

    /// The principals that `role`'s trust policy could let in: those it names, every user and
    /// role of an account it names and of the world when it trusts everyone (when their own
    /// policies could allow `sts:AssumeRole`), and the accounts it names that the world does
    /// not hold (`external`).
    pub fn callers(&mut self, sc: &Scenario, role: (usize, usize)) -> Callers {
        let mut out = Callers::default();
        let Some(t) = self.trusts.get(&role) else {
            return out;
        };
        let ix = sc.index();
        for x in &t.arns {
            let arn = session_role(sc, x).unwrap_or_else(|| x.clone());
            if let Some((ai, ui)) = ix.user(&arn) {
                out.nodes.push(Node::User(ai, ui));
            } else if let Some((ai, ri)) = ix.role(&arn) {
                out.nodes.push(Node::Role(ai, ri));
            } else if let Some(acct) = arn::parse(&arn).map(|a| a.account.to_string()) {
                if ix.account(&acct).is_none() {
                    out.external.push(arn.clone());
                }
            }
        }
        let mut accounts: Vec<usize> = Vec::new();
        if t.everyone {
            accounts.extend(0..sc.accounts.len());
        } else {
            for id in &t.accounts {
                match ix.account(id) {
                    Some(ai) => accounts.push(ai),
                    None => out.external.push(format!("arn:aws:iam::{id}:root")),
                }
            }
        }
        let role_arn = node_arn(sc, Node::Role(role.0, role.1)).unwrap_or_default();
        let ctx = crate::eval::request::Context::new();
        for ai in accounts {
            let assumers = self.assumers.entry(ai).or_insert_with(|| {
                let Some(a) = sc.accounts.get(ai) else {
                    return Vec::new();
                };
                let mut groups: HashMap<Option<Vec<String>>, Vec<Node>> = HashMap::new();
                let nodes = (0..a.users.len())
                    .map(|ui| Node::User(ai, ui))
                    .chain((0..a.roles.len()).map(|ri| Node::Role(ai, ri)));
                for n in nodes {
                    let mut p = assume_patterns(sc, n);
                    if p.as_ref().is_some_and(Vec::is_empty) {
                        continue;
                    }
                    if let Some(v) = &mut p {
                        crate::sorting::sort(v);
                        v.dedup();
                    }
                    groups.entry(p).or_default().push(n);
                }
                let mut out: Vec<Assumers> = groups.into_iter().collect();
                crate::sorting::sort(&mut out);
                out
            });
            for (patterns, nodes) in assumers.iter() {
                if could_match(patterns.as_deref(), &role_arn, &ctx) {
                    out.nodes.extend(
                        nodes
                            .iter()
                            .filter(|n| **n != Node::Role(role.0, role.1))
                            .copied(),
                    );
                }
            }
        }
        crate::sorting::sort(&mut out.nodes);
        out.nodes.dedup();
        out.federated = t.federated.clone();
        out
    }
}

/// Whether one of `patterns` (`None`: any) could match `role_arn`; a pattern with a policy
/// variable counts as matching (the engine decides the hop).
fn could_match(
    patterns: Option<&[String]>,
    role_arn: &str,
    ctx: &crate::eval::request::Context,
) -> bool {
    match patterns {
        None => true,
        Some(list) => list.iter().any(|pat| {
            pat.contains("${")
                || crate::eval::arn::match_resource(pat, role_arn, ctx, false, false)
                    .miss
                    .is_none()
        }),
    }
}

/// The resource patterns of `node`'s `Allow` statements whose action covers
/// `sts:AssumeRole`; `None` when one of them covers every resource (no `Resource`, or
/// `NotResource`).
fn assume_patterns(sc: &Scenario, node: Node) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let statements = identity_policies(sc, node)
        .into_iter()
        .filter_map(|a| a.policy.as_deref())
        .flat_map(|p| p.statements.iter())
        .filter(|st| st.effect.value == Effect::Allow)
        .filter(|st| {
            st.action.negated
                != st
                    .action
                    .patterns
                    .iter()
                    .any(|pat| action_matches(&pat.value, "sts:AssumeRole"))
        });
    for st in statements {
        match &st.resource {
            Some(r) if !r.negated => out.extend(r.patterns.iter().map(|p| p.value.clone())),
            _ => return None,
        }
    }
    Some(out)
}

/// What a role's trust policy lets in.
#[derive(Debug, Clone, Default)]
pub struct Callers {
    /// Principals of the world to try.
    pub nodes: Vec<Node>,
    /// Principals outside the world (ARNs, account roots) the trust policy names.
    pub external: Vec<String>,
    /// Federated providers the trust names (not simulated).
    pub federated: Vec<String>,
}

/// A node's ARN: the user's, the account root's, or the role's.
pub fn node_arn(sc: &Scenario, node: Node) -> Option<String> {
    match node {
        Node::User(ai, ui) => sc
            .accounts
            .get(ai)
            .and_then(|a| a.users.get(ui))
            .map(|u| u.arn.clone()),
        Node::Root(ai) => sc
            .accounts
            .get(ai)
            .map(|a| format!("arn:aws:iam::{}:root", a.id)),
        Node::Role(ai, ri) => sc
            .accounts
            .get(ai)
            .and_then(|a| a.roles.get(ri))
            .map(|r| r.arn.clone()),
    }
}

/// A node's account id.
pub fn account_of(sc: &Scenario, node: Node) -> Option<String> {
    let ai = match node {
        Node::User(ai, _) | Node::Root(ai) | Node::Role(ai, _) => ai,
    };
    sc.accounts.get(ai).map(|a| a.id.clone())
}

/// The node of a principal ARN: a user, a role (or a session of one), or an account root.
pub fn node_of(sc: &Scenario, arn: &str) -> Option<Node> {
    let ix = sc.index();
    if let Some((ai, ui)) = ix.user(arn) {
        return Some(Node::User(ai, ui));
    }
    if let Some((ai, ri)) = ix.role(arn) {
        return Some(Node::Role(ai, ri));
    }
    if let Some(role) = session_role(sc, arn) {
        let (ai, ri) = ix.role(&role)?;
        return Some(Node::Role(ai, ri));
    }
    match arn::parse_iam(arn) {
        Some(IamArn::Root { account }) => ix.account(&account).map(Node::Root),
        _ if arn::is_account_id(arn) => ix.account(arn).map(Node::Root),
        _ => None,
    }
}

/// The identity-based policies of a node (a user's own and its groups', a role's).
pub fn identity_policies(sc: &Scenario, node: Node) -> Vec<&Attached> {
    let mut out = Vec::new();
    match node {
        Node::User(ai, ui) => {
            if let Some(a) = sc.accounts.get(ai) {
                if let Some(u) = a.users.get(ui) {
                    out.extend(u.policies.iter());
                    out.extend(u.boundary.iter());
                    for gi in &u.groups {
                        out.extend(
                            a.groups
                                .get(*gi)
                                .into_iter()
                                .flat_map(|g| g.policies.iter()),
                        );
                    }
                }
            }
        }
        Node::Root(_) => {}
        Node::Role(ai, ri) => {
            if let Some(r) = sc.accounts.get(ai).and_then(|a| a.roles.get(ri)) {
                out.extend(r.policies.iter());
                out.extend(r.boundary.iter());
            }
        }
    }
    out
}

/// Every permissions and resource-based policy document of the world (users', groups' and
/// roles' own, customer managed, and declared resources'), for the questions that range over
/// what the world's policies name.
pub fn world_documents(sc: &Scenario) -> impl Iterator<Item = &Attached> {
    sc.accounts.iter().flat_map(|acct| {
        acct.users
            .iter()
            .flat_map(|u| u.policies.iter())
            .chain(acct.groups.iter().flat_map(|g| g.policies.iter()))
            .chain(acct.roles.iter().flat_map(|r| r.policies.iter()))
            .chain(acct.managed_policies.iter().map(|m| &m.attached))
            .chain(acct.resources.iter().filter_map(|r| r.policy.as_ref()))
    })
}
