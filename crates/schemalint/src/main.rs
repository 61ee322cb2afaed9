//! The `schemalint` command line (its code is in the library, so that the Python
//! package can run the same command in-process).

use std::process::ExitCode;

fn main() -> ExitCode {
    schemalint::run_cli(std::env::args_os())
}
