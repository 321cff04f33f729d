//! `tmc import-pytm`: turns the JSON that pytm 1.4 writes with `--json`
//! into a `.tm` model, formatted by `tmc_syntax::format::format`.
//!
//! The JSON is pytm's model *after* it resolved it: objects refer to each
//! other by display name, enum values read `Classification.SECRET`, every
//! attribute is present (defaults included), and derived ones (`inputs`,
//! `findings`, `severity`, ...) are filled in. The importer writes only the
//! attributes that differ from the schema's defaults, leaves the derived
//! ones out, and gives every object a snake_case identifier made from its
//! name. pytm's JSON loses overrides (they serialise as `""`) and the
//! `exclude` lists of assumptions (only their names are kept), so both are
//! rebuilt from the `findings` (an overridden finding carries the
//! override's fields) and `excluded_findings` (each carries the assumption
//! that excluded it). Anything the schema has no place for becomes a
//! `// import-pytm:` comment in the output and a warning, never a silent
//! drop; a value of the wrong shape is an error naming its JSON path.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde_json::{Map, Value as Json};

use tmc_compiler::model::known::{OVERRIDES, THREAT_ID};
use tmc_compiler::model::Value;
use tmc_compiler::schema::{Schema, Type};

use crate::names::{identifier, Names};

/// The imported model.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The `.tm` text, formatted.
    pub text: String,
    /// What could not be carried over (also written as comments in `text`).
    pub warnings: Vec<String>,
    /// (threat id, element name) of the findings pytm reported only because
    /// an override named them: their condition does not hold in tmc, so
    /// the override is left out (as a comment) and the finding is not
    /// reported.
    pub forced_by_override: Vec<(String, String)>,
}

/// Why a JSON document could not be imported.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// Not JSON at all; line and column start at 1.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON that is not a pytm model; `path` is like `elements[3].__class__`.
    Invalid { path: String, message: String },
    /// The generated text did not format: a bug in tmc.
    Internal(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Syntax {
                line,
                column,
                message,
            } => write!(f, "{line}:{column}: invalid JSON: {message}"),
            ImportError::Invalid { path, message } => write!(f, "{path}: {message}"),
            ImportError::Internal(message) => {
                write!(f, "internal error, please report it: {message}")
            }
        }
    }
}

type Result<T> = std::result::Result<T, ImportError>;

fn invalid(path: &str, message: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        path: path.to_string(),
        message: message.into(),
    }
}

/// The path pytm's own threat library ends with; tmc has it built in.
const PYTM_THREATS: &str = "threatlib/threats.json";

/// Top-level keys of pytm's JSON that the importer reads or may ignore.
const TOP_LEVEL: &[&str] = &[
    "name",
    "description",
    "isOrdered",
    "onDuplicates",
    "ignoreUnused",
    "mergeResponses",
    "colormap",
    "threatsFile",
    "threatsExcluded",
    "assumptions",
    "boundaries",
    "elements",
    "flows",
    "data",
    "findings",
    "excluded_findings",
    // Views of `elements` split by class: nothing of their own.
    "actors",
    "assets",
];

/// The four lists of objects, each with its tmc role.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Role {
    Boundary,
    Element,
    Flow,
    Data,
}

impl Role {
    fn list(self) -> &'static str {
        match self {
            Role::Boundary => "boundaries",
            Role::Element => "elements",
            Role::Flow => "flows",
            Role::Data => "data",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Role::Boundary => "boundary",
            Role::Element => "element",
            Role::Flow => "flow",
            Role::Data => "data item",
        }
    }
}

/// A value as it is written in `.tm`.
#[derive(Clone, Debug, PartialEq)]
enum Lit {
    Bool(bool),
    Int(i64),
    Str(String),
    /// An enum member or a reference: a bare name.
    Bare(String),
    List(Vec<Lit>),
    Record(Vec<(String, Lit)>),
}

/// One object of the JSON, with what the importer decided about it.
struct Obj<'a> {
    role: Role,
    index: usize,
    fields: &'a Map<String, Json>,
    name: String,
    id: String,
    kind: String,
}

impl Obj<'_> {
    fn path(&self) -> String {
        format!("{}[{}]", self.role.list(), self.index)
    }
}

/// What the findings say about one object: overrides and assumptions.
#[derive(Default)]
struct Recovered {
    /// Override records by target name, in the order first seen.
    overrides: BTreeMap<String, Vec<Vec<(String, Lit)>>>,
    /// (target name, threat id) of overrides that match no tmc finding.
    unused: BTreeSet<(String, String)>,
    /// (target name or "" for the model, assumption name) -> (exclude, description).
    assumptions: HashMap<(String, String), (BTreeSet<String>, String)>,
}

