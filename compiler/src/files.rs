//! Reading files: where source text comes from (`FileSystem`: the disk,
//! or an editor's unsaved buffers), and the one way a file is read from
//! disk (`RealFs::open_regular`: a regular file only, opened without blocking, so
//! a FIFO or a device can neither hang `tmc` nor feed it without end; at
//! most `MAX_FILE_BYTES`; UTF-8). The errors of each refusal carry what
//! the diagnostic needs.

use std::fmt;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::syntax::limits::MAX_FILE_BYTES;

/// Where source text comes from.
pub trait FileSystem {
    fn read(&self, path: &Path) -> io::Result<String>;
    /// A path that is the same for every way of writing it, to recognise a
    /// file imported twice. Falls back to the lexical form.
    fn identity(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
    /// The path with every symbolic link resolved, when the file system
    /// has links (`real_path`); `None` otherwise. Used to keep a
    /// link inside the project from importing a file outside it.
    fn real_path(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

/// One text in memory, which every path reads as: for compiling a model
/// that is not on disk (an imported pytm model, a test's model).
pub struct OneFile<'a>(pub &'a str);

impl FileSystem for OneFile<'_> {
    fn read(&self, _: &Path) -> io::Result<String> {
        Ok(self.0.to_string())
    }
}

/// The real file system, and the one way `tmc` reads a file from disk,
/// for the compiler and the fronts alike (`read_file`, `open_regular`).
pub struct RealFs;

impl RealFs {
    /// The UTF-8 text of a regular file (`open_regular`), of at most
    /// `MAX_FILE_BYTES`: a bigger file is refused by its length before
    /// anything is read, and a file that grows while it is read once the limit
    /// is passed. Every file `tmc` reads as text comes through here: models,
    /// rules, report templates, pytm JSON.
    pub fn read_file(path: &Path) -> io::Result<String> {
        let (file, size) = RealFs::open_regular(path)?;
        if size > MAX_FILE_BYTES {
            return Err(FileTooLarge { size: Some(size) }.into());
        }
        RealFs::read_text(file, size)
    }

    /// Opens `path` for reading when it is a regular file, with its length;
    /// anything else (a FIFO, a device, a socket, a folder) is `NotRegular`,
    /// without waiting: a FIFO with no writer would block `open(2)` and every
    /// read after it, and a device may never end. What the path names is
    /// checked before it is opened (opening a device can have effects of its
    /// own), and again on the opened handle, which is opened non-blocking, so
    /// a FIFO swapped in between cannot block either.
    pub fn open_regular(path: &Path) -> io::Result<(std::fs::File, u64)> {
        let regular = |meta: std::fs::Metadata| match meta.is_file() {
            true => Ok(meta.len()),
            false => Err(io::Error::from(NotRegular::of(&meta.file_type()))),
        };
        regular(std::fs::metadata(path)?)?;
        let file = open_nonblocking(path)?;
        let size = regular(file.metadata()?)?;
        Ok((file, size))
    }

    /// Reads UTF-8 text from `input` (`expected` bytes long, as a hint),
    /// stopping with `FileTooLarge` once more than `MAX_FILE_BYTES` arrive, so
    /// neither a growing file, an endless device nor a pipe (`tmc fmt -`) can
    /// fill memory; text that is not UTF-8 is `NotUtf8`, with where.
    pub fn read_text(input: impl Read, expected: u64) -> io::Result<String> {
        let mut bytes = Vec::with_capacity(expected.min(MAX_FILE_BYTES) as usize);
        input.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(FileTooLarge { size: None }.into());
        }
        String::from_utf8(bytes).map_err(|e| NotUtf8::new(e.as_bytes(), e.utf8_error()).into())
    }
}

impl FileSystem for RealFs {
    fn read(&self, path: &Path) -> io::Result<String> {
        RealFs::read_file(path)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
    }

    fn real_path(&self, path: &Path) -> Option<PathBuf> {
        real_path(path)
    }
}

/// `O_NONBLOCK` makes opening a FIFO return at once; it changes nothing
/// for reading a regular file. `O_NOCTTY`: a terminal device never becomes
/// the controlling terminal.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// A path that names something other than a regular file, refused
/// unread (carried in an `io::Error` of kind `InvalidInput`).
#[derive(Debug)]
pub(crate) struct NotRegular {
    /// What it is, when it has a name: "a FIFO (named pipe)", "a folder".
    pub what: Option<&'static str>,
}

impl NotRegular {
    fn of(kind: &std::fs::FileType) -> NotRegular {
        #[cfg(unix)]
        use std::os::unix::fs::FileTypeExt;
        let what = match kind {
            k if k.is_dir() => Some("a folder"),
            #[cfg(unix)]
            k if k.is_fifo() => Some("a FIFO (named pipe)"),
            #[cfg(unix)]
            k if k.is_char_device() || k.is_block_device() => Some("a device"),
            #[cfg(unix)]
            k if k.is_socket() => Some("a socket"),
            _ => None,
        };
        NotRegular { what }
    }
}

impl fmt::Display for NotRegular {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.what {
            Some(what) => write!(f, "it is {what}, not a regular file"),
            None => write!(f, "it is not a regular file"),
        }
    }
}

