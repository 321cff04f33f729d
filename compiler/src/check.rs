//! Type checking of the model: each declaration's attributes against its
//! kind (via `typeck`), boundary placement and the boundary tree, then the
//! `Model` with its flow graph.

use crate::cancel::Cancel;
use crate::derive;
use crate::diagnostic::Diagnostic;
use crate::hash::Map;
use crate::model::known::{
    DATASTORE_TYPE, IN_BOUNDARY, IS_SQL, SINK, SOURCE, TYPE_SQL, TYPE_UNKNOWN,
};
use crate::model::{Attrs, Header, Model, Object, ObjectId, Role, Value};
use crate::resolve::{Decl, LaterHint, Recorder, Resolved, Symbols};
use crate::schema::{self, Schema};
use crate::stdlib::Builtin;
use crate::suggest;
use crate::syntax::ast;
use crate::syntax::limits::MAX_NESTING;
use crate::typeck::{Among, Checker};

/// Checks every declaration (a large model's on every core, joined in
/// declaration order); returns the model if a header was found (even
/// when some declarations had errors, so that callers such as the language
/// server can still use what is right). Each declaration's syntax is freed
/// as soon as its object is made, so the syntax of a large model and its
/// checked objects are not all held at once. A cancelled check stops
/// between declarations and returns no model. `library` is the built-in
/// threat library that runs (`derive` matches pytm's where pytm's runs).
pub(crate) fn check(
    schema: &Schema,
    resolved: Resolved,
    library: Option<Builtin>,
    cancel: &Cancel,
    diags: &mut Vec<Diagnostic>,
) -> Option<Model> {
    let Resolved {
        header,
        decls,
        symbols,
    } = resolved;
    let mut objects = Vec::with_capacity(decls.len());
    let runs = tmc_perf::split::into_runs(decls, tmc_perf::MODEL_ITEMS, |decls| {
        let mut found = Vec::new();
        let recorder = Recorder::new(&symbols);
        let checked: Vec<Object> = decls
            .into_iter()
            .take_while(|_| !cancel.is_cancelled())
            .map(|decl| check_decl(schema, &recorder, decl, &mut found))
            .collect();
        let (uses, hints) = recorder.into_parts();
        (checked, found, uses, hints)
    });
    let mut hints = Vec::new();
    for (checked, found, uses, later) in runs {
        objects.extend(checked);
        let offset = diags.len();
        hints.extend(later.into_iter().map(|h| LaterHint {
            diag: offset + h.diag,
            ..h
        }));
        diags.extend(found);
        symbols.add_uses(uses);
    }
    // Some declarations were left out: what follows needs them all.
    if cancel.is_cancelled() {
        return None;
    }
    add_hints(schema, &symbols, hints, diags);
    check_boundary_cycles(&mut objects, diags);
    check_boundary_depth(&mut objects, diags);
    let header = check_header(schema, header, &symbols, diags)?;
    let uses = symbols.take_uses();
    let mut model = Model::new(header, objects, symbols.into_index());
    model.uses = uses;
    derive::derive(schema, &mut model, library);
    Some(model)
}

/// The did-you-mean hints the checkers left for later (`hints`, in
/// declaration order, so the same whatever the number of threads), while
/// one shared budget lasts: ten thousand misspelt references, each
/// searched among ten thousand identifiers, took minutes.
fn add_hints(schema: &Schema, symbols: &Symbols, hints: Vec<LaterHint>, diags: &mut [Diagnostic]) {
    if hints.is_empty() {
        return;
    }
    let budget = suggest::Budget::shared();
    let all = crate::typeck::Objects::all(symbols);
    let mut of_kind: Map<&str, Vec<&str>> = Map::default();
    for h in &hints {
        if budget.is_spent() {
            break;
        }
        let hint = match &h.among {
            Among::Objects(kind) => {
                let candidates = of_kind.entry(kind).or_insert_with(|| {
                    all.iter()
                        .filter(|(_, k)| schema.is_a(k, kind))
                        .map(|(n, _)| *n)
                        .collect()
                });
                suggest::did_you_mean_within(&budget, &h.name, candidates.iter().copied())
            }
            Among::Members(e) => schema.enumeration(e).and_then(|e| {
                let members = e.members.iter().map(|m| m.name.as_str());
                suggest::did_you_mean_within(&budget, &h.name, members)
            }),
        };
        if let (Some(hint), Some(d)) = (hint, diags.get_mut(h.diag)) {
            suggest::fix_from(d, &hint);
            // The hint comes first, before any list of what would fit.
            d.notes.insert(0, hint);
        }
    }
}

