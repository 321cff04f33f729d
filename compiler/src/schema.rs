//! The schema: element kinds (with inheritance), records and enums, with
//! every attribute's type, default and doc. It is built from `kind`,
//! `record` and `enum` declarations, those of the embedded stdlib first and
//! then any in the user's files (`build.rs`); nothing in Rust lists
//! attributes.

use std::collections::BTreeMap;
use std::fmt;

use crate::hash::Map;
use crate::model::{Attrs, Value};
use crate::source::Span;

mod build;

pub(crate) use build::build;
pub(crate) use build::resolve_type;

/// The kinds the compiler gives structure to. The stdlib must declare them.
pub const ELEMENT: &str = "Element";
pub const BOUNDARY: &str = "Boundary";
pub const DATAFLOW: &str = "Dataflow";
pub const DATA: &str = "Data";
pub const MODEL: &str = "Model";
/// An expectation of a rule test (stdlib/tests.tm): declared like an
/// element, read only by `tmc test`.
pub(crate) const EXPECT: &str = "Expect";
/// A triage decision about findings (stdlib/triage.tm): declared like an
/// element, read by `triage`.
pub(crate) const TRIAGE: &str = "Triage";

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
    /// The position of each member, by name.
    index: Map<String, usize>,
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
    /// By record index, once known: whether a value of the record can
    /// lack something (`may_lack`).
    lacking: Vec<Option<bool>>,
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
        let &rank = self.index.get(name)?;
        Some((rank, &self.members[rank]))
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
    pub(crate) fn defaults(&self, owner: &str, fields: &[Attr]) -> Attrs {
        match self.defaults.0.get(owner) {
            Some(attrs) => attrs.clone(),
            None => self.make_defaults(fields),
        }
    }

    /// `defaults`, made anew (while the schema is being built). Records
    /// inside records are found in the cache, or made in turn: the checks
    /// in `build` keep records from holding themselves and bound how deep
    /// (`MAX_NESTING`) and how large (`MAX_VALUES`) they nest.
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

    /// Makes the defaults of every record (`records`: those held by others
    /// first, so each is made once) and kind, once the schema is complete,
    /// and what each record may lack.
    fn complete_defaults(&mut self, records: &[usize]) {
        self.defaults = DefaultsCache::default();
        self.lacking = vec![None; self.records.len()];
        for &r in records {
            let record = &self.records[r];
            let defaults = self.make_defaults(&record.fields);
            let lacking = self.record_may_lack(record);
            self.defaults.0.insert(record.name.clone(), defaults);
            self.lacking[r] = Some(lacking);
        }
        let kinds: Vec<(String, Attrs)> = self
            .kinds
            .iter()
            .map(|k| (k.name.clone(), self.make_defaults(&k.attrs)))
            .collect();
        self.defaults.0.extend(kinds);
    }

    /// Whether an object that started from the defaults can lack `f`, or
    /// something inside it: true for fields without a default and for
    /// records with such a field.
    pub(crate) fn may_lack(&self, f: &Attr) -> bool {
        match (&f.ty, &f.default) {
            (_, Some(_)) => false,
            (Type::Record(r), None) => match self.record_index.get(r.as_str()) {
                Some(&i) => match self.lacking.get(i) {
                    Some(&Some(lacking)) => lacking,
                    _ => self.record_may_lack(&self.records[i]),
                },
                None => true,
            },
            _ => true,
        }
    }

    /// `may_lack` of any field of `record`.
    fn record_may_lack(&self, record: &Record) -> bool {
        record.fields.iter().any(|g| !g.derived && self.may_lack(g))
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
        kind == ancestor || self.ancestors(kind).any(|k| k == ancestor)
    }

    /// The chain from a kind up to its root: `Server`, `Asset`, `Element`.
    pub(crate) fn lineage(&self, kind: &str) -> Vec<&str> {
        self.ancestors(kind).collect()
    }

    /// `kind` (if declared) and the kinds it inherits from, nearest first:
    /// at most `MAX_NESTING` of them once the schema is built (cycles cut);
    /// the count of kinds bounds a broken schema.
    pub(crate) fn ancestors<'s>(&'s self, kind: &str) -> impl Iterator<Item = &'s str> + 's {
        let mut current = self.kind(kind);
        let mut left = self.kinds.len();
        std::iter::from_fn(move || {
            let k = current.filter(|_| left > 0)?;
            left -= 1;
            current = k.parent.as_deref().and_then(|p| self.kind(p));
            Some(k.name.as_str())
        })
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
