//! `tmc import threagile`: a Threagile YAML model as a `.tm` model. Trust
//! boundaries become boundaries (nested ones inside their parent), technical
//! assets elements of the kind their type and technology say, communication
//! links flows (with a reply for the data received), data assets data
//! items rated by their confidentiality, and each risk tracked in
//! `risk_tracking` a hand-written threat for its category with a `Triage`
//! of the tracked status. What tmc has no counterpart for is a `// import:`
//! comment and a warning; docs/interop.md has the mapping.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value as Json};

use crate::document::{imported, invalid, locate, parse, shape, ImportError, Imported, Summary};
use crate::fields;
use crate::losses::Losses;
use crate::names::Names;
use crate::names::{identifier, is_identifier};
use crate::otm::{block, comments, compact, hint_ids};
use crate::pytm::quote;

type Result<T> = std::result::Result<T, ImportError>;

/// Where the format is described, for hints.
const SPEC_HINT: &str =
    "see Threagile's model format (the schema.json and example model of github.com/Threagile/threagile)";

/// Confidentiality levels, lowest first, with the classification each is.
const CONFIDENTIALITY: [(&str, &str); 5] = [
    ("public", "PUBLIC"),
    ("internal", "RESTRICTED"),
    ("restricted", "SENSITIVE"),
    ("confidential", "SECRET"),
    ("strictly-confidential", "TOP_SECRET"),
];

/// Trust boundary types; the network ones are your own networks
/// (`INTERNAL`), an execution environment takes its parent's trust.
const BOUNDARY_TYPES: [&str; 7] = [
    "network-on-prem",
    "network-dedicated-hoster",
    "network-virtual-lan",
    "network-cloud-provider",
    "network-cloud-security-group",
    "network-policy-namespace-isolation",
    "execution-environment",
];

/// Risk tracking statuses and the triage status of each; `unchecked` is
/// no decision (no triage).
const STATUSES: [(&str, Option<&str>); 6] = [
    ("unchecked", None),
    ("in-discussion", Some("NEEDS_INVESTIGATION")),
    ("accepted", Some("ACCEPTED")),
    ("in-progress", Some("IN_PROGRESS")),
    ("mitigated", Some("MITIGATED")),
    ("false-positive", Some("FALSE_POSITIVE")),
];

/// Imports a Threagile model (YAML, or the same as JSON).
pub fn import(text: &str) -> Result<Imported> {
    let doc = parse(text)?;
    let mut r = Reader::default();
    let raw = object(&doc, "$")
        .and_then(|top| r.read(top))
        .map(|()| r.write())
        .map_err(|e| locate(e, text))?;
    imported(&raw, r.losses.warnings(), r.summary)
}

// ---- reading values ------------------------------------------------------

fn object<'a>(v: &'a Json, path: &str) -> Result<&'a Map<String, Json>> {
    fields::object(v, path, "a mapping", SPEC_HINT)
}

/// The mapping at `key`, empty when absent or null.
fn mapping<'a>(
    m: &'a Map<String, Json>,
    key: &str,
    path: &str,
) -> Result<Vec<(&'a str, &'a Json)>> {
    match m.get(key) {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Object(items)) => Ok(items.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        Some(v) => Err(invalid(
            &format!("{path}.{key}"),
            format!(
                "expected a mapping of titles to entries, found {}",
                shape(v)
            ),
            SPEC_HINT,
        )),
    }
}

fn text<'a>(m: &'a Map<String, Json>, key: &str, path: &str) -> Result<Option<&'a str>> {
    fields::string(m, key, path, SPEC_HINT)
}

fn id<'a>(m: &'a Map<String, Json>, path: &str, what: &str) -> Result<&'a str> {
    match text(m, "id", path)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(invalid(
            &format!("{path}.id"),
            "missing",
            format!("every {what} needs an `id`, which the rest of the model refers to"),
        )),
    }
}

fn flag(m: &Map<String, Json>, key: &str, path: &str) -> Result<bool> {
    fields::flag(m, key, path, SPEC_HINT)
}

fn strings<'a>(m: &'a Map<String, Json>, key: &str, path: &str) -> Result<Vec<(&'a str, String)>> {
    let at = format!("{path}.{key}");
    let items = match m.get(key) {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Array(items)) => items,
        Some(v) => {
            return Err(invalid(
                &at,
                format!("expected a list of ids, found {}", shape(v)),
                SPEC_HINT,
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let here = format!("{at}[{i}]");
            match v.as_str() {
                Some(s) => Ok((s, here)),
                None => Err(invalid(
                    &here,
                    format!("expected an id, found {}", shape(v)),
                    SPEC_HINT,
                )),
            }
        })
        .collect()
}

/// One of `allowed` (any case), or an error naming them.
fn member<'a>(value: &str, allowed: &[&'a str], path: &str) -> Result<&'a str> {
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value.trim()))
        .copied()
        .ok_or_else(|| {
            invalid(
                path,
                format!("\"{value}\" is not one of the values Threagile allows here"),
                format!("use one of: {}", allowed.join(", ")),
            )
        })
}

