declare_rule! {
    /// ## What it does
    /// Counts every value of every `enum` in the schema against the profile's limit
    /// (OpenAI: 1,000).
    ///
    /// ## Why is this bad?
    /// The API answers `Expected at most 1000 enum values in total within a schema, but received 1001.`
    ///
    /// ## Example
    /// Three properties each restricted to the same 400 country codes.
    ///
    /// ## Use instead
    /// Define the list once in `$defs`… it still counts once per definition; better,
    /// let the model produce a string and check it against the list afterwards.
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Limitations on enum size" (seed 002: 1000 enum values).
    /// - `spec/providers.md` §1.5 (500 at launch, first reported undocumented).
    pub(crate) static RULE = {
        id: "limit/enum-values",
        severity: Error,
        summary: "More enum values in total than the provider allows",
    };
}
