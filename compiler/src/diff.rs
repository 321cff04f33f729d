//! `tmc diff`: what changed between two compiled models. Objects are
//! matched by identifier within their section (boundaries, elements, data,
//! flows; an unlabelled flow by its `source->sink` identifier), findings by
//! their `THREAT@element` id. Attributes are compared after defaults and
//! derivation (what the rules see), records field by field
//! (`controls.isHardened`); the derived relations (`inputs`, `outputs`,
//! `carriedBy`, `processedBy`) are left out, as they only echo changes to
//! flows. Rendered as Markdown-friendly text or JSON (docs/diff.md).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Value as Json};

use crate::findings::{Finding, Text};
use crate::model::known::{CARRIED_BY, INPUTS, OUTPUTS, PROCESSED_BY};
use crate::model::{Model, Object, Role, Value};
use crate::rules::Library;

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

/// Added, removed and changed objects of one section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    pub changed: Vec<Changed>,
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
}

/// Added, removed and changed findings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    pub added: Vec<FindingItem>,
    pub removed: Vec<FindingItem>,
    /// Severity, likelihood, exclusion, response or CVSS changed.
    pub changed: Vec<(FindingItem, Vec<Change>)>,
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

/// Derived attributes that only mirror other objects' changes.
const ECHOES: &[&str] = &[
    INPUTS.name(),
    OUTPUTS.name(),
    CARRIED_BY.name(),
    PROCESSED_BY.name(),
];

/// Compares two models.
pub fn diff(old: &Side, new: &Side) -> Diff {
    let mut model = Vec::new();
    if old.model.header.name != new.model.header.name {
        model.push(Change {
            path: "name".into(),
            old: Some(Val::Str(old.model.header.name.clone())),
            new: Some(Val::Str(new.model.header.name.clone())),
        });
    }
    model.extend(attr_changes(
        old.model,
        &old.model.header.attrs,
        new.model,
        &new.model.header.attrs,
    ));
    Diff {
        model,
        boundaries: section(old.model, new.model, |r| *r == Role::Boundary),
        elements: section(old.model, new.model, |r| *r == Role::Element),
        data: section(old.model, new.model, |r| *r == Role::Data),
        flows: section(old.model, new.model, |r| matches!(r, Role::Flow { .. })),
        findings: findings(old, new),
    }
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        let empty =
            |s: &Section| s.added.is_empty() && s.removed.is_empty() && s.changed.is_empty();
        self.model.is_empty()
            && empty(&self.boundaries)
            && empty(&self.elements)
            && empty(&self.data)
            && empty(&self.flows)
            && self.findings.added.is_empty()
            && self.findings.removed.is_empty()
            && self.findings.changed.is_empty()
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

fn section(old: &Model, new: &Model, keep: impl Fn(&Role) -> bool) -> Section {
    let pick = |m: &'_ Model| -> Vec<usize> {
        (0..m.objects.len())
            .filter(|&i| keep(&m.objects[i].role))
            .collect()
    };
    let (olds, news) = (pick(old), pick(new));
    let old_by_id: HashMap<&str, usize> = olds
        .iter()
        .map(|&i| (old.objects[i].id.as_str(), i))
        .collect();
    let new_ids: HashMap<&str, usize> = news
        .iter()
        .map(|&i| (new.objects[i].id.as_str(), i))
        .collect();
    let mut s = Section::default();
    for &i in &news {
        let n = &new.objects[i];
        match old_by_id.get(n.id.as_str()) {
            None => s.added.push(item(n)),
            Some(&j) => {
                let changes = object_changes(old, &old.objects[j], new, n);
                if !changes.is_empty() {
                    s.changed.push(Changed {
                        item: item(n),
                        changes,
                    });
                }
            }
        }
    }
    for &i in &olds {
        if !new_ids.contains_key(old.objects[i].id.as_str()) {
            s.removed.push(item(&old.objects[i]));
        }
    }
    s
}

fn object_changes(old: &Model, o: &Object, new: &Model, n: &Object) -> Vec<Change> {
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
    changes.extend(attr_changes(old, &o.attrs, new, &n.attrs));
    changes
}

