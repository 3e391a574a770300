//! Loading `steps`: exactly one action key per step, its own fields, `expect`/`expectError`,
//! and the references a step makes (identities, roles, session policy ARNs). Parameter values
//! that STS itself validates (session names, external ids, durations, tags…) are checked when
//! the step runs: AWS refuses the call, not the scenario.

use super::fields::{Located, Obj};
use super::Loader;
use crate::diag::did_you_mean;
use crate::eval::request::ContextValue;
use crate::json::{JsonNode, JsonPath, JsonValue};
use crate::policy::model::PolicyKind;
use crate::scenario::arn::{self, IamArn};
use crate::scenario::clock;
use crate::scenario::model::{Account, AssumeRoleStep, Expect, MfaParams, Step, StepKind};
use crate::scenario::world;

const KINDS: [&str; 7] = [
    "as",
    "assumeRole",
    "call",
    "revokeSessions",
    "advanceTime",
    "setTime",
    "exitRole",
];
const COMMON: [&str; 3] = ["expect", "expectError", "note"];
const AS_FIELDS: [&str; 5] = ["as", "mfa", "sourceIp", "via", "sessionName"];
const ASSUME_FIELDS: [&str; 10] = [
    "assumeRole",
    "sessionName",
    "externalId",
    "mfa",
    "durationSeconds",
    "sessionPolicy",
    "sessionPolicyArns",
    "tags",
    "transitiveTagKeys",
    "sourceIdentity",
];
const CALL_FIELDS: [&str; 3] = ["call", "resource", "context"];
const EXPECT_WORDS: [&str; 4] = ["allowed", "explicitDeny", "implicitDeny", "error"];

