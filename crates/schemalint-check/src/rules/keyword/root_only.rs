declare_rule! {
    /// ## What it does
    /// Flags keywords that are accepted only at the schema root when they appear in a
    /// subschema: `$defs` and `definitions`, `$schema`, `$id` and draft-04's `id` (per
    /// the profile; each keyword entry may set its own severity).
    ///
    /// For `openai` the severities follow the evidence:
    /// - nested `$defs`/`definitions`: **error**. References can only point at top-level
    ///   definitions ("reference can only point to definitions defined at the top level
    ///   of the schema"), and openai-java allows `$defs` at the root only;
    /// - nested `$schema`, `$id`, `id`: **warning**, evidence *sdk*. openai-java's
    ///   validator allows `$schema`/`$id` at the root only (and knows no `id`), openai-node
    ///   throws on a nested `$id`, but no API rejection of any of the three is on record,
    ///   and llguidance (reportedly OpenAI's grammar compiler) reads them as meta keywords
    ///   anywhere. The three are treated alike because they rest on the same evidence.
    ///
    /// ## Why is this bad?
    /// A definition outside the root cannot be referenced; a nested `$schema` or `$id`
    /// makes the SDK helpers (openai-java's validator, openai-node's `toStrictJsonSchema`)
    /// refuse the schema before it is sent, and may change how a validator resolves the
    /// subschema's references.
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
    /// - openai-node `toStrictJsonSchema` (nested `$id` rejected); `spec/providers.md` §1.6, §3.3, §3.4, §8.
    pub(crate) static RULE = {
        id: "keyword/root-only",
        severity: Error,
        summary: "A root-only keyword (`$defs`, `$schema`, `$id`, `id`) inside a subschema",
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
