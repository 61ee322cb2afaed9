//! A pull tokenizer over `&[u8]`: unescaped strings are borrowed from the
//! input, numbers stay literal slices, nothing is allocated on the valid path
//! except when a string has escapes (decoded into one reused buffer).

use std::ops::Range;

/// Why the bytes stopped being JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SyntaxError {
    /// Unexpected byte at `offset`.
    Malformed {
        offset: usize,
        message: &'static str,
    },
    /// The input ended where more JSON was needed.
    Eof,
    /// Invalid UTF-8 inside a string at `offset`.
    InvalidUtf8 { offset: usize },
    /// Nesting beyond the limit while skipping or buffering a value.
    TooDeep,
}

/// A string token: borrowed when it had no escapes, otherwise in `Lexer::scratch`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Str<'a> {
    Raw(&'a str),
    Escaped,
}

pub(crate) struct Lexer<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
    pub(crate) scratch: String,
}

type Res<T> = Result<T, SyntaxError>;

const fn string_stop_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
}

static STRING_STOP: [bool; 256] = string_stop_table();

/// Finds the first `"`, `\\` or control byte from `i`; also says whether a
/// non-ASCII byte may occur before it. Sixteen bytes at a time with SSE2 (part of
/// every x86-64 CPU), otherwise eight at a time in a `u64`.
#[inline]
fn scan_string(b: &[u8], i: usize) -> (usize, bool) {
    #[cfg(target_arch = "x86_64")]
    {
        scan_string_sse2(b, i)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        scan_string_swar(b, i, false)
    }
}

#[cfg(target_arch = "x86_64")]
#[inline]
fn scan_string_sse2(b: &[u8], mut i: usize) -> (usize, bool) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let mut high = 0i32;
    while let Some(chunk) = b.get(i..i + 16) {
        // SAFETY: SSE2 is always available on x86-64, and `chunk` holds the 16 bytes
        // the unaligned load reads.
        let (stop, non_ascii) = unsafe {
            let x = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
            // `max(x, 0x1f) == 0x1f` exactly for the bytes below 0x20.
            let low = _mm_set1_epi8(0x1f);
            let control = _mm_cmpeq_epi8(_mm_max_epu8(x, low), low);
            let stop = _mm_or_si128(_mm_or_si128(quote, backslash), control);
            (_mm_movemask_epi8(stop), _mm_movemask_epi8(x))
        };
        if stop != 0 {
            let at = stop.trailing_zeros();
            // Only bytes before the stop count as the string's.
            high |= non_ascii & ((1i32 << at) - 1);
            return (i + at as usize, high != 0);
        }
        high |= non_ascii;
        i += 16;
    }
    scan_string_swar(b, i, high != 0)
}

