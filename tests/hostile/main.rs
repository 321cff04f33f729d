//! Hostile and broken input, through the real `tmc` binary: text nested
//! ten thousand levels deep, files of 100 MB, bytes that are not UTF-8,
//! NUL bytes, import cycles, imports that leave the project folder, report
//! templates that try to read files, and a rule file with many thousand
//! rules. Each gets a diagnostic with file:line:col (or a clear refusal),
//! never a panic, a stack overflow, a hang or a silent default. The limits
//! are described in docs/robustness.md.
//!
//! This file holds the harness (`tmc`, `tmc_in`, `Run`, `scratch`, `write`)
//! and the input-limit cases; each other area of the security probe
//! (issue #19) has a module of its own beside it.

mod diagrams;
mod fifo;
mod injection;
mod lsp;
mod outputs;
mod scale;
mod schema;
mod stale;

/// Shared test helpers (`support::tool` for the outside programs).
#[path = "../support/mod.rs"]
mod support;

/// The language server's wire protocol, for the modules that drive `tmc lsp`.
#[path = "../support/lsp_wire.rs"]
mod lsp_wire;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of `tmc` did.
struct Run {
    /// None: killed by a signal (a stack overflow aborts).
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    /// Asserts the run ended by itself with `code`, no panic or overflow.
    fn exits(&self, code: i32) -> &Run {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("overflowed"),
            "tmc crashed:\n{}",
            self.head()
        );
        assert_eq!(self.code, Some(code), "exit status\n{}", self.head());
        self
    }

    /// Asserts the run ended by itself with one of `codes`.
    fn exits_with_one_of(&self, codes: &[i32]) -> &Run {
        let code = self.code.unwrap_or(-1);
        self.exits(if codes.contains(&code) {
            code
        } else {
            codes[0]
        })
    }

    /// Asserts stderr holds each of `needles`.
    fn says(&self, needles: &[&str]) -> &Run {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}:\n{}",
                self.head()
            );
        }
        self
    }

    /// The start of stderr (deep input makes very long source lines).
    fn head(&self) -> String {
        let cut: String = self.stderr.chars().take(3000).collect();
        format!("{cut}\n(stdout: {} bytes)", self.stdout.len())
    }
}

/// Runs `tmc args` in `dir`, with `input` on stdin; a run that takes more
/// than two minutes is killed and fails the test (a hang).
fn tmc_in(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tmc starts");
    if let Some(input) = input {
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || stdin.write_all(&input));
    }
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = r.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("tmc {args:?} did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        took: start.elapsed(),
    }
}

fn tmc(dir: &Path, args: &[&str]) -> Run {
    tmc_in(dir, args, None)
}

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("a scratch folder")
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

const HEADER: &str = "model \"M\" { description = \"d\" }\n";
/// A header for the cases that need many findings per element: pytm's
/// library reports some fifty on a bare server, tmc's a handful.
const PYTM_HEADER: &str = "model \"M\" { description = \"d\" library = pytm }\n";
const MODEL: &str =
    "model \"M\" { description = \"d\" }\nServer s \"S\"\nActor u \"U\"\nflow u -> s \"f\"\n";

/// A rule file with one threat on servers.
fn rule(when: &str) -> String {
    format!("threat T \"t\" {{\n  targets = [Server]\n  severity = High\n  when = {when}\n}}\n")
}

// ---------------------------------------------------------------- nesting

#[test]
fn ten_thousand_parentheses_in_a_rule_condition_are_too_deep() {
    let dir = scratch();
    write(dir.path(), "m.tm", MODEL);
    let n = 10_000;
    write(
        dir.path(),
        "rules.tm",
        rule(&format!("{}true{}", "(".repeat(n), ")".repeat(n))),
    );
    // `{` of the threat is level 1; the 256th parenthesis (column 10 + 255)
    // is level 257.
    tmc(dir.path(), &["check", "--threats", "rules.tm", "m.tm"])
        .exits(1)
        .says(&[
            "error[nesting-too-deep]: nested more than 256 levels deep",
            "rules.tm:4:265",
            "level 257 starts here",
        ]);
    tmc(dir.path(), &["fmt", "--check", "rules.tm"])
        .exits(1)
        .says(&["error[nesting-too-deep]"]);
}

