//! The state of a finding for pipelines and reports: open, ruled out by an
//! assumption, or handled by an analyst's override with a response; and
//! the `--fail-on` gate, which picks the open findings at or above a
//! severity.

use crate::findings::Finding;
use crate::schema::Schema;

/// The stdlib enum whose members are the severity levels threats use.
pub const SEVERITY_ENUM: &str = crate::model::known::SEVERITY_ENUM.name();

/// Where a finding stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status<'a> {
    /// Nobody has decided anything about it yet.
    Open,
    /// An assumption of the model rules it out; holds the assumption's name.
    Excluded(&'a str),
    /// An override records a response (mitigated, accepted, transferred...);
    /// holds the response.
    Handled(&'a str),
}

impl Status<'_> {
    /// `open`, `excluded` or `handled`, for tables and properties.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Excluded(_) => "excluded",
            Status::Handled(_) => "handled",
        }
    }
}

/// The status of one finding. An override without a response (one that
/// only changes the severity or a text) leaves the finding open.
pub fn status(finding: &Finding) -> Status<'_> {
    if let Some(name) = &finding.excluded_by {
        return Status::Excluded(name);
    }
    match &finding.overridden {
        Some(o) if !o.response.trim().is_empty() => Status::Handled(&o.response),
        _ => Status::Open,
    }
}

/// The rank of a severity level named like a member of the stdlib's
/// `Severity` enum (`High`), or `None` when there is no such member.
pub fn severity_rank(schema: &Schema, member: &str) -> Option<usize> {
    schema
        .enumeration(SEVERITY_ENUM)?
        .member(member)
        .map(|(rank, _)| rank)
}

/// The open findings whose severity (after overrides) is at or above `rank`,
/// in the order given.
pub fn blocking(findings: &[Finding], rank: usize) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity.rank >= rank && status(f) == Status::Open)
        .collect()
}
