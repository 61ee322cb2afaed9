//! `properties`: a linear scan for few names, a hash map for many. Each entry
//! also carries its index in the sibling `required` (or `NOT_REQUIRED`), so the
//! byte path marks required members without a second lookup.

use crate::node::NodeId;
use std::collections::HashMap;

pub(crate) const NOT_REQUIRED: u32 = u32::MAX;

pub(crate) enum Properties {
    Small(Vec<(Box<str>, NodeId, u32)>),
    Big(HashMap<Box<str>, (NodeId, u32)>),
}

impl Properties {
    pub(crate) fn new(list: Vec<(Box<str>, NodeId)>) -> Properties {
        if list.len() < 16 {
            Properties::Small(
                list.into_iter()
                    .map(|(k, n)| (k, n, NOT_REQUIRED))
                    .collect(),
            )
        } else {
            Properties::Big(
                list.into_iter()
                    .map(|(k, n)| (k, (n, NOT_REQUIRED)))
                    .collect(),
            )
        }
    }

    /// Records each property's index in the sibling `required` list (`index_of` gives
    /// a name's first index there).
    pub(crate) fn link_required(&mut self, index_of: impl Fn(&str) -> Option<usize>) {
        let index = |k: &str| index_of(k).map_or(NOT_REQUIRED, |i| i as u32);
        match self {
            Properties::Small(v) => v.iter_mut().for_each(|(k, _, r)| *r = index(k)),
            Properties::Big(m) => m.iter_mut().for_each(|(k, (_, r))| *r = index(k)),
        }
    }

    /// Every declared name with its subschema.
    pub(crate) fn entries(&self) -> Vec<(&str, NodeId)> {
        match self {
            Properties::Small(v) => v.iter().map(|(k, n, _)| (&**k, *n)).collect(),
            Properties::Big(m) => m.iter().map(|(k, (n, _))| (&**k, *n)).collect(),
        }
    }

    /// Whether some property name starts with `prefix`.
    pub(crate) fn any_starts_with(&self, prefix: &str) -> bool {
        match self {
            Properties::Small(v) => v.iter().any(|(k, _, _)| k.starts_with(prefix)),
            Properties::Big(m) => m.keys().any(|k| k.starts_with(prefix)),
        }
    }

    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<NodeId> {
        self.get_with_required(key).map(|(n, _)| n)
    }

    /// The subschema for `key` and its index in `required`.
    #[inline]
    pub(crate) fn get_with_required(&self, key: &str) -> Option<(NodeId, u32)> {
        match self {
            Properties::Small(v) => v
                .iter()
                .find(|(k, _, _)| k.len() == key.len() && k.as_bytes() == key.as_bytes())
                .map(|(_, n, r)| (*n, *r)),
            Properties::Big(m) => m.get(key).copied(),
        }
    }
}
