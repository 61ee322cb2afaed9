//! Validating what comes back from a provider: whole replies (envelopes), with a
//! status per output.
//!
//! [`check_reply`] takes the bytes of one reply — a bare model output, or a
//! provider response in any shape [`Envelope`] lists — finds every output in it
//! ([`envelope::extract`]), picks its schema ([`Schemas`]) and gives each a
//! [`Verdict`]: valid, invalid, truncated, refusal, malformed or no content.
//!
//! ```
//! use schemalint::replies::{check_reply, Schemas, Status};
//! use schemalint::Validator;
//!
//! let schema = serde_json::json!({"type": "object", "required": ["city"]});
//! let schemas = Schemas::single(Validator::new(&schema).unwrap());
//! let reply = br#"{"object": "chat.completion", "choices": [{"index": 0,
//!     "message": {"role": "assistant", "content": "{\"city\": \"Par"},
//!     "finish_reason": "length"}]}"#;
//! let results = check_reply(&schemas, reply, None, false).unwrap();
//! assert_eq!(results[0].pointer, "/choices/0/message/content");
//! assert_eq!(results[0].verdict.status, Status::Truncated);
//! ```

pub mod envelope;
mod schemas;
pub mod sse;
pub mod status;

use std::borrow::Cow;
use std::ops::Range;

pub use envelope::{Body, Envelope, Finish, Part};
pub use schemas::{Chosen, Schemas};
pub use status::{Status, Verdict, Wrapped, Wrapping};

/// One output of a reply and its verdict.
#[derive(Debug, Clone)]
pub struct Checked<'a> {
    pub envelope: Envelope,
    /// Whether the reply was a Batch API output line.
    pub batch: bool,
    /// Whether the output was reassembled from a server-sent event stream.
    pub sse: bool,
    /// Where the output is in the reply (empty for a bare output).
    pub pointer: String,
    /// The tool whose call arguments this is.
    pub tool: Option<String>,
    /// The name of the schema it was validated against, when it has one.
    pub schema: Option<String>,
    pub finish: Option<Finish>,
    /// The output's bytes: decoded from a JSON string, or a slice of the reply.
    pub text: Cow<'a, [u8]>,
    /// Where `text` starts in the reply when it is a slice of it (`None` when decoded).
    pub offset: Option<usize>,
    /// Byte range in the reply of the value at `pointer`.
    pub span: Range<usize>,
    pub verdict: Verdict,
}

impl Checked<'_> {
    /// The envelope as the JSON output names it (`batch/chat-completion` for a batch line).
    pub fn envelope_id(&self) -> Cow<'static, str> {
        if self.sse {
            Cow::Owned(format!("sse/{}", self.envelope.id()))
        } else if self.batch {
            Cow::Owned(format!("batch/{}", self.envelope.id()))
        } else {
            Cow::Borrowed(self.envelope.id())
        }
    }
}

/// Keys that only provider replies have at their top level (or a batch line's
/// body). A document without any of them is not parsed twice.
const TELLTALE_KEYS: [&[u8]; 6] = [
    b"\"choices\"",
    b"\"output\"",
    b"\"content\"",
    b"\"candidates\"",
    b"\"promptFeedback\"",
    b"\"custom_id\"",
];

fn may_be_envelope(bytes: &[u8]) -> bool {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    first == Some(&b'{')
        && memchr::memchr_iter(b'"', bytes)
            .any(|i| TELLTALE_KEYS.iter().any(|k| bytes[i..].starts_with(k)))
}

