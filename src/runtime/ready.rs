//! The ready set: the tasks waiting to be polled, each with the sequence number of its wake.
//!
//! The **default order** is the order of wakes: the task woken first runs first (asyncio's
//! order, `Strategy::Fifo`). A pick by index either keeps that order (`remove`) or, as
//! `Strategy::Random` and version 1 tapes do, moves the newest entry into the hole (`swap`, an
//! O(1) pick whose effect on later indexes those two depend on). Either way each entry keeps
//! its wake's sequence number, so the task the default order would run is always known.

use std::collections::VecDeque;

use crate::task::TaskId;

/// A task in the ready set and the sequence number of the wake that put it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ready {
    pub(crate) task: TaskId,
    pub(crate) seq: u64,
}

/// How a pick takes its task out of the ready set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Removal {
    /// The others keep their order.
    Keep,
    /// The last entry moves into the hole.
    Swap,
}

#[derive(Debug, Default)]
pub(crate) struct ReadySet {
    queue: VecDeque<Ready>,
    next_seq: u64,
    /// Whether the queue is in wake order (no swap has moved an entry yet).
    in_order: bool,
}

impl ReadySet {
    pub(crate) fn new() -> Self {
        Self { queue: VecDeque::new(), next_seq: 0, in_order: true }
    }

    pub(crate) fn push(&mut self, task: TaskId) {
        self.queue.push_back(Ready { task, seq: self.next_seq });
        self.next_seq += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    pub(crate) fn task(&self, index: usize) -> TaskId {
        self.queue[index].task
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = TaskId> + '_ {
        self.queue.iter().map(|r| r.task)
    }

    pub(crate) fn seq(&self, index: usize) -> u64 {
        self.queue[index].seq
    }

    pub(crate) fn seq_of(&self, task: TaskId) -> Option<u64> {
        self.queue.iter().find(|r| r.task == task).map(|r| r.seq)
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
            return (first.task, None);
        }
        match removal {
            Removal::Keep => (self.queue.remove(index).expect("a ready task").task, None),
            Removal::Swap => {
                let last = self.queue.len() - 1;
                let moved = (index < last).then(|| self.queue[last].task);
                if moved.is_some() {
                    self.in_order = false;
                }
                (self.queue.swap_remove_back(index).expect("a ready task").task, moved)
            }
        }
    }
}
