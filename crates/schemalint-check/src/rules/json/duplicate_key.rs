use schemalint_diagnostics::{Diagnostic, Severity};

use crate::source::Document;

declare_rule! {
    /// ## What it does
    /// Reports an object key that appears more than once in the same object.
    ///
    /// ## Why is this bad?
    /// JSON parsers keep only one of the values (Python's `json`, which providers use,
    /// and `serde_json` keep the last), silently dropping the other. The schema the
    /// provider sees is not the one you read.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"a": {"type": "string"}}, "properties": {"b": {"type": "string"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    /// ```
    ///
    /// ## Sources
    /// - RFC 8259 §4: "The names within an object SHOULD be unique."
    pub(crate) static RULE = {
        id: "json/duplicate-key",
        severity: Warning,
        summary: "An object has the same key twice; only one value survives",
    };
}

/// Reports every key repeated within one object, anywhere in the document.
/// Reports the repeated keys the parser found.
pub(crate) fn check(doc: &Document, severity: Severity, out: &mut Vec<Diagnostic>) {
    for duplicate in &doc.duplicates {
        let key = duplicate.pointer.tokens().pop().unwrap_or_default();
        out.push(
            Diagnostic::new(
                RULE.id,
                severity,
                format!("duplicate key `{key}`; only the last value is kept"),
            )
            .with_pointer(duplicate.pointer.as_str())
            .with_span(Some(duplicate.span))
            .with_label(duplicate.first, "first defined here")
            .with_help("merge the two entries into one, or remove the one you do not mean"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_every_later_duplicate_through_objects_and_arrays() {
        let text = r#"{"anyOf": [{"a": 1, "b": {"c": 1, "c": 2}, "a": 2}], "anyOf": []}"#;
        let doc = crate::source::parse("t.json", text)
            .map_err(|(_, e)| e)
            .unwrap();
        let mut out = Vec::new();
        check(&doc, Severity::Warning, &mut out);
        let pointers: Vec<&str> = out.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/anyOf/0/b/c", "/anyOf/0/a", "/anyOf"]);
        assert_eq!(
            out[1].message,
            "duplicate key `a`; only the last value is kept"
        );
        let first = out[1].labels[0].span;
        assert_eq!((first.start, &text[first.start..first.end]), (12, "\"a\""));
    }
}
