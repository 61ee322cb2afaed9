declare_rule! {
    /// ## What it does
    /// Counts the strict tools (`"strict": true`) of a request against the profile's
    /// limit (Anthropic: 20). The finding points at the first tool over the limit.
    ///
    /// ## Why is this bad?
    /// Every strict tool is compiled into the same grammar; the provider caps how many a
    /// request may carry and rejects the request beyond that.
    ///
    /// ## Example
    /// A Messages request with 21 tools, each with `"strict": true`.
    ///
    /// ## Use instead
    /// Mark only the tools whose arguments must be exact as strict, or split the tools
    /// over several requests (routing first).
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs (at most 20 strict tools per request; quoted in public notes).
    /// - `spec/providers.md` §6.2.
    pub(crate) static RULE = {
        id: "limit/strict-tools",
        severity: Error,
        summary: "More strict tools in one request than the provider allows",
    };
}
