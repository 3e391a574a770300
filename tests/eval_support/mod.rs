//! Test support for the evaluator's tests: policies parsed with the real parser, a case
//! builder owning every policy, and request constructors.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use iam_playground::eval::inputs::{
    AuthzInputs, NamedPolicy, OrgLevel, PolicyOrigin, ResourcePolicyKind,
};
use iam_playground::eval::request::{Context, ContextValue, Principal, PrincipalKind, Request};
use iam_playground::eval::{authorize, decide, Decision, Evaluation};
use iam_playground::policy::model::{Policy, PolicyKind};
use iam_playground::policy::parse::parse_text;

pub const A: &str = "111111111111";
pub const B: &str = "222222222222";

/// Parses a policy; panics with the diagnostics when it does not parse.
pub fn parse(kind: PolicyKind, json: &str) -> Policy {
    let p = parse_text(json, kind);
    match p.policy {
        Some(p) => p,
        None => panic!("policy does not parse: {:#?}\n{json}", p.diagnostics),
    }
}

fn origin(id: &str, name: &str) -> PolicyOrigin {
    PolicyOrigin {
        id: id.to_string(),
        name: name.to_string(),
        arn: None,
        attached_to: None,
    }
}

type Owned = (PolicyOrigin, Policy);

/// Every policy of one request, owned.
#[derive(Default)]
pub struct Case {
    pub identity: Vec<Owned>,
    pub boundary: Option<Owned>,
    pub session: Option<Vec<Owned>>,
    pub scps: Option<Vec<(String, Vec<Owned>)>>,
    pub rcps: Option<Vec<(String, Vec<Owned>)>>,
    pub resource: Option<Owned>,
    pub kind: Option<ResourcePolicyKind>,
}

pub fn case() -> Case {
    Case::default()
}

impl Case {
    pub fn identity(mut self, json: &str) -> Self {
        let n = self.identity.len();
        self.identity.push((
            origin(&format!("identity{n}"), &format!("Identity{n}")),
            parse(PolicyKind::Identity, json),
        ));
        self
    }
    pub fn identity_named(mut self, name: &str, arn: &str, json: &str) -> Self {
        let mut o = origin(name, name);
        o.arn = Some(arn.to_string());
        self.identity.push((o, parse(PolicyKind::Identity, json)));
        self
    }
    pub fn boundary(mut self, json: &str) -> Self {
        self.boundary = Some((
            origin("boundary", "Boundary"),
            parse(PolicyKind::Boundary, json),
        ));
        self
    }
    pub fn session(mut self, json: &str) -> Self {
        let list = self.session.get_or_insert_with(Vec::new);
        let n = list.len();
        list.push((
            origin(&format!("session{n}"), &format!("Session{n}")),
            parse(PolicyKind::Session, json),
        ));
        self
    }
    pub fn scp_level(mut self, target: &str, jsons: &[&str]) -> Self {
        let levels = self.scps.get_or_insert_with(Vec::new);
        let ps = jsons
            .iter()
            .enumerate()
            .map(|(i, j)| {
                (
                    origin(&format!("scp-{target}-{i}"), &format!("SCP{i}@{target}")),
                    parse(PolicyKind::ServiceControl, j),
                )
            })
            .collect();
        levels.push((target.to_string(), ps));
        self
    }
    pub fn rcp_level(mut self, target: &str, jsons: &[&str]) -> Self {
        let levels = self.rcps.get_or_insert_with(Vec::new);
        let ps = jsons
            .iter()
            .enumerate()
            .map(|(i, j)| {
                (
                    origin(&format!("rcp-{target}-{i}"), &format!("RCP{i}@{target}")),
                    parse(PolicyKind::ResourceControl, j),
                )
            })
            .collect();
        levels.push((target.to_string(), ps));
        self
    }
    pub fn resource(mut self, json: &str) -> Self {
        self.resource = Some((
            origin("resource", "BucketPolicy"),
            parse(PolicyKind::Resource, json),
        ));
        self.kind = Some(ResourcePolicyKind::Ordinary);
        self
    }
    pub fn resource_policy(mut self, p: Policy) -> Self {
        self.resource = Some((origin("resource", "BucketPolicy"), p));
        self.kind = Some(ResourcePolicyKind::Ordinary);
        self
    }
    pub fn trust(mut self, json: &str) -> Self {
        self.resource = Some((
            origin("trust", "TrustPolicy"),
            parse(PolicyKind::Trust, json),
        ));
        self.kind = Some(ResourcePolicyKind::RoleTrust);
        self
    }
    pub fn no_trust(mut self) -> Self {
        self.kind = Some(ResourcePolicyKind::RoleTrust);
        self
    }
    pub fn kms(mut self, json: &str) -> Self {
        self.resource = Some((
            origin("key", "KeyPolicy"),
            parse(PolicyKind::Resource, json),
        ));
        self.kind = Some(ResourcePolicyKind::KmsKey);
        self
    }

