use crate::engine::Cx;
use crate::envelope::{Api, Request, Surface};
use crate::source::{JsonPointer, Node, Value};

declare_rule! {
    /// ## What it does
    /// Checks the parts of a request body schemalint reads: `messages` (or `input`,
    /// `contents`) of the right JSON type, `tools` an array of objects with names, a
    /// response format that is an object with a known `type`, a `json_schema` format
    /// that actually carries a schema, Gemini schema fields that are objects, Bedrock's
    /// `jsonSchema.schema` a JSON string (and that string a JSON document), a string
    /// `model`.
    ///
    /// ## Why is this bad?
    /// The API rejects a malformed request before it looks at the schema, with an error
    /// about the parameter; schemalint can only lint what it can find, so a misplaced
    /// schema would otherwise go unchecked.
    ///
    /// ## Example
    /// ```json
    /// {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}],
    ///  "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}],
    ///  "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
    ///   "schema": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}}}}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI API reference (Chat Completions `response_format`, `tools`; Responses `text.format`).
    /// - Anthropic Messages API reference (`output_config.format`, `tools`); Gemini `GenerationConfig`.
    /// - Bedrock API reference, `JsonSchemaDefinition` (`schema`: Type String).
    pub(crate) static RULE = {
        id: "request/malformed",
        severity: Error,
        summary: "A request part schemalint reads has the wrong shape (format, schema, tools, messages)",
    };
}

