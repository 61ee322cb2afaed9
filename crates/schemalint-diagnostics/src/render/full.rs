use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Renderer;
use crate::{Applicability, Diagnostic, Report, Severity, SourceFile, Span};

/// Lines of context above and below a span.
const CONTEXT_LINES: usize = 2;

/// A line longer than this (in bytes) is shown as an excerpt of about this many columns
/// around the span: a frame on a minified or hostile one-line file stays readable and
/// costs the excerpt, not the line.
const FRAME_COLUMNS: usize = 200;

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
            .with_context_lines(CONTEXT_LINES)
    }
}

impl Renderer for Full {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let handler = self.handler();
        for file in &report.files {
            // Lines end at `\n` only (as the line index has it): a lone `\r`, which miette
            // also ends lines at, sends frames of that file the slow, exact way.
            let plain = file
                .source
                .as_ref()
                .is_some_and(|s| !s.text().contains('\r'));
            for d in &file.diagnostics {
                let frame = match (&file.source, d.span) {
                    (Some(source), Some(span)) => {
                        Some(Frame::new(&file.path, source, plain, d, span))
                    }
                    _ => None,
                };
                let view = View {
                    d,
                    fixable: d.fix.as_ref().is_some_and(|f| f.allowed(self.fixes)),
                    path: &file.path,
                    frame,
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
    frame: Option<Frame<'a>>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)?;
        if self.frame.is_none() {
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
        self.frame.as_ref().map(|f| f as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = &self.frame.as_ref()?.labels;
        Some(Box::new(labels.iter().cloned()))
    }
}

/// What miette draws one diagnostic's code frame from: the file, read through its line
/// index (each frame costs its lines, not a scan of the file), or, when a line near the
/// span is longer than [`FRAME_COLUMNS`], an excerpt cut around the span.
struct Frame<'a> {
    name: &'a str,
    /// The labels, in the coordinates of `text`.
    labels: Vec<LabeledSpan>,
    text: Text<'a>,
    /// Lines of the file before the source's text (an excerpt, see
    /// [`SourceFile::excerpt`]): added to every line number.
    lines_before: usize,
}

enum Text<'a> {
    File {
        source: &'a SourceFile,
        /// No `\r` in the file: lines are the line index's.
        plain: bool,
    },
    Excerpt(Excerpt),
}

impl<'a> Frame<'a> {
    fn new(name: &'a str, source: &'a SourceFile, plain: bool, d: &Diagnostic, span: Span) -> Self {
        let text = source.text();
        let pointer = (!d.pointer.is_empty()).then(|| d.pointer.clone());
        let spans = std::iter::once((pointer, first_line(text, span), true)).chain(
            d.labels
                .iter()
                .map(|l| (Some(l.message.clone()), first_line(text, l.span), false)),
        );
        if let Some(excerpt) = Excerpt::around(source, span.start) {
            let labels = spans
                .filter_map(|(label, (offset, len), primary)| {
                    let (start, len) = excerpt.map(offset, len)?;
                    Some(labeled(label, start, len, primary))
                })
                .collect();
            return Frame {
                name,
                labels,
                text: Text::Excerpt(excerpt),
                lines_before: source.lines_before() as usize,
            };
        }
        let labels = spans
            .map(|(label, (offset, len), primary)| labeled(label, offset, len, primary))
            .collect();
        Frame {
            name,
            labels,
            text: Text::File { source, plain },
            lines_before: source.lines_before() as usize,
        }
    }
}

fn labeled(label: Option<String>, offset: usize, len: usize, primary: bool) -> LabeledSpan {
    if primary {
        LabeledSpan::new_primary_with_span(label, (offset, len))
    } else {
        LabeledSpan::new_with_span(label, (offset, len))
    }
}

impl SourceCode for Frame<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // miette reads a span by scanning its text from the start; it is given the text
        // from a line start shortly above the span instead, and its answer is shifted back.
        let (text, base, base_line, shift): (&str, usize, usize, Option<&Excerpt>) =
            match &self.text {
                Text::File {
                    source,
                    plain: true,
                } => {
                    let starts = source.line_starts();
                    let line = starts.partition_point(|&s| s <= span.offset()) - 1;
                    let first = line.saturating_sub(before);
                    (source.text(), starts[first], first, None)
                }
                Text::File {
                    source,
                    plain: false,
                } => (source.text(), 0, 0, None),
                Text::Excerpt(e) => (&e.text, 0, e.first_line, Some(e)),
            };
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let c = text[base..].read_span(&shifted, before, after)?;
        let column = match shift {
            Some(e) if before == 0 => e.real_column(c.span().offset(), c.column()),
            _ => c.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            c.data(),
            SourceSpan::new((c.span().offset() + base).into(), c.span().len()),
            c.line() + base_line + self.lines_before,
            column,
            c.line_count() + base_line + self.lines_before,
        )))
    }
}

