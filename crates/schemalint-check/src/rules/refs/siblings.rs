use super::python_set;
use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Flags any keyword next to `$ref` and names them: `description`, `title`,
    /// `default`, `type`, `nullable`…
    ///
    /// ## Why is this bad?
    /// The API answers `context=('properties', 'pet'), $ref cannot have keywords {'description'}.`
    /// Pydantic emits exactly this for a field with a description whose type is a model.
    /// Some SDKs now accept annotation siblings, but rejections were still reported in
    /// 2026, so every sibling is flagged.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"pet": {"$ref": "#/$defs/pet", "description": "The pet"}}, "required": ["pet"], "additionalProperties": false,
    ///  "$defs": {"pet": {"type": "string"}}}
    /// ```
    ///
    /// ## Use instead
    /// Move the annotation into the definition, or inline the definition:
    /// ```json
    /// {"type": "object", "properties": {"pet": {"$ref": "#/$defs/pet"}}, "required": ["pet"], "additionalProperties": false,
    ///  "$defs": {"pet": {"type": "string", "description": "The pet"}}}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §1.3.6 (verbatim message, rows D1–D4; defog-ai/defog#244).
    pub(crate) static RULE = {
        id: "ref/siblings",
        severity: Error,
        summary: "A `$ref` has sibling keywords",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(members) = sub.node.as_object() else {
        return;
    };
    // At the root, `$defs` and friends legitimately sit next to a `$ref: "#/$defs/…"`.
    let root_only = ["$defs", "definitions", "$schema", "$id"];
    let siblings: Vec<_> = members
        .iter()
        .filter(|m| &*m.key != "$ref" && !(sub.is_root() && root_only.contains(&&*m.key)))
        .collect();
    if siblings.is_empty() {
        return;
    }
    let names: Vec<&str> = siblings.iter().map(|m| &*m.key).collect();
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let span = sub.key_span("$ref");
    let mut report = cx
        .report(&RULE, &sub.ptr(), span, format!("`$ref` has sibling keywords: {listed}"))
        .help("move annotations such as `description` into the referenced definition, or inline the definition in place of the `$ref`")
        .var("keywords", python_set(&names));
    for m in siblings {
        report = report.label(m.key_span, "sibling of `$ref`");
    }
}
