//! Behaviour of the public API beyond the official suite: syntax errors from
//! bytes, limits, exact numbers, compile errors, error locations and ranges.

use schemalint_validate::{ContainerKind, Draft, ErrorKind, ValidationError, Validator};
use serde_json::{json, Value};

fn validator(schema: Value) -> Validator {
    Validator::new(&schema).expect("schema compiles")
}

fn slice_errors(v: &Validator, bytes: &[u8]) -> Vec<ValidationError> {
    v.validate_slice(bytes)
        .expect_err("instance should be invalid")
}

fn math_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"explanation": {"type": "string"}, "output": {"type": "string"}},
                    "required": ["explanation", "output"],
                    "additionalProperties": false
                }
            },
            "final_answer": {"type": "string"}
        },
        "required": ["steps", "final_answer"],
        "additionalProperties": false
    })
}

#[test]
fn truncated_reply_names_the_open_containers() {
    let v = validator(math_schema());
    let text = br#"{"steps": [{"explanation": "x", "output": "1"}, {"explanation": "cut here"#;
    let errors = slice_errors(&v, text);
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    let ErrorKind::Truncated { open } = &e.kind else {
        panic!("expected Truncated, got {:?}", e.kind)
    };
    let kinds: Vec<ContainerKind> = open.iter().map(|o| o.kind).collect();
    assert_eq!(
        kinds,
        [
            ContainerKind::Object,
            ContainerKind::Array,
            ContainerKind::Object,
            ContainerKind::String
        ]
    );
    assert_eq!(open[2].pointer, "/steps/1");
    assert_eq!(open[2].offset, 48);
    assert_eq!(open[3].pointer, "/steps/1/explanation");
    assert_eq!(open[3].offset, 64);
    assert_eq!(
        e.message,
        "document ends inside string at /steps/1/explanation (opened at byte 64); 4 values left open"
    );
    assert_eq!(e.instance_pointer, "/steps/1/explanation");
    assert_eq!(e.range, Some(text.len()..text.len()));
    assert!(!v.is_valid_slice(text));
}

