//! `tmc diff`: what changed between two compiled models. Objects are
//! matched by identifier within their section (boundaries, elements, data,
//! flows; an unlabelled flow by its `source->sink` identifier), findings by
//! their `THREAT@element` id. Attributes are compared after defaults and
//! derivation (what the rules see), records field by field
//! (`controls.isHardened`); the derived relations (`inputs`, `outputs`,
//! `carriedBy`, `processedBy`) and `blastRadius` are left out, as they
//! only echo changes to flows and to other elements. An element of the new model whose `renamedFrom` names an old
//! identifier is the old element renamed: it is listed as renamed, and the
//! old side's references and finding ids are read under the new name, so
//! a rename alone changes nothing else. A finding on both sides whose
//! status (`gate::standing`) differs is listed as a status change.
//! Rendered as Markdown-friendly text or JSON (docs/diff.md).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{json, Value as Json};

use tmc_compiler::findings::{Finding, Text};
use tmc_compiler::gate;
use tmc_compiler::model::known::{
    self, BLAST_RADIUS, CARRIED_BY, INPUTS, OUTPUTS, PROCESSED_BY, RENAMED_FROM,
};
use tmc_compiler::model::{Model, Object, Role, Value};
use tmc_compiler::rules::Library;

/// Version of the JSON layout, bumped on incompatible changes.
pub const FORMAT: u32 = 1;

/// One side of the comparison: a model with its findings.
pub struct Side<'a> {
    pub model: &'a Model,
    pub library: &'a Library,
    pub findings: &'a [Finding],
}

/// An attribute whose value differs; `None` where the side has no value.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// `protocol`, `controls.isHardened`, or `kind` / `name` for the
    /// declaration itself.
    pub path: String,
    pub old: Option<Val>,
    pub new: Option<Val>,
}

/// A value independent of either model (references by identifier).
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Bool(bool),
    Int(i64),
    Str(String),
    /// An enum member or a reference: a bare name.
    Name(String),
    List(Vec<Val>),
    Record(BTreeMap<String, Val>),
}

/// An object present on one side only.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// An object on both sides with different attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    pub item: Item,
    pub changes: Vec<Change>,
}

/// An object of the old model under a new identifier (`renamedFrom`).
#[derive(Clone, Debug, PartialEq)]
pub struct Renamed {
    /// The old identifier.
    pub from: String,
    /// The object as the new model declares it.
    pub item: Item,
    /// Its other changes (`renamedFrom` itself left out).
    pub changes: Vec<Change>,
}

/// Added, removed, renamed and changed objects of one section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    pub renamed: Vec<Renamed>,
    pub changed: Vec<Changed>,
}

impl Section {
    fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.changed.is_empty()
    }
}

/// A finding as the diff shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingItem {
    /// `THREAT@element`.
    pub id: String,
    pub threat_id: String,
    pub title: String,
    pub target: String,
    pub target_name: String,
    pub severity: String,
    pub excluded_by: Option<String>,
    /// Where it stands: `Standing::label()` (`open`, `accepted`,
    /// `accepted, expired 2026-11-30`).
    pub status: String,
    /// Its triage closed it but its review date has passed.
    pub expired: bool,
    /// Of the triage deciding it, if one does; empty when not written.
    pub owner: String,
    pub ticket: String,
    pub review_by: Option<String>,
    pub justification: String,
}

/// A finding on both sides whose status differs.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    /// The finding as the new side has it (owner, ticket, review date).
    pub item: FindingItem,
    /// The old side's status label.
    pub old: String,
}

/// Added, removed and changed findings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    pub added: Vec<FindingItem>,
    pub removed: Vec<FindingItem>,
    /// Severity, likelihood, exclusion, response or CVSS changed, or the
    /// owner, ticket, review date or justification of an unchanged status.
    pub changed: Vec<(FindingItem, Vec<Change>)>,
    /// The status changed (`open -> accepted`).
    pub status: Vec<StatusChange>,
}

impl Findings {
    fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.status.is_empty()
    }
}