struct Ctx<'a> {
    schema: &'a Schema,
    objects: Vec<Obj<'a>>,
    /// (role, name) -> index in `objects`, first of that name.
    by_name: HashMap<(Role, String), usize>,
    /// The data items of each name several share, in order (indexes in
    /// `objects`): a flow's data among them is found by its carrier.
    data_alike: HashMap<String, Vec<usize>>,
    recovered: Recovered,
    warnings: Vec<String>,
    /// How many warnings reading the JSON gave, before any writing.
    read_warnings: usize,
}

/// Imports pytm's JSON, checking it against `schema` (the stdlib's).
pub fn import(json: &str, schema: &Schema) -> Result<Imported> {
    let doc: Json = serde_json::from_str(json).map_err(|e| ImportError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let top = doc
        .as_object()
        .ok_or_else(|| invalid("$", "expected a JSON object (the output of `pytm --json`)"))?;
    let mut ctx = Ctx {
        schema,
        objects: Vec::new(),
        by_name: HashMap::new(),
        data_alike: HashMap::new(),
        recovered: Recovered::default(),
        warnings: Vec::new(),
        read_warnings: 0,
    };
    ctx.collect(top)?;
    ctx.recover(top)?;
    ctx.read_warnings = ctx.warnings.len();
    let first = ctx.write(top)?;
    // pytm reports an overridden threat even where its condition does not
    // hold; tmc does not. Such overrides would be unused: comment them out.
    ctx.recovered.unused = unused_overrides(&first);
    let text = if ctx.recovered.unused.is_empty() {
        first
    } else {
        ctx.write(top)?
    };
    let text = tmc_syntax::format::format(&text).map_err(|d| {
        ImportError::Internal(format!("the generated model does not parse: {}", d.message))
    })?;
    let mut forced_by_override: Vec<(String, String)> = ctx
        .recovered
        .unused
        .iter()
        .map(|(target, threat)| (threat.clone(), target.clone()))
        .collect();
    forced_by_override.sort();
    Ok(Imported {
        text,
        warnings: ctx.warnings,
        forced_by_override,
    })
}

/// (element name, threat id) of the overrides in `text` that match no
/// finding when it is compiled with the built-in threats.
fn unused_overrides(text: &str) -> BTreeSet<(String, String)> {
    let root = std::path::PathBuf::from("imported.tm");
    let c = tmc_compiler::compile_with(
        &[root],
        &tmc_compiler::Options::default(),
        &tmc_compiler::OneFile(text),
    );
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return BTreeSet::new();
    };
    let found: BTreeSet<(usize, &str)> = findings
        .iter()
        .map(|f| (f.target.index(), c.library.threats[f.threat].id.as_str()))
        .collect();
    let mut unused = BTreeSet::new();
    for (i, o) in model.objects.iter().enumerate() {
        let Some(tmc_compiler::model::Value::List(items)) = o.attrs.get(OVERRIDES.name()) else {
            continue;
        };
        for item in items {
            if let tmc_compiler::model::Value::Record(r) = item {
                if let Some(tmc_compiler::model::Value::Str(t)) = r.get(THREAT_ID.name()) {
                    if !found.contains(&(i, t.as_str())) {
                        unused.insert((o.name.clone(), t.clone()));
                    }
                }
            }
        }
    }
    unused
}

fn array<'a>(top: &'a Map<String, Json>, key: &str) -> Result<&'a [Json]> {
    match top.get(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(items)) => Ok(items),
        Some(_) => Err(invalid(key, "expected a list")),
    }
}

fn string<'a>(v: &'a Json, path: &str) -> Result<&'a str> {
    v.as_str()
        .ok_or_else(|| invalid(path, format!("expected a string, found {}", shape(v))))
}

