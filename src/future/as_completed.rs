//! Task results as a stream, in completion order.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_core::stream::FusedStream;

use super::set::{HandleSet, Release};
use crate::runtime::context;
use crate::task::{JoinError, JoinHandle};

/// A stream of the results of `handles`, in the order the tasks finish.
///
/// asyncio's `as_completed(aws)`. Each item is the task's index in `handles` and its result;
/// a panic is an item too (a [`JoinError`]), not propagated. The stream ends after the last
/// task. It implements [`futures_core::Stream`], so `futures::StreamExt::next` and the other
/// stream combinators work on it.
///
/// # Determinism
///
/// Tasks that finish at the same virtual instant come out in the order they ran, which the
/// seed decides. Tasks already finished when the stream is first polled come first, in
/// input order. Under [`Strategy::Fifo`](crate::Strategy::Fifo) it is asyncio's
/// `as_completed`: each task's done callback queues it, a hop after its end, and wakes the
/// caller if it waits for the next one.
///
/// # Cancellation
///
/// Dropping the stream drops the handles it holds, which **detaches** the unfinished tasks
/// (see [`JoinHandle`]).
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use futures::StreamExt;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let handles = [300u64, 100, 200].map(|ms| simloop::spawn(async move {
///         time::sleep(Duration::from_millis(ms)).await;
///         ms
///     }));
///     let mut results = simloop::as_completed(handles);
///     let mut order = Vec::new();
///     while let Some((index, result)) = results.next().await {
///         order.push((index, result.unwrap()));
///     }
///     assert_eq!(order, [(1, 100), (2, 200), (0, 300)]);
/// });
/// ```
#[track_caller]
pub fn as_completed<I, T>(handles: I) -> AsCompleted<T>
where
    I: IntoIterator<Item = JoinHandle<T>>,
{
    context::with("simloop::as_completed", |_| ());
    let mut set = HandleSet::new(Release::Each);
    for handle in handles {
        set.push(handle);
    }
    AsCompleted { set }
}

/// The stream of [`as_completed`]: `(index, Result<T, JoinError>)` in completion order.
///
/// # Examples
///
/// ```
/// use futures::StreamExt;
/// use simloop::future::AsCompleted;
///
/// simloop::Sim::new(1).run(async {
///     let s: AsCompleted<u8> = simloop::as_completed([simloop::spawn(async { 1 })]);
///     assert_eq!(s.len(), 1);
///     let all: Vec<_> = s.map(|(_, r)| r.unwrap()).collect().await;
///     assert_eq!(all, [1]);
/// });
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct AsCompleted<T> {
    set: HandleSet<T>,
}

impl<T> AsCompleted<T> {
    /// How many results are still to come.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let s = simloop::as_completed(Vec::<simloop::JoinHandle<()>>::new());
    ///     assert_eq!(s.len(), 0);
    ///     assert!(s.is_empty());
    /// });
    /// ```
    pub fn len(&self) -> usize {
        self.set.unfinished()
    }

    /// Whether every result has been yielded.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::StreamExt;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let mut s = simloop::as_completed([simloop::spawn(async {})]);
    ///     assert!(!s.is_empty());
    ///     s.next().await;
    ///     assert!(s.is_empty());
    /// });
    /// ```
    pub fn is_empty(&self) -> bool {
        self.set.unfinished() == 0
    }
}

impl<T> Stream for AsCompleted<T> {
    type Item = (usize, Result<T, JoinError>);

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().set.poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len(), Some(self.len()))
    }
}

impl<T> FusedStream for AsCompleted<T> {
    fn is_terminated(&self) -> bool {
        self.is_empty()
    }
}

impl<T> fmt::Debug for AsCompleted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsCompleted")
            .field("tasks", &self.set.len())
            .field("unfinished", &self.set.unfinished())
            .finish()
    }
}
