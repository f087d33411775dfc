//! Spawning a task and joining it: the task cell shared by the task and its handles.
//!
//! A facade task is a simloop task (a daemon: tokio drops the tasks still running when the
//! runtime shuts down, and so does the simulation when the main future returns) running a
//! [`TaskFuture`]. The `TaskFuture` polls the user's future as the task (`task::id()` gives
//! its id), catches its panic, drops it as soon as it completes, and puts the result in the
//! [`Shared`] slot, which the [`JoinHandle`] reads. Dropped before completing (aborted, or at
//! the end of the simulation), it drops the user's future as the task and leaves
//! "cancelled" in the slot. Keeping the slot here, not in simloop's handle, is what makes the
//! handle `Send` and `Sync`, as tokio's is, and gives tokio's rules for panics: a panic is
//! the handle's `JoinError`, never a failure of the run by itself.

use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::task::{Context, Poll, Waker};

use pin_project_lite::pin_project;

use super::{Id, JoinError};
use crate::sim::context;

enum Slot<T> {
    /// Running; the waker of the task awaiting the handle.
    Running(Option<Waker>),
    Done(Result<T, JoinError>),
    /// The handle took the result, or was dropped.
    Taken,
}

pub(crate) struct Shared<T> {
    id: AtomicU64,
    slot: Mutex<Slot<T>>,
    /// Made by the first `abort_handle()`: whether the task has finished, without the
    /// output's type (an `AbortHandle` is `Send` whatever the output).
    finished: OnceLock<Arc<AtomicBool>>,
}

impl<T> Shared<T> {
    fn new() -> Self {
        Self {
            id: AtomicU64::new(0),
            slot: Mutex::new(Slot::Running(None)),
            finished: OnceLock::new(),
        }
    }

    fn id(&self) -> Id {
        Id(self.id.load(Ordering::Relaxed))
    }

    fn slot(&self) -> MutexGuard<'_, Slot<T>> {
        self.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Stores the result and wakes the joiner; drops it at once (as the task) when the
    /// handle is gone.
    fn complete(&self, result: Result<T, JoinError>) {
        let mut slot = self.slot();
        if let Some(finished) = self.finished.get() {
            finished.store(true, Ordering::Relaxed);
        }
        match std::mem::replace(&mut *slot, Slot::Taken) {
            Slot::Running(waker) => {
                *slot = Slot::Done(result);
                drop(slot);
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
            Slot::Done(_) | Slot::Taken => {
                drop(slot);
                drop_quietly(result);
            }
        }
    }
}

/// Drops a value whose `Drop` may panic, as tokio does for task outputs: the panic is
/// reported by the panic hook but goes no further.
fn drop_quietly<T>(value: T) {
    let _ = catch_unwind(AssertUnwindSafe(move || drop(value)));
}

pin_project! {
    /// The future a facade task runs: the user's, polled as the task.
    pub(crate) struct TaskFuture<F: Future> {
        #[pin]
        future: Option<F>,
        shared: Arc<Shared<F::Output>>,
    }

    impl<F: Future> PinnedDrop for TaskFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            let mut this = this.project();
            if this.future.is_some() {
                let id = this.shared.id();
                // A future that panics as it is dropped is a panicked task, as in tokio.
                let dropped = context::as_task(Some(id), || {
                    catch_unwind(AssertUnwindSafe(|| this.future.set(None)))
                });
                let error = match dropped {
                    Ok(()) => JoinError::cancelled(id),
                    Err(payload) => JoinError::panic(id, payload),
                };
                this.shared.complete(Err(error));
            }
        }
    }
}

impl<F: Future> Future for TaskFuture<F> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut this = self.project();
        if this.future.is_none() {
            return Poll::Ready(());
        }
        let id = this.shared.id();
        let future = this.future.as_mut().as_pin_mut().expect("checked above");
        let result = match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(output)) => Ok(output),
            Err(payload) => Err(JoinError::panic(id, payload)),
        };
        // tokio drops the future as soon as it completes, inside the task.
        let _ = catch_unwind(AssertUnwindSafe(|| this.future.set(None)));
        this.shared.complete(result);
        Poll::Ready(())
    }
}

/// Spawns `future` as a facade task: a daemon simloop task running a [`TaskFuture`].
#[track_caller]
pub(crate) fn spawn_task<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let shared = Arc::new(Shared::new());
    let task = TaskFuture { future: Some(future), shared: shared.clone() };
    let handle = simloop::task::Builder::new().daemon(true).spawn(task);
    let id = Id::from_sim(handle.id());
    shared.id.store(id.0, Ordering::Relaxed);
    let abort = handle.abort_handle();
    // Detached: the slot, not simloop's handle, carries the result.
    drop(handle);
    JoinHandle { shared, abort, taken: false }
}

/// Spawns a task on the running simulation; tokio's `tokio::spawn`.
///
/// The task is ready at once; when it runs is drawn from the seed. The bounds are tokio's
/// (`Send + 'static`), so code that compiles here compiles against tokio.
///
/// # Cancellation
///
/// Dropping the handle detaches the task; [`JoinHandle::abort`] cancels it. The tasks still
/// running when the main future returns are dropped, as tokio drops them at shutdown, and
/// are not reported as leaked.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let handle = tokio::spawn(async { 1 + 1 });
/// assert_eq!(handle.await.unwrap(), 2);
/// # }
/// ```
#[track_caller]
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    spawn_task(future)
}

