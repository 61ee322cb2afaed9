//! Streaming validation: bytes arrive in chunks (a model's reply as it is
//! generated), and the validator says as early as it can that no completion of
//! what it has seen can be valid.
//!
//! A push tokenizer (this module's `byte`/`structural`) keeps the open
//! containers and at most one token (a string, number or literal, split across
//! chunks as it may be). Every value that some schema node applies to gets a
//! [`Frame`] with the applications, like the byte path's: the nodes joined by
//! conjunction (`$ref`, `allOf`) are expanded into slots that see members and
//! items as they arrive, and the member/item schemas become the next value's
//! applications. Scalars are decided exactly by the byte path
//! ([`ByteEval::run_nodes`] on the token's bytes). An application whose schema
//! needs more than conjunction (`anyOf`, `oneOf`, `not`, `if`,
//! `dependentSchemas`; `uniqueItems`, `enum`/`const` with containers and
//! `unevaluated*` on a container) is *deferred*: the container's bytes are
//! buffered and the byte path decides it when it closes. Early aborts come from
//! slots and from prefix checks that are sound (every completion fails):
//! nothing under a deferred application aborts before its value closes.

use crate::byte_eval::{ByteEval, NodeVerdicts};
use crate::error::{self, ContainerKind, ErrorKind, OpenContainer, ValidationError};
use crate::keywords::bounds::{Bound, BoundKind};
use crate::keywords::properties::Properties;
use crate::keywords::{applicators as msg, describe_str, type_::InstanceType};
use crate::node::{Body, Kw, KwKind, NodeId};
use crate::number::Num;
use crate::tokenizer::{Lexer, Str, SyntaxError};
use crate::value_eval::{Path, ValueEval};
use crate::Validator;
use serde_json::Value;
use std::cmp::Ordering;

/// What the bytes fed so far allow (see [`StreamValidator::feed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// No abort so far: some completion of the bytes may still be valid. The
    /// check is sound, not complete: such a prefix can still turn out invalid.
    Continue,
    /// No completion of the bytes fed so far can be valid. Stays reported for
    /// every later chunk.
    Invalid(Abort),
}

/// The first point at which the document could no longer become valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abort {
    /// The byte whose arrival ruled out every valid completion.
    pub offset: usize,
    /// Why: the keyword (or syntax) error that decided it. When it was decided
    /// on a prefix (a string that can no longer be an `enum` member, a key no
    /// closed object declares, an item past `maxItems`), the message says so and
    /// the range ends at `offset`; [`StreamValidator::finish`] reports the
    /// errors of the whole input as [`Validator::validate_slice`] does.
    pub error: ValidationError,
}

/// An incremental validator fed with byte chunks, from [`Validator::stream`].
///
/// Memory is O(nesting depth + one token), plus the bytes of values whose
/// schema is deferred (see the module docs of [`Validator::stream`]).
pub struct StreamValidator<'v> {
    v: &'v Validator,
    /// Bytes consumed so far: the offset of the next byte.
    pos: usize,
    want: Want,
    levels: Vec<Level>,
    tok: Tok,
    /// The current string or number token, from its first byte.
    raw: Vec<u8>,
    tok_start: usize,
    /// Inside a string: the previous byte was an unconsumed backslash.
    escaped: bool,
    /// Inside a string: hex digits of a `\u` escape still to come, and whether
    /// one of those seen is not a hex digit.
    hex_left: u8,
    hex_bad: bool,
    /// Inside a string: where the text since the last escape starts in `raw`
    /// (the lexer checks its UTF-8 at each escape), and whether one came.
    run_start: usize,
    seen_escape: bool,
    /// The decoded text of the current string, when prefix checks need it.
    dec: Option<Decoder>,
    frames: Vec<Frame<'v>>,
    /// Applications for the next value.
    pending: Vec<App>,
    errors: Vec<ValidationError>,
    abort: Option<Abort>,
    /// The first syntax (or depth) error: it is the whole verdict.
    stop: Option<ValidationError>,
    /// The whole input, when the schema uses the dynamic scope.
    whole: Option<Vec<u8>>,
    /// Bytes of deferred values, from `capture_base`.
    capture: Vec<u8>,
    capture_base: usize,
    capturing: usize,
    root_valid: bool,
    /// Bytes of a possible byte order mark seen at the start.
    bom: u8,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Want {
    Value,
    ItemOrClose,
    KeyOrClose,
    Key,
    Colon,
    After,
    Done,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    None,
    Str { key: bool },
    Num(NumState),
    Lit { word: &'static [u8], matched: usize },
}

/// Where a number literal is in the JSON grammar (every state is a valid prefix).
#[derive(Clone, Copy, PartialEq, Eq)]
enum NumState {
    Sign,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

impl NumState {
    fn first(b: u8) -> NumState {
        match b {
            b'-' => NumState::Sign,
            b'0' => NumState::Zero,
            _ => NumState::Int,
        }
    }

    /// The state after `b`, if the literal can go on with it.
    fn next(self, b: u8) -> Option<NumState> {
        use NumState::*;
        Some(match (self, b) {
            (Sign, b'0') => Zero,
            (Sign | Int, b'0'..=b'9') => Int,
            (Zero | Int, b'.') => Dot,
            (Dot | Frac, b'0'..=b'9') => Frac,
            (Zero | Int | Frac, b'e' | b'E') => E,
            (E, b'+' | b'-') => ESign,
            (E | ESign | Exp, b'0'..=b'9') => Exp,
            _ => return None,
        })
    }
}

/// An open object or array.
struct Level {
    object: bool,
    start: usize,
    pointer: String,
    index: usize,
    key: String,
    key_start: usize,
    /// The byte path has pushed the current member's or item's path segment.
    member_open: bool,
    /// The frame evaluating this container (`None`: skipped, or inside a deferred value).
    frame: Option<usize>,
    /// The byte path walks this container (else it skips it: `skip_value`).
    walked: bool,
    value_start: usize,
    comma_at: Option<usize>,
}

/// A request to evaluate `node` against the next value.
#[derive(Clone, Copy)]
struct App {
    node: NodeId,
    collect: bool,
    /// Joined to the root by conjunction only: its failure fails the document.
    fatal: bool,
    /// The slot (frame, slot) that asked for it.
    owner: Option<(u32, u32)>,
    contains: bool,
}

struct AppState {
    app: App,
    valid: bool,
    deferred: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Scalar,
}

/// One schema node of a streamed application.
struct Slot {
    node: NodeId,
    app: u32,
    bits: u32,
    count: u32,
}

struct Frame<'v> {
    kind: Kind,
    depth: usize,
    start: usize,
    pointer: String,
    apps: Vec<AppState>,
    slots: Vec<Slot>,
    bits: Vec<u64>,
    defer_all: bool,
    has_deferred: bool,
    members: u64,
    /// Member names `dependentRequired` asks about.
    seen: Vec<String>,
    /// Errors decided when the container opened; their range ends at its close.
    open_errors: Vec<ValidationError>,
    /// Errors of the current member or item; their range is its value's.
    member_errors: Vec<ValidationError>,
    /// Prefix checks on the current scalar: (application, keyword).
    hints: Vec<(u32, &'v Kw)>,
    /// Closed objects (no `patternProperties`) of fatal applications.
    closed: Vec<(u32, Option<&'v Properties>, &'v Kw)>,
    errors_mark: usize,
}

/// Incremental decoding of a string's text for prefix checks; gives up
/// (`broken`) on anything unusual, which only means fewer early aborts.
#[derive(Default)]
struct Decoder {
    text: String,
    chars: u64,
    utf8: [u8; 4],
    have: u8,
    need: u8,
    esc: u8,
    hex: u32,
    broken: bool,
}

impl Decoder {
    /// One byte of the string body; `true` when a character was added.
    fn push(&mut self, b: u8) -> bool {
        if self.broken {
            return false;
        }
        let ch = if self.esc == 1 {
            self.esc = 0;
            match b {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    self.esc = 2;
                    self.hex = 0;
                    return false;
                }
                _ => return self.give_up(),
            }
        } else if self.esc >= 2 {
            let Some(d) = (b as char).to_digit(16) else {
                return self.give_up();
            };
            self.hex = self.hex * 16 + d;
            if self.esc < 5 {
                self.esc += 1;
                return false;
            }
            self.esc = 0;
            match char::from_u32(self.hex) {
                Some(c) => c,
                None => return self.give_up(),
            }
        } else if self.need > 0 {
            if b & 0xC0 != 0x80 {
                return self.give_up();
            }
            self.utf8[self.have as usize] = b;
            self.have += 1;
            if self.have < self.need {
                return false;
            }
            self.need = 0;
            match std::str::from_utf8(&self.utf8[..self.have as usize]) {
                Ok(s) => s.chars().next().unwrap_or('\u{fffd}'),
                Err(_) => return self.give_up(),
            }
        } else if b == b'\\' {
            self.esc = 1;
            return false;
        } else if b < 0x80 {
            b as char
        } else {
            self.need = match b {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => return self.give_up(),
            };
            self.utf8[0] = b;
            self.have = 1;
            return false;
        };
        self.text.push(ch);
        self.chars += 1;
        true
    }

    fn give_up(&mut self) -> bool {
        self.broken = true;
        false
    }
}

/// The nodes that `node` applies in place by conjunction (`$ref`, `allOf`).
/// Returns (needs the byte path, needs a buffered `Value`).
fn conjuncts(v: &Validator, node: NodeId, out: &mut Vec<NodeId>, depth: usize) -> (bool, bool) {
    if depth > 256 {
        return (true, false);
    }
    out.push(node);
    let Body::Keywords(k) = &v.nodes[node as usize].body else {
        return (false, false);
    };
    let mut hard = false;
    let mut dom = k.needs_dom;
    for kw in &k.list {
        let (h, d) = match &kw.kind {
            KwKind::Ref(t)
            | KwKind::DynamicRef { target: t, .. }
            | KwKind::RecursiveRef { target: t, .. } => conjuncts(v, *t, out, depth + 1),
            KwKind::AllOf(list) => list.iter().fold((false, false), |acc, &c| {
                let r = conjuncts(v, c, out, depth + 1);
                (acc.0 | r.0, acc.1 | r.1)
            }),
            KwKind::AnyOf(_)
            | KwKind::OneOf(_)
            | KwKind::Not(_)
            | KwKind::IfThenElse { .. }
            | KwKind::DependentSchemas(_)
            | KwKind::UniqueItems => (true, false),
            KwKind::Enum(e) if e.has_containers => (true, false),
            KwKind::Const(c) if c.is_container() => (true, false),
            KwKind::UnevaluatedItems(_) | KwKind::UnevaluatedProperties(_) => (true, true),
            _ => (false, false),
        };
        hard |= h;
        dom |= d;
    }
    (hard, dom)
}

/// Whether a JSON value of `kind` can satisfy one `enum`/`const` member.
fn same_kind(value: &Value, kind: InstanceType) -> bool {
    match kind {
        InstanceType::Null => value.is_null(),
        InstanceType::Boolean => value.is_boolean(),
        InstanceType::Object => value.is_object(),
        InstanceType::Array => value.is_array(),
        InstanceType::Number | InstanceType::Integer => value.is_number(),
        InstanceType::String => value.is_string(),
    }
}

fn kind_name(kind: InstanceType) -> &'static str {
    match kind {
        InstanceType::Null => "null",
        InstanceType::Boolean => "boolean",
        InstanceType::Object => "object",
        InstanceType::Array => "array",
        InstanceType::Number | InstanceType::Integer => "number",
        InstanceType::String => "string",
    }
}

