//! The language server under a storm of edits: `tmc lsp` over stdio, a
//! model of a few hundred elements, thousands of random full-text changes
//! (broken text, deep brackets, non-ASCII, NUL) interleaved with requests
//! at random positions. The server must answer every request (a result or
//! a proper error, with the request's id), publish diagnostics for the last
//! version last, and exit 0 after shutdown/exit. Text nested 10,000 levels
//! deep is one of the edits, and has a test of its own.
//!
//! The random choices come from a fixed seed, so a failure repeats; set
//! TMC_STORM_SEED to try another, TMC_STORM_EDITS for a longer storm.

#[path = "support/lsp_wire.rs"]
mod lsp_wire;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// xorshift64*: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The version and the diagnostics of one publishDiagnostics.
type Published = (Option<i64>, Vec<Value>);

/// `tmc lsp` and what it has said so far.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Requests sent and not answered yet: id -> method.
    pending: HashMap<i64, String>,
    /// Every response: id -> message.
    responses: HashMap<i64, Value>,
    /// Each publishDiagnostics, by URI, in the order received.
    published: BTreeMap<String, Vec<Published>>,
    /// Messages written to the server, for the failure report.
    sent: usize,
}

impl Server {
    fn start() -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tmc"));
        command.arg("lsp").stderr(Stdio::inherit());
        let lsp_wire::Connection {
            child,
            stdin,
            messages,
        } = lsp_wire::spawn(command);
        Server {
            child,
            stdin,
            messages,
            next_id: 1,
            pending: HashMap::new(),
            responses: HashMap::new(),
            published: BTreeMap::new(),
            sent: 0,
        }
    }

    fn send(&mut self, message: &Value) {
        let written = lsp_wire::write_message(&mut self.stdin, message);
        if let Err(e) = written {
            let status = self.child.try_wait();
            panic!(
                "the server stopped reading after {} messages ({e}); status {status:?}",
                self.sent
            );
        }
        self.sent += 1;
    }

    /// Sends a request without waiting for its answer; returns its id.
    fn request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
        self.pending.insert(id, method.to_string());
        id
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
    }

    /// Files one message from the server.
    fn take(&mut self, m: Value) {
        if m.get("method").is_some() {
            // A notification, or a request from the server (none expected
            // but `window/logMessage`-like ones are harmless).
            if m["method"] == "textDocument/publishDiagnostics" {
                let uri = m["params"]["uri"].as_str().unwrap_or_default().to_string();
                let version = m["params"]["version"].as_i64();
                let diags = m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .expect("diagnostics are a list");
                self.published
                    .entry(uri)
                    .or_default()
                    .push((version, diags));
            }
            return;
        }
        let id = m["id"].as_i64().expect("a response has the request's id");
        let method = self
            .pending
            .remove(&id)
            .unwrap_or_else(|| panic!("a response to no pending request: {m}"));
        let ok = m.get("result").is_some();
        let error = m
            .get("error")
            .filter(|e| e["code"].is_i64() && e["message"].is_string());
        assert!(
            ok != error.is_some(),
            "{method} #{id}: neither a result nor a proper error: {m}"
        );
        self.responses.insert(id, m);
    }

    /// Takes messages until `done` holds, failing after `limit`.
    fn wait_until(&mut self, what: &str, limit: Duration, done: impl Fn(&Server) -> bool) {
        let start = Instant::now();
        while !done(self) {
            let left = limit.checked_sub(start.elapsed()).unwrap_or_default();
            match self
                .messages
                .recv_timeout(left.max(Duration::from_millis(1)))
            {
                Ok(m) => self.take(m),
                Err(RecvTimeoutError::Timeout) if start.elapsed() < limit => {}
                Err(e) => {
                    let status = self.child.try_wait();
                    panic!(
                        "waiting for {what}: {e:?} after {:?}; {} requests unanswered ({:?}); server status {status:?}",
                        start.elapsed(),
                        self.pending.len(),
                        self.pending.values().take(5).collect::<Vec<_>>()
                    );
                }
            }
        }
    }

    /// Takes whatever has arrived, without waiting.
    fn drain(&mut self) {
        while let Ok(m) = self.messages.try_recv() {
            self.take(m);
        }
    }

    fn answers(&mut self) {
        self.wait_until("every answer", Duration::from_secs(60), |s| {
            s.pending.is_empty()
        });
    }

    /// The result of one request, waited for.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.request(method, params);
        self.wait_until(method, Duration::from_secs(60), |s| {
            s.responses.contains_key(&id)
        });
        self.responses[&id].clone()
    }

    /// Waits for diagnostics of `uri` at `version`; returns them.
    fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let published_at = |s: &Server| {
            s.published
                .get(uri)
                .and_then(|p| p.iter().rev().find(|(v, _)| *v == Some(version)))
                .map(|(_, d)| d.clone())
        };
        self.wait_until(
            &format!("diagnostics of version {version}"),
            Duration::from_secs(90),
            |s| published_at(s).is_some(),
        );
        published_at(self).unwrap()
    }

    fn shutdown(mut self) {
        let answer = self.call("shutdown", Value::Null);
        assert!(answer.get("result").is_some(), "{answer}");
        self.notify("exit", Value::Null);
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the server does not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "the server exits with {status}");
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn initialize(server: &mut Server, root: &Path) {
    let answer = server.call(
        "initialize",
        json!({"processId": null, "rootUri": uri(root), "capabilities": {}}),
    );
    assert!(answer["result"]["capabilities"].is_object(), "{answer}");
    server.notify("initialized", json!({}));
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

fn open(server: &mut Server, path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(path), "languageId": "tm", "version": 1, "text": text}}),
    );
}

