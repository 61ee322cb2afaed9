//! Strict-mode structural requirements: closed objects, all-required, typed nodes.
pub(crate) mod additional_properties;
pub(crate) mod array_items;
pub(crate) mod empty_properties;
pub(crate) mod missing_type;
pub(crate) mod properties;
pub(crate) mod required;
pub(crate) mod root_combinator;
pub(crate) mod root_type;
