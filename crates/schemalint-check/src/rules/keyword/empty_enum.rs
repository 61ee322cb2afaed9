use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Flags an `enum` with no values.
    ///
    /// ## Why is this bad?
    /// No value satisfies an empty `enum`: the provider either rejects the schema or
    /// cannot generate a valid output at all. Usually a list that was generated from
    /// empty data.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"color": {"type": "string", "enum": []}}, "required": ["color"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"color": {"type": "string", "enum": ["red", "green"]}}, "required": ["color"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - JSON Schema 2020-12 validation §6.1.2 ("SHOULD have at least one element").
    pub(crate) static RULE = {
        id: "keyword/empty-enum",
        severity: Error,
        summary: "An `enum` with no values",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(node) = sub.get("enum") else { return };
    if node.as_array().is_some_and(|a| a.is_empty()) {
        let ptr = sub.ptr().join("enum");
        cx.report(
            &RULE,
            &ptr,
            node.span,
            "`enum` is empty; no value can satisfy it",
        )
        .help("list the allowed values, or remove `enum`");
    }
}
