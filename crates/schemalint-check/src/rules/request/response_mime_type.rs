use super::key_span;
use crate::engine::Cx;
use crate::envelope::Request;

declare_rule! {
    /// ## What it does
    /// Flags a Gemini request with `responseSchema` or `responseJsonSchema` whose
    /// `generationConfig` does not set `responseMimeType: "application/json"`.
    ///
    /// ## Why is this bad?
    /// The schema fields require the JSON MIME type; without it the request is rejected
    /// (or, with `text/plain`, the schema cannot apply).
    ///
    /// ## Example
    /// ```json
    /// {"contents": [{"parts": [{"text": "List two colours"}]}],
    ///  "generationConfig": {"responseJsonSchema": {"type": "array", "items": {"type": "string"}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"contents": [{"parts": [{"text": "List two colours"}]}],
    ///  "generationConfig": {"responseMimeType": "application/json", "responseJsonSchema": {"type": "array", "items": {"type": "string"}}}}
    /// ```
    ///
    /// ## Sources
    /// - Gemini API reference, `GenerationConfig.responseSchema` / `responseJsonSchema` (require a compatible `responseMimeType`).
    /// - `spec/providers.md` §6.1.
    pub(crate) static RULE = {
        id: "request/response-mime-type",
        severity: Error,
        summary: "A Gemini response schema without `responseMimeType: application/json`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let Some(schema) = req
        .gemini_json_schema
        .as_ref()
        .or(req.gemini_schema.as_ref())
    else {
        return;
    };
    let field = schema.tokens().last().cloned().unwrap_or_default();
    let schema_span = key_span(cx, schema);
    match &req.gemini_mime_type {
        Some(ptr) => {
            let Some(node) = cx.doc.root.pointer(ptr.as_str()) else {
                return;
            };
            if node.as_str() == Some("application/json") {
                return;
            }
            let shown = node
                .as_str()
                .map_or_else(|| node.value.type_name().to_owned(), |s| format!("`{s}`"));
            cx.report(
                &RULE,
                ptr,
                node.span,
                format!("`responseMimeType` is {shown}, but `{field}` needs `application/json`"),
            )
            .label(schema_span, "schema set here")
            .help("set `\"responseMimeType\": \"application/json\"`");
        }
        None => {
            let gc = req.generation_config.clone().unwrap_or_default();
            let gc_span = key_span(cx, &gc);
            cx.report(&RULE, &gc, gc_span, format!("`{field}` is set but `responseMimeType` is not; the schema needs `application/json`"))
                .label(schema_span, "schema set here")
                .help("add `\"responseMimeType\": \"application/json\"` to `generationConfig`");
        }
    }
}
