//! Source text positions: byte spans, and their conversion to 1-based lines and columns.
//!
//! The core keeps byte offsets only. Editors in the browser count UTF-16 code units, so a
//! [`Position`] carries the column both in characters (Unicode scalar values, what a terminal
//! shows) and in UTF-16 units.

use serde::Serialize;

/// A half-open byte range `start..end` into one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; offsets above `u32::MAX` saturate.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The text this span covers, or `""` when it does not fit the text.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A position in a text. `line` and `column` are 1-based; `offset` is the 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode characters.
    pub column: u32,
    /// 1-based column, counted in UTF-16 code units (what browser editors use).
    pub column_utf16: u32,
    /// 0-based byte offset.
    pub offset: u32,
    /// 0-based offset in UTF-16 code units from the start of the text.
    pub offset_utf16: u32,
}

/// Line starts of a text, to turn byte offsets into positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (after `\n`; a `\r\n` pair ends one line).
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// The position of byte `offset` in `text` (clamped to the text, and back to a char boundary).
    pub fn position(&self, text: &str, offset: u32) -> Position {
        let mut offset = (offset as usize).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0);
        let before = text.get(line_start..offset).unwrap_or("");
        let utf16_before_line: usize = text
            .get(..line_start)
            .map(|t| t.encode_utf16().count())
            .unwrap_or(0);
        let col_utf16 = before.encode_utf16().count();
        Position {
            line: to_u32(line_idx + 1),
            column: to_u32(before.chars().count() + 1),
            column_utf16: to_u32(col_utf16 + 1),
            offset: to_u32(offset),
            offset_utf16: to_u32(utf16_before_line + col_utf16),
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_utf16() {
        let text = "{\n  \"a\": \"é😀x\"\n}";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let p = idx.position(text, x as u32);
        assert_eq!(p.line, 2);
        // `  "a": "é😀` is 10 characters before x, 11 UTF-16 units (the emoji is a pair).
        assert_eq!(p.column, 11);
        assert_eq!(p.column_utf16, 12);
        assert_eq!(idx.position(text, 0).line, 1);
        assert_eq!(idx.position(text, 0).column, 1);
    }

    #[test]
    fn out_of_range_offsets_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        let p = idx.position(text, 999);
        assert_eq!((p.line, p.column), (2, 3));
    }
}
