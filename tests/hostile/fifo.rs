//! Paths that name something other than a regular file (issue #19, item
//! 4): a FIFO with no writer blocked `tmc` forever wherever a path is read
//! (the root file, an import, `threatsFile`, `--threats`, `--template`,
//! `import-pytm`, `fmt`, `diff`), and an imported FIFO stopped the
//! language server's diagnostics for every file. Each is now refused at
//! once with a message that names the path and says what it is.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::{scratch, tmc, write, Run, HEADER, MODEL};

/// Makes a FIFO at `dir/name` with mkfifo(1) (coreutils).
fn fifo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo(1) is needed for these tests");
    assert!(status.success(), "mkfifo {}", path.display());
    path
}

/// Asserts the run refused `name` as a FIFO, quickly, with `code`.
fn refused(run: &Run, code: i32, name: &str) {
    run.exits(code).says(&[
        &format!("`{name}`"),
        "it is a FIFO (named pipe), not a regular file",
    ]);
    assert!(run.took < Duration::from_secs(20), "took {:?}", run.took);
}

#[test]
fn a_fifo_as_the_root_file_is_refused() {
    let dir = scratch();
    fifo(dir.path(), "pipe.tm");
    for command in ["check", "json", "threats", "stale"] {
        let run = tmc(dir.path(), &[command, "pipe.tm"]);
        refused(&run, 2, "pipe.tm");
        run.says(&["error[not-a-file]: cannot read `pipe.tm`"]);
    }
    write(dir.path(), "m.tm", MODEL);
    refused(&tmc(dir.path(), &["diff", "m.tm", "pipe.tm"]), 2, "pipe.tm");
}

#[test]
fn an_imported_fifo_is_an_error_at_the_import() {
    let dir = scratch();
    fifo(dir.path(), "pipe.tm");
    write(dir.path(), "m.tm", format!("{HEADER}import \"pipe.tm\"\n"));
    let run = tmc(dir.path(), &["check", "m.tm"]);
    refused(&run, 1, "pipe.tm");
    run.says(&["error[not-a-file]", "m.tm:2:8", "named here"]);
}

#[test]
fn a_fifo_as_threats_file_or_threats_is_refused() {
    let dir = scratch();
    fifo(dir.path(), "rules.tm");
    write(
        dir.path(),
        "m.tm",
        "model \"M\" { description = \"d\" threatsFile = \"rules.tm\" }\n",
    );
    let run = tmc(dir.path(), &["check", "m.tm"]);
    refused(&run, 1, "rules.tm");
    run.says(&["error[not-a-file]", "m.tm:1:45", "named here"]);

    write(dir.path(), "plain.tm", MODEL);
    let run = tmc(dir.path(), &["check", "--threats", "rules.tm", "plain.tm"]);
    refused(&run, 2, "rules.tm");
}

#[test]
fn a_fifo_as_template_pytm_input_or_fmt_file_is_refused() {
    let dir = scratch();
    write(dir.path(), "m.tm", MODEL);
    fifo(dir.path(), "t.j2");
    let run = tmc(dir.path(), &["report", "--template", "t.j2", "m.tm"]);
    refused(&run, 2, "t.j2");
    run.says(&["error: cannot read template `t.j2`"]);

    fifo(dir.path(), "model.json");
    let run = tmc(dir.path(), &["import-pytm", "model.json"]);
    refused(&run, 2, "model.json");

    fifo(dir.path(), "pipe.tm");
    refused(&tmc(dir.path(), &["fmt", "pipe.tm"]), 2, "pipe.tm");
    refused(
        &tmc(dir.path(), &["fmt", "--check", "pipe.tm"]),
        2,
        "pipe.tm",
    );
}

#[cfg(unix)]
#[test]
fn devices_sockets_and_folders_are_refused_too() {
    let dir = scratch();
    write(dir.path(), "m.tm", MODEL);
    for (path, what) in [
        ("/dev/zero", "it is a device, not a regular file"),
        ("/dev/null", "it is a device, not a regular file"),
        ("sub", "it is a folder, not a regular file"),
    ] {
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        let run = tmc(dir.path(), &["check", "--threats", path, "m.tm"]);
        run.exits(2)
            .says(&[&format!("error[not-a-file]: cannot read `{path}`: {what}")]);
        assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
        tmc(dir.path(), &["report", "--template", path, "m.tm"])
            .exits(2)
            .says(&[what]);
        tmc(dir.path(), &["import-pytm", path])
            .exits(2)
            .says(&[what]);
        tmc(dir.path(), &["fmt", path]).exits(2).says(&[what]);
    }
    // A socket, imported.
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("sock.tm")).unwrap();
    write(dir.path(), "s.tm", format!("{HEADER}import \"sock.tm\"\n"));
    tmc(dir.path(), &["check", "s.tm"]).exits(1).says(&[
        "error[not-a-file]: cannot read `sock.tm`: it is a socket, not a regular file",
        "s.tm:2:8",
    ]);
}

