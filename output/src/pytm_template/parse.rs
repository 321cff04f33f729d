//! The format-string language of a pytm template, as Python's
//! `string.Formatter` reads it: literal text with `{{` and `}}` for braces,
//! and replacement fields `{name!conversion:spec}` whose spec may hold
//! further fields (counted braces). A `Text` remembers, for each byte,
//! where in the template file it was written, so that errors in text made
//! by expanding a spec still point into the file.

use std::ops::Range;

/// Template text and, for each byte, its offset in the template file.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Text {
    pub text: String,
    pub at: Vec<u32>,
}

impl Text {
    /// The template file itself: each byte comes from where it is.
    pub(crate) fn source(text: &str) -> Text {
        let at = (0..text.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        Text {
            text: text.to_string(),
            at,
        }
    }

    /// Where byte `i` was written (the end of the text: after its last byte).
    pub(crate) fn origin(&self, i: usize) -> u32 {
        match self.at.get(i) {
            Some(&at) => at,
            None => self.at.last().map_or(0, |&at| at.saturating_add(1)),
        }
    }

    pub(crate) fn slice(&self, range: Range<usize>) -> Text {
        Text {
            text: self.text[range.clone()].to_string(),
            at: self.at[range].to_vec(),
        }
    }

    /// Appends `range` of `other`, keeping its origins.
    pub(crate) fn push_from(&mut self, other: &Text, range: Range<usize>) {
        self.text.push_str(&other.text[range.clone()]);
        self.at.extend_from_slice(&other.at[range]);
    }

    /// Appends text a value made: all of it from `at` (the field).
    pub(crate) fn push_str(&mut self, text: &str, at: u32) {
        self.text.push_str(text);
        self.at.extend(std::iter::repeat_n(at, text.len()));
    }

    pub(crate) fn append(&mut self, other: Text) {
        self.text.push_str(&other.text);
        self.at.extend(other.at);
    }
}

/// A piece of a format string.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    /// Literal text: a range of the string (an escaped brace is the
    /// range's last byte, its twin skipped).
    Literal(Range<usize>),
    Field(Field),
}

/// A replacement field `{name!conversion:spec}`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Field {
    /// The offset of its `{`.
    pub start: usize,
    pub name: Range<usize>,
    pub conversion: Option<char>,
    /// The spec, still to be expanded (empty when none).
    pub spec: Range<usize>,
}

/// A syntax error at an offset of the string, in Python's words.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SyntaxError {
    pub at: usize,
    pub message: &'static str,
}

/// The pieces of `s`, as `string.Formatter.parse` yields them.
pub(crate) fn parse(s: &str) -> Result<Vec<Piece>, SyntaxError> {
    let b = s.as_bytes();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b'{' && b[i] != b'}' {
            i += 1;
        }
        if i == b.len() {
            pieces.push(Piece::Literal(start..i));
            break;
        }
        let brace = b[i];
        if b.get(i + 1) == Some(&brace) {
            pieces.push(Piece::Literal(start..i + 1));
            i += 2;
            continue;
        }
        if brace == b'}' {
            return Err(SyntaxError {
                at: i,
                message: "Single '}' encountered in format string",
            });
        }
        if i + 1 == b.len() {
            return Err(SyntaxError {
                at: i,
                message: "Single '{' encountered in format string",
            });
        }
        if start < i {
            pieces.push(Piece::Literal(start..i));
        }
        let (field, end) = field(s, i)?;
        pieces.push(Piece::Field(field));
        i = end;
    }
    Ok(pieces)
}

/// The field whose `{` is at `open`, and the offset after its `}`.
fn field(s: &str, open: usize) -> Result<(Field, usize), SyntaxError> {
    let b = s.as_bytes();
    let name_start = open + 1;
    let mut i = name_start;
    let mut stop = None;
    while i < b.len() {
        let c = b[i];
        i += 1;
        match c {
            b'{' => {
                return Err(SyntaxError {
                    at: i - 1,
                    message: "unexpected '{' in field name",
                })
            }
            b'[' => {
                while i < b.len() && b[i] != b']' {
                    i += 1;
                }
            }
            b'}' | b':' | b'!' => {
                stop = Some(c);
                break;
            }
            _ => {}
        }
    }
    let Some(mut c) = stop else {
        return Err(SyntaxError {
            at: open,
            message: "expected '}' before end of string",
        });
    };
    let name = name_start..i - 1;
    let mut conversion = None;
    if c == b'}' {
        let spec = i..i;
        return Ok((field_of(open, name, conversion, spec), i));
    }
    if c == b'!' {
        let Some(ch) = s[i..].chars().next() else {
            return Err(SyntaxError {
                at: i - 1,
                message: "end of string while looking for conversion specifier",
            });
        };
        conversion = Some(ch);
        i += ch.len_utf8();
        if i < b.len() {
            c = b[i];
            i += 1;
            if c == b'}' {
                return Ok((field_of(open, name, conversion, i..i), i));
            }
            if c != b':' {
                return Err(SyntaxError {
                    at: i - 1,
                    message: "expected ':' after conversion specifier",
                });
            }
        }
    }
    let spec_start = i;
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok((field_of(open, name, conversion, spec_start..i), i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(SyntaxError {
        at: open,
        message: "unmatched '{' in format spec",
    })
}

fn field_of(
    start: usize,
    name: Range<usize>,
    conversion: Option<char>,
    spec: Range<usize>,
) -> Field {
    Field {
        start,
        name,
        conversion,
        spec,
    }
}

/// One step after a field name's first part.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    /// `.name`
    Attr(String),
    /// `[key]`: an index when all digits.
    Index(usize),
    Key(String),
}

/// A field name split as `_string.formatter_field_name_split` does:
/// the first part, and the steps after it (each with its offset in the
/// name).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldName {
    pub first: String,
    pub steps: Vec<(usize, Step)>,
}

