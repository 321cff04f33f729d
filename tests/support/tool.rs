//! The one place a test decides whether an outside program it needs
//! (Graphviz `dot`, `plantuml`, Neovim `nvim`) is there. Under CI (the
//! variable `CI` set, as .ci/run sets `CI=true` after installing the
//! programs) a missing program fails the test and names the apt package.
//! Elsewhere the test writes `skipped: <program> not installed (apt-get
//! install <package>)` straight to the terminal's stderr, past the test
//! harness's output capture, so a skip shows in a passing run.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Whether `name` (from the apt package `package`) can be run: true when
/// it is on PATH. Panics under CI when it is not; otherwise prints the
/// skip line and returns false, and the caller returns early.
pub fn tool(name: &str, package: &str) -> bool {
    if on_path(name) {
        return true;
    }
    if under_ci() {
        panic!(
            "`{name}` is not installed, and under CI this test must run: \
             apt-get install {package} (.ci/run installs it)"
        );
    }
    skipped(&format!("{name} not installed (apt-get install {package})"));
    false
}

/// Says that a test did not run, and why (a limit of the machine, not a
/// missing program), in a line that shows in a passing run.
pub fn skipped(reason: &str) {
    // Not eprintln!: libtest captures that and shows it only on failure.
    let _ = writeln!(std::io::stderr(), "skipped: {reason}");
}

/// Under CI a test that cannot run where it should fails with `reason`;
/// elsewhere it says it skipped.
pub fn required(reason: &str) {
    assert!(!under_ci(), "under CI this test must run, but {reason}");
    skipped(reason);
}

/// The SVG Graphviz draws from the DOT text `dot` (`dot -Tsvg`), which
/// must go through without a failure or a warning (`what` names the input
/// in the test's message). Call it after `tool("dot", ...)`.
pub fn dot_svg(dot: &str, what: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot starts");
    child
        .stdin
        .take()
        .expect("dot's stdin")
        .write_all(dot.as_bytes())
        .expect("dot reads");
    let o = child.wait_with_output().expect("dot ends");
    let warnings = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{what}: dot failed: {warnings}");
    assert_eq!(warnings, "", "{what}: dot warned");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `CI` is set to anything but empty, `0` or `false`.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// An executable file named `name` in one of PATH's folders.
fn on_path(name: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| executable(&dir.join(name)))
}

#[cfg(unix)]
fn executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn executable(file: &Path) -> bool {
    file.is_file() || file.with_extension("exe").is_file()
}
