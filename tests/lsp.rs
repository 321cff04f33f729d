//! The language server as an editor drives it: `tmc lsp` started as a
//! child process, spoken to over stdio with JSON-RPC (Content-Length
//! framing), answers asserted.

#[path = "support/lsp_wire.rs"]
mod lsp_wire;

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for responses.
    notifications: Vec<Value>,
}

impl Server {
    fn start() -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tmc"));
        command.arg("lsp").stderr(Stdio::null());
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
            notifications: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        lsp_wire::write_message(&mut self.stdin, &message).expect("the server reads");
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        // `shutdown` and `exit` take no params: leave the member out.
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(message);
        loop {
            let m = self.next();
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                assert!(m.get("error").is_none(), "{method} failed: {m}");
                return m["result"].clone();
            }
            self.notifications.push(m);
        }
    }

    /// The error a request is answered with.
    fn request_error(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.next();
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m
                    .get("error")
                    .cloned()
                    .unwrap_or_else(|| panic!("{method} succeeded: {m}"));
            }
            self.notifications.push(m);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(message);
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.notifications.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            let n = self.notifications.remove(i);
            return n["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.next();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notifications.push(m);
        }
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(
            status.success(),
            "the server exits cleanly after shutdown/exit"
        );
    }
}

/// A scratch folder, removed when the guard is dropped, and its real path.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let guard = tempfile::tempdir().expect("a scratch folder");
    let dir = guard.path().canonicalize().unwrap();
    (guard, dir)
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

const MODEL: &str = r#"model "Shop" {
  description = "A shop."
}

boundary dmz "DMZ"

Actor customer "Customer"
Server web "Web" in dmz {
  controls {
    sanitizesInput = true
  }
}
Datastore db "Orders" in dmz { type = SQL }

flow customer -> web "Order"
flow web -> db "Store"
"#;

fn initialize(server: &mut Server, root: &Path) -> Value {
    let result = server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(root), "capabilities": {}}),
    );
    server.notify("initialized", json!({}));
    result
}

/// A server initialized on a scratch folder (removed with the guard), and
/// the path of `shop.tm` there (`open` writes it).
fn on_a_shop() -> (tempfile::TempDir, PathBuf, Server) {
    let (guard, dir) = workspace();
    let mut server = Server::start();
    initialize(&mut server, &dir);
    (guard, dir.join("shop.tm"), server)
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

/// The (line, character) of the first occurrence of `needle` (plus `extra` characters).
fn position_of(text: &str, needle: &str, extra: usize) -> Value {
    let offset = text.find(needle).expect("needle in text") + extra;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let character = before.rsplit('\n').next().unwrap().encode_utf16().count();
    json!({"line": line, "character": character})
}

fn labels(items: &Value) -> Vec<String> {
    let list = items.get("items").unwrap_or(items);
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn initialize_announces_the_features() {
    let (_guard, dir) = workspace();
    let mut server = Server::start();
    let caps = initialize(&mut server, &dir)["capabilities"].clone();
    for feature in [
        "completionProvider",
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "documentFormattingProvider",
        "codeActionProvider",
        "codeLensProvider",
        "foldingRangeProvider",
        "documentLinkProvider",
        "inlayHintProvider",
        "semanticTokensProvider",
        "signatureHelpProvider",
        "workspace",
    ] {
        assert!(caps.get(feature).is_some(), "missing {feature}: {caps}");
    }
    server.shutdown();
}

#[test]
fn diagnostics_follow_the_edits_and_findings_are_shown() {
    let (_guard, path, mut server) = on_a_shop();
    let broken = MODEL.replace("type = SQL", "type = SQLL");
    open(&mut server, &path, &broken);
    let diags = server.diagnostics_for(&uri(&path));
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == 1).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    assert_eq!(errors[0]["code"], "unknown-enum-member");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `SQL`?"));
    assert_eq!(errors[0]["range"]["start"], position_of(&broken, "SQLL", 0));

    change(&mut server, &path, 2, MODEL);
    let diags = server.diagnostics_for(&uri(&path));
    assert!(diags.iter().all(|d| d["severity"] != 1), "{diags:?}");
    let findings: Vec<&Value> = diags
        .iter()
        .filter(|d| d["source"] == "tmc threats")
        .collect();
    assert!(!findings.is_empty(), "findings are published: {diags:?}");
    assert!(
        findings.iter().any(|d| d["code"] == "INP05"),
        "{findings:?}"
    );
    server.shutdown();
}

#[test]
fn ranged_changes_are_applied_to_the_text_held() {
    // The server asks for incremental sync: an editor sends each change
    // as a range replaced, in UTF-16 positions of the text before it.
    let (_guard, dir) = workspace();
    let mut server = Server::start();
    let caps = initialize(&mut server, &dir)["capabilities"].clone();
    assert_eq!(caps["textDocumentSync"], 2, "incremental: {caps}");
    let path = dir.join("shop.tm");
    let text = format!("// café ☕ shop\n{MODEL}");
    open(&mut server, &path, &text);
    server.diagnostics_for(&uri(&path));
    // `SQL` becomes `SQLL`: an insertion after a line with characters of
    // two and three bytes (one UTF-16 unit each).
    let at = position_of(&text, "type = SQL", "type = SQL".len());
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&path), "version": 2},
               "contentChanges": [{"range": {"start": at, "end": at}, "text": "L"}]}),
    );
    let broken = text.replacen("type = SQL", "type = SQLL", 1);
    let diags = server.diagnostics_for(&uri(&path));
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == 1).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    assert_eq!(errors[0]["range"]["start"], position_of(&broken, "SQLL", 0));
    // Then the comment line goes (a range across a line break) and the
    // extra `L` with it, in one notification.
    let end = position_of(&broken, "SQLL", 4);
    let start = position_of(&broken, "SQLL", 3);
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&path), "version": 3},
               "contentChanges": [
                   {"range": {"start": start, "end": end}, "text": ""},
                   {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}, "text": ""}]}),
    );
    let diags = server.diagnostics_for(&uri(&path));
    assert!(diags.iter().all(|d| d["severity"] != 1), "{diags:?}");
    // What the server holds is the model as written: a hover on `db`
    // there is a hover on `db`.
    let found = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": position_of(MODEL, "Datastore db", 10)}),
    );
    assert!(found.to_string().contains("Orders"), "{found}");
    server.shutdown();
}

