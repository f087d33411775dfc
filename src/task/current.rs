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
