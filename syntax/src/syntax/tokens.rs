//! The tokens of a `.tm` text: one lexical reading of it that every part of
//! the compiler that scans text without pest shares (the input limits, the
//! parser's recovery after a syntax error and its cutting of large files,
//! the language server's cursor context).
//!
//! The reading is lossless: tokens cover the text end to end, blanks and
//! comments included, so the text of the tokens put together is the text.
//! It never fails: a character the language has no use for is an `Other`
//! token, an unterminated string ends at its line's end (or, for `"""`, at
//! the end of the text), and the parser says what is wrong with them.
//!
//! pest parses against `grammar/tm.pest`, which stays the definition of
//! the syntax; the tokens agree with its tokens (`ident`, `string`,
//! `integer`, `//` comments, `///` doc comments, punctuation).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of blanks (spaces, tabs, line breaks, byte order marks).
    Blank,
    /// `// ...` up to the line's end (not `///`).
    Comment,
    /// `/// ...` up to the line's end.
    DocComment,
    /// A name or a keyword: a letter or `_`, then letters, digits, `_`.
    Word,
    /// A run of digits (a `-` before it is a `Punct` of its own).
    Number,
    /// `"..."` or `"""..."""`, closed.
    String,
    /// A string that does not close: `"` to its line's end, or `"""` to
    /// the end of the text.
    OpenString,
    /// `(`, `[` or `{`.
    Open,
    /// `)`, `]` or `}`.
    Close,
    /// `->`, `==`, `!=`, `<=`, `>=`, or one ASCII punctuation character.
    Punct,
    /// One character the language does not use outside strings and
    /// comments (a non-ASCII letter, a curly quote, a control character).
    Other,
}

/// A token: its kind and where it lies in the text (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text in `text`, the text it was read from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether the token is the `Punct` or bracket `symbol`.
    pub fn is(&self, text: &str, symbol: &str) -> bool {
        matches!(
            self.kind,
            TokenKind::Punct | TokenKind::Open | TokenKind::Close
        ) && self.text(text) == symbol
    }

    /// Whether the token carries no meaning (blanks and comments).
    pub fn is_trivia(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Blank | TokenKind::Comment | TokenKind::DocComment
        )
    }
}

/// The tokens of `text`, from its start.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens::from(text, 0)
}

/// Whether only blanks come before `at` on its line.
pub fn is_first_on_line(text: &str, at: usize) -> bool {
    let start = after_blanks_before(text, at);
    start == 0 || text.as_bytes()[start - 1] == b'\n'
}

/// Where the spaces and tabs right before `at` start (read backwards, so a
/// long line costs nothing).
pub fn after_blanks_before(text: &str, at: usize) -> usize {
    let blanks = text.as_bytes()[..at]
        .iter()
        .rev()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    at - blanks
}

/// An iterator over the tokens of a text.
#[derive(Clone)]
pub struct Tokens<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Tokens<'t> {
    /// The tokens of `text` from byte `at`, which must be the start of a
    /// token (the start of a line always is, unless inside a `"""`
    /// string).
    pub fn from(text: &'t str, at: usize) -> Tokens<'t> {
        Tokens { text, at }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let &b = bytes.get(start)?;
        let (kind, end) = match CLASS[b as usize] {
            BLANK => (
                TokenKind::Blank,
                run(bytes, start, |c| CLASS[c as usize] == BLANK),
            ),
            WORD => (TokenKind::Word, run(bytes, start, |c| IN_WORD[c as usize])),
            DIGIT => (TokenKind::Number, run(bytes, start, |c| c.is_ascii_digit())),
            QUOTE => string(bytes, start),
            OPEN => (TokenKind::Open, start + 1),
            CLOSE => (TokenKind::Close, start + 1),
            SLASH if bytes.get(start + 1) == Some(&b'/') => {
                let end = memchr::memchr2(b'\n', b'\r', &bytes[start..])
                    .map_or(bytes.len(), |n| start + n);
                let doc = bytes.get(start + 2) == Some(&b'/');
                let kind = if doc {
                    TokenKind::DocComment
                } else {
                    TokenKind::Comment
                };
                (kind, end)
            }
            PUNCT | SLASH => (TokenKind::Punct, start + punct_len(bytes, start)),
            _ => other(self.text, start),
        };
        self.at = end;
        Some(Token { kind, start, end })
    }
}

