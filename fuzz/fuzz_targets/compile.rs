//! Arbitrary bytes through the whole compiler: load (imports between the
//! NUL-separated files of the input), parse, schema, resolve, check, rules
//! and findings; then every diagnostic rendered for people and as JSON, and,
//! for a model without errors, the outputs the CLI writes from it (JSON,
//! text, DFD as DOT, Mermaid and SVG, sequence diagrams, SARIF). Nothing may
//! panic. The report and the SQLite database are left out: they are
//! features of tmc-output that would link minijinja and SQLite's C code.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tmc_syntax::diagnostic;
use tmc_diagram::{ir, svg};
use tmc_output as output;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The built-in threat library takes most of a run to parse (pest, 114
    // threats): load it for one input in eight, chosen by length so that a
    // crash reproduces.
    let builtin_threats = data.len().is_multiple_of(8);
    let c = tmc_fuzz::compile(tmc_fuzz::files(text), builtin_threats);
    let _ = diagnostic::render_plain(&c.sources, &c.diagnostics);
    for d in &c.diagnostics {
        let _ = diagnostic::to_json(&c.sources, d);
    }
    let (Some(model), Some(findings)) = (&c.model, &c.findings) else {
        return;
    };
    let _ = output::json::document(&c.sources, model, &c.library, findings);
    let _ = output::text::findings(model, &c.library, findings);
    let _ = model.summary();
    let dfd = ir::dfd(&c.schema, model, findings, &ir::DfdOptions::default());
    let _ = output::dot::render(&dfd);
    let _ = output::mermaid::dfd(&dfd);
    let _ = svg::render(&dfd);
    let seq = ir::seq(&c.schema, model);
    let _ = output::plantuml::seq(&seq);
    let _ = output::mermaid::seq(&seq);
    let _ = output::sarif::document(
        &c.sources,
        model,
        &c.library,
        findings,
        std::path::Path::new("."),
    );
});
