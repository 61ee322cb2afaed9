//! `schemalint validate` on JSON Lines (Batch API output files) and on many files: every
//! result names its line, the output is the same on any number of threads, results from
//! standard input are written as they come, and an over-long line is a clear error.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_schemalint");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn request() -> String {
    root()
        .join("fixtures/replies/batch/request.json")
        .display()
        .to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("validate")
        .args(["--color", "never"])
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The status line `i` of [`batch_line`] gets.
fn status_of(i: usize) -> &'static str {
    ["valid", "invalid", "truncated", "no_content", "refusal"][i % 5]
}

/// A Batch API output line whose output gets the status [`status_of`]`(i)` against the
/// batch fixture's request (`calendar_event`: `name`, `date` strings and `participants`).
fn batch_line(i: usize) -> String {
    let (content, refusal, finish) = match i % 5 {
        0 => (
            json!(format!(
                r#"{{"name": "Event {i}", "date": "Friday", "participants": []}}"#
            )),
            json!(null),
            "stop",
        ),
        1 => (
            json!(format!(
                r#"{{"name": "Event {i}", "date": {i}, "participants": []}}"#
            )),
            json!(null),
            "stop",
        ),
        2 => (
            json!(r#"{"name": "Book club", "date": "Mon"#),
            json!(null),
            "length",
        ),
        3 => {
            return json!({"id": format!("batch_req_{i}"), "custom_id": format!("request-{i}"),
                "response": null, "error": {"code": "batch_expired", "message": "expired"}})
            .to_string()
        }
        _ => (json!(null), json!("I can't help with that."), "stop"),
    };
    json!({"id": format!("batch_req_{i}"), "custom_id": format!("request-{i}"),
        "response": {"status_code": 200, "request_id": format!("req_{i}"), "body": {
            "id": format!("chatcmpl-{i}"), "object": "chat.completion", "created": 1711652795,
            "model": "gpt-4o-2024-08-06", "choices": [{"index": 0, "message": {"role": "assistant",
                "content": content, "refusal": refusal}, "finish_reason": finish}]}},
        "error": null})
    .to_string()
}

/// `count` batch lines, with a blank line after every 7th (blank lines are skipped but
/// counted). Returns the file and the line number of each record.
fn batch_file(dir: &Path, count: usize) -> (PathBuf, Vec<usize>) {
    let path = dir.join("output.jsonl");
    let mut text = String::new();
    let mut numbers = Vec::new();
    let mut line = 0;
    for i in 0..count {
        line += 1;
        numbers.push(line);
        text.push_str(&batch_line(i));
        text.push('\n');
        if i % 7 == 6 {
            line += 1;
            text.push_str("  \n");
        }
    }
    std::fs::write(&path, text).unwrap();
    (path, numbers)
}

#[test]
fn threads_do_not_change_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let count = 700;
    let (file, numbers) = batch_file(dir.path(), count);
    let file = file.display().to_string();
    let request = request();
    for format in ["json", "concise", "full"] {
        let runs: Vec<Output> = ["1", "2", "3"]
            .iter()
            .map(|threads| {
                run(&[
                    "--request",
                    &request,
                    "--format",
                    format,
                    "--threads",
                    threads,
                    &file,
                ])
            })
            .collect();
        for other in &runs[1..] {
            assert!(
                other.stdout == runs[0].stdout,
                "{format}: output differs between --threads 1 and more"
            );
            assert_eq!(other.stderr, runs[0].stderr, "{format}");
            assert_eq!(other.status.code(), Some(1), "{format}");
        }
        if format == "json" {
            let doc = json_of(&runs[0]);
            let results = doc["results"].as_array().unwrap();
            assert_eq!(results.len(), count);
            for (i, r) in results.iter().enumerate() {
                assert_eq!(r["line"], numbers[i], "record {i}");
                assert_eq!(r["status"], status_of(i), "record {i}");
            }
            assert_eq!(doc["summary"]["instances"], count);
            assert_eq!(doc["summary"]["statuses"]["valid"], count / 5);
        } else {
            let err = String::from_utf8_lossy(&runs[0].stderr);
            assert!(
                err.contains("700 instances: 140 valid, 140 invalid, 140 truncated, 140 refusal, 140 no_content"),
                "{err}"
            );
        }
    }
    // Concise lines carry the record's line in the file (decoded content: in its label).
    let out = run(&["--request", &request, "--format", "concise", &file]);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let content = "#/response/body/choices/0/message/content:1:";
    assert!(
        lines[0].starts_with(&format!("{file}:{}{content}", numbers[1])),
        "{text}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "{file}:{}:34: error[validate/no-content]",
            numbers[3]
        )),
        "{text}"
    );
    assert!(
        lines[2].contains(&format!("line {}: ", numbers[3])),
        "{text}"
    );
}