// ---- the model read ------------------------------------------------------

struct DataAsset {
    ident: String,
    title: String,
    lines: Vec<String>,
    notes: Vec<String>,
}

struct Boundary {
    ident: String,
    title: String,
    kind: String,
    lines: Vec<String>,
    /// Index of the boundary it is nested in.
    parent: Option<usize>,
    notes: Vec<String>,
}

struct Asset {
    ident: String,
    title: String,
    kind: &'static str,
    type_words: String,
    internet: bool,
    lines: Vec<String>,
    boundary: Option<usize>,
    notes: Vec<String>,
}

struct Link {
    ident: String,
    title: String,
    source: usize,
    target: usize,
    lines: Vec<String>,
    /// The data received, for a reply flow.
    received: Vec<usize>,
    notes: Vec<String>,
}

/// One tracked risk: its category threat, the asset it is on, its status.
struct Tracked {
    ident: String,
    threat: usize,
    asset: usize,
    status: &'static str,
    lines: Vec<String>,
    notes: Vec<String>,
}

/// A risk category, written as a hand-written threat.
struct Category {
    ident: String,
    name: String,
    on: Vec<usize>,
}

#[derive(Default)]
struct Reader {
    title: String,
    description: Option<String>,
    header_notes: Vec<String>,
    data: Vec<DataAsset>,
    boundaries: Vec<Boundary>,
    assets: Vec<Asset>,
    links: Vec<Link>,
    categories: Vec<Category>,
    tracked: Vec<Tracked>,
    /// Notes on risks that name no asset, written at the end.
    tail_notes: Vec<String>,
    /// Threagile id -> index, per list.
    index: HashMap<(&'static str, String), usize>,
    /// Identifiers given so far.
    names: Names,
    /// What had no counterpart, and other warnings.
    losses: Losses,
    summary: Summary,
}

/// Keys read into the model, by what carries them.
const TOP_KEYS: &[&str] = &[
    "threagile_version",
    "title",
    "technical_overview",
    "data_assets",
    "technical_assets",
    "trust_boundaries",
    "risk_tracking",
];
const DATA_KEYS: &[&str] = &["id", "description", "confidentiality"];
const BOUNDARY_KEYS: &[&str] = &[
    "id",
    "description",
    "type",
    "technical_assets_inside",
    "trust_boundaries_nested",
];
const ASSET_KEYS: &[&str] = &[
    "id",
    "description",
    "type",
    "technology",
    "internet",
    "encryption",
    "out_of_scope",
    "used_as_client_by_human",
    "data_assets_processed",
    "data_assets_stored",
    "communication_links",
];
const LINK_KEYS: &[&str] = &[
    "target",
    "description",
    "protocol",
    "authentication",
    "authorization",
    "vpn",
    "data_assets_sent",
    "data_assets_received",
];
const TRACKING_KEYS: &[&str] = &["status", "justification", "ticket", "date", "checked_by"];

impl Reader {
    /// Notes every key of `m` outside `known` (null, empty and `false`
    /// values say nothing and are passed over).
    fn extras(
        &mut self,
        m: &Map<String, Json>,
        known: &[&str],
        path: &str,
        notes: &mut Vec<String>,
    ) {
        for (key, value) in m {
            let empty = match value {
                Json::Null | Json::Bool(false) => true,
                Json::String(s) => s.trim().is_empty(),
                Json::Array(a) => a.is_empty(),
                Json::Object(o) => o.is_empty(),
                _ => false,
            };
            if known.contains(&key.as_str()) || empty {
                continue;
            }
            let category = format!("Threagile `{key}`");
            let at = format!("{path}.{key}");
            self.losses
                .lose(notes, &category, &at, format!("{key}: {}", compact(value)));
        }
    }

    /// An identifier for the Threagile id `id` (its title when the id has
    /// no letters).
    fn ident(&mut self, id: &str, title: &str, fallback: &str) -> String {
        let base = if is_identifier(id) {
            id.to_string()
        } else {
            let made = identifier(id, "");
            if made.is_empty() {
                identifier(title, fallback)
            } else {
                made
            }
        };
        self.names.fresh(base)
    }

