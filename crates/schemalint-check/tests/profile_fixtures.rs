//! Fixtures under `fixtures/profiles/<profile>/<rule>/` and `fixtures/requests/<profile>/<rule>/`
//! (`<rule>` is the rule id with `/` written as `.`): every `invalid*.json` must produce at
//! least one finding of that rule, at the severity the profile gives it; every `valid*.json`
//! must produce none of that rule and no error at all. Profile files are run with the
//! directory's profile; request files additionally must infer that profile (except Azure,
//! whose requests look exactly like OpenAI's).

use std::path::{Path, PathBuf};

use schemalint_check::{check_bytes, infer_profile, Profile};
use schemalint_diagnostics::Severity;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

struct Case {
    profile: String,
    rule: String,
    file: PathBuf,
    invalid: bool,
}

fn cases(kind: &str) -> Vec<Case> {
    let mut out = Vec::new();
    let base = root().join(kind);
    let mut profiles: Vec<_> = std::fs::read_dir(&base)
        .unwrap_or_else(|e| panic!("{}: {e}", base.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "seeds"))
        .collect();
    profiles.sort();
    for dir in profiles {
        let profile = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut rules: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        rules.sort();
        for rule_dir in rules {
            let rule = rule_dir
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replacen('.', "/", 1);
            let mut files: Vec<_> = std::fs::read_dir(&rule_dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            for file in files {
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                let invalid = name.starts_with("invalid");
                assert!(
                    invalid || name.starts_with("valid"),
                    "{}: fixture names start with `valid` or `invalid`",
                    file.display()
                );
                out.push(Case {
                    profile: profile.clone(),
                    rule: rule.clone(),
                    file,
                    invalid,
                });
            }
        }
    }
    out
}

fn run(kind: &str) -> usize {
    let cases = cases(kind);
    let mut failures = Vec::new();
    for case in &cases {
        let profile = Profile::builtin(&case.profile)
            .unwrap_or_else(|e| panic!("{}: {e}", case.file.display()));
        assert!(
            schemalint_check::rule(&case.rule).is_some(),
            "{}: no rule `{}`",
            case.file.display(),
            case.rule
        );
        let bytes = std::fs::read(&case.file).unwrap();
        let report = check_bytes(&case.file.display().to_string(), &bytes, profile);
        let of_rule: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == case.rule)
            .collect();
        let shown = || {
            report
                .diagnostics
                .iter()
                .map(|d| format!("  {} {} {}: {}", d.severity, d.rule, d.pointer, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        if case.invalid {
            let expected = profile.severity(&case.rule);
            if of_rule.is_empty() {
                failures.push(format!(
                    "{} [{}]: expected `{}`, got:\n{}",
                    case.file.display(),
                    case.profile,
                    case.rule,
                    shown()
                ));
            } else if expected.is_none()
                || of_rule.iter().any(|d| Some(d.severity) != expected)
                    && case.rule != "keyword/unsupported"
            {
                failures.push(format!(
                    "{} [{}]: `{}` should be {:?}:\n{}",
                    case.file.display(),
                    case.profile,
                    case.rule,
                    expected,
                    shown()
                ));
            }
        } else if !of_rule.is_empty()
            || report
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
        {
            failures.push(format!(
                "{} [{}]: expected no `{}` and no errors, got:\n{}",
                case.file.display(),
                case.profile,
                case.rule,
                shown()
            ));
        }
        if kind == "requests" && case.profile != "azure" {
            let doc = schemalint_check::source::parse_bytes("x", &bytes).unwrap();
            match infer_profile(&doc) {
                Some(inf) if inf.profile.id == case.profile => {}
                other => failures.push(format!(
                    "{}: inferred {:?}, expected `{}`",
                    case.file.display(),
                    other.map(|i| (i.profile.id.clone(), i.reason)),
                    case.profile
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    cases.len()
}

#[test]
fn profile_fixtures_behave() {
    let n = run("profiles");
    assert!(n >= 60, "only {n} profile fixtures found");
}

#[test]
fn request_fixtures_behave() {
    let n = run("requests");
    assert!(n >= 50, "only {n} request fixtures found");
}

/// Every rule a profile enables has at least one violating fixture somewhere
/// (`fixtures/check/**` from the core rules counts for `openai`'s shared rules).
#[test]
fn every_new_profile_rule_has_a_violating_fixture() {
    let mut covered = std::collections::BTreeSet::new();
    for kind in ["profiles", "requests"] {
        for case in cases(kind) {
            if case.invalid {
                covered.insert(case.rule);
            }
        }
    }
    let required = [
        "ref/recursion",
        "keyword/unsupported-value",
        "keyword/unsupported-type",
        "keyword/pattern-feature",
        "keyword/complex-enum",
        "keyword/allof-ref",
        "keyword/property-ordering",
        "request/malformed",
        "request/misplaced-field",
        "keyword/ignored",
        "keyword/enum-type-union",
        "limit/description-length",
        "keyword/wrong-type",
        "request/assistant-prefill",
        "request/citations-json-format",
        "strict/empty-properties",
        "limit/strict-tools",
        "limit/optional-parameters",
        "limit/union-parameters",
        "request/json-object-without-json",
        "request/thinking-json-format",
        "request/output-token-cap",
        "request/parallel-tool-calls",
        "request/strict-absent",
        "request/model-json-schema",
        "request/gemini-schema-conflict",
        "request/response-mime-type",
        "envelope/invalid-name",
    ];
    let missing: Vec<_> = required.iter().filter(|r| !covered.contains(**r)).collect();
    assert!(missing.is_empty(), "no violating fixture for {missing:?}");
}
