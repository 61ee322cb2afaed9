//! `email` (RFC 5321 `Mailbox`) and `idn-email` (RFC 6531, which also allows UTF-8).

use super::{hostname, ip};

/// RFC 5322 `atext`, plus any non-ASCII character for RFC 6531.
fn is_atext(c: char, international: bool) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '!' | '#' | '$' | '%' | '&' | '\'' | '*' | '+' | '-' | '/' | '=' | '?' | '^' | '_'
        | '`' | '{' | '|' | '}' | '~' => true,
        _ => international && !c.is_ascii(),
    }
}

/// `Local-part "@" ( Domain / address-literal )`; the local part is at most 64 octets.
pub(super) fn is_email(value: &str, international: bool) -> bool {
    let Some((local, domain)) = split_mailbox(value, international) else {
        return false;
    };
    if local.is_empty() || local.len() > 64 {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.strip_prefix("IPv6:") {
            Some(v6) => ip::is_ipv6(v6),
            None => ip::is_ipv4(literal),
        };
    }
    if international {
        hostname::is_idn_hostname(domain)
    } else {
        hostname::is_hostname(domain)
    }
}

/// Splits at the `@` after a valid local part (a dot-string or a quoted string).
fn split_mailbox(value: &str, international: bool) -> Option<(&str, &str)> {
    if let Some(quoted) = value.strip_prefix('"') {
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let end = 1 + i + 1;
                    let domain = value[end..].strip_prefix('@')?;
                    return Some((&value[..end], domain));
                }
                '\\' => {
                    let (_, escaped) = chars.next()?;
                    let ok = matches!(escaped, ' '..='~') || (international && !escaped.is_ascii());
                    if !ok {
                        return None;
                    }
                }
                // qtextSMTP: printable ASCII but `"` and `\`, and space.
                ' '..='~' => {}
                c if international && !c.is_ascii() => {}
                _ => return None,
            }
        }
        return None;
    }
    let (local, domain) = value.split_once('@')?;
    let dot_string_ok = local
        .split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(|c| is_atext(c, international)));
    dot_string_ok.then_some((local, domain))
}