/// The end of the run of bytes from `start` that `keep` accepts.
fn run(bytes: &[u8], start: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes[start..]
        .iter()
        .position(|&c| !keep(c))
        .map_or(bytes.len(), |n| start + n)
}

/// A string from its opening quote: `"""..."""` (line breaks allowed) or
/// `"..."` (escapes skipped, ends at the line's end when not closed).
fn string(bytes: &[u8], start: usize) -> (TokenKind, usize) {
    if bytes[start..].starts_with(b"\"\"\"") {
        let body = start + 3;
        return match memchr::memmem::find(&bytes[body..], b"\"\"\"") {
            Some(n) => (TokenKind::String, body + n + 3),
            None => (TokenKind::OpenString, bytes.len()),
        };
    }
    let mut i = start + 1;
    let end = loop {
        let Some(n) = memchr::memchr3(b'\\', b'"', b'\n', &bytes[i..]) else {
            break bytes.len();
        };
        i += n;
        match bytes[i] {
            b'"' => return (TokenKind::String, i + 1),
            b'\n' => break i,
            // An escape: the character after the `\` is part of it, unless
            // it is the line's end.
            _ => match bytes.get(i + 1) {
                Some(b'\n') => break i + 1,
                None => break bytes.len(),
                Some(_) => i += 2,
            },
        }
    };
    // A `\r` before the line break belongs to the break.
    let end = if end > start + 1 && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    (TokenKind::OpenString, end.max(start + 1))
}

/// The length of the punctuation token at `start`: two for the grammar's
/// two-character operators, else one.
fn punct_len(bytes: &[u8], start: usize) -> usize {
    match (bytes[start], bytes.get(start + 1)) {
        (b'-', Some(b'>')) | (b'=' | b'!' | b'<' | b'>', Some(b'=')) => 2,
        _ => 1,
    }
}

/// One character the language has no use for (whole, if it is not ASCII),
/// or a byte order mark, which the grammar takes as a blank.
fn other(text: &str, start: usize) -> (TokenKind, usize) {
    let c = text[start..].chars().next().unwrap_or('\0');
    let kind = match c {
        '\u{feff}' => TokenKind::Blank,
        _ => TokenKind::Other,
    };
    (kind, start + c.len_utf8())
}

// The class of a byte, the first of a token.
const OTHER: u8 = 0;
const BLANK: u8 = 1;
const WORD: u8 = 2;
const DIGIT: u8 = 3;
const QUOTE: u8 = 4;
const OPEN: u8 = 5;
const CLOSE: u8 = 6;
const SLASH: u8 = 7;
const PUNCT: u8 = 8;

static CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = match c {
            b' ' | b'\t' | b'\n' | b'\r' => BLANK,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => WORD,
            b'0'..=b'9' => DIGIT,
            b'"' => QUOTE,
            b'(' | b'[' | b'{' => OPEN,
            b')' | b']' | b'}' => CLOSE,
            b'/' => SLASH,
            b'!'..=b'~' => PUNCT,
            _ => OTHER,
        };
        b += 1;
    }
    class
};