/// The lines around a span, each cut to the same window of about [`FRAME_COLUMNS`]
/// bytes around the span, with `…` where a line goes on.
struct Excerpt {
    text: String,
    /// 0-based line of the excerpt's first line in the file.
    first_line: usize,
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// Where the line starts in the excerpt, and in the file.
    at: usize,
    line_start: usize,
    /// The part of the file's line shown: `window.start..window.end` (file offsets).
    window: std::ops::Range<usize>,
    /// Bytes of the `…` before the window (0 or 3).
    marker: usize,
}

const ELLIPSIS: &str = "…";

impl Excerpt {
    /// The excerpt around `offset`, if a line in its frame is too long to show whole.
    fn around(source: &SourceFile, offset: usize) -> Option<Excerpt> {
        let text = source.text();
        let starts = source.line_starts();
        let offset = offset.min(text.len());
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let first = line.saturating_sub(CONTEXT_LINES);
        let last = (line + CONTEXT_LINES).min(starts.len() - 1);
        let bounds = |i: usize| {
            let end = starts.get(i + 1).map_or(text.len(), |&next| next - 1);
            (starts[i], end)
        };
        if (first..=last).all(|i| {
            let (start, end) = bounds(i);
            end - start <= FRAME_COLUMNS
        }) {
            return None;
        }
        // The window, in bytes from each line's start: the span's column a third in.
        let from = (offset - starts[line]).saturating_sub(FRAME_COLUMNS / 3);
        let mut excerpt = Excerpt {
            text: String::new(),
            first_line: first,
            lines: Vec::new(),
        };
        for i in first..=last {
            let (start, end) = bounds(i);
            let floor = |mut o: usize| {
                while !text.is_char_boundary(o) {
                    o -= 1;
                }
                o
            };
            let window_start = floor((start + from).min(end));
            let window_end = floor((window_start + FRAME_COLUMNS).min(end));
            let marker = if window_start > start {
                ELLIPSIS.len()
            } else {
                0
            };
            let at = excerpt.text.len();
            if marker > 0 {
                excerpt.text.push_str(ELLIPSIS);
            }
            excerpt.text.push_str(&text[window_start..window_end]);
            if window_end < end {
                excerpt.text.push_str(ELLIPSIS);
            }
            excerpt.text.push('\n');
            excerpt.lines.push(ExcerptLine {
                at,
                line_start: start,
                window: window_start..window_end,
                marker,
            });
        }
        Some(excerpt)
    }

    /// A file span `(offset, len)` in excerpt coordinates, cut to its window; `None`
    /// when it starts outside the excerpt.
    fn map(&self, offset: usize, len: usize) -> Option<(usize, usize)> {
        let line = self
            .lines
            .iter()
            .find(|l| (l.window.start..=l.window.end).contains(&offset))?;
        let start = line.at + line.marker + (offset - line.window.start);
        let end = offset.saturating_add(len).min(line.window.end);
        Some((start, end.saturating_sub(offset)))
    }

    /// The file's column (bytes from the line start, as miette counts) of the excerpt
    /// offset `at`, which miette puts at `column` of its excerpt line.
    fn real_column(&self, at: usize, column: usize) -> usize {
        match self.lines.iter().rev().find(|l| l.at <= at) {
            Some(l) => l.window.start - l.line_start + column.saturating_sub(l.marker),
            None => column,
        }
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
    use super::{first_line, Full};
    use crate::{Diagnostic, FileReport, Renderer, Report, Severity, SourceFile, Span};

    #[test]
    fn an_excerpt_is_framed_with_the_files_line_numbers() {
        let text = r#"{"unit": "K"}"#;
        let mut file = FileReport::new(
            "log.jsonl",
            Some(SourceFile::excerpt("log.jsonl", text, 41)),
        );
        file.diagnostics.push(
            Diagnostic::new("validate/enum", Severity::Error, "not one of")
                .with_span(Some(Span::new(9, 12))),
        );
        let mut out = Vec::new();
        Full::new(false)
            .render(&Report { files: vec![file] }, &mut out)
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("[log.jsonl:42:10]"), "{out}");
        assert!(out.contains(" 42 │ {\"unit\""), "{out}");
    }

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
