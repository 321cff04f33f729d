//! `tmc report`: the threat-model report. `context` gathers the report's
//! data from a compiled model and its findings into plain serialisable
//! structs (every field is a template variable, listed in docs/report.md);
//! `render` fills a minijinja template with it. The built-in Markdown and
//! HTML templates are files in output/templates/, embedded at build time.
//! A template sees only the context and the filters registered here: there
//! is no loader, so `include`, `import` and `extends` cannot read files.

use std::fmt;
use std::sync::{Arc, OnceLock};

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value as Jinja};
use serde::Serialize;

use crate::escape::html::html_text;
use crate::escape::markdown::{markdown_cell, markdown_text};
use crate::{mermaid, plantuml};
use tmc_compiler::findings::{Assumed, Finding};
use tmc_compiler::gate;
use tmc_compiler::model::known::{
    self, Known, ASSUMPTIONS, CARRIED_BY, CLASSIFICATION, CONTROLS_AUTHENTICATES_DESTINATION,
    CONTROLS_AUTHENTICATES_SOURCE, DATA, DESCRIPTION, DST_PORT, EXCLUDE, FORMAT, IN_BOUNDARY,
    IN_SCOPE, IS_CREDENTIALS, IS_PII, IS_RESPONSE, IS_STORED, LIKELIHOOD_ENUM, NAME, NOTE, ORDER,
    OVERRIDES, PROTOCOL, SEVERITY_ENUM, SRC_PORT, TLS_VERSION, ZONE,
};
use tmc_compiler::model::{Attrs, Model, Object, ObjectId, Role, Value};
use tmc_compiler::rules::{Level, Library, Threat};
use tmc_compiler::schema::Schema;
use tmc_compiler::triage::{Decision, Status};
use tmc_diagram::{ir, svg};
use tmc_syntax::escape::terminal;

/// Everything a report template can use.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The version of tmc that made the report.
    pub tmc_version: String,
    pub model: ModelInfo,
    pub summary: Summary,
    pub elements: Vec<Element>,
    pub flows: Vec<Flow>,
    pub data: Vec<DataItem>,
    pub boundaries: Vec<Boundary>,
    pub assumptions: Vec<Assumption>,
    pub findings: Vec<FindingGroup>,
    /// The risk register: the reported findings a `Triage` or an
    /// override's `response` decides, those that count as open first
    /// (expired acceptances among them), highest severity first, then in
    /// the order of `findings`.
    pub register: Vec<RegisterEntry>,
    /// Every threat with a finding (reported or excluded), highest
    /// severity first, then library order: its texts once, and its findings.
    pub threats: Vec<ThreatEntry>,
    /// The `Diagrams`, as a template value that draws each diagram the
    /// first time a template reads it.
    pub diagrams: Jinja,
    /// Where the threats come from, in one line: `tmc (built-in
    /// default)`, `pytm (--library pytm)`, a `threatsFile`...
    pub library: String,
    /// Open findings per element (or flow) and STRIDE category.
    pub stride: StrideTable,
    /// Open findings by likelihood and severity.
    pub risk: RiskMatrix,
    /// The routes the path threats' findings name (reported findings
    /// only), highest severity first, then in the order of `findings`.
    pub attack_paths: Vec<AttackPath>,
    /// The worst open findings, at most `TOP_RISKS` of them: highest
    /// severity first, then likelihood, then impact, then by threat id and
    /// element id.
    pub top_risks: Vec<TopRisk>,
    /// How much of the model the report lists: `full` or `summary`.
    pub scope: Scope,
    /// The elements counted by kind, in order of first declaration.
    pub kinds: Vec<KindRow>,
    /// In a summary, the diagrams of the boundaries with the worst open
    /// findings (at most `BOUNDARY_DIAGRAMS`); empty in a full report.
    pub boundary_diagrams: Vec<BoundaryDiagram>,
    /// The most elements a boundary may hold to be drawn in a summary
    /// (`DIAGRAM_ELEMENTS`).
    pub diagram_elements: usize,
}

/// How many findings the report's "Top risks" lists.
pub const TOP_RISKS: usize = 10;

/// How much of the model a report lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Every element, flow and finding.
    Full,
    /// What a review of a large model can read: the counts, the top risks,
    /// the boundaries, the elements by kind, each threat with its number of
    /// findings, the flows that cross a boundary in clear text (the first
    /// `SUMMARY_FLOWS`) and the diagrams of the boundaries with the worst
    /// open findings. Elements, flows and findings are not listed one by
    /// one; `tmc json`, `tmc sqldump` and SARIF have them all.
    Summary,
}

/// Above this many elements, a report is a summary unless asked for in
/// full: a full report lists every element, flow and finding, which at
/// 100,000 elements is 340 MB of HTML that no browser opens comfortably.
pub const SUMMARY_ABOVE: usize = 10_000;

/// How many of the flows that cross a boundary in clear text a summary
/// lists.
pub const SUMMARY_FLOWS: usize = 100;

/// How many boundaries a summary draws, and the most elements one of them
/// may hold to be drawn.
pub const BOUNDARY_DIAGRAMS: usize = 6;
pub const DIAGRAM_ELEMENTS: usize = 60;

impl Scope {
    /// `asked`, else a summary for a model of more than `SUMMARY_ABOVE`
    /// elements, else the full report.
    pub fn of(model: &Model, asked: Option<Scope>) -> Scope {
        asked.unwrap_or(if model.elements().count() > SUMMARY_ABOVE {
            Scope::Summary
        } else {
            Scope::Full
        })
    }
}

/// The elements of one kind.
#[derive(Clone, Debug, Serialize)]
pub struct KindRow {
    pub kind: String,
    pub elements: usize,
    /// Those with at least one open finding.
    pub with_open: usize,
    /// Open findings on them, per level of `summary.severities`.
    pub open: Vec<usize>,
    pub open_total: usize,
}

/// The diagram of one boundary in a summary: what is inside it, and the
/// elements outside it that exchange flows with what is inside.
#[derive(Clone, Debug, Serialize)]
pub struct BoundaryDiagram {
    pub id: String,
    pub name: String,
    pub elements_within: usize,
    /// Open findings on it and inside it, and the severity of the worst.
    pub open_total: usize,
    pub worst_severity: &'static str,
    pub worst_severity_key: String,
    /// Its `Diagrams` (`dfd_mermaid`, `dfd_svg`, `dfd_svg_uri`).
    pub diagrams: Jinja,
}

/// One of the worst open findings.
#[derive(Clone, Debug, Serialize)]
pub struct TopRisk {
    /// `THREAT@element`, the anchor of the finding in `findings`.
    pub id: String,
    pub threat_id: String,
    /// The threat's description here (an override's, when it gives one).
    pub title: String,
    pub element: String,
    pub element_name: String,
    pub element_kind: String,
    pub severity: &'static str,
    pub severity_key: String,
    /// Null when its threat rates no likelihood.
    pub likelihood: Option<&'static str>,
    pub impact: &'static str,
    /// Whether it is open again because its triage expired.
    pub expired: bool,
}

/// One reported finding of a path threat and the route it names
/// (`paths::found`).
#[derive(Clone, Debug, Serialize)]
pub struct AttackPath {
    /// `THREAT@element`, the anchor of the finding in `findings`.
    pub id: String,
    pub threat_id: String,
    pub title: String,
    /// The target's id and name.
    pub target: String,
    pub target_name: String,
    pub severity: String,
    /// The severity as a CSS class suffix, like the findings'.
    pub severity_key: String,
    /// Whether it counts as open (`gate::standing`).
    pub open: bool,
    /// The trust level the route starts in.
    pub from: String,
    /// The element ids in order, the start first.
    pub elements: Vec<String>,
    /// The number of flows.
    pub hops: usize,
    /// The weakest hop's flow and what it lacks (`place: not encrypted,
    /// not authenticated`), when it has one.
    pub weakest: Option<String>,
}