fn check_header(
    schema: &Schema,
    header: Option<ast::ModelDecl>,
    symbols: &Symbols,
    diags: &mut Vec<Diagnostic>,
) -> Option<Header> {
    let Some(m) = header else {
        diags.push(
            Diagnostic::error("missing-model", "no `model` declaration")
                .note("every model names itself once, e.g. `model \"Web application\" { description = \"...\" }`"),
        );
        return None;
    };
    let kind = schema.kind(schema::MODEL)?;
    let attrs = Checker::new(schema, symbols, diags).attributes(
        &kind.name,
        &kind.attrs,
        &m.body,
        Vec::new(),
        m.name.span,
    );
    Some(Header {
        name: m.name.value,
        attrs,
        docs: m.docs,
        span: m.span,
    })
}

fn check_decl(
    schema: &Schema,
    symbols: &Recorder,
    decl: Decl,
    diags: &mut Vec<Diagnostic>,
) -> Object {
    let mut preset = Vec::new();
    let mut boundary = None;
    // Name resolution reported a declaration both inside a boundary block
    // and `in` another, and left it neither.
    match (&decl.in_clause, decl.enclosing) {
        (Some(clause), _) => {
            let value = ast::Value {
                kind: ast::ValueKind::Name(clause.name.to_string()),
                span: clause.span,
            };
            let ty = schema::Type::Ref(schema::BOUNDARY.to_string());
            if let Some(v) = Checker::new(schema, symbols, diags).value(&ty, &value) {
                preset.push((IN_BOUNDARY.name().to_string(), v, clause.span));
            }
        }
        (None, Some(enclosing)) => {
            preset.push((
                IN_BOUNDARY.name().to_string(),
                Value::Ref(enclosing),
                decl.id_span,
            ));
        }
        (None, None) => {}
    }
    if let Role::Flow { source, sink } = decl.role {
        preset.push((SOURCE.name().to_string(), Value::Ref(source), decl.id_span));
        preset.push((SINK.name().to_string(), Value::Ref(sink), decl.id_span));
    }
    let (mut attrs, written) = match schema.kind(&decl.kind) {
        Some(kind) => Checker::new(schema, symbols, diags).attributes_written(
            &kind.name,
            &kind.attrs,
            &decl.body,
            preset,
            decl.id_span,
        ),
        None => Default::default(),
    };
    if let Some(Value::Ref(b)) = attrs.get(IN_BOUNDARY.name()) {
        boundary = Some(*b);
    }
    sql_follows_type(&decl.body, &mut attrs, diags);
    if decl.role == Role::Triage {
        crate::triage::check_entry(schema, &decl.body, &attrs, decl.id_span, diags);
    }
    // The syntax of the declaration is dropped here, its strings moved.
    Object {
        id: decl.id,
        name: decl.name,
        kind: decl.kind,
        role: decl.role,
        attrs,
        written,
        docs: decl.docs,
        span: decl.span,
        id_span: decl.id_span,
        boundary,
    }
}

/// A datastore's `isSQL` follows its `type` once a type is set: `type =
/// SQL` is queried with SQL and every other type is not. pytm let the two
/// disagree, and its default `isSQL = true` made an S3 bucket a SQL
/// database; written against the type, `isSQL` is an error here. With
/// `type` left UNKNOWN, `isSQL` stays as written or defaulted.
fn sql_follows_type(body: &[ast::Member], attrs: &mut Attrs, diags: &mut Vec<Diagnostic>) {
    let (Some(Value::Enum { member, .. }), Some(&Value::Bool(said))) =
        (attrs.get(DATASTORE_TYPE.name()), attrs.get(IS_SQL.name()))
    else {
        return;
    };
    let member = member.as_str();
    if member == TYPE_UNKNOWN.name() {
        return;
    }
    let sql = member == TYPE_SQL.name();
    let written = body
        .iter()
        .find(|m| m.path.len() == 1 && m.path[0].name == IS_SQL.name());
    if let Some(m) = written.filter(|_| said != sql) {
        let typed = if sql {
            "a SQL store"
        } else {
            "not a SQL store"
        };
        diags.push(
            Diagnostic::error(
                "contradicts-type",
                format!("`isSQL = {said}` contradicts `type = {member}`"),
            )
            .at(m.span, format!("`type = {member}` makes it {typed}"))
            .note("`isSQL` follows `type` once a type is set: remove `isSQL`, or change `type`"),
        );
    }
    if said != sql {
        attrs.insert(IS_SQL.name(), Value::Bool(sql));
    }
}

