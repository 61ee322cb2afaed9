use super::key_span;
use crate::engine::Cx;
use crate::envelope::Request;

declare_rule! {
    /// ## What it does
    /// Flags a Gemini request whose `generationConfig` sets both `responseSchema` and
    /// `responseJsonSchema`.
    ///
    /// ## Why is this bad?
    /// The two fields are mutually exclusive; the API rejects the request.
    ///
    /// ## Example
    /// ```json
    /// {"contents": [{"parts": [{"text": "List two colours"}]}],
    ///  "generationConfig": {"responseMimeType": "application/json", "responseSchema": {"type": "ARRAY", "items": {"type": "STRING"}},
    ///   "responseJsonSchema": {"type": "array", "items": {"type": "string"}}}}
    /// ```
    ///
    /// ## Use instead
    /// Keep one: `responseJsonSchema` for standard JSON Schema, `responseSchema` for the
    /// OpenAPI subset.
    ///
    /// ## Sources
    /// - Gemini API reference, `GenerationConfig.responseJsonSchema` (if set, `responseSchema` must be omitted).
    /// - `spec/providers.md` §6.1.
    pub(crate) static RULE = {
        id: "request/gemini-schema-conflict",
        severity: Error,
        summary: "Gemini `responseSchema` and `responseJsonSchema` both set",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let (Some(schema), Some(json_schema)) = (&req.gemini_schema, &req.gemini_json_schema) else {
        return;
    };
    let span = key_span(cx, json_schema);
    let other = key_span(cx, schema);
    cx.report(&RULE, json_schema, span, "`responseJsonSchema` and `responseSchema` are both set; they are mutually exclusive")
        .label(other, "also set")
        .help("remove one of them: `responseJsonSchema` takes JSON Schema, `responseSchema` the OpenAPI subset");
}
