//! The wheel: levels of 64 slots, each a list of entries, and the timer operations.

use std::num::NonZeroU64;
use std::panic::Location;
use std::task::Waker;

use super::slab::{Entry, Slab};
use crate::runtime::task::prefetch_slot;
use crate::task::TaskId;
use crate::time::Instant;

/// Bits of a deadline per level.
const BITS: u32 = 6;
const SLOTS: usize = 1 << BITS;
/// Enough levels for every `u64` of nanoseconds (the last one uses 4 of its 6 bits).
const LEVELS: usize = 11;
/// How far ahead in a slot's list a walk loads the entries it will touch.
const AHEAD: usize = 8;

/// Identifies one registered timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimerKey {
    index: u32,
    /// Never zero (sequences start at 1): an `Option` of a key, or of what holds one (a
    /// `Sleep`'s registration), needs no room of its own.
    seq: NonZeroU64,
    /// The timer's deadline: a cancel that can tell from it and the wheel alone that the
    /// timer is no longer pending does not touch the entry.
    deadline: u64,
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

/// The pending timers of a simulation (see the module docs).
#[derive(Debug)]
pub(crate) struct Timers {
    entries: Slab,
    /// The wheel's time, in nanoseconds: at or before every pending deadline, and never after
    /// the clock while tasks run (so a new deadline, always after the clock, is after it too).
    elapsed: u64,
    /// The slots, `SLOTS` per level; allocated with the first timer (many runs set none).
    slots: Vec<Slot>,
    /// Which slots of each level hold entries.
    occupied: [u64; LEVELS],
    /// Which levels hold entries (bit `l` for level `l`).
    levels: u16,
    next_seq: u64,
}

impl Default for Timers {
    fn default() -> Self {
        Self {
            entries: Slab::default(),
            elapsed: 0,
            slots: Vec::new(),
            occupied: [0; LEVELS],
            levels: 0,
            next_seq: 0,
        }
    }
}

/// One slot: the indexes of its entries in creation order, and bounds of their deadlines.
///
/// A cancelled entry stays in the list (without its waker) until the slot is walked or its
/// last pending entry is cancelled: a cancel touches the entry and the slot only, and a walk
/// reads the list in order, loading entries ahead of it.
#[derive(Debug, Default)]
struct Slot {
    list: Vec<u32>,
    /// The pending (not cancelled) entries of the list; the list is empty when this is `0`.
    live: u32,
    /// At most the earliest deadline of the list, at least the latest: exact as entries are
    /// appended, looser after one is cancelled. `min == max` means one deadline for all.
    min: u64,
    max: u64,
}

impl Slot {
    fn empty() -> Self {
        Self { list: Vec::new(), live: 0, min: u64::MAX, max: 0 }
    }
}

/// The level of a deadline `d` when the wheel's time is `elapsed`: that of the highest digit
/// in which they differ (`0` when only the lowest digit does, or none).
fn level(elapsed: u64, d: u64) -> usize {
    let highest = 63 - ((elapsed ^ d) | (SLOTS as u64 - 1)).leading_zeros();
    (highest / BITS) as usize
}

/// The digit of `t` at `level`: its slot there.
fn digit(t: u64, level: usize) -> usize {
    ((t >> (BITS * level as u32)) as usize) & (SLOTS - 1)
}

impl TimerKey {
    /// The timer's creation sequence: unique among the timers of a simulation.
    pub(crate) fn seq(self) -> u64 {
        self.seq.get()
    }

    /// When the timer is due.
    pub(crate) fn deadline(self) -> Instant {
        Instant::from_nanos(self.deadline)
    }
}

impl Timers {
    /// Registers a timer of `task` that wakes `waker` at `deadline`.
    ///
    /// # Panics
    ///
    /// Panics when `deadline` is before the wheel's time, which the scheduler never lets happen
    /// (a timer is only set for a deadline after the clock).
    pub(crate) fn insert(
        &mut self,
        deadline: Instant,
        waker: Waker,
        task: TaskId,
        site: &'static Location<'static>,
    ) -> TimerKey {
        assert!(
            deadline.as_nanos() >= self.elapsed,
            "simloop internal error: a timer set before the wheel's time; please report this"
        );
        self.next_seq += 1;
        let seq = self.next_seq;
        let entry = Entry { deadline, seq, waker: Some(waker), task, site };
        let index = self.entries.insert(entry);
        self.link(index);
        let seq = NonZeroU64::new(seq).expect("timer sequences start at 1");
        TimerKey { index, seq, deadline: deadline.as_nanos() }
    }

