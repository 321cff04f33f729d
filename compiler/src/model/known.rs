//! The stdlib's names the compiler gives meaning to, each written once.
//!
//! The language knows no attribute: `stdlib/*.tm` declares every kind,
//! record and enum, and most attributes are only read by rules. A few the
//! compiler reads itself (responses, ports and protocols a flow takes from
//! its ends, trust zones, data sensitivity, assumptions and overrides,
//! ...). Each of those is a constant here: its name, the kinds or records
//! that declare it and the type they declare it with; likewise the enums
//! (and the members of them) the compiler reads. A unit test compiles the
//! embedded stdlib and checks every entry against it, so renaming one in
//! the stdlib breaks the build's tests instead of silently turning a
//! derivation off; `ALL` lists the attributes for the tests that ask which
//! documented attributes something reads.
//!
//! The constants live beside `Name` and `Attrs` in `model` because they
//! are read on the checked model's objects: `get`, `flag` and `reference`
//! follow a (possibly dotted) attribute path on an object's attributes.
//! Hot paths that intern a name once keep doing so, from the constant
//! (`Name::new(ZONE.name())`).

use super::{Attrs, ObjectId, Value};

/// An attribute (or a dotted path into a record, `controls.isEncrypted`)
/// the compiler reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    name: &'static str,
    /// The kinds or records declaring it (where it is declared, not the
    /// kinds inheriting it).
    owners: &'static [&'static str],
    /// Its type as the schema prints it (`bool`, `[Data]`, `Dataflow?`).
    ty: &'static str,
    /// Whether `name` is a path into a record: plain names are looked up
    /// without splitting them.
    dotted: bool,
}

impl Known {
    const fn new(name: &'static str, owners: &'static [&'static str], ty: &'static str) -> Known {
        let bytes = name.as_bytes();
        let mut dotted = false;
        let mut i = 0;
        while i < bytes.len() {
            dotted |= bytes[i] == b'.';
            i += 1;
        }
        Known {
            name,
            owners,
            ty,
            dotted,
        }
    }

    pub const fn name(self) -> &'static str {
        self.name
    }

    pub const fn owners(self) -> &'static [&'static str] {
        self.owners
    }

    pub const fn ty(self) -> &'static str {
        self.ty
    }
}

/// An enum the compiler reads, with the members it reads by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownEnum {
    name: &'static str,
    members: &'static [&'static str],
}

impl KnownEnum {
    const fn new(name: &'static str, members: &'static [&'static str]) -> KnownEnum {
        KnownEnum { name, members }
    }

    pub const fn name(self) -> &'static str {
        self.name
    }

    pub const fn members(self) -> &'static [&'static str] {
        self.members
    }
}

/// A member of an enum the compiler reads by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    enumeration: KnownEnum,
    name: &'static str,
}

impl Member {
    const fn new(enumeration: KnownEnum, name: &'static str) -> Member {
        Member { enumeration, name }
    }

    pub const fn name(self) -> &'static str {
        self.name
    }

    pub const fn enumeration(self) -> KnownEnum {
        self.enumeration
    }
}

// Flows (`kind Dataflow`).
pub const SOURCE: Known = Known::new("source", &["Dataflow"], "Element");
pub const SINK: Known = Known::new("sink", &["Dataflow"], "Element");
pub const IS_RESPONSE: Known = Known::new("isResponse", &["Dataflow"], "bool");
pub const RESPONSE_TO: Known = Known::new("responseTo", &["Dataflow"], "Dataflow?");
pub const RESPONSE: Known = Known::new("response", &["Dataflow", "Override"], "");
pub const SRC_PORT: Known = Known::new("srcPort", &["Dataflow"], "int");
pub const DST_PORT: Known = Known::new("dstPort", &["Dataflow"], "int");
pub const TLS_VERSION: Known = Known::new("tlsVersion", &["Dataflow"], "TLSVersion");
pub const ORDER: Known = Known::new("order", &["Dataflow"], "int");
pub const NOTE: Known = Known::new("note", &["Dataflow"], "string");

// Flows and the elements at their ends.
pub const PORT: Known = Known::new("port", &["Asset", "Actor"], "int");
pub const PROTOCOL: Known = Known::new("protocol", &["Dataflow", "Asset", "Actor"], "string");
pub const DATA: Known = Known::new("data", &["Dataflow", "Asset", "Actor"], "[Data]");
pub const INPUTS: Known = Known::new("inputs", &["Asset", "Actor"], "[Dataflow]");
pub const OUTPUTS: Known = Known::new("outputs", &["Asset", "Actor"], "[Dataflow]");

