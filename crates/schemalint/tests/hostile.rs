//! Hostile input, end to end: nesting ten million levels deep (closed and unclosed, arrays
//! and objects), 100 MB single-line files, objects with a million keys, as schema and as
//! instance, through `check` and `validate`. Each case asserts the exit code, the message
//! and a bound on the child's peak memory (its `ru_maxrss`, from `wait4`): the bounds the
//! README's "Limits" section states. The files are generated here, streamed to a temporary
//! directory, never committed.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Peak resident memory allowed to a refusal: the file is read only up to a little past
/// its first fatal error, whatever its size.
const REFUSAL_PEAK: u64 = 100 << 20;

/// A finished child: exit code, output, and peak resident memory in bytes.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak: u64,
}

/// Runs schemalint with `args` and measures the child's peak memory with `wait4`, which
/// reports the resources of that one child (`getrusage(RUSAGE_CHILDREN)` would mix in
/// the cases other test threads run at the same time).
fn run(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let child = Command::new(env!("CARGO_BIN_EXE_schemalint"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills in; `pid` is our own child, which
    // `child` never waits for (it is forgotten below, so it cannot reap it either).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    assert!(
        libc::WIFEXITED(status),
        "schemalint {args:?} was killed: {status}"
    );
    Run {
        code: libc::WEXITSTATUS(status),
        stdout: std::fs::read_to_string(out_path).unwrap(),
        stderr: std::fs::read_to_string(err_path).unwrap(),
        // Linux reports kilobytes.
        peak: u64::try_from(usage.ru_maxrss).unwrap() * 1024,
    }
}

impl Run {
    fn expect(&self, code: i32, output: &str, peak: u64) -> &Run {
        let all = format!("{}{}", self.stdout, self.stderr);
        assert_eq!(self.code, code, "{}", excerpt(&all));
        assert!(all.contains(output), "no {output:?} in {}", excerpt(&all));
        assert!(
            self.peak < peak,
            "peak memory {} MB, bound {} MB",
            self.peak >> 20,
            peak >> 20
        );
        self
    }
}

fn excerpt(text: &str) -> &str {
    let mut end = text.len().min(2_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Streams `parts` (each repeated its count of times) into `dir/name`.
fn generate(dir: &Path, name: &str, parts: &[(&str, usize)]) -> PathBuf {
    let path = dir.join(name);
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).unwrap());
    for (text, times) in parts {
        // Whole blocks of the piece at a time: one write per megabyte or so.
        let per_block = ((1 << 20) / text.len().max(1)).max(1);
        let block = text.repeat(per_block.min(*times));
        let mut left = *times;
        while left >= per_block {
            out.write_all(block.as_bytes()).unwrap();
            left -= per_block;
        }
        out.write_all(text.repeat(left).as_bytes()).unwrap();
    }
    out.flush().unwrap();
    path
}

const TEN_MILLION: usize = 10_000_000;
const DEEP: &str = "JSON nested deeper than 1000 levels (the nesting limit)";

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn nesting_ten_million_deep_is_refused_at_the_limit_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let arrays = generate(d, "arrays.json", &[("[", TEN_MILLION), ("]", TEN_MILLION)]);
    let open_arrays = generate(d, "open-arrays.json", &[("[", TEN_MILLION)]);
    let objects = generate(
        d,
        "objects.json",
        &[("{\"a\":", TEN_MILLION), ("1", 1), ("}", TEN_MILLION)],
    );
    // 100 MB on one line.
    let open_objects = generate(d, "open-objects.json", &[("{\"a\":", 2 * TEN_MILLION)]);
    assert!(std::fs::metadata(&open_objects).unwrap().len() >= 100_000_000);
    let schema = generate(d, "schema.json", &[("{\"type\": \"array\"}", 1)]);

    // As schemas, under check: one json/too-deep at the bracket past the limit.
    for (file, column) in [
        (&arrays, 1001),
        (&open_arrays, 1001),
        (&objects, 5001),
        (&open_objects, 5001),
    ] {
        let at = format!(":1:{column}: error[json/too-deep] {DEEP}");
        run(&["check", "--format", "concise", s(file)]).expect(2, &at, REFUSAL_PEAK);
    }
    // The code frame of a 100 MB line is an excerpt, not the line.
    let full = run(&["check", "--format", "full", s(&open_objects)]);
    full.expect(2, DEEP, REFUSAL_PEAK);
    assert!(full.stdout.len() < 2_000, "{}", excerpt(&full.stdout));
    assert!(full.stdout.contains("--max-depth N"), "{}", full.stdout);
    run(&["check", "--format", "github", s(&open_objects)]).expect(2, DEEP, REFUSAL_PEAK);

    // As schemas, under validate: the same limit and words, and how to raise it.
    for file in [&arrays, &open_objects] {
        let bad = run(&["validate", "--schema", s(file), s(&schema)]);
        bad.expect(2, DEEP, REFUSAL_PEAK);
        assert!(bad.stderr.contains("--max-depth"), "{}", bad.stderr);
        assert!(!bad.stderr.contains("not valid JSON"), "{}", bad.stderr);
    }

    // As instances: invalid, with the same words.
    for file in [&arrays, &open_arrays, &objects, &open_objects] {
        let args = [
            "validate",
            "--format",
            "concise",
            "--schema",
            s(&schema),
            s(file),
        ];
        run(&args).expect(
            1,
            &format!("error[validate/too-deep] (root): {DEEP}"),
            REFUSAL_PEAK,
        );
    }
    let jsonl = run(&[
        "validate",
        "--jsonl",
        "--format",
        "json",
        "--schema",
        s(&schema),
        s(&arrays),
    ]);
    jsonl.expect(1, DEEP, REFUSAL_PEAK);
}

