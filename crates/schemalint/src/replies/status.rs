//! What became of one output: valid, invalid, truncated, a refusal, not JSON
//! at all, or missing — and, for text that is not JSON, whether it is JSON
//! wrapped in a Markdown fence or in prose (what JSON mode sometimes returns).

use std::ops::Range;

use schemalint_validate::{ErrorKind, ValidationError, Validator};

use super::envelope::{Body, Finish};

/// The status of one result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// JSON that the schema accepts.
    Valid,
    /// JSON that the schema rejects.
    Invalid,
    /// The output ends in the middle of a value.
    Truncated,
    /// The model refused instead of answering.
    Refusal,
    /// The output is not JSON.
    Malformed,
    /// There is no output where one was expected.
    NoContent,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 6] = [
        Status::Valid,
        Status::Invalid,
        Status::Truncated,
        Status::Refusal,
        Status::Malformed,
        Status::NoContent,
    ];

    /// The id in the JSON output.
    pub fn id(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Truncated => "truncated",
            Status::Refusal => "refusal",
            Status::Malformed => "malformed",
            Status::NoContent => "no_content",
        }
    }
}

/// How JSON was wrapped in a text that is not JSON itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapping {
    /// In a Markdown code fence (```` ```json … ``` ````).
    Fence,
    /// Inside other text ("Here is the JSON: {…}").
    Prose,
}

impl Wrapping {
    /// The id in the JSON output.
    pub fn id(self) -> &'static str {
        match self {
            Wrapping::Fence => "fence",
            Wrapping::Prose => "prose",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Wrapping::Fence => "in a Markdown code fence",
            Wrapping::Prose => "in surrounding prose",
        }
    }
}

/// A JSON value found inside a text, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub how: Wrapping,
    pub range: Range<usize>,
}

/// The outcome for one output.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Status,
    /// Validation errors, with ranges into the output's text.
    pub errors: Vec<ValidationError>,
    /// One sentence for statuses the errors do not explain (the refusal, why there is no
    /// content, the finish reason, the wrapping).
    pub detail: Option<String>,
    pub wrapped: Option<Wrapped>,
}

impl Verdict {
    /// A verdict without validation errors.
    pub fn plain(status: Status, detail: impl Into<String>) -> Verdict {
        Verdict {
            status,
            errors: Vec::new(),
            detail: Some(detail.into()),
            wrapped: None,
        }
    }
}

/// The verdict for a part that has no text to validate, if it is one.
pub fn without_text(body: &Body, finish: Option<&Finish>) -> Option<Verdict> {
    match body {
        Body::Refusal(text) => Some(Verdict::plain(
            Status::Refusal,
            format!("the model refused: \"{text}\""),
        )),
        Body::Missing(why) => {
            let detail = match finish {
                Some(f) if !why.contains(&f.value) => format!("{why} ({f})"),
                _ => why.clone(),
            };
            Some(Verdict::plain(Status::NoContent, detail))
        }
        Body::Text(_) | Body::Raw(_) => None,
    }
}

/// Validates `text` (one output) and classifies the result. With `extract`, JSON
/// found inside a fence or prose is validated and the verdict says it was wrapped.
pub fn judge(
    validator: &Validator,
    text: &[u8],
    finish: Option<&Finish>,
    extract: bool,
) -> Verdict {
    judge_result(
        validator,
        text,
        validator.validate_slice(text),
        finish,
        extract,
    )
}

/// [`judge`] for a result already at hand (a stream's `finish`), which must be
/// `validate_slice`'s on `text`.
pub fn judge_result(
    validator: &Validator,
    text: &[u8],
    result: Result<(), Vec<ValidationError>>,
    finish: Option<&Finish>,
    extract: bool,
) -> Verdict {
    let errors = match result {
        Ok(()) => {
            let detail = finish
                .filter(|f| f.cut_off)
                .map(|f| format!("the output is complete although the provider says {f}"));
            return Verdict {
                status: Status::Valid,
                errors: Vec::new(),
                detail,
                wrapped: None,
            };
        }
        Err(errors) => errors,
    };
    let status = status_of(&errors);
    match status {
        Status::Truncated => {
            let detail = errors.first().map(|e| match finish {
                Some(f) => format!("{} ({f})", e.message),
                None => e.message.clone(),
            });
            Verdict {
                status,
                errors,
                detail,
                wrapped: None,
            }
        }
        Status::Malformed => {
            let Some(wrapped) = find_wrapped(text) else {
                return Verdict {
                    status,
                    errors,
                    detail: None,
                    wrapped: None,
                };
            };
            let (start, end) = (wrapped.range.start, wrapped.range.end);
            if !extract {
                let detail = format!(
                    "the output is JSON {} (bytes {start}..{end}); --extract validates it",
                    wrapped.how.describe()
                );
                return Verdict {
                    status,
                    errors,
                    detail: Some(detail),
                    wrapped: Some(wrapped),
                };
            }
            let mut inner = judge(validator, &text[start..end], finish, false);
            for e in &mut inner.errors {
                e.range = e.range.take().map(|r| r.start + start..r.end + start);
            }
            let note = format!(
                "the JSON was {} (bytes {start}..{end}); validated as extracted",
                wrapped.how.describe()
            );
            inner.detail = Some(match inner.detail {
                Some(d) => format!("{note}; {d}"),
                None => note,
            });
            inner.wrapped = Some(wrapped);
            inner
        }
        _ => Verdict {
            status,
            errors,
            detail: None,
            wrapped: None,
        },
    }
}

