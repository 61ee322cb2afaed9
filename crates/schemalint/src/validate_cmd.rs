//! `schemalint validate`: check model outputs against a schema.
//!
//! `schemalint validate (--schema SCHEMA | --request REQUEST) [--input SHAPE] [--extract]
//! [--format full|concise|json] [--jsonl | --sse] [--threads N] [--max-line-size SIZE]
//! [--draft D] [--ref-dir DIR]… [--document URI=PATH]… [INSTANCE…|-]`
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
//! JSON Lines are read one line at a time and results are written as they are produced,
//! in input order, whatever `--threads` is (see `in_order`).
//! `$ref`s reach only the bundled meta-schemas and the documents named with
//! `--ref-dir`/`--document` (see `validate_refs`).
//!
//! Exit status: 0 when every output is valid, 1 when some is not, 2 for a schema,
//! usage or read error.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::files::Input;
use crate::in_order::{in_order, Feeder};
use crate::limits::{self, LimitArgs, LineEvent, Refusal};
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
    /// Treat each input as JSON Lines: validate every non-empty line on its own, reading
    /// one line at a time (a Batch API output file is detected as JSON Lines).
    #[arg(long)]
    pub jsonl: bool,
    /// Read each input as a server-sent event stream (OpenAI chat.completion.chunk,
    /// Responses API or Anthropic Messages events): outputs are reassembled from their
    /// deltas and validated while reading, which stops at the first output that can no
    /// longer be valid.
    #[arg(long, conflicts_with_all = ["jsonl", "input"])]
    pub sse: bool,
    /// Validate with N threads (default: one per CPU; 1: on the main thread). Output is
    /// in input order whatever N is.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Refuse a JSON Lines line longer than SIZE bytes (suffix K, M or G: KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = limits::parse_size)]
    pub max_line_size: usize,
    /// Print no summary line on standard error (an error that stops the run still is).
    #[arg(long)]
    pub quiet: bool,
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
    let threads = args.threads.map(usize::from);
    let pool = match threads {
        Some(1) => None,
        _ => crate::runner::worker_pool(threads, args.limits.max_depth)
            .filter(|p| p.current_num_threads() > 1),
    };
    let sink = RefCell::new(Sink::new(args.format, std::io::stdout().lock()));
    let work = |unit: Unit| check_unit(&schemas, args, color, unit);
    let read = in_order(
        pool.as_ref(),
        &work,
        &mut |done| sink.borrow_mut().add(done),
        |feeder| {
            for input in &inputs {
                if feeder.stopped() {
                    break;
                }
                let input = input.clone().map_or(Input::Stdin, Input::File);
                feed_input(&schemas, args, &input, feeder, &|| {
                    sink.borrow_mut().flush()
                })?;
            }
            Ok(())
        },
    );
    let mut sink = sink.into_inner();
    let fatal = read.err().or_else(|| sink.fatal.take());
    if let Err(e) = sink.finish(fatal.as_deref()) {
        eprintln!("error: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if let Some(message) = fatal {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    if args.format != ValidateFormat::Json && !args.quiet {
        eprintln!("{}", summary_line(&sink.counts));
    }
    if sink.counts[0] < sink.counts.iter().sum() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One piece of work: a whole instance file, or one line of a JSON Lines input.
/// `refused`: reading stopped a little past its first fatal error (see
/// [`limits::read_json`]).
enum Unit {
    Whole {
        path: Arc<str>,
        bytes: Vec<u8>,
        refused: Option<Refusal>,
    },
    /// A server-sent event stream, already checked as it was read (`--sse`): every
    /// output is decoded text.
    Checked {
        path: Arc<str>,
        outcomes: Vec<Outcome>,
    },
    /// `bytes` without the line break.
    Line {
        path: Arc<str>,
        number: usize,
        bytes: Vec<u8>,
        refused: Option<Refusal>,
    },
}

/// A checked unit: the status of each of its outputs, and what to print for it (one
/// piece per result in the JSON format, one piece of text in the human ones).
struct Done {
    statuses: Vec<Status>,
    pieces: Vec<String>,
}

/// Reads one input and feeds it as units: one document, or JSON Lines line by line
/// (`--jsonl`, or a file whose first line is a Batch API output line). Before standard
/// input is waited for, what was fed is finished and `flush`ed.
fn feed_input(
    schemas: &Schemas,
    args: &ValidateArgs,
    input: &Input,
    feeder: &mut Feeder<'_, '_, Unit, Result<Done, String>>,
    flush: &dyn Fn(),
) -> Result<(), String> {
    let path: Arc<str> = input.display_name().into();
    let read_error = |e: std::io::Error| {
        match e.get_ref().and_then(|e| e.downcast_ref::<limits::LineTooLong>()) {
            Some(too_long) => format!(
                "{path}:{}: {too_long} (--max-line-size); raise the limit if the line is meant to be that long",
                too_long.number
            ),
            None => format!("cannot read {path}: {e}"),
        }
    };
    let max_depth = args.limits.max_depth;
    let mut reader = input.open().map_err(read_error)?;
    if args.sse {
        // Validated while it is read (stopping at the first abort); rendered on a worker.
        let checked =
            replies::sse::check_stream(schemas, std::io::BufReader::new(reader), args.extract)
                .map_err(|e| format!("{path}: {e}"))?;
        let outcomes = checked
            .into_iter()
            .map(|c| outcome(&path, None, 0, c))
            .collect();
        feeder.push(Unit::Checked { path, outcomes }, 0);
        return Ok(());
    }
    if args.jsonl {
        return feed_lines(args, &path, reader, input, feeder, flush).map_err(read_error);
    }
    let read = limits::read_json(&mut reader, max_depth).map_err(read_error)?;
    // A second document after the first line is a syntax error to the reader.
    let syntax_error = read.refused.is_some_and(|r| !r.too_deep);
    if syntax_error && looks_like_batch_output(&read.bytes, args.input, max_depth) {
        let again = read
            .bytes
            .as_slice()
            .chain(read.rest.as_slice())
            .chain(reader);
        return feed_lines(args, &path, again, input, feeder, flush).map_err(read_error);
    }
    let size = read.bytes.len();
    let unit = Unit::Whole {
        path: path.clone(),
        bytes: read.bytes,
        refused: read.refused,
    };
    feeder.push(unit, size);
    Ok(())
}

/// Feeds every line that is not blank (a refused line always is fed).
fn feed_lines(
    args: &ValidateArgs,
    path: &Arc<str>,
    reader: impl Read,
    input: &Input,
    feeder: &mut Feeder<'_, '_, Unit, Result<Done, String>>,
    flush: &dyn Fn(),
) -> std::io::Result<()> {
    let may_wait = matches!(input, Input::Stdin);
    let (max_depth, max_line) = (args.limits.max_depth, args.max_line_size);
    limits::read_json_lines(reader, max_depth, max_line, |event| {
        match event {
            LineEvent::Line(line) => {
                let bytes = line.bytes.strip_suffix(b"\r").unwrap_or(line.bytes);
                if line.refused.is_some() || !bytes.iter().all(u8::is_ascii_whitespace) {
                    let unit = Unit::Line {
                        path: path.clone(),
                        number: line.number,
                        bytes: bytes.to_vec(),
                        refused: line.refused,
                    };
                    feeder.push(unit, bytes.len());
                }
            }
            LineEvent::Waiting if may_wait => {
                feeder.drain();
                flush();
            }
            LineEvent::Waiting => {}
        }
        if feeder.stopped() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
}

/// Checks one unit and renders its results.
fn check_unit(
    schemas: &Schemas,
    args: &ValidateArgs,
    color: bool,
    unit: Unit,
) -> Result<Done, String> {
    let (path, line, bytes, outcomes) = match unit {
        Unit::Whole {
            path,
            bytes,
            refused,
        } => {
            let outcomes = check_one(schemas, args, &path, None, &bytes, 0, refused)?;
            (path, None, bytes, outcomes)
        }
        Unit::Line {
            path,
            number,
            bytes,
            refused,
        } => {
            let outcomes = check_one(schemas, args, &path, Some(number), &bytes, 0, refused)?;
            (path, Some(number), bytes, outcomes)
        }
        Unit::Checked { path, outcomes } => (path, None, Vec::new(), outcomes),
    };
    let statuses = outcomes.iter().map(|o| o.reply.status).collect();
    let pieces = match args.format {
        ValidateFormat::Json => outcomes
            .iter()
            .map(|o| indented(&result_json(o), 4))
            .collect(),
        ValidateFormat::Full | ValidateFormat::Concise => {
            let quiet = outcomes
                .iter()
                .all(|o| o.errors.is_empty() && o.reply.detail.is_none());
            if quiet {
                Vec::new()
            } else {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let lines_before = line.map_or(0, |n| u32::try_from(n - 1).unwrap_or(u32::MAX));
                let source = SourceFile::excerpt(path.as_ref(), text, lines_before);
                let report = diagnostics_report(&outcomes, &[(path.to_string(), source)]);
                let mut out = Vec::new();
                let rendered = if args.format == ValidateFormat::Full {
                    Full::new(color).render(&report, &mut out)
                } else {
                    Concise::new(color).render(&report, &mut out)
                };
                rendered.map_err(|e| format!("cannot render the results of {path}: {e}"))?;
                vec![String::from_utf8_lossy(&out).into_owned()]
            }
        }
    };
    Ok(Done { statuses, pieces })
}

/// `value` pretty-printed, every line after the first indented by `by` spaces, to sit
/// inside a pretty-printed document at that depth.
fn indented(value: &Value, by: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let pad = format!("\n{:by$}", "");
    text.replace('\n', &pad)
}

/// Writes results as they come, in order, and counts them.
struct Sink<W: Write> {
    out: std::io::BufWriter<W>,
    json: bool,
    /// Outputs per status, in [`Status::ALL`] order.
    counts: [usize; Status::ALL.len()],
    /// A unit that could not be checked: nothing after it is.
    fatal: Option<String>,
    /// Writing failed: nothing more is written.
    write_error: Option<std::io::Error>,
    started: bool,
}

impl<W: Write> Sink<W> {
    fn new(format: ValidateFormat, out: W) -> Self {
        Sink {
            out: std::io::BufWriter::with_capacity(64 << 10, out),
            json: format == ValidateFormat::Json,
            counts: [0; Status::ALL.len()],
            fatal: None,
            write_error: None,
            started: false,
        }
    }

    fn add(&mut self, done: Result<Done, String>) -> ControlFlow<()> {
        let done = match done {
            Ok(done) => done,
            Err(message) => {
                self.fatal = Some(message);
                return ControlFlow::Break(());
            }
        };
        for status in &done.statuses {
            if let Some(i) = Status::ALL.iter().position(|s| s == status) {
                self.counts[i] += 1;
            }
        }
        for piece in &done.pieces {
            let separator = match (self.json, self.started) {
                (false, _) => "",
                (true, false) => "{\n  \"results\": [\n    ",
                (true, true) => ",\n    ",
            };
            self.started = true;
            self.write(&[separator, piece]);
        }
        ControlFlow::Continue(())
    }

    fn write(&mut self, parts: &[&str]) {
        if self.write_error.is_some() {
            return;
        }
        for part in parts {
            if let Err(e) = self.out.write_all(part.as_bytes()) {
                self.write_error = Some(e);
                return;
            }
        }
    }

    fn flush(&mut self) {
        if self.write_error.is_none() {
            if let Err(e) = self.out.flush() {
                self.write_error = Some(e);
            }
        }
    }

    /// Ends the output (the JSON document's `summary`, and `error` when the run stopped at
    /// one) and flushes it. A closed pipe is not an error.
    fn finish(&mut self, error: Option<&str>) -> std::io::Result<()> {
        if self.json {
            let open = if self.started {
                "\n  ],\n  \"summary\": "
            } else {
                "{\n  \"results\": [],\n  \"summary\": "
            };
            let summary = indented(&summary_json(&self.counts), 2);
            let error = error.map_or_else(String::new, |e| {
                format!(",\n  \"error\": {}", Value::from(e))
            });
            self.write(&[open, &summary, &error, ",\n  \"version\": 1\n}\n"]);
        }
        self.flush();
        match self.write_error.take() {
            Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
            _ => Ok(()),
        }
    }
}

/// `3 instances: 1 valid, 1 invalid, 1 truncated` (statuses that occur, in order).
fn summary_line(counts: &[usize; Status::ALL.len()]) -> String {
    let mut parts = Vec::new();
    for (status, &n) in Status::ALL.iter().zip(counts) {
        if n > 0 || matches!(status, Status::Valid | Status::Invalid) {
            parts.push(format!("{n} {}", status.id()));
        }
    }
    let total: usize = counts.iter().sum();
    format!(
        "{total} instance{}: {}",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    )
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
        let options = args
            .refs
            .options(max_depth)?
            .max_depth(max_depth)
            .schema_max_depth(max_depth);
        return Schemas::from_request(&name, &read.bytes, &options, max_depth);
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
    let (schema, at) = schema_of(limits::read_document("schema", path, max_depth)?);
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

/// The schema in a parsed schema file (bare, or in any envelope `check` reads) as a `Value`,
/// and where it was found. The envelope is detected on the parsed tree and only the
/// schema is converted, after which the tree is dropped: a huge schema is held once
/// (as the `Value` the compiler reads), never as a tree and two `Value`s at a time.
fn schema_of(doc: schemalint_check::source::Document) -> (Value, String) {
    let found = schemalint_check::envelope::detect(&doc.root)
        .into_iter()
        .find_map(|t| t.schema)
        .and_then(|at| Some((doc.root.pointer(at.as_str())?.to_json(), at.to_string())));
    found.unwrap_or_else(|| (into_json(doc.root), String::new()))
}

/// [`schemalint_check::source::Node::to_json`], freeing the tree as it goes.
fn into_json(node: schemalint_check::source::Node) -> Value {
    use schemalint_check::source::Value as Tree;
    match node.value {
        Tree::Array(items) => Value::Array(items.into_iter().map(into_json).collect()),
        Tree::Object(members) => {
            let mut map = serde_json::Map::new();
            for m in members {
                map.insert(m.key.into_string(), into_json(m.value));
            }
            Value::Object(map)
        }
        scalar => schemalint_check::source::Node {
            span: node.span,
            value: scalar,
        }
        .to_json(),
    }
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

/// One result of the JSON contract (`{"version": 1, "results": [...], "summary": {...}}`,
/// written piece by piece by [`Sink`]): `path`, `line`, `valid`, `status`, `envelope` and
/// `pointer` (where the output is in the reply), `errors`; `open`, `tool`, `schema`,
/// `finish`, `detail` and `wrapped` when they apply.
fn result_json(o: &Outcome) -> Value {
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
}

/// The contract's `summary`: outputs in all, valid, not valid, and per status.
fn summary_json(counts: &[usize; Status::ALL.len()]) -> Value {
    let instances: usize = counts.iter().sum();
    let statuses: serde_json::Map<String, Value> = Status::ALL
        .iter()
        .zip(counts)
        .map(|(status, &n)| (status.id().to_owned(), json!(n)))
        .collect();
    json!({
        "instances": instances,
        "valid": counts[0],
        "invalid": instances - counts[0],
        "statuses": statuses,
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
        let mut out = Vec::new();
        let mut sink = Sink::new(ValidateFormat::Json, &mut out);
        for o in &outcomes {
            let done = Done {
                statuses: vec![o.reply.status],
                pieces: vec![indented(&result_json(o), 4)],
            };
            assert!(sink.add(Ok(done)).is_continue());
        }
        sink.finish(None).unwrap();
        drop(sink);
        let doc: Value = serde_json::from_slice(&out).unwrap();
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
    fn a_run_stopped_by_an_error_still_writes_a_whole_json_document() {
        let mut out = Vec::new();
        let mut sink = Sink::new(ValidateFormat::Json, &mut out);
        sink.finish(Some("x.jsonl:3: line 3 is longer than 1 KiB"))
            .unwrap();
        drop(sink);
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["results"], json!([]));
        assert_eq!(doc["summary"]["instances"], 0);
        assert_eq!(doc["error"], "x.jsonl:3: line 3 is longer than 1 KiB");
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
