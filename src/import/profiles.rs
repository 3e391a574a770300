//! AWS config files (`~/.aws/config`, or a credentials file's profile sections) and
//! `aws sts get-caller-identity` outputs. Each profile with a `role_arn` becomes the steps the
//! AWS CLI performs for `aws --profile NAME`: `as` the principal behind its `source_profile`
//! chain, one `assumeRole` per `role_arn` hop (with `external_id`, `mfa_serial`,
//! `role_session_name`, `duration_seconds`), then `sts:GetCallerIdentity`. Secret keys are
//! never read into the scenario.

use super::files;
use super::iam::str_of;
use super::world::CallerIdentity;
use super::{Importer, Loc};
use crate::json::{JsonNode, JsonPath};
use crate::scenario::arn::{self, IamArn};
use crate::source::Span;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// The session name the AWS CLI (botocore) uses when a profile sets no `role_session_name`:
/// `botocore-session-` and the epoch seconds of the call. A fixed time (the scenario format's
/// default clock, 2026-01-01T00:00:00Z) keeps the import deterministic.
pub const DEFAULT_SESSION_NAME: &str = "botocore-session-1767225600";

/// The MFA code written into `assumeRole` steps (the simulation accepts any six digits).
pub const TOKEN_CODE: &str = "123456";

/// One config file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Its file index.
    pub src: usize,
    /// Its profiles in file order.
    pub profiles: Vec<Profile>,
}

/// One profile section.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The profile name (`default`, or the name after `profile `).
    pub name: String,
    /// The section header as written (for JSON paths).
    pub header: String,
    /// The header's bytes.
    pub span: Span,
    /// Keys (lowercase) with value and the line's bytes. Secret values are not kept.
    pub keys: Vec<(String, String, Span)>,
}

impl Profile {
    fn get(&self, key: &str) -> Option<&str> {
        self.keys
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, _)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

const SECRET_KEYS: [&str; 2] = ["aws_secret_access_key", "aws_session_token"];
const KNOWN_KEYS: [&str; 9] = [
    "role_arn",
    "source_profile",
    "credential_source",
    "aws_access_key_id",
    "mfa_serial",
    "region",
    "sso_start_url",
    "sso_session",
    "output",
];

/// Whether `text` reads as an AWS config or credentials file: INI sections, among them
/// `[default]` or `[profile …]`, or a section with a key the AWS CLI reads.
pub fn looks_like_config(text: &str) -> bool {
    let mut sections = false;
    for line in text.lines().map(str::trim) {
        if let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let inner = inner.trim();
            if inner == "default" || inner.starts_with("profile ") {
                return true;
            }
            sections = true;
        } else if sections {
            if let Some((k, _)) = line.split_once('=') {
                if KNOWN_KEYS.contains(&k.trim().to_ascii_lowercase().as_str()) {
                    return true;
                }
            }
        }
    }
    false
}

/// Reads a config file's profiles (INI: `[profile NAME]` or `[NAME]` sections, `key = value`
/// lines, `#`/`;` comments; indented lines belong to nested settings and are skipped).
pub fn read(imp: &mut Importer, src: usize) {
    let text = imp.text(src);
    let mut profiles: Vec<Profile> = Vec::new();
    let mut current: Option<usize> = None;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        let span = Span::new(start, start + line.len());
        if let Some(inner) = trimmed.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let inner = inner.trim();
            let name = if let Some(n) = inner.strip_prefix("profile ") {
                Some(n.trim())
            } else if inner.starts_with("sso-session ") || inner.starts_with("services ") {
                None
            } else {
                Some(inner)
            };
            current = name.map(|n| match profiles.iter().position(|p| p.name == n) {
                Some(i) => i,
                None => {
                    profiles.push(Profile {
                        name: n.to_string(),
                        header: inner.to_string(),
                        span,
                        keys: Vec::new(),
                    });
                    profiles.len() - 1
                }
            });
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let (Some(i), Some((k, v))) = (current, trimmed.split_once('=')) else {
            continue;
        };
        let key = k.trim().to_ascii_lowercase();
        let value = if SECRET_KEYS.contains(&key.as_str()) {
            String::from("(not read)")
        } else {
            v.trim().to_string()
        };
        if let Some(p) = profiles.get_mut(i) {
            p.keys.push((key, value, span));
        }
    }
    imp.world.profiles.push(ConfigFile { src, profiles });
}

