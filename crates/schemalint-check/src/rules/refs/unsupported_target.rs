declare_rule! {
    /// ## What it does
    /// Flags a `$ref` that resolves, but to something other than the root (`#`) or a
    /// root-level definition (`#/$defs/<name>`, `#/definitions/<name>`), such as
    /// `#/properties/a` or `#/$defs/a/properties/b`.
    ///
    /// ## Why is this bad?
    /// References "can only point to definitions defined at the top level of the
    /// schema"; OpenAI's own Java SDK validator accepts only `#` and root `$defs`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"a": {"type": "string"}, "b": {"$ref": "#/properties/a"}}, "required": ["a", "b"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"a": {"$ref": "#/$defs/text"}, "b": {"$ref": "#/$defs/text"}}, "required": ["a", "b"], "additionalProperties": false,
    ///  "$defs": {"text": {"type": "string"}}}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §1.6 (error text, C evidence) and §3.4 (openai-java).
    pub(crate) static RULE = {
        id: "ref/unsupported-target",
        severity: Error,
        summary: "A `$ref` points inside the schema rather than at `#` or a root definition",
    };
}