#[test]
fn a_valid_schema_nested_past_the_old_limits_validates() {
    // 400 levels: past serde_json's recursion limit (128) and the compiler's default
    // (256), within the one nesting limit (1000).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let schema = generate(
        d,
        "deep.json",
        &[("{\"items\": ", 400), ("{}", 1), ("}", 400)],
    );
    let instance = generate(d, "instance.json", &[("[", 300), ("]", 300)]);
    let ok = run(&["validate", "--schema", s(&schema), s(&instance)]);
    ok.expect(0, "1 valid", REFUSAL_PEAK);
    let lower = run(&[
        "validate",
        "--max-depth",
        "300",
        "--schema",
        s(&schema),
        s(&instance),
    ]);
    lower.expect(
        2,
        "JSON nested deeper than 300 levels (the nesting limit)",
        REFUSAL_PEAK,
    );
    let args = [
        "check",
        "--format",
        "concise",
        "--max-depth",
        "300",
        s(&schema),
    ];
    run(&args).expect(
        2,
        "error[json/too-deep] JSON nested deeper than 300 levels",
        REFUSAL_PEAK,
    );
}

#[test]
fn a_hundred_megabyte_line_with_an_early_error_is_not_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let broken = generate(
        d,
        "broken.json",
        &[("{\"type\": \"object\", oops: ", 1), ("x", 100_000_000)],
    );
    let schema = generate(d, "schema.json", &[("{}", 1)]);
    let out = run(&["check", "--format", "concise", s(&broken)]);
    out.expect(2, ":1:20: error[json/invalid-json]", REFUSAL_PEAK);
    let full = run(&["check", "--format", "full", s(&broken)]);
    full.expect(2, "json/invalid-json", REFUSAL_PEAK);
    assert!(full.stdout.len() < 2_000, "{}", excerpt(&full.stdout));
    let bad = run(&["validate", "--schema", s(&broken), s(&schema)]);
    bad.expect(2, "is not valid JSON", REFUSAL_PEAK);
    let args = [
        "validate",
        "--format",
        "concise",
        "--schema",
        s(&schema),
        s(&broken),
    ];
    run(&args).expect(1, "error[validate/malformed-json]", REFUSAL_PEAK);
}

/// Keys in the wide-object cases.
const MILLION: usize = 1_000_000;

#[test]
fn a_million_keys_are_checked_and_validated_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // As instance: {"k": 0, "k": 0, …} would be a million duplicates; distinct keys.
    let instance = d.join("wide.json");
    {
        let mut out = BufWriter::new(std::fs::File::create(&instance).unwrap());
        out.write_all(b"{").unwrap();
        for i in 0..MILLION {
            let sep = if i == 0 { "" } else { "," };
            write!(out, "{sep}\"k{i}\":{i}").unwrap();
        }
        out.write_all(b"}").unwrap();
        out.flush().unwrap();
    }
    let object = generate(d, "object.json", &[("{\"type\": \"object\"}", 1)]);
    let few = generate(d, "few.json", &[("{\"maxProperties\": 10}", 1)]);
    run(&["validate", "--schema", s(&object), s(&instance)]).expect(0, "1 valid", 200 << 20);
    let bad = run(&[
        "validate",
        "--format",
        "concise",
        "--schema",
        s(&few),
        s(&instance),
    ]);
    bad.expect(1, "error[validate/maxProperties]", 200 << 20);
}

