//! `tmc sqldump`: the model, the threat library and the findings as an
//! SQLite database with one table per kind of thing (docs/sqldump.md has
//! the schema), written into a file the caller made: `tmc sqldump` gives
//! it a temporary file that replaces the target once complete.

use std::cmp::Ordering;
use std::ops::Range;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::thread::Scope;

use rusqlite::{params, Connection, OpenFlags, Transaction};

use super::json;
use tmc_compiler::category::Scheme;
use tmc_compiler::findings::{Assumed, Finding, Override};
use tmc_compiler::gate;
use tmc_compiler::model::known::{
    self, ASSUMPTIONS, CLASSIFICATION, DATA, DECIDED, DESCRIPTION, DST_PORT, EXCLUDE,
    JUSTIFICATION, NAME, ORDER, OWNER, PROTOCOL, REVIEW_BY, SRC_PORT, STATUS, THREAT_ID, TICKET,
    TLS_VERSION,
};
use tmc_compiler::model::{Attrs, Layer, Model, Name, Object, ObjectId, Role, Segment, Value};
use tmc_compiler::rules::{Level, Library};
use tmc_compiler::triage::Status;
use tmc_compiler::Builtin;
use tmc_compiler::Sources;

use crate::Map;

/// The layout's version (`PRAGMA user_version`). 2: `findings` is a view
/// over `finding_rows`, which stores a finding's texts only where an
/// override gives its own (the threat's were copied into every finding:
/// 450 MB at 10,000 elements). 3: assumptions have a table of their own,
/// and `finding_rows.assumption` refers to the one that rules a finding
/// out (its name was copied into every finding it rules out: a 1 MB name
/// on 200 servers wrote 200 MB); the view still shows `excluded_by`. 4:
/// `attributes` is a view (same columns, same rows) over an object's own
/// rows (`attribute_rows`: what it wrote or derivation computed) and the
/// defaults it shares with the other objects of its kind, stored once
/// (`layer_values`, `object_layers`): six million rows at 100,000
/// elements, nine in ten of them defaults, were most of the file and of
/// the time to write it. 5: `attribute_rows.patch`: a record that differs
/// from its kind's default in some fields stores only those (a JSON merge
/// patch; `controls` with one field written was 1.5 KB of text per object,
/// half the file), and derived enum values many objects share (`zone`,
/// `exposure`) are layer entries rather than one row per object.
pub const FORMAT: i64 = 5;

/// The tables. Identifiers are unique across a model, so every object's
/// `id` is a key; `attributes.object` and `findings.element` may name an
/// element, a flow, a boundary or a data item. A model may refer to what it
/// declares further down (`Server s in z` before `boundary z`), and rows go
/// in in the order of the model, so every reference is checked when the
/// transaction commits (`DEFERRABLE INITIALLY DEFERRED`), not row by row.
/// A status is checked with `=` and `OR`: SQLite makes a temporary table
/// for `IN` over more than two values each time a row goes in (0.4 s of
/// 278,234 findings at 100,000 elements).
pub const SCHEMA: &str = "
CREATE TABLE model (
  name        TEXT NOT NULL,
  doc         TEXT NOT NULL,
  attributes  TEXT NOT NULL,
  file        TEXT NOT NULL,
  line        INTEGER NOT NULL,
  column      INTEGER NOT NULL
);
CREATE TABLE boundaries (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  parent      TEXT REFERENCES boundaries(id) DEFERRABLE INITIALLY DEFERRED,
  doc         TEXT NOT NULL,
  file        TEXT NOT NULL,
  line        INTEGER NOT NULL,
  column      INTEGER NOT NULL
);
CREATE TABLE elements (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  boundary    TEXT REFERENCES boundaries(id) DEFERRABLE INITIALLY DEFERRED,
  in_scope    INTEGER NOT NULL,
  doc         TEXT NOT NULL,
  file        TEXT NOT NULL,
  line        INTEGER NOT NULL,
  column      INTEGER NOT NULL
);
CREATE TABLE data (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  classification TEXT,
  doc            TEXT NOT NULL,
  file           TEXT NOT NULL,
  line           INTEGER NOT NULL,
  column         INTEGER NOT NULL
);
CREATE TABLE flows (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  source      TEXT NOT NULL REFERENCES elements(id) DEFERRABLE INITIALLY DEFERRED,
  sink        TEXT NOT NULL REFERENCES elements(id) DEFERRABLE INITIALLY DEFERRED,
  protocol    TEXT,
  src_port    INTEGER,
  dst_port    INTEGER,
  tls_version TEXT,
  ordinal     INTEGER,
  in_scope    INTEGER NOT NULL,
  doc         TEXT NOT NULL,
  file        TEXT NOT NULL,
  line        INTEGER NOT NULL,
  column      INTEGER NOT NULL
);
CREATE TABLE flow_data (
  flow        TEXT NOT NULL REFERENCES flows(id) DEFERRABLE INITIALLY DEFERRED,
  data        TEXT NOT NULL REFERENCES data(id) DEFERRABLE INITIALLY DEFERRED,
  position    INTEGER NOT NULL,
  PRIMARY KEY (flow, position)
);
CREATE TABLE attribute_rows (
  object      TEXT NOT NULL,
  name        TEXT NOT NULL,
  value       TEXT,
  written     INTEGER NOT NULL,
  patch       INTEGER NOT NULL
);
CREATE TABLE layer_values (
  layer       INTEGER NOT NULL,
  name        TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (layer, name)
);
CREATE TABLE object_layers (
  object      TEXT PRIMARY KEY,
  layer       INTEGER NOT NULL
);
CREATE VIEW attributes AS
SELECT r.object, r.name,
       CASE WHEN r.patch THEN json_patch(
         (SELECT l.value FROM object_layers o JOIN layer_values l ON l.layer = o.layer
          WHERE o.object = r.object AND l.name = r.name),
         r.value) ELSE r.value END AS value,
       r.written
