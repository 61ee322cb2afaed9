use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::Renderer;
use crate::{Applicability, Diagnostic, Report, Severity};

/// Code frames with labels and help, drawn by miette.
///
/// The model stays miette-free: a private adapter presents one [`Diagnostic`] to miette
/// at render time.
#[derive(Debug, Clone)]
pub struct Full {
    color: bool,
    width: usize,
    fixes: Applicability,
}

impl Full {
    pub fn new(color: bool) -> Self {
        Self {
            color,
            width: 100,
            fixes: Applicability::Safe,
        }
    }

    /// Marks findings whose fix is at most `fixes` with `[*]` (as ruff does).
    pub fn with_fixes(mut self, fixes: Applicability) -> Self {
        self.fixes = fixes;
        self
    }

    /// Wrap width for messages (default 100; fixed so output does not depend on the terminal).
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width;
        self
    }

    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
            .with_context_lines(2)
    }
}

impl Renderer for Full {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let handler = self.handler();
        for file in &report.files {
            let named = file
                .source
                .as_ref()
                .map(|s| NamedSource::new(file.path.clone(), s.text().to_owned()));
            for d in &file.diagnostics {
                let view = View {
                    d,
                    fixable: d.fix.as_ref().is_some_and(|f| f.allowed(self.fixes)),
                    path: &file.path,
                    source: named.as_ref().filter(|_| d.span.is_some()),
                };
                let mut text = String::new();
                handler
                    .render_report(&mut text, &view)
                    .map_err(|_| io::Error::other("failed to render a diagnostic"))?;
                out.write_all(text.as_bytes())?;
            }
        }
        Ok(())
    }
}

/// One diagnostic seen through miette's trait.
struct View<'a> {
    d: &'a Diagnostic,
    /// Its fix is one the run applies or offers.
    fixable: bool,
    path: &'a str,
    source: Option<&'a NamedSource<String>>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)?;
        if self.source.is_none() {
            // Without a code frame the location must be in the text itself.
            write!(f, " ({}", self.path)?;
            if !self.d.pointer.is_empty() {
                write!(f, " at {}", self.d.pointer)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mark = if self.fixable { " [*]" } else { "" };
        match &self.d.profile {
            Some(p) => Some(Box::new(format!("{} ({p}){mark}", self.d.rule))),
            None => Some(Box::new(format!("{}{mark}", self.d.rule))),
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mut lines = Vec::new();
        if let Some(help) = &self.d.help {
            lines.push(help.clone());
        }
        if let Some(provider) = &self.d.provider_message {
            lines.push(format!("provider would answer: {provider}"));
        }
        if let Some(fix) = &self.d.fix {
            lines.push(format!("fix ({}): {}", fix.applicability, fix.message));
        }
        lines.extend(self.d.notes.iter().map(|n| format!("note: {n}")));
        (!lines.is_empty()).then(|| Box::new(lines.join("\n")) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.d.span?;
        let text = self.source?.inner();
        let label = (!self.d.pointer.is_empty()).then(|| self.d.pointer.clone());
        let primary = LabeledSpan::new_primary_with_span(label, first_line(text, span));
        let secondary = self.d.labels.iter().map(move |l| {
            LabeledSpan::new_with_span(Some(l.message.clone()), first_line(text, l.span))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// A span that crosses lines is drawn on its first line only: a frame around a whole
/// object (dozens of lines) hides the point. Returns miette's `(offset, length)`.
fn first_line(text: &str, span: crate::Span) -> (usize, usize) {
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    match text[start..end].find('\n') {
        Some(newline) => {
            let line = text[start..start + newline].trim_end();
            (start, line.len().max(1))
        }
        None => (start, end - start),
    }
}

#[cfg(test)]
mod tests {
    use super::first_line;
    use crate::Span;

    #[test]
    fn multi_line_spans_shrink_to_their_first_line() {
        let text = "{\n  \"a\": {\n    \"b\": 1\n  }\n}";
        let start = text.find("\"a\"").unwrap();
        let end = text.rfind('}').unwrap();
        assert_eq!(
            first_line(text, Span::new(start, end)),
            (start, "\"a\": {".len())
        );
        assert_eq!(first_line(text, Span::new(1, 1)), (1, 0));
    }
}
