use crate::engine::{Cx, Sub};
use crate::profile::PatternDialect;

declare_rule! {
    /// ## What it does
    /// Flags a `pattern` that is valid ECMA-262 (JSON Schema's dialect, which
    /// `keyword/invalid-pattern` checks) but that the provider's own regex dialect cannot
    /// compile. The dialect is the profile's `[patterns] dialect`:
    /// - `openai`, `openai-2024-08`, `azure` (and `openai-finetuned`, where `pattern` is
    ///   unsupported anyway): **Python `re`**. OpenAI validates the schema with Python's
    ///   `jsonschema`, whose `format: regex` check compiles the pattern with `re`;
    /// - every other profile: **ECMA-262**, so this rule finds nothing there.
    ///
    /// What Python `re` refuses that ECMA-262 accepts: Unicode property escapes
    /// (`\p{L}`, `\P{…}`), ECMA named groups and their backreferences (`(?<name>…)`,
    /// `\k<name>`; Python spells them `(?P<name>…)`, which ECMA-262 refuses), code-point
    /// escapes (`\u{1F600}`), control escapes (`\cJ`), and identity escapes of ASCII
    /// letters that are no escape in Python (`\e`, `\h`, `\z` before Python 3.14, …;
    /// escaping punctuation such as `\-` or `\:` is fine in both).
    ///
    /// Lookaround is valid Python `re` but OpenAI's grammar compiler rejects it with a
    /// different error (`keyword/pattern-feature`, via the profile's `[patterns] forbid`).
    ///
    /// ## Why is this bad?
    /// The whole request fails: `Invalid schema for function 'Artifact':
    /// '^(?!__.*__$)[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\./[\]]{1,200}$' is not a 'regex'.`
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"name": {"type": "string", "pattern": "^\\p{L}+$"}}, "required": ["name"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// A pattern both dialects read the same way (here: no Unicode classes; check letters
    /// after generation if it matters):
    /// ```json
    /// {"type": "object", "properties": {"name": {"type": "string", "pattern": "^[^\\d\\s]+$"}}, "required": ["name"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - Verbatim 400s quoted in public code (2026): `… '^(?!__.*__$)[^\p{Cc}…' is not a 'regex'.`,
    ///   with notes that `(?<name>…)`, `\u{…}` and `\z` fail the same way; the wording is
    ///   Python `jsonschema`'s format-check message.
    /// - Python `re` syntax: <https://docs.python.org/3/library/re.html#regular-expression-syntax>.
    pub(crate) static RULE = {
        id: "keyword/pattern-dialect",
        severity: Error,
        summary: "A `pattern` valid in ECMA-262 that the provider's regex dialect (Python `re` for OpenAI) cannot compile",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(policy) = &cx.profile.patterns else {
        return;
    };
    if policy.dialect != PatternDialect::PythonRe {
        return;
    }
    let (evidence, source) = (policy.evidence, policy.source.clone());
    let Some(node) = sub.get("pattern") else {
        return;
    };
    let Some(pattern) = node.as_str() else { return };
    // An invalid ECMA pattern is `keyword/invalid-pattern`'s finding.
    if schemalint_formats::regex::parse(pattern).is_err() {
        return;
    }
    let problems = python_re_problems(pattern);
    let Some(first) = problems.first() else {
        return;
    };
    let listed = problems
        .iter()
        .map(|p| p.what)
        .collect::<Vec<_>>()
        .join("; ");
    cx.report(
        &RULE,
        &sub.ptr().join("pattern"),
        node.span,
        format!(
            "`pattern` is valid ECMA-262 but {} compiles it with Python `re`, which refuses it: {listed}",
            cx.profile.provider
        ),
    )
    .help(first.fix)
    .var("pattern", pattern)
    .evidence(evidence, &source);
}

/// A construct Python's `re` refuses, and how to write it instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refused {
    pub what: &'static str,
    pub fix: &'static str,
}

