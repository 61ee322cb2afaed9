use super::{key_span, wants_json};
use crate::engine::Cx;
use crate::envelope::Request;

declare_rule! {
    /// ## What it does
    /// Flags an output-token cap (`max_tokens`, `max_completion_tokens`,
    /// `max_output_tokens`, Gemini's `maxOutputTokens`) in a request that asks for
    /// structured output.
    ///
    /// ## Why is this bad?
    /// When the cap is reached the JSON is cut off mid-value: the response is not
    /// parseable, and OpenAI marks it `incomplete`. DashScope's guide says not to set
    /// `max_tokens` with structured output.
    ///
    /// ## Example
    /// ```json
    /// {"model": "gpt-4o-2024-08-06", "input": "Solve 8x + 7 = -23", "max_output_tokens": 50,
    ///  "text": {"format": {"type": "json_schema", "name": "math", "strict": true, "schema": {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"], "additionalProperties": false}}}}
    /// ```
    ///
    /// ## Use instead
    /// Leave the cap out, or set it well above the largest output you expect and handle
    /// `incomplete` responses.
    ///
    /// ## Sources
    /// - Seed 001 (DashScope): "Disable max_tokens … the returned JSON string may be incomplete".
    /// - Seed 002 (OpenAI guide, edge cases): `max_output_tokens: 50` leads to an incomplete response.
    pub(crate) static RULE = {
        id: "request/output-token-cap",
        severity: Warning,
        summary: "An output-token cap with structured output (the JSON may be truncated)",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let Some((name, ptr)) = &req.output_cap else {
        return;
    };
    if !wants_json(req) && !req.targets.iter().any(|t| t.strict == Some(true)) {
        return;
    }
    let Some(node) = cx.doc.root.pointer(ptr.as_str()) else {
        return;
    };
    let value = match &node.value {
        crate::source::Value::Number(n) => n.to_string(),
        _ => return,
    };
    cx.report(
        &RULE,
        ptr,
        key_span(cx, ptr),
        format!("`{name}` caps the output at {value} tokens; structured output cut off at the cap is incomplete JSON"),
    )
    .help(format!("remove `{name}`, or set it well above the largest expected output and handle truncated (incomplete) responses"));
}