#[test]
fn truncation_inside_a_key_or_literal_is_still_truncation() {
    let v = validator(json!({}));
    for text in [
        &b"{\"ab"[..],
        b"[tr",
        b"[1, 2",
        b"{\"a\":",
        b"[\"\\u00",
        b"   ",
    ] {
        let errors = slice_errors(&v, text);
        assert!(
            matches!(errors[0].kind, ErrorKind::Truncated { .. }),
            "{:?}: {:?}",
            String::from_utf8_lossy(text),
            errors[0]
        );
    }
    assert_eq!(slice_errors(&v, b"  ")[0].message, "document is empty");
    // Subtrees no keyword looks at are skipped, and still named when cut off.
    let errors = slice_errors(&v, br#"{"a": {"b": [1, {"c\"d": "#);
    let ErrorKind::Truncated { open } = &errors[0].kind else {
        panic!("{:?}", errors[0])
    };
    let pointers: Vec<&str> = open.iter().map(|o| o.pointer.as_str()).collect();
    assert_eq!(pointers, ["", "/a", "/a/b", "/a/b/1"]);
    assert_eq!(
        errors[0].message,
        "document ends inside object at /a/b/1 (opened at byte 16); 4 values left open"
    );
}

#[test]
fn malformed_json_reports_the_offset() {
    let v = validator(json!({}));
    let cases: &[(&[u8], usize)] = &[
        (b"{\"a\" 1}", 5),
        (b"[1,]", 3),
        (b"[01]", 2),
        (b"{\"a\":1} x", 8),
        (b"[nul]", 1),
        (b"\"a\tb\"", 2),
        (b"[1.]", 3),
    ];
    for &(text, offset) in cases {
        let errors = slice_errors(&v, text);
        assert_eq!(
            errors[0].kind,
            ErrorKind::Malformed { offset },
            "{}",
            String::from_utf8_lossy(text)
        );
        assert!(errors[0]
            .message
            .starts_with(&format!("invalid JSON at byte {offset}")));
    }
}

#[test]
fn invalid_utf8_is_its_own_error() {
    let v = validator(json!({"type": "string"}));
    let errors = slice_errors(&v, b"\"ab\xff\"");
    assert_eq!(errors[0].kind, ErrorKind::InvalidUtf8 { offset: 3 });
    assert_eq!(errors[0].message, "invalid UTF-8 at byte 3");
    assert!(!v.is_valid_slice(b"\"ab\xff\""));
    let escaped = slice_errors(&v, b"\"a\\n\xc3\"");
    assert!(matches!(escaped[0].kind, ErrorKind::InvalidUtf8 { .. }));
}

#[test]
fn errors_have_pointers_keywords_ranges_and_canonical_order() {
    let v = validator(math_schema());
    let text = br#"{"steps":[{"explanation":"x","output":1},{"explanation":"y","extra":true}],"final":"z"}"#;
    let errors = slice_errors(&v, text);
    let got: Vec<(&str, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e.instance_pointer.as_str(),
                e.schema_pointer.as_str(),
                e.keyword,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("", "/required", "required"),
            ("/final", "/additionalProperties", "additionalProperties"),
            (
                "/steps/0/output",
                "/properties/steps/items/properties/output/type",
                "type"
            ),
            ("/steps/1", "/properties/steps/items/required", "required"),
            (
                "/steps/1/extra",
                "/properties/steps/items/additionalProperties",
                "additionalProperties"
            ),
        ]
    );
    let output = &errors[2];
    assert_eq!(&text[output.range.clone().unwrap()], b"1");
    assert_eq!(output.message, "1 is not of type \"string\"");
    // Ranges cover the value at the error's pointer.
    assert_eq!(&text[errors[4].range.clone().unwrap()], b"true");
    assert_eq!(
        &text[errors[3].range.clone().unwrap()],
        br#"{"explanation":"y","extra":true}"#
    );
    // The Value path reports the same errors, without ranges.
    let value: Value = serde_json::from_slice(text).unwrap();
    let by_value = v.validate(&value).unwrap_err();
    let strip = |e: &[ValidationError]| {
        e.iter()
            .map(|e| {
                (
                    e.instance_pointer.clone(),
                    e.schema_pointer.clone(),
                    e.message.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&by_value), strip(&errors));
    assert!(by_value.iter().all(|e| e.range.is_none()));
}

#[test]
fn any_of_branches_run_side_by_side() {
    let v = validator(json!({
        "anyOf": [
            {"type": "object", "properties": {"kind": {"const": "a"}, "x": {"type": "integer"}}, "required": ["kind", "x"]},
            {"type": "object", "properties": {"kind": {"const": "b"}, "y": {"type": "string"}}, "required": ["kind", "y"]}
        ]
    }));
    assert!(v.is_valid_slice(br#"{"x": 1, "kind": "a"}"#));
    assert!(v.is_valid_slice(br#"{"y": "s", "kind": "b"}"#));
    assert!(!v.is_valid_slice(br#"{"y": 1, "kind": "b"}"#));
    let errors = slice_errors(&v, br#"{"y": 1, "kind": "b"}"#);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].keyword, "anyOf");
    assert_eq!(
        errors[0].message,
        "object does not match any of the 2 schemas in `anyOf`"
    );
    assert_eq!(v.buffered_values_in(br#"{"y": 1, "kind": "b"}"#), 0);
}

#[test]
fn common_strict_schemas_build_no_dom() {
    let v = validator(json!({
        "type": "object",
        "properties": {
            "ui": {"$ref": "#/$defs/node"},
            "label": {"type": ["string", "null"], "enum": ["a", "b", null]},
            "score": {"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.01},
            "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}, "maxItems": 5}
        },
        "required": ["ui", "label", "score", "tags"],
        "additionalProperties": false,
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["div", "button"]},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
                },
                "required": ["type", "children"],
                "additionalProperties": false
            }
        }
    }));
    let text = br#"{"ui": {"type": "div", "children": [{"type": "button", "children": []}]},
        "label": null, "score": 0.25, "tags": ["x", "yz"]}"#;
    assert!(v.is_valid_slice(text));
    assert_eq!(v.buffered_values_in(text), 0);
    let bad =
        br#"{"ui": {"type": "span", "children": []}, "label": "c", "score": 0.255, "tags": ["X"]}"#;
    let errors = slice_errors(&v, bad);
    let pointers: Vec<&str> = errors.iter().map(|e| e.instance_pointer.as_str()).collect();
    assert_eq!(pointers, ["/label", "/score", "/tags/0", "/ui/type"]);
}

#[test]
fn deep_instances_hit_the_limit_not_the_stack() {
    let v = Validator::options()
        .max_depth(300)
        .build(&json!({"items": {"$ref": "#"}, "properties": {"a": {"$ref": "#"}}}))
        .unwrap();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let errors = slice_errors(&v, deep.as_bytes());
    assert_eq!(errors[0].kind, ErrorKind::TooDeep { limit: 300 });
    assert!(!v.is_valid_slice(deep.as_bytes()));
    let ok = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(v.is_valid_slice(ok.as_bytes()));
    // The default limit holds on a default-sized (2 MiB) test thread stack.
    let v = validator(json!({"items": {"$ref": "#"}}));
    // The root is at depth 0, so 513 nested arrays reach depth 512.
    let at_limit = format!("{}{}", "[".repeat(513), "]".repeat(513));
    assert!(v.is_valid_slice(at_limit.as_bytes()));
    let over = format!("{}{}", "[".repeat(514), "]".repeat(514));
    assert!(matches!(
        slice_errors(&v, over.as_bytes())[0].kind,
        ErrorKind::TooDeep { .. }
    ));
    // The Value path is bounded as well.
    let mut value = json!([]);
    for _ in 0..600 {
        value = Value::Array(vec![value]);
    }
    let errors = v.validate(&value).unwrap_err();
    assert!(matches!(errors[0].kind, ErrorKind::TooDeep { .. }));
    // Skipped subtrees (no keyword applies) are bounded too.
    let v = validator(json!({}));
    assert!(!v.is_valid_slice(deep.as_bytes()));
}

#[test]
fn huge_numbers_are_exact_from_bytes() {
    let v = validator(json!({"type": "integer", "multipleOf": 5, "minimum": 0}));
    let big = format!("{}0", "1".repeat(400));
    assert!(v.is_valid_slice(big.as_bytes()));
    assert!(v.is_valid_slice(b"1e400"));
    assert!(v.is_valid_slice(b"2.5e1"));
    assert!(!v.is_valid_slice(b"1e-400"));
    assert!(!v.is_valid_slice(format!("{}1", "1".repeat(400)).as_bytes()));
    let v = validator(json!({"maximum": 18446744073709551615u64}));
    assert!(v.is_valid_slice(b"18446744073709551615"));
    assert!(!v.is_valid_slice(b"18446744073709551616"));
    assert!(!v.is_valid_slice(b"1e400"));
    let v = validator(json!({"multipleOf": 0.01}));
    assert!(v.is_valid_slice(b"1070468.14"));
    assert!(v.is_valid(&json!(1070468.14)));
    assert!(!v.is_valid_slice(b"0.001"));
}

#[test]
fn compile_errors_name_the_problem() {
    let cases = [
        (
            json!({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}}),
            "cycle",
        ),
        (json!({"minLength": "3"}), "/minLength"),
        (json!({"pattern": "(unclosed"}), "/pattern"),
        (json!({"type": "strnig"}), "unknown type"),
        (json!({"multipleOf": 0}), "/multipleOf"),
        (json!({"$ref": "other.json"}), "cannot resolve"),
        (
            json!({"$schema": "http://json-schema.org/draft-03/schema#"}),
            "draft 3",
        ),
        (
            json!({"$schema": "https://example.com/unknown-meta"}),
            "unknown meta-schema",
        ),
        (json!({"properties": {"a": 5}}), "/properties/a"),
    ];
    for (schema, needle) in cases {
        let e = Validator::new(&schema).expect_err(&schema.to_string());
        let text = e.to_string();
        assert!(text.contains(needle), "{schema}: {text}");
    }
    let mut nested = json!({});
    for _ in 0..1000 {
        nested = json!({"not": nested});
    }
    assert!(Validator::new(&nested)
        .unwrap_err()
        .message
        .contains("deeper"));
}

#[test]
fn required_vocabulary_we_do_not_know_is_a_compile_error() {
    let meta = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/meta",
        "$vocabulary": {
            "https://json-schema.org/draft/2020-12/vocab/core": true,
            "https://example.com/vocab/custom": true
        }
    });
    let err = Validator::options()
        .with_document("https://example.com/meta", meta)
        .build(&json!({"$schema": "https://example.com/meta"}))
        .unwrap_err();
    assert!(
        err.message.contains("https://example.com/vocab/custom"),
        "{err}"
    );
}

#[test]
fn options_select_draft_and_format_assertion() {
    let schema = json!({"type": "string", "format": "date"});
    assert!(!validator(schema.clone()).is_valid(&json!("2023-02-29")));
    let lenient = Validator::options()
        .assert_formats(false)
        .build(&schema)
        .unwrap();
    assert!(lenient.is_valid(&json!("2023-02-29")));
    // Draft 4: boolean exclusiveMaximum.
    let d4 = json!({"maximum": 5, "exclusiveMaximum": true});
    let v = Validator::options()
        .draft(Draft::Draft4)
        .build(&d4)
        .unwrap();
    assert!(!v.is_valid_slice(b"5"));
    assert!(v.is_valid_slice(b"4"));
    // Draft 7 by `$schema`: `$ref` ignores its siblings, array `items` + `additionalItems`.
    let d7 = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"s": {"type": "string"}},
        "properties": {"a": {"$ref": "#/definitions/s", "maxLength": 1}, "t": {"items": [{"type": "integer"}], "additionalItems": false}}
    });
    let v = validator(d7);
    assert!(v.is_valid_slice(br#"{"a": "long", "t": [1]}"#));
    assert!(!v.is_valid_slice(br#"{"t": [1, 2]}"#));
    assert!(!v.is_valid(&json!({"t": [1, 2]})));
}

#[test]
fn registered_documents_resolve_remote_refs() {
    let v = Validator::options()
        .with_document(
            "https://example.com/defs.json",
            json!({"$defs": {"id": {"type": "integer"}}}),
        )
        .build(&json!({"properties": {"id": {"$ref": "https://example.com/defs.json#/$defs/id"}}}))
        .unwrap();
    assert!(v.is_valid_slice(br#"{"id": 3}"#));
    let errors = slice_errors(&v, br#"{"id": "x"}"#);
    assert_eq!(
        errors[0].schema_pointer,
        "https://example.com/defs.json#/$defs/id/type"
    );
}

#[test]
fn official_meta_schemas_resolve_offline() {
    // A schema property that must itself be a schema, as tool-definition formats have.
    for (meta, draft) in [
        (
            "https://json-schema.org/draft/2020-12/schema",
            Draft::Draft202012,
        ),
        (
            "https://json-schema.org/draft/2019-09/schema",
            Draft::Draft201909,
        ),
        ("http://json-schema.org/draft-07/schema#", Draft::Draft7),
        ("https://json-schema.org/draft-07/schema", Draft::Draft7),
        ("http://json-schema.org/draft-06/schema#", Draft::Draft6),
        ("http://json-schema.org/draft-04/schema#", Draft::Draft4),
    ] {
        let v = Validator::options()
            .default_draft(draft)
            .build(&json!({"properties": {"parameters": {"$ref": meta}}}))
            .unwrap_or_else(|e| panic!("{meta}: {e}"));
        assert!(
            v.is_valid_slice(br#"{"parameters": {"type": "object", "minProperties": 1}}"#),
            "{meta}"
        );
        let errors = slice_errors(
            &v,
            br#"{"parameters": {"type": "objekt", "minProperties": -1}}"#,
        );
        assert!(
            errors
                .iter()
                .any(|e| e.instance_pointer == "/parameters/minProperties"),
            "{meta}: {errors:?}"
        );
    }
    // A forced draft does not change how the meta-schema itself is read:
    // draft 4's meta-schema keeps its draft-4 `dependencies` (a boolean
    // `exclusiveMinimum` needs `minimum`), which 2020-12 would ignore.
    let v = Validator::options()
        .draft(Draft::Draft202012)
        .build(&json!({"$ref": "http://json-schema.org/draft-04/schema#"}))
        .unwrap();
    assert!(v.is_valid_slice(br#"{"minimum": 1, "exclusiveMinimum": true}"#));
    assert!(!v.is_valid_slice(br#"{"exclusiveMinimum": true}"#));
    // A document the user registers under the same URI wins.
    let v = Validator::options()
        .with_document(
            "https://json-schema.org/draft/2020-12/schema",
            json!({"type": "integer"}),
        )
        .build(&json!({"$ref": "https://json-schema.org/draft/2020-12/schema"}))
        .unwrap();
    assert!(v.is_valid_slice(b"3"));
    assert!(!v.is_valid_slice(b"{}"));
}
#[test]
fn strings_with_escapes_and_unicode() {
    let v = validator(
        json!({"type": "object", "properties": {"a\"b": {"maxLength": 2}}, "additionalProperties": false}),
    );
    assert!(v.is_valid_slice(br#"{"a\"b": "\u00e9\ud83d\ude00"}"#));
    let errors = slice_errors(&v, br#"{"a\"b": "abc", "x\/y": 1}"#);
    let pointers: Vec<&str> = errors.iter().map(|e| e.instance_pointer.as_str()).collect();
    assert_eq!(pointers, ["/a\"b", "/x~1y"]);
    assert!(matches!(
        slice_errors(&v, br#""\ud800""#)[0].kind,
        ErrorKind::Malformed { .. }
    ));
}

#[test]
fn unique_items_and_container_enums_are_checked_from_bytes() {
    let v = validator(json!({"uniqueItems": true, "items": {"enum": [[1, 2], {"a": 1}, 3]}}));
    assert!(v.is_valid_slice(br#"[[1, 2], {"a": 1.0}, 3]"#));
    let errors = slice_errors(&v, br#"[[1, 2], [1.0, 2], {"a": 2}]"#);
    let kw: Vec<&str> = errors.iter().map(|e| e.keyword).collect();
    assert_eq!(kw, ["uniqueItems", "enum"]);
}

#[test]
fn validator_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Validator>();
}

/// Every prefix and many single-byte corruptions of valid replies: no panic,
/// `is_valid_slice` agrees with `validate_slice`, and a cut-off container
/// document is reported as truncated.
#[test]
fn prefixes_and_corruptions_never_panic_and_paths_agree() {
    let schemas = [
        math_schema(),
        json!({"anyOf": [{"type": "object", "required": ["a"]}, {"type": "array", "uniqueItems": true}],
               "unevaluatedProperties": false, "properties": {"a": {"enum": [[1], {"b": null}, "x"]}}}),
        json!({"oneOf": [{"items": {"type": "number", "multipleOf": 0.5}}, {"contains": {"const": "\u{e9}"}}],
               "dependentSchemas": {"a": {"required": ["b"]}}, "if": {"minProperties": 1}, "then": {"maxProperties": 3}}),
    ];
    let texts: [&[u8]; 4] = [
        br#"{"steps": [{"explanation": "x", "output": "1"}], "final_answer": "\u00e9\n"}"#,
        br#"{"a": [1], "b": {"c": [true, false, null, -1.5e3]}}"#,
        br#"[1, 2.5, "\u00e9", [], {}, {"a": 1, "b": 2}]"#,
        "{\"a\": \"caf\u{e9}\", \"b\": 1}".as_bytes(),
    ];
    for schema in &schemas {
        let v = validator(schema.clone());
        for text in texts {
            for cut in 0..text.len() {
                let prefix = &text[..cut];
                let errors = v
                    .validate_slice(prefix)
                    .expect_err("a strict prefix is never a document");
                assert!(!v.is_valid_slice(prefix));
                if prefix.iter().any(|b| !b.is_ascii_whitespace()) && matches!(text[0], b'{' | b'[')
                {
                    assert!(
                        matches!(
                            errors[0].kind,
                            ErrorKind::Truncated { .. } | ErrorKind::InvalidUtf8 { .. }
                        ),
                        "{:?}: {:?}",
                        String::from_utf8_lossy(prefix),
                        errors[0]
                    );
                }
            }
            for i in 0..text.len() {
                for byte in [b'"', b'{', b']', b',', b'\\', 0xff, b'9', b' '] {
                    let mut bad = text.to_vec();
                    bad[i] = byte;
                    let all = v.validate_slice(&bad);
                    assert_eq!(
                        v.is_valid_slice(&bad),
                        all.is_ok(),
                        "{}",
                        String::from_utf8_lossy(&bad)
                    );
                    if let Ok(value) = serde_json::from_slice::<Value>(&bad) {
                        assert_eq!(
                            v.is_valid(&value),
                            all.is_ok(),
                            "{}",
                            String::from_utf8_lossy(&bad)
                        );
                    }
                    if let Err(errors) = all {
                        assert!(!errors.is_empty());
                    }
                }
            }
        }
    }
}

/// The local suite copy holds draft 2020-12 only; these pin the other drafts'
/// distinctive keywords on both paths.
#[test]
fn older_drafts_keep_their_semantics() {
    fn both(v: &Validator, text: &str) -> bool {
        let value: Value = serde_json::from_str(text).unwrap();
        let by_bytes = v.is_valid_slice(text.as_bytes());
        assert_eq!(v.is_valid(&value), by_bytes, "paths disagree on {text}");
        by_bytes
    }
    // 2019-09: `$recursiveRef` extends a recursive schema.
    let tree = json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": "https://example.com/strict-tree",
        "$recursiveAnchor": true,
        "$ref": "tree",
        "unevaluatedProperties": false
    });
    let base = json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": "https://example.com/tree",
        "$recursiveAnchor": true,
        "type": "object",
        "properties": {"data": true, "children": {"type": "array", "items": {"$recursiveRef": "#"}}}
    });
    let v = Validator::options()
        .with_document("https://example.com/tree", base)
        .build(&tree)
        .unwrap();
    assert!(both(&v, r#"{"children": [{"data": 1, "children": []}]}"#));
    assert!(!both(&v, r#"{"children": [{"daat": 1}]}"#));
    // 2019-09: array `items` with `additionalItems`, and `unevaluatedItems`.
    let v = validator(json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "items": [{"type": "integer"}],
        "additionalItems": {"type": "string"},
        "unevaluatedItems": false
    }));
    assert!(both(&v, r#"[1, "a", "b"]"#));
    assert!(!both(&v, r#"[1, 2]"#));
    // Draft 7: `if`/`then`/`else`, `dependencies` in both forms, `$ref` siblings ignored.
    let v = validator(json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "if": {"properties": {"kind": {"const": "n"}}},
        "then": {"properties": {"v": {"type": "number"}}},
        "else": {"properties": {"v": {"type": "string"}}},
        "dependencies": {"a": ["b"], "c": {"required": ["d"]}}
    }));
    assert!(both(&v, r#"{"kind": "n", "v": 1}"#));
    assert!(!both(&v, r#"{"kind": "n", "v": "1"}"#));
    assert!(both(&v, r#"{"kind": "s", "v": "1"}"#));
    assert!(!both(&v, r#"{"a": 1}"#));
    assert!(!both(&v, r#"{"c": 1}"#));
    assert!(both(&v, r#"{"c": 1, "d": 2, "a": 0, "b": 0}"#));
    // Draft 6: numeric `exclusiveMinimum`, `contains`, `propertyNames`, `const`.
    let v = validator(json!({
        "$schema": "http://json-schema.org/draft-06/schema#",
        "properties": {"n": {"exclusiveMinimum": 0}, "l": {"contains": {"const": 3}}},
        "propertyNames": {"maxLength": 2}
    }));
    assert!(both(&v, r#"{"n": 0.5, "l": [1, 3]}"#));
    assert!(!both(&v, r#"{"n": 0}"#));
    assert!(!both(&v, r#"{"l": [1]}"#));
    assert!(!both(&v, r#"{"long": 1}"#));
    // Draft 4: `id` sets the base URI, `definitions`, boolean exclusive bounds.
    let v = validator(json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "http://example.com/root.json",
        "properties": {"x": {"$ref": "item.json"}},
        "definitions": {"item": {"id": "item.json", "type": "integer", "minimum": 1, "exclusiveMinimum": true}}
    }));
    assert!(both(&v, r#"{"x": 2}"#));
    assert!(!both(&v, r#"{"x": 1}"#));
    // 2020-12 `$dynamicRef` (the whole document is buffered for the dynamic scope).
    let v = validator(json!({
        "$id": "https://example.com/strict-list",
        "$ref": "list",
        "$defs": {
            "list": {"$id": "list", "type": "array", "items": {"$dynamicRef": "#item"},
                      "$defs": {"item": {"$dynamicAnchor": "item"}}},
            "text": {"$dynamicAnchor": "item", "type": "string"}
        }
    }));
    assert!(both(&v, r#"["a", "b"]"#));
    assert!(!both(&v, r#"["a", 1]"#));
}

#[test]
fn many_dependent_schemas_stay_exact() {
    let mut deps = serde_json::Map::new();
    for i in 0..40 {
        deps.insert(format!("k{i}"), json!({"required": [format!("r{i}")]}));
    }
    let v = validator(json!({"dependentSchemas": deps}));
    assert!(v.is_valid_slice(br#"{"k39": 1, "r39": 2}"#));
    let errors = slice_errors(&v, br#"{"k39": 1, "k2": 1, "r2": 0}"#);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].schema_pointer, "/dependentSchemas/k39/required");
    assert!(!v.is_valid(&json!({"k39": 1})));
}

#[test]
fn patterns_valid_only_without_the_u_flag_use_annex_b() {
    // `\-`, `\:` and `\_` are identity escapes in Annex B; with `u` they are syntax errors.
    let v = validator(json!({
        "type": "object",
        "properties": {"host": {"type": "string", "pattern": "^[a-z0-9\\_]+\\-[0-9]+\\:[0-9]{2,5}$"}},
        "patternProperties": {"^x\\-": {"type": "integer"}},
    }));
    for (instance, valid) in [
        (r#"{"host": "api_a-1:8080", "x-rate": 3}"#, true),
        (r#"{"host": "api-1-8080"}"#, false),
        (r#"{"x-rate": "3"}"#, false),
    ] {
        let value: Value = serde_json::from_str(instance).unwrap();
        assert_eq!(v.is_valid(&value), valid, "{instance}");
        assert_eq!(v.is_valid_slice(instance.as_bytes()), valid, "{instance}");
    }
    // What neither dialect accepts is still a compile error.
    let err = Validator::new(&json!({"pattern": "(?P<x>a)"})).unwrap_err();
    assert_eq!(err.pointer, "/pattern");
}
