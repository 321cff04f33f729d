//! Output files (issue #19, item 5), through the binary, for every command
//! that writes one (`-o`, `sqldump`, `fmt` in place, `import-pytm -o`): a
//! link planted at any name tmc could use for its temporary file does not
//! redirect the write; a replaced file keeps its permissions; an output
//! that is one of the inputs is refused before anything is written; a
//! failed write and SIGTERM or SIGINT mid-write leave the old file and no
//! temporary file; on Linux even SIGKILL leaves none (docs/robustness.md,
//! "Output files").

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{scratch, tmc, write, Run, HEADER, MODEL};

/// The model unformatted, for `tmc fmt` (which writes only a file it
/// changes).
const UNFORMATTED: &str =
    "model \"M\" {description=\"d\"}\nServer s \"S\"\nActor u \"U\"\nflow u -> s \"f\"\n";

/// Every command that writes a file, with `OUT` for the file it writes;
/// run in a folder made by `project`.
const WRITERS: &[&[&str]] = &[
    &["json", "m.tm", "-o", "OUT"],
    &["threats", "m.tm", "-o", "OUT"],
    &["threats", "m.tm", "--format", "sarif", "-o", "OUT"],
    &["check", "m.tm", "-o", "OUT"],
    &["check", "m.tm", "--format", "json", "-o", "OUT"],
    &["dfd", "m.tm", "-o", "OUT"],
    &["dfd", "m.tm", "--format", "svg", "-o", "OUT"],
    &["seq", "m.tm", "-o", "OUT"],
    &["report", "m.tm", "-o", "OUT"],
    &["report", "m.tm", "--format", "html", "-o", "OUT"],
    &["sqldump", "m.tm", "OUT"],
    &["import-pytm", "pytm.json", "-o", "OUT"],
    &["fmt", "OUT"],
];

const OUT: &str = "out.txt";

/// A folder with the model `model` as `m.tm` and pytm's JSON of a model.
fn project(model: &str) -> tempfile::TempDir {
    let dir = scratch();
    write(dir.path(), "m.tm", model);
    let pytm = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import_pytm/webapp.json");
    std::fs::copy(pytm, dir.path().join("pytm.json")).expect("pytm's JSON");
    dir
}

/// `writer`'s arguments, writing to `out`.
fn args<'a>(writer: &[&'a str], out: &'a str) -> Vec<&'a str> {
    writer
        .iter()
        .map(|&a| if a == "OUT" { out } else { a })
        .collect()
}

/// What the output file holds before the run: a model to format for
/// `fmt`, else any old content.
fn old(writer: &[&str]) -> &'static str {
    if writer[0] == "fmt" {
        UNFORMATTED
    } else {
        "old\n"
    }
}