/// Reads an `aws sts get-caller-identity` output; the profile comes from the file name.
pub fn caller_identity(imp: &mut Importer, src: usize, root: &JsonNode) {
    let name = imp.name(src);
    let here = Loc {
        src,
        path: JsonPath::root(),
        span: root.span,
    };
    let Some(arn) = str_of(root, "Arn") else {
        return;
    };
    let Some(profile) = files::caller_identity_profile(&name) else {
        imp.warn(
            &here,
            "profile-unknown",
            format!("`{name}` is a get-caller-identity output but its name does not say for which profile"),
            Some("name it `caller-identity.PROFILE.json`, as the export script does".into()),
        );
        return;
    };
    imp.world.identities.insert(
        profile,
        CallerIdentity {
            arn: arn.to_string(),
            loc: here,
        },
    );
}

/// Users, roles and accounts the scenario will have, to tie credentials to principals.
#[derive(Debug, Default)]
pub struct Known {
    /// Account ids.
    pub accounts: HashSet<String>,
    /// (account, lowercase user name) → user ARN.
    pub users: HashMap<(String, String), String>,
    /// (account, lowercase role name) → role ARN.
    pub roles: HashMap<(String, String), String>,
}

/// Where a chain's first credentials come from.
enum Base<'a> {
    /// The profile's own credentials (access keys, SSO, a process…).
    Own(&'a Profile),
    /// `credential_source` of this profile.
    Source(&'a Profile, &'a str),
}

/// The steps of every profile with a `role_arn`, in file order.
pub fn steps(imp: &mut Importer, known: &Known) -> Vec<Value> {
    let files = std::mem::take(&mut imp.world.profiles);
    let mut out = Vec::new();
    for f in &files {
        for p in f.profiles.iter().filter(|p| p.get("role_arn").is_some()) {
            out.extend(profile_steps(imp, f, p, known));
        }
    }
    imp.world.profiles = files;
    out
}

fn loc(f: &ConfigFile, p: &Profile, key: Option<&str>) -> Loc {
    let path = JsonPath::root().key(&p.header);
    match key.and_then(|k| p.keys.iter().rev().find(|(x, _, _)| x == k)) {
        Some((k, _, span)) => Loc {
            src: f.src,
            path: path.key(k),
            span: *span,
        },
        None => Loc {
            src: f.src,
            path,
            span: p.span,
        },
    }
}

