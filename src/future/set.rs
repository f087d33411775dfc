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

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use crate::task::{JoinError, JoinHandle};

/// Join handles polled by index, finished ones handed out in completion order.
pub(crate) struct HandleSet<T> {
    /// `None` once the task's result was handed out.
    handles: Vec<Option<JoinHandle<T>>>,
    wakers: Vec<Waker>,
    queue: Arc<ReadyQueue>,
    unfinished: usize,
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
    pub(crate) fn new() -> Self {
        Self { handles: Vec::new(), wakers: Vec::new(), queue: Arc::default(), unfinished: 0 }
    }

    /// Adds a handle; returns its index. It is polled at the next [`poll_next`](Self::poll_next).
    pub(crate) fn push(&mut self, handle: JoinHandle<T>) -> usize {
        let index = self.handles.len();
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

    /// The next finished task, with its index: `Ready(None)` when every result was handed out.
    pub(crate) fn poll_next(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<(usize, Result<T, JoinError>)>> {
        if self.unfinished == 0 {
            return Poll::Ready(None);
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
