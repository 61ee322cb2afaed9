//! Many files: a generated folder of schemas linted with 1 and 2 threads gives the same
//! output in sorted order; statistics add up; no progress bar when stderr is not a terminal.

mod ci_support;

use ci_support::Project;

/// Writes `n` schemas under `schemas/gNN/`: every third one lacks `additionalProperties`,
/// every fifth one has an unsupported `format`.
fn corpus(n: usize) -> Project {
    let p = Project::new();
    for i in 0..n {
        let format = if i % 5 == 0 {
            r#", "format": "uri""#
        } else {
            ""
        };
        let closed = if i % 3 == 0 {
            ""
        } else {
            r#", "additionalProperties": false"#
        };
        p.write(
            &format!("schemas/g{:02}/s{i:04}.json", i % 17),
            &format!(
                r#"{{"type": "object", "properties": {{"a{i}": {{"type": "string"{format}}}}}, "required": ["a{i}"]{closed}}}"#
            ),
        );
    }
    p
}

#[test]
fn parallel_output_is_deterministic_and_complete() {
    let n = 300;
    let p = corpus(n);
    let one = p.run(&["check", "schemas", "--format", "concise", "--threads", "1"]);
    let two = p.run(&["check", "schemas", "--format", "concise", "--threads", "2"]);
    let auto = p.run(&["check", "schemas", "--format", "concise"]);
    assert_eq!(one.code, 1, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, auto.stdout);
    let open = (0..n).filter(|i| i % 3 == 0).count();
    let uri = (0..n).filter(|i| i % 5 == 0).count();
    assert_eq!(one.findings().len(), open + uri);
    // Sorted by path, whatever the thread count.
    let paths: Vec<String> = one
        .findings()
        .iter()
        .map(|f| f.split(' ').next().unwrap().to_owned())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(
        one.stderr.contains(&format!("Checked {n} files")),
        "{}",
        one.stderr
    );
    // No progress bar: stderr is a pipe here.
    assert!(!two.stderr.contains("linting"), "{}", two.stderr);

    let stats = p.run(&["check", "schemas", "--statistics", "--threads", "2"]);
    assert_eq!(
        stats.stdout,
        format!("{open:>3}  strict/additional-properties  error\n{uri:>3}  keyword/unsupported-format    error\n")
    );
    let json = p.run(&["check", "schemas", "--statistics", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v[0]["rule"], "strict/additional-properties");
    assert_eq!(v[0]["count"], open);
}

#[cfg(unix)]
#[test]
fn symlinked_directories_are_not_followed() {
    let p = corpus(3);
    std::os::unix::fs::symlink(p.path().join("schemas"), p.path().join("schemas/g00/loop"))
        .unwrap();
    let r = p.run(&["check", "schemas", "--format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("Checked 3 files"), "{}", r.stderr);
}
