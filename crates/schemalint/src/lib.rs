//! schemalint: make LLM structured outputs safe to depend on.
//!
//! Check a schema before you send it, with [`check_value`] or [`check_str`]; validate the
//! model's reply with a [`Validator`] (compiled once, then one pass over the reply's bytes).
//!
//! Check a schema before you send it:
//!
//! ```
//! let schema = serde_json::json!({
//!     "type": "object",
//!     "properties": {"city": {"type": "string"}},
//!     "required": ["city"],
//!     "additionalProperties": false
//! });
//! let report = schemalint::check_value("weather", &schema, "openai").unwrap();
//! assert!(report.diagnostics.is_empty());
//! ```

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

pub mod replies;
pub mod server;

pub use schemalint_check::fix::{AppliedFix, Fixed};
pub use schemalint_check::{self as check, Profile};
pub use schemalint_diagnostics::{
    self as diagnostics, Applicability, Diagnostic, Edit, FileReport, Fix, Severity,
};
pub use schemalint_validate::{
    self as validate, Abort, CompileError, Progress, StreamValidator, ValidationError, Validator,
};

// The command line. Its modules live in the library (not in `main.rs`) so that
// `run_cli` can serve both the binary and the Python package's `schemalint` command.
mod baseline;
mod check_cmd;
mod ci_args;
mod cli;
mod config;
mod files;
mod fix_cmd;
mod generate_cmd;
mod in_order;
mod limits;
mod outputs;
mod pipeline;
mod profiles_cmd;
mod rule_cmd;
mod runner;
mod validate_cmd;
mod validate_refs;

/// Runs the `schemalint` command line with `args` (the first one is the program name, as
/// in `std::env::args_os()`) and returns its exit code. Usage errors, `--help` and
/// `--version` print what the binary prints and return its code instead of exiting.
pub fn run_cli<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // What `Cli::parse` would print; a failed write to a closed stream changes nothing.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let color = cli.color;
    match cli.command {
        // Both walk what they parse recursively: on a stack sized for the nesting limit.
        cli::Command::Check(args) => {
            limits::with_stack_for(args.limits.max_depth, || check_cmd::run(&args, color))
        }
        cli::Command::Rule(args) => rule_cmd::run(&args),
        cli::Command::Profiles(args) => profiles_cmd::list(&args),
        cli::Command::Profile(args) => profiles_cmd::show(&args),
        cli::Command::Generate(args) => generate_cmd::run(&args),
        cli::Command::Server(_) => server::run(),
        cli::Command::Validate(args) => {
            use std::io::IsTerminal;
            let color =
                schemalint_diagnostics::Color::from(color).enabled(std::io::stdout().is_terminal());
            limits::with_stack_for(args.limits.max_depth, || validate_cmd::run(&args, color))
        }
    }
}

/// Checks a schema (or any wrapper `schemalint check` accepts) given as a
/// `serde_json::Value` against the built-in profile `profile`.
pub fn check_value(
    name: &str,
    value: &serde_json::Value,
    profile: &str,
) -> Result<FileReport, schemalint_check::profile::ProfileError> {
    Ok(schemalint_check::check_value(
        name,
        value,
        Profile::builtin(profile)?,
    ))
}

/// Checks JSON text against the built-in profile `profile`.
pub fn check_str(
    name: &str,
    text: &str,
    profile: &str,
) -> Result<FileReport, schemalint_check::profile::ProfileError> {
    Ok(schemalint_check::check_str(
        name,
        text,
        Profile::builtin(profile)?,
    ))
}

/// Checks a file's bytes against each of the built-in `profiles`, in one report. With
/// several, every finding carries its profile, and findings are grouped by profile in the
/// order given (by position within a profile); a parse error is reported once. With none,
/// the report is empty.
pub fn check_bytes_with_profiles<S: AsRef<str>>(
    name: &str,
    bytes: &[u8],
    profiles: &[S],
) -> Result<FileReport, schemalint_check::profile::ProfileError> {
    check_bytes_nested_with_profiles(name, bytes, profiles, schemalint_check::source::MAX_NESTING)
}

