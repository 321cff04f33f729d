//! Building the schema from the `kind`, `record` and `enum` declarations:
//! names, inheritance, records held in records, and the written defaults,
//! which are type-checked like any value (`typeck`).

use super::*;
use crate::cycles::Graph;
use crate::diagnostic::Diagnostic;
use crate::hash::Map;
use crate::suggest;
use crate::syntax::ast;
use crate::syntax::limits::{MAX_NESTING, MAX_VALUES};
use crate::typeck::{Checker, NoObjects};

/// Builds the schema from the schema declarations of all files, reporting
/// unknown types, duplicate names, inheritance cycles, records that hold
/// themselves, schemas nested too deep or too large, and bad defaults.
pub(crate) fn build(files: &[&ast::File], diags: &mut Vec<Diagnostic>) -> Schema {
    let mut kinds: Vec<&ast::KindDecl> = Vec::new();
    let mut records: Vec<&ast::RecordDecl> = Vec::new();
    let mut enums: Vec<&ast::EnumDecl> = Vec::new();
    for file in files {
        for item in &file.items {
            match item {
                ast::Item::Kind(k) => kinds.push(k),
                ast::Item::Record(r) => records.push(r),
                ast::Item::Enum(e) => enums.push(e),
                _ => {}
            }
        }
    }

    let mut schema = Schema::default();
    let mut seen: Map<String, Span> = Map::default();
    let mut first_definition = |name: &ast::Ident, diags: &mut Vec<Diagnostic>| {
        if let Some(first) = seen.get(name.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-definition",
                    format!("`{}` is declared twice", name.name),
                )
                .at(name.span, "declared again here")
                .also(*first, "first declared here"),
            );
            false
        } else {
            seen.insert(name.name.to_string(), name.span);
            true
        }
    };

    for e in enums {
        if !first_definition(&e.name, diags) {
            continue;
        }
        let built = enumeration(e, diags);
        schema
            .enum_index
            .insert(e.name.name.to_string(), schema.enums.len());
        schema.enums.push(built);
    }
    // Names first, so that types can refer to records and kinds declared
    // later in the same or another file.
    let records: Vec<&ast::RecordDecl> = records
        .into_iter()
        .filter(|r| first_definition(&r.name, diags))
        .collect();
    let kinds: Vec<&ast::KindDecl> = kinds
        .into_iter()
        .filter(|k| first_definition(&k.name, diags))
        .collect();
    for (i, r) in records.iter().enumerate() {
        schema.record_index.insert(r.name.name.to_string(), i);
    }
    for (i, k) in kinds.iter().enumerate() {
        schema.kind_index.insert(k.name.name.to_string(), i);
    }
    // Placeholders so that `is_a` and type lookups work while fields are built.
    schema.records = records
        .iter()
        .map(|r| Record {
            name: r.name.name.to_string(),
            doc: r.docs.clone(),
            fields: Vec::new(),
            span: r.name.span,
        })
        .collect();
    schema.kinds = kinds
        .iter()
        .map(|k| Kind {
            name: k.name.name.to_string(),
            doc: k.docs.clone(),
            parent: k.parent.as_ref().map(|p| p.name.to_string()),
            attrs: Vec::new(),
            span: k.name.span,
        })
        .collect();
    let depths = check_parents(&mut schema, &kinds, diags);

    // Record fields: records may nest records, so every field's type is
    // known before records are checked for holding themselves, and only
    // then are defaults (which may be records) checked.
    let mut written_defaults = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let (fields, defaults) = own_fields(&schema, &r.name.name, &r.fields, diags);
        schema.records[i].fields = fields;
        written_defaults.push(defaults);
    }
    let shape = check_records(&mut schema, diags);
    for &r in &shape.defaults_order {
        let defaults = check_defaults(
            &schema,
            &schema.records[r].fields,
            &written_defaults[r],
            diags,
        );
        for (field, default) in schema.records[r].fields.iter_mut().zip(defaults) {
            field.default = default;
        }
    }
    let own: Vec<Vec<Attr>> = kinds
        .iter()
        .map(|k| {
            let (mut fields, defaults) = own_fields(&schema, &k.name.name, &k.fields, diags);
            let checked = check_defaults(&schema, &fields, &defaults, diags);
            for (field, default) in fields.iter_mut().zip(checked) {
                field.default = default;
            }
            fields
        })
        .collect();
    // Kinds in an order where each parent comes before its children.
    let mut parents_first: Vec<usize> = (0..kinds.len()).collect();
    parents_first.sort_by_key(|&i| depths[i]);
    let mut too_large = vec![false; kinds.len()];
    for index in parents_first {
        let decl = kinds[index];
        let parent = schema.kinds[index].parent.as_deref();
        let parent = parent.and_then(|p| schema.kind_index.get(p).copied());
        let mut attrs = parent.map_or_else(Vec::new, |p| schema.kinds[p].attrs.clone());
        let mut names: Map<String, usize> = attrs
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        for attr in &own[index] {
            if let Some(&inherited) = names.get(&attr.name) {
                let inherited = &attrs[inherited];
                diags.push(
                    Diagnostic::error(
                        "duplicate-definition",
                        format!(
                            "`{}` already has `{}` from `{}`",
                            decl.name.name, attr.name, inherited.declared_in
                        ),
                    )
                    .at(attr.span, "declared again here")
                    .also(inherited.span, "inherited from here")
                    .note(format!(
                        "to change only the default, write `{} = <value>` without a type",
                        attr.name
                    )),
                );
                continue;
            }
            names.insert(attr.name.clone(), attrs.len());
            attrs.push(attr.clone());
        }
        apply_overrides(&schema, decl, &mut attrs, &names, diags);
        // A kind under one that is too large is not reported again.
        let count = values(&schema, &attrs, &shape.values);
        if count > MAX_VALUES && !parent.is_some_and(|p| too_large[p]) {
            too_large[index] = true;
            diags.push(too_many_values(
                "kind",
                decl.name.span,
                &decl.name.name,
                count,
            ));
            hold_no_records(&mut attrs);
        }
        schema.kinds[index].attrs = attrs;
    }
    schema.complete_defaults(&shape.held_first);
    schema
}