/// The bytes a word goes on with: letters, digits and `_`.
static IN_WORD: [bool; 256] = {
    let mut in_word = [false; 256];
    let mut b = 0;
    while b < 256 {
        in_word[b] = CLASS[b] == WORD || CLASS[b] == DIGIT;
        b += 1;
    }
    in_word
};

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text).map(|t| (t.kind, t.text(text))).collect()
    }

    #[test]
    fn a_declaration_reads_as_its_tokens() {
        assert_eq!(
            kinds("Server web \"W\" {\n  port = -443 // x\n}"),
            vec![
                (Word, "Server"),
                (Blank, " "),
                (Word, "web"),
                (Blank, " "),
                (String, "\"W\""),
                (Blank, " "),
                (Open, "{"),
                (Blank, "\n  "),
                (Word, "port"),
                (Blank, " "),
                (Punct, "="),
                (Blank, " "),
                (Punct, "-"),
                (Number, "443"),
                (Blank, " "),
                (Comment, "// x"),
                (Blank, "\n"),
                (Close, "}"),
            ]
        );
    }

    #[test]
    fn two_character_operators_and_doc_comments() {
        assert_eq!(
            kinds("/// d\nflow a -> b\nx == y != z <= w >= v"),
            vec![
                (DocComment, "/// d"),
                (Blank, "\n"),
                (Word, "flow"),
                (Blank, " "),
                (Word, "a"),
                (Blank, " "),
                (Punct, "->"),
                (Blank, " "),
                (Word, "b"),
                (Blank, "\n"),
                (Word, "x"),
                (Blank, " "),
                (Punct, "=="),
                (Blank, " "),
                (Word, "y"),
                (Blank, " "),
                (Punct, "!="),
                (Blank, " "),
                (Word, "z"),
                (Blank, " "),
                (Punct, "<="),
                (Blank, " "),
                (Word, "w"),
                (Blank, " "),
                (Punct, ">="),
                (Blank, " "),
                (Word, "v"),
            ]
        );
    }

    #[test]
    fn strings_escapes_and_long_strings() {
        assert_eq!(
            kinds(
                r#""a\"b" """x"y
z""""#
            ),
            vec![
                (String, r#""a\"b""#),
                (Blank, " "),
                (String, "\"\"\"x\"y\nz\"\"\""),
            ]
        );
    }

    #[test]
    fn unterminated_strings_end_at_the_line_or_the_text() {
        assert_eq!(
            kinds("\"abc\nx"),
            vec![(OpenString, "\"abc"), (Blank, "\n"), (Word, "x")]
        );
        assert_eq!(kinds("\"\"\"abc\nx"), vec![(OpenString, "\"\"\"abc\nx")]);
        assert_eq!(kinds("\"a\\"), vec![(OpenString, "\"a\\")]);
        assert_eq!(
            kinds("x = \"INP"),
            vec![
                (Word, "x"),
                (Blank, " "),
                (Punct, "="),
                (Blank, " "),
                (OpenString, "\"INP")
            ]
        );
        assert_eq!(
            kinds("\"a\\\nb"),
            vec![(OpenString, "\"a\\"), (Blank, "\n"), (Word, "b")]
        );
        assert_eq!(
            kinds("\"a\r\nb"),
            vec![(OpenString, "\"a"), (Blank, "\r\n"), (Word, "b")]
        );
    }

    #[test]
    fn characters_outside_the_language_are_one_token_each() {
        assert_eq!(
            kinds("“x” é#"),
            vec![
                (Other, "“"),
                (Word, "x"),
                (Other, "”"),
                (Blank, " "),
                (Other, "é"),
                (Punct, "#"),
            ]
        );
    }

    #[test]
    fn tokens_cover_the_text_end_to_end() {
        for text in [
            "",
            "a",
            "\u{feff}x",
            "x = [1, 2,]\n",
            "\"unterminated",
            "a\u{0}b",
            "/",
            "//",
            "\t\r\n",
            "é",
            "threat T \"t\" { when = any f in x: f.y }",
        ] {
            let mut at = 0;
            for token in tokens(text) {
                assert_eq!(token.start, at, "{text:?}");
                assert!(token.end > token.start, "{text:?}");
                at = token.end;
            }
            assert_eq!(at, text.len(), "{text:?}");
        }
    }
}
