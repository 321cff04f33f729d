//! The LSP protocol side: tower-lsp's `LanguageServer` over the open
//! documents. Every change recompiles the document's root through the
//! compiler (over the unsaved buffers) and publishes diagnostics and
//! findings; requests are answered from the latest compilation, or from
//! the last one that produced a model while the text does not parse.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tmc_compiler::{Cancel, Compilation, Options};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use crate::analysis;
use crate::completion;
use crate::context;
use crate::convert::{path_of, uri_of, LineIndex};
use crate::documents::Documents;
use crate::hover;
use crate::navigation;

#[derive(Default)]
struct State {
    docs: Documents,
    /// The latest compilation of each root file.
    latest: HashMap<PathBuf, Arc<Compilation>>,
    /// The latest compilation of each root that produced a model.
    good: HashMap<PathBuf, Arc<Compilation>>,
    /// The root each open document is compiled under.
    root_of: HashMap<PathBuf, PathBuf>,
    /// Files that got diagnostics from each root, to clear them later.
    published: HashMap<PathBuf, BTreeSet<PathBuf>>,
    hide_findings: bool,
    options: Options,
    /// How many refreshes of each root have been asked for and not yet
    /// done; a refresh holds the count at the time it was asked for as its
    /// ticket.
    requested: HashMap<PathBuf, u64>,
    /// The compile under way, if any.
    running: Option<Running>,
}

/// A compilation for a refresh, with the documents it read and its
/// diagnostics by file.
struct Compiled {
    root: PathBuf,
    docs: Documents,
    c: Compilation,
    by_file: BTreeMap<PathBuf, Vec<Diagnostic>>,
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
        let root = analysis::root_for(path, &self.docs);
        self.root_of.insert(path.to_path_buf(), root.clone());
        let asked = self.requested.entry(root.clone()).or_default();
        *asked += 1;
        let ticket = *asked;
        if let Some(running) = self.running.as_ref().filter(|r| r.root == root) {
            running.cancel.cancel();
        }
        (root, ticket)
    }

    /// Drops what is kept for `path` once it is closed (unless it was
    /// opened again), and the compilations of its root once no open
    /// document is compiled under it.
    fn forget(&mut self, path: &Path) {
        if self.docs.text(path).is_some() {
            return;
        }
        let Some(root) = self.root_of.remove(path) else {
            return;
        };
        if !self.root_of.values().any(|r| *r == root) {
            self.latest.remove(&root);
            self.good.remove(&root);
        }
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
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Mutex::new(State::default()),
            turn: tokio::sync::Mutex::new(()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Recompiles the root of `path` and publishes its diagnostics.
    ///
    /// Refreshes take turns, in the order they were asked for, so
    /// diagnostics are published in order. A refresh that a later one of
    /// the same root has made stale by the time its turn comes (edits
    /// arriving faster than compilations) is dropped: the later refresh
    /// publishes for every file of the root. A compile made stale while it
    /// runs is cancelled, and its result dropped. The compiler runs on a
    /// blocking thread, so requests are answered from the previous
    /// compilation meanwhile.
    async fn refresh(&self, path: &Path) {
        let (root, ticket) = self.state().ask(path);
        let _turn = self.turn.lock().await;
        let Some(compiled) = self.compile(path, root, ticket).await else {
            return;
        };
        self.publish(compiled, ticket).await;
        // The compilation this one replaced (or this one, if stale) is
        // freed now.
        crate::memory::give_back_when_idle();
    }

    /// Compiles `root` for a refresh of `path` holding `ticket`, unless
    /// the refresh is stale already; cancelled if it becomes stale.
    async fn compile(&self, path: &Path, root: PathBuf, ticket: u64) -> Option<Compiled> {
        let (docs, options, findings) = {
            let mut s = self.state();
            if s.is_stale(&root, ticket) {
                return None;
            }
            let options = Options {
                cancel: Cancel::default(),
                ..s.options.clone()
            };
            s.running = Some(Running {
                root: root.clone(),
                cancel: options.cancel.clone(),
            });
            (s.docs.clone(), options, !s.hide_findings)
        };
        let work = tokio::task::spawn_blocking(move || {
            let c = analysis::compile(&root, &docs, &options);
            let by_file = match c.cancelled {
                true => Default::default(),
                false => analysis::diagnostics(&c, &root, findings),
            };
            Compiled {
                root,
                docs,
                c,
                by_file,
            }
        });
        let done = work.await;
        self.state().running = None;
        match done {
            Ok(compiled) => Some(compiled),
            Err(e) => {
                let message = format!("tmc: compiling {} failed: {e}", path.display());
                self.client.log_message(MessageType::ERROR, message).await;
                None
            }
        }
    }

    /// Keeps a compilation and publishes its diagnostics, unless it was
    /// cancelled or a later refresh of its root has been asked for.
    async fn publish(&self, compiled: Compiled, ticket: u64) {
        let Compiled {
            root,
            docs,
            c,
            by_file,
        } = compiled;
        let batches = {
            let mut s = self.state();
            if c.cancelled || s.is_stale(&root, ticket) {
                return;
            }
            s.done(&root, ticket);
            let c = Arc::new(c);
            if c.model.is_some() {
                s.good.insert(root.clone(), c.clone());
            }
            s.latest.insert(root.clone(), c);
            let previous = s.published.remove(&root).unwrap_or_default();
            let now: BTreeSet<PathBuf> = by_file.keys().cloned().collect();
            let mut batches: Vec<(PathBuf, Vec<Diagnostic>)> = by_file.into_iter().collect();
            batches.extend(previous.difference(&now).map(|p| (p.clone(), Vec::new())));
            s.published.insert(root, now);
            batches
        };
        for (file, diagnostics) in batches {
            if let Some(uri) = uri_of(&file) {
                let version = docs.version(&file);
                self.client
                    .publish_diagnostics(uri, diagnostics, version)
                    .await;
            }
        }
    }

    /// The compilation to answer a request about `path` from, with the
    /// document's text.
    fn lookup(&self, uri: &Url) -> Option<(PathBuf, String, Arc<Compilation>, Arc<Compilation>)> {
        let path = path_of(uri)?;
        let s = self.state();
        let text = s.docs.text(&path)?.to_string();
        let root = s.root_of.get(&path)?;
        let latest = s.latest.get(root)?.clone();
        let good = s.good.get(root).cloned().unwrap_or_else(|| latest.clone());
        Some((path, text, latest, good))
    }
}

/// The identifier characters around `offset`.
fn word_at(text: &str, offset: usize) -> (usize, &str) {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start, &text[start..end])
}