/// An enum's members, each listed once.
fn enumeration(e: &ast::EnumDecl, diags: &mut Vec<Diagnostic>) -> Enum {
    let mut members: Vec<EnumMember> = Vec::new();
    let mut index: Map<String, usize> = Map::default();
    for m in &e.members {
        if let Some(&first) = index.get(m.name.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-definition",
                    format!("enum `{}` lists `{}` twice", e.name.name, m.name.name),
                )
                .at(m.name.span, "listed again here")
                .also(members[first].span, "first listed here"),
            );
            continue;
        }
        index.insert(m.name.name.to_string(), members.len());
        members.push(EnumMember {
            name: m.name.name.to_string(),
            doc: m.docs.clone(),
            span: m.name.span,
        });
    }
    Enum {
        name: e.name.name.to_string(),
        doc: e.docs.clone(),
        ordered: e.ordered,
        members,
        span: e.name.span,
        index,
    }
}

/// Unknown parents, inheritance cycles and kinds that inherit through
/// more than `MAX_NESTING` levels; a bad parent is dropped so the rest of
/// the schema can still be checked. Returns each kind's level (1 for a
/// kind without a parent). Each kind's chain is walked once, so a chain
/// of many thousand kinds costs no more than as many kinds side by side.
fn check_parents(
    schema: &mut Schema,
    decls: &[&ast::KindDecl],
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    for (i, decl) in decls.iter().enumerate() {
        let Some(parent) = &decl.parent else { continue };
        if schema.kind(&parent.name).is_none() {
            let names: Vec<&str> = schema.kinds.iter().map(|k| k.name.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    "unknown-kind",
                    format!(
                        "unknown kind `{}` as the parent of `{}`",
                        parent.name, decl.name.name
                    ),
                )
                .at(parent.span, "no kind has this name")
                .note_opt(suggest::did_you_mean(&parent.name, names)),
            );
            schema.kinds[i].parent = None;
        }
    }
    let parent_of = |schema: &Schema, i: usize| {
        let parent = schema.kinds[i].parent.as_deref()?;
        schema.kind_index.get(parent).copied()
    };
    // Not walked yet / on the chain being walked / walked.
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; decls.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..decls.len() {
        path.clear();
        let mut current = Some(start);
        while let Some(at) = current.filter(|&at| state[at] != DONE) {
            if state[at] == ON_PATH {
                let cycle = &path[path.iter().position(|&p| p == at).unwrap_or(0)..];
                // Reported at the kind of the cycle declared first, the
                // chain read from it.
                let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                let mut chain: Vec<&str> = cycle[first..]
                    .iter()
                    .chain(&cycle[..first])
                    .map(|&k| schema.kinds[k].name.as_str())
                    .collect();
                chain.push(chain[0]);
                let kind = cycle[first];
                diags.push(
                    Diagnostic::error(
                        "inheritance-cycle",
                        format!("kind `{}` inherits from itself", decls[kind].name.name),
                    )
                    .at(decls[kind].name.span, "part of the cycle")
                    .note(format!("the chain is {}", chain.join(" : "))),
                );
                schema.kinds[kind].parent = None;
                break;
            }
            state[at] = ON_PATH;
            path.push(at);
            current = parent_of(schema, at);
        }
        for &p in &path {
            state[p] = DONE;
        }
    }
    // Levels, each chain walked up to the first kind whose level is known.
    let mut depth = vec![0; decls.len()];
    for start in 0..decls.len() {
        path.clear();
        let mut at = Some(start);
        while let Some(k) = at.filter(|&k| depth[k] == 0) {
            path.push(k);
            at = parent_of(schema, k);
        }
        let mut level = at.map_or(0, |k| depth[k]);
        for &k in path.iter().rev() {
            level += 1;
            depth[k] = level;
        }
    }
    for (i, level) in depth.iter_mut().enumerate() {
        if *level == MAX_NESTING + 1 {
            diags.push(
                Diagnostic::error(
                    "inheritance-too-deep",
                    format!(
                        "kind `{}` inherits through more than {MAX_NESTING} levels",
                        decls[i].name.name
                    ),
                )
                .at(
                    decls[i].name.span,
                    format!("level {} starts here", MAX_NESTING + 1),
                )
                .note(format!("kinds inherit at most {MAX_NESTING} levels deep")),
            );
        }
        if *level > MAX_NESTING {
            schema.kinds[i].parent = None;
            *level = 1;
        }
    }
    depth
}

