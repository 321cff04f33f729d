//! The protocol side: tower-lsp-server's `LanguageServer` over the analysis
//! `Engine`. Each message is turned into a call of the engine and its
//! answer back into the protocol's types (`convert`). Every change
//! recompiles the document's root, on the compile thread (`worker`), and publishes its
//! diagnostics; a compile made stale by a later change is cancelled. A
//! request about a document whose root has a compile pending waits for it
//! (up to [`FRESH_WAIT`]), so that it answers for the text last sent.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tmc_compiler::Cancel;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::analysis::{Change, Compiled, Edit, Engine, RenameError};
use crate::convert::{self, path_of, uri_of};
use crate::published::{self, Fingerprint, Published};

/// Each file's diagnostics of a compile, with their fingerprint, as the
/// whole `publishDiagnostics` message (none for a file without a URI).
type ByFile = BTreeMap<PathBuf, (Fingerprint, Option<Vec<u8>>)>;

/// Messages the server has serialised itself waiting for the writer.
pub const DIRECT_MESSAGES: usize = 4;

/// A notification, as the server writes it itself.
#[derive(serde::Serialize)]
struct Notification<P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: P,
}

/// The `publishDiagnostics` message of `diagnostics` for `path` at
/// `version`, serialised (none when `path` has no URI). Written straight
/// to the editor: tower-lsp-server would build a JSON tree of the
/// diagnostics first, on the thread that answers requests, which for a
/// large model takes longer than the serialising.
pub(crate) fn publish_message(
    path: &Path,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) -> Option<Vec<u8>> {
    let message = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: PublishDiagnosticsParams {
            uri: uri_of(path)?,
            diagnostics,
            version,
        },
    };
    serde_json::to_vec(&message).ok()
}

