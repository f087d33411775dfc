//! Structured concurrency: tasks that succeed together or are aborted together.

use std::cell::{Cell, RefCell};
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::group_error::GroupError;
use super::set::{HandleSet, Release};
use crate::task::{AbortHandle, JoinError, TaskId};

/// A group of tasks that fail together: asyncio's `TaskGroup`.
///
/// [`spawn`](Self::spawn) and [`try_spawn`](Self::try_spawn) start tasks in the group;
/// [`join`](Self::join) waits for all of them and gives their outputs in spawn order. A task
/// **fails** when it panics or, for tasks started with `try_spawn`, returns `Err(E)`. The first
/// failure aborts every other task of the group at once, at the virtual time of the failure,
/// whether or not the group is being joined yet; `join` then returns it as a [`GroupError`].
///
/// `T` is the output of a task, `E` the error of a `try_spawn` task. `E` is inferred from the
/// `try_spawn` calls; a group whose tasks only fail by panicking has no `try_spawn` to infer
/// it from, so write its type, `TaskGroup<T>`, where the default `E = Infallible` applies.
///
/// Where it differs from asyncio: a Rust future cannot be interrupted from outside, so the
/// code that owns the group is not cancelled by a failure (asyncio cancels the body of the
/// `async with`); it learns of it from `join`. Only the first failure is returned (asyncio
/// raises an `ExceptionGroup` of all of them); later ones, such as a sibling whose `Drop`
/// panics while it is aborted, are dropped.
///
/// # Cancellation
///
/// **Dropping the group aborts its unfinished tasks** (so does dropping the future of
/// `join`): no task outlives its group. A task spawned after a failure is aborted at once and
/// never runs.
///
/// # Determinism
///
/// The failure returned is the first one to happen; when two tasks fail at the same virtual
/// instant, which one ran first is a scheduling decision drawn from the seed. Under
/// [`Strategy::Fifo`](crate::Strategy::Fifo) it is asyncio's `TaskGroup`: a failure aborts the
/// siblings from the failed task's done callback, a hop after the failure (tasks already
/// queued run their step first), and `join` resumes from the done callback of the last task.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use simloop::{GroupError, Sim, TaskGroup, time};
///
/// Sim::new(1).run(async {
///     let mut group: TaskGroup<u64, String> = TaskGroup::new();
///     for n in 1..=3 {
///         group.try_spawn(async move {
///             time::sleep(Duration::from_secs(n)).await;
///             if n == 2 { Err(format!("task {n} failed")) } else { Ok(n) }
///         });
///     }
///     match group.join().await {
///         Err(GroupError::Failed { index, error }) => {
///             assert_eq!((index, error.as_str()), (1, "task 2 failed"));
///         }
///         other => panic!("unexpected {other:?}"),
///     }
///     assert_eq!(time::now().to_string(), "2.000s"); // task 3 was aborted at the failure
/// });
/// ```
pub struct TaskGroup<T, E = Infallible> {
    set: HandleSet<Result<T, E>>,
    shared: Rc<Shared>,
}

/// What the tasks of a group share: how to abort each other, and the first failure.
#[derive(Default)]
struct Shared {
    members: RefCell<Vec<AbortHandle>>,
    /// The index of the first task that failed.
    failed: Cell<Option<usize>>,
    /// Under `Strategy::Fifo`: the group learns of a failure from the task's done callback,
    /// as asyncio's `TaskGroup._on_task_done`; the tasks that failed, until then.
    asyncio: Cell<bool>,
    failing: RefCell<Vec<usize>>,
}

impl Shared {
    /// Records the failure of task `index` (if it is the first) and aborts the others; under
    /// `Fifo`, notes it for its done callback ([`Shared::done`]).
    fn fail(&self, index: usize) {
        if self.asyncio.get() {
            self.failing.borrow_mut().push(index);
            return;
        }
        self.first_failure(index);
    }

