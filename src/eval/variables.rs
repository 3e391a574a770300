//! Policy variables (A.6): `${key}`, `${key, 'default'}` and the specials `${*}`, `${?}`,
//! `${$}`, substituted from the request context in policies of `Version` `2012-10-17` only
//! (`2008-10-17` or no `Version`: the text is literal, F75).
//!
//! The result is a wildcard pattern in the escaped form of [`super::pattern`]: substituted
//! text is literal (a `*` in a value or from `${*}` never acts as a wildcard), the policy's own
//! `*` and `?` stay wildcards. A variable whose key is absent (or multivalued, F78) and has no
//! default leaves the pattern unresolved: the element or condition value matches nothing
//! (F74). A malformed `${…` is kept as literal text (Access Analyzer reports it).

use super::pattern::{escape_into, push_raw_into};
use super::request::{Context, ContextValue};
use std::borrow::Cow;

/// A pattern after substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substituted<'a> {
    /// The pattern text (escaped when `escaped`).
    pub text: Cow<'a, str>,
    /// Whether `text` uses `\` escapes (a variable was substituted).
    pub escaped: bool,
}

impl Substituted<'_> {
    /// The text with escapes removed, for traces.
    pub fn display(&self) -> String {
        if self.escaped {
            super::pattern::unescape(&self.text)
        } else {
            self.text.to_string()
        }
    }
}

/// Why a pattern could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The variable's key as written.
    pub key: String,
    /// Whether the key was present but multivalued.
    pub multivalued: bool,
}

impl Unresolved {
    /// A sentence for traces.
    pub fn explain(&self) -> String {
        if self.multivalued {
            format!(
                "policy variable ${{{}}} names a multivalued key, which never resolves: matches nothing",
                self.key
            )
        } else {
            format!(
                "policy variable ${{{}}} has no value in the request and no default: matches nothing",
                self.key
            )
        }
    }
}

/// Whether `raw` contains something that looks like a variable.
pub fn has_variable(raw: &str) -> bool {
    let b = raw.as_bytes();
    // Most text has no `$` at all: rule that out eight bytes at a time.
    if !super::pattern::has_any_byte(b, b"$") {
        return false;
    }
    b.windows(2).any(|w| w == b"${")
}

/// One parsed `${…}`.
enum Var<'a> {
    Literal(&'static str),
    Key {
        key: &'a str,
        default: Option<&'a str>,
    },
}

fn parse_var(inner: &str) -> Option<Var<'_>> {
    match inner {
        "*" => return Some(Var::Literal("*")),
        "?" => return Some(Var::Literal("?")),
        "$" => return Some(Var::Literal("$")),
        _ => {}
    }
    let body = crate::policy::variables::parse_body(inner);
    let key = body.name;
    if body.problem.is_some() || key.contains(|c: char| c.is_whitespace() || c == '{' || c == '$') {
        return None;
    }
    Some(Var::Key {
        key,
        default: body.default,
    })
}

