//! Turning command-line paths into the list of inputs, in a deterministic order.

use std::path::{Path, PathBuf};

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

/// Expands paths: files as given, directories searched recursively for `*.json`
/// (sorted; hidden directories, `node_modules` and `target` skipped), `-` as stdin.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<PathError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(error) => errors.push(PathError {
                path: path.clone(),
                error,
            }),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<PathError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(PathError {
                path: dir.to_path_buf(),
                error,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !(name.starts_with('.') || name == "node_modules" || name == "target") {
                walk(&path, inputs, errors);
            }
        } else if name.ends_with(".json") {
            inputs.push(Input::File(path));
        }
    }
}
