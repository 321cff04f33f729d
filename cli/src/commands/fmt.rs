//! `tmc fmt`: rewrites .tm files in the canonical layout, or lists them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::term::termcolor::StandardStream;
use tmc_syntax::diagnostic;

use crate::shared::{color_choice, emit, shown, Context, MODEL_ERRORS, OK, USAGE};
use crate::stream;

/// `tmc fmt`: formats each file in place (only when it changes), or stdin
/// to stdout. With `--check`, writes nothing and lists the files that are
/// not formatted. Exit 1 on a syntax error or an unformatted file (with
/// `--check`), 2 when a file cannot be read or written.
pub fn run(ctx: &Context, files: &[PathBuf], check: bool) -> std::io::Result<ExitCode> {
    let stdin = Path::new("-");
    let targets: Vec<&Path> = if files.is_empty() {
        vec![stdin]
    } else {
        files.iter().map(PathBuf::as_path).collect()
    };
    let choice = color_choice(ctx.color);
    let (mut errors, mut unformatted, mut io_failed) = (0, false, false);
    for path in targets {
        let from_stdin = path == stdin;
        let name = if from_stdin {
            "<stdin>".to_string()
        } else {
            shown(path.display())
        };
        let read = if from_stdin {
            // The same limits as files: a size cap, and where the first
            // byte that is not UTF-8 is.
            tmc_compiler::RealFs::read_text(std::io::stdin().lock(), 0)
        } else {
            // Through the compiler's reader: a regular file only, the size
            // limit, and where the first byte that is not UTF-8 is.
            tmc_compiler::RealFs::read_file(path)
        };
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read `{name}`: {e}");
                io_failed = true;
                continue;
            }
        };
        match tmc_syntax::format::format(&text) {
            Err(d) => {
                let mut sources = tmc_compiler::Sources::new();
                sources.add(name, text);
                let mut stderr = StandardStream::stderr(choice);
                diagnostic::render_human(&sources, &[d], &mut stderr)?;
                errors += 1;
            }
            Ok(out) if out == text && !from_stdin => {}
            Ok(out) if check => {
                if out != text {
                    emit(&format!("{name}\n"))?;
                    unformatted = true;
                }
            }
            Ok(out) if from_stdin => emit(&out)?,
            Ok(out) => {
                // Replaced whole, keeping its permissions (`outfile`).
                if let Err(e) = stream::to(Some(path), |w| w.write_all(out.as_bytes()))? {
                    e.report();
                    io_failed = true;
                }
            }
        }
    }
    if errors > 0 {
        let mut stderr = StandardStream::stderr(choice);
        writeln!(
            stderr,
            "{errors} error{} found",
            if errors == 1 { "" } else { "s" }
        )?;
    }
    Ok(ExitCode::from(if io_failed {
        USAGE
    } else if errors > 0 || unformatted {
        MODEL_ERRORS
    } else {
        OK
    }))
}
