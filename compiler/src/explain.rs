//! `tmc explain`: why a threat did or did not fire on one element. The
//! threat's condition is run on the element by the evaluator the findings
//! run uses (`rules::eval`), with an observer that records every node it
//! evaluates and the value it got; that record is turned into `Step`s,
//! each with the text it was written as (`rules::spans`). The verdict
//! follows the order in which `findings::analyze` decides: threats left
//! out of the run, the kinds a threat targets, the objects analysed, the
//! condition, then what the run made of a finding (an assumption, an
//! override), read from the finding itself. Plain data: `render` makes
//! the text the command line prints and the language server shows,
//! `to_json` the JSON.

use std::collections::HashMap;
use std::fmt::Write;

use serde_json::json;

use crate::escape::terminal;
use crate::findings::{self, Finding};
use crate::model::{Model, ObjectId, Role, Value};
use crate::rules::eval::{Evaluator, Observer, Val};
use crate::rules::ir::{Cond, RouteAsk};
use crate::rules::reach::Reach;
use crate::rules::{spans, Library, Predicate, Threat, ThreatId};
use crate::source::{Sources, Span};
use crate::syntax::ast;
use crate::{suggest, Compilation};

/// The most items of a quantifier's list an explanation lists.
pub(crate) const MAX_ITEMS: usize = 5;

/// The most values of a list value shown.
const MAX_VALUES: usize = 8;

/// The longest sub-expression text a line of `render` shows whole.
const MAX_TEXT: usize = 72;

/// Why one threat did or did not fire on one element.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub threat: String,
    pub title: String,
    /// The element's identifier (`finding_id` names it so).
    pub element: String,
    /// Its display name and kind.
    pub name: String,
    pub kind: String,
    /// The condition as written.
    pub condition: String,
    /// The condition's evaluation on the element; `None` when it is not
    /// evaluated (the threat does not target the element's kind).
    pub trace: Option<Step>,
    /// The sub-expressions that decided the condition's value: for a
    /// false `a and b`, the false one; for a true one, both.
    pub deciding: Vec<Step>,
    pub verdict: Verdict,
    /// For a path threat's finding, its route as `tmc threats` prints it
    /// (`FoundPath::line`) and as JSON (`FoundPath::to_json`).
    pub path: Option<(String, serde_json::Value)>,
}

/// One sub-expression as evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// As written, white space runs made one space.
    pub text: String,
    pub what: What,
    /// Its value shown as `tmc` writes values (`true`, `3`, `"HTTPS"`,
    /// `HIGH`, `web`, `[a, b]`); `None` when it was not evaluated (the
    /// other side of an `and` or `or` decided).
    pub value: Option<String>,
    /// For the evaluations of a quantifier's body: the item, `f = web`.
    pub item: Option<String>,
    /// The sub-expressions evaluated: operands; for a quantifier its list
    /// then the body once per listed item; for a predicate call its
    /// arguments then the predicate's body.
    pub steps: Vec<Step>,
    /// For a quantifier: items whose body was evaluated but that are not
    /// listed (at most `MAX_ITEMS` are, those that decided first).
    pub unlisted: usize,
    /// For a quantifier: items never looked at (`any` stops at the first
    /// true one, `all` at the first false one).
    pub unvisited: usize,
}

/// What kind of sub-expression a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    And,
    Or,
    Not,
    /// A comparison, `is` or `in` test.
    Test,
    /// An attribute or field read, or `count(list)`.
    Read,
    /// `target`, a predicate parameter or a quantified variable.
    Name,
    Literal,
    Quantifier,
    Call,
}

impl What {
    pub(crate) fn label(self) -> &'static str {
        match self {
            What::And => "and",
            What::Or => "or",
            What::Not => "not",
            What::Test => "test",
            What::Read => "read",
            What::Name => "name",
            What::Literal => "literal",
            What::Quantifier => "quantifier",
            What::Call => "call",
        }
    }
}

/// Whether the threat fired on the element and was reported, or why not.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// A finding, reported.
    Reported {
        severity: String,
        likelihood: Option<String>,
        overridden: Option<Overridden>,
        /// Where it stands (`gate::standing`), when not simply open.
        status: Option<Triaged>,
    },
    /// A finding, kept but marked excluded: an assumption rules it out.
    RuledOut {
        assumption: String,
        /// The element whose `assumptions` hold it; `None`: the model's.
        of: Option<String>,
    },
    /// The condition does not hold on the element.
    ConditionFalse,
    /// The element is not analysed.
    NotAnalysed(NotAnalysed),
    /// The threat does not apply to the element's kind.
    WrongKind { targets: Vec<String> },
    /// The threat is left out of the run.
    Excluded { by: ExcludedBy },
    /// Deprecated threats are never reported.
    Deprecated { why: String },
    /// A path threat whose condition holds, but no route of the kind it
    /// names (`ThreatPath`'s member) reaches the element.
    NoRoute { kind: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAnalysed {
    /// `inScope = false`.
    OutOfScope,
    /// The model sets `ignoreUnused` and the element is in no flow.
    Unused,
    /// Data items get no findings.
    DataItem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExcludedBy {
    /// `--exclude` (the run's options).
    Options,
    /// The model's `exclude`.
    Model,
}

/// Where a reported finding stands: its status label (`accepted, expired
/// 2026-11-30`) and the triage deciding it, if one does.
#[derive(Clone, Debug, PartialEq)]
pub struct Triaged {
    pub label: String,
    pub triage: Option<String>,
}

/// The override written for the finding on the element.
#[derive(Clone, Debug, PartialEq)]
pub struct Overridden {
    /// The threat's own severity, before the override.
    pub threat_severity: String,
    pub response: String,
    pub cvss: String,
}

impl Verdict {
    /// Whether the finding is reported (open or answered).
    pub(crate) fn reported(&self) -> bool {
        matches!(self, Verdict::Reported { .. })
    }

    /// A short name for the JSON.
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            Verdict::Reported { .. } => "reported",
            Verdict::RuledOut { .. } => "ruled-out",
            Verdict::ConditionFalse => "condition-false",
            Verdict::NotAnalysed(NotAnalysed::OutOfScope) => "out-of-scope",
            Verdict::NotAnalysed(NotAnalysed::Unused) => "unused",
            Verdict::NotAnalysed(NotAnalysed::DataItem) => "data-item",
            Verdict::WrongKind { .. } => "wrong-kind",
            Verdict::Excluded { .. } => "excluded",
            Verdict::Deprecated { .. } => "deprecated",
            Verdict::NoRoute { .. } => "no-route",
        }
    }
}

