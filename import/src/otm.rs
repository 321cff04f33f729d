//! `tmc import otm`: turns an Open Threat Model (OTM 0.2) document, JSON or
//! YAML, into a `.tm` model, formatted by `tmc_syntax::format::format`.
//!
//! Trust zones become boundaries (the 0-100 trust rating banded into a
//! `TrustLevel`), components elements of the kind their `type` suggests,
//! dataflows flows, assets data items, and each threat attached to a
//! component or dataflow a hand-written `threat` on those elements plus one
//! `Triage` per attachment, whose status comes from the attachment's state.
//! Identifiers are made from names and kept unique; an OTM id that differs
//! from its identifier is kept in a comment. Whatever tmc has no place for
//! becomes a `// import:` comment beside the declaration and a warning,
//! never a silent drop. A value of the wrong shape, a missing id, a
//! reference to nothing or a cycle of parents is an error naming its path in
//! the document (`$.dataflows[2].source`) with a hint.
//! docs/interop.md has the mapping, field by field.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value as Json};

pub use crate::document::{ImportError, Imported, Summary};

use crate::document::{imported, invalid, locate, parse, shape, Result};
use crate::fields;
use crate::losses::Losses;
use crate::names::Names;
use crate::names::{identifier, is_identifier};
use crate::pytm::quote;
use crate::written;

/// Where the OTM format is described, for hints.
const SPEC_HINT: &str = "see the OTM 0.2 specification (github.com/iriusrisk/OpenThreatModel)";

/// Imports an OTM document (JSON or YAML).
pub fn import(text: &str) -> Result<Imported> {
    let doc = parse(text)?;
    let mut r = Reader::default();
    let raw = object(&doc, "$")
        .and_then(|top| r.read(top).and_then(|()| r.write(top)))
        .map_err(|e| locate(e, text))?;
    imported(&raw, r.losses.warnings(), r.summary)
}

// ---- reading values ------------------------------------------------------

fn object<'a>(v: &'a Json, path: &str) -> Result<&'a Map<String, Json>> {
    fields::object(v, path, "an object", SPEC_HINT)
}

/// A required string field.
fn required<'a>(m: &'a Map<String, Json>, key: &str, path: &str) -> Result<&'a str> {
    match m.get(key) {
        None | Some(Json::Null) => Err(invalid(
            path,
            format!("missing `{key}`"),
            format!("every {} needs a string `{key}`", noun_of(path)),
        )),
        Some(Json::String(s)) if s.trim().is_empty() && key == "id" => Err(invalid(
            &format!("{path}.{key}"),
            "empty id",
            "give it a non-empty id that nothing else uses",
        )),
        Some(Json::String(s)) => Ok(s),
        Some(v) => Err(invalid(
            &format!("{path}.{key}"),
            format!("expected a string, found {}", shape(v)),
            SPEC_HINT,
        )),
    }
}

/// An optional string field (absent or null: none).
fn optional<'a>(m: &'a Map<String, Json>, key: &str, path: &str) -> Result<Option<&'a str>> {
    fields::string(m, key, path, SPEC_HINT)
}

/// An optional list field (absent or null: empty).
fn list<'a>(m: &'a Map<String, Json>, key: &str, path: &str) -> Result<&'a [Json]> {
    fields::list(m, key, path, SPEC_HINT)
}

/// An optional number field.
fn number(m: &Map<String, Json>, key: &str, path: &str) -> Result<Option<f64>> {
    fields::number(m, key, path, "a number from 0 to 100", SPEC_HINT)
}

fn noun_of(path: &str) -> &'static str {
    let list = path
        .trim_start_matches("$.")
        .split('[')
        .next()
        .unwrap_or("");
    match list {
        "trustZones" => "trust zone",
        "components" => "component",
        "dataflows" => "dataflow",
        "assets" => "asset",
        "threats" => "threat",
        "mitigations" => "mitigation",
        "project" => "project",
        _ => "object",
    }
}

/// A value as compact text for a comment.
pub(crate) fn compact(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A 0-100 rating in one of five bands, 0 the lowest; out of range is clamped.
fn band(n: f64) -> usize {
    let n = n.clamp(0.0, 100.0);
    ((n / 20.0) as usize).min(4)
}

const TRUST: [&str; 5] = ["INTERNET", "PARTNER", "DMZ", "INTERNAL", "RESTRICTED"];
const LEVEL: [&str; 5] = ["VeryLow", "Low", "Medium", "High", "VeryHigh"];
const CLASSIFICATION: [&str; 5] = ["PUBLIC", "RESTRICTED", "SENSITIVE", "SECRET", "TOP_SECRET"];

// ---- the model read ------------------------------------------------------

/// A trust zone.
struct Zone {
    path: String,
    ident: String,
    name: String,
    otm_id: String,
    /// Index of the parent zone.
    parent: Option<usize>,
    /// The zone `tmc export otm` writes for the elements in no boundary
    /// (`attributes.tmc.outside`): not a boundary of its own.
    outside: bool,
    notes: Vec<String>,
}

/// A component.
struct Component {
    path: String,
    ident: String,
    name: String,
    otm_id: String,
    kind: String,
    datastore_type: Option<String>,
    zone: Option<usize>,
    notes: Vec<String>,
}

/// A dataflow.
struct Flow {
    ident: String,
    name: String,
    otm_id: String,
    source: usize,
    sink: usize,
    data: Vec<usize>,
    bidirectional: bool,
    notes: Vec<String>,
}

/// A data asset.
struct Asset {
    ident: String,
    name: String,
    otm_id: String,
    notes: Vec<String>,
}

/// What a threat is attached to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Component(usize),
    Flow(usize),
}

/// One attachment of a threat to a component or dataflow.
struct Attachment {
    path: String,
    threat: usize,
    target: Target,
    state: String,
    /// (mitigation index, its state).
    mitigations: Vec<(usize, String)>,
}

/// A threat of the library section.
struct Threat {
    /// Its identifier; for a threat of tmc's library, its id there.
    ident: String,
    name: String,
    otm_id: String,
    /// Whether `tmc export` wrote it from a built-in library
    /// (`attributes.tmc.library`): its findings come back as that threat's
    /// own, triaged, rather than as a hand-written threat.
    library: bool,
    notes: Vec<String>,
}

/// A mitigation of the library section.
struct Mitigation {
    name: String,
    otm_id: String,
    used: bool,
    notes: Vec<String>,
}

/// The document read, and what writing it needs.
#[derive(Default)]
struct Reader {
    zones: Vec<Zone>,
    components: Vec<Component>,
    flows: Vec<Flow>,
    assets: Vec<Asset>,
    threats: Vec<Threat>,
    mitigations: Vec<Mitigation>,
    attachments: Vec<Attachment>,
    /// Identifiers given so far, and those the objects written by `tmc
    /// export otm` keep (`attributes.tmc.id`).
    names: Names,
    /// The trust of the elements in no boundary, from the rating of the
    /// zone `tmc export otm` writes for them, when it is not the default.
    outside_trust: Option<&'static str>,
    /// The stdlib's schema, loaded when a component names its tmc kind.
    schema: Option<tmc_compiler::schema::Schema>,
    /// (list, OTM id) -> index in that list.
    index: HashMap<(&'static str, String), usize>,
    /// What had no counterpart, and other warnings.
    losses: Losses,
    summary: Summary,
}

/// Keys of each object the importer reads; others are noted as lost.
const PROJECT_KEYS: &[&str] = &["name", "id", "description"];
const ZONE_KEYS: &[&str] = &["id", "name", "type", "description", "risk", "parent"];
const COMPONENT_KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "description",
    "parent",
    "assets",
    "threats",
];
const FLOW_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "bidirectional",
    "source",
    "destination",
    "assets",
    "threats",
];
const ASSET_KEYS: &[&str] = &["id", "name", "description", "risk"];
const THREAT_KEYS: &[&str] = &["id", "name", "description", "categories", "cwes", "risk"];
const MITIGATION_KEYS: &[&str] = &["id", "name", "description", "riskReduction"];
const TOP_KEYS: &[&str] = &[
    "otmVersion",
    "project",
    "representations",
    "assets",
    "trustZones",
    "components",
    "dataflows",
    "threats",
    "mitigations",
];

impl Reader {
    /// Notes every key of `m` outside `known` (and tags, attributes,
    /// representations) as a loss.
    fn extras(
        &mut self,
        m: &Map<String, Json>,
        known: &[&str],
        path: &str,
        notes: &mut Vec<String>,
    ) {
        for (key, value) in m {
            if known.contains(&key.as_str()) || value.is_null() {
                continue;
            }
            // `attributes.tmc` is read (`tmc_attributes`); the rest is lost.
            let value = &match (key.as_str(), value) {
                ("attributes", Json::Object(a)) => {
                    let mut rest = a.clone();
                    rest.remove("tmc");
                    if rest.is_empty() {
                        continue;
                    }
                    Json::Object(rest)
                }
                _ => value.clone(),
            };
            let category = match key.as_str() {
                "representations" => "representations (diagram positions, code references)",
                "tags" => "tags",
                "attributes" => "attributes",
                "owner" | "ownerContact" => "the project's owner and contact",
                _ => "fields OTM 0.2 does not define",
            };
            let note = format!("{key} = {}", compact(value));
            self.losses
                .lose(notes, category, &format!("{path}.{key}"), note);
        }
    }