/// Everything that differs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    /// The header: `name` and the `model` block's attributes.
    pub model: Vec<Change>,
    pub boundaries: Section,
    pub elements: Section,
    pub data: Section,
    pub flows: Section,
    pub findings: Findings,
}

/// Derived attributes that only mirror other objects' changes (an element
/// added anywhere downstream changes the `blastRadius` of all upstream).
const ECHOES: &[&str] = &[
    INPUTS.name(),
    OUTPUTS.name(),
    CARRIED_BY.name(),
    PROCESSED_BY.name(),
    BLAST_RADIUS.name(),
];

/// Old identifiers to new ones: each `renamedFrom` of a new object that
/// names an object of the old model which the new model no longer has.
type Renames = HashMap<String, String>;

fn renames(old: &Model, new: &Model) -> Renames {
    let mut out = Renames::new();
    for n in &new.objects {
        for f in known::former_ids(&n.attrs) {
            if new.lookup(f).is_none() && old.lookup(f).is_some() {
                out.entry(f.to_string()).or_insert_with(|| n.id.clone());
            }
        }
    }
    out
}

/// An old identifier read under its new name.
fn renamed<'a>(renames: &'a Renames, id: &'a str) -> &'a str {
    renames.get(id).map_or(id, String::as_str)
}

/// What an old object is matched by: its identifier renamed, and for an
/// unlabelled flow (`web->db`) the identifier of its ends renamed.
fn old_key(old: &Model, o: &Object, renames: &Renames) -> String {
    key(old, o, renames).into_owned()
}

/// `old_key`, copied only where a rename changes it.
fn key<'m>(model: &'m Model, o: &'m Object, renames: &'m Renames) -> Cow<'m, str> {
    if let Role::Flow { source, sink } = o.role {
        let (a, b) = (&model.object(source).id, &model.object(sink).id);
        let rest = (o.id.strip_prefix(a.as_str()))
            .and_then(|r| r.strip_prefix("->"))
            .and_then(|r| r.strip_prefix(b.as_str()));
        if let Some(rest) = rest.filter(|r| r.is_empty() || r.starts_with('#')) {
            let (ra, rb) = (renamed(renames, a), renamed(renames, b));
            if ra == a && rb == b {
                return Cow::Borrowed(&o.id);
            }
            return Cow::Owned(format!("{ra}->{rb}{rest}"));
        }
    }
    Cow::Borrowed(renamed(renames, &o.id))
}

/// Compares two models.
pub fn diff(old: &Side, new: &Side) -> Diff {
    let renames = renames(old.model, new.model);
    let none = Renames::new();
    let mut model = Vec::new();
    if old.model.header.name != new.model.header.name {
        model.push(Change {
            path: "name".into(),
            old: Some(Val::Str(old.model.header.name.clone())),
            new: Some(Val::Str(new.model.header.name.clone())),
        });
    }
    model.extend(attr_changes(
        (old.model, &old.model.header.attrs, &renames),
        (new.model, &new.model.header.attrs, &none),
    ));
    let section = |keep: fn(&Role) -> bool| section(old.model, new.model, &renames, keep);
    Diff {
        model,
        boundaries: section(|r| *r == Role::Boundary),
        elements: section(|r| *r == Role::Element),
        data: section(|r| *r == Role::Data),
        flows: section(|r| matches!(r, Role::Flow { .. })),
        findings: findings(old, new, &renames),
    }
}

impl Diff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.model.is_empty()
            && self.sections().iter().all(|(_, s)| s.is_empty())
            && self.findings.is_empty()
    }

    fn sections(&self) -> [(&'static str, &Section); 4] {
        [
            ("boundaries", &self.boundaries),
            ("elements", &self.elements),
            ("data", &self.data),
            ("flows", &self.flows),
        ]
    }
}

fn item(o: &Object) -> Item {
    Item {
        id: o.id.clone(),
        name: o.name.clone(),
        kind: o.kind.clone(),
    }
}

