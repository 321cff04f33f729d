//! Keeping the server's memory to what it uses: free memory is given back
//! to the system once the server has been idle for a moment (the
//! allocator calls themselves are tmc-perf's `allocator`, which also
//! says which allocator the server runs on and why). Giving it back after
//! every compile made the next one take it again from the system, page
//! by page (the median edit of a 1,000-element model went from 25 to
//! 55 ms).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long the server waits, without a compile or a large message, before
/// giving memory back: longer than the pauses of typing.
const IDLE: Duration = Duration::from_secs(1);

/// Gives free memory back once nothing has called this again for `IDLE`
/// (a task on the current tokio runtime waits for it).
pub fn give_back_when_idle() {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed) + 1;
    tokio::spawn(async move {
        tokio::time::sleep(IDLE).await;
        if CALLS.load(Ordering::Relaxed) == call {
            tmc_perf::allocator::give_back();
        }
    });
}
