//! Errors: the schema does not compile, or an instance does not validate.

use std::fmt;
use std::ops::Range;

/// The schema could not be compiled. `pointer` locates the offending keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// JSON Pointer (or `uri#pointer` for another document) of the problem.
    pub pointer: String,
    /// What is wrong, in one line.
    pub message: String,
}

impl CompileError {
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> CompileError {
        CompileError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "invalid schema: {}", self.message)
        } else {
            write!(f, "invalid schema at {}: {}", self.pointer, self.message)
        }
    }
}

impl std::error::Error for CompileError {}

/// What kind of container a truncated document was still inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// An object (`{`).
    Object,
    /// An array (`[`).
    Array,
    /// A string (`"`).
    String,
}

impl fmt::Display for ContainerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ContainerKind::Object => "object",
            ContainerKind::Array => "array",
            ContainerKind::String => "string",
        })
    }
}

/// A container left open when the document ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenContainer {
    /// What kind of container is open.
    pub kind: ContainerKind,
    /// Instance pointer of the container.
    pub pointer: String,
    /// Byte offset of its opening `{`, `[` or `"`.
    pub offset: usize,
}

/// Why an instance is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A schema keyword rejected the instance.
    Keyword,
    /// The bytes are not JSON.
    Malformed {
        /// Where parsing stopped.
        offset: usize,
    },
    /// The document ends in the middle.
    Truncated {
        /// The containers left open, outermost first.
        open: Vec<OpenContainer>,
    },
    /// The bytes are not UTF-8.
    InvalidUtf8 {
        /// The first invalid byte.
        offset: usize,
    },
    /// The instance nests deeper than the configured limit.
    TooDeep {
        /// The configured `max_depth`.
        limit: usize,
    },
    /// A pattern hit its backtracking limit; the instance is reported invalid.
    PatternLimit,
}

/// One reason an instance is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// JSON Pointer into the instance.
    pub instance_pointer: String,
    /// JSON Pointer of the failing keyword in the schema (`uri#pointer` for
    /// keywords in other documents).
    pub schema_pointer: String,
    /// The keyword, e.g. `required`; empty for JSON syntax errors.
    pub keyword: &'static str,
    /// One-line explanation.
    pub message: String,
    /// Byte range of the value at `instance_pointer`, when validating from
    /// bytes (for syntax errors: where parsing stopped).
    pub range: Option<Range<usize>>,
    /// Keyword failure or syntax/limit problem.
    pub kind: ErrorKind,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance_pointer.is_empty() {
            "(root)"
        } else {
            &self.instance_pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

impl std::error::Error for ValidationError {}

/// The error for input that is not JSON at `offset` (`len`: input length).
pub(crate) fn malformed(
    offset: usize,
    message: &str,
    len: usize,
    instance_pointer: String,
) -> ValidationError {
    ValidationError {
        instance_pointer,
        schema_pointer: String::new(),
        keyword: "",
        message: format!("invalid JSON at byte {offset}: {message}"),
        range: Some(offset..(offset + 1).min(len)),
        kind: ErrorKind::Malformed { offset },
    }
}

/// The error for a byte that is not UTF-8.
pub(crate) fn invalid_utf8(offset: usize, len: usize, instance_pointer: String) -> ValidationError {
    ValidationError {
        instance_pointer,
        schema_pointer: String::new(),
        keyword: "",
        message: format!("invalid UTF-8 at byte {offset}"),
        range: Some(offset..(offset + 1).min(len)),
        kind: ErrorKind::InvalidUtf8 { offset },
    }
}

/// The error for nesting past `limit`, noticed at byte `at`.
pub(crate) fn too_deep(limit: usize, at: usize, instance_pointer: String) -> ValidationError {
    ValidationError {
        instance_pointer,
        schema_pointer: String::new(),
        keyword: "",
        message: format!("instance nests deeper than the limit of {limit}"),
        range: Some(at..at),
        kind: ErrorKind::TooDeep { limit },
    }
}

/// The error for a document that ends early, with the containers still open
/// (`blank`: the input holds only whitespace).
pub(crate) fn truncated(open: Vec<OpenContainer>, blank: bool, len: usize) -> ValidationError {
    let message = match open.last() {
        None if blank => "document is empty".to_owned(),
        None => "document ends in the middle of a value".to_owned(),
        Some(inner) => {
            let at = if inner.pointer.is_empty() {
                "(root)"
            } else {
                &inner.pointer
            };
            let more = if open.len() > 1 {
                format!("; {} values left open", open.len())
            } else {
                String::new()
            };
            format!(
                "document ends inside {} at {at} (opened at byte {}){more}",
                inner.kind, inner.offset
            )
        }
    };
    ValidationError {
        instance_pointer: open.last().map(|o| o.pointer.clone()).unwrap_or_default(),
        schema_pointer: String::new(),
        keyword: "",
        message,
        range: Some(len..len),
        kind: ErrorKind::Truncated { open },
    }
}

/// Instance pointer tokens compare numerically when both are array indices
/// (digits, no leading zero), so that the canonical error order follows the
/// document for arrays; other tokens compare as text.
pub(crate) fn sort_errors(errors: &mut [ValidationError]) {
    errors.sort_by(|a, b| {
        compare_pointers(&a.instance_pointer, &b.instance_pointer)
            .then_with(|| a.schema_pointer.cmp(&b.schema_pointer))
            .then_with(|| a.message.cmp(&b.message))
    });
}

fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    /// A token as an array index: digits without a leading zero (or `0` itself).
    fn index(token: &[u8]) -> Option<u64> {
        let canonical = match token {
            [b'0'] => true,
            [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
            _ => false,
        };
        canonical
            .then(|| std::str::from_utf8(token).ok()?.parse().ok())
            .flatten()
    }
    fn token(s: &[u8], start: usize) -> &[u8] {
        let rest = &s[start..];
        &rest[..rest.iter().position(|&c| c == b'/').unwrap_or(rest.len())]
    }
    // Only the first token where the two differ decides.
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let common = ab.iter().zip(bb).take_while(|(x, y)| x == y).count();
    let start = ab[..common]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(0, |i| i + 1);
    let (x, y) = (token(ab, start), token(bb, start));
    if x == y {
        // Equal, or one pointer ends with this token: the shorter one comes first.
        return ab.len().cmp(&bb.len());
    }
    match (index(x), index(y)) {
        (Some(i), Some(j)) => i.cmp(&j),
        _ => x.cmp(y),
    }
}

#[cfg(test)]
mod tests {
    use super::compare_pointers;
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn pointers_order_by_token_with_numeric_indices() {
        let cases = [
            ("", "", Equal),
            ("", "/a", Less),
            ("/a", "/a/b", Less),
            ("/a/b", "/a", Greater),
            ("/a/9", "/a/10", Less),
            ("/a/10/x", "/a/9/y", Greater),
            ("/items/2/name", "/items/10", Less),
            // Only canonical indices compare as numbers.
            ("/a/01", "/a/1", Less),
            ("/a/99999999999999999999", "/a/2", Greater),
            ("/a/b", "/a/a/z", Greater),
            ("/ab", "/a", Greater),
            ("/+1/b", "/1/a", Less),
            ("/a~1b", "/a", Greater),
        ];
        for (a, b, want) in cases {
            assert_eq!(compare_pointers(a, b), want, "{a:?} vs {b:?}");
            assert_eq!(compare_pointers(b, a), want.reverse(), "{b:?} vs {a:?}");
        }
    }
}
