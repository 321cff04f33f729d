//! Rule tests (`tmc test`): a test is a model file with `Expect`
//! declarations (stdlib/tests.tm) beside its elements. Compiled like any
//! model, its findings are checked against each expectation: the threat
//! `threat` is reported on `on` (a finding that no assumption rules out),
//! or with `fires = false` it is not. This module works out the outcome of
//! each expectation and the problems with them, as plain data; the command
//! line renders them.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::files::{FileSystem, RealFs};
use crate::hash::Map;
use crate::model::known::{self, EXCLUDE, FIRES, ON, THREAT_ID};
use crate::model::{Model, Object, ObjectId, Role, Value};
use crate::rules::{Threat, ThreatId};
use crate::source::{FileId, Sources, Span};
use crate::syntax::{self, ast};
use crate::{suggest, Compilation, Finding, Options};

/// The tests of tmc's own threat library, run by `tmc test` with no files.
pub use crate::stdlib::RULE_TESTS;

/// One expectation checked against the findings.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The `Expect` object.
    pub expect: ObjectId,
    /// The threat id it names.
    pub threat: String,
    /// The element, boundary or flow it is checked on.
    pub on: ObjectId,
    /// Whether the threat must be reported there (`fires`).
    pub fires: bool,
    /// What the findings say.
    pub found: Found,
}

/// What the findings hold for one threat on one object.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// A finding that no assumption rules out, with its severity label
    /// (after any override).
    Reported { severity: String },
    /// A finding ruled out by the assumption named here.
    RuledOut { assumption: String },
    /// No finding, and why when it is not simply that the condition does
    /// not hold (the threat is excluded or deprecated, the object out of
    /// scope or unused).
    Nothing { because: Option<String> },
}

impl Outcome {
    /// The expectation holds.
    pub fn passed(&self) -> bool {
        matches!(self.found, Found::Reported { .. }) == self.fires
    }

    /// What was expected, e.g. "DE03 fires on login (Dataflow)".
    pub fn expected(&self, model: &Model) -> String {
        let verb = if self.fires { "fires" } else { "does not fire" };
        format!("{} {verb} on {}", self.threat, on(model, self.on))
    }

    /// What happened, e.g. "DE03 did not fire on login (Dataflow)" or
    /// "DE03 fired on safe (Dataflow), severity Medium".
    pub fn happened(&self, model: &Model) -> String {
        let (threat, on) = (&self.threat, on(model, self.on));
        match &self.found {
            Found::Reported { severity } => format!("{threat} fired on {on}, severity {severity}"),
            Found::RuledOut { assumption } => {
                format!("{threat} fired on {on} but the assumption \"{assumption}\" rules it out")
            }
            Found::Nothing { because: None } => format!("{threat} did not fire on {on}"),
            Found::Nothing { because: Some(why) } => {
                format!("{threat} did not fire on {on}: {why}")
            }
        }
    }
}

/// `login (Dataflow)`.
fn on(model: &Model, id: ObjectId) -> String {
    let o = model.object(id);
    format!("{} ({})", o.id, o.kind)
}

