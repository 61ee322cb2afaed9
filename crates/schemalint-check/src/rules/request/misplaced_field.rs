use crate::engine::Cx;
use crate::envelope::{Api, Request};
use crate::source::{JsonPointer, Node};

declare_rule! {
    /// ## What it does
    /// Finds request fields written in another API's shape, where the API rejects them:
    /// - Chat Completions: a `json_schema` `response_format` without its `json_schema`
    ///   object (`name`, `schema`, `strict` written flat, as the Responses API's
    ///   `text.format` takes them); a function tool without its `function` object.
    /// - Responses API: a top-level `response_format` (it moved to `text.format`); a
    ///   `text.format` that wraps the schema in `json_schema`; a function tool with a
    ///   `function` object (Responses tools are flat).
    /// - Anthropic Messages: `response_format` (OpenAI's name); the deprecated
    ///   `output_format` (now `output_config.format`); an `output_config.format` that
    ///   wraps the schema in `json_schema`; a tool with `parameters` or `function`
    ///   instead of `input_schema`.
    /// - Gemini `generateContent`: `responseSchema`, `responseJsonSchema` or
    ///   `responseMimeType` spelled in another casing (`responseJSONSchema`), or placed
    ///   at the top level instead of inside `generationConfig`. Both `responseJsonSchema`
    ///   and `response_json_schema` are accepted (protobuf JSON names).
    ///
    /// The finding is at the misplaced field; the schema found there is still linted.
    ///
    /// ## Why is this bad?
    /// The API rejects the whole request before it reads the schema, e.g.
    /// `Unknown parameter: 'response_format.schema'.`,
    /// `Missing required parameter: 'tools[0].function'.`,
    /// `Unsupported parameter: 'response_format'. In the Responses API, this parameter
    /// has moved to 'text.format'.`, `response_format: Extra inputs are not permitted`,
    /// `Invalid JSON payload received. Unknown name "responseJSONSchema" at
    /// 'generation_config': Cannot find field.`
    ///
    /// ## Example
    /// A Responses API `text.format` pasted into a Chat Completions request:
    /// ```json
    /// {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}],
    ///  "response_format": {"type": "json_schema", "name": "answer", "strict": true,
    ///   "schema": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}}}
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
    /// - OpenAI API reference: Chat Completions `response_format.json_schema`, `tools[].function`; Responses `text.format`, flat `tools[]`.
    /// - Verbatim API errors: spring-projects/spring-ai#2969 (`Unknown parameter: 'response_format.schema'.`),
    ///   openai/openai-python#1632 (`Missing required parameter: 'response_format.json_schema'.`),
    ///   openai/openai-node#1404 (`Missing required parameter: 'text.format.name'.`),
    ///   diegosouzapw/OmniRoute#1914 (`Missing required parameter: 'tools[0].name'.`), and public
    ///   code quoting `Missing required parameter: 'tools[0].function'.` and the Responses
    ///   `response_format` message.
    /// - Anthropic: `response_format: Extra inputs are not permitted`, `output_format: This field is
    ///   deprecated. Use 'output_config.format' instead.`, `tools.0.custom.input_schema: Field required`
    ///   (quoted in public code and notes); Gemini: `Unknown name "…" at 'generation_config': Cannot find field.`
    pub(crate) static RULE = {
        id: "request/misplaced-field",
        severity: Error,
        summary: "A request field is in another API's shape or place (response_format vs text.format, tools[].function, output_config.format, Gemini field names)",
    };
}

/// A misplaced field: where it is, what is wrong, how to fix it, and how the API words it.
struct Finding {
    at: JsonPointer,
    message: String,
    help: String,
    /// Which provider message applies: `unknown-parameter`, `missing-parameter`,
    /// `moved-parameter` or `deprecated-parameter`.
    case: &'static str,
    /// The parameter as the API names it in its error (`response_format.schema`).
    param: String,
    moved_to: &'static str,
    /// Gemini: the message holding the field (` at 'generation_config'`, or empty).
    parent: &'static str,
}

impl Finding {
    fn new(at: JsonPointer, case: &'static str, param: impl Into<String>) -> Self {
        Finding {
            at,
            message: String::new(),
            help: String::new(),
            case,
            param: param.into(),
            moved_to: "",
            parent: "",
        }
    }

    fn says(mut self, message: impl Into<String>, help: impl Into<String>) -> Self {
        self.message = message.into();
        self.help = help.into();
        self
    }
}

