//! `schemalint profiles`, `schemalint profile show`, `check --profile a,b` and
//! `check --matrix`, run as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_schemalint"));
    c.current_dir(workspace()).env_remove("GITHUB_ACTIONS");
    c
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    // --isolated: ignore any schemalint.toml around the workspace.
    let mut cmd = bin();
    if args.first() == Some(&"check") {
        cmd.arg("check").arg("--isolated").args(&args[1..]);
    } else {
        cmd.args(args);
    }
    cmd.output().expect("run schemalint")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const UI: &str = "fixtures/requests/seeds/002_responses_ui_recursive.json";

#[test]
fn profiles_lists_every_builtin_with_date_and_source() {
    let out = run(&["profiles", "--format", "json"]);
    assert!(out.status.success());
    let list = json(&out);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "openai",
            "openai-2024-08",
            "openai-finetuned",
            "azure",
            "dashscope",
            "anthropic",
            "gemini",
            "gemini-openapi"
        ]
    );
    for p in list.as_array().unwrap() {
        assert!(!p["documented"].as_str().unwrap().is_empty(), "{p}");
        assert!(!p["source"].as_str().unwrap().is_empty(), "{p}");
    }
    let text = run(&["profiles"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("anthropic") && text.contains("2025-11-13"),
        "{text}"
    );
}

#[test]
fn profile_show_prints_rules_keywords_and_limits() {
    let out = run(&["profile", "show", "anthropic", "--format", "json"]);
    assert!(out.status.success());
    let p = json(&out);
    assert_eq!(p["limits"]["union_parameters"], 16);
    assert_eq!(
        p["keywords"]["minItems"]["values"],
        serde_json::json!([0, 1])
    );
    assert_eq!(p["rules"]["ref/recursion"]["severity"], "error");
    assert!(
        p["rules"].get("strict/required").is_none(),
        "optional fields are fine on Anthropic"
    );
    let out = run(&["profile", "show", "azure"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("extends:    openai-2024-08"), "{text}");
    assert!(text.contains("object properties in total: 100"), "{text}");
    let out = run(&["profile", "show", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown profile"));
}

#[test]
fn several_profiles_tag_every_finding_and_group_by_profile() {
    let out = run(&[
        "check",
        UI,
        "--profile",
        "openai,anthropic",
        "--profile",
        "gemini-openapi",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let diags = report["files"][0]["diagnostics"].as_array().unwrap();
    let profiles: Vec<&str> = diags
        .iter()
        .map(|d| d["profile"].as_str().expect("profile on every finding"))
        .collect();
    assert!(profiles.contains(&"anthropic") && profiles.contains(&"gemini-openapi"));
    let mut grouped = profiles.clone();
    grouped.dedup();
    assert_eq!(
        grouped,
        ["anthropic", "gemini-openapi"],
        "grouped in the order given"
    );
    assert!(diags
        .iter()
        .any(|d| d["rule"] == "ref/recursion" && d["profile"] == "anthropic"));

    // One profile: the contract-v1 shape without `profile`.
    let out = run(&["check", UI, "--profile", "anthropic", "--format", "json"]);
    let report = json(&out);
    let diags = report["files"][0]["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d.get("profile").is_none()));

    // Human output ends with one verdict per profile.
    let out = run(&[
        "check",
        UI,
        "--profile",
        "openai,anthropic",
        "--format",
        "concise",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Per profile: anthropic: 1 error, openai: pass."),
        "{err}"
    );

    let out = run(&["check", UI, "--profile", "openai,nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn request_bodies_infer_their_profile() {
    let out = run(&[
        "check",
        "fixtures/requests/seeds/001_thinking_with_json_object.json",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "request/thinking-json-format");
    assert_eq!(d["profile"], "dashscope");
    assert!(d["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("qwen-plus")));
    let out = run(&[
        "check",
        "fixtures/requests/seeds/000_glm_thinking_json_object.json",
        "--format",
        "concise",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("inferred"));
}

#[test]
fn matrix_shows_pass_warnings_errors_per_profile() {
    let files = [
        "fixtures/requests/seeds/002_responses_ui_recursive.json",
        "fixtures/requests/seeds/002_responses_max_output_tokens.json",
        "fixtures/profiles/openai/limit.total-properties/valid.json",
    ];
    let mut args = vec![
        "check",
        "--matrix",
        "--profile",
        "openai,anthropic,azure",
        "--format",
        "json",
    ];
    args.extend(files);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1), "some cell has errors");
    let m = json(&out);
    assert_eq!(
        m["matrix"]["profiles"],
        serde_json::json!(["openai", "anthropic", "azure"])
    );
    let rows = m["matrix"]["files"].as_array().unwrap();
    let cell = |row: usize, p: &str| {
        rows[row]["results"][p]["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(cell(0, "openai"), "pass");
    assert_eq!(cell(0, "anthropic"), "errors");
    assert_eq!(cell(1, "openai"), "warnings");
    assert_eq!(cell(2, "openai"), "pass");
    assert_eq!(
        cell(2, "azure"),
        "errors",
        "101 properties exceed Azure's 100"
    );
    assert_eq!(rows[2]["results"]["azure"]["errors"], 1);

    let mut args = vec!["check", "--matrix", "--profile", "openai,azure"];
    args.extend(&files[2..]);
    let out = run(&args);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("schema") && header.contains("openai") && header.contains("azure"),
        "{text}"
    );
    let row = lines.next().unwrap();
    assert!(row.contains("pass") && row.contains("1 error"), "{text}");
}
