use crate::rules::{FixAvailability, FixCase, RuleFix};
use schemalint_diagnostics::Applicability;
use schemalint_diagnostics::Fix;

use crate::engine::{Cx, Sub};
use crate::fix::{Layout, Piece};
use crate::fixes;
use crate::source::{Member, Node, Value};

declare_rule! {
    /// ## What it does
    /// Flags an `enum` next to a `type` array (`"type": ["string", "null"]`), the shape
    /// Pydantic emits for `Optional[SomeEnum]` and Zod for `.catch()`/`.nullable()` enums.
    ///
    /// ## Why is this bad?
    /// Anthropic checks every enum value against the declared type and does not accept a
    /// type list there, even when `null` is among the values:
    /// `output_config.format.schema: Invalid schema: Enum value 'low' does not match
    /// declared type '['string', 'null']'`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"confidence": {"type": ["string", "null"], "enum": ["low", "high", null]}},
    ///  "required": ["confidence"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// One branch per type: the enum with a single type, and `null` on its own.
    /// ```json
    /// {"type": "object", "properties": {"confidence": {"anyOf": [{"type": "string", "enum": ["low", "high"]}, {"type": "null"}]}},
    ///  "required": ["confidence"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - BerriAI/litellm#37881 and openstory-so/openstory#1410 (the verbatim 400, 2026).
    pub(crate) static RULE = {
        id: "keyword/enum-type-union",
        severity: Error,
        summary: "An `enum` together with a `type` array (`[\"string\", \"null\"]`)",
        fix: RuleFix {
            availability: FixAvailability::Always,
            unavailable: "",
            cases: &[
                FixCase {
                    when: "an `enum` next to a `type` array",
                    applicability: Applicability::Safe,
                    profiles: &["anthropic"],
                    effect: "splits the schema into an `anyOf` with one branch per type, each with that type's enum values (and `{\"type\": \"null\"}` when `null` is a value); annotations stay outside. The same values are valid.",
                    before: r##"{"type": "object", "properties": {"confidence": {"type": ["string", "null"], "enum": ["low", "high", null], "description": "How sure"}}, "required": ["confidence"], "additionalProperties": false}"##,
                    after: r##"{"type": "object", "properties": {"confidence": {"anyOf": [{"type": "string", "enum": ["low", "high"]}, {"type": "null"}], "description": "How sure"}}, "required": ["confidence"], "additionalProperties": false}"##,
                },
            ],
        },
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(values) = sub.get("enum").and_then(Node::as_array) else {
        return;
    };
    let Some(Value::Array(types)) = sub.get("type").map(|t| &t.value) else {
        return;
    };
    if types.len() < 2 {
        return;
    }
    let names: Vec<&str> = types.iter().filter_map(Node::as_str).collect();
    let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
    let first = values
        .iter()
        .find(|v| !matches!(v.value, Value::Null))
        .map(|v| match &v.value {
            Value::String(s) => crate::engine::python_str(s),
            _ => cx.doc.source.text()[v.span.start..v.span.end].to_owned(),
        })
        .unwrap_or_else(|| "None".to_owned());
    let branch_type = match non_null.as_slice() {
        [one] => format!("\"type\": \"{one}\", "),
        _ => String::new(),
    };
    let help = if names.contains(&"null") {
        format!(
            "split it: `\"anyOf\": [{{{branch_type}\"enum\": [… without null]}}, {{\"type\": \"null\"}}]`"
        )
    } else {
        "split it into an `anyOf` with one branch per type, each with the enum values of that type"
            .to_owned()
    };
    let declared = format!(
        "[{}]",
        names
            .iter()
            .map(|n| crate::engine::python_str(n))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let node = sub.node;
    cx.report(
        &RULE,
        &sub.ptr().join("type"),
        sub.key_span("type"),
        format!(
            "`enum` with the type list `{}`: the provider checks enum values against a single declared type",
            names.join("`, `")
        ),
    )
    .help(help)
    .var("value", first)
    .var("declared", declared)
    .fix(|layout| split(layout, node));
}

/// Whether an enum value is an instance of the type `name`.
fn has_type(value: &Value, name: &str) -> bool {
    match (value, name.to_ascii_lowercase().as_str()) {
        (Value::String(_), "string") | (Value::Bool(_), "boolean") | (Value::Null, "null") => true,
        (Value::Array(_), "array") | (Value::Object(_), "object") => true,
        (Value::Number(_), "number") => true,
        (Value::Number(n), "integer") => n.parse::<f64>().is_ok_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

/// The schema as one branch per type, each with the enum values of that type (each value
/// in the first type it fits) and the schema's other constraints; annotations stay
/// outside. Exact: the same values are valid.
fn split(layout: &Layout<'_>, node: &Node) -> Option<Fix> {
    let members = node.as_object()?;
    let types: Vec<&str> = match &node.get("type")?.value {
        Value::Array(items) => items.iter().filter_map(Node::as_str).collect(),
        _ => return None,
    };
    let values = node.get("enum")?.as_array()?;
    let inner: Vec<&Member> = members
        .iter()
        .filter(|m| !matches!(&*m.key, "type" | "enum") && !fixes::ANNOTATIONS.contains(&&*m.key))
        .collect();
    let mut branches = Vec::new();
    for (t, name) in types.iter().enumerate() {
        let of_type: Vec<Piece<'_>> = values
            .iter()
            .filter(|v| types.iter().position(|n| has_type(&v.value, n)) == Some(t))
            .map(|v| layout.raw(v))
            .collect();
        if of_type.is_empty() {
            continue;
        }
        let mut branch = vec![("type".into(), Piece::str(name))];
        if !name.eq_ignore_ascii_case("null") {
            branch.push(("enum".into(), Piece::Array(of_type)));
            branch.extend(
                inner
                    .iter()
                    .map(|m| (m.key.as_str().into(), layout.raw(&m.value))),
            );
        }
        branches.push(branch);
    }
    let mut out: Vec<(std::borrow::Cow<'_, str>, Piece<'_>)> = Vec::new();
    let single = branches.len() == 1;
    let mut branches = branches.into_iter();
    for m in members {
        match &*m.key {
            "type" if single => out.extend(branches.next()?),
            "type" => out.push((
                "anyOf".into(),
                Piece::Array(branches.by_ref().map(Piece::Object).collect()),
            )),
            key if fixes::ANNOTATIONS.contains(&key) => {
                out.push((key.into(), layout.raw(&m.value)))
            }
            _ => {}
        }
    }
    if out.is_empty() {
        return None;
    }
    Some(Fix::safe(
        "split it into an `anyOf` with one branch per type (the same values stay valid)",
        vec![layout.replace(node, &Piece::Object(out), layout.is_multiline(node))],
    ))
}
