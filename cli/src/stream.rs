//! Writing an output while it is produced, for outputs too large to build
//! in memory first (`tmc json` of a big model is over 100 MB): to stdout,
//! or to a file that is replaced only once complete (a temporary file
//! beside it, renamed over it), so a failure never leaves half a file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why an output file could not be written: a usage problem, reported as
/// `cannot write `PATH`: REASON`.
pub struct CannotWrite(pub String);

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
    let temporary = temporary_beside(path);
    let result = File::create(&temporary).and_then(|file| {
        let mut file = BufWriter::with_capacity(1 << 16, file);
        write(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temporary, path)
    });
    Ok(result.map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        CannotWrite(format!("cannot write `{}`: {e}", path.display()))
    }))
}

/// `dir/.name.tmc-PID`: in the same folder, so the rename stays on one
/// file system.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmc-{}", std::process::id()))
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
        assert!(done.is_ok());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unwritable_path_is_named_in_the_error() {
        let Err(CannotWrite(message)) = to(Some(Path::new("/nonexistent-dir/x.json")), |w| {
            w.write_all(b"x")
        })
        .unwrap() else {
            panic!("writing into a missing folder succeeded");
        };
        assert!(
            message.starts_with("cannot write `/nonexistent-dir/x.json`: "),
            "{message}"
        );
    }
}