/// The STRIDE-per-element table: one row per element or flow with open
/// findings of a threat with STRIDE categories, one column per category.
/// A finding of a threat with several categories counts in each.
#[derive(Clone, Debug, Serialize)]
pub struct StrideTable {
    /// The six columns, in S, T, R, I, D, E order.
    pub categories: Vec<CategoryName>,
    /// In declaration order.
    pub rows: Vec<StrideRow>,
    /// Each column's sum.
    pub totals: Vec<usize>,
    /// Open findings whose threat has no STRIDE category (every finding of
    /// pytm's library).
    pub uncategorised: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct CategoryName {
    /// `S`.
    pub letter: &'static str,
    /// `Spoofing`, as the stdlib's `Stride` enum writes it.
    pub name: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct StrideRow {
    pub element: String,
    pub name: String,
    pub kind: String,
    /// Open findings per category, in the order of `categories`.
    pub counts: Vec<usize>,
    /// Its open findings, categorised or not.
    pub open: usize,
    /// The severity of its worst open finding.
    pub worst_severity: Option<&'static str>,
    pub worst_severity_key: Option<String>,
}

/// Open findings counted by likelihood (rows) and impact (columns: the
/// `Severity` scale; a finding's severity is the two combined).
#[derive(Clone, Debug, Serialize)]
pub struct RiskMatrix {
    /// The columns: the `Severity` enum's levels, lowest first.
    pub severities: Vec<LevelName>,
    /// The `Likelihood` enum's levels, highest first, then a row for the
    /// findings whose threat rates no likelihood (`likelihood` null).
    pub rows: Vec<RiskRow>,
    /// Open findings in all.
    pub total: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelName {
    pub label: &'static str,
    pub key: String,
    pub rank: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct RiskRow {
    /// The likelihood's label, or null for the "not rated" row.
    pub likelihood: Option<&'static str>,
    pub likelihood_key: Option<String>,
    pub cells: Vec<RiskCell>,
    pub total: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct RiskCell {
    pub count: usize,
    /// `low`, `medium`, `high` or `critical` from the sum of the two
    /// ranks on scales of equal length (`unrated` in the "not rated" row):
    /// for colouring.
    pub zone: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct ModelInfo {
    pub name: String,
    pub description: String,
    /// The `///` comment above the `model` block.
    pub doc: String,
    pub attributes: Vec<Attribute>,
}

/// One attribute the model wrote (not a default), shown as text.
#[derive(Clone, Debug, Serialize)]
pub struct Attribute {
    /// Its path, e.g. `OS` or `controls.isHardened`.
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub elements: usize,
    pub flows: usize,
    pub boundaries: usize,
    pub data: usize,
    pub assumptions: usize,
    /// Findings reported: every finding not excluded by an assumption.
    pub findings: usize,
    /// Reported findings that count as open (`gate::standing`): not
    /// closed, or closed by a triage that has expired.
    pub open: usize,
    /// Reported findings closed by a triage or an override's response.
    pub closed: usize,
    /// Reported findings whose triage has expired (among `open`).
    pub expired: usize,
    /// Reported findings with an override (of any kind).
    pub overridden: usize,
    pub excluded: usize,
    /// Reported findings per status, in the stdlib's order of statuses,
    /// statuses no finding has left out.
    pub statuses: Vec<StatusCount>,
    /// Elements (and flows) with at least one reported finding.
    pub elements_with_findings: usize,
    /// Flows not encrypted in transit (as `Flow::is_encrypted` judges).
    pub cleartext: usize,
    /// Of those, the ones that cross a trust boundary.
    pub cleartext_crossings: usize,
    /// Reported findings per severity, every level of the `Severity` enum,
    /// highest first.
    pub severities: Vec<SeverityCount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatusCount {
    /// `accepted`, `in-progress`...
    pub status: &'static str,
    pub count: usize,
    /// How many of them have a triage past its review date.
    pub expired: usize,
    /// Whether the status closes a finding (until its review date).
    pub closes: bool,
}

/// One row of the risk register.
#[derive(Clone, Debug, Serialize)]
pub struct RegisterEntry {
    /// `THREAT@element`.
    pub id: String,
    pub threat_id: String,
    pub title: String,
    pub element: String,
    pub element_name: String,
    pub element_kind: String,
    pub severity: &'static str,
    pub severity_key: String,
    pub severity_rank: usize,
    pub status: &'static str,
    /// `accepted`, or `accepted, expired 2026-11-30`.
    pub status_label: String,
    pub open: bool,
    pub expired: bool,
    /// The `Triage`'s identifier; null when an override's response
    /// decides it.
    pub triage: Option<String>,
    /// The triage's justification, or the override's response.
    pub justification: Option<String>,
    pub owner: Option<String>,
    pub ticket: Option<String>,
    /// `ticket` when it is a web address that can be a link.
    pub ticket_url: Option<String>,
    /// `YYYY-MM-DD`.
    pub decided: Option<String>,
    pub review_by: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SeverityCount {
    pub severity: &'static str,
    pub severity_key: String,
    pub rank: usize,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Element {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub doc: String,
    /// Identifier and name of the boundary it sits in, if any.
    pub boundary: Option<String>,
    pub boundary_name: Option<String>,
    pub in_scope: bool,
    pub attributes: Vec<Attribute>,
    /// Reported findings on it.
    pub findings: usize,
    /// The severity of its worst reported finding.
    pub worst_severity: Option<&'static str>,
    pub worst_severity_key: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Flow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub from: String,
    pub from_id: String,
    pub to: String,
    pub to_id: String,
    /// Display names of the data it carries.
    pub data: Vec<String>,
    pub data_ids: Vec<String>,
    pub protocol: String,
    /// The destination port (`dstPort`), when known.
    pub port: Option<i64>,
    pub src_port: Option<i64>,
    /// Its step number, when it has one.
    pub order: Option<i64>,
    pub is_response: bool,
    /// Whether it is encrypted in transit as the threats judge it (the
    /// stdlib's `encryptedInTransit`: `controls.isEncrypted`, TLS 1.2 or
    /// later on it or required by its sink, or a VPN).
    pub is_encrypted: bool,
    /// The `tlsVersion` it declares; `""` for `NONE`, the default.
    pub tls_version: String,
    /// Whether its receiver verifies who sends it
    /// (`controls.authenticatesSource` on the flow or on its sink).
    pub authenticates_source: bool,
    /// Whether its sender verifies whom it sends to
    /// (`controls.authenticatesDestination` on the flow, which it takes
    /// from its source).
    pub authenticates_destination: bool,
    /// Names of the trust boundaries it crosses: those it leaves
    /// (innermost first), then those it enters (outermost first).
    pub crosses: Vec<String>,
    /// Whether it crosses a boundary without being encrypted.
    pub cleartext_crossing: bool,
    /// The highest classification of the data it carries (`""` when it
    /// carries none), and its position in the `Classification` enum.
    pub classification: String,
    pub classification_rank: usize,
    pub note: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DataItem {
    pub id: String,
    pub name: String,
    pub description: String,
    pub classification: String,
    /// Position in the `Classification` enum (0 = UNKNOWN).
    pub classification_rank: usize,
    pub format: String,
    pub is_pii: bool,
    pub is_credentials: bool,
    pub is_stored: bool,
    /// Names of the flows that carry it.
    pub carried_by: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Boundary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub doc: String,
    pub parent: Option<String>,
    pub parent_name: Option<String>,
    /// 0 for a top-level boundary, 1 inside it, and so on.
    pub depth: usize,
    /// The elements directly inside it.
    pub elements: Vec<Member>,
    /// The boundaries directly inside it.
    pub boundaries: Vec<Member>,
    /// Its trust level (`zone`: its own `trust`, else its parent's, else
    /// the model's `boundaryTrust`).
    pub trust: String,
    /// The elements inside it, those of the boundaries inside it included.
    pub elements_within: usize,
    /// Flows from outside it to an element inside it, and the other way.
    pub flows_in: usize,
    pub flows_out: usize,
    /// Of the flows in and out, those not encrypted in transit.
    pub cleartext: usize,
    /// Open findings on it and on the elements and flows inside it (a
    /// flow is inside when both its ends are), per level of
    /// `summary.severities`.
    pub open: Vec<usize>,
    /// Their sum.
    pub open_total: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub kind: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Assumption {
    pub name: String,
    pub description: String,
    /// Threat ids it rules out.
    pub excludes: Vec<String>,
    /// `model`, or the identifier of the element it is written on.
    pub scope: String,
    /// The model's or the element's name.
    pub scope_name: String,
    /// How many findings it excluded.
    pub excluded_findings: usize,
}

/// The findings on one element (or flow).
#[derive(Clone, Debug, Serialize)]
pub struct FindingGroup {
    pub element: String,
    pub name: String,
    pub kind: String,
    pub boundary_name: Option<String>,
    /// The identifiers of the boundaries it is inside, innermost first: a
    /// flow is inside those around both its ends, a boundary inside itself.
    pub within: Vec<String>,
    pub worst_severity: Option<&'static str>,
    pub worst_severity_key: Option<String>,
    /// Reported findings that count as open (expired triages' included).
    pub open: usize,
    /// Reported findings closed by a triage or a response.
    pub closed: usize,
    /// Reported findings with an override.
    pub overridden: usize,
    pub excluded: usize,
    /// Its `FindingItem`s: those that count as open first, then the
    /// closed ones, highest severity first within each; excluded last.
    pub findings: Vec<Jinja>,
}

/// A finding as templates see it: a template value whose fields are made
/// when a template reads them. The texts that come from the threat are
/// template values made once per threat and shared by all its findings,
/// and the same finding value is listed both under its element and under
/// its threat: a large model has hundreds of thousands of findings, and a
/// map of twenty values for each took most of the report's memory.
#[derive(Debug)]
pub struct FindingItem {
    /// `THREAT@element`.
    id: String,
    threat: Arc<ThreatTexts>,
    /// Where it stands (`gate::standing`).
    status: Status,
    open: bool,
    expired: bool,
    /// The label of its expired triage (`accepted, expired 2026-11-30`).
    expired_label: Option<String>,
    /// Why it has its status, when someone said.
    why: Option<String>,
    /// The triage that decides it, and the triage's identifier.
    triage: Option<(Arc<Decision>, String)>,
    /// The rating (impact and likelihood combined), after any override.
    severity: Level,
    /// The harm it does here (`rating`).
    impact: Level,
    likelihood: Option<Level>,
    /// The model's override, if it has one.
    overridden: Option<Box<Overridden>>,
    excluded_by: Option<String>,
}

/// An override's texts, as given (`None`: left to the threat's).
#[derive(Debug)]
struct Overridden {
    response: Option<String>,
    cvss: Option<String>,
    description: Option<String>,
    details: Option<String>,
    mitigations: Option<String>,
    example: Option<String>,
    /// Its `references` text, as given.
    references: Option<String>,
    /// The finding's links with that text in place of the threat's own.
    links: Option<Jinja>,
}

impl FindingItem {
    /// Its fields, as templates list them.
    pub const FIELDS: [&'static str; 31] = [
        "id",
        "threat_id",
        "threat_anchor",
        "title",
        "stride",
        "linddun",
        "status",
        "status_label",
        "open",
        "expired",
        "excluded",
        "overridden",
        "why",
        "triage",
        "severity",
        "severity_key",
        "severity_rank",
        "threat_severity",
        "impact",
        "likelihood",
        "description",
        "details",
        "prerequisites",
        "mitigations",
        "example",
        "condition",
        "references",
        "response",
        "cvss",
        "excluded_by",
        "override",
    ];

    fn own(&self, pick: impl Fn(&Overridden) -> &Option<String>) -> Option<&str> {
        self.overridden.as_deref().and_then(|o| pick(o).as_deref())
    }

    /// The override's text if it gives one, else the threat's `shared` one.
    fn text(&self, pick: impl Fn(&Overridden) -> &Option<String>, shared: &Jinja) -> Jinja {
        self.own(pick).map_or_else(|| shared.clone(), Jinja::from)
    }

    /// The `override` field: the texts the override gives in place of the
    /// threat's, or none when it gives none (or there is no override).
    fn override_texts(&self) -> Jinja {
        let Some(o) = self.overridden.as_deref() else {
            return Jinja::from(());
        };
        let texts = [
            ("description", &o.description),
            ("details", &o.details),
            ("mitigations", &o.mitigations),
            ("example", &o.example),
            ("references", &o.references),
        ];
        if texts.iter().all(|(_, t)| t.is_none()) {
            return Jinja::from(());
        }
        texts
            .iter()
            .map(|(name, t)| (*name, t.as_deref().map(Jinja::from)))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into()
    }

    fn field(&self, name: &str) -> Option<Jinja> {
        let t = &self.threat;
        let label = |l: Option<&Level>| l.map_or(Jinja::from(()), |l| Jinja::from(l.label()));
        let opt = |s: Option<&str>| s.map_or(Jinja::from(()), Jinja::from);
        Some(match name {
            "id" => Jinja::from(self.id.as_str()),
            "threat_id" => t.id.clone(),
            "threat_anchor" => t.anchor.get().cloned().unwrap_or_default(),
            "title" => t.title.clone(),
            "stride" => t.stride.clone(),
            "linddun" => t.linddun.clone(),
            "status" => Jinja::from(self.status.name()),
            "status_label" => match &self.expired_label {
                Some(label) => Jinja::from(label.as_str()),
                None => Jinja::from(self.status.name()),
            },
            "open" => Jinja::from(self.open),
            "expired" => Jinja::from(self.expired),
            "excluded" => Jinja::from(self.excluded_by.is_some()),
            "overridden" => Jinja::from(self.overridden.is_some()),
            "why" => opt(self.why.as_deref()),
            "triage" => match &self.triage {
                Some((d, id)) => triage_value(d, id),
                None => Jinja::from(()),
            },
            "severity" => Jinja::from(self.severity.label()),
            "severity_key" => Jinja::from(key(&self.severity)),
            "severity_rank" => Jinja::from(self.severity.rank),
            "threat_severity" => t.severity.clone(),
            "impact" => Jinja::from(self.impact.label()),
            "likelihood" => label(self.likelihood.as_ref()),
            // A threat's description is its title.
            "description" => self.text(|o| &o.description, &t.title),
            "details" => self.text(|o| &o.details, &t.details),
            "prerequisites" => t.prerequisites.clone(),
            "mitigations" => self.text(|o| &o.mitigations, &t.mitigations),
            "example" => self.text(|o| &o.example, &t.example),
            "condition" => t.condition.clone(),
            "references" => match self.overridden.as_deref().and_then(|o| o.links.as_ref()) {
                Some(own) => own.clone(),
                None => t.references.clone(),
            },
            "response" => opt(self.own(|o| &o.response)),
            "cvss" => opt(self.own(|o| &o.cvss)),
            "excluded_by" => opt(self.excluded_by.as_deref()),
            "override" => self.override_texts(),
            _ => return None,
        })
    }
}

/// A triage as templates see it: `{id, status, justification, owner,
/// ticket, ticket_url, decided, review_by, expired}`, texts not given as
/// none.
fn triage_value(d: &Decision, id: &str) -> Jinja {
    let given = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    let day = |d: Option<tmc_compiler::triage::Date>| d.map(|d| d.to_string());
    let mut map = std::collections::BTreeMap::new();
    map.insert("id", Jinja::from(id));
    map.insert("status", Jinja::from(d.status.name()));
    map.insert("justification", Jinja::from(given(&d.justification)));
    map.insert("owner", Jinja::from(given(&d.owner)));
    map.insert("ticket", Jinja::from(given(&d.ticket)));
    map.insert("ticket_url", Jinja::from(ticket_url(&d.ticket)));
    map.insert("decided", Jinja::from(day(d.decided)));
    map.insert("review_by", Jinja::from(day(d.review_by)));
    map.insert("expired", Jinja::from(d.expired));
    Jinja::from(map)
}

/// A ticket that is a web address a link can hold (as references are
/// linked): the link's target; none otherwise.
fn ticket_url(ticket: &str) -> Option<String> {
    let t = ticket.trim();
    let is_url = (t.starts_with("https://") || t.starts_with("http://"))
        && crate::escape::markdown::fits_link(t);
    is_url.then(|| t.to_string())
}

impl minijinja::value::Object for FindingItem {
    fn get_value(self: &Arc<Self>, key: &Jinja) -> Option<Jinja> {
        self.field(key.as_str()?)
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&FindingItem::FIELDS)
    }
}

/// A threat with findings in the report, with its texts (once for all its
/// findings) and its findings.
#[derive(Clone, Debug, Serialize)]
pub struct ThreatEntry {
    pub id: Jinja,
    pub title: Jinja,
    /// Its STRIDE categories' letters in S, T, R, I, D, E order (`S T I`),
    /// or `""`.
    pub stride: Jinja,
    /// Its STRIDE categories, as written.
    pub stride_names: Vec<String>,
    /// Its LINDDUN categories, as written.
    pub linddun: Jinja,
    /// The threat's own severity, before any override.
    pub severity: Jinja,
    pub severity_key: String,
    pub severity_rank: usize,
    pub likelihood: Option<&'static str>,
    pub details: Jinja,
    pub prerequisites: Jinja,
    pub mitigations: Jinja,
    pub example: Jinja,
    pub condition: Jinja,
    /// A list of `Link`s.
    pub references: Jinja,
    /// Its reported findings (open and overridden), in element order: the
    /// same `FindingItem` values as under `Report::findings`. Empty in a
    /// summary, which counts them only.
    pub findings: Vec<Jinja>,
    /// Its findings excluded by an assumption (empty in a summary).
    pub excluded: Vec<Jinja>,
    /// How many findings it has: reported, of those open
    /// (`gate::standing`), and excluded; in either scope.
    pub findings_count: usize,
    pub open_count: usize,
    pub excluded_count: usize,
    /// The id in lower case: the anchor that GitHub and pandoc give a
    /// Markdown heading that is the threat id. Threat ids that differ only
    /// in case get `-1`, `-2`, ... in list order, as the headings would.
    pub anchor: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub label: String,
    /// None for a reference that is not a web address.
    pub url: Option<String>,
}

/// The report's diagrams, each drawn the first time it is asked for:
/// laying out the SVG of a large model takes seconds, and the Markdown
/// template does not use it.
#[derive(Debug)]
pub struct Diagrams {
    dfd: ir::Dfd,
    /// None for a boundary's diagram, which has no sequence diagram.
    seq: Option<ir::Seq>,
    drawn: [OnceLock<String>; 5],
}

impl Diagrams {
    /// What templates find under `diagrams`: the DFD as Mermaid, as
    /// inline-ready SVG (no XML declaration) and as that SVG in a `data:`
    /// address (for an `<img>`, whose ids cannot clash with the page's),
    /// the sequence diagram as Mermaid and as PlantUML.
    pub const NAMES: [&'static str; 5] = [
        "dfd_mermaid",
        "dfd_svg",
        "dfd_svg_uri",
        "seq_mermaid",
        "seq_plantuml",
    ];

    pub fn new(dfd: ir::Dfd, seq: Option<ir::Seq>) -> Diagrams {
        Diagrams {
            dfd,
            seq,
            drawn: Default::default(),
        }
    }

    /// The diagram called `name` (one of `NAMES`); None for a sequence
    /// diagram when there is none.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = Diagrams::NAMES.iter().position(|n| *n == name)?;
        if i >= 3 && self.seq.is_none() {
            return None;
        }
        let drawn = self.drawn[i].get_or_init(|| match i {
            0 => mermaid::dfd(&self.dfd),
            1 => {
                let svg_text = svg::render(&self.dfd);
                match svg_text.split_once("?>\n") {
                    Some((decl, rest)) if decl.starts_with("<?xml") => rest.to_string(),
                    _ => svg_text,
                }
            }
            2 => data_uri("image/svg+xml", &svg::render(&self.dfd)),
            3 => self.seq.as_ref().map(mermaid::seq).unwrap_or_default(),
            _ => self.seq.as_ref().map(plantuml::seq).unwrap_or_default(),
        });
        Some(drawn)
    }
}

/// `text` as a `data:` address of type `mime` (RFC 2397), every byte but
/// the unreserved ones of RFC 3986 percent-encoded.
fn data_uri(mime: &str, text: &str) -> String {
    let mut out = format!("data:{mime};charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl minijinja::value::Object for Diagrams {
    fn get_value(self: &Arc<Self>, key: &Jinja) -> Option<Jinja> {
        self.get(key.as_str()?).map(Jinja::from)
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&Diagrams::NAMES)
    }
}

/// Gathers the report's data; a summary (`scope`) leaves the elements,
/// flows and findings out of it, but for the flows that cross a boundary in
/// clear text.
pub fn context(
    schema: &Schema,
    model: &Model,
    library: &Library,
    findings: &[Finding],
    scope: Scope,
) -> Report {
    let levels = severity_levels(schema, findings);
    let own = tmc_compiler::findings::by_target(findings, model.objects.len());
    let (groups, threats) = finding_groups(model, library, &own, scope);
    let register = register(model, library, &own);
    let assumptions = assumptions(model, findings);
    let dfd = ir::dfd(
        schema,
        model,
        findings,
        &ir::DfdOptions {
            colormap: true,
            ..Default::default()
        },
    );
    let stride = stride_table(model, library, &own, scope);
    let risk = risk_matrix(schema, findings, &levels);
    let encrypted = tmc_compiler::paths::encrypted_in_transit(model, &library.predicates);
    let crossed: Vec<Crossed> = model.flows().map(|f| crossed(model, f)).collect();
    let tallies = boundary_tallies(model, &own, &levels, &crossed, &encrypted);
    let summary = summary(
        model,
        findings,
        &levels,
        &own,
        assumptions.len(),
        (&crossed, &encrypted),
    );
    let listed: Vec<&Crossed> = match scope {
        Scope::Full => crossed.iter().collect(),
        Scope::Summary => crossed
            .iter()
            .filter(|c| c.is_cleartext_crossing(&encrypted))
            .take(SUMMARY_FLOWS)
            .collect(),
    };
    let (boundary_diagrams, seq) = match scope {
        Scope::Full => (Vec::new(), Some(ir::seq(schema, model))),
        Scope::Summary => (boundary_diagrams(model, &dfd, &tallies, &levels), None),
    };
    Report {
        tmc_version: env!("CARGO_PKG_VERSION").to_string(),
        model: ModelInfo {
            name: model.header.name.clone(),
            description: text(&model.header.attrs, DESCRIPTION),
            doc: model.header.docs.clone(),
            attributes: attributes(
                model,
                &model.header.attrs,
                &all_written(&model.header.attrs),
            ),
        },
        summary,
        elements: match scope {
            Scope::Full => model
                .elements()
                .map(|id| element(model, &own[id.index()], id))
                .collect(),
            Scope::Summary => Vec::new(),
        },
        flows: listed
            .into_iter()
            .map(|c| flow(model, c, encrypted[c.flow.index()]))
            .collect(),
        data: model.data().map(|id| data_item(model, id)).collect(),
        boundaries: boundaries(model, &tallies),
        assumptions,
        findings: groups,
        register,
        threats,
        diagrams: Jinja::from_object(Diagrams::new(dfd, seq)),
        library: library.origin.describe(),
        stride,
        risk,
        attack_paths: attack_paths(model, library, findings),
        top_risks: top_risks(model, library, findings),
        scope,
        kinds: kinds(model, &own, &levels),
        boundary_diagrams,
        diagram_elements: DIAGRAM_ELEMENTS,
    }
}

/// The elements by kind, in order of each kind's first element, with their
/// open findings per level of `levels`.
fn kinds(model: &Model, own: &[Vec<&Finding>], levels: &[Level]) -> Vec<KindRow> {
    let mut rows: Vec<KindRow> = Vec::new();
    let mut index: crate::Map<&str, usize> = Default::default();
    for id in model.elements() {
        let kind = model.object(id).kind.as_str();
        let at = *index.entry(kind).or_insert_with(|| {
            rows.push(KindRow {
                kind: kind.to_string(),
                elements: 0,
                with_open: 0,
                open: vec![0; levels.len()],
                open_total: 0,
            });
            rows.len() - 1
        });
        let row = &mut rows[at];
        row.elements += 1;
        let open = count_open(&own[id.index()], levels, &mut row.open);
        row.open_total += open;
        row.with_open += usize::from(open > 0);
    }
    rows
}

/// Adds the open findings of `own` to `counts`, one count per level of
/// `levels`; how many it added.
fn count_open(own: &[&Finding], levels: &[Level], counts: &mut [usize]) -> usize {
    let mut added = 0;
    for f in own.iter().filter(|f| gate::standing(f).is_open()) {
        if let Some(level) = levels.iter().position(|l| l.rank == f.severity.rank) {
            counts[level] += 1;
            added += 1;
        }
    }
    added
}

/// The diagrams of a summary: the boundaries that hold at most
/// `DIAGRAM_ELEMENTS` elements and have open findings, worst first (the
/// level of their worst open finding, then how many findings of that
/// level, then how many open findings in all, then declaration order),
/// at most `BOUNDARY_DIAGRAMS` of them, none inside another one drawn.
fn boundary_diagrams(
    model: &Model,
    dfd: &ir::Dfd,
    tallies: &crate::Map<ObjectId, Tally>,
    levels: &[Level],
) -> Vec<BoundaryDiagram> {
    let worst = |t: &Tally| t.open.iter().position(|n| *n > 0);
    let mut candidates: Vec<(ObjectId, &Tally, usize)> = model
        .boundaries()
        .filter_map(|b| {
            let t = tallies.get(&b)?;
            let level = worst(t)?;
            (t.elements > 0 && t.elements <= DIAGRAM_ELEMENTS).then_some((b, t, level))
        })
        .collect();
    candidates.sort_by_key(|(b, t, level)| {
        let total: usize = t.open.iter().sum();
        (
            *level,
            std::cmp::Reverse(t.open[*level]),
            std::cmp::Reverse(total),
            *b,
        )
    });
    let mut drawn: Vec<ObjectId> = Vec::new();
    let mut out = Vec::new();
    for (b, t, level) in candidates {
        if out.len() == BOUNDARY_DIAGRAMS {
            break;
        }
        let nested = |outer: ObjectId, inner: ObjectId| around(model, inner).any(|a| a == outer);
        if drawn.iter().any(|d| nested(*d, b) || nested(b, *d)) {
            continue;
        }
        let o = model.object(b);
        let Some(part) = ir::part(dfd, &o.id) else {
            continue;
        };
        drawn.push(b);
        out.push(BoundaryDiagram {
            id: o.id.clone(),
            name: o.name.clone(),
            elements_within: t.elements,
            open_total: t.open.iter().sum(),
            worst_severity: levels[level].label(),
            worst_severity_key: key(&levels[level]),
            diagrams: Jinja::from_object(Diagrams::new(part, None)),
        });
    }
    out
}

/// The `TOP_RISKS` worst open findings: highest severity, then
/// likelihood (unrated last), then impact, then by threat id and element
/// id. Picks them without sorting every finding.
fn top_risks(model: &Model, library: &Library, findings: &[Finding]) -> Vec<TopRisk> {
    let mut open: Vec<&Finding> = findings
        .iter()
        .filter(|f| gate::standing(f).is_open())
        .collect();
    let order = |a: &&Finding, b: &&Finding| {
        let key = |f: &Finding| {
            (
                std::cmp::Reverse(f.severity.rank),
                std::cmp::Reverse(f.likelihood.map(|l| l.rank)),
                std::cmp::Reverse(f.impact.rank),
                library.threats[f.threat].id.as_str(),
                model.object(f.target).id.as_str(),
            )
        };
        key(a).cmp(&key(b))
    };
    if open.len() > TOP_RISKS {
        open.select_nth_unstable_by(TOP_RISKS - 1, order);
        open.truncate(TOP_RISKS);
    }
    open.sort_by(order);
    open.into_iter()
        .map(|f| {
            let threat = &library.threats[f.threat];
            let target = model.object(f.target);
            TopRisk {
                id: tmc_compiler::findings::finding_id(threat, target),
                threat_id: threat.id.clone(),
                title: f
                    .text(threat, tmc_compiler::findings::Text::Description)
                    .to_string(),
                element: target.id.clone(),
                element_name: target.name.clone(),
                element_kind: target.kind.clone(),
                severity: f.severity.label(),
                severity_key: key(&f.severity),
                likelihood: f.likelihood.as_ref().map(Level::label),
                impact: f.impact.label(),
                expired: gate::standing(f).is_expired(),
            }
        })
        .collect()
}

/// A flow and the boundaries it leaves and enters, by id, found once for
/// the Dataflows table and the boundaries' counts.
struct Crossed {
    flow: ObjectId,
    leaves: Vec<ObjectId>,
    enters: Vec<ObjectId>,
}

impl Crossed {
    /// Whether the flow crosses a boundary and is not encrypted in transit
    /// (`encrypted`, by object index).
    fn is_cleartext_crossing(&self, encrypted: &[bool]) -> bool {
        let crosses = !self.leaves.is_empty() || !self.enters.is_empty();
        crosses && !encrypted[self.flow.index()]
    }
}

fn crossed(model: &Model, flow: ObjectId) -> Crossed {
    let (leaves, enters) = match model.object(flow).role {
        Role::Flow { source, sink } => tmc_compiler::paths::boundaries_crossed(model, source, sink),
        _ => Default::default(),
    };
    Crossed {
        flow,
        leaves,
        enters,
    }
}

/// The boundaries around `id`, innermost first (bounded, so a cycle the
/// checker would refuse cannot hang it), without allocating.
fn around(model: &Model, id: ObjectId) -> impl Iterator<Item = ObjectId> + '_ {
    let mut at = model.object(id).boundary;
    let mut steps = 0;
    std::iter::from_fn(move || {
        let b = at.filter(|_| steps <= model.objects.len())?;
        steps += 1;
        at = model.object(b).boundary;
        Some(b)
    })
}

/// The boundaries `o` is inside, innermost first: those around an
/// element; those around both ends of a flow; a boundary and those around
/// it.
fn within(model: &Model, id: ObjectId) -> Vec<ObjectId> {
    match model.object(id).role {
        Role::Flow { source, sink } => {
            let outer: Vec<ObjectId> = around(model, sink).collect();
            around(model, source)
                .filter(|b| outer.contains(b))
                .collect()
        }
        Role::Boundary => std::iter::once(id).chain(around(model, id)).collect(),
        _ => around(model, id).collect(),
    }
}

/// What the per-boundary summary counts for one boundary.
#[derive(Clone, Debug, Default)]
struct Tally {
    elements: usize,
    flows_in: usize,
    flows_out: usize,
    cleartext: usize,
    /// Open findings per level of `levels` (empty until one is counted).
    open: Vec<usize>,
}

/// Each boundary's `Tally`, in one pass over the elements, the flows
/// (`crossed`) and the findings (`own`, by object); `levels` are the
/// severity levels, highest first.
fn boundary_tallies(
    model: &Model,
    own: &[Vec<&Finding>],
    levels: &[Level],
    crossed: &[Crossed],
    encrypted: &[bool],
) -> crate::Map<ObjectId, Tally> {
    let mut tallies: crate::Map<ObjectId, Tally> =
        model.boundaries().map(|b| (b, Tally::default())).collect();
    if tallies.is_empty() {
        return tallies;
    }
    for e in model.elements() {
        for b in around(model, e) {
            tallies.entry(b).or_default().elements += 1;
        }
    }
    // Each flow's crossings, by object index, for its findings below.
    let mut leaves: Vec<&[ObjectId]> = vec![&[]; model.objects.len()];
    for c in crossed {
        let clear = usize::from(!encrypted[c.flow.index()]);
        for b in &c.leaves {
            let t = tallies.entry(*b).or_default();
            t.flows_out += 1;
            t.cleartext += clear;
        }
        for b in &c.enters {
            let t = tallies.entry(*b).or_default();
            t.flows_in += 1;
            t.cleartext += clear;
        }
        leaves[c.flow.index()] = &c.leaves;
    }
    let mut counts = vec![0; levels.len()];
    for (i, own) in own.iter().enumerate() {
        counts.fill(0);
        if count_open(own, levels, &mut counts) == 0 {
            continue;
        }
        let id = ObjectId(i as u32);
        // What it is inside: an element's boundaries, a boundary itself
        // and those around it, the boundaries around both ends of a flow.
        let inside: Vec<ObjectId> = match model.object(id).role {
            Role::Element => around(model, id).collect(),
            Role::Boundary => std::iter::once(id).chain(around(model, id)).collect(),
            Role::Flow { source, .. } => around(model, source)
                .filter(|b| !leaves[i].contains(b))
                .collect(),
            _ => Vec::new(),
        };
        for b in inside {
            let open = &mut tallies.entry(b).or_default().open;
            open.resize(levels.len(), 0);
            for (total, n) in open.iter_mut().zip(&counts) {
                *total += n;
            }
        }
    }
    tallies
}

/// The reported findings of path threats, highest severity first (stable:
/// otherwise in the findings' order).
fn attack_paths(model: &Model, library: &Library, findings: &[Finding]) -> Vec<AttackPath> {
    let mut found: Vec<(&Finding, &tmc_compiler::paths::found::FoundPath)> = findings
        .iter()
        .filter(|f| !f.is_excluded())
        .filter_map(|f| Some((f, f.path.as_deref()?)))
        .collect();
    found.sort_by_key(|(f, _)| std::cmp::Reverse(f.severity.rank));
    found
        .into_iter()
        .map(|(f, p)| {
            let threat = &library.threats[f.threat];
            let target = model.object(f.target);
            let id = |o: &ObjectId| model.object(*o).id.clone();
            AttackPath {
                id: tmc_compiler::findings::finding_id(threat, target),
                threat_id: threat.id.clone(),
                title: f
                    .text(threat, tmc_compiler::findings::Text::Description)
                    .to_string(),
                target: target.id.clone(),
                target_name: target.name.clone(),
                severity: f.severity.label().to_string(),
                severity_key: key(&f.severity),
                open: gate::standing(f).is_open(),
                from: p.from.clone(),
                elements: p.elements.iter().map(id).collect(),
                hops: p.flows.len(),
                weakest: p
                    .weakest_label(model)
                    .and_then(|l| Some(format!("{}: {l}", p.weakest_flow(model)?))),
            }
        })
        .collect()
}

/// The levels of the `Severity` enum, highest first (or, without one, the
/// levels the findings use).
fn severity_levels(schema: &Schema, findings: &[Finding]) -> Vec<Level> {
    let mut levels = levels(
        schema,
        SEVERITY_ENUM.name(),
        findings.iter().map(|f| f.severity),
    );
    levels.sort_by_key(|l| std::cmp::Reverse(l.rank));
    levels
}

/// The members of the enum `name` as levels, with any other level `used`
/// (a schema without the enum), in no particular order.
fn levels(schema: &Schema, name: &str, used: impl Iterator<Item = Level>) -> Vec<Level> {
    let mut levels: Vec<Level> = match schema.enumeration(name) {
        Some(e) => e
            .members
            .iter()
            .enumerate()
            .map(|(rank, m)| Level::new(&m.name, rank))
            .collect(),
        None => Vec::new(),
    };
    for l in used {
        if !levels.iter().any(|x| x.rank == l.rank) {
            levels.push(l);
        }
    }
    levels
}

/// `VeryHigh` -> `very-high`: for CSS classes.
fn key(level: &Level) -> String {
    level.label().to_lowercase().replace(' ', "-")
}

fn summary(
    model: &Model,
    findings: &[Finding],
    levels: &[Level],
    own: &[Vec<&Finding>],
    assumptions: usize,
    (crossed, encrypted): (&[Crossed], &[bool]),
) -> Summary {
    let s = model.summary();
    let reported: Vec<&Finding> = findings.iter().filter(|f| !f.is_excluded()).collect();
    let overridden = reported.iter().filter(|f| f.overridden.is_some()).count();
    let mut counts = [(0, 0); Status::ALL.len()];
    let (mut open, mut expired) = (0, 0);
    for f in &reported {
        let standing = gate::standing(f);
        let count = &mut counts[standing.status as usize];
        count.0 += 1;
        count.1 += usize::from(standing.is_expired());
        open += usize::from(standing.is_open());
        expired += usize::from(standing.is_expired());
    }
    Summary {
        elements: s.elements,
        flows: s.flows,
        boundaries: s.boundaries,
        data: s.data,
        assumptions,
        findings: reported.len(),
        open,
        closed: reported.len() - open,
        expired,
        overridden,
        excluded: findings.len() - reported.len(),
        statuses: Status::ALL
            .iter()
            .zip(counts)
            .filter(|(_, (count, _))| *count > 0)
            .map(|(status, (count, expired))| StatusCount {
                status: status.name(),
                count,
                expired,
                closes: status.closes(),
            })
            .collect(),
        elements_with_findings: own
            .iter()
            .filter(|own| own.iter().any(|f| !f.is_excluded()))
            .count(),
        cleartext: crossed
            .iter()
            .filter(|c| !encrypted[c.flow.index()])
            .count(),
        cleartext_crossings: crossed
            .iter()
            .filter(|c| c.is_cleartext_crossing(encrypted))
            .count(),
        severities: levels
            .iter()
            .map(|l| SeverityCount {
                severity: l.label(),
                severity_key: key(l),
                rank: l.rank,
                count: reported
                    .iter()
                    .filter(|f| f.severity.rank == l.rank)
                    .count(),
            })
            .collect(),
    }
}

/// An element with `own`, its findings.
fn element(model: &Model, own: &[&Finding], id: ObjectId) -> Element {
    let o = model.object(id);
    let boundary = o.boundary.map(|b| model.object(b));
    let worst = tmc_compiler::findings::worst(own);
    Element {
        id: o.id.clone(),
        name: o.name.clone(),
        kind: o.kind.clone(),
        description: text(&o.attrs, DESCRIPTION),
        doc: o.docs.clone(),
        boundary: boundary.map(|b| b.id.clone()),
        boundary_name: boundary.map(|b| b.name.clone()),
        in_scope: known::in_scope(&o.attrs),
        attributes: attributes(model, &o.attrs, &o.written),
        findings: own.iter().filter(|f| !f.is_excluded()).count(),
        worst_severity: worst.map(Level::label),
        worst_severity_key: worst.map(key),
    }
}

/// A flow of the Dataflows table; `encrypted` as the threats judge it.
fn flow(model: &Model, crossed: &Crossed, encrypted: bool) -> Flow {
    let o = model.object(crossed.flow);
    let (source, sink) = match o.role {
        Role::Flow { source, sink } => (model.object(source), model.object(sink)),
        _ => (o, o),
    };
    let carried: Vec<&Object> = refs(o.attrs.get(DATA.name()))
        .map(|d| model.object(d))
        .collect();
    let port = |known: Known| match o.attrs.get(known.name()) {
        Some(Value::Int(n)) if *n >= 0 => Some(*n),
        _ => None,
    };
    let crossing: Vec<ObjectId> = crossed
        .leaves
        .iter()
        .chain(&crossed.enters)
        .copied()
        .collect();
    let highest = carried
        .iter()
        .filter_map(|d| match d.attrs.get(CLASSIFICATION.name()) {
            Some(Value::Enum { member, rank, .. }) => Some((member, *rank)),
            _ => None,
        })
        .max_by_key(|(_, rank)| *rank);
    Flow {
        id: o.id.clone(),
        name: o.name.clone(),
        description: text(&o.attrs, DESCRIPTION),
        from: source.name.clone(),
        from_id: source.id.clone(),
        to: sink.name.clone(),
        to_id: sink.id.clone(),
        data: carried.iter().map(|d| d.name.clone()).collect(),
        data_ids: carried.iter().map(|d| d.id.clone()).collect(),
        protocol: text(&o.attrs, PROTOCOL),
        port: port(DST_PORT),
        src_port: port(SRC_PORT),
        order: port(ORDER),
        is_response: flag(&o.attrs, IS_RESPONSE),
        is_encrypted: encrypted,
        tls_version: match o.attrs.get(TLS_VERSION.name()) {
            // The lowest member, `NONE`: no version declared.
            Some(Value::Enum { rank: 0, .. }) | None => String::new(),
            Some(v) => show(model, v),
        },
        authenticates_source: flag(&o.attrs, CONTROLS_AUTHENTICATES_SOURCE)
            || flag(&sink.attrs, CONTROLS_AUTHENTICATES_SOURCE),
        authenticates_destination: flag(&o.attrs, CONTROLS_AUTHENTICATES_DESTINATION),
        crosses: crossing
            .iter()
            .map(|b| model.object(*b).name.clone())
            .collect(),
        cleartext_crossing: !encrypted && !crossing.is_empty(),
        classification: highest.map_or(String::new(), |(member, _)| member.to_string()),
        classification_rank: highest.map_or(0, |(_, rank)| rank),
        note: text(&o.attrs, NOTE),
        attributes: attributes(model, &o.attrs, &o.written),
    }
}

fn data_item(model: &Model, id: ObjectId) -> DataItem {
    let o = model.object(id);
    let (classification, classification_rank) = match o.attrs.get(CLASSIFICATION.name()) {
        Some(Value::Enum { member, rank, .. }) => (member.to_string(), *rank),
        _ => (String::new(), 0),
    };
    DataItem {
        id: o.id.clone(),
        name: o.name.clone(),
        description: text(&o.attrs, DESCRIPTION),
        classification,
        classification_rank,
        format: text(&o.attrs, FORMAT),
        is_pii: flag(&o.attrs, IS_PII),
        is_credentials: flag(&o.attrs, IS_CREDENTIALS),
        is_stored: flag(&o.attrs, IS_STORED),
        carried_by: refs(o.attrs.get(CARRIED_BY.name()))
            .map(|f| model.object(f).name.clone())
            .collect(),
    }
}

/// Boundaries in tree order: each parent before its children, each with
/// its `Tally`.
fn boundaries(model: &Model, tallies: &crate::Map<ObjectId, Tally>) -> Vec<Boundary> {
    let mut out = Vec::new();
    let roots: Vec<ObjectId> = model
        .boundaries()
        .filter(|b| model.object(*b).boundary.is_none())
        .collect();
    for b in roots {
        boundary_tree(model, tallies, b, 0, &mut out);
    }
    out
}

fn boundary_tree(
    model: &Model,
    tallies: &crate::Map<ObjectId, Tally>,
    id: ObjectId,
    depth: usize,
    out: &mut Vec<Boundary>,
) {
    let o = model.object(id);
    let parent = o.boundary.map(|p| model.object(p));
    let member = |c: ObjectId| {
        let m = model.object(c);
        Member {
            id: m.id.clone(),
            name: m.name.clone(),
            kind: m.kind.clone(),
        }
    };
    let children: Vec<ObjectId> = model.children(id).collect();
    let is = |c: &&ObjectId, role: Role| model.object(**c).role == role;
    let none = Tally::default();
    let tally = tallies.get(&id).unwrap_or(&none);
    out.push(Boundary {
        trust: o
            .attrs
            .get(ZONE.name())
            .map_or(String::new(), |v| show(model, v)),
        elements_within: tally.elements,
        flows_in: tally.flows_in,
        flows_out: tally.flows_out,
        cleartext: tally.cleartext,
        open_total: tally.open.iter().sum(),
        open: tally.open.clone(),
        id: o.id.clone(),
        name: o.name.clone(),
        description: text(&o.attrs, DESCRIPTION),
        doc: o.docs.clone(),
        parent: parent.map(|p| p.id.clone()),
        parent_name: parent.map(|p| p.name.clone()),
        depth,
        elements: children
            .iter()
            .filter(|c| is(c, Role::Element))
            .map(|c| member(*c))
            .collect(),
        boundaries: children
            .iter()
            .filter(|c| is(c, Role::Boundary))
            .map(|c| member(*c))
            .collect(),
    });
    for c in children.iter().filter(|c| is(c, Role::Boundary)) {
        boundary_tree(model, tallies, *c, depth + 1, out);
    }
}

/// The model's assumptions, then each element's, in declaration order,
/// each with the number of findings it rules out.
fn assumptions(model: &Model, findings: &[Finding]) -> Vec<Assumption> {
    let mut ruled_out: crate::Map<Assumed, usize> = Default::default();
    for at in findings.iter().filter_map(|f| f.excluded_at) {
        *ruled_out.entry(at).or_default() += 1;
    }
    let mut out = Vec::new();
    let mut add = |attrs: &Attrs, scope: &str, scope_name: &str, object: Option<ObjectId>| {
        for (index, r) in records(attrs.get(ASSUMPTIONS.name())).enumerate() {
            out.push(Assumption {
                name: text(r, NAME),
                description: text(r, DESCRIPTION),
                excludes: strings(r.get(EXCLUDE.name())),
                scope: scope.to_string(),
                scope_name: scope_name.to_string(),
                excluded_findings: ruled_out
                    .get(&Assumed { object, index })
                    .copied()
                    .unwrap_or(0),
            });
        }
    };
    add(&model.header.attrs, "model", &model.header.name, None);
    for (i, o) in model.objects.iter().enumerate() {
        add(&o.attrs, &o.id, &o.name, Some(ObjectId(i as u32)));
    }
    out
}

/// Each object's findings (`own`, by object index), worst first; and the
/// threats with findings, each listing the same finding values.
fn finding_groups(
    model: &Model,
    library: &Library,
    own: &[Vec<&Finding>],
    scope: Scope,
) -> (Vec<FindingGroup>, Vec<ThreatEntry>) {
    let mut groups = Vec::new();
    let mut texts: Vec<Option<Arc<ThreatTexts>>> = vec![None; library.threats.len()];
    // Each threat's reported and excluded findings, and how many of each.
    let mut by_threat: Vec<(Vec<Jinja>, Vec<Jinja>)> =
        vec![(Vec::new(), Vec::new()); library.threats.len()];
    // Reported, open, excluded.
    let mut counted = vec![[0; 3]; library.threats.len()];
    for (i, (o, own)) in model.objects.iter().zip(own).enumerate() {
        for f in own {
            let t = f.threat.index();
            texts[t].get_or_insert_with(|| Arc::new(ThreatTexts::of(&library.threats[t])));
            let c = &mut counted[t];
            match f.is_excluded() {
                true => c[2] += 1,
                false => {
                    c[0] += 1;
                    c[1] += usize::from(gate::standing(f).is_open());
                }
            }
        }
        let mut own = own.clone();
        if own.is_empty() || scope == Scope::Summary {
            continue;
        }
        own.sort_by_key(|f| {
            (
                f.is_excluded(),
                !gate::standing(f).is_open(),
                std::cmp::Reverse(f.severity.rank),
            )
        });
        // Open, closed, overridden, excluded.
        let mut counts = [0; 4];
        let items: Vec<Jinja> = own
            .iter()
            .map(|f| {
                let t = f.threat;
                let texts = texts[t.index()]
                    .get_or_insert_with(|| Arc::new(ThreatTexts::of(&library.threats[t])));
                let item = finding_item(model, texts, &library.threats[t], o, f);
                let excluded_by = item.excluded_by.is_some();
                if excluded_by {
                    counts[3] += 1;
                } else {
                    counts[usize::from(!item.open)] += 1;
                    counts[2] += usize::from(item.overridden.is_some());
                }
                let item = Jinja::from_object(item);
                let (reported, excluded) = &mut by_threat[t.index()];
                match excluded_by {
                    true => excluded.push(item.clone()),
                    false => reported.push(item.clone()),
                }
                item
            })
            .collect();
        let worst = tmc_compiler::findings::worst(&own);
        groups.push(FindingGroup {
            element: o.id.clone(),
            name: o.name.clone(),
            kind: o.kind.clone(),
            boundary_name: o.boundary.map(|b| model.object(b).name.clone()),
            within: within(model, ObjectId(i as u32))
                .into_iter()
                .map(|b| model.object(b).id.clone())
                .collect(),
            worst_severity: worst.map(Level::label),
            worst_severity_key: worst.map(key),
            open: counts[0],
            closed: counts[1],
            overridden: counts[2],
            excluded: counts[3],
            findings: items,
        });
    }
    let mut order: Vec<usize> = (0..library.threats.len())
        .filter(|t| texts[*t].is_some())
        .collect();
    order.sort_by_key(|t| (std::cmp::Reverse(library.threats[*t].severity.rank), *t));
    let mut anchors = std::collections::HashSet::new();
    let threats = order
        .into_iter()
        .filter_map(|t| {
            let threat = &library.threats[t];
            let texts = texts[t].take()?;
            let (findings, excluded) = std::mem::take(&mut by_threat[t]);
            let [findings_count, open_count, excluded_count] = counted[t];
            let anchor = unique_anchor(&threat.id, &mut anchors);
            texts.anchor.get_or_init(|| Jinja::from(anchor.as_str()));
            Some(ThreatEntry {
                id: texts.id.clone(),
                title: texts.title.clone(),
                stride: texts.stride.clone(),
                stride_names: threat.stride.clone(),
                linddun: texts.linddun.clone(),
                severity: texts.severity.clone(),
                severity_key: key(&threat.severity),
                severity_rank: threat.severity.rank,
                likelihood: threat.likelihood.as_ref().map(Level::label),
                details: texts.details.clone(),
                prerequisites: texts.prerequisites.clone(),
                mitigations: texts.mitigations.clone(),
                example: texts.example.clone(),
                condition: texts.condition.clone(),
                references: texts.references.clone(),
                findings,
                excluded,
                findings_count,
                open_count,
                excluded_count,
                anchor,
            })
        })
        .collect();
    (groups, threats)
}

/// `id` in lower case, as GitHub and pandoc make the anchor of a heading
/// that is only an identifier; `-1`, `-2`, ... added as they add them when
/// an earlier heading (in `used`) has the same anchor.
fn unique_anchor(id: &str, used: &mut std::collections::HashSet<String>) -> String {
    let base = id.to_lowercase();
    let mut anchor = base.clone();
    let mut n = 0;
    while used.contains(&anchor) {
        n += 1;
        anchor = format!("{base}-{n}");
    }
    used.insert(anchor.clone());
    anchor
}

/// A threat's texts as template values, made once per threat.
#[derive(Debug)]
struct ThreatTexts {
    id: Jinja,
    /// Its `ThreatEntry::anchor`, set once every threat's is known.
    anchor: OnceLock<Jinja>,
    title: Jinja,
    /// STRIDE letters (`S T I`).
    stride: Jinja,
    /// LINDDUN categories, a list.
    linddun: Jinja,
    severity: Jinja,
    details: Jinja,
    prerequisites: Jinja,
    mitigations: Jinja,
    example: Jinja,
    condition: Jinja,
    references: Jinja,
}

impl ThreatTexts {
    fn of(t: &Threat) -> ThreatTexts {
        let text = |s: &str| Jinja::from(s);
        ThreatTexts {
            id: text(&t.id),
            anchor: OnceLock::new(),
            title: text(&t.title),
            stride: Jinja::from(tmc_compiler::category::stride_letters(t)),
            linddun: Jinja::from(t.linddun.clone()),
            severity: Jinja::from(t.severity.label()),
            details: text(&t.details),
            prerequisites: text(&t.prerequisites),
            mitigations: text(&t.mitigations),
            example: text(&t.example),
            condition: text(&t.condition_text),
            references: Jinja::from(minijinja::value::Serde(references(t, None))),
        }
    }
}

/// A finding of `threat` on `target`; `texts` are the threat's.
fn finding_item(
    model: &Model,
    texts: &Arc<ThreatTexts>,
    threat: &Threat,
    target: &Object,
    f: &Finding,
) -> FindingItem {
    let given = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    let standing = gate::standing(f);
    let triage = standing
        .triage()
        .and(f.triage.as_ref())
        .map(|d| (Arc::clone(d), model.object(d.entry).id.clone()));
    let overridden = f.overridden.as_deref().map(|o| {
        let own_references = given(&o.references);
        Box::new(Overridden {
            response: given(&o.response),
            cvss: given(&o.cvss),
            description: given(&o.description),
            details: given(&o.details),
            mitigations: given(&o.mitigations),
            example: given(&o.example),
            links: own_references
                .clone()
                .map(|own| Jinja::from(minijinja::value::Serde(references(threat, Some(own))))),
            references: own_references,
        })
    });
    FindingItem {
        id: tmc_compiler::findings::finding_id(threat, target),
        threat: Arc::clone(texts),
        status: standing.status,
        open: standing.is_open(),
        expired: standing.is_expired(),
        expired_label: standing.is_expired().then(|| standing.label()),
        why: given(standing.why()),
        triage,
        severity: f.severity,
        impact: f.impact,
        likelihood: f.likelihood,
        overridden,
        excluded_by: f
            .excluded_by
            .as_deref()
            .map(|name| super::shorten(name).into_owned()),
    }
}

/// The risk register: the reported findings (`own`, by object) a triage
/// or an override's response decides, those that count as open first,
/// highest severity first, then in declaration order.
fn register(model: &Model, library: &Library, own: &[Vec<&Finding>]) -> Vec<RegisterEntry> {
    let given = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    let day = |d: Option<tmc_compiler::triage::Date>| d.map(|d| d.to_string());
    let mut rows: Vec<RegisterEntry> = Vec::new();
    for (o, own) in model.objects.iter().zip(own) {
        for f in own {
            let standing = gate::standing(f);
            let decided = matches!(
                standing.source,
                gate::Source::Triage(_) | gate::Source::Response(_)
            );
            if !decided {
                continue;
            }
            let threat = &library.threats[f.threat];
            let d = standing.triage();
            let text = |pick: fn(&Decision) -> &str| d.and_then(|d| given(pick(d)));
            rows.push(RegisterEntry {
                id: tmc_compiler::findings::finding_id(threat, o),
                threat_id: threat.id.clone(),
                title: threat.title.clone(),
                element: o.id.clone(),
                element_name: o.name.clone(),
                element_kind: o.kind.clone(),
                severity: f.severity.label(),
                severity_key: key(&f.severity),
                severity_rank: f.severity.rank,
                status: standing.status.name(),
                status_label: standing.label(),
                open: standing.is_open(),
                expired: standing.is_expired(),
                triage: d.map(|d| model.object(d.entry).id.clone()),
                justification: given(standing.why()),
                owner: text(|d| &d.owner),
                ticket: text(|d| &d.ticket),
                ticket_url: d.and_then(|d| ticket_url(&d.ticket)),
                decided: day(d.and_then(|d| d.decided)),
                review_by: day(d.and_then(|d| d.review_by)),
            });
        }
    }
    rows.sort_by_key(|r| (!r.open, std::cmp::Reverse(r.severity_rank)));
    rows
}

/// The STRIDE-per-element table of the open findings (`own`, by object).
fn stride_table(
    model: &Model,
    library: &Library,
    own: &[Vec<&Finding>],
    scope: Scope,
) -> StrideTable {
    use tmc_compiler::category::STRIDE;
    // Each threat's categories as columns, found once.
    let columns: Vec<[bool; 6]> = library
        .threats
        .iter()
        .map(|t| std::array::from_fn(|i| t.stride.iter().any(|s| s == STRIDE[i])))
        .collect();
    let mut rows: Vec<StrideRow> = Vec::new();
    // In a summary, the row of each kind.
    let mut of_kind: crate::Map<&str, (usize, Option<Level>)> = Default::default();
    let mut totals = [0; 6];
    let mut uncategorised = 0;
    for (o, own) in model.objects.iter().zip(own) {
        let mut counts = [0; 6];
        let mut open = 0;
        let mut worst: Option<Level> = None;
        for f in own.iter().filter(|f| gate::standing(f).is_open()) {
            open += 1;
            if worst.is_none_or(|w| f.severity.rank > w.rank) {
                worst = Some(f.severity);
            }
            let of = &columns[f.threat.index()];
            if !of.contains(&true) {
                uncategorised += 1;
            }
            for (count, _) in counts.iter_mut().zip(of).filter(|(_, has)| **has) {
                *count += 1;
            }
        }
        if counts.iter().any(|n| *n > 0) {
            for (total, n) in totals.iter_mut().zip(counts) {
                *total += n;
            }
            if scope == Scope::Summary {
                add_to_kind(&mut rows, &mut of_kind, o, counts, open, worst);
                continue;
            }
            rows.push(StrideRow {
                element: o.id.clone(),
                name: o.name.clone(),
                kind: o.kind.clone(),
                counts: counts.to_vec(),
                open,
                worst_severity: worst.as_ref().map(Level::label),
                worst_severity_key: worst.as_ref().map(key),
            });
        }
    }
    StrideTable {
        categories: STRIDE
            .iter()
            .map(|name| CategoryName {
                letter: &name[..1],
                name,
            })
            .collect(),
        rows,
        totals: totals.to_vec(),
        uncategorised,
    }
}

/// Adds an object's STRIDE counts to the row of its kind, made when first
/// needed (`of_kind`: each kind's row in `rows`, and its worst level).
fn add_to_kind<'m>(
    rows: &mut Vec<StrideRow>,
    of_kind: &mut crate::Map<&'m str, (usize, Option<Level>)>,
    o: &'m Object,
    counts: [usize; 6],
    open: usize,
    worst: Option<Level>,
) {
    let (at, kind_worst) = of_kind.entry(o.kind.as_str()).or_insert_with(|| {
        rows.push(StrideRow {
            element: String::new(),
            name: o.kind.clone(),
            kind: o.kind.clone(),
            counts: vec![0; 6],
            open: 0,
            worst_severity: None,
            worst_severity_key: None,
        });
        (rows.len() - 1, None)
    });
    let row = &mut rows[*at];
    for (sum, n) in row.counts.iter_mut().zip(counts) {
        *sum += n;
    }
    row.open += open;
    if let Some(w) = worst.filter(|w| kind_worst.is_none_or(|k| w.rank > k.rank)) {
        *kind_worst = Some(w);
        row.worst_severity = Some(w.label());
        row.worst_severity_key = Some(key(&w));
    }
}

/// The likelihood-by-impact matrix of the open findings. `severities`
/// (the impact scale) are highest first.
fn risk_matrix(schema: &Schema, findings: &[Finding], severities: &[Level]) -> RiskMatrix {
    let mut likelihoods = levels(
        schema,
        LIKELIHOOD_ENUM.name(),
        findings.iter().filter_map(|f| f.likelihood),
    );
    likelihoods.sort_by_key(|l| std::cmp::Reverse(l.rank));
    let columns: Vec<Level> = severities.iter().rev().copied().collect();
    let mut counts = vec![vec![0; columns.len()]; likelihoods.len() + 1];
    let mut total = 0;
    for f in findings.iter().filter(|f| gate::standing(f).is_open()) {
        let row = match &f.likelihood {
            Some(l) => likelihoods.iter().position(|x| x.rank == l.rank),
            None => Some(likelihoods.len()),
        };
        let column = columns.iter().position(|s| s.rank == f.impact.rank);
        if let (Some(row), Some(column)) = (row, column) {
            counts[row][column] += 1;
            total += 1;
        }
    }
    // Ranks on scales of equal length (5 levels each in the stdlib) sum
    // to 0..=2(n-1): split into four zones.
    let span = (likelihoods.len().max(columns.len()).max(2) - 1) * 2;
    let zone = |l: usize, s: usize| match (l + s) * 8 / span.max(1) {
        0..=2 => "low",
        3..=4 => "medium",
        5..=6 => "high",
        _ => "critical",
    };
    let rows = counts
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let likelihood = likelihoods.get(i);
            RiskRow {
                likelihood: likelihood.map(Level::label),
                likelihood_key: likelihood.map(key),
                total: row.iter().sum(),
                cells: row
                    .into_iter()
                    .zip(&columns)
                    .map(|(count, s)| RiskCell {
                        count,
                        zone: match likelihood {
                            Some(l) => zone(l.rank, s.rank),
                            None => "unrated",
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    RiskMatrix {
        severities: columns
            .iter()
            .map(|s| LevelName {
                label: s.label(),
                key: key(s),
                rank: s.rank,
            })
            .collect(),
        rows,
        total,
    }
}

/// CAPEC and CWE links first, then the threat's other references (or the
/// override's, which replace them).
fn references(threat: &Threat, own: Option<String>) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::new();
    for n in &threat.capec {
        links.push(Link {
            label: format!("CAPEC-{n}"),
            url: Some(format!("https://capec.mitre.org/data/definitions/{n}.html")),
        });
    }
    for n in &threat.cwe {
        links.push(Link {
            label: format!("CWE-{n}"),
            url: Some(format!("https://cwe.mitre.org/data/definitions/{n}.html")),
        });
    }
    let rest: Vec<String> = match own {
        Some(text) => vec![text],
        None => threat.references.clone(),
    };
    for r in rest {
        let r = r.trim().to_string();
        if r.is_empty() || links.iter().any(|l| l.url.as_deref() == Some(r.as_str())) {
            continue;
        }
        let is_url = (r.starts_with("https://") || r.starts_with("http://"))
            && crate::escape::markdown::fits_link(&r);
        links.push(Link {
            url: is_url.then(|| r.clone()),
            label: r,
        });
    }
    links
}

/// Every attribute path present at the top level (for the header, whose
/// written set is not tracked).
fn all_written(attrs: &Attrs) -> std::collections::BTreeSet<String> {
    attrs.keys().map(str::to_string).collect()
}

/// The written attributes worth showing: not those the report shows in
/// their own place, not empty ones. The written fields of a record
/// (`controls.isHardened`) make one entry named after the record, true
/// flags by name and other fields as `name = value`.
fn attributes(
    model: &Model,
    attrs: &Attrs,
    written: &std::collections::BTreeSet<String>,
) -> Vec<Attribute> {
    const SHOWN_ELSEWHERE: &[&str] = &[
        DESCRIPTION.name(),
        ASSUMPTIONS.name(),
        OVERRIDES.name(),
        IN_BOUNDARY.name(),
        IN_SCOPE.name(),
        DATA.name(),
        // Derived from the findings, which the report shows.
        "findings",
        "severity",
    ];
    let mut out: Vec<Attribute> = Vec::new();
    for path in written {
        let (top, field) = match path.split_once('.') {
            Some((top, field)) => (top, Some(field)),
            None => (path.as_str(), None),
        };
        if SHOWN_ELSEWHERE.contains(&top) {
            continue;
        }
        let Some(value) = lookup(attrs, path) else {
            continue;
        };
        let shown = match (field, value) {
            (Some(field), Value::Bool(true)) => field.to_string(),
            (Some(field), v) => format!("{field} = {}", show(model, v)),
            (None, v) => show(model, v),
        };
        if shown.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if field.is_some() && last.name == top => {
                last.value = format!("{}, {shown}", last.value);
            }
            _ => out.push(Attribute {
                name: top.to_string(),
                value: shown,
            }),
        }
    }
    out
}

/// The value at a dotted path through records.
fn lookup<'a>(attrs: &'a Attrs, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = attrs.get(parts.next()?)?;
    for part in parts {
        match value {
            Value::Record(r) => value = r.get(part)?,
            _ => return None,
        }
    }
    Some(value)
}

/// A value as people read it.
fn show(model: &Model, value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Str(s) => s.clone(),
        Value::Enum { member, .. } => member.to_string(),
        Value::List(items) => items
            .iter()
            .map(|v| show(model, v))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Record(fields) => fields
            .iter()
            .map(|(k, v)| format!("{k} = {}", show(model, v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Ref(id) => model.object(*id).name.clone(),
    }
}

fn text(attrs: &Attrs, known: Known) -> String {
    match attrs.get(known.name()) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

fn flag(attrs: &Attrs, known: Known) -> bool {
    known::flag(attrs, known)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    Value::strings(value).map(String::from).collect()
}

fn refs(value: Option<&Value>) -> impl Iterator<Item = ObjectId> + '_ {
    Value::items(value).iter().filter_map(Value::as_object)
}

fn records(value: Option<&Value>) -> impl Iterator<Item = &Attrs> {
    Value::items(value).iter().filter_map(Value::as_record)
}

/// A report template: its name (shown in errors) and text.
#[derive(Clone, Copy, Debug)]
pub struct Template<'a> {
    pub name: &'a str,
    pub source: &'a str,
}

/// The built-in Markdown report (CommonMark with GFM tables).
pub const MARKDOWN: Template<'static> = Template {
    name: "report.md.j2",
    source: include_str!("../templates/report.md.j2"),
};

/// The built-in HTML report: one file, inline CSS and SVG.
pub const HTML: Template<'static> = Template {
    name: "report.html.j2",
    source: include_str!("../templates/report.html.j2"),
};

/// What the output is, which decides how values are escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Values are written as they are (use the `md` and `md_cell` filters).
    Markdown,
    /// Values are HTML-escaped unless marked `|safe`.
    Html,
}

/// A template that does not parse or fails while rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub template: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.template)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Renders `report` with `template`. Undefined variables are errors, so a
/// misspelt name fails instead of printing nothing.
pub fn render(
    template: Template,
    format: Format,
    report: &Report,
) -> Result<String, TemplateError> {
    let mut out = Vec::new();
    let context = Jinja::from(minijinja::value::Serde(report));
    match render_value(template, format, context, &mut out) {
        Ok(()) => Ok(String::from_utf8(out).unwrap_or_default()),
        Err(RenderError::Template(e)) => Err(e),
        // Writing to memory does not fail.
        Err(RenderError::Write(e)) => Err(TemplateError {
            template: template.name.to_string(),
            line: None,
            column: None,
            message: e.to_string(),
        }),
    }
}

/// Why `write` failed: the template, or the output it was writing to.
#[derive(Debug)]
pub enum RenderError {
    Template(TemplateError),
    Write(std::io::Error),
}

/// `render`, written to `w` as the template produces it. The report is
/// taken by value and freed once the template engine has its own copy of
/// it: a large model's report would otherwise be held three times (the
/// report, the engine's copy and the output).
pub fn write(
    template: Template,
    format: Format,
    report: Report,
    w: &mut dyn std::io::Write,
) -> Result<(), RenderError> {
    let context = Jinja::from(minijinja::value::Serde(&report));
    drop(report);
    super::buffered(w, |b| render_value(template, format, context, b))
}

impl From<std::io::Error> for RenderError {
    fn from(e: std::io::Error) -> RenderError {
        RenderError::Write(e)
    }
}

fn render_value(
    template: Template,
    format: Format,
    context: Jinja,
    w: &mut impl std::io::Write,
) -> Result<(), RenderError> {
    let mut env = Environment::new();
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let escape = match format {
        Format::Markdown => AutoEscape::None,
        Format::Html => AutoEscape::Html,
    };
    env.set_auto_escape_callback(move |_| escape.clone());
    env.set_formatter(shown_then_escaped);
    let failed = |e: minijinja::Error| RenderError::Template(error(template, &e));
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(failed)?;
    env.set_syntax(syntax);
    env.add_filter("md", |s: String| markdown_text(&s));
    env.add_filter("md_cell", |s: String| markdown_cell(&s));
    env.add_filter("html_text", |s: String| {
        Jinja::from_safe_string(html_text(&s))
    });
    env.add_template(template.name, template.source)
        .map_err(failed)?;
    let tmpl = env.get_template(template.name).map_err(failed)?;
    // The captured state borrows `env`: let it go before `env` does.
    let rendered = tmpl.render_captured_to(context, w).map(drop);
    match rendered {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == minijinja::ErrorKind::WriteFailure => {
            Err(RenderError::Write(std::io::Error::other(e.to_string())))
        }
        Err(e) => Err(failed(e)),
    }
}

/// How a template's `{{ value }}` is written: a string with control
/// characters shows them as `\u{1b}` (in either format, whatever the
/// template, safe strings too), then goes to the format's own escaping.
fn shown_then_escaped(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Jinja,
) -> Result<(), minijinja::Error> {
    let shown = value.as_str().map(terminal::text);
    match shown {
        Some(std::borrow::Cow::Owned(text)) => {
            let value = if value.is_safe() {
                Jinja::from_safe_string(text)
            } else {
                Jinja::from(text)
            };
            minijinja::escape_formatter(out, state, &value)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn error(template: Template, e: &minijinja::Error) -> TemplateError {
    let column = e.range().map(|r| {
        let before = &template.source[..r.start.min(template.source.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        before[line_start..].chars().count() + 1
    });
    let mut message = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    if !matches!(e.kind(), minijinja::ErrorKind::SyntaxError) {
        message = format!("{}: {message}", e.kind());
    }
    // An error inside an include or a macro call wraps the one that says
    // what went wrong (e.g. "recursion limit exceeded"): name the innermost.
    let mut innermost = None;
    let mut cause = std::error::Error::source(e);
    while let Some(inner) = cause {
        innermost = Some(inner);
        cause = inner.source();
    }
    if let Some(inner) = innermost {
        message = format!("{message}: {inner}");
    }
    TemplateError {
        template: template.name.to_string(),
        line: e.line(),
        column: column.filter(|_| e.line().is_some()),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagrams_are_drawn_when_asked_for_and_listed_by_name() {
        let dfd = ir::Dfd {
            title: "T".into(),
            ..Default::default()
        };
        let diagrams = Diagrams::new(dfd, Some(ir::Seq::default()));
        assert!(diagrams.drawn.iter().all(|d| d.get().is_none()));
        let svg = diagrams.get("dfd_svg").expect("an SVG");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(diagrams.drawn[0].get().is_none(), "only what was asked for");
        assert_eq!(diagrams.get("nonsense"), None);
        let value = Jinja::from_object(diagrams);
        let keys: Vec<String> = value
            .try_iter()
            .expect("iterable")
            .map(|k| k.to_string())
            .collect();
        assert_eq!(keys, Diagrams::NAMES);
    }

    #[test]
    fn anchors_are_lower_case_and_numbered_when_repeated() {
        let mut used = std::collections::HashSet::new();
        let anchors: Vec<String> = ["INP05", "abc", "ABC", "Abc", "my_rule"]
            .iter()
            .map(|id| unique_anchor(id, &mut used))
            .collect();
        assert_eq!(anchors, ["inp05", "abc", "abc-1", "abc-2", "my_rule"]);
    }

    #[test]
    fn each_assumption_counts_the_findings_it_rules_out() {
        // Two assumptions of one name: each counts its own, by where it is
        // written, not every finding that shares the name.
        let (c, model) = crate::compile_clean(
            "model \"M\" {\n  description = \"d\"\n  library = pytm\n  assumptions = [{ name = \"same\" exclude = [\"INP03\"] }]\n}\n\
             Server s \"S\"\nServer t \"T\" {\n  assumptions = [{ name = \"same\" exclude = [\"INP08\"] }, { name = \"none\" }]\n}\n",
        );
        let found = c.findings.as_deref().unwrap_or_default();
        let counts: Vec<(String, String, usize)> = assumptions(&model, found)
            .into_iter()
            .map(|a| (a.scope, a.name, a.excluded_findings))
            .collect();
        assert_eq!(
            counts,
            [
                ("model".to_string(), "same".to_string(), 2),
                ("t".to_string(), "same".to_string(), 1),
                ("t".to_string(), "none".to_string(), 0),
            ]
        );
    }

    /// The top risks picked without a full sort are the first of a full
    /// sort of the open findings, in its order.
    #[test]
    fn top_risks_are_the_head_of_the_open_findings_sorted() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let c = tmc_compiler::compile(&[root.join("tests/parity/iot.tm")], &Default::default());
        let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
            panic!("iot.tm compiles");
        };
        let mut open: Vec<&Finding> = findings
            .iter()
            .filter(|f| gate::standing(f).is_open())
            .collect();
        assert!(open.len() > TOP_RISKS);
        open.sort_by_key(|f| {
            (
                std::cmp::Reverse(f.severity.rank),
                std::cmp::Reverse(f.likelihood.map(|l| l.rank)),
                std::cmp::Reverse(f.impact.rank),
                c.library.threats[f.threat].id.clone(),
                model.object(f.target).id.clone(),
            )
        });
        let expected: Vec<String> = open[..TOP_RISKS]
            .iter()
            .map(|f| f.id(&c.library, model))
            .collect();
        let picked: Vec<String> = top_risks(model, &c.library, findings)
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(picked, expected);
    }

    /// A model of more than `SUMMARY_ABOVE` elements gets a summary unless
    /// the full report is asked for; a smaller one the full report unless
    /// the summary is.
    #[test]
    fn large_models_get_a_summary_unless_asked_for_in_full() {
        let actors = |n: usize| {
            let mut text = String::from("model \"M\" { description = \"d\" }\n");
            for i in 0..n {
                text.push_str(&format!("Actor a{i} \"A{i}\"\n"));
            }
            crate::compile_clean(&text).1
        };
        let (small, large) = (actors(SUMMARY_ABOVE), actors(SUMMARY_ABOVE + 1));
        assert_eq!(Scope::of(&small, None), Scope::Full);
        assert_eq!(Scope::of(&large, None), Scope::Summary);
        assert_eq!(Scope::of(&large, Some(Scope::Full)), Scope::Full);
        assert_eq!(Scope::of(&small, Some(Scope::Summary)), Scope::Summary);
    }

    /// A summary draws boundaries of at most `DIAGRAM_ELEMENTS` elements
    /// with open findings, the one with the worst first, never one inside
    /// another drawn; it lists no element or finding, and its threats keep
    /// their counts.
    #[test]
    fn a_summary_draws_the_worst_boundaries_none_inside_another() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let c = tmc_compiler::compile(&[root.join("tests/parity/bank.tm")], &Default::default());
        let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
            panic!("bank.tm compiles");
        };
        let full = context(&c.schema, model, &c.library, findings, Scope::Full);
        let summary = context(&c.schema, model, &c.library, findings, Scope::Summary);
        assert!(summary.elements.is_empty() && summary.findings.is_empty());
        assert!(full.boundary_diagrams.is_empty());
        let counts = |r: &Report| -> Vec<(usize, usize, usize)> {
            r.threats
                .iter()
                .map(|t| (t.findings_count, t.open_count, t.excluded_count))
                .collect()
        };
        assert_eq!(counts(&summary), counts(&full));
        for t in &full.threats {
            assert_eq!(t.findings_count, t.findings.len());
            assert_eq!(t.excluded_count, t.excluded.len());
        }

        let drawn = &summary.boundary_diagrams;
        assert!(!drawn.is_empty() && drawn.len() <= BOUNDARY_DIAGRAMS);
        let id_of = |id: &str| {
            model
                .boundaries()
                .find(|b| model.object(*b).id == id)
                .unwrap()
        };
        for (i, d) in drawn.iter().enumerate() {
            assert!(d.elements_within <= DIAGRAM_ELEMENTS && d.open_total > 0);
            for e in &drawn[..i] {
                let (a, b) = (id_of(&d.id), id_of(&e.id));
                assert!(!around(model, a).any(|x| x == b), "{} in {}", d.id, e.id);
                assert!(!around(model, b).any(|x| x == a), "{} in {}", e.id, d.id);
            }
        }
        // No boundary that could be drawn has a worse open finding than
        // the first one drawn.
        let rank = |key: &str| {
            full.summary
                .severities
                .iter()
                .position(|s| s.severity_key == key)
        };
        let first = rank(&drawn[0].worst_severity_key).unwrap();
        for b in full
            .boundaries
            .iter()
            .filter(|b| b.elements_within <= DIAGRAM_ELEMENTS)
        {
            if let Some(worst) = b.open.iter().position(|n| *n > 0) {
                assert!(worst >= first, "{} is worse than {}", b.id, drawn[0].id);
            }
        }
    }

    /// A flow inside a boundary (both ends in it, or in boundaries nested
    /// in it) counts its findings there; one that crosses counts in and
    /// out and, unencrypted, in clear text.
    #[test]
    fn boundary_tallies_count_what_is_inside_and_what_crosses() {
        let (c, model) = crate::compile_clean(
            "model \"M\" { description = \"d\" }\n\
             boundary outer \"Outer\"\nboundary inner \"Inner\" in outer\n\
             Server a \"A\" in outer\nServer b \"B\" in inner\nActor u \"U\"\n\
             flow ab: a -> b \"AB\"\nflow ua: u -> a \"UA\" { tlsVersion = TLSv13 }\n",
        );
        let findings = c.findings.as_deref().unwrap_or_default();
        let own = tmc_compiler::findings::by_target(findings, model.objects.len());
        let levels = severity_levels(&c.schema, findings);
        let encrypted = tmc_compiler::paths::encrypted_in_transit(&model, &c.library.predicates);
        let crossed: Vec<Crossed> = model.flows().map(|f| crossed(&model, f)).collect();
        let tallies = boundary_tallies(&model, &own, &levels, &crossed, &encrypted);
        let at = |id: &str| &tallies[&model.lookup(id).expect("declared")];
        let counts = |t: &Tally| (t.elements, t.flows_in, t.flows_out, t.cleartext);
        assert_eq!(counts(at("outer")), (2, 1, 0, 0), "ua enters, encrypted");
        assert_eq!(counts(at("inner")), (1, 1, 0, 1), "ab enters, in clear");
        // Outer holds a, b and ab: their open findings, and not ua's.
        let open_on = |id: &str| {
            own[model.lookup(id).expect("declared").index()]
                .iter()
                .filter(|f| gate::standing(f).is_open())
                .count()
        };
        let sum = |t: &Tally| t.open.iter().sum::<usize>();
        assert_eq!(
            sum(at("outer")),
            open_on("a") + open_on("b") + open_on("ab") + open_on("outer")
        );
        assert_eq!(sum(at("inner")), open_on("b") + open_on("inner"));
        assert!(open_on("ab") > 0, "the test needs a finding on ab");
    }

    /// Every field of the context (as templates see it: serialised) is
    /// documented in docs/report.md.
    #[test]
    fn every_context_field_is_documented() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let c = tmc_compiler::compile(&[root.join("tests/parity/bank.tm")], &Default::default());
        let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
            panic!("bank.tm compiles");
        };
        let report = context(&c.schema, model, &c.library, findings, Scope::Full);
        let mut names = std::collections::BTreeSet::new();
        field_names(&serde_json::to_value(&report).unwrap(), &mut names);
        assert!(names.contains("excluded_by") && names.contains("scope_name"));
        let doc = include_str!("../../docs/report.md");
        let missing: Vec<&String> = names.iter().filter(|n| !documented(doc, n)).collect();
        assert!(missing.is_empty(), "not in docs/report.md: {missing:?}");
    }

    /// Whether `name` is written as a variable in the docs: as `name`,
    /// `a.name`, or in a field list such as `{label, url}`.
    fn documented(doc: &str, name: &str) -> bool {
        doc.match_indices(name).any(|(at, _)| {
            let before = doc[..at].chars().next_back();
            let after = doc[at + name.len()..].chars().next();
            matches!(before, Some('`' | '.' | '{' | ' ')) && matches!(after, Some('`' | ',' | '}'))
        })
    }

    fn field_names(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    out.insert(k.clone());
                    field_names(v, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| field_names(v, out)),
            _ => {}
        }
    }
}