// Datastores (`kind Datastore`).
pub const DATASTORE_TYPE: Known = Known::new("type", &["Datastore"], "DatastoreType");
pub const IS_SQL: Known = Known::new("isSQL", &["Datastore"], "bool");

// Every element (`kind Element`).
pub const IN_BOUNDARY: Known = Known::new("inBoundary", &["Element"], "Boundary?");
pub const IN_SCOPE: Known = Known::new("inScope", &["Element"], "bool");
pub const OVERRIDES: Known = Known::new("overrides", &["Element"], "[Override]");
pub const SOURCE_FILES: Known = Known::new("sourceFiles", &["Element"], "[string]");
pub const RENAMED_FROM: Known = Known::new("renamedFrom", &["Element"], "[string]");
pub const LEVELS: Known = Known::new("levels", &["Element"], "[int]");
pub const ZONE: Known = Known::new("zone", &["Element"], "TrustLevel");
pub const EXPOSURE: Known = Known::new("exposure", &["Element"], "TrustLevel");
pub const REACHABLE_FROM: Known = Known::new("reachableFrom", &["Element"], "TrustLevel?");
pub const REACHABLE_FROM_HOPS: Known = Known::new("reachableFromHops", &["Element"], "int?");
pub const REACHES_DATA: Known = Known::new("reachesData", &["Element"], "Classification?");
pub const BLAST_RADIUS: Known = Known::new("blastRadius", &["Element"], "int?");
/// The record of security controls; threats' mitigations name its fields.
pub const CONTROLS: Known = Known::new("controls", &["Element"], "Controls");
pub const CONTROLS_IS_ENCRYPTED: Known = Known::new("controls.isEncrypted", &["Element"], "bool");
pub const CONTROLS_IS_ENCRYPTED_AT_REST: Known =
    Known::new("controls.isEncryptedAtRest", &["Element"], "bool");
pub const CONTROLS_AUTHENTICATES_SOURCE: Known =
    Known::new("controls.authenticatesSource", &["Element"], "bool");
pub const CONTROLS_AUTHENTICATES_DESTINATION: Known =
    Known::new("controls.authenticatesDestination", &["Element"], "bool");
pub const CONTROLS_CHECKS_DESTINATION_REVOCATION: Known =
    Known::new("controls.checksDestinationRevocation", &["Element"], "bool");

// Boundaries.
pub const TRUST: Known = Known::new("trust", &["Boundary"], "TrustLevel?");

// The model header (`kind Model`); `assumptions` also on every element.
pub const LIBRARY: Known = Known::new("library", &["Model"], "ThreatLibrary");
pub const THREATS_FILE: Known = Known::new("threatsFile", &["Model"], "string");
pub const EXCLUDE: Known = Known::new("exclude", &["Model", "Assumption"], "[string]");
pub const ASSUMPTIONS: Known = Known::new("assumptions", &["Model", "Element"], "[Assumption]");
pub const IS_ORDERED: Known = Known::new("isOrdered", &["Model"], "bool");
pub const IGNORE_UNUSED: Known = Known::new("ignoreUnused", &["Model"], "bool");
pub const MERGE_RESPONSES: Known = Known::new("mergeResponses", &["Model"], "bool");
pub const COLORMAP: Known = Known::new("colormap", &["Model"], "bool");
pub const OUTSIDE_TRUST: Known = Known::new("outsideTrust", &["Model"], "TrustLevel");
pub const BOUNDARY_TRUST: Known = Known::new("boundaryTrust", &["Model"], "TrustLevel");

// Data items (`kind Data`).
pub const CLASSIFICATION: Known = Known::new("classification", &["Data"], "Classification");
pub const IS_PII: Known = Known::new("isPII", &["Data"], "bool");
pub const IS_CREDENTIALS: Known = Known::new("isCredentials", &["Data"], "bool");
pub const CREDENTIALS_LIFE: Known = Known::new("credentialsLife", &["Data"], "Lifetime");
pub const IS_STORED: Known = Known::new("isStored", &["Data"], "bool");
pub const FORMAT: Known = Known::new("format", &["Data"], "string");
pub const IS_SOURCE_ENCRYPTED_AT_REST: Known =
    Known::new("isSourceEncryptedAtRest", &["Data"], "bool");
