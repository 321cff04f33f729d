//! The static types of condition expressions. Objects have a union type
//! (`Server | Process` for a rule targeting both) that `is` tests narrow.

use std::fmt;

use crate::schema::{Schema, Type};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Str,
    /// The type of the `none` literal.
    None,
    Enum(String),
    Record(String),
    /// An object of one of these kinds (or of a kind below one of them).
    Obj(Vec<String>),
    List(Box<Ty>),
    Optional(Box<Ty>),
}

impl Ty {
    /// The expression type of a schema attribute type.
    pub(crate) fn of(ty: &Type) -> Ty {
        match ty {
            Type::Bool => Ty::Bool,
            Type::Int => Ty::Int,
            Type::String | Type::Kind => Ty::Str,
            Type::Enum(e) => Ty::Enum(e.clone()),
            Type::Record(r) => Ty::Record(r.clone()),
            Type::Ref(k) => Ty::Obj(vec![k.clone()]),
            Type::List(t) => Ty::List(Box::new(Ty::of(t))),
            Type::Optional(t) => Ty::Optional(Box::new(Ty::of(t))),
        }
    }

    /// The type without an optional wrapper.
    pub(crate) fn base(&self) -> &Ty {
        match self {
            Ty::Optional(inner) => inner.base(),
            other => other,
        }
    }

    /// Whether a value of type `self` may be passed where `want` is
    /// expected (an object of a kind below the wanted one, a value where an
    /// optional is wanted).
    pub(crate) fn fits(&self, want: &Ty, schema: &Schema) -> bool {
        match (self, want) {
            (Ty::None, Ty::Optional(_)) => true,
            (_, Ty::Optional(w)) => self.base().fits(w, schema),
            (Ty::Obj(have), Ty::Obj(want)) => {
                have.iter().all(|h| want.iter().any(|w| schema.is_a(h, w)))
            }
            (Ty::List(a), Ty::List(b)) => a.fits(b, schema),
            (a, b) => a == b,
        }
    }

    /// Whether `==` between the two types makes sense.
    pub(crate) fn comparable(&self, other: &Ty, schema: &Schema) -> bool {
        match (self, other) {
            (Ty::None, Ty::Optional(_) | Ty::None) | (Ty::Optional(_), Ty::None) => true,
            (Ty::Record(_), _) | (_, Ty::Record(_)) | (Ty::List(_), _) | (_, Ty::List(_)) => false,
            (a, b) => match (a.base(), b.base()) {
                (Ty::Obj(x), Ty::Obj(y)) => x
                    .iter()
                    .any(|k| y.iter().any(|l| schema.is_a(k, l) || schema.is_a(l, k))),
                (a, b) => a == b,
            },
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => write!(f, "bool"),
            Ty::Int => write!(f, "int"),
            Ty::Str => write!(f, "string"),
            Ty::None => write!(f, "none"),
            Ty::Enum(n) | Ty::Record(n) => write!(f, "{n}"),
            Ty::Obj(kinds) => write!(f, "{}", kinds.join(" | ")),
            Ty::List(t) => write!(f, "[{t}]"),
            Ty::Optional(t) => match **t {
                Ty::Obj(ref k) if k.len() > 1 => write!(f, "({t})?"),
                _ => write!(f, "{t}?"),
            },
        }
    }
}
