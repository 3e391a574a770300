//! Looking things up in the loaded world: accounts, users, roles and resources by ARN,
//! resource ownership (listed, by the ARN's account, or the caller's account), and the
//! organization paths SCPs and RCPs are attached along.

use super::arn::{self, IamArn};
use super::model::{Account, Resource, Role, Scenario, Tags, User};
use std::collections::HashMap;

/// Positions of the world's accounts, users, roles and declared resources, by id or ARN.
#[derive(Debug, Clone, Default)]
pub struct Index {
    accounts: HashMap<String, usize>,
    users: HashMap<String, (usize, usize)>,
    roles: HashMap<String, (usize, usize)>,
    resources: HashMap<String, (usize, usize)>,
    /// The organization's member accounts (management included), with their paths.
    members: HashMap<String, Membership>,
}

/// Where a member account sits in the organization.
#[derive(Debug, Clone)]
struct Membership {
    /// `root`, its units from the top down, then the account.
    path: Vec<String>,
    /// `o-id/r-root/ou-…/` as the `…OrgPaths` keys carry it.
    entity: String,
}

impl Index {
    /// Indexes `accounts` (the first entry wins where an ARN is listed twice, as the linear
    /// lookups did).
    pub fn build(accounts: &[Account]) -> Index {
        let mut ix = Index::default();
        for (ai, a) in accounts.iter().enumerate() {
            ix.accounts.entry(a.id.clone()).or_insert(ai);
            for (i, u) in a.users.iter().enumerate() {
                ix.users.entry(u.arn.clone()).or_insert((ai, i));
            }
            for (i, r) in a.roles.iter().enumerate() {
                ix.roles.entry(r.arn.clone()).or_insert((ai, i));
            }
            for (i, r) in a.resources.iter().enumerate() {
                ix.resources.entry(r.arn.clone()).or_insert((ai, i));
            }
        }
        ix
    }

    /// [`Index::build`] with the organization's memberships, for a whole scenario.
    pub fn build_for(sc: &Scenario) -> Index {
        let mut ix = Index::build(&sc.accounts);
        if let Some(org) = &sc.organization {
            let candidates = sc
                .accounts
                .iter()
                .map(|a| a.id.as_str())
                .chain(org.members.iter().flatten().map(String::as_str))
                .chain(std::iter::once(org.management_account.as_str()));
            for a in candidates {
                let member = match &org.members {
                    Some(m) => m.iter().any(|x| x == a) || a == org.management_account,
                    None => a == org.management_account || ix.accounts.contains_key(a),
                };
                if member && !ix.members.contains_key(a) {
                    let path = org_path_of(sc, a);
                    let mut entity = format!("{}/{}/", org.id, org_root_id(&org.id));
                    for t in path.iter().filter(|t| t.starts_with("ou-")) {
                        entity.push_str(t);
                        entity.push('/');
                    }
                    ix.members
                        .insert(a.to_string(), Membership { path, entity });
                }
            }
        }
        ix
    }

    /// The position of account `id`.
    pub fn account(&self, id: &str) -> Option<usize> {
        self.accounts.get(id).copied()
    }

    /// The (account, user) positions of the user with ARN `arn`.
    pub fn user(&self, arn: &str) -> Option<(usize, usize)> {
        self.users.get(arn).copied()
    }

    /// The (account, role) positions of the role with ARN `arn`.
    pub fn role(&self, arn: &str) -> Option<(usize, usize)> {
        self.roles.get(arn).copied()
    }

    /// The (account, resource) positions of the declared resource `arn`.
    pub fn resource(&self, arn: &str) -> Option<(usize, usize)> {
        self.resources.get(arn).copied()
    }
}

/// A user by ARN, through the scenario's index.
pub fn user_in<'a>(sc: &'a Scenario, arn: &str) -> Option<(&'a Account, &'a User)> {
    let (ai, ui) = sc.index().user(arn)?;
    let a = sc.accounts.get(ai)?;
    Some((a, a.users.get(ui)?))
}

