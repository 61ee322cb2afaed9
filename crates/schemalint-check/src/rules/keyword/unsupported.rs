declare_rule! {
    /// ## What it does
    /// Flags keywords the profile's provider does not accept. Each finding says which
    /// kind of evidence it rests on:
    /// - **documented**: the provider lists it as unsupported (OpenAI: `allOf`, `not`,
    ///   `dependentRequired`, `dependentSchemas`, `if`/`then`/`else`, `patternProperties`);
    /// - **observed**: the docs are silent but the API rejects it (OpenAI: `oneOf`,
    ///   `minLength`, `maxLength`, `uniqueItems`, `propertyNames`, `contains`,
    ///   `minContains`/`maxContains`, `minProperties`/`maxProperties`, `unevaluated*`);
    /// - **sdk**: an official SDK refuses it before sending (OpenAI: draft-07
    ///   `dependencies`, which openai-node's strict transform throws on; it is the draft-07
    ///   form of the documented-unsupported `dependentRequired`/`dependentSchemas`);
    /// - **inferred**: a JSON Schema keyword the provider's supported list does not name
    ///   (reported at the profile's `unlisted_keywords` severity, a warning for OpenAI).
    ///
    /// The subschemas inside an unsupported keyword whose fix is to remove it
    /// (`dependencies`, `dependentSchemas`, `not`, `if`/`then`/`else`, `contains`,
    /// `propertyNames`, `patternProperties`, …) are not linted: they never apply, so
    /// findings there would only be noise. Inside `oneOf`, `allOf`, `prefixItems` and
    /// definitions, which the usual fix keeps (`oneOf` → `anyOf`, merging `allOf`), they are.
    ///
    /// ## Why is this bad?
    /// The API rejects the request with `'oneOf' is not permitted.` (one keyword at a
    /// time); a keyword that is silently ignored is a constraint the output will not meet.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"name": {"type": "string", "minLength": 1}}, "required": ["name"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"name": {"type": "string", "pattern": "^.+$"}}, "required": ["name"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Some type-specific keywords are not yet supported".
    /// - `spec/providers.md` §1.4 (observed rejections and their wording).
    pub(crate) static RULE = {
        id: "keyword/unsupported",
        severity: Error,
        summary: "A keyword the provider does not support",
    };
}

/// A fix for a keyword, when there is a usual one.
pub(crate) fn help(keyword: &str) -> &'static str {
    match keyword {
        "allOf" => "merge the branches into one schema (the SDKs do this for a single-branch `allOf`)",
        "oneOf" => "use `anyOf`: strict outputs always match a branch, so disjoint branches behave like `oneOf`",
        "not" | "if" | "then" | "else" | "dependentRequired" | "dependentSchemas" => {
            "express the condition as an `anyOf` of complete alternatives, or check it after generation"
        }
        "patternProperties" | "propertyNames" => "list the keys in `properties`, or use an array of key/value objects",
        "minLength" | "maxLength" => "remove it and state the length in `description` or in a `pattern`",
        "uniqueItems" | "contains" | "minContains" | "maxContains" => "remove it and check the array after generation",
        "minProperties" | "maxProperties" => "remove it; every property is required in strict mode anyway",
        "unevaluatedProperties" => "use `additionalProperties: false` instead",
        "unevaluatedItems" | "prefixItems" | "additionalItems" => "use a single `items` schema",
        _ => "remove it, or move the constraint into `description` and check it after generation",
    }
}
