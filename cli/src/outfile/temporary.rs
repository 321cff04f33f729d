//! The temporary files of outputs, and their removal on a signal.
//!
//! On Linux a stream is written into a file without a name (`O_TMPFILE`
//! in the target's folder), given a random name only to be renamed over
//! the target: a run killed at any point, even by SIGKILL, leaves nothing
//! behind (save in the instant between the two). Elsewhere, where the file
//! system has no `O_TMPFILE`, or when the writer needs a name (SQLite),
//! the temporary is `.NAME.tmc-XXXXXXXX`, random and created exclusively.
//! Such a file is known here until it is renamed or removed; on SIGINT,
//! SIGTERM or SIGHUP a thread (started as `tmc` starts) removes every one,
//! then ends the process by the same signal. Only SIGKILL, or the machine
//! stopping, can leave one: a file of that name is never tmc's to keep
//! and can be deleted.

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Random characters in a temporary file's name.
const RANDOM: usize = 8;

/// The temporary files by name that exist now.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list of temporary files, held while one is made, renamed or
/// removed, so that a signal never comes between.
fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file: its name, or `None` while it has none. Dropped, it
/// is removed.
pub struct Temporary {
    name: Option<PathBuf>,
}

impl Temporary {
    /// Makes a temporary file in `folder` with `mode` (less the umask),
    /// without a name where the system allows.
    pub fn create(folder: &Path, prefix: &OsStr, mode: u32) -> io::Result<(File, Temporary)> {
        signals::watch()?;
        if let Some(file) = nameless::create(folder, mode)? {
            return Ok((file, Temporary { name: None }));
        }
        let (file, _, temporary) = Temporary::named(folder, prefix, mode)?;
        Ok((file, temporary))
    }

    /// Makes a temporary file in `folder` with `mode` (less the umask) at
    /// a name that starts with `prefix`, and returns the name too.
    pub fn named(
        folder: &Path,
        prefix: &OsStr,
        mode: u32,
    ) -> io::Result<(File, PathBuf, Temporary)> {
        signals::watch()?;
        let mut live = live();
        let (file, name) = at_random_name(folder, prefix, |name| {
            let mut options = std::fs::OpenOptions::new();
            // O_CREAT | O_EXCL: fails on anything already at the name, a
            // symbolic link included, which is never followed.
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
            options.open(name)
        })?;
        live.push(name.clone());
        let temporary = Temporary {
            name: Some(name.clone()),
        };
        Ok((file, name, temporary))
    }

    /// Puts `file`, this temporary, in the place of `target`.
    pub fn rename_over(
        mut self,
        file: &File,
        folder: &Path,
        prefix: &OsStr,
        target: &Path,
    ) -> io::Result<()> {
        let mut live = live();
        let name = match self.name.take() {
            Some(name) => name,
            None => {
                let name = nameless::link(file, folder, prefix)?;
                live.push(name.clone());
                name
            }
        };
        let renamed = std::fs::rename(&name, target);
        if renamed.is_err() {
            let _ = std::fs::remove_file(&name);
        }
        live.retain(|n| *n != name);
        renamed
    }
}

/// What `make` made at a random name in `folder` that starts with
/// `prefix`, and the name; `make` must fail with `AlreadyExists` where
/// something is there, and another name is tried.
fn at_random_name<T>(
    folder: &Path,
    prefix: &OsStr,
    make: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(T, PathBuf)> {
    let made = tempfile::Builder::new()
        .prefix(prefix)
        .rand_bytes(RANDOM)
        .make_in(folder, make)?;
    Ok(made.keep()?)
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(name) = self.name.take() {
            let mut live = live();
            let _ = std::fs::remove_file(&name);
            live.retain(|n| *n != name);
        }
    }
}

/// Files without a name (Linux's `O_TMPFILE`), linked in by
/// `/proc/self/fd` when complete.
#[cfg(any(target_os = "linux", target_os = "android"))]
mod nameless {
    use std::ffi::OsStr;
    use std::fs::File;
    use std::io;
    use std::os::fd::AsRawFd;
    use std::path::{Path, PathBuf};

