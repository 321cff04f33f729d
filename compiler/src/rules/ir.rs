//! Checked conditions: a tree whose names are resolved (variables to frame
//! slots, predicates to indexes, enum members to ranks, model identifiers
//! to objects) and whose types are known to be right, ready to evaluate.

use super::PredicateId;
use crate::model::{Name, ObjectId};
use crate::syntax::ast::{CmpOp, Quantifier};

#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    Lit(Lit),
    /// The value in a frame slot: a parameter, `target`, or a quantified
    /// variable.
    Var(usize),
    /// An attribute or record field.
    Field(Box<Cond>, Name),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Compare(CmpOp, Box<Cond>, Box<Cond>),
    /// The object's kind is one of these (a kind and every kind below it).
    IsKind(Box<Cond>, Vec<String>),
    /// Membership in a list value.
    In {
        value: Box<Cond>,
        list: Box<Cond>,
        negated: bool,
    },
    /// Membership in a written list: `x in [A, B]`.
    InItems {
        value: Box<Cond>,
        items: Vec<Cond>,
        negated: bool,
    },
    Quantifier {
        op: Quantifier,
        slot: usize,
        list: Box<Cond>,
        body: Box<Cond>,
    },
    /// A predicate of the library, by index.
    Call {
        predicate: PredicateId,
        args: Vec<Cond>,
    },
    /// The length of a list.
    Count(Box<Cond>),
    /// `reaches(from, to)`: a path of request flows leads from one element
    /// to the other. `backward` when the search is best made back from
    /// `to` (a fixed element asked of many `from`s), memoised per element
    /// either way (`rules::reach`).
    Reaches {
        from: Box<Cond>,
        to: Box<Cond>,
        backward: bool,
    },
}

/// A constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    None,
    Bool(bool),
    Int(i64),
    Str(String),
    /// An enum member by rank (the checker knows the enum).
    Enum(usize),
    Obj(ObjectId),
}
