//! Loading: reads the root files and, depth first, every file they import,
//! parsing each once. Owns import resolution (relative to the importing
//! file), import cycles and unreadable files. File access goes through
//! `FileSystem` so the language server can serve unsaved buffers.

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Sources, Span};
use crate::stdlib;
use crate::syntax::{self, ast};

/// Where source text comes from.
pub trait FileSystem {
    fn read(&self, path: &Path) -> io::Result<String>;
    /// A path that is the same for every way of writing it, to recognise a
    /// file imported twice. Falls back to the lexical form.
    fn identity(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// The real file system.
pub struct RealFs;

impl FileSystem for RealFs {
    fn read(&self, path: &Path) -> io::Result<String> {
        let bytes = std::fs::read(path)?;
        String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the file is not valid UTF-8 (first bad byte at offset {at})"),
            )
        })
    }

    fn identity(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
    }
}

/// All files of a compilation, parsed. A file with a syntax error has
/// `None` as its syntax tree.
pub struct Loaded {
    pub sources: Sources,
    pub files: Vec<(FileId, Option<ast::File>)>,
    /// Files the user named that could not be read (a usage problem).
    pub unreadable_roots: usize,
    /// The files loaded as threat libraries (built-in, `--threats`,
    /// `threatsFile`), which may declare only rules and schema.
    pub rule_files: Vec<FileId>,
}

/// Which threat rules to load besides the model's own files.
#[derive(Clone, Debug)]
pub struct ThreatSources {
    /// The built-in library (off with `--no-builtin-threats`, or when the
    /// model's `threatsFile` names a library to use instead).
    pub builtin: bool,
    /// Rule files given on the command line, loaded like roots.
    pub files: Vec<PathBuf>,
}

impl Default for ThreatSources {
    fn default() -> ThreatSources {
        ThreatSources {
            builtin: true,
            files: Vec::new(),
        }
    }
}

/// Loads the stdlib, then each root and its imports, then the threat rules.
pub fn load(
    roots: &[PathBuf],
    threats: &ThreatSources,
    fs: &dyn FileSystem,
    diags: &mut Vec<Diagnostic>,
) -> Loaded {
    let mut loader = Loader {
        fs,
        loaded: Loaded {
            sources: Sources::new(),
            files: Vec::new(),
            unreadable_roots: 0,
            rule_files: Vec::new(),
        },
        by_identity: HashMap::new(),
        stack: Vec::new(),
    };
    for (name, text) in stdlib::FILES {
        loader.add_embedded(name, text, diags);
    }
    for root in roots {
        loader.load_root(root, diags);
    }
    let replacement = loader.threats_file();
    let first_rule_file = loader.loaded.files.len();
    if threats.builtin && replacement.is_none() {
        for (name, text) in stdlib::THREATS {
            loader.add_embedded(name, text, diags);
        }
    }
    if let Some((path, span)) = replacement {
        loader.load_named(&path, span, diags);
    }
    for file in &threats.files {
        loader.load_root(file, diags);
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
    loaded: Loaded,
    by_identity: HashMap<PathBuf, FileId>,
    /// Identities of the files being loaded, outermost first.
    stack: Vec<(PathBuf, String)>,
}

impl Loader<'_> {
    /// The model header's `threatsFile = "..."`, resolved against the
    /// folder of the file that declares it.
    fn threats_file(&self) -> Option<(PathBuf, Span)> {
        self.loaded.files.iter().find_map(|(file, tree)| {
            let model = tree.as_ref()?.items.iter().find_map(|i| match i {
                ast::Item::Model(m) => Some(m),
                _ => None,
            })?;
            let member = model
                .body
                .iter()
                .find(|m| m.path.len() == 1 && m.path[0].name == "threatsFile")?;
            let ast::ValueKind::Str(path) = &member.value.kind else {
                return None;
            };
            if path.is_empty() {
                return None;
            }
            let dir = Path::new(self.loaded.sources.name(*file))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            Some((normalize(&dir.join(path)), member.value.span))
        })
    }

    /// Loads a file a model names (its `threatsFile`), reporting at `span`.
    fn load_named(&mut self, path: &Path, span: Span, diags: &mut Vec<Diagnostic>) {
        let identity = self.fs.identity(path);
        if self.by_identity.contains_key(&identity) {
            return;
        }
        match self.fs.read(path) {
            Ok(text) => self.load_file(identity, display(path), text, diags),
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
        match self.fs.read(path) {
            Ok(text) => self.load_file(identity, display(path), text, diags),
            Err(e) => {
                self.loaded.unreadable_roots += 1;
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
        match self.fs.read(&path) {
            Ok(text) => self.load_file(identity, display(&path), text, diags),
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

    fn add(&mut self, name: String, text: String, diags: &mut Vec<Diagnostic>) -> FileId {
        let file = self.loaded.sources.add(name, text);
        let tree = match syntax::parse(file, self.loaded.sources.text(file)) {
            Ok(tree) => Some(tree),
            Err(d) => {
                diags.push(d);
                None
            }
        };
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

/// `a/./b/../c` -> `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
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
