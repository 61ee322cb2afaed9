//! Config discovery and precedence, CLI over config, `--isolated`, per-file and
//! pointer-scoped ignores, include/exclude, and located errors for bad configs.

mod ci_support;

use ci_support::{run_stdin, Project};

fn project() -> Project {
    let p = Project::new();
    p.fixture("person.json", "a/person.json")
        .fixture("person.json", "a/b/person.json")
        .fixture("warn.json", "a/warn.json");
    p
}

fn concise<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["check", "a", "--format", "concise"];
    v.extend_from_slice(extra);
    v
}

#[test]
fn without_config_every_finding_is_reported() {
    let p = project();
    let r = p.run(&concise(&[]));
    assert_eq!(
        r.findings(),
        [
            "a/b/person.json strict/additional-properties",
            "a/b/person.json strict/required",
            "a/person.json strict/additional-properties",
            "a/person.json strict/required",
            "a/warn.json keyword/default-value",
        ]
    );
}

#[test]
fn closest_config_applies_without_merging() {
    let p = project();
    p.write("schemalint.toml", "ignore = [\"strict/required\"]\n");
    // The closer pyproject.toml wins for a/b; it does not inherit the parent's ignore.
    p.write(
        "a/b/pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.schemalint]\nignore = [\"strict/additional-properties\"]\n",
    );
    let r = p.run(&concise(&[]));
    assert_eq!(
        r.findings(),
        [
            "a/b/person.json strict/required",
            "a/person.json strict/additional-properties",
            "a/warn.json keyword/default-value",
        ]
    );
}

#[test]
fn pyproject_without_table_is_skipped() {
    let p = project();
    p.write("schemalint.toml", "ignore = [\"strict\"]\n");
    p.write("a/pyproject.toml", "[tool.black]\nline-length = 100\n");
    let r = p.run(&concise(&[]));
    assert_eq!(r.findings(), ["a/warn.json keyword/default-value"]);
}

#[test]
fn precedence_within_a_directory() {
    let p = project();
    p.write(
        "pyproject.toml",
        "[tool.schemalint]\nignore = [\"keyword\"]\n",
    );
    p.write("schemalint.toml", "ignore = [\"strict/required\"]\n");
    let r = p.run(&concise(&[]));
    assert!(
        !r.findings().iter().any(|f| f.ends_with("strict/required")),
        "schemalint.toml beats pyproject.toml"
    );
    p.write(
        ".schemalint.toml",
        "ignore = [\"strict/additional-properties\"]\n",
    );
    let r = p.run(&concise(&[]));
    assert_eq!(
        r.findings(),
        [
            "a/b/person.json strict/required",
            "a/person.json strict/required",
            "a/warn.json keyword/default-value",
        ],
        ".schemalint.toml beats schemalint.toml"
    );
}

#[test]
fn cli_overrides_config_and_isolated_ignores_it() {
    let p = project();
    p.write(
        "schemalint.toml",
        "select = [\"strict/required\"]\nfail-on = \"warning\"\n",
    );
    let r = p.run(&concise(&[]));
    assert_eq!(
        r.findings(),
        [
            "a/b/person.json strict/required",
            "a/person.json strict/required"
        ]
    );
    // --select replaces the config's select.
    let r = p.run(&concise(&["--select", "keyword"]));
    assert_eq!(r.findings(), ["a/warn.json keyword/default-value"]);
    assert_eq!(r.code, 1, "fail-on = warning from the config");
    // --fail-on beats the config's fail-on.
    let r = p.run(&concise(&["--select", "keyword", "--fail-on", "error"]));
    assert_eq!(r.code, 0);
    // --config KEY=VALUE beats the file.
    let r = p.run(&concise(&[
        "--config",
        "select = [\"keyword/default-value\"]",
    ]));
    assert_eq!(r.findings(), ["a/warn.json keyword/default-value"]);
    // --ignore adds to the config.
    let r = p.run(&concise(&["--ignore", "strict/required"]));
    assert!(r.findings().is_empty(), "{:?}", r.findings());
    assert_eq!(r.code, 0);
    // --isolated: no config at all.
    let r = p.run(&concise(&["--isolated"]));
    assert_eq!(r.findings().len(), 5);
    assert_eq!(r.code, 1);
}

