//! CPython's rules that `Fifo` does not follow yet, emulated over simloop's public API.
//!
//! The what-if diagnostic (`what_if_fifo_followed_cpython_rules`) runs the programs with
//! these on, to measure what `Fifo` would reach by following each rule; the floors measure
//! the plain mapping, with all of them off. The emulation is asyncio's own machinery in
//! miniature: a task's end runs its done callbacks, each in a task of its own spawned at the
//! back of the ready queue (`call_soon`), and the combinators wait on those callbacks as
//! asyncio's do.

use std::cell::{Cell, RefCell};
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use simloop::task::AbortHandle;
use simloop::time;

use super::program::When;

/// Which of CPython's rules to emulate. All off: the plain mapping.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Rules {
    /// Combinators (`gather`, `wait`, `as_completed`, `TaskGroup`, `shield`, `wait_for`)
    /// are released by their children's done callbacks, each run by `call_soon`: the caller
    /// is woken by the callback of the completion that satisfies the combinator, a round
    /// after it, not by every child's completion; a task group cancels the siblings of a
    /// failed child from the callback too.
    pub(crate) done_callbacks: bool,
    /// An `asyncio.timeout` block's deadline wins a same-instant tie: its handler runs with
    /// the timers, before the task resumes, and cancels it.
    pub(crate) deadline_first: bool,
    /// A deadline already due when armed is not elapsed at once: `timeout(0)` schedules its
    /// handler with `call_soon`, and `wait(timeout=0)` arms a timer due now, which fires after
    /// the callbacks already ready.
    pub(crate) due_deadlines: bool,
}

impl Rules {
    pub(crate) const ALL: Self =
        Self { done_callbacks: true, deadline_first: true, due_deadlines: true };

    /// Each rule on its own, with its name.
    pub(crate) const EACH: [(&str, Self); 3] = [
        (
            "done callbacks",
            Self { done_callbacks: true, deadline_first: false, due_deadlines: false },
        ),
        (
            "deadline first",
            Self { done_callbacks: false, deadline_first: true, due_deadlines: false },
        ),
        (
            "due deadlines",
            Self { done_callbacks: false, deadline_first: false, due_deadlines: true },
        ),
    ];
}

/// What each mechanism is, for reports: the heap's order, then each rule.
pub(crate) const MECHANISMS: [(&str, &str); 4] = [
    (
        "heap order",
        "CPython's timers are a heapq compared by deadline alone: timers due at the same \
         instant come out in the heap's order, which is creation order only while few are \
         pending",
    ),
    (
        "done callbacks",
        "gather, wait, as_completed, TaskGroup, shield and wait_for wake their caller from a \
         child's done callback, scheduled with call_soon: a ready-queue round later, and only \
         at the completion that satisfies them; a TaskGroup cancels the siblings of a failed \
         child from that callback",
    ),
    (
        "deadline first",
        "an asyncio.timeout handler runs with the timers, before any task resumes at that \
         instant, and cancels the task: the deadline wins a same-instant tie",
    ),
    (
        "due deadlines",
        "a deadline already due when armed goes through the ready queue: timeout(0) schedules \
         its handler with call_soon, wait(timeout=0) arms a timer due now that fires after the \
         callbacks already ready",
    ),
];

/// How a task ended, as its done callbacks see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ended {
    Value(u64),
    Error,
    Cancelled,
}

/// asyncio's `loop.call_soon(f)`: `f` runs in a task of its own, at the back of the ready
/// queue.
fn call_soon(f: impl FnOnce() + 'static) {
    drop(simloop::spawn(async move { f() }));
}

/// A done callback.
type Callback = Box<dyn FnOnce(Ended)>;

/// The done callbacks of a task, as its asyncio `Future` keeps them.
#[derive(Default)]
pub(crate) struct Done {
    ended: Cell<Option<Ended>>,
    callbacks: RefCell<Vec<Callback>>,
}

impl Done {
    pub(crate) fn ended(&self) -> Option<Ended> {
        self.ended.get()
    }

    /// `fut.add_done_callback(f)`: on a finished task, `f` is scheduled at once.
    fn add_done_callback(&self, f: impl FnOnce(Ended) + 'static) {
        match self.ended.get() {
            Some(ended) => call_soon(move || f(ended)),
            None => self.callbacks.borrow_mut().push(Box::new(f)),
        }
    }