pub const IS_DEST_ENCRYPTED_AT_REST: Known = Known::new("isDestEncryptedAtRest", &["Data"], "bool");
pub const CARRIED_BY: Known = Known::new("carriedBy", &["Data"], "[Dataflow]");
pub const ALLOWED_ZONES: Known = Known::new("allowedZones", &["Data"], "[TrustLevel]");
pub const PROCESSED_BY: Known = Known::new("processedBy", &["Data"], "[Element]");

// Assumptions (`record Assumption`) and overrides (`record Override`).
pub const NAME: Known = Known::new("name", &["Assumption"], "string");
pub const DESCRIPTION: Known = Known::new(
    "description",
    &["Model", "Element", "Data", "Assumption", "Override"],
    "string",
);
pub const THREAT_ID: Known = Known::new("threat_id", &["Override", "Expect", "Triage"], "string");
pub const SEVERITY: Known = Known::new("severity", &["Override"], "Severity?");
pub const LIKELIHOOD: Known = Known::new("likelihood", &["Override"], "Likelihood?");
pub const CVSS: Known = Known::new("cvss", &["Override"], "string");
pub const DETAILS: Known = Known::new("details", &["Override"], "string");
pub const MITIGATIONS: Known = Known::new("mitigations", &["Override"], "string");
pub const EXAMPLE: Known = Known::new("example", &["Override"], "string");
pub const REFERENCES: Known = Known::new("references", &["Override"], "string");

// Rule tests (`kind Expect`) and triages (`kind Triage`): `on` is one
// element on an expectation, a list of them on a triage.
pub const ON: Known = Known::new("on", &["Expect", "Triage"], "");
pub const FIRES: Known = Known::new("fires", &["Expect"], "bool");

// Risk tracking (`kind Triage`).
pub const KINDS: Known = Known::new("kinds", &["Triage"], "[string]");
pub const STATUS: Known = Known::new("status", &["Triage"], "TriageStatus");
pub const JUSTIFICATION: Known = Known::new("justification", &["Triage"], "string");
pub const OWNER: Known = Known::new("owner", &["Triage"], "string");
pub const TICKET: Known = Known::new("ticket", &["Triage"], "string");
pub const DECIDED: Known = Known::new("decided", &["Triage"], "string");
pub const REVIEW_BY: Known = Known::new("reviewBy", &["Triage"], "string");

/// Every attribute above (the rule record's fields are in
/// `THREAT_FIELDS`).
pub const ALL: &[Known] = &[
    SOURCE,
    SINK,
    IS_RESPONSE,
    RESPONSE_TO,
    RESPONSE,
    SRC_PORT,
    DST_PORT,
    TLS_VERSION,
    ORDER,
    NOTE,
    PORT,
    PROTOCOL,
    DATA,
    INPUTS,
    OUTPUTS,
    DATASTORE_TYPE,
    IS_SQL,
    IN_BOUNDARY,
    IN_SCOPE,
    OVERRIDES,
    SOURCE_FILES,
    RENAMED_FROM,
    LEVELS,
    ZONE,
    EXPOSURE,
    REACHABLE_FROM,
    REACHABLE_FROM_HOPS,
    REACHES_DATA,
    BLAST_RADIUS,
    CONTROLS,
    CONTROLS_IS_ENCRYPTED,
    CONTROLS_IS_ENCRYPTED_AT_REST,
    CONTROLS_AUTHENTICATES_SOURCE,
    CONTROLS_AUTHENTICATES_DESTINATION,
    CONTROLS_CHECKS_DESTINATION_REVOCATION,
    TRUST,
    LIBRARY,
    THREATS_FILE,
    EXCLUDE,
    ASSUMPTIONS,
    IS_ORDERED,
    IGNORE_UNUSED,
    MERGE_RESPONSES,
    COLORMAP,
    OUTSIDE_TRUST,
    BOUNDARY_TRUST,
    CLASSIFICATION,
    IS_PII,
    IS_CREDENTIALS,
    CREDENTIALS_LIFE,
    IS_STORED,
    FORMAT,
    IS_SOURCE_ENCRYPTED_AT_REST,
    IS_DEST_ENCRYPTED_AT_REST,
    CARRIED_BY,
    ALLOWED_ZONES,
    PROCESSED_BY,
    NAME,
    DESCRIPTION,
    THREAT_ID,
    SEVERITY,
    LIKELIHOOD,
    CVSS,
    DETAILS,
    MITIGATIONS,
    EXAMPLE,
    REFERENCES,
    ON,
    FIRES,
    KINDS,
    STATUS,
    JUSTIFICATION,
    OWNER,
    TICKET,
    DECIDED,
    REVIEW_BY,
];

