//! `--format sarif`: the findings as a SARIF 2.1.0 log, for code-scanning
//! services and SARIF viewers. The rules are the threats of the library in
//! use; each finding is a result located at its element's declaration in
//! the `.tm` file. Findings an assumption rules out or an override handles
//! are kept, with a `suppressions` entry saying why. Keys are sorted
//! (serde_json's map is ordered), so the same model gives the same bytes.

use std::io::{self, Write};
use std::path::{Component, Path};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{json, Value as Json};

use super::{given, pretty};
use tmc_compiler::findings::{self, Finding};
use tmc_compiler::gate::{self, Source, Standing};
use tmc_compiler::model::Model;
use tmc_compiler::paths::found::FoundPath;
use tmc_compiler::rules::{Level, Library, Threat};
use tmc_compiler::Sources;

/// The SARIF version written, and the schema a reader can check it against.
pub const VERSION: &str = "2.1.0";
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of the fingerprint that identifies a finding across runs.
pub const FINGERPRINT: &str = "tmcFinding/v1";

/// Characters escaped in one path segment of a URI reference.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The whole log: one run of tmc. File locations are made relative to
/// `base` (the current directory) when the file lies below it.
pub fn document(
    sources: &Sources,
    model: &Model,
    library: &Library,
    findings: &[Finding],
    base: &Path,
) -> Json {
    let log = Log::new(sources, model, library, findings, base);
    serde_json::to_value(&log).unwrap_or_default()
}

/// `document`, written to `w` (pretty, with a final newline) as it is
/// produced: the log of a large model runs to hundreds of megabytes, and
/// is never held whole in memory. The results are rendered in pieces on
/// every core (`pretty::array_at`), inside the log's frame written here as
/// serde_json's pretty printer lays it out.
pub fn write_log(
    w: &mut dyn Write,
    sources: &Sources,
    model: &Model,
    library: &Library,
    findings: &[Finding],
    base: &Path,
) -> io::Result<()> {
    let log = Log::new(sources, model, library, findings, base);
    super::buffered(w, |w| {
        w.write_all(b"{\n  \"$schema\": ")?;
        serde_json::to_writer(&mut *w, SCHEMA_URI)?;
        w.write_all(b",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",")?;
        w.write_all(b"\n      \"results\": ")?;
        pretty::array_at(w, 3, findings, |finding, text| {
            pretty::write_at(text, 4, &ResultView { log: &log, finding })
        })?;
        w.write_all(b",\n      \"tool\": ")?;
        pretty::write_at(w, 3, &tool(&log))?;
        w.write_all(b"\n    }\n  ],\n  \"version\": ")?;
        serde_json::to_writer(&mut *w, VERSION)?;
        w.write_all(b"\n}\n")
    })
}

/// The log's entries, each written with its keys in sorted order.
struct Log<'a> {
    model: &'a Model,
    library: &'a Library,
    findings: &'a [Finding],
    /// The artifact URI of each source file, by file id.
    uris: Vec<String>,
    /// The region of each object's declaration (`regions`).
    regions: Vec<Region>,
}

impl<'a> Log<'a> {
    fn new(
        sources: &'a Sources,
        model: &'a Model,
        library: &'a Library,
        findings: &'a [Finding],
        base: &Path,
    ) -> Log<'a> {
        let uris = sources
            .ids()
            .map(|file| artifact_uri(sources.name(file), base))
            .collect();
        Log {
            model,
            library,
            findings,
            uris,
            regions: regions(sources, model, findings),
        }
    }
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SCHEMA_URI)?;
        map.serialize_entry("runs", &[RunView(self)])?;
        map.serialize_entry("version", VERSION)?;
        map.end()
    }
}

struct RunView<'a>(&'a Log<'a>);

impl Serialize for RunView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let results = log
            .findings
            .iter()
            .map(|finding| ResultView { log, finding });
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        map.serialize_entry("results", &Seq(std::cell::Cell::new(Some(results))))?;
        map.serialize_entry("tool", &tool(log))?;
        map.end()
    }
}