    use rustix::fs::{AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;

    /// Where an open file can be named to link it in.
    const OWN_FILES: &str = "/proc/self/fd";

    /// A file without a name in `folder`, or `None` where the file system
    /// (or a missing /proc) does not allow one.
    pub fn create(folder: &Path, mode: u32) -> io::Result<Option<File>> {
        if !Path::new(OWN_FILES).is_dir() {
            return Ok(None);
        }
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        match rustix::fs::openat(CWD, folder, flags, Mode::from_raw_mode(mode)) {
            Ok(fd) => Ok(Some(File::from(fd))),
            // What kernels and file systems without O_TMPFILE answer.
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::NOENT | Errno::INVAL) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Gives `file` a random name in `folder`; `linkat` never replaces
    /// what is there, so a name taken is skipped.
    pub fn link(file: &File, folder: &Path, prefix: &OsStr) -> io::Result<PathBuf> {
        let fd = format!("{OWN_FILES}/{}", file.as_raw_fd());
        let ((), name) = super::at_random_name(folder, prefix, |name| {
            rustix::fs::linkat(CWD, fd.as_str(), CWD, name, AtFlags::SYMLINK_FOLLOW)
                .map_err(io::Error::from)
        })?;
        Ok(name)
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod nameless {
    use std::ffi::OsStr;
    use std::fs::File;
    use std::io;
    use std::path::{Path, PathBuf};

    pub fn create(_: &Path, _: u32) -> io::Result<Option<File>> {
        Ok(None)
    }

    pub fn link(_: &File, _: &Path, _: &OsStr) -> io::Result<PathBuf> {
        unreachable!("no file is made without a name here")
    }
}

/// Starts the thread that removes the temporary files on a signal that
/// ends `tmc` (once; later calls do nothing).
pub fn watch_signals() -> io::Result<()> {
    signals::watch()
}

/// A thread that removes the temporary files on a signal that ends `tmc`.
#[cfg(unix)]
mod signals {
    use std::io;
    use std::sync::OnceLock;

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    use signal_hook::iterator::Signals;

    /// Starts the thread, once.
    pub fn watch() -> io::Result<()> {
        static WATCHING: OnceLock<bool> = OnceLock::new();
        if *WATCHING.get_or_init(|| start().is_ok()) {
            Ok(())
        } else {
            Err(io::Error::other("cannot watch for signals"))
        }
    }

    fn start() -> io::Result<()> {
        // SIGXFSZ: a write past the size limit (`ulimit -f`) then fails
        // with EFBIG, and the temporary is removed like on any failed
        // write, instead of the signal killing tmc and leaving it.
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGXFSZ])?;
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if signal == SIGXFSZ {
                        continue;
                    }
                    let live = super::live();
                    for name in live.iter() {
                        let _ = std::fs::remove_file(name);
                    }
                    // Then end as the signal would have: the shell sees
                    // a run killed by it (and stops a script on Ctrl-C).
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(())
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn watch() -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_temporary_is_known_until_it_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (_file, name, temporary) =
            Temporary::named(dir.path(), ".out.tmc-".as_ref(), 0o600).unwrap();
        assert!(name.starts_with(dir.path()) && name.exists());
        assert!(live().contains(&name), "a signal would remove it");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&name).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        drop(temporary);
        assert!(!name.exists(), "removed when dropped");
        assert!(!live().contains(&name));
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_nameless_file_gets_a_name_only_to_be_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        let Some(file) = nameless::create(dir.path(), 0o600).unwrap() else {
            eprintln!("skipped: this file system has no O_TMPFILE");
            return;
        };
        std::io::Write::write_all(&mut &file, b"new").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        Temporary { name: None }
            .rename_over(&file, dir.path(), ".out.json.tmc-".as_ref(), &target)
            .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(!live().iter().any(|n| n.starts_with(dir.path())));
    }
}
