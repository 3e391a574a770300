//! AWS Organizations: `describe-organization`, `list-roots`,
//! `list-organizational-units-for-parent`, `list-accounts-for-parent`, `list-policies`,
//! `describe-policy` and `list-targets-for-policy`, assembled into the scenario's
//! `organization` (units, SCPs, RCPs, `defaultFullAWSAccess`, `members`). Parent ids and policy
//! ids come from file names, where AWS's output does not carry them.

use super::detect::Shape;
use super::docs::document;
use super::files;
use super::iam::{list_of, str_of};
use super::world::Keyed;
use super::{Importer, Loc};
use crate::json::{JsonNode, JsonPath, JsonValue};
use crate::policy::model::PolicyKind;
use crate::scenario::arn;
use serde_json::{json, Map, Value};

const SCP: &str = "SERVICE_CONTROL_POLICY";
const RCP: &str = "RESOURCE_CONTROL_POLICY";
const FULL_ACCESS_DOC: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The organization's parts, as the files hold them.
#[derive(Default)]
pub struct OrgParts {
    /// Whether any Organizations file was read.
    pub seen: Option<Loc>,
    /// `describe-organization`: id, management account.
    pub org: Option<(String, String)>,
    /// Organization id and management account read from Organizations ARNs.
    pub hint: Option<(String, String)>,
    /// `list-roots`: root id, SCPs enabled, RCPs enabled.
    pub root: Option<(String, bool, bool)>,
    /// Units by id.
    pub units: Keyed<Node>,
    /// Accounts by id.
    pub accounts: Keyed<Node>,
    /// Policies by id (from `list-policies`, `describe-policy`, `list-targets-for-policy`).
    pub policies: Keyed<OrgPolicy>,
}

/// A unit or an account and its parent.
#[derive(Debug, Clone)]
pub struct Node {
    /// `ou-…` or the account id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// The parent's id (`r-…` or `ou-…`).
    pub parent: String,
    /// Where.
    pub loc: Loc,
}

/// One SCP or RCP, pieced together.
#[derive(Debug, Clone, Default)]
pub struct OrgPolicy {
    /// `p-…`.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// `SERVICE_CONTROL_POLICY` or `RESOURCE_CONTROL_POLICY`.
    pub kind: Option<String>,
    /// Whether AWS manages it (`FullAWSAccess`, `RCPFullAWSAccess`).
    pub aws_managed: bool,
    /// Its content (`describe-policy`).
    pub document: Option<Value>,
    /// Its targets (`list-targets-for-policy`), when exported: ids with where each was written.
    pub targets: Option<Vec<(String, Loc)>>,
    /// Where it was first seen.
    pub loc: Loc,
}

