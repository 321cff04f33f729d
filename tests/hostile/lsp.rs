//! The language server against a broken or hostile client (issue #19,
//! item 8): each malformed frame or message gets its JSON-RPC error and
//! the server goes on serving; the exit status follows the protocol (1 on
//! `exit` without `shutdown`); memory stays bounded over thousands of
//! edits; a compile made stale by a newer edit is cancelled (item 3).

use crate::lsp_wire;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::scratch;

/// `tmc lsp` over stdio, and the messages it has sent and not yet been
/// asked about.
struct Lsp {
    child: Child,
    /// None once closed.
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
    unread: Vec<Value>,
}

impl Lsp {
    fn start() -> Lsp {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tmc"));
        command.arg("lsp").stderr(Stdio::null());
        let wire = lsp_wire::spawn(command);
        Lsp {
            child: wire.child,
            stdin: Some(wire.stdin),
            messages: wire.messages,
            next_id: 1,
            unread: Vec::new(),
        }
    }

    fn stdin(&mut self) -> &mut ChildStdin {
        self.stdin.as_mut().expect("stdin is open")
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        lsp_wire::write_message(self.stdin(), &message).expect("the server reads");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; returns its id.
    fn request(&mut self, method: &str, params: Option<Value>) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if let Some(params) = params {
            message["params"] = params;
        }
        self.send(message);
        id
    }

