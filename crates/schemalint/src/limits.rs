//! Hostile input: the nesting limit (`--max-depth`), and reading JSON in chunks so that a
//! refused file costs only the bytes up to its first fatal error.
//!
//! Every JSON input the command line reads (`check`'s files, `validate`'s schema and
//! instances, whole files, standard input and JSONL lines) goes through [`read_json`] or
//! [`read_json_lines`]: a [`Scanner`] checks the syntax and the nesting of each chunk as it
//! arrives, and reading stops a few bytes past the first fatal error. The parsers then
//! run on what was read, so their messages (and positions) are the ones a whole-file
//! parse gives, while a 100 MB file refused at byte 17,000 costs 17 KB.

use std::io;
use std::ops::ControlFlow;

/// The default nesting limit: at most this many arrays and objects inside one another, for
/// every kind of input (the same number `schemalint check` has always used).
pub const DEFAULT_MAX_DEPTH: usize = schemalint_check::source::MAX_NESTING;

/// The highest `--max-depth` accepted. The recursive steps after parsing (the rule walk,
/// the validator's compiler, dropping a tree) run on threads whose stacks are sized for
/// the limit ([`stack_for`]); this keeps those stacks reasonable.
pub const MAX_MAX_DEPTH: usize = 10_000;

/// `--max-depth`, shared by `check` and `validate`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LimitArgs {
    /// Refuse JSON whose arrays and objects nest deeper than N levels (schemas, request
    /// bodies and instances alike; at most 10000). Reading stops at the first bracket
    /// past the limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_DEPTH, value_parser = parse_max_depth, help_heading = "Limits")]
    pub max_depth: usize,
}

impl Default for LimitArgs {
    fn default() -> Self {
        LimitArgs {
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

fn parse_max_depth(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if (1..=MAX_MAX_DEPTH).contains(&n) {
        Ok(n)
    } else {
        Err(format!(
            "the nesting limit must be between 1 and {MAX_MAX_DEPTH}"
        ))
    }
}

/// Stack bytes per nesting level for the recursive steps after parsing (generous: debug
/// builds use several kilobytes per level of the rule walk). Only touched pages are
/// committed, so a big reservation costs nothing until a deep file arrives.
const STACK_PER_LEVEL: usize = 64 << 10;

/// The stack for a thread that handles documents nested up to `max_depth` levels.
pub fn stack_for(max_depth: usize) -> usize {
    max_depth
        .saturating_mul(STACK_PER_LEVEL)
        .clamp(8 << 20, MAX_MAX_DEPTH * STACK_PER_LEVEL)
}

/// Runs `f` on a thread whose stack holds `max_depth` levels (on this thread when no such
/// thread can be started).
pub fn with_stack_for<R: Send>(max_depth: usize, f: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("schemalint-main".to_owned())
            .stack_size(stack_for(max_depth))
            .spawn_scoped(scope, f);
        match spawned {
            Ok(handle) => match handle.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => no_thread(),
        }
    })
}

/// Spawning only fails when the system is out of threads or memory (and `f` is gone with
/// the attempt): say so and exit like any other fatal I/O problem.
fn no_thread<R>() -> R {
    eprintln!("error: cannot start a thread (out of memory or threads)");
    std::process::exit(2)
}

/// Reads and parses a JSON file needed whole (`what`: "schema", "request", "document"):
/// in chunks, up to its first fatal error, with the parser and nesting limit `check`
/// uses, so every input kind has the same limit and the same words.
pub fn read_document(
    what: &str,
    path: &std::path::Path,
    max_depth: usize,
) -> Result<schemalint_check::source::Document, String> {
    let name = path.display().to_string();
    let read = crate::files::Input::File(path.to_path_buf())
        .read_json(max_depth)
        .map_err(|e| format!("cannot read {what} {name}: {e}"))?;
    parse_document(what, &name, &read.bytes, max_depth)
}

/// Parses the bytes of [`read_document`]; the error names the file, the position and,
/// for nesting past the limit, how to raise it (such a file may well be valid JSON).
pub fn parse_document(
    what: &str,
    name: &str,
    bytes: &[u8],
    max_depth: usize,
) -> Result<schemalint_check::source::Document, String> {
    use schemalint_check::source::{parse_bytes_nested, ParseErrorKind};
    parse_bytes_nested(name, bytes, max_depth).map_err(|(source, e)| {
        let at = source.map_or_else(String::new, |s| {
            let p = s.position(e.span.start);
            format!(" (line {}, column {})", p.line, p.column)
        });
        match e.kind {
            ParseErrorKind::TooDeep { .. } => format!(
                "{what} {name} nests too deep: {}{at}; raise the limit with --max-depth N if the nesting is intended",
                e.message
            ),
            _ => format!("{what} {name} is not valid JSON: {}{at}", e.message),
        }
    })
}

/// Why reading stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// Byte offset of the first fatal error (for a JSONL line: within the line).
    pub offset: usize,
    /// The error is nesting past the limit (the bytes may be valid JSON); otherwise a
    /// syntax error.
    pub too_deep: bool,
}

