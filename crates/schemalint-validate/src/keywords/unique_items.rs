//! `uniqueItems`.

use crate::equal::values_equal;
use serde_json::Value;

/// The first pair of equal items, if any.
pub(crate) fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    for j in 1..items.len() {
        for i in 0..j {
            if values_equal(&items[i], &items[j]) {
                return Some((i, j));
            }
        }
    }
    None
}

pub(crate) fn message(i: usize, j: usize) -> String {
    format!("items {i} and {j} are equal, but items must be unique")
}
