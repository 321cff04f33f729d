//! Compiling what the editor shows: picking the root file a document
//! belongs to, running the compiler over the open buffers, and turning its
//! diagnostics and findings into LSP diagnostics per file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tmc_compiler::findings::Text;
use tmc_compiler::{gate, Compilation, FileSystem, Options};
use tmc_compiler::{FileId, Span};
use tmc_syntax::diagnostic;
use tmc_syntax::syntax::header::header;

use super::answers::{Diagnostic, Location, Range, Related, Severity};
use super::documents::Documents;
use super::lines::LineIndex;

/// The line index of each file of a compilation, built on first use: a
/// large model has tens of thousands of findings in one file, and indexing
/// its text for each would cost seconds.
struct Indexes<'a> {
    c: &'a Compilation,
    by_file: HashMap<FileId, LineIndex<'a>>,
}

impl<'a> Indexes<'a> {
    fn new(c: &'a Compilation) -> Indexes<'a> {
        Indexes {
            c,
            by_file: HashMap::new(),
        }
    }

    fn range(&mut self, span: Span) -> Range {
        let c = self.c;
        self.by_file
            .entry(span.file)
            .or_insert_with(|| LineIndex::new(c.sources.text(span.file)))
            .range(span.start, span.end)
    }
}

/// The file to compile for `path`: itself when it declares the model,
/// else an open document or a `.tm` file in its folder (or the folder
/// above) that declares a model and imports it, else itself.
pub fn root_for(path: &Path, docs: &Documents) -> PathBuf {
    let own = docs.read(path).ok();
    if own
        .as_deref()
        .is_none_or(|text| header(text).declares_model)
    {
        return path.to_path_buf();
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut candidates: Vec<PathBuf> = docs.paths().cloned().collect();
    for dir in path.ancestors().skip(1).take(2) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut found: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "tm"))
                .collect();
            found.sort();
            candidates.extend(found);
        }
    }
    for candidate in candidates {
        if candidate == path {
            continue;
        }
        let text = docs.read(&candidate).ok();
        if let Some(text) = text {
            let header = header(&text);
            let imports_it = header.imports.iter().any(|i| {
                Path::new(i)
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy() == name)
            });
            if header.declares_model && imports_it {
                return candidate;
            }
        }
    }
    path.to_path_buf()
}

pub fn compile(root: &Path, docs: &Documents, options: &Options) -> Compilation {
    tmc_compiler::compile_with(&[root.to_path_buf()], options, docs)
}

/// The source of the compiler's diagnostics.
pub const COMPILER: &str = "tmc";

/// The source of findings.
pub const FINDINGS: &str = "tmc threats";

/// The diagnostics of a compilation, by file; every user file the
/// compilation read has an entry (empty when clean) so stale diagnostics
/// are cleared. Findings are included when `findings` is true.
pub fn diagnostics(
    c: &Compilation,
    root: &Path,
    findings: bool,
) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let mut out: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    let mut indexes = Indexes::new(c);
    let user_file = |file: FileId| {
        let name = c.sources.name(file);
        (!name.starts_with('<')).then(|| PathBuf::from(name))
    };
    for file in c.sources.ids() {
        if let Some(path) = user_file(file) {
            out.entry(path).or_default();
        }
    }
    for d in &c.diagnostics {
        let severity = match d.severity {
            diagnostic::Severity::Error => Severity::Error,
            diagnostic::Severity::Warning => Severity::Warning,
        };
        let mut message = d.message.clone();
        for note in &d.notes {
            message.push_str("\n= ");
            message.push_str(note);
        }
        let (path, range) = match d.span() {
            Some(span) => match user_file(span.file) {
                Some(path) => (path, indexes.range(span)),
                // A problem in the built-in library is a bug in tmc: show it
                // at the top of the root file rather than lose it.
                None => (root.to_path_buf(), Range::default()),
            },
            None => (root.to_path_buf(), Range::default()),
        };
        let related: Vec<Related> = d
            .labels
            .iter()
            .filter(|l| !l.primary)
            .filter_map(|l| {
                let path = user_file(l.span.file)?;
                Some(Related {
                    location: Location {
                        path,
                        range: indexes.range(l.span),
                    },
                    message: l.message.clone(),
                })
            })
            .collect();
        out.entry(path).or_default().push(Diagnostic {
            range,
            severity,
            code: d.code.to_string(),
            source: COMPILER,
            message,
            related,
            link: None,
        });
    }
    if findings {
        add_findings(c, &mut indexes, &mut out);
    }
    out
}

/// Each finding as a diagnostic on the identifier of the element it is
/// about: Very High and High as warnings, Medium as information, the rest
/// and the closed ones (`gate::standing`) as hints. Excluded findings are
/// left out.
fn add_findings(
    c: &Compilation,
    indexes: &mut Indexes,
    out: &mut BTreeMap<PathBuf, Vec<Diagnostic>>,
) {
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return;
    };
    // Per threat, not per finding: a large model has thousands of findings
    // of each threat.
    let mut mitigations: HashMap<&str, String> = HashMap::new();
    let mut links = HashMap::new();
    for f in findings.iter().filter(|f| !f.is_excluded()) {
        let threat = &c.library.threats[f.threat];
        let target = model.object(f.target);
        let span = target.id_span;
        let name = c.sources.name(span.file);
        if name.starts_with('<') {
            continue;
        }
        // A finding the team has closed (and whose review date has not
        // passed) is decided: a hint, still there to hover and re-triage,
        // but not among the problems to work on.
        let severity = match f.severity.rank {
            _ if !gate::standing(f).is_open() => Severity::Hint,
            3.. => Severity::Warning,
            2 => Severity::Information,
            _ => Severity::Hint,
        };
        let raw = f.text(threat, Text::Mitigations);
        let mitigation = mitigations
            .entry(raw)
            .or_insert_with(|| raw.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut message = format!(
            "{} {} ({}): {}",
            threat.id,
            threat.title,
            f.severity.label(),
            target.name
        );
        if let Some(status) = super::triage::status_line(f) {
            message.push('\n');
            message.push_str(&status);
        }
        if !mitigation.is_empty() {
            message.push_str("\nMitigation: ");
            message.push_str(mitigation);
        }
        let link = links
            .entry(f.threat)
            .or_insert_with(|| threat.references.first().map(|r| Arc::from(r.as_str())))
            .clone();
        out.entry(PathBuf::from(name))
            .or_default()
            .push(Diagnostic {
                range: indexes.range(span),
                severity,
                code: threat.id.clone(),
                source: FINDINGS,
                message,
                related: Vec::new(),
                link,
            });
    }
}
