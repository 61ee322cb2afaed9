//! The CLI's SARIF (with a `baseline/stale-entry` finding located in the baseline file)
//! passes Microsoft's SARIF multitool `validate` with GitHub's rules. Needs the multitool
//! (`bash .ci/install-sarif-multitool`); set `SCHEMALINT_SKIP_SARIF_VALIDATE=1` to skip.

mod ci_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use ci_support::Project;

/// The native multitool executable (the npm `bin.js` wrapper passes arguments through a
/// shell, which splits `Sarif;Gh`).
fn multitool() -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .map(|d| d.join("sarif-multitool"))
        .find(|p| p.is_file())
        .ok_or("`sarif-multitool` is not on PATH")?;
    let resolved = found
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", found.display()))?;
    if resolved.extension().is_none_or(|e| e != "js") {
        return Ok(resolved);
    }
    let dir = resolved.parent().unwrap_or(Path::new("."));
    let package = format!("sarif-multitool-{}", std::env::consts::OS);
    [
        dir.join("node_modules/@microsoft").join(&package),
        dir.with_file_name(&package),
    ]
    .iter()
    .map(|d| d.join("Sarif.Multitool"))
    .find(|p| p.is_file())
    .ok_or_else(|| {
        format!(
            "no native @microsoft/{package} beside {}",
            resolved.display()
        )
    })
}

/// The multitool, `None` when it is missing and skipping is asked for; panics otherwise.
fn multitool_or_skip() -> Option<PathBuf> {
    match multitool() {
        Ok(exe) => Some(exe),
        Err(why) if std::env::var("SCHEMALINT_SKIP_SARIF_VALIDATE").as_deref() == Ok("1") => {
            eprintln!("SKIPPED (SCHEMALINT_SKIP_SARIF_VALIDATE=1): {why}");
            None
        }
        Err(why) => panic!(
            "SARIF validation needs Microsoft's SARIF multitool: {why}; install it with \
             `bash .ci/install-sarif-multitool` (or set SCHEMALINT_SKIP_SARIF_VALIDATE=1)"
        ),
    }
}

/// The byte offset of a 1-based line and code-point column in `text`.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    let rest = &text[line_start..];
    line_start
        + rest
            .char_indices()
            .nth(column as usize - 1)
            .map_or(rest.len(), |(i, _)| i)
}

#[test]
fn cli_sarif_fixes_are_valid_for_github_and_their_regions_agree() {
    let Some(exe) = multitool_or_skip() else {
        return;
    };
    let p = Project::new();
    let text = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"café\": {\"const\": \"é\"},\n    \"n\": {\"type\": \"integer\", \"default\": 1}\n  }\n}\n";
    p.write("schemas/a.json", text);
    let r = p.run(&["check", "schemas", "--output", "sarif=out.sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.path().join("out.sarif")).unwrap())
            .unwrap();
    let mut applicabilities = Vec::new();
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        for fix in result["fixes"].as_array().into_iter().flatten() {
            applicabilities.push(
                fix["properties"]["applicability"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
            let change = &fix["artifactChanges"][0];
            assert_eq!(change["artifactLocation"]["uri"], "schemas/a.json");
            let mut fixed = text.to_owned();
            let mut replacements: Vec<&serde_json::Value> =
                change["replacements"].as_array().unwrap().iter().collect();
            replacements
                .sort_by_key(|r| std::cmp::Reverse(r["deletedRegion"]["byteOffset"].as_u64()));
            for replacement in replacements {
                let region = &replacement["deletedRegion"];
                let at = |key: &str| region[key].as_u64().unwrap();
                let (start, length) = (at("byteOffset") as usize, at("byteLength") as usize);
                // The line/column form names the same bytes.
                assert_eq!(
                    offset_of(text, at("startLine"), at("startColumn")),
                    start,
                    "{region}"
                );
                assert_eq!(
                    offset_of(text, at("endLine"), at("endColumn")),
                    start + length,
                    "{region}"
                );
                let inserted = replacement["insertedContent"]["text"]
                    .as_str()
                    .unwrap_or("");
                fixed.replace_range(start..start + length, inserted);
            }
            let _: serde_json::Value = serde_json::from_str(&fixed)
                .unwrap_or_else(|e| panic!("{e}: a fix leaves invalid JSON:\n{fixed}"));
        }
    }
    applicabilities.sort();
    applicabilities.dedup();
    assert_eq!(applicabilities, ["safe", "unsafe"], "{sarif}");
    assert_valid_for_github(&exe, p.path(), "out.sarif");
}

#[test]
fn cli_sarif_with_a_stale_baseline_entry_is_valid_for_github() {
    let Some(exe) = multitool_or_skip() else {
        return;
    };
    let p = Project::new();
    p.fixture("person.json", "schemas/person.json")
        .fixture("warn.json", "schemas/warn.json");
    assert_eq!(
        p.run(&["check", "schemas", "--write-baseline", "baseline.json"])
            .code,
        0
    );
    p.fixture("clean.json", "schemas/person.json");
    let r = p.run(&[
        "check",
        "schemas",
        "--baseline",
        "baseline.json",
        "--output",
        "sarif=out.sarif",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(r.code, 1, "stale entries are warnings: {}", r.stderr);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.path().join("out.sarif")).unwrap())
            .unwrap();
    let run = &sarif["runs"][0];
    let rule = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "baseline/stale-entry")
        .expect("the stale-entry rule is described");
    assert!(rule["shortDescription"]["text"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results.iter().all(|r| {
        r["ruleId"] == "baseline/stale-entry"
            && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "baseline.json"
            && r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64() >= Some(3)
    }));

    assert_valid_for_github(&exe, p.path(), "out.sarif");
}

/// Runs the multitool's `validate` with GitHub's rules on `dir/file`; fails on its errors
/// and warnings.
fn assert_valid_for_github(exe: &Path, dir: &Path, file: &str) {
    let log = dir.join(format!("{file}.validation.sarif"));
    let _ = std::fs::remove_file(&log);
    let out = Command::new(exe)
        .current_dir(dir)
        .args(["validate", "--rule-kind", "Sarif;Gh", "--output"])
        .arg(&log)
        .arg(file)
        .output()
        .expect("the multitool runs");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&log).expect("a validation log")).unwrap();
    let problems: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| matches!(r["level"].as_str(), Some("error" | "warning") | None))
        .map(|r| format!("{} {}", r["ruleId"], r["message"]))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}
