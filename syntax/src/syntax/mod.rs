//! Syntax: the abstract syntax tree of a `.tm` file and the parser that
//! builds it from text (pest, with the grammar in `grammar/tm.pest`).

pub mod ast;
mod conditions;
pub mod header;
mod hints;
mod keywords;
pub mod limits;
mod parser;
mod recover;
mod relocate;
mod reparse;
pub mod tokens;

pub use keywords::{is_keyword, CONDITION_KEYWORDS, DECLARING, KEYWORDS};
pub use parser::{parse, parse_recovering};
pub(crate) use parser::{parse_tree, Rule};
pub use reparse::{reparse, Earlier};
