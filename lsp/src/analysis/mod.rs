//! The language server's analysis, in-process and synchronous: an
//! [`Engine`] holds the open documents and the latest compilations of
//! their roots; a change is applied, a compile is run (here, or by the
//! server on a thread of its own through [`Job`]), and every feature is a
//! plain call: `hover(path, position)`, `complete`, `definition`,
//! `references`, `rename`, `format`, `diagnostics`, `document_symbols`,
//! `workspace_symbols`, `code_actions`, `code_lenses`, `folding_ranges`,
//! `document_links`, `inlay_hints`, `semantic_tokens`, `signature_help`.
//! No protocol, no runtime: `crate::server` speaks
//! LSP over it.
//!
//! Positions are the editor's (line, UTF-16 column), not byte offsets:
//! they are what every question arrives with and every answer goes back
//! as, and an answer may point into a file the editor does not have open
//! or into the text a compile read, older than the buffer: only the
//! engine holds that text, so only it can turn a byte span into lines and
//! columns correctly.
//!
//! Requests are answered from the latest compilation of the document's
//! root, or from the last one that produced a model while the text does
//! not compile. The server makes a request wait for the compile of the
//! text last sent before it asks (`crate::server`); what reads the text
//! itself (completion's context, formatting) reads the buffer as it is.

mod answers;
mod compile;
mod completion;
mod context;
mod diagram;
mod documents;
mod fixes;
mod folding;
mod hover;
mod inlay;
mod lens;
mod lines;
mod links;
mod navigation;
mod remedies;
mod semantic;
mod signature;
mod triage;
pub mod workspace;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tmc_compiler::parses::Parses;
use tmc_compiler::triage::Date;
use tmc_compiler::{Cancel, Compilation, Options};
use tmc_syntax::syntax::tokens::{TokenKind, Tokens};

pub use answers::*;
use documents::Documents;
pub use documents::Edit;
use lines::LineIndex;

/// A change to the documents the editor has open.
#[derive(Clone, Debug)]
pub enum Change {
    /// A document opened with its text (a version from before is
    /// forgotten).
    Open {
        path: PathBuf,
        text: String,
        version: i32,
    },
    /// Changes to the text of an open document, in order (each a range
    /// replaced, or the whole text), making it `version`.
    Edit {
        path: PathBuf,
        edits: Vec<Edit>,
        version: i32,
    },
    /// A document closed: the disk speaks for it again.
    Close { path: PathBuf },
}

/// The open documents and the compilations of their roots.
#[derive(Default)]
pub struct Engine {
    docs: Documents,
    /// The latest compilation of each root file.
    latest: HashMap<PathBuf, Arc<Compilation>>,
    /// The latest compilation of each root that produced a model.
    good: HashMap<PathBuf, Arc<Compilation>>,
    /// The root each document is compiled under.
    root_of: HashMap<PathBuf, PathBuf>,
    /// The user files the latest compilation of each root read (kept for
    /// roots whose compilations are dropped too: a file changed on disk
    /// recompiles the roots that read it).
    reads: HashMap<PathBuf, BTreeSet<PathBuf>>,
    options: Options,
    hide_findings: bool,
    /// How many findings of one element are diagnostics of their own
    /// (`None`: [`FINDINGS_PER_ELEMENT`]).
    per_element: Option<usize>,
    /// The parses each compile leaves for the next: an edit's file is
    /// parsed again only where it changed.
    parses: Parses,
}

/// How many findings of one element are diagnostics of their own unless
/// set otherwise (`maxFindingsPerElement`); the rest are summed up in one
/// diagnostic and explained on hover. Three: the worst few are what to act
/// on first, an element may have twenty or more (28 on average in the
/// latency bench's own model, lsp/benches/latency.rs), and four diagnostics
/// per element at most keep the problems list readable and a publish
/// small.
pub const FINDINGS_PER_ELEMENT: usize = 3;

/// A compile to run: a snapshot of the documents, taken by
/// [`Engine::job`]; it runs anywhere, without the engine.
pub struct Job {
    root: PathBuf,
    docs: Documents,
    options: Options,
    /// At most this many findings per element as diagnostics; none when
    /// findings are hidden.
    findings: Option<usize>,
}