/// The run's `tool`: tmc, with the threats of the library as its rules.
fn tool(log: &Log) -> Json {
    let rules: Vec<Json> = log.library.threats.iter().map(rule).collect();
    json!({ "driver": driver(rules) })
}

/// An iterator serialized as a sequence, without collecting it first.
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => s.collect_seq(items),
            None => s.collect_seq(std::iter::empty::<T>()),
        }
    }
}

fn driver(rules: Vec<Json>) -> Json {
    let mut driver = json!({
        "name": "tmc",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let home = env!("CARGO_PKG_REPOSITORY");
    if !home.is_empty() {
        driver["informationUri"] = json!(home);
    }
    driver
}

/// One threat as a reporting descriptor.
fn rule(threat: &Threat) -> Json {
    let description = if threat.details.is_empty() {
        &threat.title
    } else {
        &threat.details
    };
    let mut properties = present(json!({
        "tags": tags(threat),
        "severity": threat.severity.label(),
        "likelihood": threat.likelihood.as_ref().map(Level::label),
        "security-severity": security_severity(&threat.severity),
        "cwe": threat.cwe,
        "capec": threat.capec,
        "targets": threat.targets,
        "condition": threat.condition_text,
    }));
    if let Some(why) = &threat.deprecated {
        properties["deprecated"] = json!(why);
    }
    let mut rule = json!({
        "id": threat.id,
        "name": pascal_case(&threat.title),
        "shortDescription": { "text": threat.title },
        "fullDescription": { "text": description },
        "help": help(threat),
        "defaultConfiguration": {
            "level": level(&threat.severity),
            "enabled": threat.deprecated.is_none(),
        },
        "properties": properties,
    });
    if let Some(uri) = help_uri(threat) {
        rule["helpUri"] = json!(uri);
    }
    rule
}

/// Code scanning rejects a rule with more tags than this (and shows the
/// first 10).
const MAX_TAGS: usize = 20;

/// A rule's tags: `security` and `threat-model`, its categories
/// (`STRIDE:InformationDisclosure`, `LINDDUN:DataDisclosure`), then its
/// CWE ids as CodeQL writes them (`external/cwe/cwe-319`); each once, at
/// most `MAX_TAGS`.
fn tags(threat: &Threat) -> Vec<String> {
    let mut tags = vec!["security".to_string(), "threat-model".to_string()];
    let categories =
        tmc_compiler::category::of(threat).map(|(scheme, m)| format!("{}:{m}", scheme.name()));
    let cwe = threat.cwe.iter().map(|n| format!("external/cwe/cwe-{n}"));
    for tag in categories.chain(cwe) {
        if tags.len() == MAX_TAGS {
            break;
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The mitigations and the references, as plain text and as Markdown.
fn help(threat: &Threat) -> Json {
    let mitigations = if threat.mitigations.is_empty() {
        "No mitigation is given for this threat."
    } else {
        threat.mitigations.as_str()
    };
    let mut text = format!("Mitigations: {mitigations}");
    let mut markdown = format!("**Mitigations**\n\n{mitigations}");
    if !threat.references.is_empty() {
        text.push_str("\n\nReferences:");
        markdown.push_str("\n\n**References**\n");
        for r in &threat.references {
            text.push_str(&format!("\n- {r}"));
            markdown.push_str(&format!("\n- <{r}>"));
        }
    }
    json!({ "text": text, "markdown": markdown })
}

/// The threat's first CAPEC entry, else its first CWE entry.
fn help_uri(threat: &Threat) -> Option<String> {
    if let Some(n) = threat.capec.first() {
        return Some(format!("https://capec.mitre.org/data/definitions/{n}.html"));
    }
    threat
        .cwe
        .first()
        .map(|n| format!("https://cwe.mitre.org/data/definitions/{n}.html"))
}

/// SARIF's level for a severity: the two highest are errors, the middle
/// one a warning, the rest notes.
fn level(severity: &Level) -> &'static str {
    match severity.rank {
        3.. => "error",
        2 => "warning",
        _ => "note",
    }
}

/// The score GitHub code scanning reads from a rule's properties to rank
/// alerts (critical > 9.0, high >= 7.0, medium >= 4.0, low > 0), as a
/// string, which is how it expects it.
fn security_severity(severity: &Level) -> &'static str {
    match severity.rank {
        4.. => "9.5",
        3 => "8.0",
        2 => "5.5",
        1 => "3.0",
        0 => "1.0",
    }
}

/// `Buffer Overflow via Environment Variables` -> `BufferOverflowViaEnvironmentVariables`.
fn pascal_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            first.unwrap_or_default() + chars.as_str()
        })
        .collect()
}

