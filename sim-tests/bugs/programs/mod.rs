//! The programs of the benchmark that run on other schedulers too, written once over
//! [`Exec`]: `sim-tests/bugs/` runs them on simloop, and `benches/shuttle.rs` runs the same
//! source on shuttle's random and PCT schedulers.
//!
//! They use no virtual time, no `buggify!` and no injected aborts (shuttle has none), only
//! tasks, `yield_now`, `abort`, runtime-agnostic channels and hand-written primitives.

use std::future::Future;
use std::pin::Pin;

pub(crate) mod aba;
pub(crate) mod barrier_generation;
pub(crate) mod cancelled_waiter;
pub(crate) mod double_init;
pub(crate) mod dropped_notified;
pub(crate) mod held_back;
pub(crate) mod lock_order;
pub(crate) mod lost_update;
pub(crate) mod missed_notification;
pub(crate) mod polite_livelock;
pub(crate) mod pool_overcommit;
pub(crate) mod stale_cache;

/// A boxed future of a program.
pub(crate) type Boxed<T> = Pin<Box<dyn Future<Output = T>>>;

/// A spawned task: [`join`](Self::join) gives its output, or why it has none.
pub(crate) struct Task<T> {
    pub(crate) join: Boxed<Result<T, String>>,
    pub(crate) abort: Box<dyn Fn()>,
}

impl<T> Task<T> {
    /// Waits for the task.
    pub(crate) async fn join(self) -> Result<T, String> {
        self.join.await
    }

    /// Cancels the task at its next scheduling point.
    pub(crate) fn abort(&self) {
        (self.abort)();
    }
}

/// What a program needs of the executor that runs it.
pub(crate) trait Exec: 'static {
    /// Spawns a named task.
    fn spawn<T: 'static>(name: &'static str, future: impl Future<Output = T> + 'static) -> Task<T>;
    /// Lets the other tasks run.
    fn yield_now() -> Boxed<()>;
}
