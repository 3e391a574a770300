//! A path a query found (a principal, the roles it assumes in turn, and the final call), as
//! steps of a scenario: run once more with full traces to check it and to name each hop's
//! decisive statements, and written as `iam-playground/scenario@1` steps so the playground can
//! open it and explain every hop.

use super::graph::{node_arn, Node};
use super::knobs::{self, Candidate, Knob};
use super::probe::{self, SESSION_NAME};
use crate::eval::request::ContextValue;
use crate::scenario::model::{Scenario, Step, StepKind};
use crate::scenario::report::{StepReport, TraceEntry};
use crate::scenario::run::{RunOptions, Runner};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::HashSet;

/// How a path starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// `as` a user or root user.
    Principal(Node),
    /// `as` a role used by a service.
    Service(Node, String),
    /// A session of a role whose callers the query leaves open (not a runnable step).
    Session(Node),
}

/// A path: its start, the roles assumed in turn (with the knobs each hop needs), and an
/// optional final call (with its knobs).
#[derive(Debug, Clone)]
pub struct Path {
    /// The start.
    pub start: Start,
    /// Roles assumed in turn.
    pub hops: Vec<((usize, usize), Vec<Candidate>)>,
    /// The final call: action, resource, knobs, fixed context.
    pub call: Option<Call>,
}

/// A path's final call.
#[derive(Debug, Clone)]
pub struct Call {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The knobs it needs.
    pub knobs: Vec<Candidate>,
    /// Context the query fixed.
    pub context: Vec<(String, Option<ContextValue>)>,
}

/// A statement a decision rested on.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Decisive {
    /// The policy's name as AWS names it.
    pub policy: String,
    /// The policy's id (its JSON path in the scenario), for the playground's editors.
    pub policy_id: String,
    /// The statement's `Sid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The statement's index in the policy.
    pub statement: usize,
    /// `Allow` or `Deny`.
    pub effect: String,
}

/// A condition the caller must meet on a step.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// The index of the step (in the answer's `steps`) it applies to.
    pub step: usize,
    /// The condition key.
    pub key: String,
    /// "if …", in plain words.
    pub text: String,
    /// The policy condition it satisfies, as written.
    pub condition: String,
}

/// One hop of an answer, as the engine decided it when the path was run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop {
    /// `as`, `session`, `assumeRole` or `call`.
    pub kind: String,
    /// Who acts (the identity making the request, or the one taken on by `as`).
    pub principal: String,
    /// The role assumed or the resource called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The action of a call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The decision (`allowed`…), absent for `as` and `session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// The statements the decision rested on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisive: Vec<Decisive>,
    /// The named assumptions the decision depended on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// A path run with traces.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The final decision.
    pub decision: String,
    /// The hops.
    pub hops: Vec<Hop>,
    /// The conditions, by step.
    pub conditions: Vec<Condition>,
    /// The steps (scenario format), empty when the path starts from an open session.
    pub steps: Vec<Value>,
}

impl Path {
    /// The knobs the `as` step carries: MFA and source address for the final call, and the
    /// source address any hop needs.
    fn identity_knobs(&self) -> Vec<Knob> {
        let mut out: Vec<Knob> = Vec::new();
        for (_, ks) in &self.hops {
            out.extend(
                ks.iter()
                    .filter(|c| matches!(c.knob, Knob::SourceIp(_)))
                    .map(|c| c.knob.clone()),
            );
        }
        if let Some(c) = &self.call {
            out.extend(
                c.knobs
                    .iter()
                    .filter(|c| matches!(c.knob, Knob::Mfa | Knob::SourceIp(_)))
                    .map(|c| c.knob.clone()),
            );
        }
        out.dedup();
        out
    }

    /// The path's steps as the runner takes them (the first is the start's `as`, absent for
    /// an open session), and the node each request is made by.
    fn model_steps(&self, sc: &Scenario) -> Vec<Step> {
        let idk = self.identity_knobs();
        let mut out = Vec::new();
        let mut caller = match &self.start {
            Start::Principal(n) => {
                out.push(probe::as_step(sc, *n, &idk, None));
                *n
            }
            Start::Service(n, s) => {
                out.push(probe::as_step(sc, *n, &idk, Some(s)));
                *n
            }
            Start::Session(n) => *n,
        };
        for ((ai, ri), ks) in &self.hops {
            let knobs: Vec<Knob> = ks.iter().map(|c| c.knob.clone()).collect();
            let arn = node_arn(sc, Node::Role(*ai, *ri)).unwrap_or_default();
            out.push(probe::assume_step(sc, caller, &arn, &knobs));
            caller = Node::Role(*ai, *ri);
        }
        if let Some(c) = &self.call {
            let knobs: Vec<Knob> = c.knobs.iter().map(|k| k.knob.clone()).collect();
            out.push(probe::call_step(&c.action, &c.resource, &knobs, &c.context));
        }
        out
    }

