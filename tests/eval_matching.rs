//! Principal, Action and Resource matching and policy variables through whole requests
//! (iam-semantics A.4, A.6; facts F30-F48, F74-F79).

mod eval_support;
use eval_support::*;
use iam_playground::eval::request::Request;
use iam_playground::eval::Decision::*;
use iam_playground::policy::model::{PolicyKind, PolicyVersion};

const OBJ: &str = "arn:aws:s3:::bucket/key";

fn grant(principal: &str) -> Case {
    case().resource(&doc(&format!(
        r#"{{"Effect":"Allow","Principal":{principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}"#
    )))
}

fn get(p: iam_playground::eval::request::Principal, acct: &str) -> Request {
    req(p, "s3:GetObject", OBJ, acct)
}

fn id_allow(action: &str, resource: &str) -> Case {
    case().identity(&doc(&format!(
        r#"{{"Effect":"Allow","Action":{action},"Resource":{resource}}}"#
    )))
}

#[test]
fn f30_account_id_and_root_arn_are_the_same_account_principal() {
    let c =
        |p: &str| grant(p).identity(&doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#));
    for p in [
        r#"{"AWS":"222222222222"}"#,
        r#"{"AWS":"arn:aws:iam::222222222222:root"}"#,
    ] {
        // Not "only the root user": every principal of the account, with its own Allow.
        assert_eq!(c(p).decision(&get(user(B, "bob"), A)), Allowed, "{p}");
        assert_eq!(c(p).decision(&get(session(B, "R", "s"), A)), Allowed, "{p}");
        assert_eq!(c(p).decision(&get(root(B), A)), Allowed, "{p}");
        assert_eq!(
            c(p).decision(&get(user("333333333333", "eve"), A)),
            ImplicitDeny,
            "{p}"
        );
    }
}

#[test]
fn f31_role_arn_with_path_matches_sessions_whose_arn_has_no_path() {
    let c = grant(r#"{"AWS":"arn:aws:iam::111111111111:role/team/R"}"#);
    let s = session(A, "team/R", "s1");
    assert_eq!(s.arn, "arn:aws:sts::111111111111:assumed-role/R/s1");
    assert_eq!(c.decision(&get(s, A)), Allowed);
    // The role ARN without its path is a different string: no match.
    let c = grant(r#"{"AWS":"arn:aws:iam::111111111111:role/R"}"#);
    assert_eq!(
        c.decision(&get(session(A, "team/R", "s1"), A)),
        ImplicitDeny
    );
}

#[test]
fn f32_no_partial_wildcards_in_principal() {
    // IAM refuses these documents; build them by editing a parsed policy and check the
    // engine never treats `*` inside a principal as a wildcard.
    for v in [
        "arn:aws:sts::111111111111:assumed-role/R/*",
        "arn:aws:iam::111111111111:user/*",
    ] {
        let mut p = parse(
            PolicyKind::Resource,
            &doc(
                r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/x"},"Action":"s3:GetObject","Resource":"*"}"#,
            ),
        );
        p.statements[0].principal.as_mut().unwrap().values[0]
            .value
            .value = v.to_string();
        let c = case().resource_policy(p);
        assert_eq!(
            c.decision(&get(session(A, "R", "s"), A)),
            ImplicitDeny,
            "{v}"
        );
        assert_eq!(c.decision(&get(user(A, "alice"), A)), ImplicitDeny, "{v}");
    }
}

#[test]
fn f33_star_principal_includes_anonymous() {
    for p in [r#""*""#, r#"{"AWS":"*"}"#] {
        assert_eq!(grant(p).decision(&get(anonymous(), A)), Allowed, "{p}");
        assert_eq!(grant(p).decision(&get(user(A, "alice"), A)), Allowed, "{p}");
    }
}

#[test]
fn f34_user_names_in_principals_are_case_sensitive() {
    let c = grant(r#"{"AWS":"arn:aws:iam::111111111111:user/Alice"}"#);
    assert_eq!(c.decision(&get(user(A, "alice"), A)), ImplicitDeny);
    assert_eq!(c.decision(&get(user(A, "Alice"), A)), Allowed);
}

#[test]
fn f35_unique_ids_of_deleted_roles_never_match() {
    // A trust or resource policy whose role was deleted shows the old unique id instead of the
    // ARN; it matches no session of a role recreated with the same name.
    let mut p = parse(
        PolicyKind::Resource,
        &doc(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/R"},"Action":"s3:GetObject","Resource":"*"}"#,
        ),
    );
    p.statements[0].principal.as_mut().unwrap().values[0]
        .value
        .value = "AROAEXAMPLEID1234567".to_string();
    let c = case().resource_policy(p);
    assert_eq!(c.decision(&get(session(A, "R", "s"), A)), ImplicitDeny);
}

#[test]
fn f36_several_principals_are_or() {
    let c = grant(
        r#"{"AWS":["arn:aws:iam::111111111111:user/bob","arn:aws:iam::111111111111:user/alice"]}"#,
    );
    assert_eq!(c.decision(&get(user(A, "alice"), A)), Allowed);
    assert_eq!(c.decision(&get(user(A, "bob"), A)), Allowed);
    assert_eq!(c.decision(&get(user(A, "carol"), A)), ImplicitDeny);
}

#[test]
fn f38_notprincipal_must_list_the_account_too() {
    let pol = |listed: &str| {
        case().identity(ALLOW_ALL).resource(&doc(&format!(
            r#"{{"Effect":"Deny","NotPrincipal":{{"AWS":{listed}}},"Action":"s3:*","Resource":"*"}}"#
        )))
    };
    let alice = get(user(A, "alice"), A);
    // The user and its account listed: excluded.
    let c = pol(r#"["arn:aws:iam::111111111111:user/alice","111111111111"]"#);
    assert_eq!(c.decision(&alice), Allowed);
    assert_eq!(c.decision(&get(user(A, "bob"), A)), ExplicitDeny);
    // Only the user listed: AWS may check the account first, so it is denied.
    let e = pol(r#"["arn:aws:iam::111111111111:user/alice"]"#).eval(&alice);
    assert_eq!(e.decision, ExplicitDeny);
    assert!(e
        .assumptions
        .iter()
        .any(|a| a.id == "notprincipal-needs-account"));
    // A role session is excluded only when the account, the role ARN and the session ARN
    // are all listed (F38; AWS Security Blog "How to restrict Amazon S3 bucket access to a
    // specific IAM role"; review A2): the role ARN and the account alone do not exclude it.
    let c = pol(r#"["arn:aws:iam::111111111111:role/R","arn:aws:iam::111111111111:root"]"#);
    assert_eq!(c.decision(&get(session(A, "R", "any"), A)), ExplicitDeny);
    let c = pol(
        r#"["arn:aws:iam::111111111111:role/R","arn:aws:sts::111111111111:assumed-role/R/any","arn:aws:iam::111111111111:root"]"#,
    );
    assert_eq!(c.decision(&get(session(A, "R", "any"), A)), Allowed);
}

#[test]
fn f40_resource_policy_statement_without_principal_never_matches() {
    let mut p = parse(
        PolicyKind::Resource,
        &doc(r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#),
    );
    p.statements[0].principal = None;
    let e = case().resource_policy(p).eval(&get(user(A, "alice"), A));
    assert_eq!(e.decision, ImplicitDeny);
    let st = &e.trace.phases[3].policies[0].statements[0];
    assert!(st
        .principal
        .as_ref()
        .unwrap()
        .note
        .as_ref()
        .unwrap()
        .contains("without Principal or NotPrincipal never matches"));
}

#[test]
fn f41_actions_are_case_insensitive() {
    let c = id_allow(r#""IAM:ListAccessKeys""#, r#""*""#);
    assert_eq!(
        c.decision(&req(user(A, "alice"), "iam:listaccesskeys", "*", A)),
        Allowed
    );
}

#[test]
fn f42_action_wildcards() {
    let c = id_allow(r#"["s3:Get*","s3:*Object*","ec2:Describe?pcs"]"#, r#""*""#);
    let ok = |a: &str| c.decision(&req(user(A, "alice"), a, "*", A));
    assert_eq!(ok("s3:GetObject"), Allowed);
    assert_eq!(ok("s3:PutObjectAcl"), Allowed);
    assert_eq!(ok("ec2:DescribeVpcs"), Allowed);
    assert_eq!(ok("ec2:DescribeVVpcs"), ImplicitDeny);
    assert_eq!(ok("s3:ListBucket"), ImplicitDeny);
}

#[test]
fn f43_resources_are_case_sensitive() {
    let c = id_allow(r#""s3:GetObject""#, r#""arn:aws:s3:::Bucket/*""#);
    assert_eq!(
        c.decision(&req(
            user(A, "alice"),
            "s3:GetObject",
            "arn:aws:s3:::bucket/x",
            A
        )),
        ImplicitDeny
    );
    assert_eq!(
        c.decision(&req(
            user(A, "alice"),
            "s3:GetObject",
            "arn:aws:s3:::Bucket/x",
            A
        )),
        Allowed
    );
}

#[test]
fn f44_wildcard_only_actions_need_resource_star() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"arn:aws:s3:::*"}"#,
    ));
    let list = req(user(A, "alice"), "s3:ListAllMyBuckets", "*", A);
    assert_eq!(c.decision(&list), ImplicitDeny);
    assert_eq!(
        id_allow(r#""s3:ListAllMyBuckets""#, r#""*""#).decision(&list),
        Allowed
    );
}

#[test]
fn f45_not_action_allows_every_other_action() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
    ));
    assert_eq!(
        c.decision(&req(user(A, "alice"), "ec2:RunInstances", "*", A)),
        Allowed
    );
    assert_eq!(
        c.decision(&req(user(A, "alice"), "s3:GetObject", OBJ, A)),
        Allowed
    );
    assert_eq!(
        c.decision(&req(user(A, "alice"), "iam:CreateUser", "*", A)),
        ImplicitDeny
    );
}

#[test]
fn f46_not_resource_allows_every_other_resource() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::secret/*"}"#,
    ));
    assert_eq!(c.decision(&get(user(A, "alice"), A)), Allowed);
    assert_eq!(
        c.decision(&req(
            user(A, "alice"),
            "sqs:SendMessage",
            "arn:aws:sqs:us-east-1:111111111111:q",
            A
        )),
        Allowed
    );
    assert_eq!(
        c.decision(&req(
            user(A, "alice"),
            "s3:GetObject",
            "arn:aws:s3:::secret/x",
            A
        )),
        ImplicitDeny
    );
}

#[test]
fn f47_trailing_star_spans_colons_v12() {
    let c = id_allow(r#""logs:*""#, r#""arn:aws:logs:*:*:log-group:my-group*""#);
    let e = c.eval(&req(
        user(A, "alice"),
        "logs:PutLogEvents",
        "arn:aws:logs:us-east-1:111111111111:log-group:my-group:log-stream:x",
        A,
    ));
    assert_eq!(e.decision, Allowed);
    assert!(e.assumptions.iter().any(|a| a.id.starts_with("V12")));
}

#[test]
fn f48_no_wildcard_in_the_service_segment() {
    let c = id_allow(r#""s3:*""#, r#""arn:aws:s*:::bucket/*""#);
    assert_eq!(c.decision(&get(user(A, "alice"), A)), ImplicitDeny);
}

// Policy variables (A.6).

fn home_policy(version: Option<&str>) -> String {
    let v = version
        .map(|v| format!(r#""Version":"{v}","#))
        .unwrap_or_default();
    format!(
        r#"{{{v}"Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${{aws:username}}/*"}}]}}"#
    )
}

#[test]
fn f74_variables_resolve_per_user_and_absent_keys_match_nothing() {
    let c = case().identity(&home_policy(Some("2012-10-17")));
    let alice = req(
        user(A, "alice"),
        "s3:GetObject",
        "arn:aws:s3:::bucket/home/alice/f",
        A,
    )
    .ctx("aws:username", "alice");
    assert_eq!(c.decision(&alice), Allowed);
    let other = req(
        user(A, "alice"),
        "s3:GetObject",
        "arn:aws:s3:::bucket/home/bob/f",
        A,
    )
    .ctx("aws:username", "alice");
    assert_eq!(c.decision(&other), ImplicitDeny);
    // A role session has no aws:username: the resource matches nothing.
    let s = req(
        session(A, "R", "alice"),
        "s3:GetObject",
        "arn:aws:s3:::bucket/home/alice/f",
        A,
    );
    let e = c.eval(&s);
    assert_eq!(e.decision, ImplicitDeny);
    let pat = &e.trace.phases[4].policies[0].statements[0]
        .resource
        .as_ref()
        .unwrap()
        .patterns[0];
    assert!(
        pat.reason.as_ref().unwrap().contains("aws:username"),
        "{pat:?}"
    );
}

#[test]
fn f75_old_or_missing_version_keeps_variables_literal() {
    for v in [Some("2008-10-17"), None] {
        let c = case().identity(&home_policy(v));
        assert_eq!(
            c.identity[0].1.version,
            if v.is_some() {
                PolicyVersion::V2008_10_17
            } else {
                PolicyVersion::Missing
            }
        );
        let alice = req(
            user(A, "alice"),
            "s3:GetObject",
            "arn:aws:s3:::bucket/home/alice/f",
            A,
        )
        .ctx("aws:username", "alice");
        assert_eq!(c.decision(&alice), ImplicitDeny, "{v:?}");
        let literal = req(
            user(A, "alice"),
            "s3:GetObject",
            "arn:aws:s3:::bucket/home/${aws:username}/f",
            A,
        );
        assert_eq!(c.decision(&literal), Allowed, "{v:?}");
    }
}

#[test]
fn f76_default_value() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'company-wide'}/*"}"#,
    ));
    let r = |res: &str| req(user(A, "alice"), "s3:GetObject", res, A);
    assert_eq!(
        c.decision(&r("arn:aws:s3:::bucket/company-wide/x")),
        Allowed
    );
    assert_eq!(
        c.decision(&r("arn:aws:s3:::bucket/red/x").ctx("aws:PrincipalTag/team", "red")),
        Allowed
    );
    assert_eq!(
        c.decision(&r("arn:aws:s3:::bucket/company-wide/x").ctx("aws:PrincipalTag/team", "red")),
        ImplicitDeny
    );
}

#[test]
fn f77_special_variables_are_literal_characters() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/a${*}b${?}c${$}"}"#,
    ));
    let r = |res: &str| req(user(A, "alice"), "s3:GetObject", res, A);
    assert_eq!(c.decision(&r("arn:aws:s3:::bucket/a*b?c$")), Allowed);
    assert_eq!(c.decision(&r("arn:aws:s3:::bucket/aXXbYc$")), ImplicitDeny);
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"k:x":"a${*}"}}}"#,
    ));
    assert_eq!(c.decision(&r(OBJ).ctx("k:x", "a*")), Allowed);
    assert_eq!(c.decision(&r(OBJ).ctx("k:x", "abc")), ImplicitDeny);
}

#[test]
fn f78_multivalued_keys_never_resolve_as_variables() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"k:x":"${aws:TagKeys}"}}}"#,
    ));
    let r = req(user(A, "alice"), "s3:GetObject", OBJ, A)
        .ctx_multi("aws:TagKeys", &["a"])
        .ctx("k:x", "a");
    assert_eq!(c.decision(&r), ImplicitDeny);
}

#[test]
fn f79_variables_in_condition_values_of_string_and_arn_operators() {
    let c = case().identity(&doc(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"home/${aws:username}"},"ArnLike":{"aws:SourceArn":"arn:aws:s3:::${aws:username}-*"}}}"#,
    ));
    let r = req(user(A, "alice"), "s3:GetObject", OBJ, A)
        .ctx("aws:username", "alice")
        .ctx("s3:prefix", "home/alice")
        .ctx("aws:SourceArn", "arn:aws:s3:::alice-logs");
    assert_eq!(c.decision(&r), Allowed);
    assert_eq!(
        c.decision(&r.clone().ctx("s3:prefix", "home/bob")),
        ImplicitDeny
    );
    // A negated operator whose variable cannot resolve: the condition does not match.
    let d = case().identity(ALLOW_ALL).identity(&doc(
        r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"s3:prefix":"home/${aws:username}"}}}"#,
    ));
    let s = req(session(A, "R", "s"), "s3:GetObject", OBJ, A).ctx("s3:prefix", "x");
    assert_eq!(d.decision(&s), Allowed);
}