/// The outcome of every expectation of one test file, and the problems
/// with them: an unknown threat id or a threat that never targets the
/// kind of `on` (errors, and that expectation gets no outcome); a file
/// with no expectation (a warning).
#[derive(Debug, Default)]
pub struct Checked {
    pub outcomes: Vec<Outcome>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks the expectations of a compiled test. `exclude` is the threat ids
/// the run left out (`--exclude`), to say why a threat did not fire; the
/// model's own `exclude` is read from the model. Nothing to check when the
/// compilation has errors (no findings).
pub fn run(c: &Compilation, exclude: &[String]) -> Checked {
    let mut checked = Checked::default();
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return checked;
    };
    let mut excluded: BTreeSet<&str> = exclude.iter().map(String::as_str).collect();
    excluded.extend(Value::strings(model.header.attrs.get(EXCLUDE.name())));
    let mut threats: Map<&str, ThreatId> = Map::default();
    for (i, t) in c.library.threats.iter().enumerate() {
        threats.entry(t.id.as_str()).or_insert(ThreatId::at(i));
    }
    let mut found: Map<(ThreatId, ObjectId), &Finding> = Map::default();
    for f in findings {
        found.entry((f.threat, f.target)).or_insert(f);
    }
    let in_use = model.in_use();
    let mut members = Members::default();
    let mut any = false;
    for (index, expect) in model.objects.iter().enumerate() {
        if expect.role != Role::Expect {
            continue;
        }
        any = true;
        let (Some(Value::Str(threat)), Some(&Value::Ref(target))) = (
            expect.attrs.get(THREAT_ID.name()),
            expect.attrs.get(ON.name()),
        ) else {
            continue;
        };
        let fires = !matches!(expect.attrs.get(FIRES.name()), Some(Value::Bool(false)));
        let Some(&t) = threats.get(threat.as_str()) else {
            let at = members.span(&c.sources, expect, THREAT_ID.name());
            let ids = c.library.threats.iter().map(|t| t.id.as_str());
            checked.diagnostics.push(
                Diagnostic::error(
                    "unknown-threat",
                    format!("`{threat}` is expected but no threat has this id"),
                )
                .at(at, "no threat has this id")
                .note_opt(suggest::did_you_mean(threat, ids))
                .note("`tmc list-threats` lists every threat id of the rules in use"),
            );
            continue;
        };
        let rule = &c.library.threats[t];
        let object = model.object(target);
        if !rule.applies_to.contains(&object.kind) {
            let at = members.span(&c.sources, expect, "on");
            checked.diagnostics.push(
                Diagnostic::error(
                    "threat-not-applicable",
                    format!(
                        "{} is never checked on `{}`, which is a {}",
                        rule.id, object.id, object.kind
                    ),
                )
                .at(at, format!("not one of the kinds {} targets", rule.id))
                .also(rule.id_span, format!("{} is declared here", rule.id))
                .note(format!(
                    "{} targets {} (and the kinds below them)",
                    rule.id,
                    rule.targets.join(", ")
                )),
            );
            continue;
        }
        let found = match found.get(&(t, target)) {
            Some(f) => match &f.excluded_by {
                Some(assumption) => Found::RuledOut {
                    assumption: assumption.to_string(),
                },
                None => Found::Reported {
                    severity: f.severity.label().to_string(),
                },
            },
            None => Found::Nothing {
                because: why_not(rule, object, in_use[target.index()], &excluded),
            },
        };
        checked.outcomes.push(Outcome {
            expect: ObjectId(index as u32),
            threat: threat.clone(),
            on: target,
            fires,
            found,
        });
    }
    if !any {
        checked.diagnostics.push(
            Diagnostic::warning("no-expectations", "this test has no `Expect`, so it tests nothing")
                .at(model.header.span, "a test file without expectations")
                .note("write e.g. `Expect clear \"fires on a clear-text flow\" { threat_id = \"DE03\" on = login }`; `fires = false` expects it not to fire"),
        );
    }
    checked
}

/// Why a threat that applies to the object's kind has no finding there,
/// when the reason is not its condition.
fn why_not(
    threat: &Threat,
    object: &Object,
    used: bool,
    excluded: &BTreeSet<&str>,
) -> Option<String> {
    let id = threat.id.as_str();
    if excluded.contains(id) {
        Some(format!(
            "{id} is excluded from this run (`--exclude` or the model's `exclude`)"
        ))
    } else if threat.deprecated.is_some() {
        Some(format!("{id} is deprecated, and never reported"))
    } else if !known::in_scope(&object.attrs) {
        Some(format!(
            "`{}` is out of scope (`inScope = false`)",
            object.id
        ))
    } else if !used {
        Some(format!(
            "`{}` takes part in no flow and the model sets `ignoreUnused`",
            object.id
        ))
    } else {
        None
    }
}

/// Where the attributes of `Expect` declarations are written, from the
/// syntax of their files, parsed again once per file (the model keeps no
/// spans of attribute values).
#[derive(Default)]
struct Members {
    files: Map<FileId, Option<ast::File>>,
}