/// A threat or element id that names nothing, or a compilation without
/// findings to explain.
#[derive(Clone, Debug, PartialEq)]
pub enum Unknown {
    Threat {
        id: String,
        hint: Option<String>,
    },
    Element {
        id: String,
        hint: Option<String>,
    },
    /// The model did not compile (its errors are reported already).
    NoFindings,
}

impl Unknown {
    /// The error message.
    pub fn message(&self) -> String {
        match self {
            Unknown::Threat { id, .. } => format!("no threat has the id `{id}`"),
            Unknown::Element { id, .. } => {
                format!("the model has no element, boundary or flow `{id}`")
            }
            Unknown::NoFindings => "the model has errors: there are no findings to explain".into(),
        }
    }

    /// Notes after the message: a did-you-mean, where to find the ids.
    pub fn notes(&self) -> Vec<String> {
        match self {
            Unknown::Threat { hint, .. } => hint
                .iter()
                .cloned()
                .chain(["`tmc list-threats` lists every threat id".to_string()])
                .collect(),
            Unknown::Element { hint, .. } => hint
                .iter()
                .cloned()
                .chain(["a flow written without a name is `source->sink` (as in finding ids, `THREAT@source->sink`)".to_string()])
                .collect(),
            Unknown::NoFindings => Vec::new(),
        }
    }
}

/// Explains threat `threat` on the object `element` of a compilation's
/// model; `exclude` is the run's `--exclude`.
pub fn explain(
    c: &Compilation,
    exclude: &[String],
    threat: &str,
    element: &str,
) -> Result<Explanation, Unknown> {
    let (Some(model), Some(found)) = (&c.model, &c.findings) else {
        return Err(Unknown::NoFindings);
    };
    let library = &c.library;
    let Some(t) = library
        .threats
        .iter()
        .position(|t| t.id == threat)
        .map(ThreatId::at)
    else {
        let ids = library.threats.iter().map(|t| t.id.as_str());
        return Err(Unknown::Threat {
            id: threat.to_string(),
            hint: suggest::did_you_mean(threat, ids),
        });
    };
    let Some(id) = model.lookup(element) else {
        let ids = model.objects.iter().map(|o| o.id.as_str());
        return Err(Unknown::Element {
            id: element.to_string(),
            hint: suggest::did_you_mean(element, ids),
        });
    };
    let finding = found.iter().find(|f| f.threat == t && f.target == id);
    Ok(explain_at(
        &c.sources, model, library, exclude, t, id, finding,
    ))
}

/// Explains a finding of a compilation (the language server's hover).
pub fn explain_finding(c: &Compilation, model: &Model, finding: &Finding) -> Explanation {
    explain_at(
        &c.sources,
        model,
        &c.library,
        &[],
        finding.threat,
        finding.target,
        Some(finding),
    )
}

/// Threat `t` of the library on object `id`; `finding` is what the run
/// found for that pair, if anything.
fn explain_at(
    sources: &Sources,
    model: &Model,
    library: &Library,
    exclude: &[String],
    t: ThreatId,
    id: ObjectId,
    finding: Option<&Finding>,
) -> Explanation {
    let threat = &library.threats[t];
    let object = model.object(id);
    let tid = threat.id.as_str();
    let left_out = if exclude.iter().any(|e| e.trim() == tid) {
        Some(Verdict::Excluded {
            by: ExcludedBy::Options,
        })
    } else if findings::model_excludes(model).iter().any(|e| e == tid) {
        Some(Verdict::Excluded {
            by: ExcludedBy::Model,
        })
    } else {
        threat
            .deprecated
            .as_ref()
            .map(|why| Verdict::Deprecated { why: why.clone() })
    };
    let targeted = threat.applies_to.contains(&object.kind);
    let not_analysed = if matches!(object.role, Role::Data) {
        Some(NotAnalysed::DataItem)
    } else if !crate::model::known::in_scope(&object.attrs) {
        Some(NotAnalysed::OutOfScope)
    } else if !model.in_use()[id.index()] {
        Some(NotAnalysed::Unused)
    } else {
        None
    };
    let trace = targeted.then(|| trace(sources, model, library, threat, id));
    let holds = trace.as_ref().map(|s| s.value.as_deref() == Some("true"));
    let verdict = if let Some(v) = left_out {
        v
    } else if !targeted {
        Verdict::WrongKind {
            targets: threat.targets.clone(),
        }
    } else if let Some(why) = not_analysed {
        Verdict::NotAnalysed(why)
    } else if holds != Some(true) {
        Verdict::ConditionFalse
    } else {
        match finding {
            Some(f) => found(model, threat, f),
            // A path threat's finding is dropped where no route of its
            // kind exists (`paths::found`).
            None if threat.path.is_some() => Verdict::NoRoute {
                kind: threat.path.map_or("", |a| a.member().name()).to_string(),
            },
            // The run found nothing where the same evaluation holds: only a
            // cancelled run stops short; report what the threat says.
            None => Verdict::Reported {
                severity: threat.severity.label().to_string(),
                likelihood: threat.likelihood.map(|l| l.label().to_string()),
                overridden: None,
                status: None,
            },
        }
    };
    let deciding = trace
        .as_ref()
        .map(|s| deciding(s).into_iter().cloned().collect())
        .unwrap_or_default();
    Explanation {
        threat: threat.id.clone(),
        title: threat.title.clone(),
        element: object.id.clone(),
        name: object.name.clone(),
        kind: object.kind.clone(),
        condition: threat.condition_text.clone(),
        trace,
        deciding,
        verdict,
        path: (finding.and_then(|f| f.path.as_deref())).map(|p| (p.line(model), p.to_json(model))),
    }
}

