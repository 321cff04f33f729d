//! Name resolution: takes the model declarations of all files (nested
//! boundary blocks flattened), gives each an `ObjectId`, fixes its role from
//! its kind, reports duplicate identifiers, and resolves the names that the
//! syntax itself uses: flow ends and boundary parents. It owns what it takes
//! (`ast::Item`s by value), so that checking can free each declaration's
//! syntax as soon as its object is made.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::hash::{Map, Set};
use crate::model::known::RENAMED_FROM;
use crate::model::{Name, ObjectId, Role};
use crate::schema::{self, Schema};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast;
use crate::typeck::{Among, Objects};

/// A model declaration waiting for its attributes to be checked.
pub(crate) struct Decl {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub role: Role,
    pub docs: String,
    pub span: Span,
    pub id_span: Span,
    pub body: Vec<ast::Member>,
    /// The boundary named by `in x` (with the span of `x`)...
    pub in_clause: Option<ast::Ident>,
    /// ...or the boundary whose block it is written in (never both: a
    /// declaration that has both is reported here and keeps neither).
    pub enclosing: Option<ObjectId>,
}

/// Everything declared, by identifier.
pub(crate) struct Resolved {
    pub header: Option<ast::ModelDecl>,
    pub decls: Vec<Decl>,
    pub symbols: Symbols,
}

/// The identifier table that references are resolved against.
#[derive(Default)]
pub(crate) struct Symbols {
    by_name: Map<String, ObjectId>,
    /// The kind and role of each object, by `ObjectId`.
    kinds: Vec<Name>,
    roles: Vec<Role>,
    /// Identifiers of declarations that failed (e.g. unknown kind):
    /// references to them are not reported again.
    broken: Set<String>,
    /// The identifiers objects had before they were renamed (their
    /// `renamedFrom`): a reference to one finds the object.
    aliases: Map<String, ObjectId>,
    /// Every resolved reference: where it is written, what it names
    /// (declarations are checked on several threads).
    uses: Mutex<Vec<(Span, ObjectId)>>,
}

impl Symbols {
    /// The objects by identifier, for the model to keep.
    pub(crate) fn into_index(self) -> Map<String, ObjectId> {
        self.by_name
    }

    /// The references resolved so far, in source order.
    pub(crate) fn take_uses(&self) -> Vec<(Span, ObjectId)> {
        let mut uses = std::mem::take(&mut *self.uses.lock().unwrap_or_else(|e| e.into_inner()));
        // Sorted on everything, so the order the threads recorded them in
        // does not show.
        uses.sort_unstable_by_key(|(s, id)| (s.file, s.start, s.end, *id));
        uses
    }
}

impl Objects for Symbols {
    fn find(&self, name: &str) -> Option<(ObjectId, &str)> {
        self.by_name
            .get(name)
            .or_else(|| self.aliases.get(name))
            .map(|&id| (id, self.kinds[id.index()].as_str()))
    }

    /// In declaration order (only a misspelt reference asks: the table
    /// keeps no second copy of the identifiers for it).
    fn all(&self) -> Vec<(&str, &str)> {
        let mut names = vec![""; self.kinds.len()];
        for (name, id) in &self.by_name {
            names[id.index()] = name;
        }
        names
            .into_iter()
            .zip(&self.kinds)
            .map(|(n, k)| (n, k.as_str()))
            .collect()
    }

    fn is_broken(&self, name: &str) -> bool {
        !self.broken.is_empty() && self.broken.contains(name)
    }

    fn used(&self, at: Span, id: ObjectId) {
        self.uses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((at, id));
    }
}

/// The identifier table as one thread checking declarations sees it:
/// lookups go to the shared table, and the references it resolves are
/// kept here, without taking a lock for each (`Symbols::add_uses` takes
/// them over).
pub(crate) struct Recorder<'s> {
    symbols: &'s Symbols,
    uses: RefCell<Vec<(Span, ObjectId)>>,
    hints: RefCell<Vec<LaterHint>>,
}

/// A did-you-mean hint left for after the declarations are checked: for
/// `name`, looked up `among`, to add to the diagnostic numbered `diag` in
/// the list of the checker that found it.
pub(crate) struct LaterHint {
    pub diag: usize,
    pub name: String,
    pub among: Among,
}

