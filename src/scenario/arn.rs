//! ARN helpers: splitting `arn:partition:service:region:account:resource`, recognising IAM
//! identities, and synthesizing the stable unique ids (`AIDA…`, `AROA…`) AWS gives entities.

/// The six fields of an ARN (the resource part keeps its colons and slashes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`…
    pub partition: &'a str,
    /// `s3`, `iam`, `sts`…
    pub service: &'a str,
    /// The region, empty for global services.
    pub region: &'a str,
    /// The account id, empty for S3 buckets and objects.
    pub account: &'a str,
    /// Everything after the fifth colon.
    pub resource: &'a str,
}

/// Splits an ARN; `None` when `s` does not have the six fields.
pub fn parse(s: &str) -> Option<Arn<'_>> {
    let mut it = s.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    let partition = it.next()?;
    let service = it.next()?;
    let region = it.next()?;
    let account = it.next()?;
    let resource = it.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition,
        service,
        region,
        account,
        resource,
    })
}

/// Whether `s` is a 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The account id in `arn`'s account field, when it has one (12 digits).
pub fn account_id(arn: &str) -> Option<String> {
    parse(arn)
        .map(|a| a.account)
        .filter(|a| is_account_id(a))
        .map(str::to_string)
}

/// An IAM identity named by an ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IamArn {
    /// `arn:aws:iam::A:root`
    Root {
        /// The account id.
        account: String,
    },
    /// `arn:aws:iam::A:user/path/name`
    User {
        /// The account id.
        account: String,
        /// The path, `/` when none.
        path: String,
        /// The user name.
        name: String,
    },
    /// `arn:aws:iam::A:role/path/name`
    Role {
        /// The account id.
        account: String,
        /// The path, `/` when none.
        path: String,
        /// The role name.
        name: String,
    },
    /// `arn:aws:iam::A:policy/path/name`
    Policy {
        /// The account id (`aws` for AWS managed policies).
        account: String,
        /// The path.
        path: String,
        /// The policy name.
        name: String,
    },
}

fn split_path(rest: &str) -> (String, String) {
    match rest.rfind('/') {
        Some(i) => (
            format!("/{}", rest.get(..=i).unwrap_or("")),
            rest.get(i + 1..).unwrap_or("").to_string(),
        ),
        None => ("/".to_string(), rest.to_string()),
    }
}

/// Recognises IAM root, user, role and policy ARNs.
pub fn parse_iam(s: &str) -> Option<IamArn> {
    let a = parse(s)?;
    if a.service != "iam" || !a.region.is_empty() {
        return None;
    }
    let account = a.account.to_string();
    if a.resource == "root" {
        return Some(IamArn::Root { account });
    }
    let (kind, rest) = a.resource.split_once('/')?;
    let (path, name) = split_path(rest);
    if name.is_empty() {
        return None;
    }
    match kind {
        "user" => Some(IamArn::User {
            account,
            path,
            name,
        }),
        "role" => Some(IamArn::Role {
            account,
            path,
            name,
        }),
        "policy" => Some(IamArn::Policy {
            account,
            path,
            name,
        }),
        _ => None,
    }
}

/// An IAM entity ARN: `arn:aws:iam::ACCOUNT:KIND` + path + name.
pub fn iam_arn(account: &str, kind: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:{kind}{path}{name}")
}

/// A stable synthetic unique id: `prefix` (`AIDA`, `AROA`, `ANPA`) and 17 characters derived
/// from the entity's ARN, as AWS shows in `aws:userid` and trust policies.
pub fn unique_id(prefix: &str, arn: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut h1: u64 = 0xcbf2_9ce4_8422_2325;
    let mut h2: u64 = 0x8422_2325_cbf2_9ce4;
    for b in arn.bytes() {
        h1 = (h1 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        h2 = (h2 ^ u64::from(b))
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(7);
    }
    let mut out = String::with_capacity(prefix.len() + 17);
    out.push_str(prefix);
    let mut bits = (u128::from(h1) << 64) | u128::from(h2);
    for _ in 0..17 {
        let idx = usize::try_from(bits & 31).unwrap_or(0);
        out.push(char::from(ALPHABET.get(idx).copied().unwrap_or(b'A')));
        bits >>= 5;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iam_arns() {
        assert_eq!(
            parse_iam("arn:aws:iam::444455556666:role/service-role/lambda-role"),
            Some(IamArn::Role {
                account: "444455556666".into(),
                path: "/service-role/".into(),
                name: "lambda-role".into()
            })
        );
        assert_eq!(
            parse_iam("arn:aws:iam::111111111111:root"),
            Some(IamArn::Root {
                account: "111111111111".into()
            })
        );
        assert_eq!(parse_iam("arn:aws:s3:::bucket"), None);
        let s3 = parse("arn:aws:s3:::bucket/key:with:colons").unwrap();
        assert_eq!(s3.resource, "bucket/key:with:colons");
        assert_eq!(s3.account, "");
    }

    #[test]
    fn unique_ids_are_stable_and_shaped_like_aws() {
        let a = unique_id("AROA", "arn:aws:iam::111111111111:role/R");
        assert_eq!(a.len(), 21);
        assert!(a.starts_with("AROA"));
        assert_eq!(a, unique_id("AROA", "arn:aws:iam::111111111111:role/R"));
        assert_ne!(a, unique_id("AROA", "arn:aws:iam::111111111111:role/S"));
    }
}
