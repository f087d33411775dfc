//! Waiting for some or all of a set of tasks, with an optional timeout.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::set::{HandleSet, Release};
use crate::runtime::context;
use crate::task::{JoinError, JoinHandle};
use crate::time::{Instant, LoopTimer, Sleep};

/// When a [`wait`] returns: asyncio's `return_when`.
///
/// # Examples
///
/// ```
/// use simloop::WaitFor;
///
/// assert_eq!(WaitFor::default(), WaitFor::AllCompleted); // asyncio's default too
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum WaitFor {
    /// As soon as one task has finished, whatever its result (`FIRST_COMPLETED`).
    FirstCompleted,
    /// As soon as one task has finished with a [`JoinError`]: it panicked or was cancelled
    /// (`FIRST_EXCEPTION`); or when all have finished. A task whose output is an `Err` value
    /// completed normally and does not count: the error is its output. asyncio's
    /// `FIRST_EXCEPTION` ignores cancelled tasks; here a cancellation counts, since the task
    /// gave no output either.
    FirstError,
    /// When every task has finished (`ALL_COMPLETED`).
    #[default]
    AllCompleted,
}

/// Waits until some or all of `handles` have finished, as `mode` says; gives the finished
/// and the unfinished ones.
///
/// asyncio's `wait(aws, return_when=...)`. The result, [`Waited`], holds `done`, each
/// finished task's index in `handles` and result, and `pending`, the handles of the others,
/// in input order. `done` is in the order the `wait` saw the tasks finish: those already
/// finished when it is first polled come first, in input order, then the others in
/// completion order. Nothing is aborted: pass `pending` to another
/// `wait`, await the handles, or abort them. An empty input returns at once with both empty
/// (asyncio raises `ValueError`).
///
/// With [`timeout`](Wait::timeout) or [`timeout_at`](Wait::timeout_at), `wait` also returns
/// when the deadline comes, whatever `mode` says; like asyncio, a timeout is not an error:
/// the tasks not finished by then are in `pending`.
///
/// # Determinism
///
/// Completion order is the run's: the seed decides it for tasks that finish at the same
/// virtual instant. A task that finishes at the very instant of the
/// deadline is in `done` when the scheduler ran it before the `wait`, in `pending` otherwise.
///
/// Under [`Strategy::Fifo`](crate::Strategy::Fifo) it is asyncio's `wait`: the timeout's timer
/// is armed at the first poll (one armed for "now" fires at the next loop iteration), the
/// caller resumes from the done callback that satisfies `mode` (which cancels the timer) or
/// from the timer, and `done` then holds every task finished by that time.
///
/// # Cancellation
///
/// Dropping the `Wait` drops the handles it holds, which **detaches** their tasks (see
/// [`JoinHandle`]): they run on.
///
/// # Panics
///
/// Panics when called outside a simulation. A task's panic is not propagated: it is in its
/// `done` entry, as a [`JoinError`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{Sim, WaitFor, time};
///
/// Sim::new(1).run(async {
///     let handles: Vec<_> = [3u64, 1, 2]
///         .into_iter()
///         .map(|s| simloop::spawn(async move {
///             time::sleep(Duration::from_secs(s)).await;
///             s
///         }))
///         .collect();
///     let first = simloop::wait(handles, WaitFor::FirstCompleted).await;
///     assert_eq!(first.done.len(), 1);
///     assert_eq!(first.done[0].0, 1); // the index of the 1 s task
///     assert_eq!(first.pending.len(), 2);
///
///     let rest = simloop::wait(first.pending, WaitFor::AllCompleted)
///         .timeout(Duration::from_millis(1500))
///         .await;
///     assert_eq!(rest.done.len(), 1); // the 2 s task; the 3 s one is still pending
///     assert_eq!(rest.pending.len(), 1);
///     assert_eq!(time::now().to_string(), "2.500s");
///     # for h in rest.pending { h.abort(); let _ = h.await; }
/// });
/// ```
#[track_caller]
pub fn wait<I, T>(handles: I, mode: WaitFor) -> Wait<T>
where
    I: IntoIterator<Item = JoinHandle<T>>,
{
    context::with("simloop::wait", |_| ());
    let release = match mode {
        WaitFor::FirstCompleted => Release::First,
        WaitFor::FirstError => Release::FirstError,
        WaitFor::AllCompleted => Release::All,
    };
    let mut set = HandleSet::new(release);
    for handle in handles {
        set.push(handle);
    }
    Wait { set, mode, done: Vec::new(), deadline: None, armed: false, finished: false }
}

/// The result of a [`wait`]: the tasks that finished and those that did not.
///
/// # Examples
///
/// ```
/// use simloop::{WaitFor, Waited};
///
/// simloop::Sim::new(1).run(async {
///     let h = simloop::spawn(async { 5 });
///     let Waited { done, pending } = simloop::wait([h], WaitFor::AllCompleted).await;
///     assert_eq!(done[0].0, 0);
///     assert_eq!(*done[0].1.as_ref().unwrap(), 5);
///     assert!(pending.is_empty());
/// });
/// ```
#[derive(Debug)]
pub struct Waited<T> {
    /// The finished tasks: their index in the input and their result, in the order the wait
    /// saw them finish (see [`wait`]).
    pub done: Vec<(usize, Result<T, JoinError>)>,
    /// The handles of the unfinished tasks, in input order.
    pub pending: Vec<JoinHandle<T>>,
}

