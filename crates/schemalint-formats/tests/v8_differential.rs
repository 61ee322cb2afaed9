//! Replays verdicts V8 (Node 20) gave on random patterns and haystacks, made with
//! `tools/v8_oracle.js` (500 patterns with flag `u`, 100 each with `ui`, `um`, `us` and `uims`,
//! which the Rust side spells as the ES2025 modifier group `(?ims:…)`). Filtered out, as known
//! and documented differences: duplicate group names (Node 20 predates ES2025), backreferences
//! next to lookbehind (ECMA matches lookbehind right to left), and haystacks with astral
//! characters for patterns with assertions (V8 tries empty matches between the halves of a
//! surrogate pair, a position a Rust `str` does not have). Validity and every match must agree.

use schemalint_formats::regex::{dialect_of, parse, Dialect, Pattern};

/// Compares `pattern` with V8 on the record's `cases`; returns how many there were.
fn replay_cases(
    pattern: &Pattern,
    record: &serde_json::Value,
    disagreements: &mut Vec<String>,
) -> usize {
    let cases = record["cases"].as_array().expect("cases");
    for case in cases {
        let haystack = case[0].as_str().expect("a haystack");
        let expected = case[1].as_bool().expect("a verdict");
        let ours = pattern.is_match(haystack);
        if ours != Ok(expected) {
            disagreements.push(format!(
                "match {:?} on {haystack:?}: V8 {expected}, ours {ours:?}",
                pattern.source()
            ));
        }
    }
    cases.len()
}

#[test]
fn agrees_with_v8_on_recorded_random_patterns() {
    let mut disagreements = Vec::new();
    let (mut patterns, mut matches) = (0, 0);
    for line in include_str!("v8_verdicts.jsonl").lines() {
        let record: serde_json::Value =
            serde_json::from_str(line).expect("v8_verdicts.jsonl holds JSON lines");
        let pattern_text = record["pattern"].as_str().expect("a pattern");
        let flags = record["flags"].as_str().unwrap_or_default();
        let source = if flags.is_empty() {
            pattern_text.to_owned()
        } else {
            format!("(?{flags}:{pattern_text})")
        };
        let source = source.as_str();
        let v8_valid = record["valid"].as_bool().expect("a validity verdict");
        patterns += 1;
        if parse(source).is_ok() != v8_valid {
            disagreements.push(format!(
                "syntax {source:?}: V8 valid={v8_valid}, ours {:?}",
                parse(source)
            ));
            continue;
        }
        if !v8_valid {
            continue;
        }
        let pattern = match Pattern::new(source) {
            Ok(pattern) => pattern,
            Err(error) => {
                disagreements.push(format!("compile {source:?}: {error}"));
                continue;
            }
        };
        matches += replay_cases(&pattern, &record, &mut disagreements);
    }
    assert!(
        patterns >= 500 && matches >= 5000,
        "the fixture is too small: {patterns} patterns, {matches} matches"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// Patterns real schemas write that are invalid with the `u` flag (identity escapes like `\-`,
/// lone braces, `[\w-.]`, octal escapes, …), judged by V8 without it
/// (`tools/annex_b_oracle.js`): `Pattern::new` must accept exactly what V8 accepts, read in
/// Annex B exactly the ones `u` mode rejects, and match the same BMP haystacks.
#[test]
fn annex_b_fallback_agrees_with_v8_without_the_u_flag() {
    let mut disagreements = Vec::new();
    let (mut annex_b, mut matches) = (0, 0);
    for line in include_str!("annex_b_verdicts.jsonl").lines() {
        let record: serde_json::Value =
            serde_json::from_str(line).expect("annex_b_verdicts.jsonl holds JSON lines");
        let source = record["pattern"].as_str().expect("a pattern");
        let u_valid = record["u_valid"].as_bool().expect("a u-mode verdict");
        let v8_valid = record["valid"].as_bool().expect("a verdict");
        let expected_dialect = match (u_valid, v8_valid) {
            (true, _) => Ok(Dialect::Unicode),
            (false, true) => Ok(Dialect::AnnexB),
            (false, false) => Err(()),
        };
        if dialect_of(source).map_err(|_| ()) != expected_dialect {
            disagreements.push(format!(
                "dialect {source:?}: V8 says {expected_dialect:?}, ours {:?}",
                dialect_of(source)
            ));
            continue;
        }
        let pattern = match Pattern::new(source) {
            Ok(pattern) if v8_valid => pattern,
            Err(_) if !v8_valid => continue,
            other => {
                disagreements.push(format!(
                    "compile {source:?}: V8 valid={v8_valid}, ours {other:?}"
                ));
                continue;
            }
        };
        annex_b += usize::from(pattern.dialect() == Dialect::AnnexB);
        matches += replay_cases(&pattern, &record, &mut disagreements);
    }
    assert!(
        annex_b >= 50 && matches >= 5000,
        "the fixture is too small: {annex_b} Annex B patterns, {matches} matches"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
