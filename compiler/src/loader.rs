//! Loading: reads the root files and, depth first, every file they import,
//! parsing each once. Owns import resolution (relative to the importing
//! file), import cycles, imports that leave the project folder
//! (`crate::project`), and files that cannot be read: missing, not a
//! regular file, too large, not UTF-8. File access goes through
//! `files::FileSystem` so the language server can serve unsaved buffers;
//! every file read from disk is opened by `RealFs::open_regular`.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::files::normalize;
use crate::files::{mib, FileSystem, FileTooLarge, NotRegular, NotUtf8};
use crate::model::known::{LIBRARY, THREATS_FILE};
use crate::parses::Parses;
use crate::project::{Outside, Projects};
use crate::source::{FileId, Sources, Span};
use crate::stdlib::{self, Builtin};
use crate::syntax::limits::MAX_FILE_BYTES;
use crate::syntax::{self, ast};
use crate::Options;

/// All files of a compilation, parsed. A file with syntax errors has the
/// declarations that parsed (`ast::File::broken` lists the others); one
/// the input limits refuse has `None` as its syntax tree. Trees are shared:
/// an embedded file's is the one `stdlib::parse` keeps for the process.
pub(crate) struct Loaded {
    pub sources: Sources,
    pub files: Vec<(FileId, Option<Arc<ast::File>>)>,
    /// Files the user named that could not be read (a usage problem).
    pub unreadable_roots: usize,
    /// The files loaded as threat libraries (built-in, `--threats`,
    /// `threatsFile`), which may declare only rules and schema.
    pub rule_files: Vec<FileId>,
    /// Which built-in library runs, and which are only refined.
    pub layers: Layers,
}

/// The built-in libraries of a compilation: the one whose threats run
/// (none with `--no-builtin-threats` or a `threatsFile`), and the files of
/// each built-in library loaded, whether it runs or is only a base that
/// other threats refine (`refines pytm.ID`): a base's threats never run.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layers {
    pub active: Option<Builtin>,
    pub files: Vec<(FileId, Builtin)>,
    /// Where the threats that run come from, for the outputs to say.
    pub origin: Origin,
}

/// Where a compilation's threats come from: the built-in library that runs
/// (and what chose it), the model's `threatsFile` that replaces it, and
/// the `--threats` files added to either.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The built-in library that runs, if one does.
    pub builtin: Option<Builtin>,
    /// What chose it (`Chosen::Default` when none runs).
    pub chosen: Chosen,
    /// The model's `threatsFile`, as the path read, when it names one.
    pub threats_file: Option<String>,
    /// The `--threats` files, as given.
    pub rule_files: Vec<String>,
}

/// What chose the built-in library that runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Chosen {
    /// Nothing: tmc's library is the default.
    #[default]
    Default,
    /// `--library NAME`.
    Option,
    /// The model's `library = NAME`.
    Model,
}

impl Chosen {
    /// `default`, `option` or `model`, as the JSON outputs write it.
    pub fn name(self) -> &'static str {
        match self {
            Chosen::Default => "default",
            Chosen::Option => "option",
            Chosen::Model => "model",
        }
    }
}

impl Origin {
    /// One line for people: `tmc (built-in default)`, `pytm (--library
    /// pytm)`, `none (--no-builtin-threats)`, `rules.tm (the model's
    /// threatsFile)`, then any `--threats` files. Paths are written as
    /// given; a front end shows them on one line (`escape::terminal`).
    pub fn describe(&self) -> String {
        let mut out = match (self.builtin, &self.threats_file) {
            (Some(b), _) => match self.chosen {
                Chosen::Default => format!("{} (built-in default)", b.name()),
                Chosen::Option => format!("{0} (--library {0})", b.name()),
                Chosen::Model => format!("{0} (the model's `library = {0}`)", b.name()),
            },
            (None, Some(file)) => format!("{file} (the model's threatsFile)"),
            (None, None) => "none (--no-builtin-threats)".to_string(),
        };
        if !self.rule_files.is_empty() {
            out.push_str(&format!(" + --threats {}", self.rule_files.join(", ")));
        }
        out
    }
}

impl Layers {
    /// The built-in library `file` belongs to, if any.
    pub(crate) fn library_of(&self, file: FileId) -> Option<Builtin> {
        self.files.iter().find(|(f, _)| *f == file).map(|(_, b)| *b)
    }

