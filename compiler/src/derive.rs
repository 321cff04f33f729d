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
//!   NONE means `isCredentials`; credentials of unknown life are UNKNOWN;
//!   where pytm's library runs, only on what request flows carry, as
//!   pytm 1.4 does it);
//!   stored data takes `isSourceEncryptedAtRest` / `isDestEncryptedAtRest`
//!   from the ends of the flows that carry it, unless written;
//! - the derived attributes: `inputs` / `outputs` of assets (request flows
//!   only, as pytm), `carriedBy` / `processedBy` of data items, and the
//!   trust `zone` and `exposure` of every element (`zones`), and what each
//!   element is reached from and reaches along the request flows
//!   (`reachableFrom`, `reachableFromHops`, `reachesData`: `reach`;
//!   `blastRadius`, how many elements it reaches: `blast`).

mod blast;
mod reach;
mod zones;

use crate::hash::Map;
use crate::model::known::{
    self, Known, BLAST_RADIUS, CARRIED_BY, CONTROLS_AUTHENTICATES_DESTINATION,
    CONTROLS_CHECKS_DESTINATION_REVOCATION, CONTROLS_IS_ENCRYPTED, CONTROLS_IS_ENCRYPTED_AT_REST,
    CREDENTIALS_LIFE, DATA, DST_PORT, EXPOSURE, INPUTS, IS_CREDENTIALS, IS_DEST_ENCRYPTED_AT_REST,
    IS_ORDERED, IS_RESPONSE, IS_SOURCE_ENCRYPTED_AT_REST, IS_STORED, LIFETIME, LIFETIME_NONE,
    LIFETIME_UNKNOWN, ORDER, OUTPUTS, PORT, PROCESSED_BY, PROTOCOL, REACHABLE_FROM,
    REACHABLE_FROM_HOPS, REACHES_DATA, RESPONSE, RESPONSE_TO, SINK, SOURCE, SRC_PORT, ZONE,
};
use crate::model::{Model, Name, Object, ObjectId, Role, Value};
use crate::schema::Schema;
use crate::stdlib::Builtin;

/// The derived attributes this module computes; rules may read these and
/// no other derived attribute.
pub(crate) const COMPUTED: &[&str] = &[
    SOURCE.name(),
    SINK.name(),
    INPUTS.name(),
    OUTPUTS.name(),
    CARRIED_BY.name(),
    PROCESSED_BY.name(),
    ZONE.name(),
    EXPOSURE.name(),
    REACHABLE_FROM.name(),
    REACHABLE_FROM_HOPS.name(),
    REACHES_DATA.name(),
    BLAST_RADIUS.name(),
];

/// Derives what the model implies; `library` is the built-in threat
/// library that runs, whose findings some derivations must match.
pub(crate) fn derive(schema: &Schema, model: &mut Model, library: Option<Builtin>) {
    link_responses(model);
    number_flows(model);
    inherit_flow_defaults(model);
    carry_source_data(model);
    normalise_data(schema, model, Credentials::for_library(library));
    relate(schema, model);
    zones::zones(schema, model);
    reach::reach(schema, model);
}

/// A value at a dotted path (`controls.isEncrypted`).
pub(crate) fn get<'a>(object: &'a Object, path: &str) -> Option<&'a Value> {
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

/// Sets the value at a dotted path, unless it holds that value already:
/// most values a flow takes from its ends are the defaults it has, and
/// writing one would give the flow copies of its own of what it shares
/// with every other flow (the `controls` record, ~50 fields).
fn set(object: &mut Object, known: Known, new: Value) {
    let path = known.name();
    if get(object, path) == Some(&new) {
        return;
    }
    let mut attrs = &mut object.attrs;
    let mut rest = path;
    while let Some((part, tail)) = rest.split_once('.') {
        match attrs.get_mut(part) {
            Some(Value::Record(fields)) => attrs = fields,
            _ => return,
        }
        rest = tail;
    }
    attrs.insert(rest, new);
}