#[test]
fn findings_can_be_turned_off() {
    let (_guard, dir) = workspace();
    let path = dir.join("shop.tm");
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": {}, "initializationOptions": {"showFindings": false}}),
    );
    server.notify("initialized", json!({}));
    open(&mut server, &path, MODEL);
    assert_eq!(server.diagnostics_for(&uri(&path)), Vec::<Value>::new());
    // No finding shown, none explained on hover.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": position_of(MODEL, "web \"Web\"", 1)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**Web** `web` (Server)"), "{text}");
    assert!(!text.contains("verdict"), "{text}");
    server.shutdown();
}

#[test]
fn hovering_a_finding_explains_it() {
    let (_guard, path, mut server) = on_a_shop();
    open(&mut server, &path, MODEL);
    let diags = server.diagnostics_for(&uri(&path));
    let finding = diags
        .iter()
        .find(|d| d["code"] == "INP05")
        .expect("INP05 is found on web");
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": finding["range"]["start"]}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    // The element's summary first, then why each of its findings fired,
    // as `tmc explain` prints it, in a code block.
    assert!(text.starts_with("**Web** `web` (Server)"), "{text}");
    let why = text.find("**Why ").expect("explanations follow");
    assert!(why > text.find("findings, worst").unwrap(), "{text}");
    assert!(
        text.contains("```text\nINP05 \"SQL injection\" on `web` (Server \"Web\")\n"),
        "{text}"
    );
    assert!(
        text.contains("    not target.controls.usesParameterizedInput  -> true   (target.controls.usesParameterizedInput = false)\n    count(target.inputs) > 0  -> true   (count(target.inputs) = 1)\n"),
        "{text}"
    );
    assert!(
        text.contains("verdict: fired and reported, severity Very High, likelihood High"),
        "{text}"
    );
    // Elsewhere than on a declaration with findings: the summary only.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": position_of(MODEL, "in dmz {", 4)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(!text.contains("verdict"), "{text}");
    server.shutdown();
}

/// The completion item labelled `label`.
fn item<'a>(items: &'a Value, label: &str) -> &'a Value {
    items
        .as_array()
        .and_then(|all| all.iter().find(|i| i["label"] == label))
        .unwrap_or_else(|| panic!("no item {label} in {items}"))
}

