//! tmc-compiler: threat models written in `.tm` files, compiled.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! loader (files, imports, the built-in libraries) -> syntax (pest parse ->
//! AST) -> schema (kinds, records, enums from stdlib/*.tm) -> resolve
//! (identifiers, flow ends) -> check (attributes typed, defaults,
//! boundaries) -> derive (responses, inherited values, trust zones) ->
//! model (petgraph graph) -> rules (threats checked, refinements resolved)
//! -> findings (conditions run, rated by `rating`)
//! ```
//!
//! `compile` is the one entry point; the `tmc` CLI and the language server
//! are thin front ends over it, and the outputs (`tmc-output`,
//! `tmc-diagram`) and the importer (`tmc-import`) crates above it.
//! Problems are `Diagnostic` values with spans, never panics.
//!
//! The public surface, all at this root or in the modules named here:
//!
//! - entry: `compile`, `compile_with` (files read through a `FileSystem`:
//!   `RealFs`, `OneFile`) and `stdlib_schema`, with `Options`
//!   (`ThreatSources`, `Builtin`, `Cancel`); `embedded`, the files built
//!   into the binary;
//! - result: `Compilation`, holding `Sources`, `Schema`, `Model`,
//!   `Library`, `Finding`s and `Diagnostic`s (`Severity`, `Span`,
//!   `FileId`);
//! - the read API of those results: `model` (with `model::known`, the
//!   attributes the compiler reads), `schema`, `rules`, `findings`,
//!   `category`;
//! - questions asked of a compilation: `explain`, `describe`, `ruletest`,
//!   `gate`, `stale`;
//! - risk tracking: `triage` (statuses, decisions, dates).
//!
//! Everything else (the stages, the loader, the stdlib's files, hashing,
//! hints) is private to the crate. The text layer (sources, diagnostics,
//! tokens, the formatter, terminal escapes) is tmc-syntax's: a front that
//! needs it depends on tmc-syntax itself.

pub(crate) mod cancel;
pub(crate) mod cascade;
pub mod category;
pub(crate) mod check;
pub(crate) mod cycles;
pub(crate) mod derive;
pub mod describe;
pub mod explain;
pub(crate) mod files;
pub mod findings;
pub mod gate;
pub(crate) mod graph;
pub(crate) mod hash;
pub(crate) mod loader;
pub mod model;
pub mod parses;
pub mod paths;
pub(crate) mod project;
pub(crate) mod rating;
pub(crate) mod resolve;
pub mod rules;
pub mod ruletest;
pub mod schema;
pub mod stale;
pub(crate) mod stdlib;
pub(crate) mod suggest;
pub mod triage;
pub(crate) mod typeck;

// The text layer (tmc-syntax), under the names the compiler's modules have
// always used; the fronts that need it depend on tmc-syntax themselves.
pub(crate) use tmc_syntax::{diagnostic, escape, source, syntax};

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use cancel::Cancel;
pub use diagnostic::{Diagnostic, Severity};
pub use files::{FileSystem, OneFile, RealFs};
pub use findings::Finding;
pub use loader::ThreatSources;
pub use model::Model;
pub use rules::Library;
pub use schema::Schema;
pub use source::{FileId, Sources, Span};
pub use stdlib::{embedded, pytm_rank, Builtin};

/// How to compile: which threat rules to use and which threats to drop.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub threats: ThreatSources,
    /// Threat ids left out of the findings (`--exclude`).
    pub exclude: Vec<String>,
    /// Let imports (and `threatsFile`) read files outside the folder of the
    /// root file (`--allow-outside-imports`); refused by default.
    pub allow_outside_imports: bool,
    /// Stops the compilation early when cancelled (the language server's
    /// stale compiles); the command line never cancels.
    pub cancel: Cancel,
    /// The day the findings are for: triages whose review date is before
    /// it count as open again (`--today`, else the front's clock). Without
    /// one, no triage expires.
    pub today: Option<triage::Date>,
    /// The parses kept from the last compilation, to reparse files where
    /// they changed (the language server's); `None`: every file is parsed
    /// whole and nothing is kept.
    pub parses: Option<parses::Parses>,
}

