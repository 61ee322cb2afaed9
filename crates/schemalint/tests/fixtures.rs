//! Data-driven rule tests over `fixtures/check/<namespace>/<rule>/`.
//!
//! Every rule in `schemalint_check::RULES` has a directory holding a `valid.json` and one or
//! more `invalid*.json` files. Each `invalid*.json` must produce at least one finding of the
//! directory's rule; each `valid.json` must produce none of it. Neither may produce findings of
//! any other rule unless the directory's optional `expect.toml` lists them for that file with
//! a reason. `expect.toml` may also name the profile to check with (default `openai`):
//!
//! ```toml
//! profile = "openai"
//! [files."invalid-pydantic-dict.json"]
//! also = ["strict/properties"]
//! reason = "why the fixture also hits these rules"
//! ```
//!
//! Rules listed under `also` must actually be reported, so the sidecar cannot go stale.
//! The `concise` and `json` output of every fixture is snapshotted
//! (`tests/snapshots/fixtures/<namespace>__<rule>__<file>.snap`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use schemalint::check::{self, Profile};
use schemalint::diagnostics::render::{Concise, Json, Renderer};
use schemalint::diagnostics::{FileReport, Report};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn fixtures_dir() -> PathBuf {
    workspace_root().join("fixtures/check")
}

/// A fixture directory's `expect.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    profile: Option<String>,
    #[serde(default)]
    files: BTreeMap<String, ExpectFile>,
}

/// What `expect.toml` says about one fixture file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectFile {
    also: Vec<String>,
    reason: String,
}

