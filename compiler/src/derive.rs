//! What a model implies without writing it, filled in once on the checked
//! model before any rule reads it:
//!
//! - responses: `responseTo` and `response` point at each other and mark
//!   the reply with `isResponse`; a flow marked `isResponse` alone answers
//!   the one flow going the other way, when there is exactly one;
//! - order: in an `isOrdered` model, flows without `order` are numbered
//!   after the highest written one, in declaration order;
//! - a request flow takes what it does not say from its ends: `protocol`,
//!   `dstPort` and `controls.isEncrypted` from its sink,
//!   `controls.authenticatesDestination` and
//!   `controls.checksDestinationRevocation` from its source; a response
//!   takes `protocol`, `srcPort` and `controls.isEncrypted` from its source
//!   (pytm copies these over what the flow says; tmc keeps what is written);
//! - a flow carries the `data` its source asset holds, besides its own;
//! - data items: credentials flags agree (`credentialsLife` other than
//!   NONE means `isCredentials`; credentials of unknown life are UNKNOWN);
//!   stored data takes `isSourceEncryptedAtRest` / `isDestEncryptedAtRest`
//!   from the ends of the flows that carry it, unless written;
//! - the derived attributes: `inputs` / `outputs` of assets (request flows
//!   only, as pytm), `carriedBy` / `processedBy` of data items.

use crate::hash::Map;
use crate::model::{Model, Name, Object, ObjectId, Role, Value};
use crate::schema::Schema;

/// The derived attributes this module computes; rules may read these and
/// no other derived attribute.
pub const COMPUTED: &[&str] = &[
    "source",
    "sink",
    "inputs",
    "outputs",
    "carriedBy",
    "processedBy",
];

pub fn derive(schema: &Schema, model: &mut Model) {
    link_responses(model);
    number_flows(model);
    inherit_flow_defaults(model);
    carry_source_data(model);
    normalise_data(schema, model);
    relate(schema, model);
}

/// A value at a dotted path (`controls.isEncrypted`).
pub fn get<'a>(object: &'a Object, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = object.attrs.get(parts.next()?)?;
    for part in parts {
        match value {
            Value::Record(fields) => value = fields.get(part)?,
            _ => return None,
        }
    }
    Some(value)
}

fn set(object: &mut Object, path: &str, new: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().expect("a path has a name");
    let mut attrs = &mut object.attrs;
    for part in parts {
        match attrs.get_mut(part) {
            Some(Value::Record(fields)) => attrs = fields,
            _ => return,
        }
    }
    attrs.insert(last, new);
}

fn flag(object: &Object, path: &str) -> bool {
    matches!(get(object, path), Some(Value::Bool(true)))
}

fn reference(object: &Object, path: &str) -> Option<ObjectId> {
    match get(object, path) {
        Some(Value::Ref(id)) => Some(*id),
        _ => None,
    }
}

fn ends(object: &Object) -> Option<(ObjectId, ObjectId)> {
    match object.role {
        Role::Flow { source, sink } => Some((source, sink)),
        _ => None,
    }
}

fn flow_ids(model: &Model) -> Vec<ObjectId> {
    model.flows().collect()
}

