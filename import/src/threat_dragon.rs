//! `tmc import threat-dragon`: turns an OWASP Threat Dragon v2 model (its
//! JSON file) into a `.tm` model, formatted by `tmc_syntax::format::format`.
//!
//! The cells of every diagram come across: actors, processes and stores as
//! elements, flows as flows, trust boundary boxes as boundaries holding the
//! elements they enclose (the box's `containedElements`, else its
//! geometry), and each threat on a cell as a hand-written `threat` on that
//! cell plus a `Triage` whose status comes from the threat's. What tmc has
//! no place for (layout, trust boundary curves, text blocks, flags with no
//! counterpart) becomes a `// import:` comment and a warning. A value of the
//! wrong shape, a missing id, a flow end that names nothing, or boxes that
//! contain each other is an error naming its place
//! (`$.detail.diagrams[0].cells[3].source.cell`) with a hint.
//! docs/interop.md has the mapping, field by field.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value as Json};

use crate::document::{imported, invalid, locate, parse, shape, ImportError, Imported, Summary};
use crate::fields;
use crate::losses::Losses;
use crate::names::Names;
use crate::names::{identifier, is_identifier};
use crate::otm::{block, comments, compact, hint_ids, stride_of};
use crate::pytm::quote;
use crate::written;
use tmc_compiler::model::known::TRIAGE_STATUS;

type Result<T> = std::result::Result<T, ImportError>;

/// Where the format is described, for hints.
const SPEC_HINT: &str = "see Threat Dragon's v2 model schema (td.vue/src/assets/schema/threat-dragon-v2.schema.json in github.com/OWASP/threat-dragon)";

/// Imports a Threat Dragon v2 model.
pub fn import(text: &str) -> Result<Imported> {
    let doc = parse(text)?;
    let mut r = Reader::default();
    let raw = object(&doc, "$")
        .and_then(|top| r.read(top))
        .and_then(|()| r.write())
        .map_err(|e| locate(e, text))?;
    imported(&raw, r.losses.warnings(), r.summary)
}

// ---- reading values ------------------------------------------------------

fn object<'a>(v: &'a Json, path: &str) -> Result<&'a Map<String, Json>> {
    fields::object(v, path, "an object", SPEC_HINT)
}

/// An optional object field (absent or null: none).
fn child<'a>(
    m: &'a Map<String, Json>,
    key: &str,
    path: &str,
) -> Result<Option<&'a Map<String, Json>>> {
    match m.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(v) => object(v, &format!("{path}.{key}")).map(Some),
    }
}

/// A required string field, not empty.
fn required<'a>(m: &'a Map<String, Json>, key: &str, path: &str, what: &str) -> Result<&'a str> {
    match optional(m, key, path)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(invalid(
            &format!("{path}.{key}"),
            format!("empty `{key}`"),
            format!("every {what} needs a non-empty `{key}`"),
        )),
        None => Err(invalid(
            path,
            format!("missing `{key}`"),
            format!("every {what} needs a string `{key}`"),
        )),
    }
}

/// An optional string field (absent or null: none).
fn optional<'a>(m: &'a Map<String, Json>, key: &str, path: &str) -> Result<Option<&'a str>> {
    fields::string(m, key, path, SPEC_HINT)
}

/// An optional flag (absent or null: false).
fn flag(m: &Map<String, Json>, key: &str, path: &str) -> Result<bool> {
    fields::flag(m, key, path, SPEC_HINT)
}

/// An optional list field (absent or null: empty).
fn list<'a>(m: &'a Map<String, Json>, key: &str, path: &str) -> Result<&'a [Json]> {
    fields::list(m, key, path, SPEC_HINT)
}

/// An optional number field.
fn number(m: &Map<String, Json>, key: &str, path: &str) -> Result<Option<f64>> {
    fields::number(m, key, path, "a number", SPEC_HINT)
}

/// A cell's rectangle, from its `position` and `size`.
#[derive(Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn of(cell: &Map<String, Json>, path: &str) -> Result<Option<Rect>> {
        let (Some(p), Some(s)) = (child(cell, "position", path)?, child(cell, "size", path)?)
        else {
            return Ok(None);
        };
        let (pp, sp) = (format!("{path}.position"), format!("{path}.size"));
        let got = (
            number(p, "x", &pp)?,
            number(p, "y", &pp)?,
            number(s, "width", &sp)?,
            number(s, "height", &sp)?,
        );
        Ok(match got {
            (Some(x), Some(y), Some(w), Some(h)) => Some(Rect { x, y, w, h }),
            _ => None,
        })
    }

    fn inside(&self, outer: &Rect) -> bool {
        self.x >= outer.x
            && self.y >= outer.y
            && self.x + self.w <= outer.x + outer.w
            && self.y + self.h <= outer.y + outer.h
    }

    fn area(&self) -> f64 {
        self.w * self.h
    }
}

// ---- the model read ------------------------------------------------------

/// What a cell is, by its `shape` (or `data.type`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Actor,
    Process,
    Store,
    Flow,
    Box,
    Curve,
    Text,
}

impl Cell {
    fn of(shape: &str, data_type: Option<&str>) -> Option<Cell> {
        let by_shape = match shape {
            "actor" => Some(Cell::Actor),
            "process" => Some(Cell::Process),
            "store" => Some(Cell::Store),
            "flow" => Some(Cell::Flow),
            "trust-boundary-box" => Some(Cell::Box),
            "trust-boundary-curve" | "trust-boundary" => Some(Cell::Curve),
            "td-text-block" => Some(Cell::Text),
            _ => None,
        };
        by_shape.or(match data_type? {
            "tm.Actor" => Some(Cell::Actor),
            "tm.Process" => Some(Cell::Process),
            "tm.Store" => Some(Cell::Store),
            "tm.Flow" => Some(Cell::Flow),
            "tm.BoundaryBox" => Some(Cell::Box),
            "tm.Boundary" => Some(Cell::Curve),
            "tm.Text" => Some(Cell::Text),
            _ => None,
        })
    }
}

/// An actor, process or store.
struct Node {
    ident: String,
    name: String,
    kind: String,
    lines: Vec<String>,
    rect: Option<Rect>,
    zone: Option<usize>,
    notes: Vec<String>,
}

/// A trust boundary box.
struct Zone {
    path: String,
    td_id: String,
    ident: String,
    name: String,
    lines: Vec<String>,
    rect: Option<Rect>,
    /// The ids its `containedElements` lists, with their places; none when
    /// it has no such list (its geometry decides).
    contained: Option<Vec<(String, String)>>,
    /// The same ids, to look up.
    held: HashSet<String>,
    parent: Option<usize>,
    /// Whether `tmc export threat-dragon` recorded its trust.
    trusted: bool,
    notes: Vec<String>,
}

