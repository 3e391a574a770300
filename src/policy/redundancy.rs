//! The redundancy suggestions of one `Action` or `Resource` element (Access Analyzer
//! "redundant action" / "redundant resource"): a pattern that another pattern of the same
//! element already covers, or that is listed twice.
//!
//! AWS managed policies list thousands of actions in one statement, so the check avoids
//! comparing every pattern with every other one:
//! - a repeated pattern is found through a hash map of the first time each was written;
//! - only a pattern with a wildcard covers a different one, and only if the text before its
//!   first wildcard begins the covered one: patterns are grouped (the service prefix of an
//!   action, the first three fields of an ARN, as before) and, in a group of many wildcard
//!   patterns, the wildcard patterns are indexed by that literal text, so a pattern is compared
//!   only with the ones that can cover it.
//!
//! What is left (many wildcard patterns beginning with the same text, or two enormous
//! patterns) is bounded by [`MAX_COVER_CANDIDATES`] and [`MAX_COMPARISON_STEPS`]; when a bound
//! stopped the search, a `redundancy-check-limit` suggestion on the element says so. Below the
//! bounds the findings (which pattern, covered by which, in which order) are exactly those of
//! comparing every pair in order.

use super::fold::{Cased, Hashed, HashedMap};
use super::glob::covers_pattern_within;
use super::validate::Ctx;
use crate::diag::Severity;
use crate::source::{Span, Spanned};
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// The most wildcard patterns (those whose text before the first wildcard begins the pattern,
/// in the order written) that are compared with one pattern to find one covering it.
pub const MAX_COVER_CANDIDATES: usize = 64;

/// The most steps one comparison of two patterns may take (the product of the lengths of the
/// parts between the wide pattern's first and last wildcards): patterns of a few thousand
/// characters are compared, megabyte ones are not.
pub const MAX_COMPARISON_STEPS: usize = 1 << 22;

/// Groups with more wildcard patterns than this are indexed by the text before the wildcard.
const SCAN_GROUP_UP_TO: usize = 16;

/// One pattern of the element.
struct Pattern<'a> {
    /// Its text, compared as the element compares (actions ignore case), with its hash.
    value: Hashed<Cased<'a>>,
    /// Its group: the service prefix of an action or the first three ARN fields of a resource;
    /// `None` when that part is missing or has a wildcard.
    group: Hashed<Option<Cased<'a>>>,
    /// The text before its first wildcard, when it has one.
    literal: Option<Cased<'a>>,
}

/// The wildcard patterns of one group, in the order written.
#[derive(Default)]
struct Group<'a> {
    wild: Vec<usize>,
    /// For a large group: its patterns by the text before their first wildcard.
    by_literal: Option<ByLiteral<'a>>,
}

/// Wildcard patterns by the text before their first wildcard, and the lengths of those texts.
struct ByLiteral<'a> {
    patterns: HashMap<Cased<'a>, Vec<usize>>,
    lengths: Vec<usize>,
}

