//! Running a loaded scenario step by step: the simulated clock, the current identity and the
//! `exitRole` stack, `as` (users, root, roles used via a service), `sts:AssumeRole` (validation,
//! authorization of AssumeRole / TagSession / SetSourceIdentity, the new session), calls,
//! session revocation, and expectations.

use super::authz::{self, Decision};
use super::clock::format_rfc3339;
use super::identity::{context_json, Identity, Who, DEFAULT_SOURCE_IP};
use super::model::{
    Account, AssumeRoleStep, Attached, Expect, Role, Scenario, Step, StepKind, Tags,
};
use super::report::{BrokenDocument, StepError, StepReport, TraceEntry};
use super::{arn, aws_managed, sts, world};
use crate::eval::inputs::{AuthzInputs, NamedPolicy, OrgLevel, ResourcePolicyKind};
use crate::eval::request::{Context, ContextValue, Principal, PrincipalKind, Request};
use crate::policy::model::PolicyKind;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Services whose requests RCPs apply to (AWS's list of RCP-supported services).
pub const RCP_SERVICES: [&str; 10] = [
    "s3",
    "sts",
    "sqs",
    "kms",
    "secretsmanager",
    "dynamodb",
    "ecr",
    "logs",
    "cognito-identity",
    "aoss",
];

/// The name of the MFA assumption, shown on a step whose decision read a session's MFA key.
pub const MFA_ASSUMPTION: &str = "mfa-carry";

/// The `mfa-carry` reading for a session made by `sts:AssumeRole`, ending with this session's value.
macro_rules! mfa_rule {
    ($session:literal) => {
        concat!(
            "a role session has aws:MultiFactorAuthPresent = true when its AssumeRole call passed MFA, or when the caller was a user whose own session was MFA-authenticated; otherwise false (AWS's documentation is not consistent here). This session: ",
            $session
        )
    };
}

/// The error code of a step the engine cannot evaluate (not an AWS error code).
pub const CANNOT_EVALUATE: &str = "CannotEvaluate";

/// The resource side of one authorization.
struct Target<'a> {
    resource: String,
    account: Option<String>,
    ownership: &'static str,
    policy: Option<&'a Attached>,
    kind: ResourcePolicyKind,
    tags: Tags,
}

impl<'a> Target<'a> {
    /// A role as the resource of `sts:AssumeRole`: its trust policy decides, with `tags` as
    /// the role's tags (the caller's transitive tags may replace some).
    fn trust(acct: &Account, role: &'a Role, tags: Tags) -> Self {
        Target {
            resource: role.arn.clone(),
            account: Some(acct.id.clone()),
            ownership: world::Ownership::Entity.words(),
            policy: role.trust.as_ref(),
            kind: ResourcePolicyKind::RoleTrust,
            tags,
        }
    }
}

/// How steps are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Build each authorization's full trace (the report's `trace`). Without it a step
    /// carries its decision, error and identity only: the same decisions, computed by
    /// [`crate::eval::decide`] (bulk queries re-run the few steps a person opens).
    pub trace: bool,
    /// Without the trace, still name each decision's decisive statements (the step's
    /// `decisive`), at about the cost of deciding again; a traced run always names them.
    pub explain: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            trace: true,
            explain: true,
        }
    }
}

impl RunOptions {
    /// Decisions only: no trace, no decisive statements (bulk queries).
    pub const DECISIONS: RunOptions = RunOptions {
        trace: false,
        explain: false,
    };
    /// No trace, but each decision's decisive statements (reports without traces).
    pub const EXPLAINED: RunOptions = RunOptions {
        trace: false,
        explain: true,
    };
}

/// A step's running state.
pub struct Runner<'s> {
    sc: &'s Scenario,
    opts: RunOptions,
    now: i64,
    current: Option<Identity>,
    stack: Vec<Identity>,
    revocations: HashMap<String, Attached>,
    full_access: Option<Attached>,
    rcp_full_access: Option<Attached>,
    /// Ids of the policy documents with errors (an invalid scenario's partial run).
    broken: &'s HashSet<String>,
    /// Why the current identity is unknown (a step it came from was not evaluated).
    lost: Option<Lost>,
    /// When set, the last authorization of a `call` step is kept here (see [`Captured`]).
    capture: Option<std::cell::RefCell<Option<Captured>>>,
}

/// The identity is unknown: the step that made it (an `assumeRole`, or an `as` through a
/// service) was not evaluated.
struct Lost {
    /// What every later step that needs the identity reports.
    why: String,
    /// The documents with errors behind it.
    documents: Vec<BrokenDocument>,
    /// The identity an `exitRole` gives back whatever the lost step decided: the caller of a
    /// not-evaluated `assumeRole` with no earlier role to switch back to (allowed, `exitRole`
    /// ends the new session; denied, there is nothing to switch back from). `None` when it
    /// depends on the decision, or once another `assumeRole` was attempted meanwhile.
    back: Option<Identity>,
}

/// The request and policies of a `call` step's authorization, owned, so that the same
/// decision can be made again without running the steps that led to it (prepared queries of
/// a compiled world).
#[derive(Debug, Clone)]
pub struct Captured {
    /// The request as the evaluator saw it.
    pub request: Request,
    /// Every policy that applied to it.
    pub inputs: OwnedInputs,
    /// The request was for a KMS key the scenario does not declare: only an explicit deny is
    /// certain (anything else is `CannotEvaluate`).
    pub undeclared_kms_key: bool,
}

/// The documents of every policy type that apply to one request: borrowed from the scenario
/// while a step runs (`Sources<&Attached>`), owned when kept ([`OwnedInputs`]).
#[derive(Debug, Clone)]
pub struct Sources<A> {
    identity: Vec<A>,
    boundary: Option<A>,
    session: Option<Vec<A>>,
    scp_levels: Option<Vec<(String, Vec<A>)>>,
    rcp_levels: Option<Vec<(String, Vec<A>)>>,
    resource_policy: Option<A>,
    kind: ResourcePolicyKind,
}

/// [`Sources`] that own their documents (shared, not copied).
pub type OwnedInputs = Sources<Attached>;

fn all<A: Borrow<Attached>>(v: &[A]) -> Vec<NamedPolicy<'_>> {
    v.iter().filter_map(|a| named(Some(a.borrow()))).collect()
}

type Levels<A> = Option<Vec<(String, Vec<A>)>>;

fn levels<A: Borrow<Attached>>(l: &Levels<A>) -> Option<Vec<OrgLevel<'_>>> {
    l.as_ref().map(|v| {
        v.iter()
            .map(|(target, ps)| OrgLevel {
                target: target.clone(),
                policies: all(ps),
            })
            .collect()
    })
}

impl<A: Borrow<Attached>> Sources<A> {
    /// The inputs for the evaluator, borrowing these documents.
    pub fn inputs(&self) -> AuthzInputs<'_> {
        AuthzInputs {
            identity: all(&self.identity),
            boundary: self.boundary.as_ref().and_then(|a| named(Some(a.borrow()))),
            session: self.session.as_deref().map(all),
            scp_levels: levels(&self.scp_levels),
            rcp_levels: levels(&self.rcp_levels),
            resource_policy: self
                .resource_policy
                .as_ref()
                .and_then(|a| named(Some(a.borrow()))),
            resource_policy_kind: self.kind,
        }
    }
}

