//! `required`.

use serde_json::Value;

pub(crate) struct Required {
    pub(crate) names: Vec<Box<str>>,
}

impl Required {
    /// `key`'s bit in the required set: `known` is the index `properties` recorded for
    /// it (see `Properties::link_required`), `None` when `properties` does not list it.
    pub(crate) fn bit_of(&self, known: Option<u32>, key: &str) -> Option<usize> {
        match known {
            Some(super::properties::NOT_REQUIRED) => None,
            Some(i) => Some(i as usize),
            None => self.names.iter().position(|n| **n == *key),
        }
    }
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
