//! Property tests: no input makes the parser, the compiler, the matcher or a format check panic,
//! and `parse` (with the Annex B fallback) agrees with `Pattern::new` about syntax.

use proptest::prelude::*;
use schemalint_formats::{format, regex};

/// Strings biased towards regex syntax, so the generator reaches deep parser states.
fn regexish() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\\".to_owned()),
        Just("|".to_owned()),
        Just("?".to_owned()),
        Just("*".to_owned()),
        Just("+".to_owned()),
        Just("^".to_owned()),
        Just("$".to_owned()),
        Just(".".to_owned()),
        Just("-".to_owned()),
        Just(",".to_owned()),
        Just("(?<".to_owned()),
        Just("(?=".to_owned()),
        Just("(?<=".to_owned()),
        Just("(?!".to_owned()),
        Just("\\k<".to_owned()),
        Just("\\p{".to_owned()),
        Just("\\u{".to_owned()),
        Just("\\uD83D".to_owned()),
        Just("\\c".to_owned()),
        Just("\\x".to_owned()),
        Just("\\1".to_owned()),
        Just("\\b".to_owned()),
        "[a-z0-9]{1,3}",
        "[0-9]{1,12}",
        "\\PC",
        "[\\\\a-zA-Z]{2}",
    ];
    prop::collection::vec(atom, 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_arbitrary_strings(source in any::<String>()) {
        let _ = regex::parse(&source);
    }

    #[test]
    fn parse_and_compile_agree_and_never_panic(source in regexish(), haystack in "\\PC{0,12}") {
        let parsed = regex::parse(&source);
        let annex_b = regex::parse_in(&source, regex::Dialect::AnnexB);
        match regex::Pattern::with_backtrack_limit(&source, 10_000) {
            Ok(pattern) => {
                // `u` mode whenever it is valid there, else Annex B.
                let expected = if parsed.is_ok() { regex::Dialect::Unicode } else { regex::Dialect::AnnexB };
                prop_assert_eq!(pattern.dialect(), expected);
                prop_assert_eq!(regex::parse_in(&source, expected), Ok(pattern.features()));
                let _ = pattern.is_match(&haystack);
            }
            Err(error) => {
                prop_assert!(error.offset <= source.len());
                prop_assert!(source.is_char_boundary(error.offset));
                // Only valid patterns the engines cannot build fail after parsing.
                if parsed.is_ok() || annex_b.is_ok() {
                    prop_assert!(error.message.contains("cannot be compiled"), "{}", error);
                }
            }
        }
    }

    #[test]
    fn format_checks_never_panic(value in any::<String>()) {
        for name in format::KNOWN {
            prop_assert!(format::check(name, &value).is_some());
        }
    }

    #[test]
    fn hostname_checks_never_panic_on_label_like_input(value in "([a-zA-Z0-9-]{0,8}|xn--[a-z0-9-]{0,12}|\\PC{0,3})([.\u{3002}](xn--[a-z0-9-]{0,10}|\\PC{0,4}))*") {
        let _ = format::check("hostname", &value);
        let _ = format::check("idn-hostname", &value);
        let _ = format::check("idn-email", &format!("a@{value}"));
    }
}

/// Strings that look like IP addresses: digits, hex, dots, colons and a few strays.
fn ip_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just(":".to_owned()),
            Just("::".to_owned()),
            Just(".".to_owned()),
            "[0-9]{1,4}",
            "[0-9a-fA-F]{1,5}",
            Just("255".to_owned()),
            Just("256".to_owned()),
            Just("0".to_owned()),
            Just("00".to_owned()),
            Just("%".to_owned()),
            Just(" ".to_owned()),
        ],
        0..18,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The hand-written IP checks agree with `std::net` on every input.
    #[test]
    fn ip_checks_agree_with_std(value in ip_like()) {
        prop_assert_eq!(
            format::check("ipv4", &value),
            Some(value.parse::<std::net::Ipv4Addr>().is_ok()),
            "ipv4 {:?}", value
        );
        prop_assert_eq!(
            format::check("ipv6", &value),
            Some(value.parse::<std::net::Ipv6Addr>().is_ok()),
            "ipv6 {:?}", value
        );
    }
}