/// Whether every JSON number that starts with `prefix` fails `bound`. Sound:
/// more mantissa digits may be followed by a negative exponent, so only the
/// sign, and a magnitude that a non-negative exponent can only grow, decide.
fn number_prefix_fails(prefix: &[u8], bound: &Bound) -> bool {
    let neg = prefix.first() == Some(&b'-');
    let body = if neg { &prefix[1..] } else { prefix };
    let e = body.iter().position(|&c| c == b'e' || c == b'E');
    let mantissa = &body[..e.unwrap_or(body.len())];
    let nonzero = mantissa.iter().any(|c| (b'1'..=b'9').contains(c));
    let limit = bound.limit();
    let vs_zero = limit.compare(&Num::parse(b"0"));
    use BoundKind::*;
    let by_sign = match (neg, bound.kind) {
        (true, Minimum) if nonzero => vs_zero != Ordering::Less,
        (true, Minimum) => vs_zero == Ordering::Greater,
        (true, ExclusiveMinimum) => vs_zero != Ordering::Less,
        (false, Maximum) if nonzero => vs_zero != Ordering::Greater,
        (false, Maximum) => vs_zero == Ordering::Less,
        (false, ExclusiveMaximum) => vs_zero != Ordering::Greater,
        _ => false,
    };
    if by_sign {
        return true;
    }
    // An exponent that has a non-negative sign can only grow the magnitude.
    let Some(e) = e else { return false };
    match body.get(e + 1) {
        None | Some(b'-') => return false,
        _ => {}
    }
    let mut lit = prefix.to_vec();
    if !lit.last().is_some_and(u8::is_ascii_digit) {
        lit.push(b'0');
    }
    let o = Num::parse(&lit).compare(&limit);
    match (neg, bound.kind) {
        (false, Maximum) => o == Ordering::Greater,
        (false, ExclusiveMaximum) => o != Ordering::Less,
        (true, Minimum) => o == Ordering::Less,
        (true, ExclusiveMinimum) => o != Ordering::Greater,
        _ => false,
    }
}

/// The keywords of a node (none for a boolean schema).
fn keywords(v: &Validator, node: NodeId) -> &[Kw] {
    match &v.nodes[node as usize].body {
        Body::Keywords(k) => &k.list,
        Body::Bool(_) => &[],
    }
}

/// Re-bases an error of a value that starts at `offset` and sits at `prefix`.
fn rebase(mut e: ValidationError, prefix: &str, offset: usize) -> ValidationError {
    e.instance_pointer.insert_str(0, prefix);
    if let Some(r) = &mut e.range {
        *r = r.start + offset..r.end + offset;
    }
    match &mut e.kind {
        ErrorKind::Malformed { offset: o } | ErrorKind::InvalidUtf8 { offset: o } => *o += offset,
        _ => {}
    }
    e
}

