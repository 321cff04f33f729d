//! `tmc stale FILE --days N`: elements whose `sourceFiles` changed more
//! than N days after their model file, from git history (commits made at
//! chosen dates) or from file modification times; missing files are
//! warnings; exit 1 when something is stale, 0 otherwise.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

const DAY: u64 = 86_400;
/// 2024-01-01T12:00:00Z.
const JAN_1: u64 = 1_704_110_400;

const MODEL: &str = r#"model "Stale" { description = "d" }
Actor user "User"
Server web "Web Server" { sourceFiles = ["src/web.rs"] }
Process worker "Worker" { sourceFiles = ["worker/"] }
Datastore db "DB" { sourceFiles = ["db/schema.sql"] }
flow user -> web "Uses"
"#;

fn tmc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("tmc runs")
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn set_time(dir: &Path, path: &str, seconds: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(dir.join(path))
        .unwrap();
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
        .unwrap();
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn file_times_outside_git() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "app.tm", MODEL);
    write(d, "src/web.rs", "fn main() {}");
    write(d, "worker/a.rs", "");
    write(d, "worker/deep/b.rs", "");
    set_time(d, "app.tm", JAN_1);
    set_time(d, "src/web.rs", JAN_1 + 45 * DAY);
    set_time(d, "worker/a.rs", JAN_1 + 5 * DAY);
    set_time(d, "worker/deep/b.rs", JAN_1 + 10 * DAY);

    let out = tmc(d, &["stale", "app.tm", "--days", "30"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("stale: `web` (\"Web Server\"): src/web.rs changed on 2024-02-15, 45 days after app.tm (2024-01-01)"),
        "{stdout}"
    );
    assert!(!stdout.contains("`worker`"), "{stdout}");
    assert!(
        stderr.contains("warning: `db` (\"DB\"): source file `db/schema.sql` not found"),
        "{stderr}"
    );
    assert!(
        stdout.contains("3 objects with source files checked, 1 stale source file"),
        "{stdout}"
    );

    // The folder counts by its newest file, 10 days after the model.
    let out = tmc(d, &["stale", "app.tm", "--days", "7"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout
            .contains("stale: `worker` (\"Worker\"): worker/ changed on 2024-01-11, 10 days after"),
        "{stdout}"
    );

    let out = tmc(d, &["stale", "app.tm", "--days", "60"]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 stale source files"), "{stdout}");
}

fn git(dir: &Path, args: &[&str], date: Option<u64>) -> bool {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid");
    if let Some(seconds) = date {
        let stamp = format!("@{seconds} +0000");
        cmd.env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp);
    }
    cmd.output().map(|o| o.status.success()).unwrap_or(false)
}

fn commit(dir: &Path, paths: &[&str], seconds: u64) {
    let mut add = vec!["add", "--"];
    add.extend_from_slice(paths);
    assert!(git(dir, &add, None));
    assert!(git(dir, &["commit", "-q", "-m", "change"], Some(seconds)));
}

#[test]
fn git_history_decides_for_tracked_clean_files() {
    if !support::tool("git", "git") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(git(d, &["init", "-q"], None));
    write(d, "app.tm", MODEL);
    write(d, "src/web.rs", "v1");
    write(d, "worker/a.rs", "v1");
    write(d, "db/schema.sql", "create table t (x int);");
    commit(
        d,
        &["app.tm", "src/web.rs", "worker/a.rs", "db/schema.sql"],
        JAN_1,
    );
    write(d, "src/web.rs", "v2");
    commit(d, &["src/web.rs"], JAN_1 + 40 * DAY);
    write(d, "worker/a.rs", "v2");
    commit(d, &["worker/a.rs"], JAN_1 + 20 * DAY);
    // File times say nothing useful: git decides.
    for f in ["app.tm", "src/web.rs", "worker/a.rs", "db/schema.sql"] {
        set_time(d, f, JAN_1 + 500 * DAY);
    }
    set_time(d, "app.tm", JAN_1);

    let out = tmc(d, &["stale", "app.tm", "--days", "30"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("stale: `web` (\"Web Server\"): src/web.rs changed on 2024-02-10, 40 days after app.tm (2024-01-01)"),
        "{stdout}"
    );
    assert!(!stdout.contains("`worker`"), "{stdout}");
    assert!(!stdout.contains("`db`"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");

    // A file modified in the working tree counts by its modification time.
    write(d, "db/schema.sql", "create table t (x int, y int);");
    set_time(d, "db/schema.sql", JAN_1 + 100 * DAY);
    let out = tmc(d, &["stale", "app.tm", "--days", "30"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout
            .contains("stale: `db` (\"DB\"): db/schema.sql changed on 2024-04-10, 100 days after"),
        "{stdout}"
    );

    // So does an untracked file in a source folder.
    write(d, "worker/new.rs", "");
    set_time(d, "worker/new.rs", JAN_1 + 90 * DAY);
    set_time(d, "worker/a.rs", JAN_1 + 20 * DAY);
    let out = tmc(d, &["stale", "app.tm", "--days", "30"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout
            .contains("stale: `worker` (\"Worker\"): worker/ changed on 2024-03-31, 90 days after"),
        "{stdout}"
    );
}

#[test]
fn ignored_files_leave_a_folder_to_git_and_deleted_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(git(d, &["init", "-q"], None));
    write(d, "app.tm", MODEL);
    write(d, "worker/a.rs", "v1");
    write(d, "worker/b.rs", "v1");
    write(d, ".gitignore", "build/\n*.o\n");
    commit(
        d,
        &["app.tm", "worker/a.rs", "worker/b.rs", ".gitignore"],
        JAN_1,
    );
    // Ignored output, much newer: git still decides (no change).
    write(d, "worker/build/out.bin", "");
    write(d, "worker/a.o", "");
    set_time(d, "worker/build/out.bin", JAN_1 + 300 * DAY);
    set_time(d, "worker/a.o", JAN_1 + 300 * DAY);
    set_time(d, "worker/a.rs", JAN_1 + 300 * DAY);
    set_time(d, "app.tm", JAN_1);
    let out = tmc(d, &["stale", "app.tm", "--days", "30"]);
    let (stdout, _) = text(&out);
    assert!(!stdout.contains("`worker`"), "{stdout}");

    // A tracked file deleted: the folder goes by its files' times.
    std::fs::remove_file(d.join("worker/b.rs")).unwrap();
    let out = tmc(d, &["stale", "app.tm", "--days", "30"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains(
            "stale: `worker` (\"Worker\"): worker/ changed on 2024-10-27, 300 days after"
        ),
        "{stdout}"
    );
}