/// A boundary inside itself (`a in b`, `b in a`) is reported once per cycle,
/// and the cycle is cut so later stages see a tree. Linear in the number of
/// objects: each is walked over once, so a chain of 10,000 nested
/// boundaries costs no more than 10,000 flat ones.
fn check_boundary_cycles(objects: &mut [Object], diags: &mut Vec<Diagnostic>) {
    // Not walked yet / on the path being walked / walked, and leading to no
    // cycle not already reported (and cut).
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; objects.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..objects.len() {
        if objects[start].role != Role::Boundary || state[start] != NEW {
            continue;
        }
        path.clear();
        let mut current = Some(start);
        while let Some(at) = current {
            if state[at] == DONE {
                break;
            }
            if state[at] == ON_PATH {
                let pos = path.iter().position(|&p| p == at).unwrap_or(0);
                let cycle = &path[pos..];
                let names: Vec<&str> = cycle.iter().map(|&c| objects[c].id.as_str()).collect();
                let first = cycle[0];
                let mut d = Diagnostic::error(
                    "boundary-cycle",
                    format!(
                        "boundaries inside each other: {} in {}",
                        names.join(" in "),
                        names[0]
                    ),
                )
                .at(
                    objects[first].id_span,
                    "this boundary ends up inside itself",
                );
                for &c in &cycle[1..] {
                    d = d.also(objects[c].id_span, "part of the cycle");
                }
                diags.push(d.note("boundaries form a tree: each has at most one parent, and no boundary contains an ancestor"));
                objects[first].boundary = None;
                objects[first].attrs.remove(IN_BOUNDARY.name());
                break;
            }
            state[at] = ON_PATH;
            path.push(at);
            current = objects[at].boundary.map(|ObjectId(next)| next as usize);
        }
        for &p in &path {
            state[p] = DONE;
        }
    }
}

/// Reports each boundary that sits more than [`MAX_NESTING`] (`syntax::limits`) boundaries
/// deep (through `in` or blocks) and takes the too-deep ones out of their
/// parents, so later stages see a shallow tree. Runs after boundary cycles
/// are cut; linear in the number of objects.
fn check_boundary_depth(objects: &mut [Object], diags: &mut Vec<Diagnostic>) {
    const UNKNOWN: usize = 0;
    // The nesting level of each boundary: 1 at the top level.
    let mut depth = vec![UNKNOWN; objects.len()];
    let mut path = Vec::new();
    for start in 0..objects.len() {
        if objects[start].role != Role::Boundary || depth[start] != UNKNOWN {
            continue;
        }
        path.clear();
        let mut at = start;
        let mut base = 0;
        loop {
            path.push(at);
            match objects[at].boundary {
                Some(ObjectId(p)) if depth[p as usize] != UNKNOWN => {
                    base = depth[p as usize];
                    break;
                }
                // Cycles are cut before this runs; the length check keeps
                // a missed one from looping forever.
                Some(ObjectId(p)) if path.len() <= objects.len() => at = p as usize,
                _ => break,
            }
        }
        for (i, &b) in path.iter().rev().enumerate() {
            depth[b] = base + i + 1;
        }
    }
    for (i, d) in depth.iter().enumerate() {
        if *d == MAX_NESTING + 1 {
            let o = &objects[i];
            diags.push(
                Diagnostic::error(
                    "boundary-too-deep",
                    format!(
                        "boundary `{}` is nested {} boundaries deep",
                        o.id,
                        MAX_NESTING + 1
                    ),
                )
                .at(o.id_span, format!("level {} starts here", MAX_NESTING + 1))
                .note(format!(
                    "boundaries nest at most {MAX_NESTING} levels deep, whether written with `in` or inside blocks"
                )),
            );
        }
    }
    for (o, d) in objects.iter_mut().zip(depth) {
        if d > MAX_NESTING {
            o.boundary = None;
            o.attrs.remove(IN_BOUNDARY.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::{compile_clean, compile_with, OneFile, Options};

    const HEAD: &str = "model \"m\" { description = \"d\" }\n";

    fn is_sql(store: &str) -> bool {
        let (_, model) = compile_clean(&format!("{HEAD}Datastore s {{ {store} }}\n"));
        let s = model.objects.iter().find(|o| o.id == "s").expect("s");
        s.attrs.get("isSQL") == Some(&super::Value::Bool(true))
    }

    #[test]
    fn is_sql_follows_a_set_type() {
        assert!(is_sql(""), "pytm's default: a store of unknown type is SQL");
        assert!(!is_sql("isSQL = false"));
        assert!(is_sql("type = SQL"));
        assert!(
            !is_sql("type = AWS_S3"),
            "the default gives way to the type"
        );
        assert!(!is_sql("type = NOSQL isSQL = false"));
        assert!(is_sql("type = SQL isSQL = true"));
    }

    #[test]
    fn is_sql_against_the_type_is_an_error_at_is_sql() {
        let text = format!("{HEAD}Datastore s {{\n  type = CACHE\n  isSQL = true\n}}\n");
        let c = compile_with(
            &[PathBuf::from("m.tm")],
            &Options::default(),
            &OneFile(&text),
        );
        let d: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "contradicts-type");
        assert_eq!(d[0].message, "`isSQL = true` contradicts `type = CACHE`");
        assert_eq!(c.sources.slice(d[0].labels[0].span), "isSQL = true");
    }
}