/// A role by ARN, through the scenario's index.
pub fn role_in<'a>(sc: &'a Scenario, arn: &str) -> Option<(&'a Account, &'a Role)> {
    let (ai, ri) = sc.index().role(arn)?;
    let a = sc.accounts.get(ai)?;
    Some((a, a.roles.get(ri)?))
}

fn declared<'a>(sc: &'a Scenario, arn: &str) -> Option<(&'a Account, &'a Resource)> {
    let (ai, ri) = sc.index().resource(arn)?;
    let a = sc.accounts.get(ai)?;
    Some((a, a.resources.get(ri)?))
}

/// An account by id.
pub fn account<'a>(accounts: &'a [Account], id: &str) -> Option<&'a Account> {
    accounts.iter().find(|a| a.id == id)
}

/// The alias (`name`) of account `id`, when the scenario gives one.
pub fn account_name(accounts: &[Account], id: Option<&str>) -> Option<String> {
    let id = id?;
    account(accounts, id).and_then(|a| a.name.clone())
}

/// A user by ARN (path included).
pub fn user_by_arn<'a>(accounts: &'a [Account], arn: &str) -> Option<(&'a Account, &'a User)> {
    accounts
        .iter()
        .find_map(|a| a.users.iter().find(|u| u.arn == arn).map(|u| (a, u)))
}

/// A role by ARN (path included).
pub fn role_by_arn<'a>(accounts: &'a [Account], arn: &str) -> Option<(&'a Account, &'a Role)> {
    accounts
        .iter()
        .find_map(|a| a.roles.iter().find(|r| r.arn == arn).map(|r| (a, r)))
}

/// Every user and role ARN and every account root, for "did you mean".
pub fn identity_arns(accounts: &[Account]) -> Vec<String> {
    let mut out = Vec::new();
    for a in accounts {
        out.push(format!("arn:aws:iam::{}:root", a.id));
        out.extend(a.users.iter().map(|u| u.arn.clone()));
        out.extend(a.roles.iter().map(|r| r.arn.clone()));
    }
    out
}

/// Every role ARN, for "did you mean".
pub fn role_arns(accounts: &[Account]) -> Vec<String> {
    accounts
        .iter()
        .flat_map(|a| a.roles.iter().map(|r| r.arn.clone()))
        .collect()
}

/// How the owner of a resource was found (the trace says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    /// The resource (or its S3 bucket) is listed under the account's `resources`.
    Listed,
    /// A user or role of the scenario.
    Entity,
    /// Taken from the account field of the ARN.
    ArnAccount,
    /// The ARN has no account (or is `*`): the caller's account.
    CallerAccount,
}

impl Ownership {
    /// Words for the trace.
    pub fn words(self) -> &'static str {
        match self {
            Ownership::Listed => "listed under the account's resources",
            Ownership::Entity => "an IAM user or role of the account",
            Ownership::ArnAccount => "the account in the resource's ARN",
            Ownership::CallerAccount => "the ARN names no account: the caller's account",
        }
    }
}

/// What the engine knows about the resource of a request.
#[derive(Debug, Clone)]
pub struct ResourceInfo<'a> {
    /// The owning account.
    pub account: Option<String>,
    /// How the owner was found.
    pub ownership: Ownership,
    /// The declared entry whose policy applies (the bucket's for an object).
    pub entry: Option<&'a Resource>,
    /// `aws:ResourceTag/*` (none for S3 objects).
    pub tags: Tags,
}

/// The S3 bucket ARN covering `arn` when it is an object ARN (`arn:P:s3:::bucket/key`),
/// in any partition (`arn:aws:`, `arn:aws-cn:`, `arn:aws-us-gov:`…).
fn bucket_of(arn: &str) -> Option<&str> {
    let a = arn::parse(arn)?;
    if a.service != "s3" || !a.region.is_empty() || !a.account.is_empty() {
        return None;
    }
    let (bucket, _) = a.resource.split_once('/')?;
    arn.get(..arn.len() - a.resource.len() + bucket.len())
}