#[test]
fn attribute_completions_are_snippets_for_a_client_that_takes_them() {
    let (_guard, dir) = workspace();
    let path = dir.join("shop.tm");
    let mut server = Server::start();
    let snippets =
        json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}});
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": snippets}),
    );
    server.notify("initialized", json!({}));
    let typing = MODEL.replace(
        "Datastore db \"Orders\" in dmz { type = SQL }",
        "Datastore db \"Orders\" in dmz {\n  isS\n}",
    );
    open(&mut server, &path, &typing);
    server.diagnostics_for(&uri(&path));
    let doc = json!({"uri": uri(&path)});
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position_of(&typing, "  isS", 5)}),
    );
    let sql = item(&items, "isSQL");
    assert_eq!(sql["insertText"], "isSQL = $0", "{sql}");
    assert_eq!(sql["insertTextFormat"], 2, "snippet format: {sql}");
    assert_eq!(item(&items, "controls")["insertText"], "controls { $0 }");

    // Before an existing `name = value`, only the name.
    change(&mut server, &path, 2, MODEL);
    server.diagnostics_for(&uri(&path));
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position_of(MODEL, "sanitizesInput", 0)}),
    );
    let validates = item(&items, "validatesInput");
    assert!(validates.get("insertText").is_none(), "{validates}");
    server.shutdown();
}

#[test]
fn the_diagram_request_draws_the_model_and_says_where_each_object_is() {
    let (_guard, dir) = workspace();
    let path = dir.join("shop.tm");
    let mut server = Server::start();
    initialize(&mut server, &dir);
    open(&mut server, &path, MODEL);
    server.diagnostics_for(&uri(&path));
    let doc = json!({"uri": uri(&path)});
    let d = server.request("tmc/diagram", json!({"textDocument": doc, "format": "svg"}));
    let svg = d["svg"].as_str().expect("the SVG text");
    assert!(svg.starts_with("<?xml") && svg.contains("<svg "), "{svg}");
    for id in [
        "tmc-element-customer",
        "tmc-element-web",
        "tmc-element-db",
        "tmc-boundary-dmz",
    ] {
        assert!(svg.contains(&format!("id=\"{id}\"")), "no {id} in {svg}");
    }
    let db = &d["locations"]["db"];
    assert_eq!(db["uri"], uri(&path));
    assert_eq!(db["range"]["start"], position_of(MODEL, "db \"Orders\"", 0));
    assert_eq!(
        d["locations"]["web->db"]["range"]["start"],
        position_of(MODEL, "web -> db", 0)
    );

    // After an edit, the new model.
    let more = format!("{MODEL}Server api \"API\"\nflow web -> api \"Call\"\n");
    change(&mut server, &path, 2, &more);
    server.diagnostics_for(&uri(&path));
    let d = server.request("tmc/diagram", json!({"textDocument": doc, "format": "svg"}));
    assert!(d["svg"]
        .as_str()
        .unwrap()
        .contains("id=\"tmc-element-api\""));

    // Only SVG is drawn; a document never opened has no diagram.
    let error = server.request_error("tmc/diagram", json!({"textDocument": doc, "format": "png"}));
    assert_eq!(error["code"], -32602, "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("svg"),
        "{error}"
    );
    let other = json!({"uri": uri(&dir.join("other.tm"))});
    let none = server.request(
        "tmc/diagram",
        json!({"textDocument": other, "format": "svg"}),
    );
    assert!(none.is_null(), "{none}");
    server.shutdown();
}

