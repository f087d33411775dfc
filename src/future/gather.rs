//! Running futures as tasks and collecting their outputs in argument order.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{GroupError, GroupJoin, TaskGroup};
use crate::runtime::context;
use crate::task::JoinError;

/// Runs every future as a task, concurrently, and gives their outputs in argument order.
///
/// asyncio's `gather(*aws)`: the outputs come back in the order of `futs`, whatever the order
/// in which the tasks complete. Each future is [spawned](crate::spawn) when `gather` is called
/// (not when it is first polled), so they all make progress even before the `Gather` is
/// awaited. An empty input gives an empty `Vec` at once.
///
/// # Panics
///
/// If a task panics, the other tasks are aborted at once, at the virtual time of the panic
/// (their `Drop` impls run then), even if the `Gather` is not being awaited yet; the `Gather`
/// waits until their futures are dropped, then **panics with the task's panic**
/// ([`resume_unwind`](std::panic::resume_unwind)), as an exception propagates out of
/// asyncio's `gather`, which however leaves the other tasks running. To get panics as
/// values, use
/// [`gather_settled`](crate::gather_settled); for futures that return `Result`, use
/// [`try_gather`](crate::try_gather).
///
/// Also panics when called outside a simulation.
///
/// # Cancellation
///
/// Dropping the `Gather` before it completes aborts its tasks (asyncio: cancelling a
/// `gather` cancels its children). Their futures are dropped at the next scheduling point.
///
/// # Determinism
///
/// The tasks run in the order the scheduler draws; the output order does not depend on it.
/// Under [`Strategy::Fifo`](crate::Strategy::Fifo) the caller resumes as from asyncio's
/// `gather`: from the done callback of the last task, two hops after that task's end.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let waits = [300, 100, 200];
///     let out = simloop::gather(waits.map(|ms| async move {
///         time::sleep(Duration::from_millis(ms)).await;
///         ms
///     }))
///     .await;
///     assert_eq!(out, [300, 100, 200]); // argument order
///     assert_eq!(time::now().to_string(), "0.300s"); // concurrent
/// });
/// ```
#[track_caller]
pub fn gather<I>(futs: I) -> Gather<<I::Item as Future>::Output>
where
    I: IntoIterator,
    I::Item: Future + 'static,
    <I::Item as Future>::Output: 'static,
{
    context::with("simloop::gather", |_| ());
    let mut group = TaskGroup::new();
    for fut in futs {
        group.spawn(fut);
    }
    Gather { join: group.join() }
}

/// The future of [`gather`]: `Vec<T>` in argument order.
///
/// # Examples
///
/// ```
/// use simloop::future::Gather;
///
/// simloop::Sim::new(1).run(async {
///     let g: Gather<&str> = simloop::gather(["a", "b"].map(|s| async move { s }));
///     assert_eq!(g.await, ["a", "b"]);
/// });
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them; dropping a `Gather` aborts its tasks"]
pub struct Gather<T> {
    join: GroupJoin<T, Infallible>,
}

impl<T> Future for Gather<T> {
    type Output = Vec<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Vec<T>> {
        match Pin::new(&mut self.join).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(outputs)) => Poll::Ready(outputs),
            Poll::Ready(Err(GroupError::Panicked { error, .. })) => {
                resume("simloop::gather", error)
            }
            Poll::Ready(Err(GroupError::Failed { error, .. })) => match error {},
        }
    }
}

/// Re-raises a task's panic in the awaiting task.
pub(super) fn resume(what: &str, err: JoinError) -> ! {
    match err.try_into_panic() {
        Ok(payload) => std::panic::resume_unwind(payload),
        Err(err) => panic!("{what}: {err}"),
    }
}

impl<T> fmt::Debug for Gather<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gather").field("join", &self.join).finish()
    }
}
