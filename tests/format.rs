//! `tmc fmt` on every `.tm` file of the repository: formatting succeeds,
//! is idempotent, keeps every comment and changes no meaning (the AST of the
//! result equals the original's, spans aside). Also a golden file of a
//! messy sample, and the `tmc fmt` command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tmc_syntax::format::format;
use tmc_syntax::source::FileId;
use tmc_syntax::syntax::parse;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn collect_tm(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_tm(&path, out);
        } else if path.extension().is_some_and(|e| e == "tm") {
            out.push(path);
        }
    }
}

/// Every `.tm` file under examples/, stdlib/, threats/ and tests/, sorted.
fn tm_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "stdlib", "threats", "tests"] {
        collect_tm(&root().join(dir), &mut files);
    }
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `//` and `///` comment, in order, without trailing whitespace. A
/// lexer of its own (strings skipped), so the test does not trust the
/// formatter's.
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("\"\"\"") {
            rest = after.find("\"\"\"").map_or("", |i| &after[i + 3..]);
        } else if c == '"' {
            let mut chars = rest.char_indices().skip(1);
            let mut end = rest.len();
            while let Some((i, ch)) = chars.next() {
                match ch {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            rest = &rest[end..];
        } else if rest.starts_with("//") {
            let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
            out.push(rest[..end].trim_end().to_string());
            rest = &rest[end..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Debug output of an AST with every span removed.
fn without_spans(debug: &str) -> String {
    let mut out = String::new();
    let mut rest = debug;
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').expect("a span's Debug output closes");
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn comment_lexer_skips_strings() {
    let text = "a = \"// no\" // yes\nb = \"\"\"\n// no\n\"\"\" /// doc  \nc = \"\\\"//\"";
    assert_eq!(comments(text), ["// yes", "/// doc"]);
}

#[test]
fn every_tm_file_formats_idempotently_keeping_comments_and_meaning() {
    let files = tm_files();
    assert!(files.len() >= 15, "too few .tm files found: {files:?}");
    let mut formatted = 0;
    for path in &files {
        let name = path.display();
        let text = read(path);
        let ast = match parse(FileId(0), &text) {
            Ok(ast) => ast,
            Err(expected) => {
                // A file that does not parse gives the parser's diagnostic.
                assert_eq!(format(&text).err(), Some(expected), "{name}");
                continue;
            }
        };
        let out = format(&text).unwrap_or_else(|d| panic!("{name}: {}", d.message));
        let again = format(&out).unwrap_or_else(|d| panic!("{name}, formatted: {}", d.message));
        assert_eq!(again, out, "{name}: formatting is not idempotent");
        assert_eq!(comments(&out), comments(&text), "{name}: comments changed");
        let after = parse(FileId(0), &out).expect("formatted text parses");
        assert_eq!(
            without_spans(&format!("{after:#?}")),
            without_spans(&format!("{ast:#?}")),
            "{name}: the formatted file means something else"
        );
        for (i, line) in out.lines().enumerate() {
            assert!(
                !line.ends_with([' ', '\t']) || out.contains("\"\"\""),
                "{name}:{}: trailing whitespace",
                i + 1
            );
        }
        assert!(out.is_empty() || out.ends_with('\n') && !out.ends_with("\n\n"));
        formatted += 1;
    }
    assert!(formatted >= 14, "only {formatted} files formatted");
}

#[test]
fn the_bundled_tm_files_are_formatted() {
    for dir in ["examples", "stdlib", "threats"] {
        let mut files = Vec::new();
        collect_tm(&root().join(dir), &mut files);
        for path in files {
            let text = read(&path);
            let out = format(&text).unwrap_or_else(|d| panic!("{}: {}", path.display(), d.message));
            assert!(
                out == text,
                "{} is not formatted: run `tmc fmt {dir}/*.tm`",
                path.display()
            );
        }
    }
}

#[test]
fn messy_sample_golden_file() {
    let text = read(&root().join("tests/fixtures/messy.tm"));
    let out = format(&text).unwrap_or_else(|d| panic!("{}", d.message));
    insta::assert_snapshot!("messy", out);
}

fn tmc(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tmc runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin.as_bytes()).expect("stdin is written");
    drop(input);
    child.wait_with_output().expect("tmc finishes")
}

#[test]
fn fmt_reads_stdin_and_writes_stdout() {
    for args in [&["fmt"][..], &["fmt", "-"]] {
        let o = tmc(args, "Actor   a{OS=\"x\"}");
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            "Actor a {\n  OS = \"x\"\n}\n"
        );
    }
}

#[test]
fn fmt_rewrites_files_and_check_lists_unformatted_ones() {
    let dir = std::env::temp_dir().join(format!("tmc-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let messy = dir.join("messy.tm");
    let tidy = dir.join("tidy.tm");
    std::fs::write(&messy, "Actor a   // c\n").unwrap();
    std::fs::write(&tidy, "Actor b\n").unwrap();
    let (m, t) = (messy.to_str().unwrap(), tidy.to_str().unwrap());

    let o = tmc(&["fmt", "--check", m, t], "");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stdout), format!("{m}\n"));
    assert_eq!(read(&messy), "Actor a   // c\n", "--check writes nothing");

    let o = tmc(&["fmt", m, t], "");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(read(&messy), "Actor a // c\n");
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(leftovers.len(), 2, "no temporary file is left behind");

    let o = tmc(&["fmt", "--check", m, t], "");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fmt_reports_syntax_errors_like_check() {
    let before = read(&root().join("tests/fixtures/syntax_error.tm"));
    let o = tmc(
        &["fmt", "--color", "never", "tests/fixtures/syntax_error.tm"],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error[syntax]"), "{err}");
    assert!(err.contains("tests/fixtures/syntax_error.tm:6:6"), "{err}");
    assert!(err.ends_with("1 error found\n"), "{err}");
    assert_eq!(read(&root().join("tests/fixtures/syntax_error.tm")), before);
}
