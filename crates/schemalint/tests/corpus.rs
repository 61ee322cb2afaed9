//! How many real-world function-calling schemas (`fixtures/corpus/`, provenance in its
//! README) are lint-clean — no error finding — under a profile before and after
//! `--fix --unsafe-fixes`. Prints the table recorded in BENCHMARKS.md:
//! `cargo test -p schemalint --test corpus -- --nocapture`.

use std::path::{Path, PathBuf};

use schemalint::check::{self, Profile};
use schemalint::{Applicability, Severity};

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let tools: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for (i, tool) in tools.iter().enumerate() {
            let text = serde_json::to_string_pretty(tool).unwrap() + "\n";
            out.push((format!("{stem}/{i}.json"), text));
        }
    }
    out
}

fn clean(report: &[schemalint::Diagnostic]) -> bool {
    !report.iter().any(|d| d.severity == Severity::Error)
}

/// (schemas, clean before, clean after) under `profile`; checks that every fixed text
/// parses and that fixing it again changes nothing.
fn measure(schemas: &[(String, String)], profile: &str) -> (usize, usize, usize) {
    let profile = Profile::builtin(profile).unwrap();
    let (mut before, mut after) = (0, 0);
    for (name, text) in schemas {
        if clean(&check::check_str(name, text, profile).diagnostics) {
            before += 1;
        }
        let fixed = check::fix_str(name, text, profile, Applicability::Unsafe);
        serde_json::from_str::<serde_json::Value>(&fixed.text)
            .unwrap_or_else(|e| panic!("{name}: the fixed text is not JSON: {e}"));
        let again = check::fix_str(name, &fixed.text, profile, Applicability::Unsafe);
        assert_eq!(again.text, fixed.text, "{name}: a second fix changed it");
        if clean(&fixed.remaining) {
            after += 1;
        }
    }
    (schemas.len(), before, after)
}

fn percent(n: usize, of: usize) -> f64 {
    100.0 * n as f64 / of as f64
}

#[test]
fn fix_makes_the_real_world_corpus_lint_clean() {
    let schemas = corpus();
    assert!(schemas.len() >= 300, "corpus has {} schemas", schemas.len());
    println!("profile    schemas  clean before  clean after --fix --unsafe-fixes");
    for profile in ["openai", "gemini", "anthropic"] {
        let (n, before, after) = measure(&schemas, profile);
        println!(
            "{profile:<10} {n:>7}  {before:>5} ({:>5.1} %)  {after:>5} ({:>5.1} %)",
            percent(before, n),
            percent(after, n)
        );
        if profile == "openai" {
            // The bar: at least 95 % of function-calling schemas pass strict mode.
            assert!(
                percent(after, n) >= 95.0,
                "only {after} of {n} schemas are clean under openai after fixing"
            );
            assert!(before < after);
        }
        assert!(after >= before, "{profile}: fixing made schemas worse");
    }
}
