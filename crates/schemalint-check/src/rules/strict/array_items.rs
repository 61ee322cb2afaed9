use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Requires every array schema to have `items`, and `items` to be a single schema
    /// object (not the tuple form `[…]`, not `true`).
    ///
    /// ## Why is this bad?
    /// The API answers `array schema missing items.` Tuple-form `items` (draft-07) and
    /// `prefixItems` are not part of the strict subset.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"tags": {"type": "array"}}, "required": ["tags"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}, "required": ["tags"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §1.2, §1.3.4 (`array schema missing items`).
    /// - openai-java `JsonSchemaValidator` ("'items' field is missing or is not an object").
    pub(crate) static RULE = {
        id: "strict/array-items",
        severity: Error,
        summary: "An array schema has no object-form `items`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if !sub.has_type("array") {
        return;
    }
    match sub.member("items") {
        None => {
            cx.report(&RULE, &sub.ptr(), sub.span(), "array schema has no `items`")
                .help("add `\"items\": {…}` with the schema of every element");
        }
        Some(m) if !m.value.is_object() => {
            let ptr = sub.ptr().join("items");
            let form = if m.value.as_array().is_some() {
                "the tuple form `[…]`"
            } else {
                "not a schema object"
            };
            cx.report(&RULE, &ptr, m.value.span, format!("`items` is {form}; strict mode needs one schema object for every element"))
                .help("use a single schema, e.g. an `anyOf` of the element kinds, or an object with named fields instead of a tuple");
        }
        Some(_) => {}
    }
}