/// The keys of a Responses-style `text.format` that Chat Completions wants inside `json_schema`.
/// The schema first: it is what a flat `response_format` misplaces.
const JSON_SCHEMA_MEMBERS: [&str; 4] = ["schema", "name", "strict", "description"];

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let root = &cx.doc.root;
    let at = JsonPointer::root();
    let mut found = Vec::new();
    match req.api {
        Api::ChatCompletions | Api::DashScopeNative => {
            let (holder, base) = if req.api == Api::DashScopeNative {
                (root.get("parameters"), at.join("parameters"))
            } else {
                (Some(root), at.clone())
            };
            if let Some(holder) = holder {
                chat_response_format(holder, &base, &mut found);
                chat_tools(holder, &base, &mut found);
            }
        }
        Api::Responses => responses(root, &at, &mut found),
        Api::AnthropicMessages => anthropic(root, &at, &mut found),
        Api::GeminiGenerateContent => gemini(root, &at, &mut found),
        // Bedrock's misplaced shapes are not on record yet.
        Api::BedrockConverse => {}
    }
    for f in found {
        let span = super::key_span(cx, &f.at);
        cx.report(&RULE, &f.at, span, f.message)
            .help(f.help)
            .variant(f.case)
            .var("param", f.param.clone())
            .var("field", f.param)
            .var("moved_to", f.moved_to)
            .var("parent", f.parent);
    }
}

