//! Spawning tasks.

use std::future::Future;
use std::panic::Location;

use super::JoinHandle;
use crate::runtime::context;

/// Spawns a future as a new task of the running simulation and returns its [`JoinHandle`].
///
/// The task is ready at once; when it first runs is a scheduling decision. The future need
/// not be `Send`. The call site is recorded (`#[track_caller]`) for traces and reports.
///
/// # Cancellation
///
/// Dropping the returned handle detaches the task; [`JoinHandle::abort`] cancels it. When the
/// main future returns, the tasks still pending are dropped.
///
/// # Panics
///
/// Panics when called outside a simulation.
///
/// # Examples
///
/// ```
/// simloop::Sim::new(1).run(async {
///     let h = simloop::spawn(async { 1 + 1 });
///     assert_eq!(h.await.unwrap(), 2);
/// });
/// ```
#[track_caller]
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    Builder::new().spawn(future)
}

/// Configures a task before spawning it: its name, whether it is a daemon, and whether its
/// panics are only its `JoinError`.
///
/// # Examples
///
/// ```
/// use simloop::task::Builder;
///
/// simloop::Sim::new(1).run(async {
///     let h = Builder::new().name("db").daemon(false).spawn(async { "ready" });
///     assert_eq!(h.await.unwrap(), "ready");
/// });
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a Builder does nothing until `.spawn` is called"]
pub struct Builder {
    name: Option<Box<str>>,
    daemon: bool,
    contain_panics: bool,
}

impl Builder {
    /// A builder for an unnamed, non-daemon task.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = simloop::task::Builder::new();
    /// # let _ = b;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the task; the name shows in traces, reports and [`JoinError`](crate::JoinError).
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::task::Builder::new().name("worker").spawn(async { panic!("oops") });
    ///     assert_eq!(h.await.unwrap_err().to_string(), "task 1 \"worker\" panicked: oops");
    /// });
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into().into_boxed_str());
        self
    }

    /// Marks the task as a daemon: a background task that may still be pending when the main
    /// future returns, without that being reported as a leak.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let _ticker = simloop::task::Builder::new().daemon(true).spawn(async {
    ///         loop { simloop::time::sleep(Duration::from_secs(1)).await }
    ///     });
    /// });
    /// ```
    pub fn daemon(mut self, daemon: bool) -> Self {
        self.daemon = daemon;
        self
    }

    /// Contains the task's panics, as tokio does: a panic of the task, in a poll, in its
    /// future's destructor or in its output's, is only the [`JoinError`](crate::JoinError) of
    /// its handle (or nothing, when the handle is gone). It never fails the run by itself:
    /// the [unobserved-panic detector](crate::Detector::UnobservedPanic) does not report it,
    /// nor does the end of the simulation when the task's destructor panics there.
    ///
    /// For code written against tokio's rules (the tokio facade spawns every task so); left
    /// off, a panic nobody sees fails the run, which is what a test usually wants.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::task::Builder;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let h = Builder::new().contain_panics(true).spawn(async { panic!("seen") });
    ///     assert!(h.await.unwrap_err().is_panic());
    ///     // Detached, and it panics: nobody sees it, and the run goes on.
    ///     drop(Builder::new().contain_panics(true).spawn(async { panic!("ignored") }));
    ///     simloop::time::sleep(Duration::from_millis(1)).await;
    /// });
    /// ```
    pub fn contain_panics(mut self, contain: bool) -> Self {
        self.contain_panics = contain;
        self
    }

    /// Spawns the task; see [`spawn`](crate::spawn).
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::task::Builder::new().name("answer").spawn(async { 42 });
    ///     assert_eq!(h.await.unwrap(), 42);
    /// });
    /// ```
    #[track_caller]
    pub fn spawn<F>(self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        self.spawn_at(Location::caller(), future)
    }

    /// Spawns the task, recording `site` as where it was spawned.
    pub(crate) fn spawn_at<F>(
        self,
        site: &'static Location<'static>,
        future: F,
    ) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        let join = context::with("simloop::spawn", move |core| {
            core.spawn_task(future, self.name, (self.daemon, self.contain_panics), site)
        });
        JoinHandle::new(join)
    }
}
