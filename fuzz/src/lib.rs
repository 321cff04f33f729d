//! Helpers shared by the fuzz targets: models compiled from memory through
//! the compiler's `FileSystem` seam, and the "meaning" of a compilation (what
//! a formatting change must not alter).

use std::io;
use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};
use tmc_compiler::{compile_with, Compilation, FileSystem, Options, ThreatSources};

/// Files held in memory, by path.
pub struct MemFs(pub Vec<(PathBuf, String)>);

impl FileSystem for MemFs {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }
}

/// The root file's name; the others are `a.tm`, `b.tm`, ... in order.
pub const ROOT: &str = "main.tm";

/// Splits a fuzz input at NUL bytes into files: the first is `main.tm` (the
/// root), the next `a.tm`, `b.tm`, ... so an input can `import "a.tm"` or
/// name `threatsFile = "b.tm"`.
pub fn files(text: &str) -> Vec<(PathBuf, String)> {
    text.split('\0')
        .take(8)
        .enumerate()
        .map(|(i, t)| {
            let name = match i {
                0 => ROOT.to_string(),
                i => format!("{}.tm", (b'a' + (i - 1) as u8) as char),
            };
            (PathBuf::from(name), t.to_string())
        })
        .collect()
}

/// Compiles `main.tm` of `files`, with or without the built-in threats.
pub fn compile(files: Vec<(PathBuf, String)>, builtin_threats: bool) -> Compilation {
    let options = Options {
        threats: ThreatSources {
            builtin: builtin_threats,
            library: None,
            files: Vec::new(),
        },
        exclude: Vec::new(),
        allow_outside_imports: false,
        ..Options::default()
    };
    compile_with(&[PathBuf::from(ROOT)], &options, &MemFs(files))
}

/// Removes every `location` member (line and column change when text is
/// reformatted; nothing else may).
pub fn strip_locations(v: &mut Json) {
    match v {
        Json::Object(map) => {
            map.remove("location");
            map.values_mut().for_each(strip_locations);
        }
        Json::Array(items) => items.iter_mut().for_each(strip_locations),
        _ => {}
    }
}

/// What a compilation means, positions aside: each diagnostic's severity,
/// code, message and notes, in order, and the `tmc json` document of the
/// model (objects, attributes after defaults, findings) when it compiled
/// without errors.
pub fn meaning(c: &Compilation) -> Json {
    let diagnostics: Vec<Json> = c
        .diagnostics
        .iter()
        .map(|d| json!([d.severity.as_str(), d.code, d.message, d.notes]))
        .collect();
    let mut document = match (&c.model, &c.findings) {
        (Some(model), Some(findings)) => {
            let text = tmc_output::json::document(&c.sources, model, &c.library, findings)
                .expect("the model serialises");
            serde_json::from_str(&text).expect("`tmc json` writes JSON")
        }
        _ => Json::Null,
    };
    strip_locations(&mut document);
    json!({ "diagnostics": diagnostics, "document": document })
}
