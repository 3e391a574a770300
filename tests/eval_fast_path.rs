//! The decision-only path (`decide`) and the traced path (`authorize`) are one engine: on
//! generated worlds (every policy slot, organization levels, resource, trust and key
//! policies, both policy versions) and requests (every principal kind, wildcard, variable and
//! non-ARN resources, context keys present, absent, multivalued or malformed), `decide`
//! returns exactly `authorize(..).decision`. The scenario corpus, run step by step without
//! traces and with them, decides every step alike.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

#[path = "corpus_support/mod.rs"]
mod corpus_support;
mod eval_support;
use corpus_support::scenario_files;
use eval_support::*;
use iam_playground::diag::Severity;
use iam_playground::eval::inputs::{PolicyOrigin, ResourcePolicyKind};
use iam_playground::eval::request::Request;
use iam_playground::eval::{authorize, decide, Decision};
use iam_playground::policy::model::{Policy, PolicyKind};
use iam_playground::policy::parse::parse_text;
use proptest::prelude::*;
use std::collections::BTreeMap;

const ACTIONS: [&str; 9] = [
    "s3:GetObject",
    "S3:getobject",
    "s3:PutObject",
    "s3:ListBucket",
    "ec2:DescribeInstances",
    "iam:CreateUser",
    "sts:AssumeRole",
    "kms:Decrypt",
    "dynamodb:GetItem",
];

const ACTION_PATTERNS: [&str; 14] = [
    "*",
    "s3:*",
    "s3:Get*",
    "s3:get*",
    "S3:GETOBJECT",
    "s3:*Object",
    "s3:?etObject",
    "s3:GetObject?",
    "ec2:Describe*",
    "iam:Create?ser",
    "sts:AssumeRole",
    "kms:*",
    "dynamodb:Get*",
    "s3:List*",
];

const RESOURCES: [&str; 10] = [
    "arn:aws:s3:::bucket/key",
    "arn:aws:s3:::bucket/home/alice/notes.txt",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::other/x:y",
    "*",
    "arn:aws:ec2:us-east-1:111111111111:instance/i-1",
    "arn:aws:dynamodb:us-east-1:111111111111:table/orders",
    "arn:aws:logs:us-east-1:111111111111:log-group:app:log-stream:s",
    "arn:aws:s3:::bucket/${literal}/*?",
    "bucket/key",
];

const RESOURCE_PATTERNS: [&str; 19] = [
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::*",
    "arn:aws:s3:::bucket/home/${aws:username}/*",
    "arn:aws:s3:::bucket/home/${aws:PrincipalTag/team, 'alice'}/*",
    "arn:aws:s3:::bucket/${*}/*",
    "arn:aws:s3:::bucket/${aws:TagKeys}",
    "arn:aws:s3:::other/?:y",
    "arn:aws:s3:*",
    "arn:aws:s3",
    "arn:aws:s*:::bucket/*",
    "arn:aws:ec2:*:${aws:PrincipalAccount}:instance/*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:dynamodb:us-east-1:111111111111:table/order?",
    "arn:aws:logs:*:*:log-group:app*",
    "arn:aws:logs:*:*:log-group:app:*",
    "arn:aws:s3:::bucket/${literal}/*",
    "arn:aws:s3:::Bucket/*",
];

