//! Provider response shapes: where the model's output is inside a reply.
//!
//! [`extract`] recognises a reply (or takes the shape it is told) and lists its
//! [`Part`]s: each text the model produced (content, tool-call arguments), each
//! refusal, and each place where content was expected but none came, with the
//! JSON pointer of that place in the reply and the finish reason that applies.

use std::ops::Range;

use schemalint_check::source::{Node, Value};

/// A provider response shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Envelope {
    /// The file is the model output itself.
    Bare,
    /// OpenAI, Azure OpenAI or DashScope compatible-mode `chat.completion`.
    ChatCompletion,
    /// OpenAI / Azure Responses API `response` object.
    Responses,
    /// DashScope native reply: `{"output": {"choices": […]}}` or `{"output": {"text"}}`.
    DashscopeNative,
    /// Anthropic Messages `message`.
    AnthropicMessage,
    /// Gemini `generateContent` reply (`candidates`).
    Gemini,
    /// One line of an OpenAI Batch API output file: `{custom_id, response: {body}, error}`.
    Batch,
}

impl Envelope {
    /// The id used in `--input` and in the JSON output's `envelope`.
    pub fn id(self) -> &'static str {
        match self {
            Envelope::Bare => "bare",
            Envelope::ChatCompletion => "chat-completion",
            Envelope::Responses => "responses",
            Envelope::DashscopeNative => "dashscope-native",
            Envelope::AnthropicMessage => "anthropic-message",
            Envelope::Gemini => "gemini",
            Envelope::Batch => "batch",
        }
    }

    /// What the shape is called in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Envelope::Bare => "bare document",
            Envelope::ChatCompletion => "Chat Completions response",
            Envelope::Responses => "Responses API response",
            Envelope::DashscopeNative => "DashScope native response",
            Envelope::AnthropicMessage => "Anthropic message",
            Envelope::Gemini => "Gemini generateContent response",
            Envelope::Batch => "Batch API output line",
        }
    }
}

/// Why the provider stopped, as it said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finish {
    /// The field, e.g. `finish_reason`, `stop_reason`, `incomplete_details.reason`.
    pub field: &'static str,
    /// Its value, e.g. `length`, `max_tokens`, `MAX_TOKENS`.
    pub value: String,
    /// Whether this reason means the output was cut off.
    pub cut_off: bool,
}

impl std::fmt::Display for Finish {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.value)
    }
}

/// What is at a part's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Output carried as a JSON string (content, tool-call `arguments`): its decoded text.
    Text(String),
    /// Output carried as a JSON value in the reply itself (Anthropic `tool_use.input`,
    /// Gemini `functionCall.args`): its byte range in the reply.
    Raw(Range<usize>),
    /// The model refused; the refusal text.
    Refusal(String),
    /// Content was expected here but there is none; why.
    Missing(String),
}

/// One output found in a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The shape of the reply (for a batch line: the shape of its body).
    pub envelope: Envelope,
    /// Whether the reply was a Batch API output line.
    pub batch: bool,
    /// JSON pointer of the output inside the reply, e.g. `/choices/0/message/content`.
    pub pointer: String,
    /// The tool or function whose arguments this is; `None` for message content.
    pub tool: Option<String>,
    pub body: Body,
    /// The finish reason of the choice or candidate this part belongs to.
    pub finish: Option<Finish>,
    /// Byte range in the reply of the value at `pointer` (or of its parent when
    /// the value is missing).
    pub span: Range<usize>,
}

