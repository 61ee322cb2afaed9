use schemalint_diagnostics::{Applicability, Fix};

use crate::engine::{Cx, Place, Sub};
use crate::fix::{self, Piece};
use crate::rules::{FixAvailability, FixCase, RuleFix};
use crate::source::{Node, Value};

declare_rule! {
    /// ## What it does
    /// Requires every subschema to say what it is: a `type`, or an `anyOf` or `$ref`
    /// node. Schemas that only carry `const`, `enum`, `description`, or nothing (`{}`,
    /// `true`) are flagged.
    ///
    /// ## Why is this bad?
    /// The API answers `schema must have a 'type' key.` — it will not guess the type
    /// from `const` or `enum`, and cannot generate "any value".
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"kind": {"const": "circle"}}, "required": ["kind"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"kind": {"type": "string", "const": "circle"}}, "required": ["kind"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §1.3.4 (`schema must have a 'type' key`, observed for const-only, description-only and `{}` schemas).
    /// - openai-java `JsonSchemaValidator` ("Expected exactly one of 'type' or 'anyOf' or '$ref'").
    pub(crate) static RULE = {
        id: "strict/missing-type",
        severity: Error,
        summary: "A subschema has no `type` (and is not an `anyOf` or `$ref` node)",
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "when neither `const` nor `enum` determines the type (`{}`, `true`, a \
                          schema with only a `description`, an `enum` of mixed types): choose the \
                          `type` by hand",
            cases: &[
                FixCase {
                    when: "`const` or `enum` values are all of one JSON type",
                    applicability: Applicability::Safe,
                    profiles: &[],
                    effect: "adds that `type` first in the schema (`integer` when every number is \
                             written as an integer). The values already pin what the model may \
                             write, and the type admits them all.",
                    before: r#"{"type": "object", "properties": {"kind": {"const": "circle"}, "sides": {"enum": [3, 4]}}, "required": ["kind", "sides"], "additionalProperties": false}"#,
                    after: r#"{"type": "object", "properties": {"kind": {"type": "string", "const": "circle"}, "sides": {"type": "integer", "enum": [3, 4]}}, "required": ["kind", "sides"], "additionalProperties": false}"#,
                },
                FixCase {
                    when: "the `enum` values are of one type and `null`",
                    applicability: Applicability::Safe,
                    profiles: &[],
                    effect: "adds a type array with `null` last, where the profile accepts type arrays.",
                    before: r#"{"type": "object", "properties": {"unit": {"enum": ["C", "F", null]}}, "required": ["unit"], "additionalProperties": false}"#,
                    after: r#"{"type": "object", "properties": {"unit": {"type": ["string", "null"], "enum": ["C", "F", null]}}, "required": ["unit"], "additionalProperties": false}"#,
                },
            ],
        },
    };
}

/// Keywords that make a node a union or reference rather than a typed schema; other
/// combinators are reported as unsupported keywords, so their nodes are not flagged twice.
const TYPELESS_NODES: [&str; 5] = ["anyOf", "$ref", "oneOf", "allOf", "not"];

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if sub.is_root()
        || sub.get("type").is_some()
        || TYPELESS_NODES.iter().any(|k| sub.get(k).is_some())
    {
        return;
    }
    let what = if sub.node.as_object().is_some_and(|m| m.is_empty()) {
        "an empty schema `{}`".to_owned()
    } else {
        "a subschema without `type`".to_owned()
    };
    let hint = match (sub.get("const"), sub.get("enum")) {
        (Some(v), _) => format!(
            "add `\"type\": \"{}\"` next to `const`",
            json_type(&v.value)
        ),
        (None, Some(e)) => match e.as_array().and_then(|a| a.first()) {
            Some(first) => format!(
                "add `\"type\": \"{}\"` next to `enum`",
                json_type(&first.value)
            ),
            None => "add a `type`".to_owned(),
        },
        _ => "add a `type` (string, number, integer, boolean, object, array or null)".to_owned(),
    };
    let derived = derived_type(sub, cx.profile.type_arrays);
    let node = sub.node;
    cx.report(
        &RULE,
        &sub.ptr(),
        sub.span(),
        format!("{what}; strict mode needs a `type` on every subschema"),
    )
    .help(hint)
    .fix(|layout| {
        let types = derived?;
        let (shown, piece) = match types.as_slice() {
            [one] => (format!("\"{one}\""), Piece::str(one)),
            many => (
                format!("{many:?}"),
                Piece::Array(many.iter().map(|t| Piece::str(t)).collect()),
            ),
        };
        // `const`/`enum` already pin the values: the type they imply admits them all.
        Some(Fix::safe(
            format!("add `\"type\": {shown}` (what `const`/`enum` already imply)"),
            vec![layout.insert_member(node, "type", &piece, fix::Place::First)],
        ))
    });
}

/// The `type` that `const` or `enum` determine: the one JSON type of their values
/// (`integer` when every number is written as an integer), or that type and `null` when
/// `type_arrays` allows it.
pub(crate) fn derived_type(sub: &Sub<'_>, type_arrays: bool) -> Option<Vec<&'static str>> {
    let values: Vec<&Node> = match (sub.get("const"), sub.get("enum")) {
        (Some(c), _) => vec![c],
        (None, Some(e)) => e.as_array()?.iter().collect(),
        _ => return None,
    };
    let mut types: Vec<&'static str> = Vec::new();
    for v in values {
        let t = json_type(&v.value);
        if !types.contains(&t) {
            types.push(t);
        }
    }
    if types.contains(&"integer") && types.contains(&"number") {
        types.retain(|t| *t != "integer");
    }
    match types.as_slice() {
        [_] => Some(types),
        [_, _] if type_arrays && types.contains(&"null") => {
            types.sort_by_key(|t| *t == "null");
            Some(types)
        }
        _ => None,
    }
}

/// A boolean (or otherwise non-object) subschema: `true` means "anything", which has no type.
pub(crate) fn check_non_object(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if sub.is_root() {
        super::root_type::check_non_object_root(cx, sub);
        return;
    }
    if sub.place == Place::Other {
        return;
    }
    let shown = match &sub.node.value {
        Value::Bool(b) => format!("`{b}`"),
        other => format!("a JSON {}", other.type_name()),
    };
    cx.report(
        &RULE,
        &sub.ptr(),
        sub.span(),
        format!("the subschema is {shown}; strict mode needs an object schema with a `type`"),
    )
    .help("replace it with a typed schema such as `{\"type\": \"string\"}`");
}

pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Number(n) if !n.contains(['.', 'e', 'E']) => "integer",
        other => other.type_name(),
    }
}
