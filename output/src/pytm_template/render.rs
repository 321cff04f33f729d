//! Filling a pytm template: Python's `Formatter._vformat` (each field's
//! spec expanded first, two levels deep at most) with pytm's
//! `SuperFormatter.format_field` (`repeat`, `call`, `if`, `not`, else
//! Python's own `format`).

use super::parse::{self, Piece, Step, Text};
use super::spec;
use super::values::{methods, Missing, Val, View, HELPERS, VARIABLES};

/// What failed, and where in the template file.
#[derive(Debug)]
pub(crate) struct Error {
    pub at: u32,
    pub message: String,
}

fn error(at: u32, message: impl Into<String>) -> Error {
    Error {
        at,
        message: message.into(),
    }
}

/// The names a field's first part may take.
enum Scope<'a, 'm> {
    /// The report's variables.
    Top,
    /// A repeated or called template's one name, `item`.
    Item(&'a Val<'m>),
}

/// How deep `_vformat` lets specs nest.
const DEPTH: i32 = 2;

pub(crate) struct Renderer<'v, 'm> {
    pub view: &'v View<'m>,
}

impl<'m> Renderer<'_, 'm> {
    pub(crate) fn top(&self, text: &Text) -> Result<Text, Error> {
        self.format(text, &Scope::Top, DEPTH)
    }

    fn format(&self, text: &Text, scope: &Scope<'_, 'm>, depth: i32) -> Result<Text, Error> {
        let pieces = parse::parse(&text.text).map_err(|e| error(text.origin(e.at), e.message))?;
        let mut out = Text::default();
        for piece in pieces {
            let field = match piece {
                Piece::Literal(range) => {
                    out.push_from(text, range);
                    continue;
                }
                Piece::Field(field) => field,
            };
            let at = text.origin(field.start);
            let value = self.field(text, field.name.clone(), scope)?;
            let value = self.convert(value, field.conversion, at)?;
            if depth == 0 {
                return Err(error(
                    at,
                    "Max string recursion exceeded: a field inside a field's spec inside another's has no spec of its own to expand (Python stops at two levels)",
                ));
            }
            let spec = self.format(&text.slice(field.spec.clone()), scope, depth - 1)?;
            out.append(self.format_field(value, spec, at)?);
        }
        Ok(out)
    }

    /// The value a field name gives: `Formatter.get_field`.
    fn field(
        &self,
        text: &Text,
        range: std::ops::Range<usize>,
        scope: &Scope<'_, 'm>,
    ) -> Result<Val<'m>, Error> {
        let name = &text.text[range.clone()];
        let at = |offset: usize| text.origin(range.start + offset);
        let parsed = parse::field_name(name).map_err(|e| error(at(e.at), e.message))?;
        if parsed.first.is_empty() || parsed.first.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error(
                at(0),
                "a positional field (`{}` or `{0}`) has no value: pytm passes only named values",
            ));
        }
        let mut value = match scope {
            Scope::Top => self.view.variable(&parsed.first).ok_or_else(|| {
                error(
                    at(0),
                    format!(
                        "KeyError: no variable `{}`; a pytm template has {}",
                        parsed.first,
                        VARIABLES.join(", ")
                    ),
                )
            })?,
            Scope::Item(item) if parsed.first == "item" => (*item).clone(),
            Scope::Item(_) => {
                return Err(error(
                    at(0),
                    format!(
                        "KeyError: no variable `{}` here: a repeated or called template has only `item` (write `{{{}...}}` with single braces to read it outside)",
                        parsed.first, parsed.first
                    ),
                ))
            }
        };
        for (offset, step) in parsed.steps {
            value = match step {
                Step::Attr(attr) => {
                    if let Val::Method { .. } = value {
                        return Err(error(at(offset + 1), format!("AttributeError: a method has no attribute `{attr}`; call it with `:call:`")));
                    }
                    self.view
                        .attr(&value, &attr)
                        .map_err(|m| error(at(offset + 1), missing(&m)))?
                }
                Step::Index(i) => match &value {
                    Val::List(items) => items.get(i).cloned().ok_or_else(|| {
                        error(
                            at(offset + 1),
                            format!(
                                "IndexError: list index {i} out of range ({} items)",
                                items.len()
                            ),
                        )
                    })?,
                    other => {
                        return Err(error(
                            at(offset + 1),
                            format!("TypeError: `{}` cannot be indexed", other.type_name()),
                        ))
                    }
                },
                Step::Key(key) => {
                    return Err(error(
                        at(offset + 1),
                        format!("TypeError: `{}` has no key `{key}`", value.type_name()),
                    ))
                }
            };
        }
        Ok(value)
    }

    /// `!s`, `!r` and `!a`.
    fn convert(&self, value: Val<'m>, conversion: Option<char>, at: u32) -> Result<Val<'m>, Error> {
        let text = match conversion {
            None => return Ok(value),
            Some('s') => self.view.str(&value),
            Some('r') => self.view.repr(&value),
            Some('a') => self.view.repr(&value).map(|r| ascii(&r).into()),
            Some(c) => return Err(error(at, format!("Unknown conversion specifier {c}"))),
        };
        text.map(Val::Str).map_err(|m| error(at, m))
    }

    /// pytm's `SuperFormatter.format_field`.
    fn format_field(&self, value: Val<'m>, spec: Text, at: u32) -> Result<Text, Error> {
        let s = spec.text.as_str();
        let mut out = Text::default();
        if s.is_empty() {
            let text = self.view.str(&value).map_err(|m| error(at, m))?;
            out.push_str(&text, at);
        } else if s.starts_with("repeat") {
            let template = after_colon(&spec);
            for item in self.view.items(&value) {
                out.append(self.format(&template, &Scope::Item(&item), DEPTH)?);
            }
        } else if let Some(rest) = s.strip_prefix("call:") {
            let rest_at = spec.text.len() - rest.len();
            let (result, template) = match value {
                Val::Method { of, name } => (
                    self.view.call_method(of, name),
                    spec.slice(rest_at..spec.text.len()),
                ),
                _ => {
                    let helper = rest.split(':').next().unwrap_or_default();
                    let result = self.view.helper(helper, &value).ok_or_else(|| {
                        error(
                            spec.origin(rest_at),
                            format!(
                                "AttributeError: ReportUtils has no helper `{helper}`; it has {} (a method of the value: {})",
                                HELPERS.join(", "),
                                methods().join(", ")
                            ),
                        )
                    })?;
                    let template_at = (rest_at + helper.len() + 1).min(spec.text.len());
                    (result, spec.slice(template_at..spec.text.len()))
                }
            };
            match result {
                Val::List(items) if !template.text.is_empty() => {
                    for item in &items {
                        out.append(self.format(&template, &Scope::Item(item), DEPTH)?);
                    }
                }
                Val::Str(text) => out.push_str(&text, at),
                other => {
                    return Err(error(
                        at,
                        format!(
                            "TypeError: the call gives a {} where pytm needs text; give it a template after `:` to write each item",
                            other.type_name()
                        ),
                    ))
                }
            }
        } else if s.starts_with("if") || s.starts_with("not") {
            let template = after_colon(&spec);
            let truthy = self.view.truthy(&value);
            if truthy == s.starts_with("if") {
                out.append(template);
            }
        } else {
            let text = match &value {
                Val::Str(text) => spec::string(text, s),
                Val::Enum { .. } => spec::string(&self.view.str(&value).unwrap_or_default(), s),
                Val::Int(n) => spec::integer(*n, s),
                Val::Bool(b) => spec::integer(i64::from(*b), s),
                other => Err(format!(
                    "TypeError: unsupported format string passed to {}.__format__",
                    other.type_name()
                )),
            };
            out.push_str(
                &text.map_err(|m| error(at, format!("{m} (spec `{s}`)")))?,
                at,
            );
        }
        Ok(out)
    }
}

/// What follows the spec's first `:` (`str.partition`), or nothing.
fn after_colon(spec: &Text) -> Text {
    match spec.text.find(':') {
        Some(i) => spec.slice(i + 1..spec.text.len()),
        None => Text::default(),
    }
}

fn missing(m: &Missing) -> String {
    let mut text = format!("AttributeError: `{}` has no attribute `{}`", m.ty, m.attr);
    if !m.known.is_empty() {
        text.push_str(&format!("; it has {}", m.known.join(", ")));
    }
    text
}

/// Python's `ascii()` of a repr: non-ASCII characters escaped.
fn ascii(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        let n = c as u32;
        match n {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            _ => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}
