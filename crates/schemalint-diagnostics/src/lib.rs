//! The one diagnostic model of schemalint, and its renderers.
//!
//! Rules (in `schemalint-check`) and validation errors (in `schemalint-validate`)
//! both end up as [`Diagnostic`]s grouped per file in a [`Report`]. Every
//! output format is a [`Renderer`] over that report; nothing here knows any rule.
//!
//! **Architecture Invariant:** this crate depends on none of the other schemalint crates.

mod fix;
mod model;
pub mod render;
mod source;

pub use fix::{apply_round, Applicability, Edit, Fix};
pub use model::{Diagnostic, FileReport, Label, Report, RuleInfo, Severity, Summary};
pub use render::{renderer, Color, Format, RenderOptions, Renderer};
pub use source::{Position, Range, SourceFile, Span};