/// What `check_records` learnt of the records.
struct Shapes {
    /// Record indexes in the order to check their defaults in: records a
    /// record's types name come before it (where they can).
    defaults_order: Vec<usize>,
    /// Record indexes, each after the records it holds.
    held_first: Vec<usize>,
    /// By record index: how many values one of its values holds, counting
    /// those of the records inside it.
    values: Vec<usize>,
}

/// The records a record holds: its fields whose type is a record, not
/// optional and not derived, which every value of it holds whole.
fn held(schema: &Schema, fields: &[Attr]) -> Vec<(usize, usize)> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.derived)
        .filter_map(|(i, f)| match &f.ty {
            Type::Record(r) => schema.record_index.get(r.as_str()).map(|&r| (i, r)),
            _ => None,
        })
        .collect()
}

/// Every record named in a type, however deep (`[R]`, `R?`).
fn named_records(schema: &Schema, ty: &Type, out: &mut Vec<usize>) {
    let mut ty = ty;
    loop {
        match ty {
            Type::List(inner) | Type::Optional(inner) => ty = inner,
            Type::Record(r) => {
                out.extend(schema.record_index.get(r.as_str()));
                return;
            }
            _ => return,
        }
    }
}

/// Which records each record holds (`(field, record)` pairs, by index),
/// and the graph of it.
fn holding(schema: &Schema) -> (Vec<Vec<(usize, usize)>>, Graph) {
    let holds: Vec<Vec<(usize, usize)>> = schema
        .records
        .iter()
        .map(|r| held(schema, &r.fields))
        .collect();
    let graph = Graph::new(
        schema.records.len(),
        holds
            .iter()
            .enumerate()
            .flat_map(|(r, fields)| fields.iter().map(move |&(_, s)| (r, s))),
    );
    (holds, graph)
}