const PROPERTY_ESCAPE: Refused = Refused {
    what: "Unicode property escape `\\p{…}`/`\\P{…}`",
    fix: "Python `re` has no Unicode properties: use explicit ranges (`[A-Za-zÀ-ÿ]`) or a class like `[^\\d\\W]`, and check the rest after generation",
};
const NAMED_GROUP: Refused = Refused {
    what: "ECMA named group `(?<name>…)`",
    fix:
        "use a plain group `(…)`: Python spells named groups `(?P<name>…)`, which ECMA-262 refuses",
};
const NAMED_BACKREFERENCE: Refused = Refused {
    what: "named backreference `\\k<name>`",
    fix: "use a numbered backreference (`\\1`) with a plain group, or drop the backreference",
};
const CODE_POINT_ESCAPE: Refused = Refused {
    what: "code-point escape `\\u{…}`",
    fix: "write the character as `\\uXXXX` (four hex digits; `\\UXXXXXXXX` is Python-only) or literally",
};
const CONTROL_ESCAPE: Refused = Refused {
    what: "control escape `\\cX`",
    fix: "write the control character as `\\xHH` (e.g. `\\cJ` is `\\x0a`)",
};
const LETTER_ESCAPE: Refused = Refused {
    what: "escaped letter that is no escape in Python (`\\e`, `\\h`, `\\z`, …)",
    fix: "remove the backslash (ECMA-262 without the `u` flag reads it as the letter itself)",
};

/// The constructs in an ECMA-valid `pattern` that Python `re` (3.8–3.13) refuses, in
/// order of first appearance, each once.
pub(crate) fn python_re_problems(pattern: &str) -> Vec<Refused> {
    let mut found: Vec<Refused> = Vec::new();
    let mut add = |r: Refused| {
        if !found.contains(&r) {
            found.push(r);
        }
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else { break };
                match next {
                    'p' | 'P' => add(PROPERTY_ESCAPE),
                    'k' if chars.get(i + 2) == Some(&'<') => add(NAMED_BACKREFERENCE),
                    'u' if chars.get(i + 2) == Some(&'{') => add(CODE_POINT_ESCAPE),
                    'c' => add(CONTROL_ESCAPE),
                    // \N is `\N{NAME}` in Python; ECMA reads a bare `\N` as `N`.
                    'N' if chars.get(i + 2) != Some(&'{') => add(LETTER_ESCAPE),
                    c if c.is_ascii_alphabetic() && !python_knows_escape(c, in_class) => {
                        add(LETTER_ESCAPE)
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class
                && chars.get(i + 1) == Some(&'?')
                && chars.get(i + 2) == Some(&'<')
                && !matches!(chars.get(i + 3), Some('=') | Some('!')) =>
            {
                add(NAMED_GROUP)
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// ASCII-letter escapes Python's `re` accepts (outside or inside a character class).
fn python_knows_escape(c: char, in_class: bool) -> bool {
    const EVERYWHERE: &str = "abfnrtvxuUNdDsSwW";
    const OUTSIDE_CLASSES: &str = "ABZ";
    EVERYWHERE.contains(c) || (!in_class && OUTSIDE_CLASSES.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whats(p: &str) -> Vec<&'static str> {
        python_re_problems(p).iter().map(|r| r.what).collect()
    }

    #[test]
    fn finds_what_python_re_refuses() {
        assert_eq!(
            whats(r#"^(?!__.*__$)[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\./[\]]{1,200}$"#),
            [PROPERTY_ESCAPE.what]
        );
        assert_eq!(
            whats(r"(?<year>\d{4})-\k<year>"),
            [NAMED_GROUP.what, NAMED_BACKREFERENCE.what]
        );
        assert_eq!(whats(r"\u{1F600}"), [CODE_POINT_ESCAPE.what]);
        assert_eq!(whats(r"\cJ"), [CONTROL_ESCAPE.what]);
        assert_eq!(whats(r"a\e"), [LETTER_ESCAPE.what]);
        assert_eq!(whats(r"[\A]"), [LETTER_ESCAPE.what]);
    }

    #[test]
    fn accepts_what_both_dialects_share() {
        for ok in [
            r"^[a-z0-9_\-:.]+$",
            r"^\d{3}-\d{4}$",
            r"(?=.*@)\w+",
            r"(?<=a)b",
            r"(?<!a)b",
            r"\u00e9\x41\t\n",
            r"\bword\B",
            r"[\b]",
            r"\\p",
            r"\N{EM DASH}",
        ] {
            assert!(whats(ok).is_empty(), "{ok}: {:?}", whats(ok));
        }
    }
}
