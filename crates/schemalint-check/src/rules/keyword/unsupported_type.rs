use crate::engine::{Cx, Sub};
use crate::source::Value;

declare_rule! {
    /// ## What it does
    /// Flags a `type` the profile's provider does not accept: a JSON Schema type name
    /// missing from the profile's `types` (Gemini's `responseSchema` has no `null`), or a
    /// type array where the profile allows only one type (`type_arrays = false`).
    ///
    /// ## Why is this bad?
    /// Gemini's `responseSchema` is an OpenAPI 3.0 `Schema` message: `type` is a single
    /// enum value (`STRING`, `OBJECT`, …) and nullability is the separate `nullable`
    /// field, so `["string", "null"]` is rejected.
    ///
    /// ## Example
    /// ```json
    /// {"type": "OBJECT", "properties": {"note": {"type": ["string", "null"]}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "OBJECT", "properties": {"note": {"type": "STRING", "nullable": true}}}
    /// ```
    ///
    /// ## Sources
    /// - Gemini API reference, `Schema.type` and `Schema.nullable` (https://ai.google.dev/api/caching#Schema).
    /// - `spec/providers.md` §6.1.
    pub(crate) static RULE = {
        id: "keyword/unsupported-type",
        severity: Error,
        summary: "A `type` (or a type array) the provider does not accept",
    };
}

/// JSON Schema's type names.
pub(crate) const TYPE_NAMES: [&str; 7] = [
    "string", "number", "integer", "boolean", "object", "array", "null",
];

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(node) = sub.get("type") else { return };
    // Built only when reporting: this runs on every typed subschema.
    let ptr = || sub.ptr().join("type");
    let nullable = || cx.profile.keyword("nullable").is_some();
    match &node.value {
        Value::String(s) if TYPE_NAMES.contains(&&**s) && !cx.profile.allows_type(s) => {
            let help = if &**s == "null" && nullable() {
                "drop the `null` type and set `\"nullable\": true` on the schema".to_owned()
            } else {
                format!("use one of: {}", cx.profile.types.join(", "))
            };
            cx.report(
                &RULE,
                &ptr(),
                node.span,
                format!("type `{s}` is not supported by {}", cx.profile.provider),
            )
            .help(help)
            .var("type", s.to_string());
        }
        Value::Array(items) => {
            if !cx.profile.type_arrays {
                let help = if nullable() {
                    "use a single type; for `[\"<type>\", \"null\"]` write `\"type\": \"<TYPE>\", \"nullable\": true`, otherwise `anyOf`"
                } else {
                    "use a single type, or an `anyOf` of typed schemas"
                };
                cx.report(
                    &RULE,
                    &ptr(),
                    node.span,
                    format!(
                        "{} does not accept a type array; `type` must be one type name",
                        cx.profile.provider
                    ),
                )
                .help(help);
                return;
            }
            for item in items {
                if let Some(s) = item.as_str() {
                    if TYPE_NAMES.contains(&s) && !cx.profile.allows_type(s) {
                        let help = format!("use one of: {}", cx.profile.types.join(", "));
                        cx.report(
                            &RULE,
                            &ptr(),
                            item.span,
                            format!("type `{s}` is not supported by {}", cx.profile.provider),
                        )
                        .help(help)
                        .var("type", s);
                    }
                }
            }
        }
        _ => {}
    }
}
