//! The scenario document: a fresh one, or the import merged into an existing scenario
//! (`--into`). Merging keeps everything the scenario has (its steps, its other accounts and
//! entities); accounts match by id; an imported user, group, role, customer managed policy or
//! resource replaces the entry with the same name (ARN for resources) of the same account,
//! with a warning when they differ; an imported organization replaces the scenario's.

use super::output::{AccountOut, Built};
use super::profiles::Known;
use super::{ImportSummary, Importer, Loc};
use crate::json::{JsonNode, JsonPath};
use serde_json::{json, Map, Value};
use std::collections::HashSet;

/// The scenario merged into.
pub struct Into {
    /// Its file index.
    pub src: usize,
    /// Its parsed text (for locating conflicts).
    pub node: JsonNode,
    /// Its document.
    pub value: Map<String, Value>,
}

/// What the scenario merged into already declares, for references and profiles.
#[derive(Debug, Default)]
pub struct Existing {
    /// Account ids.
    pub accounts: HashSet<String>,
    /// (account, lowercase group name).
    pub groups: HashSet<(String, String)>,
    /// (account, customer managed policy ARN).
    pub policies: HashSet<(String, String)>,
    /// AWS managed policy ARNs it carries (`awsManagedPolicies`).
    pub aws: HashSet<String>,
    /// (account, lowercase name, ARN) of users.
    pub users: Vec<(String, String, String)>,
    /// (account, lowercase name, ARN) of roles.
    pub roles: Vec<(String, String, String)>,
}

impl Existing {
    /// Reads what `into` declares.
    pub fn of(into: Option<&Into>) -> Existing {
        let mut e = Existing::default();
        let Some(into) = into else { return e };
        for a in into
            .value
            .get("accounts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(id) = a.get("id").and_then(Value::as_str) else {
                continue;
            };
            e.accounts.insert(id.to_string());
            let names = |key: &str| {
                a.get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|x| {
                        let name = x.get("name")?.as_str()?;
                        let path = x.get("path").and_then(Value::as_str).unwrap_or("/");
                        Some((name.to_string(), path.to_string()))
                    })
                    .collect::<Vec<_>>()
            };
            for (n, _) in names("groups") {
                e.groups.insert((id.to_string(), n.to_ascii_lowercase()));
            }
            for (n, p) in names("managedPolicies") {
                let arn = crate::scenario::arn::iam_arn(id, "policy", &p, &n);
                e.policies.insert((id.to_string(), arn));
            }
            for (n, p) in names("users") {
                let arn = crate::scenario::arn::iam_arn(id, "user", &p, &n);
                e.users.push((id.to_string(), n.to_ascii_lowercase(), arn));
            }
            for (n, p) in names("roles") {
                let arn = crate::scenario::arn::iam_arn(id, "role", &p, &n);
                e.roles.push((id.to_string(), n.to_ascii_lowercase(), arn));
            }
        }
        for d in into
            .value
            .get("awsManagedPolicies")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(a) = d.get("arn").and_then(Value::as_str) {
                e.aws.insert(a.to_string());
            }
        }
        e
    }

    /// Adds the scenario's users, roles and accounts to `known` (imported ones come after and
    /// win).
    pub fn add_to(&self, known: &mut Known) {
        known.accounts.extend(self.accounts.iter().cloned());
        for (a, n, arn) in &self.users {
            known.users.insert((a.clone(), n.clone()), arn.clone());
        }
        for (a, n, arn) in &self.roles {
            known.roles.insert((a.clone(), n.clone()), arn.clone());
        }
    }
}

