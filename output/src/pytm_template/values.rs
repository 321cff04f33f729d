//! The pytm view of a compiled model: the values a pytm template reads
//! (`tm`, `dataflows`, `findings`...), what each attribute of an element,
//! data item, finding or assumption gives, and how a value prints as
//! Python's `str()` and `repr()` print pytm's objects. Findings are the
//! compiler's, put in pytm's order: element by element in declaration
//! order, each element's in the order of pytm's threat library.

use std::borrow::Cow;

use tmc_compiler::findings::Finding;
use tmc_compiler::model::known::{
    ASSUMPTIONS, DATA, DESCRIPTION, EXCLUDE, IN_SCOPE, NAME, ORDER, OVERRIDES, THREAT_ID,
};
use tmc_compiler::model::{Attrs, Model, ObjectId, Role, Value};
use tmc_compiler::rules::Library;
use tmc_compiler::schema::{self, Schema};
use tmc_compiler::{pytm_rank, Builtin};

/// The fields of pytm's `Controls`, in its order: `str()` of an element's
/// `controls` writes these (tmc's record has more) as `name=repr(value)`.
const PYTM_CONTROLS: [&str; 43] = [
    "authenticatesDestination",
    "authenticatesSource",
    "authenticationScheme",
    "authorizesSource",
    "checksDestinationRevocation",
    "checksInputBounds",
    "definesConnectionTimeout",
    "disablesDTD",
    "disablesiFrames",
    "encodesHeaders",
    "encodesOutput",
    "encryptsCookies",
    "encryptsSessionData",
    "handlesCrashes",
    "handlesInterruptions",
    "handlesResourceConsumption",
    "hasAccessControl",
    "implementsAuthenticationScheme",
    "implementsCSRFToken",
    "implementsNonce",
    "implementsPOLP",
    "implementsServerSideValidation",
    "implementsStrictHTTPValidation",
    "invokesScriptFilters",
    "isEncrypted",
    "isEncryptedAtRest",
    "isHardened",
    "isResilient",
    "providesConfidentiality",
    "providesIntegrity",
    "sanitizesInput",
    "tracksExecutionFlow",
    "usesCodeSigning",
    "usesEncryptionAlgorithm",
    "usesMFA",
    "usesParameterizedInput",
    "usesSecureFunctions",
    "usesStrongSessionIdentifiers",
    "usesVPN",
    "validatesContentType",
    "validatesHeaders",
    "validatesInput",
    "verifySessionIdentifiers",
];

/// The stdlib kinds pytm's `assets` and `actors` list (with the kinds
/// below them).
const ASSET: &str = "Asset";
const ACTOR: &str = "Actor";

/// The variables of a pytm report, in the order pytm passes them.
pub(crate) const VARIABLES: [&str; 9] = [
    "tm",
    "dataflows",
    "threats",
    "findings",
    "elements",
    "assets",
    "actors",
    "boundaries",
    "data",
];

/// The `ReportUtils` helpers a `:call:` may name.
pub(crate) const HELPERS: [&str; 12] = [
    "getParentName",
    "getNamesOfParents",
    "getInScopeFindings",
    "getFindingCount",
    "getElementType",
    "getThreatId",
    "getFindingDescription",
    "getFindingTarget",
    "getFindingSeverity",
    "getFindingMitigations",
    "getFindingReferences",
    "getFindingExample",
];

/// What pytm's attributes of a finding are.
const FINDING_ATTRS: [&str; 15] = [
    "id",
    "threat_id",
    "description",
    "details",
    "severity",
    "mitigations",
    "example",
    "references",
    "condition",
    "target",
    "element",
    "assumption",
    "response",
    "cvss",
    "likelihood",
];

/// pytm's methods of an element a template may call.
const METHODS: [&str; 2] = ["display_name", "parents"];

/// A compiled model as pytm's report sees it.
pub(crate) struct View<'m> {
    pub schema: &'m Schema,
    pub model: &'m Model,
    pub library: &'m Library,
    /// The reported findings in pytm's order; a finding's pytm `id` is its
    /// position plus one.
    pub findings: Vec<&'m Finding>,
    /// The findings an assumption rules out, in pytm's order.
    pub excluded: Vec<&'m Finding>,
    /// Per object: its findings, a range of `findings`. An element out of
    /// scope has those of every element before it: pytm 1.4 gives it the
    /// list of findings as it stood when it reached it.
    own: Vec<std::ops::Range<usize>>,
}

