//! Renderers: one file per output format, all over the same [`Report`].

mod concise;
mod full;
mod github;
mod json;
mod json_lines;
mod junit;
mod paths;
mod sarif;

use std::io::{self, Write};
use std::path::PathBuf;
use std::str::FromStr;

pub use concise::Concise;
pub use full::Full;
pub use github::Github;
pub use json::Json;
pub use json_lines::JsonLines;
pub use junit::Junit;
pub use sarif::{Sarif, MAX_RESULTS_PER_RUN};

use crate::{Applicability, Fix, Report, RuleInfo};

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
    /// One JSON object per finding per line (the `json` diagnostic object plus `path`).
    JsonLines,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as annotations.
    Github,
    /// JUnit XML: one test suite per file, one test case per file × rule.
    Junit,
}

impl Format {
    /// Every `--format` value, in the order help text lists them.
    pub const NAMES: &'static [&'static str] = &[
        "full",
        "concise",
        "json",
        "json-lines",
        "sarif",
        "github",
        "junit",
    ];

    /// The `--format` value of this format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Full => "full",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::JsonLines => "json-lines",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
        }
    }

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
            "json-lines" => Ok(Format::JsonLines),
            "sarif" => Ok(Format::Sarif),
            "github" => Ok(Format::Github),
            "junit" => Ok(Format::Junit),
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

/// Everything a renderer may need besides the report. Each format reads only its part.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Emit ANSI colours (human formats only); decide with [`Color::enabled`].
    pub color: bool,
    /// Rule metadata; SARIF publishes the entries of the rules that occur in the report.
    /// Rules missing here still get a minimal, valid descriptor.
    pub rules: Vec<RuleInfo>,
    /// The repository root (in GitHub Actions, `GITHUB_WORKSPACE`). SARIF and `github`
    /// write file paths relative to it, with forward slashes; paths outside it stay
    /// absolute. `None`: paths as given, relative ones taken as repository-relative.
    pub root: Option<PathBuf>,
    /// The directory relative report paths are relative to (the process's current
    /// directory in the CLI); used with `root`. `None`: they are relative to `root`.
    pub working_dir: Option<PathBuf>,
    /// The most unsafe fixes the run applies or offers: a finding whose fix is allowed
    /// is marked fixable (`[*]`) in the human formats. Default: safe fixes only.
    pub fix_applicability: Applicability,
}

impl RenderOptions {
    /// Options with only the colour choice set (enough for the human formats and JSON).
    pub fn with_color(color: bool) -> Self {
        Self {
            color,
            ..Self::default()
        }
    }
}

/// How the CI formats mark a fixable finding: `[*] fixable with --fix: <what the fix does>`.
pub(crate) fn fixable_note(fix: &Fix) -> String {
    format!(
        "[*] fixable with {}: {}",
        fix.applicability.flags(),
        fix.message
    )
}

/// A renderer for `format`, configured from `options`.
pub fn renderer(format: Format, options: &RenderOptions) -> Box<dyn Renderer> {
    match format {
        Format::Full => Box::new(Full::new(options.color).with_fixes(options.fix_applicability)),
        Format::Concise => {
            Box::new(Concise::new(options.color).with_fixes(options.fix_applicability))
        }
        Format::Json => Box::new(Json),
        Format::JsonLines => Box::new(JsonLines),
        Format::Sarif => Box::new(Sarif::new(options)),
        Format::Github => Box::new(Github::new(options)),
        Format::Junit => Box::new(Junit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_name_parses_back_to_its_format() {
        for name in Format::NAMES {
            let format: Format = name.parse().unwrap();
            assert_eq!(format.name(), *name);
        }
        assert!("xml".parse::<Format>().unwrap_err().contains("json-lines"));
    }
}
