//! `tmc export threat-dragon`: the model and its findings as an OWASP
//! Threat Dragon v2 model (one diagram), the inverse of `tmc import
//! threat-dragon` (`tmc_import::threat_dragon`; docs/interop.md has both
//! mappings).
//!
//! Elements become actors, processes and stores, flows flows, boundaries
//! trust boundary boxes that list what they hold (`containedElements`) and
//! are drawn around it, and each finding on an element or flow a threat on
//! its cell with the finding's status. Threat Dragon has no trust levels,
//! data items or statuses such as in-progress: what the importer needs to
//! give them back is in each cell's `data.tmc` (a threat's `tmc`, the
//! summary's `tmc`). The layout is a simple grid, each box around its
//! contents. Keys are sorted and cells are in declaration order, so the
//! same model gives the same bytes.

use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value as Json};

use tmc_compiler::findings::Finding;
use tmc_compiler::gate;
use tmc_compiler::model::{Model, Object, ObjectId, Role, Value};
use tmc_compiler::rules::{Library, Threat};
use tmc_compiler::triage::Status;

use crate::written;
use crate::{Exported, Lazy};

/// The Threat Dragon version the document says it is written for.
pub const VERSION: &str = "2.3.0";

/// An element's box in the drawing, and the room around boxes' contents.
const NODE: (f64, f64) = (160.0, 80.0);
const GAP: f64 = 40.0;
/// Room above a box's contents for its name.
const HEADER: f64 = 40.0;

/// The model and its findings as a Threat Dragon v2 model.
pub fn export<'m>(
    model: &'m Model,
    library: &'m Library,
    findings: &'m [Finding],
) -> Exported<Document<'m>> {
    let mut lost = Lost::default();
    let threats = threats(model, findings, &mut lost);
    let threat_count: usize = threats.iter().map(Vec::len).sum();
    lost.attributes =
        crate::written_beyond(model, |o, p| kept(o, p) || written::keeps(model, o, p));
    let header = &model.header;
    let description = header
        .attrs
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut tmc = Map::new();
    if let Some(t) = header.attrs.get("outsideTrust").and_then(Value::as_member) {
        tmc.insert("outsideTrust".into(), t.to_string().into());
    }
    let written = written::header(model);
    if !written.is_empty() {
        tmc.insert("written".into(), written.into());
    }
    let data: Vec<Json> = model.data().map(|d| data_item(model, d)).collect();
    if !data.is_empty() {
        tmc.insert("data".into(), data.into());
    }
    let summary = json!({
        "title": header.name,
        "description": description,
        "owner": "",
        "tmc": tmc,
    });
    let cells = Cells {
        model,
        library,
        layout: Layout::of(model),
        threats,
    };
    let diagram = Diagram {
        cells,
        description: "",
        diagram_type: "STRIDE",
        id: 0,
        placeholder: "",
        thumbnail: "./public/content/images/thumbnail.stride.jpg",
        title: &header.name,
        version: VERSION,
    };
    let detail = Detail {
        contributors: [],
        diagram_top: 1,
        diagrams: [diagram],
        reviewer: "",
        threat_top: threat_count,
    };
    let document = Document {
        detail,
        summary,
        version: VERSION,
    };
    Exported {
        document,
        lost: lost.lines(),
    }
}

/// A Threat Dragon model. Fields are in serde_json's key order (sorted),
/// as a `Value` document has them; the cells, one per object with the
/// threats on it, are made as they are written.
#[derive(Serialize)]
pub struct Document<'m> {
    detail: Detail<'m>,
    summary: Json,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail<'m> {
    contributors: [Json; 0],
    diagram_top: u32,
    diagrams: [Diagram<'m>; 1],
    reviewer: &'static str,
    threat_top: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Diagram<'m> {
    cells: Cells<'m>,
    description: &'static str,
    diagram_type: &'static str,
    id: u32,
    placeholder: &'static str,
    thumbnail: &'static str,
    title: &'m str,
    version: &'static str,
}

