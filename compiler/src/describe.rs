//! What `tmc describe` and `tmc list-elements` print: the schema as text
//! for people and as JSON for tools. Everything comes from the `Schema`,
//! which comes from stdlib/*.tm.

use serde_json::{json, Value as Json};

use crate::model::Value;
use crate::schema::{self, Attr, Enum, Kind, Record, Schema, Type};

/// A value as it would be written in a `.tm` file.
pub fn format_value(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Str(s) => format!("{s:?}"),
        Value::Enum { member, .. } => member.to_string(),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(format_value).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Record(_) => "{ ... }".into(),
        Value::Ref(id) => format!("#{}", id.0),
    }
}

/// The default column of `describe`: the value, or why there is none.
fn default_text(attr: &Attr) -> String {
    match (&attr.default, &attr.ty) {
        _ if attr.derived => "(derived)".into(),
        (Some(v), _) => format_value(v),
        (None, Type::Optional(_)) => "(none)".into(),
        (None, Type::Record(_)) => "(record defaults)".into(),
        (None, _) => "(required)".into(),
    }
}

/// Text for `tmc describe NAME`: a kind, record or enum. `None` if the
/// schema has no such name.
pub fn describe(schema: &Schema, name: &str) -> Option<String> {
    if let Some(k) = schema.kind(name) {
        return Some(describe_kind(schema, k));
    }
    if let Some(r) = schema.record(name) {
        return Some(describe_record(r));
    }
    schema.enumeration(name).map(describe_enum)
}

fn describe_kind(schema: &Schema, kind: &Kind) -> String {
    let mut out = String::new();
    let lineage = schema.lineage(&kind.name);
    out.push_str(&format!("kind {}", kind.name));
    if lineage.len() > 1 {
        out.push_str(&format!(" : {}", lineage[1..].join(" : ")));
    }
    out.push('\n');
    push_doc(&mut out, &kind.doc);
    if let Some(usage) = usage(schema, &kind.name) {
        out.push_str(&format!("\nDeclare: {usage}\n"));
    }
    let (settable, derived): (Vec<&Attr>, Vec<&Attr>) = kind.attrs.iter().partition(|a| !a.derived);
    out.push_str("\nAttributes:\n");
    out.push_str(&attr_table(&settable, true));
    if !derived.is_empty() {
        out.push_str("\nDerived (computed by tmc, read-only):\n");
        out.push_str(&attr_table(&derived, true));
    }
    for attr in &settable {
        if let Type::Record(r) = &attr.ty {
            if let Some(record) = schema.record(r) {
                out.push_str(&format!(
                    "\n{} ({} fields; write `{} {{ name = value }}`):\n",
                    attr.name, record.name, attr.name
                ));
                let fields: Vec<&Attr> = record.fields.iter().collect();
                out.push_str(&attr_table(&fields, false));
            }
        }
    }
    out
}

/// How a kind is declared in a model, if it can be.
fn usage(schema: &Schema, kind: &str) -> Option<String> {
    if schema.is_a(kind, schema::MODEL) {
        Some("model \"Name\" { ... }".into())
    } else if schema.is_a(kind, schema::DATAFLOW) {
        Some("flow [label:] source -> sink \"Name\" { ... }".into())
    } else if schema.is_a(kind, schema::BOUNDARY) {
        Some("boundary id \"Name\" [in parent] { ... }".into())
    } else if schema.is_a(kind, schema::DATA) {
        Some(format!("{kind} id \"Name\" {{ ... }}"))
    } else if schema.is_a(kind, schema::ELEMENT) {
        Some(format!("{kind} id \"Name\" [in boundary] {{ ... }}"))
    } else {
        None
    }
}

fn describe_record(record: &Record) -> String {
    let mut out = format!("record {}\n", record.name);
    push_doc(&mut out, &record.doc);
    out.push_str("\nFields:\n");
    let fields: Vec<&Attr> = record.fields.iter().collect();
    out.push_str(&attr_table(&fields, false));
    out
}

fn describe_enum(e: &Enum) -> String {
    let mut out = format!(
        "{}enum {}\n",
        if e.ordered { "ordered " } else { "" },
        e.name
    );
    push_doc(&mut out, &e.doc);
    out.push_str(if e.ordered {
        "\nMembers, lowest first (compare with < and >):\n"
    } else {
        "\nMembers:\n"
    });
    let width = e.members.iter().map(|m| m.name.len()).max().unwrap_or(0);
    for m in &e.members {
        out.push_str(format!("  {:width$}  {}\n", m.name, first_line(&m.doc)).trim_end());
        out.push('\n');
    }
    out
}

fn push_doc(out: &mut String, doc: &str) {
    for line in doc.lines() {
        out.push_str(format!("  {line}").trim_end());
        out.push('\n');
    }
}

fn first_line(doc: &str) -> &str {
    doc.lines().next().unwrap_or("")
}

