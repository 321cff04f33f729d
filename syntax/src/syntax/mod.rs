//! Syntax: the abstract syntax tree of a `.tm` file and the parser that
//! builds it from text (pest, with the grammar in `grammar/tm.pest`).

pub mod ast;
mod conditions;
pub mod header;
mod hints;
pub mod limits;
mod parser;
mod recover;
pub mod tokens;

pub use parser::{is_keyword, parse, parse_recovering, CONDITION_KEYWORDS, DECLARING, KEYWORDS};
pub(crate) use parser::{parse_tree, Rule};