/// The first of `keys` that `node` has.
fn first_present(node: &Node, keys: &[&'static str]) -> Option<&'static str> {
    keys.iter().copied().find(|k| node.get(k).is_some())
}

fn is_json_schema_format(format: &Node) -> bool {
    format.get("type").and_then(Node::as_str) == Some("json_schema")
}

fn chat_response_format(holder: &Node, base: &JsonPointer, found: &mut Vec<Finding>) {
    let Some(format) = holder
        .get("response_format")
        .filter(|f| is_json_schema_format(f))
    else {
        return;
    };
    if format.get("json_schema").is_some_and(Node::is_object) {
        return;
    }
    let f_at = base.join("response_format");
    let flat: Vec<&str> = JSON_SCHEMA_MEMBERS
        .into_iter()
        .filter(|k| format.get(k).is_some())
        .collect();
    let wrap = "move `name`, `schema`, `strict` (and `description`) into `response_format.json_schema`: \
                {\"type\": \"json_schema\", \"json_schema\": {\"name\": …, \"schema\": {…}, \"strict\": true}}";
    found.push(match flat.first() {
        Some(key) => Finding::new(
            f_at.join(key),
            "unknown-parameter",
            format!("response_format.{key}"),
        )
        .says(
            format!(
                "`response_format` has {} flat, the Responses API's `text.format` shape; Chat Completions takes them inside `response_format.json_schema`",
                flat.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
            wrap,
        ),
        None => Finding::new(
            f_at.join("type"),
            "missing-parameter",
            "response_format.json_schema",
        )
        .says(
            "a `json_schema` response format needs its `json_schema` object (name, schema, strict)",
            wrap,
        ),
    });
}

fn tools_of(holder: &Node) -> impl Iterator<Item = (usize, &Node)> {
    holder
        .get("tools")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
}

fn chat_tools(holder: &Node, base: &JsonPointer, found: &mut Vec<Finding>) {
    for (i, tool) in tools_of(holder) {
        if tool.get("type").and_then(Node::as_str) != Some("function")
            || tool.get("function").is_some()
        {
            continue;
        }
        let Some(key) = first_present(tool, &["parameters", "name"]) else {
            continue;
        };
        found.push(
            Finding::new(
                base.join("tools").join(i).join(key),
                "missing-parameter",
                format!("tools[{i}].function"),
            )
            .says(
                format!("tool {i} is written flat (the Responses API's shape); Chat Completions wants `name`, `parameters` and `strict` inside `function`"),
                "write {\"type\": \"function\", \"function\": {\"name\": …, \"parameters\": {…}, \"strict\": true}}",
            ),
        );
    }
}

fn responses(root: &Node, at: &JsonPointer, found: &mut Vec<Finding>) {
    if root.get("response_format").is_some() {
        let mut f = Finding::new(at.join("response_format"), "moved-parameter", "response_format").says(
            "the Responses API has no `response_format`; the format goes in `text.format`",
            "write `\"text\": {\"format\": {\"type\": \"json_schema\", \"name\": …, \"schema\": {…}, \"strict\": true}}`",
        );
        f.moved_to = "text.format";
        found.push(f);
    }
    let format_at = at.join("text").join("format");
    if let Some(format) = root
        .get("text")
        .and_then(|t| t.get("format"))
        .filter(|f| is_json_schema_format(f))
    {
        if format.get("json_schema").is_some() && format.get("schema").is_none() {
            let (case, param) = if format.get("name").is_none() {
                ("missing-parameter", "text.format.name")
            } else {
                ("unknown-parameter", "text.format.json_schema")
            };
            found.push(
                Finding::new(format_at.join("json_schema"), case, param).says(
                    "`text.format` is flat in the Responses API: `name`, `schema` and `strict` sit next to `type`, not inside `json_schema` (that is Chat Completions' `response_format`)",
                    "write `\"format\": {\"type\": \"json_schema\", \"name\": …, \"schema\": {…}, \"strict\": true}`",
                ),
            );
        }
    }
    for (i, tool) in tools_of(root) {
        if tool.get("type").and_then(Node::as_str) == Some("function")
            && tool.get("function").is_some_and(Node::is_object)
            && tool.get("name").is_none()
        {
            found.push(
                Finding::new(
                    at.join("tools").join(i).join("function"),
                    "missing-parameter",
                    format!("tools[{i}].name"),
                )
                .says(
                    format!("tool {i} wraps its definition in `function` (Chat Completions' shape); Responses API tools are flat"),
                    "write {\"type\": \"function\", \"name\": …, \"parameters\": {…}, \"strict\": true}",
                ),
            );
        }
    }
}

fn anthropic(root: &Node, at: &JsonPointer, found: &mut Vec<Finding>) {
    let format_help =
        "write `\"output_config\": {\"format\": {\"type\": \"json_schema\", \"schema\": {…}}}`";
    if root.get("response_format").is_some() {
        found.push(
            Finding::new(at.join("response_format"), "unknown-parameter", "response_format").says(
                "Anthropic's Messages API has no `response_format` (OpenAI's name); structured output is `output_config.format`",
                format_help,
            ),
        );
    }
    if root.get("output_format").is_some() {
        let mut f = Finding::new(at.join("output_format"), "deprecated-parameter", "output_format").says(
            "`output_format` was the structured-outputs beta's field; the API now rejects it in favour of `output_config.format`",
            format_help,
        );
        f.moved_to = "output_config.format";
        found.push(f);
    }
    let format_at = at.join("output_config").join("format");
    if let Some(format) = root.get("output_config").and_then(|c| c.get("format")) {
        if format.get("json_schema").is_some() && format.get("schema").is_none() {
            found.push(
                Finding::new(
                    format_at.join("json_schema"),
                    "missing-parameter",
                    "output_config.format.schema",
                )
                .says(
                    "`output_config.format` takes the schema directly under `schema`, not wrapped in `json_schema` (OpenAI's shape)",
                    format_help,
                ),
            );
        }
    }
    for (i, tool) in tools_of(root) {
        if tool.get("input_schema").is_some()
            || tool
                .get("type")
                .and_then(Node::as_str)
                .is_some_and(|t| t != "custom" && t != "function")
        {
            continue;
        }
        let Some(key) = first_present(tool, &["parameters", "function", "inputSchema"]) else {
            continue;
        };
        found.push(
            Finding::new(
                at.join("tools").join(i).join(key),
                "missing-parameter",
                format!("tools.{i}.custom.input_schema"),
            )
            .says(
                format!(
                    "tool {i} has `{key}`; Anthropic tools take their schema as `input_schema`"
                ),
                "write {\"name\": …, \"description\": …, \"input_schema\": {…}}",
            ),
        );
    }
}

/// Gemini's schema fields by their normalised name (lower case, no `_`), with the
/// spellings the API accepts (the protobuf JSON name and the field name).
const GEMINI_FIELDS: [(&str, &str, &str); 3] = [
    ("responseschema", "responseSchema", "response_schema"),
    (
        "responsejsonschema",
        "responseJsonSchema",
        "response_json_schema",
    ),
    ("responsemimetype", "responseMimeType", "response_mime_type"),
];

fn gemini_field(key: &str) -> Option<&'static str> {
    let normal: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    GEMINI_FIELDS
        .iter()
        .find(|(n, _, _)| *n == normal)
        .map(|(_, camel, _)| *camel)
}

fn gemini(root: &Node, at: &JsonPointer, found: &mut Vec<Finding>) {
    for m in root.as_object().unwrap_or_default() {
        if let Some(camel) = gemini_field(&m.key) {
            found.push(
                Finding::new(at.join(&*m.key), "unknown-parameter", &*m.key).says(
                    format!("`{}` belongs inside `generationConfig`, not at the top level of the request", m.key),
                    format!("move it to `generationConfig.{camel}`"),
                ),
            );
        }
    }
    for key in ["generationConfig", "generation_config"] {
        let Some(config) = root.get(key).and_then(Node::as_object) else {
            continue;
        };
        for m in config {
            let Some(camel) = gemini_field(&m.key) else {
                continue;
            };
            let accepted = GEMINI_FIELDS
                .iter()
                .any(|(_, c, snake)| *c == &*m.key || *snake == &*m.key);
            if accepted {
                continue;
            }
            let mut f = Finding::new(at.join(key).join(&*m.key), "unknown-parameter", &*m.key).says(
                format!("`{}` is not a `generationConfig` field (the names are case-sensitive); the API rejects the request", m.key),
                format!("spell it `{camel}`"),
            );
            f.parent = " at 'generation_config'";
            found.push(f);
        }
    }
}
