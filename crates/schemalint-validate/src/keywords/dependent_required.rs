//! `dependentRequired` (and the array form of draft-07 `dependencies`).

pub(crate) struct DependentRequired {
    pub(crate) entries: Vec<(Box<str>, Vec<Box<str>>)>,
}

pub(crate) fn message(trigger: &str, missing: &str) -> String {
    format!(
        "property {} requires property {}",
        super::describe_str(trigger),
        super::describe_str(missing)
    )
}
