//! `required`.

use serde_json::Value;

pub(crate) struct Required {
    pub(crate) names: Vec<Box<str>>,
    /// For long lists: indices into `names` sorted by name (first index first among
    /// equal names), so a key `properties` does not list is found by binary search,
    /// not by a scan of 10^6 names per key.
    sorted: Vec<u32>,
}

/// Lists up to this long are scanned.
const LINEAR: usize = 16;

impl Required {
    pub(crate) fn new(names: Vec<Box<str>>) -> Required {
        let mut sorted = Vec::new();
        if names.len() > LINEAR {
            sorted = (0..names.len() as u32).collect();
            // Stable: equal names keep their order, so the first index comes first.
            sorted.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        }
        Required { names, sorted }
    }

    /// `key`'s bit in the required set: `known` is the index `properties` recorded for
    /// it (see `Properties::link_required`), `None` when `properties` does not list it.
    pub(crate) fn bit_of(&self, known: Option<u32>, key: &str) -> Option<usize> {
        match known {
            Some(super::properties::NOT_REQUIRED) => None,
            Some(i) => Some(i as usize),
            None => self.position(key),
        }
    }

    /// The first index of `key` in `names`.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        if self.sorted.is_empty() {
            return self.names.iter().position(|n| **n == *key);
        }
        let at = self
            .sorted
            .partition_point(|&i| *self.names[i as usize] < *key);
        let &i = self.sorted.get(at)?;
        (*self.names[i as usize] == *key).then_some(i as usize)
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
    Ok(Required::new(string_list(v)?))
}

pub(crate) fn message(name: &str) -> String {
    format!("missing required property {}", super::describe_str(name))
}

#[cfg(test)]
mod tests {
    use super::Required;

    #[test]
    fn long_lists_find_the_first_index_of_a_name() {
        for n in [3, 100] {
            let mut names: Vec<Box<str>> = (0..n).map(|i| format!("k{i}").into()).collect();
            names.push("k1".into());
            let r = Required::new(names);
            assert_eq!(r.bit_of(None, "k1"), Some(1), "{n}");
            assert_eq!(r.bit_of(None, "k0"), Some(0), "{n}");
            assert_eq!(r.bit_of(None, &format!("k{}", n - 1)), Some(n - 1), "{n}");
            assert_eq!(r.bit_of(None, "zz"), None, "{n}");
            assert_eq!(r.bit_of(None, "a"), None, "{n}");
            assert_eq!(r.bit_of(Some(7), "zz"), Some(7), "{n}");
        }
    }
}