impl Sources<&Attached> {
    fn to_owned_inputs(&self) -> OwnedInputs {
        let own = |l: &Levels<&Attached>| {
            l.as_ref().map(|v| {
                v.iter()
                    .map(|(t, ps)| (t.clone(), ps.iter().map(|a| (*a).clone()).collect()))
                    .collect()
            })
        };
        Sources {
            identity: self.identity.iter().map(|a| (*a).clone()).collect(),
            boundary: self.boundary.cloned(),
            session: self
                .session
                .as_ref()
                .map(|v| v.iter().map(|a| (*a).clone()).collect()),
            scp_levels: own(&self.scp_levels),
            rcp_levels: own(&self.rcp_levels),
            resource_policy: self.resource_policy.cloned(),
            kind: self.kind,
        }
    }
}

/// Runs every step of a scenario. `broken` holds the ids of policy documents with errors (an
/// invalid scenario's partial run): a request that depends on one is not evaluated.
pub fn run(sc: &Scenario, broken: &HashSet<String>) -> Vec<StepReport> {
    let mut r = Runner::new(sc, broken, RunOptions::default());
    sc.steps
        .iter()
        .enumerate()
        .map(|(i, s)| r.step(i, s))
        .collect()
}

impl<'s> Runner<'s> {
    /// A runner at the scenario's start time, with no identity yet.
    pub fn new(sc: &'s Scenario, broken: &'s HashSet<String>, opts: RunOptions) -> Self {
        Runner {
            opts,
            broken,
            lost: None,
            sc,
            now: sc.time,
            current: None,
            stack: Vec::new(),
            revocations: HashMap::new(),
            full_access: aws_managed::full_aws_access(),
            rcp_full_access: aws_managed::rcp_full_aws_access(),
            capture: None,
        }
    }

    /// Builds the traces of the steps run from now on (or not).
    pub fn set_trace(&mut self, trace: bool) {
        self.opts.trace = trace;
    }

    /// Keeps the next `call` step's authorization (see [`Runner::captured`]).
    pub fn capture_next(&mut self) {
        self.capture = Some(std::cell::RefCell::new(None));
    }

    /// The authorization kept since [`Runner::capture_next`], if a `call` step reached one.
    pub fn captured(&mut self) -> Option<Captured> {
        self.capture.take().and_then(|c| c.into_inner())
    }

    /// Back to the scenario's start: no identity, no revocations, the clock at its start.
    pub fn reset(&mut self) {
        self.now = self.sc.time;
        self.current = None;
        self.stack.clear();
        self.revocations.clear();
        self.lost = None;
    }

    /// Takes on a session of role `role_arn` as `sts:AssumeRole` makes it for a caller the
    /// query leaves open: named `session_name`, the role's tags, no session policy, issued
    /// now for an hour, MFA present when `mfa`, and requests from `source_ip`. Who-can and
    /// reach queries start from such sessions to ask what a role's sessions can do; the
    /// paths they report are then run from a real principal. `false` when the role is not
    /// in the world.
    pub fn enter_role_session(
        &mut self,
        role_arn: &str,
        session_name: &str,
        mfa: bool,
        source_ip: Option<&str>,
    ) -> bool {
        let Some((ai, ri)) = self.role_index(role_arn) else {
            return false;
        };
        let Some((acct, role)) = self
            .sc
            .accounts
            .get(ai)
            .and_then(|a| a.roles.get(ri).map(|r| (a, r)))
        else {
            return false;
        };
        self.stack.clear();
        self.lost = None;
        let base = self.role_session(
            (ai, ri),
            acct,
            role,
            session_name,
            role.tags.clone(),
            format!(
                "a session of {} (any caller allowed to assume it)",
                role.arn
            ),
        );
        self.current = Some(Identity {
            mfa_present: Some(mfa),
            mfa_time: mfa.then_some(self.now),
            expires: Some(self.now.saturating_add(3600)),
            source_ip: source_ip.unwrap_or(DEFAULT_SOURCE_IP).to_string(),
            ..base
        });
        true
    }

    /// A session of the role at (account, role) positions `at`, named `session_name`, issued
    /// now, with principal tags `tags`: what every role session shares. Without MFA, expiry,
    /// transitive tags, source identity or session policies, from the default address; the
    /// callers set what their session differs in.
    fn role_session(
        &self,
        at: (usize, usize),
        acct: &Account,
        role: &Role,
        session_name: &str,
        tags: Tags,
        credentials: String,
    ) -> Identity {
        Identity {
            who: Who::RoleSession(at.0, at.1),
            principal: session_principal(&acct.id, role, session_name),
            userid: format!("{}:{session_name}", role.unique_id),
            username: None,
            principal_arn: role.arn.clone(),
            mfa_present: Some(false),
            mfa_time: None,
            token_issue_time: Some(self.now),
            expires: None,
            source_ip: DEFAULT_SOURCE_IP.to_string(),
            tags,
            transitive: Tags::default(),
            source_identity: None,
            session_policies: None,
            credentials,
            role_session: true,
            mfa_rule: None,
        }
    }

    /// The ARN of the identity the next request is made as, if any.
    pub fn current_principal(&self) -> Option<&str> {
        self.current.as_ref().map(|c| c.principal.arn.as_str())
    }

