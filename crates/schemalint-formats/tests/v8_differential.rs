//! Replays verdicts V8 (Node 20) gave on random patterns and haystacks, made with
//! `tools/v8_oracle.js` (500 patterns with flag `u`, 100 each with `ui`, `um`, `us` and `uims`,
//! which the Rust side spells as the ES2025 modifier group `(?ims:…)`). Filtered out, as known
//! and documented differences: duplicate group names (Node 20 predates ES2025), backreferences
//! next to lookbehind (ECMA matches lookbehind right to left), and haystacks with astral
//! characters for patterns with assertions (V8 tries empty matches between the halves of a
//! surrogate pair, a position a Rust `str` does not have). Validity and every match must agree.

use schemalint_formats::regex::{parse, Pattern};

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
        for case in record["cases"].as_array().expect("cases") {
            let haystack = case[0].as_str().expect("a haystack");
            let expected = case[1].as_bool().expect("a verdict");
            matches += 1;
            let ours = pattern.is_match(haystack);
            if ours != Ok(expected) {
                disagreements.push(format!(
                    "match {source:?} on {haystack:?}: V8 {expected}, ours {ours:?}"
                ));
            }
        }
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
