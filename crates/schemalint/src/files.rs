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

    /// Reads the JSON document, stopping soon after its first fatal error (see
    /// [`crate::limits::read_json`]).
    pub fn read_json(&self, max_depth: usize) -> std::io::Result<crate::limits::Read> {
        match self {
            Input::File(p) => crate::limits::read_json(std::fs::File::open(p)?, max_depth),
            Input::Stdin => crate::limits::read_json(std::io::stdin().lock(), max_depth),
        }
    }

    /// Reads JSON Lines, one [`crate::limits::Line`] at a time (see
    /// [`crate::limits::read_json_lines`]).
    pub fn read_json_lines(
        &self,
        max_depth: usize,
        each: impl FnMut(crate::limits::Line<'_>),
    ) -> std::io::Result<()> {
        match self {
            Input::File(p) => {
                crate::limits::read_json_lines(std::fs::File::open(p)?, max_depth, each)
            }
            Input::Stdin => {
                crate::limits::read_json_lines(std::io::stdin().lock(), max_depth, each)
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
