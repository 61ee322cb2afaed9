//! `schemalint validate`: check model outputs against a schema.
//!
//! `schemalint validate (--schema SCHEMA | --request REQUEST) [--input SHAPE] [--extract]
//! [--format full|concise|json] [--jsonl | --sse] [--draft D] [--ref-dir DIR]… [--document URI=PATH]…
//! [INSTANCE…|-]`
//!
//! SCHEMA may be a bare schema or any envelope `schemalint check` accepts
//! (`response_format`, a `json_schema` object, a tool); REQUEST is a request body,
//! whose response format validates message content and whose tools validate tool-call
//! arguments, by tool name. Each INSTANCE file (or standard input, `-` or no
//! argument) holds one model output or one provider reply (`crate::replies`: the
//! shape is detected, `--input` forces it), or with `--jsonl` one per line (a log,
//! a Batch API output file). Outputs are validated from their bytes in one pass,
//! and each gets a status: valid, invalid, truncated (with the open containers and
//! the finish reason), refusal, malformed (naming JSON wrapped in a fence or prose;
//! `--extract` validates it) or no_content.
//! `$ref`s reach only the bundled meta-schemas and the documents named with
//! `--ref-dir`/`--document` (see `validate_refs`).
//!
//! Exit status: 0 when every output is valid, 1 when some is not, 2 for a schema,
//! usage or read error.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::files::Input;
use crate::limits::{self, LimitArgs, Refusal};

use crate::replies::{self, Checked, Envelope, Schemas, Status};
use schemalint_diagnostics::render::{Concise, Full};
use schemalint_diagnostics::{
    Diagnostic, FileReport, Renderer, Report, Severity, SourceFile, Span,
};
use schemalint_validate::{ErrorKind, ValidationError, Validator};
use serde_json::{json, Value};

/// Arguments of `schemalint validate`.
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// The schema: bare, or inside a response_format / json_schema / tool envelope.
    #[arg(long, value_name = "SCHEMA", required_unless_present = "request")]
    pub schema: Option<PathBuf>,
    /// Take the schemas from this request body: its response format for content,
    /// its tools (by name) for tool-call arguments.
    #[arg(long, value_name = "REQUEST", conflicts_with = "schema")]
    pub request: Option<PathBuf>,
    /// The shape of each input; detected when not given.
    #[arg(long, value_enum, value_name = "SHAPE")]
    pub input: Option<Envelope>,
    /// Validate JSON found inside a Markdown fence or prose (and report that it was wrapped).
    #[arg(long)]
    pub extract: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Full)]
    pub format: ValidateFormat,
    /// Treat each input as JSON Lines: validate every non-empty line on its own.
    #[arg(long)]
    pub jsonl: bool,
    /// Read each input as a server-sent event stream (OpenAI chat.completion.chunk,
    /// Responses API or Anthropic Messages events): outputs are reassembled from their
    /// deltas and validated while reading, which stops at the first output that can no
    /// longer be valid.
    #[arg(long, conflicts_with_all = ["jsonl", "input"])]
    pub sse: bool,
    #[command(flatten)]
    pub refs: crate::validate_refs::RefArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Instance files; `-` or nothing reads standard input.
    #[arg(value_name = "INSTANCE")]
    pub instances: Vec<PathBuf>,
}

/// Output formats of `schemalint validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    /// Code frames on the instance at the failing span.
    Full,
    /// One line per error: `path:line:col: error[validate/keyword] message`.
    Concise,
    /// The versioned JSON contract (`version`, `results`, `summary`).
    Json,
}

/// One validated output: a whole file, one line of a JSONL file, or one output
/// inside a provider reply.
struct Outcome {
    path: String,
    /// 1-based line for JSONL inputs.
    line: Option<usize>,
    /// The output's text (lossy for invalid UTF-8), for positions and frames.
    text: SourceFile,
    /// Byte offset of the reply within its file.
    offset: usize,
    errors: Vec<ValidationError>,
    reply: Reply,
}

/// Where an output was in its reply, and what became of it.
struct Reply {
    status: Status,
    envelope: Cow<'static, str>,
    /// JSON pointer of the output in the reply (empty for a bare output).
    pointer: String,
    tool: Option<String>,
    schema: Option<String>,
    finish: Option<replies::Finish>,
    detail: Option<String>,
    wrapped: Option<replies::Wrapped>,
    /// Where the output's text starts in the reply; `None` when it was decoded
    /// from a JSON string (its positions are then in the decoded text).
    text_offset: Option<usize>,
    /// Byte range in the reply of the value at `pointer`.
    span: std::ops::Range<usize>,
}

