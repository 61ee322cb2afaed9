//! Golden output of every format for the same synthetic report (`common::report`).
//! Review changes with `cargo insta review`, or `INSTA_UPDATE=always` and `git diff`.

mod common;

use schemalint_diagnostics::{renderer, Format};

/// Renders the fixture; the crate version is masked so releases do not churn snapshots.
fn render(format: Format) -> String {
    let mut out = Vec::new();
    renderer(format, &common::options())
        .render(&common::report(), &mut out)
        .expect("rendering into memory cannot fail");
    String::from_utf8(out)
        .expect("renderers write UTF-8")
        .replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn full() {
    insta::assert_snapshot!(render(Format::Full));
}

#[test]
fn concise() {
    insta::assert_snapshot!(render(Format::Concise));
}

#[test]
fn json() {
    insta::assert_snapshot!(render(Format::Json));
}

#[test]
fn json_lines() {
    let output = render(Format::JsonLines);
    let findings = common::report().diagnostics().count();
    assert_eq!(output.lines().count(), findings, "one line per finding");
    for line in output.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(
            value["path"].is_string() && value["rule"].is_string(),
            "{line}"
        );
    }
    insta::assert_snapshot!(output);
}

#[test]
fn sarif() {
    insta::assert_snapshot!(render(Format::Sarif));
}

#[test]
fn github() {
    insta::assert_snapshot!(render(Format::Github));
}

#[test]
fn junit() {
    insta::assert_snapshot!(render(Format::Junit));
}

#[test]
fn every_format_has_a_snapshot_test() {
    // Adding a format to `Format::NAMES` without a test above fails here.
    let tested = [
        "full",
        "concise",
        "json",
        "json-lines",
        "sarif",
        "github",
        "junit",
    ];
    assert_eq!(Format::NAMES, tested);
}
