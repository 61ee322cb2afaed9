//! Inputs: a file, or standard input. (`runner::collect` expands command-line paths.)

use std::path::PathBuf;

/// One input: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The name shown in diagnostics.
    pub fn display_name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }

    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Input::File(p) => std::fs::read(p),
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)?;
                Ok(buf)
            }
        }
    }
}

/// A path that could not be expanded.
#[derive(Debug)]
pub struct PathError {
    pub path: PathBuf,
    pub error: std::io::Error,
}
