//! `tmc report --watch`: the HTML report served on 127.0.0.1, rebuilt when
//! the model's file changes, a page of errors while it does not compile,
//! the reload script on every page, and requests for another host refused,
//! over plain HTTP (a `TcpStream`), a pytm template served as its text;
//! and the page open in a real headless Chromium (tests/support/cdp.rs)
//! reloading by itself after a save.
//! Without `chromium` that one test prints a `skipped:` line, except on CI
//! (CI=true), where it fails.

// Only loading and evaluating are used here; the report's browser test
// uses the rest.
#[cfg(unix)]
#[allow(dead_code)]
#[path = "support/cdp.rs"]
mod cdp;
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server, killed when the test ends however it ends.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `tmc report MODEL --watch --port 0`, once it says where it listens.
fn serve(model: &Path) -> Server {
    serve_with(model, &[])
}

/// The same with `more` arguments.
fn serve_with(model: &Path, more: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(["report", "--watch", "--port", "0"])
        .arg(model)
        .args(more)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tmc runs");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    lines.read_line(&mut line).expect("a line on stderr");
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("says where it listens: {line}"));
    // Keep reading stderr so that the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut lines, &mut std::io::sink());
    });
    Server { child, port }
}

/// `GET path` with `Host: host`: the status line and the body.
fn get(port: u16, path: &str, host: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

fn page(server: &Server, path: &str) -> String {
    let host = format!("127.0.0.1:{}", server.port);
    let (status, body) = get(server.port, path, &host);
    assert_eq!(status, "HTTP/1.1 200 OK", "{path}: {body}");
    body
}

/// A copy of examples/webapp.tm in a folder of its own (kept while the
/// first value lives): the folder, the copy's path and its text.
fn scratch_model() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = dir.path().join("app.tm");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("examples/webapp.tm")).expect("the example");
    std::fs::write(&model, &text).expect("written");
    (dir, model, text)
}

/// Waits (at most 30 s) for `/version` to read `want`.
fn wait_for_version(server: &Server, want: &str) {
    let start = Instant::now();
    loop {
        let now = page(server, "/version");
        if now == want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "version stays {now}, not {want}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_served_report_follows_the_model_and_shows_its_errors() {
    let (_dir, model, text) = scratch_model();
    let server = serve(&model);

    // The report, with the script that reloads it, at version 1.
    let first = page(&server, "/");
    assert!(
        first.contains("<html") && first.contains("Web Server"),
        "{first}"
    );
    assert!(first.contains("tmc report --watch") && first.contains("var v=1;"));
    assert_eq!(page(&server, "/version"), "1");

    // A save is a new version, with the new text.
    std::fs::write(&model, text.replace("\"Web Server\"", "\"Web Front\"")).expect("saved");
    wait_for_version(&server, "2");
    let second = page(&server, "/");
    assert!(second.contains("Web Front") && !second.contains("Web Server"));
    assert!(second.contains("var v=2;"));

    // A model that does not compile: a page of its errors, at file:line:col.
    std::fs::write(&model, format!("{text}\nflow broken ->\n")).expect("saved");
    wait_for_version(&server, "3");
    let broken = page(&server, "/");
    assert!(broken.contains("The report cannot be built"), "{broken}");
    assert!(broken.contains("app.tm:"), "{broken}");
    assert!(
        broken.contains("var v=3;"),
        "it reloads when fixed: {broken}"
    );

    // Fixed again: the report is back.
    std::fs::write(&model, &text).expect("saved");
    wait_for_version(&server, "4");
    assert!(page(&server, "/").contains("Web Server"));
}

/// A pytm template is served as the text `tmc report --template` writes
/// (with the reload script after it), and a save of the template rebuilds
/// the page.
#[test]
fn a_pytm_template_is_served_and_followed() {
    let (dir, model, _) = scratch_model();
    let template = dir.path().join("pytm.md");
    let text = "# {tm.name}\n\n{dataflows:repeat:- {{item.name}} ({{item.protocol}})\n}";
    std::fs::write(&template, text).expect("written");
    let t = template.to_str().unwrap();
    let server = serve_with(&model, &["--template", t]);
    let written = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(["report", model.to_str().unwrap(), "--template", t])
        .output()
        .expect("tmc runs");
    let written = String::from_utf8(written.stdout).expect("UTF-8");
    assert!(
        written.contains("- User enters comments (HTTP)\n"),
        "{written}"
    );
    let first = page(&server, "/");
    assert!(first.starts_with(&written), "{first}");
    assert!(first[written.len()..].starts_with("<script>/* tmc report --watch */"));

    std::fs::write(&template, text.replace("# ", "## ")).expect("saved");
    wait_for_version(&server, "2");
    assert!(page(&server, "/").starts_with(&format!("#{written}")));
}

#[test]
fn only_requests_for_this_machine_are_answered() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let server = serve(&root.join("examples/webapp.tm"));
    let port = server.port;
    // A page elsewhere that points a DNS name here sends its own Host.
    let (status, _) = get(port, "/", &format!("attacker.example:{port}"));
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    let (status, _) = get(port, "/", "127.0.0.1");
    assert_eq!(
        status, "HTTP/1.1 403 Forbidden",
        "the port is part of the host"
    );
    let (status, body) = get(port, "/", &format!("localhost:{port}"));
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    let (status, _) = get(port, "/elsewhere", &format!("127.0.0.1:{port}"));
    assert_eq!(status, "HTTP/1.1 404 Not Found");
}

