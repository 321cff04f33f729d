//! Plain-text tables for the terminal: `tmc threats` and `tmc list-threats`.
//! Names and titles are written on one line with their control characters
//! shown (`escape::terminal`), and measured as written.

use std::borrow::Cow;
use std::collections::BTreeMap as Map;
use std::io;

use tmc_syntax::escape::terminal;

use tmc_compiler::findings::Finding;
use tmc_compiler::gate;
use tmc_compiler::model::{Model, ObjectId};
use tmc_compiler::rules::{Level, Library};
use tmc_compiler::triage::Status;

/// One line per finding (elements in declaration order, threats in library
/// order, as pytm lists them) with its threat's STRIDE letters and its
/// status (`gate::standing`), a path threat's finding followed by a
/// `path:` line naming its route, then a summary by severity and by status.
pub fn findings(model: &Model, library: &Library, findings: &[Finding]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_findings(&mut out, model, library, findings);
    String::from_utf8(out).unwrap_or_default()
}

/// `findings`, written to `w` as it is produced: on a large model the
/// table runs to tens of megabytes. The columns' widths are measured in a
/// first pass over the findings, and the rows written in a second, from
/// the model's own strings (nothing is allocated per finding), a piece
/// of rows at a time on every core.
pub fn write_findings(
    w: &mut dyn io::Write,
    model: &Model,
    library: &Library,
    findings: &[Finding],
) -> io::Result<()> {
    super::buffered(w, |w| write_table(w, model, library, findings))
}

/// `write_findings` to a buffered `w`.
fn write_table(
    mut w: impl io::Write,
    model: &Model,
    library: &Library,
    findings: &[Finding],
) -> io::Result<()> {
    let rows: Vec<&Finding> = findings.iter().filter(|f| !f.is_excluded()).collect();
    // The texts a model or a rule file chose, escaped and cut once
    // (borrowed as they are when there is nothing to do, as nearly always).
    let names: Vec<Cow<str>> = model.objects.iter().map(|o| repeated(&o.name)).collect();
    let titles: Vec<Cow<str>> = library.threats.iter().map(|t| repeated(&t.title)).collect();
    let letters: Vec<String> = library
        .threats
        .iter()
        .map(tmc_compiler::category::stride_letters)
        .collect();
    let expired = expired_labels(&rows);
    let row = |f: &Finding| -> [Cell; 7] {
        let threat = &library.threats[f.threat];
        let target = model.object(f.target);
        [
            [&threat.id, "@", &target.id, ""],
            [f.severity.label(), "", "", ""],
            [f.likelihood.as_ref().map_or("-", Level::label), "", "", ""],
            [&letters[f.threat.index()], "", "", ""],
            [status_label(f, &expired), "", "", ""],
            [&names[f.target.index()], " (", &target.kind, ")"],
            [&titles[f.threat.index()], "", "", ""],
        ]
    };
    let header: [Cell; 7] = [
        "FINDING",
        "SEVERITY",
        "LIKELIHOOD",
        "STRIDE",
        "STATUS",
        "TARGET",
        "THREAT",
    ]
    .map(|h| [h, "", "", ""]);
    // Measured and written on every core, a run (or piece) of rows each:
    // measured from `OUTPUT_ROWS` rows, written from four times as many.
    let widths = tmc_perf::split::runs(rows.len(), tmc_perf::OUTPUT_ROWS, |range| {
        column_widths(rows[range].iter().map(|f| row(f)))
    })
    .into_iter()
    .fold(column_widths(std::iter::once(header)), |a, b| {
        std::array::from_fn(|i| a[i].max(b[i]))
    });
    let mut line = String::new();
    write_cells(&mut w, &mut line, &header, &widths)?;
    tmc_perf::pieces::write_pieces(
        &mut w,
        rows.len(),
        tmc_perf::pieces::PIECE_BYTES,
        tmc_perf::OUTPUT_ROWS * 4,
        |range, text| {
            let mut line = String::new();
            for f in &rows[range] {
                write_cells(text, &mut line, &row(f), &widths)?;
                if let Some(path) = &f.path {
                    let path = path.line(model);
                    text.extend_from_slice(b"    path: ");
                    text.extend_from_slice(terminal::line(&path).as_bytes());
                    text.push(b'\n');
                }
            }
            Ok(())
        },
    )?;
    let n = rows.len();
    write!(w, "\n{n} finding{}", if n == 1 { "" } else { "s" })?;
    let mut by_severity: Vec<(usize, &str, usize)> = Vec::new();
    for f in &rows {
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
    let by_status = status_counts(&rows);
    if !by_status.is_empty() {
        write!(w, "; {by_status}")?;
    }
    writeln!(w)?;
    let excluded: Vec<&Finding> = findings.iter().filter(|f| f.is_excluded()).collect();
    if !excluded.is_empty() {
        writeln!(w, "\n{} excluded:", excluded.len())?;
        for f in excluded {
            let id = f.id(library, model);
            let by = repeated(f.excluded_by.as_deref().unwrap_or_default());
            writeln!(w, "  {id}  excluded by assumption \"{by}\"")?;
        }
    }
    Ok(())
}

/// The labels of the expired triages among `rows` (`accepted, expired
/// 2026-11-30`), by triage: made once each, so that a row borrows its
/// status as the other cells do.
fn expired_labels(rows: &[&Finding]) -> Map<ObjectId, String> {
    let mut labels = Map::new();
    for f in rows {
        let standing = gate::standing(f);
        if let Some(d) = standing.triage().filter(|_| standing.is_expired()) {
            labels.entry(d.entry).or_insert_with(|| standing.label());
        }
    }
    labels
}

/// A finding's status for the table: its name, or the label of its
/// expired triage from `expired`.
fn status_label<'a>(f: &Finding, expired: &'a Map<ObjectId, String>) -> &'a str {
    let standing = gate::standing(f);
    match standing.triage().filter(|_| standing.is_expired()) {
        Some(d) => expired.get(&d.entry).map_or("", String::as_str),
        None => standing.status.name(),
    }
}

