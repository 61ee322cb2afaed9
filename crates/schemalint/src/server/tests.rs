//! Protocol tests: a client over in-memory channels talking to the real main loop.

use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DiagnosticSeverity, Hover,
    HoverContents, NumberOrString, Position, PublishDiagnosticsParams, Range, Url, WorkspaceEdit,
};
use serde_json::{json, Value};

use super::text;

/// Test-only requests: one that panics, one that waits until it is cancelled.
pub const PANIC_METHOD: &str = "schemalint/test-panic";
pub const WAIT_METHOD: &str = "schemalint/test-wait";

impl super::Server {
    /// Runs a test-only request on the pool, like a real one.
    pub(super) fn spawn_test_request(&mut self, req: Request) {
        let cancelled = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        self.pending.insert(req.id.clone(), cancelled.clone());
        let tasks = self.task_sender.clone();
        let panics = req.method == PANIC_METHOD;
        self.pool.spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                if panics {
                    panic!("the test asked for a panic");
                }
                let start = Instant::now();
                while !cancelled.load(std::sync::atomic::Ordering::Relaxed) {
                    assert!(start.elapsed() < Duration::from_secs(10), "never cancelled");
                    std::thread::sleep(Duration::from_millis(2));
                }
            });
            let response = match outcome {
                Ok(()) => Response::new_ok(req.id, ()),
                Err(panic) => {
                    let message = format!("internal error: {}", super::panic_text(&panic));
                    let _ = tasks.send(super::Task::Log(
                        lsp_types::MessageType::ERROR,
                        message.clone(),
                    ));
                    Response::new_err(req.id, lsp_server::ErrorCode::InternalError as i32, message)
                }
            };
            let _ = tasks.send(super::Task::Respond(response));
        });
    }
}

const TIMEOUT: Duration = Duration::from_secs(20);

/// A scripted LSP client.
struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    /// Notifications received while waiting for something else.
    inbox: VecDeque<Notification>,
    next_id: i32,
}

impl Client {
    fn start(root: &Path, options: Value) -> Client {
        Client::start_with(root, options, json!({}))
    }