fn change(server: &mut Server, path: &Path, version: i64, text: &str) {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// A model of about `n` elements in boundaries, with data and flows.
fn big_model(n: usize) -> String {
    let mut t = String::from(
        "model \"Storm\" {\n  description = \"A model the storm edits.\"\n  isOrdered = true\n}\n\n",
    );
    for b in 0..8 {
        let parent = if b > 0 && b % 2 == 0 {
            format!(" in zone{}", b - 1)
        } else {
            String::new()
        };
        t.push_str(&format!("boundary zone{b} \"Zone {b}\"{parent}\n"));
    }
    for d in 0..10 {
        t.push_str(&format!(
            "Data data{d} \"Data {d}\" {{ classification = {} isPII = {} }}\n",
            ["PUBLIC", "RESTRICTED", "SENSITIVE", "SECRET"][d % 4],
            d % 3 == 0
        ));
    }
    let kinds = [
        "Server",
        "Process",
        "Datastore",
        "Actor",
        "Lambda",
        "ExternalEntity",
    ];
    for e in 0..n {
        let kind = kinds[e % kinds.len()];
        t.push_str(&format!(
            "/// Element {e}, données n° {e}.\n{kind} e{e} \"Élément {e}\" in zone{} {{\n",
            e % 8
        ));
        match kind {
            "Server" | "Process" | "Lambda" => t.push_str(&format!(
                "  controls {{\n    isHardened = {}\n    sanitizesInput = {}\n  }}\n",
                e % 2 == 0,
                e % 3 == 0
            )),
            "Datastore" => t.push_str("  type = SQL\n  controls.isEncrypted = true\n"),
            _ => t.push_str("  description = \"Outside; ünïcödé ✓.\"\n"),
        }
        t.push_str("}\n");
    }
    for f in 0..n {
        t.push_str(&format!(
            "flow f{f}: e{} -> e{} \"Flow {f}\" {{\n  protocol = \"HTTPS\"\n  dstPort = {}\n  data = [data{}]\n}}\n",
            f,
            (f * 7 + 1) % n,
            443 + f % 5,
            f % 10
        ));
    }
    t.push_str(
        "\nthreat OWN01 \"Own rule\" {\n  targets = [Server]\n  severity = Low\n  when = not target.controls.isHardened and (target.controls.sanitizesInput or any f in target.inputs: f.protocol == \"HTTP\")\n}\n",
    );
    t
}

/// Text the storm inserts: broken syntax, deep nesting, keywords,
/// non-ASCII (two-unit UTF-16 included), control characters.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "\"\"\"",
    "\n",
    " ",
    "=",
    "->",
    ".",
    ",",
    ":",
    "//",
    "///",
    "\u{0}",
    "\t",
    "\r\n",
    "é",
    "漢字",
    "🎉",
    "\u{2400}",
    "\u{feff}",
    "ä\u{308}",
    "flow ",
    "boundary ",
    "in ",
    "import \"nowhere.tm\"\n",
    "import \"../outside.tm\"\n",
    "Server x ",
    "controls.",
    "controls { ",
    "isHardened = ",
    "true",
    "99999999999999999999999",
    "data = [",
    "when = ",
    "not ",
    " and ",
    " or ",
    "any x in target.inputs: ",
    "target.",
    "threat T1 \"t\" { targets = [Server] severity = High when = ",
    "model \"Second\" {}\n",
    "e1",
    "zone3",
    "data7",
    "f5",
    "SQL",
    "PUBLIK",
];

