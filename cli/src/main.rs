//! `tmc`: the command line, a thin layer over `tmc_compiler`. This file
//! parses the arguments (`args`), sets the process up, and hands each
//! command to its module under `commands/`; what the commands share
//! (exit codes, diagnostics, output delivery) is `shared`. Exit codes:
//! 0 ok, 1 problems in the model, 2 usage or I/O errors, 3 open findings
//! at or above `--fail-on`. `tmc lsp` hands stdin/stdout to the language
//! server in `tmc_lsp`, `tmc mcp` to the MCP server in `tmc_mcp`.

mod args;
mod ci;
mod commands;
mod format_choice;
mod outfile;
mod pick;
mod progress;
mod shared;
mod stream;
mod timings;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, ImportFormat, ReportFormat};
use commands::import::Interchange;
use format_choice::choose;
use shared::{shown, Context, OK, USAGE};
use tmc_compiler::triage::Date;

/// Stack for the thread that does the work: input nested up to the
/// 256-level limit (docs/robustness.md) needs a few MiB in a debug build,
/// more than some platforms give the main thread (1 MiB on Windows).
pub(crate) const STACK: usize = 64 << 20;

/// The system's allocator for a command-line run, mimalloc for the
/// language server (`tmc_perf::allocator` says why).
#[global_allocator]
static ALLOCATOR: tmc_perf::allocator::Chosen = tmc_perf::allocator::Chosen;

fn main() -> ExitCode {
    match std::thread::Builder::new().stack_size(STACK).spawn(run) {
        Ok(worker) => worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(_) => run(),
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Lsp | Command::Mcp) {
        tmc_perf::allocator::tune_for_batch();
        // Before any other thread: started when the first output file was
        // opened, amid the renderers, the watcher made the SARIF of a 10k
        // model 18% slower to write (glibc placed the renderers' heaps
        // worse). A failure shows when an output file is opened.
        let _ = outfile::watch_signals();
    }
    if cli.timings {
        timings::enable();
    }
    let ctx = Context {
        color: cli.color,
        allow_outside_imports: cli.allow_outside_imports,
        today: cli.today.unwrap_or_else(Date::today),
    };
    let ctx = &ctx;
    let result = match cli.command {
        Command::Check {
            files,
            format,
            fail_on,
            output,
            categories,
            statuses,
            rules,
        } => commands::check::run(
            ctx,
            &files,
            choose(format, output.as_deref()),
            fail_on,
            output.as_deref(),
            &categories.filter(),
            &statuses.picks,
            &rules,
        ),
        Command::Threats {
            files,
            format,
            fail_on,
            output,
            categories,
            statuses,
            expiring,
            rules,
        } => commands::threats::run(
            ctx,
            &files,
            choose(format, output.as_deref()),
            fail_on,
            output.as_deref(),
            &categories.filter(),
            pick::Picks {
                statuses: &statuses.picks,
                expiring,
            },
            &rules,
        ),
        Command::Json {
            files,
            output,
            categories,
            rules,
        } => commands::json::run(ctx, &files, output.as_deref(), &categories.filter(), &rules),
        Command::Dfd {
            files,
            format,
            levels,
            colormap,
            route,
            output,
            rules,
        } => commands::dfd::run(
            ctx,
            &files,
            choose(format, output.as_deref()),
            &levels,
            colormap,
            &route,
            output.as_deref(),
            &rules,
        ),
        Command::Seq {
            files,
            format,
            output,
        } => commands::seq::run(
            ctx,
            &files,
            choose(format, output.as_deref()),
            output.as_deref(),
        ),
        Command::Explain {
            threat,
            element,
            files,
            format,
            rules,
        } => commands::explain::run(ctx, &threat, &element, &files, format, &rules),
        Command::Paths {
            files,
            from,
            to,
            max_hops,
            max_paths,
            responses,
            format,
        } => commands::paths::run(
            ctx,
            &commands::paths::Ask {
                files: &files,
                from: &from,
                to: &to,
                limits: tmc_compiler::paths::Limits {
                    max_hops,
                    max_paths,
                    responses,
                },
                format,
            },
        ),
        Command::ListThreats {
            format,
            categories,
            rules,
        } => commands::list_threats::run(ctx, format, &categories.filter(), &rules),
        Command::Describe { name, format } => commands::describe::run(&name, format),
        Command::ListElements => commands::list_elements::run(),
        Command::Fmt { files, check } => commands::fmt::run(ctx, &files, check),
        Command::Lsp => commands::lsp::run(),
        Command::Mcp => commands::mcp::run(),
        Command::Sqldump {
            files,
            output,
            rules,
        } => commands::sqldump::run(ctx, &files, &output, &rules),
        Command::Import {
            format: ImportFormat::Pytm,
            input,
            output,
        }
        | Command::ImportPytm { input, output } => {
            commands::import_pytm::run(&input, output.as_deref())
        }
        Command::Import {
            format: ImportFormat::Otm,
            input,
            output,
        } => commands::import::run(Interchange::Otm, &input, output.as_deref()),
        Command::Import {
            format: ImportFormat::ThreatDragon,
            input,
            output,
        } => commands::import::run(Interchange::ThreatDragon, &input, output.as_deref()),
        Command::Import {
            format: ImportFormat::Threagile,
            input,
            output,
        } => commands::import::run(Interchange::Threagile, &input, output.as_deref()),
        Command::Export {
            format,
            files,
            output,
            rules,
        } => commands::export::run(ctx, format, &files, output.as_deref(), &rules),
        Command::Diff {
            old,
            new,
            format,
            rules,
        } => commands::diff::run(ctx, &old, &new, format, &rules),
        Command::Stale { files, days } => commands::stale::run(ctx, &files, days),
        Command::Test { files, rules } => commands::test::run(ctx, &files, &rules),
        Command::Triage(args) => commands::triage::run(ctx, &args),
        Command::Report {
            format: Some(ReportFormat::Markdown),
            watch: true,
            ..
        } => {
            eprintln!("error: `--watch` serves the HTML report; leave out `--format markdown`");
            Ok(ExitCode::from(USAGE))
        }
        Command::Report {
            files,
            template,
            template_format,
            watch: true,
            port,
            summary,
            full,
            categories,
            rules,
            ..
        } => commands::report::watch::run(
            ctx,
            &files,
            template.as_deref(),
            template_format,
            port,
            &commands::report::Selection::new(&categories.filter(), summary, full),
            &rules,
        ),
        Command::Report {
            files,
            format,
            template,
            template_format,
            output,
            summary,
            full,
            categories,
            rules,
            ..
        } => commands::report::run(
            ctx,
            &files,
            choose(format, output.as_deref()),
            (template.as_deref(), template_format),
            output.as_deref(),
            &commands::report::Selection::new(&categories.filter(), summary, full),
            &rules,
        ),
    };
    timings::total();
    match result {
        Ok(code) => code,
        // The reader went away (`tmc threats app.tm | head`): not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(OK),
        Err(e) => {
            eprintln!("error: {}", shown(e));
            ExitCode::from(USAGE)
        }
    }
}
