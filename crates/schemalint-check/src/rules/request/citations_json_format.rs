use super::key_span;
use crate::engine::Cx;
use crate::envelope::Request;
use crate::source::{JsonPointer, Node};

declare_rule! {
    /// ## What it does
    /// Flags an Anthropic Messages request that asks for JSON outputs
    /// (`output_config.format`, or the deprecated `output_format`) while a content block
    /// of its messages enables citations (`"citations": {"enabled": true}` on a
    /// `document` or `search_result` block).
    ///
    /// ## Why is this bad?
    /// Citations and structured outputs cannot be combined: the API answers 400. Cited
    /// answers interleave citation blocks with the text, which a schema-constrained
    /// reply cannot hold.
    ///
    /// ## Example
    /// ```json
    /// {"model": "claude-sonnet-4-5", "max_tokens": 512,
    ///  "messages": [{"role": "user", "content": [
    ///    {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "The sky is blue."}, "citations": {"enabled": true}},
    ///    {"type": "text", "text": "What colour is the sky?"}]}],
    ///  "output_config": {"format": {"type": "json_schema", "schema": {"type": "object", "properties": {"colour": {"type": "string"}}, "required": ["colour"], "additionalProperties": false}}}}
    /// ```
    ///
    /// ## Use instead
    /// Pick one per request: drop `citations` (ask for the quoted sentence as a schema
    /// field instead), or drop `output_config.format` and keep the cited answer.
    ///
    /// ## Sources
    /// - Anthropic, Citations ("Citations are incompatible with Structured Outputs. Requests that
    ///   enable citations and also set `output_config.format` or the deprecated `output_format`
    ///   parameter will return a `400` error"), as quoted in public notes, 2026.
    /// - Anthropic, Structured outputs (feature incompatibilities: citations, message prefilling).
    pub(crate) static RULE = {
        id: "request/citations-json-format",
        severity: Error,
        summary: "Anthropic JSON outputs in a request whose documents enable citations",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let Some((format, messages)) = super::anthropic_format_and_messages(cx, req) else {
        return;
    };
    let at = JsonPointer::root().join("messages");
    let cited: Vec<(JsonPointer, crate::source::Member)> = messages
        .iter()
        .enumerate()
        .flat_map(|(i, message)| {
            let blocks = message
                .get("content")
                .and_then(Node::as_array)
                .unwrap_or_default();
            blocks.iter().enumerate().filter_map(move |(j, block)| {
                let member = block.member("citations")?;
                let enabled = member.value.get("enabled").and_then(Node::as_bool);
                (enabled == Some(true)).then(|| (i, j, member.clone()))
            })
        })
        .map(|(i, j, member)| (at.join(i).join("content").join(j).join("citations"), member))
        .collect();
    let Some((ptr, member)) = cited.first() else {
        return;
    };
    let format_span = key_span(cx, &format.pointer);
    let mut report = cx
        .report(
            &RULE,
            ptr,
            member.key_span,
            format!(
                "citations are enabled here, and the request asks for JSON outputs (`{}`): Anthropic rejects the combination",
                format.param
            ),
        )
        .label(format_span, "JSON output format")
        .help("use one per request: drop `citations` (put the supporting quote in a schema field), or drop the output format");
    for (_, other) in cited.iter().skip(1).take(5) {
        report = report.label(other.key_span, "citations enabled here too");
    }
}
