//! GitHub Actions workflow commands, which the runner turns into annotations.
//!
//! Escaping follows `actions/toolkit:packages/core/src/command.ts` (`escapeData`,
//! `escapeProperty`); see `linter-ux.md` §3.2.

use std::io::{self, Write};
use std::path::PathBuf;

use super::paths::repo_path;
use super::{fixable_note, RenderOptions, Renderer};
use crate::{Diagnostic, FileReport, Report, Severity};

/// Annotations GitHub displays per step and per kind: 10 errors, 10 warnings, 10 notices.
/// Source: `actions/toolkit:docs/problem-matchers.md#limitations`, quoted in
/// `linter-ux.md` §3.2 and in GitHub's REST docs for check-run annotations ("GitHub
/// Actions are limited to 10 warning annotations and 10 error annotations per step").
/// The same sources cap a job and a run at 50, which 3 × 10 per step stays under.
/// Extra annotations are dropped silently.
const ANNOTATIONS_PER_STEP_PER_KIND: usize = 10;

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule::message` per finding.
///
/// Errors come first, then warnings, then notices (info), each in report order, so the
/// annotations GitHub keeps are the most severe. Findings beyond what GitHub displays are
/// written as plain log lines, and a final `::notice::` counts them; one notice slot is
/// kept free for it so that it is itself displayed.
#[derive(Debug, Clone, Default)]
pub struct Github {
    root: Option<PathBuf>,
    working_dir: Option<PathBuf>,
}

impl Github {
    /// Takes the paths' root from `options`; paths are repository-relative, as GitHub wants.
    pub fn new(options: &RenderOptions) -> Self {
        Self {
            root: options.root.clone(),
            working_dir: options.working_dir.clone(),
        }
    }

    fn path(&self, file: &FileReport) -> String {
        repo_path(
            &file.path,
            self.root.as_deref(),
            self.working_dir.as_deref(),
        )
        .as_str()
        .to_owned()
    }
}

/// The workflow command of a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// `escapeData`: for the message after `::`.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty`: for `key=value` properties, where `:` and `,` are delimiters.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Renderer for Github {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let summary = report.summary();
        let overflow = Severity::ALL
            .iter()
            .any(|s| summary.count(*s) > ANNOTATIONS_PER_STEP_PER_KIND);
        let mut hidden = 0;
        for severity in Severity::ALL {
            let mut shown = ANNOTATIONS_PER_STEP_PER_KIND;
            if overflow && severity == Severity::Info {
                shown -= 1; // the closing notice needs a slot of its own
            }
            let findings = report.diagnostics().filter(|(_, d)| d.severity == severity);
            for (i, (file, d)) in findings.enumerate() {
                let path = self.path(file);
                if i < shown {
                    annotation(out, &path, file, d)?;
                } else {
                    hidden += 1;
                    plain_line(out, &path, file, d)?;
                }
            }
        }
        if hidden > 0 {
            let noun = if hidden == 1 { "finding" } else { "findings" };
            let message = format!(
                "{hidden} more {noun} not annotated: GitHub displays at most \
                 {ANNOTATIONS_PER_STEP_PER_KIND} error, {ANNOTATIONS_PER_STEP_PER_KIND} warning \
                 and {ANNOTATIONS_PER_STEP_PER_KIND} notice annotations per step. \
                 All findings are in this log; upload `--format sarif` output to code scanning \
                 to see them in the repository."
            );
            writeln!(out, "::notice::{}", escape_data(&message))?;
        }
        Ok(())
    }
}

