use std::io::{self, Write};

use serde_json::Value;

use super::{Json, Renderer};
use crate::Report;

/// One compact JSON object per finding per line: [`Json::diagnostic`] plus `"path"`.
/// Streams well (`jq -c`, log shippers); a report without findings writes nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonLines;

impl Renderer for JsonLines {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for (file, d) in report.diagnostics() {
            let mut object = Json::diagnostic(file, d);
            if let Value::Object(map) = &mut object {
                map.insert("path".into(), Value::String(file.path.clone()));
            }
            serde_json::to_writer(&mut *out, &object)?;
            writeln!(out)?;
        }
        Ok(())
    }
}