/// Flattens records to `record.field` and compares every path.
fn attr_changes(
    old: &Model,
    a: &crate::model::Attrs,
    new: &Model,
    b: &crate::model::Attrs,
) -> Vec<Change> {
    let (fa, fb) = (flatten(old, a), flatten(new, b));
    let mut paths: Vec<&String> = fa.keys().chain(fb.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| fa.get(*p) != fb.get(*p))
        .map(|p| Change {
            path: p.clone(),
            old: fa.get(p).cloned(),
            new: fb.get(p).cloned(),
        })
        .collect()
}

fn flatten(model: &Model, attrs: &crate::model::Attrs) -> BTreeMap<String, Val> {
    let mut out = BTreeMap::new();
    for (k, v) in attrs {
        if ECHOES.contains(&k) {
            continue;
        }
        match v {
            Value::Record(fields) => {
                for (f, fv) in fields {
                    out.insert(format!("{k}.{f}"), val(model, fv));
                }
            }
            _ => {
                out.insert(k.to_string(), val(model, v));
            }
        }
    }
    out
}

fn val(model: &Model, v: &Value) -> Val {
    match v {
        Value::Bool(b) => Val::Bool(*b),
        Value::Int(n) => Val::Int(*n),
        Value::Str(s) => Val::Str(s.clone()),
        Value::Enum { member, .. } => Val::Name(member.to_string()),
        Value::Ref(id) => Val::Name(model.object(*id).id.clone()),
        Value::List(items) => Val::List(items.iter().map(|i| val(model, i)).collect()),
        Value::Record(fields) => Val::Record(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), val(model, v)))
                .collect(),
        ),
    }
}

/// A text repeated in each finding, cut (`output::shorten`).
fn cut(text: &str) -> String {
    crate::output::shorten(text).into_owned()
}

fn finding_item(side: &Side, f: &Finding) -> FindingItem {
    let threat = &side.library.threats[f.threat];
    let target = side.model.object(f.target);
    FindingItem {
        id: f.id(side.library, side.model),
        threat_id: threat.id.clone(),
        title: cut(f.text(threat, Text::Description)),
        target: target.id.clone(),
        target_name: cut(&target.name),
        severity: f.severity.label().to_string(),
        excluded_by: f.excluded_by.as_deref().map(cut),
    }
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

/// Each finding of a side with its id, in id order.
fn with_ids<'a>(side: &Side<'a>) -> Vec<(String, &'a Finding)> {
    let mut all: Vec<(String, &Finding)> = side
        .findings
        .iter()
        .map(|f| (f.id(side.library, side.model), f))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn findings(old: &Side, new: &Side) -> Findings {
    let (olds, news) = (with_ids(old), with_ids(new));
    let old_by_id: HashMap<&str, &Finding> = olds.iter().map(|(id, f)| (id.as_str(), *f)).collect();
    let new_ids: HashSet<&str> = news.iter().map(|(id, _)| id.as_str()).collect();
    let mut out = Findings::default();
    for &(ref id, f) in &news {
        match old_by_id.get(id.as_str()) {
            None => out.added.push(finding_item(new, f)),
            Some(o) => {
                let (a, b) = (finding_facts(o), finding_facts(f));
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
                    out.changed.push((finding_item(new, f), changes));
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
    format!(
        "`{}` {} on {} ({}{excluded})",
        f.id,
        f.title,
        serde_json::to_string(&f.target_name).unwrap_or_default(),
        f.severity
    )
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
        if s.added.is_empty() && s.removed.is_empty() && s.changed.is_empty() {
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
        for c in &s.changed {
            out += &format!("- changed {}\n", show(&c.item));
            for ch in &c.changes {
                out += &format!("  - {}\n", change_line(ch));
            }
        }
    }
    let f = &d.findings;
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
    })
}

/// The JSON document (docs/diff.md).
pub fn render_json(d: &Diff, old: &str, new: &str) -> Json {
    let section = |s: &Section| {
        json!({
            "added": s.added.iter().map(item_json).collect::<Vec<_>>(),
            "removed": s.removed.iter().map(item_json).collect::<Vec<_>>(),
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
        },
    })
}