fn shape(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

impl<'a> Ctx<'a> {
    fn warn(&mut self, message: String) {
        self.warnings.push(message);
    }

    /// Reads the four lists, picks kinds and identifiers.
    fn collect(&mut self, top: &'a Map<String, Json>) -> Result<()> {
        for key in top.keys() {
            if !TOP_LEVEL.contains(&key.as_str()) {
                self.warn(format!("`{key}` is not part of a pytm model; left out"));
            }
        }
        let mut names = Names::default();
        for role in [Role::Boundary, Role::Element, Role::Data, Role::Flow] {
            for (index, item) in array(top, role.list())?.iter().enumerate() {
                let path = format!("{}[{index}]", role.list());
                let fields = item.as_object().ok_or_else(|| {
                    invalid(&path, format!("expected an object, found {}", shape(item)))
                })?;
                let name = string(
                    fields.get("name").unwrap_or(&Json::Null),
                    &format!("{path}.name"),
                )?
                .to_string();
                let kind = self.kind_of(role, fields, &path)?;
                let base = identifier(&name, role.noun().split(' ').next().unwrap_or("x"));
                let id = names.fresh(base);
                let at = self.objects.len();
                if let std::collections::hash_map::Entry::Vacant(e) =
                    self.by_name.entry((role, name.clone()))
                {
                    e.insert(at);
                } else {
                    if role == Role::Data {
                        let first = self.by_name[&(role, name.clone())];
                        let alike = self.data_alike.entry(name.clone()).or_default();
                        if alike.is_empty() {
                            alike.push(first);
                        }
                        alike.push(at);
                    }
                    let which = match role {
                        Role::Data => "a flow's data to the one whose carriedBy names the flow, others to the first",
                        _ => "references by this name go to the first",
                    };
                    self.warn(format!(
                        "{path}: another {} is also named \"{name}\"; {which}",
                        role.noun()
                    ));
                }
                self.objects.push(Obj {
                    role,
                    index,
                    fields,
                    name,
                    id,
                    kind,
                });
            }
        }
        Ok(())
    }

    fn kind_of(&self, role: Role, fields: &Map<String, Json>, path: &str) -> Result<String> {
        let fixed = match role {
            Role::Boundary => tmc_compiler::schema::BOUNDARY,
            Role::Flow => tmc_compiler::schema::DATAFLOW,
            Role::Data => tmc_compiler::schema::DATA,
            Role::Element => {
                let at = format!("{path}.__class__");
                let class = string(fields.get("__class__").unwrap_or(&Json::Null), &at)?;
                let s = self.schema;
                let declarable = s.is_a(class, tmc_compiler::schema::ELEMENT)
                    && !s.is_a(class, tmc_compiler::schema::BOUNDARY)
                    && !s.is_a(class, tmc_compiler::schema::DATAFLOW);
                if !declarable {
                    let kinds: Vec<&str> = s
                        .kinds
                        .iter()
                        .map(|k| k.name.as_str())
                        .filter(|k| {
                            s.is_a(k, tmc_compiler::schema::ELEMENT)
                                && !s.is_a(k, tmc_compiler::schema::BOUNDARY)
                                && !s.is_a(k, tmc_compiler::schema::DATAFLOW)
                        })
                        .collect();
                    return Err(invalid(
                        &at,
                        format!(
                            "pytm class `{class}` has no tmc element kind (known: {})",
                            kinds.join(", ")
                        ),
                    ));
                }
                return Ok(class.to_string());
            }
        };
        Ok(fixed.to_string())
    }

    fn lookup(&self, role: Role, name: &str) -> Option<&Obj<'a>> {
        self.by_name
            .get(&(role, name.to_string()))
            .map(|&i| &self.objects[i])
    }

    /// Rebuilds overrides and assumption excludes from the findings.
    fn recover(&mut self, top: &Map<String, Json>) -> Result<()> {
        for key in ["findings", "excluded_findings"] {
            for (i, f) in array(top, key)?.iter().enumerate() {
                let path = format!("{key}[{i}]");
                let f = f
                    .as_object()
                    .ok_or_else(|| invalid(&path, "expected an object"))?;
                let text = |k: &str| f.get(k).and_then(Json::as_str).unwrap_or("");
                let target = text("target").to_string();
                let threat = text("threat_id").to_string();
                // A finding built from an override takes all of the
                // override's fields, its empty `id` and `condition` too.
                if text("id").is_empty() && text("condition").is_empty() {
                    let record = self.override_record(f, &threat, &path)?;
                    let list = self.recovered.overrides.entry(target.clone()).or_default();
                    if !list.iter().any(|r| r[0] == record[0]) {
                        list.push(record);
                    }
                }
                if let Some(a) = f.get("assumption").filter(|a| !a.is_null()) {
                    self.assumption_of(a, &target, &threat, &format!("{path}.assumption"), top)?;
                }
            }
        }
        Ok(())
    }

    fn override_record(
        &self,
        f: &Map<String, Json>,
        threat: &str,
        path: &str,
    ) -> Result<Vec<(String, Lit)>> {
        let mut record = vec![("threat_id".to_string(), Lit::Str(threat.to_string()))];
        let fields = ["response", "cvss"];
        for k in fields {
            if let Some(s) = f.get(k).and_then(Json::as_str).filter(|s| !s.is_empty()) {
                record.push((k.to_string(), Lit::Str(s.to_string())));
            }
        }
        for (k, ty) in [("severity", "Severity"), ("likelihood", "Likelihood")] {
            if let Some(s) = f.get(k).and_then(Json::as_str).filter(|s| !s.is_empty()) {
                let member: String = s.split_whitespace().collect();
                let known = self
                    .schema
                    .enumeration(ty)
                    .and_then(|e| e.member(&member))
                    .is_some();
                if !known {
                    return Err(invalid(
                        &format!("{path}.{k}"),
                        format!("`{s}` is not a {ty} (VeryLow, Low, Medium, High, VeryHigh)"),
                    ));
                }
                record.push((k.to_string(), Lit::Bare(member)));
            }
        }
        for k in [
            "description",
            "details",
            "mitigations",
            "example",
            "references",
        ] {
            if let Some(s) = f.get(k).and_then(Json::as_str).filter(|s| !s.is_empty()) {
                record.push((k.to_string(), Lit::Str(s.to_string())));
            }
        }
        Ok(record)
    }

    fn assumption_of(
        &mut self,
        a: &Json,
        target: &str,
        threat: &str,
        path: &str,
        top: &Map<String, Json>,
    ) -> Result<()> {
        let a = a
            .as_object()
            .ok_or_else(|| invalid(path, "expected an object"))?;
        let name = string(
            a.get("name").unwrap_or(&Json::Null),
            &format!("{path}.name"),
        )?;
        let description = a.get("description").and_then(Json::as_str).unwrap_or("");
        let mut exclude: BTreeSet<String> = match a.get("exclude") {
            Some(Json::String(s)) => python_set(s),
            Some(Json::Array(items)) => items
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect(),
            _ => BTreeSet::new(),
        };
        exclude.insert(threat.to_string());
        // The element's own assumption wins over a model one of the same
        // name, as pytm checks the element's first.
        let own = self
            .lookup_any(target)
            .is_some_and(|o| names(o.fields.get("assumptions")).contains(&name.to_string()));
        let global = names(top.get("assumptions")).contains(&name.to_string());
        let owner = if own || !global {
            target.to_string()
        } else {
            String::new()
        };
        let entry = self
            .recovered
            .assumptions
            .entry((owner, name.to_string()))
            .or_default();
        entry.0.extend(exclude);
        if entry.1.is_empty() {
            entry.1 = description.to_string();
        }
        Ok(())
    }

    fn lookup_any(&self, name: &str) -> Option<&Obj<'a>> {
        [Role::Element, Role::Flow, Role::Boundary]
            .iter()
            .find_map(|r| self.lookup(*r, name))
    }

    /// The whole `.tm` text, before formatting.
    fn write(&mut self, top: &Map<String, Json>) -> Result<String> {
        // Writing twice (see `import`) must not repeat its warnings.
        self.warnings.truncate(self.read_warnings);
        let mut out = String::from("// Imported from pytm's JSON by `tmc import-pytm`.\n\n");
        out += &self.header(top)?;
        let ordered = self.orders_are_positions(top);
        for role in [Role::Boundary, Role::Element, Role::Data, Role::Flow] {
            let indices: Vec<usize> = (0..self.objects.len())
                .filter(|&i| self.objects[i].role == role)
                .collect();
            if !indices.is_empty() {
                out.push('\n');
            }
            for i in indices {
                out += &self.declaration(i, ordered)?;
            }
        }
        Ok(out)
    }

    /// Whether the model is ordered and every flow's order is its position,
    /// which tmc's `isOrdered` gives without writing them.
    fn orders_are_positions(&self, top: &Map<String, Json>) -> bool {
        top.get("isOrdered") == Some(&Json::Bool(true))
            && self
                .objects
                .iter()
                .filter(|o| o.role == Role::Flow)
                .enumerate()
                .all(|(i, o)| o.fields.get("order").and_then(Json::as_i64) == Some(i as i64 + 1))
    }

    fn header(&mut self, top: &Map<String, Json>) -> Result<String> {
        let name = string(top.get("name").unwrap_or(&Json::Null), "name")?;
        let mut comments = Vec::new();
        let mut body = Vec::new();
        let kind = self
            .schema
            .kind(tmc_compiler::schema::MODEL)
            .ok_or_else(|| ImportError::Internal("the stdlib has no Model kind".into()))?;
        for attr in &kind.attrs {
            if attr.derived {
                continue;
            }
            let value = match attr.name.as_str() {
                "assumptions" => self.assumptions("", top.get("assumptions"), "assumptions")?,
                "exclude" => top
                    .get("threatsExcluded")
                    .map(|v| self.convert(&attr.ty, v, "threatsExcluded"))
                    .transpose()?
                    .flatten(),
                // pytm's findings come from pytm's library: the model keeps
                // them until its author switches to tmc's.
                "library" => Some(Lit::Bare(tmc_compiler::Builtin::Pytm.name().into())),
                "threatsFile" => {
                    let file = top.get("threatsFile").and_then(Json::as_str).unwrap_or("");
                    if !file.is_empty() && !file.replace('\\', "/").ends_with(PYTM_THREATS) {
                        let w = format!("threatsFile: pytm used the threat file \"{file}\"; tmc reads threat rules written in .tm (docs/rules.md), so convert it and set `threatsFile`");
                        comments.push(w.clone());
                        self.warn(w);
                    }
                    None
                }
                other => top
                    .get(other)
                    .map(|v| self.convert(&attr.ty, v, other))
                    .transpose()?
                    .flatten(),
            };
            if let Some(v) = value {
                if attr.is_required() || !is_default(&v, attr.default.as_ref(), &attr.ty) {
                    body.push(format!("{} = {}", attr.name, render(&v)));
                }
            }
        }
        let mut out = comment_lines(&comments);
        out += &format!("model {} {{\n{}\n}}\n", quote(name), body.join("\n"));
        Ok(out)
    }

    /// The assumptions of `owner` ("" for the model) named in `names`.
    fn assumptions(&self, owner: &str, list: Option<&Json>, path: &str) -> Result<Option<Lit>> {
        let items = match list {
            None | Some(Json::Null) => return Ok(None),
            Some(Json::Array(items)) => items,
            Some(v) => {
                return Err(invalid(
                    path,
                    format!("expected a list, found {}", shape(v)),
                ))
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let (name, mut exclude, mut description) = match item {
                Json::String(s) => (s.clone(), BTreeSet::new(), String::new()),
                Json::Object(m) => {
                    let name = string(m.get("name").unwrap_or(&Json::Null), &format!("{at}.name"))?;
                    let exclude = match m.get("exclude") {
                        Some(Json::String(s)) => python_set(s),
                        Some(Json::Array(x)) => x
                            .iter()
                            .filter_map(Json::as_str)
                            .map(str::to_string)
                            .collect(),
                        _ => BTreeSet::new(),
                    };
                    let d = m.get("description").and_then(Json::as_str).unwrap_or("");
                    (name.to_string(), exclude, d.to_string())
                }
                v => {
                    return Err(invalid(
                        &at,
                        format!("expected a string, found {}", shape(v)),
                    ))
                }
            };
            if let Some((x, d)) = self
                .recovered
                .assumptions
                .get(&(owner.to_string(), name.clone()))
            {
                exclude.extend(x.iter().cloned());
                if description.is_empty() {
                    description = d.clone();
                }
            }
            let mut record = vec![("name".to_string(), Lit::Str(name))];
            if !exclude.is_empty() {
                record.push((
                    "exclude".to_string(),
                    Lit::List(exclude.into_iter().map(Lit::Str).collect()),
                ));
            }
            if !description.is_empty() {
                record.push(("description".to_string(), Lit::Str(description)));
            }
            out.push(Lit::Record(record));
        }
        Ok((!out.is_empty()).then_some(Lit::List(out)))
    }

    fn declaration(&mut self, i: usize, ordered: bool) -> Result<String> {
        let o = &self.objects[i];
        let path = o.path();
        let kind = self
            .schema
            .kind(&o.kind)
            .ok_or_else(|| ImportError::Internal(format!("no kind {}", o.kind)))?;
        let mut comments = Vec::new();
        let mut body = Vec::new();
        let mut boundary = None;
        for attr in &kind.attrs {
            if attr.derived {
                continue;
            }
            let at = format!("{path}.{}", attr.name);
            let Some(raw) = o.fields.get(&attr.name) else {
                continue;
            };
            let value = match attr.name.as_str() {
                "assumptions" => self.assumptions(&o.name, Some(raw), &at)?,
                "overrides" => self.overrides(i, &mut comments),
                "levels" if o.role == Role::Flow && self.levels_follow_ends(i) => None,
                "order" if ordered => None,
                "isResponse" if has(o.fields, "responseTo") => None,
                "response" if self.answered_by(i, raw) => None,
                "data" if o.role == Role::Flow => self.flow_data(i, raw, &attr.ty, &at)?,
                "controls" => self.record_fields(&attr.ty, raw, &at, &mut comments)?,
                _ => self.convert(&attr.ty, raw, &at)?,
            };
            let Some(value) = value else { continue };
            if attr.name == "inBoundary" && o.role != Role::Flow {
                boundary = Some(render(&value));
                continue;
            }
            if let Lit::Record(fields) = &value {
                if attr.name == "controls" {
                    if !fields.is_empty() {
                        let lines: Vec<String> = fields
                            .iter()
                            .map(|(k, v)| format!("{k} = {}", render(v)))
                            .collect();
                        body.push(format!("controls {{\n{}\n}}", lines.join("\n")));
                    }
                    continue;
                }
            }
            if attr.is_required() || !is_default(&value, attr.default.as_ref(), &attr.ty) {
                body.push(format!("{} = {}", attr.name, render(&value)));
            }
        }
        let o = &self.objects[i];
        for key in o.fields.keys() {
            let known = key == "name"
                || key == "__class__"
                || kind.attr(key).is_some()
                || (o.role == Role::Flow && (key == "source" || key == "sink"));
            if !known {
                let w = format!(
                    "{path}.{key}: `{key}` is not an attribute of {}; left out (value {})",
                    o.kind, o.fields[key]
                );
                comments.push(w);
            }
        }
        let head = self.head(i, boundary)?;
        for c in &comments {
            self.warnings.push(c.clone());
        }
        let mut out = comment_lines(&comments);
        if body.is_empty() {
            out += &format!("{head}\n");
        } else {
            out += &format!("{head} {{\n{}\n}}\n", body.join("\n"));
        }
        Ok(out)
    }

    /// `Kind id "Name" in b`, or `flow id: a -> b "Name"`.
    fn head(&self, i: usize, boundary: Option<String>) -> Result<String> {
        let o = &self.objects[i];
        let name = quote(&o.name);
        let within = boundary.map(|b| format!(" in {b}")).unwrap_or_default();
        Ok(match o.role {
            Role::Boundary => format!("boundary {} {name}{within}", o.id),
            Role::Element | Role::Data => format!("{} {} {name}{within}", o.kind, o.id),
            Role::Flow => {
                let path = o.path();
                let end = |key: &str| -> Result<String> {
                    let at = format!("{path}.{key}");
                    let n = string(o.fields.get(key).unwrap_or(&Json::Null), &at)?;
                    self.lookup(Role::Element, n)
                        .map(|e| e.id.clone())
                        .ok_or_else(|| invalid(&at, format!("no element is named \"{n}\"")))
                };
                format!(
                    "flow {}: {} -> {} {name}",
                    o.id,
                    end("source")?,
                    end("sink")?
                )
            }
        })
    }

    /// Overrides rebuilt from the findings. A flow's are those pytm copied
    /// from its ends, so only the ones no end has are kept.
    fn overrides(&self, i: usize, comments: &mut Vec<String>) -> Option<Lit> {
        let o = &self.objects[i];
        let records = self.recovered.overrides.get(&o.name)?;
        let from_ends: Vec<&Lit> = if o.role == Role::Flow {
            ["source", "sink"]
                .iter()
                .filter_map(|k| o.fields.get(*k).and_then(Json::as_str))
                .filter_map(|n| self.recovered.overrides.get(n))
                .flatten()
                .map(|r| &r[0].1)
                .collect()
        } else {
            Vec::new()
        };
        let mut kept = Vec::new();
        for r in records.iter().filter(|r| !from_ends.contains(&&r[0].1)) {
            let threat = match &r[0].1 {
                Lit::Str(t) => t.clone(),
                _ => String::new(),
            };
            if self
                .recovered
                .unused
                .contains(&(o.name.clone(), threat.clone()))
            {
                let written: Vec<String> = r[1..]
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", render(v)))
                    .collect();
                comments.push(format!(
                    "{}: pytm reports {threat} here only because it is overridden ({}); its condition does not hold in tmc, so the override is left out",
                    o.path(),
                    written.join(" ")
                ));
                continue;
            }
            kept.push(Lit::Record(r.clone()));
        }
        let kept: Vec<Lit> = kept;
        if o.role == Role::Flow && kept.len() < records.len() {
            comments.push(format!(
                "{}: pytm copies the overrides of a flow's ends onto the flow; they are kept on the ends only",
                o.path()
            ));
        }
        (!kept.is_empty()).then_some(Lit::List(kept))
    }

    /// pytm gives a flow the levels its two ends share.
    fn levels_follow_ends(&self, i: usize) -> bool {
        let o = &self.objects[i];
        let levels = |f: &Map<String, Json>| -> BTreeSet<i64> {
            match f.get("levels") {
                Some(Json::Array(x)) => x.iter().filter_map(Json::as_i64).collect(),
                _ => BTreeSet::from([0]),
            }
        };
        let end = |k: &str| {
            o.fields
                .get(k)
                .and_then(Json::as_str)
                .and_then(|n| self.lookup(Role::Element, n))
                .map(|e| levels(e.fields))
                .unwrap_or_else(|| BTreeSet::from([0]))
        };
        let shared: BTreeSet<i64> = end("source").intersection(&end("sink")).copied().collect();
        let own = levels(o.fields);
        own == shared || (shared.is_empty() && own == BTreeSet::from([0]))
    }

    /// Whether `response` names a flow whose `responseTo` is this flow
    /// (tmc links the two by itself).
    fn answered_by(&self, i: usize, raw: &Json) -> bool {
        let o = &self.objects[i];
        let Some(reply) = raw.as_str().and_then(|n| self.lookup(Role::Flow, n)) else {
            return raw.is_null();
        };
        reply.fields.get("responseTo").and_then(Json::as_str) == Some(o.name.as_str())
    }

    /// A flow's data without the items its source holds (tmc adds those).
    fn flow_data(&self, i: usize, raw: &Json, ty: &Type, at: &str) -> Result<Option<Lit>> {
        let o = &self.objects[i];
        let held: Vec<&str> = o
            .fields
            .get("source")
            .and_then(Json::as_str)
            .and_then(|n| self.lookup(Role::Element, n))
            .and_then(|e| e.fields.get("data"))
            .and_then(Json::as_array)
            .map(|x| x.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let own: Vec<Json> = match raw {
            Json::Array(items) => items
                .iter()
                .filter(|v| v.as_str().is_none_or(|n| !held.contains(&n)))
                .cloned()
                .collect(),
            other => vec![other.clone()],
        };
        // Data items named alike are told apart by the flows that carry
        // each (their `carriedBy`), which pytm's JSON lists by flow name.
        let mut ids = Vec::new();
        for (k, item) in own.iter().enumerate() {
            let at = format!("{at}[{k}]");
            let name = string(item, &at)?;
            let carrier = self.data_carried_by(name, &o.name);
            let target = carrier
                .or_else(|| self.lookup(Role::Data, name))
                .ok_or_else(|| invalid(&at, format!("no data item is named \"{name}\"")))?;
            ids.push(Lit::Bare(target.id.clone()));
        }
        match ty {
            Type::List(_) => Ok(Some(Lit::List(ids))),
            _ => self.convert(ty, &Json::Array(own), at),
        }
    }

    /// Of the data items named `name`, the first whose `carriedBy` names
    /// the flow `flow`, when several share the name (else `None`: the name
    /// alone says which).
    fn data_carried_by(&self, name: &str, flow: &str) -> Option<&Obj<'a>> {
        let carries = |o: &&Obj| {
            o.fields
                .get("carriedBy")
                .and_then(Json::as_array)
                .is_some_and(|flows| flows.iter().any(|f| f.as_str() == Some(flow)))
        };
        let alike = self.data_alike.get(name)?;
        alike.iter().map(|&i| &self.objects[i]).find(carries)
    }

    /// A record attribute: its fields that differ from their defaults.
    fn record_fields(
        &self,
        ty: &Type,
        raw: &Json,
        at: &str,
        comments: &mut Vec<String>,
    ) -> Result<Option<Lit>> {
        let Type::Record(name) = ty else {
            return self.convert(ty, raw, at);
        };
        let record = self
            .schema
            .record(name)
            .ok_or_else(|| ImportError::Internal(format!("no record {name}")))?;
        let fields = raw
            .as_object()
            .ok_or_else(|| invalid(at, format!("expected an object, found {}", shape(raw))))?;
        let mut out = Vec::new();
        for field in &record.fields {
            let Some(v) = fields.get(&field.name) else {
                continue;
            };
            let path = format!("{at}.{}", field.name);
            if let Some(lit) = self.convert(&field.ty, v, &path)? {
                if !is_default(&lit, field.default.as_ref(), &field.ty) {
                    out.push((field.name.clone(), lit));
                }
            }
        }
        for (key, v) in fields {
            if record.field(key).is_none() {
                comments.push(format!(
                    "{at}.{key}: `{key}` is not a field of {name}; left out (value {v})"
                ));
            }
        }
        Ok(Some(Lit::Record(out)))
    }

    /// A JSON value as a `.tm` value of type `ty`; `None` for an unset
    /// optional.
    fn convert(&self, ty: &Type, v: &Json, at: &str) -> Result<Option<Lit>> {
        let wrong = |what: &str| invalid(at, format!("expected {what}, found {}", shape(v)));
        Ok(Some(match ty {
            Type::Optional(inner) => {
                if v.is_null() || v.as_str() == Some("") && matches!(**inner, Type::Ref(_)) {
                    return Ok(None);
                }
                return self.convert(inner, v, at);
            }
            Type::Bool => Lit::Bool(v.as_bool().ok_or_else(|| wrong("true or false"))?),
            Type::Int => Lit::Int(v.as_i64().ok_or_else(|| wrong("an integer"))?),
            Type::String | Type::Kind => Lit::Str(string(v, at)?.to_string()),
            Type::Enum(name) => Lit::Bare(self.member(name, string(v, at)?, at)?),
            Type::Ref(kind) => {
                let n = string(v, at)?;
                let role = self.role_of(kind);
                let target = self
                    .lookup(role, n)
                    .ok_or_else(|| invalid(at, format!("no {} is named \"{n}\"", role.noun())))?;
                Lit::Bare(target.id.clone())
            }
            Type::List(inner) => {
                let items: Vec<&Json> = match v {
                    Json::Array(items) => items.iter().collect(),
                    Json::Null => Vec::new(),
                    single => vec![single],
                };
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    if let Some(lit) = self.convert(inner, item, &format!("{at}[{i}]"))? {
                        out.push(lit);
                    }
                }
                Lit::List(out)
            }
            Type::Record(_) => {
                let mut ignored = Vec::new();
                let lit = self.record_fields(ty, v, at, &mut ignored)?;
                if let Some(first) = ignored.first() {
                    return Err(invalid(at, first.clone()));
                }
                return Ok(lit);
            }
        }))
    }

    fn role_of(&self, kind: &str) -> Role {
        let s = self.schema;
        if s.is_a(kind, tmc_compiler::schema::BOUNDARY) {
            Role::Boundary
        } else if s.is_a(kind, tmc_compiler::schema::DATAFLOW) {
            Role::Flow
        } else if s.is_a(kind, tmc_compiler::schema::DATA) {
            Role::Data
        } else {
            Role::Element
        }
    }

    /// `Classification.SECRET` (or `SECRET`) as a member of enum `name`.
    fn member(&self, name: &str, text: &str, at: &str) -> Result<String> {
        let e = self
            .schema
            .enumeration(name)
            .ok_or_else(|| ImportError::Internal(format!("no enum {name}")))?;
        let member = text.rsplit('.').next().unwrap_or(text);
        if e.member(member).is_none() {
            return Err(invalid(
                at,
                format!(
                    "`{text}` is not a {name}; expected one of {}",
                    e.member_names().join(", ")
                ),
            ));
        }
        Ok(member.to_string())
    }
}

