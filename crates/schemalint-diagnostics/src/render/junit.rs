//! JUnit XML, for CI test-report views (GitLab, Jenkins, Azure, test-reporter actions).
//!
//! Hand-written: the document is small and the only subtle part is escaping.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{fixable_note, Renderer};
use crate::{Diagnostic, FileReport, Report, Severity};

/// Name of the passing test case of a file without findings, so no suite is empty.
const CLEAN_CASE: &str = "schemalint";

/// One `<testsuite>` per file; one `<testcase>` per file × rule that has findings, failed,
/// with each finding's `path:line:col` and message in `<failure>`. A file without findings
/// gets one passing test case. Every finding fails its test case whatever its severity:
/// which severities count is decided before rendering (by filtering the report).
#[derive(Debug, Clone, Copy, Default)]
pub struct Junit;

/// One test case: a rule's findings in one file, in report order.
struct Case<'a> {
    rule: &'a str,
    findings: Vec<&'a Diagnostic>,
}

fn cases(file: &FileReport) -> Vec<Case<'_>> {
    let mut by_rule: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &file.diagnostics {
        by_rule.entry(&d.rule).or_default().push(d);
    }
    by_rule
        .into_iter()
        .map(|(rule, findings)| Case { rule, findings })
        .collect()
}

impl Renderer for Junit {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let suites: Vec<(&FileReport, Vec<Case<'_>>)> =
            report.files.iter().map(|f| (f, cases(f))).collect();
        let tests: usize = suites.iter().map(|(_, c)| c.len().max(1)).sum();
        let failures: usize = suites.iter().map(|(_, c)| c.len()).sum();

        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="schemalint" tests="{tests}" failures="{failures}" errors="0">"#
        )?;
        for (file, cases) in &suites {
            let path = attribute(&file.path);
            writeln!(
                out,
                r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0" skipped="0">"#,
                cases.len().max(1),
                cases.len()
            )?;
            if cases.is_empty() {
                writeln!(
                    out,
                    r#"    <testcase name="{CLEAN_CASE}" classname="{path}" file="{path}"/>"#
                )?;
            }
            for case in cases {
                write_case(out, file, case)?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

fn write_case(out: &mut dyn Write, file: &FileReport, case: &Case<'_>) -> io::Result<()> {
    let path = attribute(&file.path);
    let worst = case
        .findings
        .iter()
        .map(|d| d.severity)
        .max()
        .unwrap_or(Severity::Info);
    let first = case.findings.first().map_or("", |d| d.message.as_str());
    let summary = match case.findings.len() {
        1 => first.to_owned(),
        n => format!("{first} (and {} more)", n - 1),
    };
    let mut lines = Vec::new();
    for d in &case.findings {
        let mut body = String::new();
        match d.range(file.source.as_ref()) {
            Some(r) => body.push_str(&format!(
                "{}:{}:{}: ",
                file.path, r.start.line, r.start.column
            )),
            None => body.push_str(&format!("{}: ", file.path)),
        }
        body.push_str(&format!("{}: {}", d.severity, d.message));
        if !d.pointer.is_empty() {
            body.push_str(&format!(" (at {})", d.pointer));
        }
        if let Some(fix) = &d.fix {
            body.push_str("\n  ");
            body.push_str(&fixable_note(fix));
        }
        lines.push(body);
    }
    writeln!(
        out,
        r#"    <testcase name="{}" classname="{path}" file="{path}">"#,
        attribute(case.rule)
    )?;
    writeln!(
        out,
        r#"      <failure message="{}" type="{worst}">{}</failure>"#,
        attribute(&summary),
        text(&lines.join("\n"))
    )?;
    writeln!(out, "    </testcase>")
}

/// Characters XML 1.0 cannot carry at all, not even as references, become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        _ => c,
    }
}

/// Escapes element content.
pub(crate) fn text(s: &str) -> String {
    escape(s, false)
}

/// Escapes a double-quoted attribute value; whitespace is written as references
/// because parsers normalise literal tabs and newlines in attributes to spaces.
pub(crate) fn attribute(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A bare CR would be normalised to LF by parsers.
            '\r' => out.push_str("&#13;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(text("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(attribute("\"x\"\n'y'"), "&quot;x&quot;&#10;&apos;y&apos;");
        assert_eq!(text("line\r\nnext"), "line&#13;\nnext");
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        assert_eq!(text("a\u{1}b\u{ffff}"), "a\u{fffd}b\u{fffd}");
        assert_eq!(attribute("\u{0}"), "\u{fffd}");
    }

    #[test]
    fn fixable_findings_say_which_flag_fixes_them() {
        let mut file = FileReport::new("a.json", None);
        file.diagnostics.push(
            Diagnostic::new("r/x", Severity::Error, "bad")
                .with_pointer("/a")
                .with_fix(Some(crate::Fix::unsafe_("drop `a`", vec![]))),
        );
        let mut out = Vec::new();
        Junit
            .render(&Report { files: vec![file] }, &mut out)
            .unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(
            xml.contains(
                "a.json: error: bad (at /a)\n  [*] fixable with --fix --unsafe-fixes: drop `a`</failure>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn counts_cover_failing_rules_and_clean_files() {
        let mut dirty = FileReport::new("a.json", None);
        for rule in ["r/one", "r/two", "r/one"] {
            dirty
                .diagnostics
                .push(Diagnostic::new(rule, Severity::Warning, "m"));
        }
        let clean = FileReport::new("b.json", None);
        let mut out = Vec::new();
        Junit
            .render(
                &Report {
                    files: vec![dirty, clean],
                },
                &mut out,
            )
            .unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(
            xml.contains(r#"<testsuites name="schemalint" tests="3" failures="2""#),
            "{xml}"
        );
        assert!(xml.contains(r#"<testsuite name="a.json" tests="2" failures="2""#));
        assert!(xml.contains(r#"<testsuite name="b.json" tests="1" failures="0""#));
        assert_eq!(xml.matches("<failure ").count(), 2);
        assert!(xml.contains(r#"<failure message="m (and 1 more)" type="warning">"#));
    }
}
