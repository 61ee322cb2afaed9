//! `schemalint validate` on captured provider replies (fixtures/replies/<provider>/):
//! every output of every reply gets the status `expected.json` names, at the pointer it
//! names, with the schema taken from the directory's `request.json`. On JSON Lines (Batch
//! API output files) and on many files: every result names its line, the output is the
//! same on any number of threads, results from standard input are written as they come,
//! and an over-long line is a clear error.

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

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(root())
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

fn statuses(doc: &Value) -> Vec<(String, String)> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["pointer"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_fixture_reply_gets_its_expected_statuses() {
    let dir = root().join("fixtures/replies");
    let mut checked = 0;
    let mut providers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    providers.sort();
    for provider in providers {
        let expected: Value =
            serde_json::from_slice(&std::fs::read(provider.join("expected.json")).unwrap())
                .unwrap();
        let request = provider.join("request.json");
        for (file, want) in expected.as_object().unwrap() {
            let path = provider.join(file);
            let out = run(&[
                "validate",
                "--request",
                request.to_str().unwrap(),
                "--format",
                "json",
                path.to_str().unwrap(),
            ]);
            let doc = json_of(&out);
            let want: Vec<(String, String)> = serde_json::from_value(want.clone()).unwrap();
            assert_eq!(statuses(&doc), want, "{}", path.display());
            let all_valid = want.iter().all(|(_, s)| s == "valid");
            assert_eq!(
                out.status.code(),
                Some(if all_valid { 0 } else { 1 }),
                "{}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} fixtures");
}

#[test]
fn results_name_the_envelope_finish_reason_and_open_containers() {
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/openai-chat/request.json",
        "--format",
        "json",
        "fixtures/replies/openai-chat/truncated.json",
    ]);
    let doc = json_of(&out);
    let r = &doc["results"][0];
    assert_eq!(r["envelope"], "chat-completion");
    assert_eq!(r["schema"], "calendar_event");
    assert_eq!(r["valid"], false);
    assert_eq!(
        r["finish"],
        serde_json::json!({"field": "finish_reason", "value": "length"})
    );
    let open: Vec<&str> = r["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(open, ["object", "array", "string"]);
    assert!(r["detail"]
        .as_str()
        .unwrap()
        .ends_with("(finish_reason: length)"));
    // Positions are in the decoded content, not in the reply file.
    let end = &r["errors"][0]["range"]["end"];
    assert_eq!(end["line"], 1);
    assert_eq!(end["offset"], 72);
    assert_eq!(doc["summary"]["statuses"]["truncated"], 1);
}

#[test]
fn tool_arguments_are_matched_to_their_tool_by_name() {
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/openai-chat/request.json",
        "--format",
        "json",
        "fixtures/replies/openai-chat/tool-calls.json",
    ]);
    let doc = json_of(&out);
    let bad = &doc["results"][1];
    assert_eq!(bad["tool"], "get_weather");
    assert_eq!(bad["schema"], "get_weather");
    assert_eq!(bad["errors"][0]["keyword"], "enum");
    assert_eq!(bad["errors"][0]["instance_pointer"], "/unit");
}

#[test]
fn extract_validates_fenced_and_prose_wrapped_json() {
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/openai-chat/request.json",
        "--extract",
        "--format",
        "json",
        "fixtures/replies/openai-chat/json-mode-fenced.json",
    ]);
    let doc = json_of(&out);
    assert_eq!(
        statuses(&doc),
        [
            ("/choices/0/message/content".to_owned(), "valid".to_owned()),
            (
                "/choices/1/message/content".to_owned(),
                "invalid".to_owned()
            ),
        ]
    );
    assert_eq!(doc["results"][0]["wrapped"]["how"], "fence");
    assert_eq!(doc["results"][1]["wrapped"]["how"], "prose");
    assert_eq!(doc["results"][1]["errors"][0]["keyword"], "required");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn forcing_the_wrong_shape_is_a_usage_error() {
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/gemini/request.json",
        "--input",
        "anthropic-message",
        "fixtures/replies/gemini/valid.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a Anthropic message: no `content`"),
        "{err}"
    );
    // Forced bare, the reply itself is validated against the schema.
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/gemini/request.json",
        "--input",
        "bare",
        "--format",
        "json",
        "fixtures/replies/gemini/valid.json",
    ]);
    assert_eq!(json_of(&out)["results"][0]["status"], "invalid");
}

