//! The official JSON-Schema-Test-Suite, run through both the `Value` path and
//! the byte path.
//!
//! The suite lives at `../shared/fixtures/json-schema-test-suite` (relative to
//! the repository root) or wherever `JSON_SCHEMA_TEST_SUITE` points. Every
//! draft directory present is run; `remotes/` is served from disk under
//! `http://localhost:1234/`. A case fails when either path gives the wrong
//! verdict or when the two paths report different errors. Known failures are
//! listed with a reason in `tests/expected-failures.txt`; the test fails when
//! an unlisted case fails or a listed case passes.

use schemalint_validate::{Draft, ValidationError, Validator};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Deserialize)]
struct Case {
    description: String,
    schema: Value,
    tests: Vec<Test>,
}

#[derive(Deserialize)]
struct Test {
    description: String,
    data: Box<RawValue>,
    valid: bool,
}

const DRAFTS: &[(&str, Draft)] = &[
    ("draft2020-12", Draft::Draft202012),
    ("draft2019-09", Draft::Draft201909),
    ("draft7", Draft::Draft7),
    ("draft6", Draft::Draft6),
    ("draft4", Draft::Draft4),
];

fn suite_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("JSON_SCHEMA_TEST_SUITE") {
        return Some(PathBuf::from(p));
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let p = manifest.join("../../../shared/fixtures/json-schema-test-suite");
    p.is_dir().then_some(p)
}

fn load_remotes(root: &Path) -> HashMap<String, Value> {
    fn walk(dir: &Path, prefix: &str, out: &mut HashMap<String, Value>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                walk(&p, &format!("{prefix}{name}/"), out);
            } else if name.ends_with(".json") {
                let text = std::fs::read_to_string(&p).expect("read remote");
                let v: Value = serde_json::from_str(&text).expect("remote is JSON");
                out.insert(format!("http://localhost:1234/{prefix}{name}"), v);
            }
        }
    }
    let mut out = HashMap::new();
    walk(&root.join("remotes"), "", &mut out);
    out
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|it| {
            it.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn simplify(errors: &[ValidationError]) -> Vec<(String, String, String, String)> {
    errors
        .iter()
        .map(|e| {
            (
                e.instance_pointer.clone(),
                e.schema_pointer.clone(),
                e.keyword.to_owned(),
                e.message.clone(),
            )
        })
        .collect()
}

/// Runs one test through all four entry points; `Err` says what went wrong.
fn run_test(v: &Validator, test: &Test) -> Result<(), String> {
    let raw = test.data.get();
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("test data: {e}"))?;
    let by_value = v.is_valid(&value);
    let by_bytes = v.is_valid_slice(raw.as_bytes());
    let all_value = v.validate(&value);
    let all_bytes = v.validate_slice(raw.as_bytes());
    if by_value != test.valid {
        return Err(format!("is_valid gave {by_value}"));
    }
    if by_bytes != test.valid {
        return Err(format!(
            "is_valid_slice gave {by_bytes}: {:?}",
            all_bytes.err()
        ));
    }
    if all_value.is_ok() != test.valid {
        return Err(format!("validate gave {:?}", all_value));
    }
    match (&all_value, &all_bytes) {
        (Ok(()), Ok(())) => {}
        (Err(a), Err(b)) => {
            if a.is_empty() {
                return Err("validate returned no errors for an invalid instance".to_owned());
            }
            // The raw text may hold numbers a `Value` cannot (bignums), so only
            // locations and keywords must agree with the raw bytes...
            let locations = |e: &[ValidationError]| {
                e.iter()
                    .map(|e| {
                        (
                            e.instance_pointer.clone(),
                            e.schema_pointer.clone(),
                            e.keyword,
                        )
                    })
                    .collect::<Vec<_>>()
            };
            if locations(a) != locations(b) {
                return Err(format!(
                    "paths disagree:\n  value: {:?}\n  bytes: {:?}",
                    simplify(a),
                    simplify(b)
                ));
            }
        }
        _ => return Err(format!("validate_slice disagrees: {:?}", all_bytes)),
    }
    // Every byte range covers exactly the value at the error's pointer.
    for e in all_bytes.as_ref().err().into_iter().flatten() {
        let range = e
            .range
            .clone()
            .ok_or_else(|| format!("no byte range: {e:?}"))?;
        let covered: Value = serde_json::from_slice(&raw.as_bytes()[range.clone()])
            .map_err(|err| format!("range {range:?} of {e:?} is not one value: {err}"))?;
        if value.pointer(&e.instance_pointer) != Some(&covered) {
            return Err(format!(
                "range {range:?} does not cover {:?}",
                e.instance_pointer
            ));
        }
    }
    // ...while the same `Value` written out must give exactly the same errors.
    let reserialized = serde_json::to_vec(&value).map_err(|e| e.to_string())?;
    let same_value = v.validate_slice(&reserialized);
    match (&all_value, &same_value) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(a), Err(b)) if simplify(a) == simplify(b) => Ok(()),
        _ => Err(format!(
            "paths disagree on the re-serialized value:\n  value: {:?}\n  bytes: {:?}",
            all_value.as_ref().err().map(|e| simplify(e)),
            same_value.as_ref().err().map(|e| simplify(e))
        )),
    }
}