/// Reads one Organizations file.
pub fn read(imp: &mut Importer, src: usize, root: &JsonNode, shape: Shape) {
    let name = imp.name(src);
    let at = |path: JsonPath, node: &JsonNode| Loc {
        src,
        path,
        span: node.span,
    };
    let here = at(JsonPath::root(), root);
    imp.world.org.seen.get_or_insert(here.clone());
    hints(imp, root);
    match shape {
        Shape::Organization => {
            let Some(o) = root.get("Organization") else {
                return;
            };
            let mgmt = str_of(o, "MasterAccountId")
                .map(str::to_string)
                .or_else(|| {
                    str_of(o, "MasterAccountArn")
                        .and_then(arn::parse)
                        .map(|a| a.account.to_string())
                });
            match (str_of(o, "Id"), mgmt) {
                (Some(id), Some(m)) => imp.world.org.org = Some((id.to_string(), m)),
                _ => imp.warn(
                    &here,
                    "incomplete-entry",
                    "`Organization` has no `Id` or no `MasterAccountId`".into(),
                    None,
                ),
            }
        }
        Shape::Roots => {
            let Some(r) = list_of(root, "Roots").first() else {
                return;
            };
            let enabled = |t: &str| {
                list_of(r, "PolicyTypes")
                    .iter()
                    .any(|p| str_of(p, "Type") == Some(t) && str_of(p, "Status") == Some("ENABLED"))
            };
            if let Some(id) = str_of(r, "Id") {
                imp.world.org.root = Some((id.to_string(), enabled(SCP), enabled(RCP)));
            }
        }
        Shape::Units | Shape::Accounts => {
            let (list, what) = if shape == Shape::Units {
                ("OrganizationalUnits", "organizational units")
            } else {
                ("Accounts", "accounts")
            };
            let Some(parent) = files::parent_id(&name) else {
                imp.warn(
                    &here,
                    "parent-unknown",
                    format!("`{name}` lists {what} but its name does not say whose children they are"),
                    Some(format!("name the file after the parent's id, as the export script does: `organization/{}/r-xxxx.json` or `…/ou-xxxx-xxxxxxxx.json`", if shape == Shape::Units { "ous-for-parent" } else { "accounts-for-parent" })),
                );
                return;
            };
            let lp = JsonPath::root().key(list);
            for (i, n) in list_of(root, list).iter().enumerate() {
                let Some(id) = str_of(n, "Id") else { continue };
                let node = Node {
                    id: id.to_string(),
                    name: str_of(n, "Name").map(str::to_string),
                    parent: parent.clone(),
                    loc: at(lp.index(i), n),
                };
                if shape == Shape::Units {
                    imp.world.org.units.put(id.to_string(), node);
                } else if arn::is_account_id(id) {
                    imp.world.org.accounts.put(id.to_string(), node);
                }
            }
        }
        Shape::PolicyList => {
            let lp = JsonPath::root().key("Policies");
            for (i, n) in list_of(root, "Policies").iter().enumerate() {
                let Some(id) = str_of(n, "Id") else { continue };
                if let Some(p) = policy_entry(imp, id, at(lp.index(i), n)) {
                    summary_fields(p, n);
                }
            }
        }
        Shape::Policy => {
            let Some(pol) = root.get("Policy") else {
                return;
            };
            let Some(summary) = pol.get("PolicySummary") else {
                imp.warn(
                    &here,
                    "incomplete-entry",
                    "`Policy` has no `PolicySummary`: it is left out".into(),
                    None,
                );
                return;
            };
            let Some(id) = str_of(summary, "Id") else {
                return;
            };
            let kind = match str_of(summary, "Type") {
                Some(RCP) => PolicyKind::ResourceControl,
                _ => PolicyKind::ServiceControl,
            };
            let doc = pol.get("Content").and_then(|c| {
                document(
                    imp,
                    src,
                    c,
                    &JsonPath::root().key("Policy").key("Content"),
                    kind,
                )
            });
            if let Some(p) = policy_entry(imp, id, here) {
                summary_fields(p, summary);
                if doc.is_some() {
                    p.document = doc;
                }
            }
        }
        Shape::Targets => {
            let Some(id) = files::policy_id(&name) else {
                imp.warn(
                    &here,
                    "policy-unknown",
                    format!("`{name}` lists policy targets but its name does not say which policy's"),
                    Some("name the file after the policy id, as the export script does: `organization/targets-for-policy/p-xxxxxxxx.json`".into()),
                );
                return;
            };
            let lp = JsonPath::root().key("Targets");
            let targets: Vec<(String, Loc)> = list_of(root, "Targets")
                .iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let t = n.get("TargetId")?;
                    Some((t.as_str()?.to_string(), at(lp.index(i).key("TargetId"), t)))
                })
                .collect();
            if let Some(p) = policy_entry(imp, &id, here) {
                p.targets.get_or_insert_with(Vec::new).extend(targets);
            }
        }
        _ => {}
    }
}

fn policy_entry<'a>(imp: &'a mut Importer, id: &str, loc: Loc) -> Option<&'a mut OrgPolicy> {
    imp.world.org.policies.entry(id, || OrgPolicy {
        id: id.to_string(),
        loc,
        ..OrgPolicy::default()
    })
}

fn summary_fields(p: &mut OrgPolicy, n: &JsonNode) {
    if let Some(name) = str_of(n, "Name") {
        p.name = Some(name.to_string());
    }
    if let Some(t) = str_of(n, "Type") {
        p.kind = Some(t.to_string());
    }
    if let Some(JsonValue::Bool(b)) = n.get("AwsManaged").map(|x| &x.value) {
        p.aws_managed = *b;
    }
}