impl<'s> Recorder<'s> {
    pub(crate) fn new(symbols: &'s Symbols) -> Self {
        Recorder {
            symbols,
            uses: RefCell::new(Vec::new()),
            hints: RefCell::new(Vec::new()),
        }
    }

    /// The references resolved through this recorder, and the hints left
    /// for later.
    pub(crate) fn into_parts(self) -> (Vec<(Span, ObjectId)>, Vec<LaterHint>) {
        (self.uses.into_inner(), self.hints.into_inner())
    }
}

impl Objects for Recorder<'_> {
    fn find(&self, name: &str) -> Option<(ObjectId, &str)> {
        self.symbols.find(name)
    }

    fn all(&self) -> Vec<(&str, &str)> {
        self.symbols.all()
    }

    fn is_broken(&self, name: &str) -> bool {
        self.symbols.is_broken(name)
    }

    fn used(&self, at: Span, id: ObjectId) {
        self.uses.borrow_mut().push((at, id));
    }

    fn hint_later(&self, diag: usize, name: &str, among: Among) -> bool {
        self.hints.borrow_mut().push(LaterHint {
            diag,
            name: name.to_string(),
            among,
        });
        true
    }
}

impl Symbols {
    /// Adds references resolved elsewhere (by a `Recorder`).
    pub(crate) fn add_uses(&self, uses: Vec<(Span, ObjectId)>) {
        self.uses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(uses);
    }
}

impl Symbols {
    /// The element each end of each flow names, where it names one (and
    /// no failed declaration), found on every core: the table lookups are
    /// waits on memory for names parsed long before. Ends that name
    /// anything else are left to `Resolver::flow_end`, which reports them.
    fn flow_ends(&mut self, flows: &[ast::FlowDecl]) -> Vec<[Option<ObjectId>; 2]> {
        let this = &*self;
        let element = |end: &ast::Ident| {
            let id = *this.by_name.get(end.name.as_str())?;
            let usable = this.roles[id.index()] == Role::Element && !this.is_broken(&end.name);
            usable.then_some(id)
        };
        let runs = tmc_perf::split::runs(flows.len(), tmc_perf::MODEL_ITEMS, |range| {
            let mut uses = Vec::new();
            let ends: Vec<[Option<ObjectId>; 2]> = flows[range]
                .iter()
                .map(|f| {
                    let ends = [element(&f.source), element(&f.sink)];
                    for (end, id) in [&f.source, &f.sink].into_iter().zip(ends) {
                        if let Some(id) = id {
                            uses.push((end.span, id));
                        }
                    }
                    ends
                })
                .collect();
            (ends, uses)
        });
        let all = self.uses.get_mut().unwrap_or_else(|e| e.into_inner());
        let mut ends = Vec::with_capacity(flows.len());
        for (found, uses) in runs {
            ends.extend(found);
            all.extend(uses);
        }
        ends
    }
}

/// Resolves the model declarations `files` (the model header, boundaries,
/// elements and flows of each file, files in load order; see
/// `take_declarations`).
pub(crate) fn resolve(
    schema: &Schema,
    files: Vec<Vec<ast::Item>>,
    diags: &mut Vec<Diagnostic>,
) -> Resolved {
    // Nested boundary blocks aside, one declaration per item.
    let items = files.iter().map(Vec::len).sum();
    let mut symbols = Symbols::default();
    symbols.by_name.reserve(items);
    let mut r = Resolver {
        schema,
        diags,
        header: None,
        decls: Vec::with_capacity(items),
        symbols,
        flows: Vec::new(),
        roles: Map::default(),
        repeats: Map::default(),
        hints: suggest::Budget::shared(),
        elements: None,
    };
    for item in files.into_iter().flatten() {
        r.item(item, None);
    }
    let flows = std::mem::take(&mut r.flows);
    let ends = r.symbols.flow_ends(&flows);
    for (f, ends) in flows.into_iter().zip(ends) {
        r.declare_flow(f, ends);
    }
    Resolved {
        header: r.header,
        decls: r.decls,
        symbols: r.symbols,
    }
}

