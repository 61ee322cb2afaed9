declare_rule! {
    /// ## What it does
    /// Flags a local `$ref` (`#…`) that does not resolve to a node of the schema.
    ///
    /// ## Why is this bad?
    /// The provider cannot build a grammar from a dangling reference and rejects the
    /// schema. Usually a typo or a definition that was renamed.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"step": {"$ref": "#/$defs/stpe"}}, "required": ["step"], "additionalProperties": false,
    ///  "$defs": {"step": {"type": "string"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"step": {"$ref": "#/$defs/step"}}, "required": ["step"], "additionalProperties": false,
    ///  "$defs": {"step": {"type": "string"}}}
    /// ```
    ///
    /// ## Sources
    /// - openai-java `JsonSchemaValidator` ("Invalid or unsupported reference").
    /// - openai-node `toStrictJsonSchema` ("$ref must resolve locally").
    pub(crate) static RULE = {
        id: "ref/unresolved",
        severity: Error,
        summary: "A local `$ref` does not resolve",
    };
}
