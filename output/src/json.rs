//! `tmc json`: the model (every object with all its attributes after
//! defaults and derivation), the threats found in it and the findings, as
//! one JSON document. Findings name their threat by id; the threat's texts
//! are written once, in `threats`, not once per finding. Keys are sorted,
//! so the same model always gives the same bytes. docs/json.md documents
//! it; docs/tmc.schema.json is its JSON Schema.
//!
//! The document is serialised straight from the model (serde `Serialize`
//! views over borrowed data), never built as a `serde_json::Value` tree
//! first: a model of ten thousand elements has hundreds of thousands of
//! findings.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{given, pretty};
use tmc_compiler::findings::Finding;
use tmc_compiler::gate;
use tmc_compiler::model::{Attrs, Layer, Model, Object, Role, Segment, Value};
use tmc_compiler::rules::{Level, Library, Origin, Threat};
use tmc_compiler::triage::Decision;
use tmc_compiler::Builtin;
use tmc_compiler::{Sources, Span};

use crate::Map;

/// Version of the document's layout, bumped on incompatible changes.
/// 2: findings refer to `threats` by id instead of repeating their texts.
/// 3: findings repeat no text written elsewhere: not their target's name
/// (in the objects, or `targets`), not the threat's title (in `threats`),
/// not the assumption's name (`excluded_by` says where it is written), so
/// the document grows with the model, not with the model times its
/// longest name.
pub const FORMAT: u32 = 3;

/// The whole model document, pretty-printed, with a final newline.
pub fn document(
    sources: &Sources,
    model: &Model,
    library: &Library,
    findings: &[Finding],
) -> std::io::Result<String> {
    let mut out = Vec::new();
    write_document(&mut out, sources, model, library, findings)?;
    String::from_utf8(out).map_err(std::io::Error::other)
}

/// `document`, written to `out` as it is produced.
pub fn write_document(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    model: &Model,
    library: &Library,
    findings: &[Finding],
) -> std::io::Result<()> {
    let doc = Document {
        sources,
        model,
        library,
        findings,
        with_model: true,
    };
    doc.write_to(out)
}

/// `tmc threats --format json`: the document without the model's objects:
/// `format`, `threats`, the open `findings` and the `targets` they are on.
pub fn write_findings(
    w: &mut dyn std::io::Write,
    sources: &Sources,
    model: &Model,
    library: &Library,
    findings: &[Finding],
) -> std::io::Result<()> {
    let doc = Document {
        sources,
        model,
        library,
        findings,
        with_model: false,
    };
    doc.write_to(w)
}

/// `tmc list-threats --format json`: the library without a model.
pub fn library(
    sources: &Sources,
    library: &Library,
    exclude: &[String],
) -> serde_json::Result<String> {
    let threats: Vec<ThreatView> = library
        .threats
        .iter()
        .filter(|t| !exclude.contains(&t.id))
        .map(|threat| ThreatView { sources, threat })
        .collect();
    let doc = serde_json::json!({
        "format": FORMAT,
        "library": OriginView(&library.origin),
        "threats": threats,
    });
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

/// An object's attributes as a JSON value (for `tmc sqldump`).
pub fn attributes(model: &Model, attrs: &Attrs) -> serde_json::Value {
    serde_json::to_value(AttrsView { model, attrs }).unwrap_or_default()
}

/// One attribute value as JSON text, written into `out` (emptied first):
/// the text `value` would print, without making the value first (for
/// `tmc sqldump`, which writes millions of them).
pub fn value_text<'o>(model: &Model, value: &Value, out: &'o mut Vec<u8>) -> &'o str {
    out.clear();
    // Writing to memory does not fail, and JSON text is UTF-8.
    let _ = serde_json::to_writer(&mut *out, &ValueView { model, value });
    std::str::from_utf8(out).unwrap_or_default()
}

/// `entries` as one JSON object, in their order (`tmc sqldump` stores the
/// fields of a record that differ from its kind's default this way).
pub fn entries_text<'o>(
    model: &Model,
    entries: &[(&str, &Value)],
    out: &'o mut Vec<u8>,
) -> &'o str {
    out.clear();
    out.push(b'{');
    for (i, (name, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing to memory does not fail.
        let _ = serde_json::to_writer(&mut *out, name);
        out.push(b':');
        let _ = serde_json::to_writer(&mut *out, &ValueView { model, value });
    }
    out.push(b'}');
    std::str::from_utf8(out).unwrap_or_default()
}