/// A data item, from the summary's `tmc.data`.
struct DataItem {
    ident: String,
    name: String,
    lines: Vec<String>,
}

/// A flow between two nodes.
struct Flow {
    ident: String,
    name: String,
    source: usize,
    sink: usize,
    bidirectional: bool,
    lines: Vec<String>,
    notes: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Node(usize),
    Flow(usize),
}

/// A threat: the threats of the cells that say the same thing are one.
struct Threat {
    /// Its identifier; for a threat of tmc's library, its id there.
    ident: String,
    /// Whether `tmc export threat-dragon` wrote it from a built-in library
    /// (`tmc.library`): its findings come back as that threat's own,
    /// triaged, and no threat is written.
    library: bool,
    title: String,
    body: String,
    notes: Vec<String>,
    on: Vec<Target>,
}

/// One threat on one cell.
struct Attachment {
    path: String,
    threat: usize,
    target: Target,
    status: String,
    /// The status `tmc export threat-dragon` recorded, a `TriageStatus`
    /// member, which says more than Threat Dragon's (`IN_PROGRESS`).
    exact: Option<String>,
    notes: Vec<String>,
}

/// What a cell id names.
#[derive(Clone, Copy)]
enum Named {
    Node(usize),
    Zone,
    Flow(usize),
    /// A curve, a text block or a cell of an unknown shape.
    Other,
}

#[derive(Default)]
struct Reader {
    title: String,
    description: Option<String>,
    header_notes: Vec<String>,
    nodes: Vec<Node>,
    zones: Vec<Zone>,
    flows: Vec<Flow>,
    data: Vec<DataItem>,
    threats: Vec<Threat>,
    attachments: Vec<Attachment>,
    /// Cell id -> what it is, and the place it was declared.
    ids: HashMap<String, (Named, String)>,
    /// Threat key (title, type, severity, description, mitigation) -> index.
    threat_keys: HashMap<Vec<String>, usize>,
    /// Identifiers given so far, and those the cells `tmc export
    /// threat-dragon` wrote keep.
    names: Names,
    /// The model's `outsideTrust`, recorded by `tmc export threat-dragon`.
    outside_trust: Option<&'static str>,
    /// The model block's lines `tmc export threat-dragon` recorded in the
    /// summary's `tmc.written`.
    header_lines: Vec<String>,
    /// What had no counterpart, and other warnings.
    losses: Losses,
    schema: Option<tmc_compiler::schema::Schema>,
    summary: Summary,
}

/// Keys of a cell's `data` the importer reads or that Threat Dragon
/// derives from the diagram (nothing is lost by leaving those).
const DATA_KEYS: &[&str] = &[
    "type",
    "name",
    "description",
    "outOfScope",
    "reasonOutOfScope",
    "threats",
    "isTrustBoundary",
    "hasOpenThreats",
    "containedElements",
    "crossingFlows",
    "trustBoundaryIds",
    "isBidirectional",
    "isEncrypted",
    "protocol",
    "isALog",
    "isSigned",
    "storesCredentials",
    "isWebApplication",
    "tmc",
];

/// Keys of a cell: what the importer reads, and the drawing's (its
/// layout, noted once per diagram).
const CELL_KEYS: &[&str] = &[
    "id",
    "shape",
    "data",
    "threats",
    "zIndex",
    "position",
    "size",
    "attrs",
    "source",
    "target",
    "vertices",
    "connector",
    "router",
    "visible",
    "ports",
    "labels",
    "width",
    "height",
    "angle",
    "parent",
    "children",
    "markup",
    "tools",
];

/// Flags of a cell's `data` with no tmc counterpart, noted when set.
const NOTED_FLAGS: &[&str] = &[
    "providesAuthentication",
    "handlesCardPayment",
    "handlesGoodsOrServices",
    "storesInventory",
    "isPublicNetwork",
];

impl Reader {
    fn read(&mut self, top: &Map<String, Json>) -> Result<()> {
        match optional(top, "version", "$")? {
            Some(v) if v.starts_with('2') => {}
            Some(v) => self.losses.notices.push(format!(
                "$.version: Threat Dragon version {v}; read as a v2 model, check the result"
            )),
            None => {
                (self.losses.notices).push("$.version: missing; read as a v2 model".to_string())
            }
        }
        let summary = child(top, "summary", "$")?.ok_or_else(|| {
            invalid(
                "$.summary",
                "missing",
                "a Threat Dragon model has a `summary` with its `title`",
            )
        })?;
        self.title = required(summary, "title", "$.summary", "summary")?.to_string();
        self.description = optional(summary, "description", "$.summary")?
            .filter(|d| !d.trim().is_empty())
            .map(str::to_string);
        let mut notes = Vec::new();
        self.extras(top, &["version", "summary", "detail"], "$", &mut notes);
        self.extras(
            summary,
            &["title", "description", "owner", "id", "tmc"],
            "$.summary",
            &mut notes,
        );
        let from_tmc = summary.get("tmc").is_some_and(Json::is_object);
        if let Some(t) = summary
            .get("tmc")
            .and_then(|t| t.get("outsideTrust")?.as_str())
        {
            self.outside_trust = TRUST
                .iter()
                .find(|m| **m == t)
                .copied()
                .filter(|t| *t != "INTERNET");
        }
        for key in ["owner", "id"] {
            if let Some(v) = summary
                .get(key)
                .filter(|v| !v.is_null() && v.as_str() != Some(""))
            {
                let path = format!("$.summary.{key}");
                self.losses.lose(
                    &mut notes,
                    "the model's owner, id and reviewer",
                    &path,
                    format!("{key}: {}", compact(v)),
                );
            }
        }
        let detail = child(top, "detail", "$")?.ok_or_else(|| {
            invalid(
                "$.detail",
                "missing",
                "a Threat Dragon model has a `detail` with its `diagrams`",
            )
        })?;
        let known = [
            "contributors",
            "diagrams",
            "diagramTop",
            "reviewer",
            "threatTop",
        ];
        self.extras(detail, &known, "$.detail", &mut notes);
        if let Some(r) = optional(detail, "reviewer", "$.detail")?.filter(|r| !r.is_empty()) {
            self.losses.lose(
                &mut notes,
                "the model's owner, id and reviewer",
                "$.detail.reviewer",
                format!("reviewer: {r}"),
            );
        }
        let contributors: Vec<String> = list(detail, "contributors", "$.detail")?
            .iter()
            .filter_map(|c| c.get("name").and_then(Json::as_str).map(str::to_string))
            .collect();
        if !contributors.is_empty() {
            self.losses.lose(
                &mut notes,
                "contributors",
                "$.detail.contributors",
                format!("contributors: {}", contributors.join(", ")),
            );
        }
        let diagrams = match detail.get("diagrams") {
            Some(Json::Array(d)) => d,
            Some(v) => {
                return Err(invalid(
                    "$.detail.diagrams",
                    format!("expected a list, found {}", shape(v)),
                    SPEC_HINT,
                ))
            }
            None => {
                return Err(invalid(
                    "$.detail",
                    "missing `diagrams`",
                    "a Threat Dragon model lists its diagrams in `detail.diagrams`",
                ))
            }
        };
        self.reserve(diagrams)?;
        if let Some(tmc) = summary.get("tmc").and_then(Json::as_object) {
            self.read_data(tmc)?;
            let body = match self.outside_trust {
                Some(t) => format!("outsideTrust = {t}"),
                None => String::new(),
            };
            self.header_lines = written::lines(Some(tmc), "$.summary.tmc", "Model", &body)?;
        }
        for (i, d) in diagrams.iter().enumerate() {
            let path = format!("$.detail.diagrams[{i}]");
            let d = object(d, &path)?;
            let title = optional(d, "title", &path)?.unwrap_or("");
            let kind = optional(d, "diagramType", &path)?.unwrap_or("");
            // A layout `tmc export threat-dragon` drew from the model is no loss.
            if !from_tmc {
                self.losses.lose(
                    &mut notes,
                    "diagrams' layout (positions, sizes, styles; the diagrams are merged into one model)",
                    &path,
                    format!("diagram {i} \"{title}\" ({kind}): its layout is not kept"),
                );
            }
            self.read_cells(d, &path)?;
        }
        self.header_notes.extend(notes);
        self.place()?;
        self.read_flows(diagrams)?;
        self.read_threats(diagrams)?;
        Ok(())
    }

