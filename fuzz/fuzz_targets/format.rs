//! `tmc fmt` on arbitrary text. When the text parses:
//!
//! - formatting succeeds (the formatter's own check that its output parses to
//!   the same AST with the same comments never fails);
//! - it is idempotent: fmt(fmt(x)) == fmt(x);
//! - the formatted text compiles to the same meaning as the original: the
//!   same diagnostics (severity, code, message, notes, in order) and the same
//!   `tmc json` document (every object, attribute and finding), locations
//!   aside. Without the built-in threat library, which would take most of
//!   the run to parse: its findings follow from the model, which is compared
//!   in full, and threats the input declares itself still run.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tmc_syntax::{format::format, syntax};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if syntax::parse(tmc_syntax::source::FileId(0), text).is_err() {
        let _ = format(text); // must not panic, and must refuse
        return;
    }
    let once = match format(text) {
        Ok(out) => out,
        Err(d) => panic!("format failed on text that parses: {}", d.message),
    };
    let twice = match format(&once) {
        Ok(out) => out,
        Err(d) => panic!("format failed on its own output: {}\n{once}", d.message),
    };
    assert_eq!(once, twice, "not idempotent");
    let files = |t: &str| vec![(tmc_fuzz::ROOT.into(), t.to_string())];
    let before = tmc_fuzz::meaning(&tmc_fuzz::compile(files(text), false));
    let after = tmc_fuzz::meaning(&tmc_fuzz::compile(files(&once), false));
    assert_eq!(
        before, after,
        "formatting changed the meaning:\n--- before\n{text}\n--- after\n{once}"
    );
});