#[inline]
fn scan_string_swar(b: &[u8], mut i: usize, seen_high: bool) -> (usize, bool) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut high = u64::from(seen_high);
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let quote = x ^ (LO * u64::from(b'"'));
        let backslash = x ^ (LO * u64::from(b'\\'));
        // "has a zero byte" / "has a byte below 0x20": exact for the lowest hit.
        let stop = (quote.wrapping_sub(LO) & !quote)
            | (backslash.wrapping_sub(LO) & !backslash)
            | (x.wrapping_sub(LO * 0x20) & !x);
        let stop = stop & HI;
        high |= x & HI;
        if stop != 0 {
            return (i + (stop.trailing_zeros() / 8) as usize, high != 0);
        }
        i += 8;
    }
    while i < b.len() && !STRING_STOP[b[i] as usize] {
        high |= u64::from(b[i] & 0x80);
        i += 1;
    }
    (i, high != 0)
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Lexer<'a> {
        Lexer {
            bytes,
            pos: 0,
            scratch: String::new(),
        }
    }

    pub(crate) fn malformed<T>(&self, message: &'static str) -> Res<T> {
        if self.pos >= self.bytes.len() {
            return Err(SyntaxError::Eof);
        }
        Err(SyntaxError::Malformed {
            offset: self.pos,
            message,
        })
    }

    /// Skips whitespace and returns the next byte without consuming it.
    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return Some(b),
            }
        }
        None
    }

    /// Consumes `expected` (after whitespace) or fails.
    #[inline]
    pub(crate) fn expect(&mut self, expected: u8, what: &'static str) -> Res<()> {
        match self.peek() {
            Some(b) if b == expected => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => self.malformed(what),
            None => Err(SyntaxError::Eof),
        }
    }

    /// After a member or item: `true` when another one follows (`,` consumed),
    /// `false` at the closing byte (consumed).
    #[inline]
    pub(crate) fn next_or_close(&mut self, close: u8) -> Res<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            Some(_) => self.malformed(if close == b'}' {
                "expected `,` or `}` after an object member"
            } else {
                "expected `,` or `]` after an array item"
            }),
            None => Err(SyntaxError::Eof),
        }
    }

    /// Reads a string whose opening quote is at `self.pos`.
    #[inline]
    pub(crate) fn string(&mut self) -> Res<Str<'a>> {
        let start = self.pos + 1;
        let b = self.bytes;
        let (i, non_ascii) = scan_string(b, start);
        if i >= b.len() {
            self.pos = b.len();
            return Err(SyntaxError::Eof);
        }
        if b[i] == b'"' {
            let s = if non_ascii {
                std::str::from_utf8(&b[start..i]).map_err(|e| SyntaxError::InvalidUtf8 {
                    offset: start + e.valid_up_to(),
                })?
            } else {
                // SAFETY: `scan_string` saw no byte >= 0x80 in `start..i`, and ASCII is UTF-8.
                unsafe { std::str::from_utf8_unchecked(&b[start..i]) }
            };
            self.pos = i + 1;
            return Ok(Str::Raw(s));
        }
        if b[i] < 0x20 {
            self.pos = i;
            return self.malformed("control character in string (escape it)");
        }
        self.scratch.clear();
        let prefix = std::str::from_utf8(&b[start..i]).map_err(|e| SyntaxError::InvalidUtf8 {
            offset: start + e.valid_up_to(),
        })?;
        self.scratch.push_str(prefix);
        self.pos = i;
        self.escaped_tail()?;
        Ok(Str::Escaped)
    }

    fn escaped_tail(&mut self) -> Res<()> {
        let b = self.bytes;
        loop {
            let run = self.pos;
            while self.pos < b.len() && !STRING_STOP[b[self.pos] as usize] {
                self.pos += 1;
            }
            let text =
                std::str::from_utf8(&b[run..self.pos]).map_err(|e| SyntaxError::InvalidUtf8 {
                    offset: run + e.valid_up_to(),
                })?;
            self.scratch.push_str(text);
            match b.get(self.pos) {
                None => return Err(SyntaxError::Eof),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    let c = *b.get(self.pos + 1).ok_or(SyntaxError::Eof)?;
                    self.pos += 2;
                    let ch = match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => {
                            self.pos -= 1;
                            return self.malformed("invalid escape in string");
                        }
                    };
                    self.scratch.push(ch);
                }
                Some(_) => return self.malformed("control character in string (escape it)"),
            }
        }
    }

    fn hex4(&mut self) -> Res<u32> {
        let b = self.bytes;
        if self.pos + 4 > b.len() {
            self.pos = b.len();
            return Err(SyntaxError::Eof);
        }
        let mut v = 0u32;
        for i in 0..4 {
            let d = match b[self.pos + i] {
                c @ b'0'..=b'9' => c - b'0',
                c @ b'a'..=b'f' => c - b'a' + 10,
                c @ b'A'..=b'F' => c - b'A' + 10,
                _ => {
                    self.pos += i;
                    return self.malformed("invalid \\u escape");
                }
            };
            v = v * 16 + u32::from(d);
        }
        self.pos += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Res<char> {
        let at = self.pos - 2;
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if self.bytes.get(self.pos) == Some(&b'\\')
                && self.bytes.get(self.pos + 1) == Some(&b'u')
            {
                self.pos += 2;
                let lo = self.hex4()?;
                if !(0xDC00..0xE000).contains(&lo) {
                    self.pos = at;
                    return self.malformed("lone surrogate in \\u escape");
                }
                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            } else if self.pos >= self.bytes.len() {
                return Err(SyntaxError::Eof);
            } else {
                self.pos = at;
                return self.malformed("lone surrogate in \\u escape");
            }
        } else if (0xDC00..0xE000).contains(&hi) {
            self.pos = at;
            return self.malformed("lone surrogate in \\u escape");
        } else {
            hi
        };
        char::from_u32(code).map_or_else(|| self.malformed("invalid \\u escape"), Ok)
    }

    /// Reads a number literal starting at `self.pos`.
    #[inline]
    pub(crate) fn number(&mut self) -> Res<&'a [u8]> {
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            None => return Err(SyntaxError::Eof),
            Some(_) => {
                self.pos = i;
                return self.malformed("invalid number");
            }
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            let ds = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == ds {
                self.pos = i;
                return self.malformed("expected a digit after the decimal point");
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let ds = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == ds {
                self.pos = i;
                return self.malformed("expected a digit in the exponent");
            }
        }
        self.pos = i;
        Ok(&b[start..i])
    }

    /// Reads `true`, `false` or `null` at `self.pos`.
    #[inline]
    pub(crate) fn literal(&mut self, word: &'static [u8]) -> Res<()> {
        let end = self.pos + word.len();
        let avail = &self.bytes[self.pos..end.min(self.bytes.len())];
        if avail == &word[..avail.len()] {
            if avail.len() < word.len() {
                self.pos = self.bytes.len();
                return Err(SyntaxError::Eof);
            }
            self.pos = end;
            return Ok(());
        }
        self.malformed("unexpected token")
    }

    /// Skips one value (syntax-checked), returning its byte range.
    pub(crate) fn skip_value(&mut self, depth_limit: usize) -> Res<Range<usize>> {
        let b = self.peek().ok_or(SyntaxError::Eof)?;
        let start = self.pos;
        match b {
            b'{' | b'[' => {
                let mut stack: Vec<u8> = Vec::new();
                self.pos += 1;
                stack.push(if b == b'{' { b'}' } else { b']' });
                let mut expect_key = b == b'{';
                if self.peek() == Some(*stack.last().unwrap_or(&b'}')) {
                    self.pos += 1;
                    return Ok(start..self.pos);
                }
                loop {
                    if stack.len() > depth_limit {
                        return Err(SyntaxError::TooDeep);
                    }
                    if expect_key {
                        if self.peek() != Some(b'"') {
                            return self.malformed("expected a string key");
                        }
                        self.string()?;
                        self.expect(b':', "expected `:` after an object key")?;
                    }
                    let v = self.peek().ok_or(SyntaxError::Eof)?;
                    match v {
                        b'{' | b'[' => {
                            self.pos += 1;
                            stack.push(if v == b'{' { b'}' } else { b']' });
                            let close = *stack.last().unwrap_or(&b'}');
                            if self.peek() == Some(close) {
                                self.pos += 1;
                                stack.pop();
                            } else {
                                expect_key = v == b'{';
                                continue;
                            }
                        }
                        _ => self.scalar()?,
                    }
                    // Close as many containers as end here.
                    loop {
                        let Some(&close) = stack.last() else {
                            return Ok(start..self.pos);
                        };
                        if self.next_or_close(close)? {
                            expect_key = close == b'}';
                            break;
                        }
                        stack.pop();
                        if stack.is_empty() {
                            return Ok(start..self.pos);
                        }
                    }
                }
            }
            _ => {
                self.scalar()?;
                Ok(start..self.pos)
            }
        }
    }

    /// Reads any scalar at `self.pos` (after `peek`).
    pub(crate) fn scalar(&mut self) -> Res<()> {
        match self.peek().ok_or(SyntaxError::Eof)? {
            b'"' => self.string().map(|_| ()),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number().map(|_| ()),
            _ => self.malformed("expected a JSON value"),
        }
    }
}

