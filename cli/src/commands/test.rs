//! `tmc test [FILES...]`: rule tests (`tmc_compiler::ruletest`). Each file
//! is compiled as a model of its own with the rules asked for, and every
//! `Expect` in it checked against its findings; with no file, the
//! built-in library's own tests (`ruletest::RULE_TESTS`) are run. One line
//! per expectation on stdout (`ok` or `FAIL`, where, its id and name), and
//! under each failure what was expected and what happened; then `N passed,
//! M failed`. Exit 0 when every expectation holds, 1 when one fails, 2 when
//! a test file cannot be read or does not compile (or an expectation names
//! an unknown threat, or one that never targets its element's kind).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use tmc_compiler::ruletest::{self, Checked};
use tmc_compiler::Compilation;
use tmc_syntax::diagnostic;

use crate::args::{Color, RuleArgs};
use crate::shared::{self, emit, shown, Context, MODEL_ERRORS, OK, USAGE};

/// A test file that does not compile, or cannot be read.
const BROKEN: u8 = USAGE;
/// Some expectation does not hold.
const FAILED: u8 = MODEL_ERRORS;

pub fn run(ctx: &Context, files: &[PathBuf], rules: &RuleArgs) -> std::io::Result<ExitCode> {
    let color = ctx.color;
    let options = ctx.options(rules);
    if files.is_empty() && rules.no_builtin_threats {
        eprintln!("error: `tmc test` with no file runs the tests of the built-in threats, which `--no-builtin-threats` leaves out");
        eprintln!("  = name the test files of your own rules: `tmc test --no-builtin-threats --threats rules.tm tests/*.tm`");
        return Ok(ExitCode::from(USAGE));
    }
    let mut tally = Tally::default();
    if files.is_empty() {
        for (name, text) in ruletest::RULE_TESTS {
            let c = ruletest::compile_embedded(name, text, &options);
            tally.file(&c, &options.exclude, color)?;
        }
    } else {
        for file in files {
            let c = tmc_compiler::compile(std::slice::from_ref(file), &options);
            tally.file(&c, &options.exclude, color)?;
        }
    }
    let mut summary = format!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.broken > 0 {
        let s = if tally.broken == 1 { "" } else { "s" };
        let _ = write!(summary, "; {} test file{s} did not compile", tally.broken);
    }
    emit(&format!("{summary}\n"))?;
    Ok(ExitCode::from(if tally.broken > 0 {
        BROKEN
    } else if tally.failed > 0 {
        FAILED
    } else {
        OK
    }))
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    broken: usize,
}

impl Tally {
    /// Checks one compiled test file: prints its diagnostics (the
    /// compilation's and the expectations'), then its outcomes.
    fn file(&mut self, c: &Compilation, exclude: &[String], color: Color) -> std::io::Result<()> {
        let compiled = c.unreadable_roots == 0 && !c.has_errors();
        let checked = if compiled {
            ruletest::run(c, exclude)
        } else {
            Checked::default()
        };
        let mut diagnostics: Vec<_> = c
            .diagnostics
            .iter()
            .chain(&checked.diagnostics)
            .cloned()
            .collect();
        diagnostic::sort(&mut diagnostics);
        print_diagnostics(c, &diagnostics, color)?;
        if !compiled || checked.has_errors() {
            self.broken += 1;
            return Ok(());
        }
        let Some(model) = &c.model else {
            return Ok(());
        };
        let mut out = String::new();
        for o in &checked.outcomes {
            let expect = model.object(o.expect);
            let at = c.sources.line_col(expect.span.file, expect.span.start);
            let verdict = if o.passed() { "ok  " } else { "FAIL" };
            let _ = writeln!(
                out,
                "{verdict} {}:{} {} \"{}\"",
                shown(c.sources.name(expect.span.file)),
                at.line,
                shown(&expect.id),
                shown(&expect.name)
            );
            if o.passed() {
                self.passed += 1;
            } else {
                self.failed += 1;
                let _ = writeln!(out, "     expected: {}", shown(o.expected(model)));
                let _ = writeln!(out, "     but:      {}", shown(o.happened(model)));
            }
        }
        emit(&out)
    }
}

fn print_diagnostics(
    c: &Compilation,
    diagnostics: &[tmc_compiler::Diagnostic],
    color: Color,
) -> std::io::Result<()> {
    shared::print_these(&c.sources, diagnostics, color)
}
