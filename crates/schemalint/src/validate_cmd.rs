//! `schemalint validate`: check model outputs against a schema.
//!
//! `schemalint validate --schema SCHEMA [--format full|concise|json] [--jsonl]
//! [--draft D] [--ref-dir DIR]… [--document URI=PATH]… [INSTANCE…|-]`
//!
//! SCHEMA may be a bare schema or any envelope `schemalint check` accepts
//! (`response_format`, a `json_schema` object, a tool). Each INSTANCE file (or
//! standard input, `-` or no argument) holds one JSON document, or with
//! `--jsonl` one document per line (a log of model outputs). Instances are
//! validated from their bytes in one pass, so a reply cut off by
//! `finish_reason: length` is reported as truncated, with the open containers.
//! `$ref`s reach only the bundled meta-schemas and the documents named with
//! `--ref-dir`/`--document` (see `validate_refs`).
//!
//! Exit status: 0 when every instance is valid, 1 when some is invalid, 2 for
//! a schema, usage or read error.

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use schemalint_diagnostics::render::{Concise, Full};
use schemalint_diagnostics::{
    Diagnostic, FileReport, Renderer, Report, Severity, SourceFile, Span,
};
use schemalint_validate::{ErrorKind, ValidationError, Validator};
use serde_json::{json, Value};

use crate::files::Input;
use crate::limits::{LimitArgs, Refusal};

/// Arguments of `schemalint validate`.
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// The schema: bare, or inside a response_format / json_schema / tool envelope.
    #[arg(long, value_name = "SCHEMA")]
    pub schema: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Full)]
    pub format: ValidateFormat,
    /// Treat each input as JSON Lines: validate every non-empty line on its own.
    #[arg(long)]
    pub jsonl: bool,
    #[command(flatten)]
    pub refs: crate::validate_refs::RefArgs,
    /// Instance files; `-` or nothing reads standard input.
    #[arg(value_name = "INSTANCE")]
    pub instances: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
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

/// One validated document: a whole file, or one line of a JSONL file.
struct Outcome {
    path: String,
    /// 1-based line for JSONL inputs.
    line: Option<usize>,
    /// The document's text (lossy for invalid UTF-8), for positions and frames.
    text: SourceFile,
    /// Byte offset of the document within its file.
    offset: usize,
    errors: Vec<ValidationError>,
}

/// Runs the command; `color` enables ANSI colours in human formats.
pub fn run(args: &ValidateArgs, color: bool) -> ExitCode {
    let max_depth = args.limits.max_depth;
    let validator = match load_validator(&args.schema, &args.refs, max_depth) {
        Ok(v) => v,
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
        let read = if args.jsonl {
            // The text kept for code frames: every line as read (a refused line only up
            // to a little past its error), so positions stay true line by line.
            let mut kept = Vec::new();
            input
                .read_json_lines(max_depth, |line| {
                    let line_start = kept.len();
                    kept.extend_from_slice(line.bytes);
                    kept.push(b'\n');
                    let bytes = line.bytes.strip_suffix(b"\r").unwrap_or(line.bytes);
                    if line.refused.is_none() && bytes.iter().all(u8::is_ascii_whitespace) {
                        return;
                    }
                    outcomes.push(validate_one(
                        &validator,
                        &name,
                        Some(line.number),
                        bytes,
                        line_start,
                        line.refused,
                        max_depth,
                    ));
                })
                .map(|()| kept)
        } else {
            input.read_json(max_depth).map(|read| {
                outcomes.push(validate_one(
                    &validator,
                    &name,
                    None,
                    &read.bytes,
                    0,
                    read.refused,
                    max_depth,
                ));
                read.bytes
            })
        };
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                return ExitCode::from(2);
            }
        };
        let whole = SourceFile::new(name.clone(), String::from_utf8_lossy(&bytes).into_owned());
        files.push((name, whole));
    }

    let invalid = outcomes.iter().filter(|o| !o.errors.is_empty()).count();
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
        eprintln!(
            "{} instance{}: {} valid, {invalid} invalid",
            outcomes.len(),
            if outcomes.len() == 1 { "" } else { "s" },
            outcomes.len() - invalid
        );
    }
    if invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads SCHEMA (in chunks, up to its first fatal error), parses it as `check` does