    /// Runs one step (its `index` is the report's) against the current state.
    pub fn step(&mut self, index: usize, step: &Step) -> StepReport {
        let mut rep = StepReport {
            index,
            kind: step.kind.name().to_string(),
            time: format_rfc3339(self.now),
            expect: step.expect.map(|e| e.word().to_string()),
            expect_error: step.expect_error.clone(),
            note: step.note.clone(),
            ..StepReport::default()
        };
        let needs_identity = matches!(
            step.kind,
            StepKind::AssumeRole(_) | StepKind::Call { .. } | StepKind::ExitRole
        );
        if let (true, Some(lost)) = (needs_identity, &mut self.lost) {
            let back = match step.kind {
                StepKind::ExitRole => lost.back.take(),
                _ => None,
            };
            if matches!(step.kind, StepKind::AssumeRole(_)) {
                // its outcome would decide where a later `exitRole` lands
                lost.back = None;
            }
            match back {
                Some(me) => {
                    // the caller is known again: `exitRole` switches back to it below
                    if self.opts.trace {
                        rep.trace.push(TraceEntry::Note {
                            text: format!("the role session of the step that was not evaluated ends here whatever that step decided: {} again", me.principal.arn),
                        });
                    }
                    self.lost = None;
                    self.current = None;
                    self.stack.push(me);
                }
                None => {
                    rep.not_evaluated = Some(lost.why.clone());
                    rep.broken_documents = lost.documents.clone();
                    return rep;
                }
            }
        }
        match &step.kind {
            StepKind::As {
                arn,
                mfa,
                source_ip,
                via,
                session_name,
            } => self.as_step(
                &mut rep,
                arn,
                *mfa,
                source_ip.as_deref(),
                via.as_deref(),
                session_name.as_deref(),
            ),
            StepKind::AssumeRole(a) => self.assume_role(&mut rep, a),
            StepKind::Call {
                action,
                resource,
                context,
            } => self.call(&mut rep, action, resource, context),
            StepKind::RevokeSessions { role_arn } => self.revoke(&mut rep, role_arn),
            StepKind::AdvanceTime { seconds, text } => {
                self.now = self.now.saturating_add(*seconds);
                if self.opts.trace {
                    rep.trace.push(TraceEntry::Note {
                        text: format!(
                            "the clock moves forward {text} to {}",
                            format_rfc3339(self.now)
                        ),
                    });
                }
            }
            StepKind::SetTime { time } => {
                self.now = *time;
                if self.opts.trace {
                    rep.trace.push(TraceEntry::Note {
                        text: format!("the clock is set to {}", format_rfc3339(self.now)),
                    });
                }
            }
            StepKind::ExitRole => {
                rep.principal = self.current.as_ref().map(|c| c.principal.arn.clone());
                match self.stack.pop() {
                    Some(prev) => {
                        if self.opts.trace {
                            rep.trace.push(TraceEntry::Note {
                                text: format!("switch back: {} again", prev.principal.arn),
                            });
                        }
                        self.current = Some(prev);
                    }
                    None => {
                        if self.opts.trace {
                            rep.trace.push(TraceEntry::Note {
                        text: "no role to switch back from (the last `assumeRole` was not allowed): the identity is unchanged".into(),
                    });
                        }
                    }
                }
            }
        }
        if let (Some(cell), false) = (&self.capture, matches!(step.kind, StepKind::Call { .. })) {
            // only a `call` step's one authorization can be made again on its own
            *cell.borrow_mut() = None;
        }
        let cannot_evaluate = rep
            .error
            .as_ref()
            .is_some_and(|e| e.code == CANNOT_EVALUATE);
        if let (Some(expect), None) = (step.expect, &rep.not_evaluated) {
            let decision = rep.decision.as_deref();
            let mut met = decision == Some(expect.word());
            if met && expect == Expect::Error {
                if let Some(err) = &rep.error {
                    met = match &step.expect_error {
                        Some(want) => want == &err.code,
                        // "cannot evaluate" is not an AWS error: only an explicit
                        // `"expectError": "CannotEvaluate"` meets it.
                        None => !cannot_evaluate,
                    };
                }
            }
            rep.met = Some(met);
        }
        // A step the engine could not evaluate fails the run unless it was expected.
        rep.unexpected_cannot_evaluate = cannot_evaluate && rep.met != Some(true);
        rep
    }

    fn set_error(rep: &mut StepReport, code: &str, message: String) {
        rep.decision = Some("error".into());
        rep.error = Some(StepError {
            code: code.to_string(),
            message,
        });
    }

    fn as_step(
        &mut self,
        rep: &mut StepReport,
        who: &str,
        mfa: Option<bool>,
        source_ip: Option<&str>,
        via: Option<&str>,
        session_name: Option<&str>,
    ) {
        self.stack.clear();
        self.current = None;
        self.lost = None;
        let ip = source_ip.unwrap_or(DEFAULT_SOURCE_IP).to_string();
        let accounts = &self.sc.accounts;
        let (mfa_present, token, creds) = match mfa {
            None => (
                None,
                None,
                "long-term access keys (no MFA context, no token issue time)",
            ),
            Some(true) => (
                Some(true),
                Some(self.now),
                "a session authenticated with MFA (console sign-in or GetSessionToken with MFA)",
            ),
            Some(false) => (Some(false), Some(self.now), "a console session without MFA"),
        };
        let base = |principal: Principal,
                    who: Who,
                    userid: String,
                    username: Option<String>,
                    tags: Tags| Identity {
            principal_arn: principal.arn.clone(),
            principal,
            who,
            userid,
            username,
            mfa_present,
            mfa_time: if mfa == Some(true) {
                Some(self.now)
            } else {
                None
            },
            token_issue_time: token,
            expires: None,
            source_ip: ip.clone(),
            tags,
            transitive: Tags::default(),
            source_identity: None,
            session_policies: None,
            credentials: creds.to_string(),
            role_session: false,
            mfa_rule: None,
        };
        let ident = match arn::parse_iam(who) {
            Some(arn::IamArn::Root { account }) => {
                let Some(ai) = self.sc.index().account(&account) else {
                    return;
                };
                let p = Principal {
                    arn: who.to_string(),
                    account: Some(account.clone()),
                    kind: PrincipalKind::Root,
                    service_linked_role: false,
                };
                Some(base(p, Who::Root(ai), account, None, Tags::default()))
            }
            Some(arn::IamArn::User { .. }) => {
                let Some((ai, ui)) = self.sc.index().user(who) else {
                    return;
                };
                let Some(u) = accounts.get(ai).and_then(|a| a.users.get(ui)) else {
                    return;
                };
                let p = Principal {
                    arn: u.arn.clone(),
                    account: accounts.get(ai).map(|a| a.id.clone()),
                    kind: PrincipalKind::User {
                        name: u.name.clone(),
                        path: u.path.clone(),
                    },
                    service_linked_role: false,
                };
                Some(base(
                    p,
                    Who::User(ai, ui),
                    u.unique_id.clone(),
                    Some(u.name.clone()),
                    u.tags.clone(),
                ))
            }
            Some(arn::IamArn::Role { .. }) => {
                let service = via.unwrap_or("");
                let name = session_name.unwrap_or(service).to_string();
                self.service_session(rep, who, service, &name, &ip)
            }
            _ => None,
        };
        if let Some(i) = &ident {
            rep.principal = Some(i.principal.arn.clone());
            if !matches!(i.who, Who::RoleSession(..)) && self.opts.trace {
                rep.trace.push(TraceEntry::Identity {
                    arn: i.principal.arn.clone(),
                    account_name: world::account_name(&self.sc.accounts, i.account()),
                    credentials: i.credentials.clone(),
                });
            }
        } else if rep.principal.is_none() {
            rep.principal = Some(who.to_string());
        }
        if ident.is_none() && rep.not_evaluated.is_some() {
            let service = via.unwrap_or("");
            self.lose(
                rep,
                format!("the session of {who} that {service} would have been given"),
                None,
            );
        }
        self.current = ident;
    }

