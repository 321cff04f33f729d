//! The abstract syntax tree: what a `.tm` file says, with a span on every
//! node, before any name is resolved or any type checked.

use crate::source::Span;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Import(Import),
    Model(ModelDecl),
    Boundary(BoundaryDecl),
    Flow(FlowDecl),
    Element(ElementDecl),
    Kind(KindDecl),
    Record(RecordDecl),
    Enum(EnumDecl),
}

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal after escapes are processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// `import "path.tm"`
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub path: Str,
    pub span: Span,
}

/// `model "Name" { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct ModelDecl {
    pub docs: String,
    pub name: Str,
    pub body: Vec<Member>,
    pub span: Span,
}

/// `boundary id "Name" in parent { attributes, nested declarations }`
#[derive(Clone, Debug, PartialEq)]
pub struct BoundaryDecl {
    pub docs: String,
    pub id: Ident,
    pub name: Option<Str>,
    pub parent: Option<Ident>,
    pub body: Vec<Member>,
    /// Boundaries, elements and flows written inside the block.
    pub nested: Vec<Item>,
    pub span: Span,
}

/// `Kind id "Name" in boundary { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct ElementDecl {
    pub docs: String,
    pub kind: Ident,
    pub id: Ident,
    pub name: Option<Str>,
    pub boundary: Option<Ident>,
    pub body: Vec<Member>,
    pub span: Span,
}

/// `flow label: source -> sink "Name" { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct FlowDecl {
    pub docs: String,
    pub id: Option<Ident>,
    pub source: Ident,
    pub sink: Ident,
    pub name: Option<Str>,
    pub body: Vec<Member>,
    pub span: Span,
}

/// An attribute assignment. `controls { a = 1 }` is the assignment of a
/// record value to `controls`; `controls.a = 1` has a two-part path.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub docs: String,
    pub path: Vec<Ident>,
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Value>),
    Record(Vec<Member>),
    /// A bare name: an enum member or a reference, decided by the type
    /// the value is checked against.
    Name(String),
}

impl ValueKind {
    /// How the value reads in "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            ValueKind::Bool(_) => "bool".into(),
            ValueKind::Int(_) => "int".into(),
            ValueKind::Str(_) => "string".into(),
            ValueKind::List(_) => "list".into(),
            ValueKind::Record(_) => "record block".into(),
            ValueKind::Name(n) => format!("name `{n}`"),
        }
    }
}

/// `kind Name : Parent { fields }`
#[derive(Clone, Debug, PartialEq)]
pub struct KindDecl {
    pub docs: String,
    pub name: Ident,
    pub parent: Option<Ident>,
    pub fields: Vec<FieldDecl>,
    pub overrides: Vec<Member>,
    pub span: Span,
}

/// `record Name { fields }`
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub docs: String,
    pub name: Ident,
    pub fields: Vec<FieldDecl>,
    pub span: Span,
}

/// `derived? name: type = default`
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub docs: String,
    pub derived: bool,
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Option<Value>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    Named { name: Ident, optional: bool },
    List { element: Box<TypeExpr>, span: Span },
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named { name, .. } => name.span,
            TypeExpr::List { span, .. } => *span,
        }
    }
}

/// `ordered? enum Name { MEMBER ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub docs: String,
    pub ordered: bool,
    pub name: Ident,
    pub members: Vec<EnumMember>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumMember {
    pub docs: String,
    pub name: Ident,
}
