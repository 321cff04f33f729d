//! `tmc paths`: the routes along the model's flows from one set of
//! elements to another, for the reviewer's first question, "can someone
//! out there reach this, and through what?".
//!
//! The graph: every element is a node and every request flow a directed
//! edge from its source to its sink. Responses (`isResponse`, which
//! `responseTo` implies) are left out unless `Limits::responses` is set: a
//! reply travels back over a connection its receiver opened, so it gives
//! no one a way in. Boundaries are not nodes; a hop records the
//! boundaries it leaves and enters and the trust zones of its ends.
//!
//! An end of the search (`select`) is an element id, a boundary id (every
//! element inside it, nested boundaries included) or a trust level: on
//! the `from` side, every element whose `zone` is at that level or less
//! trusted (where an attacker may stand); on the `to` side, at that level
//! or more trusted (what they try to reach). Ids are looked up first, so
//! an element called `DMZ` wins over the level.
//!
//! A path starts at a `from` element, takes at least one hop, ends at the
//! first `to` element it meets, visits no element twice and passes through
//! no other `from` or `to` element: the route from the last place an
//! attacker stands to the first target reached. Paths come fewest hops
//! first, then hop by hop by the id of the element reached, then of the
//! flow taken (the start first, by id). They are found by iterative
//! deepening: a reverse breadth-first search from the targets gives each
//! element its fewest hops to a target (O(V + E)), then a depth-first
//! search for each length from the shortest to `max_hops` follows only
//! flows that can still end in time. Enumerating simple paths is
//! exponential in the worst case, so it stops at `max_paths` paths or
//! `WORK` flows looked at, and says which (`Cut`).
//!
//! The graph and its search are `crate::graph`'s, which the derived reach
//! attributes and the rules' `reaches` share; this module chooses the ends,
//! judges each hop (encryption as the rules judge it) and renders the answer.

use std::fmt::Write;

use serde_json::json;

pub use crate::graph::{Cut, Graph, Limits, Path, Search, WORK};
use crate::model::known::{
    self, CLASSIFICATION, CONTROLS, CONTROLS_AUTHENTICATES_SOURCE, CONTROLS_IS_ENCRYPTED, DATA,
    DST_PORT, ENCRYPTED_IN_TRANSIT, PROTOCOL, TRUST_LEVEL, ZONE,
};
use crate::model::{Model, ObjectId, Role, Value};
use crate::rules::eval::Evaluator;
use crate::rules::reach::Reach;
use crate::rules::Predicate;
use crate::schema::Schema;
use crate::{suggest, Compilation};

/// Which side of the search a selector is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    From,
    To,
}

impl Side {
    /// The command-line flag that sets it.
    pub fn flag(self) -> &'static str {
        match self {
            Side::From => "--from",
            Side::To => "--to",
        }
    }
}

/// What a selector named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Element(String),
    Boundary(String),
    /// A trust level (the member of `TrustLevel`) and its rank.
    Trust(String, usize),
}

/// One end of the search: what was asked for and the elements it means,
/// sorted by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct End {
    pub selector: Selector,
    pub elements: Vec<ObjectId>,
}

/// A selector that names no element, boundary or trust level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadSelector {
    pub side: Side,
    pub text: String,
    /// What it names instead, when it names a flow or data item (its kind).
    pub names: Option<String>,
    /// A did-you-mean.
    pub hint: Option<String>,
    /// The trust levels, least trusted first, for the note.
    pub levels: Vec<String>,
}

/// Why no search was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unknown {
    Selector(BadSelector),
    /// The model did not compile (its errors are reported already).
    NoModel,
}

impl Unknown {
    /// The error message.
    pub fn message(&self) -> String {
        match self {
            Unknown::Selector(b) => match &b.names {
                Some(kind) => format!(
                    "{} `{}` names a {kind}, not an element, boundary or trust level",
                    b.side.flag(),
                    b.text
                ),
                None => format!(
                    "{} `{}`: the model has no element or boundary with that id, and it is no trust level",
                    b.side.flag(),
                    b.text
                ),
            },
            Unknown::NoModel => "the model has errors: there is no flow graph to search".into(),
        }
    }