FROM attribute_rows r WHERE r.value IS NOT NULL
UNION ALL
SELECT o.object, l.name, l.value, 0
FROM object_layers o JOIN layer_values l ON l.layer = o.layer
WHERE NOT EXISTS (SELECT 1 FROM attribute_rows r WHERE r.object = o.object AND r.name = l.name);
CREATE TABLE threats (
  id              TEXT PRIMARY KEY,
  position        INTEGER NOT NULL,
  title           TEXT NOT NULL,
  severity        TEXT NOT NULL,
  severity_rank   INTEGER NOT NULL,
  likelihood      TEXT,
  likelihood_rank INTEGER,
  targets         TEXT NOT NULL,
  description     TEXT NOT NULL,
  prerequisites   TEXT NOT NULL,
  mitigation      TEXT NOT NULL,
  example         TEXT NOT NULL,
  refs            TEXT NOT NULL,
  capec           TEXT NOT NULL,
  cwe             TEXT NOT NULL,
  condition       TEXT NOT NULL,
  deprecated      TEXT,
  file            TEXT NOT NULL,
  line            INTEGER NOT NULL,
  library         TEXT,
  refines         TEXT
);
CREATE TABLE threat_categories (
  threat      TEXT NOT NULL REFERENCES threats(id) DEFERRABLE INITIALLY DEFERRED,
  scheme      TEXT NOT NULL CHECK (scheme IN ('STRIDE', 'LINDDUN')),
  category    TEXT NOT NULL,
  position    INTEGER NOT NULL,
  PRIMARY KEY (threat, scheme, category)
);
CREATE TABLE library (
  builtin      TEXT,
  chosen_by    TEXT,
  threats_file TEXT,
  rule_files   TEXT NOT NULL
);
CREATE TABLE assumptions (
  id          INTEGER PRIMARY KEY,
  object      TEXT,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  excludes    TEXT NOT NULL
);
CREATE TABLE finding_rows (
  id              TEXT NOT NULL,
  threat          TEXT NOT NULL REFERENCES threats(id) DEFERRABLE INITIALLY DEFERRED,
  element         TEXT NOT NULL,
  element_kind    TEXT NOT NULL,
  severity        TEXT NOT NULL,
  severity_rank   INTEGER NOT NULL,
  likelihood      TEXT,
  likelihood_rank INTEGER,
  status          TEXT NOT NULL CHECK (status = 'open' OR status = 'needs-investigation' OR status = 'in-progress' OR status = 'mitigated' OR status = 'accepted' OR status = 'transferred' OR status = 'false-positive' OR status = 'not-applicable'),
  assumption      INTEGER REFERENCES assumptions(id) DEFERRABLE INITIALLY DEFERRED,
  response        TEXT,
  cvss            TEXT,
  description     TEXT,
  details         TEXT,
  mitigation      TEXT,
  example         TEXT,
  refs            TEXT,
  impact          TEXT NOT NULL,
  impact_rank     INTEGER NOT NULL,
  triage          TEXT REFERENCES triages(id) DEFERRABLE INITIALLY DEFERRED,
  open            INTEGER NOT NULL,
  expired         INTEGER NOT NULL
);
CREATE TABLE triages (
  id            TEXT PRIMARY KEY,
  threat        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status = 'open' OR status = 'needs-investigation' OR status = 'in-progress' OR status = 'mitigated' OR status = 'accepted' OR status = 'transferred' OR status = 'false-positive' OR status = 'not-applicable'),
  justification TEXT,
  owner         TEXT,
  ticket        TEXT,
  decided       TEXT,
  review_by     TEXT,
  file          TEXT NOT NULL,
  line          INTEGER NOT NULL,
  column        INTEGER NOT NULL
);
CREATE VIEW findings AS
SELECT f.id, f.threat, f.element, f.element_kind, f.severity, f.severity_rank,
       f.likelihood, f.likelihood_rank, f.status, a.name AS excluded_by, f.response, f.cvss,
       coalesce(f.description, t.title) AS description,
       coalesce(f.details, t.description) AS details,
       coalesce(f.mitigation, t.mitigation) AS mitigation,
       coalesce(f.example, t.example) AS example,
       coalesce(f.refs, t.refs) AS refs,
       f.impact, f.impact_rank,
       f.triage, tr.justification, tr.owner, tr.ticket, tr.decided, tr.review_by,
       f.expired, f.open
