//! Text in a Markdown report (CommonMark with GFM tables): what Markdown
//! would read as markup is escaped with a backslash, and control
//! characters are shown as `\u{1b}` (inside `code spans` too). A lone
//! carriage return, which CommonMark reads as a line break, is one of
//! them, so a line of text cannot start a heading or a list.

use tmc_syntax::escape::terminal;

/// Text for a Markdown paragraph: characters Markdown would read as markup
/// are escaped, except inside `code spans`, which stay code. That includes
/// what starts a block at the start of a line (`# heading`, `- item`,
/// `1. item`, a `===` or `---` underline), so a line of a description
/// stays a line of the paragraph.
pub fn markdown_text(text: &str) -> String {
    // Shown first: the backslash of `\u{1b}` is then escaped like any other.
    let text = &*terminal::text(text);
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut prev = ' ';
    // Before the first character of a line other than blanks.
    let mut line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(c);
        } else if line_start && starts_block(c, &chars) {
            out.push('\\');
            out.push(c);
        } else if line_start && c.is_ascii_digit() {
            // `12. ` or `12) ` opens a numbered item: its `.` or `)` is
            // escaped.
            out.push(c);
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                out.push(d);
                chars.next();
            }
            let mut after = chars.clone();
            if let Some(mark) = after.next().filter(|m| matches!(m, '.' | ')')) {
                if after
                    .next()
                    .is_none_or(|n| n == ' ' || n == '\t' || n == '\n')
                {
                    out.push('\\');
                    out.push(mark);
                    chars.next();
                }
            }
        } else {
            let next = chars.peek().copied().unwrap_or(' ');
            let intraword = prev.is_alphanumeric() && next.is_alphanumeric();
            match c {
                '\\' | '*' | '<' | '>' | '[' | ']' | '&' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '_' if !intraword => out.push_str("\\_"),
                _ => out.push(c),
            }
        }
        line_start = c == '\n' || (line_start && matches!(c, ' ' | '\t'));
        prev = c;
    }
    if in_code {
        // An unpaired backtick: escape it, so it does not swallow what follows.
        return markdown_text(&text.replace('`', "'"));
    }
    out
}

/// Whether `c`, first on a line, starts a Markdown block: a heading, a
/// bullet (`-` or `+` before a blank; `*` is always escaped), or an
/// underline or rule (a line of `=` or `-`). `rest` is what follows `c`.
fn starts_block(c: char, rest: &std::iter::Peekable<std::str::Chars>) -> bool {
    match c {
        '#' => true,
        '-' | '+' | '=' => {
            let mut rest = rest.clone();
            let next = rest.peek().copied();
            let bullet = c != '=' && next.is_none_or(|n| n == ' ' || n == '\t' || n == '\n');
            let underline = (c == '=' || c == '-')
                && rest
                    .take_while(|&n| n != '\n')
                    .all(|n| n == c || n == ' ' || n == '\t');
            bullet || underline
        }
        _ => false,
    }
}

/// Text for one cell of a Markdown table: on one line, pipes escaped.
pub fn markdown_cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    markdown_text(&one_line).replace("`|", "`\\|")
}

/// Whether `url` can be written as a Markdown link's destination as it
/// is: nothing in it ends the `(...)` or the line (blanks, control
/// characters, parentheses, angle brackets, quotes, backticks,
/// backslashes). A reference that does not is shown as text.
pub fn fits_link(url: &str) -> bool {
    !url.chars().any(|c| {
        c.is_whitespace()
            || terminal::is_control(c)
            || matches!(c, '(' | ')' | '<' | '>' | '"' | '\'' | '`' | '\\')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup_outside_code() {
        assert_eq!(
            markdown_text("a <script> and `x < y` *b*"),
            "a \\<script\\> and `x < y` \\*b\\*"
        );
        assert_eq!(markdown_text("is_pii and _x_"), "is_pii and \\_x\\_");
        assert_eq!(markdown_cell("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn markdown_escapes_what_would_start_a_block_at_a_line_start() {
        let text = "# not a heading\n- not an item\n  + nor this\n12. nor this\n3) nor this\nTitle\n===\n---\n-1 stays\n2.5 stays\nx - y # z 1. w";
        assert_eq!(
            markdown_text(text),
            "\\# not a heading\n\\- not an item\n  \\+ nor this\n12\\. nor this\n3\\) nor this\nTitle\n\\===\n\\---\n-1 stays\n2.5 stays\nx - y # z 1. w"
        );
        // Inside a code span a line start is code.
        assert_eq!(markdown_text("`a\n# b`"), "`a\n# b`");
        assert_eq!(markdown_text("-"), "\\-");
    }

    #[test]
    fn control_characters_are_shown_as_text_in_and_out_of_code() {
        assert_eq!(
            markdown_text("a\u{1b}[2J `b\u{7}` c\r# d"),
            "a\\\\u{1b}\\[2J `b\\u{7}` c\\\\r# d"
        );
        assert_eq!(markdown_cell("x\u{0}|"), "x\\\\u{0}\\|");
    }

    #[test]
    fn only_urls_that_stay_in_a_link_are_linked() {
        assert!(fits_link(
            "https://cwe.mitre.org/data/definitions/79.html?a=b&c#d"
        ));
        for bad in [
            "https://x/)\n# h",
            "https://x/ y",
            "https://x/<s>",
            "https://x/\u{1b}",
        ] {
            assert!(!fits_link(bad), "{bad:?}");
        }
    }
}