/// Decodes a key or string token whose raw bytes (between the quotes) are `raw`.
pub(crate) fn decode_string(raw_with_quotes: &[u8]) -> String {
    let mut lx = Lexer::new(raw_with_quotes);
    match lx.string() {
        Ok(Str::Raw(s)) => s.to_owned(),
        Ok(Str::Escaped) => lx.scratch,
        Err(_) => String::from_utf8_lossy(raw_with_quotes).into_owned(),
    }
}

/// Builds a `serde_json::Value` from the bytes of one value (already syntax-checked).
///
/// Numbers that fit `u64`/`i64` stay exact; others become the nearest `f64`
/// (saturated at ±`f64::MAX`): this is the documented precision of buffered subtrees.
pub(crate) fn build_value(
    bytes: &[u8],
    depth_limit: usize,
) -> Result<serde_json::Value, SyntaxError> {
    let mut lx = Lexer::new(bytes);
    let v = build(&mut lx, depth_limit)?;
    Ok(v)
}

fn build(lx: &mut Lexer<'_>, depth: usize) -> Result<serde_json::Value, SyntaxError> {
    use serde_json::Value;
    if depth == 0 {
        return Err(SyntaxError::TooDeep);
    }
    Ok(match lx.peek().ok_or(SyntaxError::Eof)? {
        b'{' => {
            lx.pos += 1;
            let mut m = serde_json::Map::new();
            if lx.peek() == Some(b'}') {
                lx.pos += 1;
                return Ok(Value::Object(m));
            }
            loop {
                if lx.peek() != Some(b'"') {
                    return lx.malformed("expected a string key");
                }
                let k = match lx.string()? {
                    Str::Raw(s) => s.to_owned(),
                    Str::Escaped => lx.scratch.clone(),
                };
                lx.expect(b':', "expected `:`")?;
                let v = build(lx, depth - 1)?;
                m.insert(k, v);
                if !lx.next_or_close(b'}')? {
                    return Ok(Value::Object(m));
                }
            }
        }
        b'[' => {
            lx.pos += 1;
            let mut a = Vec::new();
            if lx.peek() == Some(b']') {
                lx.pos += 1;
                return Ok(Value::Array(a));
            }
            loop {
                a.push(build(lx, depth - 1)?);
                if !lx.next_or_close(b']')? {
                    return Ok(Value::Array(a));
                }
            }
        }
        b'"' => match lx.string()? {
            Str::Raw(s) => Value::String(s.to_owned()),
            Str::Escaped => Value::String(lx.scratch.clone()),
        },
        b't' => {
            lx.literal(b"true")?;
            Value::Bool(true)
        }
        b'f' => {
            lx.literal(b"false")?;
            Value::Bool(false)
        }
        b'n' => {
            lx.literal(b"null")?;
            Value::Null
        }
        _ => {
            let lit = lx.number()?;
            Value::Number(number_from_literal(lit))
        }
    })
}

