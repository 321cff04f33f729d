//! `tmc export otm`: the model and its findings as an Open Threat Model
//! (OTM 0.2) JSON document, the inverse of `tmc import otm`
//! (`tmc_import::otm`; docs/interop.md has both mappings).
//!
//! Boundaries become trust zones (the trust level as the middle of its band
//! of `trustRating`), elements components (a `type` whose words the
//! importer reads back as the same kind), flows dataflows, data items
//! assets (the classification as `confidentiality`), and each finding an
//! attachment of its threat to the component or dataflow it is on, with
//! the finding's status as the attachment's `state` and the threat's
//! mitigation text as a mitigation. What the importer needs to give the
//! objects back their identifiers and kinds is in each object's
//! `attributes.tmc`. What OTM has no place for is listed in `Exported::lost`
//! for the command to warn about. Keys are sorted (serde_json's map is
//! ordered) and lists are in declaration and library order, so the same
//! model gives the same bytes.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value as Json};

use tmc_compiler::findings::Finding;
use tmc_compiler::gate;
use tmc_compiler::model::{Model, Object, ObjectId, Role, Value};
use tmc_compiler::rules::{Level, Library, Threat};
use tmc_compiler::triage::Status;

use crate::written;

use crate::{Exported, Lazy};

/// The OTM version written.
pub const OTM_VERSION: &str = "0.2.0";

/// The id of the trust zone that stands for "outside every boundary", made
/// only when some element sits in no boundary (OTM components need a
/// parent). No tmc identifier has a `-`, so it cannot clash.
pub const OUTSIDE_ZONE: &str = "tmc-outside";

/// The 0-100 rating written for each of five bands, lowest first: the
/// middle of the band the importer reads back (0-19, 20-39, ...).
const BAND_MIDDLE: [u32; 5] = [10, 30, 50, 70, 90];

const TRUST: [&str; 5] = ["INTERNET", "PARTNER", "DMZ", "INTERNAL", "RESTRICTED"];
const CLASSIFICATION: [&str; 5] = ["PUBLIC", "RESTRICTED", "SENSITIVE", "SECRET", "TOP_SECRET"];

/// The model and its findings as an OTM document.
pub fn export<'m>(
    model: &'m Model,
    library: &'m Library,
    findings: &'m [Finding],
) -> Exported<Document<'m>> {
    let mut lost = Lost::default();
    let attachments = attachments(model, findings, &mut lost);
    let (threats, mitigations) = library_section(library, &attachments);
    let outside = model.elements().any(|e| model.object(e).boundary.is_none());
    let mut zones: Vec<Json> = Vec::new();
    if outside {
        zones.push(outside_zone(model));
    }
    zones.extend(model.boundaries().map(|b| zone(model, model.object(b))));
    let assets: Vec<Json> = model
        .data()
        .map(|d| asset(model, model.object(d)))
        .collect();
    lost.count_attributes(model);
    let header = &model.header;
    let description = header
        .attrs
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut project = Map::new();
    project.insert("id".into(), slug(&header.name).into());
    project.insert("name".into(), header.name.clone().into());
    project.insert("description".into(), description.into());
    let written = written::header(model);
    if !written.is_empty() {
        let tmc = Map::from_iter([("written".to_string(), Json::Object(written))]);
        project.insert("attributes".into(), tmc_attributes(tmc));
    }
    let document = Document {
        model,
        library,
        attachments,
        project: Json::Object(project),
        zones,
        assets,
        threats,
        mitigations,
    };
    Exported {
        document,
        lost: lost.lines(),
    }
}

/// An OTM document. Its components and dataflows, one per element and
/// flow with the findings on it, are made as they are written.
pub struct Document<'m> {
    model: &'m Model,
    library: &'m Library,
    attachments: Attachments<'m>,
    project: Json,
    zones: Vec<Json>,
    assets: Vec<Json>,
    threats: Vec<Json>,
    mitigations: Vec<Json>,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (model, library, attachments) = (self.model, self.library, &self.attachments);
        let components =
            || (model.elements()).map(move |e| component(model, library, e, attachments));
        let dataflows = || (model.flows()).map(move |f| dataflow(model, library, f, attachments));
        // The keys in order, as serde_json's map has them.
        let mut map = s.serialize_map(Some(8))?;
        map.serialize_entry("assets", &self.assets)?;
        map.serialize_entry("components", &Lazy(components))?;
        map.serialize_entry("dataflows", &Lazy(dataflows))?;
        map.serialize_entry("mitigations", &self.mitigations)?;
        map.serialize_entry("otmVersion", OTM_VERSION)?;
        map.serialize_entry("project", &self.project)?;
        map.serialize_entry("threats", &self.threats)?;
        map.serialize_entry("trustZones", &self.zones)?;
        map.end()
    }
}

