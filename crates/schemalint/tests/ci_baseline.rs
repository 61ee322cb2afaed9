//! Baseline round trip: write, change a schema, only the new finding remains; a stale
//! entry is reported (under `baseline/stale-entry`, located in the baseline file).

mod ci_support;

use ci_support::Project;

#[test]
fn baseline_round_trip() {
    let p = Project::new();
    p.fixture("person.json", "schemas/person.json")
        .fixture("legacy/meta.json", "schemas/meta.json");
    let w = p.run(&[
        "check",
        "schemas",
        "--write-baseline",
        "schemalint-baseline.json",
    ]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(
        w.stderr.contains("Wrote 4 baseline entries"),
        "{}",
        w.stderr
    );
    let text = std::fs::read_to_string(p.path().join("schemalint-baseline.json")).unwrap();
    assert!(text.contains("\"path\":\"schemas/person.json\""), "{text}");

    // Nothing new: clean.
    let r = p.run(&[
        "check",
        "schemas",
        "--baseline",
        "schemalint-baseline.json",
        "--format",
        "concise",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    // Fix one finding (add `age` to required) and introduce a new one (an unsupported format).
    p.write(
        "schemas/person.json",
        r#"{
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "age": {"type": "integer"},
    "site": {"type": "string", "format": "uri"}
  },
  "required": ["name", "age", "site"]
}
"#,
    );
    let r = p.run(&[
        "check",
        "schemas",
        "--baseline",
        "schemalint-baseline.json",
        "--format",
        "concise",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.findings(),
        [
            "schemas/person.json keyword/unsupported-format",
            "schemalint-baseline.json baseline/stale-entry",
        ],
        "{}",
        r.stdout
    );
    // The stale entry points at its line in the baseline file.
    let stale_line = text
        .lines()
        .position(|l| l.contains("strict/required"))
        .unwrap()
        + 1;
    assert!(
        r.stdout.contains(&format!(
            "schemalint-baseline.json:{stale_line}:5: warning[baseline/stale-entry]"
        )),
        "{}",
        r.stdout
    );

    // Entries of files not checked in this run are not stale; deleted files' entries are.
    let r = p.run(&[
        "check",
        "schemas/meta.json",
        "--baseline",
        "schemalint-baseline.json",
        "--format",
        "concise",
    ]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    std::fs::remove_file(p.path().join("schemas/person.json")).unwrap();
    let r = p.run(&[
        "check",
        "schemas/meta.json",
        "--baseline",
        "schemalint-baseline.json",
        "--format",
        "concise",
    ]);
    assert_eq!(r.findings().len(), 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("the file no longer exists"),
        "{}",
        r.stdout
    );

    // The stale-entry rule follows the config like any other.
    p.write(
        "schemalint.toml",
        "[severity]\n\"baseline/stale-entry\" = \"error\"\n",
    );
    let r = p.run(&[
        "check",
        "schemas/meta.json",
        "--baseline",
        "schemalint-baseline.json",
        "--format",
        "concise",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("error[baseline/stale-entry]"),
        "{}",
        r.stdout
    );
}

#[test]
fn baseline_counts_duplicates_and_paths_are_relative_to_it() {
    let p = Project::new();
    p.fixture("person.json", "schemas/person.json");
    std::fs::create_dir_all(p.path().join("ci")).unwrap();
    // Written from inside `schemas/`, read from the project root: same entries.
    let w = ci_support::run(
        &p.path().join("schemas"),
        &[
            "check",
            "person.json",
            "--write-baseline",
            "../ci/baseline.json",
        ],
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    let text = std::fs::read_to_string(p.path().join("ci/baseline.json")).unwrap();
    assert!(
        text.contains("\"path\":\"../schemas/person.json\""),
        "{text}"
    );
    let r = p.run(&["check", "schemas", "--baseline", "ci/baseline.json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn unreadable_or_invalid_baseline_is_a_usage_error() {
    let p = Project::new();
    p.fixture("clean.json", "clean.json");
    let r = p.run(&["check", "clean.json", "--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    p.write("bad.json", "{\"version\": 1, \"entries\": [{\"rule\": 1}]}");
    let r = p.run(&["check", "clean.json", "--baseline", "bad.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.json:1:"), "{}", r.stderr);
}