/// Properties in the wide-schema cases. The tests run the debug build, which takes
/// several seconds for 10^6; `benches/hostile/run.sh` runs 10^6 on the release build.
const WIDE_SCHEMA: usize = 100_000;

/// Peak resident memory allowed to checking a schema of [`WIDE_SCHEMA`] properties
/// (the debug build measured about 50 MB: the tree, the file and the fix).
const WIDE_SCHEMA_PEAK: u64 = 100 << 20;

/// `{"type":"object","properties":{"k0":{"type":"string"},…}}` on one line; with
/// `all_required`, also every name in `required` and `"additionalProperties": false`.
fn wide_schema(dir: &Path, name: &str, properties: usize, all_required: bool) -> PathBuf {
    let path = dir.join(name);
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    out.write_all(b"{\"type\":\"object\",\"properties\":{")
        .unwrap();
    for i in 0..properties {
        let sep = if i == 0 { "" } else { "," };
        write!(out, "{sep}\"k{i}\":{{\"type\":\"string\"}}").unwrap();
    }
    out.write_all(b"}").unwrap();
    if all_required {
        out.write_all(b",\"required\":[").unwrap();
        for i in 0..properties {
            let sep = if i == 0 { "" } else { "," };
            write!(out, "{sep}\"k{i}\"").unwrap();
        }
        out.write_all(b"],\"additionalProperties\":false").unwrap();
    }
    out.write_all(b"}").unwrap();
    out.flush().unwrap();
    path
}

#[test]
fn a_schema_with_a_hundred_thousand_properties_is_checked_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let open = wide_schema(d, "wide.json", WIDE_SCHEMA, false);
    let total = format!(
        ":1:18: error[limit/total-properties] the schema defines {WIDE_SCHEMA} object properties in total; the limit is 5000"
    );
    let missing = format!(
        ":1:18: error[strict/required] object schema has no `required`; strict mode requires every property in it: `k0`, `k1`, `k2`, `k3`, `k4`, `k5`, `k6`, `k7`, `k8`, `k9`, `k10`, `k11`, `k12`, `k13`, `k14`, `k15`, `k16`, `k17`, `k18`, `k19` and {} more",
        WIDE_SCHEMA - 20
    );
    for format in ["concise", "full"] {
        let out = run(&["check", "--format", format, s(&open)]);
        out.expect(1, "strict/required", WIDE_SCHEMA_PEAK);
        assert!(out.stdout.len() < 20_000, "{}", excerpt(&out.stdout));
    }
    let concise = run(&["check", "--format", "concise", s(&open)]);
    concise.expect(1, &total, WIDE_SCHEMA_PEAK);
    concise.expect(1, &missing, WIDE_SCHEMA_PEAK);

    // The fix makes every property required and nullable: past 5,000 properties it is
    // one edit (the same text once applied), not one per property.
    let json = run(&["check", "--format", "json", s(&open)]);
    json.expect(1, "\"rule\": \"strict/required\"", WIDE_SCHEMA_PEAK);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let required = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "strict/required")
        .unwrap();
    let edits = required["fix"]["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let replacement = edits[0]["replacement"].as_str().unwrap();
    assert!(
        replacement.starts_with("[\"string\",\"null\"]},\"k1\":{\"type\":[\"string\",\"null\"]}"),
        "{}",
        excerpt(replacement)
    );
    assert!(replacement.ends_with(&format!("\"k{}\"]", WIDE_SCHEMA - 1)));

    // Strict (every name in `required`, no additional properties) but far over the
    // limits: only the limits are reported.
    let strict = wide_schema(d, "strict.json", WIDE_SCHEMA, true);
    for format in ["concise", "json"] {
        let out = run(&["check", "--format", format, s(&strict)]);
        out.expect(1, "limit/total-properties", WIDE_SCHEMA_PEAK);
        assert!(!out.stdout.contains("strict/"), "{}", excerpt(&out.stdout));
    }
    run(&["check", "--format", "concise", s(&strict)]).expect(1, &total, WIDE_SCHEMA_PEAK);
}