    /// Notes the keys of `m` outside `known`.
    fn extras(
        &mut self,
        m: &Map<String, Json>,
        known: &[&str],
        path: &str,
        notes: &mut Vec<String>,
    ) {
        for (key, value) in m {
            if !known.contains(&key.as_str()) && !value.is_null() {
                let note = format!("{key} = {}", compact(value));
                self.losses.lose(
                    notes,
                    "fields Threat Dragon's v2 schema does not define",
                    &format!("{path}.{key}"),
                    note,
                );
            }
        }
    }

    /// Reserves the identifiers recorded by `tmc export threat-dragon`.
    fn reserve(&mut self, diagrams: &[Json]) -> Result<()> {
        for (i, d) in diagrams.iter().enumerate() {
            let path = format!("$.detail.diagrams[{i}]");
            for (j, c) in list(object(d, &path)?, "cells", &path)?.iter().enumerate() {
                let at = format!("{path}.cells[{j}]");
                if let Some(id) = tmc_of(object(c, &at)?, &at)?.and_then(|t| t.get("id")?.as_str())
                {
                    if is_identifier(id) {
                        self.names.reserve(id);
                    }
                }
            }
        }
        Ok(())
    }

    /// The data items `tmc export threat-dragon` kept in the summary's
    /// `tmc.data` (Threat Dragon has none): each keeps its identifier,
    /// which the flows' written `data` names.
    fn read_data(&mut self, tmc: &Map<String, Json>) -> Result<()> {
        let items = list(tmc, "data", "$.summary.tmc")?;
        for (i, v) in items.iter().enumerate() {
            let path = format!("$.summary.tmc.data[{i}]");
            let id = required(object(v, &path)?, "id", &path, "data item")?;
            if is_identifier(id) {
                self.names.reserve(id);
            }
        }
        for (i, v) in items.iter().enumerate() {
            let path = format!("$.summary.tmc.data[{i}]");
            let m = object(v, &path)?;
            let id = required(m, "id", &path, "data item")?;
            let name = required(m, "name", &path, "data item")?.to_string();
            let lines = written::lines(Some(m), &path, "Data", "")?;
            let ident = self.names.ident(&name, id, "data", Some(id));
            self.data.push(DataItem { ident, name, lines });
        }
        Ok(())
    }

    /// Every cell of every diagram, with its place.
    fn cells(diagrams: &[Json]) -> Result<Vec<(String, &Map<String, Json>)>> {
        let mut out = Vec::new();
        for (i, d) in diagrams.iter().enumerate() {
            let path = format!("$.detail.diagrams[{i}]");
            for (j, c) in list(object(d, &path)?, "cells", &path)?.iter().enumerate() {
                let at = format!("{path}.cells[{j}]");
                out.push((at.clone(), object(c, &at)?));
            }
        }
        Ok(out)
    }

    fn read_cells(&mut self, diagram: &Map<String, Json>, path: &str) -> Result<()> {
        for (j, c) in list(diagram, "cells", path)?.iter().enumerate() {
            let at = format!("{path}.cells[{j}]");
            let cell = object(c, &at)?;
            let id = required(cell, "id", &at, "cell")?.to_string();
            let shape_name = required(cell, "shape", &at, "cell")?;
            let data = child(cell, "data", &at)?;
            let data_type = match data {
                Some(d) => optional(d, "type", &format!("{at}.data"))?,
                None => None,
            };
            let empty = Map::new();
            let data = data.unwrap_or(&empty);
            let mut notes = std::mem::take(&mut self.header_notes);
            self.extras(cell, CELL_KEYS, &at, &mut notes);
            self.header_notes = notes;
            let named = match Cell::of(shape_name, data_type) {
                Some(Cell::Actor | Cell::Process | Cell::Store) => {
                    let kind = Cell::of(shape_name, data_type).unwrap_or(Cell::Process);
                    Named::Node(self.read_node(cell, data, kind, &id, &at)?)
                }
                Some(Cell::Box) => {
                    self.read_zone(cell, data, &id, &at)?;
                    Named::Zone
                }
                Some(Cell::Flow) => Named::Flow(usize::MAX),
                Some(Cell::Curve) => {
                    let name = optional(data, "name", &format!("{at}.data"))?.unwrap_or("");
                    let note = format!("trust boundary curve \"{name}\" ({id}): a line, which encloses nothing; draw a box for a tmc boundary");
                    let mut notes = std::mem::take(&mut self.header_notes);
                    self.losses
                        .lose(&mut notes, "trust boundary curves", &at, note);
                    self.header_notes = notes;
                    Named::Other
                }
                Some(Cell::Text) => {
                    let name = optional(data, "name", &format!("{at}.data"))?.unwrap_or("");
                    let mut notes = std::mem::take(&mut self.header_notes);
                    self.losses
                        .lose(&mut notes, "text blocks", &at, format!("text: {name}"));
                    self.header_notes = notes;
                    Named::Other
                }
                None => {
                    let mut notes = std::mem::take(&mut self.header_notes);
                    self.losses.lose(
                        &mut notes,
                        "cells of shapes tmc does not know",
                        &format!("{at}.shape"),
                        format!("cell {id} of shape \"{shape_name}\" left out"),
                    );
                    self.header_notes = notes;
                    Named::Other
                }
            };
            if let Some((_, first)) = self.ids.get(&id) {
                return Err(invalid(
                    &format!("{at}.id"),
                    format!("id \"{id}\" is used twice (first at {first})"),
                    "cell ids must be unique across the model's diagrams; change one",
                ));
            }
            self.ids.insert(id, (named, at));
        }
        Ok(())
    }