impl<'m> View<'m> {
    pub(crate) fn new(
        schema: &'m Schema,
        model: &'m Model,
        library: &'m Library,
        findings: &'m [Finding],
    ) -> View<'m> {
        let rank = threat_ranks(library);
        let key = |f: &&Finding| (f.target, rank[f.threat.index()]);
        let (mut excluded, mut reported): (Vec<&Finding>, Vec<&Finding>) =
            findings.iter().partition(|f| f.excluded_by.is_some());
        reported.sort_by_key(key);
        excluded.sort_by_key(key);
        let mut own = vec![0..0; model.objects.len()];
        let mut next = 0;
        for (i, o) in model.objects.iter().enumerate() {
            let start = next;
            while next < reported.len() && reported[next].target.index() == i {
                next += 1;
            }
            let in_scope = !matches!(o.attrs.get(IN_SCOPE.name()), Some(Value::Bool(false)));
            own[i] = if in_scope || !is_element(o.role) {
                start..next
            } else {
                0..start
            };
        }
        View {
            schema,
            model,
            library,
            findings: reported,
            excluded,
            own,
        }
    }

    /// The value of a report variable.
    pub(crate) fn variable(&self, name: &str) -> Option<Val<'m>> {
        let objects = |keep: &dyn Fn(&tmc_compiler::model::Object) -> bool| {
            let items = self.model.objects.iter().enumerate();
            Val::List(
                items
                    .filter(|(_, o)| keep(o))
                    .map(|(i, _)| Val::Obj {
                        id: ObjectId(i as u32),
                        encoded: true,
                    })
                    .collect(),
            )
        };
        Some(match name {
            "tm" => Val::Tm,
            "dataflows" => self.by_order(objects(&|o| matches!(o.role, Role::Flow { .. }))),
            "elements" => objects(&|o| is_element(o.role)),
            "assets" => objects(&|o| o.role == Role::Element && self.schema.is_a(&o.kind, ASSET)),
            "actors" => objects(&|o| o.role == Role::Element && self.schema.is_a(&o.kind, ACTOR)),
            "boundaries" => objects(&|o| o.role == Role::Boundary),
            "data" => Val::List(
                self.model
                    .data()
                    .map(|id| Val::Obj { id, encoded: false })
                    .collect(),
            ),
            "findings" => self.finding_list(&self.findings, 0, true, false),
            "threats" => Val::List(self.threats().map(Val::Threat).collect()),
            _ => return None,
        })
    }

    /// Flows sorted by `order` (stable), as pytm sorts its list of flows.
    fn by_order(&self, flows: Val<'m>) -> Val<'m> {
        let Val::List(mut items) = flows else {
            return flows;
        };
        items.sort_by_key(|v| match v {
            Val::Obj { id, .. } => self
                .model
                .object(*id)
                .attrs
                .get(ORDER.name())
                .and_then(Value::as_int)
                .unwrap_or(-1),
            _ => -1,
        });
        Val::List(items)
    }

    /// Findings as values; `before` is how many come before the first in
    /// its list (an element's keep the `id` they have in `tm.findings`).
    fn finding_list(
        &self,
        list: &[&'m Finding],
        before: usize,
        escaped: bool,
        excluded: bool,
    ) -> Val<'m> {
        Val::List(
            list.iter()
                .enumerate()
                .map(|(i, f)| Val::Finding {
                    finding: f,
                    number: before + i + 1,
                    escaped,
                    excluded,
                })
                .collect(),
        )
    }

    /// The library's threats, in pytm's order.
    fn threats(&self) -> impl Iterator<Item = usize> + '_ {
        let rank = threat_ranks(self.library);
        let mut order: Vec<usize> = (0..self.library.threats.len())
            .filter(|&i| self.library.threats[i].deprecated.is_none())
            .collect();
        order.sort_by_key(|&i| rank[i]);
        order.into_iter()
    }

    /// `obj.attr` (an attribute or a method) of a value.
    pub(crate) fn attr(&self, value: &Val<'m>, attr: &str) -> Result<Val<'m>, Missing> {
        match value {
            Val::Tm => self.tm_attr(attr),
            Val::Obj { id, encoded } => self.object_attr(*id, *encoded, attr),
            Val::Finding {
                finding,
                number,
                escaped,
                excluded,
            } => self.finding_attr(finding, *number, *escaped, *excluded, attr),
            Val::Threat(i) => self.threat_attr(*i, attr),
            Val::Record { attrs, ty } => match attrs.get(attr) {
                Some(v) => Ok(self.value(v, attr, false)),
                None => self.declared_or_missing(ty, attr, false),
            },
            Val::Enum { ty, member, rank } => match attr {
                "name" => Ok(Val::Str(Cow::Borrowed(member))),
                "value" => Ok(enum_value(ty, member, *rank)),
                _ => Err(Missing::new(value.type_name(), attr, vec!["name", "value"])),
            },
            _ => Err(Missing::new(value.type_name(), attr, Vec::new())),
        }
    }

    fn tm_attr(&self, attr: &str) -> Result<Val<'m>, Missing> {
        let header = &self.model.header;
        match attr {
            "name" => Ok(Val::Str(Cow::Borrowed(&header.name))),
            "findings" => Ok(self.finding_list(&self.findings, 0, false, false)),
            "excluded_findings" => Ok(self.finding_list(&self.excluded, 0, false, true)),
            "assumptions" => Ok(self.records(header.attrs.get(ASSUMPTIONS.name()), "Assumption")),
            _ => match header.attrs.get(attr) {
                Some(v) => Ok(self.value(v, attr, false)),
                None => self.declared_or_missing(schema::MODEL, attr, false),
            },
        }
    }

    fn object_attr(&self, id: ObjectId, encoded: bool, attr: &str) -> Result<Val<'m>, Missing> {
        let o = self.model.object(id);
        let flow = match o.role {
            Role::Flow { source, sink } => Some((source, sink)),
            _ => None,
        };
        let element = is_element(o.role);
        match attr {
            "name" => return Ok(Val::Str(Cow::Borrowed(&o.name))),
            "findings" if element => {
                let range = self.own[id.index()].clone();
                return Ok(self.finding_list(
                    &self.findings[range.clone()],
                    range.start,
                    encoded,
                    false,
                ));
            }
            "display_name" if element => {
                return Ok(Val::Method {
                    of: id,
                    name: "display_name",
                })
            }
            "parents" if o.role == Role::Boundary => {
                return Ok(Val::Method {
                    of: id,
                    name: "parents",
                })
            }
            "inBoundary" if element => {
                return Ok(match (flow, o.boundary) {
                    (None, Some(b)) => Val::Obj {
                        id: b,
                        encoded: false,
                    },
                    _ => Val::None,
                })
            }
            "source" | "sink" if flow.is_some() => {
                let (source, sink) = flow.unwrap_or((id, id));
                let end = if attr == "source" { source } else { sink };
                return Ok(Val::Obj {
                    id: end,
                    encoded: false,
                });
            }
            "carriedBy" | "processedBy" if o.role == Role::Data => {
                return Ok(self.carriers(id, attr == "processedBy"));
            }
            _ => {}
        }
        let value = match o.attrs.get(attr) {
            Some(v) => self.value(v, attr, encoded),
            None => self.declared_or_missing(&o.kind, attr, encoded)?,
        };
        Ok(value)
    }

    /// The flows carrying a data item, or the elements at their ends, each
    /// once, sorted by name as pytm sorts them.
    fn carriers(&self, data: ObjectId, ends: bool) -> Val<'m> {
        let mut found: Vec<ObjectId> = Vec::new();
        for flow in self.model.flows() {
            let o = self.model.object(flow);
            let carries = Value::items(o.attrs.get(DATA.name()))
                .iter()
                .any(|v| v.as_object() == Some(data));
            let Role::Flow { source, sink } = o.role else {
                continue;
            };
            if carries {
                if ends {
                    found.extend([source, sink]);
                } else {
                    found.push(flow);
                }
            }
        }
        found.sort_by(|a, b| self.model.object(*a).name.cmp(&self.model.object(*b).name));
        found.dedup();
        Val::List(
            found
                .into_iter()
                .map(|id| Val::Obj { id, encoded: false })
                .collect(),
        )
    }

    /// An attribute the model does not hold: `None` when the kind (or
    /// record) declares it, else the error pytm raises.
    fn declared_or_missing(&self, ty: &str, attr: &str, encoded: bool) -> Result<Val<'m>, Missing> {
        let declared = self.declared(ty);
        if declared.iter().any(|a| a.name == attr) {
            let list = declared
                .iter()
                .find(|a| a.name == attr)
                .is_some_and(|a| a.ty.to_string().starts_with('['));
            return Ok(match (list, encoded) {
                (true, true) => Val::Str(Cow::Borrowed("[]")),
                (true, false) => Val::List(Vec::new()),
                _ => Val::None,
            });
        }
        let mut names: Vec<&str> = declared.iter().map(|a| a.name.as_str()).collect();
        if self.schema.kind(ty).is_some() {
            names.push("name");
            if ty != schema::DATA && ty != schema::MODEL {
                names.extend(["findings", "display_name", "inBoundary"]);
            }
            if ty == schema::DATA {
                names.extend(["carriedBy", "processedBy"]);
            }
            if self.schema.is_a(ty, schema::BOUNDARY) {
                names.push("parents");
            }
            if ty == schema::MODEL {
                names.extend(["findings", "excluded_findings"]);
            }
        }
        names.sort_unstable();
        names.dedup();
        Err(Missing::new(ty.to_string(), attr, names))
    }

    /// The attributes a kind (with those it inherits) or a record declares.
    fn declared(&self, ty: &str) -> Vec<&'m schema::Attr> {
        if let Some(record) = self.schema.record(ty) {
            return record.fields.iter().collect();
        }
        let mut out = Vec::new();
        let mut kind = self.schema.kind(ty);
        let mut left = self.schema.kinds.len();
        while let Some(k) = kind.filter(|_| left > 0) {
            left -= 1;
            out.extend(k.attrs.iter());
            kind = k.parent.as_deref().and_then(|p| self.schema.kind(p));
        }
        out
    }

    /// A model value as pytm holds it: `data` is a set of data items, an
    /// element's empty lists are the text "[]" in an encoded copy.
    fn value(&self, v: &'m Value, attr: &str, encoded: bool) -> Val<'m> {
        let val = match v {
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(n) => Val::Int(*n),
            Value::Str(s) => Val::Str(Cow::Borrowed(s)),
            Value::Enum { ty, member, rank } => Val::Enum {
                ty: ty.as_str(),
                member: member.as_str(),
                rank: *rank,
            },
            Value::Ref(id) => Val::Obj {
                id: *id,
                encoded: false,
            },
            Value::Record(attrs) => Val::Record {
                attrs,
                ty: self.record_type(attr),
            },
            Value::List(items) if attr == DATA.name() => {
                Val::DataSet(items.iter().filter_map(Value::as_object).collect())
            }
            Value::List(_) if attr == EXCLUDE.name() => {
                Val::StrSet(Value::strings(Some(v)).collect())
            }
            Value::List(items) if attr == ASSUMPTIONS.name() || attr == OVERRIDES.name() => self
                .records(
                    Some(v),
                    if attr == OVERRIDES.name() {
                        "Override"
                    } else {
                        "Assumption"
                    },
                ),
            Value::List(items) => {
                Val::List(items.iter().map(|i| self.value(i, "", false)).collect())
            }
        };
        if encoded && val.is_empty_collection() {
            return Val::Str(Cow::Borrowed("[]"));
        }
        val
    }

    fn records(&self, list: Option<&'m Value>, ty: &'m str) -> Val<'m> {
        Val::List(
            Value::items(list)
                .iter()
                .filter_map(Value::as_record)
                .map(|attrs| Val::Record { attrs, ty })
                .collect(),
        )
    }

    /// The record type of a record-valued attribute (`controls`).
    fn record_type(&self, attr: &str) -> &'m str {
        for k in &self.schema.kinds {
            if let Some(a) = k.attr(attr) {
                let ty = a.ty.to_string();
                if let Some(r) = self.schema.record(ty.trim_end_matches('?')) {
                    return &r.name;
                }
            }
        }
        "record"
    }

    fn finding_attr(
        &self,
        f: &'m Finding,
        number: usize,
        escaped: bool,
        excluded: bool,
        attr: &str,
    ) -> Result<Val<'m>, Missing> {
        let threat = &self.library.threats[f.threat];
        if let Some(text) = self.overridden_text(f, attr) {
            return Ok(Val::Str(if escaped { escape(&text).into() } else { text }));
        }
        let text: Cow<'m, str> = match attr {
            "id" => number.to_string().into(),
            "threat_id" => Cow::Borrowed(&threat.id),
            "description" => Cow::Borrowed(&threat.title),
            "details" => Cow::Borrowed(&threat.details),
            "mitigations" => Cow::Borrowed(&threat.mitigations),
            "example" => Cow::Borrowed(&threat.example),
            "references" => threat.references.join(", ").into(),
            "condition" => Cow::Borrowed(&threat.condition_text),
            "severity" => Cow::Borrowed(threat.severity.label()),
            "likelihood" => Cow::Borrowed(threat.likelihood.map_or("", |l| l.label())),
            "response" | "cvss" => Cow::Borrowed(""),
            "target" => return Ok(Val::Str(Cow::Borrowed(&self.model.object(f.target).name))),
            "element" => {
                return Ok(Val::Obj {
                    id: f.target,
                    encoded: false,
                })
            }
            "assumption" => return Ok(self.assumption(f, excluded)),
            _ => return Err(Missing::new("Finding".into(), attr, FINDING_ATTRS.to_vec())),
        };
        Ok(Val::Str(if escaped { escape(&text).into() } else { text }))
    }

    /// A text of a finding its element overrides: pytm 1.4 copies every
    /// field of the override (an empty text where it gives none, the `id`
    /// too) over the threat's, so an override gives all of the texts.
    fn overridden_text(&self, f: &'m Finding, attr: &str) -> Option<Cow<'m, str>> {
        if !matches!(
            attr,
            "id" | "description"
                | "details"
                | "severity"
                | "mitigations"
                | "example"
                | "references"
                | "condition"
                | "likelihood"
                | "response"
                | "cvss"
        ) {
            return None;
        }
        let threat = &self.library.threats[f.threat];
        let o = self.model.object(f.target);
        let record = Value::items(o.attrs.get(OVERRIDES.name()))
            .iter()
            .filter_map(Value::as_record)
            .find(|r| r.get(THREAT_ID.name()).and_then(Value::as_str) == Some(&threat.id))?;
        Some(match record.get(attr) {
            Some(Value::Str(text)) => Cow::Borrowed(text),
            Some(Value::Enum { member, .. }) => label(member.as_str()).into(),
            _ => Cow::Borrowed(""),
        })
    }

    /// The assumption that rules a finding out (`None` for a reported one).
    fn assumption(&self, f: &'m Finding, excluded: bool) -> Val<'m> {
        let Some(at) = f.excluded_at.filter(|_| excluded) else {
            return Val::None;
        };
        let attrs = match at.object {
            Some(id) => &self.model.object(id).attrs,
            None => &self.model.header.attrs,
        };
        match Value::items(attrs.get(ASSUMPTIONS.name()))
            .get(at.index)
            .and_then(Value::as_record)
        {
            Some(attrs) => Val::Record {
                attrs,
                ty: "Assumption",
            },
            None => Val::None,
        }
    }

    fn threat_attr(&self, i: usize, attr: &str) -> Result<Val<'m>, Missing> {
        let t = &self.library.threats[i];
        let text: Cow<'m, str> = match attr {
            "id" => Cow::Borrowed(&t.id),
            "description" => Cow::Borrowed(&t.title),
            "details" => Cow::Borrowed(&t.details),
            "severity" => Cow::Borrowed(t.severity.label()),
            "likelihood" => Cow::Borrowed(t.likelihood.map_or("", |l| l.label())),
            "mitigations" => Cow::Borrowed(&t.mitigations),
            "example" => Cow::Borrowed(&t.example),
            "references" => t.references.join(", ").into(),
            "condition" => Cow::Borrowed(&t.condition_text),
            "prerequisites" => Cow::Borrowed(&t.prerequisites),
            "target" => {
                return Ok(Val::List(
                    t.targets
                        .iter()
                        .map(|k| Val::Str(Cow::Borrowed(k.as_str())))
                        .collect(),
                ))
            }
            _ => {
                let names = vec![
                    "id",
                    "description",
                    "details",
                    "severity",
                    "likelihood",
                    "mitigations",
                    "example",
                    "references",
                    "condition",
                    "prerequisites",
                    "target",
                ];
                return Err(Missing::new("Threat".into(), attr, names));
            }
        };
        Ok(Val::Str(escape(&text).into()))
    }

    /// What calling a method gives.
    pub(crate) fn call_method(&self, of: ObjectId, name: &str) -> Val<'m> {
        let o = self.model.object(of);
        match name {
            "parents" => {
                let mut out = Vec::new();
                let mut at = o.boundary;
                while let Some(b) = at.filter(|_| out.len() <= self.model.objects.len()) {
                    out.push(Val::Obj {
                        id: b,
                        encoded: false,
                    });
                    at = self.model.object(b).boundary;
                }
                Val::List(out)
            }
            _ => match o.attrs.get(ORDER.name()).and_then(Value::as_int) {
                Some(n) if n != -1 && matches!(o.role, Role::Flow { .. }) => {
                    Val::Str(format!("({n}) {}", o.name).into())
                }
                _ => Val::Str(Cow::Borrowed(&o.name)),
            },
        }
    }

    /// `ReportUtils.helper(value)`.
    pub(crate) fn helper(&self, helper: &str, value: &Val<'m>) -> Option<Val<'m>> {
        let element = match value {
            Val::Obj { id, .. } if is_element(self.model.object(*id).role) => Some(*id),
            _ => None,
        };
        let boundary = element.filter(|id| self.model.object(*id).role == Role::Boundary);
        let not_valid = |what: &str| {
            Val::Str(
                format!(
                    "ERROR: {what} method is not valid for {}",
                    self.class(value)
                )
                .into(),
            )
        };
        let finding_text = |attr: &str| match value {
            Val::Finding { .. } => self.attr(value, attr).unwrap_or(Val::None),
            _ => Val::Str(Cow::Borrowed("")),
        };
        Some(match helper {
            "getParentName" => match boundary {
                Some(b) => match self.model.object(b).boundary {
                    Some(p) => Val::Str(Cow::Borrowed(&self.model.object(p).name)),
                    None => Val::Str(Cow::Borrowed("")),
                },
                None => not_valid(helper),
            },
            "getNamesOfParents" => match boundary {
                Some(b) => match self.call_method(b, "parents") {
                    Val::List(items) => Val::List(
                        items
                            .iter()
                            .map(|p| self.attr(p, NAME.name()).unwrap_or(Val::None))
                            .collect(),
                    ),
                    other => other,
                },
                None => not_valid(helper),
            },
            "getInScopeFindings" => match element {
                Some(id) => {
                    let o = self.model.object(id);
                    let in_scope =
                        !matches!(o.attrs.get(IN_SCOPE.name()), Some(Value::Bool(false)));
                    let findings = self
                        .attr(value, "findings")
                        .unwrap_or(Val::List(Vec::new()));
                    match findings {
                        Val::List(items) if in_scope => Val::List(
                            items
                                .into_iter()
                                .filter(|f| match f {
                                    Val::Finding { finding, .. } => !matches!(
                                        self.model
                                            .object(finding.target)
                                            .attrs
                                            .get(IN_SCOPE.name()),
                                        Some(Value::Bool(false))
                                    ),
                                    _ => false,
                                })
                                .collect(),
                        ),
                        _ => Val::List(Vec::new()),
                    }
                }
                None => Val::List(Vec::new()),
            },
            "getFindingCount" => match element {
                Some(id) => Val::Str(self.own[id.index()].len().to_string().into()),
                None => not_valid(helper),
            },
            "getElementType" => match element {
                Some(id) => Val::Str(Cow::Borrowed(&self.model.object(id).kind)),
                None => not_valid(helper),
            },
            "getThreatId" => finding_text("threat_id"),
            "getFindingDescription" => finding_text("description"),
            "getFindingTarget" => finding_text("target"),
            "getFindingSeverity" => finding_text("severity"),
            "getFindingMitigations" => finding_text("mitigations"),
            "getFindingReferences" => finding_text("references"),
            "getFindingExample" => finding_text("example"),
            _ => return None,
        })
    }

    /// The name of a value's Python class: an element's kind.
    pub(crate) fn class(&self, value: &Val<'m>) -> String {
        match value {
            Val::Obj { id, .. } => {
                let o = self.model.object(*id);
                if o.role == Role::Data {
                    "Data".to_string()
                } else {
                    o.kind.clone()
                }
            }
            other => other.type_name(),
        }
    }

    /// Python's `str(value)`, or why pytm's text cannot be reproduced.
    pub(crate) fn str(&self, value: &Val<'m>) -> Result<Cow<'m, str>, String> {
        Ok(match value {
            Val::Str(s) => s.clone(),
            Val::Enum { ty, member, .. } => format!("{ty}.{member}").into(),
            Val::Obj { id, .. } => {
                let o = self.model.object(*id);
                let class = if o.role == Role::Data {
                    "Data"
                } else {
                    o.kind.as_str()
                };
                format!("{class}({})", o.name).into()
            }
            Val::DataSet(items) => {
                let mut names: Vec<&str> = items
                    .iter()
                    .map(|id| self.model.object(*id).name.as_str())
                    .collect();
                names.sort_unstable();
                names.dedup();
                names.join(", ").into()
            }
            Val::Record { attrs, ty } if *ty == "Assumption" => Cow::Borrowed(
                attrs
                    .get(NAME.name())
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            ),
            Val::Threat(i) => format!("Threat({})", self.library.threats[*i].id).into(),
            Val::Record { ty, .. } if *ty == "Controls" => {
                let fields: Result<Vec<String>, String> = PYTM_CONTROLS
                    .iter()
                    .map(|name| {
                        let v = self.attr(value, name).map_err(|_| {
                            format!("tmc's `Controls` has no `{name}`, which pytm prints")
                        })?;
                        Ok(format!("{name}={}", self.repr(&v)?))
                    })
                    .collect();
                fields?.join(" ").into()
            }
            Val::Finding { .. } => {
                let field = |a| {
                    self.attr(value, a)
                        .map(|v| self.str(&v).unwrap_or_default())
                };
                let text = |a| field(a).unwrap_or_default();
                format!(
                    "'{}': {}\n{}\n{}",
                    text("target"),
                    text("description"),
                    text("details"),
                    text("severity")
                )
                .into()
            }
            _ => self.repr(value)?,
        })
    }

    /// Python's `repr(value)`, or why pytm's text cannot be reproduced.
    pub(crate) fn repr(&self, value: &Val<'m>) -> Result<Cow<'m, str>, String> {
        Ok(match value {
            Val::None => Cow::Borrowed("None"),
            Val::Bool(true) => Cow::Borrowed("True"),
            Val::Bool(false) => Cow::Borrowed("False"),
            Val::Int(n) => n.to_string().into(),
            Val::Str(s) => py_repr(s).into(),
            Val::Enum { ty, member, rank } => {
                let value = self.repr(&enum_value(ty, member, *rank))?;
                format!("<{ty}.{member}: {value}>").into()
            }
            Val::List(items) => {
                let items: Result<Vec<_>, _> = items.iter().map(|i| self.repr(i)).collect();
                format!("[{}]", items?.join(", ")).into()
            }
            Val::Record { attrs, ty } if *ty == "Assumption" => {
                let text = |a: &str| py_repr(attrs.get(a).and_then(Value::as_str).unwrap_or_default());
                let exclude = Val::StrSet(Value::strings(attrs.get(EXCLUDE.name())).collect());
                let set = self.repr(&exclude)?;
                format!(
                    "Assumption(name={}, exclude={set}, description={})",
                    text(NAME.name()),
                    text(DESCRIPTION.name())
                )
                .into()
            }
            Val::DataSet(items) if items.is_empty() => Cow::Borrowed("DataSet()"),
            Val::StrSet(items) => match items.as_slice() {
                [] => Cow::Borrowed("set()"),
                [one] => format!("{{{}}}", py_repr(one)).into(),
                _ => return Err(unordered("a set of several texts")),
            },
            Val::DataSet(_) => return Err(unordered("a set of data items used whole")),
            Val::Tm | Val::Obj { .. } | Val::Finding { .. } | Val::Threat(_) | Val::Method { .. } => {
                return Err(format!(
                    "pytm writes a {} here with its memory address (Python's repr), which cannot be reproduced",
                    self.class(value)
                ))
            }
            Val::Record { ty, .. } => {
                return Err(format!(
                    "pytm writes the whole `{ty}` record here as a Python object; read one of its fields instead"
                ))
            }
        })
    }

    /// Python's truth value (a method is called first).
    pub(crate) fn truthy(&self, value: &Val<'m>) -> bool {
        match value {
            Val::None => false,
            Val::Bool(b) => *b,
            Val::Int(n) => *n != 0,
            Val::Str(s) => !s.is_empty(),
            Val::List(items) => !items.is_empty(),
            Val::DataSet(items) => !items.is_empty(),
            Val::StrSet(items) => !items.is_empty(),
            Val::Method { of, name } => self.truthy(&self.call_method(*of, name)),
            _ => true,
        }
    }

    /// The items `:repeat:` goes through: none for what Python cannot
    /// iterate, or iterates as a string.
    pub(crate) fn items(&self, value: &Val<'m>) -> Vec<Val<'m>> {
        match value {
            Val::List(items) => items.clone(),
            Val::StrSet(items) => {
                let mut items = items.clone();
                items.sort_unstable();
                items
                    .into_iter()
                    .map(|t| Val::Str(Cow::Borrowed(t)))
                    .collect()
            }
            Val::DataSet(items) => {
                let mut items = items.clone();
                items.sort_by(|a, b| self.model.object(*a).name.cmp(&self.model.object(*b).name));
                items.dedup();
                items
                    .into_iter()
                    .map(|id| Val::Obj { id, encoded: false })
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

/// A value a pytm template reads.
#[derive(Clone, Debug)]
pub(crate) enum Val<'m> {
    None,
    Bool(bool),
    Int(i64),
    Str(Cow<'m, str>),
    Enum {
        ty: &'m str,
        member: &'m str,
        rank: usize,
    },
    List(Vec<Val<'m>>),
    /// pytm's `DataSet`: printed as its names, sorted, joined by ", ".
    DataSet(Vec<ObjectId>),
    /// A Python set of strings (an assumption's `exclude`).
    StrSet(Vec<&'m str>),
    /// The `TM` object.
    Tm,
    /// An element, boundary, flow or data item; `encoded` for the copies
    /// pytm passes as the element lists (empty lists become "[]", findings
    /// are HTML-escaped).
    Obj {
        id: ObjectId,
        encoded: bool,
    },
    Finding {
        finding: &'m Finding,
        /// pytm's `id`.
        number: usize,
        /// HTML-escaped texts (`$` escaped too), as pytm encodes them.
        escaped: bool,
        /// Among `excluded_findings` (its `assumption` is set).
        excluded: bool,
    },
    /// A threat of the library (an index), as `threats` lists them.
    Threat(usize),
    /// A record: an assumption, an override, `controls`.
    Record {
        attrs: &'m Attrs,
        ty: &'m str,
    },
    /// A method of an element, called by `:call:`, `:if:` and `:not:`.
    Method {
        of: ObjectId,
        name: &'static str,
    },
}

impl Val<'_> {
    /// The name of its Python type, for messages.
    pub(crate) fn type_name(&self) -> String {
        match self {
            Val::None => "NoneType",
            Val::Bool(_) => "bool",
            Val::Int(_) => "int",
            Val::Str(_) => "str",
            Val::Enum { ty, .. } => ty,
            Val::List(_) => "list",
            Val::DataSet(_) => "DataSet",
            Val::StrSet(_) => "set",
            Val::Tm => "TM",
            Val::Obj { .. } => "element",
            Val::Finding { .. } => "Finding",
            Val::Threat(_) => "Threat",
            Val::Record { ty, .. } => ty,
            Val::Method { .. } => "method",
        }
        .to_string()
    }

    fn is_empty_collection(&self) -> bool {
        match self {
            Val::List(items) => items.is_empty(),
            Val::DataSet(items) => items.is_empty(),
            Val::StrSet(items) => items.is_empty(),
            _ => false,
        }
    }
}

/// An attribute pytm does not have: the Python type, the name asked for
/// and the names that exist.
#[derive(Debug)]
pub(crate) struct Missing {
    pub ty: String,
    pub attr: String,
    pub known: Vec<String>,
}

impl Missing {
    fn new(ty: String, attr: &str, known: Vec<&str>) -> Missing {
        Missing {
            ty,
            attr: attr.to_string(),
            known: known.into_iter().map(str::to_string).collect(),
        }
    }
}

/// The methods a template may call on an element, for messages.
pub(crate) fn methods() -> &'static [&'static str] {
    &METHODS
}

fn is_element(role: Role) -> bool {
    matches!(role, Role::Element | Role::Boundary | Role::Flow { .. })
}

/// Each threat's place in pytm's order: the threats of the built-in pytm
/// library where pytm's file has them, the others (tmc's, a model's
/// `threatsFile`, `--threats`) after them, in the library's order.
fn threat_ranks(library: &Library) -> Vec<(bool, usize)> {
    library
        .threats
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let pytm = t.library == Some(Builtin::Pytm);
            match pytm.then(|| pytm_rank(&t.id)).flatten() {
                Some(rank) => (false, rank),
                None => (true, i),
            }
        })
        .collect()
}

/// An enum member's `.value` in pytm: the rank for its ordered enums, the
/// long names of `Lifetime`, the member's name for the others.
fn enum_value<'m>(ty: &str, member: &'m str, rank: usize) -> Val<'m> {
    match (ty, member) {
        ("Classification" | "TLSVersion", _) => Val::Int(rank as i64),
        ("Lifetime", "SHORT") => Val::Str(Cow::Borrowed("SHORT_LIVED")),
        ("Lifetime", "LONG") => Val::Str(Cow::Borrowed("LONG_LIVED")),
        ("Lifetime", "AUTO") => Val::Str(Cow::Borrowed("AUTO_REVOKABLE")),
        ("Lifetime", "MANUAL") => Val::Str(Cow::Borrowed("MANUALLY_REVOKABLE")),
        _ => Val::Str(Cow::Borrowed(member)),
    }
}

/// A level's member as pytm writes it: `VeryHigh` is "Very High".
fn label(member: &str) -> String {
    let mut out = String::with_capacity(member.len() + 2);
    for (i, c) in member.chars().enumerate() {
        if i > 0 && c.is_uppercase() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn unordered(what: &str) -> String {
    format!("pytm writes {what} in Python's hash order, which changes from run to run; go through it with :repeat: instead")
}

/// What pytm does to a finding's texts for its report: `$` escaped with a
/// backslash (unless one is there), then HTML-escaped as Python's
/// `html.escape` does.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    for c in text.chars() {
        match c {
            '$' if previous != Some('\\') => out.push_str("\\$"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// Python's `repr` of a string: single quotes unless it holds one and no
/// double quote; backslash escapes for quotes, backslashes and characters
/// that do not print.
pub(crate) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !printable(c) => {
                let n = c as u32;
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for one character, approximately: not a
/// control character, and no separator but the space.
fn printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_quote_as_python_does() {
        assert_eq!(py_repr("a"), "'a'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("'\""), "'\\'\"'");
        assert_eq!(py_repr("a\nb\\"), "'a\\nb\\\\'");
        assert_eq!(py_repr("\u{7}é"), "'\\x07é'");
    }

    #[test]
    fn finding_texts_are_escaped_as_pytm_escapes_them() {
        assert_eq!(
            escape("<a href='x'>$5 & \\$6</a>"),
            "&lt;a href=&#x27;x&#x27;&gt;\\$5 &amp; \\$6&lt;/a&gt;"
        );
    }
}
