//! Writing a decision into a model: the one writer of triage entries, which
//! `tmc triage` and the language server's quick fixes share.

use crate::model::known::{
    Known, DECIDED, JUSTIFICATION, KINDS, ON, OWNER, REVIEW_BY, STATUS, THREAT_ID, TICKET,
};
use crate::model::{Model, Object, ObjectId, Role, Value};
use crate::source::Span;

use super::{Date, Status};

/// A decision to write into a model for one finding: what `tmc triage`
/// and the language server's quick fix record. Empty strings and `None`
/// are left out of the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Record<'a> {
    /// The threat id (of the finding, never `"*"`).
    pub threat: &'a str,
    pub status: Status,
    pub justification: &'a str,
    pub owner: &'a str,
    pub ticket: &'a str,
    pub decided: Option<Date>,
    pub review_by: Option<Date>,
}

/// Text to put in place of `span` (empty: an insertion at `span.start`),
/// which declares the triage `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
    pub id: String,
}

/// The edit that records `record` for the finding of its threat on
/// `target`: it rewrites the triage that names exactly that finding (the
/// threat id, `on = [target]` and no `kinds`), keeping its identifier, and
/// its owner and ticket unless `record` gives others, where there is one;
/// else it adds a triage at the end of the file that
/// declares `target`. Either way the declaration is written as `tmc fmt`
/// writes it, and nothing else in the file changes. `text` is the text of
/// the target's file.
pub fn record<'a>(model: &'a Model, target: ObjectId, text: &str, record: &Record<'a>) -> Edit {
    let object = model.object(target);
    let file = object.id_span.file;
    if let Some(existing) = exact_triage(model, record.threat, target) {
        let existing = model.object(existing);
        let kept = |given: &'a str, field: Known| match given {
            "" => existing
                .attrs
                .get(field.name())
                .and_then(Value::as_str)
                .unwrap_or(""),
            given => given,
        };
        let merged = Record {
            owner: kept(record.owner, OWNER),
            ticket: kept(record.ticket, TICKET),
            ..record.clone()
        };
        return Edit {
            span: existing.span,
            text: declaration(&existing.id, &object.id, &merged),
            id: existing.id.clone(),
        };
    }
    let id = new_id(model, record.threat, &object.id);
    let end = text.len();
    let gap = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    Edit {
        span: Span::new(file, end, end),
        text: format!("{gap}{}\n", declaration(&id, &object.id, record)),
        id,
    }
}

/// The triage that names exactly the finding of `threat` on `target`.
fn exact_triage(model: &Model, threat: &str, target: ObjectId) -> Option<ObjectId> {
    let exact = |o: &Object| {
        let on = Value::items(o.attrs.get(ON.name()));
        o.attrs.get(THREAT_ID.name()).and_then(Value::as_str) == Some(threat)
            && matches!(on, [Value::Ref(t)] if *t == target)
            && Value::items(o.attrs.get(KINDS.name())).is_empty()
    };
    let found = model
        .objects
        .iter()
        .position(|o| o.role == Role::Triage && exact(o));
    found.map(|i| ObjectId(i as u32))
}

/// `triage_INP02_web`, or with `_2`, `_3`... when taken; characters an
/// identifier cannot hold become `_`.
fn new_id(model: &Model, threat: &str, target: &str) -> String {
    let base: String = format!("triage_{threat}_{target}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut id = base.clone();
    let mut n = 1;
    while model.lookup(&id).is_some() {
        n += 1;
        id = format!("{base}_{n}");
    }
    id
}

/// The declaration of triage `id` of `record` on `target`, formatted.
fn declaration(id: &str, target: &str, record: &Record) -> String {
    use tmc_syntax::escape::tm::string;
    let mut lines = vec![
        format!("Triage {id} {{"),
        format!("  {} = {}", THREAT_ID.name(), string(record.threat)),
        format!("  {} = [{target}]", ON.name()),
        format!("  {} = {}", STATUS.name(), record.status.member()),
    ];
    let texts = [
        (JUSTIFICATION, record.justification),
        (OWNER, record.owner),
        (TICKET, record.ticket),
    ];
    for (field, value) in texts.into_iter().filter(|(_, v)| !v.is_empty()) {
        lines.push(format!("  {} = {}", field.name(), string(value)));
    }
    let days = [(DECIDED, record.decided), (REVIEW_BY, record.review_by)];
    for (field, day) in days {
        if let Some(day) = day {
            lines.push(format!("  {} = \"{day}\"", field.name()));
        }
    }
    lines.push("}".to_string());
    let text = lines.join("\n");
    // Written in the formatter's layout already; formatted anyway so that
    // a change to `tmc fmt` changes this too.
    tmc_syntax::format::format(&text)
        .map(|t| t.trim_end().to_string())
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"model "m" { description = "d" }
Server web "Web" {}
Triage keep {
  threat_id = "INP02"
  on = [web]
  status = IN_PROGRESS
  owner = "ops"
}
"#;

    fn accepted(threat: &str) -> Record<'_> {
        Record {
            threat,
            status: Status::Accepted,
            justification: "Say \"why\"",
            owner: "",
            ticket: "T-1",
            decided: Date::parse("2026-12-05").ok(),
            review_by: None,
        }
    }

    #[test]
    fn recording_a_new_decision_appends_a_formatted_triage() {
        let (_, model) = crate::compile_clean(MODEL);
        let web = model.lookup("web").unwrap();
        let edit = record(&model, web, MODEL, &accepted("INP05"));
        assert_eq!((edit.span.start, edit.span.end), (MODEL.len(), MODEL.len()));
        assert_eq!(
            edit.text,
            "\nTriage triage_INP05_web {\n  threat_id = \"INP05\"\n  on = [web]\n  status = ACCEPTED\n  justification = \"Say \\\"why\\\"\"\n  ticket = \"T-1\"\n  decided = \"2026-12-05\"\n}\n"
        );
        let mut written = MODEL.to_string();
        written.push_str(&edit.text);
        let formatted = tmc_syntax::format::format(&written).unwrap();
        assert!(formatted.ends_with(&edit.text), "{formatted}");
    }

    #[test]
    fn recording_a_decided_finding_rewrites_its_own_triage() {
        let (_, model) = crate::compile_clean(MODEL);
        let web = model.lookup("web").unwrap();
        let edit = record(&model, web, MODEL, &accepted("INP02"));
        assert_eq!(
            &MODEL[edit.span.start..edit.span.end],
            &MODEL[MODEL.find("Triage").unwrap()..MODEL.len() - 1]
        );
        assert!(edit.text.starts_with("Triage keep {"), "{}", edit.text);
        assert_eq!(edit.id, "keep");
        assert!(
            edit.text.contains("owner = \"ops\""),
            "the owner is kept: {}",
            edit.text
        );
        assert!(edit.text.contains("ticket = \"T-1\""), "{}", edit.text);
    }
}
