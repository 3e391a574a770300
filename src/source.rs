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

/// How far apart (in bytes) the index keeps checkpoints inside long lines, so that a
/// position costs at most this much counting whatever the line's length.
const CHECKPOINT_BYTES: usize = 1024;

/// Where counting can resume: a byte offset with its line, and the characters and UTF-16
/// units before it on its line and in the whole text.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    line: usize,
    column_chars: usize,
    column_utf16: usize,
    utf16: usize,
}

/// Line starts of a text and checkpoints inside long lines, built in one pass, to turn byte
/// offsets into positions in time bounded by [`CHECKPOINT_BYTES`] (a thousand findings in a
/// 5 MB one-line file cost no more than in a small one).
#[derive(Debug, Clone)]
pub struct LineIndex {
    checkpoints: Vec<Checkpoint>,
}

impl LineIndex {
    /// Indexes `text` (lines end after `\n`; a `\r\n` pair ends one line).
    pub fn new(text: &str) -> Self {
        let mut checkpoints = vec![Checkpoint {
            offset: 0,
            line: 0,
            column_chars: 0,
            column_utf16: 0,
            utf16: 0,
        }];
        let (mut line, mut chars, mut col16, mut utf16, mut last) = (0, 0, 0, 0, 0);
        // Byte by byte: a UTF-8 character starts at every byte that is not a continuation
        // byte (0b10xx_xxxx), and one that starts with 0b1111_0xxx takes two UTF-16 units.
        for (i, &b) in text.as_bytes().iter().enumerate() {
            let starts_char = b & 0xC0 != 0x80;
            if starts_char && i - last >= CHECKPOINT_BYTES {
                checkpoints.push(Checkpoint {
                    offset: i,
                    line,
                    column_chars: chars,
                    column_utf16: col16,
                    utf16,
                });
                last = i;
            }
            if !starts_char {
                continue;
            }
            let units = if b >= 0xF0 { 2 } else { 1 };
            utf16 += units;
            if b == b'\n' {
                line += 1;
                chars = 0;
                col16 = 0;
                last = i + 1;
                checkpoints.push(Checkpoint {
                    offset: i + 1,
                    line,
                    column_chars: 0,
                    column_utf16: 0,
                    utf16,
                });
            } else {
                chars += 1;
                col16 += units;
            }
        }
        LineIndex { checkpoints }
    }

    /// The position of byte `offset` in `text` (clamped to the text, and back to a char boundary).
    pub fn position(&self, text: &str, offset: u32) -> Position {
        let mut offset = (offset as usize).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let at = match self.checkpoints.binary_search_by_key(&offset, |c| c.offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let cp = self.checkpoints.get(at).copied().unwrap_or(Checkpoint {
            offset: 0,
            line: 0,
            column_chars: 0,
            column_utf16: 0,
            utf16: 0,
        });
        // At most CHECKPOINT_BYTES (plus one character) between the checkpoint and `offset`,
        // counted in one pass, in characters and UTF-16 units.
        let before = text.get(cp.offset..offset).unwrap_or("");
        let (chars, units) = before
            .chars()
            .fold((0, 0), |(n, u), c| (n + 1, u + c.len_utf16()));
        Position {
            line: to_u32(cp.line + 1),
            column: to_u32(cp.column_chars + chars + 1),
            column_utf16: to_u32(cp.column_utf16 + units + 1),
            offset: to_u32(offset),
            offset_utf16: to_u32(cp.utf16 + units),
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
    fn positions_inside_long_lines_match_counting_from_the_start() {
        // Lines far longer than the checkpoint spacing, with multi-byte characters and
        // surrogate pairs on both sides of checkpoints, and CRLF line ends.
        let line = "aé😀b".repeat(700);
        let text = format!("{line}\r\n{line}\n\n{line}");
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(97) {
            let p = idx.position(&text, offset as u32);
            let head = &text[..offset];
            let line_start = head.rfind('\n').map_or(0, |i| i + 1);
            let col = &text[line_start..offset];
            assert_eq!(p.line as usize, head.matches('\n').count() + 1, "{offset}");
            assert_eq!(p.column as usize, col.chars().count() + 1, "{offset}");
            assert_eq!(
                p.column_utf16 as usize,
                col.encode_utf16().count() + 1,
                "{offset}"
            );
            assert_eq!(
                p.offset_utf16 as usize,
                head.encode_utf16().count(),
                "{offset}"
            );
        }
    }

    #[test]
    fn out_of_range_offsets_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        let p = idx.position(text, 999);
        assert_eq!((p.line, p.column), (2, 3));
    }
}