/// (same parser, same nesting limit, same messages), takes the schema out of its
/// envelope, and compiles it for instances nested up to `max_depth` levels.
fn load_validator(
    path: &PathBuf,
    refs: &crate::validate_refs::RefArgs,
    max_depth: usize,
) -> Result<Validator, String> {
    let options = refs.options()?.max_depth(max_depth);
    let name = path.display().to_string();
    let read = Input::File(path.clone())
        .read_json(max_depth)
        .map_err(|e| format!("cannot read schema {name}: {e}"))?;
    let doc = match schemalint_check::source::parse_bytes_nested(&name, &read.bytes, max_depth) {
        Ok(doc) => doc.root.to_json(),
        Err((source, e)) => {
            let at = source.map_or_else(String::new, |s| {
                let p = s.position(e.span.start);
                format!(":{}:{}", p.line, p.column)
            });
            let raise = match e.kind {
                schemalint_check::source::ParseErrorKind::TooDeep { .. } => {
                    " (raise it with --max-depth N if the nesting is intended)"
                }
                _ => "",
            };
            return Err(format!("schema {name}{at}: {}{raise}", e.message));
        }
    };
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

/// Validates one document. `refused`: reading stopped at its first fatal error, and
/// `bytes` ends a little past it; a syntax error is then the validator's to describe,
/// nesting past `max_depth` is reported here, in the words `check` uses.
fn validate_one(
    v: &Validator,
    path: &str,
    line: Option<usize>,
    bytes: &[u8],
    offset: usize,
    refused: Option<Refusal>,
    max_depth: usize,
) -> Outcome {
    let errors = match refused {
        Some(Refusal {
            offset: at,
            too_deep: true,
        }) => vec![ValidationError {
            instance_pointer: String::new(),
            schema_pointer: String::new(),
            keyword: "",
            message: schemalint_check::source::too_deep_message(max_depth),
            range: Some(at..at + 1),
            kind: ErrorKind::TooDeep { limit: max_depth },
        }],
        _ => v.validate_slice(bytes).err().unwrap_or_default(),
    };
    Outcome {
        path: path.to_owned(),
        line,
        text: SourceFile::new(path.to_owned(), String::from_utf8_lossy(bytes).into_owned()),
        offset,
        errors,
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
            json!({"path": o.path, "line": o.line, "valid": o.errors.is_empty(), "errors": errors})
        })
        .collect();
    let invalid = outcomes.iter().filter(|o| !o.errors.is_empty()).count();
    json!({
        "version": 1,
        "results": results,
        "summary": {"instances": outcomes.len(), "valid": outcomes.len() - invalid, "invalid": invalid},
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

/// Diagnostics for the human formats, one file report per input file, with
/// spans in that file (JSONL lines are offset to their place in the file).
fn diagnostics_report(outcomes: &[Outcome], files: &[(String, SourceFile)]) -> Report {
    let mut report = Report::default();
    for (name, source) in files {
        let mut file = FileReport::new(name.clone(), Some(source.clone()));
        for o in outcomes.iter().filter(|o| &o.path == name) {
            for e in &o.errors {
                let span = e
                    .range
                    .as_ref()
                    .map(|r| Span::new(o.offset + r.start, o.offset + r.end));
                let at = if e.instance_pointer.is_empty() {
                    "(root)"
                } else {
                    &e.instance_pointer
                };
                let message = match o.line {
                    Some(line) => format!("line {line}: {at}: {}", e.message),
                    None => format!("{at}: {}", e.message),
                };
                let mut d = Diagnostic::new(rule_of(e), Severity::Error, message)
                    .with_pointer(e.instance_pointer.clone())
                    .with_span(span);
                if !e.schema_pointer.is_empty() {
                    d = d.with_note(format!("schema: {}", e.schema_pointer));
                }
                if let Some(help) = help_for(e) {
                    d = d.with_help(help);
                }
                file.diagnostics.push(d);
            }
        }
        file.sort();
        report.files.push(file);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(v: &Validator, text: &str, line: Option<usize>) -> Outcome {
        validate_one(v, "out.jsonl", line, text.as_bytes(), 0, None, 1_000)
    }

    #[test]
    fn json_contract_has_pointers_keywords_and_line_columns() {
        let v = Validator::new(&json!({
            "type": "object",
            "properties": {"steps": {"type": "array", "items": {"required": ["output"]}}},
        }))
        .unwrap();
        let outcomes = [
            outcome(&v, r#"{"steps": [{"output": 1}]}"#, Some(1)),
            outcome(&v, r#"{"steps": [{"output": 1}, {"x": 2}]}"#, Some(7)),
        ];
        let doc = json_report(&outcomes);
        assert_eq!(doc["version"], 1);
        assert_eq!(
            doc["summary"],
            json!({"instances": 2, "valid": 1, "invalid": 1})
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
        let v = Validator::new(&json!({"type": "object"})).unwrap();
        let text = r#"{"steps": [1, 2"#;
        let o = outcome(&v, text, None);
        let files = vec![("out.jsonl".to_owned(), SourceFile::new("out.jsonl", text))];
        let report = diagnostics_report(&[o], &files);
        let d = &report.files[0].diagnostics[0];
        assert_eq!(d.rule, "validate/truncated");
        assert!(d.help.as_deref().unwrap_or_default().contains("cut off"));
        assert_eq!(d.span, Some(Span::new(text.len(), text.len())));
    }
}
