//! `hostname` (RFC 1123, with RFC 5890 A-labels checked) and `idn-hostname` (RFC 5890 U-labels).

use super::{idna, punycode};

/// Full stop and the three other dots IDNA treats as label separators (RFC 3490 §3.1).
fn is_idn_separator(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// Letters, digits and inner hyphens, 1 to 63 octets.
fn is_ldh_label(label: &str) -> bool {
    let b = label.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

fn is_a_label_candidate(label: &str) -> bool {
    label.len() >= 4 && label.as_bytes()[..4].eq_ignore_ascii_case(b"xn--")
}

/// Decodes an `xn--` label into `chars` and checks that it is a valid A-label: canonical
/// Punycode of a valid U-label that is not all ASCII.
fn decode_a_label(label: &str, chars: &mut Vec<char>, scratch: &mut String) -> bool {
    let encoded = &label[4..];
    if punycode::decode(encoded, chars).is_none() || chars.iter().all(char::is_ascii) {
        return false;
    }
    if punycode::encode(chars, scratch).is_none() || !scratch.eq_ignore_ascii_case(encoded) {
        return false;
    }
    idna::is_valid_u_label(chars)
}

/// RFC 1123 host name: dot-separated LDH labels, at most 253 octets, no trailing dot. Labels
/// starting with `xn--` must be valid A-labels.
pub(super) fn is_hostname(value: &str) -> bool {
    let b = value.as_bytes();
    if b.is_empty() || b.len() > 253 {
        return false;
    }
    // One pass for plain LDH names; only names with a `??--` label take the IDNA path.
    let mut label_start = 0;
    let mut has_reserved_label = false;
    for i in 0..=b.len() {
        if i == b.len() || b[i] == b'.' {
            let label = &b[label_start..i];
            if label.is_empty()
                || label.len() > 63
                || label[0] == b'-'
                || label[label.len() - 1] == b'-'
            {
                return false;
            }
            has_reserved_label |= label.len() >= 4 && label[2] == b'-' && label[3] == b'-';
            label_start = i + 1;
        } else if !(b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            return false;
        }
    }
    !has_reserved_label || is_hostname_with_a_labels(value)
}

/// The full check, decoding `xn--` labels.
fn is_hostname_with_a_labels(value: &str) -> bool {
    let mut chars = Vec::new();
    let mut scratch = String::new();
    let mut bidi_domain = false;
    for label in value.split('.') {
        if !is_ldh_label(label) {
            return false;
        }
        if is_a_label_candidate(label) {
            if !decode_a_label(label, &mut chars, &mut scratch) {
                return false;
            }
            bidi_domain |= idna::has_rtl(chars.iter().copied());
        }
    }
    !bidi_domain
        || value
            .split('.')
            .all(|label| label_passes_bidi(label, &mut chars))
}

/// The Bidi rule for an ASCII label, decoding it first when it is an A-label.
fn label_passes_bidi(label: &str, chars: &mut Vec<char>) -> bool {
    if is_a_label_candidate(label) && punycode::decode(&label[4..], chars).is_some() {
        idna::bidi_rule(chars.iter().copied())
    } else {
        idna::bidi_rule(label.chars())
    }
}

/// RFC 5890 internationalized host name: labels separated by any IDNA dot, each an LDH label, a
/// valid A-label or a valid U-label, with the Bidi rule when any label is right-to-left, and at
/// most 63 octets per label and 253 for the name in A-label form.
pub(super) fn is_idn_hostname(value: &str) -> bool {
    if value.is_empty() {
        return false;
    }
    let mut chars = Vec::new();
    let mut scratch = String::new();
    let mut ascii_length = 0usize;
    let mut bidi_domain = false;
    for label in value.split(is_idn_separator) {
        if label.is_ascii() {
            if !is_ldh_label(label) {
                return false;
            }
            if is_a_label_candidate(label) {
                if !decode_a_label(label, &mut chars, &mut scratch) {
                    return false;
                }
                bidi_domain |= idna::has_rtl(chars.iter().copied());
            } else {
                bidi_domain |= idna::has_rtl(label.chars());
            }
            ascii_length += label.len() + 1;
        } else {
            chars.clear();
            chars.extend(label.chars());
            // Every code point costs at least one octet of the A-label, so longer labels are
            // too long; checking first also bounds Punycode's quadratic encoder.
            if chars.len() > 63 {
                return false;
            }
            if !idna::is_valid_u_label(&chars) {
                return false;
            }
            if punycode::encode(&chars, &mut scratch).is_none() || scratch.len() + 4 > 63 {
                return false;
            }
            bidi_domain |= idna::has_rtl(chars.iter().copied());
            ascii_length += scratch.len() + 5;
        }
    }
    if ascii_length - 1 > 253 {
        return false;
    }
    !bidi_domain
        || value.split(is_idn_separator).all(|label| {
            if label.is_ascii() {
                label_passes_bidi(label, &mut chars)
            } else {
                idna::bidi_rule(label.chars())
            }
        })
}
