//! IAM wildcard matching: `*` (any run of characters, possibly empty) and `?` (exactly one
//! character), as used in `Action`, `Resource`, `StringLike` and `ArnLike`.
//!
//! Actions compare case-insensitively (ASCII, as AWS action names are ASCII); resources and
//! `StringLike` compare case-sensitively. A pattern produced by policy-variable substitution
//! is *escaped*: `\*`, `\?` and `\\` stand for the literal characters (so `${*}` is a literal
//! `*`, A.6); plain patterns have no escapes. Matching never allocates. [`RequestAction`] reads
//! a request's action once to match it against many `Action` patterns.

/// How a pattern is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobOptions {
    /// Compare ASCII letters case-insensitively (actions, `StringEqualsIgnoreCase`).
    pub ignore_case: bool,
    /// The pattern uses `\` escapes (it came out of variable substitution).
    pub escaped: bool,
}

impl GlobOptions {
    /// Case-sensitive, unescaped (resources, `StringLike`).
    pub const EXACT: GlobOptions = GlobOptions {
        ignore_case: false,
        escaped: false,
    };
    /// Case-insensitive, unescaped (actions).
    pub const IGNORE_CASE: GlobOptions = GlobOptions {
        ignore_case: true,
        escaped: false,
    };
}

#[derive(Clone, Copy)]
enum Tok {
    Star,
    One,
    Lit(char),
}

/// Reads the pattern token at byte `i`; returns it and the byte length it used.
fn tok_at(p: &str, i: usize, escaped: bool) -> Option<(Tok, usize)> {
    let rest = p.get(i..)?;
    let mut chars = rest.chars();
    let c = chars.next()?;
    match c {
        '*' => Some((Tok::Star, 1)),
        '?' => Some((Tok::One, 1)),
        '\\' if escaped => match chars.next() {
            Some(n) => Some((Tok::Lit(n), 1 + n.len_utf8())),
            None => Some((Tok::Lit('\\'), 1)),
        },
        _ => Some((Tok::Lit(c), c.len_utf8())),
    }
}

fn char_at(t: &str, j: usize) -> Option<char> {
    t.get(j..).and_then(|r| r.chars().next())
}

fn same(a: char, b: char, ignore_case: bool) -> bool {
    a == b || (ignore_case && a.eq_ignore_ascii_case(&b))
}

