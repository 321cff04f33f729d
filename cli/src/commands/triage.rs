//! `tmc triage MODEL THREAT@ELEMENT --status STATUS [--why ..] ...`:
//! records a decision about one finding in the model itself, a thin front
//! over `tmc_compiler::triage::record` (the one writer of triage entries,
//! shared with the language server). The request is checked before the
//! model is read; the finding must exist; the edited model is compiled in
//! memory and must give the finding the new status before the file is
//! replaced (atomically, through `stream`/`outfile`); the file on disk is
//! then compiled again to confirm it, its old text put back if it does
//! not. Exit 0 recorded, 1 the model has errors (or the entry would not
//! take), 2 a request that names nothing or a file that cannot be written.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_compiler::model::{ObjectId, Role};
use tmc_compiler::triage::{self, Date, Edit, Record, Status};
use tmc_compiler::{explain, gate, Compilation, FileSystem, Finding, Model, Options, RealFs};

use crate::args::TriageArgs;
use crate::shared::{emit, exit_code, print_diagnostics, print_these, refuse, shown, Context};
use crate::shared::{MODEL_ERRORS, OK, USAGE};
use crate::stream;

/// The most findings a refusal lists.
const MAX_LISTED: usize = 20;

/// Why nothing was recorded: printed as `error: MESSAGE` and `  = NOTE`
/// lines, with the exit code.
struct Refusal {
    code: u8,
    message: String,
    notes: Vec<String>,
}

impl Refusal {
    fn usage(message: impl Into<String>) -> Refusal {
        Refusal {
            code: USAGE,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    fn model(message: impl Into<String>) -> Refusal {
        Refusal {
            code: MODEL_ERRORS,
            ..Refusal::usage(message)
        }
    }

    fn note(mut self, note: impl Into<String>) -> Refusal {
        self.notes.push(note.into());
        self
    }

    /// Prints it on stderr; its exit code.
    fn report(&self) -> ExitCode {
        refuse(&self.message, &self.notes);
        ExitCode::from(self.code)
    }
}

/// What the command line asks for, checked before the model is read.
struct Request<'a> {
    threat: &'a str,
    element: &'a str,
    record: Record<'a>,
}

/// `tmc triage`: see the module's doc.
pub fn run(ctx: &Context, args: &TriageArgs) -> io::Result<ExitCode> {
    let request = match request(ctx, args) {
        Ok(request) => request,
        Err(refusal) => return Ok(refusal.report()),
    };
    let roots = [args.model.clone()];
    let options = ctx.options(&args.rules);
    // Compiled directly, not through `shared::compile`: that one marks the
    // model's files as inputs that no output may replace, and replacing
    // one is this command's job.
    let c = tmc_compiler::compile(&roots, &options);
    print_diagnostics(&c, ctx.color)?;
    let code = exit_code(&c);
    let (OK, Some(model), Some(findings)) = (code, &c.model, &c.findings) else {
        return Ok(ExitCode::from(code));
    };
    match record_in(ctx, args, &options, &c, model, findings, &request) {
        Ok(text) => {
            emit(&text)?;
            Ok(ExitCode::from(OK))
        }
        Err(refusal) => Ok(refusal.report()),
    }
}

/// Checks the command line: the finding id's shape, a justification where
/// the status needs one, dates in order.
fn request<'a>(ctx: &Context, args: &'a TriageArgs) -> Result<Request<'a>, Refusal> {
    let (threat, element) = split_id(&args.finding)?;
    let status = args.status;
    let why = args.why.as_deref().unwrap_or("").trim();
    if status.needs_justification() && why.is_empty() {
        return Err(Refusal::usage(format!(
            "`--status {status}` needs a reason: add --why \"...\""
        ))
        .note(format!(
            "a finding marked {status} says why, in words a reviewer can check"
        )));
    }
    let decided = args.decided.unwrap_or(ctx.today);
    if let Some(until) = args.until {
        check_until(until, decided, ctx.today)?;
    }
    Ok(Request {
        threat,
        element,
        record: Record {
            threat,
            status,
            justification: why,
            owner: args.owner.as_deref().unwrap_or("").trim(),
            ticket: args.ticket.as_deref().unwrap_or("").trim(),
            decided: Some(decided),
            review_by: args.until,
        },
    })
}

