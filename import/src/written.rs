//! The attributes `tmc export` kept for an object (`tmc.written`: each
//! written path with its typed value, see `tmc_output::written`), as the
//! lines of the imported declaration that write them back. Each path must
//! be an attribute of the object's kind in the stdlib (through records for
//! `controls.isEncrypted`) and each value of its type, so what is written
//! back compiles.

use std::sync::OnceLock;

use serde_json::{Map, Value as Json};
use tmc_compiler::schema::{Schema, Type};

use crate::document::{invalid, ImportError};
use crate::names::is_identifier;
use crate::pytm::quote;

/// The stdlib schema, read once.
fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| tmc_compiler::stdlib_schema().0)
}

/// The lines `PATH = VALUE` (not indented) for the `written` map of the
/// `tmc` field at `path` (`$.components[2].attributes.tmc`), on an object of kind `kind` whose declaration already
/// has `body` (lines `a = ...`, `a.b = ...` or blocks `a {` ... `}`); none
/// when there is no such map. A path that is no attribute of the kind, one
/// `body` sets already, or a value of another type is an error naming its
/// place.
pub(crate) fn lines(
    tmc: Option<&Map<String, Json>>,
    path: &str,
    kind: &str,
    body: &str,
) -> Result<Vec<String>, ImportError> {
    let Some(written) = tmc.and_then(|t| t.get("written")) else {
        return Ok(Vec::new());
    };
    let at = format!("{path}.written");
    let Some(written) = written.as_object() else {
        return Err(invalid(
            &at,
            "expected an object of attribute paths",
            "tmc export writes {\"PATH\": VALUE, ...}",
        ));
    };
    let set = assigned(body);
    let mut out = Vec::new();
    for (name, value) in written {
        let here = format!("{at}.{name}");
        let ty = attribute(kind, name).ok_or_else(|| {
            invalid(
                &here,
                format!("\"{name}\" is no attribute a {kind} can be given"),
                "tmc export writes the attributes of the object's kind only (docs/language.md lists them)",
            )
        })?;
        if set.iter().any(|s| s == name) {
            return Err(invalid(
                &here,
                format!("`{name}` is also given by the document's own field"),
                "an attribute the format has a field for is not repeated in `written`",
            ));
        }
        out.push(format!("{name} = {}", text(value, ty, &here)?));
    }
    Ok(out)
}

/// The type of the attribute at the dotted `path` of kind `kind`; none when
/// it has none, or it is derived.
fn attribute(kind: &str, path: &str) -> Option<&'static Type> {
    let schema = schema();
    let mut parts = path.split('.');
    let first = schema.kind(kind)?.attr(parts.next()?)?;
    if first.derived {
        return None;
    }
    let mut ty = &first.ty;
    for part in parts {
        let record = match ty {
            Type::Record(r) => r,
            Type::Optional(t) => match &**t {
                Type::Record(r) => r,
                _ => return None,
            },
            _ => return None,
        };
        ty = &schema.record(record)?.field(part)?.ty;
    }
    Some(ty)
}

/// The attribute paths `body` sets: `a = ...`, `a.b = ...`, and `b = ...`
/// inside a block `a {`.
fn assigned(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in body.lines().map(str::trim) {
        if line == "}" {
            block = None;
        } else if let Some(name) = line.strip_suffix('{') {
            block = Some(name.trim().to_string());
        } else if let Some((name, _)) = line.split_once('=') {
            let name = name.trim();
            out.push(match &block {
                Some(b) => format!("{b}.{name}"),
                None => name.to_string(),
            });
        }
    }
    out
}