fn load_expected_failures() -> BTreeMap<String, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/expected-failures.txt");
    let text = std::fs::read_to_string(&path).expect("tests/expected-failures.txt");
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line
            .rsplit_once(" | ")
            .expect("`<case id> | <reason>` per line");
        assert!(
            !reason.trim().is_empty(),
            "expected failure without a reason: {id}"
        );
        out.insert(id.trim().to_owned(), reason.trim().to_owned());
    }
    out
}

#[test]
fn json_schema_test_suite() {
    let Some(root) = suite_dir() else {
        if std::env::var("SCHEMALINT_ALLOW_MISSING_SHARED").as_deref() == Ok("1") {
            eprintln!("\n!!!!!!!! SKIPPED: JSON-Schema-Test-Suite not found (SCHEMALINT_ALLOW_MISSING_SHARED=1) !!!!!!!!\n");
            return;
        }
        panic!(
            "the official JSON-Schema-Test-Suite (github.com/json-schema-org/JSON-Schema-Test-Suite) \
             was not found: place it at ../shared/fixtures/json-schema-test-suite (next to the repository) \
             or point JSON_SCHEMA_TEST_SUITE at a checkout; set SCHEMALINT_ALLOW_MISSING_SHARED=1 to skip"
        );
    };
    let remotes = Arc::new(load_remotes(&root));
    let expected = load_expected_failures();
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let mut per_draft: Vec<(String, usize, usize)> = Vec::new();
    let mut ran_any = false;
    for &(dir, draft) in DRAFTS {
        let base = root.join("tests").join(dir);
        if !base.is_dir() {
            eprintln!("{dir}: not present in the suite copy, skipped");
            continue;
        }
        ran_any = true;
        let (mut d_pass, mut d_total) = (0, 0);
        let groups = [
            (base.clone(), "", false),
            (base.join("optional"), "optional/", false),
            (base.join("optional/format"), "optional/format/", true),
        ];
        for (gdir, gprefix, formats) in groups {
            for file in json_files(&gdir) {
                let fname = format!("{gprefix}{}", file.file_name().unwrap().to_string_lossy());
                let text = std::fs::read_to_string(&file).unwrap();
                let cases: Vec<Case> =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{fname}: {e}"));
                let (mut pass, mut total) = (0, 0);
                for case in &cases {
                    let remotes = remotes.clone();
                    let built = std::panic::catch_unwind(|| {
                        Validator::options()
                            .default_draft(draft)
                            .assert_formats(formats)
                            .with_retriever(move |uri| remotes.get(uri).cloned())
                            .build(&case.schema)
                    });
                    for test in &case.tests {
                        total += 1;
                        let id = format!(
                            "{dir}/{fname} :: {} :: {}",
                            case.description, test.description
                        );
                        let outcome = match &built {
                            Err(_) => Err("panicked while compiling".to_owned()),
                            Ok(Err(e)) => Err(format!("compile error: {e}")),
                            Ok(Ok(v)) => std::panic::catch_unwind(|| run_test(v, test))
                                .unwrap_or_else(|_| Err("panicked while validating".to_owned())),
                        };
                        match outcome {
                            Ok(()) => pass += 1,
                            Err(why) => {
                                failures.insert(id, why);
                            }
                        }
                    }
                }
                println!("{dir}/{fname}: {pass}/{total}");
                d_pass += pass;
                d_total += total;
            }
        }
        per_draft.push((dir.to_owned(), d_pass, d_total));
    }
    assert!(
        ran_any,
        "no draft directory found under {}",
        root.join("tests").display()
    );
    for (dir, pass, total) in &per_draft {
        println!("== {dir}: {pass}/{total} tests pass");
    }
    let unexpected: Vec<_> = failures
        .iter()
        .filter(|(id, _)| !expected.contains_key(*id))
        .collect();
    let present_drafts: Vec<&str> = per_draft.iter().map(|(d, _, _)| d.as_str()).collect();
    let fixed: Vec<_> = expected
        .keys()
        .filter(|id| {
            present_drafts
                .iter()
                .any(|d| id.starts_with(&format!("{d}/")))
        })
        .filter(|id| !failures.contains_key(*id))
        .collect();
    println!(
        "expected failures: {} listed, {} observed",
        expected.len(),
        failures.len() - unexpected.len()
    );
    for (id, why) in &unexpected {
        println!("UNEXPECTED FAILURE: {id}\n    {why}");
    }
    for id in &fixed {
        println!("LISTED BUT PASSES (remove it from tests/expected-failures.txt): {id}");
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{} unexpected failures, {} listed failures now pass",
        unexpected.len(),
        fixed.len()
    );
}
