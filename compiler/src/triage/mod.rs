//! Risk tracking: the model's `Triage` declarations (stdlib/triage.tm),
//! checked as they are declared (`check_entry`: dates, justification,
//! kinds) and matched to the findings they decide once the findings exist
//! (`apply`): the most specific triage of a finding wins, two equally
//! specific ones are an error, and a decision past its review date counts
//! as open again. `gate` reads the result. The plain data is in
//! `decision` (days, statuses, decisions), the writer of new triages in
//! `record`.

pub(crate) mod decision;
mod record;

pub use decision::{Date, Decision, Status};
pub use record::{record, Edit, Record};

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::findings::Finding;
use crate::hash::{Map, Set};
use crate::model::known::{
    Known, DECIDED, JUSTIFICATION, KINDS, ON, OWNER, REVIEW_BY, STATUS, THREAT_ID, TICKET,
};
use crate::model::{Attrs, Model, Object, ObjectId, Role, Value};
use crate::rules::Library;
use crate::schema::{self, Schema};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast;

/// Checks one `Triage` declaration as it is declared (`body` is what it
/// writes, `attrs` its checked attributes): the dates are days, written
/// `YYYY-MM-DD`, the review after the decision; a decision that needs a
/// justification has one; `kinds` are element kinds; `threat_id` is not
/// empty.
pub(crate) fn check_entry(
    schema: &Schema,
    body: &[ast::Member],
    attrs: &Attrs,
    at: Span,
    diags: &mut Vec<Diagnostic>,
) {
    let written = |name: &str| {
        body.iter()
            .find(|m| matches!(m.path.as_slice(), [n] if n.name.as_str() == name))
            .map(|m| m.value.span)
    };
    let text = |name: &str| attrs.get(name).and_then(Value::as_str).unwrap_or("");
    if text(THREAT_ID.name()).trim().is_empty() {
        diags.push(
            Diagnostic::error("empty-threat-id", "a triage names no threat")
                .at(written(THREAT_ID.name()).unwrap_or(at), "empty")
                .note("write a threat id such as \"INP02\", or \"*\" for every threat"),
        );
    }
    let status = status_of(attrs);
    if let Some(status) = status.filter(|s| s.needs_justification()) {
        if text(JUSTIFICATION.name()).trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "missing-justification",
                    format!("a triage that marks findings {status} must say why"),
                )
                .at(
                    written(STATUS.name()).unwrap_or(at),
                    format!("{status} here"),
                )
                .note("add `justification = \"...\"`: the reason a reviewer can check"),
            );
        }
    }
    let why = text(JUSTIFICATION.name()).trim_start();
    if why.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("todo")) {
        diags.push(
            Diagnostic::warning(
                "placeholder-justification",
                "the justification is a placeholder",
            )
            .at(
                written(JUSTIFICATION.name()).unwrap_or(at),
                "still to be written",
            )
            .note("say why the decision holds, in words a reviewer can check"),
        );
    }
    let mut day = |known: Known| {
        let given = text(known.name());
        if given.is_empty() {
            return None;
        }
        match Date::parse(given) {
            Ok(day) => Some(day),
            Err(why) => {
                diags.push(
                    Diagnostic::error("bad-date", why)
                        .at(written(known.name()).unwrap_or(at), "not a date")
                        .note(format!("write `{} = \"2027-03-31\"`", known.name())),
                );
                None
            }
        }
    };
    let (decided, review_by) = (day(DECIDED), day(REVIEW_BY));
    if let (Some(decided), Some(review)) = (decided, review_by) {
        if review < decided {
            diags.push(
                Diagnostic::error(
                    "review-before-decision",
                    format!("the review date {review} is before the decision, {decided}"),
                )
                .at(written(REVIEW_BY.name()).unwrap_or(at), "before `decided`")
                .note("a decision is reviewed after it is taken; check the two dates"),
            );
        }
    }
    check_kinds(schema, attrs, written(KINDS.name()).unwrap_or(at), diags);
}

