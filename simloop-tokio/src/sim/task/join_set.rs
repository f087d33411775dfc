//! `JoinSet`: a collection of tasks, joined in the order they finish.
//!
//! Each task of a set runs inside a [`Member`] that, when dropped (right after the task
//! completes, or when it is cancelled), pushes the task's key on the set's queue and wakes
//! whoever waits in `join_next`. So `join_next` returns tasks in the order they finished,
//! which is the simulation's order (drawn from the seed), and costs no scan of the set.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use pin_project_lite::pin_project;

use super::{AbortHandle, Id, JoinError, JoinHandle, LocalSet};
use crate::runtime::Handle;

#[derive(Default)]
struct Queue {
    finished: VecDeque<u64>,
    waker: Option<Waker>,
}

type SharedQueue = Arc<Mutex<Queue>>;

fn lock(queue: &SharedQueue) -> std::sync::MutexGuard<'_, Queue> {
    queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pin_project! {
    struct Member<F> {
        #[pin]
        future: F,
        key: u64,
        queue: SharedQueue,
    }

    impl<F> PinnedDrop for Member<F> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            let mut queue = lock(this.queue);
            queue.finished.push_back(*this.key);
            let waker = queue.waker.take();
            drop(queue);
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }
}

impl<F: Future> Future for Member<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.project().future.poll(cx)
    }
}

/// A collection of tasks, awaited in the order they finish; tokio's `task::JoinSet`.
///
/// # Cancellation
///
/// Dropping the set cancels every task still in it ([`abort_all`](Self::abort_all));
/// [`detach_all`](Self::detach_all) lets them run on.
///
/// # Determinism
///
/// Tasks finish in an order drawn from the seed, and `join_next` gives them in that order.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut set = tokio::task::JoinSet::new();
/// for ms in [30, 10, 20] {
///     set.spawn(async move {
///         tokio::time::sleep(Duration::from_millis(ms)).await;
///         ms
///     });
/// }
/// let mut order = Vec::new();
/// while let Some(done) = set.join_next().await {
///     order.push(done.unwrap());
/// }
/// assert_eq!(order, [10, 20, 30]);
/// # }
/// ```
pub struct JoinSet<T> {
    tasks: BTreeMap<u64, JoinHandle<T>>,
    next_key: u64,
    queue: SharedQueue,
}

impl<T> JoinSet<T> {
    /// An empty set.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let set = tokio::task::JoinSet::<()>::new();
    /// assert!(set.is_empty());
    /// ```
    pub fn new() -> Self {
        Self { tasks: BTreeMap::new(), next_key: 0, queue: SharedQueue::default() }
    }

