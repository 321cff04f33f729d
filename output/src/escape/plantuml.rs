//! Text in a PlantUML diagram: a title, a participant's display name in
//! `"..."`, a message, a note. The text always goes on one line after our
//! own keyword, its line breaks as PlantUML's `\n`, so no line of it can
//! be a preprocessor directive (`!include`, `!define`), `@enduml` or
//! `end note`. What PlantUML would still read inside a line is written as
//! its Unicode escape `<U+0025>`, which PlantUML shows as the character:
//! `%` (built-in functions such as `%getenv("HOME")` are expanded
//! anywhere), `$` (variables), `<`, `>` and `&` (Creole tags such as
//! `<img:...>` and entities), `"`, `\` (`\n` and its kin), `~` (Creole's
//! escape), the first of a doubled Creole mark (`**bold**`, `//`, `--`,
//! `__`, `[[link]]`, `{{`, `==`) and a mark that would open a list,
//! heading or table at the start of a line of the text.

/// `s` as PlantUML text for one line.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\r' => continue,
            '\n' => out.push_str("\\n"),
            c if tmc_syntax::escape::terminal::is_control(c) => {
                for shown in tmc_syntax::escape::terminal::escaped(c).chars() {
                    push(&mut out, shown, false, None);
                }
            }
            c => push(&mut out, c, line_start, next),
        }
        line_start = c == '\n' || (line_start && c == ' ');
    }
    out
}

/// Appends `c`, as its Unicode escape where PlantUML would read it.
fn push(out: &mut String, c: char, line_start: bool, next: Option<char>) {
    let always = matches!(c, '%' | '$' | '<' | '>' | '&' | '"' | '\\' | '~');
    let doubled = matches!(c, '*' | '/' | '-' | '_' | '[' | '{' | '=') && next == Some(c);
    let opens_line = line_start && matches!(c, '*' | '#' | '=' | '|' | '-');
    if always || doubled || opens_line {
        out.push_str(&format!("<U+{:04X}>", c as u32));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_stay_inside_the_line() {
        assert_eq!(
            text("n\nend note\n!include /etc/passwd\r\n@enduml"),
            "n\\nend note\\n!include /etc/passwd\\n@enduml"
        );
    }

    #[test]
    fn what_plantuml_would_expand_or_read_as_markup_is_a_unicode_escape() {
        assert_eq!(
            text("%getenv(\"HOME\") $x <img:/etc/passwd> &#37; C:\\new ~x"),
            "<U+0025>getenv(<U+0022>HOME<U+0022>) <U+0024>x <U+003C>img:/etc/passwd<U+003E> \
             <U+0026>#37; C:<U+005C>new <U+007E>x"
        );
        assert_eq!(
            text("**b** //i// --s-- __u__ [[l]] {{x}} == ***"),
            "<U+002A>*b<U+002A>* <U+002F>/i<U+002F>/ <U+002D>-s<U+002D>- <U+005F>_u<U+005F>_ \
             <U+005B>[l]] <U+007B>{x}} <U+003D>= <U+002A><U+002A>*"
        );
        assert_eq!(
            text("- a\n* b\n  # c"),
            "<U+002D> a\\n<U+002A> b\\n  <U+0023> c"
        );
        assert_eq!(text("Web-Server (1) a/b: x-y"), "Web-Server (1) a/b: x-y");
    }

    #[test]
    fn control_characters_are_shown_as_text() {
        assert_eq!(text("a\u{1b}[31m\u{0}"), "a<U+005C>u{1b}[31m<U+005C>u{0}");
    }
}
