//! Recovery after a syntax error. A declaration that does not parse is
//! reported and skipped, and parsing goes on with the next one, so that one
//! slip does not hide every other problem of the model.
//!
//! Where the broken declaration ends is read from the tokens (`tokens.rs`):
//! at the bracket that closes the one it opened, or at the next line that
//! starts, at its first column, the way declarations do (`Server web`,
//! `flow`, `boundary`, `///`, ...). A declaration line reached while a `{`
//! is still open means that `{` was never closed: the error then points at
//! that brace, with the line where it was noticed as a second label,
//! rather than at whatever the parser could not read on that line.
//!
//! The names the skipped text declares are kept (`ast::Broken`), so that
//! references to them are not reported as unknown as well.

use compact_str::CompactString;

use super::ast::{Broken, Ident};
use super::keywords::DECLARING;
use super::tokens::{is_first_on_line, Token, TokenKind, Tokens};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// What became of a declaration that did not parse.
pub(super) struct Recovered {
    pub error: Diagnostic,
    pub broken: Broken,
    /// Where parsing goes on: after the broken declaration.
    pub resume: usize,
}

/// The parser's own account of a syntax error: where it stopped and what
/// it says.
pub(super) struct Stop {
    pub at: usize,
    pub message: String,
}

/// Recovers from a syntax error in the declaration that starts at `start`
/// (its first token, a doc comment or a word), which the parser could not
/// read past `stop.at`.
pub(super) fn recover(file: FileId, text: &str, start: usize, stop: Stop) -> Recovered {
    let end = scan(text, start, stop.at);
    let span = |a: usize, b: usize| Span::new(file, a, b);
    let error = match end.unclosed {
        Some(open) => {
            let noticed = end.resume;
            let noticed_end = next_token_end(text, noticed);
            let there = if noticed >= text.len() {
                "the text ends here"
            } else {
                "a new declaration starts here"
            };
            Diagnostic::error(
                "syntax",
                format!("syntax error: `{}` is never closed", &text[open..open + 1]),
            )
            .at(span(open, open + 1), "opened here")
            .also(
                span(noticed, noticed_end),
                format!("{there}, with it still open"),
            )
            .note(format!(
                "add `{}` where the declaration ends",
                closer(text.as_bytes()[open])
            ))
        }
        None => {
            let stop_end = next_token_end(text, stop.at);
            Diagnostic::error("syntax", stop.message)
                .at(span(stop.at, stop_end), "unexpected here")
                .note_opt(super::hints::hint(text, stop.at))
        }
    };
    let broken = skipped(file, text, start, end.resume);
    Recovered {
        error,
        broken,
        resume: end.resume,
    }
}

/// The text from `start` to `end`, skipped: where it is and what it
/// declares.
pub(super) fn skipped(file: FileId, text: &str, start: usize, end: usize) -> Broken {
    let end = end.max(start);
    Broken {
        span: Span::new(file, start, end),
        names: declared_names(file, text, start, end),
        model: Tokens::from(text, start)
            .take_while(|t| t.start < end)
            .any(|t| t.text(text) == "model" && is_first_on_line(text, t.start)),
    }
}

/// Where a broken declaration ends.
struct End {
    /// Where parsing goes on.
    resume: usize,
    /// The bracket left open, when a declaration line was reached (or the
    /// text ended) with it open at or before the place of the error.
    unclosed: Option<usize>,
}

/// Reads the tokens from `start`: the declaration ends after the bracket
/// that closes its outermost one, once past `stop` (the place of the
/// error), or before the next declaration line.
fn scan(text: &str, start: usize, stop: usize) -> End {
    let stop_line_end = line_end(text, stop);
    let mut open: Vec<usize> = Vec::new();
    let mut tokens = Tokens::from(text, start)
        .filter(|t| !t.is_trivia())
        .peekable();
    while let Some(token) = tokens.next() {
        if token.start > start && starts_line(text, token.start) {
            let next = tokens.peek().copied();
            if starts_declaration(text, token, next) {
                let unclosed = (token.start <= stop_line_end).then(|| open.last().copied());
                return End {
                    resume: token.start,
                    unclosed: unclosed.flatten(),
                };
            }
        }
        match token.kind {
            TokenKind::Open => open.push(token.start),
            TokenKind::Close => {
                let closed = open.pop().is_none() || open.is_empty();
                if closed && token.end > stop {
                    return End {
                        resume: token.end,
                        unclosed: None,
                    };
                }
            }
            _ => {}
        }
    }
    End {
        resume: text.len(),
        unclosed: open.last().copied(),
    }
}

