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

    /// Opens the input for reading.
    pub fn open(&self) -> std::io::Result<Box<dyn std::io::Read>> {
        Ok(match self {
            Input::File(p) => Box::new(std::fs::File::open(p)?),
            Input::Stdin => Box::new(std::io::stdin().lock()),
        })
    }

    /// Reads the JSON document, stopping soon after its first fatal error (see
    /// [`crate::limits::read_json`]).
    pub fn read_json(&self, max_depth: usize) -> std::io::Result<crate::limits::Read> {
        crate::limits::read_json(&mut self.open()?, max_depth)
    }
}

/// A path that could not be expanded.
#[derive(Debug)]
pub struct PathError {
    pub path: PathBuf,
    pub error: std::io::Error,
}