fn load_expect(dir: &Path) -> Expect {
    let path = dir.join("expect.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Expect::default(),
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let expect: Expect =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (file, e) in &expect.files {
        assert!(
            dir.join(file).is_file(),
            "{}: names missing file {file}",
            path.display()
        );
        assert!(
            !e.reason.trim().is_empty() && !e.also.is_empty(),
            "{}: [files.\"{file}\"] needs `also` and a `reason`",
            path.display()
        );
    }
    expect
}

/// One fixture file: its rule, whether it should violate the rule, and where it is.
struct Fixture {
    rule: String,
    invalid: bool,
    /// Relative to the workspace root, with forward slashes (as shown in the output).
    display: String,
    path: PathBuf,
}

impl Fixture {
    fn expect(&self) -> Expect {
        load_expect(self.path.parent().unwrap())
    }

    fn check(&self) -> FileReport {
        let profile = self.expect().profile.unwrap_or_else(|| "openai".to_owned());
        let profile =
            Profile::builtin(&profile).unwrap_or_else(|e| panic!("{}: {e}", self.display));
        let bytes = std::fs::read(&self.path).unwrap();
        check::check_bytes(&self.display, &bytes, profile)
    }
}

/// Every fixture, sorted: `fixtures/check/<ns>/<rule>/{valid,invalid*}.json`.
fn fixtures() -> Vec<Fixture> {
    let root = fixtures_dir();
    let mut out = Vec::new();
    for ns in sorted_entries(&root) {
        if !ns.is_dir() {
            continue;
        }
        for rule_dir in sorted_entries(&ns) {
            if !rule_dir.is_dir() {
                continue;
            }
            let rule = format!("{}/{}", file_name(&ns), file_name(&rule_dir));
            for file in sorted_entries(&rule_dir) {
                let name = file_name(&file);
                if !name.ends_with(".json") {
                    continue;
                }
                let invalid = name.starts_with("invalid");
                assert!(
                    invalid || name == "valid.json",
                    "{}: fixture files are named valid.json or invalid*.json",
                    file.display()
                );
                out.push(Fixture {
                    rule: rule.clone(),
                    invalid,
                    display: format!("fixtures/check/{rule}/{name}"),
                    path: file,
                });
            }
        }
    }
    out
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The `concise` and `json` renderings of one file's report.
fn render(report: FileReport) -> String {
    let report = Report {
        files: vec![report],
    };
    let mut concise = Vec::new();
    Concise::new(false).render(&report, &mut concise).unwrap();
    let mut json = Vec::new();
    Json.render(&report, &mut json).unwrap();
    format!(
        "--- concise ---\n{}--- json ---\n{}",
        String::from_utf8(concise).unwrap(),
        String::from_utf8(json).unwrap()
    )
}

/// Rules with fixtures in the per-profile trees checked by
/// `crates/schemalint-check/tests/profile_fixtures.rs`:
/// `fixtures/{profiles,requests}/<profile>/<namespace>.<rule>/{valid*,invalid*}.json`.
/// Returns, per rule id, whether a valid and an invalid file exist.
fn profile_fixture_rules() -> BTreeMap<String, (bool, bool)> {
    let mut out: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for kind in ["profiles", "requests"] {
        let base = workspace_root().join("fixtures").join(kind);
        if !base.is_dir() {
            continue;
        }
        for profile in sorted_entries(&base).into_iter().filter(|p| p.is_dir()) {
            for rule_dir in sorted_entries(&profile).into_iter().filter(|p| p.is_dir()) {
                let rule = file_name(&rule_dir).replacen('.', "/", 1);
                for file in sorted_entries(&rule_dir) {
                    let name = file_name(&file);
                    if !name.ends_with(".json") {
                        continue;
                    }
                    let entry = out.entry(rule.clone()).or_default();
                    if name.starts_with("invalid") {
                        entry.1 = true;
                    } else if name.starts_with("valid") {
                        entry.0 = true;
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_rule_has_a_valid_and_an_invalid_fixture() {
    let fixtures = fixtures();
    let rules: BTreeSet<&str> = check::RULES.iter().map(|r| r.id).collect();
    let dirs: BTreeSet<&str> = fixtures.iter().map(|f| f.rule.as_str()).collect();
    let unknown: Vec<_> = dirs.difference(&rules).collect();
    assert!(
        unknown.is_empty(),
        "fixture directories without a rule: {unknown:?}"
    );
    // Rules that only some profiles enable may have their fixtures in the per-profile trees.
    let elsewhere = profile_fixture_rules();
    let mut missing = Vec::new();
    for rule in &rules {
        if dirs.contains(rule) {
            let of_rule = || fixtures.iter().filter(|f| f.rule == *rule);
            assert_eq!(
                of_rule().filter(|f| !f.invalid).count(),
                1,
                "{rule}: needs valid.json"
            );
            assert!(
                of_rule().any(|f| f.invalid),
                "{rule}: needs at least one invalid*.json"
            );
        } else if elsewhere.get(*rule) != Some(&(true, true)) {
            missing.push(*rule);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a valid and an invalid fixture (fixtures/check/<ns>/<rule>/ or \
         fixtures/{{profiles,requests}}/<profile>/<ns>.<rule>/): {missing:?}"
    );
}

#[test]
fn fixtures_hit_their_rule_and_only_their_rule() {
    let mut failures = Vec::new();
    for f in fixtures() {
        let expect = f.expect();
        let allowed: BTreeSet<&str> = expect
            .files
            .get(&file_name(&f.path))
            .map(|e| e.also.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let report = f.check();
        let found: BTreeSet<&str> = report.diagnostics.iter().map(|d| &*d.rule).collect();
        let own = found.contains(f.rule.as_str());
        if f.invalid && !own {
            failures.push(format!("{}: no `{}` finding", f.display, f.rule));
        }
        if !f.invalid && own {
            failures.push(format!("{}: has a `{}` finding", f.display, f.rule));
        }
        let others: BTreeSet<&str> = found
            .iter()
            .copied()
            .filter(|r| *r != f.rule && !allowed.contains(r))
            .collect();
        if !others.is_empty() {
            failures.push(format!(
                "{}: unexpected findings {others:?} (list them in expect.toml with a reason if intended)",
                f.display
            ));
        }
        for rule in &allowed {
            if !found.contains(rule) {
                failures.push(format!(
                    "{}: expect.toml lists `{rule}` but it is not reported",
                    f.display
                ));
            }
        }
        // Parse errors stop checking: those fixtures must be exactly the parse error.
        let parse_rule = f.rule == "json/invalid-json" || f.rule == "json/invalid-encoding";
        if parse_rule && f.invalid != check::has_parse_error(&report) {
            failures.push(format!("{}: has_parse_error is wrong", f.display));
        }
        for d in &report.diagnostics {
            if d.span.is_none() {
                failures.push(format!(
                    "{}: `{}` finding without a span",
                    f.display, d.rule
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn fixture_output_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/fixtures");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for f in fixtures() {
        let stem = file_name(&f.path);
        let stem = stem.trim_end_matches(".json");
        let name = format!("{}__{stem}", f.rule.replace('/', "__"));
        let output = render(f.check());
        settings.set_description(f.display.clone());
        settings.bind(|| insta::assert_snapshot!(name, output));
    }
}

/// Profiles whose per-profile fixtures are snapshotted too (the older profiles' fixtures are
/// held to their rule by `schemalint-check`'s `profile_fixtures` test only).
const SNAPSHOTTED_PROFILES: &[&str] = &["xai", "vllm-xgrammar", "bedrock"];

/// The `concise` and `json` output of the per-profile fixtures of [`SNAPSHOTTED_PROFILES`]
/// (`fixtures/{profiles,requests}/<profile>/<ns>.<rule>/*.json`, checked with that profile;
/// `tests/snapshots/fixtures/<kind>__<profile>__<ns>.<rule>__<file>.snap`), so a change in
/// a provider's verdict, message, pointer or evidence note shows up in review.
#[test]
fn profile_fixture_output_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/fixtures");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut count = 0;
    for kind in ["profiles", "requests"] {
        let base = workspace_root().join("fixtures").join(kind);
        for profile_dir in sorted_entries(&base).into_iter().filter(|p| p.is_dir()) {
            let id = file_name(&profile_dir);
            if !SNAPSHOTTED_PROFILES.contains(&id.as_str()) {
                continue;
            }
            let profile = Profile::builtin(&id).unwrap_or_else(|e| panic!("{id}: {e}"));
            for rule_dir in sorted_entries(&profile_dir)
                .into_iter()
                .filter(|p| p.is_dir())
            {
                let rule = file_name(&rule_dir);
                for file in sorted_entries(&rule_dir) {
                    let name = file_name(&file);
                    let Some(stem) = name.strip_suffix(".json") else {
                        continue;
                    };
                    let display = format!("fixtures/{kind}/{id}/{rule}/{name}");
                    let bytes = std::fs::read(&file).unwrap();
                    let output = render(check::check_bytes(&display, &bytes, profile));
                    settings.set_description(display);
                    let snapshot = format!("{kind}__{id}__{rule}__{stem}");
                    settings.bind(|| insta::assert_snapshot!(snapshot, output));
                    count += 1;
                }
            }
        }
    }
    assert!(count >= 30, "only {count} per-profile fixtures snapshotted");
}
