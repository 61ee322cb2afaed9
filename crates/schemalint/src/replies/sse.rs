//! Streamed replies: server-sent events from a provider, reassembled into the
//! outputs they carry and validated **while the stream is read**, each output
//! through its own [`StreamValidator`].
//!
//! Recognised events (the providers' documented streaming formats):
//! - OpenAI / Azure / DashScope compatible-mode `chat.completion.chunk`:
//!   `choices[].delta.content`, `delta.refusal`, `delta.tool_calls[]` (by
//!   `index`, the name from `function.name`, the text from `function.arguments`),
//!   `choices[].finish_reason`; `data: [DONE]` ends the stream.
//! - Responses API: `response.output_text.delta`, `response.refusal.delta`,
//!   `response.output_item.added` (a `function_call` item names its tool),
//!   `response.function_call_arguments.delta`, `response.incomplete`
//!   (`incomplete_details.reason`), `response.failed` and `error`.
//! - Anthropic Messages: `content_block_start` (a `tool_use` block names its
//!   tool), `content_block_delta` with `text_delta` or `input_json_delta`,
//!   `message_delta` (`stop_reason`) and `error`.
//!
//! Other events (`ping`, `message_start`, `response.created`, thinking deltas,
//! usage chunks, …) are read and skipped. Reading stops at the first output for
//! which no completion can be valid: that output is reported `invalid` (or
//! `malformed`) with the abort's error, and the rest of the stream is not read
//! (on a live pipe, that is what cancels the generation).

use std::borrow::Cow;
use std::io::BufRead;

use schemalint_validate::{Abort, ErrorKind, Progress, StreamValidator, Validator};
use serde_json::Value;

use super::envelope::{Body, Envelope, Finish};
use super::status::{self, Status, Verdict};
use super::{Checked, Schemas};

/// Where an output lives in the reply the stream builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// Chat: `choices[choice].message.content` (and its refusal).
    Content { choice: u64 },
    /// Chat: `choices[choice].message.tool_calls[index].function.arguments`.
    ToolCall { choice: u64, index: u64 },
    /// Responses: `output[output].content[content]` (text or refusal).
    Text { output: u64, content: u64 },
    /// Responses: `output[output].arguments` of a function call.
    Call { output: u64 },
    /// Anthropic: `content[index]` (text, or a `tool_use` block's input).
    Block { index: u64, tool_use: bool },
}

impl Key {
    fn envelope(self) -> Envelope {
        match self {
            Key::Content { .. } | Key::ToolCall { .. } => Envelope::ChatCompletion,
            Key::Text { .. } | Key::Call { .. } => Envelope::Responses,
            Key::Block { .. } => Envelope::AnthropicMessage,
        }
    }

    fn pointer(self, refusal: bool) -> String {
        match self {
            Key::Content { choice } if refusal => format!("/choices/{choice}/message/refusal"),
            Key::Content { choice } => format!("/choices/{choice}/message/content"),
            Key::ToolCall { choice, index } => {
                format!("/choices/{choice}/message/tool_calls/{index}/function/arguments")
            }
            Key::Text { output, content } if refusal => {
                format!("/output/{output}/content/{content}/refusal")
            }
            Key::Text { output, content } => format!("/output/{output}/content/{content}/text"),
            Key::Call { output } => format!("/output/{output}/arguments"),
            Key::Block { index, tool_use } => {
                format!(
                    "/content/{index}/{}",
                    if tool_use { "input" } else { "text" }
                )
            }
        }
    }

    fn same_place(self, other: Key) -> bool {
        match (self, other) {
            (Key::Block { index: a, .. }, Key::Block { index: b, .. }) => a == b,
            (a, b) => a == b,
        }
    }

    /// The chat choice this output belongs to (finish reasons are per choice).
    fn choice(self) -> Option<u64> {
        match self {
            Key::Content { choice } | Key::ToolCall { choice, .. } => Some(choice),
            _ => None,
        }
    }
}

/// One output being reassembled.
struct Output<'s> {
    key: Key,
    tool: Option<String>,
    /// The text so far (kept to show it in reports and positions).
    text: Vec<u8>,
    refusal: Option<String>,
    /// The schema, once the first delta came (`Err`: none fits, e.g. an unknown tool).
    chosen: Option<Result<(&'s Validator, Option<String>), String>>,
    stream: Option<StreamValidator<'s>>,
    finish: Option<Finish>,
    /// The early abort, and the stream line it came on.
    abort: Option<(Abort, usize)>,
}

