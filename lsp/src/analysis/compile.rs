//! Compiling what the editor shows: picking the root file a document
//! belongs to, running the compiler over the open buffers, and turning its
//! diagnostics and findings into LSP diagnostics per file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tmc_compiler::findings::Finding;
use tmc_compiler::model::Model;
use tmc_compiler::{gate, Compilation, FileSystem, Options};
use tmc_compiler::{FileId, Span};
use tmc_syntax::diagnostic;
use tmc_syntax::syntax::header::header;

use super::answers::{Diagnostic, Location, Range, Related, Severity};
use super::answers::{COMPILER, FINDINGS, MORE_FINDINGS};
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

/// The file of `c` named `file`, when `text` (the editor's) is the text it
/// was compiled from: edits computed on the compilation fit only then.
pub fn as_compiled(c: &Compilation, file: &str, text: &str) -> Option<FileId> {
    let compiled = c.sources.ids().find(|&f| c.sources.name(f) == file)?;
    (c.sources.text(compiled) == text).then_some(compiled)
}

/// The diagnostics of a compilation, by file; every user file the
/// compilation read has an entry (empty when clean) so stale diagnostics
/// are cleared. Findings are included when `findings` is `Some`: at most
/// that many per element (see [`bound`]).
pub fn diagnostics(
    c: &Compilation,
    root: &Path,
    findings: Option<usize>,
) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let mut out: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    let mut indexes = Indexes::new(c);
    let user_file =
        |file: FileId| (!c.sources.is_embedded(file)).then(|| PathBuf::from(c.sources.name(file)));
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
    if let Some(per_element) = findings {
        add_findings(c, &mut indexes, &mut out, per_element);
    }
    out
}

/// The severity of a finding's diagnostic: Very High and High as
/// warnings, Medium as information, the rest as hints, and a finding the
/// team has closed (`gate::standing`; until its review date passes) as a
/// hint whatever its severity: decided, still there to hover and
/// re-triage, but not among the problems to work on.
fn finding_severity(f: &Finding) -> Severity {
    match f.severity.rank {
        _ if !gate::standing(f).is_open() => Severity::Hint,
        3.. => Severity::Warning,
        2 => Severity::Information,
        _ => Severity::Hint,
    }
}

/// Which findings are diagnostics of their own: of each element's
/// findings (`findings[i]` is `(element, open, rank)`), the `per_element`
/// worst: the open ones before the closed, then by severity, then in the
/// compiler's order. Returns a flag per finding, and for each element with
/// more, the indexes of the rest, in the order the elements first appear.
pub fn bound<T: Copy + Eq + std::hash::Hash>(
    findings: &[(T, bool, usize)],
    per_element: usize,
) -> (Vec<bool>, Vec<Vec<usize>>) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<T, usize> = HashMap::new();
    for (i, (element, ..)) in findings.iter().enumerate() {
        let g = *group_of.entry(*element).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    let mut keep = vec![false; findings.len()];
    let mut rest = Vec::new();
    for mut group in groups {
        if group.len() > per_element {
            // Stable: equals keep the compiler's order.
            group.sort_by_key(|&i| (!findings[i].1, std::cmp::Reverse(findings[i].2)));
            rest.push(group.split_off(per_element));
        }
        for i in group {
            keep[i] = true;
        }
    }
    (keep, rest)
}

