//! ECMA-262 regular expressions and JSON Schema `format` checks, shared by schemalint's schema
//! linter (`schemalint-check`) and its output validator (`schemalint-validate`).
//!
//! - [`regex`]: parse ECMA-262 patterns exactly as JSON Schema 2020-12 reads them (`u` flag, no
//!   Annex B), report the constructs they use, and match them with Rust engines (falling back
//!   to the Annex B grammar for patterns that are only valid without `u`).
//! - [`format`](mod@format): the `format` vocabulary of draft 2020-12 (`date-time`, `email`, `uri`, …).
//!
//! Nothing here panics on any input.
//!
//! ```
//! use schemalint_formats::{format, regex};
//!
//! // The linter: is the pattern valid, and does it need lookaround?
//! let features = regex::parse(r"^(?!admin)\w+$").unwrap();
//! assert!(features.lookahead);
//!
//! // The validator: match patterns (a search, not a full match) and check formats.
//! let pattern = regex::Pattern::new(r"\d+").unwrap();
//! assert!(pattern.is_match("order 66").unwrap());
//! assert_eq!(format::check("date", "2024-02-29"), Some(true));
//! assert_eq!(format::check("date", "2023-02-29"), Some(false));
//! assert_eq!(format::check("no-such-format", "x"), None);
//! ```

#![warn(missing_docs)]

mod charset;
pub mod format;
pub mod regex;
mod regex_tables;
mod unicode_properties;
