//! `schemalint generate completions <shell>` and `schemalint generate man` (hidden):
//! shell completions and the man page, generated from the clap definition.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Subcommand};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub what: Generate,
}

#[derive(Debug, Subcommand)]
pub enum Generate {
    /// Shell completions, on standard output (e.g. `schemalint generate completions bash > /etc/bash_completion.d/schemalint`).
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// The man page (roff), on standard output (e.g. `schemalint generate man > schemalint.1`).
    Man,
}

/// Writes what `args` asks for to `out`.
pub fn generate(args: &GenerateArgs, out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = crate::cli::Cli::command();
    match args.what {
        Generate::Completions { shell } => {
            clap_complete::generate(shell, &mut cmd, "schemalint", out);
            Ok(())
        }
        Generate::Man => clap_mangen::Man::new(cmd).render(out),
    }
}

pub fn run(args: &GenerateArgs) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match generate(args, &mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}
