//! Editor latency of `schemalint server`: from a `textDocument/didChange` (full text, as
//! editors send it) to the `textDocument/publishDiagnostics` of that version, on a
//! 5,000-property schema (`schemalint_benches::wide_schema`, the `check/properties/5000`
//! input), through the real main loop and worker pool over in-memory channels. The
//! published notification is serialized as the stdio transport would write it. Target:
//! under 50 ms.
//! - `didchange/5000-clean`: no findings, debounce 0 (the work itself);
//! - `didchange/5000-50-findings`: 50 `keyword/unsupported-format` findings, debounce 0;
//! - `didchange/5000-clean-default-debounce`: what an editor sees with the default settings
//!   (the 20 ms debounce included).
//!
//! Run: `cargo bench -p schemalint-benches --bench server -- --warm-up-time 1 --measurement-time 3`

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use schemalint_benches::wide_schema;
use serde_json::{json, Value};

/// An LSP client driving the server in a thread.
struct Session {
    conn: Connection,
    uri: String,
    version: i32,
    /// Two texts that differ in one description: each change is a real edit.
    texts: [String; 2],
    _dir: tempfile::TempDir,
}

impl Session {
    fn start(text: String, options: Value) -> (Session, std::thread::JoinHandle<()>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wide.json");
        std::fs::write(&path, &text).unwrap();
        let uri = format!("file://{}", path.display());
        let (server_side, conn) = Connection::memory();
        let server = std::thread::spawn(move || schemalint::server::serve(server_side).unwrap());
        let root = format!("file://{}", dir.path().display());
        conn.sender
            .send(Message::Request(Request::new(
                RequestId::from(1),
                "initialize".to_owned(),
                json!({"processId": null, "rootUri": root, "capabilities": {},
                       "initializationOptions": options}),
            )))
            .unwrap();
        match conn.receiver.recv().unwrap() {
            Message::Response(r) => assert!(r.response_result.is_ok(), "{r:?}"),
            other => panic!("{other:?}"),
        }
        notify(&conn, "initialized", json!({}));
        let edited = text.replacen("free text", "free text, edited", 1);
        assert_ne!(edited, text);
        let mut session = Session {
            conn,
            uri,
            version: 1,
            texts: [text, edited],
            _dir: dir,
        };
        notify(
            &session.conn,
            "textDocument/didOpen",
            json!({"textDocument": {"uri": session.uri, "languageId": "json", "version": 1,
                   "text": session.texts[0]}}),
        );
        session.published();
        (session, server)
    }

    /// Waits for the diagnostics of the current version; returns how many, after
    /// serializing the notification as the stdio writer does.
    fn published(&mut self) -> usize {
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(30))
                .unwrap()
            {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["version"] == self.version =>
                {
                    let count = n.params["diagnostics"].as_array().unwrap().len();
                    let wire = serde_json::to_string(&Message::Notification(n)).unwrap();
                    std::hint::black_box(wire);
                    return count;
                }
                _ => {}
            }
        }
    }

    /// One edit and its diagnostics.
    fn change(&mut self) -> usize {
        self.version += 1;
        let text = &self.texts[(self.version % 2) as usize];
        notify(
            &self.conn,
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri, "version": self.version},
                   "contentChanges": [{"text": text}]}),
        );
        self.published()
    }

    fn finish(self, server: std::thread::JoinHandle<()>) {
        self.conn
            .sender
            .send(Message::Request(Request::new(
                RequestId::from(2),
                "shutdown".to_owned(),
                Value::Null,
            )))
            .unwrap();
        notify(&self.conn, "exit", Value::Null);
        server.join().unwrap();
    }
}

fn notify(conn: &Connection, method: &str, params: Value) {
    conn.sender
        .send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )))
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let clean = wide_schema(5000);
    let findings = clean.replacen("\"format\": \"date\"", "\"format\": \"phone\"", 50);
    let no_debounce = json!({"profiles": ["openai"], "debounceMs": 0});
    let mut group = c.benchmark_group("server/didchange");
    for (name, text, options, expected) in [
        ("5000-clean", &clean, &no_debounce, 0),
        ("5000-50-findings", &findings, &no_debounce, 50),
        (
            "5000-clean-default-debounce",
            &clean,
            &json!({"profiles": ["openai"]}),
            0,
        ),
    ] {
        let (mut session, server) = Session::start(text.clone(), options.clone());
        // Sanity: the input has the findings it claims.
        assert_eq!(session.change(), expected, "{name}");
        group.bench_function(name, |b| b.iter(|| session.change()));
        session.finish(server);
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