/// Whether `text` matches the wildcard `pattern`.
///
/// The classic linear algorithm with one backtrack point: every `*` can absorb any
/// character, so retrying from the last `*` is enough (O(|p|·|t|) worst case).
pub fn glob(pattern: &str, text: &str, opts: GlobOptions) -> bool {
    if !opts.escaped {
        // Fast paths, for any text: no wildcard (equality), or one trailing `*` (prefix). A
        // byte-wise ASCII case fold compares non-ASCII bytes exactly, as the character-wise
        // match does, and equal bytes end at a character boundary of both strings.
        let (p, t) = (pattern.as_bytes(), text.as_bytes());
        let eq = |a: &[u8], b: &[u8]| {
            if opts.ignore_case {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        match p.iter().position(|b| *b == b'*' || *b == b'?') {
            None => return eq(p, t),
            Some(i) if i + 1 == p.len() && p.get(i) == Some(&b'*') => {
                return match (p.get(..i), t.get(..i)) {
                    (Some(pp), Some(tp)) => eq(pp, tp),
                    _ => false,
                };
            }
            _ => {}
        }
    }
    if text.is_ascii() {
        return glob_ascii(pattern.as_bytes(), text.as_bytes(), opts);
    }
    glob_chars(pattern, text, opts)
}

/// [`glob`] for an ASCII text: byte steps (a `?` is one byte = one character).
fn glob_ascii(p: &[u8], t: &[u8], opts: GlobOptions) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut backtrack: Option<(usize, usize)> = None;
    loop {
        let tc = t.get(ti).copied();
        let pc = p.get(pi).copied();
        match (pc, tc) {
            (Some(b'*'), _) => {
                pi += 1;
                backtrack = Some((pi, ti));
                continue;
            }
            (Some(b'?'), Some(_)) => {
                pi += 1;
                ti += 1;
                continue;
            }
            (Some(b'\\'), Some(c)) if opts.escaped => {
                let lit = p.get(pi + 1).copied();
                let (l, n) = match lit {
                    Some(l) => (l, 2),
                    None => (b'\\', 1),
                };
                if l == c || (opts.ignore_case && l.eq_ignore_ascii_case(&c)) {
                    pi += n;
                    ti += 1;
                    continue;
                }
            }
            (Some(l), Some(c))
                if (l != b'\\' || !opts.escaped)
                    && (l == c || (opts.ignore_case && l.eq_ignore_ascii_case(&c))) =>
            {
                pi += 1;
                ti += 1;
                continue;
            }
            (None, None) => return true,
            _ => {}
        }
        match backtrack {
            Some((bp, bt)) if bt < t.len() => {
                backtrack = Some((bp, bt + 1));
                pi = bp;
                ti = bt + 1;
            }
            _ => return false,
        }
    }
}

/// The length of the common prefix of two byte strings (eight bytes at a time).
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0usize;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let (Ok(xa), Ok(ya)) = (<[u8; 8]>::try_from(x), <[u8; 8]>::try_from(y)) else {
            break;
        };
        let d = u64::from_le_bytes(xa) ^ u64::from_le_bytes(ya);
        if d != 0 {
            return n + (d.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    let rest_a = a.get(n..).unwrap_or(&[]);
    let rest_b = b.get(n..).unwrap_or(&[]);
    n + rest_a
        .iter()
        .zip(rest_b.iter())
        .take_while(|(x, y)| x == y)
        .count()
}

fn is_wildcard(c: u8) -> bool {
    c == b'*' || c == b'?'
}

/// Whether any byte of `s` is one of `set`, eight bytes at a time (a word holds byte `b`
/// when the word XOR `b…b` has a zero byte).
#[inline]
pub fn has_any_byte(s: &[u8], set: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let Ok(w) = <[u8; 8]>::try_from(c) else {
            return c.iter().any(|b| set.contains(b));
        };
        let x = u64::from_le_bytes(w);
        let mut hit = 0u64;
        for &b in set {
            let y = x ^ (ONES * u64::from(b));
            hit |= y.wrapping_sub(ONES) & !y;
        }
        if hit & HIGHS != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|b| set.contains(b))
}

/// The request's action, read once per request for matching against `Action` patterns.
#[derive(Debug, Clone, Copy)]
pub struct RequestAction<'r> {
    text: &'r str,
    /// The action has no `*` or `?` (as every real action name): bytes it shares with a
    /// pattern are then never wildcards, and can be compared eight at a time.
    plain: bool,
}

impl<'r> RequestAction<'r> {
    /// Reads `action` once.
    pub fn new(action: &'r str) -> Self {
        RequestAction {
            text: action,
            plain: !has_any_byte(action.as_bytes(), b"*?"),
        }
    }

    /// Whether the action matches the `Action` pattern (ASCII case-insensitive, F41, F42):
    /// the literal head of the pattern is compared first, then [`glob`] takes the rest.
    #[inline(always)]
    pub fn matches(&self, pattern: &str) -> bool {
        let (p, t) = (pattern.as_bytes(), self.text.as_bytes());
        // A pattern that ends in a literal character matches only actions that end in it.
        if let (Some(&pl), Some(&tl)) = (p.last(), t.last()) {
            if pl != tl && !is_wildcard(pl) && !((pl ^ tl) == 0x20 && pl.is_ascii_alphabetic()) {
                return false;
            }
        }
        // Equal bytes first (a plain action's equal bytes are literal, not wildcards).
        let mut i = if self.plain { common_prefix(p, t) } else { 0 };
        loop {
            let Some(&c) = p.get(i) else {
                // The whole pattern is literal and matched: the action must end here too.
                return i == t.len();
            };
            if is_wildcard(c) {
                break;
            }
            match t.get(i) {
                // Equal bytes, or ASCII letters differing only in case (non-ASCII bytes
                // compare exactly: IAM action names are ASCII).
                Some(&a) if a == c || ((a ^ c) == 0x20 && a.is_ascii_alphabetic()) => i += 1,
                // A different byte, or the action ended inside the pattern's literal head.
                _ => return false,
            }
        }
        // `p[i]` is a wildcard; one trailing `*` matches whatever remains.
        if p.get(i) == Some(&b'*') && i + 1 == p.len() {
            return true;
        }
        match (pattern.get(i..), self.text.get(i..)) {
            (Some(pr), Some(tr)) => glob(pr, tr, GlobOptions::IGNORE_CASE),
            _ => glob(pattern, self.text, GlobOptions::IGNORE_CASE),
        }
    }
}

/// Whether `action` matches the `Action` pattern (ASCII case-insensitive, F41, F42); see
/// [`RequestAction::matches`] to match many patterns against one action.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    RequestAction::new(action).matches(pattern)
}