impl Members {
    /// The span of the value of `name` in the declaration of `expect`; its
    /// identifier when that is not found.
    fn span(&mut self, sources: &Sources, expect: &Object, name: &str) -> Span {
        let file = expect.id_span.file;
        let tree = self
            .files
            .entry(file)
            .or_insert_with(|| syntax::parse(file, sources.text(file)).ok());
        let decl = tree.as_ref().and_then(|t| {
            t.items.iter().find_map(|item| match item {
                ast::Item::Element(e) if e.id.span == expect.id_span => Some(e),
                _ => None,
            })
        });
        decl.and_then(|e| {
            e.body
                .iter()
                .find(|m| m.path.len() == 1 && m.path[0].name.as_str() == name)
        })
        .map_or(expect.id_span, |m| m.value.span)
    }
}

/// Compiles one embedded test (`name`, `text`) with `options`: the test is
/// read from memory, any other file (`--threats`) from disk.
pub fn compile_embedded(name: &str, text: &str, options: &Options) -> Compilation {
    let fs = Embedded {
        path: PathBuf::from(name),
        text,
    };
    crate::compile_with(&[PathBuf::from(name)], options, &fs)
}

/// One file in memory at its own path; every other path on disk.
struct Embedded<'a> {
    path: PathBuf,
    text: &'a str,
}