    /// Notes after the message: a did-you-mean, what a selector may be.
    pub fn notes(&self) -> Vec<String> {
        match self {
            Unknown::Selector(b) => b
                .hint
                .iter()
                .cloned()
                .chain([format!(
                    "{} takes an element id, a boundary id (every element inside it) or a trust level ({})",
                    b.side.flag(),
                    b.levels.join(", ")
                )])
                .collect(),
            Unknown::NoModel => Vec::new(),
        }
    }
}

/// What a side's selector means in a model; ids first, then trust levels
/// (any case).
pub fn select(model: &Model, schema: &Schema, side: Side, text: &str) -> Result<End, BadSelector> {
    if let Some(id) = model.lookup(text) {
        let o = model.object(id);
        return match o.role {
            Role::Element => Ok(End {
                selector: Selector::Element(o.id.clone()),
                elements: vec![id],
            }),
            Role::Boundary => Ok(End {
                selector: Selector::Boundary(o.id.clone()),
                elements: sorted(model, inside(model, id)),
            }),
            _ => Err(BadSelector {
                side,
                text: text.to_string(),
                names: Some(o.kind.clone()),
                hint: None,
                levels: level_names(schema),
            }),
        };
    }
    let levels = schema.enumeration(TRUST_LEVEL.name());
    let members = levels.map_or(&[][..], |e| &e.members[..]);
    if let Some((rank, m)) =
        (members.iter().enumerate()).find(|(_, m)| m.name.eq_ignore_ascii_case(text))
    {
        let keep = |zone: usize| match side {
            Side::From => zone <= rank,
            Side::To => zone >= rank,
        };
        let elements = model
            .elements()
            .filter(|&e| zone(model, e).is_some_and(keep))
            .collect();
        return Ok(End {
            selector: Selector::Trust(m.name.clone(), rank),
            elements: sorted(model, elements),
        });
    }
    let ids = model
        .objects
        .iter()
        .filter(|o| matches!(o.role, Role::Element | Role::Boundary))
        .map(|o| o.id.as_str());
    let names = members.iter().map(|m| m.name.as_str());
    Err(BadSelector {
        side,
        text: text.to_string(),
        names: None,
        hint: suggest::did_you_mean(text, ids.chain(names)),
        levels: level_names(schema),
    })
}

/// The members of `TrustLevel`, least trusted first.
fn level_names(schema: &Schema) -> Vec<String> {
    let levels = schema.enumeration(TRUST_LEVEL.name());
    levels.map_or(Vec::new(), |e| {
        e.members.iter().map(|m| m.name.clone()).collect()
    })
}

/// The elements inside a boundary, nested boundaries included.
fn inside(model: &Model, boundary: ObjectId) -> Vec<ObjectId> {
    let mut found = Vec::new();
    let mut todo = vec![boundary];
    while let Some(b) = todo.pop() {
        for child in model.children(b) {
            match model.object(child).role {
                Role::Element => found.push(child),
                Role::Boundary => todo.push(child),
                _ => {}
            }
        }
    }
    found
}

fn sorted(model: &Model, mut ids: Vec<ObjectId>) -> Vec<ObjectId> {
    ids.sort_by(|a, b| model.object(*a).id.cmp(&model.object(*b).id));
    ids
}

/// The rank of an object's derived `zone`.
fn zone(model: &Model, id: ObjectId) -> Option<usize> {
    match known::get(&model.object(id).attrs, ZONE) {
        Some(Value::Enum { rank, .. }) => Some(*rank),
        _ => None,
    }
}

/// The member name of an enum value.
fn member(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_member).map(|m| m.to_string())
}

/// The answer of `tmc paths`, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub from: End,
    pub to: End,
    pub limits: Limits,
    pub paths: Vec<Shown>,
    pub cut: Option<Cut>,
    pub shortest: Option<usize>,
    /// The ids of the `from` and `to` elements (the same order as `End`).
    pub from_ids: Vec<String>,
    pub to_ids: Vec<String>,
}

