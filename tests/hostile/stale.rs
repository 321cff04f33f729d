//! `tmc stale` on hostile repositories and paths (issue #19, item 1). It
//! used to run `git -C <folder of each source file>`: a folder that is a
//! git directory, committed into the project with `core.fsmonitor` set in
//! its config, ran that command on the machine of whoever ran `tmc stale`
//! on a clone. And `sourceFiles` were not confined: `["/"]` walked the
//! whole disk, and "not found" told which files exist outside the project.
//! Now git history is read in-process (nothing is executed) and
//! `sourceFiles` obey the rule imports obey.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{scratch, tmc, write, Run};

/// Runs git with no system or user configuration; false when it fails.
fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .expect("git is needed to build the fixture repositories")
        .status
        .success()
}

fn commit_all(dir: &Path) {
    assert!(git(dir, &["add", "-A"]));
    assert!(git(dir, &["commit", "-q", "-m", "c"]));
}

/// A model whose one server lists `sources`.
fn model(sources: &[&str]) -> String {
    let list: Vec<String> = sources.iter().map(|s| format!("{s:?}")).collect();
    format!(
        "model \"M\" {{ description = \"d\" }}\nServer s \"S\" {{ sourceFiles = [{}] }}\n",
        list.join(", ")
    )
}

/// A repository `origin` with a git directory `evil.git` committed in it,
/// whose config runs `hook` (a script that creates `marker`) as its
/// fsmonitor, cloned to `clone`, where `tmc stale` is run. Returns the
/// clone and the marker.
fn poisoned_clone(dir: &Path, sources: &[&str]) -> (PathBuf, PathBuf) {
    let origin = dir.join("origin");
    let marker = dir.join("MARKER");
    let hook = write(
        dir,
        "hook.sh",
        format!("#!/bin/sh\ntouch '{}'\n", marker.display()),
    );
    assert!(Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .unwrap()
        .success());
    std::fs::create_dir_all(&origin).unwrap();
    assert!(git(&origin, &["init", "-q"]));
    assert!(git(&origin, &["init", "-q", "--bare", "evil.git"]));
    let evil = origin.join("evil.git");
    for (key, value) in [
        ("core.fsmonitor", hook.to_str().unwrap()),
        ("core.bare", "false"),
        ("core.worktree", ".."),
    ] {
        assert!(git(&evil, &["config", "--file", "config", key, value]));
    }
    // Git keeps no empty folders: files in `objects/` and `refs/` keep
    // the clone's copy a git directory.
    write(&evil, "objects/.keep", "");
    write(&evil, "refs/.keep", "");
    write(&origin, "app.tm", model(sources));
    commit_all(&origin);
    assert!(git(dir, &["clone", "-q", "origin", "clone"]));
    let clone = dir.join("clone");
    assert!(
        clone.join("evil.git/config").exists(),
        "the git directory is committed"
    );
    // The trap works: git itself runs the hook in it.
    let _ = git(&clone.join("evil.git"), &["ls-files"]);
    assert!(marker.exists(), "the fixture's hook runs under git");
    std::fs::remove_file(&marker).unwrap();
    (clone, marker)
}

#[test]
fn a_committed_git_directory_with_an_fsmonitor_runs_nothing() {
    let dir = scratch();
    let sources = ["evil.git/config", "evil.git", "evil.git/hooks/"];
    let (clone, marker) = poisoned_clone(dir.path(), &sources);
    let run = tmc(&clone, &["stale", "app.tm", "--days", "30"]);
    run.exits(0);
    assert!(!marker.exists(), "tmc stale ran the repository's fsmonitor");
    assert!(
        run.stdout
            .contains("1 object with source files checked, 0 stale"),
        "{}",
        run.stdout
    );
}

/// A `git` first on the PATH that leaves a marker: `tmc stale` must not
/// start it (nor anything else that looks git up on the PATH).
#[cfg(unix)]
#[test]
fn no_git_is_started() {
    let dir = scratch();
    let d = dir.path();
    let bin = d.join("bin");
    let marker = d.join("STARTED");
    let fake = write(
        &bin,
        "git",
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", marker.display()),
    );
    assert!(Command::new("chmod")
        .arg("+x")
        .arg(&fake)
        .status()
        .unwrap()
        .success());
    let repo = d.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    assert!(git(&repo, &["init", "-q"]));
    write(&repo, "src/a.rs", "a");
    write(&repo, "app.tm", model(&["src/a.rs", "src"]));
    commit_all(&repo);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(["stale", "app.tm", "--days", "1"])
        .current_dir(&repo)
        .env("PATH", path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!marker.exists(), "tmc stale started `git`");
}

/// strace(1) sees exactly one program started: tmc itself.
#[cfg(target_os = "linux")]
#[test]
fn strace_sees_no_program_started() {
    if !crate::support::tool("strace", "strace") {
        return;
    }
    let dir = scratch();
    let sources = ["evil.git/config", "evil.git"];
    let (clone, marker) = poisoned_clone(dir.path(), &sources);
    let log = dir.path().join("strace.log");
    let out = Command::new("strace")
        .arg("-f")
        .args(["-e", "trace=execve,execveat", "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_tmc"))
        .args(["stale", "app.tm", "--days", "30"])
        .current_dir(&clone)
        .output()
        .unwrap();
    let trace = std::fs::read_to_string(&log).unwrap_or_default();
    if !out.status.success() && trace.is_empty() {
        crate::support::required(&format!("strace cannot trace here: {out:?}"));
        return;
    }
    let execs: Vec<&str> = trace.lines().filter(|l| l.contains("execve")).collect();
    assert_eq!(execs.len(), 1, "{trace}");
    assert!(execs[0].contains(env!("CARGO_BIN_EXE_tmc")), "{trace}");
    assert!(!marker.exists());
}