fn section(old: &Model, new: &Model, renames: &Renames, keep: fn(&Role) -> bool) -> Section {
    let pick = |m: &'_ Model| -> Vec<usize> {
        (0..m.objects.len())
            .filter(|&i| keep(&m.objects[i].role))
            .collect()
    };
    let (olds, news) = (pick(old), pick(new));
    let old_by_key: HashMap<String, usize> = olds
        .iter()
        .map(|&i| (old_key(old, &old.objects[i], renames), i))
        .collect();
    let new_ids: HashSet<&str> = news.iter().map(|&i| new.objects[i].id.as_str()).collect();
    let mut s = Section::default();
    for &i in &news {
        let n = &new.objects[i];
        let Some(&j) = old_by_key.get(n.id.as_str()) else {
            s.added.push(item(n));
            continue;
        };
        let o = &old.objects[j];
        let changes = object_changes((old, o, renames), new, n);
        if renames.get(&o.id) == Some(&n.id) {
            s.renamed.push(Renamed {
                from: o.id.clone(),
                item: item(n),
                changes: changes
                    .into_iter()
                    .filter(|c| c.path != RENAMED_FROM.name())
                    .collect(),
            });
        } else if !changes.is_empty() {
            s.changed.push(Changed {
                item: item(n),
                changes,
            });
        }
    }
    for &i in &olds {
        if !new_ids.contains(old_key(old, &old.objects[i], renames).as_str()) {
            s.removed.push(item(&old.objects[i]));
        }
    }
    s
}

fn object_changes(
    (old, o, renames): (&Model, &Object, &Renames),
    new: &Model,
    n: &Object,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for (path, a, b) in [("kind", &o.kind, &n.kind), ("name", &o.name, &n.name)] {
        if a != b {
            changes.push(Change {
                path: path.into(),
                old: Some(Val::Str(a.clone())),
                new: Some(Val::Str(b.clone())),
            });
        }
    }
    let none = Renames::new();
    changes.extend(attr_changes(
        (old, &o.attrs, renames),
        (new, &n.attrs, &none),
    ));
    changes
}

/// One side's attributes: the model, the attributes, and the renames its
/// references are read under (none for the new side).
type Attrs<'a> = (&'a Model, &'a tmc_compiler::model::Attrs, &'a Renames);

/// Compares every path, records field by field (`controls.isHardened`),
/// in path order. Values are built only for what differs: two models of
/// 100,000 elements have some twenty million paths to compare.
fn attr_changes(a: Attrs, b: Attrs) -> Vec<Change> {
    let mut changes = Vec::new();
    for (name, x, y) in side_by_side(a.1, b.1) {
        if ECHOES.contains(&name) {
            continue;
        }
        match (x, y) {
            (Some(Value::Record(p)), Some(Value::Record(q))) => {
                for (field, x, y) in side_by_side(p, q) {
                    if !same(a, x, b, y) {
                        changes.push(change(format!("{name}.{field}"), a, x, b, y));
                    }
                }
            }
            (Some(x), Some(y)) if !is_record(x) && !is_record(y) => {
                if !same(a, Some(x), b, Some(y)) {
                    changes.push(change(name.to_string(), a, Some(x), b, Some(y)));
                }
            }
            // On one side only, or a record on one side only.
            _ => {
                let (p, q) = (paths(name, x), paths(name, y));
                for path in p.keys().chain(q.keys()).collect::<BTreeSet<_>>() {
                    let (x, y) = (p.get(path).copied(), q.get(path).copied());
                    if !same(a, x, b, y) {
                        changes.push(change(path.clone(), a, x, b, y));
                    }
                }
            }
        }
    }
    changes.sort_by(|p, q| p.path.cmp(&q.path));
    changes
}

/// The entries of two attribute maps side by side, by name (both are in
/// name order).
fn side_by_side<'a>(
    a: &'a tmc_compiler::model::Attrs,
    b: &'a tmc_compiler::model::Attrs,
) -> Vec<(&'a str, Option<&'a Value>, Option<&'a Value>)> {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    let mut out = Vec::new();
    loop {
        let entry = match (a.peek(), b.peek()) {
            (None, None) => return out,
            (Some(&(n, x)), Some(&(m, y))) => match n.cmp(m) {
                Ordering::Less => (n, Some(x), None),
                Ordering::Greater => (m, None, Some(y)),
                Ordering::Equal => (n, Some(x), Some(y)),
            },
            (Some(&(n, x)), None) => (n, Some(x), None),
            (None, Some(&(m, y))) => (m, None, Some(y)),
        };
        if entry.1.is_some() {
            a.next();
        }
        if entry.2.is_some() {
            b.next();
        }
        out.push(entry);
    }
}

