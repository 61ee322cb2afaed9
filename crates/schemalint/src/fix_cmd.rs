//! `check --fix`, `--unsafe-fixes`, `--diff` and `--fix-only`: each file is fixed in the
//! lint workers (lint → apply → lint again, see `schemalint_check::fix_with`, with the
//! user's settings applied to every lint so ignored rules are not fixed), then the
//! results are written, printed to standard output (stdin), or shown as a unified diff.

use std::io::Write;

use schemalint_check::has_parse_error;
use schemalint_diagnostics::{Applicability, FileReport, Report, SourceFile};

use crate::cli::FixArgs;
use crate::files::Input;
use crate::runner::Job;

/// What to do with the fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Write them to the files (stdin: to standard output).
    Write,
    /// Print a unified diff; change nothing.
    Diff,
}

/// The fix flags of one run.
#[derive(Debug, Clone, Copy)]
pub struct FixMode {
    pub applicability: Applicability,
    pub action: Action,
    /// `false` for `--fix-only`: the findings that remain are not reported.
    pub report_remaining: bool,
}

impl FixMode {
    /// The mode the flags ask for, or `None` when nothing is to be fixed.
    pub fn from_args(args: &FixArgs) -> Option<FixMode> {
        let action = if args.diff {
            Action::Diff
        } else if args.fix || args.fix_only {
            Action::Write
        } else {
            return None;
        };
        Some(FixMode {
            applicability: args.applicability(),
            action,
            report_remaining: !args.fix_only,
        })
    }
}

/// What fixing one file did.
#[derive(Debug, Clone)]
pub struct FileFix {
    pub original: Vec<u8>,
    /// The fixed text, when it differs from the original.
    pub fixed: Option<String>,
    pub applied: usize,
}

/// Fixes one file's bytes with `lint` (which lints bytes with the file's settings).
/// Returns the report of what remains and what the fixes did.
pub fn fix_file(
    name: &str,
    bytes: &[u8],
    mode: &FixMode,
    lint: &mut dyn FnMut(&[u8]) -> Result<FileReport, String>,
) -> Result<(FileReport, FileFix), String> {
    let first = lint(bytes)?;
    let unchanged = |report: FileReport| {
        (
            report,
            FileFix {
                original: bytes.to_vec(),
                fixed: None,
                applied: 0,
            },
        )
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(unchanged(first));
    };
    let fixable = first.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.allowed(mode.applicability))
    });
    if has_parse_error(&first) || !fixable {
        return Ok(unchanged(first));
    }
    let path = first.path.clone();
    let mut seeded = Some(first);
    let fixed = schemalint_check::fix_with(text, mode.applicability, &mut |t| {
        seeded
            .take()
            .unwrap_or_else(|| lint(t.as_bytes()).unwrap_or_else(|_| FileReport::new(name, None)))
    });
    let mut report = FileReport::new(path, Some(SourceFile::new(name, fixed.text.as_str())));
    report.diagnostics = fixed.remaining;
    report.sort();
    let changed = fixed.text != text;
    Ok((
        report,
        FileFix {
            original: bytes.to_vec(),
            fixed: changed.then_some(fixed.text),
            applied: fixed.applied.len(),
        },
    ))
}

/// Totals over a run's fixes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outcome {
    pub applied: usize,
    pub changed_files: usize,
    /// Something could not be written.
    pub failed: bool,
    /// Standard output holds a fixed document (findings then go to standard error).
    pub stdout_taken: bool,
}

