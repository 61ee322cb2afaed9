//! `Validator::stream()`: the verdict at `finish` equals `validate_slice` on
//! the same bytes however they are chunked, an early abort never happens on a
//! prefix of a valid document, and each early-abort reason fires at the byte
//! that decides it.
//!
//! Cases default to 96 (about a second in a debug build); set `PROPTEST_CASES`
//! for more, e.g. `PROPTEST_CASES=5000 cargo test -p schemalint-validate --release --test stream`.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use schemalint_validate::{ErrorKind, Progress, Validator};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Feeds `chunks` and returns the first abort offset and the final verdict.
fn stream_chunks<'a>(
    v: &Validator,
    chunks: impl IntoIterator<Item = &'a [u8]>,
) -> (
    Option<usize>,
    Result<(), Vec<schemalint_validate::ValidationError>>,
) {
    let mut s = v.stream();
    let mut abort = None;
    for c in chunks {
        if let Progress::Invalid(a) = s.feed(c) {
            abort.get_or_insert(a.offset);
        }
    }
    (abort, s.finish())
}

/// The first abort for `bytes` fed in one piece.
fn abort_of(v: &Validator, bytes: &[u8]) -> Option<schemalint_validate::Abort> {
    let mut s = v.stream();
    match s.feed(bytes) {
        Progress::Invalid(a) => Some(a),
        Progress::Continue => None,
    }
}

fn validator(schema: Value) -> Validator {
    Validator::new(&schema).unwrap()
}

/// Asserts where `doc` aborts (byte offset of `at` in it, the first match)
/// and with which keyword, and that the byte before does not abort yet.
#[track_caller]
fn aborts_at(schema: Value, doc: &str, at: &str, keyword: &str) {
    let v = validator(schema);
    let offset = doc.find(at).expect("marker in the document");
    let a = abort_of(&v, doc.as_bytes()).unwrap_or_else(|| panic!("no abort for {doc}"));
    assert_eq!(
        (a.offset, a.error.keyword),
        (offset, keyword),
        "abort for {doc}: {}",
        a.error.message
    );
    assert!(
        abort_of(&v, &doc.as_bytes()[..offset]).is_none(),
        "aborts before byte {offset}"
    );
    assert!(v.validate_slice(doc.as_bytes()).is_err());
}

// ---------------------------------------------------------------------------
// Early abort, one reason at a time
// ---------------------------------------------------------------------------

