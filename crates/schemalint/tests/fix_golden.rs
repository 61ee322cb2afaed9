//! Golden tests of the fixes: every `invalid*.json` rule fixture, fixed with
//! `--fix --unsafe-fixes` under `openai`, `gemini` and `anthropic` (the rule fixtures
//! under `fixtures/check/`) or under its own profile (`fixtures/profiles/<profile>/`),
//! snapshotted as the fixes applied, what remains, and the unified diff
//! (`tests/snapshots/fixes/<tree>__<dir>__<file>.snap`). Review a change with
//! `INSTA_UPDATE=always cargo test -p schemalint --test fix_golden` and read the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use schemalint::check::{self, Profile};
use schemalint::Applicability;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

/// The profiles the rule fixtures are fixed under: where their fixes differ.
const PROFILES: [&str; 3] = ["openai", "gemini", "anthropic"];

/// `(snapshot name, display path, profiles)` for every invalid fixture.
fn fixtures() -> Vec<(String, String, PathBuf, Vec<String>)> {
    let root = workspace_root();
    let mut out = Vec::new();
    for (tree, profiles_from_dir) in [("check", false), ("profiles", true)] {
        let base = root.join("fixtures").join(tree);
        for group in sorted(&base).into_iter().filter(|p| p.is_dir()) {
            for dir in sorted(&group).into_iter().filter(|p| p.is_dir()) {
                for file in sorted(&dir) {
                    let name = file.file_name().unwrap().to_string_lossy().into_owned();
                    if !(name.starts_with("invalid") && name.ends_with(".json")) {
                        continue;
                    }
                    let group_name = group.file_name().unwrap().to_string_lossy().into_owned();
                    let dir_name = dir.file_name().unwrap().to_string_lossy().into_owned();
                    let profiles = if profiles_from_dir {
                        vec![group_name.clone()]
                    } else {
                        PROFILES.iter().map(|p| p.to_string()).collect()
                    };
                    let stem = name.trim_end_matches(".json");
                    out.push((
                        format!("{tree}__{group_name}__{dir_name}__{stem}"),
                        format!("fixtures/{tree}/{group_name}/{dir_name}/{name}"),
                        file,
                        profiles,
                    ));
                }
            }
        }
    }
    out
}

/// What fixing `text` under `profile` does, for the snapshot; `None` when nothing changes.
fn golden(display: &str, text: &str, profile: &str) -> Option<String> {
    let fixed = check::fix_str(
        display,
        text,
        Profile::builtin(profile).unwrap(),
        Applicability::Unsafe,
    );
    if fixed.text == text {
        return None;
    }
    let mut out = String::new();
    writeln!(out, "=== {profile}").unwrap();
    for a in &fixed.applied {
        writeln!(
            out,
            "  {:<6} {} {}: {}",
            a.applicability, a.rule, a.pointer, a.message
        )
        .unwrap();
    }
    let mut remaining: Vec<&str> = fixed.remaining.iter().map(|d| &*d.rule).collect();
    remaining.dedup();
    let remaining = if remaining.is_empty() {
        "none".to_owned()
    } else {
        remaining.join(", ")
    };
    writeln!(out, "  remaining: {remaining}").unwrap();
    let diff = similar::TextDiff::from_lines(text, &fixed.text);
    write!(
        out,
        "{}",
        diff.unified_diff().context_radius(2).header("a", "b")
    )
    .unwrap();
    Some(out)
}

#[test]
fn fixes_on_the_rule_fixtures() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/fixes");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut snapshots = 0;
    for (name, display, path, profiles) in fixtures() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // the deliberately non-UTF-8 fixtures
        };
        let sections: Vec<String> = profiles
            .iter()
            .filter_map(|p| golden(&display, &text, p))
            .collect();
        if sections.is_empty() {
            continue;
        }
        snapshots += 1;
        settings.set_description(display.clone());
        settings.bind(|| insta::assert_snapshot!(name, sections.join("\n")));
    }
    // Most rule fixtures have a fix under some profile; a bug that stops every fix
    // would otherwise pass silently.
    assert!(snapshots >= 40, "only {snapshots} fixtures changed");
}