fn has(fields: &Map<String, Json>, key: &str) -> bool {
    fields.get(key).is_some_and(|v| !v.is_null())
}

/// The names in a list of assumptions (pytm writes names only).
fn names(list: Option<&Json>) -> Vec<String> {
    let Some(Json::Array(items)) = list else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|v| match v {
            Json::String(s) => Some(s.clone()),
            Json::Object(m) => m.get("name").and_then(Json::as_str).map(str::to_string),
            _ => None,
        })
        .collect()
}

/// The items of a Python set's text, `{'AC07', 'INP01'}` (or `set()`).
fn python_set(text: &str) -> BTreeSet<String> {
    text.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split(',')
        .map(|s| s.trim().trim_matches(|c| c == '\'' || c == '"').to_string())
        .filter(|s| !s.is_empty() && s != "set()")
        .collect()
}

/// Whether a value equals the default (a record: has no field set).
fn is_default(lit: &Lit, default: Option<&Value>, ty: &Type) -> bool {
    match (lit, default) {
        (Lit::Record(fields), _) if matches!(ty, Type::Record(_)) => fields.is_empty(),
        (_, None) => false,
        (lit, Some(value)) => same(lit, value),
    }
}

fn same(lit: &Lit, value: &Value) -> bool {
    match (lit, value) {
        (Lit::Bool(a), Value::Bool(b)) => a == b,
        (Lit::Int(a), Value::Int(b)) => a == b,
        (Lit::Str(a), Value::Str(b)) => a == b,
        (Lit::Bare(a), Value::Enum { member, .. }) => a == member.as_str(),
        (Lit::List(a), Value::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        _ => false,
    }
}

fn comment_lines(comments: &[String]) -> String {
    comments
        .iter()
        .map(|c| format!("// import-pytm: {}\n", c.replace('\n', " ")))
        .collect()
}

fn render(lit: &Lit) -> String {
    match lit {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(n) => n.to_string(),
        Lit::Str(s) => quote(s),
        Lit::Bare(s) => s.clone(),
        Lit::List(items) => {
            let items: Vec<String> = items.iter().map(render).collect();
            format!("[{}]", items.join(", "))
        }
        Lit::Record(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k} = {}", render(v)))
                .collect();
            format!("{{\n{}\n}}", fields.join("\n"))
        }
    }
}

