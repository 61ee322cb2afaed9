//! `const`.

use super::Scalar;
use crate::equal::{scalar_equals, values_equal};
use serde_json::Value;

pub(crate) struct Const {
    pub(crate) value: Value,
    /// The value as messages show it, rendered once.
    shown: String,
}

pub(crate) fn compile(value: &Value) -> Const {
    let mut shown = serde_json::to_string(value).unwrap_or_default();
    if shown.len() > 80 {
        shown = format!("{}…", shown.chars().take(80).collect::<String>());
    }
    Const {
        value: value.clone(),
        shown,
    }
}

impl Const {
    pub(crate) fn is_container(&self) -> bool {
        self.value.is_array() || self.value.is_object()
    }

    pub(crate) fn check_scalar(&self, s: &Scalar<'_>) -> bool {
        scalar_equals(s, &self.value)
    }

    pub(crate) fn check_value(&self, v: &Value) -> bool {
        values_equal(&self.value, v)
    }

    pub(crate) fn message(&self, described: &str) -> String {
        format!("{described} is not the constant {}", self.shown)
    }
}