/// Records that hold themselves (`record R { r: R }`, or through others)
/// would have values without end: each cycle is reported once, and every
/// field that closes one made optional. Records that then nest deeper
/// than `MAX_NESTING` or hold more than `MAX_VALUES` values are reported
/// and hold their records as optional fields, so that nothing after this
/// walks a record without end, or without bound.
fn check_records(schema: &mut Schema, diags: &mut Vec<Diagnostic>) -> Shapes {
    let n = schema.records.len();
    let (holds, graph) = holding(schema);
    for component in graph.components() {
        if !graph.is_cycle(&component) {
            continue;
        }
        let cycle = graph.cycle_through(component[0], &component);
        diags.push(record_cycle(schema, &holds, &cycle));
        for &r in &component {
            for &(field, s) in &holds[r] {
                if component.binary_search(&s).is_ok() {
                    make_optional(&mut schema.records[r].fields[field]);
                }
            }
        }
    }
    // The records as they hold each other now: without cycles.
    let (holds, graph) = holding(schema);
    let held_first: Vec<usize> = graph.components().into_iter().flatten().collect();
    let mut depth = vec![1; n];
    let mut values = vec![0; n];
    // Too deep or too large, or holding such a record: cut loose from the
    // records it holds. Only the first of a chain is reported.
    let mut failed = vec![false; n];
    for &r in &held_first {
        let record = &schema.records[r];
        depth[r] = 1 + holds[r].iter().map(|&(_, s)| depth[s]).max().unwrap_or(0);
        values[r] = self::values(schema, &record.fields, &values);
        let below = holds[r].iter().any(|&(_, s)| failed[s]);
        let problem = if below {
            None
        } else if depth[r] > MAX_NESTING {
            Some(too_deep(record))
        } else if values[r] > MAX_VALUES {
            Some(too_many_values(
                "record",
                record.span,
                &record.name,
                values[r],
            ))
        } else {
            continue;
        };
        diags.extend(problem);
        failed[r] = true;
        hold_no_records(&mut schema.records[r].fields);
        depth[r] = 1;
        // Counted as empty: the kinds that hold it are not reported for
        // its size too.
        values[r] = 0;
    }
    // Defaults may be records of any type named, also in `R?` or `[R]`.
    let mut names = Vec::new();
    let mut named = Vec::new();
    for (r, record) in schema.records.iter().enumerate() {
        for f in &record.fields {
            names.clear();
            named_records(schema, &f.ty, &mut names);
            named.extend(names.iter().map(|&s| (r, s)));
        }
    }
    let defaults_order = Graph::new(n, named)
        .components()
        .into_iter()
        .flatten()
        .collect();
    Shapes {
        defaults_order,
        held_first,
        values,
    }
}

/// The error for a cycle of records holding each other, `cycle` in order.
fn record_cycle(schema: &Schema, holds: &[Vec<(usize, usize)>], cycle: &[usize]) -> Diagnostic {
    // The field of each record of the cycle that holds the next one.
    let steps: Vec<&Attr> = cycle
        .iter()
        .enumerate()
        .filter_map(|(i, &r)| {
            let next = cycle[(i + 1) % cycle.len()];
            let &(field, _) = holds[r].iter().find(|&&(_, s)| s == next)?;
            Some(&schema.records[r].fields[field])
        })
        .collect();
    let record = &schema.records[cycle[0]];
    let mut chain: Vec<String> = steps
        .iter()
        .map(|f| format!("{}.{}", f.declared_in, f.name))
        .collect();
    chain.push(record.name.clone());
    let mut d = Diagnostic::error(
        "record-cycle",
        format!("record `{}` holds itself", record.name),
    );
    for (i, f) in steps.iter().enumerate() {
        let label = format!("holds `{}`", f.ty);
        d = if i == 0 {
            d.at(f.span, label)
        } else {
            d.also(f.span, label)
        };
    }
    let first = steps.first().map_or("x", |f| f.name.as_str());
    let ty = steps
        .first()
        .map_or(record.name.clone(), |f| f.ty.to_string());
    d.note(format!("the chain is {}", chain.join(" -> ")))
        .note(format!(
            "a value holds each record field whole, so this one would never end; make the field optional (`{first}: {ty}?`) or a list (`[{ty}]`), or refer to an element instead"
        ))
}