/// The result of compiling a set of root files.
pub struct Compilation {
    /// Every file read, the stdlib's included, for rendering diagnostics.
    pub sources: Sources,
    /// The schema the model was checked against.
    pub schema: Schema,
    /// The model, when the input had a `model` header and parsed. When
    /// `diagnostics` holds errors the model may lack what was wrong, so
    /// front ends that need a sound model check `has_errors` first.
    pub model: Option<Model>,
    /// The predicates and threats of the stdlib, the threat library and
    /// the model's own files.
    pub library: Library,
    /// The findings, when the model and the rules compiled without errors.
    pub findings: Option<Vec<Finding>>,
    /// Every problem found, ordered by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many of the root files could not be read at all.
    pub unreadable_roots: usize,
    /// How long each phase took, in the order they ran (`tmc --timings`).
    pub timings: Vec<(&'static str, Duration)>,
    /// How many threat conditions the rules tested (0 without findings).
    pub conditions_tested: usize,
    /// The compilation was cancelled (`Options::cancel`) and stopped part
    /// way: nothing in it is to be used.
    pub cancelled: bool,
    /// How many declarations were skipped for syntax errors: when any
    /// were, `model` lacks what they declare.
    pub skipped: usize,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles the given root files (and what they import) read through `fs`.
/// With no roots, only the stdlib and the threat rules are compiled (for
/// `tmc list-threats`).
pub fn compile_with(roots: &[PathBuf], options: &Options, fs: &dyn FileSystem) -> Compilation {
    let mut diagnostics = Vec::new();
    let mut clock = Clock::start();
    let cancel = &options.cancel;
    let mut loaded = loader::load(roots, options, fs, &mut diagnostics);
    clock.lap("read and parse");
    if cancel.is_cancelled() {
        return cancelled(loaded.sources, diagnostics, clock);
    }
    let parsed_all = loaded.files.iter().all(|(_, tree)| tree.is_some());
    let broken = cascade::Broken::of(loaded.files.iter().filter_map(|(_, t)| t.as_deref()));
    check_rule_files(&loaded, &mut diagnostics);
    // Name resolution owns the model's declarations from here on; the
    // schema and the rules read what stays in the trees.
    let declarations =
        resolve::take_declarations(loaded.files.iter_mut().filter_map(|(_, t)| t.as_mut()));
    let trees: Vec<&syntax::ast::File> = loaded
        .files
        .iter()
        .filter_map(|(_, t)| t.as_deref())
        .collect();
    let schema = schema::build(&trees, &mut diagnostics);
    clock.lap("schema");
    // A file the input limits refused declares nothing that is known, and
    // every reference to its names would be a misleading error: stop here.
    // After syntax errors, the declarations that parsed are checked, and
    // what only follows from the broken ones is dropped (`cascade`).
    let mut model = None;
    let mut library = Library::default();
    if parsed_all && loaded.unreadable_roots == 0 && !cancel.is_cancelled() {
        if !roots.is_empty() {
            let resolved = resolve::resolve(&schema, declarations, &mut diagnostics);
            if cancel.is_cancelled() {
                return cancelled(loaded.sources, diagnostics, clock);
            }
            model = check::check(
                &schema,
                resolved,
                loaded.layers.active,
                cancel,
                &mut diagnostics,
            );
            clock.lap("resolve and check");
        }
        if cancel.is_cancelled() {
            return cancelled(loaded.sources, diagnostics, clock);
        }
        let objects: &dyn typeck::Objects = match &model {
            Some(m) => m,
            None => &typeck::NoObjects,
        };
        library = rules::build(
            &schema,
            &trees,
            &loaded.layers,
            objects,
            &loaded.sources,
            &mut diagnostics,
        );
        clock.lap("compile rules");
    }
    broken.drop_cascades(&loaded.sources, &mut diagnostics);
    let skipped = broken.count;
    // Nothing reads the syntax trees from here on: free them before the
    // findings are made.
    drop(trees);
    let (sources, unreadable_roots) = (loaded.sources, loaded.unreadable_roots);
    drop(loaded.files);
    let analysis = match &model {
        Some(m) if !cancel.is_cancelled() && !diagnostics.iter().any(Diagnostic::is_error) => {
            let mut analysis = findings::analyze(
                m,
                &library,
                rating::Scales::of(&schema).as_ref(),
                &options.exclude,
                cancel,
                &mut diagnostics,
            );
            clock.lap("evaluate rules");
            let model_excludes = findings::model_excludes(m);
            let excluded = options.exclude.iter().chain(&model_excludes);
            triage::apply(
                m,
                &schema,
                &library,
                &mut analysis.findings,
                options.today,
                &excluded.map(String::as_str).collect(),
                &mut diagnostics,
            );
            clock.lap("triage");
            Some(analysis)
        }
        _ => None,
    };
    // A phase cut short leaves a partial result: cancelled at any point
    // means cancelled.
    if cancel.is_cancelled() {
        return cancelled(sources, diagnostics, clock);
    }
    let conditions_tested = analysis.as_ref().map_or(0, |a| a.conditions);
    let findings = analysis.map(|a| a.findings);
    diagnostic::sort(&mut diagnostics);
    Compilation {
        sources,
        schema,
        model,
        library,
        findings,
        diagnostics,
        unreadable_roots,
        timings: clock.laps,
        conditions_tested,
        cancelled: false,
        skipped,
    }
}

/// What a cancelled compilation returns: the files read, the problems
/// found and the phases run so far, nothing else.
fn cancelled(sources: Sources, diagnostics: Vec<Diagnostic>, clock: Clock) -> Compilation {
    Compilation {
        sources,
        schema: Schema::default(),
        model: None,
        library: Library::default(),
        findings: None,
        diagnostics,
        unreadable_roots: 0,
        timings: clock.laps,
        conditions_tested: 0,
        cancelled: true,
        skipped: 0,
    }
}

/// The model `text` as one file, `m.tm`, compiled with the default
/// options; it must compile without errors (unit tests).
#[cfg(test)]
pub(crate) fn compile_clean(text: &str) -> (Compilation, Model) {
    let mut c = compile_with(
        &[PathBuf::from("m.tm")],
        &Options::default(),
        &OneFile(text),
    );
    assert!(!c.has_errors(), "{:?}", c.diagnostics);
    let model = c.model.take().expect("a model");
    (c, model)
}

/// Measures the phases of a compilation one after the other.
struct Clock {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Records the time since the previous lap under `phase`.
    fn lap(&mut self, phase: &'static str) {
        let now = Instant::now();
        self.laps.push((phase, now - self.last));
        self.last = now;
    }
}

/// A threat library declares threats, predicates and schema; a model
/// declaration in one would silently join every model it is used with.
fn check_rule_files(loaded: &loader::Loaded, diagnostics: &mut Vec<Diagnostic>) {
    use syntax::ast::Item;
    for (file, tree) in &loaded.files {
        let Some(tree) = tree.as_ref().filter(|_| loaded.rule_files.contains(file)) else {
            continue;
        };
        for item in &tree.items {
            let span = match item {
                Item::Model(m) => m.span,
                Item::Boundary(b) => b.span,
                Item::Flow(f) => f.span,
                Item::Element(e) => e.span,
                _ => continue,
            };
            diagnostics.push(
                Diagnostic::error("model-in-rule-file", "a threat library cannot declare model objects")
                    .at(span, "declared in a file loaded as threat rules")
                    .note("rule files hold `threat`, `predicate`, `kind`, `record` and `enum` declarations; import model files from the model instead"),
            );
        }
    }
}

/// Compiles files from the real file system.
pub fn compile(roots: &[PathBuf], options: &Options) -> Compilation {
    compile_with(roots, options, &RealFs)
}

/// The schema of the embedded stdlib alone (for `tmc describe`), with any
/// diagnostics it raised (none, unless the stdlib itself is broken).
pub fn stdlib_schema() -> (Schema, Sources, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let options = Options {
        threats: ThreatSources::none(),
        ..Options::default()
    };
    let loaded = loader::load(&[], &options, &RealFs, &mut diagnostics);
    let trees: Vec<&syntax::ast::File> = loaded
        .files
        .iter()
        .filter_map(|(_, t)| t.as_deref())
        .collect();
    let schema = schema::build(&trees, &mut diagnostics);
    (schema, loaded.sources, diagnostics)
}