/// Runs the command; `color` enables ANSI colours in human formats.
pub fn run(args: &ValidateArgs, color: bool) -> ExitCode {
    let schemas = match load_schemas(args) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let inputs: Vec<Option<PathBuf>> = if args.instances.is_empty() {
        vec![None]
    } else {
        args.instances
            .iter()
            .map(|p| (p.as_os_str() != "-").then(|| p.clone()))
            .collect()
    };
    let mut outcomes = Vec::new();
    let mut files: Vec<(String, SourceFile)> = Vec::new();
    for input in &inputs {
        let input = input.clone().map_or(Input::Stdin, Input::File);
        let name = input.display_name();
        if args.sse {
            let checked = input
                .open()
                .map_err(|e| format!("cannot read {name}: {e}"))
                .and_then(|r| {
                    replies::sse::check_stream(&schemas, std::io::BufReader::new(r), args.extract)
                        .map_err(|e| format!("{name}: {e}"))
                });
            match checked {
                Ok(checked) => {
                    outcomes.extend(checked.into_iter().map(|c| outcome(&name, None, 0, c)))
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::from(2);
                }
            }
            // Every output is decoded text with a report of its own; the stream is not kept.
            files.push((name.clone(), SourceFile::new(name, String::new())));
            continue;
        }
        let mut failed = None;
        let read = read_outputs(&input, args, &mut |line, bytes, offset, refused| {
            if failed.is_none() {
                match check_one(&schemas, args, &name, line, bytes, offset, refused) {
                    Ok(o) => outcomes.extend(o),
                    Err(message) => failed = Some(message),
                }
            }
        });
        let bytes = match (read, failed) {
            (Ok(bytes), None) => bytes,
            (Err(e), _) => {
                eprintln!("error: cannot read {name}: {e}");
                return ExitCode::from(2);
            }
            (_, Some(message)) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        };
        let whole = SourceFile::new(name.clone(), String::from_utf8_lossy(&bytes).into_owned());
        files.push((name, whole));
    }

    let valid = outcomes
        .iter()
        .filter(|o| o.reply.status == Status::Valid)
        .count();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        ValidateFormat::Json => {
            let doc = json_report(&outcomes);
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            writeln!(out, "{text}")
        }
        ValidateFormat::Full | ValidateFormat::Concise => {
            let report = diagnostics_report(&outcomes, &files);
            // The caller already resolved --color against the terminal.
            let use_color = color;
            if args.format == ValidateFormat::Full {
                Full::new(use_color).render(&report, &mut out)
            } else {
                Concise::new(use_color).render(&report, &mut out)
            }
        }
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if args.format != ValidateFormat::Json {
        eprintln!("{}", summary_line(&outcomes));
    }
    if valid < outcomes.len() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `3 instances: 1 valid, 1 invalid, 1 truncated` (statuses that occur, in order).
fn summary_line(outcomes: &[Outcome]) -> String {
    let mut parts = Vec::new();
    for status in Status::ALL {
        let n = outcomes.iter().filter(|o| o.reply.status == status).count();
        if n > 0 || matches!(status, Status::Valid | Status::Invalid) {
            parts.push(format!("{n} {}", status.id()));
        }
    }
    format!(
        "{} instance{}: {}",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// One output handed over by [`read_outputs`]: its line (JSON Lines), its bytes, where
/// they start in the text kept, and why reading stopped early.
type EachOutput<'a> = dyn FnMut(Option<usize>, &[u8], usize, Option<Refusal>) + 'a;

/// Reads one input: one document, or JSON Lines (`--jsonl`, or a file whose first line
/// is a Batch API output line), handing each output to `each` as it is read. Reading
/// stops a little past a document's first fatal error (see [`limits::read_json`]).
/// Returns the text kept for code frames: every line as read (a refused line cut a
/// little past its error), so positions stay true.
fn read_outputs(
    input: &Input,
    args: &ValidateArgs,
    each: &mut EachOutput<'_>,
) -> std::io::Result<Vec<u8>> {
    let max_depth = args.limits.max_depth;
    let mut reader = input.open()?;
    if args.jsonl {
        return read_output_lines(reader, max_depth, each);
    }
    let read = limits::read_json(&mut reader, max_depth)?;
    // A second document after the first line is a syntax error to the reader.
    let syntax_error = read.refused.is_some_and(|r| !r.too_deep);
    if syntax_error && looks_like_batch_output(&read.bytes, args.input, max_depth) {
        let again = read
            .bytes
            .as_slice()
            .chain(read.rest.as_slice())
            .chain(reader);
        return read_output_lines(again, max_depth, each);
    }
    each(None, &read.bytes, 0, read.refused);
    Ok(read.bytes)
}

fn read_output_lines(
    reader: impl Read,
    max_depth: usize,
    each: &mut EachOutput<'_>,
) -> std::io::Result<Vec<u8>> {
    let mut kept = Vec::new();
    limits::read_json_lines(reader, max_depth, |line| {
        let line_start = kept.len();
        kept.extend_from_slice(line.bytes);
        kept.push(b'\n');
        let bytes = line.bytes.strip_suffix(b"\r").unwrap_or(line.bytes);
        if line.refused.is_some() || !bytes.iter().all(u8::is_ascii_whitespace) {
            each(Some(line.number), bytes, line_start, line.refused);
        }
    })?;
    Ok(kept)
}

/// A file whose first line is a Batch API output line is read line by line.
fn looks_like_batch_output(bytes: &[u8], input: Option<Envelope>, max_depth: usize) -> bool {
    if !matches!(input, None | Some(Envelope::Batch)) {
        return false;
    }
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let (Some(first), Some(_)) = (lines.next(), lines.next()) else {
        return false;
    };
    schemalint_check::source::parse_bytes_nested("line", first, max_depth)
        .is_ok_and(|doc| replies::envelope::detect(&doc.root) == Envelope::Batch)
}

/// The schemas from `--schema` or `--request`, read as `check` reads schemas (in
/// chunks, up to the first fatal error, with the same parser and nesting limit).
fn load_schemas(args: &ValidateArgs) -> Result<Schemas, String> {
    let max_depth = args.limits.max_depth;
    if let Some(path) = &args.request {
        let name = path.display().to_string();
        let read = Input::File(path.clone())
            .read_json(max_depth)
            .map_err(|e| format!("cannot read request {name}: {e}"))?;
        return Schemas::from_request(&name, &read.bytes, max_depth);
    }
    match &args.schema {
        Some(path) => load_validator(path, &args.refs, max_depth)
            .map(|v| Schemas::single(v).with_max_depth(max_depth)),
        None => Err("give the schema with --schema or --request".to_owned()),
    }
}

/// Reads SCHEMA, takes the schema out of its envelope, and compiles it with the draft
/// and documents `refs` names, for instances nested up to `max_depth` levels.
fn load_validator(
    path: &std::path::Path,
    refs: &crate::validate_refs::RefArgs,
    max_depth: usize,
) -> Result<Validator, String> {
    let options = refs
        .options(max_depth)?
        .max_depth(max_depth)
        .schema_max_depth(max_depth);
    let doc = limits::read_document("schema", path, max_depth)?
        .root
        .to_json();
    let (schema, at) =
        schemalint_check::extract_schema(&doc).unwrap_or_else(|| (doc.clone(), String::new()));
    options.build(&schema).map_err(|e| {
        let within = if at.is_empty() {
            String::new()
        } else {
            format!(" (schema found at {at})")
        };
        format!(
            "schema {}{within}: {}",
            path.display(),
            crate::validate_refs::explain(&e)
        )
    })
}

/// Checks one reply (a file, or a line of one) into one outcome per output.
/// `refused`: reading stopped at its first fatal error, and `bytes` ends a little
/// past it; a syntax error is then the validator's to describe, nesting past the
/// limit is reported here, in the words `check` uses.
fn check_one(
    schemas: &Schemas,
    args: &ValidateArgs,
    path: &str,
    line: Option<usize>,
    bytes: &[u8],
    offset: usize,
    refused: Option<Refusal>,
) -> Result<Vec<Outcome>, String> {
    if let Some(Refusal {
        offset: at,
        too_deep: true,
    }) = refused
    {
        let max_depth = args.limits.max_depth;
        return Ok(vec![too_deep(path, line, bytes, offset, at, max_depth)]);
    }
    let checked =
        replies::check_reply(schemas, bytes, args.input, args.extract).map_err(|e| match line {
            Some(line) => format!("{path}:{line}: {e}"),
            None => format!("{path}: {e}"),
        })?;
    Ok(checked
        .into_iter()
        .map(|c| outcome(path, line, offset, c))
        .collect())
}

/// The outcome for an output nested past `max_depth` at byte `at` (not validated).
fn too_deep(
    path: &str,
    line: Option<usize>,
    bytes: &[u8],
    offset: usize,
    at: usize,
    max_depth: usize,
) -> Outcome {
    let error = ValidationError {
        instance_pointer: String::new(),
        schema_pointer: String::new(),
        keyword: "",
        message: schemalint_check::source::too_deep_message(max_depth),
        range: Some(at..at + 1),
        kind: ErrorKind::TooDeep { limit: max_depth },
    };
    Outcome {
        path: path.to_owned(),
        line,
        text: SourceFile::new(path.to_owned(), String::from_utf8_lossy(bytes).into_owned()),
        offset,
        errors: vec![error],
        reply: Reply {
            status: Status::Invalid,
            envelope: Cow::Borrowed(Envelope::Bare.id()),
            pointer: String::new(),
            tool: None,
            schema: None,
            finish: None,
            detail: None,
            wrapped: None,
            text_offset: Some(0),
            span: 0..bytes.len(),
        },
    }
}

fn outcome(path: &str, line: Option<usize>, offset: usize, c: Checked<'_>) -> Outcome {
    let text = SourceFile::new(
        path.to_owned(),
        String::from_utf8_lossy(&c.text).into_owned(),
    );
    let envelope = c.envelope_id();
    let v = c.verdict;
    Outcome {
        path: path.to_owned(),
        line,
        text,
        offset,
        errors: v.errors,
        reply: Reply {
            status: v.status,
            envelope,
            pointer: c.pointer,
            tool: c.tool,
            schema: c.schema,
            finish: c.finish,
            detail: v.detail,
            wrapped: v.wrapped,
            text_offset: c.offset,
            span: c.span,
        },
    }
}

/// The rule id shown for an error: `validate/<keyword>` or the syntax problem.
fn rule_of(e: &ValidationError) -> Cow<'static, str> {
    match &e.kind {
        ErrorKind::Keyword | ErrorKind::PatternLimit => {
            Cow::Owned(format!("validate/{}", e.keyword))
        }
        ErrorKind::Malformed { .. } => Cow::Borrowed("validate/malformed-json"),
        ErrorKind::Truncated { .. } => Cow::Borrowed("validate/truncated"),
        ErrorKind::InvalidUtf8 { .. } => Cow::Borrowed("validate/invalid-utf8"),
        ErrorKind::TooDeep { .. } => Cow::Borrowed("validate/too-deep"),
    }
}

fn position_json(source: &SourceFile, offset: usize) -> Value {
    let p = source.position(offset.min(source.text().len()));
    json!({"line": p.line, "column": p.column, "offset": p.offset})
}

/// The JSON contract: `{"version": 1, "results": [...], "summary": {...}}`.
/// Each result has `status`, `envelope` and `pointer` (where the output is in the
/// reply); `tool`, `schema`, `finish`, `detail` and `wrapped` when they apply.
fn json_report(outcomes: &[Outcome]) -> Value {
    let results: Vec<Value> = outcomes
        .iter()
        .map(|o| {
            let errors: Vec<Value> = o
                .errors
                .iter()
                .map(|e| {
                    let range = e.range.as_ref().map_or(Value::Null, |r| {
                        json!({"start": position_json(&o.text, r.start), "end": position_json(&o.text, r.end)})
                    });
                    json!({
                        "instance_pointer": e.instance_pointer,
                        "schema_pointer": e.schema_pointer,
                        "keyword": e.keyword,
                        "message": e.message,
                        "range": range,
                    })
                })
                .collect();
            let r = &o.reply;
            let mut result = json!({
                "path": o.path,
                "line": o.line,
                "valid": r.status == Status::Valid,
                "status": r.status.id(),
                "envelope": r.envelope,
                "pointer": r.pointer,
                "errors": errors,
            });
            let open = o.errors.iter().find_map(|e| match &e.kind {
                ErrorKind::Truncated { open } => Some(json!(open
                    .iter()
                    .map(|c| json!({"kind": c.kind.to_string(), "pointer": c.pointer, "offset": c.offset}))
                    .collect::<Vec<_>>())),
                _ => None,
            });
            let extra = [
                ("open", open),
                ("tool", r.tool.as_ref().map(|t| json!(t))),
                ("schema", r.schema.as_ref().map(|t| json!(t))),
                (
                    "finish",
                    r.finish
                        .as_ref()
                        .map(|f| json!({"field": f.field, "value": f.value})),
                ),
                ("detail", r.detail.as_ref().map(|d| json!(d))),
                (
                    "wrapped",
                    r.wrapped.as_ref().map(|w| {
                        json!({"how": w.how.id(), "range": {
                            "start": position_json(&o.text, w.range.start),
                            "end": position_json(&o.text, w.range.end)}})
                    }),
                ),
            ];
            for (key, value) in extra {
                if let (Some(value), Some(map)) = (value, result.as_object_mut()) {
                    map.insert(key.to_owned(), value);
                }
            }
            result
        })
        .collect();
    let valid = outcomes
        .iter()
        .filter(|o| o.reply.status == Status::Valid)
        .count();
    let mut statuses = serde_json::Map::new();
    for status in Status::ALL {
        let n = outcomes.iter().filter(|o| o.reply.status == status).count();
        statuses.insert(status.id().to_owned(), json!(n));
    }
    json!({
        "version": 1,
        "results": results,
        "summary": {
            "instances": outcomes.len(),
            "valid": valid,
            "invalid": outcomes.len() - valid,
            "statuses": statuses,
        },
    })
}

fn help_for(e: &ValidationError) -> Option<&'static str> {
    match &e.kind {
        ErrorKind::Truncated { .. } => {
            Some("the output was cut off (finish_reason: length?): raise the token limit or ask for less")
        }
        ErrorKind::Malformed { .. } => Some("the output is not JSON: use a structured-output mode that guarantees JSON"),
        ErrorKind::PatternLimit => Some("simplify the pattern: it backtracks too much on this input"),
        ErrorKind::TooDeep { .. } => Some("raise the limit with --max-depth N if the nesting is intended"),
        _ => None,
    }
}

/// The rule id for a status without validation errors.
fn status_rule(r: &Reply) -> &'static str {
    match r.status {
        Status::Refusal => "validate/refusal",
        Status::NoContent => "validate/no-content",
        Status::Malformed if r.wrapped.is_some() => "validate/wrapped-json",
        Status::Valid if r.wrapped.is_some() => "validate/wrapped-json",
        Status::Valid => "validate/finish-reason",
        _ => "validate/no-schema",
    }
}

