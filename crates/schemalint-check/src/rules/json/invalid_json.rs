declare_rule! {
    /// ## What it does
    /// Reports a file that is not valid JSON (RFC 8259), at the line and column where
    /// parsing stopped. Comments, trailing commas, single quotes and other JSON5
    /// extensions are errors too.
    ///
    /// ## Why is this bad?
    /// Nothing can be checked, and the provider rejects the request body before it
    /// looks at the schema. `schemalint check` exits with code 2.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {},}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {}}
    /// ```
    ///
    /// ## Sources
    /// - RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format.
    pub(crate) static RULE = {
        id: "json/invalid-json",
        severity: Error,
        summary: "The file is not valid JSON",
    };
}
