//! How long semantic tokens take: the model named by `TMC_TOKENS_MODEL`
//! (such as `bench/gen.py 1000 -o /tmp/m1k.tm`) is opened and compiled
//! once in an analysis `Engine`, then its whole file's tokens are asked
//! for 20 times, and those of one screen (100 lines) in its middle;
//! prints min/median/max and how many tokens there are. It asserts
//! nothing about time.
//!
//! ```sh
//! TMC_TOKENS_MODEL=/tmp/m1k.tm cargo bench -p tmc-lsp --bench tokens
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tmc_compiler::Options;
use tmc_lsp::analysis::{Change, Engine, Position, Range};

const RUNS: usize = 20;

fn main() {
    let Some(model) = std::env::var_os("TMC_TOKENS_MODEL") else {
        eprintln!("skipped: set TMC_TOKENS_MODEL to a model file (bench/gen.py writes one)");
        return;
    };
    let path = std::path::absolute(PathBuf::from(model)).expect("a path");
    let text = std::fs::read_to_string(&path).expect("a readable model");
    let lines = text.lines().count() as u32;
    let mut engine = Engine::new(Options::default());
    engine.set_show_findings(false);
    engine.apply(Change::Open {
        path: path.clone(),
        text,
        version: 1,
    });
    let started = Instant::now();
    engine.compile(&path);
    println!(
        "{}: {lines} lines, compiled in {:?}",
        path.display(),
        started.elapsed()
    );
    let screen = Range::new(
        Position::new(lines / 2, 0),
        Position::new(lines / 2 + 100, 0),
    );
    for (what, range) in [("whole file", None), ("100 lines", Some(screen))] {
        let mut times = Vec::new();
        let mut count = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            count = engine.semantic_tokens(&path, range).expect("tokens").len();
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "semantic tokens, {what}: {count} tokens, min {}, median {}, max {}",
            ms(times[0]),
            ms(times[RUNS / 2]),
            ms(times[RUNS - 1])
        );
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
