//! Gathering every task's result, panics included.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::set::{HandleSet, Release};
use crate::runtime::context;
use crate::task::JoinError;

/// Runs every future as a task and gives each one's result, in argument order, once all of
/// them have finished.
///
/// asyncio's `gather(*aws, return_exceptions=True)`: a task that panics gives its
/// [`JoinError`] in its entry ([`JoinError::is_panic`], the payload by
/// [`JoinError::into_panic`]), the others are left to finish, and nothing is propagated.
/// An empty input gives an empty `Vec` at once.
///
/// # Determinism
///
/// Under [`Strategy::Fifo`](crate::Strategy::Fifo) the caller resumes as from asyncio's
/// `gather`: from the done callback of the last task, two hops after that task's end.
///
/// # Cancellation
///
/// Dropping the `GatherSettled` before it completes aborts its tasks.
///
/// # Panics
///
/// Panics when called outside a simulation; never because of a task.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let results = simloop::gather_settled([1u64, 2, 3].map(|n| async move {
///         time::sleep(Duration::from_secs(n)).await;
///         assert_ne!(n, 2, "task two fails");
///         n
///     }))
///     .await;
///     assert_eq!(results[0].as_ref().unwrap(), &1);
///     assert!(results[1].as_ref().unwrap_err().is_panic());
///     assert_eq!(results[2].as_ref().unwrap(), &3);
///     assert_eq!(time::now().to_string(), "3.000s"); // the others ran to completion
/// });
/// ```
#[track_caller]
pub fn gather_settled<I>(futs: I) -> GatherSettled<<I::Item as Future>::Output>
where
    I: IntoIterator,
    I::Item: Future + 'static,
    <I::Item as Future>::Output: 'static,
{
    context::with("simloop::gather_settled", |_| ());
    let mut set = HandleSet::new(Release::All);
    for fut in futs {
        set.push(crate::spawn(fut));
    }
    let results = (0..set.len()).map(|_| None).collect();
    GatherSettled { set, results, done: false }
}

/// The future of [`gather_settled`]: `Vec<Result<T, JoinError>>` in argument order.
///
/// # Examples
///
/// ```
/// use simloop::future::GatherSettled;
///
/// simloop::Sim::new(1).run(async {
///     let g: GatherSettled<u8> = simloop::gather_settled([async { 1 }]);
///     assert_eq!(g.await[0].as_ref().unwrap(), &1);
/// });
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them; dropping a `GatherSettled` aborts its tasks"]
pub struct GatherSettled<T> {
    set: HandleSet<T>,
    results: Vec<Option<Result<T, JoinError>>>,
    done: bool,
}

impl<T> Future for GatherSettled<T> {
    type Output = Vec<Result<T, JoinError>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        assert!(!this.done, "`GatherSettled` polled after it returned `Ready`");
        loop {
            match this.set.poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some((i, result))) => this.results[i] = Some(result),
                Poll::Ready(None) => break,
            }
        }
        this.done = true;
        Poll::Ready(this.results.drain(..).map(|r| r.expect("every task finished")).collect())
    }
}

// Outputs are stored, never pinned: moving them is fine.
impl<T> Unpin for GatherSettled<T> {}

impl<T> Drop for GatherSettled<T> {
    fn drop(&mut self) {
        self.set.abort_all();
    }
}

impl<T> fmt::Debug for GatherSettled<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatherSettled")
            .field("tasks", &self.set.len())
            .field("unfinished", &self.set.unfinished())
            .finish()
    }
}