/// Substitutes the variables of `raw` from `ctx` when `substitute` is true.
pub fn substitute<'a>(
    raw: &'a str,
    ctx: &Context,
    substitute: bool,
) -> Result<Substituted<'a>, Unresolved> {
    if !substitute || !has_variable(raw) {
        return Ok(Substituted {
            text: Cow::Borrowed(raw),
            escaped: false,
        });
    }
    let mut out = String::with_capacity(raw.len() + 16);
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        let (before, after) = rest.split_at(start);
        push_raw_into(&mut out, before);
        let body = after.get(2..).unwrap_or("");
        let Some(close) = body.find('}') else {
            push_raw_into(&mut out, after);
            rest = "";
            break;
        };
        let inner = body.get(..close).unwrap_or("");
        let next = body.get(close + 1..).unwrap_or("");
        match parse_var(inner) {
            None => push_raw_into(&mut out, after.get(..close + 3).unwrap_or(after)),
            Some(Var::Literal(s)) => escape_into(&mut out, s),
            Some(Var::Key { key, default }) => match ctx.get(key) {
                Some(ContextValue::Single(v)) => escape_into(&mut out, v),
                Some(ContextValue::Multi(_)) => match default {
                    Some(d) => escape_into(&mut out, d),
                    None => {
                        return Err(Unresolved {
                            key: key.to_string(),
                            multivalued: true,
                        })
                    }
                },
                None => match default {
                    Some(d) => escape_into(&mut out, d),
                    None => {
                        return Err(Unresolved {
                            key: key.to_string(),
                            multivalued: false,
                        })
                    }
                },
            },
        }
        rest = next;
    }
    push_raw_into(&mut out, rest);
    Ok(Substituted {
        text: Cow::Owned(out),
        escaped: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::pattern::{glob, GlobOptions};

    fn ctx() -> Context {
        let mut c = Context::new();
        c.set_str("aws:username", "alice");
        c.set(
            "aws:TagKeys",
            ContextValue::Multi(vec!["a".into(), "b".into()]),
        );
        c
    }

    fn esc() -> GlobOptions {
        GlobOptions {
            ignore_case: false,
            escaped: true,
        }
    }

    #[test]
    fn f74_variable_resolves_per_user_and_absent_key_is_unresolved() {
        let s = substitute("arn:aws:s3:::bucket/home/${aws:username}/*", &ctx(), true).unwrap();
        assert_eq!(s.display(), "arn:aws:s3:::bucket/home/alice/*");
        assert!(glob(&s.text, "arn:aws:s3:::bucket/home/alice/x", esc()));
        assert!(!glob(&s.text, "arn:aws:s3:::bucket/home/bob/x", esc()));
        // Key names compare case-insensitively (F63).
        assert!(substitute("${AWS:UserName}", &ctx(), true).is_ok());
        let e = substitute("home/${aws:userid}/*", &ctx(), true).unwrap_err();
        assert_eq!(e.key, "aws:userid");
        assert!(!e.multivalued);
    }

    #[test]
    fn f75_old_version_keeps_variables_literal() {
        let s = substitute("home/${aws:username}/*", &ctx(), false).unwrap();
        assert_eq!(s.text, "home/${aws:username}/*");
        assert!(!s.escaped);
    }

    #[test]
    fn f76_default_value_when_absent() {
        let s = substitute("${aws:PrincipalTag/team, 'company-wide'}", &ctx(), true).unwrap();
        assert_eq!(s.display(), "company-wide");
        let s = substitute("${aws:username, 'nobody'}", &ctx(), true).unwrap();
        assert_eq!(s.display(), "alice");
    }

    #[test]
    fn f77_specials_are_literal_characters() {
        let s = substitute("a${*}b${?}c${$}", &ctx(), true).unwrap();
        assert_eq!(s.display(), "a*b?c$");
        assert!(glob(&s.text, "a*b?c$", esc()));
        assert!(!glob(&s.text, "aXbYc$", esc()));
    }

    #[test]
    fn f78_multivalued_key_never_resolves() {
        let e = substitute("${aws:TagKeys}", &ctx(), true).unwrap_err();
        assert!(e.multivalued);
    }

    #[test]
    fn what_looks_like_a_variable() {
        assert!(has_variable("arn:aws:s3:::bucket/${aws:username}/*"));
        assert!(has_variable("${"));
        assert!(has_variable("a${b"));
        assert!(has_variable("0123456789abcdef$${x}"));
        assert!(!has_variable("arn:aws:s3:::bucket/$x{y}"));
        assert!(!has_variable("$"));
        assert!(!has_variable("{$"));
        assert!(!has_variable(""));
    }

    #[test]
    fn malformed_variables_stay_literal() {
        let s = substitute("a${b", &ctx(), true).unwrap();
        assert_eq!(s.display(), "a${b");
        let s = substitute("a${x, nodefault}z", &ctx(), true).unwrap();
        assert_eq!(s.display(), "a${x, nodefault}z");
    }
}
