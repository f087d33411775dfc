//! The ready set: the tasks waiting to be polled, each with the sequence number of its wake.
//!
//! The **default order** is the order of wakes: the task woken first runs first (asyncio's
//! order, `Strategy::Fifo`). A pick by index either keeps that order (`Removal::Keep`) or, as
//! `Strategy::Random` and version 1 tapes do, moves the newest entry into the hole
//! (`Removal::Swap`, an O(1) pick whose effect on later indexes those two depend on). Either
//! way each entry keeps its wake's sequence number, so the task the default order would run
//! is always known: at the front while the queue is in wake order, and, once a swap has
//! moved it out of order in a run that must know it at every pick (a recorded one), from an
//! index by wake built then and kept from there on (a run swaps at every pick or never).

use std::collections::VecDeque;

use super::spare::{self, Spares};
use super::task::{advise_huge_pages_for, prefetch_slot};
use crate::task::TaskId;

/// A task in the ready set and the sequence number of the wake that put it there.
/// Not comparable: the hint is an address, which must never decide anything.
#[derive(Clone, Copy)]
pub(crate) struct Ready {
    pub(crate) task: TaskId,
    pub(crate) seq: u64,
    /// Where the task is in memory, as a cache hint only (`runtime/task/raw/prefetch.rs`).
    pub(crate) hint: usize,
}

/// Leaves out the memory hint: an address is never printed.
impl std::fmt::Debug for Ready {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ready").field("task", &self.task).field("seq", &self.seq).finish()
    }
}

/// How a pick takes its task out of the ready set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Removal {
    /// The others keep their order.
    Keep,
    /// The last entry moves into the hole.
    Swap,
}

/// The wake order of a queue that swaps moved out of it: the entries by sequence number, each
/// with where it stands in the queue (its position plus `base`, the pops from the front so
/// far: a pop from the front moves every position by one).
#[derive(Debug, Default)]
struct ByWake {
    by_seq: BySeq,
    base: u64,
}

/// The ready tasks by the sequence number of their wake: a window of sequence numbers from
/// the oldest entry's, a slot each (empty once its task was taken) with the task's place in
/// the queue. Sequence numbers only grow, so an insert appends and a removal empties a slot,
/// then drops the empty ones at the front: O(1) amortised, where an ordered map would
/// allocate and rebalance at every step. A swap moves the newest entry, whose slot is near
/// the window's end: in the cache, where a place kept by task would be anywhere.
#[derive(Debug, Default)]
struct BySeq {
    /// The sequence number of `window[0]`.
    first: u64,
    window: VecDeque<u32>,
    /// The place of each slot's task (see [`ByWake`]).
    places: VecDeque<u64>,
}

/// An empty slot of the window (task ids, indexes of the task table, are under `2^32 - 1`).
const TAKEN: u32 = u32::MAX;

fn slot(task: TaskId) -> u32 {
    let slot = u32::try_from(task.as_u64()).expect("fewer than 2^32 - 1 tasks");
    assert_ne!(slot, TAKEN, "fewer than 2^32 - 1 tasks");
    slot
}

impl BySeq {
    fn insert(&mut self, seq: u64, task: TaskId, place: u64) {
        if self.window.is_empty() {
            self.first = seq;
        }
        let at = (seq - self.first) as usize;
        if at >= self.window.len() {
            self.window.resize(at, TAKEN);
            self.places.resize(at, 0);
            self.window.push_back(slot(task));
            self.places.push_back(place);
            return;
        }
        self.window[at] = slot(task);
        self.places[at] = place;
    }

    /// Moves the task woken `seq`-th to `place`.
    fn set_place(&mut self, seq: u64, place: u64) {
        if let Some(at) =
            seq.checked_sub(self.first).and_then(|at| self.places.get_mut(at as usize))
        {
            *at = place;
        }
    }