/// A compile that ran, to hand to [`Engine::accept`].
pub struct Compiled {
    root: PathBuf,
    docs: Documents,
    compilation: Compilation,
    /// The diagnostics of every file the compile read (empty for a clean
    /// file, none at all when cancelled).
    pub diagnostics: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// How long each phase took: the compiler's, then `diagnostics`.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Job {
    /// The token that stops this compile early.
    pub fn cancel(&self) -> Cancel {
        self.options.cancel.clone()
    }

    /// Compiles the root over the documents as they were.
    pub fn run(self) -> Compiled {
        let compilation = compile::compile(&self.root, &self.docs, &self.options);
        let start = Instant::now();
        let diagnostics = match compilation.cancelled {
            true => BTreeMap::new(),
            false => compile::diagnostics(&compilation, &self.root, self.findings),
        };
        let mut timings = compilation.timings.clone();
        timings.push(("diagnostics", start.elapsed()));
        Compiled {
            root: self.root,
            docs: self.docs,
            compilation,
            diagnostics,
            timings,
        }
    }
}

impl Compiled {
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn cancelled(&self) -> bool {
        self.compilation.cancelled
    }

    /// The editor's version of `path` when the compile read it.
    pub fn version(&self, path: &Path) -> Option<i32> {
        self.docs.version(path)
    }
}

impl Engine {
    pub fn new(options: Options) -> Engine {
        Engine {
            options,
            ..Engine::default()
        }
    }

    /// Whether findings are diagnostics (and explained on hover).
    pub fn set_show_findings(&mut self, show: bool) {
        self.hide_findings = !show;
    }

    /// How many findings of one element are diagnostics of their own; the
    /// rest are summed up in one.
    pub fn set_findings_per_element(&mut self, n: usize) {
        self.per_element = Some(n);
    }

    /// How many findings per element are diagnostics, `None` when findings
    /// are not shown.
    pub fn findings_shown(&self) -> Option<usize> {
        (!self.hide_findings).then(|| self.per_element.unwrap_or(FINDINGS_PER_ELEMENT))
    }

    /// The day triages expire against (`None`: the day of each compile).
    pub fn set_today(&mut self, today: Option<Date>) {
        self.options.today = today;
    }

    /// Whether imports may leave the root file's folder.
    pub fn set_allow_outside_imports(&mut self, allow: bool) {
        self.options.allow_outside_imports = allow;
    }

    /// Applies a change; returns whether it was taken (an edit older than
    /// the text held is not).
    pub fn apply(&mut self, change: Change) -> bool {
        match change {
            Change::Open {
                path,
                text,
                version,
            } => {
                self.docs.close(&path);
                self.docs.open(path, text, version)
            }
            Change::Edit {
                path,
                edits,
                version,
            } => self.docs.edit(&path, edits, version),
            Change::Close { path } => {
                self.docs.close(&path);
                true
            }
        }
    }

    /// The open documents.
    pub fn open_paths(&self) -> Vec<PathBuf> {
        self.docs.paths().cloned().collect()
    }

    /// The root file `path` is compiled under from now on: itself when it
    /// declares the model, else a file that imports it.
    pub fn track(&mut self, path: &Path) -> PathBuf {
        let root = compile::root_for(path, &self.docs);
        self.root_of.insert(path.to_path_buf(), root.clone());
        root
    }

    /// Whether a document other than `path` is open and compiled under
    /// `root`: one whose findings and names a compile of `root` changes.
    pub fn others_open(&self, root: &Path, path: &Path) -> bool {
        self.docs
            .paths()
            .any(|p| p != path && self.root_of(p) == Some(root))
    }

    /// The root file `path` was last tracked under, if it was.
    pub fn root_of(&self, path: &Path) -> Option<&Path> {
        self.root_of.get(path).map(PathBuf::as_path)
    }

    /// A compile of `root` over the documents as they are now, with a
    /// cancel token of its own.
    pub fn job(&self, root: &Path) -> Job {
        Job {
            root: root.to_path_buf(),
            docs: self.docs.clone(),
            options: Options {
                cancel: Cancel::default(),
                // Asked at each compile: a server left running past
                // midnight expires triages on the new day.
                today: self.options.today.or_else(|| Some(Date::today())),
                parses: Some(self.parses.clone()),
                ..self.options.clone()
            },
            findings: self.findings_shown(),
        }
    }

