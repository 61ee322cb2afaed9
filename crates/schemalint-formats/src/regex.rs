//! ECMA-262 regular expressions, as JSON Schema's `pattern`, `patternProperties` and
//! `format: "regex"` use them.
//!
//! # Dialect
//!
//! [`parse`] reads patterns as ECMAScript 2025 patterns **with the `u` flag and without Annex
//! B** ([`Dialect::Unicode`]), which is what JSON Schema 2020-12 asks for (core §6.4: "Unicode
//! semantics") and what the official test suite checks (`optional/format/ecmascript-regex.json`,
//! so `format: "regex"` uses it). So `\a`, `\-` outside a class, a lone `{`, `}` or `]`, `\1`
//! without a first group, `(?P<n>…)`, `(?i)` and `(?#…)` are rejected; `(?<n>…)`, `\k<n>`,
//! lookbehind of any width, `[]`, `[^]`, `\cA`, `\u{1F600}`, `\p{Letter}`, ES2025 modifier
//! groups (`(?i:…)`, `(?-s:…)`) and the same group name in different alternatives
//! (`(?<y>\d{4})-\d\d|\d\d-(?<y>\d{4})`) are accepted. The `v` flag's class syntax is not (JSON
//! Schema does not use `v`).
//!
//! [`Pattern::new`] (what the validator uses for `pattern` and `patternProperties`) reads a
//! pattern that way when it is valid there, and otherwise falls back to [`Dialect::AnnexB`]:
//! the grammar ECMA-262 Annex B gives patterns without the `u` flag, which browsers and most
//! validators accept and real schemas rely on. It adds:
//!
//! - identity escapes: `\` before any character that is not an escape of its own is that
//!   character (`\-`, `\:`, `\_`, `\@`, `\#`, `\'`, `\"`, `\ `, `\a`, `\z`, `\A` …), also
//!   `\k` when the pattern has no named group, and `[\B]`, `[\k]` in a class;
//! - a `{` that does not start a quantifier, and lone `}` and `]`, are literals (`^{.*}$`);
//! - a class range with a class escape as a bound is a union: `[\w-.]` is `\w`, `-` and `.`;
//! - legacy octal escapes (`\012`, `\0123` is `\n` then `3`, `[\1]`), and `\N` with N past the
//!   last capturing group is octal (`\1`) or the digit itself (`\8`);
//! - `\x`, `\u` not followed by hex digits are `x` and `u`; `\c` not followed by a letter is a
//!   backslash then `c` (in a class, `\c` with a digit or `_` is a control character);
//! - a lookahead may be quantified (`(?=a)*`).
//!
//! Differences from a browser's non-`u` regular expressions, all deliberate: matching is on
//! code points, not UTF-16 code units (so `.` matches one astral character, where V8 without
//! `u` sees two halves), `\w`, `\d`, `\s`, `\b` and case-insensitive modifier groups behave
//! as in `u` mode, and `\p{L}` is the text `p{L}` (as in a browser: without `u` there are no
//! property escapes — the reason a pattern that mixes `\p{…}` with an Annex B escape like
//! `\-` does not do what its author meant; the linter reports such patterns). The fallback is
//! replayed against V8 without `u` in `tests/v8_differential.rs` (`tools/annex_b_oracle.js`).
//!
//! # Matching
//!
//! [`Pattern`] translates the ECMA syntax into the `regex` crate's syntax, spelling out every
//! place where the two differ (`\d`, `\w`, `\s`, `\b`, `.`, `[^]`, `\cX`, …). Patterns that need
//! lookaround or backreferences go to `fancy-regex` instead, with a backtracking limit, so no
//! pattern can hang. Matching is a search, not a full match: `a` matches `"cat"`.
//!
//! # Known differences from ECMA-262
//!
//! Found by replaying random patterns against V8 (`tools/v8_oracle.js`,
//! `tests/v8_differential.rs`); all involve the backtracking engine:
//!
//! - Backreferences inside lookbehind: ECMA matches a lookbehind right to left, so a reference
//!   there can see a group written after it; fancy-regex matches left to right.
//! - Captures of a quantified group: ECMA clears them on every iteration (`(?:(a)|b)+\1` matches
//!   `"ab"`, since `\1` is unset after the `b` iteration); fancy-regex keeps `a`.
//! - fancy-regex 0.20 misjudges some variable-length lookbehinds whose body has a lookahead
//!   alternative followed by an optional item (`(?<!(?:(?!\.)|-\.)\$?)` matches `"K"`).
//! - Matching that needs more steps than the backtracking limit fails with [`MatchError`], and a
//!   few valid patterns (such as a repeated backreference inside a variable-length lookbehind)
//!   cannot be compiled.
//!
//! Property names are checked against Unicode 15.0 (the tables in this crate were generated
//! from that UCD); which characters a property holds comes from the `regex` crate's tables.

use crate::charset::{self, Ranges, NOTHING};
use std::collections::HashMap;
use std::fmt::{self, Write as _};

/// The backtracking limit [`Pattern::new`] uses for patterns that need the backtracking engine.
pub const DEFAULT_BACKTRACK_LIMIT: usize = 1_000_000;

/// How deeply groups may nest before the pattern is rejected (keeps the parser's recursion bounded).
const MAX_NESTING: usize = 200;

/// Constructs a pattern uses that matter to callers: the linter (providers forbid some) and the
/// validator (lookaround and backreferences need the backtracking engine).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    /// `(?=…)` or `(?!…)`.
    pub lookahead: bool,
    /// `(?<=…)` or `(?<!…)`.
    pub lookbehind: bool,
    /// `\1`-style or `\k<name>` backreferences.
    pub backreferences: bool,
    /// `(?<name>…)` groups.
    pub named_groups: bool,
    /// `\p{…}` or `\P{…}`.
    pub unicode_property_escapes: bool,
}

impl Features {
    /// Whether matching needs a backtracking engine (lookaround or backreferences).
    pub fn needs_backtracking(&self) -> bool {
        self.lookahead || self.lookbehind || self.backreferences
    }
}

/// A pattern that is not a valid ECMA-262 regular expression (in the dialect asked for), or
/// that the engines cannot compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// What is wrong, in one line.
    pub message: String,
    /// Byte offset into the pattern where the problem starts.
    pub offset: usize,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for PatternError {}

/// Matching gave up: the backtracking engine hit its step limit (or failed internally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchError {
    message: String,
}

