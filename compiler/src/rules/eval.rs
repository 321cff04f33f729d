//! Evaluation of checked conditions over a model. The checker guarantees
//! the types, so a value of an unexpected shape can only come from an
//! attribute left unset (an optional), which reads as `none`.

use std::cmp::Ordering;

use super::ir::{Cond, Lit};
use super::library::Predicate;
use crate::model::{Attrs, Model, ObjectId, Value};
use crate::syntax::ast::{CmpOp, Quantifier};

/// A value during evaluation, borrowed from the model or the rules.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val<'a> {
    None,
    Bool(bool),
    Int(i64),
    Str(&'a str),
    Enum(usize),
    Obj(ObjectId),
    List(&'a [Value]),
    Record(&'a Attrs),
}

impl<'a> Val<'a> {
    fn of(value: &'a Value) -> Val<'a> {
        match value {
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(n) => Val::Int(*n),
            Value::Str(s) => Val::Str(s),
            Value::Enum { rank, .. } => Val::Enum(*rank),
            Value::List(items) => Val::List(items),
            Value::Record(fields) => Val::Record(fields),
            Value::Ref(id) => Val::Obj(*id),
        }
    }

    fn of_lit(lit: &'a Lit) -> Val<'a> {
        match lit {
            Lit::None => Val::None,
            Lit::Bool(b) => Val::Bool(*b),
            Lit::Int(n) => Val::Int(*n),
            Lit::Str(s) => Val::Str(s),
            Lit::Enum(rank) => Val::Enum(*rank),
            Lit::Obj(id) => Val::Obj(*id),
        }
    }

    fn truthy(self) -> bool {
        matches!(self, Val::Bool(true))
    }

    fn order(self, other: Val) -> Option<Ordering> {
        match (self, other) {
            (Val::Int(a), Val::Int(b)) => Some(a.cmp(&b)),
            (Val::Enum(a), Val::Enum(b)) => Some(a.cmp(&b)),
            _ => None,
        }
    }
}

/// What conditions are evaluated against.
pub struct Evaluator<'a> {
    pub model: &'a Model,
    pub predicates: &'a [Predicate],
}

impl<'a> Evaluator<'a> {
    /// Whether `cond` (with `slots` frame slots, slot 0 bound to the
    /// target) holds for `target`. `frame` is the frame's storage, reused
    /// by the caller for every condition it runs.
    pub fn holds(
        &self,
        frame: &mut Vec<Val<'a>>,
        cond: &'a Cond,
        slots: usize,
        target: ObjectId,
    ) -> bool {
        frame.clear();
        frame.resize(slots.max(1), Val::None);
        frame[0] = Val::Obj(target);
        self.eval(cond, frame).truthy()
    }

    fn eval(&self, cond: &'a Cond, frame: &mut Vec<Val<'a>>) -> Val<'a> {
        match cond {
            Cond::Lit(lit) => Val::of_lit(lit),
            Cond::Var(slot) => frame[*slot],
            Cond::Field(of, name) => match self.eval(of, frame) {
                Val::Obj(id) => self
                    .model
                    .object(id)
                    .attrs
                    .get_name(*name)
                    .map_or(Val::None, Val::of),
                Val::Record(fields) => fields.get_name(*name).map_or(Val::None, Val::of),
                _ => Val::None,
            },
            Cond::Not(c) => Val::Bool(!self.eval(c, frame).truthy()),
            Cond::And(a, b) => {
                Val::Bool(self.eval(a, frame).truthy() && self.eval(b, frame).truthy())
            }
            Cond::Or(a, b) => {
                Val::Bool(self.eval(a, frame).truthy() || self.eval(b, frame).truthy())
            }
            Cond::Compare(op, a, b) => {
                let (a, b) = (self.eval(a, frame), self.eval(b, frame));
                Val::Bool(compare(*op, a, b))
            }
            Cond::IsKind(c, kinds) => Val::Bool(match self.eval(c, frame) {
                Val::Obj(id) => kinds.iter().any(|k| *k == self.model.object(id).kind),
                _ => false,
            }),
            Cond::In {
                value,
                list,
                negated,
            } => {
                let v = self.eval(value, frame);
                let found = match self.eval(list, frame) {
                    Val::List(items) => items.iter().any(|i| Val::of(i) == v),
                    _ => false,
                };
                Val::Bool(found != *negated)
            }
            Cond::InItems {
                value,
                items,
                negated,
            } => {
                let v = self.eval(value, frame);
                let found = items.iter().any(|i| self.eval(i, frame) == v);
                Val::Bool(found != *negated)
            }
            Cond::Quantifier {
                op,
                slot,
                list,
                body,
            } => {
                let Val::List(items) = self.eval(list, frame) else {
                    return match op {
                        Quantifier::Any => Val::Bool(false),
                        Quantifier::All => Val::Bool(true),
                        Quantifier::Count => Val::Int(0),
                    };
                };
                let test = |item: &'a Value, frame: &mut Vec<Val<'a>>| {
                    frame[*slot] = Val::of(item);
                    self.eval(body, frame).truthy()
                };
                match op {
                    Quantifier::Any => Val::Bool(items.iter().any(|i| test(i, frame))),
                    Quantifier::All => Val::Bool(items.iter().all(|i| test(i, frame))),
                    Quantifier::Count => {
                        Val::Int(items.iter().filter(|i| test(i, frame)).count() as i64)
                    }
                }
            }
            Cond::Call { predicate, args } => {
                let p = &self.predicates[*predicate];
                let mut inner = vec![Val::None; p.slots.max(args.len())];
                for (slot, arg) in args.iter().enumerate() {
                    inner[slot] = self.eval(arg, frame);
                }
                self.eval(&p.body, &mut inner)
            }
            Cond::Count(list) => match self.eval(list, frame) {
                Val::List(items) => Val::Int(items.len() as i64),
                _ => Val::Int(0),
            },
        }
    }
}

fn compare(op: CmpOp, a: Val, b: Val) -> bool {
    match op {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        _ => match a.order(b) {
            // An unset optional orders with nothing: the test is false.
            None => false,
            Some(o) => match op {
                CmpOp::Lt => o.is_lt(),
                CmpOp::Le => o.is_le(),
                CmpOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            },
        },
    }
}
