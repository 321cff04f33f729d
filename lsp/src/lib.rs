//! The tmc language server: diagnostics and findings as you type,
//! completion, hover, go to definition, references, rename and symbols for
//! `.tm` files. It is a thin front end over `tmc_compiler`, in two halves:
//! `analysis`, every feature as a plain synchronous call over the open
//! documents and their compilations, and the protocol side (`server`,
//! `convert`, and `transport` with `frame` and `envelope` for the wire),
//! which turns LSP messages into those calls and their answers back. Every
//! answer comes from a compilation or from the compiler's schema and
//! library; the one thing the analysis reads itself is the text before the
//! cursor (`analysis/context.rs`), so that completion works while the file
//! does not parse.

pub mod analysis;
mod convert;
mod envelope;
mod folders;
mod frame;
mod memory;
mod published;
mod server;
mod transport;
mod worker;
mod workspace;

#[cfg(test)]
mod tests;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::sync::Notify;
use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Serves LSP over stdin/stdout until the client sends `exit` or closes
/// stdin; returns the exit status the protocol asks for: 0 when a
/// `shutdown` request was received first, else 1.
pub fn run_stdio() -> std::io::Result<u8> {
    tmc_perf::allocator::serve();
    // Compilations run on a thread of their own (`worker`); replaced ones
    // are dropped on the runtime's blocking threads. Tokio gives those
    // 2 MiB of stack; dropping a model recurses once per level of nesting
    // (at most 256, see syntax/src/syntax/limits.rs), which a debug build
    // needs more for. Give them what a main thread has.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()?;
    let shut_down = Arc::new(AtomicBool::new(false));
    let served = runtime.block_on(async {
        let (direct, direct_out) = tokio::sync::mpsc::channel(server::DIRECT_MESSAGES);
        let (service, socket) = server::service(direct);
        let exited = Arc::new(Notify::new());
        let service = ExitWatch {
            inner: service,
            exited: exited.clone(),
            shut_down: shut_down.clone(),
        };
        let serve = transport::serve(
            tokio::io::stdin(),
            tokio::io::stdout(),
            service,
            socket,
            direct_out,
        );
        // The serving ends when stdin closes (transport.rs reads it to
        // the end); a client that waits for the process to end after
        // `exit` (as the protocol says it may) would wait forever.
        tokio::select! {
            served = serve => served,
            () = exited.notified() => Ok(()),
        }
    });
    // Tokio reads stdin on a blocking thread that stays parked in `read`;
    // waiting for it would keep the process alive until the client closes
    // the pipe, so leave it behind.
    runtime.shutdown_background();
    match served {
        // A client that closed its end has ended the session.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(if shut_down.load(Ordering::Relaxed) {
            0
        } else {
            1
        }),
    }
}

/// The LSP service, passing every message through, raising `shut_down`
/// when a `shutdown` request arrives and `exited` once the `exit`
/// notification has been handled.
struct ExitWatch<S> {
    inner: S,
    exited: Arc<Notify>,
    /// Set as the request is received, not when it has been handled: a
    /// client may send `exit` right behind it.
    shut_down: Arc<AtomicBool>,
}

impl<S> Service<Request> for ExitWatch<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.method() == "shutdown" && request.id().is_some() {
            self.shut_down.store(true, Ordering::Relaxed);
        }
        let exit = request.method() == "exit";
        let exited = self.exited.clone();
        let answer = self.inner.call(request);
        Box::pin(async move {
            let result = answer.await;
            if exit {
                exited.notify_one();
            }
            result
        })
    }
}
