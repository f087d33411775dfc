//! Which task is running.

use super::TaskId;
use crate::runtime::context;

/// The id of the task being polled: `main` for the main future.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     let h = simloop::spawn(async { simloop::task::id() });
///     let id = h.id();
///     assert_eq!(h.await.unwrap(), id);
/// });
/// ```
#[track_caller]
pub fn id() -> TaskId {
    context::with("simloop::task::id", |core| core.current_task())
}

/// The id of the task being polled, as [`id`]: `main` for the main future; `None` outside a
/// simulation, where `id` panics.
///
/// Code that may run outside a simulation (a library's `Drop` impl, a waker, a helper used by
/// tests and by production alike) asks this instead of [`id`]. Inside, the task is the one on
/// whose behalf code runs: the one being polled, or whose future or output is being dropped
/// (an aborted task's future, the output of a task whose `JoinHandle` is dropped), and `main`
/// while timers fire.
///
/// # Examples
///
/// ```
/// assert_eq!(simloop::task::try_id(), None);
/// simloop::Sim::new(1).run(async {
///     assert!(simloop::task::try_id().is_some_and(|id| id.is_main()));
///     let h = simloop::spawn(async { simloop::task::try_id() });
///     let id = h.id();
///     assert_eq!(h.await.unwrap(), Some(id));
/// });
/// ```
pub fn try_id() -> Option<TaskId> {
    context::with_current(|core| core.current_task())
}