/// Takes the model declarations (header, boundaries, elements, flows) out
/// of `files`, in order; the schema and rule declarations stay. A file
/// that declares nothing else (as a model's files do) hands over its whole
/// list of items, without moving them; one that declares none (a threat
/// library, shared by every compilation) is left as it is.
pub(crate) fn take_declarations<'f>(
    files: impl IntoIterator<Item = &'f mut Arc<ast::File>>,
) -> Vec<Vec<ast::Item>> {
    let is_model = |item: &ast::Item| {
        matches!(
            item,
            ast::Item::Model(_)
                | ast::Item::Boundary(_)
                | ast::Item::Element(_)
                | ast::Item::Flow(_)
        )
    };
    let mut taken = Vec::new();
    for file in files {
        if !file.items.iter().any(is_model) {
            taken.push(Vec::new());
            continue;
        }
        let file = Arc::make_mut(file);
        let only_model = file
            .items
            .iter()
            .all(|item| is_model(item) || matches!(item, ast::Item::Import(_)));
        if only_model {
            // Imports were the loader's, and name resolution skips them.
            taken.push(std::mem::take(&mut file.items));
        } else {
            taken.push(file.items.extract_if(.., |item| is_model(item)).collect());
        }
    }
    taken
}

struct Resolver<'s> {
    schema: &'s Schema,
    diags: &'s mut Vec<Diagnostic>,
    header: Option<ast::ModelDecl>,
    decls: Vec<Decl>,
    symbols: Symbols,
    /// Flows, declared once every element is known.
    flows: Vec<ast::FlowDecl>,
    /// The role of each kind declared so far.
    roles: Map<String, Role>,
    /// For each `source->sink` pair of flows without a label, the number
    /// of the last id made for it (`source->sink#n`).
    repeats: Map<String, u32>,
    /// Shared by the did-you-mean searches for misspelt kinds and flow ends.
    hints: suggest::Budget,
    /// The declarations of elements, gathered for the first misspelt flow
    /// end (every element is declared before the flows).
    elements: Option<Vec<usize>>,
}