// The rule record (`record Threat` in stdlib/rules.tm): every field, so
// that `rules::Threat` reads each one and a field added to the stdlib
// without a reader breaks a test. A threat's id and title are written
// before its body, and its condition is `when`, outside the record.
pub const THREAT_RECORD: &str = "Threat";
pub const THREAT_TARGETS: Known = Known::new("targets", &[THREAT_RECORD], "[Kind]");
pub const THREAT_ON: Known = Known::new("on", &[THREAT_RECORD], "[Element]");
pub const THREAT_SEVERITY: Known = Known::new("severity", &[THREAT_RECORD], "Severity");
pub const THREAT_LIKELIHOOD: Known = Known::new("likelihood", &[THREAT_RECORD], "Likelihood?");
pub const THREAT_CAPEC: Known = Known::new("capec", &[THREAT_RECORD], "[int]");
pub const THREAT_CWE: Known = Known::new("cwe", &[THREAT_RECORD], "[int]");
pub const THREAT_DETAILS: Known = Known::new("details", &[THREAT_RECORD], "string");
pub const THREAT_PREREQUISITES: Known = Known::new("prerequisites", &[THREAT_RECORD], "string");
pub const THREAT_MITIGATIONS: Known = Known::new("mitigations", &[THREAT_RECORD], "string");
pub const THREAT_EXAMPLE: Known = Known::new("example", &[THREAT_RECORD], "string");
pub const THREAT_REFERENCES: Known = Known::new("references", &[THREAT_RECORD], "[string]");
pub const THREAT_DEPRECATED: Known = Known::new("deprecated", &[THREAT_RECORD], "string");
pub const THREAT_STRIDE: Known = Known::new("stride", &[THREAT_RECORD], "[Stride]");
pub const THREAT_LINDDUN: Known = Known::new("linddun", &[THREAT_RECORD], "[Linddun]");
/// The route a path threat's finding names (`paths::found`).
pub const THREAT_PATH: Known = Known::new("path", &[THREAT_RECORD], "ThreatPath?");

/// Every field of `record Threat`.
pub const THREAT_FIELDS: &[Known] = &[
    THREAT_TARGETS,
    THREAT_ON,
    THREAT_SEVERITY,
    THREAT_LIKELIHOOD,
    THREAT_CAPEC,
    THREAT_CWE,
    THREAT_DETAILS,
    THREAT_PREREQUISITES,
    THREAT_MITIGATIONS,
    THREAT_EXAMPLE,
    THREAT_REFERENCES,
    THREAT_DEPRECATED,
    THREAT_STRIDE,
    THREAT_LINDDUN,
    THREAT_PATH,
];

// Enums.
pub const TRUST_LEVEL: KnownEnum = KnownEnum::new("TrustLevel", &[]);
pub const CLASSIFICATION_ENUM: KnownEnum =
    KnownEnum::new("Classification", &["PUBLIC", "SENSITIVE", "SECRET"]);
pub const SEVERITY_ENUM: KnownEnum = KnownEnum::new("Severity", &[]);
pub const LIKELIHOOD_ENUM: KnownEnum = KnownEnum::new("Likelihood", &[]);
pub const LIFETIME: KnownEnum = KnownEnum::new("Lifetime", &["NONE", "UNKNOWN"]);
pub const DATASTORE_TYPE_ENUM: KnownEnum = KnownEnum::new("DatastoreType", &["UNKNOWN", "SQL"]);
/// The routes a path threat can name, in the stdlib's order.
pub const THREAT_PATH_ENUM: KnownEnum = KnownEnum::new(
    "ThreatPath",
    &[
        "Exposure",
        "UnauthenticatedHop",
        "UnencryptedCrossing",
        "DataLineage",
    ],
);
/// Every member, in the stdlib's order (`triage::Status` follows it).
pub const TRIAGE_STATUS: KnownEnum = KnownEnum::new(
    "TriageStatus",
    &[
        "OPEN",
        "NEEDS_INVESTIGATION",
        "IN_PROGRESS",
        "MITIGATED",
        "ACCEPTED",
        "TRANSFERRED",
        "FALSE_POSITIVE",
        "NOT_APPLICABLE",
    ],
);