fn link_responses(model: &mut Model) {
    let flows = flow_ids(model);
    for &f in &flows {
        if let Some(request) = reference(model.object(f), "responseTo") {
            set(
                &mut model.objects[f.index()],
                "isResponse",
                Value::Bool(true),
            );
            if reference(model.object(request), "response").is_none() {
                set(
                    &mut model.objects[request.index()],
                    "response",
                    Value::Ref(f),
                );
            }
        }
        if let Some(reply) = reference(model.object(f), "response") {
            set(
                &mut model.objects[reply.index()],
                "isResponse",
                Value::Bool(true),
            );
            if reference(model.object(reply), "responseTo").is_none() {
                set(
                    &mut model.objects[reply.index()],
                    "responseTo",
                    Value::Ref(f),
                );
            }
        }
    }
    // Flows marked `isResponse` alone answer the one flow going the other
    // way; most models have none, and skip the index below.
    let unlinked: Vec<ObjectId> = flows
        .iter()
        .copied()
        .filter(|&f| {
            let o = model.object(f);
            flag(o, "isResponse") && reference(o, "responseTo").is_none()
        })
        .collect();
    if unlinked.is_empty() {
        return;
    }
    // The flows between each (source, sink) pair, in declaration order.
    let mut between: Map<(ObjectId, ObjectId), Vec<ObjectId>> = Map::default();
    for &f in &flows {
        if let Some(pair) = ends(model.object(f)) {
            between.entry(pair).or_default().push(f);
        }
    }
    // Linking one flow never changes which others are in `unlinked`.
    for f in unlinked {
        let Some((source, sink)) = ends(model.object(f)) else {
            continue;
        };
        let reverse: Vec<ObjectId> = between
            .get(&(sink, source))
            .into_iter()
            .flatten()
            .copied()
            // A flow from an element to itself is not its own request.
            .filter(|&g| g != f)
            .collect();
        if let [request] = reverse[..] {
            set(
                &mut model.objects[f.index()],
                "responseTo",
                Value::Ref(request),
            );
            // As above: a request keeps the response it already has (one
            // that names it with `responseTo`, or its written `response`).
            if reference(model.object(request), "response").is_none() {
                set(
                    &mut model.objects[request.index()],
                    "response",
                    Value::Ref(f),
                );
            }
        }
    }
}

fn number_flows(model: &mut Model) {
    if !matches!(model.header.attrs.get("isOrdered"), Some(Value::Bool(true))) {
        return;
    }
    let flows = flow_ids(model);
    let order = |o: &Object| match o.attrs.get("order") {
        Some(Value::Int(n)) => *n,
        _ => -1,
    };
    let mut next = flows
        .iter()
        .map(|&f| order(model.object(f)))
        .max()
        .unwrap_or(0)
        .max(0);
    for f in flows {
        if order(model.object(f)) == -1 {
            // After a written `order = 9223372036854775807` there is no
            // higher number: the rest share the largest (no overflow).
            next = next.saturating_add(1);
            set(&mut model.objects[f.index()], "order", Value::Int(next));
        }
    }
}

fn inherit_flow_defaults(model: &mut Model) {
    // Each flow reads its ends (never flows) and changes only itself.
    let (others, flows) = model.split_flows_mut();
    crate::parallel::each_mut(flows, PARALLEL_FROM, |_, flow| inherit(flow, others));
}

/// Below this many flows, one thread derives them all.
const PARALLEL_FROM: usize = 2000;

/// What `flow` takes from its ends, found in `others` (the objects
/// before the flows, indexed by `ObjectId`).
fn inherit(flow: &mut Object, others: &[Object]) {
    let Some((source, sink)) = ends(flow) else {
        return;
    };
    let inherited: &[(&str, ObjectId, &str)] = if flag(flow, "isResponse") {
        &[
            ("protocol", source, "protocol"),
            ("srcPort", source, "port"),
            ("controls.isEncrypted", source, "controls.isEncrypted"),
        ]
    } else {
        &[
            ("protocol", sink, "protocol"),
            ("dstPort", sink, "port"),
            ("controls.isEncrypted", sink, "controls.isEncrypted"),
            (
                "controls.authenticatesDestination",
                source,
                "controls.authenticatesDestination",
            ),
            (
                "controls.checksDestinationRevocation",
                source,
                "controls.checksDestinationRevocation",
            ),
        ]
    };
    for &(path, from, from_path) in inherited {
        if flow.written.contains(path) {
            continue;
        }
        let value = others.get(from.index()).and_then(|end| get(end, from_path));
        if let Some(value) = value.cloned() {
            set(flow, path, value);
        }
    }
}

fn carry_source_data(model: &mut Model) {
    for f in flow_ids(model) {
        let Some((source, _)) = ends(model.object(f)) else {
            continue;
        };
        let Some(Value::List(held)) = model.object(source).attrs.get("data").cloned() else {
            continue;
        };
        if let Some(Value::List(carried)) = model.objects[f.index()].attrs.get_mut("data") {
            for d in held {
                if !carried.contains(&d) {
                    carried.push(d);
                }
            }
        }
    }
}

