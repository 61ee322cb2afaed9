//! Command-line definition (clap derive). Completions and the man page are generated from it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint JSON Schemas for LLM structured outputs before you send them, and validate what comes back.
#[derive(Debug, Parser)]
#[command(name = "schemalint", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// When to use colours: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check schemas (or files that wrap them) against a provider profile.
    Check(Box<CheckArgs>),
    /// Validate model outputs (JSON documents or a JSONL log) against a schema.
    Validate(Box<crate::validate_cmd::ValidateArgs>),
    /// Show a rule's documentation, or list every rule.
    Rule(RuleArgs),
    /// List the provider profiles (id, provider, documentation date, source).
    Profiles(ProfilesArgs),
    /// Show one provider profile: its rules, keywords, formats, limits and sources.
    Profile(ProfileArgs),
    /// Run the editor server (Language Server Protocol over standard input/output).
    Server(ServerArgs),
    /// Generate shell completions or the man page.
    #[command(hide = true)]
    Generate(crate::generate_cmd::GenerateArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<ColorChoice> for schemalint_diagnostics::Color {
    fn from(c: ColorChoice) -> Self {
        match c {
            ColorChoice::Auto => schemalint_diagnostics::Color::Auto,
            ColorChoice::Always => schemalint_diagnostics::Color::Always,
            ColorChoice::Never => schemalint_diagnostics::Color::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Code frames with labels and help.
    Full,
    /// One line per finding: path:line:col: severity[rule] message.
    Concise,
    /// The versioned JSON report.
    Json,
    /// One JSON object per finding per line.
    JsonLines,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML.
    Junit,
}

impl From<OutputFormat> for schemalint_diagnostics::Format {
    fn from(f: OutputFormat) -> Self {
        match f {
            OutputFormat::Full => schemalint_diagnostics::Format::Full,
            OutputFormat::Concise => schemalint_diagnostics::Format::Concise,
            OutputFormat::Json => schemalint_diagnostics::Format::Json,
            OutputFormat::JsonLines => schemalint_diagnostics::Format::JsonLines,
            OutputFormat::Sarif => schemalint_diagnostics::Format::Sarif,
            OutputFormat::Github => schemalint_diagnostics::Format::Github,
            OutputFormat::Junit => schemalint_diagnostics::Format::Junit,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for schemalint_diagnostics::Severity {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => schemalint_diagnostics::Severity::Error,
            FailOn::Warning => schemalint_diagnostics::Severity::Warning,
            FailOn::Info => schemalint_diagnostics::Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories (searched for *.json) or quoted globs (`'schemas/**/*.json'`); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Provider profile(s) to check against: a comma list and/or a repeated flag
    /// (`--profile openai,azure --profile anthropic`). Without it: the config's
    /// `profile`, else the profile inferred from a request body (shape and `model`),
    /// else openai. See `schemalint profiles`.
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub profile: Vec<String>,

    /// Print a compatibility table instead of findings: each file × each profile
    /// (every built-in profile unless --profile is given) → pass / N warnings / N errors.
    #[arg(long)]
    pub matrix: bool,

    /// Output format [default: full; github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Exit with code 1 when a finding at or above this severity is reported [default: error, or the config's `fail-on`].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub fixes: FixArgs,

    #[command(flatten)]
    pub limits: crate::limits::LimitArgs,

    #[command(flatten)]
    pub ci: crate::ci_args::CiArgs,
}

/// `check` options that fix what can be fixed.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct FixArgs {
    /// Apply the safe fixes to the files (standard input: print the fixed document to
    /// standard output, findings to standard error), then report what remains.
    #[arg(long, help_heading = "Fixes", conflicts_with = "matrix")]
    pub fix: bool,

    /// Also apply unsafe fixes (they change what a model may produce: review the diff).
    /// Without --fix/--diff/--fix-only: mark findings with an unsafe fix as fixable too.
    #[arg(long, help_heading = "Fixes")]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff and change nothing; exit 1 when a file would change.
    #[arg(long, help_heading = "Fixes", conflicts_with_all = ["fix", "fix_only", "matrix"])]
    pub diff: bool,

    /// Like --fix, but do not report the findings that remain (exit 0 unless an error).
    #[arg(long, help_heading = "Fixes", conflicts_with = "matrix")]
    pub fix_only: bool,
}

impl FixArgs {
    /// The most unsafe fixes to apply or show as available.
    pub fn applicability(&self) -> schemalint_diagnostics::Applicability {
        if self.unsafe_fixes {
            schemalint_diagnostics::Applicability::Unsafe
        } else {
            schemalint_diagnostics::Applicability::Safe
        }
    }
}

/// `server` options.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Talk LSP over standard input/output (the default and only transport; accepted
    /// because editors' LSP clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    /// Markdown text.
    Text,
    /// JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule id, e.g. strict/additional-properties.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,

    /// List every rule.
    #[arg(long)]
    pub all: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct ProfilesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ProfileFormat::Text)]
    pub format: ProfileFormat,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub command: ProfileCommand,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Print one profile.
    Show {
        /// The profile id, e.g. anthropic.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ProfileFormat::Text)]
        format: ProfileFormat,
    },
}
