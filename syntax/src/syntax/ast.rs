//! The abstract syntax tree: what a `.tm` file says, with a span on every
//! node, before any name is resolved or any type checked.

use compact_str::CompactString;

use crate::source::Span;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
    /// The declarations that did not parse, skipped (each reported as a
    /// syntax error).
    pub broken: Vec<Broken>,
}

/// A declaration skipped after a syntax error: where it was, and the names
/// it (or a declaration nested in it) declares, so that uses of them are
/// not reported again as unknown.
#[derive(Clone, Debug, PartialEq)]
pub struct Broken {
    pub span: Span,
    pub names: Vec<Ident>,
    /// It is the `model` declaration.
    pub model: bool,
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
    Threat(ThreatDecl),
    Predicate(PredicateDecl),
}

impl Item {
    /// Where the declaration is written, its doc comments left out.
    pub fn span(&self) -> Span {
        match self {
            Item::Import(i) => i.span,
            Item::Model(m) => m.span,
            Item::Boundary(b) => b.span,
            Item::Flow(f) => f.span,
            Item::Element(e) => e.span,
            Item::Kind(k) => k.span,
            Item::Record(r) => r.span,
            Item::Enum(e) => e.span,
            Item::Threat(t) => t.span,
            Item::Predicate(p) => p.span,
        }
    }
}

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: CompactString,
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

/// `threat ID "Title" { targets = [...] when = condition ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatDecl {
    pub docs: String,
    pub id: Ident,
    pub title: Option<Str>,
    /// `refines OTHER`: the threat whose fields and condition it takes
    /// where it gives none.
    pub refines: Option<ThreatRef>,
    /// The `when = ...` clauses (one is expected; more is an error).
    pub when: Vec<Expr>,
    /// Every other member: targets, severity, texts, ids.
    pub body: Vec<Member>,
    pub span: Span,
}

/// `OTHER` or `pytm.OTHER` after `refines`: a threat id, and the built-in
/// library it is looked up in when one is named.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatRef {
    pub library: Option<Ident>,
    pub id: Ident,
    pub span: Span,
}

/// `predicate name(param: Type, ...) = condition`
#[derive(Clone, Debug, PartialEq)]
pub struct PredicateDecl {
    pub docs: String,
    pub name: Ident,
    pub params: Vec<Param>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeExpr,
}

/// A condition or one of its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Int(i64),
    Str(String),
    None,
    /// `a.b.c`: a variable, enum, model object or kind, then fields.
    Path(Vec<Ident>),
    List(Vec<Expr>),
    Call {
        name: Ident,
        args: Vec<Expr>,
    },
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare {
        op: CmpOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `value is Kind`
    Is {
        value: Box<Expr>,
        kind: Ident,
    },
    /// `value in list`, `value not in list`
    In {
        value: Box<Expr>,
        list: Box<Expr>,
        negated: bool,
    },
    /// `any x in list: body`, `all ...`, `count ...`
    Quantifier {
        op: Quantifier,
        var: Ident,
        list: Box<Expr>,
        body: Box<Expr>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Whether the operator needs ordered operands.
    pub fn is_ordering(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    Any,
    All,
    Count,
}

impl Quantifier {
    pub fn keyword(self) -> &'static str {
        match self {
            Quantifier::Any => "any",
            Quantifier::All => "all",
            Quantifier::Count => "count",
        }
    }
}