fn markdown(value: String) -> HoverContents {
    HoverContents::Markup(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        if let Some(opts) = params.initialization_options {
            self.state().hide_findings =
                opts.get("showFindings").and_then(|v| v.as_bool()) == Some(false);
            self.state().options.allow_outside_imports =
                opts.get("allowOutsideImports").and_then(|v| v.as_bool()) == Some(true);
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "tmc".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::FULL,
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
                ..Default::default()
            },
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        {
            let mut s = self.state();
            s.docs.close(&path);
            let document = params.text_document;
            s.docs.open(path.clone(), document.text, document.version);
        }
        self.refresh(&path).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        // Full sync: the last change holds the whole text.
        let Some(change) = params.content_changes.into_iter().last() else {
            return;
        };
        let version = params.text_document.version;
        if !self.state().docs.open(path.clone(), change.text, version) {
            return;
        }
        self.refresh(&path).await;
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
        self.state().docs.close(&path);
        // What the disk says now decides the diagnostics.
        self.refresh(&path).await;
        self.state().forget(&path);
        crate::memory::give_back_when_idle();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let show = params
            .settings
            .get("tmc")
            .and_then(|t| t.get("showFindings"))
            .and_then(|v| v.as_bool());
        let open: Vec<PathBuf> = {
            let mut s = self.state();
            if let Some(show) = show {
                s.hide_findings = !show;
            }
            s.docs.paths().cloned().collect()
        };
        for path in open {
            self.refresh(&path).await;
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        let Some((_, text, latest, good)) = self.lookup(&position.text_document.uri) else {
            return Ok(None);
        };
        let offset = LineIndex::new(&text).offset(position.position);
        let before = &text[..offset];
        let is_kind = |k: &str| latest.schema.kind(k).is_some();
        let ctx = context::at(before, &is_kind);
        let items = completion::complete(&ctx, &good);
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let Some((path, text, _, good)) = self.lookup(&position.text_document.uri) else {
            return Ok(None);
        };
        let show_findings = !self.state().hide_findings;
        let index = LineIndex::new(&text);
        let offset = index.offset(position.position);
        let (start, word) = word_at(&text, offset);
        if word.is_empty() {
            return Ok(None);
        }
        let before = &text[..start + word.len()];
        let mut value = hover::hover(&good, before, word);
        // On a finding's diagnostic: why it fired, after the element's own
        // summary.
        let why = show_findings
            .then(|| hover::findings_at(&good, &path.to_string_lossy(), offset))
            .flatten();
        if let Some(why) = why {
            value = Some(match value {
                Some(summary) => format!("{summary}\n\n---\n\n{why}"),
                None => why,
            });
        }
        Ok(value.map(|value| Hover {
            contents: markdown(value),
            range: Some(index.range(start, start + word.len())),
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let Some((path, text, _, good)) = self.lookup(&position.text_document.uri) else {
            return Ok(None);
        };
        let offset = LineIndex::new(&text).offset(position.position);
        let (_, word) = word_at(&text, offset);
        let file = path.to_string_lossy();
        if let Some(id) = navigation::object_at(&good, &file, offset, word) {
            let model = good.model.as_ref().expect("object_at found a model");
            return Ok(navigation::location(&good, model.object(id).id_span)
                .map(GotoDefinitionResponse::Scalar));
        }
        if let Some(t) = good.library.threat(word) {
            return Ok(navigation::location(&good, t.id_span).map(GotoDefinitionResponse::Scalar));
        }
        Ok(None)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = params.text_document_position;
        let Some((path, text, _, good)) = self.lookup(&position.text_document.uri) else {
            return Ok(None);
        };
        let offset = LineIndex::new(&text).offset(position.position);
        let (_, word) = word_at(&text, offset);
        let Some(id) = navigation::object_at(&good, &path.to_string_lossy(), offset, word) else {
            return Ok(None);
        };
        let model = good.model.as_ref().expect("object_at found a model");
        Ok(Some(navigation::references(
            &good,
            model,
            id,
            params.context.include_declaration,
        )))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let position = params.text_document_position;
        let Some((path, text, latest, good)) = self.lookup(&position.text_document.uri) else {
            return Ok(None);
        };
        if latest.model.is_none() {
            return Err(Error::invalid_request());
        }
        let offset = LineIndex::new(&text).offset(position.position);
        let (_, word) = word_at(&text, offset);
        let Some(id) = navigation::object_at(&good, &path.to_string_lossy(), offset, word) else {
            return Ok(None);
        };
        let model = good.model.as_ref().expect("object_at found a model");
        match navigation::rename(&good, model, id, &params.new_name) {
            Ok(changes) => Ok(Some(WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            })),
            Err(reason) => Err(Error::invalid_params(reason)),
        }
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(path) = path_of(&params.text_document.uri) else {
            return Ok(None);
        };
        let Some(text) = self.state().docs.text(&path).map(str::to_string) else {
            return Ok(None);
        };
        // A file that does not parse is left alone; its diagnostics say why.
        let Ok(formatted) = tmc_compiler::format::format(&text) else {
            return Ok(None);
        };
        if formatted == text {
            return Ok(Some(Vec::new()));
        }
        let index = LineIndex::new(&text);
        Ok(Some(vec![TextEdit::new(
            index.range(0, text.len()),
            formatted,
        )]))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some((path, text, _, good)) = self.lookup(&params.text_document.uri) else {
            return Ok(None);
        };
        let Some(model) = &good.model else {
            return Ok(None);
        };
        let file = path.to_string_lossy();
        // The spans are in the text that compiled, which may be older than
        // the editor's.
        let compiled = (0..good.sources.len()).find(|&f| good.sources.name(f) == file);
        let index = LineIndex::new(compiled.map_or(text.as_str(), |f| good.sources.text(f)));
        #[allow(deprecated)]
        let symbols = model
            .objects
            .iter()
            .filter(|o| good.sources.name(o.span.file) == file)
            .map(|o| SymbolInformation {
                name: o.id.clone(),
                kind: navigation::symbol_kind(o.role),
                tags: None,
                deprecated: None,
                location: Location::new(
                    params.text_document.uri.clone(),
                    index.range(o.span.start, o.span.end),
                ),
                container_name: o.boundary.map(|b| model.object(b).id.clone()),
            })
            .collect();
        Ok(Some(DocumentSymbolResponse::Flat(symbols)))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        let query = params.query.to_lowercase();
        let compilations: Vec<Arc<Compilation>> = self.state().good.values().cloned().collect();
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for c in compilations {
            let Some(model) = &c.model else { continue };
            for o in &model.objects {
                let matches =
                    o.id.to_lowercase().contains(&query) || o.name.to_lowercase().contains(&query);
                if !matches || !seen.insert((c.sources.name(o.span.file).to_string(), o.id.clone()))
                {
                    continue;
                }
                #[allow(deprecated)]
                if let Some(location) = navigation::location(&c, o.span) {
                    out.push(SymbolInformation {
                        name: o.id.clone(),
                        kind: navigation::symbol_kind(o.role),
                        tags: None,
                        deprecated: None,
                        location,
                        container_name: Some(o.name.clone()),
                    });
                }
            }
        }
        Ok(Some(out))
    }
}
