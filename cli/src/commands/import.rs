//! `tmc import otm|threat-dragon|threagile FILE [-o app.tm]`: reads an
//! Open Threat Model document (JSON or YAML), a Threat Dragon v2 model or a
//! Threagile YAML model and prints (or writes) the same model as `.tm`. The
//! conversions are `tmc_import::otm`, `tmc_import::threat_dragon` and
//! `tmc_import::threagile`; this file does the I/O. (`tmc import pytm` is
//! `import_pytm`.)

use std::path::Path;
use std::process::ExitCode;

use tmc_import::otm::{ImportError, Imported};
use tmc_import::{otm, threagile, threat_dragon};

use crate::shared::{deliver, read_import, shown, MODEL_ERRORS, OK};

/// The formats read here.
#[derive(Clone, Copy)]
pub enum Interchange {
    Otm,
    ThreatDragon,
    Threagile,
}

impl Interchange {
    fn import(self, text: &str) -> Result<Imported, ImportError> {
        match self {
            Interchange::Otm => otm::import(text),
            Interchange::ThreatDragon => threat_dragon::import(text),
            Interchange::Threagile => threagile::import(text),
        }
    }

    /// What a file that does not parse was expected to be.
    fn expected(self) -> &'static str {
        match self {
            Interchange::Otm => "an Open Threat Model document, JSON or YAML",
            Interchange::ThreatDragon => "a Threat Dragon v2 model (JSON)",
            Interchange::Threagile => "a Threagile model (YAML)",
        }
    }
}

/// Exit 0 when imported (warnings and the summary on stderr, what had no
/// counterpart kept as comments in the output), 1 when the document is not
/// a model of the format, 2 when a file cannot be read or written.
pub fn run(format: Interchange, input: &Path, output: Option<&Path>) -> std::io::Result<ExitCode> {
    let name = shown(input.display());
    let text = match read_import(input) {
        Ok(text) => text,
        Err(code) => return Ok(code),
    };
    let imported = match format.import(&text) {
        Ok(imported) => imported,
        Err(e) => {
            match &e {
                ImportError::Syntax { .. } => {
                    eprintln!("error: {name}:{}", shown(&e));
                    eprintln!("  = hint: expected {}", format.expected());
                }
                ImportError::Invalid { hint, at, .. } => {
                    // `file:line:col: $.path: ...` when the value was found.
                    let sep = if at.is_some() { "" } else { " " };
                    eprintln!("error: {name}:{sep}{}", shown(&e));
                    eprintln!("  = hint: {}", shown(hint));
                }
                ImportError::Internal(_) => eprintln!("error: {name}: {}", shown(&e)),
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
