declare_rule! {
    /// ## What it does
    /// Reports a file whose bytes are not UTF-8, at the first invalid byte. A UTF-8
    /// byte-order mark is tolerated.
    ///
    /// ## Why is this bad?
    /// JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1); providers reject
    /// or mangle other encodings. `schemalint check` exits with code 2.
    ///
    /// ## Example
    /// A file saved as Latin-1 containing `{"description": "caf\xe9"}`.
    ///
    /// ## Use instead
    /// Save the file as UTF-8: `{"description": "café"}`.
    ///
    /// ## Sources
    /// - RFC 8259 §8.1 (Character Encoding).
    pub(crate) static RULE = {
        id: "json/invalid-encoding",
        severity: Error,
        summary: "The file is not UTF-8",
    };
}