#[test]
fn ten_thousand_nested_brackets_braces_and_blocks_in_a_model_are_too_deep() {
    let dir = scratch();
    let n = 10_000;
    let cases = [
        (
            "lists.tm",
            format!(
                "{HEADER}Server s \"S\" {{ sourceFiles = {}{} }}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
        (
            "records.tm",
            format!(
                "{HEADER}Server s \"S\" {{ controls = {}1{} }}\n",
                "{ x = ".repeat(n),
                " }".repeat(n)
            ),
        ),
        (
            "blocks.tm",
            format!(
                "{HEADER}{}Actor u\n{}\n",
                (0..n)
                    .map(|i| format!("boundary b{i} {{\n"))
                    .collect::<String>(),
                "}\n".repeat(n)
            ),
        ),
        (
            "types.tm",
            format!(
                "{HEADER}kind K : Server {{ f: {}string{} }}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
    ];
    for (name, text) in &cases {
        write(dir.path(), name, text);
        tmc(dir.path(), &["check", name])
            .exits(1)
            .says(&["error[nesting-too-deep]", &format!("{name}:")]);
        for command in ["report", "dfd", "json"] {
            tmc(dir.path(), &[command, name])
                .exits(1)
                .says(&["error[nesting-too-deep]"]);
        }
        tmc(dir.path(), &["fmt", "--check", name])
            .exits(1)
            .says(&["error[nesting-too-deep]"]);
    }
    // The place is the 257th level: 256 boundary blocks open before it
    // (`boundary b256 {` on line 258).
    tmc(dir.path(), &["check", "blocks.tm"]).says(&["blocks.tm:258:15"]);
}

#[test]
fn long_operator_chains_count_as_nesting() {
    let dir = scratch();
    write(dir.path(), "m.tm", MODEL);
    let chains = [
        vec!["target.controls.isHardened"; 100_000].join(" or "),
        vec!["target.controls.isHardened == true"; 10_000].join(" and "),
        format!("{}true", "not ".repeat(10_000)),
        format!(
            "{}true",
            (0..10_000)
                .map(|i| format!("any x{i} in target.inputs: "))
                .collect::<String>()
        ),
    ];
    for when in &chains {
        write(dir.path(), "rules.tm", rule(when));
        tmc(dir.path(), &["check", "--threats", "rules.tm", "m.tm"])
            .exits(1)
            .says(&["error[nesting-too-deep]", "rules.tm:4:"]);
    }
}

#[test]
fn nesting_at_the_limit_compiles_and_renders() {
    let dir = scratch();
    // 255 parentheses inside the threat's braces: 256 levels.
    write(dir.path(), "m.tm", MODEL);
    write(
        dir.path(),
        "rules.tm",
        rule(&format!(
            "{}not target.controls.isHardened{}",
            "(".repeat(254),
            ")".repeat(254)
        )),
    );
    let run = tmc(
        dir.path(),
        &[
            "threats",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
            "m.tm",
        ],
    );
    run.exits(0);
    assert!(run.stdout.contains("T@s"), "{}", run.stdout);
    let chain = vec!["target.controls.isHardened"; 200].join(" or ");
    write(dir.path(), "rules.tm", rule(&format!("not ({chain})")));
    tmc(dir.path(), &["check", "--threats", "rules.tm", "m.tm"]).exits(0);

    // 256 nested boundary blocks, drawn and reported.
    let n = 256;
    let blocks = format!(
        "{HEADER}{}Actor u \"U\"\nServer s \"S\"\nflow u -> s \"f\"\n{}",
        (0..n)
            .map(|i| format!("boundary b{i} {{\n"))
            .collect::<String>(),
        "}\n".repeat(n)
    );
    write(dir.path(), "blocks.tm", &blocks);
    for args in [
        &["check", "blocks.tm"][..],
        &["report", "blocks.tm"],
        &["report", "--format", "html", "blocks.tm"],
        &["dfd", "blocks.tm"],
        &["dfd", "--format", "mermaid", "blocks.tm"],
        &["dfd", "--format", "svg", "blocks.tm"],
        &["json", "blocks.tm"],
        &["fmt", "--check", "blocks.tm"],
    ] {
        let run = tmc(dir.path(), args);
        match args[0] {
            // Exit 1 when the generated text is not in the canonical layout.
            "fmt" => run.exits_with_one_of(&[0, 1]),
            _ => run.exits(0),
        };
    }
}

/// `boundary b1 in b0`, `boundary b2 in b1`, ... `n` long.
fn boundary_chain(n: usize) -> String {
    let mut text = String::from(HEADER);
    text.push_str("boundary b0 \"B0\"\n");
    for i in 1..n {
        text.push_str(&format!("boundary b{i} \"B{i}\" in b{}\n", i - 1));
    }
    text.push_str(&format!(
        "Actor u \"U\" in b{}\nServer s \"S\" in b0\nflow u -> s \"f\"\n",
        n - 1
    ));
    text
}

#[test]
fn a_chain_of_ten_thousand_boundaries_is_too_deep_and_nothing_overflows() {
    let dir = scratch();
    write(dir.path(), "chain.tm", boundary_chain(10_000));
    for command in ["check", "report", "dfd", "json", "threats"] {
        let run = tmc(dir.path(), &[command, "chain.tm"]);
        run.exits(1).says(&[
            "error[boundary-too-deep]: boundary `b256` is nested 257 boundaries deep",
            "chain.tm:258:10",
        ]);
        // One error for the chain, not one per boundary below the limit.
        assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.head());
        assert!(
            run.took < Duration::from_secs(60),
            "{command}: {:?}",
            run.took
        );
    }
}

#[test]
fn a_chain_of_256_boundaries_renders_everywhere() {
    let dir = scratch();
    write(dir.path(), "chain.tm", boundary_chain(256));
    for args in [
        &["check", "chain.tm"][..],
        &["report", "chain.tm"],
        &["report", "--format", "html", "chain.tm"],
        &["dfd", "chain.tm"],
        &["dfd", "--format", "mermaid", "chain.tm"],
        &["dfd", "--format", "svg", "chain.tm"],
        &["seq", "chain.tm"],
        &["json", "chain.tm"],
    ] {
        let run = tmc(dir.path(), args);
        run.exits(0);
        assert!(!run.stdout.is_empty(), "{args:?}");
    }
}

// ---------------------------------------------------------------- size

#[test]
fn a_100_mb_file_is_refused_unread() {
    let dir = scratch();
    // A valid model: one long description, written in one go.
    let filler = "All work and no play makes a big model. ".repeat(2_621_440);
    let text = format!("{HEADER}Server s \"S\" {{ description = \"\"\"\n{filler}\n\"\"\" }}\n");
    assert!(text.len() > 100 * 1024 * 1024);
    write(dir.path(), "big.tm", &text);
    drop(text);
    let run = tmc(dir.path(), &["check", "big.tm"]);
    run.exits(2).says(&[
        "error[file-too-large]: cannot read `big.tm`: the file is too large (100.0 MiB = ",
        " bytes; the limit is 64 MiB)",
        "split the model",
    ]);
    assert!(run.took < Duration::from_secs(10), "{:?}", run.took);

    write(
        dir.path(),
        "main.tm",
        format!("{HEADER}import \"big.tm\"\n"),
    );
    tmc(dir.path(), &["check", "main.tm"]).exits(1).says(&[
        "error[file-too-large]",
        "main.tm:2:8",
        "named here",
    ]);
    tmc(dir.path(), &["fmt", "--check", "big.tm"])
        .exits(2)
        .says(&["the file is too large"]);
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused_unread() {
    let dir = scratch();
    write(dir.path(), "m.tm", MODEL);
    let run = tmc(dir.path(), &["check", "--threats", "/dev/zero", "m.tm"]);
    run.exits(2)
        .says(&["error[not-a-file]: cannot read `/dev/zero`: it is a device, not a regular file"]);
    assert!(run.took < Duration::from_secs(5), "{:?}", run.took);
}

#[test]
fn fmt_reads_stdin_only_to_the_limit() {
    let dir = scratch();
    let huge = vec![b' '; 64 * 1024 * 1024 + 10];
    let run = tmc_in(dir.path(), &["fmt", "-"], Some(&huge));
    run.exits(2)
        .says(&["error: cannot read `<stdin>`: the file is larger than 64 MiB"]);
    let run = tmc_in(dir.path(), &["fmt", "-"], Some(b"Actor a \"\xff\"\n"));
    run.exits(2)
        .says(&["first bad byte 0xFF at line 1, column 10"]);
}

// ---------------------------------------------------------------- bytes

#[test]
fn bytes_that_are_not_utf8_are_shown_at_their_line_and_column() {
    let dir = scratch();
    write(
        dir.path(),
        "bad.tm",
        b"model \"M\" {\n  description = \"caf\xe9\"\n}\n",
    );
    tmc(dir.path(), &["check", "bad.tm"]).exits(2).says(&[
        "error[invalid-utf8]: `bad.tm` is not valid UTF-8",
        "bad.tm:2:21",
        "byte 0xE9 here",
    ]);
    write(dir.path(), "part.tm", b"Actor a \"\xff\xfe\"\n");
    write(
        dir.path(),
        "main.tm",
        format!("{HEADER}import \"part.tm\"\n"),
    );
    tmc(dir.path(), &["check", "main.tm"]).exits(1).says(&[
        "error[invalid-utf8]: `part.tm` is not valid UTF-8",
        "part.tm:1:10",
        "byte 0xFF here",
        "main.tm:2:8",
    ]);
    tmc(dir.path(), &["fmt", "--check", "part.tm"])
        .exits(2)
        .says(&["first bad byte 0xFF at line 1, column 10"]);
}

#[test]
fn nul_bytes_are_errors_where_they_are() {
    let dir = scratch();
    write(
        dir.path(),
        "nul.tm",
        b"model \"M\" { description = \"a\0b\" }\n",
    );
    tmc(dir.path(), &["check", "nul.tm"]).exits(1).says(&[
        "error[nul-byte]: the file contains a NUL byte",
        "nul.tm:1:29",
        "a\u{2400}b",
    ]);
    // In a comment, and in an imported file.
    write(dir.path(), "part.tm", b"// \0\nActor a\n");
    write(
        dir.path(),
        "main.tm",
        format!("{HEADER}import \"part.tm\"\n"),
    );
    tmc(dir.path(), &["check", "main.tm"])
        .exits(1)
        .says(&["error[nul-byte]", "part.tm:1:4"]);
    tmc_in(dir.path(), &["fmt"], Some(b"Actor a \"\0\""))
        .exits(1)
        .says(&["error[nul-byte]"]);
    // A binary file: UTF-8 is checked first (bytes 0 to 127 are ASCII,
    // with a line break at 10; 0x80 is the first bad byte).
    let binary: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    write(dir.path(), "binary.tm", &binary);
    tmc(dir.path(), &["check", "binary.tm"]).exits(2).says(&[
        "error[invalid-utf8]",
        "binary.tm:2:118",
        "byte 0x80 here",
    ]);
    let ascii: Vec<u8> = (0..128u8).cycle().take(10_000).collect();
    write(dir.path(), "ascii.tm", &ascii);
    tmc(dir.path(), &["check", "ascii.tm"])
        .exits(1)
        .says(&["error[nul-byte]", "ascii.tm:1:1"]);
}

// ---------------------------------------------------------------- imports

#[test]
fn import_cycles_are_errors_at_the_import() {
    let dir = scratch();
    write(dir.path(), "a.tm", format!("{HEADER}import \"b.tm\"\n"));
    write(dir.path(), "b.tm", "import \"a.tm\"\nActor u\n");
    tmc(dir.path(), &["check", "a.tm"]).exits(1).says(&[
        "error[import-cycle]: import cycle: a.tm -> b.tm -> a.tm",
        "b.tm:1:8",
    ]);
    write(
        dir.path(),
        "self.tm",
        format!("{HEADER}import \"self.tm\"\n"),
    );
    tmc(dir.path(), &["check", "self.tm"]).exits(1).says(&[
        "error[import-cycle]: import cycle: self.tm -> self.tm",
        "self.tm:2:8",
    ]);
    write(
        dir.path(),
        "dot.tm",
        format!("{HEADER}import \"./sub/../dot.tm\"\n"),
    );
    tmc(dir.path(), &["check", "dot.tm"])
        .exits(1)
        .says(&["error[import-cycle]"]);
}

/// A project folder with imports that stay in it and imports that leave.
fn project(dir: &Path) {
    write(dir, "secret.tm", "Actor spy \"TOPSECRET\"\n");
    write(
        dir,
        "proj/sub/inside.tm",
        "import \"../shared.tm\"\nActor a\n",
    );
    write(dir, "proj/shared.tm", "Actor b\n");
}

#[test]
fn imports_outside_the_project_folder_are_refused_unless_allowed() {
    let dir = scratch();
    project(dir.path());
    let secret = dir.path().join("secret.tm");
    write(
        dir.path(),
        "proj/main.tm",
        format!(
            "{HEADER}import \"sub/inside.tm\"\nimport \"../secret.tm\"\nimport \"{}\"\n",
            secret.display()
        ),
    );
    let root = dir.path().join("proj");
    let run = tmc(&root, &["check", "main.tm"]);
    run.exits(1).says(&[
        "error[import-outside-project]: import `../secret.tm` is outside the project folder",
        "main.tm:3:8",
        "main.tm:4:8",
        "to read it anyway, pass `--allow-outside-imports`",
    ]);
    assert_eq!(run.stderr.matches("error[").count(), 2, "{}", run.head());
    assert!(!run.stderr.contains("TOPSECRET"));
    // The project folder is the root file's, not the working folder.
    tmc(dir.path(), &["check", "proj/main.tm"])
        .exits(1)
        .says(&["proj/main.tm:3:8", "(`proj`)"]);
    tmc(&root, &["check", "--allow-outside-imports", "main.tm"]).exits(0);
    tmc(&root, &["--allow-outside-imports", "json", "main.tm"]).exits(0);

    // Going out and back in is inside.
    write(
        dir.path(),
        "proj/back.tm",
        format!("{HEADER}import \"../proj/shared.tm\"\n"),
    );
    tmc(&root, &["check", "back.tm"]).exits(0);

    // `threatsFile` is held to the same rule.
    write(dir.path(), "rules.tm", rule("true"));
    write(
        dir.path(),
        "proj/lib.tm",
        "model \"M\" { description = \"d\" threatsFile = \"../rules.tm\" }\n",
    );
    tmc(&root, &["check", "lib.tm"]).exits(1).says(&[
        "error[import-outside-project]: threat library `../rules.tm` is outside the project folder",
        "lib.tm:1:45",
    ]);
    tmc(&root, &["check", "--allow-outside-imports", "lib.tm"]).exits(0);
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_project_to_a_file_outside_is_outside() {
    let dir = scratch();
    project(dir.path());
    std::os::unix::fs::symlink(
        dir.path().join("secret.tm"),
        dir.path().join("proj/link.tm"),
    )
    .unwrap();
    write(
        dir.path(),
        "proj/main.tm",
        format!("{HEADER}import \"link.tm\"\n"),
    );
    let root = dir.path().join("proj");
    let run = tmc(&root, &["check", "main.tm"]);
    run.exits(1).says(&[
        "error[import-outside-project]",
        "main.tm:2:8",
        "a symbolic link on the way leads out of it",
    ]);
    assert!(!run.stderr.contains("TOPSECRET"));
    tmc(&root, &["check", "--allow-outside-imports", "main.tm"]).exits(0);
}

// ---------------------------------------------------------------- templates

#[test]
fn report_templates_cannot_read_files() {
    let dir = scratch();
    write(dir.path(), "secret.txt", "TOPSECRET\n");
    write(dir.path(), "proj/m.tm", MODEL);
    let root = dir.path().join("proj");
    for (i, template) in [
        "{% include \"/etc/passwd\" %}",
        "{% include \"../secret.txt\" %}",
        "{% import \"../secret.txt\" as s %}x",
        "{% from \"/etc/passwd\" import x %}x",
        "{% extends \"../secret.txt\" %}",
        "{% include [\"missing\", \"../secret.txt\"] %}",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("evil{i}.j2");
        write(&root, &name, template);
        let run = tmc(&root, &["report", "m.tm", "--template", &name]);
        run.exits(2)
            .says(&[&format!("error: {name}:1:"), "template not found"]);
        assert!(!run.stdout.contains("TOPSECRET") && !run.stderr.contains("TOPSECRET"));
        assert!(!run.stdout.contains("root:"), "{}", run.stdout);
    }
    // `ignore missing` renders nothing rather than the file.
    write(
        &root,
        "quiet.j2",
        "{% include \"../secret.txt\" ignore missing %}ok",
    );
    let run = tmc(&root, &["report", "m.tm", "--template", "quiet.j2"]);
    run.exits(0);
    assert_eq!(run.stdout.trim(), "ok");
    // The template's own name is the one template there is: including
    // itself ends at the recursion limit.
    write(&root, "self.j2", "{% include \"self.j2\" %}");
    tmc(&root, &["report", "m.tm", "--template", "self.j2"])
        .exits(2)
        .says(&["recursion limit exceeded"]);
}

// ---------------------------------------------------------------- rules

/// `n` rules on servers, one a line.
fn many_rules(n: usize) -> String {
    let severities = ["Low", "Medium", "High", "VeryHigh"];
    (0..n)
        .map(|i| {
            format!(
                "threat R{i} \"R\"{{targets=[Server]severity={} when=true}}\n",
                severities[i % 4]
            )
        })
        .collect()
}

#[test]
fn twenty_thousand_rules_run() {
    let dir = scratch();
    write(dir.path(), "m.tm", MODEL);
    write(dir.path(), "rules.tm", many_rules(20_000));
    let run = tmc(
        dir.path(),
        &[
            "threats",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
            "m.tm",
        ],
    );
    run.exits(0);
    assert!(run.stdout.contains("20000 findings"), "{}", run.head());
}

/// A million rules in one file (61 MB, under the size limit). Slow in a
/// debug build: run with `cargo test --release -p tmc --test hostile --
/// --ignored`.
#[test]
#[ignore]
fn a_million_rules_run() {
    let dir = scratch();
    write(dir.path(), "m.tm", MODEL);
    write(dir.path(), "rules.tm", many_rules(1_000_000));
    let run = tmc(
        dir.path(),
        &[
            "check",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
            "m.tm",
        ],
    );
    run.exits(0);
    eprintln!("1,000,000 rules: {:?}", run.took);
}