struct Document<'a> {
    sources: &'a Sources,
    model: &'a Model,
    library: &'a Library,
    findings: &'a [Finding],
    /// The objects and the excluded findings too (`tmc json`), or only
    /// the threats and open findings (`tmc threats --format json`).
    with_model: bool,
}

impl Document<'_> {
    fn objects(&self, role: fn(&Role) -> bool) -> Vec<&Object> {
        self.model
            .objects
            .iter()
            .filter(|o| role(&o.role))
            .collect()
    }

    /// The serde view of an object, which `write_object` must match.
    #[cfg(test)]
    fn object<'a>(&'a self, object: &'a Object) -> ObjectView<'a> {
        ObjectView {
            sources: self.sources,
            model: self.model,
            object,
        }
    }

    fn findings(&self, excluded: bool) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.is_excluded() == excluded)
            .collect()
    }

    fn finding<'a>(&'a self, finding: &'a Finding) -> FindingView<'a> {
        FindingView {
            model: self.model,
            threat: &self.library.threats[finding.threat],
            finding,
        }
    }

    /// A finding laid out at depth 2, as `FindingView` lays it out. One
    /// with no override, exclusion, triage or path (nearly all of them: open) is put
    /// together from its threat's `pieces` and its target's escaped texts,
    /// which is several times faster on a model with hundreds of thousands
    /// of findings.
    fn write_finding(
        &self,
        pieces: &[ThreatPieces],
        f: &Finding,
        text: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        if f.overridden.is_some()
            || f.excluded_at.is_some()
            || f.triage.is_some()
            || f.path.is_some()
        {
            return pretty::write_at(text, 2, &self.finding(f));
        }
        let pieces = &pieces[f.threat.index()];
        let target = self.model.object(f.target);
        text.extend_from_slice(&pieces.head);
        // The id is `THREAT@target`: the head ends inside its quotes.
        let at = text.len();
        pretty::string(text, &target.id)?;
        text.remove(at);
        // Level labels are enum member names with spaces: nothing to escape.
        write!(text, ",\n      \"impact\": \"{}\"", f.impact.label())?;
        match &f.likelihood {
            Some(l) => write!(text, ",\n      \"likelihood\": \"{}\"", l.label())?,
            None => text.extend_from_slice(b",\n      \"likelihood\": null"),
        }
        write!(
            text,
            ",\n      \"open\": true,\n      \"override\": null,\n      \"response\": null,\n      \"severity\": \"{}\",\n      \"status\": \"open\",\n      \"target\": ",
            f.severity.label()
        )?;
        pretty::string(text, &target.id)?;
        text.extend_from_slice(b",\n      \"target_kind\": ");
        pretty::string(text, &target.kind)?;
        text.extend_from_slice(b",\n      \"threat_id\": ");
        text.extend_from_slice(&pieces.tail);
        Ok(())
    }

    /// An object laid out at depth 2, as `ObjectView` lays it out, written
    /// straight into `text`: serde's dispatch and escaping per key cost
    /// more than the text (a model of ten thousand elements writes nearly
    /// two million attributes).
    fn write_object(
        &self,
        layouts: &Layouts,
        o: &Object,
        text: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        text.extend_from_slice(b"{\n      \"attributes\": ");
        write_attrs(self.model, layouts, &o.attrs, OBJECT_ATTRS, text)?;
        text.extend_from_slice(b",\n      \"doc\": ");
        pretty::string(text, &o.docs)?;
        text.extend_from_slice(b",\n      \"id\": ");
        pretty::string(text, &o.id)?;
        text.extend_from_slice(b",\n      \"kind\": ");
        pretty::string(text, &o.kind)?;
        let at = location(self.sources, o.span);
        write!(
            text,
            ",\n      \"location\": {{\n        \"column\": {}",
            at.column
        )?;
        text.extend_from_slice(b",\n        \"file\": ");
        pretty::string(text, at.file)?;
        write!(text, ",\n        \"line\": {}\n      }}", at.line)?;
        text.extend_from_slice(b",\n      \"name\": ");
        pretty::string(text, &o.name)?;
        text.extend_from_slice(b"\n    }");
        Ok(())
    }

    /// The threats with at least one finding in the document, in library
    /// order.
    fn threats(&self) -> Vec<ThreatView<'_>> {
        let mut found = vec![false; self.library.threats.len()];
        for f in self.findings {
            if self.with_model || !f.is_excluded() {
                found[f.threat.index()] = true;
            }
        }
        self.library
            .threats
            .iter()
            .zip(found)
            .filter(|(_, found)| *found)
            .map(|(threat, _)| ThreatView {
                sources: self.sources,
                threat,
            })
            .collect()
    }

    /// `write` through a buffer (`output::buffered`).
    fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        super::buffered(w, |b| self.write(b))
    }

    /// The document, keys sorted. The long arrays (objects and findings)
    /// are rendered in pieces on every core (`pretty::Object::array`).
    fn write(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut doc = pretty::Object::begin(w)?;
        // The model's objects, with the shared parts of their attributes
        // laid out once.
        let layouts = self
            .with_model
            .then(|| Layouts::of(self.model, &self.model.objects))
            .transpose()?;
        if let Some(layouts) = &layouts {
            for (key, role) in [
                (
                    "boundaries",
                    (|r| *r == Role::Boundary) as fn(&Role) -> bool,
                ),
                ("data", |r| *r == Role::Data),
                ("elements", |r| *r == Role::Element),
            ] {
                doc.array_with(key, &self.objects(role), |o, text| {
                    self.write_object(layouts, o, text)
                })?;
            }
            doc.array("excluded_findings", &self.findings(true), |f| {
                self.finding(f)
            })?;
        }
        let pieces = ThreatPieces::all(self.library)?;
        doc.array_with("findings", &self.findings(false), |f, text| {
            self.write_finding(&pieces, f, text)
        })?;
        if let Some(layouts) = &layouts {
            let flows = self.objects(|r| matches!(r, Role::Flow { .. }));
            doc.array_with("flows", &flows, |o, text| {
                self.write_object(layouts, o, text)
            })?;
        }
        doc.entry("format", &FORMAT)?;
        doc.entry("library", &OriginView(&self.library.origin))?;
        if self.with_model {
            let header = &self.model.header;
            doc.entry(
                "model",
                &ModelView {
                    attributes: AttrsView {
                        model: self.model,
                        attrs: &header.attrs,
                    },
                    doc: &header.docs,
                    location: location(self.sources, header.span),
                    name: &header.name,
                },
            )?;
        }
        if !self.with_model {
            doc.entry("targets", &self.targets())?;
        }
        doc.entry("threats", &self.threats())?;
        doc.end()
    }

    /// The objects the findings of a document without the model are on,
    /// in declaration order: each one's name is written once, here.
    fn targets(&self) -> Vec<TargetView<'_>> {
        let mut found = vec![false; self.model.objects.len()];
        for f in self.findings.iter().filter(|f| !f.is_excluded()) {
            found[f.target.index()] = true;
        }
        self.model
            .objects
            .iter()
            .zip(found)
            .filter(|(_, found)| *found)
            .map(|(o, _)| TargetView {
                id: &o.id,
                kind: &o.kind,
                name: &o.name,
            })
            .collect()
    }
}