#[test]
fn many_files_keep_their_order_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..40 {
        let path = dir.path().join(format!("reply-{i:02}.json"));
        let line: Value = serde_json::from_str(&batch_line(i % 3)).unwrap();
        let body = serde_json::to_string_pretty(&line["response"]["body"]).unwrap();
        std::fs::write(&path, body).unwrap();
        files.push(path.display().to_string());
    }
    // Reverse order: output follows the command line, not the file names.
    files.reverse();
    let request = request();
    let mut args = vec!["--request", &request, "--format", "json", "--threads"];
    let sequential = run(&[
        &args[..],
        &["1"],
        &files.iter().map(String::as_str).collect::<Vec<_>>(),
    ]
    .concat());
    args.push("2");
    args.extend(files.iter().map(String::as_str));
    let parallel = run(&args);
    assert_eq!(parallel.stdout, sequential.stdout);
    let doc = json_of(&parallel);
    let paths: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, files);
    assert!(doc["results"][0]["line"].is_null());
}

#[test]
fn batch_output_files_are_read_line_by_line_without_jsonl() {
    let fixture = root().join("fixtures/replies/batch/output.jsonl");
    let out = run(&[
        "--request",
        &request(),
        "--format",
        "json",
        fixture.to_str().unwrap(),
    ]);
    let doc = json_of(&out);
    let lines: Vec<&Value> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["line"])
        .collect();
    assert_eq!(lines, [&json!(1), &json!(2), &json!(3)]);
    assert_eq!(doc["results"][0]["envelope"], "batch/chat-completion");
}

#[test]
fn a_line_over_the_limit_is_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonl");
    let long = format!(r#"{{"name": "{}", "date": "x"}}"#, "n".repeat(2000));
    let text = format!(
        "{}\n{}\n{long}\n{}\n",
        batch_line(0),
        batch_line(1),
        batch_line(2)
    );
    std::fs::write(&path, text).unwrap();
    let file = path.display().to_string();
    let out = run(&[
        "--request",
        &request(),
        "--format",
        "json",
        "--max-line-size",
        "1K",
        &file,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{file}:3: line 3 is longer than 1 KiB (--max-line-size)"
        )),
        "{err}"
    );
    // What came before is reported, and the document still parses.
    let doc = json_of(&out);
    assert_eq!(doc["results"].as_array().unwrap().len(), 2);
    assert!(doc["error"].as_str().unwrap().contains("line 3"));
    // A bigger limit lets the line through.
    let out = run(&[
        "--request",
        &request(),
        "--format",
        "json",
        "--max-line-size",
        "4K",
        &file,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["results"].as_array().unwrap().len(), 4);
    let bad = run(&["--request", &request(), "--max-line-size", "lots", &file]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn results_from_standard_input_are_written_as_they_come() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, r#"{"type": "object", "required": ["city"]}"#).unwrap();
    for threads in ["1", "2"] {
        let mut child = Command::new(BIN)
            .args([
                "validate",
                "--jsonl",
                "--format",
                "concise",
                "--threads",
                threads,
            ])
            .arg("--schema")
            .arg(&schema)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        let wait = Duration::from_secs(60);
        // Each result arrives while standard input is still open.
        writeln!(stdin, r#"{{"town": "Oslo"}}"#).unwrap();
        stdin.flush().unwrap();
        let first = rx
            .recv_timeout(wait)
            .expect("the first result, before more input");
        assert!(
            first.starts_with("<stdin>:1:1: error[validate/required]"),
            "{first}"
        );
        writeln!(stdin, "{{\"city\": \"Lima\"}}\n\n[1]").unwrap();
        stdin.flush().unwrap();
        let second = rx.recv_timeout(wait).expect("the third line's result");
        assert!(
            second.starts_with("<stdin>:4:1: error[validate/type]"),
            "{second}"
        );
        drop(stdin);
        assert_eq!(child.wait().unwrap().code(), Some(1));
        reader.join().unwrap();
    }
}
