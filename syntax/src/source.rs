//! Source files: the text of every `.tm` file in a compilation (the embedded
//! stdlib included), addressed by `FileId`, and byte spans into them.

use std::ops::Range;

use codespan_reporting::files::{self, SimpleFiles};

/// A file of `Sources`: the position it was added at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

impl FileId {
    /// The file added `index`-th (from 0).
    pub fn at(index: usize) -> FileId {
        FileId(u32::try_from(index).expect("fewer than 2^32 files"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for FileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start, end }
    }

    /// From the start of `self` to the end of `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Every source text of a compilation, with the name each is shown under.
#[derive(Clone, Default)]
pub struct Sources {
    files: SimpleFiles<String, String>,
    count: usize,
}

/// One (1-based) line and column, for messages and JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.count += 1;
        FileId::at(self.files.add(name.into(), text.into()))
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Every file, in the order added.
    pub fn ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.count).map(FileId::at)
    }

    pub fn name(&self, file: FileId) -> &str {
        self.files
            .get(file.index())
            .map(|f| f.name().as_str())
            .unwrap_or("<unknown>")
    }

    /// Whether `file` is one the binary embeds (the standard library and
    /// the built-in threat libraries, named `<stdlib>/...` and the like)
    /// rather than one read from disk or sent by an editor.
    pub fn is_embedded(&self, file: FileId) -> bool {
        self.name(file).starts_with('<')
    }

    pub fn text(&self, file: FileId) -> &str {
        self.files
            .get(file.index())
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text(span.file).get(span.range()).unwrap_or("")
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> LineCol {
        use codespan_reporting::files::Files;
        let line = self.files.line_index(file.index(), offset).unwrap_or(0);
        let column = self
            .files
            .column_number(file.index(), line, offset)
            .unwrap_or(1);
        LineCol {
            line: line + 1,
            column,
        }
    }
}

impl<'a> files::Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files.get(id.index()).map(|f| f.name().as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files.get(id.index()).map(|f| f.source().as_str())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        self.files.line_index(id.index(), byte_index)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        self.files.line_range(id.index(), line_index)
    }
}