/// Recognises the shape of `root`: the first one whose telltale keys it has.
pub fn detect(root: &Node) -> Envelope {
    let has = |k: &str| root.get(k).is_some();
    let str_is = |k: &str, v: &str| root.get(k).and_then(Node::as_str) == Some(v);
    if root.get("custom_id").and_then(Node::as_str).is_some() && (has("response") || has("error")) {
        Envelope::Batch
    } else if str_is("object", "chat.completion")
        || root
            .get("choices")
            .and_then(Node::as_array)
            .is_some_and(|c| {
                c.iter()
                    .any(|ch| ch.get("message").is_some() || ch.get("finish_reason").is_some())
            })
    {
        Envelope::ChatCompletion
    } else if str_is("object", "response")
        || (root.get("output").and_then(Node::as_array).is_some() && has("status"))
    {
        Envelope::Responses
    } else if root
        .get("output")
        .is_some_and(|o| o.is_object() && (o.get("choices").is_some() || o.get("text").is_some()))
    {
        Envelope::DashscopeNative
    } else if str_is("type", "message") && root.get("content").and_then(Node::as_array).is_some() {
        Envelope::AnthropicMessage
    } else if root.get("candidates").and_then(Node::as_array).is_some()
        || root.get("promptFeedback").is_some_and(Node::is_object)
    {
        Envelope::Gemini
    } else {
        Envelope::Bare
    }
}

/// The parts of a reply in the given shape; `Err` names what the shape lacks.
/// A [`Envelope::Bare`] reply has no parts: the whole file is the output.
pub fn extract(root: &Node, envelope: Envelope) -> Result<Vec<Part>, String> {
    let mut out = Parts {
        root,
        envelope,
        batch: false,
        parts: Vec::new(),
    };
    match envelope {
        Envelope::Bare => {}
        Envelope::ChatCompletion => out.chat(root, "")?,
        Envelope::Responses => out.responses(root, "")?,
        Envelope::DashscopeNative => out.dashscope(root)?,
        Envelope::AnthropicMessage => out.anthropic(root)?,
        Envelope::Gemini => out.gemini(root)?,
        Envelope::Batch => out.batch(root)?,
    }
    Ok(out.parts)
}

struct Parts<'a> {
    root: &'a Node,
    envelope: Envelope,
    batch: bool,
    parts: Vec<Part>,
}

fn missing_key(envelope: Envelope, key: &str) -> String {
    format!("not a {}: no `{key}`", envelope.describe())
}

/// The text of a content value: a string, or an array of `{"text"}` items
/// (DashScope multimodal replies), with the pointer of the text itself.
fn content_text(node: &Node, at: &str) -> Option<(String, String)> {
    if let Some(s) = node.as_str() {
        return Some((s.to_owned(), at.to_owned()));
    }
    let items = node.as_array()?;
    let texts: Vec<(usize, &str)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| it.get("text").and_then(Node::as_str).map(|t| (i, t)))
        .collect();
    match texts.as_slice() {
        [] => None,
        [(i, t)] => Some(((*t).to_owned(), format!("{at}/{i}/text"))),
        many => Some((many.iter().map(|(_, t)| *t).collect(), at.to_owned())),
    }
}

fn finish_of(node: &Node, field: &'static str, cut_off: &[&str]) -> Option<Finish> {
    let value = node
        .get(field.rsplit('.').next().unwrap_or(field))?
        .as_str()?;
    Some(Finish {
        field,
        value: value.to_owned(),
        cut_off: cut_off.contains(&value),
    })
}