/// The error for a record that holds records more than `MAX_NESTING`
/// levels deep.
fn too_deep(record: &Record) -> Diagnostic {
    Diagnostic::error(
        "record-too-deep",
        format!(
            "record `{}` holds records more than {MAX_NESTING} levels deep",
            record.name
        ),
    )
    .at(
        record.span,
        format!("level {} starts here", MAX_NESTING + 1),
    )
    .note(format!(
        "records hold records at most {MAX_NESTING} levels deep"
    ))
    .note("hold the deeper records as optional fields (`x: R?`) or in lists (`[R]`)")
}

/// The error for a kind or record holding more than `MAX_VALUES` values.
fn too_many_values(what: &str, at: Span, name: &str, count: usize) -> Diagnostic {
    Diagnostic::error(
        if what == "kind" {
            "kind-too-large"
        } else {
            "record-too-large"
        },
        format!("{what} `{name}` holds {count} values, counting those inside its records"),
    )
    .at(at, format!("more than {MAX_VALUES} values"))
    .note(format!(
        "an object or record holds at most {MAX_VALUES} values, the fields of the records it holds counted with its own"
    ))
    .note("hold large records as optional fields (`x: R?`) or in lists (`[R]`), or split the kind")
}

/// A record field held whole becomes optional: values then hold it only
/// where written.
fn make_optional(field: &mut Attr) {
    if matches!(field.ty, Type::Record(_)) {
        let ty = std::mem::replace(&mut field.ty, Type::Bool);
        field.ty = Type::Optional(Box::new(ty));
    }
}

/// `make_optional` of every field.
fn hold_no_records(fields: &mut [Attr]) {
    fields
        .iter_mut()
        .filter(|f| !f.derived)
        .for_each(make_optional);
}

/// How many values an object (or record value) with `fields` holds,
/// counting those of the records it holds (`records`: the count of each,
/// by record index).
fn values(schema: &Schema, fields: &[Attr], records: &[usize]) -> usize {
    let inside: usize = held(schema, fields).iter().map(|&(_, r)| records[r]).sum();
    fields.len() + inside
}

/// The fields a kind or record declares itself, with types resolved, and
/// the default each has written (checked later by `check_defaults`).
fn own_fields<'a>(
    schema: &Schema,
    owner: &str,
    fields: &'a [ast::FieldDecl],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Attr>, Vec<Option<&'a ast::Value>>) {
    let mut out: Vec<Attr> = Vec::new();
    let mut defaults = Vec::new();
    let mut names: Map<&str, usize> = Map::default();
    for f in fields {
        if let Some(&first) = names.get(f.name.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-definition",
                    format!("`{owner}` declares `{}` twice", f.name.name),
                )
                .at(f.name.span, "declared again here")
                .also(out[first].span, "first declared here"),
            );
            continue;
        }
        let Some(ty) = resolve_type(schema, &f.ty, diags) else {
            continue;
        };
        let default = match &f.default {
            Some(value) if f.derived => {
                diags.push(
                    Diagnostic::error(
                        "derived-default",
                        format!("derived attribute `{}` cannot have a default", f.name.name),
                    )
                    .at(value.span, "the compiler computes this attribute"),
                );
                None
            }
            other => other.as_ref(),
        };
        names.insert(&f.name.name, out.len());
        defaults.push(default);
        out.push(Attr {
            name: f.name.name.to_string(),
            ty,
            default: None,
            doc: f.docs.clone(),
            derived: f.derived,
            declared_in: owner.to_string(),
            span: f.name.span,
        });
    }
    (out, defaults)
}