/// `Shop API v2` -> `shop-api-v2`: the project's id.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "model".to_string()
    } else {
        out.to_string()
    }
}

/// The band (0-4) of an enum member among `members`, lowest first.
fn band_of(value: Option<&Value>, members: &[&str]) -> Option<usize> {
    let member = value?.as_member()?;
    members.iter().position(|m| *m == &*member)
}

/// A level's band: its rank in the severity or likelihood enum, at most 4.
fn level_band(level: &Level) -> usize {
    level.rank.min(4)
}

/// `"attributes": {"tmc": {...}}` of an object.
fn tmc_attributes(fields: Map<String, Json>) -> Json {
    json!({ "tmc": fields })
}

/// The text of an attribute, empty when unset.
fn text<'a>(o: &'a Object, attr: &str) -> &'a str {
    o.attrs.get(attr).and_then(Value::as_str).unwrap_or("")
}

/// Adds `description` when the object has one.
fn describe(out: &mut Map<String, Json>, o: &Object) {
    let d = text(o, "description");
    if !d.is_empty() {
        out.insert("description".into(), d.into());
    }
}

fn outside_zone(model: &Model) -> Json {
    let band = band_of(model.header.attrs.get("outsideTrust"), &TRUST).unwrap_or(0);
    json!({
        "id": OUTSIDE_ZONE,
        "name": "Outside every boundary",
        "description": "The elements of the tmc model that sit in no boundary.",
        "risk": { "trustRating": BAND_MIDDLE[band] },
        "attributes": tmc_attributes(Map::from_iter([("outside".into(), true.into())])),
    })
}

/// `attributes.tmc` of a declared object: its identifier, and what it
/// wrote outside `skip` (the attributes with an OTM field of their own).
fn kept(model: &Model, o: &Object, skip: &[&str]) -> Map<String, Json> {
    let mut tmc = Map::new();
    if tmc_syntax_identifier(&o.id) {
        tmc.insert("id".into(), o.id.clone().into());
    }
    let written = written::written(model, o, |p| skip.contains(&p));
    if !written.is_empty() {
        tmc.insert("written".into(), written.into());
    }
    tmc
}

fn zone(model: &Model, o: &Object) -> Json {
    // `zone` is the trust the boundary has, written or inherited.
    let band = band_of(o.attrs.get("zone").or(o.attrs.get("trust")), &TRUST).unwrap_or(3);
    let mut out = Map::new();
    out.insert("id".into(), o.id.clone().into());
    out.insert("name".into(), o.name.clone().into());
    describe(&mut out, o);
    out.insert("risk".into(), json!({ "trustRating": BAND_MIDDLE[band] }));
    if let Some(p) = o.boundary {
        out.insert("parent".into(), json!({ "trustZone": model.object(p).id }));
    }
    out.insert(
        "attributes".into(),
        tmc_attributes(kept(model, o, &["description", "trust"])),
    );
    Json::Object(out)
}

/// The OTM `type` of a kind: words `tmc import otm` reads back as that
/// kind (and, for a datastore, its `type` where the words have one).
pub fn otm_type(kind: &str, datastore_type: Option<&str>) -> String {
    let t = match (kind, datastore_type) {
        ("Actor", _) => "generic-user",
        ("ClientApp", _) => "generic-client",
        ("SecretsVault", _) => "secrets-vault",
        ("IdentityProvider", _) => "identity-provider",
        ("MessageQueue", _) => "message-queue",
        ("Lambda", _) => "serverless-function",
        ("Gateway", _) => "api-gateway",
        ("Datastore", Some("SQL")) => "sql-database",
        ("Datastore", Some("OBJECT_STORE")) => "blob-storage",
        ("Datastore", Some("CACHE")) => "cache",
        ("Datastore", Some("NOSQL")) => "nosql-database",
        ("Datastore", Some("SEARCH_INDEX")) => "search-index",
        ("Datastore", _) => "datastore",
        ("ExternalEntity", _) => "external-service",
        ("ContainerPlatform", _) => "kubernetes-cluster",
        ("LLM", _) => "llm",
        ("Agent", _) => "ai-agent",
        ("BuildPipeline", _) => "ci-pipeline",
        ("ArtifactRegistry", _) => "artifact-registry",
        ("Server", _) => "web-server",
        ("Process", _) => "generic-process",
        ("SetOfProcesses", _) => "process-pool",
        (other, _) => return other.to_string(),
    };
    t.to_string()
}

