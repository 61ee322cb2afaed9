declare_rule! {
    /// ## What it does
    /// Reports a file whose arrays and objects nest deeper than the nesting limit
    /// (1,000 levels by default; `--max-depth N` on the command line), at the bracket
    /// that goes one level too deep. Reading stops there: the rest of the file is not
    /// read, so a hostile file costs no more than the bytes up to that point.
    ///
    /// ## Why is this bad?
    /// No provider accepts a schema anywhere near this deep (OpenAI's documented limit
    /// is 10 levels, see `limit/nesting-depth`), and a file this deep is usually a
    /// generator's bug or an attack. The file may still be valid JSON; it was not checked.
    /// `schemalint check` exits with code 2.
    ///
    /// ## Example
    /// ```json
    /// [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    /// ```
    /// (continued for a million levels)
    ///
    /// ## Use instead
    /// Flatten the schema with `$defs` and `$ref`, or, when the depth is intended,
    /// raise the limit with `--max-depth`.
    ///
    /// ## Sources
    /// - RFC 8259, section 9: "An implementation may set limits on the maximum depth of nesting."
    pub(crate) static RULE = {
        id: "json/too-deep",
        severity: Error,
        summary: "The file nests arrays and objects deeper than the nesting limit",
    };
}