/// One finding as a SARIF result.
struct ResultView<'a> {
    log: &'a Log<'a>,
    finding: &'a Finding,
}

impl Serialize for ResultView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (log, f) = (self.log, self.finding);
        let threat = &log.library.threats[f.threat];
        let target = log.model.object(f.target);
        // Texts from elsewhere, shortened: each finding repeats them.
        let message = format!(
            "{} ({} `{}`, \"{}\")",
            super::shorten(f.text(threat, findings::Text::Description)),
            target.kind,
            target.id,
            super::shorten(&target.name)
        );
        let o = f.overridden.as_deref();
        let standing = gate::standing(f);
        let id = tmc_compiler::findings::finding_id(threat, target);
        let triage = standing.triage();
        let review_by = triage.and_then(|d| d.review_by).map(|d| d.to_string());
        let properties = Properties {
            cvss: o.and_then(|o| given(&o.cvss)),
            expired: triage.map(|d| d.expired),
            finding_id: &id,
            likelihood: f.likelihood.as_ref().map(Level::label),
            owner: triage.and_then(|d| given(&d.owner)),
            response: o.and_then(|o| given(&o.response)),
            review_by: review_by.as_deref(),
            severity: f.severity.label(),
            status: standing.status.name(),
            target: &target.id,
            target_kind: &target.kind,
            ticket: triage.and_then(|d| given(&d.ticket)),
            triage: triage.map(|d| log.model.object(d.entry).id.as_str()),
        };
        let suppression = suppression(&standing);
        let mut map = s.serialize_map(None)?;
        if let Some(path) = &f.path {
            map.serialize_entry("codeFlows", &[code_flow(log, path)])?;
        }
        map.serialize_entry("level", level(&f.severity))?;
        map.serialize_entry("locations", &[location(log, f.target.index())])?;
        map.serialize_entry("message", &Text { text: &message })?;
        map.serialize_entry("partialFingerprints", &Fingerprint(&id))?;
        map.serialize_entry("properties", &properties)?;
        map.serialize_entry("ruleId", &threat.id)?;
        map.serialize_entry("ruleIndex", &f.threat.index())?;
        if let Some(s) = suppression {
            map.serialize_entry("suppressions", &[s])?;
        }
        map.end()
    }
}

/// A path threat's route as a SARIF code flow: one thread flow whose
/// locations are the route's elements and flows in order, each with a
/// message (the start's zone; each hop's ends and, on the weakest, what it
/// lacks).
fn code_flow(log: &Log, path: &FoundPath) -> Json {
    let model = log.model;
    let at = |o: tmc_compiler::model::ObjectId, message: String| {
        let mut location = serde_json::to_value(location(log, o.index())).unwrap_or(Json::Null);
        location["message"] = json!({ "text": message });
        json!({ "location": location })
    };
    let id = |o: tmc_compiler::model::ObjectId| model.object(o).id.as_str();
    let mut steps = Vec::with_capacity(2 * path.elements.len());
    for (i, &e) in path.elements.iter().enumerate() {
        let message = match i {
            0 => format!("{} (start, in the {} zone)", id(e), path.from),
            _ if i + 1 == path.elements.len() && path.data.is_none() => {
                format!("{} (target)", id(e))
            }
            _ => id(e).to_string(),
        };
        steps.push(at(e, message));
        if let Some(&flow) = path.flows.get(i) {
            let weakest = path.weakest.as_ref().filter(|w| w.hop == i);
            let label = weakest.and_then(|_| path.weakest_label(model));
            let mark = label.map_or(String::new(), |l| format!(" (weakest: {l})"));
            let message = format!(
                "{}: {} -> {}{mark}",
                id(flow),
                id(e),
                id(path.elements[i + 1])
            );
            steps.push(at(flow, message));
        }
    }
    json!({
        "message": { "text": path.line(model) },
        "threadFlows": [{ "locations": steps }],
    })
}

