//! Input shapes: where the schemas are in a file, what they are called, and how the
//! provider would refer to them.
//!
//! A file may be a bare schema, a `json_schema` object, a Chat Completions
//! `response_format`, a Responses API `text.format`, a Chat or Responses function tool,
//! or a JSON array of these. Pointers always stay relative to the file's root.

use crate::source::{JsonPointer, Node};

/// How the provider treats a schema: as a response format or as function parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    ResponseFormat,
    Function,
}

/// The wrapper a schema was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// The file is the schema itself.
    BareSchema,
    /// `{"name", "schema", "strict"}` (the inner `json_schema` object).
    JsonSchemaObject,
    /// Chat Completions `{"type": "json_schema", "json_schema": {…}}`.
    ChatResponseFormat,
    /// Responses API `text.format`: `{"type": "json_schema", "name", "schema", "strict"}`.
    ResponsesTextFormat,
    /// Chat Completions tool: `{"type": "function", "function": {"name", "parameters", "strict"}}`.
    ChatTool,
    /// Responses API tool: `{"type": "function", "name", "parameters", "strict"}`.
    ResponsesTool,
    /// A bare function definition: `{"name", "parameters", …}`.
    FunctionDefinition,
}

impl Surface {
    pub fn describe(self) -> &'static str {
        match self {
            Surface::BareSchema => "bare JSON Schema",
            Surface::JsonSchemaObject => "json_schema object",
            Surface::ChatResponseFormat => "Chat Completions response_format",
            Surface::ResponsesTextFormat => "Responses API text.format",
            Surface::ChatTool => "Chat Completions function tool",
            Surface::ResponsesTool => "Responses API function tool",
            Surface::FunctionDefinition => "function definition",
        }
    }

    /// The request parameter path the provider names in errors about the name.
    pub fn name_param(self, index: Option<usize>) -> String {
        let tool = |rest: &str| match index {
            Some(i) => format!("tools[{i}]{rest}"),
            None => format!("tools[0]{rest}"),
        };
        match self {
            Surface::BareSchema | Surface::JsonSchemaObject | Surface::ChatResponseFormat => {
                "response_format.json_schema.name".to_owned()
            }
            Surface::ResponsesTextFormat => "text.format.name".to_owned(),
            Surface::ChatTool | Surface::FunctionDefinition => tool(".function.name"),
            Surface::ResponsesTool => tool(".name"),
        }
    }
}

/// A schema name or function name and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    pub value: String,
    pub pointer: JsonPointer,
}

/// One schema found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    pub surface: Surface,
    /// Where the wrapper starts (the file root for a bare schema).
    pub wrapper: JsonPointer,
    /// The schema; `None` for a function without `parameters`.
    pub schema: Option<JsonPointer>,
    pub name: Option<NameRef>,
    /// The `strict` flag, when the wrapper has one.
    pub strict: Option<bool>,
    /// Index in a top-level array, for the provider's `tools[i]` paths.
    pub index: Option<usize>,
}

/// Finds the schemas in a document.
pub fn detect(root: &Node) -> Vec<Target> {
    match root.as_array() {
        Some(items)
            if !items.is_empty()
                && items
                    .iter()
                    .all(|n| detect_wrapper(n, &JsonPointer::root(), None).is_some()) =>
        {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| detect_wrapper(n, &JsonPointer::root().join(i), Some(i)))
                .collect()
        }
        _ => vec![detect_wrapper(root, &JsonPointer::root(), None)
            .unwrap_or_else(|| bare(JsonPointer::root(), None))],
    }
}

fn bare(at: JsonPointer, index: Option<usize>) -> Target {
    Target {
        kind: TargetKind::ResponseFormat,
        surface: Surface::BareSchema,
        wrapper: at.clone(),
        schema: Some(at),
        name: None,
        strict: None,
        index,
    }
}

