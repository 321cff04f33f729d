//! Risk that follows the model. A threat states its severity (the harm
//! done) and likelihood as they are for an element the internet reaches
//! directly, handling data of ordinary sensitivity. Each finding is then
//! rated where it sits:
//!
//! - likelihood goes down one level for every two steps of trust between
//!   the internet and the element's `exposure` (the least trusted zone that
//!   reaches it in one step), rounded up: INTERNET 0, PARTNER and DMZ -1,
//!   INTERNAL and RESTRICTED -2 (a path threat's finding, which names a
//!   route, counts from where the route starts, the element's
//!   `reachableFrom`);
//! - impact, the threat's severity moved by the most sensitive data the
//!   element handles (the data its flows carry and it holds; personal data
//!   and credentials count as SENSITIVE, since nearly every request carries
//!   a token): SECRET and above +1, SENSITIVE 0, PUBLIC and RESTRICTED -1,
//!   none or only UNKNOWN 0;
//!
//! both kept within their scales. The finding's **severity**, the rating
//! reports lead with and `--fail-on` gates on, is then the two combined:
//! the mean of the impact's and the likelihood's ranks, rounded up (Very
//! High impact at Very Low likelihood is Medium). A threat without a
//! likelihood keeps its impact as its severity. pytm's library keeps
//! pytm's fixed ratings (severity = impact), and an override's `severity`
//! or `likelihood` replaces the rated one (a likelihood written by an
//! analyst is combined like a rated one).

use crate::model::known::{
    self, CLASSIFICATION, CLASSIFICATION_ENUM, DATA, EXPOSURE, INPUTS, IS_CREDENTIALS, IS_PII,
    LIKELIHOOD_ENUM, OUTPUTS, PUBLIC, REACHABLE_FROM, SECRET, SENSITIVE, SEVERITY_ENUM,
};
use crate::model::{Model, ObjectId, Role, Value};
use crate::rules::{Level, Threat};
use crate::schema::Schema;
use crate::stdlib::Builtin;

/// The levels of `Severity` and `Likelihood`, lowest first, and the ranks
/// of the classifications the rating tells apart.
pub(crate) struct Scales {
    severity: Vec<Level>,
    likelihood: Vec<Level>,
    public: usize,
    sensitive: usize,
    secret: usize,
}

impl Scales {
    /// The scales of the stdlib's enums; `None` if one is missing (a
    /// broken stdlib, reported elsewhere): findings then keep the ratings
    /// their threats state.
    pub(crate) fn of(schema: &Schema) -> Option<Scales> {
        let levels = |name: &str| {
            let e = schema.enumeration(name)?;
            let members = e.members.iter().enumerate();
            Some(members.map(|(rank, m)| Level::new(&m.name, rank)).collect())
        };
        let classification = schema.enumeration(CLASSIFICATION_ENUM.name())?;
        let rank = |member: &str| classification.member(member).map(|(r, _)| r);
        Some(Scales {
            severity: levels(SEVERITY_ENUM.name())?,
            likelihood: levels(LIKELIHOOD_ENUM.name())?,
            public: rank(PUBLIC.name())?,
            sensitive: rank(SENSITIVE.name())?,
            secret: rank(SECRET.name())?,
        })
    }

    /// What moves the ratings of findings on `object`. `route`: of a
    /// path threat's finding, which names a route from the element's
    /// `reachableFrom` zone: its likelihood follows where the route
    /// starts, not the one-hop `exposure`.
    pub(crate) fn shifts(&self, model: &Model, object: ObjectId, route: bool) -> Shifts {
        let o = model.object(object);
        let start = if route { REACHABLE_FROM } else { EXPOSURE };
        let exposure = match o.attrs.get(start.name()) {
            Some(Value::Enum { rank, .. }) => *rank as i32,
            _ => 0,
        };
        let data = match self.most_sensitive(model, object) {
            Some(c) if c >= self.secret => 1,
            Some(c) if c >= self.sensitive => 0,
            Some(c) if c >= self.public => -1,
            _ => 0,
        };
        Shifts {
            likelihood: -(exposure + 1) / 2,
            severity: data,
        }
    }

    /// The highest classification among the data `object` handles: a
    /// flow's data; an element's own `data` and that of its flows.
    fn most_sensitive(&self, model: &Model, object: ObjectId) -> Option<usize> {
        let o = model.object(object);
        let own = list(o.attrs.get(DATA.name()));
        let carried = match o.role {
            Role::Flow { .. } => None,
            _ => Some(
                [INPUTS.name(), OUTPUTS.name()]
                    .into_iter()
                    .flat_map(|name| list(o.attrs.get(name)))
                    .filter_map(|f| match f {
                        Value::Ref(f) => Some(list(model.object(*f).attrs.get(DATA.name()))),
                        _ => None,
                    })
                    .flatten(),
            ),
        };
        own.chain(carried.into_iter().flatten())
            .filter_map(|d| match d {
                Value::Ref(d) => Some(self.class_of(model, *d)),
                _ => None,
            })
            .max()
    }

    /// A data item's classification, personal data and credentials at
    /// least SENSITIVE.
    fn class_of(&self, model: &Model, data: ObjectId) -> usize {
        let attrs = &model.object(data).attrs;
        let flag = |known| known::flag(attrs, known);
        let mut class = match attrs.get(CLASSIFICATION.name()) {
            Some(Value::Enum { rank, .. }) => *rank,
            _ => 0,
        };
        if flag(IS_PII) || flag(IS_CREDENTIALS) {
            class = class.max(self.sensitive);
        }
        class
    }

