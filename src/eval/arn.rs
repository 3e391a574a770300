//! ARNs: splitting `arn:partition:service:region:account:resource` into its six segments, and
//! the two ways IAM matches them.
//!
//! - **`Resource` / `NotResource`** ([`match_resource`]): `*` alone matches every resource
//!   (and is the only pattern that matches a request for resource `*`, F44); otherwise segment
//!   by segment, case-sensitively (F43), with `*`/`?` inside segments, no wildcard in the
//!   service segment (F48); the resource segment (after the fifth colon) is one wildcard
//!   pattern, so its `*` also crosses `/` and `:` (F47, assumption V12); a pattern with fewer
//!   than six segments whose last segment ends in `*` lets that `*` absorb the remaining
//!   segments (`arn:aws:s3:*`), again assumption V12. Variables (A.6) are substituted per
//!   segment after splitting, so a value containing `:` never shifts segments, and only in
//!   the resource part: AWS allows variables only after the fifth colon (A.6, F79), so one
//!   written before it is compared as literal text (never substituted) and the match says so
//!   ([`ResourceMatch::literal_variable`], assumption `F79-variable-before-resource-part`).
//! - **`ArnEquals` / `ArnLike`** ([`arn_like`]): both take wildcards (F66) and compare each of
//!   the six segments separately, so a `*` never crosses a segment's colon (F65).
//!
//! [`RequestResource`] reads a request's resource once (its segments, whether it has a byte
//! special in patterns) to match it against many `Resource` patterns.

use super::pattern::{common_prefix, glob, has_any_byte, has_wildcard, GlobOptions};
use super::request::Context;
use super::variables::{has_variable, substitute, Substituted, Unresolved};
use std::borrow::Cow;
use std::cell::OnceCell;

/// Why a `Resource` pattern did not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceMiss {
    /// The request's resource is `*` (an action without resource types) and the pattern is
    /// not `*` (F44).
    RequestIsWildcard,
    /// A wildcard in the service segment never matches (F48).
    WildcardInService,
    /// One ARN segment differs.
    Segment(&'static str),
    /// The pattern has fewer segments than the ARN and does not end in `*`.
    TooShort,
    /// The pattern or the resource is not an ARN and the strings differ.
    Text,
    /// A policy variable had no value (F74).
    Unresolved(Unresolved),
    /// A segment before the resource part holds a policy variable, compared as literal text
    /// (F79).
    LiteralVariable(&'static str),
}

impl ResourceMiss {
    /// A sentence for traces.
    pub fn explain(&self) -> Cow<'static, str> {
        match self {
            ResourceMiss::RequestIsWildcard => Cow::Borrowed(
                "the request's resource is \"*\" (an action without resource types): only Resource \"*\" matches",
            ),
            ResourceMiss::WildcardInService => {
                Cow::Borrowed("a wildcard in the service segment of an ARN never matches")
            }
            ResourceMiss::Segment(name) => Cow::Borrowed(match *name {
                "partition" => "the partition segment differs",
                "service" => "the service segment differs",
                "region" => "the region segment differs",
                "account" => "the account segment differs",
                _ => "the resource segment differs (case-sensitive)",
            }),
            ResourceMiss::TooShort => {
                Cow::Borrowed("the pattern has fewer ARN segments than the resource")
            }
            ResourceMiss::Text => {
                Cow::Borrowed("the resource does not match the pattern (case-sensitive)")
            }
            ResourceMiss::Unresolved(u) => Cow::Owned(u.explain()),
            ResourceMiss::LiteralVariable(name) => Cow::Owned(format!(
                "the {name} segment holds a policy variable: AWS allows variables only in the resource part (after the fifth colon), so it is compared as literal text and differs"
            )),
        }
    }
}

/// The outcome of matching one `Resource` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceMatch {
    /// Why it did not match; `None` when it matched.
    pub miss: Option<ResourceMiss>,
    /// Whether the match relied on a `*` crossing a `:` (assumption V12); only computed when
    /// details are asked for.
    pub crossed_colon: bool,
    /// The pattern after variable substitution, when a variable was substituted.
    pub resolved: Option<String>,
    /// A segment before the resource part holds a variable, compared as literal text (F79).
    pub literal_variable: bool,
}

