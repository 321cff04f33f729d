//! `tmc list-elements`: lists every element kind the stdlib declares.

use std::process::ExitCode;

use tmc_compiler::describe;

use crate::shared::{emit, schema, OK};

pub fn run() -> std::io::Result<ExitCode> {
    let schema = match schema() {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    emit(&describe::list_elements(&schema))?;
    Ok(ExitCode::from(OK))
}