/// An object findings are on, in `tmc threats --format json`.
#[derive(serde::Serialize)]
struct TargetView<'a> {
    id: &'a str,
    kind: &'a str,
    name: &'a str,
}

#[derive(serde::Serialize)]
struct ModelView<'a> {
    attributes: AttrsView<'a>,
    doc: &'a str,
    location: Location<'a>,
    name: &'a str,
}

/// An object through serde: the layout `Document::write_object` writes by
/// hand, kept as the reference its test compares against.
#[cfg(test)]
struct ObjectView<'a> {
    sources: &'a Sources,
    model: &'a Model,
    object: &'a Object,
}

#[cfg(test)]
impl Serialize for ObjectView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.object;
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry(
            "attributes",
            &AttrsView {
                model: self.model,
                attrs: &o.attrs,
            },
        )?;
        map.serialize_entry("doc", &o.docs)?;
        map.serialize_entry("id", &o.id)?;
        map.serialize_entry("kind", &o.kind)?;
        map.serialize_entry("location", &location(self.sources, o.span))?;
        map.serialize_entry("name", &o.name)?;
        map.end()
    }
}

/// Attribute values, keys sorted (`Attrs` is ordered).
struct AttrsView<'a> {
    model: &'a Model,
    attrs: &'a Attrs,
}