FROM finding_rows f JOIN threats t ON t.id = f.threat
LEFT JOIN assumptions a ON a.id = f.assumption
LEFT JOIN triages tr ON tr.id = f.triage;
";

/// The keys of the two largest tables, made once their rows are in: a
/// sorted build of the whole index costs less than keeping it up to date
/// row by row (1.87 million attribute rows and 278,234 findings at 100,000
/// elements: 5.4 s to write the database before, 4.2 s after). Tables that
/// foreign keys point into keep their keys in `SCHEMA`: a reference is
/// looked up as its row goes in.
const INDEXES: &str = "
CREATE UNIQUE INDEX attribute_rows_key ON attribute_rows (object, name);
CREATE UNIQUE INDEX finding_rows_id ON finding_rows (id);
";

/// Everything `dump` writes.
pub struct Input<'a> {
    pub sources: &'a Sources,
    pub model: &'a Model,
    pub library: &'a Library,
    pub findings: &'a [Finding],
}

/// Writes the database into the empty file at `path`, which the caller
/// made (a private temporary file it then puts in place: the front ends
/// own the file system). SQLite opens it by name, creating nothing and
/// refusing a symbolic link there.
pub fn write(input: &Input, path: &Path) -> rusqlite::Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NOFOLLOW
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.pragma_update(None, "page_size", page_size(input.model))?;
    // A fresh private file renamed into place at the end: no journal needed.
    conn.pragma_update(None, "journal_mode", "OFF")?;
    // Nor a flush to disk at the commit: like every other output, the file
    // is written, then renamed into place (about 0.25 s of 6.3 at 100,000
    // elements, for a 393 MB file).
    conn.pragma_update(None, "synchronous", "OFF")?;
    // On in the bundled SQLite already; said here so that a dangling
    // reference (a bug in tmc) never goes unnoticed.
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "user_version", FORMAT)?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    // The attribute rows are made on a second thread from here on, while
    // this one writes the other tables and then those rows: making them
    // (comparing with the layers, JSON text) is about a third of the work,
    // SQLite's the rest.
    std::thread::scope(|s| {
        let batches = made_rows(s, input.model);
        model(&tx, input)?;
        objects(&tx, input)?;
        attributes(&tx, batches)
    })?;
    threats(&tx, input)?;
    let assumed = assumptions(&tx, input)?;
    triages(&tx, input)?;
    findings(&tx, input, &assumed)?;
    tx.execute_batch(INDEXES)?;
    tx.commit()?;
    conn.close().map_err(|(_, e)| e)
}

/// Pages of 64 KiB for a model of more than 10,000 objects: fewer pages to
/// fill, link and write (about 0.3 s of 6 at 100,000 elements). SQLite's 4
/// KiB for a smaller one, where every table and index would otherwise take
/// 64 KiB at least (2 MB for an example model instead of 0.5).
fn page_size(model: &Model) -> i64 {
    if model.objects.len() > 10_000 {
        65536
    } else {
        4096
    }
}

/// `(file, line, column)` of a span's start.
fn place(sources: &Sources, span: tmc_compiler::Span) -> (String, usize, usize) {
    let at = sources.line_col(span.file, span.start);
    (sources.name(span.file).to_string(), at.line, at.column)
}

fn to_json(model: &Model, value: &Value) -> String {
    json::value_text(model, value, &mut Vec::new()).to_string()
}

fn model(tx: &Transaction, input: &Input) -> rusqlite::Result<()> {
    let h = &input.model.header;
    let (file, line, column) = place(input.sources, h.span);
    let attrs = json::attributes(input.model, &h.attrs).to_string();
    tx.execute(
        "INSERT INTO model VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![h.name, h.docs, attrs, file, line, column],
    )?;
    Ok(())
}