/// Condition entries (operator, key, values); a statement combines up to three.
const CONDITIONS: [(&str, &str, &str); 18] = [
    ("StringEquals", "aws:PrincipalTag/team", r#""red""#),
    (
        "StringNotEquals",
        "aws:PrincipalTag/team",
        r#"["blue","green"]"#,
    ),
    (
        "StringLike",
        "s3:prefix",
        r#"["home/${aws:username}/*","public/*"]"#,
    ),
    ("Bool", "aws:SecureTransport", r#""true""#),
    (
        "Bool",
        "aws:MultiFactorAuthPresent",
        r#""${aws:SecureTransport}""#,
    ),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", r#""false""#),
    ("NumericLessThan", "s3:max-keys", r#""10""#),
    ("NumericGreaterThanEquals", "s3:max-keys", r#"["5","100"]"#),
    (
        "DateGreaterThan",
        "aws:CurrentTime",
        r#""2026-01-01T00:00:00Z""#,
    ),
    (
        "IpAddress",
        "aws:SourceIp",
        r#"["203.0.113.0/24","2001:db8::/32"]"#,
    ),
    ("NotIpAddress", "aws:SourceIp", r#""198.51.100.0/24""#),
    (
        "ArnLike",
        "aws:PrincipalArn",
        r#""arn:aws:iam::${aws:PrincipalAccount}:*""#,
    ),
    ("ArnEquals", "aws:SourceArn", r#""arn:aws:s3:::bucket""#),
    ("ForAnyValue:StringLike", "aws:TagKeys", r#"["a*","b"]"#),
    (
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        r#"["apple","x"]"#,
    ),
    ("Null", "aws:PrincipalTag/team", r#""true""#),
    ("StringEqualsIgnoreCase", "aws:username", r#""ALICE""#),
    ("StringEquals", "aws:PrincipalOrgID", r#""o-abc""#),
];

/// The `Condition` element of the chosen entries (none: no element).
fn condition(entries: &[usize]) -> String {
    let mut by_op: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for &i in entries {
        let (op, key, values) = CONDITIONS[i];
        by_op.entry(op).or_default().insert(key, values);
    }
    if by_op.is_empty() {
        return String::new();
    }
    let ops: Vec<String> = by_op
        .iter()
        .map(|(op, keys)| {
            let ks: Vec<String> = keys.iter().map(|(k, v)| format!(r#""{k}":{v}"#)).collect();
            format!(r#""{op}":{{{}}}"#, ks.join(","))
        })
        .collect();
    format!(r#","Condition":{{{}}}"#, ops.join(","))
}

const PRINCIPALS: [&str; 10] = [
    r#""*""#,
    r#"{"AWS":"*"}"#,
    r#"{"AWS":"111111111111"}"#,
    r#"{"AWS":"arn:aws:iam::111111111111:root"}"#,
    r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#,
    r#"{"AWS":"arn:aws:iam::222222222222:user/bob"}"#,
    r#"{"AWS":"arn:aws:iam::111111111111:role/R"}"#,
    r#"{"AWS":"arn:aws:sts::111111111111:assumed-role/R/s"}"#,
    r#"{"Service":"lambda.amazonaws.com"}"#,
    r#"{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}"#,
];

/// Which caller makes the request.
const CALLERS: usize = 7;

#[derive(Debug, Clone)]
struct Stmt {
    allow: bool,
    not_action: bool,
    actions: Vec<usize>,
    not_resource: bool,
    resources: Vec<usize>,
    cond: Vec<usize>,
    principal: usize,
    not_principal: bool,
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        any::<bool>(),
        prop::bool::weighted(0.15),
        // `*` and the service-wide patterns often, so that statements often apply.
        prop::collection::vec(
            prop_oneof![1 => 0..3usize, 2 => 0..ACTION_PATTERNS.len()],
            1..4,
        ),
        prop::bool::weighted(0.15),
        prop::collection::vec(
            prop_oneof![1 => 0..2usize, 2 => 0..RESOURCE_PATTERNS.len()],
            1..4,
        ),
        prop::collection::vec(0..CONDITIONS.len(), 0..4),
        0..PRINCIPALS.len(),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(
                allow,
                not_action,
                actions,
                not_resource,
                resources,
                cond,
                principal,
                not_principal,
            )| Stmt {
                allow,
                not_action,
                actions,
                not_resource,
                resources,
                cond,
                principal,
                not_principal,
            },
        )
}

#[derive(Debug, Clone)]
struct Pol {
    old_version: bool,
    stmts: Vec<Stmt>,
}

/// Statements that match every action and resource, so that principals, conditions and
/// the combination of policy types decide (the statements of [`stmt`] rarely all apply).
fn applying_stmt() -> impl Strategy<Value = Stmt> {
    (
        any::<bool>(),
        prop_oneof![
            2 => Just(Vec::new()),
            1 => prop::collection::vec(0..CONDITIONS.len(), 1..3),
        ],
        0..PRINCIPALS.len(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(allow, cond, principal, not_principal)| Stmt {
            allow,
            not_action: false,
            actions: vec![0],
            not_resource: false,
            resources: vec![0],
            cond,
            principal,
            not_principal,
        })
}

fn pol(st: BoxedStrategy<Stmt>) -> impl Strategy<Value = Pol> {
    (prop::bool::weighted(0.15), prop::collection::vec(st, 1..5))
        .prop_map(|(old_version, stmts)| Pol { old_version, stmts })
}

fn list(items: &[usize], vocab: &[&str]) -> String {
    let v: Vec<String> = items.iter().map(|i| format!("\"{}\"", vocab[*i])).collect();
    format!("[{}]", v.join(","))
}

/// The slot a policy fills, which decides the elements its statements may have.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    /// Identity-type policies (identity, boundary, session, SCP): no principal.
    Identity,
    /// Resource-based policies: `Principal` or `NotPrincipal` as generated.
    Resource,
    /// Trust policies: `sts:` actions, no `Resource`, a named principal.
    Trust,
    /// RCPs: `Deny` statements only, `Principal` `"*"`, `Action` (IAM's rules for RCPs).
    Rcp,
}

const TRUST_ACTIONS: [&str; 4] = ["sts:AssumeRole", "sts:TagSession", "sts:*", "sts:Assume*"];

fn render(p: &Pol, slot: Slot) -> String {
    let stmts: Vec<String> = p
        .stmts
        .iter()
        .map(|st| {
            let principal = match slot {
                Slot::Identity => String::new(),
                Slot::Rcp => r#""Principal":"*","#.to_string(),
                // Trust policies name a principal other than everyone.
                Slot::Trust => format!(
                    r#""Principal":{},"#,
                    PRINCIPALS[2 + st.principal % (PRINCIPALS.len() - 2)]
                ),
                Slot::Resource => format!(
                    r#""{}":{},"#,
                    // IAM accepts NotPrincipal with Deny only.
                    if st.not_principal && !st.allow {
                        "NotPrincipal"
                    } else {
                        "Principal"
                    },
                    PRINCIPALS[st.principal]
                ),
            };
            let effect = if st.allow && slot != Slot::Rcp {
                "Allow"
            } else {
                "Deny"
            };
            let action = if slot == Slot::Trust {
                let a: Vec<usize> = st.actions.iter().map(|i| i % TRUST_ACTIONS.len()).collect();
                format!(r#""Action":{}"#, list(&a, &TRUST_ACTIONS))
            } else {
                format!(
                    r#""{}":{}"#,
                    if st.not_action && slot != Slot::Rcp {
                        "NotAction"
                    } else {
                        "Action"
                    },
                    list(&st.actions, &ACTION_PATTERNS)
                )
            };
            let resource = if slot == Slot::Trust {
                String::new()
            } else {
                format!(
                    r#","{}":{}"#,
                    if st.not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    },
                    list(&st.resources, &RESOURCE_PATTERNS)
                )
            };
            format!(
                r#"{{"Effect":"{effect}",{principal}{action}{resource}{}}}"#,
                condition(&st.cond)
            )
        })
        .collect();
    format!(
        r#"{{"Version":"{}","Statement":[{}]}}"#,
        if p.old_version {
            "2008-10-17"
        } else {
            "2012-10-17"
        },
        stmts.join(",")
    )
}

#[derive(Debug, Clone)]
struct World {
    identity: Vec<Pol>,
    boundary: Option<Pol>,
    session: Option<Vec<Pol>>,
    scps: Option<Vec<Vec<Pol>>>,
    rcps: Option<Vec<Vec<Pol>>>,
    resource: Option<Pol>,
    resource_kind: u8,
    caller: usize,
    action: usize,
    resource_arn: usize,
    cross_account: bool,
    context: BTreeMap<&'static str, Option<Vec<&'static str>>>,
}

fn levels(st: BoxedStrategy<Stmt>) -> impl Strategy<Value = Vec<Vec<Pol>>> {
    prop::collection::vec(prop::collection::vec(pol(st), 1..3), 1..3)
}

/// Context keys the conditions and variables read; each absent, single, multivalued or
/// malformed for its type.
fn context() -> impl Strategy<Value = BTreeMap<&'static str, Option<Vec<&'static str>>>> {
    let keys: [(&'static str, &'static [&'static str]); 11] = [
        ("aws:username", &["alice", "a*b", "x:y"]),
        ("aws:PrincipalTag/team", &["red", "blue", "alice"]),
        ("aws:SecureTransport", &["true", "false", "maybe"]),
        ("aws:MultiFactorAuthPresent", &["true", "false"]),
        ("s3:max-keys", &["5", "50", "many"]),
        ("s3:prefix", &["home/alice/x", "public/y", "private/z"]),
        (
            "aws:CurrentTime",
            &["2026-06-01T00:00:00Z", "2025-01-01T00:00:00Z", "yesterday"],
        ),
        (
            "aws:SourceIp",
            &["203.0.113.7", "198.51.100.1", "2001:db8::1", "not-an-ip"],
        ),
        ("aws:TagKeys", &["apple", "x", "b"]),
        ("aws:PrincipalOrgID", &["o-abc", "o-other"]),
        ("aws:SourceArn", &["arn:aws:s3:::bucket", "bucket"]),
    ];
    let per_key: Vec<_> = keys
        .iter()
        .map(|(k, vals)| {
            let k = *k;
            let vals: Vec<&'static str> = vals.to_vec();
            (
                0..3usize,
                prop::sample::subsequence(vals.clone(), 0..=vals.len()),
                prop::sample::select(vals),
            )
                .prop_map(move |(how, many, one)| {
                    (
                        k,
                        match how {
                            0 => None,
                            1 => Some(vec![one]),
                            _ => Some(many),
                        },
                    )
                })
        })
        .collect();
    per_key.prop_map(|kvs| kvs.into_iter().collect())
}

/// How often each policy slot is filled.
struct Mix {
    identity: usize,
    others: f64,
    resource: f64,
}

/// Every slot, often.
const BROAD: Mix = Mix {
    identity: 4,
    others: 0.3,
    resource: 0.7,
};

/// Mostly the resource-based policy and the caller's own policies: how a resource policy
/// names the caller decides.
const RESOURCE_SIDE: Mix = Mix {
    identity: 2,
    others: 0.1,
    resource: 0.95,
};

fn world(st: BoxedStrategy<Stmt>, mix: Mix) -> impl Strategy<Value = World> {
    (
        (
            prop::collection::vec(pol(st.clone()), 0..mix.identity),
            prop::option::weighted(mix.others, pol(st.clone())),
            prop::option::weighted(mix.others, prop::collection::vec(pol(st.clone()), 0..3)),
            prop::option::weighted(mix.others, levels(st.clone())),
            prop::option::weighted(mix.others, levels(st.clone())),
            prop::option::weighted(mix.resource, pol(st)),
            0..3u8,
        ),
        (
            // Mostly a user or a role session of the resource's account.
            prop_oneof![2 => 0..2usize, 1 => 0..CALLERS],
            0..ACTIONS.len(),
            0..RESOURCES.len(),
            prop::bool::weighted(0.3),
            context(),
        ),
    )
        .prop_map(
            |(
                (identity, boundary, session, scps, rcps, resource, resource_kind),
                (caller, action, resource_arn, cross_account, context),
            )| World {
                identity,
                boundary,
                session,
                scps,
                rcps,
                resource,
                resource_kind,
                caller,
                action,
                resource_arn,
                cross_account,
                context,
            },
        )
}

/// Parses a generated policy as its slot's kind; `None` (and the error codes in `rejected`)
/// when IAM would refuse to store it, as the scenario layer leaves such a document out.
fn parsed(kind: PolicyKind, text: &str, rejected: &mut Vec<String>) -> Option<Policy> {
    let p = parse_text(text, kind);
    if p.policy.is_none() {
        let codes: Vec<&str> = p
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code.as_str())
            .collect();
        rejected.push(codes.join(","));
    }
    p.policy
}

fn origin(id: String) -> PolicyOrigin {
    PolicyOrigin {
        name: id.clone(),
        id,
        arn: None,
        attached_to: None,
    }
}

impl World {
    fn policy_count(&self) -> usize {
        let levels = |l: &Option<Vec<Vec<Pol>>>| {
            l.as_ref()
                .map_or(0, |ls| ls.iter().map(Vec::len).sum::<usize>())
        };
        self.identity.len()
            + usize::from(self.boundary.is_some())
            + self.session.as_ref().map_or(0, Vec::len)
            + levels(&self.scps)
            + levels(&self.rcps)
            + usize::from(self.resource.is_some())
    }

    /// The world's policies (those that parse), and the error codes of each that does not.
    fn case(&self) -> (Case, Vec<String>) {
        let mut rejected = Vec::new();
        let mut c = case();
        let own = |kind, p: &Pol, principals, id: String, rejected: &mut Vec<String>| {
            parsed(kind, &render(p, principals), rejected).map(|pol| (origin(id), pol))
        };
        for (i, p) in self.identity.iter().enumerate() {
            c.identity.extend(own(
                PolicyKind::Identity,
                p,
                Slot::Identity,
                format!("identity{i}"),
                &mut rejected,
            ));
        }
        if let Some(b) = &self.boundary {
            c.boundary = own(
                PolicyKind::Boundary,
                b,
                Slot::Identity,
                "boundary".into(),
                &mut rejected,
            );
        }
        if let Some(ps) = &self.session {
            // Possibly a session with an empty list of session policies.
            c.session = Some(
                ps.iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        own(
                            PolicyKind::Session,
                            p,
                            Slot::Identity,
                            format!("session{i}"),
                            &mut rejected,
                        )
                    })
                    .collect(),
            );
        }
        let levels = |ls: &Vec<Vec<Pol>>, kind, principals, rejected: &mut Vec<String>| {
            ls.iter()
                .enumerate()
                .map(|(i, l)| {
                    let ps = l
                        .iter()
                        .enumerate()
                        .filter_map(|(j, p)| {
                            own(kind, p, principals, format!("{kind:?}-{i}-{j}"), rejected)
                        })
                        .collect();
                    (format!("level{i}"), ps)
                })
                .collect()
        };
        if let Some(ls) = &self.scps {
            c.scps = Some(levels(
                ls,
                PolicyKind::ServiceControl,
                Slot::Identity,
                &mut rejected,
            ));
        }
        if let Some(ls) = &self.rcps {
            c.rcps = Some(levels(
                ls,
                PolicyKind::ResourceControl,
                Slot::Rcp,
                &mut rejected,
            ));
        }
        if let Some(r) = &self.resource {
            let kind = if self.resource_kind == 1 {
                PolicyKind::Trust
            } else {
                PolicyKind::Resource
            };
            c.resource = own(
                kind,
                r,
                if kind == PolicyKind::Trust {
                    Slot::Trust
                } else {
                    Slot::Resource
                },
                "resource".into(),
                &mut rejected,
            );
        }
        c.kind = Some(match self.resource_kind {
            1 => ResourcePolicyKind::RoleTrust,
            2 => ResourcePolicyKind::KmsKey,
            _ => ResourcePolicyKind::Ordinary,
        });
        (c, rejected)
    }

    fn request(&self) -> Request {
        let p = match self.caller {
            0 => user(A, "alice"),
            1 => session(A, "R", "s"),
            2 => root(A),
            3 => federated(A, "fed"),
            4 => service("lambda.amazonaws.com"),
            5 => anonymous(),
            _ => user(B, "bob"),
        };
        let acct = if self.cross_account { B } else { A };
        let mut r = req(p, ACTIONS[self.action], RESOURCES[self.resource_arn], acct);
        for (k, v) in &self.context {
            match v {
                None => {}
                Some(vals) if vals.len() == 1 => r = r.ctx(k, vals[0]),
                Some(vals) => r = r.ctx_multi(k, vals),
            }
        }
        r
    }
}

fn same_decision(w: &World) -> Result<(), TestCaseError> {
    let (c, _) = w.case();
    let r = w.request();
    let (fast, traced) = c.with(|inputs| (decide(&r, inputs), authorize(&r, inputs)));
    prop_assert_eq!(fast, traced.decision, "traced reason: {}", traced.reason);
    // Deciding twice gives the same answer (nothing is kept between requests).
    prop_assert_eq!(c.with(|inputs| decide(&r, inputs)), fast);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn decide_returns_exactly_the_traced_decision(w in world(stmt().boxed(), BROAD)) {
        same_decision(&w)?;
    }

    #[test]
    fn decide_returns_exactly_the_traced_decision_when_statements_apply(
        w in world(applying_stmt().boxed(), BROAD)
    ) {
        same_decision(&w)?;
    }

    #[test]
    fn decide_returns_exactly_the_traced_decision_when_a_resource_policy_names_the_caller(
        w in world(applying_stmt().boxed(), RESOURCE_SIDE)
    ) {
        same_decision(&w)?;
    }
}

/// The generator reaches every decision, so the property above compares more than one kind
/// of answer.
#[test]
fn generated_worlds_reach_every_decision() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = world(stmt().boxed(), BROAD);
    let mut seen = std::collections::HashSet::new();
    let (mut policies, mut rejected) = (0usize, Vec::new());
    for _ in 0..600 {
        let w = strategy.new_tree(&mut runner).unwrap().current();
        let r = w.request();
        let (c, rej) = w.case();
        policies += w.policy_count();
        rejected.extend(rej);
        seen.insert(c.with(|inputs| decide(&r, inputs)));
    }
    // Most generated policies are ones IAM stores (and so are evaluated).
    let mut codes = std::collections::BTreeMap::new();
    for r in &rejected {
        *codes.entry(r.as_str()).or_insert(0usize) += 1;
    }
    assert!(
        rejected.len() * 20 < policies,
        "{} of {policies} rejected: {codes:?}",
        rejected.len()
    );
    for d in [
        Decision::Allowed,
        Decision::ExplicitDeny,
        Decision::ImplicitDeny,
        Decision::CannotEvaluate,
    ] {
        assert!(seen.contains(&d), "{d:?} never decided: {seen:?}");
    }
}

#[test]
fn the_scenario_corpus_decides_alike_with_and_without_traces() {
    use iam_playground::scenario::run::{RunOptions, Runner};
    let files = scenario_files();
    assert!(files.len() >= 5, "the corpus is missing: {files:?}");
    let mut steps = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let parsed = iam_playground::json::parse(&text);
        let Some(root) = parsed.node.as_ref() else {
            continue;
        };
        let loaded = iam_playground::scenario::load::load(&text, root);
        if !loaded.runnable {
            continue;
        }
        let sc = &loaded.scenario;
        let broken = &loaded.broken_documents;
        let mut traced = Runner::new(sc, broken, RunOptions::default());
        let mut fast = Runner::new(sc, broken, RunOptions::DECISIONS);
        for (i, s) in sc.steps.iter().enumerate() {
            let a = traced.step(i, s);
            let b = fast.step(i, s);
            assert_eq!(
                a.decision,
                b.decision,
                "{}: step {i} decides differently without its trace",
                f.display()
            );
            assert_eq!(
                a.error.as_ref().map(|e| &e.code),
                b.error.as_ref().map(|e| &e.code),
                "{}: step {i} fails differently without its trace",
                f.display()
            );
            steps += 1;
        }
    }
    assert!(steps > 50, "only {steps} steps compared");
}

/// Decides with both entry points; they must agree, and the decision is returned.
fn both(c: &Case, r: &Request) -> Decision {
    let (fast, traced) = c.with(|inputs| (decide(r, inputs), authorize(r, inputs)));
    assert_eq!(fast, traced.decision, "{}", traced.reason);
    fast
}

fn bucket_read(r: &str) -> Request {
    req(user(A, "alice"), "s3:GetObject", r, A)
}

// The decision-only path skips work the decision cannot depend on; each shortcut is
// pinned here by a world where skipping one statement too many changes the answer.

#[test]
fn an_allow_naming_the_account_does_not_hide_a_later_allow_naming_the_caller() {
    // The account-level grant needs an identity Allow (F5); the direct grant does not (F4).
    let c = case().resource(&doc(
        r#"{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"},
           {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:GetObject","Resource":"*"}"#,
    ));
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::bucket/k")),
        Decision::Allowed
    );
}

#[test]
fn a_certain_allow_does_not_hide_a_later_deny() {
    let c = case().identity(&doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"},
           {"Effect":"Allow","Action":"s3:Get*","Resource":"*"},
           {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}"#));
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::bucket/k")),
        Decision::ExplicitDeny
    );
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::other/k")),
        Decision::Allowed
    );
}

#[test]
fn a_condition_that_cannot_be_evaluated_does_not_decide_when_another_is_false() {
    // `s3:max-keys` is not a number: the first condition cannot be evaluated, the second
    // is false, so the statement does not apply (false AND unknown is false).
    let c = case().identity(&doc(
        r#"{"Effect":"Deny","Action":"s3:*","Resource":"*",
            "Condition":{"NumericLessThan":{"s3:max-keys":"10"},"StringEquals":{"aws:PrincipalTag/team":"red"}}},
           {"Effect":"Allow","Action":"s3:*","Resource":"*"}"#,
    ));
    let r = bucket_read("arn:aws:s3:::bucket/k")
        .ctx("s3:max-keys", "many")
        .ctx("aws:PrincipalTag/team", "blue");
    assert_eq!(both(&c, &r), Decision::Allowed);
    // With the second condition true, the Deny may apply: the decision cannot be made.
    let r = r.ctx("aws:PrincipalTag/team", "red");
    assert_eq!(both(&c, &r), Decision::CannotEvaluate);
}

#[test]
fn an_allow_that_cannot_be_evaluated_does_not_decide_beside_a_certain_allow() {
    let c = case()
        .identity(&doc(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}"#,
        ))
        .identity(&doc(r#"{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}"#));
    let r = bucket_read("arn:aws:s3:::bucket/k").ctx("aws:CurrentTime", "yesterday");
    assert_eq!(both(&c, &r), Decision::Allowed);
    let r = req(user(A, "alice"), "s3:PutObject", "arn:aws:s3:::bucket/k", A)
        .ctx("aws:CurrentTime", "yesterday");
    assert_eq!(both(&c, &r), Decision::CannotEvaluate);
}

#[test]
fn a_deny_at_one_organization_level_stops_the_decision_only_path() {
    let c = case()
        .identity(ALLOW_ALL)
        .scp_level("r-root", &[ALLOW_ALL])
        .scp_level(
            "ou-1",
            &[
                ALLOW_ALL,
                &doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#),
            ],
        );
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::bucket/k")),
        Decision::ExplicitDeny
    );
    // A level without an applicable Allow denies implicitly.
    let c = case()
        .identity(ALLOW_ALL)
        .scp_level("r-root", &[ALLOW_ALL])
        .scp_level(
            "ou-1",
            &[&doc(
                r#"{"Effect":"Allow","Action":"ec2:*","Resource":"*"}"#,
            )],
        );
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::bucket/k")),
        Decision::ImplicitDeny
    );
}

#[test]
fn not_action_and_not_resource_decide_alike_on_both_paths() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"}"#,
    ));
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::bucket/k")),
        Decision::Allowed
    );
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::secret/k")),
        Decision::ImplicitDeny
    );
    let r = req(user(A, "alice"), "iam:CreateUser", "*", A);
    assert_eq!(both(&c, &r), Decision::ImplicitDeny);
}

#[test]
fn a_resource_variable_resolves_the_same_on_both_paths() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"}"#,
    ));
    let own = bucket_read("arn:aws:s3:::bucket/home/alice/k").ctx("aws:username", "alice");
    assert_eq!(both(&c, &own), Decision::Allowed);
    let other = bucket_read("arn:aws:s3:::bucket/home/bob/k").ctx("aws:username", "alice");
    assert_eq!(both(&c, &other), Decision::ImplicitDeny);
    // Without the key the variable does not resolve and the pattern matches nothing (F74).
    assert_eq!(
        both(&c, &bucket_read("arn:aws:s3:::bucket/home/alice/k")),
        Decision::ImplicitDeny
    );
}
