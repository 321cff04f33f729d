//! Finding the models of a workspace, for diagnostics of files the editor
//! has not opened: a bounded walk of its folders for `.tm` files whose
//! header declares a model. Hidden folders, `target/` and `node_modules/`
//! are skipped; the walk stops at [`MAX_DEPTH`] folders down and after
//! [`MAX_FILES`] `.tm` files read, and says so.

use std::path::{Path, PathBuf};

use tmc_syntax::syntax::header::header;

/// How many folders below a workspace folder the walk goes.
pub const MAX_DEPTH: usize = 8;

/// How many `.tm` files the walk reads (the header of each), in all
/// folders together: a workspace with more is a monorepo the editor should
/// not compile all of on opening.
pub const MAX_FILES: usize = 2_000;

/// The limits of a walk.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub depth: usize,
    pub files: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            depth: MAX_DEPTH,
            files: MAX_FILES,
        }
    }
}

/// What a walk found: the model files, sorted, and, when a limit was
/// reached, which (for the log).
#[derive(Debug, Default, PartialEq)]
pub struct Scan {
    pub models: Vec<PathBuf>,
    pub limited: Vec<String>,
}

/// Whether a folder is left out of the walk by its name.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// Whether `path` is a `.tm` file.
pub fn is_tm(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "tm")
}

/// Whether the file at `path` is a `.tm` file that declares a model.
pub fn is_model(path: &Path) -> bool {
    is_tm(path) && std::fs::read_to_string(path).is_ok_and(|text| header(&text).declares_model)
}

/// The model files under `folders`, each folder walked in name order,
/// within `limits`; a folder that cannot be read is passed over.
pub fn scan(folders: &[PathBuf], limits: Limits) -> Scan {
    let mut scan = Scan::default();
    let mut read = 0;
    // Depth first, in name order: (folder, depth).
    let mut stack: Vec<(PathBuf, usize)> = folders.iter().rev().map(|f| (f.clone(), 0)).collect();
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<(PathBuf, bool)> = entries
            .flatten()
            .filter_map(|e| Some((e.path(), e.file_type().ok()?.is_dir())))
            .collect();
        entries.sort();
        let mut below = Vec::new();
        for (path, is_dir) in entries {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if is_dir {
                if skipped(&name) {
                    continue;
                }
                if depth + 1 > limits.depth {
                    note(
                        &mut scan,
                        format!("{} is deeper than {} folders", path.display(), limits.depth),
                    );
                    continue;
                }
                below.push((path, depth + 1));
            } else if is_tm(&path) {
                if read == limits.files {
                    note(&mut scan, format!("more than {} .tm files", limits.files));
                    stack.clear();
                    below.clear();
                    break;
                }
                read += 1;
                if is_model(&path) {
                    scan.models.push(path);
                }
            }
        }
        stack.extend(below.into_iter().rev());
    }
    scan.models.sort();
    scan.models.dedup();
    scan
}

/// Records that a limit was reached (each kind once is enough for a log).
fn note(scan: &mut Scan, what: String) {
    if scan.limited.len() < 3 {
        scan.limited.push(what);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn models_are_found_and_parts_hidden_folders_and_build_output_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "a/main.tm", "model \"A\" {}\n");
        write(d, "a/part.tm", "Actor x \"X\"\n");
        write(d, "b.tm", "model \"B\" {}\n");
        write(d, "notes.txt", "model \"C\" {}\n");
        write(d, ".git/x.tm", "model \"G\" {}\n");
        write(d, "target/x.tm", "model \"T\" {}\n");
        write(d, "node_modules/x.tm", "model \"N\" {}\n");
        let scan = scan(&[d.to_path_buf()], Limits::default());
        assert_eq!(scan.models, [d.join("a/main.tm"), d.join("b.tm")]);
        assert!(scan.limited.is_empty());
    }

    #[test]
    fn the_limits_stop_the_walk_and_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "1.tm", "model \"1\" {}\n");
        write(d, "2.tm", "model \"2\" {}\n");
        write(d, "deep/er/3.tm", "model \"3\" {}\n");
        let files = scan(&[d.to_path_buf()], Limits { depth: 8, files: 1 });
        assert_eq!(files.models, [d.join("1.tm")]);
        assert_eq!(files.limited, ["more than 1 .tm files"]);
        let depth = scan(
            &[d.to_path_buf()],
            Limits {
                depth: 1,
                files: 10,
            },
        );
        assert_eq!(depth.models, [d.join("1.tm"), d.join("2.tm")]);
        assert_eq!(depth.limited.len(), 1);
        assert!(
            depth.limited[0].ends_with("is deeper than 1 folders"),
            "{:?}",
            depth.limited
        );
    }
}
