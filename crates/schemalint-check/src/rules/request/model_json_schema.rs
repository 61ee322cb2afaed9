use crate::engine::Cx;
use crate::envelope::Request;

declare_rule! {
    /// ## What it does
    /// Flags a request that uses a `json_schema` response format with a model the
    /// profile's model list marks as not supporting it (`[models]
    /// json_schema_unsupported`): e.g. `gpt-3.5-turbo` or `gpt-4o-2024-05-13` on OpenAI,
    /// `qwen-turbo` or an older `qwen-plus` snapshot on DashScope.
    ///
    /// ## Why is this bad?
    /// Those models only have JSON mode; the request is rejected, or the schema is not
    /// enforced.
    ///
    /// ## Example
    /// ```json
    /// {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": "…"}],
    ///  "response_format": {"type": "json_schema", "json_schema": {"name": "a", "strict": true, "schema": {"type": "object", "properties": {}, "required": [], "additionalProperties": false}}}}
    /// ```
    ///
    /// ## Use instead
    /// Use a model that supports structured outputs (`gpt-4o-2024-08-06` or later,
    /// `qwen-plus-2025-07-28` or later), or JSON mode with validation.
    ///
    /// ## Sources
    /// - Seed 002 (OpenAI guide): json_schema on gpt-4o-mini, gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06 and later.
    /// - Seed 001 (DashScope): the JSON Schema model list.
    pub(crate) static RULE = {
        id: "request/model-json-schema",
        severity: Warning,
        summary: "A `json_schema` format with a model known not to support it",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let Some(format) = &req.format else { return };
    if format.kind != "json_schema" {
        return;
    }
    let Some((model, ptr)) = &req.model else {
        return;
    };
    let Some(pattern) = cx
        .profile
        .models
        .json_schema_unsupported(model)
        .map(str::to_owned)
    else {
        return;
    };
    let Some(node) = cx.doc.root.pointer(ptr.as_str()) else {
        return;
    };
    let format_span = super::key_span(cx, &format.pointer);
    let evidence = cx.profile.models.evidence;
    let source = cx.profile.models.source.clone();
    let id = cx.profile.id.clone();
    let mut report = cx
        .report(&RULE, ptr, node.span, format!("model `{model}` does not support `json_schema` response formats (matches `{pattern}` in {id}'s model list)"))
        .label(format_span, "json_schema format")
        .help("use a model that supports structured outputs, or switch to `json_object` and validate the output");
    if let Some(evidence) = evidence {
        report = report.evidence(evidence, &source);
    }
    drop(report);
}