impl Output<'_> {
    /// An abort that stops reading. Anthropic text that cannot start JSON does
    /// not: it may be commentary before a `tool_use` block, or a refusal
    /// (`stop_reason: "refusal"`), which only later events tell.
    fn stops(&self) -> bool {
        self.abort.as_ref().is_some_and(|(a, _)| {
            !(matches!(
                self.key,
                Key::Block {
                    tool_use: false,
                    ..
                }
            ) && matches!(
                a.error.kind,
                ErrorKind::Malformed { .. } | ErrorKind::InvalidUtf8 { .. }
            ))
        })
    }
}

/// Reads an SSE stream and validates its outputs as they arrive.
struct Reader<'s> {
    schemas: &'s Schemas,
    outputs: Vec<Output<'s>>,
    /// A finish reason for every output (Anthropic `stop_reason`, Responses `incomplete`).
    finish: Option<Finish>,
    /// What an `error` event said.
    error: Option<String>,
    line: usize,
    done: bool,
}

/// Reads the SSE stream in `input` and validates every output in it. `Err` (a
/// usage error) when the input cannot be read, an event's data is not JSON, or
/// no event carries provider output.
pub fn check_stream(
    schemas: &Schemas,
    input: impl BufRead,
    extract: bool,
) -> Result<Vec<Checked<'static>>, String> {
    let mut reader = Reader {
        schemas,
        outputs: Vec::new(),
        finish: None,
        error: None,
        line: 0,
        done: false,
    };
    reader.read(input)?;
    Ok(reader.verdicts(extract))
}

impl<'s> Reader<'s> {
    fn read(&mut self, mut input: impl BufRead) -> Result<(), String> {
        let mut line = Vec::new();
        let mut data = String::new();
        let mut has_data = false;
        let mut recognised = false;
        loop {
            line.clear();
            let n = input
                .read_until(b'\n', &mut line)
                .map_err(|e| format!("cannot read the stream: {e}"))?;
            if n > 0 {
                self.line += 1;
            }
            let text = std::str::from_utf8(&line)
                .map_err(|e| format!("line {}: the stream is not UTF-8 ({e})", self.line))?;
            let text = text.trim_end_matches('\n').trim_end_matches('\r');
            // A blank line dispatches the event; at the end of the input an event
            // without one is incomplete (a dropped connection) and, as the SSE
            // specification says, discarded.
            if text.is_empty() {
                if has_data && n > 0 {
                    recognised |= self.event(&data)?;
                    data.clear();
                    has_data = false;
                }
                if n == 0 || self.done || self.aborted() {
                    break;
                }
                continue;
            }
            if text.starts_with(':') {
                continue;
            }
            let (field, value) = match text.split_once(':') {
                Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
                None => (text, ""),
            };
            if field == "data" {
                if has_data {
                    data.push('\n');
                }
                data.push_str(value);
                has_data = true;
            }
        }
        if !recognised && self.outputs.is_empty() {
            return Err(
                "no chat.completion.chunk, Responses or Anthropic streaming event in the stream"
                    .to_owned(),
            );
        }
        Ok(())
    }

    fn aborted(&self) -> bool {
        self.outputs.iter().any(Output::stops)
    }

