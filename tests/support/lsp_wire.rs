//! The wire of the Language Server Protocol, for everything that drives
//! `tmc lsp` as an editor would (tests/lsp.rs, tests/lsp_storm.rs and the
//! latency bench in lsp/benches): JSON-RPC messages framed by a
//! `Content-Length` header over a child process's stdin and stdout.
//! Included with `#[path]`, since the bench lives in another crate.

#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A running server: its stdin, and every message it sends, in order.
pub struct Connection {
    pub child: Child,
    pub stdin: ChildStdin,
    pub messages: Receiver<Value>,
}

/// A running server whose messages come with when they arrived.
pub struct TimedConnection {
    pub child: Child,
    pub stdin: ChildStdin,
    pub messages: Receiver<Arrived>,
}

/// A message, when its last byte was read, and how long reading it as JSON
/// took after that.
pub struct Arrived {
    pub at: Instant,
    pub parse: Duration,
    pub message: Value,
}

/// Starts `command` with piped stdin and stdout (its stderr is left as
/// the caller set it) and reads its messages on a thread of their own.
pub fn spawn(command: Command) -> Connection {
    let (child, stdin, messages) = start(command, |a| a.message);
    Connection {
        child,
        stdin,
        messages,
    }
}

/// `spawn`, each message with when it arrived (the latency bench).
pub fn spawn_timed(command: Command) -> TimedConnection {
    let (child, stdin, messages) = start(command, |a| a);
    TimedConnection {
        child,
        stdin,
        messages,
    }
}

/// The server started, and its messages as `pass` gives them on.
fn start<T: Send + 'static>(
    mut command: Command,
    pass: fn(Arrived) -> T,
) -> (Child, ChildStdin, Receiver<T>) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the language server starts");
    let stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        while let Some(m) = read_message(&mut stdout) {
            if tx.send(pass(m)).is_err() {
                break;
            }
        }
    });
    (child, stdin, rx)
}

/// Writes one message with its header.
pub fn write_message(out: &mut impl Write, message: &Value) -> io::Result<()> {
    let body = message.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// The next message, or `None` at the end of the stream. A body that is
/// not JSON is a broken server: the reading thread panics with it.
fn read_message(reader: &mut impl BufRead) -> Option<Arrived> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let at = Instant::now();
    match serde_json::from_slice(&body) {
        Ok(message) => Some(Arrived {
            at,
            parse: at.elapsed(),
            message,
        }),
        Err(e) => panic!(
            "the server sent a message that is not JSON ({e}): {}",
            String::from_utf8_lossy(&body)
        ),
    }
}
