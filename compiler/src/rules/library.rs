//! The threat library as checked: every `predicate` and `threat` of the
//! loaded files (stdlib, built-in library, users' rule files, the model's
//! own files), with their fields checked against `record Threat` and their
//! conditions compiled by `checker`.

use std::collections::HashMap;

use super::checker::{Checker, Signature, Signatures};
use super::ir::{Cond, Lit};
use super::refine;
use super::types::Ty;
use super::Level;
use crate::cycles::Graph;
use crate::diagnostic::Diagnostic;
use crate::loader::{Layers, Origin};
use crate::model::known::{
    Known, THREAT_CAPEC, THREAT_CWE, THREAT_DEPRECATED, THREAT_DETAILS, THREAT_EXAMPLE,
    THREAT_LIKELIHOOD, THREAT_LINDDUN, THREAT_MITIGATIONS, THREAT_ON, THREAT_PATH,
    THREAT_PREREQUISITES, THREAT_RECORD, THREAT_REFERENCES, THREAT_SEVERITY, THREAT_STRIDE,
    THREAT_TARGETS,
};
use crate::model::{ObjectId, Value};
use crate::schema::{self, Schema};
use crate::source::{Sources, Span};
use crate::stdlib::Builtin;
use crate::suggest::Budget;
use crate::syntax::ast;
use crate::syntax::limits::{MAX_CONDITION_DEPTH, MAX_CONDITION_SIZE};
use crate::typeck::{self, Objects};

/// The record in the stdlib that a threat's fields are checked against.

#[derive(Clone, Debug)]
pub struct Predicate {
    pub name: String,
    pub docs: String,
    pub params: Vec<(String, Ty)>,
    pub body: Cond,
    pub slots: usize,
    /// Where each node of `body` is written (`spans`).
    pub spans: Vec<Span>,
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
    /// Its STRIDE categories, as the enum's members are written.
    pub stride: Vec<String>,
    /// Its LINDDUN (privacy) categories.
    pub linddun: Vec<String>,
    /// The built-in library it belongs to, if it is one's.
    pub library: Option<Builtin>,
    /// The threat it refines, as written after `refines`.
    pub refines: Option<String>,
    /// The elements a hand-written threat names (`on`): reported on these
    /// alone, rated as written; empty for a rule.
    pub on: Vec<ObjectId>,
    pub condition: Cond,
    /// Frame slots the condition needs (slot 0 is `target`).
    pub slots: usize,
    /// The condition as written, for reports.
    pub condition_text: String,
    /// Where each node of `condition` is written (`spans`).
    pub spans: Vec<Span>,
    pub span: Span,
    pub id_span: Span,
    /// The route its findings name, for a path threat (its `path`).
    pub path: Option<PathAsk>,
}

/// The route a path threat's finding names (the stdlib's `ThreatPath`;
/// `paths::found` finds it): a route of request flows from an element of
/// the target's `reachableFrom` zone to the target, the shortest of its
/// kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathAsk {
    /// The shortest route.
    Exposure,
    /// The shortest route with a hop that does not authenticate its source.
    UnauthenticatedHop,
    /// The shortest route with a hop that crosses a boundary unencrypted.
    UnencryptedCrossing,
    /// For a flow: the lineage of a data item it carries out of its
    /// allowed zones, from where the data enters the model to the flow.
    DataLineage,
}

impl PathAsk {
    /// Whether it is an attacker's route from the target's
    /// `reachableFrom` zone, whose findings are rated from where it starts
    /// (`rating`); a data lineage is rated where the finding sits.
    pub fn is_attack_route(self) -> bool {
        self != PathAsk::DataLineage
    }

    /// The member of `ThreatPath` it is.
    pub fn member(self) -> crate::model::known::Member {
        use crate::model::known::{
            PATH_DATA_LINEAGE, PATH_EXPOSURE, PATH_UNAUTHENTICATED_HOP, PATH_UNENCRYPTED_CROSSING,
        };
        match self {
            PathAsk::Exposure => PATH_EXPOSURE,
            PathAsk::UnauthenticatedHop => PATH_UNAUTHENTICATED_HOP,
            PathAsk::UnencryptedCrossing => PATH_UNENCRYPTED_CROSSING,
            PathAsk::DataLineage => PATH_DATA_LINEAGE,
        }
    }

