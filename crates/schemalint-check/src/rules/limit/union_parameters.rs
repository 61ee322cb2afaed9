declare_rule! {
    /// ## What it does
    /// Counts union-typed subschemas — a `type` array with two or more types, or an
    /// `anyOf` — across every strict schema of a request against the profile's limit
    /// (Anthropic: 16). An OpenAI-style nullable field (`["string", "null"]`) counts.
    ///
    /// ## Why is this bad?
    /// Unions multiply grammar states; Anthropic rejects requests with more than 16
    /// union-typed parameters.
    ///
    /// ## Example
    /// A schema converted for OpenAI strict mode, where 20 optional fields became
    /// `"type": ["…", "null"]`.
    ///
    /// ## Use instead
    /// For Anthropic, leave such fields optional (omit them from `required`) instead of
    /// nullable, within the optional-parameter limit.
    ///
    /// ## Sources
    /// - `spec/providers.md` §6.2 and §2 row N3 (verbatim union-limit error).
    pub(crate) static RULE = {
        id: "limit/union-parameters",
        severity: Error,
        summary: "More union-typed parameters across a request's strict schemas than the provider allows",
    };
}