    /// Replaces the waker unless it would wake the same task; returns the old one, for the
    /// caller to drop outside the simulation borrow.
    pub(crate) fn set_waker(&mut self, key: TimerKey, waker: &Waker) -> Option<Waker> {
        let entry = self.entries.live(key.index, key.seq())?;
        match &entry.waker {
            Some(old) if old.will_wake(waker) => None,
            _ => entry.waker.replace(waker.clone()),
        }
    }

    /// Removes a timer that has not fired; returns its waker, to drop outside the borrow.
    ///
    /// The entry stays listed in its slot, without a waker, until the slot is walked; the
    /// slot's last pending timer empties it at once (so an occupied slot always has one).
    pub(crate) fn cancel(&mut self, key: TimerKey) -> Option<Waker> {
        if self.is_past(key.deadline) {
            return None;
        }
        let entry = self.entries.live(key.index, key.seq())?;
        let waker = entry.waker.take();
        let d = entry.deadline.as_nanos();
        let level = level(self.elapsed, d);
        let slot = digit(d, level);
        let place = self.slot_mut(level, slot);
        debug_assert!(place.live > 0, "a pending timer is counted in its slot");
        place.live -= 1;
        if place.live == 0 {
            let taken = self.take_slot(level, slot);
            for &i in &taken.list {
                self.entries.remove(i);
            }
            self.give_back(level, slot, taken.list);
        }
        waker
    }

    /// The earliest deadline of a pending timer.
    ///
    /// Moves the wheel's time up to that deadline (at most): call it only to move the clock
    /// there, as the scheduler does when no task is ready.
    pub(crate) fn next_deadline(&mut self) -> Option<Instant> {
        self.earliest(u64::MAX).map(Instant::from_nanos)
    }

    /// The earliest deadline of a pending timer, when it is at or before `limit`.
    ///
    /// Moves the wheel's time up to that deadline, or to `limit`, at most: call it only to move
    /// the clock to the earlier of the two.
    pub(crate) fn deadline_by(&mut self, limit: Instant) -> Option<Instant> {
        self.earliest(limit.as_nanos()).map(Instant::from_nanos)
    }

    /// Whether no timer due at `deadline` can be pending, as the wheel alone tells: before
    /// the wheel's time, or at it with its level-0 slot empty (the slot of a deadline equal to
    /// the wheel's time holds that deadline only). A timer polled after it fired is dropped
    /// this way without a visit to its entry, which by then is most likely out of the cache.
    #[inline]
    fn is_past(&self, deadline: u64) -> bool {
        deadline < self.elapsed
            || (deadline == self.elapsed && self.occupied[0] & (1 << digit(deadline, 0)) == 0)
    }

    /// Whether a timer is due at or before `now`.
    pub(crate) fn is_due(&mut self, now: Instant) -> bool {
        self.earliest(now.as_nanos()).is_some()
    }

    /// Removes every timer due at or before `now`, in `(deadline, seq)` order, into `out`.
    pub(crate) fn take_due(&mut self, now: Instant, out: &mut Vec<Fired>) {
        while let Some(at) = self.earliest(now.as_nanos()) {
            self.elapsed = at;
            let deadline = Instant::from_nanos(at);
            let slot = digit(at, 0);
            let taken = self.take_slot(0, slot);
            out.reserve(taken.live as usize);
            for (k, &i) in taken.list.iter().enumerate() {
                self.prefetch_ahead(&taken.list, k);
                let entry = &mut self.entries[i];
                if let Some(waker) = entry.waker.take() {
                    out.push(Fired { deadline, waker, task: entry.task });
                }
                self.entries.remove(i);
            }
            self.give_back(0, slot, taken.list);
        }
    }

    /// The pending timers, by `(deadline, seq)`.
    pub(crate) fn pending(&self) -> Vec<PendingTimer> {
        let mut live: Vec<_> = self.entries.pending().collect();
        live.sort_by_key(|e| (e.deadline, e.seq));
        live.iter()
            .map(|e| PendingTimer { deadline: e.deadline, task: e.task, site: e.site })
            .collect()
    }