/// Reads the scenario to merge into; `None` (with an error) when it is not a JSON object.
pub fn read_into(imp: &mut Importer, name: &str, text: &str) -> Option<Into> {
    let src = imp.add_src(name, text);
    let text = imp.text(src);
    let parsed = crate::json::parse(&text);
    let Some(node) = parsed.node else {
        for mut d in parsed.diagnostics {
            d.message = format!("the scenario to merge into is not JSON: {}", d.message);
            imp.diags.push((src, d));
        }
        return None;
    };
    let Value::Object(value) = node.to_serde() else {
        imp.error(
            &Loc {
                src,
                path: JsonPath::root(),
                span: node.span,
            },
            "wrong-type",
            format!(
                "the scenario to merge into must be a JSON object, found {}",
                node.value.type_name()
            ),
            None,
        );
        return None;
    };
    Some(Into { src, node, value })
}

const TITLE: &str = "Imported AWS export";

/// The scenario document and the summary.
pub fn assemble(
    imp: &mut Importer,
    built: Built,
    into: Option<Into>,
    steps: Vec<Value>,
) -> (Value, ImportSummary) {
    let mut summary = built.summary.clone();
    summary.steps = steps.len();
    summary.missing.clone_from(&imp.missing);
    let about = about(&summary, imp.srcs.len() - usize::from(into.is_some()));
    let Some(into) = into else {
        let mut m = Map::new();
        m.insert("format".into(), json!(crate::scenario::load::FORMAT));
        m.insert("title".into(), json!(TITLE));
        m.insert("description".into(), json!(about));
        if let Some(o) = built.organization {
            m.insert("organization".into(), o);
        }
        if !built.aws_policies.is_empty() {
            m.insert(
                "awsManagedPolicies".into(),
                Value::Array(built.aws_policies),
            );
        }
        let accounts: Vec<Value> = built.accounts.into_iter().map(account_value).collect();
        m.insert("accounts".into(), Value::Array(accounts));
        if !steps.is_empty() {
            m.insert("steps".into(), Value::Array(steps));
        }
        return (Value::Object(m), summary);
    };
    let Into {
        src,
        node,
        mut value,
    } = into;
    // Accounts.
    let mut accounts: Vec<Value> = match value.remove("accounts") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    for acct in built.accounts {
        let found = accounts
            .iter()
            .position(|a| a.get("id").and_then(Value::as_str) == Some(acct.id.as_str()));
        match found.and_then(|i| Some((i, accounts.get_mut(i)?.as_object_mut()?))) {
            Some((i, old)) => merge_account(imp, src, &node, i, old, acct),
            None => accounts.push(account_value(acct)),
        }
    }
    // Organization.
    let mut organization = value.remove("organization");
    if let Some(o) = built.organization {
        if let Some(old) = &organization {
            if *old != o {
                let at = node.get("organization").map_or(node.span, |n| n.span);
                imp.warn(
                    &Loc {
                        src,
                        path: JsonPath::root().key("organization"),
                        span: at,
                    },
                    "replaced-by-import",
                    "the scenario's organization is replaced by the imported one".into(),
                    None,
                );
            }
        }
        organization = Some(o);
    }
    // AWS managed policy documents.
    let mut aws: Vec<Value> = match value.remove("awsManagedPolicies") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    for d in built.aws_policies {
        let arn = d.get("arn").cloned();
        match aws.iter_mut().find(|x| x.get("arn") == arn.as_ref()) {
            Some(slot) => *slot = d,
            None => aws.push(d),
        }
    }
    let mut all_steps: Vec<Value> = match value.remove("steps") {
        Some(Value::Array(s)) => s,
        _ => Vec::new(),
    };
    all_steps.extend(steps);
    let description = match value.remove("description") {
        Some(Value::String(d)) if !d.is_empty() => format!("{d}\n\n{about}"),
        _ => about,
    };
    let mut m = Map::new();
    for key in ["format", "title"] {
        if let Some(v) = value.remove(key) {
            m.insert(key.into(), v);
        }
    }
    m.insert("description".into(), json!(description));
    if let Some(t) = value.remove("time") {
        m.insert("time".into(), t);
    }
    if let Some(o) = organization {
        m.insert("organization".into(), o);
    }
    if !aws.is_empty() {
        m.insert("awsManagedPolicies".into(), Value::Array(aws));
    }
    m.insert("accounts".into(), Value::Array(accounts));
    m.insert("steps".into(), Value::Array(all_steps));
    // Anything else the scenario has (the loader reports unknown fields), in its order.
    m.extend(value);
    (Value::Object(m), summary)
}

