//! `tmc --timings`: how long each phase of a command took, printed on
//! stderr as `timing: PHASE  MS ms` lines (bench/run.sh reads them).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tmc_compiler::Compilation;

static ENABLED: AtomicBool = AtomicBool::new(false);
static START: OnceLock<Instant> = OnceLock::new();

/// Turns the report on; the total counts from here.
pub fn enable() {
    START.get_or_init(Instant::now);
    ENABLED.store(true, Ordering::Relaxed);
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

fn print(phase: &str, took: Duration) {
    eprintln!("timing: {phase:<20} {:9.1} ms", took.as_secs_f64() * 1000.0);
}

/// The phases of a compilation, as the compiler measured them, and how
/// many threat conditions it tested.
pub fn compiled(c: &Compilation) {
    if enabled() {
        for (phase, took) in &c.timings {
            print(phase, *took);
        }
        if c.findings.is_some() {
            eprintln!(
                "timing: {:<20} {:9}",
                "conditions tested", c.conditions_tested
            );
        }
    }
}

/// Runs `work` and reports how long it took under `phase`.
pub fn measure<T>(phase: &str, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = work();
    if enabled() {
        print(phase, start.elapsed());
    }
    result
}

/// The whole command, from `enable` until now.
pub fn total() {
    if let (true, Some(start)) = (enabled(), START.get()) {
        print("total", start.elapsed());
    }
}
