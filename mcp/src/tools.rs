//! Each tool of the server as a plain function: its input in, an `Answer`
//! out, no protocol in sight (`server` does that). Models arrive as text
//! (`source::ModelInput`); the answers are the command line's own, as
//! text or as the JSON of its `--format json`, so what an assistant reads
//! is what `tmc` prints.

use std::sync::OnceLock;

use serde_json::{json, Value as Json};
use tmc_compiler::findings::Text;
use tmc_compiler::rules::Level;
use tmc_compiler::{describe, explain, gate, paths, Compilation, Finding, Model, Schema};
use tmc_diagram::{ir, svg};
use tmc_output::{dot, mermaid};
use tmc_syntax::diagnostic;

use crate::source::ModelInput;

/// The language reference, docs/language.md, built into the binary.
pub const LANGUAGE: &str = include_str!("../../docs/language.md");

/// How many findings `threats` lists unless asked for more: each is about
/// 600 bytes of an assistant's context.
pub const FINDINGS_SHOWN: usize = 50;

/// What a tool answers: text for the assistant to read, and the same as
/// structured data when the answer is JSON; `ok` false when the tool could
/// not do what was asked (the model has errors, a name is unknown).
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub ok: bool,
    pub text: String,
    pub data: Option<Json>,
}

impl Answer {
    /// A text answer.
    fn text(ok: bool, text: impl Into<String>) -> Answer {
        Answer {
            ok,
            text: text.into(),
            data: None,
        }
    }

    /// A JSON answer, its text the JSON pretty-printed.
    fn json(ok: bool, data: Json) -> Answer {
        let text = serde_json::to_string_pretty(&data).unwrap_or_default();
        Answer {
            ok,
            text,
            data: Some(data),
        }
    }
}

/// The stdlib's schema, compiled once.
fn schema() -> Result<&'static Schema, Answer> {
    static SCHEMA: OnceLock<Option<Schema>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let (schema, _, diagnostics) = tmc_compiler::stdlib_schema();
            (!diagnostics.iter().any(|d| d.is_error())).then_some(schema)
        })
        .as_ref()
        .ok_or_else(|| {
            Answer::text(
                false,
                "the built-in stdlib does not compile; this is a bug in tmc",
            )
        })
}

/// `language_reference`: the whole language reference.
pub fn language_reference() -> Answer {
    Answer::text(true, LANGUAGE)
}

/// `list_elements`: every kind, record and enum, grouped.
pub fn list_elements() -> Answer {
    match schema() {
        Ok(schema) => Answer::text(true, describe::list_elements(schema)),
        Err(e) => e,
    }
}

/// `describe`: a kind's attributes, a record's fields or an enum's
/// members, as `tmc describe NAME --format json` gives them.
pub fn describe(name: &str) -> Answer {
    let schema = match schema() {
        Ok(schema) => schema,
        Err(e) => return e,
    };
    let name = name.trim();
    match describe::describe_json(schema, name) {
        Some(data) => Answer::json(true, data),
        None => {
            let mut notes: Vec<String> = describe::did_you_mean(schema, name).into_iter().collect();
            notes.push("`list_elements` lists every kind, record and enum".into());
            Answer::json(
                false,
                json!({
                    "error": format!("no kind, record or enum is named `{name}`"),
                    "notes": notes,
                }),
            )
        }
    }
}

/// `check`: the model's diagnostics, each with its code, place and notes
/// (where did-you-mean hints are); when clean, `ok` with the model's
/// size and how many findings the threat rules made.
pub fn check(input: &ModelInput) -> Answer {
    let c = input.compile();
    let mut data = diagnostics(&c);
    let sound = sound(&c);
    if let Some((model, findings)) = sound {
        let summary = model.summary();
        let shown: Vec<&Finding> = findings.iter().filter(|f| !f.is_excluded()).collect();
        let open = shown.iter().filter(|f| gate::standing(f).is_open()).count();
        data["summary"] = json!(summary.to_string());
        data["counts"] = json!({
            "elements": summary.elements, "flows": summary.flows,
            "boundaries": summary.boundaries, "data": summary.data,
        });
        data["findings"] = json!({ "total": shown.len(), "open": open });
        data["next"] = json!("call `threats` to list the findings");
    }
    Answer::json(sound.is_some(), data)
}

