//! Glob patterns as IAM writes them (`*` any run of characters, `?` one character): matching
//! an action pattern against an action name, and deciding whether one pattern covers another
//! (every string the narrow one matches, the wide one matches too), with a bound on the work
//! a comparison may take.

/// Whether every string matching glob `narrow` also matches glob `wide` (a sound test: `*` in
/// `narrow` is covered only by `*` in `wide`, `?` by `?` or `*`).
#[cfg(test)]
pub(crate) fn covers_pattern(wide: &str, narrow: &str, ignore_case: bool) -> bool {
    covers_pattern_within(wide, narrow, ignore_case, usize::MAX).unwrap_or(false)
}

/// [`covers_pattern`], or `None` when comparing the parts of the patterns between the wide
/// one's first and last wildcards would take more than `budget` steps (the product of their
/// lengths; the literal text around them is compared first, in linear time).
pub(crate) fn covers_pattern_within(
    wide: &str,
    narrow: &str,
    ignore_case: bool,
    budget: usize,
) -> Option<bool> {
    let eq = |a: &str, b: &str| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    // The literal text before the wide pattern's first wildcard and after its last one must
    // be written the same in the narrow pattern; only the middle needs the full comparison.
    let is_wild = |b: &u8| *b == b'*' || *b == b'?';
    let Some(first) = wide.bytes().position(|b| is_wild(&b)) else {
        return Some(eq(wide, narrow));
    };
    let last = wide.bytes().rposition(|b| is_wild(&b)).unwrap_or(first) + 1;
    let suffix_len = wide.len() - last;
    if narrow.len() < first + suffix_len {
        return Some(false);
    }
    let n_mid_end = narrow.len() - suffix_len;
    let parts = (
        wide.get(..first),
        narrow.get(..first),
        wide.get(last..),
        narrow.get(n_mid_end..),
        wide.get(first..last),
        narrow.get(first..n_mid_end),
    );
    let (Some(wp), Some(np), Some(ws), Some(ns), Some(wm), Some(nm)) = parts else {
        return Some(false);
    };
    if !eq(wp, np) || !eq(ws, ns) {
        return Some(false);
    }
    if wm.len().saturating_mul(nm.len().max(1)) > budget {
        return None;
    }
    // `?` covers any one character but `*`; a `*` of the narrow pattern only a `*`.
    if wm.is_ascii() && nm.is_ascii() {
        let fold = |b: u8| {
            if ignore_case {
                b.to_ascii_lowercase()
            } else {
                b
            }
        };
        return Some(glob_by(wm.as_bytes(), nm.as_bytes(), b'*', |wc, nc| {
            if wc == b'?' {
                nc != b'*'
            } else {
                fold(wc) == fold(nc)
            }
        }));
    }
    let norm = |s: &str| -> Vec<char> {
        if ignore_case {
            s.chars().map(|c| c.to_ascii_lowercase()).collect()
        } else {
            s.chars().collect()
        }
    };
    let (w, n) = (norm(wm), norm(nm));
    Some(glob_by(&w, &n, '*', |wc, nc| {
        if wc == '?' {
            nc != '*'
        } else {
            wc == nc
        }
    }))
}

/// Case-insensitive glob match of an action pattern (`*`, `?`) against an action name.
pub(crate) fn action_pattern_matches(pattern: &str, action: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let a: Vec<char> = action.to_ascii_lowercase().chars().collect();
    glob_by(&p, &a, '*', |pc, sc| pc == '?' || pc == sc)
}

/// Glob matching where `star` in `p` matches any run of `s` and every other element of `p`
/// matches one element of `s` when `one(p_elem, s_elem)` holds (backtracking to the last
/// `star`, which is exact when every other token matches exactly one element). Takes at most
/// `p.len() * s.len()` steps.
fn glob_by<T: Copy + PartialEq>(p: &[T], s: &[T], star: T, one: impl Fn(T, T) -> bool) -> bool {
    let (mut pi, mut si) = (0usize, 0usize);
    let mut resume: Option<(usize, usize)> = None;
    while si < s.len() {
        match (p.get(pi).copied(), s.get(si).copied()) {
            (Some(pc), _) if pc == star => {
                resume = Some((pi, si));
                pi += 1;
            }
            (Some(pc), Some(sc)) if one(pc, sc) => {
                pi += 1;
                si += 1;
            }
            _ => match resume {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    resume = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == star))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_case_insensitively() {
        assert!(action_pattern_matches(
            "sts:AssumeRole*",
            "sts:AssumeRoleWithSAML"
        ));
        assert!(action_pattern_matches(
            "STS:assumerolewith?aml",
            "sts:AssumeRoleWithSAML"
        ));
        assert!(action_pattern_matches("*", "sts:AssumeRoleWithSAML"));
        assert!(!action_pattern_matches(
            "sts:AssumeRole",
            "sts:AssumeRoleWithSAML"
        ));
        assert!(!action_pattern_matches(
            "sts:*Web*",
            "sts:AssumeRoleWithSAML"
        ));
    }

    #[test]
    fn pattern_cover_is_sound() {
        assert!(covers_pattern("s3:*", "s3:Get*", true));
        assert!(covers_pattern("s3:Get*", "S3:GETOBJECT", true));
        assert!(covers_pattern("*", "arn:aws:s3:::b/*", false));
        assert!(!covers_pattern("s3:G?", "s3:G*", true));
        assert!(!covers_pattern("s3:Get*", "s3:*", true));
        assert!(!covers_pattern(
            "arn:aws:s3:::B/*",
            "arn:aws:s3:::b/x",
            false
        ));
        assert!(covers_pattern("a?c", "a?c", true));
        assert!(covers_pattern(
            "arn:aws:x:*::/a/*",
            "arn:aws:x:*::/a/*/b",
            false
        ));
        assert!(!covers_pattern(
            "arn:aws:x:*::/a/*/b",
            "arn:aws:x:*::/a/*",
            false
        ));
        assert!(covers_pattern("a*b*c", "a?b1c", true));
        assert!(!covers_pattern("a*bc", "abc*", true));
        assert!(!covers_pattern("ab*", "a", true));
    }

    #[test]
    fn non_ascii_patterns_compare_by_character() {
        // `?` stands for one character, é included (two bytes).
        assert!(covers_pattern(
            "arn:aws:s3:::caf?",
            "arn:aws:s3:::café",
            false
        ));
        assert!(!covers_pattern(
            "arn:aws:s3:::caf??",
            "arn:aws:s3:::café",
            false
        ));
        assert!(covers_pattern("s3:Get?*", "S3:GETé", true));
    }

    #[test]
    fn comparisons_over_budget_are_not_made() {
        let narrow = format!("arn:aws:s3:::b/{}", "a".repeat(1000));
        // The literal text around the wildcards decides without the budget…
        assert_eq!(
            covers_pattern_within("arn:aws:s3:::c/*", &narrow, false, 10),
            Some(false)
        );
        // …the middle needs it: 3 × 1,000 steps here.
        let wide = "arn:aws:s3:::b/*a*";
        assert_eq!(covers_pattern_within(wide, &narrow, false, 2_999), None);
        assert_eq!(
            covers_pattern_within(wide, &narrow, false, 3_000),
            Some(true)
        );
    }
}