impl Loader<'_> {
    /// Loads every step, then checks the order rules (first step is `as`; `exitRole` needs a
    /// role to exit).
    pub fn steps(
        &mut self,
        nodes: &[JsonNode],
        path: &JsonPath,
        accounts: &[Account],
    ) -> Vec<Step> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        for (i, node) in nodes.iter().enumerate() {
            let p = path.index(i);
            let Some(step) = self.step(node, &p, accounts) else {
                continue;
            };
            match &step.kind {
                StepKind::As { .. } => depth = 0,
                StepKind::AssumeRole(_) => depth += 1,
                StepKind::ExitRole => {
                    if depth == 0 {
                        self.error_help(
                            "nothing-to-exit",
                            "`exitRole` with no role assumed since the last `as` step".into(),
                            Some("remove this step, or assume a role before it".into()),
                            &p,
                            node.span,
                        );
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
            if out.is_empty() && !matches!(step.kind, StepKind::As { .. }) {
                self.error_help(
                    "first-step-not-as",
                    "the first step must say who acts: `{\"as\": ARN}`".into(),
                    Some("add a step such as `{\"as\": \"arn:aws:iam::111111111111:user/Alice\"}` first".into()),
                    &p,
                    node.span,
                );
            }
            out.push(step);
        }
        out
    }

    fn step(&mut self, node: &JsonNode, path: &JsonPath, accounts: &[Account]) -> Option<Step> {
        let Some(members) = node.as_object() else {
            self.error(
                "wrong-type",
                format!(
                    "a step must be a JSON object, found {}",
                    node.value.type_name()
                ),
                path,
                node.span,
            );
            return None;
        };
        let mut kinds: Vec<&str> = members
            .iter()
            .map(|(k, _)| k.name.as_str())
            .filter(|k| KINDS.contains(k))
            .collect();
        // A key written twice is reported by the JSON parser as a duplicate key.
        crate::sorting::sort(&mut kinds);
        kinds.dedup();
        let kind = match kinds.as_slice() {
            [one] => *one,
            [] => {
                let guess = members
                    .iter()
                    .find_map(|(k, _)| did_you_mean(&k.name, KINDS.iter().copied()));
                self.error_help(
                    "unknown-step",
                    "a step needs exactly one of `as`, `assumeRole`, `call`, `revokeSessions`, `advanceTime`, `setTime`, `exitRole`".into(),
                    guess.map(|g| format!("did you mean `{g}`?")),
                    path,
                    node.span,
                );
                return None;
            }
            more => {
                self.error(
                    "ambiguous-step",
                    format!(
                        "a step has exactly one action, this one has {}",
                        more.iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                    path,
                    node.span,
                );
                return None;
            }
        };
        let own: &[&str] = match kind {
            "as" => &AS_FIELDS,
            "assumeRole" => &ASSUME_FIELDS,
            "call" => &CALL_FIELDS,
            _ => &[],
        };
        let mut allowed: Vec<&str> = own.to_vec();
        if own.is_empty() {
            allowed.push(kind);
        }
        allowed.extend(COMMON);
        let what = format!("an `{kind}` step");
        let obj = self.object(node, path, &allowed, &what)?;
        let expect = self.opt_string(&obj, "expect").and_then(|e| {
            let found = match e.value.as_str() {
                "allowed" => Some(Expect::Allowed),
                "explicitDeny" => Some(Expect::ExplicitDeny),
                "implicitDeny" => Some(Expect::ImplicitDeny),
                "error" => Some(Expect::Error),
                _ => None,
            };
            if found.is_none() {
                let help = did_you_mean(&e.value, EXPECT_WORDS.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        "expect one of `allowed`, `explicitDeny`, `implicitDeny`, `error`".into()
                    });
                self.error_help(
                    "bad-expect",
                    format!("`{}` is not a decision", e.value),
                    Some(help),
                    &e.path,
                    e.span,
                );
            }
            found
        });
        let expect_error = self.opt_string(&obj, "expectError").map(|e| {
            if expect.is_some() && expect != Some(Expect::Error) {
                self.warning(
                    "expect-error-unused",
                    "`expectError` only applies with `\"expect\": \"error\"`".into(),
                    &e.path,
                    e.span,
                );
            }
            e.value
        });
        let note = self.opt_string(&obj, "note").map(|n| n.value);
        let kind = match kind {
            "as" => self.as_step(&obj, accounts)?,
            "assumeRole" => self.assume_step(&obj, accounts)?,
            "call" => self.call_step(&obj)?,
            "revokeSessions" => {
                let r = self.opt_string(&obj, "revokeSessions")?;
                self.check_role(&r, accounts)?;
                if world::role_by_arn(accounts, &r.value)
                    .is_some_and(|(_, role)| role.service_linked())
                {
                    self.error(
                        "revoke-service-linked-role",
                        "the sessions of a service-linked role cannot be revoked".into(),
                        &r.path,
                        r.span,
                    );
                }
                StepKind::RevokeSessions { role_arn: r.value }
            }
            "advanceTime" => {
                let d = self.opt_string(&obj, "advanceTime")?;
                match clock::parse_duration(&d.value) {
                    Ok(seconds) => StepKind::AdvanceTime {
                        seconds,
                        text: d.value,
                    },
                    Err(m) => {
                        self.error_help(
                            "bad-duration",
                            m,
                            Some(
                                "write an ISO 8601 duration such as `PT1H`, `PT15M` or `P1D`"
                                    .into(),
                            ),
                            &d.path,
                            d.span,
                        );
                        return None;
                    }
                }
            }
            "setTime" => {
                let t = self.opt_string(&obj, "setTime")?;
                match clock::parse_rfc3339(&t.value) {
                    Some(time) => StepKind::SetTime { time },
                    None => {
                        self.error_help(
                            "bad-time",
                            format!("`{}` is not an RFC 3339 time", t.value),
                            Some("write it like `2026-01-01T12:00:00Z`".into()),
                            &t.path,
                            t.span,
                        );
                        return None;
                    }
                }
            }
            _ => {
                if self.opt_bool(&obj, "exitRole") != Some(true) {
                    self.error(
                        "wrong-type",
                        "`exitRole` must be `true`".into(),
                        &obj.at("exitRole"),
                        obj.span,
                    );
                }
                StepKind::ExitRole
            }
        };
        if expect.is_some()
            && !matches!(
                kind,
                StepKind::AssumeRole(_) | StepKind::Call { .. } | StepKind::As { via: Some(_), .. }
            )
        {
            if let Some(e) = obj.get("expect") {
                self.error(
                    "expect-without-decision",
                    format!("a `{}` step has no decision to expect", kind.name()),
                    &obj.at("expect"),
                    e.span,
                );
            }
        }
        Some(Step {
            kind,
            expect,
            expect_error,
            note,
            span: node.span,
        })
    }

    fn as_step(&mut self, obj: &Obj<'_>, accounts: &[Account]) -> Option<StepKind> {
        let who = self.opt_string(obj, "as")?;
        let mfa = self.opt_bool(obj, "mfa");
        let via = self.opt_string(obj, "via");
        let session_name = self.opt_string(obj, "sessionName");
        let source_ip = self.opt_string(obj, "sourceIp");
        if let Some(ip) = &source_ip {
            if ip.value.parse::<std::net::IpAddr>().is_err() {
                self.error(
                    "bad-ip",
                    format!("`{}` is not an IP address", ip.value),
                    &ip.path,
                    ip.span,
                );
            }
        }
        match arn::parse_iam(&who.value) {
            Some(IamArn::Root { account }) => {
                if world::account(accounts, &account).is_none() {
                    let ids: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
                    self.unknown_identity(
                        &who,
                        accounts,
                        Some(&format!(
                            "account {account} is not one of the scenario's accounts"
                        )),
                        &ids,
                    );
                }
            }
            Some(IamArn::User { .. }) => {
                if world::user_by_arn(accounts, &who.value).is_none() {
                    self.unknown_identity(&who, accounts, None, &[]);
                }
            }
            Some(IamArn::Role { .. }) => {
                if world::role_by_arn(accounts, &who.value).is_none() {
                    self.unknown_identity(&who, accounts, None, &[]);
                } else if via.is_none() {
                    self.error_help(
                        "role-without-via",
                        "a role acts through a session: assume it with an `assumeRole` step, or name the service using it with `via`".into(),
                        Some("add `\"via\": \"lambda.amazonaws.com\"` (or the service that runs with this role)".into()),
                        &who.path,
                        who.span,
                    );
                }
            }
            _ => {
                self.error_help(
                    "bad-identity",
                    format!("`{}` is not an IAM user, role or account root ARN", who.value),
                    Some("write `arn:aws:iam::ACCOUNT:user/NAME`, `arn:aws:iam::ACCOUNT:root` or a role ARN with `via`".into()),
                    &who.path,
                    who.span,
                );
                return None;
            }
        }
        let is_role = matches!(arn::parse_iam(&who.value), Some(IamArn::Role { .. }));
        if let Some(v) = &via {
            if !is_role {
                self.error(
                    "via-not-role",
                    "`via` applies to a role used by a service".into(),
                    &v.path,
                    v.span,
                );
            } else if !v.value.ends_with(".amazonaws.com")
                && !v.value.ends_with(".amazonaws.com.cn")
            {
                self.warning(
                    "unusual-service",
                    format!(
                        "`{}` does not look like a service principal (`SERVICE.amazonaws.com`)",
                        v.value
                    ),
                    &v.path,
                    v.span,
                );
            }
        }
        if is_role && mfa.is_some() {
            if let Some(n) = obj.get("mfa") {
                self.error(
                    "mfa-on-role",
                    "`mfa` applies to a user's sign-in; a role used by a service has no MFA".into(),
                    &obj.at("mfa"),
                    n.span,
                );
            }
        }
        if session_name.is_some() && !is_role {
            if let Some(s) = &session_name {
                self.error("session-name-without-role", "`sessionName` on an `as` step names the session of a role used `via` a service".into(), &s.path, s.span);
            }
        }
        Some(StepKind::As {
            arn: who.value,
            mfa,
            source_ip: source_ip.map(|s| s.value),
            via: via.map(|v| v.value),
            session_name: session_name.map(|s| s.value),
        })
    }

    fn unknown_identity(
        &mut self,
        who: &Located,
        accounts: &[Account],
        message: Option<&str>,
        extra: &[&str],
    ) {
        let all = world::identity_arns(accounts);
        let mut cands: Vec<&str> = all.iter().map(String::as_str).collect();
        cands.extend(extra.iter().copied());
        let help = did_you_mean(&who.value, cands.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("declare it under its account's `users` or `roles`".into()));
        self.error_help(
            "unknown-identity",
            message
                .map(str::to_string)
                .unwrap_or_else(|| format!("there is no `{}` in the scenario", who.value)),
            help,
            &who.path,
            who.span,
        );
    }

    fn check_role(&mut self, r: &Located, accounts: &[Account]) -> Option<()> {
        if world::role_by_arn(accounts, &r.value).is_some() {
            return Some(());
        }
        let all = world::role_arns(accounts);
        let help = did_you_mean(&r.value, all.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("declare the role under its account's `roles` (the ARN includes the role's path)".into()));
        self.error_help(
            "unknown-role",
            format!("there is no role `{}` in the scenario", r.value),
            help,
            &r.path,
            r.span,
        );
        None
    }

    fn assume_step(&mut self, obj: &Obj<'_>, accounts: &[Account]) -> Option<StepKind> {
        let role = self.opt_string(obj, "assumeRole")?;
        let known = self.check_role(&role, accounts).is_some();
        let mut s = AssumeRoleStep {
            role_arn: role.value.clone(),
            session_name: self.opt_string(obj, "sessionName").map(|x| x.value),
            external_id: self.opt_string(obj, "externalId").map(|x| x.value),
            source_identity: self.opt_string(obj, "sourceIdentity").map(|x| x.value),
            duration_seconds: self.opt_int(obj, "durationSeconds").map(|x| x.0),
            ..AssumeRoleStep::default()
        };
        if let Some(n) = obj.get("mfa") {
            let mp = obj.at("mfa");
            if let Some(m) = self.object(
                n,
                &mp,
                &["serialNumber", "tokenCode"],
                "`mfa` of an `assumeRole` step",
            ) {
                let serial = self.req_string(&m, "serialNumber", "`mfa`");
                let code = match m.get("tokenCode") {
                    Some(c) => c
                        .scalar_text()
                        .filter(|_| !matches!(c.value, JsonValue::Bool(_))),
                    None => {
                        self.error(
                            "missing-field",
                            "`mfa` needs a `tokenCode`".into(),
                            &mp,
                            n.span,
                        );
                        None
                    }
                };
                if let (Some(serial), Some(code)) = (serial, code) {
                    s.mfa = Some(MfaParams {
                        serial_number: serial.value,
                        token_code: code,
                    });
                }
            }
        }
        let ai = world::role_by_arn(accounts, &role.value)
            .and_then(|(a, _)| accounts.iter().position(|x| x.id == a.id));
        if let Some(n) = obj.get("sessionPolicy") {
            if !matches!(n.value, JsonValue::Null) {
                let sp = obj.at("sessionPolicy");
                let o = super::policies::origin(&sp, "session policy (inline)".into(), None, None);
                s.session_policy = Some(self.policy(n, &sp, PolicyKind::Session, o));
            }
        }
        for r in self.string_array(obj, "sessionPolicyArns") {
            if !r.value.starts_with("arn:") {
                self.error_help(
                    "bad-policy-arn",
                    format!("`{}` is not a managed policy ARN", r.value),
                    Some("`sessionPolicyArns` takes ARNs (`PolicyArns`)".into()),
                    &r.path,
                    r.span,
                );
                continue;
            }
            if let (Some(ai), true) = (ai, known) {
                if let Some(att) = self.managed_ref(accounts, ai, &r, PolicyKind::Session, None) {
                    s.session_policy_arns.push(att);
                }
            }
        }
        s.tags = self.session_tags(obj, "tags");
        s.transitive_tag_keys = self
            .string_array(obj, "transitiveTagKeys")
            .into_iter()
            .map(|x| x.value)
            .collect();
        Some(StepKind::AssumeRole(Box::new(s)))
    }

    fn call_step(&mut self, obj: &Obj<'_>) -> Option<StepKind> {
        let action = self.opt_string(obj, "call")?;
        let ok = match action.value.split_once(':') {
            Some((svc, name)) => {
                !svc.is_empty()
                    && !name.is_empty()
                    && svc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && name.chars().all(|c| c.is_ascii_alphanumeric())
            }
            None => false,
        };
        if !ok {
            self.error_help(
                "bad-action",
                format!("`{}` is not an action", action.value),
                Some("write `service:ActionName`, e.g. `s3:GetObject` (no wildcards: a request is one action)".into()),
                &action.path,
                action.span,
            );
        } else {
            self.catalogued_action(&action);
        }
        let resource = self.opt_string(obj, "resource");
        if let Some(r) = &resource {
            if r.value != "*" && arn::parse(&r.value).is_none() {
                self.error_help(
                    "bad-arn",
                    format!("`{}` is not an ARN", r.value),
                    Some("write the resource's full ARN, or `*`".into()),
                    &r.path,
                    r.span,
                );
            }
        }
        let mut context = Vec::new();
        if let Some(n) = obj.get("context") {
            let cp = obj.at("context");
            match n.as_object() {
                Some(members) => {
                    for (k, v) in members {
                        let vp = cp.key(&k.name);
                        let value = match &v.value {
                            JsonValue::Null => None,
                            JsonValue::Array(items) => {
                                let mut vals = Vec::new();
                                for (i, it) in items.iter().enumerate() {
                                    match &it.value {
                                        JsonValue::String(_) | JsonValue::Number(_) | JsonValue::Bool(_) => vals.push(it.scalar_text().unwrap_or_default()),
                                        other => self.error("wrong-type", format!("a context value must be a string, number or boolean, found {}", other.type_name()), &vp.index(i), it.span),
                                    }
                                }
                                Some(ContextValue::Multi(vals))
                            }
                            JsonValue::Object(_) => {
                                self.error("wrong-type", format!("the value of `{}` must be a string, number, boolean, array or null, found object", k.name), &vp, v.span);
                                None
                            }
                            _ => Some(ContextValue::Single(v.scalar_text().unwrap_or_default())),
                        };
                        if !k.name.contains(':') {
                            self.warning(
                                "bad-context-key",
                                format!(
                                    "`{}` is not a condition key (`aws:SourceIp`, `s3:prefix`…)",
                                    k.name
                                ),
                                &vp,
                                k.span,
                            );
                        }
                        context.push((k.name.clone(), value));
                    }
                }
                None => self.error(
                    "wrong-type",
                    format!("`context` must be an object, found {}", n.value.type_name()),
                    &cp,
                    n.span,
                ),
            }
        }
        Some(StepKind::Call {
            action: action.value,
            resource: resource.map(|r| r.value).unwrap_or_else(|| "*".into()),
            context,
        })
    }
}
