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
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

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
    let validator = match load_validator(&args.schema, &args.refs) {
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
        let (name, bytes) = match read_input(input.as_ref()) {
            Ok(x) => x,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        };
        let whole = SourceFile::new(name.clone(), String::from_utf8_lossy(&bytes).into_owned());
        if args.jsonl {
            let mut start = 0;
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                let line_start = start;
                start += line.len() + 1;
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                outcomes.push(validate_one(
                    &validator,
                    &name,
                    Some(i + 1),
                    line,
                    line_start,
                ));
            }
        } else {
            outcomes.push(validate_one(&validator, &name, None, &bytes, 0));
        }
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

fn read_input(path: Option<&PathBuf>) -> Result<(String, Vec<u8>), String> {
    match path {
        Some(p) => std::fs::read(p)
            .map(|b| (p.display().to_string(), b))
            .map_err(|e| format!("cannot read {}: {e}", p.display())),
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(("<stdin>".to_owned(), buf))
        }
    }
}

/// Reads SCHEMA, takes the schema out of its envelope, and compiles it with the draft and
/// documents `refs` names.
fn load_validator(
    path: &PathBuf,
    refs: &crate::validate_refs::RefArgs,
) -> Result<Validator, String> {
    let options = refs.options()?;
    let text =
        std::fs::read(path).map_err(|e| format!("cannot read schema {}: {e}", path.display()))?;
    let doc: Value = serde_json::from_slice(&text)
        .map_err(|e| format!("schema {} is not valid JSON: {e}", path.display()))?;
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

fn validate_one(
    v: &Validator,
    path: &str,
    line: Option<usize>,
    bytes: &[u8],
    offset: usize,
) -> Outcome {
    let errors = v.validate_slice(bytes).err().unwrap_or_default();
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
        validate_one(v, "out.jsonl", line, text.as_bytes(), 0)
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
