//! Input shapes: where the schemas are in a file, what they are called, and how the
//! provider would refer to them.
//!
//! A file may be a bare schema, a `json_schema` object, a Chat Completions
//! `response_format`, a Responses API `text.format`, a Chat or Responses function tool,
//! a JSON array of these, or a whole request body ([`detect_request`]): OpenAI/Azure Chat
//! Completions and Responses, DashScope compatible-mode and native, Anthropic Messages,
//! Gemini `generateContent`, Bedrock `Converse` (whose response schema is a JSON string).
//! Pointers always stay relative to the file's root.

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
    /// Anthropic Messages `output_config.format` (or the beta `output_format`).
    AnthropicOutputFormat,
    /// Anthropic Messages tool: `{"name", "input_schema", "strict"}`.
    AnthropicTool,
    /// Gemini `generationConfig.responseSchema` (OpenAPI subset).
    GeminiResponseSchema,
    /// Gemini `generationConfig.responseJsonSchema` (JSON Schema).
    GeminiResponseJsonSchema,
    /// Gemini `tools[].functionDeclarations[].parameters` (the OpenAPI subset).
    GeminiFunctionParameters,
    /// Gemini `tools[].functionDeclarations[].parametersJsonSchema` (JSON Schema).
    GeminiFunctionJsonSchema,
    /// Bedrock Converse `outputConfig.textFormat`: the schema is a JSON *string* at
    /// `structure.jsonSchema.schema`.
    BedrockTextFormat,
    /// Bedrock Converse tool: `toolConfig.tools[].toolSpec` with `inputSchema.json`.
    BedrockTool,
    /// The request body itself (request-level findings).
    Request,
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
            Surface::AnthropicOutputFormat => "Anthropic output_config.format",
            Surface::AnthropicTool => "Anthropic tool",
            Surface::GeminiResponseSchema => "Gemini generationConfig.responseSchema",
            Surface::GeminiResponseJsonSchema => "Gemini generationConfig.responseJsonSchema",
            Surface::GeminiFunctionParameters => "Gemini functionDeclarations[].parameters",
            Surface::GeminiFunctionJsonSchema => {
                "Gemini functionDeclarations[].parametersJsonSchema"
            }
            Surface::BedrockTextFormat => "Bedrock Converse outputConfig.textFormat",
            Surface::BedrockTool => "Bedrock Converse toolSpec",
            Surface::Request => "request body",
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
            Surface::ResponsesTool | Surface::AnthropicTool => tool(".name"),
            Surface::AnthropicOutputFormat
            | Surface::GeminiResponseSchema
            | Surface::GeminiResponseJsonSchema
            | Surface::GeminiFunctionParameters
            | Surface::GeminiFunctionJsonSchema
            | Surface::BedrockTextFormat
            | Surface::Request => String::new(),
            Surface::BedrockTool => match index {
                Some(i) => format!("toolConfig.tools[{i}].toolSpec.name"),
                None => "toolConfig.tools[0].toolSpec.name".to_owned(),
            },
        }
    }

    /// Whether the schema is sent as a JSON string to be parsed (Bedrock's
    /// `jsonSchema.schema`), not as a JSON object.
    pub fn schema_is_json_text(self) -> bool {
        self == Surface::BedrockTextFormat
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

/// The API a request body is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// OpenAI (and Azure, DashScope compatible-mode) Chat Completions.
    ChatCompletions,
    /// OpenAI (and Azure) Responses API.
    Responses,
    /// DashScope native `{"model", "input": {"messages"}, "parameters": {…}}`.
    DashScopeNative,
    /// Anthropic Messages.
    AnthropicMessages,
    /// Gemini `generateContent`.
    GeminiGenerateContent,
    /// Amazon Bedrock `Converse` / `ConverseStream`.
    BedrockConverse,
}

impl Api {
    pub fn describe(self) -> &'static str {
        match self {
            Api::ChatCompletions => "Chat Completions request",
            Api::Responses => "Responses API request",
            Api::DashScopeNative => "DashScope native request",
            Api::AnthropicMessages => "Anthropic Messages request",
            Api::GeminiGenerateContent => "Gemini generateContent request",
            Api::BedrockConverse => "Bedrock Converse request",
        }
    }
}