    fn remove(&mut self, seq: u64) {
        if let Some(slot) =
            seq.checked_sub(self.first).and_then(|at| self.window.get_mut(at as usize))
        {
            *slot = TAKEN;
        }
        while self.window.front() == Some(&TAKEN) {
            self.window.pop_front();
            self.places.pop_front();
            self.first += 1;
        }
    }

    /// The tasks in wake order.
    fn values(&self) -> impl Iterator<Item = TaskId> + '_ {
        self.entries().map(|(task, _)| task)
    }

    /// The tasks in wake order, with their places.
    fn entries(&self) -> impl Iterator<Item = (TaskId, u64)> + '_ {
        let slots = self.window.iter().zip(&self.places).filter(|&(&t, _)| t != TAKEN);
        slots.map(|(&t, &place)| (TaskId::new(u64::from(t)), place))
    }
}

thread_local! {
    /// The queue of an ended simulation, for the next one on this thread.
    static SPARE: Spares<VecDeque<Ready>> = const { Spares::new(1) };
}

/// A queue's size from which its memory is asked to be huge pages: 4 MiB.
const HUGE_QUEUE: usize = 4 << 20;

/// The largest queue kept for the next simulation: 32 MiB.
const SPARE_CAPACITY: usize = (32 << 20) / size_of::<Ready>();

#[derive(Debug)]
pub(crate) struct ReadySet {
    queue: VecDeque<Ready>,
    next_seq: u64,
    /// Whether the queue is in wake order (no swap has moved an entry yet).
    in_order: bool,
    /// Whether the default order is asked for at every pick (a recorded run).
    track: bool,
    /// Built at the first swap that moves an entry, when tracking.
    by_wake: Option<ByWake>,
}

impl Drop for ReadySet {
    fn drop(&mut self) {
        let mut queue = std::mem::take(&mut self.queue);
        if queue.capacity() <= SPARE_CAPACITY {
            queue.clear();
            spare::give(&SPARE, queue);
        }
    }
}

impl ReadySet {
    /// An empty ready set; `track` keeps the default order cheap to find at every pick,
    /// whatever swaps do to the queue (for a recorded run).
    pub(crate) fn new(track: bool) -> Self {
        let queue = spare::take(&SPARE).unwrap_or_default();
        Self { queue, next_seq: 0, in_order: true, track, by_wake: None }
    }

    /// Appends `task`; `hint` says where it is in memory, for a prefetch (`0`: unknown).
    pub(crate) fn push(&mut self, task: TaskId, hint: usize) {
        if let Some(w) = &mut self.by_wake {
            w.by_seq.insert(self.next_seq, task, w.base + self.queue.len() as u64);
        }
        if self.queue.len() == self.queue.capacity() {
            self.grow();
        }
        self.queue.push_back(Ready { task, seq: self.next_seq, hint });
        self.next_seq += 1;
    }

    /// Doubles the queue's room. A large queue (a simulation that spawns a million tasks at
    /// once) is picked from in a random order: its memory is asked to be huge pages.
    #[cold]
    fn grow(&mut self) {
        let room = (self.queue.capacity() * 2).max(8);
        if room * size_of::<Ready>() < HUGE_QUEUE {
            self.queue.reserve_exact(room - self.queue.len());
            return;
        }
        let mut buffer = Vec::with_capacity(room);
        advise_huge_pages_for(buffer.spare_capacity_mut());
        buffer.extend(self.queue.drain(..));
        // In place: a `VecDeque` made from a `Vec` keeps its buffer.
        self.queue = VecDeque::from(buffer);
    }

    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    #[inline]
    pub(crate) fn task(&self, index: usize) -> TaskId {
        self.queue[index].task
    }

    /// Loads the entry at `index` into the cache, ahead of a step that reads it.
    #[inline]
    pub(crate) fn prefetch(&self, index: usize) {
        if let Some(entry) = self.queue.get(index) {
            prefetch_slot(entry);
        }
    }

