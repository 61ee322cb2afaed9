//! `required`.

use serde_json::Value;

pub(crate) struct Required {
    pub(crate) names: Vec<Box<str>>,
}

pub(crate) fn string_list(v: &Value) -> Result<Vec<Box<str>>, String> {
    v.as_array()
        .ok_or("must be an array of strings")?
        .iter()
        .map(|s| {
            s.as_str()
                .map(Into::into)
                .ok_or_else(|| "must be an array of strings".to_owned())
        })
        .collect()
}

pub(crate) fn compile(v: &Value) -> Result<Required, String> {
    Ok(Required {
        names: string_list(v)?,
    })
}

pub(crate) fn message(name: &str) -> String {
    format!("missing required property {}", super::describe_str(name))
}