    /// The first message (sent or to come) that `wanted` accepts, taken.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unread.iter().position(&wanted) {
            return self.unread.remove(i);
        }
        let limit = Duration::from_secs(120);
        let start = Instant::now();
        loop {
            let left = limit.saturating_sub(start.elapsed());
            let Ok(m) = self.messages.recv_timeout(left) else {
                let status = self.child.try_wait();
                panic!(
                    "no {what} within {limit:?} (server status {status:?}); unread: {:?}",
                    self.unread
                );
            };
            if wanted(&m) {
                return m;
            }
            self.unread.push(m);
        }
    }

    fn answer(&mut self, id: i64) -> Value {
        self.wait_for(&format!("answer #{id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// The diagnostics of `path` at `version`.
    fn diagnostics(&mut self, path: &Path, version: i64) -> Vec<Value> {
        let uri = uri(path);
        let m = self.wait_for(&format!("diagnostics of version {version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, root: &Path) {
        let params = json!({"processId": null, "rootUri": uri(root), "capabilities": {}});
        let id = self.request("initialize", Some(params));
        let answer = self.answer(id);
        assert!(answer["result"]["capabilities"].is_object(), "{answer}");
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
        let document = json!({"uri": uri(path), "languageId": "tm", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    fn change(&mut self, path: &Path, version: i64, text: &str) {
        let document = json!({"uri": uri(path), "version": version});
        let changes = json!([{ "text": text }]);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": document, "contentChanges": changes}),
        );
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How the server ended, waited for (at most a minute).
    fn status(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the server does not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A scratch folder with the server initialized on it and `m.tm` open.
fn serving(text: &str) -> (tempfile::TempDir, PathBuf, Lsp) {
    let dir = scratch();
    let root = dir.path().canonicalize().unwrap();
    let path = root.join("m.tm");
    let mut lsp = Lsp::start();
    lsp.initialize(&root);
    lsp.open(&path, text);
    lsp.diagnostics(&path, 1);
    (dir, path, lsp)
}

const MODEL: &str = "model \"M\" { description = \"d\" }\nServer web \"Web\"\nActor user \"User\"\nflow user -> web \"Browse\" { protocol = \"HTTP\" }\n";

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

fn framed(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// Input the server cannot take as a message, the code of its answer and
/// the id it is answered with.
fn malformed() -> Vec<(&'static str, Vec<u8>, i64, Value)> {
    let exit = br#"{"jsonrpc":"2.0","method":"exit"}"#;
    let mut charset =
        b"Content-Length: 33\r\nContent-Type: text/plain; charset=latin1\r\n\r\n".to_vec();
    charset.extend_from_slice(exit);
    vec![
        (
            "invalid JSON",
            framed(b"{not json"),
            PARSE_ERROR,
            Value::Null,
        ),
        (
            "a body that is not UTF-8",
            framed(b"{\"a\":\"\xff\"}"),
            PARSE_ERROR,
            Value::Null,
        ),
        ("an empty body", framed(b""), PARSE_ERROR, Value::Null),
        (
            "a bad Content-Length",
            [b"Content-Length: abc\r\n\r\n".as_slice(), exit].concat(),
            PARSE_ERROR,
            Value::Null,
        ),
        (
            "no Content-Length",
            [
                b"Content-Type: application/vscode-jsonrpc\r\n\r\n".as_slice(),
                exit,
            ]
            .concat(),
            PARSE_ERROR,
            Value::Null,
        ),
        (
            "garbage between frames",
            b"garbage\r\n\r\n".to_vec(),
            PARSE_ERROR,
            Value::Null,
        ),
        ("another charset", charset, INVALID_REQUEST, Value::Null),
        ("{}", framed(b"{}"), INVALID_REQUEST, Value::Null),
        ("a number", framed(b"42"), INVALID_REQUEST, Value::Null),
        (
            "a batch",
            framed(b"[{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}]"),
            INVALID_REQUEST,
            Value::Null,
        ),
        (
            "jsonrpc 1.0",
            framed(br#"{"jsonrpc":"1.0","id":7,"method":"shutdown"}"#),
            INVALID_REQUEST,
            json!(7),
        ),
        (
            "an object id",
            framed(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#),
            INVALID_REQUEST,
            Value::Null,
        ),
        (
            "a float id",
            framed(br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#),
            INVALID_REQUEST,
            Value::Null,
        ),
        (
            "a method that is not a string",
            framed(br#"{"jsonrpc":"2.0","id":"m","method":["exit"]}"#),
            INVALID_REQUEST,
            json!("m"),
        ),
        (
            "params that are a string",
            framed(br#"{"jsonrpc":"2.0","id":8,"method":"shutdown","params":"p"}"#),
            INVALID_REQUEST,
            json!(8),
        ),
        (
            "an id given twice",
            framed(br#"{"jsonrpc":"2.0","id":9,"id":9,"method":"shutdown"}"#),
            INVALID_REQUEST,
            json!(9),
        ),
        (
            "a response with neither result nor error",
            framed(br#"{"jsonrpc":"2.0","id":10}"#),
            INVALID_REQUEST,
            json!(10),
        ),
    ]
}

#[test]
fn each_malformed_message_is_answered_and_the_server_goes_on() {
    let (_dir, path, mut lsp) = serving(MODEL);
    let mut version = 1;
    for (case, bytes, code, id) in malformed() {
        lsp.raw(&bytes);
        let answer = lsp.wait_for(&format!("the error for {case}"), |m| {
            m["error"]["code"].is_i64() && m.get("method").is_none() && m["id"] == id
        });
        assert_eq!(answer["jsonrpc"], "2.0", "{case}: {answer}");
        assert_eq!(answer["error"]["code"], code, "{case}: {answer}");
        assert!(answer["error"]["message"].is_string(), "{case}: {answer}");
        // Still serving: a request is answered, an edit diagnosed.
        let position = json!({"line": 1, "character": 8});
        let hover = lsp.request(
            "textDocument/hover",
            Some(json!({"textDocument": {"uri": uri(&path)}, "position": position})),
        );
        let answer = lsp.answer(hover);
        assert!(answer["result"]["contents"].is_object(), "{case}: {answer}");
        version += 1;
        let broken = format!("{MODEL}flow user -> nowhere\n");
        lsp.change(
            &path,
            version,
            if version % 2 == 0 { &broken } else { MODEL },
        );
        let diagnostics = lsp.diagnostics(&path, version);
        let errors = diagnostics.iter().filter(|d| d["severity"] == 1).count();
        assert_eq!(
            errors,
            usize::from(version % 2 == 0),
            "{case}: {diagnostics:?}"
        );
    }
    assert!(
        lsp.unread.iter().all(|m| m.get("error").is_none()),
        "{:?}",
        lsp.unread
    );
    let id = lsp.request("shutdown", None);
    lsp.answer(id);
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.status().code(), Some(0));
}

#[test]
fn a_malformed_message_before_initialize_is_answered_too() {
    let mut lsp = Lsp::start();
    lsp.raw(&framed(b"{"));
    let answer = lsp.wait_for("the parse error", |m| m["error"]["code"] == PARSE_ERROR);
    assert_eq!(answer["id"], Value::Null);
    let dir = scratch();
    lsp.initialize(&dir.path().canonicalize().unwrap());
}

#[test]
fn exit_without_shutdown_exits_1() {
    let (_dir, _path, mut lsp) = serving(MODEL);
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.status().code(), Some(1));
    // Before initialize, too.
    let mut lsp = Lsp::start();
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.status().code(), Some(1));
}

#[test]
fn exit_after_shutdown_exits_0() {
    let (_dir, _path, mut lsp) = serving(MODEL);
    let id = lsp.request("shutdown", None);
    let answer = lsp.answer(id);
    assert_eq!(answer["result"], Value::Null, "{answer}");
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.status().code(), Some(0));
}

#[test]
fn the_end_of_input_exits_1_unless_shut_down() {
    let (_dir, _path, mut lsp) = serving(MODEL);
    lsp.stdin = None;
    assert_eq!(lsp.status().code(), Some(1));
    let (_dir, _path, mut lsp) = serving(MODEL);
    let id = lsp.request("shutdown", None);
    lsp.answer(id);
    lsp.stdin = None;
    assert_eq!(lsp.status().code(), Some(0));
}

/// A model whose rule evaluation takes seconds in a debug build: a rule
/// on flows that runs through the data of the flow three times over
/// (50³ conditions on each of 300 flows).
fn slow_model() -> String {
    let (flows, data) = (300, 50);
    let mut text = String::from("model \"Slow\" { description = \"d\" }\nActor u \"U\"\n");
    let items: Vec<String> = (0..data).map(|d| format!("d{d}")).collect();
    for item in &items {
        text.push_str(&format!("Data {item} \"{item}\"\n"));
    }
    let list = items.join(", ");
    for f in 0..flows {
        text.push_str(&format!(
            "Server s{f} \"S{f}\"\nflow u -> s{f} \"F{f}\" {{ data = [{list}] }}\n"
        ));
    }
    text.push_str(
        "threat SLOW \"Slow\" {\n  targets = [Dataflow]\n  severity = Low\n  when = any a in target.data: any b in target.data: any c in target.data: a.isCredentials and b.isCredentials and c.isCredentials\n}\n",
    );
    text
}

#[test]
fn an_edit_cancels_the_compile_it_makes_stale() {
    let (_dir, path, mut lsp) = serving(MODEL);
    let slow = slow_model();
    // How long the slow text takes, compiled to the end.
    let start = Instant::now();
    lsp.change(&path, 2, &slow);
    lsp.diagnostics(&path, 2);
    let whole = start.elapsed();
    // The slow text again, and once its compile has started, a fix.
    lsp.change(&path, 3, &format!("{slow}\n"));
    std::thread::sleep(whole / 10);
    let start = Instant::now();
    lsp.change(&path, 4, MODEL);
    let diagnostics = lsp.diagnostics(&path, 4);
    let fixed = start.elapsed();
    assert!(
        diagnostics.iter().all(|d| d["severity"] != 1),
        "{diagnostics:?}"
    );
    // Waiting for the stale compile would take most of `whole`.
    assert!(
        fixed < whole / 4,
        "the fix took {fixed:?} to show; the slow text takes {whole:?} to compile"
    );
    let stale = |m: &Value| m["params"]["version"] == 3;
    assert!(
        !lsp.unread.iter().any(stale),
        "the cancelled compile published"
    );
    eprintln!("slow text compiled in {whole:?}; the fix showed after {fixed:?}");
}

/// The resident memory of process `pid`, in KB.
fn resident_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is there");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .expect("VmRSS");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The resident memory of the server once it has given back what it does
/// not use (after a second without work): the least seen until it holds
/// still for a second, or for ten seconds on a busy machine.
fn resident_at_rest(lsp: &Lsp) -> u64 {
    let start = Instant::now();
    let mut seen = vec![resident_kb(lsp.pid())];
    loop {
        std::thread::sleep(Duration::from_millis(250));
        seen.push(resident_kb(lsp.pid()));
        let last_second = &seen[seen.len().saturating_sub(5)..];
        let still = seen.len() > 8 && last_second.iter().all(|&r| r == last_second[0]);
        if still || start.elapsed() > Duration::from_secs(10) {
            return seen.into_iter().min().unwrap_or_default();
        }
    }
}

/// A model of `n` servers, actors and flows.
fn model_of(n: usize) -> String {
    let mut text = String::from("model \"M\" { description = \"d\" }\n");
    for i in 0..n {
        text.push_str(&format!(
            "Server s{i} \"S{i}\" {{ controls {{ isHardened = true }} }}\nActor a{i} \"A{i}\"\nflow a{i} -> s{i} \"F{i}\" {{ protocol = \"HTTP\" }}\n"
        ));
    }
    text
}

/// Thousands of edits (small random changes, some breaking the text),
/// with requests among them, as fast as the server reads them; the
/// resident memory after 10,000 is within a few MB of that after 1,000.
#[test]
#[cfg(target_os = "linux")]
fn memory_stays_bounded_over_ten_thousand_edits() {
    let model = model_of(50);
    let (_dir, path, mut lsp) = serving(&model);
    let snippets = ["x", "{", "}", "Servr", "\n", "é", "flow ", "= ", ""];
    let mut seed: u64 = 0x5EED;
    let mut random = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut resident = Vec::new();
    for version in 2..=10_001 {
        let mut at = random(model.len());
        while !model.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + random(3)).min(model.len());
        let end = (end..=model.len())
            .find(|&e| model.is_char_boundary(e))
            .unwrap();
        let text = format!(
            "{}{}{}",
            &model[..at],
            snippets[random(snippets.len())],
            &model[end..]
        );
        lsp.change(&path, version, &text);
        if version % 10 == 0 {
            let position = json!({"line": random(150), "character": random(30)});
            let document = json!({"uri": uri(&path)});
            lsp.request(
                "textDocument/hover",
                Some(json!({"textDocument": document, "position": position})),
            );
        }
        let edits = version - 1;
        if [1_000, 5_000, 10_000].contains(&edits) {
            lsp.diagnostics(&path, version);
            lsp.unread.clear();
            resident.push((edits, resident_at_rest(&lsp)));
        }
        // What has come so far: the server is not held up writing.
        while let Ok(m) = lsp.messages.try_recv() {
            drop(m);
        }
    }
    eprintln!("resident memory (edits, KB): {resident:?}");
    let growth = resident[2].1.saturating_sub(resident[0].1);
    assert!(
        growth < 16 * 1024,
        "resident memory grew {growth} KB from 1,000 to 10,000 edits: {resident:?}"
    );
    let id = lsp.request("shutdown", None);
    lsp.answer(id);
}

/// Opening and closing one large model after another: the compilation of
/// a closed model is not kept, so the resident memory does not add up.
#[test]
#[cfg(target_os = "linux")]
fn closed_models_are_not_kept() {
    let (dir, small, mut lsp) = serving(MODEL);
    let root = dir.path().canonicalize().unwrap();
    let model = model_of(500);
    let mut resident = Vec::new();
    for n in 0..4 {
        let path = root.join(format!("big{n}.tm"));
        lsp.open(&path, &model);
        lsp.diagnostics(&path, 1);
        let document = json!({"textDocument": {"uri": uri(&path)}});
        lsp.notify("textDocument/didClose", document);
        // No publish to wait for: the disk holds the same text, so the
        // diagnostics are those already published (the server sends only
        // what changed). A workspace request waits for every pending
        // compile, the close's included.
        let id = lsp.request("workspace/symbol", Some(json!({"query": "s1"})));
        let symbols = lsp.answer(id);
        assert_eq!(symbols["result"], json!([]), "model {n} is still kept");
        // An edit of the small model, after which what the large one
        // used has been written out (a comment line more each time: its
        // findings move, so they are published again).
        let edited = format!("{}{MODEL}", "//\n".repeat(n as usize + 1));
        lsp.change(&small, n + 2, &edited);
        lsp.diagnostics(&small, n + 2);
        resident.push(resident_at_rest(&lsp));
    }
    eprintln!("resident memory after each model closed (KB): {resident:?}");
    let growth = resident[3].saturating_sub(resident[1]);
    assert!(growth < 16 * 1024, "grew {growth} KB: {resident:?}");
}