/// A result's property bag, keys in order; values not given are left
/// out. `status` is `gate::standing`'s; `expired`, `owner`, `reviewBy`,
/// `ticket` and `triage` (the `Triage` declaration's identifier) come
/// from the triage that decides the finding, when one does.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    cvss: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expired: Option<bool>,
    finding_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    likelihood: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_by: Option<&'a str>,
    severity: &'static str,
    status: &'static str,
    target: &'a str,
    target_kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    triage: Option<&'a str>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

/// `{ "tmcFinding/v1": id }`.
struct Fingerprint<'a>(&'a str);

impl Serialize for Fingerprint<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(FINGERPRINT, self.0)?;
        map.end()
    }
}

/// A property bag without its null entries (values not given).
fn present(mut bag: Json) -> Json {
    if let Some(map) = bag.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    bag
}

/// Findings ruled out, triaged closed or answered in the model's source
/// are suppressed there: SARIF's `inSource` kind, with the reason;
/// `accepted`, or `underReview` once a triage's review date has passed.
#[derive(Serialize)]
struct Suppression {
    justification: String,
    kind: &'static str,
    status: &'static str,
}

fn suppression(standing: &Standing) -> Option<Suppression> {
    if !standing.status.closes() {
        return None;
    }
    let justification = match standing.source {
        Source::Assumption(name) => {
            format!("ruled out by the assumption \"{}\"", super::shorten(name))
        }
        Source::Response(text) => text.to_string(),
        _ if standing.why().is_empty() => standing.status.name().to_string(),
        _ => format!("{}: {}", standing.status, standing.why()),
    };
    Some(Suppression {
        justification,
        kind: "inSource",
        status: if standing.is_expired() {
            "underReview"
        } else {
            "accepted"
        },
    })
}

/// The longest logical name of a finding's element (its boundaries, then
/// its id, joined with `/`): deeper boundaries are left out, and the name
/// starts with `…/`. 256 boundaries of 256-character ids would repeat 64 KB
/// in each finding.
const MAX_PATH: usize = 1000;

/// The element's declaration: its file and region, and its name with the
/// boundaries around it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationView<'a> {
    logical_locations: [Logical<'a>; 1],
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Logical<'a> {
    fully_qualified_name: String,
    kind: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Uri<'a>,
    region: Region,
}

#[derive(Serialize)]
struct Uri<'a> {
    uri: &'a str,
}

#[derive(Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

fn location<'a>(log: &'a Log, index: usize) -> LocationView<'a> {
    let model = log.model;
    let target = &model.objects[index];
    let span = target.span;
    // The boundaries around it, innermost first, as many as fit in
    // `MAX_PATH` characters (each finding repeats the path).
    let mut path = vec![target.id.as_str()];
    let mut length = target.id.len();
    let mut at = target.boundary;
    while let Some(b) = at {
        let boundary = model.object(b);
        length += boundary.id.len() + 1;
        if length > MAX_PATH {
            path.push("…");
            break;
        }
        path.push(&boundary.id);
        at = boundary.boundary;
    }
    path.reverse();
    LocationView {
        logical_locations: [Logical {
            fully_qualified_name: path.join("/"),
            kind: &target.kind,
            name: &target.id,
        }],
        physical_location: Physical {
            artifact_location: Uri {
                uri: &log.uris[span.file.index()],
            },
            region: log.regions[index],
        },
    }
}