impl MatchError {
    /// What went wrong, in one line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MatchError {}

/// A compiled ECMA-262 pattern. Cheap to clone (the engines share their compiled programs).
#[derive(Clone)]
pub struct Pattern {
    source: Box<str>,
    features: Features,
    dialect: Dialect,
    engine: Engine,
}

impl fmt::Debug for Pattern {
    // The translated text can be long (classes are spelled out), so show what the caller wrote.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let engine = match self.engine {
            Engine::Always => "always matches",
            Engine::Linear(_) => "regex",
            Engine::Backtracking { .. } => "fancy-regex",
        };
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field("features", &self.features)
            .field("dialect", &self.dialect)
            .field("engine", &engine)
            .finish()
    }
}

#[derive(Clone)]
enum Engine {
    /// The empty pattern, which matches every string.
    Always,
    Linear(::regex::Regex),
    Backtracking {
        regex: Box<fancy_regex::Regex>,
        limit: usize,
    },
}

impl Pattern {
    /// Compiles `source` with the [default backtracking limit](DEFAULT_BACKTRACK_LIMIT).
    ///
    /// ```
    /// use schemalint_formats::regex::Pattern;
    /// let p = Pattern::new(r"^\d{3}$").unwrap();
    /// assert!(p.is_match("123").unwrap());
    /// assert!(!p.is_match("١٢٣").unwrap()); // `\d` is ASCII-only in ECMA-262
    /// ```
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        Self::with_backtrack_limit(source, DEFAULT_BACKTRACK_LIMIT)
    }

    /// Compiles `source`; patterns with lookaround or backreferences give up matching after
    /// `limit` backtracking steps (see [`Pattern::is_match`]).
    ///
    /// A pattern valid with the `u` flag is read that way; one that is not, but is valid in
    /// [`Dialect::AnnexB`] (as browsers and most validators read a `pattern`), is read that
    /// way; otherwise the error is the `u`-mode one.
    ///
    /// ```
    /// use schemalint_formats::regex::{Dialect, Pattern};
    /// let p = Pattern::new(r"^[\w\-]+\:\d+$").unwrap(); // `\-` and `\:`: Annex B identity escapes
    /// assert_eq!(p.dialect(), Dialect::AnnexB);
    /// assert!(p.is_match("host-1:80").unwrap());
    /// ```
    pub fn with_backtrack_limit(source: &str, limit: usize) -> Result<Pattern, PatternError> {
        let (translation, dialect) = match translate(source, Dialect::Unicode) {
            Ok(t) => (t, Dialect::Unicode),
            Err(strict) => match translate(source, Dialect::AnnexB) {
                Ok(t) => (t, Dialect::AnnexB),
                Err(_) => return Err(strict),
            },
        };
        let compile_error = |e: &dyn fmt::Display| PatternError {
            message: format!("the pattern is valid ECMA-262 but cannot be compiled: {e}"),
            offset: 0,
        };
        let build = || -> Result<Engine, PatternError> {
            if translation.text.is_empty() {
                return Ok(Engine::Always);
            }
            if translation.needs_backtracking_engine {
                let regex = fancy_regex::RegexBuilder::new(&translation.text)
                    .backtrack_limit(limit)
                    .build()
                    .map_err(|e| compile_error(&e))?;
                return Ok(Engine::Backtracking {
                    regex: Box::new(regex),
                    limit,
                });
            }
            // The builder's default nesting limit keeps its compiler off the stack's edge.
            let regex = ::regex::RegexBuilder::new(&translation.text)
                .build()
                .map_err(|e| compile_error(&e))?;
            Ok(Engine::Linear(regex))
        };
        // As in `is_match`: an engine panic is reported, not propagated.
        let engine = std::panic::catch_unwind(std::panic::AssertUnwindSafe(build))
            .unwrap_or_else(|_| Err(compile_error(&"the regex engine panicked")))?;
        Ok(Pattern {
            source: source.into(),
            features: translation.features,
            dialect,
            engine,
        })
    }

    /// Whether the pattern matches anywhere in `haystack` (patterns are not anchored).
    ///
    /// Errs only for patterns that need the backtracking engine, when it exceeds its limit (or,
    /// never expected, if an engine panics).
    pub fn is_match(&self, haystack: &str) -> Result<bool, MatchError> {
        // The engines are not expected to panic; if one ever does (as regex-automata has in
        // edge cases), that is an error for this call rather than a crash of the validator.
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &self.engine {
                Engine::Always => Ok(true),
                Engine::Linear(regex) => Ok(regex.is_match(haystack)),
                Engine::Backtracking { regex, limit } => {
                    regex.is_match(haystack).map_err(|e| match e {
                        fancy_regex::Error::RuntimeError(
                            fancy_regex::RuntimeError::BacktrackLimitExceeded,
                        ) => MatchError {
                            message: format!("matching gave up after {limit} backtracking steps"),
                        },
                        other => MatchError {
                            message: format!("matching failed: {other}"),
                        },
                    })
                }
            }));
        outcome.unwrap_or_else(|_| {
            Err(MatchError {
                message: "the regex engine panicked (an engine bug)".to_owned(),
            })
        })
    }

    /// The pattern as written (ECMA-262 syntax).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The constructs the pattern uses.
    pub fn features(&self) -> Features {
        self.features
    }

    /// The dialect the pattern was read in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether matching uses the backtracking engine (and so can fail with a [`MatchError`]).
    pub fn uses_backtracking_engine(&self) -> bool {
        matches!(self.engine, Engine::Backtracking { .. })
    }
}

/// Checks that `source` is a valid ECMA-262 pattern (`u` flag, no Annex B) and reports the
/// constructs it uses. Compiles nothing, so it is cheap.
///
/// ```
/// use schemalint_formats::regex::parse;
/// assert!(parse(r"(?<=\$)\d+").unwrap().lookbehind);
/// let err = parse(r"\a").unwrap_err();
/// assert_eq!(err.offset, 0);
/// ```
pub fn parse(source: &str) -> Result<Features, PatternError> {
    parse_in(source, Dialect::Unicode)
}

/// Checks `source` in one [`Dialect`] and reports the constructs it uses.
///
/// ```
/// use schemalint_formats::regex::{parse_in, Dialect};
/// assert!(parse_in(r"^[\w\-.]+@[a-z]+\:\d+$", Dialect::Unicode).is_err());
/// assert!(parse_in(r"^[\w\-.]+@[a-z]+\:\d+$", Dialect::AnnexB).is_ok());
/// ```
pub fn parse_in(source: &str, dialect: Dialect) -> Result<Features, PatternError> {
    Parser::new(source, dialect, None)
        .run()
        .map(|analysis| analysis.features)
}

