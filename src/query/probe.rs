//! Asking the engine one question for a query: can this principal (a user, a root user, or a
//! session of a role) take this hop or make this call, and if only with some choices of its
//! own, which ones. Every answer comes from the scenario runner deciding real steps (without
//! traces, for speed); the knobs tried come from the conditions of the policies involved, and
//! only the knobs the decision needs are kept.

use super::graph::{identity_policies, node_arn, Node};
use super::knobs::{self, Candidate, Knob};
use crate::eval::request::ContextValue;
use crate::scenario::model::{AssumeRoleStep, MfaParams, Scenario, Step, StepKind};
use crate::scenario::run::{RunOptions, Runner};
use crate::scenario::world;
use crate::source::Span;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The token code the steps of an answer pass with an MFA serial number (any six digits).
pub const MFA_TOKEN_CODE: &str = "123456";

/// The session name queries give the role sessions they make.
pub const SESSION_NAME: &str = "who-can";

/// What a probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Allowed, with the knobs it needs (empty: unconditionally).
    Allowed(Vec<Candidate>),
    /// Not allowed. `blocked` lists the caller-controlled conditions tried in vain (the query
    /// could not settle them).
    Denied {
        /// The decision without knobs (`implicitDeny`, `explicitDeny`, `error`).
        decision: String,
        /// Conditions tried that did not settle it.
        blocked: Vec<Candidate>,
        /// The decision with all of them met (empty when none was tried).
        with_knobs: String,
    },
}

/// No broken documents: queries run on valid worlds only.
fn no_broken() -> &'static HashSet<String> {
    static EMPTY: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(HashSet::new)
}

/// Evaluations for one query over one world.
pub struct Prober<'s> {
    sc: &'s Scenario,
    runner: Runner<'s>,
    cands: HashMap<(usize, String), Arc<Vec<Candidate>>>,
    /// How many evaluations ran.
    pub evaluations: usize,
}

fn step(kind: StepKind) -> Step {
    Step {
        kind,
        expect: None,
        expect_error: None,
        note: None,
        span: Span::default(),
    }
}

/// The MFA serial a user would pass: its first device, else the conventional virtual device
/// ARN named after the user.
pub fn mfa_serial(sc: &Scenario, node: Node) -> String {
    if let Node::User(ai, ui) = node {
        if let Some((a, u)) = sc
            .accounts
            .get(ai)
            .and_then(|a| a.users.get(ui).map(|u| (a, u)))
        {
            return u
                .mfa_devices
                .first()
                .cloned()
                .unwrap_or_else(|| format!("arn:aws:iam::{}:mfa/{}", a.id, u.name));
        }
    }
    let arn = node_arn(sc, node).unwrap_or_default();
    let account = crate::scenario::arn::parse(&arn)
        .map(|a| a.account.to_string())
        .unwrap_or_default();
    format!("arn:aws:iam::{account}:mfa/device")
}

/// The `assumeRole` step for `role_arn` with `knobs`.
pub fn assume_step(sc: &Scenario, caller: Node, role_arn: &str, knobs: &[Knob]) -> Step {
    let mut a = AssumeRoleStep {
        role_arn: role_arn.to_string(),
        session_name: Some(SESSION_NAME.to_string()),
        ..AssumeRoleStep::default()
    };
    for k in knobs {
        match k {
            Knob::Mfa => {
                a.mfa = Some(MfaParams {
                    serial_number: mfa_serial(sc, caller),
                    token_code: MFA_TOKEN_CODE.to_string(),
                })
            }
            Knob::ExternalId(x) => a.external_id = Some(x.clone()),
            Knob::SourceIdentity(x) => a.source_identity = Some(x.clone()),
            Knob::SessionName(x) => a.session_name = Some(x.clone()),
            Knob::Tag(k, v) => a.tags.set(k, v),
            Knob::SourceIp(_) | Knob::Context(..) => {}
        }
    }
    step(StepKind::AssumeRole(Box::new(a)))
}

/// The `call` step for `action` on `resource` with `knobs` (context keys) and `context`.
pub fn call_step(
    action: &str,
    resource: &str,
    knobs: &[Knob],
    context: &[(String, Option<ContextValue>)],
) -> Step {
    let mut ctx = context.to_vec();
    for k in knobs {
        if let Knob::Context(key, v) = k {
            ctx.push((key.clone(), Some(ContextValue::Single(v.clone()))));
        }
    }
    step(StepKind::Call {
        action: action.to_string(),
        resource: resource.to_string(),
        context: ctx,
    })
}

/// The `as` step that starts a path at `node` (a user or a root user), with MFA and source
/// address when `knobs` ask for them. Roles start through a service or a session.
pub fn as_step(sc: &Scenario, node: Node, knobs: &[Knob], via: Option<&str>) -> Step {
    let mfa = knobs.contains(&Knob::Mfa).then_some(true);
    let source_ip = knobs::source_ip(knobs).map(str::to_string);
    step(StepKind::As {
        arn: node_arn(sc, node).unwrap_or_default(),
        mfa: if matches!(node, Node::User(..)) {
            mfa
        } else {
            None
        },
        source_ip,
        via: via.map(str::to_string),
        session_name: None,
    })
}

impl<'s> Prober<'s> {
    /// A prober over `sc`.
    pub fn new(sc: &'s Scenario) -> Self {
        Prober {
            sc,
            runner: Runner::new(sc, no_broken(), RunOptions::DECISIONS),
            cands: HashMap::new(),
            evaluations: 0,
        }
    }

