//! Lookups in AWS's catalogue for the catalogue checks: the actions an `Action` pattern of one
//! service covers (found by binary search on the pattern's literal head, without allocating),
//! what a condition key is (global, a service's, an identity provider's, unknown), the closest
//! known key for "did you mean", and an example ARN of a resource type shaped after the
//! `Resource` entry the user wrote.

use crate::catalogue::{Action, Catalogue, ConditionKey, Service};
use crate::diag::did_you_mean;
use crate::eval::pattern::{glob, literal_prefix, GlobOptions};
use std::cmp::Ordering;

/// An `Action` pattern whose service prefix names a known service (`s3:Get*`, `s3:GetObject`).
#[derive(Clone, Copy)]
pub(crate) struct Pattern<'a> {
    /// The service the prefix names.
    pub service: &'a Service,
    /// The action-name part as written (may hold `*` and `?`).
    pub name: &'a str,
}

impl<'a> Pattern<'a> {
    /// The service's actions the pattern covers, in catalogue order.
    pub fn actions(&self) -> impl Iterator<Item = &'a Action> + 'a {
        let name = self.name;
        with_prefix(&self.service.actions, literal_prefix(name))
            .iter()
            .filter(move |a| glob(name, &a.name, GlobOptions::IGNORE_CASE))
    }
}

/// How `name` orders against the names starting with `head` (ASCII case ignored): `Equal`
/// when it starts with `head`. Names sorted ignoring case keep those starting with `head`
/// together, so this finds them by binary search.
fn cmp_head(name: &str, head: &str) -> Ordering {
    let mut n = name.bytes().map(|b| b.to_ascii_lowercase());
    for h in head.bytes().map(|b| b.to_ascii_lowercase()) {
        match n.next() {
            None => return Ordering::Less,
            Some(c) if c != h => return c.cmp(&h),
            Some(_) => {}
        }
    }
    Ordering::Equal
}

/// The actions (sorted ignoring case) whose names start with `head`.
fn with_prefix<'a>(actions: &'a [Action], head: &str) -> &'a [Action] {
    let start = actions.partition_point(|a| cmp_head(&a.name, head) == Ordering::Less);
    let end = actions.partition_point(|a| cmp_head(&a.name, head) != Ordering::Greater);
    actions.get(start..end).unwrap_or_default()
}

/// What a condition key written in a policy is, in the catalogue.
pub(crate) enum KeyEntry<'c> {
    /// Nothing to say: malformed (reported elsewhere), or an identity provider's key the
    /// catalogue does not list (`token.actions.githubusercontent.com:sub`, `saml:…`).
    Skip,
    /// Neither global nor listed by any service.
    Unknown,
    /// A global condition key.
    Global(&'c ConditionKey),
    /// A key of the service its prefix names.
    Service(&'c Service, &'c ConditionKey),
    /// A key some other service lists (identity providers' keys are listed by `sts`).
    Elsewhere(&'c ConditionKey),
}

impl<'c> KeyEntry<'c> {
    /// Looks `key` up.
    #[inline(never)]
    pub fn find(cat: &'c Catalogue, key: &str) -> KeyEntry<'c> {
        let Some((prefix, name)) = key.split_once(':') else {
            return KeyEntry::Skip;
        };
        if prefix.is_empty() || name.is_empty() || key.contains("${") {
            return KeyEntry::Skip;
        }
        if let Some(k) = cat.global_key(key) {
            return KeyEntry::Global(k);
        }
        if let Some(s) = cat.service(prefix) {
            if let Some(k) = s.key(key) {
                return KeyEntry::Service(s, k);
            }
        }
        // Keys are listed by the services that use them, which need not share their prefix.
        let elsewhere = cat.services.iter().find_map(|s| {
            s.condition_keys
                .iter()
                .filter(|k| same_prefix(&k.name, prefix))
                .find(|k| k.matches(key))
        });
        match elsewhere {
            Some(k) => KeyEntry::Elsewhere(k),
            None if is_identity_provider(prefix) => KeyEntry::Skip,
            None => KeyEntry::Unknown,
        }
    }

    /// The catalogue's entry, when there is one.
    pub fn key(&self) -> Option<&'c ConditionKey> {
        match self {
            KeyEntry::Global(k) | KeyEntry::Service(_, k) | KeyEntry::Elsewhere(k) => Some(k),
            KeyEntry::Skip | KeyEntry::Unknown => None,
        }
    }
}

/// Whether catalogue key `name` could have the prefix `prefix` (equal ignoring case, or a
/// placeholder in its prefix, as in `token.actions.${Domain}.ghe.com:sub`).
fn same_prefix(name: &str, prefix: &str) -> bool {
    let own = name.split_once(':').map_or(name, |(p, _)| p);
    own.contains("${") || own.eq_ignore_ascii_case(prefix)
}

/// Whether a condition key prefix is an identity provider's (a SAML provider's `saml`, or an
/// OIDC provider's domain name or URL path such as `token.actions.githubusercontent.com` or
/// `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE`): AWS passes the provider's claims through,
/// and no catalogue can list them all.
pub(crate) fn is_identity_provider(prefix: &str) -> bool {
    prefix.eq_ignore_ascii_case("saml") || prefix.contains(['.', '/'])
}

/// The known key closest to an unknown `key`, as (the key written as the user would write it,
/// the catalogue's key with its placeholder): `aws:PrincipalTagg/team` →
/// (`aws:PrincipalTag/team`, `aws:PrincipalTag/${TagKey}`). Candidates are the global keys and
/// the keys of the service the prefix names (or the closest service prefix).
#[inline(never)]
pub(crate) fn key_suggestion<'c>(cat: &'c Catalogue, key: &str) -> Option<(String, &'c str)> {
    let prefix = key.split_once(':')?.0;
    let tail = key
        .rsplit_once('/')
        .map(|(_, t)| t)
        .filter(|t| !t.is_empty());
    let service = cat.service(prefix).or_else(|| cat.closest_service(prefix));
    let mut templates: Vec<&'c str> = cat.global_keys.iter().map(|k| &*k.name).collect();
    if let Some(s) = service {
        templates.extend(s.condition_keys.iter().map(|k| &*k.name));
    }
    let instances: Vec<String> = templates.iter().map(|t| instance(t, tail)).collect();
    let best = did_you_mean(key, instances.iter().map(String::as_str))?;
    let i = instances.iter().position(|c| c.as_str() == best)?;
    Some((best.to_string(), templates.get(i)?))
}

