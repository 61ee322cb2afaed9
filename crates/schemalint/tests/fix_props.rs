//! Properties of `--fix --unsafe-fixes`, on generated schemas and on every fixture:
//! (a) the result parses, (b) no finding that has a fix is left, (c) fixing again changes
//! nothing; and (d) for safe fixes only, generated instances get the same validator
//! verdict before and after.
//!
//! (d) runs on closed schemas (`"additionalProperties": false` on every object already):
//! adding it is safe by strict mode's definition — the provider never emits a key that
//! is not declared — but a plain validator would see the difference on such keys.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use schemalint::check::{self, Profile};
use schemalint::{Applicability, Validator};
use serde_json::{json, Map, Value};

const PROFILES: [&str; 3] = ["openai", "gemini", "anthropic"];

/// Rules whose findings in the generated schemas always have a fix.
const ALWAYS_FIXED: [&str; 7] = [
    "strict/additional-properties",
    "strict/required",
    "keyword/default-value",
    "keyword/unsupported-format",
    "keyword/enum-type-union",
    "ref/siblings",
    "strict/missing-type",
];

/// Subschemas in the shapes Pydantic, Zod and hand edits produce, each hitting a fix.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer", "minimum": 0})),
        Just(json!({"type": "boolean", "title": "Flag"})),
        Just(json!({"enum": ["x", "y"]})),
        Just(json!({"enum": [1, 2.5]})),
        Just(json!({"const": "cat"})),
        Just(json!({"type": ["string", "null"], "enum": ["x", "y", null]})),
        Just(json!({"type": ["integer", "string"], "enum": [1, "x"]})),
        Just(json!({"type": "string", "minLength": 1, "maxLength": 3})),
        Just(json!({"type": "string", "format": "uri", "description": "a link"})),
        Just(json!({"type": "integer", "default": 3})),
        Just(json!({"type": "string", "pattern": "^[a-z]+$"})),
        Just(json!({"type": "array", "items": {"type": "integer"}, "uniqueItems": true})),
        Just(json!({"$ref": "#/$defs/Name", "description": "a name"})),
        Just(json!({"allOf": [{"$ref": "#/$defs/Name"}], "title": "Named"})),
        Just(json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})),
        Just(json!({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 2}]})),
        Just(json!({"anyOf": [{"type": "string"}, {"type": "null"}], "default": null})),
    ]
}

const NAMES: [&str; 4] = ["a", "b", "kind", "c"];

/// An object schema over `inner` subschemas; `closed` puts `"additionalProperties": false`.
fn object(inner: BoxedStrategy<Value>, closed: bool) -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(inner, 1..4),
        proptest::collection::vec(any::<bool>(), 4),
        any::<bool>(),
    )
        .prop_map(move |(schemas, required, open)| {
            let mut properties = Map::new();
            for (name, schema) in NAMES.iter().zip(schemas) {
                properties.insert(name.to_string(), schema);
            }
            let required: Vec<&str> = properties
                .keys()
                .zip(&required)
                .filter(|(_, r)| **r)
                .map(|(k, _)| NAMES.iter().copied().find(|n| n == k).unwrap())
                .collect();
            let mut schema =
                json!({"type": "object", "properties": properties, "required": required});
            if closed {
                schema["additionalProperties"] = json!(false);
            } else if open {
                schema["additionalProperties"] = json!(true);
            }
            schema
        })
}

/// A whole schema: an object root with a `Name` definition the `$ref`s point at.
fn schema(closed: bool) -> impl Strategy<Value = Value> {
    let tree = leaf().prop_recursive(3, 24, 4, move |inner| {
        let inner = inner.boxed();
        prop_oneof![
            object(inner.clone(), closed).boxed(),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items}))
                .boxed(),
            // A discriminated union, as Pydantic and Zod write it.
            (object(inner.clone(), closed), object(inner, closed))
                .prop_map(|(mut a, mut b)| {
                    a["properties"]["kind"] = json!({"const": "a"});
                    b["properties"]["kind"] = json!({"const": "b"});
                    for branch in [&mut a, &mut b] {
                        branch["required"] = json!(["kind"]);
                    }
                    json!({"oneOf": [a, b]})
                })
                .boxed(),
        ]
    });
    (object(tree.boxed(), closed), any::<bool>()).prop_map(|(mut root, compact)| {
        root["$defs"] = json!({"Name": {"type": "string", "description": "d"}});
        if compact {
            root["title"] = json!("compact");
        }
        root
    })
}