/// Diagnostics for the human formats, one file report per input file, with
/// spans in that file (JSONL lines are offset to their place in the file).
/// An output decoded from a JSON string gets a report of its own, named
/// `file#pointer` (`file:line#pointer` in JSONL), whose frames show the decoded text.
fn diagnostics_report(outcomes: &[Outcome], files: &[(String, SourceFile)]) -> Report {
    let mut report = Report::default();
    for (name, source) in files {
        let mut file = FileReport::new(name.clone(), Some(source.clone()));
        let mut decoded: Vec<FileReport> = Vec::new();
        for o in outcomes.iter().filter(|o| &o.path == name) {
            let r = &o.reply;
            let line_prefix = |m: String| match o.line {
                Some(line) => format!("line {line}: {m}"),
                None => m,
            };
            let within = if r.pointer.is_empty() {
                None
            } else {
                Some(format!("in the {} reply at {}", r.envelope, r.pointer))
            };
            let target = match r.text_offset {
                Some(at) => {
                    let base = o.offset + at;
                    (&mut file, Some(base))
                }
                None if !o.errors.is_empty() || r.wrapped.is_some() => {
                    let label = match o.line {
                        Some(line) => format!("{name}:{line}#{}", r.pointer),
                        None => format!("{name}#{}", r.pointer),
                    };
                    decoded.push(FileReport::new(label, Some(o.text.clone())));
                    let last = decoded.len() - 1;
                    (&mut decoded[last], Some(0))
                }
                None => (&mut file, None),
            };
            let (report_file, base) = target;
            for e in &o.errors {
                let span = match (base, e.range.as_ref()) {
                    (Some(b), Some(r)) => Some(Span::new(b + r.start, b + r.end)),
                    _ => None,
                };
                let at = if e.instance_pointer.is_empty() {
                    "(root)"
                } else {
                    &e.instance_pointer
                };
                let mut d = Diagnostic::new(
                    rule_of(e),
                    Severity::Error,
                    line_prefix(format!("{at}: {}", e.message)),
                )
                .with_pointer(e.instance_pointer.clone())
                .with_span(span);
                if !e.schema_pointer.is_empty() {
                    d = d.with_note(format!("schema: {}", e.schema_pointer));
                }
                if let Some(w) = &within {
                    d = d.with_note(w.clone());
                }
                if let Some(f) = r.finish.as_ref().filter(|f| f.cut_off) {
                    d = d.with_note(format!("the provider says {f}"));
                }
                if let Some(help) = help_for(e) {
                    d = d.with_help(help);
                }
                report_file.diagnostics.push(d);
            }
            let explained = !o.errors.is_empty() && r.wrapped.is_none();
            if let (Some(detail), false) = (&r.detail, explained) {
                let severity = if r.status == Status::Valid {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let (span, pointer) = match (&r.wrapped, base) {
                    (Some(w), Some(b)) => (Span::new(b + w.range.start, b + w.range.end), ""),
                    _ => (
                        Span::new(o.offset + r.span.start, o.offset + r.span.end),
                        r.pointer.as_str(),
                    ),
                };
                let in_file = r.wrapped.is_none() || r.text_offset.is_some();
                let mut d = Diagnostic::new(status_rule(r), severity, line_prefix(detail.clone()))
                    .with_pointer(pointer.to_owned())
                    .with_span(Some(span));
                if let Some(w) = &within {
                    d = d.with_note(w.clone());
                }
                if in_file {
                    file.diagnostics.push(d);
                } else if let Some(last) = decoded.last_mut() {
                    last.diagnostics.push(d);
                }
            }
        }
        file.sort();
        report.files.push(file);
        for mut d in decoded {
            d.sort();
            report.files.push(d);
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome_of(schemas: &Schemas, text: &str, line: Option<usize>) -> Outcome {
        let c = replies::check_reply(schemas, text.as_bytes(), None, false).unwrap();
        outcome("out.jsonl", line, 0, c.into_iter().next().unwrap())
    }

    fn single(schema: Value) -> Schemas {
        Schemas::single(Validator::new(&schema).unwrap())
    }

    #[test]
    fn json_contract_has_pointers_keywords_and_line_columns() {
        let v = single(json!({
            "type": "object",
            "properties": {"steps": {"type": "array", "items": {"required": ["output"]}}},
        }));
        let outcomes = [
            outcome_of(&v, r#"{"steps": [{"output": 1}]}"#, Some(1)),
            outcome_of(&v, r#"{"steps": [{"output": 1}, {"x": 2}]}"#, Some(7)),
        ];
        let doc = json_report(&outcomes);
        assert_eq!(doc["version"], 1);
        assert_eq!(
            doc["summary"],
            json!({"instances": 2, "valid": 1, "invalid": 1, "statuses":
                {"valid": 1, "invalid": 1, "truncated": 0, "refusal": 0, "malformed": 0, "no_content": 0}})
        );
        let bad = &doc["results"][1];
        assert_eq!(bad["line"], 7);
        assert_eq!(bad["valid"], false);
        let e = &bad["errors"][0];
        assert_eq!(e["instance_pointer"], "/steps/1");
        assert_eq!(e["schema_pointer"], "/properties/steps/items/required");
        assert_eq!(e["keyword"], "required");
        assert_eq!(
            e["range"]["start"],
            json!({"line": 1, "column": 27, "offset": 26})
        );
        assert_eq!(e["range"]["end"]["offset"], 34);
    }

    #[test]
    fn truncated_output_is_one_diagnostic_with_help() {
        let v = single(json!({"type": "object"}));
        let text = r#"{"steps": [1, 2"#;
        let o = outcome_of(&v, text, None);
        let files = vec![("out.jsonl".to_owned(), SourceFile::new("out.jsonl", text))];
        let report = diagnostics_report(&[o], &files);
        let d = &report.files[0].diagnostics[0];
        assert_eq!(d.rule, "validate/truncated");
        assert!(d.help.as_deref().unwrap_or_default().contains("cut off"));
        assert_eq!(d.span, Some(Span::new(text.len(), text.len())));
    }
}
