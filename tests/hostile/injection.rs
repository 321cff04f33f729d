//! Text for other tools cannot leave its slot (issue #19, item 7): names,
//! notes, descriptions and paths that try to end a PlantUML note and
//! `!include` a file, start a Mermaid directive or `click` callback, break
//! out of a DOT string, or drive the terminal with ESC, NUL, BEL and C1
//! controls. Diagrams are rendered by the real `plantuml` and `dot` where
//! installed (required on CI, a visible skip elsewhere), and the hostile
//! text must come out as text (Mermaid has no renderer here: its labels
//! are checked for what would leave them, and read back). Also the
//! long-line part of item 3: a syntax error on a 60 MB line prints a
//! short snippet at once.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::{scratch, tmc, write, HEADER, PYTM_HEADER};

/// Text that means something to one of the tools the outputs go to.
const HOSTILE: &[&str] = &[
    "!include /etc/passwd",
    "@enduml",
    "%getenv(\"HOME\") %date()",
    "$x <img:/etc/hostname> <&star>",
    "**b** //i// --s-- __u__ ~~w~~ [[http://x.invalid]] {{x}}",
    "&#37; &amp; &lt;b&gt;",
    "C:\\new \\l \\N \\G",
    "%%{init: {'theme':'dark'}}%%",
    "a\"]; click n_s call alert(); x[\"",
    "<script>alert(1)</script>",
    "`md` #35; |p| style:#1;",
    "bell\u{7} esc\u{1b}[31m nul\u{0} c1\u{9b} del\u{7f} rlo\u{202e}",
];

/// The control characters of `HOSTILE`, as every output shows them.
fn shown(text: &str) -> String {
    text.replace('\u{7}', "\\u{7}")
        .replace('\u{1b}', "\\u{1b}")
        .replace('\u{0}', "\\u{0}")
        .replace('\u{9b}', "\\u{9b}")
        .replace('\u{7f}', "\\u{7f}")
        .replace('\u{202e}', "\\u{202e}")
}

/// `text` as a `.tm` string literal.
fn tm_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || c == '\u{202e}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A model whose title, element names, flow names, notes, descriptions
/// and a boundary's name are the hostile texts.
fn hostile_model() -> String {
    let mut text = format!(
        "model {} {{ description = {} }}\nboundary b {}\nActor u \"U\"\n",
        tm_string(HOSTILE[11]),
        tm_string(HOSTILE[5]),
        tm_string(HOSTILE[9])
    );
    for (i, h) in HOSTILE.iter().enumerate() {
        let note = format!("{h}\nend note\n!include /etc/passwd\n@enduml");
        text.push_str(&format!(
            "Server s{i} {} in b {{ description = {} }}\nflow u -> s{i} {} {{ note = {} }}\n",
            tm_string(h),
            tm_string(h),
            tm_string(h),
            tm_string(&note)
        ));
    }
    text
}

/// Fails on a control character a terminal or a parser would act on.
fn no_raw_controls(what: &str, text: &str) {
    let bad = text.chars().find(|&c| {
        let bidi = ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
        (c.is_control() && c != '\n' && c != '\t') || bidi
    });
    assert_eq!(bad, None, "{what} writes a raw control character");
}

fn stdout(dir: &Path, args: &[&str]) -> String {
    let run = tmc(dir, args);
    run.exits(0);
    run.stdout.clone()
}

// ---------------------------------------------------------------- PlantUML

#[test]
fn a_note_cannot_end_itself_or_include_a_file_in_plantuml() {
    let dir = scratch();
    let note = "n\nend note\n!include /etc/passwd\n@enduml\n  !define X\n' comment";
    write(
        dir.path(),
        "m.tm",
        format!(
            "{HEADER}Actor u \"U\"\nServer s \"S\"\nflow u -> s \"f\" {{ note = {} }}\n",
            tm_string(note)
        ),
    );
    let puml = stdout(dir.path(), &["seq", "m.tm"]);
    let lines: Vec<&str> = puml.lines().collect();
    assert_eq!(lines.first(), Some(&"@startuml"));
    assert_eq!(lines.last(), Some(&"@enduml"));
    for line in &lines[1..lines.len() - 1] {
        let start = line.trim_start();
        assert!(
            !start.starts_with(['!', '@', '\'']) && start != "end note",
            "a line of the model's text: {line:?}\n{puml}"
        );
    }
    assert!(puml.contains("note left : n\\nend note\\n!include /etc/passwd"));
}

