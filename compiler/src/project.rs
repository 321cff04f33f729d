//! The project folder: where a compilation may read. Imports, a model's
//! `threatsFile` and the `sourceFiles` that `tmc stale` looks at must stay
//! in the folder of a root file (or of a `--threats` file), or below it,
//! unless `--allow-outside-imports`. A path is inside when both its
//! lexical form and its form with symbolic links resolved are inside, so
//! neither `..`, an absolute path nor a link leads out. Whether a path is
//! inside never depends on whether it exists, so a refusal tells nothing
//! about the files outside.

use std::path::{Component, Path, PathBuf};

#[cfg(test)]
use crate::files::real_path;
use crate::files::{normalize, FileSystem};

/// The way out of the rule, for the messages that refuse a path.
pub const ALLOW_OUTSIDE: &str = "to read it anyway, pass `--allow-outside-imports`";

/// The folders of the root files, which a compilation may read from.
pub struct Projects(Vec<Project>);

/// Why a path is outside every project folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outside {
    /// Its lexical form leaves the folder (`..`, an absolute path).
    Path,
    /// It is written inside, but a symbolic link on the way leads out.
    Link,
}

impl Projects {
    /// The folders of `roots` (files named on the command line).
    pub fn of(roots: &[PathBuf], fs: &dyn FileSystem) -> Projects {
        Projects(roots.iter().map(|root| Project::of(root, fs)).collect())
    }

    /// Whether `path` (relative to the working folder, like the roots) is
    /// outside every project folder, and how.
    pub(crate) fn outside(&self, path: &Path, fs: &dyn FileSystem) -> Option<Outside> {
        let real = fs.real_path(path);
        if self.0.iter().any(|p| p.contains(path, real.as_deref())) {
            return None;
        }
        match self.0.iter().any(|p| p.contains(path, None)) {
            true => Some(Outside::Link),
            false => Some(Outside::Path),
        }
    }

    /// The folders as written, for a message: "`proj`, `.`".
    pub fn describe(&self) -> String {
        let folders: Vec<String> = self
            .0
            .iter()
            .map(|p| match p.written.as_os_str().is_empty() {
                true => "`.`".to_string(),
                false => format!("`{}`", p.written.display()),
            })
            .collect();
        folders.join(", ")
    }
}

/// A project folder: the folder of a root file, as written, as an absolute
/// path, and with its links resolved.
struct Project {
    written: PathBuf,
    absolute: PathBuf,
    real: Option<PathBuf>,
}

impl Project {
    fn of(root: &Path, fs: &dyn FileSystem) -> Project {
        let written = normalize(root.parent().unwrap_or(Path::new("")));
        let real = match written.as_os_str().is_empty() {
            true => fs.real_path(Path::new(".")),
            false => fs.real_path(&written),
        };
        Project {
            absolute: absolute(&written),
            written,
            real,
        }
    }

    /// Whether `path`, with `real` its links resolved when known, is in
    /// this folder or below it. Both forms must agree: `../x` is outside,
    /// `../proj/x` inside `proj`, and a link inside the folder that points
    /// out of it is outside.
    fn contains(&self, path: &Path, real: Option<&Path>) -> bool {
        let lexical = match absolute(path).strip_prefix(&self.absolute) {
            Ok(rest) => !rest.has_root() && !rest.components().any(|c| c == Component::ParentDir),
            Err(_) => false,
        };
        let resolved = match (&self.real, real) {
            (Some(folder), Some(file)) => file.starts_with(folder),
            _ => true,
        };
        lexical && resolved
    }
}

/// `path` made absolute against the working folder (when there is one)
/// and normalized; only the working folder is looked up.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let path = match path.as_os_str().is_empty() {
        true => Path::new("."),
        false => path,
    };
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{OneFile, RealFs};

    #[test]
    fn the_lexical_form_decides_without_links() {
        let projects = Projects::of(&[PathBuf::from("proj/main.tm")], &OneFile(""));
        let fs = OneFile("");
        for inside in ["proj/a.tm", "proj/sub/b.tm", "proj/../proj/c.tm"] {
            assert_eq!(projects.outside(Path::new(inside), &fs), None, "{inside}");
        }
        for outside in ["x.tm", "proj/../x.tm", "/etc/passwd", "../proj/a.tm"] {
            assert_eq!(
                projects.outside(Path::new(outside), &fs),
                Some(Outside::Path),
                "{outside}"
            );
        }
        assert_eq!(projects.describe(), "`proj`");
    }

    /// A scratch folder under the system's temporary folder, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("tmc-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("proj")).unwrap();
            std::fs::create_dir_all(dir.join("outside")).unwrap();
            Scratch(std::fs::canonicalize(dir).unwrap())
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_are_outside_whether_or_not_their_target_exists() {
        use std::os::unix::fs::symlink;
        let s = Scratch::new("links");
        let (proj, out) = (s.0.join("proj"), s.0.join("outside"));
        std::fs::write(out.join("there.tm"), "").unwrap();
        symlink(&out, proj.join("dir")).unwrap();
        symlink(out.join("there.tm"), proj.join("there.tm")).unwrap();
        symlink(out.join("missing.tm"), proj.join("missing.tm")).unwrap();
        symlink("../outside/x/y", proj.join("relative")).unwrap();
        symlink("loop", proj.join("loop")).unwrap();
        let projects = Projects::of(&[proj.join("main.tm")], &RealFs);
        for (path, how) in [
            ("dir/there.tm", Some(Outside::Link)),
            ("dir/missing.tm", Some(Outside::Link)),
            ("dir/missing/deeper.tm", Some(Outside::Link)),
            ("there.tm", Some(Outside::Link)),
            ("missing.tm", Some(Outside::Link)),
            ("relative/z.tm", Some(Outside::Link)),
            ("../outside/there.tm", Some(Outside::Path)),
            ("../outside/missing.tm", Some(Outside::Path)),
            ("new/file.tm", None),
            ("loop", None),
        ] {
            assert_eq!(projects.outside(&proj.join(path), &RealFs), how, "{path}");
        }
        assert_eq!(
            real_path(&proj.join("dir/missing/deeper.tm")),
            Some(out.join("missing/deeper.tm"))
        );
        assert_eq!(
            real_path(&proj.join("relative/z.tm")),
            Some(out.join("x/y/z.tm"))
        );
    }
}