fn is_record(v: &Value) -> bool {
    matches!(v, Value::Record(_))
}

/// One side's paths of the attribute `name`: its fields if it is a record.
fn paths<'a>(name: &str, v: Option<&'a Value>) -> BTreeMap<String, &'a Value> {
    match v {
        None => BTreeMap::new(),
        Some(Value::Record(fields)) => (fields.iter())
            .map(|(f, v)| (format!("{name}.{f}"), v))
            .collect(),
        Some(v) => BTreeMap::from([(name.to_string(), v)]),
    }
}

fn change(path: String, a: Attrs, x: Option<&Value>, b: Attrs, y: Option<&Value>) -> Change {
    Change {
        path,
        old: x.map(|v| val(a.0, v, a.2)),
        new: y.map(|v| val(b.0, v, b.2)),
    }
}

/// Whether `x` of side `a` and `y` of side `b` make the same `Val`, without
/// making it.
fn same(a: Attrs, x: Option<&Value>, b: Attrs, y: Option<&Value>) -> bool {
    let (x, y) = match (x, y) {
        (None, None) => return true,
        (Some(x), Some(y)) => (x, y),
        _ => return false,
    };
    match (x, y) {
        (Value::Bool(p), Value::Bool(q)) => p == q,
        (Value::Int(p), Value::Int(q)) => p == q,
        (Value::Str(p), Value::Str(q)) => p == q,
        (Value::List(p), Value::List(q)) => {
            p.len() == q.len() && p.iter().zip(q).all(|(p, q)| same(a, Some(p), b, Some(q)))
        }
        (Value::Record(p), Value::Record(q)) => {
            (side_by_side(p, q).into_iter()).all(|(_, x, y)| x.is_some() && same(a, x, b, y))
        }
        _ => matches!((bare_name(a, x), bare_name(b, y)), (Some(p), Some(q)) if p == q),
    }
}

/// An enum member or a reference as `Val::Name` has it.
fn bare_name<'m>((model, _, renames): Attrs<'m>, v: &'m Value) -> Option<Cow<'m, str>> {
    match v {
        Value::Enum { member, .. } => Some(Cow::Borrowed(member.as_str())),
        Value::Ref(id) => Some(key(model, model.object(*id), renames)),
        _ => None,
    }
}

fn val(model: &Model, v: &Value, renames: &Renames) -> Val {
    match v {
        Value::Bool(b) => Val::Bool(*b),
        Value::Int(n) => Val::Int(*n),
        Value::Str(s) => Val::Str(s.clone()),
        Value::Enum { member, .. } => Val::Name(member.to_string()),
        Value::Ref(id) => Val::Name(old_key(model, model.object(*id), renames)),
        Value::List(items) => Val::List(items.iter().map(|i| val(model, i, renames)).collect()),
        Value::Record(fields) => Val::Record(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), val(model, v, renames)))
                .collect(),
        ),
    }
}

/// A text repeated in each finding, cut (`output::shorten`).
fn cut(text: &str) -> String {
    crate::shorten(text).into_owned()
}

fn finding_item(side: &Side, f: &Finding) -> FindingItem {
    let threat = &side.library.threats[f.threat];
    let target = side.model.object(f.target);
    let standing = gate::standing(f);
    let triage = standing.triage();
    let text = |pick: fn(&tmc_compiler::triage::Decision) -> &String| {
        triage.map(|d| pick(d).clone()).unwrap_or_default()
    };
    FindingItem {
        id: f.id(side.library, side.model),
        threat_id: threat.id.clone(),
        title: cut(f.text(threat, Text::Description)),
        target: target.id.clone(),
        target_name: cut(&target.name),
        severity: f.severity.label().to_string(),
        excluded_by: f.excluded_by.as_deref().map(cut),
        status: standing.label(),
        expired: standing.is_expired(),
        owner: text(|d| &d.owner),
        ticket: text(|d| &d.ticket),
        review_by: triage.and_then(|d| d.review_by).map(|d| d.to_string()),
        justification: text(|d| &d.justification),
    }
}

