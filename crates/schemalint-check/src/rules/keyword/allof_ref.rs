use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Flags `allOf` combined with `$ref`: an `allOf` branch that is a `$ref`, or `allOf`
    /// next to `$ref` in the same schema.
    ///
    /// ## Why is this bad?
    /// Anthropic supports `allOf`, but not together with `$ref` (its grammar compiler
    /// cannot intersect a referenced schema); the request is rejected. Pydantic emits
    /// exactly this for a field whose type is a model and which carries extra keywords
    /// (`allOf: [{"$ref": …}]`).
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"home": {"allOf": [{"$ref": "#/$defs/address"}], "description": "Home address"}},
    ///  "required": ["home"], "additionalProperties": false,
    ///  "$defs": {"address": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"home": {"$ref": "#/$defs/address"}},
    ///  "required": ["home"], "additionalProperties": false,
    ///  "$defs": {"address": {"type": "object", "description": "Home address", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}}}
    /// ```
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs, "JSON Schema limitations" (`allOf` supported, but not with `$ref`).
    /// - `spec/providers.md` §6.2.
    pub(crate) static RULE = {
        id: "keyword/allof-ref",
        severity: Error,
        summary: "`allOf` combined with `$ref`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(all_of) = sub.member("allOf") else {
        return;
    };
    if sub.get("$ref").is_some() {
        let ptr = sub.ptr().join("allOf");
        cx.report(
            &RULE,
            &ptr,
            all_of.key_span,
            format!(
                "`allOf` next to `$ref`; {} does not support `allOf` combined with `$ref`",
                cx.profile.provider
            ),
        )
        .help("inline the referenced schema into the `allOf` branch, or drop the `allOf`");
        return;
    }
    for (i, branch) in all_of
        .value
        .as_array()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(r) = branch.get("$ref") {
            let ptr = sub.ptr().join("allOf").join(i).join("$ref");
            cx.report(&RULE, &ptr, r.span, format!("`allOf` branch {i} is a `$ref`; {} does not support `allOf` combined with `$ref`", cx.profile.provider))
                .help("for a single branch use the `$ref` directly and move annotations into the definition; otherwise inline the definition");
        }
    }
}
