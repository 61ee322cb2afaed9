//! Every `format` check on arbitrary strings: nothing panics and every known name answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemalint_formats::format::{check, KNOWN};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    for name in KNOWN {
        assert!(check(name, value).is_some(), "{name} is known");
    }
});
