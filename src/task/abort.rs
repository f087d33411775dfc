//! Cancelling a task from anywhere in its simulation.

use std::fmt;

use super::TaskId;
use crate::runtime::TaskHandle;

/// A handle that cancels a task without owning its output.
///
/// Made by [`JoinHandle::abort_handle`](crate::JoinHandle::abort_handle); it is `Send`,
/// `Sync` and `Clone`, so it can be kept in shared state within the simulation.
///
/// # Cancellation
///
/// [`abort`](Self::abort) asks the task to stop: its future is dropped, running its `Drop`
/// impls, when the scheduler next picks it (never in the middle of a poll). Awaiting its
/// `JoinHandle` then gives [`JoinError::is_cancelled`](crate::JoinError::is_cancelled).
/// Aborting a finished task does nothing. Calling it from another OS thread while the
/// simulation runs fails the run, like a wake from another thread.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// simloop::Sim::new(1).run(async {
///     let h = simloop::spawn(simloop::time::sleep(Duration::from_secs(10)));
///     let abort = h.abort_handle();
///     abort.abort();
///     assert!(h.await.unwrap_err().is_cancelled());
/// });
/// ```
#[derive(Clone)]
pub struct AbortHandle {
    task: TaskHandle,
}

impl AbortHandle {
    pub(crate) fn new(task: TaskHandle) -> Self {
        Self { task }
    }

    /// Cancels the task; see [Cancellation](Self#cancellation).
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(std::future::pending::<()>());
    ///     h.abort_handle().abort();
    ///     assert!(h.await.unwrap_err().is_cancelled());
    /// });
    /// ```
    pub fn abort(&self) {
        self.task.abort();
    }

    /// Whether the task has finished: completed, panicked or been cancelled. After its
    /// simulation ended, always `true`.
    ///
    /// # Panics
    ///
    /// Panics on another OS thread while the simulation runs, and the run fails with a
    /// [`ForeignWake`](crate::FailureKind::ForeignWake) report (see
    /// [`JoinHandle`'s threads](crate::JoinHandle#threads)).
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(async {});
    ///     let abort = h.abort_handle();
    ///     assert!(!abort.is_finished());
    ///     h.await.unwrap();
    ///     assert!(abort.is_finished());
    /// });
    /// ```
    #[track_caller]
    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    /// The id of the task.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(async {});
    ///     assert_eq!(h.abort_handle().id(), h.id());
    ///     h.await.unwrap();
    /// });
    /// ```
    pub fn id(&self) -> TaskId {
        self.task.id()
    }
}

impl fmt::Debug for AbortHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AbortHandle").field("id", &self.id()).finish()
    }
}
