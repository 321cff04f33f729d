//! The byte streams between the editor and tower-lsp-server. Its own
//! reader answers what it cannot read in a way of its own (tower-lsp's
//! stopped serving), so it reads from a pipe this module fills instead of
//! from the editor, and gets only sound messages:
//!
//! ```text
//! input -> frames (frame.rs) -> envelope check -> pipe -> tower-lsp-server
//!                                    | error answers
//!                                    v
//! output <- one writer <- messages <- pipe <- tower-lsp-server
//! ```
//!
//! Sound messages go through unchanged; the rest are answered here
//! (envelope.rs), and the frames after them are read as usual. Everything
//! written to the editor goes through one writer, a whole frame at a
//! time, so an answer from here never lands inside one of tower-lsp-server's.

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{ClientSocket, Server};

use crate::envelope::{self, INVALID_REQUEST, PARSE_ERROR};
use crate::frame::{self, Decoder, Frame};
use crate::memory;

/// Bytes read at a time, at least.
const CHUNK_BYTES: usize = 64 * 1024;

/// Bytes each pipe holds: large, so that the findings of a large model
/// (20 MB of JSON at 1,000 elements) cross in few steps.
const PIPE_BYTES: usize = 1 << 20;

/// Messages of this size and more leave memory to give back.
const GIVE_BACK_AFTER: usize = 1 << 20;

/// Messages waiting for the writer; senders wait beyond this, so an
/// editor that stops reading stops the server from reading too.
const QUEUED_MESSAGES: usize = 16;

/// Serves `service` over `input` and `output` until the input ends (or
/// the service stops), then writes what is left to write. An error
/// writing to `output` ends it at once. Messages from `direct` (bodies the
/// server has serialised itself: large diagnostics, see
/// `crate::server`) go to the writer as they are, around tower-lsp-server.
pub async fn serve<I, O, S>(
    input: I,
    output: O,
    service: S,
    socket: ClientSocket,
    direct: mpsc::Receiver<Vec<u8>>,
) -> std::io::Result<()>
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
    S: Service<Request, Response = Option<Response>> + Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    S::Future: Send,
{
    let (to_server, server_in) = tokio::io::duplex(PIPE_BYTES);
    let (server_out, from_server) = tokio::io::duplex(PIPE_BYTES);
    let (bodies, queue) = mpsc::channel(QUEUED_MESSAGES);
    let work = async {
        tokio::join!(
            Server::new(server_in, server_out, socket).serve(service),
            read_input(input, to_server, bodies.clone()),
            pass_output(from_server, direct, bodies),
        )
    };
    let write = write_output(output, queue);
    tokio::pin!(work, write);
    tokio::select! {
        // Every sender is gone: the writer finishes what is queued.
        _ = &mut work => write.await,
        written = &mut write => written,
    }
}

/// Reads frames from the editor: sound messages to tower-lsp-server, an error
/// answer for the rest.
async fn read_input(
    input: impl AsyncRead + Unpin,
    mut to_server: DuplexStream,
    answers: mpsc::Sender<Vec<u8>>,
) {
    let mut frames = Frames::new(input, frame::MAX_BODY_BYTES);
    while let Some(frame) = frames.next().await {
        let answer = match frame {
            Frame::Body(body) => match envelope::check(&body) {
                Ok(()) => {
                    let header = frame::header(body.len());
                    let passed = async {
                        to_server.write_all(header.as_bytes()).await?;
                        to_server.write_all(&body).await
                    };
                    if passed.await.is_err() {
                        return; // tower-lsp-server has stopped
                    }
                    continue;
                }
                Err(answer) => answer,
            },
            Frame::Garbled(why) => envelope::error(
                Value::Null,
                PARSE_ERROR,
                &format!("Parse error: {why}; skipped to the next Content-Length header"),
            ),
            Frame::Refused(why) => envelope::error(
                Value::Null,
                INVALID_REQUEST,
                &format!("Invalid Request: {why}; skipped"),
            ),
        };
        if answers.send(answer.to_string().into_bytes()).await.is_err() {
            return;
        }
    }
}

/// Cuts what tower-lsp-server writes into messages for the writer, and
/// passes those of `direct` along, until tower-lsp-server stops writing.
async fn pass_output(
    from_server: DuplexStream,
    mut direct: mpsc::Receiver<Vec<u8>>,
    bodies: mpsc::Sender<Vec<u8>>,
) {
    let mut written = Frames::new(from_server, usize::MAX);
    let mut direct_open = true;
    loop {
        let body = tokio::select! {
            // Reading a frame is safe to abandon: what was read stays in
            // its buffer.
            frame = written.next() => match frame {
                // tower-lsp-server writes nothing else.
                Some(Frame::Body(body)) => body,
                Some(_) => continue,
                None => return,
            },
            body = direct.recv(), if direct_open => match body {
                Some(body) => body,
                None => {
                    direct_open = false;
                    continue;
                }
            },
        };
        if bodies.send(body).await.is_err() {
            return;
        }
    }
}

/// The frames of a byte stream, read as they come.
struct Frames<R> {
    input: R,
    decoder: Decoder,
    buf: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Frames<R> {
    fn new(input: R, max_body: usize) -> Frames<R> {
        Frames {
            input,
            decoder: Decoder::new(max_body),
            buf: Vec::new(),
        }
    }

    /// The next frame, or `None` once the stream ends (or fails).
    async fn next(&mut self) -> Option<Frame> {
        loop {
            if let Some(frame) = self.decoder.next(&mut self.buf) {
                return Some(frame);
            }
            // Straight into the buffer (the decoder reserves a body's
            // length ahead).
            self.buf.reserve(CHUNK_BYTES);
            match self.input.read_buf(&mut self.buf).await {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }
}

/// Writes each message whole, with its header, in the order they come.
async fn write_output(
    mut output: impl AsyncWrite + Unpin,
    mut queue: mpsc::Receiver<Vec<u8>>,
) -> std::io::Result<()> {
    while let Some(body) = queue.recv().await {
        output
            .write_all(frame::header(body.len()).as_bytes())
            .await?;
        output.write_all(&body).await?;
        output.flush().await?;
        // A large message (the findings of a large model) leaves its
        // copies freed.
        if body.len() >= GIVE_BACK_AFTER {
            drop(body);
            memory::give_back_when_idle();
        }
    }
    Ok(())
}
