use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::{Fix, Range, SourceFile, Span};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected one of: error, warning, info)"
            )),
        }
    }
}

/// A secondary location with a short message, drawn as an extra label in code frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding: which rule, how bad, where (JSON pointer and, when there is
/// source text, a byte span), why, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Namespaced, stable rule id, e.g. `strict/additional-properties`.
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    /// One line, no trailing period needed.
    pub message: String,
    /// RFC 6901 pointer relative to the root of the file as given.
    pub pointer: String,
    /// Byte range of the primary location, when source text exists.
    pub span: Option<Span>,
    /// How to fix it.
    pub help: Option<String>,
    /// What the provider would answer, in its own words.
    pub provider_message: Option<String>,
    /// Extra context lines (evidence, counting conventions, …).
    pub notes: Vec<String>,
    /// Secondary locations.
    pub labels: Vec<Label>,
    /// The profile this finding belongs to, when several profiles run together.
    pub profile: Option<String>,
    /// How to fix it automatically, when the rule knows how (for this profile).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            message: message.into(),
            pointer: String::new(),
            span: None,
            help: None,
            provider_message: None,
            notes: Vec::new(),
            labels: Vec::new(),
            profile: None,
            fix: None,
        }
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    pub fn with_span(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_provider_message(mut self, message: impl Into<String>) -> Self {
        self.provider_message = Some(message.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// The line/column range of this diagnostic in `source`, if it has a span.
    pub fn range(&self, source: Option<&SourceFile>) -> Option<Range> {
        Some(source?.range(self.span?))
    }
}

/// Static facts about a rule that machine formats (SARIF, `rule --all`) publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: Cow<'static, str>,
    pub summary: Cow<'static, str>,
    /// Markdown documentation.
    pub docs: Cow<'static, str>,
    pub default_severity: Severity,
    pub url: Option<String>,
}

/// The diagnostics of one input file, with its source text when there is one.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user gave it (or `-` / a chosen name for stdin).
    pub path: String,
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn new(path: impl Into<String>, source: Option<SourceFile>) -> Self {
        Self {
            path: path.into(),
            source,
            diagnostics: Vec::new(),
        }
    }

    /// Orders diagnostics by position, then rule, then message, so output is deterministic.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.span
                    .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end))
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.profile.cmp(&b.profile))
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.pointer.cmp(&b.pointer))
                .then_with(|| a.message.cmp(&b.message))
        });
    }
}

/// Counts over a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }

    /// Findings at or above `threshold`.
    pub fn at_least(&self, threshold: Severity) -> usize {
        Severity::ALL
            .iter()
            .filter(|s| **s >= threshold)
            .map(|s| self.count(*s))
            .sum()
    }
}

/// Everything one run found, file by file, in input order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }
}
