//! The model an assistant sends: the root file's text and any files it
//! imports, held in memory and read by the compiler through its
//! `FileSystem` seam. Nothing is read from disk, so a path an assistant
//! names can only reach the texts it sent.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;
use tmc_compiler::{compile_with, Compilation, FileSystem, Options};

/// The file name the root model gets when the assistant gives none.
pub const DEFAULT_NAME: &str = "app.tm";

/// A model as a tool receives it.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
pub struct ModelInput {
    /// The model's .tm text: the root file, starting with its
    /// `model "Name" { ... }` header.
    pub model: String,
    /// The root file's name, used in diagnostics and as the folder
    /// imports are relative to (default `app.tm`).
    #[serde(default)]
    pub name: Option<String>,
    /// Other .tm files the model imports, each by the path its `import`
    /// names (relative to the root file).
    #[serde(default)]
    pub files: Vec<SourceFile>,
}

/// One more file of the model.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct SourceFile {
    /// Its path, as an `import` in the model names it, e.g. `shared/data.tm`.
    pub path: String,
    /// Its .tm text.
    pub text: String,
}

impl ModelInput {
    /// A model of one file, named `app.tm`.
    pub fn one(text: &str) -> ModelInput {
        ModelInput {
            model: text.to_string(),
            ..ModelInput::default()
        }
    }

    /// The root file's path.
    pub fn root(&self) -> PathBuf {
        let name = self.name.as_deref().map(str::trim).unwrap_or_default();
        PathBuf::from(if name.is_empty() { DEFAULT_NAME } else { name })
    }

    /// Compiles the model: the root file, what it imports from `files`,
    /// the built-in stdlib and threat library, with triages judged on
    /// today's date as the command line does.
    pub fn compile(&self) -> Compilation {
        let root = self.root();
        let options = Options {
            today: Some(tmc_compiler::triage::Date::today()),
            ..Options::default()
        };
        compile_with(std::slice::from_ref(&root), &options, &self.memory(&root))
    }

    /// Every text sent, by its path as the compiler will ask for it.
    fn memory(&self, root: &Path) -> Memory {
        let folder = root.parent().unwrap_or(Path::new(""));
        let mut texts: BTreeMap<PathBuf, String> = self
            .files
            .iter()
            .map(|f| (normal(&folder.join(&f.path)), f.text.clone()))
            .collect();
        texts.insert(normal(root), self.model.clone());
        Memory(texts)
    }
}

/// The texts sent, by path: a path not among them is not found.
struct Memory(BTreeMap<PathBuf, String>);

impl FileSystem for Memory {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.0.get(&normal(path)).cloned().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "no such file was sent: pass it in `files`",
            )
        })
    }
}

/// `a/./b/../c` -> `a/c`, as the compiler's own lexical form of a path.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_read_from_the_files_sent() {
        let input = ModelInput {
            model: "import \"parts/data.tm\"\n".into(),
            name: Some("models/app.tm".into()),
            files: vec![SourceFile {
                path: "./parts/data.tm".into(),
                text: "x".into(),
            }],
        };
        let memory = input.memory(&input.root());
        assert_eq!(memory.read(Path::new("models/parts/data.tm")).unwrap(), "x");
        assert!(memory.read(Path::new("models/other.tm")).is_err());
        assert!(memory.read(Path::new("/etc/passwd")).is_err());
    }

    #[test]
    fn the_root_is_app_tm_unless_named() {
        assert_eq!(ModelInput::one("").root(), PathBuf::from("app.tm"));
    }
}
