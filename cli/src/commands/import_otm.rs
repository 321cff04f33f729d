//! `tmc import otm FILE [-o app.tm]`: reads an Open Threat Model document
//! (JSON or YAML) and prints (or writes) the same model as `.tm`. The
//! conversion is `tmc_import::otm`; this file does the I/O.

use std::path::Path;
use std::process::ExitCode;

use tmc_import::otm;

use crate::shared::{deliver, read_import, shown, MODEL_ERRORS, OK};

/// Exit 0 when imported (warnings and the summary on stderr, what had no
/// counterpart kept as comments in the output), 1 when the document is not
/// an OTM model, 2 when a file cannot be read or written.
pub fn run(input: &Path, output: Option<&Path>) -> std::io::Result<ExitCode> {
    let name = shown(input.display());
    let text = match read_import(input) {
        Ok(text) => text,
        Err(code) => return Ok(code),
    };
    let imported = match otm::import(&text) {
        Ok(imported) => imported,
        Err(e) => {
            match &e {
                otm::ImportError::Syntax { .. } => {
                    eprintln!("error: {name}:{}", shown(&e));
                    eprintln!("  = hint: expected an Open Threat Model document, JSON or YAML");
                }
                otm::ImportError::Invalid { hint, at, .. } => {
                    // `file:line:col: $.path: ...` when the value was found.
                    let sep = if at.is_some() { "" } else { " " };
                    eprintln!("error: {name}:{sep}{}", shown(&e));
                    eprintln!("  = hint: {}", shown(hint));
                }
                otm::ImportError::Internal(_) => eprintln!("error: {name}: {}", shown(&e)),
            }
            return Ok(ExitCode::from(MODEL_ERRORS));
        }
    };
    for w in &imported.warnings {
        eprintln!("warning: {name}: {}", shown(w));
    }
    eprintln!("imported {name}: {}", imported.summary);
    deliver(ExitCode::from(OK), Some(imported.text), output)
}
