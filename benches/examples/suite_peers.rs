//! The JSON-Schema-Test-Suite table of BENCHMARKS.md: schemalint-validate, `jsonschema` 0.60
//! and `boon` 0.6 run over the same files by the same runner, counted per draft and group.
//!
//! Run: `cargo run --release -p schemalint-benches --example suite_peers`
//!
//! Every contender gets the same setup: the draft of the directory as the default (a
//! `$schema` still wins), `remotes/` served under `http://localhost:1234/`, nothing else
//! fetched, and `format` asserted in `optional/format` only (boon asserts it in drafts 4–7
//! anyway: it cannot be turned off). A test passes when the verdict is right (for
//! schemalint-validate, from both the `Value` and the byte path); a schema a contender
//! cannot compile, or a panic, fails all of that schema's tests.

#[path = "../../crates/schemalint-validate/tests/suite_cases/mod.rs"]
mod suite_cases;

use serde_json::Value;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;
use suite_cases::{Group, Tally};

/// A compiled schema as a peer runs it: instance text in, verdict out.
type InstanceCheck = Box<dyn Fn(&str) -> bool>;

type Remotes = Arc<HashMap<String, Value>>;

/// Compiles a schema for one draft; the returned closure judges an instance's raw JSON text.
type Contender = fn(&str, &Value, bool, &Remotes) -> Option<InstanceCheck>;

fn ours(draft: &str, schema: &Value, formats: bool, remotes: &Remotes) -> Option<InstanceCheck> {
    use schemalint_validate::Draft;
    let draft = match draft {
        "draft2020-12" => Draft::Draft202012,
        "draft2019-09" => Draft::Draft201909,
        "draft7" => Draft::Draft7,
        "draft6" => Draft::Draft6,
        _ => Draft::Draft4,
    };
    let remotes = remotes.clone();
    let v = schemalint_validate::Validator::options()
        .default_draft(draft)
        .assert_formats(formats)
        .with_retriever(move |uri| remotes.get(uri).cloned())
        .build(schema)
        .ok()?;
    Some(Box::new(move |raw| {
        let value: Value = serde_json::from_str(raw).expect("suite data is JSON");
        let by_value = v.is_valid(&value);
        // Both paths must agree; a disagreement counts as a failure.
        if by_value == v.is_valid_slice(raw.as_bytes()) {
            by_value
        } else {
            !by_value
        }
    }))
}

struct SuiteRemotes(Remotes);

impl jsonschema::Retrieve for SuiteRemotes {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0
            .get(uri.as_str())
            .cloned()
            .ok_or_else(|| format!("not served: {uri}").into())
    }
}

fn jsonschema_rs(
    draft: &str,
    schema: &Value,
    formats: bool,
    remotes: &Remotes,
) -> Option<InstanceCheck> {
    use jsonschema::Draft;
    let draft = match draft {
        "draft2020-12" => Draft::Draft202012,
        "draft2019-09" => Draft::Draft201909,
        "draft7" => Draft::Draft7,
        "draft6" => Draft::Draft6,
        _ => Draft::Draft4,
    };
    let v = jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(formats)
        .with_retriever(SuiteRemotes(remotes.clone()))
        .build(schema)
        .ok()?;
    Some(Box::new(move |raw| {
        v.is_valid(&serde_json::from_str::<Value>(raw).expect("suite data is JSON"))
    }))
}

struct BoonRemotes(Remotes);

impl boon::UrlLoader for BoonRemotes {
    fn load(&self, url: &str) -> Result<Value, Box<dyn std::error::Error>> {
        self.0
            .get(url)
            .cloned()
            .ok_or_else(|| format!("not served: {url}").into())
    }
}

fn boon(draft: &str, schema: &Value, formats: bool, remotes: &Remotes) -> Option<InstanceCheck> {
    use boon::Draft;
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(match draft {
        "draft2020-12" => Draft::V2020_12,
        "draft2019-09" => Draft::V2019_09,
        "draft7" => Draft::V7,
        "draft6" => Draft::V6,
        _ => Draft::V4,
    });
    if formats {
        compiler.enable_format_assertions();
    }
    let mut loader = boon::SchemeUrlLoader::new();
    loader.register("http", Box::new(BoonRemotes(remotes.clone())));
    compiler.use_loader(Box::new(loader));
    let mut schemas = boon::Schemas::new();
    compiler
        .add_resource("http://suite.test/schema.json", schema.clone())
        .ok()?;
    let index = compiler
        .compile("http://suite.test/schema.json", &mut schemas)
        .ok()?;
    Some(Box::new(move |raw| {
        let value: Value = serde_json::from_str(raw).expect("suite data is JSON");
        schemas.validate(&value, index).is_ok()
    }))
}

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = suite_cases::suite_dir(&workspace)
        .expect("the JSON-Schema-Test-Suite: ../shared/fixtures/json-schema-test-suite or JSON_SCHEMA_TEST_SUITE");
    let remotes: Remotes = Arc::new(suite_cases::load_remotes(&root));
    let contenders: [(&str, Contender); 3] = [
        ("schemalint-validate", ours),
        ("jsonschema 0.60.2", jsonschema_rs),
        ("boon 0.6.1", boon),
    ];
    let mut tallies: Vec<Tally> = contenders.iter().map(|_| Tally::default()).collect();
    // Peers' failing tests, to explain the table.
    let mut failed: Vec<Vec<String>> = contenders.iter().map(|_| Vec::new()).collect();
    for &draft in suite_cases::DRAFTS {
        let Some(files) = suite_cases::draft_files(&root, draft) else {
            continue;
        };
        for file in &files {
            let formats = file.group == Group::Format;
            for case in &file.cases {
                for (i, (_, compile)) in contenders.iter().enumerate() {
                    let judge = catch_unwind(AssertUnwindSafe(|| {
                        compile(draft, &case.schema, formats, &remotes)
                    }))
                    .ok()
                    .flatten();
                    for test in &case.tests {
                        let passed = judge.as_ref().is_some_and(|judge| {
                            catch_unwind(AssertUnwindSafe(|| judge(test.data.get())))
                                .is_ok_and(|verdict| verdict == test.valid)
                        });
                        tallies[i].record(draft, file.group, passed);
                        if !passed {
                            failed[i].push(suite_cases::test_id(draft, file, case, test));
                        }
                    }
                }
            }
        }
    }
    let columns: Vec<(&str, &Tally)> = contenders
        .iter()
        .zip(&tallies)
        .map(|((name, _), t)| (*name, t))
        .collect();
    println!("{}", Tally::table(&columns));
    if std::env::args().any(|a| a == "--list") {
        for ((name, _), ids) in contenders.iter().zip(&failed) {
            println!("\n## {name}: {} failing", ids.len());
            for id in ids {
                println!("- {id}");
            }
        }
    }
}
