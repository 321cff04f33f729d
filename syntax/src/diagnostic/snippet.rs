//! The source lines a diagnostic shows, as they are shown: control
//! characters escaped (`\u{1b}`, `escape::terminal`) and a very long line
//! cut to a window around its marks, `…` where text was left out.
//! codespan-reporting draws a diagnostic from a `Files` database; `Shown`
//! is one that holds only these lines, with the labels' spans moved into
//! them, so the carets stay under the characters they mark while the line
//! numbers and the `file:line:col` stay those of the real file. Drawing
//! one line of 60 MB took codespan-reporting 46 s; a window of a few
//! hundred characters takes nothing.

use std::collections::BTreeSet;
use std::ops::Range;

use codespan_reporting::files::{self, Files, Location};
use codespan_reporting::term::Config;

use crate::escape::terminal;
use crate::source::{FileId, LineCol, Sources, Span};

/// A line up to this many bytes is shown whole.
const LONG_LINE: usize = 1000;
/// Characters of a long line shown before its first mark and after its
/// last.
const CONTEXT: usize = 100;
/// Characters at most from the first mark of a long line to the last
/// shown: a mark beyond runs into the `…`.
const SPAN: usize = 200;
/// What stands for text left out.
const ELLIPSIS: &str = "…";

/// The lines of one diagnostic, as shown, by file.
pub struct Shown {
    files: Vec<ShownFile>,
}

struct ShownFile {
    id: FileId,
    name: String,
    /// The shown lines, each ended by `\n`.
    text: String,
    /// In order of `index`.
    lines: Vec<ShownLine>,
    /// Where each label starts in `text`, and where that is in the file;
    /// primary labels first.
    starts: Vec<(usize, LineCol)>,
}

struct ShownLine {
    /// The line's index in its file.
    index: usize,
    /// Its place in `ShownFile::text`, without the line feed.
    range: Range<usize>,
}

/// One line of a file cut and escaped for showing.
struct Cut {
    /// The part of the line shown, in bytes of the file.
    window: Range<usize>,
    /// Whether text before and after the window was left out.
    cut_before: bool,
    cut_after: bool,
}

impl Shown {
    /// The lines `spans` need, with a label on each place, as codespan
    /// draws them under `config`; returns the database and each span moved
    /// into it, in order.
    pub fn new(
        sources: &Sources,
        spans: &[(Span, bool)],
        config: &Config,
    ) -> (Shown, Vec<Range<usize>>) {
        let mut files: Vec<FileId> = spans.iter().map(|(s, _)| s.file).collect();
        files.sort_unstable();
        files.dedup();
        let mut moved = vec![0..0; spans.len()];
        let files = files
            .into_iter()
            .map(|id| ShownFile::new(sources, id, spans, config, &mut moved))
            .collect();
        (Shown { files }, moved)
    }

    fn file(&self, id: FileId) -> Result<&ShownFile, files::Error> {
        self.files
            .iter()
            .find(|f| f.id == id)
            .ok_or(files::Error::FileMissing)
    }
}

impl ShownFile {
    /// The shown lines of file `id`; fills `moved` for the spans in it.
    fn new(
        sources: &Sources,
        id: FileId,
        spans: &[(Span, bool)],
        config: &Config,
        moved: &mut [Range<usize>],
    ) -> ShownFile {
        let text = sources.text(id);
        let line_of = |at: usize| Files::line_index(sources, id, at).unwrap_or(0);
        let mine: Vec<usize> = (0..spans.len())
            .filter(|&i| spans[i].0.file == id)
            .collect();
        let wanted = wanted_lines(mine.iter().map(|&i| spans[i].0), &line_of, config);
        let mut shown = ShownFile {
            id,
            name: terminal::line(sources.name(id)).into_owned(),
            text: String::new(),
            lines: Vec::new(),
            starts: Vec::new(),
        };
        let mut cuts = Vec::new();
        for index in wanted {
            let line = Files::line_range(sources, id, index).unwrap_or(0..0);
            let content = content_range(text, line);
            let marks: Vec<usize> = mine
                .iter()
                .flat_map(|&i| [spans[i].0.start, spans[i].0.end])
                .filter(|&at| line_of(at) == index)
                .map(|at| floor(text, at.clamp(content.start, content.end)))
                .collect();
            let cut = cut(text, content, &marks);
            let start = shown.text.len();
            shown.text.push_str(&show(text, &cut));
            shown.lines.push(ShownLine {
                index,
                range: start..shown.text.len(),
            });
            shown.text.push('\n');
            cuts.push(cut);
        }
        let place = |at: usize| {
            let index = line_of(at);
            let i = shown
                .lines
                .binary_search_by_key(&index, |l| l.index)
                .expect("every marked line is shown");
            shown.lines[i].range.start + offset(text, &cuts[i], at)
        };
        for &i in &mine {
            let span = spans[i].0;
            moved[i] = place(span.start)..place(span.end);
        }
        // Primary labels first: where two starts meet (both cut away), the
        // file:line:col shown is the primary's.
        let mut order = mine.clone();
        order.sort_by_key(|&i| !spans[i].1);
        shown.starts = order
            .iter()
            .map(|&i| (moved[i].start, sources.line_col(id, spans[i].0.start)))
            .collect();
        shown
    }
}

