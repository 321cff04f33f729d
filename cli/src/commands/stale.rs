//! `tmc stale FILE --days N`: the I/O edge of `tmc_compiler::stale`. A
//! path's last change is its last commit when it is tracked in the
//! model's git repository and unmodified there (`history`, read
//! in-process: nothing is executed), otherwise its modification time; a
//! folder counts by its newest file (`scan`). Source paths outside the
//! project folder are reported and not looked at, unless
//! `--allow-outside-imports`. Exit 1 when a source is stale (to gate CI),
//! 0 otherwise, 2 on usage or I/O errors.

mod history;
mod scan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gix::bstr::BString;

use tmc_compiler::stale::{self, Outside, Projects, ALLOW_OUTSIDE};
use tmc_compiler::RealFs;

use history::Repo;
use scan::Scan;

use crate::args::RuleArgs;
use crate::shared::{emit, exit_code, print_diagnostics, shown, Context, OK};

pub fn run(ctx: &Context, files: &[PathBuf], days: u32) -> std::io::Result<ExitCode> {
    let options = ctx.options(&RuleArgs::default());
    let c = tmc_compiler::compile(files, &options);
    print_diagnostics(&c, ctx.color)?;
    let code = exit_code(&c);
    let Some(model) = c.model.as_ref().filter(|_| code == OK) else {
        return Ok(ExitCode::from(code));
    };
    let projects = (!options.allow_outside_imports).then(|| Projects::of(files, &RealFs));
    let listed = stale::sources(model, &c.sources, projects.as_ref(), &RealFs);
    let times = last_changes(files, &stale::paths_to_date(&listed));
    let report = stale::check(&listed, days, &|p| times.get(p).copied().flatten());
    warn(&report, projects.as_ref());
    emit(&tmc_syntax::escape::terminal::text(&stale::render(
        &report, days,
    )))?;
    Ok(ExitCode::from(if report.stale.is_empty() { 0 } else { 1 }))
}

fn warn(report: &stale::Report, projects: Option<&Projects>) {
    for file in &report.unknown_models {
        let file = shown(file);
        eprintln!("warning: cannot tell when `{file}` last changed");
    }
    // Said the same way whether or not the path exists.
    for s in &report.outside {
        let how = match s.outside {
            Some(Outside::Link) => " (a symbolic link on the way leads out of it)",
            _ => "",
        };
        eprintln!(
            "warning: `{}` (\"{}\"): source file `{}` is outside the project folder{how}",
            s.id,
            shown(&s.name),
            shown(&s.source)
        );
    }
    if let (false, Some(projects)) = (report.outside.is_empty(), projects) {
        eprintln!(
            "  = source files must be in the folder of the root file, or below it ({}); {ALLOW_OUTSIDE}",
            shown(projects.describe())
        );
    }
    for m in &report.missing {
        eprintln!(
            "warning: `{}` (\"{}\"): source file `{}` not found (looked for {})",
            m.id,
            shown(&m.name),
            shown(&m.source),
            shown(m.path.display())
        );
    }
}

/// The last change of each path (`None`: it does not exist): its last
/// commit in the repository of a root file's folder when unmodified there,
/// else its (newest file's) modification time. The commits are found in
/// one walk per repository.
fn last_changes(roots: &[PathBuf], paths: &[PathBuf]) -> HashMap<PathBuf, Option<i64>> {
    let scans: Vec<Option<Scan>> = paths.iter().map(|p| scan::scan(p)).collect();
    let repos = repositories(roots);
    let owners: Vec<Option<usize>> = scans
        .iter()
        .map(|s| s.as_ref().and_then(|s| owner(&repos, &s.real)))
        .collect();
    let mut committed: Vec<Option<i64>> = vec![None; paths.len()];
    for (r, repo) in repos.iter().enumerate() {
        let mine = scans
            .iter()
            .enumerate()
            .filter(|(i, _)| owners[*i] == Some(r))
            .filter_map(|(i, scan)| Some((i, scan.as_ref()?)));
        let (asked, rels): (Vec<usize>, Vec<BString>) = unmodified(repo, mine).unzip();
        if rels.is_empty() {
            continue;
        }
        match repo.last_commits(&rels) {
            Ok(times) => {
                for (i, t) in asked.into_iter().zip(times) {
                    committed[i] = t;
                }
            }
            Err(e) => unreadable(repo, &e),
        }
    }
    paths
        .iter()
        .zip(scans.iter().zip(committed))
        .map(|(p, (scan, commit))| {
            let time = scan.as_ref().and_then(|s| commit.or_else(|| s.newest()));
            (p.clone(), time)
        })
        .collect()
}

/// Which of `scans` (numbered) are unmodified in `repo`, each with its
/// path in the repository.
fn unmodified<'a>(
    repo: &'a Repo,
    scans: impl Iterator<Item = (usize, &'a Scan)> + 'a,
) -> impl Iterator<Item = (usize, BString)> + 'a {
    scans.filter_map(|(i, scan)| {
        let rel = repo.relative(&scan.real)?;
        match repo.unmodified(&rel, scan) {
            Ok(true) => Some((i, rel)),
            Ok(false) => None,
            Err(e) => {
                unreadable(repo, &e);
                None
            }
        }
    })
}

/// The repositories of the root files' folders, each once.
fn repositories(roots: &[PathBuf]) -> Vec<Repo> {
    let mut repos: Vec<Repo> = Vec::new();
    for root in roots {
        let dir = match root.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        match Repo::find(dir) {
            Ok(Some(repo)) if !repos.iter().any(|r| r.root() == repo.root()) => repos.push(repo),
            Ok(_) => {}
            Err(e) => eprintln!(
                "warning: cannot read the git history of `{}` ({}); using file times",
                shown(dir.display()),
                shown(e)
            ),
        }
    }
    repos
}

/// The repository whose work tree holds `real` (the innermost).
fn owner(repos: &[Repo], real: &Path) -> Option<usize> {
    (0..repos.len())
        .filter(|&r| real.starts_with(repos[r].root()))
        .max_by_key(|&r| repos[r].root().as_os_str().len())
}

fn unreadable(repo: &Repo, e: &str) {
    eprintln!(
        "warning: cannot read the git history of `{}` ({}); using file times",
        shown(repo.root().display()),
        shown(e)
    );
}