    fn start_with(root: &Path, options: Value, capabilities: Value) -> Client {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || super::serve(server_side));
        let mut client = Client {
            conn: client_side,
            server: Some(server),
            inbox: VecDeque::new(),
            next_id: 0,
        };
        let root_uri = Url::from_directory_path(root).unwrap();
        let result = client.request_ok(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        assert_eq!(result["serverInfo"]["name"], "schemalint");
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_owned(), params).into())
            .unwrap();
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.to_owned(), params).into())
            .unwrap();
        id
    }

    fn response(&mut self, id: &RequestId) -> Response {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(left) {
                Ok(Message::Response(r)) if &r.id == id => return r,
                Ok(Message::Notification(n)) => self.inbox.push_back(n),
                Ok(other) => panic!("unexpected message {other:?}"),
                Err(e) => panic!("no response to {id:?}: {e}"),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    fn request_ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        match r.response_result {
            Ok(value) => value,
            Err(e) => panic!("{method}: {e:?}"),
        }
    }

    /// The next notification `method` that `accept` takes (others stay in the inbox).
    fn wait_for(&mut self, method: &str, accept: &dyn Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .inbox
            .iter()
            .position(|n| n.method == method && accept(&n.params))
        {
            return self.inbox.remove(i).unwrap().params;
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(left) {
                Ok(Message::Notification(n)) if n.method == method && accept(&n.params) => {
                    return n.params
                }
                Ok(Message::Notification(n)) => self.inbox.push_back(n),
                Ok(Message::Request(r)) => {
                    // Capability registration: accept it.
                    self.conn
                        .sender
                        .send(Response::new_ok(r.id, ()).into())
                        .unwrap();
                }
                Ok(other) => panic!("unexpected message {other:?}"),
                Err(e) => panic!("no `{method}` notification: {e}"),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &Url, version: i32) -> Vec<Diagnostic> {
        let params = self.wait_for("textDocument/publishDiagnostics", &|p| {
            p["uri"] == json!(uri) && p["version"] == json!(version)
        });
        let params: PublishDiagnosticsParams = serde_json::from_value(params).unwrap();
        params.diagnostics
    }

    fn open(&self, uri: &Url, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    fn change(&self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn code_actions(&mut self, uri: &Url, range: Range) -> Vec<CodeActionOrCommand> {
        let result = self.request_ok(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        serde_json::from_value(result).unwrap()
    }

    fn hover(&mut self, uri: &Url, position: Position) -> Option<String> {
        let result = self.request_ok(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position}),
        );
        let hover: Option<Hover> = serde_json::from_value(result).unwrap();
        hover.map(|h| match h.contents {
            HoverContents::Markup(m) => m.value,
            other => panic!("not markup: {other:?}"),
        })
    }

    fn shutdown(mut self) -> Result<(), String> {
        let r = self.request("shutdown", Value::Null);
        assert!(r.response_result.is_ok(), "{:?}", r.response_result);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| match &d.code {
            Some(NumberOrString::String(s)) => s.clone(),
            other => panic!("no rule id: {other:?}"),
        })
        .collect()
}

fn file(dir: &Path, name: &str, text: &str) -> Url {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    Url::from_file_path(path).unwrap()
}

/// One finding of each kind: non-ASCII text before the flagged keys on one line.
const SCHEMA: &str = r#"{"description": "😀😀 名前", "type": "object", "properties": {"名": {"type": "string", "format": "phone", "x-ü": 1}}}"#;

const CLEAN: &str = r#"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}"#;

#[test]
fn initialize_advertises_capabilities_and_shutdown_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (server_side, client_side) = Connection::memory();
    let server = std::thread::spawn(move || super::serve(server_side));
    let init = Request::new(
        RequestId::from(1),
        "initialize".to_owned(),
        json!({"processId": null, "rootUri": Url::from_directory_path(dir.path()).unwrap(), "capabilities": {}}),
    );
    client_side.sender.send(init.into()).unwrap();
    let Ok(Message::Response(r)) = client_side.receiver.recv_timeout(TIMEOUT) else {
        panic!("no initialize response");
    };
    let caps = &r.response_result.unwrap()["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.schemalint"])
    );
    drop(
        client_side
            .sender
            .send(Notification::new("initialized".to_owned(), json!({})).into()),
    );
    let mut client = Client {
        conn: client_side,
        server: Some(server),
        inbox: VecDeque::new(),
        next_id: 1,
    };
    let unknown = client.request("textDocument/definition", json!({}));
    assert_eq!(
        unknown.response_result.err().map(|e| e.code),
        Some(lsp_server::ErrorCode::MethodNotFound as i32)
    );
    assert_eq!(client.shutdown(), Ok(()));
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path(), Value::Null);
    client.notify("exit", Value::Null);
    let result = client.server.take().unwrap().join().unwrap();
    assert!(result.unwrap_err().contains("without `shutdown`"));
}

#[test]
fn diagnostics_on_open_and_change_carry_rule_docs_help_and_provider_message() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file(dir.path(), "schemas/a.json", SCHEMA);
    let mut client = Client::start(dir.path(), Value::Null);
    client.open(&uri, SCHEMA);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        codes(&diagnostics),
        [
            "strict/additional-properties",
            "strict/required",
            "keyword/unsupported-format",
            "keyword/unknown"
        ]
    );
    let first = &diagnostics[0];
    assert_eq!(first.source.as_deref(), Some("schemalint"));
    assert_eq!(first.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(
        first.code_description.as_ref().unwrap().href.as_str(),
        "https://github.com/schemalint/schemalint/blob/main/docs/rules.md#strictadditional-properties"
    );
    assert!(
        first
            .message
            .starts_with("object schema does not set `additionalProperties`"),
        "{}",
        first.message
    );
    assert!(
        first
            .message
            .contains("\nhelp: add `\"additionalProperties\": false`"),
        "{}",
        first.message
    );
    assert!(
        first.message.contains("\nprovider would answer: "),
        "{}",
        first.message
    );
    assert_eq!(diagnostics[3].severity, Some(DiagnosticSeverity::WARNING));

    client.change(&uri, 2, CLEAN);
    assert_eq!(client.diagnostics(&uri, 2), []);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let closed = client.wait_for("textDocument/publishDiagnostics", &|p| {
        p["version"].is_null()
    });
    assert_eq!(closed["diagnostics"], json!([]));
    client.shutdown().unwrap();
}