/// The indexes of the lines codespan draws for these spans under
/// `config` (which adds no lines before or after a label): the lines a
/// span starts and ends on, the first and last lines inside a span of
/// several lines (as many as `config` asks for), and a line alone between
/// two drawn ones (drawn rather than a `·` break).
fn wanted_lines(
    spans: impl Iterator<Item = Span>,
    line_of: &impl Fn(usize) -> usize,
    config: &Config,
) -> BTreeSet<usize> {
    let mut wanted = BTreeSet::new();
    for span in spans {
        let (first, last) = (line_of(span.start), line_of(span.end));
        wanted.extend([first, last]);
        if last > first + 1 {
            let inside = first + 1..last;
            wanted.extend(inside.start..(first + 1 + config.start_context_lines).min(last));
            wanted.extend(
                last.saturating_sub(config.end_context_lines)
                    .max(inside.start)..last,
            );
        }
    }
    let gaps: Vec<usize> = wanted
        .iter()
        .zip(wanted.iter().skip(1))
        .filter(|(a, b)| **b - **a == 2)
        .map(|(a, _)| a + 1)
        .collect();
    wanted.extend(gaps);
    wanted
}

/// A line's range without its line feed (and a carriage return before it).
fn content_range(text: &str, line: Range<usize>) -> Range<usize> {
    let end = line.end.min(text.len());
    let body = &text[line.start.min(end)..end];
    let body = body.strip_suffix('\n').unwrap_or(body);
    let body = body.strip_suffix('\r').unwrap_or(body);
    line.start..line.start + body.len()
}

/// The window of a line shown around its `marks` (byte offsets in it): the
/// whole line when it is short.
fn cut(text: &str, line: Range<usize>, marks: &[usize]) -> Cut {
    if line.len() <= LONG_LINE {
        return Cut {
            window: line,
            cut_before: false,
            cut_after: false,
        };
    }
    let first = marks.iter().copied().min().unwrap_or(line.start);
    let last = marks.iter().copied().max().unwrap_or(first);
    let last = last.min(forward(text, first, SPAN, line.end));
    let start = back(text, first, CONTEXT, line.start);
    let end = forward(text, last, CONTEXT, line.end);
    Cut {
        window: start..end,
        cut_before: start > line.start,
        cut_after: end < line.end,
    }
}

/// The byte offset `n` characters after `at`, at most `limit`.
fn forward(text: &str, at: usize, n: usize, limit: usize) -> usize {
    text[at..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| at + i)
}

