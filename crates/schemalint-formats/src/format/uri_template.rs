//! RFC 6570 URI Template syntax (level 4).

/// Literals and `{…}` expressions; percent-escapes must be complete.
pub(super) fn is_uri_template(value: &str) -> bool {
    let b = value.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => match expression(b, i + 1) {
                Some(end) => i = end,
                None => return false,
            },
            b'%' => {
                if !is_pct_encoded(b, i) {
                    return false;
                }
                i += 3;
            }
            c if c.is_ascii() => {
                if !is_literal_ascii(c) {
                    return false;
                }
                i += 1;
            }
            _ => {
                // Non-ASCII: decode one scalar (the input is valid UTF-8).
                let Some(c) = value[i..].chars().next() else {
                    return false;
                };
                if !is_ucschar_or_iprivate(c as u32) {
                    return false;
                }
                i += c.len_utf8();
            }
        }
    }
    true
}

fn is_pct_encoded(b: &[u8], i: usize) -> bool {
    matches!((b.get(i + 1), b.get(i + 2)), (Some(h), Some(l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit())
}

/// ASCII literal characters: everything but controls, space, `"`, `%`, `<`, `>`, `\`, `^`, `` ` ``,
/// `{`, `|`, `}` (the apostrophe is allowed, per RFC 6570 erratum 6937).
fn is_literal_ascii(c: u8) -> bool {
    (0x21..0x7F).contains(&c)
        && !matches!(
            c,
            b'"' | b'%' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
        )
}

fn is_ucschar_or_iprivate(cp: u32) -> bool {
    matches!(cp,
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF | 0xE000..=0xF8FF)
        || (cp >= 0x10000 && (cp & 0xFFFF) <= 0xFFFD && cp <= 0x10FFFD)
}

/// Parses an expression body after `{`; returns the index after the closing `}`.
fn expression(b: &[u8], mut i: usize) -> Option<usize> {
    if matches!(
        b.get(i),
        Some(b'+' | b'#' | b'.' | b'/' | b';' | b'?' | b'&' | b'=' | b',' | b'!' | b'@' | b'|')
    ) {
        i += 1;
    }
    loop {
        i = varspec(b, i)?;
        match b.get(i)? {
            b',' => i += 1,
            b'}' => return Some(i + 1),
            _ => return None,
        }
    }
}

/// `varname [ ":" max-length / "*" ]`; returns the index after it.
fn varspec(b: &[u8], mut i: usize) -> Option<usize> {
    let mut need_varchar = true;
    loop {
        match b.get(i) {
            Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => i += 1,
            Some(b'%') if is_pct_encoded(b, i) => i += 3,
            Some(b'.') if !need_varchar => {
                i += 1;
                need_varchar = true;
                continue;
            }
            _ => break,
        }
        need_varchar = false;
    }
    if need_varchar {
        return None;
    }
    match b.get(i) {
        Some(b'*') => Some(i + 1),
        Some(b':') => {
            let start = i + 1;
            let digits = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
            let valid = (1..=4).contains(&digits) && b[start] != b'0';
            valid.then_some(start + digits)
        }
        _ => Some(i),
    }
}