    /// Keeps a compilation to answer from (a cancelled one is dropped);
    /// returns what it replaces, for the caller to free where it likes.
    pub fn accept(&mut self, compiled: Compiled) -> Vec<Arc<Compilation>> {
        if compiled.cancelled() {
            return Vec::new();
        }
        let c = Arc::new(compiled.compilation);
        let read = (c.sources.ids())
            .filter(|&f| !c.sources.is_embedded(f))
            .map(|f| PathBuf::from(c.sources.name(f)));
        self.reads.insert(compiled.root.clone(), read.collect());
        let mut replaced = Vec::new();
        if c.model.is_some() {
            replaced.extend(self.good.insert(compiled.root.clone(), c.clone()));
        }
        replaced.extend(self.latest.insert(compiled.root, c));
        replaced
    }

    /// Whether the editor has `path` open.
    pub fn is_open(&self, path: &Path) -> bool {
        self.docs.text(path).is_some()
    }

    /// The roots compiled so far (open or not), in order.
    pub fn roots(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = self.reads.keys().cloned().collect();
        roots.sort();
        roots
    }

    /// The roots whose latest compilation read `path`, in order.
    pub fn roots_reading(&self, path: &Path) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = (self.reads.iter())
            .filter(|(_, read)| read.contains(path))
            .map(|(root, _)| root.clone())
            .collect();
        roots.sort();
        roots
    }

    /// The roots whose latest compilation read a file under the folder
    /// `dir`, in order.
    pub fn roots_reading_under(&self, dir: &Path) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = (self.reads.iter())
            .filter(|(_, read)| read.iter().any(|p| p.starts_with(dir)))
            .map(|(root, _)| root.clone())
            .collect();
        roots.sort();
        roots
    }

    /// Whether an open document is compiled under `root`.
    pub fn has_open(&self, root: &Path) -> bool {
        self.docs
            .paths()
            .any(|p| self.root_of.get(p).is_some_and(|r| r == root))
    }

    /// Drops the compilations of `root` when no open document is compiled
    /// under it (a root compiled for workspace diagnostics only): its
    /// diagnostics are published, and what it read is remembered, but no
    /// request asks about it, and a model's compilation is large (tens of
    /// MB at a thousand elements). Returns what was dropped, for the
    /// caller to free where it likes.
    pub fn release_unopened(&mut self, root: &Path) -> Vec<Arc<Compilation>> {
        if self.has_open(root) {
            return Vec::new();
        }
        let docs = &self.docs;
        self.root_of
            .retain(|p, r| r != root || docs.text(p).is_some());
        self.latest
            .remove(root)
            .into_iter()
            .chain(self.good.remove(root))
            .collect()
    }

    /// Forgets everything about `root` (its file is gone); returns its
    /// compilations, for the caller to free.
    pub fn drop_root(&mut self, root: &Path) -> Vec<Arc<Compilation>> {
        self.reads.remove(root);
        self.root_of.retain(|_, r| r != root);
        self.latest
            .remove(root)
            .into_iter()
            .chain(self.good.remove(root))
            .collect()
    }

    /// Compiles the root of `path` here and now and keeps the result;
    /// returns the diagnostics by file.
    pub fn compile(&mut self, path: &Path) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
        let root = self.track(path);
        let mut compiled = self.job(&root).run();
        let diagnostics = std::mem::take(&mut compiled.diagnostics);
        self.accept(compiled);
        diagnostics
    }

    /// Drops what is kept for `path` once it is closed (unless it was
    /// opened again), and the compilations of its root once no open
    /// document is compiled under it.
    pub fn forget(&mut self, path: &Path) {
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

    /// The diagnostics of `path` in the latest compilation of its root,
    /// worked out afresh (the server publishes those a `Job` gives
    /// instead, for every file at once).
    pub fn diagnostics(&self, path: &Path) -> Vec<Diagnostic> {
        let Some(root) = self.root_of.get(path) else {
            return Vec::new();
        };
        let Some(c) = self.latest.get(root) else {
            return Vec::new();
        };
        compile::diagnostics(c, root, self.findings_shown())
            .remove(path)
            .unwrap_or_default()
    }

    /// What may be written at `at`.
    pub fn complete(&self, path: &Path, at: Position) -> Option<Vec<Completion>> {
        let doc = self.lookup(path)?;
        let offset = LineIndex::new(doc.text).offset(at);
        let (before, after) = doc.text.split_at(offset);
        let is_kind = |k: &str| doc.latest.schema.kind(k).is_some();
        let ctx = context::at(before, &is_kind);
        Some(completion::complete(&ctx, doc.good, starts_member(after)))
    }

    /// The data-flow diagram of the model `path` belongs to, from its last
    /// good compilation (as hover answers).
    pub fn diagram(&self, path: &Path) -> Option<Diagram> {
        diagram::diagram(self.lookup(path)?.good)
    }

    /// The docs of the word at `at`, and on a declaration with findings,
    /// why they fired.
    pub fn hover(&self, path: &Path, at: Position) -> Option<Hover> {
        let doc = self.lookup(path)?;
        let index = LineIndex::new(doc.text);
        let offset = index.offset(at);
        let (start, word) = word_at(doc.text, offset);
        if word.is_empty() {
            return None;
        }
        let before = &doc.text[..start + word.len()];
        let mut value = hover::hover(doc.good, before, word);
        // On a finding's diagnostic: why it fired, after the element's own
        // summary.
        let why = (!self.hide_findings)
            .then(|| hover::findings_at(doc.good, &path.to_string_lossy(), offset))
            .flatten();
        if let Some(why) = why {
            value = Some(match value {
                Some(summary) => format!("{summary}\n\n---\n\n{why}"),
                None => why,
            });
        }
        Some(Hover {
            markdown: value?,
            range: index.range(start, start + word.len()),
        })
    }

    /// Where the object or threat at `at` is declared.
    pub fn definition(&self, path: &Path, at: Position) -> Option<Location> {
        let (doc, offset, word) = self.word(path, at)?;
        let good = doc.good;
        if let Some(id) = navigation::object_at(good, &path.to_string_lossy(), offset, word) {
            let model = good.model.as_ref()?;
            return navigation::location(good, model.object(id).id_span);
        }
        let threat = good.library.threat(word)?;
        navigation::location(good, threat.id_span)
    }

    /// Every reference to the object at `at`, its declaration first when
    /// asked for.
    pub fn references(
        &self,
        path: &Path,
        at: Position,
        with_declaration: bool,
    ) -> Option<Vec<Location>> {
        let (doc, offset, word) = self.word(path, at)?;
        let id = navigation::object_at(doc.good, &path.to_string_lossy(), offset, word)?;
        let model = doc.good.model.as_ref()?;
        Some(navigation::references(
            doc.good,
            model,
            id,
            with_declaration,
        ))
    }

    /// The edits renaming the object at `at` everywhere; `Ok(None)` when
    /// there is no object there.
    pub fn rename(
        &self,
        path: &Path,
        at: Position,
        new_name: &str,
    ) -> Result<Option<Edits>, RenameError> {
        let Some((doc, offset, word)) = self.word(path, at) else {
            return Ok(None);
        };
        if !whole(doc.latest) {
            return Err(RenameError::DoesNotCompile);
        }
        let Some(id) = navigation::object_at(doc.good, &path.to_string_lossy(), offset, word)
        else {
            return Ok(None);
        };
        let Some(model) = doc.good.model.as_ref() else {
            return Ok(None);
        };
        navigation::rename(doc.good, model, id, new_name)
            .map(Some)
            .map_err(RenameError::Refused)
    }

    /// The edits that give an open document the canonical layout (none
    /// when it has it); `None` when it does not parse: its diagnostics say
    /// why.
    pub fn format(&self, path: &Path) -> Option<Vec<TextEdit>> {
        let text = self.docs.text(path)?;
        let formatted = tmc_syntax::format::format(text).ok()?;
        if formatted == text {
            return Some(Vec::new());
        }
        let range = LineIndex::new(text).range(0, text.len());
        Some(vec![TextEdit {
            range,
            new_text: formatted,
        }])
    }

    /// The quick fixes at `range` of `path`: the names did-you-mean notes
    /// suggest (from the latest compilation, while the text is the one
    /// compiled); and for the findings on the declarations whose
    /// identifier `range` meets: set a control the threat's mitigation
    /// names, add an assumption that rules it out, triage each as accepted,
    /// mitigated, a false positive or needing investigation, decided today.
    /// Each edit is the compiler's (`tmc_compiler::triage::record`), in the
    /// file it belongs to; none while an edited file differs from the text
    /// compiled.
    pub fn code_actions(&self, path: &Path, range: Range) -> Vec<CodeAction> {
        let Some(doc) = self.lookup(path) else {
            return Vec::new();
        };
        let index = LineIndex::new(doc.text);
        let span = (index.offset(range.start), index.offset(range.end));
        let today = self.options.today.unwrap_or_else(Date::today);
        let open = |name: &str| self.docs.text(Path::new(name)).map(str::to_string);
        let file = path.to_string_lossy();
        let mut out = fixes::actions(doc.latest, &file, doc.text, span);
        out.extend(remedies::actions(doc.good, &file, doc.text, span));
        out.extend(triage::actions(doc.good, &file, span, today, &open));
        out
    }

    /// Above each declaration of `path` with findings: how many are open,
    /// the worst of them, and how many are closed; none while findings are
    /// hidden.
    pub fn code_lenses(&self, path: &Path) -> Vec<Lens> {
        match self.lookup(path) {
            Some(doc) if !self.hide_findings => lens::lenses(doc.good, &path.to_string_lossy()),
            _ => Vec::new(),
        }
    }

    /// The blocks, multi-line strings and comment runs of `path` that may
    /// be folded, from its text as it is now.
    pub fn folding_ranges(&self, path: &Path) -> Option<Vec<Fold>> {
        Some(folding::folds(self.docs.text(path)?))
    }

    /// The files `path` names: its imports, and its elements' `sourceFiles`
    /// that exist.
    pub fn document_links(&self, path: &Path) -> Option<Vec<Link>> {
        let text = self.docs.text(path)?;
        let exists = |p: &Path| self.docs.text(p).is_some() || p.is_file();
        Some(links::links(path, text, &exists))
    }

    /// The values the declarations of `path` within `range` get from
    /// elsewhere, shown where the model did not write them.
    pub fn inlay_hints(&self, path: &Path, range: Range) -> Vec<Hint> {
        match self.lookup(path) {
            Some(doc) => inlay::hints(doc.good, &path.to_string_lossy(), doc.text, range),
            None => Vec::new(),
        }
    }

    /// What each name of `path` is (semantic tokens), on the lines of
    /// `range` or in the whole file: the words of its text as it is now,
    /// with the names of the last good compilation.
    pub fn semantic_tokens(&self, path: &Path, range: Option<Range>) -> Option<Vec<SemanticToken>> {
        let doc = self.lookup(path)?;
        let file = path.to_string_lossy();
        Some(semantic::tokens_of(doc.good, &file, doc.text, range))
    }

    /// The signature of the predicate (or `count`) whose call's
    /// parentheses hold `at`, and the parameter `at` is at.
    pub fn signature_help(&self, path: &Path, at: Position) -> Option<Signature> {
        let doc = self.lookup(path)?;
        let offset = LineIndex::new(doc.text).offset(at);
        signature::at(doc.good, doc.text, offset)
    }

    /// The objects declared in `path`, in the order of the model.
    pub fn document_symbols(&self, path: &Path) -> Option<Vec<Symbol>> {
        let doc = self.lookup(path)?;
        let good = doc.good;
        let model = good.model.as_ref()?;
        let file = path.to_string_lossy();
        // The spans are in the text that compiled, which may be older than
        // the editor's.
        let compiled = good.sources.ids().find(|&f| good.sources.name(f) == file);
        let index = LineIndex::new(compiled.map_or(doc.text, |f| good.sources.text(f)));
        let symbols = model
            .objects
            .iter()
            .filter(|o| good.sources.name(o.span.file) == file)
            .map(|o| Symbol {
                name: o.id.clone(),
                kind: navigation::symbol_kind(o.role),
                location: Location {
                    path: path.to_path_buf(),
                    range: index.range(o.span.start, o.span.end),
                },
                container: o.boundary.map(|b| model.object(b).id.clone()),
            })
            .collect();
        Some(symbols)
    }

    /// The objects of every compiled model whose identifier or name
    /// contains `query` (in any case), each once.
    pub fn workspace_symbols(&self, query: &str) -> Vec<Symbol> {
        let query = query.to_lowercase();
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for c in self.good.values() {
            let Some(model) = &c.model else { continue };
            for o in &model.objects {
                let matches =
                    o.id.to_lowercase().contains(&query) || o.name.to_lowercase().contains(&query);
                if !matches || !seen.insert((c.sources.name(o.span.file).to_string(), o.id.clone()))
                {
                    continue;
                }
                if let Some(location) = navigation::location(c, o.span) {
                    out.push(Symbol {
                        name: o.id.clone(),
                        kind: navigation::symbol_kind(o.role),
                        location,
                        container: Some(o.name.clone()),
                    });
                }
            }
        }
        out
    }

    /// An open document, the byte offset of `at` in it and the word
    /// there.
    fn word(&self, path: &Path, at: Position) -> Option<(Doc<'_>, usize, &str)> {
        let doc = self.lookup(path)?;
        let offset = LineIndex::new(doc.text).offset(at);
        let (_, word) = word_at(doc.text, offset);
        Some((doc, offset, word))
    }

    /// An open document, with the compilations to answer about it from.
    fn lookup(&self, path: &Path) -> Option<Doc<'_>> {
        let text = self.docs.text(path)?;
        let root = self.root_of.get(path)?;
        let latest = self.latest.get(root)?;
        let good = self.good.get(root).unwrap_or(latest);
        Some(Doc { text, latest, good })
    }
}