/// The paragraph saying what was imported and what the export did not settle.
fn about(s: &ImportSummary, files: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![
        plural(s.accounts, "account", "accounts"),
        plural(s.users, "user", "users"),
        plural(s.groups, "group", "groups"),
        plural(s.roles, "role", "roles"),
        plural(
            s.managed_policies,
            "customer managed policy",
            "customer managed policies",
        ),
        plural(s.resources, "resource policy", "resource policies"),
    ];
    if s.units + s.scps + s.rcps > 0 {
        parts.push(format!(
            "an organization with {}, {} and {}",
            plural(s.units, "unit", "units"),
            plural(s.scps, "SCP", "SCPs"),
            plural(s.rcps, "RCP", "RCPs")
        ));
    }
    if s.steps > 0 {
        parts.push(plural(
            s.steps,
            "step for AWS CLI profiles",
            "steps for AWS CLI profiles",
        ));
    }
    let mut text = format!(
        "Imported with `iam-playground import` from {}: {}. The files are the AWS CLI's read-only outputs (see the AWS CLI Command Reference, https://docs.aws.amazon.com/cli/latest/reference/).",
        plural(files, "file", "files"),
        parts.join(", ")
    );
    if !s.missing.is_empty() {
        text.push_str("\n\n**Not settled by the export** (the scenario does without it; the import's diagnostics say where):\n");
        for m in &s.missing {
            text.push_str(&format!("\n- {m}"));
        }
    }
    text
}

/// A fresh account entry.
fn account_value(a: AccountOut) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(a.id));
    if let Some(n) = a.name {
        m.insert("name".into(), json!(n));
    }
    for (key, items) in a.lists {
        if !items.is_empty() {
            m.insert(
                key.into(),
                Value::Array(items.into_iter().map(|i| i.value).collect()),
            );
        }
    }
    Value::Object(m)
}

/// Merges an imported account into the scenario's account `i`.
fn merge_account(
    imp: &mut Importer,
    src: usize,
    node: &JsonNode,
    i: usize,
    old: &mut Map<String, Value>,
    acct: AccountOut,
) {
    if let (None, Some(n)) = (old.get("name"), acct.name) {
        old.insert("name".into(), json!(n));
    }
    let anode = node
        .get("accounts")
        .and_then(JsonNode::as_array)
        .and_then(|a| a.get(i));
    for (key, items) in acct.lists {
        if items.is_empty() {
            continue;
        }
        let list = old.entry(key).or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(list) = list else { continue };
        let mut index: std::collections::HashMap<String, usize> = list
            .iter()
            .enumerate()
            .filter_map(|(j, x)| Some((item_key(key, x)?, j)))
            .collect();
        for item in items {
            match index.get(&item.key).copied() {
                Some(j) => {
                    if list.get(j) != Some(&item.value) {
                        let span = anode
                            .and_then(|a| a.get(key))
                            .and_then(JsonNode::as_array)
                            .and_then(|l| l.get(j))
                            .map_or(node.span, |n| n.span);
                        let from = imp.name(item.loc.src);
                        imp.warn(
                            &Loc { src, path: JsonPath::root().key("accounts").index(i).key(key).index(j), span },
                            "replaced-by-import",
                            format!("this entry of `{key}` is replaced by the one imported from `{from}`"),
                            Some("the export is the account's current state; edit the imported entry to try a change".into()),
                        );
                    }
                    if let Some(slot) = list.get_mut(j) {
                        *slot = item.value;
                    }
                }
                None => {
                    index.insert(item.key, list.len());
                    list.push(item.value);
                }
            }
        }
    }
}

fn item_key(list: &str, v: &Value) -> Option<String> {
    if list == "resources" {
        return v.get("arn").and_then(Value::as_str).map(str::to_string);
    }
    v.get("name")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
}