/// Runs `script` with `sh`, `$TMC` being tmc and `$@` `args`.
fn sh(dir: &Path, script: &str, args: &[&str]) -> Run {
    let start = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .args(args)
        .current_dir(dir)
        .env("TMC", env!("CARGO_BIN_EXE_tmc"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: start.elapsed(),
    }
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder lists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("the file")
        .permissions()
        .mode()
        & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

// ---------------------------------------------------------------- links

/// The names tmc's temporary files had (`.NAME.tmc-TAG-PID`, the PID being
/// the shell's, which `exec` hands to tmc) and those other tools use.
const PLANTED: &[&str] = &[
    ".out.txt.tmc-out-$$",
    ".out.txt.tmc-fmt-$$",
    ".out.txt.tmc-sqldump-$$",
    ".out.txt.tmc-json-$$",
    ".out.txt.tmp",
    "out.txt.tmp",
    "out.txt~",
    ".out.txt.swp",
    "out.txt-journal",
];

#[cfg(unix)]
#[test]
fn a_link_planted_at_a_temporary_name_does_not_redirect_the_output() {
    let plant: String = PLANTED
        .iter()
        .map(|name| format!("ln -s victim \"{name}\"; "))
        .collect();
    let script = format!("{plant}exec \"$TMC\" \"$@\"");
    for writer in WRITERS {
        let dir = project(MODEL);
        let victim = write(dir.path(), "victim", "VICTIM\n");
        set_mode(&victim, 0o644);
        let out = write(dir.path(), OUT, old(writer));
        let run = sh(dir.path(), &script, &args(writer, OUT));
        run.exits(0);
        let kept = std::fs::read_to_string(&victim).unwrap() == "VICTIM\n";
        assert!(kept, "{writer:?} wrote through a planted link");
        assert_eq!(mode(&victim), 0o644, "{writer:?} changed the victim's mode");
        let written = std::fs::symlink_metadata(&out).unwrap();
        assert!(written.is_file(), "{writer:?}");
        assert_ne!(
            std::fs::read(&out).unwrap(),
            old(writer).as_bytes(),
            "{writer:?}"
        );
        let links = names(dir.path())
            .into_iter()
            .filter(|n| std::fs::read_link(dir.path().join(n)).is_ok())
            .count();
        assert_eq!(links, PLANTED.len(), "{writer:?}: the links are left alone");
        assert_eq!(names(dir.path()).len(), PLANTED.len() + 4, "{writer:?}");
    }
}

/// A link that another user made in a shared folder (sticky, writable by
/// all, like /tmp) is not written through, as the kernel's
/// `protected_symlinks` would not follow it; needs root to make the link
/// another user's.
#[cfg(unix)]
#[test]
fn a_link_another_user_made_in_a_shared_folder_is_not_written_through() {
    let dir = project(MODEL);
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    set_mode(&shared, 0o1777);
    let victim = write(dir.path(), "victim", "VICTIM\n");
    let link = shared.join("out.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    if std::os::unix::fs::lchown(&link, Some(65534), None).is_err() {
        crate::support::skipped("giving a link to another user needs root");
        return;
    }
    tmc(dir.path(), &["json", "m.tm", "-o", "shared/out.json"])
        .exits(2)
        .says(&["cannot write `shared/out.json`: a symbolic link that another user made"]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "VICTIM\n");
    // Our own link there is followed.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    tmc(dir.path(), &["json", "m.tm", "-o", "shared/out.json"]).exits(0);
    assert!(std::fs::read_to_string(&victim).unwrap().starts_with('{'));
}

// ---------------------------------------------------------------- permissions

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_umask() {
    for writer in WRITERS {
        let dir = project(MODEL);
        let out = write(dir.path(), OUT, old(writer));
        set_mode(&out, 0o600);
        tmc(dir.path(), &args(writer, OUT)).exits(0);
        assert_ne!(
            std::fs::read(&out).unwrap(),
            old(writer).as_bytes(),
            "{writer:?}"
        );
        assert_eq!(mode(&out), 0o600, "{writer:?}");
        if writer[0] == "fmt" {
            continue; // formats only a file that is there
        }
        std::fs::remove_file(&out).unwrap();
        sh(
            dir.path(),
            "umask 027; exec \"$TMC\" \"$@\"",
            &args(writer, OUT),
        )
        .exits(0);
        assert_eq!(mode(&out), 0o640, "{writer:?}: 0666 less the umask");
        assert_eq!(names(dir.path()), ["m.tm", OUT, "pytm.json"], "{writer:?}");
    }
}

// ---------------------------------------------------------------- inputs

#[test]
fn an_output_that_is_one_of_the_inputs_is_refused() {
    let dir = project(MODEL);
    let root = dir.path();
    write(root, "rules.tm", super::rule("true"));
    write(root, "t.j2", "{{ model.name }}\n");
    write(
        root,
        "app.tm",
        format!("{HEADER}import \"lib.tm\"\nServer s \"S\"\n"),
    );
    write(root, "lib.tm", "Actor u \"U\"\n");
    write(
        root,
        "own.tm",
        "model \"M\" { description = \"d\" threatsFile = \"own-rules.tm\" }\nServer s \"S\"\n",
    );
    write(root, "own-rules.tm", super::rule("true"));
    write(
        root,
        "broken.tm",
        format!("{HEADER}Server s \"S\" {{ nosuch = 1 }}\n"),
    );
    std::fs::hard_link(root.join("m.tm"), root.join("same.db")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("m.tm", root.join("link.json")).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["json", "m.tm", "-o", "m.tm"], "m.tm"),
        (&["json", "m.tm", "-o", "./sub/../m.tm"], "m.tm"),
        (&["json", "m.tm", "-o", "same.db"], "m.tm"),
        (&["json", "app.tm", "-o", "lib.tm"], "lib.tm"),
        (&["json", "own.tm", "-o", "own-rules.tm"], "own-rules.tm"),
        (&["threats", "m.tm", "-o", "m.tm"], "m.tm"),
        (
            &["threats", "m.tm", "--threats", "rules.tm", "-o", "rules.tm"],
            "rules.tm",
        ),
        (
            &["threats", "m.tm", "--format", "sarif", "-o", "m.tm"],
            "m.tm",
        ),
        (&["check", "m.tm", "-o", "m.tm"], "m.tm"),
        (
            &["check", "m.tm", "--format", "sarif", "-o", "m.tm"],
            "m.tm",
        ),
        // Diagnostics as JSON are written for a model with errors too.
        (
            &["check", "broken.tm", "--format", "json", "-o", "broken.tm"],
            "broken.tm",
        ),
        (&["dfd", "m.tm", "-o", "m.tm"], "m.tm"),
        (
            &["dfd", "app.tm", "--format", "svg", "-o", "app.tm"],
            "app.tm",
        ),
        (&["seq", "app.tm", "-o", "lib.tm"], "lib.tm"),
        (&["report", "m.tm", "-o", "m.tm"], "m.tm"),
        (
            &["report", "m.tm", "--template", "t.j2", "-o", "t.j2"],
            "t.j2",
        ),
        (&["sqldump", "m.tm", "same.db"], "m.tm"),
        (
            &["sqldump", "--threats", "rules.tm", "m.tm", "rules.tm"],
            "rules.tm",
        ),
        (
            &["import-pytm", "pytm.json", "-o", "pytm.json"],
            "pytm.json",
        ),
        #[cfg(unix)]
        (&["json", "m.tm", "-o", "link.json"], "m.tm"),
    ];
    for (args, input) in cases {
        let before: Vec<(String, Vec<u8>)> = names(root)
            .into_iter()
            .filter(|n| root.join(n).is_file())
            .map(|n| (n.clone(), std::fs::read(root.join(&n)).unwrap()))
            .collect();
        let run = tmc(root, args);
        run.exits(2);
        if args[0] == "sqldump" && args.last().is_some_and(|a| a.ends_with(".tm")) {
            run.says(&["looks like a model file; refusing to overwrite it"]);
        } else {
            run.says(&[
                &format!(
                    "error: refusing to write `{}`: it is `",
                    args.last().unwrap()
                ),
                &format!("{input}`, a file this command reads"),
                "= write the output to another file",
            ]);
        }
        let after: Vec<(String, Vec<u8>)> = names(root)
            .into_iter()
            .filter(|n| root.join(n).is_file())
            .map(|n| (n.clone(), std::fs::read(root.join(&n)).unwrap()))
            .collect();
        assert!(before == after, "{args:?} changed the folder");
    }
}

// ---------------------------------------------------------------- failures

/// `n` servers, each with a flow to the next.
fn big_model(n: usize) -> String {
    let mut text = String::from(HEADER);
    for i in 0..n {
        text.push_str(&format!("Server s{i} \"Server {i}\"\n"));
    }
    for i in 0..n {
        text.push_str(&format!(
            "flow f{i}: s{i} -> s{} \"Flow {i}\"\n",
            (i + 1) % n
        ));
    }
    text
}

#[test]
fn a_template_failing_halfway_leaves_the_old_file_and_no_temporary() {
    let dir = project(MODEL);
    // Far more than one buffer of output before the failure.
    let template = "{% for i in range(30000) %}line {{ i }}\n{% endfor %}{{ 1 / 0 }}";
    write(dir.path(), "t.j2", template);
    let out = write(dir.path(), "report.md", "old\n");
    let before = names(dir.path());
    tmc(
        dir.path(),
        &["report", "m.tm", "--template", "t.j2", "-o", "report.md"],
    )
    .exits(2)
    .says(&["unable to calculate 1 / 0"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    assert_eq!(names(dir.path()), before);
}

/// A write past the size limit (`ulimit -f`) fails: every command reports
/// it and leaves the old file, and no temporary file. Commands whose output
/// is smaller than the limit (`check`'s summary) are left out.
#[cfg(unix)]
#[test]
fn a_write_that_fails_leaves_the_old_file_and_no_temporary() {
    // `ulimit -f` counts blocks of 512 or 1024 bytes (by shell); every
    // output here is larger than one.
    let model = big_model(60);
    assert!(model.len() > 1024);
    for writer in WRITERS.iter().filter(|w| w[0] != "check") {
        let dir = project(&model);
        if writer[0] == "fmt" {
            write(dir.path(), OUT, model.replace(" \"", "  \""));
        } else {
            write(dir.path(), OUT, "old\n");
        }
        let before = std::fs::read(dir.path().join(OUT)).unwrap();
        let names_before = names(dir.path());
        let run = sh(
            dir.path(),
            "ulimit -f 1; exec \"$TMC\" \"$@\"",
            &args(writer, OUT),
        );
        run.exits(2).says(&[&format!("cannot write `{OUT}`: ")]);
        assert_eq!(
            std::fs::read(dir.path().join(OUT)).unwrap(),
            before,
            "{writer:?}"
        );
        assert_eq!(names(dir.path()), names_before, "{writer:?}");
    }
}

// ---------------------------------------------------------------- signals

/// Starts `tmc args` in `dir`, sends it `signal` once it is writing its
/// output (a temporary file is open), and returns how it ended.
#[cfg(target_os = "linux")]
fn interrupt(
    dir: &Path,
    args: &[&str],
    signal: rustix::process::Signal,
) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tmc starts");
    let pid = rustix::process::Pid::from_child(&child);
    let start = Instant::now();
    while !writing(child.id(), dir) {
        if child.try_wait().unwrap().is_some() {
            panic!("tmc {args:?} ended before it wrote its output: make the model bigger");
        }
        if start.elapsed() > Duration::from_secs(300) {
            let _ = child.kill();
            panic!("tmc {args:?} did not start writing within 300 s");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    rustix::process::kill_process(pid, signal).expect("the signal is sent");
    child.wait().unwrap()
}

/// Whether process `pid` has a file open in `dir` that is a temporary: one
/// without a name (`O_TMPFILE`, shown as deleted) or with a name tmc gives.
#[cfg(target_os = "linux")]
fn writing(pid: u32, dir: &Path) -> bool {
    let dir = std::fs::canonicalize(dir).unwrap();
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter(|file| file.starts_with(&dir))
        .any(|file| {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(" (deleted)") || name.contains(".tmc-")
        })
}

#[cfg(target_os = "linux")]
#[test]
fn sigterm_or_sigint_mid_write_leave_the_old_file_and_no_temporary() {
    use rustix::process::Signal;
    use std::os::unix::process::ExitStatusExt;
    let dir = project(&big_model(2000));
    let cases: &[(&[&str], &str, Signal)] = &[
        (
            &["json", "m.tm", "-o", "out.json"],
            "out.json",
            Signal::TERM,
        ),
        (&["json", "m.tm", "-o", "out.json"], "out.json", Signal::INT),
        // SQLite writes into a temporary file with a name.
        (
            &["sqldump", "m.tm", "out.sqlite"],
            "out.sqlite",
            Signal::TERM,
        ),
    ];
    for (args, out, signal) in cases {
        write(dir.path(), out, "old\n");
        let before = names(dir.path());
        // Ended by the signal itself, once the temporary is removed, as a
        // run without a temporary would be (a shell shows 143 or 130).
        let status = interrupt(dir.path(), args, *signal);
        assert_eq!(
            status.signal(),
            Some(signal.as_raw()),
            "{args:?}: {status:?}"
        );
        assert_eq!(names(dir.path()), before, "{args:?} left a temporary file");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(out)).unwrap(),
            "old\n"
        );
    }
}

/// On Linux the temporary file of a streamed output has no name until it
/// is complete, so even SIGKILL leaves nothing (given a file system with
/// `O_TMPFILE`: ext4, XFS, Btrfs, tmpfs).
#[cfg(target_os = "linux")]
#[test]
fn sigkill_mid_write_leaves_no_temporary() {
    use rustix::fs::{Mode, OFlags, CWD};
    let dir = project(&big_model(2000));
    let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
    if rustix::fs::openat(CWD, dir.path(), flags, Mode::from_raw_mode(0o600)).is_err() {
        crate::support::skipped("the scratch folder's file system has no O_TMPFILE");
        return;
    }
    write(dir.path(), "out.json", "old\n");
    let before = names(dir.path());
    let args = ["json", "m.tm", "-o", "out.json"];
    let status = interrupt(dir.path(), &args, rustix::process::Signal::KILL);
    assert_eq!(status.code(), None, "killed: {status:?}");
    assert_eq!(names(dir.path()), before);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.json")).unwrap(),
        "old\n"
    );
}

/// What is not a regular file is written to as it is (and `sqldump`,
/// which needs a file, refuses it).
#[cfg(unix)]
#[test]
fn devices_and_pipes_are_written_to_as_they_are() {
    let dir = project(MODEL);
    for writer in WRITERS
        .iter()
        .filter(|w| !matches!(w[0], "fmt" | "sqldump"))
    {
        tmc(dir.path(), &args(writer, "/dev/null")).exits(0);
    }
    tmc(dir.path(), &["sqldump", "m.tm", "/dev/null"])
        .exits(2)
        .says(&["not a regular file"]);
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(!null.is_file());
    // A named pipe the user reads from.
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    tmc(dir.path(), &["json", "m.tm", "-o", "pipe"]).exits(0);
    assert!(reader.join().unwrap().starts_with('{'));
    assert!(!std::fs::metadata(&fifo).unwrap().is_file());
}