fn flag(object: &Object, known: Known) -> bool {
    known::flag(&object.attrs, known)
}

fn reference(object: &Object, known: Known) -> Option<ObjectId> {
    known::reference(&object.attrs, known)
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
    // Most models say nothing of responses: looked for on every core.
    let says = |flow: &Object| {
        flag(flow, IS_RESPONSE)
            || reference(flow, RESPONSE_TO).is_some()
            || reference(flow, RESPONSE).is_some()
    };
    let (_, flow_objects) = model.split_flows_mut();
    let flow_objects: &[Object] = flow_objects;
    let any = tmc_perf::split::runs(flow_objects.len(), tmc_perf::MODEL_ITEMS, |range| {
        flow_objects[range].iter().any(says)
    });
    if !any.contains(&true) {
        return;
    }
    let flows = flow_ids(model);
    for &f in &flows {
        if let Some(request) = reference(model.object(f), RESPONSE_TO) {
            set(
                &mut model.objects[f.index()],
                IS_RESPONSE,
                Value::Bool(true),
            );
            if reference(model.object(request), RESPONSE).is_none() {
                set(&mut model.objects[request.index()], RESPONSE, Value::Ref(f));
            }
        }
        if let Some(reply) = reference(model.object(f), RESPONSE) {
            set(
                &mut model.objects[reply.index()],
                IS_RESPONSE,
                Value::Bool(true),
            );
            if reference(model.object(reply), RESPONSE_TO).is_none() {
                set(
                    &mut model.objects[reply.index()],
                    RESPONSE_TO,
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
            flag(o, IS_RESPONSE) && reference(o, RESPONSE_TO).is_none()
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
                RESPONSE_TO,
                Value::Ref(request),
            );
            // As above: a request keeps the response it already has (one
            // that names it with `responseTo`, or its written `response`).
            if reference(model.object(request), RESPONSE).is_none() {
                set(&mut model.objects[request.index()], RESPONSE, Value::Ref(f));
            }
        }
    }
}

fn number_flows(model: &mut Model) {
    if !matches!(
        model.header.attrs.get(IS_ORDERED.name()),
        Some(Value::Bool(true))
    ) {
        return;
    }
    let flows = flow_ids(model);
    let order = |o: &Object| match o.attrs.get(ORDER.name()) {
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
            set(&mut model.objects[f.index()], ORDER, Value::Int(next));
        }
    }
}

fn inherit_flow_defaults(model: &mut Model) {
    // Each flow reads its ends (never flows) and changes only itself.
    let (others, flows) = model.split_flows_mut();
    tmc_perf::split::each_mut(flows, tmc_perf::MODEL_ITEMS, |_, flow| {
        inherit(flow, others)
    });
}

/// What `flow` takes from its ends, found in `others` (the objects
/// before the flows, indexed by `ObjectId`).
fn inherit(flow: &mut Object, others: &[Object]) {
    let Some((source, sink)) = ends(flow) else {
        return;
    };
    let inherited: &[(Known, ObjectId, Known)] = if flag(flow, IS_RESPONSE) {
        &[
            (PROTOCOL, source, PROTOCOL),
            (SRC_PORT, source, PORT),
            (CONTROLS_IS_ENCRYPTED, source, CONTROLS_IS_ENCRYPTED),
        ]
    } else {
        &[
            (PROTOCOL, sink, PROTOCOL),
            (DST_PORT, sink, PORT),
            (CONTROLS_IS_ENCRYPTED, sink, CONTROLS_IS_ENCRYPTED),
            (
                CONTROLS_AUTHENTICATES_DESTINATION,
                source,
                CONTROLS_AUTHENTICATES_DESTINATION,
            ),
            (
                CONTROLS_CHECKS_DESTINATION_REVOCATION,
                source,
                CONTROLS_CHECKS_DESTINATION_REVOCATION,
            ),
        ]
    };
    for &(path, from, from_path) in inherited {
        if flow.written.contains(path.name()) {
            continue;
        }
        let value = others
            .get(from.index())
            .and_then(|end| get(end, from_path.name()));
        if let Some(value) = value.cloned() {
            set(flow, path, value);
        }
    }
}

