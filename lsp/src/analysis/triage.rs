//! Triage in the editor: where a finding stands (its diagnostic and the
//! hovers show it), what a `Triage` declaration decides (its hover), and
//! the quick fixes that record a decision for a finding, written by the
//! compiler's own writer (`tmc_compiler::triage::record`). Every status
//! comes from `gate::standing`.

use std::fmt::Write;
use std::path::PathBuf;

use tmc_compiler::findings::Finding;
use tmc_compiler::gate::{self, Source};
use tmc_compiler::model::known::STATUS;
use tmc_compiler::model::{Model, ObjectId, Value};
use tmc_compiler::triage::{record, Date, Decision, Record, Status};
use tmc_compiler::Compilation;

use super::answers::FINDINGS;
use super::answers::{CodeAction, Edits, TextEdit};
use super::lines::LineIndex;

/// The most finding ids a triage's hover lists.
const MAX_LISTED: usize = 20;

/// What a quick fix records: the status and the words of its title.
pub const CHOICES: [(Status, &str); 4] = [
    (Status::Accepted, "accept"),
    (Status::Mitigated, "mark mitigated"),
    (Status::FalsePositive, "mark false positive"),
    (Status::NeedsInvestigation, "needs investigation"),
];

/// The justification a quick fix writes where one is required: the
/// compiler warns about it (`placeholder-justification`) until replaced.
pub const PLACEHOLDER: &str = "TODO: why this holds";

/// Where a finding stands, on one line: `Status: accepted, expired
/// 2026-11-30 (owner appsec, ticket SEC-1, review by 2026-11-30): why`;
/// `None` when nobody has decided anything about it.
pub fn status_line(f: &Finding) -> Option<String> {
    let standing = gate::standing(f);
    let about = match standing.source {
        Source::Untriaged => return None,
        Source::Triage(d) => decision_facts(d),
        Source::Response(_) => vec!["an override's response".to_string()],
        Source::Assumption(_) => vec!["an assumption".to_string()],
    };
    let mut out = format!("Status: {}", standing.label());
    if !about.is_empty() {
        let _ = write!(out, " ({})", about.join(", "));
    }
    let why = standing.why();
    if !why.is_empty() {
        let _ = write!(out, ": {}", one_line(why));
    }
    Some(out)
}

/// A decision's owner, ticket, decision and review dates, as written.
fn decision_facts(d: &Decision) -> Vec<String> {
    let mut facts = Vec::new();
    if !d.owner.is_empty() {
        facts.push(format!("owner {}", d.owner));
    }
    if !d.ticket.is_empty() {
        facts.push(format!("ticket {}", d.ticket));
    }
    if let Some(day) = d.decided {
        facts.push(format!("decided {day}"));
    }
    if let Some(day) = d.review_by {
        facts.push(format!("review by {day}"));
    }
    facts
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For the hover on a `Triage`: its status (and whether it has expired)
/// and the findings it wins.
pub fn decides(c: &Compilation, model: &Model, id: ObjectId) -> String {
    let won: Vec<&Finding> = c
        .findings
        .iter()
        .flatten()
        .filter(|f| f.triage.as_ref().is_some_and(|d| d.entry == id))
        .collect();
    let decision = won.first().and_then(|f| f.triage.as_deref());
    let written = match model.object(id).attrs.get(STATUS.name()) {
        Some(Value::Enum { member, .. }) => Status::parse(member),
        _ => None,
    };
    let mut out = match (decision, written) {
        (Some(d), _) => {
            let mut line = format!("Status: {}", d.label());
            let facts = decision_facts(d);
            if !facts.is_empty() {
                let _ = write!(line, " ({})", facts.join(", "));
            }
            if d.expired && d.status.closes() {
                line +=
                    "\n\nIts review date has passed: the findings it decides count as open again.";
            }
            line
        }
        (None, Some(s)) => format!("Status: {s}"),
        (None, None) => String::new(),
    };
    let ids: Vec<String> = won
        .iter()
        .take(MAX_LISTED)
        .map(|f| format!("`{}`", f.id(&c.library, model)))
        .collect();
    let more = match won.len().saturating_sub(MAX_LISTED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let _ = match won.len() {
        0 if c.findings.is_none() => write!(
            out,
            "\n\nNo findings to decide: the model does not compile."
        ),
        0 => write!(out, "\n\nDecides no finding."),
        n => write!(
            out,
            "\n\nDecides {n} finding{}: {}{more}",
            if n == 1 { "" } else { "s" },
            ids.join(", ")
        ),
    };
    out
}

/// The quick fixes for the findings on declarations whose identifier in
/// `file` meets bytes `start..=end`: for each, one per choice, recording
/// it on `today`, with the owner and ticket of the triage deciding it now
/// (if any). `open` gives the editor's text of a file when it has it
/// open: a fix is offered only while every file it edits is as compiled.
pub fn actions(
    c: &Compilation,
    file: &str,
    (start, end): (usize, usize),
    today: Date,
    open: &dyn Fn(&str) -> Option<String>,
) -> Vec<CodeAction> {
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return Vec::new();
    };
    let compiled = c.sources.ids().find(|&f| c.sources.name(f) == file);
    let stale = compiled.is_none_or(|f| open(file).is_some_and(|now| now != c.sources.text(f)));
    if stale {
        return Vec::new();
    }
    let meets = |f: &&Finding| {
        let span = model.object(f.target).id_span;
        c.sources.name(span.file) == file && span.start <= end && start <= span.end
    };
    let mut out = Vec::new();
    for f in findings.iter().filter(|f| !f.is_excluded()).filter(meets) {
        let threat = &c.library.threats[f.threat].id;
        let id = f.id(&c.library, model);
        let text = c.sources.text(model.object(f.target).id_span.file);
        // Who owns it and where it is tracked carry over to the new
        // decision.
        let now = f.triage.as_deref();
        let (owner, ticket) = now.map_or(("", ""), |d| (d.owner.as_str(), d.ticket.as_str()));
        for (status, words) in CHOICES {
            let entry = Record {
                threat,
                status,
                justification: if status.needs_justification() {
                    PLACEHOLDER
                } else {
                    ""
                },
                owner,
                ticket,
                decided: Some(today),
                review_by: None,
            };
            let edit = record(model, f.target, text, &entry);
            let (name, compiled) = (
                c.sources.name(edit.span.file),
                c.sources.text(edit.span.file),
            );
            if open(name).is_some_and(|now| now != compiled) {
                continue;
            }
            let index = LineIndex::new(compiled);
            let path = PathBuf::from(name);
            let mut edits = Edits::new();
            edits.insert(
                path,
                vec![TextEdit {
                    range: index.range(edit.span.start, edit.span.end),
                    new_text: edit.text,
                }],
            );
            out.push(CodeAction {
                title: format!("Triage {id}: {words}"),
                source: FINDINGS,
                code: threat.clone(),
                edits,
                preferred: false,
            });
        }
    }
    out
}
