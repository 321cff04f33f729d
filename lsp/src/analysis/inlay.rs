//! Inlay hints: what a declaration gets from elsewhere, shown after its
//! header where the model did not write it (`Object.written`): the
//! protocol and port a flow takes from the end it talks to (a request
//! from its sink, a response from its source), and the trust zone an
//! element sits in, derived from its boundary.

use std::collections::HashMap;

use tmc_compiler::model::known::{DST_PORT, IS_RESPONSE, PORT, PROTOCOL, SRC_PORT, ZONE};
use tmc_compiler::model::{Model, Object, ObjectId, Role, Value};
use tmc_compiler::Compilation;
use tmc_syntax::syntax::ast::Item;

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
    let (Some(ast), _) = tmc_syntax::syntax::parse_recovering(compiled, text) else {
        return Vec::new();
    };
    let mut headers = HashMap::new();
    header_ends(&ast.items, &mut headers);
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    for o in model.objects.iter().filter(|o| o.span.file == compiled) {
        let Some(&at) = headers.get(&o.span.start) else {
            continue;
        };
        let position = index.position(at);
        if position < range.start || range.end < position {
            continue;
        }
        let hint = match o.role {
            Role::Flow { source, sink } => flow_hint(model, o, source, sink),
            Role::Element => zone_hint(o),
            _ => None,
        };
        if let Some((label, tooltip)) = hint {
            out.push(Hint {
                position,
                label,
                tooltip,
            });
        }
    }
    out
}

/// The end of each element's and flow's header (before its body), by
/// where its declaration starts.
fn header_ends(items: &[Item], out: &mut HashMap<usize, usize>) {
    for item in items {
        match item {
            Item::Element(e) => {
                let last = [
                    Some(e.id.span),
                    e.name.as_ref().map(|n| n.span),
                    e.boundary.as_ref().map(|b| b.span),
                ];
                let end = last.iter().flatten().map(|s| s.end).max();
                out.insert(e.span.start, end.unwrap_or(e.id.span.end));
            }
            Item::Flow(f) => {
                let end = f.name.as_ref().map_or(f.sink.span.end, |n| n.span.end);
                out.insert(f.span.start, end);
            }
            Item::Boundary(b) => header_ends(&b.nested, out),
            _ => {}
        }
    }
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
