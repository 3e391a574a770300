//! How policy types combine into one decision (iam-semantics A.1-A.3, facts F1-F29, F37,
//! F49, F50, F80-F83, F99-F101, F105, F107).

mod eval_support;
use eval_support::*;
use iam_playground::eval::Decision::{self, *};

const OBJ: &str = "arn:aws:s3:::bucket/key";

fn allow_s3() -> String {
    doc(r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}"#)
}

fn bucket_allow(principal: &str) -> String {
    doc(&format!(
        r#"{{"Effect":"Allow","Principal":{principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}"#
    ))
}

fn alice_get() -> iam_playground::eval::request::Request {
    req(user(A, "alice"), "s3:GetObject", OBJ, A)
}

#[test]
fn f1_no_policies_is_implicit_deny() {
    assert_eq!(case().decision(&alice_get()), ImplicitDeny);
}

#[test]
fn f2_deny_wins_over_allow_in_any_order() {
    let deny = doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#);
    assert_eq!(
        case()
            .identity(&allow_s3())
            .identity(&deny)
            .decision(&alice_get()),
        ExplicitDeny
    );
    assert_eq!(
        case()
            .identity(&deny)
            .identity(&allow_s3())
            .decision(&alice_get()),
        ExplicitDeny
    );
}

#[test]
fn f3_same_account_identity_allow_without_resource_policy() {
    assert_eq!(case().identity(&allow_s3()).decision(&alice_get()), Allowed);
}

#[test]
fn f4_same_account_bucket_policy_naming_the_user_allows_alone() {
    let c = case().resource(&bucket_allow(
        r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#,
    ));
    assert_eq!(c.decision(&alice_get()), Allowed);
}

#[test]
fn f5_same_account_bucket_policy_naming_only_the_account_delegates() {
    for p in [
        r#"{"AWS":"arn:aws:iam::111111111111:root"}"#,
        r#"{"AWS":"111111111111"}"#,
    ] {
        let c = case().resource(&bucket_allow(p));
        assert_eq!(c.decision(&alice_get()), ImplicitDeny, "{p}");
        let c = case().resource(&bucket_allow(p)).identity(&allow_s3());
        assert_eq!(c.decision(&alice_get()), Allowed, "{p}");
    }
}

#[test]
fn f6_cross_account_resource_policy_naming_the_user_still_needs_identity_allow() {
    let c = case().resource(&bucket_allow(
        r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#,
    ));
    let r = req(user(A, "alice"), "s3:GetObject", OBJ, B);
    let e = c.eval(&r);
    assert_eq!(e.decision, ImplicitDeny);
    assert!(
        e.reason
            .contains("because no identity-based policy allows the s3:GetObject action"),
        "{}",
        e.reason
    );
    let c = c.identity(&allow_s3());
    assert_eq!(c.decision(&r), Allowed);
}

#[test]
fn f7_cross_account_identity_allow_without_resource_policy() {
    let e = case()
        .identity(&allow_s3())
        .eval(&req(user(A, "alice"), "s3:GetObject", OBJ, B));
    assert_eq!(e.decision, ImplicitDeny);
    assert!(
        e.reason
            .ends_with("because no resource-based policy allows the s3:GetObject action"),
        "{}",
        e.reason
    );
}

#[test]
fn f8_f9_resource_policy_deny_for_the_callers_account() {
    let pol = doc(
        r#"{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
        {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}"#,
    );
    let c = case().identity(&allow_s3()).resource(&pol);
    assert_eq!(
        c.decision(&req(user(A, "alice"), "s3:GetObject", OBJ, B)),
        ExplicitDeny
    );
    assert_eq!(
        c.decision(&req(session(A, "R", "s"), "s3:GetObject", OBJ, B)),
        ExplicitDeny
    );
}