/// Resolves the resource `arn` requested by a caller of `caller_account`.
pub fn resource<'a>(sc: &'a Scenario, arn: &str, caller_account: Option<&str>) -> ResourceInfo<'a> {
    if let Some((a, r)) = declared(sc, arn) {
        return ResourceInfo {
            account: Some(a.id.clone()),
            ownership: Ownership::Listed,
            entry: Some(r),
            tags: r.tags.clone(),
        };
    }
    if let Some((a, r)) = bucket_of(arn).and_then(|bucket| declared(sc, bucket)) {
        return ResourceInfo {
            account: Some(a.id.clone()),
            ownership: Ownership::Listed,
            entry: Some(r),
            tags: Tags::default(),
        };
    }
    if let Some(id) = arn::parse_iam(arn) {
        let found = match &id {
            IamArn::User { .. } => user_in(sc, arn).map(|(a, u)| (a, u.tags.clone())),
            IamArn::Role { .. } => role_in(sc, arn).map(|(a, r)| (a, r.tags.clone())),
            _ => None,
        };
        if let Some((a, tags)) = found {
            return ResourceInfo {
                account: Some(a.id.clone()),
                ownership: Ownership::Entity,
                entry: None,
                tags,
            };
        }
    }
    match arn::parse(arn) {
        Some(a) if arn::is_account_id(a.account) => ResourceInfo {
            account: Some(a.account.to_string()),
            ownership: Ownership::ArnAccount,
            entry: None,
            tags: Tags::default(),
        },
        _ => ResourceInfo {
            account: caller_account.map(str::to_string),
            ownership: Ownership::CallerAccount,
            entry: None,
            tags: Tags::default(),
        },
    }
}

/// Whether `account` is a member of the scenario's organization.
pub fn org_member(sc: &Scenario, account: &str) -> bool {
    sc.organization.is_some() && sc.index().members.contains_key(account)
}

/// The organization path of a member account: `root`, its units from the top down, then the
/// account itself.
pub fn org_path(sc: &Scenario, account: &str) -> Vec<String> {
    match sc.index().members.get(account) {
        Some(m) => m.path.clone(),
        None => org_path_of(sc, account),
    }
}

fn org_path_of(sc: &Scenario, account: &str) -> Vec<String> {
    let mut units = Vec::new();
    if let Some(org) = &sc.organization {
        let mut cur = org
            .units
            .iter()
            .find(|u| u.accounts.iter().any(|a| a == account));
        let mut guard = 0;
        while let Some(u) = cur {
            units.push(u.id.clone());
            guard += 1;
            if guard > org.units.len() {
                break;
            }
            cur = org.units.iter().find(|x| x.id == u.parent);
        }
    }
    units.reverse();
    let mut path = vec!["root".to_string()];
    path.extend(units);
    path.push(account.to_string());
    path
}

/// The synthetic id of the organization's root: `r-` and the first four characters after
/// `o-` of the organization id (`o-a1b2c3d4e5` → `r-a1b2`). Scenarios do not name the root,
/// and AWS root ids are `r-` and 4 to 32 lowercase letters or digits; deriving it from the
/// organization id keeps it stable for a given scenario (documented in `docs/scenario-trace.md`).
pub fn org_root_id(org_id: &str) -> String {
    let tail = org_id.strip_prefix("o-").unwrap_or(org_id);
    let short: String = tail
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(4)
        .collect::<String>()
        .to_ascii_lowercase();
    format!("r-{}", if short.is_empty() { "root" } else { &short })
}

/// The organization entity path of a member account, as `aws:PrincipalOrgPaths` and
/// `aws:ResourceOrgPaths` carry it: `o-id/r-root/ou-…/ou-…/` (units from the top down;
/// the account itself is not part of it). `None` when `account` is not a member.
pub fn org_entity_path(sc: &Scenario, account: &str) -> Option<String> {
    sc.organization.as_ref()?;
    sc.index().members.get(account).map(|m| m.entity.clone())
}
