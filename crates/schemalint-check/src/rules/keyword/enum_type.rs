use crate::engine::{Cx, Sub};
use crate::source::{Node, Value};

declare_rule! {
    /// ## What it does
    /// Checks that every `enum` value and the `const` value match the schema's `type`
    /// (a value of type `integer` must be a whole number; `null` needs `"null"` in the
    /// type list).
    ///
    /// ## Why is this bad?
    /// A value outside the declared type can never be generated: the model follows the
    /// type, so the value is dead, or the provider rejects the mismatch. A common slip
    /// is `"type": "string"` with `"enum": ["a", null]` for an optional field.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"unit": {"type": "string", "enum": ["F", "C", null]}}, "required": ["unit"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"unit": {"type": ["string", "null"], "enum": ["F", "C", null]}}, "required": ["unit"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §1.3.7 (`enum values must be of the same type`).
    /// - Seed 002 (weather example: `"type": ["string", "null"]` with a string `enum`).
    pub(crate) static RULE = {
        id: "keyword/enum-type",
        severity: Error,
        summary: "An `enum` or `const` value does not match the schema's `type`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let enum_values = sub.get("enum").and_then(Node::as_array).unwrap_or_default();
    let constant = sub.get("const");
    if enum_values.is_empty() && constant.is_none() {
        return;
    }
    let types = sub.types();
    if types.is_empty() {
        return;
    }
    // (value, pointer tokens under the schema), checked before anything is formatted.
    let values = enum_values
        .iter()
        .enumerate()
        .map(|(i, n)| (n, Some(i)))
        .chain(constant.map(|n| (n, None)));
    for (node, index) in values {
        // Gemini's OpenAPI subset spells the types in capitals (`INTEGER`).
        if types
            .iter()
            .any(|t| matches_type(&node.value, &t.to_ascii_lowercase()))
        {
            continue;
        }
        let type_text = if types.len() == 1 {
            format!("'{}'", types[0])
        } else {
            format!("{:?}", types)
        };
        let (ptr, kind) = match index {
            Some(i) => (sub.ptr().join("enum").join(i), "`enum` value"),
            None => (sub.ptr().join("const"), "`const`"),
        };
        let shown = crate::engine::excerpt(&cx.doc.source.text()[node.span.start..node.span.end]);
        // OpenAI prints the value bare and the type as a Python dict:
        // `enum value 0 does not validate against {'type': ['integer', 'null']}`.
        let bare = match &node.value {
            Value::String(text) => text.to_string(),
            _ => shown.clone(),
        };
        let python_types = if types.len() == 1 {
            crate::engine::python_str(types[0])
        } else {
            let listed: Vec<String> = types.iter().map(|t| crate::engine::python_str(t)).collect();
            format!("[{}]", listed.join(", "))
        };
        cx.report(
            &RULE,
            &ptr,
            node.span,
            format!("{kind} {shown} is not of type {type_text}"),
        )
        .help(if matches!(node.value, Value::Null) {
            "add \"null\" to `type`, e.g. `\"type\": [\"string\", \"null\"]`".to_owned()
        } else {
            format!(
                "change the value or widen `type` to include {}",
                node.value.type_name()
            )
        })
        .var("value", shown)
        .var("value_bare", crate::engine::excerpt(&bare))
        .var("type_dict", format!("{{'type': {python_types}}}"))
        .var("type", type_text);
    }
}

fn matches_type(value: &Value, ty: &str) -> bool {
    match (value, ty) {
        (Value::Null, "null") | (Value::Bool(_), "boolean") | (Value::String(_), "string") => true,
        (Value::Number(_), "number") => true,
        (Value::Number(n), "integer") => is_integer_literal(n),
        (Value::Array(_), "array") | (Value::Object(_), "object") => true,
        _ => false,
    }
}

/// `1`, `-3`, `1.0`, `1e3` are integers in JSON Schema; `1.5` and `1e-1` are not.
fn is_integer_literal(n: &str) -> bool {
    let (mantissa, exponent) = match n.find(['e', 'E']) {
        Some(i) => (&n[..i], n[i + 1..].parse::<i64>().unwrap_or(0)),
        None => (n, 0),
    };
    let fraction = mantissa
        .split_once('.')
        .map_or("", |(_, f)| f)
        .trim_end_matches('0');
    i64::try_from(fraction.len()).is_ok_and(|len| len <= exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_literals_follow_json_schema() {
        for yes in ["1", "-3", "1.0", "1e3", "1.5e1", "0"] {
            assert!(is_integer_literal(yes), "{yes}");
        }
        for no in ["1.5", "1e-1", "0.1"] {
            assert!(!is_integer_literal(no), "{no}");
        }
    }
}
