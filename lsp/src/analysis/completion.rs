//! Completion: what may be written at the cursor, from the cursor's
//! `context` and the last good compilation (schema, model identifiers,
//! threat library).

use super::answers::{Completion, CompletionKind};
use super::context::{Context, Owner};
use tmc_compiler::model::{Object, Role};
use tmc_compiler::schema::{Attr, Schema, Type, DATAFLOW, ELEMENT, MODEL};
use tmc_compiler::Compilation;

const KEYWORDS: &[&str] = &[
    "model",
    "boundary",
    "flow",
    "import",
    "threat",
    "predicate",
    "kind",
    "record",
    "enum",
];
const CONDITION_WORDS: &[&str] = &[
    "target", "and", "or", "not", "is", "in", "any", "all", "count", "none", "true", "false",
];

/// What may be written at the cursor, in `context`. `new_member` says the
/// cursor starts a member of a block (no `=` or `{` follows the word being
/// written): attributes then come as snippets that write `name = ` or
/// `name { }` too.
pub fn complete(context: &Context, c: &Compilation, new_member: bool) -> Vec<Completion> {
    let schema = &c.schema;
    match context {
        Context::TopLevel => {
            let mut items: Vec<Completion> = KEYWORDS.iter().map(|k| keyword(k)).collect();
            items.extend(
                schema
                    .kinds
                    .iter()
                    .filter(|k| declarable(schema, &k.name))
                    .map(|k| item(&k.name, CompletionKind::Kind, "kind", &k.doc)),
            );
            items
        }
        Context::AttrName { owner, prefix } => {
            let Some(fields) = fields_of(schema, owner, prefix) else {
                return Vec::new();
            };
            let mut items: Vec<Completion> = fields
                .iter()
                .filter(|a| !a.derived)
                .map(|a| with_snippet(attr_item(a), member_snippet(a), new_member))
                .collect();
            if *owner == Owner::Threat && prefix.is_empty() {
                let when = item(
                    "when",
                    CompletionKind::Keyword,
                    "condition",
                    "The condition under which the threat is reported.",
                );
                items.push(with_snippet(when, "when = $0".into(), new_member));
            }
            items
        }
        Context::Value { owner, attr } => {
            let (last, path) = attr.split_last().expect("an assigned path has a name");
            let Some(fields) = fields_of(schema, owner, path) else {
                return Vec::new();
            };
            match fields.iter().find(|a| a.name == *last) {
                Some(a) => values(c, &a.ty),
                None => Vec::new(),
            }
        }
        Context::FlowEnd => objects(c, |o| o.role == Role::Element),
        Context::Boundary => objects(c, |o| o.role == Role::Boundary),
        Context::ThreatId => c
            .library
            .threats
            .iter()
            .map(|t| item(&t.id, CompletionKind::Threat, &t.title, &t.details))
            .collect(),
        Context::Condition { targets, path } => condition(c, targets, path),
        Context::None => Vec::new(),
    }
}

fn declarable(schema: &Schema, kind: &str) -> bool {
    !schema.is_a(kind, DATAFLOW) && !schema.is_a(kind, MODEL) && kind != ELEMENT && kind != "Asset"
}

fn keyword(k: &str) -> Completion {
    item(k, CompletionKind::Keyword, "", "")
}

fn item(label: &str, kind: CompletionKind, detail: &str, doc: &str) -> Completion {
    Completion {
        label: label.to_string(),
        kind,
        detail: (!detail.is_empty()).then(|| detail.to_string()),
        doc: (!doc.is_empty()).then(|| doc.to_string()),
        snippet: None,
    }
}

/// `item` inserting `snippet` when the cursor starts a new member.
fn with_snippet(item: Completion, snippet: String, new_member: bool) -> Completion {
    Completion {
        snippet: new_member.then_some(snippet),
        ..item
    }
}

/// The snippet that writes attribute `a` anew: a block for a record
/// (`controls { }`), a list of one block for a list of records, else
/// `name = ` with the cursor after it.
fn member_snippet(a: &Attr) -> String {
    let record = |t: &Type| matches!(t, Type::Record(_));
    match &a.ty {
        Type::Record(_) => format!("{} {{ $0 }}", a.name),
        Type::Optional(inner) if record(inner) => format!("{} {{ $0 }}", a.name),
        Type::List(inner) if record(inner) => format!("{} = [{{ $0 }}]", a.name),
        _ => format!("{} = $0", a.name),
    }
}

fn attr_item(a: &Attr) -> Completion {
    let default = a
        .default
        .as_ref()
        .map(|d| format!(" = {}", show(d)))
        .unwrap_or_default();
    item(
        &a.name,
        CompletionKind::Field,
        &format!("{}{default}", a.ty),
        &a.doc,
    )
}