/// Each finding as a diagnostic on the identifier of the element it is
/// about (severities: [`finding_severity`]), at most `per_element` per
/// element ([`bound`]); the rest of an element's findings are summed up in
/// one diagnostic there, as severe as the worst of them, and all are
/// explained on hover. Excluded findings are left out.
///
/// A message is one line (two with a triage's status): the threat, its
/// severity and the element. Editors show the diagnostics under the mouse
/// before the hover, so long ones (each finding's mitigation used to be
/// there) buried the element's own summary; the mitigation is in the
/// hover's explanation of each finding instead, and the fixes it names are
/// quick fixes.
fn add_findings(
    c: &Compilation,
    indexes: &mut Indexes,
    out: &mut BTreeMap<PathBuf, Vec<Diagnostic>>,
    per_element: usize,
) {
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return;
    };
    let shown: Vec<&Finding> = findings
        .iter()
        .filter(|f| !f.is_excluded())
        .filter(|f| !c.sources.is_embedded(model.object(f.target).id_span.file))
        .collect();
    let ranked: Vec<_> = shown
        .iter()
        .map(|f| (f.target, gate::standing(f).is_open(), f.severity.rank))
        .collect();
    let (keep, rest) = bound(&ranked, per_element);
    // Per threat, not per finding: a large model has thousands of findings
    // of each threat.
    let mut links = HashMap::new();
    for (f, _) in shown.iter().zip(&keep).filter(|(_, keep)| **keep) {
        let threat = &c.library.threats[f.threat];
        let target = model.object(f.target);
        let span = target.id_span;
        let name = c.sources.name(span.file);
        let severity = finding_severity(f);
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
    for hidden in rest {
        let hidden: Vec<&Finding> = hidden.into_iter().map(|i| shown[i]).collect();
        add_summary(c, model, &hidden, indexes, out);
    }
}

/// The one diagnostic summing up an element's findings beyond those shown
/// (`hidden`, not empty): how many, of what severities, and where to see
/// them; as severe as the worst of them, so the element still counts among
/// the problems it has.
fn add_summary(
    c: &Compilation,
    model: &Model,
    hidden: &[&Finding],
    indexes: &mut Indexes,
    out: &mut BTreeMap<PathBuf, Vec<Diagnostic>>,
) {
    let Some(first) = hidden.first() else {
        return;
    };
    let target = model.object(first.target);
    let span = target.id_span;
    let severity = hidden
        .iter()
        .map(|f| finding_severity(f))
        .min_by_key(|s| *s as u8)
        .unwrap_or(Severity::Hint);
    // By severity label, the worst first (open and closed alike).
    let mut by_label: Vec<(usize, &str, usize)> = Vec::new();
    for f in hidden {
        let label = f.severity.label();
        match by_label.iter_mut().find(|(_, l, _)| *l == label) {
            Some(entry) => entry.2 += 1,
            None => by_label.push((f.severity.rank, label, 1)),
        }
    }
    by_label.sort_by_key(|(rank, ..)| std::cmp::Reverse(*rank));
    let counts: Vec<String> = by_label
        .iter()
        .map(|(_, label, n)| format!("{n} {label}"))
        .collect();
    let closed = hidden
        .iter()
        .filter(|f| !gate::standing(f).is_open())
        .count();
    let mut message = format!(
        "and {} more finding{} on {} ({}",
        hidden.len(),
        if hidden.len() == 1 { "" } else { "s" },
        target.name,
        counts.join(", ")
    );
    if closed > 0 {
        message.push_str(&format!("; {closed} closed"));
    }
    message.push_str("): hover the element for all of them");
    out.entry(PathBuf::from(c.sources.name(span.file)))
        .or_default()
        .push(Diagnostic {
            range: indexes.range(span),
            severity,
            code: MORE_FINDINGS.to_string(),
            source: "tmc threats",
            message,
            related: Vec::new(),
            link: None,
        });
}

#[cfg(test)]
mod tests {
    use super::bound;

    #[test]
    fn the_worst_of_each_element_are_kept() {
        // (element, open, rank): element 1 has five findings, 2 has one.
        let findings = [
            (1, true, 1),
            (1, false, 4),
            (2, true, 0),
            (1, true, 3),
            (1, true, 3),
            (1, true, 2),
        ];
        let (keep, rest) = bound(&findings, 2);
        // The two open rank-3 ones (in order), and element 2's only one.
        assert_eq!(keep, [false, false, true, true, true, false]);
        // The rest, worst first: the open rank 2 and 1, then the closed
        // one, severe as it is.
        assert_eq!(rest, [vec![5, 0, 1]]);
    }

    #[test]
    fn no_limit_reached_keeps_all() {
        let (keep, rest) = bound(&[(1, true, 1), (1, true, 2)], 2);
        assert_eq!(keep, [true, true]);
        assert!(rest.is_empty());
        let (keep, rest) = bound(&[(1, true, 1)], 0);
        assert_eq!(keep, [false]);
        assert_eq!(rest, [vec![0]]);
    }
}
