//! Text written back into a `.tm` file as a string literal (`tmc triage`,
//! the language server's quick fixes): quoted, with the escapes the
//! grammar reads (`\"`, `\\`, `\n`, `\t`, `\r`, `\0`, `\u{...}`), so that
//! it reads back as the same text and cannot end the literal early.

/// `s` as a `"..."` literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes_read_back() {
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(string("\u{1b}[2J"), "\"\\u{1b}[2J\"");
    }
}
