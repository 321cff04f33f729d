//! The plain data of risk tracking: calendar days (`Date`), where a finding
//! stands (`Status`, the stdlib's `TriageStatus`) and what a triage decided
//! (`Decision`, which every finding it decides holds).

use std::fmt;

use crate::model::known::TRIAGE_STATUS;
use crate::model::ObjectId;

/// A calendar day, written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// The day `text` names, written `YYYY-MM-DD`; why it is not one
    /// otherwise.
    pub fn parse(text: &str) -> Result<Date, String> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && digits(0..4)
            && digits(5..7)
            && digits(8..10);
        if !shaped {
            return Err(format!("`{text}` is not a date written YYYY-MM-DD"));
        }
        // Four and two digits: each fits its type.
        let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
        let (y, m, d) = (number(0..4), number(5..7), number(8..10));
        Date::from_ymd(y, m as i8, d as i8)
            .ok_or_else(|| format!("`{text}` is not a day of the calendar"))
    }

    /// Today, in the time zone of this machine: the day the fronts compile
    /// for unless told another (`Options::today`). The one clock read of
    /// the compiler, made only when a front asks.
    pub fn today() -> Date {
        Date(jiff::ZonedDateTime::now().date())
    }

    /// The day `year-month-day`, if there is one.
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The day `days` days later (earlier when negative), if the calendar
    /// has it.
    pub fn plus_days(self, days: i64) -> Option<Date> {
        let span = jiff::Span::new().try_days(days).ok()?;
        self.0.checked_add(span).ok().map(Date)
    }

    /// How many days from `self` to `later` (negative when it is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        let span = self.0.until(later.0).unwrap_or_default();
        i64::from(span.get_days())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

/// Where a finding stands: the members of the stdlib's `TriageStatus`, in
/// its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Open,
    NeedsInvestigation,
    InProgress,
    Mitigated,
    Accepted,
    Transferred,
    FalsePositive,
    NotApplicable,
}

impl Status {
    /// Every status, in the stdlib's order.
    pub const ALL: [Status; 8] = [
        Status::Open,
        Status::NeedsInvestigation,
        Status::InProgress,
        Status::Mitigated,
        Status::Accepted,
        Status::Transferred,
        Status::FalsePositive,
        Status::NotApplicable,
    ];

    /// Its member of `TriageStatus`, as a model writes it: `ACCEPTED`.
    pub fn member(self) -> &'static str {
        TRIAGE_STATUS.members()[self as usize]
    }

    /// Its name in outputs and on the command line: `accepted`,
    /// `needs-investigation`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::NeedsInvestigation => "needs-investigation",
            Status::InProgress => "in-progress",
            Status::Mitigated => "mitigated",
            Status::Accepted => "accepted",
            Status::Transferred => "transferred",
            Status::FalsePositive => "false-positive",
            Status::NotApplicable => "not-applicable",
        }
    }

    /// The status `text` names, as a member (`IN_PROGRESS`) or a name
    /// (`in-progress`), in any case.
    pub fn parse(text: &str) -> Option<Status> {
        let wanted = text.trim().replace('-', "_");
        Status::ALL
            .into_iter()
            .find(|s| s.member().eq_ignore_ascii_case(&wanted))
    }

    /// `parse`, or why `text` is no status, listing the names there are
    /// (for the command line).
    pub fn read(text: &str) -> Result<Status, String> {
        Status::parse(text).ok_or_else(|| {
            let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
            format!("`{text}` is not a status; use one of {}", names.join(", "))
        })
    }

    /// Whether a finding with this status is decided (closed): not open,
    /// under investigation or being fixed.
    pub fn closes(self) -> bool {
        !matches!(
            self,
            Status::Open | Status::NeedsInvestigation | Status::InProgress
        )
    }

    /// Whether a triage with this status must say why.
    pub fn needs_justification(self) -> bool {
        matches!(
            self,
            Status::Accepted | Status::Transferred | Status::FalsePositive | Status::NotApplicable
        )
    }

    /// The status pytm's free-text override `response` stands for: the
    /// status its first words name ("Accepted: ...", "Transferred to the
    /// provider"), else mitigated.
    pub fn of_response(response: &str) -> Status {
        let words: String = response
            .trim_start()
            .chars()
            .take(20)
            .map(|c| match c {
                '-' | '_' => ' ',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let said = [
            ("accept", Status::Accepted),
            ("transfer", Status::Transferred),
            ("false positive", Status::FalsePositive),
            ("not applicable", Status::NotApplicable),
            ("n/a", Status::NotApplicable),
        ];
        said.into_iter()
            .find(|(start, _)| words.starts_with(start))
            .map_or(Status::Mitigated, |(_, status)| status)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a `Triage` decided, as every finding it wins holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The `Triage` declaration.
    pub entry: ObjectId,
    pub status: Status,
    /// Empty strings: not given.
    pub justification: String,
    pub owner: String,
    pub ticket: String,
    pub decided: Option<Date>,
    pub review_by: Option<Date>,
    /// Its review date is before the day the model was compiled for: the
    /// findings count as open again.
    pub expired: bool,
}

impl Decision {
    /// Whether the findings it decides still count as open: its status
    /// does not close them, or it has expired.
    pub fn is_open(&self) -> bool {
        !self.status.closes() || self.expired
    }

    /// `accepted`, or `accepted, expired 2026-03-01` past its review date.
    pub fn label(&self) -> String {
        match (self.expired, self.review_by) {
            (true, Some(day)) => format!("{}, expired {day}", self.status),
            _ => self.status.name().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_written_yyyy_mm_dd() {
        let day = Date::parse("2027-02-28").unwrap();
        assert_eq!(day.to_string(), "2027-02-28");
        assert_eq!(day.plus_days(1).unwrap().to_string(), "2027-03-01");
        assert_eq!(day.days_until(Date::parse("2027-03-30").unwrap()), 30);
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "27-01-01",
            "2027/01/01",
            "2027-1-01",
            "soon",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("2028-02-29").is_ok());
    }

    #[test]
    fn statuses_follow_the_stdlib_enum_and_read_both_spellings() {
        assert_eq!(TRIAGE_STATUS.members().len(), Status::ALL.len());
        for s in Status::ALL {
            assert_eq!(Status::parse(s.member()), Some(s));
            assert_eq!(Status::parse(s.name()), Some(s));
        }
        assert_eq!(Status::parse("False-Positive"), Some(Status::FalsePositive));
        assert_eq!(Status::parse("done"), None);
    }

    #[test]
    fn a_response_stands_for_the_status_it_starts_with() {
        assert_eq!(Status::of_response("Accepted: low value"), Status::Accepted);
        assert_eq!(
            Status::of_response("transferred to the CDN"),
            Status::Transferred
        );
        assert_eq!(
            Status::of_response("False positive: no SQL"),
            Status::FalsePositive
        );
        assert_eq!(Status::of_response("N/A here"), Status::NotApplicable);
        assert_eq!(Status::of_response("WAF in front"), Status::Mitigated);
    }
}
