//! Rules about keyword values that are not valid JSON Schema.
pub(crate) mod invalid_value;
