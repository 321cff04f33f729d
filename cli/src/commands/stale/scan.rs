//! What is on disk at a source path, for `tmc stale`: the path with its
//! links resolved, its files (a folder's every file below it, without
//! following links and without `.git` folders) and their modification
//! times. Only regular files and symbolic links count: a FIFO, device or
//! socket in a folder is neither a source nor read.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// A source path as found.
pub struct Scan {
    /// The path with every link resolved.
    pub real: PathBuf,
    pub is_dir: bool,
    /// For a file, itself (an empty relative path) when it is a regular
    /// file; for a folder, the files below it.
    pub files: Vec<WorkFile>,
    /// The path's own modification time.
    own: Option<i64>,
}

/// A file below a scanned path.
pub struct WorkFile {
    /// Relative to the scanned path.
    pub rel: PathBuf,
    /// A symbolic link (not followed), not a regular file.
    pub link: bool,
    modified: Option<i64>,
}

/// What is at `path`, or `None` when nothing is.
pub fn scan(path: &Path) -> Option<Scan> {
    let real = std::fs::canonicalize(path).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    let own = modified(&meta);
    let files = match (meta.is_dir(), meta.is_file()) {
        (true, _) => walk(&real),
        (false, true) => vec![WorkFile {
            rel: PathBuf::new(),
            link: false,
            modified: own,
        }],
        (false, false) => Vec::new(),
    };
    Some(Scan {
        real,
        is_dir: meta.is_dir(),
        files,
        own,
    })
}

impl Scan {
    /// The modification time of a file, or of the newest file in a folder
    /// (the folder's own for an empty one).
    pub fn newest(&self) -> Option<i64> {
        self.files
            .iter()
            .filter_map(|f| f.modified)
            .max()
            .or(self.own)
    }

    /// Where `file` is (`join` would add a `/` to a file's empty path).
    pub fn path_of(&self, file: &WorkFile) -> PathBuf {
        match file.rel.as_os_str().is_empty() {
            true => self.real.clone(),
            false => self.real.join(&file.rel),
        }
    }
}

/// Every regular file and link below `root`, links not followed.
fn walk(root: &Path) -> Vec<WorkFile> {
    let mut files = Vec::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name() == ".git" {
                continue;
            }
            let rel = folder.join(entry.file_name());
            // `DirEntry::metadata` does not follow links.
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            let kind = meta.file_type();
            if kind.is_dir() {
                folders.push(rel);
            } else if kind.is_file() || kind.is_symlink() {
                files.push(WorkFile {
                    rel,
                    link: kind.is_symlink(),
                    modified: modified(&meta),
                });
            }
        }
    }
    files
}

/// Seconds since the epoch (negative before it).
fn modified(meta: &Metadata) -> Option<i64> {
    let t: SystemTime = meta.modified().ok()?;
    Some(match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    })
}
