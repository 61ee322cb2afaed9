//! `contains` with `minContains` / `maxContains`.

use crate::node::NodeId;

pub(crate) struct Contains {
    pub(crate) node: NodeId,
    pub(crate) min: u64,
    pub(crate) max: Option<u64>,
}

impl Contains {
    pub(crate) fn check(&self, matched: u64) -> bool {
        matched >= self.min && self.max.is_none_or(|m| matched <= m)
    }

    pub(crate) fn message(&self, matched: u64) -> String {
        match self.max {
            Some(m) if matched > m => {
                format!("{matched} items match `contains`, more than the maximum of {m}")
            }
            _ if self.min == 1 => "no item matches the `contains` schema".to_owned(),
            _ => format!(
                "{matched} items match `contains`, fewer than the minimum of {}",
                self.min
            ),
        }
    }
}