    fn register(&mut self, list: &'static str, id: &str, at: usize, path: &str) -> Result<()> {
        if self.index.insert((list, id.to_string()), at).is_some() {
            return Err(invalid(
                &format!("{path}.id"),
                format!("id \"{id}\" is used twice"),
                format!("the ids of {} must be unique; rename one", plural_of(list)),
            ));
        }
        Ok(())
    }

    /// The index of the entry of `list` with id `id`, or an error at `path`.
    fn find(&self, list: &'static str, id: &str, path: &str) -> Result<usize> {
        self.index
            .get(&(list, id.to_string()))
            .copied()
            .ok_or_else(|| {
                let what = plural_of(list);
                let ids = self.ids(list);
                invalid(
                    path,
                    format!("no {} has the id \"{id}\"", &what[..what.len() - 1]),
                    hint_ids(what, ids.into_iter()),
                )
            })
    }

    fn ids(&self, list: &str) -> Vec<&str> {
        let mut ids: Vec<(&usize, &str)> = self
            .index
            .iter()
            .filter(|((l, _), _)| *l == list)
            .map(|((_, id), i)| (i, id.as_str()))
            .collect();
        ids.sort();
        ids.into_iter().map(|(_, id)| id).collect()
    }

    fn read(&mut self, top: &Map<String, Json>) -> Result<()> {
        self.title = text(top, "title", "$")?
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| invalid("$.title", "missing", "a Threagile model has a `title`"))?
            .to_string();
        if let Some(o) = top.get("technical_overview").filter(|o| !o.is_null()) {
            let o = object(o, "$.technical_overview")?;
            let mut notes = Vec::new();
            self.description = text(o, "description", "$.technical_overview")?
                .filter(|d| !d.trim().is_empty())
                .map(str::to_string);
            self.extras(o, &["description"], "$.technical_overview", &mut notes);
            self.header_notes.extend(notes);
        }
        let mut notes = Vec::new();
        self.extras(top, TOP_KEYS, "$", &mut notes);
        self.header_notes.extend(notes);
        self.read_data(top)?;
        self.read_assets(top)?;
        self.read_boundaries(top)?;
        self.read_links(top)?;
        self.read_tracking(top)
    }

    fn read_data(&mut self, top: &Map<String, Json>) -> Result<()> {
        for (title, v) in mapping(top, "data_assets", "$")? {
            let path = format!("$.data_assets.{title}");
            let m = object(v, &path)?;
            let tid = id(m, &path, "data asset")?;
            self.register("data", tid, self.data.len(), &path)?;
            let mut lines = Vec::new();
            if let Some(d) = text(m, "description", &path)?.filter(|d| !d.trim().is_empty()) {
                lines.push(format!("description = {}", quote(d)));
            }
            if let Some(c) = text(m, "confidentiality", &path)? {
                let levels: Vec<&str> = CONFIDENTIALITY.iter().map(|(l, _)| *l).collect();
                let level = member(c, &levels, &format!("{path}.confidentiality"))?;
                let (_, class) = CONFIDENTIALITY
                    .iter()
                    .find(|(l, _)| *l == level)
                    .unwrap_or(&CONFIDENTIALITY[1]);
                lines.push(format!("classification = {class}"));
            }
            let mut notes = Vec::new();
            self.extras(m, DATA_KEYS, &path, &mut notes);
            let ident = self.ident(tid, title, "data");
            self.data.push(DataAsset {
                ident,
                title: title.to_string(),
                lines,
                notes,
            });
        }
        Ok(())
    }

