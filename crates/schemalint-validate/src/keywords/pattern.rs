//! `pattern` (also used by `patternProperties`): ECMA-262 via schemalint-formats,
//! with cheap literal fast paths.

use crate::formats::regex::Pattern;

pub(crate) struct PatternCheck {
    pub(crate) source: Box<str>,
    matcher: Matcher,
}

enum Matcher {
    /// The pattern matches everything (`""`, `.*` unanchored …).
    Any,
    /// `^literal` with no special characters.
    Prefix(Box<str>),
    /// A plain literal found anywhere.
    Contains(Box<str>),
    Regex(Pattern),
}

/// A pattern outcome: the backtracking limit may stop a match.
pub(crate) type MatchOutcome = Result<bool, ()>;

fn is_plain(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' ' || c == ':')
}

pub(crate) fn compile(source: &str) -> Result<PatternCheck, String> {
    let matcher = if source.is_empty() {
        Matcher::Any
    } else if let Some(rest) = source.strip_prefix('^').filter(|r| is_plain(r)) {
        Matcher::Prefix(rest.into())
    } else if is_plain(source) {
        Matcher::Contains(source.into())
    } else {
        Matcher::Regex(
            Pattern::new(source).map_err(|e| format!("invalid pattern {source:?}: {e}"))?,
        )
    };
    Ok(PatternCheck {
        source: source.into(),
        matcher,
    })
}

impl PatternCheck {
    #[inline]
    pub(crate) fn matches(&self, s: &str) -> MatchOutcome {
        match &self.matcher {
            Matcher::Any => Ok(true),
            Matcher::Prefix(p) => Ok(s.starts_with(&**p)),
            Matcher::Contains(p) => Ok(s.contains(&**p)),
            Matcher::Regex(r) => r.is_match(s).map_err(|_| ()),
        }
    }

    pub(crate) fn message(&self, s: &str) -> String {
        format!(
            "{} does not match pattern {:?}",
            super::describe_str(s),
            &*self.source
        )
    }

    pub(crate) fn limit_message(&self, s: &str) -> String {
        format!(
            "pattern {:?} hit its backtracking limit on {}; treated as not matching",
            &*self.source,
            super::describe_str(s)
        )
    }
}
