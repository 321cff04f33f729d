//! Code lens: above each declaration with findings, how many are open and
//! the worst severity among them, the closed ones (`gate::standing`)
//! counted apart: "3 open findings, worst High · 2 closed".

use std::collections::BTreeMap;

use tmc_compiler::gate;
use tmc_compiler::model::ObjectId;
use tmc_compiler::Compilation;

use super::answers::Lens;
use super::lines::LineIndex;

/// What one declaration's findings come to.
#[derive(Default)]
struct Tally {
    open: usize,
    closed: usize,
    /// The rank and label of the worst open finding's severity.
    worst: Option<(usize, &'static str)>,
}

/// The lenses of the declarations in `file`, in the order of the text;
/// placed in the text the compile read.
pub fn lenses(c: &Compilation, file: &str) -> Vec<Lens> {
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return Vec::new();
    };
    let Some(compiled) = c.sources.ids().find(|&f| c.sources.name(f) == file) else {
        return Vec::new();
    };
    let mut tallies: BTreeMap<ObjectId, Tally> = BTreeMap::new();
    for f in findings.iter().filter(|f| !f.is_excluded()) {
        if model.object(f.target).id_span.file != compiled {
            continue;
        }
        let tally = tallies.entry(f.target).or_default();
        if !gate::standing(f).is_open() {
            tally.closed += 1;
            continue;
        }
        tally.open += 1;
        let level = (f.severity.rank, f.severity.label());
        if tally.worst.is_none_or(|(rank, _)| level.0 > rank) {
            tally.worst = Some(level);
        }
    }
    let index = LineIndex::new(c.sources.text(compiled));
    let mut out: Vec<Lens> = tallies
        .into_iter()
        .map(|(id, tally)| {
            let span = model.object(id).id_span;
            Lens {
                range: index.range(span.start, span.end),
                title: title(&tally),
            }
        })
        .collect();
    out.sort_by_key(|l| l.range);
    out
}

/// "3 open findings, worst High · 2 closed", "1 open finding, worst Low",
/// "no open findings · 4 closed".
fn title(t: &Tally) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = match t.worst {
        Some((_, worst)) => format!("{} open finding{}, worst {worst}", t.open, plural(t.open)),
        None => "no open findings".to_string(),
    };
    if t.closed > 0 {
        out += &format!(" · {} closed", t.closed);
    }
    out
}
