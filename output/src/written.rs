//! The attributes a model wrote on an object, as typed JSON for the
//! `tmc` field of an export (`attributes.tmc.written` in OTM, `data.tmc.written`
//! in Threat Dragon), so `tmc import` writes them back and the library's
//! rules find the same findings on the imported model.
//!
//! Each written path (`protocol`, `controls.isEncrypted`) maps to its value:
//! a boolean, number or string as itself, an enum member as
//! `{"member": NAME}`, a reference as `{"ref": ID}`, a list as an array of
//! those. Records are written by their leaf paths, so none is kept whole.

use serde_json::{json, Map, Value as Json};
use tmc_compiler::model::{Model, Object, Value};

/// Paths every format writes as its structure: where an object sits and
/// a flow's ends.
const STRUCTURAL: &[&str] = &["inBoundary", "source", "sink"];

/// The written paths of `o` but those `skip` says (paths the format
/// carries in a field of its own), with their values; a value that cannot
/// be written back (a reference to an unlabelled flow, a record) is left
/// out.
pub fn written(model: &Model, o: &Object, skip: impl Fn(&str) -> bool) -> Map<String, Json> {
    let mut out = Map::new();
    for path in &o.written {
        if skip(path) || STRUCTURAL.contains(&path.as_str()) {
            continue;
        }
        if let Some(v) = value_at(o, path).and_then(|v| typed(model, v)) {
            out.insert(path.clone(), v);
        }
    }
    out
}

/// What the model block says that changes the findings and has no field
/// in the formats: the built-in library, when it is not tmc's (the model
/// block keeps no record of what was written, so this compares with the
/// default).
pub fn header(model: &Model) -> Map<String, Json> {
    let mut out = Map::new();
    if let Some(m) = model.header.attrs.get("library").and_then(Value::as_member) {
        if &*m != "tmc" {
            out.insert("library".into(), json!({ "member": &*m }));
        }
    }
    out
}

/// Whether the export keeps the written `path` of `o` (in `written` or in
/// a field of the format's own).
pub fn keeps(model: &Model, o: &Object, path: &str) -> bool {
    value_at(o, path).and_then(|v| typed(model, v)).is_some()
}

/// The value at a dotted path of an object's attributes.
fn value_at<'a>(o: &'a Object, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = o.attrs.get(parts.next()?)?;
    for part in parts {
        v = v.as_record()?.get(part)?;
    }
    Some(v)
}

/// A value as typed JSON; none when the model text could not name it.
fn typed(model: &Model, v: &Value) -> Option<Json> {
    Some(match v {
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(n) => Json::from(*n),
        Value::Str(s) => Json::String(s.clone()),
        Value::Enum { member, .. } => json!({ "member": &**member }),
        Value::Ref(id) => {
            let id = &model.object(*id).id;
            if id.contains("->") {
                return None;
            }
            json!({ "ref": id })
        }
        Value::List(items) => Json::Array(
            items
                .iter()
                .map(|i| typed(model, i))
                .collect::<Option<Vec<_>>>()?,
        ),
        Value::Record(_) => return None,
    })
}
