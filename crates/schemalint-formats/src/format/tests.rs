use super::{check, KNOWN};

fn valid(format: &str, value: &str) -> bool {
    check(format, value).unwrap_or_else(|| panic!("{format} should be known"))
}

#[test]
fn unknown_formats_are_none_and_known_ones_are_some() {
    assert_eq!(check("color", "red"), None);
    assert_eq!(check("", ""), None);
    assert_eq!(
        check("Date", "2020-01-01"),
        None,
        "format names are case-sensitive"
    );
    for name in KNOWN {
        assert!(check(name, "").is_some(), "{name}");
    }
}

#[test]
fn dates_and_times() {
    assert!(valid("date", "2000-02-29"));
    assert!(!valid("date", "1900-02-29"));
    assert!(!valid("date", "2000-02-29T00:00:00Z"));
    assert!(valid("time", "00:29:60-23:30"));
    assert!(!valid("time", "00:29:60-23:31"));
    assert!(valid("time", "23:59:60.5Z"));
    assert!(!valid("time", "12:00:00."));
    assert!(!valid("time", "12:00:00+01:00:00"));
    assert!(valid("date-time", "2016-12-31T23:59:60Z"));
    assert!(valid("date-time", "2017-01-01T00:59:60+01:00"));
    assert!(!valid("date-time", "2016-12-31 23:59:59Z"));
    assert!(!valid("date-time", "2016-12-31T"));
}

#[test]
fn durations_follow_the_rfc_3339_abnf() {
    for ok in [
        "P1W",
        "P1Y",
        "P1Y2M",
        "P1Y2M3D",
        "P3D",
        "PT5S",
        "PT1M5S",
        "P1DT1H1M1S",
        "P0000D",
    ] {
        assert!(valid("duration", ok), "{ok}");
    }
    for bad in [
        "P1Y2D",
        "PT1H2S",
        "P1W1D",
        "PT1W",
        "P1.5D",
        "p1d",
        "P1DT",
        "P1M1Y",
        "P1Y2M3D4H",
    ] {
        assert!(!valid("duration", bad), "{bad}");
    }
}

#[test]
fn emails() {
    assert!(valid("email", "a.b+c@sub.example.org"));
    assert!(valid("email", "\"a\\\"b\"@example.org"));
    assert!(!valid("email", "\"unterminated@example.org"));
    assert!(!valid("email", "a@b@example.org"));
    assert!(
        !valid("email", "δ@example.org"),
        "non-ASCII needs idn-email"
    );
    assert!(valid("idn-email", "δ@παράδειγμα.δοκιμή"));
    assert!(!valid("email", &format!("{}@example.org", "a".repeat(65))));
    assert!(!valid("email", "a@[IPv6:1:2]"));
    assert!(!valid("email", "a@-example.org"));
}

#[test]
fn hostnames_and_a_labels() {
    assert!(valid("hostname", "xn--bcher-kva.example"));
    assert!(valid("hostname", "XN--BCHER-KVA.example"));
    assert!(
        !valid("hostname", "xn--bcher-kvb.example"),
        "decodes to a different, disallowed label"
    );
    assert!(!valid("hostname", "bücher.example"));
    assert!(valid("idn-hostname", "bücher.example"));
    assert!(
        valid("idn-hostname", "Bücher.example"),
        "ASCII capitals are lenient"
    );
    assert!(!valid("idn-hostname", "a\u{200D}b"));
    assert!(!valid("hostname", &"a.".repeat(127)));
    assert!(valid("hostname", &format!("{}a", "a.".repeat(126))));
}

#[test]
fn bidi_rule_applies_to_every_label_of_a_bidi_name() {
    assert!(valid("idn-hostname", "\u{5D0}\u{5D1}.example"));
    assert!(!valid("idn-hostname", "\u{5D0}\u{5D1}.1example"));
    assert!(
        valid("idn-hostname", "1example.com"),
        "no RTL label, no Bidi rule"
    );
}

#[test]
fn ip_addresses() {
    assert!(valid("ipv4", "1.2.3.4"));
    assert!(!valid("ipv4", "01.2.3.4"));
    assert!(valid("ipv6", "::ffff:1.2.3.4"));
    assert!(!valid("ipv6", "::ffff:1.2.3.04"));
    assert!(!valid("ipv6", "[::1]"));
}

#[test]
fn uris_and_iris() {
    assert!(valid("uri", "https://example.org/a?b#c"));
    assert!(!valid("uri", "//example.org"));
    assert!(valid("uri-reference", "//example.org"));
    assert!(!valid("uri", "https://example.org/ü"));
    assert!(valid("iri", "https://example.org/ü"));
    assert!(valid("iri-reference", "ü"));
    assert!(!valid("iri-reference", "a b"));
}

#[test]
fn uri_templates() {
    assert!(valid("uri-template", "/users/{id}{?fields*,page:3}"));
    assert!(valid("uri-template", "{=reserved}"));
    assert!(!valid("uri-template", "{id"));
    assert!(!valid("uri-template", "{a.}"));
    assert!(!valid("uri-template", "{.a}{.}"));
    assert!(!valid("uri-template", "%4"));
    assert!(!valid("uri-template", "{v:12345}"));
}

#[test]
fn pointers() {
    assert!(valid("json-pointer", "/a~0b/~1"));
    assert!(!valid("json-pointer", "/a~"));
    assert!(valid("relative-json-pointer", "0"));
    assert!(valid("relative-json-pointer", "10#"));
    assert!(!valid("relative-json-pointer", "#"));
    assert!(!valid("relative-json-pointer", "00"));
}

#[test]
fn uuids() {
    assert!(valid("uuid", "123e4567-e89b-12d3-a456-426614174000"));
    assert!(!valid("uuid", "{123e4567-e89b-12d3-a456-426614174000}"));
    assert!(!valid("uuid", "123e4567-e89b-12d3-a456-42661417400g"));
}

#[test]
fn regex_format_uses_the_ecma_parser() {
    assert!(valid("regex", r"^(?<y>\d{4})-\k<y>$"));
    assert!(!valid("regex", r"(?P<y>\d)"));
    assert!(!valid("regex", r"\a"));
}
