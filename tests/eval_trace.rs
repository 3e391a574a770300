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

/// A policy whose `Action` lists `n` patterns `svc0:Get`, `svc1:Get`… plus the `extra` ones.
fn many_actions(n: usize, extra: &[&str], element: &str, resource: &str) -> String {
    let mut acts: Vec<String> = (0..n).map(|i| format!("\"svc{i}:Get\"")).collect();
    acts.extend(extra.iter().map(|a| format!("\"{a}\"")));
    doc(&format!(
        r#"{{"Effect":"Allow","{element}":[{}],"Resource":{resource}}}"#,
        acts.join(",")
    ))
}

// docs/trace.md: an element of more than FULL_PATTERN_LIST_MAX patterns keeps only the
// patterns that matched, with their spans; the count says how many were tried.
#[test]
fn long_action_lists_keep_only_the_patterns_that_matched() {
    let json = many_actions(2000, &["s3:Get*", "s3:*"], "Action", "\"*\"");
    let c = case().identity(&json);
    let e = c.eval(&req(
        user(A, "alice"),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        A,
    ));
    assert_eq!(e.decision, Allowed);
    let st = &e.trace.phases[4].policies[0].statements[0];
    assert!(st.action.matched);
    assert_eq!(st.action.patterns_tried, 2002);
    let listed: Vec<&str> = st
        .action
        .patterns
        .iter()
        .map(|p| p.pattern.as_str())
        .collect();
    assert_eq!(listed, ["s3:Get*", "s3:*"]);
    assert!(st.action.patterns.iter().all(|p| p.matches));
    let text = &c.identity[0].1.text;
    assert_eq!(st.action.patterns[0].span.slice(text), "\"s3:Get*\"");
    // The element's JSON stays small whatever the policy's size.
    let v = serde_json::to_value(&st.action).unwrap();
    assert_eq!(v["patternsTried"], 2002);
    assert!(v.to_string().len() < 300, "{v}");
}

#[test]
fn a_long_list_that_does_not_match_is_a_count() {
    let json = many_actions(1234, &[], "Action", "\"*\"");
    let e = case().identity(&json).eval(&req(
        user(A, "alice"),
        "s3:CreateBucket",
        "arn:aws:s3:::b",
        A,
    ));
    assert_eq!(e.decision, ImplicitDeny);
    let st = &e.trace.phases[4].policies[0].statements[0];
    assert!(!st.action.matched);
    assert_eq!(st.action.patterns_tried, 1234);
    assert!(st.action.patterns.is_empty());
    let v = serde_json::to_value(&st.action).unwrap();
    assert_eq!(v["patterns"], serde_json::json!([]));
    let t = e.trace.render_text();
    assert!(
        t.contains("Action: no pattern among 1234 matches s3:CreateBucket"),
        "{t}"
    );
}

// Short, hand-written lists teach through their misses: they are kept whole, with reasons.
#[test]
fn short_lists_are_kept_whole_with_the_reasons_of_their_misses() {
    let json = doc(
        r#"{"Effect":"Allow","Action":["s3:PutObject","s3:Get*"],"Resource":["arn:aws:s3:::other/*","arn:aws:s3:::b/*"]}"#,
    );
    let e = case().identity(&json).eval(&req(
        user(A, "alice"),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        A,
    ));
    assert_eq!(e.decision, Allowed);
    let st = &e.trace.phases[4].policies[0].statements[0];
    assert_eq!(st.action.patterns_tried, 2);
    let acts: Vec<(&str, bool)> = st
        .action
        .patterns
        .iter()
        .map(|p| (p.pattern.as_str(), p.matches))
        .collect();
    assert_eq!(acts, [("s3:PutObject", false), ("s3:Get*", true)]);
    let res = st.resource.as_ref().unwrap();
    assert_eq!(res.patterns_tried, 2);
    assert_eq!(res.patterns.len(), 2);
    assert!(!res.patterns[0].matches);
    assert!(res.patterns[0].reason.is_some(), "{:?}", res.patterns[0]);
    assert!(res.patterns[1].matches);

    // Five patterns is still short; six is long.
    for (n, listed) in [(5, 5), (6, 0)] {
        let e = case()
            .identity(&many_actions(n, &[], "Action", "\"*\""))
            .eval(&req(
                user(A, "alice"),
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                A,
            ));
        let a = &e.trace.phases[4].policies[0].statements[0].action;
        assert_eq!((a.patterns_tried, a.patterns.len()), (n, listed));
    }
}

// F45: NotAction excludes the listed actions; the trace names the pattern that excluded the
// request, not the thousands that did not.
#[test]
fn not_action_names_the_pattern_that_excluded_the_request() {
    let json = many_actions(300, &["s3:*"], "NotAction", "\"*\"");
    let c = case().identity(&json);
    let e = c.eval(&req(
        user(A, "alice"),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        A,
    ));
    assert_eq!(e.decision, ImplicitDeny);
    let a = &e.trace.phases[4].policies[0].statements[0].action;
    assert_eq!(a.element, "NotAction");
    assert!(!a.matched);
    assert_eq!(a.patterns_tried, 301);
    assert_eq!(a.patterns.len(), 1);
    assert_eq!(a.patterns[0].pattern, "s3:*");
    assert!(a.patterns[0].matches);
    let t = e.trace.render_text();
    assert!(
        t.contains("NotAction: s3:* matches s3:GetObject (of 301 patterns)"),
        "{t}"
    );
    // An action it does not list passes, and nothing is listed.
    let e = c.eval(&req(user(A, "alice"), "ec2:RunInstances", "*", A));
    assert_eq!(e.decision, Allowed);
    let a = &e.trace.phases[4].policies[0].statements[0].action;
    assert!(a.matched && a.patterns.is_empty());
}

// F46 / F72: NotResource names the excluding pattern; a matched pattern keeps its
// substituted value even in a long list.
#[test]
fn resource_patterns_keep_their_substituted_value() {
    let mut res: Vec<String> = (0..9).map(|i| format!("\"arn:aws:s3:::b{i}/*\"")).collect();
    res.push("\"arn:aws:s3:::home/${aws:username}/*\"".to_string());
    let json = doc(&format!(
        r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":[{}]}}"#,
        res.join(",")
    ));
    let e = case().identity(&json).eval(
        &req(
            user(A, "alice"),
            "s3:GetObject",
            "arn:aws:s3:::home/alice/f",
            A,
        )
        .ctx("aws:username", "alice"),
    );
    assert_eq!(e.decision, Allowed);
    let r = e.trace.phases[4].policies[0].statements[0]
        .resource
        .clone()
        .unwrap();
    assert_eq!(r.patterns_tried, 10);
    assert_eq!(r.patterns.len(), 1);
    assert_eq!(
        r.patterns[0].resolved.as_deref(),
        Some("arn:aws:s3:::home/alice/*")
    );

    let nr = doc(&format!(
        r#"{{"Effect":"Allow","Action":"s3:GetObject","NotResource":[{}]}}"#,
        res.get(..9).unwrap().join(",")
    ));
    let e = case().identity(&nr).eval(&req(
        user(A, "alice"),
        "s3:GetObject",
        "arn:aws:s3:::b3/f",
        A,
    ));
    assert_eq!(e.decision, ImplicitDeny);
    let r = e.trace.phases[4].policies[0].statements[0]
        .resource
        .clone()
        .unwrap();
    assert_eq!(r.element, "NotResource");
    assert!(!r.matched);
    assert_eq!(r.patterns.len(), 1);
    assert_eq!(r.patterns[0].pattern, "arn:aws:s3:::b3/*");
}
