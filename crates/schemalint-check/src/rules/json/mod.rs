//! Rules about the JSON text itself.
pub(crate) mod duplicate_key;
pub(crate) mod invalid_encoding;
pub(crate) mod invalid_json;
pub(crate) mod too_deep;
