//! Renderers: one file per output format, all over the same [`Report`].

mod concise;
mod full;
mod json;

use std::io::{self, Write};
use std::str::FromStr;

pub use concise::Concise;
pub use full::Full;
pub use json::Json;

use crate::Report;

/// Writes a whole report in one format.
pub trait Renderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// The output formats a user can pick with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Code frames with labels and help (miette).
    Full,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The versioned JSON contract.
    Json,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["full", "concise", "json"];

    /// Human formats get a one-line summary on stderr; machine formats do not.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Full | Format::Concise)
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "full" => Ok(Format::Full),
            "concise" => Ok(Format::Concise),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown format `{other}` (expected one of: {})",
                Format::NAMES.join(", ")
            )),
        }
    }
}

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Color {
    #[default]
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether to emit ANSI colours: `always`/`never` win; `auto` colours only a
    /// terminal and honours `NO_COLOR` (any non-empty value) and `CLICOLOR_FORCE`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        let env_set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                if env_set("NO_COLOR") {
                    false
                } else if env_set("CLICOLOR_FORCE") {
                    true
                } else {
                    is_terminal
                }
            }
        }
    }
}

impl FromStr for Color {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Color::Auto),
            "always" => Ok(Color::Always),
            "never" => Ok(Color::Never),
            other => Err(format!(
                "unknown color choice `{other}` (expected one of: auto, always, never)"
            )),
        }
    }
}

/// A renderer for `format`; `color` only matters for human formats.
pub fn renderer(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Full => Box::new(Full::new(color)),
        Format::Concise => Box::new(Concise::new(color)),
        Format::Json => Box::new(Json),
    }
}