/// The future of [`wait`].
///
/// # Examples
///
/// ```
/// use simloop::{WaitFor, future::Wait};
///
/// simloop::Sim::new(1).run(async {
///     let w: Wait<()> = simloop::wait([simloop::spawn(async {})], WaitFor::FirstCompleted);
///     assert_eq!(w.await.done.len(), 1);
/// });
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Wait<T> {
    set: HandleSet<T>,
    mode: WaitFor,
    done: Vec<(usize, Result<T, JoinError>)>,
    deadline: Option<Sleep>,
    /// Under `Fifo`: the timeout's timer was armed (at the first poll).
    armed: bool,
    finished: bool,
}

impl<T> Wait<T> {
    /// Returns at the latest after `duration` of virtual time, counted from this call.
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::{WaitFor, time};
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(std::future::pending::<()>());
    ///     let w = simloop::wait([h], WaitFor::AllCompleted).timeout(Duration::from_secs(5)).await;
    ///     assert!(w.done.is_empty());
    ///     assert_eq!(time::now().to_string(), "5.000s");
    ///     for h in w.pending {
    ///         h.abort(); // `wait` never aborts: the task would run on
    ///         assert!(h.await.unwrap_err().is_cancelled());
    ///     }
    /// });
    /// ```
    #[track_caller]
    pub fn timeout(mut self, duration: Duration) -> Self {
        self.deadline = Some(crate::time::sleep(duration));
        self
    }

    /// Returns at the latest when the virtual clock reaches `deadline`.
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use simloop::{WaitFor, time};
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let h = simloop::spawn(time::sleep(Duration::from_secs(1)));
    ///     let at = time::now() + Duration::from_secs(5);
    ///     let w = simloop::wait([h], WaitFor::AllCompleted).timeout_at(at).await;
    ///     assert_eq!(w.done.len(), 1);
    ///     assert_eq!(time::now().to_string(), "1.000s");
    /// });
    /// ```
    #[track_caller]
    pub fn timeout_at(mut self, deadline: Instant) -> Self {
        self.deadline = Some(crate::time::sleep_until(deadline));
        self
    }

    fn satisfied(&self) -> bool {
        if self.set.unfinished() == 0 {
            return true;
        }
        match self.mode {
            WaitFor::FirstCompleted => !self.done.is_empty(),
            WaitFor::FirstError => self.done.iter().any(|(_, r)| r.is_err()),
            WaitFor::AllCompleted => false,
        }
    }

    /// Under `Strategy::Fifo`, asyncio's `_wait`: the timeout's timer is armed when the wait
    /// starts, and the caller resumes when a done callback meets `return_when` (cancelling
    /// the timer) or when the timer fires; `done` is then every task finished by that time.
    fn poll_asyncio(&mut self, cx: &mut Context<'_>) -> Poll<Waited<T>> {
        if !self.armed {
            self.armed = true;
            if let Some(sleep) = &self.deadline {
                self.set.arm_timer(LoopTimer::at(sleep.deadline(), cx.waker(), sleep.site()));
            }
        }
        while let Poll::Ready(Some(entry)) = self.set.poll_next(cx) {
            self.done.push(entry);
        }
        let resumed = self.set.unfinished() == 0 || self.set.released() || self.set.timer_fired(cx);
        if !resumed {
            return Poll::Pending;
        }
        self.done.extend(self.set.take_finished());
        self.set.stop_waiting();
        self.finished = true;
        self.deadline = None;
        Poll::Ready(Waited {
            done: std::mem::take(&mut self.done),
            pending: self.set.take_unfinished(),
        })
    }
}

impl<T> Future for Wait<T> {
    type Output = Waited<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Waited<T>> {
        let this = self.get_mut();
        assert!(!this.finished, "`Wait` polled after it returned `Ready`");
        if this.set.is_asyncio() {
            return this.poll_asyncio(cx);
        }
        while let Poll::Ready(Some(entry)) = this.set.poll_next(cx) {
            this.done.push(entry);
        }
        if !this.satisfied() {
            let elapsed = this.deadline.as_mut().is_some_and(|s| Pin::new(s).poll(cx).is_ready());
            if !elapsed {
                return Poll::Pending;
            }
        }
        this.finished = true;
        this.deadline = None;
        Poll::Ready(Waited {
            done: std::mem::take(&mut this.done),
            pending: this.set.take_unfinished(),
        })
    }
}

// Outputs are stored, never pinned: moving them is fine.
impl<T> Unpin for Wait<T> {}

impl<T> fmt::Debug for Wait<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("mode", &self.mode)
            .field("tasks", &self.set.len())
            .field("done", &self.done.len())
            .field("deadline", &self.deadline.as_ref().map(Sleep::deadline))
            .finish()
    }
}
