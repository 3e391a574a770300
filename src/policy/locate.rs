//! Finding what a span of a policy's text is part of: the JSON path of the deepest value (or
//! member key) covering it, and the child of an object or array that covers it.
//!
//! The members of an object and the items of an array are in document order and never
//! overlap (a `,` or `:` always separates them), so the only child that can cover a span is
//! the last one starting at or before it: a binary search. Placing a finding costs the depth
//! of the tree times the logarithm of the widest object or array, not a scan of every
//! statement before it (which made findings in large policies cost quadratic time).

use crate::json::{JsonNode, JsonPath, JsonValue};
use crate::source::Span;

/// Whether `outer` covers `inner`.
pub(crate) fn covers(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The index of the only item of `items` that can cover `target`: the last one starting at or
/// before it. The caller still checks that it covers.
fn candidate<T>(items: &[T], start_of: impl Fn(&T) -> u32, target: Span) -> Option<usize> {
    items
        .partition_point(|item| start_of(item) <= target.start)
        .checked_sub(1)
}

/// What covers `target` among a node's children.
pub(crate) enum Child<'a> {
    /// The key of an object member (its name).
    Key(&'a str),
    /// The value of an object member (its name, and the value).
    Member(&'a str, &'a JsonNode),
    /// The array item at this index.
    Item(usize, &'a JsonNode),
}

/// The child of `node` (a member key, a member value or an array item) covering `target`, if
/// any. A member's key is preferred to its value (they cannot both cover one span).
pub(crate) fn child_covering(node: &JsonNode, target: Span) -> Option<Child<'_>> {
    match &node.value {
        JsonValue::Object(members) => {
            let i = candidate(members, |(k, _)| k.span.start, target)?;
            let (k, v) = members.get(i)?;
            if covers(k.span, target) {
                Some(Child::Key(&k.name))
            } else if covers(v.span, target) {
                Some(Child::Member(&k.name, v))
            } else {
                None
            }
        }
        JsonValue::Array(items) => {
            let i = candidate(items, |v| v.span.start, target)?;
            let v = items.get(i)?;
            covers(v.span, target).then_some(Child::Item(i, v))
        }
        _ => None,
    }
}

/// The JSON path of the deepest value (or member key) whose span covers `target`.
pub fn locate(root: &JsonNode, target: Span) -> JsonPath {
    let mut path = JsonPath::root();
    let mut node = root;
    loop {
        match child_covering(node, target) {
            Some(Child::Key(name)) => return path.key(name),
            Some(Child::Member(name, v)) => {
                path = path.key(name);
                node = v;
            }
            Some(Child::Item(i, v)) => {
                path = path.index(i);
                node = v;
            }
            None => return path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    /// The first child covering `target`, found by scanning every child in order.
    fn scan(root: &JsonNode, target: Span) -> JsonPath {
        let mut path = JsonPath::root();
        let mut node = root;
        'descend: loop {
            match &node.value {
                JsonValue::Object(members) => {
                    for (k, v) in members {
                        if covers(k.span, target) {
                            return path.key(&k.name);
                        }
                        if covers(v.span, target) {
                            path = path.key(&k.name);
                            node = v;
                            continue 'descend;
                        }
                    }
                    return path;
                }
                JsonValue::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        if covers(v.span, target) {
                            path = path.index(i);
                            node = v;
                            continue 'descend;
                        }
                    }
                    return path;
                }
                _ => return path,
            }
        }
    }

    #[test]
    fn every_span_is_located_as_a_scan_of_every_child_locates_it() {
        let text =
            r#" {"a": [1, {"b" : "x", "c":[[], {}, "y"]}, "z"], "d": {"e": null}, "a": true} "#;
        let root = json::parse(text).node.unwrap();
        for start in 0..=text.len() {
            for end in start..=text.len() {
                let span = Span::new(start, end);
                assert_eq!(locate(&root, span), scan(&root, span), "{start}..{end}");
            }
        }
    }

    #[test]
    fn keys_values_and_items_have_their_paths() {
        let text = r#"{"Statement": [{"Sid": "A"}, {"Sid": "B"}]}"#;
        let root = json::parse(text).node.unwrap();
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            locate(&root, Span::new(i, i + s.len())).to_string()
        };
        assert_eq!(at("\"B\""), "$.Statement[1].Sid");
        assert_eq!(at("\"Statement\""), "$.Statement");
        assert_eq!(at("{\"Sid\": \"B\"}"), "$.Statement[1]");
        assert_eq!(locate(&root, Span::new(0, text.len())).to_string(), "$");
    }
}
