//! A strict RFC 8259 JSON parser that builds the [`Node`] tree in one pass.
//!
//! Why our own: the tree needs every node's byte span and every duplicate key, and a
//! linter's errors should name the usual mistakes (comments, trailing commas, single
//! quotes, Python's `True`/`None`) at the right place. Building the tree straight from
//! the bytes, without an intermediate AST, halved the cost of linting a large schema
//! (see BENCHMARKS.md, "Linter").

use schemalint_diagnostics::Span;

use super::{DuplicateKey, JsonPointer, Member, Node, ParseError, ParseErrorKind, Str, Value};

/// The default nesting limit: containers (arrays and objects) nested deeper than this are
/// refused. The tree, the rule walk and dropping the tree all recurse, and no provider
/// accepts a schema anywhere near this deep.
pub const MAX_NESTING: usize = 1_000;

/// The message for a document nested deeper than `limit` arrays and objects; the
/// command line says the same for every input it reads.
pub fn too_deep_message(limit: usize) -> String {
    format!(
        "JSON nested deeper than {limit} levels (the nesting limit); schemalint stops reading here"
    )
}

/// Parses `text[start..]` (everything before `start` is a byte-order mark), refusing
/// containers nested deeper than `max_depth`. Spans index `text`, so they are offsets
/// into the file. Returns the root and every repeated object key, in document order.
pub(super) fn parse(
    text: &str,
    start: usize,
    max_depth: usize,
) -> Result<(Node, Vec<DuplicateKey>), ParseError> {
    let (members, items) = SCRATCH.with(|s| s.take());
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: start,
        max_depth,
        open: Vec::new(),
        members,
        items,
        duplicates: Vec::new(),
    };
    let result = parser.document();
    let (mut members, mut items) = (parser.members, parser.items);
    // An error leaves half-built containers behind.
    members.clear();
    items.clear();
    if members.capacity() <= SCRATCH_KEEP && items.capacity() <= SCRATCH_KEEP {
        SCRATCH.with(|s| s.set((members, items)));
    }
    result.map_err(|e| *e).map(|root| {
        let mut duplicates = parser.duplicates;
        // Inner objects close first; findings read in document order.
        duplicates.sort_by_key(|d| d.span.start);
        (root, duplicates)
    })
}

thread_local! {
    /// The parser's scratch lists, kept between files: growing them anew for every
    /// file (a 5,000-property object needs room for 5,000 members) cost more than
    /// any other single step of parsing a large schema.
    static SCRATCH: std::cell::Cell<(Vec<Member>, Vec<Node>)> = const {
        std::cell::Cell::new((Vec::new(), Vec::new()))
    };
}

/// Scratch lists longer than this are not kept for the next file (entries).
const SCRATCH_KEEP: usize = 1 << 16;

/// Errors are boxed inside the parser: a small `Result` keeps the hot paths' moves small.
type PResult<T> = Result<T, Box<ParseError>>;

impl Parser<'_> {
    /// The whole text: one value and nothing after it but whitespace.
    fn document(&mut self) -> PResult<Node> {
        self.skip_whitespace();
        if self.pos == self.bytes.len() {
            return Err(self.error_at(
                self.pos,
                self.pos,
                "the file is empty; expected a JSON value",
            ));
        }
        let root = self.value()?;
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            let end = self.text.trim_end().len().max(self.pos + 1);
            return Err(self.error_at(
                self.pos,
                end,
                "unexpected content after the JSON value; a file holds exactly one value",
            ));
        }
        Ok(root)
    }
}

/// A container being built. The parser keeps these on its own stack instead of
/// recursing, so a hostile file cannot overflow the thread's stack.
struct Open {
    start: usize,
    object: bool,
    /// Where this container's members (or items) begin in the scratch list.
    first: usize,
    /// Objects: where the member whose value is being parsed sits in the scratch list
    /// (pushed with its key when the key is read; its value is filled in after).
    pending: usize,
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    max_depth: usize,
    open: Vec<Open>,
    /// Members of the objects being built, innermost last: each object takes its own
    /// off the end when it closes, so its `Vec` is allocated once at its exact size.
    members: Vec<Member>,
    /// The same for array elements.
    items: Vec<Node>,
    duplicates: Vec<DuplicateKey>,
}