/// The boxes of the boundaries, then the elements, then the flows.
struct Cells<'m> {
    model: &'m Model,
    library: &'m Library,
    layout: Layout,
    threats: Threats<'m>,
}

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Cells {
            model,
            library,
            layout,
            threats,
        } = self;
        let cells = || {
            let boxes = model.boundaries().map(|b| boundary(model, b, layout));
            let elements = (model.elements()).map(|e| element(model, library, e, layout, threats));
            boxes
                .chain(elements)
                .chain(model.flows().map(|f| flow(model, library, f, threats)))
        };
        Lazy(cells).serialize(s)
    }
}

/// A data item, which Threat Dragon has no place for, in the summary's
/// `tmc.data`: its identifier, name and what it wrote.
fn data_item(model: &Model, d: ObjectId) -> Json {
    let o = model.object(d);
    json!({
        "id": o.id,
        "name": o.name,
        "written": written::written(model, o, |_| false),
    })
}

/// `data.tmc` of a cell: its identifier (none for a flow without a label),
/// and what it wrote beyond the cell's own fields.
fn tmc_of(model: &Model, o: &Object) -> Map<String, Json> {
    let mut tmc = Map::new();
    if is_identifier(&o.id) {
        tmc.insert("id".into(), o.id.clone().into());
    }
    let written = written::written(model, o, |p| kept(o, p));
    if !written.is_empty() {
        tmc.insert("written".into(), written.into());
    }
    tmc
}

/// A cell's id: the object's identifier, prefixed (Threat Dragon wants
/// two characters at least, and a flow's `a->b` stays readable).
fn cell_id(o: &Object) -> String {
    format!("tmc-{}", o.id)
}

fn flag(o: &Object, attr: &str) -> bool {
    matches!(o.attrs.get(attr), Some(Value::Bool(true)))
}

/// A control of the object's `controls` record.
fn control(o: &Object, name: &str) -> bool {
    o.attrs
        .get("controls")
        .and_then(Value::as_record)
        .and_then(|c| c.get(name))
        .is_some_and(|v| matches!(v, Value::Bool(true)))
}

fn text<'a>(o: &'a Object, attr: &str) -> &'a str {
    o.attrs.get(attr).and_then(Value::as_str).unwrap_or("")
}

/// Where each element and boundary is drawn: (x, y, width, height).
struct Layout {
    rects: Vec<Option<(f64, f64, f64, f64)>>,
}

impl Layout {
    fn of(model: &Model) -> Layout {
        let mut sizes = vec![None; model.objects.len()];
        let top: Vec<ObjectId> = (0..model.objects.len())
            .map(|i| ObjectId(i as u32))
            .filter(|&o| placed(model, o) && model.object(o).boundary.is_none())
            .collect();
        for &o in &top {
            size(model, o, &mut sizes);
        }
        let mut rects = vec![None; model.objects.len()];
        arrange(model, &top, (0.0, 0.0), &sizes, &mut rects);
        Layout { rects }
    }

    fn rect(&self, o: ObjectId) -> (f64, f64, f64, f64) {
        self.rects[o.index()].unwrap_or((0.0, 0.0, NODE.0, NODE.1))
    }
}

/// Whether an object is drawn as a shape: an element or a boundary.
fn placed(model: &Model, o: ObjectId) -> bool {
    matches!(model.object(o).role, Role::Element | Role::Boundary)
}

/// The direct contents of a boundary that are drawn.
fn contents(model: &Model, b: ObjectId) -> Vec<ObjectId> {
    model.children(b).filter(|&c| placed(model, c)).collect()
}

/// Columns of a grid of `n` items: near a square.
fn columns(n: usize) -> usize {
    (1..=n).find(|c| c * c >= n).unwrap_or(1)
}