impl ResourceMatch {
    /// Whether the pattern matched.
    pub fn matched(&self) -> bool {
        self.miss.is_none()
    }
}

const SEGMENT_NAMES: [&str; 6] = [
    "arn",
    "partition",
    "service",
    "region",
    "account",
    "resource",
];

/// Splits at the first five colons (with `respect_vars`, those not inside `${…}`).
/// Returns the segments and how many there are.
fn split_segments(s: &str, respect_vars: bool) -> ([&str; 6], usize) {
    if !(respect_vars && has_variable(s)) {
        return split_plain(s);
    }
    let mut out = [""; 6];
    let bytes = s.as_bytes();
    let vars = true;
    let mut n = 0usize;
    let mut start = 0usize;
    let mut in_var = false;
    let mut i = 0usize;
    while n < 5 {
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if vars && !in_var && b == b'$' && bytes.get(i + 1) == Some(&b'{') {
            in_var = true;
        } else if in_var && b == b'}' {
            in_var = false;
        } else if !in_var && b == b':' {
            if let Some(slot) = out.get_mut(n) {
                *slot = s.get(start..i).unwrap_or("");
            }
            n += 1;
            start = i + 1;
        }
        i += 1;
    }
    if let Some(slot) = out.get_mut(n) {
        *slot = s.get(start..).unwrap_or("");
    }
    (out, n + 1)
}

/// The byte offsets of the first five colons of `bytes` (and how many there are), found eight
/// bytes at a time.
fn colon_cuts(bytes: &[u8]) -> ([usize; 5], usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut cuts = [0usize; 5];
    let mut n = 0usize;
    let mut push = |at: usize, n: &mut usize| {
        if let Some(c) = cuts.get_mut(*n) {
            *c = at;
            *n += 1;
        }
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0usize;
    for c in &mut chunks {
        let Ok(w) = <[u8; 8]>::try_from(c) else {
            break;
        };
        let y = u64::from_le_bytes(w) ^ (ONES * u64::from(b':'));
        // The high bit of each byte of `y` that is zero (each colon), exactly.
        let mut colons = !(((y & LOW7).wrapping_add(LOW7)) | y | LOW7);
        while colons != 0 && n < 5 {
            push(base + (colons.trailing_zeros() / 8) as usize, &mut n);
            colons &= colons - 1;
        }
        if n == 5 {
            return (cuts, n);
        }
        base += 8;
    }
    for (i, b) in bytes.iter().enumerate().skip(base) {
        if *b == b':' {
            push(i, &mut n);
            if n == 5 {
                break;
            }
        }
    }
    (cuts, n)
}

/// [`split_segments`] without variables.
fn split_plain(s: &str) -> ([&str; 6], usize) {
    let (cuts, n) = colon_cuts(s.as_bytes());
    let mut out = [""; 6];
    let mut start = 0usize;
    for (slot, &cut) in out.iter_mut().zip(cuts.iter().take(n)) {
        *slot = s.get(start..cut).unwrap_or("");
        start = cut + 1;
    }
    if let Some(slot) = out.get_mut(n) {
        *slot = s.get(start..).unwrap_or("");
    }
    (out, n + 1)
}

/// The six segments of an ARN, or `None` when `s` is not an ARN.
pub fn parse_arn(s: &str) -> Option<[&str; 6]> {
    if !s.starts_with("arn:") {
        return None;
    }
    let (segs, n) = split_segments(s, false);
    (n == 6).then_some(segs)
}

fn all_stars(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b == b'*')
}

fn opts(sub: &Substituted<'_>) -> GlobOptions {
    GlobOptions {
        ignore_case: false,
        escaped: sub.escaped,
    }
}

fn miss(m: ResourceMiss, resolved: Option<String>) -> ResourceMatch {
    ResourceMatch {
        miss: Some(m),
        crossed_colon: false,
        resolved,
        literal_variable: false,
    }
}