impl<'t> Parser<'t> {
    /// The value at `self.pos`, containers included.
    fn value(&mut self) -> PResult<Node> {
        loop {
            // Descend until a complete value is in hand: a scalar or an empty container.
            let mut node = match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    let object = open == b'{';
                    let start = self.pos;
                    if self.open.len() >= self.max_depth {
                        return Err(Box::new(ParseError {
                            kind: ParseErrorKind::TooDeep {
                                limit: self.max_depth,
                            },
                            message: too_deep_message(self.max_depth),
                            span: Span::new(start, start + 1),
                        }));
                    }
                    self.pos += 1;
                    self.skip_whitespace();
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        let value = if object {
                            Value::Object(Vec::new())
                        } else {
                            Value::Array(Vec::new())
                        };
                        Node {
                            span: Span::new(start, self.pos),
                            value,
                        }
                    } else {
                        let first = if object {
                            self.members.len()
                        } else {
                            self.items.len()
                        };
                        self.open.push(Open {
                            start,
                            object,
                            first,
                            pending: 0,
                        });
                        if object {
                            self.key()?;
                        }
                        continue;
                    }
                }
                _ => self.scalar()?,
            };
            // Ascend: hand the value to its container, then either start the next member
            // or close the container (which completes a value one level up).
            loop {
                let Some(open) = self.open.last_mut() else {
                    return Ok(node);
                };
                let object = open.object;
                if object {
                    let pending = open.pending;
                    if let Some(member) = self.members.get_mut(pending) {
                        member.value = node;
                    }
                } else {
                    self.items.push(node);
                }
                self.skip_whitespace();
                let close = if object { b'}' } else { b']' };
                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_whitespace();
                        if self.peek() == Some(close) {
                            return Err(self.trailing_comma(comma, close as char));
                        }
                        if object {
                            self.key()?;
                        }
                        break;
                    }
                    Some(b) if b == close => {
                        self.pos += 1;
                        let Some(done) = self.open.pop() else {
                            // Cannot happen (a container is open here); fail, never panic.
                            return Err(self.unterminated());
                        };
                        if object {
                            self.find_duplicates(done.first);
                        }
                        let value = if object {
                            Value::Object(take_from(&mut self.members, done.first))
                        } else {
                            Value::Array(take_from(&mut self.items, done.first))
                        };
                        node = Node {
                            span: Span::new(done.start, self.pos),
                            value,
                        };
                    }
                    None => return Err(self.unterminated()),
                    Some(b'"') if object => {
                        return Err(self.error_here(
                            "expected `,` between object members (a comma is missing)",
                        ))
                    }
                    Some(_) => {
                        let what = if object {
                            "`,` or `}` after an object member"
                        } else {
                            "`,` or `]` after an array element"
                        };
                        return Err(self.error_here(format!(
                            "expected {what}, found {}",
                            self.describe_here()
                        )));
                    }
                }
            }
            self.skip_whitespace();
        }
    }

    /// Records the repeated keys among `self.members[first..]`, the object just closed
    /// (its parents are still open, so its pointer can be read off the stack).
    fn find_duplicates(&mut self, first: usize) {
        let members = &self.members[first..];
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        if members.len() <= 16 {
            // Small objects (nearly all of a schema): a scan beats hashing.
            for (i, m) in members.iter().enumerate() {
                if let Some(j) = members[..i].iter().position(|p| p.key == m.key) {
                    repeats.push((i, j));
                }
            }
        } else if members.windows(2).all(|w| w[0].key < w[1].key) {
            // Strictly sorted keys (as many generators write them) cannot repeat.
        } else if members.len() > HASHED_KEYS_MAX {
            // Indices sorted by key: 4 bytes a member where a map takes about 30, at the
            // moment the tree is largest.
            let mut order: Vec<u32> = (0..members.len())
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect();
            order.sort_unstable_by(|&a, &b| {
                members[a as usize]
                    .key
                    .cmp(&members[b as usize].key)
                    .then(a.cmp(&b))
            });
            for run in order.chunk_by(|&a, &b| members[a as usize].key == members[b as usize].key) {
                for &i in &run[1..] {
                    repeats.push((i as usize, run[0] as usize));
                }
            }
            repeats.sort_unstable();
        } else {
            let mut firsts: std::collections::HashMap<&str, usize, crate::hash::BuildFx> =
                std::collections::HashMap::with_capacity_and_hasher(
                    members.len(),
                    crate::hash::BuildFx,
                );
            for (i, m) in members.iter().enumerate() {
                let j = *firsts.entry(&*m.key).or_insert(i);
                if j != i {
                    repeats.push((i, j));
                }
            }
        }
        if repeats.is_empty() {
            return;
        }
        let mut object = JsonPointer::root();
        for open in &self.open {
            object = match self.members.get(open.pending) {
                Some(member) if open.object => object.join(&member.key),
                _ => object.join(self.items.len() - open.first),
            };
        }
        for (i, j) in repeats {
            let (member, first) = (&self.members[first + i], &self.members[first + j]);
            self.duplicates.push(DuplicateKey {
                pointer: object.join(&member.key),
                span: member.key_span,
                first: first.key_span,
            });
        }
    }

    /// An object member's key and colon, at `self.pos`; stored in the innermost container.
    fn key(&mut self) -> PResult<()> {
        let key_start = self.pos;
        match self.peek() {
            Some(b'"') => {}
            None => return Err(self.unterminated()),
            Some(_) => return Err(self.bad_key()),
        }
        let key = self.string()?;
        let key_span = Span::new(key_start, self.pos);
        self.skip_whitespace();
        match self.peek() {
            Some(b':') => self.pos += 1,
            None => return Err(self.unterminated()),
            Some(_) => {
                return Err(self.error_here(format!("expected `:` after the key {}", quoted(&key))))
            }
        }
        self.skip_whitespace();
        // The value is filled in when it is complete (see `value`).
        self.members.push(Member {
            key,
            key_span,
            value: Node {
                span: Span::default(),
                value: Value::Null,
            },
        });
        if let Some(open) = self.open.last_mut() {
            open.pending = self.members.len() - 1;
        }
        Ok(())
    }

    /// A string, number or literal at `self.pos`.
    fn scalar(&mut self) -> PResult<Node> {
        let start = self.pos;
        let Some(&b) = self.bytes.get(start) else {
            return Err(self.end_of_file("expected a JSON value"));
        };
        let value = match b {
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            b't' if self.bytes[start..].starts_with(b"true") => {
                self.pos += 4;
                Value::Bool(true)
            }
            b'f' if self.bytes[start..].starts_with(b"false") => {
                self.pos += 5;
                Value::Bool(false)
            }
            b'n' if self.bytes[start..].starts_with(b"null") => {
                self.pos += 4;
                Value::Null
            }
            _ => return Err(self.unexpected_value()),
        };
        if b != b'"'
            && self
                .bytes
                .get(self.pos)
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            // `nullable`, `true1`, `1st`: a word that only starts like a literal.
            return Err(self.unexpected_value_at(start));
        }
        Ok(Node {
            span: Span::new(start, self.pos),
            value,
        })
    }

    /// A string at `self.pos` (which is `"`); returns its decoded contents.
    fn string(&mut self) -> PResult<Str> {
        let open = self.pos;
        self.pos += 1;
        let plain_start = self.pos;
        // The common case: no escapes, so the contents are a slice of the text. Skip
        // ordinary bytes a word at a time, then look at the byte that stopped the scan.
        while let Some(word) = word_at(self.bytes, self.pos) {
            let stops = string_stops(word);
            if stops != 0 {
                self.pos += first_flagged_byte(stops);
                break;
            }
            self.pos += 8;
        }
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    let s = &self.text[plain_start..self.pos];
                    self.pos += 1;
                    return Ok(s.into());
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => return Err(self.control_character(b)),
                Some(_) => self.pos += 1,
                None => return Err(self.unterminated_string(open)),
            }
        }
        let mut out = String::with_capacity(self.pos - plain_start + 16);
        out.push_str(&self.text[plain_start..self.pos]);
        loop {
            let run = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run..self.pos]);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out.into());
                }
                Some(b'\\') => self.escape(open, &mut out)?,
                Some(&b) => return Err(self.control_character(b)),
                None => return Err(self.unterminated_string(open)),
            }
        }
    }

    /// An escape at `self.pos` (which is `\`), appended to `out`.
    fn escape(&mut self, open: usize, out: &mut String) -> PResult<()> {
        let start = self.pos;
        let Some(&kind) = self.bytes.get(start + 1) else {
            return Err(self.unterminated_string(open));
        };
        let simple = match kind {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            self.pos += 2;
            return Ok(());
        }
        if kind != b'u' {
            let end = start + 1 + self.char_len_at(start + 1);
            return Err(self.error_at(
                start,
                end,
                format!(
                    "invalid escape `{}` in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                    &self.text[start..end]
                ),
            ));
        }
        let high = self.hex4(start)?;
        self.pos = start + 6;
        let c = if (0xD800..0xDC00).contains(&high) {
            // A surrogate pair is two escapes; an unpaired half has no `char`, so it
            // becomes U+FFFD (Python's `json` accepts it, so the schema is not refused).
            let pair = self.bytes[self.pos..]
                .starts_with(b"\\u")
                .then(|| self.hex4(self.pos).ok())
                .flatten()
                .filter(|low| (0xDC00..0xE000).contains(low));
            match pair {
                Some(low) => {
                    self.pos += 6;
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                }
                None => None,
            }
        } else {
            char::from_u32(high)
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    /// The four hex digits of the `\u` escape at `at`.
    fn hex4(&self, at: usize) -> PResult<u32> {
        let digits = self.bytes.get(at + 2..at + 6);
        let value = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok());
        value.ok_or_else(|| {
            let mut end = at + 2;
            while end < (at + 6).min(self.bytes.len()) && self.bytes[end].is_ascii_hexdigit() {
                end += 1;
            }
            let end = end + self.char_len_at(end).min(self.bytes.len() - end);
            self.error_at(
                at,
                end,
                "invalid unicode escape; `\\u` takes exactly four hex digits",
            )
        })
    }

    /// A number at `self.pos`; returns its text.
    fn number(&mut self) -> PResult<Str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                match self.peek() {
                    Some(b'0'..=b'9') => {
                        return Err(self.error_at(
                            start,
                            self.digits_end(self.pos),
                            "numbers must not have leading zeros",
                        ))
                    }
                    Some(b'x' | b'X') => {
                        return Err(self.error_at(
                            start,
                            self.identifier_end(self.pos),
                            "hexadecimal numbers are not JSON; write the number in decimal",
                        ))
                    }
                    _ => {}
                }
            }
            Some(b'1'..=b'9') => self.pos = self.digits_end(self.pos),
            _ => {
                let what = if self.bytes[self.pos..].starts_with(b"Infinity") {
                    "`-Infinity` is not a JSON number"
                } else {
                    "expected a digit after `-`"
                };
                return Err(self.error_at(start, self.identifier_end(self.pos), what));
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error_at(
                    start,
                    self.pos,
                    "expected a digit after the decimal point",
                ));
            }
            self.pos = self.digits_end(self.pos);
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error_at(start, self.pos, "expected a digit in the exponent"));
            }
            self.pos = self.digits_end(self.pos);
        }
        Ok(self.text[start..self.pos].into())
    }

    fn digits_end(&self, mut at: usize) -> usize {
        while self.bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at
    }

    /// The end of the identifier-like word starting at `at` (at least one character).
    fn word_end(&self, at: usize) -> usize {
        match self.identifier_end(at) {
            end if end == at && at < self.bytes.len() => at + self.char_len_at(at),
            end => end,
        }
    }

    /// The end of the run of ASCII letters, digits, `_` and `$` starting at `at`.
    fn identifier_end(&self, mut at: usize) -> usize {
        while self
            .bytes
            .get(at)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
        {
            at += 1;
        }
        at
    }

    /// Steps over whitespace. A comment stops it like any other byte; whatever error
    /// then reports that position names the comment (see [`Parser::error_at`]).
    #[inline]
    fn skip_whitespace(&mut self) {
        let bytes = self.bytes;
        let mut pos = self.pos;
        while let Some(&b) = bytes.get(pos) {
            match b {
                b' ' | b'\r' | b'\t' => pos += 1,
                b'\n' => {
                    pos += 1;
                    // Indentation follows a newline: skip its spaces a word at a time.
                    while let Some(word) = word_at(bytes, pos) {
                        let other = word ^ broadcast(b' ');
                        if other != 0 {
                            pos += first_flagged_byte(other_than_zero(other));
                            break;
                        }
                        pos += 8;
                    }
                }
                _ => break,
            }
        }
        self.pos = pos;
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The UTF-8 length of the character starting at byte `at` (1 past the end).
    fn char_len_at(&self, at: usize) -> usize {
        self.text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8)
    }

    // ---- errors ----

    fn error_at(&self, start: usize, end: usize, message: impl Into<String>) -> Box<ParseError> {
        // Whitespace skipping stops at a comment, so the error found there is the comment.
        if self.bytes.get(start) == Some(&b'/')
            && matches!(self.bytes.get(start + 1), Some(b'/' | b'*'))
        {
            return self.comment(start);
        }
        let start = start.min(self.bytes.len());
        let end = end.min(self.bytes.len()).max(start);
        Box::new(ParseError {
            kind: ParseErrorKind::Syntax,
            message: message.into(),
            span: Span::new(start, end),
        })
    }

    /// An error on the character at `self.pos`.
    fn error_here(&self, message: impl Into<String>) -> Box<ParseError> {
        self.error_at(self.pos, self.pos + self.char_len_at(self.pos), message)
    }

    /// What stands at `self.pos`, for messages: `` `x` `` or "the end of the file".
    fn describe_here(&self) -> String {
        match self.text.get(self.pos..self.word_end(self.pos)) {
            Some(word) if !word.is_empty() => format!("`{word}`"),
            _ => "the end of the file".to_owned(),
        }
    }

    fn unexpected_value(&self) -> Box<ParseError> {
        self.unexpected_value_at(self.pos)
    }

    /// Something that is not a value where a value must be; names the usual mistakes.
    fn unexpected_value_at(&self, start: usize) -> Box<ParseError> {
        let end = match self.bytes[start] {
            // `+1`, `.5`: the sign or point and the number after it.
            b'+' | b'.' => self.word_end(start + 1).max(start + 1),
            _ => self.word_end(start),
        };
        let word = &self.text[start..end];
        let message = match word {
            "True" | "False" | "None" => format!(
                "`{word}` is Python, not JSON; write `{}`",
                match word {
                    "True" => "true",
                    "False" => "false",
                    _ => "null",
                }
            ),
            "NaN" | "Infinity" => format!("`{word}` is not a JSON number"),
            "undefined" => "`undefined` is not JSON; write `null` or leave the member out".into(),
            _ => match self.bytes[start] {
                b'\'' => "strings must be in double quotes (`\"`), not single quotes".into(),
                b'+' => "numbers must not start with `+`".into(),
                b'.' => "numbers need a digit before the decimal point (`0.5`, not `.5`)".into(),
                b'}' | b']' => format!("expected a JSON value, found `{word}`"),
                _ => format!("unexpected `{word}`; expected a JSON value"),
            },
        };
        self.error_at(start, end, message)
    }

    fn bad_key(&self) -> Box<ParseError> {
        let start = self.pos;
        let end = self.word_end(start);
        let message = match self.bytes[start] {
            b'\'' => "object keys must be in double quotes (`\"`), not single quotes".into(),
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => format!(
                "object keys must be double-quoted strings; write `\"{}\"`",
                &self.text[start..end]
            ),
            _ => format!(
                "expected an object key (a double-quoted string), found `{}`",
                &self.text[start..end]
            ),
        };
        self.error_at(start, end, message)
    }

    fn trailing_comma(&self, comma: usize, close: char) -> Box<ParseError> {
        self.error_at(
            comma,
            comma + 1,
            format!("trailing comma: JSON allows no comma before `{close}`"),
        )
    }

    fn comment(&self, start: usize) -> Box<ParseError> {
        let end = match self.bytes.get(start + 1) {
            Some(b'/') => self.text[start..]
                .find('\n')
                .map_or(self.bytes.len(), |i| start + i),
            Some(b'*') => self.text[start + 2..]
                .find("*/")
                .map_or(self.bytes.len(), |i| start + 2 + i + 2),
            _ => start + 1,
        };
        Box::new(ParseError {
            kind: ParseErrorKind::Syntax,
            message: "comments are not allowed in JSON".into(),
            span: Span::new(start, end),
        })
    }

    fn control_character(&self, b: u8) -> Box<ParseError> {
        self.error_at(
            self.pos,
            self.pos + 1,
            format!(
                "unescaped control character U+{b:04X} in a string; write it as an escape (e.g. \\n)"
            ),
        )
    }

    fn unterminated_string(&self, open: usize) -> Box<ParseError> {
        self.error_at(
            open,
            self.bytes.len(),
            "unterminated string: the file ends before its closing `\"`",
        )
    }

    /// The file ended inside the innermost open container.
    fn unterminated(&self) -> Box<ParseError> {
        match self.open.last() {
            Some(open) => {
                let (what, close) = if open.object {
                    ("object", '}')
                } else {
                    ("array", ']')
                };
                self.error_at(
                    open.start,
                    self.bytes.len(),
                    format!("unterminated {what}: the file ends before its closing `{close}`"),
                )
            }
            None => self.error_at(self.pos, self.pos, "unexpected end of file"),
        }
    }

    fn end_of_file(&self, expected: &str) -> Box<ParseError> {
        if self.open.is_empty() {
            self.error_at(
                self.pos,
                self.pos,
                format!("unexpected end of file; {expected}"),
            )
        } else {
            self.unterminated()
        }
    }
}