/// A response format in a request: its `type` and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatRef {
    /// `json_object`, `json_schema`, `text`, … (for Gemini: `json_schema` when a schema
    /// field is set, `json_object` for a bare `application/json` MIME type).
    pub kind: String,
    pub pointer: JsonPointer,
    /// The request parameter, as the provider names it (`response_format`, `text.format`).
    pub param: &'static str,
}

/// A whole request body and the request-level facts the rules need; every pointer is
/// into the request file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub api: Api,
    pub model: Option<(String, JsonPointer)>,
    pub format: Option<FormatRef>,
    /// Where the conversation is (`/messages`, `/input`, `/input/messages`, `/contents`,
    /// and Anthropic's `system`); Responses `instructions` is not searched for "json".
    pub messages: Vec<JsonPointer>,
    /// The name the provider uses for the messages parameter in errors.
    pub messages_param: &'static str,
    /// `parallel_tool_calls`, when present.
    pub parallel_tool_calls: Option<JsonPointer>,
    /// An output-token cap (`max_tokens`, `max_completion_tokens`, `max_output_tokens`,
    /// `maxOutputTokens`) and its name.
    pub output_cap: Option<(String, JsonPointer)>,
    /// DashScope `enable_thinking` (top level, `parameters.` or `extra_body.`).
    pub enable_thinking: Option<JsonPointer>,
    /// Gemini: `responseSchema`, `responseJsonSchema`, `responseMimeType`, and the
    /// `generationConfig` object.
    pub gemini_schema: Option<JsonPointer>,
    pub gemini_json_schema: Option<JsonPointer>,
    pub gemini_mime_type: Option<JsonPointer>,
    pub generation_config: Option<JsonPointer>,
    /// Anthropic tools without `strict: true` (linted with the non-strict rules only).
    pub non_strict_tools: usize,
    /// The schemas in the request.
    pub targets: Vec<Target>,
}

impl Request {
    /// Adds tool `i` whose definition `holder` (at `at`) carries `name` and `strict`
    /// beside its schema (Anthropic's tools, Bedrock's `toolSpec`); a tool without
    /// `strict: true` is counted, to be linted with the non-strict rules only.
    fn push_tool(
        &mut self,
        surface: Surface,
        holder: &Node,
        at: JsonPointer,
        schema: JsonPointer,
        i: usize,
    ) {
        let strict = holder.get("strict").and_then(Node::as_bool);
        if strict != Some(true) {
            self.non_strict_tools += 1;
        }
        self.targets.push(Target {
            kind: TargetKind::Function,
            surface,
            name: holder.get("name").and_then(Node::as_str).map(|n| NameRef {
                value: n.to_owned(),
                pointer: at.join("name"),
            }),
            wrapper: at,
            schema: Some(schema),
            strict,
            index: Some(i),
        });
    }

    /// The API shape id that profiles' `[detect]` tables use.
    pub fn api_id(&self) -> &'static str {
        match self.api {
            Api::ChatCompletions => "chat-completions",
            Api::Responses => "responses",
            Api::DashScopeNative => "dashscope-native",
            Api::AnthropicMessages => "anthropic-messages",
            Api::BedrockConverse => "bedrock-converse",
            // The field decides the dialect: only OpenAPI-subset fields (`responseSchema`,
            // `functionDeclarations[].parameters`) mean the OpenAPI profile.
            Api::GeminiGenerateContent => {
                let openapi = self.targets.iter().any(|t| {
                    matches!(
                        t.surface,
                        Surface::GeminiResponseSchema | Surface::GeminiFunctionParameters
                    )
                });
                let json_schema = self.targets.iter().any(|t| {
                    matches!(
                        t.surface,
                        Surface::GeminiResponseJsonSchema | Surface::GeminiFunctionJsonSchema
                    )
                });
                if openapi && !json_schema {
                    "gemini-response-schema"
                } else {
                    "gemini-response-json-schema"
                }
            }
        }
    }

    pub fn model(&self) -> Option<&str> {
        self.model.as_ref().map(|(m, _)| m.as_str())
    }
}

