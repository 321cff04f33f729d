//! YAML documents read into `serde_json` values, so that an importer reads
//! JSON and YAML alike. Built from yaml-rust2's event parser without
//! recursion: nesting is limited to [`MAX_DEPTH`] and aliases (`*name`),
//! which OTM never needs and which can expand a small file enormously, are
//! refused with their place.

use std::collections::HashMap;

use serde_json::{Map, Number, Value as Json};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Yaml;

/// How deep mappings and sequences may nest (serde_json's own limit).
pub const MAX_DEPTH: usize = 128;

/// Why a text is not a YAML document this reader takes, and where (line
/// and column from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Where each value starts (line, column from 1), by its path in the
/// document as the importers name it: `$`, `$.components[2].parent`.
pub type Positions = HashMap<String, (usize, usize)>;

/// A container being filled, with its path.
enum Open {
    /// A mapping and the key waiting for its value.
    Map(Map<String, Json>, Option<String>, String),
    /// A sequence.
    List(Vec<Json>, String),
}

/// The path of the value about to start inside `open` (none for a key).
fn child_path(open: Option<&Open>) -> Option<String> {
    match open {
        None => Some("$".to_string()),
        Some(Open::Map(_, Some(key), path)) => Some(format!("{path}.{key}")),
        Some(Open::Map(_, None, _)) => None,
        Some(Open::List(items, path)) => Some(format!("{path}[{}]", items.len())),
    }
}

fn error(mark: Marker, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        line: mark.line(),
        column: mark.col() + 1,
        message: message.into(),
    }
}

/// The first document of `text` as a JSON value.
pub fn to_json(text: &str) -> Result<Json, SyntaxError> {
    read(text).map(|(json, _)| json)
}

/// The first document of `text` and where its values start. JSON is YAML
/// too, so this also locates the values of a JSON document.
pub fn read(text: &str) -> Result<(Json, Positions), SyntaxError> {
    let mut positions = Positions::new();
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Json> = None;
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| error(*e.marker(), e.info().to_string()))?;
        let value = match event {
            Event::StreamEnd | Event::DocumentEnd if stack.is_empty() => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd | Event::DocumentEnd => continue,
            Event::Alias(_) => {
                return Err(error(
                    mark,
                    "aliases (`*name`) are not read; write the value out",
                ))
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error(
                        mark,
                        format!("nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
                let path = child_path(stack.last()).unwrap_or_default();
                positions.insert(path.clone(), (mark.line(), mark.col() + 1));
                stack.push(match event {
                    Event::MappingStart(..) => Open::Map(Map::new(), None, path),
                    _ => Open::List(Vec::new(), path),
                });
                continue;
            }
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(m, _, _)) => Json::Object(m),
                _ => return Err(error(mark, "unbalanced mapping")),
            },
            Event::SequenceEnd => match stack.pop() {
                Some(Open::List(l, _)) => Json::Array(l),
                _ => return Err(error(mark, "unbalanced sequence")),
            },
            Event::Scalar(text, style, _, _) => {
                if let Some(path) = child_path(stack.last()) {
                    positions.insert(path, (mark.line(), mark.col() + 1));
                }
                scalar(text, style)
            }
        };
        match stack.last_mut() {
            None => {
                root = Some(value);
                break;
            }
            Some(Open::List(l, _)) => l.push(value),
            Some(Open::Map(m, key, _)) => match key.take() {
                Some(k) => {
                    m.insert(k, value);
                }
                None => match value {
                    Json::String(s) => *key = Some(s),
                    Json::Number(_) | Json::Bool(_) | Json::Null => *key = Some(value.to_string()),
                    _ => return Err(error(mark, "a mapping key must be a plain value")),
                },
            },
        }
    }
    Ok((root.unwrap_or(Json::Null), positions))
}

/// A scalar: quoted ones are strings; plain ones follow YAML's core schema.
fn scalar(text: String, style: TScalarStyle) -> Json {
    if style != TScalarStyle::Plain {
        return Json::String(text);
    }
    match Yaml::from_str(&text) {
        Yaml::Integer(n) => Json::Number(n.into()),
        Yaml::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or(Json::String(text), Json::Number),
        Yaml::Boolean(b) => Json::Bool(b),
        Yaml::Null => Json::Null,
        _ => Json::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mappings_lists_and_scalars() {
        let v = to_json("a: 1\nb: [x, 'y', 2.5, true, null]\nc:\n  d: \"10\"\n").unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": ["x", "y", 2.5, true, null], "c": {"d": "10"}})
        );
    }

    #[test]
    fn refuses_aliases_and_deep_nesting() {
        let e = to_json("a: &x [1]\nb: *x\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let e = to_json(&deep).unwrap_err();
        assert!(e.to_string().contains("nested more than 128"), "{e}");
    }

    #[test]
    fn values_are_located_in_yaml_and_json() {
        let (_, at) = read("a:\n  - x: 1\n    y: [2, 3]\n").unwrap();
        assert_eq!(at["$.a[0].x"], (2, 8));
        assert_eq!(at["$.a[0].y[1]"], (3, 12));
        let (_, at) = read("{\n  \"a\": [\n    {\"x\": 1}\n  ]\n}").unwrap();
        assert_eq!(at["$.a[0]"], (3, 5));
        assert_eq!(at["$.a[0].x"], (3, 11));
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let e = to_json("a: [1, 2\nb: 3\n").unwrap_err();
        // The flow sequence opened on line 1 is still open at `b:`.
        assert_eq!((e.line, e.column), (2, 2), "{e:?}");
    }
}
