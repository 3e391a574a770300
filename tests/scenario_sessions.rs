//! What the engine synthesizes for identities and sessions (A.7 "Resulting session", A.8):
//! session ARNs, aws:PrincipalArn, aws:userid, MFA keys per credential type, tags, token issue
//! time and expiry, and the named MFA assumption where a decision reads the session's MFA key. Read from the JSON report.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;

fn report(text: &str) -> Value {
    let r = iam_playground::scenario::simulate("t.json", text);
    assert!(!r.invalid, "{:?}", r.diagnostics);
    serde_json::to_value(&r).unwrap()
}

/// The context entries of step `i` (one per authorization), as JSON objects.
fn contexts(v: &Value, i: usize) -> Vec<Value> {
    v["steps"][i]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["phase"] == "context")
        .map(|t| t["keys"].clone())
        .collect()
}

fn phase(v: &Value, i: usize, name: &str) -> Vec<Value> {
    v["steps"][i]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["phase"] == name)
        .cloned()
        .collect()
}

const WORLD: &str = r#"{
  "format": "iam-playground/scenario@1",
  "time": "2026-02-01T10:00:00Z",
  "organization": {"id": "o-a1b2c3d4e5", "managementAccount": "999999999999"},
  "accounts": [
    {"id": "111111111111",
     "users": [{"name": "ann", "path": "/staff/", "tags": {"team": "blue", "cost": "1"},
                "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession", "s3:ListAllMyBuckets"], "Resource": "*"}]}}]}],
     "roles": [
       {"name": "Deploy", "path": "/ci/", "tags": {"Team": "red", "tier": "gold"},
        "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]},
        "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "s3:ListAllMyBuckets"], "Resource": "*"}]}}]},
       {"name": "Next",
        "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": ["sts:AssumeRole"]}]},
        "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}}]}
     ]}
  ],
  "steps": STEPS
}"#;

fn world(steps: &str) -> String {
    WORLD.replace("STEPS", steps)
}

#[test]
fn long_term_keys_have_no_mfa_keys_and_no_token_issue_time() {
    // A.8: IAM user with long-term keys: aws:MultiFactorAuthPresent and aws:TokenIssueTime absent.
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann"}, {"call": "s3:ListAllMyBuckets", "expect": "allowed"}]"#,
    ));
    let c = &contexts(&v, 1)[0];
    assert!(c.get("aws:MultiFactorAuthPresent").is_none());
    assert!(c.get("aws:MultiFactorAuthAge").is_none());
    assert!(c.get("aws:TokenIssueTime").is_none());
    assert_eq!(
        c["aws:PrincipalArn"],
        "arn:aws:iam::111111111111:user/staff/ann"
    );
    assert_eq!(c["aws:PrincipalType"], "User");
    assert_eq!(c["aws:username"], "ann");
    assert_eq!(c["aws:PrincipalAccount"], "111111111111");
    assert_eq!(c["aws:PrincipalOrgID"], "o-a1b2c3d4e5");
    assert_eq!(c["aws:ResourceOrgID"], "o-a1b2c3d4e5");
    assert_eq!(c["aws:PrincipalTag/team"], "blue");
    assert_eq!(c["aws:SourceIp"], "203.0.113.10");
    assert_eq!(c["aws:SecureTransport"], "true");
    assert_eq!(c["aws:CurrentTime"], "2026-02-01T10:00:00Z");
    assert_eq!(c["aws:EpochTime"], "1769940000");
    assert!(c["aws:userid"].as_str().unwrap().starts_with("AIDA"));
}

#[test]
fn console_sessions_carry_mfa_state_and_age() {
    // scenario-format.md: "mfa": true → present true, age from the as step; false → false, no age.
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann", "mfa": true}, {"advanceTime": "PT5M"}, {"call": "s3:ListAllMyBuckets"},
        {"as": "arn:aws:iam::111111111111:user/staff/ann", "mfa": false}, {"call": "s3:ListAllMyBuckets"}]"#,
    ));
    let c = &contexts(&v, 2)[0];
    assert_eq!(c["aws:MultiFactorAuthPresent"], "true");
    assert_eq!(c["aws:MultiFactorAuthAge"], "300");
    assert_eq!(c["aws:TokenIssueTime"], "2026-02-01T10:00:00Z");
    let c = &contexts(&v, 4)[0];
    assert_eq!(c["aws:MultiFactorAuthPresent"], "false");
    assert!(c.get("aws:MultiFactorAuthAge").is_none());
    assert_eq!(c["aws:TokenIssueTime"], "2026-02-01T10:05:00Z");
}

