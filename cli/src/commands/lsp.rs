//! `tmc lsp`: the language server of `tmc_lsp` on stdin/stdout, for editors.

use std::process::ExitCode;

pub fn run() -> std::io::Result<ExitCode> {
    tmc_lsp::run_stdio().map(ExitCode::from)
}