    /// Calls `f` with the borrowed inputs.
    pub fn with<R>(&self, f: impl FnOnce(&AuthzInputs<'_>) -> R) -> R {
        fn np(x: &Owned) -> NamedPolicy<'_> {
            NamedPolicy {
                origin: &x.0,
                policy: &x.1,
            }
        }
        fn levels(ls: &[(String, Vec<Owned>)]) -> Vec<OrgLevel<'_>> {
            ls.iter()
                .map(|(t, ps)| OrgLevel {
                    target: t.clone(),
                    policies: ps.iter().map(np).collect(),
                })
                .collect()
        }
        let inputs = AuthzInputs {
            identity: self.identity.iter().map(np).collect(),
            boundary: self.boundary.as_ref().map(np),
            session: self.session.as_ref().map(|v| v.iter().map(np).collect()),
            scp_levels: self.scps.as_deref().map(levels),
            rcp_levels: self.rcps.as_deref().map(levels),
            resource_policy: self.resource.as_ref().map(np),
            resource_policy_kind: self.kind.unwrap_or(ResourcePolicyKind::Ordinary),
        };
        f(&inputs)
    }

    /// Full evaluation; also checks that `decide` agrees.
    pub fn eval(&self, req: &Request) -> Evaluation {
        self.with(|i| {
            let e = authorize(req, i);
            assert_eq!(
                decide(req, i),
                e.decision,
                "decide disagrees with authorize"
            );
            e
        })
    }

    /// The decision (checked with both entry points).
    pub fn decision(&self, req: &Request) -> Decision {
        self.eval(req).decision
    }
}

pub fn user(acct: &str, name: &str) -> Principal {
    Principal {
        arn: format!("arn:aws:iam::{acct}:user/{name}"),
        account: Some(acct.to_string()),
        kind: PrincipalKind::User {
            name: name.to_string(),
            path: "/".to_string(),
        },
        service_linked_role: false,
    }
}

/// A session of role `path_and_name` (`team/R` or `R`).
pub fn session(acct: &str, path_and_name: &str, session: &str) -> Principal {
    let name = path_and_name.rsplit('/').next().unwrap().to_string();
    Principal {
        arn: format!("arn:aws:sts::{acct}:assumed-role/{name}/{session}"),
        account: Some(acct.to_string()),
        kind: PrincipalKind::AssumedRole {
            role_arn: format!("arn:aws:iam::{acct}:role/{path_and_name}"),
            role_name: name,
            session_name: session.to_string(),
        },
        service_linked_role: false,
    }
}

pub fn root(acct: &str) -> Principal {
    Principal {
        arn: format!("arn:aws:iam::{acct}:root"),
        account: Some(acct.to_string()),
        kind: PrincipalKind::Root,
        service_linked_role: false,
    }
}

pub fn federated(acct: &str, name: &str) -> Principal {
    Principal {
        arn: format!("arn:aws:sts::{acct}:federated-user/{name}"),
        account: Some(acct.to_string()),
        kind: PrincipalKind::FederatedUser {
            name: name.to_string(),
        },
        service_linked_role: false,
    }
}

pub fn service(name: &str) -> Principal {
    Principal {
        arn: name.to_string(),
        account: None,
        kind: PrincipalKind::Service {
            service: name.to_string(),
        },
        service_linked_role: false,
    }
}

pub fn anonymous() -> Principal {
    Principal {
        arn: "*".to_string(),
        account: None,
        kind: PrincipalKind::Anonymous,
        service_linked_role: false,
    }
}

/// A request in the resource account `acct`.
pub fn req(p: Principal, action: &str, resource: &str, acct: &str) -> Request {
    Request {
        principal: p,
        action: action.to_string(),
        resource: resource.to_string(),
        resource_account: Some(acct.to_string()),
        context: Context::new(),
    }
}

pub trait Ctx {
    fn ctx(self, key: &str, value: &str) -> Self;
    fn ctx_multi(self, key: &str, values: &[&str]) -> Self;
}

impl Ctx for Request {
    fn ctx(mut self, key: &str, value: &str) -> Self {
        self.context.set_str(key, value);
        self
    }
    fn ctx_multi(mut self, key: &str, values: &[&str]) -> Self {
        self.context.set(
            key,
            ContextValue::Multi(values.iter().map(|s| s.to_string()).collect()),
        );
        self
    }
}

/// `{"Version":"2012-10-17","Statement":[STATEMENTS]}`
pub fn doc(statements: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
}

pub const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
pub mod bench_requests;