/// Objects with more keys than this look for repeats by sorting, not hashing.
const HASHED_KEYS_MAX: usize = 1 << 16;

/// Containers of this many entries or more may take the scratch list's buffer.
const BIG_CONTAINER: usize = 1 << 12;

/// Moves `scratch[first..]` into a `Vec` of exactly that length, leaving the scratch
/// list's buffer in place for the next container (unless the container is most of it).
fn take_from<T>(scratch: &mut Vec<T>, first: usize) -> Vec<T> {
    let len = scratch.len() - first;
    if len >= BIG_CONTAINER && first <= len / 8 {
        // A wide container, nearly all of the list: hand over the buffer itself (the few
        // entries before it moved out, the rest shifted down) instead of a second copy of
        // it at the moment the tree is largest.
        let head: Vec<T> = scratch.drain(..first).collect();
        let mut taken = std::mem::replace(scratch, head);
        taken.shrink_to_fit();
        return taken;
    }
    if first == 0 {
        // `split_off(0)` would hand over the whole buffer and allocate a new one.
        let mut taken = Vec::with_capacity(scratch.len());
        taken.append(scratch);
        taken
    } else {
        // One allocation and one copy of the block (`drain` moves element by element).
        scratch.split_off(first)
    }
}

// Word-at-a-time byte tests ("SWAR"): a word is 8 bytes read little-endian, so the
// lowest flagged byte is the first in the text. Each test sets the high bit of every
// byte it matches; bytes above the first match may be flagged wrongly (borrows), which
// is harmless because only the first flagged byte is used.