impl Serialize for AttrsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.attrs.len()))?;
        for (k, value) in self.attrs {
            map.serialize_entry(
                k,
                &ValueView {
                    model: self.model,
                    value,
                },
            )?;
        }
        map.end()
    }
}

/// The depth at which an object's attributes are written: the document,
/// a list of objects, an object, its `attributes`.
const OBJECT_ATTRS: usize = 3;

/// The shared layers of the objects' attributes (their kinds' and
/// records' defaults: most of what an object holds), each laid out once
/// at the depth it is written at. Writing an object then copies each run
/// of defaults it keeps as one block of text, instead of writing its
/// entries one by one (a model of ten thousand elements writes nearly two
/// million attributes, nine in ten of them defaults).
#[derive(Default)]
struct Layouts<'m> {
    laid_out: Map<(Layer<'m>, usize), Laid>,
}

/// One shared layer laid out at one depth: entry `i` is
/// `text[ends[i]..ends[i + 1]]`, each with the `,` and line break that
/// go before a member that is not the first.
struct Laid {
    text: Vec<u8>,
    ends: Vec<usize>,
}

impl<'m> Layouts<'m> {
    /// The layers of `objects`' attributes, and the layers of the records
    /// among their entries, and so on down. A record an object writes to
    /// is a copy of its default and keeps its layer. The objects' own
    /// entries are not read: on a large model they are scattered over
    /// memory, and reading them costs more than the layouts save.
    fn of(model: &'m Model, objects: &'m [Object]) -> std::io::Result<Self> {
        let mut layouts = Layouts::default();
        let mut last = None;
        for layer in objects.iter().filter_map(|o| o.attrs.layer()) {
            // Objects of a kind mostly come together.
            if last != Some(layer) {
                layouts.add(model, layer, OBJECT_ATTRS)?;
                last = Some(layer);
            }
        }
        Ok(layouts)
    }

    /// `layer` laid out at `depth`, and the layers of its records below.
    fn add(&mut self, model: &Model, layer: Layer<'m>, depth: usize) -> std::io::Result<()> {
        if self.laid_out.contains_key(&(layer, depth)) {
            return Ok(());
        }
        self.laid_out
            .insert((layer, depth), Laid::new(model, layer, depth)?);
        for (_, value) in layer.entries() {
            if let Some(inner) = match value {
                Value::Record(attrs) => attrs.layer(),
                _ => None,
            } {
                self.add(model, inner, depth + 1)?;
            }
        }
        Ok(())
    }
}

impl Laid {
    /// `layer`'s entries as members of an object at `depth`.
    fn new(model: &Model, layer: Layer, depth: usize) -> std::io::Result<Laid> {
        let mut laid = Laid {
            text: Vec::new(),
            ends: vec![0],
        };
        for (name, value) in layer.entries() {
            pretty::member(&mut laid.text, depth + 1, false);
            write_member(
                model,
                &Layouts::default(),
                name,
                value,
                depth,
                &mut laid.text,
            )?;
            laid.ends.push(laid.text.len());
        }
        Ok(laid)
    }
}

/// `"name": value`, the value written at `depth + 1`.
fn write_member(
    model: &Model,
    layouts: &Layouts,
    name: &str,
    value: &Value,
    depth: usize,
    text: &mut Vec<u8>,
) -> std::io::Result<()> {
    pretty::string(text, name)?;
    text.extend_from_slice(b": ");
    write_value(model, layouts, value, depth + 1, text)
}

