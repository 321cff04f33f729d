//! `tmc import-pytm model.json [-o app.tm]`: reads the JSON that
//! `pytm --json` writes and prints (or writes) the same model as `.tm`.
//! The conversion is `tmc_import::pytm`; this file does the I/O.

use std::path::Path;
use std::process::ExitCode;

use tmc_import::pytm;

use crate::shared::{deliver, read_import, schema, shown, MODEL_ERRORS, OK};

/// Exit 0 when imported (warnings are printed on stderr and kept as
/// comments in the output), 1 when the JSON is not a pytm model, 2 when a
/// file cannot be read or written.
pub fn run(input: &Path, output: Option<&Path>) -> std::io::Result<ExitCode> {
    let name = shown(input.display());
    let text = match read_import(input) {
        Ok(text) => text,
        Err(code) => return Ok(code),
    };
    let schema = match schema() {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let imported = match pytm::import(&text, &schema) {
        Ok(imported) => imported,
        Err(e) => {
            match e {
                pytm::ImportError::Syntax { .. } => {
                    eprintln!("error: {name}:{}", shown(e))
                }
                pytm::ImportError::Invalid { .. } => {
                    eprintln!("error: {name}: {}", shown(e));
                    eprintln!("  = expected the JSON that pytm 1.4 writes with `--json`");
                }
                pytm::ImportError::Internal(_) => {
                    eprintln!("error: {name}: {}", shown(e))
                }
            }
            return Ok(ExitCode::from(MODEL_ERRORS));
        }
    };
    for w in &imported.warnings {
        eprintln!("warning: {name}: {}", shown(w));
    }
    deliver(ExitCode::from(OK), Some(imported.text), output)
}
