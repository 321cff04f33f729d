//! Plain-text tables for the terminal: `tmc threats` and `tmc list-threats`.

use std::fmt::Write;

use crate::findings::Finding;
use crate::model::Model;
use crate::rules::Library;

/// One line per finding (elements in declaration order, threats in library
/// order, as pytm lists them), then a summary.
pub fn findings(model: &Model, library: &Library, findings: &[Finding]) -> String {
    let mut rows = vec![[
        "FINDING".to_string(),
        "SEVERITY".into(),
        "LIKELIHOOD".into(),
        "TARGET".into(),
        "THREAT".into(),
    ]];
    let mut excluded = Vec::new();
    for f in findings {
        let threat = &library.threats[f.threat];
        let target = model.object(f.target);
        let id = crate::findings::finding_id(threat, target);
        let row = [
            id.clone(),
            f.severity.label(),
            f.likelihood.as_ref().map_or("-".into(), |l| l.label()),
            format!("{} ({})", target.name, target.kind),
            threat.title.clone(),
        ];
        match &f.excluded_by {
            None => rows.push(row),
            Some(by) => excluded.push(format!("{id}  excluded by assumption \"{by}\"")),
        }
    }
    let mut out = table(&rows);
    let open = rows.len() - 1;
    let _ = write!(out, "\n{open} finding{}", if open == 1 { "" } else { "s" });
    let mut by_severity: Vec<(usize, String, usize)> = Vec::new();
    for f in findings.iter().filter(|f| !f.is_excluded()) {
        match by_severity
            .iter_mut()
            .find(|(r, _, _)| *r == f.severity.rank)
        {
            Some(entry) => entry.2 += 1,
            None => by_severity.push((f.severity.rank, f.severity.label(), 1)),
        }
    }
    by_severity.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    if !by_severity.is_empty() {
        let parts: Vec<String> = by_severity
            .iter()
            .map(|(_, l, n)| format!("{n} {l}"))
            .collect();
        let _ = write!(out, ": {}", parts.join(", "));
    }
    out.push('\n');
    if !excluded.is_empty() {
        let _ = writeln!(out, "\n{} excluded:", excluded.len());
        for line in excluded {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// One line per threat of the library.
pub fn library(library: &Library, exclude: &[String]) -> String {
    let mut rows = vec![[
        "ID".to_string(),
        "SEVERITY".into(),
        "TARGETS".into(),
        "THREAT".into(),
    ]];
    let listed: Vec<&crate::rules::Threat> = library
        .threats
        .iter()
        .filter(|t| !exclude.contains(&t.id))
        .collect();
    for t in &listed {
        rows.push([
            t.id.clone(),
            t.severity.label(),
            t.targets.join(", "),
            match &t.deprecated {
                Some(_) => format!("{} (deprecated: never reported)", t.title),
                None => t.title.clone(),
            },
        ]);
    }
    let mut out = table(&rows);
    let n = listed.len();
    let _ = writeln!(out, "\n{n} threat{}", if n == 1 { "" } else { "s" });
    out
}

/// Columns padded to their widest cell; the last column is not padded.
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0; N];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == N {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}  ", w = widths[i]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
