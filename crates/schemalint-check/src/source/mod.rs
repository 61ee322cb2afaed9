//! The source model: JSON text parsed into a tree whose every node knows its byte span.
//!
//! Parsing is strict RFC 8259 JSON: comments, trailing commas, single quotes and the
//! other JSON5 extensions are errors that say so (see `parser.rs`). Object members keep
//! their order and their duplicates, so `json/duplicate-key` can see them.

mod parser;
mod pointer;

pub use parser::{too_deep_message, MAX_NESTING};
pub use pointer::{escape_token, JsonPointer};
use schemalint_diagnostics::{SourceFile, Span};

/// A parsed JSON document: the source text, its root node and its repeated keys.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: SourceFile,
    pub root: Node,
    /// Every object key that repeats an earlier key of the same object, in document
    /// order (found while parsing, so nothing walks the tree again for them).
    pub duplicates: Vec<DuplicateKey>,
}

/// A repeated object key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The repeated member, from the document's root.
    pub pointer: JsonPointer,
    /// The repeated key.
    pub span: Span,
    /// The first key of the same name in that object.
    pub first: Span,
}

/// One JSON value with its byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

/// A string of the document. Keys and most values of a schema are short (`type`,
/// `string`, `description`): up to 24 bytes are stored inline, which saves the
/// allocation (and the free) of most strings in a large schema.
pub type Str = compact_str::CompactString;

/// A JSON value. Numbers keep their source text, so nothing is lost to floats.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Str),
    String(Str),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// An object member: key, key span, value. Duplicates are kept in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: Str,
    pub key_span: Span,
    pub value: Node,
}

/// Why a text is not a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub message: String,
    /// Where it went wrong (byte range into the text, after any BOM handling: offsets are
    /// into the original bytes).
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The bytes are not UTF-8.
    InvalidEncoding,
    /// The text is not JSON.
    Syntax,
    /// The text nests arrays and objects deeper than `limit` (it may be valid JSON).
    TooDeep { limit: usize },
}