/// `{ok, errors, warnings, diagnostics}` of a compilation.
fn diagnostics(c: &Compilation) -> Json {
    let list: Vec<Json> = c
        .diagnostics
        .iter()
        .map(|d| diagnostic::to_json(&c.sources, d))
        .collect();
    let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
    json!({
        "ok": sound(c).is_some(),
        "errors": errors,
        "warnings": c.diagnostics.len() - errors,
        "diagnostics": list,
    })
}

/// The model and its findings, when it compiled without errors.
fn sound(c: &Compilation) -> Option<(&Model, &[Finding])> {
    if c.has_errors() || c.unreadable_roots > 0 {
        return None;
    }
    c.model.as_ref().zip(c.findings.as_deref())
}

/// The answer for a model that has errors: its diagnostics, and what to do.
fn not_sound(c: &Compilation) -> Answer {
    let mut data = diagnostics(c);
    data["next"] = json!("fix the errors (`check` lists them), then call again");
    Answer::json(false, data)
}

/// `threats`: the findings, worst severity first (else in the compiler's
/// order), at most `limit` (default `FINDINGS_SHOWN`), with each one's
/// status; those an assumption rules out are left out, as `tmc threats`
/// leaves them.
pub fn threats(input: &ModelInput, open_only: bool, limit: Option<usize>) -> Answer {
    let c = input.compile();
    let Some((model, findings)) = sound(&c) else {
        return not_sound(&c);
    };
    let mut kept: Vec<&Finding> = findings
        .iter()
        .filter(|f| !f.is_excluded())
        .filter(|f| !open_only || gate::standing(f).is_open())
        .collect();
    kept.sort_by_key(|f| std::cmp::Reverse(f.severity.rank));
    let limit = limit.unwrap_or(FINDINGS_SHOWN);
    let listed: Vec<Json> = kept
        .iter()
        .take(limit)
        .map(|f| finding(&c, model, f))
        .collect();
    Answer::json(
        true,
        json!({
            "total": kept.len(),
            "shown": listed.len(),
            "findings": listed,
            "next": "`explain` with a finding's threat and target says why it fired",
        }),
    )
}

/// One finding as `threats` lists it.
fn finding(c: &Compilation, model: &Model, f: &Finding) -> Json {
    let threat = &c.library.threats[f.threat];
    let target = model.object(f.target);
    json!({
        "id": f.id(&c.library, model),
        "threat": threat.id,
        "title": f.text(threat, Text::Description),
        "severity": f.severity.label(),
        "likelihood": f.likelihood.as_ref().map(Level::label),
        "target": target.id,
        "target_kind": target.kind,
        "status": gate::standing(f).label(),
        "mitigation": f.text(threat, Text::Mitigations),
    })
}

/// `explain`: why `threat` did or did not fire on `element`, as text
/// (`tmc explain`) or JSON (`--format json`).
pub fn explain(input: &ModelInput, threat: &str, element: &str, as_json: bool) -> Answer {
    let c = input.compile();
    if sound(&c).is_none() {
        return not_sound(&c);
    }
    match explain::explain(&c, &[], threat.trim(), element.trim()) {
        Ok(e) if as_json => Answer::json(true, explain::to_json(&e)),
        Ok(e) => Answer::text(true, explain::render(&e)),
        Err(unknown) => Answer::json(
            false,
            json!({ "error": unknown.message(), "notes": unknown.notes() }),
        ),
    }
}

/// `paths`: the routes along the model's flows from `from` to `to`
/// (element ids, boundary ids or trust levels, as `tmc paths` takes
/// them), each hop with its protocol, controls and data, and the weakest
/// hop of each; as text or JSON.
pub fn paths(
    input: &ModelInput,
    from: &str,
    to: &str,
    max_hops: Option<usize>,
    as_json: bool,
) -> Answer {
    let c = input.compile();
    if sound(&c).is_none() {
        return not_sound(&c);
    }
    let defaults = paths::Limits::default();
    let limits = paths::Limits {
        max_hops: max_hops.unwrap_or(defaults.max_hops),
        ..defaults
    };
    match paths::paths(&c, from.trim(), to.trim(), limits) {
        Ok(r) if as_json => Answer::json(true, paths::to_json(&r)),
        Ok(r) => Answer::text(true, paths::render(&r)),
        Err(unknown) => Answer::json(
            false,
            json!({ "error": unknown.message(), "notes": unknown.notes() }),
        ),
    }
}

