//! Helpers for the `ci_*` integration tests: run the built binary in a directory with a
//! controlled environment, and build throw-away project trees.

#![allow(dead_code)] // each test file uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The committed fixtures: `schemas/{clean,person,warn}.json`, `schemas/legacy/meta.json`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ci")
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Rule ids in `--format concise` output, as `path rule` lines.
    pub fn findings(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter_map(|l| {
                let (loc, rest) = l.split_once(": ")?;
                let path = loc.split(':').next()?;
                let rule = rest.split_once('[')?.1.split_once(']')?.0;
                Some(format!("{path} {rule}"))
            })
            .collect()
    }
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_schemalint"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// Runs `schemalint ARGS` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

/// Runs `schemalint ARGS` in `dir` with extra environment variables.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = command(dir, args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().expect("the schemalint binary runs"))
}

/// Runs `schemalint ARGS` in `dir` with `input` on standard input.
pub fn run_stdin(dir: &Path, args: &[&str], input: &str) -> Run {
    use std::io::Write;
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the schemalint binary starts");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("stdin written");
    Run::from(
        child
            .wait_with_output()
            .expect("the schemalint binary runs"),
    )
}

/// A temporary project: files written relative to its root.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("dirs created");
        std::fs::write(path, text).expect("file written");
        self
    }

    /// Copies one of the committed fixture schemas to `rel`.
    pub fn fixture(&self, name: &str, rel: &str) -> &Self {
        let text =
            std::fs::read_to_string(fixtures().join("schemas").join(name)).expect("fixture exists");
        self.write(rel, &text)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(self.path(), args)
    }
}