pub(crate) fn field_name(name: &str) -> Result<FieldName, SyntaxError> {
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i] != b'.' && b[i] != b'[' {
        i += 1;
    }
    let first = name[..i].to_string();
    let mut steps = Vec::new();
    while i < b.len() {
        let at = i;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i] != b'.' && b[i] != b'[' {
                i += 1;
            }
            if start == i {
                return Err(SyntaxError {
                    at,
                    message: "Empty attribute in format string",
                });
            }
            steps.push((at, Step::Attr(name[start..i].to_string())));
        } else {
            i += 1;
            let start = i;
            while i < b.len() && b[i] != b']' {
                i += 1;
            }
            if i == b.len() {
                return Err(SyntaxError {
                    at,
                    message: "Missing ']' in format string",
                });
            }
            let key = &name[start..i];
            i += 1;
            if i < b.len() && b[i] != b'.' && b[i] != b'[' {
                return Err(SyntaxError {
                    at: i,
                    message: "Only '.' or '[' may follow ']' in format field specifier",
                });
            }
            let step = match key.parse::<usize>() {
                Ok(n) if key.bytes().all(|c| c.is_ascii_digit()) => Step::Index(n),
                _ => Step::Key(key.to_string()),
            };
            steps.push((at, step));
        }
    }
    Ok(FieldName { first, steps })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> Vec<String> {
        parse(s)
            .unwrap()
            .into_iter()
            .map(|p| match p {
                Piece::Literal(r) => format!("L{:?}", &s[r]),
                Piece::Field(f) => format!("F{:?}!{:?}:{:?}", &s[f.name], f.conversion, &s[f.spec]),
            })
            .collect()
    }

    #[test]
    fn doubled_braces_are_literal_braces() {
        assert_eq!(shown("a{{b}}c"), ["L\"a{\"", "L\"b}\"", "L\"c\""]);
    }

    #[test]
    fn a_spec_keeps_its_nested_braces() {
        assert_eq!(
            shown("x{data:repeat:|{{item.name}}|}y"),
            [
                "L\"x\"",
                "F\"data\"!None:\"repeat:|{{item.name}}|\"",
                "L\"y\""
            ]
        );
        assert_eq!(shown("{a!r:>5}"), ["F\"a\"!Some('r'):\">5\""]);
        assert_eq!(shown("{a!s}"), ["F\"a\"!Some('s'):\"\""]);
    }

    #[test]
    fn a_bracketed_key_may_hold_field_ends() {
        assert_eq!(shown("{a[:}]}"), ["F\"a[:}]\"!None:\"\""]);
    }

    #[test]
    fn errors_name_the_offset() {
        let e = |s| parse(s).unwrap_err();
        assert_eq!(e("ab}c").at, 2);
        assert_eq!(e("ab}c").message, "Single '}' encountered in format string");
        assert_eq!(e("ab{").message, "Single '{' encountered in format string");
        assert_eq!(e("x{a:{b}").message, "unmatched '{' in format spec");
        assert_eq!(e("x{a:{b}").at, 1);
        assert_eq!(e("{a{b}").message, "unexpected '{' in field name");
        assert_eq!(e("{abc").message, "expected '}' before end of string");
        assert_eq!(
            e("{a!r x}").message,
            "expected ':' after conversion specifier"
        );
    }

    #[test]
    fn field_names_split_into_steps() {
        let n = field_name("item.source.name").unwrap();
        assert_eq!(n.first, "item");
        assert_eq!(
            n.steps,
            [
                (4, Step::Attr("source".into())),
                (11, Step::Attr("name".into()))
            ]
        );
        let n = field_name("a[0][k].b").unwrap();
        assert_eq!(n.steps[0], (1, Step::Index(0)));
        assert_eq!(n.steps[1], (4, Step::Key("k".into())));
        assert_eq!(
            field_name("a..b").unwrap_err().message,
            "Empty attribute in format string"
        );
        assert_eq!(
            field_name("a[0").unwrap_err().message,
            "Missing ']' in format string"
        );
        assert_eq!(
            field_name("a[0]b").unwrap_err().message,
            "Only '.' or '[' may follow ']' in format field specifier"
        );
    }

    #[test]
    fn text_keeps_origins() {
        let t = Text::source("abcdef");
        let mut u = t.slice(2..4);
        u.push_str("XY", 9);
        assert_eq!(u.text, "cdXY");
        assert_eq!(u.at, [2, 3, 9, 9]);
        assert_eq!(u.origin(10), 10);
    }
}