    /// Loads the slot of the index by wake that taking the entry at `index` empties (a
    /// recorded run's), ahead of the step that takes it.
    #[inline]
    pub(crate) fn prefetch_wake_slot(&self, index: usize) {
        if let (Some(w), Some(entry)) = (&self.by_wake, self.queue.get(index)) {
            let at = entry.seq.wrapping_sub(w.by_seq.first) as usize;
            if let (Some(task), Some(place)) = (w.by_seq.window.get(at), w.by_seq.places.get(at)) {
                prefetch_slot(task);
                prefetch_slot(place);
            }
        }
    }

    /// The memory hint of the task at `index`.
    #[inline]
    pub(crate) fn hint(&self, index: usize) -> usize {
        self.queue[index].hint
    }

    pub(crate) fn seq(&self, index: usize) -> u64 {
        self.queue[index].seq
    }

    pub(crate) fn seq_of(&self, task: TaskId) -> Option<u64> {
        self.queue.iter().find(|r| r.task == task).map(|r| r.seq)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = TaskId> + '_ {
        self.queue.iter().map(|r| r.task)
    }

    pub(crate) fn position(&self, task: TaskId) -> Option<usize> {
        self.queue.iter().position(|r| r.task == task)
    }

    /// The index of the task woken first among those `skip` does not rule out; the task woken
    /// first of all when it rules out every one.
    pub(crate) fn oldest(&self, skip: impl Fn(TaskId) -> bool) -> usize {
        if self.in_order {
            return self.queue.iter().position(|r| !skip(r.task)).unwrap_or(0);
        }
        if let Some(w) = &self.by_wake {
            let first =
                w.by_seq.entries().find(|&(t, _)| !skip(t)).or_else(|| w.by_seq.entries().next());
            return first.map_or(0, |(_, place)| (place - w.base) as usize);
        }
        let mut best: Option<(bool, u64, usize)> = None;
        for (i, r) in self.queue.iter().enumerate() {
            let key = (skip(r.task), r.seq, i);
            if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                best = Some(key);
            }
        }
        best.map_or(0, |b| b.2)
    }

    /// The tasks in wake order.
    pub(crate) fn in_wake_order(&self) -> Vec<TaskId> {
        if let Some(w) = &self.by_wake {
            return w.by_seq.values().collect();
        }
        let mut entries: Vec<Ready> = self.queue.iter().copied().collect();
        if !self.in_order {
            entries.sort_by_key(|r| r.seq);
        }
        entries.into_iter().map(|r| r.task).collect()
    }

    /// Takes the task at `index` out; returns it and, for a swap, the task moved into its place.
    pub(crate) fn take(&mut self, index: usize, removal: Removal) -> (TaskId, Option<TaskId>) {
        if index == 0 {
            let first = self.queue.pop_front().expect("a ready task");
            if let Some(w) = &mut self.by_wake {
                w.by_seq.remove(first.seq);
                w.base += 1;
            }
            return (first.task, None);
        }
        match removal {
            Removal::Keep => {
                assert!(self.by_wake.is_none(), "simloop internal error: a kept order after swaps");
                (self.queue.remove(index).expect("a ready task").task, None)
            }
            Removal::Swap => {
                let last = self.queue.len() - 1;
                let moved = (index < last).then(|| self.queue[last]);
                if moved.is_some() && self.in_order {
                    self.in_order = false;
                    if self.track {
                        self.by_wake = Some(self.index_by_wake());
                    }
                }
                let taken = self.queue.swap_remove_back(index).expect("a ready task");
                if let Some(w) = &mut self.by_wake {
                    w.by_seq.remove(taken.seq);
                    if let Some(moved) = moved {
                        w.by_seq.set_place(moved.seq, w.base + index as u64);
                    }
                }
                (taken.task, moved.map(|m| m.task))
            }
        }
    }

    /// The wake order of the queue as it stands.
    fn index_by_wake(&self) -> ByWake {
        let mut w = ByWake::default();
        for (i, r) in self.queue.iter().enumerate() {
            w.by_seq.insert(r.seq, r.task, i as u64);
        }
        w
    }
}