/// The size of each object's shape, a boundary's around its contents.
fn size(model: &Model, o: ObjectId, sizes: &mut [Option<(f64, f64)>]) -> (f64, f64) {
    if let Some(s) = sizes[o.index()] {
        return s;
    }
    let s = if model.object(o).role == Role::Boundary {
        let inner = contents(model, o);
        let child_sizes: Vec<(f64, f64)> = inner.iter().map(|&c| size(model, c, sizes)).collect();
        let (w, h) = grid(&child_sizes);
        (w.max(NODE.0) + 2.0 * GAP, h + HEADER + GAP)
    } else {
        NODE
    };
    sizes[o.index()] = Some(s);
    s
}

/// The width and height of items laid out in rows.
fn grid(items: &[(f64, f64)]) -> (f64, f64) {
    let cols = columns(items.len());
    let (mut w, mut h) = (0.0f64, 0.0f64);
    for row in items.chunks(cols.max(1)) {
        let row_w: f64 = row.iter().map(|s| s.0).sum::<f64>() + GAP * (row.len() as f64 - 1.0);
        let row_h = row.iter().map(|s| s.1).fold(0.0, f64::max);
        w = w.max(row_w);
        h += row_h + GAP;
    }
    (w, (h - GAP).max(0.0))
}

/// Places `items` in rows from `at`, and each boundary's contents inside it.
fn arrange(
    model: &Model,
    items: &[ObjectId],
    at: (f64, f64),
    sizes: &[Option<(f64, f64)>],
    rects: &mut [Option<(f64, f64, f64, f64)>],
) {
    let cols = columns(items.len()).max(1);
    let mut y = at.1;
    for row in items.chunks(cols) {
        let mut x = at.0;
        let mut row_h = 0.0f64;
        for &o in row {
            let (w, h) = sizes[o.index()].unwrap_or(NODE);
            rects[o.index()] = Some((x, y, w, h));
            if model.object(o).role == Role::Boundary {
                arrange(
                    model,
                    &contents(model, o),
                    (x + GAP, y + HEADER),
                    sizes,
                    rects,
                );
            }
            x += w + GAP;
            row_h = row_h.max(h);
        }
        y += row_h + GAP;
    }
}

fn geometry(out: &mut Map<String, Json>, (x, y, w, h): (f64, f64, f64, f64)) {
    out.insert("position".into(), json!({ "x": x, "y": y }));
    out.insert("size".into(), json!({ "width": w, "height": h }));
}

fn boundary(model: &Model, b: ObjectId, layout: &Layout) -> Json {
    let o = model.object(b);
    // Everything inside, nested boundaries' contents too, as Threat Dragon
    // lists what a box encloses.
    let mut inside = Vec::new();
    let mut stack = contents(model, b);
    stack.reverse();
    while let Some(c) = stack.pop() {
        inside.push(Json::from(cell_id(model.object(c))));
        let mut more = contents(model, c);
        more.reverse();
        stack.extend(more);
    }
    let mut tmc = tmc_of(model, o);
    if let Some(t) = o.attrs.get("zone").and_then(Value::as_member) {
        tmc.insert("trust".into(), t.to_string().into());
    }
    let mut out = Map::new();
    out.insert("id".into(), cell_id(o).into());
    out.insert("shape".into(), "trust-boundary-box".into());
    out.insert("zIndex".into(), (-1).into());
    geometry(&mut out, layout.rect(b));
    out.insert(
        "data".into(),
        json!({
            "type": "tm.BoundaryBox",
            "name": o.name,
            "description": text(o, "description"),
            "isTrustBoundary": true,
            "hasOpenThreats": false,
            "containedElements": inside,
            "tmc": tmc,
        }),
    );
    Json::Object(out)
}

/// The Threat Dragon shape of a kind: (`shape`, `data.type`).
fn shape_of(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "Actor" | "ExternalEntity" => ("actor", "tm.Actor"),
        "Datastore" => ("store", "tm.Store"),
        _ => ("process", "tm.Process"),
    }
}

/// Each object's findings, with their threats' numbers.
type Threats<'m> = Vec<Vec<(usize, &'m Finding)>>;