fn carry_source_data(model: &mut Model) {
    // Each flow reads its source (never a flow) and changes only itself.
    let (others, flows) = model.split_flows_mut();
    tmc_perf::split::each_mut(flows, tmc_perf::MODEL_ITEMS, |_, flow| carry(flow, others));
}

/// Adds to `flow`'s data what its source holds, found in `others`.
fn carry(flow: &mut Object, others: &[Object]) {
    let Some((source, _)) = ends(flow) else {
        return;
    };
    let held = match others
        .get(source.index())
        .and_then(|o| o.attrs.get(DATA.name()))
    {
        Some(Value::List(held)) if !held.is_empty() => held,
        _ => return,
    };
    if let Some(Value::List(carried)) = flow.attrs.get_mut(DATA.name()) {
        for d in held {
            if !carried.contains(d) {
                carried.push(d.clone());
            }
        }
    }
}

/// The data items some request flow (not a reply) carries, in model order,
/// each once.
fn requested_data(model: &Model) -> Vec<ObjectId> {
    let mut requested = vec![false; model.objects.len()];
    for f in model.flows() {
        let flow = &model.objects[f.index()];
        if !flag(flow, IS_RESPONSE) {
            carried(flow).for_each(|d| requested[d.index()] = true);
        }
    }
    model.data().filter(|d| requested[d.index()]).collect()
}

/// The data items a flow carries.
fn carried(flow: &Object) -> impl Iterator<Item = ObjectId> + '_ {
    Value::items(flow.attrs.get(DATA.name()))
        .iter()
        .filter_map(Value::as_object)
}

/// Which data items the credential defaults apply to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Credentials {
    /// Every data item: a token only ever sent back in a reply is still a
    /// credential, of unknown life unless written.
    EveryItem,
    /// pytm 1.4's rule, so that its library's findings are pytm's: only the
    /// items some request flow carries (pytm applies its data defaults
    /// while it walks the request flows, and skips replies).
    RequestData,
}

impl Credentials {
    fn for_library(library: Option<Builtin>) -> Credentials {
        match library {
            Some(Builtin::Pytm) => Credentials::RequestData,
            _ => Credentials::EveryItem,
        }
    }
}

