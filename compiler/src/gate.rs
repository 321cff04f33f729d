//! Where a finding stands, for pipelines and reports: open, ruled out by an
//! assumption, decided by a triage (which may have expired) or answered by
//! an override's response; and the `--fail-on` gate, which picks the open
//! findings at or above a severity.

use crate::findings::Finding;
use crate::schema::Schema;
use crate::triage::{Date, Decision, Status};

/// The stdlib enum whose members are the severity levels threats use.
pub const SEVERITY_ENUM: &str = crate::model::known::SEVERITY_ENUM.name();

/// Where a finding stands: its status, where the status comes from and
/// why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standing<'a> {
    pub status: Status,
    pub source: Source<'a>,
}

/// What gives a finding its status.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source<'a> {
    /// Nothing: nobody has decided anything about it (open).
    Untriaged,
    /// An assumption of the model rules it out (not applicable); holds the
    /// assumption's name.
    Assumption(&'a str),
    /// A `Triage` decides it.
    Triage(&'a Decision),
    /// An override's free-text `response` (pytm's), read as the status its
    /// first words name, else mitigated (`Status::of_response`).
    Response(&'a str),
}

impl<'a> Standing<'a> {
    /// Why it has its status: the triage's justification, the assumption's
    /// name or the response; empty when nobody said.
    pub fn why(&self) -> &'a str {
        match self.source {
            Source::Untriaged => "",
            Source::Assumption(name) => name,
            Source::Triage(d) => &d.justification,
            Source::Response(text) => text,
        }
    }

    /// The triage deciding it, if one does.
    pub fn triage(&self) -> Option<&'a Decision> {
        match self.source {
            Source::Triage(d) => Some(d),
            _ => None,
        }
    }

    /// Whether it counts as open for `--fail-on` and the reports: its
    /// status does not close it, or its triage has expired.
    pub fn is_open(&self) -> bool {
        match self.source {
            Source::Triage(d) => d.is_open(),
            _ => !self.status.closes(),
        }
    }

    /// Whether a triage decided it but its review date has passed.
    pub fn is_expired(&self) -> bool {
        self.triage()
            .is_some_and(|d| d.expired && d.status.closes())
    }

    /// `accepted`, or `accepted, expired 2026-03-01`, for tables.
    pub fn label(&self) -> String {
        match self.triage() {
            Some(d) if self.is_expired() => d.label(),
            _ => self.status.name().to_string(),
        }
    }
}

/// Where one finding stands: ruled out by an assumption first (the
/// threat does not apply), then decided by a triage, then answered by an
/// override's response; open otherwise. An override without a response
/// (one that only changes the severity or a text) leaves it open.
pub fn standing(finding: &Finding) -> Standing<'_> {
    if let Some(name) = &finding.excluded_by {
        return Standing {
            status: Status::NotApplicable,
            source: Source::Assumption(name),
        };
    }
    if let Some(d) = &finding.triage {
        return Standing {
            status: d.status,
            source: Source::Triage(d),
        };
    }
    match &finding.overridden {
        Some(o) if !o.response.trim().is_empty() => Standing {
            status: Status::of_response(&o.response),
            source: Source::Response(&o.response),
        },
        _ => Standing {
            status: Status::Open,
            source: Source::Untriaged,
        },
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

/// The open findings (expired triages' included) whose severity (after
/// overrides) is at or above `rank`, in the order given.
pub fn blocking(findings: &[Finding], rank: usize) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity.rank >= rank && standing(f).is_open())
        .collect()
}

/// The findings whose triage closes them but is due for review by `day`
/// (`today` plus the days asked about), expired ones included, in the
/// order given.
pub fn expiring(findings: &[Finding], day: Date) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| {
            let d = standing(f).triage();
            d.is_some_and(|d| d.status.closes() && d.review_by.is_some_and(|r| r <= day))
        })
        .collect()
}
