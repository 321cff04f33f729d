//! Parsing a new version of a file from the parse of the one before: the
//! declarations an edit did not touch are kept, those after it moved by
//! the edit's growth (`relocate.rs`), and only the text between is parsed.
//! The language server compiles a file again on every keystroke; in a file
//! of ten thousand declarations, parsing it all again took a third of the
//! time from a keystroke to its diagnostics.
//!
//! The result is the same as `parse_recovering` on the new text, errors
//! included. A declaration parses the same wherever a parse starts (see
//! `parse_parts`), and reads no text past the start of the declaration
//! after it, so one whose text, and the next declaration's, are unchanged
//! parses as before. At the start, the declarations that end in the
//! unchanged beginning are kept but the last; at the end, those that start
//! in the unchanged end but the first. The text between is parsed up to
//! where the first kept one at the end starts; if its parse does not stop
//! exactly there (an edit that opened a `{` or a string, say), the whole
//! file is parsed again.

use super::ast::{File, Item};
use super::parser::{declaration_start, parse_recovering, Part, PartEnd, ERROR_WINDOW};
use super::relocate::{Move, Relocate};
use crate::diagnostic::Diagnostic;
use crate::source::FileId;

/// A version of a file and its syntax tree, which parsed without any error
/// or warning: what `reparse` starts from.
pub struct Earlier {
    text: String,
    tree: File,
}

impl Earlier {
    /// The parse of `text` as `parse_recovering` gave it (`tree`,
    /// `errors`), kept if it is clean: a parse with errors is not reused.
    pub fn keep(text: String, tree: File, errors: &[Diagnostic]) -> Option<Earlier> {
        let clean = errors.is_empty() && tree.broken.is_empty();
        clean.then_some(Earlier { text, tree })
    }
}

/// Parses `text`, the new version of the file `earlier` is a parse of, as
/// `file`: what `parse_recovering(file, text)` gives, in a fraction of the
/// time when the edit is small.
pub fn reparse(file: FileId, text: &str, earlier: Earlier) -> (Option<File>, Vec<Diagnostic>) {
    let kept = Kept::of(file, text, earlier);
    // The input limits are checked beside the moving of the declarations
    // kept (both only read the text); nothing is parsed before they pass,
    // since they keep the parser within its stack.
    let mut limits = Ok(());
    let kept = tmc_perf::split::beside(
        || limits = super::limits::check(file, text),
        || kept.map(Kept::moved),
    );
    if let Err(error) = limits {
        return (None, vec![error]);
    }
    match kept.and_then(|kept| kept.parse_between(text)) {
        Some((tree, errors)) => (Some(tree), errors),
        None => parse_recovering(file, text),
    }
}

/// The declarations of the earlier parse kept for the new text, and where
/// the text between them is.
struct Kept {
    file: FileId,
    /// Those before the edit, as they were.
    head: Vec<Item>,
    /// Those after it, to be moved by `by` bytes.
    tail: Vec<Item>,
    by: isize,
    /// The text to parse: from `from` up to where the first of `tail`
    /// starts (`None`: the end of the text, when nothing is kept after).
    from: usize,
    limit: Option<usize>,
}

impl Kept {
    /// What of `earlier` can be kept for `text`, or `None` when the whole
    /// text is to be parsed instead.
    fn of(file: FileId, text: &str, earlier: Earlier) -> Option<Kept> {
        let Earlier { text: old, tree } = earlier;
        let (same_start, same_end) = common_ends(old.as_bytes(), text.as_bytes());
        let mut items = tree.items;
        // Kept at the start: the declarations ending in the unchanged
        // beginning, but the last (a declaration reads the start of the
        // next).
        let ending_before = items.partition_point(|i| i.span().end <= same_start);
        let head = ending_before.saturating_sub(1);
        let from = match head {
            0 => 0,
            n => items[n - 1].span().end,
        };
        // Kept at the end: those starting in the unchanged end, but the
        // first.
        let unchanged_from = old.len() - same_end;
        let first_after = items.partition_point(|i| i.span().start < unchanged_from);
        let tail = (first_after + 1).min(items.len());
        if tail <= head && tail < items.len() {
            return None; // cannot be: a kept declaration has some text
        }
        let by = text.len() as isize - old.len() as isize;
        let limit = match tail < items.len() {
            true => {
                let before = items[tail - 1].span().end.wrapping_add_signed(by);
                Some(declaration_start(text, before))
            }
            false => None,
        };
        // A large edit: parsing in parts, on every core, is faster.
        let middle = limit.unwrap_or(text.len()).saturating_sub(from);
        if middle > text.len() / 2 && text.len() >= tmc_perf::FILE_BYTES {
            return None;
        }
        let after = items.split_off(tail);
        items.truncate(head);
        Some(Kept {
            file,
            head: items,
            tail: after,
            by,
            from,
            limit,
        })
    }