pub const PUBLIC: Member = Member::new(CLASSIFICATION_ENUM, "PUBLIC");
pub const SENSITIVE: Member = Member::new(CLASSIFICATION_ENUM, "SENSITIVE");
pub const SECRET: Member = Member::new(CLASSIFICATION_ENUM, "SECRET");
pub const LIFETIME_NONE: Member = Member::new(LIFETIME, "NONE");
pub const LIFETIME_UNKNOWN: Member = Member::new(LIFETIME, "UNKNOWN");
pub const TYPE_UNKNOWN: Member = Member::new(DATASTORE_TYPE_ENUM, "UNKNOWN");
pub const TYPE_SQL: Member = Member::new(DATASTORE_TYPE_ENUM, "SQL");
pub const PATH_EXPOSURE: Member = Member::new(THREAT_PATH_ENUM, "Exposure");
pub const PATH_UNAUTHENTICATED_HOP: Member = Member::new(THREAT_PATH_ENUM, "UnauthenticatedHop");
pub const PATH_UNENCRYPTED_CROSSING: Member = Member::new(THREAT_PATH_ENUM, "UnencryptedCrossing");
pub const PATH_DATA_LINEAGE: Member = Member::new(THREAT_PATH_ENUM, "DataLineage");

/// Every enum above.
pub const ENUMS: &[KnownEnum] = &[
    TRUST_LEVEL,
    CLASSIFICATION_ENUM,
    SEVERITY_ENUM,
    LIKELIHOOD_ENUM,
    LIFETIME,
    DATASTORE_TYPE_ENUM,
    THREAT_PATH_ENUM,
    TRIAGE_STATUS,
];

/// The value of `known` in `attrs`, following a dotted path through
/// records.
pub fn get(attrs: &Attrs, known: Known) -> Option<&Value> {
    if !known.dotted {
        return attrs.get(known.name);
    }
    let mut parts = known.name.split('.');
    let mut value = attrs.get(parts.next()?)?;
    for part in parts {
        match value {
            Value::Record(fields) => value = fields.get(part)?,
            _ => return None,
        }
    }
    Some(value)
}

/// Whether `known` is `true` in `attrs`.
pub fn flag(attrs: &Attrs, known: Known) -> bool {
    matches!(get(attrs, known), Some(Value::Bool(true)))
}

/// Whether an object is in scope: `inScope` is not `false` (objects
/// without the attribute, such as data items, are).
pub fn in_scope(attrs: &Attrs) -> bool {
    !matches!(attrs.get(IN_SCOPE.name()), Some(Value::Bool(false)))
}

/// The identifiers an object had before it was renamed (its
/// `renamedFrom`).
pub fn former_ids(attrs: &Attrs) -> impl Iterator<Item = &str> {
    Value::strings(attrs.get(RENAMED_FROM.name()))
}

/// The object `known` refers to in `attrs`, when set.
pub fn reference(attrs: &Attrs, known: Known) -> Option<ObjectId> {
    match get(attrs, known) {
        Some(Value::Ref(id)) => Some(*id),
        _ => None,
    }
}

