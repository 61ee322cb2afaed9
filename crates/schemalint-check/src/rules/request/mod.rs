//! Request-level rules: problems in the request around the schemas (JSON mode without
//! the word "json", thinking with a JSON format, token caps, parallel tool calls, …).
//! They run only when the file is a whole request body.
pub(crate) mod assistant_prefill;
pub(crate) mod citations_json_format;
pub(crate) mod gemini_schema_conflict;
pub(crate) mod json_object_without_json;
pub(crate) mod malformed;
pub(crate) mod misplaced_field;
pub(crate) mod model_json_schema;
pub(crate) mod output_token_cap;
pub(crate) mod parallel_tool_calls;
pub(crate) mod response_mime_type;
pub(crate) mod strict_absent;
pub(crate) mod thinking_json_format;

use crate::engine::Cx;
use crate::envelope::Request;
use crate::source::{JsonPointer, Node};
use schemalint_diagnostics::Span;

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    malformed::check(cx, req);
    misplaced_field::check(cx, req);
    json_object_without_json::check(cx, req);
    thinking_json_format::check(cx, req);
    output_token_cap::check(cx, req);
    parallel_tool_calls::check(cx, req);
    strict_absent::check(cx, req);
    model_json_schema::check(cx, req);
    gemini_schema_conflict::check(cx, req);
    response_mime_type::check(cx, req);
    assistant_prefill::check(cx, req);
    citations_json_format::check(cx, req);
}

/// The node at `ptr` in the document and its span.
pub(crate) fn at<'d>(cx: &Cx<'d>, ptr: &JsonPointer) -> Option<(&'d Node, Span)> {
    let node = cx.doc.root.pointer(ptr.as_str())?;
    Some((node, node.span))
}

/// The span of the member key for `ptr` (or the value's span when it has no key).
pub(crate) fn key_span(cx: &Cx<'_>, ptr: &JsonPointer) -> Span {
    cx.doc
        .root
        .pointer_member(ptr.as_str())
        .map(|m| m.key_span)
        .or_else(|| cx.doc.root.pointer(ptr.as_str()).map(|n| n.span))
        .unwrap_or_default()
}

/// An Anthropic Messages request's JSON output format and its messages, for the rules
/// about what JSON outputs cannot be combined with.
pub(crate) fn anthropic_format_and_messages<'r, 'd>(
    cx: &Cx<'d>,
    req: &'r Request,
) -> Option<(&'r crate::envelope::FormatRef, &'d [Node])> {
    if req.api != crate::envelope::Api::AnthropicMessages {
        return None;
    }
    let format = req.format.as_ref()?;
    let messages = cx.doc.root.get("messages").and_then(Node::as_array)?;
    Some((format, messages))
}

/// Whether the request uses structured output (a JSON format or a schema).
pub(crate) fn wants_json(req: &Request) -> bool {
    req.format
        .as_ref()
        .is_some_and(|f| f.kind == "json_object" || f.kind == "json_schema")
}
