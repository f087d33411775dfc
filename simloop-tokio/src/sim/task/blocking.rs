//! Blocking work: closures run as tasks of the simulation.

use super::JoinHandle;

/// Runs a blocking closure; tokio's `task::spawn_blocking`.
///
/// In a simulation the closure runs as a task on the simulation's one thread, taking no
/// virtual time (use `simloop::cpu_work` inside it to model its cost). A closure that
/// really blocks (a lock held by another OS thread, a socket) blocks the whole simulation.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let sum = tokio::task::spawn_blocking(|| (1..=10).sum::<u32>()).await.unwrap();
/// assert_eq!(sum, 55);
/// # }
/// ```
#[track_caller]
pub fn spawn_blocking<F, R>(f: F) -> JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    super::spawn(async move { f() })
}

/// Runs a blocking closure in place; tokio's `task::block_in_place`.
///
/// In a simulation there is no other worker to hand the tasks to: the closure runs at once,
/// taking no virtual time, and holds the loop until it returns.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "multi_thread")]
/// # async fn main() {
/// let n = tokio::task::block_in_place(|| 6 * 7);
/// assert_eq!(n, 42);
/// # }
/// ```
pub fn block_in_place<F, R>(f: F) -> R
where
    F: FnOnce() -> R,
{
    f()
}
