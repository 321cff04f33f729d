//! Hover: the doc of the word under the cursor, whatever it names: a kind,
//! record or enum; an attribute of the block it is written in; an enum
//! member; a model object (with its place in the graph and its findings);
//! a threat; a predicate. On the identifier of a declaration that has
//! findings (where they are shown as diagnostics), each finding's
//! explanation follows: why its threat fired there (`tmc explain`), with
//! where it stands when someone has decided about it; on a `Triage`, what
//! it decides.

use std::fmt::Write;

use tmc_compiler::explain;
use tmc_compiler::findings::Text;
use tmc_compiler::gate::{self, Source};
use tmc_compiler::model::known::{
    self, BLAST_RADIUS, REACHABLE_FROM, REACHABLE_FROM_HOPS, REACHES_DATA,
};
use tmc_compiler::model::{Model, ObjectId, Role, Value};
use tmc_compiler::Compilation;

use super::completion::{fields_of, show};
use super::context::{self, Context};
use super::triage;

/// Markdown for the word `word`, written where the text before it is
/// `before`.
pub fn hover(c: &Compilation, before: &str, word: &str) -> Option<String> {
    let schema = &c.schema;
    let is_kind = |k: &str| schema.kind(k).is_some();
    // An attribute name in a block, or a field in a condition path.
    let ctx = context::at(before, &is_kind);
    if let Context::AttrName { owner, prefix } = &ctx {
        if let Some(a) =
            fields_of(schema, owner, prefix).and_then(|f| f.iter().find(|a| a.name == word))
        {
            let default = a
                .default
                .as_ref()
                .map(|d| format!(" = {}", show(d)))
                .unwrap_or_default();
            return Some(format!(
                "```tm\n{}: {}{default}\n```\n{}\n\n*declared in {}*",
                a.name, a.ty, a.doc, a.declared_in
            ));
        }
    }
    if let Some(k) = schema.kind(word) {
        let mut out = format!(
            "```tm\nkind {}{}\n```\n{}\n",
            k.name,
            k.parent
                .as_ref()
                .map(|p| format!(" : {p}"))
                .unwrap_or_default(),
            k.doc
        );
        let own: Vec<String> = k
            .attrs
            .iter()
            .filter(|a| a.declared_in == k.name && !a.derived)
            .map(|a| format!("`{}`", a.name))
            .collect();
        if !own.is_empty() {
            let _ = write!(out, "\nAttributes of its own: {}", own.join(", "));
        }
        return Some(out);
    }
    if let Some(r) = schema.record(word) {
        return Some(format!("```tm\nrecord {}\n```\n{}", r.name, r.doc));
    }
    if let Some(e) = schema.enumeration(word) {
        let members: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
        return Some(format!(
            "```tm\n{}enum {}\n```\n{}\n\nMembers: {}",
            if e.ordered { "ordered " } else { "" },
            e.name,
            e.doc,
            members.join(", ")
        ));
    }
    if let Some(model) = &c.model {
        if let Some(id) = model.lookup(word) {
            return Some(object(c, model, id));
        }
    }
    if let Some(t) = c.library.threat(word) {
        let mut out = format!(
            "**{} {}**\n\nSeverity {}",
            t.id,
            t.title,
            t.severity.label()
        );
        if let Some(l) = &t.likelihood {
            let _ = write!(out, ", likelihood {}", l.label());
        }
        let _ = write!(
            out,
            "; targets {}\n\n```tm\nwhen = {}\n```\n{}",
            t.targets.join(", "),
            t.condition_text,
            t.details
        );
        if !t.mitigations.is_empty() {
            let _ = write!(out, "\n\n**Mitigations.** {}", t.mitigations);
        }
        return Some(out);
    }
    if let Some(p) = c.library.predicates.iter().find(|p| p.name == word) {
        let params: Vec<String> = p.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        return Some(format!(
            "```tm\npredicate {}({})\n```\n{}",
            p.name,
            params.join(", "),
            p.docs
        ));
    }
    let members: Vec<String> = schema
        .enums
        .iter()
        .filter_map(|e| {
            e.member(word)
                .map(|(_, m)| format!("`{}.{}`: {}", e.name, m.name, m.doc))
        })
        .collect();
    (!members.is_empty()).then(|| members.join("\n\n"))
}