/// The literal text a pattern must start with (up to its first wildcard, escape or `${`).
pub fn literal_prefix(pattern: &str) -> &str {
    let end = pattern
        .bytes()
        .position(|b| matches!(b, b'*' | b'?' | b'\\' | b'$'))
        .unwrap_or(pattern.len());
    pattern.get(..end).unwrap_or("")
}

fn glob_chars(pattern: &str, text: &str, opts: GlobOptions) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    // (pattern index after the star, text index the star's run ends at)
    let mut backtrack: Option<(usize, usize)> = None;
    loop {
        let tc = char_at(text, ti);
        let pt = tok_at(pattern, pi, opts.escaped);
        match (pt, tc) {
            (Some((Tok::Star, n)), _) => {
                pi += n;
                backtrack = Some((pi, ti));
                continue;
            }
            (Some((Tok::One, n)), Some(c)) => {
                pi += n;
                ti += c.len_utf8();
                continue;
            }
            (Some((Tok::Lit(l), n)), Some(c)) if same(l, c, opts.ignore_case) => {
                pi += n;
                ti += c.len_utf8();
                continue;
            }
            (None, None) => return true,
            _ => {}
        }
        // Mismatch: let the last star absorb one more character.
        match backtrack {
            Some((bp, bt)) => match char_at(text, bt) {
                Some(c) => {
                    let nt = bt + c.len_utf8();
                    backtrack = Some((bp, nt));
                    pi = bp;
                    ti = nt;
                }
                None => return false,
            },
            None => return false,
        }
    }
}

/// Whether the pattern has any wildcard (`*` or `?`; escaped ones do not count).
pub fn has_wildcard(pattern: &str, escaped: bool) -> bool {
    let mut i = 0;
    while let Some((t, n)) = tok_at(pattern, i, escaped) {
        if matches!(t, Tok::Star | Tok::One) {
            return true;
        }
        i += n;
    }
    false
}