    /// The declarations kept, moved to where they are in the new text.
    fn moved(mut self) -> Kept {
        let file = self.file;
        let earlier_file = self
            .head
            .first()
            .or(self.tail.first())
            .map(|i| i.span().file);
        if earlier_file.is_some_and(|f| f != file) {
            self.head.relocate(Move { file, by: 0 });
        }
        self.tail.relocate(Move { file, by: self.by });
        self
    }

    /// The whole tree, the text between the kept declarations parsed; or
    /// `None` if its parse does not stop exactly where the first kept
    /// after it starts (the edit reaches into it: a `{` or a string left
    /// open, say).
    fn parse_between(self, text: &str) -> Option<(File, Vec<Diagnostic>)> {
        let Kept {
            file,
            head: mut items,
            mut tail,
            from,
            limit,
            ..
        } = self;
        let mut part = Part::parse(file, text, from, limit, ERROR_WINDOW);
        let stopped_at_tail = match (&part.end, limit) {
            (PartEnd::Reached { start, .. }, Some(limit)) => *start == limit,
            (PartEnd::Eof, None) => true,
            _ => false,
        };
        if !stopped_at_tail {
            return None;
        }
        items.reserve_exact(part.items.len() + tail.len());
        items.append(&mut part.items);
        items.append(&mut tail);
        let tree = File {
            items,
            broken: part.broken,
        };
        Some((tree, part.errors))
    }
}