/// Whether `token`, the first of its line, begins a declaration: a doc
/// comment, a declaring keyword, or a kind's name followed by an element's
/// identifier (`Server web`).
fn starts_declaration(text: &str, token: Token, next: Option<Token>) -> bool {
    match token.kind {
        TokenKind::DocComment => true,
        TokenKind::Word => {
            let word = token.text(text);
            DECLARING.contains(&word)
                || word.starts_with(|c: char| c.is_ascii_uppercase())
                    && next.is_some_and(|n| n.kind == TokenKind::Word && same_line(text, token, n))
        }
        _ => false,
    }
}

/// The keywords after which a declaration's name comes.
const NAMING: [&str; 7] = [
    "boundary",
    "kind",
    "record",
    "enum",
    "threat",
    "predicate",
    "flow",
];

/// The names declared between `start` and `end`: the word after a naming
/// keyword (for `flow`, a label `flow name:`), and the identifier after a
/// kind at the start of a line (`Server web`).
fn declared_names(file: FileId, text: &str, start: usize, end: usize) -> Vec<Ident> {
    let words: Vec<Token> = Tokens::from(text, start)
        .take_while(|t| t.start < end)
        .filter(|t| !t.is_trivia())
        .collect();
    let mut names = Vec::new();
    for (i, pair) in words.windows(2).enumerate() {
        let [first, name] = [pair[0], pair[1]];
        if first.kind != TokenKind::Word || name.kind != TokenKind::Word {
            continue;
        }
        let word = first.text(text);
        let declares = match word {
            "flow" => words.get(i + 2).is_some_and(|after| after.is(text, ":")),
            _ if NAMING.contains(&word) => true,
            _ => {
                word.starts_with(|c: char| c.is_ascii_uppercase())
                    && is_first_on_line(text, first.start)
                    && same_line(text, first, name)
            }
        };
        if declares {
            names.push(Ident {
                name: CompactString::new(name.text(text)),
                span: Span::new(file, name.start, name.end),
            });
        }
    }
    names
}

/// Whether `at` is the first column of a line.
fn starts_line(text: &str, at: usize) -> bool {
    at == 0 || text.as_bytes()[at - 1] == b'\n'
}

fn same_line(text: &str, a: Token, b: Token) -> bool {
    !text[a.end..b.start].contains('\n')
}

/// The end of the line `at` is on (before its line break).
fn line_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |n| at + n)
}

/// The end of the token at `at` (at most its line), or `at` at the end.
fn next_token_end(text: &str, at: usize) -> usize {
    Tokens::from(text, at).next().map_or(at, |t| {
        let token = &text[at..t.end];
        token
            .find(['\n', '\r'])
            .map_or(t.end, |n| (at + n).max(at + 1))
    })
}

fn closer(open: u8) -> char {
    match open {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        declared_names(FileId(0), text, 0, text.len())
            .into_iter()
            .map(|n| n.name.to_string())
            .collect()
    }

    #[test]
    fn the_names_a_skipped_text_declares() {
        let text = "boundary dmz {\n  Server web \"W\" {\n    port = 1\n  }\n}\nflow login: a -> web\nflow a -> b\nData token \"T\" { x = Classification.SECRET }\nkind K";
        assert_eq!(names(text), ["dmz", "web", "login", "token", "K"]);
    }

    #[test]
    fn a_missing_brace_is_reported_at_the_brace() {
        let text = "Data d \"D\" {\n  x = 1\n\nServer web\n";
        let stop = Stop {
            at: text.find("web").unwrap(),
            message: "syntax error".into(),
        };
        let r = recover(FileId(0), text, 0, stop);
        assert_eq!(r.error.message, "syntax error: `{` is never closed");
        assert_eq!(r.error.labels[0].span.start, text.find('{').unwrap());
        assert_eq!(r.error.labels[1].span.start, text.find("Server").unwrap());
        assert_eq!(r.resume, text.find("Server").unwrap());
        assert_eq!(r.broken.names.len(), 1);
    }
}