    /// How many tasks are in the set (running, or finished and not yet joined).
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn(async {});
    /// assert_eq!(set.len(), 1);
    /// # }
    /// ```
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether the set has no task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// assert!(tokio::task::JoinSet::<u8>::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    fn insert(&mut self, spawn: impl FnOnce(u64, SharedQueue) -> JoinHandle<T>) -> AbortHandle {
        let key = self.next_key;
        self.next_key += 1;
        let handle = spawn(key, self.queue.clone());
        let abort = handle.abort_handle();
        self.tasks.insert(key, handle);
        abort
    }

    /// Spawns a task into the set.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn(async { 1 });
    /// assert_eq!(set.join_next().await.unwrap().unwrap(), 1);
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn<F>(&mut self, task: F) -> AbortHandle
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        self.insert(|key, queue| super::spawn(Member { future: task, key, queue }))
    }

    /// Spawns a task into the set; the handle is the simulation's only runtime.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn_on(async { 1 }, &tokio::runtime::Handle::current());
    /// assert_eq!(set.join_next().await.unwrap().unwrap(), 1);
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn_on<F>(&mut self, task: F, handle: &Handle) -> AbortHandle
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let _ = handle;
        self.spawn(task)
    }

    /// Spawns a task that need not be `Send` into the set, on the current `LocalSet`.
    ///
    /// # Panics
    ///
    /// Panics outside a `LocalSet`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let local = tokio::task::LocalSet::new();
    /// local.run_until(async {
    ///     let mut set = tokio::task::JoinSet::new();
    ///     set.spawn_local(async { std::rc::Rc::new(1) });
    ///     assert_eq!(*set.join_next().await.unwrap().unwrap(), 1);
    /// }).await;
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn_local<F>(&mut self, task: F) -> AbortHandle
    where
        F: Future<Output = T> + 'static,
        T: 'static,
    {
        self.insert(|key, queue| super::spawn_local(Member { future: task, key, queue }))
    }

    /// Spawns a task that need not be `Send` into the set, on `local_set`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let local = tokio::task::LocalSet::new();
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn_local_on(async { 1 }, &local);
    /// local.run_until(async { assert_eq!(set.join_next().await.unwrap().unwrap(), 1) }).await;
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn_local_on<F>(&mut self, task: F, local_set: &LocalSet) -> AbortHandle
    where
        F: Future<Output = T> + 'static,
        T: 'static,
    {
        self.insert(|key, queue| local_set.spawn_local(Member { future: task, key, queue }))
    }

    /// Runs a blocking closure as a task of the set.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn_blocking(|| 2 + 2);
    /// assert_eq!(set.join_next().await.unwrap().unwrap(), 4);
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn_blocking<F>(&mut self, f: F) -> AbortHandle
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.spawn(async move { f() })
    }

    /// Runs a blocking closure as a task of the set; the handle is the only runtime.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn_blocking_on(|| 1, &tokio::runtime::Handle::current());
    /// assert_eq!(set.join_next().await.unwrap().unwrap(), 1);
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn_blocking_on<F>(&mut self, f: F, handle: &Handle) -> AbortHandle
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _ = handle;
        self.spawn_blocking(f)
    }

    /// Waits for the next task to finish and gives its result; `None` when the set is empty.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a task that finished stays in the set for the next call.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::<u8>::new();
    /// assert!(set.join_next().await.is_none());
    /// # }
    /// ```
    pub async fn join_next(&mut self) -> Option<Result<T, JoinError>> {
        poll_fn(|cx| self.poll_join_next(cx)).await
    }

    /// Like [`join_next`](Self::join_next), with the id of the task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// let id = set.spawn(async { 5 }).id();
    /// assert_eq!(set.join_next_with_id().await.unwrap().unwrap(), (id, 5));
    /// # }
    /// ```
    pub async fn join_next_with_id(&mut self) -> Option<Result<(Id, T), JoinError>> {
        poll_fn(|cx| self.poll_join_next_with_id(cx)).await
    }

    /// The result of a task that has finished, without waiting.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn(async { 1 });
    /// assert!(set.try_join_next().is_none()); // not run yet
    /// tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    /// assert_eq!(set.try_join_next().unwrap().unwrap(), 1);
    /// # }
    /// ```
    pub fn try_join_next(&mut self) -> Option<Result<T, JoinError>> {
        self.try_join_next_with_id().map(|r| r.map(|(_, v)| v))
    }

    /// Like [`try_join_next`](Self::try_join_next), with the id of the task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::<()>::new();
    /// assert!(set.try_join_next_with_id().is_none());
    /// # }
    /// ```
    pub fn try_join_next_with_id(&mut self) -> Option<Result<(Id, T), JoinError>> {
        let waker = Waker::noop();
        match self.poll_join_next_with_id(&mut Context::from_waker(waker)) {
            Poll::Ready(result) => result,
            Poll::Pending => None,
        }
    }

    /// Cancels every task, then waits for them all to finish.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn(std::future::pending::<()>());
    /// set.shutdown().await;
    /// assert!(set.is_empty());
    /// # }
    /// ```
    pub async fn shutdown(&mut self) {
        self.abort_all();
        while self.join_next().await.is_some() {}
    }

    /// Waits for every task and gives their outputs in the order they finished.
    ///
    /// # Panics
    ///
    /// Resumes the panic of a task that panicked; panics when a task was cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let set: tokio::task::JoinSet<u8> = (1..=2).map(|n| async move { n }).collect();
    /// let mut all = set.join_all().await;
    /// all.sort();
    /// assert_eq!(all, [1, 2]);
    /// # }
    /// ```
    pub async fn join_all(mut self) -> Vec<T> {
        let mut outputs = Vec::with_capacity(self.len());
        while let Some(result) = self.join_next().await {
            match result {
                Ok(output) => outputs.push(output),
                Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
                Err(err) => panic!("{err}"),
            }
        }
        outputs
    }

    /// Cancels every task; they stay in the set until joined.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn(std::future::pending::<()>());
    /// set.abort_all();
    /// assert!(set.join_next().await.unwrap().unwrap_err().is_cancelled());
    /// # }
    /// ```
    pub fn abort_all(&mut self) {
        for handle in self.tasks.values() {
            handle.abort();
        }
    }

    /// Removes every task from the set without cancelling them.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn(async {});
    /// set.detach_all();
    /// assert!(set.is_empty());
    /// # }
    /// ```
    pub fn detach_all(&mut self) {
        self.tasks.clear();
        lock(&self.queue).finished.clear();
    }

    /// Polls for the next finished task.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// set.spawn(async { 1 });
    /// let out = std::future::poll_fn(|cx| set.poll_join_next(cx)).await;
    /// assert_eq!(out.unwrap().unwrap(), 1);
    /// # }
    /// ```
    pub fn poll_join_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, JoinError>>> {
        self.poll_join_next_with_id(cx).map(|r| r.map(|r| r.map(|(_, v)| v)))
    }

    /// Polls for the next finished task, with its id.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut set = tokio::task::JoinSet::new();
    /// let id = set.spawn(async { 1 }).id();
    /// let out = std::future::poll_fn(|cx| set.poll_join_next_with_id(cx)).await;
    /// assert_eq!(out.unwrap().unwrap(), (id, 1));
    /// # }
    /// ```
    pub fn poll_join_next_with_id(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<(Id, T), JoinError>>> {
        if self.tasks.is_empty() {
            return Poll::Ready(None);
        }
        loop {
            let key = {
                let mut queue = lock(&self.queue);
                match queue.finished.pop_front() {
                    Some(key) => key,
                    None => {
                        queue.waker = Some(cx.waker().clone());
                        return Poll::Pending;
                    }
                }
            };
            // A key of a detached task is no longer in the map.
            let Some(mut handle) = self.tasks.remove(&key) else { continue };
            let id = handle.id();
            match Pin::new(&mut handle).poll(cx) {
                Poll::Ready(result) => return Poll::Ready(Some(result.map(|v| (id, v)))),
                Poll::Pending => {
                    // Its member is dropped but its result is not stored yet: look again at once.
                    self.tasks.insert(key, handle);
                    lock(&self.queue).finished.push_front(key);
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
            }
        }
    }
}

impl<T> Drop for JoinSet<T> {
    fn drop(&mut self) {
        self.abort_all();
    }
}

impl<T> Default for JoinSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for JoinSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinSet").field("len", &self.len()).finish()
    }
}

impl<T, F> FromIterator<F> for JoinSet<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = F>>(iter: I) -> Self {
        let mut set = Self::new();
        set.extend(iter);
        set
    }
}

impl<T, F> Extend<F> for JoinSet<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    #[track_caller]
    fn extend<I: IntoIterator<Item = F>>(&mut self, iter: I) {
        for task in iter {
            self.spawn(task);
        }
    }
}