/// The verdict on a finding the run made.
fn found(model: &Model, threat: &Threat, f: &Finding) -> Verdict {
    if let (Some(name), Some(at)) = (&f.excluded_by, &f.excluded_at) {
        return Verdict::RuledOut {
            assumption: name.to_string(),
            of: at.object.map(|o| model.object(o).id.clone()),
        };
    }
    Verdict::Reported {
        severity: f.severity.label().to_string(),
        likelihood: f.likelihood.map(|l| l.label().to_string()),
        overridden: f.overridden.as_ref().map(|o| Overridden {
            threat_severity: threat.severity.label().to_string(),
            response: o.response.clone(),
            cvss: o.cvss.clone(),
        }),
        status: triaged(model, f),
    }
}

/// Where a reported finding stands, unless it is simply open.
fn triaged(model: &Model, f: &Finding) -> Option<Triaged> {
    let standing = crate::gate::standing(f);
    if matches!(standing.source, crate::gate::Source::Untriaged) {
        return None;
    }
    Some(Triaged {
        label: standing.label(),
        triage: standing.triage().map(|d| model.object(d.entry).id.clone()),
    })
}

/// The steps that decided `step`'s value: through `and`, `or` and `not`
/// down to the tests, reads, quantifiers and calls under them.
fn deciding(step: &Step) -> Vec<&Step> {
    let value = step.value.as_deref();
    let decided_by = |child: &&Step| match step.what {
        // A true `and` needs both; a false one, each false side.
        What::And => value == Some("true") || child.value.as_deref() == Some("false"),
        What::Or => value == Some("false") || child.value.as_deref() == Some("true"),
        _ => true,
    };
    // `not x` is named as written, unless `x` is itself `and` or `or`.
    let through = match step.what {
        What::And | What::Or => true,
        What::Not => step
            .steps
            .first()
            .is_some_and(|c| matches!(c.what, What::And | What::Or | What::Not)),
        _ => false,
    };
    match through {
        true => step
            .steps
            .iter()
            .filter(|c| c.value.is_some())
            .filter(decided_by)
            .flat_map(deciding)
            .collect(),
        false => vec![step],
    }
}

/// Records the evaluation: a tree of the nodes entered, each with its
/// value, in evaluation order.
#[derive(Default)]
struct Tracer<'a> {
    open: Vec<Node<'a>>,
    done: Option<Node<'a>>,
}

struct Node<'a> {
    cond: &'a Cond,
    value: Val<'a>,
    children: Vec<Node<'a>>,
}

impl<'a> Observer<'a> for Tracer<'a> {
    fn enter(&mut self, cond: &'a Cond) {
        self.open.push(Node {
            cond,
            value: Val::None,
            children: Vec::new(),
        });
    }

    fn leave(&mut self, _: &'a Cond, value: Val<'a>) {
        let Some(mut node) = self.open.pop() else {
            return;
        };
        node.value = value;
        match self.open.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.done = Some(node),
        }
    }
}

/// The condition of `threat` evaluated on `target`, as steps.
fn trace(
    sources: &Sources,
    model: &Model,
    library: &Library,
    threat: &Threat,
    target: ObjectId,
) -> Step {
    let reach = Reach::default();
    let eval = Evaluator {
        model,
        predicates: &library.predicates,
        reach: &reach,
    };
    let mut tracer = Tracer::default();
    eval.observe(&threat.condition, threat.slots, target, &mut tracer);
    let mut spans = HashMap::new();
    let mut table = |cond: &Cond, written: &[Span]| {
        let nodes = spans::nodes(cond);
        if nodes.len() == written.len() {
            for (node, span) in nodes.into_iter().zip(written) {
                spans.insert(node as *const Cond, *span);
            }
        }
    };
    table(&threat.condition, &threat.spans);
    for p in &library.predicates {
        table(&p.body, &p.spans);
    }
    let mut steps = Steps {
        sources,
        model,
        predicates: &library.predicates,
        spans,
        frames: vec![vec![Some(model.object(target).id.clone())]],
    };
    match &tracer.done {
        Some(root) => steps.step(root),
        None => steps.unevaluated(&threat.condition),
    }
}

/// Turns the recorded nodes into steps.
struct Steps<'a> {
    sources: &'a Sources,
    model: &'a Model,
    predicates: &'a [Predicate],
    /// Where each node of the threat's condition and of every predicate's
    /// body is written, by address (all borrowed from one library).
    spans: HashMap<*const Cond, Span>,
    /// What each frame slot holds, shown: `target`, then the slots of each
    /// predicate called.
    frames: Vec<Vec<Option<String>>>,
}

