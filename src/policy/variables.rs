//! Policy variables inside a string (A.6): `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`
//! and the specials `${*}`, `${?}`, `${$}`. Finds them with their byte ranges (in the string's
//! value) and the ways they can be malformed.

/// One `${…}` found in a string value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableRef {
    /// Byte offset of `$` in the string value.
    pub start: usize,
    /// Byte offset just past the closing `}` (or the end of the string when it is missing).
    pub end: usize,
    /// The key (`aws:username`), or the special character for `${*}` `${?}` `${$}`.
    pub name: String,
    /// The default value of `${key, 'default'}`.
    pub default: Option<String>,
    /// What is wrong with it, if anything.
    pub problem: Option<VariableProblem>,
}

impl VariableRef {
    /// Whether this is `${*}`, `${?}` or `${$}` (a literal character, not a lookup).
    pub fn is_special(&self) -> bool {
        matches!(self.name.as_str(), "*" | "?" | "$")
    }
}

/// How a variable reference is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableProblem {
    /// `${aws:username` with no closing brace.
    MissingBrace,
    /// `${}` or `${ }`.
    Empty,
    /// A default value not written as `'text'`.
    MissingQuote,
}

/// Every `${` in `value`, in order.
pub fn find_variables(value: &str) -> Vec<VariableRef> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = value.get(from..).and_then(|r| r.find("${")) {
        let start = from + rel;
        let body_start = start + 2;
        let rest = value.get(body_start..).unwrap_or("");
        let Some(close) = rest.find('}') else {
            out.push(VariableRef {
                start,
                end: value.len(),
                name: rest.trim().to_string(),
                default: None,
                problem: Some(VariableProblem::MissingBrace),
            });
            break;
        };
        let body = rest.get(..close).unwrap_or("");
        let end = body_start + close + 1;
        let parsed = parse_body(body);
        out.push(VariableRef {
            start,
            end,
            name: parsed.name.to_string(),
            default: parsed.default.map(str::to_string),
            problem: parsed.problem,
        });
        from = end;
    }
    out
}

/// The parts of a variable's body (the text between `${` and `}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VariableBody<'a> {
    /// The key, trimmed (`aws:username`), or the special character of `${*}` `${?}` `${$}`.
    pub name: &'a str,
    /// The default of `key, 'default'`, without its quotes.
    pub default: Option<&'a str>,
    /// What is wrong with it, if anything.
    pub problem: Option<VariableProblem>,
}

/// Splits a variable's body into its key and its quoted default (A.6: `key, 'default'`).
/// The validator reports the problem; the evaluator keeps a malformed variable as literal text.
pub fn parse_body(body: &str) -> VariableBody<'_> {
    let (name, default, problem) = match body.split_once(',') {
        Some((name, def)) => {
            let d = def.trim();
            let quoted = d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'');
            match d.get(1..d.len().saturating_sub(1)).filter(|_| quoted) {
                Some(inner) => (name.trim(), Some(inner), None),
                None => (name.trim(), None, Some(VariableProblem::MissingQuote)),
            }
        }
        None => (body.trim(), None, None),
    };
    let problem = if name.is_empty() {
        Some(VariableProblem::Empty)
    } else {
        problem
    };
    VariableBody {
        name,
        default,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variables_defaults_and_specials() {
        let v =
            find_variables("arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'x y'}${*}");
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].name, "aws:username");
        assert_eq!(v[0].start, 15);
        assert_eq!(v[0].end, 30);
        assert_eq!(v[1].default.as_deref(), Some("x y"));
        assert!(v[2].is_special());
        assert!(v.iter().all(|x| x.problem.is_none()));
    }

    #[test]
    fn malformed_variables() {
        assert_eq!(
            find_variables("a${aws:username")[0].problem,
            Some(VariableProblem::MissingBrace)
        );
        assert_eq!(
            find_variables("${}")[0].problem,
            Some(VariableProblem::Empty)
        );
        assert_eq!(
            find_variables("${aws:username, none}")[0].problem,
            Some(VariableProblem::MissingQuote)
        );
        assert!(find_variables("no variables $ here {}").is_empty());
    }
}