    fn first_failure(&self, index: usize) {
        if self.failed.get().is_some() {
            return;
        }
        self.failed.set(Some(index));
        for (i, member) in self.members.borrow().iter().enumerate() {
            if i != index {
                member.abort();
            }
        }
    }

    /// Under `Fifo`, the group's part of task `index`'s done callback: the first failure
    /// aborts the other tasks and wakes the owner of the group (asyncio cancels the parent
    /// task, which resumes and waits again). Whether to wake the owner.
    fn done(&self, index: usize) -> bool {
        if self.failed.get().is_some() || !self.failing.borrow().contains(&index) {
            return false;
        }
        self.first_failure(index);
        true
    }
}

/// Reports a task's panic to its group: dropped while the task unwinds.
struct PanicGuard {
    shared: Rc<Shared>,
    index: usize,
}

impl Drop for PanicGuard {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.shared.fail(self.index);
        }
    }
}

impl<T: 'static, E: 'static> TaskGroup<T, E> {
    /// An empty group.
    ///
    /// # Examples
    ///
    /// ```
    /// let group: simloop::TaskGroup<()> = simloop::TaskGroup::new();
    /// assert!(group.is_empty());
    /// ```
    pub fn new() -> Self {
        let shared: Rc<Shared> = Rc::default();
        let mut set = HandleSet::new(Release::All);
        let hook = shared.clone();
        set.set_hook(Box::new(move |index, _| hook.done(index)));
        Self { set, shared }
    }

    /// Spawns a task in the group; it fails the group only by panicking.
    ///
    /// Returns the task's id; its output is in [`join`](Self::join)'s `Vec`, at the index of
    /// this call (the number of tasks spawned in the group before it).
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::TaskGroup;
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let mut group: TaskGroup<&str> = TaskGroup::new();
    ///     group.spawn(async { "a" });
    ///     group.spawn(async { "b" });
    ///     assert_eq!(group.join().await.unwrap(), ["a", "b"]);
    /// });
    /// ```
    #[track_caller]
    pub fn spawn<F>(&mut self, future: F) -> TaskId
    where
        F: Future<Output = T> + 'static,
    {
        self.spawn_member(async move { Ok(future.await) })
    }

    /// Spawns a fallible task in the group: returning `Err` fails the group, like a panic.
    ///
    /// `try_` as in [`try_gather`](crate::try_gather): the task is fallible, the spawn is not.
    ///
    /// # Panics
    ///
    /// Panics when called outside a simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let mut group = simloop::TaskGroup::new();
    ///     group.try_spawn(async { Ok(1) });
    ///     group.try_spawn(async { Err("no") });
    ///     assert_eq!(group.join().await.unwrap_err().index(), 1);
    /// });
    /// ```
    #[track_caller]
    pub fn try_spawn<F>(&mut self, future: F) -> TaskId
    where
        F: Future<Output = Result<T, E>> + 'static,
    {
        self.spawn_member(future)
    }

    #[track_caller]
    fn spawn_member<F>(&mut self, future: F) -> TaskId
    where
        F: Future<Output = Result<T, E>> + 'static,
    {
        let index = self.set.len();
        let shared = self.shared.clone();
        let handle = crate::spawn(async move {
            let _guard = PanicGuard { shared: shared.clone(), index };
            let output = future.await;
            if output.is_err() {
                shared.fail(index);
            }
            output
        });
        let id = handle.id();
        self.shared.members.borrow_mut().push(handle.abort_handle());
        if self.shared.failed.get().is_some() {
            handle.abort();
        }
        self.set.push(handle);
        self.shared.asyncio.set(self.set.is_asyncio());
        id
    }

