//! `schemalint validate --jsonl` holds a bounded amount of memory, whatever the size of the
//! log: a 96 MiB log (written to a temp dir, then validated on two threads) must not make
//! the process's peak resident set grow past half of that. Reading the file whole would
//! take at least its size. In its own test binary, so that the children measured by
//! `getrusage(RUSAGE_CHILDREN)` are only this test's.
#![cfg(target_os = "linux")]

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_schemalint");

/// Lines of 1 MiB: few lines, so that a debug build gets through them in seconds.
const LINE: usize = 1 << 20;
const LINES: usize = 96;
/// Peak resident set allowed: half the file. What the process needs is its binary, the
/// reorder window (a few lines per thread) and one line being read.
const BOUND: usize = (LINE * LINES) / 2;

/// Peak resident set, in bytes, of the largest child waited for so far.
fn children_peak_rss() -> usize {
    // SAFETY: `getrusage` only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(status, 0, "getrusage failed");
    // Linux reports kilobytes.
    usize::try_from(usage.ru_maxrss).unwrap() * 1024
}

#[test]
fn a_big_jsonl_log_is_validated_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(
        &schema,
        r#"{"type": "object", "required": ["id", "text"], "properties": {"id": {"type": "integer"}}}"#,
    )
    .unwrap();
    let log = dir.path().join("log.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&log).unwrap());
    let filler = "x".repeat(LINE - 32);
    for i in 0..LINES {
        // Every 16th line is invalid, so that results are produced along the way.
        let id = if i % 16 == 15 {
            "\"no\"".to_owned()
        } else {
            i.to_string()
        };
        let line = format!(r#"{{"id": {id}, "text": "{filler}"}}"#);
        writeln!(file, "{line}").unwrap();
    }
    file.into_inner().unwrap().sync_all().unwrap();
    assert!(std::fs::metadata(&log).unwrap().len() as usize >= LINE * LINES - LINES * 32);

    let before = children_peak_rss();
    assert!(
        before < BOUND,
        "a child before this one already peaked at {before} bytes"
    );
    let out = Command::new(BIN)
        .args(["validate", "--jsonl", "--format", "json", "--threads", "2"])
        .arg("--schema")
        .arg(&schema)
        .arg(&log)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let peak = children_peak_rss();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["instances"], LINES);
    assert_eq!(doc["summary"]["invalid"], LINES / 16);
    assert_eq!(doc["results"][15]["line"], 16);
    assert!(
        peak < BOUND,
        "peak resident set {} MiB for a {} MiB log (bound {} MiB)",
        peak >> 20,
        (LINE * LINES) >> 20,
        BOUND >> 20
    );
}
