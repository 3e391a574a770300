//! A JSON parser that keeps a byte span for every value and key, finds duplicate keys,
//! and keeps numbers as written (IAM compares condition values as their string forms).
//!
//! Syntax errors stop the parse (the first one is reported with its position); duplicate keys
//! do not: they are all reported and the parse goes on.

use crate::diag::{Diagnostic, Severity};
use crate::source::Span;
use serde::Serialize;
use std::fmt;

/// Nesting deeper than this is refused (a bound on recursion, never a crash).
pub const MAX_DEPTH: usize = 128;

/// One JSON value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonNode {
    /// The value.
    pub value: JsonValue,
    /// The bytes of the value, quotes and brackets included.
    pub span: Span,
}

/// An object member's key and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonKey {
    /// The key, unescaped.
    pub name: String,
    /// The key's bytes, quotes included.
    pub span: Span,
}

/// A JSON value. Object members keep their order.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, exactly as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<JsonNode>),
    /// An object, members in document order (duplicates kept, and reported).
    Object(Vec<(JsonKey, JsonNode)>),
}

impl JsonValue {
    /// The JSON type name used in messages (`string`, `object`…).
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "boolean",
            JsonValue::Number(_) => "number",
            JsonValue::String(_) => "string",
            JsonValue::Array(_) => "array",
            JsonValue::Object(_) => "object",
        }
    }
}