/// Reads the organization id and management account from any Organizations ARN in `node`
/// (`arn:aws:organizations::MGMT:ou/o-xxxx/...`).
fn hints(imp: &mut Importer, node: &JsonNode) {
    if imp.world.org.hint.is_some() {
        return;
    }
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            JsonValue::String(s) if s.starts_with("arn:") => {
                let Some(a) = arn::parse(s) else { continue };
                if a.service != "organizations" || !arn::is_account_id(a.account) {
                    continue;
                }
                let Some(org_id) = a.resource.split('/').nth(1).filter(|o| o.starts_with("o-"))
                else {
                    continue;
                };
                imp.world.org.hint = Some((org_id.to_string(), a.account.to_string()));
                return;
            }
            JsonValue::Array(items) => stack.extend(items.iter()),
            JsonValue::Object(members) => stack.extend(members.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// The assembled organization, or `None` when no Organizations file was read. Creates the
/// accounts the organization names (with their names).
pub fn build(imp: &mut Importer) -> Option<(Value, usize, usize, usize)> {
    let first = imp.world.org.seen.clone()?;
    let parts = std::mem::take(&mut imp.world.org);
    let Some((org_id, mgmt)) = parts.org.clone().or(parts.hint.clone()) else {
        imp.warn(
            &first,
            "organization-unknown",
            "Organizations files were given but neither `describe-organization` nor any Organizations ARN says which organization: they are left out".into(),
            Some("add `organization/describe-organization.json` (aws organizations describe-organization)".into()),
        );
        imp.miss("the organization itself (describe-organization was not exported)".into());
        return None;
    };
    let root_id = parts.root.as_ref().map(|r| r.0.clone());
    let is_root = |id: &str| root_id.as_deref() == Some(id) || files::is_root_id(id);
    let (scp_on, rcp_on) = parts.root.as_ref().map_or((true, true), |r| (r.1, r.2));
    let unit_ids: std::collections::HashSet<&str> =
        parts.units.items.iter().map(|u| u.id.as_str()).collect();
    // Units.
    let mut units: Vec<Map<String, Value>> = Vec::new();
    for u in &parts.units.items {
        let parent = if is_root(&u.parent) {
            "root".to_string()
        } else if unit_ids.contains(u.parent.as_str()) {
            u.parent.clone()
        } else {
            imp.warn(
                &u.loc,
                "parent-unknown",
                format!("the parent `{}` of unit `{}` is not in any list-organizational-units-for-parent output: the unit is placed under the root", u.parent, u.id),
                Some("export every level of the organization (the export script walks the tree from the root)".into()),
            );
            imp.miss(format!("where unit `{}` sits (its parent `{}` was not exported); SCPs of the levels between are missing", u.id, u.parent));
            "root".to_string()
        };
        let mut m = Map::new();
        m.insert("id".into(), json!(u.id));
        if let Some(n) = &u.name {
            m.insert("name".into(), json!(n));
        }
        m.insert("parent".into(), json!(parent));
        units.push(m);
    }
    // Accounts and their units.
    for a in &parts.accounts.items {
        let acct = imp.world.account(&a.id);
        if acct.name.is_none() {
            acct.name.clone_from(&a.name);
        }
        if is_root(&a.parent) {
            continue;
        }
        match units
            .iter_mut()
            .find(|u| u.get("id").and_then(Value::as_str) == Some(a.parent.as_str()))
        {
            Some(u) => {
                if let Value::Array(l) = u
                    .entry("accounts")
                    .or_insert_with(|| Value::Array(Vec::new()))
                {
                    l.push(json!(a.id));
                }
            }
            None => {
                imp.warn(
                    &a.loc,
                    "parent-unknown",
                    format!("account {} is listed under `{}`, which is not in any list-organizational-units-for-parent output: it is placed under the root", a.id, a.parent),
                    None,
                );
                imp.miss(format!(
                    "where account {} sits (unit `{}` was not exported)",
                    a.id, a.parent
                ));
            }
        }
    }
    let listed: std::collections::HashSet<&str> =
        parts.accounts.items.iter().map(|a| a.id.as_str()).collect();
    let mut members = None;
    if !listed.is_empty() {
        let mut m: Vec<String> = parts.accounts.items.iter().map(|a| a.id.clone()).collect();
        if !listed.contains(mgmt.as_str()) {
            m.push(mgmt.clone());
        }
        let outside: Vec<String> = imp
            .world
            .accounts
            .keys()
            .filter(|id| !listed.contains(id.as_str()) && **id != mgmt)
            .cloned()
            .collect();
        for id in outside {
            let loc = parts
                .accounts
                .items
                .first()
                .map(|a| a.loc.clone())
                .unwrap_or(first.clone());
            imp.warn(
                &loc,
                "account-not-in-organization",
                format!("account {id} is in the export but in no list-accounts-for-parent output: the scenario places it outside the organization"),
                Some("export every level of the organization, or the account's own organization".into()),
            );
        }
        members = Some(m);
    }
    // Policies.
    let mut scps: Vec<Value> = Vec::new();
    let mut rcps: Vec<Value> = Vec::new();
    let mut default_full = true;
    let mut warned_off = false;
    for p in &parts.policies.items {
        let name = p.name.clone().unwrap_or_else(|| p.id.clone());
        let Some(kind) = p.kind.clone() else {
            imp.warn(
                &p.loc,
                "policy-type-unknown",
                format!("the type of policy `{}` is not known: it is left out", p.id),
                Some("add the list-policies outputs (`--filter SERVICE_CONTROL_POLICY`, `--filter RESOURCE_CONTROL_POLICY`) or its describe-policy output".into()),
            );
            imp.miss(format!(
                "organization policy `{}` (its type was not exported)",
                p.id
            ));
            continue;
        };
        let is_scp = kind == SCP;
        if kind != SCP && kind != RCP {
            continue;
        }
        if (is_scp && !scp_on) || (!is_scp && !rcp_on) {
            if !warned_off {
                warned_off = true;
                imp.warn(
                    &p.loc,
                    "policy-type-disabled",
                    format!("{} are not enabled on the organization's root (list-roots `PolicyTypes`): they do not apply and are left out", if is_scp { "service control policies" } else { "resource control policies" }),
                    None,
                );
            }
            continue;
        }
        let full_name = if is_scp {
            "FullAWSAccess"
        } else {
            "RCPFullAWSAccess"
        };
        let is_full = p.id == format!("p-{full_name}") || (p.aws_managed && name == full_name);
        if is_full && !is_scp {
            // RCPFullAWSAccess is attached everywhere and cannot be detached: the format's default.
            continue;
        }
        let targets = match &p.targets {
            None => {
                if is_full {
                    imp.miss("where FullAWSAccess is attached (list-targets-for-policy p-FullAWSAccess was not exported): AWS's default, attached everywhere, is assumed".into());
                } else {
                    imp.warn(
                        &p.loc,
                        "targets-unknown",
                        format!("the targets of policy `{name}` ({}) were not exported: it is imported attached nowhere", p.id),
                        Some(format!("add `organization/targets-for-policy/{}.json` (aws organizations list-targets-for-policy --policy-id {})", p.id, p.id)),
                    );
                    imp.miss(format!("where policy `{name}` ({}) is attached", p.id));
                }
                Vec::new()
            }
            Some(ts) => map_targets(imp, ts, &unit_ids, &is_root),
        };
        if is_full {
            if p.targets.is_none() {
                continue;
            }
            let everywhere = targets.iter().any(|t| t == "root")
                && unit_ids.iter().all(|u| targets.iter().any(|t| t == u))
                && listed
                    .iter()
                    .chain(
                        imp.world
                            .accounts
                            .keys()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .iter(),
                    )
                    .filter(|a| **a != mgmt)
                    .all(|a| targets.iter().any(|t| t == a));
            if everywhere {
                continue;
            }
            default_full = false;
        }
        let doc = match (&p.document, is_full) {
            (Some(d), _) => d.clone(),
            (None, true) => serde_json::from_str(FULL_ACCESS_DOC).unwrap_or(Value::Null),
            (None, false) => {
                imp.warn(
                    &p.loc,
                    "policy-content-unknown",
                    format!("the content of policy `{name}` ({}) was not exported: it is left out", p.id),
                    Some(format!("add `organization/policy/{}.json` (aws organizations describe-policy --policy-id {})", p.id, p.id)),
                );
                imp.miss(format!(
                    "the content of {} `{name}` ({})",
                    if is_scp { "SCP" } else { "RCP" },
                    p.id
                ));
                continue;
            }
        };
        let entry = json!({"name": name, "document": doc, "targets": targets});
        if is_scp {
            scps.push(entry);
        } else {
            rcps.push(entry);
        }
    }
    let mut org = Map::new();
    org.insert("id".into(), json!(org_id));
    org.insert("managementAccount".into(), json!(mgmt));
    let n_units = units.len();
    if !units.is_empty() {
        org.insert(
            "units".into(),
            Value::Array(units.into_iter().map(Value::Object).collect()),
        );
    }
    let (n_scps, n_rcps) = (scps.len(), rcps.len());
    if !scps.is_empty() {
        org.insert("serviceControlPolicies".into(), Value::Array(scps));
    }
    if !rcps.is_empty() {
        org.insert("resourceControlPolicies".into(), Value::Array(rcps));
    }
    if !default_full {
        org.insert("defaultFullAWSAccess".into(), json!(false));
    }
    if let Some(m) = members {
        org.insert("members".into(), json!(m));
    }
    Some((Value::Object(org), n_units, n_scps, n_rcps))
}

/// Targets as the format names them: `root`, unit ids, account ids (accounts are created).
fn map_targets(
    imp: &mut Importer,
    ts: &[(String, Loc)],
    unit_ids: &std::collections::HashSet<&str>,
    is_root: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for (t, loc) in ts {
        let mapped = if is_root(t) {
            "root".to_string()
        } else if unit_ids.contains(t.as_str()) {
            t.clone()
        } else if arn::is_account_id(t) {
            imp.world.account(t);
            t.clone()
        } else {
            imp.warn(
                loc,
                "target-unknown",
                format!("target `{t}` is not a unit of any list-organizational-units-for-parent output: this attachment is left out"),
                Some("export every level of the organization".into()),
            );
            imp.miss(format!(
                "the attachment of a policy to `{t}` (the unit was not exported)"
            ));
            continue;
        };
        if !out.contains(&mapped) {
            out.push(mapped);
        }
    }
    out
}
