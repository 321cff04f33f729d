//! tmc's own library, held to what it promises (issue #20): every threat
//! categorised, rated and tested both ways; every attribute the stdlib
//! documents is read by some rule of the library, by the compiler itself,
//! or says it is informational; and no protection ever adds a finding.
//! The lists come from the schema and the library, never from this file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use tmc_compiler::rules::{Cond, Library, PredicateId};
use tmc_compiler::ruletest::{self, RULE_TESTS};
use tmc_compiler::{compile_with, Builtin, Compilation, OneFile, Options};

/// The stdlib and tmc's library, no model.
fn library() -> Compilation {
    let c = compile_with(&[], &Options::default(), &OneFile(""));
    assert!(!c.has_errors(), "{:?}", c.diagnostics);
    c
}

fn tmc_threats(library: &Library) -> impl Iterator<Item = &tmc_compiler::rules::Threat> {
    library
        .threats
        .iter()
        .filter(|t| t.library == Some(Builtin::Tmc))
}

#[test]
fn every_threat_is_categorised_rated_and_tested_both_ways() {
    let c = library();
    // (threat id) -> the sides its tests cover: fires, does not fire.
    let mut sides: BTreeMap<String, BTreeSet<bool>> = BTreeMap::new();
    for (name, text) in RULE_TESTS {
        let t = ruletest::compile_embedded(name, text, &Options::default());
        for o in ruletest::run(&t, &[]).outcomes {
            sides.entry(o.threat).or_default().insert(o.fires);
        }
    }
    let mut problems = Vec::new();
    for t in tmc_threats(&c.library) {
        // A privacy threat may have LINDDUN categories only (no security
        // property is broken when a purpose or legal basis is missing).
        if t.stride.is_empty() && t.linddun.is_empty() {
            problems.push(format!("{}: no STRIDE or LINDDUN category", t.id));
        }
        if t.likelihood.is_none() {
            problems.push(format!("{}: no likelihood", t.id));
        }
        let covered = sides.get(&t.id).map_or(0, BTreeSet::len);
        if covered < 2 {
            problems.push(format!(
                "{}: needs a test where it fires and one where it does not (threats/tmc/tests/)",
                t.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The names of the attributes a condition reads, the predicates it calls
/// followed.
fn reads(
    cond: &Cond,
    library: &Library,
    seen: &mut BTreeSet<PredicateId>,
    out: &mut BTreeSet<String>,
) {
    let mut inside = |c: &Cond| reads(c, library, seen, out);
    match cond {
        Cond::Lit(_) | Cond::Var(_) => {}
        Cond::Field(c, name) => {
            out.insert(name.to_string());
            reads(c, library, seen, out);
        }
        Cond::Not(c) | Cond::IsKind(c, _) | Cond::Count(c) => inside(c),
        Cond::And(a, b) | Cond::Or(a, b) | Cond::Compare(_, a, b) => {
            inside(a);
            inside(b);
        }
        Cond::In { value, list, .. } => {
            inside(value);
            inside(list);
        }
        Cond::Route { from, to, .. } => {
            inside(from);
            inside(to);
        }
        Cond::InItems { value, items, .. } => {
            inside(value);
            items.iter().for_each(inside);
        }
        Cond::Quantifier { list, body, .. } => {
            inside(list);
            inside(body);
        }
        Cond::Call { predicate, args } => {
            args.iter().for_each(&mut inside);
            if seen.insert(*predicate) {
                reads(&library.predicates[*predicate].body, library, seen, out);
            }
        }
    }
}

/// The attribute names the compiler reads by name (derived attributes,
/// findings, ratings, outputs): the list in `model::known`.
fn read_by_the_compiler() -> BTreeSet<String> {
    let known = tmc_compiler::model::known::ALL.iter();
    // `controls.isEncrypted` reads the field `isEncrypted` of `Controls`.
    known
        .filter_map(|k| k.name().rsplit('.').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_documented_attribute_is_read_or_says_it_is_informational() {
    let c = library();
    let mut read = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for t in tmc_threats(&c.library) {
        reads(&t.condition, &c.library, &mut seen, &mut read);
    }
    read.extend(read_by_the_compiler());
    let schema = &c.schema;
    let mut problems = Vec::new();
    let mut check = |owner: &str, name: &str, doc: &str| {
        if !read.contains(name) && !doc.contains("informational") {
            problems.push(format!(
                "{owner}.{name}: no rule of tmc's library reads it; its doc must say it is informational: {doc}"
            ));
        }
    };
    for kind in &schema.kinds {
        let element = schema.is_a(&kind.name, "Element");
        if !element && kind.name != "Data" {
            continue;
        }
        for attr in kind.attrs.iter().filter(|a| !a.derived) {
            // An inherited attribute is checked where it is declared.
            if attr.declared_in == kind.name {
                check(&kind.name, &attr.name, &attr.doc);
            }
        }
    }
    let controls = schema.record("Controls").expect("the stdlib's Controls");
    for field in &controls.fields {
        check("Controls", &field.name, &field.doc);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A small system with one element of each kind, in zones, with data of
/// every sensitivity; `@id@` marks where a setting is put into each body.
const PROBE: &str = r#"model "Probe" { description = "One of each kind." }
boundary internet "Internet" { trust = INTERNET }
boundary dmz "DMZ" { trust = DMZ }
boundary app "App" {
  trust = INTERNAL
  boundary vault "Vault" { trust = RESTRICTED }
}
Actor user "User" in internet { @user@ }
Actor admin "Admin" in internet { isAdmin = true @admin@ }
Server gw "Gateway" in dmz { protocol = "HTTPS" port = 443 usesSessionTokens = true usesXMLParser = true usesCache = true @gw@ }
Process api "API" in app { implementsAPI = true allowsClientSideScripting = true handlesResources = true environment = "Production" @api@ }
Lambda fn "Function" in app { @fn@ }
Datastore db "Orders DB" in vault { type = SQL storesPII = true storesSensitiveData = true hasWriteAccess = true isShared = true @db@ }
Datastore logs "Audit log" in vault { isSQL = false type = FILE_SYSTEM storesLogData = true @logs@ }
Datastore bucket "Bucket" in app { isSQL = false type = AWS_S3 onAWS = true @bucket@ }
ExternalEntity pay "Payments" { protocol = "HTTPS" @pay@ }
LLM llm "Model" { hasRAG = true hasAgentCapabilities = true hasAccessToSensitiveSystems = true executesCode = true processesPersonalData = true retainsUserData = true @llm@ }
Agent agent "Agent" in app { usesExternalTools = true @agent@ }
Data card "Card" { classification = SECRET isStored = true @card@ }
Data who "Profile" { isPII = true isStored = true format = "XML" @who@ }
Data pw "Password" { isCredentials = true credentialsLife = LONG @pw@ }
Data page "Page" { classification = PUBLIC format = "JSON" @page@ }
flow login: user -> gw "Logs in" { data = [pw, who] protocol = "HTTP" usesSessionTokens = true @login@ }
flow manage: admin -> gw "Manages" { data = [pw] @manage@ }
flow call: gw -> api "Calls" { data = [card, who] protocol = "HTTPS" @call@ }
flow store: api -> db "Stores" { data = [card, who] protocol = "SQL" @store@ }
flow audit: api -> logs "Audits" { data = [page] @audit@ }
flow put: fn -> bucket "Puts" { data = [who] @put@ }
flow pays: api -> pay "Pays" { data = [card] @pays@ }
flow ask: agent -> llm "Asks" { data = [who] @ask@ }
flow trigger: api -> fn "Triggers" { data = [page] @trigger@ }
flow reply: gw -> user "Answers" { data = [page] isResponse = true @reply@ }
"#;

/// The probe with `settings` written on every object that has the
/// attribute (its first name).
fn probe(settings: &[(&str, &str)], c: &Compilation) -> String {
    let mut text = PROBE.to_string();
    let ids: Vec<String> = PROBE
        .split('@')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let kinds: BTreeMap<&str, &str> = PROBE
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let (kind, id) = (words.next()?, words.next()?);
            let id = id.trim_end_matches(':');
            Some(if kind == "flow" {
                (id, "Dataflow")
            } else {
                (id, kind)
            })
        })
        .collect();
    for id in ids {
        let kind = kinds.get(id.as_str()).copied().unwrap_or("Dataflow");
        let written: Vec<String> = settings
            .iter()
            .filter(|(path, _)| has(c, kind, path))
            .map(|(path, value)| format!("{path} = {value}"))
            .collect();
        text = text.replace(&format!("@{id}@"), &written.join(" "));
    }
    text
}

/// Whether `kind` has the attribute at `path` (its first name).
fn has(c: &Compilation, kind: &str, path: &str) -> bool {
    let first = path.split('.').next().unwrap_or(path);
    c.schema
        .kind(kind)
        .is_some_and(|k| k.attrs.iter().any(|a| a.name == first))
}

/// The open findings of `text`, as `THREAT@element`.
fn findings(text: &str) -> BTreeSet<String> {
    let c = compile_with(
        &[PathBuf::from("probe.tm")],
        &Options::default(),
        &OneFile(text),
    );
    assert!(
        !c.has_errors(),
        "{}\n{text}",
        tmc_syntax::diagnostic::render_plain(&c.sources, &c.diagnostics)
    );
    let model = c.model.as_ref().expect("a model");
    let list = c.findings.as_ref().expect("findings");
    list.iter()
        .filter(|f| !f.is_excluded())
        .map(|f| f.id(&c.library, model))
        .collect()
}

#[test]
fn no_protection_adds_a_finding() {
    let c = library();
    // Every control, then the protective settings outside `controls`.
    let controls = c.schema.record("Controls").expect("Controls");
    let mut settings: Vec<(String, &str)> = controls
        .fields
        .iter()
        .filter(|f| f.ty == tmc_compiler::schema::Type::Bool)
        .map(|f| (format!("controls.{}", f.name), "true"))
        .collect();
    for (path, value) in [
        ("tlsVersion", "TLSv13"),
        ("usesVPN", "true"),
        ("hasContentFiltering", "true"),
        ("validatesToolLaunchConfig", "true"),
        ("tracksExecutionFlow", "true"),
        ("codeType", "\"Managed\""),
        ("filtersAttacks", "true"),
        ("hasDeadLetterQueue", "true"),
        ("usesManagedDevice", "true"),
        ("isPseudonymized", "true"),
    ] {
        settings.push((path.to_string(), value));
    }
    // Each one turned on over an unprotected system, and over one whose
    // channels are protected already (where an inverted rule,
    // one that fires because of a protection, shows).
    let bases: [&[(&str, &str)]; 2] = [
        &[],
        &[("controls.isEncrypted", "true"), ("tlsVersion", "TLSv13")],
    ];
    let mut problems = Vec::new();
    for base_settings in bases {
        let base = findings(&probe(base_settings, &c));
        assert!(base.len() > 10, "the probe gets findings: {base:?}");
        for (path, value) in &settings {
            let mut all = base_settings.to_vec();
            all.retain(|(p, _)| p != path);
            all.push((path, value));
            let after = findings(&probe(&all, &c));
            let added: Vec<&String> = after.difference(&base).collect();
            if !added.is_empty() {
                problems.push(format!(
                    "{path} = {value} over {base_settings:?} adds {added:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