    /// Whether findings of `threat` are rated where they sit: all but
    /// pytm's, which keep pytm's fixed ratings, and hand-written ones
    /// (`on`), whose author rated them for the elements they name.
    pub(crate) fn rates(threat: &Threat) -> bool {
        threat.library != Some(Builtin::Pytm) && threat.on.is_empty()
    }

    /// The impact and likelihood of `threat` on an object with `shifts`.
    pub(crate) fn rate(&self, threat: &Threat, shifts: Shifts) -> (Level, Option<Level>) {
        if !Scales::rates(threat) {
            return (threat.severity, threat.likelihood);
        }
        let impact = shift(&self.severity, threat.severity, shifts.severity);
        let likelihood = threat
            .likelihood
            .map(|l| shift(&self.likelihood, l, shifts.likelihood));
        (impact, likelihood)
    }

    /// The severity of a finding of `threat` with `impact` and
    /// `likelihood`: the mean of their ranks, rounded up (see above).
    pub(crate) fn severity(
        &self,
        threat: &Threat,
        impact: Level,
        likelihood: Option<Level>,
    ) -> Level {
        match likelihood {
            Some(l) if Scales::rates(threat) => {
                let rank = (impact.rank + l.rank).div_ceil(2);
                self.severity.get(rank).copied().unwrap_or(impact)
            }
            _ => impact,
        }
    }
}

/// How many levels an object's exposure and data move its findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Shifts {
    pub likelihood: i32,
    pub severity: i32,
}

/// `level` moved `by` levels along `scale`, kept within it.
fn shift(scale: &[Level], level: Level, by: i32) -> Level {
    let top = scale.len().saturating_sub(1) as i32;
    let rank = (level.rank as i32 + by).clamp(0, top) as usize;
    scale.get(rank).copied().unwrap_or(level)
}

fn list(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    Value::items(value).iter()
}

#[cfg(test)]
mod tests {
    /// (severity, impact, likelihood) of the finding of rule `T` on `id`.
    fn rated(model: &str, id: &str) -> (&'static str, &'static str, &'static str) {
        let rules =
            "threat T \"t\" { targets = [Server] severity = High likelihood = High when = true }\n";
        let (c, m) = crate::compile_clean(&format!("{model}{rules}"));
        let t = c.library.threats.iter().position(|t| t.id == "T");
        let target = m.lookup(id);
        let findings = c.findings.expect("findings");
        let f = findings
            .iter()
            .find(|f| Some(f.threat.index()) == t && Some(f.target) == target)
            .expect("T fires");
        let likelihood = f.likelihood.expect("rated").member;
        (f.severity.member, f.impact.member, likelihood)
    }

    const HEAD: &str = "model \"M\" { description = \"d\" }\n";

    #[test]
    fn exposure_lowers_likelihood_and_data_moves_severity() {
        let zones = "boundary dmz \"DMZ\" { trust = DMZ }\n\
            boundary pci \"PCI\" { trust = RESTRICTED }\n\
            Actor user \"User\"\n\
            Server gw \"Gateway\" in dmz\n\
            Server vault \"Vault\" in pci\n\
            Server docs \"Docs\" in pci\n\
            Data card \"Card\" { classification = SECRET }\n\
            Data page \"Page\" { classification = PUBLIC }\n\
            Data who \"Name\" { isPII = true }\n\
            flow a: user -> gw { data = [who] }\n\
            flow b: gw -> vault { data = [card] }\n\
            flow c: vault -> docs { data = [page] }\n";
        let model = format!("{HEAD}{zones}");
        // Reached from the internet, passes the card data on: likelihood
        // as written, impact one up; severity the mean, rounded up.
        assert_eq!(rated(&model, "gw"), ("VeryHigh", "VeryHigh", "High"));
        // Reached from the DMZ, card data sent and received.
        assert_eq!(rated(&model, "vault"), ("High", "VeryHigh", "Medium"));
        // Reached from the restricted zone, public data only.
        assert_eq!(rated(&model, "docs"), ("Medium", "Medium", "Low"));
    }

    #[test]
    fn pytm_threats_and_overrides_keep_their_ratings() {
        let model = format!(
            "{HEAD}boundary pci \"PCI\" {{ trust = RESTRICTED }}\n\
             Server s \"S\" in pci {{ overrides = [{{ threat_id = \"T\" likelihood = VeryHigh }}] }}\n"
        );
        // The override's likelihood, combined with the impact.
        assert_eq!(rated(&model, "s"), ("VeryHigh", "High", "VeryHigh"));
        let mut options = crate::Options::default();
        options.threats.library = Some(crate::stdlib::Builtin::Pytm);
        let text = format!("{HEAD}boundary pci \"PCI\" {{ trust = RESTRICTED }}\nServer s \"S\" in pci {{ usesSessionTokens = true }}\n");
        let c = crate::compile_with(
            &[std::path::PathBuf::from("m.tm")],
            &options,
            &crate::OneFile(&text),
        );
        let cr01 = c.library.threats.iter().position(|t| t.id == "CR01");
        let f = c
            .findings
            .expect("findings")
            .into_iter()
            .find(|f| Some(f.threat.index()) == cr01);
        let f = f.expect("CR01 fires");
        assert_eq!(
            (f.severity.member, f.likelihood.map(|l| l.member)),
            ("High", Some("High"))
        );
    }
}