/// An open document's text, its root's latest compilation and the latest
/// one with a model.
struct Doc<'a> {
    text: &'a str,
    latest: &'a Compilation,
    good: &'a Compilation,
}

/// Whether a compilation's model holds every declaration of the text: it
/// has one, and no declaration was dropped for a syntax error (the parser
/// goes on after one, so a model comes out without what did not parse,
/// and a rename would miss the references there).
fn whole(c: &Compilation) -> bool {
    c.model.is_some() && c.skipped == 0
}

/// The name at `offset` (touching it on either side), read from the
/// compiler's tokens from the start of its line: a name, or a word in a
/// string (a threat id); nothing (an empty word) in a comment or between
/// names.
/// Whether the text `after` the cursor leaves the member being written
/// bare: the rest of its word is not followed (on the same line) by `=`,
/// `{`, `.` or `:`, as in an existing `name = value`.
fn starts_member(after: &str) -> bool {
    let rest = after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
    let rest = rest.trim_start_matches([' ', '\t']);
    !rest.starts_with(['=', '{', '.', ':'])
}

fn word_at(text: &str, offset: usize) -> (usize, &str) {
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    for token in Tokens::from(text, line_start) {
        if token.start > offset {
            break;
        }
        if token.end >= offset && token.kind == TokenKind::Word {
            return (token.start, token.text(text));
        }
        if token.end > offset {
            if matches!(token.kind, TokenKind::String | TokenKind::OpenString) {
                return word_in(text, token.start..token.end, offset);
            }
            break;
        }
    }
    (offset, "")
}

/// The letters, digits and `_` around `offset` within `range`.
fn word_in(text: &str, range: std::ops::Range<usize>, offset: usize) -> (usize, &str) {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let start = text[range.start..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| range.start + i);
    let end = text[offset..range.end]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(range.end, |(i, _)| offset + i);
    (start, &text[start..end])
}

#[cfg(test)]
mod member_tests {
    use super::starts_member;

    #[test]
    fn a_member_is_new_unless_a_value_or_block_follows_the_word() {
        assert!(starts_member(""));
        assert!(starts_member("\n  OS = \"Linux\""));
        assert!(starts_member("Hard\n}"));
        assert!(starts_member(" }"));
        assert!(!starts_member("isHardened = true }"));
        assert!(!starts_member("Hardened=true"));
        assert!(!starts_member("trols {"));
        assert!(!starts_member("trols.isHardened = true"));
    }
}