#[test]
fn completion_hover_definition_references_rename() {
    let (_guard, path, mut server) = on_a_shop();
    open(&mut server, &path, MODEL);
    server.diagnostics_for(&uri(&path));
    let doc = json!({"uri": uri(&path)});

    // Attribute names of the kind being written, while the text is broken.
    let typing = MODEL.replace(
        "Datastore db \"Orders\" in dmz { type = SQL }",
        "Datastore db \"Orders\" in dmz { isS",
    );
    change(&mut server, &path, 2, &typing);
    server.diagnostics_for(&uri(&path));
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position_of(&typing, "{ isS", 5)}),
    );
    let names = labels(&items);
    assert!(
        names.contains(&"isSQL".to_string()) && names.contains(&"isShared".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"inputs".to_string()),
        "derived attributes are not offered"
    );
    // This client takes no snippets: the name alone.
    assert!(item(&items, "isSQL").get("insertText").is_none());

    change(&mut server, &path, 3, MODEL);
    server.diagnostics_for(&uri(&path));
    // Controls inside a `controls` block.
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position_of(MODEL, "sanitizesInput", 3)}),
    );
    assert!(labels(&items).contains(&"validatesInput".to_string()));
    // Enum members after `type =`.
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position_of(MODEL, "type = SQL", 7)}),
    );
    assert!(labels(&items).contains(&"LDAP".to_string()));
    // Elements after `->`.
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position_of(MODEL, "-> web", 3)}),
    );
    let names = labels(&items);
    assert!(
        names.contains(&"db".to_string()) && !names.contains(&"dmz".to_string()),
        "{names:?}"
    );

    // Hover over a kind, an attribute, an element.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": position_of(MODEL, "Datastore", 2)}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("kind Datastore"),
        "{hover}"
    );
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": position_of(MODEL, "sanitizesInput", 2)}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("sanitizesInput: bool"),
        "{hover}"
    );
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": position_of(MODEL, "-> web", 4)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("**Web** `web` (Server)") && text.contains("findings"),
        "{text}"
    );

    // Definition of a flow end, references, rename.
    let def = server.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": position_of(MODEL, "-> db", 3)}),
    );
    assert_eq!(
        def["range"]["start"],
        position_of(MODEL, "db \"Orders\"", 0)
    );
    let refs = server.request(
        "textDocument/references",
        json!({"textDocument": doc, "position": position_of(MODEL, "web \"Web\"", 0), "context": {"includeDeclaration": true}}),
    );
    assert_eq!(refs.as_array().unwrap().len(), 3, "{refs}");
    let edit = server.request(
        "textDocument/rename",
        json!({"textDocument": doc, "position": position_of(MODEL, "dmz \"DMZ\"", 0), "newName": "perimeter"}),
    );
    let edits = edit["changes"][uri(&path)].as_array().unwrap();
    assert_eq!(edits.len(), 3, "{edit}");
    assert!(edits.iter().all(|e| e["newText"] == "perimeter"));

    // Symbols.
    let symbols = server.request("textDocument/documentSymbol", json!({"textDocument": doc}));
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"web") && names.contains(&"dmz") && names.contains(&"customer->web"),
        "{names:?}"
    );
    let found = server.request("workspace/symbol", json!({"query": "ord"}));
    assert!(
        found.as_array().unwrap().iter().any(|s| s["name"] == "db"),
        "{found}"
    );
    server.shutdown();
}

#[test]
fn formatting_returns_the_canonical_text() {
    let (_guard, dir) = workspace();
    let path = dir.join("shop.tm");
    let messy = "model   \"Shop\" { description = \"A shop.\" }\nServer   web \"Web\"\n";
    let mut server = Server::start();
    initialize(&mut server, &dir);
    open(&mut server, &path, messy);
    server.diagnostics_for(&uri(&path));
    let edits = server.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri(&path)}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1);
    let formatted = edits[0]["newText"].as_str().unwrap();
    assert!(formatted.contains("Server web \"Web\""), "{formatted}");
    assert!(!formatted.contains("   "), "{formatted}");
    server.shutdown();
}

#[test]
fn a_finding_diagnostic_has_quick_fixes_that_triage_it() {
    let (_guard, path, mut server) = on_a_shop();
    open(&mut server, &path, MODEL);
    let diags = server.diagnostics_for(&uri(&path));
    let finding = diags
        .iter()
        .find(|d| d["code"] == "INP05")
        .expect("INP05 is found on web")
        .clone();
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&path)},
            "range": finding["range"],
            "context": {"diagnostics": [finding]},
        }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .expect("a list of actions")
        .iter()
        .filter_map(|a| a["title"].as_str())
        .filter(|t| t.starts_with("Triage INP05@web: "))
        .collect();
    assert_eq!(
        titles,
        [
            "Triage INP05@web: accept",
            "Triage INP05@web: mark mitigated",
            "Triage INP05@web: mark false positive",
            "Triage INP05@web: needs investigation",
        ]
    );
    let accept = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Triage INP05@web: accept")
        .unwrap();
    assert_eq!(accept["kind"], "quickfix");
    assert_eq!(accept["diagnostics"][0]["code"], "INP05");
    let edits = &accept["edit"]["changes"][uri(&path)];
    let text = edits[0]["newText"].as_str().expect("an edit of this file");
    assert!(text.contains("Triage triage_INP05_web {\n  threat_id = \"INP05\"\n  on = [web]\n  status = ACCEPTED\n  justification = \"TODO: why this holds\"\n  decided = \""), "{text}");
    server.shutdown();
}

#[test]
fn requests_sent_right_after_open_answer_for_that_text() {
    let (_guard, path, mut server) = on_a_shop();
    let doc = json!({"uri": uri(&path)});
    // No waiting for diagnostics: each request follows didOpen at once.
    open(&mut server, &path, MODEL);
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": position_of(MODEL, "web \"Web\"", 1)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.starts_with("**Web** `web` (Server)"), "{hover}");
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position_of(MODEL, "-> web", 3)}),
    );
    assert!(labels(&items).contains(&"db".to_string()), "{items}");
    let found = server.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": position_of(MODEL, "-> db", 4)}),
    );
    assert_eq!(
        found["range"]["start"],
        position_of(MODEL, "db \"Orders\"", 0),
        "{found}"
    );
    server.shutdown();
}

