//! Both sides of every `openai` limit: a schema exactly at the limit lints clean, one unit over
//! is reported by the limit's rule (and only by it). Schemas are built programmatically,
//! serialized, then parsed and checked from text, end to end.
//!
//! Depth follows the convention the rule documents (OpenAI's Java SDK validator): the root is
//! level 0; each step into `properties`, `items` or `anyOf` adds one; a `$defs` entry is one
//! level below the root; `$ref` is not followed.

use schemalint_check::{check_str, Profile};
use serde_json::{json, Map, Value};

fn check(schema: &Value) -> Vec<(String, String, String)> {
    let text = serde_json::to_string_pretty(schema).unwrap();
    let report = check_str("limit.json", &text, Profile::builtin("openai").unwrap());
    report
        .diagnostics
        .iter()
        .map(|d| (d.rule.to_string(), d.message.clone(), d.pointer.clone()))
        .collect()
}

#[track_caller]
fn assert_clean(schema: &Value) {
    let findings = check(schema);
    assert!(
        findings.is_empty(),
        "expected no findings, got {findings:#?}"
    );
}

/// Asserts that exactly one finding is reported, of `rule`, and returns its message and pointer.
#[track_caller]
fn assert_only(schema: &Value, rule: &str) -> (String, String) {
    let findings = check(schema);
    assert_eq!(
        findings.len(),
        1,
        "expected one `{rule}` finding, got {findings:#?}"
    );
    let (found, message, pointer) = findings.into_iter().next().unwrap();
    assert_eq!(found, rule, "{message}");
    (message, pointer)
}

/// A strict object schema over `properties` (all required, `additionalProperties: false`).
fn object(properties: Map<String, Value>) -> Value {
    let required: Vec<Value> = properties.keys().map(|k| json!(k)).collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn string_props(prefix: &str, n: usize) -> Map<String, Value> {
    (0..n)
        .map(|i| (format!("{prefix}{i:04}"), json!({"type": "string"})))
        .collect()
}

// --- limit/total-properties: 5,000 --------------------------------------------------------

#[test]
fn total_properties_5000_pass_5001_fail() {
    assert_clean(&object(string_props("p", 5000)));
    let (message, pointer) =
        assert_only(&object(string_props("p", 5001)), "limit/total-properties");
    assert!(message.contains("5001"), "{message}");
    assert_eq!(pointer, "/properties");
}

#[test]
fn total_properties_count_defs_and_nested_objects() {
    // Root: 1 property (a $ref) + 1,999 strings; $defs/row: 3,000 properties → 5,000.
    let build = |in_defs: usize| {
        let mut props = string_props("p", 1999);
        props.insert("row".into(), json!({"$ref": "#/$defs/row"}));
        let mut schema = object(props);
        schema["$defs"] = json!({"row": object(string_props("c", in_defs))});
        schema
    };
    assert_clean(&build(3000));
    let (message, pointer) = assert_only(&build(3001), "limit/total-properties");
    assert!(message.contains("5001"), "{message}");
    // The largest `properties` object is pointed at: the definition's.
    assert_eq!(pointer, "/$defs/row/properties");

    // Nested objects count too: 10 objects of 499 properties + the root's 10 = 5,000.
    let build = |last: usize| {
        let props: Map<String, Value> = (0..10)
            .map(|i| {
                let n = if i == 9 { last } else { 499 };
                (format!("o{i}"), object(string_props("p", n)))
            })
            .collect();
        object(props)
    };
    assert_clean(&build(499));
    assert_only(&build(500), "limit/total-properties");
}

// --- limit/nesting-depth: 10 levels -------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Step {
    /// Into an object's property: +1.
    Property,
    /// Into an array's `items`: +1.
    Items,
    /// Into an `anyOf` branch: +1.
    AnyOf,
}

/// A schema whose `{"type": "string"}` leaf sits below the root after `steps`, i.e. at level
/// `steps.len()`.
fn nested(steps: &[Step]) -> Value {
    let mut node = json!({"type": "string"});
    for (i, step) in steps.iter().enumerate().rev() {
        node = match step {
            Step::Property => object(Map::from_iter([(format!("level_{i}"), node)])),
            Step::Items => json!({"type": "array", "items": node}),
            Step::AnyOf => json!({"anyOf": [node, {"type": "null"}]}),
        };
    }
    node
}