/// Recognises a wrapper object at `at`; `None` when `node` is not one (a bare schema).
fn detect_wrapper(node: &Node, at: &JsonPointer, index: Option<usize>) -> Option<Target> {
    node.as_object()?;
    let str_of = |n: &Node, k: &str| n.get(k).and_then(Node::as_str).map(str::to_owned);
    let name_at = |n: &Node, base: &JsonPointer| {
        str_of(n, "name").map(|value| NameRef {
            value,
            pointer: base.join("name"),
        })
    };
    let strict_of = |n: &Node| n.get("strict").and_then(Node::as_bool);
    let target =
        |kind, surface, schema: Option<JsonPointer>, holder: &Node, holder_at: &JsonPointer| {
            Target {
                kind,
                surface,
                wrapper: at.clone(),
                schema,
                name: name_at(holder, holder_at),
                strict: strict_of(holder),
                index,
            }
        };
    let ty = node.get("type").and_then(Node::as_str);
    match ty {
        Some("json_schema") => {
            if let Some(inner) = node.get("json_schema").filter(|n| n.is_object()) {
                let inner_at = at.join("json_schema");
                let schema = inner.get("schema").map(|_| inner_at.join("schema"));
                return Some(target(
                    TargetKind::ResponseFormat,
                    Surface::ChatResponseFormat,
                    schema,
                    inner,
                    &inner_at,
                ));
            }
            let schema = node.get("schema").map(|_| at.join("schema"));
            Some(target(
                TargetKind::ResponseFormat,
                Surface::ResponsesTextFormat,
                schema,
                node,
                at,
            ))
        }
        Some("function") => {
            if let Some(function) = node.get("function").filter(|n| n.is_object()) {
                let fn_at = at.join("function");
                let schema = function.get("parameters").map(|_| fn_at.join("parameters"));
                return Some(target(
                    TargetKind::Function,
                    Surface::ChatTool,
                    schema,
                    function,
                    &fn_at,
                ));
            }
            let schema = node.get("parameters").map(|_| at.join("parameters"));
            Some(target(
                TargetKind::Function,
                Surface::ResponsesTool,
                schema,
                node,
                at,
            ))
        }
        // A string `type` that is a JSON Schema type means a bare schema.
        _ => {
            let has_name = node.get("name").and_then(Node::as_str).is_some();
            if has_name
                && node.get("schema").is_some_and(Node::is_object)
                && node.get("properties").is_none()
            {
                let schema = Some(at.join("schema"));
                return Some(target(
                    TargetKind::ResponseFormat,
                    Surface::JsonSchemaObject,
                    schema,
                    node,
                    at,
                ));
            }
            if has_name
                && node.get("parameters").is_some_and(Node::is_object)
                && node.get("properties").is_none()
            {
                let schema = Some(at.join("parameters"));
                return Some(target(
                    TargetKind::Function,
                    Surface::FunctionDefinition,
                    schema,
                    node,
                    at,
                ));
            }
            None
        }
    }
}

/// The schema of a document in any accepted shape, with its pointer: the first one found.
/// Used by `schemalint validate --schema`, which takes one schema.
pub fn extract_schema(value: &serde_json::Value) -> Option<(serde_json::Value, String)> {
    let doc = crate::source::from_json_value("<schema>", value);
    let target = detect(&doc.root).into_iter().find(|t| t.schema.is_some())?;
    let pointer = target.schema?;
    let schema = value.pointer(pointer.as_str())?.clone();
    Some((schema, pointer.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse;

    fn targets(text: &str) -> Vec<Target> {
        detect(&parse("t", text).map_err(|(_, e)| e).unwrap().root)
    }

    #[test]
    fn recognises_every_shape() {
        let cases = [
            (
                r#"{"type":"object","properties":{}}"#,
                Surface::BareSchema,
                "",
            ),
            (
                r#"{"name":"x","schema":{"type":"object"},"strict":true}"#,
                Surface::JsonSchemaObject,
                "/schema",
            ),
            (
                r#"{"type":"json_schema","json_schema":{"name":"x","schema":{}}}"#,
                Surface::ChatResponseFormat,
                "/json_schema/schema",
            ),
            (
                r#"{"type":"json_schema","name":"x","schema":{}}"#,
                Surface::ResponsesTextFormat,
                "/schema",
            ),
            (
                r#"{"type":"function","function":{"name":"f","parameters":{}}}"#,
                Surface::ChatTool,
                "/function/parameters",
            ),
            (
                r#"{"type":"function","name":"f","parameters":{}}"#,
                Surface::ResponsesTool,
                "/parameters",
            ),
        ];
        for (text, surface, pointer) in cases {
            let t = &targets(text)[0];
            assert_eq!(t.surface, surface, "{text}");
            assert_eq!(t.schema.as_ref().unwrap().as_str(), pointer, "{text}");
        }
    }

    #[test]
    fn arrays_of_wrappers_are_split_and_indexed() {
        let t = targets(
            r#"[{"type":"function","name":"a","parameters":{}},{"type":"function","function":{"name":"b"}}]"#,
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].schema.as_ref().unwrap().as_str(), "/0/parameters");
        assert_eq!(t[1].schema, None);
        assert_eq!(t[1].name.as_ref().unwrap().value, "b");
        assert_eq!(t[1].index, Some(1));
    }

    #[test]
    fn a_schema_with_a_property_called_schema_stays_bare() {
        let t = targets(r#"{"type":"object","name":"x","properties":{"schema":{}}}"#);
        assert_eq!(t[0].surface, Surface::BareSchema);
    }
}
