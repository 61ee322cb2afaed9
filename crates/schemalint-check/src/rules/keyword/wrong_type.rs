declare_rule! {
    /// ## What it does
    /// Flags a keyword used on a schema whose `type` it does not apply to, per the
    /// profile's keyword table (`applies_to`): `pattern` or `format` on a number,
    /// `minimum` on a string, `items` on an object, `properties` on an array.
    ///
    /// ## Why is this bad?
    /// The keyword constrains nothing (JSON Schema ignores it for other types), so the
    /// constraint you meant is not applied; OpenAI's Java SDK rejects such schemas
    /// outright (per-type keyword sets). It usually means the `type` is wrong.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"zip": {"type": "integer", "pattern": "^[0-9]{5}$"}}, "required": ["zip"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"zip": {"type": "string", "pattern": "^[0-9]{5}$"}}, "required": ["zip"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: supported properties listed per type (seed 002).
    /// - openai-java `JsonSchemaValidator` (per-context allowed keyword sets; `spec/providers.md` §3.4).
    pub(crate) static RULE = {
        id: "keyword/wrong-type",
        severity: Warning,
        summary: "A keyword on a schema whose `type` it does not apply to",
    };
}
