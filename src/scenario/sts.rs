//! `sts:AssumeRole` request validation (A.7): the checks STS makes on its parameters before
//! any policy is evaluated, with AWS's error codes and message wording.

// The step's durations and sizes come from the scenario: arithmetic on them is checked or
// saturating (durations are compared, never added, here).
#![deny(clippy::arithmetic_side_effects)]

use super::model::{AssumeRoleStep, Tags};
use super::report::{ParamCheck, StepError};
use crate::policy::limits::SESSION_POLICY_MAX;

/// The longest a chained role session may last (role chaining limit).
pub const CHAINED_MAX_DURATION: i64 = 3600;

fn word_chars(s: &str, extra: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(c))
}

fn len_between(s: &str, min: usize, max: usize) -> bool {
    let n = s.chars().count();
    (min..=max).contains(&n)
}

/// Collects checks; the first failure becomes the step's error.
#[derive(Default)]
pub struct Checks {
    /// Every check made.
    pub checks: Vec<ParamCheck>,
    /// The first failure.
    pub error: Option<StepError>,
}

impl Checks {
    fn check(
        &mut self,
        parameter: &str,
        member: &str,
        value: &str,
        rule: &str,
        ok: bool,
        constraint: &str,
    ) {
        self.checks.push(ParamCheck {
            parameter: parameter.to_string(),
            value: value.to_string(),
            rule: rule.to_string(),
            ok,
        });
        if !ok && self.error.is_none() {
            self.error = Some(StepError {
                code: "ValidationError".into(),
                message: format!(
                    "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
                ),
            });
        }
    }

    /// A failure that is not a pattern or length check (its own code and message).
    pub fn fail(&mut self, parameter: &str, value: &str, rule: &str, code: &str, message: String) {
        self.checks.push(ParamCheck {
            parameter: parameter.to_string(),
            value: value.to_string(),
            rule: rule.to_string(),
            ok: false,
        });
        if self.error.is_none() {
            self.error = Some(StepError {
                code: code.to_string(),
                message,
            });
        }
    }

    /// A check that passed and is worth showing.
    pub fn pass(&mut self, parameter: &str, value: &str, rule: &str) {
        self.checks.push(ParamCheck {
            parameter: parameter.to_string(),
            value: value.to_string(),
            rule: rule.to_string(),
            ok: true,
        });
    }

