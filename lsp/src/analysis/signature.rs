//! Signature help: inside the parentheses of a call in a condition, the
//! signature of the predicate called (from the compiler's checked library,
//! the stdlib's and every loaded rule file's) or of the built-in
//! `count(list)`, `reaches(a, b)` or `path(a, b)`, the parameter the
//! cursor is at, and the predicate's doc comment. Where the cursor is comes from the compiler's tokens of the
//! text before it, so a call being written, which does not parse yet, is
//! found too.

use tmc_compiler::rules::RouteAsk;
use tmc_compiler::Compilation;
use tmc_syntax::syntax::tokens::{tokens, TokenKind};

use super::answers::Signature;

/// What `count(...)` takes, and its doc.
const COUNT: (&str, &str) = (
    "list: [T]",
    "The number of items in a list, an `int`: `count(target.inputs) == 0`.",
);

/// What the graph questions (`reaches`, `path`) take.
const ROUTE_PARAMS: [&str; 2] = ["a: Element", "b: Element"];

/// The signature of the call whose parentheses hold byte `offset` of
/// `text`, if it calls a predicate of `c` or `count`; none in a string or
/// a comment.
pub fn at(c: &Compilation, text: &str, offset: usize) -> Option<Signature> {
    let (name, commas) = open_call(text, offset)?;
    if name == "count" {
        return Some(signature(name, &[COUNT.0.to_string()], commas, COUNT.1));
    }
    if let Some(ask) = RouteAsk::named(name) {
        let params = ROUTE_PARAMS.map(String::from);
        return Some(signature(name, &params, commas, ask.doc()));
    }
    let p = c.library.predicates.iter().find(|p| p.name == name)?;
    let params: Vec<String> = p.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    Some(signature(name, &params, commas, &p.docs))
}

/// `name(p1, p2)` with where each parameter is in it (UTF-16 offsets).
fn signature(name: &str, params: &[String], commas: usize, doc: &str) -> Signature {
    let mut label = format!("{name}(");
    let mut at = Vec::new();
    for (i, p) in params.iter().enumerate() {
        if i > 0 {
            label.push_str(", ");
        }
        let start = label.encode_utf16().count() as u32;
        label.push_str(p);
        at.push((start, label.encode_utf16().count() as u32));
    }
    label.push(')');
    Signature {
        label,
        params: at,
        active: commas as u32,
        doc: doc.to_string(),
    }
}

/// The name before the innermost `(` still open at `offset`, and how many
/// commas of that call come before `offset`; none when the innermost open
/// bracket is not a call's, or `offset` is inside a string or a comment.
fn open_call(text: &str, offset: usize) -> Option<(&str, usize)> {
    // Each open bracket: the called name for a `(` right after a word,
    // and the commas seen in it.
    let mut open: Vec<(Option<&str>, usize)> = Vec::new();
    let mut last_word: Option<&str> = None;
    for t in tokens(text) {
        if t.start >= offset {
            break;
        }
        let inside = t.end > offset;
        // A comment or an unclosed string runs on up to the cursor at its end.
        let runs_on = matches!(
            t.kind,
            TokenKind::OpenString | TokenKind::Comment | TokenKind::DocComment
        );
        if (runs_on && t.end >= offset) || (inside && t.kind == TokenKind::String) {
            return None;
        }
        match t.kind {
            _ if inside => break,
            TokenKind::Open => {
                let call = last_word.filter(|_| t.text(text) == "(");
                open.push((call, 0));
            }
            TokenKind::Close => {
                open.pop();
            }
            TokenKind::Punct if t.text(text) == "," => {
                if let Some(top) = open.last_mut() {
                    top.1 += 1;
                }
            }
            _ => {}
        }
        if !t.is_trivia() {
            last_word = (t.kind == TokenKind::Word).then(|| t.text(text));
        }
    }
    let &(name, commas) = open.last()?;
    Some((name?, commas))
}

#[cfg(test)]
mod tests {
    use super::open_call;

    #[test]
    fn the_innermost_open_call_and_its_commas() {
        let text = "when = inside(target, dmz) and crosses(f, ";
        assert_eq!(open_call(text, text.len()), Some(("crosses", 1)));
        assert_eq!(open_call(text, 14), Some(("inside", 0)));
        assert_eq!(open_call(text, 22), Some(("inside", 1)));
        assert_eq!(open_call(text, 26), None);
        let nested = "p(a, [x, y], q(";
        assert_eq!(open_call(nested, 9), None);
        assert_eq!(open_call(nested, 12), Some(("p", 2)));
        assert_eq!(open_call(nested, nested.len()), Some(("q", 0)));
        let string = "p(\"a, b";
        assert_eq!(open_call(string, string.len()), None);
        assert_eq!(open_call("x = (a, b", 9), None);
    }
}