/// Appends `s` to `out` with `\`, `*` and `?` escaped (for substituted variable values).
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '?') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Appends raw pattern text to an escaped pattern: wildcards stay wildcards, a literal
/// backslash is escaped.
pub fn push_raw_into(out: &mut String, s: &str) {
    for c in s.chars() {
        if c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Removes the escapes of an escaped pattern (for display).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        glob(p, t, GlobOptions::EXACT)
    }

    #[test]
    fn star_and_question_mark() {
        // F42: `s3:Get*` matches `s3:GetObject`; `s3:*Object*` matches `s3:PutObjectAcl`.
        assert!(glob("s3:Get*", "s3:GetObject", GlobOptions::IGNORE_CASE));
        assert!(glob(
            "s3:*Object*",
            "s3:PutObjectAcl",
            GlobOptions::IGNORE_CASE
        ));
        // `?` matches exactly one character.
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(!m("a?c", "abbc"));
        assert!(m("*", ""));
        assert!(m("*", "anything:at/all"));
        assert!(!m("", "x"));
        assert!(m("", ""));
        assert!(m("a*b*c", "aXXbYYc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(m("*a*a*a*b", "aaaaaaaaaaaab"));
        assert!(!m("*a*a*a*b", "aaaaaaaaaaaaa"));
    }

    #[test]
    fn case_rules() {
        // F41: actions are case-insensitive; F43: resources are case-sensitive.
        assert!(glob(
            "IAM:ListAccessKeys",
            "iam:listaccesskeys",
            GlobOptions::IGNORE_CASE
        ));
        assert!(!m("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x"));
    }

    #[test]
    fn ascii_and_unicode_paths_agree() {
        for (p, t) in [
            ("a*b?c", "aXXbYc"),
            ("a*b?c", "abc"),
            ("*", ""),
            ("a\\*", "a*"),
            ("**a", "ba"),
            ("s3:Get*", "S3:getobject"),
        ] {
            for o in [GlobOptions::EXACT, GlobOptions::IGNORE_CASE] {
                assert_eq!(
                    glob_ascii(p.as_bytes(), t.as_bytes(), o),
                    glob_chars(p, t, o),
                    "{p} {t}"
                );
            }
        }
        let e = GlobOptions {
            ignore_case: false,
            escaped: true,
        };
        assert!(glob_ascii(b"a\\*", b"a*", e));
        assert!(!glob_ascii(b"a\\*", b"ab", e));
        assert_eq!(literal_prefix("arn:aws:s3:::b*"), "arn:aws:s3:::b");
        for (p, t, want) in [
            ("s3:Get*", "S3:GETOBJECT", true),
            ("s3:Get*", "s3:Ge", false),
            ("s3:GetObject", "s3:GetObjectAcl", false),
            ("s3:*Object*", "s3:PutObjectAcl", true),
            ("*", "x:y", true),
            ("ec2:Describe?pcs", "ec2:DescribeVpcs", true),
            ("IAM:ListAccessKeys", "iam:listaccesskeys", true),
            ("s3:Get[", "s3:Get{", false),
            ("s3:Get@", "s3:Get`", false),
            ("é*", "é1", true),
        ] {
            assert_eq!(action_matches(p, t), want, "{p} {t}");
            assert_eq!(glob(p, t, GlobOptions::IGNORE_CASE), want, "{p} {t}");
        }
        assert_eq!(literal_prefix("home/${x}"), "home/");
    }

    #[test]
    fn common_prefix_lengths() {
        assert_eq!(
            common_prefix(b"arn:aws:s3:::decoy", b"arn:aws:s3:::bucket"),
            13
        );
        assert_eq!(common_prefix(b"abc", b"abc"), 3);
        assert_eq!(common_prefix(b"abcdefghij", b"abcdefghiX"), 9);
        assert_eq!(common_prefix(b"abcdefgh", b"abcdefgh12"), 8);
        assert_eq!(common_prefix(b"", b"x"), 0);
        assert_eq!(common_prefix(b"Xbcdefghij", b"abcdefghij"), 0);
    }

    #[test]
    fn any_byte_of_a_set_anywhere() {
        let set = b"*?\\$";
        assert!(!has_any_byte(b"arn:aws:s3:::bucket/key.txt", set));
        assert!(!has_any_byte(b"", set));
        for c in set {
            for at in 0..20 {
                let mut s = vec![b'a'; 20];
                s[at] = *c;
                assert!(has_any_byte(&s, set), "{c} at {at}");
            }
        }
        // Neighbouring and non-ASCII bytes are not in the set.
        assert!(!has_any_byte("+>[%#)@~é日本語テキスト".as_bytes(), set));
    }

    #[test]
    fn a_request_action_with_wildcard_characters_compares_them_as_wildcards() {
        // Real actions have none; an action text that does still matches as before.
        assert!(action_matches("s3:Get*", "s3:Get*"));
        assert!(action_matches("s3:*", "s3:?"));
        assert!(!action_matches("s3:Get", "s3:Ge*"));
        assert!(action_matches("S3:GETOBJECT", "s3:getobject"));
        assert!(action_matches("s3:getobject*", "S3:GetObjectAcl"));
        assert!(!action_matches("s3:GetObjectAclX", "s3:GetObjectAcl"));
        // The last character compares as the others do.
        assert!(action_matches("s3:GetObjecT", "s3:getobject"));
        assert!(!action_matches("s3:Get[", "s3:Get{"));
        assert!(!action_matches("s3:Geté", "s3:GetÉ"));
        assert!(action_matches("s3:Get?", "s3:GetX"));
    }

    #[test]
    fn literal_and_prefix_patterns_match_as_the_general_algorithm_does() {
        for (p, t) in [
            ("é*", "éa"),
            ("É", "é"),
            ("abc*", "abcé"),
            ("ab", "aé"),
            ("*", "日本"),
            ("日*", "日本"),
            ("本*", "日本"),
            ("S3:GET*", "s3:getObject"),
            ("s3:GetObject", "S3:GETOBJECT"),
            ("", ""),
            ("x*", ""),
        ] {
            for o in [GlobOptions::EXACT, GlobOptions::IGNORE_CASE] {
                assert_eq!(glob(p, t, o), glob_chars(p, t, o), "{p} {t} {o:?}");
            }
        }
    }

    #[test]
    fn question_mark_is_one_character_not_one_byte() {
        assert!(m("caf?", "café"));
        assert!(m("?😀?", "a😀b"));
    }

    #[test]
    fn escaped_wildcards_are_literal() {
        let mut p = String::new();
        push_raw_into(&mut p, "home/");
        escape_into(&mut p, "a*b");
        push_raw_into(&mut p, "/*");
        let o = GlobOptions {
            ignore_case: false,
            escaped: true,
        };
        assert!(glob(&p, "home/a*b/x", o));
        assert!(!glob(&p, "home/aXb/x", o));
        assert!(!has_wildcard("a\\*", true));
        assert!(has_wildcard("a*", false));
        assert_eq!(unescape(&p), "home/a*b/*");
    }
}
