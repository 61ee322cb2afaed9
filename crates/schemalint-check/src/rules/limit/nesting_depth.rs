declare_rule! {
    /// ## What it does
    /// Flags a schema that nests deeper than the profile allows (OpenAI: 10 levels).
    ///
    /// How levels are counted is undocumented; schemalint follows OpenAI's Java SDK
    /// validator: the root is level 0; each step into `properties`, `items` or `anyOf`
    /// (and any other applicator) adds one; a `$defs` entry sits one level below the
    /// root; `$ref` is not followed, so a definition counts where it is defined. A
    /// subschema at level 10 passes, one at level 11 fails.
    ///
    /// Gemini publishes no number, but its docs warn that "the API may reject very
    /// large or deeply nested schemas" (and it does: `A schema in GenerationConfig in the
    /// request exceeds the maximum allowed nesting depth.`). The `gemini` and
    /// `gemini-openapi` profiles therefore *warn* past 10 levels, counted the same way;
    /// the threshold is schemalint's (`nesting_depth_published = false`), and the finding
    /// says so.
    ///
    /// ## Why is this bad?
    /// The API answers `11 levels of nesting exceeds limit of 10.`
    ///
    /// ## Example
    /// An object whose properties nest objects eleven levels down:
    /// `{"type":"object","properties":{"a":{"type":"object","properties":{"b": … }}}}`.
    ///
    /// ## Use instead
    /// Flatten it, or move repeated structure into `$defs` and reference it with `$ref`
    /// (references do not add depth).
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "up to 5000 object properties total, with up to 10 levels of nesting" (seed 002).
    /// - openai-java `JsonSchemaValidator` (counting convention); `spec/providers.md` §1.5, §3.4.
    /// - Gemini, Structured output, Limitations ("Schema complexity"); googleapis/js-genai#882 (the depth error).
    pub(crate) static RULE = {
        id: "limit/nesting-depth",
        severity: Error,
        summary: "The schema nests deeper than the provider allows",
    };
}

pub(crate) const CONVENTION: &str = "levels are counted as OpenAI's Java SDK does: root = 0, +1 per properties/items/anyOf step and per $defs entry, $ref not followed";