/// A string literal: `"""` for multi-line text that reads back unchanged,
/// otherwise `"..."` with escapes.
pub(crate) fn quote(s: &str) -> String {
    if long_string_safe(s) {
        let lines: Vec<String> = s
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("    {l}")
                }
            })
            .collect();
        return format!("\"\"\"\n{}\n  \"\"\"", lines.join("\n"));
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            '\n' => out += "\\n",
            '\t' => out += "\\t",
            '\r' => out += "\\r",
            '\0' => out += "\\0",
            c if c.is_control() => out += &format!("\\u{{{:x}}}", c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `s` can be written as a `"""` string that the parser's dedent
/// gives back exactly.
fn long_string_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.contains("\"\"\"")
        && !s.contains(['\r', '\t'])
        && !s.starts_with('\n')
        && !s.ends_with(char::is_whitespace)
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && s.lines().all(|l| l == l.trim_end())
        && s.lines().any(|l| !l.is_empty() && !l.starts_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_sets_are_read() {
        let set = python_set("{'AC07', 'INP01'}");
        assert_eq!(set.into_iter().collect::<Vec<_>>(), ["AC07", "INP01"]);
        assert!(python_set("set()").is_empty());
    }

    #[test]
    fn long_strings_only_when_safe() {
        assert!(long_string_safe("one\ntwo"));
        assert!(!long_string_safe("one\ntwo\n"));
        assert!(!long_string_safe("  one\n  two"));
        assert!(!long_string_safe("one"));
        assert_eq!(quote("a\"b\\"), "\"a\\\"b\\\\\"");
    }
}