#[test]
fn stdin_stays_readable_with_a_dash() {
    let dir = scratch();
    let run = super::tmc_in(dir.path(), &["fmt", "-"], Some(b"Actor   a\n"));
    run.exits(0);
    assert_eq!(run.stdout, "Actor a\n");
}

// ---------------------------------------------------------------- the language server

use crate::lsp_wire;

/// The language server keeps publishing after a model imports a FIFO: the
/// import gets a diagnostic, and a second model opened after it is checked
/// as usual.
#[test]
fn an_imported_fifo_does_not_stop_the_language_server() {
    use serde_json::{json, Value};
    use std::process::Stdio;

    let dir = scratch();
    let root = dir.path().canonicalize().unwrap();
    fifo(&root, "pipe.tm");
    let mut command = Command::new(env!("CARGO_BIN_EXE_tmc"));
    command.arg("lsp").stderr(Stdio::null());
    let mut server = lsp_wire::spawn(command);
    let uri = |p: &Path| format!("file://{}", p.display());
    let mut send = |m: Value| lsp_wire::write_message(&mut server.stdin, &m).unwrap();
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": uri(&root), "capabilities": {}}}));
    // Notifications sent before the answer to `initialize` are dropped.
    let answered = server.messages.recv_timeout(Duration::from_secs(30));
    assert!(
        answered.is_ok_and(|m| m["id"] == 1),
        "initialize is answered"
    );
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let open = |path: &Path, text: &str| {
        std::fs::write(path, text).unwrap();
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
            {"uri": uri(path), "languageId": "tm", "version": 1, "text": text}}})
    };
    let a = root.join("a.tm");
    let b = root.join("b.tm");
    send(open(&a, &format!("{HEADER}import \"pipe.tm\"\n")));
    send(open(
        &b,
        "model \"B\" { description = \"d\" }\nActor u\nActor u\n",
    ));

    // Waits (at most 60 s in all) for the diagnostics of each file.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut seen: Vec<(String, Vec<Value>)> = Vec::new();
    while !([&a, &b]
        .iter()
        .all(|p| seen.iter().any(|(u, _)| *u == uri(p))))
    {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let m = server
            .messages
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no diagnostics for both files within 60 s: {seen:?}"));
        if m["method"] == "textDocument/publishDiagnostics" {
            let list = m["params"]["diagnostics"].as_array().unwrap().clone();
            seen.push((m["params"]["uri"].as_str().unwrap().to_string(), list));
        }
    }
    let of = |p: &Path| {
        seen.iter()
            .rev()
            .find(|(u, _)| *u == uri(p))
            .map(|(_, d)| d.clone())
            .unwrap()
    };
    let on_a = of(&a);
    assert!(
        on_a.iter().any(|d| d["code"] == "not-a-file"
            && d["message"].as_str().unwrap().contains("FIFO")
            && d["range"]["start"]["line"] == 1),
        "{on_a:?}"
    );
    let on_b = of(&b);
    assert!(
        on_b.iter().any(|d| d["code"] == "duplicate-definition"),
        "{on_b:?}"
    );
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = server.child.wait();
}

/// `tmc stale` dates a FIFO among the source files by its time and never
/// opens it (to hash it for git), nor one in a source folder: here both
/// were committed as files and are FIFOs in the work tree.
#[test]
fn stale_never_opens_a_fifo_among_the_sources() {
    let dir = scratch();
    let d = dir.path();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(d)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .status()
            .expect("git is needed for this test")
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    write(d, "pipe", "was a file");
    write(d, "src/inner", "was a file");
    write(d, "src/a.rs", "a");
    write(
        d,
        "app.tm",
        format!("{HEADER}Server s \"S\" {{ sourceFiles = [\"pipe\", \"src\"] }}\n"),
    );
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "files"]);
    for name in ["pipe", "src/inner"] {
        std::fs::remove_file(d.join(name)).unwrap();
        fifo(d, name);
    }
    let run = tmc(d, &["stale", "app.tm", "--days", "30"]);
    run.exits(0);
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
    // A `.gitignore` that is a FIFO, asked about an untracked file.
    fifo(d, "src/.gitignore");
    write(d, "src/new.rs", "new");
    let run = tmc(d, &["stale", "app.tm", "--days", "30"]);
    run.exits(0).says(&[
        "cannot read the git history",
        ".gitignore` is not a regular file); using file times",
    ]);
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
}
