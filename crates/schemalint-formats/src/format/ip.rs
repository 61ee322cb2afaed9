//! `ipv4` (RFC 2673 dotted quad) and `ipv6` (RFC 4291 text form).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// Four decimal octets with no leading zeros (`std` rejects those, and every other shorthand).
pub(super) fn is_ipv4(value: &str) -> bool {
    Ipv4Addr::from_str(value).is_ok()
}

/// RFC 4291 §2.2 forms, including `::` and an embedded dotted quad; no zone, prefix or brackets.
pub(super) fn is_ipv6(value: &str) -> bool {
    Ipv6Addr::from_str(value).is_ok()
}
