//! The files a command read: its model files and what they import, rule
//! files (`--threats`, `threatsFile`), a report template, pytm's JSON. An
//! output that is one of them is refused (`tmc json m.tm -o m.tm` would
//! replace the model with JSON). Files are compared as the file system
//! knows them (device and inode on Unix), so a link or another spelling
//! of the path is the same file.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use tmc_compiler::Sources;

/// The files read in this run.
static READ: Mutex<Read> = Mutex::new(Read(Vec::new()));

/// Notes that `path` was read (or was to be: a root file that could not
/// be read is kept safe too). A path that is not there is no file to keep.
pub fn read(path: &Path) {
    READ.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .note(path);
}

/// The path by which the file at `path` was read, if it was.
pub fn which(path: &Path) -> Option<PathBuf> {
    READ.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .which(path)
}

/// Files read: each one's identity and the path it was read by.
struct Read(Vec<(Identity, PathBuf)>);

impl Read {
    fn note(&mut self, path: &Path) {
        if let Some(identity) = identity(path) {
            self.0.push((identity, path.to_path_buf()));
        }
    }

    fn which(&self, path: &Path) -> Option<PathBuf> {
        let identity = identity(path)?;
        self.0
            .iter()
            .find(|(i, _)| *i == identity)
            .map(|(_, path)| path.clone())
    }
}

/// Notes every file of a compilation.
pub fn read_sources(sources: &Sources) {
    for name in files(sources) {
        read(Path::new(name));
    }
}

/// The names of a compilation's files, the embedded stdlib and threat
/// library aside.
fn files(sources: &Sources) -> impl Iterator<Item = &str> {
    let embedded = |name: &str| tmc_compiler::embedded().any(|(file, _)| *file == name);
    sources
        .ids()
        .map(|file| sources.name(file))
        .filter(move |name| !embedded(name))
}

#[cfg(unix)]
type Identity = (u64, u64);

/// The device and inode of the file `path` leads to.
#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
type Identity = PathBuf;

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    std::fs::canonicalize(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_is_known_by_any_of_its_paths() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.tm");
        std::fs::write(&model, "model").unwrap();
        let other = dir.path().join("other.json");
        std::fs::write(&other, "{}").unwrap();
        let mut read = Read(Vec::new());
        read.note(&model);
        read.note(&dir.path().join("missing.tm"));
        assert_eq!(read.which(&model), Some(model.clone()));
        let roundabout = dir.path().join(".").join("m.tm");
        assert_eq!(read.which(&roundabout), Some(model.clone()));
        #[cfg(unix)]
        {
            let hard = dir.path().join("hard.json");
            std::fs::hard_link(&model, &hard).unwrap();
            assert_eq!(read.which(&hard), Some(model.clone()));
            let soft = dir.path().join("soft.json");
            std::os::unix::fs::symlink(&model, &soft).unwrap();
            assert_eq!(read.which(&soft), Some(model.clone()));
        }
        assert_eq!(read.which(&other), None);
        assert_eq!(read.which(&dir.path().join("missing.tm")), None);
    }

    #[test]
    fn the_embedded_files_are_not_files() {
        let mut sources = Sources::new();
        for (name, text) in tmc_compiler::embedded() {
            sources.add(*name, *text);
        }
        sources.add("m.tm", "model");
        assert_eq!(files(&sources).collect::<Vec<_>>(), ["m.tm"]);
    }
}
