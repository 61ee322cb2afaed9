use crate::engine::{Cx, Sub};
use crate::envelope::TargetKind;
use crate::source::Value;

declare_rule! {
    /// ## What it does
    /// Requires the root schema to be an object schema: `"type": "object"`.
    ///
    /// ## Why is this bad?
    /// Strict mode only generates JSON objects at the top level. A root of another
    /// type, or one without `type`, is rejected with
    /// `schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`
    ///
    /// ## Example
    /// ```json
    /// {"type": "array", "items": {"type": "string"}}
    /// ```
    ///
    /// ## Use instead
    /// Wrap the value in an object:
    /// ```json
    /// {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}, "required": ["items"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Root objects must not be anyOf and must be an object".
    /// - Seed 002 (OpenAI guide, zh): 根对象必须是对象且不能是 anyOf.
    pub(crate) static RULE = {
        id: "strict/root-type",
        severity: Error,
        summary: "The root schema is not `type: \"object\"`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if !sub.is_root() {
        return;
    }
    // A root union is `strict/root-combinator`'s finding; one finding per cause.
    let combinators: &[&str] = match cx.target.kind {
        TargetKind::Function => &super::root_combinator::FUNCTION_ROOT_KEYWORDS,
        TargetKind::ResponseFormat => &["anyOf"],
    };
    if sub.get("type").is_none() && combinators.iter().any(|k| sub.get(k).is_some()) {
        return;
    }
    let (found, span) = match sub.get("type") {
        None => ("None".to_owned(), sub.span()),
        Some(node) => match &node.value {
            Value::String(s) if &**s == "object" => return,
            Value::String(s) => (s.to_string(), node.span),
            Value::Array(items) if items.len() == 1 && items[0].as_str() == Some("object") => {
                return
            }
            _ => (
                cx.doc.source.text()[node.span.start..node.span.end].to_owned(),
                node.span,
            ),
        },
    };
    let message = if found == "None" {
        "the root schema has no `type`; it must be `\"type\": \"object\"`".to_owned()
    } else {
        format!("the root schema has type `{found}`; it must be `\"type\": \"object\"`")
    };
    cx.report(&RULE, &sub.ptr(), span, message)
        .help("make the root an object with `properties`, and move other values into a property")
        .var("found", found);
}

/// Reports a root that is not even a JSON object (`true`, `[]`, `"x"`).
pub(crate) fn check_non_object_root(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let found = match &sub.node.value {
        Value::Bool(b) => format!("{b}"),
        other => other.type_name().to_owned(),
    };
    cx.report(
        &RULE,
        &sub.ptr(),
        sub.span(),
        format!(
            "the schema is a JSON {} (`{found}`), not an object schema",
            sub.node.value.type_name()
        ),
    )
    .help("write the schema as a JSON object with `\"type\": \"object\"`")
    .var("found", "None");
}