#[test]
fn assumed_role_session_identity() {
    // F103: session ARN without the role path; aws:PrincipalArn = role ARN with path;
    // aws:userid = AROA…:session; F92: session tags override role tags case-insensitively.
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann", "sourceIp": "192.0.2.44"},
            {"assumeRole": "arn:aws:iam::111111111111:role/ci/Deploy", "tags": {"team": "green"}, "transitiveTagKeys": ["team"], "durationSeconds": 1800, "expect": "allowed"},
            {"advanceTime": "PT1M"},
            {"call": "s3:ListAllMyBuckets", "expect": "allowed"},
            {"assumeRole": "arn:aws:iam::111111111111:role/Next", "expect": "allowed"},
            {"call": "s3:ListAllMyBuckets", "expect": "allowed"}]"#,
    ));
    assert_eq!(
        v["steps"][3]["principal"],
        "arn:aws:sts::111111111111:assumed-role/Deploy/ann"
    );
    let s = &phase(&v, 1, "session")[0];
    assert_eq!(
        s["arn"],
        "arn:aws:sts::111111111111:assumed-role/Deploy/ann"
    );
    assert_eq!(
        s["principalArn"],
        "arn:aws:iam::111111111111:role/ci/Deploy"
    );
    assert_eq!(s["expiration"], "2026-02-01T10:30:00Z");
    assert_eq!(s["mfaPresent"], false);
    let c = &contexts(&v, 3)[0];
    assert_eq!(
        c["aws:PrincipalArn"],
        "arn:aws:iam::111111111111:role/ci/Deploy"
    );
    assert_eq!(c["aws:PrincipalType"], "AssumedRole");
    let uid = c["aws:userid"].as_str().unwrap();
    assert!(uid.starts_with("AROA") && uid.ends_with(":ann"), "{uid}");
    assert_eq!(uid.len(), "AROA".len() + 17 + ":ann".len());
    assert!(c.get("aws:username").is_none());
    assert_eq!(c["aws:MultiFactorAuthPresent"], "false");
    assert_eq!(c["aws:TokenIssueTime"], "2026-02-01T10:00:00Z");
    assert_eq!(
        c["aws:SourceIp"], "192.0.2.44",
        "sourceIp passes on to the role sessions"
    );
    assert_eq!(
        c["aws:PrincipalTag/team"], "green",
        "the session tag overrides the role tag Team"
    );
    assert!(c.get("aws:PrincipalTag/Team").is_none() || c["aws:PrincipalTag/Team"] == "green");
    assert_eq!(c["aws:PrincipalTag/tier"], "gold");
    // F94: on the next hop only the transitive tag remains; role tags do not pass on.
    let c = &contexts(&v, 5)[0];
    assert_eq!(c["aws:PrincipalTag/team"], "green");
    assert!(c.get("aws:PrincipalTag/tier").is_none());
    assert_eq!(
        c["aws:userid"]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap(),
        "session",
        "a role session's default session name"
    );
    let s = &phase(&v, 4, "session")[0];
    assert_eq!(s["chained"], true);
    // The same role gets the same unique id every time (stable synthetic id).
    let again = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann"}, {"assumeRole": "arn:aws:iam::111111111111:role/ci/Deploy"}, {"call": "s3:ListAllMyBuckets"}]"#,
    ));
    assert_eq!(contexts(&again, 2)[0]["aws:userid"], uid);
}

#[test]
fn assume_role_context_has_the_sts_keys_and_tag_session_is_authorized_too() {
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann"},
            {"assumeRole": "arn:aws:iam::111111111111:role/ci/Deploy", "sessionName": "s-1", "externalId": "ext-1", "tags": {"k": "v"}, "transitiveTagKeys": ["k"], "expect": "allowed"}]"#,
    ));
    let cs = contexts(&v, 1);
    assert_eq!(cs.len(), 2, "sts:AssumeRole and sts:TagSession");
    let c = &cs[0];
    assert_eq!(c["sts:ExternalId"], "ext-1");
    assert_eq!(c["sts:RoleSessionName"], "s-1");
    assert_eq!(c["sts:TransitiveTagKeys"], serde_json::json!(["k"]));
    assert_eq!(c["aws:RequestTag/k"], "v");
    assert_eq!(c["aws:TagKeys"], serde_json::json!(["k"]));
    assert_eq!(c["aws:ResourceTag/Team"], "red");
    assert_eq!(c["aws:ResourceAccount"], "111111111111");
    assert!(
        c.get("sts:SourceIdentity").is_none(),
        "a key that does not apply is absent"
    );
    let auths: Vec<String> = phase(&v, 1, "authorization")
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(auths, ["sts:AssumeRole", "sts:TagSession"]);
}

