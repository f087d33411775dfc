//! `LocalSet` and `spawn_local`: tasks that need not be `Send`.
//!
//! In a simulation every task runs on the one thread, so a local task is a facade task like
//! any other; what the `LocalSet` adds is tokio's bookkeeping: `spawn_local` works only inside
//! a `LocalSet` (its `run_until`, its tasks, or awaiting it), awaiting the set waits for its
//! tasks, and dropping it cancels them.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use pin_project_lite::pin_project;

use super::JoinHandle;
use super::join::spawn_task;

#[derive(Default)]
struct Shared {
    /// The set's tasks that have not finished, by key: each removes itself when dropped.
    tasks: RefCell<Slots<simloop::task::AbortHandle>>,
    /// The future awaiting the set.
    waiter: RefCell<Option<Waker>>,
}

thread_local! {
    /// The set entered by `run_until` or `enter`, while the future inside runs.
    static CURRENT: RefCell<Option<Rc<Shared>>> = const { RefCell::new(None) };
    /// The set of each running local task, by simloop task id (ids are small and dense: an
    /// index): how `spawn_local` inside a local task finds its set, without work at each poll.
    static TASK_SETS: RefCell<Vec<Option<Rc<Shared>>>> = const { RefCell::new(Vec::new()) };
}

/// The set `spawn_local` spawns on: the entered one, else the current task's.
fn current_set() -> Option<Rc<Shared>> {
    CURRENT.with(|c| c.borrow().clone()).or_else(|| {
        let task = index(crate::sim::context::current_task()?.0);
        TASK_SETS.with(|sets| sets.borrow().get(task).cloned().flatten())
    })
}

fn index(task: u64) -> usize {
    usize::try_from(task).expect("a task id fits in memory")
}

/// Values under small keys that are reused: slots, and the list of the free ones.
struct Slots<T> {
    slots: Vec<Option<T>>,
    free: Vec<usize>,
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Self { slots: Vec::new(), free: Vec::new() }
    }
}

impl<T> Slots<T> {
    /// The key the next [`insert`](Self::insert) gives.
    fn next_key(&self) -> usize {
        self.free.last().copied().unwrap_or(self.slots.len())
    }

    fn insert(&mut self, value: T) -> usize {
        match self.free.pop() {
            Some(key) => {
                self.slots[key] = Some(value);
                key
            }
            None => {
                self.slots.push(Some(value));
                self.slots.len() - 1
            }
        }
    }

    fn remove(&mut self, key: usize) -> Option<T> {
        let value = self.slots.get_mut(key)?.take();
        if value.is_some() {
            self.free.push(key);
        }
        value
    }

    fn is_empty(&self) -> bool {
        self.free.len() == self.slots.len()
    }

    /// Every value, by key; the slots are left empty.
    fn take_all(&mut self) -> impl Iterator<Item = T> + use<T> {
        self.free.clear();
        std::mem::take(&mut self.slots).into_iter().flatten()
    }
}

fn enter<R>(set: &Rc<Shared>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Rc<Shared>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| *c.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(set.clone())));
    f()
}

pin_project! {
    /// A task of a `LocalSet`: registered as the set's at its first poll, so that it may
    /// `spawn_local`.
    struct LocalTask<F> {
        #[pin]
        future: F,
        set: Rc<Shared>,
        key: usize,
        task: Option<usize>,
    }

    impl<F> PinnedDrop for LocalTask<F> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            if let Some(task) = *this.task {
                let set = TASK_SETS.with(|sets| sets.borrow_mut().get_mut(task).and_then(Option::take));
                drop(set);
            }
            let mut tasks = this.set.tasks.borrow_mut();
            let handle = tasks.remove(*this.key);
            let last = tasks.is_empty();
            drop(tasks);
            drop(handle);
            if last {
                if let Some(waker) = this.set.waiter.borrow_mut().take() {
                    waker.wake();
                }
            }
        }
    }
}

impl<F: Future> Future for LocalTask<F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        if this.task.is_none() {
            let task = index(simloop::task::id().as_u64());
            *this.task = Some(task);
            TASK_SETS.with(|sets| {
                let mut sets = sets.borrow_mut();
                if sets.len() <= task {
                    sets.resize(task + 1, None);
                }
                sets[task] = Some(this.set.clone());
            });
        }
        this.future.poll(cx)
    }
}

fn spawn_in<F>(set: &Rc<Shared>, future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    // Spawning runs no user code: the key is still the next one after.
    let key = set.tasks.borrow().next_key();
    let handle = spawn_task(LocalTask { future, set: set.clone(), key, task: None });
    let inserted = set.tasks.borrow_mut().insert(handle.sim_abort_handle());
    debug_assert_eq!(inserted, key);
    handle
}