    /// Runs the path with full traces.
    pub fn check(&self, sc: &Scenario) -> Checked {
        let steps = self.model_steps(sc);
        let broken = HashSet::new();
        let mut r = Runner::new(sc, &broken, RunOptions::default());
        let mut hops = Vec::new();
        let mut offset = 0;
        if let Start::Session(n) = &self.start {
            let arn = node_arn(sc, *n).unwrap_or_default();
            let idk = self.identity_knobs();
            let mfa = idk.contains(&Knob::Mfa);
            r.enter_role_session(&arn, SESSION_NAME, mfa, knobs::source_ip(&idk));
            hops.push(Hop {
                kind: "session".into(),
                principal: r.current_principal().unwrap_or_default().to_string(),
                target: Some(arn),
                action: None,
                decision: None,
                decisive: Vec::new(),
                assumptions: Vec::new(),
            });
            offset = 1;
        }
        let mut decision = String::from("error");
        for (i, s) in steps.iter().enumerate() {
            let rep = r.step(i, s);
            decision = rep.decision.clone().unwrap_or_else(|| "error".into());
            let failed = rep.kind != "as" && decision != "allowed";
            hops.push(hop_of(&rep));
            if failed || (rep.kind == "as" && rep.error.is_some()) {
                if rep.kind == "as" {
                    decision = rep.decision.clone().unwrap_or_else(|| "error".into());
                }
                break;
            }
        }
        let conditions = self.conditions(offset == 0);
        let steps = if offset == 0 {
            steps.iter().filter_map(step_json).collect()
        } else {
            Vec::new()
        };
        Checked {
            decision,
            hops,
            conditions,
            steps,
        }
    }

    /// The conditions of the path, by step index (in the runnable steps when `runnable`).
    fn conditions(&self, runnable: bool) -> Vec<Condition> {
        let base = usize::from(runnable);
        let mut out = Vec::new();
        for (i, (_, ks)) in self.hops.iter().enumerate() {
            for c in ks {
                out.push(condition(base + i, c, false));
            }
        }
        if let Some(c) = &self.call {
            for k in &c.knobs {
                out.push(condition(base + self.hops.len(), k, true));
            }
        }
        out
    }
}

/// A step a query made, written as an `iam-playground/scenario@1` step (the fields query
/// steps use); each request is expected to be allowed. The knobs become step fields once, in
/// [`probe`], and are written from there.
fn step_json(step: &Step) -> Option<Value> {
    let mut m = Map::new();
    match &step.kind {
        StepKind::As {
            arn,
            mfa,
            source_ip,
            via,
            session_name,
        } => {
            m.insert("as".into(), json!(arn));
            if let Some(mfa) = mfa {
                m.insert("mfa".into(), json!(mfa));
            }
            if let Some(ip) = source_ip {
                m.insert("sourceIp".into(), json!(ip));
            }
            if let Some(v) = via {
                m.insert("via".into(), json!(v));
            }
            if let Some(n) = session_name {
                m.insert("sessionName".into(), json!(n));
            }
            return Some(Value::Object(m));
        }
        StepKind::AssumeRole(a) => {
            m.insert("assumeRole".into(), json!(a.role_arn));
            if let Some(mfa) = &a.mfa {
                m.insert(
                    "mfa".into(),
                    json!({"serialNumber": mfa.serial_number, "tokenCode": mfa.token_code}),
                );
            }
            if let Some(x) = &a.external_id {
                m.insert("externalId".into(), json!(x));
            }
            if let Some(x) = &a.source_identity {
                m.insert("sourceIdentity".into(), json!(x));
            }
            if let Some(n) = &a.session_name {
                m.insert("sessionName".into(), json!(n));
            }
            if !a.tags.is_empty() {
                let tags: Map<String, Value> = a
                    .tags
                    .0
                    .iter()
                    .map(|(k, v)| (k.clone(), json!(v)))
                    .collect();
                m.insert("tags".into(), Value::Object(tags));
            }
        }
        StepKind::Call {
            action,
            resource,
            context,
        } => {
            m.insert("call".into(), json!(action));
            m.insert("resource".into(), json!(resource));
            if !context.is_empty() {
                let ctx: Map<String, Value> = context
                    .iter()
                    .map(|(k, v)| (k.clone(), context_json(v.as_ref())))
                    .collect();
                m.insert("context".into(), Value::Object(ctx));
            }
        }
        _ => return None,
    }
    m.insert("expect".into(), json!("allowed"));
    Some(Value::Object(m))
}

fn context_json(v: Option<&ContextValue>) -> Value {
    match v {
        None => Value::Null,
        Some(ContextValue::Single(s)) => json!(s),
        Some(ContextValue::Multi(m)) => json!(m),
    }
}

fn condition(step: usize, c: &Candidate, on_call: bool) -> Condition {
    Condition {
        step,
        key: knobs::key(&c.knob),
        text: knobs::words(&c.knob, on_call),
        condition: c.condition.clone(),
    }
}

/// A hop from the report of the step that made it.
pub fn hop_of(rep: &StepReport) -> Hop {
    let mut decisive = Vec::new();
    let mut assumptions: Vec<String> = Vec::new();
    for t in &rep.trace {
        if let TraceEntry::Authorization { evaluation, .. } = t {
            for d in &evaluation.decisive {
                let one = Decisive {
                    policy: d.policy_name.clone(),
                    policy_id: d.policy_id.clone(),
                    sid: d.sid.clone(),
                    statement: d.statement_index,
                    effect: format!("{:?}", d.effect),
                };
                if !decisive.contains(&one) {
                    decisive.push(one);
                }
            }
            for a in &evaluation.assumptions {
                if !assumptions.iter().any(|x| x == a.id) {
                    assumptions.push(a.id.to_string());
                }
            }
        }
    }
    let (target, action) = match rep.kind.as_str() {
        "assumeRole" => (rep.resource.clone(), None),
        "call" => (rep.resource.clone(), rep.action.clone()),
        _ => (None, None),
    };
    Hop {
        kind: rep.kind.clone(),
        principal: rep.principal.clone().unwrap_or_default(),
        target,
        action,
        decision: if rep.kind == "as" {
            None
        } else {
            rep.decision.clone()
        },
        decisive,
        assumptions,
    }
}
