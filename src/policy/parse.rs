//! Parsing IAM policy documents (pasted text or a JSON object inside a larger file) into the
//! [`Policy`] model, with the grammar errors IAM itself would refuse the document for.
//!
//! The parser never stops at the first problem: it builds as much of the model as it can, runs
//! every validation check on it (see [`super::validate`]), and returns all diagnostics at once.
//! The policy is returned exactly when no diagnostic is an error.

use super::model::{
    ActionElement, BaseOperator, Condition, ConditionOperator, Effect, Policy, PolicyKind,
    PolicyVersion, PrincipalElement, PrincipalType, PrincipalValue, ResourceElement, SetQualifier,
    Statement,
};
use super::validate;
use crate::diag::{did_you_mean, has_errors, Diagnostic};
use crate::json::{self, JsonKey, JsonNode, JsonPath, JsonValue};
use crate::source::{LineIndex, Span, Spanned};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The outcome of parsing one policy document.
#[derive(Debug, Clone)]
pub struct ParsedPolicy {
    /// The policy; `None` exactly when a diagnostic is an error (IAM would refuse to store it).
    pub policy: Option<Policy>,
    /// Every finding, in document order (by the start of its span).
    pub diagnostics: Vec<Diagnostic>,
}

/// Top-level elements of a policy document.
pub const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];

/// Elements of a statement.
pub const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Keys of a `Principal` map.
pub const PRINCIPAL_TYPES: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

/// Parses pasted policy text. Spans, lines and columns point inside `text`.
pub fn parse_text(text: &str, kind: PolicyKind) -> ParsedPolicy {
    let parsed = json::parse(text);
    // Duplicate keys are found again (with the same paths) by `parse_node`, which must find
    // them for policies inside larger files; keep only the syntax errors from here.
    let mut diagnostics: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .filter(|d| d.code != "duplicate-key")
        .map(|mut d| {
            d.span = d.span.map(|s| to_char_boundaries(text, s));
            d
        })
        .collect();
    let Some(node) = parsed.node else {
        return ParsedPolicy {
            policy: None,
            diagnostics,
        };
    };
    let inner = parse_node(&node, Arc::from(text), kind);
    diagnostics.extend(inner.diagnostics);
    let policy = if has_errors(&diagnostics) {
        None
    } else {
        inner.policy
    };
    ParsedPolicy {
        policy,
        diagnostics,
    }
}

/// Parses a policy written as a JSON object inside a larger file. Spans point into `text` (the
/// whole file); diagnostic paths are relative to the policy document (`$` is the document).
pub fn parse_node(node: &JsonNode, text: Arc<str>, kind: PolicyKind) -> ParsedPolicy {
    parse_node_with(node, text, kind, true)
}

/// [`parse_node`] without the suggestion-level checks when `suggestions` is false (for
/// callers that keep only errors and warnings).
pub fn parse_node_with(
    node: &JsonNode,
    text: Arc<str>,
    kind: PolicyKind,
    suggestions: bool,
) -> ParsedPolicy {
    let mut b = Builder {
        text: &text,
        kind,
        diags: Vec::new(),
        lines: None,
    };
    let built = b.document(node).map(|mut p| {
        p.text = text.clone();
        p
    });
    let mut diags = b.diags;
    validate::validate_text(&text, node, kind, &mut diags);
    if let Some(policy) = &built {
        validate::validate_with(policy, node, &mut diags, suggestions);
        if let Some(catalogue) = crate::catalogue::installed() {
            super::catalogue_checks::check(policy, node, catalogue, &mut diags);
        }
    }
    let policy = built.filter(|_| !has_errors(&diags));
    // Document order, as an editor lists them (stable: same position keeps check order).
    crate::sorting::sort_by_key(&mut diags, |d| d.span.map(|s| (s.start, s.end)));
    ParsedPolicy {
        policy,
        diagnostics: diags,
    }
}