#[test]
fn ranges_count_utf16_code_units() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file(dir.path(), "a.json", SCHEMA);
    let mut client = Client::start(dir.path(), Value::Null);
    client.open(&uri, SCHEMA);
    let diagnostics = client.diagnostics(&uri, 1);
    let unknown = diagnostics
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("keyword/unknown".into())))
        .unwrap();
    // `"x-ü"` starts after `😀😀` (4 UTF-16 units, 8 bytes, 2 characters) and `名前` …
    let start = SCHEMA.find(r#""x-ü""#).unwrap();
    let utf16 = SCHEMA[..start].encode_utf16().count() as u32;
    assert_ne!(utf16 as usize, start, "the line must not be ASCII");
    assert_ne!(utf16 as usize, SCHEMA[..start].chars().count());
    assert_eq!(unknown.range.start, Position::new(0, utf16));
    // … and ends after `ü` (one unit, two bytes).
    assert_eq!(unknown.range.end, Position::new(0, utf16 + 5));
    // A hover at that UTF-16 position is on the key.
    let hover = client.hover(&uri, Position::new(0, utf16 + 2)).unwrap();
    assert!(hover.contains("`keyword/unknown`"), "{hover}");
    client.shutdown().unwrap();
}

#[test]
fn invalid_json_is_a_diagnostic_at_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  \"type\": \"object\",\n}\n";
    let uri = file(dir.path(), "bad.json", text);
    let mut client = Client::start(dir.path(), Value::Null);
    client.open(&uri, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["json/invalid-json"]);
    assert_eq!(diagnostics[0].range.start.line, 1, "{:?}", diagnostics[0]);
    assert!(
        diagnostics[0].message.contains("trailing comma"),
        "{}",
        diagnostics[0].message
    );
    // No "ignore" action for a parse error: the file was not checked.
    assert_eq!(client.code_actions(&uri, diagnostics[0].range), []);
    // Garbage that is not even text-like JSON is still only a diagnostic.
    client.change(&uri, 2, "\u{0}\u{feff}[[[[");
    assert_eq!(codes(&client.diagnostics(&uri, 2)), ["json/invalid-json"]);
    client.shutdown().unwrap();
}

/// Applies a workspace edit's text edits to the files on disk.
fn apply_to_disk(edit: &WorkspaceEdit) {
    for (uri, edits) in edit.changes.as_ref().unwrap() {
        let path = uri.to_file_path().unwrap();
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text::apply(&old, edits)).unwrap();
    }
}

#[test]
fn ignore_action_adds_a_pointer_scoped_entry_and_config_changes_relint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schemalint.toml"), "profile = \"openai\"\n").unwrap();
    let uri = file(dir.path(), "schemas/a.json", SCHEMA);
    let mut client = Client::start(dir.path(), Value::Null);
    client.open(&uri, SCHEMA);
    let diagnostics = client.diagnostics(&uri, 1);
    let format = diagnostics
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("keyword/unsupported-format".into())))
        .unwrap();
    let actions = client.code_actions(&uri, format.range);
    let action = action_titled(
        &actions,
        "Ignore `keyword/unsupported-format` at `/properties/名/format` (schemalint.toml per-file-ignores)",
    );
    assert_eq!(action.kind, Some(lsp_types::CodeActionKind::QUICKFIX));
    apply_to_disk(action.edit.as_ref().unwrap());
    let config = std::fs::read_to_string(dir.path().join("schemalint.toml")).unwrap();
    assert_eq!(
        config,
        "profile = \"openai\"\n\n[per-file-ignores]\n\"schemas/a.json#/properties/名/format\" = [\"keyword/unsupported-format\"]\n"
    );
    // No file watching in this client: the server notices the change itself.
    let relinted = client.diagnostics(&uri, 1);
    assert_eq!(
        codes(&relinted),
        [
            "strict/additional-properties",
            "strict/required",
            "keyword/unknown"
        ]
    );
    client.shutdown().unwrap();
}

