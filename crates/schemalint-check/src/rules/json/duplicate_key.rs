use std::collections::hash_map::{Entry, HashMap};

use schemalint_diagnostics::{Diagnostic, Severity};

use crate::source::{JsonPointer, Member, Node, Value};

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
pub(crate) fn check(node: &Node, at: &JsonPointer, severity: Severity, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Object(members) => {
            // The first member of each key; a scan for small objects, a map for wide ones.
            let mut firsts: HashMap<&str, &Member> = HashMap::new();
            let wide = members.len() > 16;
            for (i, m) in members.iter().enumerate() {
                let first = if wide {
                    match firsts.entry(&*m.key) {
                        Entry::Occupied(e) => Some(*e.get()),
                        Entry::Vacant(e) => {
                            e.insert(m);
                            None
                        }
                    }
                } else {
                    members[..i].iter().find(|p| p.key == m.key)
                };
                if let Some(first) = first {
                    let ptr = at.join(&*m.key);
                    out.push(
                        Diagnostic::new(
                            RULE.id,
                            severity,
                            format!("duplicate key `{}`; only the last value is kept", m.key),
                        )
                        .with_pointer(ptr.as_str())
                        .with_span(Some(m.key_span))
                        .with_label(first.key_span, "first defined here")
                        .with_help(
                            "merge the two entries into one, or remove the one you do not mean",
                        ),
                    );
                }
                check(&m.value, &at.join(&*m.key), severity, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check(item, &at.join(i), severity, out);
            }
        }
        _ => {}
    }
}
