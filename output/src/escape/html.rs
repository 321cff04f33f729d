//! Text in an HTML report: `&`, `<`, `>` and both quotes as entities,
//! control characters shown as `\u{1b}` (HTML has no place for them).

use tmc_syntax::escape::terminal;

/// Text as HTML: escaped, `code spans` as `<code>`, paragraphs (separated
/// by blank lines) as `<p>`.
pub fn html_text(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
        let parts: Vec<&str> = joined.split('`').collect();
        let paired = parts.len() % 2 == 1;
        for (i, part) in parts.iter().enumerate() {
            let escaped = escape_html(part);
            if i % 2 == 1 && paired {
                out.push_str("<code>");
                out.push_str(&escaped);
                out.push_str("</code>");
            } else {
                if i > 0 && !paired {
                    out.push('`');
                }
                out.push_str(&escaped);
            }
        }
        out.push_str("</p>");
    }
    out
}

/// Text for HTML: entities for what HTML reads, control characters shown.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal::text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_makes_paragraphs_and_code() {
        assert_eq!(
            html_text("one `a<b`\nline\n\ntwo"),
            "<p>one <code>a&lt;b</code> line</p><p>two</p>"
        );
    }

    #[test]
    fn control_characters_are_shown_as_text() {
        assert_eq!(
            html_text("a\u{1b}[1m `\u{0}<` \u{9b}"),
            "<p>a\\u{1b}[1m <code>\\u{0}&lt;</code> \\u{9b}</p>"
        );
        assert_eq!(escape_html("<\u{7}>\n"), "&lt;\\u{7}&gt;\n");
    }
}