    /// A role used by a service: the trust policy must let the service assume it.
    fn service_session(
        &mut self,
        rep: &mut StepReport,
        role_arn: &str,
        service: &str,
        session_name: &str,
        ip: &str,
    ) -> Option<Identity> {
        let (ai, ri) = self.role_index(role_arn)?;
        let acct = self.sc.accounts.get(ai)?;
        let role = acct.roles.get(ri)?;
        rep.principal = Some(service.to_string());
        rep.action = Some("sts:AssumeRole".into());
        rep.resource = Some(role.arn.clone());
        let principal = Principal {
            arn: service.to_string(),
            account: None,
            kind: PrincipalKind::Service {
                service: service.to_string(),
            },
            service_linked_role: false,
        };
        let mut ctx = Context::new();
        ctx.set_str("aws:CurrentTime", format_rfc3339(self.now));
        ctx.set_str("aws:EpochTime", self.now.to_string());
        ctx.set_str("aws:SecureTransport", "true");
        ctx.set_str("aws:PrincipalIsAWSService", "true");
        ctx.set_str("aws:ViaAWSService", "false");
        ctx.set_str("sts:RoleSessionName", session_name);
        let target = Target::trust(acct, role, role.tags.clone());
        let mut checks = sts::Checks::default();
        checks.session_name(session_name);
        if self.opts.trace {
            rep.trace.push(TraceEntry::Parameters {
                checks: checks.checks,
            });
        }
        if let Some(err) = checks.error {
            rep.decision = Some("error".into());
            rep.error = Some(err);
            return None;
        }
        let inputs = AuthzInputs {
            identity: Vec::new(),
            boundary: None,
            session: None,
            scp_levels: None,
            rcp_levels: None,
            resource_policy: named(target.policy),
            resource_policy_kind: ResourcePolicyKind::RoleTrust,
        };
        let broken = self.broken_docs([target.policy].into_iter().flatten());
        if !broken.is_empty() {
            self.not_evaluated(rep, broken);
            return None;
        }
        let d = self.evaluate(rep, principal, "sts:AssumeRole", &target, ctx, &inputs);
        if d != Decision::Allowed {
            let (code, message) = if d == Decision::CannotEvaluate {
                ("CannotEvaluate".to_string(), "the engine cannot evaluate the role's trust policy for this service; see the trace".to_string())
            } else {
                ("AccessDenied".to_string(), format!("{service} is not authorized to perform: sts:AssumeRole on resource: {}: the role's trust policy does not allow this service to assume it", role.arn))
            };
            Self::set_error(rep, &code, message);
            return None;
        }
        rep.decision = Some("allowed".into());
        let ident = Identity {
            source_ip: ip.to_string(),
            mfa_rule: Some("a role session made by a service carries aws:MultiFactorAuthPresent = false (no MFA was involved); it does not expire in the simulation"),
            ..self.role_session(
                (ai, ri),
                acct,
                role,
                session_name,
                role.tags.clone(),
                format!("a role session issued to {service}, which runs with this role"),
            )
        };
        if self.opts.trace {
            rep.trace.push(session_entry(&ident, false));
        }
        Some(ident)
    }

    fn role_index(&self, role_arn: &str) -> Option<(usize, usize)> {
        self.sc.index().role(role_arn)
    }

    /// The current identity, or an error outcome when there is none or it expired.
    fn caller(&self, rep: &mut StepReport) -> Option<Identity> {
        let Some(c) = &self.current else {
            Self::set_error(rep, "MissingAuthenticationToken", "Request is missing Authentication Token: the last `as` step did not produce credentials.".into());
            return None;
        };
        rep.principal = Some(c.principal.arn.clone());
        if let Some(exp) = c.expires {
            if self.now >= exp {
                Self::set_error(
                    rep,
                    "ExpiredToken",
                    format!(
                        "The security token included in the request is expired (it expired at {}).",
                        format_rfc3339(exp)
                    ),
                );
                return None;
            }
        }
        Some(c.clone())
    }

    fn call(
        &mut self,
        rep: &mut StepReport,
        action: &str,
        resource: &str,
        overrides: &[(String, Option<ContextValue>)],
    ) {
        rep.action = Some(action.to_string());
        rep.resource = Some(resource.to_string());
        let Some(me) = self.caller(rep) else { return };
        // F97: credentials from AssumeRole cannot call GetSessionToken or GetFederationToken.
        if me.role_session {
            let op = ["sts:GetSessionToken", "sts:GetFederationToken"]
                .into_iter()
                .find(|a| a.eq_ignore_ascii_case(action));
            if let Some(op) = op {
                let name = op.trim_start_matches("sts:");
                Self::set_error(
                    rep,
                    "AccessDenied",
                    format!("Cannot call {name} with session credentials"),
                );
                return;
            }
        }
        let info = world::resource(self.sc, resource, me.account());
        // A request for one of the role-trust actions on a role is decided with its trust
        // policy, as an `assumeRole` step would be (without STS's parameter checks).
        let trust_action = ["sts:assumerole", "sts:tagsession", "sts:setsourceidentity"]
            .contains(&action.to_ascii_lowercase().as_str());
        let declared_role = world::role_in(self.sc, resource);
        let role_trust = declared_role
            .filter(|_| trust_action)
            .and_then(|(_, r)| r.trust.as_ref());
        // A trust action on a role ARN the scenario does not declare: no trust policy exists
        // to allow it, so it is decided as a role trust with none (implicitDeny; F82).
        let undeclared_role = trust_action
            && declared_role.is_none()
            && matches!(arn::parse_iam(resource), Some(arn::IamArn::Role { .. }));
        let kms = is_kms_key(resource);
        let (kind, policy) = match role_trust.or(info.entry.and_then(|e| e.policy.as_ref())) {
            Some(p) if role_trust.is_some() => (ResourcePolicyKind::RoleTrust, Some(p)),
            Some(p) if kms => (ResourcePolicyKind::KmsKey, Some(p)),
            Some(p) => (ResourcePolicyKind::Ordinary, Some(p)),
            None if undeclared_role => (ResourcePolicyKind::RoleTrust, None),
            None if kms => (ResourcePolicyKind::KmsKey, None),
            None => (ResourcePolicyKind::Ordinary, None),
        };
        if undeclared_role && self.opts.trace {
            rep.trace.push(TraceEntry::Assumption {
                name: "undeclared-role-no-trust".into(),
                text: format!("the scenario does not declare {resource}: it is treated as a role with no trust policy that allows anyone (as AWS treats a role that does not exist), so {action} on it is implicitly denied whatever the caller's policies say"),
            });
        }
        let undeclared_key = kms && info.entry.is_none();
        let target = Target {
            resource: resource.to_string(),
            account: info.account.clone(),
            ownership: info.ownership.words(),
            policy,
            kind,
            tags: info.tags.clone(),
        };
        let mut ctx = self.context(&me, &target);
        for (k, v) in overrides {
            match v {
                Some(v) => ctx.set(k, v.clone()),
                None => ctx.remove(k),
            }
        }
        let d = self.authorize(rep, &me, action, &target, ctx);
        if let Some(cell) = &self.capture {
            if let Some(c) = cell.borrow_mut().as_mut() {
                c.undeclared_kms_key = undeclared_key;
            }
        }
        if undeclared_key && matches!(d, Decision::Allowed | Decision::ImplicitDeny) {
            // The key policy decides, and the engine does not know it: only an explicit deny
            // (which no key policy can undo) is certain.
            if self.opts.trace {
                rep.trace.push(TraceEntry::Assumption {
                name: "undeclared-kms-key".into(),
                text: format!("the scenario does not declare the KMS key {resource}: every KMS key has a key policy and only it can make an identity policy count, so the engine cannot decide this request; it reports CannotEvaluate rather than guess (declare the key with its policy under `resources`)"),
            });
            }
            Self::set_error(
                rep,
                CANNOT_EVALUATE,
                undeclared_key_message(action, resource),
            );
            return;
        }
        set_decision(rep, d);
    }