/// The request's resource, read once per request: its text, and, computed on first use,
/// whether it is plain (no byte that is special in patterns) and its six ARN segments.
#[derive(Debug, Clone)]
pub struct RequestResource<'r> {
    text: &'r str,
    plain: OnceCell<bool>,
    arn: OnceCell<Option<[&'r str; 6]>>,
    resource_part: OnceCell<Option<usize>>,
}

impl<'r> RequestResource<'r> {
    /// Reads `text` (lazily: nothing is computed until asked for).
    pub fn new(text: &'r str) -> Self {
        RequestResource {
            text,
            plain: OnceCell::new(),
            arn: OnceCell::new(),
            resource_part: OnceCell::new(),
        }
    }

    /// The resource as the request names it.
    pub fn text(&self) -> &'r str {
        self.text
    }

    /// Whether it has no pattern-special byte (`*`, `?`, `\`, `$`).
    pub fn plain(&self) -> bool {
        *self.plain.get_or_init(|| !has_special(self.text))
    }

    /// Its six segments, when it is an ARN.
    pub fn arn(&self) -> Option<[&'r str; 6]> {
        *self.arn.get_or_init(|| parse_arn(self.text))
    }

    /// Where its resource part (after the fifth colon) starts, when it is an ARN.
    fn resource_part_start(&self) -> Option<usize> {
        *self.resource_part.get_or_init(|| {
            if !self.text.starts_with("arn:") {
                return None;
            }
            let (cuts, n) = colon_cuts(self.text.as_bytes());
            (n == 5).then(|| cuts.get(4).map_or(0, |c| c + 1))
        })
    }
}

/// Matches a `Resource` pattern as written (`raw`) against the request's resource.
/// `subst` says whether variables are substituted (policy version 2012-10-17); `detail`
/// asks for `crossed_colon` and `resolved` (traces).
pub fn match_resource(
    raw: &str,
    resource: &str,
    ctx: &Context,
    subst: bool,
    detail: bool,
) -> ResourceMatch {
    let rr = RequestResource::new(resource);
    if detail {
        match_resource_as::<true>(raw, &rr, ctx, subst)
    } else {
        match_resource_as::<false>(raw, &rr, ctx, subst)
    }
}

/// Whether `s` has a byte that is special in patterns (`*`, `?`, `\`, `$`).
pub fn has_special(s: &str) -> bool {
    has_any_byte(s.as_bytes(), b"*?\\$")
}

fn matched() -> ResourceMatch {
    ResourceMatch {
        miss: None,
        crossed_colon: false,
        resolved: None,
        literal_variable: false,
    }
}

/// [`match_resource`] against a resource read once per request; `DETAIL` asks for
/// `crossed_colon`, `resolved` and the segment a literal miss is in (traces). Both modes are
/// the same code: the decision-only path is this function compiled without the details.
#[inline]
pub fn match_resource_as<const DETAIL: bool>(
    raw: &str,
    rr: &RequestResource<'_>,
    ctx: &Context,
    subst: bool,
) -> ResourceMatch {
    let resource = rr.text();
    if all_stars(raw) {
        return matched();
    }
    if resource == "*" {
        return miss(ResourceMiss::RequestIsWildcard, None);
    }
    let (pb, rb) = (raw.as_bytes(), resource.as_bytes());
    // A pattern that ends in a literal character (not a wildcard, nor the end of a
    // variable) matches only resources that end in it; the traced path says which segment
    // differs, so it goes the long way.
    if !DETAIL {
        if let (Some(&pl), Some(&rl)) = (pb.last(), rb.last()) {
            if pl != rl && !matches!(pl, b'*' | b'?' | b'}' | b'\\' | b'$') {
                return miss(ResourceMiss::Text, None);
            }
        }
    }
    // Literal characters before the first wildcard must be equal, whatever the segments.
    let k = common_prefix(pb, rb);
    let special = |c: &u8| matches!(c, b'*' | b'?' | b'\\' | b'$');
    // Equal bytes: a plain resource means a plain head.
    let first_special = if rr.plain() {
        None
    } else {
        pb.get(..k).unwrap_or(pb).iter().position(special)
    };
    let i = match first_special {
        Some(s) => s,
        None if k == pb.len() => {
            // A literal pattern: equality.
            if k == rb.len() {
                return matched();
            }
            let why = if DETAIL && rb.get(k) == Some(&b':') && k > 0 {
                ResourceMiss::TooShort
            } else {
                literal_miss::<DETAIL>(raw, rr, k)
            };
            return miss(why, None);
        }
        None if pb.get(k).is_some_and(special) => k,
        None => return miss(literal_miss::<DETAIL>(raw, rr, k), None),
    };
    match_from::<DETAIL>(raw, rr, ctx, subst, i)
}

