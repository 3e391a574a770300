//! What file names carry where AWS's output has no identity: a parent id (`r-…`, `ou-…`), a
//! policy id (`p-…`), a resource ARN (percent-encoded), the account directory (12 digits), the
//! profile of a `get-caller-identity` output. Paths use `/` or `\` as separators.

/// The components of a path, last (the file name) first.
fn components_from_end(name: &str) -> impl Iterator<Item = &str> {
    name.rsplit(['/', '\\']).filter(|c| !c.is_empty())
}

/// The file name without its directories.
pub fn base_name(name: &str) -> &str {
    components_from_end(name).next().unwrap_or(name)
}

/// The file name without directories and without a final `.json`.
pub fn stem(name: &str) -> &str {
    let base = base_name(name);
    base.strip_suffix(".json").unwrap_or(base)
}

/// Decodes `%XX` escapes (RFC 3986; `+` stays `+`). `None` when an escape is malformed or the
/// bytes are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes everything but RFC 3986's unreserved characters (what the export script
/// writes, so that an ARN is a portable file name).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The ARN a file name holds, percent-encoded (`arn%3Aaws%3As3%3A%3A%3Amy-bucket.json`).
pub fn arn_from_name(name: &str) -> Option<String> {
    let decoded = percent_decode(stem(name))?;
    (decoded.starts_with("arn:") && crate::scenario::arn::parse(&decoded).is_some())
        .then_some(decoded)
}

fn is_id_char(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// Whether `s` is a root id (`r-` and 4 to 32 lowercase letters or digits).
pub fn is_root_id(s: &str) -> bool {
    s.strip_prefix("r-")
        .is_some_and(|b| (4..=32).contains(&b.len()) && b.bytes().all(is_id_char))
}

/// Whether `s` is an organizational unit id (`ou-`, 4 to 32, `-`, 8 to 32 lowercase letters or
/// digits).
pub fn is_unit_id(s: &str) -> bool {
    let Some(body) = s.strip_prefix("ou-") else {
        return false;
    };
    let Some((a, b)) = body.split_once('-') else {
        return false;
    };
    (4..=32).contains(&a.len())
        && (8..=32).contains(&b.len())
        && a.bytes().all(is_id_char)
        && b.bytes().all(is_id_char)
}

/// Whether `s` is a policy id (`p-` and 8 to 128 letters, digits or `_`, such as
/// `p-FullAWSAccess`).
pub fn is_policy_id(s: &str) -> bool {
    s.strip_prefix("p-").is_some_and(|b| {
        (8..=128).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
    })
}

/// The tokens of a path component: runs of letters, digits, `-` and `_`.
fn tokens(component: &str) -> impl Iterator<Item = &str> {
    component
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|t| !t.is_empty())
}

/// The first parent id (`r-…` or `ou-…`) in the file name, else in its directories (nearest
/// first).
pub fn parent_id(name: &str) -> Option<String> {
    components_from_end(name)
        .flat_map(tokens)
        .find(|t| is_root_id(t) || is_unit_id(t))
        .map(str::to_string)
}

/// The first policy id (`p-…`) in the file name, else in its directories.
pub fn policy_id(name: &str) -> Option<String> {
    components_from_end(name)
        .flat_map(tokens)
        .find(|t| is_policy_id(t))
        .map(str::to_string)
}

/// The nearest directory of the path whose name is a 12-digit account id.
pub fn account_dir(name: &str) -> Option<String> {
    components_from_end(name)
        .skip(1)
        .find(|c| crate::scenario::arn::is_account_id(c))
        .map(str::to_string)
}

/// The profile a `get-caller-identity` output belongs to, from its name:
/// `caller-identity.PROFILE.json` → `PROFILE`; `caller-identity.json` → `default`.
pub fn caller_identity_profile(name: &str) -> Option<String> {
    let s = stem(name);
    if s == "caller-identity" {
        return Some("default".into());
    }
    s.strip_prefix("caller-identity.")
        .filter(|p| !p.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_name_first_then_the_directories() {
        assert_eq!(
            parent_id("OUT/organization/ous-for-parent/r-ab12.json").as_deref(),
            Some("r-ab12")
        );
        assert_eq!(
            parent_id("x/accounts-for-parent/ou-ab12-cdefgh12.json").as_deref(),
            Some("ou-ab12-cdefgh12")
        );
        // `for-parent` is not the root id `r-parent`: ids start a token.
        assert_eq!(parent_id("x/ous-for-parent/readme.json"), None);
        assert_eq!(
            policy_id("o/targets-for-policy/p-FullAWSAccess.json").as_deref(),
            Some("p-FullAWSAccess")
        );
        assert_eq!(
            account_dir("OUT\\123456789012\\resource-policies\\s3\\x.json").as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            caller_identity_profile("a/caller-identity.prod.eu.json").as_deref(),
            Some("prod.eu")
        );
    }

    #[test]
    fn arns_round_trip_through_file_names() {
        let arn = "arn:aws:sqs:eu-west-1:123456789012:orders";
        let name = format!("q/{}.json", percent_encode(arn));
        assert!(!name.contains(':'));
        assert_eq!(arn_from_name(&name).as_deref(), Some(arn));
        assert_eq!(arn_from_name("my-bucket.json"), None);
        assert_eq!(percent_decode("%7B%22a%22%7D").as_deref(), Some("{\"a\"}"));
        assert_eq!(percent_decode("%7"), None);
    }
}
