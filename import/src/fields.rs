//! Typed fields of a document read as JSON (OTM, Threat Dragon, and
//! Threagile's YAML through `yaml`), the same way for every importer: a
//! field absent or null is not given, a value of another type is an error
//! at its path (`$.components[2].type`) with the format's `hint`.

use serde_json::{Map, Value as Json};

use crate::document::{invalid, shape, ImportError};

type Result<T> = std::result::Result<T, ImportError>;

/// `v` as an object; `noun` is what the format calls one ("an object",
/// "a mapping").
pub(crate) fn object<'a>(
    v: &'a Json,
    path: &str,
    noun: &str,
    hint: &str,
) -> Result<&'a Map<String, Json>> {
    v.as_object()
        .ok_or_else(|| invalid(path, format!("expected {noun}, found {}", shape(v)), hint))
}

/// An optional string field.
pub(crate) fn string<'a>(
    m: &'a Map<String, Json>,
    key: &str,
    path: &str,
    hint: &str,
) -> Result<Option<&'a str>> {
    match m.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(v) => Err(wrong(path, key, "a string", v, hint)),
    }
}

/// An optional flag (not given: false).
pub(crate) fn flag(m: &Map<String, Json>, key: &str, path: &str, hint: &str) -> Result<bool> {
    match m.get(key) {
        None | Some(Json::Null) => Ok(false),
        Some(Json::Bool(b)) => Ok(*b),
        Some(v) => Err(wrong(path, key, "true or false", v, hint)),
    }
}

/// An optional list field (not given: empty).
pub(crate) fn list<'a>(
    m: &'a Map<String, Json>,
    key: &str,
    path: &str,
    hint: &str,
) -> Result<&'a [Json]> {
    match m.get(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(v) => Err(wrong(path, key, "a list", v, hint)),
    }
}

/// An optional number field; `expected` says which numbers ("a number").
pub(crate) fn number(
    m: &Map<String, Json>,
    key: &str,
    path: &str,
    expected: &str,
    hint: &str,
) -> Result<Option<f64>> {
    match m.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Number(n)) => Ok(n.as_f64()),
        Some(v) => Err(wrong(path, key, expected, v, hint)),
    }
}

/// "`path.key`: expected `expected`, found a list".
fn wrong(path: &str, key: &str, expected: &str, v: &Json, hint: &str) -> ImportError {
    invalid(
        &format!("{path}.{key}"),
        format!("expected {expected}, found {}", shape(v)),
        hint,
    )
}
