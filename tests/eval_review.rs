//! Regression tests for the semantics review of the evaluator (REVIEW-semantics.md findings
//! A2, B1, B2, B3, C1, C2, D: Allow with NotPrincipal) and for F69 (a non-boolean `Bool`
//! value never matches). Each test fails on the engine before the fix.

mod eval_support;
use eval_support::*;
use iam_playground::eval::inputs::PolicyOrigin;
use iam_playground::eval::trace::Tri;
use iam_playground::eval::Decision::*;
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse::parse_text;

const OBJ: &str = "arn:aws:s3:::bucket/key";

fn not_principal_deny(listed: &str) -> Case {
    case()
        .identity(ALLOW_ALL)
        .resource(&doc(&format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"111111111111"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}},
               {{"Effect":"Deny","NotPrincipal":{{"AWS":{listed}}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}"#
        )))
}

/// Review A2, F38 (NOTPRIN: "AWS might validate the account first, then the role, and then the
/// assumed-role user"); AWS Security Blog "How to restrict Amazon S3 bucket access to a
/// specific IAM role": both the role ARN and the assumed-role ARN must be listed.
#[test]
fn a2_notprincipal_excludes_a_role_session_only_with_account_role_and_session() {
    let s = req(session(A, "R", "ss"), "s3:GetObject", OBJ, B);
    let role = r#""arn:aws:iam::111111111111:role/R""#;
    let sess = r#""arn:aws:sts::111111111111:assumed-role/R/ss""#;
    let acct = r#""arn:aws:iam::111111111111:root""#;
    // Role + account, session missing: the Deny applies, and the assumption is named.
    let e = not_principal_deny(&format!("[{role},{acct}]")).eval(&s);
    assert_eq!(e.decision, ExplicitDeny);
    assert!(e
        .assumptions
        .iter()
        .any(|a| a.id == "notprincipal-needs-account"));
    let st = &e.trace.phases[3].policies[0].statements[1];
    let note = st.principal.as_ref().unwrap().note.as_deref().unwrap();
    assert!(note.contains("account, role ARN and session ARN"), "{note}");
    // Session + account, role missing: the Deny applies.
    assert_eq!(
        not_principal_deny(&format!("[{sess},{acct}]")).decision(&s),
        ExplicitDeny
    );
    // Role + session, account missing: the Deny applies.
    assert_eq!(
        not_principal_deny(&format!("[{role},{sess}]")).decision(&s),
        ExplicitDeny
    );
    // All three: excluded.
    let e = not_principal_deny(&format!("[{role},{sess},{acct}]")).eval(&s);
    assert_eq!(e.decision, Allowed);
    assert!(e.assumptions.is_empty(), "{:?}", e.assumptions);
    // Another session of the same role is not excluded by that list.
    let other = req(session(A, "R", "other"), "s3:GetObject", OBJ, B);
    assert_eq!(
        not_principal_deny(&format!("[{role},{sess},{acct}]")).decision(&other),
        ExplicitDeny
    );
    // Users are unchanged: the user and its account exclude it.
    let u = req(user(A, "alice"), "s3:GetObject", OBJ, B);
    assert_eq!(
        not_principal_deny(r#"["arn:aws:iam::111111111111:user/alice","111111111111"]"#)
            .decision(&u),
        Allowed
    );
}

const CANON: &str = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

/// Review B1: a canonical user id names an account the engine cannot map: the statement is
/// unknown (fail loud, GUIDE), never a silent non-match.
#[test]
fn b1_canonical_user_principal_is_cannot_evaluate_not_ignored() {
    let deny = case().identity(ALLOW_ALL).resource(&doc(&format!(
        r#"{{"Effect":"Deny","Principal":{{"CanonicalUser":"{CANON}"}},"Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"}}"#
    )));
    let e = deny.eval(&req(user(A, "ux"), "s3:GetObject", OBJ, A));
    assert_eq!(e.decision, CannotEvaluate);
    assert!(e.reason.contains("CanonicalUser"), "{}", e.reason);
    assert!(e.trace.problems[0].message.contains("canonical user id"));
    assert_eq!(
        e.trace.phases[3].policies[0].statements[0].applies,
        Tri::Unknown
    );
    // Certain regardless: an identity-side Deny decides, whatever the canonical id names.
    let both = case()
        .identity(&doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#))
        .resource(&doc(&format!(
            r#"{{"Effect":"Allow","Principal":{{"CanonicalUser":"{CANON}"}},"Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"}}"#
        )));
    assert_eq!(
        both.decision(&req(user(A, "ux"), "s3:GetObject", OBJ, A)),
        ExplicitDeny
    );
    // An Allow naming only a canonical id: cross-account, it may be the caller's account.
    let allow = case().identity(ALLOW_ALL).resource(&doc(&format!(
        r#"{{"Effect":"Allow","Principal":{{"CanonicalUser":"{CANON}"}},"Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"}}"#
    )));
    assert_eq!(
        allow.decision(&req(user(B, "bob"), "s3:GetObject", OBJ, A)),
        CannotEvaluate
    );
    // Anonymous callers are in no account: a canonical id never names them.
    assert_eq!(
        allow.decision(&req(anonymous(), "s3:GetObject", OBJ, A)),
        ImplicitDeny
    );
}

/// Review B2 (E.5 iam-simulate#50, F73): a malformed ARN in an ARN operator is "cannot
/// evaluate", and the validator warns `type-mismatch-arn`.
#[test]
fn b2_malformed_arn_condition_value_fails_loud() {
    let deny = |op: &str, value: &str| {
        case().identity(ALLOW_ALL).identity(&doc(&format!(
            r#"{{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{{"{op}":{{"aws:SourceArn":"{value}"}}}}}}"#
        )))
    };
    let r = req(user(A, "ux"), "s3:GetObject", OBJ, A)
        .ctx("aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:topic");
    for (op, value) in [
        ("ArnLike", "arn:aws:sns:us-east-1:111111111111"),
        ("ArnEquals", "my-topic"),
        ("ArnNotLike", "arn:aws:sns"),
    ] {
        let e = deny(op, value).eval(&r);
        assert_eq!(e.decision, CannotEvaluate, "{op} {value}");
        assert!(
            e.trace.problems[0].message.contains("is not an ARN"),
            "{}",
            e.trace.problems[0].message
        );
    }
    // A well-formed pattern still decides (F65/F66).
    assert_eq!(
        deny("ArnLike", "arn:aws:sns:*:111111111111:*").decision(&r),
        ExplicitDeny
    );
    assert_eq!(deny("ArnLike", "*").decision(&r), ExplicitDeny);
    // Absent key: the value is still checked (fail loud even when it is not compared).
    let absent = req(user(A, "ux"), "s3:GetObject", OBJ, A);
    assert_eq!(
        deny("ArnLike", "my-topic").decision(&absent),
        CannotEvaluate
    );
    // Validator.
    let p = parse_text(
        &doc(
            r#"{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":["arn:aws:sns:us-east-1:111111111111:t","my-topic"]}}}"#,
        ),
        PolicyKind::Identity,
    );
    let codes: Vec<&str> = p.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "type-mismatch-arn").count(),
        1,
        "{codes:?}"
    );
}