impl Resolver<'_> {
    fn item(&mut self, item: ast::Item, enclosing: Option<ObjectId>) {
        match item {
            ast::Item::Model(m) => self.model(m),
            ast::Item::Boundary(b) => self.boundary(b, enclosing),
            ast::Item::Element(e) => self.element(e, enclosing),
            ast::Item::Flow(f) => self.flow(f),
            // Imports are the loader's; schema declarations the schema's;
            // threats and predicates the rules'.
            ast::Item::Import(_)
            | ast::Item::Kind(_)
            | ast::Item::Record(_)
            | ast::Item::Enum(_)
            | ast::Item::Threat(_)
            | ast::Item::Predicate(_) => {}
        }
    }

    fn model(&mut self, m: ast::ModelDecl) {
        match &self.header {
            Some(first) => self.diags.push(
                Diagnostic::error("duplicate-definition", "the model is declared twice")
                    .at(m.name.span, "second `model` declaration")
                    .also(first.name.span, "first declared here")
                    .note("a model has one `model` header; imported files declare only elements, flows and boundaries"),
            ),
            None => self.header = Some(m),
        }
    }

    fn boundary(&mut self, b: ast::BoundaryDecl, enclosing: Option<ObjectId>) {
        let (in_clause, enclosing) = self.placement(b.parent, enclosing, &b.id);
        let id = self.declare(Decl {
            name: display_name(b.name, &b.id),
            id: b.id.name.into(),
            kind: schema::BOUNDARY.to_string(),
            role: Role::Boundary,
            docs: b.docs,
            span: b.span,
            id_span: b.id.span,
            body: b.body,
            in_clause,
            enclosing,
        });
        for nested in b.nested {
            self.item(nested, id);
        }
    }

    /// Where a declaration says it sits: `in x` or its enclosing boundary
    /// block, or neither when it says both (reported).
    fn placement(
        &mut self,
        in_clause: Option<ast::Ident>,
        enclosing: Option<ObjectId>,
        id: &ast::Ident,
    ) -> (Option<ast::Ident>, Option<ObjectId>) {
        let (Some(clause), Some(outer)) = (&in_clause, enclosing) else {
            return (in_clause, enclosing);
        };
        let outer = &self.decls[outer.index()];
        self.diags.push(
            Diagnostic::error(
                "conflicting-boundary",
                format!(
                    "`{}` is written inside `{}` but says `in {}`",
                    id.name, outer.id, clause.name
                ),
            )
            .at(clause.span, "conflicts with the enclosing boundary block")
            .also(outer.id_span, "enclosing boundary")
            .note("place it either by writing it inside a boundary block or with `in`, not both"),
        );
        (None, None)
    }

    fn element(&mut self, e: ast::ElementDecl, enclosing: Option<ObjectId>) {
        let known = self.roles.get(e.kind.name.as_str()).copied();
        let role = match known.or_else(|| self.role_of(&e.kind)) {
            Some(role) => role,
            None => {
                self.symbols.broken.insert(e.id.name.to_string());
                return;
            }
        };
        if known.is_none() {
            self.roles.insert(e.kind.name.to_string(), role);
        }
        if role == Role::Expect && (e.boundary.is_some() || enclosing.is_some()) {
            let at = e.boundary.as_ref().map_or(e.id.span, |b| b.span);
            self.diags.push(
                Diagnostic::error(
                    "expect-in-boundary",
                    "expectations do not sit in boundaries",
                )
                .at(at, "an `Expect` belongs to no boundary")
                .note("declare `Expect` at the top level; its `on` names the element it checks"),
            );
        }
        if role == Role::Triage && (e.boundary.is_some() || enclosing.is_some()) {
            let at = e.boundary.as_ref().map_or(e.id.span, |b| b.span);
            self.diags.push(
                Diagnostic::error("triage-in-boundary", "triages do not sit in boundaries")
                    .at(at, "a `Triage` belongs to no boundary")
                    .note("declare `Triage` at the top level; `on = [boundary]` decides the findings of everything inside a boundary"),
            );
        }
        if role == Role::Data {
            if let Some(b) = e.boundary.as_ref() {
                self.diags.push(
                    Diagnostic::error("data-in-boundary", "data items do not sit in boundaries")
                        .at(b.span, "remove `in` here")
                        .note("data is carried by flows: list it in a flow's `data = [...]`"),
                );
            } else if enclosing.is_some() {
                self.diags.push(
                    Diagnostic::error("data-in-boundary", "data items do not sit in boundaries")
                        .at(e.id.span, "declared inside a boundary block")
                        .note(
                            "declare data at the top level and list it in a flow's `data = [...]`",
                        ),
                );
            }
        }
        let (in_clause, enclosing) = match role {
            Role::Data | Role::Expect | Role::Triage => (None, None),
            _ => self.placement(e.boundary, enclosing, &e.id),
        };
        self.declare(Decl {
            name: display_name(e.name, &e.id),
            id: e.id.name.into(),
            kind: e.kind.name.into(),
            role,
            docs: e.docs,
            span: e.span,
            id_span: e.id.span,
            body: e.body,
            in_clause,
            enclosing,
        });
    }

    /// The role objects of a kind play, or an error saying why the kind
    /// cannot be declared this way.
    fn role_of(&mut self, kind: &ast::Ident) -> Option<Role> {
        let s = self.schema;
        let name = kind.name.as_str();
        let problem = if s.kind(name).is_none() {
            let (what, hint) = if s.record(name).is_some() {
                (
                    "a record, not an element kind",
                    Some("records are attribute values, e.g. `controls { ... }`".to_string()),
                )
            } else if s.enumeration(name).is_some() {
                ("an enum, not an element kind", None)
            } else {
                let kinds = s.kinds.iter().map(|k| k.name.as_str());
                let hint = suggest::did_you_mean_within(&self.hints, name, kinds);
                ("not a known kind", hint)
            };
            Some((
                format!("`{name}` is {what}"),
                hint.or_else(|| Some("`tmc list-elements` lists every kind".into())),
            ))
        } else if s.is_a(name, schema::DATAFLOW) {
            Some((
                format!("a {name} is declared with `flow`"),
                Some("write `flow source -> sink \"Name\" { ... }`".into()),
            ))
        } else if s.is_a(name, schema::MODEL) {
            Some((
                "the model header is declared with `model`".into(),
                Some("write `model \"Name\" { ... }`".into()),
            ))
        } else if s.is_a(name, schema::BOUNDARY) {
            return Some(Role::Boundary);
        } else if s.is_a(name, schema::DATA) {
            return Some(Role::Data);
        } else if s.is_a(name, schema::EXPECT) {
            return Some(Role::Expect);
        } else if s.is_a(name, schema::TRIAGE) {
            return Some(Role::Triage);
        } else if s.is_a(name, schema::ELEMENT) {
            return Some(Role::Element);
        } else {
            Some((
                format!("`{name}` is not an element kind"),
                Some(format!(
                    "declarable kinds inherit from `{}` or `{}`",
                    schema::ELEMENT,
                    schema::DATA
                )),
            ))
        };
        let (message, hint) = problem.expect("every other branch returned");
        let d = Diagnostic::error("unknown-kind", message).at(kind.span, "cannot declare this");
        self.diags.push(suggest::noted(d, kind.span, hint));
        None
    }

    /// Flows are declared after every other object, once their ends can
    /// be resolved; a flow with a bad end is left out of the model.
    fn flow(&mut self, f: ast::FlowDecl) {
        self.flows.push(f);
    }

    /// Declares flow `f`, whose ends are `found` where `Symbols::flow_ends`
    /// found them.
    fn declare_flow(&mut self, f: ast::FlowDecl, found: [Option<ObjectId>; 2]) {
        let source = found[0].or_else(|| self.flow_end(&f.source, "source"));
        let sink = found[1].or_else(|| self.flow_end(&f.sink, "sink"));
        let (Some(source), Some(sink)) = (source, sink) else {
            if let Some(label) = &f.id {
                self.symbols.broken.insert(label.name.to_string());
            }
            return;
        };
        let (id, id_span) = match f.id {
            Some(label) => (label.name.into(), label.span),
            None => {
                let base = format!("{}->{}", f.source.name, f.sink.name);
                let mut id = base.clone();
                // Each repeat of a pair counts on from the number the last
                // one took, instead of trying `#2`, `#3`, ... again: ten
                // thousand `flow a -> b` took 11 s (quadratic).
                let n = self.repeats.entry(base.clone()).or_insert(1);
                while self.symbols.by_name.contains_key(&id) {
                    *n += 1;
                    id = format!("{base}#{n}");
                }
                (
                    id,
                    Span::new(f.source.span.file, f.source.span.start, f.sink.span.end),
                )
            }
        };
        let name = f.name.map_or_else(|| id.clone(), |s| s.value);
        self.declare(Decl {
            id,
            name,
            kind: schema::DATAFLOW.to_string(),
            role: Role::Flow { source, sink },
            docs: f.docs,
            span: f.span,
            id_span,
            body: f.body,
            in_clause: None,
            enclosing: None,
        });
    }

    /// Adds a declaration unless its identifier is taken.
    fn declare(&mut self, decl: Decl) -> Option<ObjectId> {
        if let Some(&first) = self.symbols.by_name.get(&decl.id) {
            let first = self.decls[first.index()].id_span;
            self.diags.push(
                Diagnostic::error("duplicate-definition", format!("`{}` is declared twice", decl.id))
                    .at(decl.id_span, "declared again here")
                    .also(first, "first declared here")
                    .note("identifiers are shared by every element, boundary, flow and data item of the model"),
            );
            return None;
        }
        let id = ObjectId(self.decls.len() as u32);
        if let Some(&renamed) = self.symbols.aliases.get(&decl.id) {
            self.alias_taken(&decl.id, decl.id_span, renamed);
        }
        let old_ids = renamed_from(&decl.body);
        self.symbols.by_name.insert(decl.id.clone(), id);
        self.symbols.kinds.push(Name::new(&decl.kind));
        self.symbols.roles.push(decl.role);
        self.decls.push(decl);
        for (old, span) in old_ids {
            self.alias(old, span, id);
        }
        Some(id)
    }

    /// Records that object `id` was called `old` before (`renamedFrom`),
    /// unless another object has that identifier now or had it before.
    fn alias(&mut self, old: String, span: Span, id: ObjectId) {
        if let Some(&now) = self.symbols.by_name.get(&old) {
            let at = self.decls[now.index()].id_span;
            self.diags.push(
                Diagnostic::error(
                    "renamed-from-taken",
                    format!("`{old}` is the identifier of another declaration"),
                )
                .at(span, "cannot be an old identifier of this one")
                .also(at, format!("`{old}` is declared here"))
                .note("`renamedFrom` lists identifiers no declaration has any more"),
            );
        } else if let Some(&before) = self.symbols.aliases.get(&old) {
            let at = self.decls[before.index()].id_span;
            self.diags.push(
                Diagnostic::error(
                    "renamed-from-taken",
                    format!("`{old}` is listed in two `renamedFrom`s"),
                )
                .at(span, "listed again here")
                .also(at, "this declaration lists it too")
                .note("an old identifier can lead to one declaration only"),
            );
        } else {
            self.symbols.aliases.insert(old, id);
        }
    }

    /// Reports a declaration whose identifier another one lists as its
    /// old identifier.
    fn alias_taken(&mut self, id: &str, at: Span, renamed: ObjectId) {
        let other = &self.decls[renamed.index()];
        self.diags.push(
            Diagnostic::error(
                "renamed-from-taken",
                format!(
                    "`{id}` is declared, but `{}` lists it in `renamedFrom`",
                    other.id
                ),
            )
            .at(at, "declared here")
            .also(
                other.id_span,
                format!("`{}` says it was called `{id}` before", other.id),
            )
            .note("remove it from `renamedFrom`, or give this declaration another identifier"),
        );
    }

    fn flow_end(&mut self, end: &ast::Ident, which: &str) -> Option<ObjectId> {
        if self.symbols.is_broken(&end.name) {
            return None;
        }
        let found = self.symbols.by_name.get(end.name.as_str());
        let Some(&id) = found.or_else(|| self.symbols.aliases.get(end.name.as_str())) else {
            let hint = if self.hints.is_spent() {
                None
            } else {
                let decls = &self.decls;
                let elements = self.elements.get_or_insert_with(|| {
                    (0..decls.len())
                        .filter(|&i| decls[i].role == Role::Element)
                        .collect()
                });
                let candidates = elements.iter().map(|&i| decls[i].id.as_str());
                suggest::did_you_mean_within(&self.hints, &end.name, candidates)
            };
            let d = Diagnostic::error(
                "undefined-reference",
                format!("flow {which} `{}` is not defined", end.name),
            )
            .at(end.span, "no element has this identifier");
            self.diags.push(suggest::noted(d, end.span, hint));
            return None;
        };
        let decl = &self.decls[id.index()];
        if decl.role == Role::Element {
            self.symbols.used(end.span, id);
            return Some(id);
        }
        let what = match decl.role {
            Role::Boundary => "a boundary",
            Role::Data => "a data item",
            Role::Expect => "an expectation",
            Role::Triage => "a triage",
            _ => "a flow",
        };
        self.diags.push(
            Diagnostic::error(
                "invalid-flow-end",
                format!(
                    "a flow cannot start or end at `{}`, which is {what}",
                    end.name
                ),
            )
            .at(end.span, format!("{which} must be an element"))
            .also(decl.id_span, format!("`{}` is declared here", end.name))
            .note("flows connect elements: actors, servers, processes, datastores and the like"),
        );
        None
    }
}

/// The identifiers a declaration's body lists in `renamedFrom`, each once,
/// with where it is written (the checker reports a value of the wrong
/// type).
fn renamed_from(body: &[ast::Member]) -> Vec<(String, Span)> {
    let written = body.iter().filter(
        |m| matches!(m.path.as_slice(), [name] if name.name.as_str() == RENAMED_FROM.name()),
    );
    let strings = written
        .flat_map(|m| match &m.value.kind {
            ast::ValueKind::List(items) => items.as_slice(),
            _ => &[],
        })
        .filter_map(|v| match &v.kind {
            ast::ValueKind::Str(s) => Some((s, v.span)),
            _ => None,
        });
    let mut old: Vec<(String, Span)> = Vec::new();
    for (name, span) in strings {
        if !old.iter().any(|(seen, _)| seen == name) {
            old.push((name.clone(), span));
        }
    }
    old
}

fn display_name(name: Option<ast::Str>, id: &ast::Ident) -> String {
    name.map_or_else(|| id.name.to_string(), |s| s.value)
}