/// `template` with its first placeholder replaced by `tail` (when there is one).
fn instance(template: &str, tail: Option<&str>) -> String {
    let (Some(tail), Some(open)) = (tail, template.find("${")) else {
        return template.to_string();
    };
    let Some(close) = template.get(open..).and_then(|t| t.find('}')) else {
        return template.to_string();
    };
    let (head, rest) = (
        template.get(..open).unwrap_or_default(),
        template.get(open + close + 1..).unwrap_or_default(),
    );
    format!("{head}{tail}{rest}")
}

/// An ARN of the resource type with ARN `format`, filled in from the `Resource` entry
/// `pattern` where they agree: the partition; the region and account when both name the same
/// service; a resource part starting with a placeholder takes the entry's resource part up to
/// its first `/`. Other placeholders become `*`: `arn:${Partition}:s3:::${BucketName}` and
/// `arn:aws:s3:::bucket/*` give `arn:aws:s3:::bucket`.
#[inline(never)]
pub(crate) fn fill_format(format: &str, pattern: &str) -> String {
    let service = field(format, 2);
    let same_service = field(pattern, 2).eq_ignore_ascii_case(service);
    let mut out = String::new();
    let (mut i, mut rest) = (0, format);
    // The first placeholder of each field takes what the entry says there; others `*`.
    let mut filled = false;
    while let Some(at) = rest.find([':', '$']) {
        let (Some(head), Some(tail)) = (rest.get(..at), rest.get(at..)) else {
            break;
        };
        out.push_str(head);
        if tail.starts_with(':') {
            out.push(':');
            i += 1;
            filled = false;
            rest = tail.get(1..).unwrap_or_default();
            continue;
        }
        let close = tail.find('}').map_or(tail.len(), |c| c + 1);
        let mine = field(pattern, i);
        let fill = match i {
            1 => Some(if mine.is_empty() { "aws" } else { mine }),
            3 | 4 if same_service && !mine.is_empty() => Some(mine),
            5 if same_service && head.is_empty() && !filled => mine.split('/').next(),
            _ => None,
        };
        out.push_str(fill.filter(|f| !filled && !f.is_empty()).unwrap_or("*"));
        filled = true;
        rest = tail.get(close..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Field `i` of an ARN (the sixth takes the rest, colons included); empty when missing.
fn field(arn: &str, i: usize) -> &str {
    arn.splitn(6, ':').nth(i).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_arns_take_what_the_pattern_says() {
        let bucket = "arn:${Partition}:s3:::${BucketName}";
        let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        assert_eq!(
            fill_format(bucket, "arn:aws:s3:::bucket/*"),
            "arn:aws:s3:::bucket"
        );
        assert_eq!(
            fill_format(object, "arn:aws:s3:::bucket"),
            "arn:aws:s3:::bucket/*"
        );
        assert_eq!(
            fill_format(bucket, "arn:aws-cn:s3:::b/k/x.txt"),
            "arn:aws-cn:s3:::b"
        );
        let instance = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";
        assert_eq!(
            fill_format(instance, "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"),
            "arn:aws:ec2:us-east-1:111122223333:instance/*"
        );
        assert_eq!(
            fill_format(instance, "arn:aws:s3:::b"),
            "arn:aws:ec2:*:*:instance/*"
        );
        let group = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
        assert_eq!(
            fill_format(group, "arn:aws:logs:eu-west-1:111122223333:log-group:app:*"),
            "arn:aws:logs:eu-west-1:111122223333:log-group:*"
        );
        let point = "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}";
        assert_eq!(
            fill_format(point, "arn:aws:s3:::bucket/*"),
            "arn:aws:s3:*:*:accesspoint/*"
        );
    }

    #[test]
    fn names_starting_with_a_head_are_found_by_binary_search() {
        let actions: Vec<Action> = ["GetBucket", "getObject", "GetObjectAcl", "ListBucket"]
            .iter()
            .map(|n| Action {
                name: (*n).into(),
                ..Action::default()
            })
            .collect();
        let names = |head: &str| -> Vec<&str> {
            with_prefix(&actions, head)
                .iter()
                .map(|a| &*a.name)
                .collect()
        };
        assert_eq!(names("GETOBJ"), ["getObject", "GetObjectAcl"]);
        assert_eq!(
            names(""),
            ["GetBucket", "getObject", "GetObjectAcl", "ListBucket"]
        );
        assert!(names("Put").is_empty());
        assert_eq!(names("ListBucket"), ["ListBucket"]);
    }

    #[test]
    fn placeholder_keys_are_suggested_with_the_users_tail() {
        assert_eq!(
            instance("aws:PrincipalTag/${TagKey}", Some("team")),
            "aws:PrincipalTag/team"
        );
        assert_eq!(instance("aws:SourceIp", Some("x")), "aws:SourceIp");
        assert!(is_identity_provider("token.actions.githubusercontent.com"));
        assert!(is_identity_provider("SAML"));
        assert!(!is_identity_provider("s3"));
    }
}
