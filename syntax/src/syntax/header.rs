//! What a file declares at its top level, read from its tokens without
//! parsing it: whether it declares the model, and which files it imports.
//! The language server finds the root file of an open file this way, also
//! while the file does not parse.

use super::tokens::{tokens, TokenKind};

/// The top-level facts of a file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// A `model` declaration is written at the top level.
    pub declares_model: bool,
    /// The paths of the `import` declarations, as written.
    pub imports: Vec<String>,
}

/// The header of `text`.
pub fn header(text: &str) -> Header {
    let mut header = Header::default();
    let mut depth = 0usize;
    let mut previous: Option<&str> = None;
    for token in tokens(text).filter(|t| !t.is_trivia()) {
        let word = token.text(text);
        match token.kind {
            TokenKind::Open => depth += 1,
            TokenKind::Close => depth = depth.saturating_sub(1),
            TokenKind::String if depth == 0 => match previous {
                Some("model") => header.declares_model = true,
                Some("import") => header.imports.push(unquote(word)),
                _ => {}
            },
            _ => {}
        }
        previous = (depth == 0 && token.kind == TokenKind::Word).then_some(word);
    }
    header
}

/// A string's text between its quotes (escapes left as written).
fn unquote(string: &str) -> String {
    let quotes = if string.starts_with("\"\"\"") { 3 } else { 1 };
    string[quotes..string.len() - quotes].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_and_the_imports_at_the_top_level() {
        let h = header("// model \"no\"\nmodel \"M\" {\n  x = \"import\"\n}\nimport \"data.tm\"\nimport \"rules/r.tm\"\n");
        assert!(h.declares_model);
        assert_eq!(h.imports, ["data.tm", "rules/r.tm"]);
    }

    #[test]
    fn nothing_in_blocks_comments_or_strings_counts() {
        let h = header(
            "Server s {\n  model \"x\"\n}\n/// import \"a.tm\"\nData d \"model \\\"m\\\"\"\n",
        );
        assert_eq!(h, Header::default());
    }

    #[test]
    fn a_broken_file_still_has_its_header() {
        let h = header("model \"M\" {\nimport \"a.tm\"\nServer s { OS \"Linux\"");
        assert!(h.declares_model);
        assert!(
            h.imports.is_empty(),
            "the import sits in the unclosed block"
        );
    }
}
