//! `Level`: a severity or likelihood, an ordered enum member. Levels are
//! interned: each distinct member is stored once for the life of the
//! process (a schema has a handful), and a level is one pointer to it, so
//! the hundreds of thousands of findings of a large model carry theirs at
//! the cost of a word each, with no shared count to update.

use std::fmt;
use std::sync::{Mutex, OnceLock};

use crate::model::Value;

/// A severity or likelihood.
#[derive(Clone, Copy)]
pub struct Level(&'static Member);

/// What a `Level` points at.
pub struct Member {
    /// The enum member, e.g. `VeryHigh`.
    pub member: &'static str,
    /// Its position in the enum, which orders levels.
    pub rank: usize,
    /// For people: `VeryHigh` -> "Very High".
    label: &'static str,
}

impl Level {
    /// The level `member` at `rank`, interned on first use.
    pub fn new(member: &str, rank: usize) -> Level {
        static LEVELS: OnceLock<Mutex<Vec<&'static Member>>> = OnceLock::new();
        // A poisoned lock still holds a consistent list: every insertion is
        // one `push`.
        let mut levels = LEVELS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let found = levels.iter().find(|l| l.rank == rank && l.member == member);
        if let Some(&level) = found {
            return Level(level);
        }
        let level: &'static Member = Box::leak(Box::new(Member {
            member: Box::leak(member.into()),
            rank,
            label: Box::leak(label(member).into_boxed_str()),
        }));
        levels.push(level);
        Level(level)
    }

    /// The level a checked `severity` or `likelihood` value names.
    pub(crate) fn of(value: &Value) -> Option<Level> {
        match value {
            Value::Enum { member, rank, .. } => Some(Level::new(member, *rank)),
            _ => None,
        }
    }

    /// `VeryHigh` -> "Very High", for people.
    pub fn label(&self) -> &'static str {
        self.0.label
    }
}

/// `VeryHigh` -> "Very High".
fn label(member: &str) -> String {
    let mut out = String::new();
    for (i, c) in member.chars().enumerate() {
        if i > 0 && c.is_uppercase() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

impl std::ops::Deref for Level {
    type Target = Member;

    fn deref(&self) -> &Member {
        self.0
    }
}

/// Levels are equal when they are the same member: one entry per member.
impl PartialEq for Level {
    fn eq(&self, other: &Level) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Level {}

impl fmt::Debug for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Level")
            .field("member", &self.member)
            .field("rank", &self.rank)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_member_one_level() {
        let a = Level::new("VeryHigh-level-test", 4);
        let b = Level::new(&String::from("VeryHigh-level-test"), 4);
        assert!(std::ptr::eq(a.0, b.0));
        assert_eq!(a, b);
        assert_eq!((a.member, a.rank), ("VeryHigh-level-test", 4));
        assert_ne!(a, Level::new("VeryHigh-level-test", 3));
        assert_eq!(Level::new("VeryHigh", 4).label(), "Very High");
        assert_eq!(
            format!("{:?}", Level::new("Low", 0)),
            r#"Level { member: "Low", rank: 0 }"#
        );
    }
}