#[test]
fn human_output_shows_the_decoded_content_and_the_refusal() {
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/openai-chat/request.json",
        "--format",
        "concise",
        "fixtures/replies/openai-chat/invalid.json",
        "fixtures/replies/openai-chat/refusal.json",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("invalid.json#/choices/0/message/content:1:"),
        "{text}"
    );
    assert!(text.contains("validate/type"), "{text}");
    assert!(text.contains("validate/additionalProperties"), "{text}");
    assert!(
        text.contains("validate/refusal") && text.contains("I'm sorry, I cannot assist"),
        "{text}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 instances: 0 valid, 1 invalid, 1 refusal"),
        "{err}"
    );
}

/// A Bedrock Converse request holds its response schema as a JSON string: `--request`
/// parses it, so the reply is validated against the schema inside.
#[test]
fn bedrock_request_schema_string_is_parsed_for_validation() {
    let dir = tempfile::tempdir().unwrap();
    let reply = dir.path().join("out.json");
    std::fs::write(&reply, r#"{"name": "John", "age": "42"}"#).unwrap();
    let out = run(&[
        "validate",
        "--format",
        "json",
        "--request",
        "fixtures/requests/bedrock/keyword.unsupported/valid.json",
        reply.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out);
    let errors = &doc["results"][0]["errors"];
    assert_eq!(errors[0]["instance_pointer"], "/age", "{doc}");
    assert_eq!(errors[0]["keyword"], "type", "{doc}");
}

/// Runs `validate --sse` with `input` on standard input.
fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may stop reading early (that is the point): a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

#[test]
fn every_fixture_stream_gets_its_expected_statuses() {
    let dir = root().join("fixtures/sse");
    let mut checked = 0;
    for provider in ["openai-chat", "responses", "anthropic"] {
        let request = format!("fixtures/replies/{provider}/request.json");
        let expected: Value = serde_json::from_slice(
            &std::fs::read(dir.join(provider).join("expected.json")).unwrap(),
        )
        .unwrap();
        for (file, want) in expected.as_object().unwrap() {
            let path = format!("fixtures/sse/{provider}/{file}");
            let out = run(&[
                "validate",
                "--request",
                &request,
                "--sse",
                &path,
                "--format",
                "json",
            ]);
            let doc = json_of(&out);
            let want: Vec<(String, String)> = serde_json::from_value(want.clone()).unwrap();
            assert_eq!(statuses(&doc), want, "{path}");
            let all_valid = want.iter().all(|(_, s)| s == "valid");
            assert_eq!(
                out.status.code(),
                Some(if all_valid { 0 } else { 1 }),
                "{path}"
            );
            for r in doc["results"].as_array().unwrap() {
                assert!(
                    r["envelope"].as_str().unwrap().starts_with("sse/"),
                    "{path}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} fixture streams");
}

#[test]
fn a_stream_stops_at_the_first_byte_no_valid_output_can_follow() {
    // `"date": 20241011` where the schema wants a string: the digit decides it.
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/openai-chat/request.json",
        "--sse",
        "fixtures/sse/openai-chat/early-abort.sse",
        "--format",
        "json",
    ]);
    let doc = json_of(&out);
    let r = &doc["results"][0];
    assert_eq!(r["status"], "invalid");
    assert_eq!(r["errors"][0]["keyword"], "type");
    assert_eq!(r["errors"][0]["instance_pointer"], "/date");
    assert_eq!(r["errors"][0]["range"]["start"]["offset"], 33);
    let detail = r["detail"].as_str().unwrap();
    assert!(
        detail.contains("from byte 33") && detail.contains("reading stopped"),
        "{detail}"
    );
    // The tool-call stream: the second call's unit "k…" is no enum member; the first call
    // was complete and valid before that, and is reported so.
    let out = run(&[
        "validate",
        "--request",
        "fixtures/replies/openai-chat/request.json",
        "--sse",
        "fixtures/sse/openai-chat/tool-calls.sse",
        "--format",
        "json",
    ]);
    let doc = json_of(&out);
    let r = &doc["results"][1];
    assert_eq!(
        (r["tool"].as_str(), r["errors"][0]["keyword"].as_str()),
        (Some("get_weather"), Some("enum"))
    );
    assert_eq!(r["errors"][0]["instance_pointer"], "/unit");
}

#[test]
fn a_stream_is_read_from_standard_input_and_cut_off_streams_are_truncated() {
    let stream = std::fs::read(root().join("fixtures/sse/anthropic/message.sse")).unwrap();
    let args = [
        "validate",
        "--request",
        "fixtures/replies/anthropic/request.json",
        "--sse",
        "-",
        "--format",
        "json",
    ];
    let out = run_stdin(&args, &stream);
    assert_eq!(
        statuses(&json_of(&out)),
        [("/content/0/text".to_owned(), "valid".to_owned())]
    );
    assert_eq!(out.status.code(), Some(0));
    // The connection dropped in the middle of the reply (no message_stop).
    let cut = &stream[..stream.len() / 2];
    let out = run_stdin(&args, cut);
    let doc = json_of(&out);
    assert_eq!(doc["results"][0]["status"], "truncated");
    let detail = doc["results"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("without its final event"), "{detail}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_stream_that_is_not_provider_events_is_a_usage_error() {
    let args = [
        "validate",
        "--schema",
        "examples/schemas/weather.json",
        "--sse",
        "-",
    ];
    let out = run_stdin(&args, b"data: {not json\n\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1") && err.contains("not JSON"), "{err}");
    let out = run_stdin(&args, b"event: hello\ndata: {\"x\": 1}\n\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no chat.completion.chunk"), "{err}");
    // --sse and --jsonl read the input differently.
    let out = run(&[
        "validate",
        "--schema",
        "examples/schemas/weather.json",
        "--sse",
        "--jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// `schemalint validate --color never ARGS`.
fn validate(args: &[&str]) -> Output {
    run(&[&["validate", "--color", "never"][..], args].concat())
}

fn request() -> String {
    root()
        .join("fixtures/replies/batch/request.json")
        .display()
        .to_string()
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
                validate(&[
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
    let out = validate(&["--request", &request, "--format", "concise", &file]);
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
    let sequential = validate(
        &[
            &args[..],
            &["1"],
            &files.iter().map(String::as_str).collect::<Vec<_>>(),
        ]
        .concat(),
    );
    args.push("2");
    args.extend(files.iter().map(String::as_str));
    let parallel = validate(&args);
    assert!(
        parallel.stdout == sequential.stdout,
        "output differs between --threads 1 and 2"
    );
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
    let out = validate(&[
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
    // --quiet drops the summary line, not the results or the exit code.
    let quiet = validate(&[
        "--request",
        &request(),
        "--quiet",
        "--format",
        "concise",
        fixture.to_str().unwrap(),
    ]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&quiet.stdout).lines().count(), 2);
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
    let request = request();
    let with_limit = |limit: &str| {
        let args = ["--request", &request, "--format", "json", "--max-line-size"];
        validate(&[&args[..], &[limit, &file]].concat())
    };
    let out = with_limit("1K");
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
    let out = with_limit("4K");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["results"].as_array().unwrap().len(), 4);
    let bad = with_limit("lots");
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