pub(crate) fn number_from_literal(lit: &[u8]) -> serde_json::Number {
    let text = std::str::from_utf8(lit).unwrap_or("0");
    if let Ok(u) = text.parse::<u64>() {
        return u.into();
    }
    if let Ok(i) = text.parse::<i64>() {
        return i.into();
    }
    let f = text.parse::<f64>().unwrap_or(0.0);
    let f = f.clamp(-f64::MAX, f64::MAX);
    serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into())
}

/// For a document that ends too early: the containers (and a string) still
/// open at the end, outermost first, as `(kind, pointer, opening offset)`.
/// Runs only when reporting, so it simply re-reads the bytes.
pub(crate) fn open_containers(bytes: &[u8]) -> Vec<(crate::ContainerKind, String, usize)> {
    use crate::ContainerKind;
    enum Want {
        Value,
        KeyOrEnd,
        AfterValue,
    }
    struct Open {
        kind: ContainerKind,
        pointer: String,
        offset: usize,
        index: usize,
    }
    let mut lx = Lexer::new(bytes);
    let mut stack: Vec<Open> = Vec::new();
    let mut pointer = String::new();
    let mut want = Want::Value;
    let mut string_at = None;
    loop {
        match want {
            Want::Value => match lx.peek() {
                None => break,
                Some(b @ (b'{' | b'[')) => {
                    let kind = if b == b'{' {
                        ContainerKind::Object
                    } else {
                        ContainerKind::Array
                    };
                    stack.push(Open {
                        kind,
                        pointer: pointer.clone(),
                        offset: lx.pos,
                        index: 0,
                    });
                    lx.pos += 1;
                    if b == b'{' {
                        want = Want::KeyOrEnd;
                    } else if lx.peek() == Some(b']') {
                        lx.pos += 1;
                        stack.pop();
                        want = Want::AfterValue;
                    } else {
                        pointer.push_str("/0");
                    }
                }
                Some(b'"') => {
                    let at = lx.pos;
                    match lx.string() {
                        Ok(_) => want = Want::AfterValue,
                        Err(SyntaxError::Eof) => {
                            string_at = Some((pointer.clone(), at));
                            break;
                        }
                        Err(_) => break,
                    }
                }
                Some(_) => match lx.scalar() {
                    Ok(()) => want = Want::AfterValue,
                    Err(_) => break,
                },
            },
            Want::KeyOrEnd => match lx.peek() {
                Some(b'}') => {
                    lx.pos += 1;
                    stack.pop();
                    want = Want::AfterValue;
                }
                Some(b'"') => {
                    let at = lx.pos;
                    let key = match lx.string() {
                        Ok(Str::Raw(s)) => s.to_owned(),
                        Ok(Str::Escaped) => lx.scratch.clone(),
                        Err(SyntaxError::Eof) => {
                            let object =
                                stack.last().map(|o| o.pointer.clone()).unwrap_or_default();
                            string_at = Some((object, at));
                            break;
                        }
                        Err(_) => break,
                    };
                    if lx.expect(b':', "").is_err() {
                        break;
                    }
                    pointer = stack.last().map(|o| o.pointer.clone()).unwrap_or_default();
                    crate::pointer::push_token(&mut pointer, &key);
                    want = Want::Value;
                }
                _ => break,
            },
            Want::AfterValue => {
                let Some(top) = stack.last_mut() else { break };
                let close = if top.kind == ContainerKind::Object {
                    b'}'
                } else {
                    b']'
                };
                match lx.next_or_close(close) {
                    Ok(true) => {
                        if top.kind == ContainerKind::Object {
                            want = Want::KeyOrEnd;
                        } else {
                            top.index += 1;
                            pointer = format!("{}/{}", top.pointer, top.index);
                            want = Want::Value;
                        }
                    }
                    Ok(false) => {
                        stack.pop();
                    }
                    Err(_) => break,
                }
            }
        }
    }
    let mut out: Vec<(ContainerKind, String, usize)> = stack
        .into_iter()
        .map(|o| (o.kind, o.pointer, o.offset))
        .collect();
    if let Some((pointer, at)) = string_at {
        out.push((ContainerKind::String, pointer, at));
    }
    out
}
