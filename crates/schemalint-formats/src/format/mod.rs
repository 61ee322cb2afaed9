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
    checker(name).map(|is_valid| is_valid(value))
}

/// The check for the format `name`, to look up once (when a schema is compiled) and call per
/// value; `None` when the format name is unknown.
///
/// ```
/// use schemalint_formats::format::checker;
/// let is_uuid = checker("uuid").unwrap();
/// assert!(is_uuid("2eb8aa08-aa98-11ea-b4aa-73b441d16380"));
/// assert!(checker("colour").is_none());
/// ```
pub fn checker(name: &str) -> Option<fn(&str) -> bool> {
    let check: fn(&str) -> bool = match name {
        "date-time" => datetime::is_date_time,
        "date" => datetime::is_date,
        "time" => datetime::is_time,
        "duration" => datetime::is_duration,
        "email" => |v| email::is_email(v, false),
        "idn-email" => |v| email::is_email(v, true),
        "hostname" => hostname::is_hostname,
        "idn-hostname" => hostname::is_idn_hostname,
        "ipv4" => ip::is_ipv4,
        "ipv6" => ip::is_ipv6,
        "uri" => uri::is_uri,
        "uri-reference" => uri::is_uri_reference,
        "iri" => uri::is_iri,
        "iri-reference" => uri::is_iri_reference,
        "uuid" => is_uuid,
        "uri-template" => uri_template::is_uri_template,
        "json-pointer" => pointer::is_json_pointer,
        "relative-json-pointer" => pointer::is_relative_json_pointer,
        "regex" => |v| crate::regex::parse(v).is_ok(),
        _ => return None,
    };
    Some(check)
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