#[test]
fn wrong_type_aborts_at_the_first_byte_of_the_value() {
    let schema = json!({"properties": {"n": {"type": "integer"}, "o": {"type": "object"}}});
    aborts_at(schema.clone(), r#"{"n": "3"}"#, r#""3""#, "type");
    aborts_at(schema.clone(), r#"{"o": [1, 2]}"#, "[", "type");
    aborts_at(schema, r#"{"n": true}"#, "true", "type");
    // `integer` accepts 1.0 and 1.5e1: a fraction alone does not decide.
    let v = validator(json!({"type": "integer"}));
    assert!(abort_of(&v, b"1.5").is_none());
    assert!(v.is_valid_slice(b"1.5e1"));
    assert_eq!(abort_of(&v, b"1.5 ").map(|a| a.offset), Some(3));
}

#[test]
fn false_schema_aborts_at_the_value() {
    aborts_at(
        json!({"properties": {"a": false}}),
        r#"{"a": 1}"#,
        "1",
        "false",
    );
    aborts_at(json!({"items": false}), r#"[ 1]"#, "1", "items");
}

#[test]
fn unknown_key_of_a_closed_object_aborts_on_its_prefix() {
    let schema = json!({
        "type": "object",
        "properties": {"city": {}, "country": {}},
        "additionalProperties": false
    });
    // "co" still starts "country"; "cou" too; "cox" starts nothing.
    aborts_at(
        schema.clone(),
        r#"{"city": 1, "cox": 2}"#,
        r#"x""#,
        "additionalProperties",
    );
    let v = validator(schema);
    assert!(abort_of(&v, br#"{"city": 1, "cou"#).is_none());
    // With patternProperties the key is decided when it is complete.
    let schema = json!({"patternProperties": {"^x": {}}, "additionalProperties": false});
    aborts_at(
        schema,
        r#"{"xa": 1, "ya": 2}"#,
        r#"": 2"#,
        "additionalProperties",
    );
}

#[test]
fn property_names_are_checked_when_the_key_ends() {
    let schema = json!({"propertyNames": {"maxLength": 2}});
    aborts_at(schema, r#"{"ab": 1, "abc": 2}"#, r#"": 2"#, "propertyNames");
}

#[test]
fn enum_and_const_abort_on_a_string_prefix() {
    let schema = json!({"properties": {"u": {"enum": ["celsius", "fahrenheit", 3]}}});
    aborts_at(schema.clone(), r#"{"u": "cels1us"}"#, "1us", "enum");
    let v = validator(schema);
    assert!(abort_of(&v, br#"{"u": "fahr"#).is_none());
    // A number is a member's type here; a boolean is not.
    assert!(abort_of(&v, br#"{"u": 3"#).is_none());
    aborts_at(
        json!({"properties": {"u": {"enum": ["a", 3]}}}),
        r#"{"u": false}"#,
        "false",
        "enum",
    );
    aborts_at(json!({"const": "yes"}), r#""yep""#, "p", "const");
}

#[test]
fn max_length_aborts_once_exceeded() {
    aborts_at(json!({"maxLength": 3}), r#""abcd""#, "d", "maxLength");
    // Code points, not bytes.
    let v = validator(json!({"maxLength": 3}));
    assert!(abort_of(&v, "\"ééé".as_bytes()).is_none());
}

#[test]
fn numbers_abort_only_when_every_completion_is_out_of_bounds() {
    let max = json!({"maximum": 5});
    let v = validator(max.clone());
    // "1" may become 10 (out) or 1e-3 (in): no abort until it ends.
    assert!(abort_of(&v, b"10").is_none());
    assert!(abort_of(&v, b"10e").is_none());
    assert!(abort_of(&v, b"10e-").is_none());
    aborts_at(json!({"items": max}), "[10]", "]", "maximum");
    // A non-negative exponent only grows the magnitude.
    aborts_at(max.clone(), "2e1", "1", "maximum");
    aborts_at(max, "6E+0", "+", "maximum");
    // The sign decides against a bound on the other side of zero.
    aborts_at(json!({"minimum": 0}), "-1", "1", "minimum");
    let v = validator(json!({"minimum": 0}));
    assert!(abort_of(&v, b"-0").is_none());
    assert!(v.is_valid_slice(b"-0"));
    aborts_at(
        json!({"exclusiveMinimum": 0}),
        "-0",
        "-",
        "exclusiveMinimum",
    );
    aborts_at(
        json!({"exclusiveMaximum": 0}),
        "0.5",
        "0",
        "exclusiveMaximum",
    );
}

#[test]
fn too_many_items_and_properties_abort_at_the_extra_one() {
    aborts_at(json!({"maxItems": 2}), "[1, 2, 3]", "3", "maxItems");
    aborts_at(
        json!({"maxProperties": 1}),
        r#"{"a": 1, "b": 2}"#,
        r#""b""#,
        "maxProperties",
    );
    aborts_at(
        json!({"prefixItems": [{}], "items": false}),
        r#"[1, 2]"#,
        "2",
        "items",
    );
}

#[test]
fn missing_required_members_abort_when_the_object_closes() {
    let schema = json!({"properties": {"o": {"required": ["a", "b"]}}});
    aborts_at(schema, r#"{"o": {"a": 1}, "x": 2}"#, "}, ", "required");
}

#[test]
fn min_items_and_a_failed_member_abort_at_their_close() {
    aborts_at(json!({"minItems": 2}), "[1]", "]", "minItems");
    aborts_at(
        json!({"properties": {"a": {"multipleOf": 2}}}),
        r#"{"a": 3}"#,
        "}",
        "multipleOf",
    );
    aborts_at(
        json!({"properties": {"a": {"pattern": "^x"}}}),
        r#"{"a": "yz", "b": 1}"#,
        r#"", "b"#,
        "pattern",
    );
}

#[test]
fn malformed_json_aborts_where_parsing_stops() {
    let v = validator(json!({}));
    let a = abort_of(&v, br#"{"a": tru"#);
    assert!(a.is_none());
    let a = abort_of(&v, br#"{"a": trx"#).unwrap();
    assert_eq!(a.offset, 8);
    assert!(matches!(a.error.kind, ErrorKind::Malformed { offset: 6 }));
    let a = abort_of(&v, br#"[1,]"#).unwrap();
    assert_eq!(a.offset, 3);
}

#[test]
fn applicators_that_need_the_whole_value_decide_it_when_it_closes() {
    // `anyOf` waits: "ab" may still become "abc".
    let schema = json!({"properties": {"a": {"anyOf": [{"const": "abc"}, {"type": "integer"}]}}});
    let v = validator(schema.clone());
    assert!(abort_of(&v, br#"{"a": "abx"#).is_none());
    aborts_at(schema, r#"{"a": "abx", "b": 1}"#, r#"", "b"#, "anyOf");
    // A container under `anyOf` is buffered and decided at its close.
    let schema =
        json!({"properties": {"o": {"anyOf": [{"required": ["x"]}, {"maxProperties": 0}]}}});
    aborts_at(schema, r#"{"o": {"y": 1}}"#, "}}", "anyOf");
    // `not` never aborts on a prefix.
    let v = validator(json!({"not": {"type": "array", "maxItems": 1}}));
    assert!(abort_of(&v, b"[1, 2").is_none());
    assert!(v.is_valid_slice(b"[1, 2]"));
}

#[test]
fn contains_failures_in_items_do_not_abort() {
    let v = validator(json!({"contains": {"type": "string"}, "maxItems": 3}));
    assert!(abort_of(&v, br#"[1, 2, "x""#).is_none());
    assert!(v.is_valid_slice(br#"[1, 2, "x"]"#));
    assert_eq!(
        abort_of(&v, b"[1, 2]").map(|a| a.error.keyword),
        Some("contains")
    );
}

#[test]
fn malformed_input_inside_a_deferred_value_names_the_pointer_validate_slice_names() {
    // The byte path walks `[xalse]` through the `anyOf` branch with `items`.
    let v = validator(json!({"anyOf": [{}, {"items": {}, "maxItems": 0}]}));
    let doc = b"[[xalse],[]]";
    let (_, verdict) = stream_chunks(&v, [&doc[..]]);
    assert_eq!(verdict, v.validate_slice(doc));
    assert_eq!(verdict.unwrap_err()[0].instance_pointer, "/0/0");
}

#[test]
fn truncated_input_is_reported_as_validate_slice_does() {
    let v = validator(json!({"type": "object"}));
    for doc in [
        &br#"{"a": [1, "x"#[..],
        b"",
        b"  ",
        b"{",
        br#"{"a""#,
        b"[1.",
        b"tr",
    ] {
        let (_, verdict) = stream_chunks(&v, [doc]);
        assert_eq!(
            verdict,
            v.validate_slice(doc),
            "{}",
            String::from_utf8_lossy(doc)
        );
        let errors = verdict.unwrap_err();
        assert!(matches!(errors[0].kind, ErrorKind::Truncated { .. }));
    }
}

#[test]
fn a_stream_uses_no_buffer_for_a_streamed_schema() {
    // A long array of objects: memory does not grow with the document.
    let v = validator(json!({
        "type": "array",
        "items": {"type": "object", "properties": {"k": {"enum": ["v"]}}, "required": ["k"]}
    }));
    let mut s = v.stream();
    assert_eq!(s.feed(b"["), Progress::Continue);
    for i in 0..10_000 {
        let item: &[u8] = if i == 0 {
            br#"{"k":"v"}"#
        } else {
            br#",{"k":"v"}"#
        };
        assert_eq!(s.feed(item), Progress::Continue);
    }
    s.feed(b"]");
    assert!(s.is_complete());
    assert_eq!(s.finish(), Ok(()));
}

// ---------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------

fn key() -> BoxedStrategy<String> {
    prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("ab".to_owned()),
        Just("x1".to_owned()),
        Just("é\"".to_owned()),
    ]
    .boxed()
}

fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![
            Just(json!(0)),
            Just(json!(-1)),
            Just(json!(3)),
            Just(json!(10)),
            Just(json!(2.5)),
            Just(json!(-0.5)),
            Just(json!(1e30))
        ],
        prop_oneof![
            Just(json!("")),
            Just(json!("a")),
            Just(json!("ab")),
            Just(json!("abc")),
            Just(json!("x\ny")),
            Just(json!("ü€😀")),
            Just(json!("2024-01-31"))
        ],
    ]
    .boxed()
}

fn instance() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

fn leaf_schema() -> BoxedStrategy<Value> {
    let types = prop_oneof![
        Just("null"),
        Just("boolean"),
        Just("integer"),
        Just("number"),
        Just("string"),
        Just("object"),
        Just("array")
    ];
    prop_oneof![
        Just(json!({})),
        Just(json!(false)),
        types.prop_map(|t| json!({"type": t})),
        prop::collection::vec(scalar(), 1..4).prop_map(|e| json!({"enum": e})),
        scalar().prop_map(|c| json!({"const": c})),
        (0i64..12).prop_map(|n| json!({"maximum": n})),
        (-2i64..4).prop_map(|n| json!({"minimum": n})),
        (-1i64..2).prop_map(|n| json!({"exclusiveMinimum": n, "exclusiveMaximum": n + 11})),
        (0u64..4).prop_map(|n| json!({"maxLength": n, "minLength": n / 2})),
        Just(json!({"pattern": "^a"})),
        Just(json!({"format": "date"})),
        Just(json!({"multipleOf": 2})),
    ]
    .boxed()
}

fn schema() -> BoxedStrategy<Value> {
    leaf_schema()
        .prop_recursive(3, 20, 3, |inner| {
            let props = prop::collection::btree_map(key(), inner.clone(), 0..3);
            prop_oneof![
                (
                    props,
                    prop::collection::vec(key(), 0..2),
                    prop_oneof![
                        Just(None),
                        Just(Some(json!(false))),
                        inner.clone().prop_map(Some)
                    ],
                    0u64..4,
                    any::<bool>(),
                )
                    .prop_map(|(p, req, extra, max, names)| {
                        let mut s = json!({"type": "object", "properties": p, "required": req});
                        if let Some(e) = extra {
                            s["additionalProperties"] = e;
                        }
                        if max < 3 {
                            s["maxProperties"] = json!(max);
                        } else {
                            s["minProperties"] = json!(1);
                        }
                        if names {
                            s["propertyNames"] = json!({"maxLength": 2});
                            s["patternProperties"] = json!({"^x": {"type": "integer"}});
                        }
                        s
                    }),
                (inner.clone(), 0u64..4, any::<bool>()).prop_map(|(items, max, tuple)| {
                    let mut s = json!({"items": items, "maxItems": max, "minItems": max / 2});
                    if tuple {
                        s["prefixItems"] = json!([{"type": "string"}]);
                    }
                    s
                }),
                inner
                    .clone()
                    .prop_map(|c| json!({"contains": c, "minContains": 1})),
                prop::collection::vec(inner.clone(), 2..3).prop_map(|v| json!({"anyOf": v})),
                prop::collection::vec(inner.clone(), 2..3).prop_map(|v| json!({"oneOf": v})),
                prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"allOf": v})),
                inner.clone().prop_map(|n| json!({"not": n})),
                (inner.clone(), inner.clone()).prop_map(|(i, t)| json!({"if": i, "then": t})),
                Just(json!({"uniqueItems": true})),
                Just(json!({"enum": [[1], {"a": 1}, "a"]})),
                inner.prop_map(|d| json!({"$defs": {"d": d}, "items": {"$ref": "#/$defs/d"}})),
            ]
        })
        .boxed()
}

/// A valid or invalid document, compact or pretty, sometimes with one byte
/// replaced (malformed input).
fn case() -> impl Strategy<Value = (Value, Vec<u8>)> {
    (
        schema(),
        instance(),
        any::<bool>(),
        prop::option::weighted(
            0.15,
            (
                any::<prop::sample::Index>(),
                prop_oneof![
                    Just(b','),
                    Just(b'}'),
                    Just(b'"'),
                    Just(b'x'),
                    Just(b'\\'),
                    Just(0xFFu8),
                    Just(b'1')
                ],
            ),
        ),
    )
        .prop_map(|(s, i, pretty, mutation)| {
            let mut doc = if pretty {
                serde_json::to_vec_pretty(&i).unwrap()
            } else {
                serde_json::to_vec(&i).unwrap()
            };
            if let Some((at, b)) = mutation {
                let at = at.index(doc.len());
                doc[at] = b;
            }
            (s, doc)
        })
}

fn check(schema: &Value, doc: &[u8], chunk_sizes: &[usize]) -> Result<(), TestCaseError> {
    let v = Validator::new(schema).map_err(|e| TestCaseError::reject(e.to_string()))?;
    let show = || format!("schema {schema}\ndoc {}", String::from_utf8_lossy(doc));
    let whole = v.validate_slice(doc);
    // Split at every byte position.
    let mut first_abort = None;
    for i in 0..=doc.len() {
        let (abort, verdict) = stream_chunks(&v, [&doc[..i], &doc[i..]]);
        prop_assert_eq!(&verdict, &whole, "split at {}: {}", i, show());
        match (first_abort, abort) {
            (None, a) => first_abort = Some(a),
            (Some(a), b) => {
                prop_assert_eq!(a, b, "abort depends on the split at {}: {}", i, show())
            }
        }
    }
    // Random chunking.
    let mut chunks = Vec::new();
    let mut rest = doc;
    for &n in chunk_sizes.iter().cycle().take(doc.len() + 1) {
        if rest.is_empty() {
            break;
        }
        let (c, r) = rest.split_at(n.min(rest.len()));
        chunks.push(c);
        rest = r;
    }
    let (abort, verdict) = stream_chunks(&v, chunks);
    prop_assert_eq!(&verdict, &whole, "chunked: {}", show());
    prop_assert_eq!(Some(abort), first_abort, "chunked abort: {}", show());
    // Soundness: a valid document never aborts; an abort means invalid.
    if whole.is_ok() {
        prop_assert_eq!(abort, None, "aborted a valid document: {}", show());
    }
    if let Some(at) = abort {
        prop_assert!(whole.is_err(), "abort on a valid document: {}", show());
        // Exactly at `at`: the prefix before it does not abort, with it it does.
        prop_assert!(abort_of(&v, &doc[..at]).is_none(), "{}", show());
        prop_assert_eq!(
            abort_of(&v, &doc[..=at]).map(|a| a.offset),
            Some(at),
            "{}",
            show()
        );
    }
    // Every prefix (truncated input) also ends like validate_slice.
    for i in (0..doc.len()).step_by(3) {
        let (_, verdict) = stream_chunks(&v, [&doc[..i]]);
        prop_assert_eq!(
            verdict,
            v.validate_slice(&doc[..i]),
            "prefix {}: {}",
            i,
            show()
        );
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(96)
}

#[test]
fn streaming_verdict_equals_validate_slice_at_every_split() {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (case(), prop::collection::vec(1usize..17, 1..5));
    runner
        .run(&strategy, |((schema, doc), sizes)| {
            check(&schema, &doc, &sizes)
        })
        .unwrap();
}

#[test]
fn valid_documents_from_the_schema_never_abort() {
    // Valid documents are rare among random ones: take schema + instance pairs
    // that validate_slice accepts and check every prefix fed byte by byte.
    let mut runner = TestRunner::new(Config {
        cases: cases() * 4,
        failure_persistence: None,
        ..Config::default()
    });
    let valid = std::sync::atomic::AtomicUsize::new(0);
    runner
        .run(&(schema(), instance()), |(schema, inst)| {
            let Ok(v) = Validator::new(&schema) else {
                return Ok(());
            };
            let doc = serde_json::to_vec(&inst).unwrap();
            if !v.is_valid_slice(&doc) {
                return Ok(());
            }
            valid.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut s = v.stream();
            for (i, b) in doc.iter().enumerate() {
                prop_assert_eq!(
                    s.feed(std::slice::from_ref(b)),
                    Progress::Continue,
                    "byte {} of {} for {}",
                    i,
                    String::from_utf8_lossy(&doc),
                    schema
                );
            }
            prop_assert_eq!(s.finish(), Ok(()));
            Ok(())
        })
        .unwrap();
    assert!(valid.into_inner() > 0, "no valid case generated");
}