impl FileSystem for Embedded<'_> {
    fn read(&self, path: &Path) -> io::Result<String> {
        if path == self.path {
            Ok(self.text.to_string())
        } else {
            RealFs.read(path)
        }
    }

    fn identity(&self, path: &Path) -> PathBuf {
        if path == self.path {
            path.to_path_buf()
        } else {
            RealFs.identity(path)
        }
    }

    fn real_path(&self, path: &Path) -> Option<PathBuf> {
        if path == self.path {
            None
        } else {
            RealFs.real_path(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OneFile;

    fn checked(text: &str) -> (Compilation, Checked) {
        let c = crate::compile_with(
            &[PathBuf::from("t.tm")],
            &Options::default(),
            &OneFile(text),
        );
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        let checked = run(&c, &[]);
        (c, checked)
    }

    const MODEL: &str = r#"model "T" { description = "d" }
Actor user "User"
Server web "Web"
flow login: user -> web "Logs in" { protocol = "HTTP" }
flow safe: user -> web "Logs in over TLS" { protocol = "HTTPS" usesVPN = true controls.isEncrypted = true }
"#;

    #[test]
    fn an_expectation_passes_or_fails_by_the_findings() {
        let text = format!(
            "{MODEL}Expect a \"fires\" {{ threat_id = \"DE03\" on = login }}\n\
             Expect b \"quiet\" {{ threat_id = \"DE03\" on = safe fires = false }}\n\
             Expect c \"wrong\" {{ threat_id = \"DE03\" on = safe }}\n"
        );
        let (c, checked) = checked(&text);
        let model = c.model.as_ref().expect("model");
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        let passed: Vec<bool> = checked.outcomes.iter().map(Outcome::passed).collect();
        assert_eq!(passed, [true, true, false]);
        let failed = &checked.outcomes[2];
        assert_eq!(failed.expected(model), "DE03 fires on safe (Dataflow)");
        assert_eq!(
            failed.happened(model),
            "DE03 did not fire on safe (Dataflow)"
        );
        assert_eq!(
            checked.outcomes[0].happened(model),
            "DE03 fired on login (Dataflow), severity High"
        );
    }

    #[test]
    fn a_finding_ruled_out_by_an_assumption_does_not_fire() {
        let text = format!(
            "{}Expect a \"ruled out\" {{ threat_id = \"DE03\" on = login fires = false }}\n",
            MODEL.replace(
                "description = \"d\"",
                "description = \"d\" assumptions = [{ name = \"Private network\" exclude = [\"DE03\"] }]"
            )
        );
        let (c, checked) = checked(&text);
        let outcome = &checked.outcomes[0];
        assert!(outcome.passed());
        assert_eq!(
            outcome.happened(c.model.as_ref().expect("model")),
            "DE03 fired on login (Dataflow) but the assumption \"Private network\" rules it out"
        );
    }

    #[test]
    fn an_excluded_threat_says_why_it_did_not_fire() {
        let c = crate::compile_with(
            &[PathBuf::from("t.tm")],
            &Options {
                exclude: vec!["DE03".into()],
                ..Options::default()
            },
            &OneFile(&format!(
                "{MODEL}Expect a \"fires\" {{ threat_id = \"DE03\" on = login }}\n"
            )),
        );
        let checked = run(&c, &["DE03".into()]);
        let outcome = &checked.outcomes[0];
        assert!(!outcome.passed());
        assert_eq!(
            outcome.happened(c.model.as_ref().expect("model")),
            "DE03 did not fire on login (Dataflow): DE03 is excluded from this run (`--exclude` or the model's `exclude`)"
        );
    }

    #[test]
    fn an_unknown_threat_is_an_error_at_its_value_with_a_hint() {
        let text = format!("{MODEL}Expect a \"typo\" {{ threat_id = \"DE3\" on = login }}\n");
        let (c, checked) = checked(&text);
        assert!(checked.outcomes.is_empty());
        let d = &checked.diagnostics[0];
        assert!(d.is_error());
        assert_eq!(d.code, "unknown-threat");
        assert_eq!(c.sources.slice(d.span().expect("span")), "\"DE3\"");
        assert!(d.notes.iter().any(|n| n.contains("DE03")), "{:?}", d.notes);
    }

    #[test]
    fn a_kind_the_threat_never_targets_is_an_error_naming_its_targets() {
        let text = format!("{MODEL}Expect a \"server\" {{ threat_id = \"DE03\" on = web }}\n");
        let (c, checked) = checked(&text);
        let d = &checked.diagnostics[0];
        assert_eq!(d.code, "threat-not-applicable");
        assert_eq!(c.sources.slice(d.span().expect("span")), "web");
        assert!(
            d.notes
                .iter()
                .any(|n| n == "DE03 targets Dataflow (and the kinds below them)"),
            "{:?}",
            d.notes
        );
    }

    #[test]
    fn a_test_without_expectations_is_a_warning() {
        let (_, checked) = checked(MODEL);
        assert!(checked.outcomes.is_empty());
        assert_eq!(checked.diagnostics.len(), 1);
        assert!(!checked.has_errors());
        assert_eq!(checked.diagnostics[0].code, "no-expectations");
    }

    #[test]
    fn expectations_are_no_part_of_the_analysis_or_the_summary() {
        let text = format!("{MODEL}Expect a \"fires\" {{ threat_id = \"DE03\" on = login }}\n");
        let (c, _) = checked(&text);
        let (bare, _) = checked(MODEL);
        let model = c.model.as_ref().expect("model");
        assert_eq!(
            model.summary(),
            bare.model.as_ref().expect("model").summary()
        );
        let expect = model.lookup("a").expect("declared");
        let findings = c.findings.as_ref().expect("findings");
        assert!(findings.iter().all(|f| f.target != expect));
        assert_eq!(
            findings.len(),
            bare.findings.as_ref().expect("findings").len()
        );
    }

    #[test]
    fn every_embedded_test_compiles_and_passes() {
        assert!(!crate::stdlib::RULE_TESTS.is_empty());
        for (name, text) in crate::stdlib::RULE_TESTS {
            let c = compile_embedded(name, text, &Options::default());
            assert!(
                !c.has_errors(),
                "{name}: {}",
                crate::diagnostic::render_plain(&c.sources, &c.diagnostics)
            );
            let checked = run(&c, &[]);
            assert!(
                checked.diagnostics.is_empty(),
                "{name}: {:?}",
                checked.diagnostics
            );
            let model = c.model.as_ref().expect("model");
            for o in &checked.outcomes {
                assert!(
                    o.passed(),
                    "{name}: expected {}, but {}",
                    o.expected(model),
                    o.happened(model)
                );
            }
            // Each threat tested fires somewhere and is quiet somewhere.
            let tested: BTreeSet<&str> =
                checked.outcomes.iter().map(|o| o.threat.as_str()).collect();
            for t in tested {
                let sides: BTreeSet<bool> = checked
                    .outcomes
                    .iter()
                    .filter(|o| o.threat == t)
                    .map(|o| o.fires)
                    .collect();
                assert_eq!(
                    sides.len(),
                    2,
                    "{name}: {t} needs a case that fires and one that does not"
                );
            }
        }
    }
}
