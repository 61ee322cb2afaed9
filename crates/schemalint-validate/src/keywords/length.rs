//! `minLength` and `maxLength`, counted in code points.

pub(crate) struct Length {
    pub(crate) max: bool,
    pub(crate) limit: u64,
}

impl Length {
    pub(crate) fn check(&self, s: &str) -> bool {
        let bytes = s.len() as u64;
        // A code point takes 1..=4 bytes: most strings are decided without counting.
        if self.max {
            if bytes <= self.limit {
                return true;
            }
            if bytes > self.limit.saturating_mul(4) {
                return false;
            }
            (s.chars().count() as u64) <= self.limit
        } else {
            if bytes < self.limit {
                return false;
            }
            if bytes / 4 >= self.limit {
                return true;
            }
            (s.chars().count() as u64) >= self.limit
        }
    }

    pub(crate) fn message(&self, s: &str) -> String {
        let n = s.chars().count();
        let d = super::describe_str(s);
        if self.max {
            format!("{d} is longer than {} characters ({n})", self.limit)
        } else {
            format!("{d} is shorter than {} characters ({n})", self.limit)
        }
    }
}