/// The triage's owner, ticket, review date and justification, compared
/// when the status stays the same.
fn triage_facts(f: &FindingItem) -> BTreeMap<String, Val> {
    let mut facts = BTreeMap::new();
    for (k, v) in [
        ("owner", &f.owner),
        ("ticket", &f.ticket),
        ("justification", &f.justification),
    ] {
        if !v.is_empty() {
            facts.insert(k.to_string(), Val::Str(v.clone()));
        }
    }
    if let Some(day) = &f.review_by {
        facts.insert("reviewBy".into(), Val::Str(day.clone()));
    }
    facts
}

/// What of a finding the diff compares besides its presence.
fn finding_facts(f: &Finding) -> BTreeMap<String, Val> {
    let mut facts = BTreeMap::new();
    facts.insert("severity".into(), Val::Name(f.severity.member.to_string()));
    if let Some(l) = &f.likelihood {
        facts.insert("likelihood".into(), Val::Name(l.member.to_string()));
    }
    if let Some(a) = &f.excluded_by {
        facts.insert("excluded_by".into(), Val::Str(a.to_string()));
    }
    if let Some(o) = &f.overridden {
        for (k, v) in [("response", &o.response), ("cvss", &o.cvss)] {
            if !v.is_empty() {
                facts.insert(k.into(), Val::Str(v.clone()));
            }
        }
    }
    facts
}

