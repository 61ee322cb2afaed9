//! schemalint-check: lints JSON Schemas (or the request bodies that carry them) against
//! LLM providers' structured-output subsets, reporting every violation at once with a
//! JSON pointer, a source span, why, how to fix it, and what the provider would answer.
//!
//! ```
//! use schemalint_check::{check_str, Profile};
//!
//! let profile = Profile::builtin("openai").unwrap();
//! let report = check_str("person.json", r#"{"type": "object", "properties": {"name": {"type": "string"}}}"#, profile);
//! let rules: Vec<_> = report.diagnostics.iter().map(|d| d.rule.as_ref()).collect();
//! assert_eq!(rules, ["strict/additional-properties", "strict/required"]);
//! ```
//!
//! **Architecture Invariant:** nothing here prints; findings are returned as
//! [`schemalint_diagnostics::Diagnostic`]s.

#[macro_use]
mod rules;

mod engine;
pub mod envelope;
pub mod fix;
mod fixes;
mod hash;
mod lookup;
pub mod profile;
pub mod source;

use schemalint_diagnostics::{Diagnostic, FileReport, Severity};

pub use envelope::extract_schema;
pub use fix::{fix_str, fix_with, AppliedFix, Fixed, MAX_FIX_ROUNDS};
pub use lookup::{schema_key_at, SchemaKey};
pub use profile::Profile;
pub use rules::{FixAvailability, FixCase, RuleFix, RuleMeta, ALL as RULES, DOCS_URL};
pub use source::Document;

/// A rule by id (`strict/required`).
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    rules::find(id)
}

/// Checks JSON text named `path` against `profile`.
///
/// A text that is not JSON gives one `json/invalid-json` error (and the report's
/// [`has_parse_error`] is true: callers exit with code 2).
pub fn check_str(path: &str, text: &str, profile: &Profile) -> FileReport {
    check_bytes(path, text.as_bytes(), profile)
}

/// Checks the bytes of a file named `path` against `profile` (UTF-8, BOM tolerated).
pub fn check_bytes(path: &str, bytes: &[u8], profile: &Profile) -> FileReport {
    check_bytes_nested(path, bytes, profile, source::MAX_NESTING)
}

/// [`check_bytes`] with a nesting limit other than [`source::MAX_NESTING`]: arrays and
/// objects nested deeper than `max_depth` give one `json/too-deep` error.
pub fn check_bytes_nested(
    path: &str,
    bytes: &[u8],
    profile: &Profile,
    max_depth: usize,
) -> FileReport {
    match source::parse_bytes_nested(path, bytes, max_depth) {
        Ok(doc) => check_document(path, &doc, profile),
        Err((source, error)) => parse_error_report(path, source, error),
    }
}

/// The report for a file that could not be parsed: one error naming why.
fn parse_error_report(
    path: &str,
    source: Option<schemalint_diagnostics::SourceFile>,
    error: source::ParseError,
) -> FileReport {
    let (rule, help) = match error.kind {
        source::ParseErrorKind::InvalidEncoding => (
            rules::json::invalid_encoding::RULE.id,
            "save the file as UTF-8 (not Latin-1, Windows-1252 or UTF-16, which PowerShell's `>` writes)",
        ),
        source::ParseErrorKind::Syntax => (
            rules::json::invalid_json::RULE.id,
            "fix the JSON syntax; schemalint reads strict JSON (no comments or trailing commas)",
        ),
        source::ParseErrorKind::TooDeep { .. } => (
            rules::json::too_deep::RULE.id,
            "flatten the nesting (`$defs` and `$ref`), or raise the limit with `--max-depth N` if it is intended",
        ),
    };
    let mut report = FileReport::new(path, source);
    report.diagnostics.push(
        Diagnostic::new(rule, Severity::Error, error.message)
            .with_span(Some(error.span))
            .with_help(help),
    );
    report
}

/// Checks a `serde_json::Value` (a schema or any accepted wrapper) against `profile`.
/// Spans refer to the value's pretty-printed text, kept in the report's source.
pub fn check_value(name: &str, value: &serde_json::Value, profile: &Profile) -> FileReport {
    let doc = source::from_json_value(name, value);
    check_document(name, &doc, profile)
}

/// Checks an already parsed document.
pub fn check_document(path: &str, doc: &Document, profile: &Profile) -> FileReport {
    let mut report = FileReport::new(path, Some(doc.source.clone()));
    report.diagnostics = engine::check_document(doc, profile, path);
    report.sort();
    report
}

/// Which profile a request body is meant for, and why.
#[derive(Debug, Clone)]
pub struct Inference {
    pub profile: &'static Profile,
    pub reason: String,
}