    fn read(&mut self, top: &Map<String, Json>) -> Result<()> {
        // `otmVersion: 0.2` in YAML is a number; read it as the text it is.
        let version = match top.get("otmVersion") {
            Some(Json::Number(n)) => n.to_string(),
            _ => required(top, "otmVersion", "$")?.to_string(),
        };
        if !version.starts_with("0.") {
            self.losses.notices.push(format!(
                "$.otmVersion: version {version}; read as OTM 0.2, check the result"
            ));
        }
        let project =
            object(top.get("project").unwrap_or(&Json::Null), "$.project").map_err(|_| {
                invalid(
                    "$.project",
                    "missing or not an object",
                    "an OTM document needs a `project` with `name` and `id`",
                )
            })?;
        required(project, "name", "$.project")?;
        required(project, "id", "$.project")?;
        let mut sink = Vec::new();
        for (key, value) in top {
            if !TOP_KEYS.contains(&key.as_str()) && !value.is_null() {
                self.losses.lose(
                    &mut sink,
                    "fields OTM 0.2 does not define",
                    &format!("$.{key}"),
                    String::new(),
                );
            }
        }
        if !list(top, "representations", "$")?.is_empty() {
            self.losses.lose(
                &mut sink,
                "representations (diagram positions, code references)",
                "$.representations",
                String::new(),
            );
        }
        self.reserve(top)?;
        self.read_assets(top)?;
        self.read_library(top)?;
        self.read_zones(top)?;
        self.read_components(top)?;
        self.read_flows(top)?;
        self.read_attachments(top)?;
        Ok(())
    }

    fn read_assets(&mut self, top: &Map<String, Json>) -> Result<()> {
        for (i, v) in list(top, "assets", "$")?.iter().enumerate() {
            let path = format!("$.assets[{i}]");
            let m = object(v, &path)?;
            let otm_id = required(m, "id", &path)?.to_string();
            let name = required(m, "name", &path)?.to_string();
            self.register("assets", &otm_id, self.assets.len(), &path)?;
            let mut notes = Vec::new();
            let kept = tmc_attributes(m, &path)?.and_then(|t| t.get("id")?.as_str());
            if let Some(risk) = m.get("risk").filter(|r| !r.is_null()) {
                let risk = object(risk, &format!("{path}.risk"))?;
                // `tmc export otm` repeats the confidentiality rating in
                // these two, which OTM requires: nothing is lost.
                let from_tmc = kept.is_some();
                for key in ["integrity", "availability"]
                    .into_iter()
                    .filter(|_| !from_tmc)
                {
                    if let Some(n) = number(risk, key, &format!("{path}.risk"))? {
                        self.losses.lose(
                            &mut notes,
                            "assets' integrity and availability ratings",
                            &format!("{path}.risk.{key}"),
                            format!("{key} rating {n}"),
                        );
                    }
                }
                if let Some(c) = optional(risk, "comment", &format!("{path}.risk"))? {
                    self.losses.lose(
                        &mut notes,
                        "assets' risk comments",
                        &format!("{path}.risk.comment"),
                        format!("risk comment: {c}"),
                    );
                }
            }
            self.extras(m, ASSET_KEYS, &path, &mut notes);
            let ident = self.names.ident(&name, &otm_id, "data", kept);
            self.assets.push(Asset {
                ident,
                name,
                otm_id,
                notes,
            });
        }
        Ok(())
    }

    fn read_library(&mut self, top: &Map<String, Json>) -> Result<()> {
        for (i, v) in list(top, "threats", "$")?.iter().enumerate() {
            let path = format!("$.threats[{i}]");
            let m = object(v, &path)?;
            let otm_id = required(m, "id", &path)?.to_string();
            let name = required(m, "name", &path)?.to_string();
            self.register("threats", &otm_id, self.threats.len(), &path)?;
            let mut notes = Vec::new();
            self.extras(m, THREAT_KEYS, &path, &mut notes);
            let tmc = tmc_attributes(m, &path)?;
            let kept = tmc
                .and_then(|t| t.get("id")?.as_str())
                .filter(|id| is_identifier(id));
            let library = tmc.is_some_and(|t| t.get("library").is_some_and(Json::is_string));
            if let (Some(id), true) = (kept, library) {
                self.threats.push(Threat {
                    ident: id.to_string(),
                    name,
                    otm_id,
                    library: true,
                    notes,
                });
                continue;
            }
            let base = kept.map_or_else(|| identifier(&name, ""), str::to_string);
            let base = if base.is_empty() {
                identifier(&otm_id, "threat")
            } else {
                base
            };
            let ident = self.names.fresh(format!("OTM_{base}"));
            self.threats.push(Threat {
                ident,
                name,
                otm_id,
                library: false,
                notes,
            });
        }
        for (i, v) in list(top, "mitigations", "$")?.iter().enumerate() {
            let path = format!("$.mitigations[{i}]");
            let m = object(v, &path)?;
            let otm_id = required(m, "id", &path)?.to_string();
            let name = required(m, "name", &path)?.to_string();
            self.register("mitigations", &otm_id, self.mitigations.len(), &path)?;
            number(m, "riskReduction", &path)?;
            optional(m, "description", &path)?;
            let mut notes = Vec::new();
            self.extras(m, MITIGATION_KEYS, &path, &mut notes);
            let notes = notes
                .into_iter()
                .map(|n| format!("mitigation \"{otm_id}\": {n}"))
                .collect();
            self.mitigations.push(Mitigation {
                name,
                otm_id,
                used: false,
                notes,
            });
        }
        Ok(())
    }

    /// Records that `id` is object `at` of `list`; an error when the list
    /// already has it.
    fn register(&mut self, list: &'static str, id: &str, at: usize, path: &str) -> Result<()> {
        if self.index.insert((list, id.to_string()), at).is_some() {
            return Err(invalid(
                &format!("{path}.id"),
                format!("id \"{id}\" is used twice"),
                format!("ids of {}s must be unique; rename one", noun_of(path)),
            ));
        }
        Ok(())
    }

    /// The index in `list` of the object with OTM id `id`.
    fn find(&self, list: &'static str, id: &str) -> Option<usize> {
        self.index.get(&(list, id.to_string())).copied()
    }