fn annotation(
    out: &mut dyn Write,
    path: &str,
    file: &FileReport,
    d: &Diagnostic,
) -> io::Result<()> {
    let mut properties = vec![format!("file={}", escape_property(path))];
    let range = d.range(file.source.as_ref());
    if let Some(r) = range {
        properties.push(format!("line={}", r.start.line));
        // The toolkit does not accept columns on annotations that span several lines.
        if r.start.line == r.end.line {
            properties.push(format!("col={}", r.start.column));
        }
        properties.push(format!("endLine={}", r.end.line));
        if r.start.line == r.end.line {
            properties.push(format!("endColumn={}", r.end.column));
        }
    }
    properties.push(format!("title={}", escape_property(&d.rule)));

    let mut message = d.message.clone();
    if range.is_none() && !d.pointer.is_empty() {
        message.push_str(&format!(" (at {})", d.pointer));
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(fix) = &d.fix {
        message.push('\n');
        message.push_str(&fixable_note(fix));
    }
    writeln!(
        out,
        "::{} {}::{}",
        command(d.severity),
        properties.join(","),
        escape_data(&message)
    )
}

/// A finding GitHub would not display, as an ordinary log line (`concise` style).
fn plain_line(
    out: &mut dyn Write,
    path: &str,
    file: &FileReport,
    d: &Diagnostic,
) -> io::Result<()> {
    match d.range(file.source.as_ref()) {
        Some(r) => write!(out, "{path}:{}:{}: ", r.start.line, r.start.column)?,
        None => write!(out, "{path}: ")?,
    }
    // One physical line, so a message cannot start a workflow command of its own.
    let marker = if d.fix.is_some() { " [*]" } else { "" };
    writeln!(
        out,
        "{}[{}]{marker} {}",
        d.severity,
        d.rule,
        escape_data(&d.message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_the_actions_toolkit() {
        assert_eq!(escape_data("100%\r\nb: c, d"), "100%25%0D%0Ab: c, d");
        assert_eq!(
            escape_property("100%\r\nb: c, d"),
            "100%25%0D%0Ab%3A c%2C d"
        );
        // `%` first, so escapes are not escaped twice.
        assert_eq!(escape_property("%3A"), "%253A");
    }

    /// The runner's side (`actions/runner:src/Runner.Common/ActionCommand.cs`,
    /// `TryParseV2`): command, properties split at `,` and first `=`, data after `::`;
    /// each mapping undone in the runner's order, `%25` last.
    fn parse(line: &str) -> Option<Parsed> {
        fn undo(text: &str, mappings: &[(&str, &str)]) -> String {
            mappings
                .iter()
                .fold(text.to_owned(), |t, (token, escaped)| {
                    t.replace(escaped, token)
                })
        }
        const DATA: &[(&str, &str)] = &[("\r", "%0D"), ("\n", "%0A"), ("%", "%25")];
        const PROPERTY: &[(&str, &str)] = &[
            ("\r", "%0D"),
            ("\n", "%0A"),
            (":", "%3A"),
            (",", "%2C"),
            ("%", "%25"),
        ];
        let rest = line.trim_start().strip_prefix("::")?;
        let end = rest.find("::")?;
        let (info, data) = (&rest[..end], &rest[end + 2..]);
        let (name, properties) = info.split_once(' ').unwrap_or((info, ""));
        let properties = properties
            .split(',')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), undo(v, PROPERTY)))
            .collect();
        Some(Parsed {
            name: name.to_owned(),
            properties,
            data: undo(data, DATA),
        })
    }

    struct Parsed {
        name: String,
        properties: Vec<(String, String)>,
        data: String,
    }

    #[test]
    fn the_runner_reads_back_exactly_what_was_meant() {
        let path = "dir, x/100%: a%2C b%0A.json";
        let source = crate::SourceFile::new(path, "{\"a\": 1}".to_owned());
        let mut file = FileReport::new(path, Some(source));
        let message = "bad: 100%, really\nsecond line %0A :: not a separator";
        file.diagnostics.push(
            Diagnostic::new("ns/rule,title=fake", Severity::Warning, message)
                .with_span(Some(crate::Span::new(1, 4))),
        );
        let output = render(&Report { files: vec![file] });
        let Parsed {
            name,
            properties,
            data,
        } = parse(output.trim_end()).expect("a workflow command");
        assert_eq!(name, "warning");
        let get = |key: &str| {
            properties
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("file"), Some(path));
        assert_eq!(get("title"), Some("ns/rule,title=fake"));
        assert_eq!(get("line"), Some("1"));
        assert_eq!(get("col"), Some("2"));
        assert_eq!(get("endColumn"), Some("5"));
        assert_eq!(properties.len(), 6, "{properties:?}");
        assert_eq!(data, message);
    }

    #[test]
    fn fixable_findings_say_which_flag_fixes_them() {
        let source = crate::SourceFile::new("a.json", "{\"a\": 1}".to_owned());
        let mut file = FileReport::new("a.json", Some(source));
        file.diagnostics.push(
            Diagnostic::new("r/x", Severity::Error, "bad")
                .with_span(Some(crate::Span::new(1, 4)))
                .with_help("do this")
                .with_fix(Some(crate::Fix::safe(
                    "add `b`",
                    vec![crate::Edit::insert(7, ", \"b\": 2")],
                ))),
        );
        file.diagnostics.push(
            Diagnostic::new("r/y", Severity::Error, "worse").with_fix(Some(crate::Fix::unsafe_(
                "drop `a`",
                vec![crate::Edit::delete(crate::Span::new(1, 7))],
            ))),
        );
        let output = render(&Report { files: vec![file] });
        let lines: Vec<&str> = output.lines().collect();
        assert!(
            lines[0].ends_with("::bad%0Ahelp: do this%0A[*] fixable with --fix: add `b`"),
            "{output}"
        );
        assert!(
            lines[1].ends_with("::worse%0A[*] fixable with --fix --unsafe-fixes: drop `a`"),
            "{output}"
        );
    }

    fn report(errors: usize, warnings: usize, infos: usize) -> Report {
        let mut file = FileReport::new("a.json", None);
        for (severity, n) in [
            (Severity::Info, infos),
            (Severity::Warning, warnings),
            (Severity::Error, errors),
        ] {
            for i in 0..n {
                file.diagnostics
                    .push(Diagnostic::new("r/x", severity, format!("{severity} {i}")));
            }
        }
        Report { files: vec![file] }
    }

    fn render(report: &Report) -> String {
        let mut out = Vec::new();
        Github::default().render(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn count(output: &str, prefix: &str) -> usize {
        output.lines().filter(|l| l.starts_with(prefix)).count()
    }

    #[test]
    fn within_the_limits_every_finding_is_an_annotation_and_errors_come_first() {
        let output = render(&report(10, 10, 10));
        assert_eq!(count(&output, "::error "), 10);
        assert_eq!(count(&output, "::warning "), 10);
        assert_eq!(count(&output, "::notice "), 10);
        assert_eq!(output.lines().count(), 30);
        assert!(output.lines().next().unwrap().starts_with("::error "));
        assert!(output.lines().last().unwrap().starts_with("::notice "));
    }

    #[test]
    fn past_the_limits_the_rest_is_logged_and_counted_in_a_visible_notice() {
        let output = render(&report(12, 3, 10));
        assert_eq!(count(&output, "::error "), 10);
        assert_eq!(count(&output, "::warning "), 3);
        assert_eq!(count(&output, "::notice "), 9);
        assert_eq!(count(&output, "a.json: error[r/x]"), 2);
        assert_eq!(count(&output, "a.json: info[r/x]"), 1);
        let last = output.lines().last().unwrap();
        assert!(
            last.starts_with("::notice::3 more findings not annotated"),
            "{last}"
        );
    }
}
