//! `minItems`, `maxItems`, `minProperties`, `maxProperties`.

pub(crate) struct Count {
    pub(crate) max: bool,
    pub(crate) limit: u64,
}

impl Count {
    pub(crate) fn check(&self, n: u64) -> bool {
        if self.max {
            n <= self.limit
        } else {
            n >= self.limit
        }
    }

    pub(crate) fn message(&self, n: u64, what: &str) -> String {
        if self.max {
            format!("has {n} {what}, more than the maximum of {}", self.limit)
        } else {
            format!("has {n} {what}, fewer than the minimum of {}", self.limit)
        }
    }
}