fn object(c: &Compilation, model: &Model, id: ObjectId) -> String {
    let o = model.object(id);
    let mut out = format!("**{}** `{}` ({})", o.name, o.id, o.kind);
    if !o.docs.is_empty() {
        let _ = write!(out, "\n\n{}", o.docs);
    }
    if let Some(b) = o.boundary {
        let _ = write!(out, "\n\nIn boundary `{}`", model.object(b).id);
    }
    if let Some(reach) = reach_line(o) {
        let _ = write!(out, "\n\n{reach}");
    }
    match o.role {
        Role::Element => {
            let name = |f: &ObjectId| format!("`{}`", model.object(*f).id);
            let ins: Vec<String> = model.inputs(id).iter().map(name).collect();
            let outs: Vec<String> = model.outputs(id).iter().map(name).collect();
            let _ = write!(out, "\n\nFlows in: {}; out: {}", list(&ins), list(&outs));
        }
        Role::Flow { source, sink } => {
            let _ = write!(
                out,
                "\n\nFrom `{}` to `{}`",
                model.object(source).id,
                model.object(sink).id
            );
        }
        _ => {}
    }
    if let Some(findings) = &c.findings {
        let mine: Vec<_> = findings
            .iter()
            .filter(|f| f.target == id && !f.is_excluded())
            .collect();
        if !mine.is_empty() {
            let worst = mine
                .iter()
                .map(|f| &f.severity)
                .max_by_key(|s| s.rank)
                .map(|s| s.label())
                .unwrap_or_default();
            let ids: Vec<String> = mine
                .iter()
                .map(|f| {
                    let threat = &c.library.threats[f.threat].id;
                    match gate::standing(f).source {
                        Source::Untriaged => threat.clone(),
                        _ => format!("{threat} ({})", gate::standing(f).label()),
                    }
                })
                .collect();
            let _ = write!(
                out,
                "\n\n{} findings, worst {worst}: {}",
                mine.len(),
                ids.join(", ")
            );
            let decided: Vec<String> = mine
                .iter()
                .filter_map(|f| {
                    let status = triage::status_line(f)?;
                    Some(format!("- `{}`: {status}", f.id(&c.library, model)))
                })
                .collect();
            if !decided.is_empty() {
                let _ = write!(out, "\n\n{}", decided.join("\n"));
            }
            // A path threat's finding names its route (`paths::found`).
            let routes: Vec<String> = mine
                .iter()
                .filter_map(|f| {
                    let path = f.path.as_ref()?;
                    let id = f.id(&c.library, model);
                    Some(format!("- `{id}` path: {}", path.line(model)))
                })
                .collect();
            if !routes.is_empty() {
                let _ = write!(out, "\n\n{}", routes.join("\n"));
            }
        }
    }
    if o.role == Role::Triage {
        let _ = write!(out, "\n\n{}", triage::decides(c, model, id));
    }
    out
}

/// The most findings whose explanation one hover shows.
const MAX_EXPLAINED: usize = 8;

/// The explanations of the findings shown as diagnostics on the
/// declaration whose identifier covers byte `offset` of `file`: one
/// code block each, as `tmc explain` prints them.
pub fn findings_at(c: &Compilation, file: &str, offset: usize) -> Option<String> {
    let model = c.model.as_ref()?;
    let findings = c.findings.as_ref()?;
    let covers = |o: &tmc_compiler::model::Object| {
        let span = o.id_span;
        c.sources.name(span.file) == file && span.start <= offset && offset <= span.end
    };
    let index = model.objects.iter().position(covers)?;
    let id = ObjectId(index as u32);
    let mine: Vec<_> = findings
        .iter()
        .filter(|f| f.target == id && !f.is_excluded())
        .collect();
    if mine.is_empty() {
        return None;
    }
    let mut out = format!(
        "**Why {} finding{} on `{}`** (`tmc explain`)\n",
        mine.len(),
        if mine.len() == 1 { "" } else { "s" },
        model.object(id).id
    );
    for f in mine.iter().take(MAX_EXPLAINED) {
        if let Some(status) = triage::status_line(f) {
            let _ = write!(out, "\n`{}`: {status}\n", f.id(&c.library, model));
        }
        let text = explain::render(&explain::explain_finding(c, model, f));
        let fence = fence(&text);
        let _ = write!(out, "\n{fence}text\n{text}{fence}\n");
        let mitigation = f.text(&c.library.threats[f.threat], Text::Mitigations);
        if !mitigation.trim().is_empty() {
            let mitigation = mitigation.split_whitespace().collect::<Vec<_>>().join(" ");
            let _ = write!(out, "\n**Mitigation.** {mitigation}\n");
        }
    }
    if mine.len() > MAX_EXPLAINED {
        let _ = write!(
            out,
            "\n{} more: `tmc explain THREAT {} FILE` explains any of them",
            mine.len() - MAX_EXPLAINED,
            model.object(id).id
        );
    }
    Some(out)
}