/// Parses a condition operator as written (`ForAnyValue:StringLikeIfExists`). `None` when it
/// is not one of IAM's operators (exact case, as IAM requires).
pub fn parse_operator(text: &str) -> Option<ConditionOperator> {
    let (qualifier, rest) = if let Some(r) = text.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), r)
    } else if let Some(r) = text.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), r)
    } else {
        (None, text)
    };
    let (base_text, if_exists) = match rest.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let base = BaseOperator::ALL
        .iter()
        .copied()
        .find(|op| op.name() == base_text)?;
    Some(ConditionOperator {
        qualifier,
        base,
        if_exists,
    })
}

/// Every operator spelling IAM accepts, for "did you mean" help.
pub fn operator_spellings() -> Vec<String> {
    let mut out = Vec::new();
    for q in ["", "ForAllValues:", "ForAnyValue:"] {
        for op in BaseOperator::ALL {
            out.push(format!("{q}{}", op.name()));
            if op != BaseOperator::Null {
                out.push(format!("{q}{}IfExists", op.name()));
            }
        }
    }
    out
}

struct Builder<'a> {
    text: &'a str,
    kind: PolicyKind,
    diags: Vec<Diagnostic>,
    /// The text's lines, indexed at the first duplicate key (whose message names the line of
    /// the first one): many duplicates cost one pass over the text, not one each.
    lines: Option<LineIndex>,
}

/// Members of an object from which on names are looked up in a map rather than scanned.
const SCAN_MEMBERS_UP_TO: usize = 16;

/// One member of an object, with its path.
struct Member<'n> {
    key: &'n JsonKey,
    value: &'n JsonNode,
    path: JsonPath,
}

