//! The attributes `tmc export` kept for an object (`tmc.written`: each
//! written path with its typed value, see `tmc_output::written`), as the
//! lines of the imported declaration that write them back.

use serde_json::{Map, Value as Json};

use crate::otm::{invalid, is_identifier, ImportError};
use crate::pytm::quote;

/// The lines `PATH = VALUE` (not indented) for the `written` map of a `tmc` field at
/// `path`; none when there is no such map. A path or value the model text
/// could not hold is an error naming its place.
pub(crate) fn lines(
    tmc: Option<&Map<String, Json>>,
    path: &str,
) -> Result<Vec<String>, ImportError> {
    let Some(written) = tmc.and_then(|t| t.get("written")) else {
        return Ok(Vec::new());
    };
    let at = format!("{path}.tmc.written");
    let Some(written) = written.as_object() else {
        return Err(invalid(
            &at,
            "expected an object of attribute paths",
            "tmc export writes {\"PATH\": VALUE, ...}",
        ));
    };
    let mut out = Vec::new();
    for (name, value) in written {
        let here = format!("{at}.{name}");
        if name.is_empty() || !name.split('.').all(is_identifier) {
            return Err(invalid(
                &here,
                format!("\"{name}\" is no attribute path"),
                "a path is identifiers joined by dots, such as controls.isEncrypted",
            ));
        }
        out.push(format!("{name} = {}", text(value, &here)?));
    }
    Ok(out)
}

/// A typed value as model text.
fn text(v: &Json, path: &str) -> Result<String, ImportError> {
    let named = |key: &str, m: &Map<String, Json>| -> Option<String> {
        let s = m.get(key)?.as_str()?;
        (m.len() == 1 && is_identifier(s)).then(|| s.to_string())
    };
    match v {
        Json::Bool(b) => Ok(b.to_string()),
        Json::Number(n) if n.is_i64() => Ok(n.to_string()),
        Json::String(s) => Ok(quote(s)),
        Json::Array(items) => {
            let parts = items
                .iter()
                .enumerate()
                .map(|(i, x)| text(x, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(format!("[{}]", parts.join(", ")))
        }
        Json::Object(m) => named("member", m)
            .or_else(|| named("ref", m))
            .ok_or_else(|| {
                invalid(
                    path,
                    "expected {\"member\": NAME} or {\"ref\": ID} with an identifier",
                    "tmc export writes enum members and references so",
                )
            }),
        _ => Err(invalid(
            path,
            format!("{} is no value tmc writes", crate::otm::shape(v)),
            "a boolean, a whole number, a string, a list, {\"member\": NAME} or {\"ref\": ID}",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(v: Json) -> Result<Vec<String>, ImportError> {
        let m = json!({ "written": v });
        lines(m.as_object(), "$.x")
    }

    #[test]
    fn typed_values_become_model_text() {
        let got = of(json!({
            "controls.isEncrypted": true,
            "port": 443,
            "protocol": "HTTP \"1.1\"",
            "type": { "member": "SQL" },
            "data": [{ "ref": "card" }],
        }))
        .unwrap();
        assert_eq!(
            got,
            [
                "controls.isEncrypted = true",
                "data = [card]",
                "port = 443",
                "protocol = \"HTTP \\\"1.1\\\"\"",
                "type = SQL",
            ]
        );
        assert!(lines(None, "$.x").unwrap().is_empty());
    }

    #[test]
    fn what_model_text_cannot_hold_is_an_error_at_its_place() {
        for (bad, place) in [
            (json!([1]), "$.x.tmc.written"),
            (json!({ "a b": 1 }), "$.x.tmc.written.a b"),
            (json!({ "x": 1.5 }), "$.x.tmc.written.x"),
            (json!({ "x": null }), "$.x.tmc.written.x"),
            (json!({ "x": { "ref": "a}" } }), "$.x.tmc.written.x"),
            (
                json!({ "x": [{ "member": "A", "ref": "b" }] }),
                "$.x.tmc.written.x[0]",
            ),
        ] {
            let e = of(bad.clone()).unwrap_err().to_string();
            assert!(e.contains(place), "{bad}: {e}");
        }
    }
}
