//! A set of join handles that yields their results in completion order.
//!
//! The engine under every combinator that waits on several tasks. Each handle is polled with
//! a waker of its own, which queues the handle's index and wakes the set's owner: a poll of
//! the set polls only the handles that were woken, so waiting on `n` tasks costs `O(n)` in
//! all, not `O(n)` per completion.
//!
//! # Determinism
//!
//! The queue is first filled with every index in input order (a first poll registers the
//! wakers and collects the tasks already finished, lowest index first), then in wake order.
//! A handle's waker is woken when its task finishes, in the step where it finishes, so the
//! queue order is the completion order of the run, which the seed decides.
//!
//! # Under `Strategy::Fifo`: asyncio's done callbacks
//!
//! asyncio's combinators learn of a child's end from a done callback, which the loop runs
//! with `call_soon` a ready-queue round after the child finished, and they wake their caller
//! only from the callback that satisfies them ([`Release`]). Under `Fifo` the set does the
//! same: each handle gets a done callback of the engine's loop (`add_done_callback`), which
//! queues its index and wakes the owner when the set's [`Release`] rule is met (or when the
//! owner's [`Hook`] asks it to). The handles are not polled before their callback ran.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use crate::runtime::{TaskEnd, context};
use crate::task::{JoinError, JoinHandle};
use crate::time::LoopTimer;

/// Join handles polled by index, finished ones handed out in completion order.
pub(crate) struct HandleSet<T> {
    /// `None` once the task's result was handed out.
    handles: Vec<Option<JoinHandle<T>>>,
    wakers: Vec<Waker>,
    queue: Arc<ReadyQueue>,
    unfinished: usize,
    release: Release,
    /// asyncio's done callbacks, under `Fifo`: made at the first push.
    hops: Option<Rc<RefCell<Hops>>>,
    hook: Option<Hook>,
}

/// Which completion wakes the owner of a set under `Strategy::Fifo`: the callback that
/// satisfies the combinator, as in asyncio. The last completion always does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Release {
    /// Only the last (`gather`, `wait(ALL_COMPLETED)`, a task group's `__aexit__`).
    All,
    /// The first (`wait(FIRST_COMPLETED)`).
    First,
    /// The first that ends with a panic or a cancellation (`wait(FIRST_EXCEPTION)`).
    FirstError,
    /// Each one (`as_completed`, whose queue wakes a waiting getter).
    Each,
}

/// A combinator's own part of a done callback under `Fifo`, run after the release check with
/// the index of the task and how it ended: returns whether to wake the owner.
pub(crate) type Hook = Box<dyn FnMut(usize, TaskEnd) -> bool>;

/// The state the done callbacks share with the set, under `Strategy::Fifo`.
struct Hops {
    /// Indices whose callback ran, in callback order, not handed out yet.
    delivered: VecDeque<usize>,
    len: usize,
    /// Callbacks run.
    finished: usize,
    release: Release,
    /// A callback met the release rule.
    released: bool,
    /// The owner's waker, while it waits.
    owner: Option<Waker>,
    /// A `wait`'s timeout, cancelled by the callback that releases the owner.
    timer: Option<LoopTimer>,
    hook: Option<Hook>,
}

impl Hops {
    /// The done callback of the task at `index`.
    fn done(this: &Rc<RefCell<Self>>, index: usize, end: TaskEnd) {
        let (timer, wake) = {
            let mut hops = this.borrow_mut();
            hops.delivered.push_back(index);
            hops.finished += 1;
            let satisfied = hops.finished >= hops.len
                || match hops.release {
                    Release::All => false,
                    Release::First | Release::Each => true,
                    Release::FirstError => end != TaskEnd::Completed,
                };
            if satisfied {
                hops.released = true;
            }
            let timer = if satisfied { hops.timer.take() } else { None };
            (timer, if satisfied { hops.owner.take() } else { None })
        };
        drop(timer);
        if let Some(owner) = wake {
            owner.wake();
        }
        let hook = this.borrow_mut().hook.take();
        if let Some(mut hook) = hook {
            let wake = hook(index, end);
            let owner = {
                let mut hops = this.borrow_mut();
                hops.hook = Some(hook);
                if wake { hops.owner.take() } else { None }
            };
            if let Some(owner) = owner {
                owner.wake();
            }
        }
    }
}

