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
    // The path is kept as borrowed tokens and turned into a pointer only for a finding:
    // this rule visits every value of the document.
    walk(node, &mut Vec::new(), at, severity, out);
}

enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer(at: &JsonPointer, path: &[Token<'_>]) -> JsonPointer {
    path.iter().fold(at.clone(), |p, t| match t {
        Token::Key(k) => p.join(*k),
        Token::Index(i) => p.join(*i),
    })
}

fn walk<'a>(
    node: &'a Node,
    path: &mut Vec<Token<'a>>,
    at: &JsonPointer,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
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
                path.push(Token::Key(&m.key));
                if let Some(first) = first {
                    let ptr = pointer(at, path);
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
                if m.value.as_object().is_some() || m.value.as_array().is_some() {
                    walk(&m.value, path, at, severity, out);
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Token::Index(i));
                walk(item, path, at, severity, out);
                path.pop();
            }
        }
        _ => {}
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
        check(&doc.root, &JsonPointer::root(), Severity::Warning, &mut out);
        let pointers: Vec<&str> = out.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/anyOf/0/b/c", "/anyOf/0/a", "/anyOf"]);
    }
}