/// `AttrsView` of `attrs` at `depth`, written straight into `text`: the
/// runs of shared entries copied from `layouts` where it has their layer.
fn write_attrs(
    model: &Model,
    layouts: &Layouts,
    attrs: &Attrs,
    depth: usize,
    text: &mut Vec<u8>,
) -> std::io::Result<()> {
    text.push(b'{');
    let mut first = true;
    let laid = attrs
        .layer()
        .and_then(|layer| layouts.laid_out.get(&(layer, depth)));
    match laid {
        Some(laid) => {
            for segment in attrs.segments() {
                match segment {
                    Segment::Shared(run) => {
                        let block = &laid.text[laid.ends[run.start]..laid.ends[run.end]];
                        // The first member has no `,` before it.
                        text.extend_from_slice(if first { &block[1..] } else { block });
                    }
                    Segment::Own(name, value) => {
                        pretty::member(text, depth + 1, first);
                        write_member(model, layouts, name, value, depth, text)?;
                    }
                }
                first = false;
            }
        }
        None => {
            for (name, value) in attrs {
                pretty::member(text, depth + 1, first);
                first = false;
                write_member(model, layouts, name, value, depth, text)?;
            }
        }
    }
    pretty::close(text, depth, first, b'}');
    Ok(())
}

/// `ValueView` of `value` at `depth`, written straight into `text`.
fn write_value(
    model: &Model,
    layouts: &Layouts,
    value: &Value,
    depth: usize,
    text: &mut Vec<u8>,
) -> std::io::Result<()> {
    match value {
        Value::Bool(true) => text.extend_from_slice(b"true"),
        Value::Bool(false) => text.extend_from_slice(b"false"),
        Value::Int(n) => write!(text, "{n}")?,
        Value::Str(s) => pretty::string(text, s)?,
        Value::Enum { member, .. } => pretty::string(text, member)?,
        Value::List(items) => {
            text.push(b'[');
            for (i, item) in items.iter().enumerate() {
                pretty::member(text, depth + 1, i == 0);
                write_value(model, layouts, item, depth + 1, text)?;
            }
            pretty::close(text, depth, items.is_empty(), b']');
        }
        Value::Record(attrs) => write_attrs(model, layouts, attrs, depth, text)?,
        Value::Ref(id) => pretty::string(text, &model.object(*id).id)?,
    }
    Ok(())
}

/// A value: enums by member name, references by identifier.
struct ValueView<'a> {
    model: &'a Model,
    value: &'a Value,
}

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let model = self.model;
        match self.value {
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(n) => s.serialize_i64(*n),
            Value::Str(text) => s.serialize_str(text),
            Value::Enum { member, .. } => s.serialize_str(member),
            Value::List(items) => {
                s.collect_seq(items.iter().map(|value| ValueView { model, value }))
            }
            Value::Record(attrs) => AttrsView { model, attrs }.serialize(s),
            Value::Ref(id) => s.serialize_str(&model.object(*id).id),
        }
    }
}

#[derive(serde::Serialize)]
struct Location<'a> {
    column: usize,
    file: &'a str,
    line: usize,
}

fn location(sources: &Sources, span: Span) -> Location<'_> {
    let at = sources.line_col(span.file, span.start);
    Location {
        column: at.column,
        file: sources.name(span.file),
        line: at.line,
    }
}

struct FindingView<'a> {
    model: &'a Model,
    threat: &'a Threat,
    finding: &'a Finding,
}

/// The texts an override gives for one finding in place of its threat's.
#[derive(serde::Serialize)]
struct OverrideTexts<'a> {
    description: Option<&'a str>,
    details: Option<&'a str>,
    example: Option<&'a str>,
    mitigations: Option<&'a str>,
    references: Option<[&'a str; 1]>,
}

impl Serialize for FindingView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.finding;
        let target = self.model.object(f.target);
        let o = f.overridden.as_ref();
        let texts = o
            .map(|o| OverrideTexts {
                description: given(&o.description),
                details: given(&o.details),
                example: given(&o.example),
                mitigations: given(&o.mitigations),
                references: given(&o.references).map(|r| [r]),
            })
            .filter(|t| {
                t.description.is_some()
                    || t.details.is_some()
                    || t.example.is_some()
                    || t.mitigations.is_some()
                    || t.references.is_some()
            });
        let excluded_by = f.excluded_at.map(|at| ExcludedBy {
            index: at.index,
            object: at.object.map(|o| self.model.object(o).id.as_str()),
        });
        let standing = gate::standing(f);
        let triage = standing.triage().map(|decision| TriageView {
            model: self.model,
            decision,
        });
        let mut map = s.serialize_map(Some(14 + usize::from(f.path.is_some())))?;
        map.serialize_entry("cvss", &o.and_then(|o| given(&o.cvss)))?;
        map.serialize_entry("excluded_by", &excluded_by)?;
        map.serialize_entry("id", &FindingId(self.threat, target))?;
        map.serialize_entry("impact", &f.impact.label())?;
        map.serialize_entry("likelihood", &f.likelihood.as_ref().map(Level::label))?;
        map.serialize_entry("open", &standing.is_open())?;
        map.serialize_entry("override", &texts)?;
        // A path threat's route (`paths::found`); absent on other findings.
        if let Some(path) = &f.path {
            map.serialize_entry("path", &path.to_json(self.model))?;
        }
        map.serialize_entry("response", &o.and_then(|o| given(&o.response)))?;
        map.serialize_entry("severity", &f.severity.label())?;
        map.serialize_entry("status", standing.status.name())?;
        map.serialize_entry("target", &target.id)?;
        map.serialize_entry("target_kind", &target.kind)?;
        map.serialize_entry("threat_id", &self.threat.id)?;
        map.serialize_entry("triage", &triage)?;
        map.end()
    }
}

