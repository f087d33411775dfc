//! `asyncio.Event`, `asyncio.Queue` and `asyncio.Semaphore`, written over wakers with
//! asyncio's own algorithm (CPython 3.11.7's).
//!
//! None has a counterpart in `tokio::sync` or `futures` with the same semantics: an
//! `Event` stays set until cleared (tokio's `Notify` forgets, `watch` needs a receiver per
//! waiter), an asyncio `Queue` is multi-consumer and wakes a getter without handing it
//! the item, so a `get` that comes first takes it and the woken getter waits again at the
//! back (tokio's `mpsc` has one receiver), and an asyncio `Semaphore` counts as locked while
//! a waiter it woke has not resumed yet, so a newcomer queues behind it (tokio's lets the
//! newcomer take a permit released meanwhile). Each waiter here is asyncio's waiter future: woken
//! once, in list order, and it resumes its task through one wake, as `set_result` resumes a
//! task through one `call_soon`. A waiter dropped by a cancellation does what asyncio's
//! `except` clause does.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::{Future, poll_fn};
use std::rc::Rc;
use std::task::{Poll, Waker};

/// asyncio's waiter future: a one-shot flag and the waker of the task waiting on it.
#[derive(Default)]
struct Waiter {
    done: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Waiter {
    /// `fut.set_result(...)`: marks it done and wakes its task.
    fn set(&self) {
        self.done.set(true);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    /// `await fut`.
    fn wait(&self) -> impl Future<Output = ()> + '_ {
        poll_fn(|cx| {
            if self.done.get() {
                Poll::Ready(())
            } else {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

fn remove(list: &RefCell<VecDeque<Rc<Waiter>>>, waiter: &Rc<Waiter>) {
    list.borrow_mut().retain(|w| !Rc::ptr_eq(w, waiter));
}

/// Runs `f` when dropped, unless disarmed: the `except`/`finally` of a cancelled wait.
struct OnDrop<F: FnMut()>(Option<F>);

impl<F: FnMut()> OnDrop<F> {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        if let Some(f) = self.0.as_mut() {
            f();
        }
    }
}

/// `asyncio.Event`.
#[derive(Default)]
pub(crate) struct Event {
    value: Cell<bool>,
    waiters: RefCell<VecDeque<Rc<Waiter>>>,
}

impl Event {
    pub(crate) fn set(&self) {
        if !self.value.replace(true) {
            for waiter in self.waiters.borrow().iter() {
                if !waiter.done.get() {
                    waiter.set();
                }
            }
        }
    }

    pub(crate) fn clear(&self) {
        self.value.set(false);
    }

    /// Returns at once when set; otherwise waits for the next `set`.
    pub(crate) async fn wait(&self) {
        if self.value.get() {
            return;
        }
        let waiter = Rc::new(Waiter::default());
        self.waiters.borrow_mut().push_back(waiter.clone());
        let _finally = OnDrop(Some(|| remove(&self.waiters, &waiter)));
        waiter.wait().await;
    }
}

/// `asyncio.Queue(maxsize)`; `maxsize == 0` is unbounded.
pub(crate) struct Queue {
    maxsize: usize,
    items: RefCell<VecDeque<u32>>,
    getters: RefCell<VecDeque<Rc<Waiter>>>,
    putters: RefCell<VecDeque<Rc<Waiter>>>,
}

impl Queue {
    pub(crate) fn new(maxsize: usize) -> Self {
        Self {
            maxsize,
            items: RefCell::default(),
            getters: RefCell::default(),
            putters: RefCell::default(),
        }
    }

    fn full(&self) -> bool {
        self.maxsize > 0 && self.items.borrow().len() >= self.maxsize
    }

    fn empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    /// `_wakeup_next`: wakes the first waiter not done yet, dropping it from the list.
    fn wakeup_next(waiters: &RefCell<VecDeque<Rc<Waiter>>>) {
        loop {
            let Some(waiter) = waiters.borrow_mut().pop_front() else { return };
            if !waiter.done.get() {
                waiter.set();
                return;
            }
        }
    }

    pub(crate) async fn put(&self, item: u32) {
        while self.full() {
            let putter = Rc::new(Waiter::default());
            self.putters.borrow_mut().push_back(putter.clone());
            let cancelled = OnDrop(Some(|| {
                remove(&self.putters, &putter);
                // Woken by a `get`, but cancelled before taking the slot: pass the wake on.
                if !self.full() && putter.done.get() {
                    Self::wakeup_next(&self.putters);
                }
            }));
            putter.wait().await;
            cancelled.disarm();
        }
        self.put_nowait(item);
    }

    /// `put_nowait` on a queue with room.
    pub(crate) fn put_nowait(&self, item: u32) {
        assert!(!self.full(), "put_nowait on a full queue");
        self.items.borrow_mut().push_back(item);
        Self::wakeup_next(&self.getters);
    }

    pub(crate) async fn get(&self) -> u32 {
        while self.empty() {
            let getter = Rc::new(Waiter::default());
            self.getters.borrow_mut().push_back(getter.clone());
            let cancelled = OnDrop(Some(|| {
                remove(&self.getters, &getter);
                if !self.empty() && getter.done.get() {
                    Self::wakeup_next(&self.getters);
                }
            }));
            getter.wait().await;
            cancelled.disarm();
        }
        let item = self.items.borrow_mut().pop_front().expect("the queue is not empty");
        Self::wakeup_next(&self.putters);
        item
    }
}

/// `asyncio.Semaphore(value)`.
pub(crate) struct Semaphore {
    value: Cell<usize>,
    waiters: RefCell<VecDeque<Rc<Waiter>>>,
}

/// A held permit: released when dropped (`async with`'s `__aexit__`).
pub(crate) struct Permit<'a>(&'a Semaphore);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

impl Semaphore {
    pub(crate) fn new(value: usize) -> Self {
        Self { value: Cell::new(value), waiters: RefCell::default() }
    }

    /// `locked()`: no permit, or a waiter in the list (a woken one stays there until it
    /// resumes). A waiter of a cancelled task leaves the list when the cancel lands.
    fn locked(&self) -> bool {
        self.value.get() == 0 || !self.waiters.borrow().is_empty()
    }

    /// `_wake_up_next`: hands a permit to the first waiter not woken yet.
    fn wake_up_next(&self) {
        let next = self.waiters.borrow().iter().find(|w| !w.done.get()).cloned();
        if let Some(waiter) = next {
            self.value.set(self.value.get() - 1);
            waiter.set();
        }
    }

    fn release(&self) {
        self.value.set(self.value.get() + 1);
        self.wake_up_next();
    }

    pub(crate) async fn acquire(&self) -> Permit<'_> {
        if !self.locked() {
            self.value.set(self.value.get() - 1);
            return Permit(self);
        }
        let waiter = Rc::new(Waiter::default());
        self.waiters.borrow_mut().push_back(waiter.clone());
        let cancelled = OnDrop(Some(|| {
            remove(&self.waiters, &waiter);
            // Woken (handed a permit), but cancelled before resuming: pass it on.
            if waiter.done.get() {
                self.value.set(self.value.get() + 1);
                self.wake_up_next();
            }
        }));
        waiter.wait().await;
        cancelled.disarm();
        remove(&self.waiters, &waiter);
        if self.value.get() > 0 {
            self.wake_up_next();
        }
        Permit(self)
    }
}