/// Fills in a Bedrock Converse request: `outputConfig.textFormat` (schema as a JSON string)
/// and `toolConfig.tools[].toolSpec` (schema object under `inputSchema.json`).
fn bedrock_converse(root: &Node, request: &mut Request) {
    let at = JsonPointer::root();
    request.api = Api::BedrockConverse;
    request.model = root
        .get("modelId")
        .and_then(Node::as_str)
        .map(|m| (m.to_owned(), at.join("modelId")));
    request.messages = [at.join("messages"), at.join("system")].into();
    request.output_cap = root
        .get("inferenceConfig")
        .and_then(|c| c.get("maxTokens"))
        .map(|_| {
            (
                "maxTokens".to_owned(),
                at.join("inferenceConfig").join("maxTokens"),
            )
        });
    if let Some(format) = root.get("outputConfig").and_then(|c| c.get("textFormat")) {
        let f_at = at.join("outputConfig").join("textFormat");
        request.format = Some(FormatRef {
            kind: format
                .get("type")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_owned(),
            pointer: f_at.clone(),
            param: "outputConfig.textFormat",
        });
        let def_at = f_at.join("structure").join("jsonSchema");
        if let Some(def) = root
            .pointer(def_at.as_str())
            .filter(|d| d.get("schema").is_some())
        {
            request.targets.push(Target {
                kind: TargetKind::ResponseFormat,
                surface: Surface::BedrockTextFormat,
                wrapper: f_at.clone(),
                schema: Some(def_at.join("schema")),
                name: def.get("name").and_then(Node::as_str).map(|n| NameRef {
                    value: n.to_owned(),
                    pointer: def_at.join("name"),
                }),
                strict: Some(true),
                index: None,
            });
        }
    }
    let tools_at = at.join("toolConfig").join("tools");
    let tools = root
        .pointer(tools_at.as_str())
        .and_then(Node::as_array)
        .unwrap_or_default();
    for (i, tool) in tools.iter().enumerate() {
        let spec_at = tools_at.join(i).join("toolSpec");
        let Some(spec) = tool.get("toolSpec") else {
            continue;
        };
        if spec
            .get("inputSchema")
            .and_then(|s| s.get("json"))
            .is_none()
        {
            continue;
        }
        let schema = spec_at.join("inputSchema").join("json");
        request.push_tool(Surface::BedrockTool, spec, spec_at, schema, i);
    }
}

/// Keys only request bodies have at the top level.
const REQUEST_KEYS: [&str; 12] = [
    "model",
    "modelId",
    "outputConfig",
    "toolConfig",
    "inferenceConfig",
    "messages",
    "input",
    "contents",
    "generationConfig",
    "generation_config",
    "parameters",
    "output_config",
];