/// `fmt`: the text in the canonical layout, or the syntax error that
/// stops it.
pub fn fmt(text: &str, name: &str) -> Answer {
    match tmc_syntax::format::format(text) {
        Ok(out) => Answer::text(true, out),
        Err(d) => {
            let mut sources = tmc_compiler::Sources::new();
            sources.add(name, text);
            Answer::json(
                false,
                json!({ "ok": false, "diagnostics": [diagnostic::to_json(&sources, &d)] }),
            )
        }
    }
}

/// The forms `dfd` draws in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DfdFormat {
    #[default]
    Mermaid,
    Svg,
    Dot,
}

/// `dfd`: the data-flow diagram of level 0, each element filled with its
/// worst finding's colour when `colormap`.
pub fn dfd(input: &ModelInput, format: DfdFormat, colormap: bool) -> Answer {
    let c = input.compile();
    let Some((model, findings)) = sound(&c) else {
        return not_sound(&c);
    };
    let options = ir::DfdOptions {
        colormap,
        ..ir::DfdOptions::default()
    };
    let dfd = ir::dfd(&c.schema, model, findings, &options);
    Answer::text(
        true,
        match format {
            DfdFormat::Mermaid => mermaid::dfd(&dfd),
            DfdFormat::Svg => svg::render(&dfd),
            DfdFormat::Dot => dot::render(&dfd),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small shop, with `isHardened` misspelt.
    const TYPO: &str = include_str!("../../tests/fixtures/mcp/first-draft.tm");

    fn fixed() -> String {
        TYPO.replace("isHardend", "isHardened")
    }

    #[test]
    fn check_reports_a_typo_with_its_place_and_hint() {
        let a = check(&ModelInput::one(TYPO));
        assert!(!a.ok, "{}", a.text);
        let data = a.data.expect("check answers JSON");
        assert_eq!(data["ok"], false);
        assert_eq!(data["errors"], 1, "{}", a.text);
        let d = &data["diagnostics"][0];
        assert_eq!(d["severity"], "error");
        assert_eq!(d["location"]["file"], "app.tm");
        assert_eq!(d["location"]["line"], 10);
        let notes = d["notes"].to_string();
        assert!(notes.contains("isHardened"), "{notes}");
    }

    #[test]
    fn check_of_a_clean_model_is_ok_with_a_summary() {
        let a = check(&ModelInput::one(&fixed()));
        assert!(a.ok, "{}", a.text);
        let data = a.data.unwrap();
        assert_eq!(data["ok"], true);
        assert_eq!(data["counts"]["elements"], 3);
        assert_eq!(data["counts"]["flows"], 2);
        assert!(data["findings"]["total"].as_u64().unwrap() > 0);
    }

    #[test]
    fn threats_lists_findings_with_their_fields() {
        let a = threats(&ModelInput::one(&fixed()), false, Some(3));
        assert!(a.ok, "{}", a.text);
        let data = a.data.unwrap();
        assert_eq!(data["shown"], 3);
        assert!(data["total"].as_u64().unwrap() >= 3);
        let f = &data["findings"][0];
        for key in [
            "id",
            "threat",
            "title",
            "severity",
            "target",
            "status",
            "mitigation",
        ] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        let id = f["id"].as_str().unwrap();
        assert_eq!(
            id,
            format!(
                "{}@{}",
                f["threat"].as_str().unwrap(),
                f["target"].as_str().unwrap()
            )
        );
    }

    #[test]
    fn threats_come_worst_first() {
        let order = ["Very Low", "Low", "Medium", "High", "Very High", "Critical"];
        let data = threats(&ModelInput::one(&fixed()), false, None)
            .data
            .unwrap();
        let ranks: Vec<usize> = data["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let label = f["severity"].as_str().unwrap();
                order.iter().position(|l| *l == label).expect(label)
            })
            .collect();
        assert!(ranks.len() > 3);
        assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
        assert!(ranks.first() > ranks.last(), "{ranks:?}");
    }

    #[test]
    fn threats_of_a_broken_model_are_its_errors() {
        let a = threats(&ModelInput::one(TYPO), false, None);
        assert!(!a.ok);
        assert_eq!(a.data.unwrap()["errors"], 1);
    }

    #[test]
    fn explain_follows_a_finding_and_names_an_unknown_element() {
        let input = ModelInput::one(&fixed());
        let listed = threats(&input, false, Some(1)).data.unwrap();
        let f = &listed["findings"][0];
        let (threat, target) = (f["threat"].as_str().unwrap(), f["target"].as_str().unwrap());
        let text = explain(&input, threat, target, false);
        assert!(text.ok, "{}", text.text);
        assert!(text.text.contains(threat), "{}", text.text);
        assert!(explain(&input, threat, target, true).data.is_some());
        let wrong = explain(&input, threat, "wbe", false);
        assert!(!wrong.ok);
        assert!(wrong.text.contains("web"), "{}", wrong.text);
    }

    #[test]
    fn paths_lists_the_routes_and_names_an_unknown_end() {
        let input = ModelInput::one(&fixed());
        let found = paths(&input, "customer", "db", None, false);
        assert!(found.ok, "{}", found.text);
        assert!(
            found.text.contains("customer -> web -> db (2 hops)"),
            "{}",
            found.text
        );
        let json = paths(&input, "customer", "db", Some(1), true);
        assert!(json.ok, "{}", json.text);
        assert_eq!(
            json.data.expect("json")["paths"].as_array().map(Vec::len),
            Some(0)
        );
        let wrong = paths(&input, "customer", "dbb", None, false);
        assert!(!wrong.ok);
        assert!(wrong.text.contains("db"), "{}", wrong.text);
    }

    #[test]
    fn fmt_lays_out_or_says_where_the_syntax_breaks() {
        let a = fmt(
            "model \"M\" {   description = \"d\" }\nActor   a \"A\"\n",
            "app.tm",
        );
        assert!(a.ok, "{}", a.text);
        assert_eq!(fmt(&a.text, "app.tm").text, a.text, "formatting is stable");
        assert!(a.text.contains("Actor a \"A\""), "{}", a.text);
        let broken = fmt("model \"M\" {\n", "app.tm");
        assert!(!broken.ok);
        assert_eq!(broken.data.unwrap()["diagnostics"][0]["severity"], "error");
    }

    #[test]
    fn dfd_draws_mermaid_svg_and_dot() {
        let input = ModelInput::one(&fixed());
        let mermaid = dfd(&input, DfdFormat::Mermaid, false);
        assert!(mermaid.ok);
        assert!(
            mermaid.text.starts_with("flowchart") || mermaid.text.contains("flowchart"),
            "{}",
            mermaid.text
        );
        assert!(mermaid.text.contains("Orders database"));
        assert!(dfd(&input, DfdFormat::Svg, true).text.contains("<svg"));
        assert!(dfd(&input, DfdFormat::Dot, false).text.contains("digraph"));
        assert!(!dfd(&ModelInput::one(TYPO), DfdFormat::Mermaid, false).ok);
    }

    #[test]
    fn describe_and_list_elements_read_the_stdlib() {
        let server = describe("Server");
        assert!(server.ok);
        let data = server.data.unwrap();
        assert_eq!(data["what"], "kind");
        assert!(data["attributes"].to_string().contains("\"OS\""));
        let wrong = describe("Sever");
        assert!(!wrong.ok);
        assert!(wrong.text.contains("Server"), "{}", wrong.text);
        assert!(list_elements().text.contains("Datastore"));
        assert!(language_reference().text.contains("model"));
    }

    #[test]
    fn an_import_comes_from_the_files_sent() {
        let input = ModelInput {
            model: fixed().replace(
                "Data order \"Order\" { classification = RESTRICTED }\n",
                "import \"data.tm\"\n",
            ),
            name: None,
            files: vec![crate::source::SourceFile {
                path: "data.tm".into(),
                text: "Data order \"Order\" { classification = RESTRICTED }\n".into(),
            }],
        };
        let a = check(&input);
        assert!(a.ok, "{}", a.text);
        let missing = check(&ModelInput {
            files: Vec::new(),
            ..input
        });
        assert!(!missing.ok);
        assert!(missing.text.contains("data.tm"), "{}", missing.text);
    }
}
