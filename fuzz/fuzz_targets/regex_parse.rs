//! The ECMA-262 parser, translator and engines on arbitrary patterns: nothing panics, `parse`
//! agrees with `Pattern::new`, errors point inside the pattern, and matching terminates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemalint_formats::regex::{parse, Pattern};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(source);
    match Pattern::with_backtrack_limit(source, 10_000) {
        Ok(pattern) => {
            assert_eq!(parsed, Ok(pattern.features()));
            // Match the pattern against itself and a few fixed strings; only the limit may fail.
            for haystack in [source, "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "\r\n\u{2028}é🐲"] {
                let _ = pattern.is_match(haystack);
            }
        }
        Err(error) => {
            assert!(error.offset <= source.len(), "{error} for {source:?}");
            assert!(source.is_char_boundary(error.offset), "{error} for {source:?}");
            if parsed.is_ok() {
                // A valid pattern may only fail because an engine cannot build it.
                assert!(error.message.contains("cannot be compiled"), "{error} for {source:?}");
            } else {
                assert_eq!(parsed.as_ref().err(), Some(&error));
            }
        }
    }
});