/// The findings each component and dataflow gets in its `threats`.
type Attachments<'m> = Vec<Vec<&'m Finding>>;

/// An object's `threats`: one attachment per finding on it.
fn threats_of(library: &Library, findings: &[&Finding]) -> Json {
    findings.iter().map(|f| attachment(library, f)).collect()
}

fn component(model: &Model, library: &Library, e: ObjectId, attachments: &Attachments) -> Json {
    let o = model.object(e);
    let ds_type = (o.kind == "Datastore")
        .then(|| o.attrs.get("type").and_then(Value::as_member))
        .flatten();
    let mut tmc = kept(model, o, &["description", "type"]);
    tmc.insert("kind".into(), o.kind.clone().into());
    if let Some(t) = ds_type.filter(|t| &**t != "UNKNOWN") {
        tmc.insert("datastoreType".into(), t.to_string().into());
    }
    let parent = o
        .boundary
        .map_or(OUTSIDE_ZONE, |b| model.object(b).id.as_str());
    let mut out = Map::new();
    out.insert("id".into(), o.id.clone().into());
    out.insert("name".into(), o.name.clone().into());
    out.insert("type".into(), otm_type(&o.kind, ds_type.as_deref()).into());
    describe(&mut out, o);
    out.insert("parent".into(), json!({ "trustZone": parent }));
    if !attachments[e.index()].is_empty() {
        out.insert(
            "threats".into(),
            threats_of(library, &attachments[e.index()]),
        );
    }
    out.insert("attributes".into(), tmc_attributes(tmc));
    Json::Object(out)
}

fn dataflow(model: &Model, library: &Library, f: ObjectId, attachments: &Attachments) -> Json {
    let o = model.object(f);
    let Role::Flow { source, sink } = o.role else {
        unreachable!("model.flows() gives flows")
    };
    let data: Vec<Json> = Value::items(o.attrs.get("data"))
        .iter()
        .filter_map(Value::as_object)
        .map(|d| model.object(d).id.clone().into())
        .collect();
    let mut out = Map::new();
    out.insert("id".into(), o.id.clone().into());
    out.insert("name".into(), o.name.clone().into());
    describe(&mut out, o);
    out.insert("source".into(), model.object(source).id.clone().into());
    out.insert("destination".into(), model.object(sink).id.clone().into());
    if !data.is_empty() {
        out.insert("assets".into(), data.into());
    }
    if !attachments[f.index()].is_empty() {
        out.insert(
            "threats".into(),
            threats_of(library, &attachments[f.index()]),
        );
    }
    // A flow written without a label (`a->b`) has no identifier to keep.
    let tmc = kept(model, o, &["description", "data"]);
    if !tmc.is_empty() {
        out.insert("attributes".into(), tmc_attributes(tmc));
    }
    Json::Object(out)
}

/// Whether `id` is written as an identifier (not a generated `a->b`).
fn tmc_syntax_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn asset(model: &Model, o: &Object) -> Json {
    let band = band_of(o.attrs.get("classification"), &CLASSIFICATION).unwrap_or(0);
    let rating = BAND_MIDDLE[band];
    let mut out = Map::new();
    out.insert("id".into(), o.id.clone().into());
    out.insert("name".into(), o.name.clone().into());
    describe(&mut out, o);
    // OTM requires all three; tmc rates confidentiality only, and the
    // importer reads only that one back.
    out.insert(
        "risk".into(),
        json!({ "confidentiality": rating, "integrity": rating, "availability": rating }),
    );
    out.insert(
        "attributes".into(),
        tmc_attributes(kept(model, o, &["description", "classification"])),
    );
    Json::Object(out)
}

