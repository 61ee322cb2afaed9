//! `schemalint server`: a Language Server Protocol server over standard input/output.
//!
//! One thread owns the state and runs the main loop (messages from the client, results
//! from workers, timers); linting, hovers and code actions run on a thread pool. A
//! document is linted when opened or saved, and after it has stayed unchanged for the
//! debounce time; a lint whose version has been superseded is not started (or, when it
//! has finished, not published), and `$/cancelRequest` answers a request at once.
//! Every job runs under `catch_unwind`: a panic is logged and answered as an error, and
//! the server keeps running.
//!
//! Public for embedding and benchmarks: [`serve`] runs the server on any
//! [`lsp_server::Connection`] (`Connection::memory()` in tests and `benches/benches/server.rs`).

mod actions;
mod hover;
mod ignore;
mod lint;
mod settings;
#[cfg(test)]
mod tests;
mod text;

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeActionKind, CodeActionOptions, CodeActionParams,
    CodeActionProviderCapability, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    HoverParams, HoverProviderCapability, InitializeParams, LogMessageParams, MessageType,
    PositionEncodingKind, PublishDiagnosticsParams, Registration, RegistrationParams,
    ResourceOperationKind, SaveOptions, ServerCapabilities, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{self, Resolver, Settings};
use lint::Linted;
use settings::ClientSettings;
use text::LineIndex;

/// How often config files are checked for changes, for clients that do not watch files.
const CONFIG_POLL: Duration = Duration::from_secs(1);

/// Runs the server on standard input/output until the client says `exit`.
pub fn run() -> ExitCode {
    let (connection, io_threads) = Connection::stdio();
    let result = serve(connection);
    let joined = io_threads.join();
    match (result, joined) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(e), _) => {
            eprintln!("schemalint server: {e}");
            ExitCode::from(1)
        }
        (Ok(()), Err(e)) => {
            eprintln!("schemalint server: {e}");
            ExitCode::from(1)
        }
    }
}

/// The initialize handshake, then the main loop. `Err`: the protocol was broken (no
/// `initialize`, `exit` without `shutdown`, the client went away).
pub fn serve(connection: Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let capabilities = ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(actions::FIX_ALL),
            ]),
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        })),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "schemalint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;
    let mut server = Server::new(connection.sender.clone(), &params)?;
    server.main_loop(&connection.receiver)
}

/// An open document.
struct Doc {
    text: Arc<str>,
    version: i32,
    /// `None` for documents that are not files (nothing selects them: not linted).
    path: Option<PathBuf>,
    /// When to lint it next.
    due: Option<Instant>,
    /// The latest version, shared with workers so that superseded lints are skipped.
    latest: Arc<AtomicI32>,
    linted: Option<Arc<Linted>>,
}

/// What workers send back to the main loop.
enum Task {
    Linted(Url, Arc<Linted>),
    /// The document could not be linted (said in a diagnostic).
    NotLinted(Url, i32, String),
    Respond(Response),
    Log(MessageType, String),
}

/// What the client can do, from its capabilities.
#[derive(Debug, Clone, Copy, Default)]
struct ClientCaps {
    can_create_files: bool,
    document_changes: bool,
    watches_files: bool,
}

struct Server {
    sender: Sender<Message>,
    pool: rayon::ThreadPool,
    task_sender: Sender<Task>,
    tasks: Receiver<Task>,
    docs: HashMap<Url, Doc>,
    client: ClientSettings,
    resolver: Resolver,
    roots: Vec<PathBuf>,
    caps: ClientCaps,
    /// Requests being worked on, with their cancellation flags.
    pending: HashMap<RequestId, Arc<AtomicBool>>,
    /// Every config file name in every directory above an open document: its
    /// modification time and length (`None`: absent), to notice changes.
    config_stamps: BTreeMap<PathBuf, Option<(SystemTime, u64)>>,
    next_poll: Instant,
    shut_down: bool,
}

/// Everything a worker needs to answer a request about one document.
struct Snapshot {
    uri: Url,
    path: PathBuf,
    version: i32,
    text: Arc<str>,
    linted: Option<Arc<Linted>>,
    settings: Arc<Settings>,
    new_config_dir: PathBuf,
    caps: ClientCaps,
}

