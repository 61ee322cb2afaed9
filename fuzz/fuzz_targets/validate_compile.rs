//! Arbitrary bytes → JSON → `Validator::new`: compiling never panics or hangs,
//! and a compiled schema validates a few fixed instances without panicking,
//! with the same verdict and errors from bytes and from a `Value`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemalint_validate::Validator;
use serde_json::Value;

const INSTANCES: &[&str] = &[
    "null",
    "true",
    "0",
    "-1.5",
    "1e400",
    "\"\"",
    "\"abc\"",
    "[]",
    "[1,\"a\",[null],{}]",
    "{}",
    "{\"a\":1,\"b\":[true,{\"c\":\"d\"}]}",
];

fuzz_target!(|data: &[u8]| {
    let Ok(schema) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Ok(validator) = Validator::new(&schema) else {
        return;
    };
    for text in INSTANCES {
        let from_bytes = validator.validate_slice(text.as_bytes());
        assert_eq!(
            validator.is_valid_slice(text.as_bytes()),
            from_bytes.is_ok(),
            "is_valid_slice vs validate_slice on {text}"
        );
        // `1e400` does not fit a `Value` without arbitrary precision.
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let from_value = validator.validate(&value);
        assert_eq!(
            validator.is_valid(&value),
            from_value.is_ok(),
            "is_valid vs validate on {text}"
        );
        let strip = |r: Result<(), Vec<schemalint_validate::ValidationError>>| {
            r.err()
                .unwrap_or_default()
                .into_iter()
                .map(|mut e| {
                    e.range = None;
                    e
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            strip(from_bytes),
            strip(from_value),
            "bytes vs value on {text}"
        );
    }
});
