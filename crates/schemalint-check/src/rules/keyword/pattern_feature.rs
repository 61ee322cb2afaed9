use crate::engine::{Cx, Sub};
use crate::profile::PatternFeature;

declare_rule! {
    /// ## What it does
    /// Flags a `pattern` that uses regular-expression features the profile's provider
    /// cannot compile: backreferences (`\1`, `\k<name>`), lookaround (`(?=…)`, `(?!…)`,
    /// `(?<=…)`, `(?<!…)`), word boundaries (`\b`, `\B`) or Unicode property escapes
    /// (`\p{L}`, `\P{…}`), per the profile's `[patterns] forbid` list (Anthropic: the
    /// first three; xAI: all four). Features a profile lists under `[patterns] ignore`
    /// instead (xgrammar drops lookaround) are `keyword/ignored` warnings.
    ///
    /// ## Why is this bad?
    /// Constrained decoding turns the pattern into an automaton; these features need a
    /// backtracking engine or Unicode tables the grammar compiler lacks. Anthropic supports
    /// "simple regular expressions" only and rejects the schema.
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
    /// - xAI, Structured outputs, "Regex support" (not supported: backreferences, `\p{…}`, `\b`/`\B`, lookaround).
    /// - `spec/providers.md` §6.2, §8 (llguidance: no lookarounds).
    pub(crate) static RULE = {
        id: "keyword/pattern-feature",
        severity: Error,
        summary: "A `pattern` uses backreferences, lookaround, word boundaries or Unicode property escapes the provider cannot compile",
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
    let present = |f: &PatternFeature| match f {
        PatternFeature::Backreferences => features.backreferences,
        PatternFeature::Lookaround => features.lookahead || features.lookbehind,
        PatternFeature::WordBoundary => has_word_boundary(pattern),
        PatternFeature::UnicodeProperty => features.unicode_property_escapes,
    };
    let ptr = sub.ptr().join("pattern");
    let dropped: Vec<&str> = policy
        .ignore
        .iter()
        .filter(|f| present(f))
        .map(|f| f.describe())
        .collect();
    if !dropped.is_empty() {
        super::ignored::emit(
            cx,
            &ptr,
            super::ignored::Finding {
                what: format!("the {} in this `pattern`", dropped.join(", ")),
                keyword: "pattern",
                span: node.span,
                help: Some("write the pattern without them (the rest of it is enforced), or validate every reply with `schemalint validate --schema <this schema>`".to_owned()),
                severity: None,
                evidence: policy.evidence,
                source: &policy.source,
                fix: None,
            },
        );
    }
    let found: Vec<PatternFeature> = policy.forbid.iter().copied().filter(present).collect();
    if found.is_empty() {
        return;
    }
    let what = found
        .iter()
        .map(|f| f.describe())
        .collect::<Vec<_>>()
        .join(", ");
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
