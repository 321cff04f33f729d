//! Plain-text tables for the terminal: `tmc threats` and `tmc list-threats`.

use std::io::{self, Write};

use crate::findings::Finding;
use crate::model::Model;
use crate::rules::Library;

/// One line per finding (elements in declaration order, threats in library
/// order, as pytm lists them), then a summary.
pub fn findings(model: &Model, library: &Library, findings: &[Finding]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_findings(&mut out, model, library, findings);
    String::from_utf8(out).unwrap_or_default()
}

/// `findings`, written to `w` as it is produced: on a large model the
/// table runs to tens of megabytes. The columns' widths are measured in a
/// first pass over the findings; the rows are made and written in a second.
pub fn write_findings(
    w: &mut dyn io::Write,
    model: &Model,
    library: &Library,
    findings: &[Finding],
) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    let header = ["FINDING", "SEVERITY", "LIKELIHOOD", "TARGET", "THREAT"].map(String::from);
    let row = |f: &Finding| {
        let threat = &library.threats[f.threat];
        let target = model.object(f.target);
        [
            crate::findings::finding_id(threat, target),
            f.severity.label(),
            f.likelihood.as_ref().map_or("-".into(), |l| l.label()),
            format!("{} ({})", target.name, target.kind),
            threat.title.clone(),
        ]
    };
    let open = || findings.iter().filter(|f| !f.is_excluded());
    let mut widths = [0; 5];
    widen(&mut widths, &header);
    for f in open() {
        widen(&mut widths, &row(f));
    }
    write_row(&mut w, &header, &widths)?;
    for f in open() {
        write_row(&mut w, &row(f), &widths)?;
    }
    let n = open().count();
    write!(w, "\n{n} finding{}", if n == 1 { "" } else { "s" })?;
    let mut by_severity: Vec<(usize, String, usize)> = Vec::new();
    for f in open() {
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
        write!(w, ": {}", parts.join(", "))?;
    }
    writeln!(w)?;
    let excluded: Vec<&Finding> = findings.iter().filter(|f| f.is_excluded()).collect();
    if !excluded.is_empty() {
        writeln!(w, "\n{} excluded:", excluded.len())?;
        for f in excluded {
            let id = f.id(library, model);
            let by = f.excluded_by.as_deref().unwrap_or_default();
            writeln!(w, "  {id}  excluded by assumption \"{by}\"")?;
        }
    }
    w.flush()
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
    out.push_str(&format!("\n{n} threat{}\n", if n == 1 { "" } else { "s" }));
    out
}

/// Columns padded to their widest cell; the last column is not padded.
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0; N];
    for row in rows {
        widen(&mut widths, row);
    }
    let mut out = Vec::new();
    for row in rows {
        // Writing to memory cannot fail.
        let _ = write_row(&mut out, row, &widths);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Widens `widths` to fit the cells of `row`.
fn widen<const N: usize>(widths: &mut [usize; N], row: &[String; N]) {
    for (width, cell) in widths.iter_mut().zip(row) {
        *width = (*width).max(cell.chars().count());
    }
}

/// One row, each cell but the last padded to its column's width, without
/// trailing blanks.
fn write_row<const N: usize>(
    w: &mut impl io::Write,
    row: &[String; N],
    widths: &[usize; N],
) -> io::Result<()> {
    let mut line = String::new();
    for (i, cell) in row.iter().enumerate() {
        if i + 1 == N {
            line.push_str(cell);
        } else {
            let _ =
                std::fmt::Write::write_fmt(&mut line, format_args!("{cell:<w$}  ", w = widths[i]));
        }
    }
    writeln!(w, "{}", line.trim_end())
}
