//! Loading `organization`: units and their hierarchy, SCPs and RCPs with their targets,
//! `members` and `defaultFullAWSAccess`.

use super::fields::Obj;
use super::policies::origin;
use super::Loader;
use crate::diag::did_you_mean;
use crate::json::{JsonNode, JsonPath};
use crate::policy::model::PolicyKind;
use crate::scenario::arn;
use crate::scenario::model::{Account, OrgPolicy, OrgUnit, Organization};

const ORG_FIELDS: [&str; 7] = [
    "id",
    "managementAccount",
    "units",
    "serviceControlPolicies",
    "resourceControlPolicies",
    "defaultFullAWSAccess",
    "members",
];
const UNIT_FIELDS: [&str; 4] = ["id", "name", "parent", "accounts"];
const POLICY_FIELDS: [&str; 3] = ["name", "document", "targets"];

impl Loader<'_> {
    /// Loads the organization.
    pub fn organization(
        &mut self,
        node: &JsonNode,
        path: &JsonPath,
        accounts: &[Account],
    ) -> Option<Organization> {
        let obj = self.object(node, path, &ORG_FIELDS, "an organization")?;
        let mut org = Organization {
            default_full_aws_access: true,
            ..Organization::default()
        };
        if let Some(id) = self.req_string(&obj, "id", "an organization") {
            let body = id.value.strip_prefix("o-").unwrap_or("");
            if body.len() < 10
                || body.len() > 32
                || !body
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                self.error_help(
                    "bad-organization-id",
                    format!("`{}` is not an organization id", id.value),
                    Some("an organization id is `o-` and 10 to 32 lowercase letters or digits, e.g. `o-a1b2c3d4e5`".into()),
                    &id.path,
                    id.span,
                );
            }
            org.id = id.value;
        }
        if let Some(m) = self.req_string(&obj, "managementAccount", "an organization") {
            if !arn::is_account_id(&m.value) {
                self.error(
                    "bad-account-id",
                    format!("account id `{}` must be exactly 12 digits", m.value),
                    &m.path,
                    m.span,
                );
            }
            org.management_account = m.value;
        }
        org.default_full_aws_access = self.opt_bool(&obj, "defaultFullAWSAccess").unwrap_or(true);
        let known: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
        if obj.get("members").is_some() {
            let mut members = Vec::new();
            for m in self.string_array(&obj, "members") {
                if !known.contains(&m.value.as_str()) && m.value != org.management_account {
                    self.unknown_account(&m.value, &known, &m.path, m.span);
                }
                members.push(m.value);
            }
            org.members = Some(members);
        }
        let units_path = obj.at("units");
        for (i, n) in self.opt_array(&obj, "units").iter().enumerate() {
            let p = units_path.index(i);
            let Some(u) = self.object(n, &p, &UNIT_FIELDS, "an organizational unit") else {
                continue;
            };
            let Some(id) = self.req_string(&u, "id", "an organizational unit") else {
                continue;
            };
            if id.value == "root" || !id.value.starts_with("ou-") {
                self.error_help(
                    "bad-unit-id",
                    format!("`{}` is not an organizational unit id", id.value),
                    Some("unit ids start with `ou-`".into()),
                    &id.path,
                    id.span,
                );
            } else if org.units.iter().any(|x| x.id == id.value) {
                self.error(
                    "duplicate-unit",
                    format!("unit `{}` is listed twice", id.value),
                    &id.path,
                    id.span,
                );
            }
            let parent = self.opt_string(&u, "parent");
            let mut accts = Vec::new();
            for a in self.string_array(&u, "accounts") {
                if !known.contains(&a.value.as_str()) && a.value != org.management_account {
                    self.unknown_account(&a.value, &known, &a.path, a.span);
                } else if org.units.iter().any(|x| x.accounts.contains(&a.value))
                    || accts.contains(&a.value)
                {
                    self.error(
                        "account-in-two-units",
                        format!("account {} is listed in two units", a.value),
                        &a.path,
                        a.span,
                    );
                }
                accts.push(a.value);
            }
            org.units.push(OrgUnit {
                id: id.value,
                name: self.opt_string(&u, "name").map(|x| x.value),
                parent: parent
                    .as_ref()
                    .map(|p| p.value.clone())
                    .unwrap_or_else(|| "root".into()),
                accounts: accts,
            });
        }
        // Parents exist and the hierarchy has no cycle.
        let unit_ids: Vec<String> = org.units.iter().map(|u| u.id.clone()).collect();
        for (i, n) in self.opt_array(&obj, "units").iter().enumerate() {
            let Some(unit) = org.units.get(i) else {
                continue;
            };
            if unit.parent != "root" && !unit_ids.contains(&unit.parent) {
                let span = n.get("parent").map(|x| x.span).unwrap_or(n.span);
                let help = did_you_mean(&unit.parent, unit_ids.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                self.error_help(
                    "unknown-unit",
                    format!(
                        "parent `{}` is neither `root` nor a unit of the organization",
                        unit.parent
                    ),
                    help,
                    &units_path.index(i).key("parent"),
                    span,
                );
            } else if cycles(&org.units, i) {
                let span = n.get("parent").map(|x| x.span).unwrap_or(n.span);
                self.error(
                    "unit-cycle",
                    format!("unit `{}` is its own ancestor", unit.id),
                    &units_path.index(i).key("parent"),
                    span,
                );
            }
        }
        org.scps = self.org_policies(
            &obj,
            "serviceControlPolicies",
            PolicyKind::ServiceControl,
            &org,
            &known,
        );
        org.rcps = self.org_policies(
            &obj,
            "resourceControlPolicies",
            PolicyKind::ResourceControl,
            &org,
            &known,
        );
        Some(org)
    }

    fn unknown_account(
        &mut self,
        id: &str,
        known: &[&str],
        path: &JsonPath,
        span: crate::source::Span,
    ) {
        let help = did_you_mean(id, known.iter().copied()).map(|s| format!("did you mean `{s}`?"));
        self.error_help(
            "unknown-account",
            format!("account `{id}` is not one of the scenario's accounts"),
            help.or_else(|| Some("declare it under `accounts`".into())),
            path,
            span,
        );
    }

    fn org_policies(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        kind: PolicyKind,
        org: &Organization,
        known: &[&str],
    ) -> Vec<OrgPolicy> {
        let mut out = Vec::new();
        let list = obj.at(key);
        let what = if kind == PolicyKind::ServiceControl {
            "a service control policy"
        } else {
            "a resource control policy"
        };
        let type_word = if kind == PolicyKind::ServiceControl {
            "service_control_policy"
        } else {
            "resource_control_policy"
        };
        let mut names: Vec<String> = Vec::new();
        for (i, n) in self.opt_array(obj, key).iter().enumerate() {
            let p = list.index(i);
            let Some(o) = self.object(n, &p, &POLICY_FIELDS, what) else {
                continue;
            };
            let Some(name) = self.req_string(&o, "name", what) else {
                continue;
            };
            if names.iter().any(|x| x.eq_ignore_ascii_case(&name.value)) {
                self.error(
                    "duplicate-name",
                    format!("{what} named `{}` already exists", name.value),
                    &name.path,
                    name.span,
                );
            }
            names.push(name.value.clone());
            let Some(doc) = o.get("document") else {
                self.error(
                    "missing-field",
                    format!("{what} needs a `document`"),
                    &o.path,
                    o.span,
                );
                continue;
            };
            let dp = o.at("document");
            let arn = format!(
                "arn:aws:organizations::{}:policy/{}/{type_word}/p-{}",
                org.management_account, org.id, name.value
            );
            let (attached, _) = self.policy(
                doc,
                &dp,
                kind,
                origin(&dp, name.value.clone(), Some(arn), None),
            );
            let mut targets = Vec::new();
            for t in self.string_array(&o, "targets") {
                let ok = t.value == "root"
                    || org.units.iter().any(|u| u.id == t.value)
                    || known.contains(&t.value.as_str())
                    || t.value == org.management_account;
                if !ok {
                    let mut cands: Vec<&str> = vec!["root"];
                    cands.extend(org.units.iter().map(|u| u.id.as_str()));
                    cands.extend(known.iter().copied());
                    let help = did_you_mean(&t.value, cands.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| Some("a target is `root`, a unit id or an account id".into()));
                    self.error_help(
                        "unknown-target",
                        format!("target `{}` is not in the organization", t.value),
                        help,
                        &t.path,
                        t.span,
                    );
                }
                targets.push(t.value);
            }
            if targets.is_empty() {
                self.warning(
                    "unattached-policy",
                    format!("{what} `{}` has no targets: it applies nowhere", name.value),
                    &o.path,
                    o.span,
                );
            }
            out.push(OrgPolicy { attached, targets });
        }
        out
    }
}

/// Whether following parents from unit `i` comes back to it (or never reaches `root`).
fn cycles(units: &[OrgUnit], i: usize) -> bool {
    let Some(start) = units.get(i) else {
        return false;
    };
    let mut cur = start.parent.as_str();
    for _ in 0..=units.len() {
        if cur == "root" {
            return false;
        }
        match units.iter().find(|u| u.id == cur) {
            Some(u) => cur = u.parent.as_str(),
            None => return false,
        }
    }
    true
}
