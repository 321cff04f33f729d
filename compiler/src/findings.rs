//! Findings: each threat's condition run over every in-scope element of its
//! target kinds, then the model's decisions applied: threat ids excluded
//! from the run (`--exclude`, the model's `exclude`), assumptions that rule
//! a threat out (the finding is kept, marked excluded), and per-element
//! overrides (severity, likelihood, response, CVSS, texts).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::cancel::Cancel;
use crate::diagnostic::Diagnostic;
use crate::hash::Map;
use crate::model::known::{
    self, Known, ASSUMPTIONS, CVSS, DESCRIPTION, DETAILS, EXAMPLE, EXCLUDE, LIKELIHOOD,
    MITIGATIONS, NAME, OVERRIDES, REFERENCES, RESPONSE, SEVERITY, THREAT_ID,
};
use crate::model::{Attrs, Model, Object, ObjectId, Role, Value};
use crate::rating::Scales;
use crate::rules::eval::Evaluator;
use crate::rules::reach::Reach;
use crate::rules::{Level, Library, Threat, ThreatId};
use crate::suggest;

/// One threat found on one element.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The threat (`library.threats[finding.threat]`).
    pub threat: ThreatId,
    pub target: ObjectId,
    /// The rating: impact and likelihood combined (`rating`), or the
    /// override's.
    pub severity: Level,
    /// The harm it does here: the threat's severity moved by the data
    /// involved (`rating`).
    pub impact: Level,
    /// After any override.
    pub likelihood: Option<Level>,
    /// The override written for this threat on this element, if any.
    pub overridden: Option<Box<Override>>,
    /// The name of the assumption that rules it out, if one does: one copy
    /// shared by every finding it rules out (a model's assumption can rule
    /// a threat out on every element).
    pub excluded_by: Option<Arc<str>>,
    /// Where that assumption is written.
    pub excluded_at: Option<Assumed>,
    /// The triage that decides it, if one does: one copy shared by every
    /// finding it decides (`triage::apply`).
    pub triage: Option<Arc<crate::triage::decision::Decision>>,
    /// The route it names, for a path threat (`paths::found`).
    pub path: Option<Box<crate::paths::found::FoundPath>>,
}

/// Where an assumption is written: the `index`-th entry of the
/// `assumptions` of `object`, or of the model when `object` is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Assumed {
    pub object: Option<ObjectId>,
    pub index: usize,
}

/// What an analyst recorded about one finding (empty strings: not given).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Override {
    pub response: String,
    pub cvss: String,
    pub description: String,
    pub details: String,
    pub mitigations: String,
    pub example: String,
    pub references: String,
}

/// The texts of a finding that an override may replace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// The threat's title, or the override's `description`.
    Description,
    Details,
    Mitigations,
    Example,
}

/// A finding's id, `THREAT@element`: the same for the same model on every
/// run.
pub fn finding_id(threat: &Threat, target: &Object) -> String {
    format!("{}@{}", threat.id, target.id)
}

impl Finding {
    /// `THREAT@element` (see `finding_id`).
    pub fn id(&self, library: &Library, model: &Model) -> String {
        finding_id(&library.threats[self.threat], model.object(self.target))
    }

    /// The override's text for `field` when given, else the threat's.
    pub fn text<'a>(&'a self, threat: &'a Threat, field: Text) -> &'a str {
        let own = self.overridden.as_ref().map(|o| match field {
            Text::Description => &o.description,
            Text::Details => &o.details,
            Text::Mitigations => &o.mitigations,
            Text::Example => &o.example,
        });
        match own {
            Some(text) if !text.is_empty() => text,
            _ => match field {
                Text::Description => &threat.title,
                Text::Details => &threat.details,
                Text::Mitigations => &threat.mitigations,
                Text::Example => &threat.example,
            },
        }
    }

    pub fn is_excluded(&self) -> bool {
        self.excluded_by.is_some()
    }
}

/// What a run of the library over a model found.
pub(crate) struct Analysis {
    pub findings: Vec<Finding>,
    /// How many threat conditions were tested: each object's count of
    /// threats that apply to its kind, summed (`tmc --timings` prints it,
    /// so that benchmarks can show time per condition).
    pub conditions: usize,
}

