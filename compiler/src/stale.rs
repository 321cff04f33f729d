//! `tmc stale`: which elements' code changed well after their model did.
//! Each object that lists `sourceFiles` is checked: every source path,
//! relative to the folder of the `.tm` file that declares the object, is
//! compared with that `.tm` file. How a path's last change is found (git
//! history or file times) is the caller's business: this module gets it
//! through a function and does no I/O, so it is tested with fixed times.

use std::path::{Path, PathBuf};

use crate::model::{Model, Value};
use crate::source::Sources;

const DAY: i64 = 86_400;

/// An object whose source changed more than the allowed days after its
/// model file.
#[derive(Clone, Debug, PartialEq)]
pub struct Stale {
    pub id: String,
    pub name: String,
    /// The source path as the model writes it.
    pub source: String,
    /// The `.tm` file that declares the object, as the compiler names it.
    pub model_file: String,
    /// Seconds since 1970-01-01 UTC.
    pub model_changed: i64,
    pub source_changed: i64,
}

impl Stale {
    /// Whole days between the two changes.
    pub fn days_later(&self) -> i64 {
        (self.source_changed - self.model_changed).div_euclid(DAY)
    }
}

/// A source path that names nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Missing {
    pub id: String,
    pub name: String,
    pub source: String,
    /// Where it was looked for.
    pub looked_at: PathBuf,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// How many objects list source files.
    pub checked: usize,
    pub stale: Vec<Stale>,
    pub missing: Vec<Missing>,
    /// Model files whose own last change could not be found.
    pub unknown_models: Vec<String>,
}

/// Checks every object with `sourceFiles`. `last_change` gives a path's
/// last change in seconds since the epoch (a folder: its newest file), or
/// `None` when the path does not exist. A source is stale when it changed
/// more than `days` days after the model file.
pub fn check(
    model: &Model,
    sources: &Sources,
    days: u32,
    last_change: &mut dyn FnMut(&Path) -> Option<i64>,
) -> Report {
    let mut report = Report::default();
    let mut model_times: Vec<(String, Option<i64>)> = Vec::new();
    for o in &model.objects {
        let paths = source_files(o.attrs.get("sourceFiles"));
        if paths.is_empty() {
            continue;
        }
        report.checked += 1;
        let model_file = sources.name(o.span.file).to_string();
        let known = model_times.iter().find(|(f, _)| *f == model_file);
        let model_changed = match known {
            Some((_, t)) => *t,
            None => {
                let t = last_change(Path::new(&model_file));
                model_times.push((model_file.clone(), t));
                if t.is_none() {
                    report.unknown_models.push(model_file.clone());
                }
                t
            }
        };
        let dir = Path::new(&model_file).parent().unwrap_or(Path::new(""));
        for source in paths {
            let at = dir.join(&source);
            let Some(changed) = last_change(&at) else {
                report.missing.push(Missing {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    source,
                    looked_at: at,
                });
                continue;
            };
            let Some(model_changed) = model_changed else {
                continue;
            };
            if changed - model_changed > i64::from(days) * DAY {
                report.stale.push(Stale {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    source,
                    model_file: model_file.clone(),
                    model_changed,
                    source_changed: changed,
                });
            }
        }
    }
    report
}

fn source_files(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::Str(s) if !s.is_empty() => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `YYYY-MM-DD` (UTC) of a time in seconds since the epoch.
pub fn date(seconds: i64) -> String {
    // Days to a civil date: Howard Hinnant's `civil_from_days`.
    let z = seconds.div_euclid(DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The report as text: one line per stale source, on stdout.
pub fn render(report: &Report, days: u32) -> String {
    let mut out = String::new();
    for s in &report.stale {
        out += &format!(
            "stale: `{}` (\"{}\"): {} changed on {}, {} days after {} ({})\n",
            s.id,
            s.name,
            s.source,
            date(s.source_changed),
            s.days_later(),
            s.model_file,
            date(s.model_changed),
        );
    }
    let n = report.stale.len();
    out += &format!(
        "{} checked, {n} stale source file{} (more than {days} day{} newer than the model)\n",
        match report.checked {
            1 => "1 object with source files".to_string(),
            c => format!("{c} objects with source files"),
        },
        if n == 1 { "" } else { "s" },
        if days == 1 { "" } else { "s" },
    );
    out
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(86_399), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_704_067_200), "2024-01-01");
        assert_eq!(date(-1), "1969-12-31");
    }
}
