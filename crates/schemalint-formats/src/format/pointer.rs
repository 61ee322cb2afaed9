//! RFC 6901 JSON Pointers and draft-bhutton-relative-json-pointer-00.

/// `""` or `/`-separated reference tokens where `~` is only ever `~0` or `~1`.
pub(super) fn is_json_pointer(value: &str) -> bool {
    let b = value.as_bytes();
    if b.is_empty() {
        return true;
    }
    if b[0] != b'/' {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'~' {
            if !matches!(b.get(i + 1), Some(b'0' | b'1')) {
                return false;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    true
}

/// A non-negative integer without leading zeros, then `#` or a JSON Pointer.
pub(super) fn is_relative_json_pointer(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || (digits > 1 && b[0] == b'0') {
        return false;
    }
    let rest = &value[digits..];
    rest == "#" || is_json_pointer(rest)
}