const LOW_BITS: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);

fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

const fn broadcast(b: u8) -> u64 {
    LOW_BITS * b as u64
}

/// Flags the zero bytes of `word`.
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(LOW_BITS) & !word & HIGH_BITS
}

/// Flags the nonzero bytes of `word` (exact for every byte).
fn other_than_zero(word: u64) -> u64 {
    // A byte's high bit is set when the byte ORed with its low seven bits plus 0x7F carries.
    ((word & !HIGH_BITS).wrapping_add(!HIGH_BITS) | word) & HIGH_BITS
}

/// Flags the bytes that end a plain run inside a string: `"`, `\` and controls (< 0x20).
fn string_stops(word: u64) -> u64 {
    let controls = word.wrapping_sub(broadcast(0x20)) & !word & HIGH_BITS;
    zero_bytes(word ^ broadcast(b'"')) | zero_bytes(word ^ broadcast(b'\\')) | controls
}

/// The index (0–7) of the lowest flagged byte; `flags` is not zero.
fn first_flagged_byte(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

/// A key for messages: `` `name` `` (JSON-escaped when it holds quotes or controls).
fn quoted(key: &str) -> String {
    format!(
        "`{}`",
        serde_json::to_string(key)
            .unwrap_or_default()
            .trim_matches('"')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message and the text under the error's span.
    fn error(text: &str) -> (String, String) {
        let e = parse(text, 0, MAX_NESTING).expect_err(text);
        (e.message, text[e.span.start..e.span.end].to_owned())
    }

    #[test]
    fn names_the_usual_mistakes_where_they_are() {
        let cases: &[(&str, &str, &str)] = &[
            ("{\"a\": 1,}", "trailing comma", ","),
            (
                "[1, 2, ]",
                "trailing comma: JSON allows no comma before `]`",
                ",",
            ),
            (
                "{\n  // note\n  \"a\": 1}",
                "comments are not allowed",
                "// note",
            ),
            ("{/* c */}", "comments are not allowed", "/* c */"),
            ("{'a': 1}", "keys must be in double quotes", "'"),
            ("{\"a\": 'x'}", "strings must be in double quotes", "'"),
            ("{a: 1}", "write `\"a\"`", "a"),
            (
                "{\"a\": True}",
                "`True` is Python, not JSON; write `true`",
                "True",
            ),
            ("[None]", "write `null`", "None"),
            ("[NaN]", "`NaN` is not a JSON number", "NaN"),
            (
                "[-Infinity]",
                "`-Infinity` is not a JSON number",
                "-Infinity",
            ),
            ("[+1]", "must not start with `+`", "+1"),
            ("[.5]", "digit before the decimal point", ".5"),
            ("[01]", "leading zeros", "01"),
            ("[0x1F]", "hexadecimal", "0x1F"),
            ("[1.]", "digit after the decimal point", "1."),
            ("[1e]", "digit in the exponent", "1e"),
            ("[-]", "digit after `-`", "-"),
            ("[nullx]", "unexpected `nullx`", "nullx"),
            ("{\"a\" 1}", "expected `:` after the key `a`", "1"),
            ("{\"a\": 1 \"b\": 2}", "a comma is missing", "\""),
            (
                "[1 2]",
                "expected `,` or `]` after an array element, found `2`",
                "2",
            ),
            (
                "{\"a\": 1]",
                "expected `,` or `}` after an object member, found `]`",
                "]",
            ),
            ("\"a\tb\"", "unescaped control character U+0009", "\t"),
            ("[\"\\x\"]", "invalid escape `\\x`", "\\x"),
            ("[\"\\u12G4\"]", "four hex digits", "\\u12G"),
            ("{} {}", "after the JSON value", "{}"),
            ("", "the file is empty", ""),
            ("  \n", "the file is empty", ""),
            ("[1, 2", "unterminated array", "[1, 2"),
            (
                "{\"a\": {\"b\": 1}",
                "unterminated object",
                "{\"a\": {\"b\": 1}",
            ),
            (
                "{\"a\": {\"b\": ",
                "unterminated object: the file ends before its closing `}`",
                "{\"b\": ",
            ),
            ("[\"abc", "unterminated string", "\"abc"),
            ("[\"a\\", "unterminated string", "\"a\\"),
            ("[é]", "unexpected `é`", "é"),
        ];
        for (text, message, under) in cases {
            let (got, got_under) = error(text);
            assert!(got.contains(message), "{text:?}: {got:?} lacks {message:?}");
            assert_eq!(&got_under, under, "{text:?}: span of {got:?}");
        }
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let (node, _) = parse(
            r#"["a\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "\ud800x"]"#,
            0,
            MAX_NESTING,
        )
        .unwrap();
        let items: Vec<&str> = node
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert_eq!(items, ["a\"\\/\u{8}\u{c}\n\r\t", "é😀", "\u{fffd}x"]);
    }

    #[test]
    fn spans_are_byte_offsets_past_the_bom() {
        let text = "\u{feff}{\"é\": [true, -1.5e3]}";
        let (node, _) = parse(text, 3, MAX_NESTING).unwrap();
        let member = &node.as_object().unwrap()[0];
        assert_eq!(&text[member.key_span.start..member.key_span.end], "\"é\"");
        let items = member.value.as_array().unwrap();
        assert_eq!(&text[items[1].span.start..items[1].span.end], "-1.5e3");
        assert_eq!(items[1].value, Value::Number("-1.5e3".into()));
        assert_eq!(node.span, Span::new(3, text.len()));
    }

    #[test]
    fn finds_duplicate_keys_with_their_pointers_in_document_order() {
        let wide: Vec<String> = (0..20).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!(
            r#"{{"anyOf": [{{"a": 1, "b": {{"c": 1, "c": 2}}, "a": 2}}], "w": {{{}, "k3": 0}}, "anyOf": []}}"#,
            wide.join(", ")
        );
        let (_, duplicates) = parse(&text, 0, MAX_NESTING).unwrap();
        let found: Vec<(&str, &str, &str)> = duplicates
            .iter()
            .map(|d| {
                (
                    d.pointer.as_str(),
                    &text[d.span.start..d.span.end],
                    &text[d.first.start..d.first.end],
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("/anyOf/0/b/c", "\"c\"", "\"c\""),
                ("/anyOf/0/a", "\"a\"", "\"a\""),
                ("/w/k3", "\"k3\"", "\"k3\""),
                ("/anyOf", "\"anyOf\"", "\"anyOf\""),
            ]
        );
        assert!(duplicates.iter().all(|d| d.first.start < d.span.start));
        // Wide objects with sorted keys take a shortcut; a repeat at the end is still found.
        let sorted: Vec<String> = (10..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let clean = format!("{{{}}}", sorted.join(", "));
        assert!(parse(&clean, 0, MAX_NESTING).unwrap().1.is_empty());
        let repeated = format!("{{{}, \"k39\": 0}}", sorted.join(", "));
        let (_, duplicates) = parse(&repeated, 0, MAX_NESTING).unwrap();
        assert_eq!(duplicates.len(), 1);
        assert_eq!(duplicates[0].pointer.as_str(), "/k39");
    }

    proptest::proptest! {
        #[test]
        fn word_tests_find_the_same_first_byte_as_a_byte_loop(bytes: [u8; 8], pick: [u8; 8]) {
            // Bias towards the bytes that matter: quotes, backslashes, controls, spaces.
            let special = [b'"', b'\\', 0x1f, 0x20, b' ', 0, 0x7f, 0x80];
            let bytes: Vec<u8> = bytes
                .iter()
                .zip(pick)
                .map(|(&b, p)| if p % 2 == 0 { special[usize::from(p / 2 % 8)] } else { b })
                .collect();
            let word = word_at(&bytes, 0).unwrap();
            let stop = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let stops = string_stops(word);
            proptest::prop_assert_eq!((stops != 0).then(|| first_flagged_byte(stops)), stop);
            let non_space = bytes.iter().position(|&b| b != b' ');
            let other = other_than_zero(word ^ broadcast(b' '));
            proptest::prop_assert_eq!((other != 0).then(|| first_flagged_byte(other)), non_space);
        }
    }

    #[test]
    fn long_indentation_and_long_strings_take_the_word_paths() {
        let text = format!(
            "{{\n{}\"{}\": \"{}\\n{}\"\n{}}}",
            " ".repeat(37),
            "k".repeat(21),
            "é".repeat(13),
            "x".repeat(9),
            " ".repeat(17)
        );
        let (node, _) = parse(&text, 0, MAX_NESTING).unwrap();
        let member = &node.as_object().unwrap()[0];
        assert_eq!(&*member.key, "k".repeat(21));
        let expected = format!("{}\n{}", "é".repeat(13), "x".repeat(9));
        assert_eq!(member.value.as_str(), Some(expected.as_str()));
        let (message, under) = error(&format!("[\"{}\u{1}\"]", "a".repeat(11)));
        assert!(message.contains("U+0001"), "{message}");
        assert_eq!(under, "\u{1}");
    }

    #[test]
    fn refuses_nesting_past_the_limit_without_overflowing() {
        let ok = "[".repeat(MAX_NESTING) + &"]".repeat(MAX_NESTING);
        assert!(parse(&ok, 0, MAX_NESTING).is_ok());
        let deep = "[".repeat(MAX_NESTING + 1) + &"]".repeat(MAX_NESTING + 1);
        let (message, under) = error(&deep);
        assert!(message.contains("deeper than 1000 levels"), "{message}");
        assert_eq!(under, "[");
        // A hostile file far past the limit stops at the limit too.
        assert!(parse(&"[".repeat(1_000_000), 0, MAX_NESTING).is_err());
        // The limit is a parameter: objects count like arrays, and the error says which limit.
        let e = parse(r#"{"a": [{"b": 1}]}"#, 0, 2).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::TooDeep { limit: 2 });
        assert_eq!(e.span, Span::new(7, 8));
        assert!(parse(r#"{"a": [[]]}"#, 0, 3).is_ok());
    }
}
