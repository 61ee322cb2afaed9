//! What is at a place in a document: the schema keyword under an editor's cursor.

use schemalint_diagnostics::Span;

use crate::engine::{for_each_child, Place, Sub};
use crate::envelope;
use crate::source::{Document, JsonPointer};

/// A member of a (sub)schema object: a keyword, or a key that should be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaKey {
    /// The key as written.
    pub key: String,
    /// The member's pointer (`/properties/name/minLength`).
    pub pointer: JsonPointer,
    pub key_span: Span,
    /// Whether the schema it belongs to is the root of a schema (not a subschema).
    pub at_root: bool,
    /// Whether the key is a JSON Schema keyword (drafts 4 to 2020-12).
    pub is_keyword: bool,
}

/// The schema member whose key contains byte `offset`, if the offset is on a key of a
/// schema object (property names under `properties` and values are not keys of a schema).
pub fn schema_key_at(doc: &Document, offset: usize) -> Option<SchemaKey> {
    let targets = match envelope::detect_request(&doc.root) {
        Some(request) => request.targets,
        None => envelope::detect(&doc.root),
    };
    let inside = |span: Span| span.start <= offset && offset < span.end;
    for target in targets {
        let Some(schema_ptr) = target.schema else {
            continue;
        };
        let Some(node) = doc.root.pointer(schema_ptr.as_str()) else {
            continue;
        };
        if !inside(node.span) {
            continue;
        }
        let mut sub = Sub::new(node, None, schema_ptr, 0, Place::Root);
        loop {
            let members = sub.node.as_object().unwrap_or_default();
            if let Some((i, m)) = members.iter().enumerate().find(|(_, m)| inside(m.key_span)) {
                return Some(SchemaKey {
                    key: m.key.to_string(),
                    pointer: sub.ptr().join(&*m.key),
                    key_span: m.key_span,
                    at_root: sub.is_root(),
                    is_keyword: sub.keyword_id(i).is_some(),
                });
            }
            let mut next = None;
            for_each_child(&sub, &|_| false, &mut |child| {
                if next.is_none() && inside(child.node.span) {
                    next = Some(child);
                }
            });
            sub = next?;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_at(text: &str, marker: &str) -> Option<SchemaKey> {
        let doc = crate::source::parse("t.json", text)
            .map_err(|(_, e)| e)
            .unwrap();
        schema_key_at(&doc, text.find(marker).unwrap() + 1)
    }

    #[test]
    fn finds_keywords_of_nested_subschemas_but_not_property_names() {
        let text = r#"{"type": "object", "properties": {"minLength": {"type": "string", "minLength": 2}}}"#;
        let top = key_at(text, r#""type""#).unwrap();
        assert_eq!((top.key.as_str(), top.at_root), ("type", true));
        // The first `"minLength"` is a property name, the second a keyword.
        assert_eq!(key_at(text, r#""minLength": {"#), None);
        let nested = key_at(text, r#""minLength": 2"#).unwrap();
        assert_eq!(nested.pointer.as_str(), "/properties/minLength/minLength");
        assert!(nested.is_keyword && !nested.at_root);
        assert_eq!(key_at(text, r#""string""#), None, "a value is not a key");
    }

    #[test]
    fn follows_wrappers_and_reports_unknown_keys() {
        let text = r#"{"name": "n", "strict": true, "schema": {"type": "object", "x-note": 1}}"#;
        assert_eq!(
            key_at(text, r#""name""#),
            None,
            "wrapper keys are not schema keys"
        );
        let unknown = key_at(text, r#""x-note""#).unwrap();
        assert_eq!(unknown.pointer.as_str(), "/schema/x-note");
        assert!(!unknown.is_keyword && unknown.at_root);
    }
}
