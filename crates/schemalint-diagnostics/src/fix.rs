//! Fixes as data: a [`Fix`] is a list of text [`Edit`]s (byte range → replacement) with
//! an [`Applicability`]. Rules compute them; the CLI, the library and editors apply them.
//! Nothing here knows a rule: [`apply_round`] only picks non-overlapping fixes and splices.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::Span;

/// How safe a fix is to apply without review. Ordered: `Safe < Unsafe`, so "apply fixes
/// up to `Unsafe`" includes the safe ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    #[default]
    /// The set of valid outputs is unchanged (e.g. adding `"additionalProperties": false`
    /// where strict mode already forbids extra keys).
    Safe,
    /// Changes what a model may produce, or drops a constraint (e.g. making an optional
    /// property required and nullable); review the diff.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }

    /// The `schemalint check` flags that apply fixes of this applicability.
    pub fn flags(self) -> &'static str {
        match self {
            Applicability::Safe => "--fix",
            Applicability::Unsafe => "--fix --unsafe-fixes",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Applicability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "safe" => Ok(Applicability::Safe),
            "unsafe" => Ok(Applicability::Unsafe),
            other => Err(format!(
                "unknown applicability `{other}` (expected safe or unsafe)"
            )),
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(Span::new(at, at), text)
    }

    pub fn delete(span: Span) -> Self {
        Self::replace(span, "")
    }

    /// Whether two edits cannot both be applied in one pass: their ranges overlap, or
    /// they insert at the same place (their order would be ambiguous).
    fn conflicts_with(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        (a.start < b.end && b.start < a.end) || a.start == b.start
    }
}

/// A fix for one finding: what it does (one line) and the edits, applied together or not
/// at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What applying it does, e.g. ``add `"additionalProperties": false` ``.
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(message: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> Self {
        Self {
            message: message.into(),
            applicability,
            edits,
        }
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(message, Applicability::Safe, edits)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(message, Applicability::Unsafe, edits)
    }

    /// Whether the fix may be applied when fixes up to `allowed` are asked for.
    pub fn allowed(&self, allowed: Applicability) -> bool {
        self.applicability <= allowed
    }
}

/// One pass of applying fixes to `text`: fixes are taken in the order given, each one
/// only if none of its edits conflicts with an edit already taken (or falls outside the
/// text, or off a character boundary); the rest wait for the next pass. Returns the new
/// text and the indices of the fixes applied.
pub fn apply_round<'f>(
    text: &str,
    fixes: impl IntoIterator<Item = &'f Fix>,
) -> (String, Vec<usize>) {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = Vec::new();
    for (i, fix) in fixes.into_iter().enumerate() {
        let fits = |e: &Edit| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        };
        let independent = fix.edits.iter().enumerate().all(|(j, e)| {
            fits(e)
                && !taken.iter().any(|t| t.conflicts_with(e))
                && !fix.edits[..j].iter().any(|o| o.conflicts_with(e))
        });
        if independent && !fix.edits.is_empty() {
            taken.extend(&fix.edits);
            applied.push(i);
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in taken {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::safe("t", edits)
    }

    #[test]
    fn applies_non_overlapping_fixes_and_defers_the_rest() {
        let text = "{\"a\": 1}";
        let fixes = [
            fix(vec![Edit::insert(7, ", \"b\": 2")]),
            // Same insertion point: waits for the next round.
            fix(vec![Edit::insert(7, ", \"c\": 3")]),
            fix(vec![Edit::replace(Span::new(6, 7), "10")]),
            // Overlaps the replacement.
            fix(vec![Edit::delete(Span::new(5, 7))]),
        ];
        let (out, applied) = apply_round(text, &fixes);
        assert_eq!(out, "{\"a\": 10, \"b\": 2}");
        assert_eq!(applied, [0, 2]);
    }

    #[test]
    fn a_fix_is_all_or_nothing_and_out_of_range_edits_are_refused() {
        let text = "[1, 2]";
        let fixes = [
            fix(vec![Edit::replace(Span::new(1, 2), "3")]),
            // One edit conflicts, so neither applies.
            fix(vec![
                Edit::insert(5, ", 4"),
                Edit::replace(Span::new(1, 2), "5"),
            ]),
            fix(vec![Edit::insert(99, "x")]),
            fix(vec![]),
        ];
        let (out, applied) = apply_round(text, &fixes);
        assert_eq!(out, "[3, 2]");
        assert_eq!(applied, [0]);
    }

    #[test]
    fn applicability_orders_safe_before_unsafe() {
        let safe = fix(vec![]);
        let risky = Fix::unsafe_("t", vec![]);
        assert!(safe.allowed(Applicability::Safe) && safe.allowed(Applicability::Unsafe));
        assert!(!risky.allowed(Applicability::Safe) && risky.allowed(Applicability::Unsafe));
        assert_eq!("unsafe".parse(), Ok(Applicability::Unsafe));
        assert!("maybe".parse::<Applicability>().is_err());
    }
}