/// The threats of the object `o` as Threat Dragon has them.
fn threats_of(model: &Model, library: &Library, threats: &Threats, o: ObjectId) -> Vec<Json> {
    let on = threats[o.index()].iter();
    on.map(|&(number, f)| threat(model, library, number, f))
        .collect()
}

fn element(
    model: &Model,
    library: &Library,
    e: ObjectId,
    layout: &Layout,
    threats: &Threats,
) -> Json {
    let o = model.object(e);
    let (shape, ty) = shape_of(&o.kind);
    let mut data = common_data(o, ty, threats_of(model, library, threats, e));
    match shape {
        "store" => {
            data.insert("isALog".into(), flag(o, "storesLogData").into());
            data.insert("isEncrypted".into(), control(o, "isEncryptedAtRest").into());
            data.insert("isSigned".into(), control(o, "providesIntegrity").into());
            data.insert(
                "storesCredentials".into(),
                flag(o, "storesSensitiveData").into(),
            );
            data.insert("storesInventory".into(), false.into());
        }
        "process" => {
            let web = matches!(o.kind.as_str(), "Server" | "Gateway");
            data.insert("isWebApplication".into(), web.into());
            data.insert("handlesCardPayment".into(), false.into());
            data.insert("handlesGoodsOrServices".into(), false.into());
            data.insert("privilegeLevel".into(), "".into());
        }
        _ => {
            data.insert("providesAuthentication".into(), false.into());
        }
    }
    let mut tmc = tmc_of(model, o);
    tmc.insert("kind".into(), o.kind.clone().into());
    let ds_type = (o.kind == "Datastore")
        .then(|| o.attrs.get("type").and_then(Value::as_member))
        .flatten()
        .filter(|t| &**t != "UNKNOWN");
    if let Some(t) = ds_type {
        tmc.insert("datastoreType".into(), t.to_string().into());
    }
    data.insert("tmc".into(), tmc.into());
    let mut out = Map::new();
    out.insert("id".into(), cell_id(o).into());
    out.insert("shape".into(), shape.into());
    out.insert("zIndex".into(), 1.into());
    geometry(&mut out, layout.rect(e));
    out.insert("data".into(), data.into());
    Json::Object(out)
}

/// The `data` every element and flow has.
fn common_data(o: &Object, ty: &str, threats: Vec<Json>) -> Map<String, Json> {
    let open = threats.iter().any(|t| t["status"] == "Open");
    let mut data = Map::new();
    data.insert("type".into(), ty.into());
    data.insert("name".into(), o.name.clone().into());
    data.insert("description".into(), text(o, "description").into());
    let out_of_scope = matches!(o.attrs.get("inScope"), Some(Value::Bool(false)));
    data.insert("outOfScope".into(), out_of_scope.into());
    data.insert("reasonOutOfScope".into(), "".into());
    data.insert("isTrustBoundary".into(), false.into());
    data.insert("hasOpenThreats".into(), open.into());
    data.insert("threats".into(), threats.into());
    data
}

fn flow(model: &Model, library: &Library, f: ObjectId, threats: &Threats) -> Json {
    let o = model.object(f);
    let Role::Flow { source, sink } = o.role else {
        unreachable!("model.flows() gives flows")
    };
    let mut data = common_data(o, "tm.Flow", threats_of(model, library, threats, f));
    data.insert("protocol".into(), text(o, "protocol").into());
    data.insert("isEncrypted".into(), control(o, "isEncrypted").into());
    data.insert("isPublicNetwork".into(), false.into());
    data.insert("isBidirectional".into(), false.into());
    // A flow written without a label (`a->b`) has no identifier to keep.
    let tmc = tmc_of(model, o);
    if !tmc.is_empty() {
        data.insert("tmc".into(), tmc.into());
    }
    json!({
        "id": cell_id(o),
        "shape": "flow",
        "zIndex": 2,
        "source": { "cell": cell_id(model.object(source)) },
        "target": { "cell": cell_id(model.object(sink)) },
        "data": data,
    })
}

