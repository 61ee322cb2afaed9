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

pub use schemalint_check::{self as check, Profile};
pub use schemalint_diagnostics::{self as diagnostics, Diagnostic, FileReport, Severity};
pub use schemalint_validate::{self as validate, CompileError, ValidationError, Validator};

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

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
