use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Flags `enum` members that are objects or arrays.
    ///
    /// ## Why is this bad?
    /// Anthropic accepts only primitive enum members (strings, numbers, booleans, null)
    /// and rejects the schema otherwise; grammar-based decoders generally cannot
    /// enumerate structured values.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"size": {"enum": [{"w": 1, "h": 1}, {"w": 2, "h": 2}]}}, "required": ["size"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"size": {"type": "string", "enum": ["1x1", "2x2"]}}, "required": ["size"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs, "JSON Schema limitations" (enum: no complex types).
    /// - `spec/providers.md` §1.3.7, §6.2.
    pub(crate) static RULE = {
        id: "keyword/complex-enum",
        severity: Error,
        summary: "An `enum` member is an object or an array",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(values) = sub.get("enum").and_then(|n| n.as_array()) else {
        return;
    };
    for (i, value) in values.iter().enumerate() {
        if value.is_object() || value.as_array().is_some() {
            let ptr = sub.ptr().join("enum").join(i);
            cx.report(
                &RULE,
                &ptr,
                value.span,
                format!(
                    "enum member {i} is a JSON {}; {} accepts only strings, numbers, booleans and null",
                    value.value.type_name(),
                    cx.profile.provider
                ),
            )
            .help("replace structured members with string codes and describe them in `description`");
        }
    }
}
