//! Hints for the slips that cause most syntax errors: habits from Python
//! (pytm's models), YAML and other languages, and text pasted from word
//! processors. Each looks at the text where the parser stopped.

use super::tokens::{after_blanks_before, is_first_on_line, Token, TokenKind, Tokens};

/// A hint for the syntax error at `at`, when the text there looks like a
/// known slip.
pub(super) fn hint(text: &str, at: usize) -> Option<String> {
    let found = Tokens::from(text, at).next()?;
    let before = previous_word(text, at);
    let after = Tokens::from(text, found.end).next();
    match found.text(text) {
        "#" => Some("comments start with `//` (`///` for documentation)".into()),
        "," => Some(
            "attributes are not separated by commas: put each on a line of its own".into(),
        ),
        "'" => Some("strings are written in double quotes: \"...\"".into()),
        "“" | "”" | "„" | "‘" | "’" => Some(
            "this is a typographic quote: strings are written in straight double quotes \"...\""
                .into(),
        ),
        "." => dotted_member(text, before?, after?),
        "-" => dashed_name(text, before?, after?),
        "(" => call(text, before?),
        _ if found.kind == TokenKind::String => {
            let name = before.filter(|b| is_first_on_line(text, b.start))?;
            Some(format!(
                "attributes are set with `=`: `{} = {}`",
                name.text(text),
                found.text(text)
            ))
        }
        ":" if before.is_some() => Some(
            "attributes are set with `=` (`name = value`); `name: type` declares a field, in a `kind` or `record`"
                .into(),
        ),
        _ => None,
    }
}

/// `Classification.SECRET`: enum members are written alone.
fn dotted_member(text: &str, before: Token, after: Token) -> Option<String> {
    let owner = before.text(text);
    let member = after.text(text);
    let enum_like = owner.starts_with(|c: char| c.is_ascii_uppercase());
    (enum_like && after.kind == TokenKind::Word && before.end == after.start - 1)
        .then(|| format!("an enum's members are written alone: `{member}`, not `{owner}.{member}`"))
}

/// `web-server`: names cannot hold `-`.
fn dashed_name(text: &str, before: Token, after: Token) -> Option<String> {
    let joined =
        before.end + 1 == after.start && matches!(after.kind, TokenKind::Word | TokenKind::Number);
    joined.then(|| {
        format!(
            "names cannot contain `-`: write `{}_{}`",
            before.text(text),
            after.text(text)
        )
    })
}

/// `Dataflow(a, b, "x")` or `Server("web")`: pytm's Python.
fn call(text: &str, before: Token) -> Option<String> {
    let word = before.text(text);
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    Some(match word {
        "Dataflow" => "this is Python (pytm): a flow is written `flow source -> sink \"name\" { ... }`; `tmc import-pytm` converts a pytm model".into(),
        kind => format!(
            "this is Python (pytm): an element is written `{kind} id \"name\" {{ ... }}`; `tmc import-pytm` converts a pytm model"
        ),
    })
}

/// The word that ends right before `at` (blanks between allowed, not line
/// breaks), read backwards so that a long line costs nothing.
fn previous_word(text: &str, at: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let end = after_blanks_before(text, at);
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let start = end - bytes[..end].iter().rev().take_while(|b| word(b)).count();
    let first = *bytes.get(start)?;
    let starts_word = first.is_ascii_alphabetic() || first == b'_';
    (start < end && starts_word).then_some(Token {
        kind: TokenKind::Word,
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::hint;

    fn at(text: &str, marker: &str) -> Option<String> {
        hint(text, text.find(marker).expect("marker"))
    }

    #[test]
    fn slips_get_their_hint() {
        assert!(at("x = 1 # note", "#").unwrap().contains("`//`"));
        assert!(at("a = 1, b = 2", ",").unwrap().contains("commas"));
        assert!(at("name = 'x'", "'").unwrap().contains("double quotes"));
        assert!(at("name = “x”", "“").unwrap().contains("straight"));
        assert_eq!(
            at("c = Classification.SECRET", ".").unwrap(),
            "an enum's members are written alone: `SECRET`, not `Classification.SECRET`"
        );
        assert_eq!(
            at("Server web-server", "-").unwrap(),
            "names cannot contain `-`: write `web_server`"
        );
        assert!(at("Dataflow(a, b, \"x\")", "(")
            .unwrap()
            .contains("flow source -> sink"));
        assert!(at("Server(\"web\")", "(")
            .unwrap()
            .contains("`Server id \"name\""));
        assert!(at("isHardened: true", ":").unwrap().contains("`=`"));
        assert_eq!(
            at("Server web {\n  OS \"Linux\"\n}", "\"Linux").unwrap(),
            "attributes are set with `=`: `OS = \"Linux\"`"
        );
    }

    #[test]
    fn ordinary_errors_get_none() {
        assert_eq!(at("a = 1 - 2", "-"), None);
        assert_eq!(at("x.y", "."), None);
        assert_eq!(at("f (x)", "("), None);
        assert_eq!(at("x = }", "}"), None);
        assert_eq!(at("Server web in b \"W\"", "\"W"), None);
    }
}
