//! What flips between two scenarios: every step whose decision changed (with the statements
//! that decided each side), and, over the two worlds, who can assume each role and what each
//! user and role can do on the resources the worlds declare. Two imports of the same accounts,
//! before and after a change, compare with no steps at all.

use super::graph::{node_arn, Graph, Node};
use super::path::{hop_of, Decisive};
use super::probe::{Prober, Verdict};
use crate::scenario::model::Scenario;
use crate::scenario::report::StepReport;
use crate::scenario::Report;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How many principal × action × resource cells a world comparison decides at most; past it
/// the comparison says it stopped (`truncated`).
pub const MAX_ACCESS_CELLS: usize = 200_000;

/// A step whose decision changed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepFlip {
    /// The step's index.
    pub index: usize,
    /// The step's kind.
    pub kind: String,
    /// Who made the request (after the change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The decision before (`allowed`, `implicitDeny`…, `notEvaluated`, or `absent`).
    pub before: String,
    /// The decision after.
    pub after: String,
    /// The statements that decided before.
    pub before_statements: Vec<Decisive>,
    /// The statements that decided after.
    pub after_statements: Vec<Decisive>,
}

/// A change in who can assume a role.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub struct AssumeFlip {
    /// The caller.
    pub principal: String,
    /// The role.
    pub role: String,
    /// Before: `allowed`, `allowed if …`, a denial, or `absent` (not in that world).
    pub before: String,
    /// After.
    pub after: String,
}

/// The key of the object that stands for a declared bucket's objects in a world comparison.
pub const OBJECT_KEY: &str = "any-object";

/// A change in what a principal can do.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub struct AccessFlip {
    /// The user, or the role whose sessions act.
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
}

/// Everything that flipped.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffAnswer {
    /// Whether anything flipped.
    pub changed: bool,
    /// Steps whose decision changed.
    pub steps: Vec<StepFlip>,
    /// Changes in who can assume which role.
    pub assume: Vec<AssumeFlip>,
    /// Changes in what users and roles can do on the declared resources.
    pub access: Vec<AccessFlip>,
    /// Remarks: steps only on one side, what was not compared.
    pub notes: Vec<String>,
    /// Whether the access comparison stopped at [`MAX_ACCESS_CELLS`].
    pub truncated: bool,
}

fn decisive(rep: Option<&StepReport>) -> Vec<Decisive> {
    rep.map(|r| hop_of(r).decisive).unwrap_or_default()
}

fn word(rep: Option<&StepReport>) -> String {
    match rep {
        None => "absent".into(),
        Some(r) if r.not_evaluated.is_some() => "notEvaluated".into(),
        Some(r) => r.decision.clone().unwrap_or_else(|| "none".into()),
    }
}

/// The steps whose decision differs between two reports (compared by position).
pub fn step_flips(before: &Report, after: &Report) -> (Vec<StepFlip>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let n = before.steps.len().max(after.steps.len());
    for i in 0..n {
        let (b, a) = (before.steps.get(i), after.steps.get(i));
        let same_kind = match (b, a) {
            (Some(b), Some(a)) => b.kind == a.kind && b.action == a.action,
            _ => false,
        };
        if b.is_some() && a.is_some() && !same_kind {
            notes.push(format!(
                "step {i} is a different request before and after; compared by position"
            ));
        }
        let (wb, wa) = (word(b), word(a));
        let decided = |r: Option<&StepReport>| {
            r.is_some_and(|x| x.decision.is_some() || x.not_evaluated.is_some())
        };
        if wb == wa || !(decided(b) || decided(a)) {
            continue;
        }
        let r = a.or(b);
        out.push(StepFlip {
            index: i,
            kind: r.map(|x| x.kind.clone()).unwrap_or_default(),
            principal: r.and_then(|x| x.principal.clone()),
            action: r.and_then(|x| x.action.clone()),
            resource: r.and_then(|x| x.resource.clone()),
            before: wb,
            after: wa,
            before_statements: decisive(b),
            after_statements: decisive(a),
        });
    }
    if before.steps.len() != after.steps.len() {
        notes.push(format!(
            "the scenarios have {} and {} steps",
            before.steps.len(),
            after.steps.len()
        ));
    }
    (out, notes)
}

