//! `schemalint check --fix`, `--unsafe-fixes`, `--diff` and `--fix-only` as a user runs them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_schemalint");

const LOOSE: &str = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"city\": {\"type\": \"string\"},\n    \"unit\": {\"type\": \"string\", \"enum\": [\"C\", \"F\"]}\n  },\n  \"required\": [\"city\"]\n}\n";

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("weather.json");
    std::fs::write(&file, LOOSE).unwrap();
    (dir, file)
}

#[test]
fn diff_prints_the_fixes_changes_nothing_and_exits_1() {
    let (dir, file) = project();
    let out = run_in(dir.path(), &["check", "--diff", "weather.json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let diff = text(&out.stdout);
    assert!(
        diff.starts_with("--- a/weather.json\n+++ b/weather.json\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+  \"required\": [\"city\"],\n+  \"additionalProperties\": false\n"),
        "{diff}"
    );
    // Safe fixes only: `unit` stays optional.
    assert!(!diff.contains("null"), "{diff}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), LOOSE);
    let summary = text(&out.stderr);
    assert!(
        summary.contains("Would fix 1 finding in 1 file"),
        "{summary}"
    );
    assert!(
        summary.contains("1 hidden fix can be enabled with the `--unsafe-fixes` option."),
        "{summary}"
    );
}

#[test]
fn without_fix_the_summary_says_how_many_fixes_are_available() {
    let (dir, file) = project();
    let out = run_in(dir.path(), &["check", "weather.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let summary = text(&out.stderr);
    assert!(
        summary.contains(
            "[*] 1 fixable with the `--fix` option (1 hidden fix can be enabled with the \
             `--unsafe-fixes` option)."
        ),
        "{summary}"
    );
    let out = run_in(
        dir.path(),
        &["check", "--unsafe-fixes", "weather.json"],
        None,
    );
    let summary = text(&out.stderr);
    assert!(
        summary.contains("[*] 2 fixable with the `--fix --unsafe-fixes` option."),
        "{summary}"
    );
    // Machine formats print no summary unless they fix; then the fix line goes to stderr.
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "weather.json"],
        None,
    );
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let out = run_in(
        dir.path(),
        &["check", "--fix", "--format", "json", "weather.json"],
        None,
    );
    assert_eq!(
        text(&out.stderr),
        "Fixed 1 finding in 1 file (1 remaining). 1 hidden fix can be enabled with the \
         `--unsafe-fixes` option.\n"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 1);
    assert_ne!(std::fs::read_to_string(&file).unwrap(), LOOSE);
    // A clean file: nothing to say about fixes.
    let out = run_in(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "weather.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let out = run_in(dir.path(), &["check", "weather.json"], None);
    assert!(!text(&out.stderr).contains("fix"), "{}", text(&out.stderr));
}

#[test]
fn fix_with_unsafe_fixes_writes_a_strict_schema_that_passes() {
    let (dir, file) = project();
    let out = run_in(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "weather.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        fixed,
        "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"city\": {\"type\": \"string\"},\n    \"unit\": {\"type\": [\"string\", \"null\"], \"enum\": [\"C\", \"F\", null]}\n  },\n  \"required\": [\"city\", \"unit\"],\n  \"additionalProperties\": false\n}\n"
    );
    assert!(text(&out.stderr).contains("Fixed 2 findings in 1 file (0 remaining)."));
    // Nothing is left to do: a second run changes nothing.
    let again = run_in(
        dir.path(),
        &["check", "--diff", "--unsafe-fixes", "weather.json"],
        None,
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
}

#[test]
fn fix_reports_what_remains_and_fix_only_does_not() {
    let (dir, file) = project();
    let out = run_in(
        dir.path(),
        &["check", "--fix", "--format", "concise", "weather.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("error[strict/required]"), "{stdout}");
    assert!(
        !stdout.contains("[*]"),
        "unsafe fixes are not offered: {stdout}"
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("\"additionalProperties\": false"));
    std::fs::write(&file, LOOSE).unwrap();
    let out = run_in(dir.path(), &["check", "--fix-only", "weather.json"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("Fixed 1 finding in 1 file (1 remaining)."));
}

#[test]
fn stdin_fix_writes_the_fixed_document_to_stdout_and_findings_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["check", "--fix", "--format", "concise", "-"],
        Some(LOOSE),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let fixed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(fixed["additionalProperties"], false);
    assert!(text(&out.stderr).contains("error[strict/required]"));
    // Invalid JSON is echoed unchanged, with exit code 2.
    let out = run_in(dir.path(), &["check", "--fix", "-"], Some("{\"a\": "));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "{\"a\": ");
}

#[test]
fn concise_and_json_mark_fixable_findings() {
    let (dir, _) = project();
    let out = run_in(
        dir.path(),
        &["check", "--format", "concise", "weather.json"],
        None,
    );
    let lines = text(&out.stdout);
    assert!(
        lines.contains("error[strict/additional-properties] [*] "),
        "{lines}"
    );
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--unsafe-fixes",
            "weather.json",
        ],
        None,
    );
    assert!(text(&out.stdout).contains("error[strict/required] [*] "));
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "weather.json"],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
    let fix = &diagnostics[0]["fix"];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(
        fix["edits"][0]["replacement"],
        ",\n  \"additionalProperties\": false"
    );
    assert_eq!(fix["edits"][0]["range"]["start"]["line"], 7);
    assert_eq!(diagnostics[1]["fix"]["applicability"], "unsafe");
}