/// Reports each name in a triage's `kinds` that is not an element kind.
fn check_kinds(schema: &Schema, attrs: &Attrs, at: Span, diags: &mut Vec<Diagnostic>) {
    let elements = || {
        schema
            .kinds
            .iter()
            .map(|k| k.name.as_str())
            .filter(|k| schema.is_a(k, schema::ELEMENT))
    };
    for name in Value::strings(attrs.get(KINDS.name())) {
        if schema.kind(name).is_some() && schema.is_a(name, schema::ELEMENT) {
            continue;
        }
        diags.push(
            Diagnostic::error("unknown-kind", format!("`{name}` is not an element kind"))
                .at(at, "in `kinds`")
                .note_opt(suggest::did_you_mean(name, elements()))
                .note("`tmc list-elements` lists every kind"),
        );
    }
}

/// The status a triage's attributes give.
fn status_of(attrs: &Attrs) -> Option<Status> {
    let member = attrs.get(STATUS.name())?.as_member()?;
    Status::parse(member.as_str())
}

/// One `Triage` of the model, ready to match findings.
struct Entry<'m> {
    object: &'m Object,
    /// `None` for `"*"`.
    threat: Option<&'m str>,
    /// What `on` names, and which of those are boundaries.
    on: Set<ObjectId>,
    boundaries: Set<ObjectId>,
    kinds: Vec<&'m str>,
    decision: Arc<Decision>,
}

/// How specifically a triage names a finding, compared field by field:
/// the element itself (3), a boundary holding it (2, the innermost
/// closest), every element (0); then restricted by `kinds`; then an exact
/// threat id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Specificity {
    level: u8,
    closeness: u32,
    kinds: bool,
    exact: bool,
}

impl Entry<'_> {
    /// How specifically it names a finding on `target`, which `holders`
    /// hold (innermost first), if it does.
    fn names(
        &self,
        model: &Model,
        schema: &Schema,
        target: ObjectId,
        holders: &[ObjectId],
    ) -> Option<Specificity> {
        let object = model.object(target);
        if !self.kinds.is_empty() && !self.kinds.iter().any(|k| schema.is_a(&object.kind, k)) {
            return None;
        }
        let (level, closeness) = if self.on.is_empty() {
            (0, 0)
        } else if self.on.contains(&target) {
            (3, 0)
        } else {
            let depth = holders.iter().position(|b| self.boundaries.contains(b))?;
            (2, u32::MAX - depth as u32)
        };
        Some(Specificity {
            level,
            closeness,
            kinds: !self.kinds.is_empty(),
            exact: self.threat.is_some(),
        })
    }
}

/// The triages by what they name, so that each finding is compared with
/// the few that can decide it rather than with every triage of its
/// threat: a model can hold one triage per finding.
struct Index<'m> {
    /// By threat id (`None`: `"*"`) and an object its `on` names.
    on: Map<(Option<&'m str>, ObjectId), Vec<usize>>,
    /// By threat id, those whose `on` is empty.
    everywhere: Map<Option<&'m str>, Vec<usize>>,
}

