//! `format`, asserted through schemalint-formats when assertion is on.

pub(crate) struct Format {
    pub(crate) name: Box<str>,
}

impl Format {
    /// Unknown formats pass, as the specification asks.
    pub(crate) fn check(&self, s: &str) -> bool {
        crate::formats::format::check(&self.name, s).unwrap_or(true)
    }

    pub(crate) fn message(&self, s: &str) -> String {
        format!(
            "{} is not a valid {:?}",
            super::describe_str(s),
            &*self.name
        )
    }
}