fn profile_steps(imp: &mut Importer, f: &ConfigFile, p: &Profile, known: &Known) -> Vec<Value> {
    let at = loc(f, p, None);
    // The hops, last first, and where the first credentials come from.
    let mut hops: Vec<&Profile> = vec![p];
    let mut cur = p;
    let base = loop {
        let source = cur.get("source_profile");
        let cs = cur.get("credential_source");
        match (source, cs) {
            (Some(s), _) if s == cur.name => break Base::Own(cur),
            (Some(s), _) => {
                let Some(next) = f.profiles.iter().find(|x| x.name == s) else {
                    imp.warn(
                        &loc(f, cur, Some("source_profile")),
                        "source-profile-unknown",
                        format!("profile `{}` names `source_profile = {s}`, which is not in this file: no steps for profile `{}`", cur.name, p.name),
                        Some(format!("add the `[profile {s}]` section (or `[default]`) to the file")),
                    );
                    return Vec::new();
                };
                if next.get("role_arn").is_none() {
                    break match next.get("credential_source") {
                        Some(c) => Base::Source(next, c),
                        None => Base::Own(next),
                    };
                }
                if hops.iter().any(|h| h.name == next.name) {
                    imp.warn(
                        &at,
                        "profile-cycle",
                        format!("the `source_profile` chain of profile `{}` comes back to `{}`: no steps", p.name, next.name),
                        None,
                    );
                    return Vec::new();
                }
                hops.push(next);
                cur = next;
            }
            (None, Some(c)) => break Base::Source(cur, c),
            (None, None) => {
                imp.warn(
                    &loc(f, cur, Some("role_arn")),
                    "no-source-credentials",
                    format!("profile `{}` has a `role_arn` but neither `source_profile` nor `credential_source`: the AWS CLI cannot assume the role; no steps for profile `{}`", cur.name, p.name),
                    Some("add `source_profile = NAME` (the profile whose credentials call AssumeRole)".into()),
                );
                return Vec::new();
            }
        }
    };
    hops.reverse();
    let Some((first, how)) = start_step(imp, f, p, &base, &hops, known) else {
        imp.miss(format!("whose credentials start profile `{}`", p.name));
        return Vec::new();
    };
    let mut steps = Vec::new();
    let mut first = first;
    first.insert(
        "note".into(),
        json!(format!(
            "profile {}: what `aws --profile {}` does. It starts with {how}.",
            p.name, p.name
        )),
    );
    steps.push(Value::Object(first));
    for h in &hops {
        let role = h.get("role_arn").unwrap_or_default();
        if let Some(IamArn::Role { account, name, .. }) = arn::parse_iam(role) {
            if !known
                .roles
                .contains_key(&(account.clone(), name.to_ascii_lowercase()))
            {
                imp.warn(
                    &loc(f, h, Some("role_arn")),
                    "role-not-imported",
                    format!("role `{role}` is not in the imported accounts: its trust policy is unknown, so the simulation denies assuming it"),
                    Some(format!("import account {account}'s authorization details")),
                );
                imp.miss(format!("role `{role}` (profile `{}`)", h.name));
            }
        }
        let mut s = Map::new();
        s.insert("assumeRole".into(), json!(role));
        s.insert(
            "sessionName".into(),
            json!(h.get("role_session_name").unwrap_or(DEFAULT_SESSION_NAME)),
        );
        if let Some(x) = h.get("external_id") {
            s.insert("externalId".into(), json!(x));
        }
        if let Some(m) = h.get("mfa_serial") {
            s.insert(
                "mfa".into(),
                json!({"serialNumber": m, "tokenCode": TOKEN_CODE}),
            );
        }
        if let Some(d) = h.get("duration_seconds") {
            match d.parse::<i64>() {
                Ok(n) => {
                    s.insert("durationSeconds".into(), json!(n));
                }
                Err(_) => imp.warn(
                    &loc(f, h, Some("duration_seconds")),
                    "bad-duration",
                    format!("`duration_seconds = {d}` is not a whole number of seconds: the AWS CLI's default (3600) is used"),
                    None,
                ),
            }
        }
        let why = if h.name == p.name {
            format!("`role_arn` of profile {}", h.name)
        } else {
            format!(
                "`role_arn` of profile {} (its `source_profile`, chained)",
                h.name
            )
        };
        s.insert("note".into(), json!(why));
        steps.push(Value::Object(s));
    }
    steps.push(json!({
        "call": "sts:GetCallerIdentity",
        "note": format!("`aws sts get-caller-identity --profile {}`: who the profile ends up as (always allowed)", p.name),
    }));
    steps
}