/// Each finding of a side with its id (its target's identifier read under
/// `renames`), in id order.
fn with_ids<'a>(side: &Side<'a>, renames: &Renames) -> Vec<(String, &'a Finding)> {
    let mut all: Vec<(String, &Finding)> = side
        .findings
        .iter()
        .map(|f| {
            let threat = &side.library.threats[f.threat].id;
            let target = old_key(side.model, side.model.object(f.target), renames);
            (format!("{threat}@{target}"), f)
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn findings(old: &Side, new: &Side, renames: &Renames) -> Findings {
    let (olds, news) = (with_ids(old, renames), with_ids(new, &Renames::new()));
    let old_by_id: HashMap<&str, &Finding> = olds.iter().map(|(id, f)| (id.as_str(), *f)).collect();
    let new_ids: HashSet<&str> = news.iter().map(|(id, _)| id.as_str()).collect();
    let mut out = Findings::default();
    for &(ref id, f) in &news {
        match old_by_id.get(id.as_str()) {
            None => out.added.push(finding_item(new, f)),
            Some(o) => {
                let (was, now) = (finding_item(old, o), finding_item(new, f));
                let (mut a, mut b) = (finding_facts(o), finding_facts(f));
                if was.status != now.status {
                    out.status.push(StatusChange {
                        item: now.clone(),
                        old: was.status.clone(),
                    });
                } else {
                    a.extend(triage_facts(&was));
                    b.extend(triage_facts(&now));
                }
                let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
                keys.sort();
                keys.dedup();
                let changes: Vec<Change> = keys
                    .into_iter()
                    .filter(|k| a.get(*k) != b.get(*k))
                    .map(|k| {
                        // Compared whole, shown cut: an assumption's name
                        // is written once per finding it rules out.
                        let shown = |v: &Val| match v {
                            Val::Str(s) if k == "excluded_by" => Val::Str(cut(s)),
                            other => other.clone(),
                        };
                        Change {
                            path: k.clone(),
                            old: a.get(k).map(shown),
                            new: b.get(k).map(shown),
                        }
                    })
                    .collect();
                if !changes.is_empty() {
                    out.changed.push((now, changes));
                }
            }
        }
    }
    for &(ref id, f) in &olds {
        if !new_ids.contains(id.as_str()) {
            out.removed.push(finding_item(old, f));
        }
    }
    out
}

impl Val {
    /// As written in `.tm`: `true`, `443`, `"HTTPS"`, `SECRET`, `[a, b]`.
    pub fn text(&self) -> String {
        match self {
            Val::Bool(b) => b.to_string(),
            Val::Int(n) => n.to_string(),
            Val::Str(s) => serde_json::to_string(s).unwrap_or_default(),
            Val::Name(n) => n.clone(),
            Val::List(items) => {
                let items: Vec<String> = items.iter().map(Val::text).collect();
                format!("[{}]", items.join(", "))
            }
            Val::Record(fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", v.text()))
                    .collect();
                format!("{{ {} }}", fields.join(" "))
            }
        }
    }

    pub fn json(&self) -> Json {
        match self {
            Val::Bool(b) => json!(b),
            Val::Int(n) => json!(n),
            Val::Str(s) | Val::Name(s) => json!(s),
            Val::List(items) => Json::Array(items.iter().map(Val::json).collect()),
            Val::Record(fields) => {
                Json::Object(fields.iter().map(|(k, v)| (k.clone(), v.json())).collect())
            }
        }
    }
}

fn opt_text(v: &Option<Val>) -> String {
    v.as_ref().map_or_else(|| "(unset)".to_string(), Val::text)
}

fn change_line(c: &Change) -> String {
    format!("`{}`: {} -> {}", c.path, opt_text(&c.old), opt_text(&c.new))
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}")
}

/// The one-line summary: `2 added, 1 removed, 3 changed; findings: ...`.
fn summary(d: &Diff) -> String {
    let mut parts = Vec::new();
    for (name, s) in d.sections() {
        let mut bits = Vec::new();
        for (n, what) in [
            (s.added.len(), "added"),
            (s.removed.len(), "removed"),
            (s.renamed.len(), "renamed"),
            (s.changed.len(), "changed"),
        ] {
            if n > 0 {
                bits.push(count(n, what));
            }
        }
        if !bits.is_empty() {
            parts.push(format!("{name}: {}", bits.join(", ")));
        }
    }
    if !d.model.is_empty() {
        parts.insert(0, format!("model: {} changed", d.model.len()));
    }
    let f = &d.findings;
    let mut bits = Vec::new();
    for (n, what) in [
        (f.added.len(), "new"),
        (f.removed.len(), "gone"),
        (f.changed.len(), "changed"),
        (f.status.len(), "status changed"),
    ] {
        if n > 0 {
            bits.push(count(n, what));
        }
    }
    if !bits.is_empty() {
        parts.push(format!("findings: {}", bits.join(", ")));
    }
    parts.join("; ")
}

fn finding_line(f: &FindingItem) -> String {
    let excluded = f
        .excluded_by
        .as_ref()
        .map(|a| format!(", excluded by \"{a}\""))
        .unwrap_or_default();
    let status = if f.status == "open" || f.excluded_by.is_some() {
        String::new()
    } else {
        format!(", {}", f.status)
    };
    format!(
        "`{}` {} on {} ({}{excluded}{status})",
        f.id,
        f.title,
        serde_json::to_string(&f.target_name).unwrap_or_default(),
        f.severity
    )
}

/// `` `INP05@web`: open -> accepted (owner appsec, until 2027-03-31) ``:
/// the new side's owner, ticket and review date, when written.
fn status_line(c: &StatusChange) -> String {
    let i = &c.item;
    let mut about = Vec::new();
    if !i.owner.is_empty() {
        about.push(format!("owner {}", i.owner));
    }
    if !i.ticket.is_empty() {
        about.push(format!("ticket {}", i.ticket));
    }
    if let Some(day) = i.review_by.as_ref().filter(|_| !i.expired) {
        about.push(format!("until {day}"));
    }
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join(", "))
    };
    format!("`{}`: {} -> {}{about}", i.id, c.old, i.status)
}