// ---------------------------------------------------------------- confinement

/// `proj/` with a model naming `sources`, and `outside/exists.txt` beside it.
fn project_with(dir: &Path, sources: &[&str]) -> PathBuf {
    write(dir, "outside/exists.txt", "TOPSECRET");
    write(dir, "proj/src/a.rs", "fn main() {}");
    write(dir, "proj/app.tm", model(sources));
    dir.join("proj")
}

/// The warnings of a run, with `` `from` `` written as `` `to` ``.
fn warnings(run: &Run, from: &str, to: &str) -> String {
    run.stderr.replace(&format!("`{from}`"), &format!("`{to}`"))
}

#[test]
fn source_files_outside_the_project_are_refused_without_telling_whether_they_exist() {
    let dir = scratch();
    let d = dir.path();
    let abs = |name: &str| d.join("outside").join(name).display().to_string();
    for (exists, missing) in [
        (
            "../outside/exists.txt".to_string(),
            "../outside/missing.txt".to_string(),
        ),
        ("../outside".to_string(), "../elsewhere".to_string()),
        (abs("exists.txt"), abs("missing.txt")),
        ("/".to_string(), "/no-such-folder-tmc".to_string()),
        (
            "src/../../outside/exists.txt".to_string(),
            "src/../../outside/missing.txt".to_string(),
        ),
    ] {
        let proj = project_with(d, &[&exists]);
        let seen = tmc(&proj, &["stale", "app.tm", "--days", "30"]);
        seen.exits(0).says(&[
            &format!("warning: `s` (\"S\"): source file `{exists}` is outside the project folder"),
            "to read it anyway, pass `--allow-outside-imports`",
        ]);
        assert!(!seen.stderr.contains("not found"), "{}", seen.stderr);
        assert!(!seen.stderr.contains("TOPSECRET"));
        write(d, "proj/app.tm", model(&[&missing]));
        let unseen = tmc(&proj, &["stale", "app.tm", "--days", "30"]);
        unseen.exits(0);
        assert_eq!(
            warnings(&seen, &exists, "PATH"),
            warnings(&unseen, &missing, "PATH"),
            "the message tells whether `{exists}` exists"
        );
        assert_eq!(seen.stdout, unseen.stdout);
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_project_is_outside_whether_or_not_its_target_exists() {
    let dir = scratch();
    let d = dir.path();
    let proj = project_with(d, &["link/exists.txt"]);
    std::os::unix::fs::symlink(d.join("outside"), proj.join("link")).unwrap();
    std::os::unix::fs::symlink(d.join("outside/exists.txt"), proj.join("pointer")).unwrap();
    std::os::unix::fs::symlink(d.join("outside/missing.txt"), proj.join("dangler")).unwrap();
    let run = |sources: &[&str]| {
        write(d, "proj/app.tm", model(sources));
        tmc(&proj, &["stale", "app.tm", "--days", "30"])
    };
    let pairs = [
        ("link/exists.txt", "link/missing.txt"),
        ("pointer", "dangler"),
        ("link", "link/missing-folder/"),
    ];
    for (exists, missing) in pairs {
        let seen = run(&[exists]);
        seen.exits(0).says(&[&format!(
            "source file `{exists}` is outside the project folder (a symbolic link on the way leads out of it)"
        )]);
        let unseen = run(&[missing]);
        assert_eq!(
            warnings(&seen, exists, "PATH"),
            warnings(&unseen, missing, "PATH")
        );
    }
}

#[test]
fn allow_outside_imports_lets_source_files_be_read_anywhere() {
    let dir = scratch();
    let d = dir.path();
    let proj = project_with(d, &["../outside/exists.txt", "../outside/missing.txt"]);
    let run = tmc(
        &proj,
        &["--allow-outside-imports", "stale", "app.tm", "--days", "30"],
    );
    run.exits(0)
        .says(&["source file `../outside/missing.txt` not found"]);
    assert!(
        !run.stderr.contains("outside the project"),
        "{}",
        run.stderr
    );
}

/// A folder's walk does not follow links: a link in it to a folder outside
/// neither counts nor is walked.
#[cfg(unix)]
#[test]
fn a_source_folder_walk_does_not_follow_links() {
    let dir = scratch();
    let d = dir.path();
    let proj = project_with(d, &["src"]);
    std::os::unix::fs::symlink("/", proj.join("src/root")).unwrap();
    std::os::unix::fs::symlink(d.join("outside"), proj.join("src/out")).unwrap();
    let run = tmc(&proj, &["stale", "app.tm", "--days", "30"]);
    run.exits(0);
    assert!(
        run.took < std::time::Duration::from_secs(20),
        "{:?}",
        run.took
    );
}