    /// The earliest pending deadline, when it is at or before `limit`. Cascades the slots on
    /// the way, moving the wheel's time into them, never after `limit`.
    fn earliest(&mut self, limit: u64) -> Option<u64> {
        loop {
            if self.levels == 0 {
                return None;
            }
            let level = self.levels.trailing_zeros() as usize;
            let slot = self.occupied[level].trailing_zeros() as usize;
            let shift = BITS * level as u32;
            // The slot's first instant: the wheel's digits above `level`, then `slot`, zeros.
            let above = self.elapsed.checked_shr(shift + BITS).unwrap_or(0);
            let start = above.checked_shl(shift + BITS).unwrap_or(0) | ((slot as u64) << shift);
            if start > limit {
                return None;
            }
            if level == 0 {
                return Some(start);
            }
            self.cascade(level, slot, start, limit);
        }
    }

    /// Moves the slot's timers, in order, to the lower levels (all empty: it was the earliest
    /// slot), the wheel's time first moving into the slot: to its earliest deadline, or to
    /// `limit` when that is sooner (never before `start`, the slot's first instant). Jumping
    /// to the earliest deadline rather than the slot's start sends the timers due then straight
    /// to level 0, and the others down as far as they go.
    fn cascade(&mut self, level: usize, slot: usize, start: u64, limit: u64) {
        debug_assert!(self.occupied[..level].iter().all(|&o| o == 0));
        let taken = self.take_slot(level, slot);
        self.elapsed = taken.min.min(limit).max(start);
        if taken.min == taken.max && taken.min <= limit {
            // One deadline for the whole list, and the wheel's time is now that deadline: the
            // list is level 0's slot for it (empty, as every lower level is), moved whole.
            let to = digit(taken.min, 0);
            let spare = std::mem::replace(self.slot_mut(0, to), taken).list;
            self.occupy(0, to);
            self.give_back(level, slot, spare);
            return;
        }
        for (k, &i) in taken.list.iter().enumerate() {
            self.prefetch_ahead(&taken.list, k);
            if self.entries[i].waker.is_some() {
                self.link(i);
            } else {
                self.entries.remove(i);
            }
        }
        self.give_back(level, slot, taken.list);
    }

    /// Loads the entry that a walk of `list`, now at `k`, reaches `AHEAD` entries later.
    #[inline]
    fn prefetch_ahead(&self, list: &[u32], k: usize) {
        if let Some(&ahead) = list.get(k + AHEAD) {
            let entry = &self.entries[ahead];
            prefetch_slot(entry);
            prefetch_slot(&entry.site);
        }
    }

    /// Empties a slot; returns it as it was.
    #[inline]
    fn take_slot(&mut self, level: usize, slot: usize) -> Slot {
        self.vacate(level, slot);
        std::mem::replace(self.slot_mut(level, slot), Slot::empty())
    }

    /// Hands a walked list's memory back to its slot, unless the slot has a list again.
    #[inline]
    fn give_back(&mut self, level: usize, slot: usize, mut list: Vec<u32>) {
        let place = self.slot_mut(level, slot);
        if place.list.capacity() == 0 {
            list.clear();
            place.list = list;
        }
    }

    #[inline]
    fn slot_mut(&mut self, level: usize, slot: usize) -> &mut Slot {
        if self.slots.is_empty() {
            self.allocate_slots();
        }
        &mut self.slots[level * SLOTS + slot]
    }

    #[cold]
    #[inline(never)]
    fn allocate_slots(&mut self) {
        self.slots = (0..SLOTS * LEVELS).map(|_| Slot::empty()).collect();
    }

    #[inline]
    fn occupy(&mut self, level: usize, slot: usize) {
        self.occupied[level] |= 1 << slot;
        self.levels |= 1 << level;
    }

    #[inline]
    fn vacate(&mut self, level: usize, slot: usize) {
        self.occupied[level] &= !(1 << slot);
        if self.occupied[level] == 0 {
            self.levels &= !(1 << level);
        }
    }

    /// Appends entry `i` to the list of its slot.
    #[inline]
    fn link(&mut self, i: u32) {
        let d = self.entries[i].deadline.as_nanos();
        let level = level(self.elapsed, d);
        let slot = digit(d, level);
        let place = self.slot_mut(level, slot);
        place.list.push(i);
        place.live += 1;
        place.min = place.min.min(d);
        place.max = place.max.max(d);
        if place.live == 1 {
            self.occupy(level, slot);
        }
    }
}