/// `THREAT@ELEMENT` split at its `@`.
fn split_id(id: &str) -> Result<(&str, &str), Refusal> {
    match id.split_once('@') {
        Some((threat, element)) if !threat.trim().is_empty() && !element.trim().is_empty() => {
            Ok((threat.trim(), element.trim()))
        }
        _ => Err(Refusal::usage(format!("`{id}` is not a finding id"))
            .note("write THREAT@ELEMENT, as `tmc threats MODEL` names findings (e.g. INP05@web)")),
    }
}

/// A review date not passed already, and after the decision.
fn check_until(until: Date, decided: Date, today: Date) -> Result<(), Refusal> {
    if until < today {
        return Err(Refusal::usage(format!(
            "--until {until} has passed already (today is {today}): the finding would count as open at once"
        ))
        .note("give a review date from today on (or --today, to judge on another day)"));
    }
    if until < decided {
        return Err(
            Refusal::usage(format!("--until {until} is before the decision, {decided}"))
                .note("a decision is reviewed after it is taken; check the two dates"),
        );
    }
    Ok(())
}

/// Finds the finding, then writes the entry and confirms it (or shows it,
/// `--dry-run`): what to print.
fn record_in(
    ctx: &Context,
    args: &TriageArgs,
    options: &Options,
    c: &Compilation,
    model: &Model,
    findings: &[Finding],
    request: &Request,
) -> Result<String, Refusal> {
    let target = target_of(c, options, model, findings, request, &args.model)?;
    let object = model.object(target);
    let file = c.sources.name(object.id_span.file);
    if tmc_compiler::embedded().any(|(name, _)| *name == file) {
        return Err(Refusal::usage(format!(
            "`{}` is declared by tmc itself, not in the model",
            object.id
        )));
    }
    let text = c.sources.text(object.id_span.file);
    let edit = triage::record(model, target, text, &request.record);
    let change = Change::new(c, &edit);
    let expected = Expected {
        threat: request.threat,
        target: &object.id,
        entry: change.entry.clone(),
        status: request.record.status,
    };
    let roots = [args.model.clone()];
    let edited = tmc_compiler::compile_with(&roots, options, &change.file_system());
    expected.check(&edited, ctx)?;
    if args.dry_run {
        return Ok(change.preview());
    }
    change.write()?;
    let reread = tmc_compiler::compile(&roots, options);
    expected
        .check(&reread, ctx)
        .map_err(|refusal| change.restore(refusal))
}

/// The object whose finding the request names: it exists, the threat
/// exists and is reported on it, and a triage can name it.
fn target_of(
    c: &Compilation,
    options: &Options,
    model: &Model,
    findings: &[Finding],
    request: &Request,
    root: &Path,
) -> Result<ObjectId, Refusal> {
    let (Some(target), renamed) = element(model, request.element) else {
        return Err(unknown_id(c, options, request.threat, request.element));
    };
    // The threat, checked as `tmc explain` checks it (with its did-you-mean).
    let resolved = &model.object(target).id;
    if explain::explain(c, &options.exclude, request.threat, resolved).is_err() {
        return Err(unknown_id(c, options, request.threat, resolved));
    }
    let finding = finding_of(c, model, findings, request, target, root)?;
    refuse_unlabelled_flow(c, model, target)?;
    let id = finding.id(&c.library, model);
    if let Some(name) = &finding.excluded_by {
        return Err(Refusal::usage(format!(
            "{id} is ruled out by the assumption `{name}`: a triage would not change it"
        ))
        .note("an assumption decides before any triage; remove it to triage the finding"));
    }
    if let Some(old) = renamed {
        eprintln!(
            "note: `{}` was renamed to `{resolved}` (its `renamedFrom`): the finding is {id}",
            shown(old),
        );
    }
    Ok(target)
}

/// The object `element` names, by its identifier or a former one (its
/// `renamedFrom`), and the former one when that is how it was found.
fn element<'e>(model: &Model, element: &'e str) -> (Option<ObjectId>, Option<&'e str>) {
    if let Some(id) = model.lookup(element) {
        return (Some(id), None);
    }
    match model.renamed(element) {
        Some(id) => (Some(id), Some(element)),
        None => (None, None),
    }
}

/// The refusal for a threat or element id that names nothing, worded and
/// hinted as `tmc explain` does.
fn unknown_id(c: &Compilation, options: &Options, threat: &str, element: &str) -> Refusal {
    match explain::explain(c, &options.exclude, threat, element) {
        Err(unknown) => Refusal {
            notes: unknown.notes(),
            ..Refusal::usage(unknown.message())
        },
        Ok(_) => Refusal::usage(format!("no finding {threat}@{element}")),
    }
}

