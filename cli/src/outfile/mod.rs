//! Every file `tmc` writes goes through here: the `-o/--output` of every
//! command, `tmc sqldump`'s database and `tmc fmt` rewriting a model. A
//! file is replaced whole or not at all:
//!
//! - The new content goes to a temporary file beside the target (same
//!   folder, so that the rename stays on one file system), renamed over
//!   the target once complete. The temporary is removed when the write
//!   fails, and on SIGINT, SIGTERM and SIGHUP (`temporary`).
//! - The temporary is never at a name that someone could prepare: on Linux
//!   it has no name at all while it is written (`O_TMPFILE`), elsewhere
//!   (and for the database, which SQLite opens by name) its name is
//!   `.NAME.tmc-` and eight random characters, created exclusively (a
//!   file or a symbolic link already there is never opened).
//! - The replaced file keeps its permission bits (and, where the system
//!   allows it, its owner and group); a new file gets 0666 less the umask.
//! - A file the command read (`inputs`) is never replaced: the output is
//!   refused before anything is written.
//! - Through a symbolic link, the file it points to is replaced and the
//!   link kept; but not through a link that another user made in a shared
//!   folder such as /tmp, or a link to nothing.
//! - What is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe)
//!   is written to as it is: there is nothing to replace.

pub mod inputs;
mod temporary;

pub use temporary::watch_signals;

use std::ffi::OsString;
use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use temporary::Temporary;

/// Why an output file cannot be written: reported as `error: MESSAGE`
/// (and the hint), with exit code 2.
#[derive(Debug)]
pub struct CannotWrite {
    pub message: String,
    pub hint: Option<&'static str>,
}

impl CannotWrite {
    pub fn new(path: &Path, reason: impl std::fmt::Display) -> CannotWrite {
        CannotWrite {
            message: format!("cannot write `{}`: {reason}", path.display()),
            hint: None,
        }
    }

    /// Prints the message on stderr.
    pub fn report(&self) {
        eprintln!(
            "error: {}",
            tmc_syntax::escape::terminal::line(&self.message)
        );
        if let Some(hint) = self.hint {
            eprintln!("  = {hint}");
        }
    }
}

/// An output file opened for writing.
pub enum Output {
    /// A device or a pipe: written to as it is.
    AsItIs(File),
    /// A regular file, or none yet: replaced on `commit`.
    Replacing(Replacement),
}

/// The new content of a file, in a temporary file until `commit` puts it
/// in place; dropped before that, the temporary file goes with it.
pub struct Replacement {
    file: File,
    temporary: Temporary,
    plan: Plan,
}

impl Replacement {
    /// Where the new content is written.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Replaces the target with what was written.
    pub fn commit(self) -> io::Result<()> {
        if let Some(kept) = &self.plan.kept {
            kept.apply(&self.file)?;
        }
        self.temporary.rename_over(
            &self.file,
            &self.plan.folder,
            &self.plan.prefix,
            &self.plan.target,
        )
    }
}

/// Opens the output `path` to write a stream into.
pub fn open(path: &Path) -> Result<Output, CannotWrite> {
    match resolve(path)? {
        Resolved::AsItIs => as_it_is(path).map(Output::AsItIs),
        Resolved::File(plan) => {
            let (file, temporary) = Temporary::create(&plan.folder, &plan.prefix, plan.mode())
                .map_err(|e| CannotWrite::new(path, e))?;
            Ok(Output::Replacing(Replacement {
                file,
                temporary,
                plan,
            }))
        }
    }
}

/// Replaces the file `path` with what `write` puts into the empty file at
/// the path it is given (for SQLite, which opens its database by name).
/// What is not a regular file is refused.
pub fn replace_by_name(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), CannotWrite> {
    let Resolved::File(plan) = resolve(path)? else {
        return Err(CannotWrite::new(
            path,
            "not a regular file; a database is written to a file",
        ));
    };
    let (file, name, temporary) = Temporary::named(&plan.folder, &plan.prefix, plan.mode())
        .map_err(|e| CannotWrite::new(path, e))?;
    write(&name).map_err(|e| CannotWrite::new(path, e))?;
    Replacement {
        file,
        temporary,
        plan,
    }
    .commit()
    .map_err(|e| CannotWrite::new(path, e))
}

/// What is at an output path.
enum Resolved {
    /// Something other than a regular file.
    AsItIs,
    /// A regular file, or nothing yet.
    File(Plan),
}

/// How a regular file is replaced.
struct Plan {
    /// The file replaced: the path given, or where its link points.
    target: PathBuf,
    /// The target's folder, where the temporary file is made.
    folder: PathBuf,
    /// The start of the temporary file's name.
    prefix: OsString,
    /// What the new file takes from the one it replaces, if there is one.
    kept: Option<Kept>,
}

