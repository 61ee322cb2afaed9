use super::{key_span, wants_json};
use crate::engine::Cx;
use crate::envelope::Request;

declare_rule! {
    /// ## What it does
    /// Flags a DashScope request that sets `enable_thinking: true` together with a JSON
    /// response format (`json_object` or `json_schema`), unless the model is one the
    /// profile lists as supporting structured output while thinking (GLM, per seed 000).
    ///
    /// ## Why is this bad?
    /// Qwen models in thinking mode do not support structured output; the service
    /// answers `Json mode response is not supported when enable_thinking is true`.
    ///
    /// ## Example
    /// ```json
    /// {"model": "qwen-plus", "messages": [{"role": "user", "content": "Reply in JSON."}],
    ///  "enable_thinking": true, "response_format": {"type": "json_object"}}
    /// ```
    ///
    /// ## Use instead
    /// Think first, then format with a second call in non-thinking mode:
    /// ```json
    /// {"model": "qwen-plus", "messages": [{"role": "user", "content": "Reply in JSON."}],
    ///  "enable_thinking": false, "response_format": {"type": "json_object"}}
    /// ```
    ///
    /// ## Sources
    /// - Seed 001 (DashScope, en): FAQ "do not set the response_format parameter to json_object, or an error will occur"; JSON Schema "Not supported in thinking mode".
    /// - Seed 000 (zh, 2025-11-10): thinking-model structured output is supported for GLM models only.
    /// - `spec/providers.md` §5 (row J3, the verbatim error).
    pub(crate) static RULE = {
        id: "request/thinking-json-format",
        severity: Error,
        summary: "Thinking mode (`enable_thinking: true`) together with a JSON response format",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let Some(ptr) = &req.enable_thinking else {
        return;
    };
    let Some(node) = cx.doc.root.pointer(ptr.as_str()) else {
        return;
    };
    if node.as_bool() != Some(true) || !wants_json(req) {
        return;
    }
    if let Some(model) = req.model() {
        if cx.profile.models.thinking_json(model) {
            return;
        }
    }
    let Some(format) = req.format.clone() else {
        return;
    };
    let model = req
        .model()
        .map_or(String::new(), |m| format!(" with model `{m}`"));
    let format_span = key_span(cx, &format.pointer);
    cx.report(
        &RULE,
        ptr,
        node.span,
        format!("`enable_thinking` is true and `{}` is `{}`{model}: thinking mode does not support structured output", format.param, format.kind),
    )
    .label(format_span, "JSON response format")
    .help("set `enable_thinking: false` for the structured call, or think in one call and format the answer in a second, non-thinking call");
}