/// Review B3, A.6 / F79: variables are allowed only in the resource part of a Resource ARN;
/// before it they are literal text, and the decision names the assumption.
#[test]
fn b3_variable_before_the_resource_part_is_literal_and_named() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q"}"#,
    ));
    let r = req(
        user(A, "ux"),
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111111111111:q",
        A,
    )
    .ctx("aws:PrincipalAccount", A);
    let e = c.eval(&r);
    assert_eq!(e.decision, ImplicitDeny);
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.id == "F79-variable-before-resource-part"),
        "{:?}",
        e.assumptions
    );
    // In the resource part the same variable is substituted (A.6).
    let ok = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:${aws:PrincipalAccount}"}"#,
    ));
    let r2 = req(
        user(A, "ux"),
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111111111111:111111111111",
        A,
    )
    .ctx("aws:PrincipalAccount", A);
    let e = ok.eval(&r2);
    assert_eq!(e.decision, Allowed);
    assert!(e.assumptions.is_empty());
}

fn managed(
    name: &str,
    kind: PolicyKind,
    json: &str,
) -> (PolicyOrigin, iam_playground::policy::model::Policy) {
    (
        PolicyOrigin {
            id: name.to_string(),
            name: name.to_string(),
            arn: Some(format!("arn:aws:iam::111111111111:policy/{name}")),
            attached_to: None,
        },
        parse(kind, json),
    )
}

/// Review C1, B.5: a Deny in a permissions boundary or a session policy is reported with that
/// policy type, even for a customer managed policy (parsed as identity-based) used by ARN.
#[test]
fn c1_boundary_and_session_denies_use_their_policy_type() {
    let deny = doc(
        r#"{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}"#,
    );
    let r = req(session(A, "R", "s"), "s3:DeleteBucket", "arn:aws:s3:::b", A);
    let mut c = case().identity(ALLOW_ALL);
    c.boundary = Some(managed("PB", PolicyKind::Identity, &deny));
    let e = c.eval(&r);
    assert_eq!(e.decision, ExplicitDeny);
    assert!(
        e.reason.ends_with(
            "with an explicit deny in a permissions boundary: arn:aws:iam::111111111111:policy/PB"
        ),
        "{}",
        e.reason
    );
    assert_eq!(
        e.trace.phases[5].policies[0].policy_type,
        PolicyKind::Boundary
    );
    let mut c = case().identity(ALLOW_ALL);
    c.session = Some(vec![managed("SP", PolicyKind::Identity, &deny)]);
    let e = c.eval(&r);
    assert!(
        e.reason.ends_with(
            "with an explicit deny in a session policy: arn:aws:iam::111111111111:policy/SP"
        ),
        "{}",
        e.reason
    );
    assert_eq!(
        e.trace.phases[6].policies[0].policy_type,
        PolicyKind::Session
    );
}

