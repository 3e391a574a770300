//! Whether a `Resource` pattern of a policy could name a resource of a given type: the
//! pattern (with `*`, `?` and policy variables) and the type's ARN format (with placeholders
//! such as `${BucketName}`) have a string in common.
//!
//! Both sides are read as wildcard patterns: `*`, a policy variable and a placeholder match any
//! run of characters, `?` one character; letters compare ignoring ASCII case. The reading is
//! lenient (the findings this feeds must not fire on a pattern that could match), with one
//! exception that carries the common mistakes: the placeholders that AWS's ARN formats use for
//! fields that never hold `:` or `/` (`${Partition}`, `${Region}`, `${Account}`, and S3's
//! `${BucketName}`) do not match those characters, so `arn:aws:s3:::bucket/*` is not a bucket. The comparison walks pairs of positions,
//! at most the product of the two lengths; past [`BUDGET`] it answers "could match".

/// The most position pairs one comparison visits before answering "could match".
pub const BUDGET: usize = 1 << 20;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Lit(u8),
    One,
    Star,
    /// A placeholder for one field: any run of characters but `:` and `/`.
    Field,
}

/// Placeholders of ARN formats that stand for one field (no `:`, no `/`).
const FIELDS: &[&str] = &["${Partition}", "${Region}", "${Account}", "${BucketName}"];

fn tokens(pattern: &str) -> Vec<Tok> {
    let bytes = pattern.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'$' && bytes.get(i + 1) == Some(&b'{') {
            if let Some(close) = bytes
                .get(i..)
                .and_then(|r| r.iter().position(|c| *c == b'}'))
            {
                let name = pattern.get(i..=i + close).unwrap_or_default();
                if FIELDS.contains(&name) {
                    out.push(Tok::Field);
                } else if out.last() != Some(&Tok::Star) {
                    out.push(Tok::Star);
                }
                i += close + 1;
                continue;
            }
        }
        match b {
            b'*' => {
                if out.last() != Some(&Tok::Star) {
                    out.push(Tok::Star);
                }
            }
            b'?' => out.push(Tok::One),
            _ => out.push(Tok::Lit(b.to_ascii_lowercase())),
        }
        i += 1;
    }
    out
}

/// Whether some ARN matches both `pattern` (a policy's `Resource` entry) and `format` (a
/// resource type's ARN format from the catalogue).
pub fn could_match(pattern: &str, format: &str) -> bool {
    let a = tokens(pattern);
    let b = tokens(format);
    if a.len().saturating_mul(b.len()) > BUDGET {
        return true;
    }
    // reach[j] for the current i: (i, j) is reachable. Stars can absorb the other side's
    // symbols one at a time or match nothing.
    let width = b.len() + 1;
    let mut reach = vec![false; width * (a.len() + 1)];
    let at = |i: usize, j: usize| i * width + j;
    if let Some(r) = reach.get_mut(0) {
        *r = true;
    }
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            if !reach.get(at(i, j)).copied().unwrap_or(false) {
                continue;
            }
            let ta = a.get(i).copied();
            let tb = b.get(j).copied();
            let mut mark = |ii: usize, jj: usize| {
                if let Some(r) = reach.get_mut(at(ii, jj)) {
                    *r = true;
                }
            };
            // A star or field on one side absorbs the other side's next symbol (a field only
            // one that can be neither `:` nor `/`), or ends (matches nothing more).
            let absorbs = |wide: Tok, other: Option<Tok>| match (wide, other) {
                (Tok::Star, Some(_)) => true,
                (Tok::Field, Some(Tok::Lit(c))) => c != b':' && c != b'/',
                (Tok::Field, Some(_)) => true,
                _ => false,
            };
            let wide = |t: Option<Tok>| matches!(t, Some(Tok::Star | Tok::Field));
            if let Some(x) = ta.filter(|t| wide(Some(*t))) {
                mark(i + 1, j);
                if absorbs(x, tb) {
                    mark(i, j + 1);
                }
            }
            if let Some(y) = tb.filter(|t| wide(Some(*t))) {
                mark(i, j + 1);
                if absorbs(y, ta) {
                    mark(i + 1, j);
                }
            }
            if let (Some(x), Some(y)) = (ta, tb) {
                let step = match (x, y) {
                    (Tok::Lit(p), Tok::Lit(q)) => p == q,
                    (Tok::One, Tok::One) | (Tok::One, Tok::Lit(_)) | (Tok::Lit(_), Tok::One) => {
                        true
                    }
                    _ => false,
                };
                if step {
                    mark(i + 1, j + 1);
                }
            }
        }
    }
    reach.get(at(a.len(), b.len())).copied().unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::could_match;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";

    #[test]
    fn a_pattern_and_a_format_meet_where_some_arn_fits_both() {
        assert!(could_match("arn:aws:s3:::bucket", BUCKET));
        assert!(could_match("arn:aws:s3:::bucket/*", OBJECT));
        assert!(could_match("*", BUCKET));
        assert!(could_match("arn:aws:s3:::*", OBJECT));
        assert!(could_match("arn:aws:s3:::home/${aws:username}/*", OBJECT));
        assert!(could_match("ARN:AWS:S3:::b", BUCKET));
        assert!(could_match("arn:aws:s3:::b?", BUCKET));
        // A bucket name has no `/`: `bucket/*` names objects, not the bucket.
        assert!(!could_match("arn:aws:s3:::bucket/*", BUCKET));
        assert!(could_match("arn:aws:s3:::bucket*", BUCKET));
        // An object name may hold `/`.
        assert!(could_match("arn:aws:s3:::bucket/a/b/c.txt", OBJECT));
        // A policy variable may stand for anything.
        assert!(could_match("arn:aws:s3:::${aws:username}", BUCKET));
        assert!(!could_match("arn:aws:s3:::bucket", OBJECT));
        assert!(!could_match("arn:aws:iam::111122223333:role/x", BUCKET));
        assert!(!could_match(
            "arn:aws:s3:::b",
            "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}"
        ));
    }
}
