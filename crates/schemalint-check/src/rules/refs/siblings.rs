use crate::rules::{FixAvailability, FixCase, RuleFix};
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
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "when the `$ref` is not local, does not resolve, or a sibling and the definition set the same keyword to different values",
            cases: &[
                FixCase {
                    when: "the siblings and the definition agree (annotations, or keywords the definition lacks)",
                    applicability: Applicability::Safe,
                    profiles: &["openai"],
                    effect: "inlines the definition in place of the `$ref`, the sibling keywords on top, as openai-python's `to_strict_json_schema` does. In draft 2020-12 a `$ref` applies beside its siblings, so the valid outputs are the same.",
                    before: r##"{"type": "object", "properties": {"pet": {"$ref": "#/$defs/Pet", "description": "The pet"}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false}}}"##,
                    after: r##"{"type": "object", "properties": {"pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false, "description": "The pet"}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false}}}"##,
                },
                FixCase {
                    when: "the `$ref` sits inside its own definition (recursion) and its siblings are annotations",
                    applicability: Applicability::Safe,
                    profiles: &["openai"],
                    effect: "wraps the `$ref` in a one-branch `anyOf` so the annotations stay beside it; inlining would copy the definition into itself.",
                    before: r##"{"type": "object", "properties": {"root": {"$ref": "#/$defs/Node"}}, "required": ["root"], "additionalProperties": false, "$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node", "description": "The next node"}}, "required": ["next"], "additionalProperties": false}}}"##,
                    after: r##"{"type": "object", "properties": {"root": {"$ref": "#/$defs/Node"}}, "required": ["root"], "additionalProperties": false, "$defs": {"Node": {"type": "object", "properties": {"next": {"anyOf": [{"$ref": "#/$defs/Node"}], "description": "The next node"}}, "required": ["next"], "additionalProperties": false}}}"##,
                },
                FixCase {
                    when: "a sibling's meaning depends on the definition's keywords (`additionalProperties` beside a definition's `properties`)",
                    applicability: Applicability::Unsafe,
                    profiles: &["openai"],
                    effect: "inlines the definition; merged into one schema the sibling now sees the definition's properties, so outputs it rejected before may be valid.",
                    before: r##"{"type": "object", "properties": {"pet": {"$ref": "#/$defs/Pet", "additionalProperties": false}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}}"##,
                    after: r##"{"type": "object", "properties": {"pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}}"##,
                },
            ],
        },
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
