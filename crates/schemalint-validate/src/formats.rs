//! Temporary stand-in for `schemalint-formats` (being written concurrently):
//! same names and signatures, no ECMA translation and no format checks.
//! Delete once that crate lands and `use schemalint_formats as formats`.

pub(crate) mod regex {
    use std::fmt;

    #[derive(Debug)]
    pub(crate) struct PatternError(String);
    impl fmt::Display for PatternError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }

    #[derive(Debug)]
    pub(crate) struct MatchError;

    pub(crate) struct Pattern(::regex::Regex);

    impl Pattern {
        pub(crate) fn new(src: &str) -> Result<Pattern, PatternError> {
            ::regex::Regex::new(src)
                .map(Pattern)
                .map_err(|e| PatternError(e.to_string()))
        }

        pub(crate) fn is_match(&self, s: &str) -> Result<bool, MatchError> {
            Ok(self.0.is_match(s))
        }
    }
}

pub(crate) mod format {
    pub(crate) fn check(_name: &str, _value: &str) -> Option<bool> {
        None
    }
}