impl Parts<'_> {
    fn push(&mut self, pointer: String, tool: Option<String>, body: Body, finish: Option<Finish>) {
        // The value itself, or the closest ancestor that exists.
        let mut at = pointer.as_str();
        let span = loop {
            if let Some(n) = self.root.pointer(at) {
                break n.span.start..n.span.end;
            }
            match at.rsplit_once('/') {
                Some((parent, _)) => at = parent,
                None => break self.root.span.start..self.root.span.end,
            }
        };
        self.parts.push(Part {
            envelope: self.envelope,
            batch: self.batch,
            pointer,
            tool,
            body,
            finish,
            span,
        });
    }

    /// `message` of a chat choice (also DashScope native's): refusal, content, tool calls.
    fn message(&mut self, message: Option<&Node>, at: &str, finish: Option<Finish>) {
        let Some(message) = message.filter(|m| m.is_object()) else {
            self.push(
                at.to_owned(),
                None,
                Body::Missing("the choice has no `message`".to_owned()),
                finish,
            );
            return;
        };
        let at = format!("{at}/message");
        let before = self.parts.len();
        if let Some(refusal) = message
            .get("refusal")
            .and_then(Node::as_str)
            .filter(|r| !r.is_empty())
        {
            self.push(
                format!("{at}/refusal"),
                None,
                Body::Refusal(refusal.to_owned()),
                finish.clone(),
            );
        } else if let Some((text, pointer)) = message
            .get("content")
            .and_then(|c| content_text(c, &format!("{at}/content")))
        {
            self.push(pointer, None, Body::Text(text), finish.clone());
        }
        let calls = message.get("tool_calls").and_then(Node::as_array);
        for (j, call) in calls.unwrap_or_default().iter().enumerate() {
            self.call(
                call.get("function"),
                &format!("{at}/tool_calls/{j}/function"),
                &finish,
            );
        }
        if message.get("function_call").is_some_and(Node::is_object) {
            self.call(
                message.get("function_call"),
                &format!("{at}/function_call"),
                &finish,
            );
        }
        if self.parts.len() == before {
            let why = match message.get("content") {
                Some(Node {
                    value: Value::Null, ..
                })
                | None => "the message has no content, refusal or tool call",
                Some(_) => "the message content is empty",
            };
            let pointer = format!("{at}/content");
            self.push(pointer, None, Body::Missing(why.to_owned()), finish);
        }
    }

    /// A `{"name", "arguments": "<JSON string>"}` function call.
    fn call(&mut self, function: Option<&Node>, at: &str, finish: &Option<Finish>) {
        let Some(function) = function.filter(|f| f.is_object()) else {
            return;
        };
        let name = function
            .get("name")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let body = match function.get("arguments").and_then(Node::as_str) {
            Some(args) => Body::Text(args.to_owned()),
            None => Body::Missing("the tool call has no `arguments` string".to_owned()),
        };
        self.push(format!("{at}/arguments"), name, body, finish.clone());
    }

    fn chat(&mut self, root: &Node, prefix: &str) -> Result<(), String> {
        let choices = root
            .get("choices")
            .and_then(Node::as_array)
            .ok_or_else(|| missing_key(Envelope::ChatCompletion, "choices"))?;
        if choices.is_empty() {
            let why = "the reply has no choices".to_owned();
            self.push(format!("{prefix}/choices"), None, Body::Missing(why), None);
        }
        for (i, choice) in choices.iter().enumerate() {
            let finish = finish_of(choice, "finish_reason", &["length", "content_filter"]);
            self.message(
                choice.get("message"),
                &format!("{prefix}/choices/{i}"),
                finish,
            );
        }
        Ok(())
    }

    fn responses(&mut self, root: &Node, prefix: &str) -> Result<(), String> {
        let output = root
            .get("output")
            .and_then(Node::as_array)
            .ok_or_else(|| missing_key(Envelope::Responses, "output"))?;
        let finish = match root.get("status").and_then(Node::as_str) {
            Some("incomplete") => root
                .get("incomplete_details")
                .and_then(|d| {
                    finish_of(
                        d,
                        "incomplete_details.reason",
                        &["max_output_tokens", "content_filter"],
                    )
                })
                .or(Some(Finish {
                    field: "status",
                    value: "incomplete".to_owned(),
                    cut_off: true,
                })),
            _ => None,
        };
        let before = self.parts.len();
        for (i, item) in output.iter().enumerate() {
            let at = format!("{prefix}/output/{i}");
            match item.get("type").and_then(Node::as_str) {
                Some("message") => {
                    let content = item.get("content").and_then(Node::as_array);
                    for (k, c) in content.unwrap_or_default().iter().enumerate() {
                        let at = format!("{at}/content/{k}");
                        match c.get("type").and_then(Node::as_str) {
                            Some("output_text") => {
                                let body = match c.get("text").and_then(Node::as_str) {
                                    Some(t) => Body::Text(t.to_owned()),
                                    None => Body::Missing("no `text`".to_owned()),
                                };
                                self.push(format!("{at}/text"), None, body, finish.clone());
                            }
                            Some("refusal") => {
                                let text = c.get("refusal").and_then(Node::as_str).unwrap_or("");
                                let body = Body::Refusal(text.to_owned());
                                self.push(format!("{at}/refusal"), None, body, finish.clone());
                            }
                            _ => {}
                        }
                    }
                }
                Some("function_call") => self.call(Some(item), &at, &finish),
                _ => {}
            }
        }
        if self.parts.len() == before {
            let why = match &finish {
                Some(f) => format!("the response has no output message ({f})"),
                None => "the response has no output message or function call".to_owned(),
            };
            self.push(format!("{prefix}/output"), None, Body::Missing(why), finish);
        }
        Ok(())
    }

    fn dashscope(&mut self, root: &Node) -> Result<(), String> {
        let output = root
            .get("output")
            .filter(|o| o.is_object())
            .ok_or_else(|| missing_key(Envelope::DashscopeNative, "output"))?;
        let cut = ["length"];
        if let Some(choices) = output.get("choices").and_then(Node::as_array) {
            for (i, choice) in choices.iter().enumerate() {
                let finish = finish_of(choice, "finish_reason", &cut);
                self.message(
                    choice.get("message"),
                    &format!("/output/choices/{i}"),
                    finish,
                );
            }
            return Ok(());
        }
        let finish = finish_of(output, "finish_reason", &cut);
        let body = match output.get("text").and_then(Node::as_str) {
            Some(t) => Body::Text(t.to_owned()),
            None => Body::Missing("`output` has no `choices` or `text`".to_owned()),
        };
        self.push("/output/text".to_owned(), None, body, finish);
        Ok(())
    }

    fn anthropic(&mut self, root: &Node) -> Result<(), String> {
        let content = root
            .get("content")
            .and_then(Node::as_array)
            .ok_or_else(|| missing_key(Envelope::AnthropicMessage, "content"))?;
        let finish = finish_of(root, "stop_reason", &["max_tokens"]);
        let texts: Vec<(usize, &str)> = content
            .iter()
            .enumerate()
            .filter(|(_, b)| b.get("type").and_then(Node::as_str) == Some("text"))
            .filter_map(|(i, b)| b.get("text").and_then(Node::as_str).map(|t| (i, t)))
            .collect();
        if finish.as_ref().is_some_and(|f| f.value == "refusal") {
            let text: String = texts.iter().map(|(_, t)| *t).collect();
            self.push("/content".to_owned(), None, Body::Refusal(text), finish);
            return Ok(());
        }
        let mut tools = false;
        for (i, block) in content.iter().enumerate() {
            if block.get("type").and_then(Node::as_str) != Some("tool_use") {
                continue;
            }
            tools = true;
            let name = block.get("name").and_then(Node::as_str).map(str::to_owned);
            let body = match block.get("input") {
                Some(input) => Body::Raw(input.span.start..input.span.end),
                None => Body::Missing("the tool_use block has no `input`".to_owned()),
            };
            self.push(format!("/content/{i}/input"), name, body, finish.clone());
        }
        // Text next to a tool call is the model's commentary, not the output.
        if !tools {
            match texts.as_slice() {
                [] => {
                    let why = "the message has no text or tool_use block".to_owned();
                    self.push("/content".to_owned(), None, Body::Missing(why), finish);
                }
                [(i, t)] => {
                    let at = format!("/content/{i}/text");
                    self.push(at, None, Body::Text((*t).to_owned()), finish);
                }
                many => {
                    let text = many.iter().map(|(_, t)| *t).collect();
                    self.push("/content".to_owned(), None, Body::Text(text), finish);
                }
            }
        }
        Ok(())
    }

    fn gemini(&mut self, root: &Node) -> Result<(), String> {
        let candidates = root.get("candidates").and_then(Node::as_array);
        let Some(candidates) = candidates.filter(|c| !c.is_empty()) else {
            let why = match root
                .get("promptFeedback")
                .and_then(|f| f.get("blockReason"))
                .and_then(Node::as_str)
            {
                Some(reason) => {
                    format!("the prompt was blocked (promptFeedback.blockReason: {reason})")
                }
                None if root.get("candidates").is_none()
                    && root.get("promptFeedback").is_none() =>
                {
                    return Err(missing_key(Envelope::Gemini, "candidates"))
                }
                None => "the reply has no candidates".to_owned(),
            };
            self.push("/candidates".to_owned(), None, Body::Missing(why), None);
            return Ok(());
        };
        for (i, cand) in candidates.iter().enumerate() {
            let at = format!("/candidates/{i}");
            let finish = finish_of(cand, "finishReason", &["MAX_TOKENS"]);
            let parts = cand
                .get("content")
                .and_then(|c| c.get("parts"))
                .and_then(Node::as_array)
                .unwrap_or_default();
            let mut texts: Vec<(usize, &str)> = Vec::new();
            let before = self.parts.len();
            for (j, part) in parts.iter().enumerate() {
                if part.get("thought").and_then(Node::as_bool) == Some(true) {
                    continue;
                }
                if let Some(t) = part.get("text").and_then(Node::as_str) {
                    texts.push((j, t));
                } else if let Some(call) = part.get("functionCall") {
                    let name = call.get("name").and_then(Node::as_str).map(str::to_owned);
                    let base = format!("{at}/content/parts/{j}/functionCall");
                    // A call without `args` has the empty object as its arguments.
                    let (pointer, body) = match call.get("args") {
                        Some(args) => (
                            format!("{base}/args"),
                            Body::Raw(args.span.start..args.span.end),
                        ),
                        None => (base, Body::Text("{}".to_owned())),
                    };
                    self.push(pointer, name, body, finish.clone());
                }
            }
            match texts.as_slice() {
                [] => {}
                [(j, t)] => {
                    let pointer = format!("{at}/content/parts/{j}/text");
                    self.push(pointer, None, Body::Text((*t).to_owned()), finish.clone());
                }
                many => {
                    // A long reply may come in several text parts: they are one output.
                    let text = many.iter().map(|(_, t)| *t).collect();
                    let pointer = format!("{at}/content/parts");
                    self.push(pointer, None, Body::Text(text), finish.clone());
                }
            }
            if self.parts.len() == before {
                let why = match &finish {
                    Some(f) if !f.cut_off && f.value != "STOP" => {
                        format!("the candidate has no content ({f}: the output was blocked)")
                    }
                    _ => "the candidate has no text or functionCall part".to_owned(),
                };
                self.push(format!("{at}/content"), None, Body::Missing(why), finish);
            }
        }
        Ok(())
    }

    fn batch(&mut self, root: &Node) -> Result<(), String> {
        self.batch = true;
        if let Some(error) = root.get("error").filter(|e| e.is_object()) {
            let message = error.get("message").and_then(Node::as_str).unwrap_or("");
            let code = error.get("code").and_then(Node::as_str).unwrap_or("error");
            let why = format!("the request failed ({code}): {message}");
            self.push("/error".to_owned(), None, Body::Missing(why), None);
            return Ok(());
        }
        let response = root
            .get("response")
            .filter(|r| r.is_object())
            .ok_or_else(|| missing_key(Envelope::Batch, "response"))?;
        let status = response
            .get("status_code")
            .and_then(|s| match &s.value {
                Value::Number(n) => n.parse::<u32>().ok(),
                _ => None,
            })
            .unwrap_or(200);
        let Some(body) = response.get("body").filter(|b| b.is_object()) else {
            let why = format!("the response has no body (status {status})");
            self.push("/response".to_owned(), None, Body::Missing(why), None);
            return Ok(());
        };
        if status != 200 {
            let message = body
                .get("error")
                .and_then(|e| e.get("message"))
                .and_then(Node::as_str)
                .unwrap_or("");
            let why = format!("the request failed with status {status}: {message}");
            self.push("/response/body".to_owned(), None, Body::Missing(why), None);
            return Ok(());
        }
        self.envelope = detect(body);
        match self.envelope {
            Envelope::Responses => self.responses(body, "/response/body"),
            Envelope::ChatCompletion => self.chat(body, "/response/body"),
            other => Err(format!(
                "the batch line's response body is a {}, not a Chat Completions or Responses API response",
                other.describe()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Envelope, Vec<Part>) {
        let doc = schemalint_check::source::parse("r.json", text).unwrap();
        let env = detect(&doc.root);
        (env, extract(&doc.root, env).unwrap())
    }

    #[test]
    fn chat_content_refusal_and_tool_arguments() {
        let (env, p) = parts(
            r#"{"object":"chat.completion","choices":[
              {"index":0,"message":{"role":"assistant","content":"{\"a\":1}","refusal":null},"finish_reason":"stop"},
              {"index":1,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"},
              {"index":2,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"},
              {"index":3,"message":{"role":"assistant","content":null},"finish_reason":"length"}]}"#,
        );
        assert_eq!(env, Envelope::ChatCompletion);
        assert_eq!(p[0].pointer, "/choices/0/message/content");
        assert_eq!(p[0].body, Body::Text(r#"{"a":1}"#.to_owned()));
        assert_eq!(
            p[1].body,
            Body::Refusal("I can't help with that.".to_owned())
        );
        assert_eq!(
            p[2].pointer,
            "/choices/2/message/tool_calls/0/function/arguments"
        );
        assert_eq!(p[2].tool.as_deref(), Some("get_weather"));
        assert!(matches!(p[3].body, Body::Missing(_)));
        assert!(p[3].finish.as_ref().unwrap().cut_off);
    }

    #[test]
    fn every_shape_is_recognised() {
        let cases = [
            (
                r#"{"id":"resp","object":"response","status":"completed","output":[]}"#,
                Envelope::Responses,
            ),
            (
                r#"{"output":{"choices":[]},"request_id":"x"}"#,
                Envelope::DashscopeNative,
            ),
            (
                r#"{"type":"message","role":"assistant","content":[]}"#,
                Envelope::AnthropicMessage,
            ),
            (r#"{"candidates":[]}"#, Envelope::Gemini),
            (
                r#"{"custom_id":"r1","response":{"status_code":200,"body":{}},"error":null}"#,
                Envelope::Batch,
            ),
            (
                r#"{"type":"object","properties":{"choices":{}}}"#,
                Envelope::Bare,
            ),
            (r#"{"choices":["a","b"]}"#, Envelope::Bare),
        ];
        for (text, want) in cases {
            let doc = schemalint_check::source::parse("r.json", text).unwrap();
            assert_eq!(detect(&doc.root), want, "{text}");
        }
    }

    #[test]
    fn anthropic_tool_input_is_a_range_of_the_reply() {
        let text = r#"{"type":"message","content":[{"type":"text","text":"Let me check."},{"type":"tool_use","id":"t","name":"get_weather","input":{"city":"Paris"}}],"stop_reason":"tool_use"}"#;
        let (_, p) = parts(text);
        assert_eq!(p.len(), 1, "the commentary text is not an output");
        let Body::Raw(r) = &p[0].body else {
            panic!("{p:?}")
        };
        assert_eq!(&text[r.clone()], r#"{"city":"Paris"}"#);
        assert_eq!(p[0].pointer, "/content/1/input");
    }

    #[test]
    fn forcing_a_shape_the_reply_lacks_names_the_key() {
        let doc = schemalint_check::source::parse("r.json", r#"{"a":1}"#).unwrap();
        let err = extract(&doc.root, Envelope::ChatCompletion).unwrap_err();
        assert!(err.contains("`choices`"), "{err}");
    }
}
