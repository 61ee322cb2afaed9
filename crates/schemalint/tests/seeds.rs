//! The example schemas of seed 002 (OpenAI's Structured Outputs guide), kept under
//! `fixtures/seeds/openai/` as written: each lints clean against `openai`, and the guide's
//! invalid example (a Zod discriminated union at the root) is flagged.

use std::path::{Path, PathBuf};

use schemalint::check::envelope::{detect, Surface};
use schemalint::check::{self, source, Profile};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds/openai")
}

fn check_file(relative: &str) -> schemalint::FileReport {
    let bytes = std::fs::read(seeds_dir().join(relative)).unwrap();
    check::check_bytes(
        &format!("fixtures/seeds/openai/{relative}"),
        &bytes,
        Profile::builtin("openai").unwrap(),
    )
}

/// Every seed example with the wrapper it is written in.
const SEEDS: &[(&str, Surface, &str)] = &[
    (
        "math_reasoning.json",
        Surface::ResponsesTextFormat,
        "/schema",
    ),
    (
        "research_paper_extraction.json",
        Surface::ResponsesTextFormat,
        "/schema",
    ),
    (
        "ui_text_format.json",
        Surface::ResponsesTextFormat,
        "/schema",
    ),
    (
        "content_compliance.json",
        Surface::ResponsesTextFormat,
        "/schema",
    ),
    (
        "math_response.json",
        Surface::ResponsesTextFormat,
        "/schema",
    ),
    ("user_data.json", Surface::JsonSchemaObject, "/schema"),
    ("weather_data.json", Surface::JsonSchemaObject, "/schema"),
    (
        "get_weather_function.json",
        Surface::FunctionDefinition,
        "/parameters",
    ),
    (
        "get_weather_nullable_unit.json",
        Surface::FunctionDefinition,
        "/parameters",
    ),
    (
        "get_weather_json_schema.json",
        Surface::JsonSchemaObject,
        "/schema",
    ),
    ("anyof_item.json", Surface::BareSchema, ""),
    ("defs_steps.json", Surface::BareSchema, ""),
    ("ui_recursive.json", Surface::JsonSchemaObject, "/schema"),
    ("linked_list.json", Surface::BareSchema, ""),
];

#[test]
fn every_seed_file_is_listed_here_and_in_the_readme() {
    let readme = std::fs::read_to_string(seeds_dir().join("README.md")).unwrap();
    let mut on_disk: Vec<String> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = SEEDS.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    for name in listed
        .iter()
        .map(String::as_str)
        .chain(["invalid/discriminated_union.json"])
    {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README.md has no row for {name}"
        );
    }
}

#[test]
fn every_valid_seed_example_lints_clean() {
    let mut failures = Vec::new();
    for (name, _, _) in SEEDS {
        let report = check_file(name);
        for d in &report.diagnostics {
            failures.push(format!(
                "{name}: {}[{}] {} at {}",
                d.severity, d.rule, d.message, d.pointer
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn seed_wrappers_are_detected() {
    for (name, surface, pointer) in SEEDS {
        let text = std::fs::read_to_string(seeds_dir().join(name)).unwrap();
        let doc = source::parse(name, &text).unwrap_or_else(|(_, e)| panic!("{name}: {e:?}"));
        let targets = detect(&doc.root);
        assert_eq!(targets.len(), 1, "{name}");
        assert_eq!(targets[0].surface, *surface, "{name}");
        assert_eq!(
            targets[0].schema.as_ref().map(|p| p.as_str()),
            Some(*pointer),
            "{name}"
        );
    }
}

#[test]
fn seed_discriminated_union_at_the_root_is_flagged() {
    let report = check_file("invalid/discriminated_union.json");
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (&*d.rule, d.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [("strict/root-combinator", "/json_schema/schema/anyOf")]
    );
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, schemalint::Severity::Error);
    assert_eq!(
        d.message,
        "`anyOf` at the root of the schema; the root must be a plain object schema"
    );
    let provider = d.provider_message.as_deref().unwrap_or_default();
    assert!(
        provider.starts_with("Invalid schema for response_format 'final_schema': "),
        "{provider}"
    );
    // Line 7, column 7: the `"anyOf"` key.
    let range = d.range(report.source.as_ref()).unwrap();
    assert_eq!((range.start.line, range.start.column), (7, 7));
}