/// Review C2, B.5 (`… with an explicit deny in a <policy-type>[: <policy-arn>]`): inline and
/// resource-based policies have no ARN, so nothing follows; AWS prints the service prefix in
/// lowercase (`s3:GetObject`).
#[test]
fn c2_reason_names_only_policy_arns_and_lowercases_the_service_prefix() {
    let deny = doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#);
    let e = case()
        .identity(&deny)
        .eval(&req(user(A, "ux"), "S3:GetObject", OBJ, A));
    assert_eq!(
        e.reason,
        "User: arn:aws:iam::111111111111:user/ux is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key with an explicit deny in an identity-based policy"
    );
    let e = case()
        .identity(ALLOW_ALL)
        .resource(&doc(
            r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}"#,
        ))
        .eval(&req(user(A, "ux"), "s3:GetObject", OBJ, A));
    assert!(
        e.reason
            .ends_with("with an explicit deny in a resource-based policy"),
        "{}",
        e.reason
    );
    // A managed policy's ARN is still printed.
    let e = case()
        .identity_named("D", "arn:aws:iam::111111111111:policy/D", &deny)
        .eval(&req(user(A, "ux"), "s3:GetObject", OBJ, A));
    assert!(
        e.reason
            .ends_with("in an identity-based policy: arn:aws:iam::111111111111:policy/D"),
        "{}",
        e.reason
    );
    let e = case().eval(&req(user(A, "ux"), "S3:GetObject", OBJ, A));
    assert!(
        e.reason
            .ends_with("because no identity-based policy allows the s3:GetObject action"),
        "{}",
        e.reason
    );
}

/// F69 (condition-operator reference): a `Bool` policy value that is not true/false never
/// matches; the decision names the assumption when it rested on it.
#[test]
fn f69_non_boolean_bool_value_never_matches_and_says_so() {
    let c = case().identity(ALLOW_ALL).identity(&doc(
        r#"{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}"#,
    ));
    let r = req(user(A, "ux"), "s3:GetObject", OBJ, A).ctx("aws:SecureTransport", "true");
    let e = c.eval(&r);
    assert_eq!(e.decision, Allowed);
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.id == "F69-non-boolean-bool-value-never-matches"),
        "{:?}",
        e.assumptions
    );
    let cond = &e.trace.phases[4].policies[1].statements[0].conditions[0];
    assert_eq!(cond.result, Tri::False);
    assert!(
        cond.explanation.contains("never matches") && !cond.explanation.contains("F69"),
        "{}",
        cond.explanation
    );
    assert!(cond.values[0]
        .error
        .as_deref()
        .unwrap()
        .contains("never matches"));
    // With "true" the Deny applies and no assumption is named.
    let c = case().identity(ALLOW_ALL).identity(&doc(
        r#"{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#,
    ));
    let e = c.eval(&r);
    assert_eq!(e.decision, ExplicitDeny);
    assert!(e.assumptions.is_empty());
    // The validator still warns.
    let p = parse_text(
        &doc(
            r#"{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}"#,
        ),
        PolicyKind::Identity,
    );
    assert!(p.diagnostics.iter().any(|d| d.code == "type-mismatch-bool"));
}

/// Review B2, A.6: an ARN-operator value that is one variable is compared as the ARN it
/// resolves to; one that resolves to something else is "cannot evaluate", never a silent false.
#[test]
fn b2_whole_variable_arn_value_resolves_or_fails_loud() {
    let deny = case().identity(ALLOW_ALL).identity(&doc(
        r#"{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"${aws:PrincipalArn}"}}}"#,
    ));
    let base = || req(user(A, "ux"), "s3:GetObject", OBJ, A);
    let me = "arn:aws:iam::111111111111:user/ux";
    let r = base().ctx("aws:PrincipalArn", me).ctx("aws:SourceArn", me);
    assert_eq!(deny.decision(&r), ExplicitDeny);
    let r = base()
        .ctx("aws:PrincipalArn", me)
        .ctx("aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:t");
    assert_eq!(deny.decision(&r), Allowed);
    let r = base()
        .ctx("aws:PrincipalArn", "not-an-arn")
        .ctx("aws:SourceArn", me);
    assert_eq!(deny.decision(&r), CannotEvaluate);
}