    fn read_assets(&mut self, top: &Map<String, Json>) -> Result<()> {
        let data_items: Vec<String> = self.data.iter().map(|d| d.ident.clone()).collect();
        for (title, v) in mapping(top, "technical_assets", "$")? {
            let path = format!("$.technical_assets.{title}");
            let m = object(v, &path)?;
            let tid = id(m, &path, "technical asset")?;
            self.register("asset", tid, self.assets.len(), &path)?;
            let ty = text(m, "type", &path)?.unwrap_or("process");
            let ty = member(
                ty,
                &["external-entity", "process", "datastore"],
                &format!("{path}.type"),
            )?;
            let technology = text(m, "technology", &path)?
                .unwrap_or("")
                .trim()
                .to_lowercase();
            let human = flag(m, "used_as_client_by_human", &path)?;
            let kind = kind_of(ty, &technology, human);
            let mut lines = Vec::new();
            let mut notes = Vec::new();
            if let Some(d) = text(m, "description", &path)?.filter(|d| !d.trim().is_empty()) {
                lines.push(format!("description = {}", quote(d)));
            }
            if flag(m, "out_of_scope", &path)? {
                lines.push("inScope = false".to_string());
            }
            match text(m, "encryption", &path)?.map(str::trim) {
                None | Some("") | Some("none") => {}
                Some(e) => {
                    let styles = [
                        "transparent",
                        "data-with-symmetric-shared-key",
                        "data-with-asymmetric-shared-key",
                        "data-with-enduser-individual-key",
                    ];
                    member(e, &styles, &format!("{path}.encryption"))?;
                    lines.push("controls.isEncryptedAtRest = true".to_string());
                    if e != "transparent" {
                        let category = "encryption styles beyond encrypted at rest";
                        self.losses.lose(
                            &mut notes,
                            category,
                            &format!("{path}.encryption"),
                            format!("encryption: {e}"),
                        );
                    }
                }
            }
            let mut held = Vec::new();
            for key in ["data_assets_stored", "data_assets_processed"] {
                for (d, at) in strings(m, key, &path)? {
                    let i = self.find("data", d, &at)?;
                    if !held.contains(&i) {
                        held.push(i);
                    }
                }
            }
            if !held.is_empty() {
                let names: Vec<&str> = held.iter().map(|&i| data_items[i].as_str()).collect();
                lines.push(format!("data = [{}]", names.join(", ")));
            }
            if !technology.is_empty() {
                notes.push(format!("Threagile technology: {technology}"));
            }
            self.extras(m, ASSET_KEYS, &path, &mut notes);
            let internet = flag(m, "internet", &path)?;
            let ident = self.ident(tid, title, "asset");
            self.assets.push(Asset {
                ident,
                title: title.to_string(),
                kind,
                type_words: ty.to_string(),
                internet,
                lines,
                boundary: None,
                notes,
            });
        }
        Ok(())
    }

    fn read_boundaries(&mut self, top: &Map<String, Json>) -> Result<()> {
        let entries = mapping(top, "trust_boundaries", "$")?;
        for (title, v) in &entries {
            let path = format!("$.trust_boundaries.{title}");
            let m = object(v, &path)?;
            let tid = id(m, &path, "trust boundary")?;
            self.register("boundary", tid, self.boundaries.len(), &path)?;
            let ty = text(m, "type", &path)?.unwrap_or("network-on-prem");
            let kind = member(ty, &BOUNDARY_TYPES, &format!("{path}.type"))?;
            let mut lines = Vec::new();
            if kind != "execution-environment" {
                lines.push("trust = INTERNAL".to_string());
            }
            if let Some(d) = text(m, "description", &path)?.filter(|d| !d.trim().is_empty()) {
                lines.push(format!("description = {}", quote(d)));
            }
            let mut notes = Vec::new();
            self.extras(m, BOUNDARY_KEYS, &path, &mut notes);
            let ident = self.ident(tid, title, "boundary");
            self.boundaries.push(Boundary {
                ident,
                title: title.to_string(),
                kind: kind.to_string(),
                lines,
                parent: None,
                notes,
            });
        }
        // What each boundary holds, once every id is known.
        let mut placed_at: HashMap<usize, String> = HashMap::new();
        let mut nested_at: HashMap<usize, String> = HashMap::new();
        for (b, (title, v)) in entries.iter().enumerate() {
            let path = format!("$.trust_boundaries.{title}");
            let m = object(v, &path)?;
            for (a, at) in strings(m, "technical_assets_inside", &path)? {
                let i = self.find("asset", a, &at)?;
                if let Some(first) = placed_at.insert(i, at.clone()) {
                    return Err(invalid(
                        &at,
                        format!("technical asset \"{a}\" is already inside another trust boundary ({first})"),
                        "an asset sits directly in one trust boundary; nest the boundaries instead",
                    ));
                }
                self.assets[i].boundary = Some(b);
            }
            for (n, at) in strings(m, "trust_boundaries_nested", &path)? {
                let i = self.find("boundary", n, &at)?;
                if let Some(first) = nested_at.insert(i, at.clone()) {
                    return Err(invalid(
                        &at,
                        format!(
                            "trust boundary \"{n}\" is already nested in another one ({first})"
                        ),
                        "a trust boundary is nested in one boundary at most",
                    ));
                }
                self.boundaries[i].parent = Some(b);
            }
        }
        self.refuse_cycles(&nested_at)
    }

    /// An error when boundaries end up nested in themselves.
    fn refuse_cycles(&self, nested_at: &HashMap<usize, String>) -> Result<()> {
        for start in 0..self.boundaries.len() {
            let mut seen = HashSet::new();
            let mut at = start;
            while let Some(p) = self.boundaries[at].parent {
                if p == start || !seen.insert(p) {
                    let path = nested_at.get(&at).cloned().unwrap_or_default();
                    return Err(invalid(
                        &path,
                        format!(
                            "trust boundary \"{}\" ends up nested in itself",
                            self.boundaries[start].title
                        ),
                        "trust_boundaries_nested must not form a cycle; remove one of the nestings",
                    ));
                }
                at = p;
            }
        }
        Ok(())
    }

