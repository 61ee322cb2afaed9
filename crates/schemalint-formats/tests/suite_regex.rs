//! Runs the JSON-Schema-Test-Suite's regex cases (draft 2020-12) through `regex::Pattern` and
//! `regex::parse`: every case whose schema is only `pattern`, `patternProperties` (with simple
//! subschemas) or `format: "regex"`.

mod common;

use schemalint_formats::regex::{parse, Pattern};
use serde_json::Value;

const FILES: &[&str] = &[
    "pattern.json",
    "patternProperties.json",
    "optional/ecmascript-regex.json",
    "optional/non-bmp-regex.json",
    "optional/format/regex.json",
    "optional/format/ecmascript-regex.json",
];

/// The verdict of the tiny subschemas the pattern cases use; `None` for anything else.
fn simple_schema_verdict(schema: &Value, data: &Value) -> Option<bool> {
    match schema {
        Value::Bool(b) => Some(*b),
        Value::Object(map) => {
            let mut valid = true;
            for (keyword, value) in map {
                valid &= match (keyword.as_str(), value) {
                    ("$schema", _) => true,
                    ("type", Value::String(t)) => match t.as_str() {
                        "string" => data.is_string(),
                        "object" => data.is_object(),
                        "null" => data.is_null(),
                        "boolean" => data.is_boolean(),
                        "number" => data.is_number(),
                        "integer" => data.as_f64().is_some_and(|n| n.fract() == 0.0),
                        _ => return None,
                    },
                    ("maximum", Value::Number(max)) => data
                        .as_f64()
                        .is_none_or(|n| n <= max.as_f64().unwrap_or(f64::NAN)),
                    _ => return None,
                };
            }
            Some(valid)
        }
        _ => None,
    }
}

/// Our verdict for one test, or `None` when the case is outside what this runner models.
fn verdict(schema: &Value, data: &Value) -> Option<Result<bool, String>> {
    let map = schema.as_object()?;
    // Non-strings (non-objects for patternProperties) say nothing about our crate.
    let applicable = if map.contains_key("patternProperties") {
        data.is_object()
    } else {
        data.is_string()
    };
    if !applicable {
        return None;
    }
    let mut valid = true;
    for (keyword, value) in map {
        match (keyword.as_str(), value) {
            ("$schema", _) => {}
            ("type", _) => {
                valid &= simple_schema_verdict(&serde_json::json!({"type": value}), data)?
            }
            ("pattern", Value::String(source)) => {
                if let Value::String(s) = data {
                    let pattern = match Pattern::new(source) {
                        Ok(p) => p,
                        Err(e) => return Some(Err(format!("pattern {source:?} rejected: {e}"))),
                    };
                    match pattern.is_match(s) {
                        Ok(m) => valid &= m,
                        Err(e) => return Some(Err(e.to_string())),
                    }
                }
            }
            ("format", Value::String(f)) if f == "regex" => {
                if let Value::String(s) = data {
                    valid &= parse(s).is_ok();
                }
            }
            ("patternProperties", Value::Object(patterns)) => {
                let Value::Object(instance) = data else {
                    continue;
                };
                let mut compiled = Vec::new();
                for (source, subschema) in patterns {
                    match Pattern::new(source) {
                        Ok(p) => compiled.push((p, subschema)),
                        Err(e) => return Some(Err(format!("pattern {source:?} rejected: {e}"))),
                    }
                }
                let additional_forbidden =
                    map.get("additionalProperties") == Some(&Value::Bool(false));
                for (key, value) in instance {
                    let mut matched_any = false;
                    for (pattern, subschema) in &compiled {
                        match pattern.is_match(key) {
                            Ok(true) => {
                                matched_any = true;
                                valid &= simple_schema_verdict(subschema, value)?;
                            }
                            Ok(false) => {}
                            Err(e) => return Some(Err(e.to_string())),
                        }
                    }
                    if additional_forbidden && !matched_any {
                        valid = false;
                    }
                }
            }
            ("additionalProperties", Value::Bool(false))
                if map.contains_key("patternProperties") => {}
            _ => return None,
        }
    }
    Some(Ok(valid))
}

#[test]
fn json_schema_test_suite_regex_cases() {
    let Some(dir) = common::draft2020_dir() else {
        return;
    };
    let mut failures = Vec::new();
    let mut total_checked = 0;
    for file in FILES {
        let cases = common::load(&dir.join(file));
        let (mut checked, mut passed, mut skipped) = (0, 0, 0);
        for case in &cases {
            let case_description = case["description"].as_str().unwrap_or("?");
            for (description, data, expected) in common::tests(case) {
                match verdict(&case["schema"], data) {
                    None => skipped += 1,
                    Some(outcome) => {
                        checked += 1;
                        match outcome {
                            Ok(v) if v == expected => passed += 1,
                            Ok(v) => failures.push(format!(
                                "{file}: {case_description} / {description}: expected {expected}, got {v}"
                            )),
                            Err(e) => failures.push(format!(
                                "{file}: {case_description} / {description}: error {e}"
                            )),
                        }
                    }
                }
            }
        }
        total_checked += checked;
        println!("{file}: {passed}/{checked} passed, {skipped} outside this runner's subset");
    }
    assert!(
        total_checked > 100,
        "suspiciously few regex tests ran: {total_checked}"
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