    /// How many tasks were spawned in the group.
    ///
    /// # Examples
    ///
    /// ```
    /// simloop::Sim::new(1).run(async {
    ///     let mut group = simloop::TaskGroup::<()>::new();
    ///     group.spawn(async {});
    ///     assert_eq!(group.len(), 1);
    ///     group.join().await.unwrap();
    /// });
    /// ```
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether no task was spawned in the group.
    ///
    /// # Examples
    ///
    /// ```
    /// let group = simloop::TaskGroup::<u8>::default();
    /// assert!(group.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.set.len() == 0
    }

    /// Waits for every task of the group: their outputs in spawn order, or the first failure.
    ///
    /// On a failure, `join` still waits until the aborted tasks' futures are dropped, so when
    /// it returns, no task of the group is left. An empty group gives an empty `Vec` at once.
    ///
    /// # Cancellation
    ///
    /// Dropping the returned future drops the group, which aborts its unfinished tasks.
    ///
    /// # Examples
    ///
    /// ```
    /// use simloop::{GroupError, TaskGroup};
    ///
    /// simloop::Sim::new(1).run(async {
    ///     let mut group: TaskGroup<u8> = TaskGroup::new();
    ///     group.spawn(async { 1 });
    ///     group.spawn(async { panic!("boom") });
    ///     match group.join().await {
    ///         Err(GroupError::Panicked { index: 1, error }) => assert!(error.is_panic()),
    ///         other => panic!("unexpected {other:?}"),
    ///     }
    /// });
    /// ```
    pub fn join(self) -> GroupJoin<T, E> {
        let results = (0..self.set.len()).map(|_| None).collect();
        GroupJoin { group: self, results, done: false }
    }
}

impl<T: 'static, E: 'static> Default for TaskGroup<T, E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, E> Drop for TaskGroup<T, E> {
    fn drop(&mut self) {
        self.set.abort_all();
    }
}

impl<T, E> fmt::Debug for TaskGroup<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskGroup")
            .field("tasks", &self.set.len())
            .field("unfinished", &self.set.unfinished())
            .field("failed", &self.shared.failed.get())
            .finish()
    }
}

/// The future of [`TaskGroup::join`]: `Result<Vec<T>, GroupError<E>>`.
///
/// # Examples
///
/// ```
/// use simloop::future::GroupJoin;
///
/// simloop::Sim::new(1).run(async {
///     let group = simloop::TaskGroup::<u8>::new();
///     let join: GroupJoin<u8, _> = group.join();
///     assert!(join.await.unwrap().is_empty());
/// });
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them; dropping a `GroupJoin` aborts the group"]
pub struct GroupJoin<T, E = Infallible> {
    group: TaskGroup<T, E>,
    results: Vec<Option<Result<Result<T, E>, JoinError>>>,
    done: bool,
}

impl<T, E> Future for GroupJoin<T, E> {
    type Output = Result<Vec<T>, GroupError<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        assert!(!this.done, "`GroupJoin` polled after it returned `Ready`");
        loop {
            match this.group.set.poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some((i, result))) => this.results[i] = Some(result),
                Poll::Ready(None) => break,
            }
        }
        this.done = true;
        let mut results = this.results.drain(..).map(|r| r.expect("every task finished"));
        if let Some(index) = this.group.shared.failed.get() {
            let error = match results.nth(index).expect("the failed task is a member") {
                Ok(Err(error)) => GroupError::Failed { index, error },
                Err(error) => GroupError::Panicked { index, error },
                Ok(Ok(_)) => unreachable!("a task that completed with `Ok` did not fail"),
            };
            return Poll::Ready(Err(error));
        }
        let mut outputs = Vec::with_capacity(results.len());
        for (index, result) in results.enumerate() {
            match result {
                Ok(Ok(output)) => outputs.push(output),
                // Every failure is recorded by the task itself; a member is only cancelled by
                // the group, after a failure.
                Ok(Err(_)) | Err(_) => {
                    unreachable!("task {index} failed without failing the group")
                }
            }
        }
        Poll::Ready(Ok(outputs))
    }
}

// Outputs are stored, never pinned: moving them is fine.
impl<T, E> Unpin for GroupJoin<T, E> {}

impl<T, E> fmt::Debug for GroupJoin<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GroupJoin").field("group", &self.group).finish()
    }
}