/// Whether `id` is written as an identifier (not a generated `a->b`).
fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The Threat Dragon status of a finding's status, and whether it says
/// all of it (the others are kept in the threat's `tmc.status`).
pub fn status(status: Status) -> (&'static str, bool) {
    match status {
        Status::Open => ("Open", true),
        Status::Mitigated => ("Mitigated", true),
        Status::Accepted => ("Accepted", true),
        Status::Transferred => ("Transferred", true),
        Status::NotApplicable => ("NotApplicable", true),
        Status::NeedsInvestigation | Status::InProgress => ("Open", false),
        Status::FalsePositive => ("NotApplicable", false),
    }
}

/// Threat Dragon's names of the STRIDE categories.
fn stride_name(category: &str) -> &str {
    match category {
        "InformationDisclosure" => "Information disclosure",
        "DenialOfService" => "Denial of service",
        "ElevationOfPrivilege" => "Elevation of privilege",
        other => other,
    }
}

/// Threat Dragon's severities: `Low` to `Critical`.
fn severity(rank: usize) -> &'static str {
    match rank {
        0 | 1 => "Low",
        2 => "Medium",
        3 => "High",
        _ => "Critical",
    }
}

/// Each object's findings, numbered in finding order; findings on anything
/// but an element or a flow are counted as lost.
fn threats<'m>(model: &Model, findings: &'m [Finding], lost: &mut Lost) -> Threats<'m> {
    let mut out: Threats = vec![Vec::new(); model.objects.len()];
    let mut number = 0;
    for f in findings {
        let target = model.object(f.target);
        if !matches!(target.role, Role::Element | Role::Flow { .. }) {
            lost.findings_elsewhere += 1;
            continue;
        }
        let standing = gate::standing(f);
        if !status(standing.status).1 {
            lost.statuses += 1;
        }
        if let Some(d) = standing.triage() {
            lost.triages.insert(d.entry);
        }
        number += 1;
        out[f.target.index()].push((number, f));
    }
    out
}

/// The finding `f`, threat number `number`, as a Threat Dragon threat.
fn threat(model: &Model, library: &Library, number: usize, f: &Finding) -> Json {
    let threat = &library.threats[f.threat];
    let standing = gate::standing(f);
    let kind = threat.stride.first().map_or("", |s| stride_name(s));
    json!({
        "threatId": format!("tmc-{}@{}", threat.id, model.object(f.target).id),
        "number": number,
        "title": threat.title,
        "type": kind,
        "modelType": "STRIDE",
        "severity": severity(f.severity.rank),
        "status": status(standing.status).0,
        "score": "",
        "description": threat.details,
        "mitigation": threat.mitigations,
        "tmc": tmc_threat(threat, standing.status.member()),
    })
}

/// A threat's `tmc`: the threat's fields `tmc export otm` keeps too, and
/// the finding's exact status.
fn tmc_threat(threat: &Threat, status: &str) -> Json {
    let mut tmc = crate::otm::threat_fields(threat);
    tmc.insert("status".into(), status.into());
    tmc.into()
}

/// Whether the attribute `path` written on `o` comes across in a field of
/// the cell: those of `element` and `flow`.
fn kept(o: &Object, path: &str) -> bool {
    let common = ["description", "inScope"].contains(&path);
    let own: &[&str] = match o.role {
        Role::Boundary => &["trust"],
        Role::Flow { .. } => &["protocol", "controls.isEncrypted"],
        _ if o.kind == "Datastore" => &[
            "type",
            "storesLogData",
            "storesSensitiveData",
            "controls.isEncryptedAtRest",
            "controls.providesIntegrity",
        ],
        _ => &[],
    };
    common || own.contains(&path)
}

/// Counts of what Threat Dragon has no place for.
#[derive(Default)]
struct Lost {
    attributes: usize,
    findings_elsewhere: usize,
    statuses: usize,
    triages: std::collections::BTreeSet<ObjectId>,
}

