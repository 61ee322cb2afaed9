//! Bytes path ≡ value path. The first byte picks the schema; for the rest,
//! when `serde_json` parses it into `value`, the byte path gives the same
//! verdict and the same errors as the `Value` path, and each error's range
//! covers exactly the failing value, on:
//! - the input bytes themselves, unless they repeat a key (a `Value` keeps the
//!   last member only) or hold a non-integer number (its literal may not be
//!   the shortest decimal of the `f64` the `Value` holds): both documented
//!   differences between the paths;
//! - `value` written back compactly and pretty-printed (always).
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemalint_validate::{ErrorKind, ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

#[path = "validate_schemas.rs"]
mod schemas;

fn validators() -> &'static [Validator] {
    static V: OnceLock<Vec<Validator>> = OnceLock::new();
    V.get_or_init(schemas::validators)
}

type Comparable = (String, String, &'static str, String, ErrorKind);

fn comparable(errors: &[ValidationError]) -> Vec<Comparable> {
    errors
        .iter()
        .map(|e| {
            (
                e.instance_pointer.clone(),
                e.schema_pointer.clone(),
                e.keyword,
                e.message.clone(),
                e.kind.clone(),
            )
        })
        .collect()
}

/// Equal, except that floats may be a few ULPs apart: `serde_json` (without
/// `float_roundtrip`) does not always read back the shortest decimal it wrote.
fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= 1e-14 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        _ => a == b,
    }
}

fn same(v: &Validator, bytes: &[u8], value: &Value) {
    let from_bytes = v.validate_slice(bytes);
    let from_value = v.validate(&value);
    let eb = from_bytes.as_ref().err().cloned().unwrap_or_default();
    let ev = from_value.as_ref().err().cloned().unwrap_or_default();
    assert_eq!(comparable(&eb), comparable(&ev), "bytes vs value errors");
    assert_eq!(from_bytes.is_ok(), from_value.is_ok());
    assert_eq!(v.is_valid_slice(bytes), v.is_valid(&value));
    for e in &eb {
        let r = e.range.clone().expect("range from bytes");
        let covered: Value = serde_json::from_slice(&bytes[r.clone()])
            .unwrap_or_else(|err| panic!("range {r:?} of {e:?} is not one value: {err}"));
        let expected = value
            .pointer(&e.instance_pointer)
            .expect("pointer resolves");
        assert!(
            close(&covered, expected),
            "range {r:?} of {e:?}: {covered} vs {expected}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let Some(shape) = schemas::shape(bytes) else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        return;
    };
    let v = &validators()[pick as usize % validators().len()];
    if !shape.duplicate_keys && !shape.floats {
        same(v, bytes, &value);
    }
    same(v, &serde_json::to_vec(&value).unwrap(), &value);
    same(v, &serde_json::to_vec_pretty(&value).unwrap(), &value);
});
