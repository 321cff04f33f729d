//! `tmc stale`: which elements' code changed well after their model did.
//! Each object that lists `sourceFiles` is checked: every source path,
//! relative to the folder of the `.tm` file that declares the object, is
//! compared with that `.tm` file. A source path must stay in the project
//! folder, as imports must (`crate::project`); one outside is reported,
//! never looked at. How a path's last change is found (git history or file
//! times) is the caller's business: this module gets it through a
//! function and does no I/O beyond resolving links, so it is tested with
//! fixed times.

use std::path::{Path, PathBuf};

use crate::files::normalize;
use crate::files::FileSystem;
use crate::model::known::SOURCE_FILES;
use crate::model::{Model, Value};
use crate::source::Sources;

/// The project folders a source path must stay in (`sources` asks them),
/// and the hint that lets one out.
pub use crate::project::{Outside, Projects, ALLOW_OUTSIDE};

const DAY: i64 = 86_400;

/// One source path of one object.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub id: String,
    pub name: String,
    /// The source path as the model writes it.
    pub source: String,
    /// The `.tm` file that declares the object, as the compiler names it.
    pub model_file: String,
    /// Where it is looked for: resolved against the model file's folder.
    pub path: PathBuf,
    /// Set when the path leaves the project folder: it is not looked at.
    pub outside: Option<Outside>,
}

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
    pub(crate) fn days_later(&self) -> i64 {
        (self.source_changed - self.model_changed).div_euclid(DAY)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// How many objects list source files.
    pub checked: usize,
    pub stale: Vec<Stale>,
    /// Source paths that name nothing.
    pub missing: Vec<Source>,
    /// Source paths outside the project folder, not looked at.
    pub outside: Vec<Source>,
    /// Model files whose own last change could not be found.
    pub unknown_models: Vec<String>,
}

/// Every source path of the model's objects, in order. With `projects`
/// (the default, unless `--allow-outside-imports`), each path is checked
/// against the project folders: the answer does not depend on whether the
/// path exists.
pub fn sources(
    model: &Model,
    sources: &Sources,
    projects: Option<&Projects>,
    fs: &dyn FileSystem,
) -> Vec<Source> {
    let mut out = Vec::new();
    for o in &model.objects {
        let model_file = sources.name(o.span.file).to_string();
        let dir = Path::new(&model_file).parent().unwrap_or(Path::new(""));
        for source in source_files(o.attrs.get(SOURCE_FILES.name())) {
            let path = normalize(&dir.join(&source));
            out.push(Source {
                id: o.id.clone(),
                name: o.name.clone(),
                outside: projects.and_then(|p| p.outside(&path, fs)),
                source,
                model_file: model_file.clone(),
                path,
            });
        }
    }
    out
}

/// The paths whose last change `check` asks for: the model files and the
/// source paths inside the project, each once.
pub fn paths_to_date(listed: &[Source]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for s in listed.iter().filter(|s| s.outside.is_none()) {
        for p in [PathBuf::from(&s.model_file), s.path.clone()] {
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
    }
    paths
}

/// Checks the listed sources. `last_change` gives a path's last change in
/// seconds since the epoch (a folder: its newest file), or `None` when the
/// path does not exist; it is asked only about `paths_to_date`. A source
/// is stale when it changed more than `days` days after its model file.
pub fn check(listed: &[Source], days: u32, last_change: &dyn Fn(&Path) -> Option<i64>) -> Report {
    let mut report = Report::default();
    let mut last_object: Option<&str> = None;
    for s in listed {
        if last_object != Some(&s.id) {
            report.checked += 1;
            last_object = Some(&s.id);
        }
        if s.outside.is_some() {
            report.outside.push(s.clone());
            continue;
        }
        let model_changed = last_change(Path::new(&s.model_file));
        if model_changed.is_none() && !report.unknown_models.contains(&s.model_file) {
            report.unknown_models.push(s.model_file.clone());
        }
        let Some(changed) = last_change(&s.path) else {
            report.missing.push(s.clone());
            continue;
        };
        let Some(model_changed) = model_changed else {
            continue;
        };
        if changed - model_changed > i64::from(days) * DAY {
            report.stale.push(Stale {
                id: s.id.clone(),
                name: s.name.clone(),
                source: s.source.clone(),
                model_file: s.model_file.clone(),
                model_changed,
                source_changed: changed,
            });
        }
    }
    report
}

fn source_files(value: Option<&Value>) -> Vec<String> {
    Value::strings(value)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// `YYYY-MM-DD` (UTC) of a time in seconds since the epoch.
pub(crate) fn date(seconds: i64) -> String {
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
    use super::*;
    use crate::files::OneFile;

    const MODEL: &str = r#"model "M" { description = "d" }
Server web "Web" { sourceFiles = ["src/web.rs", "../x", "/etc", "./src/../lib"] }
Actor a "A"
Datastore db "DB" { sourceFiles = ["db.sql"] }
"#;

    fn listed(confined: bool) -> Vec<Source> {
        let (c, model) = crate::compile_clean(MODEL);
        let projects = Projects::of(&[PathBuf::from("m.tm")], &OneFile(""));
        let projects = confined.then_some(&projects);
        sources(&model, &c.sources, projects, &OneFile(""))
    }

    #[test]
    fn sources_are_resolved_and_confined_to_the_project() {
        let listed = listed(true);
        let seen: Vec<(&str, &Path, Option<Outside>)> = listed
            .iter()
            .map(|s| (s.source.as_str(), s.path.as_path(), s.outside))
            .collect();
        assert_eq!(
            seen,
            [
                ("src/web.rs", Path::new("src/web.rs"), None),
                ("../x", Path::new("../x"), Some(Outside::Path)),
                ("/etc", Path::new("/etc"), Some(Outside::Path)),
                ("./src/../lib", Path::new("lib"), None),
                ("db.sql", Path::new("db.sql"), None),
            ]
        );
        // Only what is inside is dated, and the model file once.
        assert_eq!(
            paths_to_date(&listed),
            ["m.tm", "src/web.rs", "lib", "db.sql"].map(PathBuf::from)
        );
        assert!(self::listed(false).iter().all(|s| s.outside.is_none()));
    }

    #[test]
    fn a_source_is_stale_when_it_changed_more_than_the_days_after_its_model() {
        let listed = listed(true);
        let times = |p: &Path| match p.to_str() {
            Some("m.tm") => Some(10 * DAY),
            Some("src/web.rs") => Some(41 * DAY),
            Some("lib") => Some(40 * DAY),
            _ => None,
        };
        let report = check(&listed, 30, &times);
        assert_eq!(report.checked, 2);
        let stale: Vec<&str> = report.stale.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(stale, ["src/web.rs"]);
        assert_eq!(report.stale[0].days_later(), 31);
        let missing: Vec<&str> = report.missing.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(missing, ["db.sql"]);
        let outside: Vec<&str> = report.outside.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(outside, ["../x", "/etc"]);
        assert!(report.unknown_models.is_empty());
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(86_399), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_704_067_200), "2024-01-01");
        assert_eq!(date(-1), "1969-12-31");
    }
}
