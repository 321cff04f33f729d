//! `tmc report --watch`: the HTML report served on 127.0.0.1, rebuilt when
//! the model's file changes, a page of errors while it does not compile,
//! the reload script on every page, and requests for another host refused.
//! Plain HTTP over a `TcpStream`; the page's reload in a browser is the
//! script's one fetch of `/version`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(["report", "--watch", "--port", "0"])
        .arg(model)
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
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = dir.path().join("app.tm");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("examples/webapp.tm")).expect("the example");
    std::fs::write(&model, &text).expect("written");
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
