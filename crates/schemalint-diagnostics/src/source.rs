//! Source text with a line index: byte offsets to 1-based line/column.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// A half-open byte range `start..end` into a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A point in a file. `line` and `column` are 1-based; `column` counts Unicode
/// scalar values (characters) from the start of the line; `offset` is the
/// 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

/// Start and end [`Position`] of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// A named text with a line index, shared cheaply between diagnostics.
///
/// The text is a whole file, or an excerpt of one that starts at a later line
/// ([`SourceFile::excerpt`]: one line of a JSON Lines log), whose positions are the file's.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    /// Lines of the file before the text (0 for a whole file).
    lines_before: u32,
    /// Built at the first position lookup: a clean file never needs it.
    line_starts: Arc<OnceLock<Box<[usize]>>>,
    /// Characters before each [`CHAR_BLOCK`]-byte block (and in all), built at the first
    /// column counted across a long line, so that columns on a one-line file of a
    /// hundred megabytes cost a block each, not the line.
    char_marks: Arc<OnceLock<Box<[usize]>>>,
}

/// Bytes per entry of a [`SourceFile`]'s character index.
const CHAR_BLOCK: usize = 256;

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        Self::excerpt(name, text, 0)
    }

    /// The part of a file that starts at line `lines_before + 1`: offsets are into `text`,
    /// line numbers are the file's (a UTF-8 byte-order mark counts only on line 1).
    pub fn excerpt(
        name: impl Into<Arc<str>>,
        text: impl Into<Arc<str>>,
        lines_before: u32,
    ) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            lines_before,
            line_starts: Arc::default(),
            char_marks: Arc::default(),
        }
    }

    /// Lines of the file before the text: 0 unless this is an [`excerpt`](Self::excerpt).
    pub fn lines_before(&self) -> u32 {
        self.lines_before
    }

    /// Where each line starts (after each `\n`).
    pub(crate) fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let newlines = self.text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
            std::iter::once(0)
                .chain(newlines.map(|(i, _)| i + 1))
                .collect()
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The position of a byte offset; offsets past the end clamp to the end.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_starts = self.line_starts();
        let line_index = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = line_starts[line_index].max(self.columns_start(line_index, offset));
        let column = self.chars_between(line_start, offset) + 1;
        Position {
            line: u32::try_from(line_index + 1)
                .unwrap_or(u32::MAX)
                .saturating_add(self.lines_before),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte offset of a 1-based line and column, if it exists.
    pub fn offset_of(&self, line: u32, column: u32) -> Option<usize> {
        let line = line.checked_sub(self.lines_before)?;
        let line_index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.line_starts().get(line_index)?;
        let start = start.max(self.columns_start(line_index, self.text.len()));
        let line_text = self.text[start..].split('\n').next().unwrap_or("");
        let column = usize::try_from(column).ok()?.checked_sub(1)?;
        if column == line_text.chars().count() {
            return Some(start + line_text.len());
        }
        line_text.char_indices().nth(column).map(|(i, _)| start + i)
    }

    /// Where column 1 of line 1 is: after a UTF-8 byte-order mark, which editors do not
    /// show or count. Offsets stay byte offsets into the text, BOM included.
    fn columns_start(&self, line_index: usize, offset: usize) -> usize {
        const BOM: char = '\u{feff}';
        if line_index == 0
            && self.lines_before == 0
            && self.text.starts_with(BOM)
            && offset >= BOM.len_utf8()
        {
            BOM.len_utf8()
        } else {
            0
        }
    }

    /// Characters in `text[start..end]` (both on character boundaries).
    fn chars_between(&self, start: usize, end: usize) -> usize {
        if end - start <= CHAR_BLOCK {
            return self.text[start..end].chars().count();
        }
        self.chars_before(end) - self.chars_before(start)
    }

    /// Characters before `offset`: the block's mark, then the rest of the block counted
    /// (every byte that does not continue a UTF-8 sequence starts a character).
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let starts = |chunk: &[u8]| chunk.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        let marks = self.char_marks.get_or_init(|| {
            let mut total = 0;
            let mut marks: Vec<usize> = bytes
                .chunks(CHAR_BLOCK)
                .map(|chunk| {
                    let before = total;
                    total += starts(chunk);
                    before
                })
                .collect();
            marks.push(total);
            marks.into_boxed_slice()
        });
        let block = offset / CHAR_BLOCK;
        marks[block] + starts(&bytes[block * CHAR_BLOCK..offset])
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let file = SourceFile::new("x.json", "{\n  \"é\": 1\n}");
        assert_eq!(
            file.position(0),
            Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        // `1` sits after `  "é": ` — 7 characters but 8 bytes into line 2.
        let one = file.text().find('1').unwrap();
        assert_eq!(file.position(one).line, 2);
        assert_eq!(file.position(one).column, 8);
        assert_eq!(file.offset_of(2, 8), Some(one));
        assert_eq!(file.position(file.text().len()).line, 3);
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let file = SourceFile::new("x.json", "\u{feff}{\"a\": 1}\n{}");
        let brace = Position {
            line: 1,
            column: 1,
            offset: 3,
        };
        assert_eq!(file.position(3), brace);
        assert_eq!(file.position(0).column, 1);
        assert_eq!(file.position(4).column, 2);
        assert_eq!(file.offset_of(1, 1), Some(3));
        assert_eq!(file.offset_of(1, 2), Some(4));
        // Other lines are unaffected.
        assert_eq!(file.position(file.text().len() - 1).column, 2);
        assert_eq!(file.offset_of(2, 1), Some(file.text().len() - 2));
    }

    #[test]
    fn columns_on_long_lines_count_characters() {
        let text = format!("{}{}x", "é".repeat(5_000), "a".repeat(CHAR_BLOCK * 2));
        let file = SourceFile::new("x", text.clone());
        let x = text.len() - 1;
        assert_eq!(file.position(x).column as usize, 5_000 + CHAR_BLOCK * 2 + 1);
        let a = "é".len() * 5_000 + 7;
        assert_eq!(file.position(a).column, 5_008);
        assert_eq!(
            file.position(text.len()).column as usize,
            text.chars().count() + 1
        );
    }

    #[test]
    fn an_excerpt_has_the_files_line_numbers() {
        let line = SourceFile::excerpt("log.jsonl", "{\"a\": 1}", 41);
        let one = line.text().find('1').unwrap();
        assert_eq!(
            line.position(one),
            Position {
                line: 42,
                column: 7,
                offset: one
            }
        );
        assert_eq!(line.offset_of(42, 7), Some(one));
        assert_eq!(line.offset_of(1, 1), None);
        assert_eq!(line.lines_before(), 41);
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let file = SourceFile::new("x", "é");
        assert_eq!(file.position(1).offset, 0);
    }
}