const FORMAT_TYPES: [&str; 3] = ["json_object", "json_schema", "text"];

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let mut problems: Vec<(JsonPointer, String, String)> = Vec::new();
    let root = &cx.doc.root;
    let get = |p: &JsonPointer| root.pointer(p.as_str());
    if let Some(model) = root.get("model").filter(|m| m.as_str().is_none()) {
        problems.push((
            JsonPointer::root().join("model"),
            format!(
                "`model` is a JSON {}; it must be a string",
                model.value.type_name()
            ),
            "write the model name as a string, e.g. \"gpt-4o\"".into(),
        ));
    }
    let conversation = match req.api {
        Api::ChatCompletions | Api::AnthropicMessages | Api::BedrockConverse => {
            Some(("messages", &["array"][..]))
        }
        Api::Responses => Some(("input", &["array", "string"][..])),
        Api::GeminiGenerateContent => Some(("contents", &["array"][..])),
        Api::DashScopeNative => None,
    };
    if let Some((key, types)) = conversation {
        if let Some(node) = root.get(key) {
            if !types.contains(&node.value.type_name()) {
                problems.push((
                    JsonPointer::root().join(key),
                    format!(
                        "`{key}` is a JSON {}; it must be {}",
                        node.value.type_name(),
                        types.join(" or ")
                    ),
                    format!("write `{key}` as a list of messages"),
                ));
            }
        }
    }
    if let Some(format) = &req.format {
        if let Some(node) = get(&format.pointer) {
            if !matches!(req.api, Api::GeminiGenerateContent) {
                if !node.is_object() {
                    problems.push((
                        format.pointer.clone(),
                        format!(
                            "`{}` is a JSON {}; it must be an object with a `type`",
                            format.param,
                            node.value.type_name()
                        ),
                        "write e.g. `{\"type\": \"json_object\"}`".into(),
                    ));
                } else if !FORMAT_TYPES.contains(&format.kind.as_str()) {
                    let shown = match node.get("type") {
                        None => "has no `type`".to_owned(),
                        Some(t) => format!("has `type` {}", short(t)),
                    };
                    problems.push((
                        format.pointer.join("type"),
                        format!(
                            "`{}` {shown}; expected one of {}",
                            format.param,
                            FORMAT_TYPES.join(", ")
                        ),
                        "use `json_schema` (with a schema) or `json_object`".into(),
                    ));
                }
            }
        }
    }
    // A json_schema wrapper without a schema.
    for target in req.targets.iter().filter(|t| t.schema.is_none()) {
        let (at, what) = match target.surface {
            Surface::ChatResponseFormat => (
                target.wrapper.join("json_schema"),
                "`json_schema` has no `schema`",
            ),
            // In Chat Completions this shape is `request/misplaced-field`.
            Surface::ResponsesTextFormat
                if req
                    .format
                    .as_ref()
                    .is_some_and(|f| f.param == "text.format") =>
            {
                (
                    target.wrapper.clone(),
                    "this `json_schema` format has no `schema`",
                )
            }
            _ => continue,
        };
        problems.push((
            at,
            what.to_owned(),
            "add the JSON Schema under `schema`".into(),
        ));
    }
    if req.api == Api::AnthropicMessages {
        if let Some(format) = &req.format {
            if let Some(node) = get(&format.pointer).filter(|n| n.is_object()) {
                // A `json_schema` wrapper is `request/misplaced-field`.
                if node.get("schema").is_none_or(|s| !s.is_object())
                    && node.get("json_schema").is_none()
                {
                    problems.push((
                        format.pointer.clone(),
                        "`output_config.format` has no schema object".into(),
                        "write `{\"type\": \"json_schema\", \"schema\": {…}}`".into(),
                    ));
                }
            }
        }
    }
    // Bedrock Converse takes the response schema as a JSON string, not an object.
    for target in req
        .targets
        .iter()
        .filter(|t| t.surface.schema_is_json_text())
    {
        let Some(at) = &target.schema else { continue };
        if let Some(node) = get(at).filter(|n| n.as_str().is_none()) {
            problems.push((
                at.clone(),
                format!(
                    "`jsonSchema.schema` is a JSON {}; Bedrock takes the schema as a JSON string",
                    node.value.type_name()
                ),
                "send the schema serialized: `\"schema\": json.dumps(schema)` (JSON.stringify in JavaScript)".into(),
            ));
        }
    }
    for p in [&req.gemini_schema, &req.gemini_json_schema]
        .into_iter()
        .flatten()
    {
        if let Some(node) = get(p).filter(|n| !n.is_object()) {
            let field = p.tokens().last().cloned().unwrap_or_default();
            problems.push((
                p.clone(),
                format!(
                    "`{field}` is a JSON {}; it must be a schema object",
                    node.value.type_name()
                ),
                "write the schema as a JSON object".into(),
            ));
        }
    }
    let tools_at = match req.api {
        Api::DashScopeNative => JsonPointer::root().join("parameters").join("tools"),
        Api::BedrockConverse => JsonPointer::root().join("toolConfig").join("tools"),
        _ => JsonPointer::root().join("tools"),
    };
    if let Some(tools) = get(&tools_at) {
        match &tools.value {
            Value::Array(items) => {
                for (i, tool) in items.iter().enumerate() {
                    let at = tools_at.join(i);
                    if !tool.is_object() {
                        problems.push((
                            at,
                            format!(
                                "tool {i} is a JSON {}; it must be an object",
                                tool.value.type_name()
                            ),
                            "write each tool as an object".into(),
                        ));
                        continue;
                    }
                    let holder = ["function", "toolSpec"]
                        .iter()
                        .find_map(|k| tool.get(k).filter(|f| f.is_object()))
                        .unwrap_or(tool);
                    let is_function = tool
                        .get("type")
                        .and_then(Node::as_str)
                        .is_none_or(|t| t == "function" || t == "custom")
                        // Bedrock's other tool entries (`cachePoint`) have no name.
                        && (req.api != Api::BedrockConverse || tool.get("toolSpec").is_some());
                    // Gemini tools hold `functionDeclarations`, not a name.
                    if is_function
                        && req.api != Api::GeminiGenerateContent
                        && holder.get("name").and_then(Node::as_str).is_none()
                        && tool.get("input_schema").is_some() == (req.api == Api::AnthropicMessages)
                    {
                        problems.push((
                            at,
                            format!("tool {i} has no `name`"),
                            "give every tool a name (letters, digits, `_`, `-`)".into(),
                        ));
                    }
                }
            }
            _ => problems.push((
                tools_at.clone(),
                format!(
                    "`tools` is a JSON {}; it must be an array",
                    tools.value.type_name()
                ),
                "write `tools` as a list of tool objects".into(),
            )),
        }
    }
    for (ptr, message, help) in problems {
        let span = super::key_span(cx, &ptr);
        cx.report(&RULE, &ptr, span, message).help(help);
    }
}

fn short(node: &Node) -> String {
    match &node.value {
        Value::String(s) => format!("`{s}`"),
        other => format!("a JSON {}", other.type_name()),
    }
}