impl Plan {
    fn new(target: PathBuf, old: Option<&Metadata>) -> Plan {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let prefix = temporary_prefix(target.file_name().unwrap_or_default());
        Plan {
            target,
            folder,
            prefix,
            kept: old.map(Kept::of),
        }
    }

    /// The mode the temporary file is made with: private when it is to
    /// get an existing file's permissions; else the usual 0666, which the
    /// umask reduces.
    fn mode(&self) -> u32 {
        if self.kept.is_some() {
            0o600
        } else {
            0o666
        }
    }
}

/// `.NAME.tmc-`: the temporary file of `NAME` is recognisable as such. A
/// very long name is left out, to keep within the limit of a file name.
fn temporary_prefix(name: &std::ffi::OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    if name.len() <= 200 {
        prefix.push(name);
        prefix.push(".");
    }
    prefix.push("tmc-");
    prefix
}

/// What is at the output `path`; an error for what must not be written
/// to (a file the command read, a link that must not be followed).
fn resolve(path: &Path) -> Result<Resolved, CannotWrite> {
    let entry = match std::fs::symlink_metadata(path) {
        Ok(entry) => entry,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Resolved::File(Plan::new(path.to_path_buf(), None)));
        }
        Err(e) => return Err(CannotWrite::new(path, e)),
    };
    let linked = entry.file_type().is_symlink();
    if linked && links::foreign(path, &entry) {
        return Err(CannotWrite::new(path, links::FOREIGN));
    }
    let found = match std::fs::metadata(path) {
        Ok(found) => found,
        Err(e) if linked && e.kind() == io::ErrorKind::NotFound => {
            let nowhere = "a symbolic link to a file that does not exist";
            return Err(CannotWrite::new(path, nowhere));
        }
        Err(e) => return Err(CannotWrite::new(path, e)),
    };
    if !found.is_file() {
        return Ok(Resolved::AsItIs);
    }
    if let Some(input) = inputs::which(path) {
        return Err(CannotWrite {
            message: format!(
                "refusing to write `{}`: it is `{}`, a file this command reads",
                path.display(),
                input.display()
            ),
            hint: Some("write the output to another file"),
        });
    }
    let target = if linked {
        std::fs::canonicalize(path).map_err(|e| CannotWrite::new(path, e))?
    } else {
        path.to_path_buf()
    };
    Ok(Resolved::File(Plan::new(target, Some(&found))))
}

/// Opens a device or a pipe for writing, neither creating nor truncating
/// anything; should a regular file have taken its place meanwhile, it is
/// left alone.
fn as_it_is(path: &Path) -> Result<File, CannotWrite> {
    let cannot = |e: io::Error| CannotWrite::new(path, e);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(cannot)?;
    if file.metadata().map_err(cannot)?.is_file() {
        return Err(CannotWrite::new(path, "it changed while it was opened"));
    }
    Ok(file)
}

/// What the new file takes from the one it replaces: the permission bits,
/// and the owner and group where the system allows (only root may give a
/// file away, and a group is kept only by a member of it; where that is
/// refused the file belongs to who ran `tmc`, as with any tool that
/// replaces a file).
#[cfg(unix)]
struct Kept {
    mode: u32,
    owner: u32,
    group: u32,
}

#[cfg(unix)]
impl Kept {
    fn of(old: &Metadata) -> Kept {
        use std::os::unix::fs::MetadataExt;
        Kept {
            mode: old.mode() & 0o777,
            owner: old.uid(),
            group: old.gid(),
        }
    }

    fn apply(&self, file: &File) -> io::Result<()> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (self.owner, self.group) {
            let owner = (new.uid() != self.owner).then_some(self.owner);
            let _refused_is_fine = std::os::unix::fs::fchown(file, owner, Some(self.group));
        }
        file.set_permissions(std::fs::Permissions::from_mode(self.mode))
    }
}

#[cfg(not(unix))]
struct Kept(std::fs::Permissions);

#[cfg(not(unix))]
impl Kept {
    fn of(old: &Metadata) -> Kept {
        Kept(old.permissions())
    }

    fn apply(&self, file: &File) -> io::Result<()> {
        file.set_permissions(self.0.clone())
    }
}

/// Symbolic links at an output path.
mod links {
    use std::fs::Metadata;
    use std::path::Path;

    pub const FOREIGN: &str = "a symbolic link that another user made in a shared folder \
        (sticky and writable by all, such as /tmp); tmc does not write through it";

