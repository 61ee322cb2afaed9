declare_rule! {
    /// ## What it does
    /// Adds up the characters of all property names, definition names, enum values and
    /// const values (non-string values by their JSON text, as OpenAI's Java SDK does)
    /// and compares with the profile's limit (OpenAI: 120,000).
    ///
    /// ## Why is this bad?
    /// The provider rejects schemas over the budget.
    ///
    /// ## Example
    /// A schema with a few thousand long enum values (product names, city names).
    ///
    /// ## Use instead
    /// Shorten names and values, or let the model produce a free string and validate
    /// it against your list afterwards.
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Limitations on total string size" (seed 002: 120,000 characters).
    /// - `spec/providers.md` §1.5 (15,000 at launch; counting).
    pub(crate) static RULE = {
        id: "limit/string-length",
        severity: Error,
        summary: "Names and enum/const values exceed the provider's total string budget",
    };
}
