//! The `schemalint` binary as a user runs it: exit codes, inputs (files, directories, stdin),
//! encodings, colours, the stderr summary, and `schemalint rule`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_schemalint");

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `schemalint <args>` run from the workspace root, with a clean colour environment.
fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(workspace_root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("FORCE_COLOR")
        // Under GitHub Actions the default format would be `github`.
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null());
    c
}

fn run(args: &[&str]) -> Output {
    cmd(args).output().unwrap()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json_report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(out)))
}

/// A scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("schemalint-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const CLEAN: &str = "fixtures/check/strict/required/valid.json";
const VIOLATING: &str = "fixtures/check/strict/required/invalid.json";
const WARNING_ONLY: &str = "fixtures/check/keyword/default-value/invalid.json";
const INVALID_JSON: &str = "fixtures/check/json/invalid-json/invalid.json";
const INVALID_UTF8: &str = "fixtures/check/json/invalid-encoding/invalid.json";
const BOM_CLEAN: &str = "fixtures/check/json/invalid-encoding/valid.json";

const CLEAN_SCHEMA: &str = r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}"#;
const OPEN_SCHEMA: &str =
    r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}"#;

// --- exit codes ----------------------------------------------------------------------------

#[test]
fn exit_0_when_clean() {
    let out = run(&["check", CLEAN, "--format", "concise"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn exit_1_when_an_error_is_found() {
    let out = run(&["check", VIOLATING, "--format", "concise"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("error[strict/required]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn exit_2_on_invalid_json_with_line_and_column() {
    let out = run(&["check", INVALID_JSON, "--format", "concise"]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).starts_with(&format!("{INVALID_JSON}:9:69: error[json/invalid-json]")),
        "{}",
        stdout(&out)
    );
    let out = run(&["check", INVALID_JSON, "--format", "json"]);
    assert_eq!(code(&out), 2);
    let d = &json_report(&out)["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "json/invalid-json");
    assert_eq!(d["range"]["start"]["line"], 9);
    assert_eq!(d["range"]["start"]["column"], 69);
}

#[test]
fn exit_2_on_invalid_utf8() {
    let out = run(&["check", INVALID_UTF8, "--format", "concise"]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains(":3:35: error[json/invalid-encoding]"),
        "{}",
        stdout(&out)
    );
}

/// Writes `text` to a fresh file under the target directory and returns its path.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// An object schema nested `levels` deep (two JSON levels per schema level).
fn nested_schema(levels: usize) -> String {
    let mut schema = r#"{"type": "string"}"#.to_owned();
    for _ in 0..levels {
        schema = format!(
            r#"{{"type": "object", "properties": {{"a": {schema}}}, "required": ["a"], "additionalProperties": false}}"#
        );
    }
    schema
}

#[test]
fn deep_and_hostile_nesting_is_reported_not_a_crash() {
    // 499 schema levels (998 JSON levels): parsed and walked, on worker threads too.
    let deep = temp_file("deep.json", &nested_schema(499));
    let deep = deep.to_str().unwrap();
    let out = run(&["check", "--threads", "2", "--format", "concise", deep, deep]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out).matches("error[limit/nesting-depth]").count(),
        2
    );
    // One level more is past the parser's cap: a located error and exit 2.
    let text = nested_schema(500);
    let too_deep = temp_file("too-deep.json", &text);
    let out = run(&["check", "--format", "concise", too_deep.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let column = text.match_indices('{').nth(1000).unwrap().0 + 1;
    let expected = format!(":1:{column}: error[json/too-deep] JSON nested deeper than 1000 levels");
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
    // Five million open brackets: refused at the cap, quickly, without a stack overflow.
    let hostile = temp_file("hostile.json", &"[".repeat(5_000_000));
    let out = run(&["check", "--format", "concise", hostile.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains(":1:1001: error[json/too-deep]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn exit_2_on_a_missing_or_unreadable_path() {
    let out = run(&["check", "fixtures/check/no-such-file.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no-such-file.json"),
        "{}",
        stderr(&out)
    );
    // A path through a regular file cannot be read (ENOTDIR), even by root.
    let through_file = format!("{CLEAN}/schema.json");
    let out = run(&["check", &through_file]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains(&through_file), "{}", stderr(&out));
    // A broken path among good ones still fails the run, but the good ones are checked.
    let out = run(&[
        "check",
        VIOLATING,
        "fixtures/check/no-such-file.json",
        "--format",
        "concise",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("error[strict/required]"));
}

#[test]
fn exit_2_on_an_unknown_profile() {
    let out = run(&["check", CLEAN, "--profile", "no-such-provider"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no-such-provider"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_on_usage_errors() {
    assert_eq!(code(&run(&["check"])), 2);
    assert_eq!(code(&run(&["check", CLEAN, "--format", "xml"])), 2);
    assert_eq!(code(&run(&["check", CLEAN, "--fail-on", "never"])), 2);
}

#[test]
fn fail_on_sets_the_threshold() {
    // Only a warning: passes by default, fails from `--fail-on warning` down.
    let args = |fail_on: Option<&'static str>| {
        let mut a = vec!["check", WARNING_ONLY, "--format", "concise"];
        if let Some(level) = fail_on {
            a.extend(["--fail-on", level]);
        }
        a
    };
    let out = run(&args(None));
    assert!(stdout(&out).contains("warning[keyword/default-value]"));
    assert_eq!(code(&out), 0);
    assert_eq!(code(&run(&args(Some("error")))), 0);
    assert_eq!(code(&run(&args(Some("warning")))), 1);
    assert_eq!(code(&run(&args(Some("info")))), 1);
    // A clean file passes at every threshold; an error fails at every threshold.
    for level in ["error", "warning", "info"] {
        assert_eq!(code(&run(&["check", CLEAN, "--fail-on", level])), 0);
        assert_eq!(code(&run(&["check", VIOLATING, "--fail-on", level])), 1);
    }
}

// --- inputs --------------------------------------------------------------------------------

#[test]
fn directories_are_searched_for_json_in_a_deterministic_order() {
    let dir = Scratch::new("dir");
    dir.write("b.json", OPEN_SCHEMA);
    dir.write("a.json", CLEAN_SCHEMA);
    dir.write("sub/c.json", OPEN_SCHEMA);
    dir.write("a-notes.txt", "not a schema");
    dir.write("schema.json.bak", "{");
    dir.write(".cache/d.json", "{");
    dir.write("node_modules/pkg/e.json", "{");
    let out = run(&["check", dir.path(), "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json_report(&out);
    let paths: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap();
            p.strip_prefix(dir.path())
                .unwrap_or(p)
                .replace('\\', "/")
                .trim_start_matches('/')
                .to_owned()
        })
        .collect();
    assert_eq!(paths, ["a.json", "b.json", "sub/c.json"]);
    assert_eq!(report["summary"]["files"], 3);
    assert_eq!(report["summary"]["errors"], 2);
    // The same order every time.
    assert_eq!(
        stdout(&run(&["check", dir.path(), "--format", "json"])),
        stdout(&out)
    );
}

#[test]
fn a_directory_without_json_files_is_an_error() {
    let dir = Scratch::new("empty");
    dir.write("notes.txt", "nothing here");
    let out = run(&["check", dir.path()]);
    assert_eq!(code(&out), 2);
}

#[test]
fn dash_reads_standard_input() {
    let check_stdin = |input: &str| {
        let mut child = cmd(&["check", "-", "--format", "concise"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = check_stdin(CLEAN_SCHEMA);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = check_stdin(OPEN_SCHEMA);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.starts_with("<stdin>:1:1: error[strict/additional-properties]"),
        "{text}"
    );
    let out = check_stdin("{\"type\": \"object\",}");
    assert_eq!(code(&out), 2);
}

#[test]
fn a_utf8_bom_is_tolerated_and_does_not_shift_columns() {
    assert_eq!(
        std::fs::read(workspace_root().join(BOM_CLEAN)).unwrap()[..3],
        [0xEF, 0xBB, 0xBF]
    );
    let out = run(&["check", BOM_CLEAN, "--format", "concise"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // With a BOM, a finding on line 1 still starts at column 1 (the BOM is not a character).
    let dir = Scratch::new("bom");
    let path = dir.write("bom.json", format!("\u{feff}{OPEN_SCHEMA}"));
    let out = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let d = &json_report(&out)["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "strict/additional-properties");
    assert_eq!(d["range"]["start"]["line"], 1);
    assert_eq!(d["range"]["start"]["column"], 1);
}

// --- output --------------------------------------------------------------------------------

fn has_ansi(s: &str) -> bool {
    s.contains("\x1b[")
}

#[test]
fn colour_never_and_no_color_disable_escapes_always_enables_them() {
    for format in ["full", "concise"] {
        let base = ["check", VIOLATING, "--format", format];
        let never = run(&[&base[..], &["--color", "never"]].concat());
        assert!(!has_ansi(&stdout(&never)), "{format}: {}", stdout(&never));
        assert!(!stdout(&never).is_empty());
        let always = run(&[&base[..], &["--color", "always"]].concat());
        assert!(has_ansi(&stdout(&always)), "{format}: {}", stdout(&always));
        // `--color` is global: it may also come before the subcommand.
        let before = run(&[&["--color", "always"][..], &base[..]].concat());
        assert!(has_ansi(&stdout(&before)), "{format}");

        // auto: CLICOLOR_FORCE turns colour on for a pipe, NO_COLOR wins over it.
        let forced = cmd(&base).env("CLICOLOR_FORCE", "1").output().unwrap();
        assert!(has_ansi(&stdout(&forced)), "{format}: CLICOLOR_FORCE");
        let no_color = cmd(&base)
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(!has_ansi(&stdout(&no_color)), "{format}: NO_COLOR");
        // A pipe without either variable: no colour.
        assert!(!has_ansi(&stdout(&run(&base))), "{format}: auto on a pipe");
    }
}

#[test]
fn human_formats_print_a_summary_on_stderr_json_does_not() {
    for format in ["full", "concise"] {
        let out = run(&["check", VIOLATING, "--format", format]);
        let err = stderr(&out);
        // The summary, then what --fix / --unsafe-fixes would fix.
        assert_eq!(err.lines().count(), 2, "{format}: {err}");
        assert!(
            err.lines()
                .nth(1)
                .is_some_and(|l| l.contains("--unsafe-fixes")),
            "{format}: {err}"
        );
        assert!(
            err.contains("1 file") && err.contains("2 errors") && err.contains("openai"),
            "{format}: {err}"
        );
        assert!(
            !stdout(&out).contains("2 errors"),
            "{format}: summary on stdout"
        );
        let out = run(&["check", CLEAN, "--format", format]);
        assert_eq!(stderr(&out).lines().count(), 1, "{format}");
    }
    let out = run(&["check", VIOLATING, "--format", "json"]);
    assert_eq!(stderr(&out), "");
    let report = json_report(&out);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 2);
}

#[test]
fn json_output_follows_the_contract() {
    let out = run(&["check", VIOLATING, "--format", "json"]);
    let report = json_report(&out);
    let file = &report["files"][0];
    assert_eq!(file["path"], VIOLATING);
    for d in file["diagnostics"].as_array().unwrap() {
        for key in [
            "rule",
            "severity",
            "message",
            "pointer",
            "range",
            "help",
            "provider_message",
        ] {
            assert!(d.get(key).is_some(), "missing `{key}` in {d}");
        }
        for end in ["start", "end"] {
            for key in ["line", "column", "offset"] {
                assert!(d["range"][end][key].is_u64(), "{d}");
            }
        }
        assert_eq!(d["pointer"], "/function/parameters/required");
    }
}

// --- schemalint rule -----------------------------------------------------------------------

#[test]
fn rule_prints_one_rules_docs() {
    let out = run(&["rule", "strict/required"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# strict/required"), "{text}");
    for heading in ["## What it does", "## Why is this bad?", "## Example"] {
        assert!(text.contains(heading), "{heading}");
    }
    let out = run(&["rule", "strict/no-such-rule"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("strict/required"),
        "lists known rules"
    );
}

#[test]
fn rule_says_whether_and_how_the_rule_is_fixed() {
    let out = run(&["rule", "strict/additional-properties"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Fix: always available (safe: `--fix`; unsafe: `--fix --unsafe-fixes`)."),
        "{text}"
    );
    // Each case with its applicability and a before/after example.
    assert!(text.contains("## Fix"), "{text}");
    assert!(
        text.contains("**Safe**, when `additionalProperties` is missing"),
        "{text}"
    );
    assert!(text.contains("becomes"), "{text}");
    let out = run(&["rule", "strict/root-type"]);
    assert!(stdout(&out).contains("Fix: none"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("## Fix"));

    let out = run(&["rule", "strict/required", "--format", "json"]);
    let rule: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fix = &rule["fix"];
    assert_eq!(fix["availability"], "sometimes");
    assert_eq!(fix["applicabilities"], serde_json::json!(["unsafe"]));
    let case = &fix["cases"][0];
    assert_eq!(case["applicability"], "unsafe");
    assert!(case["after"]
        .as_str()
        .unwrap()
        .contains(r#"["string", "null"]"#));
    let out = run(&["rule", "strict/root-type", "--format", "json"]);
    let rule: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rule["fix"].is_null());
}

#[test]
fn rule_all_json_lists_every_rule_with_its_docs() {
    let out = run(&["rule", "--all", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().expect("an array of rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = schemalint::check::RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids, expected);
    for rule in rules {
        for key in ["id", "summary", "docs"] {
            let value = rule[key].as_str().unwrap_or_default();
            assert!(!value.trim().is_empty(), "{key} of {rule}");
        }
        assert!(
            rule["docs"].as_str().unwrap().contains("## What it does"),
            "{}",
            rule["id"]
        );
    }
}

#[test]
fn full_format_shows_the_frame_help_and_provider_message_for_every_finding() {
    let out = run(&["check", VIOLATING, "--color", "never"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    // Both findings, each with its location, help and the provider's wording.
    let headers = text
        .lines()
        .filter(|l| l.trim() == "strict/required")
        .count();
    assert_eq!(headers, 2, "{text}");
    assert_eq!(
        text.matches(&format!("[{VIOLATING}:13:19]")).count(),
        2,
        "{text}"
    );
    assert!(text.contains("help: add `unit` to `required`"), "{text}");
    assert!(
        text.contains("Invalid schema for function 'get_weather'"),
        "{text}"
    );
    assert!(text.contains("Missing 'unit'."), "{text}");
    assert!(
        text.contains("Extra required key 'units' supplied."),
        "{text}"
    );
}

#[test]
fn every_shape_points_into_its_wrapper() {
    // (file, the first finding's pointer): one per input shape.
    let cases = [
        (
            "fixtures/check/strict/additional-properties/invalid.json",
            "",
        ),
        ("fixtures/check/strict/root-type/invalid.json", "/schema"),
        (
            "fixtures/check/ref/unresolved/invalid.json",
            "/json_schema/schema/properties/steps/items/$ref",
        ),
        (
            "fixtures/check/strict/properties/invalid.json",
            "/schema/properties/metadata",
        ),
        (
            "fixtures/check/strict/required/invalid.json",
            "/function/parameters/required",
        ),
        (
            "fixtures/check/ref/external/invalid.json",
            "/parameters/properties/address/$ref",
        ),
        (
            "fixtures/check/envelope/invalid-name/invalid.json",
            "/0/name",
        ),
    ];
    for (file, pointer) in cases {
        let out = run(&["check", file, "--format", "json"]);
        let d = &json_report(&out)["files"][0]["diagnostics"][0];
        assert_eq!(d["pointer"], pointer, "{file}");
    }
}