/// Runs the library over the model. `exclude` lists threat ids dropped
/// from this run besides the model's own `exclude`. A cancelled run stops
/// between objects, with part of the findings.
pub(crate) fn analyze(
    model: &Model,
    library: &Library,
    scales: Option<&Scales>,
    exclude: &[String],
    cancel: &Cancel,
    diags: &mut Vec<Diagnostic>,
) -> Analysis {
    let mut excluded: BTreeSet<&str> = exclude.iter().map(String::as_str).collect();
    let header_excludes = model_excludes(model);
    excluded.extend(header_excludes.iter().map(String::as_str));
    let mut threats: Map<&str, usize> = Map::default();
    for (i, t) in library.threats.iter().enumerate() {
        threats.entry(&t.id).or_insert(i);
    }
    let known = |id: &str| threats.contains_key(id);
    for id in &excluded {
        if !known(id) {
            warn_unknown(library, id, "excluded", model.header.span, diags);
        }
    }
    let global = assumptions(model.header.attrs.get(ASSUMPTIONS.name()), None);
    for tid in global.iter().flat_map(|a| &a.excludes) {
        if !known(tid) {
            warn_unknown(library, tid, "assumed away", model.header.span, diags);
        }
    }
    let mut by_kind: Map<&str, Vec<usize>> = Map::default();
    for (i, t) in library.threats.iter().enumerate() {
        if excluded.contains(t.id.as_str()) || t.deprecated.is_some() {
            continue;
        }
        for kind in &t.applies_to {
            by_kind.entry(kind).or_default().push(i);
        }
    }
    let reach = Reach::default();
    let run = Run {
        model,
        library,
        eval: Evaluator {
            model,
            predicates: &library.predicates,
            reach: &reach,
        },
        by_kind,
        excluded,
        global_index: ruling_out(&global),
        global: &global,
        threats,
        in_use: model.in_use(),
        scales,
        cancel,
    };
    let (mut findings, found_diags) = run.all();
    diags.extend(found_diags);
    if !cancel.is_cancelled() {
        add_paths(model, library, &reach, &mut findings);
    }
    Analysis {
        findings,
        conditions: run.conditions(),
    }
}

/// One run of the library over a model: what every object is checked
/// with.
struct Run<'a> {
    model: &'a Model,
    library: &'a Library,
    eval: Evaluator<'a>,
    /// Indexes of the threats that apply to each kind.
    by_kind: Map<&'a str, Vec<usize>>,
    excluded: BTreeSet<&'a str>,
    /// The model's assumptions, and which of them first rules out each
    /// threat id.
    global: &'a [Assumption],
    global_index: Map<&'a str, usize>,
    /// The index of each threat, by id.
    threats: Map<&'a str, usize>,
    in_use: Vec<bool>,
    /// How findings are rated by exposure and data (`rating`).
    scales: Option<&'a Scales>,
    cancel: &'a Cancel,
}

