//! Runs every `optional/format/*.json` file of the JSON-Schema-Test-Suite (draft 2020-12)
//! through `format::check`, prints per-file pass counts, and fails on any failure that is not
//! in `format_expected_failures.txt` — and on any listed entry that now passes (stale).

mod common;

use schemalint_formats::format;
use std::collections::BTreeMap;

/// `file | case description | test description | reason` lines; `#` starts a comment.
fn expected_failures() -> BTreeMap<(String, String, String), String> {
    let text = include_str!("format_expected_failures.txt");
    let mut map = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let [file, case, test, reason] = fields[..] else {
            panic!(
                "format_expected_failures.txt:{}: expected 4 fields separated by ' | '",
                number + 1
            );
        };
        assert!(
            !reason.is_empty(),
            "format_expected_failures.txt:{}: a reason is required",
            number + 1
        );
        map.insert(
            (file.to_owned(), case.to_owned(), test.to_owned()),
            reason.to_owned(),
        );
    }
    map
}

#[test]
fn json_schema_test_suite_optional_format() {
    let Some(dir) = common::draft2020_dir() else {
        return;
    };
    let mut expected = expected_failures();
    let mut unexpected = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir.join("optional/format"))
        .expect("optional/format is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the suite's ~21 format files, found {}",
        files.len()
    );
    let (mut all_checked, mut all_passed) = (0, 0);
    for path in &files {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        let (mut checked, mut passed, mut non_strings) = (0, 0, 0);
        for case in common::load(path) {
            let case_description = case["description"].as_str().unwrap_or("?").to_owned();
            let Some(name) = case["schema"]["format"].as_str() else {
                panic!("{file}: case {case_description:?} has no string 'format'");
            };
            for (description, data, valid) in common::tests(&case) {
                let Some(value) = data.as_str() else {
                    // Formats ignore non-strings; that is the validator's job, not ours.
                    non_strings += 1;
                    continue;
                };
                checked += 1;
                // Unknown formats are annotations only: every string is valid.
                let ours = format::check(name, value).unwrap_or(true);
                let key = (
                    file.clone(),
                    case_description.clone(),
                    description.to_owned(),
                );
                let listed = expected.remove(&key).is_some();
                match (ours == valid, listed) {
                    (true, false) => passed += 1,
                    (false, true) => {}
                    (false, false) => unexpected.push(format!(
                        "{file} | {case_description} | {description}: expected {valid}, got {ours} for {value:?}"
                    )),
                    (true, true) => unexpected.push(format!(
                        "{file} | {case_description} | {description}: listed as an expected failure but passes; remove it"
                    )),
                }
            }
        }
        println!("{file}: {passed}/{checked} strings passed ({non_strings} non-string tests not applicable)");
        all_checked += checked;
        all_passed += passed;
    }
    println!("total: {all_passed}/{all_checked}");
    for (file, case, test) in expected.keys() {
        unexpected.push(format!(
            "{file} | {case} | {test}: listed as an expected failure but not found in the suite"
        ));
    }
    assert!(
        unexpected.is_empty(),
        "{} problem(s):\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
