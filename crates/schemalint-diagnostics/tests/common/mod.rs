//! The one synthetic report every format is snapshot-tested with.
//!
//! Small, but with what breaks renderers: two files, every severity, a finding without a
//! span, a span over several lines, a rule missing from the catalog, a safe fix (a deletion
//! and an insertion, after non-ASCII text) and an unsafe one, and text needing escaping
//! somewhere (`%`, `:`, `,`, newline, `<`, `&`, quotes, non-ASCII, a space in a path).

#![allow(dead_code)] // each test binary uses a different part

use std::path::PathBuf;

use schemalint_diagnostics::{
    Diagnostic, Edit, FileReport, Fix, RenderOptions, Report, RuleInfo, Severity, SourceFile, Span,
};

pub const USER_PATH: &str = "schemas/user, 100%: café.json";
pub const LEGACY_PATH: &str = "/repo/schemas/legacy <v1> & co.json";

const USER_TEXT: &str = r#"{
  "type": "object",
  "properties": {
    "naïve": {"type": "string", "format": "uri"},
    "homepage": {
      "type": "string",
      "pattern": "^a<b&c"
    }
  },
  "additionalProperties": true
}
"#;

const LEGACY_TEXT: &str = "{\"type\": \"object\"}\n";

/// The byte span of the `occurrence`-th (0-based) match of `needle` in `text`.
fn span_of(text: &str, needle: &str, occurrence: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("fixture text has no {needle:?} #{occurrence}"))
        .0;
    Span::new(start, start + needle.len())
}

pub fn report() -> Report {
    let mut user = FileReport::new(
        USER_PATH,
        Some(SourceFile::new(USER_PATH, USER_TEXT.to_owned())),
    );
    user.diagnostics = vec![
        Diagnostic::new(
            "openai/unsupported-format",
            Severity::Error,
            "`format: \"uri\"` is not accepted by OpenAI strict mode",
        )
        .with_pointer("/properties/naïve/format")
        .with_span(Some(span_of(USER_TEXT, "\"format\": \"uri\"", 0)))
        .with_help("Remove `format`, or use one of: date-time, email, uuid")
        .with_provider_message(
            "Invalid schema for response_format 'user': In context=('properties', 'naïve'), 'uri' is not a valid format.",
        )
        .with_profile("openai")
        .with_fix(Some(Fix::safe(
            "move `format` into `description`",
            vec![
                Edit::delete(span_of(USER_TEXT, ", \"format\": \"uri\"", 0)),
                Edit::insert(
                    span_of(USER_TEXT, "\"}", 0).start + 1,
                    ", \"description\": \"format: uri\"",
                ),
            ],
        ))),
        Diagnostic::new(
            "portability/pattern-syntax",
            Severity::Info,
            "pattern `^a<b&c` is fine for ECMA 262, but note: <, & and % need no escaping",
        )
        .with_pointer("/properties/homepage")
        .with_span(Some(Span::new(
            span_of(USER_TEXT, "{\n      \"type\"", 0).start,
            span_of(USER_TEXT, "\"\n    }", 0).end,
        )))
        .with_note("counted in Unicode code points, 100% of them"),
        Diagnostic::new(
            "strict/additional-properties",
            Severity::Warning,
            "`additionalProperties` must be false in strict mode,\nso this object: rejected",
        )
        .with_pointer("/additionalProperties")
        .with_span(Some(span_of(USER_TEXT, "true", 0)))
        .with_help("Set `\"additionalProperties\": false`")
        .with_fix(Some(Fix::unsafe_(
            "set `additionalProperties` to `false` (extra keys are no longer allowed)",
            vec![Edit::replace(span_of(USER_TEXT, "true", 0), "false")],
        ))),
    ];

    let mut legacy = FileReport::new(
        LEGACY_PATH,
        Some(SourceFile::new(LEGACY_PATH, LEGACY_TEXT.to_owned())),
    );
    legacy.diagnostics = vec![Diagnostic::new(
        "budget/total-properties",
        Severity::Warning,
        "the file declares no properties: nothing to send, 0% used",
    )];

    Report {
        files: vec![user, legacy],
    }
}

/// Catalog entries for all rules of [`report`] but `budget/total-properties`, which
/// stays out to exercise the fallback descriptor.
pub fn rules() -> Vec<RuleInfo> {
    vec![
        RuleInfo {
            id: "openai/unsupported-format".into(),
            summary: "`format` value not supported in OpenAI strict mode".into(),
            docs: "# openai/unsupported-format\n\nOpenAI strict mode accepts only a fixed set of \
                   string formats;\nother values make the request fail.\n\n```json\n{\"format\": \"uri\"}\n```"
                .into(),
            default_severity: Severity::Error,
            url: Some("https://github.com/schemalint/schemalint/blob/main/docs/rules/openai/unsupported-format.md".into()),
        },
        RuleInfo {
            id: "strict/additional-properties".into(),
            summary: "Objects must set `additionalProperties: false`".into(),
            docs: "Strict structured outputs require every object to close its property set.".into(),
            default_severity: Severity::Error,
            url: None,
        },
        RuleInfo {
            id: "portability/pattern-syntax".into(),
            summary: "Regex syntax that differs between engines".into(),
            docs: String::new().into(),
            default_severity: Severity::Info,
            url: None,
        },
    ]
}

/// Options as the CLI would pass them inside a checkout at `/repo`.
pub fn options() -> RenderOptions {
    RenderOptions {
        color: false,
        rules: rules(),
        root: Some(PathBuf::from("/repo")),
        working_dir: Some(PathBuf::from("/repo")),
        ..RenderOptions::default()
    }
}
