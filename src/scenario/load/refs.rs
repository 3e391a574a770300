//! References between parts of a scenario: groups of users, managed policies (customer
//! managed by name or ARN, AWS managed by ARN), permissions boundaries, and the lookups steps
//! use (users, roles, accounts by ARN), each failing with a "did you mean".

use super::fields::Located;
use super::Loader;
use crate::diag::did_you_mean;
use crate::eval::inputs::PolicyOrigin;
use crate::policy::model::PolicyKind;
use crate::scenario::arn::{self, IamArn};
use crate::scenario::aws_managed;
use crate::scenario::model::{Account, Attached};

/// What a pending reference is attached to: (account index, entity index).
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A user.
    User(usize, usize),
    /// A group.
    Group(usize, usize),
    /// A role.
    Role(usize, usize),
}

/// What a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A managed policy to attach.
    Managed,
    /// A permissions boundary.
    Boundary,
    /// A group (users only).
    Group,
}

/// A reference waiting for every account to be loaded.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Who refers.
    pub target: Target,
    /// To what kind of thing.
    pub kind: RefKind,
    /// The reference as written.
    pub r: Located,
}

impl Loader<'_> {
    /// Resolves every pending reference, filling in groups, managed policies and boundaries.
    pub fn resolve(&mut self, accounts: &mut [Account], pending: Vec<Pending>) {
        for p in pending {
            let (ai, owner_arn) = match p.target {
                Target::User(a, u) => (
                    a,
                    accounts
                        .get(a)
                        .and_then(|x| x.users.get(u))
                        .map(|x| x.arn.clone()),
                ),
                Target::Group(a, g) => (
                    a,
                    accounts
                        .get(a)
                        .and_then(|x| x.groups.get(g))
                        .map(|x| x.arn.clone()),
                ),
                Target::Role(a, r) => (
                    a,
                    accounts
                        .get(a)
                        .and_then(|x| x.roles.get(r))
                        .map(|x| x.arn.clone()),
                ),
            };
            let Some(owner_arn) = owner_arn else { continue };
            match p.kind {
                RefKind::Group => {
                    let Target::User(a, u) = p.target else {
                        continue;
                    };
                    let found = accounts
                        .get(a)
                        .and_then(|acct| acct.groups.iter().position(|g| g.name == p.r.value));
                    match found {
                        Some(gi) => {
                            if let Some(user) = accounts.get_mut(a).and_then(|x| x.users.get_mut(u))
                            {
                                if user.groups.contains(&gi) {
                                    self.error(
                                        "duplicate-group",
                                        format!("group `{}` is listed twice", p.r.value),
                                        &p.r.path,
                                        p.r.span,
                                    );
                                } else {
                                    user.groups.push(gi);
                                }
                            }
                        }
                        None => {
                            let names: Vec<&str> = accounts
                                .get(a)
                                .map(|acct| acct.groups.iter().map(|g| g.name.as_str()).collect())
                                .unwrap_or_default();
                            let help = did_you_mean(&p.r.value, names.iter().copied())
                                .map(|s| format!("did you mean `{s}`?"));
                            let acct_id = accounts.get(a).map(|x| x.id.clone()).unwrap_or_default();
                            self.error_help(
                                "unknown-group",
                                format!("there is no group `{}` in account {acct_id}", p.r.value),
                                help.or_else(|| {
                                    Some("declare it under the account's `groups`".into())
                                }),
                                &p.r.path,
                                p.r.span,
                            );
                        }
                    }
                }
                RefKind::Managed | RefKind::Boundary => {
                    let kind = if p.kind == RefKind::Boundary {
                        PolicyKind::Boundary
                    } else {
                        PolicyKind::Identity
                    };
                    let Some(att) = self.managed_ref(accounts, ai, &p.r, kind, Some(&owner_arn))
                    else {
                        continue;
                    };
                    match (p.target, p.kind) {
                        (Target::User(a, u), RefKind::Managed) => {
                            if let Some(x) = accounts.get_mut(a).and_then(|x| x.users.get_mut(u)) {
                                x.policies.push(att);
                            }
                        }
                        (Target::User(a, u), _) => {
                            if let Some(x) = accounts.get_mut(a).and_then(|x| x.users.get_mut(u)) {
                                x.boundary = Some(att);
                            }
                        }
                        (Target::Group(a, g), _) => {
                            if let Some(x) = accounts.get_mut(a).and_then(|x| x.groups.get_mut(g)) {
                                x.policies.push(att);
                            }
                        }
                        (Target::Role(a, r), RefKind::Managed) => {
                            if let Some(x) = accounts.get_mut(a).and_then(|x| x.roles.get_mut(r)) {
                                x.policies.push(att);
                            }
                        }
                        (Target::Role(a, r), _) => {
                            if let Some(x) = accounts.get_mut(a).and_then(|x| x.roles.get_mut(r)) {
                                x.boundary = Some(att);
                            }
                        }
                    }
                }
            }
        }
    }

    /// A managed policy reference from account `ai`: a customer managed policy's name or ARN
    /// (same account), or a shipped AWS managed policy's ARN.
    pub fn managed_ref(
        &mut self,
        accounts: &[Account],
        ai: usize,
        r: &Located,
        kind: PolicyKind,
        attached_to: Option<&str>,
    ) -> Option<Attached> {
        let acct = accounts.get(ai)?;
        let v = r.value.as_str();
        if v.starts_with(crate::managed::ARN_PREFIX) {
            if let Some(att) = self.aws_documents.get(v) {
                let mut att = att.clone();
                att.origin.attached_to = attached_to.map(str::to_string);
                return Some(att);
            }
            return match aws_managed::load(v, kind) {
                Ok(att) => {
                    let mut att = att;
                    att.origin.attached_to = attached_to.map(str::to_string);
                    Some(att)
                }
                Err(_) => {
                    let d = crate::managed::not_found(v).at(r.path.clone(), r.span);
                    self.diags.push(d);
                    None
                }
            };
        }
        let found = if v.starts_with("arn:") {
            match arn::parse_iam(v) {
                Some(IamArn::Policy { account, .. }) if account != acct.id => {
                    self.error_help(
                        "cross-account-managed-policy",
                        format!("`{v}` is a policy of account {account}; a customer managed policy can only be attached in its own account ({})", acct.id),
                        Some("copy the policy into this account's `managedPolicies`".into()),
                        &r.path,
                        r.span,
                    );
                    return None;
                }
                Some(IamArn::Policy { .. }) => acct.managed_policies.iter().find(|m| m.arn == v),
                _ => {
                    self.error_help(
                        "bad-policy-arn",
                        format!("`{v}` is not a managed policy ARN"),
                        Some(format!(
                            "write `arn:aws:iam::{}:policy/NAME`, or just the policy's name",
                            acct.id
                        )),
                        &r.path,
                        r.span,
                    );
                    return None;
                }
            }
        } else {
            acct.managed_policies.iter().find(|m| m.name == v)
        };
        match found {
            Some(m) => {
                let mut att = m.attached.clone();
                att.origin.attached_to = attached_to.map(str::to_string);
                if kind == PolicyKind::Boundary {
                    att.origin.name = m.name.clone();
                }
                Some(att)
            }
            None => {
                let candidates: Vec<&str> = if v.starts_with("arn:") {
                    acct.managed_policies
                        .iter()
                        .map(|m| m.arn.as_str())
                        .collect()
                } else {
                    acct.managed_policies
                        .iter()
                        .map(|m| m.name.as_str())
                        .collect()
                };
                let help = did_you_mean(v, candidates.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some("declare it under the account's `managedPolicies`".into()));
                self.error_help(
                    "unknown-managed-policy",
                    format!(
                        "there is no customer managed policy `{v}` in account {}",
                        acct.id
                    ),
                    help,
                    &r.path,
                    r.span,
                );
                None
            }
        }
    }
}

/// An origin for an AWS managed policy.
pub fn aws_origin(arn: &str, name: &str) -> PolicyOrigin {
    PolicyOrigin {
        id: arn.to_string(),
        name: name.to_string(),
        arn: Some(arn.to_string()),
        attached_to: None,
    }
}