#[test]
fn the_mfa_rule_is_not_named_where_no_mfa_key_is_consulted() {
    // No policy of this world has a condition on an MFA key: the reading decides nothing.
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann", "mfa": true},
            {"assumeRole": "arn:aws:iam::111111111111:role/ci/Deploy", "expect": "allowed"},
            {"call": "s3:ListAllMyBuckets"},
            {"assumeRole": "arn:aws:iam::111111111111:role/Next", "expect": "allowed"},
            {"call": "s3:ListAllMyBuckets"}]"#,
    ));
    for i in 1..5 {
        let a = phase(&v, i, "assumption");
        assert!(
            a.iter().all(|x| x["name"] != "mfa-carry"),
            "step {i}: {a:?}"
        );
    }
    // The user's MFA session still carries into the first hop, not into the chained one.
    assert_eq!(contexts(&v, 2)[0]["aws:MultiFactorAuthPresent"], "true");
    assert_eq!(contexts(&v, 4)[0]["aws:MultiFactorAuthPresent"], "false");
}

#[test]
fn the_mfa_rule_is_named_once_where_a_session_s_mfa_key_decides() {
    // Deploy's own policy allows s3:ListAllMyBuckets only with MFA, and Next trusts only
    // sessions with MFA: the session's carried MFA value is what those decisions read.
    let text = WORLD
        .replace(
            r#""Action": ["sts:AssumeRole", "s3:ListAllMyBuckets"], "Resource": "*"}"#,
            r#""Action": ["sts:AssumeRole", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
        )
        .replace(
            r#""Principal": {"AWS": "111111111111"}, "Action": ["sts:AssumeRole"]}"#,
            r#""Principal": {"AWS": "111111111111"}, "Action": ["sts:AssumeRole"], "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
        )
        .replace(
            "STEPS",
            r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann", "mfa": true},
                {"assumeRole": "arn:aws:iam::111111111111:role/ci/Deploy", "expect": "allowed"},
                {"call": "s3:ListAllMyBuckets", "expect": "allowed"},
                {"assumeRole": "arn:aws:iam::111111111111:role/Next", "expect": "allowed"}]"#,
        );
    assert_eq!(
        text.matches("aws:MultiFactorAuthPresent").count(),
        2,
        "{text}"
    );
    let v = report(&text);
    let named = |i: usize| {
        phase(&v, i, "assumption")
            .into_iter()
            .filter(|x| x["name"] == "mfa-carry")
            .collect::<Vec<_>>()
    };
    // the hop itself is decided on the user's own MFA, not on the reading
    assert!(named(1).is_empty(), "{:?}", named(1));
    // the call reads the session's aws:MultiFactorAuthPresent: true, carried from the user
    let call = named(2);
    assert_eq!(call.len(), 1, "{call:?}");
    assert!(
        call[0]["text"]
            .as_str()
            .unwrap()
            .ends_with("true (the calling user's session was MFA-authenticated)"),
        "{call:?}"
    );
    // the chained hop: Next's trust and Deploy's own Allow both read the calling session's
    // value (true): named once
    let hop = named(3);
    assert_eq!(hop.len(), 1, "{hop:?}");
    // the page's trace of one step (earlier steps replayed without traces) names it the same
    let w = iam_playground::compiled::World::open("t.json", &text);
    for (i, want) in [(1, 0), (2, 1), (3, 1)] {
        let t = serde_json::to_value(w.trace(i).unwrap()).unwrap();
        let n = t["trace"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["phase"] == "assumption" && e["name"] == "mfa-carry")
            .count();
        assert_eq!(n, want, "replayed step {i}");
    }
}

#[test]
fn context_overrides_set_and_remove_keys_case_insensitively() {
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann"},
            {"call": "s3:ListAllMyBuckets", "context": {"aws:sourceip": "10.0.0.1", "aws:SecureTransport": null, "s3:max-keys": 5, "aws:TagKeys": ["a", "b"]}}]"#,
    ));
    let c = &contexts(&v, 1)[0];
    assert_eq!(c["aws:sourceip"], "10.0.0.1");
    assert!(c.get("aws:SourceIp").is_none());
    assert!(c.get("aws:SecureTransport").is_none());
    assert_eq!(c["s3:max-keys"], "5");
    assert_eq!(c["aws:TagKeys"], serde_json::json!(["a", "b"]));
}

