//! The tmc MCP server: the compiler as tools an AI assistant calls, over
//! the Model Context Protocol on stdin/stdout (`tmc mcp`). A thin front,
//! as the command line and the language server are, in three parts:
//! `source`, the model text an assistant sends held in memory (the server
//! reads and writes no file); `tools`, each tool as a plain function from
//! its input to an `Answer`; and `server`, which declares the tools to
//! rmcp and turns answers into tool results. docs/mcp.md documents it.

mod server;
pub mod source;
pub mod tools;

use rmcp::ServiceExt;

/// Serves MCP over stdin/stdout until the client closes stdin; 0 when the
/// session ended cleanly, else the error.
pub fn run_stdio() -> std::io::Result<u8> {
    // One thread: an assistant sends one call at a time, and a tool call is
    // one compilation. The calling thread's stack is the command line's
    // worker's, big enough for the compiler's deepest nesting.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let service = server::Server::new()
            .serve(rmcp::transport::stdio())
            .await
            .map_err(std::io::Error::other)?;
        service.waiting().await.map_err(std::io::Error::other)?;
        Ok(0)
    })
}