    /// The notes for a cell's `data` keys tmc does not read, and its set
    /// flags that have no counterpart.
    fn data_notes(&mut self, data: &Map<String, Json>, path: &str, notes: &mut Vec<String>) {
        for (key, value) in data {
            if value.is_null() || DATA_KEYS.contains(&key.as_str()) {
                continue;
            }
            let at = format!("{path}.data.{key}");
            if NOTED_FLAGS.contains(&key.as_str()) {
                if value == &Json::Bool(true) {
                    self.losses
                        .lose(notes, "flags of cells", &at, format!("{key} = true"));
                }
                continue;
            }
            if key == "privilegeLevel" && value.as_str().is_none_or(str::is_empty) {
                continue;
            }
            let category = if key == "privilegeLevel" {
                "processes' privilege levels"
            } else {
                "data fields Threat Dragon's v2 schema does not define"
            };
            self.losses
                .lose(notes, category, &at, format!("{key} = {}", compact(value)));
        }
    }

    /// `description`, `inScope` and the reason it is out of scope.
    fn common_lines(
        &mut self,
        data: &Map<String, Json>,
        path: &str,
        lines: &mut Vec<String>,
        notes: &mut Vec<String>,
    ) -> Result<()> {
        let dp = format!("{path}.data");
        if let Some(d) = optional(data, "description", &dp)?.filter(|d| !d.trim().is_empty()) {
            lines.push(format!("description = {}", quote(d)));
        }
        if flag(data, "outOfScope", &dp)? {
            lines.push("inScope = false".to_string());
            if let Some(r) =
                optional(data, "reasonOutOfScope", &dp)?.filter(|r| !r.trim().is_empty())
            {
                self.losses.lose(
                    notes,
                    "reasons for being out of scope",
                    &format!("{dp}.reasonOutOfScope"),
                    format!("out of scope: {r}"),
                );
            }
        }
        Ok(())
    }

    fn read_node(
        &mut self,
        cell: &Map<String, Json>,
        data: &Map<String, Json>,
        kind: Cell,
        id: &str,
        path: &str,
    ) -> Result<usize> {
        let dp = format!("{path}.data");
        let name = optional(data, "name", &dp)?.unwrap_or("").to_string();
        let mut lines = Vec::new();
        let mut notes = Vec::new();
        self.common_lines(data, path, &mut lines, &mut notes)?;
        let mut controls = Vec::new();
        let kind = match kind {
            Cell::Actor => "Actor",
            Cell::Store => {
                if flag(data, "isALog", &dp)? {
                    lines.push("storesLogData = true".to_string());
                }
                if flag(data, "storesCredentials", &dp)? {
                    lines.push("storesSensitiveData = true".to_string());
                }
                if flag(data, "isEncrypted", &dp)? {
                    controls.push("isEncryptedAtRest = true");
                }
                if flag(data, "isSigned", &dp)? {
                    controls.push("providesIntegrity = true");
                }
                "Datastore"
            }
            _ if flag(data, "isWebApplication", &dp)? => "Server",
            _ => "Process",
        };
        if !controls.is_empty() {
            lines.push(format!("controls {{\n{}\n}}", controls.join("\n")));
        }
        self.data_notes(data, path, &mut notes);
        let tmc = tmc_of(cell, path)?;
        let kind = self.tmc_kind(tmc, kind);
        if let Some(t) = self.tmc_datastore_type(tmc, &kind) {
            lines.insert(0, format!("type = {t}"));
        }
        let more = written::lines(tmc, &tmc_path(cell, path), &kind, &lines.join("\n"))?;
        lines.extend(more);
        let kept = tmc.and_then(|t| t.get("id")?.as_str());
        let ident = self.names.ident(&name, id, "element", kept);
        self.nodes.push(Node {
            ident,
            name,
            kind,
            lines,
            rect: Rect::of(cell, path)?,
            zone: None,
            notes,
        });
        Ok(self.nodes.len() - 1)
    }

    /// The element kind `tmc export threat-dragon` recorded when the stdlib
    /// has it, else `kind`.
    fn tmc_kind(&mut self, tmc: Option<&Map<String, Json>>, kind: &str) -> String {
        let Some(recorded) = tmc.and_then(|t| t.get("kind")?.as_str()) else {
            return kind.to_string();
        };
        let schema = &*self
            .schema
            .get_or_insert_with(|| tmc_compiler::stdlib_schema().0);
        let is_element = schema.kind(recorded).is_some()
            && schema.is_a(recorded, "Element")
            && !["Boundary", "Dataflow"]
                .iter()
                .any(|k| schema.is_a(recorded, k));
        if is_element {
            recorded.to_string()
        } else {
            kind.to_string()
        }
    }

    /// The datastore type `tmc export threat-dragon` recorded for a
    /// datastore, when the stdlib has it.
    fn tmc_datastore_type(
        &mut self,
        tmc: Option<&Map<String, Json>>,
        kind: &str,
    ) -> Option<String> {
        let t = tmc.and_then(|t| t.get("datastoreType")?.as_str())?;
        let schema = &*self
            .schema
            .get_or_insert_with(|| tmc_compiler::stdlib_schema().0);
        let known = schema.is_a(kind, "Datastore")
            && schema
                .enumeration("DatastoreType")
                .is_some_and(|e| e.member(t).is_some());
        known.then(|| t.to_string())
    }