impl Lost {
    fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut say = |n: usize, what: &str, how: &str| {
            if n > 0 {
                out.push(format!("{what}: {n} {how}"));
            }
        };
        let left_out = "left out";
        say(
            self.attributes,
            "written attributes `data.tmc.written` cannot carry (records such as assumptions and overrides, references to flows without a label)",
            left_out,
        );
        say(
            self.findings_elsewhere,
            "findings on boundaries or data items (Threat Dragon's threats sit on elements and flows)",
            left_out,
        );
        say(
            self.statuses,
            "findings needs-investigation, in-progress or false-positive, which Threat Dragon shows as Open or NotApplicable",
            "kept for tmc only (in the threat's `tmc.status`)",
        );
        say(
            self.triages.len(),
            "triages' justification, owner, ticket and dates (only their status is written)",
            left_out,
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_drawn_around_their_contents() {
        let (c, model) = crate::compile_clean(
            r#"model "M" { description = "d" }
boundary outer "Outer" {
  trust = DMZ
  Server web "Web" {
    protocol = "HTTP"
  }
  boundary inner "Inner" {
    Datastore db "DB"
    Process api "API"
  }
}
Actor user "User"
flow user -> web
"#,
        );
        let out = export(&model, &c.library, c.findings.as_deref().unwrap_or(&[]));
        let document = serde_json::to_value(&out.document).expect("JSON");
        // Written as it is made, the document is the text of its value:
        // the same keys in the same order.
        let text = serde_json::to_string_pretty(&out.document).expect("JSON");
        assert_eq!(text, serde_json::to_string_pretty(&document).expect("JSON"));
        let cells = document["detail"]["diagrams"][0]["cells"]
            .as_array()
            .unwrap()
            .clone();
        let by_id = |id: &str| cells.iter().find(|c| c["id"] == id).unwrap().clone();
        let rect = |c: &Json| {
            (
                c["position"]["x"].as_f64().unwrap(),
                c["position"]["y"].as_f64().unwrap(),
                c["size"]["width"].as_f64().unwrap(),
                c["size"]["height"].as_f64().unwrap(),
            )
        };
        let inside = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
            a.0 >= b.0 && a.1 >= b.1 && a.0 + a.2 <= b.0 + b.2 && a.1 + a.3 <= b.1 + b.3
        };
        let (outer, inner) = (rect(&by_id("tmc-outer")), rect(&by_id("tmc-inner")));
        assert!(inside(inner, outer));
        assert!(inside(rect(&by_id("tmc-db")), inner));
        assert!(inside(rect(&by_id("tmc-web")), outer));
        assert!(!inside(rect(&by_id("tmc-web")), inner));
        assert!(!inside(rect(&by_id("tmc-user")), outer));
        assert_eq!(
            by_id("tmc-outer")["data"]["containedElements"],
            json!(["tmc-web", "tmc-inner", "tmc-db", "tmc-api"])
        );
        assert_eq!(by_id("tmc-outer")["data"]["tmc"]["trust"], "DMZ");
        assert_eq!(by_id("tmc-inner")["data"]["tmc"]["trust"], "DMZ");
        assert_eq!(by_id("tmc-db")["shape"], "store");
        assert_eq!(by_id("tmc-web")["data"]["isWebApplication"], true);
        assert_eq!(
            by_id("tmc-web")["data"]["tmc"]["written"],
            json!({ "protocol": "HTTP" })
        );
        assert!(
            !out.lost.iter().any(|l| l.starts_with("written attributes")),
            "{:?}",
            out.lost
        );
        let flow = by_id("tmc-user->web");
        assert_eq!(flow["source"]["cell"], "tmc-user");
        assert!(flow["data"].get("tmc").is_none());
    }

    #[test]
    fn every_status_is_kept() {
        for s in Status::ALL {
            let (td, exact) = status(s);
            assert!(!td.is_empty());
            assert_eq!(
                exact,
                !matches!(
                    s,
                    Status::NeedsInvestigation | Status::InProgress | Status::FalsePositive
                )
            );
        }
    }
}
