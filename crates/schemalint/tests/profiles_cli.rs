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
            "gemini-openapi",
            "bedrock",
            "xai",
            "vllm-xgrammar"
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
    // Conditions under which a keyword is not enforced are shown with the keyword.
    let out = run(&["profile", "show", "xai"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("allOf (enforced up to 1)"), "{text}");
    assert!(text.contains("other formats: ignored"), "{text}");
    let out = run(&["profile", "show", "vllm-xgrammar"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("maxLength (ignored next to pattern, format)"),
        "{text}"
    );
    assert!(text.contains("ignores lookaround"), "{text}");
    assert!(
        text.contains("other JSON Schema keywords: warning (ignored)"),
        "{text}"
    );
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
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "rows are sorted, not in argument order");
    // Look rows up by the order the files were given.
    let row_of = |i: usize| {
        rows.iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(files[i]))
            .unwrap()
    };
    let cell = |row: usize, p: &str| {
        row_of(row)["results"][p]["status"]
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
    assert_eq!(row_of(2)["results"]["azure"]["errors"], 1);
    assert_eq!(
        m["matrix"]["totals"]["azure"],
        serde_json::json!({"pass": 1, "warnings": 1, "errors": 1})
    );

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

#[test]
fn matrix_table_is_short_sorted_totalled_and_explains_dashscope() {
    let dir = tempfile::tempdir().unwrap();
    for n in [100, 10, 9] {
        std::fs::copy(
            workspace().join("fixtures/check/keyword/root-only/valid.json"),
            dir.path().join(format!("wp_{n}.json")),
        )
        .unwrap();
    }
    std::fs::copy(
        workspace().join("fixtures/check/keyword/unsupported/invalid.json"),
        dir.path().join("wp_2.json"),
    )
    .unwrap();
    // Run from elsewhere, with an absolute path: rows are shown from their common directory.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(elsewhere.path())
        .args([
            "check",
            "--isolated",
            "--matrix",
            "--profile",
            "openai,dashscope",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let first_column: Vec<&str> = text
        .lines()
        .take(6)
        .map(|l| l.split("  ").next().unwrap().trim())
        .collect();
    assert_eq!(
        first_column,
        [
            "schema",
            "wp_2.json",
            "wp_9.json",
            "wp_10.json",
            "wp_100.json",
            "total (pass/warn/err)"
        ],
        "{text}"
    );
    let totals = text.lines().nth(5).unwrap();
    assert!(
        totals.contains("3/0/1") && totals.contains("0/4/0"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Paths are relative to {}",
            dir.path().canonicalize().unwrap().display()
        )) || text.contains(&format!("Paths are relative to {}", dir.path().display())),
        "{text}"
    );
    assert!(
        text.contains("dashscope: every rule specific to DashScope"),
        "{text}"
    );
    assert!(!text.contains("openai: every rule"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}
