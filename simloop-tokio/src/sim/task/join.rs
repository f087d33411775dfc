//! Spawning a task and joining it: tokio's handles over simloop's.
//!
//! A facade task is a simloop task spawned as a daemon (tokio drops the tasks still running
//! when the runtime shuts down, and so does the simulation when the main future returns) that
//! contains its panics (`simloop::task::Builder::contain_panics`): tokio's rule, a panic is
//! the handle's `JoinError` and never a failure of the run by itself, be it in a poll or in a
//! destructor of the future or of the output. simloop runs the future as the task, drops it as
//! soon as it completes, and drops an output nobody will take on the task's behalf, as tokio
//! does. Its `JoinHandle` is `Send` and `Sync` when the output is `Send`, as tokio's is: the
//! facade's handles wrap simloop's, adding only tokio's error type and ids, with no
//! allocation or lock of their own.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Id, JoinError};

/// Spawns `future` as a facade task (see the module docs).
#[track_caller]
pub(crate) fn spawn_task<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let inner = simloop::task::Builder::new().daemon(true).contain_panics(true).spawn(future);
    JoinHandle { inner }
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
    inner: simloop::JoinHandle<T>,
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
        self.inner.abort();
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
        self.inner.is_finished()
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
        AbortHandle { inner: self.inner.abort_handle() }
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
        Id::from_sim(self.inner.id())
    }

    /// simloop's handle that cancels the task.
    pub(crate) fn sim_abort_handle(&self) -> simloop::task::AbortHandle {
        self.inner.abort_handle()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    #[track_caller]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.inner).poll(cx).map(|result| result.map_err(JoinError::from_sim))
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
    inner: simloop::task::AbortHandle,
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
        self.inner.abort();
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
        self.inner.is_finished()
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
        Id::from_sim(self.inner.id())
    }
}

impl fmt::Debug for AbortHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AbortHandle").field("id", &self.id()).finish()
    }
}
