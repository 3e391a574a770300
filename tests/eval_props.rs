//! Property tests of the decision: an explicit deny always wins; without an applicable Allow
//! the answer is never `allowed`; statement and policy order never matter; `Action: X` and
//! `NotAction: X` partition the actions; `decide` equals `authorize(..).decision` (checked on
//! every evaluation by the support module).

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]

mod eval_support;
use eval_support::*;
use iam_playground::eval::request::Request;
use iam_playground::eval::trace::Tri;
use iam_playground::eval::Decision;
use proptest::prelude::*;

const ACTIONS: [&str; 6] = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "ec2:RunInstances",
    "iam:CreateUser",
    "sts:AssumeRole",
];
const ACTION_PATTERNS: [&str; 8] = [
    "s3:*",
    "s3:Get*",
    "*",
    "ec2:*",
    "iam:Create?ser",
    "s3:GetObject",
    "S3:getobject",
    "s3:*Object",
];
const RESOURCES: [&str; 4] = [
    "arn:aws:s3:::bucket/key",
    "arn:aws:s3:::other/x",
    "*",
    "arn:aws:ec2:us-east-1:111111111111:instance/i-1",
];
const RESOURCE_PATTERNS: [&str; 5] = [
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:s3:::other/?",
];
const CONDITIONS: [&str; 5] = [
    "",
    r#","Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}"#,
    r#","Condition":{"Bool":{"aws:SecureTransport":"true"}}"#,
    r#","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"blue"}}"#,
    r#","Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*","b"]}}"#,
];
const PRINCIPALS: [&str; 5] = [
    r#""*""#,
    r#"{"AWS":"111111111111"}"#,
    r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#,
    r#"{"AWS":"arn:aws:iam::222222222222:user/bob"}"#,
    r#"{"AWS":"arn:aws:iam::111111111111:role/R"}"#,
];

#[derive(Debug, Clone)]
struct Stmt {
    allow: bool,
    not_action: bool,
    actions: Vec<usize>,
    not_resource: bool,
    resources: Vec<usize>,
    cond: usize,
    principal: usize,
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::collection::vec(0..ACTION_PATTERNS.len(), 1..3),
        prop::bool::weighted(0.15),
        prop::collection::vec(0..RESOURCE_PATTERNS.len(), 1..3),
        0..CONDITIONS.len(),
        0..PRINCIPALS.len(),
    )
        .prop_map(
            |(allow, not_action, actions, not_resource, resources, cond, principal)| Stmt {
                allow,
                not_action,
                actions,
                not_resource,
                resources,
                cond,
                principal,
            },
        )
}

fn list(items: &[usize], vocab: &[&str]) -> String {
    let v: Vec<String> = items.iter().map(|i| format!("\"{}\"", vocab[*i])).collect();
    format!("[{}]", v.join(","))
}

