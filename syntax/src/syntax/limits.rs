//! Input limits checked before parsing, so that hostile or broken text gets
//! a clear diagnostic instead of exhausting the stack or the memory.
//!
//! The parser (pest), the AST builder and the later passes (type checking of
//! conditions, rule evaluation, the formatter, the language server) all
//! recurse once per level of nesting. Rather than bounding each of them, one
//! cheap pass over the text's tokens (`tokens.rs`) runs first and refuses:
//!
//! - text nested deeper than [`MAX_NESTING`] levels (`nesting-too-deep`),
//! - text holding a NUL byte (`nul-byte`): a binary file, or a file with a
//!   stray NUL that would end up in names and outputs,
//! - identifiers longer than [`MAX_IDENTIFIER`] (`identifier-too-long`).
//!
//! Boundaries can also nest through `in` (`boundary b in a`), which no
//! lexical scan sees; `check::check_boundary_depth` applies the same limit to the
//! boundary tree once it is known (`boundary-too-deep`), so the outputs
//! that draw nested clusters recursively stay within the stack too.
//!
//! The file size limit ([`MAX_FILE_BYTES`], `file-too-large`) is applied
//! by the loader, before a file is read. docs/robustness.md describes the
//! limits for users.

use super::tokens::{tokens, TokenKind};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// The deepest nesting accepted. A level is an open `(`, `[` or `{`, or a
/// condition operator (`and`, `or`, `not`, `any`, `all`, `count`) in a chain:
/// `a or b or c` is a left-nested tree as deep as the chain is long, and
/// every pass over conditions recurses through it.
///
/// Hand-written models rarely go past 10; 256 leaves room for generated
/// ones. Walking 256 levels takes between 2.5 and 4 MiB of stack in a
/// debug build (much less in release), more than Rust's default 2 MiB for
/// spawned threads: the CLI runs on a 64 MiB thread and the language
/// server's blocking threads get 8 MiB.
pub const MAX_NESTING: usize = 256;

/// The most quantifiers (`any`/`all`/`count x in list: ...`) open inside
/// one another. A quantifier's body reaches as far right as it can, so
/// when text inside it fails to parse (mid-edit: an unclosed `(`), the
/// parser tries the same text again for each enclosing quantifier: parse
/// time doubles with every level (18 levels: 9 s). Hand-written rules nest
/// two or three; 8 keeps the worst case under a millisecond.
pub const MAX_QUANTIFIERS: usize = 8;

/// The most syntax errors reported for one file; the parser stops there
/// and the rest of the file is skipped like a broken declaration. Each
/// error costs pest a pass over the rest of the text (it finds the line
/// of an error by reading back from the end of its input), so a file of
/// 20,000 broken declarations took a minute; no one reads past the first
/// screenful of syntax errors anyway.
pub const MAX_SYNTAX_ERRORS: usize = 100;

/// The longest identifier, in characters (identifiers are ASCII). Every
/// finding repeats its element's identifier, did-you-mean compares names
/// character by character, and a flow without a label is named after both
/// its ends: a 100,000-character identifier made each of these slow or
/// huge, and no one means a name that long.
pub const MAX_IDENTIFIER: usize = 256;

/// The most values an object, or a value of a record, holds when the
/// fields of the records it holds are counted with its own. Records hold
/// records, and two fields of the same record in each of 30 records nested
/// in one another would give every object a billion values from 30 lines
/// of schema; this keeps what each object holds (and writes to JSON)
/// within a constant of its kind's declaration. The stdlib's largest kind
/// holds 76 (`LLM`: 33 attributes and the 43 of `controls`).
pub const MAX_VALUES: usize = 1024;

/// How deep a threat's or predicate's condition nests once the predicates
/// it calls are put in the place of each call: evaluation recurses that
/// deep. Twice `MAX_NESTING`, so that a condition at the limit of the text
/// can still call predicates; a chain of predicates each calling the next
/// is the way past it.
pub const MAX_CONDITION_DEPTH: usize = 2 * MAX_NESTING;

/// How many operations a condition holds once the predicates it calls are
/// put in the place of each call. A predicate that calls the next twice
/// (`p1(x) = p2(x) or p2(x)`), 40 deep, is a trillion operations from 40
/// lines, tested on every element; a condition written out at this size
/// would be a megabyte of text.
pub const MAX_CONDITION_SIZE: usize = 100_000;

