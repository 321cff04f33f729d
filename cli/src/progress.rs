//! A progress line on stderr for commands that can take a while on big
//! models (`report`, `threats`, `json`, `dfd`): the phase being worked on,
//! rewritten in place with `\r`. Shown only when stderr is a terminal;
//! cleared before anything else is printed, so output never mixes with it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a progress line is on the screen now.
static SHOWN: AtomicBool = AtomicBool::new(false);

/// Shows `phase` (e.g. "compiling") in place of the previous one.
pub fn phase(phase: &str) {
    let mut stderr = std::io::stderr().lock();
    if !stderr.is_terminal() {
        return;
    }
    // \r to the line's start, ESC[K to erase the rest of it.
    let _ = write!(stderr, "\r\x1b[K{phase}…");
    let _ = stderr.flush();
    SHOWN.store(true, Ordering::Relaxed);
}

/// Erases the progress line, if one is shown.
pub fn clear() {
    if SHOWN.swap(false, Ordering::Relaxed) {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[K");
        let _ = stderr.flush();
    }
}