/// `steps` must start with `Property` (the root is an object).
#[track_caller]
fn assert_depth_limit(steps: &[Step]) {
    assert_eq!(steps.len(), 11);
    assert_clean(&nested(&steps[..10]));
    let (message, _) = assert_only(&nested(steps), "limit/nesting-depth");
    assert!(message.contains("11 levels"), "{message}");
}

#[test]
fn depth_10_pass_11_fail_through_properties() {
    assert_depth_limit(&[Step::Property; 11]);
}

#[test]
fn depth_10_pass_11_fail_through_items() {
    let mut steps = vec![Step::Property];
    steps.extend([Step::Items; 10]);
    assert_depth_limit(&steps);
}

#[test]
fn depth_10_pass_11_fail_through_any_of() {
    let mut steps = vec![Step::Property];
    steps.extend([Step::AnyOf; 10]);
    assert_depth_limit(&steps);
}

#[test]
fn depth_10_pass_11_fail_mixed() {
    use Step::*;
    assert_depth_limit(&[
        Property, Items, AnyOf, Property, Items, AnyOf, Property, Items, AnyOf, Property, Items,
    ]);
}

#[test]
fn depth_points_at_the_first_subschema_past_the_limit() {
    let schema = nested(&[Step::Property; 11]);
    let (_, pointer) = assert_only(&schema, "limit/nesting-depth");
    let expected: String = (0..11).map(|i| format!("/properties/level_{i}")).collect();
    assert_eq!(pointer, expected);
}

#[test]
fn depth_defs_entries_are_one_level_below_the_root() {
    // `$defs/deep` (level 1) holds a chain whose leaf is `extra` levels further down.
    let build = |extra: usize| {
        let mut schema = object(Map::from_iter([(
            "deep".to_owned(),
            json!({"$ref": "#/$defs/deep"}),
        )]));
        let def = nested(&vec![Step::Property; extra]);
        schema["$defs"] = json!({ "deep": def });
        schema
    };
    assert_clean(&build(9)); // leaf at 1 + 9 = 10
    let (message, pointer) = assert_only(&build(10), "limit/nesting-depth"); // 1 + 10 = 11
    assert!(message.contains("11 levels"), "{message}");
    assert!(pointer.starts_with("/$defs/deep/"), "{pointer}");
}

#[test]
fn depth_ref_is_not_followed() {
    // A $ref at level 10 to a definition that is itself 9 levels deep: counted where defined,
    // so the deepest subschema is at level 10 and the schema passes.
    let mut steps = vec![Step::Property; 10];
    let mut schema = nested(&steps);
    let mut at = &mut schema;
    for i in 0..9 {
        at = &mut at["properties"][format!("level_{i}")];
    }
    at["properties"]["level_9"] = json!({"$ref": "#/$defs/deep"});
    schema["$defs"] = json!({ "deep": nested(&[Step::Property; 9]) });
    assert_clean(&schema);
    // The same chain inlined would be 19 levels deep.
    steps.extend([Step::Property; 9]);
    let (message, _) = assert_only(&nested(&steps), "limit/nesting-depth");
    assert!(message.contains("19 levels"), "{message}");
}

// --- limit/string-length: 120,000 characters ----------------------------------------------

/// A schema whose counted characters total exactly `total`: property names, a definition
/// name, string and non-string enum values, and const values (one with non-ASCII characters,
/// counted as characters, not bytes).
fn string_budget(total: usize) -> Value {
    let mut props = Map::new();
    // Names: "kind" (4) + "sizes" (5) + "ref" (3) + "pad_0".."pad_9" (10 x 5) = 62.
    props.insert(
        "kind".into(),
        json!({"type": "string", "enum": ["café", "bar"]}), // 4 + 3 = 7
    );
    props.insert(
        "sizes".into(),
        json!({"type": "integer", "enum": [1, 22, 333]}), // JSON text: 1 + 2 + 3 = 6
    );
    props.insert("ref".into(), json!({"$ref": "#/$defs/address"}));
    // Definition: name "address" (7) + its property name "city" (4) + const "Zürich" (6).
    let definition = object(Map::from_iter([(
        "city".to_owned(),
        json!({"type": "string", "const": "Zürich"}),
    )]));
    let fixed = 62 + 7 + 6 + 7 + 4 + 6;
    let pad = total - fixed;
    for i in 0..10 {
        let n = pad / 10 + usize::from(i < pad % 10);
        props.insert(
            format!("pad_{i}"),
            json!({"type": "string", "const": "é".repeat(n)}),
        );
    }
    let mut schema = object(props);
    schema["$defs"] = json!({ "address": definition });
    schema
}

