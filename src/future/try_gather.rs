//! Gathering fallible futures: the first error aborts the rest.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::gather::resume;
use super::{GroupError, GroupJoin, TaskGroup};
use crate::runtime::context;

/// Runs every fallible future as a task; gives all their values in argument order, or the
/// first error.
///
/// Like [`gather`](crate::gather) for futures of `Result<T, E>`: when every task returns
/// `Ok`, the values come back in the order of `futs`. When a task returns `Err`, the first
/// one **in completion order** is returned and the other tasks are **aborted**. This is the
/// structured choice; asyncio's `gather` propagates the first exception but leaves the other
/// tasks running. An empty input gives `Ok(vec![])` at once.
///
/// # Cancellation
///
/// On the first error, the other tasks are aborted at once, at the virtual time of the
/// failure (their `Drop` impls run then), even if the `TryGather` is not being awaited yet;
/// it waits until their futures are dropped before it returns, so none of the tasks outlives
/// the `.await`. Dropping the `TryGather` before it completes aborts its tasks too.
///
/// # Panics
///
/// A task's panic is not an `E`: it aborts the other tasks in the same way, then panics in
/// the awaiting task ([`resume_unwind`](std::panic::resume_unwind)). Also panics when called
/// outside a simulation.
///
/// # Determinism
///
/// The error returned is the first to happen; when several tasks fail at the same virtual
/// instant, which one ran first is a scheduling decision drawn from the seed. Under
/// [`Strategy::Fifo`](crate::Strategy::Fifo) the other tasks are aborted from the failed
/// task's done callback, a hop after its end, and the caller resumes from the done callback
/// of the last task, as from an asyncio `TaskGroup`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let res = simloop::try_gather([1u64, 2, 3].map(|n| async move {
///         time::sleep(Duration::from_secs(n)).await;
///         if n == 2 { Err(format!("{n} failed")) } else { Ok(n) }
///     }))
///     .await;
///     assert_eq!(res, Err("2 failed".to_string()));
///     assert_eq!(time::now().to_string(), "2.000s"); // task 3 was aborted, not awaited
/// });
/// ```
#[track_caller]
pub fn try_gather<I, T, E>(futs: I) -> TryGather<T, E>
where
    I: IntoIterator,
    I::Item: Future<Output = Result<T, E>> + 'static,
    T: 'static,
    E: 'static,
{
    context::with("simloop::try_gather", |_| ());
    let mut group = TaskGroup::new();
    for fut in futs {
        group.try_spawn(fut);
    }
    TryGather { join: group.join() }
}

/// The future of [`try_gather`]: `Result<Vec<T>, E>`.
///
/// # Examples
///
/// ```
/// use simloop::future::TryGather;
///
/// simloop::Sim::new(1).run(async {
///     let g: TryGather<u8, String> = simloop::try_gather([1, 2].map(|n| async move { Ok(n) }));
///     assert_eq!(g.await, Ok(vec![1, 2]));
/// });
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them; dropping a `TryGather` aborts its tasks"]
pub struct TryGather<T, E> {
    join: GroupJoin<T, E>,
}

impl<T, E> Future for TryGather<T, E> {
    type Output = Result<Vec<T>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match Pin::new(&mut self.join).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(values)) => Poll::Ready(Ok(values)),
            Poll::Ready(Err(GroupError::Failed { error, .. })) => Poll::Ready(Err(error)),
            Poll::Ready(Err(GroupError::Panicked { error, .. })) => {
                resume("simloop::try_gather", error)
            }
        }
    }
}

impl<T, E> fmt::Debug for TryGather<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TryGather").field("join", &self.join).finish()
    }
}