/// The data items a flow carries.
fn carried(flow: &Object) -> impl Iterator<Item = ObjectId> + '_ {
    let items = match flow.attrs.get("data") {
        Some(Value::List(items)) => items.as_slice(),
        _ => &[],
    };
    items.iter().filter_map(|v| match v {
        Value::Ref(id) => Some(*id),
        _ => None,
    })
}

fn normalise_data(schema: &Schema, model: &mut Model) {
    let lifetime = |member: &str| {
        let e = schema.enumeration("Lifetime")?;
        let (rank, m) = e.member(member)?;
        Some(Value::Enum {
            ty: Name::new(&e.name),
            member: Name::new(&m.name),
            rank,
        })
    };
    let (Some(none), Some(unknown)) = (lifetime("NONE"), lifetime("UNKNOWN")) else {
        return;
    };
    for d in model.data().collect::<Vec<_>>() {
        let o = &mut model.objects[d.index()];
        let life = o.attrs.get("credentialsLife").cloned();
        if life.as_ref().is_some_and(|l| *l != none) {
            set(o, "isCredentials", Value::Bool(true));
        } else if flag(o, "isCredentials") && life.is_some() {
            set(o, "credentialsLife", unknown.clone());
        }
    }
    // Like pytm, the flows are taken in `order` (declaration order among
    // equals): the last flow storing an item decides its flags.
    let mut flows = flow_ids(model);
    flows.sort_by_cached_key(|&f| match model.object(f).attrs.get("order") {
        Some(Value::Int(n)) => *n,
        _ => -1,
    });
    for f in flows {
        let flow = model.object(f);
        if flag(flow, "isResponse") {
            continue;
        }
        let Some((source, sink)) = ends(flow) else {
            continue;
        };
        let stored: Vec<ObjectId> = carried(flow)
            .filter(|&d| flag(model.object(d), "isStored"))
            .collect();
        if stored.is_empty() {
            continue;
        }
        let at_rest = |end: ObjectId| get(model.object(end), "controls.isEncryptedAtRest").cloned();
        let (from_source, from_sink) = (at_rest(source), at_rest(sink));
        for d in stored {
            let o = &mut model.objects[d.index()];
            for (path, value) in [
                ("isSourceEncryptedAtRest", &from_source),
                ("isDestEncryptedAtRest", &from_sink),
            ] {
                if let (false, Some(v)) = (o.written.contains(path), value) {
                    set(o, path, v.clone());
                }
            }
        }
    }
}

/// The derived lists, in the order `relate` fills them.
const RELATIONS: [&str; 4] = ["inputs", "outputs", "carriedBy", "processedBy"];

