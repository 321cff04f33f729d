//! The `tmc` binary run as a user runs it, from the workspace root, for the
//! end-to-end tests of the command line (included with `#[path]` by the
//! test files of the `tmc` package: `CARGO_BIN_EXE_tmc` exists only there).

use std::path::Path;
use std::process::{Command, Output};

/// `tmc ARGS...` in the workspace root, run to its end.
pub fn tmc(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("tmc runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}