/// A random text to put at the cursor: a snippet, a run of one, or text
/// nested too deep.
fn snippet(rng: &mut Rng) -> String {
    match rng.below(20) {
        0 => "(".repeat(300),
        1 => format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        2 => (0..rng.below(30))
            .map(|_| char::from_u32(0x20 + rng.below(0x2fff) as u32).unwrap_or('?'))
            .collect(),
        3 => rng.pick(SNIPPETS).repeat(1 + rng.below(5)),
        _ => rng.pick(SNIPPETS).to_string(),
    }
}

/// One random edit of `text` (whose pristine form is `original`).
fn edit(rng: &mut Rng, text: &mut String, original: &str) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let n = chars.len();
    if text.len() > 2 * original.len() {
        *text = original.to_string();
        return;
    }
    match rng.below(100) {
        // Start over now and then, so the text does not decay into noise.
        0..=3 => *text = original.to_string(),
        // Delete a run.
        4..=39 if n > 0 => {
            let start = rng.below(n);
            let end = (start + 1 + rng.below(40)).min(n);
            let (a, b) = (at(start), at(end));
            text.replace_range(a..b, "");
        }
        // Cut a whole line.
        40..=44 => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                let drop = rng.below(lines.len());
                *text = lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != drop)
                    .map(|(_, l)| *l)
                    .collect();
            }
        }
        // Insert.
        _ => {
            let pos = at(rng.below(n + 1));
            let s = snippet(rng);
            text.insert_str(pos, &s);
        }
    }
}

/// A position somewhere in `text`, sometimes past a line's end or past
/// the last line (a client may send those).
fn position(rng: &mut Rng, text: &str) -> Value {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = rng.below(lines.len() + 2);
    let units = lines
        .get(line)
        .map_or(0, |l| l.chars().map(char::len_utf16).sum::<usize>());
    let character = rng.below(units + 3);
    json!({"line": line, "character": character})
}

fn random_request(rng: &mut Rng, server: &mut Server, path: &Path, text: &str) {
    let doc = json!({"uri": uri(path)});
    let pos = position(rng, text);
    match rng.below(7) {
        0 => server.request(
            "textDocument/completion",
            json!({"textDocument": doc, "position": pos}),
        ),
        1 => server.request(
            "textDocument/hover",
            json!({"textDocument": doc, "position": pos}),
        ),
        2 => server.request(
            "textDocument/definition",
            json!({"textDocument": doc, "position": pos}),
        ),
        3 => server.request("textDocument/documentSymbol", json!({"textDocument": doc})),
        4 => server.request(
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
        ),
        5 => server.request(
            "textDocument/references",
            json!({"textDocument": doc, "position": pos, "context": {"includeDeclaration": true}}),
        ),
        _ => server.request(
            "textDocument/rename",
            json!({"textDocument": doc, "position": pos, "newName": "renamed"}),
        ),
    };
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn a_storm_of_edits_and_requests() {
    let started = Instant::now();
    let seed = env_number("TMC_STORM_SEED", 0x5EED_7AC0);
    let edits = env_number("TMC_STORM_EDITS", 2_000) as i64;
    let mut rng = Rng::new(seed);
    let (_dir, root) = workspace();
    let path = root.join("storm.tm");
    let original = big_model(300);
    let mut server = Server::start();
    initialize(&mut server, &root);
    open(&mut server, &path, &original);
    server.diagnostics_at(&uri(&path), 1);

    let mut text = original.clone();
    let mut requests: i64 = 0;
    for version in 2..edits + 2 {
        edit(&mut rng, &mut text, &original);
        change(&mut server, &path, version, &text);
        for _ in 0..rng.below(3) {
            random_request(&mut rng, &mut server, &path, &text);
            requests += 1;
        }
        // Now and then, every answer before going on, so that a stuck
        // server shows up where it got stuck.
        if version % 250 == 0 {
            server.answers();
        } else {
            server.drain();
        }
    }
    server.answers();
    let storm = started.elapsed();
    assert_eq!(
        server.responses.len() as i64,
        requests + 1,
        "one answer per request (and initialize)"
    );
    // Errors by message: a rename while the text does not compile is an
    // "Invalid request", for example.
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for m in server.responses.values() {
        if let Some(e) = m.get("error") {
            *errors
                .entry(e["message"].as_str().unwrap_or_default().to_string())
                .or_default() += 1;
        }
    }

    // The last word: the pristine model again, whose diagnostics must be
    // the last ones published, for that version.
    let last = edits + 2;
    change(&mut server, &path, last, &original);
    let diags = server.diagnostics_at(&uri(&path), last);
    assert!(
        diags.iter().all(|d| d["severity"] != 1),
        "the pristine model has no errors: {diags:?}"
    );
    // Anything still in flight arrives before this answer or soon after.
    server.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&path)}}),
    );
    std::thread::sleep(Duration::from_millis(500));
    server.drain();
    let versions: Vec<Option<i64>> = server.published[&uri(&path)]
        .iter()
        .map(|(v, _)| *v)
        .collect();
    assert_eq!(
        versions.last(),
        Some(&Some(last)),
        "the last diagnostics are for the last version; published: {:?}",
        &versions[versions.len().saturating_sub(10)..]
    );
    // Versions are published in order: a stale compilation never
    // overwrites a newer one.
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "diagnostics went back in version: {versions:?}"
    );
    eprintln!(
        "storm (seed {seed:#x}): {edits} edits and {requests} requests in {storm:?}, errors {errors:?}; {} diagnostics published; {:?} in all",
        versions.len(),
        started.elapsed()
    );
    server.shutdown();
}

