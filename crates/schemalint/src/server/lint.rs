//! Linting one open document the way `schemalint check` lints a file (same profiles, same
//! config filters), and turning the findings into LSP diagnostics.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Url,
};
use schemalint_diagnostics::{Diagnostic, FileReport, Severity};

use super::text::LineIndex;
use crate::config::Settings;

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "schemalint";

/// One lint of one version of a document.
#[derive(Debug)]
pub struct Linted {
    pub version: i32,
    pub text: Arc<str>,
    pub index: LineIndex,
    /// The findings after the config's filters, in the order published.
    pub report: FileReport,
    /// `report.diagnostics` as published, index for index.
    pub published: Vec<lsp_types::Diagnostic>,
}

impl Linted {
    /// The findings whose published range touches `range`, with their LSP form.
    pub fn touching(
        &self,
        range: Range,
    ) -> impl Iterator<Item = (&Diagnostic, &lsp_types::Diagnostic)> {
        self.report
            .diagnostics
            .iter()
            .zip(&self.published)
            .filter(move |(_, lsp)| lsp.range.start <= range.end && range.start <= lsp.range.end)
    }
}

/// Lints `text` (the document at `path`, version `version`) with `settings`. `Err`: it
/// could not be linted (an unknown profile), said in the message.
pub fn lint(
    uri: &Url,
    path: &Path,
    version: i32,
    text: Arc<str>,
    settings: &Settings,
) -> Result<Linted, String> {
    let report = lint_report(path, &text, settings)?;
    let index = LineIndex::new(&text);
    let fail_on = settings.fail_on.unwrap_or(Severity::Error);
    let published = report
        .diagnostics
        .iter()
        .map(|d| to_lsp(d, uri, &text, &index, fail_on))
        .collect();
    Ok(Linted {
        version,
        text,
        index,
        report,
        published,
    })
}

/// The findings in `text` (the document at `path`) after `settings`' filters, as
/// `schemalint check` reports them.
pub fn lint_report(path: &Path, text: &str, settings: &Settings) -> Result<FileReport, String> {
    let name = path.display().to_string();
    let profiles = settings.profiles.as_deref().unwrap_or(&[]);
    let mut report = crate::check_cmd::lint_file(
        &name,
        text.as_bytes(),
        profiles,
        crate::limits::DEFAULT_MAX_DEPTH,
        false,
        &AtomicBool::new(false),
    )?;
    settings.apply(&mut report, &settings.relative(path));
    Ok(report)
}

/// A finding as an LSP diagnostic. Findings at or above `fail_on` (those that would fail
/// `schemalint check`) are errors; the others keep their severity.
fn to_lsp(
    d: &Diagnostic,
    uri: &Url,
    text: &str,
    index: &LineIndex,
    fail_on: Severity,
) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        s if s >= fail_on => DiagnosticSeverity::ERROR,
        Severity::Error | Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let range = d.span.map_or_else(Range::default, |s| index.range(text, s));
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(text, label.span)),
            message: label.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: schemalint_check::rule(&d.rule)
            .and_then(|r| Url::parse(&r.url()).ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: message(d),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The message: the finding (tagged with its profile when several run), then its help,
/// the provider's own answer and the notes, one per line.
fn message(d: &Diagnostic) -> String {
    let mut out = match &d.profile {
        Some(profile) => format!("[{profile}] {}", d.message),
        None => d.message.clone(),
    };
    if let Some(help) = &d.help {
        out.push_str("\nhelp: ");
        out.push_str(help);
    }
    if let Some(answer) = &d.provider_message {
        out.push_str("\nprovider would answer: ");
        out.push_str(answer);
    }
    for note in &d.notes {
        out.push_str("\nnote: ");
        out.push_str(note);
    }
    out
}

/// A diagnostic for a document that could not be linted at all (a bad config file).
pub fn not_linted(message: String) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(DiagnosticSeverity::ERROR),
        code: None,
        code_description: None,
        source: Some(SOURCE.to_owned()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}