/// Infers the profile for a document that is a whole request body, from its shape (the
/// API it is written for) and its `model`, using the built-in profiles' `[detect]` tables:
/// the longest matching model pattern among the profiles for that API wins; otherwise the
/// profile that is the default for the API. `None` for anything but a request body.
pub fn infer_profile(doc: &Document) -> Option<Inference> {
    let request = envelope::detect_request(&doc.root)?;
    let api = request.api_id();
    let candidates = || {
        profile::builtins()
            .iter()
            .filter(move |p| p.detect.apis.iter().any(|a| a == api))
    };
    let shape = request.api.describe();
    let article = if shape.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    if let Some(model) = request.model() {
        let best = candidates()
            .flat_map(|p| {
                p.detect
                    .models
                    .iter()
                    .filter(|pat| profile::model_matches(pat, model))
                    .map(move |pat| (pat.len(), p, pat))
            })
            .max_by_key(|(len, _, _)| *len);
        if let Some((_, profile, pattern)) = best {
            return Some(Inference {
                profile,
                reason: format!(
                    "the file is {article} {shape} and its model `{model}` matches `{pattern}`"
                ),
            });
        }
    }
    let profile = candidates()
        .find(|p| p.detect.default_for.iter().any(|a| a == api))
        .or_else(|| {
            profile::builtins()
                .iter()
                .find(|p| p.detect.default_for.iter().any(|a| a == api))
        })?;
    let model = match request.model() {
        Some(m) => format!("its model `{m}` matches no profile's model list"),
        None => "it names no model".to_owned(),
    };
    Some(Inference {
        profile,
        reason: format!(
            "the file is {article} {shape}, {model}, and `{}` is the default for that shape",
            profile.id
        ),
    })
}

/// Checks bytes against the profile inferred from the request body they hold (see
/// [`infer_profile`]), or `fallback` when they are not a request. Diagnostics of an
/// inferred profile carry its id and a note saying why it was chosen.
pub fn check_bytes_auto(
    path: &str,
    bytes: &[u8],
    fallback: &Profile,
) -> (FileReport, Option<Inference>) {
    check_bytes_auto_nested(path, bytes, fallback, source::MAX_NESTING)
}

/// [`check_bytes_auto`] with the nesting limit `max_depth` (see [`check_bytes_nested`]).
pub fn check_bytes_auto_nested(
    path: &str,
    bytes: &[u8],
    fallback: &Profile,
    max_depth: usize,
) -> (FileReport, Option<Inference>) {
    let doc = match source::parse_bytes_nested(path, bytes, max_depth) {
        Ok(doc) => doc,
        Err((source, error)) => return (parse_error_report(path, source, error), None),
    };
    match infer_profile(&doc) {
        Some(inference) => {
            let mut report = check_document(path, &doc, inference.profile);
            for d in &mut report.diagnostics {
                d.profile = Some(inference.profile.id.clone());
                d.notes.push(format!(
                    "profile `{}` inferred: {}",
                    inference.profile.id, inference.reason
                ));
            }
            (report, Some(inference))
        }
        None => (check_document(path, &doc, fallback), None),
    }
}

/// True when the report holds a parse error (the file could not be checked at all).
pub fn has_parse_error(report: &FileReport) -> bool {
    report.diagnostics.iter().any(|d| is_parse_error(&d.rule))
}

/// True for the rules that mean "the file was not checked": they cannot be ignored,
/// baselined or turned off.
pub fn is_parse_error(rule: &str) -> bool {
    rule == rules::json::invalid_json::RULE.id
        || rule == rules::json::invalid_encoding::RULE.id
        || rule == rules::json::too_deep::RULE.id
}

/// The rule reference (`docs/rules.md`), generated from the rules' docs and the
/// built-in profiles' settings.
pub fn rules_reference() -> String {
    let mut out = String::from(
        "# Rule reference\n\n<!-- Generated from the rule docs in crates/schemalint-check/src/rules/ by \
         `UPDATE_DOCS=1 cargo test -p schemalint-check --test docs`. Do not edit by hand. -->\n\n\
         Every rule has a stable, namespaced id. Which rules run, and how severe they are, is set by the \
         profile (`schemalint profiles`). The Fix column says which fixes `schemalint check --fix` \
         (safe) and `--fix --unsafe-fixes` (unsafe too) apply.\n\n| Rule | Summary | Default | Fix |\n|---|---|---|---|\n",
    );
    for rule in rules::ALL {
        out.push_str(&format!(
            "| [`{id}`](#{anchor}) | {summary} | {sev} | {fix} |\n",
            id = rule.id,
            anchor = rule.id.replace('/', ""),
            summary = rule.summary.replace('|', "\\|"),
            sev = rule.default_severity,
            fix = rule.fix_summary()
        ));
    }
    for rule in rules::ALL {
        out.push_str(&format!("\n## `{}`\n\n", rule.id));
        out.push_str(&format!(
            "{}\n\nDefault severity: **{}**.\n\n",
            rule.summary, rule.default_severity
        ));
        let mut profiles = String::new();
        for p in profile::builtins() {
            if let Some(setting) = p.rules.get(rule.id) {
                profiles.push_str(&format!(
                    "| `{}` | {:?} | {} | {} |\n",
                    p.id,
                    setting.severity,
                    setting.evidence,
                    setting.source.replace('|', "\\|")
                ));
            }
        }
        if !profiles.is_empty() {
            out.push_str("| Profile | Severity | Evidence | Source |\n|---|---|---|---|\n");
            out.push_str(&profiles);
            out.push('\n');
        }
        // Demote the rule's own headings one level under the rule's heading.
        for line in rule.markdown().lines() {
            if let Some(rest) = line.strip_prefix("## ") {
                out.push_str(&format!("### {rest}\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}