    /// Whether `file` is part of a built-in library that does not run.
    pub(crate) fn is_base(&self, file: FileId) -> bool {
        self.library_of(file)
            .is_some_and(|b| Some(b) != self.active)
    }
}

/// Which threat rules to load besides the model's own files.
#[derive(Clone, Debug)]
pub struct ThreatSources {
    /// A built-in library (off with `--no-builtin-threats`, or when the
    /// model's `threatsFile` names a library to use instead).
    pub builtin: bool,
    /// Which one (`--library`); `None`: the model's `library`, else tmc's.
    pub library: Option<Builtin>,
    /// Rule files given on the command line, loaded like roots.
    pub files: Vec<PathBuf>,
}

impl ThreatSources {
    /// No threat rules but the model's own files (`--no-builtin-threats`).
    pub fn none() -> ThreatSources {
        ThreatSources {
            builtin: false,
            ..ThreatSources::default()
        }
    }
}

impl Default for ThreatSources {
    fn default() -> ThreatSources {
        ThreatSources {
            builtin: true,
            library: None,
            files: Vec::new(),
        }
    }
}

/// Loads the stdlib, then each root and its imports, then the threat rules.
/// Imports (and a model's `threatsFile`) must stay inside the folder of a
/// root file or of a `--threats` file unless `allow_outside_imports`.
pub(crate) fn load(
    roots: &[PathBuf],
    options: &Options,
    fs: &dyn FileSystem,
    diags: &mut Vec<Diagnostic>,
) -> Loaded {
    let threats = &options.threats;
    let projects = match options.allow_outside_imports {
        true => None,
        false => Some(Projects::of(&[roots, &threats.files[..]].concat(), fs)),
    };
    let mut loader = Loader {
        fs,
        parses: options.parses.as_ref(),
        projects,
        loaded: Loaded {
            sources: Sources::new(),
            files: Vec::new(),
            unreadable_roots: 0,
            rule_files: Vec::new(),
            layers: Layers::default(),
        },
        by_identity: HashMap::new(),
        stack: Vec::new(),
    };
    for (name, text) in stdlib::FILES {
        loader.add_embedded(name, text, diags);
    }
    let mut load_roots = || {
        for root in roots {
            loader.load_root(root, diags);
        }
    };
    // The built-in threat library does not depend on the model: it is
    // parsed beside it, under the file ids it gets when the roots import
    // nothing (the usual case), into `stdlib::parse`'s cache. Under other
    // ids it is parsed again when it is added below.
    if threats.builtin {
        let first = stdlib::FILES.len() + roots.len();
        let library = threats.library.unwrap_or(Builtin::Tmc);
        let parse_library = move || {
            let mut files = library.files().to_vec();
            if library == Builtin::Tmc {
                files.extend(Builtin::Pytm.files()); // its base
            }
            for (j, (name, text)) in files.into_iter().enumerate() {
                let _ = stdlib::parse(FileId::at(first + j), name, text);
            }
        };
        tmc_perf::split::beside(parse_library, load_roots);
    } else {
        load_roots();
    }
    let replacement = loader.threats_file();
    let first_rule_file = loader.loaded.files.len();
    let origin = &mut loader.loaded.layers.origin;
    origin.rule_files = threats.files.iter().map(|f| display(f)).collect();
    origin.threats_file = replacement.as_ref().map(|(path, _)| display(path));
    if threats.builtin && replacement.is_none() {
        let (library, chosen) = match (threats.library, loader.model_library()) {
            (Some(library), _) => (library, Chosen::Option),
            (None, Some(library)) => (library, Chosen::Model),
            (None, None) => (Builtin::Tmc, Chosen::Default),
        };
        loader.add_library(library, diags);
        loader.loaded.layers.active = Some(library);
        loader.loaded.layers.origin.builtin = Some(library);
        loader.loaded.layers.origin.chosen = chosen;
    }
    if let Some((path, span)) = replacement {
        loader.load_named(&path, span, diags);
    }
    for file in &threats.files {
        loader.load_root(file, diags);
    }
    for base in loader.refined_libraries() {
        loader.add_library(base, diags);
    }
    let rule_files = loader.loaded.files[first_rule_file..]
        .iter()
        .map(|(id, _)| *id)
        .collect();
    loader.loaded.rule_files = rule_files;
    loader.loaded
}