    /// The context of a request by `me` on `target` (A.8).
    fn context(&self, me: &Identity, target: &Target<'_>) -> Context {
        let mut ctx = Context::new();
        let org = self.sc.organization.as_ref().map(|o| o.id.as_str());
        let principal_org = me
            .account()
            .filter(|a| world::org_member(self.sc, a))
            .and(org);
        me.fill_context(&mut ctx, self.now, principal_org);
        if let Some(p) = me
            .account()
            .and_then(|a| world::org_entity_path(self.sc, a))
        {
            ctx.set("aws:PrincipalOrgPaths", ContextValue::Multi(vec![p]));
        }
        let region = arn::parse(&target.resource)
            .map(|a| a.region)
            .filter(|r| !r.is_empty())
            .unwrap_or("us-east-1");
        ctx.set_str("aws:RequestedRegion", region);
        if let Some(a) = &target.account {
            ctx.set_str("aws:ResourceAccount", a.clone());
            if let (true, Some(o)) = (world::org_member(self.sc, a), org) {
                ctx.set_str("aws:ResourceOrgID", o);
            }
            if let Some(p) = world::org_entity_path(self.sc, a) {
                ctx.set("aws:ResourceOrgPaths", ContextValue::Multi(vec![p]));
            }
        }
        for (k, v) in &target.tags.0 {
            ctx.set_str(&format!("aws:ResourceTag/{k}"), v.clone());
        }
        ctx
    }

    /// Authorizes `action` by `me` on `target` with context `ctx`, tracing it.
    fn authorize(
        &self,
        rep: &mut StepReport,
        me: &Identity,
        action: &str,
        target: &Target<'_>,
        ctx: Context,
    ) -> Decision {
        let sc = self.sc;
        let root_access;
        let mut identity: Vec<&Attached> = Vec::new();
        let mut boundary = None;
        let mut service_linked = false;
        match me.who {
            Who::User(ai, ui) => {
                if let Some((a, u)) = sc
                    .accounts
                    .get(ai)
                    .and_then(|a| a.users.get(ui).map(|u| (a, u)))
                {
                    identity.extend(u.policies.iter());
                    for gi in &u.groups {
                        if let Some(g) = a.groups.get(*gi) {
                            identity.extend(g.policies.iter());
                        }
                    }
                    boundary = u.boundary.as_ref();
                }
            }
            Who::Root(ai) => {
                let own = sc.accounts.get(ai).map(|a| a.id.as_str());
                root_access = own
                    .filter(|o| target.account.as_deref() == Some(*o))
                    .and_then(aws_managed::root_full_access);
                if root_access.is_some() && self.opts.trace {
                    rep.trace.push(TraceEntry::Assumption {
                        name: "root-user-own-account".into(),
                        text: "the account root user may do anything to its own account's resources without any policy: modelled as an identity policy allowing * on * (SCPs, RCPs and explicit denies still apply)".into(),
                    });
                }
                identity.extend(root_access.as_ref());
            }
            Who::RoleSession(ai, ri) => {
                if let Some(role) = sc.accounts.get(ai).and_then(|a| a.roles.get(ri)) {
                    identity.extend(role.policies.iter());
                    identity.extend(self.revocations.get(&role.arn));
                    boundary = role.boundary.as_ref();
                    service_linked = role.service_linked();
                }
            }
        }
        let session: Option<Vec<&Attached>> =
            me.session_policies.as_ref().map(|v| v.iter().collect());
        let scp_levels = match me.account().filter(|_| !service_linked) {
            Some(a) => self.org_levels(a, true),
            None => Ok(None),
        };
        let service = action.split(':').next().unwrap_or("").to_ascii_lowercase();
        let rcp_levels = match target
            .account
            .as_deref()
            .filter(|_| RCP_SERVICES.contains(&service.as_str()))
        {
            Some(a) => self.org_levels(a, false),
            None => Ok(None),
        };
        // Every document the request depends on, to find the broken ones (the account
        // root's and the revocation policies are the engine's own: never broken).
        let used = identity
            .iter()
            .copied()
            .chain(boundary)
            .chain(session.iter().flatten().copied())
            .chain(target.policy);
        let mut broken = self.broken_docs(used);
        let (scp_levels, rcp_levels) = match (scp_levels, rcp_levels) {
            (Ok(s), Ok(r)) if broken.is_empty() => (s, r),
            (s, r) => {
                broken.extend(s.err().into_iter().flatten());
                broken.extend(r.err().into_iter().flatten());
                self.not_evaluated(rep, broken);
                return Decision::NotEvaluated;
            }
        };
        let sources = Sources {
            identity,
            boundary,
            session,
            scp_levels,
            rcp_levels,
            resource_policy: target.policy,
            kind: target.kind,
        };
        if let Some(c) = &self.capture {
            *c.borrow_mut() = Some(Captured {
                request: Request {
                    principal: me.principal.clone(),
                    action: action.to_string(),
                    resource: target.resource.clone(),
                    resource_account: target.account.clone(),
                    context: ctx.clone(),
                },
                inputs: sources.to_owned_inputs(),
                undeclared_kms_key: false,
            });
        }
        let decision = self.evaluate(
            rep,
            me.principal.clone(),
            action,
            target,
            ctx,
            &sources.inputs(),
        );
        if let Some(rule) = &me.mfa_rule {
            note_mfa_rule(rep, rule);
        }
        decision
    }