/// How many bytes `a` and `b` share at their start, and how many more at
/// their end (never overlapping the start: together at most the shorter
/// length).
fn common_ends(a: &[u8], b: &[u8]) -> (usize, usize) {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - start;
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each of `items` is written.
    fn spans(items: &[Item]) -> Vec<(usize, usize)> {
        items
            .iter()
            .map(|i| (i.span().start, i.span().end))
            .collect()
    }

    const FILE: FileId = FileId(3);

    fn earlier(text: &str) -> Earlier {
        let (tree, errors) = parse_recovering(FileId(0), text);
        Earlier::keep(text.to_string(), tree.expect("a tree"), &errors).expect("a clean parse")
    }

    /// `new` reparsed from `old` gives what one pass gives.
    fn agrees(old: &str, new: &str) {
        let whole = parse_recovering(FILE, new);
        let again = reparse(FILE, new, earlier(old));
        assert_eq!(again, whole, "from {old:?} to {new:?}");
    }

    const MODEL: &str = "model \"M\" { description = \"d\" }\n\nboundary z \"Zone\" {\n  Server inner\n}\n// a comment\n/// docs\nServer web \"Web\" in z { port = 80 }\n\nActor user\nflow f: user -> web \"Ask\" {\n  data = [d]\n}\nData d \"D\" { classification = SECRET }\nkind K : Server { onAWS = true }\nthreat T \"t\" {\n  targets = [Server]\n  when = any f in target.outbound: f.isEncrypted and not (f.x < 2)\n}\npredicate p(x: Server) = x is Server and x.port in [1, 2]\nenum E { A B }\nrecord R { a: int = 1 }\n";

    #[test]
    fn an_edit_anywhere_reparses_as_one_pass() {
        let edits = [
            ("", "// top\n"),
            ("\"Web\"", "\"Web server\""),
            ("port = 80", "port = 8080"),
            ("Actor user\n", ""),
            ("Actor user\n", "Actor user\nActor other\n"),
            ("/// docs\n", ""),
            ("// a comment\n", "/// new docs\n"),
            ("Actor user", "Actor user in z"),
            ("Actor user", "Actor user {"),
            ("Actor user", "Actor"),
            ("\"t\" {", "\"t\" {\n  severity = HIGH"),
            ("enum E { A B }", "enum E { A B C }"),
            ("\"M\"", "\"M2\""),
            ("Data d", "Data"),
        ];
        for (from, to) in edits {
            assert!(MODEL.contains(from), "{from:?}");
            agrees(MODEL, &MODEL.replacen(from, to, 1));
        }
        agrees(MODEL, &format!("{MODEL}Actor last\n"));
        // An edit past the input limits: refused like a whole parse.
        let deep = format!(
            "Actor user {{ x = {}1{} }}",
            "[".repeat(300),
            "]".repeat(300)
        );
        agrees(MODEL, &MODEL.replacen("Actor user", &deep, 1));
        let (tree, errors) = reparse(
            FILE,
            &MODEL.replacen("Actor user", &deep, 1),
            earlier(MODEL),
        );
        assert!(
            tree.is_none() && errors[0].code == "nesting-too-deep",
            "{errors:?}"
        );
        agrees(MODEL, "");
        agrees(MODEL, MODEL);
    }

    #[test]
    fn what_follows_an_edit_is_moved_not_parsed_again() {
        let new = MODEL.replacen("Actor user", "Actor someone", 1);
        let (tree, errors) = reparse(FILE, &new, earlier(MODEL));
        let tree = tree.expect("a tree");
        assert!(errors.is_empty());
        let (whole, _) = parse_recovering(FILE, &new);
        let whole = whole.expect("a tree");
        assert_eq!(spans(&tree.items), spans(&whole.items));
        assert!(tree.items.iter().all(|i| i.span().file == FILE));
        let last = tree.items.last().expect("items").span();
        assert_eq!(&new[last.start..last.end], "record R { a: int = 1 }");
    }

    #[test]
    fn a_parse_with_errors_is_not_kept() {
        let text = "Actor a\nServer s { port = }\n";
        let (tree, errors) = parse_recovering(FileId(0), text);
        assert!(Earlier::keep(text.into(), tree.expect("a tree"), &errors).is_none());
    }

    #[test]
    fn common_ends_never_overlap() {
        assert_eq!(common_ends(b"abc", b"abc"), (3, 0));
        assert_eq!(common_ends(b"aXc", b"aYc"), (1, 1));
        assert_eq!(common_ends(b"aa", b"aaa"), (2, 0));
        assert_eq!(common_ends(b"xab", b"ab"), (0, 2));
    }

    /// A small pseudo-random generator, so that a failure replays.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    /// Pieces an edit inserts: whole lines, tokens, and what breaks a
    /// parse (an open brace, a string, a stray word).
    const INSERTS: &[&str] = &[
        "",
        "\n",
        " ",
        "Actor x\n",
        "Server y \"Y\" { port = 1 }\n",
        "flow g: user -> web\n",
        "/// doc\n",
        "// note\n",
        "{",
        "}",
        "\"",
        "in z",
        "= 3",
        "x",
        "é",
        "\"\"\"",
        "boundary q {\n",
    ];

    #[test]
    fn random_edits_reparse_as_one_pass() {
        let mut rng = Rng(0x9e3779b97f4a7c15);
        let mut text = MODEL.to_string();
        let mut reused = 0;
        for round in 0..3000 {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + rng.below(12)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let insert = INSERTS[rng.below(INSERTS.len())];
            let new = format!("{}{insert}{}", &text[..at], &text[end..]);
            let whole = parse_recovering(FILE, &new);
            let (tree, errors) = parse_recovering(FileId(0), &text);
            let old = Earlier::keep(text.clone(), tree.expect("a tree"), &errors).expect("clean");
            let kept = Kept::of(FILE, &new, old).map(Kept::moved);
            if let Some((tree, errors)) = kept.and_then(|k| k.parse_between(&new)) {
                assert_eq!(
                    (Some(tree), errors),
                    whole,
                    "round {round}: from {text:?} to {new:?}"
                );
                reused += 1;
            }
            // Walk on from clean texts only, back to the model otherwise.
            let clean = whole.1.is_empty() && whole.0.is_some_and(|t| t.broken.is_empty());
            text = match clean && new.len() < 4 * MODEL.len() {
                true => new,
                false => MODEL.to_string(),
            };
        }
        // Most edits are reparsed, not handed back to a whole parse.
        assert!(reused > 2000, "{reused} of 3000 reparsed");
    }
}
