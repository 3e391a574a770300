//! Property tests: the policy parser never panics, on arbitrary text and on valid policies
//! mutated byte by byte; and it returns a policy exactly when no diagnostic is an error.

use iam_playground::diag::has_errors;
use iam_playground::policy::model::PolicyKind;
use iam_playground::policy::parse_text;
use proptest::prelude::*;

const KINDS: [PolicyKind; 7] = [
    PolicyKind::Identity,
    PolicyKind::Resource,
    PolicyKind::Trust,
    PolicyKind::Boundary,
    PolicyKind::Session,
    PolicyKind::ServiceControl,
    PolicyKind::ResourceControl,
];

const SEEDS: [&str; 3] = [
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"A1","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]},"Bool":{"aws:SecureTransport":true},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}]}"#,
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"],"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"Null":{"aws:TokenIssueTime":"false"}}}}"#,
    "{\r\n \"Statement\": [ {\"Effect\": \"Deny\", \"NotPrincipal\": \"*\", \"NotAction\": \"iam:*\", \"NotResource\": \"arn:aws:iam::*:role/caf\u{e9}\"} ]\r\n}",
];

fn check(text: &str, kind: PolicyKind) {
    let parsed = parse_text(text, kind);
    assert_eq!(
        parsed.policy.is_some(),
        !has_errors(&parsed.diagnostics),
        "policy present exactly when there is no error"
    );
    for d in &parsed.diagnostics {
        if let Some(s) = d.span {
            assert!(s.start <= s.end && (s.end as usize) <= text.len());
            assert!(
                text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize)
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>(), k in 0usize..7) {
        check(&text, KINDS[k]);
    }

    #[test]
    fn never_panics_on_json_like_text(text in "[{}\\[\\]\":,a-zA-Z0-9*$ ]{0,80}", k in 0usize..7) {
        check(&text, KINDS[k]);
    }

    #[test]
    fn never_panics_on_mutated_policies(
        seed in 0usize..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..6),
        k in 0usize..7,
    ) {
        let mut text: Vec<char> = SEEDS[seed].chars().collect();
        for (at, op, c) in edits {
            if text.is_empty() { break; }
            let i = at.index(text.len());
            match op {
                0 => { text.remove(i); }
                1 => text.insert(i, c),
                _ => text[i] = c,
            }
        }
        let text: String = text.into_iter().collect();
        check(&text, KINDS[k]);
    }
}
