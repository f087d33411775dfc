//! The order of asyncio's timer heap, for `Strategy::Fifo`: a model of CPython's `_scheduled`.
//!
//! CPython's event loop keeps its timers in `loop._scheduled`, a `heapq` list of
//! `TimerHandle`s whose `<` compares deadlines alone (`TimerHandle.__lt__`). Timers due at the
//! same instant therefore leave the heap in the order its sifting leaves them, which is
//! creation order only while few are pending. This file replays that list operation for
//! operation, so that `Fifo` fires same-instant timers in CPython's order:
//!
//! - `call_at` is [`push`](Scheduled::push): `heapq.heappush`;
//! - `TimerHandle.cancel` is [`cancel`](Scheduled::cancel): the handle stays in the heap,
//!   marked, and `_timer_cancelled_count` counts it if it was still scheduled;
//! - the start of `_run_once` is [`start_iteration`](Scheduled::start_iteration): when more
//!   than 100 handles are scheduled and more than half of them are cancelled, the heap is
//!   rebuilt from the live ones (`heapq.heapify`) and the count reset; otherwise cancelled
//!   handles are popped off the top, each decrementing the count;
//! - taking the due timers is [`pop_due`](Scheduled::pop_due): `heappop` while the top is due,
//!   cancelled handles included (asyncio appends them to the ready queue and skips them, and
//!   does not decrement the count for them).
//!
//! The sift functions are `heapq`'s (`Lib/heapq.py`, and `Modules/_heapqmodule.c`, which makes
//! the same comparisons: its cache-friendly `heapify` for large lists builds the same heap).
//! The timers themselves (their wakers) stay in `timers.rs`; entries here are keys.

use std::collections::BTreeMap;

use super::timers::TimerKey;
use crate::task::TaskId;
use crate::time::Instant;

/// asyncio's `_MIN_SCHEDULED_TIMER_HANDLES`.
const MIN_SCHEDULED: usize = 100;

/// One `TimerHandle` in the heap.
#[derive(Debug, Clone, Copy)]
struct Handle {
    /// The timer, and its deadline.
    key: TimerKey,
    /// The task that armed the timer, for the trace.
    task: TaskId,
}

impl Handle {
    /// `TimerHandle.__lt__`: by deadline alone.
    fn lt(&self, other: &Self) -> bool {
        self.deadline() < other.deadline()
    }

    fn deadline(&self) -> Instant {
        self.key.deadline()
    }
}

/// A due timer taken off the heap.
#[derive(Debug, Clone, Copy)]
pub(super) struct Due {
    pub(super) deadline: Instant,
    pub(super) key: TimerKey,
    pub(super) task: TaskId,
}

/// CPython's `loop._scheduled`, with `_timer_cancelled_count`.
#[derive(Debug, Default)]
pub(super) struct Scheduled {
    heap: Vec<Handle>,
    /// Every handle in the heap, by its timer's sequence number, and whether it is cancelled
    /// (`_scheduled` is being in here).
    flags: BTreeMap<u64, bool>,
    /// `_timer_cancelled_count`.
    cancelled: usize,
}

impl Scheduled {
    /// `call_at`: a new timer.
    pub(super) fn push(&mut self, key: TimerKey, task: TaskId) {
        self.flags.insert(key.seq(), false);
        self.heap.push(Handle { key, task });
        let last = self.heap.len() - 1;
        self.sift_down(0, last);
    }

    /// `TimerHandle.cancel`: counted when the handle is still in the heap and was not
    /// cancelled before; a handle already taken off the heap is not counted.
    pub(super) fn cancel(&mut self, key: TimerKey) {
        if let Some(cancelled) = self.flags.get_mut(&key.seq()) {
            if !*cancelled {
                *cancelled = true;
                self.cancelled += 1;
            }
        }
    }

    /// The start of `_run_once`: rebuild the heap, or drop the cancelled handles at its top.
    pub(super) fn start_iteration(&mut self) {
        let n = self.heap.len();
        // `self._timer_cancelled_count / sched_count > 0.5`, exactly.
        if n > MIN_SCHEDULED && 2 * self.cancelled > n {
            let flags = &mut self.flags;
            self.heap.retain(|h| {
                let cancelled = flags[&h.key.seq()];
                if cancelled {
                    flags.remove(&h.key.seq());
                }
                !cancelled
            });
            for i in (0..self.heap.len() / 2).rev() {
                self.sift_up(i);
            }
            self.cancelled = 0;
        } else {
            while let Some(top) = self.heap.first() {
                if !self.flags[&top.key.seq()] {
                    break;
                }
                self.cancelled = self.cancelled.saturating_sub(1);
                let top = self.pop();
                self.flags.remove(&top.key.seq());
            }
        }
    }

    /// The deadline at the top of the heap: after [`start_iteration`](Self::start_iteration),
    /// the earliest live timer.
    pub(super) fn top_deadline(&self) -> Option<Instant> {
        self.heap.first().map(Handle::deadline)
    }

    /// Takes the timers due by `now` off the heap, in `heappop` order; the cancelled ones are
    /// dropped (asyncio skips them when it reaches them in the ready queue).
    pub(super) fn pop_due(&mut self, now: Instant, out: &mut Vec<Due>) {
        while self.heap.first().is_some_and(|h| h.deadline() <= now) {
            let h = self.pop();
            let cancelled = self.flags.remove(&h.key.seq()).unwrap_or(true);
            if !cancelled {
                out.push(Due { deadline: h.deadline(), key: h.key, task: h.task });
            }
        }
    }

    /// `heapq.heappop`.
    fn pop(&mut self) -> Handle {
        let last = self.heap.pop().expect("the heap is not empty");
        if self.heap.is_empty() {
            return last;
        }
        let top = std::mem::replace(&mut self.heap[0], last);
        self.sift_up(0);
        top
    }

    /// `heapq._siftdown`: moves the item at `pos` up towards `start` while it is smaller than
    /// its parent.
    fn sift_down(&mut self, start: usize, mut pos: usize) {
        let item = self.heap[pos];
        while pos > start {
            let parent = (pos - 1) >> 1;
            if item.lt(&self.heap[parent]) {
                self.heap[pos] = self.heap[parent];
                pos = parent;
                continue;
            }
            break;
        }
        self.heap[pos] = item;
    }

    /// `heapq._siftup`: moves the smaller child up until a leaf, then sifts the item down.
    fn sift_up(&mut self, mut pos: usize) {
        let end = self.heap.len();
        let start = pos;
        let item = self.heap[pos];
        let mut child = 2 * pos + 1;
        while child < end {
            let right = child + 1;
            if right < end && !self.heap[child].lt(&self.heap[right]) {
                child = right;
            }
            self.heap[pos] = self.heap[child];
            pos = child;
            child = 2 * pos + 1;
        }
        self.heap[pos] = item;
        self.sift_down(start, pos);
    }
}