/// Checks one reply. `input` forces a shape (`None` detects it); `extract`
/// validates JSON found inside a fence or prose. `Err` when a forced shape does
/// not fit, naming what is missing.
pub fn check_reply<'a>(
    schemas: &Schemas,
    bytes: &'a [u8],
    input: Option<Envelope>,
    extract: bool,
) -> Result<Vec<Checked<'a>>, String> {
    let detect = input.is_none() && may_be_envelope(bytes);
    let parsed = if detect || input.is_some_and(|e| e != Envelope::Bare) {
        schemalint_check::source::parse_bytes_nested("reply", bytes, schemas.max_depth).ok()
    } else {
        None
    };
    let envelope = match (&parsed, input) {
        (_, Some(forced)) => forced,
        (Some(doc), None) => envelope::detect(&doc.root),
        (None, None) => Envelope::Bare,
    };
    if envelope == Envelope::Bare {
        return Ok(vec![bare(schemas, bytes, extract)]);
    }
    let Some(doc) = parsed else {
        return Err(format!(
            "not a {}: the reply is not valid JSON",
            envelope.describe()
        ));
    };
    let parts = envelope::extract(&doc.root, envelope)?;
    Ok(parts
        .into_iter()
        .map(|part| check_part(schemas, bytes, part, extract))
        .collect())
}

fn bare<'a>(schemas: &Schemas, bytes: &'a [u8], extract: bool) -> Checked<'a> {
    let (verdict, schema) = match schemas.for_output(None) {
        Ok(chosen) => (
            status::judge(chosen.validator, bytes, None, extract),
            chosen.name.map(str::to_owned),
        ),
        Err(message) => (Verdict::plain(Status::Invalid, message), None),
    };
    Checked {
        envelope: Envelope::Bare,
        batch: false,
        sse: false,
        pointer: String::new(),
        tool: None,
        schema,
        finish: None,
        text: Cow::Borrowed(bytes),
        offset: Some(0),
        span: 0..bytes.len(),
        verdict,
    }
}

fn check_part<'a>(schemas: &Schemas, reply: &'a [u8], part: Part, extract: bool) -> Checked<'a> {
    let (text, offset): (Cow<'a, [u8]>, _) = match &part.body {
        Body::Text(t) => (Cow::Owned(t.clone().into_bytes()), None),
        Body::Raw(r) => (Cow::Borrowed(&reply[r.clone()]), Some(r.start)),
        Body::Refusal(_) | Body::Missing(_) => (Cow::Borrowed(&[][..]), None),
    };
    let mut schema = None;
    let verdict = match status::without_text(&part.body, part.finish.as_ref()) {
        Some(v) => v,
        None => match schemas.for_output(part.tool.as_deref()) {
            Ok(chosen) => {
                schema = chosen.name.map(str::to_owned);
                status::judge(chosen.validator, &text, part.finish.as_ref(), extract)
            }
            Err(message) => Verdict::plain(Status::Invalid, message),
        },
    };
    Checked {
        envelope: part.envelope,
        batch: part.batch,
        sse: false,
        pointer: part.pointer,
        tool: part.tool,
        schema,
        finish: part.finish,
        text,
        offset,
        span: part.span,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemalint_validate::Validator;

    #[test]
    fn a_bare_document_is_validated_as_before() {
        let schemas =
            Schemas::single(Validator::new(&serde_json::json!({"type": "array"})).unwrap());
        let r = check_reply(&schemas, b"[1, 2]", None, false).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].envelope, Envelope::Bare);
        assert_eq!(r[0].verdict.status, Status::Valid);
        let r = check_reply(&schemas, br#"{"content": 1}"#, None, false).unwrap();
        assert_eq!(r[0].envelope, Envelope::Bare);
        assert_eq!(r[0].verdict.status, Status::Invalid);
    }

    #[test]
    fn forcing_an_envelope_on_something_else_is_an_error() {
        let schemas = Schemas::single(Validator::new(&serde_json::json!({})).unwrap());
        let err = check_reply(&schemas, b"[1]", Some(Envelope::Gemini), false).unwrap_err();
        assert!(err.contains("candidates"), "{err}");
        let err = check_reply(&schemas, b"{oops", Some(Envelope::Gemini), false).unwrap_err();
        assert!(err.contains("not valid JSON"), "{err}");
    }
}