/// What [`read_json`] read.
#[derive(Debug)]
pub struct Read {
    /// The whole input, or, when `refused`, the bytes up to a little past the error.
    pub bytes: Vec<u8>,
    pub refused: Option<Refusal>,
    /// When `refused`: bytes already read past the cut; the reader goes on after them
    /// (so a caller that reads on, as JSON Lines, loses nothing).
    pub rest: Vec<u8>,
}

/// Bytes read in one go.
const CHUNK: usize = 64 << 10;

/// Bytes kept past a fatal error, so that the parser's message (which may name the word
/// or comment that starts there) reads as it would on the whole file.
const MARGIN: usize = 256;

/// Reads one JSON document, stopping soon after its first fatal error.
pub fn read_json(reader: &mut impl io::Read, max_depth: usize) -> io::Result<Read> {
    let mut scanner = Scanner::new(max_depth);
    let mut bytes = Vec::new();
    let mut chunk = vec![0; CHUNK];
    loop {
        let n = read_some(reader, &mut chunk)?;
        if n == 0 {
            return Ok(Read {
                bytes,
                refused: None,
                rest: Vec::new(),
            });
        }
        bytes.extend_from_slice(&chunk[..n]);
        if let Some(refusal) = scanner.feed(&chunk[..n]) {
            let keep = refusal.offset.saturating_add(MARGIN);
            while bytes.len() < keep {
                let n = read_some(reader, &mut chunk)?;
                if n == 0 {
                    break;
                }
                bytes.extend_from_slice(&chunk[..n]);
            }
            let cut = utf8_prefix(&bytes[..keep.min(bytes.len())], refusal.offset);
            let rest = bytes.split_off(cut);
            return Ok(Read {
                bytes,
                refused: Some(refusal),
                rest,
            });
        }
    }
}

/// One line of a JSON Lines input.
#[derive(Debug)]
pub struct Line<'a> {
    /// 1-based.
    pub number: usize,
    /// The line without its `\n`; when `refused`, cut a little past the error.
    pub bytes: &'a [u8],
    pub refused: Option<Refusal>,
}

/// What [`read_json_lines`] hands over.
#[derive(Debug)]
pub enum LineEvent<'a> {
    /// A complete line.
    Line(Line<'a>),
    /// Every line read so far was handed over, and the next read may wait for input.
    Waiting,
}

/// A JSON Lines line longer than the limit given to [`read_json_lines`]: the error
/// inside the `io::Error` it returns (kind `InvalidData`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTooLong {
    /// 1-based.
    pub number: usize,
    pub limit: usize,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is longer than {}",
            self.number,
            describe_size(self.limit)
        )
    }
}

impl std::error::Error for LineTooLong {}