/// Markdown-friendly text: a title, a summary line, then one heading per
/// section with bullet lists. `old` and `new` name the two sides.
pub fn render_text(d: &Diff, old: &str, new: &str) -> String {
    let mut out = format!("## tmc diff: `{old}` -> `{new}`\n\n");
    if d.is_empty() {
        out += "No differences.\n";
        return out;
    }
    out += &format!("{}\n", summary(d));
    if !d.model.is_empty() {
        out += "\n### Model\n\n";
        for c in &d.model {
            out += &format!("- {}\n", change_line(c));
        }
    }
    for (name, s) in d.sections() {
        if s.is_empty() {
            continue;
        }
        let mut title = name.to_string();
        title[..1].make_ascii_uppercase();
        out += &format!("\n### {title}\n\n");
        let show = |i: &Item| {
            format!(
                "`{}` ({} {})",
                i.id,
                i.kind,
                serde_json::to_string(&i.name).unwrap_or_default()
            )
        };
        for i in &s.added {
            out += &format!("- added {}\n", show(i));
        }
        for i in &s.removed {
            out += &format!("- removed {}\n", show(i));
        }
        for r in &s.renamed {
            out += &format!("- renamed `{}` -> {}\n", r.from, show(&r.item));
            for ch in &r.changes {
                out += &format!("  - {}\n", change_line(ch));
            }
        }
        for c in &s.changed {
            out += &format!("- changed {}\n", show(&c.item));
            for ch in &c.changes {
                out += &format!("  - {}\n", change_line(ch));
            }
        }
    }
    let f = &d.findings;
    if !f.status.is_empty() {
        out += "\n### Status changes\n\n";
        for c in &f.status {
            out += &format!("- {}\n", status_line(c));
        }
    }
    if !(f.added.is_empty() && f.removed.is_empty() && f.changed.is_empty()) {
        out += "\n### Findings\n\n";
        for i in &f.added {
            out += &format!("- new {}\n", finding_line(i));
        }
        for i in &f.removed {
            out += &format!("- gone {}\n", finding_line(i));
        }
        for (i, changes) in &f.changed {
            out += &format!("- changed {}\n", finding_line(i));
            for ch in changes {
                out += &format!("  - {}\n", change_line(ch));
            }
        }
    }
    out
}

fn change_json(c: &Change) -> Json {
    json!({
        "attribute": c.path,
        "old": c.old.as_ref().map(Val::json),
        "new": c.new.as_ref().map(Val::json),
    })
}

fn item_json(i: &Item) -> Json {
    json!({ "id": i.id, "name": i.name, "kind": i.kind })
}

fn finding_json(f: &FindingItem) -> Json {
    json!({
        "id": f.id,
        "threat_id": f.threat_id,
        "title": f.title,
        "target": f.target,
        "target_name": f.target_name,
        "severity": f.severity,
        "excluded_by": f.excluded_by,
        "status": f.status,
        "expired": f.expired,
        "owner": f.owner,
        "ticket": f.ticket,
        "review_by": f.review_by,
        "justification": f.justification,
    })
}