#[test]
fn a_definition_right_after_a_rename_answers_for_the_new_text() {
    let (_guard, path, mut server) = on_a_shop();
    let doc = json!({"uri": uri(&path)});
    open(&mut server, &path, MODEL);
    server.diagnostics_for(&uri(&path));
    // `db` becomes `orders`, and moves down a line: the old compilation
    // knows no `orders`, and has `db` elsewhere.
    let renamed = MODEL
        .replace("Datastore db", "\nDatastore orders")
        .replace("-> db", "-> orders");
    change(&mut server, &path, 2, &renamed);
    let found = server.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": position_of(&renamed, "-> orders", 4)}),
    );
    assert_eq!(
        found["range"]["start"],
        position_of(&renamed, "orders \"Orders\"", 0),
        "{found}"
    );
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": position_of(&renamed, "-> orders", 4)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("`orders`"), "{hover}");
    server.shutdown();
}

/// The findings' diagnostics on the identifier of `web`.
fn on_web(diags: &[Value]) -> Vec<&Value> {
    let at = position_of(MODEL, "web \"Web\"", 0);
    diags
        .iter()
        .filter(|d| d["source"] == "tmc threats" && d["range"]["start"] == at)
        .collect()
}

#[test]
fn findings_per_element_is_a_setting() {
    let (_guard, dir) = workspace();
    let path = dir.join("shop.tm");
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": {}, "initializationOptions": {"maxFindingsPerElement": 1}}),
    );
    server.notify("initialized", json!({}));
    open(&mut server, &path, MODEL);
    let diags = server.diagnostics_for(&uri(&path));
    let web = on_web(&diags);
    assert_eq!(web.len(), 2, "one finding and the summary: {web:?}");
    assert_eq!(web[1]["code"], "more-findings");
    let summary = web[1]["message"].as_str().unwrap();
    assert!(summary.starts_with("and "), "{summary}");
    assert!(
        summary.ends_with("hover the element for all of them"),
        "{summary}"
    );

    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"tmc": {"maxFindingsPerElement": 100}}}),
    );
    let diags = server.diagnostics_for(&uri(&path));
    let web = on_web(&diags);
    assert!(web.len() > 2, "{web:?}");
    assert!(web.iter().all(|d| d["code"] != "more-findings"), "{web:?}");
    server.shutdown();
}

#[test]
fn an_edit_that_changes_no_diagnostic_publishes_nothing() {
    let (_guard, path, mut server) = on_a_shop();
    open(&mut server, &path, MODEL);
    server.diagnostics_for(&uri(&path));
    // A comment at the end moves no diagnostic.
    change(&mut server, &path, 2, &format!("{MODEL}// the end\n"));
    // The hover waits for that compile, which publishes before it
    // answers; then a moment for anything in flight.
    server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": position_of(MODEL, "web \"Web\"", 1)}),
    );
    std::thread::sleep(Duration::from_millis(300));
    while let Ok(m) = server.messages.try_recv() {
        server.notifications.push(m);
    }
    let published: Vec<&Value> = server
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(published.is_empty(), "{published:?}");
    // An edit that does change them is published.
    let broken = MODEL.replace("type = SQL", "type = SQLL");
    change(&mut server, &path, 3, &broken);
    let diags = server.diagnostics_for(&uri(&path));
    assert!(diags.iter().any(|d| d["severity"] == 1), "{diags:?}");
    server.shutdown();
}