/// Writes, prints or diffs the fixes of `jobs` (in input order).
pub fn finish(jobs: &[Job], fixes: &[(String, FileFix)], mode: &FixMode) -> Outcome {
    let mut outcome = Outcome::default();
    let mut stdout = std::io::stdout().lock();
    for job in jobs {
        let Some((_, fix)) = fixes.iter().find(|(name, _)| *name == job.name) else {
            continue;
        };
        outcome.applied += fix.applied;
        if fix.fixed.is_some() {
            outcome.changed_files += 1;
        }
        let result = match (mode.action, &job.input, &fix.fixed) {
            (Action::Diff, _, Some(fixed)) => {
                let original = String::from_utf8_lossy(&fix.original);
                stdout.write_all(unified_diff(&job.name, &original, fixed).as_bytes())
            }
            (Action::Diff, _, None) => Ok(()),
            (Action::Write, Input::Stdin, fixed) => {
                outcome.stdout_taken = true;
                match fixed {
                    Some(text) => stdout.write_all(text.as_bytes()),
                    None => stdout.write_all(&fix.original),
                }
            }
            (Action::Write, Input::File(path), Some(fixed)) => std::fs::write(path, fixed)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
            (Action::Write, Input::File(_), None) => Ok(()),
        };
        if let Err(e) = result {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write fixes: {e}");
                outcome.failed = true;
            }
        }
    }
    let _ = stdout.flush();
    outcome
}

/// A unified diff with three lines of context, headed `--- a/PATH` / `+++ b/PATH` as git
/// writes them (an absolute path is shown as it is).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let (a, b) = if path.starts_with('/') || path.starts_with('<') {
        (path.to_owned(), path.to_owned())
    } else {
        (format!("a/{path}"), format!("b/{path}"))
    };
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Findings of `report` with a fix allowed at `applicability`, and with a fix that needs
/// more (`--unsafe-fixes`).
fn fixable(report: &Report, applicability: Applicability) -> (usize, usize) {
    let mut allowed = 0;
    let mut hidden = 0;
    for (_, d) in report.diagnostics() {
        match &d.fix {
            Some(f) if f.allowed(applicability) => allowed += 1,
            Some(_) => hidden += 1,
            None => {}
        }
    }
    (allowed, hidden)
}

/// ruff's wording for fixes that `--unsafe-fixes` would enable.
fn hidden_note(hidden: usize) -> String {
    let fixes = if hidden == 1 {
        "1 hidden fix".to_owned()
    } else {
        format!("{hidden} hidden fixes")
    };
    format!("{fixes} can be enabled with the `--unsafe-fixes` option")
}

/// The fix part of the summary: how many were applied (or would be), how many findings
/// remain, and how many more `--unsafe-fixes` would fix.
pub fn summary(outcome: &Outcome, report: &Report, mode: &FixMode) -> String {
    let remaining = report.diagnostics().count();
    let (still_fixable, hidden) = fixable(report, mode.applicability);
    let verb = match mode.action {
        Action::Diff => "Would fix",
        Action::Write => "Fixed",
    };
    let mut line = format!(
        "{verb} {} in {} ({remaining} remaining).",
        count(outcome.applied, "finding"),
        count(outcome.changed_files, "file"),
    );
    if still_fixable > 0 {
        // Left by the round limit, or a fix that would not have parsed.
        line.push_str(&format!(
            " {} could not be applied.",
            count(still_fixable, "fix")
        ));
    }
    if hidden > 0 {
        line.push_str(&format!(" {}.", hidden_note(hidden)));
    }
    line
}

/// Without `--fix`: how many findings `--fix` would fix (ruff's `[*] N fixable with the
/// `--fix` option.`), and how many more with `--unsafe-fixes`; `None` when no finding has a
/// fix. `applicability` is what `--unsafe-fixes` asked for.
pub fn available(report: &Report, applicability: Applicability) -> Option<String> {
    let (allowed, hidden) = fixable(report, applicability);
    let flag = match applicability {
        Applicability::Safe => "`--fix`",
        Applicability::Unsafe => "`--fix --unsafe-fixes`",
    };
    match (allowed, hidden) {
        (0, 0) => None,
        (0, h) => Some(format!(
            "No fixes available with `--fix` ({}).",
            hidden_note(h)
        )),
        (a, 0) => Some(format!("[*] {a} fixable with the {flag} option.")),
        (a, h) => Some(format!(
            "[*] {a} fixable with the {flag} option ({}).",
            hidden_note(h)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_are_unified_with_a_b_headers() {
        let diff = unified_diff("s.json", "{\n  \"a\": 1\n}\n", "{\n  \"a\": 2\n}\n");
        assert_eq!(
            diff,
            "--- a/s.json\n+++ b/s.json\n@@ -1,3 +1,3 @@\n {\n-  \"a\": 1\n+  \"a\": 2\n }\n"
        );
    }
}