/// The indices whose handles should be polled, and the waker of the set's owner.
///
/// A `Mutex` because `Waker` demands `Send + Sync`; the simulation is one thread, so it is
/// never contended.
#[derive(Default)]
struct ReadyQueue {
    inner: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    order: VecDeque<usize>,
    queued: Vec<bool>,
    owner: Option<Waker>,
}

impl ReadyQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `index` (once) and returns the owner's waker, to wake outside the lock.
    fn push(&self, index: usize) -> Option<Waker> {
        let mut queue = self.lock();
        if !queue.queued[index] {
            queue.queued[index] = true;
            queue.order.push_back(index);
        }
        queue.owner.clone()
    }
}

/// The waker given to the handle at `index`.
struct IndexWaker {
    index: usize,
    queue: Arc<ReadyQueue>,
}

impl Wake for IndexWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if let Some(owner) = self.queue.push(self.index) {
            owner.wake();
        }
    }
}

impl<T> HandleSet<T> {
    /// An empty set whose owner is woken as `release` says under `Strategy::Fifo`.
    pub(crate) fn new(release: Release) -> Self {
        Self {
            handles: Vec::new(),
            wakers: Vec::new(),
            queue: Arc::default(),
            unfinished: 0,
            release,
            hops: None,
            hook: None,
        }
    }

    /// Sets the combinator's part of each done callback, under `Fifo` (before any push).
    pub(crate) fn set_hook(&mut self, hook: Hook) {
        self.hook = Some(hook);
    }

    /// Adds a handle; returns its index. It is polled at the next [`poll_next`](Self::poll_next).
    pub(crate) fn push(&mut self, handle: JoinHandle<T>) -> usize {
        let index = self.handles.len();
        if index == 0 && context::with("a combinator", |core| core.asyncio_callbacks()) {
            self.hops = Some(Rc::new(RefCell::new(Hops {
                delivered: VecDeque::new(),
                len: 0,
                finished: 0,
                release: self.release,
                released: false,
                owner: None,
                timer: None,
                hook: self.hook.take(),
            })));
        }
        if let Some(hops) = &self.hops {
            hops.borrow_mut().len += 1;
            let weak: Weak<RefCell<Hops>> = Rc::downgrade(hops);
            let id = handle.id();
            context::with("a combinator", |core| {
                core.add_done_callback(
                    id,
                    Box::new(move |end| {
                        if let Some(hops) = weak.upgrade() {
                            Hops::done(&hops, index, end);
                        }
                    }),
                );
            });
            self.handles.push(Some(handle));
            self.unfinished += 1;
            return index;
        }
        self.handles.push(Some(handle));
        let waker = IndexWaker { index, queue: self.queue.clone() };
        self.wakers.push(Waker::from(Arc::new(waker)));
        let mut queue = self.queue.lock();
        queue.queued.push(true);
        queue.order.push_back(index);
        drop(queue);
        self.unfinished += 1;
        index
    }

    /// How many handles were pushed.
    pub(crate) fn len(&self) -> usize {
        self.handles.len()
    }

    /// How many tasks have not been handed out yet.
    pub(crate) fn unfinished(&self) -> usize {
        self.unfinished
    }

    /// Whether the set follows asyncio's done callbacks (`Strategy::Fifo`).
    pub(crate) fn is_asyncio(&self) -> bool {
        self.hops.is_some()
    }

    /// Under `Fifo`: whether a done callback met the release rule.
    pub(crate) fn released(&self) -> bool {
        self.hops.as_ref().is_some_and(|h| h.borrow().released)
    }

    /// Under `Fifo`: a `wait`'s timeout, cancelled by the callback that releases the owner.
    pub(crate) fn arm_timer(&mut self, timer: LoopTimer) {
        if let Some(hops) = &self.hops {
            hops.borrow_mut().timer = Some(timer);
        }
    }

