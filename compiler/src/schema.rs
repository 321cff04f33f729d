//! The schema: element kinds (with inheritance), records and enums, with
//! every attribute's type, default and doc. It is built from `kind`,
//! `record` and `enum` declarations, those of the embedded stdlib first and
//! then any in the user's files; nothing in Rust lists attributes.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::diagnostic::Diagnostic;
use crate::hash::Map;
use crate::model::{Attrs, Value};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast;
use crate::typeck::{Checker, NoObjects};

/// The kinds the compiler gives structure to. The stdlib must declare them.
pub const ELEMENT: &str = "Element";
pub const BOUNDARY: &str = "Boundary";
pub const DATAFLOW: &str = "Dataflow";
pub const DATA: &str = "Data";
pub const MODEL: &str = "Model";

/// The type of an attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Bool,
    Int,
    String,
    /// The name of an element kind, such as `Server` in a threat's `targets`.
    Kind,
    Enum(String),
    Record(String),
    /// A reference to a declared object of this kind (or a kind under it).
    Ref(String),
    List(Box<Type>),
    /// May be left unset.
    Optional(Box<Type>),
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => write!(f, "bool"),
            Type::Int => write!(f, "int"),
            Type::String => write!(f, "string"),
            Type::Kind => write!(f, "Kind"),
            Type::Enum(n) | Type::Record(n) | Type::Ref(n) => write!(f, "{n}"),
            Type::List(t) => write!(f, "[{t}]"),
            Type::Optional(t) => write!(f, "{t}?"),
        }
    }
}

/// An attribute of a kind or a field of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    pub name: String,
    pub ty: Type,
    /// The effective default (a kind may override an inherited one).
    /// `None` with a non-optional, non-record type means required.
    pub default: Option<Value>,
    pub doc: String,
    /// Computed from the model (e.g. a flow's `source`); cannot be set.
    pub derived: bool,
    /// The kind or record that declares it.
    pub declared_in: String,
    pub span: Span,
}

