use schemalint_diagnostics::{Applicability, Fix};

use super::python_set;
use crate::engine::{Cx, Sub};
use crate::fix::{Layout, Piece};
use crate::fixes;
use crate::profile::KeywordStatus;
use crate::source::Node;

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
    let plan = plan(cx, sub, &names);
    let node = sub.node;
    let mut report = cx
        .report(&RULE, &sub.ptr(), span, format!("`$ref` has sibling keywords: {listed}"))
        .help("move annotations such as `description` into the referenced definition, or inline the definition in place of the `$ref`")
        .var("keywords", python_set(&names));
    for m in siblings {
        report = report.label(m.key_span, "sibling of `$ref`");
    }
    report.fix(|layout| plan?.fix(layout, node));
}

/// How a `$ref` with siblings is rewritten.
enum Plan<'d> {
    /// The target's keywords replace the `$ref` (the node's own keywords win), as
    /// openai-python's `to_strict_json_schema` does.
    Inline {
        at: usize,
        target: &'d Node,
        applicability: Applicability,
    },
    /// `{"anyOf": [{"$ref": …}], <annotations>}`: for a `$ref` inside its own target,
    /// which inlining would copy into itself forever.
    Wrap { at: usize },
}

fn plan<'r, 'c: 'r, 'd: 'r>(cx: &Cx<'c>, sub: &Sub<'d>, siblings: &[&str]) -> Option<Plan<'r>> {
    let members = sub.node.as_object()?;
    let at = members.iter().rposition(|m| &*m.key == "$ref")?;
    let fragment = members[at].value.as_str()?.strip_prefix('#')?;
    let target = super::resolve_in(cx, fragment)?;
    target.as_object()?;
    if fixes::within(sub.node.span, target.span) {
        let anyof_allowed = cx
            .profile
            .keyword("anyOf")
            .is_some_and(|s| s.status == KeywordStatus::Allowed);
        let annotations_only = siblings.iter().all(|k| fixes::ANNOTATIONS.contains(k));
        return (anyof_allowed && annotations_only).then_some(Plan::Wrap { at });
    }
    let applicability = fixes::merge_applicability(sub.node, at, target)?;
    Some(Plan::Inline {
        at,
        target,
        applicability,
    })
}

impl Plan<'_> {
    fn fix(&self, layout: &Layout<'_>, node: &Node) -> Option<Fix> {
        match *self {
            Plan::Inline {
                at,
                target,
                applicability,
            } => Some(Fix::new(
                "inline the referenced definition in place of `$ref` (its keywords, with this schema's own on top)",
                applicability,
                vec![fixes::merge_edit(layout, node, at, target)?],
            )),
            Plan::Wrap { at } => {
                let members = node.as_object()?;
                let wrapped = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let value = if i == at {
                            Piece::Array(vec![Piece::Object(vec![(
                                "$ref".into(),
                                layout.raw(&m.value),
                            )])])
                        } else {
                            layout.raw(&m.value)
                        };
                        let key = if i == at { "anyOf" } else { m.key.as_str() };
                        (key.into(), value)
                    })
                    .collect();
                Some(Fix::safe(
                    "wrap the `$ref` in a one-branch `anyOf` so the annotations may stay beside it",
                    vec![layout.replace(node, &Piece::Object(wrapped), layout.is_multiline(node))],
                ))
            }
        }
    }
}