    /// Under `Fifo`: whether the timeout armed with [`arm_timer`](Self::arm_timer) fired;
    /// keeps its waker current.
    pub(crate) fn timer_fired(&self, cx: &Context<'_>) -> bool {
        let Some(hops) = &self.hops else { return false };
        let hops = hops.borrow();
        hops.timer.as_ref().is_some_and(|t| {
            t.set_waker(cx.waker());
            t.fired()
        })
    }

    /// Under `Fifo`: the owner no longer waits; cancels the timeout.
    pub(crate) fn stop_waiting(&mut self) {
        if let Some(hops) = &self.hops {
            let (owner, timer) = {
                let mut hops = hops.borrow_mut();
                (hops.owner.take(), hops.timer.take())
            };
            drop((owner, timer));
        }
    }

    /// Under `Fifo`: takes the results of the tasks that finished but whose done callback has
    /// not run yet, in index order (asyncio's `wait` reads `f.done()` when it resumes).
    pub(crate) fn take_finished(&mut self) -> Vec<(usize, Result<T, JoinError>)> {
        let mut out = Vec::new();
        for (index, slot) in self.handles.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(JoinHandle::is_finished) {
                let mut handle = slot.take().expect("checked");
                let mut cx = Context::from_waker(Waker::noop());
                match Pin::new(&mut handle).poll(&mut cx) {
                    Poll::Ready(result) => {
                        self.unfinished -= 1;
                        out.push((index, result));
                    }
                    Poll::Pending => *slot = Some(handle),
                }
            }
        }
        out
    }

    /// The next finished task, with its index: `Ready(None)` when every result was handed out.
    pub(crate) fn poll_next(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<(usize, Result<T, JoinError>)>> {
        if self.unfinished == 0 {
            return Poll::Ready(None);
        }
        if let Some(hops) = &self.hops {
            loop {
                let next = hops.borrow_mut().delivered.pop_front();
                let Some(index) = next else {
                    let mut hops = hops.borrow_mut();
                    match &hops.owner {
                        Some(owner) if owner.will_wake(cx.waker()) => {}
                        _ => hops.owner = Some(cx.waker().clone()),
                    }
                    return Poll::Pending;
                };
                let Some(handle) = self.handles[index].as_mut() else { continue };
                let mut child = Context::from_waker(Waker::noop());
                if let Poll::Ready(result) = Pin::new(handle).poll(&mut child) {
                    self.handles[index] = None;
                    self.unfinished -= 1;
                    return Poll::Ready(Some((index, result)));
                }
            }
        }
        {
            let mut queue = self.queue.lock();
            match &queue.owner {
                Some(owner) if owner.will_wake(cx.waker()) => {}
                _ => queue.owner = Some(cx.waker().clone()),
            }
        }
        loop {
            let next = {
                let mut queue = self.queue.lock();
                let next = queue.order.pop_front();
                if let Some(index) = next {
                    queue.queued[index] = false;
                }
                next
            };
            let Some(index) = next else { return Poll::Pending };
            let Some(handle) = self.handles[index].as_mut() else { continue };
            let mut child = Context::from_waker(&self.wakers[index]);
            if let Poll::Ready(result) = Pin::new(handle).poll(&mut child) {
                self.handles[index] = None;
                self.unfinished -= 1;
                return Poll::Ready(Some((index, result)));
            }
        }
    }

    /// Aborts every task whose result was not handed out yet.
    pub(crate) fn abort_all(&self) {
        for handle in self.handles.iter().flatten() {
            handle.abort();
        }
    }

    /// Takes the handles whose results were not handed out, in index order.
    pub(crate) fn take_unfinished(&mut self) -> Vec<JoinHandle<T>> {
        self.unfinished = 0;
        self.handles.iter_mut().filter_map(Option::take).collect()
    }
}

impl<T> std::fmt::Debug for HandleSet<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HandleSet")
            .field("len", &self.handles.len())
            .field("unfinished", &self.unfinished)
            .finish()
    }
}