fn objects(tx: &Transaction, input: &Input) -> rusqlite::Result<()> {
    let model = input.model;
    let mut boundary =
        tx.prepare("INSERT INTO boundaries VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    let mut element =
        tx.prepare("INSERT INTO elements VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
    let mut data = tx.prepare("INSERT INTO data VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    let mut flow = tx.prepare(
        "INSERT INTO flows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    let mut carried = tx.prepare("INSERT INTO flow_data VALUES (?1, ?2, ?3)")?;
    for o in referenced_first(model) {
        let (file, line, column) = place(input.sources, o.span);
        let inside = o.boundary.map(|b| model.object(b).id.as_str());
        match o.role {
            Role::Boundary => {
                boundary.execute(params![
                    o.id, o.name, o.kind, inside, o.docs, file, line, column
                ])?;
            }
            Role::Element => {
                element.execute(params![
                    o.id,
                    o.name,
                    o.kind,
                    inside,
                    known::in_scope(&o.attrs),
                    o.docs,
                    file,
                    line,
                    column
                ])?;
            }
            Role::Data => {
                let classification = enum_member(o.attrs.get(CLASSIFICATION.name()));
                data.execute(params![
                    o.id,
                    o.name,
                    o.kind,
                    classification,
                    o.docs,
                    file,
                    line,
                    column
                ])?;
            }
            Role::Flow { source, sink } => {
                flow.execute(params![
                    o.id,
                    o.name,
                    o.kind,
                    model.object(source).id,
                    model.object(sink).id,
                    string(o.attrs.get(PROTOCOL.name())),
                    port(o.attrs.get(SRC_PORT.name())),
                    port(o.attrs.get(DST_PORT.name())),
                    enum_member(o.attrs.get(TLS_VERSION.name())),
                    port(o.attrs.get(ORDER.name())),
                    known::in_scope(&o.attrs),
                    o.docs,
                    file,
                    line,
                    column
                ])?;
                for (position, d) in carried_data(model, o).into_iter().enumerate() {
                    carried.execute(params![o.id, d, position])?;
                }
            }
            Role::Expect | Role::Triage => {}
        }
    }
    Ok(())
}

/// The boundaries, elements, data items and flows of `model` (expectations
/// of rule tests are no part of its content, triages have a table of their
/// own), each table's rows in declaration order, and the tables in the
/// order they refer to each other: a reference that waits for its row
/// makes SQLite scan the referring table each time a row goes in, to see
/// whether that row is the one awaited. A model that declares its flows
/// before their elements took 9.6 s instead of 2.3 s to write at 100,000
/// elements. (A boundary may still wait for the boundary it is in, and
/// there are few of those.)
fn referenced_first(model: &Model) -> impl Iterator<Item = &Object> {
    let of = |role: fn(&Role) -> bool| model.objects.iter().filter(move |o| role(&o.role));
    (of(|r| *r == Role::Boundary))
        .chain(of(|r| *r == Role::Element))
        .chain(of(|r| *r == Role::Data))
        .chain(of(|r| matches!(r, Role::Flow { .. })))
}

/// Every object's attributes, stored so that what many objects share is
/// written once (the `attributes` view puts them back together):
/// - a *layer* is the defaults of a kind together with the derived enum
///   values (`zone`, `exposure`) an object has without writing them; each
///   layer's entries are in `layer_values` once, and `object_layers` says
///   which layer each object has;
/// - `attribute_rows` holds the rest: what the object has of its own or
///   wrote, and a row with no value for a shared default it does not
///   have. A record that differs from its kind's default only in some
///   fields (`controls` with `isHardened` written) stores only those, as a
///   JSON merge patch over the default (`patch` is 1).
///
/// Writes the rows `batch_rows` makes, batch by batch: objects in id order
/// and each one's rows in name order, so that each row goes in at the end
/// of its B-tree.
fn attributes(tx: &Transaction, batches: Receiver<Batch>) -> rusqlite::Result<()> {
    let mut row = tx.prepare("INSERT INTO attribute_rows VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let mut has_layer = tx.prepare("INSERT INTO object_layers VALUES (?1, ?2)")?;
    let mut layer_value = tx.prepare("INSERT INTO layer_values VALUES (?1, ?2, ?3)")?;
    for b in batches {
        let text = |at: &Range<usize>| &b.text[at.clone()];
        for (layer, name, value) in &b.layer_values {
            layer_value.execute(params![layer, name, text(value)])?;
        }
        for (object, layer) in &b.object_layers {
            has_layer.execute(params![object, layer])?;
        }
        for r in &b.rows {
            let value = r.value.as_ref().map(text);
            row.execute(params![r.object, r.name, value, r.written, r.patch])?;
        }
    }
    Ok(())
}

/// The batches of attribute rows (`batch_rows`), made on a thread of the
/// scope `s` as they are taken; all made here first when no thread can be
/// had.
fn made_rows<'s, 'm: 's>(s: &'s Scope<'s, '_>, model: &'m Model) -> Receiver<Batch<'m>> {
    let (send, batches) = std::sync::mpsc::sync_channel(4);
    let maker = std::thread::Builder::new().stack_size(MAKER_STACK);
    if maker
        .spawn_scoped(s, move || batch_rows(model, |b| send.send(b).is_ok()))
        .is_ok()
    {
        return batches;
    }
    let (send, batches) = std::sync::mpsc::channel();
    batch_rows(model, |b| send.send(b).is_ok());
    batches
}

/// The stack of the thread that makes attribute rows: JSON text recurses
/// once per level of a value nested up to the 256 levels a model may have
/// (docs/robustness.md).
const MAKER_STACK: usize = 16 << 20;

/// Rows of the attribute tables for a run of objects, their JSON texts one
/// after the other in `text`.
#[derive(Default)]
struct Batch<'m> {
    text: String,
    layer_values: Vec<(i64, &'m str, Range<usize>)>,
    object_layers: Vec<(&'m str, i64)>,
    rows: Vec<TextRow<'m>>,
}

/// A `Row` of an object with its value made JSON text, in a batch's text.
struct TextRow<'m> {
    object: &'m str,
    name: &'m str,
    /// `None`: NULL, a shared default the object does not have.
    value: Option<Range<usize>>,
    written: bool,
    patch: bool,
}

impl<'m> Batch<'m> {
    /// Appends `text`, returning where it is.
    fn push(&mut self, text: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(text);
        start..self.text.len()
    }

    /// The entries of the new layer `id`: the kind's defaults `shared`
    /// but those the derived enums `pooled` replace, and those.
    fn layer(
        &mut self,
        model: &Model,
        id: i64,
        shared: &'m [(Name, Value)],
        pooled: &[(&'m str, &'m str)],
        scratch: &mut Vec<u8>,
    ) {
        let kept = shared
            .iter()
            .filter(|(n, _)| pooled.iter().all(|p| p.0 != n.as_str()));
        for (name, value) in kept {
            let at = self.push(json::value_text(model, value, scratch));
            self.layer_values.push((id, name.as_str(), at));
        }
        for &(name, member) in pooled {
            let at = self.push(&serde_json::json!(member).to_string());
            self.layer_values.push((id, name, at));
        }
    }

    /// The row `r` of `object`, its value made JSON text.
    fn row(&mut self, model: &Model, object: &'m str, r: Row<'m>, scratch: &mut Vec<u8>) {
        let (value, patch) = match &r.value {
            None => (None, false),
            Some(Stored::Whole(v)) => (Some(json::value_text(model, v, scratch)), false),
            Some(Stored::Patch(entries)) => {
                (Some(json::entries_text(model, entries, scratch)), true)
            }
        };
        let value = value.map(|v| self.push(v));
        self.rows.push(TextRow {
            object,
            name: r.name,
            value,
            written: r.written,
            patch,
        });
    }
}

/// Objects per batch: enough that handing one over costs nothing, few
/// enough that both threads start at once.
const BATCH: usize = 2048;

/// Makes every object's rows (`attributes` says how they are stored), in
/// id order, and sends them in batches; stops when nobody receives.
fn batch_rows<'m>(model: &'m Model, send: impl Fn(Batch<'m>) -> bool) {
    let mut objects: Vec<&Object> = (model.objects.iter())
        .filter(|o| !matches!(o.role, Role::Expect | Role::Triage))
        .collect();
    objects.sort_unstable_by(|a, b| a.id.as_bytes().cmp(b.id.as_bytes()));
    // How many objects have each kind's layer with the same derived enums.
    let mut sharing: Map<LayerKey, usize> = Map::default();
    for o in &objects {
        let derived = derived_enums(o, &written_roots(o));
        *sharing
            .entry((o.attrs.layer(), members(&derived)))
            .or_default() += 1;
    }
    let mut layers: Map<LayerKey, i64> = Map::default();
    let mut scratch = Vec::new();
    for run in objects.chunks(BATCH) {
        let mut b = Batch::default();
        for o in run {
            let shared = o.attrs.layer().map_or(&[][..], |l| l.entries());
            let written = written_roots(o);
            let mut key = (o.attrs.layer(), members(&derived_enums(o, &written)));
            // A layer of their own pays when it saves more rows than it
            // has entries: the objects of a large model, not of a small one.
            if sharing[&key] * key.1.len() <= shared.len() {
                key.1.clear();
            }
            let rows = split(o, shared, &written, !key.1.is_empty());
            if key.0.is_some() || !key.1.is_empty() {
                let id = match layers.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = layers.len() as i64;
                        b.layer(model, id, shared, &key.1, &mut scratch);
                        layers.insert(key, id);
                        id
                    }
                };
                b.object_layers.push((&o.id, id));
            }
            for r in rows {
                b.row(model, &o.id, r, &mut scratch);
            }
        }
        if !send(b) {
            return;
        }
    }
}

/// Which layer an object has: its kind's defaults, and the derived enum
/// values it shares with other objects (attribute and member names).
type LayerKey<'m> = (Option<Layer<'m>>, Vec<(&'m str, &'m str)>);

/// One row of `attribute_rows`, before its value becomes JSON text.
struct Row<'m> {
    name: &'m str,
    /// `None`: a shared default the object does not have.
    value: Option<Stored<'m>>,
    written: bool,
}

