//! Locating and reading the official JSON-Schema-Test-Suite for the data-driven tests.

use std::path::{Path, PathBuf};

/// The draft 2020-12 test directory, or `None` (after a loud notice) when the suite is missing
/// and `SCHEMALINT_ALLOW_MISSING_SHARED=1`. Panics with instructions otherwise.
pub fn draft2020_dir() -> Option<PathBuf> {
    let root = std::env::var_os("JSON_SCHEMA_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/fixtures/json-schema-test-suite")
        });
    let dir = root.join("tests/draft2020-12");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("SCHEMALINT_ALLOW_MISSING_SHARED").as_deref() == Ok("1") {
        eprintln!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             !!! SKIPPED: JSON-Schema-Test-Suite not found at {}\n\
             !!! (SCHEMALINT_ALLOW_MISSING_SHARED=1). These suite checks did NOT run.\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
            dir.display()
        );
        return None;
    }
    panic!(
        "JSON-Schema-Test-Suite not found at {}.\n\
         Put the official suite (https://github.com/json-schema-org/JSON-Schema-Test-Suite) at \
         ../shared/fixtures/json-schema-test-suite next to the repository, or point the \
         JSON_SCHEMA_TEST_SUITE environment variable at a checkout. To skip these tests \
         deliberately, set SCHEMALINT_ALLOW_MISSING_SHARED=1.",
        dir.display()
    );
}

/// One test case file: `[{description, schema, tests: [{description, data, valid}]}]`.
pub fn load(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(serde_json::Value::Array(cases)) => cases,
        _ => panic!("{} is not a JSON array of test cases", path.display()),
    }
}

/// `(case description, test description, data, valid)` for every test in `cases`.
pub fn tests(
    case: &serde_json::Value,
) -> impl Iterator<Item = (&str, &serde_json::Value, bool)> + '_ {
    case["tests"].as_array().into_iter().flatten().map(|test| {
        (
            test["description"].as_str().unwrap_or("?"),
            &test["data"],
            test["valid"]
                .as_bool()
                .unwrap_or_else(|| panic!("test without a boolean 'valid': {test}")),
        )
    })
}
