//! Awaiting a task's output.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{AbortHandle, JoinError, TaskId};
use crate::runtime::JoinRef;

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
/// # Threads
///
/// As tokio's, a `JoinHandle<T>` is `Send` and `Sync` when `T` is `Send` (whether or not the
/// task's future is), so it fits in state shared with code written for multi-threaded
/// runtimes; a `JoinHandle` of a `!Send` output stays on its thread. A simulation still runs
/// on one thread, and the handle follows its rule for wakers: polling the handle, or calling
/// [`is_finished`](Self::is_finished), on another thread while the simulation runs panics
/// there, and the run fails with a [`ForeignWake`](crate::FailureKind::ForeignWake) report;
/// dropping it there detaches the task when the simulation ends, and fails the run too. Once
/// the simulation has ended, the handle may be awaited, asked or dropped on any thread.
///
/// ```
/// use std::future::Future;
/// use std::sync::{Arc, Mutex};
/// use std::task::{Context, Waker};
///
/// let handle = simloop::Sim::new(1).run(async {
///     // In `Send + Sync` state, as code written for tokio keeps its handles.
///     let handles: Arc<Mutex<Vec<simloop::JoinHandle<u32>>>> = Arc::default();
///     handles.lock().unwrap().push(simloop::spawn(async { 7 }));
///     let first = handles.lock().unwrap().pop().unwrap();
///     assert_eq!(first.await.unwrap(), 7);
///     let second = simloop::spawn(async { 8 });
///     while !second.is_finished() {
///         simloop::yield_now().await;
///     }
///     second
/// });
/// // The simulation has ended: the handle may go to another thread, and be awaited there.
/// std::thread::scope(|s| {
///     s.spawn(move || {
///         let mut handle = std::pin::pin!(handle);
///         let out = handle.as_mut().poll(&mut Context::from_waker(Waker::noop()));
///         assert_eq!(out.map(Result::unwrap), std::task::Poll::Ready(8));
///     });
/// });
/// ```
///
/// A handle of a `!Send` output is `!Send`:
///
/// ```compile_fail
/// fn send<T: Send>(_: T) {}
///
/// simloop::Sim::new(1).run(async {
///     send(simloop::spawn(async { std::rc::Rc::new(1) }));
/// });
/// ```
///
/// # Panics
///
/// Polling the handle again after it returned `Ready` panics; so does polling it on another
/// thread while its simulation runs.
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
    /// # Panics
    ///
    /// Panics on another thread while the simulation runs (see [Threads](Self#threads)).
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
    #[track_caller]
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

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().join.poll_join(cx)
    }
}

// Dropping a `JoinHandle` detaches the task. A panic it already ended with will never be seen:
// that is reported by `Detector::UnobservedPanic` (unless it was spawned with
// `Builder::contain_panics`). The engine's `JoinRef` does both as it goes.

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("JoinHandle");
        f.field("id", &self.id());
        // Not known on another thread while the simulation runs: left out, not a panic.
        if let Some(finished) = self.join.is_finished_here() {
            f.field("finished", &finished);
        }
        f.finish()
    }
}