#[test]
fn ignore_action_creates_a_config_when_none_applies() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file(dir.path(), "a.json", SCHEMA);
    let capabilities = json!({"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}});
    let mut client = Client::start_with(dir.path(), Value::Null, capabilities);
    client.open(&uri, SCHEMA);
    let diagnostics = client.diagnostics(&uri, 1);
    let actions = client.code_actions(&uri, diagnostics[0].range);
    let action = action_titled(
        &actions,
        "Ignore `strict/additional-properties` in this file (schemalint.toml per-file-ignores)",
    );
    let edit = serde_json::to_value(action.edit.as_ref().unwrap()).unwrap();
    let config = Url::from_file_path(dir.path().join("schemalint.toml")).unwrap();
    assert_eq!(edit["documentChanges"][0]["kind"], "create");
    assert_eq!(edit["documentChanges"][0]["uri"], json!(config));
    assert_eq!(
        edit["documentChanges"][1]["edits"][0]["newText"],
        "[per-file-ignores]\n\"a.json\" = [\"strict/additional-properties\"]\n"
    );
    client.shutdown().unwrap();
}

#[test]
fn config_selects_documents_and_bad_config_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schemalint.toml"),
        "exclude = [\"drafts\"]\n",
    )
    .unwrap();
    let excluded = file(dir.path(), "drafts/a.json", SCHEMA);
    let other = file(dir.path(), "notes.txt", SCHEMA);
    let mut client = Client::start(dir.path(), Value::Null);
    client.open(&excluded, SCHEMA);
    assert_eq!(client.diagnostics(&excluded, 1), []);
    client.open(&other, SCHEMA);
    assert_eq!(
        client.diagnostics(&other, 1),
        [],
        "include defaults to *.json"
    );
    assert_eq!(client.hover(&excluded, Position::new(0, 2)), None);

    let bad = tempfile::tempdir().unwrap();
    std::fs::write(bad.path().join("schemalint.toml"), "fial-on = \"error\"\n").unwrap();
    let uri = file(bad.path(), "a.json", SCHEMA);
    client.open(&uri, SCHEMA);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0]
            .message
            .contains("schemalint.toml:1:1: unknown field `fial-on`"),
        "{}",
        diagnostics[0].message
    );
    client.shutdown().unwrap();
}

#[test]
fn settings_choose_profiles_and_fail_on_and_can_change() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file(dir.path(), "a.json", SCHEMA);
    let mut client = Client::start(
        dir.path(),
        json!({"profiles": ["openai", "anthropic"], "failOn": "warning"}),
    );
    client.open(&uri, SCHEMA);
    let diagnostics = client.diagnostics(&uri, 1);
    assert!(diagnostics
        .iter()
        .any(|d| d.message.starts_with("[openai] ")));
    assert!(diagnostics
        .iter()
        .any(|d| d.message.starts_with("[anthropic] ")));
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity == Some(DiagnosticSeverity::ERROR)),
        "failOn = warning: warnings fail, so they show as errors"
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"schemalint": {"profiles": ["anthropic"]}}}),
    );
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        codes(&diagnostics),
        [
            "strict/additional-properties",
            "keyword/unsupported-format",
            "keyword/unknown"
        ]
    );
    assert!(
        diagnostics.iter().all(|d| !d.message.starts_with('[')),
        "one profile: no tags"
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"schemalint": {"profiles": ["openai"]}}}),
    );
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics)[3], "keyword/unknown");
    assert_eq!(
        diagnostics[3].severity,
        Some(DiagnosticSeverity::WARNING),
        "failOn back to error"
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"schemalint": {"profiles": ["nope"]}}}),
    );
    let shown = client.wait_for("window/showMessage", &|_| true);
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("unknown profile \"nope\""),
        "{shown}"
    );
    client.shutdown().unwrap();
}

#[test]
fn hover_shows_rule_docs_and_keyword_support() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  \"type\": \"object\",\n  \"properties\": {\"n\": {\"type\": \"string\", \"format\": \"phone\", \"minLength\": 2}},\n  \"required\": [\"n\"],\n  \"additionalProperties\": false\n}\n";
    let uri = file(dir.path(), "a.json", text);
    let mut client = Client::start(dir.path(), json!({"profiles": ["openai", "gemini"]}));
    client.open(&uri, text);
    client.diagnostics(&uri, 1);
    let line = text.lines().nth(2).unwrap();
    let at = |needle: &str| Position::new(2, line.find(needle).unwrap() as u32 + 1);
    // The finding is on the value: the rule's docs there, the keyword's support on the key.
    let phone = client.hover(&uri, at("\"phone\"")).unwrap();
    assert!(
        phone.contains("**error** `keyword/unsupported-format` (openai): format `phone`"),
        "{phone}"
    );
    assert!(phone.contains("#### What it does"), "{phone}");
    let format = client.hover(&uri, at("\"format\"")).unwrap();
    assert!(
        format.contains("**`format`** in the active profiles:\n- `openai`: supported"),
        "{format}"
    );
    let min_length = client.hover(&uri, at("\"minLength\"")).unwrap();
    assert!(min_length.contains("- `openai`: "), "{min_length}");
    assert!(min_length.contains("- `gemini`: "), "{min_length}");
    // A property name is not a keyword, and a value is neither.
    assert_eq!(client.hover(&uri, at("\"n\"")), None);
    assert_eq!(client.hover(&uri, at("\"string\"")), None);
    client.shutdown().unwrap();
}