fn render(st: &Stmt, with_principal: bool) -> String {
    let principal = if with_principal {
        format!(r#""Principal":{},"#, PRINCIPALS[st.principal])
    } else {
        String::new()
    };
    format!(
        r#"{{"Effect":"{}",{principal}"{}":{},"{}":{}{}}}"#,
        if st.allow { "Allow" } else { "Deny" },
        if st.not_action { "NotAction" } else { "Action" },
        list(&st.actions, &ACTION_PATTERNS),
        if st.not_resource {
            "NotResource"
        } else {
            "Resource"
        },
        list(&st.resources, &RESOURCE_PATTERNS),
        CONDITIONS[st.cond]
    )
}

fn render_policy(stmts: &[Stmt], with_principal: bool) -> String {
    let v: Vec<String> = stmts.iter().map(|s| render(s, with_principal)).collect();
    doc(&v.join(","))
}

#[derive(Debug, Clone)]
struct World {
    identity: Vec<Vec<Stmt>>,
    resource: Option<Vec<Stmt>>,
    boundary: Option<Vec<Stmt>>,
    session_caller: bool,
    action: usize,
    resource_arn: usize,
    cross_account: bool,
    team: usize,
    tls: usize,
    tags: usize,
}

fn stmts() -> impl Strategy<Value = Vec<Stmt>> {
    prop::collection::vec(stmt(), 1..5)
}

fn world() -> impl Strategy<Value = World> {
    (
        prop::collection::vec(stmts(), 0..4),
        prop::option::of(stmts()),
        prop::option::weighted(0.3, stmts()),
        any::<bool>(),
        0..ACTIONS.len(),
        0..RESOURCES.len(),
        prop::bool::weighted(0.3),
        (0..3usize, 0..3usize, 0..3usize),
    )
        .prop_map(
            |(
                identity,
                resource,
                boundary,
                session_caller,
                action,
                resource_arn,
                cross_account,
                (team, tls, tags),
            )| World {
                identity,
                resource,
                boundary,
                session_caller,
                action,
                resource_arn,
                cross_account,
                team,
                tls,
                tags,
            },
        )
}

impl World {
    fn case(&self) -> Case {
        let mut c = case();
        for p in &self.identity {
            c = c.identity(&render_policy(p, false));
        }
        if let Some(r) = &self.resource {
            c = c.resource(&render_policy(r, true));
        }
        if let Some(b) = &self.boundary {
            c = c.boundary(&render_policy(b, false));
        }
        c
    }

    fn request(&self) -> Request {
        let p = if self.session_caller {
            session(A, "R", "s")
        } else {
            user(A, "alice")
        };
        let acct = if self.cross_account { B } else { A };
        let mut r = req(p, ACTIONS[self.action], RESOURCES[self.resource_arn], acct);
        match self.team {
            1 => r = r.ctx("aws:PrincipalTag/team", "red"),
            2 => r = r.ctx("aws:PrincipalTag/team", "blue"),
            _ => {}
        }
        match self.tls {
            1 => r = r.ctx("aws:SecureTransport", "true"),
            2 => r = r.ctx("aws:SecureTransport", "false"),
            _ => {}
        }
        match self.tags {
            1 => r = r.ctx_multi("aws:TagKeys", &["apple", "x"]),
            2 => r = r.ctx_multi("aws:TagKeys", &[]),
            _ => {}
        }
        r
    }
}

const DENY_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;
const DENY_ALL_RESOURCE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn an_explicit_deny_always_wins(w in world(), where_ in 0..4usize) {
        let mut c = w.case();
        match where_ {
            0 => c = c.identity(DENY_ALL),
            1 => { c = c.boundary(DENY_ALL); }
            2 => {
                // A Deny statement added to the resource policy (or a new one).
                let mut stmts = w.resource.clone().unwrap_or_default();
                let mut extra = render_policy(&stmts, true);
                if stmts.is_empty() {
                    extra = DENY_ALL_RESOURCE.to_string();
                } else {
                    stmts.clear();
                    extra = extra.replacen("\"Statement\":[", r#""Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"},"#, 1);
                }
                c = c.resource(&extra);
            }
            _ => c = c.scp_level("root", &[DENY_ALL]),
        }
        prop_assert_eq!(c.decision(&w.request()), Decision::ExplicitDeny);
    }

    #[test]
    fn without_an_applicable_allow_the_answer_is_never_allowed(w in world()) {
        let mut w2 = w.clone();
        for p in &mut w2.identity { for s in p.iter_mut() { s.allow = false; } }
        if let Some(r) = &mut w2.resource { for s in r.iter_mut() { s.allow = false; } }
        let d = w2.case().decision(&w2.request());
        prop_assert!(d == Decision::ImplicitDeny || d == Decision::ExplicitDeny, "{d:?}");
        // And whenever a decision is `allowed`, some Allow statement applies.
        let e = w.case().eval(&w.request());
        if e.decision == Decision::Allowed {
            let any = e.trace.phases.iter().flat_map(|p| p.policies.iter()).any(|p| p.allows == Tri::True);
            prop_assert!(any);
            prop_assert!(!e.trace.decisive.is_empty());
        }
    }

    #[test]
    fn statement_and_policy_order_never_change_the_decision(w in world(), seed in any::<u64>()) {
        let d = w.case().decision(&w.request());
        let mut w2 = w.clone();
        w2.identity.reverse();
        let mut s = seed;
        let mut next = || { s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); (s >> 33) as usize };
        for p in &mut w2.identity { let n = p.len(); for i in (1..n).rev() { let j = next() % (i + 1); p.swap(i, j); } }
        if let Some(r) = &mut w2.resource { r.reverse(); }
        if let Some(b) = &mut w2.boundary { b.reverse(); }
        prop_assert_eq!(w2.case().decision(&w2.request()), d);
    }

    #[test]
    fn action_and_not_action_partition_the_actions(pat in 0..ACTION_PATTERNS.len(), action in 0..ACTIONS.len()) {
        let x = ACTION_PATTERNS[pat];
        let yes = case().identity(&doc(&format!(r#"{{"Effect":"Allow","Action":"{x}","Resource":"*"}}"#)));
        let no = case().identity(&doc(&format!(r#"{{"Effect":"Allow","NotAction":"{x}","Resource":"*"}}"#)));
        let r = req(user(A, "alice"), ACTIONS[action], "*", A);
        let a = yes.decision(&r) == Decision::Allowed;
        let b = no.decision(&r) == Decision::Allowed;
        prop_assert!(a != b, "Action {x} and NotAction {x} on {}: {a} {b}", ACTIONS[action]);
    }
}
