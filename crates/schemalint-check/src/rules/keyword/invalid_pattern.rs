use crate::engine::{Cx, Sub};
use schemalint_formats::regex;

declare_rule! {
    /// ## What it does
    /// Checks that `pattern` is a valid ECMA-262 regular expression (the dialect JSON
    /// Schema specifies), reporting where in the pattern it breaks.
    ///
    /// ## Why is this bad?
    /// The provider compiles the pattern into its grammar and rejects the schema when
    /// it cannot. Patterns written for Python or PCRE often use syntax ECMA-262 lacks
    /// (`(?P<name>…)`, possessive quantifiers, `\A`, `\Z`, inline flags).
    ///
    /// JSON Schema reads patterns with the `u` flag. Escapes such as `\-`, `\:`, `\_` or
    /// `\@` are only valid without it (ECMA-262 Annex B): browsers and `schemalint
    /// validate` accept them, so the schema seems to work, but a provider that compiles
    /// patterns in `u` mode rejects it. The finding says when a pattern is such a case;
    /// the fix is to drop the backslash (`-` outside a class, `:`, `_`, `@` need none).
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"code": {"type": "string", "pattern": "(?P<area>\\d{3})"}}, "required": ["code"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"code": {"type": "string", "pattern": "(?<area>\\d{3})"}}, "required": ["code"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Supported properties" (`pattern`).
    /// - JSON Schema 2020-12 validation §6.3.3 and core §6.4 (ECMA-262 regular expressions).
    pub(crate) static RULE = {
        id: "keyword/invalid-pattern",
        severity: Error,
        summary: "A `pattern` that is not a valid ECMA-262 regular expression",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(node) = sub.get("pattern") else {
        return;
    };
    let Some(pattern) = node.as_str() else { return };
    let Err(error) = regex::parse(pattern) else {
        return;
    };
    let annex_b_only = regex::parse_in(pattern, regex::Dialect::AnnexB).is_ok();
    let ptr = sub.ptr().join("pattern");
    // Point into the string literal when the pattern has no escapes (offsets then agree).
    let literal = &cx.doc.source.text()[node.span.start..node.span.end];
    let span = if literal.len() == pattern.len() + 2 && error.offset <= pattern.len() {
        let start = node.span.start + 1 + error.offset;
        let end = (start + 1).min(node.span.end - 1).max(start);
        schemalint_diagnostics::Span::new(start, end)
    } else {
        node.span
    };
    if annex_b_only {
        cx.report(&RULE, &ptr, span, format!("`pattern` is valid only without the `u` flag (ECMA-262 Annex B), not as JSON Schema reads it: {}", error.message))
            .help("browsers and `schemalint validate` accept it, a provider compiling it in `u` mode does not: escape only syntax characters (`-` outside a class, `:`, `_`, `@` need no backslash; a literal brace is `\\{`)")
            .var("pattern", pattern);
        return;
    }
    cx.report(&RULE, &ptr, span, format!("`pattern` is not a valid ECMA-262 regular expression: {}", error.message))
        .help("fix the pattern; Python-style `(?P<name>…)` is not ECMA-262 (use a plain group `(…)`: ECMA's `(?<name>…)` is refused by providers that compile with Python `re`, see `keyword/pattern-dialect`), and inline flags like `(?i)` do not exist there")
        .var("pattern", pattern);
}