/// The JSON document (docs/diff.md).
pub fn render_json(d: &Diff, old: &str, new: &str) -> Json {
    let section = |s: &Section| {
        json!({
            "added": s.added.iter().map(item_json).collect::<Vec<_>>(),
            "removed": s.removed.iter().map(item_json).collect::<Vec<_>>(),
            "renamed": s.renamed.iter().map(|r| {
                let mut j = item_json(&r.item);
                j["from"] = json!(r.from);
                j["changes"] = r.changes.iter().map(change_json).collect();
                j
            }).collect::<Vec<_>>(),
            "changed": s.changed.iter().map(|c| {
                let mut j = item_json(&c.item);
                j["changes"] = c.changes.iter().map(change_json).collect();
                j
            }).collect::<Vec<_>>(),
        })
    };
    let f = &d.findings;
    json!({
        "format": FORMAT,
        "old": old,
        "new": new,
        "same": d.is_empty(),
        "model": d.model.iter().map(change_json).collect::<Vec<_>>(),
        "boundaries": section(&d.boundaries),
        "elements": section(&d.elements),
        "data": section(&d.data),
        "flows": section(&d.flows),
        "findings": {
            "added": f.added.iter().map(finding_json).collect::<Vec<_>>(),
            "removed": f.removed.iter().map(finding_json).collect::<Vec<_>>(),
            "changed": f.changed.iter().map(|(i, changes)| {
                let mut j = finding_json(i);
                j["changes"] = changes.iter().map(change_json).collect();
                j
            }).collect::<Vec<_>>(),
            "status": f.status.iter().map(|c| {
                let mut j = finding_json(&c.item);
                j["old_status"] = json!(c.old);
                j
            }).collect::<Vec<_>>(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How `attr_changes` compared before it compared in place: both sides
    /// flattened to maps of every path and its `Val`, then every path of
    /// either compared. The reference the faster one must agree with.
    fn reference(a: Attrs, b: Attrs) -> Vec<Change> {
        let flatten = |(model, attrs, renames): Attrs| {
            let mut out = BTreeMap::new();
            for (k, v) in attrs {
                if ECHOES.contains(&k) {
                    continue;
                }
                match v {
                    Value::Record(fields) => {
                        for (f, fv) in fields {
                            out.insert(format!("{k}.{f}"), val(model, fv, renames));
                        }
                    }
                    _ => {
                        out.insert(k.to_string(), val(model, v, renames));
                    }
                }
            }
            out
        };
        let (fa, fb) = (flatten(a), flatten(b));
        let paths: BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
        (paths.into_iter())
            .filter(|p| fa.get(*p) != fb.get(*p))
            .map(|p| Change {
                path: p.clone(),
                old: fa.get(p).cloned(),
                new: fb.get(p).cloned(),
            })
            .collect()
    }

    /// Every object of `old` against every object of `new` (most pairs
    /// differ in kind, records, lists and references), and the headers.
    fn agrees_on_every_pair(old: &Model, new: &Model) -> usize {
        let renames = renames(old, new);
        let none = Renames::new();
        let mut compared = 0;
        for o in &old.objects {
            for n in &new.objects {
                let (a, b) = ((old, &o.attrs, &renames), (new, &n.attrs, &none));
                assert_eq!(attr_changes(a, b), reference(a, b), "{} -> {}", o.id, n.id);
                compared += 1;
            }
        }
        let (a, b) = (
            (old, &old.header.attrs, &renames),
            (new, &new.header.attrs, &none),
        );
        assert_eq!(attr_changes(a, b), reference(a, b), "the headers");
        compared
    }

    const OLD: &str = r#"
model "m" { description = "Old." }
record Owner { team: string = ""  pager: string = "" }
kind Svc : Server { owner: Owner  tier: string = "web" }
boundary corp "Corp"
Svc api "API" in corp { controls.isHardened = true  owner.team = "a"  OS = "Linux" }
Svc gone "Gone" in corp
Datastore db "DB" { controls { isEncrypted = true } }
Data pii "PII" { classification = RESTRICTED }
flow q: api -> db "Query" { protocol = "HTTPS" dstPort = 443 data = [pii] }
flow api -> db "Unlabelled" { protocol = "SQL" }
"#;

    const NEW: &str = r#"
model "m" { description = "New." }
record Owner { team: string = ""  pager: string = "" }
kind Svc : Server { owner: Owner  tier: string = "web" }
boundary corp "Corp"
Svc api "API" in corp { owner { team = "b"  pager = "p" } tier = "api" }
Datastore store "Store" in corp { renamedFrom = ["db"] }
Data pii "PII" { classification = SECRET }
Data keys "Keys" { isCredentials = true }
flow q: api -> store "Query" { protocol = "HTTP" data = [pii, keys] }
flow api -> store "Unlabelled" { protocol = "SQL" }
"#;

    #[test]
    fn comparing_in_place_agrees_with_comparing_flattened_values() {
        let ((_a, old), (_b, new)) = (crate::compile_clean(OLD), crate::compile_clean(NEW));
        assert!(agrees_on_every_pair(&old, &new) >= 40);
        assert!(agrees_on_every_pair(&new, &old) >= 40);
    }

    #[test]
    fn comparing_in_place_agrees_on_the_examples() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let compile = |path: &str| {
            let c = tmc_compiler::compile(&[root.join(path)], &Default::default());
            c.model.unwrap_or_else(|| panic!("{path} compiles"))
        };
        let (webapp, saas) = (compile("examples/webapp.tm"), compile("examples/saas.tm"));
        assert!(agrees_on_every_pair(&webapp, &saas) > 500);
        assert!(agrees_on_every_pair(&saas, &saas) > 500);
    }
}
