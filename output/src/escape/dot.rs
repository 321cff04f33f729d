//! Text in a Graphviz DOT diagram: a double-quoted string (labels,
//! tooltips). Quotes and backslashes are escaped, so no `\l`, `\N` or
//! `\G` of the text is read as Graphviz's; `&` is written `&amp;`,
//! because Graphviz decodes entities such as `&#37;` in labels; line
//! breaks become `\n`. The string is always quoted, never an HTML label.

/// `s` as a DOT string literal, quotes included.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\r' => {}
            '\n' => out.push_str("\\n"),
            c if tmc_syntax::escape::terminal::is_control(c) => {
                tmc_syntax::escape::terminal::escaped(c)
                    .chars()
                    .for_each(|shown| push(&mut out, shown));
            }
            c => push(&mut out, c),
        }
    }
    out.push('"');
    out
}

fn push(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '&' => out.push_str("&amp;"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_entities_stay_text() {
        assert_eq!(
            quote("a \"b\" \\l \\N &lt; &#37;\nc\r"),
            "\"a \\\"b\\\" \\\\l \\\\N &amp;lt; &amp;#37;\\nc\""
        );
        assert_eq!(quote("<b>x</b>"), "\"<b>x</b>\"");
    }

    #[test]
    fn control_characters_are_shown_as_text() {
        assert_eq!(quote("a\u{1b}\u{0}"), "\"a\\\\u{1b}\\\\u{0}\"");
    }
}