/// Where each object's declaration is, by object index, for those with
/// findings: worked out once per object, not once per finding (a column
/// is counted from the start of its line, and a declaration can be a line
/// of megabytes).
fn regions(sources: &Sources, model: &Model, findings: &[Finding]) -> Vec<Region> {
    let mut regions = vec![Region::default(); model.objects.len()];
    let mut done = vec![false; model.objects.len()];
    // A path threat's route is shown too: its elements and flows.
    let routes = findings
        .iter()
        .filter_map(|f| f.path.as_deref())
        .flat_map(|p| p.elements.iter().chain(&p.flows).copied());
    for i in findings
        .iter()
        .map(|f| f.target)
        .chain(routes)
        .map(|o| o.index())
    {
        if std::mem::replace(&mut done[i], true) {
            continue;
        }
        let span = model.objects[i].span;
        // A declaration's span can run on over the blank lines after it.
        let written = sources.slice(span).trim_end().len();
        let start = sources.line_col(span.file, span.start);
        let end = sources.line_col(span.file, span.start + written);
        regions[i] = Region {
            end_column: end.column,
            end_line: end.line,
            start_column: start.column,
            start_line: start.line,
        };
    }
    regions
}

/// A file name as a URI reference: relative (with `/` separators) when the
/// file is given relative to, or lies below, `base`; else a `file:` URI.
pub fn artifact_uri(name: &str, base: &Path) -> String {
    let path = Path::new(name);
    let relative = if path.is_absolute() {
        path.strip_prefix(base).ok()
    } else {
        Some(path)
    };
    match relative {
        Some(rel) => segments(rel).join("/"),
        None => format!("file://{}", segments(path).join("/")),
    }
}

/// The encoded segments of a path; an absolute path starts with an empty
/// one, so that joining gives a leading `/`.
fn segments(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::RootDir => Some(String::new()),
            Component::CurDir => None,
            Component::ParentDir => Some("..".to_string()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().replace('\\', "/")),
            Component::Normal(s) => {
                Some(utf8_percent_encode(&s.to_string_lossy(), SEGMENT).to_string())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_log_is_the_document_pretty_printed() {
        // Enough findings for the results to be rendered on every core,
        // and a suppressed one of each kind.
        let mut text = String::from(
            "model \"M\" {\n  description = \"d\"\n  library = pytm\n  assumptions = [{ name = \"Lab \\\"only\\\"\" exclude = [\"AC01\"] }]\n}\nboundary zone \"Zone \\\"z\\\"\"\n",
        );
        for i in 0..150 {
            text.push_str(&format!("Server s{i} \"Server é {i}\" in zone\n"));
        }
        text.push_str(
            "Process p \"P\" { overrides = [{ threat_id = \"INP02\" response = \"Done\" }] }\n",
        );
        for i in 0..149 {
            text.push_str(&format!("flow s{i} -> s{}\n", i + 1));
        }
        let c = tmc_compiler::compile_with(
            &[std::path::PathBuf::from("/work/m.tm")],
            &tmc_compiler::Options::default(),
            &tmc_compiler::OneFile(&text),
        );
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        let (model, findings) = (c.model.unwrap(), c.findings.unwrap());
        assert!(findings.len() > 2000, "{} findings", findings.len());
        let base = Path::new("/work");
        let mut streamed = Vec::new();
        write_log(
            &mut streamed,
            &c.sources,
            &model,
            &c.library,
            &findings,
            base,
        )
        .unwrap();
        let whole = document(&c.sources, &model, &c.library, &findings, base);
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert!(expected.contains("\"suppressions\""));
        assert_eq!(String::from_utf8(streamed).unwrap(), expected);
    }

    #[test]
    fn uris_are_relative_below_the_base() {
        let base = Path::new("/work/repo");
        assert_eq!(artifact_uri("app.tm", base), "app.tm");
        assert_eq!(artifact_uri("./models/app.tm", base), "models/app.tm");
        assert_eq!(artifact_uri("/work/repo/m/a b.tm", base), "m/a%20b.tm");
        assert_eq!(
            artifact_uri("/elsewhere/x#1.tm", base),
            "file:///elsewhere/x%231.tm"
        );
        assert_eq!(artifact_uri("../up.tm", base), "../up.tm");
    }

    #[test]
    fn titles_become_rule_names() {
        assert_eq!(
            pascal_case("Buffer Overflow via Environment Variables"),
            "BufferOverflowViaEnvironmentVariables"
        );
        assert_eq!(
            pascal_case("Cross-site scripting (XSS)"),
            "CrossSiteScriptingXSS"
        );
    }
}
