//! Text for a terminal, and for the text reports a person reads: control
//! characters shown as Rust writes them (`\n`, `\t`, `\r`, `\u{1b}`), so
//! that a name from a model cannot colour the screen, move the cursor,
//! set the window title, ring the bell, hide what follows it or make it
//! display in another order than it reads. The other escapers show
//! control characters the same way, then escape that text for their own
//! format.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown escaped: the C0 controls (tab and line feed too:
/// `text` keeps those two), DEL, the C1 controls (ESC's 8-bit forms
/// among them), and the bidirectional embeddings, overrides and isolates
/// (U+202A..U+202E, U+2066..U+2069) that reorder what a terminal or an
/// editor shows (CVE-2021-42574, "Trojan Source").
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` may hold a character `is_control` escapes: byte tests
/// that pass nearly every name at once. Printable ASCII is tested 16
/// bytes at a time (the threats table runs to tens of megabytes); other
/// text holds a control character only where a byte is below 0x20 or
/// DEL (C0), or 0xC2 (leading the C1 controls) or 0xE2 (the
/// bidirectional ones).
fn suspect(s: &str) -> bool {
    !printable_ascii(s)
        && s.bytes()
            .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2)
}

/// Whether `s` is all printable ASCII (one column a byte, nothing to
/// escape). No early exit inside a chunk, so the test is vectorised.
fn printable_ascii(s: &str) -> bool {
    s.as_bytes().chunks(16).all(|chunk| {
        chunk
            .iter()
            .fold(true, |ok, &b| ok & (b.wrapping_sub(0x20) < 0x5f))
    })
}

/// Appends `c` as it is shown escaped: `\n`, `\r`, `\t`, or `\u{1b}` (its
/// code point in lower-case hex).
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `c` shown escaped, as its own string.
pub fn escaped(c: char) -> String {
    let mut out = String::new();
    push_escaped(&mut out, c);
    out
}

/// Text on one line: every control character escaped, line breaks and
/// tabs too (a name in a message or a table cell).
pub fn line(s: &str) -> Cow<'_, str> {
    shown(s, |_| false)
}

/// Text of several lines: control characters escaped but for line feeds
/// and tabs (a rendered document, a description).
pub fn text(s: &str) -> Cow<'_, str> {
    shown(s, |c| c == '\n' || c == '\t')
}

/// `s` with the control characters that `keep` does not keep escaped;
/// borrowed when there are none.
fn shown(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let escapes = |c: char| is_control(c) && !keep(c);
    if !suspect(s) || !s.chars().any(escapes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if escapes(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(
            line("a\u{1b}[31mb\u{0}c\u{7}d\u{7f}e\u{9b}f"),
            "a\\u{1b}[31mb\\u{0}c\\u{7}d\\u{7f}e\\u{9b}f"
        );
        assert_eq!(line("one\ntwo\tthree\r"), "one\\ntwo\\tthree\\r");
        assert_eq!(text("one\ntwo\tthree\r"), "one\ntwo\tthree\\r");
        assert_eq!(line("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
    }

    #[test]
    fn printable_text_is_borrowed_as_it_is() {
        for s in [
            "plain",
            "é ü – “quoted” 日本 \u{a0}",
            "",
            "\u{200d}\u{2028}",
        ] {
            assert!(matches!(line(s), Cow::Borrowed(b) if b == s), "{s:?}");
        }
    }

    #[test]
    fn every_control_and_only_those_is_escaped() {
        for c in (0..=0x2100u32).filter_map(char::from_u32) {
            let expected = c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c);
            let bidi =
                ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
            let expected = expected || bidi;
            assert_eq!(is_control(c), expected, "{c:?}");
            let s = c.to_string();
            assert_eq!(line(&s) != s, expected, "{c:?}");
        }
    }
}