const NP_ALLOW_ID: &str = "notprincipal-allow-grants-everyone-else";

/// A bucket policy whose only grant is `Allow` + `NotPrincipal` listing `listed`.
fn not_principal_allow(listed: &str) -> Case {
    case().resource(&doc(&format!(
        r#"{{"Effect":"Allow","NotPrincipal":{{"AWS":{listed}}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}"#
    )))
}

/// The same bucket policy with `Principal: "*"` instead.
fn star_allow() -> Case {
    case().resource(&doc(
        r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}"#,
    ))
}

fn has(e: &iam_playground::eval::Evaluation, id: &str) -> bool {
    e.assumptions.iter().any(|a| a.id == id) && e.trace.assumptions.iter().any(|a| a.id == id)
}

/// Review D: `Allow` with `NotPrincipal` (NOTPRIN: "Doing so allows all principals except the
/// one named in the NotPrincipal element … you might grant access to anonymous users"; the
/// current page: NotPrincipal "must be used with Deny"). The engine reads it as a `"*"` grant
/// minus the excluded principals (A.3's `"*"` row: identity, boundary and session implicit
/// denies are ignored in the same account), with the same exclusion rule as a Deny (F38), and
/// names the reading as an assumption exactly when the decision depends on it.
#[test]
fn d_allow_with_notprincipal_is_a_star_grant_minus_the_excluded_and_is_named() {
    let bob = r#"["arn:aws:iam::111111111111:user/bob","111111111111"]"#;
    let alice = req(user(A, "alice"), "s3:GetObject", OBJ, A);
    // Same account, no identity Allow: granted as "*" would be, and named.
    let e = not_principal_allow(bob).eval(&alice);
    assert_eq!(e.decision, Allowed);
    assert_eq!(star_allow().decision(&alice), Allowed);
    assert!(has(&e, NP_ALLOW_ID), "{:?}", e.assumptions);
    let summary = &e.trace.phases[3].summary;
    assert!(summary.contains("NotPrincipal does not list"), "{summary}");
    // A boundary that allows nothing does not limit it (as for "*"), and it is named.
    let pb = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#;
    let e = not_principal_allow(bob).boundary(pb).eval(&alice);
    assert_eq!(e.decision, Allowed);
    assert_eq!(star_allow().boundary(pb).decision(&alice), Allowed);
    assert!(has(&e, NP_ALLOW_ID));
    // Nor does a session policy that allows nothing, for a role session.
    let s = req(session(A, "R", "s"), "s3:GetObject", OBJ, A);
    let sp = pb;
    let e = not_principal_allow(bob).session(sp).eval(&s);
    assert_eq!(e.decision, Allowed);
    assert_eq!(star_allow().session(sp).decision(&s), Allowed);
    assert!(has(&e, NP_ALLOW_ID));
    // Anonymous callers are granted too ("might grant access to anonymous users").
    let anon = req(anonymous(), "s3:GetObject", OBJ, A);
    let e = not_principal_allow(bob).eval(&anon);
    assert_eq!(e.decision, Allowed);
    assert!(has(&e, NP_ALLOW_ID));
    // The excluded caller (itself and its account listed) gets nothing from it.
    let bob_req = req(user(A, "bob"), "s3:GetObject", OBJ, A);
    let e = not_principal_allow(bob).eval(&bob_req);
    assert_eq!(e.decision, ImplicitDeny);
    assert!(!has(&e, NP_ALLOW_ID), "{:?}", e.assumptions);
    // Listing the caller without its account does not exclude it (same rule as Deny, F38).
    assert_eq!(
        not_principal_allow(r#""arn:aws:iam::111111111111:user/bob""#).decision(&bob_req),
        Allowed
    );
    // The identity side allows anyway: the decision does not depend on the reading.
    let e = not_principal_allow(bob).identity(ALLOW_ALL).eval(&alice);
    assert_eq!(e.decision, Allowed);
    assert!(!has(&e, NP_ALLOW_ID), "{:?}", e.assumptions);
    // Cross account it is the resource side's grant only: the identity side must also allow.
    let x = req(user(B, "carol"), "s3:GetObject", OBJ, A);
    assert_eq!(not_principal_allow(bob).decision(&x), ImplicitDeny);
    assert_eq!(star_allow().decision(&x), ImplicitDeny);
    let e = not_principal_allow(bob).identity(ALLOW_ALL).eval(&x);
    assert_eq!(e.decision, Allowed);
    assert!(has(&e, NP_ALLOW_ID));
    // A named grant alongside it decides on its own: not named.
    let both = case().resource(&doc(
        r#"{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
           {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}"#,
    ));
    let e = both.eval(&alice);
    assert_eq!(e.decision, Allowed);
    assert!(!has(&e, NP_ALLOW_ID), "{:?}", e.assumptions);
}