struct Loader<'a> {
    fs: &'a dyn FileSystem,
    /// Where the parses of earlier compilations are kept, if anywhere.
    parses: Option<&'a Parses>,
    /// The folders imports may read from; `None`: anywhere.
    projects: Option<Projects>,
    loaded: Loaded,
    by_identity: HashMap<PathBuf, FileId>,
    /// Identities of the files being loaded, outermost first.
    stack: Vec<(PathBuf, String)>,
}

impl Loader<'_> {
    /// The model header's `threatsFile = "..."`, resolved against the
    /// folder of the file that declares it.
    fn threats_file(&self) -> Option<(PathBuf, Span)> {
        let value = self.header_value(THREATS_FILE.name())?;
        let ast::ValueKind::Str(path) = &value.kind else {
            return None;
        };
        if path.is_empty() {
            return None;
        }
        let dir = Path::new(self.loaded.sources.name(value.span.file))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Some((normalize(&dir.join(path)), value.span))
    }

    /// The value of the model header's attribute `name`, as written.
    fn header_value(&self, name: &str) -> Option<&ast::Value> {
        self.loaded.files.iter().find_map(|(_, tree)| {
            let model = tree.as_ref()?.items.iter().find_map(|i| match i {
                ast::Item::Model(m) => Some(m),
                _ => None,
            })?;
            let member = model
                .body
                .iter()
                .find(|m| m.path.len() == 1 && m.path[0].name == name)?;
            Some(&member.value)
        })
    }

    /// The model header's `library = NAME`, when it names a built-in
    /// library (any other value is reported when the model is checked).
    fn model_library(&self) -> Option<Builtin> {
        let value = self.header_value(LIBRARY.name())?;
        match &value.kind {
            ast::ValueKind::Name(name) => Builtin::named(name),
            _ => None,
        }
    }

    /// The built-in libraries that threats loaded so far refine by name
    /// (`refines pytm.ID`) and that are not loaded yet.
    fn refined_libraries(&self) -> Vec<Builtin> {
        let mut wanted = Vec::new();
        let threats = self.loaded.files.iter().filter_map(|(_, t)| t.as_ref());
        for item in threats.flat_map(|t| &t.items) {
            let ast::Item::Threat(t) = item else { continue };
            let library = t.refines.as_ref().and_then(|r| r.library.as_ref());
            if let Some(b) = library.and_then(|l| Builtin::named(&l.name)) {
                let loaded = self.loaded.layers.files.iter().any(|(_, l)| *l == b);
                if !loaded && !wanted.contains(&b) {
                    wanted.push(b);
                }
            }
        }
        wanted
    }

    /// Adds the files of a built-in library.
    fn add_library(&mut self, library: Builtin, diags: &mut Vec<Diagnostic>) {
        for (name, text) in library.files() {
            self.add_embedded(name, text, diags);
            let file = self.loaded.files.len() - 1;
            let id = self.loaded.files[file].0;
            self.loaded.layers.files.push((id, library));
        }
    }

    /// Loads a file a model names (its `threatsFile`), reporting at `span`.
    fn load_named(&mut self, path: &Path, span: Span, diags: &mut Vec<Diagnostic>) {
        if let Some(d) = self.outside_project(path, span, "threat library") {
            diags.push(d.note("`threatsFile` is relative to the folder of the model file"));
            return;
        }
        let identity = self.fs.identity(path);
        if self.by_identity.contains_key(&identity) {
            return;
        }
        match self.read(path) {
            Ok(text) => self.load_file(identity, display(path), text, diags),
            Err(e) if self.unreadable(identity.clone(), path, &e, Some(span), diags) => {}
            Err(e) => diags.push(
                Diagnostic::error(
                    "unreadable-file",
                    format!(
                        "cannot read threat library `{}`: {}",
                        display(path),
                        io_reason(&e)
                    ),
                )
                .at(span, "named here")
                .note("`threatsFile` is relative to the folder of the model file"),
            ),
        }
    }

    fn load_root(&mut self, path: &Path, diags: &mut Vec<Diagnostic>) {
        let identity = self.fs.identity(path);
        if self.by_identity.contains_key(&identity) {
            return; // named twice, or already imported by an earlier root
        }
        match self.read(path) {
            Ok(text) => self.load_file(identity, display(path), text, diags),
            Err(e) => {
                self.loaded.unreadable_roots += 1;
                if self.unreadable(identity, path, &e, None, diags) {
                    return;
                }
                diags.push(Diagnostic::error(
                    "unreadable-file",
                    format!("cannot read `{}`: {}", display(path), io_reason(&e)),
                ));
            }
        }
    }

    fn load_file(
        &mut self,
        identity: PathBuf,
        name: String,
        text: String,
        diags: &mut Vec<Diagnostic>,
    ) {
        let dir = Path::new(&name)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let file = self.add(name.clone(), text, diags);
        self.by_identity.insert(identity.clone(), file);
        self.stack.push((identity, name));
        let imports: Vec<ast::Import> = match &self.loaded.files.last() {
            Some((_, Some(ast))) => ast
                .items
                .iter()
                .filter_map(|i| match i {
                    ast::Item::Import(imp) => Some(imp.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for import in imports {
            self.import(&dir, &import, diags);
        }
        self.stack.pop();
    }

    fn import(&mut self, dir: &Path, import: &ast::Import, diags: &mut Vec<Diagnostic>) {
        let path = normalize(&dir.join(&import.path.value));
        if let Some(d) = self.outside_project(&path, import.path.span, "import") {
            diags.push(d);
            return;
        }
        let identity = self.fs.identity(&path);
        if let Some(pos) = self.stack.iter().position(|(id, _)| *id == identity) {
            let mut chain: Vec<&str> = self.stack[pos..].iter().map(|(_, n)| n.as_str()).collect();
            chain.push(&self.stack[pos].1);
            diags.push(
                Diagnostic::error(
                    "import-cycle",
                    format!("import cycle: {}", chain.join(" -> ")),
                )
                .at(import.path.span, "this import closes the cycle")
                .note("imports must form a tree; move what both files need into a third file"),
            );
            return;
        }
        if self.by_identity.contains_key(&identity) {
            return; // already loaded through another import
        }
        match self.read(&path) {
            Ok(text) => self.load_file(identity, display(&path), text, diags),
            Err(e)
                if self.unreadable(identity.clone(), &path, &e, Some(import.path.span), diags) => {}
            Err(e) => diags.push(
                Diagnostic::error(
                    "import-not-found",
                    format!("cannot import `{}`: {}", import.path.value, io_reason(&e)),
                )
                .at(import.path.span, format!("looked for `{}`", display(&path)))
                .note("import paths are relative to the folder of the file that imports"),
            ),
        }
    }

    /// Reads a file through the file system, holding text from any file
    /// system (an editor's buffer too) to the size limit.
    fn read(&self, path: &Path) -> io::Result<String> {
        let text = self.fs.read(path)?;
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(FileTooLarge {
                size: Some(text.len() as u64),
            }
            .into());
        }
        Ok(text)
    }

    /// Reports a file that is not a regular file, too large or not UTF-8
    /// (named at `from`, an import or `threatsFile`, when not a root);
    /// false for other I/O errors, which the caller reports in its own
    /// words.
    fn unreadable(
        &mut self,
        identity: PathBuf,
        path: &Path,
        error: &io::Error,
        from: Option<Span>,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let payload = error.get_ref();
        if let Some(not) = payload.and_then(|e| e.downcast_ref::<NotRegular>()) {
            let mut d = Diagnostic::error(
                "not-a-file",
                format!("cannot read `{}`: {not}", display(path)),
            )
            .note("tmc reads models and rules only from regular files, not FIFOs, devices, sockets or folders");
            if let Some(span) = from {
                d = d.at(span, "named here");
            }
            diags.push(d);
            return true;
        }
        if let Some(big) = payload.and_then(|e| e.downcast_ref::<FileTooLarge>()) {
            let mut d = Diagnostic::error(
                "file-too-large",
                format!("cannot read `{}`: {big}", display(path)),
            )
            .note(format!(
                "tmc reads files of at most {}; split the model into files that import each other",
                mib(MAX_FILE_BYTES)
            ));
            if let Some(span) = from {
                d = d.at(span, "named here");
            }
            diags.push(d);
            return true;
        }
        let Some(bad) = payload.and_then(|e| e.downcast_ref::<NotUtf8>()) else {
            return false;
        };
        // The text goes into the sources (bad bytes replaced) but is not
        // parsed, so that the diagnostic shows the line; like a syntax
        // error, it stops the compilation before names are resolved.
        let end = bad.offset
            + bad.text[bad.offset..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        let file = self.loaded.sources.add(display(path), bad.text.clone());
        self.loaded.files.push((file, None));
        self.by_identity.insert(identity, file);
        let mut d = Diagnostic::error(
            "invalid-utf8",
            format!("`{}` is not valid UTF-8", display(path)),
        )
        .at(
            Span::new(file, bad.offset, end),
            format!("byte 0x{:02X} here", bad.byte),
        )
        .note("`.tm` files are UTF-8 text; convert this one (e.g. `iconv -f latin1 -t utf-8`), or is it a binary file?");
        if let Some(span) = from {
            d = d.also(span, "named here");
        }
        diags.push(d);
        true
    }

    /// The error for `path` (named at `span`) outside every project folder,
    /// unless outside imports are allowed.
    fn outside_project(&self, path: &Path, span: Span, what: &str) -> Option<Diagnostic> {
        let projects = self.projects.as_ref()?;
        let how = projects.outside(path, self.fs)?;
        let written = self.loaded.sources.slice(span).trim_matches('"');
        // Only what the model itself says: where the link leads is not
        // shown, nor whether anything is there.
        let label = match how {
            Outside::Link => "a symbolic link on the way leads out of it".to_string(),
            Outside::Path => format!("resolves to `{}`", display(path)),
        };
        Some(
            Diagnostic::error(
                "import-outside-project",
                format!("{what} `{written}` is outside the project folder"),
            )
            .at(span, label)
            .note(format!(
                "files may only import files in the folder of the root file, or below it ({})",
                projects.describe()
            ))
            .note(crate::project::ALLOW_OUTSIDE),
        )
    }

    fn add(&mut self, name: String, text: String, diags: &mut Vec<Diagnostic>) -> FileId {
        if let Some(at) = text.find('\0') {
            // Refused unparsed, like by `syntax::limits`, but kept with each
            // NUL shown as `␀` so that the diagnostic's line prints and
            // marks it. Offsets before it stay the same, and editors count
            // both as one UTF-16 unit, so positions do not move.
            let file = self
                .loaded
                .sources
                .add(name, text.replace('\0', "\u{2400}"));
            diags.push(syntax::limits::nul_byte(
                file,
                at,
                at + '\u{2400}'.len_utf8(),
            ));
            self.loaded.files.push((file, None));
            return file;
        }
        let file = self.loaded.sources.add(name, text);
        let (name, text) = (
            self.loaded.sources.name(file),
            self.loaded.sources.text(file),
        );
        let (tree, errors) = match self.parses {
            Some(parses) => parses.parse(name, file, text),
            None => {
                let (tree, errors) = syntax::parse_recovering(file, text);
                (tree.map(Arc::new), errors)
            }
        };
        diags.extend(errors);
        self.loaded.files.push((file, tree));
        file
    }

    /// Adds an embedded file (stdlib or built-in threats), its tree from
    /// the cache of `stdlib::parse` when it has one.
    fn add_embedded(
        &mut self,
        name: &'static str,
        text: &'static str,
        diags: &mut Vec<Diagnostic>,
    ) {
        let file = self.loaded.sources.add(name, text);
        let tree = stdlib::parse(file, name, text)
            .map_err(|d| diags.push(d))
            .ok();
        self.loaded.files.push((file, tree));
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files in memory; `bad.tm` reads as bytes that are not UTF-8.
    struct Mem(Vec<(&'static str, &'static str)>);

    impl FileSystem for Mem {
        fn read(&self, path: &Path) -> io::Result<String> {
            if path == Path::new("bad.tm") {
                let bytes = b"Actor a\nActor \xff".to_vec();
                let error = String::from_utf8(bytes.clone()).unwrap_err();
                return Err(NotUtf8::new(&bytes, error.utf8_error()).into());
            }
            self.0
                .iter()
                .find(|(p, _)| Path::new(p) == path)
                .map(|(_, t)| t.to_string())
                .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
        }
    }

    fn load_mem(
        files: Vec<(&'static str, &'static str)>,
        allow: bool,
    ) -> (Loaded, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let options = Options {
            threats: ThreatSources::none(),
            allow_outside_imports: allow,
            ..Options::default()
        };
        let root = PathBuf::from(files[0].0);
        let loaded = load(&[root], &options, &Mem(files), &mut diags);
        (loaded, diags)
    }

    #[test]
    fn the_builtin_threats_have_their_own_file_ids_with_or_without_imports() {
        // Parsed beside the model under the ids they get when the root
        // imports nothing; an import moves them, and they are parsed again.
        for files in [
            vec![("m.tm", "model \"m\" {}")],
            vec![
                ("m.tm", "import \"a.tm\"\nmodel \"m\" {}"),
                ("a.tm", "Server s"),
            ],
        ] {
            let mut diags = Vec::new();
            let root = PathBuf::from(files[0].0);
            let loaded = load(&[root], &Options::default(), &Mem(files), &mut diags);
            assert!(diags.is_empty(), "{diags:?}");
            assert!(!loaded.rule_files.is_empty());
            for (file, tree) in &loaded.files {
                let Some(tree) = tree else {
                    panic!("file {file} parses")
                };
                let fresh = crate::syntax::parse(*file, loaded.sources.text(*file)).unwrap();
                assert_eq!(**tree, fresh, "{}", loaded.sources.name(*file));
            }
        }
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
        diags.iter().map(|d| d.code).collect()
    }

    #[test]
    fn imports_stay_in_the_root_folder_unless_allowed() {
        let files = vec![
            (
                "proj/main.tm",
                "import \"../x.tm\"\nimport \"/etc/x.tm\"\nimport \"sub/a.tm\"",
            ),
            (
                "proj/sub/a.tm",
                "import \"../b.tm\"\nimport \"../../proj/c.tm\"",
            ),
            ("proj/b.tm", ""),
            ("proj/c.tm", ""),
            ("x.tm", ""),
        ];
        let (_, diags) = load_mem(files.clone(), false);
        assert_eq!(
            codes(&diags),
            ["import-outside-project", "import-outside-project"]
        );
        assert!(diags[0].notes[1].contains("--allow-outside-imports"));
        let (loaded, diags) = load_mem(files, true);
        // `/etc/x.tm` is not in memory: not found, but looked for.
        assert_eq!(codes(&diags), ["import-not-found"]);
        assert_eq!(loaded.sources.len(), stdlib::FILES.len() + 5);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_shown_with_its_bad_byte_marked() {
        let (loaded, diags) = load_mem(vec![("main.tm", "import \"bad.tm\"")], false);
        assert_eq!(codes(&diags), ["invalid-utf8"]);
        let span = diags[0].span().unwrap();
        assert_eq!(loaded.sources.slice(span), "\u{fffd}");
        let at = loaded.sources.line_col(span.file, span.start);
        assert_eq!((at.line, at.column), (2, 7));
        assert_eq!(diags[0].labels[0].message, "byte 0xFF here");
        // Not parsed, so names are not resolved against a half-read file.
        assert!(loaded
            .files
            .iter()
            .any(|(f, t)| *f == span.file && t.is_none()));
    }

    #[test]
    fn not_utf8_says_line_and_column() {
        let bytes = "é\nab\u{e9}"
            .as_bytes()
            .iter()
            .copied()
            .chain([0xC3, b'x'])
            .collect::<Vec<u8>>();
        let error = std::str::from_utf8(&bytes).unwrap_err();
        let e = NotUtf8::new(&bytes, error);
        assert_eq!(
            e.to_string(),
            "the file is not valid UTF-8 (first bad byte 0xC3 at line 2, column 4, byte offset 7)"
        );
    }

    #[test]
    fn a_nul_byte_is_an_error_at_its_place_and_shown_as_a_symbol() {
        let (loaded, diags) = load_mem(vec![("main.tm", "Actor a\n// x\0y\n")], false);
        assert_eq!(codes(&diags), ["nul-byte"]);
        let span = diags[0].span().unwrap();
        assert_eq!(loaded.sources.slice(span), "\u{2400}");
        let at = loaded.sources.line_col(span.file, span.start);
        assert_eq!((at.line, at.column), (2, 5));
    }

    #[test]
    fn text_over_the_size_limit_is_refused_from_any_file_system() {
        struct Huge;
        impl FileSystem for Huge {
            fn read(&self, _: &Path) -> io::Result<String> {
                Ok(" ".repeat(MAX_FILE_BYTES as usize + 1))
            }
        }
        let mut diags = Vec::new();
        let loaded = load(
            &[PathBuf::from("huge.tm")],
            &Options::default(),
            &Huge,
            &mut diags,
        );
        assert_eq!(codes(&diags), ["file-too-large"]);
        assert_eq!(loaded.unreadable_roots, 1);
        assert_eq!(
            diags[0].message,
            "cannot read `huge.tm`: the file is too large (64.0 MiB = 67108865 bytes; the limit is 64 MiB)"
        );
    }
}