/// One compile's phases as one line, `tmc lsp: 41.2 ms = read
/// and parse 20.1 ms + ...` (the `TMC_LSP_TIMINGS` log).
fn timing_line(phases: &[(&'static str, Duration)]) -> String {
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let total: f64 = phases.iter().map(|(_, d)| ms(d)).sum();
    let each: Vec<String> = phases
        .iter()
        .map(|(phase, d)| format!("{phase} {:.1} ms", ms(d)))
        .collect();
    format!("tmc lsp: {total:.1} ms = {}", each.join(" + "))
}

/// How long a request waits for the compile of the text last sent before
/// it answers from the last compilation there is: long enough for a whole
/// compile of a model of a few thousand elements, short enough that an
/// editor never looks stuck.
pub const FRESH_WAIT: Duration = Duration::from_millis(1000);

#[derive(Default)]
pub(crate) struct State {
    pub(crate) engine: Engine,
    /// What was last published, to publish only what changed.
    pub(crate) published: Published,
    /// How many refreshes of each root have been asked for and not yet
    /// done; a refresh holds the count at the time it was asked for as its
    /// ticket.
    requested: HashMap<PathBuf, u64>,
    /// The compile under way, if any.
    running: Option<Running>,
}

/// A compile under way: its root, and the token that cancels it.
struct Running {
    root: PathBuf,
    cancel: Cancel,
}

impl State {
    /// Whether a later refresh of `root` than `ticket` has been asked for.
    fn is_stale(&self, root: &Path, ticket: u64) -> bool {
        self.requested.get(root) != Some(&ticket)
    }

    /// Asks for a refresh of the root of `path`, which makes any refresh
    /// of that root asked for before stale: the compile of such a refresh
    /// under way is cancelled. Returns the root and the ticket.
    fn ask(&mut self, path: &Path) -> (PathBuf, u64) {
        let root = self.engine.track(path);
        let asked = self.requested.entry(root.clone()).or_default();
        *asked += 1;
        let ticket = *asked;
        if let Some(running) = self.running.as_ref().filter(|r| r.root == root) {
            running.cancel.cancel();
        }
        (root, ticket)
    }

    /// Whether the root `path` is compiled under has a refresh asked for
    /// and not yet done: its latest compilation is of an older text.
    fn is_pending(&self, path: &Path) -> bool {
        self.engine
            .root_of(path)
            .is_some_and(|root| self.requested.contains_key(root))
    }

    /// A refresh is done: the count of its root is dropped when no later
    /// refresh of it waits (turns are taken in order, so none earlier
    /// does).
    fn done(&mut self, root: &Path, ticket: u64) {
        if !self.is_stale(root, ticket) {
            self.requested.remove(root);
        }
    }
}

pub struct Backend {
    client: Client,
    state: Mutex<State>,
    /// Held by the refresh that is compiling and publishing.
    turn: tokio::sync::Mutex<()>,
    /// Whether the client takes snippets in completion items.
    snippets: std::sync::atomic::AtomicBool,
    /// Told each time a refresh is done (or given up), so that requests
    /// waiting for a fresh compilation look again.
    settled: tokio::sync::Notify,
    /// To the writer, around tower-lsp-server: serialised diagnostics.
    direct: tokio::sync::mpsc::Sender<Vec<u8>>,
    /// Whether each compile's phases are written to stderr
    /// (`TMC_LSP_TIMINGS` set: for the latency bench).
    timings: bool,
    /// The workspace's folders and settings (`crate::workspace`).
    workspace: Mutex<crate::folders::Workspace>,
    /// The views the client can be told to ask for again.
    views: std::sync::OnceLock<Views>,
    /// The thread compiles run on (`crate::worker`).
    worker: crate::worker::Worker,
}

/// The views of a document a client draws from answers it asked for once
/// (code lenses, semantic tokens, inlay hints) and that it can be told to
/// ask for again (`workspace/codeLens/refresh`, ...), as its capabilities
/// say. An editor asks again for the document being edited; a change
/// there (or on disk) can change the findings and names of the model's
/// other open files, whose views go stale unless it is told.
#[derive(Clone, Copy, Debug, Default)]
struct Views {
    code_lens: bool,
    semantic_tokens: bool,
    inlay_hints: bool,
}

impl Views {
    fn of(capabilities: &ClientCapabilities) -> Views {
        let Some(w) = &capabilities.workspace else {
            return Views::default();
        };
        let yes = |support: Option<bool>| support == Some(true);
        Views {
            code_lens: yes(w.code_lens.as_ref().and_then(|c| c.refresh_support)),
            semantic_tokens: yes(w.semantic_tokens.as_ref().and_then(|c| c.refresh_support)),
            inlay_hints: yes(w.inlay_hint.as_ref().and_then(|c| c.refresh_support)),
        }
    }
}

impl Backend {
    pub fn new(client: Client, direct: tokio::sync::mpsc::Sender<Vec<u8>>) -> Backend {
        Backend {
            client,
            state: Mutex::new(State::default()),
            turn: tokio::sync::Mutex::new(()),
            snippets: std::sync::atomic::AtomicBool::new(false),
            settled: tokio::sync::Notify::new(),
            direct,
            timings: std::env::var_os("TMC_LSP_TIMINGS").is_some(),
            workspace: Mutex::default(),
            views: std::sync::OnceLock::new(),
            worker: crate::worker::Worker::start(),
        }
    }

    pub(crate) fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn workspace(&self) -> std::sync::MutexGuard<'_, crate::folders::Workspace> {
        self.workspace
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// To the writer: serialised messages.
    pub(crate) fn direct(&self) -> &tokio::sync::mpsc::Sender<Vec<u8>> {
        &self.direct
    }

    /// Recompiles the root of `path` and publishes its diagnostics.
    ///
    /// Refreshes take turns, in the order they were asked for, so
    /// diagnostics are published in order. A refresh that a later one of
    /// the same root has made stale by the time its turn comes (edits
    /// arriving faster than compilations) is dropped: the later refresh
    /// publishes for every file of the root. A compile made stale while it
    /// runs is cancelled, and its result dropped. The compiler runs on its
    /// own thread, so requests are answered from the previous compilation
    /// meanwhile.
    pub(crate) async fn refresh(&self, path: &Path) {
        let (root, ticket) = self.state().ask(path);
        let _turn = self.turn.lock().await;
        let Some(compiled) = self.compile(path, root, ticket).await else {
            return;
        };
        let root = compiled.0.root().to_path_buf();
        self.publish(compiled, ticket).await;
        self.settled.notify_waiters();
        if self.state().engine.others_open(&root, path) {
            self.refresh_views();
        }
        // The compilation this one replaced (or this one, if stale) is
        // freed now.
        crate::memory::give_back_when_idle();
    }

    /// Tells the client to ask again for the views it can be told to
    /// (see [`Views`]), without waiting for its answers.
    fn refresh_views(&self) {
        let views = self.views.get().copied().unwrap_or_default();
        let client = self.client.clone();
        tokio::spawn(async move {
            if views.code_lens {
                let _ = client.code_lens_refresh().await;
            }
            if views.semantic_tokens {
                let _ = client.semantic_tokens_refresh().await;
            }
            if views.inlay_hints {
                let _ = client.inlay_hint_refresh().await;
            }
        });
    }

    /// Compiles `root` for a refresh of `path` holding `ticket`, unless
    /// the refresh is stale already; cancelled if it becomes stale. The
    /// diagnostics come back in the protocol's types, converted on the
    /// compile thread too.
    async fn compile(&self, path: &Path, root: PathBuf, ticket: u64) -> Option<(Compiled, ByFile)> {
        let job = {
            let mut s = self.state();
            if s.is_stale(&root, ticket) {
                return None;
            }
            let job = s.engine.job(&root);
            s.running = Some(Running {
                root: root.clone(),
                cancel: job.cancel(),
            });
            job
        };
        let timings = self.timings;
        let work = self.worker.run(move || {
            let mut compiled = job.run();
            let start = Instant::now();
            let mut diagnostics = convert::Diagnostics::default();
            let by_file = std::mem::take(&mut compiled.diagnostics)
                .into_iter()
                .map(|(file, all)| {
                    let print = published::fingerprint(&all);
                    let version = compiled.version(&file);
                    let message = publish_message(&file, diagnostics.convert(all), version);
                    (file, (print, message))
                })
                .collect();
            if timings {
                compiled.timings.push(("serialise", start.elapsed()));
                eprintln!("{}", timing_line(&compiled.timings));
            }
            (compiled, by_file)
        });
        let done = work.await;
        self.state().running = None;
        match done {
            Ok(compiled) => Some(compiled),
            Err(e) => {
                // Nothing will come of this refresh: requests stop waiting
                // for it.
                self.state().done(&root, ticket);
                self.settled.notify_waiters();
                let message = format!("tmc: compiling {} failed: {e}", path.display());
                self.client.log_message(MessageType::ERROR, message).await;
                None
            }
        }
    }

    /// Keeps a compilation and publishes the diagnostics of the files
    /// whose diagnostics changed, unless it was cancelled or a later
    /// refresh of its root has been asked for.
    async fn publish(&self, (compiled, by_file): (Compiled, ByFile), ticket: u64) {
        let root = compiled.root().to_path_buf();
        let batches = {
            let mut s = self.state();
            if compiled.cancelled() || s.is_stale(&root, ticket) {
                return;
            }
            s.done(&root, ticket);
            let batches: Vec<Vec<u8>> = s
                .published
                .plan(&root, by_file)
                .into_iter()
                .filter_map(|(file, message)| match message {
                    Some(message) => message,
                    None => publish_message(&file, Vec::new(), compiled.version(&file)),
                })
                .collect();
            let mut replaced = s.engine.accept(compiled);
            // A root compiled for workspace diagnostics alone keeps none.
            replaced.extend(s.engine.release_unopened(&root));
            // Freeing a large compilation takes a while: not here, where
            // requests are answered.
            tokio::task::spawn_blocking(move || drop(replaced));
            batches
        };
        // Requests waiting for this compilation answer now, while its
        // diagnostics are written.
        self.settled.notify_waiters();
        for message in batches {
            if self.direct.send(message).await.is_err() {
                return;
            }
        }
    }

    /// Asks the engine about the document at `uri`, if it is a file, once
    /// the compile of its latest text is done (see [`Backend::fresh`]).
    async fn query<T>(
        &self,
        uri: &Uri,
        ask: impl FnOnce(&Engine, &Path) -> Option<T>,
    ) -> Option<T> {
        let path = path_of(uri)?;
        self.fresh(Some(&path)).await;
        ask(&self.state().engine, &path)
    }

    /// Waits, up to [`FRESH_WAIT`], until the root of `path` (of every
    /// document when `None`) has no refresh pending, so that an answer is
    /// about the text the editor sent last; past that, the answer comes
    /// from the last compilation there is.
    async fn fresh(&self, path: Option<&Path>) {
        let deadline = tokio::time::Instant::now() + FRESH_WAIT;
        loop {
            // Registered before looking, so a refresh done in between is
            // not missed.
            let settled = self.settled.notified();
            tokio::pin!(settled);
            settled.as_mut().enable();
            let pending = {
                let s = self.state();
                match path {
                    Some(path) => s.is_pending(path),
                    None => !s.requested.is_empty(),
                }
            };
            if !pending || tokio::time::timeout_at(deadline, settled).await.is_err() {
                return;
            }
        }
    }

    /// Applies a change and refreshes the document's root.
    async fn change(&self, path: PathBuf, change: Change) {
        let taken = self.state().engine.apply(change);
        if taken {
            self.refresh(&path).await;
            return;
        }
        // Only an edit is ever refused: of a document not open, or at a
        // version the server has had already.
        let message = format!(
            "tmc: ignored a change to {}: the document is not open, or the change is not newer than the text held",
            path.display()
        );
        self.client.log_message(MessageType::WARNING, message).await;
    }
}

/// The service: the protocol's methods, and tmc's own `tmc/diagram`;
/// serialised diagnostics go to `direct`, around tower-lsp-server.
pub fn service(
    direct: tokio::sync::mpsc::Sender<Vec<u8>>,
) -> (
    tower_lsp_server::LspService<Backend>,
    tower_lsp_server::ClientSocket,
) {
    tower_lsp_server::LspService::build(|client| Backend::new(client, direct))
        .custom_method(DIAGRAM, Backend::diagram)
        .finish()
}

/// The method name of the diagram request.
pub const DIAGRAM: &str = "tmc/diagram";

impl Backend {
    /// `tmc/diagram`: the data-flow diagram of the model the document
    /// belongs to, drawn from its last good compilation (once a pending
    /// compile of it is done); null before one.
    async fn diagram(
        &self,
        params: convert::DiagramParams,
    ) -> Result<Option<convert::DiagramResult>> {
        if params.format != "svg" {
            return Err(Error::invalid_params(format!(
                "unknown diagram format {:?}: only \"svg\" is drawn",
                params.format
            )));
        }
        let diagram = self
            .query(&params.text_document.uri, |engine, path| {
                engine.diagram(path)
            })
            .await;
        Ok(diagram.map(convert::diagram))
    }
}

/// Semantic tokens for whole documents and ranges, with their legend.
fn semantic_tokens() -> SemanticTokensServerCapabilities {
    SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
        legend: convert::semantic_legend(),
        range: Some(true),
        full: Some(SemanticTokensFullOptions::Bool(true)),
        ..Default::default()
    })
}