    fn read_zones(&mut self, top: &Map<String, Json>) -> Result<()> {
        let items = list(top, "trustZones", "$")?;
        let mut parents: Vec<Option<(String, String)>> = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let path = format!("$.trustZones[{i}]");
            let m = object(v, &path)?;
            let otm_id = required(m, "id", &path)?.to_string();
            let name = required(m, "name", &path)?.to_string();
            self.register("trustZones", &otm_id, self.zones.len(), &path)?;
            let mut notes = Vec::new();
            if let Some(t) = optional(m, "type", &path)? {
                self.losses.lose(
                    &mut notes,
                    "trust zone types",
                    &format!("{path}.type"),
                    format!("OTM type \"{t}\""),
                );
            }
            self.extras(m, ZONE_KEYS, &path, &mut notes);
            parents.push(parent_of(m, &path)?);
            let tmc = tmc_attributes(m, &path)?;
            let outside = tmc.and_then(|t| t.get("outside")) == Some(&Json::Bool(true));
            let ident = if outside {
                self.outside_trust = outside_rating(m, &path)?.map(|band| TRUST[band]);
                String::new()
            } else {
                let kept = tmc.and_then(|t| t.get("id")?.as_str());
                self.names.ident(&name, &otm_id, "zone", kept)
            };
            self.zones.push(Zone {
                path,
                ident,
                name,
                otm_id,
                parent: None,
                outside,
                notes,
            });
        }
        for (i, parent) in parents.into_iter().enumerate() {
            let Some((key, id)) = parent else { continue };
            let path = format!("{}.parent.{key}", self.zones[i].path);
            if key == "component" {
                let note = format!("inside component \"{id}\" in OTM; a tmc boundary cannot sit in an element, so it is at the top");
                let mut notes = std::mem::take(&mut self.zones[i].notes);
                self.losses
                    .lose(&mut notes, "trust zones inside components", &path, note);
                self.zones[i].notes = notes;
                continue;
            }
            let Some(p) = self.find("trustZones", &id) else {
                return Err(invalid(
                    &path,
                    format!("no trust zone has the id \"{id}\""),
                    hint_ids("trust zones", self.zones.iter().map(|z| z.otm_id.as_str())),
                ));
            };
            // A zone in the outside zone is at the top, as its elements are.
            self.zones[i].parent = Some(p).filter(|&p| !self.zones[p].outside);
        }
        for start in 0..self.zones.len() {
            let mut seen = vec![start];
            let mut at = start;
            while let Some(p) = self.zones[at].parent {
                if p == start {
                    let names: Vec<String> = seen
                        .iter()
                        .chain([&start])
                        .map(|&z| format!("\"{}\"", self.zones[z].otm_id))
                        .collect();
                    return Err(invalid(
                        &format!("{}.parent.trustZone", self.zones[start].path),
                        format!(
                            "trust zones are parents of each other: {}",
                            names.join(" -> ")
                        ),
                        "trust zones form a tree: remove one of these `parent`s",
                    ));
                }
                if seen.contains(&p) {
                    break; // a cycle further up, reported from its own start
                }
                seen.push(p);
                at = p;
            }
        }
        Ok(())
    }

    fn read_components(&mut self, top: &Map<String, Json>) -> Result<()> {
        let items = list(top, "components", "$")?;
        let mut parents = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let path = format!("$.components[{i}]");
            let m = object(v, &path)?;
            let otm_id = required(m, "id", &path)?.to_string();
            let name = required(m, "name", &path)?.to_string();
            let otm_type = required(m, "type", &path)?.to_string();
            self.register("components", &otm_id, self.components.len(), &path)?;
            let mut notes = Vec::new();
            let tmc = tmc_attributes(m, &path)?;
            let (kind, datastore_type) = match self.tmc_kind(tmc, &otm_type) {
                Some(k) => k,
                None => {
                    self.losses.lose(
                        &mut notes,
                        "component types with no close tmc kind (written as Process)",
                        &format!("{path}.type"),
                        format!(
                            "OTM type \"{otm_type}\" has no close tmc kind; written as a Process"
                        ),
                    );
                    ("Process".to_string(), None)
                }
            };
            if let Some(a) = m.get("assets").filter(|a| !a.is_null()) {
                let a = object(a, &format!("{path}.assets"))?;
                for key in ["processed", "stored"] {
                    let ids = list(a, key, &format!("{path}.assets"))?;
                    let mut names = Vec::new();
                    for (j, id) in ids.iter().enumerate() {
                        let at = format!("{path}.assets.{key}[{j}]");
                        let id = id.as_str().ok_or_else(|| {
                            invalid(
                                &at,
                                format!("expected an asset id, found {}", shape(id)),
                                SPEC_HINT,
                            )
                        })?;
                        let asset = self.asset(id, &at)?;
                        names.push(self.assets[asset].ident.clone());
                    }
                    if !names.is_empty() {
                        self.losses.lose(
                            &mut notes,
                            "components' processed and stored assets",
                            &format!("{path}.assets.{key}"),
                            format!("{key} assets: {}", names.join(", ")),
                        );
                    }
                }
            }
            self.extras(m, COMPONENT_KEYS, &path, &mut notes);
            parents.push(parent_of(m, &path)?);
            let kept = tmc.and_then(|t| t.get("id")?.as_str());
            let ident = self.names.ident(&name, &otm_id, "element", kept);
            self.components.push(Component {
                path,
                ident,
                name,
                otm_id,
                kind,
                datastore_type,
                zone: None,
                notes,
            });
        }
        self.place_components(parents)
    }

    /// Puts each component in its zone; one inside another component goes
    /// in that one's zone.
    fn place_components(&mut self, parents: Vec<Option<(String, String)>>) -> Result<()> {
        self.place_in_zones(parents)?;
        // The outside zone of `tmc export otm` is no boundary: its
        // components sit in none.
        for i in 0..self.components.len() {
            if self.components[i]
                .zone
                .is_some_and(|z| self.zones[z].outside)
            {
                self.components[i].zone = None;
            }
        }
        Ok(())
    }

    fn place_in_zones(&mut self, parents: Vec<Option<(String, String)>>) -> Result<()> {
        let mut inside: Vec<Option<usize>> = vec![None; self.components.len()];
        for (i, parent) in parents.iter().enumerate() {
            let path = format!("{}.parent", self.components[i].path);
            match parent {
                None => {
                    let mut notes = std::mem::take(&mut self.components[i].notes);
                    self.losses.lose(
                        &mut notes,
                        "components without a parent (placed outside every boundary)",
                        &path,
                        "no parent in OTM: outside every boundary".to_string(),
                    );
                    self.components[i].notes = notes;
                }
                Some((key, id)) if key == "trustZone" => {
                    let Some(z) = self.find("trustZones", id) else {
                        return Err(invalid(
                            &format!("{path}.trustZone"),
                            format!("no trust zone has the id \"{id}\""),
                            hint_ids("trust zones", self.zones.iter().map(|z| z.otm_id.as_str())),
                        ));
                    };
                    self.components[i].zone = Some(z);
                }
                Some((_, id)) => {
                    let Some(c) = self.find("components", id) else {
                        return Err(invalid(
                            &format!("{path}.component"),
                            format!("no component has the id \"{id}\""),
                            hint_ids(
                                "components",
                                self.components.iter().map(|c| c.otm_id.as_str()),
                            ),
                        ));
                    };
                    inside[i] = Some(c);
                }
            }
        }
        for i in 0..self.components.len() {
            let mut seen = vec![i];
            let mut at = i;
            while let Some(c) = inside[at] {
                if seen.contains(&c) {
                    let names: Vec<String> = seen
                        .iter()
                        .chain([&c])
                        .map(|&x| format!("\"{}\"", self.components[x].otm_id))
                        .collect();
                    return Err(invalid(
                        &format!("{}.parent.component", self.components[i].path),
                        format!(
                            "components are parents of each other: {}",
                            names.join(" -> ")
                        ),
                        "components form a tree: remove one of these `parent`s",
                    ));
                }
                seen.push(c);
                at = c;
            }
            if let Some(c) = inside[i] {
                let zone = self.components[at].zone;
                let outer = self.components[c].ident.clone();
                let path = format!("{}.parent.component", self.components[i].path);
                let mut notes = std::mem::take(&mut self.components[i].notes);
                self.losses.lose(&mut notes, "components inside components (placed in the outer one's boundary)", &path, format!("inside `{outer}` in OTM; tmc elements do not nest, so it sits where `{outer}` sits"));
                self.components[i].notes = notes;
                self.components[i].zone = zone;
            }
        }
        Ok(())
    }

    /// Reserves the identifiers the objects written by `tmc export otm`
    /// keep, before any object is given one made from its name.
    fn reserve(&mut self, top: &Map<String, Json>) -> Result<()> {
        for key in ["assets", "trustZones", "components", "dataflows"] {
            for (i, v) in list(top, key, "$")?.iter().enumerate() {
                let path = format!("$.{key}[{i}]");
                let kept = tmc_attributes(object(v, &path)?, &path)?
                    .and_then(|t| t.get("id")?.as_str())
                    .filter(|id| is_identifier(id));
                if let Some(id) = kept {
                    self.names.reserve(id);
                }
            }
        }
        Ok(())
    }

    /// The kind (and datastore type) of a component: the element kind of
    /// the stdlib `tmc export otm` recorded (`attributes.tmc.kind`, with
    /// its `datastoreType`), else the one its `type`'s words suggest.
    fn tmc_kind(
        &mut self,
        tmc: Option<&Map<String, Json>>,
        otm_type: &str,
    ) -> Option<(String, Option<String>)> {
        let guessed = kind_of(otm_type).map(|(k, t)| (k.to_string(), t.map(str::to_string)));
        let Some(kind) = tmc.and_then(|t| t.get("kind")?.as_str()) else {
            return guessed;
        };
        let schema = &*self
            .schema
            .get_or_insert_with(|| tmc_compiler::stdlib_schema().0);
        let is_element = schema.kind(kind).is_some()
            && schema.is_a(kind, "Element")
            && !["Boundary", "Dataflow"]
                .iter()
                .any(|k| schema.is_a(kind, k));
        if !is_element {
            return guessed;
        }
        let datastore_type = if schema.is_a(kind, "Datastore") {
            let written = tmc
                .and_then(|t| t.get("datastoreType")?.as_str())
                .filter(|t| {
                    schema
                        .enumeration("DatastoreType")
                        .is_some_and(|e| e.member(t).is_some())
                });
            match (written, guessed) {
                (Some(t), _) => Some(t.to_string()),
                (None, Some((k, t))) if k == "Datastore" => t,
                _ => None,
            }
        } else {
            None
        };
        Some((kind.to_string(), datastore_type))
    }

    fn asset(&self, id: &str, path: &str) -> Result<usize> {
        self.find("assets", id).ok_or_else(|| {
            invalid(
                path,
                format!("no asset has the id \"{id}\""),
                hint_ids("assets", self.assets.iter().map(|a| a.otm_id.as_str())),
            )
        })
    }

    fn component(&self, m: &Map<String, Json>, key: &str, path: &str) -> Result<usize> {
        let id = required(m, key, path)?;
        let at = format!("{path}.{key}");
        if let Some(c) = self.find("components", id) {
            return Ok(c);
        }
        if self.zones.iter().any(|z| z.otm_id == id) {
            return Err(invalid(
                &at,
                format!("\"{id}\" is a trust zone; a tmc flow connects elements"),
                "point the dataflow at a component inside the zone",
            ));
        }
        Err(invalid(
            &at,
            format!("no component has the id \"{id}\""),
            hint_ids(
                "components",
                self.components.iter().map(|c| c.otm_id.as_str()),
            ),
        ))
    }

    fn read_flows(&mut self, top: &Map<String, Json>) -> Result<()> {
        for (i, v) in list(top, "dataflows", "$")?.iter().enumerate() {
            let path = format!("$.dataflows[{i}]");
            let m = object(v, &path)?;
            let otm_id = required(m, "id", &path)?.to_string();
            let name = required(m, "name", &path)?.to_string();
            self.register("dataflows", &otm_id, self.flows.len(), &path)?;
            let source = self.component(m, "source", &path)?;
            let sink = self.component(m, "destination", &path)?;
            let bidirectional = match m.get("bidirectional") {
                None | Some(Json::Null) => false,
                Some(Json::Bool(b)) => *b,
                Some(v) => {
                    return Err(invalid(
                        &format!("{path}.bidirectional"),
                        format!("expected true or false, found {}", shape(v)),
                        SPEC_HINT,
                    ))
                }
            };
            let mut data = Vec::new();
            for (j, id) in list(m, "assets", &path)?.iter().enumerate() {
                let at = format!("{path}.assets[{j}]");
                let id = id.as_str().ok_or_else(|| {
                    invalid(
                        &at,
                        format!("expected an asset id, found {}", shape(id)),
                        SPEC_HINT,
                    )
                })?;
                let a = self.asset(id, &at)?;
                if !data.contains(&a) {
                    data.push(a);
                }
            }
            let mut notes = Vec::new();
            self.extras(m, FLOW_KEYS, &path, &mut notes);
            let kept = tmc_attributes(m, &path)?.and_then(|t| t.get("id")?.as_str());
            let ident = self.names.ident(&name, &otm_id, "flow", kept);
            self.flows.push(Flow {
                ident,
                name,
                otm_id,
                source,
                sink,
                data,
                bidirectional,
                notes,
            });
        }
        Ok(())
    }

    fn read_attachments(&mut self, top: &Map<String, Json>) -> Result<()> {
        for (list_key, n) in [
            ("components", self.components.len()),
            ("dataflows", self.flows.len()),
        ] {
            let items = list(top, list_key, "$")?;
            for (i, v) in items.iter().enumerate().take(n) {
                let path = format!("$.{list_key}[{i}]");
                let m = object(v, &path)?;
                let target = if list_key == "components" {
                    Target::Component(i)
                } else {
                    Target::Flow(i)
                };
                for (j, t) in list(m, "threats", &path)?.iter().enumerate() {
                    let at = format!("{path}.threats[{j}]");
                    self.read_attachment(t, target, &at)?;
                }
            }
        }
        Ok(())
    }

    fn read_attachment(&mut self, v: &Json, target: Target, path: &str) -> Result<()> {
        let m = object(v, path)?;
        let id = required(m, "threat", path)?;
        let threat = self.find("threats", id).ok_or_else(|| {
            invalid(
                &format!("{path}.threat"),
                format!("no threat has the id \"{id}\""),
                hint_ids(
                    "threats (the top-level `threats` list)",
                    self.threats.iter().map(|t| t.otm_id.as_str()),
                ),
            )
        })?;
        let state = required(m, "state", path)?.to_string();
        let mut mitigations = Vec::new();
        for (k, mv) in list(m, "mitigations", path)?.iter().enumerate() {
            let at = format!("{path}.mitigations[{k}]");
            let mm = object(mv, &at)?;
            let mid = required(mm, "mitigation", &at)?;
            let index = self.find("mitigations", mid).ok_or_else(|| {
                invalid(
                    &format!("{at}.mitigation"),
                    format!("no mitigation has the id \"{mid}\""),
                    hint_ids(
                        "mitigations (the top-level `mitigations` list)",
                        self.mitigations.iter().map(|x| x.otm_id.as_str()),
                    ),
                )
            })?;
            let mstate = optional(mm, "state", &at)?
                .unwrap_or("unstated")
                .to_string();
            self.mitigations[index].used = true;
            mitigations.push((index, mstate));
        }
        self.attachments.push(Attachment {
            path: path.to_string(),
            threat,
            target,
            state,
            mitigations,
        });
        Ok(())
    }
}