/// The `Triage` that decides a finding: its identifier and what it
/// says, texts it leaves empty and dates it omits as `null`.
struct TriageView<'a> {
    model: &'a Model,
    decision: &'a Decision,
}

impl Serialize for TriageView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.decision;
        let day = |date: Option<tmc_compiler::triage::Date>| date.map(|d| d.to_string());
        let mut map = s.serialize_map(Some(8))?;
        map.serialize_entry("decided", &day(d.decided))?;
        map.serialize_entry("expired", &d.expired)?;
        map.serialize_entry("id", &self.model.object(d.entry).id)?;
        map.serialize_entry("justification", &given(&d.justification))?;
        map.serialize_entry("owner", &given(&d.owner))?;
        map.serialize_entry("reviewBy", &day(d.review_by))?;
        map.serialize_entry("status", d.status.name())?;
        map.serialize_entry("ticket", &given(&d.ticket))?;
        map.end()
    }
}

/// Where the assumption that rules a finding out is written: the `index`-th
/// of the `assumptions` of `object`, or of the model when `object` is
/// `None`.
#[derive(serde::Serialize)]
struct ExcludedBy<'a> {
    index: usize,
    object: Option<&'a str>,
}

/// `THREAT@element` (`findings::finding_id`), written without making a
/// string first.
struct FindingId<'a>(&'a Threat, &'a Object);

impl Serialize for FindingId<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}@{}", self.0.id, self.1.id))
    }
}

/// The text a plain finding (no override, exclusion or triage) of one
/// threat shares with every other, at depth 2: from `{` to the `@` in its
/// id, and from its `threat_id` to `}`. Its ratings and target are written between.
struct ThreatPieces {
    head: Vec<u8>,
    tail: Vec<u8>,
}

impl ThreatPieces {
    fn all(library: &Library) -> serde_json::Result<Vec<ThreatPieces>> {
        library.threats.iter().map(ThreatPieces::new).collect()
    }

    fn new(t: &Threat) -> serde_json::Result<ThreatPieces> {
        let mut head =
            b"{\n      \"cvss\": null,\n      \"excluded_by\": null,\n      \"id\": ".to_vec();
        let id = serde_json::to_vec(&t.id)?;
        head.extend_from_slice(&id[..id.len() - 1]);
        head.push(b'@');
        let mut tail = id;
        tail.extend_from_slice(b",\n      \"triage\": null\n    }");
        Ok(ThreatPieces { head, tail })
    }
}

/// Where the threats come from (`Library::origin`), keys sorted.
struct OriginView<'a>(&'a Origin);

impl Serialize for OriginView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("builtin", &o.builtin.map(Builtin::name))?;
        map.serialize_entry("chosen_by", &o.builtin.map(|_| o.chosen.name()))?;
        map.serialize_entry("rule_files", &o.rule_files)?;
        map.serialize_entry("threats_file", &o.threats_file)?;
        map.end()
    }
}

struct ThreatView<'a> {
    sources: &'a Sources,
    threat: &'a Threat,
}