#[test]
fn string_length_120000_pass_120001_fail() {
    assert_clean(&string_budget(120_000));
    let (message, pointer) = assert_only(&string_budget(120_001), "limit/string-length");
    assert!(message.contains("120001"), "{message}");
    assert_eq!(pointer, "");
}

// --- limit/enum-values: 1,000 -------------------------------------------------------------

fn enums(sizes: &[usize]) -> Value {
    let props: Map<String, Value> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let values: Vec<Value> = (0..n).map(|v| json!(format!("v{v}"))).collect();
            (format!("e{i}"), json!({"type": "string", "enum": values}))
        })
        .collect();
    object(props)
}

#[test]
fn enum_values_1000_pass_1001_fail() {
    assert_clean(&enums(&[250, 250, 250, 250]));
    let (message, _) = assert_only(&enums(&[250, 250, 250, 250, 1]), "limit/enum-values");
    assert!(message.contains("1001"), "{message}");
    // One big enum counts the same way (and 1,000 short values stay under 15,000 characters).
    assert_clean(&enums(&[1000]));
    assert_only(&enums(&[1001]), "limit/enum-values");
}

#[test]
fn enum_values_count_defs_and_non_string_values() {
    let mut schema = enums(&[500]);
    let ints: Vec<Value> = (0..500).map(|v| json!(v)).collect();
    schema["properties"]["n"] = json!({"$ref": "#/$defs/n"});
    schema["required"].as_array_mut().unwrap().push(json!("n"));
    schema["$defs"] = json!({"n": {"type": "integer", "enum": ints}});
    assert_clean(&schema);
    schema["$defs"]["n"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!(500));
    assert_only(&schema, "limit/enum-values");
}

// --- limit/large-enum: > 250 string values → 15,000 characters ---------------------------

/// One string enum of `count` values totalling `length` characters.
fn large_enum(count: usize, length: usize) -> Value {
    let values: Vec<Value> = (0..count)
        .map(|i| {
            let n = length / count + usize::from(i < length % count);
            // Distinct values: a numeric prefix, padded to `n` characters.
            let prefix = format!("{i:03}");
            json!(format!("{prefix}{}", "x".repeat(n - prefix.len())))
        })
        .collect();
    object(Map::from_iter([(
        "product".to_owned(),
        json!({"type": "string", "enum": values}),
    )]))
}

#[test]
fn large_enum_251_values_15000_pass_15001_fail() {
    let schema = large_enum(251, 15_000);
    let values = schema["properties"]["product"]["enum"].as_array().unwrap();
    let total: usize = values
        .iter()
        .map(|v| v.as_str().unwrap().chars().count())
        .sum();
    assert_eq!((values.len(), total), (251, 15_000));
    assert_clean(&schema);
    let (message, pointer) = assert_only(&large_enum(251, 15_001), "limit/large-enum");
    assert!(message.contains("15001"), "{message}");
    assert_eq!(pointer, "/properties/product/enum");
}

#[test]
fn large_enum_250_values_may_exceed_15000() {
    // The length limit applies only above 250 values.
    assert_clean(&large_enum(250, 15_250));
    assert_only(&large_enum(251, 15_250), "limit/large-enum");
}

#[test]
fn large_enum_ignores_non_string_enums() {
    // 300 integers: not a string enum, so only the total count matters.
    let values: Vec<Value> = (0..300).map(|v| json!(v * 1_000_000_000_i64)).collect();
    let schema = object(Map::from_iter([(
        "n".to_owned(),
        json!({"type": "integer", "enum": values}),
    )]));
    assert_clean(&schema);
}