/// Recognises a whole request body. `None` for anything else (a schema, a wrapper).
pub fn detect_request(root: &Node) -> Option<Request> {
    root.as_object()?;
    // Schemas and wrappers have a `type`; no request body does.
    if root.get("type").is_some() || root.get("$schema").is_some() {
        return None;
    }
    if !REQUEST_KEYS.iter().any(|k| root.get(k).is_some()) {
        return None;
    }
    // A bare function definition (`{"name", "parameters"}`) is not a request.
    if root.get("name").is_some() && root.get("model").is_none() {
        return None;
    }
    let at = JsonPointer::root();
    let first = |keys: &[&str]| {
        keys.iter()
            .find(|k| root.get(k).is_some())
            .map(|k| (k.to_string(), at.join(k)))
    };
    let model = root
        .get("model")
        .and_then(Node::as_str)
        .map(|m| (m.to_owned(), at.join("model")));
    let is_claude = model.as_ref().is_some_and(|(m, _)| m.starts_with("claude"));
    let tools = root
        .get("tools")
        .and_then(Node::as_array)
        .unwrap_or_default();
    let mut request = Request {
        api: Api::ChatCompletions,
        model,
        format: None,
        messages: Vec::new(),
        messages_param: "messages",
        parallel_tool_calls: root
            .get("parallel_tool_calls")
            .map(|_| at.join("parallel_tool_calls")),
        output_cap: None,
        enable_thinking: None,
        gemini_schema: None,
        gemini_json_schema: None,
        gemini_mime_type: None,
        generation_config: None,
        non_strict_tools: 0,
        targets: Vec::new(),
    };
    let generation_config = ["generationConfig", "generation_config"]
        .iter()
        .find(|k| root.get(k).is_some_and(Node::is_object));
    if generation_config.is_some() || root.get("contents").is_some() {
        request.api = Api::GeminiGenerateContent;
        request.messages = vec![at.join("contents")];
        request.messages_param = "contents";
        if let Some(key) = generation_config {
            let gc_at = at.join(key);
            let gc = root.get(key)?;
            let find = |names: &[&str]| {
                names
                    .iter()
                    .find(|n| gc.get(n).is_some())
                    .map(|n| gc_at.join(n))
            };
            request.generation_config = Some(gc_at.clone());
            request.gemini_schema = find(&["responseSchema", "response_schema"]);
            request.gemini_json_schema = find(&["responseJsonSchema", "response_json_schema"]);
            request.gemini_mime_type = find(&["responseMimeType", "response_mime_type"]);
            request.output_cap = ["maxOutputTokens", "max_output_tokens"]
                .iter()
                .find(|n| gc.get(n).is_some())
                .map(|n| (n.to_string(), gc_at.join(n)));
            for (pointer, surface) in [
                (&request.gemini_schema, Surface::GeminiResponseSchema),
                (
                    &request.gemini_json_schema,
                    Surface::GeminiResponseJsonSchema,
                ),
            ] {
                if let Some(p) = pointer {
                    request.targets.push(Target {
                        kind: TargetKind::ResponseFormat,
                        surface,
                        wrapper: p.clone(),
                        schema: Some(p.clone()),
                        name: None,
                        strict: Some(true),
                        index: None,
                    });
                }
            }
            if request.gemini_schema.is_some() || request.gemini_json_schema.is_some() {
                request.format = Some(FormatRef {
                    kind: "json_schema".into(),
                    pointer: request
                        .gemini_json_schema
                        .clone()
                        .or(request.gemini_schema.clone())?,
                    param: "generationConfig",
                });
            }
        }
        push_gemini_functions(&mut request, root, &at);
        return Some(request);
    }
    let parameters = root.get("parameters").filter(|n| n.is_object());
    let input_is_object = root.get("input").is_some_and(Node::is_object);
    if parameters.is_some() && (input_is_object || root.get("messages").is_none()) {
        // DashScope native: {"model", "input": {"messages"}, "parameters": {…}}.
        request.api = Api::DashScopeNative;
        let p_at = at.join("parameters");
        let params = parameters?;
        request.messages = vec![at.join("input")];
        request.messages_param = "messages";
        request.parallel_tool_calls = params
            .get("parallel_tool_calls")
            .map(|_| p_at.join("parallel_tool_calls"));
        request.output_cap = params
            .get("max_tokens")
            .map(|_| ("max_tokens".into(), p_at.join("max_tokens")));
        request.enable_thinking = params
            .get("enable_thinking")
            .map(|_| p_at.join("enable_thinking"));
        if let Some(rf) = params.get("response_format") {
            push_format(
                &mut request,
                rf,
                p_at.join("response_format"),
                "response_format",
            );
        }
        push_tools(&mut request, params.get("tools"), &p_at.join("tools"));
        return Some(request);
    }
    // Bedrock Converse: camelCase configuration objects (`modelId` is a path parameter,
    // which SDK-style request files often include).
    let bedrock = ["outputConfig", "toolConfig", "inferenceConfig", "modelId"]
        .iter()
        .any(|k| root.get(k).is_some());
    if bedrock {
        bedrock_converse(root, &mut request);
        return Some(request);
    }
    let anthropic = root.get("output_config").is_some()
        || root.get("output_format").is_some()
        || tools.iter().any(|t| t.get("input_schema").is_some())
        || root.get("system").is_some()
        || is_claude;
    if anthropic {
        request.api = Api::AnthropicMessages;
        request.messages = [at.join("messages"), at.join("system")].into();
        request.output_cap = first(&["max_tokens"]);
        for key in ["output_config", "output_format"] {
            let Some(holder) = root.get(key) else {
                continue;
            };
            let (format, f_at) = if key == "output_config" {
                match holder.get("format") {
                    Some(f) => (f, at.join(key).join("format")),
                    None => continue,
                }
            } else {
                (holder, at.join(key))
            };
            let kind = format
                .get("type")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_owned();
            request.format = Some(FormatRef {
                kind,
                pointer: f_at.clone(),
                param: "output_config.format",
            });
            if format.get("schema").is_some() {
                request.targets.push(Target {
                    kind: TargetKind::ResponseFormat,
                    surface: Surface::AnthropicOutputFormat,
                    wrapper: f_at.clone(),
                    schema: Some(f_at.join("schema")),
                    name: None,
                    strict: Some(true),
                    index: None,
                });
            }
            break;
        }
        for (i, tool) in tools.iter().enumerate() {
            let t_at = at.join("tools").join(i);
            let Some(_) = tool.get("input_schema") else {
                continue;
            };
            let schema = t_at.join("input_schema");
            request.push_tool(Surface::AnthropicTool, tool, t_at, schema, i);
        }
        return Some(request);
    }
    let text_format = root.get("text").and_then(|t| t.get("format"));
    let responses = text_format.is_some()
        || (root.get("input").is_some() && root.get("messages").is_none())
        || root.get("instructions").is_some()
        || root.get("max_output_tokens").is_some()
        // Flat function tools are the Responses shape, but next to `messages` they are
        // more likely a Chat Completions request with misplaced tools
        // (`request/misplaced-field`).
        || (root.get("messages").is_none()
            && tools.iter().any(|t| {
                t.get("type").and_then(Node::as_str) == Some("function")
                    && t.get("parameters").is_some()
            }));
    if responses {
        request.api = Api::Responses;
        // `instructions` does not count: the API checks the input messages only
        // (pydantic/pydantic-ai's OpenAI model works around exactly this).
        request.messages = [at.join("input"), at.join("messages")].into();
        request.messages_param = "input";
        request.output_cap = first(&["max_output_tokens"]);
        if let Some(format) = text_format {
            push_format(
                &mut request,
                format,
                at.join("text").join("format"),
                "text.format",
            );
        }
    } else {
        request.api = Api::ChatCompletions;
        request.messages = vec![at.join("messages")];
        request.output_cap = first(&["max_completion_tokens", "max_tokens"]);
        if let Some(rf) = root.get("response_format") {
            push_format(
                &mut request,
                rf,
                at.join("response_format"),
                "response_format",
            );
        }
    }
    request.enable_thinking = root
        .get("enable_thinking")
        .map(|_| at.join("enable_thinking"))
        .or_else(|| {
            root.get("extra_body")
                .and_then(|e| e.get("enable_thinking"))
                .map(|_| at.join("extra_body").join("enable_thinking"))
        });
    push_tools(&mut request, root.get("tools"), &at.join("tools"));
    Some(request)
}