/// The status validation errors amount to.
pub fn status_of(errors: &[ValidationError]) -> Status {
    let kind = |f: fn(&ErrorKind) -> bool| errors.iter().any(|e| f(&e.kind));
    if kind(|k| matches!(k, ErrorKind::Truncated { .. })) {
        Status::Truncated
    } else if kind(|k| {
        matches!(
            k,
            ErrorKind::Malformed { .. } | ErrorKind::InvalidUtf8 { .. }
        )
    }) {
        Status::Malformed
    } else {
        Status::Invalid
    }
}

/// Finds one JSON object or array inside `text`: the body of a Markdown fence
/// (```` ```json ````, ```` ``` ````), or else the first `{`/`[` from which a whole
/// JSON value parses. `None` when neither holds JSON.
pub fn find_wrapped(text: &[u8]) -> Option<Wrapped> {
    if let Some(range) = fenced(text) {
        return Some(Wrapped {
            how: Wrapping::Fence,
            range,
        });
    }
    let mut from = 0;
    while let Some(i) = text[from..]
        .iter()
        .position(|&b| b == b'{' || b == b'[')
        .map(|i| i + from)
    {
        if let Some(len) = json_value_len(&text[i..]) {
            return Some(Wrapped {
                how: Wrapping::Prose,
                range: i..i + len,
            });
        }
        from = i + 1;
    }
    None
}

/// The body of the first Markdown fence, when it is one JSON value.
fn fenced(text: &[u8]) -> Option<Range<usize>> {
    let open = find(text, b"```")?;
    let line_end = text[open..].iter().position(|&b| b == b'\n')? + open + 1;
    let info = std::str::from_utf8(&text[open + 3..line_end]).ok()?.trim();
    if !(info.is_empty() || info.eq_ignore_ascii_case("json") || info.eq_ignore_ascii_case("jsonc"))
    {
        return None;
    }
    let close = find(&text[line_end..], b"```")? + line_end;
    let body = &text[line_end..close];
    let start = line_end + body.iter().position(|b| !b.is_ascii_whitespace())?;
    let len = json_value_len(&text[start..close])?;
    text[start + len..close]
        .iter()
        .all(u8::is_ascii_whitespace)
        .then_some(start..start + len)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The length of the JSON value at the start of `bytes`, if one parses there.
fn json_value_len(bytes: &[u8]) -> Option<usize> {
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => Some(values.byte_offset()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object_schema() -> Validator {
        Validator::new(&json!({"type": "object", "required": ["a"]})).unwrap()
    }

    #[test]
    fn fenced_and_prose_json_are_found() {
        let fence = b"```json\n{\"a\": 1}\n```";
        assert_eq!(
            find_wrapped(fence),
            Some(Wrapped {
                how: Wrapping::Fence,
                range: 8..16
            })
        );
        let prose = b"Sure! Here is the JSON: {\"a\": [1, 2]} Hope that helps.";
        let w = find_wrapped(prose).unwrap();
        assert_eq!(w.how, Wrapping::Prose);
        assert_eq!(&prose[w.range], b"{\"a\": [1, 2]}");
        assert_eq!(find_wrapped(b"no json here { nope"), None);
    }

    #[test]
    fn statuses_from_the_validator() {
        let v = object_schema();
        assert_eq!(judge(&v, br#"{"a": 1}"#, None, false).status, Status::Valid);
        assert_eq!(
            judge(&v, br#"{"b": 1}"#, None, false).status,
            Status::Invalid
        );
        let length = Finish {
            field: "finish_reason",
            value: "length".to_owned(),
            cut_off: true,
        };
        let cut = judge(&v, br#"{"a": [1, "#, Some(&length), false);
        assert_eq!(cut.status, Status::Truncated);
        let detail = cut.detail.unwrap();
        assert!(
            detail.contains("array at /a") && detail.contains("finish_reason: length"),
            "{detail}"
        );
        assert_eq!(judge(&v, b"hello", None, false).status, Status::Malformed);
    }

    #[test]
    fn extract_validates_the_fenced_value_and_says_so() {
        let v = object_schema();
        let text = b"```json\n{\"b\": 1}\n```";
        let plain = judge(&v, text, None, false);
        assert_eq!(plain.status, Status::Malformed);
        assert!(plain.detail.unwrap().contains("--extract"));
        let extracted = judge(&v, text, None, true);
        assert_eq!(extracted.status, Status::Invalid);
        assert_eq!(extracted.wrapped.unwrap().how, Wrapping::Fence);
        // Ranges point into the whole text, not into the fence body.
        assert_eq!(extracted.errors[0].range, Some(8..16));
    }
}