/// A typed value as model text, when it is of type `ty`.
fn text(v: &Json, ty: &Type, path: &str) -> Result<String, ImportError> {
    let wrong = || {
        invalid(
            path,
            format!("{} is no value of type {ty}", crate::document::shape(v)),
            "tmc export writes a boolean, a whole number, a string, a list, {\"member\": NAME} or {\"ref\": ID} as the attribute's type says",
        )
    };
    let named = |key: &str| -> Option<&str> {
        let m = v.as_object()?;
        let s = m.get(key)?.as_str()?;
        (m.len() == 1 && is_identifier(s)).then_some(s)
    };
    match (ty, v) {
        (Type::Optional(t), _) => text(v, t, path),
        (Type::Bool, Json::Bool(b)) => Ok(b.to_string()),
        (Type::Int, Json::Number(n)) if n.is_i64() => Ok(n.to_string()),
        (Type::String, Json::String(s)) => Ok(quote(s)),
        (Type::List(t), Json::Array(items)) => {
            let parts = items
                .iter()
                .enumerate()
                .map(|(i, x)| text(x, t, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(format!("[{}]", parts.join(", ")))
        }
        (Type::Enum(e), _) => {
            let m = named("member").ok_or_else(wrong)?;
            match schema().enumeration(e).and_then(|en| en.member(m)) {
                Some(_) => Ok(m.to_string()),
                None => Err(invalid(
                    path,
                    format!("\"{m}\" is no member of {e}"),
                    "tmc export writes the enum's own members",
                )),
            }
        }
        (Type::Ref(_), _) => named("ref").map(str::to_string).ok_or_else(wrong),
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(v: Json) -> Result<Vec<String>, ImportError> {
        let m = json!({ "written": v });
        lines(
            m.as_object(),
            "$.x",
            "Dataflow",
            "description = \"d\"\ncontrols {\nisEncrypted = true\n}",
        )
    }

    #[test]
    fn typed_values_become_model_text() {
        let got = of(json!({
            "controls.authenticatesSource": true,
            "dstPort": 443,
            "protocol": "HTTP \"1.1\"",
            "tlsVersion": { "member": "TLSv12" },
            "data": [{ "ref": "card" }],
            "responseTo": { "ref": "ask" },
        }))
        .unwrap();
        assert_eq!(
            got,
            [
                "controls.authenticatesSource = true",
                "data = [card]",
                "dstPort = 443",
                "protocol = \"HTTP \\\"1.1\\\"\"",
                "responseTo = ask",
                "tlsVersion = TLSv12",
            ]
        );
        assert!(lines(None, "$.x", "Dataflow", "").unwrap().is_empty());
    }

    #[test]
    fn what_model_text_cannot_hold_is_an_error_at_its_place() {
        for (bad, place, says) in [
            (json!([1]), "$.x.written", "expected an object"),
            (json!({ "a b": 1 }), "$.x.written.a b", "no attribute"),
            (
                json!({ "nothing": 1 }),
                "$.x.written.nothing",
                "no attribute a Dataflow",
            ),
            (
                json!({ "source": { "ref": "a" } }),
                "$.x.written.source",
                "no attribute",
            ),
            (
                json!({ "controls.nothing": true }),
                "$.x.written.controls.nothing",
                "no attribute",
            ),
            (
                json!({ "description": "again" }),
                "$.x.written.description",
                "also given",
            ),
            (
                json!({ "controls.isEncrypted": true }),
                "$.x.written.controls.isEncrypted",
                "also given",
            ),
            (
                json!({ "dstPort": 1.5 }),
                "$.x.written.dstPort",
                "no value of type int",
            ),
            (
                json!({ "dstPort": "80" }),
                "$.x.written.dstPort",
                "no value of type int",
            ),
            (
                json!({ "protocol": null }),
                "$.x.written.protocol",
                "no value of type string",
            ),
            (
                json!({ "responseTo": { "ref": "a}" } }),
                "$.x.written.responseTo",
                "no value",
            ),
            (
                json!({ "tlsVersion": { "member": "TLSv99" } }),
                "$.x.written.tlsVersion",
                "no member of TLSVersion",
            ),
            (
                json!({ "data": [{ "member": "A", "ref": "b" }] }),
                "$.x.written.data[0]",
                "no value",
            ),
        ] {
            let e = of(bad.clone()).unwrap_err().to_string();
            assert!(e.contains(place) && e.contains(says), "{bad}: {e}");
        }
    }
}