/// Adds Gemini function declarations: `tools[].functionDeclarations[]` with `parameters`
/// (OpenAPI subset) or `parametersJsonSchema` (JSON Schema), either spelling of each.
fn push_gemini_functions(request: &mut Request, root: &Node, at: &JsonPointer) {
    for (i, tool) in root
        .get("tools")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some((key, declarations)) = ["functionDeclarations", "function_declarations"]
            .iter()
            .find_map(|k| tool.get(k).and_then(Node::as_array).map(|d| (*k, d)))
        else {
            continue;
        };
        for (j, declaration) in declarations.iter().enumerate() {
            let d_at = at.join("tools").join(i).join(key).join(j);
            for (field, surface) in [
                ("parameters", Surface::GeminiFunctionParameters),
                ("parametersJsonSchema", Surface::GeminiFunctionJsonSchema),
                ("parameters_json_schema", Surface::GeminiFunctionJsonSchema),
            ] {
                if declaration.get(field).is_none() {
                    continue;
                }
                request.targets.push(Target {
                    kind: TargetKind::Function,
                    surface,
                    wrapper: d_at.clone(),
                    schema: Some(d_at.join(field)),
                    name: declaration
                        .get("name")
                        .and_then(Node::as_str)
                        .map(|n| NameRef {
                            value: n.to_owned(),
                            pointer: d_at.join("name"),
                        }),
                    strict: None,
                    index: Some(i),
                });
            }
        }
    }
}

/// Records a response format and, for `json_schema`, its schema target.
fn push_format(request: &mut Request, format: &Node, at: JsonPointer, param: &'static str) {
    let kind = format
        .get("type")
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_owned();
    if let Some(mut target) = detect_wrapper(format, &at, None) {
        // DashScope shows `strict` as a sibling of `json_schema` in some page versions.
        if target.strict.is_none() {
            target.strict = format.get("strict").and_then(Node::as_bool);
        }
        if kind == "json_schema" {
            request.targets.push(target);
        }
    }
    request.format = Some(FormatRef {
        kind,
        pointer: at,
        param,
    });
}

