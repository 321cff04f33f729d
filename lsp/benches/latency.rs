//! Diagnostics latency of the language server on a large model: the time
//! from sending `textDocument/didChange` to receiving the
//! `textDocument/publishDiagnostics` that carries that version (its last
//! byte read), measured over stdio against the real server, as an editor
//! sees it. Reading the message as JSON is the editor's work, and editors
//! differ: the bench's own (serde_json, into a tree) is timed and printed
//! apart. (When the
//! model has no diagnostics at all, nothing is published after an edit;
//! the time is then until the answer to a request sent right after the
//! change, which waits for its compile.)
//!
//! Run with `cargo bench -p tmc-lsp --bench latency` (release profile). The
//! server is this very executable started again with `TMC_LATENCY_SERVE=1`
//! (it then runs `tmc_lsp::run_stdio`, what `tmc lsp` runs); set
//! `TMC_BIN=/path/to/tmc` to measure a built `tmc lsp` instead.
//! `TMC_LATENCY_EDITS` sets the number of edits (default 50);
//! `TMC_LATENCY_FINDINGS=0` starts the server with `showFindings: false`
//! (compiler errors only, no threat findings); each edit is sent as the
//! range it replaces, as editors do when the server asks for incremental
//! sync, or as the whole text with `TMC_LATENCY_WHOLE=1`;
//! `TMC_LATENCY_WRITE=big.tm` only writes the generated model to `big.tm`
//! (to time the compiler on it with `tmc check`);
//! `TMC_LATENCY_MODEL=m.tm` measures with the model in `m.tm` instead of the
//! generated one (`bench/gen.py 10000 -o m.tm` writes the 10,000-element
//! model of docs/performance.md). Each edit adds or removes a comment line
//! at the top, so that every finding moves and every diagnostic of the file
//! is published again: the most an edit costs. It prints figures, the
//! server's peak memory (Linux), and asserts nothing about time.

#[path = "../../tests/support/lsp_wire.rs"]
mod lsp_wire;

/// The `tmc` binary's allocator, so that the server measured is the one
/// `tmc lsp` runs.
#[global_allocator]
static ALLOCATOR: tmc_perf::allocator::Chosen = tmc_perf::allocator::Chosen;

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The element kinds the generated model uses, in turn.
const KINDS: [&str; 8] = [
    "Actor",
    "Server",
    "Process",
    "Lambda",
    "Datastore",
    "ExternalEntity",
    "SetOfProcesses",
    "Server",
];

const ELEMENTS: usize = 1000;
const FLOWS: usize = 1000;
const DATA: usize = 40;
/// Boundaries: 10 top-level zones, each with 4 nested ones.
const ZONES: usize = 10;
const SUBZONES: usize = 4;

/// A model of `ELEMENTS` elements of several kinds spread over nested
/// boundaries, `DATA` data items and `FLOWS` flows between the elements.
/// `marker` is written into the model's description (the edits are
/// comment lines above it, see `edited`).
fn model(marker: usize) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "model \"Latency benchmark\" {{\n  description = \"edit {marker}\"\n}}\n\n"
    ));
    for z in 0..ZONES {
        s.push_str(&format!("boundary z{z} \"Zone {z}\"\n"));
        for n in 0..SUBZONES {
            s.push_str(&format!("boundary z{z}_{n} \"Zone {z}.{n}\" in z{z}\n"));
        }
    }
    s.push('\n');
    let classes = ["PUBLIC", "RESTRICTED", "SENSITIVE", "SECRET"];
    for d in 0..DATA {
        s.push_str(&format!(
            "Data d{d} \"Data {d}\" {{ classification = {} }}\n",
            classes[d % classes.len()]
        ));
    }
    s.push('\n');
    for e in 0..ELEMENTS {
        let kind = KINDS[e % KINDS.len()];
        let zone = e % ZONES;
        let boundary = match e % (SUBZONES + 2) {
            0 => String::new(),
            1 => format!(" in z{zone}"),
            n => format!(" in z{zone}_{}", n - 2),
        };
        let body = match kind {
            "Datastore" => " {\n  isSQL = true\n  controls { isHardened = true }\n}".to_string(),
            "Actor" => String::new(),
            _ => format!(
                " {{\n  OS = \"Linux\"\n  controls {{ sanitizesInput = {} }}\n}}",
                e % 3 == 0
            ),
        };
        s.push_str(&format!("{kind} e{e} \"Element {e}\"{boundary}{body}\n"));
    }
    s.push('\n');
    for f in 0..FLOWS {
        let from = f % ELEMENTS;
        let to = (f * 7 + 13) % ELEMENTS;
        let to = if to == from { (to + 1) % ELEMENTS } else { to };
        s.push_str(&format!(
            "flow e{from} -> e{to} \"Flow {f}\" {{\n  protocol = \"HTTPS\"\n  dstPort = {}\n  data = [d{}, d{}]\n}}\n",
            1000 + f % 50,
            f % DATA,
            (f + 1) % DATA
        ));
    }
    s
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<lsp_wire::Arrived>,
}