#[test]
fn semantic_tokens_decode_with_the_advertised_legend() {
    let (_guard, dir) = workspace();
    let path = dir.join("shop.tm");
    let mut server = Server::start();
    let caps = initialize(&mut server, &dir)["capabilities"].clone();
    let legend = &caps["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let modifiers: Vec<&str> = legend["tokenModifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(
        caps["semanticTokensProvider"]["range"],
        json!(true),
        "{caps}"
    );
    open(&mut server, &path, MODEL);
    // The names come from a compilation: wait for the first one (a slow,
    // busy machine may take longer than a request waits for it).
    server.diagnostics_for(&uri(&path));
    let doc = json!({"uri": uri(&path)});
    let answer = server.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": doc}),
    );
    // Decode the relative positions back into (line, column, text, type, modifiers).
    let data: Vec<u64> = answer["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0, "{answer}");
    let lines: Vec<&str> = MODEL.lines().collect();
    let (mut line, mut column) = (0usize, 0usize);
    let mut decoded = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            column = 0;
        }
        line += t[0] as usize;
        column += t[1] as usize;
        let word = &lines[line][column..column + t[2] as usize];
        let mods: Vec<&str> = (0..modifiers.len())
            .filter(|b| t[4] & (1 << b) != 0)
            .map(|b| modifiers[b])
            .collect();
        decoded.push(format!(
            "{word} {} {}",
            types[t[3] as usize],
            mods.join(",")
        ));
    }
    for expected in [
        "Server type defaultLibrary",
        "web variable declaration",
        "dmz variable ",
        "sanitizesInput property defaultLibrary",
        "SQL enumMember defaultLibrary",
    ] {
        assert!(
            decoded.iter().any(|d| d == expected),
            "no {expected:?} in {decoded:?}"
        );
    }
    // A range gives the tokens of its lines only.
    let range = json!({"start": {"line": 7, "character": 0}, "end": {"line": 8, "character": 0}});
    let answer = server.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": doc, "range": range}),
    );
    let data = answer["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(data[0], json!(7), "{answer}");
    server.shutdown();
}

#[test]
fn signature_help_in_a_predicate_call_of_a_rules_file() {
    let (_guard, dir) = workspace();
    let model = dir.join("shop.tm");
    let rules = dir.join("rules.tm");
    let mut server = Server::start();
    let caps = initialize(&mut server, &dir)["capabilities"].clone();
    let triggers = &caps["signatureHelpProvider"]["triggerCharacters"];
    assert_eq!(*triggers, json!(["(", ","]), "{caps}");
    let main = MODEL.replace(
        "description = \"A shop.\"",
        "description = \"A shop.\"\n  threatsFile = \"rules.tm\"",
    );
    std::fs::write(&model, &main).unwrap();
    let text = "threat R1 \"Web in the DMZ\" {\n  targets = [Server]\n  severity = Low\n  details = \"d\"\n  when = inside(target, dmz)\n}\n";
    open(&mut server, &model, &main);
    open(&mut server, &rules, text);
    server.diagnostics_for(&uri(&rules));
    let help = server.request(
        "textDocument/signatureHelp",
        json!({"textDocument": {"uri": uri(&rules)}, "position": position_of(text, ", dmz", 2)}),
    );
    let signature = &help["signatures"][0];
    assert_eq!(
        signature["label"],
        json!("inside(e: Element, b: Boundary)"),
        "{help}"
    );
    assert_eq!(
        signature["parameters"][1]["label"],
        json!([19, 30]),
        "{help}"
    );
    assert_eq!(help["activeParameter"], json!(1), "{help}");
    let doc = signature["documentation"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(doc.contains("directly"), "{help}");
    server.shutdown();
}

/// A workspace of two models, `shop.tm` importing `parts/db.tm` (which
/// misspells an attribute) and `blog.tm`, none of them opened.
fn two_models(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let shop = dir.join("shop.tm");
    let part = dir.join("parts").join("db.tm");
    let blog = dir.join("blog.tm");
    std::fs::create_dir_all(part.parent().unwrap()).unwrap();
    std::fs::write(
        &shop,
        "model \"Shop\" { description = \"A shop.\" }\nimport \"parts/db.tm\"\n\nActor user \"User\"\nflow user -> db \"Query\"\n",
    )
    .unwrap();
    std::fs::write(&part, "Datastore db \"Orders\" { tpye = SQL }\n").unwrap();
    std::fs::write(
        &blog,
        "model \"Blog\" { description = \"A blog.\" }\n\nActor reader \"Reader\"\n",
    )
    .unwrap();
    // Hidden folders and build output are not looked in.
    std::fs::create_dir_all(dir.join("target")).unwrap();
    std::fs::write(dir.join("target").join("old.tm"), "model \"Old\" {\n").unwrap();
    (shop, part, blog)
}

/// Starts a server on `dir` as a workspace folder, with `options`.
fn start_on(dir: &Path, options: Value) -> Server {
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(dir), "capabilities": {},
               "workspaceFolders": [{"uri": uri(dir), "name": "w"}],
               "initializationOptions": options}),
    );
    server.notify("initialized", json!({}));
    server
}

/// The compiler's own diagnostics (findings left out).
fn compiler_errors(diags: &[Value]) -> Vec<&Value> {
    diags.iter().filter(|d| d["source"] == "tmc").collect()
}