/// The finding of the request's threat on `target`, or a refusal that
/// lists the findings `target` does have.
fn finding_of<'c>(
    c: &Compilation,
    model: &Model,
    findings: &'c [Finding],
    request: &Request,
    target: ObjectId,
    root: &Path,
) -> Result<&'c Finding, Refusal> {
    let threat_of = |f: &Finding| c.library.threats[f.threat].id.as_str();
    let on_target = || findings.iter().filter(|f| f.target == target);
    if let Some(f) = on_target().find(|f| threat_of(f) == request.threat) {
        return Ok(f);
    }
    let object = &model.object(target).id;
    let mut refusal = Refusal::usage(format!(
        "{}@{object} is not a finding of this model: {} is not reported on `{object}`",
        request.threat, request.threat
    ));
    let mut ids: Vec<String> = on_target().map(|f| f.id(&c.library, model)).collect();
    ids.sort();
    ids.dedup();
    refusal = match ids.len() {
        0 => refusal.note(format!("`{object}` has no findings")),
        n if n > MAX_LISTED => refusal.note(format!(
            "`{object}` has {n} findings: {}, ... (`tmc threats {}` lists them all)",
            ids[..MAX_LISTED].join(", "),
            root.display()
        )),
        _ => refusal.note(format!("`{object}` has these findings: {}", ids.join(", "))),
    };
    Err(refusal.note(format!(
        "`tmc explain {} {object} {}` shows why {} does not fire there",
        request.threat,
        root.display(),
        request.threat
    )))
}

/// A flow written without a label (`a -> b`) has no identifier a triage's
/// `on` could name.
fn refuse_unlabelled_flow(c: &Compilation, model: &Model, target: ObjectId) -> Result<(), Refusal> {
    let object = model.object(target);
    let Role::Flow { source, sink } = object.role else {
        return Ok(());
    };
    if !object.id.contains("->") {
        return Ok(());
    }
    let (from, to) = (&model.object(source).id, &model.object(sink).id);
    let at = c.sources.line_col(object.span.file, object.span.start);
    Err(Refusal::usage(format!(
        "a triage names a flow by its label, and the flow `{}` has none",
        object.id
    ))
    .note(format!(
        "label it where it is declared ({}:{}): `flow <label>: {from} -> {to}`, then triage THREAT@<label>",
        c.sources.name(object.span.file),
        at.line
    )))
}

/// The change to one file: its path, its text before and after, and the
/// triage entry it writes.
struct Change {
    path: PathBuf,
    before: String,
    after: String,
    /// The identifier of the triage entry written.
    entry: String,
    /// The entry's text, and where it goes (for `--dry-run`).
    text: String,
    placement: String,
}

impl Change {
    fn new(c: &Compilation, edit: &Edit) -> Change {
        let name = c.sources.name(edit.span.file);
        let before = c.sources.text(edit.span.file).to_string();
        let range = edit.span.range();
        let mut after = String::with_capacity(before.len() + edit.text.len());
        after.push_str(&before[..range.start]);
        after.push_str(&edit.text);
        after.push_str(&before[range.end..]);
        let line = |offset| c.sources.line_col(edit.span.file, offset).line;
        let placement = if range.is_empty() {
            format!("would add to the end of {name}")
        } else {
            format!(
                "would replace lines {}-{} of {name}",
                line(range.start),
                line(range.end)
            )
        };
        Change {
            path: PathBuf::from(name),
            before,
            after,
            entry: edit.id.clone(),
            text: edit.text.trim_matches('\n').to_string(),
            placement,
        }
    }

    /// What `--dry-run` prints.
    fn preview(&self) -> String {
        format!("{}:\n{}\n", self.placement, self.text)
    }

    /// The file system with this change made, for the compiler.
    fn file_system(&self) -> Edited<'_> {
        Edited {
            identity: RealFs.identity(&self.path),
            text: &self.after,
        }
    }

    /// Replaces the file, if it still holds the text the model was
    /// compiled from.
    fn write(&self) -> Result<(), Refusal> {
        let now = RealFs::read_file(&self.path).unwrap_or_default();
        if now != self.before {
            return Err(Refusal::usage(format!(
                "`{}` changed while tmc triage was reading it: nothing was written",
                self.path.display()
            ))
            .note("run the command again"));
        }
        replace(&self.path, &self.after)
    }

    /// Puts the old text back, after `why`.
    fn restore(&self, why: Refusal) -> Refusal {
        let back = match replace(&self.path, &self.before) {
            Ok(()) => format!("the original text of `{}` is back", self.path.display()),
            Err(e) => format!(
                "the original text of `{}` could not be put back: {}",
                self.path.display(),
                e.message
            ),
        };
        Refusal {
            message: format!(
                "the model read back did not confirm the entry: {}",
                why.message
            ),
            ..why
        }
        .note(back)
    }
}