/// A code fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// What the flow graph says of an element (the derived `reachableFrom`,
/// `reachableFromHops`, `blastRadius` and `reachesData`): `Reachable from
/// INTERNET in 2 hops; reaches 3 elements and RESTRICTED data`; none when
/// it is reached from nowhere and reaches nothing.
fn reach_line(o: &tmc_compiler::model::Object) -> Option<String> {
    let member = |k| known::get(&o.attrs, k).and_then(Value::as_member);
    let from = member(REACHABLE_FROM).map(|zone| {
        match known::get(&o.attrs, REACHABLE_FROM_HOPS).and_then(Value::as_int) {
            Some(1) => format!("Reachable from {zone} in 1 hop"),
            Some(n) => format!("Reachable from {zone} in {n} hops"),
            None => format!("Reachable from {zone}"),
        }
    });
    let radius = known::get(&o.attrs, BLAST_RADIUS).and_then(Value::as_int);
    let elements = match radius {
        Some(1) => Some("1 element".to_string()),
        Some(n) if n > 1 => Some(format!("{n} elements")),
        _ => None,
    };
    let reaches = match (elements, member(REACHES_DATA)) {
        (Some(e), Some(d)) => Some(format!("reaches {e} and {d} data")),
        (Some(e), None) => Some(format!("reaches {e}")),
        (None, Some(d)) => Some(format!("reaches {d} data")),
        (None, None) => None,
    };
    match (from, reaches) {
        (Some(f), Some(r)) => Some(format!("{f}; {r} (`tmc paths` lists the routes)")),
        (Some(f), None) => Some(format!("{f} (`tmc paths` lists the routes)")),
        (None, Some(r)) => Some(format!("R{}", &r[1..])),
        (None, None) => None,
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use tmc_compiler::{compile_with, OneFile, Options};

    use super::*;

    #[test]
    fn a_fence_is_longer_than_any_backticks_inside() {
        assert_eq!(fence("no ticks"), "```");
        assert_eq!(fence("a `b` c"), "```");
        assert_eq!(fence("a ```` b"), "`````");
    }

    #[test]
    fn the_findings_of_the_declaration_under_the_cursor_are_explained() {
        let text = "model \"M\" { description = \"d\" }\nActor a \"A\"\nServer s \"S\"\nflow a -> s \"Hello\" { protocol = \"HTTP\" }\n";
        let c = compile_with(
            &[PathBuf::from("m.tm")],
            &Options::default(),
            &OneFile(text),
        );
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        // On the arrow ends of the unnamed flow: its findings.
        let at = text.find("a -> s").unwrap() + 2;
        let why = findings_at(&c, "m.tm", at).expect("the flow has findings");
        assert!(why.starts_with("**Why "), "{why}");
        assert!(why.contains("on `a->s`** (`tmc explain`)"), "{why}");
        assert!(why.contains("\n```text\n"), "{why}");
        assert!(why.contains("verdict: fired and reported"), "{why}");
        // In another file, or off any declaration: nothing.
        assert_eq!(findings_at(&c, "other.tm", at), None);
        assert_eq!(
            findings_at(&c, "m.tm", text.find("description").unwrap()),
            None
        );
    }
}