#[test]
fn explicit_config_file_applies_to_every_input() {
    let p = project();
    p.write("a/b/schemalint.toml", "ignore = [\"strict\"]\n");
    p.write("ci/strict-only.toml", "select = [\"strict/required\"]\n");
    let r = p.run(&concise(&["--config", "ci/strict-only.toml"]));
    assert_eq!(
        r.findings(),
        [
            "a/b/person.json strict/required",
            "a/person.json strict/required"
        ]
    );
}

#[test]
fn severity_overrides_and_off() {
    let p = project();
    p.write(
        "schemalint.toml",
        "[severity]\n\"keyword/default-value\" = \"error\"\n\"strict\" = \"off\"\n\"strict/required\" = \"info\"\n",
    );
    let r = p.run(&concise(&[]));
    assert!(
        r.stdout.contains("error[keyword/default-value]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("info[strict/required]"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("strict/additional-properties"),
        "{}",
        r.stdout
    );
}

#[test]
fn per_file_and_pointer_scoped_ignores() {
    let p = Project::new();
    p.fixture("legacy/meta.json", "schemas/legacy/meta.json")
        .fixture("legacy/meta.json", "schemas/current/meta.json");
    p.write(
        "schemalint.toml",
        "[per-file-ignores]\n\"schemas/legacy/*.json#/properties/meta\" = [\"strict/additional-properties\"]\n\"current/*.json\" = [\"strict\"]\n",
    );
    let r = p.run(&["check", "schemas", "--format", "json-lines"]);
    let found: Vec<(String, String, String)> = r
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_owned(),
                v["rule"].as_str().unwrap().to_owned(),
                v["pointer"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // `current/*.json` has a `/`, so it is relative to the config's directory and matches
    // nothing under `schemas/current`; only the pointer-scoped ignore applies.
    assert_eq!(
        found,
        [
            (
                "schemas/current/meta.json".to_owned(),
                "strict/additional-properties".to_owned(),
                "".to_owned()
            ),
            (
                "schemas/current/meta.json".to_owned(),
                "strict/additional-properties".to_owned(),
                "/properties/meta".to_owned()
            ),
            (
                "schemas/legacy/meta.json".to_owned(),
                "strict/additional-properties".to_owned(),
                "".to_owned()
            ),
        ]
    );
    // A glob relative to a config in a subdirectory.
    p.write(
        "schemas/schemalint.toml",
        "[per-file-ignores]\n\"current/*.json\" = [\"strict\"]\n",
    );
    let r = p.run(&["check", "schemas", "--format", "concise"]);
    assert!(
        r.findings()
            .iter()
            .all(|f| f.starts_with("schemas/legacy/")),
        "{:?}",
        r.findings()
    );
}

#[test]
fn include_and_exclude_apply_when_walking() {
    let p = project();
    p.write("a/notes.txt", "not json");
    p.write("a/b/extra.schema", "{\"type\": \"object\"}");
    p.write(
        "schemalint.toml",
        "include = [\"*.json\", \"*.schema\"]\nexclude = [\"a/b\"]\n",
    );
    let r = p.run(&concise(&[]));
    assert!(
        r.findings().iter().all(|f| !f.starts_with("a/b/")),
        "{:?}",
        r.findings()
    );
    // Files named explicitly are linted unless --force-exclude.
    let r = p.run(&["check", "a/b/person.json", "--format", "concise"]);
    assert_eq!(r.findings().len(), 2);
    let r = p.run(&[
        "check",
        "a/b/person.json",
        "a/person.json",
        "--format",
        "concise",
        "--force-exclude",
    ]);
    assert!(
        r.findings().iter().all(|f| f.starts_with("a/person.json")),
        "{:?}",
        r.findings()
    );
    // pre-commit passing only excluded files: nothing to lint is not an error then.
    let r = p.run(&["check", "a/b/person.json", "--force-exclude"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(r.stderr.contains("excluded"), "{}", r.stderr);
    p.write("schemalint.toml", "include = [\"*.schema\"]\n");
    let r = p.run(&concise(&[]));
    assert_eq!(
        r.findings(),
        [
            "a/b/extra.schema strict/additional-properties",
            "a/b/extra.schema strict/properties"
        ]
    );
}

#[test]
fn bad_configs_exit_2_with_location_and_choices() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "select = [\"strict\"]\nfial-on = \"error\"\n",
            "schemalint.toml:2:1",
            "fail-on",
        ),
        (
            "ignore = [\"strict/nope\"]\n",
            "schemalint.toml:1:11",
            "strict/required",
        ),
        (
            "[severity]\n\"strict/required\" = \"loud\"\n",
            "schemalint.toml:2:21",
            "error, warning, info, off",
        ),
        (
            "fail-on = \"never\"\n",
            "schemalint.toml:1:11",
            "error, warning, info",
        ),
        ("profile = \"gpt\"\n", "schemalint.toml:1:11", "openai"),
        (
            "[per-file-ignores]\n\"x.json#properties\" = [\"strict\"]\n",
            "schemalint.toml:2:1",
            "JSON pointer",
        ),
        ("select = \"strict\"\n", "schemalint.toml:1:10", "sequence"),
    ];
    for (text, location, choice) in cases {
        let p = project();
        p.write("schemalint.toml", text);
        let r = p.run(&concise(&[]));
        assert_eq!(r.code, 2, "{text}: {}", r.stderr);
        assert!(r.stderr.contains(location), "{text}: {}", r.stderr);
        assert!(r.stderr.contains(choice), "{text}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{text}: nothing linted");
    }
    let p = project();
    let r = p.run(&concise(&["--config", "select = [\"nope\"]"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--config:1:11"), "{}", r.stderr);
    let r = p.run(&concise(&["--config", "missing.toml"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    let r = p.run(&concise(&["--select", "strict/nope"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--select"), "{}", r.stderr);
}

#[test]
fn show_settings_prints_the_resolved_config() {
    let p = project();
    p.write(
        "schemalint.toml",
        "ignore = [\"keyword\"]\nfail-on = \"warning\"\n",
    );
    let r = p.run(&["check", "a", "--show-settings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("schemalint.toml"), "{}", r.stdout);
    assert!(r.stdout.contains("ignore = [\"keyword\"]"), "{}", r.stdout);
    assert!(r.stdout.contains("fail-on = \"warning\""), "{}", r.stdout);
    assert!(r.stdout.contains("settings for 3 file(s)"), "{}", r.stdout);
}

#[test]
fn stdin_filename_drives_discovery_and_names_the_output() {
    let p = project();
    p.write("a/b/schemalint.toml", "ignore = [\"strict/required\"]\n");
    let text = std::fs::read_to_string(p.path().join("a/person.json")).unwrap();
    let r = run_stdin(
        p.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "a/b/new.json",
            "--format",
            "concise",
        ],
        &text,
    );
    assert_eq!(
        r.findings(),
        ["a/b/new.json strict/additional-properties"],
        "{}",
        r.stderr
    );
    let r = run_stdin(p.path(), &["check", "-", "--format", "concise"], &text);
    assert_eq!(r.findings().len(), 2, "{}", r.stdout);
    assert!(r.stdout.starts_with("<stdin>:"), "{}", r.stdout);
}

#[test]
fn config_profile_is_a_choice_no_inference_then() {
    let p = Project::new();
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/requests/seeds/000_qwen_flash_json_object.json"),
    )
    .unwrap();
    p.write("req.json", &seed);
    // No profile anywhere: inferred from the request's model.
    let r = p.run(&["check", "req.json", "--format", "concise"]);
    assert!(r.stderr.contains("inferred"), "{}", r.stderr);
    // A config that names a profile is a choice, like --profile: no inference.
    p.write("schemalint.toml", "profile = \"openai\"\n");
    let r = p.run(&["check", "req.json", "--format", "concise"]);
    assert!(!r.stderr.contains("inferred"), "{}", r.stderr);
    assert!(r.stderr.contains("against `openai`"), "{}", r.stderr);
    let r = p.run(&["check", "req.json", "--format", "concise", "--isolated"]);
    assert!(r.stderr.contains("inferred"), "{}", r.stderr);
}
