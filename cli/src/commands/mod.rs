//! One module per command, each with a `run` that `main` calls with the
//! command's arguments and the `Context` of the global flags. Commands
//! share `crate::shared` and never call one another.

pub mod check;
pub mod describe;
pub mod dfd;
pub mod diff;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod import;
pub mod import_pytm;
pub mod json;
pub mod list_elements;
pub mod list_threats;
pub mod lsp;
pub mod mcp;
pub mod paths;
pub mod report;
pub mod seq;
pub mod sqldump;
pub mod stale;
pub mod test;
pub mod threats;
pub mod triage;