#[test]
fn watch_refuses_markdown_and_an_output_file() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tmc"))
            .args(args)
            .output()
            .expect("tmc runs")
    };
    let md = run(&[
        "report",
        "--watch",
        "--format",
        "markdown",
        "examples/webapp.tm",
    ]);
    assert_eq!(md.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&md.stderr).contains("`--watch` serves the HTML report"));
    let out = run(&["report", "--watch", "-o", "x.html", "examples/webapp.tm"]);
    assert_eq!(out.status.code(), Some(2));
}

/// In a browser, the open page reloads by itself after a save and shows
/// the new model, with no console error and no request but its own.
#[cfg(unix)]
#[test]
fn the_open_page_reloads_itself_in_a_browser() {
    let Some(bin) = cdp::chromium() else {
        support::tool("chromium", "chromium");
        return;
    };
    let (_dir, model, text) = scratch_model();
    let server = serve(&model);
    let url = format!("http://127.0.0.1:{}/", server.port);
    let mut browser = cdp::Browser::launch(&bin, 1200, 800);
    browser.load(Some(&url));
    let shows = |b: &mut cdp::Browser, name: &str| {
        b.eval(&format!("document.body.innerText.includes({name:?})")) == serde_json::json!(true)
    };
    assert!(shows(&mut browser, "Web Server"));
    let from = browser.events.len();
    std::fs::write(&model, text.replace("\"Web Server\"", "\"Web Front\"")).expect("saved");
    // The page asks once a second; the rebuild takes a moment more.
    browser.wait_for("Page.loadEventFired", from);
    let until = Instant::now() + Duration::from_secs(20);
    while !shows(&mut browser, "Web Front") && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        shows(&mut browser, "Web Front"),
        "the page shows the saved model"
    );
    for e in &browser.events {
        let p = &e["params"];
        let bad = match e["method"].as_str().unwrap_or("") {
            "Runtime.consoleAPICalled" => p["type"] == "error",
            "Runtime.exceptionThrown" => true,
            "Log.entryAdded" => p["entry"]["level"] == "error",
            "Network.requestWillBeSent" => {
                // The page, its `/version`, and the browser's own look for
                // an icon.
                let asked = p["request"]["url"].as_str().unwrap_or("");
                ![
                    url.clone(),
                    format!("{url}version"),
                    format!("{url}favicon.ico"),
                ]
                .iter()
                .any(|u| u == asked)
            }
            _ => false,
        };
        assert!(!bad, "{e}");
    }
}