impl<'m> Index<'m> {
    fn of(entries: &[Entry<'m>]) -> Index<'m> {
        let mut index = Index {
            on: Map::default(),
            everywhere: Map::default(),
        };
        for (i, e) in entries.iter().enumerate() {
            if e.on.is_empty() {
                index.everywhere.entry(e.threat).or_default().push(i);
            }
            for &o in &e.on {
                index.on.entry((e.threat, o)).or_default().push(i);
            }
        }
        index
    }

    /// The triages that may decide the finding of `threat` on `target`,
    /// which `boundaries` hold, each once, in declaration order.
    fn candidates(
        &self,
        threat: &str,
        target: ObjectId,
        boundaries: &[ObjectId],
        out: &mut Vec<usize>,
    ) {
        out.clear();
        for id in [Some(threat), None] {
            for &o in std::iter::once(&target).chain(boundaries) {
                out.extend(self.on.get(&(id, o)).into_iter().flatten());
            }
            out.extend(self.everywhere.get(&id).into_iter().flatten());
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// The boundaries holding `target`, innermost first: an element's
/// boundary and the ones around it; for a flow, those holding both its
/// ends.
fn holders(model: &Model, target: ObjectId) -> Vec<ObjectId> {
    let chain = |mut at: Option<ObjectId>| {
        let mut chain = Vec::new();
        while let Some(b) = at {
            // A cycle of boundaries is an error reported by checking; the
            // bound keeps a model that has one from looping here.
            if chain.contains(&b) || chain.len() > model.objects.len() {
                break;
            }
            chain.push(b);
            at = model.object(b).boundary;
        }
        chain
    };
    match model.object(target).role {
        Role::Flow { source, sink } => {
            let outer = chain(model.object(sink).boundary);
            let mut both = chain(model.object(source).boundary);
            both.retain(|b| outer.contains(b));
            both
        }
        _ => chain(model.object(target).boundary),
    }
}

/// Matches the model's triages to `findings` (setting each finding's
/// `triage`), with `today` deciding which have expired (none, without a
/// day). Reports triages that conflict, match no finding, lose every
/// finding to more specific ones or have expired. `excluded` lists the
/// threat ids left out of the run: a triage of one of them matches nothing
/// and is not reported for it.
pub(crate) fn apply(
    model: &Model,
    schema: &Schema,
    library: &Library,
    findings: &mut [Finding],
    today: Option<Date>,
    excluded: &BTreeSet<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    let entries = entries(model, today);
    if entries.is_empty() {
        return;
    }
    let known: Set<&str> = library.threats.iter().map(|t| t.id.as_str()).collect();
    let index = Index::of(&entries);
    let mut matched = vec![0usize; entries.len()];
    let mut won = vec![0usize; entries.len()];
    let mut conflicts: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut conflict_example: Map<(usize, usize), String> = Map::default();
    let mut holding: Option<(ObjectId, Vec<ObjectId>)> = None;
    let mut candidates = Vec::new();
    let mut ranked: Vec<(Specificity, usize)> = Vec::new();
    for f in findings.iter_mut() {
        let threat = library.threats[f.threat].id.as_str();
        // Findings come object by object: the boundaries around one are
        // worked out once.
        if holding.as_ref().is_none_or(|(t, _)| *t != f.target) {
            holding = Some((f.target, holders(model, f.target)));
        }
        let boundaries = holding.as_ref().map_or(&[][..], |(_, b)| b.as_slice());
        index.candidates(threat, f.target, boundaries, &mut candidates);
        ranked.clear();
        ranked.extend(candidates.iter().filter_map(|&i| {
            let spec = entries[i].names(model, schema, f.target, boundaries)?;
            Some((spec, i))
        }));
        let Some(&(top, first)) = ranked
            .iter()
            .max_by_key(|(spec, i)| (*spec, std::cmp::Reverse(*i)))
        else {
            continue;
        };
        for &(spec, i) in &ranked {
            matched[i] += 1;
            if spec == top && i != first {
                let pair = (first.min(i), first.max(i));
                if conflicts.insert(pair) {
                    conflict_example.insert(pair, f.id(library, model));
                }
            }
        }
        won[first] += 1;
        f.triage = Some(Arc::clone(&entries[first].decision));
    }
    for &(a, b) in &conflicts {
        let (first, second) = (entries[a].object, entries[b].object);
        let example = &conflict_example[&(a, b)];
        diags.push(
            Diagnostic::error(
                "conflicting-triage",
                format!(
                    "`{}` and `{}` both decide {example}, and neither is more specific",
                    first.id, second.id
                ),
            )
            .at(second.id_span, "second triage")
            .also(first.id_span, "first triage")
            .note(
                "name the element itself in one of them, narrow it with `kinds`, or merge the two",
            ),
        );
    }
    for (i, e) in entries.iter().enumerate() {
        report_entry(e, matched[i], won[i], &known, excluded, library, diags);
    }
}

/// The warnings about one triage once every finding is matched: an
/// unknown threat, no finding matched, every match lost to more specific
/// triages, or expired.
fn report_entry(
    e: &Entry,
    matched: usize,
    won: usize,
    known: &Set<&str>,
    excluded: &BTreeSet<&str>,
    library: &Library,
    diags: &mut Vec<Diagnostic>,
) {
    let id = &e.object.id;
    let at = e.object.id_span;
    let threat = e.threat.unwrap_or("every threat");
    if let Some(tid) = e.threat.filter(|t| !known.contains(t)) {
        let ids = library.threats.iter().map(|t| t.id.as_str());
        diags.push(
            Diagnostic::warning(
                "unknown-threat",
                format!("`{tid}` is triaged by `{id}` but no threat has this id"),
            )
            .at(at, "this triage")
            .note_opt(suggest::did_you_mean(tid, ids))
            .note("`tmc list-threats` lists every threat id"),
        );
        return;
    }
    if e.threat.is_some_and(|t| excluded.contains(t)) {
        return;
    }
    if matched == 0 {
        diags.push(
            Diagnostic::warning(
                "unused-triage",
                format!("the triage `{id}` of {threat} matches no finding"),
            )
            .at(at, "decides nothing")
            .note("the threat is not reported on what `on` and `kinds` name; remove the triage, or check its targets"),
        );
    } else if won == 0 {
        diags.push(
            Diagnostic::warning(
                "unused-triage",
                format!("every finding the triage `{id}` of {threat} matches has a more specific triage"),
            )
            .at(at, "decides nothing")
            .note("remove it, or the more specific triages"),
        );
    } else if e.decision.expired && e.decision.status.closes() {
        let day = e
            .decision
            .review_by
            .map(|d| d.to_string())
            .unwrap_or_default();
        diags.push(
            Diagnostic::warning(
                "expired-triage",
                format!(
                    "the triage `{id}` ({}) of {threat} was due for review on {day}: its {won} finding{} count{} as open again",
                    e.decision.status,
                    if won == 1 { "" } else { "s" },
                    if won == 1 { "s" } else { "" },
                ),
            )
            .at(at, "review date passed")
            .note("review the decision, then set a new `reviewBy` (or change the status)"),
        );
    }
}

/// The model's triages, in declaration order, with what they decide.
fn entries(model: &Model, today: Option<Date>) -> Vec<Entry<'_>> {
    let text = |attrs: &Attrs, name: &str| {
        attrs
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let day = |attrs: &Attrs, name: &str| Date::parse(&text(attrs, name)).ok();
    let mut entries = Vec::new();
    for (index, object) in model.objects.iter().enumerate() {
        if object.role != Role::Triage {
            continue;
        }
        let attrs = &object.attrs;
        let Some(status) = status_of(attrs) else {
            continue;
        };
        let threat = attrs.get(THREAT_ID.name()).and_then(Value::as_str);
        let on: Set<ObjectId> = Value::items(attrs.get(ON.name()))
            .iter()
            .filter_map(|v| match v {
                Value::Ref(id) => Some(*id),
                _ => None,
            })
            .collect();
        let boundaries = on
            .iter()
            .copied()
            .filter(|&b| model.object(b).role == Role::Boundary)
            .collect();
        let review_by = day(attrs, REVIEW_BY.name());
        entries.push(Entry {
            object,
            threat: threat.filter(|t| *t != "*"),
            on,
            boundaries,
            kinds: Value::strings(attrs.get(KINDS.name())).collect(),
            decision: Arc::new(Decision {
                entry: ObjectId(index as u32),
                status,
                justification: text(attrs, JUSTIFICATION.name()),
                owner: text(attrs, OWNER.name()),
                ticket: text(attrs, TICKET.name()),
                decided: day(attrs, DECIDED.name()),
                review_by,
                expired: matches!((review_by, today), (Some(r), Some(t)) if r < t),
            }),
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model with two rules that fire on every asset and flow, a
    /// boundary `outer` holding `inner`, and `triages` after it; compiled
    /// on 2026-12-05 with only those rules.
    fn triaged(triages: &str) -> crate::Compilation {
        let text = format!(
            r#"model "m" {{ description = "d" }}
threat T1 "One" {{ targets = [Asset, Dataflow] severity = High when = true }}
threat T2 "Two" {{ targets = [Asset] severity = Low when = true }}
boundary outer "Outer" {{
  boundary inner "Inner" {{
    Server api "API" {{}}
    Datastore db "DB" {{}}
  }}
  Server web "Web" {{}}
}}
Server edge "Edge" {{}}
flow q: api -> db "Query" {{}}
flow r: web -> api "Call" {{}}
{triages}"#
        );
        let options = crate::Options {
            threats: crate::ThreatSources::none(),
            today: Date::parse("2026-12-05").ok(),
            ..Default::default()
        };
        crate::compile_with(
            &[std::path::PathBuf::from("m.tm")],
            &options,
            &crate::OneFile(&text),
        )
    }

    /// `finding id -> (status, deciding triage)` of the triaged findings.
    fn decided(c: &crate::Compilation) -> Vec<(String, String)> {
        let model = c.model.as_ref().expect("a model");
        let findings = c.findings.as_ref().expect("findings");
        findings
            .iter()
            .filter_map(|f| {
                let d = f.triage.as_ref()?;
                let by = &model.object(d.entry).id;
                Some((f.id(&c.library, model), format!("{} by {by}", d.label())))
            })
            .collect()
    }

    fn codes(c: &crate::Compilation) -> Vec<&str> {
        c.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn the_most_specific_triage_decides_each_finding() {
        let c = triaged(
            r#"
Triage everywhere { threat_id = "*" status = IN_PROGRESS }
Triage stores { threat_id = "*" kinds = ["Datastore"] status = NEEDS_INVESTIGATION }
Triage outer_t1 { threat_id = "T1" on = [outer] status = MITIGATED }
Triage inner_t1 { threat_id = "T1" on = [inner] status = TRANSFERRED justification = "Provider." }
Triage api_any { threat_id = "*" on = [api] status = FALSE_POSITIVE justification = "Not real." }
Triage api_t1 { threat_id = "T1" on = [api] status = ACCEPTED justification = "Low value." }
"#,
        );
        assert_eq!(codes(&c), Vec::<&str>::new(), "{:?}", c.diagnostics);
        let got = decided(&c);
        let want = [
            ("T1@api", "accepted by api_t1"),
            ("T2@api", "false-positive by api_any"),
            ("T1@db", "transferred by inner_t1"),
            ("T2@db", "needs-investigation by stores"),
            ("T1@web", "mitigated by outer_t1"),
            ("T2@web", "in-progress by everywhere"),
            ("T1@edge", "in-progress by everywhere"),
            ("T2@edge", "in-progress by everywhere"),
            // Both ends in `inner`: the innermost boundary decides.
            ("T1@q", "transferred by inner_t1"),
            // `web` is in `outer` only: so is the flow.
            ("T1@r", "mitigated by outer_t1"),
        ];
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        want.sort();
        assert_eq!(got_sorted, want);
    }

    #[test]
    fn equally_specific_triages_of_one_finding_are_an_error_naming_both() {
        let c = triaged(
            r#"
Triage a { threat_id = "T2" on = [web] status = MITIGATED }
Triage b { threat_id = "T2" on = [web, edge] status = IN_PROGRESS }
"#,
        );
        assert_eq!(codes(&c), ["conflicting-triage"]);
        let d = &c.diagnostics[0];
        assert_eq!(
            d.message,
            "`a` and `b` both decide T2@web, and neither is more specific"
        );
        assert_eq!(d.labels.len(), 2);
    }

    #[test]
    fn equal_triages_that_a_more_specific_one_beats_do_not_conflict() {
        let c = triaged(
            r#"
Triage b1 { threat_id = "T2" on = [inner] status = MITIGATED }
Triage b2 { threat_id = "T2" on = [inner, edge] status = IN_PROGRESS }
Triage e1 { threat_id = "T2" on = [api, db] status = NEEDS_INVESTIGATION }
"#,
        );
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        assert_eq!(codes(&c), ["unused-triage"], "b1 loses both findings to e1");
        let got = decided(&c);
        assert!(got.contains(&("T2@edge".into(), "in-progress by b2".into())));
        assert!(got.contains(&("T2@db".into(), "needs-investigation by e1".into())));
    }

    #[test]
    fn triages_that_decide_nothing_are_reported() {
        let c = triaged(
            r#"
Triage nothing { threat_id = "T2" on = [q] status = MITIGATED }
Triage shadowed { threat_id = "T1" on = [q] kinds = ["Server"] status = MITIGATED }
Triage wide { threat_id = "T2" on = [edge] status = MITIGATED }
Triage narrow { threat_id = "T2" on = [edge] kinds = ["Server"] status = IN_PROGRESS }
Triage typo { threat_id = "T3" status = MITIGATED }
"#,
        );
        let mut warned: Vec<String> = c
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        warned.sort();
        assert_eq!(
            warned,
            [
                "unknown-threat: `T3` is triaged by `typo` but no threat has this id",
                "unused-triage: every finding the triage `wide` of T2 matches has a more specific triage",
                "unused-triage: the triage `nothing` of T2 matches no finding",
                "unused-triage: the triage `shadowed` of T1 matches no finding",
            ]
        );
        assert!(!c.has_errors());
    }

    #[test]
    fn a_decision_past_its_review_day_counts_as_open_again() {
        let c = triaged(
            r#"
Triage due_today { threat_id = "T2" on = [web] status = ACCEPTED justification = "x" reviewBy = "2026-12-05" }
Triage overdue { threat_id = "T2" on = [edge] status = ACCEPTED justification = "x" reviewBy = "2026-12-04" }
Triage open_anyway { threat_id = "T2" on = [api] status = IN_PROGRESS reviewBy = "2026-01-01" }
"#,
        );
        assert_eq!(codes(&c), ["expired-triage"], "{:?}", c.diagnostics);
        let findings = c.findings.as_ref().unwrap();
        let model = c.model.as_ref().unwrap();
        let open = |id: &str| {
            let f = findings
                .iter()
                .find(|f| f.id(&c.library, model) == id)
                .unwrap();
            crate::gate::standing(f).is_open()
        };
        assert!(!open("T2@web"), "reviewed on its review day: still closed");
        assert!(open("T2@edge"));
        assert!(open("T2@api"));
        let day = Date::parse("2026-12-05").unwrap();
        let due: Vec<String> = crate::gate::expiring(findings, day)
            .iter()
            .map(|f| f.id(&c.library, model))
            .collect();
        assert_eq!(due, ["T2@web", "T2@edge"]);
    }

    #[test]
    fn bad_triages_are_errors_at_the_value() {
        let c = triaged(
            r#"
Triage t {
  threat_id = ""
  kinds = ["Datastor"]
  status = ACCEPTED
  decided = "2026-12-05"
  reviewBy = "2026-12-01"
}
Triage u { threat_id = "T1" status = MITIGATED decided = "5 Dec 2026" justification = "TODO" }
"#,
        );
        let mut got: Vec<String> = c
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                "bad-date: `5 Dec 2026` is not a date written YYYY-MM-DD",
                "empty-threat-id: a triage names no threat",
                "missing-justification: a triage that marks findings accepted must say why",
                "placeholder-justification: the justification is a placeholder",
                "review-before-decision: the review date 2026-12-01 is before the decision, 2026-12-05",
                "unknown-kind: `Datastor` is not an element kind",
            ]
        );
        let kind = c
            .diagnostics
            .iter()
            .find(|d| d.code == "unknown-kind")
            .unwrap();
        assert!(
            kind.notes.iter().any(|n| n.contains("`Datastore`")),
            "{:?}",
            kind.notes
        );
    }

    #[test]
    fn an_old_identifier_finds_the_renamed_element() {
        let c = triaged(
            r#"
Server storefront "Store" { renamedFrom = ["shop"] }
flow s: shop -> api "Old name in a flow" {}
Triage t { threat_id = "T2" on = [shop] status = MITIGATED }
"#,
        );
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        assert!(decided(&c).contains(&("T2@storefront".into(), "mitigated by t".into())));
        let model = c.model.as_ref().unwrap();
        let s = model.object(model.lookup("s").unwrap());
        assert!(
            matches!(s.role, Role::Flow { source, .. } if source == model.lookup("storefront").unwrap())
        );
    }

    #[test]
    fn an_old_identifier_in_use_is_refused() {
        let c = triaged(
            r#"
Server a1 "A" { renamedFrom = ["web"] }
Server a2 "B" { renamedFrom = ["old"] }
Server a3 "C" { renamedFrom = ["old", "old"] }
"#,
        );
        let codes = codes(&c);
        assert_eq!(
            codes,
            ["renamed-from-taken", "renamed-from-taken"],
            "{:?}",
            c.diagnostics
        );
    }

    #[test]
    fn a_triage_sits_in_no_boundary() {
        let c = triaged("Triage t in outer { threat_id = \"T1\" status = MITIGATED }\n");
        assert!(
            codes(&c).contains(&"triage-in-boundary"),
            "{:?}",
            c.diagnostics
        );
    }
}