#[test]
fn a_panic_in_a_request_is_answered_and_logged_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file(dir.path(), "a.json", SCHEMA);
    let mut client = Client::start(dir.path(), Value::Null);
    let r = client.request(PANIC_METHOD, Value::Null);
    let error = r.response_result.unwrap_err();
    assert_eq!(error.code, lsp_server::ErrorCode::InternalError as i32);
    assert!(
        error.message.contains("the test asked for a panic"),
        "{}",
        error.message
    );
    let log = client.wait_for("window/logMessage", &|_| true);
    assert!(log["message"]
        .as_str()
        .unwrap()
        .contains("the test asked for a panic"));
    client.open(&uri, SCHEMA);
    assert_eq!(client.diagnostics(&uri, 1).len(), 4);
    client.shutdown().unwrap();
}

#[test]
fn cancel_request_answers_at_once_and_superseded_versions_are_not_published() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file(dir.path(), "a.json", SCHEMA);
    let mut client = Client::start(dir.path(), json!({"debounceMs": 200}));
    let id = client.send_request(WAIT_METHOD, Value::Null);
    client.notify("$/cancelRequest", json!({"id": id}));
    let r = client.response(&id);
    assert_eq!(
        r.response_result.err().map(|e| e.code),
        Some(lsp_server::ErrorCode::RequestCanceled as i32)
    );

    client.open(&uri, SCHEMA);
    client.diagnostics(&uri, 1);
    client.change(&uri, 2, "{");
    client.change(&uri, 3, CLEAN);
    assert_eq!(client.diagnostics(&uri, 3), []);
    assert!(
        !client.inbox.iter().any(|n| n.params["version"] == 2),
        "version 2 was superseded within the debounce time"
    );
    client.shutdown().unwrap();
}

fn action_titled<'a>(actions: &'a [CodeActionOrCommand], title: &str) -> &'a CodeAction {
    actions
        .iter()
        .find_map(|a| match a {
            CodeActionOrCommand::CodeAction(a) if a.title == title => Some(a),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:#?}"))
}

/// Applies a workspace edit's edits of `uri` (plain `changes`) to `text`.
fn apply_changes(text: &str, edit: &WorkspaceEdit, uri: &Url) -> String {
    let changes = edit.changes.as_ref().expect("plain changes");
    assert_eq!(changes.len(), 1, "only the document changes: {changes:?}");
    text::apply(text, &changes[uri])
}

#[test]
fn fixes_are_quick_fixes_in_utf16_positions_safe_ones_preferred() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file(dir.path(), "a.json", SCHEMA);
    let mut client = Client::start(dir.path(), json!({"profiles": ["openai"]}));
    client.open(&uri, SCHEMA);
    let diagnostics = client.diagnostics(&uri, 1);
    let actions = client.code_actions(&uri, diagnostics[0].range);

    let safe = action_titled(
        &actions,
        "Fix `strict/additional-properties`: add `\"additionalProperties\": false`",
    );
    assert_eq!(safe.kind, Some(CodeActionKind::QUICKFIX));
    assert_eq!(safe.is_preferred, Some(true));
    assert_eq!(
        codes(safe.diagnostics.as_ref().unwrap()),
        ["strict/additional-properties"]
    );
    // The insertion point follows `😀😀 名前` and `名`: UTF-16 columns, not bytes.
    let edits = &safe.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
    let end = SCHEMA.len() - 1;
    assert_eq!(
        edits[0].range.start,
        Position::new(0, SCHEMA[..end].encode_utf16().count() as u32)
    );
    assert_eq!(
        apply_changes(SCHEMA, safe.edit.as_ref().unwrap(), &uri),
        r#"{"description": "😀😀 名前", "type": "object", "properties": {"名": {"type": "string", "format": "phone", "x-ü": 1}}, "additionalProperties": false}"#
    );

    let required = action_titled(
        &actions,
        "Fix `strict/required`: make `名` required and nullable (the model must then write `null` where it had nothing) (unsafe: review)",
    );
    assert_eq!(required.is_preferred, Some(false));
    assert_eq!(
        apply_changes(SCHEMA, required.edit.as_ref().unwrap(), &uri),
        r#"{"description": "😀😀 名前", "type": "object", "properties": {"名": {"type": ["string", "null"], "format": "phone", "x-ü": 1}}, "required": ["名"]}"#
    );
    // The fix actions come before the "ignore" ones.
    let first_ignore = actions
        .iter()
        .position(
            |a| matches!(a, CodeActionOrCommand::CodeAction(a) if a.title.starts_with("Ignore")),
        )
        .unwrap();
    assert!(actions[..first_ignore]
        .iter()
        .all(|a| matches!(a, CodeActionOrCommand::CodeAction(a) if a.title.starts_with("Fix"))));
    client.shutdown().unwrap();
}