    /// One event's data; `true` when it is a provider event.
    fn event(&mut self, data: &str) -> Result<bool, String> {
        if data.trim() == "[DONE]" {
            self.done = true;
            return Ok(true);
        }
        let event: Value = serde_json::from_str(data)
            .map_err(|e| format!("line {}: the event's data is not JSON: {e}", self.line))?;
        let index = |v: &Value, key: &str| v.get(key).and_then(Value::as_u64).unwrap_or(0);
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        if let Some(choices) = event.get("choices").and_then(Value::as_array) {
            for (position, c) in choices.iter().enumerate() {
                let choice = c
                    .get("index")
                    .and_then(Value::as_u64)
                    .unwrap_or(position as u64);
                let delta = c.get("delta").unwrap_or(&Value::Null);
                if let Some(t) = delta.get("content").and_then(Value::as_str) {
                    self.feed(Key::Content { choice }, None, t);
                }
                if let Some(r) = delta.get("refusal").and_then(Value::as_str) {
                    self.refuse(Key::Content { choice }, r);
                }
                for call in delta
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let function = call.get("function").unwrap_or(&Value::Null);
                    let key = Key::ToolCall {
                        choice,
                        index: index(call, "index"),
                    };
                    let args = function.get("arguments").and_then(Value::as_str);
                    self.feed(key, text(function, "name"), args.unwrap_or(""));
                }
                if let Some(reason) = c.get("finish_reason").and_then(Value::as_str) {
                    let finish = Finish {
                        field: "finish_reason",
                        value: reason.to_owned(),
                        cut_off: reason == "length",
                    };
                    for o in &mut self.outputs {
                        if o.key.choice() == Some(choice) {
                            o.finish = Some(finish.clone());
                        }
                    }
                }
            }
            return Ok(true);
        }
        let Some(kind) = event.get("type").and_then(Value::as_str) else {
            return Ok(false);
        };
        let delta = event.get("delta");
        let output = index(&event, "output_index");
        match kind {
            "content_block_start" => {
                let block = event.get("content_block").unwrap_or(&Value::Null);
                let at = index(&event, "index");
                match block.get("type").and_then(Value::as_str) {
                    Some("tool_use") => {
                        let key = Key::Block {
                            index: at,
                            tool_use: true,
                        };
                        self.feed(key, text(block, "name"), "");
                    }
                    Some("text") => {
                        let key = Key::Block {
                            index: at,
                            tool_use: false,
                        };
                        let t = block.get("text").and_then(Value::as_str).unwrap_or("");
                        self.feed(key, None, t);
                    }
                    _ => {}
                }
            }
            "content_block_delta" => {
                let delta = delta.unwrap_or(&Value::Null);
                let at = index(&event, "index");
                match delta.get("type").and_then(Value::as_str) {
                    Some("text_delta") => {
                        let t = delta.get("text").and_then(Value::as_str).unwrap_or("");
                        let key = Key::Block {
                            index: at,
                            tool_use: false,
                        };
                        self.feed(key, None, t);
                    }
                    Some("input_json_delta") => {
                        let t = delta.get("partial_json").and_then(Value::as_str);
                        let key = Key::Block {
                            index: at,
                            tool_use: true,
                        };
                        self.feed(key, None, t.unwrap_or(""));
                    }
                    _ => {}
                }
            }
            "message_delta" => {
                if let Some(reason) = delta
                    .and_then(|d| d.get("stop_reason"))
                    .and_then(Value::as_str)
                {
                    self.finish = Some(Finish {
                        field: "stop_reason",
                        value: reason.to_owned(),
                        cut_off: reason == "max_tokens",
                    });
                }
            }
            "response.output_item.added" => {
                let item = event.get("item").unwrap_or(&Value::Null);
                if item.get("type").and_then(Value::as_str) == Some("function_call") {
                    self.feed(Key::Call { output }, text(item, "name"), "");
                }
            }
            "response.output_text.delta" | "response.function_call_arguments.delta" => {
                let t = delta.and_then(Value::as_str).unwrap_or("");
                let key = if kind == "response.output_text.delta" {
                    Key::Text {
                        output,
                        content: index(&event, "content_index"),
                    }
                } else {
                    Key::Call { output }
                };
                self.feed(key, None, t);
            }
            "response.refusal.delta" => {
                let key = Key::Text {
                    output,
                    content: index(&event, "content_index"),
                };
                self.refuse(key, delta.and_then(Value::as_str).unwrap_or(""));
            }
            "response.incomplete" => {
                let reason = event
                    .pointer("/response/incomplete_details/reason")
                    .and_then(Value::as_str);
                self.finish = Some(match reason {
                    Some(r) => Finish {
                        field: "incomplete_details.reason",
                        value: r.to_owned(),
                        cut_off: true,
                    },
                    None => Finish {
                        field: "status",
                        value: "incomplete".to_owned(),
                        cut_off: true,
                    },
                });
                self.done = true;
            }
            "response.completed" | "message_stop" => self.done = true,
            "error" | "response.failed" => {
                let message = event
                    .pointer("/error/message")
                    .or_else(|| event.pointer("/response/error/message"))
                    .or_else(|| event.get("message"))
                    .and_then(Value::as_str)
                    .unwrap_or("no message");
                self.error = Some(message.to_owned());
                self.done = true;
            }
            _ => {}
        }
        Ok(kind.starts_with("response.")
            || kind.starts_with("message_")
            || kind.starts_with("content_block_")
            || matches!(kind, "ping" | "error"))
    }

    fn output(&mut self, key: Key) -> &mut Output<'s> {
        let i = match self.outputs.iter().position(|o| o.key.same_place(key)) {
            Some(i) => i,
            None => {
                self.outputs.push(Output {
                    key,
                    tool: None,
                    text: Vec::new(),
                    refusal: None,
                    chosen: None,
                    stream: None,
                    finish: None,
                    abort: None,
                });
                self.outputs.len() - 1
            }
        };
        &mut self.outputs[i]
    }

    /// Appends a delta to an output and validates it.
    fn feed(&mut self, key: Key, tool: Option<String>, delta: &str) {
        let schemas = self.schemas;
        let line = self.line;
        let o = self.output(key);
        if tool.is_some() && o.tool.is_none() {
            o.tool = tool;
        }
        if delta.is_empty() {
            return;
        }
        let Ok((validator, _)) = o.chosen.get_or_insert_with(|| {
            schemas
                .for_output(o.tool.as_deref())
                .map(|c| (c.validator, c.name.map(str::to_owned)))
        }) else {
            o.text.extend_from_slice(delta.as_bytes());
            return;
        };
        let stream = o.stream.get_or_insert_with(|| validator.stream());
        o.text.extend_from_slice(delta.as_bytes());
        if o.abort.is_none() {
            if let Progress::Invalid(abort) = stream.feed(delta.as_bytes()) {
                o.abort = Some((abort, line));
            }
        }
    }

    fn refuse(&mut self, key: Key, delta: &str) {
        self.output(key)
            .refusal
            .get_or_insert_with(String::new)
            .push_str(delta);
    }

    fn verdicts(self, extract: bool) -> Vec<Checked<'static>> {
        let Reader {
            outputs,
            finish: all,
            error,
            done,
            ..
        } = self;
        let stopped = outputs.iter().any(Output::stops);
        // Anthropic text next to a tool call is the model's commentary (as in a whole message).
        let tool_use = outputs
            .iter()
            .any(|o| matches!(o.key, Key::Block { tool_use: true, .. }));
        let refused = all.as_ref().is_some_and(|f| f.value == "refusal");
        let mut out = Vec::new();
        for mut o in outputs {
            let text_block = matches!(
                o.key,
                Key::Block {
                    tool_use: false,
                    ..
                }
            );
            if text_block && tool_use {
                continue;
            }
            if text_block && refused {
                o.refusal = Some(String::from_utf8_lossy(&o.text).into_owned());
                o.text.clear();
            }
            let finish = o.finish.clone().or_else(|| all.clone());
            let refusal = o.refusal.is_some() && o.text.is_empty();
            let stops = o.stops();
            let (schema, mut verdict) = match (&o.chosen, o.stream.take(), &o.abort) {
                _ if refusal => {
                    let body = Body::Refusal(o.refusal.clone().unwrap_or_default());
                    let v = status::without_text(&body, finish.as_ref());
                    (
                        None,
                        v.unwrap_or_else(|| Verdict::plain(Status::Refusal, "")),
                    )
                }
                (Some(Err(message)), _, _) => {
                    (None, Verdict::plain(Status::Invalid, message.clone()))
                }
                (Some(Ok((_, name))), Some(_), Some((abort, line))) => {
                    let errors = vec![abort.error.clone()];
                    let detail = format!(
                        "no completion of this output can be valid from byte {} (stream line \
                         {line}){}",
                        abort.offset,
                        if stops { "; reading stopped there" } else { "" }
                    );
                    let verdict = Verdict {
                        status: status::status_of(&errors),
                        errors,
                        detail: Some(detail),
                        wrapped: None,
                    };
                    (name.clone(), verdict)
                }
                (Some(Ok((validator, name))), Some(stream), None) => {
                    let result = stream.finish();
                    let v =
                        status::judge_result(validator, &o.text, result, finish.as_ref(), extract);
                    (name.clone(), v)
                }
                _ if stopped => continue,
                _ => (
                    None,
                    Verdict::plain(
                        Status::NoContent,
                        match &finish {
                            Some(f) => format!("the stream has no text for this output ({f})"),
                            None => "the stream has no text for this output".to_owned(),
                        },
                    ),
                ),
            };
            if stopped && !stops && verdict.status != Status::Valid {
                // Cut off by the early stop, not by the model.
                continue;
            }
            if let Some(e) = &error {
                let note = format!("the stream reported an error: {e}");
                verdict.detail = Some(match verdict.detail {
                    Some(d) => format!("{d}; {note}"),
                    None => note,
                });
            }
            if !done && !stopped && verdict.status == Status::Truncated {
                let note = "the stream ended without its final event";
                verdict.detail = Some(match verdict.detail {
                    Some(d) => format!("{d}; {note}"),
                    None => note.to_owned(),
                });
            }
            out.push(Checked {
                envelope: o.key.envelope(),
                batch: false,
                sse: true,
                pointer: o.key.pointer(refusal),
                tool: o.tool,
                schema,
                finish,
                text: Cow::Owned(o.text),
                offset: None,
                span: 0..0,
                verdict,
            });
        }
        if out.is_empty() {
            out.push(Checked {
                envelope: Envelope::Bare,
                batch: false,
                sse: true,
                pointer: String::new(),
                tool: None,
                schema: None,
                finish: all,
                text: Cow::Owned(Vec::new()),
                offset: None,
                span: 0..0,
                verdict: Verdict::plain(
                    Status::NoContent,
                    match error {
                        Some(e) => {
                            format!("the stream carries no output; it reported an error: {e}")
                        }
                        None => "the stream carries no output".to_owned(),
                    },
                ),
            });
        }
        out
    }
}
