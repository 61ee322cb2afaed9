//! The `schemalint` command line.

use std::process::ExitCode;

use clap::Parser;

mod baseline;
mod check_cmd;
mod ci_args;
mod cli;
mod config;
mod files;
mod generate_cmd;
mod outputs;
mod pipeline;
mod profiles_cmd;
mod rule_cmd;
mod runner;
mod validate_cmd;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let color = cli.color;
    match cli.command {
        cli::Command::Check(args) => check_cmd::run(&args, color),
        cli::Command::Rule(args) => rule_cmd::run(&args),
        cli::Command::Profiles(args) => profiles_cmd::list(&args),
        cli::Command::Profile(args) => profiles_cmd::show(&args),
        cli::Command::Generate(args) => generate_cmd::run(&args),
        cli::Command::Validate(args) => {
            use std::io::IsTerminal;
            let color =
                schemalint_diagnostics::Color::from(color).enabled(std::io::stdout().is_terminal());
            validate_cmd::run(&args, color)
        }
    }
}
