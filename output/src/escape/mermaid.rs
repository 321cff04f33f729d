//! Text in a Mermaid diagram: a label in `"..."`, a participant's name, a
//! message, a note, a title. Line breaks become `<br/>`, so the text
//! stays on our line; what Mermaid would read is written as its entity
//! code (`#35;` for `#`), which Mermaid shows as the character: `%` (a
//! `%%{init: ...}%%` directive or a `%%` comment), `;` (ends a statement,
//! so `; click n call f()` could follow), `#` (starts an entity code),
//! `"` (ends a label), `<`, `>` and `&` (HTML, `<script>` among it), `:`
//! (`wrap:` before a message; what a `style` line is told apart by),
//! `|` (ends an edge label), the backtick (a Markdown string) and `\`
//! (a flowchart label reads `\n` as a line break).

/// `s` as Mermaid text.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\r' => {}
            '\n' => out.push_str("<br/>"),
            c if tmc_syntax::escape::terminal::is_control(c) => {
                tmc_syntax::escape::terminal::escaped(c)
                    .chars()
                    .for_each(|shown| push(&mut out, shown));
            }
            c => push(&mut out, c),
        }
    }
    out
}

fn push(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("#quot;"),
        '#' | ';' | '%' | '<' | '>' | '&' | ':' | '|' | '`' | '\\' => {
            out.push_str(&format!("#{};", c as u32));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_statements_and_html_stay_text() {
        assert_eq!(
            text("%%{init: {'theme':'dark'}}%%"),
            "#37;#37;{init#58; {'theme'#58;'dark'}}#37;#37;"
        );
        assert_eq!(
            text("a; click n call alert()\n<script>"),
            "a#59; click n call alert()<br/>#60;script#62;"
        );
        assert_eq!(
            text("\"q\" #x & `md` |p|"),
            "#quot;q#quot; #35;x #38; #96;md#96; #124;p#124;"
        );
        assert_eq!(text("C:\\new"), "C#58;#92;new");
        assert_eq!(text("Web Server (1)"), "Web Server (1)");
    }

    #[test]
    fn control_characters_are_shown_as_text() {
        assert_eq!(text("a\u{1b}b\r\n"), "a#92;u{1b}b<br/>");
    }
}