impl Attr {
    /// Must be written: no default, and neither optional, a record nor derived.
    pub fn is_required(&self) -> bool {
        self.default.is_none()
            && !self.derived
            && !matches!(self.ty, Type::Optional(_) | Type::Record(_))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Kind {
    pub name: String,
    pub doc: String,
    pub parent: Option<String>,
    /// All attributes, inherited ones first, in declaration order.
    pub attrs: Vec<Attr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Attr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub name: String,
    pub doc: String,
    /// Members compare by position with `<`, `>` (e.g. classifications).
    pub ordered: bool,
    pub members: Vec<EnumMember>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumMember {
    pub name: String,
    pub doc: String,
    pub span: Span,
}

/// Everything the schema declares, looked up by name.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub kinds: Vec<Kind>,
    pub records: Vec<Record>,
    pub enums: Vec<Enum>,
    kind_index: Map<String, usize>,
    record_index: Map<String, usize>,
    enum_index: Map<String, usize>,
    defaults: DefaultsCache,
}

/// What an object of each kind (or a value of each record) holds when
/// nothing is written, made once the schema is complete: every object
/// starts as a copy of it, which is much cheaper than filling in a hundred
/// defaults one by one for each of ten thousand objects. Read without a
/// lock by the threads that check a large model.
#[derive(Clone, Debug, Default)]
struct DefaultsCache(Map<String, Attrs>);

impl Kind {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

impl Record {
    pub fn field(&self, name: &str) -> Option<&Attr> {
        self.fields.iter().find(|a| a.name == name)
    }
}

impl Enum {
    pub fn member(&self, name: &str) -> Option<(usize, &EnumMember)> {
        self.members
            .iter()
            .enumerate()
            .find(|(_, m)| m.name == name)
    }

    pub fn member_names(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.name.as_str()).collect()
    }
}

impl Schema {
    /// Every field of `fields` (those of the kind or record `owner`) that
    /// has a default, with it, and every record field holding its own
    /// defaults: the attributes of an object with nothing written, before
    /// derivation. Required fields are absent.
    pub fn defaults(&self, owner: &str, fields: &[Attr]) -> Attrs {
        match self.defaults.0.get(owner) {
            Some(attrs) => attrs.clone(),
            None => self.make_defaults(fields),
        }
    }

    /// `defaults`, made anew (while the schema is being built).
    fn make_defaults(&self, fields: &[Attr]) -> Attrs {
        let mut attrs = BTreeMap::new();
        for f in fields.iter().filter(|f| !f.derived) {
            match (&f.ty, &f.default) {
                (_, Some(d)) => {
                    attrs.insert(f.name.clone(), d.clone());
                }
                (Type::Record(r), None) => {
                    if let Some(record) = self.record(r) {
                        let inner = self.defaults(&record.name, &record.fields);
                        attrs.insert(f.name.clone(), Value::Record(inner));
                    }
                }
                _ => {}
            }
        }
        Attrs::shared(attrs)
    }

    /// Makes the defaults of every kind and record, once the schema is
    /// complete.
    fn complete_defaults(&mut self) {
        let owners = self.kinds.iter().map(|k| (&k.name, &k.attrs));
        let owners = owners.chain(self.records.iter().map(|r| (&r.name, &r.fields)));
        let all = owners
            .map(|(name, fields)| (name.clone(), self.make_defaults(fields)))
            .collect();
        self.defaults = DefaultsCache(all);
    }

    pub fn kind(&self, name: &str) -> Option<&Kind> {
        self.kind_index.get(name).map(|&i| &self.kinds[i])
    }

    pub fn record(&self, name: &str) -> Option<&Record> {
        self.record_index.get(name).map(|&i| &self.records[i])
    }

    pub fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.enum_index.get(name).map(|&i| &self.enums[i])
    }

    /// Whether `kind` is `ancestor` or inherits from it.
    pub fn is_a(&self, kind: &str, ancestor: &str) -> bool {
        let mut current = Some(kind);
        // The chain is acyclic once built; the bound guards a broken schema.
        for _ in 0..=self.kinds.len() {
            match current {
                Some(k) if k == ancestor => return true,
                Some(k) => current = self.kind(k).and_then(|k| k.parent.as_deref()),
                None => return false,
            }
        }
        false
    }

    /// The chain from a kind up to its root: `Server`, `Asset`, `Element`.
    pub fn lineage(&self, kind: &str) -> Vec<&str> {
        let mut chain = Vec::new();
        let mut current = self.kind(kind);
        while let Some(k) = current {
            if chain.contains(&k.name.as_str()) {
                break;
            }
            chain.push(k.name.as_str());
            current = k.parent.as_deref().and_then(|p| self.kind(p));
        }
        chain
    }

    /// Every name a type may be written with, for did-you-mean.
    fn type_names(&self) -> Vec<&str> {
        let mut names = vec!["bool", "int", "string", "Kind"];
        names.extend(self.kinds.iter().map(|k| k.name.as_str()));
        names.extend(self.records.iter().map(|r| r.name.as_str()));
        names.extend(self.enums.iter().map(|e| e.name.as_str()));
        names
    }
}

/// Builds the schema from the schema declarations of all files, reporting
/// unknown types, duplicate names, inheritance cycles and bad defaults.
pub fn build(files: &[&ast::File], diags: &mut Vec<Diagnostic>) -> Schema {
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
    let mut seen: HashMap<String, Span> = HashMap::new();
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
        let mut members: Vec<EnumMember> = Vec::new();
        for m in &e.members {
            if let Some(first) = members.iter().find(|x| x.name == m.name.name) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-definition",
                        format!("enum `{}` lists `{}` twice", e.name.name, m.name.name),
                    )
                    .at(m.name.span, "listed again here")
                    .also(first.span, "first listed here"),
                );
                continue;
            }
            members.push(EnumMember {
                name: m.name.name.to_string(),
                doc: m.docs.clone(),
                span: m.name.span,
            });
        }
        schema
            .enum_index
            .insert(e.name.name.to_string(), schema.enums.len());
        schema.enums.push(Enum {
            name: e.name.name.to_string(),
            doc: e.docs.clone(),
            ordered: e.ordered,
            members,
            span: e.name.span,
        });
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
    check_parents(&mut schema, &kinds, diags);

    // Record fields: records may nest records, so field types resolve
    // against the full name table, and defaults are checked after.
    let record_fields: Vec<Vec<Attr>> = records
        .iter()
        .map(|r| own_fields(&schema, &r.name.name, &r.fields, diags))
        .collect();
    for (record, fields) in schema.records.iter_mut().zip(record_fields) {
        record.fields = fields;
    }
    let own: Vec<Vec<Attr>> = kinds
        .iter()
        .map(|k| own_fields(&schema, &k.name.name, &k.fields, diags))
        .collect();
    // Kinds in an order where each parent comes before its children.
    for index in parents_first(&schema) {
        let decl = kinds[index];
        let mut attrs = match &schema.kinds[index].parent {
            Some(p) => schema.kind(p).map(|k| k.attrs.clone()).unwrap_or_default(),
            None => Vec::new(),
        };
        for attr in &own[index] {
            if let Some(inherited) = attrs.iter().find(|a| a.name == attr.name) {
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
            attrs.push(attr.clone());
        }
        apply_overrides(&schema, decl, &mut attrs, diags);
        schema.kinds[index].attrs = attrs;
    }
    schema.complete_defaults();
    schema
}