    fn evaluate(
        &self,
        rep: &mut StepReport,
        principal: Principal,
        action: &str,
        target: &Target<'_>,
        ctx: Context,
        inputs: &AuthzInputs<'_>,
    ) -> Decision {
        if !self.opts.trace {
            let req = Request {
                principal,
                action: action.to_string(),
                resource: target.resource.clone(),
                resource_account: target.account.clone(),
                context: ctx,
            };
            let d = if self.opts.explain {
                let (d, decisive) = crate::eval::decisive::decide_explained(&req, inputs);
                rep.decisive.extend(decisive);
                d
            } else {
                crate::eval::decide(&req, inputs)
            };
            let d = Decision::from(d);
            if d == Decision::CannotEvaluate && rep.error.is_none() {
                // why is written by the traced evaluation of this one request (rare)
                rep.error = Some(StepError {
                    code: CANNOT_EVALUATE.into(),
                    message: authz::authorize(&req, inputs).reason,
                });
            }
            return d;
        }
        // The authorization's action as the trace shows it: in AWS's casing when an installed
        // catalogue lists it (the step's `action` keeps what the scenario wrote).
        let shown =
            crate::eval::catalogued::canonical(action).unwrap_or_else(|| action.to_string());
        if self.opts.trace {
            rep.trace.push(TraceEntry::Resource {
                arn: target.resource.clone(),
                account: target.account.clone(),
                account_name: world::account_name(&self.sc.accounts, target.account.as_deref()),
                ownership: target.ownership.to_string(),
                policy: target.policy.map(|p| p.origin.name.clone()),
            });
        }
        if self.opts.trace {
            rep.trace.push(TraceEntry::Context {
                action: shown.clone(),
                keys: context_json(&ctx),
            });
        }
        let mut applied: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let names =
            |v: &[NamedPolicy<'_>]| v.iter().map(|p| p.origin.name.clone()).collect::<Vec<_>>();
        applied.insert("identity".into(), names(&inputs.identity));
        if let Some(b) = &inputs.boundary {
            applied.insert("permissionsBoundary".into(), vec![b.origin.name.clone()]);
        }
        if let Some(s) = &inputs.session {
            applied.insert("session".into(), names(s));
        }
        if let Some(r) = &inputs.resource_policy {
            applied.insert("resource".into(), vec![r.origin.name.clone()]);
        }
        let levels = |v: &[OrgLevel<'_>]| {
            v.iter()
                .map(|l| format!("{}: {}", l.target, names(&l.policies).join(", ")))
                .collect::<Vec<_>>()
        };
        if let Some(l) = &inputs.scp_levels {
            applied.insert("scp".into(), levels(l));
        }
        if let Some(l) = &inputs.rcp_levels {
            applied.insert("rcp".into(), levels(l));
        }
        let uses_aws_managed = inputs
            .identity
            .iter()
            .chain(inputs.boundary.iter())
            .chain(inputs.session.iter().flatten())
            .any(|p| {
                p.origin
                    .arn
                    .as_deref()
                    .is_some_and(|a| a.starts_with(crate::managed::ARN_PREFIX))
            });
        if self.opts.trace {
            rep.trace.push(TraceEntry::Policies {
                action: shown.clone(),
                applied,
                managed_dataset: uses_aws_managed.then(|| aws_managed::dataset().to_string()),
            });
        }
        let req = Request {
            principal,
            action: action.to_string(),
            resource: target.resource.clone(),
            resource_account: target.account.clone(),
            context: ctx,
        };
        let out = authz::authorize(&req, inputs);
        rep.decisive.extend(out.trace.decisive.iter().map(|r| {
            crate::eval::decisive::StatementId {
                policy_id: r.policy_id.clone(),
                statement_index: r.statement_index,
            }
        }));
        if self.opts.trace {
            rep.trace.push(TraceEntry::Authorization {
                action: shown,
                resource: target.resource.clone(),
                decision: out.decision.word().to_string(),
                reason: out.reason.clone(),
                assumptions: out.assumptions.clone(),
                evaluation: Box::new(out.trace),
            });
        }
        if out.decision == Decision::CannotEvaluate && rep.error.is_none() {
            rep.error = Some(StepError {
                code: "CannotEvaluate".into(),
                message: out.reason,
            });
        }
        out.decision
    }

    /// SCP (principal side) or RCP (resource side) levels for `account`; `None` when they do
    /// not apply (no organization, not a member, the management account).
    fn org_levels(
        &self,
        account: &str,
        scp: bool,
    ) -> Result<Levels<&Attached>, Vec<BrokenDocument>> {
        let Some(org) = self.sc.organization.as_ref() else {
            return Ok(None);
        };
        if account == org.management_account || !world::org_member(self.sc, account) {
            return Ok(None);
        }
        let list = if scp { &org.scps } else { &org.rcps };
        let default = if scp {
            self.full_access
                .as_ref()
                .filter(|_| org.default_full_aws_access)
        } else {
            self.rcp_full_access.as_ref()
        };
        let mut levels = Vec::new();
        let mut broken = Vec::new();
        for target in world::org_path(self.sc, account) {
            let attached: Vec<&Attached> = list
                .iter()
                .filter(|p| p.targets.iter().any(|t| t == &target))
                .map(|p| &p.attached)
                .collect();
            broken.extend(self.broken_docs(attached.iter().copied()));
            let mut policies: Vec<&Attached> = default.into_iter().collect();
            policies.extend(attached);
            levels.push((target, policies));
        }
        if broken.is_empty() {
            Ok(Some(levels))
        } else {
            Err(broken)
        }
    }

    /// The documents among `atts` that have errors, each once, in order.
    fn broken_docs<'a>(&self, atts: impl Iterator<Item = &'a Attached>) -> Vec<BrokenDocument> {
        let mut out: Vec<BrokenDocument> = Vec::new();
        for a in atts.filter(|a| a.policy.is_none() || self.broken.contains(&a.origin.id)) {
            if !out.iter().any(|d| d.path == a.origin.id) {
                out.push(BrokenDocument {
                    path: a.origin.id.clone(),
                    name: a.origin.name.clone(),
                });
            }
        }
        out
    }

    /// Marks the step as not evaluated because the documents `docs` have errors (added to
    /// those an earlier authorization of the same step found).
    fn not_evaluated(&self, rep: &mut StepReport, docs: Vec<BrokenDocument>) {
        for d in docs {
            if !rep.broken_documents.iter().any(|x| x.path == d.path) {
                rep.broken_documents.push(d);
            }
        }
        let why = depends_on(&rep.broken_documents);
        if self.opts.trace && rep.not_evaluated.as_deref() != Some(why.as_str()) {
            rep.trace.push(TraceEntry::Note {
                text: format!("not evaluated: {why}"),
            });
        }
        rep.not_evaluated = Some(why);
    }

    /// The identity is unknown from this not-evaluated step on: later steps that need it are
    /// not evaluated, saying they run as `what`. `back`: see [`Lost::back`].
    fn lose(&mut self, rep: &StepReport, what: String, back: Option<Identity>) {
        let why = rep.not_evaluated.as_deref().unwrap_or_default();
        self.lost = Some(Lost {
            why: format!("runs as {what}, and that step was not evaluated: it {why}"),
            documents: rep.broken_documents.clone(),
            back,
        });
    }

    fn revoke(&mut self, rep: &mut StepReport, role_arn: &str) {
        let when = format_rfc3339(self.now);
        let text = format!(
            "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Deny\",\"Action\":[\"*\"],\"Resource\":[\"*\"],\"Condition\":{{\"DateLessThan\":{{\"aws:TokenIssueTime\":\"{when}\"}}}}}}]}}"
        );
        let parsed = crate::policy::parse::parse_text(&text, PolicyKind::Identity);
        let att = Attached {
            origin: crate::eval::inputs::PolicyOrigin {
                id: format!("revoke:{role_arn}"),
                name: "AWSRevokeOlderSessions".into(),
                arn: None,
                attached_to: Some(role_arn.to_string()),
            },
            policy: parsed.policy.map(std::sync::Arc::new),
        };
        self.revocations.insert(role_arn.to_string(), att);
        rep.resource = Some(role_arn.to_string());
        if self.opts.trace {
            rep.trace.push(TraceEntry::Note {
            text: format!("role {role_arn} gains the inline policy AWSRevokeOlderSessions: {text} (sessions issued before {when} are denied every action)"),
        });
        }
    }

