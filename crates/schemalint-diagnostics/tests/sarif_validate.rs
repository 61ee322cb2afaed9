//! SARIF output checked by Microsoft's SARIF multitool (`validate`, with GitHub's
//! ingestion rules) and against the SARIF 2.1.0 JSON schema that ships in its npm package.
//!
//! How multitool 5.7.0 reports problems, found by trying it:
//! - the exit status is 0 even when the file is invalid or not JSON; it is non-zero only
//!   when the tool itself fails (e.g. bad arguments);
//! - each problem is a *result* of the SARIF log written with `--output`, and a line
//!   `path(line,col): error|warning|note CODE: …` on stdout. So this test reads the log and
//!   fails on results whose level is `error` or `warning`; `note`s are suggestions;
//! - GitHub's rules (GHxxxx) run only with `--rule-kind "Sarif;Gh"`; its argument parser
//!   rejects boolean flags (`--quiet`, `--rich-return-code`: "bad format") and swallows an
//!   input path written right after a list option, so `--output` comes in between;
//! - it misses some schema violations (an unknown `level` passes), hence the schema check.
//!
//! The npm package's `bin.js` runs the native binary through a shell, which would split
//! `Sarif;Gh` at the `;`, so the test runs the native binary next to it directly.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use schemalint_diagnostics::render::Sarif;
use schemalint_diagnostics::{renderer, Format, RenderOptions, Renderer, Report};
use serde_json::Value;

const SKIP_ENV: &str = "SCHEMALINT_SKIP_SARIF_VALIDATE";
const HOW_TO_INSTALL: &str = "install it with `.ci/install-sarif-multitool` \
    (or `npm install --global @microsoft/sarif-multitool`), \
    or set SCHEMALINT_SKIP_SARIF_VALIDATE=1 to skip this check";

/// The native multitool and the schema file beside it.
struct Multitool {
    exe: PathBuf,
    schema: PathBuf,
}

/// The multitool, or `None` after a loud notice when skipping is asked for.
/// Panics when it is missing and skipping is not asked for.
fn multitool() -> Option<Multitool> {
    match find_multitool() {
        Ok(tool) => Some(tool),
        Err(why) if std::env::var(SKIP_ENV).is_ok_and(|v| v == "1") => {
            // Written to the real stderr: `eprintln!` output of passing tests is captured.
            let banner = "*".repeat(72);
            let notice =
                format!("\n{banner}\nSKIPPED: SARIF validation ({SKIP_ENV}=1): {why}\n{banner}\n");
            let _ = std::io::stderr().write_all(notice.as_bytes());
            None
        }
        Err(why) => {
            panic!("SARIF validation needs Microsoft's SARIF multitool: {why}; {HOW_TO_INSTALL}")
        }
    }
}

fn find_multitool() -> Result<Multitool, String> {
    let names: &[&str] = if cfg!(windows) {
        &[
            "sarif-multitool.cmd",
            "sarif-multitool.exe",
            "sarif-multitool",
        ]
    } else {
        &["sarif-multitool"]
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    let on_path = std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or("`sarif-multitool` is not on PATH")?;
    let resolved = on_path
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", on_path.display()))?;

    let exe = if resolved.extension().is_some_and(|e| e == "js") {
        native_beside_npm_wrapper(&resolved)?
    } else {
        resolved
    };
    let schema = exe.with_file_name("sarif-2.1.0.json");
    if !schema.is_file() {
        return Err(format!("no SARIF schema at {}", schema.display()));
    }
    Ok(Multitool { exe, schema })
}

/// `@microsoft/sarif-multitool/bin.js` → the `@microsoft/sarif-multitool-<platform>` binary,
/// nested under the wrapper package or hoisted beside it.
fn native_beside_npm_wrapper(bin_js: &Path) -> Result<PathBuf, String> {
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let package = format!("sarif-multitool-{platform}");
    let exe = if cfg!(windows) {
        "Sarif.Multitool.exe"
    } else {
        "Sarif.Multitool"
    };
    let wrapper_dir = bin_js.parent().unwrap_or(Path::new("."));
    let candidates = [
        wrapper_dir.join("node_modules/@microsoft").join(&package),
        wrapper_dir.with_file_name(&package),
    ];
    candidates
        .iter()
        .map(|dir| dir.join(exe))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "found the npm wrapper {} but not its native package @microsoft/{package}",
                bin_js.display()
            )
        })
}

