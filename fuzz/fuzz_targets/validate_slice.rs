//! The seed-002 schemas × arbitrary bytes: `validate_slice` and
//! `is_valid_slice` never panic or hang, agree on the verdict, and report
//! ranges inside the input; syntax errors come alone.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemalint_validate::{ErrorKind, Validator};
use std::sync::OnceLock;

#[path = "validate_schemas.rs"]
mod schemas;

fn validators() -> &'static [Validator] {
    static V: OnceLock<Vec<Validator>> = OnceLock::new();
    V.get_or_init(schemas::validators)
}

fuzz_target!(|data: &[u8]| {
    for v in validators() {
        let result = v.validate_slice(data);
        assert_eq!(v.is_valid_slice(data), result.is_ok());
        let Err(errors) = result else { continue };
        assert!(!errors.is_empty(), "an invalid verdict without errors");
        let syntax = errors
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    ErrorKind::Malformed { .. }
                        | ErrorKind::Truncated { .. }
                        | ErrorKind::InvalidUtf8 { .. }
                )
            })
            .count();
        assert!(
            syntax == 0 || errors.len() == 1,
            "a syntax error comes alone: {errors:?}"
        );
        for e in &errors {
            let r = e.range.clone().expect("errors from bytes have a range");
            assert!(
                r.start <= r.end && r.end <= data.len(),
                "range {r:?} outside {} bytes",
                data.len()
            );
            if let ErrorKind::Malformed { offset } | ErrorKind::InvalidUtf8 { offset } = e.kind {
                assert!(offset <= data.len());
            }
        }
        // Well-formed JSON is never called malformed, and vice versa.
        if syntax == 0 {
            assert!(std::str::from_utf8(data).is_ok(), "accepted invalid UTF-8");
        }
        // (`IgnoredAny` skips strings without checking their UTF-8.)
        if std::str::from_utf8(data).is_ok()
            && serde_json::from_slice::<serde::de::IgnoredAny>(data).is_ok()
        {
            assert!(
                syntax == 0,
                "serde_json parses it, we call it {:?}",
                errors[0].kind
            );
        }
    }
});