/// What a row's `value` holds.
enum Stored<'m> {
    Whole(&'m Value),
    /// The fields in which a record differs from its kind's default.
    Patch(Vec<(&'m str, &'m Value)>),
}

/// The derived enum values `o` has without writing them (`zone`,
/// `exposure`), which its layer may hold for it, in name order; `written`
/// is what it wrote (`written_roots`).
fn derived_enums<'m>(o: &'m Object, written: &[&str]) -> Vec<(&'m str, &'m Value)> {
    let derived = |(name, value): (&'m str, &'m Value)| {
        matches!(value, Value::Enum { .. }) && written.binary_search(&name).is_err()
    };
    let own = o.attrs.segments().filter_map(|s| match s {
        Segment::Own(name, value) => Some((name, value)),
        Segment::Shared(_) => None,
    });
    own.filter(|e| derived(*e)).collect()
}

/// Attribute and member names of derived enum values.
fn members<'m>(derived: &[(&'m str, &'m Value)]) -> Vec<(&'m str, &'m str)> {
    let member = |v: &'m Value| match v {
        Value::Enum { member, .. } => member.as_str(),
        _ => "",
    };
    derived.iter().map(|&(n, v)| (n, member(v))).collect()
}

/// What `o` stores in rows of its own, in name order: what differs from
/// its kind's defaults `shared`, less its derived enum values when its
/// layer holds them (`pooled`); `written` is what it wrote.
fn split<'m>(
    o: &'m Object,
    shared: &'m [(Name, Value)],
    written: &[&'m str],
    pooled: bool,
) -> Vec<Row<'m>> {
    let mut rows = Vec::new();
    // The runs of defaults the object keeps as they are, and the first
    // default not passed yet: one the object neither keeps nor overrides
    // is one it does not have (derivation removed it).
    let mut runs = Vec::new();
    let mut next = 0;
    let removed = |i: usize| Row {
        name: shared[i].0.as_str(),
        value: None,
        written: false,
    };
    for segment in o.attrs.segments() {
        match segment {
            Segment::Shared(run) => {
                rows.extend((next..run.start).map(removed));
                next = run.end;
                runs.push(run);
            }
            Segment::Own(name, value) => {
                let mut default = None;
                while let Some((n, v)) = shared.get(next) {
                    match n.as_str().cmp(name) {
                        Ordering::Less => rows.push(removed(next)),
                        Ordering::Equal => default = Some(v),
                        Ordering::Greater => break,
                    }
                    next += 1;
                    if default.is_some() {
                        break;
                    }
                }
                let written = written.binary_search(&name).is_ok();
                let whole = Some(Stored::Whole(value));
                match value {
                    Value::Enum { .. } if pooled && !written => {}
                    Value::Record(record) => {
                        let value = default.and_then(|d| patch(record, d)).map(Stored::Patch);
                        rows.push(Row {
                            name,
                            value: value.or(whole),
                            written,
                        });
                    }
                    _ => rows.push(Row {
                        name,
                        value: whole,
                        written,
                    }),
                }
            }
        }
    }
    rows.extend((next..shared.len()).map(removed));
    // Defaults the object wrote all the same.
    for &name in written {
        let i = shared.binary_search_by(|(n, _)| n.as_str().cmp(name));
        if let Some(i) = i.ok().filter(|i| runs.iter().any(|r| r.contains(i))) {
            let value = Some(Stored::Whole(&shared[i].1));
            rows.push(Row {
                name,
                value,
                written: true,
            });
        }
    }
    // In name order but for the last two kinds (a stable sort finds the runs).
    rows.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    rows
}