/// Reads JSON Lines, handing each line to `each` as soon as it is complete (and
/// [`LineEvent::Waiting`] before each read after the first). A line is checked like a
/// document of its own: past its first fatal error, the rest of the line is skipped
/// without being kept. Memory holds one line: a line longer than `max_line` bytes is an
/// error ([`LineTooLong`]). Reading stops when `each` returns `Break`.
pub fn read_json_lines(
    mut reader: impl io::Read,
    max_depth: usize,
    max_line: usize,
    mut each: impl FnMut(LineEvent<'_>) -> ControlFlow<()>,
) -> io::Result<()> {
    let mut scanner = Scanner::new(max_depth);
    let mut line = Vec::new();
    let mut refused: Option<Refusal> = None;
    let mut number = 1;
    let mut chunk = vec![0; CHUNK];
    let mut finish_line =
        |line: &mut Vec<u8>,
         refused: &mut Option<Refusal>,
         scanner: &mut Scanner,
         each: &mut dyn FnMut(LineEvent<'_>) -> ControlFlow<()>| {
            if let Some(r) = refused {
                cut_to_utf8(line, r.offset);
            }
            let flow = each(LineEvent::Line(Line {
                number,
                bytes: line,
                refused: refused.take(),
            }));
            number += 1;
            line.clear();
            *scanner = Scanner::new(max_depth);
            flow
        };
    let mut first_read = true;
    loop {
        if !std::mem::take(&mut first_read) && each(LineEvent::Waiting).is_break() {
            return Ok(());
        }
        let n = read_some(&mut reader, &mut chunk)?;
        if n == 0 {
            if !line.is_empty() {
                let _ = finish_line(&mut line, &mut refused, &mut scanner, &mut each);
            }
            return Ok(());
        }
        let mut rest = &chunk[..n];
        while !rest.is_empty() {
            let (part, ended) = match memchr::memchr(b'\n', rest) {
                Some(i) => (&rest[..i], Some(i)),
                None => (rest, None),
            };
            match refused {
                None => {
                    line.extend_from_slice(part);
                    refused = scanner.feed(part);
                    match refused {
                        Some(r) => line.truncate(r.offset.saturating_add(MARGIN)),
                        None if line.len() > max_line => {
                            let too_long = LineTooLong {
                                number,
                                limit: max_line,
                            };
                            return Err(io::Error::new(io::ErrorKind::InvalidData, too_long));
                        }
                        None => {}
                    }
                }
                Some(r) => {
                    let room = r.offset.saturating_add(MARGIN).saturating_sub(line.len());
                    line.extend_from_slice(&part[..part.len().min(room)]);
                }
            }
            match ended {
                Some(i) => {
                    let flow = finish_line(&mut line, &mut refused, &mut scanner, &mut each);
                    if flow.is_break() {
                        return Ok(());
                    }
                    rest = &rest[i + 1..];
                }
                None => rest = &[],
            }
        }
    }
}

/// Parses a size: bytes, or with a binary suffix `K`, `M` or `G` (`64M`).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let trimmed = text.trim();
    let (digits, unit) = match trimmed.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&trimmed[..i], c.to_ascii_uppercase()),
        _ => (trimmed, 'B'),
    };
    let shift = match unit {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("`{text}`: the unit must be K, M or G")),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (bytes, or a number with K, M or G)"))?;
    match n.checked_mul(1 << shift) {
        Some(size) if size > 0 => Ok(size),
        Some(_) => Err("the size must be at least 1 byte".to_owned()),
        None => Err(format!("`{text}` is too large")),
    }
}

/// `64 MiB`, `1000 bytes`: a size as messages name it.
pub fn describe_size(size: usize) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if size >= 1 << shift && size % (1 << shift) == 0 {
            return format!("{} {unit}", size >> shift);
        }
    }
    format!("{size} bytes")
}