/// [`check_bytes_with_profiles`] with the nesting limit `max_depth` (`json/too-deep` past it).
pub fn check_bytes_nested_with_profiles<S: AsRef<str>>(
    name: &str,
    bytes: &[u8],
    profiles: &[S],
    max_depth: usize,
) -> Result<FileReport, schemalint_check::profile::ProfileError> {
    let several = profiles.len() > 1;
    let mut merged: Option<FileReport> = None;
    for id in profiles {
        let id = id.as_ref();
        let mut report =
            schemalint_check::check_bytes_nested(name, bytes, Profile::builtin(id)?, max_depth);
        if several {
            for d in &mut report.diagnostics {
                d.profile = Some(id.to_owned());
            }
        }
        match &mut merged {
            None => merged = Some(report),
            // One parse error per file, not one per profile.
            Some(_) if schemalint_check::has_parse_error(&report) => {}
            Some(m) => m.diagnostics.extend(report.diagnostics),
        }
    }
    let mut report = merged.unwrap_or_else(|| FileReport::new(name, None));
    report.sort();
    if several {
        let rank = |d: &Diagnostic| {
            d.profile
                .as_deref()
                .and_then(|p| profiles.iter().position(|q| q.as_ref() == p))
                .unwrap_or(usize::MAX)
        };
        report.diagnostics.sort_by_key(rank);
    }
    Ok(report)
}

/// Fixes JSON text for the built-in profile `profile`: applies every fix up to
/// `applicability` (safe, or safe and unsafe), in rounds until none is left, keeping the
/// text's formatting. `remaining` holds what is left, with spans into `text`.
///
/// ```
/// use schemalint::Applicability;
///
/// let text = r#"{"type": "object", "properties": {"city": {"type": "string"}}}"#;
/// let fixed = schemalint::fix(text, "openai", Applicability::Unsafe).unwrap();
/// assert_eq!(
///     fixed.text,
///     r#"{"type": "object", "properties": {"city": {"type": ["string", "null"]}}, "required": ["city"], "additionalProperties": false}"#
/// );
/// assert!(fixed.remaining.is_empty());
/// ```
pub fn fix(
    text: &str,
    profile: &str,
    applicability: Applicability,
) -> Result<Fixed, schemalint_check::profile::ProfileError> {
    Ok(schemalint_check::fix_str(
        "schema.json",
        text,
        Profile::builtin(profile)?,
        applicability,
    ))
}

/// [`fix`] for a schema built in code: what a service calls to make a schema strict
/// before sending it (like the SDKs' `to_strict_json_schema`, but it says what changed).
#[derive(Debug, Clone)]
pub struct FixedValue {
    pub value: serde_json::Value,
    /// The fixed schema as pretty-printed JSON; `remaining`'s spans point into it.
    pub text: String,
    pub applied: Vec<AppliedFix>,
    pub remaining: Vec<Diagnostic>,
}

/// Fixes a `serde_json::Value` (a schema or any wrapper `check` accepts) for `profile`.
///
/// ```
/// use schemalint::Applicability;
///
/// let schema = serde_json::json!({"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]});
/// let fixed = schemalint::fix_value(&schema, "openai", Applicability::Safe).unwrap();
/// assert_eq!(fixed.value["additionalProperties"], false);
/// assert_eq!(fixed.applied.len(), 1);
/// ```
pub fn fix_value(
    value: &serde_json::Value,
    profile: &str,
    applicability: Applicability,
) -> Result<FixedValue, schemalint_check::profile::ProfileError> {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
    let fixed = fix(&text, profile, applicability)?;
    Ok(FixedValue {
        // The fixes only write JSON, and a round whose result does not parse is dropped.
        value: serde_json::from_str(&fixed.text).unwrap_or_else(|_| value.clone()),
        text: fixed.text,
        applied: fixed.applied,
        remaining: fixed.remaining,
    })
}

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
