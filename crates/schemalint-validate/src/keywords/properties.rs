//! `properties`: a linear scan for few names, a hash map for many.

use crate::node::NodeId;
use std::collections::HashMap;

pub(crate) enum Properties {
    Small(Vec<(Box<str>, NodeId)>),
    Big(HashMap<Box<str>, NodeId>),
}

impl Properties {
    pub(crate) fn new(list: Vec<(Box<str>, NodeId)>) -> Properties {
        if list.len() < 16 {
            Properties::Small(list)
        } else {
            Properties::Big(list.into_iter().collect())
        }
    }

    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<NodeId> {
        match self {
            Properties::Small(v) => v.iter().find(|(k, _)| &**k == key).map(|(_, n)| *n),
            Properties::Big(m) => m.get(key).copied(),
        }
    }
}