impl Serialize for ThreatView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.threat;
        let mut map = s.serialize_map(Some(19))?;
        map.serialize_entry("capec", &t.capec)?;
        map.serialize_entry("condition", &t.condition_text)?;
        map.serialize_entry("cwe", &t.cwe)?;
        map.serialize_entry("deprecated", &t.deprecated)?;
        map.serialize_entry("details", &t.details)?;
        map.serialize_entry("example", &t.example)?;
        map.serialize_entry("id", &t.id)?;
        map.serialize_entry("library", &t.library.map(Builtin::name))?;
        map.serialize_entry("likelihood", &t.likelihood.as_ref().map(Level::label))?;
        map.serialize_entry("linddun", &t.linddun)?;
        map.serialize_entry("location", &location(self.sources, t.span))?;
        map.serialize_entry("mitigations", &t.mitigations)?;
        map.serialize_entry("prerequisites", &t.prerequisites)?;
        map.serialize_entry("references", &t.references)?;
        map.serialize_entry("refines", &t.refines)?;
        map.serialize_entry("severity", &t.severity.label())?;
        map.serialize_entry("stride", &t.stride)?;
        map.serialize_entry("targets", &t.targets)?;
        map.serialize_entry("title", &t.title)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names that need escaping, an override (with and without a new
    /// severity) and exclusions, besides plain findings.
    const MODEL: &str = r#"model "Odd" {
  description = "d"
  library = pytm
  assumptions = [{ name = "Admin \"net\"" exclude = ["AC01"] }]
}
Server api "API \"quoted\" \\ back\tslash é \u{1}" {
  overrides = [
    { threat_id = "INP03" response = "WAF" severity = VeryHigh },
    { threat_id = "INP02" cvss = "5.0" },
  ]
  assumptions = [{ name = "No SSI" exclude = ["INP05"] }]
}
Actor user "Üser \u{7f} \u{2028}"
Datastore store "Store \"s\"" { isSQL = true controls.isHardened = true }
Process job { controls { isHardened = true sanitizesInput = true } }
flow user -> api { protocol = "HTTP" }
flow api -> store
"#;

    /// `check` on the model document of `MODEL`.
    fn with_document(check: impl FnOnce(&Document)) {
        let (c, model) = crate::compile_clean(MODEL);
        let findings = c.findings.expect("findings");
        let doc = Document {
            sources: &c.sources,
            model: &model,
            library: &c.library,
            findings: &findings,
            with_model: true,
        };
        check(&doc);
    }

    /// What `fast` writes is what serde writes for `view` at depth 2.
    fn assert_laid_out_alike(
        fast: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
        view: &impl Serialize,
    ) {
        let mut by_hand = Vec::new();
        fast(&mut by_hand).unwrap();
        let mut by_serde = Vec::new();
        pretty::write_at(&mut by_serde, 2, view).unwrap();
        assert_eq!(
            String::from_utf8(by_hand).unwrap(),
            String::from_utf8(by_serde).unwrap()
        );
    }

    #[test]
    fn plain_findings_are_laid_out_as_finding_view_lays_them_out() {
        with_document(|doc| {
            let pieces = ThreatPieces::all(doc.library).unwrap();
            let (mut plain, mut other) = (0, 0);
            for f in doc.findings {
                assert_laid_out_alike(|text| doc.write_finding(&pieces, f, text), &doc.finding(f));
                match f.overridden.is_none() && !f.is_excluded() {
                    true => plain += 1,
                    false => other += 1,
                }
            }
            assert!(plain > 10 && other >= 4, "{plain} plain, {other} other");
        });
    }

    #[test]
    fn objects_are_laid_out_as_object_view_lays_them_out() {
        with_document(|doc| {
            let layouts = Layouts::of(doc.model, &doc.model.objects).unwrap();
            // The kinds' defaults, and those of their records one level
            // down (`controls`), which the objects write into.
            let depths: Vec<usize> = layouts.laid_out.keys().map(|(_, d)| *d).collect();
            assert!(depths.contains(&OBJECT_ATTRS) && depths.contains(&(OBJECT_ATTRS + 1)));
            for o in &doc.model.objects {
                assert_laid_out_alike(|text| doc.write_object(&layouts, o, text), &doc.object(o));
            }
            // Records, lists, references and texts that need escaping are
            // among them.
            let mut out = Vec::new();
            doc.write(&mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            for needle in [
                "\"controls\": {",
                "\"inputs\": [",
                "\\\"quoted\\\"",
                "\"port\": -1",
            ] {
                assert!(text.contains(needle), "no {needle}");
            }
        });
    }
}