    fn assume_role(&mut self, rep: &mut StepReport, a: &AssumeRoleStep) {
        rep.action = Some("sts:AssumeRole".into());
        rep.resource = Some(a.role_arn.clone());
        let Some(me) = self.caller(rep) else { return };
        let Some((ai, ri)) = self.role_index(&a.role_arn) else {
            return;
        };
        let sc = self.sc;
        let Some(acct) = sc.accounts.get(ai) else {
            return;
        };
        let Some(role) = acct.roles.get(ri) else {
            return;
        };
        if self.opts.trace {
            rep.trace.push(TraceEntry::Identity {
                arn: me.principal.arn.clone(),
                account_name: world::account_name(&sc.accounts, me.account()),
                credentials: me.credentials.clone(),
            });
        }
        if matches!(me.who, Who::Root(_)) {
            Self::set_error(
                rep,
                "AccessDenied",
                "Roles may not be assumed by root accounts.".into(),
            );
            return;
        }
        let chained = me.role_session;
        let session_name = a
            .session_name
            .clone()
            .unwrap_or_else(|| match &me.username {
                Some(u) => u.clone(),
                None => "session".into(),
            });
        let duration = a.duration_seconds.unwrap_or(3600);
        // Review D: readings AWS does not document, named where they decide the step.
        if chained && me.expires.is_none() && self.opts.trace {
            rep.trace.push(TraceEntry::Assumption {
                name: "service-session-chains".into(),
                text: "a role session a service runs with (EC2 instance profile, Lambda…) counts as role chaining when it assumes another role: DurationSeconds is capped at 3600 (the format's rule; field reports of the \"1 hour session limit for roles assumed by role chaining\" error from instance roles agree, although some AWS pages say instance-profile sessions are not chaining)".into(),
            });
        }
        if !chained
            && matches!(me.who, Who::User(..))
            && me.token_issue_time.is_some()
            && duration > 3600
            && self.opts.trace
        {
            rep.trace.push(TraceEntry::Assumption {
                name: "session-credentials-not-chaining".into(),
                text: "a user calling AssumeRole with temporary credentials (a console or GetSessionToken session) is not role chaining, so DurationSeconds above 3600 is accepted up to the role's MaxSessionDuration; AWS's Knowledge Center suggests MFA users who go through GetSessionToken are limited to 1 hour, which is not documented in the STS API reference".into(),
            });
        }
        let mut checks = sts::validate(
            a,
            &session_name,
            duration,
            role.max_session_duration,
            chained,
            &me.transitive,
        );
        // The MFA serial must be one of the calling user's devices.
        if let (Some(m), Who::User(uai, uui)) = (&a.mfa, &me.who) {
            if let Some(u) = sc.accounts.get(*uai).and_then(|x| x.users.get(*uui)) {
                if !u.mfa_devices.is_empty() {
                    if u.mfa_devices.contains(&m.serial_number) {
                        checks.pass(
                            "SerialNumber",
                            &m.serial_number,
                            "one of the calling user's MFA devices",
                        );
                    } else {
                        checks.fail(
                            "SerialNumber",
                            &m.serial_number,
                            "one of the calling user's MFA devices",
                            "AccessDenied",
                            "MultiFactorAuthentication failed with invalid MFA one time pass code."
                                .into(),
                        );
                    }
                }
            }
        }
        if let (Some(mine), Some(new)) = (&me.source_identity, &a.source_identity) {
            if mine != new {
                checks.fail(
                    "SourceIdentity",
                    new,
                    "once set, the source identity cannot change in a chain",
                    "ValidationError",
                    format!("SourceIdentity '{new}' differs from the source identity '{mine}' of the calling session; it cannot be changed once set."),
                );
            }
        }
        if self.opts.trace {
            rep.trace.push(TraceEntry::Parameters {
                checks: checks.checks,
            });
        }
        if let Some(err) = checks.error {
            rep.decision = Some("error".into());
            rep.error = Some(err);
            return;
        }
        let session_docs = a.session_policy.iter().map(|(p, _)| p);
        let session_broken = self.broken_docs(session_docs.chain(a.session_policy_arns.iter()));
        // The request as the trust policy sees it.
        let mut caller = me.clone();
        if a.mfa.is_some() {
            caller.mfa_present = Some(true);
            caller.mfa_time = Some(self.now);
        }
        let mut role_tags = role.tags.clone();
        for (k, v) in &me.transitive.0 {
            if role_tags.get(k).is_some() {
                role_tags.set(k, v);
            }
        }
        let target = Target::trust(acct, role, role_tags);
        let source_identity = a
            .source_identity
            .clone()
            .or_else(|| me.source_identity.clone());
        let mut ctx = self.context(&caller, &target);
        if let Some(x) = &a.external_id {
            ctx.set_str("sts:ExternalId", x.clone());
        }
        ctx.set_str("sts:RoleSessionName", session_name.clone());
        if let Some(s) = &source_identity {
            ctx.set_str("sts:SourceIdentity", s.clone());
        }
        if !a.transitive_tag_keys.is_empty() {
            ctx.set(
                "sts:TransitiveTagKeys",
                ContextValue::Multi(a.transitive_tag_keys.clone()),
            );
        }
        if !a.tags.is_empty() {
            for (k, v) in &a.tags.0 {
                ctx.set_str(&format!("aws:RequestTag/{k}"), v.clone());
            }
            ctx.set(
                "aws:TagKeys",
                ContextValue::Multi(a.tags.0.iter().map(|(k, _)| k.clone()).collect()),
            );
        }
        // Where an `exitRole` after this step lands, should it not be evaluated: back to the
        // caller when it has no earlier role to switch back to, whatever the decision.
        let back = self.stack.is_empty().then(|| me.clone());
        let lost_session = format!(
            "the session the earlier sts:AssumeRole of {} would have made",
            a.role_arn
        );
        if !session_broken.is_empty() {
            // the new session's policies are broken: the trust policy is named too if it is
            let trust = self.broken_docs(target.policy.into_iter());
            self.not_evaluated(rep, session_broken.into_iter().chain(trust).collect());
            self.lose(rep, lost_session, back);
            return;
        }
        let mut decision = self.authorize(rep, &caller, "sts:AssumeRole", &target, ctx.clone());
        if !a.tags.is_empty() {
            decision =
                decision.max(self.authorize(rep, &caller, "sts:TagSession", &target, ctx.clone()));
        }
        if source_identity.is_some() {
            decision = decision.max(self.authorize(
                rep,
                &caller,
                "sts:SetSourceIdentity",
                &target,
                ctx.clone(),
            ));
            // F90: on a chained hop the caller's permissions policy must allow
            // sts:SetSourceIdentity too, not only the trust policy. Cross-account, the
            // combination above already requires both sides; in the same account a trust
            // policy naming the caller would grant it alone, so the identity side is checked
            // on its own here.
            let same_account = me.account() == Some(acct.id.as_str());
            if chained && same_account && decision != Decision::NotEvaluated {
                if self.opts.trace {
                    rep.trace.push(TraceEntry::Note {
                    text: "role chaining: sts:SetSourceIdentity must also be allowed by the calling session's permissions policies (the trust policy alone is not enough); checking them without the trust policy".into(),
                });
                }
                let identity_only = Target {
                    policy: None,
                    kind: ResourcePolicyKind::Ordinary,
                    ..target
                };
                decision = decision.max(self.authorize(
                    rep,
                    &caller,
                    "sts:SetSourceIdentity",
                    &identity_only,
                    ctx,
                ));
            }
        }
        let mfa_present =
            a.mfa.is_some() || (matches!(me.who, Who::User(..)) && me.mfa_present == Some(true));
        if decision == Decision::NotEvaluated {
            self.lose(rep, lost_session, back);
            return;
        }
        set_decision(rep, decision);
        if decision != Decision::Allowed {
            return;
        }
        let mut tags = role.tags.clone();
        for (k, v) in &a.tags.0 {
            tags.set(k, v);
        }
        for (k, v) in &me.transitive.0 {
            tags.set(k, v);
        }
        let mut transitive = me.transitive.clone();
        for k in &a.transitive_tag_keys {
            if let Some(v) = a.tags.get(k) {
                transitive.set(k, v);
            }
        }
        let mut policies: Vec<Attached> = Vec::new();
        if let Some((p, _)) = &a.session_policy {
            policies.push(p.clone());
        }
        policies.extend(a.session_policy_arns.iter().cloned());
        let mfa_time = if a.mfa.is_some() {
            Some(self.now)
        } else if mfa_present {
            me.mfa_time
        } else {
            None
        };
        // the reading as one static sentence: no cost on untraced runs, and a trace started
        // later (compiled replays) still names it
        let mfa_rule = Some(if a.mfa.is_some() {
            mfa_rule!("true (SerialNumber and TokenCode passed)")
        } else if mfa_present {
            mfa_rule!("true (the calling user's session was MFA-authenticated)")
        } else if chained {
            mfa_rule!("false (chained from a role session without passing MFA)")
        } else {
            mfa_rule!("false (no MFA on the call nor on the caller's session)")
        });
        let ident = Identity {
            mfa_present: Some(mfa_present),
            mfa_time,
            mfa_rule,
            expires: Some(self.now.saturating_add(duration)),
            source_ip: me.source_ip.clone(),
            transitive,
            source_identity,
            session_policies: (!policies.is_empty()).then_some(policies),
            ..self.role_session(
                (ai, ri),
                acct,
                role,
                &session_name,
                tags,
                format!("a role session from sts:AssumeRole by {}", me.principal.arn),
            )
        };
        if self.opts.trace {
            rep.trace.push(session_entry(&ident, chained));
        }
        self.stack.push(me);
        self.current = Some(ident);
    }
}