#[test]
fn findings_sharing_one_fix_get_one_action() {
    let dir = tempfile::tempdir().unwrap();
    // Both rejected keywords of `p` move into `description` in one fix.
    let text = r#"{"type": "object", "properties": {"p": {"type": "string", "format": "phone", "contentEncoding": "base64"}}, "required": ["p"], "additionalProperties": false}"#;
    let uri = file(dir.path(), "a.json", text);
    let mut client = Client::start(dir.path(), json!({"profiles": ["openai"]}));
    client.open(&uri, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        codes(&diagnostics),
        ["keyword/unsupported-format", "keyword/unsupported"]
    );
    let whole_line = Range::new(Position::new(0, 0), Position::new(0, 999));
    let actions = client.code_actions(&uri, whole_line);
    let fixes: Vec<&CodeAction> = actions
        .iter()
        .filter_map(|a| match a {
            CodeActionOrCommand::CodeAction(a) if a.title.starts_with("Fix `") => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(fixes.len(), 1, "{actions:#?}");
    assert_eq!(
        codes(fixes[0].diagnostics.as_ref().unwrap()),
        codes(&diagnostics)
    );
    assert_eq!(
        apply_changes(text, fixes[0].edit.as_ref().unwrap(), &uri),
        r#"{"type": "object", "properties": {"p": {"type": "string", "description": "{format: \"phone\", contentEncoding: \"base64\"}"}}, "required": ["p"], "additionalProperties": false}"#
    );
    client.shutdown().unwrap();
}

#[test]
fn fix_all_applies_every_safe_fix_as_check_fix_does() {
    let dir = tempfile::tempdir().unwrap();
    // Nested objects, non-ASCII keys and values, CRLF: several safe fixes, in rounds.
    let text = "{\r\n  \"title\": \"Météo ☀\",\r\n  \"type\": \"object\",\r\n  \"properties\": {\r\n    \"lieu\": {\"type\": \"object\", \"properties\": {\"ville\": {\"type\": \"string\"}}, \"required\": [\"ville\"]},\r\n    \"°C\": {\"type\": \"number\"}\r\n  },\r\n  \"required\": [\"lieu\", \"°C\"]\r\n}\r\n";
    let uri = file(dir.path(), "météo.json", text);
    let capabilities = json!({"workspace": {"workspaceEdit": {"documentChanges": true}}});
    let mut client = Client::start_with(dir.path(), json!({"profiles": ["openai"]}), capabilities);
    client.open(&uri, text);
    let before = client.diagnostics(&uri, 1);
    assert!(
        codes(&before)
            .iter()
            .filter(|c| *c == "strict/additional-properties")
            .count()
            >= 2,
        "{before:?}"
    );
    let result = client.request_ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": Range::default(),
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions: Vec<CodeActionOrCommand> = serde_json::from_value(result).unwrap();
    let [CodeActionOrCommand::CodeAction(fix_all)] = &actions[..] else {
        panic!("one fix-all action: {actions:#?}")
    };
    assert_eq!(
        fix_all.kind.as_ref().unwrap().as_str(),
        "source.fixAll.schemalint"
    );
    // A versioned edit: a client refuses it once the document has moved on.
    let edit = serde_json::to_value(fix_all.edit.as_ref().unwrap()).unwrap();
    assert_eq!(edit["documentChanges"][0]["textDocument"]["version"], 1);
    let edits: Vec<lsp_types::TextEdit> =
        serde_json::from_value(edit["documentChanges"][0]["edits"].clone()).unwrap();
    let fixed = text::apply(text, &edits);
    let profile = schemalint_check::Profile::builtin("openai").unwrap();
    let expected = schemalint_check::fix_str(
        "météo.json",
        text,
        profile,
        schemalint_diagnostics::Applicability::Safe,
    );
    assert_eq!(fixed, expected.text);
    assert_ne!(fixed, text);
    assert!(
        fix_all.title.starts_with(&format!(
            "Fix all safe schemalint findings ({} fixes)",
            expected.applied.len()
        )),
        "{}",
        fix_all.title
    );

    client.change(&uri, 2, &fixed);
    let after = client.diagnostics(&uri, 2);
    assert!(
        !codes(&after)
            .iter()
            .any(|c| c == "strict/additional-properties"),
        "{after:?}"
    );
    // Nothing safe left to fix: no fix-all action.
    let result = client.request_ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": Range::default(),
               "context": {"diagnostics": [], "only": ["source.fixAll.schemalint"]}}),
    );
    assert_eq!(result, json!([]));
    client.shutdown().unwrap();
}

