use std::io::{self, Write};

use super::Renderer;
use crate::{Applicability, Report, Severity};

/// `path:line:col: severity[rule] message`, one line per finding, grep- and editor-friendly.
#[derive(Debug, Clone, Copy, Default)]
pub struct Concise {
    color: bool,
    fixes: Applicability,
}

impl Concise {
    pub fn new(color: bool) -> Self {
        Self {
            color,
            fixes: Applicability::Safe,
        }
    }

    /// Marks findings whose fix is at most `fixes` with `[*]` (as ruff does).
    pub fn with_fixes(mut self, fixes: Applicability) -> Self {
        self.fixes = fixes;
        self
    }
}

impl Renderer for Concise {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for (file, d) in report.diagnostics() {
            match d.range(file.source.as_ref()) {
                Some(r) => write!(out, "{}:{}:{}: ", file.path, r.start.line, r.start.column)?,
                None => write!(out, "{}: ", file.path)?,
            }
            let severity = d.severity.as_str();
            if self.color {
                let code = match d.severity {
                    Severity::Error => "31",
                    Severity::Warning => "33",
                    Severity::Info => "36",
                };
                write!(
                    out,
                    "\x1b[1;{code}m{severity}\x1b[0m[\x1b[1m{}\x1b[0m]",
                    d.rule
                )?;
            } else {
                write!(out, "{severity}[{}]", d.rule)?;
            }
            if let Some(profile) = &d.profile {
                write!(out, " ({profile})")?;
            }
            if d.fix.as_ref().is_some_and(|f| f.allowed(self.fixes)) {
                write!(out, " [*]")?;
            }
            // One line per finding, whatever the message holds.
            writeln!(
                out,
                " {}",
                d.message.replace('\r', "\\r").replace('\n', "\\n")
            )?;
        }
        Ok(())
    }
}