    fn read_zone(
        &mut self,
        cell: &Map<String, Json>,
        data: &Map<String, Json>,
        id: &str,
        path: &str,
    ) -> Result<usize> {
        let dp = format!("{path}.data");
        let name = optional(data, "name", &dp)?.unwrap_or("").to_string();
        let mut lines = Vec::new();
        let mut notes = Vec::new();
        if let Some(d) = optional(data, "description", &dp)?.filter(|d| !d.trim().is_empty()) {
            lines.push(format!("description = {}", quote(d)));
        }
        let tmc = tmc_of(cell, path)?;
        let trust = tmc
            .and_then(|t| t.get("trust")?.as_str())
            .filter(|t| TRUST.contains(t));
        if let Some(t) = trust {
            lines.insert(0, format!("trust = {t}"));
        }
        let contained = match data.get("containedElements") {
            None | Some(Json::Null) => None,
            Some(_) => {
                let mut ids = Vec::new();
                for (k, v) in list(data, "containedElements", &dp)?.iter().enumerate() {
                    let at = format!("{dp}.containedElements[{k}]");
                    let id = v.as_str().ok_or_else(|| {
                        invalid(
                            &at,
                            format!("expected a cell id, found {}", shape(v)),
                            SPEC_HINT,
                        )
                    })?;
                    ids.push((id.to_string(), at));
                }
                Some(ids)
            }
        };
        let mut data = data.clone();
        data.remove("outOfScope");
        data.remove("reasonOutOfScope");
        self.data_notes(&data, path, &mut notes);
        let more = written::lines(tmc, &tmc_path(cell, path), "Boundary", &lines.join("\n"))?;
        lines.extend(more);
        let kept = tmc.and_then(|t| t.get("id")?.as_str());
        let ident = self.names.ident(&name, id, "zone", kept);
        self.zones.push(Zone {
            path: path.to_string(),
            td_id: id.to_string(),
            ident,
            name,
            lines,
            rect: Rect::of(cell, path)?,
            held: contained
                .iter()
                .flatten()
                .map(|(id, _)| id.clone())
                .collect(),
            contained,
            parent: None,
            trusted: trust.is_some(),
            notes,
        });
        Ok(self.zones.len() - 1)
    }

    /// Whether zone `z` holds the node or zone `what` (at `rect`, cell id
    /// `id`): by its `containedElements` when it lists them, else by
    /// geometry (a zone holds another of the same size when it comes
    /// first).
    fn holds(&self, z: usize, id: &str, rect: Option<Rect>, other_zone: Option<usize>) -> bool {
        let zone = &self.zones[z];
        if zone.contained.is_some() {
            return zone.held.contains(id);
        }
        let (Some(outer), Some(inner)) = (zone.rect, rect) else {
            return false;
        };
        if !inner.inside(&outer) {
            return false;
        }
        match other_zone {
            Some(o) => inner.area() < outer.area() || (inner.area() == outer.area() && z < o),
            None => true,
        }
    }

    /// How many other zones each zone holds.
    fn inner_counts(&self) -> Vec<usize> {
        (0..self.zones.len())
            .map(|z| {
                (0..self.zones.len())
                    .filter(|&o| {
                        o != z && self.holds(z, &self.zones[o].td_id, self.zones[o].rect, Some(o))
                    })
                    .count()
            })
            .collect()
    }

    /// Puts each node and zone in its innermost zone.
    fn place(&mut self) -> Result<()> {
        // Every id a box lists must be a node or a box.
        for z in 0..self.zones.len() {
            for (id, at) in self.zones[z].contained.clone().unwrap_or_default() {
                match self.ids.get(&id) {
                    Some((Named::Node(_) | Named::Zone | Named::Other, _)) => {}
                    Some((Named::Flow(_), _)) => {
                        return Err(invalid(
                            &at,
                            format!("\"{id}\" is a flow; a boundary holds elements"),
                            "list the actors, processes, stores and boxes inside the box",
                        ));
                    }
                    None => {
                        return Err(invalid(
                            &at,
                            format!("no cell has the id \"{id}\""),
                            hint_ids("cells", self.cell_ids().into_iter()),
                        ));
                    }
                }
            }
        }
        // Of the zones holding something, the innermost: the one holding
        // the fewest other zones.
        let counts = self.inner_counts();
        let innermost = |holders: Vec<usize>| holders.into_iter().min_by_key(|&z| counts[z]);
        for z in 0..self.zones.len() {
            let (id, rect) = (self.zones[z].td_id.clone(), self.zones[z].rect);
            let holders: Vec<usize> = (0..self.zones.len())
                .filter(|&o| o != z && self.holds(o, &id, rect, Some(z)))
                .collect();
            self.zones[z].parent = innermost(holders);
        }
        self.refuse_cycles()?;
        let ids: HashMap<usize, String> = self
            .ids
            .iter()
            .filter_map(|(id, (n, _))| match n {
                Named::Node(i) => Some((*i, id.clone())),
                _ => None,
            })
            .collect();
        for n in 0..self.nodes.len() {
            let id = ids.get(&n).cloned().unwrap_or_default();
            let rect = self.nodes[n].rect;
            let holders: Vec<usize> = (0..self.zones.len())
                .filter(|&z| self.holds(z, &id, rect, None))
                .collect();
            self.nodes[n].zone = innermost(holders);
        }
        Ok(())
    }

    /// An error when boxes contain each other: each box's chain of parents
    /// is walked once (0: not seen, 1: on the chain being walked, 2: done).
    fn refuse_cycles(&self) -> Result<()> {
        let mut state = vec![0u8; self.zones.len()];
        for start in 0..self.zones.len() {
            let mut chain = Vec::new();
            let mut at = Some(start);
            while let Some(z) = at {
                match state[z] {
                    2 => break,
                    1 => {
                        let from = chain.iter().position(|&c| c == z).unwrap_or(0);
                        let names: Vec<String> = chain[from..]
                            .iter()
                            .chain([&z])
                            .map(|&c| format!("\"{}\"", self.zones[c].td_id))
                            .collect();
                        return Err(invalid(
                            &format!("{}.data.containedElements", self.zones[z].path),
                            format!("trust boundary boxes contain each other: {}", names.join(" -> ")),
                            "boxes nest as a tree: remove one of these from the other's `containedElements`",
                        ));
                    }
                    _ => {
                        state[z] = 1;
                        chain.push(z);
                        at = self.zones[z].parent;
                    }
                }
            }
            for z in chain {
                state[z] = 2;
            }
        }
        Ok(())
    }