/// Replaces `path` with `text` through `stream::to`: a temporary file
/// renamed over it once complete, so that the model is never half written.
fn replace(path: &Path, text: &str) -> Result<(), Refusal> {
    let written = stream::to(Some(path), |w| w.write_all(text.as_bytes()));
    match written {
        Ok(Ok(())) => Ok(()),
        Ok(Err(cannot)) => Err(Refusal {
            notes: cannot.hint.map(String::from).into_iter().collect(),
            ..Refusal::usage(cannot.message)
        }),
        Err(e) => Err(Refusal::usage(format!(
            "cannot write `{}`: {e}",
            path.display()
        ))),
    }
}

/// The real file system with one file's text replaced.
struct Edited<'a> {
    identity: PathBuf,
    text: &'a str,
}

impl FileSystem for Edited<'_> {
    fn read(&self, path: &Path) -> io::Result<String> {
        if RealFs.identity(path) == self.identity {
            return Ok(self.text.to_string());
        }
        RealFs.read(path)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        RealFs.identity(path)
    }

    fn real_path(&self, path: &Path) -> Option<PathBuf> {
        RealFs.real_path(path)
    }
}

/// What a compilation of the edited model must show: the finding decided
/// by the entry, with the status asked for.
struct Expected<'a> {
    threat: &'a str,
    target: &'a str,
    entry: String,
    status: Status,
}

impl Expected<'_> {
    /// The line to print when `c` shows it, else why not.
    fn check(&self, c: &Compilation, ctx: &Context) -> Result<String, Refusal> {
        let id = format!("{}@{}", self.threat, self.target);
        if c.has_errors() {
            let errors: Vec<_> = c
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            let _ = print_these(&c.sources, &errors, ctx.color);
            return Err(Refusal::model(format!(
                "the model would not compile with the entry for {id}: nothing was written"
            ))
            .note("a triage that decides the finding as specifically may be in the way: change that one instead"));
        }
        let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
            return Err(Refusal::model(format!(
                "no findings with the entry for {id}"
            )));
        };
        let finding = findings
            .iter()
            .find(|f| f.id(&c.library, model) == id)
            .ok_or_else(|| Refusal::model(format!("{id} is gone once the entry is added")))?;
        let standing = gate::standing(finding);
        let decided_by = standing.triage().map(|d| model.object(d.entry));
        match decided_by {
            Some(entry) if entry.id == self.entry && standing.status == self.status => {
                let at = c.sources.line_col(entry.span.file, entry.span.start);
                Ok(format!(
                    "{id}: {} (triage `{}`, {}:{})\n",
                    standing.label(),
                    entry.id,
                    c.sources.name(entry.span.file),
                    at.line
                ))
            }
            Some(other) => Err(Refusal::model(format!(
                "the entry would not decide {id}: the triage `{}` is more specific and still wins",
                other.id
            ))
            .note(format!(
                "change `{}` instead: nothing was written",
                other.id
            ))),
            None => Err(Refusal::model(format!(
                "the entry would not decide {id} (it stays {}): nothing was written",
                standing.label()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_id_is_split_at_its_at_sign() {
        assert_eq!(split_id("INP05@web").ok(), Some(("INP05", "web")));
        assert_eq!(split_id("DE03@a->b").ok(), Some(("DE03", "a->b")));
        for bad in ["INP05", "@web", "INP05@", " @ "] {
            let refusal = split_id(bad).expect_err(bad);
            assert_eq!(refusal.code, USAGE);
            assert!(refusal.message.contains("is not a finding id"), "{bad}");
        }
    }

    #[test]
    fn a_review_date_is_neither_past_nor_before_the_decision() {
        let day = |text| Date::parse(text).unwrap();
        let today = day("2026-12-05");
        assert!(check_until(day("2026-12-05"), today, today).is_ok());
        assert!(check_until(day("2027-01-01"), day("2026-06-01"), today).is_ok());
        let past = check_until(day("2026-12-04"), day("2026-06-01"), today)
            .err()
            .unwrap();
        assert!(
            past.message.contains("has passed already"),
            "{}",
            past.message
        );
        let early = check_until(day("2027-01-01"), day("2027-02-01"), today)
            .err()
            .unwrap();
        assert!(
            early.message.contains("before the decision"),
            "{}",
            early.message
        );
    }
}