#[test]
fn fix_all_leaves_ignored_rules_alone_and_quickfix_requests_get_no_fix_all() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schemalint.toml"),
        "profile = \"openai\"\n\n[per-file-ignores]\n\"a.json#/properties/名\" = [\"strict/additional-properties\"]\n",
    )
    .unwrap();
    let text = r#"{"type": "object", "properties": {"名": {"type": "object", "properties": {}}}}"#;
    let uri = file(dir.path(), "a.json", text);
    let mut client = Client::start(dir.path(), Value::Null);
    client.open(&uri, text);
    client.diagnostics(&uri, 1);
    let quick = client.request_ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": Range::default(),
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let quick: Vec<CodeActionOrCommand> = serde_json::from_value(quick).unwrap();
    assert!(quick.iter().all(|a| matches!(a, CodeActionOrCommand::CodeAction(a) if a.kind == Some(CodeActionKind::QUICKFIX))));
    let all = client.code_actions(&uri, Range::default());
    let fix_all = all
        .iter()
        .find_map(|a| match a {
            CodeActionOrCommand::CodeAction(a)
                if a.kind
                    .as_ref()
                    .is_some_and(|k| k.as_str() == "source.fixAll.schemalint") =>
            {
                Some(a)
            }
            _ => None,
        })
        .expect("no `only`: the fix-all action is offered too");
    assert_eq!(
        apply_changes(text, fix_all.edit.as_ref().unwrap(), &uri),
        r#"{"type": "object", "properties": {"名": {"type": "object", "properties": {}}}, "additionalProperties": false}"#,
        "the ignored nested object is not fixed"
    );
    client.shutdown().unwrap();
}

#[test]
fn nesting_past_the_limit_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[".repeat(200_000);
    let uri = file(dir.path(), "deep.json", "");
    let mut client = Client::start(dir.path(), Value::Null);
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["json/too-deep"], "{diagnostics:?}");
    client.shutdown().unwrap();
}

#[test]
fn the_same_fix_on_nested_objects_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"ünit\": {\"type\": \"object\", \"properties\": {}, \"required\": []}\n  },\n  \"required\": [\"ünit\"]\n}\n";
    let uri = file(dir.path(), "a.json", text);
    let mut client = Client::start(dir.path(), json!({"profiles": ["openai"]}));
    client.open(&uri, text);
    client.diagnostics(&uri, 1);
    // Line 3 is inside both objects.
    let actions = client.code_actions(&uri, Range::new(Position::new(3, 8), Position::new(3, 8)));
    let add = "add `\"additionalProperties\": false`";
    let root = action_titled(
        &actions,
        &format!("Fix `strict/additional-properties` at the root: {add}"),
    );
    let nested = action_titled(
        &actions,
        &format!("Fix `strict/additional-properties` at `/properties/ünit`: {add}"),
    );
    assert!(apply_changes(text, nested.edit.as_ref().unwrap(), &uri)
        .contains("\"required\": [], \"additionalProperties\": false}"));
    assert!(apply_changes(text, root.edit.as_ref().unwrap(), &uri)
        .ends_with("\"required\": [\"ünit\"],\n  \"additionalProperties\": false\n}\n"));
    client.shutdown().unwrap();
}
