//! `tmc stale FILE --days N`: the I/O edge of `tmc_compiler::stale`. A
//! path's last change is its last commit (`git log -1 --format=%ct`) when
//! it is tracked in a git work tree and unmodified there, otherwise its
//! modification time; a folder counts by its newest file. Exit 1 when a
//! source is stale (to gate CI), 0 otherwise, 2 on usage or I/O errors.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::UNIX_EPOCH;

use tmc_compiler::stale;

pub fn run(files: &[PathBuf], days: u32, color: super::Color) -> std::io::Result<ExitCode> {
    let c = tmc_compiler::compile(files, &crate::RuleArgs::default().options());
    super::print_diagnostics(&c, color)?;
    let code = super::exit_code(&c);
    let Some(model) = c.model.as_ref().filter(|_| code == super::OK) else {
        return Ok(ExitCode::from(code));
    };
    let report = stale::check(model, &c.sources, days, &mut last_change);
    for file in &report.unknown_models {
        let file = super::shown(file);
        eprintln!("warning: cannot tell when `{file}` last changed");
    }
    for m in &report.missing {
        eprintln!(
            "warning: `{}` (\"{}\"): source file `{}` not found (looked for {})",
            m.id,
            super::shown(&m.name),
            super::shown(&m.source),
            super::shown(m.looked_at.display())
        );
    }
    let text = stale::render(&report, days);
    super::emit(&tmc_compiler::escape::terminal::text(&text))?;
    Ok(ExitCode::from(if report.stale.is_empty() { 0 } else { 1 }))
}

/// Seconds since the epoch of a path's last change; `None` if it is missing.
fn last_change(path: &Path) -> Option<i64> {
    let meta = std::fs::metadata(path).ok()?;
    git_time(path, meta.is_dir()).or_else(|| modified(path, meta.is_dir()))
}

/// The last commit touching `path`, when git tracks it and it is clean.
fn git_time(path: &Path, is_dir: bool) -> Option<i64> {
    let abs = std::fs::canonicalize(path).ok()?;
    let dir = if is_dir {
        abs.clone()
    } else {
        abs.parent()?.to_path_buf()
    };
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .arg("--")
            .arg(&abs)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let tracked = git(&["ls-files"])?;
    let dirty = git(&["status", "--porcelain", "--untracked-files=all"])?;
    if tracked.is_empty() || !dirty.is_empty() {
        return None;
    }
    git(&["log", "-1", "--format=%ct"])?.parse().ok()
}

/// The modification time of a file, or of the newest file in a folder.
fn modified(path: &Path, is_dir: bool) -> Option<i64> {
    let own = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let seconds = |t: std::time::SystemTime| match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    };
    if !is_dir {
        return own.map(seconds);
    }
    let mut newest: Option<i64> = None;
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push(p),
                Ok(m) => {
                    if let Ok(t) = m.modified() {
                        newest = Some(newest.map_or(seconds(t), |n| n.max(seconds(t))));
                    }
                }
                Err(_) => {}
            }
        }
    }
    newest.or(own.map(seconds))
}