/// What `tmc export otm` recorded about an object: its
/// `attributes.tmc`, when it is an object.
fn tmc_attributes<'a>(
    m: &'a Map<String, Json>,
    path: &str,
) -> Result<Option<&'a Map<String, Json>>> {
    let Some(attributes) = m.get("attributes").filter(|a| !a.is_null()) else {
        return Ok(None);
    };
    let attributes = object(attributes, &format!("{path}.attributes"))?;
    Ok(attributes.get("tmc").and_then(Json::as_object))
}

/// The band of the outside zone's trust rating, when it is not the
/// default (`INTERNET`, band 0).
fn outside_rating(m: &Map<String, Json>, path: &str) -> Result<Option<usize>> {
    let Some(risk) = m.get("risk").filter(|r| !r.is_null()) else {
        return Ok(None);
    };
    let at = format!("{path}.risk");
    let rating = number(object(risk, &at)?, "trustRating", &at)?;
    Ok(rating.map(band).filter(|&b| b != 0))
}

/// The `parent` of a zone or component: (`trustZone` or `component`, id).
fn parent_of(m: &Map<String, Json>, path: &str) -> Result<Option<(String, String)>> {
    let Some(p) = m.get("parent").filter(|p| !p.is_null()) else {
        return Ok(None);
    };
    let at = format!("{path}.parent");
    let p = object(p, &at)?;
    for key in ["trustZone", "component"] {
        if let Some(id) = optional(p, key, &at)? {
            return Ok(Some((key.to_string(), id.to_string())));
        }
    }
    Err(invalid(
        &at,
        "a parent names neither `trustZone` nor `component`",
        "write `parent: {trustZone: <id>}` or `parent: {component: <id>}`",
    ))
}

/// A hint listing the ids there are.
pub(crate) fn hint_ids<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<String> = ids.map(|i| format!("\"{i}\"")).collect();
    if ids.is_empty() {
        return format!("the document declares no {what}");
    }
    let shown = ids.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
    let more = if ids.len() > 10 { ", ..." } else { "" };
    format!("the {what} declared: {shown}{more}")
}

/// The tmc kind (and datastore type) for an OTM component type, or none.
fn kind_of(otm_type: &str) -> Option<(&'static str, Option<&'static str>)> {
    let lower = otm_type.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |needles: &[&str]| {
        needles
            .iter()
            .any(|n| words.contains(n) || (n.len() >= 5 && lower.contains(n)))
    };
    // Most specific first: "web-client" is a client, "api-gateway" a gateway.
    let table: &[(&[&str], &str, Option<&str>)] = &[
        (
            &[
                "user", "actor", "person", "human", "customer", "operator", "admin", "employee",
            ],
            "Actor",
            None,
        ),
        (
            &["browser", "client", "mobile", "desktop", "spa", "frontend"],
            "ClientApp",
            None,
        ),
        (
            &["vault", "secret", "secrets", "kms", "hsm"],
            "SecretsVault",
            None,
        ),
        (
            &[
                "idp",
                "identity",
                "cognito",
                "oauth",
                "sso",
                "ldap",
                "directory",
            ],
            "IdentityProvider",
            None,
        ),
        (
            &[
                "queue",
                "sqs",
                "kafka",
                "topic",
                "sns",
                "broker",
                "rabbitmq",
                "eventbridge",
                "kinesis",
                "stream",
            ],
            "MessageQueue",
            None,
        ),
        (
            &["lambda", "function", "serverless", "faas"],
            "Lambda",
            None,
        ),
        (
            &[
                "gateway",
                "balancer",
                "elb",
                "alb",
                "nlb",
                "proxy",
                "waf",
                "cdn",
                "cloudfront",
                "firewall",
                "router",
            ],
            "Gateway",
            None,
        ),
        (
            &[
                "sql",
                "mysql",
                "postgres",
                "postgresql",
                "rds",
                "aurora",
                "oracle",
                "mariadb",
                "mssql",
            ],
            "Datastore",
            Some("SQL"),
        ),
        (&["s3", "bucket", "blob"], "Datastore", Some("OBJECT_STORE")),
        (
            &["cache", "redis", "memcached", "elasticache"],
            "Datastore",
            Some("CACHE"),
        ),
        (
            &[
                "nosql",
                "dynamodb",
                "mongodb",
                "mongo",
                "cassandra",
                "cosmosdb",
                "documentdb",
            ],
            "Datastore",
            Some("NOSQL"),
        ),
        (
            &["elasticsearch", "opensearch", "search"],
            "Datastore",
            Some("SEARCH_INDEX"),
        ),
        (
            &[
                "database",
                "db",
                "datastore",
                "storage",
                "store",
                "filesystem",
                "file",
                "disk",
                "repository",
                "warehouse",
            ],
            "Datastore",
            None,
        ),
        (
            &[
                "external",
                "third",
                "thirdparty",
                "saas",
                "partner",
                "vendor",
                "internet",
            ],
            "ExternalEntity",
            None,
        ),
        (
            &[
                "kubernetes",
                "k8s",
                "eks",
                "aks",
                "gke",
                "ecs",
                "docker",
                "cluster",
            ],
            "ContainerPlatform",
            None,
        ),
        (&["llm", "model", "openai", "bedrock"], "LLM", None),
        (&["agent"], "Agent", None),
        (&["pipeline", "ci", "cd", "jenkins"], "BuildPipeline", None),
        (
            &["registry", "ecr", "artifactory"],
            "ArtifactRegistry",
            None,
        ),
        (
            &[
                "server",
                "webserver",
                "ec2",
                "vm",
                "host",
                "instance",
                "nginx",
                "apache",
                "tomcat",
                "iis",
            ],
            "Server",
            None,
        ),
        (
            &[
                "web",
                "service",
                "app",
                "application",
                "api",
                "backend",
                "microservice",
                "process",
                "container",
                "worker",
                "job",
                "code",
                "component",
            ],
            "Process",
            None,
        ),
    ];
    table
        .iter()
        .find(|(needles, _, _)| has(needles))
        .map(|(_, kind, ty)| (*kind, *ty))
}