impl Snapshot {
    /// The lint of this version: the one the main loop has, or a fresh one.
    fn linted(&self) -> Result<Arc<Linted>, String> {
        match &self.linted {
            Some(l) if l.version == self.version => Ok(Arc::clone(l)),
            _ => lint::lint(
                &self.uri,
                &self.path,
                self.version,
                Arc::clone(&self.text),
                &self.settings,
            )
            .map(Arc::new),
        }
    }
}

impl Server {
    fn new(sender: Sender<Message>, params: &InitializeParams) -> Result<Server, String> {
        let (task_sender, tasks) = crossbeam_channel::unbounded();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get().min(4)))
            .thread_name(|i| format!("schemalint-lsp-{i}"))
            // Deep schemas recurse in the walks after parsing (see ARCHITECTURE.md).
            .stack_size(crate::limits::stack_for(crate::limits::DEFAULT_MAX_DEPTH))
            .build()
            .map_err(|e| format!("cannot start worker threads: {e}"))?;
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        #[allow(deprecated)] // `rootUri` is what older clients send.
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()));
        }
        let workspace = params.capabilities.workspace.as_ref();
        let workspace_edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        let document_changes = workspace_edit.is_some_and(|e| e.document_changes == Some(true));
        let caps = ClientCaps {
            document_changes,
            can_create_files: workspace_edit.is_some_and(|e| {
                document_changes
                    && e.resource_operations
                        .as_ref()
                        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
            }),
            watches_files: workspace
                .and_then(|w| w.did_change_watched_files)
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
        };
        let (client, problems) = match &params.initialization_options {
            Some(options) => ClientSettings::parse(options),
            None => (ClientSettings::default(), Vec::new()),
        };
        let resolver = Resolver::new(false, None, client.overrides()).map_err(|e| e.to_string())?;
        let server = Server {
            sender,
            pool,
            task_sender,
            tasks,
            docs: HashMap::new(),
            client,
            resolver,
            roots,
            caps,
            pending: HashMap::new(),
            config_stamps: BTreeMap::new(),
            next_poll: Instant::now() + CONFIG_POLL,
            shut_down: false,
        };
        for problem in problems {
            server.show(
                MessageType::WARNING,
                format!("schemalint settings: {problem}"),
            );
        }
        if caps.watches_files {
            server.watch_config_files();
        }
        Ok(server)
    }

    fn main_loop(&mut self, receiver: &Receiver<Message>) -> Result<(), String> {
        loop {
            let wake = self
                .docs
                .values()
                .filter_map(|d| d.due)
                .fold(self.next_poll, Instant::min);
            let timeout = wake.saturating_duration_since(Instant::now());
            crossbeam_channel::select! {
                recv(receiver) -> message => {
                    let Ok(message) = message else {
                        return if self.shut_down {
                            Ok(())
                        } else {
                            Err("the client closed the connection without `shutdown`".to_owned())
                        };
                    };
                    if let Message::Notification(n) = &message {
                        if n.method == notification::Exit::METHOD {
                            return if self.shut_down {
                                Ok(())
                            } else {
                                Err("`exit` without `shutdown`".to_owned())
                            };
                        }
                    }
                    let method = match &message {
                        Message::Request(r) => r.method.clone(),
                        Message::Notification(n) => n.method.clone(),
                        Message::Response(_) => String::new(),
                    };
                    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.on_message(message))) {
                        self.log(
                            MessageType::ERROR,
                            format!("schemalint server: internal error handling `{method}`: {}", panic_text(&panic)),
                        );
                    }
                }
                recv(self.tasks) -> task => {
                    if let Ok(task) = task {
                        self.on_task(task);
                    }
                }
                default(timeout) => {}
            }
            self.start_due_lints();
            if Instant::now() >= self.next_poll {
                self.next_poll = Instant::now() + CONFIG_POLL;
                self.poll_config_files();
            }
        }
    }

    fn on_message(&mut self, message: Message) {
        match message {
            Message::Request(req) => self.on_request(req),
            Message::Notification(n) => self.on_notification(n),
            // Answers to our requests (capability registration): nothing to do.
            Message::Response(_) => {}
        }
    }

    fn on_request(&mut self, req: Request) {
        if self.shut_down {
            self.respond(Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            ));
            return;
        }
        match req.method.as_str() {
            request::Shutdown::METHOD => {
                self.shut_down = true;
                self.respond(Response::new_ok(req.id, ()));
            }
            request::HoverRequest::METHOD => {
                self.spawn_request(
                    req,
                    |p: &HoverParams| &p.text_document_position_params.text_document.uri,
                    |snapshot, params| {
                        let linted = snapshot.linted()?;
                        let profiles = snapshot.settings.profiles.clone().unwrap_or_default();
                        let hover = hover::hover(
                            &linted,
                            params.text_document_position_params.position,
                            &profiles,
                        );
                        Ok(serde_json::to_value(hover).unwrap_or(Value::Null))
                    },
                );
            }
            request::CodeActionRequest::METHOD => {
                self.spawn_request(
                    req,
                    |p: &CodeActionParams| &p.text_document.uri,
                    |snapshot, params| {
                        let linted = snapshot.linted()?;
                        let cx = actions::ActionContext {
                            uri: &snapshot.uri,
                            path: &snapshot.path,
                            settings: &snapshot.settings,
                            new_config_dir: snapshot.new_config_dir.clone(),
                            can_create_files: snapshot.caps.can_create_files,
                            document_changes: snapshot.caps.document_changes,
                        };
                        let actions = actions::code_actions(
                            &cx,
                            &linted,
                            params.range,
                            params.context.only.as_deref(),
                        );
                        Ok(serde_json::to_value(actions).unwrap_or(Value::Null))
                    },
                );
            }
            #[cfg(test)]
            tests::PANIC_METHOD | tests::WAIT_METHOD => self.spawn_test_request(req),
            _ => self.respond(Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("schemalint server does not handle `{}`", req.method),
            )),
        }
    }

    /// Answers `req` on the pool with `handler`, given a snapshot of the document that
    /// `uri_of` names (`null` when it is not open or not linted).
    fn spawn_request<P: DeserializeOwned + Send + 'static>(
        &mut self,
        req: Request,
        uri_of: fn(&P) -> &Url,
        handler: fn(&Snapshot, P) -> Result<Value, String>,
    ) {
        let params: P = match serde_json::from_value(req.params) {
            Ok(p) => p,
            Err(e) => {
                self.respond(Response::new_err(
                    req.id,
                    ErrorCode::InvalidParams as i32,
                    format!("invalid `{}` parameters: {e}", req.method),
                ));
                return;
            }
        };
        let Some(snapshot) = self.snapshot(uri_of(&params)) else {
            self.respond(Response::new_ok(req.id, Value::Null));
            return;
        };
        let cancelled = Arc::new(AtomicBool::new(false));
        self.pending.insert(req.id.clone(), Arc::clone(&cancelled));
        let tasks = self.task_sender.clone();
        let (id, method) = (req.id, req.method);
        self.pool.spawn(move || {
            if cancelled.load(Ordering::Relaxed) {
                return;
            }
            let response = match catch_unwind(AssertUnwindSafe(|| handler(&snapshot, params))) {
                Ok(Ok(value)) => Response::new_ok(id, value),
                Ok(Err(message)) => Response::new_err(id, ErrorCode::RequestFailed as i32, message),
                Err(panic) => {
                    let message = format!(
                        "schemalint server: internal error in `{method}`: {}",
                        panic_text(&panic)
                    );
                    let _ = tasks.send(Task::Log(MessageType::ERROR, message.clone()));
                    Response::new_err(id, ErrorCode::InternalError as i32, message)
                }
            };
            let _ = tasks.send(Task::Respond(response));
        });
    }

    /// The snapshot for a request about `uri`, when it is an open, linted file.
    fn snapshot(&mut self, uri: &Url) -> Option<Snapshot> {
        let doc = self.docs.get(uri)?;
        let path = doc.path.clone()?;
        let settings = self.resolver.settings_for(&path).ok()?;
        if !settings.includes(&path) {
            return None;
        }
        Some(Snapshot {
            uri: uri.clone(),
            new_config_dir: self.new_config_dir(&path),
            path,
            version: doc.version,
            text: Arc::clone(&doc.text),
            linted: doc.linted.clone(),
            settings,
            caps: self.caps,
        })
    }

    /// Where "ignore this rule" creates a config when none applies: the workspace folder
    /// the file is in (the deepest), else the file's directory.
    fn new_config_dir(&self, path: &Path) -> PathBuf {
        self.roots
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.components().count())
            .cloned()
            .unwrap_or_else(|| path.parent().unwrap_or(Path::new("/")).to_path_buf())
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let Some(p) = self.params::<DidOpenTextDocumentParams>(n) else {
                    return;
                };
                let doc = p.text_document;
                let path = doc.uri.to_file_path().ok().map(|p| config::absolute(&p));
                if let Some(path) = &path {
                    self.stamp_config_dirs(path);
                }
                self.docs.insert(
                    doc.uri.clone(),
                    Doc {
                        text: doc.text.into(),
                        version: doc.version,
                        path,
                        due: None,
                        latest: Arc::new(AtomicI32::new(doc.version)),
                        linted: None,
                    },
                );
                self.schedule(&doc.uri, Duration::ZERO);
            }
            notification::DidChangeTextDocument::METHOD => {
                let Some(p) = self.params::<DidChangeTextDocumentParams>(n) else {
                    return;
                };
                let debounce = self.client.debounce;
                let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                    return;
                };
                let mut text = doc.text.to_string();
                for change in p.content_changes {
                    match change.range {
                        // Full sync is what we ask for; ranged changes are applied anyway.
                        Some(range) => {
                            let index = LineIndex::new(&text);
                            let start = index.offset(&text, range.start);
                            let end = index.offset(&text, range.end).max(start);
                            text.replace_range(start..end, &change.text);
                        }
                        None => text = change.text,
                    }
                }
                doc.text = text.into();
                doc.version = p.text_document.version;
                doc.latest.store(doc.version, Ordering::Relaxed);
                self.schedule(&p.text_document.uri, debounce);
            }
            notification::DidSaveTextDocument::METHOD => {
                if let Some(p) = self.params::<DidSaveTextDocumentParams>(n) {
                    self.schedule(&p.text_document.uri, Duration::ZERO);
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Some(p) = self.params::<DidCloseTextDocumentParams>(n) {
                    if let Some(doc) = self.docs.remove(&p.text_document.uri) {
                        doc.latest.store(i32::MIN, Ordering::Relaxed);
                    }
                    self.publish(p.text_document.uri, Vec::new(), None);
                }
            }
            notification::DidChangeConfiguration::METHOD => {
                let Some(p) = self.params::<lsp_types::DidChangeConfigurationParams>(n) else {
                    return;
                };
                let (client, problems) = ClientSettings::parse(&p.settings);
                for problem in problems {
                    self.show(
                        MessageType::WARNING,
                        format!("schemalint settings: {problem}"),
                    );
                }
                self.client = client;
                self.reload_config();
            }
            notification::DidChangeWatchedFiles::METHOD => {
                if let Some(p) = self.params::<DidChangeWatchedFilesParams>(n) {
                    let is_config = |uri: &Url| {
                        uri.path_segments()
                            .and_then(|mut s| s.next_back())
                            .is_some_and(|name| config::FILE_NAMES.contains(&name))
                    };
                    if p.changes.iter().any(|c| is_config(&c.uri)) {
                        self.reload_config();
                    }
                }
            }
            notification::Cancel::METHOD => {
                if let Some(p) = self.params::<lsp_types::CancelParams>(n) {
                    let id = match p.id {
                        lsp_types::NumberOrString::Number(n) => RequestId::from(n),
                        lsp_types::NumberOrString::String(s) => RequestId::from(s),
                    };
                    if let Some(flag) = self.pending.remove(&id) {
                        flag.store(true, Ordering::Relaxed);
                        self.respond(Response::new_err(
                            id,
                            ErrorCode::RequestCanceled as i32,
                            "cancelled".to_owned(),
                        ));
                    }
                }
            }
            // `initialized`, `$/setTrace`, unknown notifications: nothing to do.
            _ => {}
        }
    }

    /// A notification's parameters, or `None` (logged) when they do not parse.
    fn params<P: DeserializeOwned>(&self, n: Notification) -> Option<P> {
        match serde_json::from_value(n.params) {
            Ok(p) => Some(p),
            Err(e) => {
                self.log(
                    MessageType::ERROR,
                    format!("schemalint server: invalid `{}` parameters: {e}", n.method),
                );
                None
            }
        }
    }

    fn on_task(&mut self, task: Task) {
        match task {
            Task::Linted(uri, linted) => {
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                if doc.version != linted.version {
                    return; // superseded while it ran
                }
                doc.linted = Some(Arc::clone(&linted));
                self.publish(uri, linted.published.clone(), Some(linted.version));
            }
            Task::NotLinted(uri, version, message) => {
                if self.docs.get(&uri).is_some_and(|d| d.version == version) {
                    self.publish(uri, vec![lint::not_linted(message)], Some(version));
                }
            }
            Task::Respond(response) => {
                if self.pending.remove(&response.id).is_some() {
                    self.respond(response);
                }
            }
            Task::Log(kind, message) => self.log(kind, message),
        }
    }

    fn schedule(&mut self, uri: &Url, delay: Duration) {
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.due = Some(Instant::now() + delay);
        }
    }

    fn start_due_lints(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            self.start_lint(uri);
        }
    }

    /// Lints a document on the pool, if its config selects it.
    fn start_lint(&mut self, uri: Url) {
        let Some(doc) = self.docs.get_mut(&uri) else {
            return;
        };
        doc.due = None;
        let Some(path) = doc.path.clone() else {
            return;
        };
        let (version, text, latest) = (doc.version, Arc::clone(&doc.text), Arc::clone(&doc.latest));
        let settings = match self.resolver.settings_for(&path) {
            Ok(s) => s,
            Err(e) => {
                let message = format!("schemalint cannot lint this file: {e}");
                self.publish(uri, vec![lint::not_linted(message)], Some(version));
                return;
            }
        };
        if !settings.includes(&path) {
            if let Some(doc) = self.docs.get_mut(&uri) {
                doc.linted = None;
            }
            self.publish(uri, Vec::new(), Some(version));
            return;
        }
        let tasks = self.task_sender.clone();
        self.pool.spawn(move || {
            if latest.load(Ordering::Relaxed) != version {
                return; // a newer version is on its way
            }
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                lint::lint(&uri, &path, version, text, &settings)
            }));
            let task = match outcome {
                Ok(Ok(linted)) => Task::Linted(uri, Arc::new(linted)),
                Ok(Err(message)) => Task::NotLinted(uri, version, message),
                Err(panic) => {
                    let message = format!(
                        "schemalint server: internal error linting {}: {}",
                        path.display(),
                        panic_text(&panic)
                    );
                    let _ = tasks.send(Task::Log(MessageType::ERROR, message.clone()));
                    Task::NotLinted(uri, version, message)
                }
            };
            let _ = tasks.send(task);
        });
    }

    /// Settings or config files changed: rediscover configs and lint every open document.
    fn reload_config(&mut self) {
        match Resolver::new(false, None, self.client.overrides()) {
            Ok(resolver) => self.resolver = resolver,
            Err(e) => self.show(MessageType::ERROR, format!("schemalint settings: {e}")),
        }
        let uris: Vec<Url> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.schedule(&uri, Duration::ZERO);
        }
    }

    /// Records the config files (present or not) above `path`.
    fn stamp_config_dirs(&mut self, path: &Path) {
        for dir in path.ancestors().skip(1) {
            for name in config::FILE_NAMES {
                let file = dir.join(name);
                if let std::collections::btree_map::Entry::Vacant(entry) =
                    self.config_stamps.entry(file)
                {
                    let stamp = config_stamp(entry.key());
                    entry.insert(stamp);
                }
            }
        }
    }

    /// Re-lints everything when a config file above an open document was created,
    /// changed or deleted (clients that watch files say so sooner).
    fn poll_config_files(&mut self) {
        let mut changed = false;
        for (file, stamp) in &mut self.config_stamps {
            let now = config_stamp(file);
            if now != *stamp {
                *stamp = now;
                changed = true;
            }
        }
        if changed {
            self.reload_config();
        }
    }

    fn watch_config_files(&self) {
        let watchers = config::FILE_NAMES
            .iter()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "schemalint-config-files".to_owned(),
                method: notification::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            RequestId::from("schemalint/register-watchers".to_owned()),
            request::RegisterCapability::METHOD.to_owned(),
            params,
        );
        let _ = self.sender.send(request.into());
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            notification::PublishDiagnostics::METHOD,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    fn respond(&self, response: Response) {
        let _ = self.sender.send(response.into());
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let _ = self
            .sender
            .send(Notification::new(method.to_owned(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        eprintln!("{message}");
        self.notify(
            notification::LogMessage::METHOD,
            LogMessageParams { typ, message },
        );
    }

    fn show(&self, typ: MessageType, message: String) {
        self.log(typ, message.clone());
        self.notify(
            notification::ShowMessage::METHOD,
            ShowMessageParams { typ, message },
        );
    }
}

fn config_stamp(file: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The message of a caught panic.
fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}