/// The dialect [`Pattern::new`] reads `source` in: [`Dialect::Unicode`] when the pattern is
/// valid there, else [`Dialect::AnnexB`] when it is valid there; `Err` is the `u`-mode error.
///
/// ```
/// use schemalint_formats::regex::{dialect_of, Dialect};
/// assert_eq!(dialect_of(r"^\d+$"), Ok(Dialect::Unicode));
/// assert_eq!(dialect_of(r"^[a-z\_]+$"), Ok(Dialect::AnnexB));
/// assert!(dialect_of(r"(?P<x>a)").is_err());
/// ```
pub fn dialect_of(source: &str) -> Result<Dialect, PatternError> {
    match parse_in(source, Dialect::Unicode) {
        Ok(_) => Ok(Dialect::Unicode),
        Err(strict) => match parse_in(source, Dialect::AnnexB) {
            Ok(_) => Ok(Dialect::AnnexB),
            Err(_) => Err(strict),
        },
    }
}

/// How a pattern's syntax is read. See the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// ECMA-262 with the `u` flag and without Annex B: what JSON Schema specifies.
    Unicode,
    /// ECMA-262 without the `u` flag, with the Annex B grammar (identity escapes such as
    /// `\-`, literal `{`, `}` and `]`, legacy octal escapes, …), matched on code points.
    AnnexB,
}

/// The translation of an ECMA pattern into the syntax the Rust engines read.
#[derive(Debug)]
pub(crate) struct Translation {
    pub(crate) text: String,
    pub(crate) features: Features,
    pub(crate) needs_backtracking_engine: bool,
}

/// Parses `source` and spells it in `regex`/`fancy-regex` syntax.
pub(crate) fn translate(source: &str, dialect: Dialect) -> Result<Translation, PatternError> {
    let analysis = Parser::new(source, dialect, None).run()?;
    let fancy = analysis.needs_backtracking_engine;
    let mut parser = Parser::new(
        source,
        dialect,
        Some(Emit {
            out: String::with_capacity(source.len() * 2),
            fancy,
            names: &analysis.names,
            group_spans: &analysis.group_spans,
        }),
    );
    parser.run()?;
    let text = parser.emit.map(|e| e.out).unwrap_or_default();
    Ok(Translation {
        text,
        features: analysis.features,
        needs_backtracking_engine: fancy,
    })
}

struct Analysis {
    features: Features,
    names: HashMap<String, Vec<GroupName>>,
    group_spans: Vec<(usize, usize)>,
    /// Lookaround or backreferences, or a construct only lookaround can spell (`^`/`$` under
    /// the `m` modifier, `\b` under `i`).
    needs_backtracking_engine: bool,
}

/// One `(?<name>…)`: its group number and where it sits (for ES2025's duplicate-name rule).
struct GroupName {
    number: u32,
    /// `(disjunction id, alternative index)` from the outermost disjunction inwards.
    path: Vec<(u32, u32)>,
}

/// ES2025 modifier flags in force.
#[derive(Clone, Copy, Default)]
struct Flags {
    ignore_case: bool,
    multiline: bool,
    dot_all: bool,
}

/// Output state of the second (translating) pass.
struct Emit<'n> {
    out: String,
    /// Whether the output is for `fancy-regex` (keeps capture groups for backreferences).
    fancy: bool,
    /// Group names with their numbers, from the first pass (names may be used before defined).
    names: &'n HashMap<String, Vec<GroupName>>,
    /// Capturing group spans from the first pass.
    group_spans: &'n [(usize, usize)],
}

enum Backreference {
    Number(u32),
    Name(String),
}

/// One element of a character class: a single code point or a set (`\d`, `\p{L}`, …). Sets are
/// only worked out in the translating pass; the checking pass leaves them empty.
enum ClassAtom {
    Char(u32),
    Set(Ranges),
}

const DOT: &str = r"[^\x{A}\x{D}\x{2028}\x{2029}]";
const ANY: &str = r"[\x{0}-\x{10FFFF}]";
const WORD_CHAR: &str = "[0-9A-Z_a-z]";

struct Parser<'s, 'n> {
    src: &'s str,
    pos: usize,
    depth: usize,
    features: Features,
    groups: u32,
    names: HashMap<String, Vec<GroupName>>,
    flags: Flags,
    engine_needs_backtracking: bool,
    /// `(start, end)` byte offsets of each capturing group, by number − 1.
    group_spans: Vec<(usize, usize)>,
    /// How many lookbehinds enclose the cursor.
    lookbehind_depth: usize,
    /// The disjunctions the cursor is inside: `(id, alternative index)`.
    alternatives: Vec<(u32, u32)>,
    disjunction_count: u32,
    backreferences: Vec<(Backreference, usize)>,
    emit: Option<Emit<'n>>,
    /// Annex B grammar (no `u` flag) and what it needs to know up front.
    annex_b: Option<AnnexB>,
}

/// What the Annex B grammar decides before parsing: whether `\k` is an escape of its own and
/// which `\N` are backreferences rather than octal or identity escapes.
#[derive(Clone, Copy)]
struct AnnexB {
    capturing_groups: u32,
    named_groups: bool,
}

impl AnnexB {
    /// Counts the capturing groups of `src` (escapes and classes skipped).
    fn scan(src: &str) -> AnnexB {
        let bytes = src.as_bytes();
        let (mut capturing_groups, mut named_groups, mut in_class) = (0u32, false, false);
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'(' if !in_class => match (bytes.get(i + 1), bytes.get(i + 2)) {
                    (Some(b'?'), Some(b'<')) if !matches!(bytes.get(i + 3), Some(b'=' | b'!')) => {
                        capturing_groups += 1;
                        named_groups = true;
                    }
                    (Some(b'?'), _) => {}
                    _ => capturing_groups += 1,
                },
                _ => {}
            }
            i += 1;
        }
        AnnexB {
            capturing_groups,
            named_groups,
        }
    }
}

fn error<T>(message: impl Into<String>, offset: usize) -> Result<T, PatternError> {
    Err(PatternError {
        message: message.into(),
        offset,
    })
}

fn is_syntax_character(c: char) -> bool {
    matches!(
        c,
        '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
    )
}

