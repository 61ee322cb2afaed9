//! Compares `regex::parse`/`Pattern` with V8 on the JSON lines `tools/v8_oracle.js` prints:
//! `node tools/v8_oracle.js 5000 7 | cargo run -p schemalint-formats --example differential`.
//! Prints every disagreement and a summary; exits non-zero when there is any.

use schemalint_formats::regex::{parse, Pattern};
use std::io::BufRead;

fn main() {
    let (mut patterns, mut matches, mut disagreements) = (0, 0, 0);
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            eprintln!("skipping a line that is not JSON");
            continue;
        };
        let pattern_text = record["pattern"].as_str().unwrap_or_default();
        let flags = record["flags"].as_str().unwrap_or_default();
        // V8 ran the pattern with these flags; ES2025 modifiers say the same inside the pattern.
        let source = if flags.is_empty() {
            pattern_text.to_owned()
        } else {
            format!("(?{flags}:{pattern_text})")
        };
        let source = source.as_str();
        let v8_valid = record["valid"].as_bool().unwrap_or(false);
        patterns += 1;
        let ours = parse(source);
        if ours.is_ok() != v8_valid {
            disagreements += 1;
            println!("SYNTAX {source:?}: V8 valid={v8_valid}, ours={ours:?}");
            continue;
        }
        if !v8_valid {
            continue;
        }
        let pattern = match Pattern::new(source) {
            Ok(p) => p,
            Err(e) => {
                disagreements += 1;
                println!("COMPILE {source:?}: {e}");
                continue;
            }
        };
        for case in record["cases"].as_array().into_iter().flatten() {
            let haystack = case[0].as_str().unwrap_or_default();
            let expected = case[1].as_bool().unwrap_or(false);
            matches += 1;
            match pattern.is_match(haystack) {
                Ok(got) if got == expected => {}
                outcome => {
                    disagreements += 1;
                    println!("MATCH {source:?} on {haystack:?}: V8 {expected}, ours {outcome:?}");
                }
            }
        }
    }
    println!("{patterns} patterns, {matches} matches compared, {disagreements} disagreement(s)");
    if disagreements > 0 {
        std::process::exit(1);
    }
}