impl<'v> StreamValidator<'v> {
    pub(crate) fn new(v: &'v Validator) -> StreamValidator<'v> {
        let dynamic = v.uses_dynamic_scope;
        let pending = if dynamic {
            Vec::new()
        } else {
            vec![App {
                node: v.alias[v.root as usize],
                collect: true,
                fatal: true,
                owner: None,
                contains: false,
            }]
        };
        StreamValidator {
            v,
            pos: 0,
            want: Want::Value,
            levels: Vec::new(),
            tok: Tok::None,
            raw: Vec::new(),
            tok_start: 0,
            escaped: false,
            hex_left: 0,
            hex_bad: false,
            run_start: 1,
            seen_escape: false,
            dec: None,
            frames: Vec::new(),
            pending,
            errors: Vec::new(),
            abort: None,
            stop: None,
            whole: dynamic.then(Vec::new),
            capture: Vec::new(),
            capture_base: 0,
            capturing: 0,
            root_valid: true,
            bom: 0,
        }
    }

    /// Feeds the next chunk. Returns [`Progress::Invalid`] from the first byte
    /// after which no completion can be valid (and for every chunk after it).
    pub fn feed(&mut self, chunk: &[u8]) -> Progress {
        if let Some(w) = &mut self.whole {
            w.extend_from_slice(chunk);
        }
        for (i, &b) in chunk.iter().enumerate() {
            if self.stop.is_some() {
                self.pos += chunk.len() - i;
                break;
            }
            let p = self.pos;
            self.pos += 1;
            if self.capturing > 0 {
                self.capture.push(b);
            }
            self.byte(b, p);
        }
        self.progress()
    }

    /// What the bytes fed so far allow.
    pub fn progress(&self) -> Progress {
        match &self.abort {
            Some(a) => Progress::Invalid(a.clone()),
            None => Progress::Continue,
        }
    }

    /// Bytes fed so far.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Whether a whole JSON value has been read (more bytes may only be whitespace).
    pub fn is_complete(&self) -> bool {
        self.want == Want::Done && self.stop.is_none()
    }

    /// The verdict on everything fed: the same errors, in the same order, as
    /// [`Validator::validate_slice`] on the concatenated chunks (a document cut
    /// off is [`ErrorKind::Truncated`]).
    pub fn finish(mut self) -> Result<(), Vec<ValidationError>> {
        if let Some(w) = self.whole.take() {
            return self.v.validate_slice(&w);
        }
        if self.stop.is_none() && self.bom > 0 {
            self.syntax_error(SyntaxError::Malformed {
                offset: 0,
                message: "expected a JSON value",
            });
        }
        if self.stop.is_none() && matches!(self.tok, Tok::Num(_)) {
            self.end_number(None, self.pos);
        }
        if self.stop.is_none() && matches!(self.tok, Tok::Str { .. }) && self.seen_escape {
            // After an escape the lexer checks the UTF-8 of the rest even when cut off.
            if self.hex_left == 0 && !self.escaped {
                self.check_run(self.raw.len());
            }
        }
        if let Some(e) = self.stop.take() {
            return Err(vec![e]);
        }
        if self.want != Want::Done {
            return Err(vec![self.truncation()]);
        }
        if self.root_valid {
            return Ok(());
        }
        let mut errors = std::mem::take(&mut self.errors);
        error::sort_errors(&mut errors);
        Err(errors)
    }

    fn truncation(&self) -> ValidationError {
        let mut open: Vec<OpenContainer> = self
            .levels
            .iter()
            .map(|l| OpenContainer {
                kind: if l.object {
                    ContainerKind::Object
                } else {
                    ContainerKind::Array
                },
                pointer: l.pointer.clone(),
                offset: l.start,
            })
            .collect();
        if let Tok::Str { key } = self.tok {
            let pointer = match self.levels.last() {
                Some(l) if key => l.pointer.clone(),
                _ => self.child_pointer(),
            };
            open.push(OpenContainer {
                kind: ContainerKind::String,
                pointer,
                offset: self.tok_start,
            });
        }
        let blank = self.pos == 0 || (self.levels.is_empty() && self.tok == Tok::None);
        error::truncated(open, blank && self.want == Want::Value, self.pos)
    }

    // ---------------------------------------------------------------------
    // Tokenizer
    // ---------------------------------------------------------------------

    fn byte(&mut self, b: u8, p: usize) {
        if self.bom > 0 || (p == 0 && b == 0xEF) {
            self.bom_byte(b, p);
            return;
        }
        match self.tok {
            Tok::Str { key } => return self.string_byte(b, p, key),
            Tok::Num(state) => {
                if let Some(next) = state.next(b) {
                    self.tok = Tok::Num(next);
                    self.raw.push(b);
                    self.number_hints(p);
                    return;
                }
                if !self.end_number(Some(b), p) {
                    return;
                }
            }
            Tok::Lit { word, matched } => {
                if word[matched] != b {
                    return self.syntax_error(SyntaxError::Malformed {
                        offset: self.tok_start,
                        message: "unexpected token",
                    });
                }
                if matched + 1 < word.len() {
                    self.tok = Tok::Lit {
                        word,
                        matched: matched + 1,
                    };
                } else {
                    self.tok = Tok::None;
                    self.scalar_end(word, p + 1, p);
                }
                return;
            }
            Tok::None => {}
        }
        self.structural(b, p);
    }

    fn bom_byte(&mut self, b: u8, p: usize) {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        if b == BOM[p] {
            self.bom += 1;
            if self.bom == 3 {
                self.bom = 0;
                self.syntax_error(SyntaxError::Malformed {
                    offset: 0,
                    message: "byte order mark before the JSON text",
                });
            }
            return;
        }
        self.bom = 0;
        self.syntax_error(SyntaxError::Malformed {
            offset: 0,
            message: "expected a JSON value",
        });
    }

    fn structural(&mut self, b: u8, p: usize) {
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            return;
        }
        match self.want {
            Want::Value => {
                if self.levels.last().is_some_and(|l| !l.object) {
                    if self.too_deep_skipped(p) {
                        return;
                    }
                    self.item_start(p);
                }
                self.value_start(b, p);
            }
            Want::ItemOrClose => {
                if b == b']' {
                    return self.close(p);
                }
                if self.too_deep_skipped(p) {
                    return;
                }
                self.item_start(p);
                self.value_start(b, p);
            }
            Want::KeyOrClose | Want::Key => {
                if b == b'}' && self.want == Want::KeyOrClose {
                    return self.close(p);
                }
                if self.too_deep_skipped(p) {
                    return;
                }
                if b != b'"' {
                    return self.malformed(p, "expected a string key");
                }
                self.key_start(p);
            }
            Want::Colon => {
                if b != b':' {
                    return self.malformed(p, "expected `:` after an object key");
                }
                self.want = Want::Value;
                if let Some(l) = self.levels.last_mut() {
                    l.member_open = true;
                }
            }
            Want::After => {
                let Some(l) = self.levels.last_mut() else {
                    return self.malformed(p, "unexpected characters after the JSON value");
                };
                let close = if l.object { b'}' } else { b']' };
                if b == b',' {
                    l.comma_at = Some(p);
                    if l.object {
                        self.want = Want::Key;
                    } else {
                        l.index += 1;
                        l.member_open = true;
                        self.want = Want::Value;
                    }
                } else if b == close {
                    self.close(p);
                } else if l.object {
                    self.malformed(p, "expected `,` or `}` after an object member");
                } else {
                    self.malformed(p, "expected `,` or `]` after an array item");
                }
            }
            Want::Done => self.malformed(p, "unexpected characters after the JSON value"),
        }
    }

    /// The byte path skips a container it has no schema for with a nesting
    /// budget, checked whenever a member or item is about to be read.
    fn too_deep_skipped(&mut self, p: usize) -> bool {
        let depth = self.levels.len() - 1;
        let Some(l) = self.levels.last() else {
            return false;
        };
        if l.walked || depth < self.v.max_depth {
            return false;
        }
        let at = l.comma_at.map_or(p, |c| c + 1);
        self.stop_with(error::too_deep(self.v.max_depth, at, self.syntax_pointer()));
        true
    }