/// Why a pattern whose literal text first differs from the resource at byte `k` missed:
/// with `DETAIL`, the ARN segment it differs in.
fn literal_miss<const DETAIL: bool>(raw: &str, rr: &RequestResource<'_>, k: usize) -> ResourceMiss {
    if !DETAIL || !raw.starts_with("arn:") || rr.arn().is_none() {
        return ResourceMiss::Text;
    }
    let seg = rr
        .text()
        .as_bytes()
        .get(..k)
        .map_or(0, |h| h.iter().filter(|c| **c == b':').count())
        .min(5);
    ResourceMiss::Segment(SEGMENT_NAMES.get(seg).copied().unwrap_or("resource"))
}

/// The rest of [`match_resource_as`], from the pattern's first special byte `i` on (the
/// bytes before it are equal to the resource's).
#[inline(never)]
fn match_from<const DETAIL: bool>(
    raw: &str,
    rr: &RequestResource<'_>,
    ctx: &Context,
    subst: bool,
    i: usize,
) -> ResourceMatch {
    let detail = DETAIL;
    let resource = rr.text();
    // Common case: the first five segments are literal (and equal): only the rest of the
    // resource segment remains, one wildcard pattern. The pattern's first `i` bytes are the
    // resource's, so they hold its first five colons when its resource part starts by `i`.
    let rest_p = raw.get(i..).unwrap_or("");
    let literal_head = rr.resource_part_start().is_some_and(|start| start <= i);
    if literal_head && raw.starts_with("arn:") && !(subst && has_variable(rest_p)) {
        let rest_r = resource.get(i..).unwrap_or("");
        let ok = glob(rest_p, rest_r, GlobOptions::EXACT);
        let crossed = detail
            && ok
            && rest_r.contains(':')
            && !subsegments_match(
                &Substituted {
                    text: Cow::Borrowed(rest_p),
                    escaped: false,
                },
                rest_r,
            );
        return ResourceMatch {
            miss: (!ok).then_some(ResourceMiss::Segment("resource")),
            crossed_colon: crossed,
            resolved: None,
            literal_variable: false,
        };
    }
    let is_arn_pattern = raw.starts_with("arn:");
    let (Some(req), true) = (rr.arn(), is_arn_pattern) else {
        // Not ARNs: one wildcard pattern over the whole string.
        let sub = match substitute(raw, ctx, subst) {
            Ok(s) => s,
            Err(u) => return miss(ResourceMiss::Unresolved(u), None),
        };
        let resolved = (detail && sub.escaped).then(|| sub.display());
        let ok = glob(&sub.text, resource, opts(&sub));
        return ResourceMatch {
            miss: (!ok).then_some(ResourceMiss::Text),
            crossed_colon: false,
            resolved,
            literal_variable: false,
        };
    };
    let (pat, n) = split_segments(raw, subst);
    let mut resolved_parts: Option<Vec<String>> = None;
    if detail && subst && has_variable(raw) {
        resolved_parts = Some(Vec::with_capacity(n));
    }
    let mut crossed = false;
    let mut literal_variable = false;
    for i in 1..n {
        let p_raw = pat.get(i).copied().unwrap_or("");
        // Variables only in the resource part (A.6, F79): before it, literal text.
        let literal_here = subst && i < 5 && has_variable(p_raw);
        literal_variable |= literal_here;
        let name = SEGMENT_NAMES.get(i).copied().unwrap_or("resource");
        let seg_miss = |n: &'static str| {
            if literal_here {
                ResourceMiss::LiteralVariable(n)
            } else {
                ResourceMiss::Segment(n)
            }
        };
        let sub = match substitute(p_raw, ctx, subst && !literal_here) {
            Ok(s) => s,
            Err(u) => return miss(ResourceMiss::Unresolved(u), None),
        };
        if let Some(parts) = resolved_parts.as_mut() {
            parts.push(sub.display());
        }
        if i == 2 && has_wildcard(&sub.text, sub.escaped) {
            return miss(ResourceMiss::WildcardInService, None);
        }
        let last_of_short = i == n - 1 && n < 6;
        if last_of_short {
            // The request's remaining segments, colons included.
            let rest_start: usize = req.iter().take(i).map(|s| s.len() + 1).sum();
            let rest = resource.get(rest_start..).unwrap_or("");
            if sub.text.ends_with('*') && glob(&sub.text, rest, opts(&sub)) {
                crossed = true;
                break;
            }
            let seg_ok = glob(&sub.text, req.get(i).copied().unwrap_or(""), opts(&sub));
            let mut m = miss(
                if seg_ok {
                    ResourceMiss::TooShort
                } else {
                    seg_miss(name)
                },
                None,
            );
            m.literal_variable = literal_variable;
            return m;
        }
        let r = req.get(i).copied().unwrap_or("");
        if !glob(&sub.text, r, opts(&sub)) {
            let mut m = miss(seg_miss(name), None);
            m.literal_variable = literal_variable;
            return m;
        }
        if detail && i == 5 && r.contains(':') && sub.text.contains('*') {
            crossed = !subsegments_match(&sub, r);
        }
    }
    let resolved = resolved_parts.map(|parts| {
        let mut s = String::from("arn");
        for p in parts {
            s.push(':');
            s.push_str(&p);
        }
        s
    });
    ResourceMatch {
        miss: None,
        crossed_colon: crossed,
        resolved,
        literal_variable,
    }
}

