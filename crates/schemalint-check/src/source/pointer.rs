//! RFC 6901 JSON pointers.

use std::borrow::Cow;
use std::fmt;

/// An owned JSON pointer, built token by token while walking a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPointer(String);

impl JsonPointer {
    pub fn root() -> Self {
        Self(String::new())
    }

    pub fn parse(pointer: &str) -> Self {
        Self(pointer.to_owned())
    }

    /// This pointer extended by one token (a key or an array index).
    pub fn join(&self, token: impl Token) -> Self {
        // One allocation, no formatting: this runs for every subschema the walk visits.
        let mut s = String::with_capacity(self.0.len() + 24);
        s.push_str(&self.0);
        s.push('/');
        token.push_escaped(&mut s);
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unescaped tokens.
    pub fn tokens(&self) -> Vec<String> {
        tokens(&self.0).unwrap_or_default()
    }

    /// The tokens after `prefix`, when this pointer lies under it.
    pub fn strip_prefix(&self, prefix: &JsonPointer) -> Option<Vec<String>> {
        let rest = self.0.strip_prefix(&prefix.0)?;
        if !rest.is_empty() && !rest.starts_with('/') {
            return None;
        }
        tokens(rest)
    }
}

/// A pointer token: an object key or an array index.
pub trait Token {
    /// Appends the token, escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
    fn push_escaped(&self, out: &mut String);
}

impl Token for str {
    fn push_escaped(&self, out: &mut String) {
        out.push_str(&escape_token(self));
    }
}

impl Token for String {
    fn push_escaped(&self, out: &mut String) {
        self.as_str().push_escaped(out);
    }
}

impl Token for super::Str {
    fn push_escaped(&self, out: &mut String) {
        self.as_str().push_escaped(out);
    }
}

impl Token for usize {
    fn push_escaped(&self, out: &mut String) {
        use fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl<T: Token + ?Sized> Token for &T {
    fn push_escaped(&self, out: &mut String) {
        (**self).push_escaped(out);
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn escape_token(token: &str) -> Cow<'_, str> {
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

pub(crate) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The unescaped tokens of a pointer; `None` when it is not a valid pointer.
pub(crate) fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// An array index token: digits without leading zeros.
pub(crate) fn array_index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let p = JsonPointer::root().join("a/b").join("m~n").join(0);
        assert_eq!(p.as_str(), "/a~1b/m~0n/0");
        assert_eq!(p.tokens(), vec!["a/b", "m~n", "0"]);
    }

    #[test]
    fn indices_reject_leading_zeros() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index("-1"), None);
    }
}
