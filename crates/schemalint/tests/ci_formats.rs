//! Golden output of every format for the same fixtures, through the CLI (relative
//! paths), `GITHUB_ACTIONS=true` picking `github`, and several outputs in one run.

mod ci_support;

use ci_support::{fixtures, run, run_env};

/// Every `--format` value: a new format gets a golden test here automatically.
const FORMATS: &[&str] = schemalint::diagnostics::Format::NAMES;

#[test]
fn every_format_golden() {
    for format in FORMATS {
        let r = run(&fixtures(), &["check", "schemas", "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(
            !r.stdout.contains('\u{1b}'),
            "{format}: no ANSI escapes with NO_COLOR"
        );
        assert!(
            !r.stdout.contains(fixtures().to_str().unwrap()),
            "{format}: paths are relative"
        );
        insta::assert_snapshot!(format!("format_{format}"), r.stdout);
    }
}

#[test]
fn github_actions_env_selects_github_without_format() {
    let explicit = run(&fixtures(), &["check", "schemas", "--format", "github"]);
    let auto = run_env(
        &fixtures(),
        &["check", "schemas"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert!(
        auto.stdout.starts_with("::error file=schemas/"),
        "{}",
        auto.stdout
    );
    assert_eq!(auto.stdout, explicit.stdout);
    assert_eq!(auto.code, 1);
    // An explicit --format wins over the environment.
    let concise = run_env(
        &fixtures(),
        &["check", "schemas", "--format", "concise"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert!(concise.stdout.starts_with("schemas/"), "{}", concise.stdout);
    // Anything but `true` is not GitHub Actions.
    let other = run_env(
        &fixtures(),
        &["check", "schemas"],
        &[("GITHUB_ACTIONS", "false")],
    );
    assert!(!other.stdout.contains("::error"), "{}", other.stdout);
}

#[test]
fn several_outputs_in_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let sarif = tmp.path().join("out.sarif");
    let junit = tmp.path().join("junit.xml");
    let jsonl = tmp.path().join("f.jsonl");
    let r = run(
        &fixtures(),
        &[
            "check",
            "schemas",
            "--format",
            "sarif",
            "--output-file",
            sarif.to_str().unwrap(),
            "--output",
            &format!("junit={}", junit.display()),
            "--output",
            &format!("json-lines={}", jsonl.display()),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let alone = |f: &str| run(&fixtures(), &["check", "schemas", "--format", f]).stdout;
    // The terminal gets the human default; each file gets exactly its format.
    assert_eq!(r.stdout, alone("full"));
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), alone("sarif"));
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), alone("junit"));
    assert_eq!(
        std::fs::read_to_string(&jsonl).unwrap(),
        alone("json-lines")
    );
    // Under GitHub Actions the terminal gets annotations instead.
    let gha = run_env(
        &fixtures(),
        &[
            "check",
            "schemas",
            "--format",
            "sarif",
            "--output-file",
            sarif.to_str().unwrap(),
        ],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(gha.stdout, alone("github"));
    // `FORMAT=-` replaces the terminal output.
    let json = run(&fixtures(), &["check", "schemas", "--output", "json=-"]);
    assert_eq!(json.stdout, alone("json"));
}

#[test]
fn bad_output_specs_are_usage_errors() {
    for args in [
        &["check", "schemas", "--output", "sarif"][..],
        &["check", "schemas", "--output", "xml=a.xml"][..],
        &[
            "check", "schemas", "--output", "json=-", "--output", "sarif=-",
        ][..],
    ] {
        let r = run(&fixtures(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error:"), "{}", r.stderr);
    }
}

#[test]
fn statistics_and_max_diagnostics() {
    let stats = run(&fixtures(), &["check", "schemas", "--statistics"]);
    assert_eq!(stats.code, 1);
    assert_eq!(
        stats.stdout,
        "3  strict/additional-properties  error\n1  keyword/default-value         warning\n1  strict/required               error\n"
    );
    let limited = run(
        &fixtures(),
        &[
            "check",
            "schemas",
            "--format",
            "concise",
            "--max-diagnostics",
            "2",
        ],
    );
    assert_eq!(limited.stdout.lines().count(), 2, "{}", limited.stdout);
    assert!(
        limited.stderr.contains("3 more finding(s) not shown"),
        "{}",
        limited.stderr
    );
    assert_eq!(limited.code, 1, "the exit code counts every finding");
}

#[test]
fn thread_count_does_not_change_output() {
    let one = run(
        &fixtures(),
        &["check", "schemas", "--format", "json", "--threads", "1"],
    );
    let two = run(
        &fixtures(),
        &["check", "schemas", "--format", "json", "--threads", "2"],
    );
    assert_eq!(one.stdout, two.stdout);
    assert!(
        one.stdout
            .contains("\"path\": \"schemas/legacy/meta.json\""),
        "{}",
        one.stdout
    );
    assert_eq!(
        run(&fixtures(), &["check", "schemas", "--threads", "0"]).code,
        2
    );
}

#[test]
fn glob_paths_are_expanded() {
    let r = run(
        &fixtures(),
        &["check", "schemas/legacy/*.json", "--format", "concise"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .all(|l| l.starts_with("schemas/legacy/meta.json:")),
        "{}",
        r.stdout
    );
    let none = run(&fixtures(), &["check", "schemas/nothing/*.json"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("matches no file"), "{}", none.stderr);
}

#[test]
fn completions_and_man_page_generate() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&fixtures(), &["generate", "completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("schemalint"), "{shell}");
        assert!(
            r.stdout.contains("baseline"),
            "{shell}: check's flags are completed"
        );
    }
    let man = run(&fixtures(), &["generate", "man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH schemalint"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    let help = run(&fixtures(), &["--help"]);
    assert!(
        !help.stdout.contains("generate"),
        "the generate command is hidden"
    );
}