#[test]
fn plantuml_shows_hostile_labels_as_text() {
    let dir = scratch();
    write(dir.path(), "m.tm", hostile_model());
    let puml = stdout(dir.path(), &["seq", "m.tm"]);
    no_raw_controls("seq", &puml);
    let Some(svg) = render("plantuml", "plantuml", &["-tsvg", "-pipe"], &puml) else {
        return;
    };
    let texts = svg_text(&svg);
    for h in HOSTILE {
        assert!(
            texts.contains(&squeeze(&shown(h))),
            "{h:?} not shown as text"
        );
    }
    assert!(!texts.contains("root:"), "/etc/passwd was included");
    assert!(!svg.contains("<image"), "an image was embedded");
}

// ---------------------------------------------------------------- DOT

#[test]
fn graphviz_shows_hostile_labels_as_text() {
    let dir = scratch();
    write(dir.path(), "m.tm", hostile_model());
    let dot = stdout(dir.path(), &["dfd", "m.tm"]);
    no_raw_controls("dfd", &dot);
    let Some(svg) = render("dot", "graphviz", &["-Tsvg"], &dot) else {
        return;
    };
    let texts = svg_text(&svg);
    for h in HOSTILE {
        assert!(
            texts.contains(&squeeze(&shown(h))),
            "{h:?} not shown as text"
        );
    }
}

// ---------------------------------------------------------------- Mermaid

#[test]
fn mermaid_labels_hold_no_directive_statement_or_html() {
    let dir = scratch();
    write(dir.path(), "m.tm", hostile_model());
    for args in [
        &["dfd", "--format", "mermaid", "m.tm"][..],
        &["seq", "--format", "mermaid", "m.tm"],
    ] {
        let text = stdout(dir.path(), args);
        no_raw_controls("mermaid", &text);
        assert!(!text.contains("%%"), "a directive or comment:\n{text}");
        for line in text.lines() {
            let first = line.split_whitespace().next().unwrap_or("");
            assert!(!first.starts_with("click"), "a callback: {line}");
            let Some(label) = label_of(line) else {
                continue;
            };
            let bare = without_entity_codes(label).replace("<br/>", "");
            for c in ['%', '<', '>', '&', '`', ';', '"', '|', ':', '\\'] {
                assert!(!bare.contains(c), "{c:?} in a label: {line}");
            }
        }
        // Mermaid's entity codes, read back, give the text as written.
        let read = decode_mermaid(&text);
        for h in HOSTILE {
            assert!(read.contains(&shown(h)), "{args:?}: {h:?} not in\n{read}");
        }
    }
}

/// The model's text on a line of a Mermaid diagram: between the quotes
/// of a node or edge label, after `as` (a participant), after `: ` (a
/// message or note), after `title`. None for a line of ours only.
fn label_of(line: &str) -> Option<&str> {
    let line = line.trim_start();
    if let (Some(open), Some(close)) = (line.find('"'), line.rfind('"')) {
        return Some(&line[open + 1..close.max(open + 1)]);
    }
    if let Some(title) = line.strip_prefix("title ") {
        return Some(title);
    }
    if let Some((_, name)) = line.split_once(" as ") {
        return Some(name);
    }
    line.split_once(": ").map(|(_, text)| text)
}

