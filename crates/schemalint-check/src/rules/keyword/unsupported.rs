use crate::rules::{FixAvailability, FixCase, RuleFix};
use schemalint_diagnostics::Applicability;

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
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "for a multi-branch `allOf`, a `oneOf` beside an `anyOf`, `$ref`/`$defs` where the profile has none, or a schema whose `description` is not a string",
            cases: &[
                FixCase {
                    when: "a keyword the provider rejects carries a constraint (`minLength`, `uniqueItems`, `not`, `patternProperties`, …)",
                    applicability: Applicability::Unsafe,
                    profiles: &["openai"],
                    effect: "removes them and appends `{key: value, …}` to `description` after a blank line — the notation of the SDK helpers that do the same (openai-node `transformJSONSchema`, anthropic-sdk-python `transform_schema`) — so the model still reads the constraint. Unsafe: the provider no longer enforces it; validate the reply.",
                    before: r##"{"type": "object", "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 40, "description": "Full name"}, "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}}, "required": ["name", "tags"], "additionalProperties": false}"##,
                    after: r##"{"type": "object", "properties": {"name": {"type": "string", "description": "Full name\n\n{minLength: 1, maxLength: 40}"}, "tags": {"type": "array", "items": {"type": "string"}, "description": "{uniqueItems: true}"}}, "required": ["name", "tags"], "additionalProperties": false}"##,
                },
                FixCase {
                    when: "`oneOf` branches are provably disjoint (different types, different `const`/`enum` values, or a required discriminator property with different values)",
                    applicability: Applicability::Safe,
                    profiles: &["openai"],
                    effect: "renames `oneOf` to `anyOf`: no output can match two branches, so \"at least one\" admits exactly what \"exactly one\" did.",
                    before: r##"{"type": "object", "properties": {"pet": {"oneOf": [{"type": "object", "properties": {"kind": {"type": "string", "const": "cat"}}, "required": ["kind"], "additionalProperties": false}, {"type": "object", "properties": {"kind": {"type": "string", "const": "dog"}}, "required": ["kind"], "additionalProperties": false}]}}, "required": ["pet"], "additionalProperties": false}"##,
                    after: r##"{"type": "object", "properties": {"pet": {"anyOf": [{"type": "object", "properties": {"kind": {"type": "string", "const": "cat"}}, "required": ["kind"], "additionalProperties": false}, {"type": "object", "properties": {"kind": {"type": "string", "const": "dog"}}, "required": ["kind"], "additionalProperties": false}]}}, "required": ["pet"], "additionalProperties": false}"##,
                },
                FixCase {
                    when: "`oneOf` branches may overlap",
                    applicability: Applicability::Unsafe,
                    profiles: &["openai"],
                    effect: "renames `oneOf` to `anyOf`; an output matching two branches, invalid before, becomes valid.",
                    before: r##"{"type": "object", "properties": {"code": {"oneOf": [{"type": "string", "pattern": "^[A-Z]+$"}, {"type": "string", "maxLength": 3}]}}, "required": ["code"], "additionalProperties": false}"##,
                    after: r##"{"type": "object", "properties": {"code": {"anyOf": [{"type": "string", "pattern": "^[A-Z]+$"}, {"type": "string", "description": "{maxLength: 3}"}]}}, "required": ["code"], "additionalProperties": false}"##,
                },
                FixCase {
                    when: "a one-branch `allOf` holds only a `$ref` (Pydantic v1, and v2 for a field with a description)",
                    applicability: Applicability::Safe,
                    profiles: &["openai"],
                    effect: "replaces it with the `$ref` (the same schema in draft 2020-12); a `$ref` that then has siblings is `ref/siblings`' to inline.",
                    before: r##"{"type": "object", "properties": {"pet": {"allOf": [{"$ref": "#/$defs/Pet"}]}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Pet": {"type": "string"}}}"##,
                    after: r##"{"type": "object", "properties": {"pet": {"$ref": "#/$defs/Pet"}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Pet": {"type": "string"}}}"##,
                },
                FixCase {
                    when: "`const` where the profile has only `enum` (Gemini's OpenAPI subset)",
                    applicability: Applicability::Safe,
                    profiles: &["gemini-openapi"],
                    effect: "writes it as a one-value `enum`, the same constraint.",
                    before: r##"{"type": "object", "properties": {"currency": {"type": "string", "const": "USD"}}}"##,
                    after: r##"{"type": "object", "properties": {"currency": {"type": "string", "enum": ["USD"]}}}"##,
                },
            ],
        },
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
