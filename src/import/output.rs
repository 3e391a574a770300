//! The gathered world written as scenario JSON: accounts with their entities in the order the
//! exports list them, references checked (groups, customer managed policies, AWS managed
//! policies: shipped, embedded from the export, or missing), the organization, and the
//! pagination check.

use super::merge::Existing;
use super::profiles::Known;
use super::world::{Principal, Ref};
use super::{ImportSummary, Importer, Loc};
use crate::scenario::arn::{self, IamArn};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The world as scenario JSON pieces, before merging.
pub struct Built {
    /// `organization`.
    pub organization: Option<Value>,
    /// Accounts in id order.
    pub accounts: Vec<AccountOut>,
    /// `awsManagedPolicies` entries.
    pub aws_policies: Vec<Value>,
    /// Counts (files and profiles are filled in later).
    pub summary: ImportSummary,
    /// Users, roles and accounts, with those of the scenario merged into.
    pub known: Known,
}

/// One account's JSON pieces.
pub struct AccountOut {
    /// 12 digits.
    pub id: String,
    /// Its name, when the organization export gave one.
    pub name: Option<String>,
    /// (`managedPolicies`, `users`, `groups`, `roles`, `resources`) with their entries.
    pub lists: Vec<(&'static str, Vec<Item>)>,
}

/// One entry of an account list.
pub struct Item {
    /// How entries are matched when merging: lowercase name, or the resource ARN.
    pub key: String,
    /// The entry.
    pub value: Value,
    /// Where it was read.
    pub loc: Loc,
}

/// How an AWS managed policy reference resolves.
enum Aws {
    /// The project ships it (or the scenario merged into carries it): referenced by ARN.
    Reference,
    /// The export carries a document the project does not ship (or a newer version).
    Embed(Value),
    /// Neither.
    Missing,
}

/// Builds the scenario pieces; `existing` is what the scenario merged into already has.
pub fn build(imp: &mut Importer, existing: &Existing) -> Built {
    let mut summary = ImportSummary::default();
    let organization = super::org::build(imp).map(|(v, units, scps, rcps)| {
        summary.units = units;
        summary.scps = scps;
        summary.rcps = rcps;
        v
    });
    truncation(imp);
    let aws = resolve_aws(imp, existing);
    let aws_policies: Vec<Value> = aws
        .iter()
        .filter_map(|(a, r)| match r {
            Aws::Embed(d) => Some(json!({"arn": a, "document": d})),
            _ => None,
        })
        .collect();
    summary.aws_managed_policies = aws_policies.len();
    let mut known = Known::default();
    existing.add_to(&mut known);
    let accounts_in = std::mem::take(&mut imp.world.accounts);
    let mut accounts = Vec::new();
    for (id, a) in &accounts_in {
        known.accounts.insert(id.clone());
        for (list, map) in [(&a.users, &mut known.users), (&a.roles, &mut known.roles)] {
            for p in &list.items {
                map.insert((id.clone(), p.name.to_ascii_lowercase()), p.arn.clone());
            }
        }
        summary.users += a.users.len();
        summary.groups += a.groups.len();
        summary.roles += a.roles.len();
        summary.managed_policies += a.managed.len();
        summary.resources += a.resources.len();
        let mut lists = Vec::new();
        let managed = a
            .managed
            .items
            .iter()
            .map(|m| {
                let mut v = Map::new();
                v.insert("name".into(), json!(m.name));
                if m.path != "/" {
                    v.insert("path".into(), json!(m.path));
                }
                v.insert("document".into(), m.document.clone());
                Item {
                    key: m.name.to_ascii_lowercase(),
                    value: Value::Object(v),
                    loc: m.loc.clone(),
                }
            })
            .collect();
        lists.push(("managedPolicies", managed));
        for (key, list) in [
            ("users", &a.users),
            ("groups", &a.groups),
            ("roles", &a.roles),
        ] {
            let items = list
                .items
                .iter()
                .map(|p| Item {
                    key: p.name.to_ascii_lowercase(),
                    value: principal(imp, a, p, key, &aws, existing),
                    loc: p.loc.clone(),
                })
                .collect();
            lists.push((key, items));
        }
        let resources = a
            .resources
            .items
            .iter()
            .map(|r| {
                let mut v = Map::new();
                v.insert("arn".into(), json!(r.arn));
                if let Some(p) = &r.policy {
                    v.insert("policy".into(), p.clone());
                }
                Item {
                    key: r.arn.clone(),
                    value: Value::Object(v),
                    loc: r.loc.clone(),
                }
            })
            .collect();
        lists.push(("resources", resources));
        accounts.push(AccountOut {
            id: id.clone(),
            name: a.name.clone(),
            lists,
        });
    }
    imp.world.accounts = accounts_in;
    summary.accounts = accounts.len();
    Built {
        organization,
        accounts,
        aws_policies,
        summary,
        known,
    }
}

/// A truncated export: the pages of an account all say `IsTruncated: true`.
fn truncation(imp: &mut Importer) {
    let pages = std::mem::take(&mut imp.world.pages);
    for (account, list) in &pages {
        if list.is_empty() || !list.iter().all(|p| p.truncated) {
            continue;
        }
        let Some(last) = list.last() else { continue };
        imp.warn(
            &last.loc,
            "truncated-export",
            format!("truncated export: every page of account {account}'s authorization details present says `IsTruncated: true`, so the last page is missing; what is there is imported"),
            Some("run `aws iam get-account-authorization-details` without `--no-paginate` or `--max-items` (the AWS CLI then fetches every page), or include every page".into()),
        );
        imp.miss(format!(
            "the rest of account {account}'s authorization details (the export is truncated)"
        ));
    }
    imp.world.pages = pages;
}

/// Every AWS managed policy the exports attach, resolved.
fn resolve_aws(imp: &mut Importer, existing: &Existing) -> BTreeMap<String, Aws> {
    let mut referenced: BTreeSet<String> = BTreeSet::new();
    for a in imp.world.accounts.values() {
        for list in [&a.users, &a.groups, &a.roles] {
            for p in &list.items {
                for r in p.managed.iter().chain(p.boundary.iter()) {
                    if r.value.starts_with(crate::managed::ARN_PREFIX) {
                        referenced.insert(r.value.clone());
                    }
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for a in referenced {
        let export = imp.world.aws_docs.get(&a).and_then(|d| d.document.clone());
        let shipped = crate::managed::find(&a);
        let r = match (shipped, export) {
            (Some(s), Some(doc)) => {
                let same = s
                    .document()
                    .is_some_and(|d| serde_json::from_str::<Value>(d).is_ok_and(|v| v == doc));
                if same {
                    Aws::Reference
                } else {
                    Aws::Embed(doc)
                }
            }
            (Some(_), None) => Aws::Reference,
            (None, _) if existing.aws.contains(&a) => Aws::Reference,
            (None, Some(doc)) => Aws::Embed(doc),
            (None, None) => {
                imp.miss(format!("AWS managed policy `{a}`: the playground does not ship it and the export does not carry its document, so its attachments are left out"));
                Aws::Missing
            }
        };
        out.insert(a, r);
    }
    out
}

fn principal(
    imp: &mut Importer,
    a: &super::world::Account,
    p: &Principal,
    kind: &str,
    aws: &BTreeMap<String, Aws>,
    existing: &Existing,
) -> Value {
    let mut v = Map::new();
    v.insert("name".into(), json!(p.name));
    if p.path != "/" {
        v.insert("path".into(), json!(p.path));
    }
    if kind == "users" {
        let groups: Vec<Value> = p
            .groups
            .iter()
            .filter(|g| {
                let lower = g.value.to_ascii_lowercase();
                let ok = a.groups.get(&lower).is_some() || existing.groups.contains(&(a.id.clone(), lower));
                if !ok {
                    imp.warn(
                        &g.loc,
                        "group-not-in-export",
                        format!("group `{}` of user `{}` is not in the export: the membership is left out", g.value, p.name),
                        Some("include every page of the account's authorization details".into()),
                    );
                    imp.miss(format!("group `{}` of account {} (user `{}` is a member)", g.value, a.id, p.name));
                }
                ok
            })
            .map(|g| json!(g.value))
            .collect();
        if !groups.is_empty() {
            v.insert("groups".into(), Value::Array(groups));
        }
    }
    if kind == "roles" {
        v.insert("trustPolicy".into(), p.trust.clone().unwrap_or(Value::Null));
    }
    if !p.inline.is_empty() {
        let inline: Vec<Value> = p
            .inline
            .iter()
            .map(|(n, d)| json!({"name": n, "document": d}))
            .collect();
        v.insert("inlinePolicies".into(), Value::Array(inline));
    }
    let managed: Vec<Value> = p
        .managed
        .iter()
        .filter(|r| policy_ref_ok(imp, a, p, r, aws, existing, "attached to"))
        .map(|r| json!(r.value))
        .collect();
    if !managed.is_empty() {
        v.insert("managedPolicies".into(), Value::Array(managed));
    }
    if let Some(b) = &p.boundary {
        if policy_ref_ok(imp, a, p, b, aws, existing, "the permissions boundary of") {
            v.insert("permissionsBoundary".into(), json!(b.value));
        }
    }
    if !p.tags.is_empty() {
        let tags: Map<String, Value> = p.tags.iter().map(|(k, x)| (k.clone(), json!(x))).collect();
        v.insert("tags".into(), Value::Object(tags));
    }
    if let Some(m) = p.max_session {
        v.insert("maxSessionDuration".into(), json!(m));
    }
    if !p.instance_profiles.is_empty() {
        v.insert("instanceProfiles".into(), json!(p.instance_profiles));
    }
    Value::Object(v)
}

/// Whether a managed policy reference can be written; when not, a warning and a missing entry.
fn policy_ref_ok(
    imp: &mut Importer,
    a: &super::world::Account,
    p: &Principal,
    r: &Ref,
    aws: &BTreeMap<String, Aws>,
    existing: &Existing,
    role_word: &str,
) -> bool {
    if r.value.starts_with(crate::managed::ARN_PREFIX) {
        if matches!(aws.get(&r.value), Some(Aws::Missing) | None) {
            imp.warn(
                &r.loc,
                "aws-managed-policy-missing",
                format!("AWS managed policy `{}` ({role_word} `{}`) is not shipped with the playground and the export does not carry its document: the attachment is left out", r.value, p.arn),
                Some("export with `aws iam get-account-authorization-details` without `--filter`, whose `Policies` carries the documents of the AWS managed policies in use, or add it to the scenario's `awsManagedPolicies`".into()),
            );
            return false;
        }
        return true;
    }
    let found = match arn::parse_iam(&r.value) {
        Some(IamArn::Policy { account, name, .. }) if account == a.id => {
            a.managed
                .get(&name.to_ascii_lowercase())
                .is_some_and(|m| m.arn == r.value)
                || existing.policies.contains(&(a.id.clone(), r.value.clone()))
        }
        _ => false,
    };
    if !found {
        imp.warn(
            &r.loc,
            "managed-policy-not-in-export",
            format!("customer managed policy `{}` ({role_word} `{}`) is not in the export's `Policies`: the attachment is left out", r.value, p.arn),
            Some("include every page of the account's authorization details".into()),
        );
        imp.miss(format!(
            "customer managed policy `{}` ({role_word} `{}`)",
            r.value, p.arn
        ));
    }
    found
}