    /// Whether `link` (its entry `entry`) is one the kernel's
    /// `protected_symlinks` would not let us follow: in a sticky folder
    /// that all may write to, owned neither by us nor by the folder's
    /// owner. `tmc` resolves the link itself (to rename over the file it
    /// points to), so the kernel cannot apply that rule for it.
    #[cfg(unix)]
    pub fn foreign(link: &Path, entry: &Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        let folder = match link.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let Ok(folder) = std::fs::metadata(folder) else {
            return false;
        };
        let me = rustix::process::geteuid().as_raw();
        planted(entry.uid(), folder.mode(), folder.uid(), me)
    }

    #[cfg(not(unix))]
    pub fn foreign(_: &Path, _: &Metadata) -> bool {
        false
    }

    /// The rule of `protected_symlinks` on plain numbers.
    pub fn planted(link_owner: u32, folder_mode: u32, folder_owner: u32, me: u32) -> bool {
        const STICKY_AND_WRITABLE_BY_ALL: u32 = 0o1002;
        folder_mode & STICKY_AND_WRITABLE_BY_ALL == STICKY_AND_WRITABLE_BY_ALL
            && link_owner != me
            && link_owner != folder_owner
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn replacing(path: &Path) -> Replacement {
        match open(path) {
            Ok(Output::Replacing(r)) => r,
            Ok(Output::AsItIs(_)) => panic!("{} is a file", path.display()),
            Err(e) => panic!("{}", e.message),
        }
    }

    #[test]
    fn a_file_is_replaced_on_commit_and_kept_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        let dropped = replacing(&path);
        dropped.file().write_all(b"half").unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names(dir.path()), ["out.json"], "no temporary left");
        let done = replacing(&path);
        done.file().write_all(b"new").unwrap();
        done.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.json"]);
    }

    #[test]
    fn a_database_is_written_by_name_beside_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        let mut seen = None;
        replace_by_name(&path, |temporary| {
            seen = Some(temporary.to_path_buf());
            std::fs::write(temporary, "db").map_err(|e| e.to_string())
        })
        .unwrap();
        let seen = seen.unwrap();
        assert_eq!(seen.parent(), Some(dir.path()));
        let name = seen.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".m.sqlite.tmc-") && name.len() == 22,
            "{name}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "db");
        let failed = replace_by_name(&path, |temporary| {
            std::fs::write(temporary, "half").unwrap();
            Err("disk full".into())
        });
        let message = failed.unwrap_err().message;
        assert!(message.ends_with("m.sqlite`: disk full"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "db");
        assert_eq!(names(dir.path()), ["m.sqlite"], "no temporary left");
    }

    #[test]
    fn a_long_name_is_left_out_of_the_temporary_name() {
        assert_eq!(temporary_prefix("a.json".as_ref()), ".a.json.tmc-");
        assert_eq!(temporary_prefix("x".repeat(250).as_ref()), ".tmc-");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_a_new_file_gets_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("private.json");
        std::fs::write(&old, "old").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        replacing(&old).commit().unwrap();
        assert_eq!(mode(&old), 0o640);
        // A new file: what `File::create` would make (0666 less the umask).
        let usual = dir.path().join("usual");
        File::create(&usual).unwrap();
        let new = dir.path().join("new.json");
        replacing(&new).commit().unwrap();
        assert_eq!(mode(&new), mode(&usual));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_unless_it_points_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let r = replacing(&link);
        r.file().write_all(b"new").unwrap();
        r.commit().unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let nowhere = dir.path().join("nowhere.json");
        std::os::unix::fs::symlink(dir.path().join("missing"), &nowhere).unwrap();
        let Err(e) = open(&nowhere) else {
            panic!("a link to nothing was followed")
        };
        assert!(e
            .message
            .ends_with("a symbolic link to a file that does not exist"));
        assert_eq!(
            names(dir.path()),
            ["link.json", "nowhere.json", "real.json"]
        );
    }

    #[test]
    fn the_rule_of_protected_symlinks() {
        let (me, root, other) = (1000, 0, 1001);
        // In /tmp (root's, sticky, writable by all): only our own links,
        // or root's.
        assert!(links::planted(other, 0o41777, root, me));
        assert!(!links::planted(me, 0o41777, root, me));
        assert!(!links::planted(root, 0o41777, root, me));
        // A folder that is not both sticky and writable by all.
        assert!(!links::planted(other, 0o40777, root, me));
        assert!(!links::planted(other, 0o41775, root, me));
        // A shared folder of the link's owner.
        assert!(!links::planted(other, 0o41777, other, me));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_opened_as_they_are() {
        assert!(matches!(
            open(Path::new("/dev/null")),
            Ok(Output::AsItIs(_))
        ));
        let Err(e) = replace_by_name(Path::new("/dev/null"), |_| Ok(())) else {
            panic!("a database was written to /dev/null");
        };
        assert!(e.message.contains("not a regular file"), "{}", e.message);
    }
}