/// The MFA keys whose value a role session gets from the `mfa-carry` reading.
const MFA_KEYS: [&str; 2] = ["aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"];

/// Does this evaluation trace consult an MFA key in some condition?
fn consults_mfa(t: &crate::eval::Trace) -> bool {
    let policy_consults = |p: &crate::eval::trace::PolicyTrace| {
        p.statements.iter().any(|s| {
            s.conditions
                .iter()
                .any(|c| MFA_KEYS.iter().any(|k| c.key.eq_ignore_ascii_case(k)))
        })
    };
    t.phases.iter().any(|ph| {
        ph.policies.iter().any(policy_consults)
            || ph
                .levels
                .iter()
                .any(|l| l.policies.iter().any(policy_consults))
    })
}

/// After the caller's request was traced: name the `mfa-carry` reading once in the step,
/// and only when the decision just made consulted an MFA key of the caller's session.
fn note_mfa_rule(rep: &mut StepReport, rule: &str) {
    let consulted = matches!(
        rep.trace.last(),
        Some(TraceEntry::Authorization { evaluation, .. }) if consults_mfa(evaluation)
    );
    let listed = rep
        .trace
        .iter()
        .any(|e| matches!(e, TraceEntry::Assumption { name, .. } if name == MFA_ASSUMPTION));
    if consulted && !listed {
        rep.trace.push(TraceEntry::Assumption {
            name: MFA_ASSUMPTION.into(),
            text: rule.to_string(),
        });
    }
}

fn set_decision(rep: &mut StepReport, d: Decision) {
    if d != Decision::NotEvaluated {
        rep.decision = Some(d.word().to_string());
    }
}

/// Why a request for a KMS key the scenario does not declare cannot be decided.
pub fn undeclared_key_message(action: &str, resource: &str) -> String {
    format!("cannot evaluate {action} on {resource}: the scenario does not declare this KMS key, and its key policy decides the request")
}

/// Whether `arn` names a KMS key (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`).
fn is_kms_key(arn: &str) -> bool {
    arn::parse(arn).is_some_and(|a| a.service == "kms" && a.resource.starts_with("key/"))
}

/// Why a step that depends on `docs` (documents with errors) is not evaluated.
fn depends_on(docs: &[BrokenDocument]) -> String {
    let named: Vec<String> = docs
        .iter()
        .map(|d| format!("the policy document at {} ({})", d.path, d.name))
        .collect();
    match named.split_last() {
        Some((one, [])) => format!("depends on {one}, which has errors"),
        Some((last, rest)) => format!(
            "depends on {} and {last}, which have errors",
            rest.join(", ")
        ),
        None => "depends on a policy document with errors".into(),
    }
}

/// A policy for the evaluator, when it parsed.
fn named(a: Option<&Attached>) -> Option<NamedPolicy<'_>> {
    let a = a?;
    Some(NamedPolicy {
        origin: &a.origin,
        policy: a.policy.as_deref()?,
    })
}

/// The principal of a session of `role` named `session_name` (no path in the session ARN).
fn session_principal(account: &str, role: &super::model::Role, session_name: &str) -> Principal {
    Principal {
        arn: format!(
            "arn:aws:sts::{account}:assumed-role/{}/{session_name}",
            role.name
        ),
        account: Some(account.to_string()),
        kind: PrincipalKind::AssumedRole {
            role_arn: role.arn.clone(),
            role_name: role.name.clone(),
            session_name: session_name.to_string(),
        },
        service_linked_role: role.service_linked(),
    }
}

fn session_entry(i: &Identity, chained: bool) -> TraceEntry {
    TraceEntry::Session {
        arn: i.principal.arn.clone(),
        principal_arn: i.principal_arn.clone(),
        userid: i.userid.clone(),
        token_issue_time: i.token_issue_time.map(format_rfc3339).unwrap_or_default(),
        expiration: i.expires.map(format_rfc3339),
        mfa_present: i.mfa_present == Some(true),
        tags: i.tags.0.iter().cloned().collect(),
        transitive_tag_keys: i.transitive.0.iter().map(|(k, _)| k.clone()).collect(),
        source_identity: i.source_identity.clone(),
        session_policies: i
            .session_policies
            .iter()
            .flatten()
            .map(|p| p.origin.name.clone())
            .collect(),
        chained,
    }
}
