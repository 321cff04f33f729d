//! Evaluation of checked conditions over a model. The checker guarantees
//! the types, so a value of an unexpected shape can only come from an
//! attribute left unset (an optional), which reads as `none`.

use std::cmp::Ordering;

use super::ir::{Cond, Lit, RouteAsk};
use super::library::Predicate;
use super::reach::Reach;
use crate::model::{Attrs, Model, ObjectId, Value};
use crate::syntax::ast::{CmpOp, Quantifier};

/// A value during evaluation, borrowed from the model or the rules.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Val<'a> {
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

/// Watches an evaluation: told of every node of the condition tree as it
/// is entered and left with its value, in evaluation order (an `and` whose
/// left side is false never enters its right side; a quantifier enters its
/// body once per item it looks at; a predicate call enters its arguments,
/// then the predicate's body). `tmc explain` records it (`explain.rs`);
/// the findings run passes `Unobserved`, whose empty methods compile away.
pub(crate) trait Observer<'a> {
    fn enter(&mut self, cond: &'a Cond);
    fn leave(&mut self, cond: &'a Cond, value: Val<'a>);
}

/// No observer: what the findings run evaluates with.
pub(crate) struct Unobserved;

impl<'a> Observer<'a> for Unobserved {
    #[inline(always)]
    fn enter(&mut self, _: &'a Cond) {}
    #[inline(always)]
    fn leave(&mut self, _: &'a Cond, _: Val<'a>) {}
}

/// What conditions are evaluated against.
pub(crate) struct Evaluator<'a> {
    pub model: &'a Model,
    pub predicates: &'a [Predicate],
    /// The answers to `reaches` and `path`, kept for the whole run.
    pub reach: &'a Reach,
}

impl<'a> Evaluator<'a> {
    /// Whether `cond` (with `slots` frame slots, slot 0 bound to the
    /// target) holds for `target`. `frame` is the frame's storage, reused
    /// by the caller for every condition it runs.
    pub(crate) fn holds(
        &self,
        frame: &mut Vec<Val<'a>>,
        cond: &'a Cond,
        slots: usize,
        target: ObjectId,
    ) -> bool {
        frame.clear();
        frame.resize(slots.max(1), Val::None);
        frame[0] = Val::Obj(target);
        self.eval(cond, frame, &mut Unobserved).truthy()
    }

    /// `holds`, with every step shown to `observer`; returns the
    /// condition's value.
    pub(crate) fn observe(
        &self,
        cond: &'a Cond,
        slots: usize,
        target: ObjectId,
        observer: &mut impl Observer<'a>,
    ) -> Val<'a> {
        let mut frame = vec![Val::None; slots.max(1)];
        frame[0] = Val::Obj(target);
        self.eval(cond, &mut frame, observer)
    }

    #[inline(always)]
    fn eval<O: Observer<'a>>(
        &self,
        cond: &'a Cond,
        frame: &mut Vec<Val<'a>>,
        observer: &mut O,
    ) -> Val<'a> {
        observer.enter(cond);
        let value = self.step(cond, frame, observer);
        observer.leave(cond, value);
        value
    }

    fn step<O: Observer<'a>>(
        &self,
        cond: &'a Cond,
        frame: &mut Vec<Val<'a>>,
        observer: &mut O,
    ) -> Val<'a> {
        match cond {
            Cond::Lit(lit) => Val::of_lit(lit),
            Cond::Var(slot) => frame[*slot],
            Cond::Field(of, name) => match self.eval(of, frame, observer) {
                Val::Obj(id) => self
                    .model
                    .object(id)
                    .attrs
                    .get_name(*name)
                    .map_or(Val::None, Val::of),
                Val::Record(fields) => fields.get_name(*name).map_or(Val::None, Val::of),
                _ => Val::None,
            },
            Cond::Not(c) => Val::Bool(!self.eval(c, frame, observer).truthy()),
            Cond::And(a, b) => Val::Bool(
                self.eval(a, frame, observer).truthy() && self.eval(b, frame, observer).truthy(),
            ),
            Cond::Or(a, b) => Val::Bool(
                self.eval(a, frame, observer).truthy() || self.eval(b, frame, observer).truthy(),
            ),
            Cond::Compare(op, a, b) => {
                let (a, b) = (self.eval(a, frame, observer), self.eval(b, frame, observer));
                Val::Bool(compare(*op, a, b))
            }
            Cond::IsKind(c, kinds) => Val::Bool(match self.eval(c, frame, observer) {
                Val::Obj(id) => kinds.iter().any(|k| *k == self.model.object(id).kind),
                _ => false,
            }),
            Cond::In {
                value,
                list,
                negated,
            } => {
                let v = self.eval(value, frame, observer);
                let found = match self.eval(list, frame, observer) {
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
                let v = self.eval(value, frame, observer);
                let found = items.iter().any(|i| self.eval(i, frame, observer) == v);
                Val::Bool(found != *negated)
            }
            Cond::Quantifier {
                op,
                slot,
                list,
                body,
            } => {
                // A list's items; an optional ranges over its value, if set.
                let (items, one) = match self.eval(list, frame, observer) {
                    Val::List(items) => (items, None),
                    Val::None => (&[][..], None),
                    one => (&[][..], Some(one)),
                };
                let mut vals = items.iter().map(Val::of).chain(one);
                let mut test = |item: Val<'a>, frame: &mut Vec<Val<'a>>| {
                    frame[*slot] = item;
                    self.eval(body, frame, observer).truthy()
                };
                match op {
                    Quantifier::Any => Val::Bool(vals.any(|v| test(v, frame))),
                    Quantifier::All => Val::Bool(vals.all(|v| test(v, frame))),
                    Quantifier::Count => Val::Int(vals.filter(|v| test(*v, frame)).count() as i64),
                }
            }
            Cond::Call { predicate, args } => {
                let p = &self.predicates[*predicate];
                let mut inner = vec![Val::None; p.slots.max(args.len())];
                for (slot, arg) in args.iter().enumerate() {
                    inner[slot] = self.eval(arg, frame, observer);
                }
                self.eval(&p.body, &mut inner, observer)
            }
            Cond::Count(list) => match self.eval(list, frame, observer) {
                Val::List(items) => Val::Int(items.len() as i64),
                _ => Val::Int(0),
            },
            Cond::Route {
                ask,
                from,
                to,
                fixed,
            } => {
                let a = self.eval(from, frame, observer);
                let b = self.eval(to, frame, observer);
                let ends = match (a, b) {
                    (Val::Obj(a), Val::Obj(b)) => Some((a, b)),
                    _ => None,
                };
                match ask {
                    RouteAsk::Reaches => Val::Bool(ends.is_some_and(|(a, b)| {
                        self.reach.reaches(self.model, a, b, fixed.backward())
                    })),
                    RouteAsk::Path => Val::List(
                        ends.map_or(&[], |(a, b)| self.reach.path(self.model, a, b, *fixed)),
                    ),
                }
            }
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