impl JsonNode {
    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(JsonKey, JsonNode)]> {
        match &self.value {
            JsonValue::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[JsonNode]> {
        match &self.value {
            JsonValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The first member named exactly `name`, if this is an object.
    pub fn get(&self, name: &str) -> Option<&JsonNode> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
    }

    /// A scalar's string form as IAM compares it (`true`, `5`, the string itself).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            JsonValue::String(s) => Some(s.clone()),
            JsonValue::Number(n) => Some(n.clone()),
            JsonValue::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value` (numbers that serde cannot hold become strings).
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            JsonValue::Null => serde_json::Value::Null,
            JsonValue::Bool(b) => serde_json::Value::Bool(*b),
            JsonValue::Number(n) => serde_json::from_str::<serde_json::Number>(n)
                .map(serde_json::Value::Number)
                .unwrap_or_else(|_| serde_json::Value::String(n.clone())),
            JsonValue::String(s) => serde_json::Value::String(s.clone()),
            JsonValue::Array(a) => {
                serde_json::Value::Array(a.iter().map(JsonNode::to_serde).collect())
            }
            JsonValue::Object(m) => {
                let mut map = serde_json::Map::new();
                for (k, v) in m {
                    map.entry(k.name.clone()).or_insert_with(|| v.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// Where a value sits in a document, written `$.Statement[1].NotAction`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct JsonPath(pub Vec<PathSegment>);

impl JsonPath {
    /// The document root, `$`.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// This path with a member key appended.
    pub fn key(&self, name: &str) -> Self {
        let mut p = self.clone();
        p.0.push(PathSegment::Key(name.to_string()));
        p
    }

    /// This path with an array index appended.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(PathSegment::Index(i));
        p
    }

    /// This path followed by `rest`.
    pub fn join(&self, rest: &JsonPath) -> Self {
        let mut p = self.clone();
        p.0.extend(rest.0.iter().cloned());
        p
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for seg in &self.0 {
            match seg {
                PathSegment::Key(k) => {
                    let plain = !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if plain {
                        write!(f, ".{k}")?;
                    } else {
                        write!(f, "[{}]", serde_json::Value::String(k.clone()))?;
                    }
                }
                PathSegment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for JsonPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The outcome of [`parse`]: the tree when the text is well-formed, and every problem found.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The tree, absent after a syntax error.
    pub node: Option<JsonNode>,
    /// Syntax errors and duplicate keys, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `text` as one JSON value (whitespace around it allowed).
pub fn parse(text: &str) -> Parsed {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        diagnostics: Vec::new(),
        lines: None,
    };
    let node = p.document();
    Parsed {
        node,
        diagnostics: p.diagnostics,
    }
}

/// The path of the value being parsed, as a chain of borrowed steps on the stack: built for
/// free as the parser descends, turned into a [`JsonPath`] only for a diagnostic (building
/// a whole path for every value cost an allocation per segment per value).
#[derive(Debug, Clone, Copy)]
enum PathRef<'a> {
    Root,
    Key(&'a PathRef<'a>, &'a str),
    Index(&'a PathRef<'a>, usize),
}

impl PathRef<'_> {
    fn to_path(self) -> JsonPath {
        let mut steps = Vec::new();
        let mut at = self;
        loop {
            match at {
                PathRef::Root => break,
                PathRef::Key(parent, name) => {
                    steps.push(PathSegment::Key(name.to_string()));
                    at = *parent;
                }
                PathRef::Index(parent, i) => {
                    steps.push(PathSegment::Index(i));
                    at = *parent;
                }
            }
        }
        steps.reverse();
        JsonPath(steps)
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    diagnostics: Vec<Diagnostic>,
    /// The text's lines, indexed at the first duplicate key (whose message names the line of
    /// the first one), so that many duplicates cost one pass over the text, not one each.
    lines: Option<crate::source::LineIndex>,
}

type PResult<T> = Result<T, ()>;

impl Parser<'_> {
    fn document(&mut self) -> Option<JsonNode> {
        self.skip_ws();
        if self.pos >= self.bytes.len() {
            self.error_at(
                "json-syntax",
                "the document is empty",
                "write a JSON object, starting with `{`",
                Span::new(0, 0),
                JsonPath::root(),
            );
            return None;
        }
        let node = self.value(&PathRef::Root, 0).ok()?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            let span = Span::new(self.pos, self.bytes.len());
            self.error_at(
                "json-syntax",
                "unexpected text after the end of the JSON value",
                "remove what follows the closing bracket, or wrap several values in an array",
                span,
                JsonPath::root(),
            );
            return None;
        }
        Some(node)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn error_at(&mut self, code: &str, message: &str, help: &str, span: Span, path: JsonPath) {
        self.diagnostics.push(
            Diagnostic::new(Severity::Error, code, message)
                .with_help(help)
                .at(path, span),
        );
    }

    fn unexpected(&mut self, expected: &str, path: &PathRef<'_>) -> PResult<JsonNode> {
        let (found, span) = match self.text.get(self.pos..).and_then(|t| t.chars().next()) {
            Some(c) => (
                format!("`{c}`"),
                Span::new(self.pos, self.pos + c.len_utf8()),
            ),
            None => (
                "the end of the text".to_string(),
                Span::new(self.pos, self.pos),
            ),
        };
        let help = if found == "the end of the text" {
            "the document ends too early: close every `{` with `}` and every `[` with `]`"
                .to_string()
        } else if found == "`'`" {
            "JSON strings use double quotes `\"`".to_string()
        } else {
            format!("write {expected} here")
        };
        self.error_at(
            "json-syntax",
            &format!("expected {expected}, found {found}"),
            &help,
            span,
            path.to_path(),
        );
        Err(())
    }

    fn value(&mut self, path: &PathRef<'_>, depth: usize) -> PResult<JsonNode> {
        if depth > MAX_DEPTH {
            let span = Span::new(self.pos, self.pos + 1);
            self.error_at(
                "json-too-deep",
                &format!("the document nests deeper than {MAX_DEPTH} levels"),
                "flatten the document; IAM policies never nest this deep",
                span,
                path.to_path(),
            );
            return Err(());
        }
        self.skip_ws();
        let start = self.pos;
        match self.peek() {
            Some(b'{') => self.object(path, depth),
            Some(b'[') => self.array(path, depth),
            Some(b'"') => {
                let s = self.string(path)?;
                Ok(JsonNode {
                    value: JsonValue::String(s),
                    span: Span::new(start, self.pos),
                })
            }
            Some(b't') => self.literal("true", JsonValue::Bool(true), path),
            Some(b'f') => self.literal("false", JsonValue::Bool(false), path),
            Some(b'n') => self.literal("null", JsonValue::Null, path),
            Some(b'-' | b'0'..=b'9') => self.number(path),
            _ => self.unexpected("a JSON value", path),
        }
    }

    fn literal(&mut self, word: &str, value: JsonValue, path: &PathRef<'_>) -> PResult<JsonNode> {
        let start = self.pos;
        if self.bytes.get(start..start + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(JsonNode {
                value,
                span: Span::new(start, self.pos),
            })
        } else {
            self.unexpected("a JSON value", path)
        }
    }

    fn number(&mut self, path: &PathRef<'_>) -> PResult<JsonNode> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let int_len = self.pos - int_start;
        let leading_zero = int_len > 1 && self.bytes.get(int_start) == Some(&b'0');
        let mut ok = int_len > 0 && !leading_zero;
        if ok && self.peek() == Some(b'.') {
            self.pos += 1;
            let f = self.pos;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
            ok = self.pos > f;
        }
        if ok && matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let e = self.pos;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
            ok = self.pos > e;
        }
        let span = Span::new(start, self.pos.max(start + 1));
        if !ok {
            self.error_at(
                "json-syntax",
                "malformed number",
                "write a JSON number such as `5` or `0.25`, or quote the value as a string",
                span,
                path.to_path(),
            );
            return Err(());
        }
        Ok(JsonNode {
            value: JsonValue::Number(span.slice(self.text).to_string()),
            span,
        })
    }

    /// Parses a string starting at the opening quote; returns its unescaped value.
    fn string(&mut self, path: &PathRef<'_>) -> PResult<String> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            // A run of characters written as themselves is copied in one piece.
            let run = self
                .bytes
                .get(self.pos..)
                .unwrap_or_default()
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(self.bytes.len().saturating_sub(self.pos));
            if run > 0 {
                out.push_str(self.text.get(self.pos..self.pos + run).unwrap_or(""));
                self.pos += run;
            }
            let rest = self.text.get(self.pos..).unwrap_or("");
            let Some(c) = rest.chars().next() else {
                self.error_at(
                    "json-syntax",
                    "unterminated string",
                    "close the string with a double quote `\"`",
                    Span::new(start, self.pos),
                    path.to_path(),
                );
                return Err(());
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return self.string_error(start, "unterminated string", path);
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4(esc_start, path)?;
                            if (0xD800..0xDC00).contains(&hi) {
                                if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                                    self.pos += 2;
                                    let lo = self.hex4(esc_start, path)?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                        out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                    } else {
                                        out.push('\u{FFFD}');
                                        out.push(char::from_u32(lo).unwrap_or('\u{FFFD}'));
                                    }
                                } else {
                                    out.push('\u{FFFD}');
                                }
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => {
                            // The escaped character may be multi-byte: end the span after it.
                            let ch_len = self
                                .text
                                .get(self.pos - 1..)
                                .and_then(|t| t.chars().next())
                                .map_or(1, char::len_utf8);
                            self.pos = self.pos - 1 + ch_len;
                            self.error_at(
                                "json-syntax",
                                "invalid escape in string",
                                "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                                Span::new(esc_start, self.pos),
                                path.to_path(),
                            );
                            return Err(());
                        }
                    }
                }
                c if (c as u32) < 0x20 => {
                    let msg = if c == '\n' {
                        "line break inside a string"
                    } else {
                        "control character inside a string"
                    };
                    self.error_at(
                        "json-syntax",
                        msg,
                        "close the string before the line ends, or write the character as an escape such as \\n",
                        Span::new(self.pos, self.pos + 1),
                        path.to_path(),
                    );
                    return Err(());
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn string_error(&mut self, start: usize, msg: &str, path: &PathRef<'_>) -> PResult<String> {
        self.error_at(
            "json-syntax",
            msg,
            "close the string with a double quote `\"`",
            Span::new(start, self.pos),
            path.to_path(),
        );
        Err(())
    }

    fn hex4(&mut self, esc_start: usize, path: &PathRef<'_>) -> PResult<u32> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match digits {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => {
                self.error_at(
                    "json-syntax",
                    "invalid \\u escape",
                    "write \\u followed by exactly four hexadecimal digits",
                    Span::new(esc_start, (self.pos + 4).min(self.bytes.len())),
                    path.to_path(),
                );
                Err(())
            }
        }
    }

    fn array(&mut self, path: &PathRef<'_>, depth: usize) -> PResult<JsonNode> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JsonNode {
                value: JsonValue::Array(items),
                span: Span::new(start, self.pos),
            });
        }
        loop {
            let item = self.value(&PathRef::Index(path, items.len()), depth + 1)?;
            items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.trailing_comma(path);
                        return Err(());
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonNode {
                        value: JsonValue::Array(items),
                        span: Span::new(start, self.pos),
                    });
                }
                _ => {
                    self.unexpected("`,` or `]`", path)?;
                }
            }
        }
    }

    fn trailing_comma(&mut self, path: &PathRef<'_>) {
        // Point at the comma itself.
        let mut p = self.pos;
        while p > 0 && self.bytes.get(p - 1) != Some(&b',') {
            p -= 1;
        }
        let span = Span::new(p.saturating_sub(1), p);
        self.error_at(
            "json-syntax",
            "trailing comma",
            "remove the comma after the last element; JSON does not allow it",
            span,
            path.to_path(),
        );
    }

    fn object(&mut self, path: &PathRef<'_>, depth: usize) -> PResult<JsonNode> {
        let start = self.pos;
        self.pos += 1;
        let mut members: Vec<(JsonKey, JsonNode)> = Vec::new();
        let mut names = FirstByName::default();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JsonNode {
                value: JsonValue::Object(members),
                span: Span::new(start, self.pos),
            });
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                self.unexpected("a member name in double quotes", path)?;
            }
            let key_start = self.pos;
            let name = self.string(path)?;
            let key = JsonKey {
                name,
                span: Span::new(key_start, self.pos),
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                self.unexpected("`:` after the member name", path)?;
            }
            self.pos += 1;
            let member_path = PathRef::Key(path, &key.name);
            let value = self.value(&member_path, depth + 1)?;
            let first = names
                .first(&members, &key.name)
                .and_then(|i| members.get(i))
                .map(|(k, _)| k.span.start);
            if let Some(first) = first {
                let text = self.text;
                let first_line = self
                    .lines
                    .get_or_insert_with(|| crate::source::LineIndex::new(text))
                    .position(text, first)
                    .line;
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "duplicate-key",
                        format!(
                            "duplicate key `{}` (first written on line {first_line})",
                            key.name
                        ),
                    )
                    .with_help(
                        "remove one of the two; which one a JSON reader keeps is not defined",
                    )
                    .at(member_path.to_path(), key.span),
                );
            }
            names.add(&members, &key.name);
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.trailing_comma(path);
                        return Err(());
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonNode {
                        value: JsonValue::Object(members),
                        span: Span::new(start, self.pos),
                    });
                }
                _ => {
                    self.unexpected("`,` or `}`", path)?;
                }
            }
        }
    }
}