/// One path as shown: its element ids, its hops, its weakest hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub elements: Vec<String>,
    pub hops: Vec<Hop>,
    pub weakest: Option<Weakest>,
}

/// One flow of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub flow: String,
    pub source: String,
    pub sink: String,
    /// Its `protocol`, when not empty.
    pub protocol: Option<String>,
    /// Its `dstPort`, when set.
    pub port: Option<i64>,
    /// The fields of its `controls` that are true, by name.
    pub controls: Vec<String>,
    /// Whether it is encrypted in transit, as the standard library's
    /// `encryptedInTransit` judges it (`controls.isEncrypted`, which it
    /// takes from its sink unless written; a TLS version of 1.2 or later
    /// on it or required by its sink; a VPN).
    pub encrypted: bool,
    /// Its own or its sink's `controls.authenticatesSource`.
    pub authenticated: bool,
    /// The data it carries, each with its classification.
    pub data: Vec<Carried>,
    /// The trust zones of its source and sink.
    pub zones: (Option<String>, Option<String>),
    /// The boundaries it leaves, innermost first, and enters, outermost
    /// first.
    pub leaves: Vec<String>,
    pub enters: Vec<String>,
}

/// A data item a hop carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carried {
    pub id: String,
    pub classification: Option<String>,
}

/// A path's weakest hop: the first that lacks the most of encryption and
/// authentication (both missing beats one missing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weakest {
    /// Its position, 0 for the first hop.
    pub hop: usize,
    pub unencrypted: bool,
    pub unauthenticated: bool,
}

impl Weakest {
    /// "not encrypted, not authenticated" and the like.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if self.unencrypted {
            parts.push("not encrypted");
        }
        if self.unauthenticated {
            parts.push("not authenticated");
        }
        parts.join(", ")
    }
}

/// The paths of a compilation's model from the `from` selector to the
/// `to` one.
pub fn paths(c: &Compilation, from: &str, to: &str, limits: Limits) -> Result<Report, Unknown> {
    let Some(model) = c.model.as_ref().filter(|_| !c.has_errors()) else {
        return Err(Unknown::NoModel);
    };
    let from = select(model, &c.schema, Side::From, from).map_err(Unknown::Selector)?;
    let to = select(model, &c.schema, Side::To, to).map_err(Unknown::Selector)?;
    let graph = Graph::new(model, limits.responses);
    let search = graph.simple_paths(&from.elements, &to.elements, limits);
    let ids = |end: &End| {
        end.elements
            .iter()
            .map(|&e| model.object(e).id.clone())
            .collect()
    };
    // The answers to `reaches` are this model's: kept for this call only.
    let reach = Reach::default();
    let encrypted = Encryption::new(&c.library.predicates, model, &reach);
    let paths = (search.paths.iter())
        .map(|p| shown(model, &encrypted, p))
        .collect();
    Ok(Report {
        from_ids: ids(&from),
        to_ids: ids(&to),
        from,
        to,
        limits,
        paths,
        cut: search.cut,
        shortest: search.shortest,
    })
}

/// Whether a flow is encrypted in transit, as the rules judge it: the
/// standard library's `encryptedInTransit` (its `controls.isEncrypted`, a
/// TLS version of 1.2 or later on it or required by its sink, a VPN), so
/// that a hop `tmc paths` calls unencrypted is one the threats call so too.
struct Encryption<'a> {
    eval: Evaluator<'a>,
    predicate: Option<&'a Predicate>,
}