/// The standard library's predicate (stdlib/rules.tm) that judges a flow
/// encrypted in transit: `tmc paths` calls it on each hop, so that a hop
/// it calls unencrypted is one the threats call so too.
pub const ENCRYPTED_IN_TRANSIT: &str = "encryptedInTransit";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Schema, Type};

    /// The type of `path` on the kind or record `owner`, through records.
    fn type_of<'s>(schema: &'s Schema, owner: &str, path: &str) -> Result<&'s Type, String> {
        let mut parts = path.split('.');
        let first = parts.next().unwrap_or_default();
        let mut attr = match (schema.kind(owner), schema.record(owner)) {
            (Some(kind), _) => kind.attr(first),
            (None, Some(record)) => record.field(first),
            (None, None) => return Err(format!("no kind or record {owner}")),
        }
        .ok_or_else(|| format!("{owner} has no {first}"))?;
        if let Some(declared) = schema.kind(owner).map(|_| &attr.declared_in) {
            if declared != owner {
                return Err(format!("{owner}.{first} is declared in {declared}"));
            }
        }
        for part in parts {
            let Type::Record(name) = &attr.ty else {
                return Err(format!("{owner}.{path}: {} is no record", attr.name));
            };
            let record = schema
                .record(name)
                .ok_or_else(|| format!("no record {name}"))?;
            attr = record
                .field(part)
                .ok_or_else(|| format!("{name} has no {part}"))?;
        }
        Ok(&attr.ty)
    }

    #[test]
    fn every_known_name_is_in_the_stdlib_as_declared() {
        let (schema, _, diags) = crate::stdlib_schema();
        assert!(diags.is_empty(), "{diags:?}");
        let mut problems = Vec::new();
        for known in ALL.iter().chain(THREAT_FIELDS) {
            assert!(!known.owners().is_empty(), "{}", known.name());
            for owner in known.owners() {
                match type_of(&schema, owner, known.name()) {
                    // `response` is a flow on flows, a string on overrides.
                    Ok(_) if known.ty().is_empty() => {}
                    Ok(ty) if ty.to_string() == known.ty() => {}
                    Ok(ty) => problems.push(format!(
                        "{owner}.{}: the stdlib says {ty}, known.rs {}",
                        known.name(),
                        known.ty()
                    )),
                    Err(e) => problems.push(e),
                }
            }
        }
        for e in ENUMS {
            let Some(declared) = schema.enumeration(e.name()) else {
                problems.push(format!("no enum {}", e.name()));
                continue;
            };
            for m in e.members() {
                if declared.member(m).is_none() {
                    problems.push(format!("{} has no {m}", e.name()));
                }
            }
        }
        for m in [
            PUBLIC,
            SENSITIVE,
            SECRET,
            LIFETIME_NONE,
            LIFETIME_UNKNOWN,
            TYPE_UNKNOWN,
            TYPE_SQL,
            PATH_EXPOSURE,
            PATH_UNAUTHENTICATED_HOP,
            PATH_UNENCRYPTED_CROSSING,
            PATH_DATA_LINEAGE,
        ] {
            if !m.enumeration().members().contains(&m.name()) {
                problems.push(format!("{} lists no {}", m.enumeration().name(), m.name()));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn encrypted_in_transit_is_a_stdlib_predicate_of_one_flow() {
        let (c, _) = crate::compile_clean("model \"M\" { description = \"d\" }\n");
        let p = (c.library.predicates.iter())
            .find(|p| p.name == ENCRYPTED_IN_TRANSIT)
            .expect("stdlib/rules.tm declares it");
        let params: Vec<String> = p.params.iter().map(|(_, t)| t.to_string()).collect();
        assert_eq!(params, ["Dataflow"]);
    }

    #[test]
    fn the_threat_fields_are_the_stdlib_records_fields() {
        let (schema, _, _) = crate::stdlib_schema();
        let record = schema.record(THREAT_RECORD).expect("record Threat");
        let declared: Vec<&str> = record.fields.iter().map(|f| f.name.as_str()).collect();
        let known: Vec<&str> = THREAT_FIELDS.iter().map(|k| k.name()).collect();
        assert_eq!(
            declared, known,
            "stdlib/rules.tm's record Threat vs THREAT_FIELDS"
        );
    }

    #[test]
    fn response_is_a_flow_on_flows_and_a_string_on_overrides() {
        let (schema, _, _) = crate::stdlib_schema();
        let on = |owner| type_of(&schema, owner, RESPONSE.name()).map(ToString::to_string);
        assert_eq!(on("Dataflow").as_deref(), Ok("Dataflow?"));
        assert_eq!(on("Override").as_deref(), Ok("string"));
    }

    #[test]
    fn on_is_one_element_on_expectations_and_a_list_on_triages() {
        let (schema, _, _) = crate::stdlib_schema();
        let on = |owner| type_of(&schema, owner, ON.name()).map(ToString::to_string);
        assert_eq!(on("Expect").as_deref(), Ok("Element"));
        assert_eq!(on("Triage").as_deref(), Ok("[Element]"));
    }

    #[test]
    fn names_are_listed_once() {
        let mut names: Vec<&str> = ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "a name listed twice in ALL");
    }
}