/// Where each member name of an object is first written, for finding duplicate keys: a scan of
/// the members for small objects, a map once an object has many (so that an object of
/// thousands of members costs linear time, not quadratic).
#[derive(Default)]
struct FirstByName {
    map: Option<std::collections::HashMap<String, usize>>,
}

impl FirstByName {
    /// Members from which on names are looked up in a map rather than scanned.
    const SCAN_UP_TO: usize = 16;

    /// The index of the first member of `members` named `name`.
    fn first(&self, members: &[(JsonKey, JsonNode)], name: &str) -> Option<usize> {
        match &self.map {
            Some(map) => map.get(name).copied(),
            None => members.iter().position(|(k, _)| k.name == name),
        }
    }

    /// Notes that the member named `name` is about to be pushed at the end of `members`.
    fn add(&mut self, members: &[(JsonKey, JsonNode)], name: &str) {
        if let Some(map) = &mut self.map {
            map.entry(name.to_string()).or_insert(members.len());
        } else if members.len() + 1 >= Self::SCAN_UP_TO {
            let mut map = std::collections::HashMap::new();
            for (i, (k, _)) in members.iter().enumerate() {
                map.entry(k.name.clone()).or_insert(i);
            }
            map.entry(name.to_string()).or_insert(members.len());
            self.map = Some(map);
        }
    }
}