/// Whether the resource segment also matches when its `:`-separated parts are compared one by
/// one (i.e. without any `*` crossing a colon).
fn subsegments_match(sub: &Substituted<'_>, r: &str) -> bool {
    let p_parts: Vec<&str> = sub.text.split(':').collect();
    let r_parts: Vec<&str> = r.split(':').collect();
    p_parts.len() == r_parts.len()
        && p_parts
            .iter()
            .zip(r_parts.iter())
            .all(|(p, t)| glob(p, t, opts(sub)))
}

/// Whether `raw` can be an `ArnLike`/`ArnEquals` policy value: `*` alone, or six segments
/// starting with `arn` (variables count as written text; a value that is entirely variables
/// is taken as possibly an ARN).
pub fn is_arn_pattern(raw: &str) -> bool {
    if all_stars(raw) {
        return true;
    }
    if raw.starts_with("${") && raw.ends_with('}') {
        return true;
    }
    let (pat, n) = split_segments(raw, true);
    n == 6 && pat.first().copied() == Some("arn")
}

/// `ArnLike` / `ArnEquals`: whether `value` matches the pattern `raw`, segment by segment.
/// The caller checks [`is_arn_pattern`] first: a pattern that is not an ARN is false here.
pub fn arn_like(raw: &str, value: &str, ctx: &Context, subst: bool) -> Result<bool, Unresolved> {
    if all_stars(raw) {
        return Ok(true);
    }
    let Some(val) = parse_arn(value) else {
        return Ok(false);
    };
    let (pat, n) = split_segments(raw, subst);
    if n != 6 || pat.first().copied() != Some("arn") {
        return Ok(false);
    }
    for i in 1..6 {
        let sub = substitute(pat.get(i).copied().unwrap_or(""), ctx, subst)?;
        if !glob(&sub.text, val.get(i).copied().unwrap_or(""), opts(&sub)) {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rm(p: &str, r: &str) -> ResourceMatch {
        match_resource(p, r, &Context::new(), true, true)
    }

    #[test]
    fn star_matches_everything_including_wildcard_requests() {
        assert!(rm("*", "arn:aws:s3:::b").matched());
        assert!(rm("*", "*").matched());
        // F44: a wildcard-only action's resource "*" is matched only by Resource "*".
        assert_eq!(
            rm("arn:aws:s3:::*", "*").miss,
            Some(ResourceMiss::RequestIsWildcard)
        );
    }

    #[test]
    fn f43_resources_are_case_sensitive() {
        assert!(!rm("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x").matched());
        assert!(rm("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/x").matched());
    }

    #[test]
    fn f47_trailing_star_crosses_colons_in_the_resource_segment() {
        let m = rm(
            "arn:aws:logs:*:*:log-group:my-group*",
            "arn:aws:logs:us-east-1:111122223333:log-group:my-group:log-stream:x",
        );
        assert!(m.matched());
        assert!(m.crossed_colon);
        let m = rm(
            "arn:aws:logs:*:*:log-group:*",
            "arn:aws:logs:us-east-1:111122223333:log-group:g",
        );
        assert!(m.matched());
        assert!(!m.crossed_colon);
        // A short pattern's trailing `*` absorbs the remaining segments.
        let m = rm("arn:aws:s3:*", "arn:aws:s3:::bucket");
        assert!(m.matched());
        assert!(m.crossed_colon);
        assert_eq!(
            rm("arn:aws:s3", "arn:aws:s3:::bucket").miss,
            Some(ResourceMiss::TooShort)
        );
    }

    #[test]
    fn f48_no_wildcard_in_the_service_segment() {
        assert_eq!(
            rm("arn:aws:s*:::bucket", "arn:aws:s3:::bucket").miss,
            Some(ResourceMiss::WildcardInService)
        );
        assert_eq!(
            rm("arn:aws:*:*:*:*", "arn:aws:s3:::bucket").miss,
            Some(ResourceMiss::WildcardInService)
        );
        // `*` within other segments is fine; `*` inside a segment crosses `/`.
        assert!(rm(
            "arn:aws:iam::*:user/*",
            "arn:aws:iam::111122223333:user/a/b"
        )
        .matched());
        assert_eq!(
            rm(
                "arn:aws:iam::222222222222:user/*",
                "arn:aws:iam::111122223333:user/a"
            )
            .miss,
            Some(ResourceMiss::Segment("account"))
        );
    }

    #[test]
    fn variables_substitute_per_segment() {
        let mut c = Context::new();
        c.set_str("aws:username", "a:b");
        let m = match_resource(
            "arn:aws:s3:::bucket/${aws:username}/*",
            "arn:aws:s3:::bucket/a:b/x",
            &c,
            true,
            true,
        );
        assert!(m.matched());
        assert_eq!(m.resolved.as_deref(), Some("arn:aws:s3:::bucket/a:b/*"));
        let m = match_resource(
            "arn:aws:s3:::bucket/${aws:userid}/*",
            "arn:aws:s3:::bucket/a/x",
            &c,
            true,
            true,
        );
        assert!(matches!(m.miss, Some(ResourceMiss::Unresolved(_))));
    }

    #[test]
    fn f65_arn_like_is_segment_wise_but_string_like_is_not() {
        let p = "arn:aws:svc:*:111122223333:finance/*";
        let v = "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/doc";
        assert!(!arn_like(p, v, &Context::new(), true).unwrap());
        assert!(glob(p, v, GlobOptions::EXACT));
        assert!(arn_like(
            p,
            "arn:aws:svc:us-east-2:111122223333:finance/doc",
            &Context::new(),
            true
        )
        .unwrap());
        assert!(!arn_like(p, "not-an-arn", &Context::new(), true).unwrap());
    }

    #[test]
    fn special_bytes_anywhere_in_a_resource() {
        assert!(!has_special("arn:aws:s3:::bucket/key.txt"));
        assert!(!has_special(""));
        for c in ["*", "?", "\\", "$"] {
            for at in 0..20 {
                let mut s = "a".repeat(20);
                s.replace_range(at..=at, c);
                assert!(has_special(&s), "{s}");
            }
        }
        // Bytes next to the special ones (and non-ASCII) are not special.
        assert!(!has_special("+>[%#)@~é日本語テキスト"));
    }

    #[test]
    fn segments_split_at_the_first_five_colons() {
        for s in [
            "",
            "a",
            ":",
            "arn:aws:s3:::bucket/key:with:colons",
            "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s",
            "a:b:c:d",
            "0123456789:abcdefghij:0123456789::::",
            "::::::::::::::::",
            "arn:aws:iam::123456789012:user/日本:x",
        ] {
            let mut want = [""; 6];
            let mut n = 0;
            for (slot, part) in want.iter_mut().zip(s.splitn(6, ':')) {
                *slot = part;
                n += 1;
            }
            assert_eq!(split_plain(s), (want, n), "{s}");
            assert_eq!(split_segments(s, true), (want, n), "{s}");
        }
        // Colons inside a variable do not split.
        let (segs, n) = split_segments("arn:aws:s3:::${a:b}/x:y", true);
        assert_eq!(n, 6);
        assert_eq!(segs[5], "${a:b}/x:y");
        // Where the resource part starts.
        for (s, want) in [
            ("arn:aws:s3:::bucket/k", Some(13)),
            ("arn:aws:logs:us-east-1:111122223333:log-group:g", Some(36)),
            ("arn:aws:s3:::", Some(13)),
            ("arn:aws:s3", None),
            ("urn:aws:s3:::bucket", None),
            ("*", None),
        ] {
            assert_eq!(RequestResource::new(s).resource_part_start(), want, "{s}");
        }
    }

    #[test]
    fn both_modes_match_the_same_resources() {
        let mut c = Context::new();
        c.set_str("aws:username", "alice");
        let patterns = [
            "*",
            "arn:aws:s3:::bucket/key",
            "arn:aws:s3:::bucket/ke?",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/${aws:username}",
            "arn:aws:s3:::bucket/${aws:username}/*",
            "arn:aws:s3:::bucket/${aws:userid}",
            "arn:aws:s3:::bucket/a\\",
            "arn:aws:s3:::bucket/$",
            "arn:aws:s3:*",
            "arn:aws:s3",
            "arn:aws:s*:::bucket/key",
            "arn:aws:iam::${aws:username}:user/x",
            "arn:aws:s3:::bucket/ké",
            "bucket/key",
        ];
        let resources = [
            "arn:aws:s3:::bucket/key",
            "arn:aws:s3:::bucket/alice",
            "arn:aws:s3:::bucket/alice/x",
            "arn:aws:s3:::bucket/a\\",
            "arn:aws:s3:::bucket/$",
            "arn:aws:s3:::bucket/kè",
            "arn:aws:s3:::bucket/ké",
            "arn:aws:iam::alice:user/x",
            "bucket/key",
            "*",
        ];
        for p in patterns {
            for r in resources {
                for subst in [true, false] {
                    let rr = RequestResource::new(r);
                    assert_eq!(
                        match_resource_as::<false>(p, &rr, &c, subst).matched(),
                        match_resource_as::<true>(p, &rr, &c, subst).matched(),
                        "{p} {r} {subst}"
                    );
                }
            }
        }
    }

    #[test]
    fn parse_arn_segments() {
        let p = parse_arn("arn:aws:sts::1:assumed-role/R/s").unwrap();
        assert_eq!(p, ["arn", "aws", "sts", "", "1", "assumed-role/R/s"]);
        assert_eq!(parse_arn("arn:aws:iam::123:root").unwrap()[4], "123");
        assert!(parse_arn("arn:aws:s3").is_none());
    }
}
