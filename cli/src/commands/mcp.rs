//! `tmc mcp`: the MCP server of `tmc_mcp` on stdin/stdout, for AI assistants.

use std::process::ExitCode;

pub fn run() -> std::io::Result<ExitCode> {
    tmc_mcp::run_stdio().map(ExitCode::from)
}