    /// The cell ids, sorted (for hints).
    fn cell_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.ids.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// The node a flow end names.
    fn end(&self, cell: &Map<String, Json>, key: &str, path: &str) -> Result<usize> {
        let at = format!("{path}.{key}");
        let Some(end) = child(cell, key, path)? else {
            return Err(invalid(
                path,
                format!("missing `{key}`"),
                format!(
                    "a flow's `{key}` names the cell it is attached to: {{\"cell\": \"<id>\"}}"
                ),
            ));
        };
        let Some(id) = optional(end, "cell", &at)? else {
            return Err(invalid(
                &at,
                "not attached to a cell",
                "attach both ends of the flow to an actor, process or store",
            ));
        };
        let cell_at = format!("{at}.cell");
        match self.ids.get(id) {
            Some((Named::Node(n), _)) => Ok(*n),
            Some(_) => Err(invalid(
                &cell_at,
                format!("\"{id}\" is not an actor, process or store; a tmc flow connects elements"),
                "attach the flow to an element inside the boundary",
            )),
            None => Err(invalid(
                &cell_at,
                format!("no cell has the id \"{id}\""),
                hint_ids("cells", self.cell_ids().into_iter()),
            )),
        }
    }

    fn read_flows(&mut self, diagrams: &[Json]) -> Result<()> {
        for (path, cell) in Self::cells(diagrams)? {
            let id = required(cell, "id", &path, "cell")?.to_string();
            let Some((Named::Flow(_), _)) = self.ids.get(&id) else {
                continue;
            };
            let empty = Map::new();
            let data = child(cell, "data", &path)?.unwrap_or(&empty);
            let dp = format!("{path}.data");
            let source = self.end(cell, "source", &path)?;
            let sink = self.end(cell, "target", &path)?;
            let name = optional(data, "name", &dp)?.unwrap_or("").to_string();
            let mut lines = Vec::new();
            let mut notes = Vec::new();
            self.common_lines(data, &path, &mut lines, &mut notes)?;
            if let Some(p) = optional(data, "protocol", &dp)?.filter(|p| !p.trim().is_empty()) {
                lines.push(format!("protocol = {}", quote(p)));
            }
            if flag(data, "isEncrypted", &dp)? {
                lines.push("controls {\nisEncrypted = true\n}".to_string());
            }
            let bidirectional = flag(data, "isBidirectional", &dp)?;
            self.data_notes(data, &path, &mut notes);
            let tmc = tmc_of(cell, &path)?;
            let more = written::lines(tmc, &tmc_path(cell, &path), "Dataflow", &lines.join("\n"))?;
            lines.extend(more);
            let kept = tmc.and_then(|t| t.get("id")?.as_str());
            let ident = self.names.ident(&name, &id, "flow", kept);
            self.flows.push(Flow {
                ident,
                name,
                source,
                sink,
                bidirectional,
                lines,
                notes,
            });
            let at = self.flows.len() - 1;
            if let Some(entry) = self.ids.get_mut(&id) {
                entry.0 = Named::Flow(at);
            }
        }
        Ok(())
    }

    fn read_threats(&mut self, diagrams: &[Json]) -> Result<()> {
        for (path, cell) in Self::cells(diagrams)? {
            let id = required(cell, "id", &path, "cell")?;
            let target = match self.ids.get(id) {
                Some((Named::Node(n), _)) => Target::Node(*n),
                Some((Named::Flow(f), _)) => Target::Flow(*f),
                _ => continue,
            };
            // Threat Dragon keeps them in `data.threats`; its v2 schema
            // also allows them on the cell itself.
            let empty = Map::new();
            let data = child(cell, "data", &path)?.unwrap_or(&empty);
            let dp = format!("{path}.data");
            for (holder, at) in [(data, dp.as_str()), (cell, path.as_str())] {
                for (k, t) in list(holder, "threats", at)?.iter().enumerate() {
                    let at = format!("{at}.threats[{k}]");
                    self.read_threat(object(t, &at)?, target, &at)?;
                }
            }
        }
        Ok(())
    }

    fn read_threat(&mut self, t: &Map<String, Json>, target: Target, path: &str) -> Result<()> {
        let title = required(t, "title", path, "threat")?.to_string();
        let status = optional(t, "status", path)?.unwrap_or("").to_string();
        let severity = optional(t, "severity", path)?.unwrap_or("");
        let kind = optional(t, "type", path)?.unwrap_or("");
        let model_type = optional(t, "modelType", path)?.unwrap_or("");
        let description = optional(t, "description", path)?.unwrap_or("");
        let mitigation = optional(t, "mitigation", path)?.unwrap_or("");
        let mut notes = Vec::new();
        let tmc = tmc_of(t, path)?;
        // The numbers and ids `tmc export threat-dragon` makes up.
        let made_up: &[&str] = if tmc.is_some() {
            &["number", "threatId"]
        } else {
            &[]
        };
        for key in ["number", "threatId", "score"] {
            if made_up.contains(&key) {
                continue;
            }
            if let Some(v) = t
                .get(key)
                .filter(|v| !v.is_null() && v.as_str() != Some(""))
            {
                let category = if key == "score" {
                    "threats' scores"
                } else {
                    "threats' numbers and ids"
                };
                self.losses.lose(
                    &mut notes,
                    category,
                    &format!("{path}.{key}"),
                    format!("{key} {}", compact(v)),
                );
            }
        }
        let fields: Vec<String> = [&title, kind, severity, description, mitigation, model_type]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // The findings of one tmc threat are one threat again, whatever
        // their severities: the first one's fields describe it.
        let kept = tmc
            .and_then(|m| m.get("id")?.as_str())
            .filter(|id| is_identifier(id));
        let key = match kept {
            Some(id) => vec![format!("tmc {id}")],
            None => fields.clone(),
        };
        let exact = tmc
            .and_then(|m| m.get("status")?.as_str())
            .filter(|s| TRIAGE_STATUS.members().contains(s))
            .map(str::to_string);
        let threat = match self.threat_keys.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.new_threat(t, &fields, path)?;
                self.threat_keys.insert(key, i);
                i
            }
        };
        if !self.threats[threat].on.contains(&target) {
            self.threats[threat].on.push(target);
        }
        self.attachments.push(Attachment {
            path: path.to_string(),
            threat,
            target,
            status,
            exact,
            notes,
        });
        Ok(())
    }

    /// A threat from its `fields`: title, type, severity, description,
    /// mitigation, model type.
    fn new_threat(
        &mut self,
        t: &Map<String, Json>,
        fields: &[String],
        path: &str,
    ) -> Result<usize> {
        let [title, kind, severity, description, mitigation, model_type] = fields else {
            unreachable!("six fields")
        };
        let mut notes = Vec::new();
        let level = match severity_of(severity) {
            Some(l) => l,
            None => {
                self.losses.notices.push(format!(
                    "{path}.severity: \"{severity}\" is no severity tmc knows; the threat is rated Medium"
                ));
                "Medium"
            }
        };
        let mut body = format!("severity = {level}\n");
        if !description.trim().is_empty() {
            body += &format!("details = {}\n", quote(description));
        }
        if !mitigation.trim().is_empty() {
            body += &format!("mitigations = {}\n", quote(mitigation));
        }
        match stride_of(kind) {
            Some(s) => body += &format!("stride = [{s}]\n"),
            None if kind.trim().is_empty() => {}
            None => self.losses.lose(
                &mut notes,
                "threat types that are not STRIDE",
                &format!("{path}.type"),
                format!("{model_type} type \"{kind}\""),
            ),
        }
        let tmc = tmc_of(t, path)?;
        let kept = tmc
            .and_then(|m| m.get("id")?.as_str())
            .filter(|id| is_identifier(id));
        let library =
            kept.is_some() && tmc.is_some_and(|m| m.get("library").is_some_and(Json::is_string));
        let ident = match kept {
            Some(id) if library => id.to_string(),
            _ => {
                let base = kept.map_or_else(|| identifier(title, "threat"), str::to_string);
                self.names.fresh(format!("TD_{base}"))
            }
        };
        self.threats.push(Threat {
            ident,
            library,
            title: title.clone(),
            body,
            notes,
            on: Vec::new(),
        });
        Ok(self.threats.len() - 1)
    }
}