/// A default value as it would be written.
pub fn show(v: &tmc_compiler::model::Value) -> String {
    use tmc_compiler::model::Value;
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Str(s) => format!("{s:?}"),
        Value::Enum { member, .. } => member.to_string(),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Value::Record(_) => "{ ... }".into(),
        Value::Ref(_) => "(reference)".into(),
    }
}

/// The fields a block (plus a dotted `path` of record names) can set.
pub fn fields_of<'s>(schema: &'s Schema, owner: &Owner, path: &[String]) -> Option<&'s [Attr]> {
    let (mut fields, extra): (&[Attr], Vec<String>) = match owner {
        Owner::Kind { kind, record_path } => (
            &schema.kind(kind)?.attrs,
            record_path.iter().chain(path).cloned().collect(),
        ),
        Owner::Threat => (&schema.record("Threat")?.fields, path.to_vec()),
        Owner::ListItem { kind, path: list } => {
            let mut fields: &[Attr] = &schema.kind(kind)?.attrs;
            for (i, name) in list.iter().enumerate() {
                let attr = fields.iter().find(|a| a.name == *name)?;
                let record = match (&attr.ty, i + 1 == list.len()) {
                    (Type::List(inner), true) => match inner.as_ref() {
                        Type::Record(r) => r,
                        _ => return None,
                    },
                    (Type::Record(r), false) => r,
                    _ => return None,
                };
                fields = &schema.record(record)?.fields;
            }
            (fields, path.to_vec())
        }
    };
    for name in extra {
        let attr = fields.iter().find(|a| a.name == name)?;
        let Type::Record(r) = &attr.ty else {
            return None;
        };
        fields = &schema.record(r)?.fields;
    }
    Some(fields)
}

fn values(c: &Compilation, ty: &Type) -> Vec<Completion> {
    let schema = &c.schema;
    match ty {
        Type::Bool => vec![keyword("true"), keyword("false")],
        Type::Enum(e) => schema
            .enumeration(e)
            .map(|en| {
                en.members
                    .iter()
                    .map(|m| item(&m.name, CompletionKind::EnumMember, e, &m.doc))
                    .collect()
            })
            .unwrap_or_default(),
        Type::Ref(kind) => objects(c, |o| schema.is_a(&o.kind, kind)),
        Type::Kind => schema
            .kinds
            .iter()
            .filter(|k| schema.is_a(&k.name, ELEMENT))
            .map(|k| item(&k.name, CompletionKind::Kind, "kind", &k.doc))
            .collect(),
        Type::List(inner) | Type::Optional(inner) => values(c, inner),
        Type::Int | Type::String | Type::Record(_) => Vec::new(),
    }
}

/// The model's objects that `keep` accepts, as references.
fn objects(c: &Compilation, keep: impl Fn(&Object) -> bool) -> Vec<Completion> {
    let Some(model) = &c.model else {
        return Vec::new();
    };
    model
        .objects
        .iter()
        .filter(|o| keep(o))
        .map(|o| {
            item(
                &o.id,
                CompletionKind::Reference,
                &format!("{} \"{}\"", o.kind, o.name),
                &o.docs,
            )
        })
        .collect()
}

fn condition(c: &Compilation, targets: &[String], path: &[String]) -> Vec<Completion> {
    let schema = &c.schema;
    if path.is_empty() {
        let mut items: Vec<Completion> = CONDITION_WORDS.iter().map(|w| keyword(w)).collect();
        items.extend(c.library.predicates.iter().map(|p| {
            let params: Vec<String> = p.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            item(
                &p.name,
                CompletionKind::Predicate,
                &format!("{}({})", p.name, params.join(", ")),
                &p.docs,
            )
        }));
        return items;
    }
    if path[0] != "target" {
        return Vec::new();
    }
    // Attributes every target kind has, then down the path.
    let Some(first) = targets.first().and_then(|t| schema.kind(t)) else {
        return Vec::new();
    };
    let common: Vec<&Attr> = first
        .attrs
        .iter()
        .filter(|a| {
            targets
                .iter()
                .all(|t| schema.kind(t).is_some_and(|k| k.attr(&a.name).is_some()))
        })
        .collect();
    let mut fields: Vec<&Attr> = common;
    for name in &path[1..] {
        let Some(attr) = fields.iter().find(|a| a.name == *name) else {
            return Vec::new();
        };
        fields = match &attr.ty {
            Type::Record(r) => schema
                .record(r)
                .map(|r| r.fields.iter().collect())
                .unwrap_or_default(),
            Type::Ref(k) => schema
                .kind(k)
                .map(|k| k.attrs.iter().collect())
                .unwrap_or_default(),
            _ => return Vec::new(),
        };
    }
    fields.into_iter().map(attr_item).collect()
}
