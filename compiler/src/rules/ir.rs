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
    /// A graph question about the routes from one element to another
    /// (`reaches(from, to)`, `path(from, to)`), answered over the request
    /// flows (`rules::reach`), with which ends are the same for every
    /// target: a search from a fixed end is made once and kept.
    Route {
        ask: RouteAsk,
        from: Box<Cond>,
        to: Box<Cond>,
        fixed: Fixed,
    },
}

/// Which ends of a graph question are fixed elements (model identifiers),
/// the same whatever the target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    pub from: bool,
    pub to: bool,
}

impl Fixed {
    /// Whether a search is best made back from `to`: it is fixed and
    /// `from` is not.
    pub fn backward(self) -> bool {
        self.to && !self.from
    }
}

/// The graph questions built into the condition language, each a call of
/// two elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteAsk {
    /// `reaches(a, b)`, a `bool`: a path of request flows leads from `a`
    /// to `b`.
    Reaches,
    /// `path(a, b)`, a `[Dataflow]`: the flows of the shortest such path,
    /// in order; empty when there is none.
    Path,
}

impl RouteAsk {
    pub const ALL: [RouteAsk; 2] = [RouteAsk::Reaches, RouteAsk::Path];

    /// The name it is called by.
    pub fn name(self) -> &'static str {
        match self {
            RouteAsk::Reaches => "reaches",
            RouteAsk::Path => "path",
        }
    }

    /// The question called `name`, if one is.
    pub fn named(name: &str) -> Option<RouteAsk> {
        RouteAsk::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What it answers, for an editor's signature help.
    pub fn doc(self) -> &'static str {
        match self {
            RouteAsk::Reaches => "Whether a path of request flows leads from `a` to `b` (built in; docs/rules.md, \"Graph questions\").",
            RouteAsk::Path => "The flows of the shortest path of request flows from `a` to `b`, in order, a `[Dataflow]`; empty when there is none (built in; docs/rules.md, \"Graph questions\").",
        }
    }
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