/// The byte offset `n` characters before `at`, at least `limit`.
fn back(text: &str, at: usize, n: usize, limit: usize) -> usize {
    text[limit..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(limit, |(i, _)| limit + i)
}

/// The window of `cut` as shown.
fn show(text: &str, cut: &Cut) -> String {
    let mut out = String::new();
    if cut.cut_before {
        out.push_str(ELLIPSIS);
    }
    push_shown(&mut out, &text[cut.window.clone()]);
    if cut.cut_after {
        out.push_str(ELLIPSIS);
    }
    out
}

/// Appends `s` with its control characters escaped; tabs stay (codespan
/// draws them as spaces).
fn push_shown(out: &mut String, s: &str) {
    for c in s.chars() {
        if c != '\t' && terminal::is_control(c) {
            terminal::push_escaped(out, c);
        } else {
            out.push(c);
        }
    }
}

/// Where byte `at` of the file is in the shown line: a place left out
/// before the window is at the first `…`, one after it at the last.
fn offset(text: &str, cut: &Cut, at: usize) -> usize {
    if at < cut.window.start {
        return 0;
    }
    let ellipsis = if cut.cut_before { ELLIPSIS.len() } else { 0 };
    let inside = floor(text, at.min(cut.window.end));
    let mut shown = String::new();
    push_shown(&mut shown, &text[cut.window.start..inside]);
    ellipsis + shown.len()
}

/// `at`, or the start of the character it falls inside.
fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl<'a> Files<'a> for Shown {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let file = self.file(id)?;
        let after = file.lines.partition_point(|l| l.range.start <= byte_index);
        Ok(file.lines[after.saturating_sub(1)].index)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.file(id)?;
        // A line inside a long span that is not drawn is asked for too:
        // it has no text here.
        Ok(
            match file.lines.binary_search_by_key(&line_index, |l| l.index) {
                Ok(i) => file.lines[i].range.clone(),
                Err(_) => file.text.len()..file.text.len(),
            },
        )
    }

    fn location(&'a self, id: FileId, byte_index: usize) -> Result<Location, files::Error> {
        let file = self.file(id)?;
        let (_, at) = file
            .starts
            .iter()
            .find(|(shown, _)| *shown == byte_index)
            .ok_or(files::Error::IndexTooLarge {
                given: byte_index,
                max: file.text.len(),
            })?;
        Ok(Location {
            line_number: at.line,
            column_number: at.column,
        })
    }
}

#[cfg(test)]
mod tests {
    use codespan_reporting::diagnostic as cs;
    use codespan_reporting::term;

    use crate::diagnostic::{render_plain, Diagnostic};
    use crate::source::{Sources, Span};

    /// What codespan draws from the whole file, for comparison.
    fn as_codespan_draws(sources: &Sources, d: &Diagnostic) -> String {
        let labels = d
            .labels
            .iter()
            .map(|l| {
                let style = if l.primary {
                    cs::LabelStyle::Primary
                } else {
                    cs::LabelStyle::Secondary
                };
                cs::Label::new(style, l.span.file, l.span.range()).with_message(&l.message)
            })
            .collect();
        let d = cs::Diagnostic::error()
            .with_code(d.code)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(d.notes.clone());
        term::emit_into_string(&super::super::config(), sources, &d).unwrap()
    }

    #[test]
    fn ordinary_lines_are_drawn_as_codespan_draws_the_whole_file() {
        let mut sources = Sources::new();
        let text: String = (1..=40).map(|i| format!("line {i}\twith text\n")).collect();
        let a = sources.add("a.tm", text.clone());
        let b = sources.add("b.tm", text.clone());
        let at = |line: usize, col: usize| {
            text.lines()
                .take(line - 1)
                .map(|l| l.len() + 1)
                .sum::<usize>()
                + col
        };
        let cases = [
            // One line; two labels on one line; a span over many lines
            // (context lines and a break); spans two lines apart (the line
            // between is drawn); two files.
            vec![(Span::new(a, at(3, 0), at(3, 4)), true)],
            vec![
                (Span::new(a, at(3, 0), at(3, 4)), true),
                (Span::new(a, at(3, 5), at(3, 7)), false),
            ],
            vec![(Span::new(a, at(2, 3), at(30, 2)), true)],
            vec![
                (Span::new(a, at(4, 0), at(4, 1)), true),
                (Span::new(a, at(6, 2), at(6, 3)), false),
            ],
            vec![
                (Span::new(a, at(7, 0), at(9, 1)), true),
                (Span::new(b, at(20, 0), at(25, 3)), false),
            ],
            vec![(Span::new(a, text.len(), text.len()), true)],
        ];
        for labels in cases {
            let mut d = Diagnostic::error("test", "a message").note("a note");
            for (span, primary) in &labels {
                d = if *primary {
                    d.at(*span, "here")
                } else {
                    d.also(*span, "there")
                };
            }
            let expected = as_codespan_draws(&sources, &d);
            assert_eq!(render_plain(&sources, &[d]), expected, "{labels:?}");
        }
    }

