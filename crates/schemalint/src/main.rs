//! The `schemalint` command line.

use std::process::ExitCode;

use clap::Parser;

mod check_cmd;
mod cli;
mod files;
mod rule_cmd;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let color = cli.color;
    match cli.command {
        cli::Command::Check(args) => check_cmd::run(&args, color),
        cli::Command::Rule(args) => rule_cmd::run(&args),
    }
}
