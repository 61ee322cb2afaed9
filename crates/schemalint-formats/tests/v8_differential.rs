//! Replays verdicts V8 (Node 20, `u` flag) gave on random patterns and haystacks
//! (`tools/v8_oracle.js 6000 11`, filtered by the README's rule: no duplicate group names, which
//! Node 20 predates, and no backreferences next to lookbehind, where ECMA matches right to
//! left and fancy-regex does not). Both validity and every match must agree.

use schemalint_formats::regex::{parse, Pattern};

#[test]
fn agrees_with_v8_on_recorded_random_patterns() {
    let mut disagreements = Vec::new();
    let (mut patterns, mut matches) = (0, 0);
    for line in include_str!("v8_verdicts.jsonl").lines() {
        let record: serde_json::Value =
            serde_json::from_str(line).expect("v8_verdicts.jsonl holds JSON lines");
        let source = record["pattern"].as_str().expect("a pattern");
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
