use std::io::{self, Write};

use serde::Serialize;

use super::json::DiagnosticJson;
use super::{Json, Renderer};
use crate::Report;

/// One compact JSON object per finding per line: `"path"` followed by the `json`
/// format's diagnostic object. Streams well (`jq -c`, log shippers); a report without
/// findings writes nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonLines;

#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    #[serde(flatten)]
    diagnostic: DiagnosticJson<'a>,
}

impl Renderer for JsonLines {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for (file, d) in report.diagnostics() {
            let line = Line {
                path: &file.path,
                diagnostic: Json::diagnostic(file, d),
            };
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        }
        Ok(())
    }
}