/// What `tmc export threat-dragon` recorded about a cell or threat: its
/// `data.tmc` (a cell) or `tmc` (a threat).
/// The path of the `tmc` field `tmc_of` reads.
fn tmc_path(cell: &Map<String, Json>, path: &str) -> String {
    if cell.get("tmc").is_some_and(Json::is_object) {
        format!("{path}.tmc")
    } else {
        format!("{path}.data.tmc")
    }
}

fn tmc_of<'a>(m: &'a Map<String, Json>, path: &str) -> Result<Option<&'a Map<String, Json>>> {
    if let Some(t) = m.get("tmc").and_then(Json::as_object) {
        return Ok(Some(t));
    }
    Ok(child(m, "data", path)?.and_then(|d| d.get("tmc")?.as_object()))
}

const TRUST: [&str; 5] = ["INTERNET", "PARTNER", "DMZ", "INTERNAL", "RESTRICTED"];

/// The tmc severity of a Threat Dragon one (any case), or none.
fn severity_of(severity: &str) -> Option<&'static str> {
    Some(match severity.trim().to_ascii_lowercase().as_str() {
        "low" => "Low",
        "medium" => "Medium",
        "high" => "High",
        "critical" => "VeryHigh",
        _ => return None,
    })
}

/// The triage status of a Threat Dragon threat status (any case), or none.
pub(crate) fn status_of(status: &str) -> Option<&'static str> {
    let s: String = status
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    Some(match s.as_str() {
        "open" => "OPEN",
        "mitigated" | "eliminated" => "MITIGATED",
        "accepted" => "ACCEPTED",
        "transferred" => "TRANSFERRED",
        "notapplicable" | "na" | "avoided" => "NOT_APPLICABLE",
        _ => return None,
    })
}

// ---- writing ------------------------------------------------------------