fn normalise_data(schema: &Schema, model: &mut Model, rule: Credentials) {
    let lifetime = |member: &str| {
        let e = schema.enumeration(LIFETIME.name())?;
        let (rank, m) = e.member(member)?;
        Some(Value::Enum {
            ty: Name::new(&e.name),
            member: Name::new(&m.name),
            rank,
        })
    };
    let (Some(none), Some(unknown)) = (
        lifetime(LIFETIME_NONE.name()),
        lifetime(LIFETIME_UNKNOWN.name()),
    ) else {
        return;
    };
    let items: Vec<ObjectId> = match rule {
        Credentials::EveryItem => model.data().collect(),
        Credentials::RequestData => requested_data(model),
    };
    for d in items {
        let o = &mut model.objects[d.index()];
        let life = o.attrs.get(CREDENTIALS_LIFE.name()).cloned();
        if life.as_ref().is_some_and(|l| *l != none) {
            set(o, IS_CREDENTIALS, Value::Bool(true));
        } else if flag(o, IS_CREDENTIALS) && life.is_some() {
            set(o, CREDENTIALS_LIFE, unknown.clone());
        }
    }
    // Like pytm, the flows are taken in `order` (declaration order among
    // equals): the last flow storing an item decides its flags. What each
    // flow would set is found on every core; only setting it is in order.
    let (others, flows) = model.split_flows_mut();
    let (others, flows): (&[Object], &[Object]) = (others, flows);
    let mut storing: Vec<Storing> =
        tmc_perf::split::runs(flows.len(), tmc_perf::MODEL_ITEMS, |range| {
            flows[range]
                .iter()
                .filter_map(|flow| storing(flow, others))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
    storing.sort_by_key(|s| s.order);
    for s in storing {
        for d in s.stored {
            let o = &mut model.objects[d.index()];
            for (path, value) in [
                (IS_SOURCE_ENCRYPTED_AT_REST, &s.from_source),
                (IS_DEST_ENCRYPTED_AT_REST, &s.from_sink),
            ] {
                if let (false, Some(v)) = (o.written.contains(path.name()), value) {
                    set(o, path, v.clone());
                }
            }
        }
    }
}

/// A request flow that carries stored data, and what its ends say of
/// encryption at rest.
struct Storing {
    order: i64,
    stored: Vec<ObjectId>,
    from_source: Option<Value>,
    from_sink: Option<Value>,
}

/// What `flow` tells the stored data it carries, if it carries any; its
/// ends and data are found in `others` (the objects before the flows).
fn storing(flow: &Object, others: &[Object]) -> Option<Storing> {
    if flag(flow, IS_RESPONSE) {
        return None;
    }
    let (source, sink) = ends(flow)?;
    let stored: Vec<ObjectId> = carried(flow)
        .filter(|&d| others.get(d.index()).is_some_and(|o| flag(o, IS_STORED)))
        .collect();
    if stored.is_empty() {
        return None;
    }
    let at_rest = |end: ObjectId| {
        let end = others.get(end.index())?;
        get(end, CONTROLS_IS_ENCRYPTED_AT_REST.name()).cloned()
    };
    Some(Storing {
        order: match flow.attrs.get(ORDER.name()) {
            Some(Value::Int(n)) => *n,
            _ => -1,
        },
        stored,
        from_source: at_rest(source),
        from_sink: at_rest(sink),
    })
}

/// The derived lists, in the order `relate` fills them.
const RELATIONS: [&str; 4] = [
    INPUTS.name(),
    OUTPUTS.name(),
    CARRIED_BY.name(),
    PROCESSED_BY.name(),
];
/// `processedBy`'s place in `RELATIONS`: the one list without repeats.
const PROCESSED: u8 = 3;

/// One entry of a derived list: `object`'s list `which` (an index into
/// `RELATIONS`) holds `item`.
struct Relation {
    object: u32,
    which: u8,
    item: u32,
}

/// What `flow` (the object `f`) puts in the derived lists, in list order.
fn relations(f: ObjectId, flow: &Object, out: &mut Vec<Relation>) {
    let Some((source, sink)) = ends(flow) else {
        return;
    };
    let mut add = |object: ObjectId, which: u8, item: ObjectId| {
        out.push(Relation {
            object: object.0,
            which,
            item: item.0,
        })
    };
    if !flag(flow, IS_RESPONSE) {
        add(sink, 0, f);
        add(source, 1, f);
    }
    for d in carried(flow) {
        add(d, 2, f);
        add(d, PROCESSED, source);
        add(d, PROCESSED, sink);
    }
}

fn relate(schema: &Schema, model: &mut Model) {
    let n = model.objects.len();
    // What each flow adds, gathered on every core, in flow order.
    let (others, flows) = model.split_flows_mut();
    let (first_flow, flows): (usize, &[Object]) = (others.len(), flows);
    let gathered = tmc_perf::split::runs(flows.len(), tmc_perf::MODEL_ITEMS, |range| {
        let mut out = Vec::new();
        for i in range {
            relations(ObjectId((first_flow + i) as u32), &flows[i], &mut out);
        }
        out
    });
    // Sorted by object, keeping their order (a counting sort): object i's
    // entries are `entries[starts[i]..starts[i + 1]]`.
    let mut starts = vec![0usize; n + 1];
    for r in gathered.iter().flatten() {
        starts[r.object as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut next = starts.clone();
    let mut entries = vec![(0u8, 0u32); starts[n]];
    for r in gathered.into_iter().flatten() {
        let at = &mut next[r.object as usize];
        entries[*at] = (r.which, r.item);
        *at += 1;
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
    // Each object makes its own lists: on every core.
    tmc_perf::split::each_mut(&mut model.objects, tmc_perf::MODEL_ITEMS, |i, o| {
        let Some(declared) = declares.get(o.kind.as_str()) else {
            return;
        };
        let mine = &entries[starts[i]..starts[i + 1]];
        for (which, name) in names.iter().enumerate() {
            if declared[which] {
                o.attrs
                    .insert_name(*name, Value::List(list(mine, which as u8)));
            }
        }
    });
}

/// List `which` from an object's entries: `processedBy` holds each
/// element once, where it first comes; the others hold every entry.
fn list(entries: &[(u8, u32)], which: u8) -> Vec<Value> {
    // A data item carried by many flows has many repeated ends.
    let mut seen = crate::hash::Set::default();
    entries
        .iter()
        .filter(|&&(w, item)| w == which && (which != PROCESSED || seen.insert(item)))
        .map(|&(_, item)| Value::Ref(ObjectId(item)))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, Value};

    /// The attribute `name` of the object `id` in the model `text`
    /// (one file, which must compile cleanly), and the model.
    fn attribute(text: &'static str, id: &str, name: &str) -> (Model, Option<Value>) {
        let (_, model) = crate::compile_clean(text);
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

    /// The credential flags of the data item `token` (`isCredentials`, and
    /// `credentialsLife`'s member) in the model `rest` under a header
    /// holding `header`.
    fn credentials(header: &str, rest: &str) -> (Option<Value>, String) {
        let text = format!(
            "model \"M\" {{ description = \"d\" {header} }}\nActor user\nServer api\n{rest}"
        );
        let text: &'static str = Box::leak(text.into_boxed_str());
        let (model, flag) = attribute(text, "token", "isCredentials");
        let life = model
            .object(model.lookup("token").unwrap())
            .attrs
            .get("credentialsLife");
        let life = match life {
            Some(Value::Enum { member, .. }) => member.to_string(),
            other => format!("{other:?}"),
        };
        (flag, life)
    }

    const REPLY_ONLY: &str = "Data token \"session token\" { isCredentials = true }\nflow login: user -> api\nflow issued: api -> user { responseTo = login data = [token] }\n";

    #[test]
    fn a_credential_only_sent_back_in_a_reply_keeps_no_lifetime_under_pytms_library() {
        // pytm 1.4 applies its credential defaults in `_apply_defaults`,
        // which skips replies: its AC23 does not fire on such a flow.
        assert_eq!(credentials("library = pytm", REPLY_ONLY).1, "NONE");
        // tmc's own rule: a credential whose lifetime is not written has
        // an unknown one, wherever it goes.
        assert_eq!(credentials("", REPLY_ONLY).1, "UNKNOWN");
        // Carried by a request too, it takes pytm's default there.
        let both = format!("{REPLY_ONLY}flow again: user -> api {{ data = [token] }}\n");
        assert_eq!(credentials("library = pytm", &both).1, "UNKNOWN");
    }

    #[test]
    fn under_either_library_the_defaults_override_what_is_written() {
        // pytm 1.4 sets them whatever the model said, as tmc does.
        let request = |data: &str| {
            format!("Data token \"t\" {{ {data} }}\nflow send: user -> api {{ data = [token] }}\n")
        };
        for header in ["library = pytm", ""] {
            let long_but_not = request("isCredentials = false credentialsLife = LONG");
            assert_eq!(
                credentials(header, &long_but_not).0,
                Some(Value::Bool(true))
            );
            let said_none = request("isCredentials = true credentialsLife = NONE");
            assert_eq!(credentials(header, &said_none).1, "UNKNOWN");
        }
    }
}