impl Server {
    fn start() -> Server {
        let mut command = match std::env::var_os("TMC_BIN") {
            Some(bin) => {
                let mut c = Command::new(bin);
                c.arg("lsp");
                c
            }
            None => {
                let mut c = Command::new(std::env::current_exe().expect("own path"));
                c.env("TMC_LATENCY_SERVE", "1");
                c
            }
        };
        command.stderr(Stdio::inherit());
        let lsp_wire::TimedConnection {
            child,
            stdin,
            messages,
        } = lsp_wire::spawn_timed(command);
        Server {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, message: Value) {
        lsp_wire::write_message(&mut self.stdin, &message).expect("the server reads");
    }

    fn next(&mut self) -> lsp_wire::Arrived {
        self.messages
            .recv_timeout(Duration::from_secs(120))
            .expect("the server answers within 120 s")
    }

    /// Waits for the response to request `id`.
    fn response(&mut self, id: i64) -> lsp_wire::Arrived {
        loop {
            let a = self.next();
            let m = &a.message;
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return a;
            }
        }
    }

    /// Waits for the diagnostics of `uri` at `version`: the message.
    fn diagnostics(&mut self, uri: &str, version: i64) -> lsp_wire::Arrived {
        loop {
            let a = self.next();
            let (m, p) = (&a.message, &a.message["params"]);
            if m["method"] == "textDocument/publishDiagnostics"
                && p["uri"] == uri
                && p["version"] == json!(version)
            {
                return a;
            }
        }
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn workspace() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tmc-lsp-latency-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir.canonicalize().expect("temp folder")
}

fn main() {
    if std::env::var_os("TMC_LATENCY_SERVE").is_some() {
        match tmc_lsp::run_stdio() {
            Ok(status) => std::process::exit(status.into()),
            Err(e) => {
                eprintln!("error: the language server stopped: {e}");
                std::process::exit(2);
            }
        }
    }
    if let Some(out) = std::env::var_os("TMC_LATENCY_WRITE") {
        // The generated model alone, to profile the compiler with it.
        std::fs::write(&out, model(0)).expect("write the model");
        return;
    }
    let edits: usize = std::env::var("TMC_LATENCY_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let dir = workspace();
    let path = dir.join("big.tm");
    let base = match std::env::var_os("TMC_LATENCY_MODEL") {
        Some(file) => std::fs::read_to_string(&file).expect("read TMC_LATENCY_MODEL"),
        None => model(0),
    };
    let text = edited(&base, 0);
    std::fs::write(&path, &text).expect("write the model");
    let uri = uri(&path);

    let mut server = Server::start();
    let findings = std::env::var("TMC_LATENCY_FINDINGS").map_or(true, |v| v != "0");
    let whole = std::env::var_os("TMC_LATENCY_WHOLE").is_some();
    server.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": format!("file://{}", dir.display()), "capabilities": {},
                   "initializationOptions": {"showFindings": findings}}}));
    server.response(1);
    server.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    let opened = Instant::now();
    server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "tm", "version": 1, "text": text}}}));
    let published = server.diagnostics(&uri, 1);
    let open_time = published.at - opened;
    let published = published.message;
    let first = published["params"]["diagnostics"]
        .as_array()
        .expect("a list of diagnostics");
    let errors: Vec<&Value> = first.iter().filter(|d| d["severity"] == 1).collect();
    assert!(
        errors.is_empty(),
        "the generated model compiles: {errors:?}"
    );
    let bytes = published.to_string().len();

    // A model without diagnostics (findings off) gets none published after
    // an edit: the server publishes only what changed.
    let quiet = first.is_empty();
    let mut times = Vec::with_capacity(edits);
    // How long the bench itself took to read each publish as JSON, after
    // its last byte arrived: the editor's work, left out of `times`.
    let mut parses = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let sent = Instant::now();
        server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [change(&base, i + 1, whole)]}}));
        if quiet {
            // Nothing to publish: a request, which waits for the compile
            // of the text sent (docs/lsp.md), marks the end.
            let id = 1000 + i as i64;
            server.send(
                json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}}),
            );
            let answer = server.response(id);
            times.push(answer.at - sent);
            continue;
        }
        let published = server.diagnostics(&uri, version);
        times.push(published.at - sent);
        parses.push(published.parse);
        // The server applied the change to the text it holds: the model
        // still compiles.
        let diagnostics = published.message["params"]["diagnostics"].as_array();
        let errors = diagnostics
            .into_iter()
            .flatten()
            .filter(|d| d["severity"] == 1);
        assert_eq!(errors.count(), 0, "edit {} breaks the model", i + 1);
        drop(published);
    }

    let memory = peak_memory(server.child.id());
    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    server.response(2);
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = server.child.wait();
    let _ = std::fs::remove_dir_all(&dir);

    times.sort();
    let lines = text.lines().count();
    match std::env::var_os("TMC_LATENCY_MODEL") {
        Some(file) => println!(
            "model: {} ({lines} lines, {} KB)",
            Path::new(&file).display(),
            text.len() / 1024
        ),
        None => println!(
            "model: {ELEMENTS} elements, {} boundaries, {DATA} data, {FLOWS} flows ({lines} lines, {} KB)",
            ZONES * (SUBZONES + 1),
            text.len() / 1024
        ),
    }
    println!(
        "findings shown: {findings}; {} diagnostics per publish ({} KB of JSON)",
        first.len(),
        bytes / 1024
    );
    println!("didOpen -> diagnostics: {}", ms(open_time));
    let until = match quiet {
        true => "the answer to a hover sent right after it",
        false => "diagnostics",
    };
    println!(
        "didChange -> {until} over {edits} edits: min {}  median {}  p95 {}  max {}",
        ms(times[0]),
        ms(percentile(&times, 50.0)),
        ms(percentile(&times, 95.0)),
        ms(times[times.len() - 1])
    );
    if !parses.is_empty() {
        parses.sort();
        println!(
            "then reading each publish as JSON (serde_json, in the bench, not counted above): median {}",
            ms(percentile(&parses, 50.0))
        );
    }
    if let Some(memory) = memory {
        println!("server peak memory (VmHWM): {memory}");
    }
}

/// The model of edit `n`: one comment line above it when `n` is even, two
/// when odd, so each edit moves every declaration by a line.
fn edited(model: &str, n: usize) -> String {
    format!("{}{model}", comments(n))
}

/// The comment lines of edit `n`.
fn comments(n: usize) -> String {
    format!("// edit {n}\n").repeat(1 + n % 2)
}

/// The change of edit `n` as an editor sends it: the comment lines of edit
/// `n - 1` replaced (incremental sync, which the server asks for), or the
/// whole text when `whole`.
fn change(model: &str, n: usize, whole: bool) -> Value {
    if whole {
        return json!({"text": edited(model, n)});
    }
    let before = 1 + (n - 1) % 2;
    json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": before, "character": 0}},
           "text": comments(n)})
}

/// The peak resident memory of process `pid`, as Linux reports it.
fn peak_memory(pid: u32) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line["VmHWM:".len()..].trim().to_string())
}
