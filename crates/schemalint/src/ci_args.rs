//! `schemalint check` options for CI use: configuration, outputs, baseline, many files.
//! Flattened into `CheckArgs`.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Clone, Default, Args)]
pub struct CiArgs {
    /// A config file to use for every input (no discovery), or a `KEY=VALUE` override
    /// in TOML (`--config 'fail-on="warning"'`). Repeatable; overrides win over files.
    #[arg(long, value_name = "PATH|KEY=VALUE", help_heading = "Configuration")]
    pub config: Vec<String>,

    /// Ignore every config file (`--config KEY=VALUE` overrides still apply).
    #[arg(long, help_heading = "Configuration")]
    pub isolated: bool,

    /// Print the settings that apply to the given paths, then exit.
    #[arg(long, help_heading = "Configuration")]
    pub show_settings: bool,

    /// Only these rules or categories (comma-separated); replaces the config's `select`.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE|CATEGORY",
        help_heading = "Configuration"
    )]
    pub select: Option<Vec<String>>,

    /// Skip these rules or categories (comma-separated); added to the config's `ignore`.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE|CATEGORY",
        help_heading = "Configuration"
    )]
    pub ignore: Vec<String>,

    /// Apply the config's `exclude` to files named on the command line too (for pre-commit).
    #[arg(long, help_heading = "Configuration")]
    pub force_exclude: bool,

    /// Write the `--format` output to this file; the terminal then gets the default
    /// format (`github` under GitHub Actions, else `full`).
    #[arg(long, short = 'o', value_name = "PATH", help_heading = "Outputs")]
    pub output_file: Option<PathBuf>,

    /// Also write FORMAT to PATH (`-` for standard output). Repeatable.
    #[arg(long, value_name = "FORMAT=PATH", help_heading = "Outputs")]
    pub output: Vec<String>,

    /// Print the number of findings per rule instead of the findings (files named with
    /// --output/--output-file still get every finding).
    #[arg(long, help_heading = "Outputs")]
    pub statistics: bool,

    /// Show at most N findings on the terminal (the exit code still counts all).
    #[arg(long, value_name = "N", help_heading = "Outputs")]
    pub max_diagnostics: Option<usize>,

    /// Report only findings that are not in this baseline file; report its stale entries.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in this baseline file, then exit 0.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,

    /// The file name to use for standard input (`-`): for config discovery,
    /// per-file ignores and output.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Lint with N threads (default: the number of CPUs).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}