/// The OTM state of a finding's status: a word `tmc import otm` reads back
/// as the same status.
pub fn state(status: Status) -> &'static str {
    match status {
        Status::Open => "exposed",
        Status::NeedsInvestigation => "needs-investigation",
        Status::InProgress => "partly-mitigated",
        Status::Mitigated => "mitigated",
        Status::Accepted => "accepted",
        Status::Transferred => "transferred",
        Status::FalsePositive => "false-positive",
        Status::NotApplicable => "not-applicable",
    }
}

/// The id of the mitigation written for a threat's mitigation text.
fn mitigation_id(threat: &Threat) -> String {
    format!("{}-mitigation", threat.id)
}

/// Each object's findings, to be attached to it; findings on anything but
/// an element or a flow are counted as lost.
fn attachments<'m>(model: &Model, findings: &'m [Finding], lost: &mut Lost) -> Attachments<'m> {
    let mut out: Attachments = vec![Vec::new(); model.objects.len()];
    for f in findings {
        let target = model.object(f.target);
        if !matches!(target.role, Role::Element | Role::Flow { .. }) {
            lost.findings_elsewhere += 1;
            continue;
        }
        if f.overridden.is_some() {
            lost.overrides += 1;
        }
        if let Some(d) = gate::standing(f).triage() {
            lost.triages.insert(d.entry);
        }
        out[f.target.index()].push(f);
    }
    out
}

/// A finding as a threat attachment: the threat, the state its status
/// maps to, and the threat's mitigation.
fn attachment(library: &Library, f: &Finding) -> Json {
    let threat = &library.threats[f.threat];
    let status = gate::standing(f).status;
    let mut a = Map::new();
    a.insert("threat".into(), threat.id.clone().into());
    a.insert("state".into(), state(status).into());
    if !threat.mitigations.trim().is_empty() {
        let m_state = if status == Status::Mitigated {
            "implemented"
        } else {
            "required"
        };
        a.insert(
            "mitigations".into(),
            json!([{ "mitigation": mitigation_id(threat), "state": m_state }]),
        );
    }
    Json::Object(a)
}

/// The top-level `threats` and `mitigations`: the library's threats with
/// at least one attachment, in library order.
fn library_section(library: &Library, attachments: &Attachments) -> (Vec<Json>, Vec<Json>) {
    let used: std::collections::HashSet<&str> = (attachments.iter().flatten())
        .map(|f| library.threats[f.threat].id.as_str())
        .collect();
    let mut threats = Vec::new();
    let mut mitigations = Vec::new();
    for t in library
        .threats
        .iter()
        .filter(|t| used.contains(t.id.as_str()))
    {
        let mut out = Map::new();
        out.insert("id".into(), t.id.clone().into());
        out.insert("name".into(), t.title.clone().into());
        if !t.details.trim().is_empty() {
            out.insert("description".into(), t.details.clone().into());
        }
        if !t.stride.is_empty() {
            out.insert("categories".into(), t.stride.clone().into());
        }
        if !t.cwe.is_empty() {
            let cwes: Vec<Json> = t.cwe.iter().map(|n| format!("CWE-{n}").into()).collect();
            out.insert("cwes".into(), cwes.into());
        }
        let likelihood = t.likelihood.as_ref().map(|l| BAND_MIDDLE[level_band(l)]);
        out.insert(
            "risk".into(),
            json!({ "impact": BAND_MIDDLE[level_band(&t.severity)], "likelihood": likelihood }),
        );
        out.insert("attributes".into(), tmc_attributes(threat_fields(t)));
        threats.push(Json::Object(out));
        if !t.mitigations.trim().is_empty() {
            mitigations.push(json!({
                "id": mitigation_id(t),
                "name": format!("Mitigation of {}", t.id),
                "description": t.mitigations,
                "riskReduction": 100,
            }));
        }
    }
    (threats, mitigations)
}

/// What `attributes.tmc` keeps of a threat: its id, and the built-in
/// library it comes from, when it does (the importer then triages that
/// threat's findings instead of writing a threat of its own).
pub fn threat_fields(t: &Threat) -> Map<String, Json> {
    let mut out = Map::from_iter([("id".into(), t.id.clone().into())]);
    if let Some(b) = t.library {
        out.insert("library".into(), b.name().into());
    }
    out
}

