//! Arbitrary bytes through the linter, with several profiles: `check_bytes` never panics
//! or hangs; every finding's span lies inside the text on character boundaries and
//! converts to a line and column; the `full`, `json` and `sarif` renderers accept the
//! report; and the parser accepts exactly what `serde_json` accepts, apart from the
//! documented differences (nesting past serde_json's 128 levels, numbers beyond `f64`,
//! lone surrogate escapes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemalint_check::{check_bytes, has_parse_error, Profile};
use schemalint_diagnostics::render::{self, Format, RenderOptions};
use schemalint_diagnostics::Report;

fuzz_target!(|data: &[u8]| {
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    for id in ["openai", "anthropic", "gemini-openapi"] {
        let profile = Profile::builtin(id).expect("built-in profile");
        let report = check_bytes("fuzz.json", data, profile);
        if let Some(source) = &report.source {
            let text = source.text();
            for d in &report.diagnostics {
                let spans = d.span.iter().chain(d.labels.iter().map(|l| &l.span));
                for span in spans {
                    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
                    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                    let _ = source.range(*span);
                }
            }
        }
        let parsed = !has_parse_error(&report);
        match &theirs {
            Ok(_) => assert!(
                parsed,
                "serde_json accepts what we refuse: {:?}",
                report.diagnostics.first().map(|d| &d.message)
            ),
            Err(e) => {
                let message = e.to_string();
                let by_design = message.contains("recursion limit")
                    || message.contains("number out of range")
                    || message.contains("surrogate")
                    || message.contains("hex escape")
                    || data.starts_with(&[0xEF, 0xBB, 0xBF]);
                assert!(
                    !parsed || by_design,
                    "we accept what serde_json refuses: {message}"
                );
            }
        }
        let all = Report {
            files: vec![report],
        };
        for format in [Format::Full, Format::Json, Format::Sarif] {
            let mut out = Vec::new();
            let _ = render::renderer(format, &RenderOptions::default()).render(&all, &mut out);
        }
    }
});