fn hex_value(c: char) -> Option<u32> {
    c.to_digit(16)
}

fn is_surrogate(cp: u32) -> bool {
    (0xD800..=0xDFFF).contains(&cp)
}

impl<'s, 'n> Parser<'s, 'n> {
    fn new(src: &'s str, dialect: Dialect, emit: Option<Emit<'n>>) -> Self {
        Parser {
            annex_b: (dialect == Dialect::AnnexB).then(|| AnnexB::scan(src)),
            src,
            pos: 0,
            depth: 0,
            features: Features::default(),
            groups: 0,
            names: HashMap::new(),
            flags: Flags::default(),
            engine_needs_backtracking: false,
            group_spans: Vec::new(),
            lookbehind_depth: 0,
            alternatives: Vec::new(),
            disjunction_count: 0,
            backreferences: Vec::new(),
            emit,
        }
    }

    fn run(&mut self) -> Result<Analysis, PatternError> {
        self.disjunction()?;
        if self.pos < self.src.len() {
            // Only an unmatched `)` stops a top-level disjunction early.
            return error("unmatched ')'", self.pos);
        }
        for (reference, offset) in &self.backreferences {
            match reference {
                Backreference::Number(n) if *n > self.groups => {
                    return error(
                        format!(
                            "backreference \\{n} refers to group {n}, but the pattern has only {} capturing group(s)",
                            self.groups
                        ),
                        *offset,
                    );
                }
                Backreference::Name(name) if !self.names.contains_key(name) => {
                    return error(
                        format!("backreference to undefined group name '{name}'"),
                        *offset,
                    );
                }
                _ => {}
            }
        }
        Ok(Analysis {
            features: self.features,
            names: std::mem::take(&mut self.names),
            group_spans: std::mem::take(&mut self.group_spans),
            needs_backtracking_engine: self.features.needs_backtracking()
                || self.engine_needs_backtracking,
        })
    }

