//! `--status` and `--expiring`: which findings `tmc threats` (and `tmc
//! check`'s SARIF) print, by where they stand (`gate::standing`). The
//! `--fail-on` gate is not affected: it judges every finding of the kept
//! categories.

use std::borrow::Cow;

use tmc_compiler::triage::{Date, Status};
use tmc_compiler::{gate, Finding};

/// One value of `--status`: a status, or `expired` (closed by a triage
/// whose review date has passed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusPick {
    Is(Status),
    Expired,
}

impl StatusPick {
    /// The value `text` names (`accepted`, `IN_PROGRESS`, `expired`);
    /// otherwise an error listing the values there are.
    pub fn parse(text: &str) -> Result<StatusPick, String> {
        if text.trim().eq_ignore_ascii_case("expired") {
            return Ok(StatusPick::Expired);
        }
        Status::read(text)
            .map(StatusPick::Is)
            .map_err(|why| format!("{why}, or expired"))
    }

    /// Whether `finding` has this status.
    fn matches(self, finding: &Finding) -> bool {
        let standing = gate::standing(finding);
        match self {
            StatusPick::Is(status) => standing.status == status,
            StatusPick::Expired => standing.is_expired(),
        }
    }
}

/// What `--status` and `--expiring` asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Picks<'a> {
    /// `--status`: none keeps every status.
    pub statuses: &'a [StatusPick],
    /// `--expiring DAYS`.
    pub expiring: Option<u32>,
}

impl Picks<'_> {
    /// The findings kept (all of them, borrowed, when nothing was asked),
    /// in the order given; with `--expiring`, the line that says how many
    /// are due (judged on `today`).
    pub fn apply<'f>(
        &self,
        findings: &'f [Finding],
        today: Date,
    ) -> (Cow<'f, [Finding]>, Option<String>) {
        let kept = by_status(findings, self.statuses);
        let Some(days) = self.expiring else {
            return (kept, None);
        };
        let day = horizon(today, days);
        let due: Vec<Finding> = gate::expiring(&kept, day).into_iter().cloned().collect();
        let line = expiring_line(&due, days, today, day);
        (Cow::Owned(due), Some(line))
    }
}

/// The findings whose status is one of `picks` (all of them, borrowed,
/// when there are none), in the order given.
pub fn by_status<'a>(findings: &'a [Finding], picks: &[StatusPick]) -> Cow<'a, [Finding]> {
    if picks.is_empty() {
        return Cow::Borrowed(findings);
    }
    Cow::Owned(
        findings
            .iter()
            .filter(|f| picks.iter().any(|p| p.matches(f)))
            .cloned()
            .collect(),
    )
}

/// The day `--expiring DAYS` looks up to: `days` after `today`, or the
/// last day the calendar has when that is past it.
pub fn horizon(today: Date, days: u32) -> Date {
    today
        .plus_days(i64::from(days))
        .or_else(|| Date::from_ymd(9999, 12, 31))
        .unwrap_or(today)
}

/// The line under the table of `tmc threats --expiring`: how many of the
/// findings kept are due for review by `day`, and how many are past it.
pub fn expiring_line(kept: &[Finding], days: u32, today: Date, day: Date) -> String {
    let n = kept.len();
    let expired = kept
        .iter()
        .filter(|f| gate::standing(f).is_expired())
        .count();
    format!(
        "{n} finding{} due for review by {day} (within {days} day{} of {today}), {expired} already expired\n",
        if n == 1 { "" } else { "s" },
        if days == 1 { "" } else { "s" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_as_names_members_and_expired() {
        assert_eq!(
            StatusPick::parse("in-progress"),
            Ok(StatusPick::Is(Status::InProgress))
        );
        assert_eq!(
            StatusPick::parse("FALSE_POSITIVE"),
            Ok(StatusPick::Is(Status::FalsePositive))
        );
        assert_eq!(StatusPick::parse("Expired"), Ok(StatusPick::Expired));
        let err = StatusPick::parse("done").unwrap_err();
        assert!(err.contains("`done` is not a status"), "{err}");
        assert!(
            err.contains("needs-investigation") && err.ends_with("expired"),
            "{err}"
        );
    }

    #[test]
    fn the_horizon_stops_at_the_end_of_the_calendar() {
        let today = Date::parse("2026-12-05").unwrap();
        assert_eq!(horizon(today, 120).to_string(), "2027-04-04");
        assert_eq!(horizon(today, 0), today);
        assert_eq!(horizon(today, u32::MAX).to_string(), "9999-12-31");
    }
}