/// The triage status for an OTM threat state, or none when unknown.
fn status_of(state: &str) -> Option<&'static str> {
    let s: String = state
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect();
    Some(match s.as_str() {
        "mitigated" | "mitigate" | "fixed" | "closed" => "MITIGATED",
        "exposed" | "expose" | "open" | "new" | "identified" | "draft" => "OPEN",
        "partly-mitigated" | "partly-mitigate" | "partially-mitigated" | "in-progress" => {
            "IN_PROGRESS"
        }
        "accepted" | "accept" => "ACCEPTED",
        "not-applicable" | "na" | "n-a" | "hidden" => "NOT_APPLICABLE",
        "false-positive" => "FALSE_POSITIVE",
        "transferred" | "transfer" => "TRANSFERRED",
        "needs-investigation" | "investigate" => "NEEDS_INVESTIGATION",
        _ => return None,
    })
}

/// STRIDE categories by the words OTM files use for them.
pub(crate) fn stride_of(category: &str) -> Option<&'static str> {
    let c: String = category
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    Some(match c.as_str() {
        "spoofing" => "Spoofing",
        "tampering" => "Tampering",
        "repudiation" => "Repudiation",
        "informationdisclosure" | "disclosure" => "InformationDisclosure",
        "denialofservice" | "dos" => "DenialOfService",
        "elevationofprivilege" | "elevationofprivileges" => "ElevationOfPrivilege",
        _ => return None,
    })
}