impl Run<'_> {
    /// The findings and diagnostics of every object, in object order. A
    /// large model is split into one contiguous run of objects per core,
    /// evaluated side by side and joined in order, so the result is the
    /// same as one thread's.
    fn all(&self) -> (Vec<Finding>, Vec<Diagnostic>) {
        let n = self.model.objects.len();
        let parts = tmc_perf::split::runs(n, tmc_perf::MODEL_ITEMS, |range| self.range(range));
        // Joined into the first part's vectors, grown once to the exact
        // size (in place where the allocator can), rather than into fresh
        // ones beside all the parts.
        let total: usize = parts.iter().map(|(f, _)| f.len()).sum();
        let mut parts = parts.into_iter();
        let (mut findings, mut diags) = parts.next().unwrap_or_default();
        findings.reserve_exact(total - findings.len());
        for (f, d) in parts {
            findings.extend(f);
            diags.extend(d);
        }
        (findings, diags)
    }

    /// Whether the object at `index` is analysed: not data items, rule
    /// tests' expectations, objects out of scope or, with `ignoreUnused`,
    /// unused ones.
    fn analysed(&self, index: usize) -> bool {
        let object = &self.model.objects[index];
        !matches!(object.role, Role::Data | Role::Expect)
            && known::in_scope(&object.attrs)
            && self.in_use[index]
    }

    /// The threats whose conditions are tested on an analysed object.
    fn threats_for(&self, object: &Object) -> &[usize] {
        self.by_kind
            .get(object.kind.as_str())
            .map_or(&[], Vec::as_slice)
    }

    /// How many conditions a run tests.
    fn conditions(&self) -> usize {
        (0..self.model.objects.len())
            .filter(|&i| self.analysed(i))
            .map(|i| self.threats_for(&self.model.objects[i]).len())
            .sum()
    }

    fn range(&self, objects: std::ops::Range<usize>) -> (Vec<Finding>, Vec<Diagnostic>) {
        // At most one finding per threat tested: room for that many is
        // reserved (memory not written to costs nothing), so the list is
        // never copied to grow. A large run finds hundreds of thousands.
        let most: usize = self.model.objects[objects.clone()]
            .iter()
            .map(|o| self.threats_for(o).len())
            .sum();
        let mut findings = Vec::with_capacity(most);
        let mut diags = Vec::new();
        for index in objects {
            if self.cancel.is_cancelled() {
                break;
            }
            self.object(index, &mut findings, &mut diags);
        }
        (findings, diags)
    }

    /// The findings of one object, and the problems with its assumptions
    /// and overrides.
    fn object(&self, index: usize, findings: &mut Vec<Finding>, diags: &mut Vec<Diagnostic>) {
        let (model, library) = (self.model, self.library);
        let object = &model.objects[index];
        let id = ObjectId(index as u32);
        if !self.analysed(index) {
            return;
        }
        let known = |id: &str| self.threats.contains_key(id);
        let local = assumptions(object.attrs.get(ASSUMPTIONS.name()), Some(id));
        let local_index = ruling_out(&local);
        let overrides = overrides(object.attrs.get(OVERRIDES.name()));
        // The first override of each threat id (a second is reported below).
        let mut written: Map<&str, &Attrs> = Map::default();
        for (tid, o) in &overrides {
            written.entry(tid.as_str()).or_insert(*o);
        }
        for tid in local.iter().flat_map(|a| &a.excludes) {
            if !known(tid) {
                warn_unknown(library, tid, "assumed away", object.id_span, diags);
            }
        }
        let mut used = BTreeSet::new();
        let mut frame = Vec::new();
        // By whether the finding names a route (`Scales::shifts`).
        let mut shifts = [None, None];
        for &t in self.threats_for(object) {
            let threat = &library.threats[t];
            if !self
                .eval
                .holds(&mut frame, &threat.condition, threat.slots, id)
            {
                continue;
            }
            let tid = threat.id.as_str();
            let excluded = match local_index.get(tid) {
                Some(&i) => Some(&local[i]),
                None => self.global_index.get(tid).map(|&i| &self.global[i]),
            };
            let written = written.get(tid).copied();
            if written.is_some() {
                used.insert(tid);
            }
            let (impact, likelihood) = match self.scales {
                Some(scales) if Scales::rates(threat) => {
                    let route = threat.path.is_some_and(|p| p.is_attack_route());
                    let by = *shifts[usize::from(route)]
                        .get_or_insert_with(|| scales.shifts(model, id, route));
                    scales.rate(threat, by)
                }
                _ => (threat.severity, threat.likelihood),
            };
            let mut f = finding(impact, likelihood, t, id, written, excluded);
            if let (Some(scales), None) =
                (self.scales, written.and_then(|o| o.get(SEVERITY.name())))
            {
                f.severity = scales.severity(threat, impact, f.likelihood);
            }
            findings.push(f);
        }
        let mut seen = crate::hash::Set::default();
        for (tid, _) in &overrides {
            if !seen.insert(tid.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-override",
                        format!("{tid} is overridden twice on `{}`", object.id),
                    )
                    .at(object.id_span, "one override per threat and element")
                    .note("merge the two overrides into one"),
                );
                continue;
            }
            let threat = self.threats.get(tid.as_str()).map(|&t| &library.threats[t]);
            if threat.is_none() {
                warn_unknown(library, tid, "overridden", object.id_span, diags);
            } else if threat.is_some_and(|t| t.deprecated.is_some()) {
                diags.push(
                    Diagnostic::warning(
                        "unused-override",
                        format!("the override of {tid} on `{}` has no effect", object.id),
                    )
                    .at(object.id_span, format!("{tid} is deprecated"))
                    .note("deprecated threats are never reported"),
                );
            } else if !used.contains(tid.as_str()) && !self.excluded.contains(tid.as_str()) {
                diags.push(
                    Diagnostic::warning("unused-override", format!("the override of {tid} on `{}` matches no finding", object.id))
                        .at(object.id_span, format!("{tid} does not apply here"))
                        .note("the threat's condition does not hold for this element, so there is nothing to override"),
                );
            }
        }
    }
}

/// Gives each finding of a path threat its route (`paths::found`), and
/// drops those for which there is none.
fn add_paths(model: &Model, library: &Library, reach: &Reach, findings: &mut Vec<Finding>) {
    let ask = |f: &Finding| library.threats[f.threat].path;
    let asked: Vec<_> = findings
        .iter()
        .filter_map(|f| Some((ask(f)?, f.target)))
        .collect();
    let mut routes = crate::paths::found::routes(model, library, reach, &asked).into_iter();
    for f in findings.iter_mut().filter(|f| ask(f).is_some()) {
        f.path = routes.next().flatten().map(Box::new);
    }
    findings.retain(|f| ask(f).is_none() || f.path.is_some());
}

