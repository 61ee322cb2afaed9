//! JSON Pointer text (RFC 6901).

/// Appends one escaped reference token.
pub(crate) fn push_token(out: &mut String, token: &str) {
    out.push('/');
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Appends an array index token.
pub(crate) fn push_index(out: &mut String, index: usize) {
    use std::fmt::Write as _;
    let _ = write!(out, "/{index}");
}

/// `base` + `/token`.
pub(crate) fn join(base: &str, token: &str) -> String {
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    push_token(&mut s, token);
    s
}

/// Unescapes one reference token.
pub(crate) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Follows a pointer into a value.
pub(crate) fn resolve<'v>(
    value: &'v serde_json::Value,
    pointer: &str,
) -> Option<&'v serde_json::Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let rest = pointer.strip_prefix('/')?;
    let mut cur = value;
    for raw in rest.split('/') {
        let tok = unescape(raw);
        cur = match cur {
            serde_json::Value::Object(m) => m.get(&tok)?,
            serde_json::Value::Array(a) => {
                if tok.len() > 1 && tok.starts_with('0') {
                    return None;
                }
                a.get(tok.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(cur)
}
