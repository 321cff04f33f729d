//! Writing an output while it is produced, for outputs too large to build
//! in memory first (`tmc json` of a big model is over 100 MB): to stdout,
//! or to a file through `outfile` (replaced only once complete, never half
//! written; a device or a pipe written to as it is).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::outfile::{self, CannotWrite, Output};

/// Runs `write` on stdout (`out` is `None`) or on the file `out`. An error
/// writing to stdout (such as a closed pipe) is returned as it is; an
/// error with the file, as `CannotWrite`.
pub fn to(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Result<(), CannotWrite>> {
    let Some(path) = out else {
        let mut stdout = BufWriter::with_capacity(1 << 16, io::stdout().lock());
        write(&mut stdout)?;
        stdout.flush()?;
        return Ok(Ok(()));
    };
    let cannot = |e: io::Error| CannotWrite::new(path, e);
    let output = match outfile::open(path) {
        Ok(output) => output,
        Err(e) => return Ok(Err(e)),
    };
    // No fsync before the rename: the promise is that a failed run never
    // leaves half a file, and an output can be made again; waiting for the
    // disk cost a large model's `tmc json` more than rendering it (0.06 s
    // of 0.15 s at 10k elements, over 1 s at 100k).
    match output {
        Output::AsItIs(device) => match write_file(&device, write) {
            // Like stdout: a reader that went away ends the command quietly.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(e),
            result => Ok(result.map_err(cannot)),
        },
        // On a failure the replacement is dropped, its temporary file with it.
        Output::Replacing(replacement) => Ok(write_file(replacement.file(), write)
            .and_then(|()| replacement.commit())
            .map_err(cannot)),
    }
}

/// Runs `write` on `file`, buffered, and flushes it.
fn write_file(file: &File, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut buffered = BufWriter::with_capacity(1 << 16, Reserving::new(file));
    write(&mut buffered)?;
    buffered.into_inner().map_err(|e| e.into_error())?.finish()
}

/// A new file written from its start, whose disk space is reserved ahead
/// of the writes in growing steps (`fallocate`): the file system then
/// allocates blocks once per step instead of page by page as the writes
/// come in, which halves the kernel's share of writing a large output
/// (ext4: 131 MB of `tmc json` in ~14 ms instead of ~25 ms, on the thread
/// that all the renderers wait on). The space reserved past the end is
/// given back by `finish`. Where reserving is refused (a file system
/// without it, a device, a full disk), the file is written as it is.
struct Reserving<'a> {
    file: &'a File,
    written: u64,
    reserved: u64,
    /// Whether to reserve: a regular file where reserving has not failed.
    reserving: bool,
    /// Whether reserving was tried (and may have grown the file).
    tried: bool,
}

/// The first step reserved, and the least one after it.
const RESERVE_STEP: u64 = 8 << 20;

impl<'a> Reserving<'a> {
    fn new(file: &'a File) -> Self {
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        Reserving {
            file,
            written: 0,
            reserved: 0,
            reserving: regular,
            tried: false,
        }
    }

    /// Reserves room for at least `more` bytes past what was written: a
    /// step half the size written so far (at least `RESERVE_STEP`), so
    /// that the steps are few and the excess is at most a third.
    fn reserve(&mut self, more: u64) {
        let step = (self.written / 2).max(RESERVE_STEP).max(more);
        let end = self.written + step;
        self.tried = true;
        if allocate(self.file, self.reserved, end - self.reserved).is_ok() {
            self.reserved = end;
        } else {
            // A failed reservation may have reserved part of the step.
            self.reserving = false;
        }
    }

    /// Cuts the file back to what was written.
    fn finish(self) -> io::Result<()> {
        if self.tried {
            self.file.set_len(self.written)?;
        }
        Ok(())
    }
}

impl Write for Reserving<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = buf.len() as u64;
        if self.reserving && self.written + len > self.reserved {
            self.reserve(len);
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Allocates `len` bytes of disk for `file` from `offset` (the file grows
/// to cover them).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn allocate(file: &File, offset: u64, len: u64) -> io::Result<()> {
    rustix::fs::fallocate(file, rustix::fs::FallocateFlags::empty(), offset, len)
        .map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn allocate(_: &File, _: u64, _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_only_when_complete() {
        let dir = std::env::temp_dir().join(format!("tmc-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.json");
        std::fs::write(&path, "old").unwrap();
        let failed = to(Some(&path), |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        })
        .unwrap();
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary left"
        );
        let done = to(Some(&path), |w| w.write_all(b"new")).unwrap();
        assert!(done.is_ok(), "{:?}", done.unwrap_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_is_as_long_as_what_was_written_whatever_was_reserved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        // Past the first reserved step, in pieces of odd sizes, and a
        // file smaller than one step.
        for size in [RESERVE_STEP as usize * 3 + 12_345, 10] {
            let text: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
            let done = to(Some(&path), |w| {
                text.chunks(700_001)
                    .try_for_each(|piece| w.write_all(piece))
            })
            .unwrap();
            assert!(done.is_ok());
            assert_eq!(std::fs::read(&path).unwrap(), text, "size {size}");
        }
    }

    #[test]
    fn devices_are_written_to_not_replaced() {
        let null = Path::new("/dev/null");
        let done = to(Some(null), |w| w.write_all(b"gone")).unwrap();
        assert!(done.is_ok());
        let m = std::fs::metadata(null).unwrap();
        assert!(!m.is_file(), "/dev/null is still a device");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_replaced_file() {
        let dir = std::env::temp_dir().join(format!("tmc-stream-link-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("real.json");
        let link = dir.join("link.json");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let done = to(Some(&link), |w| w.write_all(b"new")).unwrap();
        assert!(done.is_ok());
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unwritable_path_is_named_in_the_error() {
        let Err(CannotWrite { message, .. }) =
            to(Some(Path::new("/nonexistent-dir/x.json")), |w| {
                w.write_all(b"x")
            })
            .unwrap()
        else {
            panic!("writing into a missing folder succeeded");
        };
        assert!(
            message.starts_with("cannot write `/nonexistent-dir/x.json`: "),
            "{message}"
        );
    }
}
