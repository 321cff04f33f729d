//! Neovim as the editor: tests/nvim/lsp.lua drives `tmc lsp` through
//! Neovim's built-in LSP client (diagnostics, the did-you-mean quick fix,
//! code lenses, inlay hints and semantic tokens asked for plainly, hover,
//! completion, a quick fix that triages a finding, a clean shutdown) in a
//! headless Neovim.
//! Without `nvim` the test prints a `skipped:` line, except on CI
//! (CI=true), where .ci/run installs it and its absence fails the test
//! (tests/support/tool.rs).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tmc-nvim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/nvim/lsp.lua")
}

#[test]
fn neovim_uses_the_language_server() {
    if !support::tool("nvim", "neovim") {
        return;
    }
    let dir = scratch();
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script().display()))
        .env("TMC_BIN", env!("CARGO_BIN_EXE_tmc"))
        .env("TMC_NVIM_DIR", &dir)
        .current_dir(&dir)
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("nvim starts");
    // The script gives up after 30 s per step; this is the backstop.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("nvim did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        status.success(),
        "the Neovim LSP test failed ({status}); its reason is printed above"
    );
}