fn relate(schema: &Schema, model: &mut Model) {
    let n = model.objects.len();
    let mut lists: Vec<[Vec<Value>; 4]> = vec![Default::default(); n];
    let mut processed_by: Vec<Vec<ObjectId>> = vec![Vec::new(); n];
    for f in flow_ids(model) {
        let flow = model.object(f);
        let Some((source, sink)) = ends(flow) else {
            continue;
        };
        if !flag(flow, "isResponse") {
            lists[sink.index()][0].push(Value::Ref(f));
            lists[source.index()][1].push(Value::Ref(f));
        }
        for d in carried(flow) {
            lists[d.index()][2].push(Value::Ref(f));
            for end in [source, sink] {
                if !processed_by[d.index()].contains(&end) {
                    processed_by[d.index()].push(end);
                }
            }
        }
    }
    for (list, ids) in lists.iter_mut().zip(processed_by) {
        list[3] = ids.into_iter().map(Value::Ref).collect();
    }
    // Which of the lists each kind declares.
    let declares: Map<&str, [bool; 4]> = schema
        .kinds
        .iter()
        .map(|k| {
            (
                k.name.as_str(),
                RELATIONS.map(|name| k.attr(name).is_some()),
            )
        })
        .collect();
    let names = RELATIONS.map(Name::new);
    // Each object takes its own lists: on every core.
    crate::parallel::each_mut_pair(&mut model.objects, &mut lists, PARALLEL_FROM, |o, lists| {
        let Some(declared) = declares.get(o.kind.as_str()) else {
            return;
        };
        for (which, list) in lists.iter_mut().enumerate() {
            if declared[which] {
                o.attrs
                    .insert_name(names[which], Value::List(std::mem::take(list)));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::model::{Model, Value};
    use crate::{compile_with, OneFile, Options};

    /// The attribute `name` of the object `id` in the model `text`
    /// (one file, which must compile cleanly), and the model.
    fn attribute(text: &'static str, id: &str, name: &str) -> (Model, Option<Value>) {
        let c = compile_with(
            &[PathBuf::from("m.tm")],
            &Options::default(),
            &OneFile(text),
        );
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        let model = c.model.expect("a model");
        let object = model.lookup(id).expect("the object");
        let value = model.object(object).attrs.get(name).cloned();
        (model, value)
    }

    fn order(text: &'static str, flow: &str) -> Option<Value> {
        attribute(text, flow, "order").1
    }

    #[test]
    fn flows_are_numbered_after_the_highest_order() {
        let text = "model \"M\" { description = \"d\" isOrdered = true }\nActor a\nflow x: a -> a { order = 7 }\nflow y: a -> a\n";
        assert_eq!(order(text, "y"), Some(Value::Int(8)));
    }

    /// The id of the flow that answers `flow`, if any.
    fn response(text: &'static str, flow: &str) -> Option<String> {
        match attribute(text, flow, "response") {
            (model, Some(Value::Ref(r))) => Some(model.object(r).id.clone()),
            _ => None,
        }
    }

    #[test]
    fn a_flow_marked_is_response_does_not_take_over_a_linked_request() {
        // Found by the proptest generator (tests/properties.rs, model ->
        // JSON -> model): `r` answers `q` with `responseTo`, and `s` is
        // marked `isResponse` alone, so it is linked to the one flow going
        // the other way, `q`. That link replaced `q.response = r`, so the
        // model depended on whether `s` wrote `responseTo = q` itself.
        let text = "model \"M\" { description = \"d\" }\nActor a\nActor b\nflow q: a -> b\nflow r: b -> a { responseTo = q }\nflow s: b -> a { isResponse = true }\n";
        assert_eq!(response(text, "q").as_deref(), Some("r"));
        let written = "model \"M\" { description = \"d\" }\nActor a\nActor b\nflow q: a -> b\nflow r: b -> a { responseTo = q }\nflow s: b -> a { responseTo = q }\n";
        assert_eq!(response(written, "q").as_deref(), Some("r"));
    }

    #[test]
    fn a_flow_to_itself_marked_is_response_is_not_its_own_response() {
        // Found by the proptest generator: `s` (from `a` to `a`) is marked
        // `isResponse`, and the one flow going "the other way" was `s`.
        let text =
            "model \"M\" { description = \"d\" }\nActor a\nflow s: a -> a { isResponse = true }\n";
        assert_eq!(response(text, "s"), None);
        let text = "model \"M\" { description = \"d\" }\nActor a\nflow s: a -> a { isResponse = true }\nflow t: a -> a\n";
        assert_eq!(response(text, "s"), None);
        assert_eq!(response(text, "t").as_deref(), Some("s"));
    }

    #[test]
    fn numbering_after_the_largest_integer_does_not_overflow() {
        // Found by the proptest generator (tests/properties.rs): `next += 1`
        // overflowed (a panic in debug builds, a wrap to i64::MIN otherwise).
        let text = "model \"M\" { description = \"d\" isOrdered = true }\nActor a\nflow x: a -> a { order = 9223372036854775807 }\nflow y: a -> a\n";
        assert_eq!(order(text, "y"), Some(Value::Int(i64::MAX)));
    }
}
