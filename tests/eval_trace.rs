//! The trace: phases in AWS's order, per-statement and per-condition detail, spans that
//! point at the exact JSON, decisive statements, AWS-worded reasons (B.5), assumptions,
//! and the text rendering.

mod eval_support;
use eval_support::*;
use iam_playground::eval::trace::{PhaseKind, PhaseOutcome, PrincipalLevel, Tri};
use iam_playground::eval::Decision::*;

const BUCKET: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OrgReadWithMfa",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::shared/*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    },
    {
      "Sid": "DenyDelete",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:DeleteObject",
      "Resource": "arn:aws:s3:::shared/*"
    }
  ]
}"#;

const IDENTITY: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"Read","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::shared","arn:aws:s3:::shared/*"]}]}"#;

fn world() -> Case {
    case()
        .identity_named(
            "alice-read",
            "arn:aws:iam::111111111111:policy/Read",
            IDENTITY,
        )
        .resource(BUCKET)
}

#[test]
fn phases_come_in_aws_documented_order() {
    let r = req(user(A, "alice"), "s3:GetObject", "arn:aws:s3:::shared/f", B)
        .ctx("aws:MultiFactorAuthPresent", "true");
    let e = world().eval(&r);
    assert_eq!(e.decision, Allowed);
    let kinds: Vec<PhaseKind> = e.trace.phases.iter().map(|p| p.phase).collect();
    assert_eq!(
        kinds,
        [
            PhaseKind::ExplicitDeny,
            PhaseKind::ResourceControlPolicies,
            PhaseKind::ServiceControlPolicies,
            PhaseKind::ResourceBased,
            PhaseKind::IdentityBased,
            PhaseKind::PermissionsBoundary,
            PhaseKind::SessionPolicy
        ]
    );
    assert_eq!(e.trace.phases[0].outcome, PhaseOutcome::NoDeny);
    assert_eq!(e.trace.phases[1].outcome, PhaseOutcome::NotApplicable);
    assert_eq!(e.trace.phases[3].outcome, PhaseOutcome::Allows);
    assert_eq!(e.trace.phases[4].outcome, PhaseOutcome::Allows);
    assert!(
        e.trace.phases[3].summary.contains("account"),
        "{}",
        e.trace.phases[3].summary
    );
}

#[test]
fn statements_carry_spans_that_underline_the_exact_json() {
    let r = req(user(A, "alice"), "s3:GetObject", "arn:aws:s3:::shared/f", B)
        .ctx("aws:MultiFactorAuthPresent", "false");
    let c = world();
    let e = c.eval(&r);
    assert_eq!(e.decision, ImplicitDeny);
    let text = &c.resource.as_ref().unwrap().1.text;
    let pol = &e.trace.phases[3].policies[0];
    assert_eq!(pol.origin.id, "resource");
    let st = &pol.statements[0];
    assert_eq!(st.sid.as_deref(), Some("OrgReadWithMfa"));
    assert_eq!(st.applies, Tri::False);
    assert!(st.span.slice(text).starts_with('{') && st.span.slice(text).contains("OrgReadWithMfa"));
    let p = st.principal.as_ref().unwrap();
    assert_eq!(p.level, PrincipalLevel::AccountLevelMatch);
    assert_eq!(
        p.values[0].span.slice(text),
        "\"arn:aws:iam::111111111111:root\""
    );
    assert!(st.action.matched);
    assert_eq!(st.action.patterns[0].span.slice(text), "\"s3:GetObject\"");
    assert!(st.resource.as_ref().unwrap().matched);
    let cond = &st.conditions[0];
    assert_eq!(cond.operator, "Bool");
    assert_eq!(cond.key, "aws:MultiFactorAuthPresent");
    assert_eq!(cond.key_span.slice(text), "\"aws:MultiFactorAuthPresent\"");
    assert_eq!(
        cond.request_values.as_deref(),
        Some(&["false".to_string()][..])
    );
    assert_eq!(cond.values[0].value, "true");
    assert_eq!(cond.values[0].span.slice(text), "\"true\"");
    assert!(!cond.values[0].matched);
    assert_eq!(cond.result, Tri::False);
    // The Deny statement does not match the action: it says so.
    let deny = &pol.statements[1];
    assert!(!deny.action.matched);
    assert_eq!(
        deny.principal.as_ref().unwrap().level,
        PrincipalLevel::Wildcard
    );
}

#[test]
fn absent_keys_are_shown_as_absent() {
    let r = req(user(A, "alice"), "s3:GetObject", "arn:aws:s3:::shared/f", B);
    let e = world().eval(&r);
    let cond = &e.trace.phases[3].policies[0].statements[0].conditions[0];
    assert_eq!(cond.request_values, None);
    assert!(
        cond.explanation.contains("key absent"),
        "{}",
        cond.explanation
    );
}