/// The attributes `o` wrote, itself or a field of it (`controls` for
/// `controls.isHardened`), sorted.
fn written_roots(o: &Object) -> Vec<&str> {
    let mut roots: Vec<&str> = (o.written.iter())
        .map(|w| w.split('.').next().unwrap_or(w))
        .collect();
    roots.sort_unstable();
    roots.dedup();
    roots
}

/// The fields in which `record` differs from `default`, when `default` is
/// its record type's defaults as they are and `record` those with some
/// fields set, none of them a record: then SQLite's
/// `json_patch(default, fields)` (RFC 7396) gives `record` back, keys in
/// the same order.
fn patch<'m>(record: &'m Attrs, default: &'m Value) -> Option<Vec<(&'m str, &'m Value)>> {
    let Value::Record(default) = default else {
        return None;
    };
    let layer = record.layer()?.entries();
    if default.layer() != record.layer()
        || !default.segments().eq([Segment::Shared(0..layer.len())])
    {
        return None;
    }
    let (mut fields, mut kept) = (Vec::new(), 0);
    for segment in record.segments() {
        match segment {
            Segment::Shared(run) => kept += run.len(),
            Segment::Own(name, value) => {
                let i = layer.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok()?;
                if *value != layer[i].1 {
                    if let Value::Record(_) = value {
                        return None;
                    }
                    fields.push((name, value));
                }
                kept += 1;
            }
        }
    }
    (kept == layer.len()).then_some(fields)
}

fn string(value: Option<&Value>) -> Option<&str> {
    match value {
        Some(Value::Str(s)) if !s.is_empty() => Some(s),
        _ => None,
    }
}

fn enum_member(value: Option<&Value>) -> Option<&str> {
    match value {
        Some(Value::Enum { member, .. }) => Some(member),
        _ => None,
    }
}

/// A port or order number; the stdlib's `-1` (not given) becomes NULL.
fn port(value: Option<&Value>) -> Option<i64> {
    match value {
        Some(Value::Int(n)) if *n >= 0 => Some(*n),
        _ => None,
    }
}