/// Where a test writes files: inside the target directory, one directory per test
/// (tests run in parallel).
fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("sarif-validate")
        .join(test);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

/// Errors and warnings the multitool reports, per input name, one readable line each.
/// All inputs go through one run: the tool takes seconds to start on a loaded machine.
fn multitool_problems(
    tool: &Multitool,
    test: &str,
    inputs: &[(&str, String)],
) -> BTreeMap<String, Vec<String>> {
    let dir = scratch_dir(test);
    let log = dir.join("validation.sarif");
    // The tool refuses to overwrite its output (and its `--log ForceOverwrite` is rejected).
    let _ = std::fs::remove_file(&log);
    let mut command = Command::new(&tool.exe);
    command
        .arg("validate")
        .args(["--rule-kind", "Sarif;Gh"])
        .arg("--output")
        .arg(&log);
    let mut problems = BTreeMap::new();
    for (name, sarif) in inputs {
        let input = dir.join(format!("{name}.sarif"));
        std::fs::write(&input, sarif).expect("write SARIF input");
        command.arg(&input);
        problems.insert(name.to_string(), Vec::new());
    }

    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {HOW_TO_INSTALL}", tool.exe.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the multitool itself failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let log_text = std::fs::read_to_string(&log).unwrap_or_else(|e| {
        panic!(
            "the multitool wrote no log at {}: {e}\n{stdout}",
            log.display()
        )
    });
    let log: Value = serde_json::from_str(&log_text).expect("the multitool's log is JSON");

    for run in log["runs"].as_array().into_iter().flatten() {
        let rules = &run["tool"]["driver"]["rules"];
        for result in run["results"].as_array().into_iter().flatten() {
            let rule = &rules[result["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize];
            // SARIF's defaults: the result's level, else the rule's, else `warning`.
            let level = result["level"]
                .as_str()
                .or_else(|| rule["defaultConfiguration"]["level"].as_str())
                .unwrap_or("warning");
            if level != "error" && level != "warning" {
                continue;
            }
            // The analysed file, as `file:///…/name.sarif` or a plain path.
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or_default();
            let file = uri.rsplit('/').next().unwrap_or_default();
            let name = file.strip_suffix(".sarif").unwrap_or(file);
            let line = format!(
                "{level} {}: {}",
                result["ruleId"].as_str().unwrap_or("?"),
                message_text(&result["message"], rule)
            );
            match problems.get_mut(name) {
                Some(list) => list.push(line),
                None => panic!("the multitool reported on unknown file {uri}: {line}\n{stdout}"),
            }
        }
    }
    problems
}

/// A result message: its `text`, or the rule's message string with `{n}` filled in.
fn message_text(message: &Value, rule: &Value) -> String {
    if let Some(text) = message["text"].as_str() {
        return text.to_owned();
    }
    let id = message["id"].as_str().unwrap_or_default();
    let mut text = rule["messageStrings"][id]["text"]
        .as_str()
        .unwrap_or(id)
        .to_owned();
    for (i, argument) in message["arguments"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        text = text.replace(&format!("{{{i}}}"), argument.as_str().unwrap_or_default());
    }
    text
}

/// Violations of the official SARIF 2.1.0 schema (formats asserted too), one per entry.
fn schema_problems(tool: &Multitool, sarif: &Value) -> Vec<String> {
    let schema_text = std::fs::read_to_string(&tool.schema).expect("read the SARIF schema");
    let schema: Value = serde_json::from_str(&schema_text).expect("the SARIF schema is JSON");
    let url = "urn:sarif-2.1.0";
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler
        .add_resource(url, schema)
        .expect("add the SARIF schema");
    let index = compiler
        .compile(url, &mut schemas)
        .unwrap_or_else(|e| panic!("the SARIF schema does not compile: {e}"));
    match schemas.validate(sarif, index) {
        Ok(()) => Vec::new(),
        Err(error) => vec![format!("{error:#}")],
    }
}

fn render_sarif(report: &Report, options: &RenderOptions) -> String {
    let mut out = Vec::new();
    renderer(Format::Sarif, options)
        .render(report, &mut out)
        .expect("render into memory");
    String::from_utf8(out).expect("SARIF is UTF-8")
}

#[test]
fn sarif_output_passes_the_multitool_and_the_schema() {
    let Some(tool) = multitool() else { return };
    let cases = [
        ("fixture", common::report(), common::options()),
        ("empty", Report::default(), common::options()),
        // No root: paths stay as given, absolute ones become `file://` URIs.
        (
            "no-root",
            common::report(),
            RenderOptions {
                rules: common::rules(),
                ..RenderOptions::default()
            },
        ),
    ];
    let mut inputs: Vec<(&str, String)> = cases
        .iter()
        .map(|(name, report, options)| (*name, render_sarif(report, options)))
        .collect();
    // Past the result cap the run carries a tool notification.
    let mut capped = Vec::new();
    Sarif::new(&common::options())
        .with_max_results(2)
        .render(&common::report(), &mut capped)
        .expect("render into memory");
    inputs.push(("capped", String::from_utf8(capped).expect("SARIF is UTF-8")));
    for (name, problems) in multitool_problems(&tool, "valid", &inputs) {
        assert!(
            problems.is_empty(),
            "multitool on {name}:\n{}",
            problems.join("\n")
        );
    }
    for (name, sarif) in &inputs {
        let value: Value = serde_json::from_str(sarif).expect("SARIF output is JSON");
        let problems = schema_problems(&tool, &value);
        assert!(
            problems.is_empty(),
            "schema on {name}:\n{}",
            problems.join("\n")
        );
    }
}

/// Proves the checks above can fail: each broken variant must be caught.
#[test]
fn broken_sarif_is_rejected() {
    let Some(tool) = multitool() else { return };
    let good: Value = serde_json::from_str(&render_sarif(&common::report(), &common::options()))
        .expect("SARIF output is JSON");
    let broken = |pointer: &str, replacement: Option<Value>| {
        let mut value = good.clone();
        let (parent, key) = pointer.rsplit_once('/').expect("pointer has a parent");
        let object = value
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("fixture SARIF has no object at {parent}"));
        assert!(object.contains_key(key), "fixture SARIF has no {pointer}");
        match replacement {
            Some(v) => object.insert(key.to_owned(), v),
            None => object.remove(key),
        };
        value
    };

    let no_message = broken("/runs/0/results/0/message", None);
    let line_zero = broken(
        "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
        Some(0.into()),
    );
    let bad_level = broken("/runs/0/results/0/level", Some("fatal".into()));
    let fix_line_zero = broken(
        "/runs/0/results/0/fixes/0/artifactChanges/0/replacements/0/deletedRegion/startLine",
        Some(0.into()),
    );

    let pretty = |value: &Value| serde_json::to_string_pretty(value).expect("serialize");
    let found = multitool_problems(
        &tool,
        "broken",
        &[
            ("no-message", pretty(&no_message)),
            ("line-zero", pretty(&line_zero)),
            ("fix-line-zero", pretty(&fix_line_zero)),
            ("not-json", "{\"version\": ".to_owned()),
        ],
    );
    for (name, problems) in &found {
        assert!(!problems.is_empty(), "the multitool accepted {name}");
    }
    for (name, value) in [
        ("no-message", &no_message),
        ("line-zero", &line_zero),
        ("fix-line-zero", &fix_line_zero),
    ] {
        assert!(
            !schema_problems(&tool, value).is_empty(),
            "the schema accepted {name}"
        );
    }
    // The multitool lets an unknown level through; the schema check must not.
    assert!(
        !schema_problems(&tool, &bad_level).is_empty(),
        "the schema accepted level fatal"
    );
}
