//! Remedies for a finding, written into the model as quick fixes: set a
//! control its threat's mitigation names (`set controls.X = true`), or add
//! an assumption to the element that rules the threat out. Each edit
//! rewrites the element's declaration as `tmc fmt` writes it, so only
//! that declaration changes.

use std::collections::BTreeSet;
use std::path::PathBuf;

use tmc_compiler::findings::Finding;
use tmc_compiler::model::known::{ASSUMPTIONS, CONTROLS, EXCLUDE, NAME};
use tmc_compiler::model::{Object, Value};
use tmc_compiler::schema::Type;
use tmc_compiler::Compilation;
use tmc_syntax::source::Span;
use tmc_syntax::syntax::ast::{Item, Member, ValueKind};

use super::answers::FINDINGS;
use super::answers::{CodeAction, Edits, TextEdit};
use super::compile::as_compiled;
use super::lines::LineIndex;

/// The name a new assumption is given, for the author to replace.
pub const PLACEHOLDER: &str = "TODO: what holds here";

/// The remedies for the open findings on declarations of `file` whose
/// identifier meets bytes `start..=end`; none while `text` (the editor's)
/// differs from the text compiled.
pub fn actions(
    c: &Compilation,
    file: &str,
    text: &str,
    (start, end): (usize, usize),
) -> Vec<CodeAction> {
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return Vec::new();
    };
    let Some(compiled) = as_compiled(c, file, text) else {
        return Vec::new();
    };
    let meets = |f: &&Finding| {
        let span = model.object(f.target).id_span;
        span.file == compiled && span.start <= end && start <= span.end
    };
    let mut out = Vec::new();
    let mut titles = BTreeSet::new();
    for f in findings.iter().filter(|f| !f.is_excluded()).filter(meets) {
        let object = model.object(f.target);
        let Some(body) = body_of(text, object.span) else {
            continue;
        };
        let threat = &c.library.threats[f.threat];
        let mut offer = |title: String, edit: Option<TextEdit>| {
            if let Some(edit) = edit.filter(|_| titles.insert(title.clone())) {
                out.push(CodeAction {
                    title,
                    source: FINDINGS,
                    code: threat.id.clone(),
                    edits: Edits::from([(PathBuf::from(file), vec![edit])]),
                    preferred: false,
                });
            }
        };
        for control in named_controls(c, object, &threat.mitigations) {
            let title = format!(
                "Set `{}.{control} = true` on `{}`",
                CONTROLS.name(),
                object.id
            );
            offer(title, set_control(text, object.span, &body, &control));
        }
        let title = format!(
            "Add an assumption that rules out {} on `{}`",
            threat.id, object.id
        );
        offer(title, add_assumption(text, object.span, &body, &threat.id));
    }
    out
}