impl Value {
    /// The JSON type name as JSON Schema spells it (`integer` is reported as `number`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// The member named `key`. With duplicates, the last one wins, as in the
    /// JSON parsers providers use (Python's `json`, `serde_json`).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| &*m.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// Follows an RFC 6901 pointer from this node.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for token in pointer::tokens(pointer)? {
            node = match &node.value {
                Value::Object(_) => node.get(&token)?,
                Value::Array(items) => items.get(pointer::array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The member whose key is the last token of `pointer` (for labelling keys).
    pub fn pointer_member(&self, pointer: &str) -> Option<&Member> {
        let (parent, last) = pointer.rsplit_once('/')?;
        let key = pointer::unescape(last);
        self.pointer(parent)?.member(&key)
    }

    /// Converts to a `serde_json::Value` (last duplicate wins; numbers via their text).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::from_str(n)
                .ok()
                .map(serde_json::Value::Number)
                .unwrap_or_else(|| serde_json::Value::String(n.to_string())),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => items.iter().map(Node::to_json).collect(),
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// Parses bytes as a JSON document named `name`. A UTF-8 byte-order mark is skipped
/// (spans still index the original bytes, so positions stay true to the file).
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Document, (Option<SourceFile>, ParseError)> {
    parse_bytes_nested(name, bytes, MAX_NESTING)
}

/// [`parse_bytes`], refusing arrays and objects nested deeper than `max_depth`.
pub fn parse_bytes_nested(
    name: &str,
    bytes: &[u8],
    max_depth: usize,
) -> Result<Document, (Option<SourceFile>, ParseError)> {
    if let Some((encoding, little_endian)) = utf16_name(bytes) {
        // Decoded for the code frame only; the finding is about the whole file.
        let units = bytes.chunks_exact(2).map(|p| {
            let pair = [p[0], p[1]];
            if little_endian {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .filter(|&c| c != '\u{feff}')
            .collect();
        let source = SourceFile::new(name, text);
        let end = source.text().chars().next().map_or(0, char::len_utf8);
        return Err((
            Some(source),
            ParseError {
                kind: ParseErrorKind::InvalidEncoding,
                message: format!("the file is {encoding}, not UTF-8; JSON must be UTF-8"),
                span: Span::new(0, end),
            },
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_nested(name, text, max_depth),
        Err(e) => {
            let valid = e.valid_up_to();
            // Show the file with `?` for each byte that is not UTF-8: one byte for one byte,
            // so offsets in the finding are the file's own.
            let mut shown = String::with_capacity(bytes.len());
            for chunk in bytes.utf8_chunks() {
                shown.push_str(chunk.valid());
                shown.extend(std::iter::repeat_n('?', chunk.invalid().len()));
            }
            let source = SourceFile::new(name, shown);
            let (start, end) = (valid, valid + 1);
            Err((
                Some(source),
                ParseError {
                    kind: ParseErrorKind::InvalidEncoding,
                    message: format!(
                        "the file is not valid UTF-8 (invalid byte sequence at byte {valid}); JSON must be UTF-8"
                    ),
                    span: Span::new(start, end),
                },
            ))
        }
    }
}

/// The encoding's name and whether it is little-endian, when the bytes look like UTF-16:
/// a byte-order mark, or ASCII with a zero byte beside every character (Windows
/// PowerShell's `>` writes UTF-16). Strict JSON never holds a NUL byte, so no UTF-8
/// JSON file matches.
fn utf16_name(bytes: &[u8]) -> Option<(&'static str, bool)> {
    let (le, be) = (
        ("UTF-16 (little-endian)", true),
        ("UTF-16 (big-endian)", false),
    );
    match bytes {
        [0xFF, 0xFE, ..] => return Some(le),
        [0xFE, 0xFF, ..] => return Some(be),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    let pairs = || head.chunks_exact(2);
    if head.len() < 2 {
        None
    } else if pairs().all(|p| p[0] != 0 && p[1] == 0) {
        Some(le)
    } else if pairs().all(|p| p[0] == 0 && p[1] != 0) {
        Some(be)
    } else {
        None
    }
}

/// Parses text as a JSON document named `name`.
pub fn parse(name: &str, text: &str) -> Result<Document, (Option<SourceFile>, ParseError)> {
    parse_nested(name, text, MAX_NESTING)
}

/// [`parse`], refusing arrays and objects nested deeper than `max_depth`.
pub fn parse_nested(
    name: &str,
    text: &str,
    max_depth: usize,
) -> Result<Document, (Option<SourceFile>, ParseError)> {
    let source = SourceFile::new(name, text);
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    match parser::parse(text, bom, max_depth) {
        Ok((root, duplicates)) => Ok(Document {
            source,
            root,
            duplicates,
        }),
        Err(e) => Err((Some(source), e)),
    }
}

/// Renders a `serde_json::Value` as pretty text and parses it, so values built in code
/// get the same tree (and code frames) as files.
pub fn from_json_value(name: &str, value: &serde_json::Value) -> Document {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
    match parse(name, &text) {
        Ok(doc) => doc,
        // serde_json only writes valid JSON; keep a defined fallback all the same.
        Err(_) => Document {
            source: SourceFile::new(name, "null"),
            root: Node {
                span: Span::new(0, 4),
                value: Value::Null,
            },
            duplicates: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        parse("t.json", text).map_err(|(_, e)| e).unwrap()
    }

    #[test]
    fn spans_cover_keys_and_values() {
        let d = doc(r#"{"a": {"b": [1, "x"]}}"#);
        let x = d.root.pointer("/a/b/1").unwrap();
        assert_eq!(&d.source.text()[x.span.start..x.span.end], "\"x\"");
        let member = d.root.pointer_member("/a/b").unwrap();
        assert_eq!(
            &d.source.text()[member.key_span.start..member.key_span.end],
            "\"b\""
        );
    }

    #[test]
    fn duplicates_are_kept_and_last_wins() {
        let d = doc(r#"{"a": 1, "a": 2}"#);
        assert_eq!(d.root.as_object().unwrap().len(), 2);
        assert_eq!(d.root.get("a").unwrap().value, Value::Number("2".into()));
    }

    #[test]
    fn bom_is_skipped_and_offsets_stay_in_the_file() {
        let d = doc("\u{feff}{\"a\": true}");
        let a = d.root.get("a").unwrap();
        assert_eq!(&d.source.text()[a.span.start..a.span.end], "true");
    }

    #[test]
    fn rejects_json5_extensions_and_control_characters() {
        for bad in [
            "{\"a\": 1,}",
            "// c\n{}",
            "{a: 1}",
            "{'a': 1}",
            "[0x10]",
            "[+1]",
            "[.5]",
            "[NaN]",
            "\"a\tb\"",
            "",
            "{} {}",
            "[01]",
        ] {
            assert!(parse("t", bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_an_encoding_error() {
        let (source, e) = parse_bytes("t", b"{\"a\": \"\xff\"}").unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::InvalidEncoding);
        assert_eq!(e.span.start, 7);
        // The bad byte is shown as `?`, so the span and every offset are the file's own.
        let text = source.unwrap().text().to_owned();
        assert_eq!(&text[e.span.start..e.span.end], "?");
        assert_eq!(text.len(), 10);
    }

    #[test]
    fn utf16_is_named() {
        let le: Vec<u8> = "{\"a\": 1}"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "\u{feff}{}"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for (bytes, name) in [(le, "UTF-16 (little-endian)"), (be, "UTF-16 (big-endian)")] {
            let (source, e) = parse_bytes("t", &bytes).unwrap_err();
            assert_eq!(e.kind, ParseErrorKind::InvalidEncoding);
            assert!(e.message.contains(name), "{}", e.message);
            let text = source.unwrap().text().to_owned();
            assert_eq!(&text[e.span.start..e.span.end], "{");
        }
    }
}

/// A string value of the document, decoded, that remembers where each of its bytes came
/// from: for a document sent inside a JSON string (Bedrock's `jsonSchema.schema`), so
/// findings in the inner document point into the outer file.
#[derive(Debug, Clone)]
pub struct EmbeddedText {
    pub text: String,
    /// For each byte of `text`, then one past its end, the byte offset in the outer file
    /// of the character (or escape) it was decoded from.
    origins: Vec<usize>,
}

impl EmbeddedText {
    /// Decodes the string literal at `span` of `outer` (quotes included), which the
    /// parser has already accepted; `None` if the span is not such a literal.
    pub fn decode(outer: &str, span: Span) -> Option<EmbeddedText> {
        let literal = outer.get(span.start..span.end)?;
        let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
        let base = span.start + 1;
        let hex4 = |at: usize| {
            inner
                .get(at..at + 4)
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        let mut text = String::with_capacity(inner.len());
        let mut origins = Vec::with_capacity(inner.len() + 1);
        let mut i = 0;
        while i < inner.len() {
            let c = inner[i..].chars().next()?;
            if c != '\\' {
                text.push(c);
                origins.extend(base + i..base + i + c.len_utf8());
                i += c.len_utf8();
                continue;
            }
            let (decoded, len) = match inner.as_bytes().get(i + 1)? {
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'/' => ('/', 2),
                b'b' => ('\u{8}', 2),
                b'f' => ('\u{c}', 2),
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'u' => {
                    let high = hex4(i + 2)?;
                    // A surrogate pair is two escapes; an unpaired half becomes U+FFFD, as
                    // the parser reads it.
                    let low = (0xD800..0xDC00)
                        .contains(&high)
                        .then(|| {
                            inner
                                .get(i + 6..i + 8)
                                .filter(|u| *u == "\\u")
                                .and(hex4(i + 8))
                        })
                        .flatten()
                        .filter(|low| (0xDC00..0xE000).contains(low));
                    match low {
                        Some(low) => (
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?,
                            12,
                        ),
                        None => (
                            char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER),
                            6,
                        ),
                    }
                }
                _ => return None,
            };
            text.push(decoded);
            origins.extend(std::iter::repeat_n(base + i, decoded.len_utf8()));
            i += len;
        }
        origins.push(span.end - 1);
        Some(EmbeddedText { text, origins })
    }

    /// A span of `text` as a span of the outer file.
    pub fn map(&self, span: Span) -> Span {
        let at = |offset: usize| self.origins[offset.min(self.origins.len() - 1)];
        let start = at(span.start);
        Span {
            start,
            end: at(span.end).max(start),
        }
    }
}

#[cfg(test)]
mod embedded_tests {
    use super::*;

    #[test]
    fn maps_decoded_offsets_back_through_escapes() {
        let outer = r#"{"s": "{\"a\":\n\"\u00e9\ud83d\ude00x\"}"}"#;
        let doc = parse("t", outer).map_err(|(_, e)| e).unwrap();
        let node = doc.root.get("s").unwrap();
        let e = EmbeddedText::decode(outer, node.span).unwrap();
        assert_eq!(e.text, "{\"a\":\n\"é😀x\"}");
        let find = |needle: &str| {
            let start = e.text.find(needle).unwrap();
            e.map(Span {
                start,
                end: start + needle.len(),
            })
        };
        // `a` is one byte in both; the quote before it is the escape `\"`.
        assert_eq!(&outer[find("a").start..find("a").end], "a");
        assert_eq!(&outer[find("\"a").start..find("\"a").end], "\\\"a");
        // `é` came from `\u00e9`, the emoji from a surrogate pair: both map to their escape.
        let emoji = find("😀");
        assert_eq!(&outer[emoji.start..emoji.start + 6], "\\ud83d");
        assert_eq!(&outer[find("x").start..find("x").end], "x");
        // One past the end is the closing quote of the outer string.
        assert_eq!(
            e.map(Span {
                start: e.text.len(),
                end: e.text.len()
            })
            .start,
            node.span.end - 1
        );
    }
}