#[test]
fn f10_scp_level_without_allow_denies() {
    let deny_list = doc(r#"{"Effect":"Deny","Action":"ec2:*","Resource":"*"}"#);
    let c = case()
        .identity(ALLOW_ALL)
        .scp_level("root", &[ALLOW_ALL])
        .scp_level("ou-1", &[&deny_list])
        .scp_level(A, &[ALLOW_ALL]);
    let e = c.eval(&alice_get());
    assert_eq!(e.decision, ImplicitDeny);
    assert!(
        e.reason
            .ends_with("because no service control policy allows the s3:GetObject action"),
        "{}",
        e.reason
    );
}

#[test]
fn f11_scp_allow_needed_at_every_level() {
    let only_ec2 = doc(r#"{"Effect":"Allow","Action":"ec2:*","Resource":"*"}"#);
    let c = case()
        .identity(ALLOW_ALL)
        .scp_level("root", &[ALLOW_ALL])
        .scp_level("ou-1", &[ALLOW_ALL])
        .scp_level(A, &[&only_ec2]);
    assert_eq!(c.decision(&alice_get()), ImplicitDeny);
    let c = case()
        .identity(ALLOW_ALL)
        .scp_level("root", &[ALLOW_ALL])
        .scp_level("ou-1", &[ALLOW_ALL])
        .scp_level(A, &[ALLOW_ALL]);
    assert_eq!(c.decision(&alice_get()), Allowed);
}

#[test]
fn f12_no_scp_levels_means_scps_do_not_apply() {
    // The scenario layer passes `scp_levels: None` for the management account and
    // service-linked roles; then nothing restricts.
    assert_eq!(case().identity(ALLOW_ALL).decision(&alice_get()), Allowed);
}

#[test]
fn f13_scp_restricts_the_member_account_root_user() {
    let deny = doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#);
    let r = req(root(A), "s3:GetObject", OBJ, A);
    assert_eq!(
        case().decision(&r),
        Allowed,
        "root has every permission in its account"
    );
    let c = case().scp_level("root", &[ALLOW_ALL, &deny]);
    let e = c.eval(&r);
    assert_eq!(e.decision, ExplicitDeny);
    assert!(
        e.reason
            // B.5 / review C2: only a policy ARN follows the policy type, never a name.
            .ends_with("with an explicit deny in a service control policy"),
        "{}",
        e.reason
    );
}

const RCP_FULL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

const RCP_TLS: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
  {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#;

#[test]
fn f14_rcp_deny_applies_same_account_cross_account_and_anonymous() {
    let public = bucket_allow(r#""*""#);
    let c = case()
        .identity(&allow_s3())
        .resource(&public)
        .rcp_level("root", &[RCP_TLS]);
    let insecure =
        |r: iam_playground::eval::request::Request| r.ctx("aws:SecureTransport", "false");
    assert_eq!(c.decision(&insecure(alice_get())), ExplicitDeny);
    assert_eq!(
        c.decision(&insecure(req(user(B, "bob"), "s3:GetObject", OBJ, A))),
        ExplicitDeny
    );
    assert_eq!(
        c.decision(&insecure(req(anonymous(), "s3:GetObject", OBJ, A))),
        ExplicitDeny
    );
    assert_eq!(
        c.decision(&req(anonymous(), "s3:GetObject", OBJ, A).ctx("aws:SecureTransport", "true")),
        Allowed
    );
}

#[test]
fn f15_rcps_not_applicable_and_a_level_without_allow() {
    // No RCP levels (management account's resource, unsupported service): nothing restricts.
    assert_eq!(case().identity(&allow_s3()).decision(&alice_get()), Allowed);
    // RCPFullAWSAccess cannot be detached; a level holding only a Deny policy (as if it were)
    // allows nothing, which the gate reports as an implicit deny.
    let deny_sqs = doc(r#"{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}"#);
    let c = case().identity(&allow_s3()).rcp_level("root", &[&deny_sqs]);
    let e = c.eval(&alice_get());
    assert_eq!(e.decision, ImplicitDeny);
    assert!(e
        .reason
        .ends_with("because no resource control policy allows the s3:GetObject action"));
    let c = case()
        .identity(&allow_s3())
        .rcp_level("root", &[RCP_FULL, &deny_sqs]);
    assert_eq!(c.decision(&alice_get()), Allowed);
}

#[test]
fn f16_cross_account_both_scps_and_rcps_apply() {
    let deny = doc(r#"{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}"#);
    let rdeny = doc(r#"{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#);
    let base = || {
        case()
            .identity(&allow_s3())
            .resource(&bucket_allow(r#"{"AWS":"111111111111"}"#))
    };
    let r = req(user(A, "alice"), "s3:GetObject", OBJ, B);
    assert_eq!(base().decision(&r), Allowed);
    assert_eq!(
        base().scp_level("root", &[ALLOW_ALL, &deny]).decision(&r),
        ExplicitDeny
    );
    assert_eq!(
        base().rcp_level("root", &[RCP_FULL, &rdeny]).decision(&r),
        ExplicitDeny
    );
}

#[test]
fn f17_anonymous_ignores_scps_and_identity_policies() {
    let deny = doc(r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#);
    let c = case()
        .resource(&bucket_allow(r#""*""#))
        .scp_level("root", &[&deny])
        .identity(&deny);
    assert_eq!(
        c.decision(&req(anonymous(), "s3:GetObject", OBJ, A)),
        Allowed
    );
    let c = case().resource(&bucket_allow(r#"{"AWS":"111111111111"}"#));
    assert_eq!(
        c.decision(&req(anonymous(), "s3:GetObject", OBJ, A)),
        ImplicitDeny
    );
}

const NOTHING: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}"#;

#[test]
fn f18_boundary_without_allow_is_implicit_deny() {
    let e = case()
        .identity(&allow_s3())
        .boundary(NOTHING)
        .eval(&alice_get());
    assert_eq!(e.decision, ImplicitDeny);
    assert!(e
        .reason
        .ends_with("because no permissions boundary allows the s3:GetObject action"));
    assert_eq!(
        case()
            .identity(&allow_s3())
            .boundary(ALLOW_ALL)
            .decision(&alice_get()),
        Allowed
    );
}

#[test]
fn f19_boundary_does_not_limit_a_direct_user_grant() {
    let c = case().boundary(NOTHING).resource(&bucket_allow(
        r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#,
    ));
    assert_eq!(c.decision(&alice_get()), Allowed);
}

#[test]
fn f20_role_arn_grant_is_limited_by_the_boundary() {
    let r = req(session(A, "R", "s"), "s3:GetObject", OBJ, A);
    let grant = bucket_allow(r#"{"AWS":"arn:aws:iam::111111111111:role/R"}"#);
    assert_eq!(
        case().boundary(NOTHING).resource(&grant).decision(&r),
        ImplicitDeny
    );
    // Without a boundary the role-ARN grant suffices (V3).
    let e = case().resource(&grant).eval(&r);
    assert_eq!(e.decision, Allowed);
    assert!(
        e.assumptions.iter().any(|a| a.id.starts_with("V3")),
        "{:?}",
        e.assumptions
    );
}

#[test]
fn f21_session_arn_grant_is_not_limited_by_the_boundary() {
    let r = req(session(A, "R", "s"), "s3:GetObject", OBJ, A);
    let grant = bucket_allow(r#"{"AWS":"arn:aws:sts::111111111111:assumed-role/R/s"}"#);
    assert_eq!(
        case().boundary(NOTHING).resource(&grant).decision(&r),
        Allowed
    );
}

#[test]
fn f22_boundary_deny_beats_a_resource_grant() {
    let deny = doc(
        r#"{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#,
    );
    let c = case().boundary(&deny).resource(&bucket_allow(
        r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#,
    ));
    let e = c.eval(&alice_get());
    assert_eq!(e.decision, ExplicitDeny);
    assert!(
        e.reason
            // B.5 / review C2: an inline boundary has no ARN, so nothing follows.
            .ends_with("with an explicit deny in a permissions boundary"),
        "{}",
        e.reason
    );
}

#[test]
fn f23_wildcard_principal_with_principal_arn_condition_ignores_boundary_and_session() {
    let pol = doc(
        r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*",
        "Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/R"}}}"#,
    );
    let r = req(session(A, "R", "s"), "s3:GetObject", OBJ, A)
        .ctx("aws:PrincipalArn", "arn:aws:iam::111111111111:role/R");
    let c = case().boundary(NOTHING).session(NOTHING).resource(&pol);
    assert_eq!(c.decision(&r), Allowed);
    // An explicit deny in the boundary still wins.
    let deny = doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#);
    assert_eq!(
        case().boundary(&deny).resource(&pol).decision(&r),
        ExplicitDeny
    );
    // Another role does not satisfy the condition.
    let other = req(session(A, "Other", "s"), "s3:GetObject", OBJ, A)
        .ctx("aws:PrincipalArn", "arn:aws:iam::111111111111:role/Other");
    assert_eq!(case().resource(&pol).decision(&other), ImplicitDeny);
}

#[test]
fn f24_notprincipal_deny_always_denies_a_caller_with_a_boundary() {
    let pol = doc(
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
        {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111111111111:user/alice","111111111111"]},"Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"}"#,
    );
    assert_eq!(case().resource(&pol).decision(&alice_get()), Allowed);
    assert_eq!(
        case()
            .resource(&pol)
            .boundary(ALLOW_ALL)
            .decision(&alice_get()),
        ExplicitDeny
    );
}

#[test]
fn f25_session_policy_is_an_intersection() {
    let r = req(session(A, "R", "s"), "s3:GetObject", OBJ, A);
    assert_eq!(
        case().session(ALLOW_ALL).decision(&r),
        ImplicitDeny,
        "session policy grants nothing alone"
    );
    assert_eq!(
        case().identity(&allow_s3()).session(ALLOW_ALL).decision(&r),
        Allowed
    );
    let e = case().identity(&allow_s3()).session(NOTHING).eval(&r);
    assert_eq!(e.decision, ImplicitDeny);
    assert!(e
        .reason
        .ends_with("because no session policy allows the s3:GetObject action"));
}

#[test]
fn f26_role_arn_grant_is_limited_by_the_session_policy() {
    let r = req(session(A, "R", "s"), "s3:GetObject", OBJ, A);
    let grant = bucket_allow(r#"{"AWS":"arn:aws:iam::111111111111:role/R"}"#);
    assert_eq!(
        case().session(NOTHING).resource(&grant).decision(&r),
        ImplicitDeny
    );
    assert_eq!(
        case().session(ALLOW_ALL).resource(&grant).decision(&r),
        Allowed
    );
}

#[test]
fn f27_session_arn_grant_is_not_limited_by_the_session_policy_v2() {
    let r = req(session(A, "R", "s"), "s3:GetObject", OBJ, A);
    let grant = bucket_allow(r#"{"AWS":"arn:aws:sts::111111111111:assumed-role/R/s"}"#);
    let e = case().session(NOTHING).resource(&grant).eval(&r);
    assert_eq!(e.decision, Allowed);
    assert!(
        e.assumptions.iter().any(|a| a.id.starts_with("V2")),
        "{:?}",
        e.assumptions
    );
}

#[test]
fn f28_federated_user_without_session_policy_has_no_permissions() {
    let r = req(federated(A, "fed"), "s3:GetObject", OBJ, A);
    let e = case().identity(ALLOW_ALL).eval(&r);
    assert_eq!(e.decision, ImplicitDeny);
    assert!(e
        .reason
        .ends_with("because no session policy allows the s3:GetObject action"));
    assert_eq!(
        case().identity(ALLOW_ALL).session(ALLOW_ALL).decision(&r),
        Allowed
    );
    // Except a direct grant to the federated-user ARN.
    let grant = bucket_allow(r#"{"AWS":"arn:aws:sts::111111111111:federated-user/fed"}"#);
    assert_eq!(case().resource(&grant).decision(&r), Allowed);
}

#[test]
fn f37_service_principal_only_needs_the_resource_policy() {
    let pol = doc(
        r#"{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}"#,
    );
    let r = req(service("cloudtrail.amazonaws.com"), "s3:PutObject", OBJ, A);
    assert_eq!(case().resource(&pol).decision(&r), Allowed);
    let other = req(service("lambda.amazonaws.com"), "s3:PutObject", OBJ, A);
    assert_eq!(case().resource(&pol).decision(&other), ImplicitDeny);
    assert_eq!(case().decision(&r), ImplicitDeny);
}

#[test]
fn f50_no_resource_account_means_the_callers_account() {
    let mut r = req(
        user(A, "alice"),
        "s3:CreateBucket",
        "arn:aws:s3:::new-bucket",
        A,
    );
    r.resource_account = None;
    let pol = doc(r#"{"Effect":"Allow","Action":"s3:CreateBucket","Resource":"*"}"#);
    assert_eq!(case().identity(&pol).decision(&r), Allowed);
}

/// F9: a resource-policy Deny whose Principal is the caller's *account* (id or root ARN)
/// denies the caller, whatever its identity policies allow (account-level deny).
#[test]
fn f9_resource_policy_deny_naming_the_callers_account_denies_the_caller() {
    for acct in [r#""111111111111""#, r#""arn:aws:iam::111111111111:root""#] {
        let pol = doc(&format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}},
               {{"Effect":"Deny","Principal":{{"AWS":{acct}}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}"#
        ));
        let c = case().identity(&allow_s3()).resource(&pol);
        assert_eq!(c.decision(&alice_get()), ExplicitDeny, "{acct}");
        let s = req(session(A, "R", "s"), "s3:GetObject", OBJ, A);
        assert_eq!(c.decision(&s), ExplicitDeny, "{acct}");
        // Another account's caller is not named by it: the Allow to "*" applies.
        let other = req(user(B, "bob"), "s3:GetObject", OBJ, A);
        assert_eq!(c.decision(&other), Allowed, "{acct}");
    }
}

/// F49: an S3 ARN has no account field; the resource's account comes from the request (the
/// scenario's declaration), not from the ARN: the same ARN is same-account or cross-account
/// depending on it.
#[test]
fn f49_s3_resource_account_comes_from_the_request_not_the_arn() {
    let c = case().identity(&allow_s3());
    // Owned by the caller's account: the identity Allow suffices (F3).
    assert_eq!(
        c.decision(&req(user(A, "alice"), "s3:GetObject", OBJ, A)),
        Allowed
    );
    // The same ARN owned by another account: cross-account, the bucket policy must allow (F6).
    assert_eq!(
        c.decision(&req(user(A, "alice"), "s3:GetObject", OBJ, B)),
        ImplicitDeny
    );
    let e = c.eval(&req(user(A, "alice"), "s3:GetObject", OBJ, B));
    assert_eq!(e.trace.request.resource_account.as_deref(), Some(B));
    assert!(!e.trace.request.same_account);
}

// Trust policies and KMS key policies must allow explicitly (F80-F83, F99-F101, F107).

fn trust(principal: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}]}}"#
    )
}

const ROLE: &str = "arn:aws:iam::111111111111:role/Target";
const ASSUME: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;

fn assume(
    p: iam_playground::eval::request::Principal,
    acct: &str,
) -> iam_playground::eval::request::Request {
    req(p, "sts:AssumeRole", ROLE, acct)
}

#[test]
fn f80_same_account_trust_naming_the_user_allows_without_identity_policy() {
    let c = case().trust(&trust(r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#));
    assert_eq!(c.decision(&assume(user(A, "alice"), A)), Allowed);
}

#[test]
fn f81_same_account_trust_naming_the_account_needs_identity_allow() {
    let c = || case().trust(&trust(r#"{"AWS":"arn:aws:iam::111111111111:root"}"#));
    assert_eq!(c().decision(&assume(user(A, "alice"), A)), ImplicitDeny);
    assert_eq!(
        c().identity(ASSUME).decision(&assume(user(A, "alice"), A)),
        Allowed
    );
}

#[test]
fn f82_identity_allow_is_not_enough_when_trust_names_someone_else() {
    let c = case()
        .identity(ASSUME)
        .trust(&trust(r#"{"AWS":"arn:aws:iam::111111111111:user/bob"}"#));
    let e = c.eval(&assume(user(A, "alice"), A));
    assert_eq!(e.decision, ImplicitDeny);
    assert!(
        e.reason
            .ends_with("because no resource-based policy allows the sts:AssumeRole action"),
        "{}",
        e.reason
    );
    // A missing trust policy is the same.
    assert_eq!(
        case()
            .identity(ASSUME)
            .no_trust()
            .decision(&assume(user(A, "alice"), A)),
        ImplicitDeny
    );
}

#[test]
fn f83_cross_account_trust_naming_the_caller_needs_identity_allow() {
    let c = || case().trust(&trust(r#"{"AWS":"arn:aws:iam::222222222222:user/bob"}"#));
    assert_eq!(c().decision(&assume(user(B, "bob"), A)), ImplicitDeny);
    assert_eq!(
        c().identity(ASSUME).decision(&assume(user(B, "bob"), A)),
        Allowed
    );
}

#[test]
fn f99_f100_role_arn_in_trust_matches_every_session_but_session_arn_only_one() {
    let by_role = || {
        case().identity(ASSUME).trust(&trust(
            r#"{"AWS":"arn:aws:iam::222222222222:role/team/Src"}"#,
        ))
    };
    assert_eq!(
        by_role().decision(&assume(session(B, "team/Src", "a"), A)),
        Allowed
    );
    assert_eq!(
        by_role().decision(&assume(session(B, "team/Src", "b"), A)),
        Allowed
    );
    let by_session = || {
        case().identity(ASSUME).trust(&trust(
            r#"{"AWS":"arn:aws:sts::222222222222:assumed-role/Src/a"}"#,
        ))
    };
    assert_eq!(
        by_session().decision(&assume(session(B, "team/Src", "a"), A)),
        Allowed
    );
    assert_eq!(
        by_session().decision(&assume(session(B, "team/Src", "b"), A)),
        ImplicitDeny
    );
}

#[test]
fn f101_service_assuming_a_role_needs_the_trust_to_name_it() {
    let c = case().trust(&trust(r#"{"Service":"lambda.amazonaws.com"}"#));
    assert_eq!(
        c.decision(&assume(service("lambda.amazonaws.com"), A)),
        Allowed
    );
    assert_eq!(
        c.decision(&assume(service("ec2.amazonaws.com"), A)),
        ImplicitDeny
    );
}

#[test]
fn f107_kms_key_policy_must_allow_even_in_the_same_account() {
    let key = "arn:aws:kms:us-east-1:111111111111:key/k";
    let r = req(user(A, "alice"), "kms:Decrypt", key, A);
    let id = doc(r#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}"#);
    let other = doc(
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"kms:*","Resource":"*"}"#,
    );
    assert_eq!(case().identity(&id).kms(&other).decision(&r), ImplicitDeny);
    let acct = doc(
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}"#,
    );
    assert_eq!(case().identity(&id).kms(&acct).decision(&r), Allowed);
    assert_eq!(case().kms(&acct).decision(&r), ImplicitDeny);
}

#[test]
fn f105_get_caller_identity_cannot_be_denied() {
    let deny = doc(r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#);
    let r = req(user(A, "alice"), "sts:GetCallerIdentity", "*", A);
    let e = case().identity(&deny).scp_level("root", &[&deny]).eval(&r);
    assert_eq!(e.decision, Allowed);
    assert!(e.trace.special.is_some());
    // Anonymous callers are not authenticated: no special.
    let anon = req(anonymous(), "sts:GetCallerIdentity", "*", A);
    assert_eq!(case().decision(&anon), ImplicitDeny);
}

#[test]
fn decision_words_serialize_like_aws() {
    let words: Vec<String> = [
        Allowed,
        ExplicitDeny,
        ImplicitDeny,
        Decision::CannotEvaluate,
    ]
    .iter()
    .map(|d| serde_json::to_string(d).unwrap())
    .collect();
    assert_eq!(
        words,
        [
            "\"allowed\"",
            "\"explicitDeny\"",
            "\"implicitDeny\"",
            "\"cannotEvaluate\""
        ]
    );
}

#[test]
fn get_session_token_needs_no_permission_for_users() {
    // GST: policies that mention sts:GetSessionToken have no effect for IAM users.
    let deny = doc(r#"{"Effect":"Deny","Action":"sts:*","Resource":"*"}"#);
    let r = req(user(A, "alice"), "sts:GetSessionToken", "*", A);
    assert_eq!(case().identity(&deny).decision(&r), Allowed);
    // Role sessions get no such special (the scenario layer rejects the call, F97).
    let s = req(session(A, "R", "s"), "sts:GetSessionToken", "*", A);
    assert_eq!(case().decision(&s), ImplicitDeny);
}

#[test]
fn root_user_cross_account_needs_the_resource_policy() {
    let r = req(root(B), "s3:GetObject", OBJ, A);
    assert_eq!(case().decision(&r), ImplicitDeny);
    let c = case().resource(&bucket_allow(r#"{"AWS":"222222222222"}"#));
    assert_eq!(c.decision(&r), Allowed);
    let e = case().eval(&req(root(A), "s3:GetObject", OBJ, A));
    assert_eq!(e.decision, Allowed);
    assert!(
        e.trace.phases[4].summary.contains("root user"),
        "{}",
        e.trace.phases[4].summary
    );
}