/// Unknown parents and inheritance cycles; a bad parent is dropped so the
/// rest of the schema can still be checked.
fn check_parents(schema: &mut Schema, decls: &[&ast::KindDecl], diags: &mut Vec<Diagnostic>) {
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
    for (i, decl) in decls.iter().enumerate() {
        let mut chain = vec![schema.kinds[i].name.clone()];
        let mut current = schema.kinds[i].parent.clone();
        while let Some(p) = current {
            if p == schema.kinds[i].name {
                chain.push(p);
                diags.push(
                    Diagnostic::error(
                        "inheritance-cycle",
                        format!("kind `{}` inherits from itself", decl.name.name),
                    )
                    .at(decl.name.span, "part of the cycle")
                    .note(format!("the chain is {}", chain.join(" : "))),
                );
                schema.kinds[i].parent = None;
                break;
            }
            if chain.contains(&p) {
                break; // a cycle further up, reported at its own kinds
            }
            chain.push(p.clone());
            current = schema.kind(&p).and_then(|k| k.parent.clone());
        }
    }
}

/// Indexes of kinds, each parent before its children.
fn parents_first(schema: &Schema) -> Vec<usize> {
    let mut order = Vec::new();
    let mut done = vec![false; schema.kinds.len()];
    fn visit(schema: &Schema, i: usize, done: &mut Vec<bool>, order: &mut Vec<usize>) {
        if done[i] {
            return;
        }
        done[i] = true;
        if let Some(p) = schema.kinds[i].parent.as_deref() {
            if let Some(&pi) = schema.kind_index.get(p) {
                visit(schema, pi, done, order);
            }
        }
        order.push(i);
    }
    for i in 0..schema.kinds.len() {
        visit(schema, i, &mut done, &mut order);
    }
    order
}

/// The fields a kind or record declares itself, with types resolved and
/// defaults checked.
fn own_fields(
    schema: &Schema,
    owner: &str,
    fields: &[ast::FieldDecl],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Attr> {
    let mut out: Vec<Attr> = Vec::new();
    for f in fields {
        if let Some(first) = out.iter().find(|a| a.name == f.name.name) {
            diags.push(
                Diagnostic::error(
                    "duplicate-definition",
                    format!("`{owner}` declares `{}` twice", f.name.name),
                )
                .at(f.name.span, "declared again here")
                .also(first.span, "first declared here"),
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
            Some(value) => Checker::new(schema, &NoObjects, diags).value(&ty, value),
            None => None,
        };
        out.push(Attr {
            name: f.name.name.to_string(),
            ty,
            default,
            doc: f.docs.clone(),
            derived: f.derived,
            declared_in: owner.to_string(),
            span: f.name.span,
        });
    }
    out
}

/// `onAWS = true` in a kind: a new default for an inherited attribute.
fn apply_overrides(
    schema: &Schema,
    decl: &ast::KindDecl,
    attrs: &mut [Attr],
    diags: &mut Vec<Diagnostic>,
) {
    for o in &decl.overrides {
        let name = &o.path[0];
        let Some(position) = attrs.iter().position(|a| a.name == name.name) else {
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
