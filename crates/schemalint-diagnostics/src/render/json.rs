use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::Renderer;
use crate::{Diagnostic, FileReport, Report};

/// The JSON contract, version 1. Fields are only ever added, never changed or removed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

/// Contract version written as `"version"`.
pub const JSON_VERSION: u32 = 1;

impl Json {
    /// One diagnostic as a JSON object (shared by other machine formats).
    pub fn diagnostic(file: &FileReport, d: &Diagnostic) -> Value {
        let mut obj = Map::new();
        obj.insert("rule".into(), json!(d.rule));
        obj.insert("severity".into(), json!(d.severity));
        obj.insert("message".into(), json!(d.message));
        obj.insert("pointer".into(), json!(d.pointer));
        obj.insert("range".into(), json!(d.range(file.source.as_ref())));
        obj.insert("help".into(), json!(d.help));
        obj.insert("provider_message".into(), json!(d.provider_message));
        if !d.notes.is_empty() {
            obj.insert("notes".into(), json!(d.notes));
        }
        if let Some(profile) = &d.profile {
            obj.insert("profile".into(), json!(profile));
        }
        Value::Object(obj)
    }

    pub fn to_value(report: &Report) -> Value {
        let files: Vec<Value> = report
            .files
            .iter()
            .map(|f| {
                json!({
                    "path": f.path,
                    "diagnostics": f.diagnostics.iter().map(|d| Self::diagnostic(f, d)).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({ "version": JSON_VERSION, "files": files, "summary": report.summary() })
    }
}

impl Renderer for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &Self::to_value(report))?;
        writeln!(out)
    }
}
