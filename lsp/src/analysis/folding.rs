//! Folding ranges, read from the compiler's tokens of the editor's text
//! (so they follow every keystroke, and a text that does not parse still
//! folds): each bracketed block over several lines (a declaration's body,
//! a record, a list, a rule's condition), each multi-line string, and
//! each run of comment lines.

use tmc_syntax::syntax::tokens::{TokenKind, Tokens};

use super::answers::{Fold, FoldKind};
use super::lines::LineIndex;

/// The folds of `text`, by their first line.
pub fn folds(text: &str) -> Vec<Fold> {
    let index = LineIndex::new(text);
    let line = |offset: usize| index.position(offset).line;
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // The first and last line of the comment run going on.
    let mut comments: Option<(u32, u32)> = None;
    for token in Tokens::from(text, 0) {
        let is_comment = matches!(token.kind, TokenKind::Comment | TokenKind::DocComment);
        if is_comment {
            let at = line(token.start);
            comments = match comments {
                Some((first, last)) if last + 1 == at => Some((first, at)),
                run => {
                    push_comments(&mut out, run);
                    Some((at, at))
                }
            };
            continue;
        }
        match token.kind {
            TokenKind::Open => open.push(token.start),
            TokenKind::Close => {
                if let Some(start) = open.pop() {
                    push_region(&mut out, line(start), line(token.start), true);
                }
            }
            TokenKind::String | TokenKind::OpenString => {
                push_region(&mut out, line(token.start), line(token.end), false);
            }
            _ => {}
        }
    }
    push_comments(&mut out, comments);
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out
}

/// A block from `start` to `end` (the line of its closing bracket, which
/// stays in view when `closed`), if it spans lines.
fn push_region(out: &mut Vec<Fold>, start: u32, end: u32, closed: bool) {
    let end = if closed { end.saturating_sub(1) } else { end };
    if end > start {
        out.push(Fold {
            start_line: start,
            end_line: end,
            kind: FoldKind::Region,
        });
    }
}

/// A run of comment lines, if there are two or more.
fn push_comments(out: &mut Vec<Fold>, run: Option<(u32, u32)>) {
    if let Some((first, last)) = run.filter(|(first, last)| last > first) {
        out.push(Fold {
            start_line: first,
            end_line: last,
            kind: FoldKind::Comment,
        });
    }
}