/// Aligned columns: name, type, default, (declared in,) doc.
fn attr_table(attrs: &[&Attr], with_origin: bool) -> String {
    let rows: Vec<[String; 5]> = attrs
        .iter()
        .map(|a| {
            [
                a.name.clone(),
                a.ty.to_string(),
                default_text(a),
                if with_origin {
                    a.declared_in.clone()
                } else {
                    String::new()
                },
                first_line(&a.doc).to_string(),
            ]
        })
        .collect();
    let mut widths = [0usize; 4];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(" ");
        for (i, cell) in row.iter().enumerate() {
            if i < 4 && widths[i] == 0 {
                continue;
            }
            line.push(' ');
            if i < 4 {
                line.push_str(&format!("{:w$}", cell, w = widths[i]));
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text for `tmc list-elements`: every kind, grouped by what it declares.
pub fn list_elements(schema: &Schema) -> String {
    type Belongs = fn(&Schema, &str) -> bool;
    let groups: [(&str, Belongs); 6] = [
        ("Elements (nodes of the data-flow graph)", |s, k| {
            s.is_a(k, schema::ELEMENT)
                && !s.is_a(k, schema::BOUNDARY)
                && !s.is_a(k, schema::DATAFLOW)
        }),
        ("Boundaries", |s, k| s.is_a(k, schema::BOUNDARY)),
        ("Flows", |s, k| s.is_a(k, schema::DATAFLOW)),
        ("Data and model", |s, k| {
            s.is_a(k, schema::DATA) || s.is_a(k, schema::MODEL)
        }),
        ("Rule tests (`tmc test`)", |s, k| s.is_a(k, schema::EXPECT)),
        ("Risk tracking", |s, k| s.is_a(k, schema::TRIAGE)),
    ];
    let width = schema.kinds.iter().map(|k| k.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    let mut listed = Vec::new();
    for (title, belongs) in groups {
        let kinds: Vec<&Kind> = schema
            .kinds
            .iter()
            .filter(|k| belongs(schema, &k.name))
            .collect();
        if kinds.is_empty() {
            continue;
        }
        out.push_str(&format!("{title}:\n"));
        for k in kinds {
            listed.push(k.name.as_str());
            let parent = k
                .parent
                .as_deref()
                .map(|p| format!(": {p}"))
                .unwrap_or_default();
            let pw = width + 2;
            let line = format!(
                "  {:width$}  {:pw$}  {}",
                k.name,
                parent,
                first_line(&k.doc)
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    let others: Vec<&Kind> = schema
        .kinds
        .iter()
        .filter(|k| !listed.contains(&k.name.as_str()))
        .collect();
    if !others.is_empty() {
        out.push_str("Other kinds:\n");
        for k in others {
            out.push_str(format!("  {:width$}  {}", k.name, first_line(&k.doc)).trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str("Records and enums: ");
    let names: Vec<&str> = schema
        .records
        .iter()
        .map(|r| r.name.as_str())
        .chain(schema.enums.iter().map(|e| e.name.as_str()))
        .collect();
    out.push_str(&names.join(", "));
    out.push_str("\n`tmc describe NAME` shows the attributes of any of them.\n");
    out
}

/// JSON for `tmc describe NAME --format json`.
pub fn describe_json(schema: &Schema, name: &str) -> Option<Json> {
    let attrs_json = |attrs: &[Attr]| -> Vec<Json> {
        attrs
            .iter()
            .map(|a| {
                json!({
                    "name": a.name,
                    "type": a.ty.to_string(),
                    "default": a.default.as_ref().map(format_value),
                    "required": a.is_required(),
                    "derived": a.derived,
                    "declared_in": a.declared_in,
                    "doc": a.doc,
                })
            })
            .collect()
    };
    if let Some(k) = schema.kind(name) {
        return Some(json!({
            "what": "kind",
            "name": k.name,
            "parents": schema.lineage(&k.name)[1..],
            "doc": k.doc,
            "attributes": attrs_json(&k.attrs),
        }));
    }
    if let Some(r) = schema.record(name) {
        return Some(json!({
            "what": "record",
            "name": r.name,
            "doc": r.doc,
            "fields": attrs_json(&r.fields),
        }));
    }
    schema.enumeration(name).map(|e| {
        json!({
            "what": "enum",
            "name": e.name,
            "ordered": e.ordered,
            "doc": e.doc,
            "members": e.members.iter().map(|m| json!({"name": m.name, "doc": m.doc})).collect::<Vec<_>>(),
        })
    })
}

/// "did you mean `x`?" for a `name` that `describe` does not know, when
/// a kind, record or enum is named closely enough.
pub fn did_you_mean(schema: &Schema, name: &str) -> Option<String> {
    crate::suggest::did_you_mean(name, describable(schema))
}

/// Every name `describe` accepts, for did-you-mean.
fn describable(schema: &Schema) -> Vec<&str> {
    schema
        .kinds
        .iter()
        .map(|k| k.name.as_str())
        .chain(schema.records.iter().map(|r| r.name.as_str()))
        .chain(schema.enums.iter().map(|e| e.name.as_str()))
        .collect()
}
