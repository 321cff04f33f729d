//! The threat library as checked: every `predicate` and `threat` of the
//! loaded files (stdlib, built-in library, users' rule files, the model's
//! own files), with their fields checked against `record Threat` and their
//! conditions compiled by `checker`.

use std::collections::HashMap;

use super::checker::{Checker, Signature};
use super::ir::Cond;
use super::types::Ty;
use super::Level;
use crate::diagnostic::Diagnostic;
use crate::model::Value;
use crate::schema::{self, Schema};
use crate::source::{Sources, Span};
use crate::syntax::ast;
use crate::typeck::{self, Objects};

/// The record in the stdlib that a threat's fields are checked against.
const THREAT_RECORD: &str = "Threat";

#[derive(Clone, Debug)]
pub struct Predicate {
    pub name: String,
    pub docs: String,
    pub params: Vec<(String, Ty)>,
    pub body: Cond,
    pub slots: usize,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Threat {
    pub id: String,
    pub title: String,
    pub docs: String,
    /// The kinds as written in `targets`.
    pub targets: Vec<String>,
    /// Those kinds and every kind below them.
    pub applies_to: Vec<String>,
    pub severity: Level,
    pub likelihood: Option<Level>,
    pub capec: Vec<i64>,
    pub cwe: Vec<i64>,
    pub details: String,
    pub prerequisites: String,
    pub mitigations: String,
    pub example: String,
    pub references: Vec<String>,
    /// Why it is retired; a deprecated threat is never reported.
    pub deprecated: Option<String>,
    pub condition: Cond,
    /// Frame slots the condition needs (slot 0 is `target`).
    pub slots: usize,
    /// The condition as written, for reports.
    pub condition_text: String,
    pub span: Span,
    pub id_span: Span,
}

/// Every predicate and threat, in load order.
#[derive(Clone, Debug, Default)]
pub struct Library {
    pub predicates: Vec<Predicate>,
    pub threats: Vec<Threat>,
}

impl Library {
    pub fn threat(&self, id: &str) -> Option<&Threat> {
        self.threats.iter().find(|t| t.id == id)
    }
}

/// Checks the predicates and threats of `files`. `objects` are the model's
/// declarations, which conditions may name (`inside(target, dmz)`).
pub fn build(
    schema: &Schema,
    files: &[&ast::File],
    objects: &dyn Objects,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) -> Library {
    let mut predicate_decls = Vec::new();
    let mut threat_decls = Vec::new();
    for file in files {
        for item in &file.items {
            match item {
                ast::Item::Predicate(p) => predicate_decls.push(p),
                ast::Item::Threat(t) => threat_decls.push(t),
                _ => {}
            }
        }
    }
    let signatures = signatures(schema, &predicate_decls, diags);
    let predicates = predicates(schema, objects, &signatures, &predicate_decls, diags);
    let mut threats = Vec::new();
    let mut first: HashMap<&str, Span> = HashMap::new();
    for decl in threat_decls {
        if let Some(&earlier) = first.get(decl.id.name.as_str()) {
            diags.push(
                Diagnostic::error("duplicate-definition", format!("threat `{}` is declared twice", decl.id.name))
                    .at(decl.id.span, "declared again here")
                    .also(earlier, "first declared here")
                    .note("to replace a built-in threat, give yours another id and `--exclude` the built-in one, or use `--no-builtin-threats`"),
            );
            continue;
        }
        first.insert(&decl.id.name, decl.id.span);
        if let Some(t) = threat(schema, objects, &signatures, sources, decl, diags) {
            threats.push(t);
        }
    }
    Library {
        predicates,
        threats,
    }
}

fn signatures(
    schema: &Schema,
    decls: &[&ast::PredicateDecl],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Signature> {
    let mut first: HashMap<&str, Span> = HashMap::new();
    decls
        .iter()
        .map(|p| {
            if let Some(&earlier) = first.get(p.name.name.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-definition",
                        format!("predicate `{}` is declared twice", p.name.name),
                    )
                    .at(p.name.span, "declared again here")
                    .also(earlier, "first declared here"),
                );
            }
            first.entry(&p.name.name).or_insert(p.name.span);
            let params = p
                .params
                .iter()
                .map(|param| {
                    let ty = schema::resolve_type(schema, &param.ty, diags)
                        .map(|t| Ty::of(&t))
                        .unwrap_or(Ty::None);
                    (param.name.name.to_string(), ty)
                })
                .collect();
            Signature {
                name: p.name.name.to_string(),
                params,
            }
        })
        .collect()
}

