//! Baselines: `--write-baseline FILE` records today's findings by rule + file + pointer;
//! `--baseline FILE` hides those and reports entries that no longer match as
//! `baseline/stale-entry`, located in the baseline file, so the baseline shrinks.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use schemalint_diagnostics::{Diagnostic, FileReport, Report, RuleInfo, Severity, SourceFile};
use serde::{Deserialize, Serialize};

use crate::config::{absolute, slash_path};

/// The rule under which stale baseline entries are reported.
pub const STALE_ENTRY: &str = "baseline/stale-entry";

/// Metadata of [`STALE_ENTRY`] for SARIF and `rule` listings.
pub fn stale_entry_info() -> RuleInfo {
    RuleInfo {
        id: STALE_ENTRY.into(),
        summary: "Baseline entry matches no current finding".into(),
        docs: "A `--baseline` entry (rule + file + JSON pointer) that no finding of this run \
               matches: the problem was fixed, or the file was moved or deleted. Remove the entry \
               (or regenerate the baseline with `--write-baseline`) so the baseline only shrinks."
            .into(),
        default_severity: Severity::Warning,
        url: None,
    }
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    /// Relative to the baseline file's directory, `/`-separated.
    pub path: String,
    pub pointer: String,
    /// For people reading the file; not used for matching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// A baseline loaded from disk.
#[derive(Debug)]
pub struct Baseline {
    path: PathBuf,
    dir: PathBuf,
    text: String,
    entries: Vec<Entry>,
}

/// `file` relative to `dir` (with `..` where needed), `/`-separated; absolute only when
/// they share no root (another drive).
fn key_path(dir: &Path, file: &str) -> String {
    let abs = absolute(Path::new(file));
    let (a, d): (Vec<_>, Vec<_>) = (abs.components().collect(), dir.components().collect());
    let common = a.iter().zip(&d).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return slash_path(&abs);
    }
    let mut rel = PathBuf::new();
    for _ in common..d.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c.as_os_str());
    }
    slash_path(&rel)
}

/// Writes the findings of `report` (parse errors excepted) as a baseline at `path`.
/// Returns the number of entries.
pub fn write(path: &Path, report: &Report) -> std::io::Result<usize> {
    let dir = absolute(path)
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let mut entries: Vec<Entry> = report
        .diagnostics()
        .filter(|(_, d)| !schemalint_check::is_parse_error(&d.rule))
        .map(|(f, d)| Entry {
            rule: d.rule.to_string(),
            path: key_path(&dir, &f.path),
            pointer: d.pointer.clone(),
            message: Some(d.message.clone()),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.path, &a.pointer, &a.rule, &a.message).cmp(&(&b.path, &b.pointer, &b.rule, &b.message))
    });
    // One entry per line, so diffs stay small and stale entries have a line of their own.
    let mut text = String::from("{\n  \"version\": 1,\n  \"entries\": [");
    for (i, e) in entries.iter().enumerate() {
        text.push_str(if i == 0 { "\n    " } else { ",\n    " });
        text.push_str(&serde_json::to_string(e).map_err(std::io::Error::other)?);
    }
    text.push_str(if entries.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    std::fs::write(path, text)?;
    Ok(entries.len())
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        let file: File = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a schemalint baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if file.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                file.version
            ));
        }
        let dir = absolute(path)
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        Ok(Baseline {
            path: path.to_path_buf(),
            dir,
            text,
            entries: file.entries,
        })
    }

    /// Removes baselined findings from `report`, and returns a report for the baseline
    /// file with one `baseline/stale-entry` warning per entry that matched nothing,
    /// among entries for files checked in this run or that no longer exist.
    pub fn apply(&self, report: &mut Report) -> Option<FileReport> {
        // Multiset of entries: (path, rule, pointer) -> indices not yet used.
        let mut open: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            open.entry((e.path.clone(), e.rule.clone(), e.pointer.clone()))
                .or_default()
                .push(i);
        }
        let mut used = vec![false; self.entries.len()];
        let mut checked = BTreeSet::new();
        for file in &mut report.files {
            let key = key_path(&self.dir, &file.path);
            file.diagnostics.retain(|d| {
                match open.get_mut(&(key.clone(), d.rule.to_string(), d.pointer.clone())) {
                    Some(list) if !list.is_empty() => {
                        used[list.remove(0)] = true;
                        false
                    }
                    _ => true,
                }
            });
            checked.insert(key);
        }
        let source = SourceFile::new(self.path.display().to_string(), self.text.as_str());
        let doc =
            schemalint_check::source::parse(&self.path.display().to_string(), &self.text).ok();
        let mut stale = FileReport::new(self.path.display().to_string(), Some(source));
        for (i, e) in self.entries.iter().enumerate() {
            if used[i] {
                continue;
            }
            let gone = !self.dir.join(&e.path).exists();
            if !(checked.contains(&e.path) || gone) {
                continue;
            }
            let pointer = format!("/entries/{i}");
            let span = doc
                .as_ref()
                .and_then(|d| d.root.pointer(&pointer))
                .map(|n| n.span);
            let why = if gone {
                "the file no longer exists"
            } else {
                "no current finding matches it"
            };
            stale.diagnostics.push(
                Diagnostic::new(
                    STALE_ENTRY,
                    Severity::Warning,
                    format!(
                        "stale baseline entry: `{}` at `{}#{}`: {why}",
                        e.rule, e.path, e.pointer
                    ),
                )
                .with_pointer(pointer)
                .with_span(span)
                .with_help("remove this entry, or regenerate the baseline with `--write-baseline`"),
            );
        }
        (!stale.diagnostics.is_empty()).then_some(stale)
    }
}