#[test]
fn workspace_diagnostics_cover_files_never_opened() {
    let (_guard, dir) = workspace();
    let (shop, part, blog) = two_models(&dir);
    let mut server = start_on(&dir, json!({"workspaceDiagnostics": true}));
    let on_part = server.diagnostics_for(&uri(&part));
    let errors = compiler_errors(&on_part);
    assert_eq!(errors.len(), 1, "{on_part:?}");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("tpye"),
        "{errors:?}"
    );
    // The importing model and the other one are published too.
    server.diagnostics_for(&uri(&shop));
    let on_blog = server.diagnostics_for(&uri(&blog));
    assert!(compiler_errors(&on_blog).is_empty(), "{on_blog:?}");
    // A request answers after the walk: nothing was published for the
    // file under target/.
    server.request("workspace/symbol", json!({"query": ""}));
    let old = uri(&dir.join("target").join("old.tm"));
    assert!(
        !server
            .notifications
            .iter()
            .any(|n| n["params"]["uri"] == old),
        "target/ is not looked in"
    );

    // The part file rewritten on disk (a checkout): the change is told,
    // and its diagnostics follow.
    std::fs::write(&part, "Datastore db \"Orders\" { type = SQL }\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&part), "type": 2}]}),
    );
    let fixed = server.diagnostics_for(&uri(&part));
    assert!(compiler_errors(&fixed).is_empty(), "{fixed:?}");

    // The other model deleted: its diagnostics are cleared.
    std::fs::write(&blog, "model \"Blog\" {\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&blog), "type": 2}]}),
    );
    assert!(!compiler_errors(&server.diagnostics_for(&uri(&blog))).is_empty());
    std::fs::remove_file(&blog).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&blog), "type": 3}]}),
    );
    assert!(server.diagnostics_for(&uri(&blog)).is_empty());

    // A model file created (a checkout of another branch): compiled.
    let new = dir.join("new.tm");
    std::fs::write(&new, "model \"New\" {\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&new), "type": 1}]}),
    );
    assert!(!compiler_errors(&server.diagnostics_for(&uri(&new))).is_empty());
    server.shutdown();
}

#[test]
fn without_the_setting_files_never_opened_get_no_diagnostics() {
    let (_guard, dir) = workspace();
    let (shop, part, blog) = two_models(&dir);
    let mut server = start_on(&dir, json!({}));
    // A file changed on disk that no compilation read: nothing either.
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&part), "type": 2}]}),
    );
    // Opening another file publishes its diagnostics: whatever came
    // before is in `notifications` by then.
    let other = dir.join("other.tm");
    open(&mut server, &other, MODEL);
    server.diagnostics_for(&uri(&other));
    server.request("workspace/symbol", json!({"query": ""}));
    let published: Vec<&Value> = server
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics")
        .collect();
    for file in [&shop, &part, &blog] {
        assert!(
            !published.iter().any(|n| n["params"]["uri"] == uri(file)),
            "{} was published: {published:?}",
            file.display()
        );
    }
    server.shutdown();
}

#[test]
fn a_file_changed_on_disk_recompiles_the_open_model_that_imports_it() {
    let (_guard, dir) = workspace();
    let (shop, part, _) = two_models(&dir);
    let mut server = start_on(&dir, json!({}));
    let text = std::fs::read_to_string(&shop).unwrap();
    open(&mut server, &shop, &text);
    server.diagnostics_for(&uri(&shop));
    assert_eq!(
        compiler_errors(&server.diagnostics_for(&uri(&part))).len(),
        1
    );
    std::fs::write(&part, "Datastore db \"Orders\" { type = SQL }\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&part), "type": 2}]}),
    );
    assert!(compiler_errors(&server.diagnostics_for(&uri(&part))).is_empty());
    // The model compiles now: its findings are published.
    assert!(!server.diagnostics_for(&uri(&shop)).is_empty());
    // Deleted: its diagnostics are cleared, and the import is an error.
    std::fs::remove_file(&part).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&part), "type": 3}]}),
    );
    let on_shop = server.diagnostics_for(&uri(&shop));
    assert!(
        compiler_errors(&on_shop)
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("db.tm")),
        "{on_shop:?}"
    );
    assert!(server.diagnostics_for(&uri(&part)).is_empty());
    server.shutdown();
}