/// Spawns a future that need not be `Send` on the current [`LocalSet`]; tokio's
/// `task::spawn_local`.
///
/// # Panics
///
/// Panics outside a `LocalSet`, as tokio does, and outside a simulation.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// use std::rc::Rc;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let local = tokio::task::LocalSet::new();
/// let n = local
///     .run_until(async {
///         let shared = Rc::new(5);
///         tokio::task::spawn_local(async move { *shared + 1 }).await.unwrap()
///     })
///     .await;
/// assert_eq!(n, 6);
/// # }
/// ```
#[track_caller]
pub fn spawn_local<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let set = current_set().expect(
        "`spawn_local` called from outside of a `task::LocalSet` or `runtime::LocalRuntime`",
    );
    spawn_in(&set, future)
}

/// A set of tasks that need not be `Send`; tokio's `task::LocalSet`.
///
/// # Cancellation
///
/// Dropping the set cancels the tasks spawned on it that are still running.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let local = tokio::task::LocalSet::new();
/// let out = local.block_on(&rt, async {
///     tokio::task::spawn_local(async { std::rc::Rc::new("local") }).await.unwrap()
/// });
/// assert_eq!(*out, "local");
/// ```
pub struct LocalSet {
    shared: Rc<Shared>,
    _not_send: PhantomData<*const ()>,
}

impl LocalSet {
    /// An empty set.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let local = tokio::task::LocalSet::new();
    /// # drop(local);
    /// ```
    pub fn new() -> Self {
        Self { shared: Rc::default(), _not_send: PhantomData }
    }

    /// Spawns a task on this set.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let local = tokio::task::LocalSet::new();
    /// let handle = local.spawn_local(async { 3 });
    /// local.await; // runs the set's tasks to completion
    /// assert_eq!(handle.await.unwrap(), 3);
    /// # }
    /// ```
    #[track_caller]
    pub fn spawn_local<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        spawn_in(&self.shared, future)
    }

    /// Runs `future` inside the set, so that it may `spawn_local`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let local = tokio::task::LocalSet::new();
    /// let n = local.run_until(async { tokio::task::spawn_local(async { 2 }).await.unwrap() }).await;
    /// assert_eq!(n, 2);
    /// # }
    /// ```
    pub fn run_until<F: Future>(&self, future: F) -> RunUntil<'_, F> {
        RunUntil { future, set: self }
    }

    /// Runs `future` inside the set on `rt`: `rt.block_on(self.run_until(future))`.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// let rt = tokio::runtime::Runtime::new().unwrap();
    /// let local = tokio::task::LocalSet::new();
    /// assert_eq!(local.block_on(&rt, async { 1 }), 1);
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, rt: &crate::runtime::Runtime, future: F) -> F::Output {
        rt.block_on(self.run_until(future))
    }

    /// Enters the set: `spawn_local` works until the guard is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let local = tokio::task::LocalSet::new();
    /// let guard = local.enter();
    /// let handle = tokio::task::spawn_local(async { 1 });
    /// drop(guard);
    /// assert_eq!(local.run_until(handle).await.unwrap(), 1);
    /// # }
    /// ```
    pub fn enter(&self) -> LocalEnterGuard {
        let previous = CURRENT.with(|c| c.borrow_mut().replace(self.shared.clone()));
        LocalEnterGuard { previous, _not_send: PhantomData }
    }
}

impl Default for LocalSet {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for LocalSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalSet").finish_non_exhaustive()
    }
}

impl Future for LocalSet {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.shared.tasks.borrow().is_empty() {
            return Poll::Ready(());
        }
        *self.shared.waiter.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl Drop for LocalSet {
    fn drop(&mut self) {
        let tasks: Vec<_> = self.shared.tasks.borrow_mut().take_all().collect();
        for task in tasks {
            task.abort();
        }
    }
}

/// Leaves the [`LocalSet`] entered by [`LocalSet::enter`] when dropped.
///
/// # Examples
///
/// ```
/// # extern crate simloop_tokio as tokio;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let local = tokio::task::LocalSet::new();
/// let _guard: tokio::task::LocalEnterGuard = local.enter();
/// # }
/// ```
pub struct LocalEnterGuard {
    previous: Option<Rc<Shared>>,
    _not_send: PhantomData<*const ()>,
}

impl Drop for LocalEnterGuard {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

impl fmt::Debug for LocalEnterGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalEnterGuard").finish_non_exhaustive()
    }
}

pin_project! {
    /// The future of [`LocalSet::run_until`].
    ///
    /// # Examples
    ///
    /// ```
    /// # extern crate simloop_tokio as tokio;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let local = tokio::task::LocalSet::new();
    /// let run: tokio::task::RunUntil<'_, _> = local.run_until(async { 1 });
    /// assert_eq!(run.await, 1);
    /// # }
    /// ```
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct RunUntil<'a, F> {
        #[pin]
        future: F,
        set: &'a LocalSet,
    }
}

impl<F: Future> Future for RunUntil<'_, F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        enter(&this.set.shared, || this.future.poll(cx))
    }
}

impl<F> fmt::Debug for RunUntil<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunUntil").finish_non_exhaustive()
    }
}