/// `text` with Mermaid's `#35;` and `#quot;` codes removed.
fn without_entity_codes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match after.find(';') {
            Some(end) if end > 0 && after[..end].chars().all(|c| c.is_ascii_alphanumeric()) => {
                rest = &after[end + 1..];
            }
            _ => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` with Mermaid's entity codes and `<br/>` read as Mermaid does.
fn decode_mermaid(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').unwrap_or(0);
        let code = &after[..end];
        let decoded = match code {
            "quot" => Some('"'),
            _ => code.parse::<u32>().ok().and_then(char::from_u32),
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("<br/>", "\n")
}

// ---------------------------------------------------------------- reports

#[test]
fn reports_show_control_characters_and_no_markup_from_the_model() {
    let dir = scratch();
    write(dir.path(), "m.tm", hostile_model());
    let md = stdout(dir.path(), &["report", "m.tm"]);
    no_raw_controls("report md", &md);
    assert!(
        md.contains("esc\\\\u{1b}\\[31m"),
        "ESC not shown in Markdown"
    );
    assert!(!md.contains("<script>alert(1)"), "raw HTML in Markdown");
    assert!(md.contains("\\<script\\>alert(1)"), "the name is not shown");
    let html = stdout(dir.path(), &["report", "--format", "html", "m.tm"]);
    // The embedded SVG diagram is another module's (svg.rs): only the
    // report's own text is checked here.
    let own = html.split("<svg").next().unwrap_or("").to_string()
        + html.rsplit("</svg>").next().unwrap_or("");
    no_raw_controls("report html", &own);
    assert!(own.contains("esc\\u{1b}[31m"), "ESC not shown in HTML");
    assert!(!own.contains("<script>alert(1)"), "raw HTML in HTML");
    assert!(
        own.contains("&lt;script&gt;alert(1)"),
        "the name is not shown"
    );
}

#[test]
fn a_reference_that_would_leave_its_markdown_link_is_text() {
    let dir = scratch();
    write(
        dir.path(),
        "m.tm",
        format!(
            "{PYTM_HEADER}Actor u \"U\"\nServer s \"S\" {{\n  overrides = [{{ threat_id = \"INP03\" \
             response = \"r\" references = \"https://x.invalid/)\\n\\n# Injected\" }}]\n}}\n\
             flow u -> s \"f\"\n"
        ),
    );
    let md = stdout(dir.path(), &["report", "m.tm"]);
    assert!(md.contains("x.invalid"), "the reference is shown:\n{md}");
    assert!(
        !md.contains("\n# Injected"),
        "a heading from a reference:\n{md}"
    );
    assert!(
        !md.contains("](https://x.invalid/)"),
        "a link that leaves its (...):\n{md}"
    );
}

// ---------------------------------------------------------------- terminal

#[test]
fn the_terminal_gets_no_control_characters_from_names() {
    let dir = scratch();
    write(dir.path(), "m.tm", hostile_model());
    let expected = shown(HOSTILE[11]);
    let threats = stdout(dir.path(), &["threats", "m.tm"]);
    no_raw_controls("threats", &threats);
    assert!(threats.contains(&expected), "{threats}");
    // The table stays aligned: every row is as wide as its header up to
    // the TARGET column.
    let header = threats.lines().next().unwrap();
    let target_at = header.find("TARGET").unwrap();
    for row in threats.lines().skip(1).take_while(|l| !l.is_empty()) {
        assert_eq!(row.chars().nth(target_at - 1), Some(' '), "{row}");
    }

    // A rule file's threat title in list-threats.
    write(
        dir.path(),
        "rules.tm",
        format!(
            "threat T {} {{\n  targets = [Server]\n  severity = High\n  when = true\n}}\n",
            tm_string(HOSTILE[11])
        ),
    );
    let list = stdout(
        dir.path(),
        &[
            "list-threats",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
        ],
    );
    no_raw_controls("list-threats", &list);
    assert!(list.contains(&expected), "{list}");

    // diff's text between two hostile models.
    write(
        dir.path(),
        "n.tm",
        hostile_model().replace("Actor u \"U\"", "Actor u \"\u{1b}[2J\""),
    );
    let run = tmc(dir.path(), &["diff", "m.tm", "n.tm"]);
    run.exits(1);
    no_raw_controls("diff", &run.stdout);
    assert!(run.stdout.contains("[2J"), "{}", run.stdout);
    no_raw_controls("diff's messages", &run.stderr);
}

#[test]
fn paths_are_shown_escaped() {
    let dir = scratch();
    let name = "m\u{1b}[31m\u{7}.tm";
    write(dir.path(), name, super::MODEL);
    let run = tmc(dir.path(), &["check", name]);
    run.exits(0);
    no_raw_controls("check", &run.stdout);
    assert!(
        run.stdout.contains("m\\u{1b}[31m\\u{7}.tm"),
        "{}",
        run.stdout
    );

    write(
        dir.path(),
        name,
        format!("{HEADER}Server s \"S\" {{ nonsense = 1 }}\n"),
    );
    let run = tmc(dir.path(), &["check", name]);
    run.exits(1).says(&["m\\u{1b}[31m\\u{7}.tm:2:"]);
    no_raw_controls("a diagnostic", &run.stderr);

    let run = tmc(dir.path(), &["check", "gone\u{1b}]0;x\u{7}.tm"]);
    run.exits(2);
    no_raw_controls("a missing file", &run.stderr);
    let run = tmc(dir.path(), &["describe", "X\u{1b}[2J"]);
    run.exits(2).says(&["X\\u{1b}[2J"]);
    no_raw_controls("describe", &run.stderr);
    let run = tmc(dir.path(), &["fmt", "--check", name]);
    no_raw_controls("fmt", &run.stdout);
}

// ---------------------------------------------------------------- diagnostics

#[test]
fn diagnostics_escape_the_source_line_and_keep_the_caret_under_its_character() {
    let dir = scratch();
    // Raw control characters in a string (the grammar admits them), then
    // a syntax error after them on the same line.
    write(
        dir.path(),
        "m.tm",
        format!("{HEADER}Actor u \"x\u{1b}[2J\u{7}\u{9b}y\" ? \n"),
    );
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(1);
    no_raw_controls("a diagnostic", &run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Actor u \"x\\u{1b}[2J\\u{7}\\u{9b}y\" ?"))
        .unwrap_or_else(|| panic!("no source line:\n{}", run.stderr));
    let question = lines[at].chars().position(|c| c == '?').unwrap();
    let caret = lines[at + 1].chars().position(|c| c == '^');
    assert_eq!(caret, Some(question), "\n{}", run.stderr);
    // file:line:col is that of the file, not of the shown line.
    run.says(&["m.tm:2:"]);

    // An identifier cannot hold a control character: the error shows it.
    write(
        dir.path(),
        "m.tm",
        format!("{HEADER}Actor u\u{1b}[31m \"U\"\n"),
    );
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(1);
    no_raw_controls("a diagnostic", &run.stderr);
    assert!(run.stderr.contains("\\u{1b}[31m"), "{}", run.stderr);
}

#[test]
fn a_syntax_error_on_a_20_mb_line_prints_a_short_snippet_at_once() {
    let dir = scratch();
    // 20 MB, not the 60 MB of the report: a debug build parses 60 MB in
    // over 120 s on a loaded machine (bench/hostile.sh runs 60 MB with the
    // release build).
    let long = "a".repeat(20_000_000);
    write(
        dir.path(),
        "m.tm",
        format!("{HEADER}Server s \"{long}\" ?\n"),
    );
    // Reading and parsing 60 MB takes a debug build many seconds under
    // load; the diagnostic must add little to that (before snippets were
    // cut, a release build took 46 s to print it, 0.7 s as JSON).
    let json = tmc(dir.path(), &["check", "--format", "json", "m.tm"]);
    json.exits(1);
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(1).says(&["error[syntax]", "m.tm:2:20000013"]);
    assert!(
        run.took < json.took * 2 + Duration::from_secs(20),
        "{:?} to print, {:?} as JSON",
        run.took,
        json.took
    );
    assert!(run.stderr.len() < 2000, "{} bytes", run.stderr.len());
    let lines: Vec<&str> = run.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("aaa\" ?"))
        .unwrap_or_else(|| panic!("no source line:\n{}", run.stderr));
    assert!(lines[at].contains("2 │ …aaa"), "not cut:\n{}", run.stderr);
    let question = lines[at].chars().position(|c| c == '?').unwrap();
    let caret = lines[at + 1].chars().position(|c| c == '^');
    assert_eq!(caret, Some(question), "\n{}", run.stderr);
}

// ---------------------------------------------------------------- tools

/// `tool args` run on `input`: its stdout, or None when the tool (from
/// the apt package `package`) is not installed: see tests/support/tool.rs.
fn render(tool: &str, package: &str, args: &[&str], input: &str) -> Option<String> {
    if !super::support::tool(tool, package) {
        return None;
    }
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tool starts");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let feed = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let o = child.wait_with_output().unwrap();
    feed.join().unwrap().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success() && out.contains("<svg"),
        "{tool} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Some(out)
}

/// The text of every `<text>` element of an SVG, entities read, joined
/// without blanks (the tools break long labels into lines at blanks).
fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    for piece in svg.split("<text").skip(1) {
        let Some(open) = piece.find('>') else {
            continue;
        };
        let body = &piece[open + 1..];
        let body = &body[..body.find("</text>").unwrap_or(body.len())];
        out.push_str(&squeeze(&xml_unescape(body)));
    }
    out
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn xml_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').unwrap_or(0);
        let entity = &after[..end];
        let c = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