fn predicates(
    schema: &Schema,
    objects: &dyn Objects,
    signatures: &[Signature],
    decls: &[&ast::PredicateDecl],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Predicate> {
    let mut calls = Vec::new();
    let mut out = Vec::new();
    for (decl, sig) in decls.iter().zip(signatures) {
        let mut checker = Checker::new(schema, objects, signatures, diags, sig.params.clone());
        let body = checker.condition(&decl.body);
        let slots = checker.slots();
        calls.push(std::mem::take(&mut checker.calls));
        out.push(Predicate {
            name: sig.name.clone(),
            docs: decl.docs.clone(),
            params: sig.params.clone(),
            // A broken body is reported; `false` keeps indexes aligned.
            body: body.unwrap_or(Cond::Lit(super::ir::Lit::Bool(false))),
            slots,
            span: decl.span,
        });
    }
    report_recursion(decls, &calls, diags);
    out
}

/// Predicates that call themselves, directly or not, would never finish.
fn report_recursion(
    decls: &[&ast::PredicateDecl],
    calls: &[Vec<usize>],
    diags: &mut Vec<Diagnostic>,
) {
    for start in 0..decls.len() {
        let mut stack = calls[start].clone();
        let mut seen = vec![false; decls.len()];
        while let Some(p) = stack.pop() {
            if p == start {
                diags.push(
                    Diagnostic::error(
                        "predicate-cycle",
                        format!("predicate `{}` calls itself", decls[start].name.name),
                    )
                    .at(decls[start].name.span, "recursive")
                    .note("predicates cannot recurse; quantifiers (`any`, `all`) cover lists"),
                );
                break;
            }
            if !std::mem::replace(&mut seen[p], true) {
                stack.extend(calls[p].iter().copied());
            }
        }
    }
}

fn threat(
    schema: &Schema,
    objects: &dyn Objects,
    signatures: &[Signature],
    sources: &Sources,
    decl: &ast::ThreatDecl,
    diags: &mut Vec<Diagnostic>,
) -> Option<Threat> {
    let record = schema.record(THREAT_RECORD)?;
    let errors_before = diags.len();
    let attrs = typeck::Checker::new(schema, &typeck::NoObjects, diags).attributes(
        &format!("threat {}", decl.id.name),
        &record.fields,
        &decl.body,
        Vec::new(),
        decl.id.span,
    );
    let title = match &decl.title {
        Some(t) => t.value.clone(),
        None => {
            diags.push(
                Diagnostic::error(
                    "missing-title",
                    format!("threat `{}` has no title", decl.id.name),
                )
                .at(decl.id.span, "title expected after the id")
                .note(format!(
                    "write `threat {} \"Short name of the attack\" {{ ... }}`",
                    decl.id.name
                )),
            );
            String::new()
        }
    };
    let targets = strings(attrs.get("targets"));
    if targets.is_empty() && attrs.contains_key("targets") {
        let span = decl
            .body
            .iter()
            .find(|m| m.path[0].name == "targets")
            .map_or(decl.id.span, |m| m.value.span);
        diags.push(
            Diagnostic::error(
                "invalid-target",
                format!("threat `{}` targets no kind", decl.id.name),
            )
            .at(span, "empty list")
            .note("list the kinds it applies to, e.g. `targets = [Server, Process]`"),
        );
    }
    for t in &targets {
        if schema.kind(t).is_some() && !schema.is_a(t, schema::ELEMENT) {
            let span = decl
                .body
                .iter()
                .find(|m| m.path[0].name == "targets")
                .map_or(decl.id.span, |m| m.value.span);
            diags.push(
                Diagnostic::error("invalid-target", format!("`{t}` cannot be a threat target"))
                    .at(span, "not an element kind")
                    .note("threats apply to elements, boundaries and flows: kinds under `Element`"),
            );
        }
    }
    let condition = match decl.when.as_slice() {
        [] => {
            diags.push(
                Diagnostic::error(
                    "missing-condition",
                    format!("threat `{}` has no `when` condition", decl.id.name),
                )
                .at(decl.id.span, "never applies without one")
                .note(
                    "write `when = <condition>`, e.g. `when = not target.controls.validatesInput`",
                ),
            );
            None
        }
        [when, rest @ ..] => {
            if let Some(second) = rest.first() {
                diags.push(
                    Diagnostic::error("duplicate-attribute", "`when` is set twice")
                        .at(second.span, "set again here")
                        .also(when.span, "first set here")
                        .note("join the conditions with `and` or `or`"),
                );
            }
            let target = Ty::Obj(targets.clone());
            let mut checker = Checker::new(
                schema,
                objects,
                signatures,
                diags,
                vec![("target".into(), target)],
            );
            let cond = checker.condition(when);
            let slots = checker.slots();
            cond.map(|c| (c, slots, sources.slice(when.span).to_string()))
        }
    };
    if diags.len() > errors_before {
        return None;
    }
    let (condition, slots, condition_text) = condition?;
    let applies_to = schema
        .kinds
        .iter()
        .filter(|k| targets.iter().any(|t| schema.is_a(&k.name, t)))
        .map(|k| k.name.clone())
        .collect();
    let text = |name: &str| match attrs.get(name) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    };
    Some(Threat {
        id: decl.id.name.to_string(),
        title,
        docs: decl.docs.clone(),
        targets,
        applies_to,
        severity: attrs.get("severity").and_then(Level::of)?,
        likelihood: attrs.get("likelihood").and_then(Level::of),
        capec: ints(attrs.get("capec")),
        cwe: ints(attrs.get("cwe")),
        details: text("details"),
        prerequisites: text("prerequisites"),
        mitigations: text("mitigations"),
        example: text("example"),
        references: strings(attrs.get("references")),
        deprecated: Some(text("deprecated")).filter(|d| !d.is_empty()),
        condition,
        slots,
        condition_text,
        span: decl.span,
        id_span: decl.id.span,
    })
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn ints(value: Option<&Value>) -> Vec<i64> {
    match value {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::Int(n) => Some(*n),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