/// A block body from lines written without indentation.
fn body(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

impl Reader {
    fn write(&mut self) -> Result<String> {
        let mut out = String::new();
        let notes = std::mem::take(&mut self.header_notes);
        out += &comments(&notes, &mut self.summary);
        let description = self.description.clone().unwrap_or_else(|| {
            format!("Imported from the Threat Dragon model \"{}\".", self.title)
        });
        let outside = self
            .outside_trust
            .map(|t| format!("outsideTrust = {t}\n"))
            .unwrap_or_default();
        let more = body(&self.header_lines);
        out += &format!(
            "model {} {{\ndescription = {}\n{outside}{more}}}\n\n",
            quote(&self.title),
            quote(&description)
        );
        if self.zones.iter().any(|z| !z.trusted) {
            self.losses.notices.push("Threat Dragon's trust boundaries carry no trust level: the boundaries take tmc's default (INTERNAL at the top, their parent's inside another), the elements outside every box INTERNET; set `trust` where it differs".to_string());
        }
        out += &self.write_zones();
        out += &self.write_data();
        out += &self.write_nodes();
        out += &self.write_flows();
        out += &self.write_threats();
        out += &self.write_triages();
        Ok(out)
    }

    fn write_zones(&mut self) -> String {
        let mut order: Vec<usize> = Vec::new();
        let mut placed = vec![false; self.zones.len()];
        while order.len() < self.zones.len() {
            for i in 0..self.zones.len() {
                if !placed[i] && self.zones[i].parent.is_none_or(|p| placed[p]) {
                    placed[i] = true;
                    order.push(i);
                }
            }
        }
        let mut out = String::new();
        for i in order {
            let z = &self.zones[i];
            let parent = z
                .parent
                .map(|p| format!(" in {}", self.zones[p].ident))
                .unwrap_or_default();
            let head = format!("boundary {} {}{parent}", z.ident, quote(&z.name));
            let (notes, text) = (z.notes.clone(), block(&head, &body(&z.lines)));
            out += &comments(&notes, &mut self.summary);
            out += &text;
            self.summary.boundaries += 1;
        }
        out
    }

    fn write_data(&mut self) -> String {
        let mut out = String::new();
        for d in &self.data {
            let head = format!("Data {} {}", d.ident, quote(&d.name));
            out += &block(&head, &body(&d.lines));
            self.summary.data += 1;
        }
        out
    }

    fn write_nodes(&mut self) -> String {
        let mut out = String::new();
        for n in &self.nodes {
            let zone = n
                .zone
                .map(|z| format!(" in {}", self.zones[z].ident))
                .unwrap_or_default();
            let head = format!("{} {} {}{zone}", n.kind, n.ident, quote(&n.name));
            out += &comments(&n.notes, &mut self.summary);
            out += &block(&head, &body(&n.lines));
            self.summary.elements += 1;
        }
        out
    }

    fn write_flows(&mut self) -> String {
        let mut out = String::new();
        for f in &self.flows {
            let (src, dst) = (&self.nodes[f.source].ident, &self.nodes[f.sink].ident);
            let head = format!("flow {}: {src} -> {dst} {}", f.ident, quote(&f.name));
            out += &comments(&f.notes, &mut self.summary);
            out += &block(&head, &body(&f.lines));
            self.summary.flows += 1;
            if f.bidirectional {
                let mut lines = vec![format!("responseTo = {}", f.ident)];
                lines.extend(
                    f.lines
                        .iter()
                        .filter(|l| !l.starts_with("description"))
                        .cloned(),
                );
                let head = format!(
                    "// Threat Dragon bidirectional flow: its reverse direction, as the reply\nflow {}_back: {dst} -> {src} {}",
                    f.ident,
                    quote(&format!("{} (reply)", f.name))
                );
                out += &block(&head, &body(&lines));
                self.summary.flows += 1;
            }
        }
        out
    }

    fn target_ident(&self, t: Target) -> &str {
        match t {
            Target::Node(n) => &self.nodes[n].ident,
            Target::Flow(f) => &self.flows[f].ident,
        }
    }

    fn write_threats(&mut self) -> String {
        let mut out = String::new();
        for i in 0..self.threats.len() {
            let t = &self.threats[i];
            if t.library {
                let notes = t.notes.clone();
                out += &comments(&notes, &mut self.summary);
                continue;
            }
            let on: Vec<&str> = t.on.iter().map(|&x| self.target_ident(x)).collect();
            let head = format!("threat {} {}", t.ident, quote(&t.title));
            let text = block(&head, &format!("on = [{}]\n{}", on.join(", "), t.body));
            let notes = t.notes.clone();
            out += &comments(&notes, &mut self.summary);
            out += &text;
            self.summary.threats += 1;
        }
        out
    }

    fn write_triages(&mut self) -> String {
        let mut out = String::new();
        let mut seen: HashMap<(usize, Target), String> = HashMap::new();
        for k in 0..self.attachments.len() {
            let a = &self.attachments[k];
            let target = self.target_ident(a.target).to_string();
            let threat = self.threats[a.threat].ident.clone();
            let (path, raw) = (a.path.clone(), a.status.clone());
            let mut notes = a.notes.clone();
            if let Some(first) = seen.get(&(a.threat, a.target)) {
                let note = format!("the same threat is on `{target}` again (status \"{raw}\"); the first, {first}, decides");
                self.losses
                    .lose(&mut notes, "repeated threats on one cell", &path, note);
                out += &comments(&notes, &mut self.summary);
                out += "\n";
                continue;
            }
            seen.insert((a.threat, a.target), path.clone());
            let exact = self.attachments[k].exact.clone();
            let status = match exact.as_deref().or(status_of(&raw)) {
                Some(s) => s.to_string(),
                None => {
                    self.losses.notices.push(format!("{path}.status: \"{raw}\" is no status tmc knows; the triage says NEEDS_INVESTIGATION"));
                    "NEEDS_INVESTIGATION".to_string()
                }
            };
            if self.threats[self.attachments[k].threat].library && status == "OPEN" {
                // The library's rule finds it again, open as it was.
                out += &comments(&notes, &mut self.summary);
                continue;
            }
            let ident = self.names.fresh(
                format!("triage_{threat}_{target}")
                    .chars()
                    .take(200)
                    .collect(),
            );
            let why = format!("Threat Dragon status \"{raw}\".");
            let text = block(
                &format!("Triage {ident}"),
                &format!(
                    "threat_id = {}\non = [{target}]\nstatus = {status}\njustification = {}\n",
                    quote(&threat),
                    quote(&why)
                ),
            );
            out += &comments(&notes, &mut self.summary);
            out += &text;
            self.summary.triages += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_severities_map() {
        assert_eq!(status_of("Open"), Some("OPEN"));
        assert_eq!(status_of("NotApplicable"), Some("NOT_APPLICABLE"));
        assert_eq!(status_of("N/A"), Some("NOT_APPLICABLE"));
        assert_eq!(status_of("Eliminated"), Some("MITIGATED"));
        assert_eq!(status_of("Avoided"), Some("NOT_APPLICABLE"));
        assert_eq!(status_of("Done"), None);
        assert_eq!(severity_of("Critical"), Some("VeryHigh"));
        assert_eq!(severity_of("TBD"), None);
    }

    #[test]
    fn nested_boxes_by_geometry() {
        let doc = r#"{"version": "2.3.0", "summary": {"title": "T"}, "detail": {"diagrams": [{"id": 0, "title": "D", "diagramType": "STRIDE", "cells": [
          {"id": "outer", "shape": "trust-boundary-box", "position": {"x": 0, "y": 0}, "size": {"width": 500, "height": 500}, "data": {"type": "tm.BoundaryBox", "name": "Outer"}},
          {"id": "inner", "shape": "trust-boundary-box", "position": {"x": 10, "y": 10}, "size": {"width": 200, "height": 200}, "data": {"type": "tm.BoundaryBox", "name": "Inner"}},
          {"id": "p", "shape": "process", "position": {"x": 20, "y": 20}, "size": {"width": 50, "height": 50}, "data": {"type": "tm.Process", "name": "P"}},
          {"id": "q", "shape": "store", "position": {"x": 300, "y": 300}, "size": {"width": 50, "height": 50}, "data": {"type": "tm.Store", "name": "Q"}},
          {"id": "a", "shape": "actor", "position": {"x": 900, "y": 0}, "size": {"width": 50, "height": 50}, "data": {"type": "tm.Actor", "name": "A"}}
        ]}]}}"#;
        let t = import(doc).expect("imported").text;
        assert!(t.contains("boundary inner \"Inner\" in outer"), "{t}");
        assert!(t.contains("Process p \"P\" in inner"), "{t}");
        assert!(t.contains("Datastore q \"Q\" in outer"), "{t}");
        assert!(t.contains("Actor a \"A\"\n"), "{t}");
    }

    #[test]
    fn every_cut_of_a_model_is_an_error_not_a_panic() {
        let doc = include_str!("../../tests/import_threat_dragon/shop.td.json");
        for cut in (0..doc.len())
            .step_by(7)
            .filter(|&c| doc.is_char_boundary(c))
        {
            assert!(import(&doc[..cut]).is_err(), "cut at {cut}");
        }
    }
}
