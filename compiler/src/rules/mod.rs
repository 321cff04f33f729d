//! Threat rules: `threat` and `predicate` declarations checked into a
//! `Library` of typed condition trees (`checker`), and the evaluation of
//! those trees over a model (`eval`). Conditions are type-checked once,
//! when the rules compile; evaluation never sees source text.

pub mod checker;
pub mod eval;
pub mod ir;
pub mod level;
pub mod library;
pub mod refine;
pub mod spans;
pub mod types;

pub use crate::loader::{Chosen, Origin};
pub use level::Level;
pub use library::{build, Library, Predicate, PredicateId, Threat, ThreatId};
