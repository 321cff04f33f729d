//! Document links: the file an `import "file.tm"` reads, and the
//! `sourceFiles` of an element that exist, each relative to the folder of
//! the file that names it. Read from the compiler's tokens (a parse of a
//! large model costs ten times as much), so a text that does not parse
//! keeps its links.

use std::path::Path;

use tmc_compiler::model::known::SOURCE_FILES;
use tmc_syntax::syntax::tokens::{Token, TokenKind, Tokens};

use super::answers::Link;
use super::lines::LineIndex;

/// The links of `text`, the editor's text of `path`; `exists` says
/// whether a file is there (on disk or open in the editor).
pub fn links(path: &Path, text: &str, exists: &dyn Fn(&Path) -> bool) -> Vec<Link> {
    let tokens: Vec<Token> = Tokens::from(text, 0).filter(|t| !t.is_trivia()).collect();
    let folder = path.parent().unwrap_or(Path::new("/"));
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let mut push = |t: &Token, always: bool| {
        let Some(named) = plain_string(t.text(text)) else {
            return;
        };
        let target = folder.join(named);
        if always || exists(&target) {
            // Inside the quotes.
            out.push(Link {
                range: index.range(t.start + 1, t.end - 1),
                target,
            });
        }
    };
    let word = |i: usize, w: &str| {
        tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word && t.text(text) == w)
    };
    let is = |i: usize, s: &str| tokens.get(i).is_some_and(|t| t.is(text, s));
    for i in 0..tokens.len() {
        if word(i, "import") {
            if let Some(t) = tokens.get(i + 1).filter(|t| t.kind == TokenKind::String) {
                push(t, true);
            }
        } else if word(i, SOURCE_FILES.name()) && is(i + 1, "=") && is(i + 2, "[") {
            let list = tokens[i + 3..].iter().take_while(|t| !t.is(text, "]"));
            for t in list.filter(|t| t.kind == TokenKind::String) {
                push(t, false);
            }
        }
    }
    out
}

/// The text of a one-line string literal without escapes, unquoted.
fn plain_string(literal: &str) -> Option<&str> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.is_empty() && !inner.contains(['"', '\\', '\n'])).then_some(inner)
}