fn verdict_word(v: &Verdict) -> String {
    match v {
        Verdict::Allowed(k) if k.is_empty() => "allowed".into(),
        Verdict::Allowed(k) => format!(
            "allowed if {}",
            k.iter()
                .map(|c| c.condition.clone())
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        Verdict::Denied { decision, .. } => decision.clone(),
    }
}

/// Who can assume each role directly: (caller ARN, role ARN) → verdict word, for allowed and
/// conditionally allowed pairs.
fn assume_edges(sc: &Scenario) -> BTreeMap<(String, String), String> {
    let mut g = Graph::build(sc);
    let mut pr = Prober::new(sc);
    let mut out = BTreeMap::new();
    let roles: Vec<(usize, usize)> = g.trusts.keys().copied().collect();
    for role in roles {
        let role_arn = node_arn(sc, Node::Role(role.0, role.1)).unwrap_or_default();
        for c in g.callers(sc, role).nodes {
            let v = pr.hop(c, None, role);
            if matches!(v, Verdict::Allowed(_)) {
                out.insert(
                    (node_arn(sc, c).unwrap_or_default(), role_arn.clone()),
                    verdict_word(&v),
                );
            }
        }
    }
    out
}

/// Literal actions the world's policies name, by lowercase service prefix.
fn actions_by_service(sc: &Scenario, out: &mut BTreeMap<String, BTreeSet<String>>) {
    for d in super::graph::world_documents(sc) {
        let Some(p) = &d.policy else { continue };
        for st in &p.statements {
            for a in &st.action.patterns {
                if a.value.contains('*') || a.value.contains('?') {
                    continue;
                }
                let service = a.value.split(':').next().unwrap_or("").to_ascii_lowercase();
                out.entry(service).or_default().insert(a.value.clone());
            }
        }
    }
}

fn principals(sc: &Scenario) -> BTreeMap<String, Node> {
    let mut out = BTreeMap::new();
    for (ai, a) in sc.accounts.iter().enumerate() {
        for (ui, u) in a.users.iter().enumerate() {
            out.insert(u.arn.clone(), Node::User(ai, ui));
        }
        for (ri, r) in a.roles.iter().enumerate() {
            out.insert(r.arn.clone(), Node::Role(ai, ri));
        }
    }
    out
}

/// Compares two worlds: assume edges and access on declared resources.
pub fn world_flips(before: &Scenario, after: &Scenario, answer: &mut DiffAnswer) {
    let (eb, ea) = (assume_edges(before), assume_edges(after));
    let (pb, pa) = (principals(before), principals(after));
    let keys: BTreeSet<&(String, String)> = eb.keys().chain(ea.keys()).collect();
    for k in keys {
        let side = |edges: &BTreeMap<(String, String), String>, ps: &BTreeMap<String, Node>| {
            edges.get(k).cloned().unwrap_or_else(|| {
                if ps.contains_key(&k.0) {
                    "not allowed".to_string()
                } else {
                    "absent".to_string()
                }
            })
        };
        let (b, a) = (side(&eb, &pb), side(&ea, &pa));
        if b != a {
            answer.assume.push(AssumeFlip {
                principal: k.0.clone(),
                role: k.1.clone(),
                before: b,
                after: a,
            });
        }
    }
    // Access: every user and role of either world, on every resource either declares, for
    // every literal action either world's policies name for that resource's service.
    let mut actions = BTreeMap::new();
    actions_by_service(before, &mut actions);
    actions_by_service(after, &mut actions);
    let mut resources: BTreeSet<String> = before
        .accounts
        .iter()
        .chain(after.accounts.iter())
        .flat_map(|a| a.resources.iter().map(|r| r.arn.clone()))
        .collect();
    // A bucket stands for its objects too: compare one object of each declared bucket.
    let objects: Vec<String> = resources
        .iter()
        .filter(|r| {
            crate::scenario::arn::parse(r)
                .is_some_and(|a| a.service == "s3" && !a.resource.contains('/'))
        })
        .map(|r| format!("{r}/{OBJECT_KEY}"))
        .collect();
    resources.extend(objects);
    let names: BTreeSet<&String> = pb.keys().chain(pa.keys()).collect();
    let mut prb = Prober::new(before);
    let mut pra = Prober::new(after);
    let mut cells = 0usize;
    'outer: for res in &resources {
        let service = crate::scenario::arn::parse(res)
            .map(|a| a.service.to_ascii_lowercase())
            .unwrap_or_default();
        let Some(acts) = actions.get(&service) else {
            continue;
        };
        for action in acts {
            for name in &names {
                cells += 1;
                if cells > MAX_ACCESS_CELLS {
                    answer.truncated = true;
                    break 'outer;
                }
                let b = match pb.get(*name) {
                    Some(n) => verdict_word(&prb.call(*n, None, action, res, &[])),
                    None => "absent".into(),
                };
                let a = match pa.get(*name) {
                    Some(n) => verdict_word(&pra.call(*n, None, action, res, &[])),
                    None => "absent".into(),
                };
                let allowed = |s: &str| s.starts_with("allowed");
                if b != a && (allowed(&b) || allowed(&a)) {
                    answer.access.push(AccessFlip {
                        principal: (*name).clone(),
                        action: action.clone(),
                        resource: res.clone(),
                        before: b,
                        after: a,
                    });
                }
            }
        }
    }
    if resources.is_empty() {
        answer.notes.push(
            "neither world declares resources: only who can assume which role was compared".into(),
        );
    }
}

/// Everything that flips from `before` to `after`: steps (run in full) and the worlds.
pub fn diff(before: (&Scenario, &Report), after: (&Scenario, &Report)) -> DiffAnswer {
    let mut answer = DiffAnswer::default();
    let (steps, notes) = step_flips(before.1, after.1);
    answer.steps = steps;
    answer.notes = notes;
    world_flips(before.0, after.0, &mut answer);
    answer.changed =
        !answer.steps.is_empty() || !answer.assume.is_empty() || !answer.access.is_empty();
    answer
}

/// Loads and runs both scenarios and compares them; the diagnostics of either when it is
/// invalid (with errors outside policy documents, nothing can be compared).
pub fn diff_texts(
    before: (&str, &str),
    after: (&str, &str),
) -> Result<DiffAnswer, Vec<crate::diag::LocatedDiagnostic>> {
    let rb = crate::scenario::simulate(before.0, before.1);
    let ra = crate::scenario::simulate(after.0, after.1);
    let wb = crate::scenario::load_world(before.0, before.1);
    let wa = crate::scenario::load_world(after.0, after.1);
    match (wb, wa) {
        (Ok(b), Ok(a)) => Ok(diff((&b, &rb), (&a, &ra))),
        (b, a) => {
            let mut diags = b.err().unwrap_or_default();
            diags.extend(a.err().unwrap_or_default());
            Err(diags)
        }
    }
}