    /// The one a member of `ThreatPath` names.
    fn of(value: Option<&Value>) -> Option<PathAsk> {
        let member = value?.as_member()?;
        [
            PathAsk::Exposure,
            PathAsk::UnauthenticatedHop,
            PathAsk::UnencryptedCrossing,
            PathAsk::DataLineage,
        ]
        .into_iter()
        .find(|a| a.member().name() == member.as_str())
    }
}

/// A threat of a `Library`: its index in `Library::threats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ThreatId(pub u32);

/// A predicate of a `Library`: its index in `Library::predicates`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PredicateId(pub u32);

impl ThreatId {
    /// The threat at `index` in `Library::threats`.
    pub(crate) fn at(index: usize) -> ThreatId {
        ThreatId(u32::try_from(index).expect("fewer than 2^32 threats"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::ops::Index<ThreatId> for Vec<Threat> {
    type Output = Threat;

    fn index(&self, id: ThreatId) -> &Threat {
        &self[id.0 as usize]
    }
}

impl std::ops::Index<ThreatId> for [Threat] {
    type Output = Threat;

    fn index(&self, id: ThreatId) -> &Threat {
        &self[id.0 as usize]
    }
}

impl std::ops::Index<PredicateId> for Vec<Predicate> {
    type Output = Predicate;

    fn index(&self, id: PredicateId) -> &Predicate {
        &self[id.0 as usize]
    }
}

impl std::ops::Index<PredicateId> for [Predicate] {
    type Output = Predicate;

    fn index(&self, id: PredicateId) -> &Predicate {
        &self[id.0 as usize]
    }
}

/// Every predicate and threat, in load order.
#[derive(Clone, Debug, Default)]
pub struct Library {
    pub predicates: Vec<Predicate>,
    pub threats: Vec<Threat>,
    /// Where the threats that run come from (the built-in library in use,
    /// a `threatsFile`, `--threats` files).
    pub origin: Origin,
}

impl Library {
    pub fn threat(&self, id: &str) -> Option<&Threat> {
        self.threats.iter().find(|t| t.id == id)
    }
}

/// Checks the predicates and threats of `files`. `objects` are the model's
/// declarations, which conditions may name (`inside(target, dmz)`).
pub(crate) fn build(
    schema: &Schema,
    files: &[&ast::File],
    layers: &Layers,
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
    // The did-you-mean searches of every rule share one budget.
    let hints = Budget::shared();
    let (predicates, expanded) = predicates(
        schema,
        objects,
        &signatures,
        &predicate_decls,
        &hints,
        diags,
    );
    let threat_decls = refine::resolve(&threat_decls, layers, &hints, diags);
    let mut threats = Vec::new();
    let mut first: HashMap<&str, Span> = HashMap::new();
    for decl in &threat_decls {
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
        if let Some(t) = threat(
            schema,
            objects,
            &signatures,
            &expanded,
            sources,
            layers,
            decl,
            &hints,
            diags,
        ) {
            threats.push(t);
        }
    }
    Library {
        predicates,
        threats,
        origin: layers.origin.clone(),
    }
}

fn signatures(
    schema: &Schema,
    decls: &[&ast::PredicateDecl],
    diags: &mut Vec<Diagnostic>,
) -> Signatures {
    let mut first: HashMap<&str, Span> = HashMap::new();
    let list = decls
        .iter()
        .map(|p| {
            if super::RouteAsk::named(&p.name.name).is_some() {
                diags.push(
                    Diagnostic::error(
                        "duplicate-definition",
                        format!("`{}` is built into the condition language", p.name.name),
                    )
                    .at(p.name.span, "declared here")
                    .note("give the predicate another name"),
                );
            }
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
        .collect();
    Signatures::new(list)
}

/// The checked predicates, and how large each body is with the predicates
/// it calls put in place (`None` for one in a cycle, too large, or calling
/// such a one: reported already).
fn predicates(
    schema: &Schema,
    objects: &dyn Objects,
    signatures: &Signatures,
    decls: &[&ast::PredicateDecl],
    hints: &Budget,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Predicate>, Vec<Option<Expanded>>) {
    let mut calls = Vec::new();
    let mut out = Vec::new();
    for (decl, sig) in decls.iter().zip(&signatures.list) {
        let mut checker = Checker::new(
            schema,
            objects,
            signatures,
            diags,
            hints,
            sig.params.clone(),
        );
        let body = checker.condition(&decl.body);
        let slots = checker.slots();
        calls.push(std::mem::take(&mut checker.calls));
        let spans = body
            .as_ref()
            .map(|b| super::spans::of(b, &decl.body))
            .unwrap_or_default();
        out.push(Predicate {
            name: sig.name.clone(),
            docs: decl.docs.clone(),
            params: sig.params.clone(),
            // A broken body is reported; `false` keeps indexes aligned.
            body: body.unwrap_or(Cond::Lit(super::ir::Lit::Bool(false))),
            slots,
            spans,
            span: decl.span,
        });
    }
    let graph = Graph::new(
        decls.len(),
        calls
            .iter()
            .enumerate()
            .flat_map(|(p, called)| called.iter().map(move |&c| (p, c))),
    );
    let mut expanded = vec![None; decls.len()];
    // Predicates called come before those that call them.
    for component in graph.components() {
        if graph.is_cycle(&component) {
            let cycle = graph.cycle_through(component[0], &component);
            diags.push(predicate_cycle(decls, &cycle));
            continue;
        }
        let p = component[0];
        let name = &decls[p].name;
        let what = format!("predicate `{}`", name.name);
        expanded[p] = within_limits(&out[p].body, &expanded, &what, name.span, diags);
    }
    (out, expanded)
}

/// Predicates that call themselves, directly or not, would never finish:
/// reported once per cycle (`cycle`, in call order), at its first.
fn predicate_cycle(decls: &[&ast::PredicateDecl], cycle: &[usize]) -> Diagnostic {
    let first = &decls[cycle[0]].name;
    let mut chain: Vec<&str> = cycle.iter().map(|&p| decls[p].name.name.as_str()).collect();
    chain.push(&first.name);
    let mut d = Diagnostic::error(
        "predicate-cycle",
        format!("predicate `{}` calls itself", first.name),
    )
    .at(first.span, "recursive");
    for &p in &cycle[1..] {
        d = d.also(decls[p].name.span, "part of the cycle");
    }
    d.note(format!("the chain is {}", chain.join(" -> ")))
        .note("predicates cannot recurse; quantifiers (`any`, `all`) cover lists")
}

/// How deep and how large a condition is with the predicates it calls put
/// in the place of each call: what evaluating it may cost.
#[derive(Clone, Copy, Debug)]
struct Expanded {
    depth: usize,
    size: usize,
}

/// `Expanded` of `cond` (`callees`: that of each predicate), or `None`
/// when it calls a predicate without one. Recurses as deep as the tree,
/// which the scan of the text (`MAX_NESTING`) and the longest path bound.
fn expand(cond: &Cond, callees: &[Option<Expanded>]) -> Option<Expanded> {
    let mut depth = 0;
    let mut size: usize = 1;
    let mut inside = |c: &Cond| -> Option<()> {
        let e = expand(c, callees)?;
        depth = depth.max(e.depth);
        size = size.saturating_add(e.size);
        Some(())
    };
    match cond {
        Cond::Lit(_) | Cond::Var(_) => {}
        Cond::Field(c, _) | Cond::Not(c) | Cond::IsKind(c, _) | Cond::Count(c) => inside(c)?,
        Cond::And(a, b) | Cond::Or(a, b) | Cond::Compare(_, a, b) => {
            inside(a)?;
            inside(b)?;
        }
        Cond::In { value, list, .. } => {
            inside(value)?;
            inside(list)?;
        }
        Cond::Route { from, to, .. } => {
            inside(from)?;
            inside(to)?;
        }
        Cond::Quantifier { list, body, .. } => {
            inside(list)?;
            inside(body)?;
        }
        Cond::InItems { value, items, .. } => {
            inside(value)?;
            for item in items {
                inside(item)?;
            }
        }
        Cond::Call { predicate, args } => {
            for arg in args {
                inside(arg)?;
            }
            let body = (*callees.get(predicate.0 as usize)?)?;
            depth = depth.max(body.depth);
            size = size.saturating_add(body.size);
        }
    }
    Some(Expanded {
        depth: depth + 1,
        size,
    })
}

/// `expand` of `cond`, if within `MAX_CONDITION_DEPTH` and
/// `MAX_CONDITION_SIZE`; else an error at `at`, for `what` (a predicate or
/// threat). A condition that calls a predicate reported already is not
/// reported again.
fn within_limits(
    cond: &Cond,
    callees: &[Option<Expanded>],
    what: &str,
    at: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<Expanded> {
    let e = expand(cond, callees)?;
    let problem = if e.depth > MAX_CONDITION_DEPTH {
        Diagnostic::error(
            "condition-too-deep",
            format!(
                "the condition of {what} nests more than {MAX_CONDITION_DEPTH} levels deep with the predicates it calls"
            ),
        )
        .at(at, format!("{} levels deep", e.depth))
        .note(format!(
            "a condition, with each predicate it calls put in the place of the call, nests at most {MAX_CONDITION_DEPTH} levels"
        ))
    } else if e.size > MAX_CONDITION_SIZE {
        Diagnostic::error(
            "condition-too-large",
            format!(
                "the condition of {what} holds more than {MAX_CONDITION_SIZE} operations with the predicates it calls"
            ),
        )
        .at(at, format!("{} operations", e.size))
        .note(format!(
            "a condition, with each predicate it calls put in the place of the call, holds at most {MAX_CONDITION_SIZE} operations; a predicate that calls another twice doubles it"
        ))
    } else {
        return Some(e);
    };
    diags.push(problem.note(
        "call fewer predicates from one another, or test once and pass the result on as a predicate parameter",
    ));
    None
}

#[allow(clippy::too_many_arguments)]
fn threat(
    schema: &Schema,
    objects: &dyn Objects,
    signatures: &Signatures,
    expanded: &[Option<Expanded>],
    sources: &Sources,
    layers: &Layers,
    decl: &ast::ThreatDecl,
    hints: &Budget,
    diags: &mut Vec<Diagnostic>,
) -> Option<Threat> {
    let record = schema.record(THREAT_RECORD)?;
    let errors_before = diags.len();
    // `on` names model objects; no other field of the record can.
    let attrs = typeck::Checker::new(schema, objects, diags)
        .with_hints(hints)
        .attributes(
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
    // A hand-written threat names its elements in `on`; the names that
    // are not model objects were reported by the type checker.
    let hand = member(decl, THREAT_ON).is_some();
    let on = written_on(objects, decl);
    let targets = match hand {
        false => written_targets(schema, decl, &attrs, diags),
        true => hand_written(decl, &on, diags),
    };
    let condition = match decl.when.as_slice() {
        _ if hand => Some(condition_on(decl, &on, sources)),
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
                hints,
                vec![("target".into(), target)],
            );
            let cond = checker.condition(when);
            let slots = checker.slots();
            let what = format!("threat `{}`", decl.id.name);
            cond.filter(|c| within_limits(c, expanded, &what, decl.id.span, diags).is_some())
                .map(|c| {
                    let spans = super::spans::of(&c, when);
                    (c, slots, sources.slice(when.span).to_string(), spans)
                })
        }
    };
    if diags.len() > errors_before {
        return None;
    }
    let (condition, slots, condition_text, spans) = condition?;
    // Each kind's ancestors looked up among the targets: a scan of the
    // targets per kind was quadratic for long lists of both.
    let wanted: crate::hash::Set<&str> = targets.iter().map(String::as_str).collect();
    let applies_to = schema
        .kinds
        .iter()
        .filter(|k| schema.ancestors(&k.name).any(|a| wanted.contains(a)))
        .map(|k| k.name.clone())
        .collect();
    let text = |field: Known| match attrs.get(field.name()) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    };
    Some(Threat {
        id: decl.id.name.to_string(),
        title,
        docs: decl.docs.clone(),
        targets,
        applies_to,
        severity: attrs.get(THREAT_SEVERITY.name()).and_then(Level::of)?,
        likelihood: attrs.get(THREAT_LIKELIHOOD.name()).and_then(Level::of),
        capec: ints(attrs.get(THREAT_CAPEC.name())),
        cwe: ints(attrs.get(THREAT_CWE.name())),
        details: text(THREAT_DETAILS),
        prerequisites: text(THREAT_PREREQUISITES),
        mitigations: text(THREAT_MITIGATIONS),
        example: text(THREAT_EXAMPLE),
        references: strings(attrs.get(THREAT_REFERENCES.name())),
        deprecated: Some(text(THREAT_DEPRECATED)).filter(|d| !d.is_empty()),
        stride: members(attrs.get(THREAT_STRIDE.name())),
        linddun: members(attrs.get(THREAT_LINDDUN.name())),
        library: layers.library_of(decl.id.span.file),
        refines: decl.refines.as_ref().map(|r| match &r.library {
            Some(l) => format!("{}.{}", l.name, r.id.name),
            None => r.id.name.to_string(),
        }),
        on: on.iter().map(|(id, _)| *id).collect(),
        condition,
        slots,
        condition_text,
        spans,
        span: decl.span,
        id_span: decl.id.span,
        path: PathAsk::of(attrs.get(THREAT_PATH.name())),
    })
}

/// The member of the threat's body setting `field`, if written.
fn member(decl: &ast::ThreatDecl, field: Known) -> Option<&ast::Member> {
    decl.body.iter().find(|m| m.path[0].name == field.name())
}

/// The kinds of `targets`, reported when there are none or one is not an
/// element kind.
fn written_targets(
    schema: &Schema,
    decl: &ast::ThreatDecl,
    attrs: &crate::model::Attrs,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let targets = strings(attrs.get(THREAT_TARGETS.name()));
    let written = member(decl, THREAT_TARGETS);
    let span = written.map_or(decl.id.span, |m| m.value.span);
    // A list the type checker refused (`[Sever]`) was reported already.
    let label = match written.map(|m| &m.value.kind) {
        None => Some("no `targets` or `on`"),
        Some(ast::ValueKind::List(items)) if items.is_empty() => Some("empty list"),
        Some(_) => None,
    };
    if let Some(label) = label.filter(|_| targets.is_empty()) {
        diags.push(
            Diagnostic::error(
                "invalid-target",
                format!("threat `{}` targets no kind", decl.id.name),
            )
            .at(span, label)
            .note("list the kinds it applies to, e.g. `targets = [Server, Process]`, or the elements a hand-written threat is about, e.g. `on = [checkout]`"),
        );
    }
    for t in &targets {
        if schema.kind(t).is_some() && !schema.is_a(t, schema::ELEMENT) {
            diags.push(
                Diagnostic::error("invalid-target", format!("`{t}` cannot be a threat target"))
                    .at(span, "not an element kind")
                    .note("threats apply to elements, boundaries and flows: kinds under `Element`"),
            );
        }
    }
    targets
}

/// The elements named by `on` (a hand-written threat), with their kinds.
fn written_on(objects: &dyn Objects, decl: &ast::ThreatDecl) -> Vec<(ObjectId, String)> {
    let Some(ast::ValueKind::List(items)) = member(decl, THREAT_ON).map(|m| &m.value.kind) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match &item.kind {
            ast::ValueKind::Name(name) => objects.find(name),
            _ => None,
        })
        .map(|(id, kind)| (id, kind.to_string()))
        .collect()
}

/// The kinds of the elements a hand-written threat names, each once; a
/// `targets` or `when` beside `on` is an error, as `on` says both.
fn hand_written(
    decl: &ast::ThreatDecl,
    on: &[(ObjectId, String)],
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let on_span = member(decl, THREAT_ON).map_or(decl.id.span, |m| m.span);
    let beside = |what: &str, span: Span| {
        Diagnostic::error(
            "on-with-condition",
            format!("threat `{}` has both `on` and `{what}`", decl.id.name),
        )
        .at(span, format!("`{what}` written here"))
        .also(on_span, "`on` names the elements it is reported on")
        .note("a hand-written threat lists its elements in `on`; a rule gives `targets` and `when`: keep one of the two")
    };
    if let Some(m) = member(decl, THREAT_TARGETS) {
        diags.push(beside("targets", m.span));
    }
    if let Some(when) = decl.when.first() {
        diags.push(beside("when", when.span));
    }
    let mut kinds: Vec<String> = on.iter().map(|(_, kind)| kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The condition of a hand-written threat: `target in [the elements of
/// on]`, with the text of `on` for reports and `tmc explain`.
fn condition_on(
    decl: &ast::ThreatDecl,
    on: &[(ObjectId, String)],
    sources: &Sources,
) -> (Cond, usize, String, Vec<Span>) {
    let span = member(decl, THREAT_ON).map_or(decl.id.span, |m| m.value.span);
    let items = on.iter().map(|(id, _)| Cond::Lit(Lit::Obj(*id))).collect();
    let cond = Cond::InItems {
        value: Box::new(Cond::Var(0)),
        items,
        negated: false,
    };
    // One span per node: the membership, `target`, and each element.
    let spans = vec![span; 2 + on.len()];
    (cond, 1, format!("target in {}", sources.slice(span)), spans)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    Value::strings(value).map(String::from).collect()
}

/// The members named in a list of enum values.
fn members(value: Option<&Value>) -> Vec<String> {
    Value::items(value)
        .iter()
        .filter_map(Value::as_member)
        .map(|m| m.to_string())
        .collect()
}

fn ints(value: Option<&Value>) -> Vec<i64> {
    Value::items(value)
        .iter()
        .filter_map(Value::as_int)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::{compile_with, Compilation, OneFile, Options};

    /// `rules` after a small model, compiled with the built-in library.
    fn compile(rules: &str) -> Compilation {
        let text = format!("model \"M\" {{ description = \"d\" }}\nServer s \"S\"\n{rules}");
        compile_with(
            &[PathBuf::from("m.tm")],
            &Options::default(),
            &OneFile(&text),
        )
    }

    fn errors(c: &Compilation) -> Vec<(&str, &str)> {
        c.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code, d.message.as_str()))
            .collect()
    }

    #[test]
    fn a_hand_written_threat_is_reported_on_the_elements_it_names_as_rated() {
        let c = compile(
            "Server t \"T\"\nthreat BIZ01 \"Coupons stacked\" { on = [s] stride = [Tampering] severity = Low likelihood = VeryHigh }\n",
        );
        assert_eq!(errors(&c), vec![]);
        let (model, findings) = (c.model.as_ref().unwrap(), c.findings.as_ref().unwrap());
        let on: Vec<(&str, String, Option<String>)> = findings
            .iter()
            .filter(|f| c.library.threats[f.threat.index()].id == "BIZ01")
            .map(|f| {
                let target = model.objects[f.target.index()].id.as_str();
                (
                    target,
                    f.severity.label().to_string(),
                    f.likelihood.map(|l| l.label().to_string()),
                )
            })
            .collect();
        // Not moved by exposure: `s` sits on the internet, where a rule's
        // likelihood stays and its impact would not fall to the rating's.
        assert_eq!(on, vec![("s", "Low".into(), Some("Very High".into()))]);
        let threat = c.library.threat("BIZ01").unwrap();
        assert_eq!(threat.targets, vec!["Server"]);
        assert_eq!(threat.condition_text, "target in [s]");
    }

    #[test]
    fn on_beside_targets_or_when_and_neither_are_errors() {
        let both =
            compile("threat X1 \"x\" { on = [s] targets = [Server] severity = Low when = true }\n");
        assert_eq!(
            errors(&both),
            vec![
                (
                    "on-with-condition",
                    "threat `X1` has both `on` and `targets`"
                ),
                ("on-with-condition", "threat `X1` has both `on` and `when`"),
            ]
        );
        let neither = compile("threat X2 \"x\" { severity = Low when = true }\n");
        assert_eq!(
            errors(&neither),
            vec![("invalid-target", "threat `X2` targets no kind")]
        );
        let unknown = compile("threat X3 \"x\" { on = [nope] severity = Low }\n");
        let codes: Vec<&str> = errors(&unknown).iter().map(|e| e.0).collect();
        assert_eq!(codes, vec!["undefined-reference"]);
    }

    #[test]
    fn a_cycle_of_predicates_is_one_error_naming_the_chain() {
        let c = compile(
            "predicate a(e: Element) = b(e)\npredicate b(e: Element) = c(e) or e.inScope\npredicate c(e: Element) = a(e)\npredicate d(e: Element) = a(e)\n",
        );
        assert_eq!(
            errors(&c),
            [("predicate-cycle", "predicate `a` calls itself")]
        );
        assert_eq!(c.diagnostics[0].notes[0], "the chain is a -> b -> c -> a");
        assert_eq!(c.diagnostics[0].labels.len(), 3);
    }

    /// `n` predicates, each calling the next `calls` times.
    fn chain(n: usize, calls: usize) -> String {
        let mut text: String = (0..n)
            .map(|i| {
                let call = format!("p{}(e)", i + 1);
                format!(
                    "predicate p{i}(e: Element) = {}\n",
                    vec![call; calls].join(" or ")
                )
            })
            .collect();
        text.push_str(&format!("predicate p{n}(e: Element) = e.inScope\n"));
        text + "threat T \"t\" { targets = [Server] severity = High when = p0(target) }\n"
    }

    #[test]
    fn a_long_chain_of_calls_is_too_deep_at_the_first_too_deep_predicate() {
        let c = compile(&chain(10_000, 1));
        assert_eq!(errors(&c).len(), 1, "{:?}", errors(&c));
        let (code, message) = errors(&c)[0];
        assert_eq!(code, "condition-too-deep");
        // p10000 is 2 levels deep (e.inScope), each call adds one.
        let first = 10_000 + 2 - super::MAX_CONDITION_DEPTH - 1;
        assert!(message.contains(&format!("`p{first}`")), "{message}");
        // A chain within the limit runs.
        let c = compile(&chain(400, 1));
        assert!(errors(&c).is_empty(), "{:?}", errors(&c));
        let t = c.library.threats.iter().position(|t| t.id == "T");
        let findings = c.findings.expect("findings");
        assert!(findings.iter().any(|f| Some(f.threat.index()) == t));
    }

    #[test]
    fn calls_that_double_at_each_level_are_too_large_not_slow() {
        let started = std::time::Instant::now();
        let c = compile(&chain(60, 2));
        assert_eq!(errors(&c).len(), 1, "{:?}", errors(&c));
        assert_eq!(errors(&c)[0].0, "condition-too-large");
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn a_path_longer_than_the_nesting_limit_is_refused() {
        let path = format!("e{}", ".source".repeat(300));
        let c = compile(&format!("predicate p(e: Dataflow) = {path} == none\n"));
        assert_eq!(errors(&c).len(), 1, "{:?}", errors(&c));
        assert_eq!(errors(&c)[0].0, "nesting-too-deep");
    }
}