/// How many of `findings` have each status, in the stdlib's order of
/// statuses, those with none left out, the expired ones said in
/// parentheses: `9 open, 2 accepted (1 expired)`.
pub fn status_counts(findings: &[&Finding]) -> String {
    let mut counts = [(0usize, 0usize); Status::ALL.len()];
    for f in findings {
        let standing = gate::standing(f);
        let count = &mut counts[standing.status as usize];
        count.0 += 1;
        count.1 += usize::from(standing.is_expired());
    }
    let parts: Vec<String> = Status::ALL
        .iter()
        .zip(counts)
        .filter(|(_, (n, _))| *n > 0)
        .map(|(status, (n, expired))| match expired {
            0 => format!("{n} {status}"),
            _ => format!("{n} {status} ({expired} expired)"),
        })
        .collect();
    parts.join(", ")
}

/// A text the table writes once per finding (a target's name, a threat's
/// title, an assumption's name): on one line with its control characters
/// shown, and cut to `MAX_REPEATED` characters, so that a name of
/// megabytes is not written again for each of its findings.
fn repeated(text: &str) -> Cow<'_, str> {
    match super::shorten(text) {
        Cow::Borrowed(text) => terminal::line(text),
        Cow::Owned(cut) => Cow::Owned(terminal::line(&cut).into_owned()),
    }
}

/// A table cell written in up to four pieces, so that it can be made of
/// borrowed strings (`threat.id`, `@`, `target.id`).
type Cell<'a> = [&'a str; 4];

fn cell_width(cell: &Cell) -> usize {
    cell.iter().map(|part| part.chars().count()).sum()
}

/// The width of each column: its widest cell.
fn column_widths<'a, const N: usize>(rows: impl Iterator<Item = [Cell<'a>; N]>) -> [usize; N] {
    let mut widths = [0; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(&row) {
            *width = (*width).max(cell_width(cell));
        }
    }
    widths
}