    /// The shown line holding `needle`, and the caret line under it.
    fn line_and_carets<'a>(out: &'a str, needle: &str) -> (&'a str, &'a str) {
        let lines: Vec<&str> = out.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in\n{out}"));
        (lines[at], lines[at + 1])
    }

    fn column_of(line: &str, c: char) -> Option<usize> {
        line.chars().position(|x| x == c)
    }

    #[test]
    fn control_characters_are_escaped_and_the_carets_stay_under_their_text() {
        let mut sources = Sources::new();
        let text = "Actor u \"x\u{1b}[2J\u{7}\u{9b}y\" ?\n";
        let f = sources.add("m\u{1b}.tm", text);
        let q = text.find('?').unwrap();
        let d =
            Diagnostic::error("syntax", "bad \u{1b}[31m").at(Span::new(f, q, q + 1), "\u{7}here");
        let out = render_plain(&sources, &[d]);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(
            out.contains("bad \\u{1b}[31m") && out.contains("\\u{7}here"),
            "{out}"
        );
        assert!(out.contains("m\\u{1b}.tm:1:20"), "{out}");
        let (line, carets) = line_and_carets(&out, "x\\u{1b}[2J\\u{7}\\u{9b}y");
        assert_eq!(column_of(carets, '^'), column_of(line, '?'), "\n{out}");
    }

    #[test]
    fn a_long_line_is_cut_around_its_mark() {
        let mut sources = Sources::new();
        let half = "a".repeat(500_000);
        let text = format!("x\n{half} \u{1b}? {half}\n");
        let f = sources.add("m.tm", text.clone());
        let q = text.find('?').unwrap();
        let d = Diagnostic::error("syntax", "bad").at(Span::new(f, q, q + 1), "here");
        let out = render_plain(&sources, &[d]);
        assert!(out.len() < 1500, "{out}");
        assert!(out.contains("m.tm:2:500003"), "{out}");
        let (line, carets) = line_and_carets(&out, "\\u{1b}?");
        assert!(
            line.contains("2 │ …aaa") && line.ends_with("aaa…"),
            "{line}"
        );
        assert_eq!(column_of(carets, '^'), column_of(line, '?'), "\n{out}");

        // A span from far before the window runs from its first `…`; one
        // over several long lines is cut on each.
        let d = Diagnostic::error("syntax", "bad").at(Span::new(f, 3, q + 1), "all this");
        let out = render_plain(&sources, &[d]);
        assert!(out.len() < 1500, "{out}");
        let d = Diagnostic::error("syntax", "bad").at(Span::new(f, 2, text.len() - 1), "all");
        let out = render_plain(&sources, &[d]);
        assert!(out.len() < 1500, "{out}");
    }

    #[test]
    fn a_60_mb_line_is_drawn_at_once() {
        let mut sources = Sources::new();
        let text = format!("{}?\n", "a".repeat(60_000_000));
        let f = sources.add("m.tm", text.clone());
        let d = Diagnostic::error("syntax", "bad").at(Span::new(f, 60_000_000, 60_000_001), "here");
        let start = std::time::Instant::now();
        let out = render_plain(&sources, &[d]);
        // Counting the column (60 million characters) is most of it.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
        let (line, carets) = line_and_carets(&out, "a?");
        assert_eq!(column_of(carets, '^'), column_of(line, '?'), "\n{out}");
        assert!(out.contains("m.tm:1:60000001"), "{out}");
    }

    #[test]
    fn a_span_inside_a_character_is_drawn_from_its_start() {
        let mut sources = Sources::new();
        let text = format!("{}?\n", "é".repeat(1000));
        let f = sources.add("m.tm", text);
        for at in [1, 999, 1001, 1999] {
            let d = Diagnostic::error("x", "bad").at(Span::new(f, at, at + 2), "here");
            let out = render_plain(&sources, &[d]);
            assert!(out.contains('…') && out.contains('^'), "{out}");
        }
    }
}