impl std::error::Error for NotRegular {}

impl From<NotRegular> for io::Error {
    fn from(e: NotRegular) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidInput, e)
    }
}

/// A file over `MAX_FILE_BYTES`, refused unread (carried in an
/// `io::Error` of kind `FileTooLarge`).
#[derive(Debug)]
pub(crate) struct FileTooLarge {
    /// Its length, when the file system knows it before reading.
    pub size: Option<u64>,
}

impl fmt::Display for FileTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.size {
            Some(size) => write!(
                f,
                "the file is too large ({} = {size} bytes; the limit is {})",
                mib(size),
                mib(MAX_FILE_BYTES)
            ),
            None => write!(f, "the file is larger than {}", mib(MAX_FILE_BYTES)),
        }
    }
}

impl std::error::Error for FileTooLarge {}

impl From<FileTooLarge> for io::Error {
    fn from(e: FileTooLarge) -> io::Error {
        io::Error::new(io::ErrorKind::FileTooLarge, e)
    }
}

/// A file that is not UTF-8 (carried in an `io::Error` of kind
/// `InvalidData`): its text with each bad sequence replaced by U+FFFD, so
/// that the diagnostic can show the line, and where the first one is.
#[derive(Debug)]
pub(crate) struct NotUtf8 {
    pub text: String,
    /// The byte offset of the first bad byte, in the file and in `text`
    /// alike (everything before it is valid).
    pub offset: usize,
    pub byte: u8,
}

impl NotUtf8 {
    pub(crate) fn new(bytes: &[u8], error: std::str::Utf8Error) -> NotUtf8 {
        let offset = error.valid_up_to();
        NotUtf8 {
            text: String::from_utf8_lossy(bytes).into_owned(),
            offset,
            byte: bytes.get(offset).copied().unwrap_or(0),
        }
    }

    /// Line and column (1-based, in characters) of the first bad byte.
    fn line_col(&self) -> (usize, usize) {
        let before = &self.text[..self.offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }
}

impl fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (line, column) = self.line_col();
        write!(
            f,
            "the file is not valid UTF-8 (first bad byte 0x{:02X} at line {line}, column {column}, byte offset {})",
            self.byte, self.offset
        )
    }
}

impl std::error::Error for NotUtf8 {}

impl From<NotUtf8> for io::Error {
    fn from(e: NotUtf8) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

/// `1.5 MiB`, `64 MiB`.
pub(crate) fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if m.fract() == 0.0 {
        format!("{m:.0} MiB")
    } else {
        format!("{m:.1} MiB")
    }
}

/// `a/./b/../c` -> `a/c`, without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How many symbolic links `real_path` follows before it stops (as
/// Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// `path` with every symbolic link on it resolved, like `realpath -m`:
/// the part that exists is resolved by the file system, a link whose
/// target is missing is followed all the same, and what does not exist is
/// appended as written. So the answer is the same whether or not the file
/// itself exists. `None` only when the working folder is unknown.
pub(crate) fn real_path(path: &Path) -> Option<PathBuf> {
    let mut todo = normalize(&std::path::absolute(path).ok()?);
    for _ in 0..MAX_LINKS {
        // The longest part that exists, resolved; then the rest.
        let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
        let mut known = todo.as_path();
        let real = loop {
            if let Ok(real) = std::fs::canonicalize(known) {
                break real;
            }
            match (known.parent(), known.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name);
                    known = parent;
                }
                // `..` or the root itself: keep the rest as written.
                _ => return Some(normalize(&todo)),
            }
        };
        let Some(next) = rest.pop() else {
            return Some(real);
        };
        let candidate = real.join(next);
        let Ok(target) = std::fs::read_link(&candidate) else {
            // Missing: the rest is as written.
            let tail: PathBuf = rest.iter().rev().collect();
            return Some(normalize(&candidate.join(tail)));
        };
        // A link whose target does not exist: follow it by hand.
        let tail: PathBuf = rest.iter().rev().collect();
        todo = normalize(&real.join(target).join(tail));
    }
    // A loop of links: where the walk stopped.
    Some(todo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_opened() {
        let what = |path: &str| {
            let e = RealFs::open_regular(Path::new(path)).unwrap_err();
            e.get_ref()
                .and_then(|e| e.downcast_ref::<NotRegular>())
                .map(|n| n.to_string())
        };
        assert_eq!(
            what(".").as_deref(),
            Some("it is a folder, not a regular file")
        );
        #[cfg(unix)]
        assert_eq!(
            what("/dev/null").as_deref(),
            Some("it is a device, not a regular file")
        );
        assert_eq!(what("no/such/file"), None);
        let (_, size) = RealFs::open_regular(Path::new(file!()).strip_prefix("compiler").unwrap())
            .expect("this source file opens");
        assert!(size > 0);
    }

    #[test]
    fn mib_is_short() {
        assert_eq!(mib(64 * 1024 * 1024), "64 MiB");
        assert_eq!(mib(100 * 1024 * 1024 + 80), "100.0 MiB");
        assert_eq!(mib(1536 * 1024), "1.5 MiB");
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../a/..")), PathBuf::from(".."));
    }
}