/// One row of cells: each but the last padded to its column's width, and
/// no trailing blanks. `line` is scratch space, reused from row to row.
fn write_cells<const N: usize>(
    w: &mut impl io::Write,
    line: &mut String,
    row: &[Cell; N],
    widths: &[usize; N],
) -> io::Result<()> {
    line.clear();
    for (i, cell) in row.iter().enumerate() {
        for part in cell {
            line.push_str(part);
        }
        if i + 1 < N {
            let pad = widths[i] - cell_width(cell) + 2;
            line.extend(std::iter::repeat_n(' ', pad));
        }
    }
    w.write_all(line.trim_end().as_bytes())?;
    w.write_all(b"\n")
}

/// One line per threat of the library, after a first line that says
/// where the threats come from: its STRIDE categories as letters (`S T
/// I`) and, when a listed threat has any, its LINDDUN categories.
pub fn library(library: &Library, exclude: &[String]) -> String {
    let listed: Vec<&tmc_compiler::rules::Threat> = library
        .threats
        .iter()
        .filter(|t| !exclude.contains(&t.id))
        .collect();
    let with_linddun = listed.iter().any(|t| !t.linddun.is_empty());
    let row = |cells: [String; 6]| -> Vec<String> {
        cells
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != 3 || with_linddun)
            .map(|(_, c)| c)
            .collect()
    };
    let mut rows = vec![row([
        "ID".to_string(),
        "SEVERITY".into(),
        "STRIDE".into(),
        "LINDDUN".into(),
        "TARGETS".into(),
        "THREAT".into(),
    ])];
    for t in &listed {
        rows.push(row([
            t.id.clone(),
            t.severity.label().to_string(),
            tmc_compiler::category::stride_letters(t),
            t.linddun.join(", "),
            t.targets.join(", "),
            match &t.deprecated {
                Some(_) => format!("{} (deprecated: never reported)", terminal::line(&t.title)),
                None => terminal::line(&t.title).into_owned(),
            },
        ]));
    }
    let mut out = format!(
        "library: {}\n\n",
        terminal::line(&library.origin.describe())
    );
    out.push_str(&table(&rows));
    let n = listed.len();
    out.push_str(&format!("\n{n} threat{}\n", if n == 1 { "" } else { "s" }));
    out
}

/// Columns padded to their widest cell; the last column is not padded.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let mut widths = vec![0; columns];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_show_control_characters_and_the_columns_stay_aligned() {
        let (c, model) = crate::compile_clean(
            "model \"M\" { description = \"d\" library = pytm }\nServer s \"S\\u{1b}[2J\\n\"\nServer t \"T\"\n",
        );
        let found = c.findings.as_deref().unwrap_or_default();
        let table = findings(&model, &c.library, found);
        assert!(!table.contains('\u{1b}'), "{table}");
        assert!(
            table.contains(
                "INP03@s  High       High                open    S\\u{1b}[2J\\n (Server)  Server"
            ),
            "{table}"
        );
        let header = table.lines().next().unwrap();
        let column = header.find("THREAT").unwrap();
        for row in table.lines().skip(1).take_while(|l| !l.is_empty()) {
            assert!(
                row.contains("S\\u{1b}[2J\\n (Server)") || row.contains("T (Server)"),
                "{row}"
            );
            assert_eq!(row.chars().nth(column - 1), Some(' '), "{row}");
            assert_ne!(row.chars().nth(column), Some(' '), "{row}");
        }
    }

    #[test]
    fn a_long_name_is_cut_where_it_repeats() {
        let long = "n".repeat(5_000);
        let (c, model) = crate::compile_clean(&format!(
            "model \"M\" {{ description = \"d\" library = pytm }}\nServer s \"{long}\"\n"
        ));
        let found = c.findings.as_deref().unwrap_or_default();
        assert!(found.len() > 10, "{} findings", found.len());
        let table = findings(&model, &c.library, found);
        assert!(!table.contains(&long[..super::super::MAX_REPEATED + 1]));
        let cut = format!("{}… (Server)", &long[..super::super::MAX_REPEATED]);
        assert_eq!(table.matches(&cut).count(), found.len(), "{table}");
    }
}