/// The first step (`as`) and how it is described, or `None` (with a warning) when the
/// credentials cannot be tied to a principal of the scenario.
fn start_step(
    imp: &mut Importer,
    f: &ConfigFile,
    p: &Profile,
    base: &Base<'_>,
    hops: &[&Profile],
    known: &Known,
) -> Option<(Map<String, Value>, String)> {
    let at = loc(f, p, None);
    let (holder, source) = match base {
        Base::Own(h) => (*h, None),
        Base::Source(h, c) => (*h, Some(*c)),
    };
    let identity = imp.world.identities.get(&holder.name).cloned();
    let (arn, from) = match &identity {
        Some(id) => (id.arn.clone(), format!("`{}`", imp.name(id.loc.src))),
        None => {
            // The user an MFA device is named after (`arn:aws:iam::ACCT:mfa/NAME`).
            let mfa_user = std::iter::once(holder)
                .chain(hops.iter().copied())
                .filter_map(|h| h.get("mfa_serial"))
                .find_map(|m| {
                    let a = arn::parse(m)?;
                    let name = a.resource.strip_prefix("mfa/")?;
                    known
                        .users
                        .get(&(a.account.to_string(), name.to_ascii_lowercase()))
                        .cloned()
                });
            match (mfa_user, source) {
                (Some(u), None) => (u, "the user its `mfa_serial` names".to_string()),
                _ => {
                    let help = match source {
                        Some("Ec2InstanceMetadata") | Some("EcsContainer") => format!(
                            "the credentials come from the instance's or task's role (`credential_source = {}`): run `aws sts get-caller-identity` where they are and save the output as `caller-identity.{}.json`",
                            source.unwrap_or_default(), holder.name
                        ),
                        _ => format!(
                            "save the output of `aws sts get-caller-identity --profile {}` as `caller-identity.{}.json` next to the config (the export script does), or set `mfa_serial` to the user's MFA device",
                            holder.name, holder.name
                        ),
                    };
                    imp.warn(
                        &at,
                        "credentials-unknown",
                        format!(
                            "whose credentials profile `{}` uses is not known ({}): no steps for profile `{}`",
                            holder.name,
                            describe_source(source),
                            p.name
                        ),
                        Some(help),
                    );
                    return None;
                }
            }
        }
    };
    let mut step = Map::new();
    match arn::parse_iam(&arn) {
        Some(IamArn::User { account, name, .. }) => {
            let Some(user) = known
                .users
                .get(&(account.clone(), name.to_ascii_lowercase()))
            else {
                imp.warn(
                    &at,
                    "user-not-imported",
                    format!("profile `{}` holds the credentials of `{arn}` (from {from}), which is not in the imported accounts: no steps for profile `{}`", holder.name, p.name),
                    Some(format!("import account {account}'s authorization details")),
                );
                return None;
            };
            step.insert("as".into(), json!(user));
            let what = match source {
                Some("Environment") => "the credentials in the environment",
                _ => "the long-term access keys",
            };
            Some((
                step,
                format!(
                    "{what} of user {name} (profile {}; from {from})",
                    holder.name
                ),
            ))
        }
        Some(IamArn::Root { account }) if known.accounts.contains(&account) => {
            step.insert("as".into(), json!(arn));
            Some((
                step,
                format!(
                    "the root user's access keys of account {account} (profile {}; from {from})",
                    holder.name
                ),
            ))
        }
        _ => {
            // A role session: only an instance's or a task's role can start a scenario.
            let service = match source {
                Some("Ec2InstanceMetadata") => Some("ec2.amazonaws.com"),
                Some("EcsContainer") => Some("ecs-tasks.amazonaws.com"),
                _ => None,
            };
            let session = arn::parse(&arn)
                .filter(|a| a.service == "sts")
                .and_then(|a| {
                    let rest = a.resource.strip_prefix("assumed-role/")?;
                    let (role, session) = rest.split_once('/')?;
                    Some((a.account.to_string(), role.to_string(), session.to_string()))
                });
            match (service, session) {
                (Some(svc), Some((account, role, session))) => {
                    let Some(role_arn) = known
                        .roles
                        .get(&(account.clone(), role.to_ascii_lowercase()))
                    else {
                        imp.warn(
                            &at,
                            "role-not-imported",
                            format!("profile `{}` uses the credentials of role `{role}` of account {account} (from {from}), which is not in the imported accounts: no steps for profile `{}`", holder.name, p.name),
                            Some(format!("import account {account}'s authorization details")),
                        );
                        return None;
                    };
                    step.insert("as".into(), json!(role_arn));
                    step.insert("via".into(), json!(svc));
                    step.insert("sessionName".into(), json!(session));
                    Some((
                        step,
                        format!(
                            "{} (profile {}; from {from})",
                            describe_source(source),
                            holder.name
                        ),
                    ))
                }
                _ => {
                    imp.warn(
                        &at,
                        "credentials-not-a-start",
                        format!("profile `{}` holds the credentials of `{arn}` (from {from}): a scenario starts as a user, an account root, or a role used by EC2 or ECS (`credential_source`); no steps for profile `{}`", holder.name, p.name),
                        Some("give the profile's source credentials as a user's access keys, or import the caller identity of the user behind them".into()),
                    );
                    None
                }
            }
        }
    }
}

fn describe_source(source: Option<&str>) -> String {
    match source {
        None => "its own credentials: access keys, SSO or a credential process".into(),
        Some("Ec2InstanceMetadata") => "the EC2 instance's role, through the instance metadata service (`credential_source = Ec2InstanceMetadata`)".into(),
        Some("EcsContainer") => "the ECS task's role (`credential_source = EcsContainer`)".into(),
        Some("Environment") => "the credentials in the environment variables (`credential_source = Environment`)".into(),
        Some(other) => format!("`credential_source = {other}`"),
    }
}