/// A rule or model text nested far too deep, as an edit.
fn deep_texts(model: &str) -> Vec<(&'static str, String)> {
    let n = 10_000;
    vec![
        (
            "nesting-too-deep",
            format!(
                "{model}threat D \"d\" {{ targets = [Server] severity = Low when = {}true{} }}\n",
                "(".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "nesting-too-deep",
            format!(
                "{model}Server deep \"D\" {{ sourceFiles = {}{} }}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
        (
            "nesting-too-deep",
            format!(
                "{model}{}Actor inner\n{}",
                (0..n)
                    .map(|i| format!("boundary d{i} {{\n"))
                    .collect::<String>(),
                "}\n".repeat(n)
            ),
        ),
        (
            "nesting-too-deep",
            format!(
                "{model}threat D \"d\" {{ targets = [Server] severity = Low when = {} }}\n",
                vec!["target.controls.isHardened"; n].join(" or ")
            ),
        ),
        (
            "boundary-too-deep",
            format!(
                "{model}boundary c0\n{}",
                (1..n)
                    .map(|i| format!("boundary c{i} in c{}\n", i - 1))
                    .collect::<String>()
            ),
        ),
    ]
}

#[test]
fn text_nested_ten_thousand_deep_does_not_crash_the_server() {
    let (_dir, root) = workspace();
    let path = root.join("deep.tm");
    let model = big_model(20);
    let mut server = Server::start();
    initialize(&mut server, &root);
    open(&mut server, &path, &model);
    server.diagnostics_at(&uri(&path), 1);
    let doc = json!({"uri": uri(&path)});
    let mut version = 1;
    for (code, text) in deep_texts(&model) {
        version += 1;
        change(&mut server, &path, version, &text);
        let diags = server.diagnostics_at(&uri(&path), version);
        assert!(
            diags.iter().any(|d| d["code"] == code),
            "{code} expected: {:?}",
            diags.iter().map(|d| &d["code"]).collect::<Vec<_>>()
        );
        // Requests in the deep part (the last lines) and at its start.
        let lines = text.lines().count() as i64;
        for (line, character) in [(lines - 1, 40), (lines / 2, 3), (lines - 2, 5000)] {
            let pos = json!({"line": line, "character": character});
            for method in [
                "textDocument/completion",
                "textDocument/hover",
                "textDocument/definition",
            ] {
                let answer = server.call(method, json!({"textDocument": doc, "position": pos}));
                assert!(answer.get("result").is_some(), "{method}: {answer}");
            }
        }
        for (method, params) in [
            ("textDocument/documentSymbol", json!({"textDocument": doc})),
            (
                "textDocument/formatting",
                json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
            ),
        ] {
            let answer = server.call(method, params);
            assert!(answer.get("result").is_some(), "{method}: {answer}");
        }
    }
    // And back to a sound model.
    version += 1;
    change(&mut server, &path, version, &model);
    let diags = server.diagnostics_at(&uri(&path), version);
    assert!(diags.iter().all(|d| d["severity"] != 1), "{diags:?}");
    server.shutdown();
}