impl<'a> Group<'a> {
    fn index(&mut self, patterns: &[Pattern<'a>]) {
        if self.wild.len() <= SCAN_GROUP_UP_TO {
            return;
        }
        let mut map: HashMap<Cased<'a>, Vec<usize>> = HashMap::new();
        for &j in &self.wild {
            if let Some(literal) = patterns.get(j).and_then(|p| p.literal) {
                map.entry(literal).or_default().push(j);
            }
        }
        let mut lengths: Vec<usize> = map.keys().map(|k| k.text.len()).collect();
        crate::sorting::sort(&mut lengths);
        lengths.dedup();
        self.by_literal = Some(ByLiteral {
            patterns: map,
            lengths,
        });
    }

    /// The first `limit + 1` wildcard patterns of the group (in the order written) whose text
    /// before the first wildcard begins `text`, into `out`.
    fn candidates(
        &self,
        patterns: &[Pattern<'a>],
        text: Cased<'_>,
        limit: usize,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        let begins = |literal: Cased<'_>| {
            text.text.get(..literal.text.len()).is_some_and(|head| {
                Cased {
                    text: head,
                    ignore_case: text.ignore_case,
                } == literal
            })
        };
        match &self.by_literal {
            None => out.extend(
                self.wild
                    .iter()
                    .copied()
                    .filter(|&j| patterns.get(j).and_then(|p| p.literal).is_some_and(&begins)),
            ),
            Some(ByLiteral {
                patterns: map,
                lengths,
            }) => {
                for &len in lengths {
                    let Some(head) = text.text.get(..len) else {
                        if len > text.text.len() {
                            break;
                        }
                        continue;
                    };
                    let key = Cased {
                        text: head,
                        ignore_case: text.ignore_case,
                    };
                    // Each list is in the order written: its first `limit + 1` are enough.
                    if let Some(list) = map.get(&key) {
                        out.extend(list.iter().take(limit + 1));
                    }
                }
                crate::sorting::sort(out);
            }
        }
        out.truncate(limit + 1);
    }
}

/// What the search for a pattern covering another found.
struct Found {
    /// The first pattern (in the order compared) covering it.
    by: Option<usize>,
    /// Whether a bound stopped the search before it was sure `by` is that first one.
    stopped: bool,
}

/// The first pattern of `group` covering pattern `i`, where `equal` is the first pattern
/// written the same as `i` before it (which covers it, wherever it is in the group).
fn search(
    patterns: &[Pattern<'_>],
    group: Option<&Group<'_>>,
    i: usize,
    equal: Option<usize>,
    buf: &mut Vec<usize>,
) -> Found {
    let Some((group, me)) = group.zip(patterns.get(i)) else {
        return Found {
            by: equal,
            stopped: false,
        };
    };
    group.candidates(patterns, me.value.key, MAX_COVER_CANDIDATES, buf);
    let mut stopped = false;
    for (n, &j) in buf.iter().enumerate() {
        if equal.is_some_and(|e| e < j) {
            return Found { by: equal, stopped };
        }
        if n == MAX_COVER_CANDIDATES {
            // More candidates than compared: one not compared may come first.
            return Found {
                by: equal,
                stopped: true,
            };
        }
        let Some(other) = patterns.get(j) else {
            continue;
        };
        // A pattern written the same covers only when written before (that is `equal`).
        if j == i || other.value == me.value {
            continue;
        }
        let (wide, narrow) = (other.value.key, me.value.key);
        match covers_pattern_within(
            wide.text,
            narrow.text,
            narrow.ignore_case,
            MAX_COMPARISON_STEPS,
        ) {
            Some(true) => {
                return Found {
                    by: Some(j),
                    stopped,
                }
            }
            Some(false) => {}
            None => stopped = true,
        }
    }
    Found { by: equal, stopped }
}

fn is_wild(c: char) -> bool {
    c == '*' || c == '?'
}

/// The group of a pattern: the text before the first `:` of an action (`ignore_case`), before
/// the third `:` of a resource; `None` when missing or with a wildcard.
fn group_of(p: &str, ignore_case: bool) -> Option<&str> {
    let end = if ignore_case {
        p.find(':')?
    } else {
        p.match_indices(':').nth(2)?.0
    };
    p.get(..end).filter(|head| !head.contains(is_wild))
}

/// Which patterns another one covers, and how many searches a bound stopped.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Redundancy {
    /// `(i, j)`: pattern `i` is covered by pattern `j` (or is written like `j` before it), in
    /// the order of `i`.
    pub covered: Vec<(usize, usize)>,
    /// How many patterns a bound stopped the search for.
    pub stopped: usize,
}

/// For each pattern, the first other pattern covering it, looked for in its group, then among
/// the wildcard patterns without a group; a pattern written twice is covered by its first.
pub(crate) fn find_redundant(patterns: &[&str], ignore_case: bool) -> Redundancy {
    let mut out = Redundancy::default();
    if patterns.len() < 2 {
        return out;
    }
    let cased = |text| Cased { text, ignore_case };
    // Each value and group is hashed once; the maps below look them up by that hash.
    let state = RandomState::new();
    let list: Vec<Pattern<'_>> = patterns
        .iter()
        .map(|&p| {
            let value = cased(p);
            let group = group_of(p, ignore_case).map(cased);
            Pattern {
                value: Hashed {
                    hash: state.hash_one(value),
                    key: value,
                },
                group: Hashed {
                    hash: state.hash_one(group),
                    key: group,
                },
                literal: p.find(is_wild).and_then(|at| p.get(..at)).map(cased),
            }
        })
        .collect();
    let no_group = Hashed {
        hash: state.hash_one(None::<Cased<'_>>),
        key: None,
    };
    let mut first: HashedMap<Cased<'_>, usize> = HashedMap::default();
    first.reserve(list.len());
    let mut groups: HashedMap<Option<Cased<'_>>, Group<'_>> = HashedMap::default();
    for (i, p) in list.iter().enumerate() {
        first.entry(p.value).or_insert(i);
        if p.literal.is_some() {
            groups.entry(p.group).or_default().wild.push(i);
        }
    }
    for g in groups.values_mut() {
        g.index(&list);
    }
    let mut buf = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let equal = first.get(&p.value).copied().filter(|&e| e < i);
        // Its own group first (a pattern without a group is compared with the others without
        // one), then the wildcard patterns without a group, which may cover anything.
        let mut found = search(&list, groups.get(&p.group), i, equal, &mut buf);
        if found.by.is_none() && p.group.key.is_some() {
            let wide = search(&list, groups.get(&no_group), i, None, &mut buf);
            found = Found {
                by: wide.by,
                stopped: found.stopped || wide.stopped,
            };
        }
        out.stopped += usize::from(found.stopped);
        if let Some(j) = found.by {
            out.covered.push((i, j));
        }
    }
    out
}

/// Suggests removing each pattern that another pattern of the same element covers. `span` is
/// the element's value (where a `redundancy-check-limit` note goes).
pub(crate) fn check_redundant(
    cx: &mut Ctx<'_>,
    patterns: &[Spanned<String>],
    span: Span,
    what: &str,
    ignore_case: bool,
) {
    if patterns.len() < 2 {
        return;
    }
    let texts: Vec<&str> = patterns.iter().map(|p| p.value.as_str()).collect();
    let found = find_redundant(&texts, ignore_case);
    for (i, j) in found.covered {
        let (Some(a), Some(b)) = (patterns.get(i), patterns.get(j)) else {
            continue;
        };
        let message = if b.value == a.value {
            format!("redundant {what}: `{}` is listed twice", a.value)
        } else {
            format!(
                "redundant {what}: `{}` is covered by `{}`",
                a.value, b.value
            )
        };
        cx.emit(
            Severity::Suggestion,
            &format!("redundant-{what}"),
            message,
            format!(
                "remove `{}`; the statement matches the same {what}s without it",
                a.value
            ),
            a.span,
        );
    }
    if found.stopped > 0 {
        cx.emit(
            Severity::Suggestion,
            "redundancy-check-limit",
            format!(
                "the redundant {what} check stopped looking for {} of the {} {what}s: each is compared with at most {MAX_COVER_CANDIDATES} wildcard patterns beginning with the same text, and two patterns only when comparing them takes at most {MAX_COMPARISON_STEPS} steps",
                found.stopped,
                patterns.len()
            ),
            format!(
                "the redundant {what} findings reported are right, but one covered only by a pattern not compared is not reported; to check every {what}, split the statement or write fewer wildcard patterns beginning with the same text"
            ),
            span,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::glob::covers_pattern;

    /// The check as first written: every pattern compared with every pattern of its group,
    /// then with every pattern without a group, in order.
    fn pairwise(patterns: &[&str], ignore_case: bool) -> Vec<(usize, usize)> {
        fn group(p: &str, ignore_case: bool) -> Option<Cased<'_>> {
            group_of(p, ignore_case).map(|text| Cased { text, ignore_case })
        }
        let groups: Vec<Option<Cased<'_>>> =
            patterns.iter().map(|p| group(p, ignore_case)).collect();
        let wide: Vec<usize> = (0..patterns.len())
            .filter(|&j| groups[j].is_none())
            .collect();
        let mut out = Vec::new();
        for (i, a) in patterns.iter().enumerate() {
            let own: Vec<usize> = match groups[i] {
                Some(g) => (0..patterns.len())
                    .filter(|&j| groups[j] == Some(g))
                    .collect(),
                None => Vec::new(),
            };
            let by = own.iter().chain(&wide).copied().find(|&j| {
                let b = patterns[j];
                let same = if ignore_case {
                    a.eq_ignore_ascii_case(b)
                } else {
                    *a == b
                };
                if same {
                    j < i
                } else {
                    j != i && covers_pattern(b, a, ignore_case)
                }
            });
            if let Some(j) = by {
                out.push((i, j));
            }
        }
        out
    }

    /// A deterministic pseudo-random sequence (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below as u64) as usize
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.next(from.len())]
        }
    }

    fn action(rng: &mut Rng) -> String {
        let service = rng.pick(&["s3", "S3", "ec2", "iam", "*", "s?", ""]);
        let name = rng.pick(&[
            "GetObject",
            "getobject",
            "Get*",
            "G?t*",
            "*",
            "*Object",
            "List*",
            "Put?bject",
            "GetObject*",
            "é",
            "?",
            "Get*Acl",
            "GetObjectAcl",
            "",
        ]);
        match rng.next(8) {
            0 => name.to_string(),
            _ => format!("{service}:{name}"),
        }
    }

    fn resource(rng: &mut Rng) -> String {
        let service = rng.pick(&["s3", "S3", "ec2", "*", ""]);
        let bucket = rng.pick(&["b", "B", "b?", "bucket", "*", "café", "caf?"]);
        let key = rng.pick(&["", "/*", "/a", "/a/*", "/?", "/*/x", "/a*b"]);
        match rng.next(10) {
            0 => "*".to_string(),
            1 => format!("arn:aws:{service}"),
            _ => format!("arn:aws:{service}:::{bucket}{key}"),
        }
    }

    #[test]
    fn findings_are_those_of_comparing_every_pair() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            // Small lists (scanned groups) and large ones (groups indexed by literal text).
            let n = if round % 4 == 0 {
                40 + rng.next(80)
            } else {
                rng.next(12)
            };
            for ignore_case in [true, false] {
                let owned: Vec<String> = (0..n)
                    .map(|_| {
                        if ignore_case {
                            action(&mut rng)
                        } else {
                            resource(&mut rng)
                        }
                    })
                    .collect();
                let patterns: Vec<&str> = owned.iter().map(String::as_str).collect();
                let found = find_redundant(&patterns, ignore_case);
                assert_eq!(found.stopped, 0, "{patterns:?}");
                assert_eq!(
                    found.covered,
                    pairwise(&patterns, ignore_case),
                    "{patterns:?}"
                );
            }
        }
    }

    #[test]
    fn many_buckets_with_their_own_wildcards_are_compared_exactly() {
        // A bucket policy listing hundreds of buckets: one large group, indexed.
        let owned: Vec<String> = (0..600)
            .flat_map(|i| {
                [
                    format!("arn:aws:s3:::bucket{i}/*"),
                    format!("arn:aws:s3:::bucket{i}/key"),
                    format!("arn:aws:s3:::bucket{i}"),
                ]
            })
            .collect();
        let patterns: Vec<&str> = owned.iter().map(String::as_str).collect();
        let found = find_redundant(&patterns, false);
        assert_eq!(found.stopped, 0);
        assert_eq!(found.covered, pairwise(&patterns, false));
        assert_eq!(found.covered.len(), 600);
    }

    #[test]
    fn a_bound_that_stops_the_search_is_counted() {
        // 100 wildcard patterns beginning with the same text and covering nothing, then one
        // pattern covered only by the last of them.
        let mut owned: Vec<String> = (0..100).map(|i| format!("s3:*Nothing{i}")).collect();
        owned.push("s3:*Object".to_string());
        owned.push("s3:GetObject".to_string());
        owned.push("s3:GetObject".to_string());
        let patterns: Vec<&str> = owned.iter().map(String::as_str).collect();
        let found = find_redundant(&patterns, true);
        // The first `s3:GetObject` was compared with 64 of them and stopped; the second is
        // still reported (written twice), but may have been covered by a pattern before; and
        // each wildcard pattern was compared with 64 of the others.
        assert_eq!(found.covered, vec![(102, 101)]);
        assert_eq!(found.stopped, 103);
        // Every pair compared would have found `s3:*Object` for both.
        assert_eq!(pairwise(&patterns, true), vec![(101, 100), (102, 100)]);
    }

    #[test]
    fn enormous_patterns_are_not_compared() {
        let long = format!("arn:aws:s3:::b/{}", "a".repeat(5_000));
        let wide = format!("arn:aws:s3:::b/*{}*", "a".repeat(1_000));
        let found = find_redundant(&[&wide, &long], false);
        assert_eq!(
            found,
            Redundancy {
                covered: vec![],
                stopped: 1
            }
        );
        // `*` takes no work to compare: it covers the long one.
        let found = find_redundant(&["*", &long], false);
        assert_eq!(found.covered, vec![(1, 0)]);
        assert_eq!(found.stopped, 0);
    }
}
