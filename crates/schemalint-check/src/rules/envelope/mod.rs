//! Rules about the wrapper around a schema (names, flags).
pub(crate) mod invalid_name;
