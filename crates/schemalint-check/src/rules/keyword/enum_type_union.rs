use crate::engine::{Cx, Sub};
use crate::source::{Node, Value};

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
    .var("declared", declared);
}
