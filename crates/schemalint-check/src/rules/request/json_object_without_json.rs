use super::at;
use crate::engine::Cx;
use crate::envelope::{Api, Request};
use crate::source::{Node, Value};

declare_rule! {
    /// ## What it does
    /// In a request that asks for JSON mode (`response_format` / `text.format` of type
    /// `json_object`), looks for the word "json" (any case) in the messages (the
    /// Responses `input`; its `instructions` do not count). Flags the format when no
    /// message has it.
    ///
    /// ## Why is this bad?
    /// OpenAI, Azure and DashScope reject the request:
    /// `'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.`
    /// Without the instruction, a model can produce an endless stream of whitespace
    /// until the token limit.
    ///
    /// ## Example
    /// ```json
    /// {"model": "qwen-plus", "messages": [{"role": "user", "content": "Extract the name and age."}],
    ///  "response_format": {"type": "json_object"}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"model": "qwen-plus", "messages": [{"role": "system", "content": "Extract the name and age and reply in JSON."},
    ///  {"role": "user", "content": "I am Alex, 34."}], "response_format": {"type": "json_object"}}
    /// ```
    ///
    /// ## Sources
    /// - Seed 001 (DashScope, en): the verbatim error; seed 000 (zh): 在提示词中包含 “JSON” 关键词，否则会报错.
    /// - Seed 002 (OpenAI guide): the API throws an error if "JSON" does not appear in the context.
    /// - `spec/providers.md` §1.1, §5 (rows J1–J2); Responses wording and the `instructions` caveat:
    ///   pydantic/pydantic-ai's OpenAI model (a comment quoting the error).
    pub(crate) static RULE = {
        id: "request/json-object-without-json",
        severity: Error,
        summary: "JSON mode (`json_object`) without the word \"json\" in any message",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let Some(format) = &req.format else { return };
    if format.kind != "json_object" || matches!(req.api, Api::GeminiGenerateContent) {
        return;
    }
    let mentioned = req
        .messages
        .iter()
        .filter_map(|p| cx.doc.root.pointer(p.as_str()))
        .any(mentions_json);
    if mentioned {
        return;
    }
    let ptr = format.pointer.join("type");
    let span = at(cx, &ptr).map_or_else(|| super::key_span(cx, &format.pointer), |(_, s)| s);
    let searched = req
        .messages
        .iter()
        .filter(|p| cx.doc.root.pointer(p.as_str()).is_some())
        .map(|p| format!("`{}`", p.as_str().trim_start_matches('/').replace('/', ".")))
        .collect::<Vec<_>>();
    let searched = if searched.is_empty() {
        "the request has no messages".to_owned()
    } else {
        format!("searched {}", searched.join(", "))
    };
    cx.report(
        &RULE,
        &ptr,
        span,
        format!("`{}` is `json_object` but no message contains the word \"json\" ({searched})", format.param),
    )
    .help("say so in the system or user message, e.g. \"Reply in JSON.\", or use a `json_schema` format")
    .var("messages", req.messages_param)
    .var("format", format.param);
}

/// Any text in the conversation containing "json", case-insensitively. Role names,
/// types and media URLs are not text.
fn mentions_json(node: &Node) -> bool {
    match &node.value {
        Value::String(s) => s.to_ascii_lowercase().contains("json"),
        Value::Array(items) => items.iter().any(mentions_json),
        Value::Object(members) => members.iter().any(|m| {
            !matches!(
                &*m.key,
                "role"
                    | "type"
                    | "image_url"
                    | "image"
                    | "video"
                    | "audio"
                    | "url"
                    | "file_id"
                    | "name"
            ) && mentions_json(&m.value)
        }),
        _ => false,
    }
}
