//! Inlay hints: what a declaration gets from elsewhere, shown after its
//! header where the model did not write it (`Object.written`): the
//! protocol and port a flow takes from the end it talks to (a request
//! from its sink, a response from its source), the trust zone an element
//! sits in, derived from its boundary, and the defaults the model's own
//! kinds give in place of the standard library's.

use tmc_compiler::describe::format_value;
use tmc_compiler::model::known::{DST_PORT, IS_RESPONSE, PORT, PROTOCOL, SRC_PORT, ZONE};
use tmc_compiler::model::{Model, Object, ObjectId, Role, Value};
use tmc_compiler::schema::Attr;
use tmc_compiler::Compilation;
use tmc_syntax::syntax::tokens::Tokens;

use super::answers::{Hint, Range};
use super::lines::LineIndex;

/// The hints in `range` of `file`, whose editor text is `text`; none
/// while it differs from the text compiled (they would land in the wrong
/// places).
pub fn hints(c: &Compilation, file: &str, text: &str, range: Range) -> Vec<Hint> {
    let Some(model) = &c.model else {
        return Vec::new();
    };
    let Some(compiled) = c.sources.ids().find(|&f| c.sources.name(f) == file) else {
        return Vec::new();
    };
    if c.sources.text(compiled) != text {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let (from, to) = (index.offset(range.start), index.offset(range.end));
    let mut out = Vec::new();
    for o in model.objects.iter().filter(|o| o.span.file == compiled) {
        if o.span.end < from
            || to < o.span.start
            || !matches!(o.role, Role::Flow { .. } | Role::Element)
        {
            continue;
        }
        let at = header_end(text, o.span.start, o.span.end);
        let position = index.position(at);
        if position < range.start || range.end < position {
            continue;
        }
        let hint = match o.role {
            Role::Flow { source, sink } => flow_hint(model, o, source, sink),
            Role::Element => zone_hint(o),
            _ => None,
        };
        for (label, tooltip) in hint.into_iter().chain(kind_defaults_hint(c, o)) {
            out.push(Hint {
                position,
                label,
                tooltip,
            });
        }
    }
    out
}

/// The end of the header of the declaration at `start..end` (its last
/// token before the `{` of its body), read from the compiler's tokens.
fn header_end(text: &str, start: usize, end: usize) -> usize {
    let mut last = start;
    for token in Tokens::from(text, start) {
        if token.start >= end || token.is(text, "{") {
            break;
        }
        if !token.is_trivia() {
            last = token.end;
        }
    }
    last
}

/// `: HTTPS, port 443`: the protocol and port a flow took from an end.
fn flow_hint(
    model: &Model,
    flow: &Object,
    source: ObjectId,
    sink: ObjectId,
) -> Option<(String, String)> {
    let response = flow.attrs.get(IS_RESPONSE.name()) == Some(&Value::Bool(true));
    let (end, which, port) = match response {
        true => (source, "source", SRC_PORT),
        false => (sink, "sink", DST_PORT),
    };
    let taken = |name: &str| !flow.written.contains(name);
    let protocol = flow
        .attrs
        .get(PROTOCOL.name())
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty() && taken(PROTOCOL.name()));
    let number = flow
        .attrs
        .get(port.name())
        .and_then(Value::as_int)
        .filter(|&n| n > 0 && taken(port.name()));
    let (label, what) = match (protocol, number) {
        (Some(p), Some(n)) => (
            format!(": {p}, port {n}"),
            format!("`{}` {p} and `{}` {n}", PROTOCOL.name(), port.name()),
        ),
        (Some(p), None) => (format!(": {p}"), format!("`{}` {p}", PROTOCOL.name())),
        (None, Some(n)) => (format!(": port {n}"), format!("`{}` {n}", port.name())),
        (None, None) => return None,
    };
    let from = &model.object(end).id;
    let tooltip = format!(
        "{what}, taken from its {which} `{from}` (its `{}`, `{}`); write them on the flow to change them",
        PROTOCOL.name(),
        PORT.name()
    );
    Some((label, tooltip))
}

/// `zone DMZ`: the trust level an element sits in.
fn zone_hint(element: &Object) -> Option<(String, String)> {
    if element.written.contains(ZONE.name()) {
        return None;
    }
    let Some(Value::Enum { member, .. }) = element.attrs.get(ZONE.name()) else {
        return None;
    };
    let tooltip = format!(
        "`{}`: the trust level where it sits (its boundary's `trust`, or the model's default), derived",
        ZONE.name()
    );
    Some((format!("zone {member}"), tooltip))
}

/// The most defaults one hint names; past that it counts them.
const MAX_DEFAULTS_NAMED: usize = 3;

/// `Cluster: onAWS = true`: the inherited attributes whose default a kind
/// the model declares changes (`name = value` in a kind, docs/language.md)
/// and that `object` does not write: values it has from the model, not
/// from the standard library.
fn kind_defaults_hint(c: &Compilation, object: &Object) -> Option<(String, String)> {
    let kind = c.schema.kind(&object.kind)?;
    let changed: Vec<(&Attr, String)> = kind
        .attrs
        .iter()
        .filter(|a| !object.written.contains(a.name.as_str()) && changed_by_model(c, a))
        .filter_map(|a| Some((a, format_value(object.attrs.get(&a.name)?))))
        .collect();
    if changed.is_empty() {
        return None;
    }
    let written: Vec<String> = changed
        .iter()
        .map(|(a, value)| format!("{} = {value}", a.name))
        .collect();
    let label = match written.len() {
        n if n > MAX_DEFAULTS_NAMED => format!("{}: {n} defaults of the model", object.kind),
        _ => format!("{}: {}", object.kind, written.join(", ")),
    };
    let each: Vec<String> = changed
        .iter()
        .map(|(a, value)| format!("`{} = {value}` (kind `{}`)", a.name, a.declared_in))
        .collect();
    let tooltip = format!(
        "{}: defaults the model's own kinds give in place of the standard library's; write them here to change them",
        each.join(", ")
    );
    Some((label, tooltip))
}

/// Whether `attr`'s default is one a kind declared in the model's files
/// gives an attribute that kind inherits (not a new field of its own).
fn changed_by_model(c: &Compilation, attr: &Attr) -> bool {
    if attr.derived || c.sources.is_embedded(attr.span.file) {
        return false;
    }
    let parent = c
        .schema
        .kind(&attr.declared_in)
        .and_then(|k| k.parent.as_deref())
        .and_then(|p| c.schema.kind(p));
    parent.is_some_and(|p| p.attrs.iter().any(|a| a.name == attr.name))
}
