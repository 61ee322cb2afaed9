use super::key_span;
use crate::engine::Cx;
use crate::envelope::{Request, Surface};

declare_rule! {
    /// ## What it does
    /// Notes a `json_schema` response format without `strict` (the schema is then a
    /// hint, not enforced) and a Responses API function tool without `strict` (the API
    /// tries to make it strict and silently falls back to non-strict when it cannot).
    ///
    /// ## Why is this bad?
    /// Without `"strict": true` the output is not guaranteed to match the schema, and on
    /// the Responses API whether it is depends on the schema: a small edit can silently
    /// turn enforcement off.
    ///
    /// ## Example
    /// ```json
    /// {"model": "gpt-4o", "input": "…", "text": {"format": {"type": "json_schema", "name": "answer",
    ///  "schema": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}}}}
    /// ```
    ///
    /// ## Use instead
    /// Say what you mean: `"strict": true` (or `"strict": false` to opt out on purpose).
    ///
    /// ## Sources
    /// - OpenAI function-calling guide on Responses tools without `strict` (quoted in 0xPlaygrounds/rig#2477); `spec/providers.md` §1.1.
    /// - Seed 001 (DashScope): `"strict": true` is recommended for strict format compliance.
    pub(crate) static RULE = {
        id: "request/strict-absent",
        severity: Info,
        summary: "A `json_schema` format or a Responses tool without an explicit `strict`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let targets: Vec<_> = req
        .targets
        .iter()
        .filter(|t| t.strict.is_none())
        .filter(|t| {
            matches!(
                t.surface,
                Surface::ChatResponseFormat | Surface::ResponsesTextFormat | Surface::ResponsesTool
            )
        })
        .cloned()
        .collect();
    for target in targets {
        let holder = match target.surface {
            Surface::ChatResponseFormat => target.wrapper.join("json_schema"),
            _ => target.wrapper.clone(),
        };
        let span = key_span(cx, &holder);
        let message = if target.surface == Surface::ResponsesTool {
            "this Responses API tool has no `strict`: the API tries strict mode and silently falls back to non-strict if the schema does not qualify"
        } else {
            "this `json_schema` format has no `strict`: the schema guides the model but is not enforced"
        };
        cx.report(&RULE, &holder, span, message)
            .help("set `\"strict\": true` (or `\"strict\": false` to opt out explicitly)");
    }
}