#[test]
fn a_deleted_folder_clears_the_models_in_it() {
    let (_guard, dir) = workspace();
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let (shop, part, _) = two_models(&sub);
    let mut server = start_on(&dir, json!({"workspaceDiagnostics": true}));
    assert_eq!(
        compiler_errors(&server.diagnostics_for(&uri(&part))).len(),
        1
    );
    server.diagnostics_for(&uri(&shop));
    std::fs::remove_dir_all(&sub).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&sub), "type": 3}]}),
    );
    assert!(server.diagnostics_for(&uri(&part)).is_empty());
    server.shutdown();
}

#[test]
fn workspace_folders_added_and_removed_are_compiled_and_cleared() {
    let (_guard, dir) = workspace();
    let (first, second) = (dir.join("first"), dir.join("second"));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    let (_, part, _) = two_models(&second);
    let mut server = start_on(&first, json!({"workspaceDiagnostics": true}));
    let folder = |path: &Path| json!([{"uri": uri(path), "name": "second"}]);
    server.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": folder(&second), "removed": []}}),
    );
    assert_eq!(
        compiler_errors(&server.diagnostics_for(&uri(&part))).len(),
        1
    );
    server.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": folder(&second)}}),
    );
    assert!(server.diagnostics_for(&uri(&part)).is_empty());
    server.shutdown();
}

#[test]
fn workspace_diagnostics_follow_the_setting_when_it_changes() {
    let (_guard, dir) = workspace();
    let (_, part, blog) = two_models(&dir);
    let mut server = start_on(&dir, json!({}));
    let on = json!({"settings": {"tmc": {"workspaceDiagnostics": true}}});
    server.notify("workspace/didChangeConfiguration", on);
    assert_eq!(
        compiler_errors(&server.diagnostics_for(&uri(&part))).len(),
        1
    );
    assert!(compiler_errors(&server.diagnostics_for(&uri(&blog))).is_empty());
    // Off: what no open file belongs to is cleared.
    let off = json!({"settings": {"tmc": {"workspaceDiagnostics": false}}});
    server.notify("workspace/didChangeConfiguration", off);
    assert!(server.diagnostics_for(&uri(&part)).is_empty());
    server.shutdown();
}

#[test]
fn a_client_that_can_is_asked_to_watch_the_tm_files() {
    let (_guard, dir) = workspace();
    let mut server = Server::start();
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": capabilities}),
    );
    server.notify("initialized", json!({}));
    let asked = loop {
        let m = server.next();
        if m["method"] == "client/registerCapability" {
            break m;
        }
        server.notifications.push(m);
    };
    let registration = &asked["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.tm"
    );
    server.send(json!({"jsonrpc": "2.0", "id": asked["id"], "result": null}));
    server.shutdown();
}

#[test]
fn an_edit_tells_the_client_to_refresh_the_views_of_the_models_other_open_files() {
    let (_guard, dir) = workspace();
    let (shop, part, _) = two_models(&dir);
    let mut server = Server::start();
    let refresh = json!({"refreshSupport": true});
    let capabilities = json!({"workspace": {"codeLens": refresh, "semanticTokens": refresh, "inlayHint": refresh}});
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": capabilities}),
    );
    server.notify("initialized", json!({}));
    let text = std::fs::read_to_string(&part).unwrap();
    open(&mut server, &part, &text);
    let shop_text = std::fs::read_to_string(&shop).unwrap();
    open(&mut server, &shop, &shop_text);
    server.diagnostics_for(&uri(&shop));
    // What the openings asked for, answered until the server is quiet.
    while let Ok(m) = server.messages.recv_timeout(Duration::from_secs(1)) {
        answer_refresh(&mut server, &m);
    }
    // Editing the part changes the findings shown in shop.tm, open too:
    // the client is asked for its lenses, tokens and hints again.
    let fixed = text.replace("tpye", "type");
    change(&mut server, &part, 2, &fixed);
    let mut asked = std::collections::BTreeSet::new();
    while asked.len() < 3 {
        let m = server.next();
        if answer_refresh(&mut server, &m) {
            asked.insert(m["method"].as_str().unwrap_or_default().to_string());
        }
    }
    assert_eq!(
        asked.into_iter().collect::<Vec<_>>(),
        [
            "workspace/codeLens/refresh",
            "workspace/inlayHint/refresh",
            "workspace/semanticTokens/refresh"
        ]
    );
    server.shutdown();
}

/// Answers `m` when it is a request to refresh a view; says whether it was.
fn answer_refresh(server: &mut Server, m: &Value) -> bool {
    let refresh = m["method"]
        .as_str()
        .is_some_and(|method| method.ends_with("/refresh"));
    if refresh {
        server.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
    }
    refresh
}
