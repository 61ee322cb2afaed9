use super::key_span;
use crate::engine::Cx;
use crate::envelope::Request;
use crate::source::Node;

declare_rule! {
    /// ## What it does
    /// Flags an Anthropic Messages request that asks for JSON outputs
    /// (`output_config.format`) while the last message is an `assistant` message (a
    /// prefill).
    ///
    /// ## Why is this bad?
    /// Structured outputs cannot continue a prefilled answer; Anthropic lists message
    /// prefilling as incompatible with JSON outputs and rejects the request. The usual
    /// prefill trick (`{"role": "assistant", "content": "{"}`) is what JSON outputs
    /// replace.
    ///
    /// ## Example
    /// ```json
    /// {"model": "claude-sonnet-4-5", "max_tokens": 512,
    ///  "messages": [{"role": "user", "content": "Name a colour."}, {"role": "assistant", "content": "{"}],
    ///  "output_config": {"format": {"type": "json_schema", "schema": {"type": "object", "properties": {"colour": {"type": "string"}}, "required": ["colour"], "additionalProperties": false}}}}
    /// ```
    ///
    /// ## Use instead
    /// Drop the assistant prefill; the format already guarantees the JSON.
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs (feature incompatibilities: message prefilling, citations).
    /// - Public client code enforcing it before sending (rejects assistant-prefill schema requests locally).
    pub(crate) static RULE = {
        id: "request/assistant-prefill",
        severity: Error,
        summary: "Anthropic JSON outputs with an assistant prefill as the last message",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let Some((format, messages)) = super::anthropic_format_and_messages(cx, req) else {
        return;
    };
    let Some(last) = messages.last() else { return };
    if last.get("role").and_then(Node::as_str) != Some("assistant") {
        return;
    }
    let index = messages.len() - 1;
    let ptr = crate::source::JsonPointer::root()
        .join("messages")
        .join(index)
        .join("role");
    let span = last.get("role").map_or(last.span, |r| r.span);
    let format_span = key_span(cx, &format.pointer);
    cx.report(
        &RULE,
        &ptr,
        span,
        "the last message is an assistant prefill, which JSON outputs (`output_config.format`) do not support",
    )
    .label(format_span, "JSON output format")
    .help("remove the assistant prefill; the output format already makes the reply JSON");
}