    /// The knobs the documents `atts` (and the organization's SCPs and RCPs, whose conditions
    /// such as a region restriction apply to every request) suggest for `action`.
    fn candidates_of(
        &mut self,
        atts: &[&crate::scenario::model::Attached],
        action: &str,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        let org = self.sc.organization.as_ref();
        let org_docs = org
            .into_iter()
            .flat_map(|o| o.scps.iter().chain(o.rcps.iter()))
            .map(|p| &p.attached);
        for a in atts.iter().copied().chain(org_docs) {
            let Some(p) = &a.policy else { continue };
            let key = (Arc::as_ptr(p) as usize, action.to_ascii_lowercase());
            let list = self
                .cands
                .entry(key)
                .or_insert_with(|| Arc::new(knobs::candidates(p, action)))
                .clone();
            for c in list.iter() {
                if !out.iter().any(|o| o.knob == c.knob) {
                    out.push(c.clone());
                }
            }
        }
        out
    }

    /// Runs `node`'s session start (knobs on the identity) then `last`; the last step's
    /// decision word.
    fn decide(&mut self, node: Node, via: Option<&str>, knobs: &[Knob], last: &Step) -> String {
        self.evaluations += 1;
        let r = &mut self.runner;
        r.reset();
        let ok = match node {
            Node::Role(..) if via.is_none() => {
                let arn = node_arn(self.sc, node).unwrap_or_default();
                let ip = knobs::source_ip(knobs);
                r.enter_role_session(&arn, SESSION_NAME, knobs.contains(&Knob::Mfa), ip)
            }
            _ => {
                let first = as_step(self.sc, node, knobs, via);
                let rep = r.step(0, &first);
                rep.error.is_none() && r.current_principal().is_some()
            }
        };
        if !ok {
            return "error".into();
        }
        r.step(1, last).decision.unwrap_or_else(|| "error".into())
    }

    /// Tries `ask` without knobs, then with every candidate, keeping the needed ones.
    fn search(
        &mut self,
        cands: Vec<Candidate>,
        mut ask: impl FnMut(&mut Self, &[Knob]) -> String,
    ) -> Verdict {
        let plain = ask(self, &[]);
        if plain == "allowed" {
            return Verdict::Allowed(Vec::new());
        }
        if cands.is_empty() {
            return Verdict::Denied {
                decision: plain,
                blocked: Vec::new(),
                with_knobs: String::new(),
            };
        }
        let all: Vec<Knob> = cands.iter().map(|c| c.knob.clone()).collect();
        let with = ask(self, &all);
        if with != "allowed" {
            return Verdict::Denied {
                decision: plain,
                blocked: cands,
                with_knobs: with,
            };
        }
        // Keep only the knobs the decision needs.
        let mut kept = cands;
        let mut i = 0;
        while i < kept.len() {
            let without: Vec<Knob> = kept
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c.knob.clone())
                .collect();
            if ask(self, &without) == "allowed" {
                kept.remove(i);
            } else {
                i += 1;
            }
        }
        Verdict::Allowed(kept)
    }

    /// Whether `caller` can assume the role `role`.
    pub fn hop(&mut self, caller: Node, via: Option<&str>, role: (usize, usize)) -> Verdict {
        let sc = self.sc;
        let Some(r) = sc.accounts.get(role.0).and_then(|a| a.roles.get(role.1)) else {
            return Verdict::Denied {
                decision: "error".into(),
                blocked: Vec::new(),
                with_knobs: String::new(),
            };
        };
        let mut atts = identity_policies(sc, caller);
        atts.extend(r.trust.iter());
        let cands: Vec<Candidate> = self
            .candidates_of(&atts, "sts:AssumeRole")
            .into_iter()
            .filter(|c| c.knob.fits_assume_role())
            .collect();
        let arn = r.arn.clone();
        self.search(cands, |me, knobs| {
            let last = assume_step(sc, caller, &arn, knobs);
            let id: Vec<Knob> = knobs
                .iter()
                .filter(|k| matches!(k, Knob::SourceIp(_)))
                .cloned()
                .collect();
            me.decide(caller, via, &id, &last)
        })
    }

    /// Whether `node` can make the call.
    pub fn call(
        &mut self,
        node: Node,
        via: Option<&str>,
        action: &str,
        resource: &str,
        context: &[(String, Option<ContextValue>)],
    ) -> Verdict {
        let sc = self.sc;
        let mut atts = identity_policies(sc, node);
        let caller_account = super::graph::account_of(sc, node);
        let info = world::resource(sc, resource, caller_account.as_deref());
        atts.extend(info.entry.and_then(|e| e.policy.as_ref()));
        if let Some((_, r)) = world::role_in(sc, resource) {
            atts.extend(r.trust.iter());
        }
        let set_keys: Vec<String> = context
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .collect();
        let cands: Vec<Candidate> = self
            .candidates_of(&atts, action)
            .into_iter()
            .filter(|c| c.knob.fits_call())
            .filter(|c| match &c.knob {
                Knob::Context(k, _) => !set_keys.contains(&k.to_ascii_lowercase()),
                Knob::Mfa => !matches!(node, Node::Root(_)) && via.is_none(),
                _ => true,
            })
            .collect();
        self.search(cands, |me, knobs| {
            let last = call_step(action, resource, knobs, context);
            me.decide(node, via, knobs, &last)
        })
    }
}
