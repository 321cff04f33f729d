//! The data-flow diagram of the model a document belongs to, for the
//! `tmc/diagram` request: the SVG `tmc dfd --format svg` draws, from the
//! last good compilation, and where each drawn object is declared, so a
//! client can jump from a click on the picture to the text.

use std::collections::BTreeMap;

use tmc_compiler::Compilation;
use tmc_diagram::{ir, svg};

use super::answers::Diagram;
use super::navigation;

/// The diagram of `c`'s model, or none if it has no model.
pub fn diagram(c: &Compilation) -> Option<Diagram> {
    let model = c.model.as_ref()?;
    let findings = c.findings.as_deref().unwrap_or_default();
    let dfd = ir::dfd(&c.schema, model, findings, &ir::DfdOptions::default());
    let drawn = (dfd.clusters.iter().map(|b| &b.id))
        .chain(dfd.nodes.iter().map(|n| &n.id))
        .chain(dfd.edges.iter().map(|e| &e.id));
    let mut locations = BTreeMap::new();
    for id in drawn {
        let Some(object) = model.lookup(id) else {
            continue;
        };
        if let Some(at) = navigation::location(c, model.object(object).id_span) {
            locations.insert(id.clone(), at);
        }
    }
    Some(Diagram {
        svg: svg::render(&dfd),
        locations,
    })
}
