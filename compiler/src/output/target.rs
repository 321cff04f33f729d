//! Where an output file is written. A file is replaced only once its new
//! content is complete: it is written to a temporary file beside it (same
//! folder, so the rename stays on one file system) and renamed over it.
//! Through a symbolic link, the file it points to is the one replaced and
//! the link is kept. What is not a regular file (`/dev/null`, a named
//! pipe, a folder) cannot be replaced that way: the caller writes to it as
//! it is, or refuses it.

use std::path::{Path, PathBuf};

/// What is at an output path.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// Something other than a regular file: a device, a pipe, a folder.
    NotAFile,
    /// A regular file, or nothing yet: replace `file` by renaming
    /// `temporary` over it.
    File { file: PathBuf, temporary: PathBuf },
}

/// The target at `path`; `tag` names the writer in the temporary file's
/// name (`.NAME.tmc-TAG-PID`), so that two kinds of output never share one.
pub fn of(path: &Path, tag: &str) -> Target {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Target::NotAFile;
    }
    let file = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let temporary = file.with_file_name(format!(".{name}.tmc-{tag}-{}", std::process::id()));
    Target::File { file, temporary }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_replaced_through_a_temporary_beside_it() {
        let Target::File { file, temporary } = of(Path::new("out/new.json"), "json") else {
            panic!("a file");
        };
        assert_eq!(file, Path::new("out/new.json"));
        assert_eq!(
            temporary,
            Path::new(&format!("out/.new.json.tmc-json-{}", std::process::id()))
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_folders_are_not_files() {
        assert_eq!(of(Path::new("/dev/null"), "json"), Target::NotAFile);
        assert_eq!(of(&std::env::temp_dir(), "json"), Target::NotAFile);
    }
}