impl Steps<'_> {
    fn text(&self, cond: &Cond) -> String {
        match self.spans.get(&(cond as *const Cond)) {
            Some(span) => spans::written(self.sources, *span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            None => "…".to_string(),
        }
    }

    fn what(cond: &Cond) -> What {
        match cond {
            Cond::Lit(_) => What::Literal,
            Cond::Var(_) => What::Name,
            Cond::Field(..)
            | Cond::Count(_)
            | Cond::Route {
                ask: RouteAsk::Path,
                ..
            } => What::Read,
            Cond::Not(_) => What::Not,
            Cond::And(..) => What::And,
            Cond::Or(..) => What::Or,
            Cond::Compare(..)
            | Cond::IsKind(..)
            | Cond::In { .. }
            | Cond::InItems { .. }
            | Cond::Route { .. } => What::Test,
            Cond::Quantifier { .. } => What::Quantifier,
            Cond::Call { .. } => What::Call,
        }
    }

    fn unevaluated(&self, cond: &Cond) -> Step {
        Step {
            text: self.text(cond),
            what: Self::what(cond),
            value: None,
            item: None,
            steps: Vec::new(),
            unlisted: 0,
            unvisited: 0,
        }
    }

    fn step(&mut self, node: &Node) -> Step {
        let cond = node.cond;
        let mut step = self.unevaluated(cond);
        let mut value = None;
        match cond {
            Cond::Lit(_) => value = Some(step.text.clone()),
            Cond::Var(slot) => {
                value = self
                    .frames
                    .last()
                    .and_then(|f| f.get(*slot).cloned().flatten());
            }
            Cond::Field(_, name) => {
                let raw = match node.children.first().map(|c| c.value) {
                    Some(Val::Obj(id)) => self.model.object(id).attrs.get_name(*name),
                    Some(Val::Record(fields)) => fields.get_name(*name),
                    _ => None,
                };
                value = raw.map(|v| self.value(v));
                step.steps = node.children.iter().map(|c| self.step(c)).collect();
            }
            Cond::And(_, b) | Cond::Or(_, b) => {
                step.steps = node.children.iter().map(|c| self.step(c)).collect();
                if node.children.len() == 1 {
                    step.steps.push(self.unevaluated(b));
                }
            }
            Cond::Quantifier { slot, .. } => self.quantifier(node, *slot, &mut step),
            Cond::Call { predicate, args } => {
                let (given, body) = node.children.split_at(args.len().min(node.children.len()));
                step.steps = given.iter().map(|c| self.step(c)).collect();
                let values: Vec<Option<String>> =
                    step.steps.iter().map(|s| s.value.clone()).collect();
                // The body is shown with what its parameters are bound to.
                let bound: Vec<String> = self.predicates[*predicate]
                    .params
                    .iter()
                    .zip(&values)
                    .map(|((name, _), v)| format!("{name} = {}", v.as_deref().unwrap_or("?")))
                    .collect();
                self.frames.push(values);
                for b in body {
                    let mut b = self.step(b);
                    b.item = Some(bound.join(", "));
                    step.steps.push(b);
                }
                self.frames.pop();
            }
            _ => step.steps = node.children.iter().map(|c| self.step(c)).collect(),
        }
        step.value = Some(value.unwrap_or_else(|| self.val(node.value)));
        step
    }

    fn quantifier(&mut self, node: &Node, slot: usize, step: &mut Step) {
        let Some((list, bodies)) = node.children.split_first() else {
            return;
        };
        step.steps.push(self.step(list));
        // A list's items, or an optional's value when it is set.
        let count = match list.value {
            Val::List(items) => items.len(),
            Val::None => 0,
            _ => 1,
        };
        // `any f in ...`: the variable's name, from the text.
        let var = step
            .text
            .split_whitespace()
            .nth(1)
            .filter(|v| v.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .unwrap_or("item")
            .to_string();
        // The body was evaluated for the first `evaluated` items. Listed
        // are those that decide first (true ones for `any` and `count`,
        // false ones for `all`; the first ones when none does): only they
        // are made into steps, so a list of thousands costs little.
        let evaluated = bodies.len().min(count);
        let deciding =
            !matches!(node.cond, Cond::Quantifier { op, .. } if *op == ast::Quantifier::All);
        let decides = |k: &usize| matches!(bodies[*k].value, Val::Bool(b) if b == deciding);
        let mut listed: Vec<usize> = (0..evaluated).filter(decides).take(MAX_ITEMS).collect();
        if listed.is_empty() {
            listed = (0..evaluated.min(MAX_ITEMS)).collect();
        }
        for &k in &listed {
            let shown = match list.value {
                Val::List(items) => self.value(&items[k]),
                one => self.val(one),
            };
            let frame = self.frames.last_mut().expect("a frame");
            if frame.len() <= slot {
                frame.resize(slot + 1, None);
            }
            frame[slot] = Some(shown.clone());
            let mut b = self.step(&bodies[k]);
            b.item = Some(format!("{var} = {shown}"));
            step.steps.push(b);
        }
        if let Some(frame) = self.frames.last_mut().and_then(|f| f.get_mut(slot)) {
            *frame = None;
        }
        step.unlisted = evaluated - listed.len();
        step.unvisited = count - evaluated;
    }

    /// A value during evaluation, shown. An enum member read from the
    /// model is shown by `value`, which knows its name.
    fn val(&self, v: Val) -> String {
        match v {
            Val::None => "none".into(),
            Val::Bool(b) => b.to_string(),
            Val::Int(n) => n.to_string(),
            Val::Str(s) => format!("{s:?}"),
            Val::Enum(rank) => format!("member #{rank}"),
            Val::Obj(id) => self.model.object(id).id.clone(),
            Val::List(items) => self.list(items),
            Val::Record(fields) => self.record(fields.iter()),
        }
    }

    /// A value of the model, shown.
    fn value(&self, v: &Value) -> String {
        match v {
            Value::Bool(b) => b.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Str(s) => format!("{s:?}"),
            Value::Enum { member, .. } => member.to_string(),
            Value::List(items) => self.list(items),
            Value::Record(fields) => self.record(fields.iter()),
            Value::Ref(id) => self.model.object(*id).id.clone(),
        }
    }

    fn list(&self, items: &[Value]) -> String {
        let mut shown: Vec<String> = items
            .iter()
            .take(MAX_VALUES)
            .map(|v| self.value(v))
            .collect();
        if items.len() > MAX_VALUES {
            shown.push(format!("… {} items in all", items.len()));
        }
        format!("[{}]", shown.join(", "))
    }

    fn record<'v, K: std::fmt::Display>(
        &self,
        fields: impl Iterator<Item = (K, &'v Value)>,
    ) -> String {
        let shown: Vec<String> = fields
            .map(|(k, v)| format!("{k} = {}", self.value(v)))
            .collect();
        format!("{{ {} }}", shown.join(", "))
    }
}

/// The explanation as text, for the terminal and the language server's
/// hover: the condition as written, each step evaluated on one line,
/// then the verdict. Text from models and rules has its control
/// characters escaped (`escape::terminal`).
pub fn render(e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} on `{}` ({} {})",
        line(&e.threat),
        quoted(&e.title),
        line(&e.element),
        line(&e.kind),
        quoted(&e.name)
    );
    out.push('\n');
    for (i, l) in e.condition.lines().enumerate() {
        let _ = writeln!(out, "{}{}", if i == 0 { "when = " } else { "" }, line(l));
    }
    if let Some(trace) = &e.trace {
        let _ = writeln!(out, "\nevaluated on `{}`:", line(&e.element));
        lines(trace, 1, &mut out);
    }
    out.push('\n');
    verdict(e, &mut out);
    out
}

