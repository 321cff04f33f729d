//! `tmc describe`: the attributes of a kind, the fields or members of a type.

use std::process::ExitCode;

use tmc_compiler::describe;

use crate::args::Format;
use crate::shared::{emit, schema, shown, OK, USAGE};

pub fn run(name: &str, format: Format) -> std::io::Result<ExitCode> {
    let schema = match schema() {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let found = match format {
        Format::Human => describe::describe(&schema, name),
        Format::Json => describe::describe_json(&schema, name).map(|j| {
            serde_json::to_string_pretty(&j).expect("JSON values always serialize") + "\n"
        }),
    };
    match found {
        Some(text) => {
            emit(&text)?;
            Ok(ExitCode::from(OK))
        }
        None => {
            eprintln!("error: no kind, record or enum is named `{}`", shown(name));
            if let Some(hint) = describe::did_you_mean(&schema, name) {
                eprintln!("  = {hint}");
            }
            eprintln!("  = `tmc list-elements` lists every kind");
            Ok(ExitCode::from(USAGE))
        }
    }
}