/// Counts of what OTM has no place for.
#[derive(Default)]
struct Lost {
    findings_elsewhere: usize,
    overrides: usize,
    /// The triages deciding exported findings.
    triages: std::collections::BTreeSet<ObjectId>,
    attributes: usize,
}

impl Lost {
    /// The attributes written in the model beyond those exported.
    fn count_attributes(&mut self, model: &Model) {
        const KEPT: &[&str] = &["description", "trust", "classification", "data", "type"];
        self.attributes = crate::written_beyond(model, |o, path| {
            KEPT.contains(&path.split('.').next().unwrap_or("")) || written::keeps(model, o, path)
        });
    }

    fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut say = |n: usize, what: &str| {
            if n > 0 {
                out.push(format!("{what}: {n} left out"));
            }
        };
        say(
            self.attributes,
            "written attributes `attributes.tmc.written` cannot carry (records such as assumptions and overrides, references to flows without a label)",
        );
        say(
            self.findings_elsewhere,
            "findings on boundaries or data items (OTM threats attach to components and dataflows)",
        );
        say(
            self.overrides,
            "findings' overrides (severity, texts; the threat's own are written)",
        );
        say(
            self.triages.len(),
            "triages' justification, owner, ticket and dates (only their status is written, as the state)",
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_get_a_slug_id() {
        assert_eq!(slug("Shop API v2"), "shop-api-v2");
        assert_eq!(slug("  !! "), "model");
        assert_eq!(slug("Café"), "caf");
    }

    #[test]
    fn every_status_has_its_own_state() {
        let states: std::collections::HashSet<&str> =
            Status::ALL.iter().map(|s| state(*s)).collect();
        assert_eq!(states.len(), Status::ALL.len());
    }

    #[test]
    fn a_small_model_exports_its_objects_and_findings() {
        let (c, model) = crate::compile_clean(
            r#"model "Shop" { description = "A shop." }
boundary dmz "DMZ" { trust = DMZ }
Actor user "User"
Server web "Web" in dmz { protocol = "HTTP" }
Data card "Card" { classification = SECRET }
flow buy: user -> web "Buy" { data = [card] }
flow user -> web
"#,
        );
        let findings = c.findings.as_deref().unwrap_or(&[]);
        let out = export(&model, &c.library, findings);
        let d = &serde_json::to_value(&out.document).expect("JSON");
        // Written as it is made, the document is the text of its value:
        // the same keys in the same order.
        let text = serde_json::to_string_pretty(&out.document).expect("JSON");
        assert_eq!(text, serde_json::to_string_pretty(d).expect("JSON"));
        assert_eq!(d["project"]["id"], "shop");
        assert_eq!(d["trustZones"][0]["id"], OUTSIDE_ZONE);
        assert_eq!(d["trustZones"][1]["risk"]["trustRating"], 50);
        assert_eq!(d["components"][0]["parent"]["trustZone"], OUTSIDE_ZONE);
        assert_eq!(d["components"][1]["type"], "web-server");
        assert_eq!(d["dataflows"][0]["assets"][0], "card");
        assert_eq!(d["dataflows"][0]["attributes"]["tmc"]["id"], "buy");
        assert!(d["dataflows"][1].get("attributes").is_none());
        assert_eq!(d["assets"][0]["risk"]["confidentiality"], 70);
        assert!(!findings.is_empty());
        let attached: usize = ["components", "dataflows"]
            .iter()
            .flat_map(|k| d[*k].as_array().into_iter().flatten())
            .map(|o| o["threats"].as_array().map_or(0, Vec::len))
            .sum();
        let on_nodes_and_flows = findings
            .iter()
            .filter(|f| {
                let role = model.object(f.target).role;
                matches!(role, Role::Element | Role::Flow { .. })
            })
            .count();
        assert_eq!(attached, on_nodes_and_flows);
        // The written protocol travels in `attributes.tmc.written`; the
        // threats say they are the library's.
        assert_eq!(
            d["components"][1]["attributes"]["tmc"]["written"],
            json!({ "protocol": "HTTP" })
        );
        assert_eq!(d["threats"][0]["attributes"]["tmc"]["library"], "tmc");
        assert!(
            !out.lost.iter().any(|l| l.contains("written attributes")),
            "{:?}",
            out.lost
        );
    }
}