/// Awaits the output of a task; tokio's `task::JoinHandle`.
///
/// Not `#[must_use]`, as tokio's is not: code that drops handles on purpose builds the same.
///
/// # Cancellation
///
/// Dropping a `JoinHandle` detaches the task, which runs on; [`abort`](Self::abort) cancels
/// it: its future is dropped when the scheduler next reaches it, and awaiting the handle
/// gives a [`JoinError`] that [`is_cancelled`](JoinError::is_cancelled).
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let handle = tokio::spawn(async { "done" });
/// assert_eq!(handle.await.unwrap(), "done");
/// # }
/// ```
pub struct JoinHandle<T> {
    shared: Arc<Shared<T>>,
    abort: simloop::task::AbortHandle,
    /// The result was taken: dropping the handle has nothing left to do.
    taken: bool,
}

impl<T> JoinHandle<T> {
    /// Cancels the task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::spawn(tokio::time::sleep(std::time::Duration::from_secs(60)));
    /// handle.abort();
    /// assert!(handle.await.unwrap_err().is_cancelled());
    /// # }
    /// ```
    pub fn abort(&self) {
        self.abort.abort();
    }

    /// Whether the task has finished: completed, panicked or been cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::spawn(async {});
    /// assert!(!handle.is_finished());
    /// tokio::task::yield_now().await;
    /// # tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    /// assert!(handle.is_finished());
    /// # }
    /// ```
    pub fn is_finished(&self) -> bool {
        !matches!(*self.shared.slot(), Slot::Running(_))
    }

    /// A handle that cancels the task without owning its output.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::spawn(std::future::pending::<()>());
    /// handle.abort_handle().abort();
    /// assert!(handle.await.unwrap_err().is_cancelled());
    /// # }
    /// ```
    pub fn abort_handle(&self) -> AbortHandle {
        let slot = self.shared.slot();
        let finished = self
            .shared
            .finished
            .get_or_init(|| Arc::new(AtomicBool::new(!matches!(*slot, Slot::Running(_)))))
            .clone();
        drop(slot);
        AbortHandle { abort: self.abort.clone(), finished, id: self.id() }
    }

    /// The id of the task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::spawn(async { tokio::task::id() });
    /// let id = handle.id();
    /// assert_eq!(handle.await.unwrap(), id);
    /// # }
    /// ```
    pub fn id(&self) -> Id {
        self.shared.id()
    }

    /// simloop's handle that cancels the task.
    pub(crate) fn raw_abort(&self) -> &simloop::task::AbortHandle {
        &self.abort
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut slot = this.shared.slot();
        match &mut *slot {
            Slot::Running(waker) => {
                match waker {
                    Some(w) if w.will_wake(cx.waker()) => {}
                    _ => *waker = Some(cx.waker().clone()),
                }
                Poll::Pending
            }
            Slot::Done(_) => match std::mem::replace(&mut *slot, Slot::Taken) {
                Slot::Done(result) => {
                    this.taken = true;
                    Poll::Ready(result)
                }
                _ => unreachable!(),
            },
            Slot::Taken => panic!("`JoinHandle` polled after completion"),
        }
    }
}

impl<T> Drop for JoinHandle<T> {
    fn drop(&mut self) {
        if self.taken {
            return;
        }
        let mut slot = self.shared.slot();
        let old = std::mem::replace(&mut *slot, Slot::Taken);
        match old {
            // Running: mark the handle gone, so the task drops its output on completion.
            Slot::Running(_) => {}
            Slot::Done(result) => {
                drop(slot);
                context::as_task(Some(self.shared.id()), || drop_quietly(result));
            }
            Slot::Taken => {}
        }
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle").field("id", &self.id()).finish()
    }
}

/// Cancels a task without owning its output; tokio's `task::AbortHandle`.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let handle = tokio::spawn(std::future::pending::<()>());
/// let abort = handle.abort_handle();
/// assert!(!abort.is_finished());
/// abort.abort();
/// assert!(handle.await.unwrap_err().is_cancelled());
/// assert!(abort.is_finished());
/// # }
/// ```
#[derive(Clone)]
pub struct AbortHandle {
    abort: simloop::task::AbortHandle,
    finished: Arc<AtomicBool>,
    id: Id,
}

impl AbortHandle {
    /// Cancels the task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::spawn(std::future::pending::<()>());
    /// handle.abort_handle().abort();
    /// assert!(handle.await.unwrap_err().is_cancelled());
    /// # }
    /// ```
    pub fn abort(&self) {
        self.abort.abort();
    }

    /// Whether the task has finished.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::spawn(async {});
    /// let abort = handle.abort_handle();
    /// handle.await.unwrap();
    /// assert!(abort.is_finished());
    /// # }
    /// ```
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Relaxed)
    }

    /// The id of the task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let handle = tokio::spawn(async {});
    /// assert_eq!(handle.abort_handle().id(), handle.id());
    /// # }
    /// ```
    pub fn id(&self) -> Id {
        self.id
    }
}

impl fmt::Debug for AbortHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AbortHandle").field("id", &self.id).finish()
    }
}
