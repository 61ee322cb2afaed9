use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Requires every object schema to have `properties`, and `properties` to be a JSON
    /// object (an empty one is fine).
    ///
    /// ## Why is this bad?
    /// The API answers `object schema missing properties.` An object without
    /// `properties` is usually a `dict`/`Map` field, which strict mode cannot generate.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"meta": {"type": "object", "additionalProperties": false}}, "required": ["meta"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"meta": {"type": "object", "properties": {"source": {"type": "string"}}, "required": ["source"], "additionalProperties": false}}, "required": ["meta"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §1.3.4 (`object schema missing properties`, observed).
    /// - openai-java `JsonSchemaValidator` ("'properties' field is missing").
    pub(crate) static RULE = {
        id: "strict/properties",
        severity: Error,
        summary: "An object schema has no `properties` (or it is not an object)",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if !sub.has_type("object") {
        return;
    }
    match sub.member("properties") {
        None => {
            cx.report(&RULE, &sub.ptr(), sub.span(), "object schema has no `properties`")
                .help("list the object's keys in `properties`; for an open map use an array of key/value objects");
        }
        Some(m) if !m.value.is_object() => {
            let ptr = sub.ptr().join("properties");
            cx.report(
                &RULE,
                &ptr,
                m.value.span,
                format!(
                    "`properties` is a JSON {}; it must be an object mapping names to schemas",
                    m.value.value.type_name()
                ),
            )
            .help("write `properties` as `{\"name\": {schema}, …}`");
        }
        Some(_) => {}
    }
}