/// Adds the function tools of a `tools` array (other tool types are skipped).
fn push_tools(request: &mut Request, tools: Option<&Node>, at: &JsonPointer) {
    for (i, tool) in tools
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if tool.get("type").and_then(Node::as_str) != Some("function") {
            continue;
        }
        if let Some(target) = detect_wrapper(tool, &at.join(i), Some(i)) {
            request.targets.push(target);
        }
    }
}

impl Target {
    /// Whether the schema is sent without strict mode: `strict: false`, or, inside a
    /// request body, no `strict` where the API defaults to non-strict (Chat Completions
    /// tools and `json_schema` formats). Responses API tools default to trying strict.
    pub fn is_non_strict(&self, in_request: bool) -> bool {
        match self.strict {
            Some(strict) => !strict,
            None => {
                in_request
                    && matches!(
                        self.surface,
                        Surface::ChatTool
                            | Surface::ChatResponseFormat
                            | Surface::ResponsesTextFormat
                            | Surface::AnthropicTool
                            | Surface::BedrockTool
                    )
            }
        }
    }
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
    fn request_bodies_are_told_apart_from_wrappers() {
        let req = |text: &str| detect_request(&parse("t", text).map_err(|(_, e)| e).unwrap().root);
        assert!(req(r#"{"name":"f","parameters":{"type":"object"}}"#).is_none());
        assert!(req(r#"{"type":"object","properties":{"model":{"type":"string"}}}"#).is_none());
        let cases = [
            (
                r#"{"model":"gpt-4o","messages":[],"response_format":{"type":"json_object"}}"#,
                Api::ChatCompletions,
            ),
            (
                r#"{"model":"gpt-4o","input":"hi","text":{"format":{"type":"json_object"}}}"#,
                Api::Responses,
            ),
            (
                r#"{"model":"qwen-plus","input":{"messages":[]},"parameters":{}}"#,
                Api::DashScopeNative,
            ),
            (
                r#"{"model":"claude-x","max_tokens":5,"messages":[]}"#,
                Api::AnthropicMessages,
            ),
            (
                r#"{"contents":[],"generationConfig":{}}"#,
                Api::GeminiGenerateContent,
            ),
            (
                r#"{"modelId":"amazon.nova-pro-v1:0","messages":[],"inferenceConfig":{"maxTokens":5}}"#,
                Api::BedrockConverse,
            ),
        ];
        for (text, api) in cases {
            assert_eq!(req(text).map(|r| r.api), Some(api), "{text}");
        }
        let r = req(r#"{"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"a","parameters":{}}},{"type":"web_search"}]}"#).unwrap();
        assert_eq!(r.targets.len(), 1);
        assert_eq!(
            r.targets[0].schema.as_ref().unwrap().as_str(),
            "/tools/0/function/parameters"
        );
    }

    #[test]
    fn bedrock_converse_schemas_are_the_string_and_the_tool_specs() {
        let text = r#"{"messages":[],"outputConfig":{"textFormat":{"type":"json_schema","structure":{"jsonSchema":{"name":"p","schema":"{}"}}}},
            "toolConfig":{"tools":[{"toolSpec":{"name":"t","strict":true,"inputSchema":{"json":{"type":"object"}}}},{"cachePoint":{"type":"default"}}]}}"#;
        let r = detect_request(&parse("t", text).map_err(|(_, e)| e).unwrap().root).unwrap();
        assert_eq!(r.api, Api::BedrockConverse);
        let schemas: Vec<_> = r
            .targets
            .iter()
            .map(|t| {
                (
                    t.surface,
                    t.schema.as_ref().unwrap().as_str().to_owned(),
                    t.strict,
                )
            })
            .collect();
        assert_eq!(
            schemas,
            [
                (
                    Surface::BedrockTextFormat,
                    "/outputConfig/textFormat/structure/jsonSchema/schema".to_owned(),
                    Some(true)
                ),
                (
                    Surface::BedrockTool,
                    "/toolConfig/tools/0/toolSpec/inputSchema/json".to_owned(),
                    Some(true)
                ),
            ]
        );
        assert!(Surface::BedrockTextFormat.schema_is_json_text());
        assert_eq!(r.api_id(), "bedrock-converse");
    }

    #[test]
    fn a_schema_with_a_property_called_schema_stays_bare() {
        let t = targets(r#"{"type":"object","name":"x","properties":{"schema":{}}}"#);
        assert_eq!(t[0].surface, Surface::BareSchema);
    }
}
