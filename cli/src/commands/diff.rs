//! `tmc diff OLD NEW`: compiles two models and prints what changed
//! (`tmc_output::diff`). Exit codes as diff(1): 0 same, 1 different,
//! 2 trouble (a model does not compile, a file cannot be read).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_output::diff::{self, Side};

use crate::args::{DiffFormat, RuleArgs};
use crate::shared::{emit, exit_code, print_diagnostics, Context, OK, USAGE};

pub fn run(
    ctx: &Context,
    old: &Path,
    new: &Path,
    format: DiffFormat,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let options = ctx.options(rules);
    // The two models compile side by side, one on each core, and live
    // until the process ends (freeing them is wasted time at the end).
    let compile = |path: &Path| {
        &*Box::leak(Box::new(tmc_compiler::compile(
            &[PathBuf::from(path)],
            &options,
        )))
    };
    let (a, b) = std::thread::scope(|s| {
        // With the stack of the thread that does the work (`crate::STACK`);
        // without a thread, in turn.
        let thread = std::thread::Builder::new().stack_size(crate::STACK);
        let a = thread.spawn_scoped(s, || compile(old));
        let b = compile(new);
        let a = match a {
            // A panic there is one here, as when they compiled in turn.
            Ok(a) => a
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => compile(old),
        };
        (a, b)
    });
    print_diagnostics(a, ctx.color)?;
    print_diagnostics(b, ctx.color)?;
    let sides = [a, b].map(|c| match (&c.model, &c.findings) {
        (Some(model), Some(findings)) if exit_code(c) == OK => Some(Side {
            model,
            library: &c.library,
            findings,
        }),
        _ => None,
    });
    let [Some(before), Some(after)] = sides else {
        eprintln!("error: cannot compare models that do not compile");
        return Ok(ExitCode::from(USAGE));
    };
    let d = diff::diff(&before, &after);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let text = match format {
        DiffFormat::Text => {
            let text = diff::render_text(&d, &old_name, &new_name);
            tmc_syntax::escape::terminal::text(&text).into_owned()
        }
        DiffFormat::Json => {
            serde_json::to_string_pretty(&diff::render_json(&d, &old_name, &new_name))? + "\n"
        }
    };
    emit(&text)?;
    Ok(ExitCode::from(if d.is_empty() { 0 } else { 1 }))
}