/// The `maxFindingsPerElement` setting of `settings`, when it is a whole
/// number (0 or more; larger than any element has shows them all).
fn per_element(settings: &serde_json::Value) -> Option<usize> {
    let n = settings.get("maxFindingsPerElement")?.as_u64()?;
    Some(usize::try_from(n).unwrap_or(usize::MAX))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let snippets = (params.capabilities.text_document.as_ref()).and_then(|t| {
            t.completion
                .as_ref()?
                .completion_item
                .as_ref()?
                .snippet_support
        });
        self.snippets
            .store(snippets == Some(true), std::sync::atomic::Ordering::Relaxed);
        let _ = self.views.set(Views::of(&params.capabilities));
        *self.workspace() = crate::folders::Workspace::from_initialize(&params);
        if let Some(opts) = params.initialization_options {
            let flag = |name: &str| opts.get(name).and_then(|v| v.as_bool());
            let mut s = self.state();
            s.engine
                .set_show_findings(flag("showFindings") != Some(false));
            s.engine
                .set_allow_outside_imports(flag("allowOutsideImports") == Some(true));
            if let Some(n) = per_element(&opts) {
                s.engine.set_findings_per_element(n);
            }
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "tmc".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        [".", "=", " ", "\"", "[", ">"]
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    ),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(semantic_tokens()),
                signature_help_provider: Some(SignatureHelpOptions {
                    trigger_characters: Some(vec!["(".into(), ",".into()]),
                    ..Default::default()
                }),
                workspace: Some(crate::folders::capabilities()),
                ..Default::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.start_workspace().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.folders_changed(params.event).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.files_changed(params.changes).await;
    }

    async fn shutdown(&self) -> Result<()> {
        // A walk of the workspace under way compiles no further model.
        self.workspace().generation += 1;
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        let document = params.text_document;
        // The editor holds no diagnostics of a file it opens anew.
        self.state().published.forget(&path);
        let change = Change::Open {
            path: path.clone(),
            text: document.text,
            version: document.version,
        };
        self.change(path, change).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        // Incremental sync: each change is a range replaced (or, from a
        // client that sends them so, the whole text).
        let edits = (params.content_changes.into_iter())
            .map(|c| Edit {
                range: c.range.map(convert::range_of),
                text: c.text,
            })
            .collect();
        let change = Change::Edit {
            path: path.clone(),
            edits,
            version: params.text_document.version,
        };
        self.change(path, change).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = path_of(&params.text_document.uri) {
            self.refresh(&path).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        // What the disk says now decides the diagnostics.
        self.change(path.clone(), Change::Close { path: path.clone() })
            .await;
        self.state().engine.forget(&path);
        crate::memory::give_back_when_idle();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let tmc = params.settings.get("tmc");
        let show = tmc
            .and_then(|t| t.get("showFindings"))
            .and_then(|v| v.as_bool());
        let per_element = tmc.and_then(per_element);
        let workspace = tmc
            .and_then(|t| t.get("workspaceDiagnostics"))
            .and_then(|v| v.as_bool());
        let (open, before) = {
            let mut s = self.state();
            let before = s.engine.findings_shown();
            if let Some(show) = show {
                s.engine.set_show_findings(show);
            }
            if let Some(n) = per_element {
                s.engine.set_findings_per_element(n);
            }
            (s.engine.open_paths(), before)
        };
        for path in open {
            self.refresh(&path).await;
        }
        // The models compiled for workspace diagnostics, when what they
        // publish changes.
        let changed = self.state().engine.findings_shown() != before;
        if changed && self.workspace().enabled {
            let roots = self.state().engine.roots();
            for root in roots {
                if !self.state().engine.has_open(&root) {
                    self.refresh(&root).await;
                }
            }
        }
        if let Some(on) = workspace {
            self.set_workspace_diagnostics(on).await;
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let items = self
            .query(&at.text_document.uri, |engine, path| {
                engine.complete(path, convert::position(at.position))
            })
            .await;
        let snippets = self.snippets.load(std::sync::atomic::Ordering::Relaxed);
        Ok(items.map(|items| {
            let items = items.into_iter().map(|c| convert::completion(c, snippets));
            CompletionResponse::Array(items.collect())
        }))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let hover = self
            .query(&at.text_document.uri, |engine, path| {
                engine.hover(path, convert::position(at.position))
            })
            .await;
        Ok(hover.map(convert::hover))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let location = self
            .query(&at.text_document.uri, |engine, path| {
                engine.definition(path, convert::position(at.position))
            })
            .await;
        Ok(location
            .and_then(convert::location)
            .map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let with_declaration = params.context.include_declaration;
        let found = self
            .query(&at.text_document.uri, |engine, path| {
                engine.references(path, convert::position(at.position), with_declaration)
            })
            .await;
        Ok(found.map(|all| all.into_iter().filter_map(convert::location).collect()))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let Some(path) = path_of(&at.text_document.uri) else {
            return Ok(None);
        };
        let position = convert::position(at.position);
        self.fresh(Some(&path)).await;
        let renamed = self
            .state()
            .engine
            .rename(&path, position, &params.new_name);
        match renamed {
            Ok(edits) => Ok(edits.map(|edits| WorkspaceEdit {
                changes: Some(convert::edits(edits)),
                ..Default::default()
            })),
            Err(RenameError::DoesNotCompile) => Err(Error::invalid_request()),
            Err(RenameError::Refused(reason)) => Err(Error::invalid_params(reason)),
        }
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        // The text alone decides the layout: no compile to wait for.
        let edits =
            path_of(&params.text_document.uri).and_then(|path| self.state().engine.format(&path));
        Ok(edits.map(|edits| edits.into_iter().map(convert::text_edit).collect()))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let wanted = params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
        });
        if !wanted {
            return Ok(None);
        }
        let range = convert::range_of(params.range);
        let actions = self
            .query(&params.text_document.uri, |engine, path| {
                Some(engine.code_actions(path, range))
            })
            .await
            .unwrap_or_default();
        let seen = &params.context.diagnostics;
        Ok(Some(
            actions
                .into_iter()
                .map(|a| convert::code_action(a, seen))
                .collect(),
        ))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let lenses = self
            .query(&params.text_document.uri, |engine, path| {
                Some(engine.code_lenses(path))
            })
            .await;
        Ok(lenses.map(|all| all.into_iter().map(convert::lens).collect()))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        // Folds come from the text's tokens: no compile to wait for.
        let folds = path_of(&params.text_document.uri)
            .and_then(|path| self.state().engine.folding_ranges(&path));
        Ok(folds.map(|all| all.into_iter().map(convert::fold).collect()))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let links = self
            .query(&params.text_document.uri, |engine, path| {
                engine.document_links(path)
            })
            .await;
        Ok(links.map(|all| all.into_iter().filter_map(convert::link).collect()))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = convert::range_of(params.range);
        let hints = self
            .query(&params.text_document.uri, |engine, path| {
                Some(engine.inlay_hints(path, range))
            })
            .await;
        Ok(hints.map(|all| all.into_iter().map(convert::hint).collect()))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let tokens = self
            .query(&params.text_document.uri, |engine, path| {
                engine.semantic_tokens(path, None)
            })
            .await;
        Ok(tokens.map(|all| SemanticTokensResult::Tokens(convert::semantic_tokens(all))))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let range = convert::range_of(params.range);
        let tokens = self
            .query(&params.text_document.uri, |engine, path| {
                engine.semantic_tokens(path, Some(range))
            })
            .await;
        Ok(tokens.map(|all| SemanticTokensRangeResult::Tokens(convert::semantic_tokens(all))))
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        let at = params.text_document_position_params;
        let found = self
            .query(&at.text_document.uri, |engine, path| {
                engine.signature_help(path, convert::position(at.position))
            })
            .await;
        Ok(found.map(convert::signature_help))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let symbols = self
            .query(&uri, |engine, path| engine.document_symbols(path))
            .await;
        Ok(symbols.map(|symbols| {
            let symbols = symbols
                .into_iter()
                .filter_map(|s| convert::symbol(s, Some(&uri)))
                .collect();
            DocumentSymbolResponse::Flat(symbols)
        }))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.fresh(None).await;
        let symbols = self.state().engine.workspace_symbols(&params.query);
        Ok(Some(WorkspaceSymbolResponse::Flat(
            symbols
                .into_iter()
                .filter_map(|s| convert::symbol(s, None))
                .collect(),
        )))
    }
}