    fn read_links(&mut self, top: &Map<String, Json>) -> Result<()> {
        let data_items: Vec<String> = self.data.iter().map(|d| d.ident.clone()).collect();
        for (title, v) in mapping(top, "technical_assets", "$")? {
            let path = format!("$.technical_assets.{title}");
            let m = object(v, &path)?;
            let source = self.find("asset", id(m, &path, "technical asset")?, &path)?;
            for (name, lv) in mapping(m, "communication_links", &path)? {
                let lp = format!("{path}.communication_links.{name}");
                let l = object(lv, &lp)?;
                let target_id = text(l, "target", &lp)?.ok_or_else(|| {
                    invalid(
                        &format!("{lp}.target"),
                        "missing",
                        "a communication link names its `target`, a technical asset id",
                    )
                })?;
                let target = self.find("asset", target_id, &format!("{lp}.target"))?;
                let mut lines = Vec::new();
                let mut notes = Vec::new();
                if let Some(d) = text(l, "description", &lp)?.filter(|d| !d.trim().is_empty()) {
                    lines.push(format!("description = {}", quote(d)));
                }
                if let Some(p) = text(l, "protocol", &lp)?
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    lines.push(format!("protocol = {}", quote(&p.to_uppercase())));
                    if encrypted_protocol(p) {
                        lines.push("controls.isEncrypted = true".to_string());
                    }
                }
                self.authentication(l, &lp, &mut lines, &mut notes)?;
                if flag(l, "vpn", &lp)? {
                    lines.push("usesVPN = true".to_string());
                }
                let mut sent = Vec::new();
                for (d, at) in strings(l, "data_assets_sent", &lp)? {
                    sent.push(self.find("data", d, &at)?);
                }
                let mut received = Vec::new();
                for (d, at) in strings(l, "data_assets_received", &lp)? {
                    received.push(self.find("data", d, &at)?);
                }
                if !sent.is_empty() {
                    let names: Vec<&str> = sent.iter().map(|&i| data_items[i].as_str()).collect();
                    lines.push(format!("data = [{}]", names.join(", ")));
                }
                self.extras(l, LINK_KEYS, &lp, &mut notes);
                let base = identifier(name, "link");
                let ident = self.names.fresh(base);
                self.links.push(Link {
                    ident,
                    title: name.to_string(),
                    source,
                    target,
                    lines,
                    received,
                    notes,
                });
            }
        }
        Ok(())
    }

    /// The controls a link's `authentication` and `authorization` say.
    fn authentication(
        &mut self,
        l: &Map<String, Json>,
        lp: &str,
        lines: &mut Vec<String>,
        notes: &mut Vec<String>,
    ) -> Result<()> {
        if let Some(a) = text(l, "authentication", lp)? {
            let kinds = [
                "none",
                "credentials",
                "session-id",
                "token",
                "client-certificate",
                "two-factor",
                "externalized",
            ];
            let a = member(a, &kinds, &format!("{lp}.authentication"))?;
            if a != "none" {
                lines.push("controls.authenticatesSource = true".to_string());
            }
            match a {
                "two-factor" => lines.push("controls.usesMFA = true".to_string()),
                "session-id" => lines.push("usesSessionTokens = true".to_string()),
                "none" => {}
                _ => notes.push(format!("authentication: {a}")),
            }
        }
        if let Some(a) = text(l, "authorization", lp)? {
            let kinds = ["none", "technical-user", "enduser-identity-propagation"];
            let a = member(a, &kinds, &format!("{lp}.authorization"))?;
            if a != "none" {
                lines.push("controls.authorizesSource = true".to_string());
                notes.push(format!("authorization: {a}"));
            }
        }
        Ok(())
    }

    fn read_tracking(&mut self, top: &Map<String, Json>) -> Result<()> {
        for (risk, v) in mapping(top, "risk_tracking", "$")? {
            let path = format!("$.risk_tracking.{risk}");
            let m = object(v, &path)?;
            let raw = text(m, "status", &path)?.unwrap_or("unchecked");
            let words: Vec<&str> = STATUSES.iter().map(|(s, _)| *s).collect();
            let word = member(raw, &words, &format!("{path}.status"))?;
            let status = STATUSES
                .iter()
                .find(|(s, _)| *s == word)
                .and_then(|(_, t)| *t);
            let mut parts = risk.split('@');
            let category = parts.next().unwrap_or("").trim();
            let asset = parts.find_map(|p| self.index.get(&("asset", p.to_string())).copied());
            let mut notes = Vec::new();
            let (Some(asset), false) = (asset, category.is_empty()) else {
                let note =
                    format!("risk \"{risk}\" ({word}) names no technical asset of the model");
                let mut sink = Vec::new();
                self.losses.lose(
                    &mut sink,
                    "tracked risks on no technical asset",
                    &path,
                    note,
                );
                self.tail_notes.extend(sink);
                continue;
            };
            let threat = self.category(category);
            if !self.categories[threat].on.contains(&asset) {
                self.categories[threat].on.push(asset);
            }
            let Some(status) = status else {
                continue;
            };
            let target = self.assets[asset].ident.clone();
            if self
                .tracked
                .iter()
                .any(|t| t.threat == threat && t.asset == asset)
            {
                let note = format!("risk \"{risk}\" ({word}): another tracked risk of \"{category}\" on `{target}` came first and decides");
                let mut sink = Vec::new();
                self.losses.lose(
                    &mut sink,
                    "tracked risks of one category on one asset after the first",
                    &path,
                    note,
                );
                self.tail_notes.extend(sink);
                continue;
            }
            let mut lines = Vec::new();
            let why = text(m, "justification", &path)?
                .filter(|j| !j.trim().is_empty())
                .map_or_else(|| format!("Threagile status \"{word}\"."), str::to_string);
            lines.push(format!("justification = {}", quote(&why)));
            if let Some(t) = text(m, "ticket", &path)?.filter(|t| !t.trim().is_empty()) {
                lines.push(format!("ticket = {}", quote(t)));
            }
            if let Some(o) = text(m, "checked_by", &path)?.filter(|o| !o.trim().is_empty()) {
                lines.push(format!("owner = {}", quote(o)));
            }
            match m.get("date") {
                Some(Json::String(d)) if is_date(d) => {
                    lines.push(format!("decided = {}", quote(d)))
                }
                None | Some(Json::Null) => {}
                Some(d) => {
                    let category = "risk tracking dates that are not YYYY-MM-DD";
                    self.losses.lose(
                        &mut notes,
                        category,
                        &format!("{path}.date"),
                        format!("date: {}", compact(d)),
                    );
                }
            }
            self.extras(m, TRACKING_KEYS, &path, &mut notes);
            let base = format!("triage_{}_{target}", self.categories[threat].ident);
            let ident = self.names.fresh(base.chars().take(200).collect());
            self.tracked.push(Tracked {
                ident,
                threat,
                asset,
                status,
                lines,
                notes,
            });
        }
        Ok(())
    }

    /// The threat for a risk category, made the first time it is named.
    fn category(&mut self, category: &str) -> usize {
        if let Some(i) = self.categories.iter().position(|c| c.name == category) {
            return i;
        }
        let ident = self
            .names
            .fresh(format!("TG_{}", identifier(category, "risk")));
        self.categories.push(Category {
            ident,
            name: category.to_string(),
            on: Vec::new(),
        });
        self.categories.len() - 1
    }
}