    fn string_byte(&mut self, b: u8, p: usize, key: bool) {
        self.raw.push(b);
        if self.hex_left > 0 {
            // The lexer decides a `\u` escape once its four bytes are there.
            self.hex_left -= 1;
            if !b.is_ascii_hexdigit() && !self.hex_bad {
                self.hex_bad = true;
                // Ruled out now; the lexer reports it once all four bytes are in.
                let mut padded = self.raw.clone();
                padded.extend(std::iter::repeat_n(b'0', self.hex_left as usize));
                if let Err(SyntaxError::Malformed { offset, message }) =
                    Lexer::new(&padded).string()
                {
                    let at = offset + self.tok_start;
                    let e = error::malformed(at, message, at + 1, self.syntax_pointer());
                    self.abort_at(p, e);
                }
            }
            if self.hex_left == 0 && self.hex_bad {
                return self.lex_string_error();
            }
            if self.hex_left == 0 {
                self.run_start = self.raw.len();
            }
        } else if self.escaped {
            self.escaped = false;
            match b {
                b'u' => {
                    self.hex_left = 4;
                    self.hex_bad = false;
                }
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                    self.run_start = self.raw.len();
                }
                _ => return self.lex_string_error(),
            }
        } else if b == b'\\' {
            self.escaped = true;
            self.seen_escape = true;
            if !self.check_run(self.raw.len() - 1) {
                return;
            }
        } else if b == b'"' {
            return self.string_end(p, key);
        } else if b < 0x20 {
            return self.lex_string_error();
        }
        if self.abort.is_none() {
            if let Some(d) = &mut self.dec {
                if d.push(b) {
                    self.string_hints(p, key);
                }
            }
        }
    }

    /// The UTF-8 of the string's text from the last escape to `end` (in `raw`),
    /// which the lexer checks when it meets an escape; `false` when it stopped.
    fn check_run(&mut self, end: usize) -> bool {
        match std::str::from_utf8(&self.raw[self.run_start..end]) {
            Ok(_) => true,
            Err(e) => {
                let offset = self.tok_start + self.run_start + e.valid_up_to();
                self.syntax_error(SyntaxError::InvalidUtf8 { offset });
                false
            }
        }
    }

    /// The string token holds an error the byte path's lexer reports exactly.
    fn lex_string_error(&mut self) {
        let mut lx = Lexer::new(&self.raw);
        if let Err(e) = lx.string() {
            if e != SyntaxError::Eof {
                self.syntax_error_at(e, self.tok_start);
            }
        }
    }

    fn string_end(&mut self, p: usize, key: bool) {
        self.tok = Tok::None;
        self.dec = None;
        let raw = std::mem::take(&mut self.raw);
        let mut lx = Lexer::new(&raw);
        let text = match lx.string() {
            Ok(Str::Raw(s)) => s.to_owned(),
            Ok(Str::Escaped) => std::mem::take(&mut lx.scratch),
            Err(SyntaxError::Eof) => {
                // Not the end after all (the lexer wants more): keep reading.
                self.raw = raw;
                self.tok = Tok::Str { key };
                return;
            }
            Err(e) => {
                self.raw = raw;
                return self.syntax_error_at(e, self.tok_start);
            }
        };
        if key {
            self.key_end(text, p);
        } else {
            self.scalar_end(&raw, p + 1, p);
        }
        self.raw = raw;
        self.raw.clear();
    }

    /// Ends a number token at `p` (before byte `next`, or at the end of the
    /// input); `false` when it stopped the input.
    fn end_number(&mut self, next: Option<u8>, p: usize) -> bool {
        let state = self.tok;
        self.tok = Tok::None;
        let mut raw = std::mem::take(&mut self.raw);
        let len = raw.len();
        if let Some(b) = next {
            raw.push(b);
        }
        let mut lx = Lexer::new(&raw);
        let result = lx.number().map(<[u8]>::len);
        raw.truncate(len);
        match result {
            Ok(n) => {
                let end = self.tok_start + n;
                self.scalar_end(&raw[..n], end, p);
                if n < len && self.stop.is_none() {
                    // A number byte right after the number: the structure rejects it.
                    let (b, at) = (raw[n], self.tok_start + n);
                    self.raw = raw;
                    self.structural(b, at);
                    return false;
                }
                self.raw = raw;
                self.raw.clear();
                self.stop.is_none()
            }
            Err(e) => {
                self.raw = raw;
                if e == SyntaxError::Eof {
                    // Only at the end of the input: reported as truncated.
                    self.tok = state;
                    return false;
                }
                self.syntax_error_at(e, self.tok_start);
                false
            }
        }
    }

    // ---------------------------------------------------------------------
    // Structure
    // ---------------------------------------------------------------------

    fn child_pointer(&self) -> String {
        let Some(l) = self.levels.last() else {
            return String::new();
        };
        let mut s = l.pointer.clone();
        if l.object {
            crate::pointer::push_token(&mut s, &l.key);
        } else {
            s.push('/');
            s.push_str(&l.index.to_string());
        }
        s
    }

    /// The instance pointer the byte path has for a syntax error now: its path
    /// holds the open members of the containers it walks.
    fn syntax_pointer(&self) -> String {
        let mut pointer = String::new();
        for l in &self.levels {
            if !l.walked || !l.member_open {
                break;
            }
            pointer = l.pointer.clone();
            if l.object {
                crate::pointer::push_token(&mut pointer, &l.key);
            } else {
                pointer.push('/');
                pointer.push_str(&l.index.to_string());
            }
        }
        pointer
    }

    fn malformed(&mut self, offset: usize, message: &'static str) {
        self.syntax_error(SyntaxError::Malformed { offset, message });
    }

    fn syntax_error_at(&mut self, e: SyntaxError, base: usize) {
        let e = match e {
            SyntaxError::Malformed { offset, message } => SyntaxError::Malformed {
                offset: offset + base,
                message,
            },
            SyntaxError::InvalidUtf8 { offset } => SyntaxError::InvalidUtf8 {
                offset: offset + base,
            },
            other => other,
        };
        self.syntax_error(e);
    }

    /// The pointer for a syntax error inside a deferred value: the byte path
    /// walks it through the branches, which only it knows, so ask it on the
    /// bytes read so far (the error is decided by them).
    fn deferred_pointer(&self, pointer: String) -> String {
        let mut best = pointer;
        if self.capturing == 0 {
            return best;
        }
        for frame in &self.frames {
            if frame.kind == Kind::Scalar || !frame.has_deferred || frame.defer_all {
                continue;
            }
            let apps: Vec<(NodeId, bool)> = frame
                .apps
                .iter()
                .filter(|a| a.deferred)
                .map(|a| (a.app.node, false))
                .collect();
            let bytes = &self.capture[frame.start - self.capture_base..];
            if let Err(e) = ByteEval::new(self.v, bytes).run_nodes(&apps, frame.depth) {
                if !matches!(e.kind, ErrorKind::Truncated { .. }) {
                    let candidate = format!("{}{}", frame.pointer, e.instance_pointer);
                    if candidate.len() > best.len() {
                        best = candidate;
                    }
                }
            }
        }
        best
    }

    fn syntax_error(&mut self, e: SyntaxError) {
        let pointer = self.deferred_pointer(self.syntax_pointer());
        let error = match e {
            SyntaxError::Malformed { offset, message } => {
                error::malformed(offset, message, offset + 1, pointer)
            }
            SyntaxError::InvalidUtf8 { offset } => error::invalid_utf8(offset, offset + 1, pointer),
            SyntaxError::TooDeep => error::too_deep(self.v.max_depth, self.pos, pointer),
            SyntaxError::Eof => return,
        };
        self.stop_with(error);
    }

    fn stop_with(&mut self, error: ValidationError) {
        if self.abort.is_none() {
            // The byte being read is the one that rules out every completion
            // (a literal's error is at its start, but `tr` is a prefix of `true`).
            let offset = self.pos.saturating_sub(1);
            self.abort = Some(Abort {
                offset,
                error: error.clone(),
            });
        }
        self.stop = Some(error);
    }

    fn key_start(&mut self, p: usize) {
        self.tok = Tok::Str { key: true };
        self.raw.clear();
        self.raw.push(b'"');
        self.tok_start = p;
        self.escaped = false;
        self.hex_left = 0;
        self.run_start = 1;
        self.seen_escape = false;
        self.dec = None;
        let Some(l) = self.levels.last_mut() else {
            return;
        };
        l.key_start = p;
        let Some(f) = l.frame else { return };
        if self.abort.is_some() {
            return;
        }
        let frame = &self.frames[f];
        let members = frame.members + 1;
        for s in &frame.slots {
            let a = &frame.apps[s.app as usize];
            if !a.app.fatal {
                continue;
            }
            for kw in keywords(self.v, s.node) {
                if let KwKind::PropertyCount(c) = &kw.kind {
                    if c.max && !c.check(members) {
                        let e = self.hint_error(kw, frame, p, c.message(members, "properties"));
                        return self.abort_at(p, e);
                    }
                }
            }
        }
        if !frame.closed.is_empty() {
            self.dec = Some(Decoder::default());
        }
    }

    fn hint_error(&self, kw: &Kw, frame: &Frame<'_>, p: usize, message: String) -> ValidationError {
        ValidationError {
            instance_pointer: frame.pointer.clone(),
            schema_pointer: kw.loc.to_string(),
            keyword: kw.name,
            message,
            range: Some(frame.start..p + 1),
            kind: ErrorKind::Keyword,
        }
    }

    fn abort_at(&mut self, offset: usize, error: ValidationError) {
        if self.abort.is_none() {
            self.abort = Some(Abort { offset, error });
        }
    }

    fn key_end(&mut self, key: String, p: usize) {
        self.want = Want::Colon;
        let Some(l) = self.levels.last_mut() else {
            return;
        };
        l.key = key;
        l.member_open = false;
        let Some(f) = l.frame else { return };
        let key_range = l.key_start..p + 1;
        self.member_apps(f, key_range, p);
    }

    fn close(&mut self, p: usize) {
        let Some(level) = self.levels.pop() else {
            return;
        };
        if let Some(f) = level.frame {
            self.finish_container(f, p);
        }
        self.value_end(p + 1);
    }

    /// After any value (scalar or container) that ended just before `end`.
    fn value_end(&mut self, end: usize) {
        self.want = Want::After;
        let Some(l) = self.levels.last_mut() else {
            self.want = Want::Done;
            return;
        };
        l.member_open = false;
        let start = l.value_start;
        if let Some(f) = l.frame {
            let frame = &mut self.frames[f];
            for mut e in std::mem::take(&mut frame.member_errors) {
                e.range = Some(start..end);
                self.errors.push(e);
            }
        }
    }

    fn value_start(&mut self, b: u8, p: usize) {
        let depth = self.levels.len();
        let apps = std::mem::take(&mut self.pending);
        self.dec = None;
        if let Some(l) = self.levels.last_mut() {
            l.value_start = p;
            l.member_open = true;
        }
        if depth > self.v.max_depth && !apps.is_empty() {
            return self.stop_with(error::too_deep(self.v.max_depth, p, self.syntax_pointer()));
        }
        let kind = match b {
            b'{' => InstanceType::Object,
            b'[' => InstanceType::Array,
            b'"' => InstanceType::String,
            b't' | b'f' => InstanceType::Boolean,
            b'n' => InstanceType::Null,
            b'-' | b'0'..=b'9' => InstanceType::Number,
            _ => return self.malformed(p, "expected a JSON value"),
        };
        let pointer = self.child_pointer();
        let frame = (!apps.is_empty()).then(|| self.open_frame(apps, kind, p, depth, &pointer));
        match b {
            b'{' | b'[' => {
                let walked = frame.is_some_and(|f| !self.frames[f].defer_all);
                self.levels.push(Level {
                    object: b == b'{',
                    start: p,
                    pointer,
                    index: 0,
                    key: String::new(),
                    key_start: p,
                    member_open: false,
                    frame,
                    walked,
                    value_start: p,
                    comma_at: None,
                });
                self.want = if b == b'{' {
                    Want::KeyOrClose
                } else {
                    Want::ItemOrClose
                };
            }
            b'"' => {
                self.tok = Tok::Str { key: false };
                self.raw.clear();
                self.raw.push(b);
                self.tok_start = p;
                self.escaped = false;
                self.hex_left = 0;
                self.run_start = 1;
                self.seen_escape = false;
            }
            b'-' | b'0'..=b'9' => {
                self.tok = Tok::Num(NumState::first(b));
                self.raw.clear();
                self.raw.push(b);
                self.tok_start = p;
                self.number_hints(p);
            }
            _ => {
                let word: &'static [u8] = match b {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                self.tok = Tok::Lit { word, matched: 1 };
                self.tok_start = p;
                self.literal_hint(word, p);
            }
        }
    }

    // ---------------------------------------------------------------------
    // Evaluation
    // ---------------------------------------------------------------------

    fn open_frame(
        &mut self,
        apps: Vec<App>,
        kind: InstanceType,
        p: usize,
        depth: usize,
        pointer: &str,
    ) -> usize {
        let v = self.v;
        let container = matches!(kind, InstanceType::Object | InstanceType::Array);
        let mut frame = Frame {
            kind: match kind {
                InstanceType::Object => Kind::Object,
                InstanceType::Array => Kind::Array,
                _ => Kind::Scalar,
            },
            depth,
            start: p,
            pointer: pointer.to_owned(),
            apps: Vec::with_capacity(apps.len()),
            slots: Vec::new(),
            bits: Vec::new(),
            defer_all: false,
            has_deferred: false,
            members: 0,
            seen: Vec::new(),
            open_errors: Vec::new(),
            member_errors: Vec::new(),
            hints: Vec::new(),
            closed: Vec::new(),
            errors_mark: self.errors.len(),
        };
        let mut nodes = Vec::new();
        let mut expansions = Vec::with_capacity(apps.len());
        for app in &apps {
            nodes.clear();
            let (hard, dom) = conjuncts(v, app.node, &mut nodes, 0);
            frame.defer_all |= container && dom;
            expansions.push((nodes.clone(), hard));
            frame.apps.push(AppState {
                app: *app,
                valid: true,
                deferred: container && hard,
            });
        }
        for (a, (nodes, _)) in expansions.iter().enumerate() {
            let state = &mut frame.apps[a];
            state.deferred |= frame.defer_all;
            frame.has_deferred |= state.deferred;
            if container && !state.deferred {
                for &node in nodes {
                    let required = match &v.nodes[node as usize].body {
                        Body::Keywords(k) => k.required_names,
                        Body::Bool(_) => 0,
                    };
                    let bits = frame.bits.len() as u32;
                    frame
                        .bits
                        .extend(std::iter::repeat_n(0u64, (required as usize).div_ceil(64)));
                    frame.slots.push(Slot {
                        node,
                        app: a as u32,
                        bits,
                        count: 0,
                    });
                }
            }
        }
        let f = self.frames.len();
        self.frames.push(frame);
        if container && self.frames[f].has_deferred {
            if self.capturing == 0 {
                self.capture.clear();
                self.capture_base = p;
                self.capture.push(if kind == InstanceType::Object {
                    b'{'
                } else {
                    b'['
                });
            }
            self.capturing += 1;
        }
        if container {
            self.container_start(f, kind, p);
        }
        // Kind and prefix checks of every fatal application (deferred ones too:
        // the keywords of their conjunctive nodes hold whatever the branches say).
        for (a, (nodes, _)) in expansions.iter().enumerate() {
            if !apps[a].fatal || self.abort.is_some() {
                continue;
            }
            let streamed_container = container && !self.frames[f].apps[a].deferred;
            for &node in nodes {
                self.kind_hints(f, a as u32, node, kind, p, streamed_container);
            }
        }
        f
    }

    /// Checks one node can accept a value of `kind` (first byte known); sets up
    /// the prefix checks of scalars and closed objects.
    fn kind_hints(
        &mut self,
        f: usize,
        a: u32,
        node: NodeId,
        kind: InstanceType,
        p: usize,
        streamed_container: bool,
    ) {
        let v = self.v;
        let n = &v.nodes[node as usize];
        let list = match &n.body {
            Body::Bool(true) => return,
            Body::Bool(false) => {
                // A streamed container reports `false` itself (`container_start`).
                if !streamed_container {
                    let e = ValidationError {
                        instance_pointer: self.frames[f].pointer.clone(),
                        schema_pointer: n.loc.to_string(),
                        keyword: "false",
                        message: msg::false_schema_message(kind_name(kind)),
                        range: Some(p..p + 1),
                        kind: ErrorKind::Keyword,
                    };
                    self.abort_at(p, e);
                }
                return;
            }
            Body::Keywords(k) => &k.list,
        };
        for kw in list {
            if self.abort.is_some() {
                return;
            }
            let kind_fails = match &kw.kind {
                KwKind::Type(t) => !t.matches(if kind == InstanceType::Number {
                    InstanceType::Integer
                } else {
                    kind
                }),
                KwKind::Enum(e) => !e.values.iter().any(|m| same_kind(m, kind)),
                KwKind::Const(c) => !same_kind(&c.value, kind),
                _ => false,
            };
            if kind_fails {
                let message = match &kw.kind {
                    KwKind::Type(t) => t.message(kind_name(kind)),
                    KwKind::Enum(e) => e.message(&format!("a {}", kind_name(kind))),
                    KwKind::Const(c) => c.message(&format!("a {}", kind_name(kind))),
                    _ => String::new(),
                };
                let e = self.hint_error(kw, &self.frames[f], p, message);
                self.abort_at(p, e);
                return;
            }
            let frame = &mut self.frames[f];
            match (&kw.kind, kind) {
                (KwKind::Enum(_) | KwKind::Const(_), InstanceType::String) => {
                    frame.hints.push((a, kw))
                }
                (KwKind::Length(l), InstanceType::String) if l.max => frame.hints.push((a, kw)),
                (KwKind::Bound(_), InstanceType::Number) => frame.hints.push((a, kw)),
                (KwKind::AdditionalProperties(c), InstanceType::Object) if streamed_container => {
                    if matches!(v.nodes[*c as usize].body, Body::Bool(false)) {
                        let (props, patterns) = crate::sibling_property_matchers(list);
                        if patterns.is_none() {
                            frame.closed.push((a, props, kw));
                        }
                    }
                }
                _ => {}
            }
        }
        if kind == InstanceType::String && !self.frames[f].hints.is_empty() {
            self.dec = Some(Decoder::default());
        }
    }

    /// Prefix checks on the current string (value or key) after a character.
    fn string_hints(&mut self, p: usize, key: bool) {
        let Some(d) = &self.dec else { return };
        let text = d.text.as_str();
        let failure = if key {
            let Some(f) = self.levels.last().and_then(|l| l.frame) else {
                return;
            };
            let frame = &self.frames[f];
            frame
                .closed
                .iter()
                .find(|(_, props, _)| !props.is_some_and(|p| p.any_starts_with(text)))
                .map(|(_, _, kw)| {
                    let mut e = self.hint_error(
                        kw,
                        frame,
                        p,
                        format!(
                            "no property allowed here has a name that starts with {}",
                            describe_str(text)
                        ),
                    );
                    e.range = Some(self.tok_start..p + 1);
                    e
                })
        } else {
            let Some(frame) = self.frames.last() else {
                return;
            };
            let described = || format!("a string that starts with {}", describe_str(text));
            frame.hints.iter().find_map(|&(_, kw)| {
                let message = match &kw.kind {
                    KwKind::Enum(e) => (!e
                        .values
                        .iter()
                        .any(|m| m.as_str().is_some_and(|s| s.starts_with(text))))
                    .then(|| e.message(&described())),
                    KwKind::Const(c) => (!c.value.as_str().is_some_and(|s| s.starts_with(text)))
                        .then(|| c.message(&described())),
                    KwKind::Length(l) => (d.chars > l.limit)
                        .then(|| format!("{} is longer than {} characters", described(), l.limit)),
                    _ => None,
                }?;
                Some(self.hint_error(kw, frame, p, message))
            })
        };
        if let Some(e) = failure {
            self.abort_at(p, e);
            self.dec = None;
        }
    }

    fn number_hints(&mut self, p: usize) {
        if self.abort.is_some() {
            return;
        }
        let Some(frame) = self.frames.last() else {
            return;
        };
        if frame.kind != Kind::Scalar || frame.start != self.tok_start {
            return;
        }
        let failure = frame.hints.iter().find_map(|&(_, kw)| match &kw.kind {
            KwKind::Bound(b) if number_prefix_fails(&self.raw, b) => {
                let prefix = String::from_utf8_lossy(&self.raw);
                Some(self.hint_error(
                    kw,
                    frame,
                    p,
                    format!(
                        "a number that starts with {prefix} cannot satisfy `{}` {}",
                        kw.name,
                        b.limit().display()
                    ),
                ))
            }
            _ => None,
        });
        if let Some(e) = failure {
            self.abort_at(p, e);
        }
    }

    /// `true`/`false`/`null` are known from their first byte.
    fn literal_hint(&mut self, word: &'static [u8], p: usize) {
        if self.abort.is_some() {
            return;
        }
        let Some(frame) = self.frames.last() else {
            return;
        };
        if frame.kind != Kind::Scalar || frame.start != p {
            return;
        }
        let apps: Vec<(NodeId, bool)> = frame
            .apps
            .iter()
            .filter(|a| a.app.fatal)
            .map(|a| (a.app.node, true))
            .collect();
        if apps.is_empty() {
            return;
        }
        if let Ok((verdicts, errors)) = ByteEval::new(self.v, word).run_nodes(&apps, frame.depth) {
            if verdicts.iter().any(|ok| !ok) {
                if let Some(e) = errors.into_iter().next() {
                    let e = rebase(e, &frame.pointer, p);
                    self.abort_at(p, e);
                }
            }
        }
    }

    /// Byte path `container_start`, for the streamed slots.
    fn container_start(&mut self, f: usize, kind: InstanceType, p: usize) {
        let v = self.v;
        let described = kind_name(kind);
        let frame = &self.frames[f];
        let mut failures = Vec::new();
        for s in &frame.slots {
            let node = &v.nodes[s.node as usize];
            let collect = frame.apps[s.app as usize].app.collect;
            let list = match &node.body {
                Body::Bool(true) => continue,
                Body::Keywords(k) if !k.container_start => continue,
                Body::Bool(false) => {
                    failures.push((
                        s.app,
                        collect.then(|| ValidationError {
                            instance_pointer: frame.pointer.clone(),
                            schema_pointer: node.loc.to_string(),
                            keyword: "false",
                            message: msg::false_schema_message(described),
                            range: Some(p..p),
                            kind: ErrorKind::Keyword,
                        }),
                    ));
                    continue;
                }
                Body::Keywords(k) => &k.list,
            };
            for kw in list {
                let message = match &kw.kind {
                    KwKind::Type(t) if !t.matches(kind) => t.message(described),
                    KwKind::Enum(e) if !e.has_containers => e.message(described),
                    KwKind::Const(c) if !c.is_container() => c.message(described),
                    _ => continue,
                };
                let e = ValidationError {
                    instance_pointer: frame.pointer.clone(),
                    schema_pointer: kw.loc.to_string(),
                    keyword: kw.name,
                    message,
                    range: Some(p..p),
                    kind: ErrorKind::Keyword,
                };
                failures.push((s.app, collect.then_some(e)));
            }
        }
        for (a, e) in failures {
            if let Some(e) = &e {
                self.frames[f].open_errors.push(e.clone());
            }
            self.fail(f, a, p, e);
        }
    }

    /// Marks an application invalid; the document's verdict when it is fatal.
    fn fail(&mut self, f: usize, a: u32, p: usize, error: Option<ValidationError>) {
        let state = &mut self.frames[f].apps[a as usize];
        state.valid = false;
        if state.app.fatal && self.abort.is_none() {
            let error = error.unwrap_or_else(|| ValidationError {
                instance_pointer: self.frames[f].pointer.clone(),
                schema_pointer: String::new(),
                keyword: "",
                message: "the value does not match its schema".to_owned(),
                range: Some(self.frames[f].start..p + 1),
                kind: ErrorKind::Keyword,
            });
            self.abort = Some(Abort { offset: p, error });
        }
    }

    fn live(frame: &Frame<'_>, s: &Slot) -> bool {
        let a = &frame.apps[s.app as usize];
        a.valid || a.app.collect
    }

    /// Byte path `member_apps`, for every streamed slot of the object.
    fn member_apps(&mut self, f: usize, key_range: std::ops::Range<usize>, p: usize) {
        let v = self.v;
        let key = self
            .levels
            .last()
            .map(|l| l.key.clone())
            .unwrap_or_default();
        let frame = &mut self.frames[f];
        frame.members += 1;
        let mut failures: Vec<(u32, Option<ValidationError>)> = Vec::new();
        let mut pending = Vec::new();
        let child_pointer = {
            let mut s = frame.pointer.clone();
            crate::pointer::push_token(&mut s, &key);
            s
        };
        for si in 0..frame.slots.len() {
            let s = &frame.slots[si];
            if !Self::live(frame, s) {
                continue;
            }
            let (slot_app, slot_bits) = (s.app, s.bits);
            let Body::Keywords(k) = &v.nodes[s.node as usize].body else {
                continue;
            };
            if !k.object_keywords && !k.needs_keys {
                continue;
            }
            let app = frame.apps[slot_app as usize].app;
            let mut declared = false;
            let mut required = None;
            let mut required_index = None;
            let mut push = |node: NodeId| {
                let node = v.alias[node as usize];
                if !matches!(v.nodes[node as usize].body, Body::Bool(true)) {
                    pending.push(App {
                        node,
                        collect: app.collect,
                        fatal: app.fatal,
                        owner: Some((f as u32, si as u32)),
                        contains: false,
                    });
                }
            };
            let error = |kw: &Kw, message: String| ValidationError {
                instance_pointer: child_pointer.clone(),
                schema_pointer: kw.loc.to_string(),
                keyword: kw.name,
                message,
                range: Some(key_range.clone()),
                kind: ErrorKind::Keyword,
            };
            for kw in &k.list {
                match &kw.kind {
                    KwKind::Properties(props) => {
                        if let Some((c, r)) = props.get_with_required(&key) {
                            declared = true;
                            required_index = Some(r);
                            push(c);
                        }
                    }
                    KwKind::PatternProperties(pats) => {
                        for (pat, c) in pats {
                            if pat.matches(&key) == Ok(true) {
                                declared = true;
                                push(*c);
                            }
                        }
                    }
                    KwKind::AdditionalProperties(c) if !declared => {
                        if matches!(v.nodes[*c as usize].body, Body::Bool(false)) {
                            let e = error(kw, msg::extra_property_message(kw.name, &key));
                            failures.push((slot_app, Some(e)));
                        } else {
                            push(*c);
                        }
                    }
                    KwKind::PropertyNames(c) => {
                        let name = Value::String(key.clone());
                        let mut ev = ValueEval::new(v);
                        let ok = ev.eval(
                            *c,
                            &name,
                            &Path::Root { prefix: "" },
                            None,
                            false,
                            None,
                            frame.depth + 1,
                        );
                        if !ok {
                            let e = error(kw, msg::property_names_message(&key));
                            failures.push((slot_app, Some(e)));
                        }
                    }
                    KwKind::Required(r) => required = Some(r),
                    KwKind::DependentRequired(d) => {
                        let mentioned = d
                            .entries
                            .iter()
                            .any(|(t, names)| **t == *key || names.iter().any(|n| **n == *key));
                        if mentioned && !frame.seen.contains(&key) {
                            frame.seen.push(key.clone());
                        }
                    }
                    _ => {}
                }
            }
            if let Some(r) = required {
                let index = r.bit_of(required_index, &key);
                if let Some(i) = index {
                    let base = slot_bits as usize;
                    frame.bits[base + i / 64] |= 1 << (i % 64);
                }
            }
        }
        self.pending = pending;
        for (a, e) in failures {
            let collect = self.frames[f].apps[a as usize].app.collect;
            if collect {
                if let Some(e) = &e {
                    self.frames[f].member_errors.push(e.clone());
                }
            }
            self.fail(f, a, p, e);
        }
    }

    /// Byte path `item_apps` for the item that starts at `p`.
    fn item_start(&mut self, p: usize) {
        let v = self.v;
        let Some(l) = self.levels.last() else { return };
        let (Some(f), index) = (l.frame, l.index) else {
            return;
        };
        let frame = &mut self.frames[f];
        frame.members += 1;
        let mut pending = Vec::new();
        let mut failures: Vec<(u32, Option<ValidationError>)> = Vec::new();
        let mut hint = None;
        let item_pointer = format!("{}/{index}", frame.pointer);
        for si in 0..frame.slots.len() {
            let s = &frame.slots[si];
            if !Self::live(frame, s) {
                continue;
            }
            let slot_app = s.app;
            let Body::Keywords(k) = &v.nodes[s.node as usize].body else {
                continue;
            };
            if !k.array_keywords {
                continue;
            }
            let app = frame.apps[slot_app as usize].app;
            let mut count = 0;
            for kw in &k.list {
                let (node, contains) = match &kw.kind {
                    KwKind::PrefixItems(list) => match list.get(index) {
                        Some(&c) => (c, false),
                        None => continue,
                    },
                    KwKind::Items { start, node } if index >= *start => {
                        if matches!(v.nodes[*node as usize].body, Body::Bool(false)) {
                            let e = app.collect.then(|| ValidationError {
                                instance_pointer: item_pointer.clone(),
                                schema_pointer: kw.loc.to_string(),
                                keyword: kw.name,
                                message: msg::extra_item_message(kw.name, index),
                                range: Some(p..p + 1),
                                kind: ErrorKind::Keyword,
                            });
                            failures.push((slot_app, e));
                            continue;
                        }
                        (*node, false)
                    }
                    KwKind::Contains(c) => (c.node, true),
                    KwKind::ItemCount(c) if c.max && !c.check(index as u64 + 1) => {
                        if app.fatal && hint.is_none() {
                            hint = Some(ValidationError {
                                instance_pointer: frame.pointer.clone(),
                                schema_pointer: kw.loc.to_string(),
                                keyword: kw.name,
                                message: c.message(index as u64 + 1, "items"),
                                range: Some(frame.start..p + 1),
                                kind: ErrorKind::Keyword,
                            });
                        }
                        continue;
                    }
                    _ => continue,
                };
                let node = v.alias[node as usize];
                if matches!(v.nodes[node as usize].body, Body::Bool(true)) {
                    if contains {
                        count += 1;
                    }
                    continue;
                }
                pending.push(App {
                    node,
                    collect: app.collect && !contains,
                    fatal: app.fatal && !contains,
                    owner: Some((f as u32, si as u32)),
                    contains,
                });
            }
            frame.slots[si].count += count;
        }
        self.pending = pending;
        for (a, e) in failures {
            if let Some(e) = &e {
                let mut e = e.clone();
                e.range = Some(p..p);
                self.frames[f].member_errors.push(e);
            }
            self.fail(f, a, p, e);
        }
        if let Some(e) = hint {
            self.abort_at(p, e);
        }
    }

    /// A scalar token ended just before `end` (decided at byte `p`).
    fn scalar_end(&mut self, bytes: &[u8], end: usize, p: usize) {
        let depth = self.levels.len();
        if let Some(frame) = self.frames.last() {
            if frame.kind == Kind::Scalar && frame.depth == depth {
                let start = frame.start;
                let apps: Vec<(NodeId, bool)> = frame
                    .apps
                    .iter()
                    .map(|a| (a.app.node, a.app.collect))
                    .collect();
                let result = ByteEval::new(self.v, bytes).run_nodes(&apps, depth);
                self.finish_frame(result, start, p);
            }
        }
        self.value_end(end);
    }

    /// Byte path object/array end checks, then the deferred applications.
    fn finish_container(&mut self, f: usize, p: usize) {
        let v = self.v;
        let end = p + 1;
        let frame = &mut self.frames[f];
        let range = frame.start..end;
        for mut e in std::mem::take(&mut frame.open_errors) {
            e.range = Some(range.clone());
            self.errors.push(e);
        }
        let frame = &self.frames[f];
        let mut failures: Vec<(u32, Option<ValidationError>)> = Vec::new();
        for s in &frame.slots {
            let Body::Keywords(k) = &v.nodes[s.node as usize].body else {
                continue;
            };
            if !Self::live(frame, s) {
                continue;
            }
            let is_end = match frame.kind {
                Kind::Object => k.object_end,
                Kind::Array => k.array_end,
                Kind::Scalar => false,
            };
            if !is_end {
                continue;
            }
            let collect = frame.apps[s.app as usize].app.collect;
            let error = |kw: &Kw, message: String| {
                collect.then(|| ValidationError {
                    instance_pointer: frame.pointer.clone(),
                    schema_pointer: kw.loc.to_string(),
                    keyword: kw.name,
                    message,
                    range: Some(range.clone()),
                    kind: ErrorKind::Keyword,
                })
            };
            for kw in &k.list {
                match (&kw.kind, frame.kind) {
                    (KwKind::Required(r), Kind::Object) => {
                        let base = s.bits as usize;
                        for (i, name) in r.names.iter().enumerate() {
                            if frame.bits[base + i / 64] & (1 << (i % 64)) == 0 {
                                let m = crate::keywords::required::message(name);
                                failures.push((s.app, error(kw, m)));
                            }
                        }
                    }
                    (KwKind::DependentRequired(d), Kind::Object) => {
                        for (trigger, names) in &d.entries {
                            if !frame.seen.iter().any(|k| **k == **trigger) {
                                continue;
                            }
                            for name in names {
                                if !frame.seen.iter().any(|k| **k == **name) {
                                    let m =
                                        crate::keywords::dependent_required::message(trigger, name);
                                    failures.push((s.app, error(kw, m)));
                                }
                            }
                        }
                    }
                    (KwKind::PropertyCount(c), Kind::Object) if !c.check(frame.members) => {
                        let m = c.message(frame.members, "properties");
                        failures.push((s.app, error(kw, m)));
                    }
                    (KwKind::ItemCount(c), Kind::Array) => {
                        let n = frame.members;
                        if !c.check(n) {
                            failures.push((s.app, error(kw, c.message(n, "items"))));
                        }
                    }
                    (KwKind::Contains(c), Kind::Array) => {
                        let matched = u64::from(s.count);
                        if !c.check(matched) {
                            failures.push((s.app, error(kw, c.message(matched))));
                        }
                    }
                    _ => {}
                }
            }
        }
        for (a, e) in failures {
            if let Some(e) = &e {
                self.errors.push(e.clone());
            }
            self.fail(f, a, p, e);
        }
        let frame = &self.frames[f];
        let deferred: Vec<(NodeId, bool)> = frame
            .apps
            .iter()
            .filter(|a| a.deferred)
            .map(|a| (a.app.node, a.app.collect))
            .collect();
        let start = frame.start;
        if deferred.is_empty() {
            self.finish_frame(Ok((Vec::new(), Vec::new())), start, p);
            return;
        }
        let bytes = &self.capture[start - self.capture_base..end - self.capture_base];
        let result = ByteEval::new(v, bytes).run_nodes(&deferred, frame.depth);
        self.capturing -= 1;
        if self.capturing == 0 {
            self.capture.clear();
        }
        self.finish_frame(result, start, p);
    }

    /// Takes the verdicts of the frame on top (for the byte path's part: the
    /// deferred applications, or all of them for a scalar), hands them to the
    /// owning slots and pops it.
    fn finish_frame(&mut self, result: NodeVerdicts, start: usize, p: usize) {
        let Some(mut frame) = self.frames.pop() else {
            return;
        };
        match result {
            Ok((verdicts, errors)) => {
                let prefix = frame.pointer.clone();
                self.errors
                    .extend(errors.into_iter().map(|e| rebase(e, &prefix, start)));
                let mut i = 0;
                for a in &mut frame.apps {
                    if frame.kind == Kind::Scalar || a.deferred {
                        a.valid &= verdicts.get(i).copied().unwrap_or(true);
                        i += 1;
                    }
                }
            }
            Err(e) => {
                let e = rebase(*e, &frame.pointer, start);
                self.stop_with(e);
                return;
            }
        }
        let first_error = self.errors.get(frame.errors_mark).cloned();
        for a in &frame.apps {
            let app = a.app;
            match app.owner {
                None => {
                    self.root_valid = a.valid;
                    if !a.valid && self.abort.is_none() {
                        let error = first_error.clone().unwrap_or_else(|| ValidationError {
                            instance_pointer: frame.pointer.clone(),
                            schema_pointer: String::new(),
                            keyword: "",
                            message: "the value does not match its schema".to_owned(),
                            range: Some(start..p + 1),
                            kind: ErrorKind::Keyword,
                        });
                        self.abort = Some(Abort { offset: p, error });
                    }
                }
                Some((of, os)) => {
                    let (of, os) = (of as usize, os as usize);
                    if app.contains {
                        if a.valid {
                            self.frames[of].slots[os].count += 1;
                        }
                    } else if !a.valid {
                        let owner_app = self.frames[of].slots[os].app;
                        self.fail(of, owner_app, p, first_error.clone());
                    }
                }
            }
        }
    }
}
