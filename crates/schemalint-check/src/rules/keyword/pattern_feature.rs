use crate::engine::{Cx, Sub};
use crate::profile::PatternFeature;

declare_rule! {
    /// ## What it does
    /// Flags a `pattern` that uses regular-expression features the profile's provider
    /// cannot compile: backreferences (`\1`, `\k<name>`), lookaround (`(?=…)`, `(?!…)`,
    /// `(?<=…)`, `(?<!…)`) or word boundaries (`\b`, `\B`), per the profile's
    /// `[patterns] forbid` list.
    ///
    /// ## Why is this bad?
    /// Constrained decoding turns the pattern into an automaton; these features need a
    /// backtracking engine. Anthropic supports "simple regular expressions" only and
    /// rejects the schema.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"word": {"type": "string", "pattern": "^(\\w)\\w*\\1$"}}, "required": ["word"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"word": {"type": "string", "pattern": "^\\w+$", "description": "Starts and ends with the same letter"}}, "required": ["word"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs, "JSON Schema limitations" (no backreferences, lookaround, `\b`/`\B`).
    /// - `spec/providers.md` §6.2, §8 (llguidance: no lookarounds).
    pub(crate) static RULE = {
        id: "keyword/pattern-feature",
        severity: Error,
        summary: "A `pattern` uses backreferences, lookaround or word boundaries the provider cannot compile",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(policy) = cx.profile.patterns.clone() else {
        return;
    };
    let Some(node) = sub.get("pattern") else {
        return;
    };
    let Some(pattern) = node.as_str() else { return };
    // An invalid pattern is `keyword/invalid-pattern`'s finding; one valid only in Annex B
    // is that rule's finding too, but its features still count here.
    let Ok(features) = schemalint_formats::regex::parse(pattern).or_else(|_| {
        schemalint_formats::regex::parse_in(pattern, schemalint_formats::regex::Dialect::AnnexB)
    }) else {
        return;
    };
    let found: Vec<PatternFeature> = policy
        .forbid
        .iter()
        .copied()
        .filter(|f| match f {
            PatternFeature::Backreferences => features.backreferences,
            PatternFeature::Lookaround => features.lookahead || features.lookbehind,
            PatternFeature::WordBoundary => has_word_boundary(pattern),
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let what = found
        .iter()
        .map(|f| f.describe())
        .collect::<Vec<_>>()
        .join(", ");
    let ptr = sub.ptr().join("pattern");
    cx.report(
        &RULE,
        &ptr,
        node.span,
        format!("`pattern` uses {what}, which {} does not support", cx.profile.provider),
    )
    .help("simplify the pattern to plain character classes, groups, alternation and quantifiers; check the rest after generation")
    .var("pattern", pattern)
    .evidence(policy.evidence, &policy.source);
}

/// `\b` or `\B` outside a character class (inside one, `[\b]` is a backspace).
pub(crate) fn has_word_boundary(pattern: &str) -> bool {
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    if !in_class && (next == 'b' || next == 'B') {
                        return true;
                    }
                }
            }
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::has_word_boundary;

    #[test]
    fn word_boundaries_outside_classes_only() {
        assert!(has_word_boundary(r"\bcat\b"));
        assert!(has_word_boundary(r"a\Bb"));
        assert!(!has_word_boundary(r"[\b]x"));
        assert!(!has_word_boundary(r"\\b"));
        assert!(!has_word_boundary(r"abc"));
    }
}
