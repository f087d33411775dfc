//! The timer heap: every pending sleep, ordered by `(deadline, creation sequence)`.
//!
//! Entries live in a slab; the heap holds `(deadline, seq, slot)` keys. Cancelling a timer
//! (a `Sleep` dropped before its deadline) frees its slot at once and leaves its heap key
//! behind, recognised as stale by its sequence number and skipped when it reaches the top.
//! The sequence number is the creation order, so `(deadline, seq)` is a total order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::panic::Location;
use std::task::Waker;

use crate::task::TaskId;
use crate::time::Instant;

/// Identifies one registered timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TimerKey {
    slot: u32,
    seq: u64,
}

#[derive(Debug)]
struct Entry {
    /// `0` when the slot is free.
    seq: u64,
    deadline: Instant,
    waker: Option<Waker>,
    task: TaskId,
    site: &'static Location<'static>,
}

/// A timer that fired: whom to wake.
#[derive(Debug)]
pub(crate) struct Fired {
    pub(crate) deadline: Instant,
    pub(crate) waker: Waker,
    pub(crate) task: TaskId,
}

/// A pending timer, as reports show it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PendingTimer {
    pub(crate) deadline: Instant,
    pub(crate) task: TaskId,
    pub(crate) site: &'static Location<'static>,
}

#[derive(Debug, Default)]
pub(crate) struct Timers {
    heap: BinaryHeap<Reverse<(Instant, u64, u32)>>,
    entries: Vec<Entry>,
    free: Vec<u32>,
    next_seq: u64,
}

impl Timers {
    pub(crate) fn insert(
        &mut self,
        deadline: Instant,
        waker: Waker,
        task: TaskId,
        site: &'static Location<'static>,
    ) -> TimerKey {
        self.next_seq += 1;
        let seq = self.next_seq;
        let entry = Entry { seq, deadline, waker: Some(waker), task, site };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.entries[slot as usize] = entry;
                slot
            }
            None => {
                let slot = u32::try_from(self.entries.len()).expect("fewer than 2^32 timers");
                self.entries.push(entry);
                slot
            }
        };
        self.heap.push(Reverse((deadline, seq, slot)));
        TimerKey { slot, seq }
    }

    fn live(&mut self, key: TimerKey) -> Option<&mut Entry> {
        self.entries.get_mut(key.slot as usize).filter(|e| e.seq == key.seq)
    }

    /// Replaces the waker unless it would wake the same task; returns the old one, for the
    /// caller to drop outside the simulation borrow.
    pub(crate) fn set_waker(&mut self, key: TimerKey, waker: &Waker) -> Option<Waker> {
        let entry = self.live(key)?;
        match &entry.waker {
            Some(old) if old.will_wake(waker) => None,
            _ => entry.waker.replace(waker.clone()),
        }
    }

    /// Removes a timer that has not fired; returns its waker, to drop outside the borrow.
    pub(crate) fn cancel(&mut self, key: TimerKey) -> Option<Waker> {
        let entry = self.live(key)?;
        entry.seq = 0;
        let waker = entry.waker.take();
        self.free.push(key.slot);
        waker
    }

    /// The earliest deadline of a live timer.
    pub(crate) fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(&Reverse((deadline, seq, slot))) = self.heap.peek() {
            if self.entries[slot as usize].seq == seq {
                return Some(deadline);
            }
            self.heap.pop();
        }
        None
    }

    /// Removes every live timer due at or before `now`, in `(deadline, seq)` order.
    pub(crate) fn take_due(&mut self, now: Instant, out: &mut Vec<Fired>) {
        while let Some(&Reverse((deadline, seq, slot))) = self.heap.peek() {
            if deadline > now {
                break;
            }
            self.heap.pop();
            let entry = &mut self.entries[slot as usize];
            if entry.seq != seq {
                continue;
            }
            entry.seq = 0;
            self.free.push(slot);
            if let Some(waker) = entry.waker.take() {
                out.push(Fired { deadline, waker, task: entry.task });
            }
        }
    }

    /// The live timers, by `(deadline, seq)`.
    pub(crate) fn pending(&self) -> Vec<PendingTimer> {
        let mut live: Vec<_> = self.entries.iter().filter(|e| e.seq != 0).collect();
        live.sort_by_key(|e| (e.deadline, e.seq));
        live.iter()
            .map(|e| PendingTimer { deadline: e.deadline, task: e.task, site: e.site })
            .collect()
    }
}
