//! Shared by the end-to-end tests: models compiled from memory through the
//! compiler's `FileSystem` seam, exactly as the CLI compiles files.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use tmc_compiler::{compile_with, Compilation, FileSystem, Options};

mod tool;
// Not every test crate that includes this module runs an outside program.
#[allow(unused_imports)]
pub use tool::{dot_svg, required, skipped, tool};

/// Files held in memory, by path.
pub struct MemFs(pub HashMap<PathBuf, String>);

impl FileSystem for MemFs {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }
}

pub const HEADER: &str = "model \"M\" { description = \"d\" }\n";

/// Compiles the first file (which may import the others).
pub fn compile_files_with(files: &[(&str, &str)], options: &Options) -> Compilation {
    let fs = MemFs(
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect(),
    );
    compile_with(&[PathBuf::from(files[0].0)], options, &fs)
}

/// (code, message, text under the primary label) of each error.
pub fn errors(c: &Compilation) -> Vec<(String, String, String)> {
    c.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let text = d
                .span()
                .map(|s| c.sources.slice(s).to_string())
                .unwrap_or_default();
            (d.code.to_string(), d.message.clone(), text)
        })
        .collect()
}

/// The diagnostics as the CLI prints them, for assertion messages.
pub fn rendered(c: &Compilation) -> String {
    tmc_syntax::diagnostic::render_plain(&c.sources, &c.diagnostics)
}
