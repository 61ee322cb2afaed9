declare_rule! {
    /// ## What it does
    /// Flags keywords that are accepted only at the schema root when they appear in a
    /// subschema: `$schema`, `$id`, `$defs` and `definitions` (per the profile).
    ///
    /// ## Why is this bad?
    /// Definitions must live at the top level ("reference can only point to definitions
    /// defined at the top level of the schema"); OpenAI's Java SDK allows these keywords
    /// at the root only, and its Node SDK rejects a nested `$id`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"a": {"type": "object", "properties": {}, "required": [], "additionalProperties": false, "$defs": {"x": {"type": "string"}}}},
    ///  "required": ["a"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"a": {"type": "object", "properties": {}, "required": [], "additionalProperties": false}},
    ///  "required": ["a"], "additionalProperties": false, "$defs": {"x": {"type": "string"}}}
    /// ```
    ///
    /// ## Sources
    /// - openai-java `JsonSchemaValidator` (`ALLOWED_KEYWORDS_ROOT_SCHEMA_ONLY`).
    /// - openai-node `toStrictJsonSchema` (nested `$id` rejected); `spec/providers.md` §1.6, §3.3.
    pub(crate) static RULE = {
        id: "keyword/root-only",
        severity: Error,
        summary: "A root-only keyword (`$defs`, `$schema`, `$id`) inside a subschema",
    };
}

pub(crate) fn help(keyword: &str) -> &'static str {
    match keyword {
        "$defs" | "definitions" => {
            "move these definitions to the root `$defs` and update the `$ref`s"
        }
        _ => "remove it from the subschema; keep it at the root only",
    }
}