    // ---- input helpers ----

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, skip: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(skip)
    }

    fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    // ---- output helpers (no-ops in the checking pass) ----

    fn out(&mut self, s: &str) {
        if let Some(emit) = &mut self.emit {
            emit.out.push_str(s);
        }
    }

    fn out_char(&mut self, cp: u32) {
        if let Some(emit) = &mut self.emit {
            if is_surrogate(cp) {
                // A `&str` never holds a lone surrogate, so this can never match.
                emit.out.push_str(NOTHING);
            } else {
                charset::push_escaped(&mut emit.out, cp);
            }
        }
    }

    fn fancy(&self) -> bool {
        self.emit.as_ref().is_some_and(|e| e.fancy)
    }

    // ---- grammar ----

    /// Returns whether the disjunction may consume characters (false when it holds only
    /// assertions); fancy-regex refuses to repeat zero-width expressions, see `quantifier`.
    fn disjunction(&mut self) -> Result<bool, PatternError> {
        self.alternatives.push((self.disjunction_count, 0));
        self.disjunction_count += 1;
        let mut consumes = false;
        loop {
            consumes |= self.alternative()?;
            if self.eat('|') {
                self.out("|");
                if let Some(last) = self.alternatives.last_mut() {
                    last.1 += 1;
                }
            } else {
                self.alternatives.pop();
                return Ok(consumes);
            }
        }
    }

    fn alternative(&mut self) -> Result<bool, PatternError> {
        let mut consumes = false;
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            consumes |= self.term()?;
        }
        Ok(consumes)
    }

    fn term(&mut self) -> Result<bool, PatternError> {
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with('^') || rest.starts_with('$') {
            self.pos += 1;
            let at_start = rest.starts_with('^');
            if !self.flags.multiline {
                self.out(if at_start { "^" } else { "$" });
            } else {
                // ECMA's line terminators are \n, \r, U+2028 and U+2029; the engines' `(?m)`
                // knows only \n, so spell "at a line boundary" with lookaround.
                self.engine_needs_backtracking = true;
                self.out(if at_start {
                    r"(?<![^\x{A}\x{D}\x{2028}\x{2029}])"
                } else {
                    r"(?![^\x{A}\x{D}\x{2028}\x{2029}])"
                });
            }
            return self.no_quantifier(start).map(|()| false);
        }
        if rest.starts_with(r"\b") || rest.starts_with(r"\B") {
            self.pos += 2;
            self.word_boundary(rest.as_bytes()[1] == b'B');
            return self.no_quantifier(start).map(|()| false);
        }
        for (opener, is_lookbehind) in [
            ("(?=", false),
            ("(?!", false),
            ("(?<=", true),
            ("(?<!", true),
        ] {
            if rest.starts_with(opener) {
                let assertion_output_start = self.emit.as_ref().map_or(0, |e| e.out.len());
                self.pos += opener.len();
                if is_lookbehind {
                    self.features.lookbehind = true;
                } else {
                    self.features.lookahead = true;
                }
                self.out(opener);
                self.lookbehind_depth += usize::from(is_lookbehind);
                self.group_body(start)?;
                self.lookbehind_depth -= usize::from(is_lookbehind);
                if self.annex_b.is_some() && !is_lookbehind {
                    // Annex B QuantifiableAssertion: a lookahead may be repeated.
                    return self
                        .quantifier(assertion_output_start, false)
                        .map(|()| false);
                }
                return self.no_quantifier(start).map(|()| false);
            }
        }
        let atom_output_start = self.emit.as_ref().map_or(0, |e| e.out.len());
        let consumes = self.atom()?;
        self.quantifier(atom_output_start, consumes)?;
        Ok(consumes)
    }

    /// ECMA `\b`/`\B` use the ASCII word set, unlike the Rust engines' Unicode default.
    fn word_boundary(&mut self, negated: bool) {
        if self.flags.ignore_case {
            // Under `i`, U+017F and U+212A are word characters too (they fold to s and k); the
            // lookaround spelling below gets that from the engine's case folding.
            self.engine_needs_backtracking = true;
        }
        if self.fancy() {
            // Spelled with lookaround: fancy-regex's own `\b` is Unicode-aware.
            let w = WORD_CHAR;
            if negated {
                self.out(&format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))"));
            } else {
                self.out(&format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))"));
            }
        } else if negated {
            self.out(r"(?-u:\B)");
        } else {
            self.out(r"(?-u:\b)");
        }
    }

    fn no_quantifier(&mut self, assertion_start: usize) -> Result<(), PatternError> {
        match self.peek() {
            // Annex B: a `{` that does not start a quantifier is a literal.
            Some('{') if self.annex_b.is_some() && !self.at_quantifier_bounds() => Ok(()),
            Some('*' | '+' | '?' | '{') => error(
                "an assertion cannot be repeated (nothing to repeat)",
                assertion_start,
            ),
            _ => Ok(()),
        }
    }

    /// Parses one atom; returns whether it may consume characters.
    fn atom(&mut self) -> Result<bool, PatternError> {
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Ok(false);
        };
        match c {
            '.' => self.out(if self.flags.dot_all { ANY } else { DOT }),
            '(' => return self.group(start),
            '[' => self.class(start)?,
            '\\' => return self.atom_escape(start),
            '*' | '+' | '?' => return error(format!("nothing to repeat before '{c}'"), start),
            '{' => {
                self.pos = start;
                if self.quantifier_bounds()?.is_some() {
                    return error("nothing to repeat before '{'", start);
                }
                if self.annex_b.is_none() {
                    return error("lone '{' is not allowed with the u flag; write \\{", start);
                }
                self.pos += 1;
                self.out_char('{' as u32);
            }
            '}' | ']' if self.annex_b.is_some() => self.out_char(c as u32),
            '}' => return error("lone '}' is not allowed with the u flag; write \\}", start),
            ']' => return error("lone ']' is not allowed with the u flag; write \\]", start),
            other => self.out_char(other as u32),
        }
        Ok(true)
    }

    /// Parses an optional quantifier after an atom whose output starts at `atom_output_start`.
    fn quantifier(&mut self, atom_output_start: usize, consumes: bool) -> Result<(), PatternError> {
        let start = self.pos;
        let (min, text) = match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                (u32::from(c == '+'), c.to_string())
            }
            Some('{') => match self.quantifier_bounds()? {
                Some((min, max)) => {
                    let text = match max {
                        Some(max) if max == min => format!("{{{min}}}"),
                        Some(max) => format!("{{{min},{max}}}"),
                        None => format!("{{{min},}}"),
                    };
                    (min, text)
                }
                // Annex B: a `{` that does not start a quantifier is a literal.
                None if self.annex_b.is_some() => return Ok(()),
                None => return error("lone '{' is not allowed with the u flag; write \\{", start),
            },
            _ => return Ok(()),
        };
        let lazy = self.eat('?');
        if consumes {
            self.out(&text);
            if lazy {
                self.out("?");
            }
        } else if let Some(emit) = &mut self.emit {
            // A zero-width atom: ECMA stops repeating once an iteration matches empty, so any
            // count from one up is one match and a minimum of zero makes it optional.
            // fancy-regex rejects repeating such atoms, so spell that out.
            if min == 0 {
                emit.out.insert_str(atom_output_start, "(?:");
                emit.out.push_str("|)");
            }
        }
        match self.peek() {
            Some('{') if self.annex_b.is_some() && !self.at_quantifier_bounds() => Ok(()),
            Some('*' | '+' | '{') => {
                error("nothing to repeat (quantifier after quantifier)", self.pos)
            }
            Some('?') => error("nothing to repeat (quantifier after quantifier)", self.pos),
            _ => Ok(()),
        }
    }

    /// Whether `{n}`, `{n,}` or `{n,m}` is at the cursor (which does not move).
    fn at_quantifier_bounds(&mut self) -> bool {
        let start = self.pos;
        let found = matches!(self.quantifier_bounds(), Ok(Some(_)) | Err(_));
        self.pos = start;
        found
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at the cursor. `Ok(None)` (cursor unmoved) when the text is
    /// not a quantifier; counts saturate at `u32::MAX` (the engines reject such sizes later).
    fn quantifier_bounds(&mut self) -> Result<Option<(u32, Option<u32>)>, PatternError> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut i = start + 1;
        let read_number = |i: &mut usize| -> Option<u32> {
            let begin = *i;
            let mut value: u32 = 0;
            while *i < bytes.len() && bytes[*i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[*i] - b'0'));
                *i += 1;
            }
            (*i > begin).then_some(value)
        };
        let Some(min) = read_number(&mut i) else {
            return Ok(None);
        };
        let max = if bytes.get(i) == Some(&b',') {
            i += 1;
            read_number(&mut i)
        } else {
            Some(min)
        };
        if bytes.get(i) != Some(&b'}') {
            return Ok(None);
        }
        if let Some(max) = max {
            if max < min {
                return error("numbers out of order in {} quantifier", start);
            }
        }
        self.pos = i + 1;
        Ok(Some((min, max)))
    }

    fn group(&mut self, start: usize) -> Result<bool, PatternError> {
        // The '(' is consumed.
        if self.rest().starts_with('?') {
            let rest = &self.rest()[1..];
            if rest.starts_with(':') {
                self.pos += 2;
                self.out("(?:");
                return self.group_body(start);
            }
            if rest.starts_with('<') {
                self.pos += 2;
                let name_start = self.pos;
                let name = self.group_name()?;
                self.groups += 1;
                self.features.named_groups = true;
                let path = self.alternatives.clone();
                let same_name = self.names.entry(name).or_default();
                if same_name
                    .iter()
                    .any(|other| might_both_participate(&other.path, &path))
                {
                    return error(
                        "duplicate group name (ES2025 allows one only in different alternatives)",
                        name_start,
                    );
                }
                same_name.push(GroupName {
                    number: self.groups,
                    path,
                });
                return self.capturing_group_body(start);
            }
            if rest.starts_with(['i', 'm', 's', '-']) {
                return self.modifier_group(start);
            }
            let message = if rest.starts_with('P') {
                "Python-style (?P…) groups are not ECMA-262; write (?<name>…) and \\k<name>"
            } else if rest.starts_with('#') {
                "inline comments (?#…) are not ECMA-262"
            } else {
                "invalid group: expected (?:…), (?<name>…) or a lookaround after '(?'"
            };
            return error(message, start);
        }
        self.groups += 1;
        self.capturing_group_body(start)
    }

    /// The body of the capturing group just numbered `self.groups`, recording its span.
    fn capturing_group_body(&mut self, start: usize) -> Result<bool, PatternError> {
        let index = self.groups as usize - 1;
        if self.group_spans.len() <= index {
            self.group_spans.resize(index + 1, (start, start));
        }
        self.open_capture();
        let consumes = self.group_body(start)?;
        self.group_spans[index] = (start, self.pos);
        Ok(consumes)
    }

    /// ES2025 `(?ims-ims:…)`; the cursor is on the `?`.
    fn modifier_group(&mut self, start: usize) -> Result<bool, PatternError> {
        self.pos += 1;
        let mut seen = String::new();
        let mut add = Flags::default();
        let mut remove = Flags::default();
        let mut removing = false;
        loop {
            let offset = self.pos;
            match self.bump() {
                Some(':') => break,
                Some('-') if !removing => removing = true,
                Some(flag @ ('i' | 'm' | 's')) => {
                    if seen.contains(flag) {
                        return error(format!("flag '{flag}' repeated in a modifier group"), offset);
                    }
                    seen.push(flag);
                    let target = if removing { &mut remove } else { &mut add };
                    match flag {
                        'i' => target.ignore_case = true,
                        'm' => target.multiline = true,
                        _ => target.dot_all = true,
                    }
                }
                Some(')') => {
                    return error(
                        "inline flags like (?i) are not ECMA-262; ES2025 allows a modifier group (?i:…)",
                        start,
                    )
                }
                _ => {
                    return error(
                        "invalid modifier group: only the flags i, m and s, then ':', may follow '(?'",
                        start,
                    )
                }
            }
        }
        if removing && seen.is_empty() {
            return error("(?-:…) modifies nothing", start);
        }
        let saved = self.flags;
        self.flags = Flags {
            ignore_case: (saved.ignore_case || add.ignore_case) && !remove.ignore_case,
            multiline: (saved.multiline || add.multiline) && !remove.multiline,
            dot_all: (saved.dot_all || add.dot_all) && !remove.dot_all,
        };
        // Only case folding is left to the engines; `m` and `s` are spelled out.
        if add.ignore_case {
            self.out("(?i:");
        } else if remove.ignore_case {
            self.out("(?-i:");
        } else {
            self.out("(?:");
        }
        let consumes = self.group_body(start);
        self.flags = saved;
        consumes
    }

    fn open_capture(&mut self) {
        // Captures only matter to backreferences, which only the backtracking engine runs.
        if self.fancy() {
            self.out("(");
        } else {
            self.out("(?:");
        }
    }

    /// Parses a group's disjunction and its closing ')'; the opener is already consumed and
    /// emitted. Returns whether the group may consume characters.
    fn group_body(&mut self, start: usize) -> Result<bool, PatternError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return error(
                format!("groups nest more than {MAX_NESTING} levels deep"),
                start,
            );
        }
        let consumes = self.disjunction()?;
        self.depth -= 1;
        if !self.eat(')') {
            return error("unterminated group: missing ')'", start);
        }
        self.out(")");
        Ok(consumes)
    }

    /// Reads `name>` of `(?<name>` or `\k<name>` (the `<` is consumed).
    fn group_name(&mut self) -> Result<String, PatternError> {
        let start = self.pos;
        let mut name = String::new();
        loop {
            let offset = self.pos;
            let Some(c) = self.bump() else {
                return error("unterminated group name: missing '>'", start);
            };
            if c == '>' {
                break;
            }
            let cp = if c == '\\' {
                if !self.eat('u') {
                    return error("only \\u escapes are allowed in group names", offset);
                }
                self.unicode_escape_value(offset)?
            } else {
                c as u32
            };
            let Some(c) = char::from_u32(cp) else {
                return error("a lone surrogate cannot be part of a group name", offset);
            };
            let valid = if name.is_empty() {
                c == '$' || c == '_' || unicode_ident::is_xid_start(c)
            } else {
                c == '$' || c == '\u{200C}' || c == '\u{200D}' || unicode_ident::is_xid_continue(c)
            };
            if !valid {
                return error(format!("invalid character {c:?} in group name"), offset);
            }
            name.push(c);
        }
        if name.is_empty() {
            return error("empty group name", start);
        }
        Ok(name)
    }

    /// Returns whether the escape may consume characters.
    fn atom_escape(&mut self, start: usize) -> Result<bool, PatternError> {
        // The '\' is consumed.
        let Some(c) = self.peek() else {
            return error("the pattern ends with a lone '\\'", start);
        };
        match c {
            // Annex B: `\N` past the last group is a legacy octal or identity escape.
            '1'..='9'
                if self
                    .annex_b
                    .is_some_and(|b| self.decimal_escape_value() > b.capturing_groups) =>
            {
                self.character_escape(start)
            }
            'k' if self.annex_b.is_some_and(|b| !b.named_groups) => {
                self.pos += 1;
                self.out_char('k' as u32);
                Ok(true)
            }
            '1'..='9' => {
                let bytes = self.src.as_bytes();
                let mut number: u32 = 0;
                while self.pos < bytes.len() && bytes[self.pos].is_ascii_digit() {
                    number = number
                        .saturating_mul(10)
                        .saturating_add(u32::from(bytes[self.pos] - b'0'));
                    self.pos += 1;
                }
                self.features.backreferences = true;
                self.backreferences
                    .push((Backreference::Number(number), start));
                Ok(self.out_backreferences(&[number], start))
            }
            'k' => {
                self.pos += 1;
                if !self.eat('<') {
                    return error("\\k must be followed by <name> with the u flag", start);
                }
                let name = self.group_name()?;
                self.features.backreferences = true;
                let numbers: Vec<u32> = self
                    .emit
                    .as_ref()
                    .and_then(|e| e.names.get(&name))
                    .map(|groups| groups.iter().map(|g| g.number).collect())
                    .unwrap_or_default();
                self.backreferences.push((Backreference::Name(name), start));
                Ok(self.out_backreferences(&numbers, start))
            }
            _ => self.character_escape(start),
        }
    }

    /// The number of the decimal escape at the cursor (saturating), which does not move.
    fn decimal_escape_value(&self) -> u32 {
        self.rest()
            .bytes()
            .take_while(u8::is_ascii_digit)
            .fold(0u32, |n, d| {
                n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
            })
    }

    /// An escape outside a class that is not a backreference; returns whether it consumes.
    fn character_escape(&mut self, start: usize) -> Result<bool, PatternError> {
        match self.class_or_character_escape(start, false)? {
            ClassAtom::Char(cp) => self.out_char(cp),
            ClassAtom::Set(mut ranges) => {
                if let Some(emit) = &mut self.emit {
                    charset::canonicalize(&mut ranges);
                    charset::write_class(&mut emit.out, &ranges);
                }
            }
        }
        Ok(true)
    }

    /// A backreference (at `offset`) to whichever of `numbers` took part; several only for a
    /// name used in different alternatives. Returns whether it may consume characters.
    fn out_backreferences(&mut self, numbers: &[u32], offset: usize) -> bool {
        let Some(emit) = &self.emit else {
            return true;
        };
        // ECMA: a reference to a group that encloses it, or (outside lookbehind, which matches
        // right to left) to a group that comes later, can only ever see an unset group — the
        // group has not closed yet, and quantifiers reset inner captures on every iteration —
        // so it always matches the empty string. Only the others need the engine.
        let live: Vec<u32> = numbers
            .iter()
            .copied()
            .filter(|&number| {
                let Some(&(group_start, group_end)) = emit.group_spans.get(number as usize - 1)
                else {
                    return false;
                };
                let encloses = group_start < offset && offset < group_end;
                let later = group_start > offset && self.lookbehind_depth == 0;
                !encloses && !later
            })
            .collect();
        if live.is_empty() {
            return false;
        }
        // A reference to a group that has not matched matches the empty string, where
        // fancy-regex would fail; the conditionals restore the ECMA meaning.
        let mut text = String::from("(?:");
        for number in &live {
            let _ = write!(text, "(?({number})\\{number}|");
        }
        text.push_str(&")".repeat(live.len() + 1));
        self.out(&text);
        true
    }

    /// Escapes shared by atoms and classes: `\d`-style sets, `\p{…}`, control and character
    /// escapes. The '\' is consumed; `escape_start` points at it.
    fn class_or_character_escape(
        &mut self,
        escape_start: usize,
        in_class: bool,
    ) -> Result<ClassAtom, PatternError> {
        let Some(c) = self.bump() else {
            return error("the pattern ends with a lone '\\'", escape_start);
        };
        if let Some(annex_b) = self.annex_b {
            if let Some(atom) = self.annex_b_escape(c, in_class, annex_b) {
                return Ok(atom);
            }
        }
        match c {
            'd' => Ok(self.class_escape_set(charset::DIGIT, false)),
            'D' => Ok(self.class_escape_set(charset::DIGIT, true)),
            'w' => Ok(self.class_escape_set(charset::WORD, false)),
            'W' => Ok(self.class_escape_set(charset::WORD, true)),
            's' => Ok(self.class_escape_set(charset::SPACE, false)),
            'S' => Ok(self.class_escape_set(charset::SPACE, true)),
            'p' | 'P' => self.property_escape(escape_start, c == 'P'),
            'f' => Ok(ClassAtom::Char(0x0C)),
            'n' => Ok(ClassAtom::Char(0x0A)),
            'r' => Ok(ClassAtom::Char(0x0D)),
            't' => Ok(ClassAtom::Char(0x09)),
            'v' => Ok(ClassAtom::Char(0x0B)),
            'c' => match self.peek() {
                Some(letter) if letter.is_ascii_alphabetic() => {
                    self.pos += 1;
                    Ok(ClassAtom::Char(letter as u32 % 32))
                }
                _ => error(
                    "\\c must be followed by an ASCII letter with the u flag",
                    escape_start,
                ),
            },
            '0' => {
                if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    error(
                        "\\0 followed by a digit (an octal escape) is not allowed with the u flag",
                        escape_start,
                    )
                } else {
                    Ok(ClassAtom::Char(0))
                }
            }
            '1'..='9' if in_class => error(
                "backreferences and octal escapes are not allowed in a character class",
                escape_start,
            ),
            'x' => {
                let high = self.peek().and_then(hex_value);
                let low = self.peek_at(1).and_then(hex_value);
                match (high, low) {
                    (Some(h), Some(l)) => {
                        self.pos += 2;
                        Ok(ClassAtom::Char(h * 16 + l))
                    }
                    _ => error("\\x must be followed by two hex digits", escape_start),
                }
            }
            'u' => self.unicode_escape_value(escape_start).map(ClassAtom::Char),
            '-' if in_class => Ok(ClassAtom::Char('-' as u32)),
            'b' if in_class => Ok(ClassAtom::Char(0x08)),
            'B' if in_class => error("\\B is not allowed in a character class", escape_start),
            'k' if in_class => error("\\k is not allowed in a character class", escape_start),
            c if is_syntax_character(c) || c == '/' => Ok(ClassAtom::Char(c as u32)),
            c => error(
                format!(
                    "invalid escape '\\{c}': with the u flag only syntax characters ^$\\.*+?()[]{{}}| and / can be escaped"
                ),
                escape_start,
            ),
        }
    }

    /// The Annex B meaning of `\c` (the escaped character, just consumed) where it differs from
    /// the `u`-mode one; `None` where both agree or the escape is an error in both.
    fn annex_b_escape(&mut self, c: char, in_class: bool, annex_b: AnnexB) -> Option<ClassAtom> {
        let octal = |d: char| d.to_digit(8);
        match c {
            // Without `u`, `\p{L}` is the letter p followed by the text `{L}`.
            'p' | 'P' => Some(ClassAtom::Char(c as u32)),
            'c' => match self.peek() {
                Some(letter) if letter.is_ascii_alphabetic() => None,
                Some(d) if in_class && (d.is_ascii_digit() || d == '_') => {
                    self.pos += 1;
                    Some(ClassAtom::Char(d as u32 % 32))
                }
                // A `\` that escapes nothing is itself; the `c` is read again as a literal.
                _ => {
                    self.pos -= 1;
                    Some(ClassAtom::Char('\\' as u32))
                }
            },
            // Legacy octal escapes: `\0`–`\377` (`\0` alone stays NUL).
            '0'..='7' if c != '0' || self.peek().is_some_and(|d| d.is_ascii_digit()) => {
                let mut value = octal(c)?;
                let max_digits = if c <= '3' { 3 } else { 2 };
                for _ in 1..max_digits {
                    match self.peek().and_then(octal) {
                        Some(d) => {
                            self.pos += 1;
                            value = value * 8 + d;
                        }
                        None => break,
                    }
                }
                Some(ClassAtom::Char(value))
            }
            'x' if !(self.peek().is_some_and(|h| h.is_ascii_hexdigit())
                && self.peek_at(1).is_some_and(|h| h.is_ascii_hexdigit())) =>
            {
                Some(ClassAtom::Char('x' as u32))
            }
            'u' if self.rest().len() < 4
                || !self.rest().as_bytes()[..4]
                    .iter()
                    .all(u8::is_ascii_hexdigit) =>
            {
                Some(ClassAtom::Char('u' as u32))
            }
            'k' if annex_b.named_groups => None,
            // Identity escapes: any other character that is not an escape of its own.
            c if !(matches!(
                c,
                'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'f' | 'n' | 'r' | 't' | 'v' | 'x' | 'u' | '0'
            ) || (in_class && c == 'b')) =>
            {
                Some(ClassAtom::Char(c as u32))
            }
            _ => None,
        }
    }

    /// Reads what follows `\u`: `XXXX`, a surrogate pair `XXXX\uXXXX`, or `{X…}`.
    fn unicode_escape_value(&mut self, escape_start: usize) -> Result<u32, PatternError> {
        if self.eat('{') {
            let mut value: u32 = 0;
            let mut digits = 0;
            while let Some(d) = self.peek().and_then(hex_value) {
                self.pos += 1;
                digits += 1;
                value = value.saturating_mul(16).saturating_add(d);
            }
            if digits == 0 || !self.eat('}') {
                return error("\\u{ must be followed by hex digits and '}'", escape_start);
            }
            if value > 0x10FFFF {
                return error("\\u{…} is above U+10FFFF", escape_start);
            }
            return Ok(value);
        }
        let Some(lead) = self.hex4() else {
            return error(
                "\\u must be followed by four hex digits or {…} with the u flag",
                escape_start,
            );
        };
        if (0xD800..=0xDBFF).contains(&lead) && self.rest().starts_with("\\u") {
            let saved = self.pos;
            self.pos += 2;
            match self.hex4() {
                Some(trail) if (0xDC00..=0xDFFF).contains(&trail) => {
                    return Ok(0x10000 + ((lead - 0xD800) << 10) + (trail - 0xDC00));
                }
                _ => self.pos = saved,
            }
        }
        Ok(lead)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.rest().as_bytes().get(..4)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + (d as char).to_digit(16)?;
        }
        self.pos += 4;
        Some(value)
    }

    fn property_escape(
        &mut self,
        escape_start: usize,
        negated: bool,
    ) -> Result<ClassAtom, PatternError> {
        if !self.eat('{') {
            return error(
                "\\p and \\P must be followed by {…} with the u flag",
                escape_start,
            );
        }
        let body_start = self.pos;
        let Some(length) = self.rest().find('}') else {
            return error("unterminated \\p{…}", escape_start);
        };
        let body = &self.src[body_start..body_start + length];
        self.pos = body_start + length + 1;
        self.features.unicode_property_escapes = true;
        let spelled = crate::unicode_properties::resolve(body).map_err(|message| PatternError {
            message,
            offset: escape_start,
        })?;
        if self.emit.is_none() {
            return Ok(ClassAtom::Set(Vec::new()));
        }
        let mut ranges = crate::unicode_properties::ranges(&spelled).map_err(|e| PatternError {
            message: format!("the pattern is valid ECMA-262 but cannot be compiled: {e}"),
            offset: escape_start,
        })?;
        charset::canonicalize(&mut ranges);
        // ECMA (u flag): `\P{…}` is the plain complement, whatever `i` says.
        Ok(ClassAtom::Set(if negated {
            charset::negate(&ranges)
        } else {
            ranges
        }))
    }

    /// `\d`, `\w`, `\s` and their negations.
    fn class_escape_set(&self, positive: &[(u32, u32)], negated: bool) -> ClassAtom {
        if self.emit.is_none() {
            return ClassAtom::Set(Vec::new());
        }
        let ranges = positive.to_vec();
        if !negated {
            return ClassAtom::Set(ranges);
        }
        // Under `i`, ECMA's word characters include U+017F and U+212A (they fold to s and k),
        // so `\W` is the complement of the folded set (`\d` and `\s` have no case).
        let base = if self.flags.ignore_case {
            charset::case_fold(&ranges)
        } else {
            ranges
        };
        ClassAtom::Set(charset::negate(&base))
    }

    fn class(&mut self, start: usize) -> Result<(), PatternError> {
        // The '[' is consumed.
        let negated = self.eat('^');
        let mut ranges: Ranges = Vec::new();
        loop {
            match self.peek() {
                None => return error("unterminated character class: missing ']'", start),
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {}
            }
            let first_offset = self.pos;
            let first = self.class_atom()?;
            let is_range = self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']');
            if !is_range {
                match first {
                    ClassAtom::Char(cp) => charset::push_range(&mut ranges, cp, cp),
                    ClassAtom::Set(set) => ranges.extend(set),
                }
                continue;
            }
            self.pos += 1;
            let second = self.class_atom()?;
            let (ClassAtom::Char(low), ClassAtom::Char(high)) = (&first, &second) else {
                if self.annex_b.is_some() {
                    // Annex B: `[\w-.]` is `\w`, `-` and `.`.
                    for atom in [first, ClassAtom::Char('-' as u32), second] {
                        match atom {
                            ClassAtom::Char(cp) => charset::push_range(&mut ranges, cp, cp),
                            ClassAtom::Set(set) => ranges.extend(set),
                        }
                    }
                    continue;
                }
                return error(
                    "a class escape like \\d cannot be a range bound with the u flag",
                    first_offset,
                );
            };
            if low > high {
                return error("range out of order in character class", first_offset);
            }
            charset::push_range(&mut ranges, *low, *high);
        }
        if self.emit.is_none() {
            return Ok(());
        }
        charset::canonicalize(&mut ranges);
        if negated {
            // ECMA matches `[^…]` by comparing case-folded characters, so under `i` the set is
            // folded before it is complemented.
            if self.flags.ignore_case {
                ranges = charset::case_fold(&ranges);
            }
            ranges = charset::negate(&ranges);
        }
        if let Some(emit) = &mut self.emit {
            charset::write_class(&mut emit.out, &ranges);
        }
        Ok(())
    }

    fn class_atom(&mut self) -> Result<ClassAtom, PatternError> {
        let start = self.pos;
        match self.bump() {
            Some('\\') => self.class_or_character_escape(start, true),
            Some(c) => Ok(ClassAtom::Char(c as u32)),
            None => error("unterminated character class: missing ']'", start),
        }
    }
}

/// ES2025 MightBothParticipate: two groups can both take part unless some disjunction puts
/// them in different alternatives.
fn might_both_participate(a: &[(u32, u32)], b: &[(u32, u32)]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x.0 != y.0 {
            return true;
        }
        if x.1 != y.1 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests;
