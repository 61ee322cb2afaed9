//! `schemalint validate --draft / --ref-dir / --document` as a user runs it: references reach
//! the bundled meta-schemas and the documents the user named, and nothing else.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_schemalint");

/// A scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("schemalint-refs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, relative: &str, text: &str) -> String {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn validate(dir: &Scratch, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("validate")
        .args(["--format", "concise", "--color", "never"])
        .args(args)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn ref_dir_serves_documents_by_relative_path_and_by_id() {
    let dir = Scratch::new("ref-dir");
    dir.write(
        "schemas/order.json",
        r#"{"type": "object", "properties": {
            "ship_to": {"$ref": "defs/address.json"},
            "bill_to": {"$ref": "https://example.test/schemas/address-v2.json"}
        }}"#,
    );
    dir.write(
        "schemas/defs/address.json",
        r#"{"type": "object", "required": ["city"], "properties": {"zip": {"$ref": "zip.json"}}}"#,
    );
    dir.write(
        "schemas/defs/zip.json",
        r#"{"type": "string", "pattern": "^[0-9]{5}$"}"#,
    );
    dir.write(
        "schemas/v2/whatever-name.json",
        r#"{"$id": "https://example.test/schemas/address-v2.json", "type": "object", "required": ["street"]}"#,
    );
    dir.write(
        "good.json",
        r#"{"ship_to": {"city": "Oslo", "zip": "01234"}, "bill_to": {"street": "Main"}}"#,
    );
    dir.write(
        "bad.json",
        r#"{"ship_to": {"city": "Oslo", "zip": "1"}, "bill_to": {}}"#,
    );
    let args = ["--schema", "schemas/order.json", "--ref-dir", "schemas"];
    let good = validate(&dir, &[&args[..], &["good.json"]].concat());
    assert_eq!(code(&good), 0, "{}", stderr(&good));
    let bad = validate(&dir, &[&args[..], &["bad.json"]].concat());
    assert_eq!(code(&bad), 1, "{}", stderr(&bad));
    let text = stdout(&bad);
    assert!(text.contains("validate/pattern"), "{text}");
    assert!(text.contains("validate/required"), "{text}");
    assert!(text.contains("/bill_to"), "{text}");
}

