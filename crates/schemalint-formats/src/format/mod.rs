//! JSON Schema `format` checks (draft 2020-12 §7.3, plus `regex`).
//!
//! Each check is a pure function of the string; none allocates on the common path except where
//! noted (`idn-*` formats decode and re-encode labels). Non-string instances are the caller's
//! business: JSON Schema says formats ignore them.

mod datetime;
mod email;
mod hostname;
mod idna;
mod ip;
mod pointer;
mod punycode;
mod uri;
mod uri_template;

/// Every format name [`check`] knows.
pub const KNOWN: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Checks `value` against the format `name`: `Some(valid)`, or `None` when the format name is
/// unknown (callers decide whether that is an error).
///
/// ```
/// use schemalint_formats::format::check;
/// assert_eq!(check("ipv4", "192.168.0.1"), Some(true));
/// assert_eq!(check("ipv4", "192.168.0.01"), Some(false));
/// assert_eq!(check("date-time", "1998-12-31T23:59:60Z"), Some(true)); // a leap second
/// assert_eq!(check("color", "red"), None);
/// ```
pub fn check(name: &str, value: &str) -> Option<bool> {
    let valid = match name {
        "date-time" => datetime::is_date_time(value),
        "date" => datetime::is_date(value),
        "time" => datetime::is_time(value),
        "duration" => datetime::is_duration(value),
        "email" => email::is_email(value, false),
        "idn-email" => email::is_email(value, true),
        "hostname" => hostname::is_hostname(value),
        "idn-hostname" => hostname::is_idn_hostname(value),
        "ipv4" => ip::is_ipv4(value),
        "ipv6" => ip::is_ipv6(value),
        "uri" => uri::is_uri(value),
        "uri-reference" => uri::is_uri_reference(value),
        "iri" => uri::is_iri(value),
        "iri-reference" => uri::is_iri_reference(value),
        "uuid" => is_uuid(value),
        "uri-template" => uri_template::is_uri_template(value),
        "json-pointer" => pointer::is_json_pointer(value),
        "relative-json-pointer" => pointer::is_relative_json_pointer(value),
        "regex" => crate::regex::parse(value).is_ok(),
        _ => return None,
    };
    Some(valid)
}

/// RFC 9562 hyphenated form only (`8-4-4-4-12` hex digits, any case, any version or variant).
fn is_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests;
