//! The official JSON-Schema-Test-Suite, run through both the `Value` path and
//! the byte path.
//!
//! Every draft directory present in the checkout (`suite_cases::suite_dir`) is
//! run. A test fails when either path gives the wrong verdict or when the two
//! paths report different errors. Results are counted per draft and per group
//! (required, optional, optional/format) and printed as a table. Known failures
//! are listed per draft with a reason in `tests/expected-failures/<draft>.txt`;
//! the run fails when an unlisted test fails, when a listed test passes, or
//! when a listed test is required or in `optional/format` (the targets there
//! are 100 %).

mod suite_cases;

use schemalint_validate::{Draft, ValidationError, Validator};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use suite_cases::{Group, Tally, Test};

fn draft_of(dir: &str) -> Draft {
    match dir {
        "draft2020-12" => Draft::Draft202012,
        "draft2019-09" => Draft::Draft201909,
        "draft7" => Draft::Draft7,
        "draft6" => Draft::Draft6,
        "draft4" => Draft::Draft4,
        other => panic!("unknown draft directory {other}"),
    }
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
fn run_test(v: &Validator, general: &Validator, test: &Test) -> Result<(), String> {
    let raw = test.data.get();
    // The byte path's fast plans against its general path: exactly the same result.
    let general_bytes = general.validate_slice(raw.as_bytes());
    if general_bytes != v.validate_slice(raw.as_bytes())
        || general.is_valid_slice(raw.as_bytes()) != v.is_valid_slice(raw.as_bytes())
    {
        return Err(format!(
            "fast plans and the general byte path disagree: general {general_bytes:?}, fast {:?}",
            v.validate_slice(raw.as_bytes())
        ));
    }
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

/// `<draft>/<file> :: <case> :: <test>` → reason, from every `tests/expected-failures/<draft>.txt`.
fn load_expected_failures() -> BTreeMap<String, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/expected-failures");
    let mut out = BTreeMap::new();
    for draft in suite_cases::DRAFTS {
        let path = dir.join(format!("{draft}.txt"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (id, reason) = line.rsplit_once(" | ").unwrap_or_else(|| {
                panic!(
                    "{}: `<file> :: <case> :: <test> | <reason>` per line",
                    path.display()
                )
            });
            assert!(
                !reason.trim().is_empty(),
                "expected failure without a reason: {draft}/{id}"
            );
            out.insert(format!("{draft}/{}", id.trim()), reason.trim().to_owned());
        }
    }
    out
}

#[test]
fn json_schema_test_suite() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let Some(root) = suite_cases::suite_dir(&workspace) else {
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
    let remotes = Arc::new(suite_cases::load_remotes(&root));
    let expected = load_expected_failures();
    let mut failures: BTreeMap<String, (Group, String)> = BTreeMap::new();
    let mut tally = Tally::default();
    let mut present_drafts = Vec::new();
    for &dir in suite_cases::DRAFTS {
        let Some(files) = suite_cases::draft_files(&root, dir) else {
            eprintln!("{dir}: not present in the suite copy, skipped");
            continue;
        };
        present_drafts.push(dir);
        let draft = draft_of(dir);
        for file in &files {
            let (mut pass, mut total) = (0, 0);
            for case in &file.cases {
                let remotes = remotes.clone();
                let options = Validator::options()
                    .default_draft(draft)
                    .assert_formats(file.group == Group::Format)
                    .with_retriever(move |uri| remotes.get(uri).cloned());
                let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let fast = options.build(&case.schema)?;
                    let general = options.clone().fast_paths(false).build(&case.schema)?;
                    Ok::<_, schemalint_validate::CompileError>((fast, general))
                }));
                for test in &case.tests {
                    let outcome = match &built {
                        Err(_) => Err("panicked while compiling".to_owned()),
                        Ok(Err(e)) => Err(format!("compile error: {e}")),
                        Ok(Ok((v, general))) => {
                            std::panic::catch_unwind(|| run_test(v, general, test))
                                .unwrap_or_else(|_| Err("panicked while validating".to_owned()))
                        }
                    };
                    total += 1;
                    tally.record(dir, file.group, outcome.is_ok());
                    match outcome {
                        Ok(()) => pass += 1,
                        Err(why) => {
                            let id = suite_cases::test_id(dir, file, case, test);
                            failures.insert(id, (file.group, why));
                        }
                    }
                }
            }
            println!("{dir}/{}: {pass}/{total}", file.name);
        }
    }
    assert!(
        !present_drafts.is_empty(),
        "no draft directory found under {}",
        root.join("tests").display()
    );
    println!("\n{}", Tally::table(&[("schemalint-validate", &tally)]));
    let unexpected: Vec<_> = failures
        .iter()
        .filter(|(id, _)| !expected.contains_key(*id))
        .collect();
    let fixed: Vec<_> = expected
        .keys()
        .filter(|id| {
            present_drafts
                .iter()
                .any(|d| id.starts_with(&format!("{d}/")))
        })
        .filter(|id| !failures.contains_key(*id))
        .collect();
    // The targets: nothing required or in optional/format may be excused.
    let excused_required: Vec<_> = failures
        .iter()
        .filter(|(id, (group, _))| expected.contains_key(*id) && *group != Group::Optional)
        .collect();
    println!(
        "expected failures: {} listed, {} observed",
        expected.len(),
        failures.len() - unexpected.len()
    );
    for (id, (_, why)) in &unexpected {
        println!("UNEXPECTED FAILURE: {id}\n    {why}");
    }
    for id in &fixed {
        println!("LISTED BUT PASSES (remove it from tests/expected-failures/): {id}");
    }
    for (id, (group, _)) in &excused_required {
        println!(
            "LISTED BUT {} (must pass, not be listed): {id}",
            group.label()
        );
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty() && excused_required.is_empty(),
        "{} unexpected failures, {} listed failures now pass, {} listed failures are required or optional/format",
        unexpected.len(),
        fixed.len(),
        excused_required.len()
    );
}