fn text_of(schema: &Value) -> String {
    // Both layouts users write: pretty (Pydantic's dumps) and one line.
    if schema.get("title").is_some() {
        serde_json::to_string(schema).unwrap()
    } else {
        serde_json::to_string_pretty(schema).unwrap()
    }
}

/// Checks (a)–(c) for `text` under `profile`; returns the fixed text.
fn fixed_well(name: &str, text: &str, profile: &str, parsed_before: bool) -> String {
    let profile_data = Profile::builtin(profile).unwrap();
    let fixed = check::fix_str(name, text, profile_data, Applicability::Unsafe);
    if parsed_before {
        serde_json::from_str::<Value>(&fixed.text).unwrap_or_else(|e| {
            panic!(
                "{name} ({profile}): not JSON after fixing: {e}\n{}",
                fixed.text
            )
        });
    }
    let left: Vec<String> = fixed
        .remaining
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| format!("{} at {}", d.rule, d.pointer))
        .collect();
    assert!(
        left.is_empty(),
        "{name} ({profile}): fixable findings left: {left:?}\n{}",
        fixed.text
    );
    let again = check::fix_str(name, &fixed.text, profile_data, Applicability::Unsafe);
    assert_eq!(again.text, fixed.text, "{name} ({profile}): not idempotent");
    assert!(
        again.applied.is_empty(),
        "{name} ({profile}): {:?}",
        again.applied
    );
    fixed.text
}

/// Instances over the schemas' vocabulary: their property names and enum/const values.
fn instance() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-2i64..4).prop_map(|n| json!(n)),
        Just(json!(2.5)),
        prop::sample::select(vec!["x", "y", "cat", "a", "b", "", "ab", "abcd", "Ab1"])
            .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map(prop::sample::select(NAMES.to_vec()), inner, 0..4)
                .prop_map(|m| Value::Object(
                    m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_schemas_fix_cleanly(schema in schema(false)) {
        let text = text_of(&schema);
        for profile in PROFILES {
            let fixed = fixed_well("generated.json", &text, profile, true);
            let report = check::check_str("generated.json", &fixed, Profile::builtin(profile).unwrap());
            let left: Vec<&str> = report
                .diagnostics
                .iter()
                .map(|d| &*d.rule)
                .filter(|r| ALWAYS_FIXED.contains(r))
                .collect();
            prop_assert!(left.is_empty(), "{profile}: {left:?} left in\n{fixed}");
        }
    }

    #[test]
    fn safe_fixes_keep_every_verdict(
        schema in schema(true),
        instances in proptest::collection::vec(instance(), 24),
    ) {
        let text = text_of(&schema);
        let before = Validator::new(&schema).expect("generated schemas compile");
        for profile in PROFILES {
            let fixed = check::fix_str("generated.json", &text, Profile::builtin(profile).unwrap(), Applicability::Safe);
            let value: Value = serde_json::from_str(&fixed.text).unwrap();
            let after = Validator::new(&value).expect("fixed schemas compile");
            for instance in &instances {
                // Through the root and through each property, so nested fixes are seen.
                let mut probes = vec![instance.clone()];
                for name in NAMES {
                    probes.push(json!({ name: instance }));
                }
                for probe in probes {
                    prop_assert_eq!(
                        before.is_valid(&probe),
                        after.is_valid(&probe),
                        "{}: {} changed verdict after {:?}\n{}",
                        profile, probe, fixed.applied, fixed.text
                    );
                }
            }
        }
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_fixes_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    for tree in ["check", "profiles", "requests", "seeds", "corpus"] {
        json_files(&root.join(tree), &mut files);
    }
    assert!(files.len() > 200, "{} fixtures", files.len());
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue; // the deliberately non-UTF-8 fixtures
        };
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let parsed = serde_json::from_str::<Value>(&text).is_ok();
        // `profiles/<id>/…` and `requests/<id>/…` are meant for that profile.
        let own = rel
            .strip_prefix("profiles/")
            .or_else(|| rel.strip_prefix("requests/"))
            .and_then(|r| r.split('/').next())
            .filter(|p| Profile::builtin(p).is_ok());
        let profiles: Vec<&str> = match own {
            Some(p) => vec![p],
            None => PROFILES.to_vec(),
        };
        for profile in profiles {
            fixed_well(&rel, &text, profile, parsed);
        }
    }
}
