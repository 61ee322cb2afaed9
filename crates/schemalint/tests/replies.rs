//! `schemalint validate` on captured provider replies (fixtures/replies/<provider>/):
//! every output of every reply gets the status `expected.json` names, at the pointer it
//! names, with the schema taken from the directory's `request.json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

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
