//! Text in an SVG drawing (XML): `& < > " '` as entities, a line feed as
//! `&#10;`, a tab as a space, the characters XML 1.0 cannot hold left out
//! (U+FFFE, U+FFFF), and every other control character shown as `\u{1b}`,
//! as in the other outputs: a standalone SVG is read by people too.

use tmc_syntax::escape::terminal;

/// Text and attribute values of an SVG document.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal::text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push(' '),
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn markup_is_escaped_and_control_characters_shown() {
        assert_eq!(
            text("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(text("one\ntwo\tthree"), "one&#10;two three");
        assert_eq!(text("\u{1b}[31mred\u{7}"), "\\u{1b}[31mred\\u{7}");
        assert_eq!(text("\u{85}\u{202e}x\u{fffe}"), "\\u{85}\\u{202e}x");
    }
}