/// What the entries of an id list are called.
fn plural_of(list: &str) -> &'static str {
    match list {
        "data" => "data assets",
        "asset" => "technical assets",
        _ => "trust boundaries",
    }
}

/// The element kind of a technical asset.
fn kind_of(ty: &str, technology: &str, human: bool) -> &'static str {
    match ty {
        "datastore" => "Datastore",
        "external-entity"
            if human
                || matches!(
                    technology,
                    "browser" | "desktop" | "mobile-app" | "client-system"
                ) =>
        {
            "Actor"
        }
        "external-entity" => "ExternalEntity",
        _ => match technology {
            "web-server" | "web-application" | "application-server" | "cms"
            | "web-service-rest" | "web-service-soap" => "Server",
            "reverse-proxy" | "load-balancer" | "waf" | "gateway" | "api-gateway" => "Gateway",
            "identity-provider" | "identity-store-ldap" | "identity-store-database" => {
                "IdentityProvider"
            }
            "message-queue" | "stream-processing" | "event-listener" => "MessageQueue",
            "function" => "Lambda",
            "vault" | "hsm" => "SecretsVault",
            "browser" | "desktop" | "mobile-app" => "ClientApp",
            _ => "Process",
        },
    }
}

/// Whether a Threagile protocol encrypts what it carries.
fn encrypted_protocol(p: &str) -> bool {
    let p = p.to_lowercase();
    (p.contains("encrypted") && !p.contains("unencrypted"))
        || matches!(
            p.as_str(),
            "https" | "wss" | "ssh" | "ssh-tunnel" | "ftps" | "sftp" | "ldaps" | "smtp-encrypted"
        )
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn body(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

// ---- writing --------------------------------------------------------------

impl Reader {
    fn write(&mut self) -> String {
        let mut out = String::new();
        let notes = std::mem::take(&mut self.header_notes);
        out += &comments(&notes, &mut self.summary);
        let description = self
            .description
            .clone()
            .unwrap_or_else(|| format!("Imported from the Threagile model \"{}\".", self.title));
        // Outside every boundary is the internet unless no asset there is.
        let outside: Vec<usize> = (0..self.assets.len())
            .filter(|&a| self.assets[a].boundary.is_none())
            .collect();
        let internal = !outside.is_empty() && outside.iter().all(|&a| !self.assets[a].internet);
        let trust = if internal {
            "outsideTrust = INTERNAL\n"
        } else {
            ""
        };
        out += &format!(
            "model {} {{\ndescription = {}\n{trust}}}\n\n",
            quote(&self.title),
            quote(&description)
        );
        if !internal {
            for a in outside {
                if !self.assets[a].internet {
                    self.assets[a].notes.push("not on the internet, but in no trust boundary, where the model's trust is INTERNET".to_string());
                }
            }
        }
        for a in 0..self.assets.len() {
            if self.assets[a].internet && self.assets[a].boundary.is_some() {
                self.assets[a]
                    .notes
                    .push("internet: true, inside a trust boundary rated INTERNAL".to_string());
            }
        }
        out += &self.write_boundaries();
        out += &self.write_data();
        out += &self.write_assets();
        out += &self.write_links();
        out += &self.write_risks();
        out
    }

    fn write_boundaries(&mut self) -> String {
        let mut order: Vec<usize> = Vec::new();
        let mut placed = vec![false; self.boundaries.len()];
        while order.len() < self.boundaries.len() {
            for i in 0..self.boundaries.len() {
                if !placed[i] && self.boundaries[i].parent.is_none_or(|p| placed[p]) {
                    placed[i] = true;
                    order.push(i);
                }
            }
        }
        let mut out = String::new();
        for i in order {
            let b = &self.boundaries[i];
            let parent = b
                .parent
                .map(|p| format!(" in {}", self.boundaries[p].ident))
                .unwrap_or_default();
            let head = format!(
                "// Threagile type: {}\nboundary {} {}{parent}",
                b.kind,
                b.ident,
                quote(&b.title)
            );
            let (notes, text) = (b.notes.clone(), block(&head, &body(&b.lines)));
            out += &comments(&notes, &mut self.summary);
            out += &text;
            self.summary.boundaries += 1;
        }
        out
    }

    fn write_data(&mut self) -> String {
        let mut out = String::new();
        for d in &self.data {
            let head = format!("Data {} {}", d.ident, quote(&d.title));
            out += &comments(&d.notes, &mut self.summary);
            out += &block(&head, &body(&d.lines));
            self.summary.data += 1;
        }
        out
    }

    fn write_assets(&mut self) -> String {
        let mut out = String::new();
        for a in &self.assets {
            let zone = a
                .boundary
                .map(|b| format!(" in {}", self.boundaries[b].ident))
                .unwrap_or_default();
            let head = format!(
                "// Threagile type: {}\n{} {} {}{zone}",
                a.type_words,
                a.kind,
                a.ident,
                quote(&a.title)
            );
            out += &comments(&a.notes, &mut self.summary);
            out += &block(&head, &body(&a.lines));
            self.summary.elements += 1;
        }
        out
    }

    fn write_links(&mut self) -> String {
        let mut out = String::new();
        for l in &self.links {
            let (src, dst) = (&self.assets[l.source].ident, &self.assets[l.target].ident);
            let head = format!("flow {}: {src} -> {dst} {}", l.ident, quote(&l.title));
            out += &comments(&l.notes, &mut self.summary);
            out += &block(&head, &body(&l.lines));
            self.summary.flows += 1;
            if !l.received.is_empty() {
                let names: Vec<&str> = l
                    .received
                    .iter()
                    .map(|&i| self.data[i].ident.as_str())
                    .collect();
                let lines = [
                    format!("responseTo = {}", l.ident),
                    format!("data = [{}]", names.join(", ")),
                ];
                let head = format!(
                    "// Threagile data_assets_received: the reply\nflow {}_reply: {dst} -> {src} {}",
                    l.ident,
                    quote(&format!("{} (reply)", l.title))
                );
                out += &block(&head, &body(&lines));
                self.summary.flows += 1;
            }
        }
        out
    }

    fn write_risks(&mut self) -> String {
        let mut out = String::new();
        for c in &self.categories {
            let on: Vec<&str> =
                c.on.iter()
                    .map(|&a| self.assets[a].ident.as_str())
                    .collect();
            let head = format!(
                "// Threagile risk category: {}\nthreat {} {}",
                c.name,
                c.ident,
                quote(&c.name.replace('-', " "))
            );
            let lines = [
                format!("on = [{}]", on.join(", ")),
                "severity = Medium".to_string(),
                format!(
                    "details = {}",
                    quote(&format!(
                        "Threagile's risk category \"{}\", tracked in the model's risk_tracking.",
                        c.name
                    ))
                ),
            ];
            out += &block(&head, &body(&lines));
            self.summary.threats += 1;
        }
        for t in &self.tracked {
            let threat = &self.categories[t.threat].ident;
            let target = &self.assets[t.asset].ident;
            let ident = &t.ident;
            let mut lines = vec![
                format!("threat_id = {}", quote(threat)),
                format!("on = [{target}]"),
                format!("status = {}", t.status),
            ];
            lines.extend(t.lines.iter().cloned());
            out += &comments(&t.notes, &mut self.summary);
            out += &block(&format!("Triage {ident}"), &body(&lines));
            self.summary.triages += 1;
        }
        let notes = std::mem::take(&mut self.tail_notes);
        out += &comments(&notes, &mut self.summary);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLINIC: &str = include_str!("../../tests/import_threagile/clinic.yaml");

    fn diagnostics(text: &str) -> Vec<String> {
        let c = tmc_compiler::compile_with(
            &[std::path::PathBuf::from("imported.tm")],
            &tmc_compiler::Options::default(),
            &tmc_compiler::OneFile(text),
        );
        c.diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    /// Every path of `v` with its parts (keys and list indexes).
    fn paths(v: &Json, path: Vec<Json>, out: &mut Vec<Vec<Json>>) {
        out.push(path.clone());
        let mut child = |k: Json, x: &Json| {
            let mut p = path.clone();
            p.push(k);
            paths(x, p, out);
        };
        match v {
            Json::Object(m) => m.iter().for_each(|(k, x)| child(k.clone().into(), x)),
            Json::Array(l) => l.iter().enumerate().for_each(|(i, x)| child(i.into(), x)),
            _ => {}
        }
    }

    fn at<'a>(mut v: &'a mut Json, path: &[Json]) -> &'a mut Json {
        for part in path {
            v = match part {
                Json::String(k) => &mut v[k.as_str()],
                n => &mut v[n.as_u64().unwrap_or(0) as usize],
            };
        }
        v
    }

    #[test]
    fn any_value_of_another_shape_is_an_error_or_still_compiles() {
        let doc = crate::yaml::to_json(CLINIC).expect("the fixture is YAML");
        let mut all = Vec::new();
        paths(&doc, Vec::new(), &mut all);
        let others = [
            Json::Null,
            serde_json::json!(7),
            serde_json::json!("x"),
            serde_json::json!(true),
            serde_json::json!([]),
            serde_json::json!({}),
        ];
        let (mut refused, mut compiled) = (0, 0);
        for path in all.iter().skip(1) {
            for other in &others {
                let mut changed = doc.clone();
                *at(&mut changed, path) = other.clone();
                match import(&changed.to_string()) {
                    Err(ImportError::Invalid { .. }) => refused += 1,
                    Err(e) => panic!("{path:?} = {other}: {e:?}"),
                    Ok(imported) => {
                        assert_eq!(
                            diagnostics(&imported.text),
                            Vec::<String>::new(),
                            "{path:?} = {other}:\n{}",
                            imported.text
                        );
                        compiled += 1;
                    }
                }
            }
        }
        assert!(
            refused > 100 && compiled > 100,
            "{refused} refused, {compiled} compiled"
        );
    }

    #[test]
    fn every_cut_of_the_model_is_an_error_not_a_panic() {
        for cut in (0..CLINIC.len())
            .step_by(7)
            .filter(|&c| CLINIC.is_char_boundary(c))
        {
            let _ = import(&CLINIC[..cut]);
        }
    }

    #[test]
    fn kinds_follow_type_and_technology() {
        assert_eq!(kind_of("datastore", "database", false), "Datastore");
        assert_eq!(kind_of("external-entity", "browser", false), "Actor");
        assert_eq!(kind_of("external-entity", "", true), "Actor");
        assert_eq!(
            kind_of("external-entity", "web-service-rest", false),
            "ExternalEntity"
        );
        assert_eq!(kind_of("process", "load-balancer", false), "Gateway");
        assert_eq!(kind_of("process", "function", false), "Lambda");
        assert_eq!(kind_of("process", "batch-processing", false), "Process");
        assert!(encrypted_protocol("jdbc-encrypted"));
        assert!(encrypted_protocol("HTTPS"));
        assert!(!encrypted_protocol("http"));
        assert!(!encrypted_protocol("binary"));
        assert!(is_date("2026-10-30") && !is_date("30.10.2026"));
    }
}
