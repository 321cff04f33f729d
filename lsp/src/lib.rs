//! The tmc language server: diagnostics and findings as you type,
//! completion, hover, go to definition, references, rename and symbols for
//! `.tm` files. It is a thin front end over `tmc_compiler`: every answer
//! comes from a compilation or from the compiler's schema and library; the
//! one thing it reads itself is the text before the cursor (`context`), so
//! that completion works while the file does not parse.

mod analysis;
mod completion;
mod context;
mod convert;
mod documents;
mod hover;
mod navigation;
mod server;

use tower_lsp::{LspService, Server};

/// Serves LSP over stdin/stdout until the client exits.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::new(server::Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