fn carried_data<'a>(model: &'a Model, flow: &Object) -> Vec<&'a str> {
    Value::items(flow.attrs.get(DATA.name()))
        .iter()
        .filter_map(Value::as_object)
        .map(|id| model.object(id).id.as_str())
        .collect()
}

fn label(level: Option<&Level>) -> (Option<&'static str>, Option<usize>) {
    (level.map(Level::label), level.map(|l| l.rank))
}

fn threats(tx: &Transaction, input: &Input) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO threats VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    // A category written twice is stored once.
    let mut category =
        tx.prepare("INSERT OR IGNORE INTO threat_categories VALUES (?1, ?2, ?3, ?4)")?;
    for (position, t) in input.library.threats.iter().enumerate() {
        let (file, line, _) = place(input.sources, t.span);
        let (likelihood, likelihood_rank) = label(t.likelihood.as_ref());
        insert.execute(params![
            t.id,
            position,
            t.title,
            t.severity.label(),
            t.severity.rank,
            likelihood,
            likelihood_rank,
            serde_json::json!(t.targets).to_string(),
            t.details,
            t.prerequisites,
            t.mitigations,
            t.example,
            serde_json::json!(t.references).to_string(),
            serde_json::json!(t.capec).to_string(),
            serde_json::json!(t.cwe).to_string(),
            t.condition_text,
            t.deprecated,
            file,
            line,
            t.library.map(Builtin::name),
            t.refines
        ])?;
        for scheme in [Scheme::Stride, Scheme::Linddun] {
            for (position, member) in scheme.of(t).iter().enumerate() {
                category.execute(params![t.id, scheme.name(), member, position])?;
            }
        }
    }
    let o = &input.library.origin;
    tx.execute(
        "INSERT INTO library VALUES (?1, ?2, ?3, ?4)",
        params![
            o.builtin.map(Builtin::name),
            o.builtin.map(|_| o.chosen.name()),
            o.threats_file,
            serde_json::json!(o.rule_files).to_string()
        ],
    )?;
    Ok(())
}

/// The model's assumptions, then each object's, in declaration order;
/// returns the row id of each, by where it is written.
fn assumptions(tx: &Transaction, input: &Input) -> rusqlite::Result<Map<Assumed, i64>> {
    let mut insert = tx.prepare("INSERT INTO assumptions VALUES (NULL, ?1, ?2, ?3, ?4, ?5)")?;
    let mut rows = Map::default();
    let model = input.model;
    let scopes = std::iter::once((None, &model.header.attrs)).chain(
        (model.objects.iter().enumerate()).map(|(i, o)| (Some(ObjectId(i as u32)), &o.attrs)),
    );
    for (object, attrs) in scopes {
        let Some(Value::List(items)) = attrs.get(ASSUMPTIONS.name()) else {
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            let Value::Record(r) = item else { continue };
            insert.execute(params![
                object.map(|o| model.object(o).id.as_str()),
                index,
                string(r.get(NAME.name())).unwrap_or_default(),
                string(r.get(DESCRIPTION.name())).unwrap_or_default(),
                to_json(
                    model,
                    r.get(EXCLUDE.name()).unwrap_or(&Value::List(Vec::new()))
                ),
            ])?;
            rows.insert(Assumed { object, index }, tx.last_insert_rowid());
        }
    }
    Ok(rows)
}

/// The model's `Triage` declarations, in declaration order, as written:
/// texts not given are NULL, dates as the model writes them (the compiler
/// checked that they are days).
fn triages(tx: &Transaction, input: &Input) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare("INSERT INTO triages VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?;
    for o in input
        .model
        .objects
        .iter()
        .filter(|o| o.role == Role::Triage)
    {
        let text = |name: &str| string(o.attrs.get(name));
        // A triage without a status is an error: the model has none.
        let status = enum_member(o.attrs.get(STATUS.name()))
            .and_then(Status::parse)
            .unwrap_or(Status::Open);
        let (file, line, column) = place(input.sources, o.span);
        insert.execute(params![
            o.id,
            text(THREAT_ID.name()).unwrap_or_default(),
            status.name(),
            text(JUSTIFICATION.name()),
            text(OWNER.name()),
            text(TICKET.name()),
            text(DECIDED.name()),
            text(REVIEW_BY.name()),
            file,
            line,
            column
        ])?;
    }
    Ok(())
}

