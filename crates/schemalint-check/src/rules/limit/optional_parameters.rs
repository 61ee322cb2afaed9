declare_rule! {
    /// ## What it does
    /// Counts optional properties — properties not listed in their object's `required` —
    /// across every strict schema of a request (JSON output and strict tools) against the
    /// profile's limit (Anthropic: 24). The finding points at the first property over the
    /// limit.
    ///
    /// ## Why is this bad?
    /// Each optional property doubles the grammar's branches; Anthropic rejects requests
    /// with more than 24 ("Schema is too complex").
    ///
    /// ## Example
    /// A tool with 30 properties of which only `id` is required.
    ///
    /// ## Use instead
    /// Make fields required and nullable (`"type": ["string", "null"]`) — those count as
    /// unions instead — or group optional fields into fewer optional objects.
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs (at most 24 optional parameters across all strict schemas; quoted in public notes).
    /// - `spec/providers.md` §6.2, §10.
    pub(crate) static RULE = {
        id: "limit/optional-parameters",
        severity: Error,
        summary: "More optional properties across a request's strict schemas than the provider allows",
    };
}