fn read_some(reader: &mut impl io::Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Cuts `bytes` at the first invalid UTF-8 sequence after `error` (a character split by
/// the cut, or a bad byte inside the margin): those are not the file's first error.
fn cut_to_utf8(bytes: &mut Vec<u8>, error: usize) {
    bytes.truncate(utf8_prefix(bytes, error));
}

/// The length of `bytes` without a bad UTF-8 tail after `error` (see [`cut_to_utf8`]).
fn utf8_prefix(bytes: &[u8], error: usize) -> usize {
    match std::str::from_utf8(bytes) {
        Err(e) if e.valid_up_to() > error => e.valid_up_to(),
        _ => bytes.len(),
    }
}

/// Where the scanner is in the grammar of RFC 8259.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the document's value; a UTF-8 byte-order mark may come first.
    Start,
    /// Inside a byte-order mark: this many bytes of it remain.
    Bom(u8),
    /// A value (after `:`, or after `,` in an array).
    Value,
    /// After `[`: a value or `]`.
    FirstItem,
    /// After `{`: a key or `}`.
    FirstKey,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a value inside a container: `,` or the closing bracket.
    AfterValue,
    /// After the document's value: whitespace only.
    End,
    String {
        key: bool,
    },
    Escape {
        key: bool,
    },
    /// In a `\u` escape: this many hex digits remain.
    Unicode {
        key: bool,
        left: u8,
    },
    Number(Num),
    /// In `true`, `false` or `null`: these bytes remain.
    Literal(&'static [u8]),
}

/// Where the scanner is in a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Point,
    Fraction,
    Exponent,
    ExponentSign,
    ExponentDigits,
}

/// A push-down recogniser of strict JSON (RFC 8259) fed in chunks: it says where the
/// first fatal error is (a syntax error, or a bracket past the nesting limit) without
/// building anything. It accepts everything the parsers accept (it is never stricter:
/// the parsers, run afterwards, have the last word) and its nesting count is the
/// parsers' (`[[]]` is two levels).
#[derive(Debug)]
pub struct Scanner {
    max_depth: usize,
    /// The open containers' closing brackets, innermost last.
    open: Vec<u8>,
    state: State,
    /// Bytes fed so far.
    offset: usize,
}

impl Scanner {
    pub fn new(max_depth: usize) -> Scanner {
        Scanner {
            max_depth,
            open: Vec::new(),
            state: State::Start,
            offset: 0,
        }
    }

    /// Scans the next bytes of the document; `Some` at the first fatal error (later
    /// calls are not meaningful).
    pub fn feed(&mut self, bytes: &[u8]) -> Option<Refusal> {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match self.state {
                State::String { key } => {
                    // The common case: a run of plain bytes.
                    let run = bytes[i..]
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .unwrap_or(bytes.len() - i);
                    i += run;
                    let Some(&b) = bytes.get(i) else { break };
                    match b {
                        b'"' if key => self.state = State::Colon,
                        b'"' => self.value_done(),
                        b'\\' => self.state = State::Escape { key },
                        _ => return self.syntax_error(i),
                    }
                }
                State::Escape { key } => match b {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                        self.state = State::String { key };
                    }
                    b'u' => self.state = State::Unicode { key, left: 4 },
                    _ => return self.syntax_error(i),
                },
                State::Unicode { key, left } => {
                    if !b.is_ascii_hexdigit() {
                        return self.syntax_error(i);
                    }
                    self.state = if left == 1 {
                        State::String { key }
                    } else {
                        State::Unicode {
                            key,
                            left: left - 1,
                        }
                    };
                }
                State::Number(num) => {
                    let next = match (num, b) {
                        (Num::Minus, b'0') => Some(Num::Zero),
                        (Num::Minus, b'1'..=b'9') => Some(Num::Int),
                        (Num::Int, b'0'..=b'9') => Some(Num::Int),
                        (Num::Zero | Num::Int, b'.') => Some(Num::Point),
                        (Num::Point | Num::Fraction, b'0'..=b'9') => Some(Num::Fraction),
                        (Num::Zero | Num::Int | Num::Fraction, b'e' | b'E') => Some(Num::Exponent),
                        (Num::Exponent, b'+' | b'-') => Some(Num::ExponentSign),
                        (Num::Exponent | Num::ExponentSign | Num::ExponentDigits, b'0'..=b'9') => {
                            Some(Num::ExponentDigits)
                        }
                        _ => None,
                    };
                    match next {
                        Some(next) => self.state = State::Number(next),
                        None if matches!(
                            num,
                            Num::Zero | Num::Int | Num::Fraction | Num::ExponentDigits
                        ) =>
                        {
                            // The number ended before this byte, which is read again.
                            self.value_done();
                            continue;
                        }
                        None => return self.syntax_error(i),
                    }
                }
                State::Literal(rest) => {
                    if rest.first() != Some(&b) {
                        return self.syntax_error(i);
                    }
                    if rest.len() == 1 {
                        self.value_done();
                    } else {
                        self.state = State::Literal(&rest[1..]);
                    }
                }
                State::Bom(left) => {
                    let expected = if left == 2 { 0xBB } else { 0xBF };
                    if b != expected {
                        return self.syntax_error(i);
                    }
                    self.state = if left == 1 {
                        State::Value
                    } else {
                        State::Bom(left - 1)
                    };
                }
                _ if matches!(b, b' ' | b'\t' | b'\n' | b'\r') => {}
                State::Start if b == 0xEF && self.offset + i == 0 => self.state = State::Bom(2),
                State::Start | State::Value | State::FirstItem => {
                    if let Some(refusal) = self.value_start(b, i) {
                        return Some(refusal);
                    }
                }
                State::FirstKey | State::Key => match b {
                    b'"' => self.state = State::String { key: true },
                    b'}' if self.state == State::FirstKey => self.close(),
                    _ => return self.syntax_error(i),
                },
                State::Colon => match b {
                    b':' => self.state = State::Value,
                    _ => return self.syntax_error(i),
                },
                State::AfterValue => match (b, self.open.last()) {
                    (b',', Some(b'}')) => self.state = State::Key,
                    (b',', _) => self.state = State::Value,
                    (_, Some(&close)) if b == close => self.close(),
                    _ => return self.syntax_error(i),
                },
                State::End => return self.syntax_error(i),
            }
            i += 1;
        }
        self.offset += bytes.len();
        None
    }

    /// The first byte of a value (or `]` right after `[`).
    fn value_start(&mut self, b: u8, i: usize) -> Option<Refusal> {
        self.state = match b {
            b']' if self.state == State::FirstItem => {
                self.close();
                return None;
            }
            b'{' | b'[' => {
                if self.open.len() >= self.max_depth {
                    return Some(Refusal {
                        offset: self.offset + i,
                        too_deep: true,
                    });
                }
                self.open.push(if b == b'{' { b'}' } else { b']' });
                if b == b'{' {
                    State::FirstKey
                } else {
                    State::FirstItem
                }
            }
            b'"' => State::String { key: false },
            b'-' => State::Number(Num::Minus),
            b'0' => State::Number(Num::Zero),
            b'1'..=b'9' => State::Number(Num::Int),
            b't' => State::Literal(b"rue"),
            b'f' => State::Literal(b"alse"),
            b'n' => State::Literal(b"ull"),
            _ => return self.syntax_error(i),
        };
        None
    }

    fn close(&mut self) {
        self.open.pop();
        self.value_done();
    }

    fn value_done(&mut self) {
        self.state = if self.open.is_empty() {
            State::End
        } else {
            State::AfterValue
        };
    }

    fn syntax_error(&self, i: usize) -> Option<Refusal> {
        Some(Refusal {
            offset: self.offset + i,
            too_deep: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the scanner stops on `text` fed in pieces of `piece` bytes.
    fn stop(text: &[u8], max_depth: usize, piece: usize) -> Option<Refusal> {
        let mut s = Scanner::new(max_depth);
        text.chunks(piece).find_map(|c| s.feed(c))
    }

    #[test]
    fn accepts_what_the_parser_accepts_in_any_chunking() {
        let docs: &[&str] = &[
            r#"{"a": [1, -0.5e+3, 0, 1E9, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"], "b": {}}"#,
            "\u{feff} [ ] ",
            "\"é😀\"",
            "-0",
            "12",
            "[[],[[]],{\"k\":{}}]",
        ];
        for doc in docs {
            for piece in [1, 2, 3, 7, 1000] {
                assert_eq!(stop(doc.as_bytes(), 10, piece), None, "{doc:?} in {piece}s");
                let parsed = schemalint_check::source::parse("t", doc);
                assert!(parsed.is_ok(), "{doc:?}");
            }
        }
    }

    #[test]
    fn stops_at_the_parsers_first_error() {
        let bad: &[&str] = &[
            "{\"a\": 1,}",
            "// c\n{}",
            "{a: 1}",
            "{'a': 1}",
            "[0x10]",
            "[+1]",
            "[.5]",
            "[NaN]",
            "\"a\tb\"",
            "{} {}",
            "[01]",
            "[1.]",
            "[1e]",
            "[-]",
            "[nullx]",
            "{\"a\" 1}",
            "[1 2]",
            "{\"a\": 1]",
            "[\"\\x\"]",
            "[\"\\u12G4\"]",
            "[é]",
            "\u{feff}\u{feff}[]",
        ];
        for text in bad {
            let (_, e) = schemalint_check::source::parse("t", text).unwrap_err();
            for piece in [1, 3, 1000] {
                // At the parser's error or a few bytes into it (the parser names the
                // whole token: `01`, `nullx`), well within the margin kept.
                let found = stop(text.as_bytes(), 10, piece).expect(text);
                assert!(
                    (e.span.start..e.span.start + 8).contains(&found.offset) && !found.too_deep,
                    "{text:?} in {piece}s: stopped at {found:?}, the parser says {:?} at {:?}",
                    e.message,
                    e.span
                );
            }
        }
    }

    #[test]
    fn nesting_counts_like_the_parser() {
        let text = r#"{"a": [{"b": [1]}]}"#;
        assert_eq!(stop(text.as_bytes(), 4, 5), None);
        let refusal = stop(text.as_bytes(), 3, 5).unwrap();
        assert!(refusal.too_deep);
        let (_, e) = schemalint_check::source::parse_nested("t", text, 3).unwrap_err();
        assert_eq!(refusal.offset, e.span.start);
    }

    #[test]
    fn reads_stop_a_margin_past_the_error() {
        let mut text = "[".repeat(2_000);
        text.push_str(&"]".repeat(2_000));
        let read = read_json(&mut text.as_bytes(), 1_000).unwrap();
        assert_eq!(
            read.refused,
            Some(Refusal {
                offset: 1_000,
                too_deep: true
            })
        );
        assert_eq!(read.bytes.len(), 1_000 + MARGIN);
        let read = read_json(&mut text.as_bytes(), 2_000).unwrap();
        assert_eq!((read.refused, read.bytes.len()), (None, 4_000));
        // A character cut by the margin is dropped, so the prefix is still UTF-8.
        let text = format!("[x{}", "é".repeat(MARGIN));
        let read = read_json(&mut text.as_bytes(), 10).unwrap();
        assert!(std::str::from_utf8(&read.bytes).is_ok());
        assert_eq!(read.refused.map(|r| r.offset), Some(1));
    }

    #[test]
    fn lines_are_documents_of_their_own() {
        let deep = "[".repeat(5_000);
        let text = format!("{{\"a\": 1}}\n{deep}\r\n[1, 2\n\n[]");
        let mut seen = Vec::new();
        read_json_lines(text.as_bytes(), 100, 1 << 20, |event| {
            if let LineEvent::Line(line) = event {
                seen.push((line.number, line.bytes.len(), line.refused));
            }
            ControlFlow::Continue(())
        })
        .unwrap();
        let deep_refusal = Some(Refusal {
            offset: 100,
            too_deep: true,
        });
        assert_eq!(
            seen,
            [
                (1, 8, None),
                (2, 100 + MARGIN, deep_refusal),
                (3, 5, None),
                (4, 0, None),
                (5, 2, None)
            ]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_naming_it() {
        // Exactly at the limit is fine, one byte more is not (the break does not count),
        // also when the line spans many reads. A refused line is cut, so it never is.
        let long = format!("\"{}\"", "x".repeat(CHUNK * 2));
        for (text, limit, lines_before) in [
            ("12345\n123456\n".to_owned(), 5, 1),
            (format!("1\n{long}\n"), CHUNK * 2, 1),
            (format!("[x{long}\n{long}"), CHUNK * 2, 1),
        ] {
            let mut seen = 0;
            let e = read_json_lines(text.as_bytes(), 100, limit, |event| {
                seen += usize::from(matches!(event, LineEvent::Line(_)));
                ControlFlow::Continue(())
            })
            .unwrap_err();
            let too_long = e.get_ref().and_then(|e| e.downcast_ref::<LineTooLong>());
            assert_eq!(too_long, Some(&LineTooLong { number: 2, limit }), "{e}");
            assert_eq!(seen, lines_before);
        }
        assert_eq!(
            LineTooLong {
                number: 7,
                limit: 1 << 20
            }
            .to_string(),
            "line 7 is longer than 1 MiB"
        );
    }

    #[test]
    fn reading_waits_only_after_handing_over_every_line_and_stops_on_break() {
        let text = "1\n2\n3\n";
        let mut events = Vec::new();
        read_json_lines(text.as_bytes(), 100, 100, |event| {
            events.push(match event {
                LineEvent::Line(line) => line.number,
                LineEvent::Waiting => 0,
            });
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(events, [1, 2, 3, 0]);
        let mut lines = 0;
        read_json_lines(text.as_bytes(), 100, 100, |_| {
            lines += 1;
            ControlFlow::Break(())
        })
        .unwrap();
        assert_eq!(lines, 1);
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12T").is_err());
        assert!(parse_size("lots").is_err());
        assert_eq!(describe_size(64 << 20), "64 MiB");
        assert_eq!(describe_size(1000), "1000 bytes");
    }
}
