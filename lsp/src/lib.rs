//! The tmc language server. It is a thin front end over `tmc_compiler`:
//! it never parses or checks `.tm` text itself. The server proper arrives
//! with the language-server issue; today this crate only re-exports the
//! compiler entry point the server will call on every edit.

pub use tmc_compiler::compile;