#[test]
fn resource_ownership_is_traced() {
    // scenario-format.md: an S3 object belongs to its listed bucket's account; an unlisted ARN
    // with an account belongs to it; one without, to the caller's account.
    let text = world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann"},
            {"call": "s3:GetObject", "resource": "arn:aws:s3:::listed/k"},
            {"call": "sqs:SendMessage", "resource": "arn:aws:sqs:eu-west-1:222222222222:q"},
            {"call": "s3:GetObject", "resource": "arn:aws:s3:::unlisted/k"}]"#,
    )
    .replace(r#""roles": ["#, r#""resources": [{"arn": "arn:aws:s3:::listed", "tags": {"x": "1"}}], "roles": ["#)
    .replace(r#""accounts": ["#, r#""accounts": [{"id": "333333333333", "resources": [{"arn": "arn:aws:s3:::listed-elsewhere"}]},"#);
    let v = report(&text);
    let r = &phase(&v, 1, "resource")[0];
    assert_eq!(r["account"], "111111111111");
    assert_eq!(r["ownership"], "listed under the account's resources");
    assert!(
        contexts(&v, 1)[0].get("aws:ResourceTag/x").is_none(),
        "bucket tags are not the object's"
    );
    let r = &phase(&v, 2, "resource")[0];
    assert_eq!(r["account"], "222222222222");
    assert_eq!(r["ownership"], "the account in the resource's ARN");
    assert_eq!(contexts(&v, 2)[0]["aws:RequestedRegion"], "eu-west-1");
    let r = &phase(&v, 3, "resource")[0];
    assert_eq!(r["account"], "111111111111");
    assert_eq!(
        r["ownership"],
        "the ARN names no account: the caller's account"
    );
}

#[test]
fn keys_aws_sets_on_every_signed_request() {
    // Review A1 (A.8): aws:PrincipalIsAWSService false for IAM principals, aws:ViaAWSService
    // false for direct calls, aws:PrincipalOrgPaths / aws:ResourceOrgPaths as
    // `o-id/r-root/[ou-…/]` (multivalued) with the synthetic root id `r-` + 4 characters.
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann"}, {"call": "s3:ListAllMyBuckets"},
            {"assumeRole": "arn:aws:iam::111111111111:role/Next", "expect": "allowed"}, {"call": "s3:ListAllMyBuckets", "context": {"aws:ViaAWSService": "true", "aws:PrincipalOrgPaths": null}}]"#,
    ));
    for c in [&contexts(&v, 1)[0], &contexts(&v, 2)[0]] {
        assert_eq!(c["aws:PrincipalIsAWSService"], "false");
        assert_eq!(c["aws:ViaAWSService"], "false");
        assert_eq!(
            c["aws:PrincipalOrgPaths"],
            serde_json::json!(["o-a1b2c3d4e5/r-a1b2/"])
        );
        assert_eq!(
            c["aws:ResourceOrgPaths"],
            serde_json::json!(["o-a1b2c3d4e5/r-a1b2/"])
        );
    }
    // Overridable per step like every other key.
    let c = &contexts(&v, 3)[0];
    assert_eq!(c["aws:ViaAWSService"], "true");
    assert!(c.get("aws:PrincipalOrgPaths").is_none());
}

#[test]
fn assume_role_from_session_credentials_over_an_hour_names_the_assumption() {
    // Review D: GetSessionToken/console credentials then AssumeRole > 1 h is not treated as
    // role chaining; the undocumented reading is named in the trace.
    let v = report(&world(
        r#"[{"as": "arn:aws:iam::111111111111:user/staff/ann", "mfa": true},
            {"assumeRole": "arn:aws:iam::111111111111:role/Next", "durationSeconds": 7200},
            {"as": "arn:aws:iam::111111111111:user/staff/ann"},
            {"assumeRole": "arn:aws:iam::111111111111:role/Next", "durationSeconds": 7200}]"#,
    ));
    let names = |i| {
        phase(&v, i, "assumption")
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(names(1).contains(&"session-credentials-not-chaining".to_string()));
    assert!(!names(3).contains(&"session-credentials-not-chaining".to_string()));
}

#[test]
fn a_service_session_assuming_a_role_is_chaining_and_says_so() {
    // Review D: a role session a service runs with (EC2 instance profile) that assumes another
    // role is treated as role chaining (DurationSeconds ≤ 3600), named as an assumption.
    let text = r#"{
  "format": "iam-playground/scenario@1",
  "accounts": [{"id": "111111111111", "roles": [
    {"name": "Instance", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
     "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}}]},
    {"name": "Target", "maxSessionDuration": 43200, "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}]}],
  "steps": [
    {"as": "arn:aws:iam::111111111111:role/Instance", "via": "ec2.amazonaws.com"},
    {"assumeRole": "arn:aws:iam::111111111111:role/Target", "sessionName": "s1", "durationSeconds": 7200, "expect": "error", "expectError": "ValidationError"},
    {"assumeRole": "arn:aws:iam::111111111111:role/Target", "sessionName": "s1", "expect": "allowed"}]
}"#;
    let v = report(text);
    assert_eq!(v["expectations"]["failed"], 0, "{v}");
    for i in [1, 2] {
        let named = phase(&v, i, "assumption")
            .iter()
            .any(|a| a["name"] == "service-session-chains");
        assert!(named, "step {i}");
    }
}