impl<'a> Encryption<'a> {
    fn new(predicates: &'a [Predicate], model: &'a Model, reach: &'a Reach) -> Encryption<'a> {
        Encryption {
            eval: Evaluator {
                model,
                predicates,
                reach,
            },
            predicate: predicates.iter().find(|p| p.name == ENCRYPTED_IN_TRANSIT),
        }
    }

    /// Whether `flow` is encrypted; without the predicate (a library
    /// that lacks it cannot be loaded: the stdlib declares it), its
    /// `controls.isEncrypted`.
    fn of(&self, model: &Model, flow: ObjectId) -> bool {
        match self.predicate {
            Some(p) => self.eval.holds(&mut Vec::new(), &p.body, p.slots, flow),
            None => known::flag(&model.object(flow).attrs, CONTROLS_IS_ENCRYPTED),
        }
    }
}

fn shown(model: &Model, encrypted: &Encryption, path: &Path) -> Shown {
    let hops: Vec<Hop> = path
        .flows
        .iter()
        .map(|&f| hop(model, f, encrypted.of(model, f)))
        .collect();
    let gap = |h: &Hop| (!h.encrypted) as u8 + (!h.authenticated) as u8;
    let worst = hops.iter().map(gap).max().unwrap_or(0);
    let weakest = (worst > 0)
        .then(|| hops.iter().position(|h| gap(h) == worst))
        .flatten()
        .map(|i| Weakest {
            hop: i,
            unencrypted: !hops[i].encrypted,
            unauthenticated: !hops[i].authenticated,
        });
    Shown {
        elements: path
            .elements
            .iter()
            .map(|&e| model.object(e).id.clone())
            .collect(),
        hops,
        weakest,
    }
}

fn hop(model: &Model, f: ObjectId, encrypted: bool) -> Hop {
    let o = model.object(f);
    let Role::Flow { source, sink } = o.role else {
        unreachable!("paths hold flows");
    };
    let attrs = &o.attrs;
    let controls = match known::get(attrs, CONTROLS) {
        Some(Value::Record(fields)) => fields
            .iter()
            .filter(|(_, v)| matches!(v, Value::Bool(true)))
            .map(|(k, _)| k.to_string())
            .collect(),
        _ => Vec::new(),
    };
    let data = Value::items(known::get(attrs, DATA))
        .iter()
        .filter_map(Value::as_object)
        .map(|d| Carried {
            id: model.object(d).id.clone(),
            classification: member(known::get(&model.object(d).attrs, CLASSIFICATION)),
        })
        .collect();
    let (leaves, enters) = crossings(model, source, sink);
    let zone_of = |e: ObjectId| member(known::get(&model.object(e).attrs, ZONE));
    Hop {
        flow: o.id.clone(),
        source: model.object(source).id.clone(),
        sink: model.object(sink).id.clone(),
        protocol: known::get(attrs, PROTOCOL)
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
        port: known::get(attrs, DST_PORT)
            .and_then(Value::as_int)
            .filter(|&p| p >= 0),
        controls,
        encrypted,
        authenticated: known::flag(attrs, CONTROLS_AUTHENTICATES_SOURCE)
            || known::flag(&model.object(sink).attrs, CONTROLS_AUTHENTICATES_SOURCE),
        data,
        zones: (zone_of(source), zone_of(sink)),
        leaves,
        enters,
    }
}

/// The boundaries around `a` and not `b` (innermost first), and around
/// `b` and not `a` (outermost first), by id.
fn crossings(model: &Model, a: ObjectId, b: ObjectId) -> (Vec<String>, Vec<String>) {
    let (leaves, enters) = boundaries_crossed(model, a, b);
    let id = |x: ObjectId| model.object(x).id.clone();
    (
        leaves.into_iter().map(id).collect(),
        enters.into_iter().map(id).collect(),
    )
}

/// The boundaries a flow from `a` to `b` crosses: those around `a` and not
/// `b` (it leaves them, innermost first), and those around `b` and not `a`
/// (it enters them, outermost first). Both empty when the two sit in the
/// same boundary. Costs the depth of the boundaries' nesting, squared.
pub fn boundaries_crossed(
    model: &Model,
    a: ObjectId,
    b: ObjectId,
) -> (Vec<ObjectId>, Vec<ObjectId>) {
    // Most flows stay in one boundary: nothing to walk or allocate.
    if model.object(a).boundary == model.object(b).boundary {
        return (Vec::new(), Vec::new());
    }
    let around = |e: ObjectId| {
        let mut chain = Vec::new();
        let mut at = model.object(e).boundary;
        while let Some(x) = at.filter(|_| chain.len() <= model.objects.len()) {
            chain.push(x);
            at = model.object(x).boundary;
        }
        chain
    };
    let (ca, cb) = (around(a), around(b));
    let leaves = ca.iter().filter(|x| !cb.contains(x)).copied().collect();
    let enters = cb
        .iter()
        .rev()
        .filter(|x| !ca.contains(x))
        .copied()
        .collect();
    (leaves, enters)
}

/// Whether each flow of `model` is encrypted in transit as the rules judge
/// it (the stdlib's `encryptedInTransit` among `predicates`), by object
/// index; false for objects that are not flows. One evaluation per flow.
pub fn encrypted_in_transit(model: &Model, predicates: &[Predicate]) -> Vec<bool> {
    let reach = Reach::default();
    let encrypted = Encryption::new(predicates, model, &reach);
    let mut out = vec![false; model.objects.len()];
    // One frame for every evaluation.
    let mut frame = Vec::new();
    for f in model.flows() {
        out[f.index()] = match encrypted.predicate {
            Some(p) => encrypted.eval.holds(&mut frame, &p.body, p.slots, f),
            None => known::flag(&model.object(f).attrs, CONTROLS_IS_ENCRYPTED),
        };
    }
    out
}

/// How a selector reads in the text: `db`, `boundary pci`, `INTERNET or
/// less trusted`.
fn described(end: &End, side: Side) -> String {
    match &end.selector {
        Selector::Element(id) => format!("`{id}`"),
        Selector::Boundary(id) => format!("boundary `{id}`"),
        Selector::Trust(level, _) => match side {
            Side::From => format!("trust level {level} or less trusted"),
            Side::To => format!("trust level {level} or more trusted"),
        },
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The text `tmc paths` prints.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "paths from {} ({}) to {} ({}), at most {}{}",
        described(&r.from, Side::From),
        plural(r.from.elements.len(), "element", "elements"),
        described(&r.to, Side::To),
        plural(r.to.elements.len(), "element", "elements"),
        plural(r.limits.max_hops, "hop", "hops"),
        if r.limits.responses {
            ", responses included"
        } else {
            ", request flows only"
        },
    );
    if r.paths.is_empty() {
        let why = match r.shortest {
            Some(n) if n > r.limits.max_hops => format!(
                "no path within {}: the shortest has {n} (raise --max-hops)",
                plural(r.limits.max_hops, "hop", "hops")
            ),
            _ => "no path: nothing in the `to` set can be reached from the `from` set".into(),
        };
        let _ = writeln!(out, "\n{why}");
    }
    for (i, p) in r.paths.iter().enumerate() {
        render_path(&mut out, i + 1, p);
    }
    match r.cut {
        Some(Cut::Paths) => {
            let _ = writeln!(
                out,
                "\nstopped after {}: there are more (raise --max-paths or lower --max-hops)",
                plural(r.limits.max_paths, "path", "paths")
            );
        }
        Some(Cut::Work) => {
            let _ = writeln!(
                out,
                "\nstopped after looking at {WORK} flows: there may be more (lower --max-hops)"
            );
        }
        None if !r.paths.is_empty() => {
            let _ = writeln!(out, "\n{}", plural(r.paths.len(), "path", "paths"));
        }
        None => {}
    }
    out
}

fn render_path(out: &mut String, n: usize, p: &Shown) {
    let _ = writeln!(
        out,
        "\n{n}. {} ({})",
        p.elements.join(" -> "),
        plural(p.hops.len(), "hop", "hops")
    );
    for (i, h) in p.hops.iter().enumerate() {
        let weakest = p.weakest.as_ref().filter(|w| w.hop == i);
        let mark = weakest.map_or(String::new(), |w| format!("  <- weakest: {}", w.label()));
        let _ = writeln!(
            out,
            "   {}. {}: {} -> {}{mark}",
            i + 1,
            h.flow,
            h.source,
            h.sink
        );
        let protocol = h.protocol.as_deref().unwrap_or("no protocol");
        let port = h.port.map_or(String::new(), |p| format!(" port {p}"));
        let yes_no = |b: bool, what: &str| format!("{}{what}", if b { "" } else { "not " });
        let _ = writeln!(
            out,
            "      {protocol}{port}, {}, {}",
            yes_no(h.encrypted, "encrypted"),
            yes_no(h.authenticated, "authenticated")
        );
        if !h.controls.is_empty() {
            let _ = writeln!(out, "      controls: {}", h.controls.join(", "));
        }
        if !h.data.is_empty() {
            let data: Vec<String> = (h.data.iter())
                .map(|d| match &d.classification {
                    Some(c) => format!("{} ({c})", d.id),
                    None => d.id.clone(),
                })
                .collect();
            let _ = writeln!(out, "      data: {}", data.join(", "));
        }
        if let Some(line) = crossing_line(h) {
            let _ = writeln!(out, "      crosses: {line}");
        }
    }
}

/// "leaves a, enters b; INTERNET -> DMZ", or nothing when the hop stays
/// in one boundary.
fn crossing_line(h: &Hop) -> Option<String> {
    let mut parts = Vec::new();
    if !h.leaves.is_empty() {
        parts.push(format!("leaves {}", h.leaves.join(", ")));
    }
    if !h.enters.is_empty() {
        parts.push(format!("enters {}", h.enters.join(", ")));
    }
    if parts.is_empty() {
        return None;
    }
    let mut line = parts.join(", ");
    if let (Some(a), Some(b)) = &h.zones {
        let _ = write!(line, "; {a} -> {b}");
    }
    Some(line)
}

/// The JSON `tmc paths --format json` prints (docs/tmc-paths.md).
pub fn to_json(r: &Report) -> serde_json::Value {
    let end = |e: &End, ids: &[String]| {
        let (kind, name) = match &e.selector {
            Selector::Element(id) => ("element", id.clone()),
            Selector::Boundary(id) => ("boundary", id.clone()),
            Selector::Trust(level, _) => ("trust", level.clone()),
        };
        json!({"selector": kind, "name": name, "elements": ids})
    };
    json!({
        "from": end(&r.from, &r.from_ids),
        "to": end(&r.to, &r.to_ids),
        "maxHops": r.limits.max_hops,
        "maxPaths": r.limits.max_paths,
        "responses": r.limits.responses,
        "shortest": r.shortest,
        "cut": r.cut.map(|c| match c {
            Cut::Paths => "max-paths",
            Cut::Work => "work",
        }),
        "paths": r.paths.iter().map(path_json).collect::<Vec<_>>(),
    })
}

fn path_json(p: &Shown) -> serde_json::Value {
    json!({
        "elements": p.elements,
        "hops": p.hops.iter().map(hop_json).collect::<Vec<_>>(),
        "weakest": p.weakest.as_ref().map(|w| json!({
            "hop": w.hop,
            "flow": p.hops[w.hop].flow,
            "unencrypted": w.unencrypted,
            "unauthenticated": w.unauthenticated,
        })),
    })
}

fn hop_json(h: &Hop) -> serde_json::Value {
    json!({
        "flow": h.flow,
        "source": h.source,
        "sink": h.sink,
        "protocol": h.protocol,
        "port": h.port,
        "encrypted": h.encrypted,
        "authenticated": h.authenticated,
        "controls": h.controls,
        "data": h.data.iter().map(|d| json!({"id": d.id, "classification": d.classification})).collect::<Vec<_>>(),
        "sourceZone": h.zones.0,
        "sinkZone": h.zones.1,
        "leaves": h.leaves,
        "enters": h.enters,
    })
}

pub mod found;

#[cfg(test)]
mod tests;
