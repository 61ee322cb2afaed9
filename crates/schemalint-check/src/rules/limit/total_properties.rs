declare_rule! {
    /// ## What it does
    /// Counts the object properties of the whole schema — every key of every
    /// `properties` object, `$defs` included — against the profile's limit (OpenAI: 5,000).
    /// The finding points at the largest `properties` object.
    ///
    /// ## Why is this bad?
    /// The API answers `5001 parameters exceeds limit of 5000.`
    ///
    /// ## Example
    /// A generated schema with one property per database column across many tables.
    ///
    /// ## Use instead
    /// Split it into several requests or tools, or model wide records as arrays of
    /// `{"key", "value"}` objects.
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "A schema may have up to 5000 object properties total" (seed 002).
    /// - `spec/providers.md` §1.5 (history: 100 at launch; wording of the error).
    pub(crate) static RULE = {
        id: "limit/total-properties",
        severity: Error,
        summary: "More object properties in total than the provider allows",
    };
}