/// `CWE-89`, `89` or `cwe89` as 89.
fn cwe_of(s: &str) -> Option<i64> {
    let digits = s.trim().trim_start_matches(|c: char| !c.is_ascii_digit());
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

// ---- writing ------------------------------------------------------------

/// `// import:` lines for `notes`, one each.
pub(crate) fn comments(notes: &[String], summary: &mut Summary) -> String {
    let mut out = String::new();
    for n in notes.iter().filter(|n| !n.is_empty()) {
        summary.comments += 1;
        out += &format!("// import: {}\n", n.replace(['\n', '\r'], " "));
    }
    out
}

/// A comment keeping the OTM id when the identifier does not repeat it.
fn id_comment(otm_id: &str, ident: &str) -> String {
    if otm_id == ident {
        String::new()
    } else {
        format!("// OTM id: {}\n", otm_id.replace(['\n', '\r'], " "))
    }
}

impl Reader {
    fn write(&mut self, top: &Map<String, Json>) -> Result<String> {
        let mut out = String::new();
        out += &self.header(top)?;
        out += &self.write_zones(top)?;
        out += &self.write_assets(top)?;
        out += &self.write_components(top)?;
        out += &self.write_flows(top)?;
        out += &self.write_threats(top)?;
        out += &self.write_triages();
        Ok(out)
    }

    fn header(&mut self, top: &Map<String, Json>) -> Result<String> {
        let project = object(&top["project"], "$.project")?;
        let name = required(project, "name", "$.project")?;
        let id = required(project, "id", "$.project")?;
        let description = optional(project, "description", "$.project")?
            .filter(|d| !d.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("Imported from the Open Threat Model project \"{id}\"."));
        let mut notes = vec![format!(
            "OTM project id \"{id}\", OTM version {}",
            compact(&top["otmVersion"])
        )];
        self.extras(project, PROJECT_KEYS, "$.project", &mut notes);
        if let Some(r) = top.get("representations").filter(|r| !r.is_null()) {
            notes.push(format!("representations = {}", compact(r)));
        }
        for (key, value) in top {
            if !TOP_KEYS.contains(&key.as_str()) && !value.is_null() {
                notes.push(format!("{key} = {}", compact(value)));
            }
        }
        let mut out = comments(&notes, &mut self.summary);
        let mut body = format!("  description = {}\n", quote(&description));
        if let Some(t) = self.outside_trust {
            body += &format!("  outsideTrust = {t}\n");
        }
        body += &indented(written::lines(
            tmc_attributes(project, "$.project")?,
            "$.project.attributes.tmc",
            "Model",
            &body,
        )?);
        out += &format!("model {} {{\n{body}}}\n\n", quote(name));
        Ok(out)
    }

    /// Boundaries, each after its parent.
    fn write_zones(&mut self, top: &Map<String, Json>) -> Result<String> {
        let items = list(top, "trustZones", "$")?;
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
        order.retain(|&i| !self.zones[i].outside);
        for i in order {
            let m = object(&items[i], &self.zones[i].path)?;
            let path = self.zones[i].path.clone();
            let risk = match m.get("risk").filter(|r| !r.is_null()) {
                Some(r) => Some(number(
                    object(r, &format!("{path}.risk"))?,
                    "trustRating",
                    &format!("{path}.risk"),
                )?),
                None => None,
            };
            let trust = match risk.flatten() {
                Some(n) => Some(TRUST[self.rating(n, &format!("{path}.risk.trustRating"))]),
                None => {
                    self.losses.notices.push(format!(
                        "{path}.risk.trustRating: missing; the boundary takes its parent's trust (the model's `boundaryTrust` at the top)"
                    ));
                    None
                }
            };
            let z = &self.zones[i];
            let mut body = String::new();
            if let Some(t) = trust {
                body += &format!("  trust = {t}\n");
            }
            if let Some(d) = optional(m, "description", &path)?.filter(|d| !d.is_empty()) {
                body += &format!("  description = {}\n", quote(d));
            }
            body += &indented(written::lines(
                tmc_attributes(m, &path)?,
                &format!("{path}.attributes.tmc"),
                "Boundary",
                &body,
            )?);
            let parent = z
                .parent
                .map(|p| format!(" in {}", self.zones[p].ident))
                .unwrap_or_default();
            let head = format!(
                "{}boundary {} {}{parent}",
                id_comment(&z.otm_id, &z.ident),
                z.ident,
                quote(&z.name)
            );
            let notes = z.notes.clone();
            out += &comments(&notes, &mut self.summary);
            out += &block(&head, &body);
            self.summary.boundaries += 1;
        }
        Ok(out)
    }

    fn write_assets(&mut self, top: &Map<String, Json>) -> Result<String> {
        let items = list(top, "assets", "$")?;
        let mut out = String::new();
        for (i, item) in items.iter().enumerate().take(self.assets.len()) {
            let path = format!("$.assets[{i}]");
            let m = object(item, &path)?;
            let mut body = String::new();
            if let Some(d) = optional(m, "description", &path)?.filter(|d| !d.is_empty()) {
                body += &format!("  description = {}\n", quote(d));
            }
            if let Some(r) = m.get("risk").filter(|r| !r.is_null()) {
                if let Some(c) = number(
                    object(r, &format!("{path}.risk"))?,
                    "confidentiality",
                    &format!("{path}.risk"),
                )? {
                    let at = format!("{path}.risk.confidentiality");
                    let band = self.rating(c, &at);
                    body += &format!("  classification = {}\n", CLASSIFICATION[band]);
                }
            }
            body += &indented(written::lines(
                tmc_attributes(m, &path)?,
                &format!("{path}.attributes.tmc"),
                "Data",
                &body,
            )?);
            let a = &self.assets[i];
            let head = format!(
                "{}Data {} {}",
                id_comment(&a.otm_id, &a.ident),
                a.ident,
                quote(&a.name)
            );
            let notes = a.notes.clone();
            out += &comments(&notes, &mut self.summary);
            out += &block(&head, &body);
            self.summary.data += 1;
        }
        Ok(out)
    }

    fn write_components(&mut self, top: &Map<String, Json>) -> Result<String> {
        let items = list(top, "components", "$")?;
        let mut out = String::new();
        for (i, item) in items.iter().enumerate().take(self.components.len()) {
            let c = &self.components[i];
            let m = object(item, &c.path)?;
            let mut body = String::new();
            if let Some(d) = optional(m, "description", &c.path)?.filter(|d| !d.is_empty()) {
                body += &format!("  description = {}\n", quote(d));
            }
            if let Some(t) = &c.datastore_type {
                body += &format!("  type = {t}\n");
            }
            body += &indented(written::lines(
                tmc_attributes(m, &c.path)?,
                &format!("{}.attributes.tmc", c.path),
                &c.kind,
                &body,
            )?);
            let zone = c
                .zone
                .map(|z| format!(" in {}", self.zones[z].ident))
                .unwrap_or_default();
            let otm_type = required(m, "type", &c.path)?;
            let head = format!(
                "{}// OTM type: {}\n{} {} {}{zone}",
                id_comment(&c.otm_id, &c.ident),
                otm_type.replace(['\n', '\r'], " "),
                c.kind,
                c.ident,
                quote(&c.name)
            );
            let notes = c.notes.clone();
            out += &comments(&notes, &mut self.summary);
            out += &block(&head, &body);
            self.summary.elements += 1;
        }
        Ok(out)
    }

    fn write_flows(&mut self, top: &Map<String, Json>) -> Result<String> {
        let items = list(top, "dataflows", "$")?;
        let mut out = String::new();
        for (i, item) in items.iter().enumerate().take(self.flows.len()) {
            let path = format!("$.dataflows[{i}]");
            let m = object(item, &path)?;
            let f = &self.flows[i];
            let mut body = String::new();
            if let Some(d) = optional(m, "description", &path)?.filter(|d| !d.is_empty()) {
                body += &format!("  description = {}\n", quote(d));
            }
            let data: Vec<&str> = f
                .data
                .iter()
                .map(|&a| self.assets[a].ident.as_str())
                .collect();
            if !data.is_empty() {
                body += &format!("  data = [{}]\n", data.join(", "));
            }
            body += &indented(written::lines(
                tmc_attributes(m, &path)?,
                &format!("{path}.attributes.tmc"),
                "Dataflow",
                &body,
            )?);
            let (src, dst) = (
                &self.components[f.source].ident,
                &self.components[f.sink].ident,
            );
            let head = format!(
                "{}flow {}: {src} -> {dst} {}",
                id_comment(&f.otm_id, &f.ident),
                f.ident,
                quote(&f.name)
            );
            let notes = f.notes.clone();
            let mut text = comments(&notes, &mut self.summary);
            text += &block(&head, &body);
            self.summary.flows += 1;
            if f.bidirectional {
                let back = format!("{}_back", f.ident);
                let mut back_body = format!("  responseTo = {}\n", f.ident);
                if !data.is_empty() {
                    back_body += &format!("  data = [{}]\n", data.join(", "));
                }
                let head = format!("// OTM bidirectional dataflow: its reverse direction, as the reply\nflow {back}: {dst} -> {src} {}", quote(&format!("{} (reply)", f.name)));
                text += &block(&head, &back_body);
                self.summary.flows += 1;
            }
            out += &text;
        }
        Ok(out)
    }

    fn target_ident(&self, t: Target) -> &str {
        match t {
            Target::Component(c) => &self.components[c].ident,
            Target::Flow(f) => &self.flows[f].ident,
        }
    }

    /// Per threat, in the order first attached: the objects it is attached
    /// to and the mitigations its attachments name.
    fn attached(&self) -> (Vec<Vec<Target>>, Vec<Vec<usize>>) {
        let mut on_of: Vec<Vec<Target>> = vec![Vec::new(); self.threats.len()];
        let mut mitigations_of: Vec<Vec<usize>> = vec![Vec::new(); self.threats.len()];
        let mut seen: HashSet<(usize, Target)> = HashSet::new();
        let mut seen_mitigation: HashSet<(usize, usize)> = HashSet::new();
        for a in &self.attachments {
            if seen.insert((a.threat, a.target)) {
                on_of[a.threat].push(a.target);
            }
            for (mi, _) in &a.mitigations {
                if seen_mitigation.insert((a.threat, *mi)) {
                    mitigations_of[a.threat].push(*mi);
                }
            }
        }
        (on_of, mitigations_of)
    }

    /// A threat's `severity` and `likelihood` lines from its `risk`.
    fn threat_rating(
        &mut self,
        m: &Map<String, Json>,
        path: &str,
        notes: &mut Vec<String>,
    ) -> Result<String> {
        let (impact, likelihood) = match m.get("risk").filter(|r| !r.is_null()) {
            Some(r) => {
                let at = format!("{path}.risk");
                let r = object(r, &at)?;
                for key in ["likelihoodComment", "impactComment"] {
                    if let Some(c) = optional(r, key, &at)? {
                        let note = format!("{key}: {c}");
                        self.losses.lose(
                            notes,
                            "threats' risk comments",
                            &format!("{at}.{key}"),
                            note,
                        );
                    }
                }
                (number(r, "impact", &at)?, number(r, "likelihood", &at)?)
            }
            None => (None, None),
        };
        let severity = match impact {
            Some(n) => LEVEL[self.rating(n, &format!("{path}.risk.impact"))],
            None => {
                self.losses.notices.push(format!(
                    "{path}.risk.impact: missing; the threat is rated Medium"
                ));
                "Medium"
            }
        };
        let mut body = format!("  severity = {severity}\n");
        if let Some(l) = likelihood {
            let band = self.rating(l, &format!("{path}.risk.likelihood"));
            body += &format!("  likelihood = {}\n", LEVEL[band]);
        }
        Ok(body)
    }

    /// A threat's `stride` and `cwe` lines from its categories and CWEs.
    fn threat_classes(
        &mut self,
        m: &Map<String, Json>,
        path: &str,
        notes: &mut Vec<String>,
    ) -> Result<String> {
        let mut body = String::new();
        let mut stride = Vec::new();
        for (j, c) in list(m, "categories", path)?.iter().enumerate() {
            let Some(c) = c.as_str() else { continue };
            match stride_of(c) {
                Some(s) if !stride.contains(&s) => stride.push(s),
                Some(_) => {}
                None => self.losses.lose(
                    notes,
                    "threat categories that are not STRIDE",
                    &format!("{path}.categories[{j}]"),
                    format!("category \"{c}\""),
                ),
            }
        }
        if !stride.is_empty() {
            body += &format!("  stride = [{}]\n", stride.join(", "));
        }
        let mut cwes = Vec::new();
        for (j, c) in list(m, "cwes", path)?.iter().enumerate() {
            let Some(c) = c.as_str() else { continue };
            match cwe_of(c) {
                Some(n) => cwes.push(n.to_string()),
                None => self.losses.lose(
                    notes,
                    "CWE entries that are not CWE numbers",
                    &format!("{path}.cwes[{j}]"),
                    format!("cwe \"{c}\""),
                ),
            }
        }
        if !cwes.is_empty() {
            body += &format!("  cwe = [{}]\n", cwes.join(", "));
        }
        Ok(body)
    }

    /// The `mitigations` line of a threat: one line of text per mitigation.
    fn mitigations_text(&self, used: &[usize], items: &[Json]) -> Result<String> {
        let mut texts = Vec::new();
        for &mi in used {
            let mpath = format!("$.mitigations[{mi}]");
            let mm = object(&items[mi], &mpath)?;
            let mut t = self.mitigations[mi].name.clone();
            if let Some(d) = optional(mm, "description", &mpath)?.filter(|d| !d.is_empty()) {
                t += &format!(": {d}");
            }
            if let Some(r) = number(mm, "riskReduction", &mpath)? {
                t += &format!(" (risk reduction {r})");
            }
            texts.push(t);
        }
        if texts.is_empty() {
            return Ok(String::new());
        }
        Ok(format!("  mitigations = {}\n", quote(&texts.join("\n"))))
    }

    fn write_threats(&mut self, top: &Map<String, Json>) -> Result<String> {
        let items = list(top, "threats", "$")?;
        let mitigation_items = list(top, "mitigations", "$")?;
        let (mut on_of, mitigations_of) = self.attached();
        let mut out = String::new();
        for (i, item) in items.iter().enumerate().take(self.threats.len()) {
            let path = format!("$.threats[{i}]");
            let m = object(item, &path)?;
            if self.threats[i].library {
                let notes = self.threats[i].notes.clone();
                out += &comments(&notes, &mut self.summary);
                continue;
            }
            let mut notes = self.threats[i].notes.clone();
            let mut body = self.threat_rating(m, &path, &mut notes)?;
            if let Some(d) = optional(m, "description", &path)?.filter(|d| !d.is_empty()) {
                body += &format!("  details = {}\n", quote(d));
            }
            body += &self.threat_classes(m, &path, &mut notes)?;
            body += &self.mitigations_text(&mitigations_of[i], mitigation_items)?;
            let t = &self.threats[i];
            let (t_ident, t_name, t_id) = (t.ident.clone(), t.name.clone(), t.otm_id.clone());
            let id_note = format!("// OTM threat id: {}\n", t_id.replace(['\n', '\r'], " "));
            let on = std::mem::take(&mut on_of[i]);
            out += &comments(&notes, &mut self.summary);
            if on.is_empty() {
                let mut sink = Vec::new();
                let category = "threats attached to no component or dataflow";
                self.losses.lose(&mut sink, category, &path, String::new());
                let whole = format!("threat {t_ident} {} {{\n{body}}}", quote(&t_name));
                let mut commented = format!(
                    "// import: threat \"{}\" is attached to no component or dataflow; left out:\n",
                    t_id.replace(['\n', '\r'], " ")
                );
                for line in whole.lines() {
                    commented += &format!("// import: {line}\n");
                }
                self.summary.comments += 1;
                out += &format!("{id_note}{commented}\n");
                continue;
            }
            let targets: Vec<&str> = on.iter().map(|&x| self.target_ident(x)).collect();
            let body = format!("  on = [{}]\n{body}", targets.join(", "));
            let head = format!("{id_note}threat {t_ident} {}", quote(&t_name));
            out += &block(&head, &body);
            self.summary.threats += 1;
        }
        out += &self.write_mitigation_notes();
        Ok(out)
    }

    /// Comments for the mitigations' fields without a counterpart, and for
    /// the mitigations no attachment names.
    fn write_mitigation_notes(&mut self) -> String {
        let mut out = String::new();
        for i in 0..self.mitigations.len() {
            let mut notes = self.mitigations[i].notes.clone();
            if !self.mitigations[i].used {
                let note = format!(
                    "mitigation \"{}\" ({}) is named by no threat attachment",
                    self.mitigations[i].name, self.mitigations[i].otm_id
                );
                let category = "mitigations named by no threat attachment";
                self.losses
                    .lose(&mut notes, category, &format!("$.mitigations[{i}]"), note);
            }
            if !notes.is_empty() {
                out += &comments(&notes, &mut self.summary);
                out += "\n";
            }
        }
        out
    }

    fn write_triages(&mut self) -> String {
        let mut out = String::new();
        let mut seen: HashMap<(usize, Target), String> = HashMap::new();
        for k in 0..self.attachments.len() {
            let a = &self.attachments[k];
            let threat = &self.threats[a.threat];
            let target = self.target_ident(a.target).to_string();
            let path = a.path.clone();
            if let Some(first) = seen.get(&(a.threat, a.target)) {
                let note = format!("threat \"{}\" is attached to `{target}` again (state \"{}\"); the first attachment, {first}, decides", threat.otm_id, a.state);
                let mut notes = Vec::new();
                self.losses.lose(
                    &mut notes,
                    "repeated attachments of a threat to one object",
                    &path,
                    note,
                );
                out += &comments(&notes, &mut self.summary);
                out += "\n";
                continue;
            }
            seen.insert((a.threat, a.target), path.clone());
            let mut notes = Vec::new();
            let status = match status_of(&a.state) {
                Some(s) => s,
                None => {
                    self.losses.notices.push(format!("{path}.state: \"{}\" is no state tmc knows; the triage says NEEDS_INVESTIGATION", a.state));
                    notes.push(format!("OTM state \"{}\" is not known to tmc", a.state));
                    "NEEDS_INVESTIGATION"
                }
            };
            let a = &self.attachments[k];
            if self.threats[a.threat].library && status == "OPEN" {
                // The library's rule finds it again, open as it was.
                continue;
            }
            let threat_ident = self.threats[a.threat].ident.clone();
            let mut why = format!("OTM state \"{}\".", a.state);
            if !a.mitigations.is_empty() {
                let ms: Vec<String> = a
                    .mitigations
                    .iter()
                    .map(|(mi, st)| format!("{} ({st})", self.mitigations[*mi].name))
                    .collect();
                why += &format!(" Mitigations: {}.", ms.join(", "));
            }
            let ident = {
                let base = format!("triage_{threat_ident}_{target}");
                let base = if base.len() > 200 {
                    base[..200].to_string()
                } else {
                    base
                };
                self.names.fresh(base)
            };
            let body = format!(
                "  threat_id = {}\n  on = [{target}]\n  status = {status}\n  justification = {}\n",
                quote(&threat_ident),
                quote(&why)
            );
            out += &comments(&notes, &mut self.summary);
            out += &block(&format!("Triage {ident}"), &body);
            self.summary.triages += 1;
        }
        out
    }
}

impl Reader {
    /// The band of a 0-100 rating at `path`; one out of range is clamped,
    /// with a warning.
    fn rating(&mut self, n: f64, path: &str) -> usize {
        if !(0.0..=100.0).contains(&n) {
            self.losses.notices.push(format!(
                "{path}: {n} is outside 0-100; taken as {}",
                n.clamp(0.0, 100.0)
            ));
        }
        band(n)
    }
}

/// Lines of a declaration's body, indented.
fn indented(lines: Vec<String>) -> String {
    lines.iter().map(|l| format!("  {l}\n")).collect()
}

/// A declaration with an optional block.
pub(crate) fn block(head: &str, body: &str) -> String {
    if body.is_empty() {
        format!("{head}\n\n")
    } else {
        format!("{head} {{\n{body}}}\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_types_map_to_the_closest_kind() {
        let kind = |t: &str| kind_of(t).map(|(k, ty)| (k, ty.unwrap_or("")));
        assert_eq!(kind("generic-user"), Some(("Actor", "")));
        assert_eq!(kind("web-server"), Some(("Server", "")));
        assert_eq!(kind("web-service"), Some(("Process", "")));
        assert_eq!(kind("aws-lambda-function"), Some(("Lambda", "")));
        assert_eq!(kind("rds"), Some(("Datastore", "SQL")));
        assert_eq!(kind("s3"), Some(("Datastore", "OBJECT_STORE")));
        assert_eq!(kind("generic-database"), Some(("Datastore", "")));
        assert_eq!(kind("api-gateway"), Some(("Gateway", "")));
        assert_eq!(kind("sqs-queue"), Some(("MessageQueue", "")));
        assert_eq!(kind("third-party-service"), Some(("ExternalEntity", "")));
        assert_eq!(kind("mobile-client"), Some(("ClientApp", "")));
        assert_eq!(kind("cheque-printer"), None);
    }

    #[test]
    fn states_map_to_triage_statuses() {
        assert_eq!(status_of("mitigated"), Some("MITIGATED"));
        assert_eq!(status_of("Exposed"), Some("OPEN"));
        assert_eq!(status_of("partly_mitigated"), Some("IN_PROGRESS"));
        assert_eq!(status_of("Not Applicable"), Some("NOT_APPLICABLE"));
        assert_eq!(status_of("accept"), Some("ACCEPTED"));
        assert_eq!(status_of("pondering"), None);
    }

    #[test]
    fn ratings_fall_in_five_bands() {
        assert_eq!(TRUST[band(0.0)], "INTERNET");
        assert_eq!(TRUST[band(19.9)], "INTERNET");
        assert_eq!(TRUST[band(20.0)], "PARTNER");
        assert_eq!(TRUST[band(60.0)], "INTERNAL");
        assert_eq!(TRUST[band(100.0)], "RESTRICTED");
        assert_eq!(TRUST[band(-5.0)], "INTERNET");
        assert_eq!(TRUST[band(1e9)], "RESTRICTED");
        assert_eq!(cwe_of("CWE-89"), Some(89));
        assert_eq!(cwe_of("79"), Some(79));
        assert_eq!(cwe_of("CWE-X"), None);
        assert_eq!(
            stride_of("Elevation of Privilege"),
            Some("ElevationOfPrivilege")
        );
    }

    #[test]
    fn names_become_unique_identifiers_and_ids_are_kept() {
        let doc = r#"{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"},
          "trustZones": [{"id": "z", "name": "Zone", "risk": {"trustRating": 50}}],
          "components": [
            {"id": "a-1", "name": "Web", "type": "web-server", "parent": {"trustZone": "z"}},
            {"id": "a-2", "name": "Web", "type": "web-server", "parent": {"trustZone": "z"}},
            {"id": "a-3", "name": "λ", "type": "lambda", "parent": {"trustZone": "z"}},
            {"id": "a-4", "name": "model", "type": "user", "parent": {"trustZone": "z"}}
          ]}"#;
        let imported = import(doc).unwrap();
        for line in [
            "Server web \"Web\" in zone",
            "Server web_2 \"Web\" in zone",
            "Lambda a_3 \"λ\" in zone",
            "Actor model_ \"model\" in zone",
            "// OTM id: a-1",
            "trust = DMZ",
        ] {
            assert!(imported.text.contains(line), "{line} in {}", imported.text);
        }
        assert_eq!(imported.summary.elements, 4);
    }

    /// `text` compiled as a model: its diagnostics' messages.
    fn diagnostics(text: &str) -> Vec<String> {
        let c = tmc_compiler::compile_with(
            &[std::path::PathBuf::from("imported.tm")],
            &tmc_compiler::Options::default(),
            &tmc_compiler::OneFile(text),
        );
        c.diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn awkward_input_still_compiles_cleanly() {
        let doc = include_str!("../../tests/import_otm/edge_cases.otm.yaml");
        let imported = import(doc).unwrap();
        assert_eq!(
            diagnostics(&imported.text),
            Vec::<String>::new(),
            "{}",
            imported.text
        );
        for line in [
            "boundary flow_ \"flow\" {\n  trust = RESTRICTED",
            "Server model_ \"model\" in flow_",
            "Actor threat_ \"threat\"\n",
            "flow loop: model_ -> model_",
            "status = NEEDS_INVESTIGATION",
            "// import: threat \"t\" is attached to `model_` again",
        ] {
            assert!(imported.text.contains(line), "{line} in {}", imported.text);
        }
        let warnings = imported.warnings.join("\n");
        for w in [
            "150 is outside 0-100",
            "\"pondering\" is no state",
            "$.threats[0].risk.impact: 250 is outside 0-100; taken as 100",
            "version 1.0",
        ] {
            assert!(warnings.contains(w), "{w} in {warnings}");
        }
    }

    #[test]
    fn repeated_ids_and_bad_shapes_are_errors() {
        let doc = r#"{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"},
          "trustZones": [{"id": "z", "name": "A", "risk": {"trustRating": 1}},
                         {"id": "z", "name": "B", "risk": {"trustRating": 1}}]}"#;
        let e = import(doc).unwrap_err();
        assert_eq!(
            e.to_string(),
            "3:33: $.trustZones[1].id: id \"z\" is used twice"
        );
        let ok = import("otmVersion: 0.2\nproject: {name: P, id: p}\n").unwrap();
        assert!(ok.text.contains("OTM version 0.2\n"), "{}", ok.text);
        let e = import("otmVersion: 0.2.0\nproject: {name: P}\n").unwrap_err();
        assert_eq!(e.to_string(), "2:10: $.project: missing `id`");
        let e = import("[1, 2]").unwrap_err();
        assert_eq!(e.to_string(), "1:1: $: expected an object, found a list");
        let e = import("otmVersion: 0.2.0\nproject: {name: P, id: p}\ndataflows: 3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "3:12: $.dataflows: expected a list, found a number"
        );
    }

    /// Every value of `v` with its path, as the importer names paths.
    fn paths(v: &Json, path: String, out: &mut Vec<String>) {
        out.push(path.clone());
        match v {
            Json::Object(m) => m
                .iter()
                .for_each(|(k, x)| paths(x, format!("{path}.{k}"), out)),
            Json::Array(l) => l
                .iter()
                .enumerate()
                .for_each(|(i, x)| paths(x, format!("{path}[{i}]"), out)),
            _ => {}
        }
    }

    /// The value at `path` in `v`, to replace.
    fn at<'a>(v: &'a mut Json, path: &str) -> &'a mut Json {
        let mut v = v;
        for part in path
            .trim_start_matches('$')
            .split('.')
            .filter(|p| !p.is_empty())
        {
            let (key, indexes) = part
                .split_once('[')
                .map_or((part, ""), |(k, rest)| (k, rest));
            if !key.is_empty() {
                v = &mut v[key];
            }
            for i in indexes.split('[').filter(|i| !i.is_empty()) {
                v = &mut v[i.trim_end_matches(']').parse::<usize>().unwrap()];
            }
        }
        v
    }

    #[test]
    fn any_value_of_another_shape_is_an_error_or_still_compiles() {
        let webapp = include_str!("../../tests/import_otm/webapp.otm.json");
        let payroll = include_str!("../../tests/import_otm/payroll.otm.yaml");
        // `tmc export otm examples/webapp.tm`: the attributes in
        // `attributes.tmc.written` and the library's threats.
        let exported = include_str!("../../tests/import_otm/webapp_export.otm.json");
        for (doc, only) in [
            (serde_json::from_str(webapp).unwrap(), ""),
            (crate::yaml::to_json(payroll).unwrap(), ""),
            // What tmc adds: the rest is what the other two test.
            (serde_json::from_str(exported).unwrap(), ".tmc"),
        ] {
            each_value_replaced(&doc, only);
        }
    }

    /// Replaces each value of `doc` whose path has `only` in turn by one of
    /// every shape: the import is refused with a place, or gives a model
    /// that compiles with no diagnostic.
    fn each_value_replaced(doc: &Json, only: &str) {
        let mut all = Vec::new();
        paths(doc, "$".to_string(), &mut all);
        all.retain(|p| p == "$" || p.contains(only));
        let others = [
            Json::Null,
            serde_json::json!(7),
            serde_json::json!("x"),
            serde_json::json!([]),
            serde_json::json!({}),
        ];
        let (mut refused, mut compiled) = (0, 0);
        for path in all.iter().skip(1) {
            for other in &others {
                let mut changed = doc.clone();
                *at(&mut changed, path) = other.clone();
                match import(&changed.to_string()) {
                    Err(ImportError::Invalid { at: Some(_), .. }) => refused += 1,
                    Err(e) => panic!("{path} = {other}: {e:?}"),
                    Ok(imported) => {
                        assert_eq!(
                            diagnostics(&imported.text),
                            Vec::<String>::new(),
                            "{path} = {other}:\n{}",
                            imported.text
                        );
                        compiled += 1;
                    }
                }
            }
        }
        assert!(
            refused > 50 && compiled > 50,
            "{refused} refused, {compiled} compiled"
        );
    }

    #[test]
    fn every_cut_of_a_document_is_an_error_not_a_panic() {
        for doc in [
            include_str!("../../tests/import_otm/webapp.otm.json"),
            include_str!("../../tests/import_otm/payroll.otm.yaml"),
        ] {
            for cut in (0..doc.len())
                .step_by(5)
                .filter(|&c| doc.is_char_boundary(c))
            {
                let _ = import(&doc[..cut]);
            }
        }
    }

    #[test]
    fn what_tmc_export_records_is_read_back_when_it_fits() {
        let doc = r#"{
          "otmVersion": "0.2.0",
          "project": {"name": "P", "id": "p"},
          "trustZones": [
            {"id": "tmc-outside", "name": "Outside", "risk": {"trustRating": 30},
             "attributes": {"tmc": {"outside": true}}},
            {"id": "z", "name": "Zone", "risk": {"trustRating": 70},
             "attributes": {"tmc": {"id": "core"}, "owner": "ops"}}
          ],
          "components": [
            {"id": "c1", "name": "Web", "type": "web-server", "parent": {"trustZone": "tmc-outside"}},
            {"id": "c2", "name": "Store", "type": "generic-process", "parent": {"trustZone": "z"},
             "attributes": {"tmc": {"id": "web", "kind": "Datastore", "datastoreType": "FILE_SHARE"}}},
            {"id": "c3", "name": "Flow", "type": "generic-process", "parent": {"trustZone": "z"},
             "attributes": {"tmc": {"id": "flow", "kind": "NoSuchKind"}}},
            {"id": "c4", "name": "Pool", "type": "generic-process", "parent": {"trustZone": "z"},
             "attributes": {"tmc": {"id": "pool", "kind": "Boundary"}}}
          ]
        }"#;
        let imported = import(doc).expect("imported");
        let t = &imported.text;
        // The outside zone is no boundary; its trust is the model's outsideTrust.
        assert!(t.contains("outsideTrust = PARTNER"), "{t}");
        assert!(!t.contains("boundary outside"), "{t}");
        assert!(t.contains("boundary core \"Zone\""), "{t}");
        // `web` is reserved for c2, which records it: c1, named "Web", gets web_2.
        assert!(t.contains("Server web_2 \"Web\"\n"), "{t}");
        assert!(t.contains("Datastore web \"Store\" in core"), "{t}");
        assert!(t.contains("type = FILE_SHARE"), "{t}");
        // A keyword is no identifier, an unknown kind or a boundary no element kind.
        assert!(t.contains("Process flow_ \"Flow\" in core"), "{t}");
        assert!(t.contains("Process pool \"Pool\" in core"), "{t}");
        // The other attributes are still kept as comments.
        assert!(
            t.contains("// import: attributes = {\"owner\":\"ops\"}"),
            "{t}"
        );
    }
}
