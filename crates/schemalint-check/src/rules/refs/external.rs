declare_rule! {
    /// ## What it does
    /// Flags a `$ref` that does not start with `#`: a reference to another file or URL.
    ///
    /// ## Why is this bad?
    /// Providers do not fetch remote documents; the schema must be self-contained.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"address": {"$ref": "address.json"}}, "required": ["address"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"address": {"$ref": "#/$defs/address"}}, "required": ["address"], "additionalProperties": false,
    ///  "$defs": {"address": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}}}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Definitions are supported" (local `$defs` only).
    /// - `spec/providers.md` §1.6 ("External/remote refs are not supported").
    pub(crate) static RULE = {
        id: "ref/external",
        severity: Error,
        summary: "A `$ref` points outside the schema",
    };
}
