//! Snapshot tests of the analysis API, one module per feature (Gleam's
//! language-server/src/tests are the model). A case opens a few files in
//! an `Engine`, compiles, and asks at the cursor, written `|` in the
//! source (the language has no `|`). Each snapshot shows the source with
//! the cursor and the answer, with the ranges it names marked `[...]` in
//! their lines, so that a reader can judge it without running anything.

mod completion;
mod definition;
mod diagnostics;
mod diagram;
mod fixes;
mod folding;
mod formatting;
mod hover;
mod inlay;
mod lens;
mod links;
mod references;
mod remedies;
mod rename;
mod semantic;
mod signature;
mod symbols;
mod triage;
mod workspace;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use tmc_compiler::Options;

use crate::analysis::{Change, Edit, Engine, Location, Position, Range};

/// The folder the test files pretend to live in (absolute, as the editor's
/// paths are, and absent: every file is an open document).
const FOLDER: &str = "/tmc-lsp-tests";

/// The cursor in a test source.
const CURSOR: char = '|';

/// A small model most cases write their cursor into.
pub const SHOP: &str = r#"model "Shop" {
  description = "An online shop."
}

boundary dmz "DMZ"

/// The customer, in a browser.
Actor user "User"
Server web "Web" in dmz {
  OS = "Linux"
  controls { isHardened = true }
}
Datastore db "Orders" { type = SQL }
Data orders "Orders" { classification = SENSITIVE }

// web answers user here
flow user -> web "Order" {
  protocol = "HTTPS"
  data = [orders]
}
flow web -> db "Store" { protocol = "SQL" data = [orders] }
"#;

/// `SHOP` with the cursor before the `nth` (from 0) `needle`, `shift`
/// bytes into it.
pub fn shop_at(needle: &str, nth: usize, shift: usize) -> String {
    let (at, _) = SHOP.match_indices(needle).nth(nth).expect("the needle");
    let mut s = SHOP.to_string();
    s.insert(at + shift, '|');
    s
}

/// Open files, `main.tm` first.
pub struct Project {
    engine: Engine,
    files: Vec<(PathBuf, String)>,
    cursor: Option<(PathBuf, Position)>,
}

impl Project {
    /// A project whose `main.tm` is `source`, with its cursor.
    pub fn new(source: &str) -> Project {
        Project {
            engine: Engine::new(Options::default()),
            files: Vec::new(),
            cursor: None,
        }
        .file("main.tm", source)
    }

    /// Another open file (an import, a rules file).
    pub fn file(mut self, name: &str, source: &str) -> Project {
        let path = Path::new(FOLDER).join(name);
        let text = self.take_cursor(&path, source);
        self.engine.apply(Change::Open {
            path: path.clone(),
            text: text.clone(),
            version: 1,
        });
        self.files.push((path, text));
        self
    }

    /// The new text of an open file (the cursor moves to it if it has
    /// one), not compiled yet.
    pub fn edit(mut self, name: &str, source: &str) -> Project {
        let path = Path::new(FOLDER).join(name);
        let text = self.take_cursor(&path, source);
        self.engine.apply(Change::Edit {
            path: path.clone(),
            edits: vec![Edit {
                range: None,
                text: text.clone(),
            }],
            version: 2,
        });
        let file = self.files.iter_mut().find(|(p, _)| *p == path);
        file.expect("an open file").1 = text;
        self
    }

    /// `source` without its cursor, which is kept if there is one.
    fn take_cursor(&mut self, path: &Path, source: &str) -> String {
        if let Some(at) = source.find(CURSOR) {
            self.cursor = Some((path.to_path_buf(), position(source, at)));
        }
        source.chars().filter(|&c| c != CURSOR).collect()
    }

    /// The day triages expire against, instead of the day of the compile.
    pub fn today(mut self, day: &str) -> Project {
        let day = tmc_compiler::triage::Date::parse(day).expect("a day");
        self.engine.set_today(Some(day));
        self
    }

    /// Whether findings are diagnostics and explained on hover (they are
    /// unless turned off).
    pub fn findings(mut self, show: bool) -> Project {
        self.engine.set_show_findings(show);
        self
    }

    /// How many findings of one element are diagnostics of their own.
    pub fn per_element(mut self, n: usize) -> Project {
        self.engine.set_findings_per_element(n);
        self
    }

    /// The project after compiling each file under its root, as the
    /// server does when they are opened.
    pub fn compiled(mut self) -> Project {
        for (path, _) in &self.files {
            self.engine.compile(path);
        }
        self
    }

    /// The engine, and the file and place of the cursor.
    pub fn at(&self) -> (&Engine, &Path, Position) {
        let (path, at) = self.cursor.as_ref().expect("a cursor in the source");
        (&self.engine, path, *at)
    }

    /// The engine, for a question about a whole file (no cursor).
    pub fn at_path(&self, _path: &Path) -> &Engine {
        &self.engine
    }

    /// Every source as written, with the cursor.
    pub fn sources(&self) -> String {
        let mut out = String::new();
        for (path, text) in &self.files {
            let mut text = text.clone();
            if let Some((_, at)) = self.cursor.as_ref().filter(|(p, _)| p == path) {
                text.insert(offset(&text, *at), CURSOR);
            }
            let _ = writeln!(out, "--- {}\n{text}", name(path));
        }
        out
    }

    /// The text of an open file.
    pub fn text(&self, path: &Path) -> &str {
        let found = self.files.iter().find(|(p, _)| p == path);
        &found.expect("a file of the project").1
    }

    /// `path:line:column` and the lines of `range` with it marked.
    pub fn show(&self, location: &Location) -> String {
        format!(
            "{}:{}\n{}",
            name(&location.path),
            show_range(location.range),
            mark(self.text(&location.path), location.range)
        )
    }
}

/// The file's name inside the test folder.
pub fn name(path: &Path) -> String {
    path.strip_prefix(FOLDER)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `line:column-line:column`, from 1 as editors show them.
pub fn show_range(r: Range) -> String {
    format!(
        "{}:{}-{}:{}",
        r.start.line + 1,
        r.start.character + 1,
        r.end.line + 1,
        r.end.character + 1
    )
}

/// The lines `range` covers, with `[` and `]` around it.
pub fn mark(text: &str, range: Range) -> String {
    let start = offset(text, range.start);
    let end = offset(text, range.end);
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
    format!(
        "    {}[{}]{}",
        &text[from..start],
        &text[start..end],
        &text[end..to]
    )
    .replace('\n', "\n    ")
}

/// The position of byte `at` (the test texts are ASCII but for a few
/// cases that say so, which count UTF-16 units as editors do).
fn position(text: &str, at: usize) -> Position {
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let column = before.rsplit('\n').next().unwrap_or("");
    Position::new(line, column.encode_utf16().count() as u32)
}

/// The byte offset of a position.
fn offset(text: &str, p: Position) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(p.line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= p.character as usize || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}