/// The finding of threat `index` with the rated `impact` and `likelihood`,
/// its severity the impact until the caller combines them.
fn finding(
    impact: Level,
    likelihood: Option<Level>,
    index: usize,
    target: ObjectId,
    written: Option<&Attrs>,
    excluded: Option<&Assumption>,
) -> Finding {
    let text = |field: Known| match written.and_then(|o| o.get(field.name())) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    };
    let level = |field: Known| {
        written
            .and_then(|o| o.get(field.name()))
            .and_then(Level::of)
    };
    Finding {
        threat: ThreatId::at(index),
        target,
        severity: level(SEVERITY).unwrap_or(impact),
        impact,
        likelihood: level(LIKELIHOOD).or(likelihood),
        overridden: written.map(|_| {
            Box::new(Override {
                response: text(RESPONSE),
                cvss: text(CVSS),
                description: text(DESCRIPTION),
                details: text(DETAILS),
                mitigations: text(MITIGATIONS),
                example: text(EXAMPLE),
                references: text(REFERENCES),
            })
        }),
        excluded_by: excluded.map(|a| a.name.clone()),
        excluded_at: excluded.map(|a| a.at),
        triage: None,
        path: None,
    }
}

fn warn_unknown(
    library: &Library,
    id: &str,
    what: &str,
    at: crate::source::Span,
    diags: &mut Vec<Diagnostic>,
) {
    let ids = library.threats.iter().map(|t| t.id.as_str());
    diags.push(
        Diagnostic::warning(
            "unknown-threat",
            format!("`{id}` is {what} but no threat has this id"),
        )
        .at(at, "mentioned here")
        .note_opt(suggest::did_you_mean(id, ids))
        .note("`tmc list-threats` lists every threat id"),
    );
}

/// The threat ids the model's `exclude` leaves out of the run.
pub(crate) fn model_excludes(model: &Model) -> Vec<String> {
    strings(model.header.attrs.get(EXCLUDE.name()))
}

fn strings(value: Option<&Value>) -> Vec<String> {
    Value::strings(value).map(String::from).collect()
}

fn records(value: Option<&Value>) -> impl Iterator<Item = &Attrs> {
    Value::items(value).iter().filter_map(Value::as_record)
}

/// An assumption of the model or of one object.
struct Assumption {
    name: Arc<str>,
    /// The threat ids it rules out.
    excludes: Vec<String>,
    at: Assumed,
}

/// The assumptions in `value` (the `assumptions` of `object`, or of the
/// model).
fn assumptions(value: Option<&Value>, object: Option<ObjectId>) -> Vec<Assumption> {
    Value::items(value)
        .iter()
        .enumerate()
        .filter_map(|(index, item)| Some((index, item.as_record()?)))
        .map(|(index, r)| {
            let name = match r.get(NAME.name()) {
                Some(Value::Str(s)) => s.as_str(),
                _ => "",
            };
            Assumption {
                name: Arc::from(name),
                excludes: strings(r.get(EXCLUDE.name())),
                at: Assumed { object, index },
            }
        })
        .collect()
}

/// The first of `assumptions` that rules out each threat id.
fn ruling_out(assumptions: &[Assumption]) -> Map<&str, usize> {
    let mut first = Map::default();
    for (i, a) in assumptions.iter().enumerate() {
        for id in &a.excludes {
            first.entry(id.as_str()).or_insert(i);
        }
    }
    first
}

/// (threat id, override record) of each override.
fn overrides(value: Option<&Value>) -> Vec<(String, &Attrs)> {
    records(value)
        .filter_map(|r| match r.get(THREAT_ID.name()) {
            Some(Value::Str(id)) => Some((id.clone(), r)),
            _ => None,
        })
        .collect()
}

/// The findings of each object, by object index (for a model of `objects`
/// objects), in the order given: built once, so that outputs listing
/// objects with their findings do not scan every finding per object.
pub fn by_target(findings: &[Finding], objects: usize) -> Vec<Vec<&Finding>> {
    let mut own = vec![Vec::new(); objects];
    for f in findings {
        if let Some(list) = own.get_mut(f.target.index()) {
            list.push(f);
        }
    }
    own
}

/// The worst severity among findings (of one element) that are not
/// excluded.
pub fn worst<'a>(findings: &[&'a Finding]) -> Option<&'a Level> {
    findings
        .iter()
        .filter(|f| !f.is_excluded())
        .map(|f| &f.severity)
        .max_by_key(|l| l.rank)
}
