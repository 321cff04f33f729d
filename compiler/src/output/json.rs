//! `tmc json`: the model (every object with all its attributes after
//! defaults and derivation) and the findings, as one JSON document. Keys
//! are sorted (serde_json's map is ordered), so the same model always gives
//! the same bytes. docs/json.md documents it; docs/tmc.schema.json is its
//! JSON Schema.

use serde_json::{json, Map, Value as Json};

use crate::findings::Finding;
use crate::model::{Attrs, Model, Object, Role, Value};
use crate::rules::{Library, Threat};
use crate::source::{Sources, Span};

/// Version of the document's layout, bumped on incompatible changes.
pub const FORMAT: u32 = 1;

/// The whole document.
pub fn document(sources: &Sources, model: &Model, library: &Library, findings: &[Finding]) -> Json {
    let objects = |role: fn(&Role) -> bool| -> Vec<Json> {
        model
            .objects
            .iter()
            .filter(|o| role(&o.role))
            .map(|o| object(sources, model, o))
            .collect()
    };
    let (open, excluded): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().partition(|f| !f.is_excluded());
    let render = |list: Vec<&Finding>| -> Vec<Json> {
        list.into_iter()
            .map(|f| finding(sources, model, &library.threats[f.threat], f))
            .collect()
    };
    json!({
        "format": FORMAT,
        "model": {
            "name": model.header.name,
            "doc": model.header.docs,
            "attributes": attributes(model, &model.header.attrs),
            "location": location(sources, model.header.span),
        },
        "boundaries": objects(|r| *r == Role::Boundary),
        "elements": objects(|r| *r == Role::Element),
        "flows": objects(|r| matches!(r, Role::Flow { .. })),
        "data": objects(|r| *r == Role::Data),
        "findings": render(open),
        "excluded_findings": render(excluded),
    })
}

fn object(sources: &Sources, model: &Model, o: &Object) -> Json {
    json!({
        "id": o.id,
        "name": o.name,
        "kind": o.kind,
        "doc": o.docs,
        "attributes": attributes(model, &o.attrs),
        "location": location(sources, o.span),
    })
}

/// Attribute values: enums by member name, references by identifier.
pub fn attributes(model: &Model, attrs: &Attrs) -> Json {
    let map: Map<String, Json> = attrs
        .iter()
        .map(|(k, v)| (k.clone(), value(model, v)))
        .collect();
    Json::Object(map)
}

pub fn value(model: &Model, v: &Value) -> Json {
    match v {
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::Str(s) => json!(s),
        Value::Enum { member, .. } => json!(member),
        Value::List(items) => Json::Array(items.iter().map(|i| value(model, i)).collect()),
        Value::Record(fields) => attributes(model, fields),
        Value::Ref(id) => json!(model.object(*id).id),
    }
}

pub fn location(sources: &Sources, span: Span) -> Json {
    let at = sources.line_col(span.file, span.start);
    json!({ "file": sources.name(span.file), "line": at.line, "column": at.column })
}

fn finding(sources: &Sources, model: &Model, threat: &Threat, f: &Finding) -> Json {
    let target = model.object(f.target);
    let o = f.overridden.as_ref();
    json!({
        "id": f.id,
        "threat_id": threat.id,
        "target": target.id,
        "target_name": target.name,
        "target_kind": target.kind,
        "severity": f.severity.label(),
        "likelihood": f.likelihood.as_ref().map(|l| l.label()),
        "description": f.text(threat, "description"),
        "details": f.text(threat, "details"),
        "prerequisites": threat.prerequisites,
        "mitigations": f.text(threat, "mitigations"),
        "example": f.text(threat, "example"),
        "references": match o.map(|o| o.references.as_str()).filter(|r| !r.is_empty()) {
            Some(own) => vec![own.to_string()],
            None => threat.references.clone(),
        },
        "capec": threat.capec,
        "cwe": threat.cwe,
        "condition": threat.condition_text,
        "response": o.map(|o| o.response.as_str()).filter(|s| !s.is_empty()),
        "cvss": o.map(|o| o.cvss.as_str()).filter(|s| !s.is_empty()),
        "excluded_by": f.excluded_by,
        "location": location(sources, target.span),
    })
}

/// `tmc list-threats --format json`: the library without a model.
pub fn library(sources: &Sources, library: &Library, exclude: &[String]) -> Json {
    let threats: Vec<Json> = library
        .threats
        .iter()
        .filter(|t| !exclude.contains(&t.id))
        .map(|t| {
            json!({
                "id": t.id,
                "title": t.title,
                "targets": t.targets,
                "severity": t.severity.label(),
                "likelihood": t.likelihood.as_ref().map(|l| l.label()),
                "condition": t.condition_text,
                "capec": t.capec,
                "cwe": t.cwe,
                "details": t.details,
                "prerequisites": t.prerequisites,
                "mitigations": t.mitigations,
                "example": t.example,
                "references": t.references,
                "deprecated": t.deprecated,
                "location": location(sources, t.span),
            })
        })
        .collect();
    json!({ "format": FORMAT, "threats": threats })
}