impl Builder<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn err(
        &mut self,
        code: &str,
        msg: impl Into<String>,
        help: impl Into<String>,
        path: JsonPath,
        span: Span,
    ) {
        self.push(Diagnostic::error(code, msg).with_help(help).at(path, span));
    }

    fn wrong_type(&mut self, what: &str, expected: &str, node: &JsonNode, path: &JsonPath) {
        self.err(
            "invalid-element-type",
            format!(
                "`{what}` must be {expected}, found {}",
                node.value.type_name()
            ),
            format!("write `{what}` as {expected}"),
            path.clone(),
            node.span,
        );
    }

    /// The members of an object node, reporting duplicate keys and unknown names.
    fn members<'n>(
        &mut self,
        node: &'n JsonNode,
        path: &JsonPath,
        known: &[&str],
        where_: &str,
    ) -> Vec<Member<'n>> {
        let Some(members) = node.as_object() else {
            return Vec::new();
        };
        let mut out: Vec<Member<'n>> = Vec::new();
        // Names already kept: scanned while few, then looked up (a `Condition` operator may
        // hold thousands of keys).
        let mut kept: Option<HashMap<&'n str, usize>> = None;
        for (key, value) in members {
            let mpath = path.key(&key.name);
            let first = match &kept {
                Some(map) => map.get(key.name.as_str()).copied(),
                None => out.iter().position(|m| m.key.name == key.name),
            };
            if let Some(first) = first.and_then(|i| out.get(i)) {
                let text = self.text;
                let first_line = self
                    .lines
                    .get_or_insert_with(|| LineIndex::new(text))
                    .position(text, first.key.span.start)
                    .line;
                self.err(
                    "duplicate-key",
                    format!(
                        "duplicate key `{}` (first written on line {first_line})",
                        key.name
                    ),
                    "remove one of the two; which one a JSON reader keeps is not defined",
                    mpath,
                    key.span,
                );
                continue;
            }
            if !known.is_empty() && !known.contains(&key.name.as_str()) {
                let help = match did_you_mean(&key.name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? element names are case-sensitive"),
                    None => format!("{where_} may contain only {}", known.join(", ")),
                };
                self.err(
                    "unknown-element",
                    format!("unknown element `{}` in {where_}", key.name),
                    help,
                    mpath,
                    key.span,
                );
                continue;
            }
            match &mut kept {
                Some(map) => {
                    map.insert(&key.name, out.len());
                }
                None if out.len() + 1 >= SCAN_MEMBERS_UP_TO => {
                    let mut map: HashMap<&'n str, usize> = out
                        .iter()
                        .enumerate()
                        .map(|(i, m)| (m.key.name.as_str(), i))
                        .collect();
                    map.insert(&key.name, out.len());
                    kept = Some(map);
                }
                None => {}
            }
            out.push(Member {
                key,
                value,
                path: mpath,
            });
        }
        out
    }

    fn document(&mut self, node: &JsonNode) -> Option<Policy> {
        let root = JsonPath::root();
        if node.as_object().is_none() {
            self.err(
                "invalid-document-type",
                format!(
                    "a policy document must be a JSON object, found {}",
                    node.value.type_name()
                ),
                "write the policy as {\"Version\": \"2012-10-17\", \"Statement\": [ … ]}",
                root,
                node.span,
            );
            return None;
        }
        let members = self.members(node, &root, &POLICY_ELEMENTS, "a policy document");
        let mut version = PolicyVersion::Missing;
        let mut id = None;
        let mut statement_node = None;
        for m in &members {
            match m.key.name.as_str() {
                "Version" => version = self.version(m),
                "Id" => id = self.id(m),
                _ => statement_node = Some(m),
            }
        }
        let mut statements = Vec::new();
        match statement_node {
            None => self.err(
                "missing-statement",
                "the policy has no `Statement` element",
                "add \"Statement\": [ { \"Effect\": …, \"Action\": …, … } ]",
                root,
                Span::new(node.span.start as usize, node.span.start as usize + 1),
            ),
            Some(m) => match &m.value.value {
                JsonValue::Object(_) => {
                    if let Some(s) = self.statement(m.value, &m.path, 0) {
                        statements.push(s);
                    }
                }
                JsonValue::Array(items) => {
                    if items.is_empty() {
                        self.err(
                            "empty-element",
                            "`Statement` is an empty list",
                            "add at least one statement",
                            m.path.clone(),
                            m.value.span,
                        );
                    }
                    for (i, item) in items.iter().enumerate() {
                        let p = m.path.index(i);
                        if item.as_object().is_none() {
                            self.wrong_type("Statement", "an object", item, &p);
                            continue;
                        }
                        if let Some(s) = self.statement(item, &p, i) {
                            statements.push(s);
                        }
                    }
                }
                _ => self.wrong_type(
                    "Statement",
                    "an object or an array of objects",
                    m.value,
                    &m.path,
                ),
            },
        }
        Some(Policy {
            kind: self.kind,
            version,
            id,
            statements,
            text: Arc::from(""),
            span: node.span,
        })
    }

    fn version(&mut self, m: &Member<'_>) -> PolicyVersion {
        match m.value.as_str() {
            Some("2012-10-17") => PolicyVersion::V2012_10_17,
            Some("2008-10-17") => PolicyVersion::V2008_10_17,
            Some(other) => {
                self.err(
                    "invalid-version",
                    format!("`{other}` is not a policy language version"),
                    "write \"Version\": \"2012-10-17\" (the current version; the only other is \"2008-10-17\")",
                    m.path.clone(),
                    m.value.span,
                );
                PolicyVersion::Missing
            }
            None => {
                self.err(
                    "invalid-version",
                    format!(
                        "`Version` must be a string, found {}",
                        m.value.value.type_name()
                    ),
                    "write \"Version\": \"2012-10-17\"",
                    m.path.clone(),
                    m.value.span,
                );
                PolicyVersion::Missing
            }
        }
    }

    fn id(&mut self, m: &Member<'_>) -> Option<Spanned<String>> {
        // F115: `Id` is not accepted in IAM identity policies.
        if matches!(
            self.kind,
            PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session
        ) {
            self.err(
                "id-not-allowed",
                format!(
                    "`Id` is not allowed in {}",
                    validate::with_article(validate::kind_words(self.kind))
                ),
                "remove the `Id` element; IAM identity policies do not accept it",
                m.path.clone(),
                m.key.span,
            );
        }
        match m.value.as_str() {
            Some(s) => Some(Spanned::new(s.to_string(), m.value.span)),
            None => {
                self.wrong_type("Id", "a string", m.value, &m.path);
                None
            }
        }
    }

    fn statement(&mut self, node: &JsonNode, path: &JsonPath, index: usize) -> Option<Statement> {
        let members = self.members(node, path, &STATEMENT_ELEMENTS, "a statement");
        let find = |name: &str| members.iter().find(|m| m.key.name == name);
        let stmt_start = Span::new(node.span.start as usize, node.span.start as usize + 1);

        let sid = find("Sid").and_then(|m| {
            m.value
                .as_str()
                .map(|s| Spanned::new(s.to_string(), m.value.span))
        });
        if let Some(m) = find("Sid") {
            if m.value.as_str().is_none() {
                self.wrong_type("Sid", "a string", m.value, &m.path);
            }
        }

        let effect = match find("Effect") {
            None => {
                self.err(
                    "missing-effect",
                    "the statement has no `Effect` element",
                    "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"",
                    path.clone(),
                    stmt_start,
                );
                None
            }
            Some(m) => match m.value.as_str() {
                Some("Allow") => Some(Spanned::new(Effect::Allow, m.value.span)),
                Some("Deny") => Some(Spanned::new(Effect::Deny, m.value.span)),
                Some(other) => {
                    let help = match did_you_mean(other, ["Allow", "Deny"]) {
                        Some(s) => format!("did you mean \"{s}\"? the value is case-sensitive"),
                        None => "write \"Allow\" or \"Deny\"".to_string(),
                    };
                    self.err(
                        "invalid-effect",
                        format!("`{other}` is not an effect"),
                        help,
                        m.path.clone(),
                        m.value.span,
                    );
                    None
                }
                None => {
                    self.wrong_type("Effect", "\"Allow\" or \"Deny\"", m.value, &m.path);
                    None
                }
            },
        };

        let principal =
            self.principal_element(&find("Principal"), &find("NotPrincipal"), path, stmt_start);
        let action = self.action_element(&find("Action"), &find("NotAction"), path, stmt_start);
        let resource =
            self.resource_element(&find("Resource"), &find("NotResource"), path, stmt_start);
        let conditions = match find("Condition") {
            Some(m) => self.conditions(m),
            None => Vec::new(),
        };

        Some(Statement {
            index,
            sid,
            // A missing or invalid Effect (an error: the policy is dropped) leaves an empty span,
            // which tells the validator to skip the checks that depend on the effect.
            effect: effect.unwrap_or(Spanned::new(
                Effect::Allow,
                Span::new(stmt_start.start as usize, stmt_start.start as usize),
            )),
            principal,
            action: action.unwrap_or(ActionElement {
                negated: false,
                patterns: Vec::new(),
                span: stmt_start,
            }),
            resource,
            conditions,
            span: node.span,
        })
    }

    /// Reports both `X` and `NotX` written; returns the one to use (the first written).
    fn pick<'m, 'n>(
        &mut self,
        pos: &Option<&'m Member<'n>>,
        neg: &Option<&'m Member<'n>>,
        name: &str,
    ) -> Option<(&'m Member<'n>, bool)> {
        match (pos, neg) {
            (Some(p), Some(n)) => {
                let (first, second) = if p.key.span.start <= n.key.span.start {
                    ((*p, false), *n)
                } else {
                    ((*n, true), *p)
                };
                self.err(
                    &format!("both-{}-and-not-{}", kebab(name), kebab(name)),
                    format!("a statement cannot have both `{name}` and `Not{name}`"),
                    format!("keep one of `{name}` and `Not{name}`"),
                    second.path.clone(),
                    second.key.span,
                );
                Some(first)
            }
            (Some(p), None) => Some((*p, false)),
            (None, Some(n)) => Some((*n, true)),
            (None, None) => None,
        }
    }

    /// A string or a non-empty array of strings.
    fn string_list(&mut self, m: &Member<'_>) -> Vec<Spanned<String>> {
        let name = m.key.name.as_str();
        match &m.value.value {
            JsonValue::String(s) => vec![Spanned::new(s.clone(), m.value.span)],
            JsonValue::Array(items) => {
                if items.is_empty() {
                    self.err(
                        "empty-element",
                        format!("`{name}` is an empty list"),
                        format!("list at least one value in `{name}`, or remove the element"),
                        m.path.clone(),
                        m.value.span,
                    );
                }
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(s) => out.push(Spanned::new(s.to_string(), item.span)),
                        None => self.wrong_type(name, "a string", item, &m.path.index(i)),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(name, "a string or an array of strings", m.value, &m.path);
                Vec::new()
            }
        }
    }

    fn action_element(
        &mut self,
        pos: &Option<&Member<'_>>,
        neg: &Option<&Member<'_>>,
        path: &JsonPath,
        stmt_start: Span,
    ) -> Option<ActionElement> {
        let Some((m, negated)) = self.pick(pos, neg, "Action") else {
            self.err(
                "missing-action",
                "the statement has no `Action` or `NotAction` element",
                "add \"Action\": \"service:ActionName\" (or a list of actions)",
                path.clone(),
                stmt_start,
            );
            return None;
        };
        if negated && self.kind == PolicyKind::ResourceControl {
            self.err(
                "not-action-not-allowed",
                "`NotAction` is not supported in a resource control policy",
                "list the actions in `Action` instead",
                m.path.clone(),
                m.key.span,
            );
        }
        let patterns = self.string_list(m);
        Some(ActionElement {
            negated,
            patterns,
            span: m.value.span,
        })
    }

    fn resource_element(
        &mut self,
        pos: &Option<&Member<'_>>,
        neg: &Option<&Member<'_>>,
        path: &JsonPath,
        stmt_start: Span,
    ) -> Option<ResourceElement> {
        if self.kind == PolicyKind::Trust {
            // F111: a role trust policy has no Resource (the role itself is the resource).
            for m in [pos, neg].into_iter().flatten() {
                self.err(
                    "resource-not-allowed",
                    format!("`{}` is not allowed in a role trust policy", m.key.name),
                    "remove it; the resource of a trust policy is always the role itself",
                    m.path.clone(),
                    m.key.span,
                );
            }
            return None;
        }
        let Some((m, negated)) = self.pick(pos, neg, "Resource") else {
            self.err(
                "missing-resource",
                "the statement has no `Resource` or `NotResource` element",
                "add \"Resource\": \"*\" or the ARNs the statement applies to",
                path.clone(),
                stmt_start,
            );
            return None;
        };
        let patterns = self.string_list(m);
        Some(ResourceElement {
            negated,
            patterns,
            span: m.value.span,
        })
    }

    fn principal_element(
        &mut self,
        pos: &Option<&Member<'_>>,
        neg: &Option<&Member<'_>>,
        path: &JsonPath,
        stmt_start: Span,
    ) -> Option<PrincipalElement> {
        let kind = self.kind;
        if !matches!(
            kind,
            PolicyKind::Resource | PolicyKind::Trust | PolicyKind::ResourceControl
        ) {
            // F115 (identity), F39 (NotPrincipal), and the SCP/boundary/session grammars.
            for m in [pos, neg].into_iter().flatten() {
                let code = if m.key.name == "Principal" {
                    "principal-not-allowed"
                } else {
                    "not-principal-not-allowed"
                };
                self.err(
                    code,
                    format!(
                        "`{}` is not allowed in {}",
                        m.key.name,
                        validate::with_article(validate::kind_words(kind))
                    ),
                    "remove it; this policy applies to the principal it is attached to",
                    m.path.clone(),
                    m.key.span,
                );
            }
            return None;
        }
        if kind != PolicyKind::Resource {
            // F39: NotPrincipal only in resource-based policies (not trust policies, not RCPs).
            if let Some(m) = neg {
                let words = if kind == PolicyKind::Trust {
                    "role trust policy"
                } else {
                    "resource control policy"
                };
                self.err(
                    "not-principal-not-allowed",
                    format!("`NotPrincipal` is not allowed in a {words}"),
                    "use `Principal` (with conditions such as `aws:PrincipalArn` to exclude principals)",
                    m.path.clone(),
                    m.key.span,
                );
            }
            let Some(m) = pos else {
                if neg.is_none() {
                    self.missing_principal(path, stmt_start);
                }
                return None;
            };
            return self.principal_value(m, false);
        }
        let Some((m, negated)) = self.pick(pos, neg, "Principal") else {
            self.missing_principal(path, stmt_start);
            return None;
        };
        self.principal_value(m, negated)
    }

    fn missing_principal(&mut self, path: &JsonPath, stmt_start: Span) {
        let help = if self.kind == PolicyKind::ResourceControl {
            "add \"Principal\": \"*\"; resource control policies narrow principals with conditions"
        } else {
            "add \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"} naming who the statement applies to"
        };
        self.err(
            "missing-principal",
            format!(
                "the statement has no `Principal` element, which a {} requires",
                match self.kind {
                    PolicyKind::Trust => "role trust policy",
                    PolicyKind::ResourceControl => "resource control policy",
                    _ => "resource-based policy",
                }
            ),
            help,
            path.clone(),
            stmt_start,
        );
    }

    fn principal_value(&mut self, m: &Member<'_>, negated: bool) -> Option<PrincipalElement> {
        let name = m.key.name.clone();
        let mut values = Vec::new();
        match &m.value.value {
            JsonValue::String(s) if s == "*" => values.push(PrincipalValue {
                kind: PrincipalType::Any,
                value: Spanned::new("*".to_string(), m.value.span),
            }),
            JsonValue::String(s) => {
                self.err(
                    "invalid-principal",
                    format!("`{name}` must be \"*\" or a map of principal types, found the string `{s}`"),
                    format!("write \"{name}\": {{\"AWS\": \"{s}\"}} (or \"Service\", \"Federated\", \"CanonicalUser\")"),
                    m.path.clone(),
                    m.value.span,
                );
            }
            JsonValue::Object(_) => {
                let members =
                    self.members(m.value, &m.path, &PRINCIPAL_TYPES, &format!("`{name}`"));
                if members.is_empty() && m.value.as_object().is_some_and(<[_]>::is_empty) {
                    self.err(
                        "empty-element",
                        format!("`{name}` is an empty map"),
                        "name at least one principal, such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}",
                        m.path.clone(),
                        m.value.span,
                    );
                }
                for pm in &members {
                    let kind = match pm.key.name.as_str() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        _ => PrincipalType::CanonicalUser,
                    };
                    for v in self.string_list(pm) {
                        values.push(PrincipalValue { kind, value: v });
                    }
                }
            }
            _ => self.wrong_type(&name, "\"*\" or a map of principal types", m.value, &m.path),
        }
        Some(PrincipalElement {
            negated,
            values,
            span: m.value.span,
        })
    }

    fn conditions(&mut self, m: &Member<'_>) -> Vec<Condition> {
        let mut out = Vec::new();
        if m.value.as_object().is_none() {
            self.wrong_type("Condition", "an object of operators", m.value, &m.path);
            return out;
        }
        let ops = self.members(m.value, &m.path, &[], "`Condition`");
        for op in &ops {
            let op_text = op.key.name.as_str();
            let parsed = parse_operator(op_text);
            let operator = match parsed {
                Some(o) => Some(o),
                None => {
                    self.unknown_operator(op);
                    None
                }
            };
            if let Some(o) = operator {
                if o.base == BaseOperator::Null && o.if_exists {
                    // F112
                    self.err(
                        "null-with-if-exists",
                        "the `Null` operator cannot take `IfExists`",
                        "write `Null`: it already tests whether the key is present",
                        op.path.clone(),
                        op.key.span,
                    );
                }
                if o.base == BaseOperator::Null && o.qualifier.is_some() {
                    self.err(
                        "null-with-set-qualifier",
                        "the `Null` operator cannot take `ForAllValues:` or `ForAnyValue:`",
                        "write `Null` without a set qualifier",
                        op.path.clone(),
                        op.key.span,
                    );
                }
            }
            if op.value.as_object().is_none() {
                self.wrong_type(op_text, "an object of condition keys", op.value, &op.path);
                continue;
            }
            let keys = self.members(op.value, &op.path, &[], &format!("`{op_text}`"));
            for k in &keys {
                let values = self.condition_values(k);
                if let Some(o) = operator {
                    out.push(Condition {
                        operator: Spanned::new(o, op.key.span),
                        operator_text: op_text.to_string(),
                        key: Spanned::new(k.key.name.clone(), k.key.span),
                        values,
                    });
                }
            }
        }
        out
    }

    fn unknown_operator(&mut self, op: &Member<'_>) {
        static SPELLINGS: OnceLock<Vec<String>> = OnceLock::new();
        let spellings = SPELLINGS.get_or_init(operator_spellings);
        let text = op.key.name.as_str();
        let help = match did_you_mean(text, spellings.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? operator names are case-sensitive"),
            None => "use an IAM condition operator such as `StringEquals`, `ArnLike`, `NumericLessThan`, `DateGreaterThan`, `Bool`, `IpAddress` or `Null`, optionally with `IfExists` or a `ForAllValues:`/`ForAnyValue:` prefix".to_string(),
        };
        let message = format!("unknown condition operator `{text}`");
        self.err(
            "unknown-condition-operator",
            message,
            help,
            op.path.clone(),
            op.key.span,
        );
    }

    /// A scalar or a non-empty array of scalars; booleans and numbers keep their text.
    fn condition_values(&mut self, k: &Member<'_>) -> Vec<Spanned<String>> {
        let key = k.key.name.as_str();
        let scalar = |this: &mut Self, n: &JsonNode, p: &JsonPath| -> Option<Spanned<String>> {
            match n.scalar_text() {
                Some(t) => Some(Spanned::new(t, n.span)),
                None => {
                    this.err(
                        "invalid-condition-value",
                        format!(
                            "a value of condition key `{key}` must be a string, number or boolean, found {}",
                            n.value.type_name()
                        ),
                        "write the value as a string, or list several values in one array",
                        p.clone(),
                        n.span,
                    );
                    None
                }
            }
        };
        match &k.value.value {
            JsonValue::Array(items) => {
                if items.is_empty() {
                    self.err(
                        "empty-element",
                        format!("condition key `{key}` has an empty list of values"),
                        "list at least one value, or remove the condition key",
                        k.path.clone(),
                        k.value.span,
                    );
                }
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| scalar(self, n, &k.path.index(i)))
                    .collect()
            }
            _ => scalar(self, k.value, &k.path).into_iter().collect(),
        }
    }
}

/// Widens a span to whole characters (the JSON reader may end an escape error inside a
/// multi-byte character).
fn to_char_boundaries(text: &str, span: Span) -> Span {
    let mut start = (span.start as usize).min(text.len());
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

fn kebab(name: &str) -> String {
    name.to_ascii_lowercase()
}
