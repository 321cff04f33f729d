//! Threat rules: `threat` and `predicate` declarations checked into a
//! `Library` of typed condition trees (`checker`), and the evaluation of
//! those trees over a model (`eval`), with the graph questions (`reaches`, `path`) answered
//! by `reach`. Conditions are type-checked once,
//! when the rules compile; evaluation never sees source text.

pub(crate) mod checker;
pub(crate) mod eval;
pub(crate) mod ir;
pub(crate) mod level;
pub(crate) mod library;
pub(crate) mod reach;
pub(crate) mod refine;
pub(crate) mod spans;
pub(crate) mod types;

pub use crate::loader::{Chosen, Origin};
pub use ir::{Cond, RouteAsk};
pub use level::Level;
pub(crate) use library::build;
pub use library::{Library, Predicate, PredicateId, Threat, ThreatId};
