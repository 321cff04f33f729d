//! `tmc mcp` as an AI assistant's client drives it: the server started as
//! a child process, spoken to over stdio with newline-delimited JSON-RPC
//! (initialize, notifications/initialized, tools/list, tools/call). The
//! script builds a model from nothing as an assistant would: it reads the
//! language reference and a kind's attributes, sends a model with a typo,
//! reads the did-you-mean from `check`, fixes it, and then lists the
//! threats, explains one, formats the text and draws the diagram.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// A running `tmc mcp` and the messages it has sent.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tmc"))
            .arg("mcp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("tmc mcp starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (send, messages) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let message = serde_json::from_str(&line).unwrap_or_else(|e| {
                    panic!("the server wrote a line that is not JSON ({e}): {line}")
                });
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let mut line = message.to_string();
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .expect("the server reads");
        self.stdin.flush().expect("the server reads");
    }

    /// Sends a request and waits for its response (skipping anything else).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers within 60 s");
            if message["id"] == id {
                assert!(message["error"].is_null(), "{method} failed: {message}");
                return message["result"].clone();
            }
        }
    }

    /// Calls a tool: (its text, its structured content, whether it is an error).
    fn call(&mut self, tool: &str, arguments: Value) -> (String, Value, bool) {
        let result = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        let text = result["content"][0]["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{tool} answered without text: {result}"))
            .to_string();
        let failed = result["isError"].as_bool().unwrap_or(false);
        (text, result["structuredContent"].clone(), failed)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the assistant writes first: `isHardened` misspelt.
const FIRST_DRAFT: &str = include_str!("fixtures/mcp/first-draft.tm");

#[test]
fn an_assistant_builds_a_model_from_nothing() {
    let mut client = Client::start();
    let init = client.request(
        "initialize",
        json!({
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "tmc-test", "version": "0"},
        }),
    );
    assert_eq!(init["serverInfo"]["name"], "tmc");
    assert!(init["capabilities"]["tools"].is_object(), "{init}");
    assert!(init["instructions"].as_str().unwrap().contains("check"));
    client.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    // Every tool is listed, each with a description and an input schema.
    let listed = client.request("tools/list", json!({}));
    let tools = listed["tools"].as_array().expect("a list of tools");
    let mut names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "check",
            "describe",
            "dfd",
            "explain",
            "fmt",
            "language_reference",
            "list_elements",
            "paths",
            "threats"
        ]
    );
    for tool in tools {
        assert!(
            tool["description"].as_str().is_some_and(|d| d.len() > 40),
            "{tool}"
        );
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
    }
    let check_tool = tools.iter().find(|t| t["name"] == "check").unwrap();
    assert!(
        check_tool["inputSchema"]["properties"]["model"].is_object(),
        "{check_tool}"
    );

    // It learns the language and the attributes of a kind.
    let (reference, _, failed) = client.call("language_reference", json!({}));
    assert!(!failed);
    assert!(reference.contains("boundary") && reference.contains("flow"));
    let (kinds, _, _) = client.call("list_elements", json!({}));
    assert!(kinds.contains("Datastore"), "{kinds}");
    let (_, server, failed) = client.call("describe", json!({"name": "Server"}));
    assert!(!failed);
    assert_eq!(server["what"], "kind");

    // The first draft has a typo: check says where, and what was meant.
    let (text, report, failed) = client.call("check", json!({"model": FIRST_DRAFT}));
    assert!(failed, "{text}");
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 1, "{text}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["location"]["line"], 10, "{d}");
    assert!(d["message"].as_str().unwrap().contains("isHardend"), "{d}");
    let hint = d["notes"].to_string();
    assert!(
        hint.contains("did you mean") && hint.contains("isHardened"),
        "{hint}"
    );

    // Fixed as the hint says: ok, with the model's size.
    let model = FIRST_DRAFT.replace("isHardend", "isHardened");
    let (text, report, failed) = client.call("check", json!({"model": model}));
    assert!(!failed, "{text}");
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["summary"],
        "3 elements, 2 flows, 1 boundary, 1 data item"
    );

    // Its threats, and why the first fired.
    let (text, found, failed) = client.call("threats", json!({"model": model, "limit": 5}));
    assert!(!failed, "{text}");
    assert!(found["total"].as_u64().unwrap() > 0, "{text}");
    let first = &found["findings"][0];
    for key in [
        "id",
        "threat",
        "title",
        "severity",
        "target",
        "status",
        "mitigation",
    ] {
        assert!(first[key].is_string(), "{key} in {first}");
    }
    let (why, _, failed) = client.call(
        "explain",
        json!({"model": model, "threat": first["threat"], "element": first["target"]}),
    );
    assert!(!failed, "{why}");
    assert!(why.contains(first["threat"].as_str().unwrap()), "{why}");

    // Laid out canonically before it is saved.
    let messy = model.replace(
        "Actor customer \"Customer\" in internet",
        "Actor   customer  \"Customer\"   in internet",
    );
    let (formatted, _, failed) = client.call("fmt", json!({"text": messy}));
    assert!(!failed, "{formatted}");
    assert!(
        formatted.contains("Actor customer \"Customer\" in internet"),
        "{formatted}"
    );
    let (again, _, _) = client.call("fmt", json!({"text": formatted}));
    assert_eq!(again, formatted, "formatting is stable");

    // And drawn.
    let (diagram, _, failed) = client.call("dfd", json!({"model": model}));
    assert!(!failed, "{diagram}");
    assert!(diagram.contains("flowchart"), "{diagram}");
    assert!(diagram.contains("Orders database"), "{diagram}");
    let (svg, _, _) = client.call("dfd", json!({"model": model, "format": "svg"}));
    assert!(svg.contains("<svg"), "{svg}");

    // Who on the internet reaches the orders, and through what.
    let (routes, _, failed) = client.call(
        "paths",
        json!({"model": model, "from": "customer", "to": "db"}),
    );
    assert!(!failed, "{routes}");
    assert!(
        routes.contains("customer -> web -> db (2 hops)"),
        "{routes}"
    );
    assert!(routes.contains("weakest"), "{routes}");
}

#[test]
fn a_model_with_errors_gets_its_errors_from_every_tool() {
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}),
    );
    client.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    let with_ends = |model: &str| json!({"model": model, "from": "customer", "to": "db"});
    for (tool, args) in [
        ("threats", json!({"model": FIRST_DRAFT})),
        ("dfd", json!({"model": FIRST_DRAFT})),
        ("paths", with_ends(FIRST_DRAFT)),
    ] {
        let (text, report, failed) = client.call(tool, args);
        assert!(failed, "{tool}: {text}");
        assert_eq!(report["errors"], 1, "{tool}: {text}");
    }
    let (text, _, failed) = client.call("fmt", json!({"text": "model \"M\" {\n"}));
    assert!(failed, "{text}");
    assert!(text.contains("\"line\""), "{text}");
}

#[test]
fn the_server_ends_when_the_client_closes_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tmc mcp starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}});
    writeln!(stdin, "{init}").expect("the server reads");
    drop(stdin);
    for _ in 0..200 {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            assert!(status.success(), "{status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("tmc mcp still runs 10 s after its stdin closed");
}
