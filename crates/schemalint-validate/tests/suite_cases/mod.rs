//! Reading the official JSON-Schema-Test-Suite and tallying results, shared by `tests/suite.rs`
//! and the runner that puts the peers beside us (`benches/examples/suite_peers.rs`, which
//! includes this file by path, so this crate never depends on a peer).
//!
//! The suite lives at `../shared/fixtures/json-schema-test-suite` next to the repository, or
//! wherever `JSON_SCHEMA_TEST_SUITE` points. `remotes/` is served under
//! `http://localhost:1234/`.

#![allow(dead_code)] // each includer uses its own part

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The draft directories, newest first.
pub const DRAFTS: &[&str] = &["draft2020-12", "draft2019-09", "draft7", "draft6", "draft4"];

/// Where a test file sits: the suite's targets differ per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// `tests/<draft>/*.json`: what every implementation must pass.
    Required,
    /// `tests/<draft>/optional/*.json`.
    Optional,
    /// `tests/<draft>/optional/format/*.json`, run with `format` asserted.
    Format,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Required, Group::Optional, Group::Format];

    pub fn label(self) -> &'static str {
        match self {
            Group::Required => "required",
            Group::Optional => "optional",
            Group::Format => "optional/format",
        }
    }
}

#[derive(Deserialize)]
pub struct Case {
    pub description: String,
    pub schema: Value,
    pub tests: Vec<Test>,
}

#[derive(Deserialize)]
pub struct Test {
    pub description: String,
    pub data: Box<RawValue>,
    pub valid: bool,
}

/// One test file: `name` is relative to its draft directory (`optional/format/date.json`).
pub struct SuiteFile {
    pub group: Group,
    pub name: String,
    pub cases: Vec<Case>,
}

/// The suite checkout, if there is one; `workspace` is the repository root.
pub fn suite_dir(workspace: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::env::var("JSON_SCHEMA_TEST_SUITE") {
        return Some(PathBuf::from(p));
    }
    let p = workspace.join("../shared/fixtures/json-schema-test-suite");
    p.is_dir().then_some(p)
}

/// `remotes/**.json` by the URI the suite's schemas use for them.
pub fn load_remotes(root: &Path) -> HashMap<String, Value> {
    fn walk(dir: &Path, prefix: &str, out: &mut HashMap<String, Value>) {
        for path in sorted_entries(dir) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), out);
            } else if name.ends_with(".json") {
                let text = std::fs::read_to_string(&path).expect("read remote");
                let v: Value = serde_json::from_str(&text).expect("remote is JSON");
                out.insert(format!("http://localhost:1234/{prefix}{name}"), v);
            }
        }
    }
    let mut out = HashMap::new();
    walk(&root.join("remotes"), "", &mut out);
    out
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|it| it.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Every test file of `draft`, or `None` when the checkout lacks that draft.
pub fn draft_files(root: &Path, draft: &str) -> Option<Vec<SuiteFile>> {
    let base = root.join("tests").join(draft);
    if !base.is_dir() {
        return None;
    }
    let mut files = Vec::new();
    for (group, sub) in [
        (Group::Required, ""),
        (Group::Optional, "optional/"),
        (Group::Format, "optional/format/"),
    ] {
        for path in sorted_entries(&base.join(sub)) {
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let name = format!("{sub}{}", path.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&path).unwrap();
            let cases: Vec<Case> =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{draft}/{name}: {e}"));
            files.push(SuiteFile { group, name, cases });
        }
    }
    Some(files)
}

/// The id of one test, as the expected-failure lists spell it.
pub fn test_id(draft: &str, file: &SuiteFile, case: &Case, test: &Test) -> String {
    format!(
        "{draft}/{} :: {} :: {}",
        file.name, case.description, test.description
    )
}

/// Passed and total tests per draft and group.
#[derive(Default)]
pub struct Tally(BTreeMap<(String, Group), (usize, usize)>);

impl Tally {
    pub fn record(&mut self, draft: &str, group: Group, passed: bool) {
        let entry = self.0.entry((draft.to_owned(), group)).or_default();
        entry.0 += usize::from(passed);
        entry.1 += 1;
    }

    pub fn get(&self, draft: &str, group: Group) -> Option<(usize, usize)> {
        self.0.get(&(draft.to_owned(), group)).copied()
    }

    /// A Markdown table: one row per draft and group, one column per contender.
    pub fn table(contenders: &[(&str, &Tally)]) -> String {
        let mut out = String::from("| draft | tests |");
        for (name, _) in contenders {
            let _ = write!(out, " {name} |");
        }
        out.push_str("\n|---|---|");
        out.push_str(&"---:|".repeat(contenders.len()));
        for draft in DRAFTS {
            for group in Group::ALL {
                let Some((_, total)) = contenders.iter().find_map(|(_, t)| t.get(draft, group))
                else {
                    continue;
                };
                let _ = write!(out, "\n| {draft} | {} |", group.label());
                for (_, tally) in contenders {
                    match tally.get(draft, group) {
                        Some((pass, total)) => {
                            let pct = 100.0 * pass as f64 / total.max(1) as f64;
                            let _ = write!(out, " {pass}/{total} ({pct:.1} %) |");
                        }
                        None => {
                            let _ = write!(out, " –/{total} |");
                        }
                    }
                }
            }
        }
        out.push('\n');
        out
    }
}