/// Maps byte offsets inside a string's *unescaped* value back to byte offsets in `text`, like
/// [`map_string_offset`], resuming where the previous offset was found when offsets come in
/// increasing order: mapping every variable of a long string costs one pass over it.
#[derive(Debug, Clone)]
pub struct StringOffsets<'a> {
    body: &'a str,
    base: usize,
    raw_i: usize,
    out_i: usize,
    last: usize,
}

impl<'a> StringOffsets<'a> {
    /// A mapper for the string literal at `string_span` (quotes included) in `text`.
    pub fn new(text: &'a str, string_span: Span) -> Self {
        let raw = string_span.slice(text);
        StringOffsets {
            body: raw.get(1..raw.len().saturating_sub(1)).unwrap_or(""),
            base: string_span.start as usize + 1,
            raw_i: 0,
            out_i: 0,
            last: 0,
        }
    }

    /// The offset in `text` of byte `inner` of the unescaped value.
    pub fn map(&mut self, inner: usize) -> usize {
        if inner < self.last {
            // Offsets out of order: count again from the start of the string.
            self.raw_i = 0;
            self.out_i = 0;
        }
        self.last = inner;
        let body = self.body;
        let bytes = body.as_bytes();
        while self.raw_i < bytes.len() {
            if self.out_i >= inner {
                return self.base + self.raw_i;
            }
            let raw_i = self.raw_i;
            if bytes.get(raw_i) == Some(&b'\\') {
                let esc = bytes.get(raw_i + 1).copied().unwrap_or(b'\\');
                if esc == b'u' {
                    let cp = body
                        .get(raw_i + 2..raw_i + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0xFFFD);
                    if (0xD800..0xDC00).contains(&cp)
                        && body.get(raw_i + 6..raw_i + 8) == Some("\\u")
                    {
                        self.raw_i += 12;
                        self.out_i += 4;
                    } else {
                        self.raw_i += 6;
                        self.out_i += char::from_u32(cp).map(char::len_utf8).unwrap_or(3);
                    }
                } else {
                    self.raw_i += 2;
                    self.out_i += 1;
                }
            } else {
                let ch_len = body
                    .get(raw_i..)
                    .and_then(|t| t.chars().next())
                    .map(char::len_utf8)
                    .unwrap_or(1);
                self.raw_i += ch_len;
                self.out_i += ch_len;
            }
        }
        self.base + self.raw_i
    }
}

