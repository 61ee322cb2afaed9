use std::io::{self, Write};

use serde::Serialize;

use super::Renderer;
use crate::{Applicability, Diagnostic, FileReport, Fix, Range, Report, Summary};

/// The JSON contract, version 1. Fields are only ever added, never changed or removed.
///
/// Serialized from structs, so key order follows the contract whatever `serde_json`
/// features other crates enable.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

/// Contract version written as `"version"`.
pub const JSON_VERSION: u32 = 1;

/// One diagnostic as the contract writes it (shared by other machine formats).
#[derive(Debug, Serialize)]
pub struct DiagnosticJson<'a> {
    pub rule: &'a str,
    pub severity: crate::Severity,
    pub message: &'a str,
    pub pointer: &'a str,
    pub range: Option<Range>,
    pub help: Option<&'a str>,
    pub provider_message: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<&'a str>,
    /// Added in contract v1 (additive): the fix, with its edits as byte spans and
    /// line/column ranges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixJson<'a>>,
}

/// A fix as the JSON contract writes it.
#[derive(Debug, Serialize)]
pub struct FixJson<'a> {
    pub message: &'a str,
    pub applicability: Applicability,
    pub edits: Vec<EditJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct EditJson<'a> {
    /// Byte offsets into the file as read.
    pub span: crate::Span,
    pub range: Option<Range>,
    pub replacement: &'a str,
}

impl<'a> FixJson<'a> {
    pub fn new(file: &'a FileReport, fix: &'a Fix) -> Self {
        FixJson {
            message: &fix.message,
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|e| EditJson {
                    span: e.span,
                    range: file.source.as_ref().map(|s| s.range(e.span)),
                    replacement: &e.replacement,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
struct FileJson<'a> {
    path: &'a str,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ReportJson<'a> {
    version: u32,
    files: Vec<FileJson<'a>>,
    summary: Summary,
}

impl Json {
    /// One diagnostic as the contract's JSON object.
    pub fn diagnostic<'a>(file: &'a FileReport, d: &'a Diagnostic) -> DiagnosticJson<'a> {
        DiagnosticJson {
            rule: &d.rule,
            severity: d.severity,
            message: &d.message,
            pointer: &d.pointer,
            range: d.range(file.source.as_ref()),
            help: d.help.as_deref(),
            provider_message: d.provider_message.as_deref(),
            notes: &d.notes,
            profile: d.profile.as_deref(),
            fix: d.fix.as_ref().map(|f| FixJson::new(file, f)),
        }
    }

    /// The whole report as a `serde_json::Value` (for callers that post-process it).
    pub fn to_value(report: &Report) -> serde_json::Value {
        serde_json::to_value(Self::document(report)).unwrap_or_default()
    }

    fn document(report: &Report) -> ReportJson<'_> {
        ReportJson {
            version: JSON_VERSION,
            files: report
                .files
                .iter()
                .map(|f| FileJson {
                    path: &f.path,
                    diagnostics: f
                        .diagnostics
                        .iter()
                        .map(|d| Self::diagnostic(f, d))
                        .collect(),
                })
                .collect(),
            summary: report.summary(),
        }
    }
}

impl Renderer for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &Self::document(report))?;
        writeln!(out)
    }
}