/// The written defaults of `fields`, checked against their types.
fn check_defaults(
    schema: &Schema,
    fields: &[Attr],
    written: &[Option<&ast::Value>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<Value>> {
    fields
        .iter()
        .zip(written)
        .map(|(f, value)| {
            let value = (*value)?;
            Checker::new(schema, &NoObjects, diags).value(&f.ty, value)
        })
        .collect()
}

/// `onAWS = true` in a kind: a new default for an inherited attribute
/// (`names`: the position of each of `attrs`, by name).
fn apply_overrides(
    schema: &Schema,
    decl: &ast::KindDecl,
    attrs: &mut [Attr],
    names: &Map<String, usize>,
    diags: &mut Vec<Diagnostic>,
) {
    for o in &decl.overrides {
        let name = &o.path[0];
        let Some(&position) = names.get(name.name.as_str()) else {
            let names = attrs.iter().map(|a| a.name.as_str());
            diags.push(
                Diagnostic::error(
                    "unknown-attribute",
                    format!(
                        "`{}` inherits no attribute `{}` to give a default",
                        decl.name.name, name.name
                    ),
                )
                .at(name.span, "not an inherited attribute")
                .note_opt(suggest::did_you_mean(&name.name, names))
                .note("to declare a new attribute, give its type: `name: type = default`"),
            );
            continue;
        };
        let attr = &mut attrs[position];
        if let Some(value) = Checker::new(schema, &NoObjects, diags).value(&attr.ty, &o.value) {
            attr.default = Some(value);
            if !o.docs.is_empty() {
                attr.doc = o.docs.clone();
            }
            attr.span = name.span;
            attr.declared_in = decl.name.name.to_string();
        }
    }
}

pub(crate) fn resolve_type(
    schema: &Schema,
    ty: &ast::TypeExpr,
    diags: &mut Vec<Diagnostic>,
) -> Option<Type> {
    match ty {
        ast::TypeExpr::List { element, .. } => {
            resolve_type(schema, element, diags).map(|t| Type::List(Box::new(t)))
        }
        ast::TypeExpr::Named { name, optional } => {
            let base = match name.name.as_str() {
                "bool" => Type::Bool,
                "int" => Type::Int,
                "string" => Type::String,
                "Kind" => Type::Kind,
                n if schema.kind(n).is_some() => Type::Ref(n.to_string()),
                n if schema.record(n).is_some() => Type::Record(n.to_string()),
                n if schema.enumeration(n).is_some() => Type::Enum(n.to_string()),
                n => {
                    diags.push(
                        Diagnostic::error("unknown-type", format!("unknown type `{n}`"))
                            .at(name.span, "no kind, record or enum has this name")
                            .note_opt(suggest::did_you_mean(n, schema.type_names())),
                    );
                    return None;
                }
            };
            Some(if *optional {
                Type::Optional(Box::new(base))
            } else {
                base
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema of `text` (no stdlib) and the codes of its diagnostics.
    fn schema_of(text: &str) -> (Schema, Vec<Diagnostic>) {
        let file = crate::syntax::parse(crate::source::FileId(0), text).expect("parses");
        let mut diags = Vec::new();
        let schema = build(&[&file], &mut diags);
        (schema, diags)
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&str> {
        diags.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_record_that_holds_itself_is_one_error_and_the_field_becomes_optional() {
        let (schema, diags) = schema_of("record R { n: int = 1 r: R }");
        assert_eq!(codes(&diags), ["record-cycle"]);
        assert_eq!(diags[0].notes[0], "the chain is R.r -> R");
        let r = schema.record("R").unwrap();
        assert_eq!(r.field("r").unwrap().ty.to_string(), "R?");
        let defaults = schema.defaults("R", &r.fields);
        assert_eq!(defaults.len(), 1);
    }

    #[test]
    fn records_that_hold_each_other_are_named_in_order() {
        let (schema, diags) =
            schema_of("record A { b: B }\nrecord B { c: C }\nrecord C { a: A x: int = 0 }");
        assert_eq!(codes(&diags), ["record-cycle"]);
        assert_eq!(diags[0].notes[0], "the chain is A.b -> B.c -> C.a -> A");
        assert_eq!(diags[0].labels.len(), 3);
        let a = schema.record("A").unwrap();
        assert!(schema.defaults("A", &a.fields).is_empty());
    }

    #[test]
    fn optional_and_listed_records_may_hold_their_own_kind() {
        let (schema, diags) =
            schema_of("record Node { next: Node? children: [Node] = [] name: string = \"\" }");
        assert!(diags.is_empty(), "{diags:?}");
        let node = schema.record("Node").unwrap();
        assert_eq!(schema.defaults("Node", &node.fields).len(), 2);
    }

    #[test]
    fn a_default_may_be_a_record_declared_later() {
        let (schema, diags) =
            schema_of("record A { b: B = { y = 2 } }\nrecord B { y: int = 1 z: int = 3 }");
        assert!(diags.is_empty(), "{diags:?}");
        let a = schema.record("A").unwrap();
        let Some(Value::Record(b)) = &a.field("b").unwrap().default else {
            panic!("a record default")
        };
        assert_eq!(b.get("y"), Some(&Value::Int(2)));
        assert_eq!(b.get("z"), Some(&Value::Int(3)));
    }

    #[test]
    fn records_nested_too_deep_are_one_error_at_the_first_too_deep() {
        let chain: String = (0..10_000)
            .map(|i| format!("record R{i} {{ next: R{} }}\n", i + 1))
            .collect::<String>()
            + "record R10000 { x: int = 1 }\n";
        let started = std::time::Instant::now();
        let (schema, diags) = schema_of(&chain);
        assert_eq!(codes(&diags), ["record-too-deep"]);
        // R10000 is level 1 from the bottom: the first too deep is level 257.
        let deepest = 10_000 - MAX_NESTING;
        assert!(
            diags[0].message.contains(&format!("`R{deepest}`")),
            "{}",
            diags[0].message
        );
        // Records up to 256 levels keep theirs; those above are cut loose.
        let ok = schema.record(&format!("R{}", deepest + 1)).unwrap();
        assert!(!schema.defaults(&ok.name, &ok.fields).is_empty());
        let top = schema.record("R0").unwrap();
        assert_eq!(top.field("next").unwrap().ty.to_string(), "R1?");
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn records_that_double_at_each_level_are_too_large_not_slow() {
        // Each record holds the next twice: 2^40 values, from 41 lines.
        let text: String = (0..40)
            .map(|i| format!("record R{i} {{ a: R{0} b: R{0} }}\n", i + 1))
            .collect::<String>()
            + "record R40 { x: int = 1 }\n";
        let (schema, diags) = schema_of(&text);
        assert_eq!(codes(&diags), ["record-too-large"]);
        // 2 + 2 * 511 at R31; 1,534 at R30.
        assert!(diags[0].message.contains("`R31`"), "{}", diags[0].message);
        let r32 = schema.record("R32").unwrap();
        assert_eq!(schema.defaults("R32", &r32.fields).len(), 2);
    }

    #[test]
    fn a_kind_holding_too_many_values_is_reported_once_not_for_its_children() {
        let fields: String = (0..600).map(|i| format!("f{i}: int = 0 ")).collect();
        let text =
            format!("record Big {{ {fields} }}\nkind K {{ one: Big two: Big }}\nkind L : K {{}}\n");
        let (schema, diags) = schema_of(&text);
        assert_eq!(codes(&diags), ["kind-too-large"]);
        assert!(
            diags[0].message.contains("1202 values"),
            "{}",
            diags[0].message
        );
        assert_eq!(
            schema
                .kind("L")
                .unwrap()
                .attr("one")
                .unwrap()
                .ty
                .to_string(),
            "Big?"
        );
    }

    #[test]
    fn an_inheritance_cycle_is_reported_at_its_first_kind() {
        let (schema, diags) =
            schema_of("kind Z {}\nkind A : B {}\nkind B : C {}\nkind C : A {}\nkind D : B {}");
        assert_eq!(codes(&diags), ["inheritance-cycle"]);
        assert_eq!(diags[0].message, "kind `A` inherits from itself");
        assert_eq!(diags[0].notes[0], "the chain is A : B : C : A");
        assert_eq!(schema.lineage("D"), ["D", "B", "C", "A"]);
        let (_, diags) = schema_of("kind S : S {}");
        assert_eq!(diags[0].notes[0], "the chain is S : S");
    }

    #[test]
    fn a_long_inheritance_chain_is_too_deep_and_linear() {
        let chain: String = std::iter::once("kind K0 {}\n".to_string())
            .chain((1..20_000).map(|i| format!("kind K{i} : K{} {{ a{i}: int = 0 }}\n", i - 1)))
            .collect();
        let started = std::time::Instant::now();
        let (schema, diags) = schema_of(&chain);
        assert_eq!(codes(&diags), ["inheritance-too-deep"]);
        assert!(diags[0].message.contains(&format!("`K{MAX_NESTING}`")));
        assert_eq!(
            schema.lineage(&format!("K{}", MAX_NESTING - 1)).len(),
            MAX_NESTING
        );
        // Those deeper are cut loose, as boundaries are.
        assert_eq!(schema.lineage("K19999"), ["K19999"]);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}