/// The largest source file read, in bytes (64 MiB). Larger files are
/// refused before they are read (`file-too-large`); a generated model of
/// 100,000 elements (bench/gen.py) is 27 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Checks `text` against the limits; the error points at the first place
/// that breaks one.
pub fn check(file: FileId, text: &str) -> Result<(), Diagnostic> {
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        return Err(nul_byte(file, at, at + 1));
    }
    // For each open bracket, how many chain operators were counted since it
    // opened (the outermost entry is the top level, never closed).
    let mut chains: Vec<usize> = vec![0];
    // For each open bracket, the quantifiers opened since (a quantifier
    // stays open to the end of its bracket, or the next `,` or `=`).
    let mut quantifiers: Vec<usize> = vec![0];
    let mut depth = 0usize;
    let mut tokens = tokens(text).filter(|t| !t.is_trivia()).peekable();
    while let Some(token) = tokens.next() {
        let (start, end) = (token.start, token.end);
        match token.kind {
            TokenKind::Open => {
                depth += 1;
                chains.push(0);
                quantifiers.push(0);
                if depth > MAX_NESTING {
                    return Err(too_deep(file, start, end));
                }
            }
            TokenKind::Close if chains.len() > 1 => {
                depth -= 1 + chains.pop().unwrap_or(0);
                quantifiers.pop();
            }
            // A new value or operand list: `x = ...`, `[a, b]`, `f(a, b)`.
            TokenKind::Punct if matches!(token.text(text), "," | "=") => {
                let level = chains.last_mut().expect("the top level is never popped");
                depth -= *level;
                *level = 0;
                *quantifiers
                    .last_mut()
                    .expect("the top level is never popped") = 0;
            }
            TokenKind::Word => {
                if end - start > MAX_IDENTIFIER {
                    return Err(too_long(file, start, end));
                }
                let word = token.text(text);
                if is_operator(word) {
                    depth += 1;
                    *chains.last_mut().expect("the top level is never popped") += 1;
                    if depth > MAX_NESTING {
                        return Err(too_deep(file, start, end));
                    }
                    // `any x in ...` opens a quantifier; `count(list)` is a call.
                    let named = tokens.peek().is_some_and(|t| t.kind == TokenKind::Word);
                    if named && matches!(word, "any" | "all" | "count") {
                        *quantifiers
                            .last_mut()
                            .expect("the top level is never popped") += 1;
                        if quantifiers.iter().sum::<usize>() > MAX_QUANTIFIERS {
                            return Err(too_many_quantifiers(file, start, end));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `word` is a condition operator that nests what follows it.
fn is_operator(word: &str) -> bool {
    // Nearly every word is a name: told apart by its first letter and
    // length before it is compared.
    matches!(word.as_bytes().first(), Some(b'a' | b'o' | b'n' | b'c'))
        && word.len() <= 5
        && matches!(word, "and" | "or" | "not" | "any" | "all" | "count")
}

fn too_deep(file: FileId, start: usize, end: usize) -> Diagnostic {
    Diagnostic::error(
        "nesting-too-deep",
        format!("nested more than {MAX_NESTING} levels deep"),
    )
    .at(
        Span::new(file, start, end),
        format!("level {} starts here", MAX_NESTING + 1),
    )
    .note(format!(
        "tmc reads at most {MAX_NESTING} levels of nested brackets, braces, parentheses and condition operators (`and`, `or`, `not`, `any`, `all`, `count` in one chain count one level each)"
    ))
    .note("flatten the text: split a long `or` chain with a list (`x in [a, b, c]`) or a predicate, and nest boundaries with `in` rather than blocks")
}

fn too_long(file: FileId, start: usize, end: usize) -> Diagnostic {
    let at = start + MAX_IDENTIFIER;
    Diagnostic::error(
        "identifier-too-long",
        format!(
            "an identifier of {} characters is longer than {MAX_IDENTIFIER}",
            end - start
        ),
    )
    .at(
        Span::new(file, at, at + 1),
        format!("character {} of the identifier", MAX_IDENTIFIER + 1),
    )
    .note(format!(
        "identifiers (of elements, flows, kinds, attributes, threats, ...) have at most {MAX_IDENTIFIER} characters"
    ))
    .note("give the object a short identifier; a long text belongs in its name (`Server web \"...\"`) or `description`")
}

fn too_many_quantifiers(file: FileId, start: usize, end: usize) -> Diagnostic {
    Diagnostic::error(
        "nesting-too-deep",
        format!("quantifiers nested more than {MAX_QUANTIFIERS} deep"),
    )
    .at(
        Span::new(file, start, end),
        format!("quantifier {} starts here", MAX_QUANTIFIERS + 1),
    )
    .note(format!(
        "tmc reads at most {MAX_QUANTIFIERS} quantifiers (`any`, `all`, `count x in list: ...`) inside one another; a quantifier's body reaches to the end of its bracket"
    ))
    .note("move the inner condition into a predicate, or close the brackets this text opens")
}

/// The error for a NUL byte at `start..end` (the loader shows it as the
/// three bytes of `␀` so that the line prints).
pub fn nul_byte(file: FileId, start: usize, end: usize) -> Diagnostic {
    Diagnostic::error("nul-byte", "the file contains a NUL byte")
        .at(Span::new(file, start, end), "NUL byte here")
        .note("`.tm` files are UTF-8 text; is this a binary file?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<(&'static str, usize)> {
        check(FileId(0), text)
            .err()
            .map(|d| (d.code, d.span().expect("located").start))
    }

    /// `predicate p() = a or ` then `(all f in x: b or ` `n` times: text
    /// whose parse time doubled with each level.
    fn unclosed_quantifiers(n: usize) -> String {
        format!("predicate p() = a or {}", "(all f in x: b or ".repeat(n))
    }

    #[test]
    fn quantifiers_nest_up_to_the_limit() {
        let nested = |n: usize| {
            format!(
                "predicate p(e: Element) = {}true{}",
                "any f in e.inputs: (".repeat(n),
                ")".repeat(n)
            )
        };
        assert_eq!(code(&nested(MAX_QUANTIFIERS)), None);
        assert!(matches!(
            code(&nested(MAX_QUANTIFIERS + 1)),
            Some(("nesting-too-deep", _))
        ));
        // Side by side they do not add up; without brackets each body
        // takes in the next quantifier, so those are nested.
        let side_by_side = vec!["(any f in e.inputs: true)"; 20].join(" or ");
        assert_eq!(
            code(&format!("predicate p(e: Element) = {side_by_side}")),
            None
        );
        // `count(list)` is a call, not a quantifier.
        let calls = "count(".repeat(20) + &")".repeat(20);
        assert_eq!(
            code(&format!("predicate p(e: Element) = {calls} > 1")),
            None
        );
    }

    #[test]
    fn unclosed_quantifiers_are_refused_before_pest_backtracks() {
        let text = unclosed_quantifiers(18);
        let (found, at) = code(&text).expect("refused");
        assert_eq!(found, "nesting-too-deep");
        let ninth = text.match_indices("all").nth(MAX_QUANTIFIERS).unwrap().0;
        assert_eq!(at, ninth);
        // At the limit, the parse fails fast.
        let started = std::time::Instant::now();
        assert!(crate::syntax::parse(FileId(0), &unclosed_quantifiers(MAX_QUANTIFIERS)).is_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn ordinary_text_passes() {
        for text in [
            "model \"M\" { description = \"d\" }\nServer s { controls { isHardened = true } }",
            "threat T \"t\" { when = not (a or b) and any x in y: x.z == 1 }",
            "Server s { sourceFiles = [\"((((\", \"\"\"[[[[\n{{{{\"\"\"] } // ((((((",
            "",
        ] {
            assert_eq!(code(text), None, "{text}");
        }
    }

    #[test]
    fn brackets_deeper_than_the_limit_are_refused_at_the_first_too_deep_one() {
        let ok = format!("{}{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(code(&ok), None);
        let deep = format!("x = {}", "[".repeat(10_000));
        assert_eq!(code(&deep), Some(("nesting-too-deep", 4 + MAX_NESTING)));
        // Brackets closed again do not add up.
        let wide = "{ [] } ".repeat(10_000);
        assert_eq!(code(&wide), None);
    }

    #[test]
    fn operator_chains_count_as_levels() {
        let or_chain = vec!["a"; 10_000].join(" or ");
        assert_eq!(code(&or_chain).unwrap().0, "nesting-too-deep");
        let nots = format!("{}true", "not ".repeat(10_000));
        assert_eq!(code(&nots).unwrap().0, "nesting-too-deep");
        let quantifiers = "any x in y: ".repeat(10_000);
        assert_eq!(code(&quantifiers).unwrap().0, "nesting-too-deep");
        // Operators in separate conditions and list items do not add up,
        // and a comparison does not start a new condition.
        let many = "threat T { when = a and b }\n".repeat(10_000);
        assert_eq!(code(&many), None);
        let items = format!("[{}]", vec!["a or b"; 10_000].join(", "));
        assert_eq!(code(&items), None);
        let compared = vec!["a == 1"; 10_000].join(" and ");
        assert_eq!(code(&compared).unwrap().0, "nesting-too-deep");
    }

    #[test]
    fn strings_and_comments_are_skipped() {
        let inside = format!("x = \"{}\" // {}", "(".repeat(10_000), "[".repeat(10_000));
        assert_eq!(code(&inside), None);
        let long = format!("x = \"\"\"\n{}\n\"\"\"", "or ".repeat(10_000));
        assert_eq!(code(&long), None);
        let escaped = format!("x = \"\\\"{}\"", "(".repeat(10_000));
        assert_eq!(code(&escaped), None);
    }

    #[test]
    fn identifiers_longer_than_the_limit_are_refused_at_the_first_character_too_many() {
        let ok = format!("Server {} \"S\"", "s".repeat(MAX_IDENTIFIER));
        assert_eq!(code(&ok), None);
        let long = format!("Server {} \"S\"", "s".repeat(100_000));
        assert_eq!(
            code(&long),
            Some(("identifier-too-long", 7 + MAX_IDENTIFIER))
        );
        // In strings and comments, long words are text.
        let text = format!("x = \"{0}\" // {0}", "w".repeat(100_000));
        assert_eq!(code(&text), None);
    }

    #[test]
    fn nul_bytes_are_refused_where_they_are() {
        assert_eq!(code("model \"M\"\0"), Some(("nul-byte", 9)));
        assert_eq!(code("x = \"a\0b\""), Some(("nul-byte", 6)));
        assert_eq!(code("// \0"), Some(("nul-byte", 3)));
    }
}
