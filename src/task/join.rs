//! Awaiting a task's output.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{AbortHandle, JoinError, TaskId};
use crate::runtime::{JoinRef, context};

/// An owned permission to await a task's output: `Future<Output = Result<T, JoinError>>`.
///
/// Made by [`spawn`](crate::spawn) and [`task::Builder::spawn`](crate::task::Builder::spawn).
///
/// # Cancellation
///
/// Dropping a `JoinHandle` **detaches** the task: it runs on, and its output is dropped when it
/// completes (as with tokio, and asyncio's tasks). To cancel it, call
/// [`abort`](Self::abort) (or [`AbortHandle::abort`]): its future is dropped when the scheduler
/// next picks it, and awaiting the handle gives [`JoinError::is_cancelled`]. A `JoinHandle` is
/// cancel safe: dropping the `await` loses nothing, and the handle can be awaited again.
///
/// # Panics
///
/// Polling the handle again after it returned `Ready` panics.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, time};
///
/// Sim::new(1).run(async {
///     let h = simloop::spawn(async {
///         time::sleep(Duration::from_millis(10)).await;
///         7
///     });
///     assert!(!h.is_finished());
///     assert_eq!(h.await.unwrap(), 7);
/// });
/// ```
#[must_use = "dropping a JoinHandle detaches the task, which runs on; call `.abort()` to cancel it"]
pub struct JoinHandle<T> {
    join: JoinRef<T>,
}

impl<T> JoinHandle<T> {
    pub(crate) fn new(join: JoinRef<T>) -> Self {
        Self { join }
    }

    /// Cancels the task; see [Cancellation](Self#cancellation).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(simloop::time::sleep(Duration::from_secs(60)));
    ///     h.abort();
    ///     assert!(h.await.unwrap_err().is_cancelled());
    ///     assert_eq!(simloop::time::now().to_string(), "0.000s");
    /// });
    /// ```
    pub fn abort(&self) {
        self.join.abort();
    }

    /// A handle that can cancel the task without owning its output.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(std::future::pending::<()>());
    ///     let abort = h.abort_handle();
    ///     abort.abort();
    ///     assert!(h.await.unwrap_err().is_cancelled());
    /// });
    /// ```
    pub fn abort_handle(&self) -> AbortHandle {
        AbortHandle::new(self.join.handle())
    }

    /// Whether the task has finished: completed, panicked or been cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(async {});
    ///     simloop::yield_now().await;
    ///     # while !h.is_finished() { simloop::yield_now().await; }
    ///     assert!(h.is_finished());
    /// });
    /// ```
    pub fn is_finished(&self) -> bool {
        self.join.is_finished()
    }

    /// The id of the task.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(async {});
    ///     assert_eq!(h.id().to_string(), "task 1");
    ///     h.await.unwrap();
    /// });
    /// ```
    pub fn id(&self) -> TaskId {
        self.join.id()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.join.poll_join(cx)
    }
}

impl<T> Drop for JoinHandle<T> {
    /// Detaches the task. A panic it already ended with will never be seen: that is reported
    /// by [`Detector::UnobservedPanic`](crate::Detector::UnobservedPanic).
    fn drop(&mut self) {
        if let Some(text) = self.join.unobserved_panic() {
            let id = self.id();
            context::with_sim(self.join.sim_id(), |core| core.report_unobserved_panic(id, &text));
        }
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle")
            .field("id", &self.id())
            .field("finished", &self.is_finished())
            .finish()
    }
}
