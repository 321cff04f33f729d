//! Inlay hints: what a declaration gets from elsewhere, shown after its
//! header where the model did not write it (`Object.written`): the
//! protocol and port a flow takes from the end it talks to (a request
//! from its sink, a response from its source), and the trust zone an
//! element sits in, derived from its boundary.

use tmc_compiler::model::known::{DST_PORT, IS_RESPONSE, PORT, PROTOCOL, SRC_PORT, ZONE};
use tmc_compiler::model::{Model, Object, ObjectId, Role, Value};
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