/// The controls `mitigations` names (`controls.NAME`), in order, that the
/// object's `controls` record has and that are not already true on it.
fn named_controls(c: &Compilation, object: &Object, mitigations: &str) -> Vec<String> {
    let prefix = format!("{}.", CONTROLS.name());
    let record = c
        .schema
        .kind(&object.kind)
        .and_then(|k| k.attr(CONTROLS.name()))
        .and_then(|a| match &a.ty {
            Type::Record(r) => c.schema.record(r),
            _ => None,
        });
    let Some(record) = record else {
        return Vec::new();
    };
    let set = object.attrs.get(CONTROLS.name()).and_then(Value::as_record);
    let mut out: Vec<String> = Vec::new();
    for (at, _) in mitigations.match_indices(&prefix) {
        let rest = &mitigations[at + prefix.len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let settable = record
            .field(&name)
            .is_some_and(|f| !f.derived && f.ty == Type::Bool);
        let already = set.and_then(|s| s.get(&name)) == Some(&Value::Bool(true));
        if settable && !already && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The declaration at `span` with `controls.NAME` true: its written value
/// replaced, or the field added to its `controls` block, or the dotted
/// assignment added to its body.
fn set_control(text: &str, span: Span, body: &[Member], name: &str) -> Option<TextEdit> {
    let controls = CONTROLS.name();
    let dotted = body.iter().find(|m| path_is(m, &[controls, name]));
    let record = body.iter().find(|m| path_is(m, &[controls]));
    let nested = record.and_then(|m| match &m.value.kind {
        ValueKind::Record(fields) => Some((m, fields)),
        _ => None,
    });
    let insert = match (dotted, nested) {
        (Some(m), _) => Insert::Replace(m.value.span, "true".into()),
        (None, Some((m, fields))) => match fields.iter().find(|f| path_is(f, &[name])) {
            Some(f) => Insert::Replace(f.value.span, "true".into()),
            // Before the block's closing brace.
            None => Insert::At(m.value.span.end - 1, format!(" {name} = true ")),
        },
        (None, None) => Insert::Member(format!("{controls}.{name} = true")),
    };
    rewrite(text, span, insert)
}

/// The declaration at `span` with an assumption excluding `threat` added
/// to its `assumptions` (which it gets if it has none).
fn add_assumption(text: &str, span: Span, body: &[Member], threat: &str) -> Option<TextEdit> {
    let entry = format!(
        "{{ {} = {} {} = [{}] }}",
        NAME.name(),
        quoted(PLACEHOLDER),
        EXCLUDE.name(),
        quoted(threat)
    );
    let list = body.iter().find(|m| path_is(m, &[ASSUMPTIONS.name()]));
    let insert = match list.map(|m| (&m.value.kind, m.value.span)) {
        Some((ValueKind::List(items), at)) => {
            let close = at.end - 1;
            let before = text[at.start + 1..close].trim_end();
            let comma = if items.is_empty() || before.ends_with(',') {
                ""
            } else {
                ","
            };
            Insert::At(close, format!("{comma} {entry} "))
        }
        Some(_) => return None,
        None => Insert::Member(format!("{} = [{entry}]", ASSUMPTIONS.name())),
    };
    rewrite(text, span, insert)
}

/// A string literal of `s` (which has no quote or backslash).
fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// What to change in a declaration.
enum Insert {
    /// Replace the text at a span.
    Replace(Span, String),
    /// Insert text at a byte offset.
    At(usize, String),
    /// Add a member to the declaration's body (a body is added when it
    /// has none).
    Member(String),
}

/// The edit that makes `insert` in the declaration at `span` of `text` and
/// writes the declaration again as `tmc fmt` does (indented as it was).
fn rewrite(text: &str, span: Span, insert: Insert) -> Option<TextEdit> {
    let decl = &text[span.start..span.end];
    let local = |at: usize| at.checked_sub(span.start).filter(|&at| at <= decl.len());
    let changed = match insert {
        Insert::Replace(at, with) => {
            let (from, to) = (local(at.start)?, local(at.end)?);
            format!("{}{with}{}", &decl[..from], &decl[to..])
        }
        Insert::At(at, with) => {
            let at = local(at)?;
            format!("{}{with}{}", &decl[..at], &decl[at..])
        }
        Insert::Member(member) => match decl.trim_end().strip_suffix('}') {
            Some(open) if has_body(decl) => format!("{open}\n{member}\n}}"),
            _ => format!("{} {{\n{member}\n}}", decl.trim_end()),
        },
    };
    let formatted = tmc_syntax::format::format(&changed).ok()?;
    let line_start = text[..span.start].rfind('\n').map_or(0, |n| n + 1);
    let indent = &text[line_start..span.start];
    let indent = if indent.trim().is_empty() { indent } else { "" };
    // What follows the declaration in its span (a line break) stays.
    let trailing = &decl[decl.trim_end().len()..];
    let new_text = formatted
        .trim_end()
        .lines()
        .enumerate()
        .map(|(i, line)| match (i, line.is_empty()) {
            (0, _) | (_, true) => line.to_string(),
            _ => format!("{indent}{line}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + trailing;
    let index = LineIndex::new(text);
    Some(TextEdit {
        range: index.range(span.start, span.end),
        new_text,
    })
}

/// Whether a declaration's text ends with its body's closing brace (an
/// element without a body ends with its name or boundary).
fn has_body(decl: &str) -> bool {
    decl.trim_end().ends_with('}')
}

/// The members of the element or flow declared at `span`, read from its
/// own text (not the whole file's: a large model is not parsed again for
/// each finding), their spans moved back into the file's text.
fn body_of(text: &str, span: Span) -> Option<Vec<Member>> {
    let decl = text.get(span.start..span.end)?;
    let (file, _) = tmc_syntax::syntax::parse_recovering(span.file, decl);
    let mut members = match file?.items.into_iter().next()? {
        Item::Element(e) => e.body,
        Item::Flow(f) => f.body,
        _ => return None,
    };
    for m in &mut members {
        shift(m, span.start);
    }
    Some(members)
}

/// Moves a member's spans (and its value's, nested ones included) `by`
/// bytes on.
fn shift(m: &mut Member, by: usize) {
    m.span = moved(m.span, by);
    for p in &mut m.path {
        p.span = moved(p.span, by);
    }
    shift_value(&mut m.value, by);
}

fn shift_value(v: &mut tmc_syntax::syntax::ast::Value, by: usize) {
    v.span = moved(v.span, by);
    match &mut v.kind {
        ValueKind::List(items) => items.iter_mut().for_each(|i| shift_value(i, by)),
        ValueKind::Record(fields) => fields.iter_mut().for_each(|f| shift(f, by)),
        _ => {}
    }
}

fn moved(s: Span, by: usize) -> Span {
    Span::new(s.file, s.start + by, s.end + by)
}

/// Whether a member assigns exactly `path` (`controls.isHardened`).
fn path_is(m: &Member, path: &[&str]) -> bool {
    m.path.len() == path.len() && m.path.iter().zip(path).all(|(a, b)| a.name == *b)
}
