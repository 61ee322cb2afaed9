//! Byte offsets ↔ LSP positions. LSP counts `character` in UTF-16 code units (the only
//! encoding every client supports); the linter's spans are byte offsets.

use lsp_types::{Position, Range, TextEdit};
use schemalint_diagnostics::Span;

/// The start of every line of a text (`\n` ends a line; a `\r` before it is part of it).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let newlines = text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
        LineIndex {
            line_starts: std::iter::once(0)
                .chain(newlines.map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// The position of byte `offset` (clamped to the text, rounded down to a character).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let character = text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of an LSP position. A line past the end is the end of the text; a
    /// character past the end of its line is the line's end (as the protocol says); a
    /// character inside a surrogate pair rounds down to the character.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .line_starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |next| next - 1);
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The smallest single edit that turns `old` into `new` (common prefix and suffix kept),
/// so an editor keeps its cursor and marks; `None` when they are equal.
pub fn minimal_edit(old: &str, new: &str) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let index = LineIndex::new(old);
    Some(TextEdit::new(
        index.range(old, Span::new(prefix, old.len() - suffix)),
        new[prefix..new.len() - suffix].to_owned(),
    ))
}

/// Applies LSP edits (non-overlapping, positions in `text`) to `text`.
#[cfg(test)]
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let index = LineIndex::new(text);
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                index.offset(text, e.range.start),
                index.offset(text, e.range.end),
                e.new_text.as_str(),
            )
        })
        .collect();
    spans.sort_by_key(|&(start, end, _)| (start, end));
    let mut out = String::new();
    let mut at = 0;
    for (start, end, new_text) in spans {
        out.push_str(&text[at..start]);
        out.push_str(new_text);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_utf16_code_units() {
        // 😀 is 4 bytes and 2 UTF-16 units; 名 is 3 bytes and 1 unit.
        let text = "{\"😀名\": 1,\r\n \"x\": 2}";
        let index = LineIndex::new(text);
        let one = text.find('1').unwrap();
        // `{"` 2 + 😀 2 + 名 1 + `": ` 3 = 8 units (13 bytes, 7 characters).
        assert_eq!(index.position(text, one), Position::new(0, 8));
        assert_eq!(index.offset(text, Position::new(0, 8)), one);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(1, 2));
        assert_eq!(index.offset(text, Position::new(1, 2)), x);
        // Inside the surrogate pair: the emoji's start; past the line: before `\r\n`.
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.offset(text, Position::new(0, 3)), emoji);
        assert_eq!(
            index.offset(text, Position::new(0, 99)),
            text.find('\r').unwrap()
        );
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        // A byte offset inside a character rounds down.
        assert_eq!(index.position(text, emoji + 1), Position::new(0, 2));
    }

    #[test]
    fn minimal_edit_keeps_common_prefix_and_suffix() {
        let old = "a = 1\n[t]\nb = 2\n";
        let new = "a = 1\n[t]\nb = 2\nc = \"é\"\n";
        let edit = minimal_edit(old, new).unwrap();
        assert_eq!(
            edit.range,
            Range::new(Position::new(3, 0), Position::new(3, 0))
        );
        assert_eq!(apply(old, &[edit]), new);
        let (old, new) = ("x = [\"é\"]", "x = [\"é\", \"è\"]");
        assert_eq!(apply(old, &[minimal_edit(old, new).unwrap()]), new);
        assert_eq!(minimal_edit(old, old), None);
    }
}