    /// `RoleSessionName`: 2–64 characters of `[\w+=,.@-]`.
    pub fn session_name(&mut self, name: &str) {
        let ok_len = len_between(name, 2, 64);
        self.check(
            "RoleSessionName",
            "roleSessionName",
            name,
            "2 to 64 characters",
            ok_len,
            if name.chars().count() < 2 {
                "Member must have length greater than or equal to 2"
            } else {
                "Member must have length less than or equal to 64"
            },
        );
        if ok_len {
            self.check(
                "RoleSessionName",
                "roleSessionName",
                name,
                "characters [\\w+=,.@-]",
                word_chars(name, "+=,.@-"),
                "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            );
        }
    }
}

/// Validates an `assumeRole` step's parameters (everything STS checks on its own).
pub fn validate(
    step: &AssumeRoleStep,
    session_name: &str,
    duration: i64,
    role_max: i64,
    chained: bool,
    inherited: &Tags,
) -> Checks {
    let mut c = Checks::default();
    let role_len = step.role_arn.chars().count();
    c.check(
        "RoleArn",
        "roleArn",
        &step.role_arn,
        "20 to 2048 characters",
        (20..=2048).contains(&role_len),
        "Member must have length greater than or equal to 20",
    );
    c.session_name(session_name);
    let d = duration.to_string();
    if !(900..=43_200).contains(&duration) {
        c.check(
            "DurationSeconds",
            "durationSeconds",
            &d,
            "900 to 43200 seconds",
            false,
            if duration < 900 {
                "Member must have value greater than or equal to 900"
            } else {
                "Member must have value less than or equal to 43200"
            },
        );
    } else if chained && duration > CHAINED_MAX_DURATION {
        c.fail(
            "DurationSeconds",
            &d,
            "at most 3600 seconds when the caller is a role session (role chaining)",
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.".into(),
        );
    } else if duration > role_max {
        c.fail(
            "DurationSeconds",
            &d,
            &format!("at most the role's MaxSessionDuration ({role_max} seconds)"),
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
                .into(),
        );
    } else {
        c.pass(
            "DurationSeconds",
            &d,
            if chained {
                "900 to 3600 seconds (role chaining)"
            } else {
                "900 seconds to the role's MaxSessionDuration"
            },
        );
    }
    if let Some(x) = &step.external_id {
        let ok_len = len_between(x, 2, 1224);
        c.check(
            "ExternalId",
            "externalId",
            x,
            "2 to 1224 characters",
            ok_len,
            if x.chars().count() < 2 {
                "Member must have length greater than or equal to 2"
            } else {
                "Member must have length less than or equal to 1224"
            },
        );
        if ok_len {
            c.check(
                "ExternalId",
                "externalId",
                x,
                "characters [\\w+=,.@:/-]",
                word_chars(x, "+=,.@:/-"),
                "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
            );
        }
    }
    if let Some(m) = &step.mfa {
        let ok_len = len_between(&m.serial_number, 9, 256);
        c.check(
            "SerialNumber",
            "serialNumber",
            &m.serial_number,
            "9 to 256 characters",
            ok_len,
            "Member must have length greater than or equal to 9",
        );
        if ok_len {
            c.check(
                "SerialNumber",
                "serialNumber",
                &m.serial_number,
                "characters [\\w+=/:,.@-]",
                word_chars(&m.serial_number, "+=/:,.@-"),
                "Member must satisfy regular expression pattern: [\\w+=/:,.@-]*",
            );
        }
        c.check(
            "TokenCode",
            "tokenCode",
            &m.token_code,
            "exactly 6 digits",
            m.token_code.len() == 6 && m.token_code.bytes().all(|b| b.is_ascii_digit()),
            "Member must satisfy regular expression pattern: [\\d]*, and have length 6",
        );
    }
    if let Some(s) = &step.source_identity {
        let ok_len = len_between(s, 2, 64);
        c.check(
            "SourceIdentity",
            "sourceIdentity",
            s,
            "2 to 64 characters",
            ok_len,
            "Member must have length greater than or equal to 2",
        );
        if s.to_ascii_lowercase().starts_with("aws:") {
            c.fail(
                "SourceIdentity",
                s,
                "must not start with `aws:`",
                "ValidationError",
                "SourceIdentity cannot start with the prefix 'aws:'".into(),
            );
        }
        if ok_len {
            c.check(
                "SourceIdentity",
                "sourceIdentity",
                s,
                "characters [\\w+=,.@-]",
                word_chars(s, "+=,.@-"),
                "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            );
        }
    }
    let tag_count = step.tags.0.len().to_string();
    c.check(
        "Tags",
        "tags",
        &tag_count,
        "at most 50 session tags",
        step.tags.0.len() <= 50,
        "Member must have length less than or equal to 50",
    );
    for (k, v) in &step.tags.0 {
        let key_ok = len_between(k, 1, 128)
            && k.chars()
                .all(|ch| ch.is_alphanumeric() || ch.is_whitespace() || "_.:/=+-@".contains(ch));
        c.check(
            "Tags",
            "tags.member.key",
            k,
            "key: 1 to 128 letters, digits, spaces and _.:/=+-@",
            key_ok,
            "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
        );
        c.check(
            "Tags",
            "tags.member.value",
            v,
            "value: at most 256 characters",
            v.chars().count() <= 256,
            "Member must have length less than or equal to 256",
        );
        let same = step
            .tags
            .0
            .iter()
            .filter(|(o, _)| o.eq_ignore_ascii_case(k))
            .count();
        if same > 1 {
            c.fail(
                "Tags",
                k,
                "tag keys are unique, compared case-insensitively",
                "InvalidParameterValue",
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.".into(),
            );
        }
        if let Some((ik, _)) = inherited
            .0
            .iter()
            .find(|(ik, _)| ik.eq_ignore_ascii_case(k))
        {
            c.fail(
                "Tags",
                k,
                "must not collide with an inherited transitive tag",
                "ValidationError",
                format!("Tag key '{k}' collides with the transitive session tag '{ik}' inherited from the calling session; a session cannot override an inherited transitive tag."),
            );
        }
    }
    let tk = step.transitive_tag_keys.len();
    c.check(
        "TransitiveTagKeys",
        "transitiveTagKeys",
        &tk.to_string(),
        "at most 50 keys",
        tk <= 50,
        "Member must have length less than or equal to 50",
    );
    for k in &step.transitive_tag_keys {
        if step.tags.get(k).is_none() {
            c.fail(
                "TransitiveTagKeys",
                k,
                "each key must be one of the session tags passed",
                "InvalidParameterValue",
                format!("The transitive tag key '{k}' is not one of the session tags passed in the request."),
            );
        }
    }
    let arns = step.session_policy_arns.len();
    c.check(
        "PolicyArns",
        "policyArns",
        &arns.to_string(),
        "at most 10 managed session policies",
        arns <= 10,
        "Member must have length less than or equal to 10",
    );
    if let Some((_, size)) = &step.session_policy {
        c.check(
            "Policy",
            "policy",
            &format!("{size} characters"),
            &format!("at most {SESSION_POLICY_MAX} characters"),
            *size <= SESSION_POLICY_MAX,
            "Member must have length less than or equal to 2048",
        );
    }
    if !step.session_policy_arns.is_empty() {
        // "The plaintext that you use for both inline and managed session policies can't
        // exceed 2,048 characters": the inline text plus the ARNs as passed (the referenced
        // managed documents are not part of the request).
        let arn_chars: usize = step
            .session_policy_arns
            .iter()
            .map(|a| {
                a.origin
                    .arn
                    .as_deref()
                    .unwrap_or(&a.origin.id)
                    .chars()
                    .count()
            })
            .fold(0usize, usize::saturating_add);
        let inline = step.session_policy.as_ref().map(|(_, s)| *s).unwrap_or(0);
        let total = inline.saturating_add(arn_chars);
        let value = format!("{total} characters (inline policy and policy ARNs)");
        let rule = format!("at most {SESSION_POLICY_MAX} characters of plaintext for the inline and managed session policies together");
        if total <= SESSION_POLICY_MAX {
            c.pass("PolicyArns", &value, &rule);
        } else {
            c.fail(
                "PolicyArns",
                &value,
                &rule,
                "ValidationError",
                format!("The plaintext of the inline and managed session policies is {total} characters; it can't exceed {SESSION_POLICY_MAX}."),
            );
        }
    }
    // The packed (compressed, binary) size of session policies and tags is AWS-internal; the
    // engine estimates it as the plaintext policy plus the tags' characters against 2048.
    let tag_chars: usize = step
        .tags
        .0
        .iter()
        .map(|(k, v)| k.chars().count().saturating_add(v.chars().count()))
        .fold(0usize, usize::saturating_add);
    let policy_chars = step.session_policy.as_ref().map(|(_, s)| *s).unwrap_or(0);
    let packed = policy_chars
        .saturating_add(tag_chars)
        .saturating_mul(100)
        .checked_div(SESSION_POLICY_MAX)
        .unwrap_or(usize::MAX);
    if packed > 100 && c.error.is_none() {
        c.fail(
            "Policy",
            &format!("{packed}%"),
            "packed session policies and tags at most 100% (estimated)",
            "PackedPolicyTooLarge",
            format!("Packed size of the session policy and session tags consumes {packed}% of allotted space, please use smaller policy and fewer tags."),
        );
    }
    c
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::scenario::model::MfaParams;

    fn step() -> AssumeRoleStep {
        AssumeRoleStep {
            role_arn: "arn:aws:iam::111111111111:role/R".into(),
            ..AssumeRoleStep::default()
        }
    }

    fn code(c: &Checks) -> Option<&str> {
        c.error.as_ref().map(|e| e.code.as_str())
    }

    #[test]
    fn role_session_name_is_2_to_64_word_characters() {
        // STS API AssumeRole: RoleSessionName length 2–64, pattern [\w+=,.@-]*.
        let none = Tags::default();
        for ok in ["ab", "a.b@c=d,e+f-g_h", &"x".repeat(64)] {
            assert_eq!(
                code(&validate(&step(), ok, 3600, 3600, false, &none)),
                None,
                "{ok}"
            );
        }
        for bad in ["a", &"x".repeat(65), "has space", "a/b", "a:b"] {
            assert_eq!(
                code(&validate(&step(), bad, 3600, 3600, false, &none)),
                Some("ValidationError"),
                "{bad}"
            );
        }
    }

    #[test]
    fn duration_limits() {
        // 900–43200; ≤ MaxSessionDuration; ≤ 3600 when chaining (F88).
        let none = Tags::default();
        let v = |d, max, chained| validate(&step(), "s1", d, max, chained, &none);
        assert_eq!(code(&v(900, 3600, false)), None);
        assert_eq!(code(&v(899, 3600, false)), Some("ValidationError"));
        assert_eq!(code(&v(3601, 3600, false)), Some("ValidationError"));
        assert_eq!(code(&v(43_200, 43_200, false)), None);
        assert_eq!(code(&v(43_201, 43_200, false)), Some("ValidationError"));
        assert_eq!(code(&v(3600, 43_200, true)), None);
        let chained = v(3601, 43_200, true);
        assert!(chained.error.unwrap().message.contains("role chaining"));
    }

    #[test]
    fn external_id_serial_token_and_source_identity() {
        let none = Tags::default();
        let with = |f: &dyn Fn(&mut AssumeRoleStep)| {
            let mut s = step();
            f(&mut s);
            code(&validate(&s, "s1", 3600, 3600, false, &none)).map(str::to_string)
        };
        assert_eq!(with(&|s| s.external_id = Some("ab".into())), None);
        assert_eq!(with(&|s| s.external_id = Some("a:b/c=d".into())), None);
        assert_eq!(
            with(&|s| s.external_id = Some("a".into())).as_deref(),
            Some("ValidationError")
        );
        assert_eq!(
            with(&|s| s.external_id = Some("x".repeat(1225))).as_deref(),
            Some("ValidationError")
        );
        assert_eq!(with(&|s| s.external_id = Some("x".repeat(1224))), None);
        let mfa = |serial: &str, code: &str| MfaParams {
            serial_number: serial.into(),
            token_code: code.into(),
        };
        assert_eq!(
            with(&|s| s.mfa = Some(mfa("arn:aws:iam::111111111111:mfa/a", "123456"))),
            None
        );
        assert_eq!(
            with(&|s| s.mfa = Some(mfa("short", "123456"))).as_deref(),
            Some("ValidationError")
        );
        assert_eq!(
            with(&|s| s.mfa = Some(mfa("arn:aws:iam::111111111111:mfa/a", "12345a"))).as_deref(),
            Some("ValidationError")
        );
        assert_eq!(
            with(&|s| s.source_identity = Some("AWS:admin".into())).as_deref(),
            Some("ValidationError")
        );
        assert_eq!(
            with(&|s| s.source_identity = Some("alice@example.com".into())),
            None
        );
    }

    #[test]
    fn tags_transitive_keys_and_policy_arns() {
        let none = Tags::default();
        let mut s = step();
        s.tags = Tags(vec![("a".into(), "1".into())]);
        s.transitive_tag_keys = vec!["b".into()];
        assert_eq!(
            code(&validate(&s, "s1", 3600, 3600, false, &none)),
            Some("InvalidParameterValue")
        );
        s.transitive_tag_keys = vec!["A".into()];
        assert_eq!(
            code(&validate(&s, "s1", 3600, 3600, false, &none)),
            None,
            "keys compare case-insensitively"
        );
        let inherited = Tags(vec![("A".into(), "x".into())]);
        assert_eq!(
            code(&validate(&s, "s1", 3600, 3600, true, &inherited)),
            Some("ValidationError"),
            "an inherited transitive tag cannot be overridden"
        );
        let mut s = step();
        s.tags = Tags(
            (0..20)
                .map(|i| (format!("key{i}"), "v".repeat(120)))
                .collect(),
        );
        assert_eq!(
            code(&validate(&s, "s1", 3600, 3600, false, &none)),
            Some("PackedPolicyTooLarge")
        );
    }

    #[test]
    fn session_policy_plaintext_counts_inline_text_and_arns_not_managed_documents() {
        // STS API AssumeRole, PolicyArns/Policy: "The plaintext that you use for both inline
        // and managed session policies can't exceed 2,048 characters." The ARNs count as
        // passed; the referenced document (ReadOnlyAccess is ~90,000 characters) does not.
        let none = Tags::default();
        let att = |arn: &str| crate::scenario::model::Attached {
            origin: crate::eval::inputs::PolicyOrigin {
                id: arn.into(),
                name: arn.into(),
                arn: Some(arn.into()),
                attached_to: None,
            },
            policy: None,
        };
        let ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        let mut s = step();
        s.session_policy_arns = vec![att(ro)];
        assert_eq!(code(&validate(&s, "s1", 3600, 3600, false, &none)), None);
        // 2,048 − 39 characters of inline text still fit with the ARN; one more does not.
        let fits = SESSION_POLICY_MAX - ro.len();
        s.session_policy = Some((att("inline"), fits));
        assert_eq!(code(&validate(&s, "s1", 3600, 3600, false, &none)), None);
        s.session_policy = Some((att("inline"), fits + 1));
        let over = validate(&s, "s1", 3600, 3600, false, &none);
        assert_eq!(code(&over), Some("ValidationError"));
        assert!(over.error.unwrap().message.contains("2048"));
    }
}