    fn finish(&self, ended: Ended) {
        self.ended.set(Some(ended));
        for f in self.callbacks.take() {
            call_soon(move || f(ended));
        }
    }
}

/// Wraps a task body: its end, whether it returns, raises (panics) or is cancelled (dropped),
/// schedules its done callbacks.
pub(crate) fn tracked(
    body: impl Future<Output = u64> + 'static,
    done: Rc<Done>,
) -> impl Future<Output = u64> + 'static {
    struct Finish {
        done: Rc<Done>,
        value: Option<u64>,
    }
    impl Drop for Finish {
        fn drop(&mut self) {
            let ended = match self.value {
                Some(value) => Ended::Value(value),
                None if std::thread::panicking() => Ended::Error,
                None => Ended::Cancelled,
            };
            self.done.finish(ended);
        }
    }
    // Made outside the block, so that a task cancelled before its first step finishes too.
    let finish = Finish { done, value: None };
    async move {
        let mut finish = finish; // the whole guard, not its fields, moves into the future
        let value = body.await;
        finish.value = Some(value);
        value
    }
}

/// A future that callbacks resolve: `waiter = loop.create_future()`.
#[derive(Default)]
struct Signal {
    set: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Signal {
    fn set(&self) {
        self.set.set(true);
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }

    fn wait(&self) -> impl Future<Output = ()> + '_ {
        poll_fn(|cx| {
            if self.set.get() {
                Poll::Ready(())
            } else {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

/// `await gather(...)`: released by the callback of the last child.
pub(crate) async fn gather(children: &[Rc<Done>]) -> Vec<Ended> {
    let outer = Rc::new(Signal::default());
    let remaining = Rc::new(Cell::new(children.len()));
    for child in children {
        let (outer, remaining) = (outer.clone(), remaining.clone());
        child.add_done_callback(move |_| {
            remaining.set(remaining.get() - 1);
            if remaining.get() == 0 {
                outer.set();
            }
        });
    }
    outer.wait().await;
    children.iter().map(|c| c.ended().expect("released when all are done")).collect()
}

/// `await wait(...)`: released by the callback of the completion that satisfies `when`, or
/// by the timeout. The caller reads which children are done afterwards.
pub(crate) async fn wait(children: &[Rc<Done>], when: When, ms: Option<u64>, rules: Rules) {
    let waiter = Rc::new(Signal::default());
    let counter = Rc::new(Cell::new(children.len()));
    for child in children {
        let (waiter, counter) = (waiter.clone(), counter.clone());
        child.add_done_callback(move |ended| {
            counter.set(counter.get() - 1);
            let first_error = when == When::FirstException && ended == Ended::Error;
            if counter.get() == 0 || when == When::FirstCompleted || first_error {
                waiter.set();
            }
        });
    }
    match ms {
        None => waiter.wait().await,
        Some(0) if rules.due_deadlines => {
            // A timer due now: it fires after the callbacks already ready.
            let release = waiter.clone();
            call_soon(move || release.set());
            waiter.wait().await;
        }
        Some(ms) => {
            let _ = time::timeout(Duration::from_millis(ms), waiter.wait()).await;
        }
    }
}

/// The items of `as_completed(...)`, in the order the children's callbacks queue them:
/// `next` waits on that queue as asyncio's `_wait_for_one` does.
pub(crate) struct AsCompleted {
    done: Rc<super::primitives::Queue>,
}

impl AsCompleted {
    pub(crate) fn new(children: &[Rc<Done>]) -> Self {
        let done = Rc::new(super::primitives::Queue::new(0));
        for (i, child) in children.iter().enumerate() {
            let done = done.clone();
            child.add_done_callback(move |_| done.put_nowait(i as u32));
        }
        Self { done }
    }

    pub(crate) async fn next(&self) -> usize {
        self.done.get().await as usize
    }
}

/// A task group's `__aexit__`: the parent waits until no child is left, on a future that
/// the last child's callback resolves. The first failure's callback cancels the other
/// children and the parent; the parent resumes then, and waits again if children are left.
/// The index of the first child that failed.
pub(crate) async fn task_group(children: &[(Rc<Done>, AbortHandle)]) -> Option<usize> {
    let completed: Rc<RefCell<Option<Rc<Signal>>>> = Rc::default();
    let remaining = Rc::new(Cell::new(children.len()));
    let first_error = Rc::new(Cell::new(None));
    let aborts: Rc<Vec<AbortHandle>> = Rc::new(children.iter().map(|(_, a)| a.clone()).collect());
    for (i, (child, _)) in children.iter().enumerate() {
        let (completed, remaining) = (completed.clone(), remaining.clone());
        let (first_error, aborts) = (first_error.clone(), aborts.clone());
        child.add_done_callback(move |ended| {
            remaining.set(remaining.get() - 1);
            let wake = |completed: &RefCell<Option<Rc<Signal>>>| {
                if let Some(fut) = completed.borrow_mut().take() {
                    fut.set();
                }
            };
            if remaining.get() == 0 {
                wake(&completed);
            }
            if ended == Ended::Error && first_error.get().is_none() {
                first_error.set(Some(i));
                for abort in aborts.iter() {
                    abort.abort();
                }
                wake(&completed); // `self._parent_task.cancel()`
            }
        });
    }
    while remaining.get() > 0 {
        let fut = Rc::new(Signal::default());
        *completed.borrow_mut() = Some(fut.clone());
        fut.wait().await;
    }
    first_error.get()
}

/// `await shield(task)`: a finished task is returned at once; otherwise its callback
/// resolves the outer future.
pub(crate) async fn shield(child: &Done) -> Ended {
    if let Some(ended) = child.ended() {
        return ended;
    }
    let outer = Rc::new(Signal::default());
    let release = outer.clone();
    child.add_done_callback(move |_| release.set());
    outer.wait().await;
    child.ended().expect("released when done")
}

/// 3.11's `wait_for(task, ms)`: a private future released by the task's callback or the
/// timer; on the timeout, the task is cancelled and awaited through another callback. `None`
/// is a timeout.
pub(crate) async fn wait_for(child: &Done, abort: &AbortHandle, ms: u64) -> Option<Ended> {
    if ms > 0 {
        let waiter = Rc::new(Signal::default());
        let release = waiter.clone();
        child.add_done_callback(move |_| release.set());
        let _ = time::timeout(Duration::from_millis(ms), waiter.wait()).await;
    }
    if let Some(ended) = child.ended() {
        return Some(ended);
    }
    abort.abort();
    let cancelled = Rc::new(Signal::default());
    let release = cancelled.clone();
    child.add_done_callback(move |_| release.set());
    cancelled.wait().await;
    match child.ended().expect("released when done") {
        Ended::Cancelled => None,
        ended => Some(ended),
    }
}

/// Whether a poll woke its own task (a bare yield): forwards the wake.
struct Probe {
    woken: AtomicBool,
    inner: Waker,
}

impl Wake for Probe {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Relaxed);
        self.inner.wake_by_ref();
    }
}

/// `async with asyncio.timeout(0)`: the block runs to its first suspension, the handler
/// scheduled by `call_soon` cancels the task, and the cancel lands at its next resumption: a
/// round later after a bare yield, two when the block waits on a future (the handler cancels
/// it, which wakes the task). Whether the block expired.
pub(crate) async fn due_timeout(mut block: Pin<Box<dyn Future<Output = ()> + '_>>) -> bool {
    let mut rounds = None;
    poll_fn(|cx: &mut Context<'_>| {
        let Some(left) = rounds.as_mut() else {
            let probe =
                Arc::new(Probe { woken: AtomicBool::new(false), inner: cx.waker().clone() });
            let waker = Waker::from(probe.clone());
            if block.as_mut().poll(&mut Context::from_waker(&waker)).is_ready() {
                return Poll::Ready(false);
            }
            // The block is cancelled: dropped now, its end logged when the cancel lands.
            block = Box::pin(async {});
            let yielded = probe.woken.load(Ordering::Relaxed);
            rounds = Some(if yielded { 0 } else { 1 });
            if !yielded {
                cx.waker().wake_by_ref();
            }
            return Poll::Pending;
        };
        if *left == 0 {
            return Poll::Ready(true);
        }
        *left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    })
    .await
}

/// An `asyncio.timeout(ms)` block whose deadline wins a same-instant tie. Whether it expired.
pub(crate) async fn deadline_first(
    duration: Duration,
    block: Pin<Box<dyn Future<Output = ()> + '_>>,
) -> bool {
    let deadline = time::now() + duration;
    let mut timed = Box::pin(time::timeout_at(deadline, block));
    poll_fn(|cx| {
        if time::now() >= deadline {
            return Poll::Ready(true);
        }
        timed.as_mut().poll(cx).map(|r| r.is_err())
    })
    .await
}