#[test]
fn reasons_use_aws_access_denied_wording() {
    let r = req(user(A, "alice"), "s3:GetObject", "arn:aws:s3:::other/f", A);
    let e = world().eval(&r);
    assert_eq!(
        e.reason,
        "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::other/f because no identity-based policy allows the s3:GetObject action"
    );
    let deny = doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#);
    let c = case().identity_named("DenyS3", "arn:aws:iam::111111111111:policy/DenyS3", &deny);
    let e = c.eval(&r);
    assert_eq!(
        e.reason,
        "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::other/f with an explicit deny in an identity-based policy: arn:aws:iam::111111111111:policy/DenyS3"
    );
    assert_eq!(e.trace.reason, e.reason);
}

#[test]
fn decisive_statements_are_named_and_marked() {
    let r = req(
        user(A, "alice"),
        "s3:DeleteObject",
        "arn:aws:s3:::shared/f",
        A,
    );
    let c = case().identity(ALLOW_ALL).resource(BUCKET);
    let e = c.eval(&r);
    assert_eq!(e.decision, ExplicitDeny);
    assert_eq!(e.trace.decisive.len(), 1);
    assert_eq!(e.trace.decisive[0].sid.as_deref(), Some("DenyDelete"));
    assert_eq!(e.trace.phases[0].matched, e.trace.decisive);
    let st = &e.trace.phases[3].policies[0].statements[1];
    assert!(st.decisive);
    assert!(!e.trace.phases[3].policies[0].statements[0].decisive);
    // Allowed: the allowing statements are decisive; an implicit deny has none.
    let ok = c.eval(&req(
        user(A, "alice"),
        "s3:PutObject",
        "arn:aws:s3:::shared/f",
        A,
    ));
    assert_eq!(ok.decision, Allowed);
    assert_eq!(ok.trace.decisive.len(), 1);
    let none = case().eval(&r);
    assert!(none.trace.decisive.is_empty());
}

#[test]
fn trace_serializes_as_camel_case_json() {
    let r = req(user(A, "alice"), "s3:GetObject", "arn:aws:s3:::shared/f", B)
        .ctx("aws:MultiFactorAuthPresent", "true");
    let e = world().eval(&r);
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["decision"], "allowed");
    assert_eq!(v["trace"]["phases"][0]["phase"], "explicitDeny");
    assert_eq!(
        v["trace"]["phases"][3]["policies"][0]["statements"][0]["principal"]["level"],
        "accountLevelMatch"
    );
    assert_eq!(
        v["trace"]["phases"][3]["policies"][0]["statements"][0]["conditions"][0]["requestValues"]
            [0],
        "true"
    );
    assert_eq!(v["trace"]["request"]["sameAccount"], false);
    assert!(v["trace"]["phases"][3]["policies"][0]["statements"][0]["span"]["start"].is_u64());
}

#[test]
fn text_rendering_is_readable() {
    let r = req(user(A, "alice"), "s3:GetObject", "arn:aws:s3:::shared/f", B)
        .ctx("aws:MultiFactorAuthPresent", "false");
    let e = world().eval(&r);
    let t = e.trace.render_text();
    assert!(t.contains("1 explicit deny"), "{t}");
    assert!(t.contains("4 resource-based policy"), "{t}");
    assert!(t.contains("OrgReadWithMfa"), "{t}");
    assert!(
        t.contains(
            "condition Bool aws:MultiFactorAuthPresent is false (request: false; policy: true)"
        ),
        "{t}"
    );
    assert!(
        t.contains("⇒ implicitDeny: User: arn:aws:iam::111111111111:user/alice is not authorized"),
        "{t}"
    );
}

#[test]
fn unevaluable_conditions_are_listed_as_problems_with_spans() {
    let c = case().identity(ALLOW_ALL).identity(&doc(
        r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"soon"}}}"#,
    ));
    let e = c.eval(
        &req(user(A, "alice"), "s3:GetObject", "*", A)
            .ctx("aws:CurrentTime", "2024-01-01T00:00:00Z"),
    );
    assert_eq!(e.decision, CannotEvaluate);
    assert_eq!(e.trace.problems.len(), 1);
    let p = &e.trace.problems[0];
    assert_eq!(p.policy_id, "identity1");
    let text = &c.identity[1].1.text;
    assert!(
        p.span.slice(text).contains("DateLessThan"),
        "{}",
        p.span.slice(text)
    );
    assert_eq!(e.trace.phases[0].outcome, PhaseOutcome::Unknown);
    assert!(e.trace.render_text().contains("cannot evaluate"));
}
