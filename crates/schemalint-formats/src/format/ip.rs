//! `ipv4` (RFC 2673 dotted quad) and `ipv6` (RFC 4291 §2.2 text forms), hand-written for speed;
//! a property test checks them against `std::net`'s parsers.

/// Four decimal octets, 0–255, with no leading zeros and nothing else.
pub(super) fn is_ipv4(value: &str) -> bool {
    is_ipv4_bytes(value.as_bytes())
}

fn is_ipv4_bytes(b: &[u8]) -> bool {
    let mut parts = 0;
    for part in b.split(|&c| c == b'.') {
        parts += 1;
        let valid = parts <= 4
            && (1..=3).contains(&part.len())
            && part.iter().all(u8::is_ascii_digit)
            && (part.len() == 1 || part[0] != b'0')
            && part.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0')) <= 255;
        if !valid {
            return false;
        }
    }
    parts == 4
}

/// Eight groups of 1–4 hex digits, or fewer with one `::`, optionally ending in a dotted quad
/// (which counts as two groups); no zone, prefix length or brackets.
pub(super) fn is_ipv6(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 2 || b.len() > 45 {
        return false;
    }
    let mut groups = 0;
    let mut compressed = false;
    let mut i = 0;
    if b.starts_with(b"::") {
        compressed = true;
        i = 2;
        if i == b.len() {
            return true;
        }
    }
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_hexdigit() && i - start < 5 {
            i += 1;
        }
        if b.get(i) == Some(&b'.') {
            // A dotted quad may only end the address.
            if !is_ipv4_bytes(&b[start..]) {
                return false;
            }
            groups += 2;
            break;
        }
        if i == start || i - start > 4 {
            return false;
        }
        groups += 1;
        if i == b.len() {
            break;
        }
        if b[i] != b':' {
            return false;
        }
        i += 1;
        if b.get(i) == Some(&b':') {
            if compressed {
                return false;
            }
            compressed = true;
            i += 1;
            if i == b.len() {
                break;
            }
        } else if i == b.len() {
            return false;
        }
    }
    if compressed {
        groups <= 7
    } else {
        groups == 8
    }
}
