//! `enum`.

use super::Scalar;
use crate::equal::{scalar_equals, values_equal};
use serde_json::Value;

pub(crate) struct Enum {
    pub(crate) values: Vec<Value>,
    /// Some allowed value is an array or object (the byte path must buffer).
    pub(crate) has_containers: bool,
    /// The allowed values as messages list them, rendered once.
    shown: String,
}

pub(crate) fn compile(v: &Value) -> Result<Enum, String> {
    let values = v.as_array().ok_or("must be an array")?.clone();
    let has_containers = values.iter().any(|v| v.is_array() || v.is_object());
    let mut list: Vec<String> = values
        .iter()
        .take(8)
        .map(|v| serde_json::to_string(v).unwrap_or_default())
        .collect();
    if values.len() > 8 {
        list.push("…".to_owned());
    }
    Ok(Enum {
        values,
        has_containers,
        shown: list.join(", "),
    })
}

impl Enum {
    pub(crate) fn check_scalar(&self, s: &Scalar<'_>) -> bool {
        self.values.iter().any(|v| scalar_equals(s, v))
    }

    pub(crate) fn check_value(&self, v: &Value) -> bool {
        self.values.iter().any(|e| values_equal(e, v))
    }

    pub(crate) fn message(&self, described: &str) -> String {
        format!("{described} is not one of {}", self.shown)
    }
}