/// The rows of `finding_rows`: texts only where an override gives its own
/// (NULL: the threat's, which the `findings` view fills in); its status,
/// whether it counts as open and its triage, from `gate::standing`.
fn findings(tx: &Transaction, input: &Input, assumed: &Map<Assumed, i64>) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO finding_rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?;
    for f in input.findings {
        let threat = &input.library.threats[f.threat];
        let target = input.model.object(f.target);
        let (likelihood, likelihood_rank) = label(f.likelihood.as_ref());
        let o = f.overridden.as_ref();
        let own = |text: fn(&Override) -> &str| o.map(|o| text(o)).filter(|s| !s.is_empty());
        let refs = own(|o| &o.references).map(|r| serde_json::json!([r]).to_string());
        let standing = gate::standing(f);
        let triage = standing
            .triage()
            .map(|d| input.model.object(d.entry).id.as_str());
        insert.execute(params![
            tmc_compiler::findings::finding_id(threat, target),
            threat.id,
            target.id,
            target.kind,
            f.severity.label(),
            f.severity.rank,
            likelihood,
            likelihood_rank,
            standing.status.name(),
            f.excluded_at.and_then(|at| assumed.get(&at)),
            own(|o| &o.response),
            own(|o| &o.cvss),
            own(|o| &o.description),
            own(|o| &o.details),
            own(|o| &o.mitigations),
            own(|o| &o.example),
            refs,
            f.impact.label(),
            f.impact.rank,
            triage,
            standing.is_open(),
            standing.is_expired()
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables of `SCHEMA`, in memory, with foreign keys on.
    fn tables() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn
    }

    const ELEMENT: &str =
        "INSERT INTO elements VALUES ('s', 'S', 'Server', 'z', 1, '', 'm.tm', 2, 1)";
    const BOUNDARY: &str =
        "INSERT INTO boundaries VALUES ('z', 'Z', 'Boundary', NULL, '', 'm.tm', 3, 1)";

    /// An archive kind with a nested record, and objects that keep, set
    /// and write back its defaults.
    const RECORDS: &str = r#"
model "m" { description = "Archives." }
record Retention { days: int = 30  legalHold: bool = false }
record Policy { retention: Retention  reviewed: bool = false }
kind Archive : Datastore { policy: Policy }
boundary corp "Corp"
Archive plain "P" in corp
Archive reviewed "R" in corp { policy.reviewed = true }
Archive short "S" in corp { policy.retention.days = 7 }
Archive same "A" in corp { policy.reviewed = false }
"#;

    /// Rows as (name, what is stored, written).
    type Rows = Vec<(String, String, bool)>;

    /// `split` of the object `id` of `model`: its rows and what goes into
    /// its layer (attribute and member names).
    fn split_of(model: &Model, id: &str) -> (Rows, Vec<(String, String)>) {
        let o = model
            .objects
            .iter()
            .find(|o| o.id == id)
            .expect("the object");
        let shared = o.attrs.layer().map_or(&[][..], |l| l.entries());
        let written = written_roots(o);
        let rows = split(o, shared, &written, true);
        let pooled = members(&derived_enums(o, &written));
        let mut text = Vec::new();
        let rows = (rows.iter())
            .map(|r| {
                let stored = match &r.value {
                    None => "removed".to_string(),
                    Some(Stored::Whole(v)) => json::value_text(model, v, &mut text).to_string(),
                    Some(Stored::Patch(f)) => {
                        format!("patch {}", json::entries_text(model, f, &mut text))
                    }
                };
                (r.name.to_string(), stored, r.written)
            })
            .collect();
        let pooled = (pooled.iter()).map(|(n, m)| (n.to_string(), m.to_string()));
        (rows, pooled.collect())
    }

    /// The row of `policy` among `rows`, as (what is stored, written).
    fn policy(rows: &Rows) -> Option<(&str, bool)> {
        let mut found = rows.iter().filter(|r| r.0 == "policy");
        let row = found.next().map(|r| (r.1.as_str(), r.2));
        assert!(found.next().is_none(), "one row per name: {rows:?}");
        row
    }

    #[test]
    fn a_record_stores_the_fields_that_differ_from_its_default() {
        let (_c, model) = crate::compile_clean(RECORDS);
        let (rows, pooled) = split_of(&model, "reviewed");
        assert_eq!(policy(&rows), Some((r#"patch {"reviewed":true}"#, true)));
        // Derived, not written: into the layer, in name order.
        let names: Vec<&str> = pooled.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["exposure", "zone"]);
        // Written back to its default: an empty patch, still written.
        let (rows, _) = split_of(&model, "same");
        assert_eq!(policy(&rows), Some(("patch {}", true)));
        // The default as it is: no row.
        assert_eq!(policy(&split_of(&model, "plain").0), None);
    }

    #[test]
    fn a_record_whose_differing_field_is_a_record_is_stored_whole() {
        let (_c, model) = crate::compile_clean(RECORDS);
        let (rows, _) = split_of(&model, "short");
        let whole = r#"{"retention":{"days":7,"legalHold":false},"reviewed":false}"#;
        assert_eq!(policy(&rows), Some((whole, true)));
    }

    #[test]
    fn a_reference_may_come_before_its_row_in_one_transaction() {
        let mut conn = tables();
        let tx = conn.transaction().unwrap();
        tx.execute(ELEMENT, []).unwrap();
        tx.execute(BOUNDARY, []).unwrap();
        tx.commit().unwrap();
    }

    #[test]
    fn a_reference_to_no_row_still_fails_the_commit() {
        let mut conn = tables();
        let tx = conn.transaction().unwrap();
        tx.execute(ELEMENT, []).unwrap();
        let error = tx.commit().unwrap_err();
        assert!(error.to_string().contains("FOREIGN KEY"), "{error}");
    }
}