/// Maps a byte offset inside a string's *unescaped* value back to a byte offset in `text`,
/// where `string_span` covers the string literal (quotes included). Used to point at a
/// position inside a policy that was pasted into a scenario as a JSON string.
pub fn map_string_offset(text: &str, string_span: Span, inner: usize) -> usize {
    StringOffsets::new(text, string_span).map(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> JsonNode {
        let p = parse(text);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        p.node.unwrap()
    }

    #[test]
    fn keeps_spans_and_numbers_as_written() {
        let text = r#"{"a": [1.50, true, "x\ny"], "b": null}"#;
        let n = ok(text);
        let a = n.get("a").unwrap();
        assert_eq!(a.span.slice(text), r#"[1.50, true, "x\ny"]"#);
        let items = a.as_array().unwrap();
        assert_eq!(items[0].value, JsonValue::Number("1.50".into()));
        assert_eq!(items[2].as_str(), Some("x\ny"));
        assert_eq!(items[2].span.slice(text), r#""x\ny""#);
    }

    #[test]
    fn duplicate_keys_are_all_reported_and_parse_continues() {
        let text = "{\"a\": 1,\n \"a\": 2, \"b\": {\"c\": 1, \"c\": 2}}";
        let p = parse(text);
        assert!(p.node.is_some());
        assert_eq!(p.diagnostics.len(), 2);
        assert_eq!(p.diagnostics[0].code, "duplicate-key");
        assert_eq!(p.diagnostics[0].span.unwrap().slice(text), "\"a\"");
        assert_eq!(p.diagnostics[1].path.to_string(), "$.b.c");
        assert!(p.diagnostics[0].message.contains("line 1"));
    }

    #[test]
    fn syntax_errors_name_what_was_expected() {
        let p = parse("{\"a\": 1,}");
        assert!(p.node.is_none());
        assert_eq!(p.diagnostics[0].message, "trailing comma");
        let p = parse("{'a': 1}");
        assert!(p.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("double quotes"));
        let p = parse("{\"a\": [1, 2}");
        assert_eq!(p.diagnostics[0].message, "expected `,` or `]`, found `}`");
        let p = parse("");
        assert_eq!(p.diagnostics[0].message, "the document is empty");
        let p = parse("{\"a\": ");
        assert!(p.diagnostics[0].message.contains("end of the text"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        let p = parse(&text);
        assert!(p.node.is_none());
        assert_eq!(p.diagnostics[0].code, "json-too-deep");
    }

    #[test]
    fn duplicates_in_large_objects_name_the_line_of_the_first_member() {
        // More members than are scanned: names are then looked up in a map.
        let members: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!(
            "{{{},\n\"k3\": 0,\n\"k39\": 0, \"k3\": 1, \"new\": 2,\n\"new\": 3}}",
            members.join(",\n")
        );
        let p = parse(&text);
        assert!(p.node.is_some());
        let found: Vec<(String, String)> = p
            .diagnostics
            .iter()
            .map(|d| (d.path.to_string(), d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("$.k3", "duplicate key `k3` (first written on line 4)"),
                ("$.k39", "duplicate key `k39` (first written on line 40)"),
                ("$.k3", "duplicate key `k3` (first written on line 4)"),
                ("$.new", "duplicate key `new` (first written on line 42)"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn string_offsets_resume_and_restart_like_mapping_each_offset_alone() {
        let text = r#"{"p": "a\u00e9\ud83d\ude00\n\"é😀b${x}\/c"}"#;
        let n = ok(text);
        let s = n.get("p").unwrap();
        let len = s.as_str().unwrap().len();
        let mut offsets = StringOffsets::new(text, s.span);
        let forward: Vec<usize> = (0..=len + 2).map(|i| offsets.map(i)).collect();
        let backward: Vec<usize> = (0..=len + 2).rev().map(|i| offsets.map(i)).collect();
        let alone: Vec<usize> = (0..=len + 2)
            .map(|i| {
                // Counting from the start of the string, as the mapping was written first.
                let body = &text[s.span.start as usize + 1..s.span.end as usize - 1];
                let (mut raw, mut out) = (0, 0);
                let b = body.as_bytes();
                while raw < b.len() && out < i {
                    if b[raw] == b'\\' {
                        if b[raw + 1] == b'u' {
                            let cp = u32::from_str_radix(&body[raw + 2..raw + 6], 16).unwrap();
                            if (0xD800..0xDC00).contains(&cp) {
                                raw += 12;
                                out += 4;
                            } else {
                                raw += 6;
                                out += char::from_u32(cp).unwrap().len_utf8();
                            }
                        } else {
                            raw += 2;
                            out += 1;
                        }
                    } else {
                        let c = body[raw..].chars().next().unwrap().len_utf8();
                        raw += c;
                        out += c;
                    }
                }
                s.span.start as usize + 1 + raw
            })
            .collect();
        assert_eq!(forward, alone);
        assert_eq!(backward.into_iter().rev().collect::<Vec<_>>(), alone);
    }

    #[test]
    fn string_offsets_map_back_through_escapes() {
        let text = r#"{"p": "{\n  \"Version\": 1}"}"#;
        let n = ok(text);
        let s = n.get("p").unwrap();
        let inner = s.as_str().unwrap();
        let v = inner.find("Version").unwrap();
        let mapped = map_string_offset(text, s.span, v);
        assert!(text[mapped..].starts_with("Version"));
    }

    #[test]
    fn invalid_escape_before_a_multibyte_char_spans_the_whole_char() {
        let text = "\"\\\u{1EE57}\"";
        let p = parse(text);
        let span = p.diagnostics[0].span.unwrap();
        assert_eq!(span.slice(text), "\\\u{1EE57}");
    }

    #[test]
    fn unicode_escapes_and_surrogates() {
        let n = ok(r#""\u00e9\ud83d\ude00""#);
        assert_eq!(n.as_str(), Some("é😀"));
    }

    #[test]
    fn paths_render_like_jsonpath() {
        let p = JsonPath::root().key("Statement").index(1).key("NotAction");
        assert_eq!(p.to_string(), "$.Statement[1].NotAction");
        assert_eq!(
            JsonPath::root().key("aws:Tag").to_string(),
            "$[\"aws:Tag\"]"
        );
    }
}
