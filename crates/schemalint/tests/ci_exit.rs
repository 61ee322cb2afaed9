//! Exit codes for every `--fail-on` (and the config's `fail-on`), and 2 for unusable input.

mod ci_support;

use ci_support::Project;

fn code(p: &Project, file: &str, extra: &[&str]) -> i32 {
    let mut args = vec!["check", file];
    args.extend_from_slice(extra);
    let r = p.run(&args);
    r.code
}

#[test]
fn every_fail_on_threshold() {
    let p = Project::new();
    p.fixture("clean.json", "clean.json")
        .fixture("warn.json", "warn.json")
        .fixture("person.json", "error.json");
    p.write("bad.json", "{\"type\": ");
    // (file, extra args, exit code for fail-on error, warning, info)
    let info = [
        "--config",
        "severity = {\"keyword/default-value\" = \"info\"}",
    ];
    let cases: &[(&str, &[&str], [i32; 3])] = &[
        ("clean.json", &[], [0, 0, 0]),
        ("warn.json", &[], [0, 1, 1]),
        ("warn.json", &info, [0, 0, 1]),
        ("error.json", &[], [1, 1, 1]),
        ("bad.json", &[], [2, 2, 2]),
        ("missing.json", &[], [2, 2, 2]),
    ];
    for (file, extra, expected) in cases {
        for (level, want) in ["error", "warning", "info"].iter().zip(expected) {
            let mut args = extra.to_vec();
            args.extend(["--fail-on", level]);
            assert_eq!(
                code(&p, file, &args),
                *want,
                "{file} {extra:?} --fail-on {level}"
            );
            // The same threshold from the config file.
            let cfg = format!("fail-on = \"{level}\"");
            let mut args = extra.to_vec();
            args.extend(["--config", &cfg]);
            assert_eq!(
                code(&p, file, &args),
                *want,
                "{file} {extra:?} fail-on = {level}"
            );
        }
    }
    // Default: error.
    assert_eq!(code(&p, "warn.json", &[]), 0);
    assert_eq!(code(&p, "error.json", &[]), 1);
    // An unknown profile and no inputs are usage errors.
    assert_eq!(code(&p, "clean.json", &["--profile", "nope"]), 2);
    std::fs::create_dir_all(p.path().join("empty")).unwrap();
    assert_eq!(code(&p, "empty", &[]), 2);
}
