//! `$ref` rules. One pass over a `$ref` node decides which of them applies.
pub(crate) mod external;
pub(crate) mod recursion;
pub(crate) mod siblings;
pub(crate) mod unresolved;
pub(crate) mod unsupported_target;

use crate::engine::{python_str, Cx, Sub};
use crate::source::Node;

/// Keywords that may stand next to `$ref`: none for the strictest reading; annotations
/// are reported too, because API rejections of `{'description'}` continue into 2026.
pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(member) = sub.member("$ref") else {
        return;
    };
    let ptr = sub.ptr().join("$ref");
    let Some(target) = member.value.as_str() else {
        return; // `schema/invalid-value` reports a non-string `$ref`.
    };
    siblings::check(cx, sub);
    if !target.starts_with('#') {
        cx.report(&external::RULE, &ptr, member.value.span, format!("`$ref` points outside the schema (`{target}`); only local references are supported"))
            .help("copy the referenced schema into `$defs` and point at `#/$defs/<name>`")
            .var("ref", target);
        return;
    }
    let fragment = &target[1..];
    let schema_root = cx.doc.root.pointer(cx.schema_ptr.as_str());
    let resolved = schema_root.and_then(|root| resolve(root, fragment));
    if resolved.is_none() {
        let known = definition_names(schema_root);
        let help = if known.is_empty() {
            "define the target under `$defs` at the schema root".to_owned()
        } else {
            format!("the root defines: {}", known.join(", "))
        };
        cx.report(
            &unresolved::RULE,
            &ptr,
            member.value.span,
            format!("`$ref` `{target}` does not resolve to anything in this schema"),
        )
        .help(help)
        .var("ref", target);
        return;
    }
    recursion::check(cx, sub, fragment);
    if !is_definition(fragment) {
        cx.report(
            &unsupported_target::RULE,
            &ptr,
            member.value.span,
            format!("`$ref` `{target}` points inside the schema, not at `#` or a root definition"),
        )
        .help("move the target into `$defs` at the root and reference `#/$defs/<name>`")
        .var("ref", target);
    }
}

/// Resolves a local reference's fragment (`/$defs/a`; empty: the root) in the schema `cx`
/// is checking.
pub(crate) fn resolve_in<'d>(cx: &Cx<'d>, fragment: &str) -> Option<&'d Node> {
    resolve(cx.doc.root.pointer(cx.schema_ptr.as_str())?, fragment)
}

/// Resolves a fragment (`/$defs/a`, or empty for the root) from the schema root.
fn resolve<'d>(root: &'d Node, fragment: &str) -> Option<&'d Node> {
    if fragment.is_empty() {
        return Some(root);
    }
    let decoded = percent_decode(fragment)?;
    root.pointer(&decoded)
}

/// `''` (the root) or `/$defs/<name>` / `/definitions/<name>` with nothing after the name.
fn is_definition(fragment: &str) -> bool {
    if fragment.is_empty() {
        return true;
    }
    ["/$defs/", "/definitions/"].iter().any(|prefix| {
        fragment
            .strip_prefix(prefix)
            .is_some_and(|name| !name.is_empty() && !name.contains('/'))
    })
}

fn definition_names(root: Option<&Node>) -> Vec<String> {
    let Some(root) = root else { return Vec::new() };
    ["$defs", "definitions"]
        .iter()
        .flat_map(|defs| {
            root.get(defs)
                .and_then(Node::as_object)
                .unwrap_or_default()
                .iter()
                .map(move |m| format!("`#/{defs}/{}`", m.key))
        })
        .take(10)
        .collect()
}

/// URI fragments may percent-encode characters (`%25` for `%`, `%22` for `"`).
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `{'description', 'title'}`: Python's set repr as the API prints it.
pub(crate) fn python_set(names: &[&str]) -> String {
    format!(
        "{{{}}}",
        names
            .iter()
            .map(|n| python_str(n))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_root_level_entries() {
        assert!(is_definition(""));
        assert!(is_definition("/$defs/step"));
        assert!(is_definition("/definitions/a"));
        assert!(!is_definition("/$defs/a/properties/b"));
        assert!(!is_definition("/properties/a"));
    }

    #[test]
    fn percent_decoding_handles_bad_escapes() {
        assert_eq!(percent_decode("/a%25b").as_deref(), Some("/a%b"));
        assert_eq!(percent_decode("/a%2"), None);
    }
}