fn line(s: &str) -> std::borrow::Cow<'_, str> {
    terminal::line(s)
}

/// `s` in quotes, escaped as Rust writes a string, then for the terminal.
fn quoted(s: &str) -> String {
    line(&format!("{s:?}")).into_owned()
}

fn short(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT {
        return line(text).into_owned();
    }
    let cut: String = text.chars().take(MAX_TEXT - 1).collect();
    format!("{}…", line(&cut))
}

/// `step` on a line of its own at `depth`, then what is under it.
fn lines(step: &Step, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let item = step
        .item
        .as_ref()
        .map(|i| format!("{}: ", line(i)))
        .unwrap_or_default();
    let text = match step.what {
        // A chain's operands follow on lines of their own; a predicate's
        // or quantifier's body is named in full.
        What::And | What::Or if step.value.is_some() && step.item.is_none() => {
            step.what.label().to_string()
        }
        _ => short(&step.text),
    };
    let value = match &step.value {
        Some(v) => format!("-> {}", line(v)),
        None => "(not evaluated)".to_string(),
    };
    // Reads under a test, call or quantifier are shown on its line.
    let inline: Vec<String> = match step.what {
        What::Read | What::And | What::Or => Vec::new(),
        _ => step
            .steps
            .iter()
            .filter(|s| s.what == What::Read && s.item.is_none())
            .filter_map(|s| Some(format!("{} = {}", short(&s.text), line(s.value.as_ref()?))))
            .collect(),
    };
    let inline = if inline.is_empty() {
        String::new()
    } else {
        format!("   ({})", inline.join(", "))
    };
    let _ = writeln!(out, "{indent}{item}{text}  {value}{inline}");
    let below: Vec<&Step> = match step.what {
        // `a and b and c`: one list.
        What::And | What::Or => flattened(step),
        What::Read => Vec::new(),
        _ => step
            .steps
            .iter()
            .filter(|s| !matches!(s.what, What::Read | What::Name | What::Literal))
            .collect(),
    };
    for s in below {
        lines(s, depth + 1, out);
    }
    if step.unlisted > 0 {
        let _ = writeln!(
            out,
            "{indent}  … {} more item{} evaluated, not listed",
            step.unlisted,
            plural(step.unlisted)
        );
    }
    if step.unvisited > 0 {
        let _ = writeln!(
            out,
            "{indent}  … {} item{} not looked at (the value was decided)",
            step.unvisited,
            plural(step.unvisited)
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The operands of a chain of one connective, `a and b and c`.
fn flattened(step: &Step) -> Vec<&Step> {
    step.steps
        .iter()
        .flat_map(|s| {
            if s.what == step.what && s.item.is_none() && s.value.is_some() {
                flattened(s)
            } else {
                vec![s]
            }
        })
        .collect()
}

fn verdict(e: &Explanation, out: &mut String) {
    let id = line(&e.threat);
    let element = line(&e.element);
    let holds = match e.trace.as_ref().and_then(|t| t.value.as_deref()) {
        Some("true") => " (its condition holds)",
        Some(_) => " (its condition does not hold)",
        None => "",
    };
    match &e.verdict {
        Verdict::Reported {
            severity,
            likelihood,
            overridden,
            status,
        } => {
            let _ = write!(out, "verdict: fired and reported, severity {severity}");
            if let Some(l) = likelihood {
                let _ = write!(out, ", likelihood {l}");
            }
            out.push('\n');
            if let Some(t) = status {
                let _ = write!(out, "  status: {}", t.label);
                if let Some(by) = &t.triage {
                    let _ = write!(out, " (the triage `{}`)", line(by));
                }
                out.push('\n');
            }
            if let Some(o) = overridden {
                let _ = write!(
                    out,
                    "  an override on `{element}` applies: severity {severity} (the threat's: {})",
                    o.threat_severity
                );
                if !o.response.is_empty() {
                    let _ = write!(out, ", response {}", quoted(&o.response));
                }
                if !o.cvss.is_empty() {
                    let _ = write!(out, ", CVSS {}", quoted(&o.cvss));
                }
                out.push('\n');
            }
        }
        Verdict::RuledOut { assumption, of } => {
            let whose = match of {
                Some(o) => format!("of `{}`", line(o)),
                None => "of the model".into(),
            };
            let _ = writeln!(
                out,
                "verdict: fired, but ruled out by the assumption {} {whose}\n  (the finding is kept, marked excluded)",
                quoted(assumption)
            );
        }
        Verdict::ConditionFalse => {
            let _ = writeln!(out, "verdict: not reported: the condition is false");
        }
        Verdict::NotAnalysed(why) => {
            let why = match why {
                NotAnalysed::OutOfScope => format!("`{element}` is out of scope (inScope = false)"),
                NotAnalysed::Unused => {
                    format!("`{element}` is in no flow and the model sets ignoreUnused")
                }
                NotAnalysed::DataItem => {
                    format!("`{element}` is a data item; data items get no findings")
                }
            };
            let _ = writeln!(out, "verdict: not reported: {why}{holds}");
        }
        Verdict::WrongKind { targets } => {
            let _ = writeln!(
                out,
                "verdict: not reported: {id} targets {}; `{element}` is a {}",
                line(&targets.join(", ")),
                line(&e.kind)
            );
        }
        Verdict::Excluded { by } => {
            let by = match by {
                ExcludedBy::Options => "--exclude",
                ExcludedBy::Model => "the model's `exclude`",
            };
            let _ = writeln!(
                out,
                "verdict: not reported: {id} is excluded by {by}{holds}"
            );
        }
        Verdict::Deprecated { why } => {
            let _ = writeln!(
                out,
                "verdict: not reported: {id} is deprecated: {}{holds}",
                line(why)
            );
        }
        Verdict::NoRoute { kind } => {
            let _ = writeln!(
                out,
                "verdict: not reported: no route of the kind {id} names ({kind}) reaches `{element}` from its reachableFrom zone{holds}"
            );
        }
    }
    if let Some((path, _)) = &e.path {
        let _ = writeln!(out, "  path: {}", line(path));
    }
    let about_the_condition = matches!(
        e.verdict,
        Verdict::Reported { .. } | Verdict::RuledOut { .. } | Verdict::ConditionFalse
    );
    if about_the_condition && !e.deciding.is_empty() {
        let _ = writeln!(out, "  decided by:");
        for s in &e.deciding {
            let _ = writeln!(
                out,
                "    {}  -> {}",
                short(&s.text),
                line(s.value.as_deref().unwrap_or("?"))
            );
        }
    }
}

/// The explanation as JSON (docs/rules.md describes it).
pub fn to_json(e: &Explanation) -> serde_json::Value {
    let verdict = match &e.verdict {
        Verdict::Reported {
            severity,
            likelihood,
            overridden,
            status,
        } => json!({
            "severity": severity,
            "likelihood": likelihood,
            "status": status.as_ref().map_or("open", |t| t.label.as_str()),
            "triage": status.as_ref().and_then(|t| t.triage.as_deref()),
            "override": overridden.as_ref().map(|o| json!({
                "threatSeverity": o.threat_severity,
                "response": o.response,
                "cvss": o.cvss,
            })),
        }),
        Verdict::RuledOut { assumption, of } => json!({"assumption": assumption, "of": of}),
        Verdict::WrongKind { targets } => json!({"targets": targets}),
        Verdict::Excluded { by } => json!({"by": match by {
            ExcludedBy::Options => "options",
            ExcludedBy::Model => "model",
        }}),
        Verdict::Deprecated { why } => json!({"why": why}),
        Verdict::NoRoute { kind } => json!({"path": kind}),
        Verdict::ConditionFalse | Verdict::NotAnalysed(_) => json!({}),
    };
    let mut verdict = verdict;
    if let Some((_, path)) = &e.path {
        verdict["path"] = path.clone();
    }
    verdict["reason"] = json!(e.verdict.reason());
    verdict["reported"] = json!(e.verdict.reported());
    json!({
        "threat": e.threat,
        "title": e.title,
        "element": e.element,
        "name": e.name,
        "kind": e.kind,
        "condition": e.condition,
        "holds": e.trace.as_ref().map(|t| t.value.as_deref() == Some("true")),
        "trace": e.trace.as_ref().map(step_json),
        "deciding": e.deciding.iter().map(|s| json!({"text": s.text, "value": s.value})).collect::<Vec<_>>(),
        "verdict": verdict,
    })
}

fn step_json(s: &Step) -> serde_json::Value {
    let mut j = json!({
        "text": s.text,
        "what": s.what.label(),
        "value": s.value,
        "steps": s.steps.iter().map(step_json).collect::<Vec<_>>(),
    });
    if let Some(item) = &s.item {
        j["item"] = json!(item);
    }
    if s.what == What::Quantifier {
        j["unlisted"] = json!(s.unlisted);
        j["unvisited"] = json!(s.unvisited);
    }
    j
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::{compile_with, OneFile, Options};

    const RULES: &str = r#"
predicate plain(f: Dataflow) = f.protocol == "HTTP"
threat T1 "Plain input" {
  targets = [Server]
  severity = High
  when = any f in target.inputs: plain(f)
}
threat T2 "Soft" {
  targets = [Server]
  severity = Medium
  when = target.OS == "win" and not target.controls.isHardened
}
threat T3 "Flows" {
  targets = [Dataflow]
  severity = Low
  when = target.protocol == "HTTP"
}
threat T5 "Some plain" {
  targets = [Server]
  severity = Low
  when = not (all f in target.inputs: f.protocol == "HTTPS")
}
threat T4 "Old" {
  targets = [Server]
  severity = Low
  deprecated = "gone"
  when = target.inScope
}
"#;

    /// `model` (objects, after a header holding `header`) with `RULES`,
    /// without the built-in library.
    fn compile(header: &str, model: &str, exclude: &[&str]) -> Compilation {
        let text = format!("model \"M\" {{\n  description = \"d\"\n{header}\n}}\n{model}\n{RULES}");
        let options = Options {
            threats: crate::ThreatSources::none(),
            exclude: exclude.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        };
        let c = compile_with(&[PathBuf::from("m.tm")], &options, &OneFile(&text));
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        c
    }

    const SHOP: &str = r#"
Actor user "User"
Server web "Web" { OS = "win" }
Server api "API" { OS = "linux" }
flow user -> web "Browse" { protocol = "HTTPS" }
flow plain: user -> web "Plain" { protocol = "HTTP" }
"#;

    fn why(c: &Compilation, threat: &str, element: &str) -> Explanation {
        explain(c, &[], threat, element).expect("known ids")
    }

    #[test]
    fn a_finding_is_reported_and_its_deciding_steps_named() {
        let c = compile("", SHOP, &[]);
        let e = why(&c, "T2", "web");
        assert_eq!(
            e.verdict,
            Verdict::Reported {
                severity: "Medium".into(),
                likelihood: None,
                overridden: None,
                status: None,
            }
        );
        let decided: Vec<(&str, &str)> = e
            .deciding
            .iter()
            .map(|s| (s.text.as_str(), s.value.as_deref().unwrap()))
            .collect();
        assert_eq!(
            decided,
            [
                ("target.OS == \"win\"", "true"),
                ("not target.controls.isHardened", "true")
            ]
        );
        let text = render(&e);
        assert!(
            text.contains("target.OS == \"win\"  -> true   (target.OS = \"win\")"),
            "{text}"
        );
        assert!(text.contains("verdict: fired and reported, severity Medium"));
    }

    #[test]
    fn a_false_condition_names_the_side_that_decided_and_skips_the_other() {
        let c = compile("", SHOP, &[]);
        let e = why(&c, "T2", "api");
        assert_eq!(e.verdict, Verdict::ConditionFalse);
        assert_eq!(e.deciding.len(), 1);
        assert_eq!(e.deciding[0].text, "target.OS == \"win\"");
        let trace = e.trace.as_ref().unwrap();
        assert_eq!(
            trace.steps[1].value, None,
            "the right side is not evaluated"
        );
        let text = render(&e);
        assert!(
            text.contains("not target.controls.isHardened  (not evaluated)"),
            "{text}"
        );
        assert!(text.contains("verdict: not reported: the condition is false"));
    }

    #[test]
    fn quantifiers_list_the_deciding_items_and_calls_their_body() {
        let c = compile("", SHOP, &[]);
        let e = why(&c, "T1", "web");
        assert!(e.verdict.reported());
        let any = e.trace.as_ref().unwrap();
        assert_eq!(any.what, What::Quantifier);
        // The list, then the one item that made it true (the unnamed flow
        // is looked at first, and is false: not listed).
        assert_eq!(any.steps[0].value.as_deref(), Some("[user->web, plain]"));
        let items: Vec<&str> = any.steps[1..]
            .iter()
            .map(|s| s.item.as_deref().unwrap())
            .collect();
        assert_eq!(items, ["f = plain"]);
        assert_eq!((any.unlisted, any.unvisited), (1, 0));
        // The call shows the predicate's body, its parameter bound.
        let call = &any.steps[1];
        assert_eq!(call.what, What::Call);
        let body = call.steps.last().unwrap();
        assert_eq!(body.item.as_deref(), Some("f = plain"));
        assert_eq!(body.text, "f.protocol == \"HTTP\"");
        let text = render(&e);
        assert!(
            text.contains("f = plain: f.protocol == \"HTTP\"  -> true   (f.protocol = \"HTTP\")"),
            "{text}"
        );
        assert!(
            text.contains("… 1 more item evaluated, not listed"),
            "{text}"
        );
    }

    #[test]
    fn all_lists_the_item_that_made_it_false() {
        let c = compile("", SHOP, &[]);
        let e = why(&c, "T5", "web");
        assert!(e.verdict.reported());
        assert_eq!(
            e.deciding[0].text,
            "not (all f in target.inputs: f.protocol == \"HTTPS\")"
        );
        let all = &e.trace.as_ref().unwrap().steps[0];
        assert_eq!(all.value.as_deref(), Some("false"));
        let items: Vec<&str> = all.steps[1..]
            .iter()
            .map(|s| s.item.as_deref().unwrap())
            .collect();
        assert_eq!(items, ["f = plain"]);
        assert_eq!((all.unlisted, all.unvisited), (1, 0));
    }

    #[test]
    fn long_lists_are_capped() {
        let mut model = String::from("Server web \"Web\"\n");
        for i in 0..9 {
            model.push_str(&format!("Actor a{i} \"A\"\nflow a{i} -> web\n"));
        }
        let c = compile("", &model, &[]);
        let e = why(&c, "T1", "web");
        assert_eq!(e.verdict, Verdict::ConditionFalse);
        let any = e.trace.as_ref().unwrap();
        assert_eq!(any.steps.len(), 1 + MAX_ITEMS);
        assert_eq!(any.unlisted, 9 - MAX_ITEMS);
        assert!(any.steps[0]
            .value
            .as_deref()
            .unwrap()
            .ends_with("… 9 items in all]"));
    }

    #[test]
    fn the_reasons_a_threat_does_not_fire() {
        let c = compile(
            "  exclude = [\"T3\"]",
            &format!("{SHOP}\nServer off \"Off\" {{ OS = \"win\" inScope = false }}"),
            &[],
        );
        assert_eq!(
            why(&c, "T3", "plain").verdict,
            Verdict::Excluded {
                by: ExcludedBy::Model
            }
        );
        assert_eq!(
            why(&c, "T2", "user").verdict,
            Verdict::WrongKind {
                targets: vec!["Server".into()]
            }
        );
        assert_eq!(why(&c, "T2", "user").trace, None);
        let off = why(&c, "T2", "off");
        assert_eq!(off.verdict, Verdict::NotAnalysed(NotAnalysed::OutOfScope));
        assert_eq!(off.trace.unwrap().value.as_deref(), Some("true"));
        assert_eq!(
            why(&c, "T4", "web").verdict,
            Verdict::Deprecated { why: "gone".into() }
        );
        let by_option = explain(&c, &["T2".to_string()], "T2", "web").unwrap();
        assert_eq!(
            by_option.verdict,
            Verdict::Excluded {
                by: ExcludedBy::Options
            }
        );
        assert!(render(&by_option)
            .contains("verdict: not reported: T2 is excluded by --exclude (its condition holds)"));
    }

    #[test]
    fn assumptions_and_overrides_are_read_from_the_finding() {
        let model = SHOP
            .replace(
                "Server web \"Web\" { OS = \"win\" }",
                "Server web \"Web\" {\n  OS = \"win\"\n  overrides = [{ threat_id = \"T2\" severity = Low response = \"Accepted\" }]\n}",
            )
            .replace(
                "Server api \"API\" { OS = \"linux\" }",
                "Server api \"API\" {\n  assumptions = [{ name = \"VPN only\" exclude = [\"T1\"] }]\n}",
            );
        let c = compile(
            "  assumptions = [{ name = \"TLS everywhere\" exclude = [\"T3\"] }]",
            &format!("{model}\nflow user -> api \"Call\" {{ protocol = \"HTTP\" }}"),
            &[],
        );
        let e = why(&c, "T2", "web");
        assert_eq!(
            e.verdict,
            Verdict::Reported {
                severity: "Low".into(),
                likelihood: None,
                overridden: Some(Overridden {
                    threat_severity: "Medium".into(),
                    response: "Accepted".into(),
                    cvss: String::new(),
                }),
                status: Some(Triaged {
                    label: "accepted".into(),
                    triage: None,
                }),
            }
        );
        assert!(render(&e).contains(
            "an override on `web` applies: severity Low (the threat's: Medium), response \"Accepted\""
        ));
        assert_eq!(
            why(&c, "T1", "api").verdict,
            Verdict::RuledOut {
                assumption: "VPN only".into(),
                of: Some("api".into())
            }
        );
        assert_eq!(
            why(&c, "T3", "plain").verdict,
            Verdict::RuledOut {
                assumption: "TLS everywhere".into(),
                of: None
            }
        );
    }

    #[test]
    fn unknown_ids_get_a_hint() {
        let c = compile("", SHOP, &[]);
        let e = explain(&c, &[], "T22", "web").unwrap_err();
        assert_eq!(e.message(), "no threat has the id `T22`");
        assert_eq!(e.notes()[0], "did you mean `T2`?");
        let e = explain(&c, &[], "T2", "wbe").unwrap_err();
        assert_eq!(
            e.message(),
            "the model has no element, boundary or flow `wbe`"
        );
        assert_eq!(e.notes()[0], "did you mean `web`?");
    }

    /// The explanation and the findings run agree on every threat of the
    /// built-in library and every object of the bundled example.
    #[test]
    fn the_verdict_agrees_with_the_findings_run_everywhere() {
        let text = include_str!("../../examples/webapp.tm");
        let c = compile_with(
            &[PathBuf::from("webapp.tm")],
            &Options::default(),
            &OneFile(text),
        );
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        let model = c.model.as_ref().unwrap();
        let findings = c.findings.as_ref().unwrap();
        let mut fired = 0;
        for t in &c.library.threats {
            for o in &model.objects {
                let e = why(&c, &t.id, &o.id);
                let found = findings.iter().any(|f| {
                    c.library.threats[f.threat].id == t.id && model.object(f.target).id == o.id
                });
                let fires = matches!(
                    e.verdict,
                    Verdict::Reported { .. } | Verdict::RuledOut { .. }
                );
                assert_eq!(fires, found, "{}@{}: {:?}", t.id, o.id, e.verdict);
                fired += fires as usize;
            }
        }
        assert_eq!(fired, findings.len());
    }

    #[test]
    fn control_characters_in_model_text_are_escaped() {
        let c = compile("", &SHOP.replace("\"Web\"", "\"We\\u{1b}[31mb\""), &[]);
        let text = render(&why(&c, "T2", "web"));
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("We\\u{1b}[31mb"), "{text}");
    }
}