#[test]
fn document_option_serves_one_file_under_the_given_uri() {
    let dir = Scratch::new("document");
    dir.write(
        "schema.json",
        r#"{"$ref": "https://example.test/name.json"}"#,
    );
    dir.write("name.json", r#"{"type": "string", "minLength": 2}"#);
    dir.write("ok.json", r#""Ada""#);
    dir.write("short.json", r#""A""#);
    let args = [
        "--schema",
        "schema.json",
        "--document",
        "https://example.test/name.json=name.json",
    ];
    assert_eq!(
        code(&validate(&dir, &[&args[..], &["ok.json"]].concat())),
        0
    );
    let short = validate(&dir, &[&args[..], &["short.json"]].concat());
    assert_eq!(code(&short), 1);
    assert!(
        stdout(&short).contains("validate/minLength"),
        "{}",
        stdout(&short)
    );

    // Without the option the same schema is a compile error that names the URI.
    let missing = validate(&dir, &["--schema", "schema.json", "ok.json"]);
    assert_eq!(code(&missing), 2);
    let err = stderr(&missing);
    assert!(err.contains("https://example.test/name.json"), "{err}");
    assert!(err.contains("--document URI=PATH"), "{err}");
}

#[test]
fn files_the_user_did_not_name_are_never_read() {
    let dir = Scratch::new("unnamed");
    let secret = dir.write("secret/schema.json", r#"{"type": "string"}"#);
    dir.write("instance.json", r#""x""#);
    let file_uri = format!("file://{secret}");
    for target in [
        "file:///etc/passwd".to_owned(),
        file_uri,
        "secret/schema.json".to_owned(),
        "../../../../etc/passwd".to_owned(),
        "https://json-schema.org/not-a-meta-schema.json".to_owned(),
    ] {
        let schema = format!(r#"{{"$ref": {}}}"#, serde_json::json!(target));
        dir.write("schema.json", &schema);
        // `--ref-dir` names another directory, so `secret/` stays out of reach.
        dir.write("defs/unrelated.json", r#"{"type": "number"}"#);
        let out = validate(
            &dir,
            &[
                "--schema",
                "schema.json",
                "--ref-dir",
                "defs",
                "instance.json",
            ],
        );
        assert_eq!(code(&out), 2, "{target}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("cannot resolve"), "{target}: {err}");
        assert!(!err.contains("root:"), "{target} was read: {err}");
    }
}

#[test]
fn draft_option_overrides_the_default_dialect() {
    let dir = Scratch::new("draft");
    // Draft 4: a boolean `exclusiveMaximum` makes `maximum` exclusive; 2020-12 rejects it.
    dir.write("schema.json", r#"{"maximum": 3, "exclusiveMaximum": true}"#);
    dir.write("three.json", "3");
    dir.write("two.json", "2");
    let three = validate(
        &dir,
        &["--schema", "schema.json", "--draft", "4", "three.json"],
    );
    assert_eq!(code(&three), 1, "{}", stderr(&three));
    assert_eq!(
        code(&validate(
            &dir,
            &["--schema", "schema.json", "--draft", "draft-04", "two.json"]
        )),
        0
    );
    let unknown = validate(
        &dir,
        &["--schema", "schema.json", "--draft", "3", "two.json"],
    );
    assert_eq!(code(&unknown), 2);
    assert!(stderr(&unknown).contains("2019-09"), "{}", stderr(&unknown));
}

#[test]
fn a_schema_may_ref_the_official_meta_schema() {
    let dir = Scratch::new("meta");
    dir.write(
        "schema.json",
        r#"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"#,
    );
    dir.write("a-schema.json", r#"{"type": "object", "minProperties": 1}"#);
    dir.write("not-a-schema.json", r#"{"type": 5, "minProperties": -1}"#);
    let good = validate(&dir, &["--schema", "schema.json", "a-schema.json"]);
    assert_eq!(code(&good), 0, "{}", stderr(&good));
    let bad = validate(&dir, &["--schema", "schema.json", "not-a-schema.json"]);
    assert_eq!(code(&bad), 1, "{}", stderr(&bad));
    assert!(stdout(&bad).contains("/minProperties"), "{}", stdout(&bad));
}

#[test]
fn bad_reference_inputs_are_clear_errors() {
    let dir = Scratch::new("bad-inputs");
    dir.write("schema.json", r#"{"$ref": "a.json"}"#);
    dir.write("instance.json", "1");
    let cases: [(&[&str], &str); 4] = [
        (&["--document", "no-equals-sign"], "URI=PATH"),
        (&["--document", "a.json=missing.json"], "missing.json"),
        (&["--ref-dir", "no-such-dir"], "no-such-dir"),
        (&["--ref-dir", "broken"], "broken.json is not valid JSON"),
    ];
    dir.write("broken/broken.json", r#"{"type": "#);
    for (extra, needle) in cases {
        let out = validate(
            &dir,
            &[&["--schema", "schema.json"][..], extra, &["instance.json"]].concat(),
        );
        assert_eq!(code(&out), 2, "{extra:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{extra:?}: {}", stderr(&out));
    }
    // Two files claiming one `$id` is ambiguous, not last-wins.
    dir.write("dup/a.json", r#"{"$id": "https://example.test/x.json"}"#);
    dir.write("dup/b.json", r#"{"$id": "https://example.test/x.json"}"#);
    let out = validate(
        &dir,
        &[
            "--schema",
            "schema.json",
            "--ref-dir",
            "dup",
            "instance.json",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("both claim https://example.test/x.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ref_dir_and_draft_apply_to_the_schemas_of_a_request() {
    let dir = Scratch::new("request");
    dir.write(
        "request.json",
        r#"{"model": "gpt-4o", "messages": [],
            "response_format": {"type": "json_schema", "json_schema": {"name": "order",
                "schema": {"type": "object", "properties": {"ship_to": {"$ref": "defs/address.json"}}}}},
            "tools": [{"type": "function", "function": {"name": "rate",
                "parameters": {"type": "object", "properties": {"stars": {"maximum": 5, "exclusiveMaximum": true}}}}}]}"#,
    );
    dir.write(
        "schemas/defs/address.json",
        r#"{"type": "object", "required": ["city"]}"#,
    );
    let reply = |content: &str, stars: u32| {
        let arguments = serde_json::json!({ "stars": stars }).to_string();
        serde_json::json!({"object": "chat.completion", "choices": [{"index": 0,
            "message": {"role": "assistant", "content": content, "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "rate", "arguments": arguments}}]},
            "finish_reason": "stop"}]})
        .to_string()
    };
    dir.write("good.json", &reply(r#"{"ship_to": {"city": "Oslo"}}"#, 4));
    dir.write("bad.json", &reply(r#"{"ship_to": {}}"#, 5));
    let args = [
        "--request",
        "request.json",
        "--ref-dir",
        "schemas",
        "--draft",
        "4",
    ];
    let good = validate(&dir, &[&args[..], &["good.json"]].concat());
    assert_eq!(code(&good), 0, "{}{}", stdout(&good), stderr(&good));
    let bad = validate(&dir, &[&args[..], &["bad.json"]].concat());
    assert_eq!(code(&bad), 1, "{}", stderr(&bad));
    let text = stdout(&bad);
    // The referenced document's `required`, and draft 4's boolean `exclusiveMaximum`.
    assert!(text.contains("validate/required"), "{text}");
    assert!(text.contains("validate/maximum"), "{text}");
    // Without them the request's schemas do not compile, and the error says what to pass.
    let bare = validate(&dir, &["--request", "request.json", "good.json"]);
    assert_eq!(code(&bare), 2);
    assert!(stderr(&bare).contains("--ref-dir"), "{}", stderr(&bare));
}
