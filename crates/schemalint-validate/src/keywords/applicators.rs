//! Messages of the applicators whose failures are reported as one error:
//! `anyOf`, `oneOf`, `not`, `contains`-style `false` children, and `false` schemas.

pub(crate) fn any_of_message(described: &str, branches: usize) -> String {
    format!("{described} does not match any of the {branches} schemas in `anyOf`")
}

pub(crate) fn one_of_message(described: &str, matched: &[usize], branches: usize) -> String {
    if matched.is_empty() {
        format!("{described} does not match any of the {branches} schemas in `oneOf`")
    } else {
        let list: Vec<String> = matched.iter().map(usize::to_string).collect();
        format!(
            "{described} matches more than one schema in `oneOf` (branches {})",
            list.join(", ")
        )
    }
}

pub(crate) fn not_message(described: &str) -> String {
    format!("{described} must not match the schema in `not`")
}

pub(crate) fn false_schema_message(described: &str) -> String {
    format!("{described} is not allowed here (the schema is `false`)")
}

pub(crate) fn property_names_message(name: &str) -> String {
    format!(
        "property name {} does not match `propertyNames`",
        super::describe_str(name)
    )
}

/// An object member rejected by a `false` `additionalProperties` or `unevaluatedProperties`.
pub(crate) fn extra_property_message(keyword: &str, name: &str) -> String {
    let what = if keyword == "unevaluatedProperties" {
        "unevaluated"
    } else {
        "additional"
    };
    format!(
        "{what} property {} is not allowed",
        super::describe_str(name)
    )
}

/// An array item rejected by a `false` `items`, `additionalItems` or `unevaluatedItems`.
pub(crate) fn extra_item_message(keyword: &str, index: usize) -> String {
    let what = if keyword == "unevaluatedItems" {
        "unevaluated"
    } else {
        "additional"
    };
    format!("{what} item {index} is not allowed")
}
